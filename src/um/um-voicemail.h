/* um-voicemail.h: voice-mail items, folders, sync changes and events of EWS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* [MS-OXOUM] 2.2.2.1: the classes a client treats as voice mail. */
#define UM_VOICEMAIL_CLASS           "IPM.Note.Microsoft.Voicemail"
#define UM_VOICEMAIL_CLASS_PROTECTED "IPM.Note.RPMSG.Microsoft.Voicemail"

/* [MS-OXOUM] 2.2.2.5.1: the namespace of the AsrData transcription. */
#define UM_NS_ASR "http://schemas.microsoft.com/exchange/um/2010/evm"

gboolean um_item_class_is_voicemail   (const char *item_class);
gboolean um_folder_id_is_distinguished (const char *folder_id);

/**
 * UmAttachment:
 * @id: the AttachmentId
 * @name: the file name
 * @content_type: the MIME type, or %NULL
 * @size: the size in bytes, or -1
 *
 * A file attachment of a voice mail ([MS-OXWSATT]).
 */
typedef struct {
  char   *id;
  char   *name;
  char   *content_type;
  gint64  size;
} UmAttachment;

#define UM_TYPE_ATTACHMENT (um_attachment_get_type ())
GType         um_attachment_get_type (void) G_GNUC_CONST;
UmAttachment *um_attachment_copy     (const UmAttachment *attachment);
void          um_attachment_free     (UmAttachment       *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmAttachment, um_attachment_free)

/**
 * UmVoiceMail:
 * @id: the EWS ItemId
 * @change_key: its ChangeKey, or %NULL
 * @parent_folder_id: the folder it is in, or %NULL when not asked for
 * @item_class: the message class
 * @subject: the subject, or %NULL
 * @internet_message_id: the Message-ID, which survives moves; or %NULL
 * @received: DateTimeReceived, seconds since 1970 UTC, or 0
 * @size: the item's size in bytes, or -1
 * @is_read: whether it was heard
 * @urgent: whether it is of high importance
 * @caller_number: PidTagSenderTelephoneNumber (0x6802), or %NULL
 * @caller_name: PidTagVoiceMessageSenderName (0x6803), or %NULL
 * @duration: PidTagVoiceMessageDuration (0x6801) in seconds, or -1
 * @attachment_order: (array zero-terminated=1): the audio attachments' names
 *   from PidTagVoiceMessageAttachmentOrder (0x6805), in playing order, or %NULL
 * @call_id: PidTagCallId (0x6806), or %NULL
 * @transcription: the text of the AsrData transcription, or %NULL
 * @audio_notes: PidNameAudioNotes, the user's notes, or %NULL
 * @attachments: (element-type UmAttachment) (nullable): the file
 *   attachments, when asked for (GetItem)
 *
 * What Hark knows of a voice-mail item ([MS-OXOUM] 2.2.5).
 */
typedef struct {
  char       *id;
  char       *change_key;
  char       *parent_folder_id;
  char       *item_class;
  char       *subject;
  char       *internet_message_id;
  gint64      received;
  gint64      size;
  gboolean    is_read;
  gboolean    urgent;
  char       *caller_number;
  char       *caller_name;
  int         duration;
  char      **attachment_order;
  char       *call_id;
  char       *transcription;
  char       *audio_notes;
  GPtrArray  *attachments;
} UmVoiceMail;

#define UM_TYPE_VOICE_MAIL (um_voice_mail_get_type ())
GType         um_voice_mail_get_type     (void) G_GNUC_CONST;
UmVoiceMail  *um_voice_mail_new          (void);
UmVoiceMail  *um_voice_mail_copy         (const UmVoiceMail *voice_mail);
void          um_voice_mail_free         (UmVoiceMail       *voice_mail);
GPtrArray    *um_voice_mail_get_audio    (const UmVoiceMail *voice_mail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmVoiceMail, um_voice_mail_free)

/**
 * UmFolder:
 * @id: the FolderId
 * @change_key: its ChangeKey, or %NULL
 * @parent_id: the parent folder's id, or %NULL
 * @display_name: the name
 * @folder_class: the FolderClass, or %NULL
 * @total_count: items in it, or -1
 * @unread_count: unread items in it, or -1
 * @child_folder_count: folders in it, or -1
 *
 * A mail folder or search folder ([MS-OXWSFOLD]).
 */
typedef struct {
  char *id;
  char *change_key;
  char *parent_id;
  char *display_name;
  char *folder_class;
  int   total_count;
  int   unread_count;
  int   child_folder_count;
} UmFolder;

#define UM_TYPE_FOLDER (um_folder_get_type ())
GType     um_folder_get_type (void) G_GNUC_CONST;
UmFolder *um_folder_new      (void);
UmFolder *um_folder_copy     (const UmFolder *folder);
void      um_folder_free     (UmFolder       *folder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmFolder, um_folder_free)

/**
 * UmItemPage:
 * @items: (element-type UmVoiceMail): the voice mails of this page
 * @total: how many items match in all, or -1
 * @next_offset: the offset of the next page
 * @last: whether this page is the last
 *
 * One page of FindItem ([MS-OXWSSRCH] FindItemParentType).
 */
typedef struct {
  GPtrArray *items;
  int        total;
  int        next_offset;
  gboolean   last;
} UmItemPage;

#define UM_TYPE_ITEM_PAGE (um_item_page_get_type ())
GType       um_item_page_get_type (void) G_GNUC_CONST;
UmItemPage *um_item_page_copy     (const UmItemPage *page);
void        um_item_page_free     (UmItemPage       *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmItemPage, um_item_page_free)

/**
 * UmSyncChangeKind:
 *
 * The kinds of change of SyncFolderItems ([MS-OXWSSYNC] 2.2.4.6).
 */
typedef enum {
  UM_SYNC_CHANGE_CREATE,           /*< nick=Create >*/
  UM_SYNC_CHANGE_UPDATE,           /*< nick=Update >*/
  UM_SYNC_CHANGE_DELETE,           /*< nick=Delete >*/
  UM_SYNC_CHANGE_READ_FLAG_CHANGE, /*< nick=ReadFlagChange >*/
} UmSyncChangeKind;

/**
 * UmSyncChange:
 * @kind: what happened
 * @item: (nullable): the item as the shape asked for it (Create, Update);
 *   for Delete and ReadFlagChange only @id and @is_read are set
 *
 * One change of a folder since the last sync state.
 */
typedef struct {
  UmSyncChangeKind  kind;
  UmVoiceMail      *item;
} UmSyncChange;

void um_sync_change_free (UmSyncChange *change);

/**
 * UmSyncResult:
 * @sync_state: the state to start the next sync from
 * @includes_last: whether no changes are left after these
 * @changes: (element-type UmSyncChange): the changes, in order
 */
typedef struct {
  char      *sync_state;
  gboolean   includes_last;
  GPtrArray *changes;
} UmSyncResult;

#define UM_TYPE_SYNC_RESULT (um_sync_result_get_type ())
GType         um_sync_result_get_type (void) G_GNUC_CONST;
UmSyncResult *um_sync_result_copy     (const UmSyncResult *result);
void          um_sync_result_free     (UmSyncResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmSyncResult, um_sync_result_free)

/**
 * UmEventType:
 *
 * NotificationEventType of [MS-OXWSNTIF] 2.2.4.
 */
typedef enum {
  UM_EVENT_STATUS,      /*< nick=StatusEvent >*/
  UM_EVENT_NEW_MAIL,    /*< nick=NewMailEvent >*/
  UM_EVENT_CREATED,     /*< nick=CreatedEvent >*/
  UM_EVENT_DELETED,     /*< nick=DeletedEvent >*/
  UM_EVENT_MODIFIED,    /*< nick=ModifiedEvent >*/
  UM_EVENT_MOVED,       /*< nick=MovedEvent >*/
  UM_EVENT_COPIED,      /*< nick=CopiedEvent >*/
  UM_EVENT_FREE_BUSY_CHANGED, /*< nick=FreeBusyChangedEvent >*/
} UmEventType;

const char *um_event_type_to_wire   (UmEventType  type);
gboolean    um_event_type_from_wire (const char  *text,
                                     UmEventType *type);

/**
 * UmEvent:
 * @type: what happened
 * @watermark: the event's watermark, or %NULL
 * @item_id: the item, or %NULL for a folder event
 * @folder_id: the folder of a folder event, or %NULL
 * @parent_folder_id: where the item or folder is, or %NULL
 * @old_item_id: before a move or copy, or %NULL
 * @old_parent_folder_id: before a move or copy, or %NULL
 * @unread_count: the folder's UnreadCount of a Modified folder event, or -1
 */
typedef struct {
  UmEventType  type;
  char        *watermark;
  char        *item_id;
  char        *folder_id;
  char        *parent_folder_id;
  char        *old_item_id;
  char        *old_parent_folder_id;
  int          unread_count;
} UmEvent;

#define UM_TYPE_EVENT (um_event_get_type ())
GType    um_event_get_type (void) G_GNUC_CONST;
UmEvent *um_event_copy     (const UmEvent *event);
void     um_event_free     (UmEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmEvent, um_event_free)

/**
 * UmNotification:
 * @subscription_id: the subscription the events belong to
 * @previous_watermark: the watermark before the first event, or %NULL
 * @more_events: whether the server holds more (pull subscriptions)
 * @events: (element-type UmEvent): the events, in order
 */
typedef struct {
  char      *subscription_id;
  char      *previous_watermark;
  gboolean   more_events;
  GPtrArray *events;
} UmNotification;

#define UM_TYPE_NOTIFICATION (um_notification_get_type ())
GType           um_notification_get_type  (void) G_GNUC_CONST;
UmNotification *um_notification_copy      (const UmNotification *notification);
void            um_notification_free      (UmNotification       *notification);
const char     *um_notification_get_last_watermark (const UmNotification *notification);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmNotification, um_notification_free)

/* Readers of the types namespace elements, for src/um's classes. */
UmVoiceMail    *um_voice_mail_from_xml     (const xmlNode *item);
UmFolder       *um_folder_from_xml         (const xmlNode *folder);
UmEvent        *um_event_from_xml          (const xmlNode *event);
UmNotification *um_notification_from_xml   (const xmlNode *notification);
gboolean        um_xml_parse_date_time     (const char    *text,
                                            gint64        *seconds);
char           *um_asr_to_text             (const char    *xml,
                                            gsize          size);

G_END_DECLS
