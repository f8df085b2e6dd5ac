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
