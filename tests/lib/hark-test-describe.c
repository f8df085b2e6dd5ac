/* hark-test-describe.c: results as one line, for the um tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test-describe.h"

/**
 * hark_test_describe_response:
 * @response: a successful answer
 * @error: return location for an error
 *
 * Reads the operation's result and writes it as one line, for comparing with
 * an expected string: "true", "Connected/None", "oof=0 missed=1 ...", "ok".
 *
 * Returns: (transfer full) (nullable): the description
 */
char *
hark_test_describe_response (UmResponse  *response,
                             GError     **error)
{
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(UmCallInfo) info = NULL;
  g_autofree char *numbers = NULL;
  gboolean value;

  switch (um_response_get_operation (response))
    {
    case UM_OPERATION_IS_UM_ENABLED:
      if (!um_response_read_boolean (response, &value, error))
        return NULL;
      return g_strdup (value ? "true" : "false");

    case UM_OPERATION_GET_UM_PROPERTIES:
      properties = um_response_read_properties (response, error);
      if (properties == NULL)
        return NULL;
      if (properties->telephone_access_numbers != NULL)
        {
          g_autofree char *joined = g_strjoinv ("|", properties->telephone_access_numbers);

          numbers = g_strdup_printf ("[%s]", joined);
        }
      return g_strdup_printf ("oof=%d missed=%d dial=%s numbers=%s folder=%s",
                              properties->oof_status,
                              properties->missed_call_notification_enabled,
                              properties->play_on_phone_dial_string ?: "(null)",
                              numbers ?: "(null)",
                              properties->telephone_access_folder_email ?: "(null)");

    case UM_OPERATION_PLAY_ON_PHONE:
    case UM_OPERATION_PLAY_ON_PHONE_GREETING:
    case UM_OPERATION_PLAY_ON_PHONE2:
      return um_response_read_call_id (response, error);

    case UM_OPERATION_GET_CALL_INFO:
    case UM_OPERATION_GET_PHONE_CALL_INFORMATION:
      info = um_response_read_call_info (response, error);
      if (info == NULL)
        return NULL;
      if (info->has_sip_response)
        return g_strdup_printf ("%s/%s sip=%d %s", um_call_state_to_wire (info->state),
                                um_call_cause_to_wire (info->cause), info->sip_response_code,
                                info->sip_response_text);
      return g_strdup_printf ("%s/%s", um_call_state_to_wire (info->state),
                              um_call_cause_to_wire (info->cause));

    case UM_OPERATION_SET_OOF_STATUS:
    case UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED:
    case UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING:
    case UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL:
    case UM_OPERATION_RESET_PIN:
    case UM_OPERATION_DISCONNECT:
    case UM_OPERATION_DISCONNECT_PHONE_CALL:
      if (!um_response_read_empty (response, error))
        return NULL;
      return g_strdup ("ok");

    case UM_N_OPERATIONS:
    default:
      g_assert_not_reached ();
    }
}
