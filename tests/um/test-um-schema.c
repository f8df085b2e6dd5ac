/* test-um-schema.c: every request the client sends, validated against
 * Microsoft's schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server logs each request body as the client sent it; each is
 * then checked with ../shared/protocol/validate/validate.sh: the legacy
 * operations against the [MS-OXWUMS] schemas, the EWS ones against the
 * Exchange 2016 server schema and, sent as Exchange2016, against [MS-OXWUMS].
 */

#include "config.h"

#include "hark-test.h"

static void
run_every_operation (UmServer *server,
                     UmClient *client)
{
  UmServerAccount *account = um_server_get_account (server, HARK_TEST_USER);
  const UmServerItem *item = um_server_account_get_item (account, 0);
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GAsyncResult) r7 = NULL, r8 = NULL, r9 = NULL, r10 = NULL, r11 = NULL, r12 = NULL;
  g_autoptr(GAsyncResult) r13 = NULL, r14 = NULL, r15 = NULL, r16 = NULL;
  g_autofree char *legacy_call = NULL;
  g_autofree char *greeting_call = NULL;
  g_autofree char *ews_call = NULL;
  g_autoptr(GError) error = NULL;

  um_client_is_um_enabled_async (client, NULL, HARK_TEST_CB (&r1));
  um_client_get_um_properties_async (client, NULL, HARK_TEST_CB (&r2));
  um_client_set_oof_status_async (client, TRUE, NULL, HARK_TEST_CB (&r3));
  um_client_set_missed_call_notification_enabled_async (client, FALSE, NULL, HARK_TEST_CB (&r4));
  um_client_set_play_on_phone_dial_string_async (client, "tel:+1-425-555-0123;ext=1&2", NULL,
                                                 HARK_TEST_CB (&r5));
  um_client_set_telephone_access_folder_email_async (client, "AAAAAEhhcmsgZm9sZGVy", NULL,
                                                     HARK_TEST_CB (&r6));
  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&r7));
  um_client_play_on_phone_async (client, item->entry_id, "12345", NULL, HARK_TEST_CB (&r8));
  um_client_play_on_phone_greeting_async (client, UM_GREETING_TYPE_NORMAL_CUSTOM, "12345", NULL,
                                          HARK_TEST_CB (&r9));
  um_client_play_on_phone2_async (client, item->item_id, "+1-425-555-0123", NULL,
                                  HARK_TEST_CB (&r10));

  legacy_call = um_client_play_on_phone_finish (client, hark_test_wait_result (&r8), &error);
  g_assert_no_error (error);
  greeting_call = um_client_play_on_phone_greeting_finish (client, hark_test_wait_result (&r9),
                                                           &error);
  g_assert_no_error (error);
  ews_call = um_client_play_on_phone2_finish (client, hark_test_wait_result (&r10), &error);
  g_assert_no_error (error);

  um_client_get_call_info_async (client, legacy_call, NULL, HARK_TEST_CB (&r11));
  um_client_disconnect_async (client, greeting_call, NULL, HARK_TEST_CB (&r12));
  um_client_get_phone_call_information_async (client, ews_call, NULL, HARK_TEST_CB (&r13));
  um_client_disconnect_phone_call_async (client, ews_call, NULL, HARK_TEST_CB (&r14));
  /* Ids with every character XML escapes */
  um_client_get_call_info_async (client, "a&b<c>d\"e'f", NULL, HARK_TEST_CB (&r15));
  um_client_disconnect_phone_call_async (client, "a&b<c>d\"e'f", NULL, HARK_TEST_CB (&r16));

  hark_test_wait_result (&r1);
  hark_test_wait_result (&r2);
  hark_test_wait_result (&r3);
  hark_test_wait_result (&r4);
  hark_test_wait_result (&r5);
  hark_test_wait_result (&r6);
  hark_test_wait_result (&r7);
  hark_test_wait_result (&r11);
  hark_test_wait_result (&r12);
  hark_test_wait_result (&r13);
  hark_test_wait_result (&r14);
  hark_test_wait_result (&r15);
  hark_test_wait_result (&r16);
}

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
  g_autofree char *dir = g_dir_make_tmp ("hark-requests-XXXXXX", NULL);

  um_server_set_log_dir (server, dir);
  run_every_operation (server, client);

  /* RequestServerVersion Exchange2013 (the client's default, and the spec's
   * examples) is allowed by the Exchange 2016 server schema; the [MS-OX*]
   * copy pins Exchange2016. */
  g_assert_cmpuint (validate_requests (dir, FALSE, "validate/ews-exchange2016.xsd"), ==, 16);
}

static void
test_requests_exchange2016 (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp ("hark-requests-XXXXXX", NULL);

  um_server_set_log_dir (server, dir);
  um_client_set_request_server_version (client, "Exchange2016");
  run_every_operation (server, client);

  /* The EWS requests against the [MS-OXWUMS] schemas themselves (validate.sh
   * picks the PlayOnPhone2 root by the file name). */
  g_assert_cmpuint (validate_requests (dir, TRUE, NULL), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/schema/requests/exchange2013", test_requests_exchange2013);
  g_test_add_func ("/um/schema/requests/exchange2016", test_requests_exchange2016);

  return g_test_run ();
}
