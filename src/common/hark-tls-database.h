/* hark-tls-database.h: the system's trust, a CA file, and the certificates
 * the user chose to trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HARK_TYPE_TLS_DATABASE (hark_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (HarkTlsDatabase, hark_tls_database, HARK, TLS_DATABASE, GTlsDatabase)

HarkTlsDatabase *hark_tls_database_new          (void);
gboolean         hark_tls_database_set_ca_file  (HarkTlsDatabase     *self,
                                                 const char          *path,
                                                 GError             **error);
void             hark_tls_database_set_pins     (HarkTlsDatabase     *self,
                                                 const char * const  *pins);
GTlsCertificate *hark_tls_database_dup_rejected (HarkTlsDatabase     *self,
                                                 const char          *host,
                                                 GTlsCertificateFlags *errors);
char            *hark_tls_database_dup_last_host (HarkTlsDatabase    *self);

char            *hark_tls_certificate_fingerprint (GTlsCertificate   *certificate);
char            *hark_tls_certificate_pin         (const char        *host,
                                                   GTlsCertificate   *certificate);
char            *hark_tls_describe_errors         (GTlsCertificateFlags errors);

G_END_DECLS
