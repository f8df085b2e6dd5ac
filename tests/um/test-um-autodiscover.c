/* test-um-autodiscover.c: every way Autodiscover finds a server, against
 * reference servers that a test proxy gives the names contoso.test,
 * autodiscover.contoso.test, … over real HTTPS, and a test resolver's SRV
 * records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"
#include "hark-test-proxy.h"

/* A resolver that knows only the SRV records a test gives it. */

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver  parent_instance;
  char      *service;
  char      *target;
  guint16    port;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
test_resolver_lookup_service_async (GResolver           *resolver,
                                    const char          *rrname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TestResolver *self = TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  if (g_strcmp0 (rrname, self->service) == 0)
    g_task_return_pointer (task, g_list_prepend (NULL, g_srv_target_new (self->target,
                                                                         self->port, 0, 0)),
                           NULL);
  else
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                             "No SRV record for %s", rrname);
}

static GList *
test_resolver_lookup_service_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_finalize (GObject *object)
{
  TestResolver *self = TEST_RESOLVER (object);

  g_free (self->service);
  g_free (self->target);
  G_OBJECT_CLASS (test_resolver_parent_class)->finalize (object);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_resolver_finalize;
  G_RESOLVER_CLASS (klass)->lookup_service_async = test_resolver_lookup_service_async;
  G_RESOLVER_CLASS (klass)->lookup_service_finish = test_resolver_lookup_service_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* Fixture: the proxy, servers made as a test needs them, a search. */

typedef struct {
  HarkTestProxy  *proxy;
  GPtrArray      *servers;
  TestResolver   *resolver;
  UmAutodiscover *autodiscover;
  GPtrArray      *confirmed;
  gboolean        confirm;
  guint           authentications;
} Fixture;

static gboolean
authenticate_cb (UmAutodiscover *autodiscover,
                 SoupAuth       *auth,
                 gboolean        retrying,
                 Fixture        *f)
{
  f->authentications++;
  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, HARK_TEST_USER, HARK_TEST_PASSWORD);
  return TRUE;
}

static gboolean
confirm_cb (UmAutodiscover *autodiscover,
            const char     *url,
            Fixture        *f)
{
  g_ptr_array_add (f->confirmed, g_strdup (url));
  return f->confirm;
}

static GTlsDatabase *
test_ca (void)
{
  g_autofree char *ca = g_build_filename (hark_test_get_certs_dir (), "ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = g_tls_file_database_new (ca, &error);

  g_assert_no_error (error);
  return database;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTlsDatabase) database = test_ca ();

  f->proxy = hark_test_proxy_new ();
  f->servers = g_ptr_array_new_with_free_func (g_object_unref);
  f->resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  f->confirmed = g_ptr_array_new_with_free_func (g_free);
  f->autodiscover = um_autodiscover_new ();
  um_autodiscover_set_tls_database (f->autodiscover, database);
  um_autodiscover_set_proxy_resolver (f->autodiscover, hark_test_proxy_get_resolver (f->proxy));
  um_autodiscover_set_resolver (f->autodiscover, G_RESOLVER (f->resolver));
  g_signal_connect (f->autodiscover, "authenticate", G_CALLBACK (authenticate_cb), f);
  g_signal_connect (f->autodiscover, "confirm-redirect", G_CALLBACK (confirm_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->autodiscover);
  for (guint i = 0; i < f->servers->len; i++)
    um_server_shutdown (g_ptr_array_index (f->servers, i));
  g_ptr_array_unref (f->servers);
  g_clear_object (&f->resolver);
  g_ptr_array_unref (f->confirmed);
  hark_test_proxy_free (f->proxy);
}

/* A server for @host:443 (TLS) or @host:80 (plain), with alice's mailbox
 * and Autodiscover answering as @mode says. */
static UmServer *
add_server (Fixture                  *f,
            const char               *host,
            guint16                   port,
            UmServerAutodiscoverMode  mode,
            const char               *value)
{
  UmServer *server = um_server_new ();
  UmServerAccount *account;
  g_autoptr(GError) error = NULL;

  account = um_server_add_demo_account (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  um_server_account_set_email (account, "alice@contoso.test");
  um_server_set_autodiscover (server, mode, value);

  if (port != 80)
    {
      g_autofree char *cert = g_build_filename (hark_test_get_certs_dir (), "names.pem", NULL);
      g_autofree char *key = g_build_filename (hark_test_get_certs_dir (), "names-key.pem",
                                               NULL);
      g_autofree char *public_url = port == 443 ? g_strdup_printf ("https://%s", host)
                                                : g_strdup_printf ("https://%s:%u", host, port);

      g_assert_true (um_server_set_tls_files (server, cert, key, &error));
      g_assert_no_error (error);
      um_server_set_public_url (server, public_url);
    }

  g_assert_true (um_server_listen (server, 0, &error));
  g_assert_no_error (error);
  hark_test_proxy_map (f->proxy, host, port, um_server_get_url (server));
  g_ptr_array_add (f->servers, server);
  return server;
}

static UmAutodiscoverResult *
run (Fixture     *f,
     const char  *email,
     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *tried;
  UmAutodiscoverResult *found;

  um_autodiscover_run_async (f->autodiscover, email, NULL, HARK_TEST_CB (&result));
  found = um_autodiscover_run_finish (f->autodiscover, hark_test_wait_result (&result), error);
  tried = um_autodiscover_get_tried (f->autodiscover);
  for (guint i = 0; i < tried->len; i++)
    g_test_message ("tried %s", (const char *)tried->pdata[i]);
  return found;
}

static void
test_domain (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (result->ews_url, ==, "https://contoso.test/EWS/Exchange.asmx");
  g_assert_cmpstr (result->um_url, ==, "https://contoso.test/EWS/UM2007Legacy.asmx");
  g_assert_cmpstr (result->found_at, ==, "https://contoso.test/autodiscover/autodiscover.xml");
  g_assert_cmpstr (result->email, ==, "alice@contoso.test");
  g_assert_false (result->exchange2007);
  g_assert_cmpuint (f->confirmed->len, ==, 0);
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "autodiscover.contoso.test", 443), ==,
                    0);
}

static void
test_autodiscover_host (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* contoso.test itself does not answer (unknown to the proxy). */
  add_server (f, "autodiscover.contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (result->found_at, ==,
                   "https://autodiscover.contoso.test/autodiscover/autodiscover.xml");
  g_assert_cmpstr (result->ews_url, ==, "https://autodiscover.contoso.test/EWS/Exchange.asmx");
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "contoso.test", 443), ==, 1);
}

static void
test_http_redirect (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  UmServer *target;
  UmServer *probe;

  probe = add_server (f, "autodiscover.contoso.test", 80, UM_SERVER_AUTODISCOVER_HTTP_REDIRECT,
                      "https://mail.contoso.test/autodiscover/autodiscover.xml");
  target = add_server (f, "mail.contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  /* Not confirmed: not followed, and nothing sent there. */
  f->confirm = FALSE;
  result = run (f, "alice@contoso.test", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER);
  g_assert_null (result);
  g_assert_cmpuint (f->confirmed->len, ==, 1);
  g_assert_cmpstr (f->confirmed->pdata[0], ==,
                   "https://mail.contoso.test/autodiscover/autodiscover.xml");
  g_assert_cmpuint (um_server_get_request_count (target), ==, 0);
  /* The probe reached the plain server, without credentials. */
  g_assert_cmpuint (um_server_get_request_count (probe), ==, 1);
  g_assert_cmpuint (f->authentications, ==, 0);
  g_clear_error (&error);

  /* Confirmed: followed. */
  f->confirm = TRUE;
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->found_at, ==, "https://mail.contoso.test/autodiscover/autodiscover.xml");
  g_assert_cmpstr (result->ews_url, ==, "https://mail.contoso.test/EWS/Exchange.asmx");
}

static void
test_http_redirect_to_http (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A redirect to plain HTTP is refused without asking. */
  add_server (f, "autodiscover.contoso.test", 80, UM_SERVER_AUTODISCOVER_HTTP_REDIRECT,
              "http://mail.contoso.test/autodiscover/autodiscover.xml");
  f->confirm = TRUE;
  result = run (f, "alice@contoso.test", &error);
  g_assert_null (result);
  g_assert_error (error, UM_ERROR, UM_ERROR_INSECURE);
  g_assert_cmpuint (f->confirmed->len, ==, 0);
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "mail.contoso.test", 80), ==, 0);
}

static void
test_srv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->resolver->service = g_strdup ("_autodiscover._tcp.contoso.test");
  f->resolver->target = g_strdup ("exchange.fabrikam.test");
  f->resolver->port = 8443;
  add_server (f, "exchange.fabrikam.test", 8443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  f->confirm = TRUE;
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->found_at, ==,
                   "https://exchange.fabrikam.test:8443/autodiscover/autodiscover.xml");
  g_assert_cmpstr (result->ews_url, ==, "https://exchange.fabrikam.test:8443/EWS/Exchange.asmx");
  g_assert_cmpuint (f->confirmed->len, ==, 1);
}

static void
test_redirect_addr (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  UmServer *fabrikam;

  add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_REDIRECT_ADDR,
              "alice@fabrikam.test");
  fabrikam = add_server (f, "fabrikam.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  um_server_account_set_email (um_server_get_account (fabrikam, HARK_TEST_USER),
                               "alice@fabrikam.test");

  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->email, ==, "alice@fabrikam.test");
  g_assert_cmpstr (result->ews_url, ==, "https://fabrikam.test/EWS/Exchange.asmx");
  g_assert_cmpuint (f->confirmed->len, ==, 0);
}

static void
test_redirect_url (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_REDIRECT_URL,
              "https://mail.contoso.test/autodiscover/autodiscover.xml");
  add_server (f, "mail.contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  f->confirm = TRUE;
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->found_at, ==, "https://mail.contoso.test/autodiscover/autodiscover.xml");
  /* Another host: asked first. */
  g_assert_cmpuint (f->confirmed->len, ==, 1);
}

static void
test_redirect_loop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  UmServer *server;

  server = add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_REDIRECT_URL,
                       "https://contoso.test/autodiscover/autodiscover.xml");
  result = run (f, "alice@contoso.test", &error);
  g_assert_null (result);
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER);
  g_assert_cmpuint (um_server_get_request_count (server), ==, UM_AUTODISCOVER_MAX_REDIRECTS + 1);
}

static void
test_exchange2007 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmClient) client = NULL;
  g_autoptr(GTlsDatabase) database = test_ca ();
  g_autoptr(GAsyncResult) enabled_result = NULL;
  gboolean enabled = FALSE;

  add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_EXCHANGE2007, NULL);
  result = run (f, "alice@contoso.test", &error);
  g_assert_no_error (error);
  g_assert_true (result->exchange2007);
  g_assert_cmpstr (result->ews_url, ==, "https://contoso.test/ews/exchange.asmx");
  g_assert_cmpstr (result->um_url, ==, "https://contoso.test/unifiedmessaging/service.asmx");

  /* And the legacy UM service is there, by that address. */
  client = um_client_new (result->um_url, result->ews_url);
  um_client_set_tls_database (client, database);
  soup_session_set_proxy_resolver (um_client_get_session (client),
                                   hark_test_proxy_get_resolver (f->proxy));
  g_signal_connect (client, "authenticate", G_CALLBACK (authenticate_cb), f);
  um_client_is_um_enabled_async (client, NULL, HARK_TEST_CB (&enabled_result));
  g_assert_true (um_client_is_um_enabled_finish (client, hark_test_wait_result (&enabled_result),
                                                 &enabled, &error));
  g_assert_no_error (error);
  g_assert_true (enabled);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  UmServer *server = add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  um_server_account_set_password (um_server_get_account (server, HARK_TEST_USER), "changed");
  result = run (f, "alice@contoso.test", &error);
  g_assert_null (result);
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTH_FAILED);
  /* Not tried anywhere else. */
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "autodiscover.contoso.test", 443), ==,
                    0);
}

static void
test_untrusted_certificate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) empty = NULL;
  g_autofree char *other = g_build_filename (hark_test_get_certs_dir (), "other-host.pem", NULL);

  /* A database that trusts only an unrelated certificate. */
  empty = g_tls_file_database_new (other, &error);
  g_assert_no_error (error);
  um_autodiscover_set_tls_database (f->autodiscover, empty);
  add_server (f, "contoso.test", 443, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);

  result = run (f, "alice@contoso.test", &error);
  g_assert_null (result);
  g_assert_true (error->domain == G_TLS_ERROR);
  g_assert_cmpuint (f->authentications, ==, 0);
}

static void
test_nothing_found (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = run (f, "alice@contoso.test", &error);
  g_assert_null (result);
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER);
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "contoso.test", 443), ==, 1);
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "autodiscover.contoso.test", 443), ==,
                    1);
  g_assert_cmpuint (hark_test_proxy_get_count (f->proxy, "autodiscover.contoso.test", 80), ==,
                    1);
  g_clear_error (&error);

  g_assert_null (run (f, "not an address", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_parse (void)
{
  static const char error_answer[] =
    "<Autodiscover xmlns=\"" UM_NS_AUTODISCOVER_RESPONSE "\"><Response><Error>"
    "<ErrorCode>500</ErrorCode><Message>The e-mail address cannot be found.</Message>"
    "</Error></Response></Autodiscover>";
  static const char dtd[] =
    "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
    "<Autodiscover xmlns=\"" UM_NS_AUTODISCOVER_RESPONSE "\">&e;</Autodiscover>";
  g_autoptr(GError) error = NULL;

  g_assert_null (um_autodiscover_parse (error_answer, strlen (error_answer), NULL, NULL, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER);
  g_assert_nonnull (strstr (error->message, "cannot be found"));
  g_clear_error (&error);
  g_assert_null (um_autodiscover_parse (dtd, strlen (dtd), NULL, NULL, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE);
  g_clear_error (&error);
  g_assert_null (um_autodiscover_parse ("<html/>", 7, NULL, NULL, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE);
}

/* The two answers of the protocol reference, read as they are. */
static void
test_parse_examples (void)
{
  g_autofree char *modern = g_build_filename (hark_test_get_protocol_dir (), "examples",
                                              "autodiscover.response.xml", NULL);
  g_autofree char *old = g_build_filename (hark_test_get_protocol_dir (), "examples",
                                           "autodiscover.response.exchange2007.xml", NULL);
  g_autofree char *data = NULL;
  gsize size;
  g_autoptr(UmAutodiscoverResult) result = NULL;
  g_autoptr(UmAutodiscoverResult) result2007 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (modern, &data, &size, &error));
  result = um_autodiscover_parse (data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->ews_url, ==, "https://mail.contoso.com/EWS/Exchange.asmx");
  g_assert_cmpstr (result->um_url, ==, "https://mail.contoso.com/EWS/UM2007Legacy.asmx");
  g_assert_cmpstr (result->email, ==, "mara@contoso.com");
  g_assert_cmpstr (result->display_name, ==, "Mara Whitley");
  g_assert_false (result->exchange2007);

  g_free (data);
  g_assert_true (g_file_get_contents (old, &data, &size, &error));
  result2007 = um_autodiscover_parse (data, size, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result2007->ews_url, ==, "https://mail.contoso.com/ews/exchange.asmx");
  g_assert_cmpstr (result2007->um_url, ==, "https://mail.contoso.com/unifiedmessaging/service.asmx");
  g_assert_true (result2007->exchange2007);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/autodiscover/parse", test_parse);
  /* Only with the protocol reference (../shared/protocol) at hand. */
  if (g_getenv ("HARK_PROTOCOL_REFERENCE") != NULL)
    g_test_add_func ("/autodiscover/parse-examples", test_parse_examples);
#define ADD(path, func) \
  g_test_add ("/autodiscover/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("domain", test_domain);
  ADD ("autodiscover-host", test_autodiscover_host);
  ADD ("http-redirect", test_http_redirect);
  ADD ("http-redirect-to-http", test_http_redirect_to_http);
  ADD ("srv", test_srv);
  ADD ("redirect-addr", test_redirect_addr);
  ADD ("redirect-url", test_redirect_url);
  ADD ("redirect-loop", test_redirect_loop);
  ADD ("exchange2007", test_exchange2007);
  ADD ("wrong-password", test_wrong_password);
  ADD ("untrusted-certificate", test_untrusted_certificate);
  ADD ("nothing-found", test_nothing_found);
#undef ADD

  return g_test_run ();
}
