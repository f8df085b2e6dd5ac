/* test-cli-tls.c: hark-cli over HTTPS with a test CA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from test-cli because TLS brings glib-networking's threads, under
 * which LeakSanitizer's tracer crashes: this one runs without leak checks.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "hark-test.h"

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  char            *server_env;
  char            *user_env;
} Fixture;

typedef struct {
  int        status;
  char      *out;
  char      *err;
  GPtrArray *lines;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->lines, g_ptr_array_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Runs hark-cli with @argv (NULL-terminated) while the main context keeps
 * serving; HARK_SERVER and HARK_USER are the fixture's unless cleared. */
static Run *
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

#define RUN(f, input, ...) run_cli_v ((f), (input), (const char *const[]) { __VA_ARGS__, NULL })
#define PASSWORD HARK_TEST_PASSWORD "\n"

static JsonObject *
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

static void
assert_members (JsonObject        *object,
                const char *const *names)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **)names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, names[i]));
}

static void
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

static void
test_tls (void)
{
  g_autoptr(UmServer) server = hark_test_server_new_tls ();
  g_autofree char *ca = g_build_filename (hark_test_get_certs_dir (), "ca.pem", NULL);
  Fixture f = { server, NULL, (char *)um_server_get_url (server), (char *)HARK_TEST_USER };
  g_autoptr(Run) trusted = RUN (&f, PASSWORD, "--password-stdin", "--json", "--ca-file", ca,
                                "is-um-enabled");
  g_autoptr(Run) untrusted = RUN (&f, PASSWORD, "--password-stdin", "--json", "is-um-enabled");
  g_autoptr(Run) bad_file = RUN (&f, PASSWORD, "--password-stdin", "--json", "--ca-file",
                                 "/nonexistent.pem", "is-um-enabled");

  g_assert_cmpint (trusted->status, ==, 0);
  assert_error (untrusted, 3, "tls", NULL);
  g_assert_nonnull (strstr (untrusted->err, "--ca-file"));
  assert_error (bad_file, 2, "usage", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/tls", test_tls);

  return g_test_run ();
}
