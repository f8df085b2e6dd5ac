/* test-ui-setup.c: adding an account, from an address and a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server answers Autodiscover as autodiscover.contoso.test
 * over TLS, behind a test proxy that gives it that name (every SoupSession
 * of the process goes through it: a GProxyResolver of the test's own, by
 * GIO's extension point). A real gnome-keyring-daemon is the secret
 * service, on the test's own bus.
 */

#include "config.h"

#include "app-test.h"
#include "hark-account-setup.h"
#include "hark-preferences-window.h"
#include "hark-secrets.h"
#include "hark-test-files.h"
#include "hark-test-proxy.h"

#include <string.h>

#define EMAIL "alice@contoso.test"

static HarkTestProxy *proxy;
static GSubprocess *keyring;

/* The test proxy, for every session */

typedef GSimpleProxyResolver TestProxyResolver;
typedef GSimpleProxyResolverClass TestProxyResolverClass;

static GType test_proxy_resolver_get_type (void);
static void test_proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestProxyResolver, test_proxy_resolver, G_TYPE_SIMPLE_PROXY_RESOLVER,
                         G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                test_proxy_resolver_iface_init)
                         g_io_extension_point_implement (G_PROXY_RESOLVER_EXTENSION_POINT_NAME,
                                                         g_define_type_id, "hark-test", 100))

static gboolean
test_proxy_resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

/* GSimpleProxyResolver's own lookups; the extension point also wants to
 * know that it is supported. */
static void
test_proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  GProxyResolverInterface *parent = g_type_interface_peek_parent (iface);

  iface->is_supported = test_proxy_resolver_is_supported;
  iface->lookup = parent->lookup;
  iface->lookup_async = parent->lookup_async;
  iface->lookup_finish = parent->lookup_finish;
}

static void
test_proxy_resolver_class_init (TestProxyResolverClass *klass)
{
}

static void
test_proxy_resolver_init (TestProxyResolver *self)
{
  const char *ignore[] = { "127.0.0.1", "localhost", NULL };

  g_simple_proxy_resolver_set_default_proxy (self, hark_test_proxy_get_url (proxy));
  g_simple_proxy_resolver_set_ignore_hosts (self, (char **)ignore);
}

typedef struct {
  UmServer    *server;
  char        *ca;
  gboolean     trust_by_hand;
} Setup;

static void
setup_start (Setup *setup)
{
  g_autofree char *cert = g_build_filename (hark_test_get_certs_dir (), "names.pem", NULL);
  g_autofree char *key = g_build_filename (hark_test_get_certs_dir (), "names-key.pem", NULL);
  g_autoptr(GError) error = NULL;

  setup->server = um_server_new ();
  um_server_account_set_email (um_server_add_demo_account (setup->server, HARK_TEST_USER,
                                                           HARK_TEST_PASSWORD),
                               EMAIL);
  um_server_set_autodiscover (setup->server, UM_SERVER_AUTODISCOVER_SETTINGS, NULL);
  g_assert_true (um_server_set_tls_files (setup->server, cert, key, &error));
  um_server_set_public_url (setup->server, "https://autodiscover.contoso.test");
  g_assert_true (um_server_listen (setup->server, 0, &error));
  g_assert_no_error (error);
  hark_test_proxy_map (proxy, "autodiscover.contoso.test", 443, um_server_get_url (setup->server));
  setup->ca = g_build_filename (hark_test_get_certs_dir (), "ca.pem", NULL);
}

static void
setup_stop (Setup *setup)
{
  um_server_shutdown (setup->server);
  g_clear_object (&setup->server);
  g_free (setup->ca);
}

static HarkAccountSetup *
find_setup (HarkApplication *application)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_ACCOUNT_SETUP (l->data))
      return l->data;
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static char *
lookup_secret (const char *server,
               const char *user)
{
  g_autoptr(HarkSecrets) secrets = hark_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  hark_secrets_lookup_async (secrets, server, user, NULL, HARK_TEST_CB (&result));
  password = hark_secrets_lookup_finish (secrets, hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return password;
}

static gboolean
secret_is_gone (const char *server,
                const char *user)
{
  g_autofree char *password = lookup_secret (server, user);

  return password == NULL;
}

static void
assert_not_in_settings (GSettings  *settings,
                        const char *needle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, needle));
    }
}

static void
add_account (HarkApplication *application,
             HarkWindow      *window,
             gconstpointer    data)
{
  Setup *setup = (Setup *)data;
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                              HARK_TYPE_WINDOW, "main_stack"));
  GListModel *accounts = hark_application_get_accounts (application);
  HarkAccountSetup *assistant;
  g_autoptr(HarkAccount) account = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *pins = NULL;
  g_auto(GStrv) pinned = NULL;
  GSettings *settings;

  /* No account yet: the welcome page, and the assistant from it. */
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
  app_test_screenshot (GTK_WIDGET (window), "welcome.png");
  app_test_activate (GTK_WIDGET (window), "win.add-account", NULL);
  assistant = find_setup (application);
  g_assert_nonnull (assistant);

  /* A wrong password: said so, nothing added, the form kept. */
  hark_account_setup_fill (assistant, EMAIL, "not the password", NULL, NULL,
                           setup->trust_by_hand ? NULL : setup->ca);
  hark_account_setup_sign_in (assistant);
  if (setup->trust_by_hand)
    {
      /* The certificate is shown before anything is sent there. */
      AdwMessageDialog *dialog;

      APP_TEST_WAIT ((dialog = find_dialog ()) != NULL);
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                                "autodiscover.contoso.test"));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "SHA-256"));
      app_test_screenshot (GTK_WIDGET (dialog), "certificate.png");
      app_test_respond (dialog, "trust");
    }
  APP_TEST_WAIT (hark_account_setup_get_error (assistant) != NULL);
  g_assert_nonnull (strstr (hark_account_setup_get_error (assistant), "did not accept"));
  g_assert_cmpstr (hark_account_setup_get_page (assistant), ==, "credentials");
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 0);
  app_test_screenshot (GTK_WIDGET (assistant), "setup-error.png");

  /* The right one. */
  hark_account_setup_fill (assistant, EMAIL, HARK_TEST_PASSWORD, NULL, NULL,
                           setup->trust_by_hand ? NULL : setup->ca);
  hark_account_setup_sign_in (assistant);
  APP_TEST_WAIT (g_list_model_get_n_items (accounts) == 1);
  APP_TEST_WAIT (find_setup (application) == NULL);
  account = g_list_model_get_item (accounts, 0);
  app_test_wait_online (account);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "mailbox");
  g_assert_true (hark_window_get_account (window) == account);
  APP_TEST_WAIT (g_list_model_get_n_items (hark_window_get_visible_messages (window)) > 0);
  g_assert_true (hark_account_get_um_enabled (account));

  /* Its settings: found by Autodiscover; the CA or the pinned certificate. */
  settings = hark_account_get_settings (account);
  g_assert_cmpstr (g_settings_get_string (settings, "email"), ==, EMAIL);
  g_assert_cmpstr (g_settings_get_string (settings, "ews-url"), ==,
                   "https://autodiscover.contoso.test/EWS/Exchange.asmx");
  g_assert_cmpstr (g_settings_get_string (settings, "um-url"), ==,
                   "https://autodiscover.contoso.test/EWS/UM2007Legacy.asmx");
  pinned = g_settings_get_strv (settings, "pinned-certificates");
  pins = g_strjoinv (",", pinned);
  if (setup->trust_by_hand)
    {
      g_assert_cmpuint (g_strv_length (pinned), ==, 1);
      g_assert_true (g_str_has_prefix (pinned[0], "autodiscover.contoso.test "));
    }
  else
    g_assert_cmpstr (pins, ==, "");

  /* The password: in the secret service, under the address. */
  secret = lookup_secret (EMAIL, EMAIL);
  g_assert_cmpstr (secret, ==, HARK_TEST_PASSWORD);

  /* And nowhere else: not in the settings, not in any file Hark wrote
   * (the keyring's own file is encrypted). */
  assert_not_in_settings (settings, HARK_TEST_PASSWORD);
  {
    const char *dirs[] = { g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (),
                           g_get_user_cache_dir () };

    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
      g_assert_cmpuint (hark_test_count_files_containing (dirs[i], HARK_TEST_PASSWORD), ==, 0);
  }

  /* The account is in the app's settings for the next start. */
  {
    g_autoptr(GSettings) app_settings = g_settings_new ("io.github.hark.Hark");
    g_auto(GStrv) ids = g_settings_get_strv (app_settings, "accounts");

    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (ids[0], ==, hark_account_get_id (account));
  }

  /* Removed in Preferences, after a confirmation: the account, its
   * password, back to the welcome page. */
  {
    g_autoptr(GSettings) app_settings = g_settings_new ("io.github.hark.Hark");
    HarkPreferencesWindow *preferences;
    AdwMessageDialog *dialog;
    g_auto(GStrv) ids = NULL;

    preferences = HARK_PREFERENCES_WINDOW (app_test_open_preferences (application));
    gtk_widget_activate (hark_preferences_window_get_widget (preferences,
                                                             "remove_account_button"));
    APP_TEST_WAIT ((dialog = find_dialog ()) != NULL);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), EMAIL));
    app_test_respond (dialog, "remove");

    APP_TEST_WAIT (g_list_model_get_n_items (accounts) == 0);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Hark");
    ids = g_settings_get_strv (app_settings, "accounts");
    g_assert_cmpuint (g_strv_length (ids), ==, 0);
    APP_TEST_WAIT (secret_is_gone (EMAIL, EMAIL));
  }
}

static void
test_with_ca (void)
{
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);
  Setup setup = { 0 };

  setup_start (&setup);
  app_test_run_app (application, add_account, &setup);
  setup_stop (&setup);
}

/* Without the CA: the certificate is shown, trusted by hand, and pinned
 * for that host. */
static void
test_trust_by_hand (void)
{
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);
  Setup setup = { .trust_by_hand = TRUE };

  setup_start (&setup);
  app_test_run_app (application, add_account, &setup);
  setup_stop (&setup);
}

/* Two accounts, each added with the assistant: both in the sidebar with
 * their own badges and messages, each password under its own address;
 * removing one leaves the other as it was. */
static HarkAccount *
sign_in (HarkApplication *application,
         HarkWindow      *window,
         const char      *email,
         const char      *password,
         const char      *ca)
{
  GListModel *accounts = hark_application_get_accounts (application);
  guint before = g_list_model_get_n_items (accounts);
  HarkAccountSetup *assistant;
  HarkAccount *account;

  app_test_activate (GTK_WIDGET (window), "win.add-account", NULL);
  APP_TEST_WAIT ((assistant = find_setup (application)) != NULL);
  hark_account_setup_fill (assistant, email, password, NULL, NULL, ca);
  hark_account_setup_sign_in (assistant);
  APP_TEST_WAIT (g_list_model_get_n_items (accounts) == before + 1);
  APP_TEST_WAIT (find_setup (application) == NULL);
  account = g_list_model_get_item (accounts, before);
  app_test_wait_online (account);
  g_object_unref (account);
  return account;
}

static void
two_accounts (HarkApplication *application,
              HarkWindow      *window,
              gconstpointer    data)
{
  Setup *setup = (Setup *)data;
  GListModel *accounts = hark_application_get_accounts (application);
  HarkAccount *alice, *bob;
  g_autofree char *alice_secret = NULL;
  g_autofree char *bob_secret = NULL;
  HarkMessage *shown;

  alice = sign_in (application, window, EMAIL, HARK_TEST_PASSWORD, setup->ca);
  bob = sign_in (application, window, "bob@contoso.test", "bob's password", setup->ca);
  g_assert_true (alice != bob);
  g_assert_cmpstr (hark_account_get_title (bob), ==, "bob@contoso.test");

  /* Each with its own messages: Bob has one more than Alice. */
  APP_TEST_WAIT (!hark_account_get_syncing (alice) && !hark_account_get_syncing (bob));
  hark_window_select_folder (window, bob, HARK_FOLDER_NEW);
  g_assert_true (hark_window_get_account (window) == bob);
  APP_TEST_WAIT (g_list_model_get_n_items (hark_window_get_visible_messages (window)) ==
                 (guint)hark_store_count (hark_account_get_store (bob), HARK_FOLDER_NEW, FALSE));
  APP_TEST_WAIT (hark_window_get_badge (window, bob, HARK_FOLDER_NEW) ==
                 (guint)hark_store_count (hark_account_get_store (bob), HARK_FOLDER_NEW, TRUE));
  APP_TEST_WAIT (hark_window_get_badge (window, alice, HARK_FOLDER_NEW) ==
                 (guint)hark_store_count (hark_account_get_store (alice), HARK_FOLDER_NEW, TRUE));
  g_assert_cmpint (hark_store_count (hark_account_get_store (bob), HARK_FOLDER_NEW, FALSE), ==,
                   hark_store_count (hark_account_get_store (alice), HARK_FOLDER_NEW, FALSE) + 1);
  shown = g_list_model_get_item (hark_window_get_visible_messages (window), 0);
  {
    g_autoptr(HarkMessage) found = hark_store_find (hark_account_get_store (bob),
                                                    hark_message_get_id (shown));

    g_assert_nonnull (found);
  }
  g_object_unref (shown);
  app_test_screenshot (GTK_WIDGET (window), "two-accounts.png");

  alice_secret = lookup_secret (EMAIL, EMAIL);
  bob_secret = lookup_secret ("bob@contoso.test", "bob@contoso.test");
  g_assert_cmpstr (alice_secret, ==, HARK_TEST_PASSWORD);
  g_assert_cmpstr (bob_secret, ==, "bob's password");

  /* Alice goes; Bob stays, online, with his password. */
  g_object_ref (bob);
  hark_application_remove_account (application, alice);
  APP_TEST_WAIT (g_list_model_get_n_items (accounts) == 1);
  APP_TEST_WAIT (secret_is_gone (EMAIL, EMAIL));
  g_clear_pointer (&bob_secret, g_free);
  bob_secret = lookup_secret ("bob@contoso.test", "bob@contoso.test");
  g_assert_cmpstr (bob_secret, ==, "bob's password");
  g_assert_true (hark_window_get_account (window) == bob);
  g_assert_cmpint (hark_account_get_state (bob), ==, HARK_ACCOUNT_STATE_ONLINE);
  hark_application_remove_account (application, bob);
  APP_TEST_WAIT (secret_is_gone ("bob@contoso.test", "bob@contoso.test"));
  g_object_unref (bob);
}

static void
test_two_accounts (void)
{
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);
  Setup setup = { 0 };

  setup_start (&setup);
  {
    UmServerAccount *bob = um_server_add_demo_account (setup.server, "bob", "bob's password");

    um_server_account_set_email (bob, "bob@contoso.test");
    um_server_deposit_voicemail (setup.server, "bob");
  }
  app_test_run_app (application, two_accounts, &setup);
  setup_stop (&setup);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = NULL;
  int status;

  /* Every session of the process through the test proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "hark-test", TRUE);
  app_test_init (&argc, &argv, TRUE);
  proxy = hark_test_proxy_new ();
  /* GIO's extension points exist once its modules are loaded. */
  g_vfs_get_default ();
  g_type_ensure (test_proxy_resolver_get_type ());

  g_test_add_func ("/ui/setup/autodiscover-with-ca", test_with_ca);
  g_test_add_func ("/ui/setup/trust-by-hand", test_trust_by_hand);
  g_test_add_func ("/ui/setup/two-accounts", test_two_accounts);

  /* One secret service for the whole program, in a folder of its own. */
  keyring_dir = g_dir_make_tmp ("hark-keyring-XXXXXX", NULL);
  g_assert_nonnull (keyring_dir);
  keyring = hark_test_keyring_start (keyring_dir);
  status = g_test_run ();
  hark_test_keyring_stop (g_steal_pointer (&keyring));
  hark_test_remove_tree (keyring_dir);
  return status;
}
