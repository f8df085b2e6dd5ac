/* hark-sync.h: keeps a HarkStore and the server's mailbox in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hark-store.h"
#include "um-mailbox.h"

G_BEGIN_DECLS

/**
 * HarkSyncFlags:
 * @HARK_SYNC_NONE: replay the outbox, then fetch what changed
 * @HARK_SYNC_FULL: list everything again, as the first time
 */
typedef enum {
  HARK_SYNC_NONE = 0,      /*< nick=none >*/
  HARK_SYNC_FULL = 1 << 0, /*< nick=full >*/
} HarkSyncFlags;

/**
 * HarkSyncReport:
 * @replayed: actions of the outbox the server carried out
 * @conflicts: actions it could not, because their message was gone
 * @new_ids: (element-type utf8): the ids of the voice mails that arrived
 * @first: whether this was a first (full) sync
 */
typedef struct {
  guint      replayed;
  guint      conflicts;
  GPtrArray *new_ids;
  gboolean   first;
} HarkSyncReport;

void hark_sync_report_free (HarkSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HarkSyncReport, hark_sync_report_free)

#define HARK_TYPE_SYNC (hark_sync_get_type ())
G_DECLARE_FINAL_TYPE (HarkSync, hark_sync, HARK, SYNC, GObject)

HarkSync       *hark_sync_new                (HarkStore           *store,
                                              UmMailbox           *mailbox);
HarkStore      *hark_sync_get_store          (HarkSync            *self);
UmMailbox      *hark_sync_get_mailbox        (HarkSync            *self);
void            hark_sync_set_folder_names   (HarkSync            *self,
                                              const char          *parent,
                                              const char          *work,
                                              const char          *family,
                                              const char          *friends);
void            hark_sync_add_folder_names   (HarkSync            *self,
                                              const char          *parent,
                                              const char          *work,
                                              const char          *family,
                                              const char          *friends);
void            hark_sync_set_audio_cache    (HarkSync            *self,
                                              const char          *dir,
                                              gint64               limit);
char          **hark_sync_dup_folder_ids     (HarkSync            *self);

void            hark_sync_run_async          (HarkSync            *self,
                                              HarkSyncFlags        flags,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
HarkSyncReport *hark_sync_run_finish         (HarkSync            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void            hark_sync_fetch_audio_async  (HarkSync            *self,
                                              const char          *item_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char          **hark_sync_fetch_audio_finish (HarkSync            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

gboolean        hark_sync_error_is_offline   (const GError        *error);

G_END_DECLS
