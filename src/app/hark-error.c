/* hark-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place where the protocol library's English GErrors become what
 * the user reads: what happened, then what to do. The server's own text is
 * added where it says more than the code.
 */

#include "config.h"

#include "hark-error.h"

#include "hark-player.h"
#include "hark-store.h"
#include "hark-tls-database.h"
#include "um-error.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

static const char *
describe_um (int code)
{
  switch ((UmError)code)
    {
    case UM_ERROR_INVALID_DIAL_STRING:
      return _("That is not a phone number the server can dial. Check the number and try again.");
    case UM_ERROR_DIALING_RULES:
      return _("Your organization does not allow calls to that number. Try another number, "
               "or ask your administrator which numbers are allowed.");
    case UM_ERROR_INVALID_CALL_ID:
      return _("The server no longer knows this call; it may have ended already.");
    case UM_ERROR_INVALID_OBJECT_ID:
    case UM_ERROR_NOT_FOUND:
      return _("The server no longer has this voice mail. Synchronizing will update the list.");
    case UM_ERROR_NOT_UM_ENABLED:
      return _("This mailbox is not enabled for Unified Messaging, so phone features are not "
               "available. Your voice mails can still be listed and played.");
    case UM_ERROR_AUTH_FAILED:
      return _("The server did not accept the user name and password. Enter your password "
               "again.");
    case UM_ERROR_INSECURE:
      return _("The server address does not use HTTPS, so your password would be sent "
               "unprotected. Use an https:// address.");
    case UM_ERROR_NOT_SUPPORTED:
      return _("The server does not offer this feature.");
    case UM_ERROR_SERVER_BUSY:
      return _("The server is busy. Hark will try again in a moment.");
    case UM_ERROR_HTTP:
    case UM_ERROR_MALFORMED_RESPONSE:
    case UM_ERROR_RESPONSE_TOO_LARGE:
      return _("The server sent an answer Hark does not understand. Check the server address; "
               "if it is right, the server may be having problems.");
    case UM_ERROR_AUTODISCOVER:
      return _("No Exchange server could be found for this address. Check the address, or "
               "enter the server's address under Advanced.");
    case UM_ERROR_EXISTS:
    case UM_ERROR_CONFLICT:
    case UM_ERROR_INVALID_SYNC_STATE:
    case UM_ERROR_SUBSCRIPTION:
      return _("The mailbox changed on the server meanwhile. Synchronizing will sort it out.");
    case UM_ERROR_INVALID_REQUEST:
    case UM_ERROR_SCHEMA_VALIDATION:
    case UM_ERROR_SERVER:
    default:
      return _("The server refused the request.");
    }
}

/**
 * hark_error_describe:
 * @error: what went wrong
 *
 * Returns: (transfer full): one or two sentences for the user
 */
char *
hark_error_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == UM_ERROR)
    {
      const char *text = describe_um (error->code);

      if (error->code == UM_ERROR_SERVER || error->code == UM_ERROR_INVALID_REQUEST ||
          error->code == UM_ERROR_SCHEMA_VALIDATION)
        /* Translators: the first %s is a sentence, the second the server's message */
        return g_strdup_printf (_("%s It said: “%s”"), text, error->message);
      return g_strdup (text);
    }

  if (error->domain == G_TLS_ERROR)
    return g_strdup (_("The server's certificate could not be verified, so the connection is "
                       "not safe. Check the certificate before you trust it."));

  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup (_("The server's name could not be found. Check your network connection "
                       "and the server address."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("The server did not answer in time. Check your network connection; "
                       "Hark will try again."));

  if (error->domain == G_IO_ERROR)
    /* Translators: %s says what the system reported */
    return g_strdup_printf (_("The server cannot be reached (%s). Check your network "
                              "connection; Hark will try again."), error->message);

  if (error->domain == HARK_STORE_ERROR)
    return g_strdup_printf (_("Hark's local copy of the mailbox cannot be used: %s. Check that "
                              "the disk has room."), error->message);

  /* HarkPlayer and the others already speak to the user. */
  return g_strdup (error->message);
}

/**
 * hark_certificate_describe:
 * @host: the server
 * @certificate: its certificate
 * @errors: what is wrong with it
 *
 * Returns: (transfer full): what a user needs to decide: the problems, the
 *   subject, the issuer, the validity and the SHA-256 fingerprint
 */
char *
hark_certificate_describe (const char           *host,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors)
{
  g_autofree char *problems = hark_tls_describe_errors (errors);
  g_autofree char *fingerprint = hark_tls_certificate_fingerprint (certificate);
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autoptr(GDateTime) from = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) until = g_tls_certificate_get_not_valid_after (certificate);
  g_autofree char *from_text = from != NULL ? g_date_time_format (from, "%Y-%m-%d") : NULL;
  g_autofree char *until_text = until != NULL ? g_date_time_format (until, "%Y-%m-%d") : NULL;

  /* Translators: the certificate dialog; the placeholders are the host, the
   * problems, subject, issuer, first and last day, and fingerprint */
  return g_strdup_printf (_("The certificate of %s cannot be verified. %s\n\n"
                            "Subject: %s\nIssuer: %s\nValid from %s to %s\n"
                            "SHA-256 fingerprint:\n%s\n\n"
                            "Trust it only if your organization's administrators confirm "
                            "that this is their server's certificate."),
                          host, problems, subject != NULL ? subject : "?",
                          issuer != NULL ? issuer : "?", from_text != NULL ? from_text : "?",
                          until_text != NULL ? until_text : "?", fingerprint);
}
