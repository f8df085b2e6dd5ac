/* um-server-soap.h: how the reference server reads requests and writes answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's own reading and writing, on purpose independent of the client
 * library's request builder and response reader: a bug in one must not hide
 * in the other.
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef enum {
  UM_SERVER_PARSE_OK,
  UM_SERVER_PARSE_MALFORMED,   /* not well-formed XML: ErrorInvalidRequest */
  UM_SERVER_PARSE_INVALID,     /* well-formed, not valid: ErrorSchemaValidation */
  UM_SERVER_PARSE_NOT_REQUEST, /* valid SOAP without exactly one operation */
} UmServerParseResult;

typedef struct {
  xmlDoc  *doc;
  xmlNode *operation;
  char    *name;            /* the WSDL operation: "PlayOnPhone2" for the EWS PlayOnPhone */
  char    *request_version; /* RequestServerVersion/@Version, or NULL */
} UmServerRequest;

UmServerParseResult  um_server_request_parse        (const char       *data,
                                                     gsize             size,
                                                     gboolean          ews_endpoint,
                                                     UmServerRequest **request,
                                                     char            **problem);
void                 um_server_request_free         (UmServerRequest  *request);
char                *um_server_request_dup_text     (UmServerRequest  *request,
                                                     const char       *child);
char                *um_server_request_dup_attribute (UmServerRequest *request,
                                                     const char       *child,
                                                     const char       *attribute);
gboolean             um_server_request_has_child    (UmServerRequest  *request,
                                                     const char       *child);
gboolean             um_server_soap_action_matches  (const char       *operation_name,
                                                     const char       *soap_action);

char                *um_server_soap_escape          (const char       *text);
char                *um_server_soap_legacy_response (const char       *body_xml);
char                *um_server_soap_ews_response    (const char       *server_version_xml,
                                                     const char       *body_xml);
char                *um_server_soap_request_fault   (const char       *response_code,
                                                     const char       *message);
char                *um_server_soap_exception_fault (const char       *exception,
                                                     const char       *faultstring,
                                                     gboolean          unqualified_detail);
char                *um_server_soap_ews_error       (const char       *response_element,
                                                     const char       *response_code,
                                                     const char       *message_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmServerRequest, um_server_request_free)

G_END_DECLS
