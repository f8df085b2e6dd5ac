/* test-um-watcher.c: push, pull, polling and reconnecting against the
 * reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"

typedef struct {
  UmServer        *server;
  UmServerMailbox *server_mailbox;
  UmClient        *client;
  UmMailbox       *mailbox;
  UmWatcher       *watcher;
  guint            changes;
  guint            events;
  guint            new_mail;
  GPtrArray       *modes;
} Fixture;

static void
changed_cb (UmWatcher      *watcher,
            UmNotification *notification,
            Fixture        *f)
{
  f->changes++;
  if (notification == NULL)
    return;
  for (guint i = 0; i < notification->events->len; i++)
    {
      UmEvent *event = g_ptr_array_index (notification->events, i);

      f->events++;
      if (event->type == UM_EVENT_NEW_MAIL)
        f->new_mail++;
    }
}

static void
mode_cb (UmWatcher  *watcher,
         GParamSpec *pspec,
         Fixture    *f)
{
  g_ptr_array_add (f->modes, GINT_TO_POINTER (um_watcher_get_mode (watcher)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *folders[] = { "inbox", "deleteditems", NULL };
  UmServerAccount *account;

  f->server = hark_test_server_new ();
  account = um_server_get_account (f->server, HARK_TEST_USER);
  f->server_mailbox = um_server_account_get_mailbox (account);
  f->client = hark_test_client_new (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  f->mailbox = um_mailbox_new (f->client, um_server_account_get_email (account));
  f->watcher = um_watcher_new (f->mailbox, folders);
  f->modes = g_ptr_array_new ();
  um_watcher_set_intervals (f->watcher, 1, 1, 2);
  g_signal_connect (f->watcher, "changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->watcher, "notify::mode", G_CALLBACK (mode_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  um_watcher_stop (f->watcher);
  g_clear_object (&f->watcher);
  g_clear_object (&f->mailbox);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  g_ptr_array_unref (f->modes);
}

static void
wait_for_mode (Fixture     *f,
               UmWatchMode  mode)
{
  while (um_watcher_get_mode (f->watcher) != mode)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_new_mail (Fixture *f,
                   guint    count)
{
  while (f->new_mail < count)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_streaming (Fixture       *f,
                gconstpointer  data)
{
  guint requests;

  um_server_set_heartbeat_seconds (f->server, 1);
  um_watcher_start (f->watcher);
  wait_for_mode (f, UM_WATCH_MODE_STREAMING);
  /* Connected: a change without events, to catch up. */
  g_assert_cmpuint (f->changes, ==, 1);
  while (um_server_get_n_streams (f->server) == 0)
    g_main_context_iteration (NULL, TRUE);

  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  wait_for_new_mail (f, 1);

  /* While nothing happens only heartbeats come: no requests. */
  requests = um_watcher_get_request_count (f->watcher);
  hark_test_sleep (2500);
  g_assert_cmpuint (um_watcher_get_request_count (f->watcher), ==, requests);
  g_assert_cmpuint (f->new_mail, ==, 1);

  /* The server ends the connection: the watcher opens the next one, on
   * the same subscription, and still hears everything. */
  um_server_close_streams (f->server);
  while (um_watcher_get_request_count (f->watcher) == requests)
    g_main_context_iteration (NULL, TRUE);
  while (um_server_get_n_streams (f->server) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (um_watcher_get_mode (f->watcher), ==, UM_WATCH_MODE_STREAMING);
  g_assert_cmpuint (um_watcher_get_request_count (f->watcher), ==, requests + 1);

  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  wait_for_new_mail (f, 2);
}

static void
test_pull_fallback (Fixture       *f,
                    gconstpointer  data)
{
  um_server_mailbox_set_notifications (f->server_mailbox, UM_SERVER_NOTIFICATIONS_PULL);
  um_watcher_start (f->watcher);
  wait_for_mode (f, UM_WATCH_MODE_PULL);

  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  wait_for_new_mail (f, 1);
  g_assert_cmpint (um_watcher_get_mode (f->watcher), ==, UM_WATCH_MODE_PULL);

  /* The subscription expires (the server forgot it): a new one. */
  um_server_mailbox_expire_subscriptions (f->server_mailbox, G_MAXINT64);
  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  {
    guint changes = f->changes;

    /* Subscribing again says "changed" to catch up with what was missed. */
    while (f->changes == changes)
      g_main_context_iteration (NULL, TRUE);
  }
  wait_for_mode (f, UM_WATCH_MODE_PULL);
  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  wait_for_new_mail (f, 2);
}

static void
test_polling_fallback (Fixture       *f,
                       gconstpointer  data)
{
  um_server_mailbox_set_notifications (f->server_mailbox, UM_SERVER_NOTIFICATIONS_NONE);
  um_watcher_start (f->watcher);
  wait_for_mode (f, UM_WATCH_MODE_POLLING);

  /* Streaming refused, then pull refused, then polling. */
  g_assert_cmpuint (f->modes->len, >=, 2);
  g_assert_cmpint (GPOINTER_TO_INT (f->modes->pdata[0]), ==, UM_WATCH_MODE_CONNECTING);
  g_assert_cmpint (GPOINTER_TO_INT (f->modes->pdata[f->modes->len - 1]), ==,
                   UM_WATCH_MODE_POLLING);
  g_assert_cmpuint (um_watcher_get_request_count (f->watcher), ==, 2);

  /* Every poll interval is a change. */
  {
    guint changes = f->changes;

    while (f->changes < changes + 2)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (um_watcher_get_request_count (f->watcher), ==, 2);
}

static void
test_reconnects (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(UmServer) second = NULL;
  g_autoptr(GUri) uri = g_uri_parse (um_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;

  um_watcher_start (f->watcher);
  wait_for_mode (f, UM_WATCH_MODE_STREAMING);
  while (um_server_get_n_streams (f->server) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* The server goes away: the watcher waits and tries again. */
  um_server_shutdown (f->server);
  wait_for_mode (f, UM_WATCH_MODE_CONNECTING);
  hark_test_sleep (1500);
  g_assert_cmpint (um_watcher_get_mode (f->watcher), ==, UM_WATCH_MODE_CONNECTING);

  /* It comes back on the same address, knowing nothing of the old
   * subscription: the watcher subscribes again and streams. */
  second = um_server_new ();
  um_server_add_demo_account (second, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_assert_true (um_server_listen (second, g_uri_get_port (uri), &error));
  g_assert_no_error (error);
  wait_for_mode (f, UM_WATCH_MODE_STREAMING);
  while (um_server_get_n_streams (second) == 0)
    g_main_context_iteration (NULL, TRUE);

  um_server_deposit_voicemail (second, HARK_TEST_USER);
  wait_for_new_mail (f, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/watcher/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("streaming", test_streaming);
  ADD ("pull-fallback", test_pull_fallback);
  ADD ("polling-fallback", test_polling_fallback);
  ADD ("reconnects", test_reconnects);
#undef ADD

  return g_test_run ();
}
