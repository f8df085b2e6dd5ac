/* um-client.c: every operation of [MS-OXWUMS] over one SoupSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-client-private.h"

#include "um-error.h"
#include "um-ns.h"
#include "um-validate.h"

#include <string.h>

#define READ_CHUNK_SIZE 16384
#define DEFAULT_TIMEOUT_SECONDS 60

struct _UmClient
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *legacy_url;
  char            *ews_url;
  GUri            *legacy_uri;  /* parsed once; NULL if not allowed */
  GUri            *ews_uri;
  char            *request_server_version;
  UmServerVersion *server_version;
  gsize            max_response_size;
};

G_DEFINE_FINAL_TYPE (UmClient, um_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEGACY_URL,
  PROP_EWS_URL,
  PROP_REQUEST_SERVER_VERSION,
  PROP_SERVER_VERSION,
  PROP_TLS_DATABASE,
  PROP_TIMEOUT,
  PROP_MAX_RESPONSE_SIZE,
  N_PROPS
};

enum {
  AUTHENTICATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  UmRequest    *request;
  GBytes       *body;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->request);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_strdup (host);
  if (bare[0] == '[')
    {
      memmove (bare, bare + 1, strlen (bare));
      if (bare[0] != '\0' && bare[strlen (bare) - 1] == ']')
        bare[strlen (bare) - 1] = '\0';
    }

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * um_client_check_url:
 * @url: (nullable): an endpoint URL
 * @error: return location for an error
 *
 * Credentials only ever travel over HTTPS, or over plain HTTP to this
 * computer (the reference server of the tests and the demo).
 *
 * Returns: %TRUE if requests may go to @url
 */
gboolean
um_client_check_url (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_NOT_SUPPORTED,
                                                      "No server address is set for this "
                                                      "operation"));
      return FALSE;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a server address", url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, UM_ERROR, UM_ERROR_INSECURE,
               "“%s” is not an https:// address; plain http:// is only allowed to this "
               "computer", url);
  return FALSE;
}

/* The endpoint as a GUri, if requests may go there. */
static GUri *
allowed_uri (const char *url)
{
  if (!um_client_check_url (url, NULL))
    return NULL;
  return g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
}

static gboolean
message_authenticate_cb (SoupMessage *message,
                         SoupAuth    *auth,
                         gboolean     retrying,
                         gpointer     user_data)
{
  UmClient *self = user_data;
  gboolean handled = FALSE;
  GUri *uri = soup_message_get_uri (message);

  g_autofree char *url = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);

  /* The mailbox password is for the mailbox: a proxy that asks for
   * credentials gets none (its CONNECT travels in clear). */
  if (soup_auth_is_for_proxy (auth))
    return FALSE;

  /* Never hand a password to anything but HTTPS or loopback, whatever
   * redirect brought the message here. */
  if (!um_client_check_url (url, NULL))
    return FALSE;

  g_signal_emit (self, signals[AUTHENTICATE], 0, auth, retrying, &handled);
  return handled;
}

static void deliver (GTask      *task,
                     UmResponse *response);

static void
send_complete (GTask  *task,
               GBytes *body)
{
  UmClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(UmResponse) response = NULL;
  GError *error = NULL;
  const UmServerVersion *version;

  response = um_response_new (um_request_get_operation (data->request), body,
                              soup_message_get_status (data->message),
                              self->max_response_size, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  version = um_response_get_server_version (response);
  if (version != NULL && !um_server_version_equal (version, self->server_version))
    {
      g_clear_pointer (&self->server_version, um_server_version_free);
      self->server_version = um_server_version_copy (version);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
    }

  deliver (task, response);
}

static void read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Closing a response stream before its end may make libsoup read the rest:
 * with a cancelled cancellable it drops the connection instead. */
static void
close_unread (GInputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close (stream, cancelled, NULL);
}

static void
finish_reading (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));

  g_input_stream_close (data->stream, NULL, NULL);
  send_complete (task, body);
}

static gboolean
append_chunk (GTask        *task,
              const guint8 *chunk,
              gsize         size)
{
  UmClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  if (data->buffer->len + size > self->max_response_size)
    {
      close_unread (data->stream);
      g_task_return_error (task, um_error_new_literal (UM_ERROR_RESPONSE_TOO_LARGE, NULL));
      return FALSE;
    }

  g_byte_array_append (data->buffer, chunk, size);
  return TRUE;
}

/* Reads what has arrived without waiting, which for a SOAP answer is usually
 * all of it, and waits on the main context only for the rest. Takes @task. */
static void
read_next (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (G_IS_POLLABLE_INPUT_STREAM (data->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (data->stream)))
    {
      guint8 chunk[READ_CHUNK_SIZE];

      for (;;)
        {
          GError *error = NULL;
          gssize n = g_pollable_input_stream_read_nonblocking (
            G_POLLABLE_INPUT_STREAM (data->stream), chunk, sizeof chunk, cancellable, &error);

          if (n > 0)
            {
              if (!append_chunk (task, chunk, n))
                {
                  g_object_unref (task);
                  return;
                }
              continue;
            }

          if (n == 0)
            {
              finish_reading (task);
              g_object_unref (task);
              return;
            }

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_clear_error (&error);
              break;
            }

          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
    }

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   cancellable, read_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_reading (task);
      return;
    }

  if (append_chunk (task, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk)))
    read_next (g_steal_pointer (&task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UmClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      /* GIOError, GTlsError and GResolverError reach the caller as they are. */
      g_task_return_error (task, error);
      return;
    }

  if (g_task_get_source_tag (task) == um_client_open_async &&
      SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->message)))
    {
      /* The reader of the stream keeps its own limits. */
      g_task_return_pointer (task, g_object_ref (data->stream), g_object_unref);
      return;
    }

  headers = soup_message_get_response_headers (data->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)self->max_response_size)
    {
      close_unread (data->stream);
      g_task_return_error (task, um_error_new_literal (UM_ERROR_RESPONSE_TOO_LARGE, NULL));
      return;
    }

  data->buffer = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

static void
set_request_body (SoupMessage *message,
                  GBytes      *body)
{
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);
}

static void
message_restarted_cb (SoupMessage *message,
                      gpointer     user_data)
{
  set_request_body (message, user_data);
}

static void
start_send (UmClient  *self,
            UmRequest *request,
            GTask     *task_in)
{
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *soap_action = NULL;
  SoupMessageHeaders *headers;
  SendData *data;
  UmOperation operation;
  const char *url;
  GUri *uri;
  GError *error = NULL;

  operation = um_request_get_operation (request);
  if (um_operation_get_endpoint (operation) == UM_ENDPOINT_EWS)
    {
      url = self->ews_url;
      uri = self->ews_uri;
    }
  else
    {
      url = self->legacy_url;
      uri = self->legacy_uri;
    }

  if (uri == NULL)
    {
      if (!um_client_check_url (url, &error))
        g_task_return_error (task, error);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "“%s” is not a server address", url);
      return;
    }

  data = g_new0 (SendData, 1);
  data->request = g_object_ref (request);
  data->message = soup_message_new_from_uri ("POST", uri);
  g_task_set_task_data (task, data, (GDestroyNotify)send_data_free);

  /* A SOAP post goes where it was sent or nowhere: a redirect could carry
   * it, and the password, to another host. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);

  /* libsoup opens a new connection for every POST unless told that sending
   * it twice is harmless: for those, keep-alive saves a TCP (and TLS)
   * handshake each time. */
  if (um_operation_is_idempotent (operation))
    soup_message_add_flags (data->message, SOUP_MESSAGE_IDEMPOTENT);

  data->body = um_request_to_bytes (request);
  set_request_body (data->message, data->body);
  /* libsoup 3.2 sends an empty body when it restarts a message, as it does
   * after a 401: give it the body again. */
  g_signal_connect_data (data->message, "restarted", G_CALLBACK (message_restarted_cb),
                         g_bytes_ref (data->body), (GClosureNotify)(void (*) (void))g_bytes_unref,
                         0);

  headers = soup_message_get_request_headers (data->message);
  soap_action = g_strdup_printf ("\"%s\"", um_operation_get_soap_action (operation));
  soup_message_headers_replace (headers, "SOAPAction", soap_action);
  soup_message_headers_replace (headers, "Accept", "text/xml");

  g_signal_connect_object (data->message, "authenticate",
                           G_CALLBACK (message_authenticate_cb), self, 0);

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

/**
 * um_client_send_async:
 * @self: a client
 * @request: the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Posts @request to the endpoint of its operation with the operation's
 * SOAPAction and reads the answer, at most #UmClient:max-response-size bytes.
 */
void
um_client_send_async (UmClient            *self,
                      UmRequest           *request,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (UM_IS_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_client_send_async);
  start_send (self, request, task);
}

/**
 * um_client_open_async:
 * @self: a client
 * @request: the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the answer starts
 * @user_data: data for @callback
 *
 * Like um_client_send_async(), but hands over the body of a successful
 * answer as a stream, unread: for answers too large to hold (attachments) or
 * that never end (streaming notifications). An answer with an HTTP error
 * status is read and becomes the error, as with um_client_send_async().
 */
void
um_client_open_async (UmClient            *self,
                      UmRequest           *request,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (UM_IS_REQUEST (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_client_open_async);
  start_send (self, request, task);
}

/**
 * um_client_open_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the body of the answer; close it
 *   with a cancelled #GCancellable to drop the rest
 */
GInputStream *
um_client_open_finish (UmClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == um_client_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * um_client_send_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the successful answer
 */
UmResponse *
um_client_send_finish (UmClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == um_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
logger_printer (SoupLogger         *logger,
                SoupLoggerLogLevel  level,
                char                direction,
                const char         *data,
                gpointer            user_data)
{
  if (g_ascii_strncasecmp (data, "Authorization:", 14) == 0 ||
      g_ascii_strncasecmp (data, "Proxy-Authorization:", 20) == 0)
    {
      const char *colon = strchr (data, ':');

      g_printerr ("%c %.*s: [redacted]\n", direction, (int)(colon - data), data);
      return;
    }
  g_printerr ("%c %s\n", direction, data);
}

static void
setup_debug_logging (UmClient *self)
{
  const char *debug = g_getenv ("UM_DEBUG");
  g_autoptr(SoupLogger) logger = NULL;
  SoupLoggerLogLevel level;

  if (debug == NULL || debug[0] == '\0' || g_str_equal (debug, "0"))
    return;

  level = g_str_equal (debug, "1") ? SOUP_LOGGER_LOG_HEADERS : SOUP_LOGGER_LOG_BODY;
  logger = soup_logger_new (level);
  soup_logger_set_printer (logger, logger_printer, NULL, NULL);
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (logger));
}

static void
um_client_dispose (GObject *object)
{
  UmClient *self = (UmClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (um_client_parent_class)->dispose (object);
}

static void
um_client_finalize (GObject *object)
{
  UmClient *self = (UmClient *)object;

  g_clear_pointer (&self->legacy_url, g_free);
  g_clear_pointer (&self->ews_url, g_free);
  g_clear_pointer (&self->legacy_uri, g_uri_unref);
  g_clear_pointer (&self->ews_uri, g_uri_unref);
  g_clear_pointer (&self->request_server_version, g_free);
  g_clear_pointer (&self->server_version, um_server_version_free);

  G_OBJECT_CLASS (um_client_parent_class)->finalize (object);
}

static void
um_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UmClient *self = UM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LEGACY_URL:
      g_value_set_string (value, self->legacy_url);
      break;

    case PROP_EWS_URL:
      g_value_set_string (value, self->ews_url);
      break;

    case PROP_REQUEST_SERVER_VERSION:
      g_value_set_string (value, self->request_server_version);
      break;

    case PROP_SERVER_VERSION:
      g_value_set_boxed (value, self->server_version);
      break;

    case PROP_TLS_DATABASE:
      g_value_set_object (value, um_client_get_tls_database (self));
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, um_client_get_timeout (self));
      break;

    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  UmClient *self = UM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LEGACY_URL:
      um_client_set_legacy_url (self, g_value_get_string (value));
      break;

    case PROP_EWS_URL:
      um_client_set_ews_url (self, g_value_get_string (value));
      break;

    case PROP_REQUEST_SERVER_VERSION:
      um_client_set_request_server_version (self, g_value_get_string (value));
      break;

    case PROP_TLS_DATABASE:
      um_client_set_tls_database (self, g_value_get_object (value));
      break;

    case PROP_TIMEOUT:
      um_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RESPONSE_SIZE:
      um_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_client_class_init (UmClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = um_client_dispose;
  object_class->finalize = um_client_finalize;
  object_class->get_property = um_client_get_property;
  object_class->set_property = um_client_set_property;

  /**
   * UmClient:legacy-url:
   *
   * The UM web service (UMUrl): IsUMEnabled, GetUMProperties, the Set
   * operations, ResetPIN, PlayOnPhone, PlayOnPhoneGreeting, GetCallInfo and
   * Disconnect.
   */
  properties[PROP_LEGACY_URL] =
    g_param_spec_string ("legacy-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmClient:ews-url:
   *
   * The EWS endpoint (EwsUrl): PlayOnPhone2, GetPhoneCallInformation and
   * DisconnectPhoneCall.
   */
  properties[PROP_EWS_URL] =
    g_param_spec_string ("ews-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmClient:request-server-version:
   *
   * The RequestServerVersion header of the EWS operations.
   */
  properties[PROP_REQUEST_SERVER_VERSION] =
    g_param_spec_string ("request-server-version", NULL, NULL, "Exchange2013",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmClient:server-version:
   *
   * The last ServerVersionInfo the server sent, or %NULL.
   */
  properties[PROP_SERVER_VERSION] =
    g_param_spec_boxed ("server-version", NULL, NULL, UM_TYPE_SERVER_VERSION,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL, 1024, G_MAXUINT32,
                         UM_RESPONSE_DEFAULT_MAX_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UmClient::authenticate:
   * @self: the client
   * @auth: the #SoupAuth (Basic or NTLM) to authenticate
   * @retrying: %TRUE if the last credentials were refused
   *
   * The server asks for credentials. Call soup_auth_authenticate() and return
   * %TRUE, or keep a reference to @auth, return %TRUE and authenticate (or
   * soup_auth_cancel()) later. Return %FALSE to give up: the operation then
   * fails with %UM_ERROR_AUTH_FAILED. Never emitted for plain HTTP to another
   * computer.
   *
   * Returns: %TRUE if the handler takes care of @auth
   */
  signals[AUTHENTICATE] =
    g_signal_new ("authenticate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 2, SOUP_TYPE_AUTH, G_TYPE_BOOLEAN);
}

static void
um_client_init (UmClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Hark/%s", PACKAGE_VERSION);

  self->request_server_version = g_strdup ("Exchange2013");
  self->max_response_size = UM_RESPONSE_DEFAULT_MAX_SIZE;
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 NULL);
  soup_session_add_feature_by_type (self->session, SOUP_TYPE_AUTH_NTLM);
  setup_debug_logging (self);
}

/**
 * um_client_new:
 * @legacy_url: (nullable): the UM web service URL, e.g.
 *   "https://mail.example.com/EWS/UM2007Legacy.asmx"
 * @ews_url: (nullable): the EWS URL, e.g. "https://mail.example.com/EWS/Exchange.asmx"
 *
 * Returns: (transfer full): a new client
 */
UmClient *
um_client_new (const char *legacy_url,
               const char *ews_url)
{
  return g_object_new (UM_TYPE_CLIENT,
                       "legacy-url", legacy_url,
                       "ews-url", ews_url,
                       NULL);
}

/**
 * um_client_new_for_server:
 * @server_url: e.g. "https://mail.example.com"
 *
 * Returns: (transfer full): a client for the two endpoints where Exchange
 *   publishes them on @server_url
 */
UmClient *
um_client_new_for_server (const char *server_url)
{
  g_autofree char *base = NULL;
  g_autofree char *legacy_url = NULL;
  g_autofree char *ews_url = NULL;
  gsize len;

  g_return_val_if_fail (server_url != NULL, NULL);

  base = g_strdup (server_url);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  legacy_url = g_strconcat (base, UM_LEGACY_PATH, NULL);
  ews_url = g_strconcat (base, UM_EWS_PATH, NULL);
  return um_client_new (legacy_url, ews_url);
}

const char *
um_client_get_legacy_url (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return self->legacy_url;
}

const char *
um_client_get_ews_url (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return self->ews_url;
}

static gboolean
is_loopback_uri (GUri *uri)
{
  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

/* A server on this computer is never reached through a proxy: plain-HTTP
 * credentials meant for loopback must not cross the network. */
static void
update_proxy_resolver (UmClient *self)
{
  if (is_loopback_uri (self->legacy_uri) || is_loopback_uri (self->ews_uri))
    soup_session_set_proxy_resolver (self->session, NULL);
  else
    soup_session_set_proxy_resolver (self->session, g_proxy_resolver_get_default ());
}

/**
 * um_client_set_legacy_url:
 * @self: a client
 * @url: (nullable): the UM web service URL
 *
 * Requests fail with %UM_ERROR_INSECURE unless @url is https:// or plain
 * http:// to this computer.
 */
void
um_client_set_legacy_url (UmClient   *self,
                          const char *url)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  if (!set_str (&self->legacy_url, url))
    return;

  g_clear_pointer (&self->legacy_uri, g_uri_unref);
  self->legacy_uri = allowed_uri (self->legacy_url);
  update_proxy_resolver (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEGACY_URL]);
}

/**
 * um_client_set_ews_url:
 * @self: a client
 * @url: (nullable): the EWS URL
 *
 * As um_client_set_legacy_url(), for the EWS endpoint.
 */
void
um_client_set_ews_url (UmClient   *self,
                       const char *url)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  if (!set_str (&self->ews_url, url))
    return;

  g_clear_pointer (&self->ews_uri, g_uri_unref);
  self->ews_uri = allowed_uri (self->ews_url);
  update_proxy_resolver (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EWS_URL]);
}

const char *
um_client_get_request_server_version (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return self->request_server_version;
}

void
um_client_set_request_server_version (UmClient   *self,
                                      const char *version)
{
  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (version != NULL);

  if (set_str (&self->request_server_version, version))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_SERVER_VERSION]);
}

/**
 * um_client_get_server_version:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the ServerVersionInfo of the last EWS
 *   answer that had one
 */
const UmServerVersion *
um_client_get_server_version (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return self->server_version;
}

/**
 * um_client_get_tls_database:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the database certificates are checked
 *   against, or %NULL for the system's
 */
GTlsDatabase *
um_client_get_tls_database (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return soup_session_get_tls_database (self->session);
}

/**
 * um_client_set_tls_database:
 * @self: a client
 * @database: (nullable): the authorities to trust, or %NULL for the system's
 */
void
um_client_set_tls_database (UmClient     *self,
                            GTlsDatabase *database)
{
  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  /* NULL means the system's authorities; libsoup would trust nothing. */
  if (database == NULL)
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  else
    g_object_ref (database);

  if (soup_session_get_tls_database (self->session) == database)
    {
      g_clear_object (&database);
      return;
    }

  soup_session_set_tls_database (self->session, database);
  g_clear_object (&database);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

/**
 * um_client_set_ca_file:
 * @self: a client
 * @path: a PEM file of the certificate authorities to trust
 * @error: return location for an error
 *
 * Trusts the authorities in @path instead of the system's.
 *
 * Returns: %TRUE if @path was read
 */
gboolean
um_client_set_ca_file (UmClient    *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, error);
  if (database == NULL)
    return FALSE;

  um_client_set_tls_database (self, database);
  return TRUE;
}

guint
um_client_get_timeout (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), 0);

  return soup_session_get_timeout (self->session);
}

void
um_client_set_timeout (UmClient *self,
                       guint     seconds)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  if (soup_session_get_timeout (self->session) == seconds)
    return;

  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gsize
um_client_get_max_response_size (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), 0);

  return self->max_response_size;
}

void
um_client_set_max_response_size (UmClient *self,
                                 gsize     size)
{
  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (size >= 1024);

  if (self->max_response_size == size)
    return;

  self->max_response_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_SIZE]);
}

/**
 * um_client_get_session:
 * @self: a client
 *
 * Returns: (transfer none): the session every request of @self goes through
 */
SoupSession *
um_client_get_session (UmClient *self)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);

  return self->session;
}

/* The operations */

/* Hands the successful answer of @task's operation to its caller: as it
 * is for um_client_send_async(), read into the operation's result otherwise. */
static void
deliver (GTask      *task,
         UmResponse *response)
{
  GError *error = NULL;
  gboolean value;
  gpointer pointer;

  if (g_task_get_source_tag (task) == um_client_send_async)
    {
      g_task_return_pointer (task, g_object_ref (response), g_object_unref);
      return;
    }

  /* An HTTP success is handed over as a stream before this; a SOAP answer
   * that reads as a success despite an error status is still an error. */
  if (g_task_get_source_tag (task) == um_client_open_async)
    {
      g_task_return_new_error (task, UM_ERROR, UM_ERROR_HTTP,
                               "The server answered %s with an HTTP error",
                               um_operation_get_name (um_response_get_operation (response)));
      return;
    }

  switch (um_response_get_operation (response))
    {
    case UM_OPERATION_IS_UM_ENABLED:
      if (um_response_read_boolean (response, &value, &error))
        g_task_return_int (task, value);
      else
        g_task_return_error (task, error);
      break;

    case UM_OPERATION_GET_UM_PROPERTIES:
      pointer = um_response_read_properties (response, &error);
      if (pointer != NULL)
        g_task_return_pointer (task, pointer, (GDestroyNotify)um_properties_free);
      else
        g_task_return_error (task, error);
      break;

    case UM_OPERATION_PLAY_ON_PHONE:
    case UM_OPERATION_PLAY_ON_PHONE_GREETING:
    case UM_OPERATION_PLAY_ON_PHONE2:
      pointer = um_response_read_call_id (response, &error);
      if (pointer != NULL)
        g_task_return_pointer (task, pointer, g_free);
      else
        g_task_return_error (task, error);
      break;

    case UM_OPERATION_GET_CALL_INFO:
    case UM_OPERATION_GET_PHONE_CALL_INFORMATION:
      pointer = um_response_read_call_info (response, &error);
      if (pointer != NULL)
        g_task_return_pointer (task, pointer, (GDestroyNotify)um_call_info_free);
      else
        g_task_return_error (task, error);
      break;

    case UM_OPERATION_SET_OOF_STATUS:
    case UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED:
    case UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING:
    case UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL:
    case UM_OPERATION_RESET_PIN:
    case UM_OPERATION_DISCONNECT:
    case UM_OPERATION_DISCONNECT_PHONE_CALL:
      if (um_response_read_empty (response, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;

    case UM_N_OPERATIONS:
    default:
      g_assert_not_reached ();
    }
}


static void
call (UmClient            *self,
      UmRequest           *request,
      gpointer             source_tag,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  start_send (self, request, task);
}

static UmRequest *
new_request (UmClient    *self,
             UmOperation  operation)
{
  return um_request_new (operation, self->request_server_version);
}

static gboolean
check_finish (UmClient     *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

void
um_client_is_um_enabled_async (UmClient            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  request = new_request (self, UM_OPERATION_IS_UM_ENABLED);
  call (self, request, um_client_is_um_enabled_async, cancellable, callback, user_data);
}

/**
 * um_client_is_um_enabled_finish:
 * @self: a client
 * @result: the result
 * @enabled: (out): whether the mailbox is enabled for Unified Messaging
 * @error: return location for an error
 *
 * Returns: %TRUE if @enabled was set
 */
gboolean
um_client_is_um_enabled_finish (UmClient      *self,
                                GAsyncResult  *result,
                                gboolean      *enabled,
                                GError       **error)
{
  gssize value;

  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_is_um_enabled_async), FALSE);
  g_return_val_if_fail (enabled != NULL, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  *enabled = value != 0;
  return TRUE;
}

void
um_client_get_um_properties_async (UmClient            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  request = new_request (self, UM_OPERATION_GET_UM_PROPERTIES);
  call (self, request, um_client_get_um_properties_async, cancellable, callback, user_data);
}

/**
 * um_client_get_um_properties_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the user's UM properties
 */
UmProperties *
um_client_get_um_properties_finish (UmClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_get_um_properties_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
um_client_set_oof_status_async (UmClient            *self,
                                gboolean             enabled,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  request = new_request (self, UM_OPERATION_SET_OOF_STATUS);
  um_request_add_element (request, NULL, "status", enabled ? "true" : "false");
  call (self, request, um_client_set_oof_status_async, cancellable, callback, user_data);
}

gboolean
um_client_set_oof_status_finish (UmClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_set_oof_status_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
um_client_set_missed_call_notification_enabled_async (UmClient            *self,
                                                      gboolean             enabled,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  request = new_request (self, UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED);
  um_request_add_element (request, NULL, "status", enabled ? "true" : "false");
  call (self, request, um_client_set_missed_call_notification_enabled_async,
        cancellable, callback, user_data);
}

gboolean
um_client_set_missed_call_notification_enabled_finish (UmClient      *self,
                                                       GAsyncResult  *result,
                                                       GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result,
                                      um_client_set_missed_call_notification_enabled_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * um_client_set_play_on_phone_dial_string_async:
 * @self: a client
 * @dial_string: the default number for play-on-phone ([RFC3966])
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fails with %UM_ERROR_INVALID_DIAL_STRING, without sending, when
 * @dial_string is not a telephone number.
 */
void
um_client_set_play_on_phone_dial_string_async (UmClient            *self,
                                               const char          *dial_string,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  GError *error = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  if (!um_validate_dial_string (dial_string, &error))
    {
      g_task_report_error (self, callback, user_data,
                           um_client_set_play_on_phone_dial_string_async, error);
      return;
    }

  request = new_request (self, UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING);
  um_request_add_element (request, NULL, "dialString", dial_string);
  call (self, request, um_client_set_play_on_phone_dial_string_async,
        cancellable, callback, user_data);
}

gboolean
um_client_set_play_on_phone_dial_string_finish (UmClient      *self,
                                                GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result,
                                      um_client_set_play_on_phone_dial_string_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * um_client_set_telephone_access_folder_email_async:
 * @self: a client
 * @base64_folder_id: the folder's EntryID, base64
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fails with %UM_ERROR_INVALID_OBJECT_ID, without sending, when
 * @base64_folder_id is not base64.
 */
void
um_client_set_telephone_access_folder_email_async (UmClient            *self,
                                                   const char          *base64_folder_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  GError *error = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  if (!um_validate_base64_id (base64_folder_id, &error))
    {
      g_task_report_error (self, callback, user_data,
                           um_client_set_telephone_access_folder_email_async, error);
      return;
    }

  request = new_request (self, UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL);
  um_request_add_element (request, NULL, "base64FolderId", base64_folder_id);
  call (self, request, um_client_set_telephone_access_folder_email_async,
        cancellable, callback, user_data);
}

gboolean
um_client_set_telephone_access_folder_email_finish (UmClient      *self,
                                                    GAsyncResult  *result,
                                                    GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result,
                                      um_client_set_telephone_access_folder_email_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * um_client_reset_pin_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the server for a new voice-access PIN; Exchange mails it to the user.
 */
void
um_client_reset_pin_async (UmClient            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  request = new_request (self, UM_OPERATION_RESET_PIN);
  call (self, request, um_client_reset_pin_async, cancellable, callback, user_data);
}

gboolean
um_client_reset_pin_finish (UmClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_reset_pin_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
validate_play (const char  *id,
               const char  *dial_string,
               GError     **error)
{
  return um_validate_base64_id (id, error) && um_validate_dial_string (dial_string, error);
}

/**
 * um_client_play_on_phone_async:
 * @self: a client
 * @entry_id: the item's EntryID, base64 (3.1.4.8.2.1)
 * @dial_string: the number to call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * PlayOnPhone on the legacy endpoint: the call is followed with
 * um_client_get_call_info_async() and ended with um_client_disconnect_async().
 */
void
um_client_play_on_phone_async (UmClient            *self,
                               const char          *entry_id,
                               const char          *dial_string,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  GError *error = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  if (!validate_play (entry_id, dial_string, &error))
    {
      g_task_report_error (self, callback, user_data, um_client_play_on_phone_async, error);
      return;
    }

  request = new_request (self, UM_OPERATION_PLAY_ON_PHONE);
  um_request_add_element (request, NULL, "entryId", entry_id);
  um_request_add_element (request, NULL, "DialString", dial_string);
  call (self, request, um_client_play_on_phone_async, cancellable, callback, user_data);
}

/**
 * um_client_play_on_phone_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the phone call id
 */
char *
um_client_play_on_phone_finish (UmClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_play_on_phone_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * um_client_play_on_phone_greeting_async:
 * @self: a client
 * @greeting: the greeting to play and record
 * @dial_string: the number to call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
um_client_play_on_phone_greeting_async (UmClient            *self,
                                        UmGreetingType       greeting,
                                        const char          *dial_string,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  GError *error = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));
  g_return_if_fail (greeting == UM_GREETING_TYPE_NORMAL_CUSTOM ||
                    greeting == UM_GREETING_TYPE_OOF_CUSTOM);

  if (!um_validate_dial_string (dial_string, &error))
    {
      g_task_report_error (self, callback, user_data, um_client_play_on_phone_greeting_async,
                           error);
      return;
    }

  request = new_request (self, UM_OPERATION_PLAY_ON_PHONE_GREETING);
  um_request_add_element (request, NULL, "GreetingType", um_greeting_type_to_wire (greeting));
  um_request_add_element (request, NULL, "DialString", dial_string);
  call (self, request, um_client_play_on_phone_greeting_async, cancellable, callback, user_data);
}

/**
 * um_client_play_on_phone_greeting_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the phone call id
 */
char *
um_client_play_on_phone_greeting_finish (UmClient      *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_play_on_phone_greeting_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
call_with_id (UmClient            *self,
              UmOperation          operation,
              const char          *call_id,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  GError *error = NULL;

  if (!um_validate_call_id (call_id, &error))
    {
      g_task_report_error (self, callback, user_data, source_tag, error);
      return;
    }

  request = new_request (self, operation);
  if (um_operation_get_endpoint (operation) == UM_ENDPOINT_EWS)
    {
      xmlNode *node = um_request_add_element (request, NULL, "PhoneCallId", NULL);

      um_request_set_attribute (request, node, "Id", call_id);
    }
  else
    {
      um_request_add_element (request, NULL, "CallId", call_id);
    }
  call (self, request, source_tag, cancellable, callback, user_data);
}

void
um_client_get_call_info_async (UmClient            *self,
                               const char          *call_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self, UM_OPERATION_GET_CALL_INFO, call_id, um_client_get_call_info_async,
                cancellable, callback, user_data);
}

/**
 * um_client_get_call_info_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the call's state and cause
 */
UmCallInfo *
um_client_get_call_info_finish (UmClient      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_get_call_info_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
um_client_disconnect_async (UmClient            *self,
                            const char          *call_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self, UM_OPERATION_DISCONNECT, call_id, um_client_disconnect_async,
                cancellable, callback, user_data);
}

gboolean
um_client_disconnect_finish (UmClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_disconnect_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * um_client_play_on_phone2_async:
 * @self: a client
 * @item_id: the item's EWS id
 * @dial_string: the number to call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * PlayOnPhone2 on the EWS endpoint: the call is followed with
 * um_client_get_phone_call_information_async() and ended with
 * um_client_disconnect_phone_call_async().
 */
void
um_client_play_on_phone2_async (UmClient            *self,
                                const char          *item_id,
                                const char          *dial_string,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *node;
  GError *error = NULL;

  g_return_if_fail (UM_IS_CLIENT (self));

  if (!validate_play (item_id, dial_string, &error))
    {
      g_task_report_error (self, callback, user_data, um_client_play_on_phone2_async, error);
      return;
    }

  request = new_request (self, UM_OPERATION_PLAY_ON_PHONE2);
  node = um_request_add_element (request, NULL, "ItemId", NULL);
  um_request_set_attribute (request, node, "Id", item_id);
  um_request_add_element (request, NULL, "DialString", dial_string);
  call (self, request, um_client_play_on_phone2_async, cancellable, callback, user_data);
}

/**
 * um_client_play_on_phone2_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the phone call id
 */
char *
um_client_play_on_phone2_finish (UmClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_play_on_phone2_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
um_client_get_phone_call_information_async (UmClient            *self,
                                            const char          *call_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self, UM_OPERATION_GET_PHONE_CALL_INFORMATION, call_id,
                um_client_get_phone_call_information_async, cancellable, callback, user_data);
}

/**
 * um_client_get_phone_call_information_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the call's state, cause and SIP answer
 */
UmCallInfo *
um_client_get_phone_call_information_finish (UmClient      *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_get_phone_call_information_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
um_client_disconnect_phone_call_async (UmClient            *self,
                                       const char          *call_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self, UM_OPERATION_DISCONNECT_PHONE_CALL, call_id,
                um_client_disconnect_phone_call_async, cancellable, callback, user_data);
}

gboolean
um_client_disconnect_phone_call_finish (UmClient      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_disconnect_phone_call_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * um_client_get_call_async:
 * @self: a client
 * @kind: how the call was placed
 * @call_id: the phone call id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * GetCallInfo or GetPhoneCallInformation, whichever belongs to @kind.
 */
void
um_client_get_call_async (UmClient            *self,
                          UmCallKind           kind,
                          const char          *call_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self,
                kind == UM_CALL_KIND_EWS ? UM_OPERATION_GET_PHONE_CALL_INFORMATION
                                         : UM_OPERATION_GET_CALL_INFO,
                call_id, um_client_get_call_async, cancellable, callback, user_data);
}

/**
 * um_client_get_call_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the call's state
 */
UmCallInfo *
um_client_get_call_finish (UmClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (check_finish (self, result, um_client_get_call_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * um_client_disconnect_call_async:
 * @self: a client
 * @kind: how the call was placed
 * @call_id: the phone call id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Disconnect or DisconnectPhoneCall, whichever belongs to @kind.
 */
void
um_client_disconnect_call_async (UmClient            *self,
                                 UmCallKind           kind,
                                 const char          *call_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (UM_IS_CLIENT (self));

  call_with_id (self,
                kind == UM_CALL_KIND_EWS ? UM_OPERATION_DISCONNECT_PHONE_CALL
                                         : UM_OPERATION_DISCONNECT,
                call_id, um_client_disconnect_call_async, cancellable, callback, user_data);
}

gboolean
um_client_disconnect_call_finish (UmClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (UM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (check_finish (self, result, um_client_disconnect_call_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
