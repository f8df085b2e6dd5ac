/* fuzz-um-response.c: libFuzzer target for the response reader of every
 * operation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the operation (low nibble) and the HTTP status
 * (high bit: 500, else 200), then the body as a server would send it.
 */

#include "config.h"

#include <stdint.h>

#include "um.h"
#include "um-response.h"

static void
read_everything (UmResponse *response)
{
  g_autoptr(GError) error = NULL;

  switch (um_response_get_operation (response))
    {
    case UM_OPERATION_IS_UM_ENABLED:
      {
        gboolean value;

        um_response_read_boolean (response, &value, &error);
      }
      break;

    case UM_OPERATION_GET_UM_PROPERTIES:
      um_properties_free (um_response_read_properties (response, &error));
      break;

    case UM_OPERATION_PLAY_ON_PHONE:
    case UM_OPERATION_PLAY_ON_PHONE_GREETING:
    case UM_OPERATION_PLAY_ON_PHONE2:
      g_free (um_response_read_call_id (response, &error));
      break;

    case UM_OPERATION_GET_CALL_INFO:
    case UM_OPERATION_GET_PHONE_CALL_INFORMATION:
      um_call_info_free (um_response_read_call_info (response, &error));
      break;

    case UM_OPERATION_SET_OOF_STATUS:
    case UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED:
    case UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING:
    case UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL:
    case UM_OPERATION_RESET_PIN:
    case UM_OPERATION_DISCONNECT:
    case UM_OPERATION_DISCONNECT_PHONE_CALL:
      um_response_read_empty (response, &error);
      break;

    case UM_N_OPERATIONS:
    default:
      g_assert_not_reached ();
    }
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(UmResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  UmOperation operation;
  guint status;

  if (size < 1)
    return 0;

  operation = (data[0] & 0x0f) % UM_N_UM_OPERATIONS;
  status = (data[0] & 0x80) ? 500 : 200;
  body = g_bytes_new_static (data + 1, size - 1);

  response = um_response_new (operation, body, status, 0, &error);
  if (response != NULL)
    {
      g_assert_no_error (error);
      read_everything (response);
      um_response_get_server_version (response);
    }
  else
    {
      /* Every failure is a UM_ERROR with a message. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == UM_ERROR);
      g_assert_nonnull (error->message);
    }

  return 0;
}
