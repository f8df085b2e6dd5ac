/* hark-test-proxy.h: an HTTP proxy that gives test servers host names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HarkTestProxy HarkTestProxy;

HarkTestProxy  *hark_test_proxy_new          (void);
void            hark_test_proxy_free         (HarkTestProxy *proxy);
void            hark_test_proxy_map          (HarkTestProxy *proxy,
                                              const char    *host,
                                              guint16        port,
                                              const char    *target_url);
const char     *hark_test_proxy_get_url      (HarkTestProxy *proxy);
GProxyResolver *hark_test_proxy_get_resolver (HarkTestProxy *proxy);
guint           hark_test_proxy_get_count    (HarkTestProxy *proxy,
                                              const char    *host,
                                              guint16        port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HarkTestProxy, hark_test_proxy_free)

G_END_DECLS
