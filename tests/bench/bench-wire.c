/* bench-wire.c: GetPhoneCallInformation over keep-alive, Um client vs curl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts hark-server, places one EWS call that stays Connecting, then asks
 * for its state N times in a row: from UmClient (one SoupSession, one
 * connection) and from one curl process sending the same request bytes to
 * the same server. curl's process start-up is measured apart (one request)
 * and taken out. Prints the time per request of each and their ratio.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "um.h"
#include "bench-util.h"
#include "um-request.h"

#define USER BENCH_USER
#define PASSWORD BENCH_PASSWORD

typedef struct {
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *)user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}





/* N requests from the Um client, seconds per request */
static double
run_client (UmClient   *client,
            const char *call_id,
            guint       n)
{
  double start = bench_now ();

  for (guint i = 0; i < n; i++)
    {
      Wait wait = { NULL };
      g_autoptr(UmCallInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      um_client_get_phone_call_information_async (client, call_id, NULL, done_cb, &wait);
      info = um_client_get_phone_call_information_finish (client, wait_result (&wait), &error);
      g_object_unref (wait.result);
      if (info == NULL)
        g_error ("GetPhoneCallInformation failed: %s", error->message);
    }

  return (bench_now () - start) / n;
}

static gboolean
raw_authenticate_cb (SoupMessage *message,
                     SoupAuth    *auth,
                     gboolean     retrying,
                     gpointer     user_data)
{
  return bench_authenticate_cb (NULL, auth, retrying, NULL);
}

static void
raw_restarted_cb (SoupMessage *message,
                  GBytes      *body)
{
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);
}

/* N requests of the same bytes with libsoup alone, no SOAP: what the Um
 * client cannot go below. Seconds per request. */
static double
run_raw_soup (SoupSession *session,
              const char  *url,
              GBytes      *body,
              guint        n)
{
  double start = bench_now ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      Wait wait = { NULL };

      soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
      soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);
      soup_message_headers_replace (soup_message_get_request_headers (message), "SOAPAction",
                                    "\"" UM_SOAP_ACTION_PREFIX "GetPhoneCallInformation\"");
      g_signal_connect (message, "authenticate", G_CALLBACK (raw_authenticate_cb), NULL);
      g_signal_connect (message, "restarted", G_CALLBACK (raw_restarted_cb), body);
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, done_cb,
                                        &wait);
      answer = soup_session_send_and_read_finish (session, wait_result (&wait), &error);
      g_object_unref (wait.result);
      if (answer == NULL || soup_message_get_status (message) != 200)
        g_error ("libsoup alone failed");
    }

  return (bench_now () - start) / n;
}

/* One curl process posting the same bytes @n times; seconds in all */
static double
run_curl (const char *config_dir,
          const char *url,
          guint       n)
{
  g_autofree char *config = g_build_filename (config_dir, "curl.conf", NULL);
  g_autofree char *body = g_build_filename (config_dir, "request.xml", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "curl", "--config", config, NULL };
  int status;
  double start;
  guint ok = 0;

  g_string_append_printf (text, "silent\nwrite-out = \"%%{http_code}\\n\"\n"
                                "user = \"%s:%s\"\n"
                                "header = \"Content-Type: text/xml; charset=utf-8\"\n"
                                "header = \"SOAPAction: \\\"" UM_SOAP_ACTION_PREFIX
                                "GetPhoneCallInformation\\\"\"\n"
                                "data-binary = \"@%s\"\n", USER, PASSWORD, body);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "url = \"%s\"\noutput = \"/dev/null\"\n", url);
  g_file_set_contents (config, text->str, text->len, &error);
  g_assert_no_error (error);

  start = bench_now ();
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("curl failed: %s", error->message);

  /* Every answer was a 200 (the call is known and Connecting). */
  for (const char *p = out; (p = strstr (p, "200")) != NULL; p += 3)
    ok++;
  if (ok != n)
    g_error ("curl got %u answers of 200 out of %u", ok, n);

  return bench_now () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(UmClient) client = NULL;
  g_autoptr(UmRequest) request = NULL;
  g_autoptr(GBytes) request_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autofree char *body_path = g_build_filename (dir, "request.xml", NULL);
  g_autofree char *ews_url = NULL;
  const char *server_bin = g_getenv ("HARK_SERVER_BIN");
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 500;
  guint warm_up = MIN (n, 50);
  double client_times[9];
  double curl_times[9];
  double soup_times[9];
  double ratios[9];
  g_autoptr(SoupSession) raw_session = soup_session_new ();
  Wait wait = { NULL };

  g_assert_nonnull (server_bin);

  /* The server: a call that rings for an hour, so it stays known and Connecting. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  server = g_subprocess_launcher_spawn (launcher, &error, server_bin, "--user", USER,
                                        "--password", PASSWORD, "--ring-time", "3600", NULL);
  g_assert_no_error (error);
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);

  client = um_client_new_for_server (url);
  g_signal_connect (client, "authenticate", G_CALLBACK (bench_authenticate_cb), NULL);

  {
    g_autofree char *raw = g_strdup ("HarkItem:" USER ":voicemail-01");
    g_autofree char *item_id = g_base64_encode ((const guchar *)raw, strlen (raw));

    um_client_play_on_phone2_async (client, item_id, "+1-425-555-0123", NULL, done_cb, &wait);
    call_id = um_client_play_on_phone2_finish (client, wait_result (&wait), &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
  }

  /* The same bytes the client sends, for curl */
  request = um_request_new (UM_OPERATION_GET_PHONE_CALL_INFORMATION,
                            um_client_get_request_server_version (client));
  um_request_set_attribute (request, um_request_add_element (request, NULL, "PhoneCallId", NULL),
                            "Id", call_id);
  request_bytes = um_request_to_bytes (request);
  g_file_set_contents (body_path, g_bytes_get_data (request_bytes, NULL),
                       g_bytes_get_size (request_bytes), &error);
  g_assert_no_error (error);
  ews_url = g_strconcat (url, UM_EWS_PATH, NULL);

  /* Warm up both: the client's authentication and connection, curl's cache. */
  run_client (client, call_id, warm_up);
  run_curl (dir, ews_url, warm_up);
  run_raw_soup (raw_session, ews_url, request_bytes, warm_up);

  for (guint round = 0; round < G_N_ELEMENTS (client_times); round++)
    {
      double curl_one;
      double curl_all;

      /* Alternating, so that whatever else the machine does falls on both. */
      client_times[round] = run_client (client, call_id, n);
      curl_one = run_curl (dir, ews_url, 1);
      curl_all = run_curl (dir, ews_url, n + 1);
      curl_times[round] = (curl_all - curl_one) / n;
      ratios[round] = client_times[round] / curl_times[round];
      soup_times[round] = run_raw_soup (raw_session, ews_url, request_bytes, n);
    }

  {
    double client_time = bench_median (client_times, G_N_ELEMENTS (client_times));
    double curl_time = bench_median (curl_times, G_N_ELEMENTS (curl_times));
    double round_median = bench_median (ratios, G_N_ELEMENTS (ratios));  /* sorts them */
    double soup_time = bench_median (soup_times, G_N_ELEMENTS (soup_times));

    printf ("GetPhoneCallInformation over one keep-alive connection, %u requests, median of %u "
            "rounds\n", n, (guint)G_N_ELEMENTS (client_times));
    printf ("  Um client: %7.1f µs/request\n", client_time * 1e6);
    printf ("  curl:      %7.1f µs/request (start-up taken out)\n", curl_time * 1e6);
    printf ("  libsoup alone, same bytes, no SOAP: %.1f µs/request (%.2f× curl)\n",
            soup_time * 1e6, soup_time / curl_time);
    printf ("  ratio:     %7.2f× (goal ≤ 1.20×); per round: median %.2f×, "
            "from %.2f× to %.2f×\n",
            client_time / curl_time, round_median, ratios[0],
            ratios[G_N_ELEMENTS (ratios) - 1]);
  }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_unlink (body_path);
  {
    g_autofree char *config = g_build_filename (dir, "curl.conf", NULL);

    g_unlink (config);
  }
  g_rmdir (dir);
  return 0;
}
