/* hark-message-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Caller (name, else number), time, duration, an unread dot, an urgent mark
 * and the first line of the transcript. Rows are recycled by the list view:
 * set_message() fills one in full each time.
 */

#include "config.h"

#include "hark-message-row.h"

#include <glib/gi18n.h>

struct _HarkMessageRow
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkWidget   *unread_dot;
  GtkWidget   *caller_label;
  GtkWidget   *urgent_icon;
  GtkWidget   *time_label;
  GtkWidget   *summary_label;
  GtkWidget   *duration_label;

  HarkMessage *message;
};

G_DEFINE_FINAL_TYPE (HarkMessageRow, hark_message_row, GTK_TYPE_WIDGET)

/**
 * hark_format_duration:
 * @seconds: a length
 *
 * Returns: (transfer full): "0:42", "12:05" or "1:02:03"
 */
char *
hark_format_duration (int seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_strdup_printf ("%d:%02d", seconds / 60, seconds % 60);
}

/**
 * hark_format_received:
 * @received: seconds since the epoch
 * @full: the whole date and time, or the short form of a list
 *
 * Returns: (transfer full): the time in the user's time zone: the clock
 *   time for today, "Yesterday", the weekday within a week, else the date
 */
char *
hark_format_received (gint64   received,
                      gboolean full)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (received);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan age;

  if (local == NULL)
    return g_strdup ("");

  if (full)
    /* Translators: a date and time, see g_date_time_format() */
    return g_date_time_format (local, _("%A, %e %B %Y, %H:%M"));

  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  age = g_date_time_difference (today, local);
  if (age <= 0)
    return g_date_time_format (local, "%H:%M");
  if (age <= G_TIME_SPAN_DAY)
    return g_strdup (_("Yesterday"));
  if (age < 6 * G_TIME_SPAN_DAY)
    return g_date_time_format (local, "%A");
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date in this year, see g_date_time_format() */
    return g_date_time_format (local, _("%e %b"));
  /* Translators: a date in another year, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b %Y"));
}

/**
 * hark_format_caller:
 * @message: a voice mail
 *
 * Returns: (transfer full): who called, in words, even when the number
 *   was withheld
 */
char *
hark_format_caller (HarkMessage *message)
{
  const char *caller = hark_message_get_caller (message);

  if (caller[0] == '\0')
    return g_strdup (_("Unknown caller"));
  return g_strdup (caller);
}

/**
 * hark_first_line:
 * @text: (nullable): a text
 *
 * Returns: (transfer full): its first line, trimmed
 */
char *
hark_first_line (const char *text)
{
  const char *end;

  if (text == NULL)
    return g_strdup ("");
  while (g_ascii_isspace (*text))
    text++;
  end = strchr (text, '\n');
  return g_strstrip (end != NULL ? g_strndup (text, end - text) : g_strdup (text));
}

static void
update (HarkMessageRow *self)
{
  HarkMessage *message = self->message;
  g_autofree char *caller = NULL;
  g_autofree char *received = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *accessible = NULL;
  gboolean heard;

  if (message == NULL)
    return;

  heard = hark_message_get_heard (message);
  caller = hark_format_caller (message);
  received = hark_format_received (hark_message_get_received (message), FALSE);
  duration = hark_format_duration (hark_message_get_duration (message));
  summary = hark_first_line (hark_message_get_transcription (message));
  if (summary[0] == '\0')
    {
      g_free (summary);
      summary = g_strdup (hark_message_get_caller_name (message) != NULL &&
                          hark_message_get_caller_number (message) != NULL
                            ? hark_message_get_caller_number (message)
                            : _("No transcript"));
    }

  gtk_label_set_text (GTK_LABEL (self->caller_label), caller);
  gtk_label_set_text (GTK_LABEL (self->time_label), received);
  gtk_label_set_text (GTK_LABEL (self->duration_label), duration);
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  gtk_widget_set_visible (self->urgent_icon, hark_message_get_urgent (message));
  if (heard)
    {
      gtk_widget_add_css_class (self->unread_dot, "heard");
      gtk_widget_remove_css_class (self->caller_label, "hark-caller-unread");
    }
  else
    {
      gtk_widget_remove_css_class (self->unread_dot, "heard");
      gtk_widget_add_css_class (self->caller_label, "hark-caller-unread");
    }

  /* Translators: how a screen reader says a row: caller, state, time,
   * length; e.g. "Alice Smith, unheard, urgent, 09:14, 0:42" */
  accessible = g_strdup_printf (_("%s, %s%s, %s, %s"), caller,
                                heard ? _("heard") : _("unheard"),
                                hark_message_get_urgent (message) ? _(", urgent") : "",
                                received, duration);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
heard_changed_cb (HarkMessage    *message,
                  GParamSpec     *pspec,
                  HarkMessageRow *self)
{
  update (self);
}

static void
hark_message_row_dispose (GObject *object)
{
  HarkMessageRow *self = HARK_MESSAGE_ROW (object);

  hark_message_row_set_message (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HARK_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (hark_message_row_parent_class)->dispose (object);
}

/* The urgent mark's tooltip, asked for when shown: a tooltip-text set on
 * each of the list's rows costs a round trip to the display server as the
 * row is made. */
static gboolean
urgent_query_tooltip_cb (GtkWidget  *widget,
                         int         x,
                         int         y,
                         gboolean    keyboard,
                         GtkTooltip *tooltip,
                         gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _("Urgent"));
  return TRUE;
}

static void
hark_message_row_class_init (HarkMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hark_message_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/hark/Hark/hark-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, box);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, caller_label);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, urgent_icon);
  gtk_widget_class_bind_template_callback (widget_class, urgent_query_tooltip_cb);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HarkMessageRow, duration_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hark_message_row_init (HarkMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hark_message_row_new (void)
{
  return g_object_new (HARK_TYPE_MESSAGE_ROW, NULL);
}

/**
 * hark_message_row_set_message:
 * @self: a row
 * @message: (nullable): the voice mail it shows
 */
void
hark_message_row_set_message (HarkMessageRow *self,
                              HarkMessage    *message)
{
  g_return_if_fail (HARK_IS_MESSAGE_ROW (self));

  if (self->message == message)
    return;
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_set_object (&self->message, message);
  if (message != NULL)
    g_signal_connect (message, "notify::heard", G_CALLBACK (heard_changed_cb), self);
  update (self);
}

/**
 * hark_message_row_get_message:
 * @self: a row
 *
 * Returns: (transfer none) (nullable): its voice mail
 */
HarkMessage *
hark_message_row_get_message (HarkMessageRow *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}
