/* hark-preferences-window.h: the app's and the mailbox's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-account.h"
#include "hark-application.h"

G_BEGIN_DECLS

#define HARK_TYPE_PREFERENCES_WINDOW (hark_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (HarkPreferencesWindow, hark_preferences_window, HARK, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *hark_preferences_window_new         (HarkApplication       *application,
                                                HarkAccount           *account);
GtkWidget *hark_preferences_window_get_widget  (HarkPreferencesWindow *self,
                                                const char            *name);
gboolean   hark_preferences_window_get_busy    (HarkPreferencesWindow *self);
const char *hark_preferences_window_get_last_error (HarkPreferencesWindow *self);

G_END_DECLS
