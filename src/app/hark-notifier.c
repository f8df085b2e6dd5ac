/* hark-notifier.c: the message-waiting indicator, as desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each new voice mail of each account raises one notification (libnotify,
 * to whatever notification server the desktop runs, which applies its
 * own do-not-disturb): the caller, the length, the first line of the
 * transcript, urgency; actions Play, Mark Heard, Call Back and, where the
 * mailbox has UM, Play on Phone. Several that arrive together become one
 * summary with the counts. A notification goes when its message is heard,
 * here or anywhere else (the store hears of it by push), or deleted.
 */

#include "config.h"

#include "hark-notifier.h"

#include "hark-account.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>
#include <string.h>

/* Voice mails that arrive within this long of each other are summed up:
 * the first shows at once, the next turn it into a summary in place. */
#define BURST_MS 2000

struct _HarkNotifier
{
  GObject          parent_instance;

  HarkApplication *application;      /* not owned: it owns us */
  GSettings       *settings;
  GPtrArray       *accounts;         /* HarkAccount, watched */

  GHashTable      *shown;            /* item id -> NotifyNotification */
  GHashTable      *shown_accounts;   /* item id -> HarkAccount (not owned) */
  GPtrArray       *burst;            /* HarkMessage arriving together */
  GPtrArray       *burst_accounts;   /* their HarkAccount (not owned) */
  guint            burst_id;         /* ends the burst after a quiet while */
  NotifyNotification *summary;       /* the burst's notification, summed up */
  GPtrArray       *summed;           /* the item ids it sums up */
  GPtrArray       *summed_accounts;
  guint            summed_waiting;   /* the counts it shows */
  guint            summed_urgent;
};

G_DEFINE_FINAL_TYPE (HarkNotifier, hark_notifier, G_TYPE_OBJECT)

static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL || text[0] == '\0')
    return NULL;
  end = strchr (text, '\n');
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

static void
action_cb (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  HarkNotifier *self = user_data;
  const char *item_id = g_object_get_data (G_OBJECT (notification), "hark-item-id");
  const char *number = g_object_get_data (G_OBJECT (notification), "hark-number");

  if (g_str_equal (action, "call-back") && number != NULL)
    {
      g_autofree char *uri = g_strconcat ("tel:", number, NULL);

      g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
      return;
    }
  if (g_str_equal (action, "open"))
    {
      g_application_activate (G_APPLICATION (self->application));
      return;
    }
  if (item_id == NULL)
    return;
  /* "default" is a click on the notification itself: play it. */
  g_action_group_activate_action (G_ACTION_GROUP (self->application),
                                  g_str_equal (action, "default") ? "play-message" : action,
                                  g_variant_new_string (item_id));
}

static void
forget_summary (HarkNotifier *self)
{
  g_clear_object (&self->summary);
  g_ptr_array_set_size (self->summed, 0);
  g_ptr_array_set_size (self->summed_accounts, 0);
  self->summed_waiting = self->summed_urgent = 0;
}

static void
closed_cb (NotifyNotification *notification,
           HarkNotifier       *self)
{
  const char *item_id = g_object_get_data (G_OBJECT (notification), "hark-item-id");

  if (item_id != NULL && g_hash_table_lookup (self->shown, item_id) == notification)
    {
      g_hash_table_remove (self->shown_accounts, item_id);
      g_hash_table_remove (self->shown, item_id);
    }
  if (notification == self->summary)
    forget_summary (self);
}

static NotifyNotification *
notification_for (HarkNotifier *self,
                  HarkAccount  *account,
                  HarkMessage  *message)
{
  const char *name = hark_message_get_caller_name (message);
  const char *number = hark_message_get_caller_number (message);
  const char *caller = name != NULL && name[0] != '\0' ? name
                       : number != NULL && number[0] != '\0' ? number : _("Unknown caller");
  guint seconds = hark_message_get_duration (message);
  g_autofree char *line = first_line (hark_message_get_transcription (message));
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  NotifyNotification *notification;

  summary = hark_message_get_urgent (message)
              /* Translators: %s is who called */
              ? g_strdup_printf (_("Urgent voice mail from %s"), caller)
              /* Translators: %s is who called */
              : g_strdup_printf (_("Voice mail from %s"), caller);
  body = line != NULL ? g_strdup_printf ("%u:%02u · %s", seconds / 60, seconds % 60, line)
                      : g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);

  notification = notify_notification_new (summary, body, "io.github.hark.Hark");
  notify_notification_set_app_name (notification, "Hark");
  notify_notification_set_urgency (notification, hark_message_get_urgent (message)
                                                   ? NOTIFY_URGENCY_CRITICAL
                                                   : NOTIFY_URGENCY_NORMAL);
  notify_notification_set_category (notification, "x-gnome.voicemail");
  notify_notification_set_hint_string (notification, "desktop-entry", APPLICATION_ID);
  if (g_settings_get_boolean (self->settings, "notify-sound"))
    notify_notification_set_hint_string (notification, "sound-name", "message-new-instant");
  else
    notify_notification_set_hint (notification, "suppress-sound", g_variant_new_boolean (TRUE));
  g_object_set_data_full (G_OBJECT (notification), "hark-item-id",
                          g_strdup (hark_message_get_id (message)), g_free);
  g_object_set_data_full (G_OBJECT (notification), "hark-number", g_strdup (number), g_free);

  notify_notification_add_action (notification, "default", _("Play"), action_cb, self, NULL);
  notify_notification_add_action (notification, "play-message", _("Play"), action_cb, self,
                                  NULL);
  if (hark_account_get_um_enabled (account))
    notify_notification_add_action (notification, "play-on-phone", _("Play on Phone"),
                                    action_cb, self, NULL);
  notify_notification_add_action (notification, "mark-heard", _("Mark Heard"), action_cb, self,
                                  NULL);
  if (number != NULL && number[0] != '\0')
    notify_notification_add_action (notification, "call-back", _("Call Back"), action_cb, self,
                                    NULL);
  g_signal_connect (notification, "closed", G_CALLBACK (closed_cb), self);
  return notification;
}

static void
show (HarkNotifier       *self,
      NotifyNotification *notification)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_show (notification, &error))
    g_message ("No notification could be shown: %s", error->message);
}

static gboolean
burst_over_cb (gpointer user_data)
{
  HarkNotifier *self = user_data;

  self->burst_id = 0;
  g_ptr_array_set_size (self->burst, 0);
  g_ptr_array_set_size (self->burst_accounts, 0);
  return G_SOURCE_REMOVE;
}

/* The summary: the burst's notification, replaced on the server, with the
 * counts of the voice mail it sums up that still waits; closed once none
 * does. Shown again only when the counts change. */
static void
sum_up (HarkNotifier *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  guint waiting = 0, urgent = 0;

  for (guint i = 0; i < self->summed->len; i++)
    {
      HarkStore *store = hark_account_get_store (self->summed_accounts->pdata[i]);
      g_autoptr(HarkMessage) message = hark_store_find (store, self->summed->pdata[i]);

      if (message == NULL || hark_message_get_heard (message) ||
          hark_message_get_folder (message) == HARK_FOLDER_DELETED)
        continue;
      waiting++;
      if (hark_message_get_urgent (message))
        urgent++;
    }
  if (waiting == 0)
    {
      notify_notification_close (self->summary, NULL);
      forget_summary (self);
      return;
    }
  if (waiting == self->summed_waiting && urgent == self->summed_urgent)
    return;
  self->summed_waiting = waiting;
  self->summed_urgent = urgent;

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new voice mail",
                                          "%u new voice mails", waiting), waiting);
  body = urgent > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of them urgent",
                                                    "%u of them urgent", urgent), urgent)
                    : NULL;
  notify_notification_update (self->summary, summary, body, "io.github.hark.Hark");
  notify_notification_clear_actions (self->summary);
  notify_notification_add_action (self->summary, "default", _("Open Hark"), action_cb, self,
                                  NULL);
  notify_notification_add_action (self->summary, "open", _("Open Hark"), action_cb, self, NULL);
  notify_notification_set_urgency (self->summary, urgent > 0 ? NOTIFY_URGENCY_CRITICAL
                                                             : NOTIFY_URGENCY_NORMAL);
  g_object_set_data (G_OBJECT (self->summary), "hark-item-id", NULL);
  show (self, self->summary);
}

static void
add_to_summary (HarkNotifier *self,
                HarkAccount  *account,
                HarkMessage  *message)
{
  g_ptr_array_add (self->summed, g_strdup (hark_message_get_id (message)));
  g_ptr_array_add (self->summed_accounts, account);
}

static void
new_voicemail_cb (HarkAccount  *account,
                  HarkMessage  *message,
                  HarkNotifier *self)
{
  if (!g_settings_get_boolean (self->settings, "notify-new") ||
      !g_settings_get_boolean (hark_account_get_settings (account), "notify") ||
      (g_settings_get_boolean (self->settings, "notify-urgent-only") &&
       !hark_message_get_urgent (message)) ||
      hark_message_get_heard (message))
    return;

  /* A summary on screen takes in what comes next. */
  if (self->summary != NULL)
    {
      add_to_summary (self, account, message);
      sum_up (self);
      return;
    }

  /* Only what still waits counts: not what was heard since it came. */
  for (guint i = self->burst->len; i-- > 0;)
    {
      HarkStore *store = hark_account_get_store (self->burst_accounts->pdata[i]);
      g_autoptr(HarkMessage) now = hark_store_find (store,
                                                    hark_message_get_id (self->burst->pdata[i]));

      if (now == NULL || hark_message_get_heard (now))
        {
          g_ptr_array_remove_index (self->burst, i);
          g_ptr_array_remove_index (self->burst_accounts, i);
        }
    }

  g_ptr_array_add (self->burst, g_object_ref (message));
  g_ptr_array_add (self->burst_accounts, account);
  g_clear_handle_id (&self->burst_id, g_source_remove);
  self->burst_id = g_timeout_add (BURST_MS, burst_over_cb, self);

  if (self->burst->len == 1)
    {
      NotifyNotification *notification = notification_for (self, account, message);

      g_hash_table_replace (self->shown, g_strdup (hark_message_get_id (message)), notification);
      g_hash_table_replace (self->shown_accounts, g_strdup (hark_message_get_id (message)),
                            account);
      show (self, notification);
      return;
    }

  /* The second of a burst: the first's notification becomes the summary. */
  {
    HarkMessage *first = self->burst->pdata[0];
    NotifyNotification *shown = g_hash_table_lookup (self->shown, hark_message_get_id (first));

    if (shown != NULL)
      {
        self->summary = g_object_ref (shown);
        g_hash_table_remove (self->shown_accounts, hark_message_get_id (first));
        g_hash_table_remove (self->shown, hark_message_get_id (first));
      }
    else
      {
        self->summary = notify_notification_new ("", NULL, "io.github.hark.Hark");
        notify_notification_set_app_name (self->summary, "Hark");
        notify_notification_set_hint_string (self->summary, "desktop-entry", APPLICATION_ID);
        g_signal_connect (self->summary, "closed", G_CALLBACK (closed_cb), self);
      }
    self->summed_waiting = self->summed_urgent = 0;
    for (guint i = 0; i < self->burst->len; i++)
      add_to_summary (self, self->burst_accounts->pdata[i], self->burst->pdata[i]);
    sum_up (self);
  }
}

/* A message heard (here, in another client, on the phone), moved or
 * deleted: its notification goes. */
static void
store_changed_cb (HarkStore    *store,
                  HarkNotifier *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->shown_accounts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(HarkMessage) message = NULL;

      if (hark_account_get_store (value) != store)
        continue;
      message = hark_store_find (store, key);
      if (message == NULL || hark_message_get_heard (message) ||
          hark_message_get_folder (message) == HARK_FOLDER_DELETED)
        g_ptr_array_add (gone, g_strdup (key));
    }
  /* The summary follows: fewer, or gone. */
  if (self->summary != NULL)
    sum_up (self);

  for (guint i = 0; i < gone->len; i++)
    {
      NotifyNotification *notification;

      notification = g_object_ref (g_hash_table_lookup (self->shown, gone->pdata[i]));
      g_hash_table_remove (self->shown_accounts, gone->pdata[i]);
      g_hash_table_remove (self->shown, gone->pdata[i]);
      notify_notification_close (notification, NULL);
      g_object_unref (notification);
    }
}

static void
watch (HarkNotifier *self,
       HarkAccount  *account)
{
  if (g_ptr_array_find (self->accounts, account, NULL))
    return;
  g_ptr_array_add (self->accounts, g_object_ref (account));
  g_signal_connect_object (account, "new-voicemail", G_CALLBACK (new_voicemail_cb), self, 0);
  g_signal_connect_object (hark_account_get_store (account), "changed",
                           G_CALLBACK (store_changed_cb), self, 0);
}

static void
accounts_changed_cb (GListModel   *accounts,
                     guint         position,
                     guint         removed,
                     guint         added,
                     HarkNotifier *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HarkAccount) account = g_list_model_get_item (accounts, i);

      watch (self, account);
    }
}

static void
hark_notifier_dispose (GObject *object)
{
  HarkNotifier *self = HARK_NOTIFIER (object);

  if (self->application != NULL)
    g_signal_handlers_disconnect_by_data (hark_application_get_accounts (self->application),
                                          self);
  self->application = NULL;
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->shown_accounts, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_handle_id (&self->burst_id, g_source_remove);
  g_clear_pointer (&self->burst, g_ptr_array_unref);
  g_clear_pointer (&self->burst_accounts, g_ptr_array_unref);
  g_clear_pointer (&self->summed, g_ptr_array_unref);
  g_clear_pointer (&self->summed_accounts, g_ptr_array_unref);
  g_clear_object (&self->summary);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hark_notifier_parent_class)->dispose (object);
}

static void
hark_notifier_class_init (HarkNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hark_notifier_dispose;
}

static void
hark_notifier_init (HarkNotifier *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->shown_accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->burst = g_ptr_array_new_with_free_func (g_object_unref);
  self->burst_accounts = g_ptr_array_new ();
  self->summed = g_ptr_array_new_with_free_func (g_free);
  self->summed_accounts = g_ptr_array_new ();
  self->settings = g_settings_new ("io.github.hark.Hark");
}

/**
 * hark_notifier_new:
 * @application: the application, whose accounts it watches
 *
 * Returns: (transfer full): a notifier
 */
HarkNotifier *
hark_notifier_new (HarkApplication *application)
{
  HarkNotifier *self = g_object_new (HARK_TYPE_NOTIFIER, NULL);
  GListModel *accounts = hark_application_get_accounts (application);

  if (!notify_is_initted ())
    notify_init ("Hark");
  self->application = application;
  g_signal_connect (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self);
  accounts_changed_cb (accounts, 0, 0, g_list_model_get_n_items (accounts), self);
  return self;
}

/**
 * hark_notifier_get_n_shown:
 * @self: a notifier
 *
 * Returns: how many voice mails have a notification on screen
 */
guint
hark_notifier_get_n_shown (HarkNotifier *self)
{
  g_return_val_if_fail (HARK_IS_NOTIFIER (self), 0);

  return g_hash_table_size (self->shown);
}
