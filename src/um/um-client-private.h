/* um-client-private.h: the transport, for the other classes of src/um
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "um-client.h"
#include "um-request.h"
#include "um-response.h"

G_BEGIN_DECLS

void          um_client_send_async  (UmClient            *self,
                                     UmRequest           *request,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
UmResponse   *um_client_send_finish (UmClient            *self,
                                     GAsyncResult        *result,
                                     GError             **error);
void          um_client_open_async  (UmClient            *self,
                                     UmRequest           *request,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GInputStream *um_client_open_finish (UmClient            *self,
                                     GAsyncResult        *result,
                                     GError             **error);
gboolean      um_client_check_url   (const char          *url,
                                     GError             **error);

G_END_DECLS
