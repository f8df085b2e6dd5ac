/* hark-store.h: the local copy of one account's voice mails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hark-message.h"
#include "um-voicemail.h"

G_BEGIN_DECLS

#define HARK_STORE_ERROR (hark_store_error_quark ())

/**
 * HarkStoreError:
 * @HARK_STORE_ERROR_DATABASE: SQLite failed; the message says how
 * @HARK_STORE_ERROR_NOT_FOUND: no such voice mail in the store
 * @HARK_STORE_ERROR_INVALID: the action makes no sense for the message
 */
typedef enum {
  HARK_STORE_ERROR_DATABASE,
  HARK_STORE_ERROR_NOT_FOUND,
  HARK_STORE_ERROR_INVALID,
} HarkStoreError;

GQuark hark_store_error_quark (void);

/**
 * HarkActionKind:
 *
 * What the user did, waiting in the outbox to be done on the server.
 */
typedef enum {
  HARK_ACTION_MARK_HEARD,   /*< nick=mark-heard >*/
  HARK_ACTION_MARK_UNHEARD, /*< nick=mark-unheard >*/
  HARK_ACTION_MOVE,         /*< nick=move >*/
  HARK_ACTION_DELETE,       /*< nick=delete >*/
  HARK_ACTION_UNDELETE,     /*< nick=undelete >*/
} HarkActionKind;

/**
 * HarkAction:
 * @seq: its place in the outbox
 * @kind: what to do
 * @item_id: the item's id when the action was queued (or since rewritten)
 * @message_id: the Message-ID that finds it again after a move
 * @role: the destination of a move or undelete (inbox, work, family, friends)
 * @attempts: how often replaying it failed for want of a server
 */
typedef struct {
  gint64          seq;
  HarkActionKind  kind;
  char           *item_id;
  char           *message_id;
  char           *role;
  int             attempts;
} HarkAction;

void hark_action_free (HarkAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HarkAction, hark_action_free)

/**
 * HarkCounts:
 * @new_count: unheard voice mails (not deleted)
 * @old_count: heard voice mails (not deleted)
 * @urgent_new: of those unheard, the urgent ones
 * @urgent_old: of those heard, the urgent ones
 *
 * The message-summary numbers of RFC 3842 (Voice-Message: new/old
 * (urgent_new/urgent_old)).
 */
typedef struct {
  int new_count;
  int old_count;
  int urgent_new;
  int urgent_old;
} HarkCounts;

/**
 * HarkConflict:
 * @time: when it was found, seconds since 1970
 * @kind: the action that could not be done
 * @caller: who the message was from
 * @description: what happened, in English
 */
typedef struct {
  gint64          time;
  HarkActionKind  kind;
  char           *caller;
  char           *description;
} HarkConflict;

void hark_conflict_free (HarkConflict *conflict);

#define HARK_TYPE_STORE (hark_store_get_type ())
G_DECLARE_FINAL_TYPE (HarkStore, hark_store, HARK, STORE, GObject)

HarkStore   *hark_store_new                 (const char    *path,
                                             GError       **error);
char        *hark_store_default_path        (const char    *account);
char        *hark_store_default_cache_dir   (const char    *account);
const char  *hark_store_get_path            (HarkStore     *self);

/* Where the roles are on the server, and how far each is synchronized. */
char        *hark_store_dup_folder_id       (HarkStore     *self,
                                             const char    *role);
gboolean     hark_store_set_folder_id       (HarkStore     *self,
                                             const char    *role,
                                             const char    *folder_id,
                                             GError       **error);
char        *hark_store_dup_sync_state      (HarkStore     *self,
                                             const char    *role);
const char  *hark_store_role_for_folder_id  (HarkStore     *self,
                                             const char    *folder_id);
char        *hark_store_dup_meta            (HarkStore     *self,
                                             const char    *key);
gboolean     hark_store_set_meta            (HarkStore     *self,
                                             const char    *key,
                                             const char    *value,
                                             GError       **error);

/* What the server says, in one transaction. */
gboolean     hark_store_begin               (HarkStore     *self,
                                             GError       **error);
gboolean     hark_store_commit              (HarkStore     *self,
                                             GError       **error);
void         hark_store_rollback            (HarkStore     *self);
gboolean     hark_store_put                 (HarkStore     *self,
                                             const char    *role,
                                             const UmVoiceMail *voice_mail,
                                             gboolean      *is_new,
                                             GError       **error);
gboolean     hark_store_remove              (HarkStore     *self,
                                             const char    *item_id,
                                             GError       **error);
gboolean     hark_store_forget              (HarkStore     *self,
                                             const char    *item_id,
                                             GError       **error);
gboolean     hark_store_set_heard_by_server (HarkStore     *self,
                                             const char    *item_id,
                                             gboolean       heard,
                                             GError       **error);
gboolean     hark_store_set_sync_state      (HarkStore     *self,
                                             const char    *role,
                                             const char    *sync_state,
                                             GError       **error);
gboolean     hark_store_mark_all_unseen     (HarkStore     *self,
                                             GError       **error);
gboolean     hark_store_remove_unseen       (HarkStore     *self,
                                             GError       **error);
GHashTable  *hark_store_ids_in_role         (HarkStore     *self,
                                             const char    *role);

/* Reading: cheap, never from the network. */
HarkMessage *hark_store_get                 (HarkStore     *self,
                                             const char    *item_id);
HarkMessage *hark_store_find                (HarkStore     *self,
                                             const char    *id);
GPtrArray   *hark_store_list                (HarkStore     *self,
                                             HarkFolder     folder,
                                             gboolean       unheard_only,
                                             int            limit);
GListModel  *hark_store_list_model          (HarkStore     *self,
                                             HarkFolder     folder);
HarkCounts   hark_store_get_counts          (HarkStore     *self);
int          hark_store_count               (HarkStore     *self,
                                             HarkFolder     folder,
                                             gboolean       unheard_only);

/* What the user does: done here at once, and queued for the server. */
gboolean     hark_store_mark                (HarkStore     *self,
                                             const char    *item_id,
                                             gboolean       heard,
                                             GError       **error);
gboolean     hark_store_move                (HarkStore     *self,
                                             const char    *item_id,
                                             HarkFolder     folder,
                                             GError       **error);
gboolean     hark_store_delete              (HarkStore     *self,
                                             const char    *item_id,
                                             GError       **error);
gboolean     hark_store_undelete            (HarkStore     *self,
                                             const char    *item_id,
                                             GError       **error);

/* The outbox, replayed in order by HarkSync. */
GPtrArray   *hark_store_get_outbox          (HarkStore     *self);
guint        hark_store_get_outbox_length   (HarkStore     *self);
gboolean     hark_store_action_done         (HarkStore     *self,
                                             const HarkAction *action,
                                             const char    *new_item_id,
                                             GError       **error);
gboolean     hark_store_action_failed       (HarkStore     *self,
                                             const HarkAction *action,
                                             const char    *description,
                                             GError       **error);
gboolean     hark_store_action_retarget     (HarkStore     *self,
                                             const HarkAction *action,
                                             const char    *item_id,
                                             GError       **error);
gboolean     hark_store_action_attempted    (HarkStore     *self,
                                             const HarkAction *action,
                                             GError       **error);
GPtrArray   *hark_store_take_conflicts      (HarkStore     *self);

/* Downloaded audio, with a size limit. */
char        *hark_store_dup_audio           (HarkStore     *self,
                                             const char    *message_key);
gboolean     hark_store_add_audio           (HarkStore     *self,
                                             const char    *message_key,
                                             const char    *paths,
                                             gint64         size,
                                             gint64         limit,
                                             GError       **error);

G_END_DECLS
