/* cli-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test-files.h"

#include "cli-test.h"

#include <glib/gstdio.h>

void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->lines, g_ptr_array_unref);
  g_free (run);
}

void
cli_fixture_setup (Fixture       *f,
                   gconstpointer  data)
{
  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
  f->server_env = g_strdup (um_server_get_url (f->server));
  f->user_env = g_strdup (HARK_TEST_USER);
  /* The mailbox commands keep their store here. */
  f->store_dir = g_dir_make_tmp ("hark-cli-store-XXXXXX", NULL);
}

void
cli_fixture_teardown (Fixture       *f,
                      gconstpointer  data)
{
  g_clear_object (&f->server);
  g_clear_pointer (&f->server_env, g_free);
  g_clear_pointer (&f->user_env, g_free);
  if (f->store_dir != NULL)
    hark_test_remove_tree (f->store_dir);
  g_clear_pointer (&f->store_dir, g_free);
  g_clear_pointer (&f->env, g_strfreev);
}

/* Runs hark-cli with @argv (NULL-terminated) while the main context keeps
 * serving; HARK_SERVER and HARK_USER are the fixture's unless cleared. */
Run *
run_cli_v (Fixture           *f,
           const char        *input,
           const char *const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "HARK_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "HARK_USER");
  if (f != NULL && f->server_env != NULL)
    g_subprocess_launcher_setenv (launcher, "HARK_SERVER", f->server_env, TRUE);
  if (f != NULL && f->user_env != NULL)
    g_subprocess_launcher_setenv (launcher, "HARK_USER", f->user_env, TRUE);
  if (f != NULL && f->store_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "HARK_STORE_DIR", f->store_dir, TRUE);
  for (guint i = 0; f != NULL && f->env != NULL && f->env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (f->env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  g_ptr_array_add (args, (char *)g_getenv ("HARK_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *)argv[i]);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, input, NULL, HARK_TEST_CB (&result));
  g_subprocess_communicate_utf8_finish (process, hark_test_wait_result (&result), &run->out,
                                        &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  run->lines = g_ptr_array_new_with_free_func (g_free);
  if (run->out != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0')
          g_ptr_array_add (run->lines, g_strdup (lines[i]));
    }

  g_test_message ("hark-cli %s → %d\n%s%s", argv[0], run->status, run->out, run->err);
  return run;
}

JsonObject *
parse_line (Run   *run,
            guint  index)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (index, <, run->lines->len);
  json_parser_load_from_data (parser, g_ptr_array_index (run->lines, index), -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
assert_members (JsonObject        *object,
                const char *const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **)names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, names[i]));
}

void
assert_ok (Run *run)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run->lines->len, ==, 1);
  object = parse_line (run, 0);
  assert_members (object, (const char *const[]) { "ok", NULL });
  g_assert_true (json_object_get_boolean_member (object, "ok"));
}

void
assert_error (Run        *run,
              int         status,
              const char *code,
              const char *server_code)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error;

  g_assert_cmpint (run->status, ==, status);
  g_assert_cmpuint (run->lines->len, ==, 1);
  object = parse_line (run, 0);
  error = json_object_get_object_member (object, "error");
  g_assert_nonnull (error);
  assert_members (error, (const char *const[]) { "code", "server_code", "message", NULL });
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  if (server_code != NULL)
    g_assert_cmpstr (json_object_get_string_member (error, "server_code"), ==, server_code);
  else
    g_assert_true (json_object_get_null_member (error, "server_code"));
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");

  /* A one-line human message on stderr, always. */
  g_assert_true (g_str_has_prefix (run->err, "hark-cli: "));
  g_assert_cmpuint (strlen (run->err), ==, strcspn (run->err, "\n") + 1);
}

