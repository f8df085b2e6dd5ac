/* hark-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite database per account, in WAL mode with full synchronisation:
 * every change (a sync's batch, or one user action with its outbox entry)
 * is one transaction, so that a crash or kill -9 at any moment leaves the
 * state before or after it, never between.
 *
 * The user's actions change the store at once and wait in the outbox. A
 * message is known by its EWS id, which changes when it moves, and by its
 * Message-ID, which does not: the outbox keeps both.
 */

#include "config.h"

#include "hark-store.h"

#include "hark-message-private.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define SCHEMA_VERSION 1

G_DEFINE_QUARK (hark-store-error-quark, hark_store_error)

struct _HarkStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  guint       depth;
  GHashTable *statements;
};

G_DEFINE_FINAL_TYPE (HarkStore, hark_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
hark_action_free (HarkAction *action)
{
  if (action == NULL)
    return;

  g_free (action->item_id);
  g_free (action->message_id);
  g_free (action->role);
  g_free (action);
}

void
hark_conflict_free (HarkConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->caller);
  g_free (conflict->description);
  g_free (conflict);
}

static gboolean
fail (HarkStore  *self,
      GError    **error,
      const char *what)
{
  g_set_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_DATABASE, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (HarkStore   *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_DATABASE, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* A prepared statement, cached by SQLite's own statement cache would be
 * nicer; sqlite3_prepare_v3 with PERSISTENT is cheap enough here. */
static sqlite3_stmt *
prepare (HarkStore   *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement,
                          NULL) != SQLITE_OK)
    {
      fail (self, error, "Cannot prepare a query");
      return NULL;
    }
  return statement;
}

static void
statement_free (sqlite3_stmt *statement)
{
  sqlite3_finalize (statement);
}

/* The statements of the paths a sync of thousands of messages takes are
 * prepared once; @sql must be a string literal. */
static sqlite3_stmt *
cached (HarkStore   *self,
        const char  *sql,
        GError     **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (self->statements, sql);

  if (statement == NULL)
    {
      statement = prepare (self, sql, error);
      if (statement != NULL)
        g_hash_table_insert (self->statements, (gpointer)sql, statement);
      return statement;
    }
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
  return statement;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, statement_free)

static void
bind_text (sqlite3_stmt *statement,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *statement,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (statement, index);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

static gboolean
step_done (HarkStore     *self,
           sqlite3_stmt  *statement,
           GError       **error)
{
  int result = sqlite3_step (statement);

  if (result != SQLITE_DONE && result != SQLITE_ROW)
    return fail (self, error, "Cannot write to the store");
  return TRUE;
}

static void
hark_store_finalize (GObject *object)
{
  HarkStore *self = (HarkStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (hark_store_parent_class)->finalize (object);
}

static void
hark_store_class_init (HarkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hark_store_finalize;

  /**
   * HarkStore::changed:
   *
   * Messages changed: a sync, or the user's action.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hark_store_init (HarkStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify)statement_free);
}

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE IF NOT EXISTS folders ("
  "  role TEXT PRIMARY KEY, folder_id TEXT, sync_state TEXT);"
  "CREATE TABLE IF NOT EXISTS messages ("
  "  id TEXT PRIMARY KEY, message_id TEXT, role TEXT NOT NULL, previous_role TEXT,"
  "  item_class TEXT, subject TEXT, received INTEGER NOT NULL DEFAULT 0,"
  "  duration INTEGER NOT NULL DEFAULT -1, heard INTEGER NOT NULL DEFAULT 0,"
  "  urgent INTEGER NOT NULL DEFAULT 0, caller_name TEXT, caller_number TEXT,"
  "  transcription TEXT, audio_notes TEXT, attachments TEXT, call_id TEXT,"
  "  size INTEGER NOT NULL DEFAULT -1, seen INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX IF NOT EXISTS messages_by_role ON messages (role, heard, received DESC);"
  "CREATE INDEX IF NOT EXISTS messages_by_message_id ON messages (message_id);"
  "CREATE TABLE IF NOT EXISTS outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT, kind INTEGER NOT NULL, item_id TEXT NOT NULL,"
  "  message_id TEXT, role TEXT, attempts INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS conflicts ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER, kind INTEGER, caller TEXT,"
  "  description TEXT);"
  "CREATE TABLE IF NOT EXISTS aliases (old_id TEXT PRIMARY KEY, message_id TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS audio ("
  "  message_key TEXT PRIMARY KEY, paths TEXT NOT NULL, size INTEGER NOT NULL,"
  "  last_used INTEGER NOT NULL);";

/**
 * hark_store_new:
 * @path: the database file; its folder is made if needed
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the store
 */
HarkStore *
hark_store_new (const char  *path,
                GError     **error)
{
  g_autoptr(HarkStore) self = g_object_new (HARK_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(sqlite3_stmt) version = NULL;
  int user_version;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot make the folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      fail (self, error, "Cannot open the store");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* WAL: readers never wait for the writer; FULL: a committed action
   * survives a power cut too. */
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
             "PRAGMA foreign_keys=ON;", error))
    return NULL;

  version = prepare (self, "PRAGMA user_version", error);
  if (version == NULL)
    return NULL;
  user_version = sqlite3_step (version) == SQLITE_ROW ? sqlite3_column_int (version, 0) : 0;
  if (user_version > SCHEMA_VERSION)
    {
      g_set_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_DATABASE,
                   "The store %s was written by a newer Hark", path);
      return NULL;
    }
  if (!exec (self, schema, error) || !exec (self, "PRAGMA user_version = 1", error))
    return NULL;

  return g_steal_pointer (&self);
}

static char *
account_key (const char *account)
{
  GString *key = g_string_new (NULL);

  /* A file name from an address: letters, digits and .@-_ kept. */
  for (const char *p = account; *p != '\0'; p++)
    g_string_append_c (key, g_ascii_isalnum (*p) || strchr (".@-_", *p) != NULL
                              ? g_ascii_tolower (*p) : '_');
  if (key->len == 0 || key->str[0] == '.')
    g_string_prepend_c (key, '_');
  return g_string_free (key, FALSE);
}

/**
 * hark_store_default_path:
 * @account: the account, e.g. its e-mail address
 *
 * Returns: (transfer full): $XDG_DATA_HOME/hark/accounts/ACCOUNT/store.db
 */
char *
hark_store_default_path (const char *account)
{
  g_autofree char *key = account_key (account);

  return g_build_filename (g_get_user_data_dir (), "hark", "accounts", key, "store.db", NULL);
}

/**
 * hark_store_default_cache_dir:
 * @account: the account
 *
 * Returns: (transfer full): $XDG_CACHE_HOME/hark/accounts/ACCOUNT, where
 *   downloaded audio goes
 */
char *
hark_store_default_cache_dir (const char *account)
{
  g_autofree char *key = account_key (account);

  return g_build_filename (g_get_user_cache_dir (), "hark", "accounts", key, NULL);
}

const char *
hark_store_get_path (HarkStore *self)
{
  g_return_val_if_fail (HARK_IS_STORE (self), NULL);

  return self->path;
}

/* Transactions nest: only the outermost commits. */

gboolean
hark_store_begin (HarkStore  *self,
                  GError    **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (self->depth++ > 0)
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    {
      self->depth--;
      return FALSE;
    }
  return TRUE;
}

gboolean
hark_store_commit (HarkStore  *self,
                   GError    **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return TRUE;
  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
hark_store_rollback (HarkStore *self)
{
  g_return_if_fail (HARK_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  self->depth = 0;
  exec (self, "ROLLBACK", NULL);
}

/* Runs @body in a transaction of its own (or the caller's). */
#define IN_TRANSACTION(self, error, body) \
  G_STMT_START { \
    if (!hark_store_begin ((self), (error))) \
      return FALSE; \
    if (!(body)) \
      { \
        hark_store_rollback (self); \
        return FALSE; \
      } \
    return hark_store_commit ((self), (error)); \
  } G_STMT_END

/* Meta and folders */

char *
hark_store_dup_meta (HarkStore  *self,
                     const char *key)
{
  g_autoptr(sqlite3_stmt) statement = prepare (self, "SELECT value FROM meta WHERE key = ?",
                                               NULL);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, key);
  return sqlite3_step (statement) == SQLITE_ROW ? column_text (statement, 0) : NULL;
}

gboolean
hark_store_set_meta (HarkStore   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, key);
  bind_text (statement, 2, value);
  return step_done (self, statement, error);
}

char *
hark_store_dup_folder_id (HarkStore  *self,
                          const char *role)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT folder_id FROM folders WHERE role = ?", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), NULL);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, role);
  return sqlite3_step (statement) == SQLITE_ROW ? column_text (statement, 0) : NULL;
}

gboolean
hark_store_set_folder_id (HarkStore   *self,
                          const char  *role,
                          const char  *folder_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "INSERT INTO folders (role, folder_id) VALUES (?1, ?2) "
                   "ON CONFLICT (role) DO UPDATE SET folder_id = ?2, "
                   "sync_state = CASE WHEN folder_id IS ?2 THEN sync_state END", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, role);
  bind_text (statement, 2, folder_id);
  return step_done (self, statement, error);
}

char *
hark_store_dup_sync_state (HarkStore  *self,
                           const char *role)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT sync_state FROM folders WHERE role = ?", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), NULL);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, role);
  return sqlite3_step (statement) == SQLITE_ROW ? column_text (statement, 0) : NULL;
}

gboolean
hark_store_set_sync_state (HarkStore   *self,
                           const char  *role,
                           const char  *sync_state,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "UPDATE folders SET sync_state = ? WHERE role = ?", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, sync_state);
  bind_text (statement, 2, role);
  return step_done (self, statement, error);
}

/**
 * hark_store_role_for_folder_id:
 * @self: a store
 * @folder_id: (nullable): a server folder id
 *
 * Returns: the role of the folder (inbox, deleted, work, family, friends),
 *   or "other" for a folder Hark does not sort into
 */
const char *
hark_store_role_for_folder_id (HarkStore  *self,
                               const char *folder_id)
{
  static const char *const roles[] = { "inbox", "deleted", "work", "family", "friends" };
  sqlite3_stmt *statement;
  const char *found = "other";

  if (folder_id == NULL)
    return found;
  statement = cached (self, "SELECT role FROM folders WHERE folder_id = ?", NULL);
  if (statement == NULL)
    return found;
  bind_text (statement, 1, folder_id);
  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      const char *role = (const char *)sqlite3_column_text (statement, 0);

      for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
        {
          if (g_strcmp0 (role, roles[i]) == 0)
            found = roles[i];
        }
    }
  sqlite3_reset (statement);
  return found;
}

/* Messages from the server */

static gboolean
has_pending (HarkStore  *self,
             const char *item_id,
             const char *message_id)
{
  sqlite3_stmt *statement =
    cached (self, "SELECT 1 FROM outbox WHERE item_id = ?1 OR "
                  "(?2 IS NOT NULL AND message_id = ?2) LIMIT 1", NULL);
  gboolean pending;

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, item_id);
  bind_text (statement, 2, message_id);
  pending = sqlite3_step (statement) == SQLITE_ROW;
  sqlite3_reset (statement);
  return pending;
}

static gboolean
rename_item (HarkStore   *self,
             const char  *old_id,
             const char  *new_id,
             GError     **error)
{
  sqlite3_stmt *taken;
  sqlite3_stmt *messages;
  sqlite3_stmt *outbox;
  sqlite3_stmt *alias;
  gboolean known;

  if (g_strcmp0 (old_id, new_id) == 0)
    return TRUE;

  /* When the new id is known already (a sync came first), the old row
   * goes. */
  taken = cached (self, "SELECT 1 FROM messages WHERE id = ?", error);
  if (taken == NULL)
    return FALSE;
  bind_text (taken, 1, new_id);
  known = sqlite3_step (taken) == SQLITE_ROW;
  sqlite3_reset (taken);

  messages = known ? cached (self, "DELETE FROM messages WHERE id = ?1", error)
                   : cached (self, "UPDATE messages SET id = ?2 WHERE id = ?1", error);
  if (messages == NULL)
    return FALSE;
  bind_text (messages, 1, old_id);
  if (!known)
    bind_text (messages, 2, new_id);
  if (!step_done (self, messages, error))
    return FALSE;

  outbox = cached (self, "UPDATE outbox SET item_id = ?2 WHERE item_id = ?1", error);
  if (outbox == NULL)
    return FALSE;
  bind_text (outbox, 1, old_id);
  bind_text (outbox, 2, new_id);
  if (!step_done (self, outbox, error))
    return FALSE;

  /* The old id still finds the message (an id the user copied before it
   * moved). */
  alias = cached (self, "INSERT OR REPLACE INTO aliases (old_id, message_id) "
                        "SELECT ?1, message_id FROM messages WHERE id = ?2 "
                        "AND message_id IS NOT NULL", error);
  if (alias == NULL)
    return FALSE;
  bind_text (alias, 1, old_id);
  bind_text (alias, 2, new_id);
  return step_done (self, alias, error);
}

static char *
join_attachments (const UmVoiceMail *voice_mail)
{
  return voice_mail->attachment_order != NULL ? g_strjoinv (";", voice_mail->attachment_order)
                                              : NULL;
}

/**
 * hark_store_put:
 * @self: a store
 * @role: where the server has it: inbox, work, family, friends, deleted, other
 * @voice_mail: the item as the server describes it
 * @is_new: (out) (optional): whether the store did not know the message
 * @error: return location for an error
 *
 * Adds or updates a message, found by its id or else by its Message-ID (an
 * item that moved). A message with actions still in the outbox keeps the
 * user's heard flag and folder.
 *
 * Returns: whether it was stored
 */
gboolean
hark_store_put (HarkStore          *self,
                const char         *role,
                const UmVoiceMail  *voice_mail,
                gboolean           *is_new,
                GError            **error)
{
  sqlite3_stmt *find;
  sqlite3_stmt *write;
  g_autofree char *attachments = join_attachments (voice_mail);
  g_autofree char *existing = NULL;
  gboolean pending;

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);
  g_return_val_if_fail (voice_mail != NULL && voice_mail->id != NULL, FALSE);

  find = cached (self, "SELECT id FROM messages WHERE id = ?1 UNION ALL "
                       "SELECT id FROM messages WHERE ?2 IS NOT NULL AND message_id = ?2 "
                       "LIMIT 1", error);
  if (find == NULL)
    return FALSE;
  bind_text (find, 1, voice_mail->id);
  bind_text (find, 2, voice_mail->internet_message_id);
  if (sqlite3_step (find) == SQLITE_ROW)
    existing = column_text (find, 0);
  sqlite3_reset (find);

  if (is_new != NULL)
    *is_new = existing == NULL;

  if (existing != NULL && !rename_item (self, existing, voice_mail->id, error))
    return FALSE;

  pending = existing != NULL && has_pending (self, voice_mail->id,
                                             voice_mail->internet_message_id);
  if (existing == NULL)
    write = cached (self,
                     "INSERT INTO messages (id, message_id, role, item_class, subject, received, "
                     "duration, heard, urgent, caller_name, caller_number, transcription, "
                     "audio_notes, attachments, call_id, size, seen) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)",
                     error);
  else if (pending)
    write = cached (self,
                     "UPDATE messages SET message_id = ?2, item_class = ?4, subject = ?5, "
                     "received = ?6, duration = ?7, urgent = ?9, caller_name = ?10, "
                     "caller_number = ?11, transcription = ?12, audio_notes = ?13, "
                     "attachments = ?14, call_id = ?15, size = ?16, seen = 1 WHERE id = ?1",
                     error);
  else
    write = cached (self,
                     "UPDATE messages SET message_id = ?2, role = ?3, item_class = ?4, "
                     "subject = ?5, received = ?6, duration = ?7, heard = ?8, urgent = ?9, "
                     "caller_name = ?10, caller_number = ?11, transcription = ?12, "
                     "audio_notes = ?13, attachments = ?14, call_id = ?15, size = ?16, "
                     "seen = 1, previous_role = CASE WHEN ?3 = 'deleted' THEN previous_role "
                     "ELSE NULL END WHERE id = ?1",
                     error);
  if (write == NULL)
    return FALSE;

  bind_text (write, 1, voice_mail->id);
  bind_text (write, 2, voice_mail->internet_message_id);
  bind_text (write, 3, role);
  bind_text (write, 4, voice_mail->item_class);
  bind_text (write, 5, voice_mail->subject);
  sqlite3_bind_int64 (write, 6, voice_mail->received);
  sqlite3_bind_int (write, 7, voice_mail->duration);
  sqlite3_bind_int (write, 8, voice_mail->is_read);
  sqlite3_bind_int (write, 9, voice_mail->urgent);
  bind_text (write, 10, voice_mail->caller_name);
  bind_text (write, 11, voice_mail->caller_number);
  bind_text (write, 12, voice_mail->transcription);
  bind_text (write, 13, voice_mail->audio_notes);
  bind_text (write, 14, attachments);
  bind_text (write, 15, voice_mail->call_id);
  sqlite3_bind_int64 (write, 16, voice_mail->size);
  return step_done (self, write, error);
}

/**
 * hark_store_remove:
 * @self: a store
 * @item_id: an item the server no longer has there
 * @error: return location for an error
 *
 * Forgets a message, unless the user's actions on it still wait.
 */
gboolean
hark_store_remove (HarkStore   *self,
                   const char  *item_id,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "DELETE FROM messages WHERE id = ?1 AND NOT EXISTS "
                   "(SELECT 1 FROM outbox WHERE item_id = ?1)", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, item_id);
  return step_done (self, statement, error);
}

/**
 * hark_store_forget:
 * @self: a store
 * @item_id: an item that left a folder on the server
 * @error: return location for an error
 *
 * Marks a message gone, to be removed by hark_store_remove_unseen() unless
 * it comes back meanwhile (an item that moved arrives in its new folder
 * under a new id, found by its Message-ID, keeping what the store knew).
 */
gboolean
hark_store_forget (HarkStore   *self,
                   const char  *item_id,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "UPDATE messages SET seen = 0 WHERE id = ?1 AND NOT EXISTS "
                   "(SELECT 1 FROM outbox WHERE item_id = ?1)", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, item_id);
  return step_done (self, statement, error);
}

gboolean
hark_store_set_heard_by_server (HarkStore   *self,
                                const char  *item_id,
                                gboolean     heard,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "UPDATE messages SET heard = ?2 WHERE id = ?1 AND NOT EXISTS "
                   "(SELECT 1 FROM outbox WHERE item_id = ?1)", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, item_id);
  sqlite3_bind_int (statement, 2, heard);
  return step_done (self, statement, error);
}

/* A full listing marks everything unseen, puts what the server has, then
 * removes what it did not list (unless actions on it wait). */
gboolean
hark_store_mark_all_unseen (HarkStore  *self,
                            GError    **error)
{
  return exec (self, "UPDATE messages SET seen = 0", error);
}

gboolean
hark_store_remove_unseen (HarkStore  *self,
                          GError    **error)
{
  return exec (self, "DELETE FROM messages WHERE seen = 0 AND NOT EXISTS "
                     "(SELECT 1 FROM outbox WHERE outbox.item_id = messages.id)", error);
}

/**
 * hark_store_ids_in_role:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the ids of the
 *   messages the store has in @role
 */
GHashTable *
hark_store_ids_in_role (HarkStore  *self,
                        const char *role)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) statement = prepare (self, "SELECT id FROM messages WHERE role = ?",
                                               NULL);

  if (statement == NULL)
    return ids;
  bind_text (statement, 1, role);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_hash_table_add (ids, column_text (statement, 0));
  return ids;
}

/* Reading */

#define MESSAGE_COLUMNS \
  "id, message_id, role, caller_name, caller_number, received, duration, heard, urgent, " \
  "subject, transcription, audio_notes, attachments, call_id"

static HarkMessage *
read_message (sqlite3_stmt *statement)
{
  HarkMessage *message = hark_message_new ();
  g_autofree char *attachments = NULL;

  message->id = column_text (statement, 0);
  message->message_id = column_text (statement, 1);
  message->role = column_text (statement, 2);
  message->caller_name = column_text (statement, 3);
  message->caller_number = column_text (statement, 4);
  message->received = sqlite3_column_int64 (statement, 5);
  message->duration = sqlite3_column_int (statement, 6);
  message->heard = sqlite3_column_int (statement, 7) != 0;
  message->urgent = sqlite3_column_int (statement, 8) != 0;
  message->subject = column_text (statement, 9);
  message->transcription = column_text (statement, 10);
  message->audio_notes = column_text (statement, 11);
  attachments = column_text (statement, 12);
  message->attachments = attachments != NULL && attachments[0] != '\0'
    ? g_strsplit (attachments, ";", -1) : NULL;
  message->call_id = column_text (statement, 13);
  message->folder = hark_folder_for_role (message->role, message->heard);
  return message;
}

/**
 * hark_store_get:
 *
 * Returns: (transfer full) (nullable): the message with the id @item_id
 */
HarkMessage *
hark_store_get (HarkStore  *self,
                const char *item_id)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE id = ?", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), NULL);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, item_id);
  return sqlite3_step (statement) == SQLITE_ROW ? read_message (statement) : NULL;
}

/**
 * hark_store_find:
 * @self: a store
 * @id: an id the message has, or had before it moved
 *
 * Returns: (transfer full) (nullable): the message
 */
HarkMessage *
hark_store_find (HarkStore  *self,
                 const char *id)
{
  HarkMessage *message = hark_store_get (self, id);
  g_autoptr(sqlite3_stmt) statement = NULL;

  if (message != NULL)
    return message;

  statement = prepare (self, "SELECT " MESSAGE_COLUMNS " FROM messages WHERE message_id = "
                             "(SELECT message_id FROM aliases WHERE old_id = ?) LIMIT 1", NULL);
  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, id);
  return sqlite3_step (statement) == SQLITE_ROW ? read_message (statement) : NULL;
}

static const char *
folder_condition (HarkFolder folder)
{
  switch (folder)
    {
    case HARK_FOLDER_NEW:
      return "role IN ('inbox', 'other') AND heard = 0";
    case HARK_FOLDER_HEARD:
      return "role IN ('inbox', 'other') AND heard = 1";
    case HARK_FOLDER_WORK:
      return "role = 'work'";
    case HARK_FOLDER_FAMILY:
      return "role = 'family'";
    case HARK_FOLDER_FRIENDS:
      return "role = 'friends'";
    case HARK_FOLDER_DELETED:
    default:
      return "role = 'deleted'";
    }
}

/**
 * hark_store_list:
 * @self: a store
 * @folder: the folder
 * @unheard_only: only the unheard ones
 * @limit: at most this many, or -1 for all
 *
 * Returns: (transfer container) (element-type HarkMessage): the folder's
 *   messages, newest first
 */
GPtrArray *
hark_store_list (HarkStore  *self,
                 HarkFolder  folder,
                 gboolean    unheard_only,
                 int         limit)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;

  g_return_val_if_fail (HARK_IS_STORE (self), messages);
  g_return_val_if_fail (folder < HARK_N_FOLDERS, messages);

  sql = g_strdup_printf ("SELECT " MESSAGE_COLUMNS " FROM messages WHERE %s%s "
                         "ORDER BY received DESC, id LIMIT ?",
                         folder_condition (folder), unheard_only ? " AND heard = 0" : "");
  statement = prepare (self, sql, NULL);
  if (statement == NULL)
    return messages;
  sqlite3_bind_int (statement, 1, limit);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (messages, read_message (statement));
  return messages;
}

/**
 * hark_store_list_model:
 * @self: a store
 * @folder: the folder
 *
 * Returns: (transfer full): a #GListStore of the folder's #HarkMessage,
 *   newest first, read from the store alone
 */
GListModel *
hark_store_list_model (HarkStore  *self,
                       HarkFolder  folder)
{
  g_autoptr(GPtrArray) messages = hark_store_list (self, folder, FALSE, -1);
  GListStore *model = g_list_store_new (HARK_TYPE_MESSAGE);

  g_list_store_splice (model, 0, 0, messages->pdata, messages->len);
  return G_LIST_MODEL (model);
}

int
hark_store_count (HarkStore  *self,
                  HarkFolder  folder,
                  gboolean    unheard_only)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM messages WHERE %s%s",
                                          folder_condition (folder),
                                          unheard_only ? " AND heard = 0" : "");
  g_autoptr(sqlite3_stmt) statement = prepare (self, sql, NULL);

  if (statement == NULL || sqlite3_step (statement) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (statement, 0);
}

HarkCounts
hark_store_get_counts (HarkStore *self)
{
  HarkCounts counts = { 0, 0, 0, 0 };
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT heard, urgent, COUNT(*) FROM messages WHERE role != 'deleted' "
                   "GROUP BY heard, urgent", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), counts);

  while (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      gboolean heard = sqlite3_column_int (statement, 0) != 0;
      gboolean urgent = sqlite3_column_int (statement, 1) != 0;
      int n = sqlite3_column_int (statement, 2);

      if (heard)
        counts.old_count += n;
      else
        counts.new_count += n;
      if (urgent && heard)
        counts.urgent_old += n;
      else if (urgent)
        counts.urgent_new += n;
    }
  return counts;
}

/* The user's actions */

static char *
role_of (HarkStore   *self,
         const char  *item_id,
         char       **message_id,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT role, message_id FROM messages WHERE id = ?", error);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, item_id);
  if (sqlite3_step (statement) != SQLITE_ROW)
    {
      g_set_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_NOT_FOUND,
                   "No voice mail with the id %s", item_id);
      return NULL;
    }
  if (message_id != NULL)
    *message_id = column_text (statement, 1);
  return column_text (statement, 0);
}

static gboolean
queue (HarkStore       *self,
       HarkActionKind   kind,
       const char      *item_id,
       const char      *message_id,
       const char      *role,
       GError         **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "INSERT INTO outbox (kind, item_id, message_id, role) VALUES (?, ?, ?, ?)",
             error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int (statement, 1, kind);
  bind_text (statement, 2, item_id);
  bind_text (statement, 3, message_id);
  bind_text (statement, 4, role);
  return step_done (self, statement, error);
}

static gboolean
update_message (HarkStore   *self,
                const char  *sql,
                const char  *item_id,
                const char  *value,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = prepare (self, sql, error);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, item_id);
  bind_text (statement, 2, value);
  return step_done (self, statement, error);
}

static gboolean
do_mark (HarkStore   *self,
         const char  *item_id,
         gboolean     heard,
         GError     **error)
{
  g_autofree char *message_id = NULL;
  g_autofree char *role = role_of (self, item_id, &message_id, error);

  return role != NULL &&
         update_message (self, "UPDATE messages SET heard = CAST(?2 AS INTEGER) WHERE id = ?1",
                         item_id, heard ? "1" : "0", error) &&
         queue (self, heard ? HARK_ACTION_MARK_HEARD : HARK_ACTION_MARK_UNHEARD, item_id,
                message_id, NULL, error);
}

/**
 * hark_store_mark:
 * @self: a store
 * @item_id: a message
 * @heard: heard or unheard
 * @error: return location for an error
 *
 * Marks the message at once and queues the same for the server.
 */
gboolean
hark_store_mark (HarkStore   *self,
                 const char  *item_id,
                 gboolean     heard,
                 GError     **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_mark (self, item_id, heard, error));
}

static const char *
role_for_folder (HarkFolder folder)
{
  switch (folder)
    {
    case HARK_FOLDER_WORK:
      return "work";
    case HARK_FOLDER_FAMILY:
      return "family";
    case HARK_FOLDER_FRIENDS:
      return "friends";
    case HARK_FOLDER_DELETED:
      return "deleted";
    case HARK_FOLDER_NEW:
    case HARK_FOLDER_HEARD:
    default:
      return "inbox";
    }
}

static gboolean
do_move (HarkStore   *self,
         const char  *item_id,
         HarkFolder   folder,
         GError     **error)
{
  g_autofree char *message_id = NULL;
  g_autofree char *role = role_of (self, item_id, &message_id, error);
  const char *destination = role_for_folder (folder);

  if (role == NULL)
    return FALSE;
  if (folder == HARK_FOLDER_DELETED || g_strcmp0 (role, "deleted") == 0)
    {
      g_set_error_literal (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID,
                           "Deleting and undeleting are actions of their own");
      return FALSE;
    }
  if (g_strcmp0 (role, destination) == 0 ||
      (g_strcmp0 (role, "other") == 0 && g_strcmp0 (destination, "inbox") == 0))
    return TRUE;

  return update_message (self, "UPDATE messages SET role = ?2 WHERE id = ?1", item_id,
                         destination, error) &&
         queue (self, HARK_ACTION_MOVE, item_id, message_id, destination, error);
}

/**
 * hark_store_move:
 * @self: a store
 * @item_id: a message that is not deleted
 * @folder: Work, Family, Friends, or New/Heard for back to the Inbox
 * @error: return location for an error
 */
gboolean
hark_store_move (HarkStore   *self,
                 const char  *item_id,
                 HarkFolder   folder,
                 GError     **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_move (self, item_id, folder, error));
}

static gboolean
do_delete (HarkStore   *self,
           const char  *item_id,
           GError     **error)
{
  g_autofree char *message_id = NULL;
  g_autofree char *role = role_of (self, item_id, &message_id, error);

  if (role == NULL)
    return FALSE;
  if (g_strcmp0 (role, "deleted") == 0)
    {
      g_set_error_literal (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID,
                           "The voice mail is deleted already");
      return FALSE;
    }

  return update_message (self, "UPDATE messages SET role = 'deleted', previous_role = ?2 "
                               "WHERE id = ?1", item_id, role, error) &&
         queue (self, HARK_ACTION_DELETE, item_id, message_id, NULL, error);
}

gboolean
hark_store_delete (HarkStore   *self,
                   const char  *item_id,
                   GError     **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_delete (self, item_id, error));
}

static gboolean
do_undelete (HarkStore   *self,
             const char  *item_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) previous = prepare (self, "SELECT previous_role FROM messages "
                                                    "WHERE id = ?", error);
  g_autofree char *message_id = NULL;
  g_autofree char *role = role_of (self, item_id, &message_id, error);
  g_autofree char *destination = NULL;

  if (role == NULL || previous == NULL)
    return FALSE;
  if (g_strcmp0 (role, "deleted") != 0)
    {
      g_set_error_literal (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID,
                           "The voice mail is not deleted");
      return FALSE;
    }

  bind_text (previous, 1, item_id);
  if (sqlite3_step (previous) == SQLITE_ROW)
    destination = column_text (previous, 0);
  if (destination == NULL || strcmp (destination, "other") == 0 ||
      strcmp (destination, "deleted") == 0)
    {
      g_free (destination);
      destination = g_strdup ("inbox");
    }

  return update_message (self, "UPDATE messages SET role = ?2, previous_role = NULL "
                               "WHERE id = ?1", item_id, destination, error) &&
         queue (self, HARK_ACTION_UNDELETE, item_id, message_id, destination, error);
}

/**
 * hark_store_undelete:
 * @self: a store
 * @item_id: a deleted message
 * @error: return location for an error
 *
 * Brings a deleted message back to the folder it was deleted from.
 */
gboolean
hark_store_undelete (HarkStore   *self,
                     const char  *item_id,
                     GError     **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_undelete (self, item_id, error));
}

/* The outbox */

/**
 * hark_store_get_outbox:
 *
 * Returns: (transfer container) (element-type HarkAction): the actions
 *   waiting, oldest first
 */
GPtrArray *
hark_store_get_outbox (HarkStore *self)
{
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify)hark_action_free);
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT seq, kind, item_id, message_id, role, attempts FROM outbox "
                   "ORDER BY seq", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), actions);

  while (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      HarkAction *action = g_new0 (HarkAction, 1);

      action->seq = sqlite3_column_int64 (statement, 0);
      action->kind = sqlite3_column_int (statement, 1);
      action->item_id = column_text (statement, 2);
      action->message_id = column_text (statement, 3);
      action->role = column_text (statement, 4);
      action->attempts = sqlite3_column_int (statement, 5);
      g_ptr_array_add (actions, action);
    }
  return actions;
}

guint
hark_store_get_outbox_length (HarkStore *self)
{
  g_autoptr(sqlite3_stmt) statement = prepare (self, "SELECT COUNT(*) FROM outbox", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), 0);

  if (statement == NULL || sqlite3_step (statement) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (statement, 0);
}

static gboolean
remove_action (HarkStore         *self,
               const HarkAction  *action,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) statement = prepare (self, "DELETE FROM outbox WHERE seq = ?", error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, action->seq);
  return step_done (self, statement, error);
}

static gboolean
do_action_done (HarkStore         *self,
                const HarkAction  *action,
                const char        *new_item_id,
                GError           **error)
{
  if (!remove_action (self, action, error))
    return FALSE;
  return new_item_id == NULL || rename_item (self, action->item_id, new_item_id, error);
}

/**
 * hark_store_action_done:
 * @self: a store
 * @action: the action the server carried out
 * @new_item_id: (nullable): the item's id after it, when it moved
 * @error: return location for an error
 *
 * Takes the action out of the outbox; the message and the actions after it
 * follow the item's new id.
 */
gboolean
hark_store_action_done (HarkStore         *self,
                        const HarkAction  *action,
                        const char        *new_item_id,
                        GError           **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_action_done (self, action, new_item_id, error));
}

gboolean
hark_store_action_retarget (HarkStore         *self,
                            const HarkAction  *action,
                            const char        *item_id,
                            GError           **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, rename_item (self, action->item_id, item_id, error));
}

gboolean
hark_store_action_attempted (HarkStore         *self,
                             const HarkAction  *action,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, action->seq);
  return step_done (self, statement, error);
}

static gboolean
do_action_failed (HarkStore         *self,
                  const HarkAction  *action,
                  const char        *description,
                  GError           **error)
{
  g_autoptr(HarkMessage) message = hark_store_get (self, action->item_id);
  g_autoptr(sqlite3_stmt) conflict =
    prepare (self, "INSERT INTO conflicts (time, kind, caller, description) VALUES (?, ?, ?, ?)",
             error);
  g_autoptr(sqlite3_stmt) forget = NULL;

  if (conflict == NULL || !remove_action (self, action, error))
    return FALSE;

  sqlite3_bind_int64 (conflict, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (conflict, 2, action->kind);
  bind_text (conflict, 3, message != NULL ? hark_message_get_caller (message) : NULL);
  bind_text (conflict, 4, description);
  if (!step_done (self, conflict, error))
    return FALSE;

  /* The server has no such message any more: neither has the store, with
   * whatever else waited for it. */
  forget = prepare (self, "DELETE FROM outbox WHERE item_id = ?1", error);
  if (forget == NULL)
    return FALSE;
  bind_text (forget, 1, action->item_id);
  if (!step_done (self, forget, error))
    return FALSE;
  g_clear_pointer (&forget, statement_free);
  forget = prepare (self, "DELETE FROM messages WHERE id = ?1", error);
  if (forget == NULL)
    return FALSE;
  bind_text (forget, 1, action->item_id);
  return step_done (self, forget, error);
}

/**
 * hark_store_action_failed:
 * @self: a store
 * @action: an action the server cannot carry out: its message is gone
 * @description: what happened, for the user
 * @error: return location for an error
 *
 * Records the conflict for hark_store_take_conflicts() and forgets the
 * message and its waiting actions.
 */
gboolean
hark_store_action_failed (HarkStore         *self,
                          const HarkAction  *action,
                          const char        *description,
                          GError           **error)
{
  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  IN_TRANSACTION (self, error, do_action_failed (self, action, description, error));
}

/**
 * hark_store_take_conflicts:
 *
 * Returns: (transfer container) (element-type HarkConflict): the conflicts
 *   not reported yet, oldest first; they count as reported now
 */
GPtrArray *
hark_store_take_conflicts (HarkStore *self)
{
  GPtrArray *conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)hark_conflict_free);
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT time, kind, caller, description FROM conflicts ORDER BY seq", NULL);

  g_return_val_if_fail (HARK_IS_STORE (self), conflicts);

  while (statement != NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      HarkConflict *conflict = g_new0 (HarkConflict, 1);

      conflict->time = sqlite3_column_int64 (statement, 0);
      conflict->kind = sqlite3_column_int (statement, 1);
      conflict->caller = column_text (statement, 2);
      conflict->description = column_text (statement, 3);
      g_ptr_array_add (conflicts, conflict);
    }
  exec (self, "DELETE FROM conflicts", NULL);
  return conflicts;
}

/* Audio */

/**
 * hark_store_dup_audio:
 * @self: a store
 * @message_key: the message's Message-ID or id
 *
 * Returns: (transfer full) (nullable): the downloaded files, one path a
 *   line in playing order, when they are all still there
 */
char *
hark_store_dup_audio (HarkStore  *self,
                      const char *message_key)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "SELECT paths FROM audio WHERE message_key = ?", NULL);
  g_autoptr(sqlite3_stmt) touch = NULL;
  g_autofree char *paths = NULL;
  g_auto(GStrv) files = NULL;

  g_return_val_if_fail (HARK_IS_STORE (self), NULL);

  if (statement == NULL)
    return NULL;
  bind_text (statement, 1, message_key);
  if (sqlite3_step (statement) != SQLITE_ROW)
    return NULL;
  paths = column_text (statement, 0);

  files = g_strsplit (paths, "\n", -1);
  for (guint i = 0; files[i] != NULL; i++)
    {
      if (!g_file_test (files[i], G_FILE_TEST_IS_REGULAR))
        return NULL;
    }

  touch = prepare (self, "UPDATE audio SET last_used = ? WHERE message_key = ?", NULL);
  if (touch != NULL)
    {
      sqlite3_bind_int64 (touch, 1, g_get_real_time ());
      bind_text (touch, 2, message_key);
      sqlite3_step (touch);
    }
  return g_steal_pointer (&paths);
}

static gboolean
evict (HarkStore   *self,
       gint64       limit,
       GError     **error)
{
  g_autoptr(sqlite3_stmt) total = prepare (self, "SELECT COALESCE(SUM(size), 0) FROM audio",
                                           error);
  g_autoptr(sqlite3_stmt) oldest = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  gint64 size;

  if (total == NULL || sqlite3_step (total) != SQLITE_ROW)
    return FALSE;
  size = sqlite3_column_int64 (total, 0);
  if (size <= limit)
    return TRUE;

  oldest = prepare (self, "SELECT message_key, paths, size FROM audio ORDER BY last_used", error);
  forget = prepare (self, "DELETE FROM audio WHERE message_key = ?", error);
  if (oldest == NULL || forget == NULL)
    return FALSE;

  while (size > limit && sqlite3_step (oldest) == SQLITE_ROW)
    {
      g_auto(GStrv) files = g_strsplit ((const char *)sqlite3_column_text (oldest, 1), "\n", -1);

      for (guint i = 0; files[i] != NULL; i++)
        g_unlink (files[i]);
      size -= sqlite3_column_int64 (oldest, 2);
      sqlite3_reset (forget);
      bind_text (forget, 1, (const char *)sqlite3_column_text (oldest, 0));
      if (!step_done (self, forget, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * hark_store_add_audio:
 * @self: a store
 * @message_key: the message's Message-ID or id
 * @paths: the downloaded files, one path a line, in playing order
 * @size: their size in bytes
 * @limit: how many bytes of audio to keep: the least recently played go
 * @error: return location for an error
 */
gboolean
hark_store_add_audio (HarkStore   *self,
                      const char  *message_key,
                      const char  *paths,
                      gint64       size,
                      gint64       limit,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    prepare (self, "INSERT OR REPLACE INTO audio (message_key, paths, size, last_used) "
                   "VALUES (?, ?, ?, ?)", error);

  g_return_val_if_fail (HARK_IS_STORE (self), FALSE);

  if (statement == NULL)
    return FALSE;
  bind_text (statement, 1, message_key);
  bind_text (statement, 2, paths);
  sqlite3_bind_int64 (statement, 3, size);
  sqlite3_bind_int64 (statement, 4, g_get_real_time ());
  IN_TRANSACTION (self, error, step_done (self, statement, error) && evict (self, limit, error));
}
