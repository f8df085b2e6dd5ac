/* um-watcher.h: hears of changes to a mailbox's folders as they happen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "um-mailbox.h"

G_BEGIN_DECLS

/**
 * UmWatchMode:
 * @UM_WATCH_MODE_STOPPED: not watching
 * @UM_WATCH_MODE_CONNECTING: subscribing or waiting to try again
 * @UM_WATCH_MODE_STREAMING: the server pushes events (GetStreamingEvents)
 * @UM_WATCH_MODE_PULL: asking for events now and then (GetEvents)
 * @UM_WATCH_MODE_POLLING: the server offers no subscriptions: every poll
 *   interval counts as a change
 */
typedef enum {
  UM_WATCH_MODE_STOPPED,    /*< nick=stopped >*/
  UM_WATCH_MODE_CONNECTING, /*< nick=connecting >*/
  UM_WATCH_MODE_STREAMING,  /*< nick=streaming >*/
  UM_WATCH_MODE_PULL,       /*< nick=pull >*/
  UM_WATCH_MODE_POLLING,    /*< nick=polling >*/
} UmWatchMode;

#define UM_TYPE_WATCHER (um_watcher_get_type ())
G_DECLARE_FINAL_TYPE (UmWatcher, um_watcher, UM, WATCHER, GObject)

UmWatcher   *um_watcher_new                (UmMailbox          *mailbox,
                                            const char * const *folder_ids);
void         um_watcher_set_folder_ids     (UmWatcher          *self,
                                            const char * const *folder_ids);
UmWatchMode  um_watcher_get_mode           (UmWatcher          *self);
void         um_watcher_set_intervals      (UmWatcher          *self,
                                            guint               pull_seconds,
                                            guint               poll_seconds,
                                            guint               max_backoff_seconds);
void         um_watcher_set_connection_minutes (UmWatcher      *self,
                                            guint               minutes);
guint        um_watcher_get_request_count  (UmWatcher          *self);
void         um_watcher_start              (UmWatcher          *self);
void         um_watcher_stop               (UmWatcher          *self);

G_END_DECLS
