/* test-kill.c: the store and its outbox survive kill -9 at any moment, of
 * the user acting offline and of the outbox being replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * store-worker acts on a real store file in a process of its own, which is
 * killed (SIGKILL) at a random moment; the store must then hold exactly the
 * first P or P+1 of its actions (P: those it reported done). Then the
 * outbox is replayed by workers killed in mid-replay, and finally to the
 * end: the server must hold what the user did, each action once.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "hark-sync.h"
#include "hark-test.h"
#include "store-rule.h"

#define ROUNDS 8
#define REPLAY_KILLS 6

typedef struct {
  UmServer  *server;
  char      *dir;
  char      *path;
  GRand     *rand;
} Fixture;

static const char *
worker_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "store-worker", NULL);
  return path;
}

static GPtrArray *
copy_states (GPtrArray *states)
{
  GPtrArray *copy = g_ptr_array_new ();

  for (guint i = 0; i < states->len; i++)
    {
      RuleState *state = g_ptr_array_index (states, i);
      RuleState *dup = g_new0 (RuleState, 1);

      dup->message_id = g_strdup (state->message_id);
      dup->role = g_strdup (state->role);
      dup->previous = g_strdup (state->previous);
      dup->heard = state->heard;
      g_ptr_array_add (copy, dup);
    }
  return copy;
}

static void
free_states (GPtrArray *states)
{
  for (guint i = 0; i < states->len; i++)
    {
      RuleState *state = g_ptr_array_index (states, i);

      g_free (state->message_id);
      g_free (state->role);
      g_free (state->previous);
      g_free (state);
    }
  g_ptr_array_set_size (states, 0);
  g_ptr_array_unref (states);
}

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 gpointer  user_data)
{
  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, HARK_TEST_USER, HARK_TEST_PASSWORD);
  return TRUE;
}

static void
sync_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkStore) store = hark_store_new (f->path, &error);
  g_autoptr(UmClient) client = um_client_new_for_server (um_server_get_url (f->server));
  g_autoptr(UmMailbox) mailbox = um_mailbox_new (client, NULL);
  g_autoptr(HarkSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HarkSyncReport) report = NULL;

  g_assert_no_error (error);
  g_signal_connect (client, "authenticate", G_CALLBACK (authenticate_cb), NULL);
  sync = hark_sync_new (store, mailbox);
  hark_sync_run_async (sync, HARK_SYNC_NONE, NULL, HARK_TEST_CB (&result));
  report = hark_sync_run_finish (sync, hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hark_store_get_outbox_length (store), ==, 0);
}

/* One worker acting, killed after some of its actions. Returns how many
 * it reported done. */
static guint
act_and_kill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) worker = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  guint stop_after = g_rand_int_range (f->rand, 0, 40);
  guint reported = 0;

  worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, worker_path (), "act",
                             f->path, "100000", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));

  while (reported < stop_after)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      reported = (guint)g_ascii_strtoull (line, NULL, 10);
    }

  /* Somewhere in the middle of the next action, or the one after. */
  g_usleep (g_rand_int_range (f->rand, 0, 3000));
  g_subprocess_send_signal (worker, SIGKILL);
  g_subprocess_wait (worker, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (worker));
  g_assert_cmpint (g_subprocess_get_term_sig (worker), ==, SIGKILL);

  /* What it wrote before dying. */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

      if (line == NULL)
        break;
      reported = (guint)g_ascii_strtoull (line, NULL, 10);
    }
  return reported;
}

static gboolean
kill_cb (gpointer user_data)
{
  g_subprocess_send_signal (user_data, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
replay_and_kill (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) worker = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *input = g_strconcat (HARK_TEST_PASSWORD, "\n", NULL);
  GOutputStream *stdin_pipe;

  worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                             G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, worker_path (), "replay",
                             f->path, um_server_get_url (f->server), HARK_TEST_USER, NULL);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (worker);
  g_output_stream_write_all (stdin_pipe, input, strlen (input), NULL, NULL, &error);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  g_assert_no_error (error);

  /* The in-process server answers while the worker replays. */
  g_timeout_add (g_rand_int_range (f->rand, 2, 60), kill_cb, worker);
  g_subprocess_wait_async (worker, NULL, HARK_TEST_CB (&result));
  g_subprocess_wait_finish (worker, hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static GPtrArray *
server_states (Fixture *f)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (um_server_get_account (f->server,
                                                                                   HARK_TEST_USER));
  GPtrArray *states = g_ptr_array_new ();
  const char *folders[] = { "voicemail", "deleteditems", NULL };

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
        mailbox, um_server_mailbox_get_folder (mailbox, folders[i], NULL));

      for (guint j = 0; j < messages->len; j++)
        {
          UmServerMessage *message = g_ptr_array_index (messages, j);
          RuleState *state = g_new0 (RuleState, 1);
          const char *name = message->folder->display_name;

          state->message_id = g_strdup (message->internet_message_id);
          state->heard = message->is_read;
          if (g_strcmp0 (message->folder->distinguished, "deleteditems") == 0)
            state->role = g_strdup ("deleted");
          else if (g_strcmp0 (name, "Work") == 0 || g_strcmp0 (name, "Family") == 0 ||
                   g_strcmp0 (name, "Friends") == 0)
            state->role = g_ascii_strdown (name, -1);
          else
            state->role = g_strdup ("inbox");
          g_ptr_array_add (states, state);
        }
    }
  return states;
}

static int
by_message_id (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 ((*(RuleState **)a)->message_id, (*(RuleState **)b)->message_id);
}

static void
test_kill (void)
{
  Fixture fixture = { 0 };
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  GPtrArray *model;
  guint total_actions = 0;

  f->server = hark_test_server_new ();
  f->dir = g_dir_make_tmp (NULL, &error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->rand = g_rand_new_with_seed (g_test_rand_int ());

  /* A store of the demo mailbox. */
  sync_store (f);
  {
    g_autoptr(HarkStore) store = hark_store_new (f->path, &error);

    g_assert_no_error (error);
    model = store_rule_snapshot (store);
    g_ptr_array_set_free_func (model, NULL);
  }

  /* Offline: act, killed; again and again. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      guint reported = act_and_kill (f);
      g_autoptr(HarkStore) store = hark_store_new (f->path, &error);
      GPtrArray *after_reported;
      GPtrArray *after_next;
      g_autofree char *difference = NULL;
      g_autofree char *difference_next = NULL;
      GPtrArray *actual;

      g_assert_no_error (error);
      actual = store_rule_snapshot (store);
      g_ptr_array_set_free_func (actual, NULL);

      after_reported = copy_states (model);
      for (guint i = 0; i < reported; i++)
        store_rule_simulate (after_reported, i);
      after_next = copy_states (after_reported);
      store_rule_simulate (after_next, reported);

      /* The actions it reported, and maybe the one it was doing. */
      if (store_rule_equal (actual, after_reported, &difference))
        {
          free_states (after_next);
          free_states (model);
          model = after_reported;
          total_actions += reported;
        }
      else if (store_rule_equal (actual, after_next, &difference_next))
        {
          free_states (after_reported);
          free_states (model);
          model = after_next;
          total_actions += reported + 1;
        }
      else
        {
          g_error ("round %u, %u actions reported: the store has neither %u (%s) nor %u (%s)",
                   round, reported, reported, difference, reported + 1, difference_next);
        }
      free_states (actual);
      g_test_message ("round %u: %u actions reported, store consistent", round, reported);
    }
  g_assert_cmpuint (total_actions, >, 0);

  /* Replaying, killed. */
  for (guint i = 0; i < REPLAY_KILLS; i++)
    {
      g_autoptr(HarkStore) store = NULL;

      replay_and_kill (f);
      store = hark_store_new (f->path, &error);
      g_assert_no_error (error);
      g_test_message ("replay %u killed: %u actions left", i,
                      hark_store_get_outbox_length (store));
    }

  /* Then to the end: the server holds what the user did. */
  sync_store (f);
  {
    GPtrArray *server = server_states (f);
    g_autofree char *difference = NULL;

    g_ptr_array_sort (server, by_message_id);
    if (!store_rule_equal (server, model, &difference))
      g_error ("the server differs from what the user did: %s", difference);
    free_states (server);
  }

  free_states (model);
  g_clear_object (&f->server);
  g_rand_free (f->rand);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (f->dir, name, NULL);

        g_unlink (child);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/kill", test_kill);

  return g_test_run ();
}
