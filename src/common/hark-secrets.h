/* hark-secrets.h: passwords in the secret service, and nowhere else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HARK_TYPE_SECRETS (hark_secrets_get_type ())
G_DECLARE_FINAL_TYPE (HarkSecrets, hark_secrets, HARK, SECRETS, GObject)

HarkSecrets *hark_secrets_new           (void);
void         hark_secrets_lookup_async  (HarkSecrets          *self,
                                         const char           *server,
                                         const char           *user,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char        *hark_secrets_lookup_finish (HarkSecrets          *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void         hark_secrets_store_async   (HarkSecrets          *self,
                                         const char           *server,
                                         const char           *user,
                                         const char           *password,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     hark_secrets_store_finish  (HarkSecrets          *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void         hark_secrets_clear_async   (HarkSecrets          *self,
                                         const char           *server,
                                         const char           *user,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     hark_secrets_clear_finish  (HarkSecrets          *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
