/* hark-player.h: plays a voice mail's audio with GStreamer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HARK_PLAYER_ERROR (hark_player_error_quark ())

typedef enum {
  HARK_PLAYER_ERROR_MISSING_PLUGIN, /*< nick=missing-plugin >*/
  HARK_PLAYER_ERROR_DECODE,         /*< nick=decode >*/
  HARK_PLAYER_ERROR_NOT_FOUND,      /*< nick=not-found >*/
  HARK_PLAYER_ERROR_OUTPUT,         /*< nick=output >*/
} HarkPlayerError;

GQuark hark_player_error_quark (void);

typedef enum {
  HARK_PLAYER_STATE_STOPPED, /*< nick=stopped >*/
  HARK_PLAYER_STATE_LOADING, /*< nick=loading >*/
  HARK_PLAYER_STATE_PAUSED,  /*< nick=paused >*/
  HARK_PLAYER_STATE_PLAYING, /*< nick=playing >*/
  HARK_PLAYER_STATE_ERROR,   /*< nick=error >*/
} HarkPlayerState;

#define HARK_PLAYER_MIN_RATE 0.5
#define HARK_PLAYER_MAX_RATE 2.0

#define HARK_TYPE_PLAYER (hark_player_get_type ())
G_DECLARE_FINAL_TYPE (HarkPlayer, hark_player, HARK, PLAYER, GObject)

HarkPlayer      *hark_player_new          (void);
void             hark_player_load         (HarkPlayer         *self,
                                           const char * const *paths,
                                           gint64              duration_hint);
void             hark_player_load_growing (HarkPlayer         *self,
                                           const char         *path,
                                           gint64              duration_hint);
void             hark_player_growing_done (HarkPlayer         *self,
                                           const char         *path);
gboolean         hark_player_get_seekable (HarkPlayer         *self);
gboolean         hark_player_get_growing  (HarkPlayer         *self);
void             hark_player_stop         (HarkPlayer         *self);
void             hark_player_play         (HarkPlayer         *self);
void             hark_player_pause        (HarkPlayer         *self);
void             hark_player_toggle       (HarkPlayer         *self);
void             hark_player_seek         (HarkPlayer         *self,
                                           gint64              position);
void             hark_player_skip         (HarkPlayer         *self,
                                           gint64              delta);
HarkPlayerState  hark_player_get_state    (HarkPlayer         *self);
const GError    *hark_player_get_error    (HarkPlayer         *self);
gint64           hark_player_get_position (HarkPlayer         *self);
gint64           hark_player_get_duration (HarkPlayer         *self);
double           hark_player_get_rate     (HarkPlayer         *self);
void             hark_player_set_rate     (HarkPlayer         *self,
                                           double              rate);
double           hark_player_get_volume   (HarkPlayer         *self);
void             hark_player_set_volume   (HarkPlayer         *self,
                                           double              volume);
guint            hark_player_get_n_parts  (HarkPlayer         *self);
guint            hark_player_get_part     (HarkPlayer         *self);

G_END_DECLS
