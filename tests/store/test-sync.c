/* test-sync.c: the store kept in step with the reference server over HTTP:
 * first and incremental syncs, offline actions replayed, conflicts with
 * another client, audio downloads and push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hark-sync.h"
#include "hark-test.h"
#include "um-server-demo.h"

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  UmServerMailbox *server_mailbox;
  UmClient        *client;
  UmMailbox       *mailbox;
  UmClient        *other_client;
  UmMailbox       *other;
  char            *dir;
  HarkStore       *store;
  HarkSync        *sync;
  GPtrArray       *announced;
} Fixture;

static void
announced_cb (HarkSync    *sync,
              HarkMessage *message,
              Fixture     *f)
{
  g_ptr_array_add (f->announced, g_strdup (hark_message_get_id (message)));
}

static void
open_store (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "store.db", NULL);
  g_autofree char *cache = g_build_filename (f->dir, "cache", NULL);
  g_autoptr(GError) error = NULL;

  f->store = hark_store_new (path, &error);
  g_assert_no_error (error);
  f->sync = hark_sync_new (f->store, f->mailbox);
  hark_sync_set_audio_cache (f->sync, cache, 64 * 1024 * 1024);
  g_signal_connect (f->sync, "new-voicemail", G_CALLBACK (announced_cb), f);
}

static void
setup_for (Fixture    *f,
           const char *user)
{
  f->account = um_server_get_account (f->server, user);
  f->server_mailbox = um_server_account_get_mailbox (f->account);
  f->client = hark_test_client_new (f->server, user, HARK_TEST_PASSWORD);
  f->mailbox = um_mailbox_new (f->client, um_server_account_get_email (f->account));
  f->other_client = hark_test_client_new (f->server, user, HARK_TEST_PASSWORD);
  f->other = um_mailbox_new (f->other_client, um_server_account_get_email (f->account));
  f->dir = g_dir_make_tmp (NULL, NULL);
  f->announced = g_ptr_array_new_with_free_func (g_free);
  open_store (f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = hark_test_server_new ();
  setup_for (f, HARK_TEST_USER);
}

/* A mailbox of 1,234 voice mails: three pages and a bit, asked for two at a
 * time. */
static void
fixture_setup_large (Fixture       *f,
                     gconstpointer  data)
{
  UmServerAccount *account;

  f->server = hark_test_server_new ();
  account = um_server_add_account (f->server, "large", HARK_TEST_PASSWORD);
  um_server_account_set_email (account, "large@contoso.com");
  um_server_demo_fill_synthetic (um_server_account_get_mailbox (account), 1234);
  setup_for (f, "large");
}

/* An account that never saw Hark: voice mails in the Inbox only. */
static void
fixture_setup_plain (Fixture       *f,
                     gconstpointer  data)
{
  UmServerAccount *account;

  f->server = hark_test_server_new ();
  account = um_server_add_account (f->server, "plain", HARK_TEST_PASSWORD);
  um_server_account_set_email (account, "plain@contoso.com");
  um_server_demo_fill_synthetic (um_server_account_get_mailbox (account), 12);
  setup_for (f, "plain");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  g_clear_object (&f->other);
  g_clear_object (&f->other_client);
  g_clear_object (&f->mailbox);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  remove_tree (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->announced);
}

static HarkSyncReport *
run (Fixture        *f,
     HarkSyncFlags   flags,
     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hark_sync_run_async (f->sync, flags, NULL, HARK_TEST_CB (&result));
  return hark_sync_run_finish (f->sync, hark_test_wait_result (&result), error);
}

static void
run_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkSyncReport) report = run (f, HARK_SYNC_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
}

static const UmServerMessage *
server_message (Fixture    *f,
                const char *tag)
{
  const char *folders[] = { "voicemail", "deleteditems", "drafts", NULL };

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
        f->server_mailbox, um_server_mailbox_get_folder (f->server_mailbox, folders[i], NULL));

      for (guint j = 0; j < messages->len; j++)
        {
          const UmServerMessage *message = g_ptr_array_index (messages, j);

          if (g_strcmp0 (message->tag, tag) == 0)
            return message;
        }
    }
  return NULL;
}

static HarkFolder
server_folder (Fixture               *f,
               const UmServerMessage *message)
{
  const char *name = message->folder->display_name;

  if (g_strcmp0 (message->folder->distinguished, "deleteditems") == 0)
    return HARK_FOLDER_DELETED;
  if (g_strcmp0 (name, "Work") == 0)
    return HARK_FOLDER_WORK;
  if (g_strcmp0 (name, "Family") == 0)
    return HARK_FOLDER_FAMILY;
  if (g_strcmp0 (name, "Friends") == 0)
    return HARK_FOLDER_FRIENDS;
  return message->is_read ? HARK_FOLDER_HEARD : HARK_FOLDER_NEW;
}

/* Every voice mail of the server is in the store, in the right folder,
 * with the right flags, and nothing else is. */
static void
assert_same_as_server (Fixture *f)
{
  const char *folders[] = { "voicemail", "deleteditems", NULL };
  guint total = 0;

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
        f->server_mailbox, um_server_mailbox_get_folder (f->server_mailbox, folders[i], NULL));

      for (guint j = 0; j < messages->len; j++)
        {
          const UmServerMessage *message = g_ptr_array_index (messages, j);
          g_autoptr(HarkMessage) stored = NULL;

          if (!g_str_has_prefix (message->item_class, "IPM.Note.Microsoft.Voicemail"))
            continue;
          stored = hark_store_get (f->store, message->id);
          if (stored == NULL)
            g_error ("%s (%s) is not in the store", message->tag, message->id);
          g_assert_cmpint (hark_message_get_folder (stored), ==, server_folder (f, message));
          g_assert_cmpint (hark_message_get_heard (stored), ==, message->is_read);
          g_assert_cmpint (hark_message_get_urgent (stored), ==, message->urgent);
          g_assert_cmpstr (hark_message_get_caller_name (stored), ==, message->caller_name);
          total++;
        }
    }

  {
    guint stored_total = 0;

    for (HarkFolder folder = 0; folder < HARK_N_FOLDERS; folder++)
      stored_total += hark_store_count (f->store, folder, FALSE);
    g_assert_cmpuint (stored_total, ==, total);
  }
}

static void
test_first_sync (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkSyncReport) report = NULL;
  HarkCounts counts;

  report = run (f, HARK_SYNC_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (report->first);
  g_assert_cmpuint (report->new_ids->len, ==, 0);
  g_assert_cmpuint (f->announced->len, ==, 0);

  assert_same_as_server (f);
  g_assert_cmpint (hark_store_count (f->store, HARK_FOLDER_WORK, FALSE), ==, 3);
  g_assert_cmpint (hark_store_count (f->store, HARK_FOLDER_DELETED, FALSE), ==, 2);
  counts = hark_store_get_counts (f->store);
  g_assert_cmpint (counts.new_count, ==, 10);
  g_assert_cmpint (counts.new_count + counts.old_count, ==, 23);

  /* Every folder has a sync state now. */
  {
    const char *roles[] = { "inbox", "work", "family", "friends", "deleted" };

    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      {
        g_autofree char *state = hark_store_dup_sync_state (f->store, roles[i]);

        g_assert_nonnull (state);
      }
  }

  /* The store's copy of one message. */
  {
    g_autoptr(HarkMessage) first = hark_store_get (f->store,
                                                   server_message (f, "voicemail-01")->id);

    g_assert_cmpstr (hark_message_get_caller_name (first), ==, "Priya Natarajan");
    g_assert_cmpstr (hark_message_get_caller_number (first), ==, "+14255550142");
    g_assert_true (g_str_has_prefix (hark_message_get_transcription (first), "Hi Mara"));
    g_assert_cmpint (hark_message_get_received (first), ==, 1795279320);
    g_assert_cmpstr (hark_message_get_attachments (first)[0], ==, "voicemail-01.wav");
  }

  /* Nothing changed: the next run asks and finds nothing. */
  {
    guint requests = um_server_get_request_count (f->server);
    g_autoptr(HarkSyncReport) again = run (f, HARK_SYNC_NONE, &error);

    g_assert_no_error (error);
    g_assert_false (again->first);
    g_assert_cmpuint (again->new_ids->len, ==, 0);
    /* One SyncFolderItems for each of the five folders. */
    g_assert_cmpuint (um_server_get_request_count (f->server) - requests, ==, 5);
  }
}

static void
test_incremental_sync (Fixture       *f,
                       gconstpointer  data)
{
  const UmServerMessage *read = server_message (f, "voicemail-02");
  const UmServerMessage *moved = server_message (f, "voicemail-03");
  const UmServerMessage *deleted = server_message (f, "voicemail-06");
  const UmServerMessage *friend = server_message (f, "voicemail-09");
  g_autofree char *family = NULL;
  g_autofree char *moved_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkSyncReport) report = NULL;
  UmServerMessage *deposited;

  run_ok (f);
  family = hark_store_dup_folder_id (f->store, "family");

  /* Another client reads, moves, deletes; a caller leaves a message;
   * someone reads one in Friends. */
  {
    g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;

    um_mailbox_set_read_async (f->other, read->id, TRUE, NULL, HARK_TEST_CB (&r1));
    um_mailbox_move_async (f->other, moved->id, family, NULL, HARK_TEST_CB (&r2));
    um_mailbox_delete_async (f->other, deleted->id, NULL, HARK_TEST_CB (&r3));
    um_mailbox_set_read_async (f->other, friend->id, !friend->is_read, NULL,
                               HARK_TEST_CB (&r4));
    g_assert_true (um_mailbox_set_read_finish (f->other, hark_test_wait_result (&r1), &error));
    moved_id = um_mailbox_move_finish (f->other, hark_test_wait_result (&r2), &error);
    g_assert_true (um_mailbox_delete_finish (f->other, hark_test_wait_result (&r3), &error));
    g_assert_true (um_mailbox_set_read_finish (f->other, hark_test_wait_result (&r4), &error));
    g_assert_no_error (error);
  }
  deposited = um_server_deposit_voicemail (f->server, HARK_TEST_USER);

  report = run (f, HARK_SYNC_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (report->first);
  assert_same_as_server (f);

  /* Only the deposited one is new; the moved one moved. */
  g_assert_cmpuint (report->new_ids->len, ==, 1);
  g_assert_cmpstr (report->new_ids->pdata[0], ==, deposited->id);
  g_assert_cmpuint (f->announced->len, ==, 1);
  g_assert_cmpstr (f->announced->pdata[0], ==, deposited->id);
  {
    g_autoptr(HarkMessage) in_family = hark_store_get (f->store, moved_id);

    g_assert_cmpint (hark_message_get_folder (in_family), ==, HARK_FOLDER_FAMILY);
  }
}

static void
point_at_nothing (Fixture *f)
{
  /* A port nobody listens on: as offline as it gets on loopback. */
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/EWS/Exchange.asmx", port);
  um_client_set_ews_url (f->client, url);
}

static void
point_at_server (Fixture *f)
{
  g_autofree char *url = g_strconcat (um_server_get_url (f->server), "/EWS/Exchange.asmx", NULL);

  um_client_set_ews_url (f->client, url);
}

static void
test_offline_actions (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *marked = g_strdup (server_message (f, "voicemail-01")->id);
  g_autofree char *filed = g_strdup (server_message (f, "voicemail-02")->id);
  g_autofree char *trashed = g_strdup (server_message (f, "voicemail-10")->id);
  g_autofree char *rescued = g_strdup (server_message (f, "voicemail-07")->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkSyncReport) report = NULL;

  run_ok (f);

  point_at_nothing (f);
  g_assert_true (hark_store_mark (f->store, marked, TRUE, &error));
  g_assert_true (hark_store_move (f->store, filed, HARK_FOLDER_WORK, &error));
  g_assert_true (hark_store_mark (f->store, filed, TRUE, &error));
  g_assert_true (hark_store_delete (f->store, trashed, &error));
  g_assert_true (hark_store_undelete (f->store, rescued, &error));
  g_assert_no_error (error);

  /* Offline: the run fails and loses nothing. */
  report = run (f, HARK_SYNC_NONE, &error);
  g_assert_null (report);
  g_assert_true (hark_sync_error_is_offline (error));
  g_clear_error (&error);
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 5);

  /* Hark restarts. */
  g_clear_object (&f->sync);
  g_clear_object (&f->store);
  open_store (f);
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 5);

  /* Back online: replayed in order, the server does what the user did. */
  point_at_server (f);
  report = run (f, HARK_SYNC_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->replayed, ==, 5);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 0);

  g_assert_true (server_message (f, "voicemail-01")->is_read);
  g_assert_cmpstr (server_message (f, "voicemail-02")->folder->display_name, ==, "Work");
  g_assert_true (server_message (f, "voicemail-02")->is_read);
  g_assert_cmpstr (server_message (f, "voicemail-10")->folder->distinguished, ==,
                   "deleteditems");
  g_assert_cmpstr (server_message (f, "voicemail-07")->folder->distinguished, ==, "inbox");
  assert_same_as_server (f);
  g_assert_cmpuint (f->announced->len, ==, 0);
}

static void
test_folders_created_on_first_use (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) inbox = NULL;
  g_autoptr(GError) error = NULL;
  const UmServerFolder *root = um_server_mailbox_get_folder (f->server_mailbox, "msgfolderroot",
                                                            NULL);
  g_autoptr(GPtrArray) top = NULL;
  const UmServerFolder *parent = NULL;

  hark_sync_set_folder_names (f->sync, "Sprachnachrichten", "Arbeit", "Familie", "Freunde");
  run_ok (f);
  g_assert_null (hark_store_dup_folder_id (f->store, "friends"));

  inbox = hark_store_list (f->store, HARK_FOLDER_NEW, FALSE, -1);
  g_assert_cmpuint (inbox->len, >, 0);
  g_assert_true (hark_store_move (f->store, hark_message_get_id (inbox->pdata[0]),
                                  HARK_FOLDER_FRIENDS, &error));
  g_assert_no_error (error);
  run_ok (f);

  /* "Voice Mail" and its Friends, in the user's language. */
  top = um_server_mailbox_list_folders (f->server_mailbox, root);
  for (guint i = 0; i < top->len; i++)
    {
      const UmServerFolder *folder = g_ptr_array_index (top, i);

      if (g_strcmp0 (folder->display_name, "Sprachnachrichten") == 0)
        parent = folder;
    }
  g_assert_nonnull (parent);
  {
    g_autoptr(GPtrArray) children = um_server_mailbox_list_folders (f->server_mailbox, parent);
    int total;
    int unread;

    g_assert_cmpuint (children->len, ==, 1);
    g_assert_cmpstr (((UmServerFolder *)children->pdata[0])->display_name, ==, "Freunde");
    um_server_mailbox_count (f->server_mailbox, children->pdata[0], &total, &unread);
    g_assert_cmpint (total, ==, 1);
  }
  g_assert_cmpint (hark_store_count (f->store, HARK_FOLDER_FRIENDS, FALSE), ==, 1);

  /* A second store finds the folders rather than making them again. */
  {
    g_autofree char *path = g_build_filename (f->dir, "second.db", NULL);
    g_autoptr(HarkStore) second = hark_store_new (path, &error);
    g_autoptr(HarkSync) sync = hark_sync_new (second, f->mailbox);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HarkSyncReport) report = NULL;

    hark_sync_set_folder_names (sync, "Sprachnachrichten", "Arbeit", "Familie", "Freunde");
    hark_sync_run_async (sync, HARK_SYNC_NONE, NULL, HARK_TEST_CB (&result));
    report = hark_sync_run_finish (sync, hark_test_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (hark_store_count (second, HARK_FOLDER_FRIENDS, FALSE), ==, 1);
    g_assert_cmpuint (um_server_mailbox_count_children (f->server_mailbox, parent), ==, 1);
  }

  /* So does one in French that knows the German names (as the app knows
   * those of every language it has); without them it would make
   * "Messagerie vocale" and "Amis" beside the German ones. */
  {
    g_autofree char *path = g_build_filename (f->dir, "third.db", NULL);
    g_autoptr(HarkStore) third = hark_store_new (path, &error);
    g_autoptr(HarkSync) sync = hark_sync_new (third, f->mailbox);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HarkSyncReport) report = NULL;
    g_autoptr(GPtrArray) now = NULL;
    guint n_top = top->len;

    hark_sync_set_folder_names (sync, "Messagerie vocale", "Travail", "Famille", "Amis");
    hark_sync_add_folder_names (sync, "Sprachnachrichten", "Arbeit", "Familie", "Freunde");
    hark_sync_run_async (sync, HARK_SYNC_NONE, NULL, HARK_TEST_CB (&result));
    report = hark_sync_run_finish (sync, hark_test_wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (hark_store_count (third, HARK_FOLDER_FRIENDS, FALSE), ==, 1);
    g_assert_cmpuint (um_server_mailbox_count_children (f->server_mailbox, parent), ==, 1);
    now = um_server_mailbox_list_folders (f->server_mailbox, root);
    g_assert_cmpuint (now->len, ==, n_top);
  }
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  const UmServerMessage *elsewhere = server_message (f, "voicemail-01");
  const UmServerMessage *purged = server_message (f, "voicemail-02");
  const UmServerMessage *trashed = server_message (f, "voicemail-03");
  g_autofree char *elsewhere_id = g_strdup (elsewhere->id);
  g_autofree char *purged_id = g_strdup (purged->id);
  g_autofree char *purged_caller = g_strdup (purged->caller_name);
  g_autofree char *trashed_id = g_strdup (trashed->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;

  run_ok (f);

  /* Offline, the user acts; meanwhile another client moves one away,
   * deletes one for good and deletes another. */
  point_at_nothing (f);
  g_assert_true (hark_store_mark (f->store, elsewhere_id, TRUE, &error));
  g_assert_true (hark_store_move (f->store, purged_id, HARK_FOLDER_WORK, &error));
  g_assert_true (hark_store_delete (f->store, trashed_id, &error));
  g_assert_no_error (error);

  um_server_mailbox_move (f->server_mailbox, (UmServerMessage *)elsewhere,
                          um_server_mailbox_get_folder (f->server_mailbox, "drafts", NULL));
  um_server_mailbox_remove (f->server_mailbox, (UmServerMessage *)purged);
  um_server_mailbox_move (f->server_mailbox, (UmServerMessage *)trashed,
                          um_server_mailbox_get_folder (f->server_mailbox, "deleteditems", NULL));

  point_at_server (f);
  report = run (f, HARK_SYNC_NONE, &error);
  g_assert_no_error (error);

  /* Found where it went and marked there; already deleted; one gone. */
  g_assert_true (server_message (f, "voicemail-01")->is_read);
  g_assert_cmpstr (server_message (f, "voicemail-01")->folder->distinguished, ==, "drafts");
  g_assert_cmpstr (server_message (f, "voicemail-03")->folder->distinguished, ==,
                   "deleteditems");
  g_assert_cmpuint (report->replayed, ==, 2);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 0);

  conflicts = hark_store_take_conflicts (f->store);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (((HarkConflict *)conflicts->pdata[0])->kind, ==, HARK_ACTION_MOVE);
  g_assert_cmpstr (((HarkConflict *)conflicts->pdata[0])->caller, ==, purged_caller);
  g_assert_nonnull (strstr (((HarkConflict *)conflicts->pdata[0])->description, "deleted"));
  g_assert_null (hark_store_get (f->store, purged_id));
}

static void
test_delete_undelete_keeps_properties (Fixture       *f,
                                       gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-12");
  g_autofree char *message_id = g_strdup (message->internet_message_id);
  g_autoptr(HarkMessage) before = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  HarkMessage *after = NULL;

  run_ok (f);
  before = hark_store_get (f->store, message->id);

  g_assert_true (hark_store_delete (f->store, hark_message_get_id (before), &error));
  run_ok (f);
  g_assert_cmpstr (message->folder->distinguished, ==, "deleteditems");
  {
    g_autoptr(GPtrArray) deleted = hark_store_list (f->store, HARK_FOLDER_DELETED, FALSE, -1);
    HarkMessage *found = NULL;

    for (guint i = 0; i < deleted->len; i++)
      {
        if (g_strcmp0 (hark_message_get_message_id (deleted->pdata[i]), message_id) == 0)
          found = deleted->pdata[i];
      }
    g_assert_nonnull (found);
    g_assert_cmpstr (hark_message_get_id (found), ==, message->id);
    g_assert_true (hark_store_undelete (f->store, hark_message_get_id (found), &error));
    g_assert_no_error (error);
  }
  run_ok (f);
  g_assert_cmpstr (message->folder->distinguished, ==, "inbox");

  back = hark_store_list (f->store, hark_message_get_folder (before), FALSE, -1);
  for (guint i = 0; i < back->len; i++)
    {
      if (g_strcmp0 (hark_message_get_message_id (back->pdata[i]), message_id) == 0)
        after = back->pdata[i];
    }
  g_assert_nonnull (after);
  g_assert_cmpstr (hark_message_get_id (after), ==, message->id);
  g_assert_cmpstr (hark_message_get_caller_name (after), ==, hark_message_get_caller_name (before));
  g_assert_cmpstr (hark_message_get_caller_number (after), ==,
                   hark_message_get_caller_number (before));
  g_assert_cmpstr (hark_message_get_transcription (after), ==,
                   hark_message_get_transcription (before));
  g_assert_cmpstr (hark_message_get_audio_notes (after), ==,
                   hark_message_get_audio_notes (before));
  g_assert_cmpint (hark_message_get_duration (after), ==, hark_message_get_duration (before));
  g_assert_cmpint (hark_message_get_received (after), ==, hark_message_get_received (before));
  g_assert_cmpint (hark_message_get_heard (after), ==, hark_message_get_heard (before));
  g_assert_cmpint (hark_message_get_urgent (after), ==, hark_message_get_urgent (before));
  g_assert_cmpstr (hark_message_get_subject (after), ==, hark_message_get_subject (before));
  assert_same_as_server (f);
}

static char **
fetch_audio (Fixture     *f,
             const char  *id,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hark_sync_fetch_audio_async (f->sync, id, NULL, HARK_TEST_CB (&result));
  return hark_sync_fetch_audio_finish (f->sync, hark_test_wait_result (&result), error);
}

static void
test_fetch_audio (Fixture       *f,
                  gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-08");
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) again = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  run_ok (f);
  paths = fetch_audio (f, message->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const UmServerAttachment *attachment = g_ptr_array_index (message->attachments, i);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (paths[i], &contents, &length, &error));
      g_assert_cmpuint (length, ==, g_bytes_get_size (attachment->data));
      g_assert_true (memcmp (contents, g_bytes_get_data (attachment->data, NULL), length) == 0);
      g_assert_true (g_str_has_suffix (paths[i], ".wav"));
    }

  /* The second time from the cache, without asking the server. */
  requests = um_server_get_request_count (f->server);
  again = fetch_audio (f, message->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (again, paths);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
}

static void
sync_on_change_cb (UmWatcher      *watcher,
                   UmNotification *notification,
                   Fixture        *f)
{
  hark_sync_run_async (f->sync, HARK_SYNC_NONE, NULL, NULL, NULL);
}

static void
test_push (Fixture       *f,
           gconstpointer  data)
{
  g_auto(GStrv) folders = NULL;
  g_autoptr(UmWatcher) watcher = NULL;
  UmServerMessage *deposited;

  run_ok (f);
  folders = hark_sync_dup_folder_ids (f->sync);
  watcher = um_watcher_new (f->mailbox, (const char * const *)folders);
  g_signal_connect (watcher, "changed", G_CALLBACK (sync_on_change_cb), f);
  um_watcher_start (watcher);
  while (um_server_get_n_streams (f->server) == 0)
    g_main_context_iteration (NULL, TRUE);

  deposited = um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  while (f->announced->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (f->announced->pdata[0], ==, deposited->id);
  {
    g_autoptr(HarkMessage) stored = hark_store_get (f->store, deposited->id);

    g_assert_cmpstr (hark_message_get_caller_name (stored), ==, deposited->caller_name);
    g_assert_false (hark_message_get_heard (stored));
  }
  um_watcher_stop (watcher);
}

static void
progress_cb (HarkSync *sync,
             guint     done,
             guint     total,
             GArray   *seen)
{
  g_array_append_val (seen, done);
  g_assert_cmpuint (total, ==, 1234);
}

static void
test_first_sync_pages (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) heard = NULL;

  g_signal_connect (f->sync, "progress", G_CALLBACK (progress_cb), seen);
  run_ok (f);

  /* Every page stored once: no message missing, none twice. */
  all = hark_store_list (f->store, HARK_FOLDER_NEW, FALSE, -1);
  heard = hark_store_list (f->store, HARK_FOLDER_HEARD, FALSE, -1);
  g_ptr_array_extend (all, heard, (GCopyFunc)(void (*) (void))g_object_ref, NULL);
  g_assert_cmpuint (all->len, ==, 1234);
  for (guint i = 0; i < all->len; i++)
    g_assert_true (g_hash_table_add (ids, (gpointer)hark_message_get_id (all->pdata[i])));
  assert_same_as_server (f);

  /* Progress went up to all of them. */
  g_assert_cmpuint (seen->len, >=, 3);
  g_assert_cmpuint (g_array_index (seen, guint, seen->len - 1), ==, 1234);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("first", test_first_sync);
  ADD ("incremental", test_incremental_sync);
  ADD ("offline-actions", test_offline_actions);
  ADD ("conflicts", test_conflicts);
  ADD ("delete-undelete-keeps-properties", test_delete_undelete_keeps_properties);
  ADD ("fetch-audio", test_fetch_audio);
  ADD ("push", test_push);
#undef ADD
  g_test_add ("/sync/first-pages", Fixture, NULL, fixture_setup_large, test_first_sync_pages,
              fixture_teardown);
  g_test_add ("/sync/folders-created-on-first-use", Fixture, NULL, fixture_setup_plain,
              test_folders_created_on_first_use, fixture_teardown);

  return g_test_run ();
}
