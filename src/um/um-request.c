/* um-request.c: writes one SOAP 1.1 request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every text and attribute goes through libxml2's escaping; the three
 * namespaces are declared once, on the envelope.
 */

#include "config.h"

#include "um-request.h"

#include "um-ns.h"

struct _UmRequest
{
  GObject      parent_instance;

  UmOperation  operation;
  xmlDoc      *doc;
  xmlNs       *ns_messages;
  xmlNs       *ns_types;
  xmlNode     *body_element;
};

G_DEFINE_FINAL_TYPE (UmRequest, um_request, G_TYPE_OBJECT)

static void
um_request_finalize (GObject *object)
{
  UmRequest *self = (UmRequest *)object;

  g_clear_pointer (&self->doc, xmlFreeDoc);

  G_OBJECT_CLASS (um_request_parent_class)->finalize (object);
}

static void
um_request_class_init (UmRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_request_finalize;
}

static void
um_request_init (UmRequest *self)
{
}

/**
 * um_request_new:
 * @operation: the operation
 * @server_version: (nullable): the RequestServerVersion of an EWS operation,
 *   e.g. "Exchange2013"; ignored for the operations of the legacy endpoint,
 *   whose binding has no headers
 *
 * Returns: (transfer full): a request with an empty operation element
 */
UmRequest *
um_request_new (UmOperation  operation,
                const char  *server_version)
{
  UmRequest *self;
  xmlNode *envelope;
  xmlNode *body;
  xmlNs *ns_soap;

  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);

  self = g_object_new (UM_TYPE_REQUEST, NULL);
  self->operation = operation;
  self->doc = xmlNewDoc ((const xmlChar *)"1.0");

  envelope = xmlNewDocNode (self->doc, NULL, (const xmlChar *)"Envelope", NULL);
  xmlDocSetRootElement (self->doc, envelope);
  ns_soap = xmlNewNs (envelope, (const xmlChar *)UM_NS_SOAP, (const xmlChar *)"soap");
  xmlSetNs (envelope, ns_soap);
  self->ns_messages = xmlNewNs (envelope, (const xmlChar *)UM_NS_MESSAGES, (const xmlChar *)"m");

  if (um_operation_get_endpoint (operation) == UM_ENDPOINT_EWS)
    {
      xmlNode *header;
      xmlNode *version;

      self->ns_types = xmlNewNs (envelope, (const xmlChar *)UM_NS_TYPES, (const xmlChar *)"t");
      header = xmlNewChild (envelope, ns_soap, (const xmlChar *)"Header", NULL);
      version = xmlNewChild (header, self->ns_types, (const xmlChar *)"RequestServerVersion",
                             NULL);
      xmlSetProp (version, (const xmlChar *)"Version",
                  (const xmlChar *)(server_version != NULL ? server_version : "Exchange2013"));
    }

  body = xmlNewChild (envelope, ns_soap, (const xmlChar *)"Body", NULL);
  self->body_element = xmlNewChild (body, self->ns_messages,
                                    (const xmlChar *)um_operation_get_request_element (operation),
                                    NULL);
  return self;
}

UmOperation
um_request_get_operation (UmRequest *self)
{
  g_return_val_if_fail (UM_IS_REQUEST (self), UM_N_OPERATIONS);

  return self->operation;
}

/**
 * um_request_get_body_element:
 * @self: a request
 *
 * Returns: (transfer none): the operation's element in the SOAP body
 */
xmlNode *
um_request_get_body_element (UmRequest *self)
{
  g_return_val_if_fail (UM_IS_REQUEST (self), NULL);

  return self->body_element;
}

/**
 * um_request_add_element:
 * @self: a request
 * @parent: (nullable): the parent, or %NULL for the operation's element
 * @name: the local name, in the messages namespace
 * @text: (nullable): the text content; escaped
 *
 * Returns: (transfer none): the new element
 */
xmlNode *
um_request_add_element (UmRequest  *self,
                        xmlNode    *parent,
                        const char *name,
                        const char *text)
{
  g_return_val_if_fail (UM_IS_REQUEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (parent == NULL)
    parent = self->body_element;

  /* xmlNewTextChild escapes &, < and >; xmlNewChild would not. */
  return xmlNewTextChild (parent, self->ns_messages, (const xmlChar *)name,
                          (const xmlChar *)text);
}

/**
 * um_request_add_type_element:
 * @self: a request of the EWS endpoint
 * @parent: (nullable): the parent, or %NULL for the operation's element
 * @name: the local name, in the types namespace
 * @text: (nullable): the text content; escaped
 *
 * Returns: (transfer none): the new element
 */
xmlNode *
um_request_add_type_element (UmRequest  *self,
                             xmlNode    *parent,
                             const char *name,
                             const char *text)
{
  g_return_val_if_fail (UM_IS_REQUEST (self), NULL);
  g_return_val_if_fail (self->ns_types != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (parent == NULL)
    parent = self->body_element;

  return xmlNewTextChild (parent, self->ns_types, (const xmlChar *)name,
                          (const xmlChar *)text);
}

/**
 * um_request_set_attribute:
 * @self: a request
 * @node: an element of @self
 * @name: an unqualified attribute name
 * @value: the value; escaped when the request is written
 */
void
um_request_set_attribute (UmRequest  *self,
                          xmlNode    *node,
                          const char *name,
                          const char *value)
{
  g_return_if_fail (UM_IS_REQUEST (self));
  g_return_if_fail (node != NULL && node->doc == self->doc);

  xmlSetProp (node, (const xmlChar *)name, (const xmlChar *)value);
}

/**
 * um_request_to_bytes:
 * @self: a request
 *
 * Returns: (transfer full): the request as UTF-8 XML
 */
GBytes *
um_request_to_bytes (UmRequest *self)
{
  xmlChar *buffer = NULL;
  int size = 0;
  GBytes *bytes;

  g_return_val_if_fail (UM_IS_REQUEST (self), NULL);

  /* UTF-8 is XML's default: no encoding declaration, no conversion. */
  xmlDocDumpMemory (self->doc, &buffer, &size);
  bytes = g_bytes_new (buffer, size);
  xmlFree (buffer);
  return bytes;
}
