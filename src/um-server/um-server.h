/* um-server.h: the reference server of [MS-OXWUMS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "um-server-account.h"
#include "um-server-phone.h"

G_BEGIN_DECLS

/**
 * UmServerAutodiscoverMode:
 * @UM_SERVER_AUTODISCOVER_SETTINGS: this server's EwsUrl and UMUrl
 * @UM_SERVER_AUTODISCOVER_EXCHANGE2007: as Exchange 2007: ASUrl and the
 *   /unifiedmessaging/service.asmx UMUrl
 * @UM_SERVER_AUTODISCOVER_REDIRECT_ADDR: redirectAddr to another address
 * @UM_SERVER_AUTODISCOVER_REDIRECT_URL: redirectUrl to another URL
 * @UM_SERVER_AUTODISCOVER_HTTP_REDIRECT: an HTTP 302 to another URL, as the
 *   http://autodiscover.DOMAIN probe expects
 * @UM_SERVER_AUTODISCOVER_NONE: no Autodiscover (404)
 */
typedef enum {
  UM_SERVER_AUTODISCOVER_SETTINGS,
  UM_SERVER_AUTODISCOVER_EXCHANGE2007,
  UM_SERVER_AUTODISCOVER_REDIRECT_ADDR,
  UM_SERVER_AUTODISCOVER_REDIRECT_URL,
  UM_SERVER_AUTODISCOVER_HTTP_REDIRECT,
  UM_SERVER_AUTODISCOVER_NONE,
} UmServerAutodiscoverMode;

#define UM_TYPE_SERVER (um_server_get_type ())
G_DECLARE_FINAL_TYPE (UmServer, um_server, UM, SERVER, GObject)

UmServer        *um_server_new               (void);
UmServerAccount *um_server_add_account       (UmServer    *self,
                                              const char  *user,
                                              const char  *password);
UmServerAccount *um_server_get_account       (UmServer    *self,
                                              const char  *user);
UmServerAccount *um_server_add_demo_account  (UmServer    *self,
                                              const char  *user,
                                              const char  *password);
UmServerPhone   *um_server_get_phone         (UmServer    *self);
gboolean         um_server_set_tls_files     (UmServer    *self,
                                              const char  *certificate_file,
                                              const char  *key_file,
                                              GError     **error);
void             um_server_set_log_dir       (UmServer    *self,
                                              const char  *directory);
void             um_server_set_version       (UmServer    *self,
                                              int          major_version,
                                              int          minor_version,
                                              int          major_build_number,
                                              int          minor_build_number,
                                              const char  *version);
gboolean         um_server_listen            (UmServer    *self,
                                              guint        port,
                                              GError     **error);
const char      *um_server_get_url           (UmServer    *self);
guint            um_server_get_request_count (UmServer    *self);
void             um_server_shutdown          (UmServer    *self);
UmServerMessage *um_server_deposit_voicemail (UmServer    *self,
                                              const char  *user);
void             um_server_set_heartbeat_seconds (UmServer *self,
                                              guint        seconds);
void             um_server_set_attachment_rate (UmServer  *self,
                                              guint        bytes_per_tick);
void             um_server_close_streams     (UmServer    *self);
guint            um_server_get_n_streams     (UmServer    *self);
void             um_server_set_autodiscover  (UmServer    *self,
                                              UmServerAutodiscoverMode mode,
                                              const char  *value);
void             um_server_set_public_url    (UmServer    *self,
                                              const char  *url);

G_END_DECLS
