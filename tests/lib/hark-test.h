/* hark-test.h: what the test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "um.h"
#include "hark-test-describe.h"
#include "hark-test-files.h"
#include "um-server.h"

G_BEGIN_DECLS

#define HARK_TEST_USER "alice"
#define HARK_TEST_PASSWORD "s3cret & <pa$$word>"

UmServer     *hark_test_server_new          (void);
UmServer     *hark_test_server_new_tls      (void);
UmClient     *hark_test_client_new          (UmServer      *server,
                                             const char    *user,
                                             const char    *password);
const char   *hark_test_get_certs_dir       (void);
const char   *hark_test_get_protocol_dir    (void);

GAsyncResult *hark_test_wait_result         (GAsyncResult **slot);
void          hark_test_store_result_cb     (GObject       *object,
                                             GAsyncResult  *result,
                                             gpointer       user_data);
void          hark_test_wait_for            (gboolean      *flag);
void          hark_test_sleep               (guint          msec);

gboolean      hark_test_validate            (const char    *schema,
                                             const char    *file,
                                             char         **output);
void          hark_test_wait_for_call_state (UmServer      *server,
                                             const char    *call_id,
                                             UmCallState    state);
const UmServerMessage *hark_test_first_voicemail (UmServerAccount *account);
void          hark_test_run_every_operation (UmServer      *server,
                                             UmClient      *client);
GSubprocess  *hark_test_keyring_start       (const char    *dir);
void          hark_test_keyring_stop        (GSubprocess   *keyring);
char         *hark_test_canonical_xml       (const char    *data,
                                             gsize          size);
char         *hark_test_canonical_file      (const char    *path);

/* Starts an operation whose callback stores its result in *slot. */
#define HARK_TEST_CB(slot) hark_test_store_result_cb, (slot)

G_END_DECLS
