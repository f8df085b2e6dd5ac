/* um-call-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Polls GetCallInfo or GetPhoneCallInformation: often while the phone rings
 * (the user waits for it to answer), less often while the message plays,
 * never faster than max-rate requests a second, and not at all once the call
 * is Disconnected or gone. A call id the server no longer knows after it was
 * seen means the Call_timeout of 3.1.2 took the call to Idle.
 */

#include "config.h"

#include "um-call-monitor.h"

#include "um-enum-types.h"
#include "um-error.h"

#define DEFAULT_CONNECTING_INTERVAL_MS 250
#define DEFAULT_CONNECTED_INTERVAL_MS 1000
#define DEFAULT_MAX_RATE 4.0
#define MAX_TRANSIENT_FAILURES 3

struct _UmCallMonitor
{
  GObject      parent_instance;

  UmClient    *client;
  UmCallKind   kind;
  char        *call_id;
  UmCallInfo  *info;
  guint        connecting_interval;
  guint        connected_interval;
  double       max_rate;
  guint        request_count;
  guint        failures;
  gboolean     seen;
  gint64       last_request_time;
  GTask       *task;
};

G_DEFINE_FINAL_TYPE (UmCallMonitor, um_call_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_KIND,
  PROP_CALL_ID,
  PROP_STATE,
  PROP_CAUSE,
  PROP_INFO,
  PROP_CONNECTING_INTERVAL,
  PROP_CONNECTED_INTERVAL,
  PROP_MAX_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_now (UmCallMonitor *self);

static void
update_info (UmCallMonitor    *self,
             const UmCallInfo *info)
{
  gboolean state_changed = self->info->state != info->state;
  gboolean cause_changed = self->info->cause != info->cause;

  if (um_call_info_equal (self->info, info))
    return;

  g_clear_pointer (&self->info, um_call_info_free);
  self->info = um_call_info_copy (info);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
  if (cause_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAUSE]);
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
finish (UmCallMonitor *self,
        GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, um_call_info_copy (self->info),
                           (GDestroyNotify)um_call_info_free);
}

static guint
interval_for_state (UmCallMonitor *self)
{
  return self->info->state == UM_CALL_STATE_CONNECTING ? self->connecting_interval
                                                       : self->connected_interval;
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  UmCallMonitor *self = user_data;

  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return G_SOURCE_REMOVE;
    }

  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (UmCallMonitor *self,
               guint          interval_ms)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  g_autoptr(GSource) source = NULL;
  gint64 min_gap_us = (gint64)(G_USEC_PER_SEC / self->max_rate);
  gint64 due = self->last_request_time + MAX ((gint64)interval_ms * 1000, min_gap_us);
  gint64 delay_us = MAX (0, due - g_get_monotonic_time ());

  source = g_timeout_source_new ((guint)((delay_us + 999) / 1000));
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);

      /* Cancelling makes the timeout dispatch at once. */
      g_source_set_dummy_callback (cancel_source);
      g_source_add_child_source (source, cancel_source);
    }
  g_source_set_callback (source, poll_timeout_cb, self, NULL);
  g_source_set_name (source, "[um] call monitor poll");
  g_source_attach (source, g_task_get_context (self->task));
}

static gboolean
is_transient (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR ||
         g_error_matches (error, UM_ERROR, UM_ERROR_HTTP) ||
         g_error_matches (error, UM_ERROR, UM_ERROR_SERVER_BUSY);
}

static void
get_call_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(UmCallMonitor) self = user_data;
  g_autoptr(UmCallInfo) info = NULL;
  GError *error = NULL;

  info = um_client_get_call_finish (UM_CLIENT (object), result, &error);

  if (info == NULL)
    {
      if (self->seen && g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID))
        {
          /* Known before, unknown now: the call went Idle (3.1.1.1). */
          g_autoptr(UmCallInfo) idle = um_call_info_new (UM_CALL_STATE_IDLE,
                                                         self->info->cause);

          g_clear_error (&error);
          update_info (self, idle);
          finish (self, NULL);
          return;
        }

      if (is_transient (error) && ++self->failures < MAX_TRANSIENT_FAILURES)
        {
          g_debug ("Polling call %s failed, retrying: %s", self->call_id, error->message);
          g_clear_error (&error);
          schedule_poll (self, interval_for_state (self) * (1u << self->failures));
          return;
        }

      finish (self, error);
      return;
    }

  self->failures = 0;
  self->seen = TRUE;
  update_info (self, info);

  if (um_call_state_is_final (info->state))
    {
      finish (self, NULL);
      return;
    }

  schedule_poll (self, interval_for_state (self));
}

static void
poll_now (UmCallMonitor *self)
{
  self->last_request_time = g_get_monotonic_time ();
  self->request_count++;
  um_client_get_call_async (self->client, self->kind, self->call_id,
                            g_task_get_cancellable (self->task), get_call_cb,
                            g_object_ref (self));
}

static void
um_call_monitor_dispose (GObject *object)
{
  UmCallMonitor *self = (UmCallMonitor *)object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (um_call_monitor_parent_class)->dispose (object);
}

static void
um_call_monitor_finalize (GObject *object)
{
  UmCallMonitor *self = (UmCallMonitor *)object;

  g_assert (self->task == NULL);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->info, um_call_info_free);

  G_OBJECT_CLASS (um_call_monitor_parent_class)->finalize (object);
}

static void
um_call_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UmCallMonitor *self = UM_CALL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->info->state);
      break;

    case PROP_CAUSE:
      g_value_set_enum (value, self->info->cause);
      break;

    case PROP_INFO:
      g_value_set_boxed (value, self->info);
      break;

    case PROP_CONNECTING_INTERVAL:
      g_value_set_uint (value, self->connecting_interval);
      break;

    case PROP_CONNECTED_INTERVAL:
      g_value_set_uint (value, self->connected_interval);
      break;

    case PROP_MAX_RATE:
      g_value_set_double (value, self->max_rate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_call_monitor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UmCallMonitor *self = UM_CALL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_CALL_ID:
      self->call_id = g_value_dup_string (value);
      break;

    case PROP_CONNECTING_INTERVAL:
      um_call_monitor_set_connecting_interval (self, g_value_get_uint (value));
      break;

    case PROP_CONNECTED_INTERVAL:
      um_call_monitor_set_connected_interval (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RATE:
      um_call_monitor_set_max_rate (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_call_monitor_class_init (UmCallMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = um_call_monitor_dispose;
  object_class->finalize = um_call_monitor_finalize;
  object_class->get_property = um_call_monitor_get_property;
  object_class->set_property = um_call_monitor_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, UM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, UM_TYPE_CALL_KIND, UM_CALL_KIND_EWS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UmCallMonitor:state:
   *
   * The last state the server reported; %UM_CALL_STATE_CONNECTING until the
   * first answer, as every call starts there (3.1.3).
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, UM_TYPE_CALL_STATE, UM_CALL_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAUSE] =
    g_param_spec_enum ("cause", NULL, NULL, UM_TYPE_CALL_CAUSE, UM_CALL_CAUSE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL, UM_TYPE_CALL_INFO,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECTING_INTERVAL] =
    g_param_spec_uint ("connecting-interval", NULL, NULL, 1, 60000,
                       DEFAULT_CONNECTING_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONNECTED_INTERVAL] =
    g_param_spec_uint ("connected-interval", NULL, NULL, 1, 60000,
                       DEFAULT_CONNECTED_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmCallMonitor:max-rate:
   *
   * The most requests a second the monitor sends, whatever the intervals.
   */
  properties[PROP_MAX_RATE] =
    g_param_spec_double ("max-rate", NULL, NULL, 0.01, 100.0, DEFAULT_MAX_RATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
um_call_monitor_init (UmCallMonitor *self)
{
  self->info = um_call_info_new (UM_CALL_STATE_CONNECTING, UM_CALL_CAUSE_NONE);
  self->connecting_interval = DEFAULT_CONNECTING_INTERVAL_MS;
  self->connected_interval = DEFAULT_CONNECTED_INTERVAL_MS;
  self->max_rate = DEFAULT_MAX_RATE;
}

/**
 * um_call_monitor_new:
 * @client: the client that placed the call
 * @kind: how the call was placed
 * @call_id: the id PlayOnPhone, PlayOnPhoneGreeting or PlayOnPhone2 returned
 *
 * Returns: (transfer full): a new monitor; um_call_monitor_run_async() starts it
 */
UmCallMonitor *
um_call_monitor_new (UmClient   *client,
                     UmCallKind  kind,
                     const char *call_id)
{
  g_return_val_if_fail (UM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  return g_object_new (UM_TYPE_CALL_MONITOR,
                       "client", client,
                       "kind", kind,
                       "call-id", call_id,
                       NULL);
}

UmClient *
um_call_monitor_get_client (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), NULL);

  return self->client;
}

UmCallKind
um_call_monitor_get_kind (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), UM_CALL_KIND_EWS);

  return self->kind;
}

const char *
um_call_monitor_get_call_id (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), NULL);

  return self->call_id;
}

UmCallState
um_call_monitor_get_state (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), UM_CALL_STATE_IDLE);

  return self->info->state;
}

UmCallCause
um_call_monitor_get_cause (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), UM_CALL_CAUSE_NONE);

  return self->info->cause;
}

/**
 * um_call_monitor_get_info:
 * @self: a monitor
 *
 * Returns: (transfer none): the last answer, with the SIP response if any
 */
const UmCallInfo *
um_call_monitor_get_info (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), NULL);

  return self->info;
}

guint
um_call_monitor_get_connecting_interval (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), 0);

  return self->connecting_interval;
}

void
um_call_monitor_set_connecting_interval (UmCallMonitor *self,
                                         guint          msec)
{
  g_return_if_fail (UM_IS_CALL_MONITOR (self));
  g_return_if_fail (msec > 0);

  if (self->connecting_interval == msec)
    return;
  self->connecting_interval = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTING_INTERVAL]);
}

guint
um_call_monitor_get_connected_interval (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), 0);

  return self->connected_interval;
}

void
um_call_monitor_set_connected_interval (UmCallMonitor *self,
                                        guint          msec)
{
  g_return_if_fail (UM_IS_CALL_MONITOR (self));
  g_return_if_fail (msec > 0);

  if (self->connected_interval == msec)
    return;
  self->connected_interval = msec;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED_INTERVAL]);
}

double
um_call_monitor_get_max_rate (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), 0);

  return self->max_rate;
}

void
um_call_monitor_set_max_rate (UmCallMonitor *self,
                              double         per_second)
{
  g_return_if_fail (UM_IS_CALL_MONITOR (self));
  g_return_if_fail (per_second > 0);

  if (self->max_rate == per_second)
    return;
  self->max_rate = per_second;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RATE]);
}

/**
 * um_call_monitor_get_request_count:
 * @self: a monitor
 *
 * Returns: how many requests the monitor has sent
 */
guint
um_call_monitor_get_request_count (UmCallMonitor *self)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), 0);

  return self->request_count;
}

/**
 * um_call_monitor_run_async:
 * @self: a monitor
 * @cancellable: (nullable): a #GCancellable to stop following the call
 * @callback: called when the call ended, or on an error
 * @user_data: data for @callback
 *
 * Follows the call, notifying #UmCallMonitor:state on every change, until it
 * is Disconnected or Idle.
 */
void
um_call_monitor_run_async (UmCallMonitor       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (UM_IS_CALL_MONITOR (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, um_call_monitor_run_async);
  self->failures = 0;
  poll_now (self);
}

/**
 * um_call_monitor_run_finish:
 * @self: a monitor
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the final state of the call
 */
UmCallInfo *
um_call_monitor_run_finish (UmCallMonitor  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (UM_IS_CALL_MONITOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == um_call_monitor_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
