/* hark-message.h: one voice mail as the store keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * HarkFolder:
 * @HARK_FOLDER_NEW: unheard voice mails not sorted into a folder
 * @HARK_FOLDER_HEARD: heard voice mails not sorted into a folder
 * @HARK_FOLDER_WORK: Hark's Work folder
 * @HARK_FOLDER_FAMILY: Hark's Family folder
 * @HARK_FOLDER_FRIENDS: Hark's Friends folder
 * @HARK_FOLDER_DELETED: Deleted Items
 *
 * The folders a user sees (the new, old, work, family and friends of a
 * voice-mail system, and the deleted ones) on top of Exchange's folders:
 * New and Heard are the unread and read voice mails of the Inbox and any
 * other mail folder.
 */
typedef enum {
  HARK_FOLDER_NEW,     /*< nick=new >*/
  HARK_FOLDER_HEARD,   /*< nick=heard >*/
  HARK_FOLDER_WORK,    /*< nick=work >*/
  HARK_FOLDER_FAMILY,  /*< nick=family >*/
  HARK_FOLDER_FRIENDS, /*< nick=friends >*/
  HARK_FOLDER_DELETED, /*< nick=deleted >*/
} HarkFolder;

#define HARK_N_FOLDERS (HARK_FOLDER_DELETED + 1)

const char *hark_folder_to_nick   (HarkFolder  folder);
gboolean    hark_folder_from_nick (const char *nick,
                                   HarkFolder *folder);

#define HARK_TYPE_MESSAGE (hark_message_get_type ())
G_DECLARE_FINAL_TYPE (HarkMessage, hark_message, HARK, MESSAGE, GObject)

const char  *hark_message_get_id            (HarkMessage *self);
const char  *hark_message_get_message_id    (HarkMessage *self);
HarkFolder   hark_message_get_folder        (HarkMessage *self);
const char  *hark_message_get_role          (HarkMessage *self);
const char  *hark_message_get_caller_name   (HarkMessage *self);
const char  *hark_message_get_caller_number (HarkMessage *self);
const char  *hark_message_get_caller        (HarkMessage *self);
gint64       hark_message_get_received      (HarkMessage *self);
int          hark_message_get_duration      (HarkMessage *self);
gboolean     hark_message_get_heard         (HarkMessage *self);
gboolean     hark_message_get_urgent        (HarkMessage *self);
const char  *hark_message_get_subject       (HarkMessage *self);
const char  *hark_message_get_transcription (HarkMessage *self);
const char  *hark_message_get_audio_notes   (HarkMessage *self);
const char * const *hark_message_get_attachments (HarkMessage *self);
const char  *hark_message_get_call_id       (HarkMessage *self);

/**
 * HarkNameMatch:
 * @HARK_NAME_MATCH_NONE: nothing fits, or something rules the message out
 * @HARK_NAME_MATCH_CALLER: the caller's number or name is in the file name
 * @HARK_NAME_MATCH_DAY: the day the message came is
 * @HARK_NAME_MATCH_TIME: the minute it came is
 *
 * How a saved audio file's name fits a message.
 */
typedef enum {
  HARK_NAME_MATCH_NONE = 0,
  HARK_NAME_MATCH_CALLER = 1 << 0,
  HARK_NAME_MATCH_DAY = 1 << 1,
  HARK_NAME_MATCH_TIME = 1 << 2,
} HarkNameMatch;

typedef struct _HarkFileName HarkFileName;

HarkFileName *hark_file_name_new    (const char         *file_name);
void          hark_file_name_free   (HarkFileName       *self);
HarkNameMatch hark_file_name_match  (const HarkFileName *self,
                                     HarkMessage        *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HarkFileName, hark_file_name_free)

gboolean     hark_message_equal             (HarkMessage *a,
                                             HarkMessage *b);

/* For HarkStore, which fills them. */
HarkMessage *hark_message_new               (void);
void         hark_message_set_heard         (HarkMessage *self,
                                             gboolean     heard);

G_END_DECLS
