/* test-cli-autodiscover.c: hark-cli finds the server from an address, over
 * HTTPS through a proxy (https_proxy) that gives the test servers names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cli-test.h"
#include "hark-test-proxy.h"

typedef struct {
  Fixture        cli;
  HarkTestProxy *proxy;
  GPtrArray     *servers;
  char          *ca;
} AutoFixture;

static UmServer *
add_server (AutoFixture              *f,
            const char               *host,
            UmServerAutodiscoverMode  mode,
            const char               *value)
{
  UmServer *server = um_server_new ();
  g_autofree char *cert = g_build_filename (hark_test_get_certs_dir (), "names.pem", NULL);
  g_autofree char *key = g_build_filename (hark_test_get_certs_dir (), "names-key.pem", NULL);
  g_autofree char *public_url = g_strdup_printf ("https://%s", host);
  g_autoptr(GError) error = NULL;

  um_server_account_set_email (um_server_add_demo_account (server, HARK_TEST_USER,
                                                           HARK_TEST_PASSWORD),
                               "alice@contoso.test");
  um_server_set_autodiscover (server, mode, value);
  g_assert_true (um_server_set_tls_files (server, cert, key, &error));
  um_server_set_public_url (server, public_url);
  g_assert_true (um_server_listen (server, 0, &error));
  g_assert_no_error (error);
  hark_test_proxy_map (f->proxy, host, 443, um_server_get_url (server));
  g_ptr_array_add (f->servers, server);
  return server;
}

static void
fixture_setup (AutoFixture   *f,
               gconstpointer  data)
{
  f->cli.store_dir = g_dir_make_tmp ("hark-cli-store-XXXXXX", NULL);
  f->proxy = hark_test_proxy_new ();
  f->servers = g_ptr_array_new_with_free_func (g_object_unref);
  f->ca = g_build_filename (hark_test_get_certs_dir (), "ca.pem", NULL);
  f->cli.env = g_new0 (char *, 3);
  f->cli.env[0] = g_strdup_printf ("https_proxy=%s", hark_test_proxy_get_url (f->proxy));
  f->cli.env[1] = g_strdup_printf ("http_proxy=%s", hark_test_proxy_get_url (f->proxy));
}

static void
fixture_teardown (AutoFixture   *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->servers->len; i++)
    um_server_shutdown (g_ptr_array_index (f->servers, i));
  g_ptr_array_unref (f->servers);
  hark_test_proxy_free (f->proxy);
  g_free (f->ca);
  cli_fixture_teardown (&f->cli, data);
}

static void
test_autodiscover (AutoFixture   *f,
                   gconstpointer  data)
{
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonObject) object = NULL;

  add_server (f, "autodiscover.contoso.test", UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  run = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "--ca-file", f->ca, "autodiscover",
             "alice@contoso.test");
  g_assert_cmpint (run->status, ==, 0);
  object = parse_line (run, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "ews_url"), ==,
                   "https://autodiscover.contoso.test/EWS/Exchange.asmx");
  g_assert_cmpstr (json_object_get_string_member (object, "um_url"), ==,
                   "https://autodiscover.contoso.test/EWS/UM2007Legacy.asmx");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, "alice@contoso.test");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tried")), >=,
                    3);
}

static void
test_email_connects (AutoFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(Run) counts = NULL;
  g_autoptr(Run) enabled = NULL;

  add_server (f, "contoso.test", UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  /* --email alone: Autodiscover, then the mailbox and the UM service. */
  counts = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "--ca-file", f->ca, "--email",
                "alice@contoso.test", "counts");
  g_assert_cmpint (counts->status, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (counts->lines, 0), ==,
                   "{\"new\":10,\"old\":13,\"urgent_new\":2,\"urgent_old\":2}");
  enabled = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "--ca-file", f->ca, "--email",
                 "alice@contoso.test", "is-um-enabled");
  g_assert_cmpint (enabled->status, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (enabled->lines, 0), ==, "{\"um_enabled\":true}");
}

static void
test_redirect_needs_consent (AutoFixture   *f,
                             gconstpointer  data)
{
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) followed = NULL;
  g_autoptr(JsonObject) object = NULL;
  UmServer *target;

  add_server (f, "contoso.test", UM_SERVER_AUTODISCOVER_REDIRECT_URL,
              "https://mail.contoso.test/autodiscover/autodiscover.xml");
  target = add_server (f, "mail.contoso.test", UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  refused = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "--ca-file", f->ca,
                 "autodiscover", "alice@contoso.test");
  assert_error (refused, 1, "autodiscover", NULL);
  g_assert_nonnull (strstr (refused->err, "--follow-redirects"));
  g_assert_cmpuint (um_server_get_request_count (target), ==, 0);

  followed = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "--ca-file", f->ca,
                  "--follow-redirects", "autodiscover", "alice@contoso.test");
  g_assert_cmpint (followed->status, ==, 0);
  object = parse_line (followed, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "ews_url"), ==,
                   "https://mail.contoso.test/EWS/Exchange.asmx");
}

static void
test_untrusted (AutoFixture   *f,
                gconstpointer  data)
{
  g_autoptr(Run) run = NULL;

  /* Without the test CA: the certificate is not trusted, and said so. */
  add_server (f, "contoso.test", UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  run = RUN (&f->cli, PASSWORD, "--password-stdin", "--json", "autodiscover",
             "alice@contoso.test");
  assert_error (run, 3, "tls", NULL);
  g_assert_nonnull (strstr (run->err, "--ca-file"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/autodiscover/" path, AutoFixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("finds", test_autodiscover);
  ADD ("email-connects", test_email_connects);
  ADD ("redirect-needs-consent", test_redirect_needs_consent);
  ADD ("untrusted-certificate", test_untrusted);
#undef ADD

  return g_test_run ();
}
