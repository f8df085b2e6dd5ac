/* hark-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A leaflet of three panes: the folders of every account with their
 * unheard counts, the messages of one folder (a GtkListView over the store's
 * live model, filtered by the search), and the message with its player.
 *
 * Everything shown comes from the store; the network is only behind the
 * account (synchronising, the outbox) and behind Play (fetching audio not
 * yet cached). What the user does goes through win.* actions, so buttons,
 * menus and keys do the same thing.
 */

#include "config.h"

#include "hark-window.h"

#include "hark-account-setup.h"
#include "hark-app-enum-types.h"
#include "hark-call-window.h"
#include "hark-error.h"
#include "hark-message-list.h"
#include "hark-message-row.h"
#include "hark-secrets.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define SKIP_MS 5000

struct _HarkWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template */
  GtkWidget            *toast_overlay;
  GtkWidget            *main_stack;
  GtkWidget            *leaflet;
  GtkWidget            *sidebar_pane;
  GtkWidget            *sidebar_list;
  GtkWidget            *list_pane;
  GtkWidget            *list_title;
  GtkWidget            *search_button;
  GtkWidget            *sync_stack;
  GtkWidget            *sync_spinner;
  GtkWidget            *demo_banner;
  GtkWidget            *status_banner;
  GtkWidget            *status_banner_box;
  GtkWidget            *status_banner_label;
  GtkWidget            *status_banner_button;
  GtkWidget            *search_bar;
  GtkWidget            *search_entry;
  GtkWidget            *sync_progress;
  GtkWidget            *list_stack;
  GtkWidget            *message_list;
  GtkWidget            *loading_page;
  GtkWidget            *loading_spinner;
  GtkWidget            *empty_page;
  GtkWidget            *message_view;

  HarkApplication      *application;
  GSettings            *settings;
  HarkAccount          *account;
  HarkFolder            folder;
  HarkMessageList      *list;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  char                 *search;
  gboolean              updating_sidebar;
  gboolean              streaming;       /* the player is on a download */

  HarkPlayer           *player;
  char                 *loaded_id;
  GCancellable         *audio_cancellable;
  GPtrArray            *watched;
};

G_DEFINE_FINAL_TYPE (HarkWindow, hark_window, ADW_TYPE_APPLICATION_WINDOW)

static const struct {
  HarkFolder  folder;
  const char *icon;
} folders[] = {
  { HARK_FOLDER_NEW, "mail-unread-symbolic" },
  { HARK_FOLDER_HEARD, "mail-read-symbolic" },
  { HARK_FOLDER_WORK, "folder-documents-symbolic" },
  { HARK_FOLDER_FAMILY, "user-home-symbolic" },
  { HARK_FOLDER_FRIENDS, "user-bookmarks-symbolic" },
  { HARK_FOLDER_DELETED, "user-trash-symbolic" },
};

static const char *
folder_name (HarkFolder folder)
{
  switch (folder)
    {
    case HARK_FOLDER_NEW:
      return _("New");
    case HARK_FOLDER_HEARD:
      return _("Heard");
    case HARK_FOLDER_WORK:
      return _("Work");
    case HARK_FOLDER_FAMILY:
      return _("Family");
    case HARK_FOLDER_FRIENDS:
      return _("Friends");
    case HARK_FOLDER_DELETED:
    default:
      return _("Deleted");
    }
}

static void update_actions (HarkWindow *self);
static void update_list_page (HarkWindow *self);
static void update_banner (HarkWindow *self);
static void update_badges (HarkWindow *self, HarkAccount *account);

/* Toasts */

void
hark_window_show_toast (HarkWindow *self,
                        const char *text)
{
  AdwToast *toast;

  g_return_if_fail (HARK_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), toast);
}

static void
show_error (HarkWindow   *self,
            const GError *error)
{
  g_autofree char *text = hark_error_describe (error);

  hark_window_show_toast (self, text);
}

/* The sidebar */

static GtkWidget *
folder_row_new (HarkAccount *account,
                HarkFolder   folder,
                const char  *icon)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (folder_name (folder));
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (badge, "hark-badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "hark-account", g_object_ref (account),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "hark-folder", GINT_TO_POINTER (folder));
  g_object_set_data (G_OBJECT (row), "hark-badge", badge);
  return row;
}

static GtkListBoxRow *
find_row (HarkWindow  *self,
          HarkAccount *account,
          HarkFolder   folder)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->sidebar_list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_object_get_data (G_OBJECT (child), "hark-account") == account &&
          GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "hark-folder")) == (int)folder)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

/* The window's title counts the new voice mail of every account, as the
 * sidebar's badges and the notifications do: "Hark (3)". */
static void
update_title (HarkWindow *self)
{
  GListModel *accounts = hark_application_get_accounts (self->application);
  guint n = g_list_model_get_n_items (accounts);
  int unheard = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (accounts, i);

      unheard += hark_store_count (hark_account_get_store (account), HARK_FOLDER_NEW, TRUE);
    }
  /* Translators: the window's title with the number of new voice mails */
  title = unheard > 0 ? g_strdup_printf (_("Hark (%d)"), unheard) : g_strdup ("Hark");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_badges (HarkWindow  *self,
               HarkAccount *account)
{
  HarkStore *store = hark_account_get_store (account);

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      GtkListBoxRow *row = find_row (self, account, folders[i].folder);
      GtkWidget *badge;
      int unheard;
      g_autofree char *text = NULL;
      g_autofree char *accessible = NULL;

      if (row == NULL)
        continue;
      badge = g_object_get_data (G_OBJECT (row), "hark-badge");
      unheard = hark_store_count (store, folders[i].folder, TRUE);
      text = g_strdup_printf ("%d", unheard);
      gtk_label_set_text (GTK_LABEL (badge), text);
      gtk_widget_set_visible (badge, unheard > 0);
      if (folders[i].folder == HARK_FOLDER_NEW)
        gtk_widget_add_css_class (badge, "accent");

      /* Translators: a folder in the sidebar, e.g. "New, 3 unheard" */
      accessible = unheard > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %d unheard",
                                                               "%s, %d unheard", unheard),
                                                  folder_name (folders[i].folder), unheard)
                               : g_strdup (folder_name (folders[i].folder));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
    }
  update_title (self);
}

static void
sidebar_header_cb (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  HarkAccount *account = g_object_get_data (G_OBJECT (row), "hark-account");
  GtkWidget *header;

  if (before != NULL && g_object_get_data (G_OBJECT (before), "hark-account") == account)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (hark_account_get_title (account));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_list_box_row_set_header (row, header);
}

static void
sidebar_row_selected_cb (GtkListBox    *list,
                         GtkListBoxRow *row,
                         HarkWindow    *self)
{
  if (row == NULL || self->updating_sidebar)
    return;
  hark_window_select_folder (self,
                             g_object_get_data (G_OBJECT (row), "hark-account"),
                             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "hark-folder")));
}

static void
sidebar_row_activated_cb (GtkListBox    *list,
                          GtkListBoxRow *row,
                          HarkWindow    *self)
{
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);
}

/* Accounts */

static void
account_notify_cb (HarkAccount *account,
                   GParamSpec  *pspec,
                   HarkWindow  *self)
{
  if (account != self->account)
    return;
  update_banner (self);
  update_list_page (self);
  update_actions (self);
}

static void
store_changed_cb (HarkStore  *store,
                  HarkWindow *self)
{
  guint n = g_list_model_get_n_items (hark_application_get_accounts (self->application));
  HarkMessage *shown;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account =
        g_list_model_get_item (hark_application_get_accounts (self->application), i);

      if (hark_account_get_store (account) == store)
        update_badges (self, account);
    }

  /* The message shown follows what happens to it: heard, moved, a new id
   * once the server moved it. */
  shown = hark_message_view_get_message (HARK_MESSAGE_VIEW (self->message_view));
  if (shown != NULL && self->account != NULL && hark_account_get_store (self->account) == store)
    {
      g_autoptr(HarkMessage) current = hark_store_find (store, hark_message_get_id (shown));

      if (current != NULL && !hark_message_equal (current, shown))
        {
          if (g_strcmp0 (self->loaded_id, hark_message_get_id (shown)) == 0)
            {
              g_free (self->loaded_id);
              self->loaded_id = g_strdup (hark_message_get_id (current));
            }
          hark_message_view_set_message (HARK_MESSAGE_VIEW (self->message_view), current);
        }
    }
  update_actions (self);
}

static void
conflicts_cb (HarkAccount *account,
              guint        count,
              HarkWindow  *self)
{
  g_autoptr(GPtrArray) conflicts = hark_store_take_conflicts (hark_account_get_store (account));

  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      HarkConflict *conflict = conflicts->pdata[i];
      /* Translators: %s is the server's account of an action it could not do */
      g_autofree char *text = g_strdup_printf (_("An action could not be done on the server: %s"),
                                               conflict->description);

      hark_window_show_toast (self, text);
    }
}

static void audio_started_cb (HarkSync   *sync,
                              const char *item_id,
                              guint       index,
                              guint       n_files,
                              const char *path,
                              HarkWindow *self);

static void
watch_account (HarkWindow  *self,
               HarkAccount *account)
{
  if (g_ptr_array_find (self->watched, account, NULL))
    return;
  g_ptr_array_add (self->watched, g_object_ref (account));
  g_signal_connect_object (account, "notify", G_CALLBACK (account_notify_cb), self, 0);
  g_signal_connect_object (account, "conflicts", G_CALLBACK (conflicts_cb), self, 0);
  g_signal_connect_object (hark_account_get_store (account), "changed",
                           G_CALLBACK (store_changed_cb), self, 0);
  g_signal_connect_object (hark_account_get_sync (account), "audio-started",
                           G_CALLBACK (audio_started_cb), self, 0);
}

static void
rebuild_sidebar (HarkWindow *self)
{
  GListModel *accounts = hark_application_get_accounts (self->application);
  guint n = g_list_model_get_n_items (accounts);
  GtkWidget *child;
  GtkListBoxRow *row;

  self->updating_sidebar = TRUE;
  while ((child = gtk_widget_get_first_child (self->sidebar_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->sidebar_list), child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (accounts, i);

      watch_account (self, account);
      for (guint j = 0; j < G_N_ELEMENTS (folders); j++)
        gtk_list_box_append (GTK_LIST_BOX (self->sidebar_list),
                             folder_row_new (account, folders[j].folder, folders[j].icon));
      update_badges (self, account);
    }
  self->updating_sidebar = FALSE;

  gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), n > 0 ? "mailbox"
                                                                        : "welcome");
  if (n == 0)
    {
      g_clear_object (&self->account);
      update_title (self);
      return;
    }

  /* Stay where we were, if that account is still there. */
  row = self->account != NULL ? find_row (self, self->account, self->folder) : NULL;
  if (row != NULL)
    {
      self->updating_sidebar = TRUE;
      gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list), row);
      self->updating_sidebar = FALSE;
    }
  else
    {
      g_autoptr(HarkAccount) first = g_list_model_get_item (accounts, 0);

      hark_window_select_folder (self, first, HARK_FOLDER_NEW);
    }
}

static void
accounts_changed_cb (GListModel *accounts,
                     guint       position,
                     guint       removed,
                     guint       added,
                     HarkWindow *self)
{
  rebuild_sidebar (self);
}

/* The banners */

static void
update_banner (HarkWindow *self)
{
  HarkAccount *account = self->account;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *button = NULL;
  const char *action = NULL;
  const char *style = "warning";
  HarkAccountState state;
  guint pending;
  gboolean syncing;

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->demo_banner),
                                 account != NULL &&
                                 hark_application_get_demo (self->application) &&
                                 g_str_equal (hark_account_get_id (account), "demo"));
  if (account == NULL)
    {
      gtk_revealer_set_reveal_child (GTK_REVEALER (self->status_banner), FALSE);
      return;
    }

  state = hark_account_get_state (account);
  pending = hark_account_get_pending (account);
  syncing = hark_account_get_syncing (account);
  if (hark_account_get_error (account) != NULL)
    tooltip = hark_error_describe (hark_account_get_error (account));

  switch (state)
    {
    case HARK_ACCOUNT_STATE_OFFLINE:
      if (pending > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Offline: showing saved voice mail. %u action will "
                                             "be sent when the server is back.",
                                             "Offline: showing saved voice mail. %u actions will "
                                             "be sent when the server is back.", pending),
                                pending);
      else
        text = g_strdup (_("Offline: showing saved voice mail."));
      button = _("_Retry");
      action = "win.sync";
      break;
    case HARK_ACCOUNT_STATE_NEEDS_PASSWORD:
      text = g_strdup (_("The server needs your password."));
      button = _("_Enter Password…");
      action = "win.enter-password";
      style = "error";
      break;
    case HARK_ACCOUNT_STATE_UNTRUSTED:
      text = g_strdup (_("The server's certificate is not trusted, so Hark did not connect."));
      button = _("_Show Certificate…");
      action = "win.show-certificate";
      style = "error";
      break;
    case HARK_ACCOUNT_STATE_ONLINE:
    case HARK_ACCOUNT_STATE_CONNECTING:
    case HARK_ACCOUNT_STATE_IDLE:
    default:
      if (pending > 0 && !syncing)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action waits to be sent.",
                                             "%u actions wait to be sent.", pending), pending);
      break;
    }

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->status_banner), text != NULL);
  if (text == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->status_banner_label), text);
  gtk_widget_set_tooltip_text (self->status_banner_label, tooltip);
  gtk_widget_set_visible (self->status_banner_button, button != NULL);
  if (button != NULL)
    {
      gtk_button_set_label (GTK_BUTTON (self->status_banner_button), button);
      gtk_button_set_use_underline (GTK_BUTTON (self->status_banner_button), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_banner_button), action);
    }
  gtk_widget_remove_css_class (self->status_banner_box, "warning");
  gtk_widget_remove_css_class (self->status_banner_box, "error");
  gtk_widget_add_css_class (self->status_banner_box, style);
}

/* The list */

static void
update_list_page (HarkWindow *self)
{
  const char *page = "list";
  gboolean first_sync;
  guint done, total;

  if (self->account == NULL || self->filtered == NULL)
    return;

  first_sync = hark_account_get_first_sync (self->account);
  done = hark_account_get_progress_done (self->account);
  total = hark_account_get_progress_total (self->account);

  gtk_stack_set_visible_child_name (GTK_STACK (self->sync_stack),
                                    hark_account_get_syncing (self->account) ? "spinner"
                                                                             : "button");
  gtk_spinner_set_spinning (GTK_SPINNER (self->sync_spinner),
                            hark_account_get_syncing (self->account));

  gtk_widget_set_visible (self->sync_progress, first_sync && total > 0);
  if (first_sync && total > 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->sync_progress),
                                   (double)done / total);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    page = "list";
  else if (self->search != NULL)
    page = "no-results";
  else if (first_sync || (hark_account_get_state (self->account) ==
                          HARK_ACCOUNT_STATE_CONNECTING &&
                          hark_store_count (hark_account_get_store (self->account),
                                            HARK_FOLDER_NEW, FALSE) == 0 &&
                          hark_store_dup_sync_state (hark_account_get_store (self->account),
                                                     "inbox") == NULL))
    {
      g_autofree char *description = NULL;

      page = "loading";
      if (total > 0)
        /* Translators: progress of the first synchronization */
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u voice mail",
                                                    "%u of %u voice mails", total),
                                       done, total);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->loading_page), description);
    }
  else
    {
      const char *title, *description = NULL;

      page = "empty";
      switch (self->folder)
        {
        case HARK_FOLDER_NEW:
          title = _("No New Voice Mail");
          description = _("You have heard every message");
          break;
        case HARK_FOLDER_HEARD:
          title = _("No Heard Voice Mail");
          break;
        case HARK_FOLDER_DELETED:
          title = _("Nothing Deleted");
          break;
        case HARK_FOLDER_WORK:
        case HARK_FOLDER_FAMILY:
        case HARK_FOLDER_FRIENDS:
        default:
          title = _("This Folder Is Empty");
          description = _("Use “Move To” on a message to keep it here");
          break;
        }
      adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), title);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page), description);
    }

  gtk_spinner_set_spinning (GTK_SPINNER (self->loading_spinner), g_str_equal (page, "loading"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), page);
}

static void
filtered_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     HarkWindow *self)
{
  update_list_page (self);
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_cb (gpointer item,
           gpointer user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = item;

  if (self->search == NULL)
    return TRUE;
  return contains_folded (hark_message_get_caller_name (message), self->search) ||
         contains_folded (hark_message_get_caller_number (message), self->search) ||
         contains_folded (hark_message_get_transcription (message), self->search);
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   HarkWindow     *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (stripped[0] != '\0')
    self->search = g_utf8_casefold (stripped, -1);
  /* No search, no filter: a filter would be asked about every message. */
  if (self->filtered != NULL)
    {
      gtk_filter_list_model_set_filter (self->filtered,
                                        self->search != NULL ? GTK_FILTER (self->filter) : NULL);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  update_list_page (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, hark_message_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  hark_message_row_set_message (HARK_MESSAGE_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  hark_message_row_set_message (HARK_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The message and its player */

static void
stop_player (HarkWindow *self)
{
  g_cancellable_cancel (self->audio_cancellable);
  g_clear_object (&self->audio_cancellable);
  g_clear_pointer (&self->loaded_id, g_free);
  self->streaming = FALSE;
  hark_player_stop (self->player);
  hark_message_view_set_status (HARK_MESSAGE_VIEW (self->message_view), NULL, FALSE);
}

static void
show_message (HarkWindow  *self,
              HarkMessage *message)
{
  HarkMessage *shown = hark_message_view_get_message (HARK_MESSAGE_VIEW (self->message_view));

  if (shown == NULL || message == NULL ||
      g_strcmp0 (hark_message_get_id (shown), hark_message_get_id (message)) != 0)
    stop_player (self);
  hark_message_view_set_message (HARK_MESSAGE_VIEW (self->message_view), message);
  update_actions (self);
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      HarkWindow         *self)
{
  HarkMessage *message = gtk_single_selection_get_selected_item (selection);

  /* A message that left the folder (heard, moved) stays shown. */
  if (message == NULL)
    return;
  show_message (self, message);
}

static void
list_activate_cb (GtkListView *view,
                  guint        position,
                  HarkWindow  *self)
{
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->message_view);
}

static HarkMessage *
current_message (HarkWindow *self)
{
  return hark_message_view_get_message (HARK_MESSAGE_VIEW (self->message_view));
}

static void
player_state_cb (HarkPlayer *player,
                 GParamSpec *pspec,
                 HarkWindow *self)
{
  HarkMessage *message = current_message (self);
  g_autoptr(GError) error = NULL;

  if (hark_player_get_state (player) != HARK_PLAYER_STATE_PLAYING || message == NULL ||
      g_strcmp0 (self->loaded_id, hark_message_get_id (message)) != 0 ||
      self->account == NULL || hark_message_get_heard (message) ||
      !g_settings_get_boolean (self->settings, "mark-heard-on-play"))
    return;

  if (!hark_account_mark (self->account, hark_message_get_id (message), TRUE, &error))
    show_error (self, error);
}

static void
audio_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HarkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  HarkMessage *message;

  paths = hark_account_fetch_audio_finish (HARK_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->audio_cancellable);
  message = current_message (self);

  /* Already playing as it arrived: the player takes the complete file. */
  if (self->streaming)
    {
      self->streaming = FALSE;
      hark_player_growing_done (self->player, paths != NULL ? paths[0] : NULL);
      if (paths == NULL)
        {
          g_autofree char *text = hark_error_describe (error);

          hark_message_view_set_status (HARK_MESSAGE_VIEW (self->message_view), text, TRUE);
          g_clear_pointer (&self->loaded_id, g_free);
        }
      return;
    }

  if (paths == NULL || paths[0] == NULL)
    {
      g_autofree char *text = NULL;

      if (error == NULL)
        text = g_strdup (_("This voice mail has no audio."));
      else if (hark_sync_error_is_offline (error))
        text = g_strdup (_("This voice mail has not been downloaded yet, and the server "
                           "cannot be reached. It will play once Hark is back online."));
      else
        text = hark_error_describe (error);
      g_clear_pointer (&self->loaded_id, g_free);
      hark_message_view_set_status (HARK_MESSAGE_VIEW (self->message_view), text, TRUE);
      return;
    }

  hark_player_load (self->player, (const char * const *)paths,
                    message != NULL ? (gint64)hark_message_get_duration (message) * 1000 : 0);
  hark_player_play (self->player);
}

/* A message with one audio file plays as it downloads. */
static void
audio_started_cb (HarkSync   *sync,
                  const char *item_id,
                  guint       index,
                  guint       n_files,
                  const char *path,
                  HarkWindow *self)
{
  HarkMessage *message = current_message (self);

  if (self->audio_cancellable == NULL || self->streaming || index != 0 || n_files != 1 ||
      g_strcmp0 (self->loaded_id, item_id) != 0 || self->account == NULL ||
      hark_account_get_sync (self->account) != sync)
    return;

  self->streaming = TRUE;
  hark_player_load_growing (self->player, path,
                            message != NULL ? (gint64)hark_message_get_duration (message) * 1000
                                            : 0);
  hark_player_play (self->player);
}

static void
play (HarkWindow *self)
{
  HarkMessage *message = current_message (self);

  if (message == NULL || self->account == NULL)
    return;

  if (g_strcmp0 (self->loaded_id, hark_message_get_id (message)) == 0)
    {
      if (hark_player_get_state (self->player) == HARK_PLAYER_STATE_ERROR)
        return;
      if (self->audio_cancellable == NULL || self->streaming)
        hark_player_toggle (self->player);
      return;
    }

  stop_player (self);
  self->loaded_id = g_strdup (hark_message_get_id (message));
  self->audio_cancellable = g_cancellable_new ();
  hark_message_view_set_status (HARK_MESSAGE_VIEW (self->message_view), _("Downloading…"),
                                FALSE);
  hark_account_fetch_audio_async (self->account, hark_message_get_id (message),
                                  self->audio_cancellable, audio_fetched_cb,
                                  g_object_ref (self));
}

/* Actions */

static void
action_set_enabled (HarkWindow *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (HarkWindow *self)
{
  HarkMessage *message = current_message (self);
  gboolean have = message != NULL && self->account != NULL;
  gboolean deleted = have && hark_message_get_folder (message) == HARK_FOLDER_DELETED;
  gboolean um = self->account != NULL && hark_account_get_um_enabled (self->account);
  const char *number = have ? hark_message_get_caller_number (message) : NULL;

  action_set_enabled (self, "play", have);
  /* No seeking while a message plays as it downloads. */
  action_set_enabled (self, "skip-back", have && hark_player_get_seekable (self->player));
  action_set_enabled (self, "skip-forward", have && hark_player_get_seekable (self->player));
  action_set_enabled (self, "toggle-heard", have);
  action_set_enabled (self, "move", have && !deleted);
  action_set_enabled (self, "delete", have && !deleted);
  action_set_enabled (self, "undelete", have && deleted);
  action_set_enabled (self, "play-on-phone", have && um);
  action_set_enabled (self, "call-back", number != NULL && number[0] != '\0');
  action_set_enabled (self, "save-audio", have);
  action_set_enabled (self, "sync", self->account != NULL);
  hark_message_view_set_phone_visible (HARK_MESSAGE_VIEW (self->message_view),
                                       self->account == NULL ||
                                       !hark_account_get_um_known (self->account) || um);
}

static void
back_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkWindow *self = user_data;

  adw_leaflet_navigate (ADW_LEAFLET (self->leaflet), ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sync_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkWindow *self = user_data;

  if (self->account != NULL)
    hark_account_sync (self->account);
}

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HarkWindow *self = user_data;

  if (self->account == NULL)
    return;
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
  gtk_widget_grab_focus (self->search_entry);
}

static void
play_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  play (user_data);
}

static void
stop_file_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  HarkWindow *self = user_data;

  if (self->loaded_id == NULL)
    hark_player_stop (self->player);
}

static void
skip_back_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  HarkWindow *self = user_data;

  hark_player_skip (self->player, -SKIP_MS);
}

static void
skip_forward_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  HarkWindow *self = user_data;

  hark_player_skip (self->player, SKIP_MS);
}

static void
rate_changed (GSimpleAction *action,
              GVariant      *value,
              gpointer       user_data)
{
  HarkWindow *self = user_data;
  double rate = CLAMP (g_variant_get_double (value), HARK_PLAYER_MIN_RATE, HARK_PLAYER_MAX_RATE);

  g_simple_action_set_state (action, g_variant_new_double (rate));
  hark_player_set_rate (self->player, rate);
  g_settings_set_double (self->settings, "playback-rate", rate);
}

static void
toggle_heard_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);
  g_autoptr(GError) error = NULL;

  if (message == NULL || self->account == NULL)
    return;
  if (!hark_account_mark (self->account, hark_message_get_id (message),
                          !hark_message_get_heard (message), &error))
    show_error (self, error);
}

static void
move_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  HarkFolder folder;

  if (message == NULL || self->account == NULL ||
      !hark_folder_from_nick (g_variant_get_string (parameter, NULL), &folder))
    return;
  if (!hark_account_move (self->account, hark_message_get_id (message), folder, &error))
    {
      show_error (self, error);
      return;
    }
  /* Translators: %s is a folder */
  text = g_strdup_printf (_("Moved to %s"),
                          folder == HARK_FOLDER_NEW ? _("Inbox") : folder_name (folder));
  hark_window_show_toast (self, text);
}

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  AdwToast *toast;

  if (message == NULL || self->account == NULL)
    return;
  id = g_strdup (hark_message_get_id (message));
  if (!hark_account_delete (self->account, id, &error))
    {
      show_error (self, error);
      return;
    }
  stop_player (self);

  toast = adw_toast_new (_("Voice mail deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), toast);
}

static void
undelete (HarkWindow *self,
          const char *id)
{
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (self->account == NULL)
    return;
  /* The id may have changed since: the store follows it. */
  message = hark_store_find (hark_account_get_store (self->account), id);
  if (message == NULL)
    return;
  if (!hark_account_undelete (self->account, hark_message_get_id (message), &error))
    show_error (self, error);
}

static void
undo_delete_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  undelete (user_data, g_variant_get_string (parameter, NULL));
}

static void
undelete_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);

  if (message != NULL)
    undelete (self, hark_message_get_id (message));
}

static void
play_on_phone_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);
  GtkWidget *window;

  if (message == NULL || self->account == NULL)
    return;
  hark_player_pause (self->player);
  window = hark_call_window_new (self->account, message);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

static char *
tel_uri (const char *number)
{
  GString *uri = g_string_new ("tel:");

  for (const char *p = number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && uri->len == 4) || *p == '*' || *p == '#')
      g_string_append_c (uri, *p);
  return g_string_free (uri, FALSE);
}

static void
uri_shown_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HarkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    hark_window_show_toast (self, _("No application for phone calls is installed. Install "
                                    "one (GNOME Calls, for example) to call back from Hark."));
}

static void
call_back_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);
  g_autofree char *uri = NULL;

  if (message == NULL || hark_message_get_caller_number (message) == NULL)
    return;
  uri = tel_uri (hark_message_get_caller_number (message));
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, uri_shown_cb,
                     g_object_ref (self));
}

typedef struct {
  HarkWindow *window;
  char      **paths;
  GFile      *target;
  guint       next;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->window);
  g_strfreev (data->paths);
  g_clear_object (&data->target);
  g_free (data);
}

static void copy_next (SaveData *data);

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("The audio could not be saved: %s"),
                                               error->message);

      hark_window_show_toast (data->window, text);
      save_data_free (data);
      return;
    }
  copy_next (data);
}

/* The first part goes where the user said; further parts beside it, as
 * NAME-2.EXT and so on. */
static void
copy_next (SaveData *data)
{
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;

  if (data->paths[data->next] == NULL)
    {
      hark_window_show_toast (data->window, _("Audio saved"));
      save_data_free (data);
      return;
    }

  source = g_file_new_for_path (data->paths[data->next]);
  if (data->next == 0)
    target = g_object_ref (data->target);
  else
    {
      g_autofree char *base = g_file_get_basename (data->target);
      g_autoptr(GFile) parent = g_file_get_parent (data->target);
      char *dot = strrchr (base, '.');
      g_autofree char *name = NULL;

      if (dot != NULL)
        *dot = '\0';
      name = g_strdup_printf ("%s-%u%s%s", base, data->next + 1, dot != NULL ? "." : "",
                              dot != NULL ? dot + 1 : "");
      target = g_file_get_child (parent, name);
    }
  data->next++;
  g_file_copy_async (source, target, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, NULL, NULL,
                     NULL, copied_cb, data);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SaveData        *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      data->target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      copy_next (data);
    }
  else
    save_data_free (data);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HarkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  GtkFileChooserNative *chooser;
  HarkMessage *message = current_message (self);
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *caller = NULL;
  const char *extension;
  SaveData *data;

  paths = hark_account_fetch_audio_finish (HARK_ACCOUNT (object), result, &error);
  if (paths == NULL || paths[0] == NULL)
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }

  basename = g_path_get_basename (paths[0]);
  extension = strrchr (basename, '.');
  caller = message != NULL ? hark_format_caller (message) : g_strdup (_("Voice mail"));
  g_strdelimit (caller, "/\\:", '-');
  name = g_strdup_printf ("%s%s", caller, extension != NULL ? extension : "");

  chooser = gtk_file_chooser_native_new (_("Save Audio"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  data = g_new0 (SaveData, 1);
  data->window = g_object_ref (self);
  data->paths = g_steal_pointer (&paths);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_audio_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HarkWindow *self = user_data;
  HarkMessage *message = current_message (self);

  if (message == NULL || self->account == NULL)
    return;
  hark_account_fetch_audio_async (self->account, hark_message_get_id (message), NULL,
                                  save_fetched_cb, g_object_ref (self));
}

static void
add_account_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HarkWindow *self = user_data;
  GtkWidget *setup = hark_account_setup_new (self->application);

  gtk_window_set_transient_for (GTK_WINDOW (setup), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (setup), TRUE);
  gtk_window_present (GTK_WINDOW (setup));
}

/* A password typed here is kept in the secret service once the server took it. */

typedef struct {
  HarkAccount *account;
  char        *password;
  gulong       handler;
} PasswordData;

static void
password_data_free (PasswordData *data)
{
  g_clear_signal_handler (&data->handler, data->account);
  g_object_unref (data->account);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hark_secrets_store_finish (HARK_SECRETS (object), result, &error))
    g_message ("The password could not be stored in the secret service: %s", error->message);
}

static void
password_state_cb (HarkAccount  *account,
                   GParamSpec   *pspec,
                   PasswordData *data)
{
  HarkAccountState state = hark_account_get_state (account);

  if (state == HARK_ACCOUNT_STATE_ONLINE)
    {
      g_autoptr(HarkSecrets) secrets = hark_secrets_new ();

      hark_secrets_store_async (secrets, hark_account_get_secret_server (account),
                                hark_account_get_user (account), data->password, NULL,
                                password_stored_cb, NULL);
    }
  if (state == HARK_ACCOUNT_STATE_ONLINE || state == HARK_ACCOUNT_STATE_NEEDS_PASSWORD ||
      state == HARK_ACCOUNT_STATE_IDLE)
    password_data_free (data);
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      HarkWindow       *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  HarkAccount *account = g_object_get_data (G_OBJECT (dialog), "hark-account");
  const char *password = gtk_editable_get_text (GTK_EDITABLE (entry));
  PasswordData *data;

  if (!g_str_equal (response, "sign-in") || password[0] == '\0')
    return;

  data = g_new0 (PasswordData, 1);
  data->account = g_object_ref (account);
  data->password = g_strdup (password);
  data->handler = g_signal_connect (account, "notify::state", G_CALLBACK (password_state_cb),
                                    data);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  hark_account_set_password (account, data->password);
}

static void
enter_password_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  HarkWindow *self = user_data;
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;

  if (self->account == NULL)
    return;

  if (hark_account_get_error (self->account) != NULL)
    body = hark_error_describe (hark_account_get_error (self->account));
  else
    body = g_strdup_printf (_("Enter the password of %s."), hark_account_get_user (self->account));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Password Needed"), body);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-in",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign-in");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hark-account", g_object_ref (self->account),
                          g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
certificate_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         HarkWindow       *self)
{
  HarkAccount *account = g_object_get_data (G_OBJECT (dialog), "hark-account");
  GTlsCertificate *certificate = g_object_get_data (G_OBJECT (dialog), "hark-certificate");
  const char *host = g_object_get_data (G_OBJECT (dialog), "hark-host");

  if (g_str_equal (response, "trust"))
    hark_account_trust (account, host, certificate);
}

static void
show_certificate_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  HarkWindow *self = user_data;
  g_autofree char *host = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  GTlsCertificateFlags errors = 0;
  GtkWidget *dialog;

  if (self->account == NULL)
    return;
  host = hark_account_dup_untrusted_host (self->account);
  if (host != NULL)
    certificate = hark_tls_database_dup_rejected (hark_account_get_tls_database (self->account),
                                                  host, &errors);
  if (certificate == NULL)
    return;

  body = hark_certificate_describe (host, certificate, errors);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trust This Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust This Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "hark-account", g_object_ref (self->account),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "hark-certificate", g_object_ref (certificate),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "hark-host", g_strdup (host), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (certificate_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry win_actions[] = {
  { "back", back_activated },
  { "sync", sync_activated },
  { "search", search_activated },
  { "play", play_activated },
  { "stop-file", stop_file_activated },
  { "skip-back", skip_back_activated },
  { "skip-forward", skip_forward_activated },
  { "playback-rate", NULL, "d", "1.0", rate_changed },
  { "toggle-heard", toggle_heard_activated },
  { "move", move_activated, "s" },
  { "delete", delete_activated },
  { "undo-delete", undo_delete_activated, "s" },
  { "undelete", undelete_activated },
  { "play-on-phone", play_on_phone_activated },
  { "call-back", call_back_activated },
  { "save-audio", save_audio_activated },
  { "add-account", add_account_activated },
  { "enter-password", enter_password_activated },
  { "show-certificate", show_certificate_activated },
};

/**
 * hark_window_add_accels:
 * @application: the application
 *
 * The window's keyboard shortcuts that work wherever the focus is. Space,
 * Delete and the arrows are the window's own (see init), so that they still
 * type in the search entry.
 */
void
hark_window_add_accels (GtkApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "win.search", { "<Control>f", NULL } },
    { "win.sync", { "F5", "<Control>r", NULL } },
    { "win.toggle-heard", { "<Control>u", NULL } },
    { "win.play-on-phone", { "<Control>p", NULL } },
    { "win.save-audio", { "<Control>s", NULL } },
    { "win.call-back", { "<Control><Shift>c", NULL } },
    { "win.undelete", { "<Control>z", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (application, accels[i].action, accels[i].accels);
}

/* GObject */

static void
hark_window_close_request_save (HarkWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
hark_window_close_request (GtkWindow *window)
{
  HarkWindow *self = HARK_WINDOW (window);

  hark_window_close_request_save (self);
  stop_player (self);
  return GTK_WINDOW_CLASS (hark_window_parent_class)->close_request (window);
}

static void
hark_window_dispose (GObject *object)
{
  HarkWindow *self = HARK_WINDOW (object);

  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (hark_application_get_accounts (self->application),
                                          self);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      stop_player (self);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->player);
  g_clear_object (&self->account);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (hark_window_parent_class)->dispose (object);
}

static void
hark_window_class_init (HarkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hark_window_dispose;
  window_class->close_request = hark_window_close_request;

  g_type_ensure (HARK_TYPE_MESSAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HarkWindow, name)
  BIND (toast_overlay);
  BIND (main_stack);
  BIND (leaflet);
  BIND (sidebar_pane);
  BIND (sidebar_list);
  BIND (list_pane);
  BIND (list_title);
  BIND (search_button);
  BIND (sync_stack);
  BIND (sync_spinner);
  BIND (demo_banner);
  BIND (status_banner);
  BIND (status_banner_box);
  BIND (status_banner_label);
  BIND (status_banner_button);
  BIND (search_bar);
  BIND (search_entry);
  BIND (sync_progress);
  BIND (list_stack);
  BIND (message_list);
  BIND (loading_page);
  BIND (loading_spinner);
  BIND (empty_page);
  BIND (message_view);
#undef BIND

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.skip-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "win.skip-forward", NULL);
}

static void
hark_window_init (HarkWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *view_back;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new ("io.github.hark.Hark");

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The player, with the user's speed and volume. */
  self->player = hark_player_new ();
  hark_player_set_rate (self->player, g_settings_get_double (self->settings, "playback-rate"));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                          "playback-rate")),
                             g_variant_new_double (hark_player_get_rate (self->player)));
  g_settings_bind (self->settings, "volume", self->player, "volume", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (self->player, "notify::state", G_CALLBACK (player_state_cb), self);
  g_signal_connect_swapped (self->player, "notify::seekable", G_CALLBACK (update_actions), self);
  hark_message_view_set_player (HARK_MESSAGE_VIEW (self->message_view), self->player);

  /* The message pane's header follows the leaflet like the others. */
  g_object_bind_property (self->leaflet, "folded",
                          hark_message_view_get_header_bar (HARK_MESSAGE_VIEW (self->message_view)),
                          "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  view_back = hark_message_view_get_back_button (HARK_MESSAGE_VIEW (self->message_view));
  g_object_bind_property (self->leaflet, "folded", view_back, "visible", G_BINDING_SYNC_CREATE);

  /* The list: rows recycled by the view, filled by the search filter. */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->message_list), factory);
  g_signal_connect (self->message_list, "activate", G_CALLBACK (list_activate_cb), self);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);

  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar),
                                GTK_EDITABLE (self->search_entry));
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);

  gtk_list_box_set_header_func (GTK_LIST_BOX (self->sidebar_list), sidebar_header_cb, NULL,
                                NULL);
  g_signal_connect (self->sidebar_list, "row-selected", G_CALLBACK (sidebar_row_selected_cb),
                    self);
  g_signal_connect (self->sidebar_list, "row-activated", G_CALLBACK (sidebar_row_activated_cb),
                    self);
  update_actions (self);
}

/* For the start-up benchmark (tests/bench/bench-startup.c): with
 * HARK_BENCH_FIRST_FRAME set, the first frame that shows messages prints
 * "first-frame MONOTONIC-µs RSS-KiB" and the app quits. */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      HarkWindow    *self)
{
  g_autofree char *status = NULL;
  const char *rss;

  if (g_list_model_get_n_items (hark_window_get_visible_messages (self)) == 0)
    return;
  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  rss = status != NULL ? strstr (status, "VmRSS:") : NULL;
  g_print ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (),
           rss != NULL ? strtol (rss + strlen ("VmRSS:"), NULL, 10) : -1L);
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
  g_application_quit (G_APPLICATION (self->application));
}

static void
bench_realize_cb (GtkWidget  *widget,
                  HarkWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), self, 0);
}

/**
 * hark_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a window on the application's accounts
 */
HarkWindow *
hark_window_new (HarkApplication *application)
{
  HarkWindow *self;

  g_return_val_if_fail (HARK_IS_APPLICATION (application), NULL);

  self = g_object_new (HARK_TYPE_WINDOW, "application", application, NULL);
  self->application = application;
  g_signal_connect (hark_application_get_accounts (application), "items-changed",
                    G_CALLBACK (accounts_changed_cb), self);
#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
  rebuild_sidebar (self);
  if (g_getenv ("HARK_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (bench_realize_cb), self);
  return self;
}

/**
 * hark_window_get_account:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the account shown
 */
HarkAccount *
hark_window_get_account (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return self->account;
}

HarkFolder
hark_window_get_folder (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), HARK_FOLDER_NEW);
  return self->folder;
}

void
hark_window_select_account (HarkWindow  *self,
                            HarkAccount *account)
{
  g_return_if_fail (HARK_IS_WINDOW (self));
  g_return_if_fail (HARK_IS_ACCOUNT (account));

  hark_window_select_folder (self, account, HARK_FOLDER_NEW);
}

/**
 * hark_window_select_folder:
 * @self: a window
 * @account: an account of the application
 * @folder: one of its folders
 *
 * Shows the folder's messages, read from the store.
 */
void
hark_window_select_folder (HarkWindow  *self,
                           HarkAccount *account,
                           HarkFolder   folder)
{
  GtkListBoxRow *row;
  GListModel *accounts;

  g_return_if_fail (HARK_IS_WINDOW (self));
  g_return_if_fail (HARK_IS_ACCOUNT (account));

  if (self->account != account)
    {
      show_message (self, NULL);
      g_set_object (&self->account, account);
    }
  self->folder = folder;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->list);

  self->list = hark_message_list_new (hark_account_get_store (account), folder);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                              self->search != NULL
                                                ? g_object_ref (GTK_FILTER (self->filter))
                                                : NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected-item",
                    G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->filtered, "items-changed", G_CALLBACK (filtered_changed_cb), self);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->message_list),
                           GTK_SELECTION_MODEL (self->selection));

  accounts = hark_application_get_accounts (self->application);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->list_title), folder_name (folder));
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->list_title),
                                 g_list_model_get_n_items (accounts) > 1
                                   ? hark_account_get_title (account) : NULL);

  row = find_row (self, account, folder);
  if (row != NULL && gtk_list_box_get_selected_row (GTK_LIST_BOX (self->sidebar_list)) != row)
    {
      self->updating_sidebar = TRUE;
      gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list), row);
      self->updating_sidebar = FALSE;
    }

  update_banner (self);
  update_list_page (self);
  update_actions (self);
}

/**
 * hark_window_select_message:
 * @self: a window
 * @item_id: a voice mail of the account shown
 *
 * Shows the message, in its folder.
 *
 * Returns: whether the store has it
 */
gboolean
hark_window_select_message (HarkWindow *self,
                            const char *item_id)
{
  g_autoptr(HarkMessage) message = NULL;
  int position;

  g_return_val_if_fail (HARK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  if (self->account == NULL)
    return FALSE;
  message = hark_store_find (hark_account_get_store (self->account), item_id);
  if (message == NULL)
    return FALSE;
  if (hark_message_get_folder (message) != self->folder)
    hark_window_select_folder (self, self->account, hark_message_get_folder (message));

  position = -1;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)); i++)
    {
      g_autoptr(HarkMessage) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_str_equal (hark_message_get_id (item), hark_message_get_id (message)))
        {
          position = i;
          break;
        }
    }
  if (position >= 0)
    gtk_single_selection_set_selected (self->selection, position);
  else
    show_message (self, message);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->message_view);
  return TRUE;
}

/**
 * hark_window_get_message:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the voice mail shown
 */
HarkMessage *
hark_window_get_message (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return current_message (self);
}

/**
 * hark_window_get_visible_messages:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the list as shown (searched)
 */
GListModel *
hark_window_get_visible_messages (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

HarkPlayer *
hark_window_get_player (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return self->player;
}

HarkMessageView *
hark_window_get_message_view (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return HARK_MESSAGE_VIEW (self->message_view);
}

/**
 * hark_window_get_banner_text:
 * @self: a window
 *
 * Returns: (nullable): what the status banner says, if it shows
 */
const char *
hark_window_get_banner_text (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->status_banner)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->status_banner_label));
}

/**
 * hark_window_get_badge:
 * @self: a window
 * @account: an account
 * @folder: a folder
 *
 * Returns: the unheard count the sidebar shows for it (0 when hidden)
 */
guint
hark_window_get_badge (HarkWindow  *self,
                       HarkAccount *account,
                       HarkFolder   folder)
{
  GtkListBoxRow *row;
  GtkWidget *badge;

  g_return_val_if_fail (HARK_IS_WINDOW (self), 0);

  row = find_row (self, account, folder);
  if (row == NULL)
    return 0;
  badge = g_object_get_data (G_OBJECT (row), "hark-badge");
  if (!gtk_widget_get_visible (badge))
    return 0;
  return (guint)g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (badge)), NULL, 10);
}

/**
 * hark_window_get_list_page:
 * @self: a window
 *
 * Returns: which page the message pane shows: "list", "loading", "empty"
 *   or "no-results"
 */
const char *
hark_window_get_list_page (HarkWindow *self)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (GTK_STACK (self->list_stack));
}

/**
 * hark_window_open_message:
 * @self: a window
 * @account: one of the application's accounts
 * @item_id: a message of its store
 * @action: (nullable): a window action to run on it then, e.g. "play" or
 *   "play-on-phone"
 *
 * Shows the message, in its folder, as a click on it would.
 *
 * Returns: whether the message is there
 */
gboolean
hark_window_open_message (HarkWindow  *self,
                          HarkAccount *account,
                          const char  *item_id,
                          const char  *action)
{
  g_return_val_if_fail (HARK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (HARK_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  if (self->account != account)
    hark_window_select_account (self, account);
  if (!hark_window_select_message (self, item_id))
    return FALSE;
  if (action != NULL && g_action_group_get_action_enabled (G_ACTION_GROUP (self), action))
    g_action_group_activate_action (G_ACTION_GROUP (self), action, NULL);
  return TRUE;
}

/**
 * hark_window_play_file:
 * @self: a window
 * @path: an audio file that is no message of Hark's accounts
 *
 * Plays it, with a toast that names it and can stop it.
 */
void
hark_window_play_file (HarkWindow *self,
                       const char *path)
{
  const char *paths[] = { path, NULL };
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  AdwToast *toast;

  g_return_if_fail (HARK_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  /* No message of the list is what plays. */
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_message (self, NULL);
  stop_player (self);
  hark_player_load (self->player, paths, 0);
  hark_player_play (self->player);

  /* Translators: %s is the name of an audio file another program opened */
  text = g_strdup_printf (_("Playing “%s”"), name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Stop"));
  adw_toast_set_action_name (toast, "win.stop-file");
  adw_toast_set_timeout (toast, 0);
  /* The only control of what plays: before any other toast. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), toast);
}
