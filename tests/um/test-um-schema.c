/* test-um-schema.c: every request the client sends, validated against
 * Microsoft's schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server logs each request body as the client sent it; each is
 * then checked with ../shared/protocol/validate/validate.sh: the legacy
 * operations against the [MS-OXWUMS] schemas, the EWS ones against the
 * Exchange 2016 server schema and, sent as Exchange2016, against [MS-OXWUMS].
 * The mailbox calls and the server's answers to them are checked against the
 * Exchange 2016 server schema.
 */

#include "config.h"

#include "hark-test.h"

static gboolean
is_ews_log (const char *name)
{
  return strstr (name, "PlayOnPhone2") != NULL || strstr (name, "PhoneCall") != NULL;
}

static guint
validate_requests (const char *dir,
                   gboolean    ews_only,
                   const char *ews_schema)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *output = NULL;
      gboolean ews = is_ews_log (name);

      if (!g_str_has_suffix (name, ".request.xml") || (ews_only && !ews))
        continue;

      /* The server logs what it could not parse as "malformed": never the client's. */
      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "malformed"));
      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "invalid"));

      g_test_message ("%s", name);
      if (!hark_test_validate (ews ? ews_schema : NULL, path, &output))
        g_error ("%s does not validate:\n%s", name, output);
      checked++;
    }
  return checked;
}

static void
test_requests_exchange2013 (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);

  um_server_set_log_dir (server, dir);
  hark_test_run_every_operation (server, client);

  /* RequestServerVersion Exchange2013 (the client's default, and the spec's
   * examples) is allowed by the Exchange 2016 server schema; the [MS-OX*]
   * copy pins Exchange2016. */
  g_assert_cmpuint (validate_requests (dir, FALSE, "validate/ews-exchange2016.xsd"), ==, 19);
}

static void
test_requests_exchange2016 (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);

  um_server_set_log_dir (server, dir);
  um_client_set_request_server_version (client, "Exchange2016");
  hark_test_run_every_operation (server, client);

  /* The EWS requests against the [MS-OXWUMS] schemas themselves (validate.sh
   * picks the PlayOnPhone2 root by the file name). */
  g_assert_cmpuint (validate_requests (dir, TRUE, NULL), ==, 5);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  return hark_test_wait_result (slot);
}

static void
heartbeat_cb (UmNotification *notification,
              gpointer        user_data)
{
  /* The connection is open: end it as the server would. */
  if (notification == NULL)
    um_server_close_streams (user_data);
}

/* Every mailbox call at least once, each with what Hark sends. */
static guint
walk_mailbox (UmServer  *server,
              UmMailbox *mailbox)
{
  UmServerAccount *account = um_server_get_account (server, HARK_TEST_USER);
  const UmServerMessage *message = hark_test_first_voicemail (account);
  const char *folder_ids[] = { "inbox", "deleteditems", "voicemail", NULL };
  const char *item_ids[] = { message->id, NULL };
  const char *watched[] = { "inbox", NULL };
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GAsyncResult) r7 = NULL, r8 = NULL, r9 = NULL, r10 = NULL, r11 = NULL, r12 = NULL;
  g_autoptr(GAsyncResult) r13 = NULL, r14 = NULL, r15 = NULL, r16 = NULL, r17 = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(UmFolder) created = NULL;
  g_autoptr(UmItemPage) page = NULL;
  g_autoptr(UmSyncResult) sync = NULL;
  g_autoptr(UmNotification) notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *pull = NULL;
  g_autofree char *streaming = NULL;
  g_autofree char *watermark = NULL;
  UmVoiceMail *item;

  um_mailbox_get_folders_async (mailbox, folder_ids, NULL, HARK_TEST_CB (&r1));
  folders = um_mailbox_get_folders_finish (mailbox, await (&r1), &error);
  g_assert_no_error (error);
  um_mailbox_find_folders_async (mailbox, "msgfolderroot", NULL, HARK_TEST_CB (&r2));
  g_ptr_array_unref (um_mailbox_find_folders_finish (mailbox, await (&r2), &error));
  g_assert_no_error (error);
  um_mailbox_create_folder_async (mailbox, "msgfolderroot", "Schema & <Test>", NULL,
                                  HARK_TEST_CB (&r3));
  created = um_mailbox_create_folder_finish (mailbox, await (&r3), &error);
  g_assert_no_error (error);

  um_mailbox_find_voicemails_async (mailbox, "voicemail", 0, 10, NULL, HARK_TEST_CB (&r4));
  page = um_mailbox_find_voicemails_finish (mailbox, await (&r4), &error);
  g_assert_no_error (error);
  um_mailbox_get_voicemails_async (mailbox, item_ids, NULL, HARK_TEST_CB (&r5));
  items = um_mailbox_get_voicemails_finish (mailbox, await (&r5), &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (items, 0);
  um_mailbox_fetch_attachment_async (mailbox, ((UmAttachment *)item->attachments->pdata[0])->id,
                                     sink, NULL, HARK_TEST_CB (&r6));
  g_assert_cmpint (um_mailbox_fetch_attachment_finish (mailbox, await (&r6), &error), >, 0);
  g_assert_no_error (error);

  um_mailbox_set_read_async (mailbox, item->id, TRUE, NULL, HARK_TEST_CB (&r7));
  g_assert_true (um_mailbox_set_read_finish (mailbox, await (&r7), &error));
  um_mailbox_move_async (mailbox, item->id, created->id, NULL, HARK_TEST_CB (&r8));
  moved = um_mailbox_move_finish (mailbox, await (&r8), &error);
  g_assert_no_error (error);
  um_mailbox_delete_async (mailbox, moved, NULL, HARK_TEST_CB (&r9));
  g_assert_true (um_mailbox_delete_finish (mailbox, await (&r9), &error));
  um_mailbox_find_by_message_id_async (mailbox, "deleteditems", item->internet_message_id, NULL,
                                       HARK_TEST_CB (&r10));
  um_voice_mail_free (um_mailbox_find_by_message_id_finish (mailbox, await (&r10), &error));
  g_assert_no_error (error);

  um_mailbox_sync_folder_async (mailbox, "inbox", NULL, 100, FALSE, NULL, HARK_TEST_CB (&r11));
  sync = um_mailbox_sync_folder_finish (mailbox, await (&r11), &error);
  g_assert_no_error (error);
  um_mailbox_sync_folder_async (mailbox, "inbox", sync->sync_state, 512, TRUE, NULL,
                                HARK_TEST_CB (&r12));
  um_sync_result_free (um_mailbox_sync_folder_finish (mailbox, await (&r12), &error));
  g_assert_no_error (error);

  um_mailbox_convert_id_async (mailbox, message->id, UM_ID_FORMAT_EWS_ID, UM_ID_FORMAT_ENTRY_ID,
                               NULL, HARK_TEST_CB (&r13));
  entry = um_mailbox_convert_id_finish (mailbox, await (&r13), &error);
  g_assert_no_error (error);

  um_mailbox_subscribe_async (mailbox, UM_SUBSCRIPTION_PULL, watched, 5, NULL,
                              HARK_TEST_CB (&r14));
  pull = um_mailbox_subscribe_finish (mailbox, await (&r14), &watermark, &error);
  g_assert_no_error (error);
  um_server_deposit_voicemail (server, HARK_TEST_USER);
  um_mailbox_get_events_async (mailbox, pull, watermark, NULL, HARK_TEST_CB (&r15));
  notification = um_mailbox_get_events_finish (mailbox, await (&r15), &error);
  g_assert_no_error (error);
  um_mailbox_unsubscribe_async (mailbox, pull, NULL, HARK_TEST_CB (&r16));
  g_assert_true (um_mailbox_unsubscribe_finish (mailbox, await (&r16), &error));
  um_mailbox_subscribe_async (mailbox, UM_SUBSCRIPTION_STREAMING, watched, 0, NULL,
                              HARK_TEST_CB (&r17));
  streaming = um_mailbox_subscribe_finish (mailbox, await (&r17), NULL, &error);
  g_assert_no_error (error);

  /* GetStreamingEvents: opened, then closed by the server. Its answer is a
   * stream of envelopes the server does not log: the request is checked
   * here, the envelopes by test-um-mailbox. */
  {
    g_autoptr(GAsyncResult) r18 = NULL;

    um_mailbox_stream_events_async (mailbox, streaming, 1, heartbeat_cb, server, NULL, NULL,
                                    HARK_TEST_CB (&r18));
    g_assert_true (um_mailbox_stream_events_finish (mailbox, await (&r18), &error));
    g_assert_no_error (error);
  }
  return 18;
}

static void
test_mailbox_requests_and_answers (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autoptr(UmMailbox) mailbox = um_mailbox_new (client, um_server_account_get_email (
                                                   um_server_get_account (server, HARK_TEST_USER)));
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint requests = 0;
  guint answers = 0;
  guint sent;

  um_server_set_log_dir (server, dir);
  sent = walk_mailbox (server, mailbox);

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *output = NULL;

      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "malformed"));
      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "invalid"));
      g_test_message ("%s", name);
      if (!hark_test_validate ("validate/ews-exchange2016.xsd", path, &output))
        g_error ("%s does not validate:\n%s", name, output);
      if (g_str_has_suffix (name, ".request.xml"))
        requests++;
      else
        answers++;
    }

  g_assert_cmpuint (requests, ==, sent);
  g_assert_cmpuint (answers, ==, sent - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/schema/requests/exchange2013", test_requests_exchange2013);
  g_test_add_func ("/um/schema/requests/exchange2016", test_requests_exchange2016);
  g_test_add_func ("/um/schema/mailbox", test_mailbox_requests_and_answers);

  return g_test_run ();
}
