/* bench-notify.c: from a voice mail deposited on the server to its
 * notification on the session bus, and what Hark asks the server while
 * nothing happens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hark runs in demo mode in this process, on a display and a session bus
 * of the benchmark's own (tests/app/app-test.c); the notification server is
 * python3-dbusmock's, which logs the time of each Notify it gets. Each of
 * the 50 voice mails is read on the server once notified, so that the next
 * one is a notification of its own (not a summary). First with push
 * (GetStreamingEvents); then the server offers pull subscriptions only, as
 * Exchange 2007 does, and Hark falls back to GetEvents every 30 s; then it
 * offers no subscriptions at all, and Hark polls (a sync every 120 s).
 * In the fallbacks the voice mails come at random moments, so that they do
 * not fall in step with the pulls or polls, and each takes as long as an
 * interval: HARK_BENCH_FALLBACK_DEPOSITS of them (4 unless set; 50 take
 * 25 min pulling and 100 min polling). Each lag is printed as it is
 * measured.
 */

#include "config.h"

#include "app-test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

#define DEPOSITS 50
#define IDLE_SECONDS 60
#define FALLBACK_DEPOSITS 4
#define PULL_SECONDS 30
#define POLL_SECONDS 120

/* @n voice mails, one by one: the lag of each, from the deposit to the
 * Notify as the notification server logged it; each is read on the server
 * once notified. With @jitter_ms, each comes after a random wait of up to
 * that long, so that deposits do not fall in step with the pulls. */
static void
deposit_and_time (UmServer        *server,
                  UmServerAccount *server_account,
                  const char      *what,
                  guint            n,
                  guint            jitter_ms,
                  double          *lags,
                  double          *worst)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (server_account);
  guint notified_before = app_test_notification_n_calls ("Notify");
  guint closed_before = app_test_notification_n_calls ("CloseNotification");

  *worst = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) notified = NULL;
      UmServerMessage *message;
      gint64 deposited;
      double at;

      /* Past the notifier's 2 s for gathering voice mails into a summary. */
      if (jitter_ms > 0)
        app_test_iterate (g_random_int_range (3000, jitter_ms));
      deposited = g_get_real_time ();
      message = um_server_deposit_voicemail (server, um_server_account_get_user (server_account));
      APP_TEST_WAIT_FOR (app_test_notification_n_calls ("Notify") == notified_before + i + 1,
                         POLL_SECONDS + 60);
      notified = app_test_notification_calls ("Notify");
      at = g_ascii_strtod (notified->pdata[notified_before + i], NULL);
      lags[i] = at - deposited / (double)G_USEC_PER_SEC;
      *worst = MAX (*worst, lags[i]);
      if (jitter_ms > 0)
        {
          printf ("# %s %u/%u: %.1f s\n", what, i + 1, n, lags[i]);
          fflush (stdout);
        }

      /* Read, so that its notification goes: with push, before the next
       * comes; in the fallbacks that takes until the next pull or poll,
       * with the next voice mail (a notification of its own all the same,
       * as no summary is up). */
      um_server_mailbox_set_read (mailbox, message, TRUE);
      if (jitter_ms == 0)
        APP_TEST_WAIT_FOR (app_test_notification_n_calls ("CloseNotification") ==
                           closed_before + i + 1, 60);
    }
}

/* The server stops offering what Hark uses now (@support says what it
 * still offers); Hark notices at its next request and steps down to
 * @mode. */
static void
step_down (HarkAccount                *account,
           UmServer                   *server,
           UmServerMailbox            *mailbox,
           UmServerNotifications       support,
           UmWatchMode                 mode)
{
  um_server_mailbox_set_notifications (mailbox, support);
  um_server_mailbox_expire_subscriptions (mailbox, G_MAXINT64 / 2);
  um_server_close_streams (server);
  APP_TEST_WAIT_FOR (hark_account_get_watch_mode (account) == mode, PULL_SECONDS + 30);
  app_test_iterate (2000);
}

/* Requests to the server in @seconds, per minute. */
static double
idle_requests (UmServer *server,
               guint     seconds)
{
  guint before = um_server_get_request_count (server);

  app_test_iterate (seconds * 1000);
  return (um_server_get_request_count (server) - before) * 60.0 / seconds;
}

/* A fallback: the server offers only @support, Hark steps down to @mode
 * and looks every @interval seconds; idle over two intervals (at least a
 * minute), then @n voice mails at random moments. */
static void
measure_fallback (HarkAccount                *account,
                  UmServer                   *server,
                  UmServerAccount            *server_account,
                  UmServerNotifications       support,
                  UmWatchMode                 mode,
                  const char                 *what,
                  const char                 *description,
                  guint                       interval,
                  guint                       n)
{
  g_autofree double *lags = g_new (double, n);
  double worst = 0, idle;

  step_down (account, server, um_server_account_get_mailbox (server_account), support, mode);
  idle = idle_requests (server, MAX (IDLE_SECONDS, 2 * interval));
  deposit_and_time (server, server_account, what, n, interval * 1000, lags, &worst);
  printf ("the same with %s, %u voice mails:\n", description, n);
  printf ("  median %.1f s, worst %.1f s; idle: %.1f requests per minute\n",
          bench_median (lags, n), worst, idle);
  fflush (stdout);
}

static void
measure (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  HarkAccount *account = app_test_demo_account (application);
  UmServer *server = hark_application_get_demo_server (application);
  UmServerAccount *server_account = app_test_demo_server_account (application);
  const char *n_text = g_getenv ("HARK_BENCH_FALLBACK_DEPOSITS");
  guint n = n_text != NULL ? CLAMP (atoi (n_text), 1, 1000) : FALLBACK_DEPOSITS;
  double lags[DEPOSITS], worst = 0, idle;

  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));
  APP_TEST_WAIT (hark_account_get_watch_mode (account) == UM_WATCH_MODE_STREAMING);
  app_test_iterate (2000);

  /* Idle: what the watcher asks the server in a minute. */
  idle = idle_requests (server, IDLE_SECONDS);
  deposit_and_time (server, server_account, "push", DEPOSITS, 0, lags, &worst);
  printf ("deposit to Notify on the bus, push (GetStreamingEvents), %u voice mails:\n",
          DEPOSITS);
  printf ("  median %.0f ms, worst %.0f ms (goal <= 1 s)\n",
          bench_median (lags, DEPOSITS) * 1000, worst * 1000);
  printf ("requests to the server while idle: %.1f per minute (goal: no polling while "
          "push works)\n", idle);
  fflush (stdout);

  /* Pull only, as Exchange 2007: the open stream ends, and Hark falls back;
   * then no subscriptions at all: Hark polls. */
  measure_fallback (account, server, server_account, UM_SERVER_NOTIFICATIONS_PULL,
                    UM_WATCH_MODE_PULL, "pull", "pull only (GetEvents every 30 s)",
                    PULL_SECONDS, n);
  measure_fallback (account, server, server_account, UM_SERVER_NOTIFICATIONS_NONE,
                    UM_WATCH_MODE_POLLING, "poll", "polling (a sync every 120 s)",
                    POLL_SECONDS, n);
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, TRUE);
  app_test_notifications_start ();
  app_test_run_demo (measure, NULL);
  app_test_notifications_stop ();
  return 0;
}
