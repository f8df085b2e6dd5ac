/* hark-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-message-private.h"

G_DEFINE_FINAL_TYPE (HarkMessage, hark_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HEARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const folder_nicks[] = {
  [HARK_FOLDER_NEW] = "new",
  [HARK_FOLDER_HEARD] = "heard",
  [HARK_FOLDER_WORK] = "work",
  [HARK_FOLDER_FAMILY] = "family",
  [HARK_FOLDER_FRIENDS] = "friends",
  [HARK_FOLDER_DELETED] = "deleted",
};

G_STATIC_ASSERT (G_N_ELEMENTS (folder_nicks) == HARK_N_FOLDERS);

const char *
hark_folder_to_nick (HarkFolder folder)
{
  g_return_val_if_fail (folder < HARK_N_FOLDERS, NULL);

  return folder_nicks[folder];
}

gboolean
hark_folder_from_nick (const char *nick,
                       HarkFolder *folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (folder_nicks); i++)
    {
      if (g_strcmp0 (nick, folder_nicks[i]) == 0)
        {
          *folder = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The store keeps where a message is on the server (its role: inbox, work,
 * family, friends, deleted, or other for any other folder); the user sees
 * New and Heard for the unsorted ones. */
HarkFolder
hark_folder_for_role (const char *role,
                      gboolean    heard)
{
  if (g_strcmp0 (role, "work") == 0)
    return HARK_FOLDER_WORK;
  if (g_strcmp0 (role, "family") == 0)
    return HARK_FOLDER_FAMILY;
  if (g_strcmp0 (role, "friends") == 0)
    return HARK_FOLDER_FRIENDS;
  if (g_strcmp0 (role, "deleted") == 0)
    return HARK_FOLDER_DELETED;
  return heard ? HARK_FOLDER_HEARD : HARK_FOLDER_NEW;
}

static void
hark_message_finalize (GObject *object)
{
  HarkMessage *self = (HarkMessage *)object;

  g_free (self->id);
  g_free (self->message_id);
  g_free (self->role);
  g_free (self->caller_name);
  g_free (self->caller_number);
  g_free (self->subject);
  g_free (self->transcription);
  g_free (self->audio_notes);
  g_strfreev (self->attachments);
  g_free (self->call_id);

  G_OBJECT_CLASS (hark_message_parent_class)->finalize (object);
}

static void
hark_message_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HarkMessage *self = HARK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_HEARD:
      g_value_set_boolean (value, self->heard);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hark_message_class_init (HarkMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hark_message_finalize;
  object_class->get_property = hark_message_get_property;

  /**
   * HarkMessage:heard:
   *
   * Whether the voice mail was listened to (read, in Exchange's terms).
   */
  properties[PROP_HEARD] =
    g_param_spec_boolean ("heard", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hark_message_init (HarkMessage *self)
{
  self->duration = -1;
}

HarkMessage *
hark_message_new (void)
{
  return g_object_new (HARK_TYPE_MESSAGE, NULL);
}

void
hark_message_set_heard (HarkMessage *self,
                        gboolean     heard)
{
  g_return_if_fail (HARK_IS_MESSAGE (self));

  if (self->heard == !!heard)
    return;
  self->heard = !!heard;
  self->folder = hark_folder_for_role (self->role, self->heard);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARD]);
}

#define GETTER(type, name, field) \
  type hark_message_get_##name (HarkMessage *self) \
  { \
    g_return_val_if_fail (HARK_IS_MESSAGE (self), 0); \
    return self->field; \
  }

GETTER (const char *, id, id)
GETTER (const char *, message_id, message_id)
GETTER (HarkFolder, folder, folder)
GETTER (const char *, role, role)
GETTER (const char *, caller_name, caller_name)
GETTER (const char *, caller_number, caller_number)
GETTER (gint64, received, received)
GETTER (int, duration, duration)
GETTER (gboolean, heard, heard)
GETTER (gboolean, urgent, urgent)
GETTER (const char *, subject, subject)
GETTER (const char *, transcription, transcription)
GETTER (const char *, audio_notes, audio_notes)
GETTER (const char *, call_id, call_id)
#undef GETTER

/**
 * hark_message_get_attachments:
 *
 * Returns: (array zero-terminated=1) (nullable): the audio files' names, in
 *   playing order
 */
const char * const *
hark_message_get_attachments (HarkMessage *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE (self), NULL);

  return (const char * const *)self->attachments;
}

/**
 * hark_message_get_caller:
 *
 * Returns: the caller's name, else the number, else "" for a withheld one
 */
const char *
hark_message_get_caller (HarkMessage *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE (self), NULL);

  if (self->caller_name != NULL && self->caller_name[0] != '\0')
    return self->caller_name;
  if (self->caller_number != NULL)
    return self->caller_number;
  return "";
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *)a, (const char * const *)b);
}

/**
 * hark_message_equal:
 * @a: a message
 * @b: another
 *
 * Returns: whether they say the same in every field, as a list would show
 *   them
 */
gboolean
hark_message_equal (HarkMessage *a,
                    HarkMessage *b)
{
  g_return_val_if_fail (HARK_IS_MESSAGE (a), FALSE);
  g_return_val_if_fail (HARK_IS_MESSAGE (b), FALSE);

  return a == b ||
         (g_strcmp0 (a->id, b->id) == 0 &&
          g_strcmp0 (a->message_id, b->message_id) == 0 &&
          g_strcmp0 (a->role, b->role) == 0 &&
          a->folder == b->folder &&
          g_strcmp0 (a->caller_name, b->caller_name) == 0 &&
          g_strcmp0 (a->caller_number, b->caller_number) == 0 &&
          a->received == b->received &&
          a->duration == b->duration &&
          a->heard == b->heard &&
          a->urgent == b->urgent &&
          g_strcmp0 (a->subject, b->subject) == 0 &&
          g_strcmp0 (a->transcription, b->transcription) == 0 &&
          g_strcmp0 (a->audio_notes, b->audio_notes) == 0 &&
          strv_equal0 (a->attachments, b->attachments) &&
          g_strcmp0 (a->call_id, b->call_id) == 0);
}
