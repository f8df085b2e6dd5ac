/* hark-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-message-private.h"

#include <stdlib.h>
#include <string.h>

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

/* The text of @text folded for comparing names: lower case, accents and
 * punctuation gone, words one space apart, a space at either end. */
static char *
fold_words (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  g_autofree char *folded = NULL;
  GString *words = g_string_new (" ");

  if (decomposed == NULL)
    return g_string_free (words, FALSE);
  folded = g_utf8_casefold (decomposed, -1);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        g_string_append_unichar (words, c);
      else if (words->str[words->len - 1] != ' ')
        g_string_append_c (words, ' ');
    }
  if (words->str[words->len - 1] != ' ')
    g_string_append_c (words, ' ');
  return g_string_free (words, FALSE);
}

/* Whether the caller's name is in the folded file name: as written or
 * with its words in another order ("Jones, Alice"). */
static gboolean
name_in (const char *caller_name,
         const char *folded_file_name)
{
  g_autofree char *name = fold_words (caller_name);
  g_auto(GStrv) words = NULL;
  guint found = 0;

  if (g_str_equal (name, " "))
    return FALSE;
  if (strstr (folded_file_name, name) != NULL)
    return TRUE;
  words = g_strsplit (g_strstrip (name), " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_strdup_printf (" %s ", words[i]);

      if (strstr (folded_file_name, word) == NULL)
        return FALSE;
      found++;
    }
  return found >= 2;
}

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* Two telephone numbers, digits only, are the same when equal or when the
 * longer ends with the shorter of at least seven digits, leading zeros
 * (a trunk or international prefix) aside: +49 30 1234567, 030 1234567
 * and 0049 30 1234567. */
static gboolean
same_number (const char *a,
             const char *b)
{
  gsize la, lb;

  if (a[0] == '\0' || b[0] == '\0')
    return FALSE;
  if (g_str_equal (a, b))
    return TRUE;
  while (a[0] == '0')
    a++;
  while (b[0] == '0')
    b++;
  la = strlen (a);
  lb = strlen (b);
  if (MIN (la, lb) < 7)
    return FALSE;
  return la > lb ? g_str_equal (a + la - lb, b) : g_str_equal (b + lb - la, a);
}

/* Whether the date (and the minute, if @hour >= 0) is that of @time, in
 * local time or in UTC, as programs write either. */
static gboolean
same_time (GDateTime *local,
           GDateTime *utc,
           int        duration,
           int        year,
           int        month,
           int        day,
           int        hour,
           int        minute)
{
  GDateTime *times[] = { local, utc };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) named = NULL;
      GTimeSpan apart;

      if (hour < 0)
        {
          if (g_date_time_get_year (times[i]) == year &&
              g_date_time_get_month (times[i]) == month &&
              g_date_time_get_day_of_month (times[i]) == day)
            return TRUE;
          continue;
        }
      named = g_date_time_new (g_date_time_get_timezone (times[i]), year, month, day, hour,
                               minute, 0);
      if (named == NULL)
        continue;
      /* The file name's minute may be the call's start (the message's
       * length before it came) or its end, give or take a minute. */
      apart = g_date_time_difference (times[i], named);
      if (apart > -G_TIME_SPAN_MINUTE &&
          apart < MAX (duration, 0) * G_TIME_SPAN_SECOND + 2 * G_TIME_SPAN_MINUTE)
        return TRUE;
    }
  return FALSE;
}

struct _HarkFileName
{
  int        year, month, day;  /* 0 if the name has no date */
  int        hour, minute;      /* -1 if it has no time */
  GPtrArray *numbers;           /* (element-type utf8): runs of 4 digits or more */
  char      *words;             /* the rest, folded (fold_words) */
};

/**
 * hark_file_name_new:
 * @file_name: the name of an audio file, e.g. one a mail client or a
 *   script saved as "Alice Jones +1 425 555 0123 2026-11-20 09.14.wav"
 *
 * Reads what the name says of a voice mail: a date and a minute, telephone
 * numbers, words; once, for matching against many messages.
 *
 * Returns: (transfer full): what it says
 */
HarkFileName *
hark_file_name_new (const char *file_name)
{
  static GRegex *date_regex, *number_regex, *copy_regex;
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *rest = NULL;
  HarkFileName *self;

  g_return_val_if_fail (file_name != NULL, NULL);

  if (g_once_init_enter (&date_regex))
    {
      /* +1 (425) 555-0123, 0301234567: digits with single separators. */
      number_regex = g_regex_new ("\\+?\\(?\\d+(?:\\)?[ .-]?\\(?\\d+)*", G_REGEX_OPTIMIZE, 0,
                                  NULL);
      /* A browser's " (2)" for a second download of the same name. */
      copy_regex = g_regex_new ("\\s*\\(\\d{1,3}\\)(?=\\.[^.]*$|$)", G_REGEX_OPTIMIZE, 0, NULL);
      /* 2026-11-20, 20261120, 2026.11.20; then maybe a time: after a
       * space, 09:14 or 09.14; else T0914, _09-14, -091405. */
      g_once_init_leave (&date_regex,
                         g_regex_new ("(?<!\\d)(20\\d\\d)[-_.]?(0[1-9]|1[0-2])[-_.]?"
                                      "(0[1-9]|[12]\\d|3[01])"
                                      "(?|[ ,]{1,3}([01]\\d|2[0-3])[:.h]([0-5]\\d)"
                                      "(?:[:.][0-5]\\d)?"
                                      "|[T_-]?([01]\\d|2[0-3])[:.h_-]?([0-5]\\d)"
                                      "(?:[:._-]?[0-5]\\d)?)?(?!\\d)",
                                      G_REGEX_OPTIMIZE, 0, NULL));
    }

  self = g_new0 (HarkFileName, 1);
  self->hour = self->minute = -1;
  self->numbers = g_ptr_array_new_with_free_func (g_free);
  rest = g_regex_replace_literal (copy_regex, file_name, -1, 0, "", 0, NULL);
  if (rest == NULL)
    rest = g_strdup (file_name);

  if (g_regex_match (date_regex, rest, 0, &info))
    {
      g_autofree char *year = g_match_info_fetch (info, 1);
      g_autofree char *month = g_match_info_fetch (info, 2);
      g_autofree char *day = g_match_info_fetch (info, 3);
      g_autofree char *hour = g_match_info_fetch (info, 4);
      g_autofree char *minute = g_match_info_fetch (info, 5);
      int start, end;

      self->year = atoi (year);
      self->month = atoi (month);
      self->day = atoi (day);
      if (hour != NULL && hour[0] != '\0')
        {
          self->hour = atoi (hour);
          self->minute = atoi (minute);
        }
      /* The date's digits are no telephone number, nor part of one. */
      g_match_info_fetch_pos (info, 0, &start, &end);
      memset (rest + start, '/', end - start);
    }
  g_clear_pointer (&info, g_match_info_free);

  for (g_regex_match (number_regex, rest, 0, &info); g_match_info_matches (info);
       g_match_info_next (info, NULL))
    {
      g_autofree char *run = g_match_info_fetch (info, 0);
      char *digits = digits_of (run);

      if (strlen (digits) >= 4)
        g_ptr_array_add (self->numbers, digits);
      else
        g_free (digits);
    }
  self->words = fold_words (rest);
  return self;
}

/**
 * hark_file_name_free:
 * @self: (transfer full): what hark_file_name_new() read
 */
void
hark_file_name_free (HarkFileName *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->numbers);
  g_free (self->words);
  g_free (self);
}

/**
 * hark_file_name_match:
 * @self: what a file's name says
 * @message: a message
 *
 * How the name fits the message: the caller's number or name in it, the
 * day, the minute. A date, a minute or a telephone number of seven
 * digits or more that is not the message's rules the message out.
 *
 * Returns: what fits, or %HARK_NAME_MATCH_NONE
 */
HarkNameMatch
hark_file_name_match (const HarkFileName *self,
                      HarkMessage        *message)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *caller_digits = NULL;
  HarkNameMatch match = HARK_NAME_MATCH_NONE;
  gboolean other_number = FALSE;

  g_return_val_if_fail (self != NULL, HARK_NAME_MATCH_NONE);
  g_return_val_if_fail (HARK_IS_MESSAGE (message), HARK_NAME_MATCH_NONE);

  if (self->year != 0)
    {
      /* With a minute, the day is the minute's: a call may end after
       * midnight. */
      local = g_date_time_new_from_unix_local (message->received);
      utc = g_date_time_new_from_unix_utc (message->received);
      if (local == NULL || utc == NULL ||
          !same_time (local, utc, message->duration, self->year, self->month, self->day,
                      self->hour, self->minute))
        return HARK_NAME_MATCH_NONE;
      match |= HARK_NAME_MATCH_DAY;
      if (self->hour >= 0)
        match |= HARK_NAME_MATCH_TIME;
    }

  caller_digits = digits_of (message->caller_number != NULL ? message->caller_number : "");
  for (guint i = 0; i < self->numbers->len; i++)
    {
      const char *digits = self->numbers->pdata[i];

      if (same_number (digits, caller_digits))
        match |= HARK_NAME_MATCH_CALLER;
      else if (strlen (digits) >= 7)
        other_number = TRUE;
    }
  if (other_number && !(match & HARK_NAME_MATCH_CALLER))
    return HARK_NAME_MATCH_NONE;

  if (message->caller_name != NULL && name_in (message->caller_name, self->words))
    match |= HARK_NAME_MATCH_CALLER;

  return match;
}
