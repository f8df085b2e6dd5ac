/* test-cli-tls.c: hark-cli over HTTPS with a test CA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from test-cli because TLS brings glib-networking's threads, under
 * which LeakSanitizer's tracer crashes: this one runs without leak checks.
 */

#include "config.h"

#include "cli-test.h"

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
