/* test-um-tls.c: HTTPS against the reference server with a test CA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"

static char *
cert_path (const char *name)
{
  return g_build_filename (hark_test_get_certs_dir (), name, NULL);
}

static gboolean
reset_pin (UmClient  *client,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&result));
  return um_client_reset_pin_finish (client, hark_test_wait_result (&result), error);
}

static UmClient *
client_for (UmServer   *server,
            const char *host)
{
  g_autoptr(GUri) uri = g_uri_parse (um_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *base = g_strdup_printf ("https://%s:%d", host, g_uri_get_port (uri));
  UmClient *client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);

  g_autofree char *legacy = g_strconcat (base, "/EWS/UM2007Legacy.asmx", NULL);
  g_autofree char *ews = g_strconcat (base, "/EWS/Exchange.asmx", NULL);

  g_object_set (client, "legacy-url", legacy, "ews-url", ews, NULL);
  return client;
}

static void
test_trusted_ca (void)
{
  g_autoptr(UmServer) server = hark_test_server_new_tls ();
  g_autofree char *ca = cert_path ("ca.pem");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (um_server_get_url (server), "https://"));

  /* By address and by name: the certificate names both. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(UmClient) client = client_for (server, i == 0 ? "127.0.0.1" : "localhost");

      g_assert_true (um_client_set_ca_file (client, ca, &error));
      g_assert_no_error (error);
      g_assert_true (reset_pin (client, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (um_server_account_get_pin_resets (um_server_get_account (server,
                                                                             HARK_TEST_USER)),
                    ==, 2);
}

static void
test_untrusted_ca (void)
{
  g_autoptr(UmServer) server = hark_test_server_new_tls ();
  g_autoptr(UmClient) client = client_for (server, "127.0.0.1");
  g_autoptr(GError) error = NULL;

  /* The system's authorities do not know the test CA. */
  g_assert_false (reset_pin (client, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (um_server_account_get_pin_resets (um_server_get_account (server,
                                                                             HARK_TEST_USER)),
                    ==, 0);
}

static void
test_wrong_host (void)
{
  g_autoptr(UmServer) server = um_server_new ();
  g_autoptr(UmClient) client = NULL;
  g_autofree char *ca = cert_path ("ca.pem");
  g_autofree char *cert = cert_path ("other-host.pem");
  g_autofree char *key = cert_path ("other-host-key.pem");
  g_autoptr(GError) error = NULL;

  /* A certificate of the trusted CA, but for another host name. */
  um_server_add_demo_account (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_assert_true (um_server_set_tls_files (server, cert, key, &error));
  g_assert_true (um_server_listen (server, 0, &error));
  g_assert_no_error (error);

  client = client_for (server, "localhost");
  g_assert_true (um_client_set_ca_file (client, ca, &error));
  g_assert_false (reset_pin (client, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_bad_ca_file (void)
{
  g_autoptr(UmClient) client = um_client_new_for_server ("https://127.0.0.1:1");
  g_autoptr(GError) error = NULL;

  g_assert_false (um_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/tls/trusted-ca", test_trusted_ca);
  g_test_add_func ("/um/tls/untrusted-ca", test_untrusted_ca);
  g_test_add_func ("/um/tls/wrong-host", test_wrong_host);
  g_test_add_func ("/um/tls/bad-ca-file", test_bad_ca_file);

  return g_test_run ();
}
