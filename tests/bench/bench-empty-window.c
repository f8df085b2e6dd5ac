/* bench-empty-window.c: the start-up benchmark's baseline, an empty
 * AdwApplicationWindow started as Hark starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints "first-frame MONOTONIC-µs RSS-KiB" after its first frame and
 * quits, as Hark does with HARK_BENCH_FIRST_FRAME.
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

static void
after_paint_cb (GdkFrameClock  *clock,
                GtkApplication *application)
{
  g_autofree char *status = NULL;
  const char *rss;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  rss = status != NULL ? strstr (status, "VmRSS:") : NULL;
  g_print ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (),
           rss != NULL ? strtol (rss + strlen ("VmRSS:"), NULL, 10) : -1L);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, application);
  g_application_quit (G_APPLICATION (application));
}

static void
realize_cb (GtkWidget      *window,
            GtkApplication *application)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), application);
}

static void
activate_cb (GtkApplication *application)
{
  GtkWidget *window = adw_application_window_new (application);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), application);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application =
    adw_application_new ("io.github.hark.BenchEmptyWindow", G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
