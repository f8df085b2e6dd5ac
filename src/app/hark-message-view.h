/* hark-message-view.h: one voice mail, its player and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-message.h"
#include "hark-player.h"

G_BEGIN_DECLS

#define HARK_TYPE_MESSAGE_VIEW (hark_message_view_get_type ())
G_DECLARE_FINAL_TYPE (HarkMessageView, hark_message_view, HARK, MESSAGE_VIEW, AdwBin)

GtkWidget    *hark_message_view_new             (void);
void          hark_message_view_set_message     (HarkMessageView *self,
                                                 HarkMessage     *message);
HarkMessage  *hark_message_view_get_message     (HarkMessageView *self);
void          hark_message_view_set_player      (HarkMessageView *self,
                                                 HarkPlayer      *player);
void          hark_message_view_set_status      (HarkMessageView *self,
                                                 const char      *text,
                                                 gboolean         is_error);
void          hark_message_view_set_phone_visible (HarkMessageView *self,
                                                 gboolean         visible);
AdwHeaderBar *hark_message_view_get_header_bar  (HarkMessageView *self);
GtkWidget    *hark_message_view_get_back_button (HarkMessageView *self);

G_END_DECLS
