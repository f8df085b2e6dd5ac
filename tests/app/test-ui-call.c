/* test-ui-call.c: play on phone against the demo server's simulated phone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server's phone rings, answers, plays and hangs up on its
 * own clock; its rules make some numbers busy or refused. The call window
 * shows each state UmCallMonitor reports, as a timeline.
 */

#include "config.h"

#include "app-test.h"
#include "hark-call-window.h"

static const char *
last_line (HarkCallWindow *window)
{
  GPtrArray *lines = hark_call_window_get_timeline (window);

  return lines->len > 0 ? g_ptr_array_index (lines, lines->len - 1) : "";
}

static gboolean
timeline_has (HarkCallWindow *window,
              const char     *prefix)
{
  GPtrArray *lines = hark_call_window_get_timeline (window);
  static guint reported;

  /* Each new line goes to the log, to read when a wait times out. */
  for (; reported < lines->len; reported++)
    g_test_message ("timeline: %s", (char *)g_ptr_array_index (lines, reported));
  if (reported > lines->len)
    reported = 0;

  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), prefix))
      return TRUE;
  return FALSE;
}

static HarkCallWindow *
open_call (HarkApplication *application,
           HarkWindow      *window)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServerPhone *phone = um_server_get_phone (hark_application_get_demo_server (application));
  g_autoptr(HarkMessage) message = NULL;
  GtkWindow *call;

  um_server_phone_set_ring_time (phone, 0.4);
  um_server_phone_set_play_time (phone, 0.8);
  app_test_wait_online (account);
  APP_TEST_WAIT (g_list_model_get_n_items (hark_window_get_visible_messages (window)) > 0);
  message = g_list_model_get_item (hark_window_get_visible_messages (window), 0);
  g_assert_true (hark_window_select_message (window, hark_message_get_id (message)));

  app_test_activate (GTK_WIDGET (window), "win.play-on-phone", NULL);
  call = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_CALL_WINDOW (l->data))
      call = l->data;
  g_assert_nonnull (call);
  g_assert_true (gtk_window_get_transient_for (call) == GTK_WINDOW (window));
  hark_call_window_set_poll_interval (HARK_CALL_WINDOW (call), 100);
  return HARK_CALL_WINDOW (call);
}

/* Connecting → Connected → Disconnected, the message played to the end. */
static void
walk (HarkApplication *application,
      HarkWindow      *window,
      gconstpointer    data)
{
  HarkCallWindow *call = open_call (application, window);
  HarkAccount *account = app_test_demo_account (application);
  g_auto(GStrv) recent = NULL;

  hark_call_window_set_number (call, "+1 425 555 0142");
  hark_call_window_dial (call);
  g_assert_true (hark_call_window_get_active (call));
  APP_TEST_WAIT (timeline_has (call, "Connecting"));
  APP_TEST_WAIT (timeline_has (call, "Connected"));
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_cmpstr (last_line (call), ==, "Disconnected: The call ended.");

  /* In that order. */
  {
    GPtrArray *lines = hark_call_window_get_timeline (call);
    int connecting = -1, connected = -1;

    for (guint i = 0; i < lines->len; i++)
      {
        if (connecting < 0 && g_str_has_prefix (lines->pdata[i], "Connecting"))
          connecting = i;
        if (connected < 0 && g_str_has_prefix (lines->pdata[i], "Connected"))
          connected = i;
      }
    g_assert_cmpint (connecting, <, connected);
    g_assert_cmpint (connected, <, (int)lines->len - 1);
  }

  /* The number is remembered for next time. */
  recent = g_settings_get_strv (hark_account_get_settings (account), "recent-numbers");
  g_assert_cmpstr (recent[0], ==, "+1-425-555-0142");
  app_test_screenshot (GTK_WIDGET (call), "play-on-phone.png");
}

static void
test_walk (void)
{
  app_test_run_demo (walk, NULL);
}

/* A busy number (555-0100 is, on the demo's phone): the call ends with the
 * cause in words. */
static void
busy (HarkApplication *application,
      HarkWindow      *window,
      gconstpointer    data)
{
  HarkCallWindow *call = open_call (application, window);

  hark_call_window_set_number (call, "+1 (425) 555-0100");
  hark_call_window_dial (call);
  APP_TEST_WAIT (timeline_has (call, "Disconnected"));
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_cmpstr (last_line (call), ==, "Disconnected: The line was busy.");
  g_assert_false (timeline_has (call, "Connected"));
}

static void
test_busy (void)
{
  app_test_run_demo (busy, NULL);
}

/* The dialing rules refuse a premium number; a number that is none is
 * refused too: each explained, and Dial is ready again. */
static void
refused (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  HarkCallWindow *call = open_call (application, window);
  UmServerPhone *phone = um_server_get_phone (hark_application_get_demo_server (application));
  guint calls = um_server_phone_get_n_calls (phone);

  hark_call_window_set_number (call, "+1-900-555-0199");
  hark_call_window_dial (call);
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_true (g_str_has_prefix (last_line (call), "The server did not place the call: "));
  g_assert_nonnull (strstr (last_line (call), "does not allow calls to that number"));

  hark_call_window_set_number (call, "not a number");
  hark_call_window_dial (call);
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_nonnull (strstr (last_line (call), "not a phone number the server can dial"));
  g_assert_cmpuint (um_server_phone_get_n_calls (phone), ==, calls);
}

static void
test_refused (void)
{
  app_test_run_demo (refused, NULL);
}

/* Hang Up ends a call while it plays. */
static void
hang_up (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  HarkCallWindow *call = open_call (application, window);
  UmServerPhone *phone = um_server_get_phone (hark_application_get_demo_server (application));

  um_server_phone_set_play_time (phone, 30);
  hark_call_window_set_number (call, "+1 425 555 0142");
  hark_call_window_dial (call);
  APP_TEST_WAIT (timeline_has (call, "Connected"));
  hark_call_window_hang_up (call);
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_true (g_str_has_prefix (last_line (call), "Disconnected"));
}

static void
test_hang_up (void)
{
  app_test_run_demo (hang_up, NULL);
}

/* A greeting, over the legacy PlayOnPhoneGreeting, the same way. */
static void
greeting (HarkApplication *application,
          HarkWindow      *window,
          gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServerPhone *phone = um_server_get_phone (hark_application_get_demo_server (application));
  HarkCallWindow *call;

  um_server_phone_set_ring_time (phone, 0.3);
  um_server_phone_set_play_time (phone, 0.6);
  app_test_wait_online (account);
  call = HARK_CALL_WINDOW (hark_call_window_new_for_greeting (account,
                                                              UM_GREETING_TYPE_OOF_CUSTOM));
  gtk_window_set_transient_for (GTK_WINDOW (call), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (call));
  hark_call_window_set_poll_interval (call, 100);
  /* The default number is the server's PlayOnPhoneDialString. */
  hark_call_window_dial (call);
  APP_TEST_WAIT (timeline_has (call, "Connected"));
  APP_TEST_WAIT (!hark_call_window_get_active (call));
  g_assert_true (timeline_has (call, "Connecting: +1-425-555-0123"));
  g_assert_cmpstr (last_line (call), ==, "Disconnected: The call ended.");
  gtk_window_destroy (GTK_WINDOW (call));
}

static void
test_greeting (void)
{
  app_test_run_demo (greeting, NULL);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/ui/call/walk", test_walk);
  g_test_add_func ("/ui/call/busy", test_busy);
  g_test_add_func ("/ui/call/refused", test_refused);
  g_test_add_func ("/ui/call/hang-up", test_hang_up);
  g_test_add_func ("/ui/call/greeting", test_greeting);

  return g_test_run ();
}
