/* hark-tls-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GTlsDatabase over the system's: a chain is good when the system (or the
 * account's CA file) trusts it, or when its leaf certificate is one the user
 * looked at and chose to trust for that host ("pinned" by its SHA-256
 * fingerprint). Nothing else passes. A chain that fails is kept, by host, so
 * that the app can show the user the certificate it refused.
 *
 * glib-networking verifies in its own threads: the pins and the refused
 * certificates are behind a mutex.
 */

#include "config.h"

#include "hark-tls-database.h"

#include <glib/gi18n.h>

struct _HarkTlsDatabase
{
  GTlsDatabase  parent_instance;

  GTlsDatabase *system;
  GTlsDatabase *ca_file;

  GMutex        lock;
  GStrv         pins;
  GHashTable   *rejected;
  char         *last_rejected;
};

G_DEFINE_FINAL_TYPE (HarkTlsDatabase, hark_tls_database, G_TYPE_TLS_DATABASE)

typedef struct {
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  errors;
} Rejected;

static void
rejected_free (Rejected *rejected)
{
  g_object_unref (rejected->certificate);
  g_free (rejected);
}

static char *
identity_host (GSocketConnectable *identity)
{
  if (identity == NULL)
    return NULL;
  if (G_IS_NETWORK_ADDRESS (identity))
    return g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (identity)));
  if (G_IS_NETWORK_SERVICE (identity))
    return g_strdup (g_network_service_get_domain (G_NETWORK_SERVICE (identity)));
  return g_socket_connectable_to_string (identity);
}

static gboolean
is_pinned (HarkTlsDatabase *self,
           const char      *pin)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->pins != NULL && g_strv_contains ((const char * const *)self->pins, pin);
}

/* The system's trust store, loaded when first needed: on the TLS thread of
 * the first connection rather than on the main thread at start-up. */
static GTlsDatabase *
get_system (HarkTlsDatabase *self)
{
  GTlsDatabase *system;

  g_mutex_lock (&self->lock);
  if (self->system == NULL)
    self->system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  system = self->system;
  g_mutex_unlock (&self->lock);
  return system;
}

static GTlsCertificateFlags
hark_tls_database_verify_chain (GTlsDatabase             *database,
                                GTlsCertificate          *chain,
                                const char               *purpose,
                                GSocketConnectable       *identity,
                                GTlsInteraction          *interaction,
                                GTlsDatabaseVerifyFlags   flags,
                                GCancellable             *cancellable,
                                GError                  **error)
{
  HarkTlsDatabase *self = HARK_TLS_DATABASE (database);
  g_autofree char *host = identity_host (identity);
  g_autofree char *pin = NULL;
  g_autoptr(GError) local_error = NULL;
  GTlsCertificateFlags errors;

  errors = g_tls_database_verify_chain (get_system (self), chain, purpose, identity, interaction,
                                        flags, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return errors;
    }
  if (errors == 0)
    return 0;

  if (self->ca_file != NULL &&
      g_tls_database_verify_chain (self->ca_file, chain, purpose, identity, interaction,
                                   flags, cancellable, NULL) == 0)
    return 0;

  pin = hark_tls_certificate_pin (host, chain);
  if (pin != NULL && is_pinned (self, pin))
    return 0;

  if (host != NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      Rejected *rejected = g_new0 (Rejected, 1);

      rejected->certificate = g_object_ref (chain);
      rejected->errors = errors;
      g_free (self->last_rejected);
      self->last_rejected = g_strdup (host);
      g_hash_table_replace (self->rejected, g_steal_pointer (&host), rejected);
    }
  return errors;
}

/* The rest is the system database's. */

static char *
hark_tls_database_create_certificate_handle (GTlsDatabase    *database,
                                             GTlsCertificate *certificate)
{
  return g_tls_database_create_certificate_handle (get_system (HARK_TLS_DATABASE (database)),
                                                   certificate);
}

static GTlsCertificate *
hark_tls_database_lookup_certificate_for_handle (GTlsDatabase             *database,
                                                 const char               *handle,
                                                 GTlsInteraction          *interaction,
                                                 GTlsDatabaseLookupFlags   flags,
                                                 GCancellable             *cancellable,
                                                 GError                  **error)
{
  return g_tls_database_lookup_certificate_for_handle (get_system (HARK_TLS_DATABASE (database)),
                                                       handle, interaction, flags, cancellable,
                                                       error);
}

static GTlsCertificate *
hark_tls_database_lookup_certificate_issuer (GTlsDatabase             *database,
                                             GTlsCertificate          *certificate,
                                             GTlsInteraction          *interaction,
                                             GTlsDatabaseLookupFlags   flags,
                                             GCancellable             *cancellable,
                                             GError                  **error)
{
  return g_tls_database_lookup_certificate_issuer (get_system (HARK_TLS_DATABASE (database)),
                                                   certificate, interaction, flags, cancellable,
                                                   error);
}

static GList *
hark_tls_database_lookup_certificates_issued_by (GTlsDatabase             *database,
                                                 GByteArray               *issuer,
                                                 GTlsInteraction          *interaction,
                                                 GTlsDatabaseLookupFlags   flags,
                                                 GCancellable             *cancellable,
                                                 GError                  **error)
{
  return g_tls_database_lookup_certificates_issued_by (get_system (HARK_TLS_DATABASE (database)),
                                                       issuer, interaction, flags, cancellable,
                                                       error);
}

static void
hark_tls_database_finalize (GObject *object)
{
  HarkTlsDatabase *self = HARK_TLS_DATABASE (object);

  g_clear_object (&self->system);
  g_clear_object (&self->ca_file);
  g_clear_pointer (&self->pins, g_strfreev);
  g_clear_pointer (&self->rejected, g_hash_table_unref);
  g_clear_pointer (&self->last_rejected, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (hark_tls_database_parent_class)->finalize (object);
}

static void
hark_tls_database_class_init (HarkTlsDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GTlsDatabaseClass *database_class = G_TLS_DATABASE_CLASS (klass);

  object_class->finalize = hark_tls_database_finalize;

  database_class->verify_chain = hark_tls_database_verify_chain;
  database_class->create_certificate_handle = hark_tls_database_create_certificate_handle;
  database_class->lookup_certificate_for_handle =
    hark_tls_database_lookup_certificate_for_handle;
  database_class->lookup_certificate_issuer = hark_tls_database_lookup_certificate_issuer;
  database_class->lookup_certificates_issued_by =
    hark_tls_database_lookup_certificates_issued_by;
}

static void
hark_tls_database_init (HarkTlsDatabase *self)
{
  g_mutex_init (&self->lock);
  self->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)rejected_free);
}

HarkTlsDatabase *
hark_tls_database_new (void)
{
  return g_object_new (HARK_TYPE_TLS_DATABASE, NULL);
}

/**
 * hark_tls_database_set_ca_file:
 * @self: a database
 * @path: (nullable): a PEM file of certificate authorities, trusted besides
 *   the system's; %NULL for none
 * @error: where a file that cannot be read says so
 */
gboolean
hark_tls_database_set_ca_file (HarkTlsDatabase  *self,
                               const char       *path,
                               GError          **error)
{
  GTlsDatabase *database = NULL;

  g_return_val_if_fail (HARK_IS_TLS_DATABASE (self), FALSE);

  if (path != NULL && path[0] != '\0')
    {
      database = g_tls_file_database_new (path, error);
      if (database == NULL)
        return FALSE;
    }
  g_clear_object (&self->ca_file);
  self->ca_file = database;
  return TRUE;
}

/**
 * hark_tls_database_set_pins:
 * @self: a database
 * @pins: (nullable) (array zero-terminated=1): from hark_tls_certificate_pin()
 */
void
hark_tls_database_set_pins (HarkTlsDatabase    *self,
                            const char * const *pins)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (HARK_IS_TLS_DATABASE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_strfreev (self->pins);
  self->pins = g_strdupv ((char **)pins);
}

/**
 * hark_tls_database_dup_rejected:
 * @self: a database
 * @host: a host name
 * @errors: (out) (optional): what was wrong with it
 *
 * Returns: (transfer full) (nullable): the last certificate of @host that
 *   was not trusted
 */
GTlsCertificate *
hark_tls_database_dup_rejected (HarkTlsDatabase      *self,
                                const char           *host,
                                GTlsCertificateFlags *errors)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Rejected *rejected;

  g_return_val_if_fail (HARK_IS_TLS_DATABASE (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  rejected = g_hash_table_lookup (self->rejected, host);
  if (rejected == NULL)
    return NULL;
  if (errors != NULL)
    *errors = rejected->errors;
  return g_object_ref (rejected->certificate);
}

/**
 * hark_tls_database_dup_last_host:
 * @self: a database
 *
 * Returns: (transfer full) (nullable): the host whose certificate was
 *   refused last
 */
char *
hark_tls_database_dup_last_host (HarkTlsDatabase *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (HARK_IS_TLS_DATABASE (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return g_strdup (self->last_rejected);
}

/**
 * hark_tls_certificate_fingerprint:
 * @certificate: a certificate
 *
 * Returns: (transfer full): its SHA-256 fingerprint, as people read them:
 *   upper-case hexadecimal pairs between colons
 */
char *
hark_tls_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (text, FALSE);
}

/**
 * hark_tls_certificate_pin:
 * @host: (nullable): the host the certificate is trusted for
 * @certificate: the certificate
 *
 * Returns: (transfer full) (nullable): "HOST FINGERPRINT", as the account's
 *   settings keep it; %NULL without a host
 */
char *
hark_tls_certificate_pin (const char      *host,
                          GTlsCertificate *certificate)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (host == NULL || host[0] == '\0')
    return NULL;
  fingerprint = hark_tls_certificate_fingerprint (certificate);
  return g_strdup_printf ("%s %s", host, fingerprint);
}

/**
 * hark_tls_describe_errors:
 * @errors: what verification found
 *
 * Returns: (transfer full): the problems in words, one sentence each
 */
char *
hark_tls_describe_errors (GTlsCertificateFlags errors)
{
  GString *text = g_string_new (NULL);

#define ADD(flag, words) \
  if (errors & (flag)) \
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", words)

  ADD (G_TLS_CERTIFICATE_UNKNOWN_CA,
       _("It is not signed by an authority this computer trusts."));
  ADD (G_TLS_CERTIFICATE_BAD_IDENTITY, _("It was issued for another server name."));
  ADD (G_TLS_CERTIFICATE_NOT_ACTIVATED, _("It is not valid yet."));
  ADD (G_TLS_CERTIFICATE_EXPIRED, _("It has expired."));
  ADD (G_TLS_CERTIFICATE_REVOKED, _("It has been revoked."));
  ADD (G_TLS_CERTIFICATE_INSECURE, _("It uses an insecure algorithm."));
  ADD (G_TLS_CERTIFICATE_GENERIC_ERROR, _("It could not be checked."));
#undef ADD

  if (text->len == 0)
    g_string_append (text, _("It could not be checked."));
  return g_string_free (text, FALSE);
}
