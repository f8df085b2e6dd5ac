/* um-error.h: UM_ERROR, one code per distinct meaning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UM_ERROR (um_error_quark ())

/**
 * UmError:
 * @UM_ERROR_INVALID_REQUEST: the server found the request malformed
 *   (ErrorInvalidRequest, 2.2.2.1)
 * @UM_ERROR_SCHEMA_VALIDATION: the request was well-formed but not valid
 *   (ErrorSchemaValidation, 2.2.2.1)
 * @UM_ERROR_INVALID_CALL_ID: the phone call id is unknown, gone or too long
 * @UM_ERROR_INVALID_OBJECT_ID: the item or folder id is not a valid id
 * @UM_ERROR_INVALID_DIAL_STRING: the number is not a telephone number at all
 *   (refused before sending)
 * @UM_ERROR_DIALING_RULES: the server's dialing rules refuse the number
 * @UM_ERROR_NOT_UM_ENABLED: the mailbox is not enabled for Unified Messaging
 * @UM_ERROR_AUTH_FAILED: no credentials, or the server refused them
 * @UM_ERROR_INSECURE: the URL would send credentials in clear text
 * @UM_ERROR_NOT_SUPPORTED: the server does not offer the operation
 * @UM_ERROR_SERVER_BUSY: the server asks to try again later
 * @UM_ERROR_HTTP: an HTTP error status without a SOAP answer
 * @UM_ERROR_MALFORMED_RESPONSE: the answer is not the SOAP the operation expects
 * @UM_ERROR_RESPONSE_TOO_LARGE: the answer is larger than the client accepts
 * @UM_ERROR_SERVER: any other fault or error response of the server
 * @UM_ERROR_NOT_FOUND: the item, folder or attachment is not (or no longer)
 *   in the mailbox
 * @UM_ERROR_EXISTS: a folder of that name already exists
 * @UM_ERROR_CONFLICT: the item changed on the server and the change cannot
 *   be applied
 * @UM_ERROR_INVALID_SYNC_STATE: the server no longer accepts the sync state;
 *   synchronise the folder again from the start
 * @UM_ERROR_SUBSCRIPTION: the notification subscription is gone or expired;
 *   subscribe again
 * @UM_ERROR_AUTODISCOVER: Autodiscover found no server for the address
 *
 * Faults, EWS error responses, HTTP statuses and unreadable bodies all map to
 * these codes through one table (um-error.c). The server's own code and text
 * stay readable with um_error_get_server_code() and
 * um_error_get_server_message().
 */
typedef enum {
  UM_ERROR_INVALID_REQUEST,
  UM_ERROR_SCHEMA_VALIDATION,
  UM_ERROR_INVALID_CALL_ID,
  UM_ERROR_INVALID_OBJECT_ID,
  UM_ERROR_INVALID_DIAL_STRING,
  UM_ERROR_DIALING_RULES,
  UM_ERROR_NOT_UM_ENABLED,
  UM_ERROR_AUTH_FAILED,
  UM_ERROR_INSECURE,
  UM_ERROR_NOT_SUPPORTED,
  UM_ERROR_SERVER_BUSY,
  UM_ERROR_HTTP,
  UM_ERROR_MALFORMED_RESPONSE,
  UM_ERROR_RESPONSE_TOO_LARGE,
  UM_ERROR_SERVER,
  UM_ERROR_NOT_FOUND,
  UM_ERROR_EXISTS,
  UM_ERROR_CONFLICT,
  UM_ERROR_INVALID_SYNC_STATE,
  UM_ERROR_SUBSCRIPTION,
  UM_ERROR_AUTODISCOVER,
} UmError;

GQuark      um_error_quark                (void);

UmError     um_error_code_for_server_code (const char   *operation,
                                           const char   *server_code,
                                           const char   *fault_string);
UmError     um_error_code_for_http_status (guint         status);
GError     *um_error_new_from_server      (UmError       code,
                                           const char   *server_code,
                                           const char   *server_message,
                                           guint         http_status);
GError     *um_error_new_literal          (UmError       code,
                                           const char   *message);
const char *um_error_code_to_nick         (UmError       code);

const char *um_error_get_server_code      (const GError *error);
const char *um_error_get_server_message   (const GError *error);
guint       um_error_get_http_status      (const GError *error);

G_END_DECLS
