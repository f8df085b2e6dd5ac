/* hark-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-account.h"
#include "hark-application.h"
#include "hark-message-view.h"
#include "hark-player.h"

G_BEGIN_DECLS

#define HARK_TYPE_WINDOW (hark_window_get_type ())
G_DECLARE_FINAL_TYPE (HarkWindow, hark_window, HARK, WINDOW, AdwApplicationWindow)

HarkWindow         *hark_window_new                (HarkApplication *application);
void                hark_window_add_accels         (GtkApplication  *application);
HarkAccount        *hark_window_get_account        (HarkWindow      *self);
HarkFolder          hark_window_get_folder         (HarkWindow      *self);
void                hark_window_select_account     (HarkWindow      *self,
                                                    HarkAccount     *account);
void                hark_window_select_folder      (HarkWindow      *self,
                                                    HarkAccount     *account,
                                                    HarkFolder       folder);
gboolean            hark_window_select_message     (HarkWindow      *self,
                                                    const char      *item_id);
HarkMessage        *hark_window_get_message        (HarkWindow      *self);
gboolean            hark_window_open_message       (HarkWindow      *self,
                                                    HarkAccount     *account,
                                                    const char      *item_id,
                                                    const char      *action);
void                hark_window_play_file          (HarkWindow      *self,
                                                    const char      *path);
GListModel         *hark_window_get_visible_messages (HarkWindow    *self);
HarkPlayer         *hark_window_get_player         (HarkWindow      *self);
HarkMessageView    *hark_window_get_message_view   (HarkWindow      *self);
void                hark_window_show_toast         (HarkWindow      *self,
                                                    const char      *text);
const char         *hark_window_get_banner_text    (HarkWindow      *self);
guint               hark_window_get_badge          (HarkWindow      *self,
                                                    HarkAccount     *account,
                                                    HarkFolder       folder);
const char         *hark_window_get_list_page      (HarkWindow      *self);

G_END_DECLS
