/* test-um-schema.c: every request the client sends, validated against
 * Microsoft's schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reference server logs each request body as the client sent it; each is
 * then checked with ../shared/protocol/validate/validate.sh: the legacy
 * operations against the [MS-OXWUMS] schemas, the EWS ones against the
 * Exchange 2016 server schema and, sent as Exchange2016, against [MS-OXWUMS].
 */

#include "config.h"

#include "hark-test.h"

static gboolean
is_ews_log (const char *name)
{
  return strstr (name, "PlayOnPhone2") != NULL || strstr (name, "PhoneCall") != NULL;
}

static guint
validate_requests (const char *dir,
                   gboolean    ews_only,
                   const char *ews_schema)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint checked = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *output = NULL;
      gboolean ews = is_ews_log (name);

      if (!g_str_has_suffix (name, ".request.xml") || (ews_only && !ews))
        continue;

      /* The server logs what it could not parse as "malformed": never the client's. */
      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "malformed"));
      g_assert_false (g_str_has_prefix (strchr (name, '-') + 1, "invalid"));

      g_test_message ("%s", name);
      if (!hark_test_validate (ews ? ews_schema : NULL, path, &output))
        g_error ("%s does not validate:\n%s", name, output);
      checked++;
    }
  return checked;
}

static void
test_requests_exchange2013 (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);

  um_server_set_log_dir (server, dir);
  hark_test_run_every_operation (server, client);

  /* RequestServerVersion Exchange2013 (the client's default, and the spec's
   * examples) is allowed by the Exchange 2016 server schema; the [MS-OX*]
   * copy pins Exchange2016. */
  g_assert_cmpuint (validate_requests (dir, FALSE, "validate/ews-exchange2016.xsd"), ==, 19);
}

static void
test_requests_exchange2016 (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = hark_test_client_new (server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);

  um_server_set_log_dir (server, dir);
  um_client_set_request_server_version (client, "Exchange2016");
  hark_test_run_every_operation (server, client);

  /* The EWS requests against the [MS-OXWUMS] schemas themselves (validate.sh
   * picks the PlayOnPhone2 root by the file name). */
  g_assert_cmpuint (validate_requests (dir, TRUE, NULL), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/schema/requests/exchange2013", test_requests_exchange2013);
  g_test_add_func ("/um/schema/requests/exchange2016", test_requests_exchange2016);

  return g_test_run ();
}
