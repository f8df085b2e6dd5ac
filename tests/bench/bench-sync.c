/* bench-sync.c: the first sync of 10,000 voice mails into the store, an
 * incremental sync with one new message, and reading a 10,000-message
 * folder into a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Baselines measured in the same run:
 *   - the first sync's listing (FindItem pages, stored) against one curl
 *     process posting the same FindItem requests to the same server over
 *     one keep-alive connection (curl's start-up taken out);
 *   - the store read against stepping the same SELECT with SQLite alone.
 * The server is hark-server --mailbox N, in a process of its own.
 */

#include "config.h"

#include "hark-test-files.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "hark-sync.h"
#include "um.h"
#include "bench-util.h"

#define USER BENCH_USER
#define PASSWORD BENCH_PASSWORD
#define ROUNDS 5





static void
count_request_cb (SoupSession *session,
                  SoupMessage *message,
                  guint       *count)
{
  (*count)++;
}

typedef struct {
  UmClient  *client;
  UmMailbox *mailbox;
  HarkStore *store;
  HarkSync  *sync;
  char      *dir;
  guint      requests;
  double     listed_at;
} Hark;

static void
listed_cb (HarkSync *sync,
           Hark     *hark)
{
  hark->listed_at = bench_now ();
}

static void
hark_open (Hark       *hark,
           const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  hark->dir = g_dir_make_tmp ("hark-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (hark->dir, "store.db", NULL);
  hark->client = um_client_new_for_server (url);
  g_signal_connect (hark->client, "authenticate", G_CALLBACK (bench_authenticate_cb), NULL);
  g_signal_connect (um_client_get_session (hark->client), "request-queued",
                    G_CALLBACK (count_request_cb), &hark->requests);
  hark->mailbox = um_mailbox_new (hark->client, NULL);
  hark->store = hark_store_new (path, &error);
  g_assert_no_error (error);
  hark->sync = hark_sync_new (hark->store, hark->mailbox);
  g_signal_connect (hark->sync, "listed", G_CALLBACK (listed_cb), hark);
}

static void
hark_close (Hark *hark)
{
  g_clear_object (&hark->sync);
  g_clear_object (&hark->store);
  g_clear_object (&hark->mailbox);
  g_clear_object (&hark->client);
  hark_test_remove_tree (hark->dir);
  g_clear_pointer (&hark->dir, g_free);
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static HarkSyncReport *
hark_run (Hark *hark)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  HarkSyncReport *report;

  hark_sync_run_async (hark->sync, HARK_SYNC_NONE, NULL, ran_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = hark_sync_run_finish (hark->sync, result, &error);
  g_object_unref (result);
  if (report == NULL)
    g_error ("sync failed: %s", error->message);
  return report;
}

/* curl: one process, the FindItem requests of a first sync in turn. */
static double
run_curl (const char *dir,
          const char *url,
          GPtrArray  *bodies,
          guint       times)
{
  g_autofree char *config = g_build_filename (dir, "curl.conf", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "curl", "--config", config, NULL };
  guint expected = 0;
  guint ok = 0;
  int status;
  double start;

  for (guint t = 0; t < times; t++)
    {
      for (guint i = 0; i < bodies->len; i++)
        {
          /* The log's names say the operation: NNNN-FindItem.request.xml */
          g_autofree char *base = g_path_get_basename (bodies->pdata[i]);
          g_autofree char *operation = g_strndup (strchr (base, '-') + 1,
                                                  strstr (base, ".request") -
                                                  strchr (base, '-') - 1);

          if (expected > 0)
            g_string_append (text, "next\n");
          g_string_append_printf (text, "silent\nwrite-out = \"%%{http_code}\\n\"\n"
                                        "user = \"%s:%s\"\n"
                                        "header = \"Content-Type: text/xml; charset=utf-8\"\n"
                                        "header = \"SOAPAction: \\\"" UM_SOAP_ACTION_PREFIX
                                        "%s\\\"\"\n"
                                        "data-binary = \"@%s\"\n"
                                        "url = \"%s\"\noutput = \"/dev/null\"\n",
                                  USER, PASSWORD, operation, (const char *)bodies->pdata[i],
                                  url);
          expected++;
        }
    }
  g_file_set_contents (config, text->str, text->len, &error);
  g_assert_no_error (error);

  start = bench_now ();
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("curl failed: %s", error->message);
  for (const char *p = out; (p = strstr (p, "200")) != NULL; p += 3)
    ok++;
  if (ok != expected)
    g_error ("curl got %u answers of 200 out of %u", ok, expected);
  return bench_now () - start;
}

/* The FindItem requests Hark sends for a first sync, as files for curl. */
static GPtrArray *
capture_find_items (guint        size,
                    const char  *dir,
                    char       **tiny)
{
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(HarkSyncReport) report = NULL;
  BenchServer server = { NULL, NULL };
  Hark hark = { NULL };
  const char *name;

  g_mkdir_with_parents (log_dir, 0700);
  bench_server_start (&server, size, log_dir);
  hark_open (&hark, server.url);
  report = hark_run (&hark);
  hark_close (&hark);
  bench_server_stop (&server);

  listing = g_dir_open (log_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (strstr (name, "-FindItem.request.xml") != NULL)
        g_ptr_array_add (names, g_strdup (name));
      else if (strstr (name, "-GetFolder.request.xml") != NULL && *tiny == NULL)
        *tiny = g_build_filename (log_dir, name, NULL);
    }
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (bodies, g_build_filename (log_dir, names->pdata[i], NULL));
  return bodies;
}

static void
bench_first_sync (guint size)
{
  g_autofree char *dir = g_dir_make_tmp ("hark-bench-curl-XXXXXX", NULL);
  g_autofree char *tiny = NULL;
  g_autoptr(GPtrArray) bodies = capture_find_items (size, dir, &tiny);
  g_autoptr(GPtrArray) tiny_only = g_ptr_array_new ();
  g_autofree char *ews_url = NULL;
  BenchServer server = { NULL, NULL };
  double listed[ROUNDS];
  double total[ROUNDS];
  double curl[ROUNDS];
  double ratios[ROUNDS];
  guint requests = 0;
  guint listed_count = 0;

  g_assert_nonnull (tiny);
  g_ptr_array_add (tiny_only, tiny);
  bench_server_start (&server, size, NULL);
  ews_url = g_strconcat (server.url, UM_EWS_PATH, NULL);

  /* Warm-up: the server's pages, curl's libraries. */
  run_curl (dir, ews_url, bodies, 1);

  for (guint round = 0; round < ROUNDS; round++)
    {
      Hark hark = { NULL };
      g_autoptr(HarkSyncReport) report = NULL;
      double start;
      double curl_startup;

      hark_open (&hark, server.url);
      start = bench_now ();
      report = hark_run (&hark);
      total[round] = bench_now () - start;
      listed[round] = hark.listed_at - start;
      requests = hark.requests;
      listed_count = hark_store_count (hark.store, HARK_FOLDER_NEW, FALSE) +
                     hark_store_count (hark.store, HARK_FOLDER_HEARD, FALSE);
      hark_close (&hark);

      /* curl's start-up: one process posting one small request (GetFolder),
       * taken out of one posting every page. */
      curl_startup = run_curl (dir, ews_url, tiny_only, 1);
      curl[round] = run_curl (dir, ews_url, bodies, 1) - curl_startup;
      ratios[round] = listed[round] / curl[round];
    }

  g_assert_cmpuint (listed_count, ==, size);
  printf ("First sync of %u voice mails into the store, median of %u rounds\n", size, ROUNDS);
  printf ("  Hark, listed and stored (%u FindItem pages):  %7.1f ms\n", bodies->len,
          bench_median (listed, ROUNDS) * 1e3);
  printf ("  curl posting the same pages (start-up out):   %7.1f ms\n",
          bench_median (curl, ROUNDS) * 1e3);
  printf ("  ratio: %.2f× (goal ≤ 1.50×); per round ",
          bench_median (listed, ROUNDS) / bench_median (curl, ROUNDS));
  qsort (ratios, ROUNDS, sizeof (double), bench_compare_doubles);
  printf ("from %.2f× to %.2f×\n", ratios[0], ratios[ROUNDS - 1]);
  printf ("  then the folders' sync states (SyncFolderItems, ids only): whole first sync "
          "%.1f ms, %u requests\n", bench_median (total, ROUNDS) * 1e3, requests);

  bench_server_stop (&server);
  hark_test_remove_tree (dir);
}

static void
bench_incremental (guint size)
{
  BenchServer server = { NULL, NULL };
  Hark hark = { NULL };
  double times[ROUNDS];
  guint requests[ROUNDS];
  guint found = 0;

  bench_server_start (&server, size, NULL);
  hark_open (&hark, server.url);
  hark_sync_report_free (hark_run (&hark));

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(HarkSyncReport) report = NULL;
      double start;

      /* A caller leaves a message. */
      g_subprocess_send_signal (server.process, SIGUSR1);
      g_usleep (200000);

      hark.requests = 0;
      start = bench_now ();
      report = hark_run (&hark);
      times[round] = bench_now () - start;
      requests[round] = hark.requests;
      found += report->new_ids->len;
    }

  g_assert_cmpuint (found, ==, ROUNDS);
  printf ("Incremental sync with one new voice mail (%u in the mailbox), median of %u rounds\n",
          size, ROUNDS);
  printf ("  %7.1f ms, %u requests (a SyncFolderItems per folder)\n",
          bench_median (times, ROUNDS) * 1e3, requests[0]);

  hark_close (&hark);
  bench_server_stop (&server);
}

static void
bench_store_read (guint size)
{
  g_autofree char *dir = g_dir_make_tmp ("hark-bench-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkStore) store = hark_store_new (path, &error);
  sqlite3 *db = NULL;
  double model_times[ROUNDS];
  double sqlite_times[ROUNDS];

  g_assert_no_error (error);

  /* A folder of @size unheard voice mails. */
  g_assert_true (hark_store_begin (store, &error));
  for (guint i = 0; i < size; i++)
    {
      g_autoptr(UmVoiceMail) item = um_voice_mail_new ();

      item->id = g_strdup_printf ("item-%05u", i);
      item->internet_message_id = g_strdup_printf ("<%u@bench>", i);
      item->item_class = g_strdup ("IPM.Note.Microsoft.Voicemail.UM.CA");
      item->caller_name = g_strdup_printf ("Caller %u", i);
      item->caller_number = g_strdup_printf ("+1425555%04u", i % 10000);
      item->received = 1795279320 - i * 60;
      item->duration = 5 + i % 80;
      item->transcription = g_strdup ("Hi, this is a caller with a message of a few words, "
                                      "please call me back when you can. Thanks, bye.");
      item->attachment_order = g_strsplit ("message.wav", ";", -1);
      g_assert_true (hark_store_put (store, "inbox", item, NULL, &error));
    }
  g_assert_true (hark_store_commit (store, &error));

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GListModel) model = NULL;
      sqlite3_stmt *statement = NULL;
      guint rows = 0;
      double start;

      start = bench_now ();
      model = hark_store_list_model (store, HARK_FOLDER_NEW);
      model_times[round] = bench_now () - start;
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, size);

      /* SQLite alone: the same rows, stepped, nothing kept. */
      start = bench_now ();
      sqlite3_prepare_v2 (db, "SELECT id, message_id, role, caller_name, caller_number, "
                              "received, duration, heard, urgent, subject, transcription, "
                              "audio_notes, attachments, call_id FROM messages WHERE role IN "
                              "('inbox', 'other') AND heard = 0 ORDER BY received DESC, id",
                          -1, &statement, NULL);
      while (sqlite3_step (statement) == SQLITE_ROW)
        {
          for (int c = 0; c < 14; c++)
            (void)sqlite3_column_text (statement, c);
          rows++;
        }
      sqlite3_finalize (statement);
      sqlite_times[round] = bench_now () - start;
      g_assert_cmpuint (rows, ==, size);
    }
  sqlite3_close (db);

  printf ("Reading a folder of %u voice mails from the store into a list model, median of %u "
          "rounds\n", size, ROUNDS);
  printf ("  hark_store_list_model: %6.1f ms\n", bench_median (model_times, ROUNDS) * 1e3);
  printf ("  SQLite alone, same rows: %6.1f ms\n", bench_median (sqlite_times, ROUNDS) * 1e3);
  printf ("  ratio: %.2f×\n",
          bench_median (model_times, ROUNDS) / bench_median (sqlite_times, ROUNDS));

  g_clear_object (&store);
  hark_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint size = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 10000;

  g_assert_nonnull (g_getenv ("HARK_SERVER_BIN"));

  bench_first_sync (size);
  bench_incremental (size);
  bench_store_read (size);
  return 0;
}
