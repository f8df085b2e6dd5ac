/* app-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test program gets its own Xvfb (so windows never land on the
 * developer's screen and every run has the same 1280×800 display) and its
 * own D-Bus session (GTestDBus), so that the app registers as it would on a
 * desktop. The app runs for real, through g_application_run(); a test is
 * called from its first activation and quits it when done.
 */

#include "config.h"

#include "app-test.h"
#include "hark-preferences-window.h"

#include <glib/gstdio.h>
#include <string.h>

static GSubprocess *xvfb;
static GTestDBus *bus;
static char *system_data_dirs;

static void
stop_display (void)
{
  if (bus != NULL)
    {
      /* Only the daemon: g_test_dbus_down() (and so the unref) would wait
       * for GTK's bus connection, which lives to the end of the process. */
      g_test_dbus_stop (bus);
    }
  if (xvfb != NULL)
    {
      g_subprocess_force_exit (xvfb);
      g_subprocess_wait (xvfb, NULL, NULL);
      g_clear_object (&xvfb);
    }
}

static void
start_display (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *display = NULL;

  xvfb = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, "Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                           "-nolisten", "tcp", "-noreset", NULL);
  if (xvfb == NULL)
    g_error ("Xvfb cannot be started (install xvfb): %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (xvfb));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL)
    g_error ("Xvfb said no display number: %s", error != NULL ? error->message : "EOF");
  display = g_strdup_printf (":%s", g_strstrip (line));
  g_setenv ("DISPLAY", display, TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  g_setenv ("GDK_BACKEND", "x11", TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * app_test_init:
 * @argc: main()'s
 * @argv: main()'s
 * @display: whether the tests open windows
 *
 * g_test_init(), then a private display and session bus, then GTK.
 */
void
app_test_init (int      *argc,
               char   ***argv,
               gboolean  display)
{
  app_test_init_with_service (argc, argv, display, NULL);
}

/* A D-Bus service file for the test's bus, as an installed one but
 * starting @exec with the test's display and folders of its own. */
static char *
write_service (const char *service_file,
               const char *exec)
{
  g_autofree char *dir = g_dir_make_tmp ("hark-services-XXXXXX", NULL);
  g_autofree char *services = g_build_filename (dir, "services", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *original = NULL;

  g_assert_true (g_key_file_load_from_file (keys, service_file, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  name = g_key_file_get_string (keys, "D-BUS Service", "Name", &error);
  g_assert_no_error (error);
  original = g_key_file_get_string (keys, "D-BUS Service", "Exec", &error);
  g_assert_no_error (error);
  /* What the installed file starts, the built binary in its place. */
  g_assert_true (g_str_has_suffix (original, "/hark --gapplication-service"));

  g_assert_cmpint (g_mkdir_with_parents (services, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  /* The system's data folders too (the MIME database, icons): the test's
   * own are isolated. */
  line = g_strdup_printf ("/usr/bin/env DISPLAY=%s GDK_BACKEND=x11 HOME=%s XDG_DATA_HOME=%s "
                          "XDG_CONFIG_HOME=%s XDG_CACHE_HOME=%s XDG_DATA_DIRS=%s %s "
                          "--gapplication-service",
                          g_getenv ("DISPLAY"), home, home, home, home, system_data_dirs, exec);
  g_key_file_set_string (keys, "D-BUS Service", "Exec", line);
  contents = g_key_file_to_data (keys, NULL, NULL);
  path = g_build_filename (services, "hark.service", NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&services);
}

/**
 * app_test_init_with_service:
 * @argc: main()'s
 * @argv: main()'s
 * @display: whether the tests open windows
 * @service_file: (nullable): a D-Bus service file of Hark's whose name the
 *   test's bus activates, starting @HARK_APP_BIN (with @display's display)
 *
 * As app_test_init(), with D-Bus activation.
 */
void
app_test_init_with_service (int         *argc,
                            char      ***argv,
                            gboolean     display,
                            const char  *service_file)
{
  g_autofree char *display_name = NULL;
  g_autofree char *services = NULL;

  /* The isolated folders of each test case hide the system's data too:
   * the MIME database and the icon themes GTK needs. They are given to GIO
   * and GTK directly; what Hark writes stays isolated. */
  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") != NULL
                                 ? g_getenv ("XDG_DATA_DIRS")
                                 : "/usr/local/share:/usr/share");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  {
    g_auto(GStrv) dirs = g_strsplit (system_data_dirs, ":", -1);
    g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; dirs[i] != NULL; i++)
      g_ptr_array_add (mime_dirs, g_build_filename (dirs[i], "mime", NULL));
    g_ptr_array_add (mime_dirs, NULL);
    g_content_type_set_mime_dirs ((const char * const *)mime_dirs->pdata);
  }

  /* The display first, for a service file to name it; GTestDBus unsets
   * DISPLAY, so it is set again once the bus is up. */
  if (display)
    {
      start_display ();
      display_name = g_strdup (g_getenv ("DISPLAY"));
    }
  if (service_file != NULL)
    services = write_service (service_file, g_getenv ("HARK_APP_BIN"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  if (services != NULL)
    g_test_dbus_add_service_dir (bus, services);
  g_test_dbus_up (bus);
  atexit (stop_display);
  if (display_name != NULL)
    g_setenv ("DISPLAY", display_name, TRUE);

  if (display)
    {
      g_auto(GStrv) dirs = g_strsplit (system_data_dirs, ":", -1);
      GtkIconTheme *theme;

      gtk_init ();
      adw_init ();
      /* The icon themes, whatever the isolated folders of a test case. */
      theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
      for (guint i = 0; dirs[i] != NULL; i++)
        {
          g_autofree char *icons = g_build_filename (dirs[i], "icons", NULL);

          gtk_icon_theme_add_search_path (theme, icons);
        }
    }

  /* Waits spin the main loop; this keeps them from sleeping past a check. */
  g_timeout_add (20, tick_cb, NULL);
}

typedef struct {
  AppTestFunc   func;
  gconstpointer data;
  gboolean      started;
} Run;

static gboolean
run_cb (gpointer user_data)
{
  HarkApplication *application = user_data;
  Run *run = g_object_get_data (G_OBJECT (application), "app-test-run");
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  run->func (application, HARK_WINDOW (window), run->data);

  /* Close every window, then let the app quit as it would. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;)
    {
      GtkWindow *each = l->data;

      l = l->next;
      /* A focused GtkText warns when its window goes without a focus-out. */
      gtk_window_set_focus (each, NULL);
      gtk_window_destroy (each);
    }
  g_application_quit (G_APPLICATION (application));
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application,
             gpointer      user_data)
{
  Run *run = user_data;

  if (run->started)
    return;
  run->started = TRUE;
  g_idle_add (run_cb, application);
}

/**
 * app_test_run_app:
 * @application: an application, not run yet
 * @func: the test, called with its main window
 * @data: for @func
 */
void
app_test_run_app (HarkApplication *application,
                  AppTestFunc      func,
                  gconstpointer    data)
{
  Run run = { func, data, FALSE };

  g_object_set_data (G_OBJECT (application), "app-test-run", &run);
  g_signal_connect_after (application, "activate", G_CALLBACK (activate_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (application), 0, NULL), ==, 0);
  g_assert_true (run.started);
}

/**
 * app_test_run_demo:
 * @func: the test
 * @data: for @func
 *
 * Runs "hark --demo" in this process, and @func in it.
 */
void
app_test_run_demo (AppTestFunc   func,
                   gconstpointer data)
{
  g_autoptr(HarkApplication) application = hark_application_new (TRUE);

  app_test_run_app (application, func, data);
}

/**
 * app_test_iterate:
 * @msec: how long
 *
 * Lets the main loop run for a while (to let something that must not
 * happen have its chance).
 */
void
app_test_iterate (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64)msec * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

HarkAccount *
app_test_demo_account (HarkApplication *application)
{
  GListModel *accounts = hark_application_get_accounts (application);
  g_autoptr(HarkAccount) account = g_list_model_get_item (accounts, 0);

  g_assert_nonnull (account);
  g_assert_cmpstr (hark_account_get_id (account), ==, "demo");
  return account;
}

UmServerAccount *
app_test_demo_server_account (HarkApplication *application)
{
  UmServer *server = hark_application_get_demo_server (application);

  g_assert_nonnull (server);
  return um_server_get_account (server, "demo");
}

/**
 * app_test_wait_online:
 * @account: an account
 *
 * Waits for the account to be online with its first sync done.
 */
void
app_test_wait_online (HarkAccount *account)
{
  APP_TEST_WAIT (hark_account_get_state (account) == HARK_ACCOUNT_STATE_ONLINE &&
                 !hark_account_get_syncing (account));
}

/**
 * app_test_screenshot:
 * @widget: a realized window (or any widget in one)
 * @name: the file's name, e.g. "main-light.png"
 *
 * Renders the widget as it is on screen into $G_TEST_BUILDDIR/screenshots/
 * NAME: these are the pictures the screenshots of the metainfo are chosen
 * from.
 */
void
app_test_screenshot (GtkWidget  *widget,
                     const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL
                                             ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* Let layout and the frame clock settle first. */
  app_test_iterate (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/**
 * app_test_activate:
 * @widget: a widget in a window
 * @action: "win.play", "app.demo" and so on
 * @parameter: (nullable): its parameter
 *
 * Activates the action as a button, menu item or key would.
 */
void
app_test_activate (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * app_test_find_label:
 * @widget: where to look, with its children
 * @text: what the label says, or part of it
 *
 * Returns: (transfer none) (nullable): a label on screen with @text, e.g.
 *   a toast's (one on a hidden page does not count)
 */
GtkWidget *
app_test_find_label (GtkWidget  *widget,
                     const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * app_test_respond:
 * @dialog: a dialog on screen
 * @response: one of its responses
 *
 * Clicks that response's button, which must be there and enabled.
 */
void
app_test_respond (AdwMessageDialog *dialog,
                  const char       *response)
{
  GtkWidget *button;

  g_assert_true (adw_message_dialog_has_response (dialog, response));
  button = find_button (GTK_WIDGET (dialog), adw_message_dialog_get_response_label (dialog,
                                                                                   response));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

/**
 * app_test_open_preferences:
 * @application: the app, its window on an account
 *
 * Opens Preferences as app.preferences does, once the window's account is
 * online, and waits until it shows the server's values.
 *
 * Returns: (transfer none): the preferences window
 */
GtkWidget *
app_test_open_preferences (HarkApplication *application)
{
  HarkPreferencesWindow *preferences = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_WINDOW (l->data) && hark_window_get_account (l->data) != NULL)
      app_test_wait_online (hark_window_get_account (l->data));
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  return GTK_WIDGET (preferences);
}

/* A notification server on the test's bus */

static GSubprocess *notification_server;
static char *notification_dir;
static char *notification_log;

static void
notification_name_cb (GDBusConnection *connection,
                      const char      *name,
                      const char      *owner,
                      gpointer         user_data)
{
  *(gboolean *)user_data = TRUE;
}

/**
 * app_test_notifications_start:
 *
 * Starts python3-dbusmock's notification server (with actions) on the
 * test's bus, logging every call it gets.
 */
void
app_test_notifications_start (void)
{
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  guint watch;

  notification_dir = g_dir_make_tmp ("hark-notify-XXXXXX", NULL);
  g_assert_nonnull (notification_dir);
  notification_log = g_build_filename (notification_dir, "calls.log", NULL);
  notification_server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                          "/usr/bin/python3", "-m", "dbusmock", "--template",
                                          "notification_daemon", "-l", notification_log, "-p",
                                          "{\"capabilities\": \"body actions persistence\"}",
                                          NULL);
  if (notification_server == NULL)
    g_error ("python3-dbusmock: %s", error->message);
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, notification_name_cb, NULL, &appeared,
                            NULL);
  hark_test_wait_for (&appeared);
  g_bus_unwatch_name (watch);
}

/**
 * app_test_notifications_stop:
 */
void
app_test_notifications_stop (void)
{
  g_subprocess_force_exit (notification_server);
  g_subprocess_wait (notification_server, NULL, NULL);
  g_clear_object (&notification_server);
  g_unlink (notification_log);
  g_rmdir (notification_dir);
  g_clear_pointer (&notification_log, g_free);
  g_clear_pointer (&notification_dir, g_free);
}

/**
 * app_test_notification_calls:
 * @method: e.g. "Notify"
 *
 * Returns: (transfer full): the lines of the server's log with calls of
 *   @method, oldest first (each starts with the time of the call)
 */
GPtrArray *
app_test_notification_calls (const char *method)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *needle = g_strdup_printf (" %s ", method);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (notification_log, &contents, NULL, NULL))
    return found;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      g_ptr_array_add (found, g_strdup (lines[i]));
  return found;
}

/**
 * app_test_notification_n_calls:
 * @method: e.g. "Notify"
 *
 * Returns: how many calls of @method the server got
 */
guint
app_test_notification_n_calls (const char *method)
{
  g_autoptr(GPtrArray) found = app_test_notification_calls (method);

  return found->len;
}
