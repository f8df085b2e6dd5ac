/* um-call-monitor.h: follows one play-on-phone call until it ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "um-client.h"
#include "um-types.h"

G_BEGIN_DECLS

#define UM_TYPE_CALL_MONITOR (um_call_monitor_get_type ())
G_DECLARE_FINAL_TYPE (UmCallMonitor, um_call_monitor, UM, CALL_MONITOR, GObject)

UmCallMonitor    *um_call_monitor_new                     (UmClient            *client,
                                                           UmCallKind           kind,
                                                           const char          *call_id);
UmClient         *um_call_monitor_get_client              (UmCallMonitor       *self);
UmCallKind        um_call_monitor_get_kind                (UmCallMonitor       *self);
const char       *um_call_monitor_get_call_id             (UmCallMonitor       *self);
UmCallState       um_call_monitor_get_state               (UmCallMonitor       *self);
UmCallCause       um_call_monitor_get_cause               (UmCallMonitor       *self);
const UmCallInfo *um_call_monitor_get_info                (UmCallMonitor       *self);
guint             um_call_monitor_get_connecting_interval (UmCallMonitor       *self);
void              um_call_monitor_set_connecting_interval (UmCallMonitor       *self,
                                                           guint                msec);
guint             um_call_monitor_get_connected_interval  (UmCallMonitor       *self);
void              um_call_monitor_set_connected_interval  (UmCallMonitor       *self,
                                                           guint                msec);
double            um_call_monitor_get_max_rate            (UmCallMonitor       *self);
void              um_call_monitor_set_max_rate            (UmCallMonitor       *self,
                                                           double               per_second);
guint             um_call_monitor_get_request_count       (UmCallMonitor       *self);

void              um_call_monitor_run_async               (UmCallMonitor       *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
UmCallInfo       *um_call_monitor_run_finish              (UmCallMonitor       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
