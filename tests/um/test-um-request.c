/* test-um-request.c: the request builder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "um.h"
#include "um-request.h"
#include "um-response.h"

static xmlDoc *
parse (UmRequest *request)
{
  g_autoptr(GBytes) bytes = um_request_to_bytes (request);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  xmlDoc *doc = xmlReadMemory (data, (int)size, NULL, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

static char *
xpath_string (xmlDoc     *doc,
              const char *expression)
{
  xmlXPathContext *context = xmlXPathNewContext (doc);
  xmlXPathObject *result;
  char *value;

  xmlXPathRegisterNs (context, (const xmlChar *)"s", (const xmlChar *)UM_NS_SOAP);
  xmlXPathRegisterNs (context, (const xmlChar *)"m", (const xmlChar *)UM_NS_MESSAGES);
  xmlXPathRegisterNs (context, (const xmlChar *)"t", (const xmlChar *)UM_NS_TYPES);
  result = xmlXPathEvalExpression ((const xmlChar *)expression, context);
  g_assert_nonnull (result);
  {
    xmlChar *text = xmlXPathCastToString (result);

    value = g_strdup ((const char *)text);
    xmlFree (text);
  }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  return value;
}

static guint
count_namespace_declarations (xmlNode *node)
{
  guint n = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (child->nsDef != NULL)
        n++;
      n += count_namespace_declarations (child);
    }
  return n;
}

static void
assert_xpath (xmlDoc     *doc,
              const char *expression,
              const char *expected)
{
  g_autofree char *value = xpath_string (doc, expression);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_soap_actions (void)
{
  /* The soapAction of every operation of the WSDL binding (Appendix A). */
  static const struct {
    UmOperation operation;
    const char *action;
    UmEndpoint  endpoint;
  } cases[] = {
    { UM_OPERATION_IS_UM_ENABLED,
      UM_NS_MESSAGES "/IsUMEnabled", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_GET_UM_PROPERTIES,
      UM_NS_MESSAGES "/GetUMProperties", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_SET_OOF_STATUS,
      UM_NS_MESSAGES "/SetOofStatus", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED,
      UM_NS_MESSAGES "/SetMissedCallNotificationEnabled",
      UM_ENDPOINT_LEGACY },
    { UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING,
      UM_NS_MESSAGES "/SetPlayOnPhoneDialString",
      UM_ENDPOINT_LEGACY },
    { UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL,
      UM_NS_MESSAGES "/SetTelephoneAccessFolderEmail",
      UM_ENDPOINT_LEGACY },
    { UM_OPERATION_RESET_PIN,
      UM_NS_MESSAGES "/ResetPIN", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_PLAY_ON_PHONE,
      UM_NS_MESSAGES "/PlayOnPhone", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_PLAY_ON_PHONE_GREETING,
      UM_NS_MESSAGES "/PlayOnPhoneGreeting",
      UM_ENDPOINT_LEGACY },
    { UM_OPERATION_GET_CALL_INFO,
      UM_NS_MESSAGES "/GetCallInfo", UM_ENDPOINT_LEGACY },
    { UM_OPERATION_DISCONNECT,
      UM_NS_MESSAGES "/Disconnect", UM_ENDPOINT_LEGACY },
    /* 3.1.4.7: PlayOnPhone2 is bound to PlayOnPhone's action */
    { UM_OPERATION_PLAY_ON_PHONE2,
      UM_NS_MESSAGES "/PlayOnPhone", UM_ENDPOINT_EWS },
    { UM_OPERATION_GET_PHONE_CALL_INFORMATION,
      UM_NS_MESSAGES "/GetPhoneCallInformation",
      UM_ENDPOINT_EWS },
    { UM_OPERATION_DISCONNECT_PHONE_CALL,
      UM_NS_MESSAGES "/DisconnectPhoneCall",
      UM_ENDPOINT_EWS },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == UM_N_UM_OPERATIONS);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      UmOperation operation;

      g_assert_cmpint (cases[i].operation, ==, i);
      g_assert_cmpstr (um_operation_get_soap_action (i), ==, cases[i].action);
      g_assert_cmpint (um_operation_get_endpoint (i), ==, cases[i].endpoint);
      g_assert_true (um_operation_from_name (um_operation_get_name (i), &operation));
      g_assert_cmpint (operation, ==, i);
    }
}

static void
test_legacy_envelope (void)
{
  g_autoptr(UmRequest) request = um_request_new (UM_OPERATION_SET_OOF_STATUS, "Exchange2013");
  xmlDoc *doc;

  um_request_add_element (request, NULL, "status", "true");
  doc = parse (request);

  /* The legacy binding has no headers. */
  assert_xpath (doc, "count(/s:Envelope/s:Header)", "0");
  assert_xpath (doc, "count(/s:Envelope/s:Body/*)", "1");
  assert_xpath (doc, "local-name(/s:Envelope/s:Body/*)", "SetOofStatus");
  assert_xpath (doc, "namespace-uri(/s:Envelope/s:Body/*)", UM_NS_MESSAGES);
  assert_xpath (doc, "/s:Envelope/s:Body/m:SetOofStatus/m:status", "true");
  /* Namespaces declared once, on the envelope. */
  g_assert_nonnull (xmlDocGetRootElement (doc)->nsDef);
  g_assert_cmpuint (count_namespace_declarations (xmlDocGetRootElement (doc)), ==, 0);
  xmlFreeDoc (doc);
}

static void
test_ews_envelope (void)
{
  g_autoptr(UmRequest) request = um_request_new (UM_OPERATION_PLAY_ON_PHONE2, "Exchange2016");
  xmlNode *item;
  xmlDoc *doc;

  item = um_request_add_element (request, NULL, "ItemId", NULL);
  um_request_set_attribute (request, item, "Id", "AkAjzQTbY/i=");
  um_request_add_element (request, NULL, "DialString", "5555551212");
  doc = parse (request);

  assert_xpath (doc, "/s:Envelope/s:Header/t:RequestServerVersion/@Version", "Exchange2016");
  /* Example 4.8: PlayOnPhone2 sends m:PlayOnPhone with m:ItemId and m:DialString. */
  assert_xpath (doc, "/s:Envelope/s:Body/m:PlayOnPhone/m:ItemId/@Id", "AkAjzQTbY/i=");
  assert_xpath (doc, "/s:Envelope/s:Body/m:PlayOnPhone/m:DialString", "5555551212");
  assert_xpath (doc, "name(/s:Envelope/s:Body/m:PlayOnPhone/*[2]/preceding-sibling::*)",
                "m:ItemId");
  xmlFreeDoc (doc);

  /* The default version is Exchange2013. */
  {
    g_autoptr(UmRequest) plain = um_request_new (UM_OPERATION_GET_PHONE_CALL_INFORMATION, NULL);

    doc = parse (plain);
    assert_xpath (doc, "/s:Envelope/s:Header/t:RequestServerVersion/@Version", "Exchange2013");
    xmlFreeDoc (doc);
  }
}

static void
test_escaping (void)
{
  static const char *const texts[] = {
    "& < > \" '",
    "a&amp;b",
    "]]>",
    "<m:Injected/>",
    "Ünïcødé ☎ 電話",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(UmRequest) request = um_request_new (UM_OPERATION_DISCONNECT_PHONE_CALL, NULL);
      g_autoptr(GBytes) bytes = NULL;
      xmlNode *node;
      xmlDoc *doc;

      node = um_request_add_element (request, NULL, "PhoneCallId", NULL);
      um_request_set_attribute (request, node, "Id", texts[i]);
      um_request_add_element (request, NULL, "Text", texts[i]);

      /* Well-formed, and the values read back exactly. */
      doc = parse (request);
      assert_xpath (doc, "/s:Envelope/s:Body/m:DisconnectPhoneCall/m:PhoneCallId/@Id", texts[i]);
      assert_xpath (doc, "/s:Envelope/s:Body/m:DisconnectPhoneCall/m:Text", texts[i]);
      assert_xpath (doc, "count(//m:Injected)", "0");
      xmlFreeDoc (doc);

      bytes = um_request_to_bytes (request);
      g_assert_true (g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      NULL));
    }
}

static void
test_new_destroy (void)
{
  UmRequest *request = um_request_new (UM_OPERATION_IS_UM_ENABLED, NULL);

  g_assert_cmpint (um_request_get_operation (request), ==, UM_OPERATION_IS_UM_ENABLED);
  g_assert_finalize_object (request);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/request/soap-actions", test_soap_actions);
  g_test_add_func ("/um/request/legacy-envelope", test_legacy_envelope);
  g_test_add_func ("/um/request/ews-envelope", test_ews_envelope);
  g_test_add_func ("/um/request/escaping", test_escaping);
  g_test_add_func ("/um/request/new-destroy", test_new_destroy);

  return g_test_run ();
}
