/* um-error.c: the one table from server answers to UM_ERROR codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-error.h"

#include "um-enum-types.h"

typedef struct {
  char  *server_code;
  char  *server_message;
  guint  http_status;
} UmErrorPrivate;

static void
um_error_private_init (UmErrorPrivate *priv)
{
}

static void
um_error_private_copy (const UmErrorPrivate *src,
                       UmErrorPrivate       *dest)
{
  dest->server_code = g_strdup (src->server_code);
  dest->server_message = g_strdup (src->server_message);
  dest->http_status = src->http_status;
}

static void
um_error_private_clear (UmErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->server_message, g_free);
}

/* GLib's macro casts a byte pointer to the struct; it aligns it itself. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (UmError, um_error)
#pragma GCC diagnostic pop

typedef enum {
  MATCH_CODE,        /* fault detail ResponseCode/ExceptionType, EWS ResponseCode, faultcode */
  MATCH_FAULT_TEXT,  /* the start of the faultstring of an Exchange 2007 soap:Server fault */
  MATCH_HTTP_STATUS, /* an HTTP status that came without a SOAP answer */
} MatchKind;

/* First match wins: rows for one operation come before the general ones. */
static const struct {
  MatchKind   kind;
  const char *operation;
  const char *text;
  guint       status;
  UmError     code;
} error_table[] = {
  /* 2.2.2.1: malformed and schema-invalid requests */
  { MATCH_CODE, NULL, "ErrorInvalidRequest", 0, UM_ERROR_INVALID_REQUEST },
  { MATCH_CODE, NULL, "ErrorSchemaValidation", 0, UM_ERROR_SCHEMA_VALIDATION },
  /* 3.1.4.1 Disconnect, 3.1.4.3 GetCallInfo */
  { MATCH_CODE, NULL, "InvalidCallIdException", 0, UM_ERROR_INVALID_CALL_ID },
  /* 3.1.4.2 DisconnectPhoneCall, 3.1.4.4 GetPhoneCallInformation */
  { MATCH_CODE, NULL, "ErrorInvalidPhoneCallId", 0, UM_ERROR_INVALID_CALL_ID },
  /* 3.1.4.8 PlayOnPhone, 4.15 */
  { MATCH_CODE, NULL, "InvalidObjectIdException", 0, UM_ERROR_INVALID_OBJECT_ID },
  /* 3.1.4.7 PlayOnPhone2, and the other ways EWS refuses an id */
  { MATCH_CODE, NULL, "ErrorInvalidIdMalformed", 0, UM_ERROR_INVALID_OBJECT_ID },
  { MATCH_CODE, NULL, "ErrorInvalidIdMalformedEwsLegacyIdFormat", 0, UM_ERROR_INVALID_OBJECT_ID },
  { MATCH_CODE, NULL, "ErrorInvalidIdEmpty", 0, UM_ERROR_INVALID_OBJECT_ID },
  { MATCH_CODE, NULL, "ErrorInvalidIdXml", 0, UM_ERROR_INVALID_OBJECT_ID },
  /* 3.1.4.8 PlayOnPhone, 3.1.4.9 PlayOnPhoneGreeting */
  { MATCH_CODE, NULL, "DialingRulesException", 0, UM_ERROR_DIALING_RULES },
  /* 3.1.4.7 PlayOnPhone2 */
  { MATCH_CODE, NULL, "ErrorPhoneNumberNotDialable", 0, UM_ERROR_DIALING_RULES },
  /* Not named by [MS-OXWUMS]: the mailbox is not UM-enabled. */
  { MATCH_CODE, NULL, "UserNotUmEnabledException", 0, UM_ERROR_NOT_UM_ENABLED },
  { MATCH_CODE, NULL, "ErrorUserNotUnifiedMessagingEnabled", 0, UM_ERROR_NOT_UM_ENABLED },
  /* EWS throttling and versions */
  { MATCH_CODE, NULL, "ErrorServerBusy", 0, UM_ERROR_SERVER_BUSY },
  { MATCH_CODE, NULL, "ErrorInvalidServerVersion", 0, UM_ERROR_NOT_SUPPORTED },
  /* Appendix C <14>, <16>: Exchange 2007 names the entryId of PlayOnPhone
   * "caller ID". */
  { MATCH_FAULT_TEXT, "PlayOnPhone", "The caller ID is not valid.", 0, UM_ERROR_INVALID_OBJECT_ID },
  /* Appendix C <4>, <6>, <8>, <10>: Disconnect and GetCallInfo */
  { MATCH_FAULT_TEXT, NULL, "The caller ID is not valid.", 0, UM_ERROR_INVALID_CALL_ID },
  /* Appendix C <17>, <19> (given for a refused DialString of PlayOnPhone, but
   * the text speaks of the object identifier, so that is what it means) */
  { MATCH_FAULT_TEXT, NULL, "The object identifier is not valid.", 0, UM_ERROR_INVALID_OBJECT_ID },
  /* Appendix C <20>, <22>: PlayOnPhoneGreeting */
  { MATCH_FAULT_TEXT, NULL, "The telephone number cannot be dialed as specified.", 0,
    UM_ERROR_DIALING_RULES },
  /* The mailbox calls ([MS-OXWSCDATA] 2.2.5.24 ResponseCodeType) */
  { MATCH_CODE, NULL, "ErrorItemNotFound", 0, UM_ERROR_NOT_FOUND },
  { MATCH_CODE, NULL, "ErrorFolderNotFound", 0, UM_ERROR_NOT_FOUND },
  { MATCH_CODE, NULL, "ErrorSyncFolderNotFound", 0, UM_ERROR_NOT_FOUND },
  { MATCH_CODE, NULL, "ErrorInvalidAttachmentId", 0, UM_ERROR_NOT_FOUND },
  { MATCH_CODE, NULL, "ErrorMoveCopyFailed", 0, UM_ERROR_NOT_FOUND },
  { MATCH_CODE, NULL, "ErrorFolderExists", 0, UM_ERROR_EXISTS },
  { MATCH_CODE, NULL, "ErrorIrresolvableConflict", 0, UM_ERROR_CONFLICT },
  { MATCH_CODE, NULL, "ErrorStaleObject", 0, UM_ERROR_CONFLICT },
  { MATCH_CODE, NULL, "ErrorInvalidSyncStateData", 0, UM_ERROR_INVALID_SYNC_STATE },
  { MATCH_CODE, NULL, "ErrorSubscriptionNotFound", 0, UM_ERROR_SUBSCRIPTION },
  { MATCH_CODE, NULL, "ErrorExpiredSubscription", 0, UM_ERROR_SUBSCRIPTION },
  { MATCH_CODE, NULL, "ErrorInvalidSubscription", 0, UM_ERROR_SUBSCRIPTION },
  { MATCH_CODE, NULL, "ErrorInvalidWatermark", 0, UM_ERROR_SUBSCRIPTION },
  { MATCH_CODE, NULL, "ErrorReadEventsFailed", 0, UM_ERROR_SUBSCRIPTION },
  /* HTTP statuses without a SOAP answer */
  { MATCH_HTTP_STATUS, NULL, NULL, 401, UM_ERROR_AUTH_FAILED },
  { MATCH_HTTP_STATUS, NULL, NULL, 404, UM_ERROR_NOT_SUPPORTED },
  { MATCH_HTTP_STATUS, NULL, NULL, 405, UM_ERROR_NOT_SUPPORTED },
  { MATCH_HTTP_STATUS, NULL, NULL, 501, UM_ERROR_NOT_SUPPORTED },
  { MATCH_HTTP_STATUS, NULL, NULL, 503, UM_ERROR_SERVER_BUSY },
};

/* English, as every message of src/um: the app translates by code. */
static const char *const default_messages[] = {
  [UM_ERROR_INVALID_REQUEST] = "The server found the request malformed",
  [UM_ERROR_SCHEMA_VALIDATION] = "The server found the request invalid",
  [UM_ERROR_INVALID_CALL_ID] = "The phone call id is not valid",
  [UM_ERROR_INVALID_OBJECT_ID] = "The item or folder id is not valid",
  [UM_ERROR_INVALID_DIAL_STRING] = "The number is not a telephone number",
  [UM_ERROR_DIALING_RULES] = "Dialing rules prevent the number from being dialed",
  [UM_ERROR_NOT_UM_ENABLED] = "The mailbox is not enabled for Unified Messaging",
  [UM_ERROR_AUTH_FAILED] = "The server refused the user name or password",
  [UM_ERROR_INSECURE] = "The connection is not secure",
  [UM_ERROR_NOT_SUPPORTED] = "The server does not offer this operation",
  [UM_ERROR_SERVER_BUSY] = "The server is busy",
  [UM_ERROR_HTTP] = "The server answered with an HTTP error",
  [UM_ERROR_MALFORMED_RESPONSE] = "The server's answer could not be read",
  [UM_ERROR_RESPONSE_TOO_LARGE] = "The server's answer is too large",
  [UM_ERROR_SERVER] = "The server reported an error",
  [UM_ERROR_NOT_FOUND] = "The message or folder is not in the mailbox",
  [UM_ERROR_EXISTS] = "The folder already exists",
  [UM_ERROR_CONFLICT] = "The message changed on the server",
  [UM_ERROR_INVALID_SYNC_STATE] = "The server no longer knows the sync state",
  [UM_ERROR_SUBSCRIPTION] = "The server ended the notification subscription",
  [UM_ERROR_AUTODISCOVER] = "No Exchange server was found for the address",
};

static gboolean
text_has_prefix (const char *text,
                 const char *prefix)
{
  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*text))
    text++;

  /* The spec quotes some texts without their final period. */
  if (g_str_has_prefix (text, prefix))
    return TRUE;
  return g_str_has_suffix (prefix, ".") &&
         strncmp (text, prefix, strlen (prefix) - 1) == 0 &&
         (text[strlen (prefix) - 1] == '\0' || g_ascii_isspace (text[strlen (prefix) - 1]));
}

/**
 * um_error_code_for_server_code:
 * @operation: (nullable): the operation's element name, e.g. "PlayOnPhone"
 * @server_code: (nullable): the most specific code the server sent: the
 *   ResponseCode or ExceptionType of a fault's detail, an EWS ResponseCode, or
 *   the local part of the faultcode; a prefix such as "a:" is ignored
 * @fault_string: (nullable): the faultstring or MessageText
 *
 * Returns: the #UmError the answer means; %UM_ERROR_SERVER when it is not in
 *   the table
 */
UmError
um_error_code_for_server_code (const char *operation,
                               const char *server_code,
                               const char *fault_string)
{
  const char *colon;

  if (server_code != NULL && (colon = strrchr (server_code, ':')) != NULL)
    server_code = colon + 1;

  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (error_table[i].operation != NULL && g_strcmp0 (error_table[i].operation, operation) != 0)
        continue;

      switch (error_table[i].kind)
        {
        case MATCH_CODE:
          if (g_strcmp0 (server_code, error_table[i].text) == 0)
            return error_table[i].code;
          break;

        case MATCH_FAULT_TEXT:
          if (text_has_prefix (fault_string, error_table[i].text))
            return error_table[i].code;
          break;

        case MATCH_HTTP_STATUS:
        default:
          break;
        }
    }

  return UM_ERROR_SERVER;
}

/**
 * um_error_code_for_http_status:
 * @status: an HTTP status other than 2xx that came without a SOAP answer
 *
 * Returns: the #UmError for @status; %UM_ERROR_HTTP when it has no meaning
 *   of its own
 */
UmError
um_error_code_for_http_status (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    {
      if (error_table[i].kind == MATCH_HTTP_STATUS && error_table[i].status == status)
        return error_table[i].code;
    }

  return UM_ERROR_HTTP;
}

/**
 * um_error_new_from_server:
 * @code: the error code
 * @server_code: (nullable): the server's code, kept as sent
 * @server_message: (nullable): the server's text; it becomes the message
 * @http_status: the HTTP status of the answer, or 0
 *
 * Returns: (transfer full): a new #GError in %UM_ERROR
 */
GError *
um_error_new_from_server (UmError     code,
                          const char *server_code,
                          const char *server_message,
                          guint       http_status)
{
  g_autofree char *stripped = NULL;
  UmErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (code < G_N_ELEMENTS (default_messages), NULL);

  if (server_message != NULL)
    stripped = g_strstrip (g_strdup (server_message));

  if (stripped != NULL && stripped[0] != '\0')
    error = g_error_new_literal (UM_ERROR, code, stripped);
  else if (http_status != 0 && server_code == NULL)
    error = g_error_new (UM_ERROR, code, "%s (HTTP %u)", default_messages[code], http_status);
  else
    error = g_error_new_literal (UM_ERROR, code, default_messages[code]);

  priv = um_error_get_private (error);
  priv->server_code = g_strdup (server_code);
  priv->server_message = g_steal_pointer (&stripped);
  priv->http_status = http_status;
  return error;
}

/**
 * um_error_new_literal:
 * @code: the error code
 * @message: (nullable): the message, or %NULL for the code's default
 *
 * An error found by the client itself, with no server code.
 *
 * Returns: (transfer full): a new #GError in %UM_ERROR
 */
GError *
um_error_new_literal (UmError     code,
                      const char *message)
{
  g_return_val_if_fail (code < G_N_ELEMENTS (default_messages), NULL);

  return g_error_new_literal (UM_ERROR, code, message != NULL ? message : default_messages[code]);
}

/**
 * um_error_code_to_nick:
 * @code: an error code
 *
 * Returns: the code's nick, e.g. "invalid-call-id" for
 *   %UM_ERROR_INVALID_CALL_ID, as scripts see it
 */
const char *
um_error_code_to_nick (UmError code)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (UM_TYPE_ERROR);
  GEnumValue *value = g_enum_get_value (klass, code);

  return value != NULL ? value->value_nick : "unknown";
}

static const UmErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != UM_ERROR)
    return NULL;
  return um_error_get_private (error);
}

/**
 * um_error_get_server_code:
 * @error: a #GError
 *
 * Returns: (nullable): the code the server sent (e.g. "ErrorInvalidPhoneCallId",
 *   "InvalidCallIdException", "Server"), or %NULL
 */
const char *
um_error_get_server_code (const GError *error)
{
  const UmErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_code : NULL;
}

/**
 * um_error_get_server_message:
 * @error: a #GError
 *
 * Returns: (nullable): the faultstring or MessageText the server sent, or %NULL
 */
const char *
um_error_get_server_message (const GError *error)
{
  const UmErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_message : NULL;
}

/**
 * um_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status of the answer that carried the error, or 0
 */
guint
um_error_get_http_status (const GError *error)
{
  const UmErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}
