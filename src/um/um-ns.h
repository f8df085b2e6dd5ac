/* um-ns.h: the XML namespaces and HTTP paths of [MS-OXWUMS] and EWS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the client library and the reference server: constants only,
 * no encoding or decoding code.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UM_NS_SOAP     "http://schemas.xmlsoap.org/soap/envelope/"
#define UM_NS_MESSAGES "http://schemas.microsoft.com/exchange/services/2006/messages"
#define UM_NS_TYPES    "http://schemas.microsoft.com/exchange/services/2006/types"
#define UM_NS_ERRORS   "http://schemas.microsoft.com/exchange/services/2006/errors"
#define UM_NS_XSI      "http://www.w3.org/2001/XMLSchema-instance"
#define UM_NS_XSD      "http://www.w3.org/2001/XMLSchema"

/* Every SOAPAction of the WSDL is this prefix plus the operation's element name. */
#define UM_SOAP_ACTION_PREFIX UM_NS_MESSAGES "/"

/* [MS-OXDSCLI] UMUrl (2.2.4.1.1.2.6.47) and EwsUrl (2.2.4.1.1.2.6.24), as
 * Exchange publishes them. */
#define UM_LEGACY_PATH "/EWS/UM2007Legacy.asmx"
#define UM_EWS_PATH    "/EWS/Exchange.asmx"

/* [MS-OXWUMS] 2.2.4.1: a phone call identifier has at most 512 characters. */
#define UM_CALL_ID_MAX_LENGTH 512

/* [MS-OXWUMS] 3.1.2: Call_timeout, from Disconnected to Idle. */
#define UM_CALL_TIMEOUT_SECONDS 32

G_END_DECLS
