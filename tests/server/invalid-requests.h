/* invalid-requests.h: well-formed requests the schema does not allow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hark's own, each breaking one rule of the Appendix B schema or of the SOAP
 * envelope. test-server-http expects ErrorSchemaValidation for each;
 * test-server-examples checks that xmllint with Microsoft's schemas agrees.
 */

#pragma once

#define NS_S "http://schemas.xmlsoap.org/soap/envelope/"
#define NS_M "http://schemas.microsoft.com/exchange/services/2006/messages"
#define NS_T "http://schemas.microsoft.com/exchange/services/2006/types"
#define NS_E "http://schemas.microsoft.com/exchange/services/2006/errors"
#define ACTION(op) "\"http://schemas.microsoft.com/exchange/services/2006/messages/" op "\""
#define LEGACY "/EWS/UM2007Legacy.asmx"
#define EWS "/EWS/Exchange.asmx"

#define REQUEST(body) \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" NS_S "\">" \
  "<soap:Body>" body "</soap:Body></soap:Envelope>"
#define EWS_REQUEST(body) \
  "<soap:Envelope xmlns:soap=\"" NS_S "\" xmlns:m=\"" NS_M "\" xmlns:t=\"" NS_T "\">" \
  "<soap:Header><t:RequestServerVersion Version=\"Exchange2013\"/></soap:Header>" \
  "<soap:Body>" body "</soap:Body></soap:Envelope>"

typedef struct {
  const char *path;
  const char *body;
  gboolean    bare;  /* not an envelope: validate.sh validates a bare body element as such */
} InvalidRequest;

static const InvalidRequest invalid_requests[] = {
  { LEGACY, "<IsUMEnabled xmlns=\"" NS_M "\"/>", TRUE },
  { LEGACY, "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
            "<IsUMEnabled xmlns=\"" NS_M "\"/></env:Body></env:Envelope>" },
  { LEGACY, "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Header/></soap:Envelope>" },
  { LEGACY, REQUEST ("<Frobnicate xmlns=\"" NS_M "\"/>") },
  { LEGACY, REQUEST ("<IsUMEnabled/>") },
  { LEGACY, REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\"><status>true</status></IsUMEnabled>") },
  { LEGACY, REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\">now</IsUMEnabled>") },
  { LEGACY, REQUEST ("<IsUMEnabled xmlns=\"" NS_M "\" force=\"1\"/>") },
  { LEGACY, REQUEST ("<SetOofStatus xmlns=\"" NS_M "\"/>") },
  { LEGACY, REQUEST ("<SetOofStatus xmlns=\"" NS_M "\"><status>yes</status></SetOofStatus>") },
  { LEGACY, REQUEST ("<SetOofStatus xmlns=\"" NS_M "\"><status><b>true</b></status>"
                     "</SetOofStatus>") },
  { LEGACY, REQUEST ("<SetOofStatus xmlns=\"" NS_M "\"><status xmlns=\"\">true</status>"
                     "</SetOofStatus>") },
  { LEGACY, REQUEST ("<SetOofStatus xmlns=\"" NS_M "\"><status>true</status><status>false"
                     "</status></SetOofStatus>") },
  { LEGACY, REQUEST ("<PlayOnPhoneGreeting xmlns=\"" NS_M "\"><GreetingType>Normal</GreetingType>"
                     "<DialString>12345</DialString></PlayOnPhoneGreeting>") },
  { LEGACY, REQUEST ("<PlayOnPhoneGreeting xmlns=\"" NS_M "\"><DialString>12345</DialString>"
                     "</PlayOnPhoneGreeting>") },
  { LEGACY, REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><DialString>12345</DialString>"
                     "<entryId>QUJD</entryId></PlayOnPhone>") },
  { LEGACY, REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><entryId>QUJD</entryId>"
                     "<DialString>12345</DialString><Volume>11</Volume></PlayOnPhone>") },
  { LEGACY, REQUEST ("<PlayOnPhone xmlns=\"" NS_M "\"><ItemId Id=\"QUJD\"/>"
                     "<DialString>12345</DialString></PlayOnPhone>") },
  { LEGACY, "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Body>text<IsUMEnabled xmlns=\"" NS_M
            "\"/></soap:Body></soap:Envelope>" },
  { LEGACY, "<soap:Envelope xmlns:soap=\"" NS_S "\"><soap:Header><x:Trace xmlns:x=\"urn:x\"/>"
            "</soap:Header><soap:Body><IsUMEnabled xmlns=\"" NS_M "\"/></soap:Body>"
            "</soap:Envelope>" },
  { EWS, EWS_REQUEST ("<m:IsUMEnabled/>") },
  { EWS, EWS_REQUEST ("<m:PlayOnPhone><m:DialString>12345</m:DialString></m:PlayOnPhone>") },
  { EWS, EWS_REQUEST ("<m:PlayOnPhone><m:ItemId Id=\"QUJD\"/></m:PlayOnPhone>") },
  { EWS, EWS_REQUEST ("<m:PlayOnPhone><m:ItemId/><m:DialString>1</m:DialString>"
                      "</m:PlayOnPhone>") },
  { EWS, EWS_REQUEST ("<m:GetPhoneCallInformation><m:PhoneCallId/>"
                      "</m:GetPhoneCallInformation>") },
  { EWS, EWS_REQUEST ("<m:GetPhoneCallInformation><m:PhoneCallId Id=\"a\">x</m:PhoneCallId>"
                      "</m:GetPhoneCallInformation>") },
  { EWS, EWS_REQUEST ("<m:GetPhoneCallInformation><t:PhoneCallId Id=\"a\"/>"
                      "</m:GetPhoneCallInformation>") },
  { EWS, EWS_REQUEST ("<m:DisconnectPhoneCall><m:PhoneCallId Id=\"a\" Extra=\"b\"/>"
                      "</m:DisconnectPhoneCall>") },
  { EWS, "<soap:Envelope xmlns:soap=\"" NS_S "\" xmlns:m=\"" NS_M "\" xmlns:t=\"" NS_T "\">"
         "<soap:Header><t:RequestServerVersion Version=\"Exchange2099\"/></soap:Header>"
         "<soap:Body><m:DisconnectPhoneCall><m:PhoneCallId Id=\"a\"/></m:DisconnectPhoneCall>"
         "</soap:Body></soap:Envelope>" },
  { EWS, "<soap:Envelope xmlns:soap=\"" NS_S "\" xmlns:m=\"" NS_M "\" xmlns:t=\"" NS_T "\">"
         "<soap:Header><t:RequestServerVersion/></soap:Header>"
         "<soap:Body><m:DisconnectPhoneCall><m:PhoneCallId Id=\"a\"/></m:DisconnectPhoneCall>"
         "</soap:Body></soap:Envelope>" },
};

