/* fuzz-ews.c: libFuzzer target for the readers of the mailbox: the answers
 * of the EWS mailbox calls, POX Autodiscover answers and AsrData
 * transcriptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte, then the document. Bytes 0-127 choose a mailbox call
 * (modulo their number); 128 Autodiscover; 129 and up an ASR document.
 */

#include "config.h"

#include <stdint.h>

#include "um.h"
#include "um-response.h"

/* Every reader on every element: none may crash, whatever it is given. */
static void
walk (xmlNode *node)
{
  for (xmlNode *child = node; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      um_voice_mail_free (um_voice_mail_from_xml (child));
      um_folder_free (um_folder_from_xml (child));
      um_event_free (um_event_from_xml (child));
      um_notification_free (um_notification_from_xml (child));
      walk (child->children);
    }
}

static void
read_messages (UmResponse *response)
{
  xmlNode *messages = um_response_get_messages (response);

  for (xmlNode *message = um_xml_first_element (messages); message != NULL;
       message = um_xml_next_element (message))
    {
      GError *error = um_response_message_error (response, message);

      g_clear_error (&error);
    }
  walk (um_response_get_body_element (response));
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;

  if (data[0] < 128)
    {
      UmOperation operation = UM_N_UM_OPERATIONS +
                              data[0] % (UM_N_OPERATIONS - UM_N_UM_OPERATIONS);
      g_autoptr(GBytes) body = g_bytes_new_static (data + 1, size - 1);
      g_autoptr(UmResponse) response = um_response_new (operation, body, 200, 0, &error);

      if (response != NULL)
        read_messages (response);
      else
        g_assert_true (error != NULL && error->domain == UM_ERROR && error->message != NULL);
    }
  else if (data[0] == 128)
    {
      g_autofree char *redirect_addr = NULL;
      g_autofree char *redirect_url = NULL;
      g_autoptr(UmAutodiscoverResult) result =
        um_autodiscover_parse ((const char *)data + 1, size - 1, &redirect_addr, &redirect_url,
                               &error);

      /* Exactly one of: settings, a redirection, an error. */
      g_assert_true ((result != NULL) + (redirect_addr != NULL || redirect_url != NULL) +
                     (error != NULL) == 1);
    }
  else
    {
      g_autofree char *text = um_asr_to_text ((const char *)data + 1, size - 1);

      g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
    }

  return 0;
}
