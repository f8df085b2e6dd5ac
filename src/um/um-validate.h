/* um-validate.h: what the client checks before it sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean um_validate_call_id     (const char  *call_id,
                                  GError     **error);
gboolean um_validate_base64_id   (const char  *id,
                                  GError     **error);
gboolean um_validate_dial_string (const char  *dial_string,
                                  GError     **error);
gboolean um_validate_xml_text    (const char  *text);

G_END_DECLS
