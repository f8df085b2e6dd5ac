/* hark-notifier.h: the message-waiting indicator, as desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hark-application.h"

G_BEGIN_DECLS

#define HARK_TYPE_NOTIFIER (hark_notifier_get_type ())
G_DECLARE_FINAL_TYPE (HarkNotifier, hark_notifier, HARK, NOTIFIER, GObject)

HarkNotifier *hark_notifier_new          (HarkApplication *application);
guint         hark_notifier_get_n_shown  (HarkNotifier    *self);

G_END_DECLS
