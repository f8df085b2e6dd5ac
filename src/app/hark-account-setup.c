/* hark-account-setup.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * E-mail address and password → Autodiscover (or the server the user gave)
 * → IsUMEnabled and GetUMProperties, which also prove the password → the
 * account's settings, and its password in the secret service.
 *
 * Nothing is trusted behind the user's back: a certificate that does not
 * verify is shown and trusted only for its host if the user says so; an
 * Autodiscover redirection to another host is followed only after asking.
 */

#include "config.h"

#include "hark-account-setup.h"

#include "hark-error.h"
#include "hark-secrets.h"
#include "hark-tls-database.h"
#include "hark-window.h"
#include "um-autodiscover.h"
#include "um-error.h"

#include <glib/gi18n.h>

struct _HarkAccountSetup
{
  AdwWindow             parent_instance;

  GtkWidget            *sign_in_button;
  GtkWidget            *stack;
  GtkWidget            *email_row;
  GtkWidget            *password_row;
  GtkWidget            *error_label;
  GtkWidget            *advanced_row;
  GtkWidget            *server_row;
  GtkWidget            *user_row;
  GtkWidget            *ca_row;
  GtkWidget            *ca_button;
  GtkWidget            *ca_clear_button;
  GtkWidget            *demo_button;
  GtkWidget            *working_page;
  GtkWidget            *spinner;

  HarkApplication      *application;
  GCancellable         *cancellable;
  HarkTlsDatabase      *tls;
  UmAutodiscover       *autodiscover;
  UmClient             *client;
  HarkAccount          *account;

  char                 *email;
  char                 *password;
  char                 *user;
  char                 *ca_file;
  char                 *ews_url;
  char                 *um_url;
  GPtrArray            *pins;
  GPtrArray            *allowed_hosts;
  char                 *refused_redirect;
  char                 *error;
};

G_DEFINE_FINAL_TYPE (HarkAccountSetup, hark_account_setup, ADW_TYPE_WINDOW)

static void set_page (HarkAccountSetup *self, const char *page, const char *text);

static void
forget_password (HarkAccountSetup *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
show_error (HarkAccountSetup *self,
            const char       *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->error_label), text);
  gtk_widget_set_visible (self->error_label, text != NULL);
  set_page (self, "credentials", NULL);
}

static void
set_page (HarkAccountSetup *self,
          const char       *page,
          const char       *text)
{
  gboolean working = g_str_equal (page, "working");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), working);
  gtk_widget_set_sensitive (self->sign_in_button, !working);
  if (text != NULL)
    adw_status_page_set_description (ADW_STATUS_PAGE (self->working_page), text);
}

static char *
non_empty_text (GtkWidget *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_strcmp0 (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The two endpoints from what the user typed: a server, or its EWS URL. */
static gboolean
urls_from_server (HarkAccountSetup *self,
                  const char       *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  g_autofree char *base = NULL;
  const char *scheme;

  if (uri == NULL && strstr (server, "://") == NULL)
    {
      g_autofree char *with_scheme = g_strconcat ("https://", server, NULL);

      uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
    }
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      show_error (self, _("The server address is not a web address. Enter it as "
                          "https://mail.example.com."));
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri))))
    {
      show_error (self, _("The server address must start with https://, so that your password "
                          "travels encrypted."));
      return FALSE;
    }

  base = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD | G_URI_HIDE_QUERY |
                                       G_URI_HIDE_FRAGMENT);
  if (g_str_has_suffix (base, "/EWS/Exchange.asmx"))
    base[strlen (base) - strlen ("/EWS/Exchange.asmx")] = '\0';
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  g_free (self->ews_url);
  g_free (self->um_url);
  self->ews_url = g_strconcat (base, "/EWS/Exchange.asmx", NULL);
  self->um_url = g_strconcat (base, "/EWS/UM2007Legacy.asmx", NULL);
  return TRUE;
}

/* Done: the settings, the secret, the account */

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HarkAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) pins = NULL;
  GtkWindow *parent;

  if (!hark_secrets_store_finish (HARK_SECRETS (object), result, &error))
    {
      /* The account works for this session; the next one asks again. */
      g_message ("The password could not be kept in the secret service: %s", error->message);
      g_clear_error (&error);
    }

  id[8] = '\0';
  settings = hark_account_settings_new (id);
  g_settings_delay (settings);
  g_settings_set_string (settings, "email", self->email != NULL ? self->email : "");
  g_settings_set_string (settings, "user",
                         g_strcmp0 (self->user, self->email) != 0 ? self->user : "");
  g_settings_set_string (settings, "ews-url", self->ews_url != NULL ? self->ews_url : "");
  g_settings_set_string (settings, "um-url", self->um_url != NULL ? self->um_url : "");
  g_settings_set_string (settings, "ca-file", self->ca_file != NULL ? self->ca_file : "");
  pins = g_ptr_array_copy (self->pins, (GCopyFunc)g_strdup, NULL);
  g_ptr_array_set_free_func (pins, g_free);
  g_ptr_array_add (pins, NULL);
  g_settings_set_strv (settings, "pinned-certificates", (const char * const *)pins->pdata);
  g_settings_apply (settings);

  self->account = hark_application_add_account (self->application, id, self->password, &error);
  forget_password (self);
  if (self->account == NULL)
    {
      g_autofree char *text = hark_error_describe (error);

      show_error (self, text);
      return;
    }
  g_object_ref (self->account);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (HARK_IS_WINDOW (parent))
    hark_window_select_account (HARK_WINDOW (parent), self->account);
  gtk_window_close (GTK_WINDOW (self));
}

static void
verified (HarkAccountSetup *self)
{
  g_autoptr(HarkSecrets) secrets = hark_secrets_new ();

  set_page (self, "working", _("Saving your password in the keyring…"));
  hark_secrets_store_async (secrets, self->email != NULL ? self->email : self->ews_url,
                            self->user, self->password, self->cancellable, secret_stored_cb,
                            g_object_ref (self));
}

/* Problems */

static void retry (HarkAccountSetup *self);

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HarkAccountSetup *self)
{
  if (!g_str_equal (response, "trust"))
    {
      show_error (self, _("Hark did not connect, because the server's certificate is not "
                          "trusted."));
      return;
    }
  g_ptr_array_add (self->pins, g_strdup (g_object_get_data (G_OBJECT (dialog), "hark-pin")));
  retry (self);
}

static gboolean
ask_about_certificate (HarkAccountSetup *self)
{
  g_autofree char *host = hark_tls_database_dup_last_host (self->tls);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *body = NULL;
  GTlsCertificateFlags errors = 0;
  GtkWidget *dialog;

  if (host != NULL)
    certificate = hark_tls_database_dup_rejected (self->tls, host, &errors);
  if (certificate == NULL)
    return FALSE;

  body = hark_certificate_describe (host, certificate, errors);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust This Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust This Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hark-pin",
                          hark_tls_certificate_pin (host, certificate), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (trust_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
redirect_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HarkAccountSetup *self)
{
  g_autoptr(GUri) uri = NULL;

  if (!g_str_equal (response, "continue"))
    {
      show_error (self, _("Hark did not send your password to the other server. Enter your "
                          "server's address under Advanced instead."));
      return;
    }
  uri = g_uri_parse (self->refused_redirect, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    g_ptr_array_add (self->allowed_hosts, g_strdup (g_uri_get_host (uri)));
  retry (self);
}

static void
ask_about_redirect (HarkAccountSetup *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->refused_redirect, G_URI_FLAGS_NONE, NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a host name, such as autodiscover.example.net */
  body = g_strdup_printf (_("Your domain sends Hark to %s to find your server. Hark will send "
                            "your address and password there only if you know it belongs to "
                            "your organization."),
                          uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri)
                                                                      : self->refused_redirect);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Use Another Server?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "continue", _("_Continue"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (redirect_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
failed (HarkAccountSetup *self,
        const GError     *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error->domain == G_TLS_ERROR && ask_about_certificate (self))
    return;
  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTODISCOVER) && self->refused_redirect != NULL)
    {
      ask_about_redirect (self);
      return;
    }

  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTH_FAILED))
    text = g_strdup (_("The server did not accept this e-mail address and password. Check "
                       "them; if your user name is not your e-mail address, enter it under "
                       "Advanced."));
  else
    text = hark_error_describe (error);
  show_error (self, text);
  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTH_FAILED))
    gtk_widget_grab_focus (self->password_row);
}

/* Checking the mailbox */

static gboolean
authenticate_cb (GObject          *source,
                 SoupAuth         *auth,
                 gboolean          retrying,
                 HarkAccountSetup *self)
{
  if (retrying || self->password == NULL)
    return FALSE;
  soup_auth_authenticate (auth, self->user, self->password);
  return TRUE;
}

static void
properties_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HarkAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmProperties) properties = NULL;

  properties = um_client_get_um_properties_finish (UM_CLIENT (object), result, &error);
  if (properties == NULL && !g_error_matches (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED))
    {
      failed (self, error);
      return;
    }
  verified (self);
}

static void
um_enabled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HarkAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;

  if (!um_client_is_um_enabled_finish (UM_CLIENT (object), result, &enabled, &error))
    {
      failed (self, error);
      return;
    }
  if (!enabled)
    {
      /* Cloud voice mail, say: the mailbox works, UM settings do not. */
      verified (self);
      return;
    }
  um_client_get_um_properties_async (self->client, self->cancellable, properties_cb,
                                     g_object_ref (self));
}

static void
folders_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HarkAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = NULL;

  folders = um_mailbox_get_folders_finish (UM_MAILBOX (object), result, &error);
  if (folders == NULL)
    {
      failed (self, error);
      return;
    }
  verified (self);
}

static void
check_mailbox (HarkAccountSetup *self)
{
  set_page (self, "working", _("Checking your mailbox…"));
  g_clear_object (&self->client);
  self->client = um_client_new (self->um_url, self->ews_url);
  um_client_set_tls_database (self->client, G_TLS_DATABASE (self->tls));
  g_signal_connect (self->client, "authenticate", G_CALLBACK (authenticate_cb), self);

  if (self->um_url != NULL)
    um_client_is_um_enabled_async (self->client, self->cancellable, um_enabled_cb,
                                   g_object_ref (self));
  else
    {
      g_autoptr(UmMailbox) mailbox = um_mailbox_new (self->client, self->email);
      const char *inbox[] = { "inbox", NULL };

      um_mailbox_get_folders_async (mailbox, inbox, self->cancellable, folders_cb,
                                    g_object_ref (self));
    }
}

/* Autodiscover */

static gboolean
confirm_redirect_cb (UmAutodiscover   *autodiscover,
                     const char       *url,
                     HarkAccountSetup *self)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri != NULL && g_uri_get_host (uri) != NULL &&
      g_ptr_array_find_with_equal_func (self->allowed_hosts, g_uri_get_host (uri),
                                        g_str_equal, NULL))
    return TRUE;
  /* Asked about if nothing else is found. */
  g_free (self->refused_redirect);
  self->refused_redirect = g_strdup (url);
  return FALSE;
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HarkAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmAutodiscoverResult) found = NULL;

  found = um_autodiscover_run_finish (UM_AUTODISCOVER (object), result, &error);
  if (found == NULL)
    {
      failed (self, error);
      return;
    }
  g_free (self->ews_url);
  g_free (self->um_url);
  self->ews_url = g_strdup (found->ews_url);
  self->um_url = g_strdup (found->um_url);
  check_mailbox (self);
}

static void
start (HarkAccountSetup *self)
{
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->refused_redirect, g_free);

  g_clear_object (&self->tls);
  self->tls = hark_tls_database_new ();
  if (!hark_tls_database_set_ca_file (self->tls, self->ca_file, &error))
    {
      /* Translators: %s says why the file cannot be used */
      g_autofree char *text = g_strdup_printf (_("The CA file cannot be used: %s"),
                                               error->message);

      show_error (self, text);
      return;
    }
  g_ptr_array_add (self->pins, NULL);
  hark_tls_database_set_pins (self->tls, (const char * const *)self->pins->pdata);
  g_ptr_array_set_size (self->pins, self->pins->len - 1);

  if (self->ews_url != NULL)
    {
      check_mailbox (self);
      return;
    }

  set_page (self, "working", _("Looking for your server…"));
  g_clear_object (&self->autodiscover);
  self->autodiscover = um_autodiscover_new ();
  um_autodiscover_set_tls_database (self->autodiscover, G_TLS_DATABASE (self->tls));
  g_signal_connect (self->autodiscover, "authenticate", G_CALLBACK (authenticate_cb), self);
  g_signal_connect (self->autodiscover, "confirm-redirect", G_CALLBACK (confirm_redirect_cb),
                    self);
  um_autodiscover_run_async (self->autodiscover, self->email, self->cancellable, discovered_cb,
                             g_object_ref (self));
}

static void
retry (HarkAccountSetup *self)
{
  if (self->password == NULL)
    {
      show_error (self, _("Enter your password."));
      return;
    }
  start (self);
}

/* The form */

void
hark_account_setup_sign_in (HarkAccountSetup *self)
{
  g_autofree char *server = NULL;

  g_return_if_fail (HARK_IS_ACCOUNT_SETUP (self));

  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->ews_url, g_free);
  g_clear_pointer (&self->um_url, g_free);
  forget_password (self);
  gtk_widget_set_visible (self->error_label, FALSE);

  self->email = non_empty_text (self->email_row);
  server = non_empty_text (self->server_row);
  self->user = non_empty_text (self->user_row);
  if (self->user == NULL)
    self->user = g_strdup (self->email);
  self->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  if (self->email == NULL && server == NULL)
    {
      show_error (self, _("Enter your e-mail address."));
      gtk_widget_grab_focus (self->email_row);
      return;
    }
  if (server == NULL && strchr (self->email, '@') == NULL)
    {
      show_error (self, _("That is not an e-mail address. Enter it as name@example.com."));
      gtk_widget_grab_focus (self->email_row);
      return;
    }
  if (self->user == NULL)
    {
      show_error (self, _("Enter your user name under Advanced."));
      return;
    }
  if (self->password[0] == '\0')
    {
      forget_password (self);
      show_error (self, _("Enter your password."));
      gtk_widget_grab_focus (self->password_row);
      return;
    }
  if (server != NULL && !urls_from_server (self, server))
    return;

  start (self);
}

static void
sign_in_clicked_cb (GtkButton        *button,
                    HarkAccountSetup *self)
{
  hark_account_setup_sign_in (self);
}

static void
demo_clicked_cb (GtkButton        *button,
                 HarkAccountSetup *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->application), "demo", NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
set_ca_file (HarkAccountSetup *self,
             const char       *path)
{
  g_autofree char *name = path != NULL ? g_path_get_basename (path) : NULL;

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ca_row),
                               name != NULL ? name
                                            : _("Trust certificates signed by this CA (a PEM "
                                                "file)"));
  gtk_widget_set_visible (self->ca_clear_button, path != NULL);
}

static void
ca_chosen_cb (GtkNativeDialog  *dialog,
              int               response,
              HarkAccountSetup *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      set_ca_file (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
ca_clicked_cb (GtkButton        *button,
               HarkAccountSetup *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Certificate Authority"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (ca_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
ca_clear_clicked_cb (GtkButton        *button,
                     HarkAccountSetup *self)
{
  set_ca_file (self, NULL);
}

/* GObject */

static void
hark_account_setup_dispose (GObject *object)
{
  HarkAccountSetup *self = HARK_ACCOUNT_SETUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->autodiscover != NULL)
    g_signal_handlers_disconnect_by_data (self->autodiscover, self);
  g_clear_object (&self->client);
  g_clear_object (&self->autodiscover);
  g_clear_object (&self->tls);
  g_clear_object (&self->account);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_ACCOUNT_SETUP);

  G_OBJECT_CLASS (hark_account_setup_parent_class)->dispose (object);
}

static void
hark_account_setup_finalize (GObject *object)
{
  HarkAccountSetup *self = HARK_ACCOUNT_SETUP (object);

  forget_password (self);
  g_free (self->email);
  g_free (self->user);
  g_free (self->ca_file);
  g_free (self->ews_url);
  g_free (self->um_url);
  g_free (self->refused_redirect);
  g_free (self->error);
  g_ptr_array_unref (self->pins);
  g_ptr_array_unref (self->allowed_hosts);

  G_OBJECT_CLASS (hark_account_setup_parent_class)->finalize (object);
}

static void
hark_account_setup_class_init (HarkAccountSetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hark_account_setup_dispose;
  object_class->finalize = hark_account_setup_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-account-setup.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HarkAccountSetup, name)
  BIND (sign_in_button);
  BIND (stack);
  BIND (email_row);
  BIND (password_row);
  BIND (error_label);
  BIND (advanced_row);
  BIND (server_row);
  BIND (user_row);
  BIND (ca_row);
  BIND (ca_button);
  BIND (ca_clear_button);
  BIND (demo_button);
  BIND (working_page);
  BIND (spinner);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hark_account_setup_init (HarkAccountSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pins = g_ptr_array_new_with_free_func (g_free);
  self->allowed_hosts = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->sign_in_button);
  g_signal_connect (self->sign_in_button, "clicked", G_CALLBACK (sign_in_clicked_cb), self);
  g_signal_connect (self->demo_button, "clicked", G_CALLBACK (demo_clicked_cb), self);
  g_signal_connect (self->ca_button, "clicked", G_CALLBACK (ca_clicked_cb), self);
  g_signal_connect (self->ca_clear_button, "clicked", G_CALLBACK (ca_clear_clicked_cb), self);
}

/**
 * hark_account_setup_new:
 * @application: the application the account is added to
 *
 * Returns: (transfer none): the assistant
 */
GtkWidget *
hark_account_setup_new (HarkApplication *application)
{
  HarkAccountSetup *self;

  g_return_val_if_fail (HARK_IS_APPLICATION (application), NULL);

  self = g_object_new (HARK_TYPE_ACCOUNT_SETUP, "application", application, NULL);
  self->application = application;
  return GTK_WIDGET (self);
}

/**
 * hark_account_setup_fill:
 * @self: the assistant
 * @email: (nullable): the e-mail address
 * @password: (nullable): the password
 * @server: (nullable): a server address (Advanced)
 * @user: (nullable): a user name (Advanced)
 * @ca_file: (nullable): a CA file (Advanced)
 *
 * Fills in the form, as the user would type it.
 */
void
hark_account_setup_fill (HarkAccountSetup *self,
                         const char       *email,
                         const char       *password,
                         const char       *server,
                         const char       *user,
                         const char       *ca_file)
{
  g_return_if_fail (HARK_IS_ACCOUNT_SETUP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email != NULL ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server != NULL ? server : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  set_ca_file (self, ca_file);
  if (server != NULL || user != NULL || ca_file != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->advanced_row), TRUE);
}

/**
 * hark_account_setup_get_error:
 * @self: the assistant
 *
 * Returns: (nullable): what the form says went wrong
 */
const char *
hark_account_setup_get_error (HarkAccountSetup *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT_SETUP (self), NULL);
  return gtk_widget_get_visible (self->error_label) ? self->error : NULL;
}

/**
 * hark_account_setup_get_page:
 * @self: the assistant
 *
 * Returns: "credentials" or "working"
 */
const char *
hark_account_setup_get_page (HarkAccountSetup *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT_SETUP (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

/**
 * hark_account_setup_get_account:
 * @self: the assistant
 *
 * Returns: (transfer none) (nullable): the account it added
 */
HarkAccount *
hark_account_setup_get_account (HarkAccountSetup *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT_SETUP (self), NULL);
  return self->account;
}
