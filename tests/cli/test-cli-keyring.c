/* test-cli-keyring.c: hark-cli and the secret service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A private D-Bus session (GTestDBus) with a real gnome-keyring-daemon on it,
 * its keyring unlocked with a test password; its files live in the test's
 * isolated home.
 */

#include "config.h"

#include "hark-test.h"
#include "hark-test-files.h"

typedef struct {
  GTestDBus       *bus;
  GSubprocess     *keyring;
  UmServer        *server;
  UmServerAccount *account;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (f->bus);
  f->keyring = hark_test_keyring_start (NULL);

  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  hark_test_keyring_stop (g_steal_pointer (&f->keyring));
  g_clear_object (&f->server);
  g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
}

static int
run_cli (Fixture     *f,
         const char  *input,
         char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list ap;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HARK_SERVER", um_server_get_url (f->server), TRUE);
  g_subprocess_launcher_setenv (launcher, "HARK_USER", HARK_TEST_USER, TRUE);

  g_ptr_array_add (args, (char *)g_getenv ("HARK_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, HARK_TEST_CB (&result));
  g_subprocess_communicate_utf8_finish (process, hark_test_wait_result (&result), out, &err,
                                        &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s%s", first, *out, err);
  return g_subprocess_get_exit_status (process);
}

static void
test_store_use_forget (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  const char *home = g_get_user_data_dir ();

  /* Nothing stored yet: told how to give one. */
  g_assert_cmpint (run_cli (f, NULL, &out, "--json", "reset-pin", NULL), ==, 3);
  g_assert_nonnull (strstr (out, "\"auth-failed\""));
  g_clear_pointer (&out, g_free);

  /* A wrong password is not stored. */
  g_assert_cmpint (run_cli (f, "wrong\n", &out, "--json", "--password-stdin", "store-password",
                            NULL), ==, 3);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, "--json", "reset-pin", NULL), ==, 3);
  g_clear_pointer (&out, g_free);

  /* The right one is verified, stored, and then used without stdin. */
  g_assert_cmpint (run_cli (f, HARK_TEST_PASSWORD "\n", &out, "--json", "--password-stdin",
                            "store-password", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "{\"ok\":true}\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f, NULL, &out, "--json", "reset-pin", NULL), ==, 0);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);
  g_clear_pointer (&out, g_free);

  /* It is in the keyring, encrypted: no file of the data folder holds it. */
  g_assert_cmpuint (hark_test_count_files_containing (home, HARK_TEST_PASSWORD), ==, 0);
  {
    g_autofree char *keyring = g_build_filename (home, "keyrings", "login.keyring", NULL);
    g_autofree char *control = g_build_filename (g_get_user_cache_dir (), "control.txt", NULL);

    g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
    /* The search does find a password written in clear. */
    g_file_set_contents (control, "x" HARK_TEST_PASSWORD "x", -1, NULL);
    g_assert_cmpuint (hark_test_count_files_containing (g_get_user_cache_dir (), HARK_TEST_PASSWORD), ==, 1);
  }

  g_assert_cmpint (run_cli (f, NULL, &out, "--json", "forget-password", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f, NULL, &out, "--json", "reset-pin", NULL), ==, 3);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/keyring/store-use-forget", Fixture, NULL, fixture_setup,
              test_store_use_forget, fixture_teardown);

  return g_test_run ();
}
