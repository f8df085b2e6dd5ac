/* test-cli-mailbox.c: hark-cli's voice-mail commands, run as a program
 * against the reference server, with a store in the test's own data folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli-test.h"

static const char *const message_members[] = {
  "id", "folder", "caller_name", "caller_number", "received", "duration", "heard", "urgent",
  "transcription", "attachments", NULL
};

static const UmServerMessage *
server_message (Fixture    *f,
                const char *tag)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (f->account);
  const char *folders[] = { "voicemail", "deleteditems", NULL };

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
        mailbox, um_server_mailbox_get_folder (mailbox, folders[i], NULL));

      for (guint j = 0; j < messages->len; j++)
        {
          const UmServerMessage *message = g_ptr_array_index (messages, j);

          if (g_strcmp0 (message->tag, tag) == 0)
            return message;
        }
    }
  g_assert_not_reached ();
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Run) all = RUN (f, PASSWORD, "--password-stdin", "--json", "list");
  g_autoptr(Run) deleted = NULL;
  g_autoptr(Run) unread = NULL;
  g_autoptr(Run) limited = NULL;
  g_autoptr(Run) human = NULL;
  g_autofree char *previous = g_strdup ("9999");

  g_assert_cmpint (all->status, ==, 0);
  g_assert_cmpuint (all->lines->len, ==, 23);
  for (guint i = 0; i < all->lines->len; i++)
    {
      g_autoptr(JsonObject) object = parse_line (all, i);
      const char *received = json_object_get_string_member (object, "received");

      assert_members (object, message_members);
      g_assert_cmpstr (json_object_get_string_member (object, "folder"), !=, "deleted");
      /* ISO 8601 UTC, newest first. */
      g_assert_true (g_str_has_suffix (received, "Z"));
      g_assert_cmpint (strlen (received), ==, 20);
      g_assert_cmpstr (received, <=, previous);
      g_free (previous);
      previous = g_strdup (received);
    }

  /* The first is voice mail 01, as voicemails.ini says. */
  {
    g_autoptr(JsonObject) first = parse_line (all, 0);
    JsonArray *attachments = json_object_get_array_member (first, "attachments");

    g_assert_cmpstr (json_object_get_string_member (first, "id"), ==,
                     server_message (f, "voicemail-01")->id);
    g_assert_cmpstr (json_object_get_string_member (first, "caller_name"), ==,
                     "Priya Natarajan");
    g_assert_cmpstr (json_object_get_string_member (first, "received"), ==,
                     "2026-11-21T16:42:00Z");
    g_assert_cmpstr (json_object_get_string_member (first, "folder"), ==, "new");
    g_assert_true (json_object_get_boolean_member (first, "urgent"));
    g_assert_false (json_object_get_boolean_member (first, "heard"));
    g_assert_cmpint (json_object_get_int_member (first, "duration"), ==,
                     server_message (f, "voicemail-01")->duration);
    g_assert_cmpuint (json_array_get_length (attachments), ==, 1);
  }

  deleted = RUN (f, PASSWORD, "--password-stdin", "--json", "list", "--folder", "deleted");
  g_assert_cmpuint (deleted->lines->len, ==, 2);
  unread = RUN (f, PASSWORD, "--password-stdin", "--json", "list", "--unread");
  g_assert_cmpuint (unread->lines->len, ==, 10);
  limited = RUN (f, PASSWORD, "--password-stdin", "--json", "list", "--folder", "work",
                 "--limit", "2");
  g_assert_cmpuint (limited->lines->len, ==, 2);

  /* For people: a line and the transcript's start. */
  human = RUN (f, PASSWORD, "--password-stdin", "list", "--folder", "friends");
  g_assert_cmpint (human->status, ==, 0);
  g_assert_cmpuint (human->lines->len, ==, 4);
}

static void
test_counts_and_show (Fixture       *f,
                      gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-12");
  g_autoptr(Run) counts = RUN (f, PASSWORD, "--password-stdin", "--json", "counts");
  g_autoptr(Run) rfc = RUN (f, PASSWORD, "--password-stdin", "counts");
  g_autoptr(Run) show = RUN (f, PASSWORD, "--password-stdin", "--json", "show", message->id);
  g_autoptr(Run) show_human = RUN (f, PASSWORD, "--password-stdin", "show", message->id);
  g_autoptr(Run) missing = RUN (f, PASSWORD, "--password-stdin", "--json", "show", "bm9uZQ==");
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpstr (g_ptr_array_index (counts->lines, 0), ==,
                   "{\"new\":10,\"old\":13,\"urgent_new\":2,\"urgent_old\":2}");
  g_assert_cmpstr (g_ptr_array_index (rfc->lines, 0), ==, "Voice-Message: 10/13 (2/2)");

  object = parse_line (show, 0);
  assert_members (object, message_members);
  g_assert_cmpstr (json_object_get_string_member (object, "caller_name"), ==, "Woodgrove Bank");
  g_assert_nonnull (strstr (show_human->out, "Notes: "));
  g_assert_nonnull (strstr (show_human->out, message->audio_notes));

  assert_error (missing, 1, "not-found", NULL);
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  const UmServerMessage *one = server_message (f, "voicemail-01");
  const UmServerMessage *two = server_message (f, "voicemail-02");
  g_autofree char *one_id = g_strdup (one->id);
  g_autofree char *two_id = g_strdup (two->id);
  g_autofree char *two_new_id = NULL;
  g_autoptr(Run) mark = NULL;
  g_autoptr(Run) move = NULL;
  g_autoptr(Run) work = NULL;
  g_autoptr(Run) delete = NULL;
  g_autoptr(Run) undelete = NULL;
  g_autoptr(Run) wrong = NULL;
  g_autoptr(Run) wrong_folder = NULL;

  mark = RUN (f, PASSWORD, "--password-stdin", "--json", "mark", one_id, "heard");
  g_assert_cmpint (mark->status, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (mark->lines, 0), ==, "{\"ok\":true,\"queued\":0}");
  g_assert_true (one->is_read);

  move = RUN (f, PASSWORD, "--password-stdin", "move", two_id, "work");
  g_assert_cmpint (move->status, ==, 0);
  g_assert_cmpstr (two->folder->display_name, ==, "Work");

  /* The list knows it by its new id. */
  work = RUN (f, PASSWORD, "--password-stdin", "--json", "list", "--folder", "work");
  g_assert_cmpuint (work->lines->len, ==, 4);
  for (guint i = 0; i < work->lines->len; i++)
    {
      g_autoptr(JsonObject) object = parse_line (work, i);

      if (g_strcmp0 (json_object_get_string_member (object, "caller_name"),
                     "Lakeside Dental Care") == 0)
        two_new_id = g_strdup (json_object_get_string_member (object, "id"));
    }
  g_assert_cmpstr (two_new_id, ==, two->id);

  delete = RUN (f, PASSWORD, "--password-stdin", "delete", two_new_id);
  g_assert_cmpint (delete->status, ==, 0);
  g_assert_cmpstr (two->folder->distinguished, ==, "deleteditems");
  /* By the id it had before it was deleted: the store still knows it. */
  g_assert_cmpstr (two->id, !=, two_new_id);
  undelete = RUN (f, PASSWORD, "--password-stdin", "undelete", two_new_id);
  g_assert_cmpint (undelete->status, ==, 0);
  g_assert_cmpstr (two->folder->display_name, ==, "Work");

  wrong = RUN (f, PASSWORD, "--password-stdin", "--json", "mark", one->id, "loud");
  assert_error (wrong, 2, "usage", NULL);
  wrong_folder = RUN (f, PASSWORD, "--password-stdin", "--json", "move", one->id, "deleted");
  assert_error (wrong_folder, 2, "usage", NULL);
}

static void
test_offline_then_online (Fixture       *f,
                          gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-03");
  g_autofree char *id = g_strdup (message->id);
  g_autofree char *online = g_strdup (f->server_env);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) queued = NULL;
  g_autoptr(Run) cached = NULL;
  g_autoptr(Run) synced = NULL;
  g_autoptr(JsonObject) report = NULL;
  guint16 port;

  first = RUN (f, PASSWORD, "--password-stdin", "--json", "sync");
  g_assert_cmpint (first->status, ==, 0);

  /* The server is out of reach. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  g_free (f->server_env);
  f->server_env = g_strdup_printf ("http://127.0.0.1:%u", port);

  queued = RUN (f, PASSWORD, "--password-stdin", "--json", "mark", id, "heard");
  g_assert_cmpint (queued->status, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (queued->lines, 0), ==, "{\"ok\":true,\"queued\":1}");
  g_assert_nonnull (strstr (queued->err, "waits"));
  g_assert_false (message->is_read);

  /* The list comes from the store, with the action already in it. */
  cached = RUN (f, PASSWORD, "--password-stdin", "--json", "list", "--unread");
  g_assert_cmpint (cached->status, ==, 0);
  g_assert_cmpuint (cached->lines->len, ==, 9);
  g_assert_nonnull (strstr (cached->err, "cannot be reached"));

  /* Back: the next command does it. */
  g_free (f->server_env);
  f->server_env = g_steal_pointer (&online);
  synced = RUN (f, PASSWORD, "--password-stdin", "--json", "sync");
  g_assert_cmpint (synced->status, ==, 0);
  report = parse_line (synced, 0);
  g_assert_cmpint (json_object_get_int_member (report, "replayed"), ==, 1);
  g_assert_false (json_object_get_boolean_member (report, "first"));
  g_assert_true (message->is_read);
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-06");
  const UmServerAttachment *attachment = g_ptr_array_index (message->attachments, 0);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autofree char *path = g_build_filename (dir, "message.wma", NULL);
  g_autoptr(Run) run = RUN (f, PASSWORD, "--password-stdin", "--json", "fetch", message->id,
                            "-o", path);
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_cmpint (run->status, ==, 0);
  object = parse_line (run, 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "files"),
                                                  0), ==, path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, g_bytes_get_size (attachment->data));
  g_assert_true (memcmp (contents, g_bytes_get_data (attachment->data, NULL), length) == 0);
  g_remove (path);
  g_rmdir (dir);
}

typedef struct {
  GPtrArray *lines;
  gboolean   streaming;
  gboolean   done;
} WatchOutput;

static void read_line (GDataInputStream *stream,
                       WatchOutput      *output,
                       gboolean          is_stdout);

static void
stdout_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WatchOutput *output = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, NULL);

  if (line == NULL)
    {
      output->done = TRUE;
      return;
    }
  g_ptr_array_add (output->lines, line);
  read_line (G_DATA_INPUT_STREAM (object), output, TRUE);
}

static void
stderr_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WatchOutput *output = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line == NULL)
    return;
  g_test_message ("watch: %s", line);
  if (strstr (line, "watching: streaming") != NULL)
    output->streaming = TRUE;
  read_line (G_DATA_INPUT_STREAM (object), output, FALSE);
}

static void
read_line (GDataInputStream *stream,
           WatchOutput      *output,
           gboolean          is_stdout)
{
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL,
                                       is_stdout ? stdout_line_cb : stderr_line_cb, output);
}

static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) waited = NULL;
  WatchOutput output = { g_ptr_array_new_with_free_func (g_free), FALSE, FALSE };
  UmServerMessage *deposited;
  JsonObject *object;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HARK_SERVER", f->server_env, TRUE);
  g_subprocess_launcher_setenv (launcher, "HARK_USER", f->user_env, TRUE);
  g_subprocess_launcher_setenv (launcher, "HARK_STORE_DIR", f->store_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HARK_CLI"),
                                         "--password-stdin", "--json", "watch", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), PASSWORD, strlen (PASSWORD),
                             NULL, NULL, &error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  read_line (out, &output, TRUE);
  read_line (err, &output, FALSE);

  while (!output.streaming || um_server_get_n_streams (f->server) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* A caller leaves a message: one line, that message. */
  deposited = um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  while (output.lines->len == 0)
    g_main_context_iteration (NULL, TRUE);

  json_parser_load_from_data (parser, output.lines->pdata[0], -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  assert_members (object, message_members);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, deposited->id);
  g_assert_cmpstr (json_object_get_string_member (object, "caller_name"), ==,
                   deposited->caller_name);
  g_assert_false (json_object_get_boolean_member (object, "heard"));

  /* Ctrl+C ends it. */
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait_async (process, NULL, HARK_TEST_CB (&waited));
  g_subprocess_wait_finish (process, hark_test_wait_result (&waited), &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_cmpuint (output.lines->len, ==, 1);
  g_ptr_array_unref (output.lines);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/mailbox/" path, Fixture, NULL, cli_fixture_setup, func, \
              cli_fixture_teardown)
  ADD ("list", test_list);
  ADD ("counts-and-show", test_counts_and_show);
  ADD ("actions", test_actions);
  ADD ("offline-then-online", test_offline_then_online);
  ADD ("fetch", test_fetch);
  ADD ("watch", test_watch);
#undef ADD

  return g_test_run ();
}
