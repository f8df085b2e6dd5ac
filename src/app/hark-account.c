/* hark-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything one mailbox needs, wired together: its settings, the password
 * (from the secret service, in memory only), a UmClient with the account's
 * TLS trust, the store and its HarkSync, and a UmWatcher for push.
 *
 * Starting goes IsUMEnabled → GetUMProperties → sync → watch. What fails
 * decides the state: a refused password asks for another, a certificate
 * that is not trusted waits for the user to look at it, anything else is
 * "offline": the store still answers, actions wait in the outbox, and the
 * account tries again with a growing pause.
 */

#include "config.h"

#include "hark-account.h"

#include "hark-app-enum-types.h"
#include "hark-folder-names.h"
#include "hark-secrets.h"
#include "um-error.h"
#include "um-watcher.h"

#include <glib/gi18n.h>

#define DEFAULT_RETRY_SECONDS 15
#define MAX_RETRY_SECONDS 300
#define MAX_RECENT_NUMBERS 6
#define AUDIO_CACHE_LIMIT (256 * 1024 * 1024)

struct _HarkAccount
{
  GObject           parent_instance;

  char             *id;
  char             *title;
  char             *user;
  char             *secret_server;
  GSettings        *settings;

  HarkSecrets      *secrets;
  HarkTlsDatabase  *tls;
  UmClient         *client;
  UmMailbox        *mailbox;
  HarkStore        *store;
  HarkSync         *sync;
  UmWatcher        *watcher;

  char             *password;
  HarkAccountState  state;
  GError           *error;
  GCancellable     *cancellable;

  gboolean          running;
  gboolean          syncing;
  gboolean          sync_again;
  gboolean          first_sync;
  guint             progress_done;
  guint             progress_total;
  guint             pending;
  guint             sync_idle;

  gboolean          um_known;
  gboolean          um_enabled;
  UmProperties     *properties;

  guint             retry_seconds;
  guint             retry_delay;
  guint             retry_id;
};

G_DEFINE_FINAL_TYPE (HarkAccount, hark_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_STATE,
  PROP_SYNCING,
  PROP_FIRST_SYNC,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  PROP_PENDING,
  PROP_UM_ENABLED,
  PROP_PROPERTIES,
  N_PROPS
};

enum {
  NEW_VOICEMAIL,
  CONFLICTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_server (HarkAccount *self);
static void run_sync (HarkAccount *self);

static void
notify (HarkAccount *self,
        guint        prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (HarkAccount      *self,
           HarkAccountState  state,
           const GError     *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  if (self->state == state && error == NULL)
    return;
  self->state = state;
  notify (self, PROP_STATE);
}

static void
update_pending (HarkAccount *self)
{
  guint pending = hark_store_get_outbox_length (self->store);

  if (pending == self->pending)
    return;
  self->pending = pending;
  notify (self, PROP_PENDING);
}

static void
set_syncing (HarkAccount *self,
             gboolean     syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  notify (self, PROP_SYNCING);
  if (!syncing && self->first_sync)
    {
      self->first_sync = FALSE;
      notify (self, PROP_FIRST_SYNC);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  HarkAccount *self = user_data;

  self->retry_id = 0;
  if (!self->um_known)
    connect_server (self);
  else
    run_sync (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (HarkAccount *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_delay = self->retry_delay == 0 ? self->retry_seconds
                                             : MIN (self->retry_delay * 2, MAX_RETRY_SECONDS);
  self->retry_id = g_timeout_add_seconds (self->retry_delay, retry_cb, self);
}

static gboolean
is_tls_problem (const GError *error)
{
  return error->domain == G_TLS_ERROR &&
         (error->code == G_TLS_ERROR_BAD_CERTIFICATE || error->code == G_TLS_ERROR_HANDSHAKE);
}

/* What a failed request means for the account. */
static void
failed (HarkAccount  *self,
        const GError *error)
{
  g_autofree char *host = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTH_FAILED))
    {
      g_clear_pointer (&self->password, g_free);
      set_state (self, HARK_ACCOUNT_STATE_NEEDS_PASSWORD, error);
      return;
    }

  host = hark_account_dup_untrusted_host (self);
  if (is_tls_problem (error) && host != NULL)
    {
      set_state (self, HARK_ACCOUNT_STATE_UNTRUSTED, error);
      return;
    }

  set_state (self, HARK_ACCOUNT_STATE_OFFLINE, error);
  schedule_retry (self);
}

static void
online (HarkAccount *self)
{
  self->retry_delay = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_state (self, HARK_ACCOUNT_STATE_ONLINE, NULL);
}

/* Push */

static void
watcher_changed_cb (UmWatcher      *watcher,
                    UmNotification *notification,
                    gpointer        user_data)
{
  hark_account_sync (user_data);
}

static void
start_watching (HarkAccount *self)
{
  g_auto(GStrv) folder_ids = hark_sync_dup_folder_ids (self->sync);

  if (folder_ids == NULL || folder_ids[0] == NULL)
    return;
  if (self->watcher == NULL)
    {
      self->watcher = um_watcher_new (self->mailbox, (const char * const *)folder_ids);
      g_signal_connect (self->watcher, "changed", G_CALLBACK (watcher_changed_cb), self);
    }
  else
    um_watcher_set_folder_ids (self->watcher, (const char * const *)folder_ids);
  if (um_watcher_get_mode (self->watcher) == UM_WATCH_MODE_STOPPED)
    um_watcher_start (self->watcher);
}

/* Synchronising */

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HarkAccount) self = user_data;
  g_autoptr(HarkSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  report = hark_sync_run_finish (HARK_SYNC (object), result, &error);
  update_pending (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped; and perhaps started again meanwhile. */
      if (self->sync_again && self->cancellable != NULL)
        {
          self->sync_again = FALSE;
          run_sync (self);
        }
      else
        set_syncing (self, FALSE);
      return;
    }

  if (report == NULL)
    {
      self->sync_again = FALSE;
      set_syncing (self, FALSE);
      failed (self, error);
      return;
    }

  online (self);
  if (report->conflicts > 0)
    g_signal_emit (self, signals[CONFLICTS], 0, report->conflicts);
  start_watching (self);

  if (self->sync_again)
    {
      self->sync_again = FALSE;
      run_sync (self);
      return;
    }
  set_syncing (self, FALSE);
}

static void
run_sync (HarkAccount *self)
{
  g_autofree char *state = NULL;

  if (self->running)
    {
      self->sync_again = TRUE;
      return;
    }

  state = hark_store_dup_sync_state (self->store, "inbox");
  if (state == NULL && !self->first_sync)
    {
      self->first_sync = TRUE;
      notify (self, PROP_FIRST_SYNC);
    }
  self->running = TRUE;
  set_syncing (self, TRUE);
  hark_sync_run_async (self->sync, HARK_SYNC_NONE, self->cancellable, sync_done_cb,
                       g_object_ref (self));
}

static gboolean
sync_idle_cb (gpointer user_data)
{
  HarkAccount *self = user_data;

  self->sync_idle = 0;
  if (self->state == HARK_ACCOUNT_STATE_ONLINE)
    run_sync (self);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (HarkSync *sync,
             guint     done,
             guint     total,
             gpointer  user_data)
{
  HarkAccount *self = user_data;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->progress_done != done)
    {
      self->progress_done = done;
      notify (self, PROP_PROGRESS_DONE);
    }
  if (self->progress_total != total)
    {
      self->progress_total = total;
      notify (self, PROP_PROGRESS_TOTAL);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
new_voicemail_cb (HarkSync    *sync,
                  HarkMessage *message,
                  gpointer     user_data)
{
  g_signal_emit (user_data, signals[NEW_VOICEMAIL], 0, message);
}

static void
store_changed_cb (HarkStore *store,
                  gpointer   user_data)
{
  update_pending (user_data);
}

/* Connecting: the UM calls first, then the mailbox */

static void
set_um (HarkAccount  *self,
        gboolean      enabled,
        UmProperties *props)
{
  self->um_known = TRUE;
  g_clear_pointer (&self->properties, um_properties_free);
  self->properties = props;
  if (self->um_enabled != enabled)
    {
      self->um_enabled = enabled;
      notify (self, PROP_UM_ENABLED);
    }
  notify (self, PROP_PROPERTIES);
}

/* UM answers that say "no UM here" rather than "cannot reach the server". */
static gboolean
means_no_um (const GError *error)
{
  return g_error_matches (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED) ||
         g_error_matches (error, UM_ERROR, UM_ERROR_NOT_SUPPORTED) ||
         g_error_matches (error, UM_ERROR, UM_ERROR_SERVER);
}

static void
properties_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HarkAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  UmProperties *props;

  props = um_client_get_um_properties_finish (UM_CLIENT (object), result, &error);
  if (props == NULL && !means_no_um (error))
    {
      failed (self, error);
      return;
    }
  set_um (self, props != NULL, props);
  run_sync (self);
}

static void
um_enabled_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HarkAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;

  if (!um_client_is_um_enabled_finish (UM_CLIENT (object), result, &enabled, &error))
    {
      if (!means_no_um (error))
        {
          failed (self, error);
          return;
        }
      enabled = FALSE;
    }

  if (!enabled)
    {
      set_um (self, FALSE, NULL);
      run_sync (self);
      return;
    }
  um_client_get_um_properties_async (self->client, self->cancellable, properties_cb,
                                     g_object_ref (self));
}

static void
connect_server (HarkAccount *self)
{
  if (self->password == NULL)
    {
      set_state (self, HARK_ACCOUNT_STATE_NEEDS_PASSWORD, NULL);
      return;
    }
  if (self->state != HARK_ACCOUNT_STATE_OFFLINE)
    set_state (self, HARK_ACCOUNT_STATE_CONNECTING, NULL);

  if (um_client_get_legacy_url (self->client) == NULL)
    {
      set_um (self, FALSE, NULL);
      run_sync (self);
      return;
    }
  um_client_is_um_enabled_async (self->client, self->cancellable, um_enabled_cb,
                                 g_object_ref (self));
}

static void
password_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HarkAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = hark_secrets_lookup_finish (HARK_SECRETS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password == NULL)
    {
      set_state (self, HARK_ACCOUNT_STATE_NEEDS_PASSWORD, error);
      return;
    }
  g_free (self->password);
  self->password = g_steal_pointer (&password);
  connect_server (self);
}

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 gpointer  user_data)
{
  HarkAccount *self = user_data;

  /* A refused password is not sent again: the user is asked instead. */
  if (retrying || self->password == NULL)
    return FALSE;
  soup_auth_authenticate (auth, self->user, self->password);
  return TRUE;
}

/* GObject */

static void
hark_account_dispose (GObject *object)
{
  HarkAccount *self = HARK_ACCOUNT (object);

  hark_account_stop (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->watcher);
  g_clear_object (&self->sync);
  g_clear_object (&self->mailbox);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->tls);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hark_account_parent_class)->dispose (object);
}

static void
hark_account_finalize (GObject *object)
{
  HarkAccount *self = HARK_ACCOUNT (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->user);
  g_free (self->secret_server);
  g_clear_pointer (&self->password, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->properties, um_properties_free);

  G_OBJECT_CLASS (hark_account_parent_class)->finalize (object);
}

static void
hark_account_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HarkAccount *self = HARK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_FIRST_SYNC:
      g_value_set_boolean (value, self->first_sync);
      break;
    case PROP_PROGRESS_DONE:
      g_value_set_uint (value, self->progress_done);
      break;
    case PROP_PROGRESS_TOTAL:
      g_value_set_uint (value, self->progress_total);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_UM_ENABLED:
      g_value_set_boolean (value, self->um_enabled);
      break;
    case PROP_PROPERTIES:
      g_value_set_boxed (value, self->properties);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hark_account_class_init (HarkAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hark_account_dispose;
  object_class->finalize = hark_account_finalize;
  object_class->get_property = hark_account_get_property;

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, HARK_TYPE_ACCOUNT_STATE,
                                              HARK_ACCOUNT_STATE_IDLE, RO);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, RO);
  properties[PROP_FIRST_SYNC] = g_param_spec_boolean ("first-sync", NULL, NULL, FALSE, RO);
  properties[PROP_PROGRESS_DONE] =
    g_param_spec_uint ("progress-done", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_PROGRESS_TOTAL] =
    g_param_spec_uint ("progress-total", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_UM_ENABLED] = g_param_spec_boolean ("um-enabled", NULL, NULL, FALSE, RO);
  properties[PROP_PROPERTIES] = g_param_spec_boxed ("properties", NULL, NULL,
                                                    UM_TYPE_PROPERTIES, RO);
#undef RO
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HarkAccount::new-voicemail:
   * @message: the voice mail
   *
   * A voice mail arrived (not emitted for the first sync's).
   */
  signals[NEW_VOICEMAIL] = g_signal_new ("new-voicemail", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, HARK_TYPE_MESSAGE);

  /**
   * HarkAccount::conflicts:
   * @count: how many
   *
   * Actions of the outbox could not be done as asked; the store keeps them
   * (hark_store_take_conflicts()).
   */
  signals[CONFLICTS] = g_signal_new ("conflicts", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
hark_account_init (HarkAccount *self)
{
  self->retry_seconds = DEFAULT_RETRY_SECONDS;
}

/**
 * hark_account_settings_new:
 * @id: an account id
 *
 * Returns: (transfer full): the account's settings, at
 *   /io/github/hark/Hark/accounts/ID/
 */
GSettings *
hark_account_settings_new (const char *id)
{
  g_autofree char *path = g_strdup_printf ("%s%s/", HARK_ACCOUNT_SCHEMA_PATH, id);

  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);

  return g_settings_new_with_path (HARK_ACCOUNT_SCHEMA_ID, path);
}

static char *
non_empty (GSettings  *settings,
           const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  return value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

/**
 * hark_account_new:
 * @id: the account's id
 * @settings: its settings (#HARK_ACCOUNT_SCHEMA_ID)
 * @store_dir: (nullable): where its store and audio go; the XDG data and
 *   cache folders when %NULL
 * @error: where a store that cannot be opened says so
 *
 * Returns: (transfer full): the account, not started
 */
HarkAccount *
hark_account_new (const char  *id,
                  GSettings   *settings,
                  const char  *store_dir,
                  GError     **error)
{
  g_autoptr(HarkAccount) self = NULL;
  g_autofree char *email = NULL;
  g_autofree char *ews_url = NULL;
  g_autofree char *um_url = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *cache_dir = NULL;
  g_auto(GStrv) pins = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HARK_TYPE_ACCOUNT, NULL);
  self->id = g_strdup (id);
  self->settings = g_object_ref (settings);

  email = non_empty (settings, "email");
  ews_url = non_empty (settings, "ews-url");
  um_url = non_empty (settings, "um-url");
  ca_file = non_empty (settings, "ca-file");
  self->user = non_empty (settings, "user");
  if (self->user == NULL)
    self->user = g_strdup (email);
  self->title = g_strdup (email != NULL ? email : self->user != NULL ? self->user : id);
  self->secret_server = g_strdup (email != NULL ? email : ews_url);

  if (ews_url == NULL && um_url == NULL)
    {
      g_set_error (error, UM_ERROR, UM_ERROR_AUTODISCOVER,
                   "The account %s has no server address", self->title);
      return NULL;
    }

  self->tls = hark_tls_database_new ();
  if (!hark_tls_database_set_ca_file (self->tls, ca_file, error))
    return NULL;
  pins = g_settings_get_strv (settings, "pinned-certificates");
  hark_tls_database_set_pins (self->tls, (const char * const *)pins);

  self->client = um_client_new (um_url, ews_url);
  um_client_set_tls_database (self->client, G_TLS_DATABASE (self->tls));
  g_signal_connect (self->client, "authenticate", G_CALLBACK (authenticate_cb), self);

  if (store_dir != NULL)
    {
      store_path = g_build_filename (store_dir, "store.db", NULL);
      cache_dir = g_build_filename (store_dir, "cache", NULL);
    }
  else
    {
      store_path = hark_store_default_path (self->title);
      cache_dir = hark_store_default_cache_dir (self->title);
    }
  self->store = hark_store_new (store_path, error);
  if (self->store == NULL)
    return NULL;
  g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);

  self->mailbox = um_mailbox_new (self->client, email);
  self->sync = hark_sync_new (self->store, self->mailbox);
  /* Translators: the names of the folders Hark makes in the mailbox */
  hark_sync_set_folder_names (self->sync, _("Voice Mail"), _("Work"), _("Family"),
                              _("Friends"));
  for (guint i = 0; hark_folder_names[i].language != NULL; i++)
    {
      const char * const *names = hark_folder_names[i].names;

      hark_sync_add_folder_names (self->sync, names[0], names[1], names[2], names[3]);
    }
  hark_sync_set_audio_cache (self->sync, cache_dir, AUDIO_CACHE_LIMIT);
  g_signal_connect (self->sync, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect (self->sync, "new-voicemail", G_CALLBACK (new_voicemail_cb), self);

  self->secrets = hark_secrets_new ();
  self->pending = hark_store_get_outbox_length (self->store);
  return g_steal_pointer (&self);
}

const char *
hark_account_get_id (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->id;
}

/**
 * hark_account_get_title:
 * @self: an account
 *
 * Returns: its e-mail address, or the user name if it has none
 */
const char *
hark_account_get_title (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->title;
}

const char *
hark_account_get_user (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->user;
}

/**
 * hark_account_get_secret_server:
 * @self: an account
 *
 * Returns: what the secret service files the password under, with the user
 *   name: the e-mail address, or the EWS URL (as hark-cli does)
 */
const char *
hark_account_get_secret_server (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->secret_server;
}

GSettings *
hark_account_get_settings (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->settings;
}

UmClient *
hark_account_get_client (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->client;
}

UmMailbox *
hark_account_get_mailbox (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->mailbox;
}

HarkStore *
hark_account_get_store (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->store;
}

HarkSync *
hark_account_get_sync (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->sync;
}

HarkTlsDatabase *
hark_account_get_tls_database (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->tls;
}

HarkAccountState
hark_account_get_state (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), HARK_ACCOUNT_STATE_IDLE);
  return self->state;
}

/**
 * hark_account_get_error:
 * @self: an account
 *
 * Returns: (nullable): why the account is offline, needs a password or
 *   does not trust its server
 */
const GError *
hark_account_get_error (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->error;
}

gboolean
hark_account_get_syncing (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);
  return self->syncing;
}

/**
 * hark_account_get_watch_mode:
 * @self: an account
 *
 * Returns: how the account hears of new voice mail: streaming, pull or
 *   polling; %UM_WATCH_MODE_STOPPED while offline
 */
UmWatchMode
hark_account_get_watch_mode (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), UM_WATCH_MODE_STOPPED);
  return self->watcher != NULL ? um_watcher_get_mode (self->watcher) : UM_WATCH_MODE_STOPPED;
}

/**
 * hark_account_get_first_sync:
 * @self: an account
 *
 * Returns: whether the store is being filled for the first time
 */
gboolean
hark_account_get_first_sync (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);
  return self->first_sync;
}

guint
hark_account_get_progress_done (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), 0);
  return self->progress_done;
}

guint
hark_account_get_progress_total (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), 0);
  return self->progress_total;
}

/**
 * hark_account_get_pending:
 * @self: an account
 *
 * Returns: how many of the user's actions wait for the server
 */
guint
hark_account_get_pending (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), 0);
  return self->pending;
}

/**
 * hark_account_get_um_known:
 * @self: an account
 *
 * Returns: whether the server said if the mailbox has Unified Messaging
 */
gboolean
hark_account_get_um_known (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);
  return self->um_known;
}

gboolean
hark_account_get_um_enabled (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);
  return self->um_enabled;
}

/**
 * hark_account_get_properties:
 * @self: an account
 *
 * Returns: (nullable): the UM settings as the server last said them
 */
const UmProperties *
hark_account_get_properties (HarkAccount *self)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);
  return self->properties;
}

/**
 * hark_account_dup_untrusted_host:
 * @self: an account
 *
 * Returns: (transfer full) (nullable): the host of the server whose
 *   certificate was refused last, if one was
 */
char *
hark_account_dup_untrusted_host (HarkAccount *self)
{
  const char *urls[2];

  g_return_val_if_fail (HARK_IS_ACCOUNT (self), NULL);

  urls[0] = um_client_get_ews_url (self->client);
  urls[1] = um_client_get_legacy_url (self->client);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GUri) uri = urls[i] != NULL ? g_uri_parse (urls[i], G_URI_FLAGS_NONE, NULL)
                                            : NULL;
      g_autoptr(GTlsCertificate) certificate = NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL)
        continue;
      certificate = hark_tls_database_dup_rejected (self->tls, g_uri_get_host (uri), NULL);
      if (certificate != NULL)
        return g_strdup (g_uri_get_host (uri));
    }
  return NULL;
}

/**
 * hark_account_set_password:
 * @self: an account
 * @password: the password, kept in memory only
 *
 * Uses a password (from the secret service, or just typed); an account
 * waiting for one connects.
 */
void
hark_account_set_password (HarkAccount *self,
                           const char  *password)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  g_free (self->password);
  self->password = g_strdup (password);
  if (self->state == HARK_ACCOUNT_STATE_NEEDS_PASSWORD)
    connect_server (self);
}

/**
 * hark_account_set_retry_seconds:
 * @self: an account
 * @seconds: the first pause before trying an unreachable server again
 */
void
hark_account_set_retry_seconds (HarkAccount *self,
                                guint        seconds)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (seconds > 0);

  self->retry_seconds = seconds;
}

/**
 * hark_account_start:
 * @self: an account
 *
 * Finds the password if none was given, then connects and keeps the store
 * in step. The store can be read before and whatever happens.
 */
void
hark_account_start (HarkAccount *self)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  set_state (self, HARK_ACCOUNT_STATE_CONNECTING, NULL);

  if (self->password != NULL)
    connect_server (self);
  else if (self->secret_server == NULL || self->user == NULL)
    set_state (self, HARK_ACCOUNT_STATE_NEEDS_PASSWORD, NULL);
  else
    hark_secrets_lookup_async (self->secrets, self->secret_server, self->user,
                               self->cancellable, password_found_cb, g_object_ref (self));
}

/**
 * hark_account_stop:
 * @self: an account
 *
 * Cancels what is under way and stops listening; the outbox stays.
 */
void
hark_account_stop (HarkAccount *self)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->watcher != NULL)
    um_watcher_stop (self->watcher);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->sync_idle, g_source_remove);
  self->retry_delay = 0;
  self->sync_again = FALSE;
  set_syncing (self, FALSE);
  set_state (self, HARK_ACCOUNT_STATE_IDLE, NULL);
}

/**
 * hark_account_sync:
 * @self: an account
 *
 * Synchronises now (or once more after the run under way); an offline
 * account tries to reach its server at once.
 */
void
hark_account_sync (HarkAccount *self)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));

  switch (self->state)
    {
    case HARK_ACCOUNT_STATE_ONLINE:
      run_sync (self);
      break;
    case HARK_ACCOUNT_STATE_OFFLINE:
      g_clear_handle_id (&self->retry_id, g_source_remove);
      retry_cb (self);
      break;
    case HARK_ACCOUNT_STATE_IDLE:
    case HARK_ACCOUNT_STATE_CONNECTING:
    case HARK_ACCOUNT_STATE_NEEDS_PASSWORD:
    case HARK_ACCOUNT_STATE_UNTRUSTED:
    default:
      break;
    }
}

/**
 * hark_account_trust:
 * @self: an account
 * @host: the server's host name
 * @certificate: the certificate the user looked at and trusts
 *
 * Remembers the certificate for that host (and only for it), and connects
 * again.
 */
void
hark_account_trust (HarkAccount     *self,
                    const char      *host,
                    GTlsCertificate *certificate)
{
  g_autofree char *pin = NULL;
  g_auto(GStrv) pins = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  pin = hark_tls_certificate_pin (host, certificate);
  pins = g_settings_get_strv (self->settings, "pinned-certificates");
  if (!g_strv_contains ((const char * const *)pins, pin))
    {
      g_strv_builder_addv (builder, (const char **)pins);
      g_strv_builder_add (builder, pin);
      g_strfreev (pins);
      pins = g_strv_builder_end (builder);
      g_settings_set_strv (self->settings, "pinned-certificates", (const char * const *)pins);
    }
  hark_tls_database_set_pins (self->tls, (const char * const *)pins);

  hark_account_stop (self);
  hark_account_start (self);
}

/* What the user does */

static void
queue_sync (HarkAccount *self)
{
  update_pending (self);
  if (self->state == HARK_ACCOUNT_STATE_ONLINE && self->sync_idle == 0)
    self->sync_idle = g_idle_add (sync_idle_cb, self);
}

/**
 * hark_account_mark:
 * @self: an account
 * @item_id: a voice mail
 * @heard: heard, or not
 * @error: where a store that cannot be written says so
 *
 * Done in the store at once, and sent to the server as soon as it can be.
 */
gboolean
hark_account_mark (HarkAccount  *self,
                   const char   *item_id,
                   gboolean      heard,
                   GError      **error)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);

  if (!hark_store_mark (self->store, item_id, heard, error))
    return FALSE;
  queue_sync (self);
  return TRUE;
}

gboolean
hark_account_move (HarkAccount  *self,
                   const char   *item_id,
                   HarkFolder    folder,
                   GError      **error)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);

  if (!hark_store_move (self->store, item_id, folder, error))
    return FALSE;
  queue_sync (self);
  return TRUE;
}

gboolean
hark_account_delete (HarkAccount  *self,
                     const char   *item_id,
                     GError      **error)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);

  if (!hark_store_delete (self->store, item_id, error))
    return FALSE;
  queue_sync (self);
  return TRUE;
}

gboolean
hark_account_undelete (HarkAccount  *self,
                       const char   *item_id,
                       GError      **error)
{
  g_return_val_if_fail (HARK_IS_ACCOUNT (self), FALSE);

  if (!hark_store_undelete (self->store, item_id, error))
    return FALSE;
  queue_sync (self);
  return TRUE;
}

static void
audio_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char **paths;

  paths = hark_sync_fetch_audio_finish (HARK_SYNC (object), result, &error);
  if (paths == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, paths, (GDestroyNotify)g_strfreev);
}

/**
 * hark_account_fetch_audio_async:
 * @self: an account
 * @item_id: a voice mail
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The voice mail's audio files, from the cache or downloaded into it.
 */
void
hark_account_fetch_audio_async (HarkAccount         *self,
                                const char          *item_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (item_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_account_fetch_audio_async);
  hark_sync_fetch_audio_async (self->sync, item_id, cancellable, audio_fetched_cb, task);
}

/**
 * hark_account_fetch_audio_finish:
 *
 * Returns: (transfer full) (array zero-terminated=1): the files, in playing
 *   order
 */
char **
hark_account_fetch_audio_finish (HarkAccount   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        hark_account_fetch_audio_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HarkAccount) self = user_data;
  g_autoptr(GError) error = NULL;
  UmProperties *props;

  props = um_client_get_um_properties_finish (UM_CLIENT (object), result, &error);
  if (props != NULL)
    set_um (self, TRUE, props);
}

/**
 * hark_account_refresh_properties:
 * @self: an account
 *
 * Asks the server for the UM settings again (GetUMProperties).
 */
void
hark_account_refresh_properties (HarkAccount *self)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));

  if (!self->um_enabled || self->cancellable == NULL)
    return;
  um_client_get_um_properties_async (self->client, self->cancellable, refreshed_cb,
                                     g_object_ref (self));
}

/**
 * hark_account_set_properties:
 * @self: an account
 * @properties: the UM settings, after the server took a change
 */
void
hark_account_set_properties (HarkAccount        *self,
                             const UmProperties *props)
{
  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (props != NULL);

  set_um (self, TRUE, um_properties_copy (props));
}

/**
 * hark_account_add_recent_number:
 * @self: an account
 * @number: a number just dialled
 */
void
hark_account_add_recent_number (HarkAccount *self,
                                const char  *number)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_return_if_fail (HARK_IS_ACCOUNT (self));
  g_return_if_fail (number != NULL);

  recent = g_settings_get_strv (self->settings, "recent-numbers");
  g_strv_builder_add (builder, number);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_NUMBERS; i++)
    {
      if (g_str_equal (recent[i], number))
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-numbers", (const char * const *)updated);
}
