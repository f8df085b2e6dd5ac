/* um-watcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tries a streaming subscription first; a server that does not know it
 * (Exchange 2007, 2010 RTM) gets a pull subscription; a server that refuses
 * subscriptions gets polled. A connection that fails is tried again after
 * 1, 2, 4 … seconds up to a ceiling; an expired subscription is renewed at
 * once. After every (re)connection, and every poll, "changed" is emitted
 * without events: whatever happened meanwhile is for the listener to fetch.
 */

#include "config.h"

#include "um-watcher.h"

#include "um-enum-types.h"
#include "um-error.h"

struct _UmWatcher
{
  GObject       parent_instance;

  UmMailbox    *mailbox;
  GStrv         folder_ids;
  UmWatchMode   mode;
  guint         pull_seconds;
  guint         poll_seconds;
  guint         max_backoff_seconds;
  guint         connection_minutes;
  guint         backoff_seconds;
  gboolean      pull_only;
  gboolean      poll_only;

  GCancellable *cancellable;
  guint         timer;
  char         *subscription_id;
  char         *watermark;
  guint         request_count;
};

G_DEFINE_FINAL_TYPE (UmWatcher, um_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect (UmWatcher *self);

static void
set_mode (UmWatcher   *self,
          UmWatchMode  mode)
{
  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
emit_changed (UmWatcher      *self,
              UmNotification *notification)
{
  g_signal_emit (self, signals[CHANGED], 0, notification);
}

static void
clear_subscription (UmWatcher *self)
{
  g_clear_pointer (&self->subscription_id, g_free);
  g_clear_pointer (&self->watermark, g_free);
}

static void
um_watcher_dispose (GObject *object)
{
  UmWatcher *self = (UmWatcher *)object;

  um_watcher_stop (self);

  G_OBJECT_CLASS (um_watcher_parent_class)->dispose (object);
}

static void
um_watcher_finalize (GObject *object)
{
  UmWatcher *self = (UmWatcher *)object;

  g_clear_object (&self->mailbox);
  g_clear_pointer (&self->folder_ids, g_strfreev);
  clear_subscription (self);

  G_OBJECT_CLASS (um_watcher_parent_class)->finalize (object);
}

static void
um_watcher_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UmWatcher *self = UM_WATCHER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_watcher_class_init (UmWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = um_watcher_dispose;
  object_class->finalize = um_watcher_finalize;
  object_class->get_property = um_watcher_get_property;

  /**
   * UmWatcher:mode:
   *
   * How the watcher hears of changes now.
   */
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, UM_TYPE_WATCH_MODE, UM_WATCH_MODE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UmWatcher::changed:
   * @self: the watcher
   * @notification: (nullable): the events, or %NULL when anything may have
   *   changed (after connecting, on each poll)
   *
   * Something changed in the watched folders.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, UM_TYPE_NOTIFICATION);
}

static void
um_watcher_init (UmWatcher *self)
{
  self->pull_seconds = 30;
  self->poll_seconds = 120;
  self->max_backoff_seconds = 300;
  self->connection_minutes = 30;
}

/**
 * um_watcher_new:
 * @mailbox: the mailbox
 * @folder_ids: (array zero-terminated=1): the folders to watch
 *
 * Returns: (transfer full): a stopped watcher
 */
UmWatcher *
um_watcher_new (UmMailbox          *mailbox,
                const char * const *folder_ids)
{
  UmWatcher *self;

  g_return_val_if_fail (UM_IS_MAILBOX (mailbox), NULL);
  g_return_val_if_fail (folder_ids != NULL && folder_ids[0] != NULL, NULL);

  self = g_object_new (UM_TYPE_WATCHER, NULL);
  self->mailbox = g_object_ref (mailbox);
  self->folder_ids = g_strdupv ((GStrv)folder_ids);
  return self;
}

/**
 * um_watcher_set_folder_ids:
 * @self: a watcher
 * @folder_ids: (array zero-terminated=1): the folders to watch
 *
 * Watches other folders; a running watcher subscribes again. The same
 * folders again change nothing.
 */
void
um_watcher_set_folder_ids (UmWatcher          *self,
                           const char * const *folder_ids)
{
  gboolean running;

  g_return_if_fail (UM_IS_WATCHER (self));
  g_return_if_fail (folder_ids != NULL && folder_ids[0] != NULL);

  if (self->folder_ids != NULL &&
      g_strv_equal ((const char * const *)self->folder_ids, folder_ids))
    return;

  running = self->mode != UM_WATCH_MODE_STOPPED;
  g_strfreev (self->folder_ids);
  self->folder_ids = g_strdupv ((GStrv)folder_ids);
  if (running)
    {
      um_watcher_stop (self);
      um_watcher_start (self);
    }
}

UmWatchMode
um_watcher_get_mode (UmWatcher *self)
{
  g_return_val_if_fail (UM_IS_WATCHER (self), UM_WATCH_MODE_STOPPED);

  return self->mode;
}

/**
 * um_watcher_set_intervals:
 * @self: a watcher
 * @pull_seconds: how often a pull subscription asks for events
 * @poll_seconds: how often "changed" comes without subscriptions
 * @max_backoff_seconds: the longest wait before trying to connect again
 */
void
um_watcher_set_intervals (UmWatcher *self,
                          guint      pull_seconds,
                          guint      poll_seconds,
                          guint      max_backoff_seconds)
{
  g_return_if_fail (UM_IS_WATCHER (self));
  g_return_if_fail (pull_seconds > 0 && poll_seconds > 0 && max_backoff_seconds > 0);

  self->pull_seconds = pull_seconds;
  self->poll_seconds = poll_seconds;
  self->max_backoff_seconds = max_backoff_seconds;
}

/**
 * um_watcher_set_connection_minutes:
 * @self: a watcher
 * @minutes: how long one streaming connection lasts, 1 to 30
 */
void
um_watcher_set_connection_minutes (UmWatcher *self,
                                   guint      minutes)
{
  g_return_if_fail (UM_IS_WATCHER (self));

  self->connection_minutes = CLAMP (minutes, 1, 30);
}

/**
 * um_watcher_get_request_count:
 * @self: a watcher
 *
 * Returns: how many requests the watcher has sent, to measure its cost
 */
guint
um_watcher_get_request_count (UmWatcher *self)
{
  g_return_val_if_fail (UM_IS_WATCHER (self), 0);

  return self->request_count;
}

/* Whether the server will not do this kind of subscription at all, rather
 * than failing now. */
static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, UM_ERROR, UM_ERROR_SCHEMA_VALIDATION) ||
         g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_REQUEST) ||
         g_error_matches (error, UM_ERROR, UM_ERROR_NOT_SUPPORTED) ||
         (g_error_matches (error, UM_ERROR, UM_ERROR_SERVER) &&
          g_strcmp0 (um_error_get_server_code (error), "ErrorInvalidSubscriptionRequest") == 0);
}

static gboolean
retry_cb (gpointer user_data)
{
  UmWatcher *self = user_data;

  self->timer = 0;
  connect (self);
  return G_SOURCE_REMOVE;
}

static void
retry_later (UmWatcher    *self,
             const GError *error)
{
  self->backoff_seconds = self->backoff_seconds == 0
    ? 1 : MIN (self->backoff_seconds * 2, self->max_backoff_seconds);
  g_debug ("Watching stopped (%s), trying again in %u s", error->message, self->backoff_seconds);
  set_mode (self, UM_WATCH_MODE_CONNECTING);
  self->timer = g_timeout_add_seconds (self->backoff_seconds, retry_cb, self);
}

/* Streaming */

static void stream (UmWatcher *self);

static void
stream_notification_cb (UmNotification *notification,
                        gpointer        user_data)
{
  UmWatcher *self = user_data;

  /* Heartbeats (NULL) are only proof of life. */
  if (notification != NULL && notification->events->len > 0)
    emit_changed (self, notification);
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  UmWatcher *self = user_data;
  g_autoptr(GError) error = NULL;

  if (um_mailbox_stream_events_finish (UM_MAILBOX (object), result, &error))
    {
      /* The server's time for the connection is up: open the next. */
      stream (self);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
    }
  else if (g_error_matches (error, UM_ERROR, UM_ERROR_SUBSCRIPTION))
    {
      clear_subscription (self);
      connect (self);
    }
  else
    {
      clear_subscription (self);
      retry_later (self, error);
    }

  g_object_unref (self);
}

static void
stream (UmWatcher *self)
{
  self->request_count++;
  um_mailbox_stream_events_async (self->mailbox, self->subscription_id,
                                  self->connection_minutes, stream_notification_cb, self, NULL,
                                  self->cancellable, stream_done_cb, g_object_ref (self));
}

/* Pull */

static void pull_later (UmWatcher *self);

static void
get_events_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  UmWatcher *self = user_data;
  g_autoptr(UmNotification) notification = NULL;
  g_autoptr(GError) error = NULL;

  notification = um_mailbox_get_events_finish (UM_MAILBOX (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  if (notification == NULL)
    {
      clear_subscription (self);
      if (g_error_matches (error, UM_ERROR, UM_ERROR_SUBSCRIPTION))
        connect (self);
      else
        retry_later (self, error);
      g_object_unref (self);
      return;
    }

  g_free (self->watermark);
  self->watermark = g_strdup (um_notification_get_last_watermark (notification));
  for (guint i = 0; i < notification->events->len; i++)
    {
      UmEvent *event = g_ptr_array_index (notification->events, i);

      if (event->type != UM_EVENT_STATUS)
        {
          emit_changed (self, notification);
          break;
        }
    }

  if (notification->more_events)
    {
      self->request_count++;
      um_mailbox_get_events_async (self->mailbox, self->subscription_id, self->watermark,
                                   self->cancellable, get_events_cb, self);
      return;
    }

  pull_later (self);
  g_object_unref (self);
}

static gboolean
pull_cb (gpointer user_data)
{
  UmWatcher *self = user_data;

  self->timer = 0;
  self->request_count++;
  um_mailbox_get_events_async (self->mailbox, self->subscription_id, self->watermark,
                               self->cancellable, get_events_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
pull_later (UmWatcher *self)
{
  self->timer = g_timeout_add_seconds (self->pull_seconds, pull_cb, self);
}

/* Polling */

static gboolean
poll_cb (gpointer user_data)
{
  UmWatcher *self = user_data;

  emit_changed (self, NULL);
  return G_SOURCE_CONTINUE;
}

static void
start_polling (UmWatcher *self)
{
  self->poll_only = TRUE;
  set_mode (self, UM_WATCH_MODE_POLLING);
  emit_changed (self, NULL);
  self->timer = g_timeout_add_seconds (self->poll_seconds, poll_cb, self);
}

/* Subscribing */

static void
subscribed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  UmWatcher *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *watermark = NULL;
  char *id;

  id = um_mailbox_subscribe_finish (UM_MAILBOX (object), result, &watermark, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  if (id == NULL)
    {
      if (is_refusal (error))
        {
          /* Down one step: streaming to pull, pull to polling. */
          g_debug ("The server refuses %s subscriptions: %s",
                   self->pull_only ? "pull" : "streaming", error->message);
          if (!self->pull_only)
            {
              self->pull_only = TRUE;
              connect (self);
            }
          else
            {
              start_polling (self);
            }
        }
      else
        {
          retry_later (self, error);
        }
      g_object_unref (self);
      return;
    }

  self->backoff_seconds = 0;
  self->subscription_id = id;
  self->watermark = g_steal_pointer (&watermark);

  /* Whatever happened while not subscribed is for the listener to fetch. */
  emit_changed (self, NULL);

  if (self->pull_only)
    {
      set_mode (self, UM_WATCH_MODE_PULL);
      pull_later (self);
    }
  else
    {
      set_mode (self, UM_WATCH_MODE_STREAMING);
      stream (self);
    }
  g_object_unref (self);
}

static void
connect (UmWatcher *self)
{
  if (self->poll_only)
    {
      start_polling (self);
      return;
    }

  if (self->mode != UM_WATCH_MODE_STREAMING && self->mode != UM_WATCH_MODE_PULL)
    set_mode (self, UM_WATCH_MODE_CONNECTING);

  self->request_count++;
  um_mailbox_subscribe_async (self->mailbox,
                              self->pull_only ? UM_SUBSCRIPTION_PULL : UM_SUBSCRIPTION_STREAMING,
                              (const char * const *)self->folder_ids,
                              MAX (10, self->pull_seconds * 4 / 60), self->cancellable,
                              subscribed_cb, g_object_ref (self));
}

/**
 * um_watcher_start:
 * @self: a stopped watcher
 *
 * Subscribes and keeps subscribed until um_watcher_stop().
 */
void
um_watcher_start (UmWatcher *self)
{
  g_return_if_fail (UM_IS_WATCHER (self));

  if (self->mode != UM_WATCH_MODE_STOPPED)
    return;

  self->cancellable = g_cancellable_new ();
  self->backoff_seconds = 0;
  set_mode (self, UM_WATCH_MODE_CONNECTING);
  connect (self);
}

/**
 * um_watcher_stop:
 * @self: a watcher
 *
 * Closes the connection and forgets the subscription (the server lets it
 * expire).
 */
void
um_watcher_stop (UmWatcher *self)
{
  g_return_if_fail (UM_IS_WATCHER (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_handle_id (&self->timer, g_source_remove);
  clear_subscription (self);
  set_mode (self, UM_WATCH_MODE_STOPPED);
}
