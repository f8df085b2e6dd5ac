/* hark-application.h: the Hark application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-account.h"
#include "um-server.h"

G_BEGIN_DECLS

#define HARK_TYPE_APPLICATION (hark_application_get_type ())
G_DECLARE_FINAL_TYPE (HarkApplication, hark_application, HARK, APPLICATION, AdwApplication)

HarkApplication *hark_application_new             (gboolean          demo);
GListModel      *hark_application_get_accounts    (HarkApplication  *self);
GSettings       *hark_application_get_settings    (HarkApplication  *self);
gboolean         hark_application_get_demo        (HarkApplication  *self);
UmServer        *hark_application_get_demo_server (HarkApplication  *self);
HarkAccount     *hark_application_start_demo      (HarkApplication  *self,
                                                   GError          **error);
HarkAccount     *hark_application_add_account     (HarkApplication  *self,
                                                   const char       *id,
                                                   const char       *password,
                                                   GError          **error);
void             hark_application_remove_account  (HarkApplication  *self,
                                                   HarkAccount      *account);

G_END_DECLS
