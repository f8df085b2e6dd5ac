/* um-server-soap.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are checked against the server's own transcription of the
 * Appendix B schema (the table below): element order, required elements,
 * simple-type values, attributes. Answers are written as text, shaped exactly
 * like the examples of section 4 and the faults of sections 2.2.2.1 and 3.1.4.
 */

#include "config.h"

#include "um-server-soap.h"

#include "um-ns.h"
#include "um-server-ews.h"

#include <libxml/parser.h>
#include <string.h>

typedef enum {
  TYPE_STRING,
  TYPE_BOOLEAN,
  TYPE_GREETING,
  TYPE_ITEM_ID,
  TYPE_PHONE_CALL_ID,
} ChildType;

typedef struct {
  const char *name;
  ChildType   type;
  gboolean    required;
} ChildSpec;

typedef struct {
  const char *element;
  const char *operation;
  gboolean    ews;
  ChildSpec   children[2];
} OperationSpec;

/* Appendix B (7.1) as libxml2 reads it: minOccurs is Appendix B's, not
 * section 3's; "MUST be present" is enforced by the operations themselves. */
static const OperationSpec operation_specs[] = {
  { "IsUMEnabled", "IsUMEnabled", FALSE, { { NULL } } },
  { "GetUMProperties", "GetUMProperties", FALSE, { { NULL } } },
  { "SetOofStatus", "SetOofStatus", FALSE, { { "status", TYPE_BOOLEAN, TRUE } } },
  { "SetMissedCallNotificationEnabled", "SetMissedCallNotificationEnabled", FALSE,
    { { "status", TYPE_BOOLEAN, TRUE } } },
  { "SetPlayOnPhoneDialString", "SetPlayOnPhoneDialString", FALSE,
    { { "dialString", TYPE_STRING, FALSE } } },
  { "SetTelephoneAccessFolderEmail", "SetTelephoneAccessFolderEmail", FALSE,
    { { "base64FolderId", TYPE_STRING, FALSE } } },
  { "ResetPIN", "ResetPIN", FALSE, { { NULL } } },
  { "PlayOnPhone", "PlayOnPhone", FALSE,
    { { "entryId", TYPE_STRING, FALSE }, { "DialString", TYPE_STRING, FALSE } } },
  { "GetCallInfo", "GetCallInfo", FALSE, { { "CallId", TYPE_STRING, FALSE } } },
  { "Disconnect", "Disconnect", FALSE, { { "CallId", TYPE_STRING, FALSE } } },
  { "PlayOnPhoneGreeting", "PlayOnPhoneGreeting", FALSE,
    { { "GreetingType", TYPE_GREETING, TRUE }, { "DialString", TYPE_STRING, FALSE } } },
  /* The EWS endpoint: m:PlayOnPhone is PlayOnPhoneType there (3.1.4.7.2.1). */
  { "PlayOnPhone", "PlayOnPhone2", TRUE,
    { { "ItemId", TYPE_ITEM_ID, TRUE }, { "DialString", TYPE_STRING, TRUE } } },
  { "GetPhoneCallInformation", "GetPhoneCallInformation", TRUE,
    { { "PhoneCallId", TYPE_PHONE_CALL_ID, TRUE } } },
  { "DisconnectPhoneCall", "DisconnectPhoneCall", TRUE,
    { { "PhoneCallId", TYPE_PHONE_CALL_ID, TRUE } } },
};

/* [MS-OXWSCDATA] ExchangeVersionType, as the Exchange 2016 schema lists it. */
static const char *const exchange_versions[] = {
  "Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2010_SP1",
  "Exchange2010_SP2", "Exchange2012", "Exchange2013", "Exchange2013_SP1", "Exchange2015",
  "Exchange2016", "V2015_10_05", "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10",
  "V2017_01_07", "V2017_04_14", "V2017_07_11",
};

/* Header entries the server knows; any other is not a declared element. */
static const char *const known_headers[] = {
  "RequestServerVersion", "MailboxCulture", "ExchangeImpersonation", "TimeZoneContext",
  "DateTimePrecision", "ManagementRole", "SerializedSecurityContext",
};

static gboolean
node_is (const xmlNode *node,
         const char    *ns,
         const char    *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || strcmp ((const char *)node->name, name))
    return FALSE;
  if (ns == NULL)
    return node->ns == NULL;
  return node->ns != NULL && g_strcmp0 ((const char *)node->ns->href, ns) == 0;
}

static const char *
node_ns (const xmlNode *node)
{
  return node->ns != NULL ? (const char *)node->ns->href : NULL;
}

static gboolean
is_blank (const xmlChar *text)
{
  for (; text != NULL && *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }
  return TRUE;
}

/* Element-only content: children are elements, comments, PIs or whitespace. */
static gboolean
element_only (const xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
          !is_blank (child->content))
        return FALSE;
      if (child->type == XML_ENTITY_REF_NODE)
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_element_children (const xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE || child->type == XML_ENTITY_REF_NODE)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_text (const xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        return TRUE;
    }
  return FALSE;
}

/* Only the listed unqualified attributes, and xsi:* (which every schema allows). */
static gboolean
attributes_allowed (const xmlNode     *node,
                    const char *const *allowed)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      gboolean ok = FALSE;

      if (attr->ns != NULL)
        {
          if (g_strcmp0 ((const char *)attr->ns->href, UM_NS_XSI) == 0)
            continue;
          return FALSE;
        }

      for (guint i = 0; allowed != NULL && allowed[i] != NULL; i++)
        {
          if (strcmp ((const char *)attr->name, allowed[i]) == 0)
            ok = TRUE;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static char *
dup_attribute (const xmlNode *node,
               const char    *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *)name);
  char *copy = g_strdup ((const char *)value);

  xmlFree (value);
  return copy;
}

static char *
node_text (const xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *)content : "");

  xmlFree (content);
  return text;
}

static gboolean
valid_boolean (const char *text)
{
  g_autofree char *collapsed = g_strstrip (g_strdup (text));

  return g_strv_contains ((const char *const[]) { "true", "false", "1", "0", NULL }, collapsed);
}

static gboolean
check_leaf (const xmlNode *node,
            ChildType      type,
            char         **problem)
{
  static const char *const id_attrs[] = { "Id", NULL };
  static const char *const item_id_attrs[] = { "Id", "ChangeKey", NULL };
  g_autofree char *text = NULL;

  switch (type)
    {
    case TYPE_STRING:
    case TYPE_BOOLEAN:
    case TYPE_GREETING:
      if (has_element_children (node) || !attributes_allowed (node, NULL))
        {
          *problem = g_strdup_printf ("%s must hold text only", node->name);
          return FALSE;
        }
      text = node_text (node);
      if (type == TYPE_BOOLEAN && !valid_boolean (text))
        {
          *problem = g_strdup_printf ("%s must be true or false", node->name);
          return FALSE;
        }
      if (type == TYPE_GREETING &&
          !g_strv_contains ((const char *const[]) { "NormalCustom", "OofCustom", NULL }, text))
        {
          *problem = g_strdup_printf ("%s must be NormalCustom or OofCustom", node->name);
          return FALSE;
        }
      return TRUE;

    case TYPE_ITEM_ID:
    case TYPE_PHONE_CALL_ID:
      if (has_element_children (node) || has_text (node) ||
          !attributes_allowed (node, type == TYPE_ITEM_ID ? item_id_attrs : id_attrs))
        {
          *problem = g_strdup_printf ("%s must be empty with an Id attribute", node->name);
          return FALSE;
        }
      if (!xmlHasNsProp (node, (const xmlChar *)"Id", NULL))
        {
          *problem = g_strdup_printf ("%s has no Id", node->name);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_operation (const xmlNode       *node,
                 const OperationSpec *spec,
                 char               **problem)
{
  xmlNode *child = node->children;

  if (!element_only (node) || !attributes_allowed (node, NULL))
    {
      *problem = g_strdup_printf ("%s may only hold elements", spec->element);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (spec->children) && spec->children[i].name != NULL; i++)
    {
      const ChildSpec *child_spec = &spec->children[i];

      while (child != NULL && child->type != XML_ELEMENT_NODE)
        child = child->next;

      if (child != NULL && node_is (child, UM_NS_MESSAGES, child_spec->name))
        {
          if (!check_leaf (child, child_spec->type, problem))
            return FALSE;
          child = child->next;
        }
      else if (child_spec->required)
        {
          *problem = g_strdup_printf ("%s is missing in %s", child_spec->name, spec->element);
          return FALSE;
        }
    }

  while (child != NULL && child->type != XML_ELEMENT_NODE)
    child = child->next;
  if (child != NULL)
    {
      *problem = g_strdup_printf ("%s is not expected in %s", child->name, spec->element);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_header (const xmlNode  *header,
              char          **version,
              char          **problem)
{
  static const char *const version_attrs[] = { "Version", NULL };

  if (!element_only (header))
    {
      *problem = g_strdup ("Header may only hold elements");
      return FALSE;
    }

  for (xmlNode *entry = header->children; entry != NULL; entry = entry->next)
    {
      g_autofree char *value = NULL;

      if (entry->type != XML_ELEMENT_NODE)
        continue;

      if (g_strcmp0 (node_ns (entry), UM_NS_TYPES) != 0 ||
          !g_strv_contains (known_headers, (const char *)entry->name))
        {
          *problem = g_strdup_printf ("Header entry %s is not declared", entry->name);
          return FALSE;
        }

      if (!node_is (entry, UM_NS_TYPES, "RequestServerVersion"))
        continue;

      value = dup_attribute (entry, "Version");
      if (has_element_children (entry) || has_text (entry) ||
          !attributes_allowed (entry, version_attrs) || value == NULL)
        {
          *problem = g_strdup ("RequestServerVersion must be empty with a Version");
          return FALSE;
        }

      if (!g_strv_contains (exchange_versions, value))
        {
          *problem = g_strdup_printf ("“%s” is not an Exchange version", value);
          return FALSE;
        }

      g_free (*version);
      *version = g_steal_pointer (&value);
    }

  return TRUE;
}

static void
stop_at_dtd_cb (void          *ctx,
                const xmlChar *name,
                const xmlChar *external_id,
                const xmlChar *system_id)
{
  xmlStopParser ((xmlParserCtxt *)ctx);
}

/* A request with a DTD is as malformed as one that is not XML: SOAP forbids
 * it, and it is how entity attacks begin. */
static void
quiet_cb (void       *ctx,
          const char *msg,
          ...)
{
}

static xmlDoc *
read_xml (const char *data,
          gsize       size)
{
  xmlGenericErrorFunc previous_handler;
  void *previous_context;
  xmlParserCtxt *ctxt;
  xmlDoc *doc;

  if (size == 0 || size > G_MAXINT)
    return NULL;

  xmlInitParser ();
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;
  ctxt->sax->internalSubset = stop_at_dtd_cb;

  /* Bad encodings reach libxml2's generic error handler, stderr, whatever
   * the options: quiet for this parse. */
  previous_handler = xmlGenericError;
  previous_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, quiet_cb);
  doc = xmlCtxtReadMemory (ctxt, data, (int)size, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetGenericErrorFunc (previous_context, previous_handler);
  if (doc != NULL && (!ctxt->wellFormed || doc->intSubset != NULL ||
                      ctxt->errNo == XML_ERR_USER_STOP))
    g_clear_pointer (&doc, xmlFreeDoc);

  xmlFreeParserCtxt (ctxt);
  return doc;
}

/**
 * um_server_request_parse:
 * @data: the request body
 * @size: its length
 * @ews_endpoint: whether it came to the EWS endpoint
 * @request: (out): the request, when %UM_SERVER_PARSE_OK
 * @problem: (out) (optional): what is wrong, for the log
 *
 * Returns: whether the request is malformed, invalid or good
 */
UmServerParseResult
um_server_request_parse (const char       *data,
                         gsize             size,
                         gboolean          ews_endpoint,
                         UmServerRequest **request,
                         char            **problem)
{
  g_autoptr(UmServerRequest) parsed = g_new0 (UmServerRequest, 1);
  g_autofree char *why = NULL;
  xmlNode *envelope;
  xmlNode *child;
  xmlNode *body = NULL;
  xmlNode *operation = NULL;
  guint n_operations = 0;

  *request = NULL;

  parsed->doc = read_xml (data, size);
  if (parsed->doc == NULL)
    {
      if (problem != NULL)
        *problem = g_strdup ("not well-formed XML");
      return UM_SERVER_PARSE_MALFORMED;
    }

  envelope = xmlDocGetRootElement (parsed->doc);
  if (!node_is (envelope, UM_NS_SOAP, "Envelope"))
    {
      why = g_strdup ("the root is not a SOAP 1.1 Envelope");
      goto invalid;
    }

  child = envelope->children;
  while (child != NULL && child->type != XML_ELEMENT_NODE)
    child = child->next;
  if (node_is (child, UM_NS_SOAP, "Header"))
    {
      if (!check_header (child, &parsed->request_version, &why))
        goto invalid;
      child = child->next;
      while (child != NULL && child->type != XML_ELEMENT_NODE)
        child = child->next;
    }
  if (!node_is (child, UM_NS_SOAP, "Body"))
    {
      why = g_strdup ("the Envelope has no Body");
      goto invalid;
    }
  body = child;

  /* After the Body, only elements of other namespaces (SOAP 1.1, 4.3). */
  for (child = body->next; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE && g_strcmp0 (node_ns (child), UM_NS_SOAP) == 0)
        {
          why = g_strdup ("unexpected SOAP element after the Body");
          goto invalid;
        }
    }
  if (!element_only (envelope) || !element_only (body))
    {
      why = g_strdup ("text where only elements are allowed");
      goto invalid;
    }

  for (child = body->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      n_operations++;
      operation = child;

      for (guint i = 0; i < G_N_ELEMENTS (operation_specs); i++)
        {
          const OperationSpec *spec = &operation_specs[i];

          if (spec->ews != ews_endpoint || !node_is (child, UM_NS_MESSAGES, spec->element))
            continue;
          if (!check_operation (child, spec, &why))
            goto invalid;
          g_free (parsed->name);
          parsed->name = g_strdup (spec->operation);
        }

      /* The mailbox calls: their handlers read what they need. */
      if (parsed->name == NULL && ews_endpoint && node_is (child, UM_NS_MESSAGES,
                                                           (const char *)child->name) &&
          um_server_ews_is_mailbox_operation ((const char *)child->name))
        parsed->name = g_strdup ((const char *)child->name);

      if (parsed->name == NULL)
        {
          why = g_strdup_printf ("%s is not an operation of this endpoint", child->name);
          goto invalid;
        }
    }

  if (n_operations != 1)
    {
      if (problem != NULL)
        *problem = g_strdup ("the Body must hold exactly one operation");
      return UM_SERVER_PARSE_NOT_REQUEST;
    }

  parsed->operation = operation;
  *request = g_steal_pointer (&parsed);
  return UM_SERVER_PARSE_OK;

invalid:
  if (problem != NULL)
    *problem = g_steal_pointer (&why);
  return UM_SERVER_PARSE_INVALID;
}

void
um_server_request_free (UmServerRequest *request)
{
  if (request == NULL)
    return;

  g_clear_pointer (&request->doc, xmlFreeDoc);
  g_free (request->name);
  g_free (request->request_version);
  g_free (request);
}

static xmlNode *
find_child (UmServerRequest *request,
            const char      *name)
{
  for (xmlNode *child = request->operation->children; child != NULL; child = child->next)
    {
      if (node_is (child, UM_NS_MESSAGES, name))
        return child;
    }
  return NULL;
}

gboolean
um_server_request_has_child (UmServerRequest *request,
                             const char      *child)
{
  return find_child (request, child) != NULL;
}

/**
 * um_server_request_dup_text:
 * @request: a valid request
 * @child: the local name of a child of the operation
 *
 * Returns: (transfer full) (nullable): its text, or %NULL if it is absent
 */
char *
um_server_request_dup_text (UmServerRequest *request,
                            const char      *child)
{
  xmlNode *node = find_child (request, child);

  return node != NULL ? node_text (node) : NULL;
}

char *
um_server_request_dup_attribute (UmServerRequest *request,
                                 const char      *child,
                                 const char      *attribute)
{
  xmlNode *node = find_child (request, child);

  return node != NULL ? dup_attribute (node, attribute) : NULL;
}

/**
 * um_server_soap_action_matches:
 * @operation_name: a WSDL operation name
 * @soap_action: (nullable): the SOAPAction header as sent, quoted or not
 *
 * Returns: whether @soap_action is the one of the operation's WSDL binding
 */
gboolean
um_server_soap_action_matches (const char *operation_name,
                               const char *soap_action)
{
  g_autofree char *action = NULL;
  gsize len;

  if (soap_action == NULL)
    return FALSE;

  action = g_strstrip (g_strdup (soap_action));
  len = strlen (action);
  if (len >= 2 && action[0] == '"' && action[len - 1] == '"')
    {
      action[len - 1] = '\0';
      memmove (action, action + 1, len - 1);
    }

  if (!g_str_has_prefix (action, UM_SOAP_ACTION_PREFIX))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (operation_specs); i++)
    {
      /* PlayOnPhone2 is bound to PlayOnPhone's action (3.1.4.7). */
      if (g_str_equal (operation_specs[i].operation, operation_name))
        return g_str_equal (action + strlen (UM_SOAP_ACTION_PREFIX), operation_specs[i].element);
    }
  if (um_server_ews_is_mailbox_operation (operation_name))
    return g_str_equal (action + strlen (UM_SOAP_ACTION_PREFIX), operation_name);
  return FALSE;
}

char *
um_server_soap_escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

/* Legacy answers are shaped like the examples of 4.1, 4.3, 4.5-4.7, 4.9-4.14. */
char *
um_server_soap_legacy_response (const char *body_xml)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                      "<soap:Envelope xmlns:soap=\"" UM_NS_SOAP "\""
                      " xmlns:xsi=\"" UM_NS_XSI "\""
                      " xmlns:xsd=\"" UM_NS_XSD "\">"
                      "<soap:Body>", body_xml, "</soap:Body>"
                      "</soap:Envelope>", NULL);
}

/* EWS answers are shaped like the examples of 4.2, 4.4 and 4.8. */
char *
um_server_soap_ews_response (const char *server_version_xml,
                             const char *body_xml)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                      "<s:Envelope xmlns:s=\"" UM_NS_SOAP "\">"
                      "<s:Header>", server_version_xml, "</s:Header>"
                      "<s:Body xmlns:xsi=\"" UM_NS_XSI "\" xmlns:xsd=\"" UM_NS_XSD "\">",
                      body_xml,
                      "</s:Body>"
                      "</s:Envelope>", NULL);
}

/* The fault of 2.2.2.1, for ErrorInvalidRequest and ErrorSchemaValidation. */
char *
um_server_soap_request_fault (const char *response_code,
                              const char *message)
{
  g_autofree char *code = um_server_soap_escape (response_code);
  g_autofree char *text = um_server_soap_escape (message);

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                          "<s:Envelope xmlns:s=\"" UM_NS_SOAP "\">"
                          "<s:Body>"
                          "<s:Fault>"
                          "<faultcode xmlns:a=\"" UM_NS_TYPES "\">a:%s</faultcode>"
                          "<faultstring xml:lang=\"en-US\">%s</faultstring>"
                          "<detail>"
                          "<e:ResponseCode xmlns:e=\"" UM_NS_ERRORS "\">%s</e:ResponseCode>"
                          "<e:Message xmlns:e=\"" UM_NS_ERRORS "\">%s</e:Message>"
                          "</detail>"
                          "</s:Fault>"
                          "</s:Body>"
                          "</s:Envelope>",
                          code, text, code, text);
}

/* The faults of 3.1.4.1, 3.1.4.3, 3.1.4.8 and 3.1.4.9. The example of
 * 3.1.4.3 (GetCallInfo) leaves ExceptionType unqualified; so does the server
 * there, which keeps clients honest about reading it by local name. */
char *
um_server_soap_exception_fault (const char *exception,
                                const char *faultstring,
                                gboolean    unqualified_detail)
{
  g_autofree char *code = um_server_soap_escape (exception);
  g_autofree char *text = um_server_soap_escape (faultstring);

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                          "<s:Envelope xmlns:s=\"" UM_NS_SOAP "\">"
                          "<s:Body>"
                          "<s:Fault>"
                          "<faultcode xmlns:a=\"" UM_NS_ERRORS "\">a:%s</faultcode>"
                          "<faultstring xml:lang=\"en-US\">%s</faultstring>"
                          "<detail>"
                          "<%sExceptionType xmlns:m=\"" UM_NS_MESSAGES "\">%s</%sExceptionType>"
                          "</detail>"
                          "</s:Fault>"
                          "</s:Body>"
                          "</s:Envelope>",
                          code, text,
                          unqualified_detail ? "" : "m:", code, unqualified_detail ? "" : "m:");
}

/* The error answers of 3.1.4.2, 3.1.4.4 and 3.1.4.7. */
char *
um_server_soap_ews_error (const char *response_element,
                          const char *response_code,
                          const char *message_text)
{
  g_autofree char *code = um_server_soap_escape (response_code);
  g_autofree char *text = um_server_soap_escape (message_text);

  return g_strdup_printf ("<%s ResponseClass=\"Error\" xmlns=\"" UM_NS_MESSAGES "\">"
                          "<MessageText>%s</MessageText>"
                          "<ResponseCode>%s</ResponseCode>"
                          "<DescriptiveLinkKey>0</DescriptiveLinkKey>"
                          "</%s>",
                          response_element, text, code, response_element);
}
