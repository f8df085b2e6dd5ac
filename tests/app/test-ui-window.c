/* test-ui-window.c: the main window in demo mode, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "hark --demo" in this process: the reference server with the demo
 * mailbox on loopback, the window on it. Actions go through the window's
 * win.* actions, as its buttons and keys do; what they did is checked in
 * the window, in the store and on the server.
 */

#include "config.h"

#include "app-test.h"

#include <string.h>
#include "hark-message-list.h"
#include "hark-message-view.h"

static const char *
label_text (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  GObject *label = gtk_widget_get_template_child (widget, type, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static guint
n_visible (HarkWindow *window)
{
  return g_list_model_get_n_items (hark_window_get_visible_messages (window));
}

/* The first message of the folder shown, as the store has it. */
static HarkMessage *
first_visible (HarkWindow *window)
{
  return g_list_model_get_item (hark_window_get_visible_messages (window), 0);
}

static UmServerMessage *
server_message (HarkApplication *application,
                const char      *id)
{
  UmServerMailbox *mailbox =
    um_server_account_get_mailbox (app_test_demo_server_account (application));

  return um_server_mailbox_find_message (mailbox, id, NULL);
}

static gboolean
server_is_read (HarkApplication *application,
                const char      *id)
{
  UmServerMessage *message = server_message (application, id);

  return message != NULL && message->is_read;
}

static const char *
server_folder (HarkApplication *application,
               const char      *id)
{
  UmServerMessage *message = server_message (application, id);

  if (message == NULL)
    return NULL;
  return message->folder->distinguished != NULL ? message->folder->distinguished
                                                : message->folder->display_name;
}

/* Where the server has a message now; a move gives it a new id there,
 * which the store follows. */
static const char *
server_folder_now (HarkApplication *application,
                   HarkStore       *store,
                   const char      *id)
{
  g_autoptr(HarkMessage) message = hark_store_find (store, id);

  if (message == NULL)
    return NULL;
  return server_folder (application, hark_message_get_id (message));
}

/* The window opens on the demo mailbox and lists its new messages. */
static void
lists_demo (HarkApplication *application,
            HarkWindow      *window,
            gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkStore *store = hark_account_get_store (account);
  g_autoptr(HarkMessage) first = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  int unheard;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (hark_application_get_demo (application));
  app_test_wait_online (account);

  /* The New folder: every unheard message of the Inbox, newest first, as
   * the store has them; the badge counts them. */
  expected = hark_store_list (store, HARK_FOLDER_NEW, FALSE, -1);
  unheard = hark_store_count (store, HARK_FOLDER_NEW, TRUE);
  g_assert_cmpuint (expected->len, >, 3);
  APP_TEST_WAIT (n_visible (window) == expected->len);
  g_assert_cmpint (hark_window_get_folder (window), ==, HARK_FOLDER_NEW);
  g_assert_cmpstr (hark_window_get_list_page (window), ==, "list");
  first = first_visible (window);
  g_assert_cmpstr (hark_message_get_id (first), ==,
                   hark_message_get_id (g_ptr_array_index (expected, 0)));
  APP_TEST_WAIT (hark_window_get_badge (window, account, HARK_FOLDER_NEW) == (guint)unheard);
  g_assert_cmpuint (unheard, ==, expected->len);

  /* The window's title counts them too. */
  {
    g_autofree char *title = g_strdup_printf ("Hark (%d)", unheard);

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  }

  /* The server's own count of unread voice mail in the Inbox agrees. */
  g_assert_cmpuint (hark_window_get_badge (window, account, HARK_FOLDER_WORK), ==,
                    (guint)hark_store_count (store, HARK_FOLDER_WORK, TRUE));
  g_assert_null (hark_window_get_banner_text (window));

  /* Another folder, from the sidebar. */
  hark_window_select_folder (window, account, HARK_FOLDER_HEARD);
  g_assert_cmpuint (n_visible (window), ==,
                    (guint)hark_store_count (store, HARK_FOLDER_HEARD, FALSE));
  g_assert_cmpuint (n_visible (window), >, 0);
}

static void
test_lists_demo (void)
{
  app_test_run_demo (lists_demo, NULL);
}

/* Selecting a message shows its caller, number, time and transcript. */
static void
shows_details (HarkApplication *application,
               HarkWindow      *window,
               gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkMessageView *view = hark_window_get_message_view (window);
  g_autoptr(HarkMessage) message = NULL;
  GListModel *messages;
  guint n;

  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);

  /* The first message with a name, a number and a transcript. */
  messages = hark_window_get_visible_messages (window);
  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n && message == NULL; i++)
    {
      g_autoptr(HarkMessage) each = g_list_model_get_item (messages, i);

      if (hark_message_get_caller_name (each) != NULL &&
          hark_message_get_caller_number (each) != NULL &&
          hark_message_get_transcription (each) != NULL)
        message = g_steal_pointer (&each);
    }
  g_assert_nonnull (message);

  g_assert_true (hark_window_select_message (window, hark_message_get_id (message)));
  g_assert_true (hark_message_view_get_message (view) != NULL);
  g_assert_cmpstr (hark_message_get_id (hark_message_view_get_message (view)), ==,
                   hark_message_get_id (message));
  g_assert_cmpstr (label_text (GTK_WIDGET (view), HARK_TYPE_MESSAGE_VIEW, "caller_label"), ==,
                   hark_message_get_caller_name (message));
  g_assert_cmpstr (label_text (GTK_WIDGET (view), HARK_TYPE_MESSAGE_VIEW, "number_label"), ==,
                   hark_message_get_caller_number (message));
  g_assert_cmpstr (label_text (GTK_WIDGET (view), HARK_TYPE_MESSAGE_VIEW, "transcript_label"),
                   ==, hark_message_get_transcription (message));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (view), HARK_TYPE_MESSAGE_VIEW,
                                        "info_label"), ":"));

  /* The window's actions follow: a message with a number can be called
   * back; one on the demo server (UM enabled) played on a phone. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "call-back"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "play-on-phone"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "delete"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "undelete"));
}

static void
test_shows_details (void)
{
  app_test_run_demo (shows_details, NULL);
}

/* Play reaches PLAYING on a fakesink, and the message becomes heard: in
 * the store at once, on the server after the outbox is replayed. */
static void
play_marks_heard (HarkApplication *application,
                  HarkWindow      *window,
                  gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkStore *store = hark_account_get_store (account);
  HarkPlayer *player = hark_window_get_player (window);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.hark.Hark");
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(HarkMessage) after = NULL;
  g_autofree char *id = NULL;
  guint before;

  g_settings_set_boolean (settings, "mark-heard-on-play", TRUE);
  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);
  message = first_visible (window);
  id = g_strdup (hark_message_get_id (message));
  g_assert_false (hark_message_get_heard (message));
  g_assert_false (server_is_read (application, id));
  before = n_visible (window);

  g_assert_true (hark_window_select_message (window, id));
  app_test_activate (GTK_WIDGET (window), "win.play", NULL);
  APP_TEST_WAIT (hark_player_get_state (player) == HARK_PLAYER_STATE_PLAYING);
  g_assert_cmpint (hark_player_get_duration (player), >, 0);

  /* Heard in the store, gone from New, still shown and playing. */
  after = hark_store_find (store, id);
  g_assert_true (hark_message_get_heard (after));
  APP_TEST_WAIT (n_visible (window) == before - 1);
  g_assert_cmpstr (hark_message_get_id (hark_window_get_message (window)), ==, id);
  g_assert_cmpint (hark_player_get_state (player), ==, HARK_PLAYER_STATE_PLAYING);

  /* And on the server. */
  APP_TEST_WAIT (server_is_read (application, id));
  APP_TEST_WAIT (hark_account_get_pending (account) == 0);

  /* Space pauses (the window's key binding for win.play). */
  app_test_activate (GTK_WIDGET (window), "win.play", NULL);
  APP_TEST_WAIT (hark_player_get_state (player) == HARK_PLAYER_STATE_PAUSED);
}

static void
test_play_marks_heard (void)
{
  app_test_run_demo (play_marks_heard, NULL);
}

/* Delete, then Undo from the toast: the message is back where it was,
 * with what it said, in the store and on the server. */
static void
delete_undo (HarkApplication *application,
             HarkWindow      *window,
             gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkStore *store = hark_account_get_store (account);
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(HarkMessage) deleted = NULL;
  g_autoptr(HarkMessage) restored = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message_id = NULL;
  guint before;

  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);
  message = first_visible (window);
  id = g_strdup (hark_message_get_id (message));
  message_id = g_strdup (hark_message_get_message_id (message));
  before = n_visible (window);

  g_assert_true (hark_window_select_message (window, id));
  app_test_activate (GTK_WIDGET (window), "win.delete", NULL);
  APP_TEST_WAIT (n_visible (window) == before - 1);
  deleted = hark_store_find (store, id);
  g_assert_cmpint (hark_message_get_folder (deleted), ==, HARK_FOLDER_DELETED);
  APP_TEST_WAIT (hark_account_get_pending (account) == 0);
  APP_TEST_WAIT (g_strcmp0 (server_folder_now (application, store, id), "deleteditems") == 0);

  /* The toast's Undo. */
  app_test_activate (GTK_WIDGET (window), "win.undo-delete", g_variant_new_string (id));
  APP_TEST_WAIT (n_visible (window) == before);
  restored = hark_store_find (store, id);
  g_assert_cmpint (hark_message_get_folder (restored), ==, HARK_FOLDER_NEW);
  g_assert_cmpstr (hark_message_get_message_id (restored), ==, message_id);
  g_assert_cmpstr (hark_message_get_caller (restored), ==, hark_message_get_caller (message));
  g_assert_cmpstr (hark_message_get_transcription (restored), ==,
                   hark_message_get_transcription (message));
  g_assert_cmpint (hark_message_get_duration (restored), ==,
                   hark_message_get_duration (message));
  APP_TEST_WAIT (hark_account_get_pending (account) == 0);
  APP_TEST_WAIT (g_strcmp0 (server_folder_now (application, store, id), "inbox") == 0);
}

static void
test_delete_undo (void)
{
  app_test_run_demo (delete_undo, NULL);
}

static guint
url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return g_uri_get_port (uri);
}

/* The server goes away: a banner says so, the list stays, an action is
 * queued and counted; the server comes back: Retry sends it. */
static void
offline (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServer *server = hark_application_get_demo_server (application);
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint port = url_port (um_server_get_url (server));
  guint before;

  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);
  before = n_visible (window);
  message = first_visible (window);
  id = g_strdup (hark_message_get_id (message));

  um_server_shutdown (server);
  g_assert_true (hark_window_select_message (window, id));
  app_test_activate (GTK_WIDGET (window), "win.toggle-heard", NULL);

  APP_TEST_WAIT (hark_account_get_state (account) == HARK_ACCOUNT_STATE_OFFLINE);
  g_assert_cmpuint (hark_account_get_pending (account), ==, 1);
  APP_TEST_WAIT (hark_window_get_banner_text (window) != NULL &&
                 strstr (hark_window_get_banner_text (window), "1 action") != NULL);
  g_assert_nonnull (strstr (hark_window_get_banner_text (window), "Offline"));
  /* Done here already, and the rest of the list still shows. */
  APP_TEST_WAIT (n_visible (window) == before - 1);
  g_assert_false (server_is_read (application, id));

  /* Back, on the same address; Retry. */
  g_assert_true (um_server_listen (server, port, &error));
  g_assert_no_error (error);
  app_test_activate (GTK_WIDGET (window), "win.sync", NULL);
  APP_TEST_WAIT (hark_account_get_state (account) == HARK_ACCOUNT_STATE_ONLINE);
  APP_TEST_WAIT (hark_account_get_pending (account) == 0);
  APP_TEST_WAIT (server_is_read (application, id));
  APP_TEST_WAIT (hark_window_get_banner_text (window) == NULL);
}

static void
test_offline (void)
{
  app_test_run_demo (offline, NULL);
}

/* The main views, light, dark and narrow, for the metainfo's screenshots
 * (and for looking at). */
static void
screenshots (HarkApplication *application,
             HarkWindow      *window,
             gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(HarkMessage) message = NULL;
  GListModel *messages;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);
  /* An urgent one with a transcript makes the better picture. */
  messages = hark_window_get_visible_messages (window);
  for (guint i = 0; i < g_list_model_get_n_items (messages) && message == NULL; i++)
    {
      g_autoptr(HarkMessage) each = g_list_model_get_item (messages, i);

      if (hark_message_get_urgent (each) && hark_message_get_transcription (each) != NULL)
        message = g_steal_pointer (&each);
    }
  g_assert_nonnull (message);
  g_assert_true (hark_window_select_message (window, hark_message_get_id (message)));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  app_test_screenshot (GTK_WIDGET (window), "main-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  app_test_screenshot (GTK_WIDGET (window), "main-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Phone-sized: one pane at a time. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  app_test_iterate (300);
  app_test_screenshot (GTK_WIDGET (window), "narrow-message.png");
  app_test_activate (GTK_WIDGET (window), "win.back", NULL);
  app_test_screenshot (GTK_WIDGET (window), "narrow-list.png");
}

/* On a slow link a message starts playing while its audio downloads,
 * without seeking until it is complete; then it seeks as any other. */
static void
plays_while_downloading (HarkApplication *application,
                         HarkWindow      *window,
                         gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkPlayer *player = hark_window_get_player (window);
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               HARK_TYPE_WINDOW,
                                                               "message_view"));
  GtkWidget *scale = GTK_WIDGET (gtk_widget_get_template_child (view, HARK_TYPE_MESSAGE_VIEW,
                                                                "position_scale"));
  g_autoptr(HarkMessage) message = NULL;
  gboolean started_growing = FALSE;

  /* About 20 kB/s: a voice mail of 13 s takes over a second to arrive. */
  um_server_set_attachment_rate (hark_application_get_demo_server (application), 1000);
  app_test_wait_online (account);
  APP_TEST_WAIT (n_visible (window) > 0);
  message = first_visible (window);
  g_assert_true (hark_window_select_message (window, hark_message_get_id (message)));
  app_test_activate (GTK_WIDGET (window), "win.play", NULL);

  APP_TEST_WAIT (hark_player_get_state (player) == HARK_PLAYER_STATE_PLAYING);
  started_growing = hark_player_get_growing (player);
  g_assert_true (started_growing);
  g_assert_false (hark_player_get_seekable (player));
  g_assert_false (gtk_widget_get_sensitive (scale));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "skip-forward"));
  app_test_screenshot (GTK_WIDGET (window), "playing-while-downloading.png");

  /* Complete: seekable, from the cached file. */
  APP_TEST_WAIT (hark_player_get_seekable (player));
  g_assert_true (gtk_widget_get_sensitive (scale));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "skip-forward"));
  app_test_activate (GTK_WIDGET (window), "win.skip-forward", NULL);
  APP_TEST_WAIT (!hark_player_get_growing (player));
  APP_TEST_WAIT (hark_player_get_position (player) >= 5000);
  g_assert_cmpint (hark_player_get_state (player), ==, HARK_PLAYER_STATE_PLAYING);
}

static void
test_plays_while_downloading (void)
{
  app_test_run_demo (plays_while_downloading, NULL);
}

/* How many messages of @folder have @needle in their caller, number or
 * transcript, case aside: what the search should show. */
static guint
count_matching (HarkStore  *store,
                HarkFolder  folder,
                const char *needle)
{
  g_autoptr(GPtrArray) messages = hark_store_list (store, folder, FALSE, -1);
  g_autofree char *folded = g_utf8_casefold (needle, -1);
  guint count = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      HarkMessage *message = messages->pdata[i];
      const char *fields[] = { hark_message_get_caller_name (message),
                               hark_message_get_caller_number (message),
                               hark_message_get_transcription (message) };

      for (guint j = 0; j < G_N_ELEMENTS (fields); j++)
        {
          g_autofree char *field = fields[j] != NULL ? g_utf8_casefold (fields[j], -1) : NULL;

          if (field != NULL && strstr (field, folded) != NULL)
            {
              count++;
              break;
            }
        }
    }
  return count;
}

/* Ctrl+F: the search finds by caller, number and transcript, says when
 * nothing matches, and gives the whole folder back when cleared. */
static void
search (HarkApplication *application,
        HarkWindow      *window,
        gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  HarkStore *store = hark_account_get_store (account);
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                HARK_TYPE_WINDOW,
                                                                "search_entry"));
  const char *needles[] = { "lakeside", "5550142", "FABRIKAM" };
  guint all;

  app_test_wait_online (account);
  all = (guint)hark_store_count (store, HARK_FOLDER_NEW, FALSE);
  APP_TEST_WAIT (n_visible (window) == all);

  app_test_activate (GTK_WIDGET (window), "win.search", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      guint expected = count_matching (store, HARK_FOLDER_NEW, needles[i]);

      g_assert_cmpuint (expected, >, 0);
      g_assert_cmpuint (expected, <, all);
      gtk_editable_set_text (GTK_EDITABLE (entry), needles[i]);
      APP_TEST_WAIT (n_visible (window) == expected);
      g_assert_cmpstr (hark_window_get_list_page (window), ==, "list");
    }

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such caller anywhere");
  APP_TEST_WAIT (n_visible (window) == 0);
  g_assert_cmpstr (hark_window_get_list_page (window), !=, "list");
  app_test_screenshot (GTK_WIDGET (window), "search-empty.png");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  APP_TEST_WAIT (n_visible (window) == all);
  g_assert_cmpstr (hark_window_get_list_page (window), ==, "list");
}

static void
test_search (void)
{
  app_test_run_demo (search, NULL);
}

static void
test_screenshots (void)
{
  app_test_run_demo (screenshots, NULL);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/ui/window/lists-demo", test_lists_demo);
  g_test_add_func ("/ui/window/shows-details", test_shows_details);
  g_test_add_func ("/ui/window/play-marks-heard", test_play_marks_heard);
  g_test_add_func ("/ui/window/delete-undo", test_delete_undo);
  g_test_add_func ("/ui/window/offline", test_offline);
  g_test_add_func ("/ui/window/search", test_search);
  g_test_add_func ("/ui/window/plays-while-downloading", test_plays_while_downloading);
  g_test_add_func ("/ui/window/screenshots", test_screenshots);

  return g_test_run ();
}
