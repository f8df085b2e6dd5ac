/* hark-error.h: errors in the user's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *hark_error_describe       (const GError         *error);
char *hark_certificate_describe (const char           *host,
                                 GTlsCertificate      *certificate,
                                 GTlsCertificateFlags  errors);

G_END_DECLS
