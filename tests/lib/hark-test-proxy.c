/* hark-test-proxy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clients of the tests reach "https://contoso.test" and the like through
 * this proxy, which sends each host:port to a server on loopback: CONNECT
 * tunnels for https, forwarded requests for plain http. An unknown host
 * gets 502, as a name that does not resolve. It runs in threads of its own
 * with blocking sockets, so the servers and clients of the test keep the
 * main context.
 */

#include "config.h"

#include "hark-test-proxy.h"

#include <poll.h>
#include <string.h>

struct _HarkTestProxy
{
  GSocket         *listener;
  char            *url;
  GThread         *acceptor;
  GMutex           lock;
  GCond            idle;
  GHashTable      *map;     /* "host:port" → "127.0.0.1:port" */
  GHashTable      *counts;  /* "host:port" → connections */
  guint            active;
  GProxyResolver  *resolver;
};

typedef struct {
  HarkTestProxy *proxy;
  GSocket       *client;
} Connection;

static gboolean
write_all (GSocket    *socket,
           const char *data,
           gsize       size)
{
  while (size > 0)
    {
      gssize n = g_socket_send (socket, data, size, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      size -= n;
    }
  return TRUE;
}

static void
pump (GSocket *a,
      GSocket *b)
{
  struct pollfd fds[2] = {
    { g_socket_get_fd (a), POLLIN, 0 },
    { g_socket_get_fd (b), POLLIN, 0 },
  };
  char buffer[16384];

  for (;;)
    {
      if (poll (fds, 2, -1) < 0)
        return;
      for (guint i = 0; i < 2; i++)
        {
          GSocket *from = i == 0 ? a : b;
          GSocket *to = i == 0 ? b : a;
          gssize n;

          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          n = g_socket_receive (from, buffer, sizeof buffer, NULL, NULL);
          if (n <= 0 || !write_all (to, buffer, n))
            return;
        }
    }
}

static GSocket *
connect_to (const char *target)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  GSocket *socket;

  /* Straight to loopback: no proxy for the proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, target, 0, NULL, NULL);
  if (connection == NULL)
    return NULL;
  socket = g_object_ref (g_socket_connection_get_socket (connection));
  /* The socket outlives the connection object: keep the fd open. */
  g_object_set_data_full (G_OBJECT (socket), "connection", g_steal_pointer (&connection),
                          g_object_unref);
  return socket;
}

static char *
lookup (HarkTestProxy *proxy,
        const char    *key)
{
  char *target;
  guint count;

  g_mutex_lock (&proxy->lock);
  target = g_strdup (g_hash_table_lookup (proxy->map, key));
  count = GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts, key));
  g_hash_table_insert (proxy->counts, g_strdup (key), GUINT_TO_POINTER (count + 1));
  g_mutex_unlock (&proxy->lock);
  return target;
}

static const char bad_gateway[] =
  "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static void
serve (Connection *connection)
{
  GString *head = g_string_new (NULL);
  g_auto(GStrv) request_line = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GSocket) server = NULL;
  char *end = NULL;
  gsize head_length;

  /* The request head. */
  while ((end = strstr (head->str, "\r\n\r\n")) == NULL && head->len < 16384)
    {
      char buffer[4096];
      gssize n = g_socket_receive (connection->client, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        goto out;
      g_string_append_len (head, buffer, n);
    }
  if (end == NULL)
    goto out;
  head_length = end - head->str + 4;

  {
    char *eol = strstr (head->str, "\r\n");
    g_autofree char *first = g_strndup (head->str, eol - head->str);

    request_line = g_strsplit (first, " ", 3);
  }
  if (g_strv_length (request_line) != 3)
    goto out;

  if (g_str_equal (request_line[0], "CONNECT"))
    {
      static const char established[] = "HTTP/1.1 200 Connection established\r\n\r\n";

      target = lookup (connection->proxy, request_line[1]);
      server = target != NULL ? connect_to (target) : NULL;
      if (server == NULL)
        {
          write_all (connection->client, bad_gateway, strlen (bad_gateway));
          goto out;
        }
      write_all (connection->client, established, strlen (established));
      write_all (server, head->str + head_length, head->len - head_length);
    }
  else
    {
      /* "GET http://host[:port]/path HTTP/1.1": to the origin form. */
      g_autoptr(GUri) uri = g_uri_parse (request_line[1], G_URI_FLAGS_NONE, NULL);
      g_autofree char *key = NULL;
      g_autoptr(GString) forwarded = NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        goto out;
      key = g_strdup_printf ("%s:%d", g_uri_get_host (uri),
                             g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80);
      target = lookup (connection->proxy, key);
      server = target != NULL ? connect_to (target) : NULL;
      if (server == NULL)
        {
          write_all (connection->client, bad_gateway, strlen (bad_gateway));
          goto out;
        }
      forwarded = g_string_new (NULL);
      g_string_append_printf (forwarded, "%s %s%s%s %s", request_line[0], g_uri_get_path (uri),
                              g_uri_get_query (uri) != NULL ? "?" : "",
                              g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "",
                              request_line[2]);
      g_string_append_len (forwarded, strstr (head->str, "\r\n"),
                           head->len - (strstr (head->str, "\r\n") - head->str));
      write_all (server, forwarded->str, forwarded->len);
    }

  pump (connection->client, server);

out:
  g_string_free (head, TRUE);
  if (server != NULL)
    g_socket_close (server, NULL);
  g_socket_close (connection->client, NULL);
}

static gpointer
connection_thread (gpointer data)
{
  Connection *connection = data;
  HarkTestProxy *proxy = connection->proxy;

  serve (connection);
  g_object_unref (connection->client);
  g_free (connection);

  g_mutex_lock (&proxy->lock);
  proxy->active--;
  g_cond_broadcast (&proxy->idle);
  g_mutex_unlock (&proxy->lock);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  HarkTestProxy *proxy = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (proxy->listener, NULL, NULL);
      Connection *connection;

      if (client == NULL)
        return NULL;

      g_socket_set_blocking (client, TRUE);
      connection = g_new0 (Connection, 1);
      connection->proxy = proxy;
      connection->client = client;
      g_mutex_lock (&proxy->lock);
      proxy->active++;
      g_mutex_unlock (&proxy->lock);
      g_thread_unref (g_thread_new ("hark-test-proxy", connection_thread, connection));
    }
}

/**
 * hark_test_proxy_new:
 *
 * Returns: (transfer full): a proxy on loopback that knows no host yet
 */
HarkTestProxy *
hark_test_proxy_new (void)
{
  HarkTestProxy *proxy = g_new0 (HarkTestProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  const char *no_ignores[] = { NULL };

  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->idle);
  proxy->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  proxy->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (proxy->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (proxy->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (proxy->listener, &error);
  g_assert_no_error (error);

  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  proxy->resolver = g_simple_proxy_resolver_new (proxy->url, (char **)no_ignores);
  proxy->acceptor = g_thread_new ("hark-test-proxy-accept", accept_thread, proxy);
  return proxy;
}

void
hark_test_proxy_free (HarkTestProxy *proxy)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_socket_shutdown (proxy->listener, TRUE, TRUE, NULL);
  g_socket_close (proxy->listener, NULL);
  g_thread_join (proxy->acceptor);

  /* The tunnels end when their clients or servers close. */
  g_mutex_lock (&proxy->lock);
  while (proxy->active > 0 && g_cond_wait_until (&proxy->idle, &proxy->lock, deadline))
    ;
  g_mutex_unlock (&proxy->lock);
  g_assert_cmpuint (proxy->active, ==, 0);

  g_object_unref (proxy->listener);
  g_object_unref (proxy->resolver);
  g_hash_table_unref (proxy->map);
  g_hash_table_unref (proxy->counts);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->idle);
  g_free (proxy->url);
  g_free (proxy);
}

/**
 * hark_test_proxy_map:
 * @proxy: a proxy
 * @host: a host name, e.g. "autodiscover.contoso.test"
 * @port: its port, e.g. 443
 * @target_url: a server's URL, e.g. "https://127.0.0.1:40123"
 */
void
hark_test_proxy_map (HarkTestProxy *proxy,
                     const char    *host,
                     guint16        port,
                     const char    *target_url)
{
  g_autoptr(GUri) uri = g_uri_parse (target_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  g_mutex_lock (&proxy->lock);
  g_hash_table_insert (proxy->map, g_strdup_printf ("%s:%u", host, port),
                       g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri)));
  g_mutex_unlock (&proxy->lock);
}

const char *
hark_test_proxy_get_url (HarkTestProxy *proxy)
{
  return proxy->url;
}

GProxyResolver *
hark_test_proxy_get_resolver (HarkTestProxy *proxy)
{
  return proxy->resolver;
}

/**
 * hark_test_proxy_get_count:
 *
 * Returns: how many connections asked for @host:@port
 */
guint
hark_test_proxy_get_count (HarkTestProxy *proxy,
                           const char    *host,
                           guint16        port)
{
  g_autofree char *key = g_strdup_printf ("%s:%u", host, port);
  guint count;

  g_mutex_lock (&proxy->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (proxy->counts, key));
  g_mutex_unlock (&proxy->lock);
  return count;
}
