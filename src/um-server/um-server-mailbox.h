/* um-server-mailbox.h: the folders, voice mails, changes and subscriptions
 * of one user of the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors of the mailbox, as EWS ResponseCodes. */
#define UM_SERVER_MAILBOX_ERROR (um_server_mailbox_error_quark ())

typedef enum {
  UM_SERVER_MAILBOX_ERROR_ITEM_NOT_FOUND,       /* ErrorItemNotFound */
  UM_SERVER_MAILBOX_ERROR_FOLDER_NOT_FOUND,     /* ErrorFolderNotFound */
  UM_SERVER_MAILBOX_ERROR_FOLDER_EXISTS,        /* ErrorFolderExists */
  UM_SERVER_MAILBOX_ERROR_INVALID_SYNC_STATE,   /* ErrorInvalidSyncStateData */
  UM_SERVER_MAILBOX_ERROR_SUBSCRIPTION_NOT_FOUND, /* ErrorSubscriptionNotFound */
  UM_SERVER_MAILBOX_ERROR_EXPIRED_SUBSCRIPTION, /* ErrorExpiredSubscription */
  UM_SERVER_MAILBOX_ERROR_INVALID_WATERMARK,    /* ErrorInvalidWatermark */
  UM_SERVER_MAILBOX_ERROR_ATTACHMENT_NOT_FOUND, /* ErrorInvalidAttachmentId */
  UM_SERVER_MAILBOX_ERROR_INVALID_ID,           /* ErrorInvalidIdMalformed */
} UmServerMailboxError;

GQuark      um_server_mailbox_error_quark        (void);
const char *um_server_mailbox_error_response_code (const GError *error);

typedef struct _UmServerFolder UmServerFolder;

/**
 * UmServerFolder:
 * @id: the FolderId
 * @change_key: its ChangeKey
 * @parent: the parent, or %NULL for the root
 * @display_name: the name
 * @distinguished: the DistinguishedFolderId name, or %NULL
 * @folder_class: the FolderClass
 * @search: whether it is a search folder (voicemail)
 */
struct _UmServerFolder {
  char           *id;
  char           *change_key;
  UmServerFolder *parent;
  char           *display_name;
  char           *distinguished;
  char           *folder_class;
  gboolean        search;
  /* private */
  GArray         *tombstones;
};

typedef struct {
  char   *id;
  char   *name;
  char   *content_type;
  GBytes *data;
} UmServerAttachment;

/**
 * UmServerMessage:
 *
 * One item: a voice mail, or any other message of the mailbox.
 */
typedef struct {
  char           *tag;
  guint64         number;
  guint           generation;
  char           *id;
  char           *entry_id;
  guint           change;
  UmServerFolder *folder;
  char           *item_class;
  char           *subject;
  char           *internet_message_id;
  gint64          received;
  gboolean        is_read;
  gboolean        urgent;
  char           *caller_number;
  char           *caller_name;
  int             duration;
  char           *attachment_order;
  char           *call_id;
  GBytes         *asr;
  char           *audio_notes;
  GPtrArray      *attachments;
  /* the change sequence numbers of SyncFolderItems */
  guint64         seq_entered;
  guint64         seq_modified;
  guint64         seq_read;
} UmServerMessage;

UmServerMessage *um_server_message_new          (const char            *tag);
void             um_server_message_add_attachment (UmServerMessage     *message,
                                                 const char            *name,
                                                 const char            *content_type,
                                                 GBytes                *data);
void             um_server_message_free         (UmServerMessage       *message);
char            *um_server_message_dup_change_key (const UmServerMessage *message);

/**
 * UmServerChangeKind:
 *
 * SyncFolderItems' kinds of change.
 */
typedef enum {
  UM_SERVER_CHANGE_CREATE,
  UM_SERVER_CHANGE_UPDATE,
  UM_SERVER_CHANGE_DELETE,
  UM_SERVER_CHANGE_READ_FLAG,
} UmServerChangeKind;

typedef struct {
  UmServerChangeKind  kind;
  guint64             seq;
  UmServerMessage    *message; /* Create, Update, ReadFlag */
  char               *item_id; /* Delete */
} UmServerChange;

void um_server_change_free (UmServerChange *change);

typedef enum {
  UM_SERVER_EVENT_STATUS,
  UM_SERVER_EVENT_NEW_MAIL,
  UM_SERVER_EVENT_CREATED,
  UM_SERVER_EVENT_DELETED,
  UM_SERVER_EVENT_MODIFIED,
  UM_SERVER_EVENT_MOVED,
} UmServerEventType;

typedef struct {
  UmServerEventType  type;
  guint64            number;
  gint64             time;
  char              *item_id;
  char              *parent_folder_id;
  char              *old_item_id;
  char              *old_parent_folder_id;
} UmServerEvent;

const char *um_server_event_type_name (UmServerEventType type);
char       *um_server_watermark_new   (guint64           number);

/**
 * UmServerNotifications:
 * @UM_SERVER_NOTIFICATIONS_STREAMING: streaming and pull subscriptions
 * @UM_SERVER_NOTIFICATIONS_PULL: pull only, as Exchange 2007 and 2010 RTM
 * @UM_SERVER_NOTIFICATIONS_NONE: Subscribe refused
 */
typedef enum {
  UM_SERVER_NOTIFICATIONS_STREAMING,
  UM_SERVER_NOTIFICATIONS_PULL,
  UM_SERVER_NOTIFICATIONS_NONE,
} UmServerNotifications;

#define UM_TYPE_SERVER_MAILBOX (um_server_mailbox_get_type ())
G_DECLARE_FINAL_TYPE (UmServerMailbox, um_server_mailbox, UM, SERVER_MAILBOX, GObject)

UmServerMailbox       *um_server_mailbox_new                 (const char        *user);
const char            *um_server_mailbox_get_user            (UmServerMailbox   *self);
const UmServerFolder  *um_server_mailbox_get_folder          (UmServerMailbox   *self,
                                                              const char        *id,
                                                              GError           **error);
GPtrArray             *um_server_mailbox_list_folders        (UmServerMailbox   *self,
                                                              const UmServerFolder *parent);
const UmServerFolder  *um_server_mailbox_create_folder       (UmServerMailbox   *self,
                                                              const UmServerFolder *parent,
                                                              const char        *display_name,
                                                              const char        *folder_class,
                                                              GError           **error);
void                   um_server_mailbox_count               (UmServerMailbox   *self,
                                                              const UmServerFolder *folder,
                                                              int               *total,
                                                              int               *unread);
int                    um_server_mailbox_count_children      (UmServerMailbox   *self,
                                                              const UmServerFolder *folder);

GPtrArray             *um_server_mailbox_list_messages       (UmServerMailbox   *self,
                                                              const UmServerFolder *folder);
UmServerMessage       *um_server_mailbox_find_message        (UmServerMailbox   *self,
                                                              const char        *id,
                                                              GError           **error);
UmServerMessage       *um_server_mailbox_find_by_entry_id    (UmServerMailbox   *self,
                                                              const char        *entry_id);
const UmServerAttachment *um_server_mailbox_find_attachment  (UmServerMailbox   *self,
                                                              const char        *id,
                                                              GError           **error);
guint                  um_server_mailbox_get_n_messages      (UmServerMailbox   *self);

UmServerMessage       *um_server_mailbox_add                 (UmServerMailbox   *self,
                                                              UmServerMessage   *message,
                                                              const UmServerFolder *folder);
UmServerMessage       *um_server_mailbox_deposit             (UmServerMailbox   *self,
                                                              UmServerMessage   *message);
void                   um_server_mailbox_set_read            (UmServerMailbox   *self,
                                                              UmServerMessage   *message,
                                                              gboolean           is_read);
void                   um_server_mailbox_set_audio_notes     (UmServerMailbox   *self,
                                                              UmServerMessage   *message,
                                                              const char        *notes);
UmServerMessage       *um_server_mailbox_move                (UmServerMailbox   *self,
                                                              UmServerMessage   *message,
                                                              const UmServerFolder *folder);
void                   um_server_mailbox_remove              (UmServerMailbox   *self,
                                                              UmServerMessage   *message);

char                  *um_server_mailbox_sync                (UmServerMailbox   *self,
                                                              const UmServerFolder *folder,
                                                              const char        *sync_state,
                                                              guint              max_changes,
                                                              GPtrArray        **changes,
                                                              gboolean          *includes_last,
                                                              GError           **error);

void                   um_server_mailbox_set_notifications   (UmServerMailbox   *self,
                                                              UmServerNotifications support);
UmServerNotifications  um_server_mailbox_get_notifications   (UmServerMailbox   *self);
char                  *um_server_mailbox_subscribe           (UmServerMailbox   *self,
                                                              GPtrArray         *folders,
                                                              gboolean           streaming,
                                                              guint              timeout_minutes,
                                                              char             **watermark);
gboolean               um_server_mailbox_unsubscribe         (UmServerMailbox   *self,
                                                              const char        *subscription_id,
                                                              GError           **error);
GPtrArray             *um_server_mailbox_get_events          (UmServerMailbox   *self,
                                                              const char        *subscription_id,
                                                              const char        *watermark,
                                                              guint              max_events,
                                                              char             **previous_watermark,
                                                              gboolean          *more,
                                                              GError           **error);
GPtrArray             *um_server_mailbox_take_stream_events  (UmServerMailbox   *self,
                                                              const char        *subscription_id,
                                                              GError           **error);
gboolean               um_server_mailbox_is_streaming        (UmServerMailbox   *self,
                                                              const char        *subscription_id);
void                   um_server_mailbox_expire_subscriptions (UmServerMailbox  *self,
                                                              gint64             now);

G_END_DECLS
