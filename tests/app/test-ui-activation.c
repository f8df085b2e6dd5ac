/* test-ui-activation.c: another program calls Hark when it is not
 * running, and D-Bus starts it from its service file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test's bus activates io.github.hark.Hark with the service file the
 * build installs (data/), its Exec pointed at the built hark (with the
 * test's display and folders of its own): what a session does with the
 * installed file.
 */

#include "config.h"

#include "app-test.h"

static void
name_cb (GDBusConnection *connection,
         const char      *name,
         const char      *owner,
         gpointer         user_data)
{
  *(int *)user_data = owner != NULL ? 1 : 2;
}

static void
vanished_cb (GDBusConnection *connection,
             const char      *name,
             gpointer         user_data)
{
  *(int *)user_data = 2;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
call (GDBusConnection *bus,
      const char      *interface,
      const char      *method,
      GVariant        *args)
{
  gboolean done = FALSE;

  g_dbus_connection_call (bus, APPLICATION_ID, "/io/github/hark/Hark", interface, method, args,
                          NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, call_cb, &done);
  hark_test_wait_for (&done);
}

/* Watches Hark's name on the bus, which nobody owns yet: @state becomes 1
 * when it is owned, 2 when not. */
static guint
watch_not_running (GDBusConnection *bus,
                   int             *state)
{
  guint watch = g_bus_watch_name_on_connection (bus, APPLICATION_ID,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE, name_cb,
                                                vanished_cb, state, NULL);

  while (*state == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (*state, ==, 2);
  return watch;
}

static void
test_activation (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  int state = 0;
  guint watch;

  /* Not running. */
  watch = watch_not_running (bus, &state);

  /* A call starts it: Activate, as gapplication launch and a click on a
   * notification do; it answers, and owns its name. */
  call (bus, "org.freedesktop.Application", "Activate", g_variant_new ("(a{sv})", NULL));
  while (state != 1)
    g_main_context_iteration (NULL, TRUE);

  /* An action for it, then quit: the name goes. */
  call (bus, "org.gtk.Actions", "Activate",
        g_variant_new ("(sava{sv})", "sync", NULL, NULL));
  call (bus, "org.gtk.Actions", "Activate",
        g_variant_new ("(sava{sv})", "quit", NULL, NULL));
  while (state != 2)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
}

/* Started by a call with no window to show, and no account to watch:
 * it does what it was called for and ends by itself, rather than stay
 * for the whole session (as it would from the login entry of every user
 * of the machine). */
static void
test_nothing_to_watch (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  int state = 0;
  guint watch;
  gint64 end;

  watch = watch_not_running (bus, &state);

  call (bus, "org.gtk.Actions", "Activate", g_variant_new ("(sava{sv})", "sync", NULL, NULL));
  while (state != 1)
    g_main_context_iteration (NULL, TRUE);

  /* GApplication gives a service 10 s for its calls. */
  end = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  while (state != 2 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (state, ==, 2);
  g_bus_unwatch_name (watch);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init_with_service (&argc, &argv, TRUE, g_getenv ("HARK_SERVICE_FILE"));

  g_test_add_func ("/ui/activation/starts-and-quits", test_activation);
  g_test_add_func ("/ui/activation/nothing-to-watch", test_nothing_to_watch);

  return g_test_run ();
}
