/* hark-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 gpointer  user_data)
{
  const char *const *credentials = user_data;

  /* Like a careful app: never send the same refused password twice. */
  if (retrying)
    return FALSE;

  soup_auth_authenticate (auth, credentials[0], credentials[1]);
  return TRUE;
}

static UmServer *
new_server (gboolean tls)
{
  g_autoptr(UmServer) server = um_server_new ();
  UmServerPhone *phone = um_server_get_phone (server);
  g_autoptr(GError) error = NULL;

  um_server_add_demo_account (server, HARK_TEST_USER, HARK_TEST_PASSWORD);

  /* Short timers: a whole call takes a fraction of a second. */
  um_server_phone_set_ring_time (phone, 0.05);
  um_server_phone_set_play_time (phone, 0.15);
  um_server_phone_set_call_timeout (phone, 0.2);

  if (tls)
    {
      g_autofree char *cert = g_build_filename (hark_test_get_certs_dir (), "server.pem", NULL);
      g_autofree char *key = g_build_filename (hark_test_get_certs_dir (), "server-key.pem",
                                               NULL);

      um_server_set_tls_files (server, cert, key, &error);
      g_assert_no_error (error);
    }

  um_server_listen (server, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (um_server_get_url (server));
  return g_steal_pointer (&server);
}

/**
 * hark_test_server_new:
 *
 * Returns: (transfer full): a reference server on loopback with the demo
 *   mailbox for HARK_TEST_USER and timers short enough for tests
 */
UmServer *
hark_test_server_new (void)
{
  return new_server (FALSE);
}

UmServer *
hark_test_server_new_tls (void)
{
  return new_server (TRUE);
}

/**
 * hark_test_client_new:
 * @server: a listening server
 * @user: (nullable): the user name to answer with, or %NULL to answer none
 * @password: (nullable): the password
 *
 * Returns: (transfer full): a client for @server's endpoints
 */
UmClient *
hark_test_client_new (UmServer   *server,
                      const char *user,
                      const char *password)
{
  UmClient *client = um_client_new_for_server (um_server_get_url (server));

  if (user != NULL)
    {
      char **credentials = g_new0 (char *, 3);

      credentials[0] = g_strdup (user);
      credentials[1] = g_strdup (password);
      g_signal_connect_data (client, "authenticate", G_CALLBACK (authenticate_cb),
                             credentials, (GClosureNotify)(void (*) (void))g_strfreev, 0);
    }
  return client;
}

const char *
hark_test_get_certs_dir (void)
{
  const char *dir = g_getenv ("HARK_TEST_CERTS");

  g_assert_nonnull (dir);
  return dir;
}

/**
 * hark_test_get_protocol_dir:
 *
 * Returns: the protocol reference folder (../shared/protocol)
 */
const char *
hark_test_get_protocol_dir (void)
{
  const char *dir = g_getenv ("HARK_PROTOCOL_REFERENCE");

  g_assert_nonnull (dir);
  return dir;
}

void
hark_test_store_result_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/**
 * hark_test_wait_result:
 * @slot: where hark_test_store_result_cb() stores a result
 *
 * Spins the main context until the callback has run.
 *
 * Returns: (transfer none): the result
 */
GAsyncResult *
hark_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

void
hark_test_wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main context run for @msec (server timers, idle work). */
void
hark_test_sleep (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, set_flag_cb, &done);
  hark_test_wait_for (&done);
}

/**
 * hark_test_canonical_xml:
 * @data: an XML document
 * @size: its length
 *
 * Returns: (transfer full): its Canonical XML (C14N 1.0, no comments), with
 *   whitespace-only text between elements dropped, for comparing documents
 *   that differ only in indentation
 */
char *
hark_test_canonical_xml (const char *data,
                         gsize       size)
{
  xmlDoc *doc;
  xmlChar *out = NULL;
  char *result;

  doc = xmlReadMemory (data, (int)size, NULL, NULL,
                       XML_PARSE_NOBLANKS | XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  g_assert_cmpint (xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 0, &out), >=, 0);
  result = g_strdup ((const char *)out);
  xmlFree (out);
  xmlFreeDoc (doc);
  return result;
}

char *
hark_test_canonical_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  return hark_test_canonical_xml (contents, size);
}

/**
 * hark_test_validate:
 * @schema: (nullable): a root schema relative to the protocol folder, e.g.
 *   "validate/ews-exchange2016.xsd", or %NULL to let validate.sh choose
 * @file: an XML file
 * @output: (out) (optional): what validate.sh printed
 *
 * Runs ../shared/protocol/validate/validate.sh on @file.
 *
 * Returns: %TRUE if it printed PASS
 */
gboolean
hark_test_validate (const char  *schema,
                    const char  *file,
                    char       **output)
{
  g_autofree char *script = g_build_filename (hark_test_get_protocol_dir (), "validate",
                                              "validate.sh", NULL);
  g_autofree char *schema_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *)"sh");
  g_ptr_array_add (argv, script);
  if (schema != NULL)
    {
      schema_path = g_build_filename (hark_test_get_protocol_dir (), schema, NULL);
      g_ptr_array_add (argv, (char *)"--schema");
      g_ptr_array_add (argv, schema_path);
    }
  g_ptr_array_add (argv, (char *)file);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);

  if (output != NULL)
    *output = g_strdup (out);
  return g_spawn_check_wait_status (status, NULL) && g_str_has_prefix (out, "PASS ");
}

typedef struct {
  const char  *call_id;
  UmCallState  state;
  gboolean     reached;
} StateWait;

static void
call_changed_cb (UmServerPhone *phone,
                 const char    *call_id,
                 UmCallState    state,
                 UmCallCause    cause,
                 StateWait     *wait)
{
  if (g_str_equal (call_id, wait->call_id) && state == wait->state)
    wait->reached = TRUE;
}

/**
 * hark_test_wait_for_call_state:
 * @server: a server
 * @call_id: a call of its phone
 * @state: the state to wait for
 *
 * Spins the main context until the server's phone takes @call_id to @state.
 */
void
hark_test_wait_for_call_state (UmServer    *server,
                               const char  *call_id,
                               UmCallState  state)
{
  StateWait wait = { call_id, state, FALSE };
  UmServerPhone *phone = um_server_get_phone (server);
  gulong handler = g_signal_connect (phone, "call-changed", G_CALLBACK (call_changed_cb), &wait);

  hark_test_wait_for (&wait.reached);
  g_signal_handler_disconnect (phone, handler);
}

/**
 * hark_test_first_voicemail:
 * @account: an account with the demo mailbox
 *
 * Returns: (transfer none): the newest voice mail of its Inbox
 */
const UmServerMessage *
hark_test_first_voicemail (UmServerAccount *account)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (account);
  g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
    mailbox, um_server_mailbox_get_folder (mailbox, "inbox", NULL));

  g_assert_cmpuint (messages->len, >, 0);
  return g_ptr_array_index (messages, 0);
}

/**
 * hark_test_run_every_operation:
 * @server: a server with the demo account HARK_TEST_USER
 * @client: a client of @server for that account
 *
 * Sends each of the 14 operations at least once, with success, plus the
 * failures the spec names (a refused number, an unknown item, unknown call
 * ids, ids with every character XML escapes): 19 requests, 5 of them EWS.
 */
void
hark_test_run_every_operation (UmServer *server,
                               UmClient *client)
{
  UmServerAccount *account = um_server_get_account (server, HARK_TEST_USER);
  const char *item_id;
  const char *entry_id;
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL, r6 = NULL;
  g_autoptr(GAsyncResult) r7 = NULL, r8 = NULL, r9 = NULL, r10 = NULL, r11 = NULL, r12 = NULL;
  g_autoptr(GAsyncResult) r13 = NULL, r14 = NULL, r15 = NULL, r16 = NULL, r17 = NULL;
  g_autoptr(GAsyncResult) r18 = NULL, r19 = NULL;
  g_autofree char *legacy_call = NULL;
  g_autofree char *greeting_call = NULL;
  g_autofree char *ews_call = NULL;
  g_autoptr(GError) error = NULL;

  /* An item the test gave the account, or the demo mailbox's. */
  if (um_server_account_get_n_items (account) > 0)
    {
      item_id = um_server_account_get_item (account, 0)->item_id;
      entry_id = um_server_account_get_item (account, 0)->entry_id;
    }
  else
    {
      item_id = hark_test_first_voicemail (account)->id;
      entry_id = hark_test_first_voicemail (account)->entry_id;
    }

  um_client_is_um_enabled_async (client, NULL, HARK_TEST_CB (&r1));
  um_client_get_um_properties_async (client, NULL, HARK_TEST_CB (&r2));
  um_client_set_oof_status_async (client, TRUE, NULL, HARK_TEST_CB (&r3));
  um_client_set_missed_call_notification_enabled_async (client, FALSE, NULL, HARK_TEST_CB (&r4));
  um_client_set_play_on_phone_dial_string_async (client, "tel:+1-425-555-0123;ext=1&2", NULL,
                                                 HARK_TEST_CB (&r5));
  um_client_set_telephone_access_folder_email_async (client, "AAAAAEhhcmsgZm9sZGVy", NULL,
                                                     HARK_TEST_CB (&r6));
  um_client_reset_pin_async (client, NULL, HARK_TEST_CB (&r7));
  um_client_play_on_phone_async (client, entry_id, "12345", NULL, HARK_TEST_CB (&r8));
  um_client_play_on_phone_greeting_async (client, UM_GREETING_TYPE_NORMAL_CUSTOM, "12345", NULL,
                                          HARK_TEST_CB (&r9));
  um_client_play_on_phone2_async (client, item_id, "+1-425-555-0123", NULL,
                                  HARK_TEST_CB (&r10));

  um_client_play_on_phone_async (client, entry_id, "1-900-555-0100", NULL,
                                 HARK_TEST_CB (&r17));
  um_client_play_on_phone2_async (client, "QUJD", "12345", NULL, HARK_TEST_CB (&r18));
  um_client_get_call_info_async (client, "bm9wZQ==", NULL, HARK_TEST_CB (&r19));

  legacy_call = um_client_play_on_phone_finish (client, hark_test_wait_result (&r8), &error);
  g_assert_no_error (error);
  greeting_call = um_client_play_on_phone_greeting_finish (client, hark_test_wait_result (&r9),
                                                           &error);
  g_assert_no_error (error);
  ews_call = um_client_play_on_phone2_finish (client, hark_test_wait_result (&r10), &error);
  g_assert_no_error (error);

  um_client_get_call_info_async (client, legacy_call, NULL, HARK_TEST_CB (&r11));
  um_client_disconnect_async (client, greeting_call, NULL, HARK_TEST_CB (&r12));
  um_client_get_phone_call_information_async (client, ews_call, NULL, HARK_TEST_CB (&r13));
  um_client_disconnect_phone_call_async (client, ews_call, NULL, HARK_TEST_CB (&r14));
  /* Ids with every character XML escapes */
  um_client_get_call_info_async (client, "a&b<c>d\"e'f", NULL, HARK_TEST_CB (&r15));
  um_client_disconnect_phone_call_async (client, "a&b<c>d\"e'f", NULL, HARK_TEST_CB (&r16));

  hark_test_wait_result (&r1);
  hark_test_wait_result (&r2);
  hark_test_wait_result (&r3);
  hark_test_wait_result (&r4);
  hark_test_wait_result (&r5);
  hark_test_wait_result (&r6);
  hark_test_wait_result (&r7);
  hark_test_wait_result (&r11);
  hark_test_wait_result (&r12);
  hark_test_wait_result (&r13);
  hark_test_wait_result (&r14);
  hark_test_wait_result (&r15);
  hark_test_wait_result (&r16);
  hark_test_wait_result (&r17);
  hark_test_wait_result (&r18);
  hark_test_wait_result (&r19);
}

/* A real secret service */

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *)user_data = TRUE;
}

/* The login keyring exists and is the default one (else storing a secret
 * would ask, through a prompter that is not there, to make one). */
static gboolean
keyring_ready (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets",
                                       "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&o)", &path);
  return g_str_equal (path, "/org/freedesktop/secrets/collection/login");
}

/**
 * hark_test_keyring_start:
 * @dir: (nullable): a folder for the daemon's home, data and runtime
 *   folders; the test case's isolated ones when %NULL
 *
 * Starts a gnome-keyring-daemon (secrets only) on the session bus, which
 * must be the test's own (GTestDBus), with its login keyring unlocked by a
 * test password and made the default.
 *
 * A process keeps one: libsecret's connection to the secret service lives
 * as long as the process, and does not follow a daemon that restarts.
 *
 * Returns: (transfer full): the daemon
 */
GSubprocess *
hark_test_keyring_start (const char *dir)
{
  g_autofree char *home = dir != NULL ? g_build_filename (dir, "home", NULL)
                                      : g_strdup (g_get_home_dir ());
  g_autofree char *runtime = dir != NULL ? g_build_filename (dir, "runtime", NULL)
                                         : g_strdup (g_get_user_runtime_dir ());
  g_autofree char *data = dir != NULL ? g_build_filename (dir, "data", NULL)
                                      : g_strdup (g_get_user_data_dir ());
  g_autofree char *config = dir != NULL ? g_build_filename (dir, "config", NULL)
                                        : g_strdup (g_get_user_config_dir ());
  g_autofree char *cache = dir != NULL ? g_build_filename (dir, "cache", NULL)
                                       : g_strdup (g_get_user_cache_dir ());
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GOutputStream) stdin_pipe = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *keyring;
  gboolean appeared = FALSE;
  guint watch;

  /* gnome-keyring keeps its control socket in the runtime dir, its keyrings
   * in the data dir: both isolated, both must exist. */
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* GTestDBus points the XDG folders at /dev/null; give the daemon the
   * test's isolated ones. */
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon",
                                         "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);

  /* The keyring's own password, on its stdin, then EOF. */
  stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (keyring));
  g_output_stream_write_all (stdin_pipe, "test-keyring", 12, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL,
                            &appeared, NULL);
  hark_test_wait_for (&appeared);
  g_bus_unwatch_name (watch);

  /* The daemon owns its name before it has made the login keyring from the
   * password: wait for the keyring too. */
  while (!keyring_ready ())
    hark_test_sleep (20);
  return keyring;
}

/**
 * hark_test_keyring_stop:
 * @keyring: (transfer full): from hark_test_keyring_start()
 */
void
hark_test_keyring_stop (GSubprocess *keyring)
{
  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  g_object_unref (keyring);
}
