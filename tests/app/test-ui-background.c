/* test-ui-background.c: running in the background in a sandbox, through
 * org.freedesktop.portal.Background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The portal is this test's own, on the test's session bus: the real
 * xdg-desktop-portal grants the Background portal only to sandboxed apps
 * (it reads their app id from /.flatpak-info) and asks the user through a
 * desktop's dialog, neither of which a test here has. It answers as the
 * portal does (a Request object's Response signal on the path the caller
 * chose with handle_token) and keeps what it was asked. Hark itself runs
 * as in a sandbox, with HARK_USE_PORTAL=1.
 */

#include "config.h"

#include "app-test.h"
#include "hark-preferences-window.h"

#include <string.h>

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct {
  GDBusConnection *bus;
  guint            owner;
  guint            object;
  gboolean         allow;      /* what the user answers */
  guint            delay_ms;   /* how long the user takes */
  GPtrArray       *requests;   /* (element-type GVariant): the options */
  guint            answered;
} Portal;

typedef struct {
  Portal   *portal;
  char     *sender;
  char     *handle;
  gboolean  allow;
  gboolean  autostart;
} Answer;

/* After the method's reply, as the portal answers once the user has. */
static gboolean
answer_cb (gpointer user_data)
{
  Answer *answer = user_data;
  gboolean allow = answer->allow;
  g_autoptr(GError) error = NULL;
  GVariantBuilder results;

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (allow));
  g_variant_builder_add (&results, "{sv}", "autostart",
                         g_variant_new_boolean (allow && answer->autostart));
  g_dbus_connection_emit_signal (answer->portal->bus, answer->sender, answer->handle,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", allow ? 0 : 1, &results), &error);
  g_assert_no_error (error);
  answer->portal->answered++;
  g_free (answer->sender);
  g_free (answer->handle);
  g_free (answer);
  return G_SOURCE_REMOVE;
}

static void
method_cb (GDBusConnection       *connection,
           const char            *sender,
           const char            *path,
           const char            *interface,
           const char            *method,
           GVariant              *parameters,
           GDBusMethodInvocation *invocation,
           gpointer               user_data)
{
  Portal *portal = user_data;
  g_autoptr(GVariant) options = NULL;
  g_autofree char *caller = g_strdup (sender + 1);
  const char *token = NULL;
  Answer *answer;

  g_assert_cmpstr (method, ==, "RequestBackground");
  g_variant_get (parameters, "(&s@a{sv})", NULL, &options);
  g_ptr_array_add (portal->requests, g_variant_ref (options));
  g_assert_true (g_variant_lookup (options, "handle_token", "&s", &token));

  answer = g_new0 (Answer, 1);
  answer->portal = portal;
  answer->allow = portal->allow;
  answer->sender = g_strdup (sender);
  g_strdelimit (caller, ".", '_');
  answer->handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", caller,
                                    token);
  g_variant_lookup (options, "autostart", "b", &answer->autostart);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", answer->handle));
  g_timeout_add (portal->delay_ms, answer_cb, answer);
}

static void
acquired_cb (GDBusConnection *connection,
             const char      *name,
             gpointer         user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
portal_start (Portal *portal)
{
  static const GDBusInterfaceVTable vtable = { method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  /* A connection of its own, as the portal is another process. */
  portal->bus = g_dbus_connection_new_for_address_sync (
    g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  portal->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  portal->object = g_dbus_connection_register_object (portal->bus,
                                                      "/org/freedesktop/portal/desktop",
                                                      info->interfaces[0], &vtable, portal,
                                                      NULL, &error);
  g_assert_no_error (error);
  portal->owner = g_bus_own_name_on_connection (portal->bus, "org.freedesktop.portal.Desktop",
                                                G_BUS_NAME_OWNER_FLAGS_NONE,
                                                acquired_cb, NULL, &owned, NULL);
  hark_test_wait_for (&owned);
}

static void
portal_stop (Portal *portal)
{
  g_bus_unown_name (portal->owner);
  g_dbus_connection_unregister_object (portal->bus, portal->object);
  g_dbus_connection_close_sync (portal->bus, NULL, NULL);
  g_clear_object (&portal->bus);
  g_clear_pointer (&portal->requests, g_ptr_array_unref);
}

static gboolean
asked (Portal   *portal,
       guint     n,
       gboolean  autostart)
{
  GVariant *options;
  gboolean value = !autostart;

  if (portal->requests->len < n)
    return FALSE;
  options = portal->requests->pdata[n - 1];
  g_assert_true (g_variant_lookup (options, "autostart", "b", &value));
  return value == autostart;
}

static GtkSwitch *
background_switch (HarkPreferencesWindow *preferences)
{
  return GTK_SWITCH (hark_preferences_window_get_widget (preferences, "background_switch"));
}

static void
asks_portal (HarkApplication *application,
             HarkWindow      *window,
             gconstpointer    data)
{
  Portal *portal = (Portal *)data;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.hark.Hark");
  g_autofree char *entry = g_strdup_printf ("%s/autostart/%s.desktop", g_get_user_config_dir (),
                                            APPLICATION_ID);
  GVariant *options;
  const char **command = NULL;
  const char *reason = NULL;
  gboolean dbus_activatable = TRUE;
  HarkPreferencesWindow *preferences;

  /* At start, running in the background being on (the default): asked
   * to run on and to start at login as a service. */
  APP_TEST_WAIT (portal->requests->len == 1);
  options = portal->requests->pdata[0];
  g_assert_true (asked (portal, 1, TRUE));
  g_assert_true (g_variant_lookup (options, "commandline", "^a&s", &command));
  g_assert_cmpuint (g_strv_length ((char **)command), ==, 2);
  g_assert_cmpstr (command[0], ==, "hark");
  g_assert_cmpstr (command[1], ==, "--gapplication-service");
  g_free (command);
  g_assert_true (g_variant_lookup (options, "reason", "&s", &reason));
  g_assert_cmpstr (reason, !=, "");
  g_assert_true (g_variant_lookup (options, "dbus-activatable", "b", &dbus_activatable));
  g_assert_false (dbus_activatable);
  /* The desktop keeps the login entry, not Hark. */
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  app_test_iterate (100);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));

  preferences = HARK_PREFERENCES_WINDOW (hark_preferences_window_new (application, NULL));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));

  /* Switched off: no more starting at login. */
  gtk_switch_set_active (background_switch (preferences), FALSE);
  APP_TEST_WAIT (asked (portal, 2, FALSE));

  /* Switched on, and the user says no: the switch goes back off, and
   * the window says where to allow it. */
  portal->allow = FALSE;
  gtk_switch_set_active (background_switch (preferences), TRUE);
  APP_TEST_WAIT (asked (portal, 3, TRUE));
  APP_TEST_WAIT (!g_settings_get_boolean (settings, "run-in-background"));
  g_assert_false (gtk_switch_get_active (background_switch (preferences)));
  APP_TEST_WAIT (app_test_find_label (GTK_WIDGET (window), "Settings") != NULL);
  app_test_screenshot (GTK_WIDGET (window), "background-denied.png");
  /* The switch going off asks again, to not start at login. */
  APP_TEST_WAIT (asked (portal, 4, FALSE) && portal->answered == 4);

  /* An answer that comes after the user moved the switch again is not
   * the answer to the last question: a slow "no" to switching on, then
   * off and on again, allowed; the switch stays on. */
  portal->delay_ms = 500;
  gtk_switch_set_active (background_switch (preferences), TRUE);
  APP_TEST_WAIT (asked (portal, 5, TRUE));
  portal->allow = TRUE;
  gtk_switch_set_active (background_switch (preferences), FALSE);
  gtk_switch_set_active (background_switch (preferences), TRUE);
  APP_TEST_WAIT (asked (portal, 7, TRUE) && portal->answered == 7);
  app_test_iterate (200);
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (gtk_switch_get_active (background_switch (preferences)));
  portal->delay_ms = 0;

  /* No portal at all: said too, and the switch goes back. */
  gtk_switch_set_active (background_switch (preferences), FALSE);
  APP_TEST_WAIT (asked (portal, 8, FALSE) && portal->answered == 8);
  portal_stop (portal);
  gtk_switch_set_active (background_switch (preferences), TRUE);
  APP_TEST_WAIT (!g_settings_get_boolean (settings, "run-in-background"));
  APP_TEST_WAIT (app_test_find_label (GTK_WIDGET (window), "cannot let Hark") != NULL);
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_portal (void)
{
  g_autoptr(HarkApplication) application = NULL;
  Portal portal = { NULL, 0, 0, TRUE, 0, NULL, 0 };

  g_setenv ("HARK_USE_PORTAL", "1", TRUE);
  portal_start (&portal);
  application = hark_application_new (FALSE);
  app_test_run_app (application, asks_portal, &portal);
  g_unsetenv ("HARK_USE_PORTAL");
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/ui/background/portal", test_portal);

  return g_test_run ();
}
