/* hark-call-window.h: plays a voice mail or a greeting on a phone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-account.h"
#include "um-types.h"

G_BEGIN_DECLS

#define HARK_TYPE_CALL_WINDOW (hark_call_window_get_type ())
G_DECLARE_FINAL_TYPE (HarkCallWindow, hark_call_window, HARK, CALL_WINDOW, AdwWindow)

GtkWidget   *hark_call_window_new              (HarkAccount    *account,
                                                HarkMessage    *message);
GtkWidget   *hark_call_window_new_for_greeting (HarkAccount    *account,
                                                UmGreetingType  greeting);
void         hark_call_window_set_number       (HarkCallWindow *self,
                                                const char     *number);
void         hark_call_window_dial             (HarkCallWindow *self);
void         hark_call_window_hang_up          (HarkCallWindow *self);
void         hark_call_window_set_poll_interval (HarkCallWindow *self,
                                                guint           msec);
gboolean     hark_call_window_get_active       (HarkCallWindow *self);
GPtrArray   *hark_call_window_get_timeline     (HarkCallWindow *self);

char        *hark_dial_string_from_input       (const char     *text);

G_END_DECLS
