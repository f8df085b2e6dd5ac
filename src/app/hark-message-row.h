/* hark-message-row.h: one voice mail in the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hark-message.h"

G_BEGIN_DECLS

#define HARK_TYPE_MESSAGE_ROW (hark_message_row_get_type ())
G_DECLARE_FINAL_TYPE (HarkMessageRow, hark_message_row, HARK, MESSAGE_ROW, GtkWidget)

GtkWidget   *hark_message_row_new         (void);
void         hark_message_row_set_message (HarkMessageRow *self,
                                           HarkMessage    *message);
HarkMessage *hark_message_row_get_message (HarkMessageRow *self);

char        *hark_format_duration         (int             seconds);
char        *hark_format_received         (gint64          received,
                                           gboolean        full);
char        *hark_format_caller           (HarkMessage    *message);
char        *hark_first_line              (const char     *text);

G_END_DECLS
