/* um-voicemail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readers for the items, folders and events of EWS answers. Unknown elements
 * are skipped; a value that cannot be read leaves its field unset rather than
 * losing the whole item.
 */

#include "config.h"

#include "um-voicemail.h"

#include "um-ns.h"
#include "um-response.h"

#include <stdlib.h>
#include <string.h>

/* [MS-OXPROPS]: the voice-mail properties as EWS names them. */
#define TAG_DURATION         0x6801
#define TAG_CALLER_NUMBER    0x6802
#define TAG_CALLER_NAME      0x6803
#define TAG_ATTACHMENT_ORDER 0x6805
#define TAG_CALL_ID          0x6806

/**
 * um_item_class_is_voicemail:
 * @item_class: (nullable): a message class
 *
 * [MS-ASEMAIL] 2.2.2.82 and [MS-OXOUM] 2.2.2.1: voice mail is any class that
 * begins with IPM.Note.Microsoft.Voicemail (call answering, voice replies) or
 * its protected form. Missed-call notices carry no audio and are not.
 *
 * Returns: whether items of @item_class are voice mails
 */
gboolean
um_item_class_is_voicemail (const char *item_class)
{
  if (item_class == NULL)
    return FALSE;

  return g_ascii_strncasecmp (item_class, UM_VOICEMAIL_CLASS,
                              strlen (UM_VOICEMAIL_CLASS)) == 0 ||
         g_ascii_strncasecmp (item_class, UM_VOICEMAIL_CLASS_PROTECTED,
                              strlen (UM_VOICEMAIL_CLASS_PROTECTED)) == 0;
}

/**
 * um_folder_id_is_distinguished:
 * @folder_id: a folder id
 *
 * Returns: whether @folder_id is one of the DistinguishedFolderIdNameType
 *   names Hark uses rather than a FolderId
 */
gboolean
um_folder_id_is_distinguished (const char *folder_id)
{
  static const char *const names[] = {
    "msgfolderroot", "root", "inbox", "deleteditems", "voicemail", "drafts", "sentitems",
    "outbox", "junkemail", "archivemsgfolderroot",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (folder_id, names[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

UmAttachment *
um_attachment_copy (const UmAttachment *attachment)
{
  UmAttachment *copy = g_new0 (UmAttachment, 1);

  copy->id = g_strdup (attachment->id);
  copy->name = g_strdup (attachment->name);
  copy->content_type = g_strdup (attachment->content_type);
  copy->size = attachment->size;
  return copy;
}

void
um_attachment_free (UmAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->id);
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_free (attachment);
}

G_DEFINE_BOXED_TYPE (UmAttachment, um_attachment, um_attachment_copy, um_attachment_free)

UmVoiceMail *
um_voice_mail_new (void)
{
  UmVoiceMail *voice_mail = g_new0 (UmVoiceMail, 1);

  voice_mail->size = -1;
  voice_mail->duration = -1;
  return voice_mail;
}

static GPtrArray *
copy_array (GPtrArray      *array,
            GBoxedCopyFunc  copy,
            GDestroyNotify  free_func)
{
  GPtrArray *result;

  if (array == NULL)
    return NULL;

  result = g_ptr_array_new_full (array->len, free_func);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (result, copy (g_ptr_array_index (array, i)));
  return result;
}

UmVoiceMail *
um_voice_mail_copy (const UmVoiceMail *voice_mail)
{
  UmVoiceMail *copy = g_memdup2 (voice_mail, sizeof *voice_mail);

  copy->id = g_strdup (voice_mail->id);
  copy->change_key = g_strdup (voice_mail->change_key);
  copy->parent_folder_id = g_strdup (voice_mail->parent_folder_id);
  copy->item_class = g_strdup (voice_mail->item_class);
  copy->subject = g_strdup (voice_mail->subject);
  copy->internet_message_id = g_strdup (voice_mail->internet_message_id);
  copy->caller_number = g_strdup (voice_mail->caller_number);
  copy->caller_name = g_strdup (voice_mail->caller_name);
  copy->attachment_order = g_strdupv (voice_mail->attachment_order);
  copy->call_id = g_strdup (voice_mail->call_id);
  copy->transcription = g_strdup (voice_mail->transcription);
  copy->audio_notes = g_strdup (voice_mail->audio_notes);
  copy->attachments = copy_array (voice_mail->attachments, (GBoxedCopyFunc)um_attachment_copy,
                                  (GDestroyNotify)um_attachment_free);
  return copy;
}

void
um_voice_mail_free (UmVoiceMail *voice_mail)
{
  if (voice_mail == NULL)
    return;

  g_free (voice_mail->id);
  g_free (voice_mail->change_key);
  g_free (voice_mail->parent_folder_id);
  g_free (voice_mail->item_class);
  g_free (voice_mail->subject);
  g_free (voice_mail->internet_message_id);
  g_free (voice_mail->caller_number);
  g_free (voice_mail->caller_name);
  g_strfreev (voice_mail->attachment_order);
  g_free (voice_mail->call_id);
  g_free (voice_mail->transcription);
  g_free (voice_mail->audio_notes);
  g_clear_pointer (&voice_mail->attachments, g_ptr_array_unref);
  g_free (voice_mail);
}

G_DEFINE_BOXED_TYPE (UmVoiceMail, um_voice_mail, um_voice_mail_copy, um_voice_mail_free)

static gboolean
is_audio (const UmAttachment *attachment)
{
  static const char *const extensions[] = {
    ".wav", ".wma", ".mp3", ".amr", ".gsm", ".m4a", ".ogg", ".opus",
  };

  if (attachment->content_type != NULL &&
      g_ascii_strncasecmp (attachment->content_type, "audio/", 6) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (attachment->name != NULL && strlen (attachment->name) > strlen (extensions[i]) &&
          g_ascii_strcasecmp (attachment->name + strlen (attachment->name) -
                              strlen (extensions[i]), extensions[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * um_voice_mail_get_audio:
 * @voice_mail: a voice mail read with its attachments
 *
 * The attachments to play, in order: those named by the attachment order
 * ([MS-OXOUM] 2.2.5.9), in its order; without one, every audio attachment in
 * the order of the item.
 *
 * Returns: (transfer container) (element-type UmAttachment): the attachments
 *   (owned by @voice_mail)
 */
GPtrArray *
um_voice_mail_get_audio (const UmVoiceMail *voice_mail)
{
  GPtrArray *audio = g_ptr_array_new ();

  g_return_val_if_fail (voice_mail != NULL, audio);

  if (voice_mail->attachments == NULL)
    return audio;

  if (voice_mail->attachment_order != NULL && voice_mail->attachment_order[0] != NULL)
    {
      for (guint i = 0; voice_mail->attachment_order[i] != NULL; i++)
        {
          for (guint j = 0; j < voice_mail->attachments->len; j++)
            {
              UmAttachment *attachment = g_ptr_array_index (voice_mail->attachments, j);

              if (g_strcmp0 (attachment->name, voice_mail->attachment_order[i]) == 0)
                {
                  g_ptr_array_add (audio, attachment);
                  break;
                }
            }
        }
      if (audio->len > 0)
        return audio;
    }

  for (guint j = 0; j < voice_mail->attachments->len; j++)
    {
      UmAttachment *attachment = g_ptr_array_index (voice_mail->attachments, j);

      if (is_audio (attachment))
        g_ptr_array_add (audio, attachment);
    }
  return audio;
}

UmFolder *
um_folder_new (void)
{
  UmFolder *folder = g_new0 (UmFolder, 1);

  folder->total_count = -1;
  folder->unread_count = -1;
  folder->child_folder_count = -1;
  return folder;
}

UmFolder *
um_folder_copy (const UmFolder *folder)
{
  UmFolder *copy = g_memdup2 (folder, sizeof *folder);

  copy->id = g_strdup (folder->id);
  copy->change_key = g_strdup (folder->change_key);
  copy->parent_id = g_strdup (folder->parent_id);
  copy->display_name = g_strdup (folder->display_name);
  copy->folder_class = g_strdup (folder->folder_class);
  return copy;
}

void
um_folder_free (UmFolder *folder)
{
  if (folder == NULL)
    return;

  g_free (folder->id);
  g_free (folder->change_key);
  g_free (folder->parent_id);
  g_free (folder->display_name);
  g_free (folder->folder_class);
  g_free (folder);
}

G_DEFINE_BOXED_TYPE (UmFolder, um_folder, um_folder_copy, um_folder_free)

UmItemPage *
um_item_page_copy (const UmItemPage *page)
{
  UmItemPage *copy = g_memdup2 (page, sizeof *page);

  copy->items = copy_array (page->items, (GBoxedCopyFunc)um_voice_mail_copy,
                            (GDestroyNotify)um_voice_mail_free);
  return copy;
}

void
um_item_page_free (UmItemPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

G_DEFINE_BOXED_TYPE (UmItemPage, um_item_page, um_item_page_copy, um_item_page_free)

static UmSyncChange *
sync_change_copy (const UmSyncChange *change)
{
  UmSyncChange *copy = g_new0 (UmSyncChange, 1);

  copy->kind = change->kind;
  copy->item = change->item != NULL ? um_voice_mail_copy (change->item) : NULL;
  return copy;
}

void
um_sync_change_free (UmSyncChange *change)
{
  if (change == NULL)
    return;

  g_clear_pointer (&change->item, um_voice_mail_free);
  g_free (change);
}

UmSyncResult *
um_sync_result_copy (const UmSyncResult *result)
{
  UmSyncResult *copy = g_memdup2 (result, sizeof *result);

  copy->sync_state = g_strdup (result->sync_state);
  copy->changes = copy_array (result->changes, (GBoxedCopyFunc)sync_change_copy,
                              (GDestroyNotify)um_sync_change_free);
  return copy;
}

void
um_sync_result_free (UmSyncResult *result)
{
  if (result == NULL)
    return;

  g_free (result->sync_state);
  g_clear_pointer (&result->changes, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (UmSyncResult, um_sync_result, um_sync_result_copy, um_sync_result_free)

static const char *const event_names[] = {
  [UM_EVENT_STATUS] = "StatusEvent",
  [UM_EVENT_NEW_MAIL] = "NewMailEvent",
  [UM_EVENT_CREATED] = "CreatedEvent",
  [UM_EVENT_DELETED] = "DeletedEvent",
  [UM_EVENT_MODIFIED] = "ModifiedEvent",
  [UM_EVENT_MOVED] = "MovedEvent",
  [UM_EVENT_COPIED] = "CopiedEvent",
  [UM_EVENT_FREE_BUSY_CHANGED] = "FreeBusyChangedEvent",
};

const char *
um_event_type_to_wire (UmEventType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (event_names), NULL);

  return event_names[type];
}

gboolean
um_event_type_from_wire (const char  *text,
                         UmEventType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_names); i++)
    {
      if (g_strcmp0 (text, event_names[i]) == 0)
        {
          *type = i;
          return TRUE;
        }
    }
  return FALSE;
}

UmEvent *
um_event_copy (const UmEvent *event)
{
  UmEvent *copy = g_memdup2 (event, sizeof *event);

  copy->watermark = g_strdup (event->watermark);
  copy->item_id = g_strdup (event->item_id);
  copy->folder_id = g_strdup (event->folder_id);
  copy->parent_folder_id = g_strdup (event->parent_folder_id);
  copy->old_item_id = g_strdup (event->old_item_id);
  copy->old_parent_folder_id = g_strdup (event->old_parent_folder_id);
  return copy;
}

void
um_event_free (UmEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->watermark);
  g_free (event->item_id);
  g_free (event->folder_id);
  g_free (event->parent_folder_id);
  g_free (event->old_item_id);
  g_free (event->old_parent_folder_id);
  g_free (event);
}

G_DEFINE_BOXED_TYPE (UmEvent, um_event, um_event_copy, um_event_free)

UmNotification *
um_notification_copy (const UmNotification *notification)
{
  UmNotification *copy = g_memdup2 (notification, sizeof *notification);

  copy->subscription_id = g_strdup (notification->subscription_id);
  copy->previous_watermark = g_strdup (notification->previous_watermark);
  copy->events = copy_array (notification->events, (GBoxedCopyFunc)um_event_copy,
                             (GDestroyNotify)um_event_free);
  return copy;
}

void
um_notification_free (UmNotification *notification)
{
  if (notification == NULL)
    return;

  g_free (notification->subscription_id);
  g_free (notification->previous_watermark);
  g_clear_pointer (&notification->events, g_ptr_array_unref);
  g_free (notification);
}

G_DEFINE_BOXED_TYPE (UmNotification, um_notification, um_notification_copy, um_notification_free)

/**
 * um_notification_get_last_watermark:
 * @notification: a notification
 *
 * Returns: (nullable): the watermark to ask for the events after these
 */
const char *
um_notification_get_last_watermark (const UmNotification *notification)
{
  for (guint i = notification->events->len; i > 0; i--)
    {
      UmEvent *event = g_ptr_array_index (notification->events, i - 1);

      if (event->watermark != NULL)
        return event->watermark;
    }
  return notification->previous_watermark;
}

/* Reading */

static char *
child_text (const xmlNode *node,
            const char    *name)
{
  char *text = um_xml_text (um_xml_child (node, UM_NS_TYPES, name));

  if (text != NULL)
    g_strstrip (text);
  return text;
}

static char *
child_attribute (const xmlNode *node,
                 const char    *name,
                 const char    *attribute)
{
  return um_xml_attribute (um_xml_child (node, UM_NS_TYPES, name), attribute);
}

static gint64
child_int (const xmlNode *node,
           const char    *name,
           gint64         fallback)
{
  g_autofree char *text = child_text (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return fallback;
  return value;
}

/**
 * um_xml_parse_date_time:
 * @text: an xs:dateTime, e.g. 2026-11-20T09:14:00Z
 * @seconds: (out): seconds since 1970 UTC
 *
 * A time without zone is UTC, as Exchange means it.
 *
 * Returns: whether @text is a date and time
 */
gboolean
um_xml_parse_date_time (const char *text,
                        gint64     *seconds)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  time = g_date_time_new_from_iso8601 (stripped, utc);
  if (time == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (time);
  return TRUE;
}

static char *
normalize_space (GString *text)
{
  GString *out = g_string_sized_new (text->len);
  gboolean space = FALSE;

  for (const char *p = text->str; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      /* Words are separate elements: no space before punctuation. */
      if (space && strchr (".,;:!?", *p) == NULL)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
collect_text (const xmlNode *node,
              GString       *text)
{
  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        {
          g_string_append (text, (const char *)child->content);
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          /* Each word is an element: keep words apart. */
          g_string_append_c (text, ' ');
          collect_text (child, text);
          g_string_append_c (text, ' ');
        }
    }
}

/**
 * um_asr_to_text:
 * @xml: the AsrData property, an ASR document ([MS-OXOUM] 2.2.2.5.1)
 * @size: its length
 *
 * The words of the transcription's Text element, in order, one space
 * between them. The document is read as any answer: no network, no DTD, no
 * entities.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @xml is not a
 *   transcription or has no words (recognition failed)
 */
char *
um_asr_to_text (const char *xml,
                gsize       size)
{
  g_autoptr(GString) text = g_string_new (NULL);
  xmlDoc *doc;
  xmlNode *root;
  xmlNode *body;
  char *result = NULL;

  if (xml == NULL || size == 0)
    return NULL;

  doc = um_xml_read (xml, size, NULL);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  body = um_xml_is (root, UM_NS_ASR, "ASR") ? um_xml_child (root, UM_NS_ASR, "Text") : NULL;
  if (body != NULL)
    {
      collect_text (body, text);
      result = normalize_space (text);
      if (result[0] == '\0')
        g_clear_pointer (&result, g_free);
    }

  xmlFreeDoc (doc);
  return result;
}

static gboolean
parse_property_tag (const char *text,
                    guint      *tag)
{
  char *end = NULL;
  unsigned long value;

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*text))
    text++;
  value = strtoul (text, &end, 0);
  if (end == text || value > 0xffff)
    return FALSE;
  *tag = value;
  return TRUE;
}

static void
read_extended_property (UmVoiceMail   *voice_mail,
                        const xmlNode *property)
{
  xmlNode *uri = um_xml_child (property, UM_NS_TYPES, "ExtendedFieldURI");
  g_autofree char *tag_text = um_xml_attribute (uri, "PropertyTag");
  g_autofree char *set = um_xml_attribute (uri, "DistinguishedPropertySetId");
  g_autofree char *name = um_xml_attribute (uri, "PropertyName");
  g_autofree char *value = um_xml_text (um_xml_child (property, UM_NS_TYPES, "Value"));
  guint tag;

  if (uri == NULL || value == NULL)
    return;

  if (parse_property_tag (tag_text, &tag))
    {
      switch (tag)
        {
        case TAG_DURATION:
          {
            gint64 seconds;

            if (g_ascii_string_to_signed (g_strstrip (value), 10, 0, G_MAXINT, &seconds, NULL))
              voice_mail->duration = (int)seconds;
          }
          break;

        case TAG_CALLER_NUMBER:
          g_free (voice_mail->caller_number);
          voice_mail->caller_number = g_steal_pointer (&value);
          break;

        case TAG_CALLER_NAME:
          g_free (voice_mail->caller_name);
          voice_mail->caller_name = g_steal_pointer (&value);
          break;

        case TAG_ATTACHMENT_ORDER:
          {
            /* Blanks and a leading ";" are allowed (2.2.5.9). */
            g_auto(GStrv) parts = g_strsplit (value, ";", -1);
            g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

            for (guint i = 0; parts[i] != NULL; i++)
              {
                g_strstrip (parts[i]);
                if (parts[i][0] != '\0')
                  g_strv_builder_add (names, parts[i]);
              }
            g_strfreev (voice_mail->attachment_order);
            voice_mail->attachment_order = g_strv_builder_end (names);
          }
          break;

        case TAG_CALL_ID:
          g_free (voice_mail->call_id);
          voice_mail->call_id = g_steal_pointer (&value);
          break;

        default:
          break;
        }
      return;
    }

  if (g_strcmp0 (set, "UnifiedMessaging") != 0 || name == NULL)
    return;

  if (strcmp (name, "AsrData") == 0)
    {
      gsize size = 0;
      g_autofree guchar *xml = g_base64_decode (g_strstrip (value), &size);

      g_free (voice_mail->transcription);
      voice_mail->transcription = um_asr_to_text ((const char *)xml, size);
    }
  else if (strcmp (name, "UMAudioNotes") == 0)
    {
      g_free (voice_mail->audio_notes);
      voice_mail->audio_notes = g_steal_pointer (&value);
    }
}

static GPtrArray *
read_attachments (const xmlNode *list)
{
  GPtrArray *attachments = g_ptr_array_new_with_free_func ((GDestroyNotify)um_attachment_free);

  for (xmlNode *child = um_xml_first_element (list); child != NULL;
       child = um_xml_next_element (child))
    {
      UmAttachment *attachment;

      /* Item attachments (forwarded messages) are not audio. */
      if (!um_xml_is (child, UM_NS_TYPES, "FileAttachment"))
        continue;

      attachment = g_new0 (UmAttachment, 1);
      attachment->id = child_attribute (child, "AttachmentId", "Id");
      attachment->name = child_text (child, "Name");
      attachment->content_type = child_text (child, "ContentType");
      attachment->size = child_int (child, "Size", -1);
      if (attachment->id == NULL)
        {
          um_attachment_free (attachment);
          continue;
        }
      g_ptr_array_add (attachments, attachment);
    }
  return attachments;
}

/**
 * um_voice_mail_from_xml:
 * @item: a t:Message, t:Item or other item element
 *
 * Returns: (transfer full) (nullable): the voice mail, or %NULL when @item has
 *   no ItemId
 */
UmVoiceMail *
um_voice_mail_from_xml (const xmlNode *item)
{
  g_autoptr(UmVoiceMail) voice_mail = um_voice_mail_new ();
  g_autofree char *received = NULL;
  g_autofree char *importance = NULL;
  g_autofree char *is_read = NULL;

  voice_mail->id = child_attribute (item, "ItemId", "Id");
  if (voice_mail->id == NULL || voice_mail->id[0] == '\0')
    return NULL;

  voice_mail->change_key = child_attribute (item, "ItemId", "ChangeKey");
  voice_mail->parent_folder_id = child_attribute (item, "ParentFolderId", "Id");
  voice_mail->item_class = child_text (item, "ItemClass");
  voice_mail->subject = um_xml_text (um_xml_child (item, UM_NS_TYPES, "Subject"));
  voice_mail->internet_message_id = child_text (item, "InternetMessageId");
  voice_mail->size = child_int (item, "Size", -1);

  received = child_text (item, "DateTimeReceived");
  if (!um_xml_parse_date_time (received, &voice_mail->received))
    voice_mail->received = 0;

  importance = child_text (item, "Importance");
  voice_mail->urgent = g_strcmp0 (importance, "High") == 0;

  is_read = child_text (item, "IsRead");
  if (!um_xml_parse_boolean (is_read, &voice_mail->is_read))
    voice_mail->is_read = FALSE;

  if (um_xml_child (item, UM_NS_TYPES, "Attachments") != NULL)
    voice_mail->attachments = read_attachments (um_xml_child (item, UM_NS_TYPES, "Attachments"));

  for (xmlNode *child = um_xml_first_element (item); child != NULL;
       child = um_xml_next_element (child))
    {
      if (um_xml_is (child, UM_NS_TYPES, "ExtendedProperty"))
        read_extended_property (voice_mail, child);
    }

  return g_steal_pointer (&voice_mail);
}

static int
int_or (const char *text,
        int         fallback)
{
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 0, G_MAXINT, &value, NULL))
    return fallback;
  return (int)value;
}

/**
 * um_folder_from_xml:
 * @folder: a t:Folder, t:SearchFolder or other folder element
 *
 * Returns: (transfer full) (nullable): the folder, or %NULL without FolderId
 */
UmFolder *
um_folder_from_xml (const xmlNode *folder)
{
  g_autoptr(UmFolder) result = um_folder_new ();
  g_autofree char *total = NULL;
  g_autofree char *unread = NULL;
  g_autofree char *children = NULL;

  result->id = child_attribute (folder, "FolderId", "Id");
  if (result->id == NULL || result->id[0] == '\0')
    return NULL;

  result->change_key = child_attribute (folder, "FolderId", "ChangeKey");
  result->parent_id = child_attribute (folder, "ParentFolderId", "Id");
  result->display_name = um_xml_text (um_xml_child (folder, UM_NS_TYPES, "DisplayName"));
  result->folder_class = child_text (folder, "FolderClass");
  total = child_text (folder, "TotalCount");
  unread = child_text (folder, "UnreadCount");
  children = child_text (folder, "ChildFolderCount");
  result->total_count = int_or (total, -1);
  result->unread_count = int_or (unread, -1);
  result->child_folder_count = int_or (children, -1);
  return g_steal_pointer (&result);
}

/**
 * um_event_from_xml:
 * @event: an event element of a Notification ([MS-OXWSNTIF] 2.2.4.4)
 *
 * Returns: (transfer full) (nullable): the event, or %NULL for an element
 *   that is not one
 */
UmEvent *
um_event_from_xml (const xmlNode *event)
{
  g_autoptr(UmEvent) result = g_new0 (UmEvent, 1);
  g_autofree char *unread = NULL;

  if (event->ns == NULL || g_strcmp0 ((const char *)event->ns->href, UM_NS_TYPES) != 0 ||
      !um_event_type_from_wire ((const char *)event->name, &result->type))
    return NULL;

  result->watermark = child_text (event, "Watermark");
  result->item_id = child_attribute (event, "ItemId", "Id");
  result->folder_id = child_attribute (event, "FolderId", "Id");
  result->parent_folder_id = child_attribute (event, "ParentFolderId", "Id");
  result->old_item_id = child_attribute (event, "OldItemId", "Id");
  result->old_parent_folder_id = child_attribute (event, "OldParentFolderId", "Id");
  unread = child_text (event, "UnreadCount");
  result->unread_count = int_or (unread, -1);
  return g_steal_pointer (&result);
}

/**
 * um_notification_from_xml:
 * @notification: an m:Notification element
 *
 * Returns: (transfer full): the notification
 */
UmNotification *
um_notification_from_xml (const xmlNode *notification)
{
  UmNotification *result = g_new0 (UmNotification, 1);
  g_autofree char *more = NULL;

  result->events = g_ptr_array_new_with_free_func ((GDestroyNotify)um_event_free);
  result->subscription_id = child_text (notification, "SubscriptionId");
  result->previous_watermark = child_text (notification, "PreviousWatermark");
  more = child_text (notification, "MoreEvents");
  if (!um_xml_parse_boolean (more, &result->more_events))
    result->more_events = FALSE;

  for (xmlNode *child = um_xml_first_element (notification); child != NULL;
       child = um_xml_next_element (child))
    {
      UmEvent *event = um_event_from_xml (child);

      if (event != NULL)
        g_ptr_array_add (result->events, event);
    }
  return result;
}
