/* main.c: hark-server, the reference server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "um-server.h"
#include "um-server-demo.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  UmServer *server;
  char     *user;
} Depositor;

/* A caller leaves a voice mail: on SIGUSR1 and every --deposit-every. */
static gboolean
deposit_cb (gpointer user_data)
{
  Depositor *depositor = user_data;
  UmServerMessage *message = um_server_deposit_voicemail (depositor->server, depositor->user);

  g_printerr ("hark-server: new voice mail from %s\n", message->caller_name);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_notifications (const char            *text,
                     UmServerNotifications *support)
{
  if (g_strcmp0 (text, "streaming") == 0)
    *support = UM_SERVER_NOTIFICATIONS_STREAMING;
  else if (g_strcmp0 (text, "pull") == 0)
    *support = UM_SERVER_NOTIFICATIONS_PULL;
  else if (g_strcmp0 (text, "none") == 0)
    *support = UM_SERVER_NOTIFICATIONS_NONE;
  else
    return FALSE;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UmServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rules = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *log_dir = NULL;
  g_autofree char *notifications = NULL;
  UmServerNotifications support = UM_SERVER_NOTIFICATIONS_STREAMING;
  UmServerAccount *account;
  Depositor depositor;
  UmServerPhone *phone;
  int mailbox_size = -1;
  int deposit_every = 0;
  int heartbeat = 30;
  double call_timeout = 32.0;
  double ring_time = 4.0;
  double play_time = 0.0;
  int port = 0;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "TCP port on 127.0.0.1 (default: any free one)", "N" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve HTTPS with this PEM certificate", "PEM" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      "The certificate's PEM private key", "PEM" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      "User name of the demo mailbox (default: demo)", "U" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password,
      "Its password (default: demo)", "P" },
    { "call-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &call_timeout,
      "Seconds from Disconnected to Idle (default: 32)", "S" },
    { "ring-time", 0, 0, G_OPTION_ARG_DOUBLE, &ring_time,
      "Seconds a call rings (default: 4)", "S" },
    { "play-time", 0, 0, G_OPTION_ARG_DOUBLE, &play_time,
      "Seconds every answered call plays (default: the message's length)", "S" },
    { "phone-rule", 0, 0, G_OPTION_ARG_STRING_ARRAY, &rules,
      "What dialing a number does, e.g. *4444=busy (outcomes: answer, hang-up, busy, "
      "no-answer, unavailable, other, refused)", "PATTERN=OUTCOME" },
    { "log-dir", 0, 0, G_OPTION_ARG_FILENAME, &log_dir,
      "Write every request and answer body to DIR", "DIR" },
    { "mailbox", 0, 0, G_OPTION_ARG_INT, &mailbox_size,
      "Fill the mailbox with N made-up voice mails instead of the demo's", "N" },
    { "deposit-every", 0, 0, G_OPTION_ARG_INT, &deposit_every,
      "Leave a new voice mail every S seconds (and on SIGUSR1)", "S" },
    { "notifications", 0, 0, G_OPTION_ARG_STRING, &notifications,
      "Subscriptions the server offers: streaming (default), pull or none", "KIND" },
    { "heartbeat", 0, 0, G_OPTION_ARG_INT, &heartbeat,
      "Seconds between the OK status messages of a streaming connection (default: 30)", "S" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— the Hark reference server");
  g_option_context_set_summary (context,
                                "Serves the Exchange UM web service ([MS-OXWUMS]) on loopback, "
                                "with the demo mailbox and a simulated phone, for tests and the "
                                "demo.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("hark-server: %s\n", error->message);
      return 2;
    }

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("hark-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  if (notifications != NULL && !parse_notifications (notifications, &support))
    {
      g_printerr ("hark-server: --notifications is streaming, pull or none\n");
      return 2;
    }
  if (port < 0 || port > 65535 || call_timeout < 0 || ring_time < 0 || play_time < 0 ||
      deposit_every < 0 || heartbeat < 1 || mailbox_size > 1000000)
    {
      g_printerr ("hark-server: a port or a time is out of range\n");
      return 2;
    }

  server = um_server_new ();
  phone = um_server_get_phone (server);
  um_server_phone_set_call_timeout (phone, call_timeout);
  um_server_phone_set_ring_time (phone, ring_time);
  um_server_phone_set_play_time (phone, play_time);
  for (guint i = 0; rules != NULL && rules[i] != NULL; i++)
    {
      if (!um_server_phone_parse_rule (phone, rules[i], &error))
        {
          g_printerr ("hark-server: %s\n", error->message);
          return 2;
        }
    }

  if (user == NULL)
    user = g_strdup ("demo");
  if (mailbox_size >= 0)
    {
      g_autofree char *email = g_strdup_printf ("%s@contoso.com", user);

      account = um_server_add_account (server, user, password != NULL ? password : "demo");
      um_server_account_set_email (account, email);
      um_server_demo_fill_synthetic (um_server_account_get_mailbox (account), mailbox_size);
    }
  else
    {
      account = um_server_add_demo_account (server, user, password != NULL ? password : "demo");
    }
  um_server_mailbox_set_notifications (um_server_account_get_mailbox (account), support);
  um_server_set_heartbeat_seconds (server, heartbeat);
  um_server_set_log_dir (server, log_dir);

  if (tls_cert != NULL && !um_server_set_tls_files (server, tls_cert, tls_key, &error))
    {
      g_printerr ("hark-server: %s\n", error->message);
      return 1;
    }

  if (!um_server_listen (server, port, &error))
    {
      g_printerr ("hark-server: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", um_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  depositor.server = server;
  depositor.user = user;
  g_unix_signal_add (SIGUSR1, deposit_cb, &depositor);
  if (deposit_every > 0)
    g_timeout_add_seconds (deposit_every, deposit_cb, &depositor);
  g_main_loop_run (loop);

  um_server_shutdown (server);
  return 0;
}
