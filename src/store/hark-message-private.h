/* hark-message-private.h: the fields HarkStore fills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hark-message.h"

G_BEGIN_DECLS

struct _HarkMessage
{
  GObject     parent_instance;

  char       *id;
  char       *message_id;
  char       *role;
  HarkFolder  folder;
  char       *caller_name;
  char       *caller_number;
  gint64      received;
  int         duration;
  gboolean    heard;
  gboolean    urgent;
  char       *subject;
  char       *transcription;
  char       *audio_notes;
  char      **attachments;
  char       *call_id;
};

HarkFolder hark_folder_for_role (const char *role,
                                 gboolean    heard);

G_END_DECLS
