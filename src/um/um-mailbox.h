/* um-mailbox.h: the voice mails of one mailbox over EWS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "um-client.h"
#include "um-voicemail.h"

G_BEGIN_DECLS

/* FindItem and SyncFolderItems pages: Exchange's default throttling policy
 * allows 1000 items a page; SyncFolderItems at most 512 changes. */
#define UM_MAILBOX_DEFAULT_PAGE_SIZE 500
#define UM_MAILBOX_MAX_SYNC_CHANGES  512

/**
 * UmIdFormat:
 *
 * IdFormatType of [MS-OXWSCDATA] ConvertId.
 */
typedef enum {
  UM_ID_FORMAT_EWS_ID,      /*< nick=EwsId >*/
  UM_ID_FORMAT_ENTRY_ID,    /*< nick=EntryId >*/
  UM_ID_FORMAT_HEX_ENTRY_ID, /*< nick=HexEntryId >*/
  UM_ID_FORMAT_OWA_ID,      /*< nick=OwaId >*/
  UM_ID_FORMAT_EWS_LEGACY_ID, /*< nick=EwsLegacyId >*/
} UmIdFormat;

/**
 * UmSubscriptionKind:
 * @UM_SUBSCRIPTION_STREAMING: events pushed over a long-lived answer
 *   (GetStreamingEvents, Exchange 2010 SP1 and later)
 * @UM_SUBSCRIPTION_PULL: events asked for with GetEvents
 */
typedef enum {
  UM_SUBSCRIPTION_STREAMING, /*< nick=streaming >*/
  UM_SUBSCRIPTION_PULL,      /*< nick=pull >*/
} UmSubscriptionKind;

#define UM_TYPE_MAILBOX (um_mailbox_get_type ())
G_DECLARE_FINAL_TYPE (UmMailbox, um_mailbox, UM, MAILBOX, GObject)

UmMailbox      *um_mailbox_new                   (UmClient            *client,
                                                  const char          *email);
UmClient       *um_mailbox_get_client            (UmMailbox           *self);
const char     *um_mailbox_get_email             (UmMailbox           *self);

void            um_mailbox_get_folders_async     (UmMailbox           *self,
                                                  const char * const  *folder_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray      *um_mailbox_get_folders_finish    (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_find_folders_async    (UmMailbox           *self,
                                                  const char          *parent_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray      *um_mailbox_find_folders_finish   (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_create_folder_async   (UmMailbox           *self,
                                                  const char          *parent_id,
                                                  const char          *display_name,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UmFolder       *um_mailbox_create_folder_finish  (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

void            um_mailbox_find_voicemails_async (UmMailbox           *self,
                                                  const char          *folder_id,
                                                  int                  offset,
                                                  int                  max_entries,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UmItemPage     *um_mailbox_find_voicemails_finish (UmMailbox          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_get_voicemails_async  (UmMailbox           *self,
                                                  const char * const  *item_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray      *um_mailbox_get_voicemails_finish (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_fetch_attachment_async (UmMailbox          *self,
                                                  const char          *attachment_id,
                                                  GOutputStream       *output,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gint64          um_mailbox_fetch_attachment_finish (UmMailbox         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_set_read_async        (UmMailbox           *self,
                                                  const char          *item_id,
                                                  gboolean             is_read,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        um_mailbox_set_read_finish       (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_move_async            (UmMailbox           *self,
                                                  const char          *item_id,
                                                  const char          *folder_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char           *um_mailbox_move_finish           (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_delete_async          (UmMailbox           *self,
                                                  const char          *item_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        um_mailbox_delete_finish         (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_find_by_message_id_async (UmMailbox        *self,
                                                  const char          *folder_id,
                                                  const char          *internet_message_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UmVoiceMail    *um_mailbox_find_by_message_id_finish (UmMailbox       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_sync_folder_async     (UmMailbox           *self,
                                                  const char          *folder_id,
                                                  const char          *sync_state,
                                                  int                  max_changes,
                                                  gboolean             ids_only,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UmSyncResult   *um_mailbox_sync_folder_finish    (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_convert_id_async      (UmMailbox           *self,
                                                  const char          *id,
                                                  UmIdFormat           from,
                                                  UmIdFormat           to,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char           *um_mailbox_convert_id_finish     (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

void            um_mailbox_subscribe_async       (UmMailbox           *self,
                                                  UmSubscriptionKind   kind,
                                                  const char * const  *folder_ids,
                                                  int                  timeout_minutes,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
char           *um_mailbox_subscribe_finish      (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  char               **watermark,
                                                  GError             **error);
void            um_mailbox_unsubscribe_async     (UmMailbox           *self,
                                                  const char          *subscription_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        um_mailbox_unsubscribe_finish    (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void            um_mailbox_get_events_async      (UmMailbox           *self,
                                                  const char          *subscription_id,
                                                  const char          *watermark,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
UmNotification *um_mailbox_get_events_finish     (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/**
 * UmNotificationFunc:
 * @notification: (nullable): the events, or %NULL for a heartbeat
 * @user_data: the data given with it
 *
 * Called for each notification of a streaming connection.
 */
typedef void (*UmNotificationFunc) (UmNotification *notification,
                                    gpointer        user_data);

void            um_mailbox_stream_events_async   (UmMailbox           *self,
                                                  const char          *subscription_id,
                                                  int                  connection_minutes,
                                                  UmNotificationFunc   func,
                                                  gpointer             func_data,
                                                  GDestroyNotify       func_data_free,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        um_mailbox_stream_events_finish  (UmMailbox           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
