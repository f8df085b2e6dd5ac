/* bench-play.c: from "play" to the first audio buffer at the sink, for a
 * cached WAV, against the pipeline "gst-launch-1.0 playbin uri=… audio-sink=
 * fakesink" builds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both in this process, both to a fakesink that plays in real time
 * (sync=true), both timed to the first buffer that reaches the sink's pad.
 * Hark's side is what a click does once the message's file is in the cache:
 * HarkPlayer loads it and plays (its playbin is made once, as in the app).
 * The baseline parses its pipeline each time, as gst-launch-1.0 does; a
 * second baseline reuses one playbin, as Hark does, to show what Hark's
 * own work costs.
 */

#include "config.h"

#include <gst/gst.h>
#include <stdio.h>

#include "hark-player.h"
#include "bench-util.h"

#define ROUNDS 15

static gint64 first_buffer;

static void
started_cb (HarkPlayer *player,
            gint64      when,
            gpointer    user_data)
{
  first_buffer = when;
}

static void
wait_for_buffer (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (first_buffer == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No audio buffer within 10 s");
      g_main_context_iteration (NULL, TRUE);
    }
}

static double
hark_round (HarkPlayer *player,
            const char *path)
{
  const char *paths[] = { path, NULL };
  gint64 clicked;

  first_buffer = 0;
  clicked = g_get_monotonic_time ();
  hark_player_load (player, paths, 0);
  hark_player_play (player);
  wait_for_buffer ();
  hark_player_stop (player);
  return (first_buffer - clicked) / (double)G_USEC_PER_SEC;
}

static GstPadProbeReturn
buffer_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  if (first_buffer == 0)
    first_buffer = g_get_monotonic_time ();
  return GST_PAD_PROBE_REMOVE;
}

/* Every buffer: the first of each round counts. */
static GstPadProbeReturn
reused_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  if (first_buffer == 0)
    first_buffer = g_get_monotonic_time ();
  return GST_PAD_PROBE_OK;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static double
baseline_round (const char *uri)
{
  g_autofree char *description = g_strdup_printf ("playbin uri=%s audio-sink=fakesink", uri);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GError) error = NULL;
  gint64 clicked;

  first_buffer = 0;
  clicked = g_get_monotonic_time ();
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    g_error ("%s: %s", description, error->message);
  g_object_get (pipeline, "audio-sink", &sink, NULL);
  g_object_set (sink, "sync", TRUE, NULL);
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, buffer_probe_cb, NULL, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  wait_for_buffer ();
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return (first_buffer - clicked) / (double)G_USEC_PER_SEC;
}

static double
reused_round (GstElement *playbin,
              const char *uri)
{
  gint64 clicked;

  first_buffer = 0;
  clicked = g_get_monotonic_time ();
  g_object_set (playbin, "uri", uri, NULL);
  gst_element_set_state (playbin, GST_STATE_PLAYING);
  wait_for_buffer ();
  gst_element_set_state (playbin, GST_STATE_NULL);
  return (first_buffer - clicked) / (double)G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = g_build_filename (HARK_DEMO_BUILD_DIR, "voicemail-16.wav", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(HarkPlayer) player = NULL;
  double hark[ROUNDS], baseline[ROUNDS], reused[ROUNDS];
  double hark_median, baseline_median, reused_median;
  g_autoptr(GstElement) playbin = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;

  g_setenv ("HARK_AUDIO_SINK", "fakesink", TRUE);
  gst_init (&argc, &argv);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("%s is not there: build with -Ddemo_audio=enabled", path);
  player = hark_player_new ();
  g_signal_connect (player, "started", G_CALLBACK (started_cb), NULL);
  /* The probe's buffers arrive on a streaming thread: wake the loop. */
  g_timeout_add (1, wake_cb, NULL);

  playbin = gst_object_ref_sink (gst_element_factory_make ("playbin", NULL));
  sink = gst_object_ref_sink (gst_element_factory_make ("fakesink", NULL));
  g_object_set (sink, "sync", TRUE, NULL);
  g_object_set (playbin, "audio-sink", sink, NULL);
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, reused_probe_cb, NULL, NULL);

  /* Once each first: the registry, the plugins, the file in the cache. */
  hark_round (player, path);
  baseline_round (uri);
  reused_round (playbin, uri);
  for (guint i = 0; i < ROUNDS; i++)
    {
      baseline[i] = baseline_round (uri);
      reused[i] = reused_round (playbin, uri);
      hark[i] = hark_round (player, path);
    }
  hark_median = bench_median (hark, ROUNDS);
  baseline_median = bench_median (baseline, ROUNDS);
  reused_median = bench_median (reused, ROUNDS);

  printf ("play to first audio buffer, cached WAV (%s), medians of %u:\n", path, ROUNDS);
  printf ("  gst-launch-1.0 playbin ... audio-sink=fakesink: %6.2f ms\n",
          baseline_median * 1000);
  printf ("  one playbin, reused:                             %6.2f ms\n", reused_median * 1000);
  printf ("  HarkPlayer:                                     %6.2f ms\n", hark_median * 1000);
  printf ("  ratio %.2fx against gst-launch-1.0 (goal <= 1.2x), %.2fx against the reused "
          "playbin\n", hark_median / baseline_median, hark_median / reused_median);
  return 0;
}
