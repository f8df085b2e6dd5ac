/* test-ui-open.c: other programs open voice mail in Hark: hark:// links,
 * audio files a mail client saved, and the exported actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hark runs in this process, the one instance on the test's own session
 * bus, with an account on the reference server (HTTP on loopback). The
 * other program is gdbus, calling org.freedesktop.Application.Open and
 * org.gtk.Actions.Activate as a mail client or a script would.
 */

#include "config.h"

#include "app-test.h"
#include "hark-call-window.h"
#include "hark-preferences-window.h"
#include "hark-test-files.h"

#include <math.h>
#include <string.h>

typedef struct {
  UmServer *server;
  char     *dir;
} Fixture;

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_error ("gdbus: %s", error->message);
  *done = TRUE;
}

/* gdbus calls @method on the app's object with the arguments (GVariant
 * texts), as another program would. */
static void
call_app (HarkApplication *application,
          const char      *method,
          const char      *arg1,
          const char      *arg2,
          const char      *arg3)
{
  g_autoptr(GSubprocess) gdbus = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  gdbus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "gdbus", "call",
                            "--session", "--dest",
                            g_application_get_application_id (G_APPLICATION (application)),
                            "--object-path",
                            g_application_get_dbus_object_path (G_APPLICATION (application)),
                            "--method", method, arg1, arg2, arg3, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (gdbus, NULL, exited_cb, &done);
  /* The call is answered by this process: spin its loop meanwhile. */
  APP_TEST_WAIT (done);
}

static void
open_uri (HarkApplication *application,
          const char      *uri)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_string (uri));
  g_autofree char *text = g_variant_print (value, FALSE);
  g_autofree char *uris = g_strdup_printf ("[%s]", text);

  call_app (application, "org.freedesktop.Application.Open", uris, "{}", NULL);
}

static char *
link_for (const char *kind,
          const char *item_id,
          const char *account)
{
  g_autofree char *escaped = g_uri_escape_string (item_id, NULL, FALSE);

  return account != NULL ? g_strdup_printf ("hark://%s/%s?account=%s", kind, escaped, account)
                         : g_strdup_printf ("hark://%s/%s", kind, escaped);
}

/* Half a second of a 440 Hz tone, 16-bit PCM WAV: audio that is no
 * voice mail's. */
static void
write_tone (const char *path)
{
  const guint32 rate = 8000, n = rate / 2;
  g_autoptr(GByteArray) wav = g_byte_array_new ();
  GError *error = NULL;

#define PUT32(v) G_STMT_START { guint32 le = GUINT32_TO_LE (v); \
                                g_byte_array_append (wav, (guint8 *)&le, 4); } G_STMT_END
#define PUT16(v) G_STMT_START { guint16 le = GUINT16_TO_LE (v); \
                                g_byte_array_append (wav, (guint8 *)&le, 2); } G_STMT_END
  g_byte_array_append (wav, (const guint8 *)"RIFF", 4);
  PUT32 (36 + n * 2);
  g_byte_array_append (wav, (const guint8 *)"WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);
  PUT16 (1);
  PUT32 (rate);
  PUT32 (rate * 2);
  PUT16 (2);
  PUT16 (16);
  g_byte_array_append (wav, (const guint8 *)"data", 4);
  PUT32 (n * 2);
  for (guint32 i = 0; i < n; i++)
    PUT16 ((guint16)(gint16)(8000 * sin (2 * G_PI * 440 * i / rate)));
#undef PUT16
#undef PUT32
  g_file_set_contents (path, (const char *)wav->data, wav->len, &error);
  g_assert_no_error (error);
}

/* Opens @path as a mail client would. */
static void
open_path (HarkApplication *application,
           const char      *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  open_uri (application, uri);
}

/* Downloads the message's audio and saves it at @path, as a mail client
 * saves an attachment. */
static void
save_audio (HarkAccount *account,
            HarkMessage *message,
            const char  *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  hark_account_fetch_audio_async (account, hark_message_get_id (message), NULL,
                                  HARK_TEST_CB (&result));
  paths = hark_account_fetch_audio_finish (account, hark_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_file_get_contents (paths[0], &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static gboolean
heard_in (HarkStore   *store,
          HarkMessage *message)
{
  g_autoptr(HarkMessage) now = hark_store_find (store, hark_message_get_id (message));

  return now != NULL && hark_message_get_heard (now);
}

static HarkCallWindow *
find_call_window (HarkApplication *application)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = l->next)
    if (HARK_IS_CALL_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
shows_and_plays (HarkWindow *window,
                 const char *item_id)
{
  HarkMessage *shown = hark_window_get_message (window);

  return shown != NULL && g_str_equal (hark_message_get_id (shown), item_id) &&
         hark_player_get_state (hark_window_get_player (window)) == HARK_PLAYER_STATE_PLAYING;
}

static void
opens (HarkApplication *application,
       HarkWindow      *window,
       gconstpointer    data)
{
  const Fixture *f = data;
  HarkPlayer *player = hark_window_get_player (window);
  g_autoptr(GSettings) settings = hark_account_settings_new ("open");
  g_autofree char *ews = g_strconcat (um_server_get_url (f->server), "/EWS/Exchange.asmx", NULL);
  g_autofree char *um = g_strconcat (um_server_get_url (f->server), "/EWS/UM2007Legacy.asmx",
                                     NULL);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *unrelated = NULL;
  g_autofree char *param = NULL;
  HarkAccount *account, *bob;
  HarkStore *store;
  HarkMessage *m1, *m2, *m3, *m4, *m5, *m6;
  const char * const *names;

  g_settings_set_string (settings, "user", HARK_TEST_USER);
  g_settings_set_string (settings, "ews-url", ews);
  g_settings_set_string (settings, "um-url", um);
  /* First another account with the same demo mailbox: the same
   * attachment names, so a saved file is told apart by its bytes. */
  {
    g_autoptr(GSettings) other = hark_account_settings_new ("other");

    g_settings_set_string (other, "user", "bob");
    g_settings_set_string (other, "ews-url", ews);
    g_settings_set_string (other, "um-url", um);
    bob = hark_application_add_account (application, "other", "bob's password", &error);
    g_assert_no_error (error);
    app_test_wait_online (bob);
    APP_TEST_WAIT (!hark_account_get_syncing (bob));
  }

  account = hark_application_add_account (application, "open", HARK_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));

  store = hark_account_get_store (account);
  messages = hark_store_list (store, HARK_FOLDER_NEW, FALSE, -1);
  g_assert_cmpuint (messages->len, >=, 6);
  m1 = messages->pdata[1];
  m2 = messages->pdata[2];
  m3 = messages->pdata[3];
  m4 = messages->pdata[0];
  m5 = messages->pdata[4];
  m6 = messages->pdata[5];

  /* hark://message/ID?account=USER: shown, in its folder, and playing. */
  link = link_for ("message", hark_message_get_id (m1), HARK_TEST_USER);
  open_uri (application, link);
  APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m1)));
  g_clear_pointer (&link, g_free);

  /* hark://play-on-phone/ID: the call window for it. */
  link = link_for ("play-on-phone", hark_message_get_id (m2), NULL);
  open_uri (application, link);
  APP_TEST_WAIT (find_call_window (application) != NULL);
  g_assert_cmpstr (hark_message_get_id (hark_window_get_message (window)), ==,
                   hark_message_get_id (m2));
  gtk_window_destroy (GTK_WINDOW (find_call_window (application)));

  /* A link to nothing Hark has: the window says so, nothing else moves. */
  open_uri (application, "hark://message/no-such-item");
  app_test_iterate (200);
  g_assert_cmpstr (hark_message_get_id (hark_window_get_message (window)), ==,
                   hark_message_get_id (m2));

  /* The audio file of m3, saved by a mail client under its attachment's
   * name: m3 is shown, plays, and is heard. */
  names = hark_message_get_attachments (m3);
  g_assert_nonnull (names);
  g_assert_nonnull (names[0]);
  g_assert_false (hark_message_get_heard (m3));
  copy = g_build_filename (f->dir, names[0], NULL);
  save_audio (account, m3, copy);
  open_path (application, copy);
  APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m3)) &&
                 hark_window_get_account (window) == account);
  g_assert_true (heard_in (store, m3));

  /* Another message's audio saved under a name of the user's: told by
   * its size and bytes. */
  g_clear_pointer (&copy, g_free);
  copy = g_build_filename (f->dir, "saved from my mail.wav", NULL);
  save_audio (account, m5, copy);
  open_path (application, copy);
  APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m5)));
  g_assert_true (heard_in (store, m5));

  /* A WAV that is no voice mail of Hark's: it plays, no message shown. */
  unrelated = g_build_filename (f->dir, "somebody else's recording.wav", NULL);
  write_tone (unrelated);
  open_path (application, unrelated);
  APP_TEST_WAIT (hark_window_get_message (window) == NULL &&
                 hark_player_get_state (player) == HARK_PLAYER_STATE_PLAYING);
  app_test_screenshot (GTK_WIDGET (window), "open-file.png");
  app_test_activate (GTK_WIDGET (window), "win.stop-file", NULL);
  APP_TEST_WAIT (hark_player_get_state (player) == HARK_PLAYER_STATE_STOPPED);

  /* Bob's mailbox is the same demo one: from here on a message's caller
   * and time are the account's own. */
  hark_application_remove_account (application, bob);

  /* Under its attachment's name, now the only one with that name: told
   * by the name alone, whatever its bytes. */
  {
    g_autofree char *named_path = g_build_filename (f->dir, hark_message_get_attachments (m1)[0],
                                                    NULL);

    write_tone (named_path);
    open_path (application, named_path);
    APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m1)));
  }

  /* Audio under a name with the caller and the minute, as a script may
   * save it; its bytes are nobody's (Hark has not downloaded m6's): told
   * by the name, and the message is played from the server. */
  {
    g_autoptr(GDateTime) received = g_date_time_new_from_unix_local (
                                      hark_message_get_received (m6));
    g_autofree char *when = g_date_time_format (received, "%Y-%m-%d %H.%M");
    g_autofree char *named = g_strdup_printf ("%s %s.wav", hark_message_get_caller (m6), when);
    g_autofree char *named_path = g_build_filename (f->dir, named, NULL);

    g_assert_cmpstr (hark_message_get_caller (m6), !=, "");
    g_assert_false (hark_message_get_heard (m6));
    write_tone (named_path);
    open_path (application, named_path);
    APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m6)));
    g_assert_true (heard_in (store, m6));
  }

  /* The exported actions. */
  g_assert_false (hark_message_get_heard (m4));
  {
    g_autoptr(GVariant) value = g_variant_ref_sink (g_variant_new_variant (
                                  g_variant_new_string (hark_message_get_id (m4))));
    g_autofree char *text = g_variant_print (value, FALSE);

    param = g_strdup_printf ("[%s]", text);
  }
  call_app (application, "org.gtk.Actions.Activate", "mark-heard", param, "{}");
  g_assert_true (heard_in (store, m4));
  call_app (application, "org.gtk.Actions.Activate", "play-message", param, "{}");
  APP_TEST_WAIT (shows_and_plays (window, hark_message_get_id (m4)));
  call_app (application, "org.gtk.Actions.Activate", "sync", "[]", "{}");
  APP_TEST_WAIT (!hark_account_get_syncing (account));

  /* Running in the background (the default): a login entry that starts
   * Hark as a service; switched off in Preferences, one that hides the
   * installed entry. */
  {
    g_autofree char *entry = g_strdup_printf ("%s/autostart/%s.desktop",
                                              g_get_user_config_dir (), APPLICATION_ID);
    g_autoptr(GSettings) app_settings = g_settings_new ("io.github.hark.Hark");
    GKeyFile *keys = g_key_file_new ();
    g_autofree char *exec = NULL;
    HarkPreferencesWindow *preferences;

    g_assert_true (g_key_file_load_from_file (keys, entry, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    exec = g_key_file_get_string (keys, "Desktop Entry", "Exec", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (exec, ==, "hark --gapplication-service");
    {
      g_autofree char *condition = g_key_file_get_string (keys, "Desktop Entry",
                                                          "X-GNOME-Autostart-Condition", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (condition, ==, "GSettings io.github.hark.Hark run-in-background");
    }

    preferences = HARK_PREFERENCES_WINDOW (app_test_open_preferences (application));
    g_assert_true (gtk_widget_get_visible (hark_preferences_window_get_widget (preferences,
                                                                              "background_row")));
    gtk_switch_set_active (GTK_SWITCH (hark_preferences_window_get_widget (preferences,
                                                                           "background_switch")),
                           FALSE);
    g_assert_false (g_settings_get_boolean (app_settings, "run-in-background"));
    /* Hidden: the installed entry is not started either. */
    g_key_file_free (keys);
    keys = g_key_file_new ();
    g_assert_true (g_key_file_load_from_file (keys, entry, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    g_assert_true (g_key_file_get_boolean (keys, "Desktop Entry", "Hidden", &error));
    g_assert_no_error (error);
    gtk_switch_set_active (GTK_SWITCH (hark_preferences_window_get_widget (preferences,
                                                                           "background_switch")),
                           TRUE);
    g_key_file_free (keys);
    keys = g_key_file_new ();
    g_assert_true (g_key_file_load_from_file (keys, entry, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    g_assert_false (g_key_file_has_key (keys, "Desktop Entry", "Hidden", NULL));
    gtk_window_destroy (GTK_WINDOW (preferences));
    g_key_file_free (keys);
  }

  hark_application_remove_account (application, account);
}

static void
test_opens (void)
{
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);
  Fixture f = { NULL, NULL };

  f.server = hark_test_server_new ();
  um_server_add_demo_account (f.server, "bob", "bob's password");
  f.dir = g_dir_make_tmp ("hark-open-XXXXXX", NULL);
  app_test_run_app (application, opens, &f);
  um_server_shutdown (f.server);
  g_clear_object (&f.server);
  hark_test_remove_tree (f.dir);
  g_free (f.dir);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);

  g_test_add_func ("/ui/open/links-files-actions", test_opens);

  return g_test_run ();
}
