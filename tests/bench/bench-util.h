/* bench-util.h: what the benchmarks share: a clock, medians, credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signal.h>
#include <stdlib.h>

#include "um.h"

#define BENCH_USER "bench"
#define BENCH_PASSWORD "bench-password"

static inline double
bench_now (void)
{
  return g_get_monotonic_time () / (double)G_USEC_PER_SEC;
}

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Sorts @values. */
static inline double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), bench_compare_doubles);
  return values[n / 2];
}

static inline gboolean
bench_authenticate_cb (UmClient *client,
                       SoupAuth *auth,
                       gboolean  retrying,
                       gpointer  user_data)
{
  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, BENCH_USER, BENCH_PASSWORD);
  return TRUE;
}

/* hark-server in a process of its own, with a mailbox of @size voice mails
 * for BENCH_USER. */
typedef struct {
  GSubprocess *process;
  char        *url;
} BenchServer;

static inline void
bench_server_start (BenchServer *server,
                    guint        size,
                    const char  *log_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, g_strdup (g_getenv ("HARK_SERVER_BIN")));
  g_ptr_array_add (argv, g_strdup ("--user"));
  g_ptr_array_add (argv, g_strdup (BENCH_USER));
  g_ptr_array_add (argv, g_strdup ("--password"));
  g_ptr_array_add (argv, g_strdup (BENCH_PASSWORD));
  g_ptr_array_add (argv, g_strdup ("--mailbox"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", size));
  if (log_dir != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--log-dir"));
      g_ptr_array_add (argv, g_strdup (log_dir));
    }
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata,
                                                  &error);
  if (server->process == NULL)
    g_error ("hark-server: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  server->url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (server->url == NULL)
    g_error ("hark-server said no address");
}

static inline void
bench_server_stop (BenchServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}
