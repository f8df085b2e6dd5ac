/* um-request.h: the SOAP request builder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

#include "um-operation.h"

G_BEGIN_DECLS

#define UM_TYPE_REQUEST (um_request_get_type ())
G_DECLARE_FINAL_TYPE (UmRequest, um_request, UM, REQUEST, GObject)

UmRequest   *um_request_new               (UmOperation  operation,
                                           const char  *server_version);
UmOperation  um_request_get_operation     (UmRequest   *self);
xmlNode     *um_request_get_body_element  (UmRequest   *self);
xmlNode     *um_request_add_element       (UmRequest   *self,
                                           xmlNode     *parent,
                                           const char  *name,
                                           const char  *text);
xmlNode     *um_request_add_type_element  (UmRequest   *self,
                                           xmlNode     *parent,
                                           const char  *name,
                                           const char  *text);
void         um_request_set_attribute     (UmRequest   *self,
                                           xmlNode     *node,
                                           const char  *name,
                                           const char  *value);
GBytes      *um_request_to_bytes          (UmRequest   *self);

G_END_DECLS
