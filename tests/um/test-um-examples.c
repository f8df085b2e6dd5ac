/* test-um-examples.c: the client's reader on every example of the spec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads ../shared/protocol/examples in place (HARK_PROTOCOL_REFERENCE): every
 * response and fault of section 4 and of sections 2.2.2.1 and 3.1.4, and the
 * two corrected copies. Built only when the folder is there.
 */

#include "config.h"

#include "hark-test.h"
#include "um-response.h"

typedef struct {
  const char  *file;
  UmOperation  operation;
  guint        status;
  int          error;     /* UmError, or -1 */
  const char  *expected;  /* the result, or the server code */
} ExampleCase;

#define OK -1

static const ExampleCase cases[] = {
  { "Disconnect.response.xml", UM_OPERATION_DISCONNECT, 200, OK, "ok" },
  { "DisconnectPhoneCall.response.xml", UM_OPERATION_DISCONNECT_PHONE_CALL, 200, OK, "ok" },
  { "GetCallInfo.response.xml", UM_OPERATION_GET_CALL_INFO, 200, OK, "Connected/None" },
  { "GetPhoneCallInformation.response.xml", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200, OK,
    "Connected/None" },
  { "GetUMProperties.response.xml", UM_OPERATION_GET_UM_PROPERTIES, 200, OK,
    "oof=0 missed=1 dial=12345 numbers=[54321] "
    "folder=AAAAAGsd2rbQLVtLobUGbrq/9IUBAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAAA==" },
  { "IsUMEnabled.response.xml", UM_OPERATION_IS_UM_ENABLED, 200, OK, "true" },
  { "PlayOnPhone.response.xml", UM_OPERATION_PLAY_ON_PHONE, 200, OK,
    "NDEzYjEzNmMtZTE2Zi00NTJlLWI3YzctNDhkMTE3MDE3YjlmQGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29m"
    "dC5jb20=" },
  { "PlayOnPhone2.response.xml", UM_OPERATION_PLAY_ON_PHONE2, 200, OK, "ZWMtWYtMY29t" },
  { "PlayOnPhoneGreeting.response.xml", UM_OPERATION_PLAY_ON_PHONE_GREETING, 200, OK,
    "MjA4MTQ5MmItMTBmZC00ZGFmLThiMzEtNDllNDJjM2Y3MjIxQGRmLWV1bS0wMS5leGNoYW5nZS5jb3JwLm1pY3Jvc29m"
    "dC5jb20=" },
  { "ResetPIN.response.xml", UM_OPERATION_RESET_PIN, 200, OK, "ok" },
  { "SetMissedCallNotificationEnabled.response.xml",
    UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED, 200, OK, "ok" },
  { "SetOofStatus.response.xml", UM_OPERATION_SET_OOF_STATUS, 200, OK, "ok" },
  { "SetPlayOnPhoneDialString.response.xml", UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING, 200, OK,
    "ok" },
  { "SetTelephoneAccessFolderEmail.response.xml", UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL,
    200, OK, "ok" },
  /* Faults travel with HTTP 500 */
  { "fault-DialingRules.PlayOnPhone.xml", UM_OPERATION_PLAY_ON_PHONE, 500,
    UM_ERROR_DIALING_RULES, "DialingRulesException" },
  { "fault-DialingRules.PlayOnPhoneGreeting.xml", UM_OPERATION_PLAY_ON_PHONE_GREETING, 500,
    UM_ERROR_DIALING_RULES, "DialingRulesException" },
  { "fault-ErrorInvalidRequest.xml", UM_OPERATION_GET_UM_PROPERTIES, 500,
    UM_ERROR_INVALID_REQUEST, "ErrorInvalidRequest" },
  { "fault-InvalidCallId.Disconnect.xml", UM_OPERATION_DISCONNECT, 500,
    UM_ERROR_INVALID_CALL_ID, "InvalidCallIdException" },
  { "fault-InvalidCallId.GetCallInfo.xml", UM_OPERATION_GET_CALL_INFO, 500,
    UM_ERROR_INVALID_CALL_ID, "InvalidCallIdException" },
  { "fault-InvalidObjectId.PlayOnPhone.xml", UM_OPERATION_PLAY_ON_PHONE, 500,
    UM_ERROR_INVALID_OBJECT_ID, "InvalidObjectIdException" },
  { "fault-InvalidObjectId.PlayOnPhone.sec4.15.xml", UM_OPERATION_PLAY_ON_PHONE, 500,
    UM_ERROR_INVALID_OBJECT_ID, "InvalidObjectIdException" },
  { "corrected/fault-InvalidObjectId.PlayOnPhone.sec4.15.xml", UM_OPERATION_PLAY_ON_PHONE, 500,
    UM_ERROR_INVALID_OBJECT_ID, "InvalidObjectIdException" },
};

static char *
example_path (const char *file)
{
  return g_build_filename (hark_test_get_protocol_dir (), "examples", file, NULL);
}

static void
test_example (gconstpointer data)
{
  const ExampleCase *test = data;
  g_autofree char *path = example_path (test->file);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(UmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  body = g_bytes_new_take (g_steal_pointer (&contents), size);

  response = um_response_new (test->operation, body, test->status, 0, &error);
  if (response != NULL)
    result = hark_test_describe_response (response, &error);

  if (test->error == OK)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, test->expected);
    }
  else
    {
      g_assert_error (error, UM_ERROR, test->error);
      g_assert_cmpstr (um_error_get_server_code (error), ==, test->expected);
    }

  /* The examples of 4.2, 4.4 and 4.8 carry a ServerVersionInfo. */
  if (response != NULL && um_operation_get_endpoint (test->operation) == UM_ENDPOINT_EWS)
    {
      const UmServerVersion *version = um_response_get_server_version (response);

      g_assert_nonnull (version);
      g_assert_cmpint (version->major_version, ==, 14);
      g_assert_cmpint (version->minor_version, ==, 0);
      g_assert_cmpint (version->major_build_number, ==, 639);
      g_assert_cmpint (version->minor_build_number, ==, 20);
      g_assert_cmpstr (version->version, ==, "Exchange2013");
    }
}

static void
test_all_covered (void)
{
  g_autofree char *dir_path = g_build_filename (hark_test_get_protocol_dir (), "examples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint answers = 0;

  g_assert_nonnull (dir);

  /* Every answer the folder holds is a case above: none is skipped silently. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean covered = FALSE;

      if (!g_str_has_suffix (name, ".response.xml") && !g_str_has_prefix (name, "fault-"))
        continue;
      if (g_str_has_prefix (name, "autodiscover"))
        continue;

      answers++;
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        covered |= g_str_equal (cases[i].file, name);
      g_test_message ("%s", name);
      g_assert_true (covered);
    }

  g_assert_cmpuint (answers, ==, 21);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/um/examples/%s", cases[i].file);

      g_test_add_data_func (path, &cases[i], test_example);
    }
  g_test_add_func ("/um/examples/all-covered", test_all_covered);

  return g_test_run ();
}
