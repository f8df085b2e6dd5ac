/* test-app.c: the app's parts without a window: HarkPlayer on the demo
 * mailbox's audio, HarkAccount through a wrong password, a server that
 * goes away, and a certificate nobody vouches for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The player plays to a fakesink in real time (HARK_AUDIO_SINK=fakesink);
 * the accounts talk to the reference server over real HTTP(S) on loopback.
 */

#include "config.h"

#include "app-test.h"
#include "hark-account.h"
#include "hark-player.h"
#include "hark-test-files.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <string.h>

/* The demo mailbox's audio, as make-audio.sh wrote it */

static GKeyFile *
load_manifest (void)
{
  g_autofree char *path = g_build_filename (HARK_DEMO_BUILD_DIR, "manifest.ini", NULL);
  GKeyFile *manifest = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return manifest;
}

/* The first voice mail of @codec in one file, or with @parts files. */
static char **
demo_files (GKeyFile   *manifest,
            const char *codec,
            guint       parts,
            gint64     *duration_ms)
{
  g_auto(GStrv) groups = g_key_file_get_groups (manifest, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *group_codec = g_key_file_get_string (manifest, groups[i], "codec", NULL);
      g_auto(GStrv) files = g_key_file_get_string_list (manifest, groups[i], "files", NULL, NULL);
      GPtrArray *paths;

      if (g_strcmp0 (group_codec, codec) != 0 || files == NULL ||
          g_strv_length (files) != parts)
        continue;
      paths = g_ptr_array_new ();
      for (guint j = 0; files[j] != NULL; j++)
        g_ptr_array_add (paths, g_build_filename (HARK_DEMO_BUILD_DIR, files[j], NULL));
      g_ptr_array_add (paths, NULL);
      *duration_ms = g_key_file_get_integer (manifest, groups[i], "duration", NULL) * 1000;
      return (char **)g_ptr_array_free (paths, FALSE);
    }
  g_error ("The demo mailbox has no %s voice mail in %u files", codec, parts);
}

/* What GStreamer's discoverer, apart from the player, says the file lasts,
 * in milliseconds. */
static gint64
discover_duration (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  return (gint64)(gst_discoverer_info_get_duration (info) / GST_MSECOND);
}

/* The player's duration, once it knows it, is the files' to within
 * @tolerance milliseconds. */
static void
assert_duration (HarkPlayer *player,
                 gint64      expected,
                 gint64      tolerance)
{
  APP_TEST_WAIT (ABS (hark_player_get_duration (player) - expected) <= tolerance);
}

static void
assert_state (HarkPlayer      *player,
              HarkPlayerState  state)
{
  const GError *error;

  APP_TEST_WAIT (hark_player_get_state (player) == state ||
                 hark_player_get_state (player) == HARK_PLAYER_STATE_ERROR);
  error = hark_player_get_error (player);
  if (state != HARK_PLAYER_STATE_ERROR && error != NULL)
    g_error ("The player failed: %s", error->message);
  g_assert_cmpint (hark_player_get_state (player), ==, state);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* The last 300 ms, then the end: the player says it finished and waits,
 * paused, at the start. */
static void
play_to_end (HarkPlayer *player,
             guint      *finished)
{
  *finished = 0;
  hark_player_seek (player, hark_player_get_duration (player) - 300);
  APP_TEST_WAIT (*finished == 1);
  assert_state (player, HARK_PLAYER_STATE_PAUSED);
  g_assert_cmpint (hark_player_get_position (player), ==, 0);
}

/* Every codec of the demo mailbox plays, for its whole length as the
 * files say it (within the whole second the manifest rounds up to), and
 * ends paused at the start. */
static void
test_player_codecs (void)
{
  static const char *codecs[] = { "pcm", "alaw", "ulaw", "gsm", "mp3", "wma", "amr" };
  g_autoptr(GKeyFile) manifest = load_manifest ();

  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      g_autoptr(HarkPlayer) player = hark_player_new ();
      g_auto(GStrv) paths = NULL;
      gint64 duration = 0, file_duration;
      guint finished = 0;

      paths = demo_files (manifest, codecs[i], 1, &duration);
      g_test_message ("%s: %s", codecs[i], paths[0]);
      g_signal_connect (player, "finished", G_CALLBACK (count_cb), &finished);
      hark_player_load (player, (const char * const *)paths, duration);
      assert_state (player, HARK_PLAYER_STATE_PAUSED);
      /* The manifest rounds soxi's length up to whole seconds; for AMR,
       * whose files carry no length, GStreamer's estimate is up to a
       * second shorter than soxi's count of frames. */
      file_duration = discover_duration (paths[0]);
      g_assert_cmpint (file_duration, >, duration - 2000);
      g_assert_cmpint (file_duration, <=, duration);

      /* Playing, the player knows the length. AMR's parser tells it only
       * once data flows, and estimates it from the bit rate so far. */
      hark_player_play (player);
      assert_state (player, HARK_PLAYER_STATE_PLAYING);
      APP_TEST_WAIT (hark_player_get_position (player) > 0);
      assert_duration (player, file_duration, g_str_equal (codecs[i], "amr") ? 1500 : 50);

      play_to_end (player, &finished);
    }
}

/* A message in two attachments is one: one duration, one seek bar; a seek
 * past the first file lands in the second, and the first file's end is
 * not the message's. */
static void
test_player_parts (void)
{
  g_autoptr(GKeyFile) manifest = load_manifest ();
  g_autoptr(HarkPlayer) player = hark_player_new ();
  g_auto(GStrv) paths = NULL;
  g_autoptr(HarkPlayer) first = hark_player_new ();
  const char *first_only[2] = { NULL, NULL };
  gint64 duration = 0, first_duration;
  guint finished = 0;

  paths = demo_files (manifest, "gsm", 2, &duration);
  first_only[0] = paths[0];
  first_duration = discover_duration (paths[0]);
  hark_player_load (first, first_only, 0);
  assert_state (first, HARK_PLAYER_STATE_PAUSED);
  assert_duration (first, first_duration, 50);

  g_signal_connect (player, "finished", G_CALLBACK (count_cb), &finished);
  hark_player_load (player, (const char * const *)paths, duration);
  g_assert_cmpuint (hark_player_get_n_parts (player), ==, 2);
  assert_state (player, HARK_PLAYER_STATE_PAUSED);
  assert_duration (player, first_duration + discover_duration (paths[1]), 50);
  g_assert_cmpint (hark_player_get_duration (player), <=, duration);

  hark_player_play (player);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  g_assert_cmpuint (hark_player_get_part (player), ==, 0);

  /* Across the end of the first file: still playing, in the second. */
  hark_player_seek (player, first_duration - 300);
  APP_TEST_WAIT (hark_player_get_part (player) == 1);
  g_assert_cmpuint (finished, ==, 0);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  g_assert_cmpint (hark_player_get_position (player), >=, first_duration - 300);

  /* Back into the first, by a seek. */
  hark_player_seek (player, 1000);
  APP_TEST_WAIT (hark_player_get_part (player) == 0);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  g_assert_cmpint (hark_player_get_position (player), >=, 1000);
  g_assert_cmpint (hark_player_get_position (player), <, first_duration);

  /* Skips: forward 5 s, back 5 s, never before the start. */
  hark_player_skip (player, 5000);
  APP_TEST_WAIT (hark_player_get_position (player) >= 6000);
  hark_player_skip (player, -60000);
  APP_TEST_WAIT (hark_player_get_position (player) < 1000);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  /* The end of the second file is the end. */
  play_to_end (player, &finished);
  g_assert_cmpuint (hark_player_get_part (player), ==, 0);
}

/* Speed: kept within 0.5× to 2×, and the message keeps playing through a
 * change (scaletempo keeps the pitch); the volume is kept within 0 to 1. */
static void
test_player_rate (void)
{
  g_autoptr(GKeyFile) manifest = load_manifest ();
  g_autoptr(HarkPlayer) player = hark_player_new ();
  g_auto(GStrv) paths = NULL;
  gint64 duration = 0, before;

  paths = demo_files (manifest, "pcm", 1, &duration);
  hark_player_load (player, (const char * const *)paths, duration);
  hark_player_play (player);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  hark_player_set_rate (player, 2.0);
  g_assert_cmpfloat (hark_player_get_rate (player), ==, 2.0);
  before = hark_player_get_position (player);
  APP_TEST_WAIT (hark_player_get_position (player) > before + 500);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  hark_player_set_rate (player, 5.0);
  g_assert_cmpfloat (hark_player_get_rate (player), ==, HARK_PLAYER_MAX_RATE);
  hark_player_set_rate (player, 0.1);
  g_assert_cmpfloat (hark_player_get_rate (player), ==, HARK_PLAYER_MIN_RATE);
  before = hark_player_get_position (player);
  APP_TEST_WAIT (hark_player_get_position (player) > before + 200);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  hark_player_set_volume (player, 0.25);
  g_assert_cmpfloat (hark_player_get_volume (player), ==, 0.25);
  hark_player_set_volume (player, 3.0);
  g_assert_cmpfloat (hark_player_get_volume (player), ==, 1.0);

  hark_player_pause (player);
  assert_state (player, HARK_PLAYER_STATE_PAUSED);
}

/* Without an AMR decoder (taken out of autoplugging in a process of its
 * own), an AMR voice mail says which plugin it needs. */
static void
test_player_missing_plugin (void)
{
  if (g_test_subprocess ())
    {
      static const char *decoders[] = { "amrnbdec", "avdec_amrnb" };
      g_autoptr(GKeyFile) manifest = load_manifest ();
      g_autoptr(HarkPlayer) player = NULL;
      g_auto(GStrv) paths = NULL;
      gint64 duration = 0;
      const GError *error;

      gst_init (NULL, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
        {
          g_autoptr(GstPluginFeature) feature =
            gst_registry_lookup_feature (gst_registry_get (), decoders[i]);

          if (feature != NULL)
            gst_plugin_feature_set_rank (feature, GST_RANK_NONE);
        }

      player = hark_player_new ();
      paths = demo_files (manifest, "amr", 1, &duration);
      hark_player_load (player, (const char * const *)paths, duration);
      hark_player_play (player);
      assert_state (player, HARK_PLAYER_STATE_ERROR);
      error = hark_player_get_error (player);
      g_assert_error (error, HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_MISSING_PLUGIN);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "AMR"));
      g_assert_nonnull (strstr (error->message, "Install"));
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What is not audio, or not there, is said to be so; the player can load
 * a good file afterwards. */
static void
test_player_bad_files (void)
{
  g_autoptr(GKeyFile) manifest = load_manifest ();
  g_autoptr(HarkPlayer) player = hark_player_new ();
  g_autofree char *dir = g_dir_make_tmp ("hark-player-XXXXXX", NULL);
  g_autofree char *noise = g_build_filename (dir, "noise.wav", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.wav", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.wav", NULL);
  g_autofree char *good = NULL;
  g_auto(GStrv) paths = NULL;
  char bytes[4096];
  gint64 duration = 0;
  const char *one[2] = { NULL, NULL };
  guint finished = 0;
  g_autoptr(GError) error = NULL;

  /* Not audio at all. */
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (char)g_test_rand_int_range (0, 256);
  g_file_set_contents (noise, bytes, sizeof bytes, &error);
  g_assert_no_error (error);
  one[0] = noise;
  hark_player_load (player, one, 0);
  assert_state (player, HARK_PLAYER_STATE_ERROR);
  g_test_message ("noise: %s", hark_player_get_error (player)->message);
  g_assert_true (hark_player_get_error (player)->domain == HARK_PLAYER_ERROR);

  /* Cut off half a second in, as a download that broke off: what is there
   * plays, to its end. */
  paths = demo_files (manifest, "pcm", 1, &duration);
  g_file_get_contents (paths[0], &good, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (truncated, good, 44 + 8000, &error);
  g_assert_no_error (error);
  g_signal_connect (player, "finished", G_CALLBACK (count_cb), &finished);
  one[0] = truncated;
  hark_player_load (player, one, 0);
  hark_player_play (player);
  APP_TEST_WAIT (finished == 1 ||
                 hark_player_get_state (player) == HARK_PLAYER_STATE_ERROR);
  g_assert_null (hark_player_get_error (player));
  assert_state (player, HARK_PLAYER_STATE_PAUSED);

  /* Gone. */
  one[0] = missing;
  hark_player_load (player, one, 0);
  assert_state (player, HARK_PLAYER_STATE_ERROR);
  g_assert_error (hark_player_get_error (player), HARK_PLAYER_ERROR,
                  HARK_PLAYER_ERROR_NOT_FOUND);

  /* And a good one again. */
  hark_player_load (player, (const char * const *)paths, duration);
  hark_player_play (player);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  g_assert_null (hark_player_get_error (player));
  hark_player_stop (player);

  hark_test_remove_tree (dir);
}

/* A file that grows as it downloads: playing starts on what has arrived,
 * waits for the rest, cannot seek until the download is done, then plays
 * on to the end; afterwards the complete file plays and seeks. */
typedef struct {
  GOutputStream *output;
  GBytes        *audio;
  gsize          written;
} Trickle;

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;
  gsize size = g_bytes_get_size (trickle->audio);
  gsize n = MIN (4000, size - trickle->written);
  g_autoptr(GError) error = NULL;

  /* 4000 bytes every 100 ms: 40 kB/s, the audio plays 16 kB/s. */
  g_output_stream_write_all (trickle->output,
                             (const char *)g_bytes_get_data (trickle->audio, NULL) +
                               trickle->written, n, NULL, NULL, &error);
  g_assert_no_error (error);
  trickle->written += n;
  return trickle->written < size ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
test_player_growing (void)
{
  g_autoptr(GKeyFile) manifest = load_manifest ();
  g_autoptr(HarkPlayer) player = hark_player_new ();
  g_autofree char *dir = g_dir_make_tmp ("hark-player-XXXXXX", NULL);
  g_autofree char *part = g_build_filename (dir, "message.wav.part", NULL);
  g_autofree char *final = g_build_filename (dir, "message.wav", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (part);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 duration = 0, file_duration, before;
  guint finished = 0;
  Trickle trickle = { NULL, NULL, 0 };

  paths = demo_files (manifest, "pcm", 1, &duration);
  file_duration = discover_duration (paths[0]);
  g_file_get_contents (paths[0], &contents, &length, &error);
  g_assert_no_error (error);
  trickle.audio = g_bytes_new_take (g_steal_pointer (&contents), length);
  trickle.output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE,
                                                    NULL, &error));
  g_assert_no_error (error);
  trickle_cb (&trickle);
  g_timeout_add (100, trickle_cb, &trickle);

  g_signal_connect (player, "finished", G_CALLBACK (count_cb), &finished);
  hark_player_load_growing (player, part, duration);
  g_assert_true (hark_player_get_growing (player));
  g_assert_false (hark_player_get_seekable (player));
  hark_player_play (player);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  /* Playing long before the file is complete. */
  APP_TEST_WAIT (hark_player_get_position (player) > 500);
  g_assert_cmpuint (trickle.written, <, g_bytes_get_size (trickle.audio));

  /* No seeking meanwhile: the position goes on from where it was. */
  before = hark_player_get_position (player);
  hark_player_seek (player, before + 3000);
  app_test_iterate (200);
  g_assert_cmpint (hark_player_get_position (player), <, before + 1000);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);

  /* The download completes, and gets its final name, as HarkSync does. */
  APP_TEST_WAIT (trickle.written == g_bytes_get_size (trickle.audio));
  g_output_stream_close (trickle.output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (part, final), ==, 0);
  hark_player_growing_done (player, final);
  g_assert_true (hark_player_get_seekable (player));

  /* A seek now: the complete file, there. */
  hark_player_seek (player, file_duration - 1500);
  APP_TEST_WAIT (!hark_player_get_growing (player));
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  APP_TEST_WAIT (hark_player_get_position (player) >= file_duration - 1500);
  assert_duration (player, file_duration, 50);

  /* To the end, and back at the start of the complete file. */
  APP_TEST_WAIT (finished == 1);
  assert_state (player, HARK_PLAYER_STATE_PAUSED);
  g_assert_cmpint (hark_player_get_position (player), ==, 0);
  g_assert_true (hark_player_get_seekable (player));

  g_clear_object (&trickle.output);
  g_bytes_unref (trickle.audio);
  hark_test_remove_tree (dir);
}

/* The download of a growing file breaks off: what arrived plays, and the
 * player ends stopped (nothing to go back to) rather than hanging. */
static void
test_player_growing_broken (void)
{
  g_autoptr(GKeyFile) manifest = load_manifest ();
  g_autoptr(HarkPlayer) player = hark_player_new ();
  g_autofree char *dir = g_dir_make_tmp ("hark-player-XXXXXX", NULL);
  g_autofree char *part = g_build_filename (dir, "message.wav.part", NULL);
  g_auto(GStrv) paths = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  gint64 duration = 0;
  guint finished = 0;

  paths = demo_files (manifest, "pcm", 1, &duration);
  g_file_get_contents (paths[0], &contents, &length, &error);
  g_assert_no_error (error);
  /* Half a second of it. */
  g_file_set_contents (part, contents, 44 + 8000, &error);
  g_assert_no_error (error);

  g_signal_connect (player, "finished", G_CALLBACK (count_cb), &finished);
  hark_player_load_growing (player, part, duration);
  hark_player_play (player);
  assert_state (player, HARK_PLAYER_STATE_PLAYING);
  hark_player_growing_done (player, NULL);
  APP_TEST_WAIT (finished == 1 || hark_player_get_state (player) == HARK_PLAYER_STATE_ERROR);
  g_assert_null (hark_player_get_error (player));
  assert_state (player, HARK_PLAYER_STATE_STOPPED);
  g_assert_false (hark_player_get_growing (player));

  hark_test_remove_tree (dir);
}

/* Accounts */

typedef struct {
  UmServer    *server;
  HarkAccount *account;
  char        *store_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean tls = GPOINTER_TO_INT (data);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *ews_url = NULL;
  g_autofree char *um_url = NULL;
  g_autoptr(GError) error = NULL;

  /* With a demo account: HARK_TEST_USER, HARK_TEST_PASSWORD. */
  f->server = tls ? hark_test_server_new_tls () : hark_test_server_new ();
  ews_url = g_strconcat (um_server_get_url (f->server), "/EWS/Exchange.asmx", NULL);
  um_url = g_strconcat (um_server_get_url (f->server), "/EWS/UM2007Legacy.asmx", NULL);

  settings = hark_account_settings_new ("test");
  g_settings_set_string (settings, "user", HARK_TEST_USER);
  g_settings_set_string (settings, "ews-url", ews_url);
  g_settings_set_string (settings, "um-url", um_url);
  f->store_dir = g_build_filename (g_get_user_data_dir (), "hark", "test", NULL);
  f->account = hark_account_new ("test", settings, f->store_dir, &error);
  g_assert_no_error (error);
  hark_account_set_retry_seconds (f->account, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  hark_account_stop (f->account);
  g_clear_object (&f->account);
  um_server_shutdown (f->server);
  g_clear_object (&f->server);
  g_free (f->store_dir);
}

static void
wait_state (HarkAccount      *account,
            HarkAccountState  state)
{
  APP_TEST_WAIT (hark_account_get_state (account) == state);
}

/* Started with the right password and synced: how many new messages. */
static guint
start_synced (HarkAccount *account)
{
  hark_account_set_password (account, HARK_TEST_PASSWORD);
  hark_account_start (account);
  wait_state (account, HARK_ACCOUNT_STATE_ONLINE);
  APP_TEST_WAIT (!hark_account_get_syncing (account));
  return (guint)hark_store_count (hark_account_get_store (account), HARK_FOLDER_NEW, FALSE);
}

/* A wrong password: the account asks for another, keeps what it has, and
 * is online once it gets the right one. */
static void
test_account_wrong_password (Fixture       *f,
                             gconstpointer  data)
{
  HarkStore *store = hark_account_get_store (f->account);
  guint n;

  n = start_synced (f->account);
  g_assert_cmpuint (n, >, 0);
  hark_account_stop (f->account);

  /* The password was changed on the server: Hark still has the old one. */
  um_server_account_set_password (um_server_get_account (f->server, HARK_TEST_USER),
                                  "a new password");
  hark_account_start (f->account);
  wait_state (f->account, HARK_ACCOUNT_STATE_NEEDS_PASSWORD);
  g_assert_nonnull (hark_account_get_error (f->account));
  g_test_message ("%s", hark_account_get_error (f->account)->message);
  /* Nothing lost meanwhile, and an action still queues. */
  g_assert_cmpuint ((guint)hark_store_count (store, HARK_FOLDER_NEW, FALSE),
                    ==, n);

  hark_account_set_password (f->account, "a new password");
  wait_state (f->account, HARK_ACCOUNT_STATE_ONLINE);
  g_assert_null (hark_account_get_error (f->account));
}

static UmServerMessage *
server_message (UmServerAccount *account,
                HarkMessage     *message)
{
  UmServerMailbox *mailbox = um_server_account_get_mailbox (account);
  g_autoptr(GError) error = NULL;
  UmServerMessage *found;

  found = um_server_mailbox_find_message (mailbox, hark_message_get_id (message), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* The server goes away: offline, the messages still there, an action
 * queued; it comes back: online, the action done on the server. */
static void
test_account_offline (Fixture       *f,
                      gconstpointer  data)
{
  HarkStore *store = hark_account_get_store (f->account);
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(GUri) uri = g_uri_parse (um_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
  UmServerAccount *server_account = um_server_get_account (f->server, HARK_TEST_USER);
  g_autoptr(GError) error = NULL;
  guint n;

  n = start_synced (f->account);
  {
    g_autoptr(GPtrArray) first = hark_store_list (store, HARK_FOLDER_NEW, FALSE, 1);

    g_assert_cmpuint (first->len, ==, 1);
    message = g_object_ref (first->pdata[0]);
  }

  um_server_shutdown (f->server);
  hark_account_sync (f->account);
  wait_state (f->account, HARK_ACCOUNT_STATE_OFFLINE);
  g_assert_nonnull (hark_account_get_error (f->account));
  g_test_message ("%s", hark_account_get_error (f->account)->message);
  g_assert_cmpuint ((guint)hark_store_count (store, HARK_FOLDER_NEW, FALSE),
                    ==, n);

  /* Heard while offline: at once in the store, queued for the server. */
  g_assert_true (hark_account_mark (f->account, hark_message_get_id (message), TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint ((guint)hark_store_count (store, HARK_FOLDER_NEW, FALSE),
                    ==, n - 1);
  APP_TEST_WAIT (hark_account_get_pending (f->account) == 1);
  g_assert_false (server_message (server_account, message)->is_read);

  /* Back, on the same port: the account finds it by itself. */
  g_assert_true (um_server_listen (f->server, g_uri_get_port (uri), &error));
  g_assert_no_error (error);
  wait_state (f->account, HARK_ACCOUNT_STATE_ONLINE);
  APP_TEST_WAIT (hark_account_get_pending (f->account) == 0);
  g_assert_true (server_message (server_account, message)->is_read);
}

/* A certificate no authority vouches for: nothing is sent, the account
 * says which host, and once that certificate is trusted (and only then)
 * it goes online, with the certificate pinned in its settings. */
static void
test_account_untrusted (Fixture       *f,
                        gconstpointer  data)
{
  HarkTlsDatabase *tls = hark_account_get_tls_database (f->account);
  g_autofree char *host = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_auto(GStrv) pinned = NULL;
  GTlsCertificateFlags errors = 0;

  hark_account_set_password (f->account, HARK_TEST_PASSWORD);
  hark_account_start (f->account);
  wait_state (f->account, HARK_ACCOUNT_STATE_UNTRUSTED);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, 0);

  host = hark_account_dup_untrusted_host (f->account);
  g_assert_cmpstr (host, ==, "127.0.0.1");
  certificate = hark_tls_database_dup_rejected (tls, host, &errors);
  g_assert_nonnull (certificate);
  g_assert_true (errors & G_TLS_CERTIFICATE_UNKNOWN_CA);

  /* A retry by itself does not trust it. */
  hark_account_sync (f->account);
  app_test_iterate (1500);
  g_assert_cmpint (hark_account_get_state (f->account), ==, HARK_ACCOUNT_STATE_UNTRUSTED);
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, 0);

  hark_account_trust (f->account, host, certificate);
  wait_state (f->account, HARK_ACCOUNT_STATE_ONLINE);
  g_assert_cmpuint (um_server_get_request_count (f->server), >, 0);
  pinned = g_settings_get_strv (hark_account_get_settings (f->account), "pinned-certificates");
  g_assert_cmpuint (g_strv_length (pinned), ==, 1);
  g_assert_true (g_str_has_prefix (pinned[0], "127.0.0.1 "));
}

int
main (int   argc,
      char *argv[])
{
  app_test_init (&argc, &argv, FALSE);
  gst_init (NULL, NULL);

  g_test_add_func ("/app/player/codecs", test_player_codecs);
  g_test_add_func ("/app/player/parts", test_player_parts);
  g_test_add_func ("/app/player/rate", test_player_rate);
  g_test_add_func ("/app/player/missing-plugin", test_player_missing_plugin);
  g_test_add_func ("/app/player/bad-files", test_player_bad_files);
  g_test_add_func ("/app/player/growing", test_player_growing);
  g_test_add_func ("/app/player/growing-broken", test_player_growing_broken);
  g_test_add ("/app/account/wrong-password", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_account_wrong_password, fixture_tear_down);
  g_test_add ("/app/account/offline", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_account_offline, fixture_tear_down);
  g_test_add ("/app/account/untrusted", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_account_untrusted, fixture_tear_down);
  return g_test_run ();
}
