/* test-um-error.c: the one table from server answers to UM_ERROR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um.h"

static const struct {
  const char *operation;
  const char *server_code;
  const char *fault_string;
  UmError     expected;
} code_cases[] = {
  /* 2.2.2.1 */
  { NULL, "ErrorInvalidRequest", "The request is invalid.", UM_ERROR_INVALID_REQUEST },
  { NULL, "a:ErrorInvalidRequest", NULL, UM_ERROR_INVALID_REQUEST },
  { NULL, "ErrorSchemaValidation", NULL, UM_ERROR_SCHEMA_VALIDATION },
  /* 3.1.4.1, 3.1.4.3; 2.2.3.1 says "a:InvalidCallIdException" */
  { "Disconnect", "InvalidCallIdException", NULL, UM_ERROR_INVALID_CALL_ID },
  { "GetCallInfo", "a:InvalidCallIdException", NULL, UM_ERROR_INVALID_CALL_ID },
  /* 3.1.4.2, 3.1.4.4 */
  { "DisconnectPhoneCall", "ErrorInvalidPhoneCallId", NULL, UM_ERROR_INVALID_CALL_ID },
  { "GetPhoneCallInformation", "ErrorInvalidPhoneCallId", NULL, UM_ERROR_INVALID_CALL_ID },
  /* 3.1.4.7, 3.1.4.8, 4.15 */
  { "PlayOnPhone", "InvalidObjectIdException", NULL, UM_ERROR_INVALID_OBJECT_ID },
  { "PlayOnPhone2", "ErrorInvalidIdMalformed", "Id is malformed.", UM_ERROR_INVALID_OBJECT_ID },
  /* 3.1.4.7, 3.1.4.8, 3.1.4.9 */
  { "PlayOnPhone", "DialingRulesException", NULL, UM_ERROR_DIALING_RULES },
  { "PlayOnPhoneGreeting", "a:DialingRulesException", NULL, UM_ERROR_DIALING_RULES },
  { "PlayOnPhone2", "ErrorPhoneNumberNotDialable", NULL, UM_ERROR_DIALING_RULES },
  /* Not UM-enabled, busy, versions */
  { "GetUMProperties", "UserNotUmEnabledException", NULL, UM_ERROR_NOT_UM_ENABLED },
  { "PlayOnPhone2", "ErrorUserNotUnifiedMessagingEnabled", NULL, UM_ERROR_NOT_UM_ENABLED },
  { NULL, "ErrorServerBusy", NULL, UM_ERROR_SERVER_BUSY },
  { NULL, "ErrorInvalidServerVersion", NULL, UM_ERROR_NOT_SUPPORTED },
  /* Appendix C: Exchange 2007's soap:Server faults, told apart by their text */
  { "Disconnect", "Server",
    "The caller ID is not valid. ---> The caller ID is not valid. ---> Invalid character in a "
    "Base-64 string.", UM_ERROR_INVALID_CALL_ID },
  { "GetCallInfo", "soap:Server",
    "The caller ID is not valid. ---> The caller ID is not valid. ---> Invalid character in a "
    "Base-64 string.", UM_ERROR_INVALID_CALL_ID },
  { "PlayOnPhone", "Server",
    "The caller ID is not valid. ---> The caller ID is not valid. ---> Invalid character in a "
    "Base-64 string.", UM_ERROR_INVALID_OBJECT_ID },
  { "PlayOnPhone", "Server",
    "The object identifier is not valid. ---> The object identifier is not valid. ---> Invalid "
    "character in a Base-64 string.", UM_ERROR_INVALID_OBJECT_ID },
  { "PlayOnPhoneGreeting", "Server",
    "The telephone number cannot be dialed as specified. Check the outbound dialing "
    "configuration. ---> The telephone number cannot be dialed as specified. Check the outbound "
    "dialing configuration.", UM_ERROR_DIALING_RULES },
  /* Unknown codes and texts */
  { "ResetPIN", "ErrorInternalServerError", "An internal server error occurred.",
    UM_ERROR_SERVER },
  { NULL, "Server", "Something else went wrong.", UM_ERROR_SERVER },
  { NULL, NULL, NULL, UM_ERROR_SERVER },
};

static void
test_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_cases); i++)
    {
      g_test_message ("%s %s", code_cases[i].operation, code_cases[i].server_code);
      g_assert_cmpint (um_error_code_for_server_code (code_cases[i].operation,
                                                      code_cases[i].server_code,
                                                      code_cases[i].fault_string),
                       ==, code_cases[i].expected);
    }
}

static void
test_http (void)
{
  static const struct {
    guint   status;
    UmError expected;
  } cases[] = {
    { 401, UM_ERROR_AUTH_FAILED },
    { 403, UM_ERROR_HTTP },
    { 404, UM_ERROR_NOT_SUPPORTED },
    { 405, UM_ERROR_NOT_SUPPORTED },
    { 500, UM_ERROR_HTTP },
    { 501, UM_ERROR_NOT_SUPPORTED },
    { 502, UM_ERROR_HTTP },
    { 503, UM_ERROR_SERVER_BUSY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (um_error_code_for_http_status (cases[i].status), ==, cases[i].expected);
}

static void
test_server_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) plain = NULL;

  error = um_error_new_from_server (UM_ERROR_INVALID_CALL_ID, "ErrorInvalidPhoneCallId",
                                    "  The phone call ID isn't valid.\n", 200);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_assert_cmpstr (error->message, ==, "The phone call ID isn't valid.");
  g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorInvalidPhoneCallId");
  g_assert_cmpstr (um_error_get_server_message (error), ==, "The phone call ID isn't valid.");
  g_assert_cmpuint (um_error_get_http_status (error), ==, 200);

  /* The details survive g_error_copy (an extended error domain). */
  copy = g_error_copy (error);
  g_assert_cmpstr (um_error_get_server_code (copy), ==, "ErrorInvalidPhoneCallId");
  g_assert_cmpuint (um_error_get_http_status (copy), ==, 200);

  /* Without a text the message says what the code means, and the status. */
  plain = um_error_new_from_server (UM_ERROR_HTTP, NULL, NULL, 502);
  g_assert_cmpstr (plain->message, ==, "The server answered with an HTTP error (HTTP 502)");
  g_assert_null (um_error_get_server_code (plain));
}

static void
test_nicks (void)
{
  g_assert_cmpstr (um_error_code_to_nick (UM_ERROR_INVALID_CALL_ID), ==, "invalid-call-id");
  g_assert_cmpstr (um_error_code_to_nick (UM_ERROR_AUTH_FAILED), ==, "auth-failed");
  g_assert_cmpstr (um_error_code_to_nick (UM_ERROR_MALFORMED_RESPONSE), ==,
                   "malformed-response");

  /* Other domains have no UM details. */
  {
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_null (um_error_get_server_code (io));
    g_assert_cmpuint (um_error_get_http_status (io), ==, 0);
  }
}

static void
test_wire_names (void)
{
  static const char *const states[] = {
    "Idle", "Connecting", "Alerted", "Connected", "Disconnected", "Incoming", "Transferring",
    "Forwarding",
  };
  static const char *const causes[] = { "None", "UserBusy", "NoAnswer", "Unavailable", "Other" };
  UmCallState state;
  UmCallCause cause;
  UmGreetingType greeting;

  /* Every value of UMCallState / PhoneCallStateType, in schema order. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_assert_cmpstr (um_call_state_to_wire (i), ==, states[i]);
      g_assert_true (um_call_state_from_wire (states[i], &state));
      g_assert_cmpint (state, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (causes); i++)
    {
      g_assert_cmpstr (um_call_cause_to_wire (i), ==, causes[i]);
      g_assert_true (um_call_cause_from_wire (causes[i], &cause));
      g_assert_cmpint (cause, ==, i);
    }

  g_assert_cmpstr (um_greeting_type_to_wire (UM_GREETING_TYPE_NORMAL_CUSTOM), ==, "NormalCustom");
  g_assert_cmpstr (um_greeting_type_to_wire (UM_GREETING_TYPE_OOF_CUSTOM), ==, "OofCustom");
  g_assert_true (um_greeting_type_from_wire ("OofCustom", &greeting));
  g_assert_cmpint (greeting, ==, UM_GREETING_TYPE_OOF_CUSTOM);

  g_assert_true (um_call_state_from_wire ("\n  Connected ", &state));
  g_assert_cmpint (state, ==, UM_CALL_STATE_CONNECTED);
  g_assert_false (um_call_state_from_wire ("connected", &state));
  g_assert_false (um_call_state_from_wire (NULL, &state));
  g_assert_false (um_call_cause_from_wire ("Busy", &cause));

  g_assert_true (um_call_state_is_final (UM_CALL_STATE_DISCONNECTED));
  g_assert_true (um_call_state_is_final (UM_CALL_STATE_IDLE));
  g_assert_false (um_call_state_is_final (UM_CALL_STATE_CONNECTING));
  g_assert_false (um_call_state_is_final (UM_CALL_STATE_CONNECTED));
}

static void
test_boxed_types (void)
{
  g_autoptr(UmCallInfo) info = um_call_info_new (UM_CALL_STATE_DISCONNECTED,
                                                 UM_CALL_CAUSE_USER_BUSY);
  g_autoptr(UmCallInfo) info_copy = NULL;
  g_autoptr(UmProperties) properties = um_properties_new ();
  g_autoptr(UmProperties) properties_copy = NULL;

  info->has_sip_response = TRUE;
  info->sip_response_code = 486;
  info->sip_response_text = g_strdup ("Busy Here");
  info_copy = um_call_info_copy (info);
  g_assert_true (um_call_info_equal (info, info_copy));
  info_copy->sip_response_code = 200;
  g_assert_false (um_call_info_equal (info, info_copy));

  properties->play_on_phone_dial_string = g_strdup ("12345");
  properties->telephone_access_numbers = g_strsplit ("1,2", ",", -1);
  properties_copy = um_properties_copy (properties);
  g_assert_cmpstr (properties_copy->play_on_phone_dial_string, ==, "12345");
  g_assert_cmpstrv (properties_copy->telephone_access_numbers,
                    ((const char *const[]) { "1", "2", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/error/server-codes", test_codes);
  g_test_add_func ("/um/error/http-status", test_http);
  g_test_add_func ("/um/error/server-details", test_server_details);
  g_test_add_func ("/um/error/nicks", test_nicks);
  g_test_add_func ("/um/types/wire-names", test_wire_names);
  g_test_add_func ("/um/types/boxed", test_boxed_types);

  return g_test_run ();
}
