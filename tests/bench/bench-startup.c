/* bench-startup.c: from starting Hark to its first frame with 10,000
 * voice mails in its store, against an empty AdwApplicationWindow started
 * the same way in the same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by meson under dbus-run-session and xvfb-run (a display and a
 * session bus of its own). Both programs are started as processes; each
 * prints the monotonic time of its first frame (for Hark: the first frame
 * that shows messages) and its RSS then. The store is filled once, by a
 * real first sync (hark-cli sync) from hark-server with 10,000 voice mails;
 * Hark then starts with the server still there, as it would at a login.
 * Both render with GSK_RENDERER=cairo: Xvfb has no GPU. No secret service
 * runs, so Hark starts without a password: the list comes from the store.
 */

#include "config.h"

#include <gio/gio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "hark-store.h"
#include "hark-test-files.h"
#include "bench-util.h"

#define SIZE 10000
#define ROUNDS 7
#define ACCOUNT "bench"

typedef struct {
  double seconds;
  long   rss_kib;
} Start;

static char *dir;

static char **
child_environment (void)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  env = g_environ_setenv (env, "HARK_BENCH_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  return env;
}

static Start
start (const char *program)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_auto(GStrv) env = child_environment ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 started, painted = 0;
  Start result = { 0, 0 };

  g_subprocess_launcher_set_environ (launcher, env);
  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  if (process == NULL)
    g_error ("%s: %s", program, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      if (sscanf (line, "first-frame %" G_GINT64_FORMAT " %ld", &painted, &result.rss_kib) == 2)
        break;
      g_clear_pointer (&line, g_free);
    }
  if (painted == 0)
    g_error ("%s printed no first frame", program);
  result.seconds = (painted - started) / (double)G_USEC_PER_SEC;
  g_subprocess_wait (process, NULL, NULL);
  return result;
}

/* The account in the settings Hark reads (the keyfile backend, in the
 * benchmark's own folder), pointing at @url. */
static void
write_settings (const char *url)
{
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                               "keyfile", NULL);
  g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (keyfile, "/", NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) app_schema = NULL;
  g_autoptr(GSettingsSchema) account_schema = NULL;
  g_autoptr(GSettings) app = NULL;
  g_autoptr(GSettings) account = NULL;
  g_autofree char *ews = g_strconcat (url, "/EWS/Exchange.asmx", NULL);
  g_autofree char *um = g_strconcat (url, "/EWS/UM2007Legacy.asmx", NULL);
  const char *ids[] = { ACCOUNT, NULL };

  app_schema = g_settings_schema_source_lookup (source, "io.github.hark.Hark", TRUE);
  account_schema = g_settings_schema_source_lookup (source, "io.github.hark.Hark.Account", TRUE);
  if (app_schema == NULL || account_schema == NULL)
    g_error ("Hark's settings schema is not there (GSETTINGS_SCHEMA_DIR)");
  app = g_settings_new_full (app_schema, backend, NULL);
  account = g_settings_new_full (account_schema, backend,
                                 "/io/github/hark/Hark/accounts/" ACCOUNT "/");
  g_settings_set_strv (app, "accounts", ids);
  g_settings_set_string (account, "user", BENCH_USER);
  g_settings_set_string (account, "ews-url", ews);
  g_settings_set_string (account, "um-url", um);
  g_settings_sync ();
}

/* A first sync by hark-cli into the store Hark opens for the account. */
static void
fill_store (const char *url)
{
  g_autofree char *store = hark_store_default_path (BENCH_USER);
  g_autofree char *store_dir = g_path_get_dirname (store);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double began = bench_now ();

  g_mkdir_with_parents (store_dir, 0700);
  g_subprocess_launcher_setenv (launcher, "HARK_STORE_DIR", store_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HARK_CLI"), "--server",
                                         url, "--user", BENCH_USER, "--password-stdin", "sync",
                                         NULL);
  if (process == NULL)
    g_error ("hark-cli: %s", error->message);
  if (!g_subprocess_communicate_utf8 (process, BENCH_PASSWORD "\n", NULL, NULL, NULL, &error) ||
      !g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("hark-cli sync failed");
  printf ("# store filled by a first sync of %u voice mails in %.2f s\n", SIZE,
          bench_now () - began);
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const Start *x = a, *y = b;

  return (x->seconds > y->seconds) - (x->seconds < y->seconds);
}

int
main (int   argc,
      char *argv[])
{
  const char *hark = g_getenv ("HARK_APP_BIN");
  const char *empty = g_getenv ("HARK_EMPTY_WINDOW_BIN");
  g_autofree char *home = NULL;
  BenchServer server = { NULL, NULL };
  Start hark_starts[ROUNDS], empty_starts[ROUNDS];
  Start hark_median, empty_median;

  if (hark == NULL || empty == NULL || g_getenv ("HARK_CLI") == NULL)
    g_error ("Run by meson: meson test -C _build --benchmark bench-startup");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("No display: run under xvfb-run, as meson does");

  /* A home of its own, before GLib reads where the user's folders are. */
  dir = g_dir_make_tmp ("hark-bench-startup-XXXXXX", NULL);
  home = g_build_filename (dir, "home", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);

  bench_server_start (&server, SIZE, NULL);
  fill_store (server.url);
  write_settings (server.url);

  /* Once each to warm the page cache, then in turns. */
  start (empty);
  start (hark);
  for (guint i = 0; i < ROUNDS; i++)
    {
      empty_starts[i] = start (empty);
      hark_starts[i] = start (hark);
    }
  qsort (hark_starts, ROUNDS, sizeof (Start), compare_starts);
  qsort (empty_starts, ROUNDS, sizeof (Start), compare_starts);
  hark_median = hark_starts[ROUNDS / 2];
  empty_median = empty_starts[ROUNDS / 2];

  printf ("start to first frame, medians of %u starts:\n", ROUNDS);
  printf ("  empty AdwApplicationWindow: %6.1f ms, RSS %5.1f MB\n",
          empty_median.seconds * 1000, empty_median.rss_kib / 1024.0);
  printf ("  Hark, %u voice mails:     %6.1f ms, RSS %5.1f MB\n", SIZE,
          hark_median.seconds * 1000, hark_median.rss_kib / 1024.0);
  printf ("  ratio %.2fx (goal <= 1.3x), RSS +%.1f MB (goal <= +40 MB)\n",
          hark_median.seconds / empty_median.seconds,
          (hark_median.rss_kib - empty_median.rss_kib) / 1024.0);

  bench_server_stop (&server);
  hark_test_remove_tree (dir);
  g_free (dir);
  return 0;
}
