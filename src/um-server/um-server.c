/* um-server.c: both endpoints of [MS-OXWUMS] on a SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loopback only. Every request: HTTP Basic for a known account, POST of
 * text/xml, well-formed (else the 2.2.2.1 fault), valid (else
 * ErrorSchemaValidation), the SOAPAction of its operation, then the operation.
 */

#include "config.h"

#include "um-server.h"

#include "um-ns.h"
#include "um-server-demo.h"
#include "um-server-ews.h"
#include "um-server-soap.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

/* A greeting session stays Connected this long if nobody hangs up. */
#define GREETING_SESSION_SECONDS 60.0

#define MESSAGE_INVALID_REQUEST "The request is invalid."
#define MESSAGE_SCHEMA_VALIDATION "The request failed schema validation."
#define MESSAGE_INVALID_CALL_ID "The call identifier isn't valid."
#define MESSAGE_INVALID_OBJECT_ID "The object identifier isn't valid."
#define MESSAGE_DIALING_RULES \
  "Dialing restrictions are preventing the phone number that was entered from being dialed."
#define MESSAGE_NOT_UM_ENABLED "The user isn't enabled for Unified Messaging."
#define MESSAGE_INVALID_PHONE_CALL_ID "The phone call ID isn't valid."
#define MESSAGE_ID_MALFORMED "Id is malformed."

struct _UmServer
{
  GObject         parent_instance;

  SoupServer     *soup;
  SoupAuthDomain *auth_domain;
  GHashTable     *accounts;
  UmServerPhone  *phone;
  GTlsCertificate *certificate;
  char           *log_dir;
  char           *url;
  char           *version_xml;
  guint           request_count;
  GPtrArray      *streams;
  guint           heartbeat_seconds;
  guint           attachment_bytes_per_tick;
  UmServerAutodiscoverMode autodiscover_mode;
  char           *autodiscover_value;
  char           *public_url;
};

G_DEFINE_FINAL_TYPE (UmServer, um_server, G_TYPE_OBJECT)

typedef struct {
  UmServer          *server;
  UmServerAccount   *account;
  UmServerRequest   *request;
  SoupServerMessage *msg;
  guint              status;
  char              *body;
  gboolean           streaming;
} Exchange;

/* An account by its user name, or by its e-mail address (a UPN). */
static UmServerAccount *
find_account (UmServer   *self,
              const char *user)
{
  UmServerAccount *account;
  GHashTableIter iter;

  if (user == NULL)
    return NULL;

  account = g_hash_table_lookup (self->accounts, user);
  if (account != NULL)
    return account;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&account))
    {
      if (um_server_account_get_email (account) != NULL &&
          g_ascii_strcasecmp (um_server_account_get_email (account), user) == 0)
        return account;
    }
  return NULL;
}

static gboolean
auth_cb (SoupAuthDomain    *domain,
         SoupServerMessage *msg,
         const char        *username,
         const char        *password,
         gpointer           user_data)
{
  UmServer *self = user_data;
  UmServerAccount *account = find_account (self, username);

  return account != NULL && um_server_account_check_password (account, password);
}

/* The HTTP redirect probe of Autodiscover comes without credentials. */
static gboolean
auth_filter_cb (SoupAuthDomain    *domain,
                SoupServerMessage *msg,
                gpointer           user_data)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  return !(soup_server_message_get_method (msg) == SOUP_METHOD_GET &&
           g_ascii_strncasecmp (path, "/autodiscover/", 14) == 0);
}

static void
log_body (UmServer   *self,
          guint       number,
          const char *name,
          const char *kind,
          const char *data,
          gsize       size)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (self->log_dir == NULL)
    return;

  file = g_strdup_printf ("%04u-%s.%s.xml", number, name, kind);
  path = g_build_filename (self->log_dir, file, NULL);
  if (!g_file_set_contents (path, data, size, &error))
    g_printerr ("hark-server: cannot log to %s: %s\n", path, error->message);
}

static void
reply (Exchange *exchange,
       char     *body)
{
  g_free (exchange->body);
  exchange->body = body;
  exchange->status = SOUP_STATUS_OK;
}

static void
reply_fault (Exchange *exchange,
             char     *body)
{
  reply (exchange, body);
  exchange->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

static void
reply_legacy (Exchange   *exchange,
              const char *body_xml)
{
  reply (exchange, um_server_soap_legacy_response (body_xml));
}

static void
reply_legacy_empty (Exchange *exchange)
{
  g_autofree char *body = g_strdup_printf ("<%sResponse xmlns=\"" UM_NS_MESSAGES "\" />",
                                           exchange->request->name);

  reply_legacy (exchange, body);
}

static void
reply_ews (Exchange   *exchange,
           const char *body_xml)
{
  reply (exchange, um_server_soap_ews_response (exchange->server->version_xml, body_xml));
}

static void
reply_ews_error (Exchange   *exchange,
                 const char *response_element,
                 const char *code,
                 const char *message)
{
  g_autofree char *body = um_server_soap_ews_error (response_element, code, message);

  reply_ews (exchange, body);
}

static gboolean
is_base64 (const char *text)
{
  gsize len;
  gsize padding = 0;

  if (text == NULL || text[0] == '\0')
    return FALSE;

  len = strlen (text);
  while (padding < 2 && padding < len && text[len - 1 - padding] == '=')
    padding++;
  if (len % 4 != 0 || padding == len)
    return FALSE;

  for (gsize i = 0; i < len - padding; i++)
    {
      if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
        return FALSE;
    }
  return TRUE;
}

static gboolean
dialable (Exchange   *exchange,
          const char *dial_string)
{
  return um_server_phone_dial_outcome (exchange->server->phone, dial_string) !=
         UM_SERVER_PHONE_OUTCOME_REFUSED;
}

/* The legacy operations (UM2007Legacy.asmx) */

static void
handle_is_um_enabled (Exchange *exchange)
{
  g_autofree char *body =
    g_strdup_printf ("<IsUMEnabledResponse xmlns=\"" UM_NS_MESSAGES "\">"
                     "<IsUMEnabledResponse>%s</IsUMEnabledResponse>"
                     "</IsUMEnabledResponse>",
                     um_server_account_get_um_enabled (exchange->account) ? "true" : "false");

  reply_legacy (exchange, body);
}

static void
handle_get_um_properties (Exchange *exchange)
{
  UmServerAccount *account = exchange->account;
  g_autofree char *dial_string =
    um_server_soap_escape (um_server_account_get_play_on_phone_dial_string (account));
  g_autofree char *folder =
    um_server_soap_escape (um_server_account_get_telephone_access_folder (account));
  const char *numbers = um_server_account_get_telephone_access_numbers (account);
  g_autofree char *numbers_xml = NULL;
  g_autofree char *body = NULL;

  /* TelephoneAccessNumbers MUST be present if set, MUST NOT otherwise; the
   * others MUST be present (3.1.4.5.3.1). */
  if (numbers != NULL)
    {
      g_autofree char *escaped = um_server_soap_escape (numbers);

      numbers_xml = g_strdup_printf ("<TelephoneAccessNumbers>%s</TelephoneAccessNumbers>",
                                     escaped);
    }

  body = g_strdup_printf ("<GetUMPropertiesResponse xmlns=\"" UM_NS_MESSAGES "\">"
                          "<GetUMPropertiesResponse>"
                          "<OofStatus>%s</OofStatus>"
                          "<MissedCallNotificationEnabled>%s</MissedCallNotificationEnabled>"
                          "<PlayOnPhoneDialString>%s</PlayOnPhoneDialString>"
                          "%s"
                          "<TelephoneAccessFolderEmail>%s</TelephoneAccessFolderEmail>"
                          "</GetUMPropertiesResponse>"
                          "</GetUMPropertiesResponse>",
                          um_server_account_get_oof_status (account) ? "true" : "false",
                          um_server_account_get_missed_call_notification_enabled (account)
                          ? "true" : "false",
                          dial_string,
                          numbers_xml != NULL ? numbers_xml : "",
                          folder);
  reply_legacy (exchange, body);
}

static gboolean
read_boolean (Exchange *exchange)
{
  g_autofree char *text = um_server_request_dup_text (exchange->request, "status");

  g_strstrip (text);
  return g_str_equal (text, "true") || g_str_equal (text, "1");
}

static void
handle_set_oof_status (Exchange *exchange)
{
  um_server_account_set_oof_status (exchange->account, read_boolean (exchange));
  reply_legacy_empty (exchange);
}

static void
handle_set_missed_call_notification_enabled (Exchange *exchange)
{
  um_server_account_set_missed_call_notification_enabled (exchange->account,
                                                          read_boolean (exchange));
  reply_legacy_empty (exchange);
}

static void
reply_dialing_rules (Exchange *exchange)
{
  reply_fault (exchange, um_server_soap_exception_fault ("DialingRulesException",
                                                         MESSAGE_DIALING_RULES, FALSE));
}

static void
reply_invalid_object_id (Exchange *exchange)
{
  reply_fault (exchange, um_server_soap_exception_fault ("InvalidObjectIdException",
                                                         MESSAGE_INVALID_OBJECT_ID, FALSE));
}

static void
handle_set_play_on_phone_dial_string (Exchange *exchange)
{
  g_autofree char *dial_string = um_server_request_dup_text (exchange->request, "dialString");

  /* The default number is checked against the dialing rules as PlayOnPhone
   * would check it. */
  if (dial_string == NULL || !dialable (exchange, dial_string))
    {
      reply_dialing_rules (exchange);
      return;
    }

  um_server_account_set_play_on_phone_dial_string (exchange->account, g_strstrip (dial_string));
  reply_legacy_empty (exchange);
}

static void
handle_set_telephone_access_folder_email (Exchange *exchange)
{
  g_autofree char *folder = um_server_request_dup_text (exchange->request, "base64FolderId");

  if (folder != NULL)
    g_strstrip (folder);

  if (!is_base64 (folder))
    {
      reply_invalid_object_id (exchange);
      return;
    }

  um_server_account_set_telephone_access_folder (exchange->account, folder);
  reply_legacy_empty (exchange);
}

static void
handle_reset_pin (Exchange *exchange)
{
  um_server_account_record_pin_reset (exchange->account);
  reply_legacy_empty (exchange);
}

static void
reply_call_id (Exchange   *exchange,
               const char *call_id)
{
  g_autofree char *escaped = um_server_soap_escape (call_id);
  g_autofree char *body =
    g_strdup_printf ("<%1$sResponse xmlns=\"" UM_NS_MESSAGES "\">"
                     "<%1$sResponse>%2$s</%1$sResponse>"
                     "</%1$sResponse>",
                     exchange->request->name, escaped);

  reply_legacy (exchange, body);
}

/* A message to play: one added with um_server_account_add_item(), or one of
 * the mailbox, by its EntryID (PlayOnPhone) or ItemId (PlayOnPhone2). */
static gboolean
find_playable (Exchange   *exchange,
               const char *id,
               gboolean    entry_id,
               double     *duration)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (exchange->account);
  const UmServerItem *item;
  UmServerMessage *message;

  if (!is_base64 (id))
    return FALSE;

  item = entry_id ? um_server_account_find_item_by_entry_id (exchange->account, id)
                  : um_server_account_find_item_by_id (exchange->account, id);
  if (item != NULL)
    {
      *duration = item->duration;
      return TRUE;
    }

  message = entry_id ? um_server_mailbox_find_by_entry_id (mailbox, id)
                     : um_server_mailbox_find_message (mailbox, id, NULL);
  if (message == NULL)
    return FALSE;
  *duration = message->duration > 0 ? message->duration : 30;
  return TRUE;
}

static void
handle_play_on_phone (Exchange *exchange)
{
  g_autofree char *entry_id = um_server_request_dup_text (exchange->request, "entryId");
  g_autofree char *dial_string = um_server_request_dup_text (exchange->request, "DialString");
  g_autofree char *call_id = NULL;
  double duration;

  if (entry_id != NULL)
    g_strstrip (entry_id);

  if (!find_playable (exchange, entry_id, TRUE, &duration))
    {
      reply_invalid_object_id (exchange);
      return;
    }

  if (dial_string == NULL || !dialable (exchange, dial_string))
    {
      reply_dialing_rules (exchange);
      return;
    }

  call_id = um_server_phone_place_call (exchange->server->phone, UM_CALL_KIND_LEGACY,
                                        um_server_account_get_user (exchange->account),
                                        dial_string, duration);
  reply_call_id (exchange, call_id);
}

static void
handle_play_on_phone_greeting (Exchange *exchange)
{
  g_autofree char *dial_string = um_server_request_dup_text (exchange->request, "DialString");
  g_autofree char *call_id = NULL;

  if (dial_string == NULL || !dialable (exchange, dial_string))
    {
      reply_dialing_rules (exchange);
      return;
    }

  call_id = um_server_phone_place_call (exchange->server->phone, UM_CALL_KIND_LEGACY,
                                        um_server_account_get_user (exchange->account),
                                        dial_string, GREETING_SESSION_SECONDS);
  reply_call_id (exchange, call_id);
}

static void
reply_invalid_call_id (Exchange *exchange)
{
  /* Only the GetCallInfo example leaves ExceptionType unqualified (3.1.4.3). */
  gboolean unqualified = g_str_equal (exchange->request->name, "GetCallInfo");

  reply_fault (exchange, um_server_soap_exception_fault ("InvalidCallIdException",
                                                         MESSAGE_INVALID_CALL_ID, unqualified));
}

static void
handle_get_call_info (Exchange *exchange)
{
  g_autofree char *call_id = um_server_request_dup_text (exchange->request, "CallId");
  g_autofree char *body = NULL;
  UmCallState state;
  UmCallCause cause;

  if (!um_server_phone_lookup (exchange->server->phone, UM_CALL_KIND_LEGACY,
                               um_server_account_get_user (exchange->account),
                               call_id, &state, &cause))
    {
      reply_invalid_call_id (exchange);
      return;
    }

  body = g_strdup_printf ("<GetCallInfoResponse xmlns=\"" UM_NS_MESSAGES "\">"
                          "<GetCallInfoResponse>"
                          "<CallState>%s</CallState>"
                          "<EventCause>%s</EventCause>"
                          "</GetCallInfoResponse>"
                          "</GetCallInfoResponse>",
                          um_call_state_to_wire (state), um_call_cause_to_wire (cause));
  reply_legacy (exchange, body);
}

static void
handle_disconnect (Exchange *exchange)
{
  g_autofree char *call_id = um_server_request_dup_text (exchange->request, "CallId");

  if (!um_server_phone_disconnect (exchange->server->phone, UM_CALL_KIND_LEGACY,
                                   um_server_account_get_user (exchange->account), call_id))
    {
      reply_invalid_call_id (exchange);
      return;
    }

  reply_legacy_empty (exchange);
}

/* The EWS operations (Exchange.asmx) */

static void
handle_play_on_phone2 (Exchange *exchange)
{
  g_autofree char *item_id = um_server_request_dup_attribute (exchange->request, "ItemId", "Id");
  g_autofree char *dial_string = um_server_request_dup_text (exchange->request, "DialString");
  g_autofree char *call_id = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *body = NULL;
  double duration;

  if (!find_playable (exchange, item_id, FALSE, &duration))
    {
      reply_ews_error (exchange, "PlayOnPhoneResponse", "ErrorInvalidIdMalformed",
                       MESSAGE_ID_MALFORMED);
      return;
    }

  if (!dialable (exchange, dial_string))
    {
      reply_ews_error (exchange, "PlayOnPhoneResponse", "ErrorPhoneNumberNotDialable",
                       MESSAGE_DIALING_RULES);
      return;
    }

  call_id = um_server_phone_place_call (exchange->server->phone, UM_CALL_KIND_EWS,
                                        um_server_account_get_user (exchange->account),
                                        dial_string, duration);
  escaped = um_server_soap_escape (call_id);
  body = g_strdup_printf ("<PlayOnPhoneResponse ResponseClass=\"Success\""
                          " xmlns=\"" UM_NS_MESSAGES "\">"
                          "<ResponseCode>NoError</ResponseCode>"
                          "<PhoneCallId Id=\"%s\"/>"
                          "</PlayOnPhoneResponse>",
                          escaped);
  reply_ews (exchange, body);
}

static void
handle_get_phone_call_information (Exchange *exchange)
{
  g_autofree char *call_id = um_server_request_dup_attribute (exchange->request, "PhoneCallId",
                                                              "Id");
  g_autofree char *body = NULL;
  UmCallState state;
  UmCallCause cause;

  if (!um_server_phone_lookup (exchange->server->phone, UM_CALL_KIND_EWS,
                               um_server_account_get_user (exchange->account),
                               call_id, &state, &cause))
    {
      reply_ews_error (exchange, "GetPhoneCallInformationResponse", "ErrorInvalidPhoneCallId",
                       MESSAGE_INVALID_PHONE_CALL_ID);
      return;
    }

  /* SIPResponseText and SIPResponseCode MUST NOT be in a successful answer
   * (3.1.4.4.3.3). */
  body = g_strdup_printf ("<GetPhoneCallInformationResponse ResponseClass=\"Success\""
                          " xmlns=\"" UM_NS_MESSAGES "\">"
                          "<ResponseCode>NoError</ResponseCode>"
                          "<m:PhoneCallInformation xmlns:m=\"" UM_NS_MESSAGES "\">"
                          "<t:PhoneCallState xmlns:t=\"" UM_NS_TYPES "\">%s</t:PhoneCallState>"
                          "<t:ConnectionFailureCause xmlns:t=\"" UM_NS_TYPES "\">%s"
                          "</t:ConnectionFailureCause>"
                          "</m:PhoneCallInformation>"
                          "</GetPhoneCallInformationResponse>",
                          um_call_state_to_wire (state), um_call_cause_to_wire (cause));
  reply_ews (exchange, body);
}

static void
handle_disconnect_phone_call (Exchange *exchange)
{
  g_autofree char *call_id = um_server_request_dup_attribute (exchange->request, "PhoneCallId",
                                                              "Id");

  if (!um_server_phone_disconnect (exchange->server->phone, UM_CALL_KIND_EWS,
                                   um_server_account_get_user (exchange->account), call_id))
    {
      reply_ews_error (exchange, "DisconnectPhoneCallResponse", "ErrorInvalidPhoneCallId",
                       MESSAGE_INVALID_PHONE_CALL_ID);
      return;
    }

  reply_ews (exchange,
             "<DisconnectPhoneCallResponse ResponseClass=\"Success\""
             " xmlns=\"" UM_NS_MESSAGES "\">"
             "<ResponseCode>NoError</ResponseCode>"
             "</DisconnectPhoneCallResponse>");
}

static const struct {
  const char *name;
  gboolean    ews;
  void      (*handle) (Exchange *exchange);
} handlers[] = {
  { "IsUMEnabled", FALSE, handle_is_um_enabled },
  { "GetUMProperties", FALSE, handle_get_um_properties },
  { "SetOofStatus", FALSE, handle_set_oof_status },
  { "SetMissedCallNotificationEnabled", FALSE, handle_set_missed_call_notification_enabled },
  { "SetPlayOnPhoneDialString", FALSE, handle_set_play_on_phone_dial_string },
  { "SetTelephoneAccessFolderEmail", FALSE, handle_set_telephone_access_folder_email },
  { "ResetPIN", FALSE, handle_reset_pin },
  { "PlayOnPhone", FALSE, handle_play_on_phone },
  { "PlayOnPhoneGreeting", FALSE, handle_play_on_phone_greeting },
  { "GetCallInfo", FALSE, handle_get_call_info },
  { "Disconnect", FALSE, handle_disconnect },
  { "PlayOnPhone2", TRUE, handle_play_on_phone2 },
  { "GetPhoneCallInformation", TRUE, handle_get_phone_call_information },
  { "DisconnectPhoneCall", TRUE, handle_disconnect_phone_call },
};

/* GetStreamingEvents: the answer stays open; each batch of events, each
 * heartbeat and the final ConnectionStatus Closed is one SOAP envelope, sent
 * as it happens with chunked encoding. */

typedef struct {
  UmServer          *server;
  SoupServerMessage *msg;
  UmServerMailbox   *mailbox;
  char              *subscription_id;
  gulong             events_handler;
  gulong             finished_handler;
  guint              heartbeat_source;
  guint              close_source;
} Stream;

static void
stream_free (Stream *stream)
{
  g_clear_signal_handler (&stream->events_handler, stream->mailbox);
  g_clear_signal_handler (&stream->finished_handler, stream->msg);
  g_clear_handle_id (&stream->heartbeat_source, g_source_remove);
  g_clear_handle_id (&stream->close_source, g_source_remove);
  g_clear_object (&stream->mailbox);
  g_clear_object (&stream->msg);
  g_free (stream->subscription_id);
  g_free (stream);
}

static void
stream_send (Stream     *stream,
             const char *body_xml)
{
  g_autofree char *envelope = um_server_soap_ews_response (stream->server->version_xml,
                                                           body_xml);
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gsize length = strlen (envelope);

  soup_message_body_append (body, SOUP_MEMORY_TAKE, g_steal_pointer (&envelope), length);
  /* The server pauses a chunked answer that runs out of data. */
  soup_server_message_unpause (stream->msg);
}

static void
stream_end (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  soup_message_body_complete (body);
  soup_server_message_unpause (stream->msg);
  g_ptr_array_remove (stream->server->streams, stream);
}

static void
stream_flush (Stream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = um_server_mailbox_take_stream_events (stream->mailbox,
                                                                      stream->subscription_id,
                                                                      &error);
  g_autofree char *body = NULL;

  if (events == NULL)
    {
      body = um_server_ews_streaming_error (um_server_mailbox_error_response_code (error),
                                            error->message);
      stream_send (stream, body);
      stream_end (stream);
      return;
    }

  if (events->len == 0)
    return;
  body = um_server_ews_streaming_body (stream->subscription_id, events, NULL);
  stream_send (stream, body);
}

static void
stream_events_cb (UmServerMailbox *mailbox,
                  gpointer         user_data)
{
  stream_flush (user_data);
}

static gboolean
stream_heartbeat_cb (gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *body = um_server_ews_streaming_body (stream->subscription_id, NULL, "OK");

  stream_send (stream, body);
  return G_SOURCE_CONTINUE;
}

static gboolean
stream_close_cb (gpointer user_data)
{
  Stream *stream = user_data;
  g_autofree char *body = um_server_ews_streaming_body (stream->subscription_id, NULL, "Closed");

  stream->close_source = 0;
  stream_send (stream, body);
  stream_end (stream);
  return G_SOURCE_REMOVE;
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Stream *stream = user_data;

  g_ptr_array_remove (stream->server->streams, stream);
}

static void
handle_get_streaming_events (Exchange *exchange)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (exchange->account);
  xmlNode *operation = exchange->request->operation;
  g_autofree char *minutes_text = um_server_request_dup_text (exchange->request,
                                                              "ConnectionTimeout");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *subscription_id = NULL;
  guint64 minutes = 0;
  Stream *stream;
  SoupMessageHeaders *headers;

  for (xmlNode *ids = operation->children; ids != NULL; ids = ids->next)
    {
      if (ids->type != XML_ELEMENT_NODE || strcmp ((const char *)ids->name, "SubscriptionIds"))
        continue;
      for (xmlNode *id = ids->children; id != NULL; id = id->next)
        {
          if (id->type == XML_ELEMENT_NODE && subscription_id == NULL)
            {
              xmlChar *content = xmlNodeGetContent (id);

              subscription_id = g_strstrip (g_strdup ((const char *)content));
              xmlFree (content);
            }
        }
    }

  if (subscription_id == NULL || minutes_text == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (minutes_text), 10, 1, 30, &minutes, NULL))
    {
      reply_fault (exchange, um_server_soap_request_fault ("ErrorSchemaValidation",
                                                           MESSAGE_SCHEMA_VALIDATION));
      return;
    }

  if (!um_server_mailbox_is_streaming (mailbox, subscription_id) ||
      (events = um_server_mailbox_take_stream_events (mailbox, subscription_id, &error)) == NULL)
    {
      g_autofree char *body = NULL;

      if (error == NULL)
        g_set_error_literal (&error, UM_SERVER_MAILBOX_ERROR,
                             UM_SERVER_MAILBOX_ERROR_SUBSCRIPTION_NOT_FOUND,
                             "The specified subscription was not found.");
      body = um_server_ews_streaming_error (um_server_mailbox_error_response_code (error),
                                            error->message);
      reply_ews (exchange, body);
      return;
    }

  stream = g_new0 (Stream, 1);
  stream->server = exchange->server;
  stream->msg = g_object_ref (exchange->msg);
  stream->mailbox = g_object_ref (mailbox);
  stream->subscription_id = g_strdup (subscription_id);
  g_ptr_array_add (exchange->server->streams, stream);

  headers = soup_server_message_get_response_headers (exchange->msg);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/xml; charset=utf-8", NULL);
  soup_server_message_set_status (exchange->msg, SOUP_STATUS_OK, NULL);

  stream->events_handler = g_signal_connect (mailbox, "events", G_CALLBACK (stream_events_cb),
                                             stream);
  stream->finished_handler = g_signal_connect (exchange->msg, "finished",
                                               G_CALLBACK (stream_finished_cb), stream);
  stream->heartbeat_source = g_timeout_add_seconds (exchange->server->heartbeat_seconds,
                                                    stream_heartbeat_cb, stream);
  stream->close_source = g_timeout_add_seconds (minutes * 60, stream_close_cb, stream);

  /* The connection opens with an OK, then whatever waited. */
  {
    g_autofree char *body = um_server_ews_streaming_body (subscription_id, events, "OK");

    stream_send (stream, body);
  }
  exchange->streaming = TRUE;
}

static void
handle_mailbox (Exchange *exchange)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (exchange->account);
  g_autofree char *problem = NULL;
  char *body;

  if (g_str_equal (exchange->request->name, "GetStreamingEvents"))
    {
      handle_get_streaming_events (exchange);
      return;
    }

  body = um_server_ews_handle (mailbox, um_server_account_get_email (exchange->account),
                               exchange->request->name, exchange->request->operation,
                               &problem);
  if (body == NULL)
    {
      g_debug ("%s request is not valid: %s", exchange->request->name, problem);
      reply_fault (exchange, um_server_soap_request_fault ("ErrorSchemaValidation",
                                                           MESSAGE_SCHEMA_VALIDATION));
      return;
    }
  reply_ews (exchange, body);
  g_free (body);
}

static void
dispatch (Exchange *exchange,
          gboolean  ews)
{
  const char *name = exchange->request->name;

  /* The mailbox works whether or not the user has Unified Messaging. */
  if (ews && um_server_ews_is_mailbox_operation (name))
    {
      handle_mailbox (exchange);
      return;
    }

  if (!um_server_account_get_um_enabled (exchange->account) &&
      !g_str_equal (name, "IsUMEnabled"))
    {
      if (ews)
        {
          g_autofree char *element = g_str_equal (name, "PlayOnPhone2")
            ? g_strdup ("PlayOnPhoneResponse")
            : g_strconcat (name, "Response", NULL);

          reply_ews_error (exchange, element, "ErrorUserNotUnifiedMessagingEnabled",
                           MESSAGE_NOT_UM_ENABLED);
        }
      else
        {
          reply_fault (exchange, um_server_soap_exception_fault ("UserNotUmEnabledException",
                                                                 MESSAGE_NOT_UM_ENABLED, FALSE));
        }
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    {
      if (handlers[i].ews == ews && g_str_equal (handlers[i].name, name))
        {
          handlers[i].handle (exchange);
          return;
        }
    }

  g_assert_not_reached ();
}

/* A slow link, for tests of playing while downloading: the answer goes out
 * in chunks of attachment_bytes_per_tick every 50 ms. */
typedef struct {
  SoupServerMessage *msg;
  GBytes            *body;
  gsize              sent;
  gsize              chunk;
  guint              source;
  gulong             finished_handler;
} Trickle;

static void
trickle_free (Trickle *trickle)
{
  g_clear_handle_id (&trickle->source, g_source_remove);
  g_clear_signal_handler (&trickle->finished_handler, trickle->msg);
  g_clear_object (&trickle->msg);
  g_bytes_unref (trickle->body);
  g_free (trickle);
}

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (trickle->msg);
  gsize size = g_bytes_get_size (trickle->body);
  gsize n = MIN (trickle->chunk, size - trickle->sent);

  soup_message_body_append (body, SOUP_MEMORY_COPY,
                            (const char *)g_bytes_get_data (trickle->body, NULL) + trickle->sent,
                            n);
  trickle->sent += n;
  if (trickle->sent == size)
    soup_message_body_complete (body);
  soup_server_message_unpause (trickle->msg);
  if (trickle->sent < size)
    return G_SOURCE_CONTINUE;
  trickle->source = 0;
  return G_SOURCE_REMOVE;
}

static void
trickle_finished_cb (SoupServerMessage *msg,
                     Trickle           *trickle)
{
  trickle_free (trickle);
}

static void
send_slowly (UmServer          *self,
             SoupServerMessage *msg,
             guint              status,
             char              *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Trickle *trickle = g_new0 (Trickle, 1);

  trickle->msg = g_object_ref (msg);
  trickle->body = g_bytes_new_take (body, strlen (body));
  trickle->chunk = self->attachment_bytes_per_tick;
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/xml; charset=utf-8", NULL);
  soup_server_message_set_status (msg, status, NULL);
  trickle->finished_handler = g_signal_connect (msg, "finished",
                                                G_CALLBACK (trickle_finished_cb), trickle);
  trickle->source = g_timeout_add (50, trickle_cb, trickle);
}

static void
soap_handler (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  UmServer *self = user_data;
  Exchange exchange = { self, NULL, NULL, msg, SOUP_STATUS_OK, NULL, FALSE };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) request_body = NULL;
  g_autofree char *user = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *content_type = NULL;
  const char *data;
  const char *log_name;
  gboolean ews = g_ascii_strcasecmp (path, UM_EWS_PATH) == 0;
  guint number;
  gsize size;

  number = ++self->request_count;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "text/xml") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
      return;
    }

  user = soup_auth_domain_accepts (self->auth_domain, msg);
  exchange.account = find_account (self, user);
  if (exchange.account == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  request_body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (request_body, &size);

  switch (um_server_request_parse (data, size, ews, &exchange.request, &problem))
    {
    case UM_SERVER_PARSE_MALFORMED:
    case UM_SERVER_PARSE_NOT_REQUEST:
      g_debug ("Request %u is malformed: %s", number, problem);
      log_name = "malformed";
      reply_fault (&exchange, um_server_soap_request_fault ("ErrorInvalidRequest",
                                                            MESSAGE_INVALID_REQUEST));
      break;

    case UM_SERVER_PARSE_INVALID:
      g_debug ("Request %u is invalid: %s", number, problem);
      log_name = "invalid";
      reply_fault (&exchange, um_server_soap_request_fault ("ErrorSchemaValidation",
                                                            MESSAGE_SCHEMA_VALIDATION));
      break;

    case UM_SERVER_PARSE_OK:
    default:
      log_name = exchange.request->name;
      if (!um_server_soap_action_matches (exchange.request->name,
                                          soup_message_headers_get_one (headers, "SOAPAction")))
        {
          g_debug ("Request %u has the wrong SOAPAction for %s", number, log_name);
          reply_fault (&exchange, um_server_soap_request_fault ("ErrorInvalidRequest",
                                                                MESSAGE_INVALID_REQUEST));
          break;
        }
      dispatch (&exchange, ews);
      break;
    }

  log_body (self, number, log_name, "request", data, size);
  if (exchange.streaming)
    {
      g_clear_pointer (&exchange.request, um_server_request_free);
      return;
    }
  log_body (self, number, log_name, "response", exchange.body, strlen (exchange.body));

  if (self->attachment_bytes_per_tick > 0 && g_strcmp0 (log_name, "GetAttachment") == 0)
    {
      send_slowly (self, msg, exchange.status, g_steal_pointer (&exchange.body));
      g_clear_pointer (&exchange.request, um_server_request_free);
      return;
    }
  size = strlen (exchange.body);
  soup_server_message_set_status (msg, exchange.status, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&exchange.body), size);
  g_clear_pointer (&exchange.request, um_server_request_free);
}

/* POX Autodiscover ([MS-OXDSCLI]) */

static char *
public_base (UmServer *self)
{
  return g_strdup (self->public_url != NULL ? self->public_url : self->url);
}

static char *
read_email (GBytes *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  xmlDoc *doc;
  xmlNode *node;
  char *email = NULL;

  if (size == 0 || size > 64 * 1024)
    return NULL;
  doc = xmlReadMemory (data, size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;

  /* Autodiscover/Request/EMailAddress, in the request namespace. */
  node = xmlDocGetRootElement (doc);
  for (int depth = 0; node != NULL && depth < 3; depth++)
    {
      static const char *const path[] = { "Autodiscover", "Request", "EMailAddress" };
      xmlNode *found = NULL;

      for (xmlNode *candidate = depth == 0 ? node : node->children; candidate != NULL;
           candidate = depth == 0 ? NULL : candidate->next)
        {
          if (candidate->type == XML_ELEMENT_NODE && candidate->ns != NULL &&
              g_strcmp0 ((const char *)candidate->ns->href,
                         "http://schemas.microsoft.com/exchange/autodiscover/outlook/"
                         "requestschema/2006") == 0 &&
              g_strcmp0 ((const char *)candidate->name, path[depth]) == 0)
            {
              found = candidate;
              break;
            }
        }
      node = found;
    }
  if (node != NULL)
    {
      xmlChar *content = xmlNodeGetContent (node);

      email = g_strstrip (g_strdup ((const char *)content));
      xmlFree (content);
    }
  xmlFreeDoc (doc);
  return email;
}

static char *
autodiscover_answer (UmServer        *self,
                     UmServerAccount *account,
                     const char      *email)
{
  g_autofree char *base = public_base (self);
  g_autofree char *escaped_email = um_server_soap_escape (email);
  g_autofree char *escaped_value = um_server_soap_escape (self->autodiscover_value);
  g_autofree char *escaped_base = um_server_soap_escape (base);
  g_autofree char *name = um_server_soap_escape (um_server_account_get_user (account));
  g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = um_server_soap_escape (uri != NULL ? g_uri_get_host (uri) : "");
  GString *xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                               "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/"
                               "autodiscover/responseschema/2006\">"
                               "<Response xmlns=\"http://schemas.microsoft.com/exchange/"
                               "autodiscover/outlook/responseschema/2006a\">");

  g_string_append_printf (xml, "<User><DisplayName>%s</DisplayName>"
                          "<AutoDiscoverSMTPAddress>%s</AutoDiscoverSMTPAddress></User>"
                          "<Account><AccountType>email</AccountType>", name, escaped_email);

  switch (self->autodiscover_mode)
    {
    case UM_SERVER_AUTODISCOVER_REDIRECT_ADDR:
      g_string_append_printf (xml, "<Action>redirectAddr</Action>"
                              "<RedirectAddr>%s</RedirectAddr>", escaped_value);
      break;

    case UM_SERVER_AUTODISCOVER_REDIRECT_URL:
      g_string_append_printf (xml, "<Action>redirectUrl</Action>"
                              "<RedirectUrl>%s</RedirectUrl>", escaped_value);
      break;

    case UM_SERVER_AUTODISCOVER_EXCHANGE2007:
      /* As Exchange 2007 answers: EWS is ASUrl, UM its own service. */
      g_string_append_printf (xml, "<Action>settings</Action>"
                              "<Protocol><Type>EXCH</Type><Server>%s</Server>"
                              "<ASUrl>%s/ews/exchange.asmx</ASUrl>"
                              "<OOFUrl>%s/ews/exchange.asmx</OOFUrl>"
                              "<UMUrl>%s/unifiedmessaging/service.asmx</UMUrl></Protocol>"
                              "<Protocol><Type>EXPR</Type><Server>%s</Server>"
                              "<ASUrl>%s/ews/exchange.asmx</ASUrl>"
                              "<UMUrl>%s/unifiedmessaging/service.asmx</UMUrl></Protocol>",
                              host, escaped_base, escaped_base, escaped_base, host,
                              escaped_base, escaped_base);
      break;

    case UM_SERVER_AUTODISCOVER_SETTINGS:
    case UM_SERVER_AUTODISCOVER_HTTP_REDIRECT:
    case UM_SERVER_AUTODISCOVER_NONE:
    default:
      g_string_append_printf (xml, "<Action>settings</Action>"
                              "<Protocol><Type>EXCH</Type><Server>%s</Server>"
                              "<ASUrl>%s" UM_EWS_PATH "</ASUrl>"
                              "<EwsUrl>%s" UM_EWS_PATH "</EwsUrl>"
                              "<UMUrl>%s" UM_LEGACY_PATH "</UMUrl></Protocol>"
                              "<Protocol><Type>EXPR</Type><Server>%s</Server></Protocol>",
                              host, escaped_base, escaped_base, escaped_base, host);
      break;
    }

  g_string_append (xml, "</Account></Response></Autodiscover>");
  return g_string_free (xml, FALSE);
}

static char *
autodiscover_error (const char *code,
                    const char *message)
{
  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                          "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/"
                          "autodiscover/responseschema/2006\">"
                          "<Response><Error Time=\"12:00:00.0000000\" Id=\"1\">"
                          "<ErrorCode>%s</ErrorCode><Message>%s</Message><DebugData />"
                          "</Error></Response></Autodiscover>", code, message);
}

static void
autodiscover_handler (SoupServer        *soup,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  UmServer *self = user_data;
  g_autoptr(GBytes) request = NULL;
  g_autofree char *user = NULL;
  g_autofree char *email = NULL;
  g_autofree char *answer = NULL;
  UmServerAccount *account;
  guint number = ++self->request_count;

  if (self->autodiscover_mode == UM_SERVER_AUTODISCOVER_NONE)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (self->autodiscover_mode == UM_SERVER_AUTODISCOVER_HTTP_REDIRECT)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                    self->autodiscover_value);
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
      return;
    }

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  user = soup_auth_domain_accepts (self->auth_domain, msg);
  account = find_account (self, user);
  if (account == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  email = read_email (request);
  if (email == NULL)
    answer = autodiscover_error ("600", "Invalid Request");
  else if (self->autodiscover_mode == UM_SERVER_AUTODISCOVER_SETTINGS &&
           find_account (self, email) == NULL)
    answer = autodiscover_error ("500", "The e-mail address cannot be found.");
  else
    answer = autodiscover_answer (self, find_account (self, email) != NULL
                                          ? find_account (self, email) : account, email);

  log_body (self, number, "Autodiscover", "request", g_bytes_get_data (request, NULL),
            g_bytes_get_size (request));
  log_body (self, number, "Autodiscover", "response", answer, strlen (answer));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/xml; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&answer), strlen (answer));
}

/**
 * um_server_set_autodiscover:
 * @self: a server
 * @mode: how it answers POX Autodiscover
 * @value: (nullable): the address of REDIRECT_ADDR, the URL of REDIRECT_URL
 *   and HTTP_REDIRECT
 */
void
um_server_set_autodiscover (UmServer                 *self,
                            UmServerAutodiscoverMode  mode,
                            const char               *value)
{
  g_return_if_fail (UM_IS_SERVER (self));

  self->autodiscover_mode = mode;
  g_free (self->autodiscover_value);
  self->autodiscover_value = g_strdup (value);
}

/**
 * um_server_set_public_url:
 * @self: a server
 * @url: (nullable): the address Autodiscover gives out, e.g.
 *   "https://mail.contoso.test", when clients reach the server by a name
 *   (through a proxy, in tests); %NULL for the listening address
 */
void
um_server_set_public_url (UmServer   *self,
                          const char *url)
{
  g_return_if_fail (UM_IS_SERVER (self));

  g_free (self->public_url);
  self->public_url = g_strdup (url);
}

static void
um_server_dispose (GObject *object)
{
  UmServer *self = (UmServer *)object;

  um_server_shutdown (self);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_object (&self->auth_domain);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (um_server_parent_class)->dispose (object);
}

static void
um_server_finalize (GObject *object)
{
  UmServer *self = (UmServer *)object;

  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_object (&self->phone);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->log_dir, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->version_xml, g_free);
  g_clear_pointer (&self->autodiscover_value, g_free);
  g_clear_pointer (&self->public_url, g_free);

  G_OBJECT_CLASS (um_server_parent_class)->finalize (object);
}

static void
um_server_class_init (UmServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = um_server_dispose;
  object_class->finalize = um_server_finalize;
}

static void
um_server_init (UmServer *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->phone = um_server_phone_new ();
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify)stream_free);
  self->heartbeat_seconds = 30;
  /* An Exchange 2016 CU. */
  um_server_set_version (self, 15, 1, 2507, 6, "V2017_07_11");
}

UmServer *
um_server_new (void)
{
  return g_object_new (UM_TYPE_SERVER, NULL);
}

/**
 * um_server_add_account:
 * @self: a server
 * @user: the user name of HTTP Basic
 * @password: the password
 *
 * Returns: (transfer none): the new account, UM-enabled, with no settings
 */
UmServerAccount *
um_server_add_account (UmServer   *self,
                       const char *user,
                       const char *password)
{
  UmServerAccount *account;

  g_return_val_if_fail (UM_IS_SERVER (self), NULL);
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  account = um_server_account_new (user, password);
  g_hash_table_replace (self->accounts, g_strdup (user), account);
  return account;
}

/**
 * um_server_get_account:
 * @self: a server
 * @user: a user name
 *
 * Returns: (transfer none) (nullable): the account
 */
UmServerAccount *
um_server_get_account (UmServer   *self,
                       const char *user)
{
  g_return_val_if_fail (UM_IS_SERVER (self), NULL);

  return g_hash_table_lookup (self->accounts, user);
}

/**
 * um_server_add_demo_account:
 * @self: a server
 * @user: the user name
 * @password: the password
 *
 * An account with the demo mailbox's settings and messages.
 *
 * Returns: (transfer none): the account
 */
UmServerAccount *
um_server_add_demo_account (UmServer   *self,
                            const char *user,
                            const char *password)
{
  /* The EntryID of a folder: flags, the store's provider UID, the folder. */
  static const guchar folder_entry_id[] = {
    0x00, 0x00, 0x00, 0x00, 0x48, 0x61, 0x72, 0x6b, 0x20, 0x64, 0x65, 0x6d, 0x6f, 0x20, 0x73,
    0x74, 0x6f, 0x72, 0x65, 0x21, 0x01, 0x00, 0x56, 0x6f, 0x69, 0x63, 0x65, 0x20, 0x4d, 0x61,
    0x69, 0x6c, 0x00, 0x00,
  };
  UmServerAccount *account;
  g_autofree char *folder = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (UM_IS_SERVER (self), NULL);

  account = um_server_add_account (self, user, password);
  email = g_strdup_printf ("%s@contoso.com", user);
  um_server_account_set_email (account, email);
  um_server_account_set_play_on_phone_dial_string (account, "+1-425-555-0123");
  um_server_account_set_telephone_access_numbers (account, "+1-425-555-0199,+44-20-7946-0999");
  folder = g_base64_encode (folder_entry_id, sizeof folder_entry_id);
  um_server_account_set_telephone_access_folder (account, folder);

  if (!um_server_demo_fill (um_server_account_get_mailbox (account), NULL, NULL, &error))
    {
      g_warning ("No demo mailbox, making one up: %s", error->message);
      um_server_demo_fill_synthetic (um_server_account_get_mailbox (account), 25);
    }

  return account;
}

/**
 * um_server_get_phone:
 * @self: a server
 *
 * Returns: (transfer none): the simulated phone system
 */
UmServerPhone *
um_server_get_phone (UmServer *self)
{
  g_return_val_if_fail (UM_IS_SERVER (self), NULL);

  return self->phone;
}

/**
 * um_server_set_tls_files:
 * @self: a server that is not listening yet
 * @certificate_file: a PEM certificate (and chain)
 * @key_file: its PEM private key
 * @error: return location for an error
 *
 * Serves HTTPS instead of HTTP.
 *
 * Returns: %TRUE if the files were read
 */
gboolean
um_server_set_tls_files (UmServer    *self,
                         const char  *certificate_file,
                         const char  *key_file,
                         GError     **error)
{
  GTlsCertificate *certificate;

  g_return_val_if_fail (UM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  certificate = g_tls_certificate_new_from_files (certificate_file, key_file, error);
  if (certificate == NULL)
    return FALSE;

  g_clear_object (&self->certificate);
  self->certificate = certificate;
  return TRUE;
}

/**
 * um_server_set_log_dir:
 * @self: a server
 * @directory: (nullable): where each request and answer body is written,
 *   as NNNN-Operation.request.xml and NNNN-Operation.response.xml
 */
void
um_server_set_log_dir (UmServer   *self,
                       const char *directory)
{
  g_return_if_fail (UM_IS_SERVER (self));

  g_free (self->log_dir);
  self->log_dir = g_strdup (directory);
  if (directory != NULL)
    g_mkdir_with_parents (directory, 0700);
}

/**
 * um_server_set_version:
 * @self: a server
 * @major_version: MajorVersion
 * @minor_version: MinorVersion
 * @major_build_number: MajorBuildNumber
 * @minor_build_number: MinorBuildNumber
 * @version: Version
 *
 * The ServerVersionInfo header of the EWS answers.
 */
void
um_server_set_version (UmServer   *self,
                       int         major_version,
                       int         minor_version,
                       int         major_build_number,
                       int         minor_build_number,
                       const char *version)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (UM_IS_SERVER (self));
  g_return_if_fail (version != NULL);

  escaped = um_server_soap_escape (version);
  g_free (self->version_xml);
  /* Declarations as in the examples of 4.2, 4.4 and 4.8. */
  self->version_xml =
    g_strdup_printf ("<h:ServerVersionInfo MajorVersion=\"%d\" MinorVersion=\"%d\""
                     " MajorBuildNumber=\"%d\" MinorBuildNumber=\"%d\" Version=\"%s\""
                     " xmlns:h=\"" UM_NS_TYPES "\" xmlns=\"" UM_NS_TYPES "\""
                     " xmlns:xsi=\"" UM_NS_XSI "\" xmlns:xsd=\"" UM_NS_XSD "\"/>",
                     major_version, minor_version, major_build_number, minor_build_number,
                     escaped);
}

/**
 * um_server_listen:
 * @self: a server
 * @port: a TCP port, or 0 for any free one
 * @error: return location for an error
 *
 * Listens on 127.0.0.1 only.
 *
 * Returns: %TRUE if listening
 */
gboolean
um_server_listen (UmServer  *self,
                  guint      port,
                  GError   **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  g_return_val_if_fail (UM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  self->soup = soup_server_new ("server-header", "Hark reference server ",
                                "tls-certificate", self->certificate,
                                NULL);

  self->auth_domain = soup_auth_domain_basic_new ("realm", "Hark reference server", NULL);
  soup_auth_domain_add_path (self->auth_domain, "/EWS");
  soup_auth_domain_add_path (self->auth_domain, "/ews");
  soup_auth_domain_add_path (self->auth_domain, "/unifiedmessaging");
  soup_auth_domain_add_path (self->auth_domain, "/UnifiedMessaging");
  soup_auth_domain_add_path (self->auth_domain, "/autodiscover");
  soup_auth_domain_add_path (self->auth_domain, "/Autodiscover");
  soup_auth_domain_set_filter (self->auth_domain, auth_filter_cb, NULL, NULL);
  soup_auth_domain_basic_set_auth_callback (self->auth_domain, auth_cb, self, NULL);
  soup_server_add_auth_domain (self->soup, self->auth_domain);

  soup_server_add_handler (self->soup, UM_LEGACY_PATH, soap_handler, self, NULL);
  soup_server_add_handler (self->soup, UM_EWS_PATH, soap_handler, self, NULL);
  /* Exchange 2007's addresses, as its Autodiscover gives them. */
  soup_server_add_handler (self->soup, "/ews/exchange.asmx", soap_handler, self, NULL);
  soup_server_add_handler (self->soup, "/unifiedmessaging/service.asmx", soap_handler, self,
                           NULL);
  soup_server_add_handler (self->soup, "/UnifiedMessaging/Service.asmx", soap_handler, self,
                           NULL);
  soup_server_add_handler (self->soup, "/autodiscover/autodiscover.xml", autodiscover_handler,
                           self, NULL);
  soup_server_add_handler (self->soup, "/Autodiscover/Autodiscover.xml", autodiscover_handler,
                           self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self->soup, address,
                           self->certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->auth_domain);
      g_clear_object (&self->soup);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup);
  g_clear_pointer (&self->url, g_free);
  if (uris != NULL)
    {
      GUri *uri = uris->data;

      self->url = g_strdup_printf ("%s://127.0.0.1:%d", g_uri_get_scheme (uri),
                                   g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return TRUE;
}

/**
 * um_server_get_url:
 * @self: a listening server
 *
 * Returns: (nullable): e.g. "http://127.0.0.1:40123"; the endpoints are at
 *   /EWS/UM2007Legacy.asmx and /EWS/Exchange.asmx
 */
const char *
um_server_get_url (UmServer *self)
{
  g_return_val_if_fail (UM_IS_SERVER (self), NULL);

  return self->url;
}

/**
 * um_server_get_request_count:
 * @self: a server
 *
 * Returns: how many authenticated requests reached the endpoints
 */
guint
um_server_get_request_count (UmServer *self)
{
  g_return_val_if_fail (UM_IS_SERVER (self), 0);

  return self->request_count;
}

/**
 * um_server_shutdown:
 * @self: a server
 *
 * Stops listening and drops every connection; the accounts and calls stay.
 * um_server_listen() can start it again, on the same port for the same URL
 * (a server that comes back).
 */
void
um_server_shutdown (UmServer *self)
{
  g_return_if_fail (UM_IS_SERVER (self));

  if (self->soup == NULL)
    return;
  if (self->streams != NULL)
    um_server_close_streams (self);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->auth_domain);
  g_clear_object (&self->soup);
}

/**
 * um_server_deposit_voicemail:
 * @self: a server
 * @user: an account's user
 *
 * A caller leaves a voice mail: it arrives in the account's Inbox and the
 * subscriptions hear of it.
 *
 * Returns: (transfer none) (nullable): the new message, or %NULL for an
 *   unknown user
 */
UmServerMessage *
um_server_deposit_voicemail (UmServer   *self,
                             const char *user)
{
  UmServerAccount *account;
  UmServerMailbox *mailbox;

  g_return_val_if_fail (UM_IS_SERVER (self), NULL);

  account = g_hash_table_lookup (self->accounts, user);
  if (account == NULL)
    return NULL;
  mailbox = um_server_account_get_mailbox (account);
  return um_server_mailbox_deposit (mailbox, um_server_demo_new_voicemail (mailbox));
}

/**
 * um_server_set_heartbeat_seconds:
 * @self: a server
 * @seconds: how often an open streaming connection gets a ConnectionStatus OK
 */
void
um_server_set_heartbeat_seconds (UmServer *self,
                                 guint     seconds)
{
  g_return_if_fail (UM_IS_SERVER (self));
  g_return_if_fail (seconds > 0);

  self->heartbeat_seconds = seconds;
}

/**
 * um_server_set_attachment_rate:
 * @self: a server
 * @bytes_per_tick: how much of a GetAttachment answer goes out every 50 ms;
 *   0 (the default) sends it at once
 *
 * A slow link, for tests of what a client does while it downloads.
 */
void
um_server_set_attachment_rate (UmServer *self,
                               guint     bytes_per_tick)
{
  g_return_if_fail (UM_IS_SERVER (self));

  self->attachment_bytes_per_tick = bytes_per_tick;
}

/**
 * um_server_close_streams:
 * @self: a server
 *
 * Ends every open GetStreamingEvents connection with ConnectionStatus
 * Closed, as Exchange does when the connection's time is up.
 */
void
um_server_close_streams (UmServer *self)
{
  g_return_if_fail (UM_IS_SERVER (self));

  while (self->streams->len > 0)
    {
      Stream *stream = g_ptr_array_index (self->streams, 0);

      g_clear_handle_id (&stream->close_source, g_source_remove);
      stream_close_cb (stream);
    }
}

/**
 * um_server_get_n_streams:
 * @self: a server
 *
 * Returns: how many GetStreamingEvents connections are open
 */
guint
um_server_get_n_streams (UmServer *self)
{
  g_return_val_if_fail (UM_IS_SERVER (self), 0);

  return self->streams->len;
}
