/* um-autodiscover.h: finds the EWS and UM endpoints from an e-mail address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define UM_NS_AUTODISCOVER_REQUEST \
  "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
#define UM_NS_AUTODISCOVER_RESPONSE \
  "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
#define UM_NS_AUTODISCOVER_OUTLOOK \
  "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

/* How many redirections (redirectAddr, redirectUrl, HTTP) before giving up. */
#define UM_AUTODISCOVER_MAX_REDIRECTS 10

/**
 * UmAutodiscoverResult:
 * @email: the mailbox's address (AutoDiscoverSMTPAddress, else the one asked
 *   for, after redirectAddr answers)
 * @display_name: the user's name, or %NULL
 * @ews_url: the EWS endpoint (EwsUrl, else ASUrl)
 * @um_url: the UM web service (UMUrl), or %NULL
 * @found_at: the Autodiscover URL that answered
 * @exchange2007: whether the answer was Exchange 2007's (no EwsUrl)
 */
typedef struct {
  char     *email;
  char     *display_name;
  char     *ews_url;
  char     *um_url;
  char     *found_at;
  gboolean  exchange2007;
} UmAutodiscoverResult;

#define UM_TYPE_AUTODISCOVER_RESULT (um_autodiscover_result_get_type ())
GType                 um_autodiscover_result_get_type (void) G_GNUC_CONST;
UmAutodiscoverResult *um_autodiscover_result_copy     (const UmAutodiscoverResult *result);
void                  um_autodiscover_result_free     (UmAutodiscoverResult       *result);
UmAutodiscoverResult *um_autodiscover_parse           (const char                 *data,
                                                       gsize                       size,
                                                       char                      **redirect_addr,
                                                       char                      **redirect_url,
                                                       GError                    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmAutodiscoverResult, um_autodiscover_result_free)

#define UM_TYPE_AUTODISCOVER (um_autodiscover_get_type ())
G_DECLARE_FINAL_TYPE (UmAutodiscover, um_autodiscover, UM, AUTODISCOVER, GObject)

UmAutodiscover       *um_autodiscover_new                (void);
SoupSession          *um_autodiscover_get_session        (UmAutodiscover      *self);
void                  um_autodiscover_set_tls_database   (UmAutodiscover      *self,
                                                          GTlsDatabase        *database);
void                  um_autodiscover_set_proxy_resolver (UmAutodiscover      *self,
                                                          GProxyResolver      *resolver);
void                  um_autodiscover_set_resolver       (UmAutodiscover      *self,
                                                          GResolver           *resolver);
GPtrArray            *um_autodiscover_get_tried          (UmAutodiscover      *self);
void                  um_autodiscover_run_async          (UmAutodiscover      *self,
                                                          const char          *email,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
UmAutodiscoverResult *um_autodiscover_run_finish         (UmAutodiscover      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
