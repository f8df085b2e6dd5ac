/* test-ui-preferences.c: the mailbox's settings round-trip to the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each control starts at the server's value, writes through on change, and
 * goes back (with the reason) when the server refuses.
 */

#include "config.h"

#include "app-test.h"
#include "hark-preferences-window.h"

static GtkWidget *
widget (HarkPreferencesWindow *preferences,
        const char            *name)
{
  GtkWidget *found = hark_preferences_window_get_widget (preferences, name);

  g_assert_nonnull (found);
  return found;
}

/* What the server has for a folder the store knows. */
static char *
entry_id_of (HarkApplication *application,
             const char      *role)
{
  HarkAccount *account = app_test_demo_account (application);
  g_autofree char *folder_id = hark_store_dup_folder_id (hark_account_get_store (account), role);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *entry_id;

  g_assert_nonnull (folder_id);
  um_mailbox_convert_id_async (hark_account_get_mailbox (account), folder_id,
                               UM_ID_FORMAT_EWS_ID, UM_ID_FORMAT_ENTRY_ID, NULL,
                               HARK_TEST_CB (&result));
  entry_id = um_mailbox_convert_id_finish (hark_account_get_mailbox (account),
                                           hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return entry_id;
}

static void
round_trip (HarkApplication *application,
            HarkWindow      *window,
            gconstpointer    data)
{
  UmServerAccount *server = app_test_demo_server_account (application);
  HarkPreferencesWindow *preferences =
    HARK_PREFERENCES_WINDOW (app_test_open_preferences (application));
  GtkWidget *oof = widget (preferences, "oof_switch");
  GtkWidget *missed = widget (preferences, "missed_call_switch");
  GtkWidget *dial = widget (preferences, "dial_string_row");
  GtkWidget *folder = widget (preferences, "folder_row");
  g_autofree char *work = entry_id_of (application, "work");
  guint resets = um_server_account_get_pin_resets (server);
  AdwMessageDialog *dialog = NULL;
  GList *toplevels;

  /* The demo ends with its window: nothing to run in the background. */
  g_assert_false (gtk_widget_get_visible (widget (preferences, "background_row")));

  /* The server's values, as they are. */
  g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (oof)), ==,
                   um_server_account_get_oof_status (server));
  g_assert_cmpint (gtk_switch_get_active (GTK_SWITCH (missed)), ==,
                   um_server_account_get_missed_call_notification_enabled (server));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dial)), ==,
                   um_server_account_get_play_on_phone_dial_string (server));
  /* The demo's folder is none Hark knows: "Another Folder". */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (folder)), ==, 4);
  app_test_screenshot (GTK_WIDGET (preferences), "preferences.png");

  /* Out of office on, then off. */
  g_assert_false (um_server_account_get_oof_status (server));
  gtk_switch_set_active (GTK_SWITCH (oof), TRUE);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_true (um_server_account_get_oof_status (server));
  gtk_switch_set_active (GTK_SWITCH (oof), FALSE);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_false (um_server_account_get_oof_status (server));

  /* Missed-call notifications off, then on. */
  g_assert_true (um_server_account_get_missed_call_notification_enabled (server));
  gtk_switch_set_active (GTK_SWITCH (missed), FALSE);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_false (um_server_account_get_missed_call_notification_enabled (server));
  gtk_switch_set_active (GTK_SWITCH (missed), TRUE);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_true (um_server_account_get_missed_call_notification_enabled (server));

  /* The default number, as typed. */
  gtk_editable_set_text (GTK_EDITABLE (dial), "+1 425 555 0177");
  g_signal_emit_by_name (dial, "apply");
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (server), ==,
                   "+1-425-555-0177");
  g_assert_cmpstr (hark_account_get_properties (app_test_demo_account (application))
                     ->play_on_phone_dial_string, ==, "+1-425-555-0177");

  /* The folder read over the phone: Work, by its EntryID. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (folder), 1);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (server), ==, work);

  /* Reset PIN, confirmed. */
  g_signal_emit_by_name (widget (preferences, "reset_pin_button"), "clicked");
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  app_test_respond (dialog, "reset");
  APP_TEST_WAIT (um_server_account_get_pin_resets (server) == resets + 1);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_null (hark_preferences_window_get_last_error (preferences));
}

static void
test_round_trip (void)
{
  app_test_run_demo (round_trip, NULL);
}

/* Refused: the dialing rules refuse a premium default number; a mailbox
 * that lost UM refuses a switch. Each control shows the server's value
 * again, and says why. */
static void
refused (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  UmServerAccount *server = app_test_demo_server_account (application);
  HarkPreferencesWindow *preferences =
    HARK_PREFERENCES_WINDOW (app_test_open_preferences (application));
  GtkWidget *oof = widget (preferences, "oof_switch");
  GtkWidget *dial = widget (preferences, "dial_string_row");
  g_autofree char *number = g_strdup (um_server_account_get_play_on_phone_dial_string (server));

  gtk_editable_set_text (GTK_EDITABLE (dial), "+1 900 555 0199");
  g_signal_emit_by_name (dial, "apply");
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (server), ==, number);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dial)), ==, number);
  g_assert_nonnull (strstr (hark_preferences_window_get_last_error (preferences),
                            "does not allow calls to that number"));

  um_server_account_set_um_enabled (server, FALSE);
  gtk_switch_set_active (GTK_SWITCH (oof), TRUE);
  APP_TEST_WAIT (!hark_preferences_window_get_busy (preferences));
  g_assert_false (um_server_account_get_oof_status (server));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (oof)));
  g_assert_nonnull (strstr (hark_preferences_window_get_last_error (preferences),
                            "not enabled for Unified Messaging"));
}

static void
test_refused (void)
{
  app_test_run_demo (refused, NULL);
}

/* A mailbox without UM (cloud voice mail, say): messages still list and
 * play; the UM settings are hidden behind one line, and the window offers
 * no play on phone. */
static void
no_um (HarkApplication *application,
       HarkWindow      *window,
       gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServerAccount *server = app_test_demo_server_account (application);
  HarkPreferencesWindow *preferences;
  g_autoptr(HarkMessage) message = NULL;

  app_test_wait_online (account);
  um_server_account_set_um_enabled (server, FALSE);
  hark_account_stop (account);
  hark_account_start (account);
  app_test_wait_online (account);
  g_assert_true (hark_account_get_um_known (account));
  g_assert_false (hark_account_get_um_enabled (account));

  preferences = HARK_PREFERENCES_WINDOW (app_test_open_preferences (application));
  g_assert_false (gtk_widget_get_visible (widget (preferences, "greetings_group")));
  g_assert_false (gtk_widget_get_visible (widget (preferences, "phone_group")));
  g_assert_false (gtk_widget_get_visible (widget (preferences, "security_group")));
  g_assert_true (gtk_widget_get_visible (widget (preferences, "no_um_group")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (widget (preferences, "no_um_label"))),
                            "can still be listed and played"));
  gtk_window_destroy (GTK_WINDOW (preferences));

  APP_TEST_WAIT (g_list_model_get_n_items (hark_window_get_visible_messages (window)) > 0);
  message = g_list_model_get_item (hark_window_get_visible_messages (window), 0);
  g_assert_true (hark_window_select_message (window, hark_message_get_id (message)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "play-on-phone"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "play"));
  app_test_activate (GTK_WIDGET (window), "win.play", NULL);
  APP_TEST_WAIT (hark_player_get_state (hark_window_get_player (window)) ==
                 HARK_PLAYER_STATE_PLAYING);
}

static void
test_no_um (void)
{
  app_test_run_demo (no_um, NULL);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/ui/preferences/round-trip", test_round_trip);
  g_test_add_func ("/ui/preferences/refused", test_refused);
  g_test_add_func ("/ui/preferences/no-um", test_no_um);

  return g_test_run ();
}
