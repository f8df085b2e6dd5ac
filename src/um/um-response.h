/* um-response.h: the SOAP response reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

#include "um-operation.h"
#include "um-types.h"

G_BEGIN_DECLS

/* What a response may weigh unless the caller says otherwise. */
#define UM_RESPONSE_DEFAULT_MAX_SIZE (8 * 1024 * 1024)

#define UM_TYPE_RESPONSE (um_response_get_type ())
G_DECLARE_FINAL_TYPE (UmResponse, um_response, UM, RESPONSE, GObject)

UmResponse            *um_response_new                (UmOperation   operation,
                                                       GBytes       *body,
                                                       guint         http_status,
                                                       gsize         max_size,
                                                       GError      **error);
UmOperation            um_response_get_operation      (UmResponse   *self);
xmlNode               *um_response_get_body_element   (UmResponse   *self);
const UmServerVersion *um_response_get_server_version (UmResponse   *self);

gboolean               um_response_read_empty         (UmResponse   *self,
                                                       GError      **error);
gboolean               um_response_read_boolean       (UmResponse   *self,
                                                       gboolean     *value,
                                                       GError      **error);
UmProperties          *um_response_read_properties    (UmResponse   *self,
                                                       GError      **error);
char                  *um_response_read_call_id       (UmResponse   *self,
                                                       GError      **error);
UmCallInfo            *um_response_read_call_info     (UmResponse   *self,
                                                       GError      **error);
xmlNode               *um_response_get_messages       (UmResponse   *self);
GError                *um_response_message_error      (UmResponse   *self,
                                                       const xmlNode *message);

/* Element helpers, shared with the other readers of src/um. */
xmlDoc                *um_xml_read                    (const char    *data,
                                                       gsize          size,
                                                       gboolean      *had_dtd);
gboolean               um_xml_is                      (const xmlNode *node,
                                                       const char    *ns,
                                                       const char    *name);
xmlNode               *um_xml_child                   (const xmlNode *node,
                                                       const char    *ns,
                                                       const char    *name);
xmlNode               *um_xml_first_element           (const xmlNode *node);
xmlNode               *um_xml_next_element            (const xmlNode *node);
char                  *um_xml_text                    (const xmlNode *node);
char                  *um_xml_attribute               (const xmlNode *node,
                                                       const char    *name);
gboolean               um_xml_parse_boolean           (const char    *text,
                                                       gboolean      *value);

G_END_DECLS
