/* um-response.c: reads one SOAP 1.1 answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxml2 with no network, no entity substitution and no DTD at all (SOAP 1.1
 * forbids one, and refusing it stops entity expansion and external entities
 * before they start); a size cap; elements matched by namespace URI and local
 * name, whatever their prefixes; unknown elements skipped.
 */

#include "config.h"

#include "um-response.h"

#include "um-error.h"
#include "um-ns.h"

#include <libxml/parser.h>
#include <string.h>

struct _UmResponse
{
  GObject          parent_instance;

  UmOperation      operation;
  xmlDoc          *doc;
  xmlNode         *body_element;
  UmServerVersion *server_version;
};

G_DEFINE_FINAL_TYPE (UmResponse, um_response, G_TYPE_OBJECT)

gboolean
um_xml_is (const xmlNode *node,
           const char    *ns,
           const char    *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (strcmp ((const char *)node->name, name) != 0)
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL || node->ns->href == NULL;
  return node->ns != NULL && node->ns->href != NULL &&
         strcmp ((const char *)node->ns->href, ns) == 0;
}

/**
 * um_xml_child:
 * @node: an element
 * @ns: (nullable): a namespace URI, or %NULL for no namespace
 * @name: a local name
 *
 * Returns: (transfer none) (nullable): the first child element {@ns}@name
 */
xmlNode *
um_xml_child (const xmlNode *node,
              const char    *ns,
              const char    *name)
{
  if (node == NULL)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (um_xml_is (child, ns, name))
        return child;
    }
  return NULL;
}

xmlNode *
um_xml_first_element (const xmlNode *node)
{
  if (node == NULL)
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        return child;
    }
  return NULL;
}

xmlNode *
um_xml_next_element (const xmlNode *node)
{
  if (node == NULL)
    return NULL;

  for (xmlNode *next = node->next; next != NULL; next = next->next)
    {
      if (next->type == XML_ELEMENT_NODE)
        return next;
    }
  return NULL;
}

/* The text of an element, or NULL when it has element children: a simple
 * type's value never does. */
char *
um_xml_text (const xmlNode *node)
{
  xmlChar *content;
  char *text;

  if (node == NULL || um_xml_first_element (node) != NULL)
    return NULL;

  content = xmlNodeGetContent (node);
  text = g_strdup (content != NULL ? (const char *)content : "");
  xmlFree (content);
  return text;
}

char *
um_xml_attribute (const xmlNode *node,
                  const char    *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL)
    return NULL;

  /* Unqualified attributes only: that is how the schemas declare them. */
  value = xmlGetNoNsProp (node, (const xmlChar *)name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *)value);
  xmlFree (value);
  return copy;
}

/* xs:boolean: "true", "false", "1", "0", whitespace collapsed. */
gboolean
um_xml_parse_boolean (const char *text,
                      gboolean   *value)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  if (strcmp (stripped, "true") == 0 || strcmp (stripped, "1") == 0)
    *value = TRUE;
  else if (strcmp (stripped, "false") == 0 || strcmp (stripped, "0") == 0)
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
reject_dtd_cb (void          *ctx,
               const xmlChar *name,
               const xmlChar *external_id,
               const xmlChar *system_id)
{
  xmlStopParser ((xmlParserCtxt *)ctx);
}

/* A parser context costs about a fifth of reading a small answer, so each
 * thread keeps one and reuses it; it is made anew now and then so that its
 * name dictionary, which remembers every element name it saw, stays small. */
#define PARSER_REUSE_LIMIT 256

typedef struct {
  xmlParserCtxt *ctxt;
  guint          uses;
} CachedParser;

static void
cached_parser_free (gpointer data)
{
  CachedParser *cached = data;

  g_clear_pointer (&cached->ctxt, xmlFreeParserCtxt);
  g_free (cached);
}

static GPrivate cached_parser = G_PRIVATE_INIT (cached_parser_free);

static xmlParserCtxt *
get_parser (void)
{
  CachedParser *cached = g_private_get (&cached_parser);

  if (cached == NULL)
    {
      cached = g_new0 (CachedParser, 1);
      g_private_set (&cached_parser, cached);
    }

  if (cached->ctxt == NULL || ++cached->uses > PARSER_REUSE_LIMIT)
    {
      g_clear_pointer (&cached->ctxt, xmlFreeParserCtxt);
      xmlInitParser ();
      cached->ctxt = xmlNewParserCtxt ();
      cached->uses = 1;
      if (cached->ctxt != NULL)
        cached->ctxt->sax->internalSubset = reject_dtd_cb;
    }

  return cached->ctxt;
}

static void
ignore_error_cb (void       *ctx,
                 const char *msg,
                 ...)
{
}

/**
 * um_xml_read:
 * @data: an XML document
 * @size: its length
 * @had_dtd: (out) (optional): set when it was refused for having a DTD
 *
 * Parses without network access, entity substitution or DTD, silently.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL if it is not
 *   well-formed XML without DTD
 */
xmlDoc *
um_xml_read (const char *data,
             gsize       size,
             gboolean   *had_dtd)
{
  xmlGenericErrorFunc previous_handler;
  void *previous_context;
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gboolean dtd_seen = FALSE;

  if (had_dtd == NULL)
    had_dtd = &dtd_seen;
  *had_dtd = FALSE;
  if (size == 0 || size > G_MAXINT)
    return NULL;

  ctxt = get_parser ();
  if (ctxt == NULL)
    return NULL;

  /* Some errors (bad encodings) bypass XML_PARSE_NOERROR and go to
   * libxml2's generic handler, stderr: silence it for this parse only. */
  previous_handler = xmlGenericError;
  previous_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, ignore_error_cb);
  doc = xmlCtxtReadMemory (ctxt, data, (int)size, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_NOCDATA);
  xmlSetGenericErrorFunc (previous_context, previous_handler);

  if (ctxt->errNo == XML_ERR_USER_STOP)
    *had_dtd = TRUE;

  if (doc != NULL && (!ctxt->wellFormed || *had_dtd || doc->intSubset != NULL))
    {
      *had_dtd = *had_dtd || doc->intSubset != NULL;
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  return doc;
}

static xmlDoc *
parse_document (GBytes   *body,
                gboolean *had_dtd)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  return um_xml_read (data, size, had_dtd);
}

static int
parse_int_attribute (const xmlNode *node,
                     const char    *name)
{
  g_autofree char *text = um_xml_attribute (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (g_strstrip (text), 10, G_MININT, G_MAXINT,
                                                 &value, NULL))
    return -1;
  return (int)value;
}

static UmServerVersion *
read_server_version (const xmlNode *header)
{
  xmlNode *info = um_xml_child (header, UM_NS_TYPES, "ServerVersionInfo");
  UmServerVersion *version;

  if (info == NULL)
    return NULL;

  version = um_server_version_new ();
  version->major_version = parse_int_attribute (info, "MajorVersion");
  version->minor_version = parse_int_attribute (info, "MinorVersion");
  version->major_build_number = parse_int_attribute (info, "MajorBuildNumber");
  version->minor_build_number = parse_int_attribute (info, "MinorBuildNumber");
  version->version = um_xml_attribute (info, "Version");
  return version;
}

/* SOAP 1.1 fault children are unqualified; accept them qualified too. */
static xmlNode *
fault_child (const xmlNode *fault,
             const char    *name)
{
  xmlNode *child = um_xml_child (fault, NULL, name);

  return child != NULL ? child : um_xml_child (fault, UM_NS_SOAP, name);
}

/* The detail's ResponseCode and Message are in the errors namespace in the
 * examples (2.2.2.1) and called m: in the text (2.2.3.2, 2.2.3.3); ExceptionType
 * is m: in most examples and in no namespace in 3.1.4.3's. Take any of them. */
static char *
detail_text (const xmlNode *detail,
             const char    *name)
{
  static const char *const namespaces[] = { UM_NS_ERRORS, UM_NS_MESSAGES, UM_NS_TYPES, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (namespaces); i++)
    {
      xmlNode *node = um_xml_child (detail, namespaces[i], name);

      if (node != NULL)
        return um_xml_text (node);
    }
  return NULL;
}

static char *
strip_prefix (char *code)
{
  char *colon;

  if (code == NULL)
    return NULL;

  g_strstrip (code);
  colon = strrchr (code, ':');
  if (colon != NULL)
    memmove (code, colon + 1, strlen (colon + 1) + 1);
  return code;
}

static GError *
error_from_fault (UmOperation    operation,
                  const xmlNode *fault,
                  guint          http_status)
{
  xmlNode *detail = fault_child (fault, "detail");
  g_autofree char *faultcode = strip_prefix (um_xml_text (fault_child (fault, "faultcode")));
  g_autofree char *faultstring = um_xml_text (fault_child (fault, "faultstring"));
  g_autofree char *response_code = strip_prefix (detail_text (detail, "ResponseCode"));
  g_autofree char *exception_type = strip_prefix (detail_text (detail, "ExceptionType"));
  const char *server_code;
  UmError code;

  if (response_code != NULL && response_code[0] != '\0')
    server_code = response_code;
  else if (exception_type != NULL && exception_type[0] != '\0')
    server_code = exception_type;
  else
    server_code = faultcode;

  code = um_error_code_for_server_code (um_operation_get_name (operation), server_code,
                                        faultstring);
  if (code == UM_ERROR_SERVER && server_code != faultcode)
    code = um_error_code_for_server_code (um_operation_get_name (operation), faultcode,
                                          faultstring);

  return um_error_new_from_server (code, server_code, faultstring, http_status);
}

/* The ResponseMessageType of the EWS operations ([MS-OXWSCDATA] 2.2.4.65). */
static GError *
error_from_response_class (UmOperation    operation,
                           const xmlNode *element,
                           guint          http_status)
{
  g_autofree char *response_class = um_xml_attribute (element, "ResponseClass");
  g_autofree char *response_code = NULL;
  g_autofree char *message_text = NULL;

  if (response_class == NULL)
    return um_error_new_literal (UM_ERROR_MALFORMED_RESPONSE,
                                 "The server's answer has no ResponseClass");

  g_strstrip (response_class);
  if (strcmp (response_class, "Success") == 0 || strcmp (response_class, "Warning") == 0)
    return NULL;

  if (strcmp (response_class, "Error") != 0)
    return um_error_new_literal (UM_ERROR_MALFORMED_RESPONSE,
                                 "The server's answer has an unknown ResponseClass");

  response_code = strip_prefix (um_xml_text (um_xml_child (element, UM_NS_MESSAGES,
                                                           "ResponseCode")));
  message_text = um_xml_text (um_xml_child (element, UM_NS_MESSAGES, "MessageText"));

  return um_error_new_from_server (um_error_code_for_server_code (um_operation_get_name (operation),
                                                                  response_code, message_text),
                                   response_code, message_text, http_status);
}

static void
um_response_finalize (GObject *object)
{
  UmResponse *self = (UmResponse *)object;

  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->server_version, um_server_version_free);

  G_OBJECT_CLASS (um_response_parent_class)->finalize (object);
}

static void
um_response_class_init (UmResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_response_finalize;
}

static void
um_response_init (UmResponse *self)
{
}

static GError *
http_error (guint status)
{
  return um_error_new_from_server (um_error_code_for_http_status (status), NULL, NULL, status);
}

/**
 * um_response_new:
 * @operation: the operation the answer belongs to
 * @body: the body as received
 * @http_status: the HTTP status that came with it
 * @max_size: the largest body accepted, or 0 for %UM_RESPONSE_DEFAULT_MAX_SIZE
 * @error: return location for an error
 *
 * Reads the envelope: a SOAP fault, an EWS ResponseClass="Error", an HTTP
 * error status without SOAP, or an unreadable body each become a %UM_ERROR.
 *
 * Returns: (transfer full) (nullable): the successful answer, or %NULL
 */
UmResponse *
um_response_new (UmOperation   operation,
                 GBytes       *body,
                 guint         http_status,
                 gsize         max_size,
                 GError      **error)
{
  g_autoptr(UmResponse) self = NULL;
  gboolean had_dtd = FALSE;
  gboolean success_status = http_status >= 200 && http_status < 300;
  xmlNode *envelope;
  xmlNode *header;
  xmlNode *body_node;
  xmlNode *first;

  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (max_size == 0)
    max_size = UM_RESPONSE_DEFAULT_MAX_SIZE;

  if (http_status == 401)
    {
      g_propagate_error (error, http_error (http_status));
      return NULL;
    }

  if (g_bytes_get_size (body) > max_size)
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_RESPONSE_TOO_LARGE, NULL));
      return NULL;
    }

  self = g_object_new (UM_TYPE_RESPONSE, NULL);
  self->operation = operation;
  self->doc = parse_document (body, &had_dtd);

  if (self->doc == NULL)
    {
      if (!success_status)
        g_propagate_error (error, http_error (http_status));
      else if (had_dtd)
        g_propagate_error (error, um_error_new_literal (UM_ERROR_MALFORMED_RESPONSE,
                                                        "The server's answer has a DTD, "
                                                        "which SOAP does not allow"));
      else
        g_propagate_error (error, um_error_new_literal (UM_ERROR_MALFORMED_RESPONSE,
                                                        "The server's answer is not XML"));
      return NULL;
    }

  envelope = xmlDocGetRootElement (self->doc);
  body_node = um_xml_is (envelope, UM_NS_SOAP, "Envelope")
    ? um_xml_child (envelope, UM_NS_SOAP, "Body")
    : NULL;

  if (body_node == NULL)
    {
      if (!success_status)
        g_propagate_error (error, http_error (http_status));
      else
        g_propagate_error (error, um_error_new_literal (UM_ERROR_MALFORMED_RESPONSE,
                                                        "The server's answer is not SOAP"));
      return NULL;
    }

  header = um_xml_child (envelope, UM_NS_SOAP, "Header");
  self->server_version = read_server_version (header);

  first = um_xml_first_element (body_node);
  if (um_xml_is (first, UM_NS_SOAP, "Fault"))
    {
      g_propagate_error (error, error_from_fault (operation, first, http_status));
      return NULL;
    }

  self->body_element = um_xml_child (body_node, UM_NS_MESSAGES,
                                     um_operation_get_response_element (operation));

  if (self->body_element != NULL && um_operation_get_endpoint (operation) == UM_ENDPOINT_EWS &&
      !um_operation_has_response_messages (operation))
    {
      GError *response_error = error_from_response_class (operation, self->body_element,
                                                          http_status);

      if (response_error != NULL)
        {
          g_propagate_error (error, response_error);
          return NULL;
        }
    }

  if (!success_status)
    {
      g_propagate_error (error, http_error (http_status));
      return NULL;
    }

  if (self->body_element == NULL)
    {
      g_set_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                   "The server's answer has no %s",
                   um_operation_get_response_element (operation));
      return NULL;
    }

  if (um_operation_has_response_messages (operation) &&
      um_xml_child (self->body_element, UM_NS_MESSAGES, "ResponseMessages") == NULL)
    {
      g_set_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                   "The server's answer to %s has no ResponseMessages",
                   um_operation_get_name (operation));
      return NULL;
    }

  return g_steal_pointer (&self);
}

UmOperation
um_response_get_operation (UmResponse *self)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), UM_N_OPERATIONS);

  return self->operation;
}

/**
 * um_response_get_body_element:
 * @self: a response
 *
 * Returns: (transfer none): the operation's response element
 */
xmlNode *
um_response_get_body_element (UmResponse *self)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);

  return self->body_element;
}

/**
 * um_response_get_server_version:
 * @self: a response
 *
 * Returns: (transfer none) (nullable): the ServerVersionInfo header, if sent
 */
const UmServerVersion *
um_response_get_server_version (UmResponse *self)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);

  return self->server_version;
}

static gboolean
malformed (GError     **error,
           const char  *element)
{
  g_set_error (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
               "The server's answer has no valid %s", element);
  return FALSE;
}

/**
 * um_response_read_empty:
 * @self: a response
 * @error: return location for an error
 *
 * The answer of an operation that returns nothing: the Set operations,
 * ResetPIN, Disconnect and DisconnectPhoneCall.
 *
 * Returns: %TRUE
 */
gboolean
um_response_read_empty (UmResponse  *self,
                        GError     **error)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), FALSE);

  return TRUE;
}

/**
 * um_response_read_boolean:
 * @self: the response of IsUMEnabled
 * @value: (out): the value
 * @error: return location for an error
 *
 * Returns: %TRUE if the answer holds a boolean
 */
gboolean
um_response_read_boolean (UmResponse  *self,
                          gboolean    *value,
                          GError     **error)
{
  const char *name;
  g_autofree char *text = NULL;

  g_return_val_if_fail (UM_IS_RESPONSE (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  name = um_operation_get_response_element (self->operation);
  text = um_xml_text (um_xml_child (self->body_element, UM_NS_MESSAGES, name));
  if (!um_xml_parse_boolean (text, value))
    return malformed (error, name);
  return TRUE;
}

static gboolean
read_boolean_child (const xmlNode *parent,
                    const char    *name,
                    gboolean      *value,
                    GError       **error)
{
  g_autofree char *text = um_xml_text (um_xml_child (parent, UM_NS_MESSAGES, name));

  if (!um_xml_parse_boolean (text, value))
    return malformed (error, name);
  return TRUE;
}

static char *
stripped_or_null (char *text)
{
  if (text == NULL)
    return NULL;

  g_strstrip (text);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static char **
split_numbers (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (numbers, g_strdup (parts[i]));
    }
  g_ptr_array_add (numbers, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&numbers), FALSE);
}

/**
 * um_response_read_properties:
 * @self: the response of GetUMProperties
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the properties
 */
UmProperties *
um_response_read_properties (UmResponse  *self,
                             GError     **error)
{
  g_autoptr(UmProperties) properties = um_properties_new ();
  g_autofree char *numbers = NULL;
  xmlNode *inner;

  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);

  inner = um_xml_child (self->body_element, UM_NS_MESSAGES, "GetUMPropertiesResponse");
  if (inner == NULL)
    {
      malformed (error, "GetUMPropertiesResponse");
      return NULL;
    }

  if (!read_boolean_child (inner, "OofStatus", &properties->oof_status, error) ||
      !read_boolean_child (inner, "MissedCallNotificationEnabled",
                           &properties->missed_call_notification_enabled, error))
    return NULL;

  /* An empty value is no value: a server sends the element empty when the
   * user has none, as these MUST be present (3.1.4.5.3.1). */
  properties->play_on_phone_dial_string =
    stripped_or_null (um_xml_text (um_xml_child (inner, UM_NS_MESSAGES, "PlayOnPhoneDialString")));
  properties->telephone_access_folder_email =
    stripped_or_null (um_xml_text (um_xml_child (inner, UM_NS_MESSAGES,
                                                 "TelephoneAccessFolderEmail")));

  numbers = um_xml_text (um_xml_child (inner, UM_NS_MESSAGES, "TelephoneAccessNumbers"));
  if (numbers != NULL)
    properties->telephone_access_numbers = split_numbers (numbers);

  return g_steal_pointer (&properties);
}

/**
 * um_response_read_call_id:
 * @self: the response of PlayOnPhone, PlayOnPhoneGreeting or PlayOnPhone2
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the phone call id
 */
char *
um_response_read_call_id (UmResponse  *self,
                          GError     **error)
{
  g_autofree char *call_id = NULL;
  const char *name;

  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);

  if (self->operation == UM_OPERATION_PLAY_ON_PHONE2)
    {
      name = "PhoneCallId";
      call_id = um_xml_attribute (um_xml_child (self->body_element, UM_NS_MESSAGES, name), "Id");
    }
  else
    {
      name = um_operation_get_response_element (self->operation);
      call_id = um_xml_text (um_xml_child (self->body_element, UM_NS_MESSAGES, name));
      if (call_id != NULL)
        g_strstrip (call_id);
    }

  if (call_id == NULL || call_id[0] == '\0')
    {
      malformed (error, name);
      return NULL;
    }

  return g_steal_pointer (&call_id);
}

/**
 * um_response_read_call_info:
 * @self: the response of GetCallInfo or GetPhoneCallInformation
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the call's state
 */
UmCallInfo *
um_response_read_call_info (UmResponse  *self,
                            GError     **error)
{
  g_autoptr(UmCallInfo) info = um_call_info_new (UM_CALL_STATE_IDLE, UM_CALL_CAUSE_NONE);
  g_autofree char *state_text = NULL;
  g_autofree char *cause_text = NULL;
  const char *ns;
  const char *state_name;
  const char *cause_name;
  xmlNode *inner;

  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);

  if (self->operation == UM_OPERATION_GET_PHONE_CALL_INFORMATION)
    {
      inner = um_xml_child (self->body_element, UM_NS_MESSAGES, "PhoneCallInformation");
      ns = UM_NS_TYPES;
      state_name = "PhoneCallState";
      cause_name = "ConnectionFailureCause";
    }
  else
    {
      inner = um_xml_child (self->body_element, UM_NS_MESSAGES, "GetCallInfoResponse");
      ns = UM_NS_MESSAGES;
      state_name = "CallState";
      cause_name = "EventCause";
    }

  if (inner == NULL)
    {
      malformed (error, self->operation == UM_OPERATION_GET_PHONE_CALL_INFORMATION
                        ? "PhoneCallInformation" : "GetCallInfoResponse");
      return NULL;
    }

  state_text = um_xml_text (um_xml_child (inner, ns, state_name));
  if (!um_call_state_from_wire (state_text, &info->state))
    {
      malformed (error, state_name);
      return NULL;
    }

  cause_text = um_xml_text (um_xml_child (inner, ns, cause_name));
  if (!um_call_cause_from_wire (cause_text, &info->cause))
    {
      malformed (error, cause_name);
      return NULL;
    }

  if (self->operation == UM_OPERATION_GET_PHONE_CALL_INFORMATION)
    {
      xmlNode *code_node = um_xml_child (inner, UM_NS_TYPES, "SIPResponseCode");

      info->sip_response_text = um_xml_text (um_xml_child (inner, UM_NS_TYPES, "SIPResponseText"));
      if (code_node != NULL)
        {
          g_autofree char *text = um_xml_text (code_node);
          gint64 code;

          if (text == NULL ||
              !g_ascii_string_to_signed (g_strstrip (text), 10, G_MININT32, G_MAXINT32,
                                         &code, NULL))
            {
              malformed (error, "SIPResponseCode");
              return NULL;
            }
          info->has_sip_response = TRUE;
          info->sip_response_code = (int)code;
        }
    }

  return g_steal_pointer (&info);
}

/**
 * um_response_get_messages:
 * @self: the answer to a mailbox call
 *
 * Returns: (transfer none): the ResponseMessages element, whose element
 *   children are the answers for each id of the request, in order
 */
xmlNode *
um_response_get_messages (UmResponse *self)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);
  g_return_val_if_fail (um_operation_has_response_messages (self->operation), NULL);

  return um_xml_child (self->body_element, UM_NS_MESSAGES, "ResponseMessages");
}

/**
 * um_response_message_error:
 * @self: the answer to a mailbox call
 * @message: one child of um_response_get_messages()
 *
 * Returns: (transfer full) (nullable): the %UM_ERROR of a message whose
 *   ResponseClass is Error, or %NULL for Success and Warning
 */
GError *
um_response_message_error (UmResponse    *self,
                           const xmlNode *message)
{
  g_return_val_if_fail (UM_IS_RESPONSE (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  return error_from_response_class (self->operation, message, 200);
}
