/* test-audio.c: every voice mail of the demo mailbox, downloaded through
 * GetAttachment into the audio cache and decoded by GStreamer to a fakesink:
 * each codec Exchange writes (WAV PCM, A-law, µ-law, GSM 6.10, MP3, WMA) and
 * AMR-NB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "hark-sync.h"
#include "hark-test.h"

/* What voicemails.ini's codec names are, as GStreamer's discoverer sees the
 * stream (PCM needs no decoder: it reports the WAV container). */
static const struct {
  const char *codec;
  const char *caps;
} codecs[] = {
  { "pcm", "audio/x-wav" },
  { "alaw", "audio/x-alaw" },
  { "ulaw", "audio/x-mulaw" },
  { "gsm", "audio/ms-gsm" },
  { "mp3", "audio/mpeg" },
  { "wma", "audio/x-wma" },
  { "amr", "audio/AMR" },
};

static const char *
expected_caps (const char *codec)
{
  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      if (g_strcmp0 (codecs[i].codec, codec) == 0)
        return codecs[i].caps;
    }
  g_error ("unknown codec %s", codec);
}

static void
handoff_cb (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  guint64 *samples = user_data;

  /* S16LE mono, as the capsfilter before the sink says. */
  *samples += gst_buffer_get_size (buffer) / 2;
}

/* Plays @path to a fakesink; returns the seconds of audio decoded. */
static double
decode (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GstElement *pipeline = gst_element_factory_make ("playbin", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstElement *convert = gst_parse_bin_from_description (
    "audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=8000,channels=1 ! "
    "fakesink name=out signal-handoffs=true sync=false", TRUE, NULL);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  guint64 samples = 0;

  g_assert_nonnull (pipeline);
  g_assert_nonnull (convert);
  gst_object_unref (sink);
  g_signal_connect (gst_bin_get_by_name (GST_BIN (convert), "out"), "handoff",
                    G_CALLBACK (handoff_cb), &samples);
  g_object_set (pipeline, "uri", uri, "audio-sink", convert, NULL);
  /* No video, no subtitles: audio only. */
  g_object_set (pipeline, "flags", 0x2, NULL);

  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_error ("%s does not decode: %s (%s)", path, error->message, debug);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return (double)samples / 8000.0;
}

static char *
stream_caps (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GList *streams;
  GstCaps *caps;
  char *name;

  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  streams = gst_discoverer_info_get_audio_streams (info);
  g_assert_nonnull (streams);
  caps = gst_discoverer_stream_info_get_caps (streams->data);
  name = g_strdup (gst_structure_get_name (gst_caps_get_structure (caps, 0)));
  gst_caps_unref (caps);
  gst_discoverer_stream_info_list_free (streams);
  return name;
}

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 gpointer  user_data)
{
  if (retrying)
    return FALSE;
  soup_auth_authenticate (auth, HARK_TEST_USER, HARK_TEST_PASSWORD);
  return TRUE;
}

static void
test_every_codec (void)
{
  g_autoptr(UmServer) server = hark_test_server_new ();
  g_autoptr(UmClient) client = um_client_new_for_server (um_server_get_url (server));
  g_autoptr(UmMailbox) mailbox = um_mailbox_new (client, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (NULL, &error);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *ini_path = g_build_filename (HARK_DEMO_SOURCE_DIR, "voicemails.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(HarkStore) store = NULL;
  g_autoptr(HarkSync) sync = NULL;
  g_autoptr(GHashTable) codecs_seen = g_hash_table_new (g_str_hash, g_str_equal);
  UmServerMailbox *server_mailbox = um_server_account_get_mailbox (
    um_server_get_account (server, HARK_TEST_USER));
  g_auto(GStrv) groups = NULL;

  g_signal_connect (client, "authenticate", G_CALLBACK (authenticate_cb), NULL);
  store = hark_store_new (path, &error);
  g_assert_no_error (error);
  sync = hark_sync_new (store, mailbox);
  hark_sync_set_audio_cache (sync, cache, 64 * 1024 * 1024);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HarkSyncReport) report = NULL;

    hark_sync_run_async (sync, HARK_SYNC_NONE, NULL, HARK_TEST_CB (&result));
    report = hark_sync_run_finish (sync, hark_test_wait_result (&result), &error);
    g_assert_no_error (error);
  }

  g_assert_true (g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &error));
  groups = g_key_file_get_groups (ini, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *codec = g_key_file_get_string (ini, groups[i], "codec", NULL);
      const char *caps = expected_caps (codec);
      const UmServerMessage *message = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_auto(GStrv) files = NULL;
      double seconds = 0;
      const char *folders[] = { "voicemail", "deleteditems", NULL };

      for (guint f = 0; folders[f] != NULL && message == NULL; f++)
        {
          g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
            server_mailbox, um_server_mailbox_get_folder (server_mailbox, folders[f], NULL));

          for (guint j = 0; j < messages->len; j++)
            {
              if (g_strcmp0 (((UmServerMessage *)messages->pdata[j])->tag, groups[i]) == 0)
                message = messages->pdata[j];
            }
        }
      g_assert_nonnull (message);

      /* Downloaded as the app does: GetItem, GetAttachment, the cache. */
      hark_sync_fetch_audio_async (sync, message->id, NULL, HARK_TEST_CB (&result));
      files = hark_sync_fetch_audio_finish (sync, hark_test_wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (files), ==, message->attachments->len);

      for (guint j = 0; files[j] != NULL; j++)
        {
          g_autofree char *found = stream_caps (files[j]);

          g_assert_cmpstr (found, ==, caps);
          seconds += decode (files[j]);
        }

      /* All of it decodes: the rounded-up length of the parts. */
      g_test_message ("%s: %s, %u part(s), %.2f s decoded, %d s said", groups[i], codec,
                      g_strv_length (files), seconds, message->duration);
      g_assert_cmpfloat (seconds, >, message->duration - 1.5);
      g_assert_cmpfloat (seconds, <=, message->duration + 0.5);
      g_hash_table_add (codecs_seen, (gpointer)caps);
    }

  g_assert_cmpuint (g_hash_table_size (codecs_seen), ==, G_N_ELEMENTS (codecs));

  g_clear_object (&sync);
  g_clear_object (&store);
  {
    g_autoptr(GDir) listing = NULL;
    g_autofree char *audio = g_build_filename (cache, "audio", NULL);
    const char *name;

    listing = g_dir_open (audio, 0, NULL);
    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (audio, name, NULL);

        g_unlink (file);
      }
    g_rmdir (audio);
    g_rmdir (cache);
    g_clear_pointer (&listing, g_dir_close);
    listing = g_dir_open (dir, 0, NULL);
    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* GStreamer's registry goes in the test's own cache folder. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/audio/every-codec", test_every_codec);

  return g_test_run ();
}
