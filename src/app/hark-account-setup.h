/* hark-account-setup.h: adds an account from an e-mail address and password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-application.h"

G_BEGIN_DECLS

#define HARK_TYPE_ACCOUNT_SETUP (hark_account_setup_get_type ())
G_DECLARE_FINAL_TYPE (HarkAccountSetup, hark_account_setup, HARK, ACCOUNT_SETUP, AdwWindow)

GtkWidget   *hark_account_setup_new         (HarkApplication  *application);
void         hark_account_setup_fill        (HarkAccountSetup *self,
                                             const char       *email,
                                             const char       *password,
                                             const char       *server,
                                             const char       *user,
                                             const char       *ca_file);
void         hark_account_setup_sign_in     (HarkAccountSetup *self);
const char  *hark_account_setup_get_error   (HarkAccountSetup *self);
const char  *hark_account_setup_get_page    (HarkAccountSetup *self);
HarkAccount *hark_account_setup_get_account (HarkAccountSetup *self);

G_END_DECLS
