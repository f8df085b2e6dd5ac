/* hark-background.h: running in the background through the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean hark_background_uses_portal    (void);
void     hark_background_request_async  (GDBusConnection     *connection,
                                         gboolean             autostart,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean hark_background_request_finish (GAsyncResult        *result,
                                         gboolean            *autostart,
                                         GError             **error);

G_END_DECLS
