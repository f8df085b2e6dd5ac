/* bench-call.c: how late Hark learns of a phone call's state, at the
 * polling intervals UmCallMonitor uses and others
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server and its simulated phone run in this process; a
 * PlayOnPhone2 call rings for 0.4 to 0.9 s and plays for 1 to 2 s (random,
 * so that the changes do not fall in step with the polls), and the call is
 * kept 32 s after it ends, as the specification says. The lag of a state
 * is the time from the phone's change (the server's call-changed signal) to
 * the monitor's notify::state, over real HTTP on loopback. Each call's
 * GetPhoneCallInformation requests are counted too: the price of a
 * shorter lag.
 */

#include "config.h"

#include <stdio.h>

#include "hark-test.h"
#include "bench-util.h"

#define CALLS 5

typedef struct {
  gint64 server[UM_CALL_STATE_DISCONNECTED + 1];
  gint64 client[UM_CALL_STATE_DISCONNECTED + 1];
} Times;

static void
call_changed_cb (UmServerPhone *phone,
                 const char    *id,
                 UmCallState    state,
                 UmCallCause    cause,
                 Times         *times)
{
  if (state <= UM_CALL_STATE_DISCONNECTED && times->server[state] == 0)
    times->server[state] = g_get_monotonic_time ();
}

static void
state_cb (UmCallMonitor *monitor,
          GParamSpec    *pspec,
          Times         *times)
{
  UmCallState state = um_call_monitor_get_state (monitor);

  if (state <= UM_CALL_STATE_DISCONNECTED && times->client[state] == 0)
    times->client[state] = g_get_monotonic_time ();
}

int
main (int   argc,
      char *argv[])
{
  static const guint intervals[][2] = { { 100, 250 }, { 250, 1000 }, { 500, 2000 } };
  g_autoptr(UmServer) server = NULL;
  g_autoptr(UmClient) client = NULL;
  g_autoptr(UmCallMonitor) defaults = NULL;
  UmServerPhone *phone;
  const char *item_id;

  g_test_init (&argc, &argv, NULL);
  server = hark_test_server_new ();
  client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  phone = um_server_get_phone (server);
  defaults = um_call_monitor_new (client, UM_CALL_KIND_EWS, "none");
  um_server_phone_set_call_timeout (phone, 32);
  item_id = hark_test_first_voicemail (um_server_get_account (server, HARK_TEST_USER))->id;

  printf ("call-state lag (phone change to the monitor's notify), %u calls each:\n", CALLS);
  printf ("  %-28s %12s %12s %12s %9s\n", "intervals connecting/connected", "Connected",
          "Disconnected", "max", "requests");
  for (guint r = 0; r < G_N_ELEMENTS (intervals); r++)
    {
      double connected[CALLS], disconnected[CALLS], worst = 0;
      guint requests = 0;

      for (guint c = 0; c < CALLS; c++)
        {
          g_autoptr(UmCallMonitor) monitor = NULL;
          g_autoptr(GAsyncResult) placed = NULL;
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *call_id = NULL;
          g_autoptr(UmCallInfo) info = NULL;
          Times times = { { 0 }, { 0 } };
          gulong handler;

          um_server_phone_set_ring_time (phone, g_random_double_range (0.4, 0.9));
          um_server_phone_set_play_time (phone, g_random_double_range (1.0, 2.0));
          handler = g_signal_connect (phone, "call-changed", G_CALLBACK (call_changed_cb),
                                      &times);
          um_client_play_on_phone2_async (client, item_id, "+14255550123", NULL,
                                          HARK_TEST_CB (&placed));
          call_id = um_client_play_on_phone2_finish (client, hark_test_wait_result (&placed),
                                                     &error);
          if (call_id == NULL)
            g_error ("PlayOnPhone2: %s", error->message);

          monitor = um_call_monitor_new (client, UM_CALL_KIND_EWS, call_id);
          um_call_monitor_set_connecting_interval (monitor, intervals[r][0]);
          um_call_monitor_set_connected_interval (monitor, intervals[r][1]);
          g_signal_connect (monitor, "notify::state", G_CALLBACK (state_cb), &times);
          um_call_monitor_run_async (monitor, NULL, HARK_TEST_CB (&result));
          info = um_call_monitor_run_finish (monitor, hark_test_wait_result (&result), &error);
          if (info == NULL)
            g_error ("monitor: %s", error->message);
          g_signal_handler_disconnect (phone, handler);

          if (times.client[UM_CALL_STATE_CONNECTED] == 0 ||
              times.client[UM_CALL_STATE_DISCONNECTED] == 0)
            g_error ("The monitor missed a state");
          connected[c] = (times.client[UM_CALL_STATE_CONNECTED] -
                          times.server[UM_CALL_STATE_CONNECTED]) / 1000.0;
          disconnected[c] = (times.client[UM_CALL_STATE_DISCONNECTED] -
                             times.server[UM_CALL_STATE_DISCONNECTED]) / 1000.0;
          worst = MAX (worst, MAX (connected[c], disconnected[c]));
          requests += um_call_monitor_get_request_count (monitor);
        }
      printf ("  %5u / %-5u ms %s       %9.0f ms %9.0f ms %9.0f ms %9.1f\n", intervals[r][0],
              intervals[r][1], intervals[r][0] == 250 && intervals[r][1] == 1000
                                 ? "(Hark's)" : "        ",
              bench_median (connected, CALLS), bench_median (disconnected, CALLS), worst,
              requests / (double)CALLS);
    }
  printf ("  (lag = median; a state is seen at the next poll after it changes; UmCallMonitor\n"
          "   asks at most %.0f times a second whatever the interval)\n",
          um_call_monitor_get_max_rate (defaults));
  return 0;
}
