/* hark-account.h: one mailbox, as the app sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hark-store.h"
#include "hark-sync.h"
#include "hark-tls-database.h"
#include "um-client.h"
#include "um-mailbox.h"
#include "um-watcher.h"

G_BEGIN_DECLS

typedef enum {
  HARK_ACCOUNT_STATE_IDLE,           /*< nick=idle >*/
  HARK_ACCOUNT_STATE_CONNECTING,     /*< nick=connecting >*/
  HARK_ACCOUNT_STATE_ONLINE,         /*< nick=online >*/
  HARK_ACCOUNT_STATE_OFFLINE,        /*< nick=offline >*/
  HARK_ACCOUNT_STATE_NEEDS_PASSWORD, /*< nick=needs-password >*/
  HARK_ACCOUNT_STATE_UNTRUSTED,      /*< nick=untrusted >*/
} HarkAccountState;

#define HARK_ACCOUNT_SCHEMA_ID "io.github.hark.Hark.Account"
#define HARK_ACCOUNT_SCHEMA_PATH "/io/github/hark/Hark/accounts/"

#define HARK_TYPE_ACCOUNT (hark_account_get_type ())
G_DECLARE_FINAL_TYPE (HarkAccount, hark_account, HARK, ACCOUNT, GObject)

HarkAccount        *hark_account_new                (const char          *id,
                                                     GSettings           *settings,
                                                     const char          *store_dir,
                                                     GError             **error);
GSettings          *hark_account_settings_new       (const char          *id);

const char         *hark_account_get_id             (HarkAccount         *self);
const char         *hark_account_get_title          (HarkAccount         *self);
const char         *hark_account_get_user           (HarkAccount         *self);
const char         *hark_account_get_secret_server  (HarkAccount         *self);
GSettings          *hark_account_get_settings       (HarkAccount         *self);
UmClient           *hark_account_get_client         (HarkAccount         *self);
UmMailbox          *hark_account_get_mailbox        (HarkAccount         *self);
HarkStore          *hark_account_get_store          (HarkAccount         *self);
HarkSync           *hark_account_get_sync           (HarkAccount         *self);
HarkTlsDatabase    *hark_account_get_tls_database   (HarkAccount         *self);

HarkAccountState    hark_account_get_state          (HarkAccount         *self);
const GError       *hark_account_get_error          (HarkAccount         *self);
gboolean            hark_account_get_syncing        (HarkAccount         *self);
UmWatchMode         hark_account_get_watch_mode     (HarkAccount         *self);
gboolean            hark_account_get_first_sync     (HarkAccount         *self);
guint               hark_account_get_progress_done  (HarkAccount         *self);
guint               hark_account_get_progress_total (HarkAccount         *self);
guint               hark_account_get_pending        (HarkAccount         *self);
gboolean            hark_account_get_um_known       (HarkAccount         *self);
gboolean            hark_account_get_um_enabled     (HarkAccount         *self);
const UmProperties *hark_account_get_properties     (HarkAccount         *self);
char               *hark_account_dup_untrusted_host (HarkAccount         *self);

void                hark_account_set_password       (HarkAccount         *self,
                                                     const char          *password);
void                hark_account_set_retry_seconds  (HarkAccount         *self,
                                                     guint                seconds);
void                hark_account_start              (HarkAccount         *self);
void                hark_account_stop               (HarkAccount         *self);
void                hark_account_sync               (HarkAccount         *self);
void                hark_account_trust              (HarkAccount         *self,
                                                     const char          *host,
                                                     GTlsCertificate     *certificate);

gboolean            hark_account_mark               (HarkAccount         *self,
                                                     const char          *item_id,
                                                     gboolean             heard,
                                                     GError             **error);
gboolean            hark_account_move               (HarkAccount         *self,
                                                     const char          *item_id,
                                                     HarkFolder           folder,
                                                     GError             **error);
gboolean            hark_account_delete             (HarkAccount         *self,
                                                     const char          *item_id,
                                                     GError             **error);
gboolean            hark_account_undelete           (HarkAccount         *self,
                                                     const char          *item_id,
                                                     GError             **error);

void                hark_account_fetch_audio_async  (HarkAccount         *self,
                                                     const char          *item_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
char              **hark_account_fetch_audio_finish (HarkAccount         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void                hark_account_refresh_properties (HarkAccount         *self);
void                hark_account_set_properties     (HarkAccount         *self,
                                                     const UmProperties  *properties);
void                hark_account_add_recent_number  (HarkAccount         *self,
                                                     const char          *number);

G_END_DECLS
