/* hark-message-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows what the store knows of one voice mail and follows the window's
 * player; its buttons are the window's win.* actions, so that keyboard,
 * menus and buttons do the same thing.
 */

#include "config.h"

#include "hark-message-view.h"

#include "hark-app-enum-types.h"
#include "hark-message-row.h"

#include <glib/gi18n.h>

struct _HarkMessageView
{
  AdwBin         parent_instance;

  GtkWidget     *header_bar;
  GtkWidget     *back_button;
  GtkWidget     *window_title;
  GtkWidget     *delete_button;
  GtkWidget     *move_button;
  GtkWidget     *heard_button;
  GtkWidget     *stack;
  GtkWidget     *caller_label;
  GtkWidget     *urgent_label;
  GtkWidget     *number_label;
  GtkWidget     *info_label;
  GtkWidget     *position_label;
  GtkWidget     *position_scale;
  GtkAdjustment *position_adjustment;
  GtkWidget     *duration_label;
  GtkWidget     *rate_button;
  GtkWidget     *play_button;
  GtkWidget     *volume_button;
  GtkWidget     *status_label;
  GtkWidget     *phone_button;
  GtkWidget     *call_back_button;
  GtkWidget     *transcript_group;
  GtkWidget     *transcript_label;
  GtkWidget     *notes_group;
  GtkWidget     *notes_label;

  HarkMessage   *message;
  HarkPlayer    *player;
  GBinding      *volume_binding;
};

G_DEFINE_FINAL_TYPE (HarkMessageView, hark_message_view, ADW_TYPE_BIN)

static void
set_time_label (GtkWidget *label,
                gint64     msec)
{
  g_autofree char *text = hark_format_duration ((int)((msec + 500) / 1000));

  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
update_position (HarkMessageView *self)
{
  gint64 position = self->player != NULL ? hark_player_get_position (self->player) : 0;

  gtk_adjustment_set_value (self->position_adjustment, position);
  set_time_label (self->position_label, position);
}

static void
update_duration (HarkMessageView *self)
{
  gint64 duration = 0;

  if (self->player != NULL && hark_player_get_state (self->player) != HARK_PLAYER_STATE_STOPPED)
    duration = hark_player_get_duration (self->player);
  else if (self->message != NULL)
    duration = (gint64)hark_message_get_duration (self->message) * 1000;

  gtk_adjustment_set_upper (self->position_adjustment, MAX (duration, 1));
  set_time_label (self->duration_label, duration);
}

static void
update_state (HarkMessageView *self)
{
  HarkPlayerState state = self->player != NULL ? hark_player_get_state (self->player)
                                               : HARK_PLAYER_STATE_STOPPED;
  gboolean playing = state == HARK_PLAYER_STATE_PLAYING;

  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic"
                                    : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (self->play_button,
                               playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);

  if (state == HARK_PLAYER_STATE_ERROR)
    hark_message_view_set_status (self, hark_player_get_error (self->player)->message, TRUE);
  else if (state == HARK_PLAYER_STATE_LOADING)
    hark_message_view_set_status (self, _("Loading…"), FALSE);
  else if (state == HARK_PLAYER_STATE_PLAYING || state == HARK_PLAYER_STATE_PAUSED)
    hark_message_view_set_status (self, NULL, FALSE);
  update_duration (self);
  update_position (self);
}

static void
update_rate (HarkMessageView *self)
{
  double rate = self->player != NULL ? hark_player_get_rate (self->player) : 1.0;
  g_autofree char *text = g_strdup_printf ("%g×", rate);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->rate_button), text);
}

static void
player_notify_cb (HarkPlayer      *player,
                  GParamSpec      *pspec,
                  HarkMessageView *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "position"))
    update_position (self);
  else if (g_str_equal (name, "duration"))
    update_duration (self);
  else if (g_str_equal (name, "state"))
    update_state (self);
  else if (g_str_equal (name, "rate"))
    update_rate (self);
  else if (g_str_equal (name, "seekable"))
    gtk_widget_set_sensitive (self->position_scale, hark_player_get_seekable (player));
}

static gboolean
change_value_cb (GtkRange        *range,
                 GtkScrollType    scroll,
                 double           value,
                 HarkMessageView *self)
{
  if (self->player == NULL || hark_player_get_state (self->player) == HARK_PLAYER_STATE_STOPPED)
    return TRUE;
  hark_player_seek (self->player, (gint64)value);
  return FALSE;
}

static void
update (HarkMessageView *self)
{
  HarkMessage *message = self->message;
  g_autofree char *caller = NULL;
  g_autofree char *received = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *info = NULL;
  const char *number;
  const char *transcript;
  const char *notes;
  gboolean heard;

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), message != NULL ? "message"
                                                                             : "empty");
  gtk_widget_set_visible (self->delete_button, message != NULL);
  gtk_widget_set_visible (self->move_button, message != NULL);
  gtk_widget_set_visible (self->heard_button, message != NULL);
  if (message == NULL)
    {
      adw_window_title_set_title (ADW_WINDOW_TITLE (self->window_title), "");
      return;
    }

  caller = hark_format_caller (message);
  received = hark_format_received (hark_message_get_received (message), TRUE);
  duration = hark_format_duration (hark_message_get_duration (message));
  /* Translators: when a voice mail came, and how long it is */
  info = g_strdup_printf (_("%s · %s"), received, duration);
  number = hark_message_get_caller_number (message);
  transcript = hark_message_get_transcription (message);
  notes = hark_message_get_audio_notes (message);
  heard = hark_message_get_heard (message);

  adw_window_title_set_title (ADW_WINDOW_TITLE (self->window_title), caller);
  gtk_label_set_text (GTK_LABEL (self->caller_label), caller);
  gtk_widget_set_visible (self->urgent_label, hark_message_get_urgent (message));
  gtk_label_set_text (GTK_LABEL (self->number_label),
                      number != NULL && g_strcmp0 (number, caller) != 0 ? number : "");
  gtk_widget_set_visible (self->number_label,
                          number != NULL && g_strcmp0 (number, caller) != 0);
  gtk_label_set_text (GTK_LABEL (self->info_label), info);
  gtk_widget_set_sensitive (self->call_back_button, number != NULL && number[0] != '\0');

  if (transcript != NULL && transcript[0] != '\0')
    {
      gtk_label_set_text (GTK_LABEL (self->transcript_label), transcript);
      gtk_widget_remove_css_class (self->transcript_label, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->transcript_label),
                          _("The server has no transcript of this message."));
      gtk_widget_add_css_class (self->transcript_label, "dim-label");
    }
  gtk_widget_set_visible (self->notes_group, notes != NULL && notes[0] != '\0');
  gtk_label_set_text (GTK_LABEL (self->notes_label), notes != NULL ? notes : "");

  gtk_button_set_icon_name (GTK_BUTTON (self->heard_button),
                            heard ? "mail-unread-symbolic" : "mail-read-symbolic");
  gtk_widget_set_tooltip_text (self->heard_button,
                               heard ? _("Mark as Unheard") : _("Mark as Heard"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->heard_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heard ? _("Mark as Unheard") : _("Mark as Heard"), -1);
  gtk_widget_set_visible (self->move_button,
                          hark_message_get_folder (message) != HARK_FOLDER_DELETED);
  update_duration (self);
}

static void
hark_message_view_dispose (GObject *object)
{
  HarkMessageView *self = HARK_MESSAGE_VIEW (object);

  hark_message_view_set_player (self, NULL);
  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_MESSAGE_VIEW);

  G_OBJECT_CLASS (hark_message_view_parent_class)->dispose (object);
}

static void
hark_message_view_class_init (HarkMessageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hark_message_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-message-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HarkMessageView, name)
  BIND (header_bar);
  BIND (back_button);
  BIND (window_title);
  BIND (delete_button);
  BIND (move_button);
  BIND (heard_button);
  BIND (stack);
  BIND (caller_label);
  BIND (urgent_label);
  BIND (number_label);
  BIND (info_label);
  BIND (position_label);
  BIND (position_scale);
  BIND (position_adjustment);
  BIND (duration_label);
  BIND (rate_button);
  BIND (play_button);
  BIND (volume_button);
  BIND (status_label);
  BIND (phone_button);
  BIND (call_back_button);
  BIND (transcript_group);
  BIND (transcript_label);
  BIND (notes_group);
  BIND (notes_label);
#undef BIND
}

static void
hark_message_view_init (HarkMessageView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->position_scale, "change-value", G_CALLBACK (change_value_cb), self);
  update (self);
}

GtkWidget *
hark_message_view_new (void)
{
  return g_object_new (HARK_TYPE_MESSAGE_VIEW, NULL);
}

/**
 * hark_message_view_set_message:
 * @self: a view
 * @message: (nullable): the voice mail to show
 */
void
hark_message_view_set_message (HarkMessageView *self,
                               HarkMessage     *message)
{
  g_return_if_fail (HARK_IS_MESSAGE_VIEW (self));

  g_set_object (&self->message, message);
  update (self);
}

/**
 * hark_message_view_get_message:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the voice mail shown
 */
HarkMessage *
hark_message_view_get_message (HarkMessageView *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_VIEW (self), NULL);
  return self->message;
}

/**
 * hark_message_view_set_player:
 * @self: a view
 * @player: (nullable): the player it follows
 */
void
hark_message_view_set_player (HarkMessageView *self,
                              HarkPlayer      *player)
{
  g_return_if_fail (HARK_IS_MESSAGE_VIEW (self));

  if (self->player == player)
    return;
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      g_clear_pointer (&self->volume_binding, g_binding_unbind);
    }
  g_set_object (&self->player, player);
  if (player != NULL)
    {
      g_signal_connect (player, "notify", G_CALLBACK (player_notify_cb), self);
      self->volume_binding = g_object_bind_property (player, "volume",
                                                     self->volume_button, "value",
                                                     G_BINDING_BIDIRECTIONAL |
                                                     G_BINDING_SYNC_CREATE);
    }
  update_state (self);
  update_rate (self);
}

/**
 * hark_message_view_set_status:
 * @self: a view
 * @text: (nullable): what the player is doing, or why it cannot
 * @is_error: whether @text is a problem
 */
void
hark_message_view_set_status (HarkMessageView *self,
                              const char      *text,
                              gboolean         is_error)
{
  g_return_if_fail (HARK_IS_MESSAGE_VIEW (self));

  gtk_widget_set_visible (self->status_label, text != NULL);
  gtk_label_set_text (GTK_LABEL (self->status_label), text != NULL ? text : "");
  if (is_error)
    gtk_widget_add_css_class (self->status_label, "error");
  else
    gtk_widget_remove_css_class (self->status_label, "error");
}

/**
 * hark_message_view_set_phone_visible:
 * @self: a view
 * @visible: whether the mailbox can play messages on a phone
 */
void
hark_message_view_set_phone_visible (HarkMessageView *self,
                                     gboolean         visible)
{
  g_return_if_fail (HARK_IS_MESSAGE_VIEW (self));
  gtk_widget_set_visible (self->phone_button, visible);
}

AdwHeaderBar *
hark_message_view_get_header_bar (HarkMessageView *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_VIEW (self), NULL);
  return ADW_HEADER_BAR (self->header_bar);
}

GtkWidget *
hark_message_view_get_back_button (HarkMessageView *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_VIEW (self), NULL);
  return self->back_button;
}
