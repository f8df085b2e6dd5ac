/* hark-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One playbin, with scaletempo as its audio filter so that other speeds keep
 * the pitch. A voice mail whose audio is several attachments plays them one
 * after the other as one: positions and the duration are the message's, and
 * a seek lands in the right part. Durations of parts not yet played come
 * from a GstDiscoverer; until it answers, the server's duration stands in.
 *
 * HARK_AUDIO_SINK names the sink (a factory, or a bin description); a bare
 * factory name plays in real time (sync=true), as a sound card would.
 */

#include "config.h"

#include "hark-player.h"

#include "hark-app-enum-types.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>
#include <string.h>

#define TICK_MS 100

struct _HarkPlayer
{
  GObject          parent_instance;

  GstElement      *playbin;
  guint            bus_watch;
  GstDiscoverer   *discoverer;

  char           **uris;
  guint            n_parts;
  gint64          *durations;
  gint64           duration_hint;
  guint            part;

  HarkPlayerState  state;
  GError          *error;
  char            *missing_plugin;
  gboolean         want_playing;
  gboolean         switching;
  gint64           pending_seek;
  gint64           seek_target;     /* a seek on its way, until ASYNC_DONE */
  gint64           last_position;
  double           rate;
  double           volume;
  guint            tick_id;

  /* Set by the streaming thread when a buffer reaches the sink. */
  gint             first_buffer_armed;

  /* Playing a file as it downloads: read as it grows, pushed into the
   * appsrc playbin makes for "appsrc://", until the download is done. */
  gboolean         growing;
  gboolean         growing_done;
  char            *growing_final;
  GInputStream    *growing_input;
  guint            feed_id;
  GMutex           appsrc_lock;
  GstElement      *appsrc;
};

G_DEFINE_FINAL_TYPE (HarkPlayer, hark_player, G_TYPE_OBJECT)

G_DEFINE_QUARK (hark-player-error-quark, hark_player_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  PROP_VOLUME,
  PROP_PART,
  PROP_SEEKABLE,
  N_PROPS
};

enum {
  FINISHED,
  STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void leave_growing (HarkPlayer *self);

static void
set_state (HarkPlayer      *self,
           HarkPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gint64
part_offset (HarkPlayer *self,
             guint       part)
{
  gint64 offset = 0;

  for (guint i = 0; i < part && i < self->n_parts; i++)
    offset += MAX (self->durations[i], 0);
  return offset;
}

static gint64
position_in_part (HarkPlayer *self)
{
  gint64 position = 0;

  if (self->pending_seek >= 0)
    return self->pending_seek;
  /* Until a seek is done, the pipeline may still say where it was. */
  if (self->seek_target >= 0)
    return self->seek_target;
  if (self->playbin == NULL || self->switching ||
      !gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position) ||
      position < 0)
    return -1;
  return position / GST_MSECOND;
}

static void
tick (HarkPlayer *self)
{
  gint64 position = position_in_part (self);

  if (position < 0)
    return;
  position += part_offset (self, self->part);
  if (position == self->last_position)
    return;
  self->last_position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
tick_cb (gpointer user_data)
{
  tick (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_ticking (HarkPlayer *self)
{
  if (self->state == HARK_PLAYER_STATE_PLAYING && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  else if (self->state != HARK_PLAYER_STATE_PLAYING)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
fail (HarkPlayer *self,
      GError     *error)
{
  g_clear_error (&self->error);
  self->error = error;
  self->want_playing = FALSE;
  self->switching = FALSE;
  self->pending_seek = -1;
  self->seek_target = -1;
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  set_state (self, HARK_PLAYER_STATE_ERROR);
  update_ticking (self);
}

static gboolean
seek_in_part (HarkPlayer *self,
              gint64      position)
{
  if (!gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, position * GST_MSECOND,
                         GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    return FALSE;
  self->seek_target = position;
  return TRUE;
}

/* Goes to another part (or starts over in this one): through READY, so
 * the new file prerolls, then to where the user wants to be. */
static void
switch_part (HarkPlayer *self,
             guint       part,
             gint64      position)
{
  self->part = part;
  self->switching = TRUE;
  self->pending_seek = position > 0 || self->rate != 1.0 ? position : -1;
  gst_element_set_state (self->playbin, GST_STATE_READY);
  g_object_set (self->playbin, "uri", self->uris[part], NULL);
  gst_element_set_state (self->playbin,
                         self->want_playing ? GST_STATE_PLAYING : GST_STATE_PAUSED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PART]);
}

static void
learn_duration (HarkPlayer *self,
                guint       part,
                gint64      duration)
{
  if (part >= self->n_parts || duration <= 0 || self->durations[part] == duration)
    return;
  self->durations[part] = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static GError *
error_from_message (HarkPlayer *self,
                    GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("GStreamer error: %s (%s)", gst_error->message, debug);

  if (self->missing_plugin != NULL ||
      g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
      g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND))
    {
      if (self->missing_plugin != NULL)
        return g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_MISSING_PLUGIN,
                            /* Translators: %s is what GStreamer lacks, e.g.
                             * "AMR-NB audio decoder" */
                            _("This voice mail needs the GStreamer plugin “%s”, which is "
                              "not installed. Install it from your distribution (it is usually "
                              "in gstreamer1.0-plugins-good, -bad, -ugly or -libav) and "
                              "play the message again."),
                            self->missing_plugin);
      return g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_MISSING_PLUGIN,
                          _("This voice mail needs a GStreamer plugin that is not installed "
                            "(%s). Install the GStreamer plugins of your distribution and play "
                            "the message again."),
                          gst_error->message);
    }
  if (gst_error->domain == GST_RESOURCE_ERROR &&
      (gst_error->code == GST_RESOURCE_ERROR_NOT_FOUND ||
       gst_error->code == GST_RESOURCE_ERROR_OPEN_READ ||
       gst_error->code == GST_RESOURCE_ERROR_READ))
    return g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_NOT_FOUND,
                        _("The audio file cannot be read: %s"), gst_error->message);
  if (gst_error->domain == GST_RESOURCE_ERROR)
    return g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_OUTPUT,
                        _("The sound cannot be played on this computer: %s"),
                        gst_error->message);
  return g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_DECODE,
                      _("The audio of this voice mail cannot be decoded: %s"),
                      gst_error->message);
}

static void
finished (HarkPlayer *self)
{
  /* A download that broke off: what arrived has played, and there is no
   * file to go back to. Stopped; playing again starts a new download. */
  if (self->growing && self->growing_final == NULL)
    {
      hark_player_stop (self);
      g_signal_emit (self, signals[FINISHED], 0);
      return;
    }

  /* Back to the start, paused, as a tape would be after rewinding. */
  self->want_playing = FALSE;
  if (self->growing)
    {
      /* Played as it arrived: the complete file from now on. */
      leave_growing (self);
      switch_part (self, 0, 0);
    }
  else if (self->n_parts > 1 || self->part != 0)
    switch_part (self, 0, 0);
  else
    {
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      /* A stream that cannot seek after its end starts over. */
      if (!seek_in_part (self, 0))
        switch_part (self, 0, 0);
    }
  set_state (self, HARK_PLAYER_STATE_PAUSED);
  update_ticking (self);
  self->last_position = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
async_done (HarkPlayer *self)
{
  gint64 duration = 0;

  self->seek_target = -1;
  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration))
    learn_duration (self, self->part, duration / GST_MSECOND);

  if (self->pending_seek >= 0)
    {
      gint64 position = self->pending_seek;

      self->pending_seek = -1;
      seek_in_part (self, position);
      return;
    }
  self->switching = FALSE;
  if (self->state == HARK_PLAYER_STATE_LOADING && !self->want_playing)
    set_state (self, HARK_PLAYER_STATE_PAUSED);
  tick (self);
}

static void
state_changed (HarkPlayer *self,
               GstMessage *message)
{
  GstState old_state, new_state, pending;

  if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->playbin))
    return;
  gst_message_parse_state_changed (message, &old_state, &new_state, &pending);
  if (self->state == HARK_PLAYER_STATE_ERROR || self->state == HARK_PLAYER_STATE_STOPPED)
    return;

  if (new_state == GST_STATE_PLAYING)
    set_state (self, HARK_PLAYER_STATE_PLAYING);
  else if (new_state == GST_STATE_PAUSED && pending == GST_STATE_VOID_PENDING &&
           !self->want_playing && !self->switching)
    set_state (self, HARK_PLAYER_STATE_PAUSED);
  update_ticking (self);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  HarkPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      fail (self, error_from_message (self, message));
      break;

    case GST_MESSAGE_ELEMENT:
      if (gst_is_missing_plugin_message (message))
        {
          g_free (self->missing_plugin);
          self->missing_plugin = gst_missing_plugin_message_get_description (message);
        }
      break;

    case GST_MESSAGE_EOS:
      if (self->part + 1 < self->n_parts)
        switch_part (self, self->part + 1, 0);
      else
        finished (self);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      async_done (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      state_changed (self, message);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      {
        gint64 duration = 0;

        if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration))
          learn_duration (self, self->part, duration / GST_MSECOND);
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
emit_started_cb (gpointer user_data)
{
  g_autoptr(HarkPlayer) self = user_data;
  gint64 *when = g_object_steal_data (G_OBJECT (self), "hark-started-at");

  g_signal_emit (self, signals[STARTED], 0, when != NULL ? *when : g_get_monotonic_time ());
  g_free (when);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
buffer_probe_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  HarkPlayer *self = user_data;

  if (g_atomic_int_compare_and_exchange (&self->first_buffer_armed, 1, 0))
    {
      gint64 *when = g_new (gint64, 1);

      *when = g_get_monotonic_time ();
      g_object_set_data_full (G_OBJECT (self), "hark-started-at", when, g_free);
      g_idle_add_full (G_PRIORITY_HIGH, emit_started_cb, g_object_ref (self), NULL);
    }
  return GST_PAD_PROBE_OK;
}

static GstElement *
make_sink (void)
{
  const char *description = g_getenv ("HARK_AUDIO_SINK");
  g_autoptr(GError) error = NULL;
  GstElement *sink;

  if (description == NULL || description[0] == '\0')
    return gst_element_factory_make ("autoaudiosink", NULL);

  if (strchr (description, ' ') == NULL && strchr (description, '!') == NULL)
    {
      sink = gst_element_factory_make (description, NULL);
      if (sink != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "sync"))
        g_object_set (sink, "sync", TRUE, NULL);
      return sink;
    }

  sink = gst_parse_bin_from_description (description, TRUE, &error);
  if (sink == NULL)
    g_debug ("HARK_AUDIO_SINK “%s”: %s", description, error->message);
  return sink;
}

/* Growing files */

static void
clear_growing (HarkPlayer *self)
{
  g_clear_handle_id (&self->feed_id, g_source_remove);
  g_clear_object (&self->growing_input);
  g_clear_pointer (&self->growing_final, g_free);
  g_mutex_lock (&self->appsrc_lock);
  g_clear_pointer (&self->appsrc, gst_object_unref);
  g_mutex_unlock (&self->appsrc_lock);
  self->growing_done = FALSE;
  if (self->growing)
    {
      self->growing = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKABLE]);
    }
}

/* The download is complete: from now on the message plays from its file. */
static void
leave_growing (HarkPlayer *self)
{
  g_autofree char *uri = g_filename_to_uri (self->growing_final, NULL, NULL);

  g_free (self->uris[0]);
  self->uris[0] = g_steal_pointer (&uri);
  clear_growing (self);
}

static gboolean
feed_cb (gpointer user_data)
{
  HarkPlayer *self = user_data;
  g_autoptr(GstElement) appsrc = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&self->appsrc_lock);
  appsrc = self->appsrc != NULL ? gst_object_ref (self->appsrc) : NULL;
  g_mutex_unlock (&self->appsrc_lock);
  if (appsrc == NULL)
    return G_SOURCE_CONTINUE;

  /* What has arrived since the last look, a tick's worth at most. */
  for (guint i = 0; i < 16; i++)
    {
      guint8 data[16384];
      gssize n = g_input_stream_read (self->growing_input, data, sizeof data, NULL, &error);
      GstFlowReturn flow;

      if (n < 0)
        {
          self->feed_id = 0;
          fail (self, g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_NOT_FOUND,
                                   _("The audio file cannot be read: %s"), error->message));
          return G_SOURCE_REMOVE;
        }
      if (n == 0)
        {
          if (!self->growing_done)
            return G_SOURCE_CONTINUE;
          g_signal_emit_by_name (appsrc, "end-of-stream", &flow);
          self->feed_id = 0;
          return G_SOURCE_REMOVE;
        }
      {
        g_autoptr(GstBuffer) buffer = gst_buffer_new_memdup (data, n);

        g_signal_emit_by_name (appsrc, "push-buffer", buffer, &flow);
      }
    }
  return G_SOURCE_CONTINUE;
}

/* playbin made its source for "appsrc://": a stream of bytes, no seeking.
 * May come from a streaming thread. */
static void
source_setup_cb (GstElement *playbin,
                 GstElement *source,
                 HarkPlayer *self)
{
  if (!g_str_equal (G_OBJECT_TYPE_NAME (source), "GstAppSrc"))
    return;
  g_object_set (source, "stream-type", 0 /* GST_APP_STREAM_TYPE_STREAM */,
                "format", GST_FORMAT_BYTES, NULL);
  g_mutex_lock (&self->appsrc_lock);
  g_clear_pointer (&self->appsrc, gst_object_unref);
  self->appsrc = gst_object_ref (source);
  g_mutex_unlock (&self->appsrc_lock);
}

static gboolean
ensure_playbin (HarkPlayer  *self,
                GError     **error)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) pad = NULL;
  GstElement *sink;
  GstElement *filter;

  if (self->playbin != NULL)
    return TRUE;

  self->playbin = gst_element_factory_make ("playbin", NULL);
  if (self->playbin == NULL)
    {
      g_set_error (error, HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_MISSING_PLUGIN,
                   _("GStreamer's “playbin” is not installed: install gstreamer1.0-plugins-base."));
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);

  sink = make_sink ();
  if (sink == NULL)
    {
      g_clear_pointer (&self->playbin, gst_object_unref);
      g_set_error (error, HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_OUTPUT,
                   _("No audio output could be opened (HARK_AUDIO_SINK is “%s”)."),
                   g_getenv ("HARK_AUDIO_SINK"));
      return FALSE;
    }
  pad = gst_element_get_static_pad (sink, "sink");
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, buffer_probe_cb, self, NULL);
  g_object_set (self->playbin, "audio-sink", sink, NULL);

  filter = gst_element_factory_make ("scaletempo", NULL);
  if (filter != NULL)
    g_object_set (self->playbin, "audio-filter", filter, NULL);

  /* Audio only: no video or subtitles from a voice mail. */
  g_object_set (self->playbin, "flags", 0x2 /* audio */, "volume", self->volume, NULL);

  g_signal_connect (self->playbin, "source-setup", G_CALLBACK (source_setup_cb), self);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  return TRUE;
}

static void
discovered_cb (GstDiscoverer     *discoverer,
               GstDiscovererInfo *info,
               GError            *error,
               gpointer           user_data)
{
  HarkPlayer *self = user_data;
  const char *uri = gst_discoverer_info_get_uri (info);
  GstClockTime duration = gst_discoverer_info_get_duration (info);

  if (error != NULL || !GST_CLOCK_TIME_IS_VALID (duration))
    return;
  for (guint i = 0; i < self->n_parts; i++)
    if (g_str_equal (self->uris[i], uri) && self->durations[i] <= 0)
      learn_duration (self, i, duration / GST_MSECOND);
}

static void
discover_parts (HarkPlayer *self)
{
  if (self->n_parts < 2)
    return;

  self->discoverer = gst_discoverer_new (5 * GST_SECOND, NULL);
  if (self->discoverer == NULL)
    return;
  g_signal_connect (self->discoverer, "discovered", G_CALLBACK (discovered_cb), self);
  gst_discoverer_start (self->discoverer);
  for (guint i = 0; i < self->n_parts; i++)
    gst_discoverer_discover_uri_async (self->discoverer, self->uris[i]);
}

static void
hark_player_dispose (GObject *object)
{
  HarkPlayer *self = HARK_PLAYER (object);

  hark_player_stop (self);
  if (self->playbin != NULL)
    {
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      g_clear_pointer (&self->playbin, gst_object_unref);
    }

  G_OBJECT_CLASS (hark_player_parent_class)->dispose (object);
}

static void
hark_player_finalize (GObject *object)
{
  HarkPlayer *self = HARK_PLAYER (object);

  g_clear_pointer (&self->uris, g_strfreev);
  g_clear_pointer (&self->durations, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->missing_plugin, g_free);
  g_mutex_clear (&self->appsrc_lock);

  G_OBJECT_CLASS (hark_player_parent_class)->finalize (object);
}

static void
hark_player_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HarkPlayer *self = HARK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, hark_player_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, hark_player_get_duration (self));
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_PART:
      g_value_set_uint (value, self->part);
      break;
    case PROP_SEEKABLE:
      g_value_set_boolean (value, hark_player_get_seekable (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hark_player_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HarkPlayer *self = HARK_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      hark_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_VOLUME:
      hark_player_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hark_player_class_init (HarkPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hark_player_dispose;
  object_class->finalize = hark_player_finalize;
  object_class->get_property = hark_player_get_property;
  object_class->set_property = hark_player_set_property;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HARK_TYPE_PLAYER_STATE,
                       HARK_PLAYER_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, HARK_PLAYER_MIN_RATE, HARK_PLAYER_MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PART] =
    g_param_spec_uint ("part", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEEKABLE] =
    g_param_spec_boolean ("seekable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HarkPlayer::finished:
   *
   * The last part played to its end; the player is back at the start.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * HarkPlayer::started:
   * @time: g_get_monotonic_time() when the buffer reached the sink
   *
   * The first buffer after a play request reached the audio sink.
   */
  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
hark_player_init (HarkPlayer *self)
{
  self->rate = 1.0;
  self->volume = 1.0;
  self->pending_seek = -1;
  self->seek_target = -1;
  g_mutex_init (&self->appsrc_lock);
}

HarkPlayer *
hark_player_new (void)
{
  return g_object_new (HARK_TYPE_PLAYER, NULL);
}

/**
 * hark_player_load:
 * @self: a player
 * @paths: (array zero-terminated=1): the audio files, in the order they play
 * @duration_hint: the message's duration in milliseconds, until the files
 *   say theirs
 *
 * Loads a message, paused at its start. Errors come as the %ERROR state.
 */
void
hark_player_load (HarkPlayer         *self,
                  const char * const *paths,
                  gint64              duration_hint)
{
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_if_fail (HARK_IS_PLAYER (self));
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  hark_player_stop (self);

  n = g_strv_length ((char **)paths);
  self->uris = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->uris[i] = g_filename_to_uri (paths[i], NULL, &error);
      if (self->uris[i] == NULL)
        {
          fail (self, g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_NOT_FOUND,
                                   _("The audio file cannot be read: %s"), error->message));
          return;
        }
    }
  self->n_parts = n;
  self->durations = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    self->durations[i] = -1;
  self->duration_hint = MAX (duration_hint, 0);
  self->part = 0;
  self->last_position = 0;

  if (!ensure_playbin (self, &error))
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  set_state (self, HARK_PLAYER_STATE_LOADING);
  g_object_set (self->playbin, "uri", self->uris[0], NULL);
  self->switching = TRUE;
  self->pending_seek = self->rate != 1.0 ? 0 : -1;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  discover_parts (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PART]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hark_player_load_growing:
 * @self: a player
 * @path: an audio file that is still being downloaded
 * @duration_hint: the message's duration in milliseconds
 *
 * Loads a message whose only file is still arriving, paused at its start:
 * it plays what has arrived, and waits for more, until
 * hark_player_growing_done(). It cannot seek or change speed until then.
 */
void
hark_player_load_growing (HarkPlayer *self,
                          const char *path,
                          gint64      duration_hint)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HARK_IS_PLAYER (self));
  g_return_if_fail (path != NULL);

  hark_player_stop (self);

  file = g_file_new_for_path (path);
  self->growing_input = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  if (self->growing_input == NULL)
    {
      fail (self, g_error_new (HARK_PLAYER_ERROR, HARK_PLAYER_ERROR_NOT_FOUND,
                               _("The audio file cannot be read: %s"), error->message));
      return;
    }
  if (!ensure_playbin (self, &error))
    {
      g_clear_object (&self->growing_input);
      fail (self, g_steal_pointer (&error));
      return;
    }

  self->growing = TRUE;
  self->growing_done = FALSE;
  self->uris = g_new0 (char *, 2);
  self->uris[0] = g_strdup ("appsrc://");
  self->n_parts = 1;
  self->durations = g_new (gint64, 1);
  self->durations[0] = -1;
  self->duration_hint = MAX (duration_hint, 0);
  self->part = 0;
  self->last_position = 0;

  set_state (self, HARK_PLAYER_STATE_LOADING);
  g_object_set (self->playbin, "uri", self->uris[0], NULL);
  self->switching = TRUE;
  self->pending_seek = -1;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  self->feed_id = g_timeout_add (20, feed_cb, self);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * hark_player_growing_done:
 * @self: a player
 * @path: (nullable): the complete file, or %NULL if the download failed
 *
 * The file given to hark_player_load_growing() is complete (or will not
 * be): the rest plays, and afterwards the player plays from @path and
 * can seek; a seek now switches to @path at once.
 */
void
hark_player_growing_done (HarkPlayer *self,
                          const char *path)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  if (!self->growing)
    return;
  self->growing_done = TRUE;
  g_free (self->growing_final);
  self->growing_final = g_strdup (path);
  if (self->feed_id == 0 && self->state != HARK_PLAYER_STATE_ERROR)
    self->feed_id = g_timeout_add (20, feed_cb, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKABLE]);
}

/**
 * hark_player_get_seekable:
 * @self: a player
 *
 * Returns: whether a seek can be done now (not while the only file is
 *   still arriving)
 */
gboolean
hark_player_get_seekable (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), FALSE);

  return !self->growing || self->growing_final != NULL;
}

/**
 * hark_player_get_growing:
 * @self: a player
 *
 * Returns: whether the message plays from a file as it arrives
 */
gboolean
hark_player_get_growing (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), FALSE);

  return self->growing;
}

/**
 * hark_player_stop:
 * @self: a player
 *
 * Stops and forgets the message.
 */
void
hark_player_stop (HarkPlayer *self)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  if (self->discoverer != NULL)
    {
      gst_discoverer_stop (self->discoverer);
      g_signal_handlers_disconnect_by_data (self->discoverer, self);
      g_clear_object (&self->discoverer);
    }
  clear_growing (self);
  g_clear_pointer (&self->uris, g_strfreev);
  g_clear_pointer (&self->durations, g_free);
  g_clear_pointer (&self->missing_plugin, g_free);
  g_clear_error (&self->error);
  self->n_parts = 0;
  self->part = 0;
  self->want_playing = FALSE;
  self->switching = FALSE;
  self->pending_seek = -1;
  self->seek_target = -1;
  self->last_position = 0;
  set_state (self, HARK_PLAYER_STATE_STOPPED);
  update_ticking (self);
}

void
hark_player_play (HarkPlayer *self)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  if (self->playbin == NULL || self->n_parts == 0 || self->state == HARK_PLAYER_STATE_ERROR)
    return;
  self->want_playing = TRUE;
  g_atomic_int_set (&self->first_buffer_armed, 1);
  gst_element_set_state (self->playbin, GST_STATE_PLAYING);
}

void
hark_player_pause (HarkPlayer *self)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  if (self->playbin == NULL || self->n_parts == 0 || self->state == HARK_PLAYER_STATE_ERROR)
    return;
  self->want_playing = FALSE;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (self->state == HARK_PLAYER_STATE_PLAYING)
    set_state (self, HARK_PLAYER_STATE_PAUSED);
  update_ticking (self);
}

void
hark_player_toggle (HarkPlayer *self)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  if (self->want_playing)
    hark_player_pause (self);
  else
    hark_player_play (self);
}

/**
 * hark_player_seek:
 * @self: a player
 * @position: milliseconds from the start of the message
 */
void
hark_player_seek (HarkPlayer *self,
                  gint64      position)
{
  gint64 offset = 0;
  guint part = 0;

  g_return_if_fail (HARK_IS_PLAYER (self));

  if (self->playbin == NULL || self->n_parts == 0 || self->state == HARK_PLAYER_STATE_ERROR)
    return;

  /* A stream cannot seek: until its download is done, nor can the player;
   * after that, the complete file takes over where the user wants to be. */
  if (self->growing)
    {
      if (self->growing_final == NULL)
        return;
      leave_growing (self);
      position = CLAMP (position, 0, hark_player_get_duration (self));
      self->last_position = position;
      switch_part (self, 0, position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
      return;
    }

  position = CLAMP (position, 0, hark_player_get_duration (self));
  while (part + 1 < self->n_parts && self->durations[part] > 0 &&
         position >= offset + self->durations[part])
    offset += self->durations[part++];

  self->last_position = position;
  if (part != self->part)
    switch_part (self, part, position - offset);
  else if (self->switching || self->state == HARK_PLAYER_STATE_LOADING)
    self->pending_seek = position - offset;
  else
    seek_in_part (self, position - offset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

void
hark_player_skip (HarkPlayer *self,
                  gint64      delta)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  hark_player_seek (self, MAX (hark_player_get_position (self) + delta, 0));
}

HarkPlayerState
hark_player_get_state (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), HARK_PLAYER_STATE_STOPPED);

  return self->state;
}

/**
 * hark_player_get_error:
 * @self: a player
 *
 * Returns: (nullable): why the state is %HARK_PLAYER_STATE_ERROR
 */
const GError *
hark_player_get_error (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), NULL);

  return self->error;
}

/**
 * hark_player_get_position:
 * @self: a player
 *
 * Returns: milliseconds from the start of the message
 */
gint64
hark_player_get_position (HarkPlayer *self)
{
  gint64 position;

  g_return_val_if_fail (HARK_IS_PLAYER (self), 0);

  if (self->n_parts == 0)
    return 0;
  position = position_in_part (self);
  if (position < 0)
    return self->last_position;
  return part_offset (self, self->part) + position;
}

/**
 * hark_player_get_duration:
 * @self: a player
 *
 * Returns: the message's length in milliseconds: the files' once they are
 *   known, the hint given to hark_player_load() until then
 */
gint64
hark_player_get_duration (HarkPlayer *self)
{
  gint64 total = 0;
  gboolean known = TRUE;

  g_return_val_if_fail (HARK_IS_PLAYER (self), 0);

  for (guint i = 0; i < self->n_parts; i++)
    {
      if (self->durations[i] > 0)
        total += self->durations[i];
      else
        known = FALSE;
    }
  return known ? total : MAX (total, self->duration_hint);
}

double
hark_player_get_rate (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), 1.0);

  return self->rate;
}

/**
 * hark_player_set_rate:
 * @self: a player
 * @rate: the speed, from 0.5 to 2; the pitch stays
 */
void
hark_player_set_rate (HarkPlayer *self,
                      double      rate)
{
  gint64 position;

  g_return_if_fail (HARK_IS_PLAYER (self));

  rate = CLAMP (rate, HARK_PLAYER_MIN_RATE, HARK_PLAYER_MAX_RATE);
  if (G_APPROX_VALUE (self->rate, rate, 0.001))
    return;
  self->rate = rate;

  /* A stream cannot be seeked to change its rate: the rate applies once
   * the complete file plays. */
  if (self->playbin != NULL && self->n_parts > 0 && self->state != HARK_PLAYER_STATE_ERROR &&
      !self->growing)
    {
      position = position_in_part (self);
      if (self->switching || self->state == HARK_PLAYER_STATE_LOADING)
        self->pending_seek = MAX (position, 0);
      else if (position >= 0)
        seek_in_part (self, position);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
hark_player_get_volume (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), 1.0);

  return self->volume;
}

void
hark_player_set_volume (HarkPlayer *self,
                        double      volume)
{
  g_return_if_fail (HARK_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (G_APPROX_VALUE (self->volume, volume, 0.0001))
    return;
  self->volume = volume;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

guint
hark_player_get_n_parts (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), 0);

  return self->n_parts;
}

guint
hark_player_get_part (HarkPlayer *self)
{
  g_return_val_if_fail (HARK_IS_PLAYER (self), 0);

  return self->part;
}
