/* hark-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the accounts (their ids in GSettings, each one's settings under its
 * own path) and, in demo mode, the reference server with the demo mailbox,
 * in this process on loopback. The demo account's settings live in memory
 * and its store in a temporary folder: nothing of it outlives the run.
 */

#include "config.h"

#include "hark-application.h"

#include "hark-background.h"
#include "hark-error.h"
#include "hark-notifier.h"
#include "hark-preferences-window.h"
#include "hark-resources.h"
#include "hark-secrets.h"
#include "hark-window.h"
#include "um-server-phone.h"

#include <errno.h>
#include <glib/gi18n.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#define DEMO_ID "demo"

struct _HarkApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GListStore     *accounts;
  gboolean        demo;
  gboolean        held;              /* running on without a window */
  GCancellable   *background_asked;  /* the portal's question, until answered */
  HarkNotifier   *notifier;
  UmServer       *demo_server;
  char           *demo_dir;
};

G_DEFINE_FINAL_TYPE (HarkApplication, hark_application, ADW_TYPE_APPLICATION)

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
            !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static HarkAccount *
find_account (HarkApplication *self,
              const char      *id,
              guint           *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (g_str_equal (hark_account_get_id (account), id))
        {
          if (position != NULL)
            *position = i;
          return account;
        }
    }
  return NULL;
}

static HarkAccount *
open_account (HarkApplication  *self,
              const char       *id,
              const char       *password,
              GError          **error)
{
  g_autoptr(GSettings) settings = hark_account_settings_new (id);
  HarkAccount *account = hark_account_new (id, settings, NULL, error);

  if (account == NULL)
    return NULL;
  if (password != NULL)
    hark_account_set_password (account, password);
  g_list_store_append (self->accounts, account);
  g_object_unref (account);
  hark_account_start (account);
  return account;
}

static void
load_accounts (HarkApplication *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "accounts");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      HarkAccount *account = open_account (self, ids[i], NULL, &error);

      /* An account that cannot open its store stays listed in the settings;
       * the next start tries again. */
      if (account == NULL)
        g_message ("Account %s cannot be opened: %s", ids[i], error->message);
    }
}

/* Running in the background: an XDG autostart entry starts Hark without a
 * window at login, and closing the window does not end it. */

static char *
autostart_path (void)
{
  g_autofree char *name = g_strconcat (APPLICATION_ID, ".desktop", NULL);

  return g_build_filename (g_get_user_config_dir (), "autostart", name, NULL);
}

static HarkWindow *find_main_window (HarkApplication *self);

/* Held, Hark runs on when its last window closes: when running in the
 * background is on and there is an account to watch. Else a service
 * started at login or by D-Bus ends once it has done what it was called
 * for (GApplication waits 10 s for that). */
static void
update_hold (HarkApplication *self)
{
  gboolean hold = !self->demo && g_settings_get_boolean (self->settings, "run-in-background") &&
                  g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0;

  if (hold && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!hold && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = hold;
}

static void
accounts_changed_cb (GListModel      *accounts,
                     guint            position,
                     guint            removed,
                     guint            added,
                     HarkApplication *self)
{
  update_hold (self);
}

/* The portal's answer: if the user said no, the switch goes off and the
 * window (if open) says why. */
static void
background_answered_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(HarkApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean autostart = FALSE;
  HarkWindow *window;

  if (hark_background_request_finish (result, &autostart, &error))
    {
      g_debug ("May run in the background; starts at login: %s", autostart ? "yes" : "no");
      return;
    }
  /* Asked again since (the switch moved), or shutting down. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_message ("%s", error->message);
  if (!g_settings_get_boolean (self->settings, "run-in-background"))
    return;
  g_settings_set_boolean (self->settings, "run-in-background", FALSE);
  window = find_main_window (self);
  if (window != NULL)
    hark_window_show_toast (window, error->message);
}

static void
update_background (HarkApplication *self)
{
  gboolean on = g_settings_get_boolean (self->settings, "run-in-background");
  g_autofree char *path = autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *entry = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  update_hold (self);

  /* In a sandbox the desktop keeps the login entry; it is asked each
   * time, and remembers the user's answer. */
  if (hark_background_uses_portal ())
    {
      g_cancellable_cancel (self->background_asked);
      g_clear_object (&self->background_asked);
      if (bus != NULL)
        {
          self->background_asked = g_cancellable_new ();
          hark_background_request_async (bus, on, self->background_asked,
                                         background_answered_cb, g_object_ref (self));
        }
      return;
    }

  /* Off: an entry that hides the installed one, for desktops that do not
   * read GNOME's condition (XDG autostart's Hidden). */
  if (on)
    /* As data/autostart's, which this one takes the place of. */
    entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Hark\nComment=%s\n"
                             "Icon=%s\nExec=hark --gapplication-service\nNoDisplay=true\n"
                             "X-GNOME-Autostart-enabled=true\n"
                             "X-GNOME-Autostart-Condition=GSettings io.github.hark.Hark "
                             "run-in-background\n",
                             /* Translators: the comment of Hark's login entry */
                             _("Announces new voice mail"), APPLICATION_ID);
  else
    entry = g_strdup ("[Desktop Entry]\nType=Application\nName=Hark\nHidden=true\n");
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, entry, -1, &error))
    g_message (on ? "Hark cannot start at login: %s" : "Hark may still start at login: %s",
               error != NULL ? error->message : g_strerror (errno));
}

static void
background_changed_cb (GSettings       *settings,
                       const char      *key,
                       HarkApplication *self)
{
  update_background (self);
}

/* The main window, whichever window has the focus (a dialog may). */
static HarkWindow *
find_main_window (HarkApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (HARK_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Other programs: hark:// links, audio files, actions */

/* The account that has @item_id, among those of @address when given. */
static HarkAccount *
find_account_for_item (HarkApplication *self,
                       const char      *address,
                       const char      *item_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      g_autoptr(HarkMessage) message = NULL;

      if (address != NULL && g_ascii_strcasecmp (hark_account_get_title (account), address) != 0 &&
          g_strcmp0 (hark_account_get_user (account), address) != 0)
        continue;
      message = hark_store_find (hark_account_get_store (account), item_id);
      if (message != NULL)
        return account;
    }
  return NULL;
}

static HarkWindow *
present_window (HarkApplication *self)
{
  g_application_activate (G_APPLICATION (self));
  return find_main_window (self);
}

/* hark://message/ID?account=ADDRESS plays the message;
 * hark://play-on-phone/ID?account=ADDRESS plays it on the phone. */
static void
open_link (HarkApplication *self,
           HarkWindow      *window,
           const char      *link)
{
  g_autoptr(GUri) uri = g_uri_parse (link, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *item_id = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  const char *action = NULL;
  const char *address = NULL;
  HarkAccount *account = NULL;

  if (g_strcmp0 (host, "message") == 0)
    action = "play";
  else if (g_strcmp0 (host, "play-on-phone") == 0)
    action = "play-on-phone";
  if (action != NULL && g_uri_get_path (uri)[0] == '/')
    item_id = g_uri_unescape_string (g_uri_get_path (uri) + 1, NULL);
  if (action != NULL && g_uri_get_query (uri) != NULL)
    {
      params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      address = params != NULL ? g_hash_table_lookup (params, "account") : NULL;
    }
  if (item_id == NULL || item_id[0] == '\0')
    {
      /* Translators: %s is a link another program gave Hark */
      g_autofree char *text = g_strdup_printf (_("Hark cannot open “%s”: it is not a link to a "
                                                 "voice mail."), link);

      hark_window_show_toast (window, text);
      return;
    }

  account = find_account_for_item (self, address, item_id);
  if (account == NULL || !hark_window_open_message (window, account, item_id, action))
    hark_window_show_toast (window, _("That voice mail is not in Hark: it may have been "
                                      "deleted, or belong to an account Hark does not have."));
}

typedef struct {
  HarkAccount *account;
  HarkMessage *message;
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *candidate = data;

  g_object_unref (candidate->message);
}

/* Whether @contents are the bytes of one of the message's downloaded
 * audio files; sizes are compared first, so that only a file of the same
 * size is read. */
static gboolean
same_as_cached (const Candidate *candidate,
                const char      *path,
                goffset          size,
                GBytes         **contents)
{
  HarkMessage *message = candidate->message;
  const char *key = hark_message_get_message_id (message) != NULL
                      ? hark_message_get_message_id (message) : hark_message_get_id (message);
  g_autofree char *cached = hark_store_dup_audio (hark_account_get_store (candidate->account),
                                                  key);
  g_auto(GStrv) paths = cached != NULL ? g_strsplit (cached, "\n", -1) : NULL;

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *data = NULL;
      GStatBuf buf;
      gsize length;

      if (g_stat (paths[i], &buf) != 0 || buf.st_size != size)
        continue;
      if (*contents == NULL)
        {
          g_autofree char *file_data = NULL;

          if (!g_file_get_contents (path, &file_data, &length, NULL))
            return FALSE;
          *contents = g_bytes_new_take (g_steal_pointer (&file_data), length);
        }
      if (g_file_get_contents (paths[i], &data, &length, NULL) &&
          length == g_bytes_get_size (*contents) &&
          memcmp (data, g_bytes_get_data (*contents, NULL), length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The message an audio file is the attachment of. First by the
 * attachment's name, when only one message has it; then by size and
 * bytes, among those with that name (Exchange may give them all the same)
 * or else among all whose audio Hark downloaded; last, among the same, by
 * the caller and the time in the file's name, when that fits one message
 * better than any other. */
static Candidate *
find_message_by_file (HarkApplication *self,
                      const char      *path,
                      Candidate       *found)
{
  static const HarkFolder folders[] = { HARK_FOLDER_NEW, HARK_FOLDER_HEARD, HARK_FOLDER_WORK,
                                        HARK_FOLDER_FAMILY, HARK_FOLDER_FRIENDS,
                                        HARK_FOLDER_DELETED };
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GArray) named = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(HarkFileName) read_name = NULL;
  g_autofree char *display_name = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  GArray *pool;
  GStatBuf buf;
  int best = 0;
  guint n_best = 0;

  g_array_set_clear_func (all, candidate_clear);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
        {
          g_autoptr(GPtrArray) messages = hark_store_list (hark_account_get_store (account),
                                                           folders[f], FALSE, -1);

          for (guint m = 0; m < messages->len; m++)
            {
              const char * const *names = hark_message_get_attachments (messages->pdata[m]);
              Candidate candidate = { account, g_object_ref (messages->pdata[m]) };

              /* The accounts outlive this call: no reference needed. */
              g_array_append_val (all, candidate);
              if (names != NULL && g_strv_contains (names, name))
                g_array_append_val (named, candidate);
            }
        }
    }

  if (named->len == 1)
    {
      *found = g_array_index (named, Candidate, 0);
      g_debug ("%s: the attachment of %s", name, hark_message_get_id (found->message));
      goto out;
    }

  pool = named->len > 0 ? named : all;
  if (g_stat (path, &buf) == 0)
    for (guint i = 0; i < pool->len; i++)
      if (same_as_cached (&g_array_index (pool, Candidate, i), path, buf.st_size, &contents))
        {
          *found = g_array_index (pool, Candidate, i);
          g_debug ("%s: the downloaded audio of %s", name, hark_message_get_id (found->message));
          goto out;
        }

  /* Among those with the file's name, if any: the name may be Exchange's
   * for every voice mail. */
  display_name = g_filename_display_basename (path);
  read_name = hark_file_name_new (display_name);
  for (guint i = 0; i < pool->len; i++)
    {
      Candidate *candidate = &g_array_index (pool, Candidate, i);
      HarkNameMatch match = hark_file_name_match (read_name, candidate->message);
      int score;

      if (!(match & (HARK_NAME_MATCH_CALLER | HARK_NAME_MATCH_TIME)))
        continue;
      score = ((match & HARK_NAME_MATCH_CALLER) ? 4 : 0) +
              ((match & HARK_NAME_MATCH_TIME) ? 2 : 0) + ((match & HARK_NAME_MATCH_DAY) ? 1 : 0);
      if (score > best)
        {
          best = score;
          n_best = 0;
          *found = *candidate;
        }
      if (score == best)
        n_best++;
    }
  if (n_best == 1)
    {
      g_debug ("%s: the caller or time of %s", name, hark_message_get_id (found->message));
      goto out;
    }
  return NULL;

out:
  g_object_ref (found->message);
  return found;
}

/* An audio file, e.g. an attachment a mail client saved: the message it
 * belongs to, played and marked heard; else the file itself. */
static void
open_audio_file (HarkApplication *self,
                 HarkWindow      *window,
                 GFile           *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  Candidate found = { NULL, NULL };
  HarkMessage *message;
  HarkAccount *account;

  if (path == NULL)
    {
      hark_window_show_toast (window, _("Hark can only play audio files on this computer."));
      return;
    }
  if (find_message_by_file (self, path, &found) != NULL)
    {
      g_autoptr(HarkMessage) owned = found.message;

      message = found.message;
      account = found.account;
      if (hark_window_open_message (window, account, hark_message_get_id (message), "play"))
        {
          if (!hark_account_mark (account, hark_message_get_id (message), TRUE, &error))
            g_message ("Cannot mark %s heard: %s", hark_message_get_id (message),
                       error->message);
          return;
        }
    }
  hark_window_play_file (window, path);
}

static void
hark_application_open (GApplication  *application,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  HarkApplication *self = HARK_APPLICATION (application);
  HarkWindow *window = present_window (self);

  for (int i = 0; window != NULL && i < n_files; i++)
    {
      if (g_file_has_uri_scheme (files[i], "hark"))
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          open_link (self, window, uri);
        }
      else
        open_audio_file (self, window, files[i]);
    }
}

static void
play_message_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  HarkApplication *self = user_data;
  const char *item_id = g_variant_get_string (parameter, NULL);
  const char *what = g_str_equal (g_action_get_name (G_ACTION (action)), "play-message")
                       ? "play" : "play-on-phone";
  HarkAccount *account = find_account_for_item (self, NULL, item_id);
  HarkWindow *window = present_window (self);

  if (window == NULL)
    return;
  if (account == NULL || !hark_window_open_message (window, account, item_id, what))
    hark_window_show_toast (window, _("That voice mail is not in Hark: it may have been "
                                      "deleted, or belong to an account Hark does not have."));
}

static void
mark_heard_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HarkApplication *self = user_data;
  const char *item_id = g_variant_get_string (parameter, NULL);
  HarkAccount *account = find_account_for_item (self, NULL, item_id);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    g_message ("app.mark-heard: no voice mail %s", item_id);
  else if (!hark_account_mark (account, item_id, TRUE, &error))
    g_message ("app.mark-heard: %s", error->message);
}

static void
sync_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkApplication *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      hark_account_sync (account);
    }
}

/* Actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows saves their state. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  HarkApplication *self = user_data;
  const char *developers[] = { _("The Hark authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", find_main_window (self),
                        "destroy-with-parent", TRUE,
                        "application-name", "Hark",
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Hark authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Listen to your Exchange voice mail"),
                        "website", "https://github.com/hark/hark",
                        "issue-url", "https://github.com/hark/hark/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HarkApplication *self = user_data;
  HarkWindow *window = find_main_window (self);
  HarkAccount *account = NULL;
  GtkWidget *preferences;

  /* A child of the main window, which outlives it, never of a dialog. */
  if (window != NULL)
    account = hark_window_get_account (window);
  preferences = hark_preferences_window_new (self, account);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  /* GTK 4.8 leaves a window that outlives its transient parent pointing at
   * it: go with it. */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  HarkWindow *window = find_main_window (self);
  HarkAccount *account = hark_application_start_demo (self, &error);

  if (account == NULL)
    {
      g_autofree char *text = hark_error_describe (error);

      if (window != NULL)
        hark_window_show_toast (window, text);
      return;
    }
  if (window != NULL)
    hark_window_select_account (window, account);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "demo", demo_activated },
  { "play-message", play_message_activated, "s" },
  { "play-on-phone", play_message_activated, "s" },
  { "mark-heard", mark_heard_activated, "s" },
  { "sync", sync_activated },
};

/* GApplication */

static void
hark_application_startup (GApplication *application)
{
  HarkApplication *self = HARK_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (hark_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  hark_window_add_accels (GTK_APPLICATION (self));

  gtk_window_set_default_icon_name (APPLICATION_ID);
  self->settings = g_settings_new ("io.github.hark.Hark");
  self->notifier = hark_notifier_new (self);

  /* Not the demo: it ends with its window, and starts at nobody's login.
   * hark --gapplication-service (D-Bus activation, the autostart entry)
   * has no window: the hold keeps the accounts' push connections and the
   * notifications until the session ends. */
  if (!self->demo)
    {
      g_signal_connect (self->settings, "changed::run-in-background",
                        G_CALLBACK (background_changed_cb), self);
      g_signal_connect (self->accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self);
      update_background (self);
    }

  if (self->demo)
    {
      g_autoptr(GError) error = NULL;

      if (hark_application_start_demo (self, &error) == NULL)
        g_printerr ("%s: %s\n", _("The demo mailbox cannot be started"), error->message);
    }
  else
    load_accounts (self);
}

static void
hark_application_activate (GApplication *application)
{
  HarkApplication *self = HARK_APPLICATION (application);
  HarkWindow *window = find_main_window (self);

  if (window == NULL)
    window = hark_window_new (self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
hark_application_shutdown (GApplication *application)
{
  HarkApplication *self = HARK_APPLICATION (application);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      hark_account_stop (account);
    }
  g_cancellable_cancel (self->background_asked);
  g_clear_object (&self->background_asked);
  g_signal_handlers_disconnect_by_func (self->accounts, accounts_changed_cb, self);
  g_list_store_remove_all (self->accounts);
  g_clear_object (&self->notifier);
  if (self->demo_server != NULL)
    um_server_shutdown (self->demo_server);

  G_APPLICATION_CLASS (hark_application_parent_class)->shutdown (application);
}

static void
hark_application_dispose (GObject *object)
{
  HarkApplication *self = HARK_APPLICATION (object);

  g_clear_object (&self->accounts);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);
  if (self->demo_dir != NULL)
    remove_tree (self->demo_dir);
  g_clear_pointer (&self->demo_dir, g_free);

  G_OBJECT_CLASS (hark_application_parent_class)->dispose (object);
}

static void
hark_application_class_init (HarkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hark_application_dispose;

  /* Links the resources of the static library, and so registers them. */
  g_assert (hark_get_resource () != NULL);

  application_class->startup = hark_application_startup;
  application_class->activate = hark_application_activate;
  application_class->open = hark_application_open;
  application_class->shutdown = hark_application_shutdown;
}

static void
hark_application_init (HarkApplication *self)
{
  self->accounts = g_list_store_new (HARK_TYPE_ACCOUNT);
  /* Read by main() already; declared here so that --help shows it. */
  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Open a demo mailbox, served by a reference server inside "
                                   "Hark"), NULL);
}

/**
 * hark_application_new:
 * @demo: whether to run on the demo mailbox (and not on the user's accounts)
 *
 * Returns: (transfer full): the application; in demo mode it does not ask
 *   to be the only instance, so that it runs beside a Hark already open
 */
HarkApplication *
hark_application_new (gboolean demo)
{
  HarkApplication *self;

  self = g_object_new (HARK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN |
                                  (demo ? G_APPLICATION_NON_UNIQUE : G_APPLICATION_DEFAULT_FLAGS),
                       "resource-base-path", "/io/github/hark/Hark",
                       NULL);
  self->demo = demo;
  return self;
}

/**
 * hark_application_get_accounts:
 * @self: the application
 *
 * Returns: (transfer none): the #HarkAccount list
 */
GListModel *
hark_application_get_accounts (HarkApplication *self)
{
  g_return_val_if_fail (HARK_IS_APPLICATION (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

GSettings *
hark_application_get_settings (HarkApplication *self)
{
  g_return_val_if_fail (HARK_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * hark_application_get_demo:
 * @self: the application
 *
 * Returns: whether the demo mailbox is open
 */
gboolean
hark_application_get_demo (HarkApplication *self)
{
  g_return_val_if_fail (HARK_IS_APPLICATION (self), FALSE);
  return self->demo_server != NULL;
}

/**
 * hark_application_get_demo_server:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the reference server of the demo
 */
UmServer *
hark_application_get_demo_server (HarkApplication *self)
{
  g_return_val_if_fail (HARK_IS_APPLICATION (self), NULL);
  return self->demo_server;
}

/**
 * hark_application_start_demo:
 * @self: the application
 * @error: where a server that cannot listen says so
 *
 * Starts the reference server with the demo mailbox on loopback, and adds
 * an account for it (the first in the list); once is enough.
 *
 * Returns: (transfer none) (nullable): the demo account
 */
HarkAccount *
hark_application_start_demo (HarkApplication  *self,
                             GError          **error)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  HarkAccount *account;
  g_autofree char *password = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *legacy_url = NULL;
  g_autofree char *ews_url = NULL;
  UmServerPhone *phone;

  g_return_val_if_fail (HARK_IS_APPLICATION (self), NULL);

  account = find_account (self, DEMO_ID, NULL);
  if (account != NULL)
    return account;

  password = g_uuid_string_random ();
  self->demo_server = um_server_new ();
  um_server_add_demo_account (self->demo_server, "demo", password);
  phone = um_server_get_phone (self->demo_server);
  um_server_phone_set_ring_time (phone, 2.0);
  um_server_phone_set_play_time (phone, 6.0);
  if (!um_server_listen (self->demo_server, 0, error))
    {
      g_clear_object (&self->demo_server);
      return NULL;
    }

  self->demo_dir = g_dir_make_tmp ("hark-demo-XXXXXX", error);
  if (self->demo_dir == NULL)
    return NULL;

  base = g_strdup (um_server_get_url (self->demo_server));
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  legacy_url = g_strconcat (base, "/EWS/UM2007Legacy.asmx", NULL);
  ews_url = g_strconcat (base, "/EWS/Exchange.asmx", NULL);

  backend = g_memory_settings_backend_new ();
  path = g_strdup_printf ("%s%s/", HARK_ACCOUNT_SCHEMA_PATH, DEMO_ID);
  settings = g_settings_new_full (g_settings_schema_source_lookup (
                                    g_settings_schema_source_get_default (),
                                    HARK_ACCOUNT_SCHEMA_ID, TRUE),
                                  backend, path);
  g_settings_set_string (settings, "email", "demo@contoso.com");
  g_settings_set_string (settings, "user", "demo");
  g_settings_set_string (settings, "ews-url", ews_url);
  g_settings_set_string (settings, "um-url", legacy_url);

  account = hark_account_new (DEMO_ID, settings, self->demo_dir, error);
  if (account == NULL)
    return NULL;
  hark_account_set_password (account, password);
  g_list_store_insert (self->accounts, 0, account);
  g_object_unref (account);
  hark_account_start (account);
  return account;
}

/**
 * hark_application_add_account:
 * @self: the application
 * @id: the id of an account whose settings are written
 * @password: (nullable): its password, if just typed; else the secret
 *   service's is used
 * @error: where a store that cannot be opened says so
 *
 * Adds the account to the list (and to the settings), and starts it.
 *
 * Returns: (transfer none) (nullable): the account
 */
HarkAccount *
hark_application_add_account (HarkApplication  *self,
                              const char       *id,
                              const char       *password,
                              GError          **error)
{
  HarkAccount *account;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_return_val_if_fail (HARK_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  account = find_account (self, id, NULL);
  if (account != NULL)
    return account;

  account = open_account (self, id, password, error);
  if (account == NULL)
    return NULL;

  ids = g_settings_get_strv (self->settings, "accounts");
  g_strv_builder_addv (builder, (const char **)ids);
  if (!g_strv_contains ((const char * const *)ids, id))
    g_strv_builder_add (builder, id);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "accounts", (const char * const *)updated);
  return account;
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hark_secrets_clear_finish (HARK_SECRETS (object), result, &error))
    g_message ("The password of a removed account is still in the secret service: %s",
               error->message);
}

/**
 * hark_application_remove_account:
 * @self: the application
 * @account: one of its accounts
 *
 * Stops the account and forgets it: its settings and its password; the
 * store stays on disk.
 */
void
hark_application_remove_account (HarkApplication *self,
                                 HarkAccount     *account)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint position;

  g_return_if_fail (HARK_IS_APPLICATION (self));
  g_return_if_fail (HARK_IS_ACCOUNT (account));

  if (find_account (self, hark_account_get_id (account), &position) == NULL)
    return;
  hark_account_stop (account);

  ids = g_settings_get_strv (self->settings, "accounts");
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_str_equal (ids[i], hark_account_get_id (account)))
      g_strv_builder_add (builder, ids[i]);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "accounts", (const char * const *)updated);

  /* The demo's password never was in the secret service. */
  if (!self->demo)
    {
      g_autoptr(HarkSecrets) secrets = hark_secrets_new ();

      hark_secrets_clear_async (secrets, hark_account_get_secret_server (account),
                                hark_account_get_user (account), NULL, secret_cleared_cb,
                                NULL);
    }
  g_list_store_remove (self->accounts, position);
}
