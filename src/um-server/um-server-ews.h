/* um-server-ews.h: the EWS mailbox calls of the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "um-server-mailbox.h"

G_BEGIN_DECLS

gboolean  um_server_ews_is_mailbox_operation (const char      *name);
char     *um_server_ews_handle               (UmServerMailbox *mailbox,
                                              const char      *email,
                                              const char      *name,
                                              xmlNode         *operation,
                                              char           **problem);
char     *um_server_ews_streaming_body       (const char      *subscription_id,
                                              GPtrArray       *events,
                                              const char      *connection_status);
char     *um_server_ews_streaming_error      (const char      *response_code,
                                              const char      *message_text);

G_END_DECLS
