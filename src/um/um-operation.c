/* um-operation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-operation.h"

#include "um-ns.h"

/* The name is the WSDL operation; the request element is what the body holds
 * (PlayOnPhone2 sends m:PlayOnPhone, 3.1.4.7 and example 4.8); the SOAPAction
 * is the WSDL binding's (PlayOnPhone2 shares PlayOnPhone's). */
static const struct {
  const char *name;
  const char *request;
  const char *response;
  UmEndpoint  endpoint;
} operations[] = {
  [UM_OPERATION_IS_UM_ENABLED] =
    { "IsUMEnabled", "IsUMEnabled", "IsUMEnabledResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_GET_UM_PROPERTIES] =
    { "GetUMProperties", "GetUMProperties", "GetUMPropertiesResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_SET_OOF_STATUS] =
    { "SetOofStatus", "SetOofStatus", "SetOofStatusResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED] =
    { "SetMissedCallNotificationEnabled", "SetMissedCallNotificationEnabled",
      "SetMissedCallNotificationEnabledResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING] =
    { "SetPlayOnPhoneDialString", "SetPlayOnPhoneDialString",
      "SetPlayOnPhoneDialStringResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL] =
    { "SetTelephoneAccessFolderEmail", "SetTelephoneAccessFolderEmail",
      "SetTelephoneAccessFolderEmailResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_RESET_PIN] =
    { "ResetPIN", "ResetPIN", "ResetPINResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_PLAY_ON_PHONE] =
    { "PlayOnPhone", "PlayOnPhone", "PlayOnPhoneResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_PLAY_ON_PHONE_GREETING] =
    { "PlayOnPhoneGreeting", "PlayOnPhoneGreeting", "PlayOnPhoneGreetingResponse",
      UM_ENDPOINT_LEGACY },
  [UM_OPERATION_GET_CALL_INFO] =
    { "GetCallInfo", "GetCallInfo", "GetCallInfoResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_DISCONNECT] =
    { "Disconnect", "Disconnect", "DisconnectResponse", UM_ENDPOINT_LEGACY },
  [UM_OPERATION_PLAY_ON_PHONE2] =
    { "PlayOnPhone2", "PlayOnPhone", "PlayOnPhoneResponse", UM_ENDPOINT_EWS },
  [UM_OPERATION_GET_PHONE_CALL_INFORMATION] =
    { "GetPhoneCallInformation", "GetPhoneCallInformation",
      "GetPhoneCallInformationResponse", UM_ENDPOINT_EWS },
  [UM_OPERATION_DISCONNECT_PHONE_CALL] =
    { "DisconnectPhoneCall", "DisconnectPhoneCall", "DisconnectPhoneCallResponse",
      UM_ENDPOINT_EWS },
#define EWS_OPERATION(id, name) [id] = { name, name, name "Response", UM_ENDPOINT_EWS }
  EWS_OPERATION (UM_OPERATION_FIND_FOLDER, "FindFolder"),
  EWS_OPERATION (UM_OPERATION_GET_FOLDER, "GetFolder"),
  EWS_OPERATION (UM_OPERATION_CREATE_FOLDER, "CreateFolder"),
  EWS_OPERATION (UM_OPERATION_FIND_ITEM, "FindItem"),
  EWS_OPERATION (UM_OPERATION_GET_ITEM, "GetItem"),
  EWS_OPERATION (UM_OPERATION_GET_ATTACHMENT, "GetAttachment"),
  EWS_OPERATION (UM_OPERATION_UPDATE_ITEM, "UpdateItem"),
  EWS_OPERATION (UM_OPERATION_MOVE_ITEM, "MoveItem"),
  EWS_OPERATION (UM_OPERATION_DELETE_ITEM, "DeleteItem"),
  EWS_OPERATION (UM_OPERATION_SYNC_FOLDER_ITEMS, "SyncFolderItems"),
  EWS_OPERATION (UM_OPERATION_CONVERT_ID, "ConvertId"),
  EWS_OPERATION (UM_OPERATION_SUBSCRIBE, "Subscribe"),
  EWS_OPERATION (UM_OPERATION_UNSUBSCRIBE, "Unsubscribe"),
  EWS_OPERATION (UM_OPERATION_GET_EVENTS, "GetEvents"),
  EWS_OPERATION (UM_OPERATION_GET_STREAMING_EVENTS, "GetStreamingEvents"),
#undef EWS_OPERATION
};

G_STATIC_ASSERT (G_N_ELEMENTS (operations) == UM_N_OPERATIONS);

static const char *const soap_actions[] = {
  [UM_OPERATION_IS_UM_ENABLED] = UM_SOAP_ACTION_PREFIX "IsUMEnabled",
  [UM_OPERATION_GET_UM_PROPERTIES] = UM_SOAP_ACTION_PREFIX "GetUMProperties",
  [UM_OPERATION_SET_OOF_STATUS] = UM_SOAP_ACTION_PREFIX "SetOofStatus",
  [UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED] =
    UM_SOAP_ACTION_PREFIX "SetMissedCallNotificationEnabled",
  [UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING] = UM_SOAP_ACTION_PREFIX "SetPlayOnPhoneDialString",
  [UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL] =
    UM_SOAP_ACTION_PREFIX "SetTelephoneAccessFolderEmail",
  [UM_OPERATION_RESET_PIN] = UM_SOAP_ACTION_PREFIX "ResetPIN",
  [UM_OPERATION_PLAY_ON_PHONE] = UM_SOAP_ACTION_PREFIX "PlayOnPhone",
  [UM_OPERATION_PLAY_ON_PHONE_GREETING] = UM_SOAP_ACTION_PREFIX "PlayOnPhoneGreeting",
  [UM_OPERATION_GET_CALL_INFO] = UM_SOAP_ACTION_PREFIX "GetCallInfo",
  [UM_OPERATION_DISCONNECT] = UM_SOAP_ACTION_PREFIX "Disconnect",
  [UM_OPERATION_PLAY_ON_PHONE2] = UM_SOAP_ACTION_PREFIX "PlayOnPhone",
  [UM_OPERATION_GET_PHONE_CALL_INFORMATION] = UM_SOAP_ACTION_PREFIX "GetPhoneCallInformation",
  [UM_OPERATION_DISCONNECT_PHONE_CALL] = UM_SOAP_ACTION_PREFIX "DisconnectPhoneCall",
  [UM_OPERATION_FIND_FOLDER] = UM_SOAP_ACTION_PREFIX "FindFolder",
  [UM_OPERATION_GET_FOLDER] = UM_SOAP_ACTION_PREFIX "GetFolder",
  [UM_OPERATION_CREATE_FOLDER] = UM_SOAP_ACTION_PREFIX "CreateFolder",
  [UM_OPERATION_FIND_ITEM] = UM_SOAP_ACTION_PREFIX "FindItem",
  [UM_OPERATION_GET_ITEM] = UM_SOAP_ACTION_PREFIX "GetItem",
  [UM_OPERATION_GET_ATTACHMENT] = UM_SOAP_ACTION_PREFIX "GetAttachment",
  [UM_OPERATION_UPDATE_ITEM] = UM_SOAP_ACTION_PREFIX "UpdateItem",
  [UM_OPERATION_MOVE_ITEM] = UM_SOAP_ACTION_PREFIX "MoveItem",
  [UM_OPERATION_DELETE_ITEM] = UM_SOAP_ACTION_PREFIX "DeleteItem",
  [UM_OPERATION_SYNC_FOLDER_ITEMS] = UM_SOAP_ACTION_PREFIX "SyncFolderItems",
  [UM_OPERATION_CONVERT_ID] = UM_SOAP_ACTION_PREFIX "ConvertId",
  [UM_OPERATION_SUBSCRIBE] = UM_SOAP_ACTION_PREFIX "Subscribe",
  [UM_OPERATION_UNSUBSCRIBE] = UM_SOAP_ACTION_PREFIX "Unsubscribe",
  [UM_OPERATION_GET_EVENTS] = UM_SOAP_ACTION_PREFIX "GetEvents",
  [UM_OPERATION_GET_STREAMING_EVENTS] = UM_SOAP_ACTION_PREFIX "GetStreamingEvents",
};

G_STATIC_ASSERT (G_N_ELEMENTS (soap_actions) == UM_N_OPERATIONS);

const char *
um_operation_get_name (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);
  return operations[operation].name;
}

const char *
um_operation_get_request_element (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);
  return operations[operation].request;
}

const char *
um_operation_get_response_element (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);
  return operations[operation].response;
}

const char *
um_operation_get_soap_action (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, NULL);
  return soap_actions[operation];
}

UmEndpoint
um_operation_get_endpoint (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, UM_ENDPOINT_LEGACY);
  return operations[operation].endpoint;
}

/**
 * um_operation_is_idempotent:
 * @operation: an operation
 *
 * Whether sending @operation twice does what sending it once does: reading
 * and setting are, placing a call and resetting the PIN are not.
 *
 * Returns: %TRUE if the operation may be resent on a reused connection
 */
gboolean
um_operation_is_idempotent (UmOperation operation)
{
  switch (operation)
    {
    case UM_OPERATION_PLAY_ON_PHONE:
    case UM_OPERATION_PLAY_ON_PHONE_GREETING:
    case UM_OPERATION_PLAY_ON_PHONE2:
    case UM_OPERATION_RESET_PIN:
    case UM_OPERATION_CREATE_FOLDER:
    case UM_OPERATION_MOVE_ITEM:
    case UM_OPERATION_DELETE_ITEM:
    case UM_OPERATION_SUBSCRIBE:
      return FALSE;

    case UM_OPERATION_IS_UM_ENABLED:
    case UM_OPERATION_GET_UM_PROPERTIES:
    case UM_OPERATION_SET_OOF_STATUS:
    case UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED:
    case UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING:
    case UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL:
    case UM_OPERATION_GET_CALL_INFO:
    case UM_OPERATION_DISCONNECT:
    case UM_OPERATION_GET_PHONE_CALL_INFORMATION:
    case UM_OPERATION_DISCONNECT_PHONE_CALL:
    case UM_OPERATION_FIND_FOLDER:
    case UM_OPERATION_GET_FOLDER:
    case UM_OPERATION_FIND_ITEM:
    case UM_OPERATION_GET_ITEM:
    case UM_OPERATION_GET_ATTACHMENT:
    case UM_OPERATION_UPDATE_ITEM:
    case UM_OPERATION_SYNC_FOLDER_ITEMS:
    case UM_OPERATION_CONVERT_ID:
    case UM_OPERATION_UNSUBSCRIBE:
    case UM_OPERATION_GET_EVENTS:
    case UM_OPERATION_GET_STREAMING_EVENTS:
      return TRUE;

    case UM_N_OPERATIONS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * um_operation_has_response_messages:
 * @operation: an operation
 *
 * Whether the answer carries a ResponseMessages list whose members each have
 * a ResponseClass ([MS-OXWSCDATA] 2.2.4.8), rather than one ResponseClass on
 * the response element itself as the three EWS operations of [MS-OXWUMS].
 *
 * Returns: %TRUE for the mailbox calls
 */
gboolean
um_operation_has_response_messages (UmOperation operation)
{
  g_return_val_if_fail (operation < UM_N_OPERATIONS, FALSE);

  return operation >= UM_N_UM_OPERATIONS;
}

gboolean
um_operation_from_name (const char  *name,
                        UmOperation *operation)
{
  g_return_val_if_fail (operation != NULL, FALSE);

  for (guint i = 0; i < UM_N_OPERATIONS; i++)
    {
      if (g_strcmp0 (operations[i].name, name) == 0)
        {
          *operation = i;
          return TRUE;
        }
    }
  return FALSE;
}
