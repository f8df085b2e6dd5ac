/* test-um-response.c: the response reader, on Hark's own fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the facts of [MS-OXWUMS] (element names, namespaces, fault
 * forms of 2.2.2.1, 3.1.4.x, 4.15 and Appendix C) in every shape a server may
 * legitimately use, and the shapes a broken or hostile one may send. The
 * spec's own examples are read by test-um-examples.
 */

#include "config.h"

#include "hark-test-describe.h"

#define NS_S "http://schemas.xmlsoap.org/soap/envelope/"
#define NS_M "http://schemas.microsoft.com/exchange/services/2006/messages"
#define NS_T "http://schemas.microsoft.com/exchange/services/2006/types"
#define NS_E "http://schemas.microsoft.com/exchange/services/2006/errors"

#define ENVELOPE_NO_DECLARATION(body) \
  "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body>" body "</soap:Body></soap:Envelope>"

#define ENVELOPE(body) \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>" ENVELOPE_NO_DECLARATION (body)

#define EWS_ENVELOPE(body) \
  "<s:Envelope xmlns:s=\"" NS_S "\"><s:Header>" \
  "<h:ServerVersionInfo xmlns:h=\"" NS_T "\" MajorVersion=\"15\" MinorVersion=\"1\"" \
  " MajorBuildNumber=\"2507\" MinorBuildNumber=\"6\" Version=\"V2017_07_11\"/>" \
  "</s:Header><s:Body>" body "</s:Body></s:Envelope>"

#define FAULT(code, string, detail) \
  ENVELOPE ("<soap:Fault>" code "<faultstring xml:lang=\"en-US\">" string "</faultstring>" \
            "<detail>" detail "</detail></soap:Fault>")

#define BILLION_LAUGHS \
  "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">" \
  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" \
  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">" \
  "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">" \
  "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">" \
  "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">" \
  "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">" \
  "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">" \
  "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>" \
  "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><IsUMEnabledResponse xmlns=\"" NS_M "\">" \
  "<IsUMEnabledResponse>&lol9;</IsUMEnabledResponse></IsUMEnabledResponse></soap:Body>" \
  "</soap:Envelope>"

#define EXTERNAL_ENTITY \
  "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" \
  "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body><PlayOnPhoneResponse xmlns=\"" NS_M "\">" \
  "<PlayOnPhoneResponse>&xxe;</PlayOnPhoneResponse></PlayOnPhoneResponse></soap:Body>" \
  "</soap:Envelope>"

typedef struct {
  const char  *name;
  UmOperation  operation;
  guint        status;
  const char  *body;
  UmError      error;        /* expected error code, or -1 for success */
  const char  *expected;     /* the result described, or the server code on errors */
  const char  *message;      /* the error's message, if it matters */
} ReaderCase;

#define OK -1

static const ReaderCase cases[] = {
  /* IsUMEnabled: prefixes, whitespace, declarations, extra elements */
  { "is-um-enabled", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>true"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), OK, "true" },
  { "any-prefixes", UM_OPERATION_IS_UM_ENABLED, 200,
    "<E:Envelope xmlns:E=\"" NS_S "\"><E:Body><um:IsUMEnabledResponse xmlns:um=\"" NS_M "\">"
    "<um:IsUMEnabledResponse>false</um:IsUMEnabledResponse></um:IsUMEnabledResponse>"
    "</E:Body></E:Envelope>", OK, "false" },
  { "whitespace-comments-no-declaration", UM_OPERATION_IS_UM_ENABLED, 200,
    "\n<!-- a server's comment -->\n<soap:Envelope xmlns:soap=\"" NS_S "\">\n  <soap:Body>\n"
    "    <IsUMEnabledResponse xmlns=\"" NS_M "\">\n      <IsUMEnabledResponse>\n   1\n"
    "      </IsUMEnabledResponse>\n    </IsUMEnabledResponse>\n  </soap:Body>\n"
    "</soap:Envelope>\n", OK, "true" },
  { "unknown-extra-elements", UM_OPERATION_IS_UM_ENABLED, 200,
    "<soap:Envelope xmlns:soap=\"" NS_S "\" xmlns:x=\"urn:x\"><soap:Header><x:Trace id=\"1\"/>"
    "</soap:Header><soap:Body><x:Before/><IsUMEnabledResponse xmlns=\"" NS_M "\">"
    "<Extension>ignored</Extension><IsUMEnabledResponse>0</IsUMEnabledResponse>"
    "<x:After/></IsUMEnabledResponse></soap:Body><x:Trailer/></soap:Envelope>", OK, "false" },
  { "cdata", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse><![CDATA[true]]>"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), OK, "true" },
  { "utf-16", UM_OPERATION_IS_UM_ENABLED, 200, NULL /* built in code */, OK, "true" },
  { "wrong-namespace", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_T "\"><IsUMEnabledResponse>true"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"),
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has no IsUMEnabledResponse" },
  { "missing-value", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"/>"), UM_ERROR_MALFORMED_RESPONSE },
  { "not-boolean", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>yes"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), UM_ERROR_MALFORMED_RESPONSE },
  { "element-in-value", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse><b>true</b>"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), UM_ERROR_MALFORMED_RESPONSE },

  /* GetUMProperties (3.1.4.5.3.1) */
  { "properties", UM_OPERATION_GET_UM_PROPERTIES, 200,
    ENVELOPE ("<GetUMPropertiesResponse xmlns=\"" NS_M "\"><GetUMPropertiesResponse>"
              "<OofStatus>true</OofStatus>"
              "<MissedCallNotificationEnabled>false</MissedCallNotificationEnabled>"
              "<PlayOnPhoneDialString>+1-425-555-0123</PlayOnPhoneDialString>"
              "<TelephoneAccessNumbers>54321, +1 425 555 0199 ,,</TelephoneAccessNumbers>"
              "<TelephoneAccessFolderEmail> AAAAAA== </TelephoneAccessFolderEmail>"
              "</GetUMPropertiesResponse></GetUMPropertiesResponse>"),
    OK, "oof=1 missed=0 dial=+1-425-555-0123 numbers=[54321|+1 425 555 0199] folder=AAAAAA==" },
  { "properties-absent-values", UM_OPERATION_GET_UM_PROPERTIES, 200,
    ENVELOPE ("<GetUMPropertiesResponse xmlns=\"" NS_M "\"><GetUMPropertiesResponse>"
              "<OofStatus>false</OofStatus>"
              "<MissedCallNotificationEnabled>true</MissedCallNotificationEnabled>"
              "</GetUMPropertiesResponse></GetUMPropertiesResponse>"),
    OK, "oof=0 missed=1 dial=(null) numbers=(null) folder=(null)" },
  { "properties-empty-values", UM_OPERATION_GET_UM_PROPERTIES, 200,
    ENVELOPE ("<GetUMPropertiesResponse xmlns=\"" NS_M "\"><GetUMPropertiesResponse>"
              "<OofStatus>false</OofStatus>"
              "<MissedCallNotificationEnabled>true</MissedCallNotificationEnabled>"
              "<PlayOnPhoneDialString></PlayOnPhoneDialString><TelephoneAccessNumbers> , "
              "</TelephoneAccessNumbers><TelephoneAccessFolderEmail>  </TelephoneAccessFolderEmail>"
              "</GetUMPropertiesResponse></GetUMPropertiesResponse>"),
    OK, "oof=0 missed=1 dial=(null) numbers=[] folder=(null)" },
  { "properties-missing-oof", UM_OPERATION_GET_UM_PROPERTIES, 200,
    ENVELOPE ("<GetUMPropertiesResponse xmlns=\"" NS_M "\"><GetUMPropertiesResponse>"
              "<MissedCallNotificationEnabled>true</MissedCallNotificationEnabled>"
              "</GetUMPropertiesResponse></GetUMPropertiesResponse>"),
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has no valid OofStatus" },
  { "properties-missing-inner", UM_OPERATION_GET_UM_PROPERTIES, 200,
    ENVELOPE ("<GetUMPropertiesResponse xmlns=\"" NS_M "\"/>"), UM_ERROR_MALFORMED_RESPONSE },

  /* Call ids */
  { "play-on-phone", UM_OPERATION_PLAY_ON_PHONE, 200,
    ENVELOPE ("<PlayOnPhoneResponse xmlns=\"" NS_M "\"><PlayOnPhoneResponse>\n  Y2FsbA==\n"
              "</PlayOnPhoneResponse></PlayOnPhoneResponse>"), OK, "Y2FsbA==" },
  { "play-on-phone-empty-id", UM_OPERATION_PLAY_ON_PHONE, 200,
    ENVELOPE ("<PlayOnPhoneResponse xmlns=\"" NS_M "\"><PlayOnPhoneResponse/>"
              "</PlayOnPhoneResponse>"), UM_ERROR_MALFORMED_RESPONSE },
  { "play-on-phone-greeting", UM_OPERATION_PLAY_ON_PHONE_GREETING, 200,
    ENVELOPE ("<m:PlayOnPhoneGreetingResponse xmlns:m=\"" NS_M "\"><m:PlayOnPhoneGreetingResponse>"
              "Z3JlZXRpbmc=</m:PlayOnPhoneGreetingResponse></m:PlayOnPhoneGreetingResponse>"),
    OK, "Z3JlZXRpbmc=" },
  { "play-on-phone2", UM_OPERATION_PLAY_ON_PHONE2, 200,
    EWS_ENVELOPE ("<PlayOnPhoneResponse ResponseClass=\"Success\" xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode><PhoneCallId Id=\"a&amp;b\"/>"
                  "</PlayOnPhoneResponse>"), OK, "a&b" },
  { "play-on-phone2-no-id", UM_OPERATION_PLAY_ON_PHONE2, 200,
    EWS_ENVELOPE ("<PlayOnPhoneResponse ResponseClass=\"Success\" xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode></PlayOnPhoneResponse>"),
    UM_ERROR_MALFORMED_RESPONSE },
  { "play-on-phone2-malformed-id", UM_OPERATION_PLAY_ON_PHONE2, 200,
    EWS_ENVELOPE ("<PlayOnPhoneResponse ResponseClass=\"Error\" xmlns=\"" NS_M "\">"
                  "<MessageText>Id is malformed.</MessageText>"
                  "<ResponseCode>ErrorInvalidIdMalformed</ResponseCode>"
                  "<DescriptiveLinkKey>0</DescriptiveLinkKey></PlayOnPhoneResponse>"),
    UM_ERROR_INVALID_OBJECT_ID, "ErrorInvalidIdMalformed", "Id is malformed." },
  { "play-on-phone2-not-dialable", UM_OPERATION_PLAY_ON_PHONE2, 200,
    EWS_ENVELOPE ("<PlayOnPhoneResponse ResponseClass=\"Error\" xmlns=\"" NS_M "\">"
                  "<MessageText>Dialing restrictions are preventing the phone number that was "
                  "entered from being dialed.</MessageText>"
                  "<ResponseCode>ErrorPhoneNumberNotDialable</ResponseCode>"
                  "<DescriptiveLinkKey>0</DescriptiveLinkKey></PlayOnPhoneResponse>"),
    UM_ERROR_DIALING_RULES, "ErrorPhoneNumberNotDialable" },

  /* Call state */
  { "get-call-info", UM_OPERATION_GET_CALL_INFO, 200,
    ENVELOPE ("<GetCallInfoResponse xmlns=\"" NS_M "\"><GetCallInfoResponse>"
              "<CallState>Connected</CallState><EventCause>None</EventCause>"
              "</GetCallInfoResponse></GetCallInfoResponse>"), OK, "Connected/None" },
  { "get-call-info-busy", UM_OPERATION_GET_CALL_INFO, 200,
    ENVELOPE ("<GetCallInfoResponse xmlns=\"" NS_M "\"><GetCallInfoResponse>"
              "<CallState>Disconnected</CallState><EventCause>UserBusy</EventCause>"
              "</GetCallInfoResponse></GetCallInfoResponse>"), OK, "Disconnected/UserBusy" },
  { "get-call-info-unknown-state", UM_OPERATION_GET_CALL_INFO, 200,
    ENVELOPE ("<GetCallInfoResponse xmlns=\"" NS_M "\"><GetCallInfoResponse>"
              "<CallState>Ringing</CallState><EventCause>None</EventCause>"
              "</GetCallInfoResponse></GetCallInfoResponse>"),
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has no valid CallState" },
  { "get-call-info-missing-cause", UM_OPERATION_GET_CALL_INFO, 200,
    ENVELOPE ("<GetCallInfoResponse xmlns=\"" NS_M "\"><GetCallInfoResponse>"
              "<CallState>Connected</CallState></GetCallInfoResponse></GetCallInfoResponse>"),
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has no valid EventCause" },
  { "phone-call-information", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<GetPhoneCallInformationResponse ResponseClass=\"Success\" xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode>"
                  "<m:PhoneCallInformation xmlns:m=\"" NS_M "\">"
                  "<t:PhoneCallState xmlns:t=\"" NS_T "\">Connecting</t:PhoneCallState>"
                  "<t:ConnectionFailureCause xmlns:t=\"" NS_T "\">None</t:ConnectionFailureCause>"
                  "</m:PhoneCallInformation></GetPhoneCallInformationResponse>"),
    OK, "Connecting/None" },
  { "phone-call-information-sip", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<m:GetPhoneCallInformationResponse ResponseClass=\"Success\" xmlns:m=\"" NS_M
                  "\" xmlns:t=\"" NS_T "\"><m:ResponseCode>NoError</m:ResponseCode>"
                  "<m:PhoneCallInformation><t:PhoneCallState>Disconnected</t:PhoneCallState>"
                  "<t:ConnectionFailureCause>Unavailable</t:ConnectionFailureCause>"
                  "<t:SIPResponseText>Temporarily Unavailable</t:SIPResponseText>"
                  "<t:SIPResponseCode> 480 </t:SIPResponseCode>"
                  "</m:PhoneCallInformation></m:GetPhoneCallInformationResponse>"),
    OK, "Disconnected/Unavailable sip=480 Temporarily Unavailable" },
  { "phone-call-information-bad-sip-code", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<m:GetPhoneCallInformationResponse ResponseClass=\"Success\" xmlns:m=\"" NS_M
                  "\" xmlns:t=\"" NS_T "\"><m:PhoneCallInformation>"
                  "<t:PhoneCallState>Connected</t:PhoneCallState>"
                  "<t:ConnectionFailureCause>None</t:ConnectionFailureCause>"
                  "<t:SIPResponseCode>OK</t:SIPResponseCode>"
                  "</m:PhoneCallInformation></m:GetPhoneCallInformationResponse>"),
    UM_ERROR_MALFORMED_RESPONSE },
  { "phone-call-information-wrong-child-namespace", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<m:GetPhoneCallInformationResponse ResponseClass=\"Success\" xmlns:m=\"" NS_M
                  "\"><m:PhoneCallInformation><m:PhoneCallState>Connected</m:PhoneCallState>"
                  "<m:ConnectionFailureCause>None</m:ConnectionFailureCause>"
                  "</m:PhoneCallInformation></m:GetPhoneCallInformationResponse>"),
    UM_ERROR_MALFORMED_RESPONSE },
  { "phone-call-information-warning", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<GetPhoneCallInformationResponse ResponseClass=\"Warning\" xmlns=\"" NS_M "\">"
                  "<MessageText>Slow</MessageText><ResponseCode>NoError</ResponseCode>"
                  "<PhoneCallInformation><PhoneCallState xmlns=\"" NS_T "\">Connected"
                  "</PhoneCallState><ConnectionFailureCause xmlns=\"" NS_T "\">None"
                  "</ConnectionFailureCause></PhoneCallInformation>"
                  "</GetPhoneCallInformationResponse>"), OK, "Connected/None" },
  { "phone-call-information-invalid-id", UM_OPERATION_GET_PHONE_CALL_INFORMATION, 200,
    EWS_ENVELOPE ("<GetPhoneCallInformationResponse ResponseClass=\"Error\" xmlns=\"" NS_M "\">"
                  "<MessageText>The phone call ID isn't valid.</MessageText>"
                  "<ResponseCode>ErrorInvalidPhoneCallId</ResponseCode>"
                  "<DescriptiveLinkKey>0</DescriptiveLinkKey></GetPhoneCallInformationResponse>"),
    UM_ERROR_INVALID_CALL_ID, "ErrorInvalidPhoneCallId", "The phone call ID isn't valid." },
  { "ews-no-response-class", UM_OPERATION_DISCONNECT_PHONE_CALL, 200,
    EWS_ENVELOPE ("<DisconnectPhoneCallResponse xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode></DisconnectPhoneCallResponse>"),
    UM_ERROR_MALFORMED_RESPONSE },
  { "ews-unknown-error", UM_OPERATION_DISCONNECT_PHONE_CALL, 200,
    EWS_ENVELOPE ("<DisconnectPhoneCallResponse ResponseClass=\"Error\" xmlns=\"" NS_M "\">"
                  "<MessageText>An internal server error occurred.</MessageText>"
                  "<ResponseCode>ErrorInternalServerError</ResponseCode>"
                  "</DisconnectPhoneCallResponse>"),
    UM_ERROR_SERVER, "ErrorInternalServerError", "An internal server error occurred." },
  { "disconnect-phone-call", UM_OPERATION_DISCONNECT_PHONE_CALL, 200,
    EWS_ENVELOPE ("<DisconnectPhoneCallResponse ResponseClass=\"Success\" xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode></DisconnectPhoneCallResponse>"),
    OK, "ok" },

  /* Empty answers */
  { "set-oof-status", UM_OPERATION_SET_OOF_STATUS, 200,
    ENVELOPE ("<SetOofStatusResponse xmlns=\"" NS_M "\" />"), OK, "ok" },
  { "answer-of-another-operation", UM_OPERATION_RESET_PIN, 200,
    ENVELOPE ("<SetOofStatusResponse xmlns=\"" NS_M "\" />"), UM_ERROR_MALFORMED_RESPONSE,
    NULL, "The server's answer has no ResetPINResponse" },
  { "empty-body", UM_OPERATION_RESET_PIN, 200, ENVELOPE (""), UM_ERROR_MALFORMED_RESPONSE },

  /* Faults: 2.2.2.1 */
  { "fault-invalid-request", UM_OPERATION_GET_UM_PROPERTIES, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_T "\">a:ErrorInvalidRequest</faultcode>",
           "The request is invalid.",
           "<e:ResponseCode xmlns:e=\"" NS_E "\">ErrorInvalidRequest</e:ResponseCode>"
           "<e:Message xmlns:e=\"" NS_E "\">The request is invalid.</e:Message>"),
    UM_ERROR_INVALID_REQUEST, "ErrorInvalidRequest", "The request is invalid." },
  { "fault-schema-validation", UM_OPERATION_SET_OOF_STATUS, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_T "\">a:ErrorSchemaValidation</faultcode>",
           "The request failed schema validation.",
           "<m:ResponseCode xmlns:m=\"" NS_M "\">ErrorSchemaValidation</m:ResponseCode>"
           "<m:Message xmlns:m=\"" NS_M "\">The request failed schema validation</m:Message>"),
    UM_ERROR_SCHEMA_VALIDATION, "ErrorSchemaValidation",
    "The request failed schema validation." },
  /* 3.1.4.1 and 3.1.4.3 (whose ExceptionType is in no namespace) */
  { "fault-disconnect-call-id", UM_OPERATION_DISCONNECT, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:InvalidCallIdException</faultcode>",
           "The call identifier isn't valid.",
           "<m:ExceptionType xmlns:m=\"" NS_M "\">InvalidCallIdException</m:ExceptionType>"),
    UM_ERROR_INVALID_CALL_ID, "InvalidCallIdException", "The call identifier isn't valid." },
  { "fault-get-call-info-unqualified", UM_OPERATION_GET_CALL_INFO, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:InvalidCallIdException</faultcode>",
           "The call identifier isn't valid.",
           "<ExceptionType xmlns:m=\"" NS_M "\">InvalidCallIdException</ExceptionType>"),
    UM_ERROR_INVALID_CALL_ID, "InvalidCallIdException" },
  /* 2.2.3.1 says ExceptionType holds "a:InvalidCallIdException" */
  { "fault-prefixed-exception-type", UM_OPERATION_GET_CALL_INFO, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:InvalidCallIdException</faultcode>",
           "The call identifier isn't valid.",
           "<m:ExceptionType xmlns:m=\"" NS_M "\">a:InvalidCallIdException</m:ExceptionType>"),
    UM_ERROR_INVALID_CALL_ID, "InvalidCallIdException" },
  /* 3.1.4.8 and 4.15 (undeclared prefix, default namespace) */
  { "fault-object-id", UM_OPERATION_PLAY_ON_PHONE, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:InvalidObjectIdException</faultcode>",
           "The object identifier isn't valid.",
           "<m:ExceptionType xmlns:m=\"" NS_M "\">InvalidObjectIdException</m:ExceptionType>"),
    UM_ERROR_INVALID_OBJECT_ID, "InvalidObjectIdException" },
  { "fault-object-id-undeclared-prefix", UM_OPERATION_PLAY_ON_PHONE, 500,
    ENVELOPE ("<soap:Fault><faultcode>a:InvalidObjectIdException</faultcode>"
              "<faultstring>The object identifier isn't valid</faultstring><detail>"
              "<ExceptionType xmlns=\"" NS_M "\">InvalidObjectIdException</ExceptionType>"
              "</detail></soap:Fault>"),
    UM_ERROR_INVALID_OBJECT_ID, "InvalidObjectIdException", "The object identifier isn't valid" },
  /* 3.1.4.8, 3.1.4.9 */
  { "fault-dialing-rules", UM_OPERATION_PLAY_ON_PHONE_GREETING, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:DialingRulesException</faultcode>",
           "Dialing restrictions are preventing the phone number that was entered from being "
           "dialed.",
           "<m:ExceptionType xmlns:m=\"" NS_M "\">DialingRulesException</m:ExceptionType>"),
    UM_ERROR_DIALING_RULES, "DialingRulesException" },
  /* Appendix C: Exchange 2007 */
  { "fault-2007-call-id", UM_OPERATION_GET_CALL_INFO, 500,
    ENVELOPE ("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>The caller ID is not "
              "valid. ---&gt; The caller ID is not valid. ---&gt; Invalid character in a Base-64 "
              "string.</faultstring><detail/></soap:Fault>"),
    UM_ERROR_INVALID_CALL_ID, "Server" },
  { "fault-2007-play-on-phone", UM_OPERATION_PLAY_ON_PHONE, 500,
    ENVELOPE ("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>The caller ID is not "
              "valid. ---&gt; The caller ID is not valid. ---&gt; Invalid character in a Base-64 "
              "string.</faultstring></soap:Fault>"),
    UM_ERROR_INVALID_OBJECT_ID, "Server" },
  { "fault-2007-greeting", UM_OPERATION_PLAY_ON_PHONE_GREETING, 500,
    ENVELOPE ("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>The telephone number "
              "cannot be dialed as specified. Check the outbound dialing configuration. ---&gt; "
              "The telephone number cannot be dialed as specified. Check the outbound dialing "
              "configuration.</faultstring></soap:Fault>"),
    UM_ERROR_DIALING_RULES, "Server" },
  /* Qualified fault children, an unknown code, a fault on 200 */
  { "fault-qualified-children", UM_OPERATION_DISCONNECT, 500,
    ENVELOPE ("<soap:Fault><soap:faultcode>soap:Client</soap:faultcode>"
              "<soap:faultstring>Bad</soap:faultstring></soap:Fault>"),
    UM_ERROR_SERVER, "Client", "Bad" },
  { "fault-unknown", UM_OPERATION_RESET_PIN, 500,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:PinResetFailedException</faultcode>",
           "The PIN could not be reset.", ""),
    UM_ERROR_SERVER, "PinResetFailedException", "The PIN could not be reset." },
  { "fault-on-200", UM_OPERATION_IS_UM_ENABLED, 200,
    FAULT ("<faultcode xmlns:a=\"" NS_E "\">a:UserNotUmEnabledException</faultcode>",
           "The user isn't enabled for Unified Messaging.", ""),
    UM_ERROR_NOT_UM_ENABLED, "UserNotUmEnabledException" },

  /* HTTP statuses and bodies that are not SOAP */
  { "http-500-html", UM_OPERATION_IS_UM_ENABLED, 500,
    "<html><body><h1>Server Error in '/EWS' Application.</h1></body></html>",
    UM_ERROR_HTTP, NULL, "The server answered with an HTTP error (HTTP 500)" },
  { "http-500-text", UM_OPERATION_IS_UM_ENABLED, 500, "Internal Server Error", UM_ERROR_HTTP },
  { "http-503", UM_OPERATION_IS_UM_ENABLED, 503, "Service Unavailable", UM_ERROR_SERVER_BUSY },
  { "http-404", UM_OPERATION_PLAY_ON_PHONE2, 404, "Not Found", UM_ERROR_NOT_SUPPORTED },
  { "http-401-with-soap", UM_OPERATION_IS_UM_ENABLED, 401,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>true"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), UM_ERROR_AUTH_FAILED },
  { "http-502-with-soap-success", UM_OPERATION_SET_OOF_STATUS, 502,
    ENVELOPE ("<SetOofStatusResponse xmlns=\"" NS_M "\" />"), UM_ERROR_HTTP },
  { "html", UM_OPERATION_IS_UM_ENABLED, 200, "<html><body>Sign in</body></html>",
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer is not SOAP" },
  { "text", UM_OPERATION_IS_UM_ENABLED, 200, "OK", UM_ERROR_MALFORMED_RESPONSE, NULL,
    "The server's answer is not XML" },
  { "empty", UM_OPERATION_IS_UM_ENABLED, 200, "", UM_ERROR_MALFORMED_RESPONSE },
  { "truncated", UM_OPERATION_GET_UM_PROPERTIES, 200,
    "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body>"
    "<GetUMPropertiesResponse xmlns=\"" NS_M "\"><GetUMPropertiesResponse><OofStatus>fal",
    UM_ERROR_MALFORMED_RESPONSE },
  { "soap-1.2", UM_OPERATION_IS_UM_ENABLED, 200,
    "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
    "<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>true</IsUMEnabledResponse>"
    "</IsUMEnabledResponse></env:Body></env:Envelope>", UM_ERROR_MALFORMED_RESPONSE },
  { "not-utf-8", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>\xff\xfe"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), UM_ERROR_MALFORMED_RESPONSE },
  { "undeclared-entity", UM_OPERATION_IS_UM_ENABLED, 200,
    ENVELOPE ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>&yes;"
              "</IsUMEnabledResponse></IsUMEnabledResponse>"), UM_ERROR_MALFORMED_RESPONSE },
  { "billion-laughs", UM_OPERATION_IS_UM_ENABLED, 200, BILLION_LAUGHS,
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has a DTD, which SOAP does not allow" },
  { "external-entity", UM_OPERATION_PLAY_ON_PHONE, 200, EXTERNAL_ENTITY,
    UM_ERROR_MALFORMED_RESPONSE, NULL, "The server's answer has a DTD, which SOAP does not allow" },
  { "deep-nesting", UM_OPERATION_IS_UM_ENABLED, 200, NULL /* built in code */,
    UM_ERROR_MALFORMED_RESPONSE },
};

static GBytes *
case_body (const ReaderCase *test)
{
  if (g_str_equal (test->name, "utf-16"))
    {
      const char *utf8 =
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
        ENVELOPE_NO_DECLARATION ("<IsUMEnabledResponse xmlns=\"" NS_M "\"><IsUMEnabledResponse>"
                                 "true</IsUMEnabledResponse></IsUMEnabledResponse>");
      gsize written;
      g_autofree char *utf16 = g_convert (utf8, -1, "UTF-16", "UTF-8", NULL, &written, NULL);

      g_assert_nonnull (utf16);
      return g_bytes_new (utf16, written);
    }

  if (g_str_equal (test->name, "deep-nesting"))
    {
      g_autoptr(GString) deep = g_string_new ("<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body>");

      for (guint i = 0; i < 100000; i++)
        g_string_append (deep, "<a>");
      return g_string_free_to_bytes (g_steal_pointer (&deep));
    }

  return g_bytes_new_static (test->body, strlen (test->body));
}

static void
test_reader (gconstpointer data)
{
  const ReaderCase *test = data;
  g_autoptr(GBytes) body = case_body (test);
  g_autoptr(UmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  response = um_response_new (test->operation, body, test->status, 0, &error);
  if (response != NULL)
    result = hark_test_describe_response (response, &error);

  if (test->error == OK)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, test->expected);
      return;
    }

  g_assert_null (result);
  g_assert_error (error, UM_ERROR, test->error);
  if (test->expected != NULL)
    g_assert_cmpstr (um_error_get_server_code (error), ==, test->expected);
  if (test->message != NULL)
    g_assert_cmpstr (error->message, ==, test->message);
  if (um_error_get_server_code (error) != NULL || test->status >= 300)
    g_assert_cmpuint (um_error_get_http_status (error), ==, test->status);
}

static void
test_server_version (void)
{
  static const char body[] =
    EWS_ENVELOPE ("<DisconnectPhoneCallResponse ResponseClass=\"Success\" xmlns=\"" NS_M "\">"
                  "<ResponseCode>NoError</ResponseCode></DisconnectPhoneCallResponse>");
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(UmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const UmServerVersion *version;

  response = um_response_new (UM_OPERATION_DISCONNECT_PHONE_CALL, bytes, 200, 0, &error);
  g_assert_no_error (error);
  version = um_response_get_server_version (response);
  g_assert_nonnull (version);
  g_assert_cmpint (version->major_version, ==, 15);
  g_assert_cmpint (version->minor_version, ==, 1);
  g_assert_cmpint (version->major_build_number, ==, 2507);
  g_assert_cmpint (version->minor_build_number, ==, 6);
  g_assert_cmpstr (version->version, ==, "V2017_07_11");
  text = um_server_version_to_string (version);
  g_assert_cmpstr (text, ==, "V2017_07_11 (15.1.2507.6)");
}

static void
test_size_cap (void)
{
  g_autoptr(GString) big = g_string_new (ENVELOPE ("<SetOofStatusResponse xmlns=\"" NS_M "\" />"));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(UmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gsize cap = big->len;

  bytes = g_bytes_new (big->str, big->len);
  response = um_response_new (UM_OPERATION_SET_OOF_STATUS, bytes, 200, cap, &error);
  g_assert_no_error (error);
  g_clear_object (&response);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* One byte over the cap, even of harmless whitespace, is refused unread. */
  g_string_append_c (big, ' ');
  bytes = g_bytes_new (big->str, big->len);
  response = um_response_new (UM_OPERATION_SET_OOF_STATUS, bytes, 200, cap, &error);
  g_assert_null (response);
  g_assert_error (error, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE);
}

static void
test_new_destroy (void)
{
  static const char body[] = ENVELOPE ("<ResetPINResponse xmlns=\"" NS_M "\" />");
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  UmResponse *response = um_response_new (UM_OPERATION_RESET_PIN, bytes, 200, 0, NULL);

  g_assert_nonnull (response);
  g_assert_finalize_object (response);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/um/response/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_reader);
    }
  g_test_add_func ("/um/response/server-version", test_server_version);
  g_test_add_func ("/um/response/size-cap", test_size_cap);
  g_test_add_func ("/um/response/new-destroy", test_new_destroy);

  return g_test_run ();
}
