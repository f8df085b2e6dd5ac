/* hark-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's own settings are GSettings, bound. The mailbox's are the
 * server's: each control shows what GetUMProperties said, writes through
 * on change, and goes back to the server's value, with the reason, when
 * the server refuses.
 */

#include "config.h"

#include "hark-preferences-window.h"

#include "hark-call-window.h"
#include "hark-error.h"

#include <glib/gi18n.h>

/* The folders that can be read over the phone, and where the store keeps
 * their ids. */
static const struct {
  const char *role;
  const char *name;
} phone_folders[] = {
  { "inbox", N_("Inbox") },
  { "work", N_("Work") },
  { "family", N_("Family") },
  { "friends", N_("Friends") },
};

struct _HarkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkWidget            *mark_heard_switch;
  GtkWidget            *notify_switch;
  GtkWidget            *urgent_only_row;
  GtkWidget            *urgent_only_switch;
  GtkWidget            *sound_switch;
  GtkWidget            *account_notify_switch;
  GtkWidget            *background_row;
  GtkWidget            *background_switch;
  GtkWidget            *account_page;
  GtkWidget            *no_um_group;
  GtkWidget            *no_um_label;
  GtkWidget            *greetings_group;
  GtkWidget            *oof_switch;
  GtkWidget            *normal_greeting_button;
  GtkWidget            *oof_greeting_button;
  GtkWidget            *phone_group;
  GtkWidget            *dial_string_row;
  GtkWidget            *folder_row;
  GtkWidget            *access_numbers_row;
  GtkWidget            *notifications_group;
  GtkWidget            *missed_call_switch;
  GtkWidget            *security_group;
  GtkWidget            *reset_pin_button;
  GtkWidget            *remove_account_button;

  GSettings            *settings;
  HarkAccount          *account;
  GCancellable         *cancellable;
  gboolean              updating;
  guint                 busy;
  char                 *last_error;

  GtkStringList        *folder_names;
  char                 *folder_entry_ids[G_N_ELEMENTS (phone_folders)];
  guint                 folder_lookups;
  gboolean              folders_looked_up;
  GPtrArray            *access_rows;
};

G_DEFINE_FINAL_TYPE (HarkPreferencesWindow, hark_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
refused (HarkPreferencesWindow *self,
         const GError          *error)
{
  g_autofree char *text = hark_error_describe (error);
  /* Translators: %s says why the server refused */
  g_autofree char *toast = g_strdup_printf (_("The server kept the old setting. %s"), text);

  g_free (self->last_error);
  self->last_error = g_strdup (text);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (toast));
}

static UmProperties *
properties_copy (HarkPreferencesWindow *self)
{
  const UmProperties *properties = hark_account_get_properties (self->account);

  return properties != NULL ? um_properties_copy (properties) : um_properties_new ();
}

/* A request under way: the control waits, then shows the result. */

typedef struct {
  HarkPreferencesWindow *window;
  GtkWidget             *widget;
  gboolean               value;
  char                  *text;
} Change;

static Change *
change_new (HarkPreferencesWindow *self,
            GtkWidget             *widget)
{
  Change *change = g_new0 (Change, 1);

  change->window = g_object_ref (self);
  change->widget = g_object_ref (widget);
  gtk_widget_set_sensitive (widget, FALSE);
  self->busy++;
  return change;
}

static void
change_free (Change *change)
{
  gtk_widget_set_sensitive (change->widget, TRUE);
  change->window->busy--;
  g_object_unref (change->widget);
  g_object_unref (change->window);
  g_free (change->text);
  g_free (change);
}

static void
set_switch (HarkPreferencesWindow *self,
            GtkWidget             *widget,
            gboolean               active)
{
  self->updating = TRUE;
  gtk_switch_set_active (GTK_SWITCH (widget), active);
  self->updating = FALSE;
}

static void
oof_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Change *change = user_data;
  HarkPreferencesWindow *self = change->window;
  g_autoptr(GError) error = NULL;

  if (um_client_set_oof_status_finish (UM_CLIENT (object), result, &error))
    {
      g_autoptr(UmProperties) properties = properties_copy (self);

      properties->oof_status = change->value;
      hark_account_set_properties (self->account, properties);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_switch (self, change->widget, !change->value);
      refused (self, error);
    }
  change_free (change);
}

static void
missed_call_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Change *change = user_data;
  HarkPreferencesWindow *self = change->window;
  g_autoptr(GError) error = NULL;

  if (um_client_set_missed_call_notification_enabled_finish (UM_CLIENT (object), result,
                                                             &error))
    {
      g_autoptr(UmProperties) properties = properties_copy (self);

      properties->missed_call_notification_enabled = change->value;
      hark_account_set_properties (self->account, properties);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_switch (self, change->widget, !change->value);
      refused (self, error);
    }
  change_free (change);
}

static void
switch_changed_cb (GtkSwitch             *widget,
                   GParamSpec            *pspec,
                   HarkPreferencesWindow *self)
{
  UmClient *client = hark_account_get_client (self->account);
  Change *change;

  if (self->updating)
    return;
  change = change_new (self, GTK_WIDGET (widget));
  change->value = gtk_switch_get_active (widget);
  if (GTK_WIDGET (widget) == self->oof_switch)
    um_client_set_oof_status_async (client, change->value, self->cancellable, oof_done_cb,
                                    change);
  else
    um_client_set_missed_call_notification_enabled_async (client, change->value,
                                                          self->cancellable,
                                                          missed_call_done_cb, change);
}

static void
dial_string_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Change *change = user_data;
  HarkPreferencesWindow *self = change->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmProperties) properties = properties_copy (self);

  if (um_client_set_play_on_phone_dial_string_finish (UM_CLIENT (object), result, &error))
    {
      g_free (properties->play_on_phone_dial_string);
      properties->play_on_phone_dial_string = g_strdup (change->text);
      hark_account_set_properties (self->account, properties);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Number saved")));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->dial_string_row),
                             properties->play_on_phone_dial_string != NULL
                               ? properties->play_on_phone_dial_string : "");
      self->updating = FALSE;
      refused (self, error);
    }
  change_free (change);
}

static void
dial_string_apply_cb (AdwEntryRow           *row,
                      HarkPreferencesWindow *self)
{
  Change *change = change_new (self, GTK_WIDGET (row));

  change->text = hark_dial_string_from_input (gtk_editable_get_text (GTK_EDITABLE (row)));
  um_client_set_play_on_phone_dial_string_async (hark_account_get_client (self->account),
                                                 change->text, self->cancellable,
                                                 dial_string_done_cb, change);
}

/* The folder read over the phone */

static void
select_current_folder (HarkPreferencesWindow *self)
{
  const UmProperties *properties = hark_account_get_properties (self->account);
  const char *current = properties != NULL ? properties->telephone_access_folder_email : NULL;
  guint selected = G_N_ELEMENTS (phone_folders);

  for (guint i = 0; i < G_N_ELEMENTS (phone_folders); i++)
    if (current != NULL && g_strcmp0 (self->folder_entry_ids[i], current) == 0)
      selected = i;

  self->updating = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->folder_row), selected);
  self->updating = FALSE;
}

typedef struct {
  HarkPreferencesWindow *window;
  guint                  index;
} FolderLookup;

static void
folder_converted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  FolderLookup *lookup = user_data;
  g_autoptr(HarkPreferencesWindow) self = lookup->window;
  g_autoptr(GError) error = NULL;
  char *entry_id;

  entry_id = um_mailbox_convert_id_finish (UM_MAILBOX (object), result, &error);
  self->folder_entry_ids[lookup->index] = entry_id;
  g_free (lookup);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (--self->folder_lookups == 0)
    {
      gtk_widget_set_sensitive (self->folder_row, TRUE);
      select_current_folder (self);
    }
}

static void
folder_set_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Change *change = user_data;
  HarkPreferencesWindow *self = change->window;
  g_autoptr(GError) error = NULL;

  if (um_client_set_telephone_access_folder_email_finish (UM_CLIENT (object), result, &error))
    {
      g_autoptr(UmProperties) properties = properties_copy (self);

      g_free (properties->telephone_access_folder_email);
      properties->telephone_access_folder_email = g_strdup (change->text);
      hark_account_set_properties (self->account, properties);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      refused (self, error);
      select_current_folder (self);
    }
  change_free (change);
}

static void
folder_selected_cb (AdwComboRow           *row,
                    GParamSpec            *pspec,
                    HarkPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  Change *change;

  if (self->updating || selected >= G_N_ELEMENTS (phone_folders))
    return;
  if (self->folder_entry_ids[selected] == NULL)
    {
      select_current_folder (self);
      return;
    }
  change = change_new (self, GTK_WIDGET (row));
  change->text = g_strdup (self->folder_entry_ids[selected]);
  um_client_set_telephone_access_folder_email_async (hark_account_get_client (self->account),
                                                     change->text, self->cancellable,
                                                     folder_set_cb, change);
}

/* Each folder's EWS id becomes the EntryID SetTelephoneAccessFolderEmail
 * wants; the one the server has now is then selected. */
static void
look_up_folders (HarkPreferencesWindow *self)
{
  HarkStore *store = hark_account_get_store (self->account);

  self->folders_looked_up = TRUE;
  gtk_widget_set_sensitive (self->folder_row, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (phone_folders); i++)
    {
      g_autofree char *folder_id = hark_store_dup_folder_id (store, phone_folders[i].role);
      FolderLookup *lookup;

      if (folder_id == NULL)
        continue;
      lookup = g_new0 (FolderLookup, 1);
      lookup->window = g_object_ref (self);
      lookup->index = i;
      self->folder_lookups++;
      um_mailbox_convert_id_async (hark_account_get_mailbox (self->account), folder_id,
                                   UM_ID_FORMAT_EWS_ID, UM_ID_FORMAT_ENTRY_ID,
                                   self->cancellable, folder_converted_cb, lookup);
    }
  if (self->folder_lookups == 0)
    {
      gtk_widget_set_sensitive (self->folder_row, TRUE);
      select_current_folder (self);
    }
}

/* Greetings and the PIN */

static void
greeting_clicked_cb (GtkButton             *button,
                     HarkPreferencesWindow *self)
{
  GtkWidget *window;

  window = hark_call_window_new_for_greeting (self->account,
                                              GTK_WIDGET (button) == self->oof_greeting_button
                                                ? UM_GREETING_TYPE_OOF_CUSTOM
                                                : UM_GREETING_TYPE_NORMAL_CUSTOM);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
}

static void
pin_reset_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Change *change = user_data;
  g_autoptr(GError) error = NULL;

  if (um_client_reset_pin_finish (UM_CLIENT (object), result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (change->window),
                                      adw_toast_new (_("Your PIN was reset. The new one is on "
                                                       "its way to you by e-mail.")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    refused (change->window, error);
  change_free (change);
}

static void
reset_response_cb (AdwMessageDialog      *dialog,
                   const char            *response,
                   HarkPreferencesWindow *self)
{
  Change *change;

  if (!g_str_equal (response, "reset"))
    return;
  change = change_new (self, self->reset_pin_button);
  um_client_reset_pin_async (hark_account_get_client (self->account), self->cancellable,
                             pin_reset_cb, change);
}

static void
reset_pin_clicked_cb (GtkButton             *button,
                      HarkPreferencesWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reset Your PIN?"),
                                   _("Your voice mail system will make a new PIN and send it to "
                                     "you by e-mail. The PIN you use now stops working at "
                                     "once."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset PIN"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (reset_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
close_idle_cb (gpointer user_data)
{
  g_autoptr(GtkWindow) window = g_weak_ref_get (user_data);

  if (window != NULL)
    gtk_window_close (window);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
remove_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    HarkPreferencesWindow *self)
{
  GtkApplication *application;

  if (!g_str_equal (response, "remove") || self->account == NULL)
    return;
  application = gtk_window_get_application (GTK_WINDOW (self));
  hark_application_remove_account (HARK_APPLICATION (application), self->account);
  /* Closed once the dialog, which is transient for this window, is gone;
   * not kept alive meanwhile (a window that outlives its parent breaks). */
  {
    GWeakRef *ref = g_new0 (GWeakRef, 1);

    g_weak_ref_init (ref, self);
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, ref, weak_ref_free);
  }
}

static void
remove_account_clicked_cb (GtkButton             *button,
                           HarkPreferencesWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove This Account?"), NULL);
  /* Translators: %s is the account's e-mail address */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Hark forgets %s and removes its password from your "
                                    "keyring. Your voice mail stays on the server; you can add "
                                    "the account again later."),
                                  hark_account_get_title (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the server says */

static void
update_account (HarkPreferencesWindow *self)
{
  const UmProperties *properties;
  gboolean known, enabled;

  if (self->account == NULL)
    {
      gtk_widget_set_visible (self->account_page, FALSE);
      return;
    }

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->account_page),
                                  hark_account_get_title (self->account));
  known = hark_account_get_um_known (self->account);
  enabled = hark_account_get_um_enabled (self->account);
  properties = hark_account_get_properties (self->account);

  gtk_widget_set_visible (self->no_um_group, !enabled);
  gtk_widget_set_visible (self->greetings_group, enabled);
  gtk_widget_set_visible (self->phone_group, enabled);
  gtk_widget_set_visible (self->notifications_group, enabled);
  gtk_widget_set_visible (self->security_group, enabled);
  if (!enabled)
    {
      gtk_label_set_text (GTK_LABEL (self->no_um_label),
                          known ? _("This mailbox has no Unified Messaging (it may use cloud "
                                    "voice mail), so greetings, phone and PIN settings are not "
                                    "available here. Your voice mail can still be listed and "
                                    "played.")
                                : _("These settings appear once Hark has reached your "
                                    "server."));
      return;
    }
  if (properties == NULL)
    return;

  set_switch (self, self->oof_switch, properties->oof_status);
  set_switch (self, self->missed_call_switch, properties->missed_call_notification_enabled);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->dial_string_row),
                         properties->play_on_phone_dial_string != NULL
                           ? properties->play_on_phone_dial_string : "");
  self->updating = FALSE;

  for (guint i = 0; i < self->access_rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self->access_numbers_row),
                             self->access_rows->pdata[i]);
  g_ptr_array_set_size (self->access_rows, 0);
  for (guint i = 0; properties->telephone_access_numbers != NULL &&
                    properties->telephone_access_numbers[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     properties->telephone_access_numbers[i]);
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self->access_numbers_row), row);
      g_ptr_array_add (self->access_rows, row);
    }
  gtk_widget_set_sensitive (self->access_numbers_row, self->access_rows->len > 0);
}

static void
account_changed_cb (HarkAccount           *account,
                    GParamSpec            *pspec,
                    HarkPreferencesWindow *self)
{
  update_account (self);
  if (!self->folders_looked_up && hark_account_get_um_enabled (account))
    look_up_folders (self);
}

/* GObject */

static void
hark_preferences_window_dispose (GObject *object)
{
  HarkPreferencesWindow *self = HARK_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_object (&self->folder_names);
  g_clear_pointer (&self->access_rows, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (phone_folders); i++)
    g_clear_pointer (&self->folder_entry_ids[i], g_free);
  g_clear_pointer (&self->last_error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (hark_preferences_window_parent_class)->dispose (object);
}

static void
hark_preferences_window_class_init (HarkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hark_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-preferences-window.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, HarkPreferencesWindow, name)
  BIND (mark_heard_switch);
  BIND (notify_switch);
  BIND (urgent_only_row);
  BIND (urgent_only_switch);
  BIND (sound_switch);
  BIND (account_notify_switch);
  BIND (background_row);
  BIND (background_switch);
  BIND (account_page);
  BIND (no_um_group);
  BIND (no_um_label);
  BIND (greetings_group);
  BIND (oof_switch);
  BIND (normal_greeting_button);
  BIND (oof_greeting_button);
  BIND (phone_group);
  BIND (dial_string_row);
  BIND (folder_row);
  BIND (access_numbers_row);
  BIND (notifications_group);
  BIND (missed_call_switch);
  BIND (security_group);
  BIND (reset_pin_button);
  BIND (remove_account_button);
#undef BIND
}

static void
hark_preferences_window_init (HarkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->access_rows = g_ptr_array_new ();
  self->settings = g_settings_new ("io.github.hark.Hark");

  g_settings_bind (self->settings, "mark-heard-on-play", self->mark_heard_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-new", self->notify_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-urgent-only", self->urgent_only_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-sound", self->sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->notify_switch, "active", self->urgent_only_row, "sensitive",
                          G_BINDING_SYNC_CREATE);

  self->folder_names = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (phone_folders); i++)
    gtk_string_list_append (self->folder_names, _(phone_folders[i].name));
  gtk_string_list_append (self->folder_names, _("Another Folder"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->folder_row), G_LIST_MODEL (self->folder_names));

  g_signal_connect (self->oof_switch, "notify::active", G_CALLBACK (switch_changed_cb), self);
  g_signal_connect (self->missed_call_switch, "notify::active", G_CALLBACK (switch_changed_cb),
                    self);
  g_signal_connect (self->dial_string_row, "apply", G_CALLBACK (dial_string_apply_cb), self);
  g_signal_connect (self->folder_row, "notify::selected", G_CALLBACK (folder_selected_cb), self);
  g_signal_connect (self->normal_greeting_button, "clicked", G_CALLBACK (greeting_clicked_cb),
                    self);
  g_signal_connect (self->oof_greeting_button, "clicked", G_CALLBACK (greeting_clicked_cb), self);
  g_signal_connect (self->reset_pin_button, "clicked", G_CALLBACK (reset_pin_clicked_cb), self);
  g_signal_connect (self->remove_account_button, "clicked",
                    G_CALLBACK (remove_account_clicked_cb), self);
}

/**
 * hark_preferences_window_new:
 * @application: the application
 * @account: (nullable): the account whose server settings to show
 *
 * Returns: (transfer none): the window
 */
GtkWidget *
hark_preferences_window_new (HarkApplication *application,
                             HarkAccount     *account)
{
  HarkPreferencesWindow *self = g_object_new (HARK_TYPE_PREFERENCES_WINDOW, NULL);

  /* The demo ends with its window. */
  gtk_widget_set_visible (self->background_row, !hark_application_get_demo (application));

  if (account != NULL)
    {
      self->account = g_object_ref (account);
      g_settings_bind (hark_account_get_settings (account), "notify",
                       self->account_notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect (account, "notify::um-enabled", G_CALLBACK (account_changed_cb), self);
      g_signal_connect (account, "notify::properties", G_CALLBACK (account_changed_cb), self);
      hark_account_refresh_properties (account);
    }
  update_account (self);
  if (account != NULL)
    adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self),
                                             ADW_PREFERENCES_PAGE (self->account_page));
  if (account != NULL && hark_account_get_um_enabled (account))
    look_up_folders (self);
  return GTK_WIDGET (self);
}

/**
 * hark_preferences_window_get_widget:
 * @self: the window
 * @name: a control of the template, e.g. "oof_switch"
 *
 * Returns: (transfer none) (nullable): the control, for tests
 */
GtkWidget *
hark_preferences_window_get_widget (HarkPreferencesWindow *self,
                                    const char            *name)
{
  g_return_val_if_fail (HARK_IS_PREFERENCES_WINDOW (self), NULL);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                    HARK_TYPE_PREFERENCES_WINDOW, name));
}

/**
 * hark_preferences_window_get_busy:
 * @self: the window
 *
 * Returns: whether a change is on its way to the server
 */
gboolean
hark_preferences_window_get_busy (HarkPreferencesWindow *self)
{
  g_return_val_if_fail (HARK_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->busy > 0 || self->folder_lookups > 0;
}

/**
 * hark_preferences_window_get_last_error:
 * @self: the window
 *
 * Returns: (nullable): why the server last refused a change
 */
const char *
hark_preferences_window_get_last_error (HarkPreferencesWindow *self)
{
  g_return_val_if_fail (HARK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->last_error;
}
