/* test-um-client.c: every operation against the reference server over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"
#include "um-client-private.h"

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  UmClient        *client;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
  f->client = hark_test_client_new (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

/* Synchronous wrappers: start, spin the main context, finish. */

#define AWAIT(result) hark_test_wait_result (&(result))

static gboolean
is_um_enabled (UmClient  *client,
               gboolean  *enabled,
               GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_is_um_enabled_async (client, NULL, HARK_TEST_CB (&result));
  return um_client_is_um_enabled_finish (client, AWAIT (result), enabled, error);
}

static UmProperties *
get_properties (UmClient  *client,
                GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_get_um_properties_async (client, NULL, HARK_TEST_CB (&result));
  return um_client_get_um_properties_finish (client, AWAIT (result), error);
}

static gboolean
set_oof (UmClient  *client,
         gboolean   value,
         GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_set_oof_status_async (client, value, NULL, HARK_TEST_CB (&result));
  return um_client_set_oof_status_finish (client, AWAIT (result), error);
}

static gboolean
set_missed (UmClient  *client,
            gboolean   value,
            GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_set_missed_call_notification_enabled_async (client, value, NULL,
                                                        HARK_TEST_CB (&result));
  return um_client_set_missed_call_notification_enabled_finish (client, AWAIT (result), error);
}

static gboolean
set_dial_string (UmClient    *client,
                 const char  *value,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_set_play_on_phone_dial_string_async (client, value, NULL, HARK_TEST_CB (&result));
  return um_client_set_play_on_phone_dial_string_finish (client, AWAIT (result), error);
}

static gboolean
set_folder (UmClient    *client,
            const char  *value,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_set_telephone_access_folder_email_async (client, value, NULL,
                                                     HARK_TEST_CB (&result));
  return um_client_set_telephone_access_folder_email_finish (client, AWAIT (result), error);
}

static gboolean
reset_pin (UmClient  *client,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&result));
  return um_client_reset_pin_finish (client, AWAIT (result), error);
}

static char *
play_on_phone (UmClient    *client,
               const char  *entry_id,
               const char  *dial_string,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_play_on_phone_async (client, entry_id, dial_string, NULL, HARK_TEST_CB (&result));
  return um_client_play_on_phone_finish (client, AWAIT (result), error);
}

static char *
play_greeting (UmClient        *client,
               UmGreetingType   greeting,
               const char      *dial_string,
               GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_play_on_phone_greeting_async (client, greeting, dial_string, NULL,
                                          HARK_TEST_CB (&result));
  return um_client_play_on_phone_greeting_finish (client, AWAIT (result), error);
}

static char *
play_on_phone2 (UmClient    *client,
                const char  *item_id,
                const char  *dial_string,
                GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_play_on_phone2_async (client, item_id, dial_string, NULL, HARK_TEST_CB (&result));
  return um_client_play_on_phone2_finish (client, AWAIT (result), error);
}

static UmCallInfo *
get_call_info (UmClient    *client,
               const char  *call_id,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_get_call_info_async (client, call_id, NULL, HARK_TEST_CB (&result));
  return um_client_get_call_info_finish (client, AWAIT (result), error);
}

static UmCallInfo *
get_phone_call_information (UmClient    *client,
                            const char  *call_id,
                            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_get_phone_call_information_async (client, call_id, NULL, HARK_TEST_CB (&result));
  return um_client_get_phone_call_information_finish (client, AWAIT (result), error);
}

static gboolean
disconnect (UmClient    *client,
            const char  *call_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_disconnect_async (client, call_id, NULL, HARK_TEST_CB (&result));
  return um_client_disconnect_finish (client, AWAIT (result), error);
}

static gboolean
disconnect_phone_call (UmClient    *client,
                       const char  *call_id,
                       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_client_disconnect_phone_call_async (client, call_id, NULL, HARK_TEST_CB (&result));
  return um_client_disconnect_phone_call_finish (client, AWAIT (result), error);
}

static const char *
entry_id (Fixture *f)
{
  return hark_test_first_voicemail (f->account)->entry_id;
}

static const char *
item_id (Fixture *f)
{
  return hark_test_first_voicemail (f->account)->id;
}

/* Tests */

static void
test_is_um_enabled (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;

  g_assert_true (is_um_enabled (f->client, &enabled, &error));
  g_assert_no_error (error);
  g_assert_true (enabled);

  um_server_account_set_um_enabled (f->account, FALSE);
  g_assert_true (is_um_enabled (f->client, &enabled, &error));
  g_assert_no_error (error);
  g_assert_false (enabled);
}

static void
test_get_um_properties (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(GError) error = NULL;

  um_server_account_set_oof_status (f->account, TRUE);
  properties = get_properties (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (properties->oof_status);
  g_assert_true (properties->missed_call_notification_enabled);
  g_assert_cmpstr (properties->play_on_phone_dial_string, ==,
                   um_server_account_get_play_on_phone_dial_string (f->account));
  g_assert_cmpstrv (properties->telephone_access_numbers,
                    ((const char *const[]) { "+1-425-555-0199", "+44-20-7946-0999", NULL }));
  g_assert_cmpstr (properties->telephone_access_folder_email, ==,
                   um_server_account_get_telephone_access_folder (f->account));
  g_clear_pointer (&properties, um_properties_free);

  /* No access numbers: the element is absent (3.1.4.5.3.1), the result NULL. */
  um_server_account_set_telephone_access_numbers (f->account, NULL);
  properties = get_properties (f->client, &error);
  g_assert_no_error (error);
  g_assert_null (properties->telephone_access_numbers);
}

static void
test_set_oof_status (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (set_oof (f->client, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (um_server_account_get_oof_status (f->account));

  properties = get_properties (f->client, &error);
  g_assert_true (properties->oof_status);

  g_assert_true (set_oof (f->client, FALSE, &error));
  g_assert_false (um_server_account_get_oof_status (f->account));
}

static void
test_set_missed_call_notification (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (set_missed (f->client, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (um_server_account_get_missed_call_notification_enabled (f->account));
  g_assert_true (set_missed (f->client, TRUE, &error));
  g_assert_true (um_server_account_get_missed_call_notification_enabled (f->account));
}

static void
test_set_dial_string (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint requests;

  g_assert_true (set_dial_string (f->client, "tel:+1-206-555-0142", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "tel:+1-206-555-0142");

  /* Not a number: refused before sending, nothing lost on the server. */
  requests = um_server_get_request_count (f->server);
  g_assert_false (set_dial_string (f->client, "call me maybe", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
  g_clear_error (&error);

  /* A number the dialing rules refuse: the server's fault, the old value kept. */
  g_assert_false (set_dial_string (f->client, "+1-900-555-0100", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_DIALING_RULES);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "DialingRulesException");
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "tel:+1-206-555-0142");
}

static void
test_set_telephone_access_folder (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *folder = "AAAAAGsd2rbQLVtLobUGbrq/9IUBAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAAA==";
  guint requests;

  g_assert_true (set_folder (f->client, folder, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==, folder);

  requests = um_server_get_request_count (f->server);
  g_assert_false (set_folder (f->client, "Inbox", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==, folder);
}

static void
test_reset_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 0);
  g_assert_true (reset_pin (f->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);
}

static void
test_play_on_phone (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  /* A long enough call to see it Connected and end it with Disconnect. */
  um_server_phone_set_play_time (um_server_get_phone (f->server), 60);

  call_id = play_on_phone (f->client, entry_id (f), "+1-425-555-0123", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call_id);

  /* 3.1.3: a call starts Connecting. */
  info = get_call_info (f->client, call_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTING);
  g_assert_cmpint (info->cause, ==, UM_CALL_CAUSE_NONE);
  g_clear_pointer (&info, um_call_info_free);

  hark_test_wait_for_call_state (f->server, call_id, UM_CALL_STATE_CONNECTED);
  info = get_call_info (f->client, call_id, &error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTED);
  g_clear_pointer (&info, um_call_info_free);

  g_assert_true (disconnect (f->client, call_id, &error));
  g_assert_no_error (error);
  info = get_call_info (f->client, call_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);
  g_assert_cmpint (info->cause, ==, UM_CALL_CAUSE_NONE);
  g_clear_pointer (&info, um_call_info_free);

  /* Disconnecting a Disconnected call is harmless. */
  g_assert_true (disconnect (f->client, call_id, &error));
  g_assert_no_error (error);

  /* After Call_timeout the id is gone: Idle cannot be read (3.1.1.1). */
  hark_test_wait_for_call_state (f->server, call_id, UM_CALL_STATE_IDLE);
  info = get_call_info (f->client, call_id, &error);
  g_assert_null (info);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "InvalidCallIdException");
  g_assert_cmpstr (error->message, ==, "The call identifier isn't valid.");
  g_assert_cmpuint (um_error_get_http_status (error), ==, 500);
}

static void
test_play_on_phone_invalid_entry_id (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  guint requests = um_server_get_request_count (f->server);

  /* Not base64 (4.15's request): refused before sending. */
  call_id = play_on_phone (f->client, "INVALID_ENTRY_ID", "12345", &error);
  g_assert_null (call_id);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
  g_clear_error (&error);

  /* Base64, but no such item: the server's fault (3.1.4.8). */
  call_id = play_on_phone (f->client, "AAAAAGsd2rbQLVtLobUGbrq/9IUHAEX2ikn/", "12345", &error);
  g_assert_null (call_id);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "InvalidObjectIdException");
  g_assert_cmpstr (error->message, ==, "The object identifier isn't valid.");
  g_assert_cmpuint (um_server_phone_get_n_calls (um_server_get_phone (f->server)), ==, 0);
}

static void
test_play_on_phone_dialing_rules (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  guint requests;

  call_id = play_on_phone (f->client, entry_id (f), "+1-900-555-0100", &error);
  g_assert_null (call_id);
  g_assert_error (error, UM_ERROR, UM_ERROR_DIALING_RULES);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "DialingRulesException");
  g_assert_cmpstr (error->message, ==,
                   "Dialing restrictions are preventing the phone number that was entered from "
                   "being dialed.");
  g_clear_error (&error);

  requests = um_server_get_request_count (f->server);
  call_id = play_on_phone (f->client, entry_id (f), "", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
}

static void
test_play_on_phone_greeting (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *oof = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  normal = play_greeting (f->client, UM_GREETING_TYPE_NORMAL_CUSTOM, "12345", &error);
  g_assert_no_error (error);
  oof = play_greeting (f->client, UM_GREETING_TYPE_OOF_CUSTOM, "tel:+1-425-555-0123", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (normal, !=, oof);

  /* A greeting call is a legacy call: GetCallInfo and Disconnect follow it (3.2.4). */
  info = get_call_info (f->client, oof, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTING);
  g_assert_true (disconnect (f->client, oof, &error));
  g_assert_no_error (error);

  g_clear_pointer (&normal, g_free);
  normal = play_greeting (f->client, UM_GREETING_TYPE_NORMAL_CUSTOM, "011-44-20-7946-0999",
                          &error);
  g_assert_null (normal);
  g_assert_error (error, UM_ERROR, UM_ERROR_DIALING_RULES);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "DialingRulesException");
}

static void
test_get_call_info_invalid (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autofree char *ews_call = NULL;
  g_autofree char *too_long = g_strnfill (513, 'Q');
  guint requests;

  info = get_call_info (f->client, "Tm8gc3VjaCBjYWxs", &error);
  g_assert_null (info);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "InvalidCallIdException");
  g_clear_error (&error);

  /* A PlayOnPhone2 call is not GetCallInfo's (3.2.4). */
  ews_call = play_on_phone2 (f->client, item_id (f), "12345", &error);
  g_assert_no_error (error);
  info = get_call_info (f->client, ews_call, &error);
  g_assert_null (info);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  requests = um_server_get_request_count (f->server);
  info = get_call_info (f->client, too_long, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, requests);
}

static void
test_disconnect_invalid (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (disconnect (f->client, "Tm8gc3VjaCBjYWxs", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "InvalidCallIdException");
}

static void
server_version_notify_cb (GObject    *object,
                          GParamSpec *pspec,
                          guint      *count)
{
  (*count)++;
}

static void
test_play_on_phone2 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  const UmServerVersion *version;
  guint notifications = 0;

  um_server_phone_set_play_time (um_server_get_phone (f->server), 60);
  g_signal_connect (f->client, "notify::server-version", G_CALLBACK (server_version_notify_cb),
                    &notifications);
  g_assert_null (um_client_get_server_version (f->client));

  call_id = play_on_phone2 (f->client, item_id (f), "5555551212", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call_id);

  /* The ServerVersionInfo of the EWS answer is kept. */
  version = um_client_get_server_version (f->client);
  g_assert_nonnull (version);
  g_assert_cmpint (version->major_version, ==, 15);
  g_assert_cmpstr (version->version, ==, "V2017_07_11");
  g_assert_cmpuint (notifications, ==, 1);

  info = get_phone_call_information (f->client, call_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTING);
  /* 3.1.4.4.3.3: no SIP response in a successful answer */
  g_assert_false (info->has_sip_response);
  g_assert_null (info->sip_response_text);
  g_clear_pointer (&info, um_call_info_free);

  hark_test_wait_for_call_state (f->server, call_id, UM_CALL_STATE_CONNECTED);
  info = get_phone_call_information (f->client, call_id, &error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_CONNECTED);
  g_clear_pointer (&info, um_call_info_free);

  g_assert_true (disconnect_phone_call (f->client, call_id, &error));
  g_assert_no_error (error);
  info = get_phone_call_information (f->client, call_id, &error);
  g_assert_cmpint (info->state, ==, UM_CALL_STATE_DISCONNECTED);
  g_clear_pointer (&info, um_call_info_free);

  /* The legacy operations do not know this call. */
  g_assert_false (disconnect (f->client, call_id, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  hark_test_wait_for_call_state (f->server, call_id, UM_CALL_STATE_IDLE);
  info = get_phone_call_information (f->client, call_id, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorInvalidPhoneCallId");
  g_assert_cmpstr (error->message, ==, "The phone call ID isn't valid.");
  g_assert_cmpuint (um_error_get_http_status (error), ==, 200);
}

static void
test_play_on_phone2_errors (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  /* 3.1.4.7: an item the server does not know */
  call_id = play_on_phone2 (f->client, "AkAjzQTbY/i=", "5555551212", &error);
  g_assert_null (call_id);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorInvalidIdMalformed");
  g_assert_cmpstr (error->message, ==, "Id is malformed.");
  g_clear_error (&error);

  /* 3.1.4.7: a number the dialing rules refuse */
  call_id = play_on_phone2 (f->client, item_id (f), "00 44 20 7946 0999", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING);
  g_clear_error (&error);
  call_id = play_on_phone2 (f->client, item_id (f), "0044-20-7946-0999", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_DIALING_RULES);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorPhoneNumberNotDialable");
  g_clear_error (&error);

  g_assert_false (disconnect_phone_call (f->client, "T1dWbDROV2IzTjI5dA==", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorInvalidPhoneCallId");
}

static void
test_calls_are_private (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UmClient) bob = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  um_server_add_demo_account (f->server, "bob", "hunter2");
  bob = hark_test_client_new (f->server, "bob", "hunter2");

  call_id = play_on_phone (f->client, entry_id (f), "12345", &error);
  g_assert_no_error (error);

  info = get_call_info (bob, call_id, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);
  g_assert_false (disconnect (bob, call_id, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
}

static void
test_not_um_enabled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  um_server_account_set_um_enabled (f->account, FALSE);

  properties = get_properties (f->client, &error);
  g_assert_null (properties);
  g_assert_error (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "UserNotUmEnabledException");
  g_clear_error (&error);

  g_assert_false (set_oof (f->client, TRUE, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED);
  g_assert_false (um_server_account_get_oof_status (f->account));
  g_clear_error (&error);

  call_id = play_on_phone2 (f->client, item_id (f), "12345", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED);
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorUserNotUnifiedMessagingEnabled");
}

static void
test_auth_wrong_password (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(UmClient) client = hark_test_client_new (f->server, HARK_TEST_USER, "wrong");
  g_autoptr(GError) error = NULL;
  gboolean enabled;

  g_assert_false (is_um_enabled (client, &enabled, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTH_FAILED);
  g_assert_cmpuint (um_error_get_http_status (error), ==, 401);
}

static void
test_auth_no_credentials (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(UmClient) client = hark_test_client_new (f->server, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (reset_pin (client, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_AUTH_FAILED);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 0);
}

typedef struct {
  SoupAuth *auth;
  guint     asked;
} LaterAuth;

static gboolean
authenticate_later_cb (UmClient  *client,
                       SoupAuth  *auth,
                       gboolean   retrying,
                       LaterAuth *later)
{
  later->asked++;
  g_assert_false (retrying);
  g_assert_null (later->auth);
  later->auth = g_object_ref (auth);
  return TRUE;
}

static void
test_auth_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(UmClient) client = hark_test_client_new (f->server, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LaterAuth later = { NULL, 0 };

  /* An app asks the secret service (or the user) and answers later. */
  g_signal_connect (client, "authenticate", G_CALLBACK (authenticate_later_cb), &later);
  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&result));
  while (later.auth == NULL)
    g_main_context_iteration (NULL, TRUE);

  hark_test_sleep (20);
  g_assert_null (result);
  soup_auth_authenticate (later.auth, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_clear_object (&later.auth);

  g_assert_true (um_client_reset_pin_finish (client, AWAIT (result), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (later.asked, ==, 1);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);
}

static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autofree char *call_id = NULL;

  /* Well-formed on the wire, so the server answers about the id, not the XML. */
  info = get_call_info (f->client, "a&b<c>d\"e'f]]>", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);
  g_assert_false (disconnect_phone_call (f->client, "a&b<c>d\"e'f", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  /* RFC 3966 parameters may carry & and ' */
  call_id = play_on_phone (f->client, entry_id (f), "12345;x=a&b'c", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call_id);
  g_assert_true (set_dial_string (f->client, "+1-206-555-0142;ext=1&2", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "+1-206-555-0142;ext=1&2");
}

static void
test_insecure_url (void)
{
  g_autoptr(UmClient) client = um_client_new_for_server ("http://mail.example.com");
  g_autoptr(GError) error = NULL;
  gboolean enabled;

  g_assert_cmpstr (um_client_get_legacy_url (client), ==,
                   "http://mail.example.com/EWS/UM2007Legacy.asmx");
  g_assert_cmpstr (um_client_get_ews_url (client), ==,
                   "http://mail.example.com/EWS/Exchange.asmx");

  /* No connection is even tried: there is no such host here. */
  g_assert_false (is_um_enabled (client, &enabled, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INSECURE);

  /* Loopback is allowed over plain HTTP, HTTPS everywhere. */
  g_assert_true (um_client_check_url ("http://127.0.0.1:8080/EWS/Exchange.asmx", NULL));
  g_assert_true (um_client_check_url ("http://[::1]/EWS/Exchange.asmx", NULL));
  g_assert_true (um_client_check_url ("http://localhost/EWS/Exchange.asmx", NULL));
  g_assert_true (um_client_check_url ("https://mail.example.com/EWS/Exchange.asmx", NULL));
  g_assert_false (um_client_check_url ("http://127.0.0.1.example.com/", NULL));
  g_assert_false (um_client_check_url ("ftp://mail.example.com/", NULL));
  g_assert_false (um_client_check_url ("mail.example.com", NULL));
}

static void
test_request_server_version (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *log_dir = g_dir_make_tmp (NULL, NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmCallInfo) info = NULL;

  um_server_set_log_dir (f->server, log_dir);
  g_assert_cmpstr (um_client_get_request_server_version (f->client), ==, "Exchange2013");
  um_client_set_request_server_version (f->client, "Exchange2016");

  info = get_phone_call_information (f->client, "bm8gY2FsbA==", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);

  path = g_build_filename (log_dir, "0001-GetPhoneCallInformation.request.xml", NULL);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "Version=\"Exchange2016\""));
}

static void
test_proxies_and_authorities (void)
{
  g_autoptr(UmClient) remote = um_client_new_for_server ("https://mail.example.com");
  g_autoptr(UmClient) loopback = um_client_new_for_server ("http://127.0.0.1:8080");
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = g_build_filename (hark_test_get_certs_dir (), "ca.pem", NULL);
  GTlsDatabase *system;

  /* The system's proxies for a remote server, none for this computer. */
  g_assert_true (soup_session_get_proxy_resolver (um_client_get_session (remote)) ==
                 g_proxy_resolver_get_default ());
  g_assert_null (soup_session_get_proxy_resolver (um_client_get_session (loopback)));
  um_client_set_legacy_url (loopback, "https://mail.example.com/EWS/UM2007Legacy.asmx");
  g_assert_null (soup_session_get_proxy_resolver (um_client_get_session (loopback)));
  um_client_set_ews_url (loopback, "https://mail.example.com/EWS/Exchange.asmx");
  g_assert_true (soup_session_get_proxy_resolver (um_client_get_session (loopback)) ==
                 g_proxy_resolver_get_default ());

  /* NULL authorities are the system's, not none. */
  system = um_client_get_tls_database (remote);
  g_assert_nonnull (system);
  g_assert_true (um_client_set_ca_file (remote, ca, &error));
  g_assert_true (um_client_get_tls_database (remote) != system);
  um_client_set_tls_database (remote, NULL);
  g_assert_true (um_client_get_tls_database (remote) == system);
}

static void
test_new_destroy (void)
{
  UmClient *client = um_client_new ("https://a.example/EWS/UM2007Legacy.asmx",
                                    "https://a.example/EWS/Exchange.asmx");

  g_assert_cmpuint (um_client_get_timeout (client), ==, 60);
  g_assert_cmpuint (um_client_get_max_response_size (client), ==, 8 * 1024 * 1024);
  g_assert_nonnull (um_client_get_session (client));
  g_assert_finalize_object (client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/um/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("is-um-enabled", test_is_um_enabled);
  ADD ("get-um-properties", test_get_um_properties);
  ADD ("set-oof-status", test_set_oof_status);
  ADD ("set-missed-call-notification-enabled", test_set_missed_call_notification);
  ADD ("set-play-on-phone-dial-string", test_set_dial_string);
  ADD ("set-telephone-access-folder-email", test_set_telephone_access_folder);
  ADD ("reset-pin", test_reset_pin);
  ADD ("play-on-phone", test_play_on_phone);
  ADD ("play-on-phone/invalid-entry-id", test_play_on_phone_invalid_entry_id);
  ADD ("play-on-phone/dialing-rules", test_play_on_phone_dialing_rules);
  ADD ("play-on-phone-greeting", test_play_on_phone_greeting);
  ADD ("get-call-info/invalid-call-id", test_get_call_info_invalid);
  ADD ("disconnect/invalid-call-id", test_disconnect_invalid);
  ADD ("play-on-phone2", test_play_on_phone2);
  ADD ("play-on-phone2/errors", test_play_on_phone2_errors);
  ADD ("calls-are-private", test_calls_are_private);
  ADD ("not-um-enabled", test_not_um_enabled);
  ADD ("auth/wrong-password", test_auth_wrong_password);
  ADD ("auth/no-credentials", test_auth_no_credentials);
  ADD ("auth/async", test_auth_async);
  ADD ("escaping", test_escaping);
  ADD ("request-server-version", test_request_server_version);
  g_test_add_func ("/um/client/insecure-url", test_insecure_url);
  g_test_add_func ("/um/client/proxies-and-authorities", test_proxies_and_authorities);
  g_test_add_func ("/um/client/new-destroy", test_new_destroy);

#undef ADD

  return g_test_run ();
}
