/* hark-cli-mailbox.c: the voice mails from a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command reads the account's local store, after bringing it up to
 * date (--offline skips that). Actions change the store at once and go to
 * the server with the same run; without a server they wait in the outbox,
 * and the command says so and succeeds.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "hark-cli-private.h"
#include "hark-folder-names.h"

typedef void (*ReadyFunc) (HarkCli *cli);

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
hark_cli_mailbox_free (HarkCli *cli)
{
  if (cli->watcher != NULL)
    um_watcher_stop (cli->watcher);
  g_clear_object (&cli->watcher);
  g_clear_object (&cli->sync);
  g_clear_object (&cli->mailbox);
  g_clear_object (&cli->store);
  /* The demo's store lives as long as its server: this run. */
  if (cli->demo && cli->store_dir != NULL)
    remove_tree (cli->store_dir);
  g_free (cli->store_dir);
  g_free (cli->email);
  g_free (cli->folder);
  g_free (cli->output);
}

static char *
account_name (HarkCli *cli)
{
  g_autoptr(GUri) uri = NULL;

  if (cli->email != NULL)
    return g_strdup (cli->email);
  if (cli->secret_key == NULL)
    return g_strdup (cli->user);

  uri = g_uri_parse (cli->secret_key, G_URI_FLAGS_NONE, NULL);
  return g_strdup_printf ("%s@%s", cli->user,
                          uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                      : "server");
}

static gboolean
open_store (HarkCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = account_name (cli);
  g_autofree char *path = NULL;
  g_autofree char *cache = NULL;
  const char *dir = g_getenv ("HARK_STORE_DIR");

  if (cli->demo)
    {
      cli->store_dir = g_dir_make_tmp ("hark-demo-XXXXXX", &error);
      if (cli->store_dir == NULL)
        {
          hark_cli_fail (cli, error);
          return FALSE;
        }
      path = g_build_filename (cli->store_dir, "store.db", NULL);
      cache = g_build_filename (cli->store_dir, "cache", NULL);
    }
  else if (dir != NULL)
    {
      /* For scripts and tests that keep a store of their own. */
      path = g_build_filename (dir, "store.db", NULL);
      cache = g_build_filename (dir, "cache", NULL);
    }
  else
    {
      path = hark_store_default_path (account);
      cache = hark_store_default_cache_dir (account);
    }

  cli->store = hark_store_new (path, &error);
  if (cli->store == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The local store cannot be opened: %s"),
                                                  error->message);

      hark_cli_fail_with_code (cli, "store", NULL, message,
                               _("Check that the disk has room and the folder is writable."),
                               HARK_CLI_EXIT_REFUSED);
      return FALSE;
    }

  cli->mailbox = um_mailbox_new (cli->client, cli->email);
  cli->sync = hark_sync_new (cli->store, cli->mailbox);
  hark_sync_set_folder_names (cli->sync, _("Voice Mail"), _("Work"), _("Family"), _("Friends"));
  for (guint i = 0; hark_folder_names[i].language != NULL; i++)
    {
      const char * const *names = hark_folder_names[i].names;

      hark_sync_add_folder_names (cli->sync, names[0], names[1], names[2], names[3]);
    }
  hark_sync_set_audio_cache (cli->sync, cache, 256 * 1024 * 1024);
  return TRUE;
}

/* Output */

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
format_local_time (gint64 seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
add_message (JsonBuilder *builder,
             HarkMessage *message)
{
  const char * const *attachments = hark_message_get_attachments (message);
  g_autofree char *received = format_time (hark_message_get_received (message));

  json_builder_begin_object (builder);
  hark_cli_add_string_or_null (builder, "id", hark_message_get_id (message));
  hark_cli_add_string_or_null (builder, "folder",
                               hark_folder_to_nick (hark_message_get_folder (message)));
  hark_cli_add_string_or_null (builder, "caller_name", hark_message_get_caller_name (message));
  hark_cli_add_string_or_null (builder, "caller_number",
                               hark_message_get_caller_number (message));
  hark_cli_add_string_or_null (builder, "received", received);
  json_builder_set_member_name (builder, "duration");
  if (hark_message_get_duration (message) >= 0)
    json_builder_add_int_value (builder, hark_message_get_duration (message));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "heard");
  json_builder_add_boolean_value (builder, hark_message_get_heard (message));
  json_builder_set_member_name (builder, "urgent");
  json_builder_add_boolean_value (builder, hark_message_get_urgent (message));
  hark_cli_add_string_or_null (builder, "transcription",
                               hark_message_get_transcription (message));
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; attachments != NULL && attachments[i] != NULL; i++)
    json_builder_add_string_value (builder, attachments[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_message_json (HarkMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add_message (builder, message);
  hark_cli_print_json (builder);
}

static const char *
caller_of (HarkMessage *message)
{
  const char *caller = hark_message_get_caller (message);

  return caller[0] != '\0' ? caller : _("Unknown caller");
}

static void
print_message_line (HarkMessage *message)
{
  g_autofree char *when = format_local_time (hark_message_get_received (message));
  const char *text = hark_message_get_transcription (message);
  const char *caller = caller_of (message);
  int duration = hark_message_get_duration (message);
  /* Padded by characters, not bytes: names are not all ASCII. */
  int padding = MAX (0, 28 - (int)g_utf8_strlen (caller, -1));

  printf ("%s %s%s  %s%*s %3d:%02d  %s\n", when,
          hark_message_get_heard (message) ? " " : "●",
          hark_message_get_urgent (message) ? "!" : " ",
          caller, padding, "", MAX (duration, 0) / 60, MAX (duration, 0) % 60,
          hark_message_get_id (message));
  if (text != NULL)
    {
      g_autofree char *line = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 72));

      printf ("      %s%s\n", line, g_utf8_strlen (text, -1) > 72 ? "…" : "");
    }
}

static void
print_conflicts (HarkCli *cli)
{
  g_autoptr(GPtrArray) conflicts = hark_store_take_conflicts (cli->store);

  /* Actions that could not be done are said, never silently dropped. */
  for (guint i = 0; i < conflicts->len; i++)
    {
      HarkConflict *conflict = g_ptr_array_index (conflicts, i);

      g_printerr ("hark-cli: %s (%s)\n", conflict->description,
                  conflict->caller != NULL && conflict->caller[0] != '\0'
                    ? conflict->caller : _("Unknown caller"));
    }
}

/* Bringing the store up to date */

typedef struct {
  HarkCli   *cli;
  ReadyFunc  ready;
  gboolean   must_reach;
} Update;

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Update *update = user_data;
  HarkCli *cli = update->cli;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = hark_sync_run_finish (HARK_SYNC (object), result, &error);
  if (report == NULL)
    {
      if (update->must_reach || !hark_sync_error_is_offline (error) ||
          g_error_matches (error, UM_ERROR, UM_ERROR_AUTH_FAILED))
        {
          hark_cli_fail (cli, error);
          return;
        }
      /* Offline: what the store has, said to be so. */
      g_printerr ("hark-cli: %s %s\n", _("The server cannot be reached; this is what was "
                                         "synchronized before."), error->message);
    }

  print_conflicts (cli);
  g_object_set_data_full (G_OBJECT (cli->store), "report", g_steal_pointer (&report),
                          (GDestroyNotify)hark_sync_report_free);
  update->ready (cli);
}

static void
update (HarkCli   *cli,
        ReadyFunc  ready,
        gboolean   must_reach)
{
  Update *data;

  if (cli->store == NULL && !open_store (cli))
    return;

  if (cli->offline)
    {
      ready (cli);
      return;
    }

  data = g_new0 (Update, 1);
  data->cli = cli;
  data->ready = ready;
  data->must_reach = must_reach;
  hark_sync_run_async (cli->sync, cli->full ? HARK_SYNC_FULL : HARK_SYNC_NONE, cli->cancellable,
                       updated_cb, data);
}

/* list */

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 ta = hark_message_get_received (*(HarkMessage **)a);
  gint64 tb = hark_message_get_received (*(HarkMessage **)b);

  return ta < tb ? 1 : (ta > tb ? -1 : 0);
}

static void
list_ready (HarkCli *cli)
{
  HarkFolder folders[HARK_N_FOLDERS];
  guint n_folders = 0;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  if (cli->folder != NULL)
    {
      hark_folder_from_nick (cli->folder, &folders[n_folders++]);
    }
  else
    {
      /* Everything but Deleted Items. */
      for (HarkFolder folder = HARK_FOLDER_NEW; folder < HARK_FOLDER_DELETED; folder++)
        folders[n_folders++] = folder;
    }

  for (guint i = 0; i < n_folders; i++)
    {
      g_autoptr(GPtrArray) messages = hark_store_list (cli->store, folders[i], cli->unread,
                                                       cli->limit);

      g_ptr_array_extend_and_steal (all, g_steal_pointer (&messages));
    }

  /* Newest first across the folders. */
  g_ptr_array_sort (all, newest_first);
  if (cli->limit >= 0 && all->len > (guint)cli->limit)
    g_ptr_array_set_size (all, cli->limit);

  for (guint i = 0; i < all->len; i++)
    {
      if (cli->json)
        print_message_json (all->pdata[i]);
      else
        print_message_line (all->pdata[i]);
    }
  if (!cli->json && all->len == 0)
    printf ("%s\n", _("No voice mail."));
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

void
hark_cli_run_list (HarkCli *cli)
{
  HarkFolder folder;

  if (cli->folder != NULL && !hark_folder_from_nick (cli->folder, &folder))
    {
      hark_cli_fail_usage (cli, _("--folder is new, heard, work, family, friends or deleted"));
      return;
    }
  update (cli, list_ready, FALSE);
}

/* show */

static HarkMessage *
find_message (HarkCli *cli)
{
  /* By its id, or one it had before it moved. */
  HarkMessage *message = hark_store_find (cli->store, cli->args[1]);

  if (message == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No voice mail with the id %s"), cli->args[1]);

      hark_cli_fail_with_code (cli, "not-found", NULL, text,
                               _("“hark-cli list” shows the ids."), HARK_CLI_EXIT_REFUSED);
    }
  return message;
}

static void
show_ready (HarkCli *cli)
{
  g_autoptr(HarkMessage) message = find_message (cli);

  if (message == NULL)
    return;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_message (builder, message);
      hark_cli_print_json (builder);
    }
  else
    {
      g_autofree char *when = format_local_time (hark_message_get_received (message));
      const char *notes = hark_message_get_audio_notes (message);
      const char *text = hark_message_get_transcription (message);

      printf ("%s: %s\n", _("From"), caller_of (message));
      if (hark_message_get_caller_name (message) != NULL &&
          hark_message_get_caller_number (message) != NULL)
        printf ("%s: %s\n", _("Number"), hark_message_get_caller_number (message));
      printf ("%s: %s\n", _("Received"), when);
      printf ("%s: %d s\n", _("Length"), MAX (hark_message_get_duration (message), 0));
      printf ("%s: %s%s%s\n", _("Folder"),
              hark_folder_to_nick (hark_message_get_folder (message)),
              hark_message_get_urgent (message) ? ", " : "",
              hark_message_get_urgent (message) ? _("urgent") : "");
      printf ("%s: %s\n", _("Transcription"), text != NULL ? text : _("(none)"));
      if (notes != NULL)
        printf ("%s: %s\n", _("Notes"), notes);
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

void
hark_cli_run_show (HarkCli *cli)
{
  update (cli, show_ready, FALSE);
}

/* fetch */

static char *
part_name (const char *output,
           guint       index)
{
  const char *dot = strrchr (output, '.');
  const char *slash = strrchr (output, '/');

  if (index == 0)
    return g_strdup (output);
  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strdup_printf ("%s-%u", output, index + 1);
  return g_strdup_printf ("%.*s-%u%s", (int)(dot - output), output, index + 1, dot);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  paths = hark_sync_fetch_audio_finish (HARK_SYNC (object), result, &error);
  if (paths == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) source = g_file_new_for_path (paths[i]);
      g_autoptr(GFile) target = NULL;
      char *name;

      if (cli->output == NULL)
        {
          g_ptr_array_add (written, g_strdup (paths[i]));
          continue;
        }
      name = part_name (cli->output, i);
      target = g_file_new_for_path (name);
      g_ptr_array_add (written, name);
      if (!g_file_copy (source, target,
                        G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                        cli->cancellable, NULL, NULL, &error))
        {
          hark_cli_fail (cli, error);
          return;
        }
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "files");
      json_builder_begin_array (builder);
      for (guint i = 0; i < written->len; i++)
        json_builder_add_string_value (builder, written->pdata[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < written->len; i++)
        printf ("%s\n", (const char *)written->pdata[i]);
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
fetch_ready (HarkCli *cli)
{
  g_autoptr(HarkMessage) message = find_message (cli);

  if (message == NULL)
    return;
  hark_sync_fetch_audio_async (cli->sync, hark_message_get_id (message), cli->cancellable,
                               fetched_cb, cli);
}

void
hark_cli_run_fetch (HarkCli *cli)
{
  update (cli, fetch_ready, FALSE);
}

/* mark, move, delete, undelete */

static void
acted_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean queued;

  report = hark_sync_run_finish (HARK_SYNC (object), result, &error);
  if (report == NULL && !hark_sync_error_is_offline (error))
    {
      hark_cli_fail (cli, error);
      return;
    }
  print_conflicts (cli);

  queued = hark_store_get_outbox_length (cli->store) > 0;
  if (queued)
    g_printerr ("hark-cli: %s%s%s\n",
                _("Done here; it waits to be done on the server, which cannot be reached "
                  "now. The next command that reaches it does it."),
                error != NULL ? " " : "", error != NULL ? error->message : "");

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "queued");
      json_builder_add_int_value (builder, hark_store_get_outbox_length (cli->store));
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else if (!queued)
    {
      printf ("%s\n", _("Done."));
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

typedef gboolean (*ActFunc) (HarkCli      *cli,
                             HarkMessage  *message,
                             GError      **error);

static void
act (HarkCli *cli,
     ActFunc  func)
{
  g_autoptr(HarkMessage) message = find_message (cli);
  g_autoptr(GError) error = NULL;

  if (message == NULL)
    return;

  if (!func (cli, message, &error))
    {
      hark_cli_fail_with_code (cli, error->domain == HARK_STORE_ERROR &&
                                      error->code == HARK_STORE_ERROR_INVALID ? "invalid" : "store",
                               NULL, error->message, NULL,
                               error->code == HARK_STORE_ERROR_INVALID ? HARK_CLI_EXIT_USAGE
                                                                       : HARK_CLI_EXIT_REFUSED);
      return;
    }

  if (cli->offline)
    {
      g_printerr ("hark-cli: %s\n", _("Done here; it waits in the outbox for the next command "
                                      "that reaches the server."));
      hark_cli_print_ok (cli, _("Queued."));
      hark_cli_finish (cli, HARK_CLI_EXIT_OK);
      return;
    }
  hark_sync_run_async (cli->sync, HARK_SYNC_NONE, cli->cancellable, acted_cb, cli);
}

static gboolean
do_mark (HarkCli      *cli,
         HarkMessage  *message,
         GError      **error)
{
  return hark_store_mark (cli->store, hark_message_get_id (message),
                          g_str_equal (cli->args[2], "heard"), error);
}

static gboolean
do_move (HarkCli      *cli,
         HarkMessage  *message,
         GError      **error)
{
  HarkFolder folder = HARK_FOLDER_NEW;

  hark_folder_from_nick (cli->args[2], &folder);
  return hark_store_move (cli->store, hark_message_get_id (message), folder, error);
}

static gboolean
do_delete (HarkCli      *cli,
           HarkMessage  *message,
           GError      **error)
{
  return hark_store_delete (cli->store, hark_message_get_id (message), error);
}

static gboolean
do_undelete (HarkCli      *cli,
             HarkMessage  *message,
             GError      **error)
{
  return hark_store_undelete (cli->store, hark_message_get_id (message), error);
}

static void mark_ready (HarkCli *cli) { act (cli, do_mark); }
static void move_ready (HarkCli *cli) { act (cli, do_move); }
static void delete_ready (HarkCli *cli) { act (cli, do_delete); }
static void undelete_ready (HarkCli *cli) { act (cli, do_undelete); }

void
hark_cli_run_mark (HarkCli *cli)
{
  if (!g_str_equal (cli->args[2], "heard") && !g_str_equal (cli->args[2], "unheard"))
    {
      hark_cli_fail_usage (cli, _("Usage: hark-cli mark ID heard|unheard"));
      return;
    }
  update (cli, mark_ready, FALSE);
}

void
hark_cli_run_move (HarkCli *cli)
{
  static const char *const folders[] = { "new", "work", "family", "friends", NULL };

  if (!g_strv_contains (folders, cli->args[2]))
    {
      hark_cli_fail_usage (cli, _("Usage: hark-cli move ID new|work|family|friends"));
      return;
    }
  update (cli, move_ready, FALSE);
}

void
hark_cli_run_delete (HarkCli *cli)
{
  update (cli, delete_ready, FALSE);
}

void
hark_cli_run_undelete (HarkCli *cli)
{
  update (cli, undelete_ready, FALSE);
}

/* counts */

static void
counts_ready (HarkCli *cli)
{
  HarkCounts counts = hark_store_get_counts (cli->store);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "new");
      json_builder_add_int_value (builder, counts.new_count);
      json_builder_set_member_name (builder, "old");
      json_builder_add_int_value (builder, counts.old_count);
      json_builder_set_member_name (builder, "urgent_new");
      json_builder_add_int_value (builder, counts.urgent_new);
      json_builder_set_member_name (builder, "urgent_old");
      json_builder_add_int_value (builder, counts.urgent_old);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      /* As RFC 3842 writes it. */
      printf ("Voice-Message: %d/%d (%d/%d)\n", counts.new_count, counts.old_count,
              counts.urgent_new, counts.urgent_old);
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

void
hark_cli_run_counts (HarkCli *cli)
{
  update (cli, counts_ready, FALSE);
}

/* sync */

static void
sync_ready (HarkCli *cli)
{
  HarkSyncReport *report = g_object_get_data (G_OBJECT (cli->store), "report");
  HarkCounts counts = hark_store_get_counts (cli->store);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "first");
      json_builder_add_boolean_value (builder, report->first);
      json_builder_set_member_name (builder, "new");
      json_builder_add_int_value (builder, report->new_ids->len);
      json_builder_set_member_name (builder, "replayed");
      json_builder_add_int_value (builder, report->replayed);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, report->conflicts);
      json_builder_set_member_name (builder, "messages");
      json_builder_add_int_value (builder, counts.new_count + counts.old_count);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u new voice mail", "%u new voice mails",
                           report->new_ids->len), report->new_ids->len);
      printf (", %s %d/%d\n", _("new/heard"), counts.new_count, counts.old_count);
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

void
hark_cli_run_sync (HarkCli *cli)
{
  update (cli, sync_ready, TRUE);
}

/* watch */

static void
new_voicemail_cb (HarkSync    *sync,
                  HarkMessage *message,
                  HarkCli     *cli)
{
  if (cli->json)
    print_message_json (message);
  else
    {
      print_message_line (message);
      fflush (stdout);
    }
}

static void
watch_synced_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = hark_sync_run_finish (HARK_SYNC (object), result, &error);
  if (report == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("hark-cli: %s\n", error->message);
  print_conflicts (cli);
}

static void
watch_changed_cb (UmWatcher      *watcher,
                  UmNotification *notification,
                  HarkCli        *cli)
{
  hark_sync_run_async (cli->sync, HARK_SYNC_NONE, cli->cancellable, watch_synced_cb, cli);
}

static void
watch_mode_cb (UmWatcher  *watcher,
               GParamSpec *pspec,
               HarkCli    *cli)
{
  static const char *const modes[] = {
    /* Translators: how hark-cli watch hears of new voice mail: streaming
     * (the server tells at once), pull (asks for news every 30 s),
     * polling (synchronizes every 2 minutes) */
    [UM_WATCH_MODE_STOPPED] = N_("watching: stopped"),
    [UM_WATCH_MODE_CONNECTING] = N_("watching: connecting"),
    [UM_WATCH_MODE_STREAMING] = N_("watching: streaming"),
    [UM_WATCH_MODE_PULL] = N_("watching: pull, every 30 s"),
    [UM_WATCH_MODE_POLLING] = N_("watching: polling, every 2 minutes"),
  };

  /* On stderr: stdout has only the voice mails. */
  g_printerr ("hark-cli: %s\n", _(modes[um_watcher_get_mode (watcher)]));
}

static void
watch_ready (HarkCli *cli)
{
  g_auto(GStrv) folders = hark_sync_dup_folder_ids (cli->sync);

  if (folders == NULL || folders[0] == NULL)
    {
      hark_cli_fail_with_code (cli, "connection", NULL,
                               _("The server’s folders are not known yet"),
                               _("Run “hark-cli sync” when the server can be reached."),
                               HARK_CLI_EXIT_TRANSPORT);
      return;
    }

  g_signal_connect (cli->sync, "new-voicemail", G_CALLBACK (new_voicemail_cb), cli);
  cli->watcher = um_watcher_new (cli->mailbox, (const char * const *)folders);
  g_signal_connect (cli->watcher, "changed", G_CALLBACK (watch_changed_cb), cli);
  g_signal_connect (cli->watcher, "notify::mode", G_CALLBACK (watch_mode_cb), cli);
  um_watcher_start (cli->watcher);
  /* Until Ctrl+C. */
}

void
hark_cli_run_watch (HarkCli *cli)
{
  update (cli, watch_ready, FALSE);
}
