/* test-um-call-monitor.c: following a call against the simulated phone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  UmServerPhone   *phone;
  UmClient        *client;
  GArray          *states;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
  f->phone = um_server_get_phone (f->server);
  f->client = hark_test_client_new (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  f->states = g_array_new (FALSE, FALSE, sizeof (UmCallState));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->states, g_array_unref);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

static void
state_notify_cb (UmCallMonitor *monitor,
                 GParamSpec    *pspec,
                 Fixture       *f)
{
  UmCallState state = um_call_monitor_get_state (monitor);

  g_array_append_val (f->states, state);
}

static char *
place_call (Fixture     *f,
            UmCallKind   kind,
            const char  *dial_string)
{
  const UmServerMessage *item = hark_test_first_voicemail (f->account);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *call_id;

  if (kind == UM_CALL_KIND_EWS)
    {
      um_client_play_on_phone2_async (f->client, item->id, dial_string, NULL,
                                      HARK_TEST_CB (&result));
      call_id = um_client_play_on_phone2_finish (f->client, hark_test_wait_result (&result),
                                                 &error);
    }
  else
    {
      um_client_play_on_phone_async (f->client, item->entry_id, dial_string, NULL,
                                     HARK_TEST_CB (&result));
      call_id = um_client_play_on_phone_finish (f->client, hark_test_wait_result (&result),
                                                &error);
    }
  g_assert_no_error (error);
  return call_id;
}

static UmCallMonitor *
new_monitor (Fixture    *f,
             UmCallKind  kind,
             const char *call_id)
{
  UmCallMonitor *monitor = um_call_monitor_new (f->client, kind, call_id);

  um_call_monitor_set_connecting_interval (monitor, 10);
  um_call_monitor_set_connected_interval (monitor, 20);
  um_call_monitor_set_max_rate (monitor, 100);
  g_signal_connect (monitor, "notify::state", G_CALLBACK (state_notify_cb), f);
  return monitor;
}

static UmCallInfo *
run_monitor (UmCallMonitor  *monitor,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_call_monitor_run_async (monitor, cancellable, HARK_TEST_CB (&result));
  return um_call_monitor_run_finish (monitor, hark_test_wait_result (&result), error);
}

static void
assert_states (Fixture           *f,
               const UmCallState *expected,
               guint              n_expected)
{
  g_assert_cmpuint (f->states->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (f->states, UmCallState, i), ==, expected[i]);
}

static void
test_whole_call (Fixture       *f,
                 gconstpointer  data)
{
  UmCallKind kind = GPOINTER_TO_INT (data);
  g_autofree char *call_id = place_call (f, kind, "+1-425-555-0123");
  g_autoptr(UmCallMonitor) monitor = new_monitor (f, kind, call_id);
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  /* Connecting is the initial value, so only the changes are notified. */
  const UmCallState expected[] = { UM_CALL_STATE_CONNECTED, UM_CALL_STATE_DISCONNECTED };

  g_assert_cmpint (um_call_monitor_get_state (monitor), ==, UM_CALL_STATE_CONNECTING);
  info = run_monitor (monitor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);
  g_assert_cmpint (info->cause, ==, UM_CALL_CAUSE_NONE);
  assert_states (f, expected, G_N_ELEMENTS (expected));

  /* It stopped at Disconnected: no more requests. */
  {
    guint requests = um_server_get_request_count (f->server);

    hark_test_sleep (100);
    g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
  }
}

static void
test_causes (Fixture       *f,
             gconstpointer  data)
{
  static const struct {
    const char  *number;
    UmCallCause  cause;
  } cases[] = {
    { "+1-425-555-0100", UM_CALL_CAUSE_USER_BUSY },
    { "+1-425-555-0101", UM_CALL_CAUSE_NO_ANSWER },
    { "+1-425-555-0102", UM_CALL_CAUSE_UNAVAILABLE },
    { "+1-425-555-0103", UM_CALL_CAUSE_OTHER },
    { "+1-425-555-0104", UM_CALL_CAUSE_NONE },  /* answers, hangs up early */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (UmCallKind kind = UM_CALL_KIND_LEGACY; kind <= UM_CALL_KIND_EWS; kind++)
        {
          g_autofree char *call_id = place_call (f, kind, cases[i].number);
          g_autoptr(UmCallMonitor) monitor = new_monitor (f, kind, call_id);
          g_autoptr(UmCallInfo) info = NULL;
          g_autoptr(GError) error = NULL;

          info = run_monitor (monitor, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);
          g_assert_cmpint (info->cause, ==, cases[i].cause);
          g_assert_cmpint (um_call_monitor_get_cause (monitor), ==, cases[i].cause);
        }
    }
}

static void
disconnect_when_connected_cb (UmCallMonitor *monitor,
                              GParamSpec    *pspec,
                              Fixture       *f)
{
  if (um_call_monitor_get_state (monitor) == UM_CALL_STATE_CONNECTED)
    um_client_disconnect_call_async (f->client, um_call_monitor_get_kind (monitor),
                                     um_call_monitor_get_call_id (monitor), NULL, NULL, NULL);
}

static void
test_disconnect_mid_call (Fixture       *f,
                          gconstpointer  data)
{
  UmCallKind kind = GPOINTER_TO_INT (data);
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallMonitor) monitor = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  /* The message would play for an hour, longer than the test may run: only
   * the Disconnect ends it in time. */
  um_server_phone_set_play_time (f->phone, 3600);
  call_id = place_call (f, kind, "12345");
  monitor = new_monitor (f, kind, call_id);
  g_signal_connect (monitor, "notify::state", G_CALLBACK (disconnect_when_connected_cb), f);

  info = run_monitor (monitor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);
  g_assert_cmpint (info->cause, ==, UM_CALL_CAUSE_NONE);
}

static void
test_idle_after_timeout (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallMonitor) monitor = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const UmCallState expected[] = { UM_CALL_STATE_CONNECTED, UM_CALL_STATE_IDLE };

  /* The monitor polls less often than the call lasts Disconnected, so the
   * next answer after Connected says the id is gone: Idle. */
  um_server_phone_set_play_time (f->phone, 0.3);
  um_server_phone_set_call_timeout (f->phone, 0.01);
  call_id = place_call (f, UM_CALL_KIND_EWS, "12345");
  monitor = new_monitor (f, UM_CALL_KIND_EWS, call_id);
  um_call_monitor_set_connected_interval (monitor, 2000);

  info = run_monitor (monitor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_IDLE);
  assert_states (f, expected, G_N_ELEMENTS (expected));
}

static void
test_unknown_call (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(UmCallMonitor) monitor = new_monitor (f, UM_CALL_KIND_LEGACY, "bm8gc3VjaCBjYWxs");
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  /* Never seen: an error, not Idle. */
  info = run_monitor (monitor, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpuint (f->states->len, ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallMonitor) monitor = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  um_server_phone_set_play_time (f->phone, 60);
  call_id = place_call (f, UM_CALL_KIND_LEGACY, "12345");
  monitor = new_monitor (f, UM_CALL_KIND_LEGACY, call_id);
  um_call_monitor_set_connected_interval (monitor, 5000);

  g_timeout_add (200, cancel_cb, cancellable);
  info = run_monitor (monitor, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing more is sent once cancelled. */
  requests = um_server_get_request_count (f->server);
  hark_test_sleep (100);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
}

static void
test_rate_bound (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallMonitor) monitor = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  double max_rate = 10;
  gint64 start;
  double elapsed;

  um_server_phone_set_ring_time (f->phone, 0.3);
  um_server_phone_set_play_time (f->phone, 0.5);
  call_id = place_call (f, UM_CALL_KIND_EWS, "12345");
  monitor = new_monitor (f, UM_CALL_KIND_EWS, call_id);

  /* Intervals of 1 ms, but never more than max-rate requests a second. */
  um_call_monitor_set_connecting_interval (monitor, 1);
  um_call_monitor_set_connected_interval (monitor, 1);
  um_call_monitor_set_max_rate (monitor, max_rate);

  start = g_get_monotonic_time ();
  info = run_monitor (monitor, NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);

  g_test_message ("%u requests in %.2f s", um_call_monitor_get_request_count (monitor), elapsed);
  g_assert_cmpuint (um_call_monitor_get_request_count (monitor), >=, 2);
  g_assert_cmpfloat (um_call_monitor_get_request_count (monitor), <=, elapsed * max_rate + 1);
}

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  UmCallMonitor *monitor = um_call_monitor_new (f->client, UM_CALL_KIND_EWS, "Y2FsbA==");

  g_assert_true (um_call_monitor_get_client (monitor) == f->client);
  g_assert_cmpstr (um_call_monitor_get_call_id (monitor), ==, "Y2FsbA==");
  g_assert_cmpuint (um_call_monitor_get_connecting_interval (monitor), ==, 250);
  g_assert_cmpuint (um_call_monitor_get_connected_interval (monitor), ==, 1000);
  g_assert_cmpfloat (um_call_monitor_get_max_rate (monitor), ==, 4.0);
  g_assert_cmpint (um_call_monitor_get_info (monitor)->state, ==, UM_CALL_STATE_CONNECTING);
  g_assert_finalize_object (monitor);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func) \
  g_test_add ("/um/call-monitor/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("whole-call/legacy", GINT_TO_POINTER (UM_CALL_KIND_LEGACY), test_whole_call);
  ADD ("whole-call/ews", GINT_TO_POINTER (UM_CALL_KIND_EWS), test_whole_call);
  ADD ("causes", NULL, test_causes);
  ADD ("disconnect-mid-call/legacy", GINT_TO_POINTER (UM_CALL_KIND_LEGACY),
       test_disconnect_mid_call);
  ADD ("disconnect-mid-call/ews", GINT_TO_POINTER (UM_CALL_KIND_EWS), test_disconnect_mid_call);
  ADD ("idle-after-timeout", NULL, test_idle_after_timeout);
  ADD ("unknown-call", NULL, test_unknown_call);
  ADD ("cancel", NULL, test_cancel);
  ADD ("rate-bound", NULL, test_rate_bound);
  ADD ("new-destroy", NULL, test_new_destroy);

#undef ADD

  return g_test_run ();
}
