/* store-worker.c: acts on a store until it is killed, for test-kill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * store-worker act STORE N: does N user actions, one after the other, by
 * the rule of store-rule.h, printing the count after each.
 * store-worker replay STORE URL USER: reads the password from stdin, then
 * replays the outbox to the server at URL, printing "done" at the end.
 */

#include "config.h"

#include <stdio.h>

#include "hark-sync.h"
#include "store-rule.h"

static int
act (const char *path,
     guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkStore) store = hark_store_new (path, &error);

  if (store == NULL)
    {
      g_printerr ("store-worker: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < count; i++)
    {
      if (!store_rule_apply (store, i, &error))
        {
          g_printerr ("store-worker: action %u: %s\n", i, error->message);
          return 1;
        }
      printf ("%u\n", i + 1);
      fflush (stdout);
    }
  return 0;
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(HarkSyncReport) report = NULL;
  GError **error = user_data;

  report = hark_sync_run_finish (HARK_SYNC (object), result, error);
  if (report == NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no report");
  if (report != NULL)
    *error = (GError *)1;
}

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 gpointer  user_data)
{
  char **credentials = user_data;

  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, credentials[0], credentials[1]);
  return TRUE;
}

static int
replay (const char *path,
        const char *url,
        const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HarkStore) store = hark_store_new (path, &error);
  g_autoptr(UmClient) client = NULL;
  g_autoptr(UmMailbox) mailbox = NULL;
  g_autoptr(HarkSync) sync = NULL;
  char password[256];
  char *credentials[2];
  GError *result = NULL;

  if (store == NULL || fgets (password, sizeof password, stdin) == NULL)
    return 1;
  g_strchomp (password);
  credentials[0] = (char *)user;
  credentials[1] = password;

  client = um_client_new_for_server (url);
  g_signal_connect (client, "authenticate", G_CALLBACK (authenticate_cb), credentials);
  mailbox = um_mailbox_new (client, NULL);
  sync = hark_sync_new (store, mailbox);
  hark_sync_run_async (sync, HARK_SYNC_NONE, NULL, ran_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (result != (GError *)1)
    {
      g_printerr ("store-worker: %s\n", result->message);
      g_error_free (result);
      return 1;
    }
  printf ("done\n");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "act"))
    return act (argv[2], (guint)g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 5 && g_str_equal (argv[1], "replay"))
    return replay (argv[2], argv[3], argv[4]);

  g_printerr ("usage: store-worker act STORE N | replay STORE URL USER\n");
  return 2;
}
