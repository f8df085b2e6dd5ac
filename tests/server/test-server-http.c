/* test-server-http.c: the reference server seen from raw HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests written by hand and sent with a plain SoupSession, not the Um
 * client: the server is checked on its own, against the spec's facts.
 */

#include "config.h"

#include "hark-test.h"

#include "invalid-requests.h"

/* 2.2.2.1, as the spec's example writes it; ErrorSchemaValidation in the same
 * shape with the texts 2.2.2.1 gives for it. */
#define REQUEST_FAULT(code, text) \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"" NS_S "\"><s:Body><s:Fault>" \
  "<faultcode xmlns:a=\"" NS_T "\">a:" code "</faultcode>" \
  "<faultstring xml:lang=\"en-US\">" text "</faultstring><detail>" \
  "<e:ResponseCode xmlns:e=\"" NS_E "\">" code "</e:ResponseCode>" \
  "<e:Message xmlns:e=\"" NS_E "\">" text "</e:Message></detail></s:Fault></s:Body></s:Envelope>"
#define INVALID_REQUEST_FAULT REQUEST_FAULT ("ErrorInvalidRequest", "The request is invalid.")
#define SCHEMA_FAULT \
  REQUEST_FAULT ("ErrorSchemaValidation", "The request failed schema validation.")

/* 3.1.4.1, 3.1.4.3, 3.1.4.8 and 3.1.4.9 */
#define EXCEPTION_FAULT(code, text, detail_prefix) \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"" NS_S "\"><s:Body><s:Fault>" \
  "<faultcode xmlns:a=\"" NS_E "\">a:" code "</faultcode>" \
  "<faultstring xml:lang=\"en-US\">" text "</faultstring><detail>" \
  "<" detail_prefix "ExceptionType xmlns:m=\"" NS_M "\">" code "</" detail_prefix "ExceptionType>" \
  "</detail></s:Fault></s:Body></s:Envelope>"

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  SoupSession     *session;
  char            *authorization;
  guint            status;
  char            *allow;
  char            *authenticate;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *credentials = g_strconcat (HARK_TEST_USER, ":", HARK_TEST_PASSWORD, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));

  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
  f->session = soup_session_new ();
  f->authorization = g_strconcat ("Basic ", encoded, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_pointer (&f->authorization, g_free);
  g_clear_pointer (&f->allow, g_free);
  g_clear_pointer (&f->authenticate, g_free);
}

static char *
send_full (Fixture    *f,
           const char *method,
           const char *path,
           const char *content_type,
           const char *soap_action,
           const char *authorization,
           const char *body)
{
  g_autofree char *url = g_strconcat (um_server_get_url (f->server), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  SoupMessageHeaders *response_headers;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }
  if (soap_action != NULL)
    soup_message_headers_replace (headers, "SOAPAction", soap_action);
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);

  soup_session_send_and_read_async (f->session, message, G_PRIORITY_DEFAULT, NULL,
                                    HARK_TEST_CB (&result));
  response = soup_session_send_and_read_finish (f->session, hark_test_wait_result (&result),
                                                &error);
  g_assert_no_error (error);

  f->status = soup_message_get_status (message);
  response_headers = soup_message_get_response_headers (message);
  g_free (f->allow);
  f->allow = g_strdup (soup_message_headers_get_one (response_headers, "Allow"));
  g_free (f->authenticate);
  f->authenticate = g_strdup (soup_message_headers_get_one (response_headers, "WWW-Authenticate"));
  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

static char *
post (Fixture    *f,
      const char *path,
      const char *soap_action,
      const char *body)
{
  return send_full (f, "POST", path, "text/xml; charset=utf-8", soap_action, f->authorization,
                    body);
}

static void
assert_same_xml (const char *actual,
                 const char *expected)
{
  g_autofree char *a = hark_test_canonical_xml (actual, strlen (actual));
  g_autofree char *b = hark_test_canonical_xml (expected, strlen (expected));

  g_assert_cmpstr (a, ==, b);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const char *const bodies[] = {
    "<",
    "not XML at all",
    "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><IsUMEnabled xmlns=\"" NS_M "\"/>",
    "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body></soap:Envelope></soap:Body>",
    REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\">&undefined;</IsUMEnabled>"),
    REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\"/>") "<trailing/>",
    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaaaaaaaa\">"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
    REQUEST ("<SetPlayOnPhoneDialString xmlns=\"" NS_M "\"><dialString>&d;</dialString>"
             "</SetPlayOnPhoneDialString>"),
    "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
    REQUEST ("<SetPlayOnPhoneDialString xmlns=\"" NS_M "\"><dialString>&x;</dialString>"
             "</SetPlayOnPhoneDialString>"),
  };

  /* Every operation of both endpoints, by its SOAPAction (3.1.4.x: "A SOAP fault
   * MUST be returned if the ... request XML is malformed"). */
  static const struct {
    const char *path;
    const char *action;
  } operations[] = {
    { LEGACY, ACTION ("IsUMEnabled") }, { LEGACY, ACTION ("GetUMProperties") },
    { LEGACY, ACTION ("SetOofStatus") }, { LEGACY, ACTION ("SetMissedCallNotificationEnabled") },
    { LEGACY, ACTION ("SetPlayOnPhoneDialString") },
    { LEGACY, ACTION ("SetTelephoneAccessFolderEmail") }, { LEGACY, ACTION ("ResetPIN") },
    { LEGACY, ACTION ("PlayOnPhone") }, { LEGACY, ACTION ("PlayOnPhoneGreeting") },
    { LEGACY, ACTION ("GetCallInfo") }, { LEGACY, ACTION ("Disconnect") },
    { EWS, ACTION ("PlayOnPhone") }, { EWS, ACTION ("GetPhoneCallInformation") },
    { EWS, ACTION ("DisconnectPhoneCall") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (operations); j++)
        {
          g_autofree char *response = post (f, operations[j].path, operations[j].action,
                                            bodies[i]);

          g_test_message ("body %u, %s", i, operations[j].action);
          g_assert_cmpuint (f->status, ==, 500);
          assert_same_xml (response, INVALID_REQUEST_FAULT);
        }
    }

  /* Nothing was changed by the entity attempts. */
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "+1-425-555-0123");
}

static void
test_schema_invalid (Fixture       *f,
                     gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_requests); i++)
    {
      g_autofree char *response = post (f, invalid_requests[i].path, ACTION ("IsUMEnabled"),
                                        invalid_requests[i].body);

      g_test_message ("case %u", i);
      g_assert_cmpuint (f->status, ==, 500);
      assert_same_xml (response, SCHEMA_FAULT);
    }
  g_assert_cmpuint (um_server_phone_get_n_calls (um_server_get_phone (f->server)), ==, 0);
}

static void
test_not_one_operation (Fixture       *f,
                        gconstpointer  data)
{
  static const char *const bodies[] = {
    REQUEST (""),
    REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\"/><IsUMEnabled xmlns=\"" NS_M "\"/>"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *response = post (f, LEGACY, ACTION ("IsUMEnabled"), bodies[i]);

      g_assert_cmpuint (f->status, ==, 500);
      assert_same_xml (response, INVALID_REQUEST_FAULT);
    }
}

static void
test_soap_action (Fixture       *f,
                  gconstpointer  data)
{
  static const char body[] = REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\"/>");
  static const char *const wrong[] = {
    NULL,
    "",
    ACTION ("GetUMProperties"),
    "\"http://schemas.microsoft.com/exchange/services/2006/types/IsUMEnabled\"",
  };
  static const char *const right[] = {
    ACTION ("IsUMEnabled"),
    "http://schemas.microsoft.com/exchange/services/2006/messages/IsUMEnabled",
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *response = post (f, LEGACY, wrong[i], body);

      g_assert_cmpuint (f->status, ==, 500);
      assert_same_xml (response, INVALID_REQUEST_FAULT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (right); i++)
    {
      g_autofree char *response = post (f, LEGACY, right[i], body);

      g_assert_cmpuint (f->status, ==, 200);
      g_assert_nonnull (strstr (response, "<IsUMEnabledResponse>true</IsUMEnabledResponse>"));
    }
}

static void
test_http_level (Fixture       *f,
                 gconstpointer  data)
{
  static const char body[] = REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\"/>");
  g_autofree char *get = NULL;
  g_autofree char *json = NULL;
  g_autofree char *anonymous = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *unknown_user = NULL;
  g_autofree char *other_path = NULL;

  get = send_full (f, "GET", LEGACY, NULL, NULL, f->authorization, NULL);
  g_assert_cmpuint (f->status, ==, 405);
  g_assert_cmpstr (f->allow, ==, "POST");

  json = send_full (f, "POST", LEGACY, "application/json", ACTION ("IsUMEnabled"),
                    f->authorization, "{}");
  g_assert_cmpuint (f->status, ==, 415);

  /* The server does not let unauthenticated clients in (1.7). */
  anonymous = send_full (f, "POST", LEGACY, "text/xml", ACTION ("IsUMEnabled"), NULL, body);
  g_assert_cmpuint (f->status, ==, 401);
  g_assert_true (g_str_has_prefix (f->authenticate, "Basic "));

  wrong = send_full (f, "POST", EWS, "text/xml", ACTION ("IsUMEnabled"),
                     "Basic YWxpY2U6d3Jvbmc=", body);
  g_assert_cmpuint (f->status, ==, 401);

  unknown_user = send_full (f, "POST", EWS, "text/xml", ACTION ("IsUMEnabled"),
                            "Basic bWFsbG9yeTpzM2NyZXQ=", body);
  g_assert_cmpuint (f->status, ==, 401);

  other_path = send_full (f, "POST", "/EWS/Other.asmx", "text/xml", ACTION ("IsUMEnabled"),
                          f->authorization, body);
  g_assert_cmpuint (f->status, ==, 404);

  /* None of them reached an operation. */
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, 2);
}

static void
test_exact_faults (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *disconnect = NULL;
  g_autofree char *get_call_info = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *dialing = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *folder_before =
    g_strdup (um_server_account_get_telephone_access_folder (f->account));

  disconnect = post (f, LEGACY, ACTION ("Disconnect"),
                     REQUEST ("<Disconnect xmlns=\"" NS_M "\"><CallId>Tm8=</CallId></Disconnect>"));
  g_assert_cmpuint (f->status, ==, 500);
  assert_same_xml (disconnect, EXCEPTION_FAULT ("InvalidCallIdException",
                                                "The call identifier isn't valid.", "m:"));

  /* A missing CallId is as wrong as an unknown one (3.1.4.1.2.1). */
  g_clear_pointer (&disconnect, g_free);
  disconnect = post (f, LEGACY, ACTION ("Disconnect"),
                     REQUEST ("<Disconnect xmlns=\"" NS_M "\"/>"));
  assert_same_xml (disconnect, EXCEPTION_FAULT ("InvalidCallIdException",
                                                "The call identifier isn't valid.", "m:"));

  /* 3.1.4.3's example has ExceptionType in no namespace. */
  get_call_info = post (f, LEGACY, ACTION ("GetCallInfo"),
                        REQUEST ("<GetCallInfo xmlns=\"" NS_M "\"><CallId>Tm8=</CallId>"
                                 "</GetCallInfo>"));
  assert_same_xml (get_call_info, EXCEPTION_FAULT ("InvalidCallIdException",
                                                   "The call identifier isn't valid.", ""));

  object_id = post (f, LEGACY, ACTION ("PlayOnPhone"),
                    REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><entryId>INVALID_ENTRY_ID</entryId>"
                             "<DialString>12345</DialString></PlayOnPhone>"));
  assert_same_xml (object_id, EXCEPTION_FAULT ("InvalidObjectIdException",
                                               "The object identifier isn't valid.", "m:"));

  {
    g_autofree char *body =
      g_strdup_printf (REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><entryId>%s</entryId>"
                                "<DialString>+1-900-555-0100</DialString></PlayOnPhone>"),
                       hark_test_first_voicemail (f->account)->entry_id);

    dialing = post (f, LEGACY, ACTION ("PlayOnPhone"), body);
  }
  assert_same_xml (dialing, EXCEPTION_FAULT ("DialingRulesException",
                                             "Dialing restrictions are preventing the phone "
                                             "number that was entered from being dialed.", "m:"));

  greeting = post (f, LEGACY, ACTION ("PlayOnPhoneGreeting"),
                   REQUEST ("<PlayOnPhoneGreeting xmlns=\"" NS_M "\"><GreetingType>OofCustom"
                            "</GreetingType></PlayOnPhoneGreeting>"));
  assert_same_xml (greeting, EXCEPTION_FAULT ("DialingRulesException",
                                              "Dialing restrictions are preventing the phone "
                                              "number that was entered from being dialed.", "m:"));
  /* Elements section 3 requires and Appendix B leaves optional: each gets
   * the fault of its operation. */
  {
    static const struct {
      const char *action;
      const char *request;
      const char *fault;
    } missing[] = {
      { ACTION ("GetCallInfo"), REQUEST ("<GetCallInfo xmlns=\"" NS_M "\"/>"),
        EXCEPTION_FAULT ("InvalidCallIdException", "The call identifier isn't valid.", "") },
      { ACTION ("PlayOnPhone"),
        REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><DialString>12345</DialString></PlayOnPhone>"),
        EXCEPTION_FAULT ("InvalidObjectIdException", "The object identifier isn't valid.", "m:") },
      { ACTION ("SetTelephoneAccessFolderEmail"),
        REQUEST ("<SetTelephoneAccessFolderEmail xmlns=\"" NS_M "\"/>"),
        EXCEPTION_FAULT ("InvalidObjectIdException", "The object identifier isn't valid.", "m:") },
      { ACTION ("SetTelephoneAccessFolderEmail"),
        REQUEST ("<SetTelephoneAccessFolderEmail xmlns=\"" NS_M "\"><base64FolderId>Inbox"
                 "</base64FolderId></SetTelephoneAccessFolderEmail>"),
        EXCEPTION_FAULT ("InvalidObjectIdException", "The object identifier isn't valid.", "m:") },
      { ACTION ("SetPlayOnPhoneDialString"),
        REQUEST ("<SetPlayOnPhoneDialString xmlns=\"" NS_M "\"/>"),
        EXCEPTION_FAULT ("DialingRulesException",
                         "Dialing restrictions are preventing the phone number that was entered "
                         "from being dialed.", "m:") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
      {
        g_autofree char *response = post (f, LEGACY, missing[i].action, missing[i].request);

        g_test_message ("%s", missing[i].action);
        g_assert_cmpuint (f->status, ==, 500);
        assert_same_xml (response, missing[i].fault);
      }

    /* ...and the entryId of an item with no DialString: dialing rules. */
    {
      g_autofree char *body =
        g_strdup_printf (REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><entryId>%s</entryId>"
                                  "</PlayOnPhone>"),
                         hark_test_first_voicemail (f->account)->entry_id);
      g_autofree char *response = post (f, LEGACY, ACTION ("PlayOnPhone"), body);

      assert_same_xml (response, EXCEPTION_FAULT ("DialingRulesException",
                                                  "Dialing restrictions are preventing the phone "
                                                  "number that was entered from being dialed.",
                                                  "m:"));
    }
  }

  /* Nothing refused was kept. */
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==, folder_before);
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "+1-425-555-0123");
  g_assert_cmpuint (um_server_phone_get_n_calls (um_server_get_phone (f->server)), ==, 0);
}

/* The bodies 3.1.4.7 says the answer MUST match; the other EWS errors in the
 * same shape (3.1.4.2, 3.1.4.4), with no PhoneCallInformation (3.1.4.4.3.2). */
#define EWS_ERROR_BODY_OF(element, code, text) \
  "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" \
  " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">" \
  "<" element " ResponseClass=\"Error\" xmlns=\"" NS_M "\">" \
  "<MessageText>" text "</MessageText><ResponseCode>" code "</ResponseCode>" \
  "<DescriptiveLinkKey>0</DescriptiveLinkKey></" element "></s:Body>"
#define EWS_ERROR_BODY(code, text) EWS_ERROR_BODY_OF ("PlayOnPhoneResponse", code, text)

static void
assert_same_body (const char *response,
                  const char *expected_body)
{
  const char *start = strstr (response, "<s:Body");
  const char *end = strstr (response, "</s:Body>");
  g_autofree char *body = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  body = g_strndup (start, end + strlen ("</s:Body>") - start);
  wrapped = g_strdup_printf ("<s:Envelope xmlns:s=\"" NS_S "\">%s</s:Envelope>", body);
  expected = g_strdup_printf ("<s:Envelope xmlns:s=\"" NS_S "\">%s</s:Envelope>", expected_body);
  assert_same_xml (wrapped, expected);
}

static void
test_exact_ews_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *malformed = NULL;
  g_autofree char *not_dialable = NULL;
  g_autofree char *body = NULL;

  malformed = post (f, EWS, ACTION ("PlayOnPhone"),
                    EWS_REQUEST ("<m:PlayOnPhone><m:ItemId Id=\"AkAjzQTbY/i=\"/>"
                                 "<m:DialString>5555551212</m:DialString></m:PlayOnPhone>"));
  g_assert_cmpuint (f->status, ==, 200);
  assert_same_body (malformed, EWS_ERROR_BODY ("ErrorInvalidIdMalformed", "Id is malformed."));

  body = g_strdup_printf (EWS_REQUEST ("<m:PlayOnPhone><m:ItemId Id=\"%s\"/>"
                                       "<m:DialString>1-900-555-0100</m:DialString>"
                                       "</m:PlayOnPhone>"),
                          hark_test_first_voicemail (f->account)->id);
  not_dialable = post (f, EWS, ACTION ("PlayOnPhone"), body);
  assert_same_body (not_dialable,
                    EWS_ERROR_BODY ("ErrorPhoneNumberNotDialable",
                                    "Dialing restrictions are preventing the phone number that "
                                    "was entered from being dialed."));

  {
    g_autofree char *information = NULL;
    g_autofree char *disconnect = NULL;

    information = post (f, EWS, ACTION ("GetPhoneCallInformation"),
                        EWS_REQUEST ("<m:GetPhoneCallInformation><m:PhoneCallId Id=\"Tm8=\"/>"
                                     "</m:GetPhoneCallInformation>"));
    g_assert_cmpuint (f->status, ==, 200);
    assert_same_body (information,
                      EWS_ERROR_BODY_OF ("GetPhoneCallInformationResponse",
                                         "ErrorInvalidPhoneCallId",
                                         "The phone call ID isn't valid."));

    disconnect = post (f, EWS, ACTION ("DisconnectPhoneCall"),
                       EWS_REQUEST ("<m:DisconnectPhoneCall><m:PhoneCallId Id=\"Tm8=\"/>"
                                    "</m:DisconnectPhoneCall>"));
    assert_same_body (disconnect,
                      EWS_ERROR_BODY_OF ("DisconnectPhoneCallResponse", "ErrorInvalidPhoneCallId",
                                         "The phone call ID isn't valid."));
  }
}

static void
test_properties_presence (Fixture       *f,
                          gconstpointer  data)
{
  static const char request[] = REQUEST ("<GetUMProperties xmlns=\"" NS_M "\"/>");
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;

  with = post (f, LEGACY, ACTION ("GetUMProperties"), request);
  g_assert_nonnull (strstr (with, "<TelephoneAccessNumbers>"));

  /* TelephoneAccessNumbers MUST NOT be present when unset; the dial string
   * and the folder MUST be, even empty (3.1.4.5.3.1). */
  um_server_account_set_telephone_access_numbers (f->account, NULL);
  um_server_account_set_play_on_phone_dial_string (f->account, NULL);
  um_server_account_set_telephone_access_folder (f->account, NULL);
  without = post (f, LEGACY, ACTION ("GetUMProperties"), request);
  g_assert_null (strstr (without, "TelephoneAccessNumbers"));
  g_assert_nonnull (strstr (without, "<PlayOnPhoneDialString></PlayOnPhoneDialString>"));
  g_assert_nonnull (strstr (without, "<TelephoneAccessFolderEmail></TelephoneAccessFolderEmail>"));
}

static void
test_log_dir (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *path = NULL;

  um_server_set_log_dir (f->server, dir);
  one = post (f, LEGACY, ACTION ("ResetPIN"), REQUEST ("<ResetPIN xmlns=\"" NS_M "\"/>"));
  two = post (f, EWS, ACTION ("PlayOnPhone"),
              EWS_REQUEST ("<m:PlayOnPhone><m:ItemId Id=\"QUJD\"/><m:DialString>1"
                           "</m:DialString></m:PlayOnPhone>"));
  three = post (f, LEGACY, ACTION ("ResetPIN"), "<oops");

  for (guint i = 0; i < 6; i++)
    {
      static const char *const names[] = {
        "0001-ResetPIN.request.xml", "0001-ResetPIN.response.xml",
        "0002-PlayOnPhone2.request.xml", "0002-PlayOnPhone2.response.xml",
        "0003-malformed.request.xml", "0003-malformed.response.xml",
      };

      g_clear_pointer (&path, g_free);
      path = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  g_file_get_contents (path, &logged, NULL, NULL);
  g_assert_cmpstr (logged, ==, three);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/http/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("malformed", test_malformed);
  ADD ("schema-invalid", test_schema_invalid);
  ADD ("not-one-operation", test_not_one_operation);
  ADD ("soap-action", test_soap_action);
  ADD ("http-level", test_http_level);
  ADD ("exact-faults", test_exact_faults);
  ADD ("exact-ews-errors", test_exact_ews_errors);
  ADD ("properties-presence", test_properties_presence);
  ADD ("log-dir", test_log_dir);

#undef ADD

  return g_test_run ();
}
