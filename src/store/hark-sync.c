/* hark-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run: find the folders; replay the outbox in order; then, the first
 * time, list every voice mail with FindItem (the list is usable then) and
 * take SyncFolderItems states of each folder, fetching what arrived in the
 * meantime; later, ask SyncFolderItems for what changed since.
 *
 * Replaying survives moves made elsewhere: an item the server no longer
 * knows by its id is looked for by its Message-ID, and the action goes to
 * it there. Only an action on a message that is gone for good is dropped,
 * and reported. A run that finds the server unreachable stops where it is;
 * the outbox waits for the next.
 */

#include "config.h"

#include "hark-sync.h"

#include "um-error.h"

#include <glib/gstdio.h>
#include <string.h>

#define GET_ITEM_BATCH 50
#define DEFAULT_AUDIO_LIMIT (256 * 1024 * 1024)

/* The folders a store knows, with the server folders they are. */
static const char *const synced_roles[] = { "inbox", "work", "family", "friends", "deleted" };

struct _HarkSync
{
  GObject    parent_instance;

  HarkStore *store;
  UmMailbox *mailbox;
  char      *parent_name;
  char      *role_names[3];
  GPtrArray *other_names;   /* (element-type GStrv): parent, work, family, friends */
  char      *audio_dir;
  gint64     audio_limit;
  gboolean   running;
  GPtrArray *waiting;
};

G_DEFINE_FINAL_TYPE (HarkSync, hark_sync, G_TYPE_OBJECT)

enum {
  NEW_VOICEMAIL,
  PROGRESS,
  LISTED,
  AUDIO_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
hark_sync_report_free (HarkSyncReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->new_ids, g_ptr_array_unref);
  g_free (report);
}

static void
hark_sync_finalize (GObject *object)
{
  HarkSync *self = (HarkSync *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->mailbox);
  g_free (self->parent_name);
  for (guint i = 0; i < G_N_ELEMENTS (self->role_names); i++)
    g_free (self->role_names[i]);
  g_free (self->audio_dir);
  g_clear_pointer (&self->other_names, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (hark_sync_parent_class)->finalize (object);
}

static void
hark_sync_class_init (HarkSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hark_sync_finalize;

  /**
   * HarkSync::new-voicemail:
   * @self: the sync
   * @message: the voice mail that arrived, unheard
   *
   * A voice mail arrived since the last run (not on a first sync).
   */
  signals[NEW_VOICEMAIL] = g_signal_new ("new-voicemail", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, HARK_TYPE_MESSAGE);

  /**
   * HarkSync::progress:
   * @self: the sync
   * @done: voice mails listed so far
   * @total: voice mails to list, as the server counts them
   *
   * A first sync's listing goes on, page by page.
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * HarkSync::listed:
   * @self: the sync
   *
   * A first sync has stored every voice mail: the store can be shown. The
   * run goes on to take the folders' sync states.
   */
  signals[LISTED] = g_signal_new ("listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * HarkSync::audio-started:
   * @self: the sync
   * @item_id: the message given to hark_sync_fetch_audio_async()
   * @index: which of its audio files
   * @n_files: how many it has
   * @path: where that file grows as it arrives (it gets its final name,
   *   without ".part", once complete; an open file stays valid)
   *
   * A download of a message's audio file begins: a player can start on
   * what has arrived.
   */
  signals[AUDIO_STARTED] = g_signal_new ("audio-started", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                         G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT,
                                         G_TYPE_STRING);
}

static void
hark_sync_init (HarkSync *self)
{
  self->parent_name = g_strdup ("Voice Mail");
  self->role_names[0] = g_strdup ("Work");
  self->role_names[1] = g_strdup ("Family");
  self->role_names[2] = g_strdup ("Friends");
  self->other_names = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  self->audio_limit = DEFAULT_AUDIO_LIMIT;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * hark_sync_new:
 * @store: the local store
 * @mailbox: the mailbox on the server
 *
 * Returns: (transfer full): a sync
 */
HarkSync *
hark_sync_new (HarkStore *store,
               UmMailbox *mailbox)
{
  HarkSync *self;

  g_return_val_if_fail (HARK_IS_STORE (store), NULL);
  g_return_val_if_fail (UM_IS_MAILBOX (mailbox), NULL);

  self = g_object_new (HARK_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->mailbox = g_object_ref (mailbox);
  return self;
}

HarkStore *
hark_sync_get_store (HarkSync *self)
{
  g_return_val_if_fail (HARK_IS_SYNC (self), NULL);

  return self->store;
}

UmMailbox *
hark_sync_get_mailbox (HarkSync *self)
{
  g_return_val_if_fail (HARK_IS_SYNC (self), NULL);

  return self->mailbox;
}

/**
 * hark_sync_set_folder_names:
 * @self: a sync
 * @parent: the name of the folder that holds Hark's folders ("Voice Mail")
 * @work: the Work folder's name
 * @family: the Family folder's name
 * @friends: the Friends folder's name
 *
 * The names, in the user's language, the folders get when Hark creates them
 * on first use. Folders of the English names are found too.
 */
void
hark_sync_set_folder_names (HarkSync   *self,
                            const char *parent,
                            const char *work,
                            const char *family,
                            const char *friends)
{
  g_return_if_fail (HARK_IS_SYNC (self));

  g_free (self->parent_name);
  self->parent_name = g_strdup (parent);
  g_free (self->role_names[0]);
  self->role_names[0] = g_strdup (work);
  g_free (self->role_names[1]);
  self->role_names[1] = g_strdup (family);
  g_free (self->role_names[2]);
  self->role_names[2] = g_strdup (friends);
}

/**
 * hark_sync_add_folder_names:
 * @self: a sync
 * @parent: the name of the folder that holds Hark's folders in another
 *   language
 * @work: the Work folder's name in it
 * @family: the Family folder's name in it
 * @friends: the Friends folder's name in it
 *
 * Names that also find Hark's folders (never given to new ones): those
 * another Hark made in another language.
 */
void
hark_sync_add_folder_names (HarkSync   *self,
                            const char *parent,
                            const char *work,
                            const char *family,
                            const char *friends)
{
  const char *names[] = { parent, work, family, friends, NULL };

  g_return_if_fail (HARK_IS_SYNC (self));
  g_return_if_fail (parent != NULL && work != NULL && family != NULL && friends != NULL);

  g_ptr_array_add (self->other_names, g_strdupv ((char **)names));
}

/**
 * hark_sync_set_audio_cache:
 * @self: a sync
 * @dir: where downloaded audio goes
 * @limit: how many bytes of it to keep
 */
void
hark_sync_set_audio_cache (HarkSync   *self,
                           const char *dir,
                           gint64      limit)
{
  g_return_if_fail (HARK_IS_SYNC (self));

  g_free (self->audio_dir);
  self->audio_dir = g_strdup (dir);
  self->audio_limit = limit;
}

/**
 * hark_sync_dup_folder_ids:
 * @self: a sync that has run
 *
 * Returns: (transfer full) (array zero-terminated=1): the server ids of the
 *   folders the store follows, to subscribe to
 */
char **
hark_sync_dup_folder_ids (HarkSync *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (HARK_IS_SYNC (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (synced_roles); i++)
    {
      g_autofree char *id = hark_store_dup_folder_id (self->store, synced_roles[i]);

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

/**
 * hark_sync_error_is_offline:
 * @error: an error of a run
 *
 * Returns: whether the server could not be reached (or turned the user
 *   away): the outbox waits, nothing is lost
 */
gboolean
hark_sync_error_is_offline (const GError *error)
{
  if (error == NULL)
    return FALSE;
  if (error->domain == G_IO_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return TRUE;
  if (error->domain == UM_ERROR)
    return error->code == UM_ERROR_SERVER_BUSY || error->code == UM_ERROR_HTTP ||
           error->code == UM_ERROR_AUTH_FAILED || error->code == UM_ERROR_INSECURE ||
           error->code == UM_ERROR_MALFORMED_RESPONSE;
  return FALSE;
}

/* The run */

typedef struct {
  HarkSyncFlags   flags;
  HarkSyncReport *report;
  GPtrArray      *outbox;
  guint           action_index;
  gboolean        retried;
  GPtrArray      *listed;      /* first sync: every voice mail */
  const char     *list_folder;
  int             offset;
  int             list_total;
  guint           in_flight;
  gboolean        seen_last;
  gboolean        failed;
  guint           listed_before;
  guint           role_index;
  char           *sync_state;
  GHashTable     *server_ids;  /* priming: the folder's ids on the server */
  GHashTable     *removed;     /* Message-IDs that left a folder in this run */
  GPtrArray      *fetch_ids;   /* ids to GetItem */
  guint           fetch_index;
  gboolean        priming;
} RunData;

static void
run_data_free (RunData *data)
{
  hark_sync_report_free (data->report);
  g_clear_pointer (&data->outbox, g_ptr_array_unref);
  g_clear_pointer (&data->listed, g_ptr_array_unref);
  g_free (data->sync_state);
  g_clear_pointer (&data->server_ids, g_hash_table_unref);
  g_clear_pointer (&data->removed, g_hash_table_unref);
  g_clear_pointer (&data->fetch_ids, g_ptr_array_unref);
  g_free (data);
}

static void replay_next (GTask *task);
static void sync_next_role (GTask *task);
static void finish_run (GTask *task);

static HarkSync *
task_sync (GTask *task)
{
  return g_task_get_source_object (task);
}

static RunData *
task_data (GTask *task)
{
  return g_task_get_task_data (task);
}

/* Step 1: the folders */

static const char *const english_roles[] = { "Work", "Family", "Friends" };
static const char *const child_roles[] = { "work", "family", "friends" };

/* Whether a folder of that name is Hark's folder of @role ("parent",
 * "work", ...): its name in the user's language, in English, or in
 * another language Hark knows. */
static gboolean
name_matches (HarkSync   *self,
              const char *name,
              const char *role)
{
  guint index = 0;
  const char *wanted = self->parent_name, *english = "Voice Mail";

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (child_roles); i++)
    if (g_strcmp0 (role, child_roles[i]) == 0)
      {
        index = i + 1;
        wanted = self->role_names[i];
        english = english_roles[i];
      }
  if (g_utf8_collate (name, wanted) == 0 || g_ascii_strcasecmp (name, english) == 0)
    return TRUE;
  for (guint i = 0; i < self->other_names->len; i++)
    if (g_utf8_collate (name, ((char **)self->other_names->pdata[i])[index]) == 0)
      return TRUE;
  return FALSE;
}

static void
children_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HarkSync *self = task_sync (task);
  g_autoptr(GPtrArray) folders = NULL;
  GError *error = NULL;

  folders = um_mailbox_find_folders_finish (UM_MAILBOX (object), result, &error);
  if (folders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < folders->len; i++)
    {
      UmFolder *folder = g_ptr_array_index (folders, i);

      for (guint j = 0; j < G_N_ELEMENTS (child_roles); j++)
        {
          if (name_matches (self, folder->display_name, child_roles[j]) &&
              !hark_store_set_folder_id (self->store, child_roles[j], folder->id, &error))
            {
              g_task_return_error (task, error);
              return;
            }
        }
    }

  replay_next (g_steal_pointer (&task));
}

static void
top_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HarkSync *self = task_sync (task);
  g_autoptr(GPtrArray) folders = NULL;
  GError *error = NULL;

  folders = um_mailbox_find_folders_finish (UM_MAILBOX (object), result, &error);
  if (folders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < folders->len; i++)
    {
      UmFolder *folder = g_ptr_array_index (folders, i);

      if (name_matches (self, folder->display_name, "parent"))
        {
          if (!hark_store_set_folder_id (self->store, "parent", folder->id, &error))
            {
              g_task_return_error (task, error);
              return;
            }
          GCancellable *cancellable = g_task_get_cancellable (task);

          um_mailbox_find_folders_async (self->mailbox, folder->id, cancellable,
                                         children_found_cb, g_steal_pointer (&task));
          return;
        }
    }

  /* No folders of Hark's yet: they come with the first move. */
  replay_next (g_steal_pointer (&task));
}

static void
folders_got_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HarkSync *self = task_sync (task);
  g_autoptr(GPtrArray) folders = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  folders = um_mailbox_get_folders_finish (UM_MAILBOX (object), result, &error);
  if (folders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (folders->len != 2 ||
      !hark_store_set_folder_id (self->store, "inbox",
                                 ((UmFolder *)folders->pdata[0])->id, &error) ||
      !hark_store_set_folder_id (self->store, "deleted",
                                 ((UmFolder *)folders->pdata[1])->id, &error))
    {
      if (error == NULL)
        error = g_error_new_literal (UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                                     "The server did not list the Inbox and Deleted Items");
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  um_mailbox_find_folders_async (self->mailbox, "msgfolderroot", cancellable, top_found_cb,
                                 g_steal_pointer (&task));
}

static void
find_folders (GTask *task)
{
  static const char *const distinguished[] = { "inbox", "deleteditems", NULL };
  HarkSync *self = task_sync (task);
  g_autofree char *inbox = hark_store_dup_folder_id (self->store, "inbox");

  if (inbox != NULL && !(task_data (task)->flags & HARK_SYNC_FULL))
    {
      replay_next (task);
      return;
    }

  um_mailbox_get_folders_async (self->mailbox, distinguished, g_task_get_cancellable (task),
                                folders_got_cb, task);
}

/* Step 2: the outbox */

typedef void (*FolderReadyFunc) (GTask      *task,
                                 const char *folder_id);

typedef struct {
  GTask           *task;
  FolderReadyFunc  ready;
  const char      *role;
  char            *parent_id;
} EnsureData;

static void ensure_folder_step (EnsureData *ensure);

static void
ensure_data_finish (EnsureData *ensure,
                    const char *folder_id,
                    GError     *error)
{
  GTask *task = ensure->task;

  g_free (ensure->parent_id);
  g_free (ensure);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* ready takes the task. */
  ((FolderReadyFunc)g_object_get_data (G_OBJECT (task), "ready")) (task, folder_id);
}

static const char *
role_name (HarkSync   *self,
           const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (child_roles); i++)
    {
      if (g_strcmp0 (role, child_roles[i]) == 0)
        return self->role_names[i];
    }
  return self->parent_name;
}

static void
existing_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EnsureData *ensure = user_data;
  HarkSync *self = task_sync (ensure->task);
  const char *role = ensure->parent_id == NULL ? "parent" : ensure->role;
  g_autoptr(GPtrArray) folders = NULL;
  GError *error = NULL;

  folders = um_mailbox_find_folders_finish (UM_MAILBOX (object), result, &error);
  if (folders == NULL)
    {
      ensure_data_finish (ensure, NULL, error);
      return;
    }

  for (guint i = 0; i < folders->len; i++)
    {
      UmFolder *folder = g_ptr_array_index (folders, i);

      if (name_matches (self, folder->display_name, role))
        {
          if (!hark_store_set_folder_id (self->store, role, folder->id, &error))
            {
              ensure_data_finish (ensure, NULL, error);
              return;
            }
          ensure_folder_step (ensure);
          return;
        }
    }

  ensure_data_finish (ensure, NULL,
                      g_error_new (UM_ERROR, UM_ERROR_EXISTS,
                                   "The server has a folder “%s” that cannot be listed",
                                   role_name (self, role)));
}

static void
folder_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EnsureData *ensure = user_data;
  HarkSync *self = task_sync (ensure->task);
  const char *role = ensure->parent_id == NULL ? "parent" : ensure->role;
  g_autoptr(UmFolder) folder = NULL;
  GError *error = NULL;

  folder = um_mailbox_create_folder_finish (UM_MAILBOX (object), result, &error);
  if (folder == NULL && g_error_matches (error, UM_ERROR, UM_ERROR_EXISTS))
    {
      /* Made meanwhile, by another client or an earlier run: use it. */
      g_clear_error (&error);
      um_mailbox_find_folders_async (self->mailbox,
                                     ensure->parent_id != NULL ? ensure->parent_id
                                                               : "msgfolderroot",
                                     g_task_get_cancellable (ensure->task), existing_found_cb,
                                     ensure);
      return;
    }
  if (folder == NULL)
    {
      ensure_data_finish (ensure, NULL, error);
      return;
    }

  if (!hark_store_set_folder_id (self->store, role, folder->id, &error))
    {
      ensure_data_finish (ensure, NULL, error);
      return;
    }
  ensure_folder_step (ensure);
}

/* Makes the parent, then the role's folder, as far as they are missing. */
static void
ensure_folder_step (EnsureData *ensure)
{
  HarkSync *self = task_sync (ensure->task);
  g_autofree char *folder_id = hark_store_dup_folder_id (self->store, ensure->role);

  if (folder_id != NULL)
    {
      ensure_data_finish (ensure, folder_id, NULL);
      return;
    }

  g_free (ensure->parent_id);
  ensure->parent_id = hark_store_dup_folder_id (self->store, "parent");
  if (ensure->parent_id == NULL)
    um_mailbox_create_folder_async (self->mailbox, "msgfolderroot", self->parent_name,
                                    g_task_get_cancellable (ensure->task), folder_created_cb,
                                    ensure);
  else
    um_mailbox_create_folder_async (self->mailbox, ensure->parent_id,
                                    role_name (self, ensure->role),
                                    g_task_get_cancellable (ensure->task), folder_created_cb,
                                    ensure);
}

/* Calls @ready with the server folder of @role, created if it is one of
 * Hark's and missing. Takes @task. */
static void
ensure_folder (GTask           *task,
               const char      *role,
               FolderReadyFunc  ready)
{
  EnsureData *ensure = g_new0 (EnsureData, 1);

  ensure->task = task;
  ensure->role = role;
  g_object_set_data (G_OBJECT (task), "ready", ready);

  if (g_strcmp0 (role, "inbox") == 0 || g_strcmp0 (role, "deleted") == 0)
    {
      HarkSync *self = task_sync (task);
      g_autofree char *id = hark_store_dup_folder_id (self->store, role);

      ensure_data_finish (ensure, id != NULL ? id : (g_strcmp0 (role, "inbox") == 0
                                                     ? "inbox" : "deleteditems"), NULL);
      return;
    }
  ensure_folder_step (ensure);
}

static HarkAction *
current_action (GTask *task)
{
  RunData *data = task_data (task);

  return g_ptr_array_index (data->outbox, data->action_index);
}

static void
action_done (GTask      *task,
             const char *new_item_id)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  HarkAction *action = current_action (task);
  GError *error = NULL;

  if (!hark_store_action_done (self->store, action, new_item_id, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->report->replayed++;

  /* Later actions on the same message follow its new id. */
  if (new_item_id != NULL)
    {
      for (guint i = data->action_index + 1; i < data->outbox->len; i++)
        {
          HarkAction *later = g_ptr_array_index (data->outbox, i);

          if (g_strcmp0 (later->item_id, action->item_id) == 0)
            {
              g_free (later->item_id);
              later->item_id = g_strdup (new_item_id);
            }
        }
    }

  data->action_index++;
  data->retried = FALSE;
  replay_next (task);
}

static const char *
describe_gone (HarkActionKind kind)
{
  switch (kind)
    {
    case HARK_ACTION_MARK_HEARD:
      return "It was deleted on the server before it could be marked heard";
    case HARK_ACTION_MARK_UNHEARD:
      return "It was deleted on the server before it could be marked unheard";
    case HARK_ACTION_MOVE:
      return "It was deleted on the server before it could be moved";
    case HARK_ACTION_UNDELETE:
      return "It was removed from Deleted Items on the server before it could be restored";
    case HARK_ACTION_DELETE:
    default:
      return "It was deleted on the server";
    }
}

static void
action_failed (GTask      *task,
               const char *description)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  GError *error = NULL;

  if (!hark_store_action_failed (self->store, current_action (task), description, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->report->conflicts++;

  /* The store dropped the message's later actions too. */
  g_ptr_array_unref (data->outbox);
  data->outbox = hark_store_get_outbox (self->store);
  data->action_index = 0;
  data->retried = FALSE;
  replay_next (task);
}

static void send_action (GTask *task);

/* The action's item is not where its id said: find it by Message-ID. */
static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  HarkSync *self = task_sync (task);
  HarkAction *action = current_action (task);
  g_autoptr(UmVoiceMail) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *folder = g_object_get_data (G_OBJECT (task), "looking-in");
  g_autofree char *deleted_id = hark_store_dup_folder_id (self->store, "deleted");
  gboolean in_deleted;

  found = um_mailbox_find_by_message_id_finish (UM_MAILBOX (object), result, &error);
  if (found == NULL && !g_error_matches (error, UM_ERROR, UM_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (found == NULL && g_strcmp0 (folder, "voicemail") == 0)
    {
      g_object_set_data (G_OBJECT (task), "looking-in", (gpointer)"deleteditems");
      um_mailbox_find_by_message_id_async (self->mailbox, "deleteditems", action->message_id,
                                           g_task_get_cancellable (task), resolved_cb, task);
      return;
    }

  if (found == NULL)
    {
      /* Gone for good: what a delete wanted anyway. */
      if (action->kind == HARK_ACTION_DELETE)
        action_done (task, NULL);
      else
        action_failed (task, describe_gone (action->kind));
      return;
    }

  in_deleted = g_strcmp0 (folder, "deleteditems") == 0 ||
               g_strcmp0 (found->parent_folder_id, deleted_id) == 0;

  /* Already where the user wanted it. */
  if ((action->kind == HARK_ACTION_DELETE && in_deleted) ||
      ((action->kind == HARK_ACTION_MOVE || action->kind == HARK_ACTION_UNDELETE) &&
       g_strcmp0 (hark_store_role_for_folder_id (self->store, found->parent_folder_id),
                  action->role) == 0))
    {
      action_done (task, found->id);
      return;
    }

  if (!hark_store_action_retarget (self->store, action, found->id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_free (action->item_id);
  action->item_id = g_strdup (found->id);
  task_data (task)->retried = TRUE;
  send_action (task);
}

static void
action_result (GTask        *task,
               const char   *new_item_id,
               GError       *error)
{
  HarkSync *self = task_sync (task);
  HarkAction *action = current_action (task);
  RunData *data = task_data (task);

  if (error == NULL)
    {
      action_done (task, new_item_id);
      return;
    }

  if (hark_sync_error_is_offline (error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      hark_store_action_attempted (self->store, action, NULL);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if ((g_error_matches (error, UM_ERROR, UM_ERROR_NOT_FOUND) ||
       g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID)) &&
      !data->retried && action->message_id != NULL)
    {
      g_error_free (error);
      g_object_set_data (G_OBJECT (task), "looking-in", (gpointer)"voicemail");
      um_mailbox_find_by_message_id_async (self->mailbox, "voicemail", action->message_id,
                                           g_task_get_cancellable (task), resolved_cb, task);
      return;
    }

  if (g_error_matches (error, UM_ERROR, UM_ERROR_NOT_FOUND) &&
      action->kind == HARK_ACTION_DELETE)
    {
      g_error_free (error);
      action_done (task, NULL);
      return;
    }

  /* The server refuses this action for good: report it, go on. */
  {
    g_autofree char *description = g_error_matches (error, UM_ERROR, UM_ERROR_NOT_FOUND)
      ? g_strdup (describe_gone (action->kind))
      : g_strdup_printf ("The server refused: %s", error->message);

    g_error_free (error);
    action_failed (task, description);
  }
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError *error = NULL;

  um_mailbox_set_read_finish (UM_MAILBOX (object), result, &error);
  action_result (user_data, NULL, error);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError *error = NULL;

  um_mailbox_delete_finish (UM_MAILBOX (object), result, &error);
  action_result (user_data, NULL, error);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError *error = NULL;
  g_autofree char *new_id = um_mailbox_move_finish (UM_MAILBOX (object), result, &error);

  action_result (user_data, new_id, error);
}

static void
move_to_folder (GTask      *task,
                const char *folder_id)
{
  HarkSync *self = task_sync (task);

  um_mailbox_move_async (self->mailbox, current_action (task)->item_id, folder_id,
                         g_task_get_cancellable (task), moved_cb, task);
}

static void
send_action (GTask *task)
{
  HarkSync *self = task_sync (task);
  HarkAction *action = current_action (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (action->kind)
    {
    case HARK_ACTION_MARK_HEARD:
    case HARK_ACTION_MARK_UNHEARD:
      um_mailbox_set_read_async (self->mailbox, action->item_id,
                                 action->kind == HARK_ACTION_MARK_HEARD, cancellable, marked_cb,
                                 task);
      break;

    case HARK_ACTION_DELETE:
      um_mailbox_delete_async (self->mailbox, action->item_id, cancellable, deleted_cb, task);
      break;

    case HARK_ACTION_MOVE:
    case HARK_ACTION_UNDELETE:
    default:
      ensure_folder (task, action->role, move_to_folder);
      break;
    }
}

/* Takes @task. */
static void
replay_next (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);

  if (data->outbox == NULL)
    {
      data->outbox = hark_store_get_outbox (self->store);
      data->action_index = 0;
    }

  if (data->action_index >= data->outbox->len)
    {
      data->role_index = 0;
      sync_next_role (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  send_action (task);
}

/* Step 3, the first time: every voice mail with FindItem, then the sync
 * states, reconciled with what the listing found. */

static gboolean
store_listing (GTask   *task,
               GError **error)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);

  if (!hark_store_begin (self->store, error) ||
      !hark_store_mark_all_unseen (self->store, error))
    return FALSE;

  for (guint i = 0; i < data->listed->len; i++)
    {
      UmVoiceMail *item = g_ptr_array_index (data->listed, i);
      const char *role = hark_store_role_for_folder_id (self->store, item->parent_folder_id);

      if (!hark_store_put (self->store, role, item, NULL, error))
        {
          hark_store_rollback (self->store);
          return FALSE;
        }
    }

  if (!hark_store_remove_unseen (self->store, error))
    {
      hark_store_rollback (self->store);
      return FALSE;
    }
  return hark_store_commit (self->store, error);
}

static void list_pages (GTask *task);

/* Pages are asked for two at a time: the server makes one while Hark reads
 * the other. They are stored together at the end, in whatever order they
 * came. */
#define PAGES_IN_FLIGHT 2

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = task_data (task);
  g_autoptr(UmItemPage) page = NULL;
  GError *error = NULL;

  data->in_flight--;
  page = um_mailbox_find_voicemails_finish (UM_MAILBOX (object), result, &error);
  if (page == NULL)
    {
      /* One error is the run's; the other page's answer is dropped. */
      if (!data->failed)
        g_task_return_error (task, error);
      else
        g_error_free (error);
      data->failed = TRUE;
      return;
    }
  if (data->failed)
    return;

  for (guint i = 0; i < page->items->len; i++)
    {
      UmVoiceMail *item = g_ptr_array_index (page->items, i);

      /* A search folder's items say where they are; Deleted Items' might
       * not. */
      if (item->parent_folder_id == NULL && g_strcmp0 (data->list_folder, "deleteditems") == 0)
        item->parent_folder_id = hark_store_dup_folder_id (task_sync (task)->store, "deleted");
      g_ptr_array_add (data->listed, g_steal_pointer (&page->items->pdata[i]));
    }

  if (page->total >= 0)
    {
      data->list_total = page->total;
      g_signal_emit (task_sync (task), signals[PROGRESS], 0, data->listed->len,
                     (guint)page->total + data->listed_before);
    }
  if (page->last)
    data->seen_last = TRUE;

  list_pages (g_steal_pointer (&task));
}

static gboolean
folder_listed (RunData *data)
{
  /* Every page up to the total asked for, and answered. */
  return data->in_flight == 0 && data->seen_last &&
         (data->list_total < 0 || data->offset >= data->list_total);
}

/* Takes @task. */
static void
list_pages (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  GError *error = NULL;

  while (data->in_flight < PAGES_IN_FLIGHT &&
         (data->list_total < 0 ? (data->offset == 0 || data->in_flight == 0 ||
                                  data->offset <= UM_MAILBOX_DEFAULT_PAGE_SIZE)
                               : data->offset < data->list_total) &&
         !(data->seen_last && data->list_total < 0))
    {
      data->in_flight++;
      um_mailbox_find_voicemails_async (self->mailbox, data->list_folder, data->offset,
                                        UM_MAILBOX_DEFAULT_PAGE_SIZE,
                                        g_task_get_cancellable (task), page_cb,
                                        g_object_ref (task));
      data->offset += UM_MAILBOX_DEFAULT_PAGE_SIZE;
    }

  if (!folder_listed (data))
    {
      g_object_unref (task);
      return;
    }

  if (g_strcmp0 (data->list_folder, "voicemail") == 0)
    {
      data->list_folder = "deleteditems";
      data->offset = 0;
      data->list_total = -1;
      data->seen_last = FALSE;
      data->listed_before = data->listed->len;
      list_pages (task);
      return;
    }

  if (!store_listing (task, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_clear_pointer (&data->listed, g_ptr_array_unref);
  g_signal_emit (task_sync (task), signals[LISTED], 0);

  /* Now the sync states, folder by folder. */
  data->priming = TRUE;
  data->role_index = 0;
  sync_next_role (task);
}

static void
start_listing (GTask *task)
{
  RunData *data = task_data (task);

  data->report->first = TRUE;
  data->listed = g_ptr_array_new_with_free_func ((GDestroyNotify)um_voice_mail_free);
  data->list_folder = "voicemail";
  data->offset = 0;
  data->list_total = -1;
  data->seen_last = FALSE;
  list_pages (task);
}

/* Step 3: SyncFolderItems, role by role */

static void sync_page (GTask *task);
static void fetch_next (GTask *task);

static const char *
current_role (GTask *task)
{
  return synced_roles[task_data (task)->role_index];
}

static void
announce (HarkSync   *self,
          const char *item_id)
{
  g_autoptr(HarkMessage) message = hark_store_get (self->store, item_id);

  if (message != NULL && !hark_message_get_heard (message) &&
      hark_message_get_folder (message) != HARK_FOLDER_DELETED)
    g_signal_emit (self, signals[NEW_VOICEMAIL], 0, message);
}

static void
record_new (GTask      *task,
            const char *item_id,
            const char *message_id)
{
  RunData *data = task_data (task);

  /* A message that left another folder in this run moved, not arrived. */
  if (message_id != NULL && g_hash_table_contains (data->removed, message_id))
    return;
  if (!data->priming || !data->report->first)
    g_ptr_array_add (data->report->new_ids, g_strdup (item_id));
}

static gboolean
apply_changes (GTask         *task,
               UmSyncResult  *sync,
               GError       **error)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  const char *role = current_role (task);

  if (!hark_store_begin (self->store, error))
    return FALSE;

  for (guint i = 0; i < sync->changes->len; i++)
    {
      UmSyncChange *change = g_ptr_array_index (sync->changes, i);
      UmVoiceMail *item = change->item;
      gboolean is_new = FALSE;
      gboolean ok = TRUE;

      switch (change->kind)
        {
        case UM_SYNC_CHANGE_CREATE:
        case UM_SYNC_CHANGE_UPDATE:
          if (!um_item_class_is_voicemail (item->item_class))
            break;
          if (data->priming)
            {
              /* Ids only: fetch those the listing did not have. */
              g_autoptr(HarkMessage) known = hark_store_get (self->store, item->id);

              g_hash_table_add (data->server_ids, g_strdup (item->id));
              if (known == NULL)
                g_ptr_array_add (data->fetch_ids, g_strdup (item->id));
              else
                ok = hark_store_set_heard_by_server (self->store, item->id, item->is_read,
                                                     error);
              break;
            }
          ok = hark_store_put (self->store, role, item, &is_new, error);
          if (ok && is_new)
            record_new (task, item->id, item->internet_message_id);
          break;

        case UM_SYNC_CHANGE_READ_FLAG_CHANGE:
          ok = hark_store_set_heard_by_server (self->store, item->id, item->is_read, error);
          break;

        case UM_SYNC_CHANGE_DELETE:
        default:
          {
            g_autoptr(HarkMessage) gone = hark_store_get (self->store, item->id);

            if (gone != NULL && hark_message_get_message_id (gone) != NULL)
              g_hash_table_add (data->removed, g_strdup (hark_message_get_message_id (gone)));
            /* Removed at the end of the run, unless it turns up in
             * another folder meanwhile. */
            ok = hark_store_forget (self->store, item->id, error);
          }
          break;
        }

      if (!ok)
        {
          hark_store_rollback (self->store);
          return FALSE;
        }
    }

  /* Priming keeps its state until the fetched items are stored. */
  if (!data->priming && !hark_store_set_sync_state (self->store, role, sync->sync_state, error))
    {
      hark_store_rollback (self->store);
      return FALSE;
    }
  return hark_store_commit (self->store, error);
}

static gboolean
finish_priming_role (GTask   *task,
                     GError **error)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  const char *role = current_role (task);
  g_autoptr(GHashTable) local = hark_store_ids_in_role (self->store, role);
  GHashTableIter iter;
  const char *id;

  if (!hark_store_begin (self->store, error))
    return FALSE;

  /* What the listing had but the folder no longer has left meanwhile. */
  g_hash_table_iter_init (&iter, local);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, NULL))
    {
      if (!g_hash_table_contains (data->server_ids, id) &&
          !hark_store_remove (self->store, id, error))
        {
          hark_store_rollback (self->store);
          return FALSE;
        }
    }

  if (!hark_store_set_sync_state (self->store, role, data->sync_state, error))
    {
      hark_store_rollback (self->store);
      return FALSE;
    }
  return hark_store_commit (self->store, error);
}

static void
role_done (GTask *task)
{
  RunData *data = task_data (task);
  GError *error = NULL;

  if (data->priming && !finish_priming_role (task, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Outside a first sync, only a folder whose state the server forgot is
   * primed. */
  if (!data->report->first)
    data->priming = FALSE;
  data->role_index++;
  sync_next_role (task);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HarkSync *self = task_sync (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = um_mailbox_get_voicemails_finish (UM_MAILBOX (object), result, &error);
  if (items == NULL && !g_error_matches (error, UM_ERROR, UM_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (items != NULL)
    {
      if (!hark_store_begin (self->store, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      for (guint i = 0; i < items->len; i++)
        {
          UmVoiceMail *item = g_ptr_array_index (items, i);
          gboolean is_new = FALSE;

          if (!hark_store_put (self->store, current_role (task), item, &is_new, &error))
            {
              hark_store_rollback (self->store);
              g_task_return_error (task, error);
              return;
            }
          if (is_new)
            record_new (task, item->id, item->internet_message_id);
        }
      if (!hark_store_commit (self->store, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  fetch_next (g_steal_pointer (&task));
}

/* Takes @task: GetItem for the ids priming found, then the next page. */
static void
fetch_next (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  while (data->fetch_index < data->fetch_ids->len && batch->len < GET_ITEM_BATCH)
    g_ptr_array_add (batch, g_ptr_array_index (data->fetch_ids, data->fetch_index++));

  if (batch->len == 0)
    {
      g_ptr_array_set_size (data->fetch_ids, 0);
      data->fetch_index = 0;
      if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "more")))
        sync_page (task);
      else
        role_done (task);
      return;
    }

  g_ptr_array_add (batch, NULL);
  um_mailbox_get_voicemails_async (self->mailbox, (const char * const *)batch->pdata,
                                   g_task_get_cancellable (task), fetched_cb, task);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  g_autoptr(UmSyncResult) sync = NULL;
  GError *error = NULL;

  sync = um_mailbox_sync_folder_finish (UM_MAILBOX (object), result, &error);
  if (sync == NULL && g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_SYNC_STATE))
    {
      /* The server forgot the state: this folder starts over. */
      g_clear_error (&error);
      hark_store_set_sync_state (self->store, current_role (task), NULL, NULL);
      g_clear_pointer (&data->sync_state, g_free);
      data->priming = TRUE;
      g_hash_table_remove_all (data->server_ids);
      sync_page (g_steal_pointer (&task));
      return;
    }
  if (sync == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!apply_changes (task, sync, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (data->sync_state);
  data->sync_state = g_strdup (sync->sync_state);
  g_object_set_data (G_OBJECT (task), "more", GINT_TO_POINTER (!sync->includes_last));
  fetch_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
sync_page (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  g_autofree char *folder_id = hark_store_dup_folder_id (self->store, current_role (task));

  um_mailbox_sync_folder_async (self->mailbox, folder_id, data->sync_state,
                                UM_MAILBOX_MAX_SYNC_CHANGES, data->priming,
                                g_task_get_cancellable (task), synced_cb, task);
}

/* Takes @task. */
static void
sync_next_role (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);

  for (; data->role_index < G_N_ELEMENTS (synced_roles); data->role_index++)
    {
      g_autofree char *folder_id = hark_store_dup_folder_id (self->store, current_role (task));
      g_autofree char *state = NULL;

      if (folder_id == NULL)
        continue;

      state = hark_store_dup_sync_state (self->store, current_role (task));

      /* The first time: the listing first, the states after. */
      if (state == NULL && !data->priming && data->report->first == FALSE &&
          (g_strcmp0 (current_role (task), "inbox") == 0 || (data->flags & HARK_SYNC_FULL)))
        {
          start_listing (task);
          return;
        }

      /* A folder of Hark's made since the first sync has no state: it
       * starts from nothing, as its items are new to it. */
      g_free (data->sync_state);
      data->sync_state = data->priming ? NULL : g_steal_pointer (&state);
      g_hash_table_remove_all (data->server_ids);
      sync_page (task);
      return;
    }

  finish_run (task);
}

static void
finish_run (GTask *task)
{
  HarkSync *self = task_sync (task);
  RunData *data = task_data (task);
  HarkSyncReport *report;
  GError *error = NULL;

  /* What left a folder and arrived nowhere else is gone. */
  if (!hark_store_begin (self->store, &error) ||
      !hark_store_remove_unseen (self->store, &error) ||
      !hark_store_commit (self->store, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  report = g_steal_pointer (&data->report);

  /* Announced once everything is stored. */
  if (!report->first)
    {
      for (guint i = 0; i < report->new_ids->len; i++)
        announce (self, g_ptr_array_index (report->new_ids, i));
    }

  g_task_return_pointer (task, report, (GDestroyNotify)hark_sync_report_free);
  g_object_unref (task);
}

static HarkSyncReport *
report_copy (const HarkSyncReport *report)
{
  HarkSyncReport *copy = g_memdup2 (report, sizeof *report);

  copy->new_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < report->new_ids->len; i++)
    g_ptr_array_add (copy->new_ids, g_strdup (report->new_ids->pdata[i]));
  return copy;
}

static void start_run (HarkSync *self);

/* One run serves every caller that asked while it was not yet started. */
static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  HarkSync *self = HARK_SYNC (object);
  g_autoptr(GPtrArray) callers = user_data;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  self->running = FALSE;

  for (guint i = 0; i < callers->len; i++)
    {
      GTask *caller = g_ptr_array_index (callers, i);

      if (report != NULL)
        g_task_return_pointer (caller, report_copy (report),
                               (GDestroyNotify)hark_sync_report_free);
      else
        g_task_return_error (caller, g_error_copy (error));
    }

  if (self->waiting->len > 0)
    start_run (self);
}

static void
start_run (HarkSync *self)
{
  GPtrArray *callers = g_steal_pointer (&self->waiting);
  HarkSyncFlags flags = HARK_SYNC_NONE;
  GTask *task;
  RunData *data;

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = TRUE;
  for (guint i = 0; i < callers->len; i++)
    flags |= GPOINTER_TO_UINT (g_task_get_task_data (g_ptr_array_index (callers, i)));

  data = g_new0 (RunData, 1);
  data->flags = flags;
  data->report = g_new0 (HarkSyncReport, 1);
  data->report->new_ids = g_ptr_array_new_with_free_func (g_free);
  data->server_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->fetch_ids = g_ptr_array_new_with_free_func (g_free);

  task = g_task_new (self, NULL, run_done_cb, callers);
  g_task_set_task_data (task, data, (GDestroyNotify)run_data_free);

  if (flags & HARK_SYNC_FULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (synced_roles); i++)
        hark_store_set_sync_state (self->store, synced_roles[i], NULL, NULL);
    }

  find_folders (task);
}

/**
 * hark_sync_run_async:
 * @self: a sync
 * @flags: what to do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Replays the outbox, then brings the store up to date with the server.
 * A failure leaves the store consistent: what was stored stays, the outbox
 * keeps what was not done. hark_sync_error_is_offline() tells whether it
 * failed for want of a server. Runs never overlap: one asked for during a
 * run starts after it, and serves every caller that asked meanwhile.
 */
void
hark_sync_run_async (HarkSync            *self,
                     HarkSyncFlags        flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *caller;

  g_return_if_fail (HARK_IS_SYNC (self));

  caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (caller, hark_sync_run_async);
  g_task_set_task_data (caller, GUINT_TO_POINTER (flags), NULL);
  g_ptr_array_add (self->waiting, caller);

  if (!self->running)
    start_run (self);
}

/**
 * hark_sync_run_finish:
 *
 * Returns: (transfer full): what the run did
 */
HarkSyncReport *
hark_sync_run_finish (HarkSync      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Audio */

typedef struct {
  char      *item_id;
  char      *key;
  GPtrArray *attachments;
  guint      index;
  GPtrArray *paths;
  gint64     size;
  char      *part;
  GFileOutputStream *output;
} AudioData;

static void
audio_data_free (AudioData *data)
{
  g_free (data->item_id);
  g_free (data->key);
  g_clear_pointer (&data->attachments, g_ptr_array_unref);
  g_clear_pointer (&data->paths, g_ptr_array_unref);
  g_free (data->part);
  g_clear_object (&data->output);
  g_free (data);
}

static void fetch_part (GTask *task);

static void
part_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AudioData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 size;
  g_autofree char *final = NULL;

  size = um_mailbox_fetch_attachment_finish (UM_MAILBOX (object), result, &error);
  if (size < 0 || !g_output_stream_close (G_OUTPUT_STREAM (data->output), NULL, &error))
    {
      g_unlink (data->part);
      g_task_return_error (task, error);
      return;
    }
  g_clear_object (&data->output);

  /* Complete files only ever have their final name. */
  final = g_strndup (data->part, strlen (data->part) - strlen (".part"));
  if (g_rename (data->part, final) != 0)
    {
      int saved = errno;

      g_unlink (data->part);
      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved),
                               "Cannot keep the audio: %s", g_strerror (saved));
      return;
    }
  g_ptr_array_add (data->paths, g_steal_pointer (&final));
  data->size += size;
  data->index++;
  fetch_part (g_steal_pointer (&task));
}

static char *
safe_extension (const char *name)
{
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  if (dot == NULL || strlen (dot) > 6)
    return g_strdup (".audio");
  for (const char *p = dot + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        return g_strdup (".audio");
    }
  return g_ascii_strdown (dot, -1);
}

/* Takes @task. */
static void
fetch_part (GTask *task)
{
  HarkSync *self = g_task_get_source_object (task);
  AudioData *data = g_task_get_task_data (task);
  g_autofree char *checksum = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  UmAttachment *attachment;
  GError *error = NULL;

  if (data->index >= data->attachments->len)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (data->paths, NULL);
      joined = g_strjoinv ("\n", (char **)data->paths->pdata);
      if (!hark_store_add_audio (self->store, data->key, joined, data->size, self->audio_limit,
                                 &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
      g_task_return_pointer (task, g_strdupv ((char **)data->paths->pdata),
                             (GDestroyNotify)g_strfreev);
      g_object_unref (task);
      return;
    }

  attachment = g_ptr_array_index (data->attachments, data->index);
  dir = g_build_filename (self->audio_dir, "audio", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved),
                               "Cannot make the audio folder %s: %s", dir, g_strerror (saved));
      g_object_unref (task);
      return;
    }
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data->key, -1);
  extension = safe_extension (attachment->name);
  name = g_strdup_printf ("%.32s-%u%s.part", checksum, data->index, extension);
  g_free (data->part);
  data->part = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (data->part);
  data->output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  if (data->output == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_signal_emit (self, signals[AUDIO_STARTED], 0, data->item_id, data->index,
                 data->attachments->len, data->part);
  um_mailbox_fetch_attachment_async (self->mailbox, attachment->id,
                                     G_OUTPUT_STREAM (data->output),
                                     g_task_get_cancellable (task), part_fetched_cb, task);
}

static void
item_got_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  AudioData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  UmVoiceMail *item;

  items = um_mailbox_get_voicemails_finish (UM_MAILBOX (object), result, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  item = g_ptr_array_index (items, 0);
  data->attachments = um_voice_mail_get_audio (item);
  /* The attachments belong to the item: keep copies. */
  for (guint i = 0; i < data->attachments->len; i++)
    data->attachments->pdata[i] = um_attachment_copy (data->attachments->pdata[i]);
  g_ptr_array_set_free_func (data->attachments, (GDestroyNotify)um_attachment_free);

  if (data->attachments->len == 0)
    {
      g_task_return_new_error (task, HARK_STORE_ERROR, HARK_STORE_ERROR_NOT_FOUND,
                               "The voice mail has no audio");
      g_object_unref (task);
      return;
    }
  fetch_part (task);
}

/**
 * hark_sync_fetch_audio_async:
 * @self: a sync with an audio cache
 * @item_id: a message of the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The message's audio files, in playing order: from the cache, or
 * downloaded into it (each file streamed to disk, complete or not there).
 */
void
hark_sync_fetch_audio_async (HarkSync            *self,
                             const char          *item_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(HarkMessage) message = NULL;
  g_autofree char *cached_paths = NULL;
  GTask *task;
  AudioData *data;
  const char *ids[] = { item_id, NULL };

  g_return_if_fail (HARK_IS_SYNC (self));
  g_return_if_fail (item_id != NULL);
  g_return_if_fail (self->audio_dir != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_sync_fetch_audio_async);

  message = hark_store_get (self->store, item_id);
  if (message == NULL)
    {
      g_task_return_new_error (task, HARK_STORE_ERROR, HARK_STORE_ERROR_NOT_FOUND,
                               "No voice mail with the id %s", item_id);
      g_object_unref (task);
      return;
    }

  data = g_new0 (AudioData, 1);
  data->item_id = g_strdup (item_id);
  data->key = g_strdup (hark_message_get_message_id (message) != NULL
                          ? hark_message_get_message_id (message) : item_id);
  data->paths = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify)audio_data_free);

  cached_paths = hark_store_dup_audio (self->store, data->key);
  if (cached_paths != NULL)
    {
      g_task_return_pointer (task, g_strsplit (cached_paths, "\n", -1),
                             (GDestroyNotify)g_strfreev);
      g_object_unref (task);
      return;
    }

  um_mailbox_get_voicemails_async (self->mailbox, ids, cancellable, item_got_cb, task);
}

/**
 * hark_sync_fetch_audio_finish:
 *
 * Returns: (transfer full) (array zero-terminated=1): the files
 */
char **
hark_sync_fetch_audio_finish (HarkSync      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
