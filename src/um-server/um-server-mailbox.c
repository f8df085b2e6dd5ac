/* um-server-mailbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change bumps one sequence number and stamps it on what changed: an
 * item entering a folder, its content changing, its read flag changing, and
 * (as a tombstone kept by the folder) an item leaving. SyncFolderItems
 * compares those stamps with the number in the sync state. Every change
 * also appends an event to one log, from which subscriptions read by
 * number (the watermark).
 *
 * As in Exchange, an item gets a new id when it moves, and the voicemail
 * search folder shows the voice mails of every folder but Deleted Items.
 */

#include "config.h"

#include "um-server-mailbox.h"

#include <string.h>

/* How long a streaming subscription lives without a connection. */
#define STREAMING_SUBSCRIPTION_MINUTES 30

G_DEFINE_QUARK (um-server-mailbox-error-quark, um_server_mailbox_error)

/**
 * um_server_mailbox_error_response_code:
 * @error: an error of %UM_SERVER_MAILBOX_ERROR
 *
 * Returns: the EWS ResponseCode for @error
 */
const char *
um_server_mailbox_error_response_code (const GError *error)
{
  static const char *const codes[] = {
    [UM_SERVER_MAILBOX_ERROR_ITEM_NOT_FOUND] = "ErrorItemNotFound",
    [UM_SERVER_MAILBOX_ERROR_FOLDER_NOT_FOUND] = "ErrorFolderNotFound",
    [UM_SERVER_MAILBOX_ERROR_FOLDER_EXISTS] = "ErrorFolderExists",
    [UM_SERVER_MAILBOX_ERROR_INVALID_SYNC_STATE] = "ErrorInvalidSyncStateData",
    [UM_SERVER_MAILBOX_ERROR_SUBSCRIPTION_NOT_FOUND] = "ErrorSubscriptionNotFound",
    [UM_SERVER_MAILBOX_ERROR_EXPIRED_SUBSCRIPTION] = "ErrorExpiredSubscription",
    [UM_SERVER_MAILBOX_ERROR_INVALID_WATERMARK] = "ErrorInvalidWatermark",
    [UM_SERVER_MAILBOX_ERROR_ATTACHMENT_NOT_FOUND] = "ErrorInvalidAttachmentId",
    [UM_SERVER_MAILBOX_ERROR_INVALID_ID] = "ErrorInvalidIdMalformed",
  };

  if (error == NULL || error->domain != UM_SERVER_MAILBOX_ERROR ||
      error->code < 0 || (guint)error->code >= G_N_ELEMENTS (codes))
    return "ErrorInternalServerError";
  return codes[error->code];
}

typedef struct {
  char    *item_id;
  guint64  seq_entered;
  guint64  seq_left;
} Tombstone;

static void
tombstone_clear (Tombstone *tombstone)
{
  g_free (tombstone->item_id);
}

typedef struct {
  char      *id;
  GPtrArray *folder_ids;
  gboolean   streaming;
  guint      timeout_minutes;
  gint64     last_used;
  guint64    cursor;
} Subscription;

static void
subscription_free (Subscription *subscription)
{
  g_free (subscription->id);
  g_ptr_array_unref (subscription->folder_ids);
  g_free (subscription);
}

static void
event_free (UmServerEvent *event)
{
  g_free (event->item_id);
  g_free (event->parent_folder_id);
  g_free (event->old_item_id);
  g_free (event->old_parent_folder_id);
  g_free (event);
}

struct _UmServerMailbox
{
  GObject                parent_instance;

  char                  *user;
  guint64                seq;
  guint                  next_folder;
  guint64                next_number;
  GPtrArray             *folders;
  GPtrArray             *messages;
  GHashTable            *by_id;
  GHashTable            *by_entry_id;
  GHashTable            *attachments;
  GPtrArray             *events;
  GHashTable            *subscriptions;
  guint                  next_subscription;
  UmServerNotifications  notifications;
};

G_DEFINE_FINAL_TYPE (UmServerMailbox, um_server_mailbox, G_TYPE_OBJECT)

enum {
  EVENTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
folder_free (UmServerFolder *folder)
{
  g_free (folder->id);
  g_free (folder->change_key);
  g_free (folder->display_name);
  g_free (folder->distinguished);
  g_free (folder->folder_class);
  g_array_unref (folder->tombstones);
  g_free (folder);
}

static void
um_server_mailbox_finalize (GObject *object)
{
  UmServerMailbox *self = (UmServerMailbox *)object;

  g_free (self->user);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_entry_id);
  g_hash_table_unref (self->attachments);
  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->folders);
  g_ptr_array_unref (self->events);
  g_hash_table_unref (self->subscriptions);

  G_OBJECT_CLASS (um_server_mailbox_parent_class)->finalize (object);
}

static void
um_server_mailbox_class_init (UmServerMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_server_mailbox_finalize;

  /**
   * UmServerMailbox::events:
   *
   * Emitted after a change that subscriptions may want to hear of.
   */
  signals[EVENTS] = g_signal_new ("events", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
um_server_mailbox_init (UmServerMailbox *self)
{
  self->folders = g_ptr_array_new_with_free_func ((GDestroyNotify)folder_free);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)um_server_message_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_entry_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->attachments = g_hash_table_new (g_str_hash, g_str_equal);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)event_free);
  self->subscriptions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify)subscription_free);
  self->next_number = 1;
}

static char *
encode (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

static char *
encode (const char *format,
        ...)
{
  g_autofree char *raw = NULL;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

static char *
decode (const char *text)
{
  gsize length = 0;
  guchar *raw;

  if (text == NULL || text[0] == '\0')
    return NULL;
  raw = g_base64_decode (text, &length);
  if (raw == NULL || memchr (raw, '\0', length) != NULL || !g_utf8_validate ((char *)raw, length, NULL))
    {
      g_free (raw);
      return NULL;
    }
  raw = g_realloc (raw, length + 1);
  raw[length] = '\0';
  return (char *)raw;
}

static UmServerFolder *
add_folder (UmServerMailbox *self,
            UmServerFolder  *parent,
            const char      *display_name,
            const char      *distinguished,
            const char      *folder_class,
            gboolean         search)
{
  UmServerFolder *folder = g_new0 (UmServerFolder, 1);

  folder->id = encode ("HarkFolder:%s:%u", self->user, self->next_folder++);
  folder->change_key = encode ("HarkChange:%u", 1);
  folder->parent = parent;
  folder->display_name = g_strdup (display_name);
  folder->distinguished = g_strdup (distinguished);
  folder->folder_class = g_strdup (folder_class);
  folder->search = search;
  folder->tombstones = g_array_new (FALSE, FALSE, sizeof (Tombstone));
  g_array_set_clear_func (folder->tombstones, (GDestroyNotify)tombstone_clear);
  g_ptr_array_add (self->folders, folder);
  return folder;
}

/**
 * um_server_mailbox_new:
 * @user: the user
 *
 * Returns: (transfer full): an empty mailbox with the distinguished folders
 *   Hark uses: the root, the message folder root, Inbox, Deleted Items, Sent
 *   Items, Drafts and the voicemail search folder
 */
UmServerMailbox *
um_server_mailbox_new (const char *user)
{
  UmServerMailbox *self = g_object_new (UM_TYPE_SERVER_MAILBOX, NULL);
  UmServerFolder *root;
  UmServerFolder *top;
  UmServerFolder *finder;

  self->user = g_strdup (user);
  root = add_folder (self, NULL, "", "root", "", FALSE);
  top = add_folder (self, root, "Top of Information Store", "msgfolderroot", "IPF.Note", FALSE);
  finder = add_folder (self, root, "Finder", NULL, "", FALSE);
  add_folder (self, top, "Inbox", "inbox", "IPF.Note", FALSE);
  add_folder (self, top, "Deleted Items", "deleteditems", "IPF.Note", FALSE);
  add_folder (self, top, "Sent Items", "sentitems", "IPF.Note", FALSE);
  add_folder (self, top, "Drafts", "drafts", "IPF.Note", FALSE);
  add_folder (self, finder, "Voice Mail", "voicemail", "IPF.Note.Microsoft.Voicemail", TRUE);
  return self;
}

const char *
um_server_mailbox_get_user (UmServerMailbox *self)
{
  return self->user;
}

/**
 * um_server_mailbox_get_folder:
 * @self: a mailbox
 * @id: a FolderId or a distinguished folder name
 * @error: return location for an error
 *
 * Returns: (transfer none): the folder
 */
const UmServerFolder *
um_server_mailbox_get_folder (UmServerMailbox  *self,
                              const char       *id,
                              GError          **error)
{
  for (guint i = 0; id != NULL && i < self->folders->len; i++)
    {
      UmServerFolder *folder = g_ptr_array_index (self->folders, i);

      if (g_strcmp0 (folder->id, id) == 0 || g_strcmp0 (folder->distinguished, id) == 0)
        return folder;
    }

  g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR, UM_SERVER_MAILBOX_ERROR_FOLDER_NOT_FOUND,
                       "The specified folder could not be found in the store.");
  return NULL;
}

/**
 * um_server_mailbox_list_folders:
 *
 * Returns: (transfer container) (element-type UmServerFolder): the folders
 *   directly under @parent
 */
GPtrArray *
um_server_mailbox_list_folders (UmServerMailbox      *self,
                                const UmServerFolder *parent)
{
  GPtrArray *children = g_ptr_array_new ();

  for (guint i = 0; i < self->folders->len; i++)
    {
      UmServerFolder *folder = g_ptr_array_index (self->folders, i);

      if (folder->parent == parent)
        g_ptr_array_add (children, folder);
    }
  return children;
}

int
um_server_mailbox_count_children (UmServerMailbox      *self,
                                  const UmServerFolder *folder)
{
  g_autoptr(GPtrArray) children = um_server_mailbox_list_folders (self, folder);

  return children->len;
}

/**
 * um_server_mailbox_create_folder:
 *
 * Returns: (transfer none): the new folder, or %NULL with
 *   %UM_SERVER_MAILBOX_ERROR_FOLDER_EXISTS
 */
const UmServerFolder *
um_server_mailbox_create_folder (UmServerMailbox       *self,
                                 const UmServerFolder  *parent,
                                 const char            *display_name,
                                 const char            *folder_class,
                                 GError               **error)
{
  g_autoptr(GPtrArray) siblings = um_server_mailbox_list_folders (self, parent);

  for (guint i = 0; i < siblings->len; i++)
    {
      UmServerFolder *sibling = g_ptr_array_index (siblings, i);

      /* Exchange compares folder names without regard to case. */
      if (g_utf8_collate (sibling->display_name, display_name) == 0 ||
          g_ascii_strcasecmp (sibling->display_name, display_name) == 0)
        {
          g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                               UM_SERVER_MAILBOX_ERROR_FOLDER_EXISTS,
                               "A folder with the specified name already exists.");
          return NULL;
        }
    }

  return add_folder (self, (UmServerFolder *)parent, display_name, NULL,
                     folder_class != NULL ? folder_class : "IPF.Note", FALSE);
}

static gboolean
is_voicemail (const UmServerMessage *message)
{
  return g_str_has_prefix (message->item_class, "IPM.Note.Microsoft.Voicemail") ||
         g_str_has_prefix (message->item_class, "IPM.Note.RPMSG.Microsoft.Voicemail");
}

static gboolean
in_folder (const UmServerMessage *message,
           const UmServerFolder  *folder)
{
  if (!folder->search)
    return message->folder == folder;

  /* The voicemail search folder. */
  return is_voicemail (message) && g_strcmp0 (message->folder->distinguished,
                                               "deleteditems") != 0;
}

static int
by_received_descending (gconstpointer a,
                        gconstpointer b)
{
  const UmServerMessage *ma = *(const UmServerMessage **)a;
  const UmServerMessage *mb = *(const UmServerMessage **)b;

  if (ma->received != mb->received)
    return ma->received < mb->received ? 1 : -1;
  return ma->number < mb->number ? 1 : (ma->number > mb->number ? -1 : 0);
}

/**
 * um_server_mailbox_list_messages:
 *
 * Returns: (transfer container) (element-type UmServerMessage): the items of
 *   @folder, newest first
 */
GPtrArray *
um_server_mailbox_list_messages (UmServerMailbox      *self,
                                 const UmServerFolder *folder)
{
  GPtrArray *messages = g_ptr_array_new ();

  for (guint i = 0; i < self->messages->len; i++)
    {
      UmServerMessage *message = g_ptr_array_index (self->messages, i);

      if (in_folder (message, folder))
        g_ptr_array_add (messages, message);
    }
  g_ptr_array_sort (messages, by_received_descending);
  return messages;
}

void
um_server_mailbox_count (UmServerMailbox      *self,
                         const UmServerFolder *folder,
                         int                  *total,
                         int                  *unread)
{
  *total = 0;
  *unread = 0;
  for (guint i = 0; i < self->messages->len; i++)
    {
      UmServerMessage *message = g_ptr_array_index (self->messages, i);

      if (in_folder (message, folder))
        {
          (*total)++;
          if (!message->is_read)
            (*unread)++;
        }
    }
}

guint
um_server_mailbox_get_n_messages (UmServerMailbox *self)
{
  return self->messages->len;
}

/**
 * um_server_mailbox_find_message:
 *
 * Returns: (transfer none): the item with the ItemId @id
 */
UmServerMessage *
um_server_mailbox_find_message (UmServerMailbox  *self,
                                const char       *id,
                                GError          **error)
{
  UmServerMessage *message = id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
  g_autofree char *raw = NULL;

  if (message != NULL)
    return message;

  raw = decode (id);
  if (raw == NULL || !g_str_has_prefix (raw, "HarkItem:"))
    g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR, UM_SERVER_MAILBOX_ERROR_INVALID_ID,
                         "Id is malformed.");
  else
    g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR, UM_SERVER_MAILBOX_ERROR_ITEM_NOT_FOUND,
                         "The specified object was not found in the store.");
  return NULL;
}

UmServerMessage *
um_server_mailbox_find_by_entry_id (UmServerMailbox *self,
                                    const char      *entry_id)
{
  return entry_id != NULL ? g_hash_table_lookup (self->by_entry_id, entry_id) : NULL;
}

const UmServerAttachment *
um_server_mailbox_find_attachment (UmServerMailbox  *self,
                                   const char       *id,
                                   GError          **error)
{
  UmServerAttachment *attachment = id != NULL ? g_hash_table_lookup (self->attachments, id)
                                              : NULL;

  if (attachment == NULL)
    g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                         UM_SERVER_MAILBOX_ERROR_ATTACHMENT_NOT_FOUND,
                         "The attachment could not be found.");
  return attachment;
}

UmServerMessage *
um_server_message_new (const char *tag)
{
  UmServerMessage *message = g_new0 (UmServerMessage, 1);

  message->tag = g_strdup (tag);
  message->item_class = g_strdup ("IPM.Note.Microsoft.Voicemail.UM.CA");
  message->duration = -1;
  message->attachments = g_ptr_array_new ();
  return message;
}

static void
attachment_free (UmServerAttachment *attachment)
{
  g_free (attachment->id);
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_bytes_unref (attachment->data);
  g_free (attachment);
}

void
um_server_message_add_attachment (UmServerMessage *message,
                                  const char      *name,
                                  const char      *content_type,
                                  GBytes          *data)
{
  UmServerAttachment *attachment = g_new0 (UmServerAttachment, 1);

  attachment->name = g_strdup (name);
  attachment->content_type = g_strdup (content_type);
  attachment->data = g_bytes_ref (data);
  g_ptr_array_add (message->attachments, attachment);
}

void
um_server_message_free (UmServerMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->tag);
  g_free (message->id);
  g_free (message->entry_id);
  g_free (message->item_class);
  g_free (message->subject);
  g_free (message->internet_message_id);
  g_free (message->caller_number);
  g_free (message->caller_name);
  g_free (message->attachment_order);
  g_free (message->call_id);
  g_clear_pointer (&message->asr, g_bytes_unref);
  g_free (message->audio_notes);
  g_ptr_array_foreach (message->attachments, (GFunc)(void (*) (void))attachment_free, NULL);
  g_ptr_array_unref (message->attachments);
  g_free (message);
}

char *
um_server_message_dup_change_key (const UmServerMessage *message)
{
  return encode ("HarkChange:%" G_GUINT64_FORMAT ":%u", message->number, message->change);
}

void
um_server_change_free (UmServerChange *change)
{
  g_free (change->item_id);
  g_free (change);
}

/* Events */

const char *
um_server_event_type_name (UmServerEventType type)
{
  static const char *const names[] = {
    [UM_SERVER_EVENT_STATUS] = "StatusEvent",
    [UM_SERVER_EVENT_NEW_MAIL] = "NewMailEvent",
    [UM_SERVER_EVENT_CREATED] = "CreatedEvent",
    [UM_SERVER_EVENT_DELETED] = "DeletedEvent",
    [UM_SERVER_EVENT_MODIFIED] = "ModifiedEvent",
    [UM_SERVER_EVENT_MOVED] = "MovedEvent",
  };

  return names[type];
}

char *
um_server_watermark_new (guint64 number)
{
  return encode ("HarkWatermark:%" G_GUINT64_FORMAT, number);
}

static void
add_event (UmServerMailbox        *self,
           UmServerEventType       type,
           const UmServerMessage  *message,
           const char             *old_item_id,
           const UmServerFolder   *old_folder)
{
  UmServerEvent *event = g_new0 (UmServerEvent, 1);

  event->type = type;
  event->number = self->events->len + 1;
  event->time = g_get_real_time () / G_USEC_PER_SEC;
  event->item_id = g_strdup (message->id);
  event->parent_folder_id = g_strdup (message->folder->id);
  event->old_item_id = g_strdup (old_item_id);
  event->old_parent_folder_id = old_folder != NULL ? g_strdup (old_folder->id) : NULL;
  g_ptr_array_add (self->events, event);
}

static void
assign_ids (UmServerMailbox *self,
            UmServerMessage *message)
{
  if (message->id != NULL)
    {
      g_hash_table_remove (self->by_id, message->id);
      g_hash_table_remove (self->by_entry_id, message->entry_id);
      g_clear_pointer (&message->id, g_free);
      g_clear_pointer (&message->entry_id, g_free);
    }

  if (message->generation == 0)
    {
      message->id = encode ("HarkItem:%s:%s", self->user, message->tag);
      message->entry_id = encode ("HarkEntry:%s:%s", self->user, message->tag);
    }
  else
    {
      message->id = encode ("HarkItem:%s:%s:%u", self->user, message->tag, message->generation);
      message->entry_id = encode ("HarkEntry:%s:%s:%u", self->user, message->tag,
                                  message->generation);
    }
  g_hash_table_insert (self->by_id, message->id, message);
  g_hash_table_insert (self->by_entry_id, message->entry_id, message);
}

static void
leave_folder (UmServerMessage *message,
              guint64          seq)
{
  Tombstone tombstone = { g_strdup (message->id), message->seq_entered, seq };

  g_array_append_val (message->folder->tombstones, tombstone);
}

/**
 * um_server_mailbox_add:
 * @self: a mailbox
 * @message: (transfer full): a new item
 * @folder: where it goes
 *
 * Puts an item in a folder as it was before anyone looked: no events. For
 * the demo and synthetic mailboxes.
 *
 * Returns: (transfer none): @message, with its ids
 */
UmServerMessage *
um_server_mailbox_add (UmServerMailbox      *self,
                       UmServerMessage      *message,
                       const UmServerFolder *folder)
{
  message->number = self->next_number++;
  if (message->tag == NULL)
    message->tag = g_strdup_printf ("message-%" G_GUINT64_FORMAT, message->number);
  message->folder = (UmServerFolder *)folder;
  message->change = 1;
  if (message->internet_message_id == NULL)
    message->internet_message_id = g_strdup_printf ("<%s.%s@hark.invalid>", message->tag,
                                                    self->user);
  assign_ids (self, message);
  message->seq_entered = ++self->seq;

  for (guint i = 0; i < message->attachments->len; i++)
    {
      UmServerAttachment *attachment = g_ptr_array_index (message->attachments, i);

      g_free (attachment->id);
      attachment->id = encode ("HarkAttachment:%s:%s:%u", self->user, message->tag, i);
      g_hash_table_insert (self->attachments, attachment->id, attachment);
    }

  g_ptr_array_add (self->messages, message);
  return message;
}

/**
 * um_server_mailbox_deposit:
 * @self: a mailbox
 * @message: (transfer full): a new voice mail
 *
 * Delivers a voice mail to the Inbox, as the UM server does after a call:
 * NewMailEvent and CreatedEvent for the subscriptions.
 *
 * Returns: (transfer none): @message, with its ids
 */
UmServerMessage *
um_server_mailbox_deposit (UmServerMailbox *self,
                           UmServerMessage *message)
{
  const UmServerFolder *inbox = um_server_mailbox_get_folder (self, "inbox", NULL);

  um_server_mailbox_add (self, message, inbox);
  add_event (self, UM_SERVER_EVENT_NEW_MAIL, message, NULL, NULL);
  add_event (self, UM_SERVER_EVENT_CREATED, message, NULL, NULL);
  g_signal_emit (self, signals[EVENTS], 0);
  return message;
}

void
um_server_mailbox_set_read (UmServerMailbox *self,
                            UmServerMessage *message,
                            gboolean         is_read)
{
  if (message->is_read == !!is_read)
    return;

  message->is_read = !!is_read;
  message->change++;
  message->seq_read = ++self->seq;
  add_event (self, UM_SERVER_EVENT_MODIFIED, message, NULL, NULL);
  g_signal_emit (self, signals[EVENTS], 0);
}

void
um_server_mailbox_set_audio_notes (UmServerMailbox *self,
                                   UmServerMessage *message,
                                   const char      *notes)
{
  g_free (message->audio_notes);
  message->audio_notes = g_strdup (notes);
  message->change++;
  message->seq_modified = ++self->seq;
  add_event (self, UM_SERVER_EVENT_MODIFIED, message, NULL, NULL);
  g_signal_emit (self, signals[EVENTS], 0);
}

/**
 * um_server_mailbox_move:
 *
 * Moves an item; it gets a new id (MovedEvent with the old one).
 *
 * Returns: (transfer none): @message
 */
UmServerMessage *
um_server_mailbox_move (UmServerMailbox      *self,
                        UmServerMessage      *message,
                        const UmServerFolder *folder)
{
  g_autofree char *old_id = g_strdup (message->id);
  UmServerFolder *old_folder = message->folder;
  guint64 seq = ++self->seq;

  leave_folder (message, seq);
  message->folder = (UmServerFolder *)folder;
  message->generation++;
  message->change++;
  message->seq_entered = seq;
  assign_ids (self, message);
  add_event (self, UM_SERVER_EVENT_MOVED, message, old_id, old_folder);
  g_signal_emit (self, signals[EVENTS], 0);
  return message;
}

/**
 * um_server_mailbox_remove:
 *
 * Deletes an item for good (DeletedEvent), frees it.
 */
void
um_server_mailbox_remove (UmServerMailbox *self,
                          UmServerMessage *message)
{
  leave_folder (message, ++self->seq);
  add_event (self, UM_SERVER_EVENT_DELETED, message, NULL, NULL);
  g_hash_table_remove (self->by_id, message->id);
  g_hash_table_remove (self->by_entry_id, message->entry_id);
  for (guint i = 0; i < message->attachments->len; i++)
    {
      UmServerAttachment *attachment = g_ptr_array_index (message->attachments, i);

      g_hash_table_remove (self->attachments, attachment->id);
    }
  g_ptr_array_remove (self->messages, message);
  g_signal_emit (self, signals[EVENTS], 0);
}

/* SyncFolderItems */

static int
by_seq (gconstpointer a,
        gconstpointer b)
{
  const UmServerChange *ca = *(const UmServerChange **)a;
  const UmServerChange *cb = *(const UmServerChange **)b;

  return ca->seq < cb->seq ? -1 : (ca->seq > cb->seq ? 1 : 0);
}

static gboolean
parse_sync_state (const UmServerFolder *folder,
                  const char           *sync_state,
                  guint64              *seq)
{
  g_autofree char *raw = NULL;
  g_autofree char *prefix = NULL;

  *seq = 0;
  if (sync_state == NULL || sync_state[0] == '\0')
    return TRUE;

  raw = decode (sync_state);
  prefix = g_strdup_printf ("HarkSync:%s:", folder->id);
  if (raw == NULL || !g_str_has_prefix (raw, prefix))
    return FALSE;
  return g_ascii_string_to_unsigned (raw + strlen (prefix), 10, 0, G_MAXUINT64, seq, NULL);
}

/**
 * um_server_mailbox_sync:
 * @self: a mailbox
 * @folder: a folder (not a search folder)
 * @sync_state: (nullable): the state the client has
 * @max_changes: at most this many changes
 * @changes: (out) (transfer container) (element-type UmServerChange): the
 *   changes, oldest first
 * @includes_last: (out): whether no changes are left
 * @error: return location for an error
 *
 * Returns: (transfer full): the new sync state, or %NULL with
 *   %UM_SERVER_MAILBOX_ERROR_INVALID_SYNC_STATE
 */
char *
um_server_mailbox_sync (UmServerMailbox       *self,
                        const UmServerFolder  *folder,
                        const char            *sync_state,
                        guint                  max_changes,
                        GPtrArray            **changes,
                        gboolean              *includes_last,
                        GError               **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify)um_server_change_free);
  guint64 since;
  guint64 until = self->seq;

  if (folder->search || !parse_sync_state (folder, sync_state, &since) || since > self->seq)
    {
      g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                           UM_SERVER_MAILBOX_ERROR_INVALID_SYNC_STATE,
                           "Synchronization state data is corrupt or otherwise invalid.");
      return NULL;
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      UmServerMessage *message = g_ptr_array_index (self->messages, i);
      UmServerChange *change;

      if (message->folder != folder)
        continue;

      change = g_new0 (UmServerChange, 1);
      change->message = message;
      if (message->seq_entered > since)
        {
          change->kind = UM_SERVER_CHANGE_CREATE;
          change->seq = MAX (message->seq_entered, MAX (message->seq_modified, message->seq_read));
        }
      else if (message->seq_modified > since)
        {
          change->kind = UM_SERVER_CHANGE_UPDATE;
          change->seq = MAX (message->seq_modified, message->seq_read);
        }
      else if (message->seq_read > since)
        {
          change->kind = UM_SERVER_CHANGE_READ_FLAG;
          change->seq = message->seq_read;
        }
      else
        {
          g_free (change);
          continue;
        }
      g_ptr_array_add (all, change);
    }

  for (guint i = 0; i < folder->tombstones->len; i++)
    {
      Tombstone *tombstone = &g_array_index (folder->tombstones, Tombstone, i);
      UmServerChange *change;

      /* What the client never saw arrive it needs not see leave. */
      if (tombstone->seq_left <= since || tombstone->seq_entered > since)
        continue;

      change = g_new0 (UmServerChange, 1);
      change->kind = UM_SERVER_CHANGE_DELETE;
      change->seq = tombstone->seq_left;
      change->item_id = g_strdup (tombstone->item_id);
      g_ptr_array_add (all, change);
    }

  g_ptr_array_sort (all, by_seq);

  *includes_last = all->len <= max_changes;
  if (!*includes_last)
    {
      until = ((UmServerChange *)g_ptr_array_index (all, max_changes - 1))->seq;
      g_ptr_array_set_size (all, max_changes);
    }

  *changes = g_steal_pointer (&all);
  return encode ("HarkSync:%s:%" G_GUINT64_FORMAT, folder->id, until);
}

/* Subscriptions */

void
um_server_mailbox_set_notifications (UmServerMailbox       *self,
                                     UmServerNotifications  support)
{
  self->notifications = support;
}

UmServerNotifications
um_server_mailbox_get_notifications (UmServerMailbox *self)
{
  return self->notifications;
}

/**
 * um_server_mailbox_subscribe:
 * @self: a mailbox
 * @folders: (element-type UmServerFolder): the folders to watch
 * @streaming: streaming or pull
 * @timeout_minutes: a pull subscription's lifetime without GetEvents
 * @watermark: (out) (optional): the watermark to start from
 *
 * Returns: (transfer full): the SubscriptionId
 */
char *
um_server_mailbox_subscribe (UmServerMailbox  *self,
                             GPtrArray        *folders,
                             gboolean          streaming,
                             guint             timeout_minutes,
                             char            **watermark)
{
  Subscription *subscription = g_new0 (Subscription, 1);

  subscription->id = encode ("HarkSubscription:%s:%u", self->user, ++self->next_subscription);
  subscription->folder_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < folders->len; i++)
    g_ptr_array_add (subscription->folder_ids,
                     g_strdup (((UmServerFolder *)g_ptr_array_index (folders, i))->id));
  subscription->streaming = streaming;
  subscription->timeout_minutes = streaming ? STREAMING_SUBSCRIPTION_MINUTES : timeout_minutes;
  subscription->last_used = g_get_monotonic_time ();
  subscription->cursor = self->events->len;
  g_hash_table_insert (self->subscriptions, subscription->id, subscription);

  if (watermark != NULL)
    *watermark = um_server_watermark_new (subscription->cursor);
  return g_strdup (subscription->id);
}

static Subscription *
lookup_subscription (UmServerMailbox  *self,
                     const char       *id,
                     GError          **error)
{
  Subscription *subscription = id != NULL ? g_hash_table_lookup (self->subscriptions, id) : NULL;

  if (subscription == NULL)
    {
      g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                           UM_SERVER_MAILBOX_ERROR_SUBSCRIPTION_NOT_FOUND,
                           "The specified subscription was not found.");
      return NULL;
    }

  if (g_get_monotonic_time () - subscription->last_used >
      (gint64)subscription->timeout_minutes * 60 * G_USEC_PER_SEC)
    {
      g_hash_table_remove (self->subscriptions, id);
      g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                           UM_SERVER_MAILBOX_ERROR_EXPIRED_SUBSCRIPTION,
                           "The subscription has expired.");
      return NULL;
    }

  subscription->last_used = g_get_monotonic_time ();
  return subscription;
}

gboolean
um_server_mailbox_unsubscribe (UmServerMailbox  *self,
                               const char       *subscription_id,
                               GError          **error)
{
  if (lookup_subscription (self, subscription_id, error) == NULL)
    return FALSE;
  g_hash_table_remove (self->subscriptions, subscription_id);
  return TRUE;
}

gboolean
um_server_mailbox_is_streaming (UmServerMailbox *self,
                                const char      *subscription_id)
{
  Subscription *subscription = g_hash_table_lookup (self->subscriptions, subscription_id);

  return subscription != NULL && subscription->streaming;
}

static gboolean
event_matches (const Subscription  *subscription,
               const UmServerEvent *event)
{
  for (guint i = 0; i < subscription->folder_ids->len; i++)
    {
      const char *id = g_ptr_array_index (subscription->folder_ids, i);

      if (g_strcmp0 (event->parent_folder_id, id) == 0 ||
          g_strcmp0 (event->old_parent_folder_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
events_after (UmServerMailbox    *self,
              const Subscription *subscription,
              guint64             after,
              guint               max_events,
              guint64            *last)
{
  GPtrArray *events = g_ptr_array_new ();

  *last = after;
  for (guint64 i = after; i < self->events->len; i++)
    {
      UmServerEvent *event = g_ptr_array_index (self->events, i);

      *last = event->number;
      if (!event_matches (subscription, event))
        continue;
      g_ptr_array_add (events, event);
      if (events->len == max_events)
        break;
    }
  return events;
}

/**
 * um_server_mailbox_get_events:
 * @self: a mailbox
 * @subscription_id: a pull subscription
 * @watermark: the last watermark the client saw
 * @max_events: at most this many
 * @previous_watermark: (out): @watermark, checked
 * @more: (out): whether more events wait
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type UmServerEvent): the events of
 *   the subscription's folders after @watermark; an empty array means a
 *   StatusEvent with the current watermark
 */
GPtrArray *
um_server_mailbox_get_events (UmServerMailbox  *self,
                              const char       *subscription_id,
                              const char       *watermark,
                              guint             max_events,
                              char            **previous_watermark,
                              gboolean         *more,
                              GError          **error)
{
  Subscription *subscription = lookup_subscription (self, subscription_id, error);
  g_autofree char *raw = NULL;
  guint64 after;
  guint64 last;
  GPtrArray *events;

  if (subscription == NULL)
    return NULL;

  raw = decode (watermark);
  if (raw == NULL || !g_str_has_prefix (raw, "HarkWatermark:") ||
      !g_ascii_string_to_unsigned (raw + strlen ("HarkWatermark:"), 10, 0, self->events->len,
                                   &after, NULL))
    {
      g_set_error_literal (error, UM_SERVER_MAILBOX_ERROR,
                           UM_SERVER_MAILBOX_ERROR_INVALID_WATERMARK,
                           "The watermark is invalid.");
      return NULL;
    }

  events = events_after (self, subscription, after, max_events, &last);
  *more = events->len == max_events && last < self->events->len;
  *previous_watermark = um_server_watermark_new (after);
  subscription->cursor = last;
  return events;
}

/**
 * um_server_mailbox_take_stream_events:
 *
 * Returns: (transfer container) (element-type UmServerEvent): the events of
 *   a streaming subscription not yet sent, now counted as sent
 */
GPtrArray *
um_server_mailbox_take_stream_events (UmServerMailbox  *self,
                                      const char       *subscription_id,
                                      GError          **error)
{
  Subscription *subscription = lookup_subscription (self, subscription_id, error);
  GPtrArray *events;
  guint64 last;

  if (subscription == NULL)
    return NULL;

  events = events_after (self, subscription, subscription->cursor, G_MAXUINT, &last);
  subscription->cursor = last;
  return events;
}

/**
 * um_server_mailbox_expire_subscriptions:
 * @self: a mailbox
 * @now: a g_get_monotonic_time() value, maybe in the future
 *
 * Forgets the subscriptions unused for longer than their timeout at @now.
 */
void
um_server_mailbox_expire_subscriptions (UmServerMailbox *self,
                                        gint64           now)
{
  GHashTableIter iter;
  Subscription *subscription;

  g_hash_table_iter_init (&iter, self->subscriptions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&subscription))
    {
      if (now - subscription->last_used >
          (gint64)subscription->timeout_minutes * 60 * G_USEC_PER_SEC)
        g_hash_table_iter_remove (&iter);
    }
}
