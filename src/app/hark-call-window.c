/* hark-call-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server calls a phone and plays a voice mail (PlayOnPhone2 with the
 * EWS item id where the server has EWS, else PlayOnPhone with the EntryID
 * ConvertId gives) or a greeting (PlayOnPhoneGreeting). A UmCallMonitor
 * follows the call; each state it reports becomes a line of the timeline,
 * and the end says why in words.
 */

#include "config.h"

#include "hark-call-window.h"

#include "hark-error.h"
#include "hark-message-row.h"
#include "um-call-monitor.h"
#include "um-error.h"

#include <glib/gi18n.h>

struct _HarkCallWindow
{
  AdwWindow       parent_instance;

  GtkWidget      *window_title;
  GtkWidget      *description_label;
  GtkWidget      *number_row;
  GtkWidget      *recent_group;
  GtkWidget      *recent_list;
  GtkWidget      *dial_button;
  GtkWidget      *hang_up_button;
  GtkWidget      *timeline_group;
  GtkWidget      *timeline;

  HarkAccount    *account;
  HarkMessage    *message;
  gboolean        greeting;
  UmGreetingType  greeting_type;

  GCancellable   *cancellable;
  UmCallMonitor  *monitor;
  UmCallKind      kind;
  char           *call_id;
  char           *number;
  guint           poll_interval;
  GPtrArray      *lines;
};

G_DEFINE_FINAL_TYPE (HarkCallWindow, hark_call_window, ADW_TYPE_WINDOW)

enum {
  LINE_PROGRESS,
  LINE_CONNECTED,
  LINE_FAILED,
  LINE_ENDED,
};

static void
add_line (HarkCallWindow *self,
          int             kind,
          const char     *title,
          const char     *subtitle)
{
  static const char *icons[] = {
    "call-outgoing-symbolic", "call-start-symbolic", "call-missed-symbolic", "call-stop-symbolic",
  };
  static const char *styles[] = { "connecting", "connected", "failed", "ended" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icons[kind]);
  GtkWidget *time_label = gtk_label_new (time);

  gtk_widget_add_css_class (icon, styles[kind]);
  gtk_widget_add_css_class (row, "hark-timeline-row");
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  gtk_list_box_append (GTK_LIST_BOX (self->timeline), row);
  gtk_widget_set_visible (self->timeline_group, TRUE);

  g_ptr_array_add (self->lines, subtitle != NULL ? g_strdup_printf ("%s: %s", title, subtitle)
                                                 : g_strdup (title));
}

static const char *
cause_in_words (UmCallCause cause)
{
  switch (cause)
    {
    case UM_CALL_CAUSE_USER_BUSY:
      return _("The line was busy.");
    case UM_CALL_CAUSE_NO_ANSWER:
      return _("No one answered.");
    case UM_CALL_CAUSE_UNAVAILABLE:
      return _("The number could not be reached.");
    case UM_CALL_CAUSE_OTHER:
      return _("The call failed.");
    case UM_CALL_CAUSE_NONE:
    default:
      return _("The call ended.");
    }
}

/**
 * hark_dial_string_from_input:
 * @text: a number as people type it: "+1 425 555 0100"
 *
 * Returns: (transfer full): the number as [MS-OXWUMS] wants it, RFC 3966
 *   with visual separators: "+1-425-555-0100"
 */
char *
hark_dial_string_from_input (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  GString *number = g_string_new (NULL);

  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (number->len > 0 && number->str[number->len - 1] != '-')
            g_string_append_c (number, '-');
          continue;
        }
      g_string_append_c (number, *p);
    }
  return g_string_free (number, FALSE);
}

static void
set_active (HarkCallWindow *self,
            gboolean        active)
{
  gtk_widget_set_sensitive (self->dial_button, !active);
  /* Read-only rather than insensitive: the entry may have the focus. */
  gtk_editable_set_editable (GTK_EDITABLE (self->number_row), !active);
  gtk_widget_set_sensitive (self->recent_list, !active);
  gtk_widget_set_sensitive (self->hang_up_button, active && self->call_id != NULL);
}

static void
monitor_state_cb (UmCallMonitor  *monitor,
                  GParamSpec     *pspec,
                  HarkCallWindow *self)
{
  switch (um_call_monitor_get_state (monitor))
    {
    case UM_CALL_STATE_CONNECTING:
      add_line (self, LINE_PROGRESS, _("Connecting"), self->number);
      break;
    case UM_CALL_STATE_ALERTED:
      add_line (self, LINE_PROGRESS, _("Ringing"), self->number);
      break;
    case UM_CALL_STATE_CONNECTED:
      add_line (self, LINE_CONNECTED, _("Connected"),
                self->greeting ? _("Follow the instructions on the phone")
                               : _("The message is playing on the phone"));
      break;
    case UM_CALL_STATE_DISCONNECTED:
      {
        const UmCallInfo *info = um_call_monitor_get_info (monitor);
        UmCallCause cause = um_call_monitor_get_cause (monitor);
        g_autofree char *detail = NULL;

        if (info->has_sip_response && info->sip_response_text != NULL)
          /* Translators: the cause ("The line was busy."), then the
           * telephone system's code and text ("486 Busy Here") */
          detail = g_strdup_printf (_("%s The telephone system answered %d %s."),
                                    cause_in_words (cause),
                                    info->sip_response_code, info->sip_response_text);
        add_line (self, cause == UM_CALL_CAUSE_NONE ? LINE_ENDED : LINE_FAILED,
                  _("Disconnected"), detail != NULL ? detail : cause_in_words (cause));
      }
      break;
    case UM_CALL_STATE_IDLE:
    case UM_CALL_STATE_INCOMING:
    case UM_CALL_STATE_TRANSFERRING:
    case UM_CALL_STATE_FORWARDING:
    default:
      break;
    }
}

static void
monitor_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HarkCallWindow) self = user_data;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = um_call_monitor_run_finish (UM_CALL_MONITOR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      g_autofree char *text = hark_error_describe (error);

      add_line (self, LINE_FAILED, _("The call's state is unknown"), text);
    }
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->call_id, g_free);
  set_active (self, FALSE);
}

static void
call_placed (HarkCallWindow *self,
             const char     *call_id)
{
  self->call_id = g_strdup (call_id);
  set_active (self, TRUE);
  hark_account_add_recent_number (self->account, self->number);

  self->monitor = um_call_monitor_new (hark_account_get_client (self->account), self->kind,
                                       call_id);
  if (self->poll_interval > 0)
    {
      um_call_monitor_set_connecting_interval (self->monitor, self->poll_interval);
      um_call_monitor_set_connected_interval (self->monitor, self->poll_interval);
    }
  g_signal_connect (self->monitor, "notify::state", G_CALLBACK (monitor_state_cb), self);
  /* A call starts out connecting; the monitor reports changes from there. */
  monitor_state_cb (self->monitor, NULL, self);
  um_call_monitor_run_async (self->monitor, self->cancellable, monitor_done_cb,
                             g_object_ref (self));
}

static void
call_failed (HarkCallWindow *self,
             const GError   *error)
{
  g_autofree char *text = hark_error_describe (error);

  add_line (self, LINE_FAILED, _("The server did not place the call"), text);
  set_active (self, FALSE);
}

static void place_legacy_call (HarkCallWindow *self);

static void
placed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HarkCallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  UmClient *client = UM_CLIENT (object);

  if (self->greeting)
    call_id = um_client_play_on_phone_greeting_finish (client, result, &error);
  else if (self->kind == UM_CALL_KIND_EWS)
    call_id = um_client_play_on_phone2_finish (client, result, &error);
  else
    call_id = um_client_play_on_phone_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* An older server: the legacy call, with the message's EntryID. */
  if (call_id == NULL && self->kind == UM_CALL_KIND_EWS &&
      (g_error_matches (error, UM_ERROR, UM_ERROR_NOT_SUPPORTED) ||
       g_error_matches (error, UM_ERROR, UM_ERROR_HTTP)) &&
      um_client_get_legacy_url (client) != NULL)
    {
      place_legacy_call (self);
      return;
    }

  if (call_id == NULL)
    {
      call_failed (self, error);
      return;
    }
  call_placed (self, call_id);
}

static void
entry_id_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HarkCallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry_id = NULL;

  entry_id = um_mailbox_convert_id_finish (UM_MAILBOX (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (entry_id == NULL)
    {
      call_failed (self, error);
      return;
    }
  um_client_play_on_phone_async (hark_account_get_client (self->account), entry_id,
                                 self->number, self->cancellable, placed_cb,
                                 g_object_ref (self));
}

static void
place_legacy_call (HarkCallWindow *self)
{
  self->kind = UM_CALL_KIND_LEGACY;
  um_mailbox_convert_id_async (hark_account_get_mailbox (self->account),
                               hark_message_get_id (self->message), UM_ID_FORMAT_EWS_ID,
                               UM_ID_FORMAT_ENTRY_ID, self->cancellable, entry_id_cb,
                               g_object_ref (self));
}

static void
dial_clicked_cb (GtkButton      *button,
                 HarkCallWindow *self)
{
  hark_call_window_dial (self);
}

static void
hang_up_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HarkCallWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->kind == UM_CALL_KIND_EWS)
    ok = um_client_disconnect_phone_call_finish (UM_CLIENT (object), result, &error);
  else
    ok = um_client_disconnect_finish (UM_CLIENT (object), result, &error);

  /* A call that ended meanwhile is no error: the monitor reports the end. */
  if (!ok && !g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = hark_error_describe (error);

      add_line (self, LINE_FAILED, _("Hanging up failed"), text);
    }
}

static void
hang_up_clicked_cb (GtkButton      *button,
                    HarkCallWindow *self)
{
  hark_call_window_hang_up (self);
}

static void
recent_activated_cb (AdwActionRow   *row,
                     HarkCallWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->number_row),
                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  gtk_widget_grab_focus (self->dial_button);
}

static void
fill_recent (HarkCallWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (hark_account_get_settings (self->account),
                                              "recent-numbers");

  for (guint i = 0; recent[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recent[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("phone-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (recent_activated_cb), self);
      gtk_list_box_append (GTK_LIST_BOX (self->recent_list), row);
    }
  gtk_widget_set_visible (self->recent_group, recent[0] != NULL);
}

static void
hark_call_window_dispose (GObject *object)
{
  HarkCallWindow *self = HARK_CALL_WINDOW (object);

  /* The call itself goes on: closing the window only stops watching it. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->account);
  g_clear_object (&self->message);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_CALL_WINDOW);

  G_OBJECT_CLASS (hark_call_window_parent_class)->dispose (object);
}

static void
hark_call_window_class_init (HarkCallWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hark_call_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-call-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HarkCallWindow, name)
  BIND (window_title);
  BIND (description_label);
  BIND (number_row);
  BIND (recent_group);
  BIND (recent_list);
  BIND (dial_button);
  BIND (hang_up_button);
  BIND (timeline_group);
  BIND (timeline);
#undef BIND
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hark_call_window_init (HarkCallWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (self->dial_button, "clicked", G_CALLBACK (dial_clicked_cb), self);
  g_signal_connect (self->hang_up_button, "clicked", G_CALLBACK (hang_up_clicked_cb), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->dial_button);
}

static HarkCallWindow *
call_window_new (HarkAccount *account)
{
  HarkCallWindow *self = g_object_new (HARK_TYPE_CALL_WINDOW, NULL);
  const UmProperties *properties = hark_account_get_properties (account);
  g_auto(GStrv) recent = NULL;

  self->account = g_object_ref (account);
  recent = g_settings_get_strv (hark_account_get_settings (account), "recent-numbers");
  if (properties != NULL && properties->play_on_phone_dial_string != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->number_row),
                           properties->play_on_phone_dial_string);
  else if (recent[0] != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->number_row), recent[0]);
  fill_recent (self);
  return self;
}

/**
 * hark_call_window_new:
 * @account: the account
 * @message: the voice mail to play
 *
 * Returns: (transfer none): the window
 */
GtkWidget *
hark_call_window_new (HarkAccount *account,
                      HarkMessage *message)
{
  HarkCallWindow *self;
  g_autofree char *caller = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (HARK_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (HARK_IS_MESSAGE (message), NULL);

  self = call_window_new (account);
  self->message = g_object_ref (message);
  caller = hark_format_caller (message);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title), caller);
  /* Translators: %s is the caller */
  text = g_strdup_printf (_("Your server will call the number below and play the message "
                            "from %s."), caller);
  gtk_label_set_text (GTK_LABEL (self->description_label), text);
  return GTK_WIDGET (self);
}

/**
 * hark_call_window_new_for_greeting:
 * @account: the account
 * @greeting: the greeting to play and record
 *
 * Returns: (transfer none): the window
 */
GtkWidget *
hark_call_window_new_for_greeting (HarkAccount    *account,
                                   UmGreetingType  greeting)
{
  HarkCallWindow *self;

  g_return_val_if_fail (HARK_IS_ACCOUNT (account), NULL);

  self = call_window_new (account);
  self->greeting = TRUE;
  self->greeting_type = greeting;
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title),
                                 greeting == UM_GREETING_TYPE_OOF_CUSTOM
                                   ? _("Out-of-Office Greeting") : _("Normal Greeting"));
  gtk_label_set_text (GTK_LABEL (self->description_label),
                      _("Your server will call the number below, play your greeting and let "
                        "you record a new one."));
  return GTK_WIDGET (self);
}

/**
 * hark_call_window_set_number:
 * @self: a call window
 * @number: the number to dial
 */
void
hark_call_window_set_number (HarkCallWindow *self,
                             const char     *number)
{
  g_return_if_fail (HARK_IS_CALL_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), number);
}

/**
 * hark_call_window_dial:
 * @self: a call window
 *
 * Asks the server to call the number, as the Dial button does.
 */
void
hark_call_window_dial (HarkCallWindow *self)
{
  g_autofree char *number = NULL;
  UmClient *client;

  g_return_if_fail (HARK_IS_CALL_WINDOW (self));

  if (self->monitor != NULL || self->call_id != NULL)
    return;
  number = hark_dial_string_from_input (gtk_editable_get_text (GTK_EDITABLE (self->number_row)));
  if (number[0] == '\0')
    {
      add_line (self, LINE_FAILED, _("No number"), _("Enter the number of a phone near you."));
      gtk_widget_grab_focus (self->number_row);
      return;
    }
  g_free (self->number);
  self->number = g_steal_pointer (&number);
  client = hark_account_get_client (self->account);

  set_active (self, TRUE);
  /* Translators: shown above the number the server is asked to call */
  add_line (self, LINE_PROGRESS, _("Asking the server to call"), self->number);

  if (self->greeting)
    {
      self->kind = UM_CALL_KIND_LEGACY;
      um_client_play_on_phone_greeting_async (client, self->greeting_type, self->number,
                                              self->cancellable, placed_cb,
                                              g_object_ref (self));
    }
  else if (um_client_get_ews_url (client) != NULL)
    {
      self->kind = UM_CALL_KIND_EWS;
      um_client_play_on_phone2_async (client, hark_message_get_id (self->message),
                                      self->number, self->cancellable, placed_cb,
                                      g_object_ref (self));
    }
  else
    place_legacy_call (self);
}

/**
 * hark_call_window_hang_up:
 * @self: a call window
 */
void
hark_call_window_hang_up (HarkCallWindow *self)
{
  UmClient *client;

  g_return_if_fail (HARK_IS_CALL_WINDOW (self));

  if (self->call_id == NULL)
    return;
  client = hark_account_get_client (self->account);
  gtk_widget_set_sensitive (self->hang_up_button, FALSE);
  if (self->kind == UM_CALL_KIND_EWS)
    um_client_disconnect_phone_call_async (client, self->call_id, self->cancellable,
                                           hang_up_done_cb, g_object_ref (self));
  else
    um_client_disconnect_async (client, self->call_id, self->cancellable, hang_up_done_cb,
                                g_object_ref (self));
}

/**
 * hark_call_window_set_poll_interval:
 * @self: a call window
 * @msec: how often to ask the server for the call's state; 0 for
 *   UmCallMonitor's own rates
 */
void
hark_call_window_set_poll_interval (HarkCallWindow *self,
                                    guint           msec)
{
  g_return_if_fail (HARK_IS_CALL_WINDOW (self));
  self->poll_interval = msec;
}

/**
 * hark_call_window_get_active:
 * @self: a call window
 *
 * Returns: whether a call is being placed or followed
 */
gboolean
hark_call_window_get_active (HarkCallWindow *self)
{
  g_return_val_if_fail (HARK_IS_CALL_WINDOW (self), FALSE);
  return !gtk_widget_get_sensitive (self->dial_button);
}

/**
 * hark_call_window_get_timeline:
 * @self: a call window
 *
 * Returns: (transfer none) (element-type utf8): the timeline's lines, as
 *   shown
 */
GPtrArray *
hark_call_window_get_timeline (HarkCallWindow *self)
{
  g_return_val_if_fail (HARK_IS_CALL_WINDOW (self), NULL);
  return self->lines;
}
