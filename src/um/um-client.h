/* um-client.h: the [MS-OXWUMS] client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "um-types.h"

G_BEGIN_DECLS

#define UM_TYPE_CLIENT (um_client_get_type ())
G_DECLARE_FINAL_TYPE (UmClient, um_client, UM, CLIENT, GObject)

UmClient              *um_client_new                        (const char          *legacy_url,
                                                             const char          *ews_url);
UmClient              *um_client_new_for_server             (const char          *server_url);
const char            *um_client_get_legacy_url             (UmClient            *self);
const char            *um_client_get_ews_url                (UmClient            *self);
void                   um_client_set_legacy_url             (UmClient            *self,
                                                             const char          *url);
void                   um_client_set_ews_url                (UmClient            *self,
                                                             const char          *url);
const char            *um_client_get_request_server_version (UmClient            *self);
void                   um_client_set_request_server_version (UmClient            *self,
                                                             const char          *version);
const UmServerVersion *um_client_get_server_version         (UmClient            *self);
GTlsDatabase          *um_client_get_tls_database           (UmClient            *self);
void                   um_client_set_tls_database           (UmClient            *self,
                                                             GTlsDatabase        *database);
gboolean               um_client_set_ca_file                (UmClient            *self,
                                                             const char          *path,
                                                             GError             **error);
guint                  um_client_get_timeout                (UmClient            *self);
void                   um_client_set_timeout                (UmClient            *self,
                                                             guint                seconds);
gsize                  um_client_get_max_response_size      (UmClient            *self);
void                   um_client_set_max_response_size      (UmClient            *self,
                                                             gsize                size);
SoupSession           *um_client_get_session                (UmClient            *self);

void                   um_client_is_um_enabled_async        (UmClient            *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_is_um_enabled_finish       (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             gboolean            *enabled,
                                                             GError             **error);
void                   um_client_get_um_properties_async    (UmClient            *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
UmProperties          *um_client_get_um_properties_finish   (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_set_oof_status_async       (UmClient            *self,
                                                             gboolean             enabled,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_set_oof_status_finish      (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_set_missed_call_notification_enabled_async
                                                            (UmClient            *self,
                                                             gboolean             enabled,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_set_missed_call_notification_enabled_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_set_play_on_phone_dial_string_async
                                                            (UmClient            *self,
                                                             const char          *dial_string,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_set_play_on_phone_dial_string_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_set_telephone_access_folder_email_async
                                                            (UmClient            *self,
                                                             const char          *base64_folder_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_set_telephone_access_folder_email_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_reset_pin_async            (UmClient            *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_reset_pin_finish           (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_play_on_phone_async        (UmClient            *self,
                                                             const char          *entry_id,
                                                             const char          *dial_string,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char                  *um_client_play_on_phone_finish       (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_play_on_phone_greeting_async
                                                            (UmClient            *self,
                                                             UmGreetingType       greeting,
                                                             const char          *dial_string,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char                  *um_client_play_on_phone_greeting_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_get_call_info_async        (UmClient            *self,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
UmCallInfo            *um_client_get_call_info_finish       (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_disconnect_async           (UmClient            *self,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_disconnect_finish          (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_play_on_phone2_async       (UmClient            *self,
                                                             const char          *item_id,
                                                             const char          *dial_string,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char                  *um_client_play_on_phone2_finish      (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_get_phone_call_information_async
                                                            (UmClient            *self,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
UmCallInfo            *um_client_get_phone_call_information_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_disconnect_phone_call_async
                                                            (UmClient            *self,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_disconnect_phone_call_finish
                                                            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void                   um_client_get_call_async             (UmClient            *self,
                                                             UmCallKind           kind,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
UmCallInfo            *um_client_get_call_finish            (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                   um_client_disconnect_call_async      (UmClient            *self,
                                                             UmCallKind           kind,
                                                             const char          *call_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean               um_client_disconnect_call_finish     (UmClient            *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
