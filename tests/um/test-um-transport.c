/* test-um-transport.c: a misbehaving server over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer of the test's own that answers badly on purpose: errors
 * without SOAP, truncated and oversized bodies, entity bombs, dropped
 * connections, silence. Every case ends in a clear error, none in a crash or
 * a hang.
 */

#include "config.h"

#include "hark-test.h"

#define NS_S "http://schemas.xmlsoap.org/soap/envelope/"
#define NS_M "http://schemas.microsoft.com/exchange/services/2006/messages"

typedef enum {
  BEHAVIOUR_STATUS_ONLY,
  BEHAVIOUR_BODY,
  BEHAVIOUR_CHUNKED,
  BEHAVIOUR_DROP,
  BEHAVIOUR_HANG,
  BEHAVIOUR_REDIRECT,
  BEHAVIOUR_ENDLESS,      /* chunked, a chunk every millisecond, never complete */
  BEHAVIOUR_HUGE_LENGTH,  /* Content-Length of 10 GB, then a trickle */
  BEHAVIOUR_PROXY_AUTH,   /* a proxy that wants credentials */
} Behaviour;

typedef struct {
  SoupServer        *server;
  UmClient          *client;
  Behaviour          behaviour;
  guint              status;
  const char        *body;
  gsize              body_size;
  guint              requests;
  SoupServerMessage *held;
  SoupServerMessage *streaming;
  guint              stream_source;
  guint              chunks_sent;
} Fixture;

static gboolean
stream_chunk_cb (gpointer user_data)
{
  Fixture *f = user_data;
  static const char chunk[4096] = { ' ' };

  soup_message_body_append (soup_server_message_get_response_body (f->streaming),
                            SOUP_MEMORY_STATIC, chunk, sizeof chunk);
  soup_server_message_unpause (f->streaming);
  f->chunks_sent++;
  return G_SOURCE_CONTINUE;
}

static void
streaming_finished_cb (SoupServerMessage *msg,
                       Fixture           *f)
{
  g_clear_handle_id (&f->stream_source, g_source_remove);
  g_clear_object (&f->streaming);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  f->requests++;

  switch (f->behaviour)
    {
    case BEHAVIOUR_STATUS_ONLY:
      soup_server_message_set_status (msg, f->status, NULL);
      break;

    case BEHAVIOUR_BODY:
      soup_server_message_set_status (msg, f->status, NULL);
      soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_STATIC,
                                        f->body, f->body_size);
      break;

    case BEHAVIOUR_CHUNKED:
      soup_server_message_set_status (msg, f->status, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "text/xml", NULL);
      for (gsize offset = 0; offset < f->body_size; offset += 1000)
        soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                  f->body + offset, MIN (1000, f->body_size - offset));
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      break;

    case BEHAVIOUR_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        g_io_stream_close (stream, NULL, NULL);
      }
      break;

    case BEHAVIOUR_HANG:
      f->held = g_object_ref (msg);
      soup_server_message_pause (msg);
      break;

    case BEHAVIOUR_ENDLESS:
    case BEHAVIOUR_HUGE_LENGTH:
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "text/xml", NULL);
      if (f->behaviour == BEHAVIOUR_ENDLESS)
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      else
        soup_message_headers_set_content_length (headers, G_GINT64_CONSTANT (10) << 30);
      f->streaming = g_object_ref (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (streaming_finished_cb), f);
      f->stream_source = g_timeout_add (1, stream_chunk_cb, f);
      break;

    case BEHAVIOUR_PROXY_AUTH:
      soup_message_headers_replace (headers, "Proxy-Authenticate", "Basic realm=\"proxy\"");
      soup_server_message_set_status (msg, SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED, NULL);
      break;

    case BEHAVIOUR_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND,
                                        "http://127.0.0.1:1/EWS/UM2007Legacy.asmx");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autofree char *base = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/EWS", handler, f, NULL);
  soup_server_listen (f->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  f->client = um_client_new_for_server (base);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_handle_id (&f->stream_source, g_source_remove);
  g_clear_object (&f->streaming);
  if (f->held != NULL)
    {
      soup_server_message_unpause (f->held);
      g_clear_object (&f->held);
    }
  g_clear_object (&f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
}

static UmCallInfo *
get_call_info (Fixture       *f,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_get_call_info_async (f->client, "Y2FsbA==", cancellable, HARK_TEST_CB (&result));
  return um_client_get_call_info_finish (f->client, hark_test_wait_result (&result), error);
}

static void
serve_body (Fixture    *f,
            guint       status,
            const char *body)
{
  f->behaviour = BEHAVIOUR_BODY;
  f->status = status;
  f->body = body;
  f->body_size = strlen (body);
}

static void
test_status_without_soap (Fixture       *f,
                          gconstpointer  data)
{
  static const struct {
    guint   status;
    UmError code;
  } cases[] = {
    { 500, UM_ERROR_HTTP },
    { 502, UM_ERROR_HTTP },
    { 503, UM_ERROR_SERVER_BUSY },
    { 404, UM_ERROR_NOT_SUPPORTED },
    { 401, UM_ERROR_AUTH_FAILED },
    { 403, UM_ERROR_HTTP },
  };

  f->behaviour = BEHAVIOUR_STATUS_ONLY;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(UmCallInfo) info = NULL;

      f->status = cases[i].status;
      info = get_call_info (f, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, UM_ERROR, cases[i].code);
      g_assert_cmpuint (um_error_get_http_status (error), ==, cases[i].status);
    }
}

static void
test_html_error_page (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  serve_body (f, 500, "<html><head><title>Runtime Error</title></head><body>Server Error in "
                      "'/EWS' Application.</body></html>");
  info = get_call_info (f, NULL, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_HTTP);
  g_assert_cmpstr (error->message, ==, "The server answered with an HTTP error (HTTP 500)");
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  serve_body (f, 200, "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><GetCallInfoResponse "
                      "xmlns=\"" NS_M "\"><GetCallInfoResponse><CallState>Conn");
  info = get_call_info (f, NULL, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *big = g_strnfill (64 * 1024, ' ');

  um_client_set_max_response_size (f->client, 16 * 1024);

  /* Known from Content-Length, and found while reading a chunked body. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(UmCallInfo) info = NULL;

      serve_body (f, 200, big);
      if (i == 1)
        f->behaviour = BEHAVIOUR_CHUNKED;
      info = get_call_info (f, NULL, &error);
      g_assert_error (error, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE);
    }

  /* The connection is usable afterwards. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(UmCallInfo) info = NULL;

    serve_body (f, 200, "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><GetCallInfoResponse "
                        "xmlns=\"" NS_M "\"><GetCallInfoResponse><CallState>Connected</CallState>"
                        "<EventCause>None</EventCause></GetCallInfoResponse></GetCallInfoResponse>"
                        "</soap:Body></soap:Envelope>");
    f->behaviour = BEHAVIOUR_CHUNKED;
    info = get_call_info (f, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTED);
  }
}

static void
test_endless_bodies (Fixture       *f,
                     gconstpointer  data)
{
  /* A body that never ends, or says it is 10 GB and trickles: refused at the
   * cap, at once, without reading the rest. If the client drained it, this
   * would not end before the test's time limit. */
  um_client_set_max_response_size (f->client, 64 * 1024);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(UmCallInfo) info = NULL;

      f->behaviour = i == 0 ? BEHAVIOUR_ENDLESS : BEHAVIOUR_HUGE_LENGTH;
      f->chunks_sent = 0;
      info = get_call_info (f, NULL, &error);
      g_assert_error (error, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE);
      g_test_message ("refused after %u chunks of 4 KiB", f->chunks_sent);

      /* The connection was dropped: the server stops streaming. */
      while (f->streaming != NULL)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_entity_bombs (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const bodies[] = {
    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
    "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><GetCallInfoResponse xmlns=\"" NS_M "\">"
    "<GetCallInfoResponse><CallState>&f;</CallState><EventCause>None</EventCause>"
    "</GetCallInfoResponse></GetCallInfoResponse></soap:Body></soap:Envelope>",
    "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
    "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body/></soap:Envelope>",
    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"/etc/hostname\">]>"
    "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><GetCallInfoResponse xmlns=\"" NS_M "\">"
    "<GetCallInfoResponse><CallState>&x;</CallState><EventCause>None</EventCause>"
    "</GetCallInfoResponse></GetCallInfoResponse></soap:Body></soap:Envelope>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(UmCallInfo) info = NULL;

      serve_body (f, 200, bodies[i]);
      info = get_call_info (f, NULL, &error);
      g_assert_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE);
      g_assert_cmpstr (error->message, ==,
                       "The server's answer has a DTD, which SOAP does not allow");
    }
}

static void
test_dropped_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  f->behaviour = BEHAVIOUR_DROP;
  info = get_call_info (f, NULL, &error);
  g_assert_null (info);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_test_message ("dropped: %s", error->message);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  f->behaviour = BEHAVIOUR_HANG;
  um_client_set_timeout (f->client, 1);
  info = get_call_info (f, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static gboolean
cancel_when_held_cb (gpointer user_data)
{
  gpointer *pair = user_data;
  Fixture *f = pair[0];

  if (f->held == NULL)
    return G_SOURCE_CONTINUE;

  g_cancellable_cancel (pair[1]);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  gpointer pair[2] = { f, cancellable };

  /* Cancel once the request has reached the server and waits there. */
  f->behaviour = BEHAVIOUR_HANG;
  g_timeout_add (5, cancel_when_held_cb, pair);
  info = get_call_info (f, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_cancel_before (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  g_cancellable_cancel (cancellable);
  f->behaviour = BEHAVIOUR_STATUS_ONLY;
  f->status = 200;
  info = get_call_info (f, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_no_redirect (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  /* A SOAP post is never carried elsewhere by a redirect. */
  f->behaviour = BEHAVIOUR_REDIRECT;
  info = get_call_info (f, NULL, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_HTTP);
  g_assert_cmpuint (um_error_get_http_status (error), ==, 302);
  g_assert_cmpuint (f->requests, ==, 1);
}

static gboolean
count_authenticate_cb (UmClient *client,
                       SoupAuth *auth,
                       gboolean  retrying,
                       guint    *count)
{
  (*count)++;
  soup_auth_authenticate (auth, "alice", "mailbox-password");
  return TRUE;
}

static void
test_proxy_gets_no_password (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(UmClient) client = um_client_new_for_server ("http://localhost.invalid");
  g_autoptr(GProxyResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *proxy = NULL;
  guint asked = 0;

  /* The fixture's server plays an HTTP proxy that asks for credentials: the
   * handler that knows the mailbox password is not even asked. */
  f->behaviour = BEHAVIOUR_PROXY_AUTH;
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_clear_object (&f->client);
  f->client = um_client_new ("https://mail.example.invalid/EWS/UM2007Legacy.asmx",
                             "https://mail.example.invalid/EWS/Exchange.asmx");
  {
    GSList *uris = soup_server_get_uris (f->server);

    proxy = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
    g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  }
  resolver = g_simple_proxy_resolver_new (proxy, NULL);
  soup_session_set_proxy_resolver (um_client_get_session (f->client), resolver);
  g_signal_connect (f->client, "authenticate", G_CALLBACK (count_authenticate_cb), &asked);

  info = get_call_info (f, NULL, &error);
  g_assert_nonnull (error);
  g_test_message ("through the proxy: %s", error->message);
  g_assert_cmpuint (f->requests, >=, 1);
  g_assert_cmpuint (asked, ==, 0);
}

static void
test_connection_refused (void)
{
  g_autoptr(UmClient) client = um_client_new_for_server ("http://127.0.0.1:1");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&result));
  g_assert_false (um_client_reset_pin_finish (client, hark_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/um/transport/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("http-status-without-soap", test_status_without_soap);
  ADD ("html-error-page", test_html_error_page);
  ADD ("truncated", test_truncated);
  ADD ("too-large", test_too_large);
  ADD ("endless-bodies", test_endless_bodies);
  ADD ("entity-bombs", test_entity_bombs);
  ADD ("dropped-connection", test_dropped_connection);
  ADD ("timeout", test_timeout);
  ADD ("cancel-in-flight", test_cancel_in_flight);
  ADD ("cancel-before", test_cancel_before);
  ADD ("no-redirect", test_no_redirect);
  ADD ("proxy-gets-no-password", test_proxy_gets_no_password);
  g_test_add_func ("/um/transport/connection-refused", test_connection_refused);

#undef ADD

  return g_test_run ();
}
