/* um-operation.h: the 14 operations of [MS-OXWUMS] and the EWS mailbox calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  UM_ENDPOINT_LEGACY, /* UMUrl: /EWS/UM2007Legacy.asmx */
  UM_ENDPOINT_EWS,    /* EwsUrl: /EWS/Exchange.asmx */
} UmEndpoint;

typedef enum {
  UM_OPERATION_IS_UM_ENABLED,
  UM_OPERATION_GET_UM_PROPERTIES,
  UM_OPERATION_SET_OOF_STATUS,
  UM_OPERATION_SET_MISSED_CALL_NOTIFICATION_ENABLED,
  UM_OPERATION_SET_PLAY_ON_PHONE_DIAL_STRING,
  UM_OPERATION_SET_TELEPHONE_ACCESS_FOLDER_EMAIL,
  UM_OPERATION_RESET_PIN,
  UM_OPERATION_PLAY_ON_PHONE,
  UM_OPERATION_PLAY_ON_PHONE_GREETING,
  UM_OPERATION_GET_CALL_INFO,
  UM_OPERATION_DISCONNECT,
  UM_OPERATION_PLAY_ON_PHONE2,
  UM_OPERATION_GET_PHONE_CALL_INFORMATION,
  UM_OPERATION_DISCONNECT_PHONE_CALL,
  UM_N_UM_OPERATIONS,

  /* The EWS calls the mailbox needs ([MS-OXWSFOLD], [MS-OXWSSRCH],
   * [MS-OXWSCORE], [MS-OXWSATT], [MS-OXWSSYNC], [MS-OXWSNTIF],
   * [MS-OXWSSTRM], [MS-OXWSCDATA] ConvertId): one ResponseMessages element
   * per id, each with its own ResponseClass. */
  UM_OPERATION_FIND_FOLDER = UM_N_UM_OPERATIONS,
  UM_OPERATION_GET_FOLDER,
  UM_OPERATION_CREATE_FOLDER,
  UM_OPERATION_FIND_ITEM,
  UM_OPERATION_GET_ITEM,
  UM_OPERATION_GET_ATTACHMENT,
  UM_OPERATION_UPDATE_ITEM,
  UM_OPERATION_MOVE_ITEM,
  UM_OPERATION_DELETE_ITEM,
  UM_OPERATION_SYNC_FOLDER_ITEMS,
  UM_OPERATION_CONVERT_ID,
  UM_OPERATION_SUBSCRIBE,
  UM_OPERATION_UNSUBSCRIBE,
  UM_OPERATION_GET_EVENTS,
  UM_OPERATION_GET_STREAMING_EVENTS,
  UM_N_OPERATIONS
} UmOperation;

const char *um_operation_get_name             (UmOperation operation);
const char *um_operation_get_request_element  (UmOperation operation);
const char *um_operation_get_response_element (UmOperation operation);
const char *um_operation_get_soap_action      (UmOperation operation);
UmEndpoint  um_operation_get_endpoint         (UmOperation operation);
gboolean    um_operation_is_idempotent        (UmOperation  operation);
gboolean    um_operation_has_response_messages (UmOperation operation);
gboolean    um_operation_from_name            (const char  *name,
                                               UmOperation *operation);

G_END_DECLS
