/* test-ui-notify.c: new voice mail lights the "lamp": desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The notification server is python3-dbusmock's notification_daemon
 * template on the test's own session bus: it logs every call it gets, and
 * emits the signals a user's click would (ActionInvoked). Voice mail is
 * deposited on the demo's reference server, which tells Hark by push.
 */

#include "config.h"

#include "app-test.h"

#include <string.h>

/* The lines of the daemon's log with @method, e.g. "Notify". */
/* The id the server gave the newest notification: it counts up with each
 * Notify that replaces none. */
static guint
newest_id (void)
{
  g_autoptr(GPtrArray) notified = app_test_notification_calls ("Notify");
  guint id = 0;

  for (guint i = 0; i < notified->len; i++)
    if (strstr (notified->pdata[i], "Notify \"Hark\" 0 ") != NULL)
      id++;
  return id;
}

/* What a click on a notification's button does: the server says so. */
static void
invoke_action (guint       id,
               const char *action)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder args;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", g_variant_new_uint32 (id));
  g_variant_builder_add (&args, "v", g_variant_new_string (action));
  g_dbus_connection_call (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                          "org.freedesktop.DBus.Mock", "EmitSignal",
                          g_variant_new ("(sssav)", "org.freedesktop.Notifications",
                                         "ActionInvoked", "us", &args),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, HARK_TEST_CB (&result));
  reply = g_dbus_connection_call_finish (bus, hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static UmServerMessage *
deposit (HarkApplication *application)
{
  UmServerAccount *account = app_test_demo_server_account (application);

  return um_server_deposit_voicemail (hark_application_get_demo_server (application),
                                      um_server_account_get_user (account));
}

static void
notifies (HarkApplication *application,
          HarkWindow      *window,
          gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServerAccount *server_account = app_test_demo_server_account (application);
  HarkPlayer *player = hark_window_get_player (window);
  g_autoptr(GPtrArray) notified = NULL;
  UmServerMessage *first, *second;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  const char *caller;

  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));
  g_assert_cmpuint (app_test_notification_n_calls ("Notify"), ==, 0);

  /* One voice mail: one notification, with the caller, the length and
   * the transcript's first line, and its actions. */
  first = deposit (application);
  first_id = g_strdup (first->id);
  APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == 1);
  notified = app_test_notification_calls ("Notify");
  g_test_message ("%s", (const char *)notified->pdata[0]);
  caller = first->caller_name != NULL && first->caller_name[0] != '\0' ? first->caller_name
                                                                        : first->caller_number;
  g_assert_nonnull (strstr (notified->pdata[0], caller));
  g_assert_nonnull (strstr (notified->pdata[0], "Voice mail from"));
  g_assert_nonnull (strstr (notified->pdata[0], "\"mark-heard\""));
  g_assert_nonnull (strstr (notified->pdata[0], "\"play-message\""));
  g_assert_nonnull (strstr (notified->pdata[0], "\"play-on-phone\""));
  g_assert_nonnull (strstr (notified->pdata[0], "desktop-entry"));
  g_assert_nonnull (strstr (notified->pdata[0], "\"sound-name\": \"message-new-instant\""));
  /* Exactly one. */
  app_test_iterate (2500);
  g_assert_cmpuint (app_test_notification_n_calls ("Notify"), ==, 1);

  /* Heard elsewhere (another client, the phone): the notification goes. */
  um_server_mailbox_set_read (um_server_account_get_mailbox (server_account), first, TRUE);
  APP_TEST_WAIT (app_test_notification_n_calls ("CloseNotification") == 1);

  /* Another; Play on the notification plays it in the window. */
  second = deposit (application);
  second_id = g_strdup (second->id);
  APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == 2);
  invoke_action (2, "play-message");
  APP_TEST_WAIT (hark_window_get_message (window) != NULL &&
                 g_str_equal (hark_message_get_id (hark_window_get_message (window)),
                              second_id) &&
                 hark_player_get_state (player) == HARK_PLAYER_STATE_PLAYING);
  /* Played, so heard: withdrawn too. */
  APP_TEST_WAIT (app_test_notification_n_calls ("CloseNotification") == 2);

  /* Two at once: the first's notification becomes a summary with the
   * count, in place (the same id, replaced); it goes when both are read. */
  {
    UmServerMailbox *mailbox = um_server_account_get_mailbox (server_account);
    UmServerMessage *third = deposit (application);
    UmServerMessage *fourth = deposit (application);

    APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == 4);
    app_test_iterate (2500);
    g_assert_cmpuint (app_test_notification_n_calls ("Notify"), ==, 4);
    g_clear_pointer (&notified, g_ptr_array_unref);
    notified = app_test_notification_calls ("Notify");
    g_test_message ("%s", (const char *)notified->pdata[3]);
    g_assert_nonnull (strstr (notified->pdata[3], "\"2 new voice mails\""));
    /* Notify's second argument, replaces_id: the third notification's. */
    g_assert_nonnull (strstr (notified->pdata[2], "Notify \"Hark\" 0 "));
    g_assert_nonnull (strstr (notified->pdata[3], "Notify \"Hark\" 3 "));

    /* One more while the summary is up: it joins it. */
    {
      UmServerMessage *fifth = deposit (application);

      APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == 5);
      g_clear_pointer (&notified, g_ptr_array_unref);
      notified = app_test_notification_calls ("Notify");
      g_assert_nonnull (strstr (notified->pdata[4], "Notify \"Hark\" 3 "));
      g_assert_nonnull (strstr (notified->pdata[4], "\"3 new voice mails\""));

      /* Read one by one: the count follows, and the summary goes last. */
      um_server_mailbox_set_read (mailbox, third, TRUE);
      APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == 6);
      g_clear_pointer (&notified, g_ptr_array_unref);
      notified = app_test_notification_calls ("Notify");
      g_assert_nonnull (strstr (notified->pdata[5], "\"2 new voice mails\""));
      um_server_mailbox_set_read (mailbox, fourth, TRUE);
      um_server_mailbox_set_read (mailbox, fifth, TRUE);
      APP_TEST_WAIT (app_test_notification_n_calls ("CloseNotification") == 3);
      app_test_iterate (1000);
      g_assert_cmpuint (app_test_notification_n_calls ("CloseNotification"), ==, 3);
    }
  }
}

static void
test_notifies (void)
{
  app_test_run_demo (notifies, NULL);
}

/* Notifications switched off in Preferences, for all accounts or for one:
 * none; without sound: silent. */
static void
quiet (HarkApplication *application,
       HarkWindow      *window,
       gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.hark.Hark");
  guint before = app_test_notification_n_calls ("Notify");
  HarkStore *store = hark_account_get_store (account);
  int count;

  g_settings_set_boolean (settings, "notify-new", FALSE);
  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));
  count = hark_store_count (store, HARK_FOLDER_NEW, FALSE);
  deposit (application);
  APP_TEST_WAIT (hark_store_count (store, HARK_FOLDER_NEW, FALSE) == count + 1);
  app_test_iterate (2500);
  g_assert_cmpuint (app_test_notification_n_calls ("Notify"), ==, before);
  g_settings_reset (settings, "notify-new");

  /* On, but not for this account: none either. */
  g_settings_set_boolean (hark_account_get_settings (account), "notify", FALSE);
  deposit (application);
  APP_TEST_WAIT (hark_store_count (store, HARK_FOLDER_NEW, FALSE) == count + 2);
  app_test_iterate (2500);
  g_assert_cmpuint (app_test_notification_n_calls ("Notify"), ==, before);

  /* And for it again, without sound: one, asking for silence. */
  g_settings_set_boolean (hark_account_get_settings (account), "notify", TRUE);
  g_settings_set_boolean (settings, "notify-sound", FALSE);
  deposit (application);
  APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == before + 1);
  {
    g_autoptr(GPtrArray) notified = app_test_notification_calls ("Notify");

    g_assert_nonnull (strstr (notified->pdata[before], "\"suppress-sound\": True"));
  }
  g_settings_reset (settings, "notify-sound");
}

static void
test_quiet (void)
{
  app_test_run_demo (quiet, NULL);
}

static HarkWindow *
main_window (HarkApplication *application)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Running in the background with the window closed: a notification's
 * Play opens a window on that message and plays it. */
static void
window_closed (HarkApplication *application,
               HarkWindow      *window,
               gconstpointer    data)
{
  UmServer *server = (UmServer *)data;
  g_autoptr(GSettings) settings = hark_account_settings_new ("background");
  g_autofree char *ews = g_strconcat (um_server_get_url (server), "/EWS/Exchange.asmx", NULL);
  g_autofree char *um = g_strconcat (um_server_get_url (server), "/EWS/UM2007Legacy.asmx", NULL);
  g_autoptr(GError) error = NULL;
  HarkWindow *reopened = NULL;
  UmServerMessage *message;
  HarkAccount *account;
  guint before = app_test_notification_n_calls ("Notify");

  g_settings_set_string (settings, "user", HARK_TEST_USER);
  g_settings_set_string (settings, "ews-url", ews);
  g_settings_set_string (settings, "um-url", um);
  account = hark_application_add_account (application, "background", HARK_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));

  /* The window goes; Hark stays (Run in the Background is on). */
  gtk_window_destroy (GTK_WINDOW (window));
  app_test_iterate (300);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (application)));

  message = um_server_deposit_voicemail (server, HARK_TEST_USER);
  APP_TEST_WAIT (app_test_notification_n_calls ("Notify") == before + 1);
  invoke_action (newest_id (), "play-message");
  APP_TEST_WAIT ((reopened = main_window (application)) != NULL &&
                 hark_window_get_message (reopened) != NULL &&
                 g_str_equal (hark_message_get_id (hark_window_get_message (reopened)),
                              message->id) &&
                 hark_player_get_state (hark_window_get_player (reopened)) ==
                   HARK_PLAYER_STATE_PLAYING);
  hark_application_remove_account (application, account);
}

static void
test_window_closed (void)
{
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);
  g_autoptr(UmServer) server = hark_test_server_new ();

  app_test_run_app (application, window_closed, server);
  um_server_shutdown (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app_test_init (&argc, &argv, TRUE);
  app_test_notifications_start ();

  g_test_add_func ("/ui/notify/notifies", test_notifies);
  g_test_add_func ("/ui/notify/quiet", test_quiet);
  g_test_add_func ("/ui/notify/window-closed", test_window_closed);
  status = g_test_run ();

  app_test_notifications_stop ();
  return status;
}
