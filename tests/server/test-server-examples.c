/* test-server-examples.c: the reference server against the spec's examples
 * and Microsoft's schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads ../shared/protocol in place (HARK_PROTOCOL_REFERENCE). With an account
 * set up like the examples' mailbox, every example request is sent as it is
 * and the answer must be the example answer, byte for byte once canonicalized
 * (C14N, indentation dropped). The server's own idea of a valid request is
 * checked against xmllint with the schemas, and its answers are validated.
 */

#include "config.h"

#include "hark-test.h"
#include "invalid-requests.h"

/* Facts of the examples of section 4 */
#define EXAMPLE_ENTRY_ID \
  "AAAAAGsd2rbQLVtLobUGbrq/9IUHAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAACxVpEl+KVVLl957wp//x6UAGAetcDUAAA=="
#define EXAMPLE_ITEM_ID "AkAjzQTbY/i="
#define EXAMPLE_FOLDER "AAAAAGsd2rbQLVtLobUGbrq/9IUBAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAAA=="
#define EXAMPLE_LEGACY_CALL \
  "NDEzYjEzNmMtZTE2Zi00NTJlLWI3YzctNDhkMTE3MDE3YjlmQGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29m" \
  "dC5jb20="
#define EXAMPLE_GREETING_CALL \
  "MjA4MTQ5MmItMTBmZC00ZGFmLThiMzEtNDllNDJjM2Y3MjIxQGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29m" \
  "dC5jb20="

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  UmServerPhone   *phone;
  SoupSession     *session;
  char            *authorization;
  GHashTable      *used;
  guint            status;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *credentials = g_strconcat (HARK_TEST_USER, ":", HARK_TEST_PASSWORD, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  g_autoptr(GError) error = NULL;

  f->server = um_server_new ();
  f->account = um_server_add_account (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  um_server_account_set_oof_status (f->account, FALSE);
  um_server_account_set_missed_call_notification_enabled (f->account, TRUE);
  um_server_account_set_play_on_phone_dial_string (f->account, "12345");
  um_server_account_set_telephone_access_numbers (f->account, "54321");
  um_server_account_set_telephone_access_folder (f->account, EXAMPLE_FOLDER);
  um_server_account_add_item (f->account, EXAMPLE_ITEM_ID, EXAMPLE_ENTRY_ID, 30);
  um_server_set_version (f->server, 14, 0, 639, 20, "Exchange2013");

  f->phone = um_server_get_phone (f->server);
  um_server_phone_set_ring_time (f->phone, 0.02);
  um_server_phone_set_play_time (f->phone, 3600);

  um_server_listen (f->server, 0, &error);
  g_assert_no_error (error);

  f->session = soup_session_new ();
  f->authorization = g_strconcat ("Basic ", encoded, NULL);
  f->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_pointer (&f->authorization, g_free);
  g_clear_pointer (&f->used, g_hash_table_unref);
}

static char *
example_path (const char *file)
{
  return g_build_filename (hark_test_get_protocol_dir (), "examples", file, NULL);
}

static char *
read_example (Fixture    *f,
              const char *file)
{
  g_autofree char *path = example_path (file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_add (f->used, g_strdup (file));
  return contents;
}

static char *
post (Fixture    *f,
      const char *path,
      const char *action,
      const char *body)
{
  g_autofree char *url = g_strconcat (um_server_get_url (f->server), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *soap_action = g_strdup_printf ("\"" UM_SOAP_ACTION_PREFIX "%s\"", action);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", bytes);
  soup_message_headers_replace (headers, "SOAPAction", soap_action);
  soup_message_headers_replace (headers, "Authorization", f->authorization);
  soup_session_send_and_read_async (f->session, message, G_PRIORITY_DEFAULT, NULL,
                                    HARK_TEST_CB (&result));
  response = soup_session_send_and_read_finish (f->session, hark_test_wait_result (&result),
                                                &error);
  g_assert_no_error (error);
  f->status = soup_message_get_status (message);
  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

/* Sends the example request @request and expects the example answer @answer. */
static void
exchange (Fixture    *f,
          const char *path,
          const char *action,
          const char *request,
          const char *answer,
          guint       status)
{
  g_autofree char *body = read_example (f, request);
  g_autofree char *expected_path = example_path (answer);
  g_autofree char *response = post (f, path, action, body);
  g_autofree char *actual = hark_test_canonical_xml (response, strlen (response));
  g_autofree char *expected = hark_test_canonical_file (expected_path);

  g_test_message ("%s -> %s", request, answer);
  g_hash_table_add (f->used, g_strdup (answer));
  g_assert_cmpuint (f->status, ==, status);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_every_example (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *examples = g_build_filename (hark_test_get_protocol_dir (), "examples", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *play2 = NULL;
  const char *name;

  exchange (f, LEGACY, "IsUMEnabled", "IsUMEnabled.request.xml", "IsUMEnabled.response.xml", 200);
  exchange (f, LEGACY, "GetUMProperties", "GetUMProperties.request.xml",
            "GetUMProperties.response.xml", 200);

  exchange (f, LEGACY, "SetOofStatus", "SetOofStatus.request.xml", "SetOofStatus.response.xml",
            200);
  g_assert_true (um_server_account_get_oof_status (f->account));
  um_server_account_set_missed_call_notification_enabled (f->account, FALSE);
  exchange (f, LEGACY, "SetMissedCallNotificationEnabled",
            "SetMissedCallNotificationEnabled.request.xml",
            "SetMissedCallNotificationEnabled.response.xml", 200);
  g_assert_true (um_server_account_get_missed_call_notification_enabled (f->account));
  um_server_account_set_play_on_phone_dial_string (f->account, "999");
  exchange (f, LEGACY, "SetPlayOnPhoneDialString", "SetPlayOnPhoneDialString.request.xml",
            "SetPlayOnPhoneDialString.response.xml", 200);
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==, "12345");

  /* 4.14's request spells base64FolderID, which the schema does not have: the
   * server answers as it must for a schema-invalid request (2.2.2.1). The
   * corrected copy is accepted. */
  invalid = read_example (f, "SetTelephoneAccessFolderEmail.request.xml");
  g_free (post (f, LEGACY, "SetTelephoneAccessFolderEmail", invalid));
  g_assert_cmpuint (f->status, ==, 500);
  um_server_account_set_telephone_access_folder (f->account, NULL);
  exchange (f, LEGACY, "SetTelephoneAccessFolderEmail",
            "corrected/SetTelephoneAccessFolderEmail.request.xml",
            "SetTelephoneAccessFolderEmail.response.xml", 200);
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==,
                   EXAMPLE_FOLDER);

  exchange (f, LEGACY, "ResetPIN", "ResetPIN.request.xml", "ResetPIN.response.xml", 200);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);

  /* The legacy call of 4.7, followed by 4.3 and ended by 4.1 */
  um_server_phone_set_next_call_id (f->phone, EXAMPLE_LEGACY_CALL);
  exchange (f, LEGACY, "PlayOnPhone", "PlayOnPhone.request.xml", "PlayOnPhone.response.xml", 200);
  hark_test_wait_for_call_state (f->server, EXAMPLE_LEGACY_CALL, UM_CALL_STATE_CONNECTED);
  exchange (f, LEGACY, "GetCallInfo", "GetCallInfo.request.xml", "GetCallInfo.response.xml", 200);
  exchange (f, LEGACY, "Disconnect", "Disconnect.request.xml", "Disconnect.response.xml", 200);

  um_server_phone_set_next_call_id (f->phone, EXAMPLE_GREETING_CALL);
  exchange (f, LEGACY, "PlayOnPhoneGreeting", "PlayOnPhoneGreeting.request.xml",
            "PlayOnPhoneGreeting.response.xml", 200);

  /* 4.15's request; answered with the fault of 3.1.4.8 */
  exchange (f, LEGACY, "PlayOnPhone", "PlayOnPhone.invalid-entryId.request.xml",
            "fault-InvalidObjectId.PlayOnPhone.xml", 500);

  /* The EWS calls of 4.8, 4.4 and 4.2 */
  um_server_phone_set_next_call_id (f->phone, "ZWMtWYtMY29t");
  exchange (f, EWS, "PlayOnPhone", "PlayOnPhone2.request.xml", "PlayOnPhone2.response.xml", 200);
  play2 = read_example (f, "PlayOnPhone2.request.xml");
  um_server_phone_set_next_call_id (f->phone, "NDDY5uY29y9t");
  g_free (post (f, EWS, "PlayOnPhone", play2));
  hark_test_wait_for_call_state (f->server, "NDDY5uY29y9t", UM_CALL_STATE_CONNECTED);
  exchange (f, EWS, "GetPhoneCallInformation", "GetPhoneCallInformation.request.xml",
            "GetPhoneCallInformation.response.xml", 200);
  um_server_phone_set_next_call_id (f->phone, "OWVl4NWb3N29t");
  g_free (post (f, EWS, "PlayOnPhone", play2));
  exchange (f, EWS, "DisconnectPhoneCall", "DisconnectPhoneCall.request.xml",
            "DisconnectPhoneCall.response.xml", 200);

  /* Every example request of the folder was sent. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autofree char *folder = pass == 0 ? g_strdup (examples)
                                          : g_build_filename (examples, "corrected", NULL);

      dir = g_dir_open (folder, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *relative = pass == 0 ? g_strdup (name)
                                                : g_build_filename ("corrected", name, NULL);

          if (!g_str_has_suffix (name, ".request.xml") || g_str_has_prefix (name, "autodiscover"))
            continue;
          g_test_message ("request %s", relative);
          g_assert_true (g_hash_table_contains (f->used, relative));
        }
      g_clear_pointer (&dir, g_dir_close);
    }
}

static void
test_example_faults (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    const char *path;
    const char *action;
    const char *request;
    const char *fault;
  } cases[] = {
    { LEGACY, "GetCallInfo",
      REQUEST ("<GetCallInfo xmlns=\"" NS_M "\"><CallId>" EXAMPLE_LEGACY_CALL "</CallId>"
               "</GetCallInfo>"), "fault-InvalidCallId.GetCallInfo.xml" },
    { LEGACY, "Disconnect",
      REQUEST ("<Disconnect xmlns=\"" NS_M "\"><CallId>" EXAMPLE_LEGACY_CALL "</CallId>"
               "</Disconnect>"), "fault-InvalidCallId.Disconnect.xml" },
    { LEGACY, "PlayOnPhone",
      REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><entryId>" EXAMPLE_ENTRY_ID "</entryId>"
               "<DialString>+1-900-555-0100</DialString></PlayOnPhone>"),
      "fault-DialingRules.PlayOnPhone.xml" },
    { LEGACY, "PlayOnPhoneGreeting",
      REQUEST ("<PlayOnPhoneGreeting xmlns=\"" NS_M "\"><GreetingType>NormalCustom</GreetingType>"
               "<DialString>011-44-20-7946-0999</DialString></PlayOnPhoneGreeting>"),
      "fault-DialingRules.PlayOnPhoneGreeting.xml" },
    { LEGACY, "IsUMEnabled", "<soap:Envelope", "fault-ErrorInvalidRequest.xml" },
    { EWS, "GetPhoneCallInformation", "<?xml version=\"1.0\"?>\n<",
      "fault-ErrorInvalidRequest.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = example_path (cases[i].fault);
      g_autofree char *response = post (f, cases[i].path, cases[i].action, cases[i].request);
      g_autofree char *actual = hark_test_canonical_xml (response, strlen (response));
      g_autofree char *expected = hark_test_canonical_file (path);

      g_test_message ("%s", cases[i].fault);
      g_assert_cmpuint (f->status, ==, 500);
      g_assert_cmpstr (actual, ==, expected);
    }
}

static char *
write_temp (const char *contents,
            const char *name)
{
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_schema_agreement (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *file;
    const char *path;
  } examples[] = {
    { "IsUMEnabled.request.xml", LEGACY },
    { "GetUMProperties.request.xml", LEGACY },
    { "SetOofStatus.request.xml", LEGACY },
    { "SetMissedCallNotificationEnabled.request.xml", LEGACY },
    { "SetPlayOnPhoneDialString.request.xml", LEGACY },
    { "SetTelephoneAccessFolderEmail.request.xml", LEGACY },
    { "corrected/SetTelephoneAccessFolderEmail.request.xml", LEGACY },
    { "ResetPIN.request.xml", LEGACY },
    { "PlayOnPhone.request.xml", LEGACY },
    { "PlayOnPhone.invalid-entryId.request.xml", LEGACY },
    { "PlayOnPhoneGreeting.request.xml", LEGACY },
    { "GetCallInfo.request.xml", LEGACY },
    { "Disconnect.request.xml", LEGACY },
    { "PlayOnPhone2.request.xml", EWS },
    { "GetPhoneCallInformation.request.xml", EWS },
    { "DisconnectPhoneCall.request.xml", EWS },
  };

  /* Hark's invalid requests: the server and xmllint both refuse them. */
  for (guint i = 0; i < G_N_ELEMENTS (invalid_requests); i++)
    {
      gboolean ews = g_str_equal (invalid_requests[i].path, EWS);
      g_autofree char *file = write_temp (invalid_requests[i].body, "invalid.xml");
      g_autofree char *output = NULL;

      if (invalid_requests[i].bare)
        continue;

      g_test_message ("invalid request %u", i);
      g_assert_false (hark_test_validate (ews ? "validate/ews-exchange2016.xsd" : NULL, file,
                                          &output));
      g_assert_true (g_str_has_prefix (output, "FAIL "));
    }

  /* The spec's requests: where xmllint says valid, the server does not answer
   * ErrorSchemaValidation, and where it says invalid, the server does. */
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      gboolean ews = g_str_equal (examples[i].path, EWS);
      g_autofree char *path = example_path (examples[i].file);
      g_autofree char *body = read_example (f, examples[i].file);
      g_autofree char *response = NULL;
      const char *action;
      gboolean valid;

      valid = hark_test_validate (ews ? "validate/ews-exchange2016.xsd" : NULL, path, NULL);
      action = strstr (body, "PlayOnPhoneGreeting") ? "PlayOnPhoneGreeting"
             : strstr (body, "PlayOnPhone") ? "PlayOnPhone"
             : NULL;
      if (action == NULL)
        {
          static const char *const names[] = {
            "IsUMEnabled", "GetUMProperties", "SetOofStatus", "SetMissedCallNotificationEnabled",
            "SetPlayOnPhoneDialString", "SetTelephoneAccessFolderEmail", "ResetPIN",
            "GetCallInfo", "Disconnect", "GetPhoneCallInformation", "DisconnectPhoneCall",
          };

          for (guint j = 0; j < G_N_ELEMENTS (names); j++)
            if (g_str_has_prefix (strrchr (path, '/') + 1, names[j]) &&
                (action == NULL || strlen (names[j]) > strlen (action)))
              action = names[j];
        }
      g_assert_nonnull (action);

      response = post (f, examples[i].path, action, body);
      g_test_message ("%s: xmllint %s, server %u", examples[i].file, valid ? "PASS" : "FAIL",
                      f->status);
      g_assert_cmpint (valid, ==, strstr (response, "ErrorSchemaValidation") == NULL);
    }
}

static void
test_answers_are_valid (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UmClient) client = hark_test_client_new (f->server, HARK_TEST_USER,
                                                     HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint checked = 0;

  um_server_set_log_dir (f->server, dir);

  /* Every operation, succeeding and failing, through the client. */
  hark_test_run_every_operation (f->server, client);

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *output = NULL;
      g_autofree char *ews_output = NULL;
      gboolean ews = strstr (name, "PlayOnPhone2") != NULL ||
                     strstr (name, "PhoneCall") != NULL;

      if (!g_str_has_suffix (name, ".response.xml"))
        continue;

      /* Legacy answers against the [MS-OXWUMS] schemas, EWS answers against
       * them and against Exchange 2016's own. */
      if (!hark_test_validate (NULL, path, &output))
        g_error ("%s", output);
      if (ews && !hark_test_validate ("validate/ews-exchange2016.xsd", path, &ews_output))
        g_error ("%s", ews_output);
      checked++;
    }

  g_assert_cmpuint (checked, ==, 19);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/examples/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("every-example", test_every_example);
  ADD ("example-faults", test_example_faults);
  ADD ("schema-agreement", test_schema_agreement);
  ADD ("answers-are-valid", test_answers_are_valid);

#undef ADD

  return g_test_run ();
}
