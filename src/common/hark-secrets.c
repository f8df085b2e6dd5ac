/* hark-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One password per server URL and user, in the default collection of the
 * secret service, under the schema io.github.hark.Hark.Password. Only here
 * does Hark touch libsecret.
 */

#include "config.h"

#include "hark-secrets.h"

#include <libsecret/secret.h>

struct _HarkSecrets
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (HarkSecrets, hark_secrets, G_TYPE_OBJECT)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.hark.Hark.Password", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
hark_secrets_class_init (HarkSecretsClass *klass)
{
}

static void
hark_secrets_init (HarkSecrets *self)
{
}

HarkSecrets *
hark_secrets_new (void)
{
  return g_object_new (HARK_TYPE_SECRETS, NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify)secret_password_free);
}

/**
 * hark_secrets_lookup_async:
 * @self: the secrets
 * @server: the server URL the password is for
 * @user: the user name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the password
 * @user_data: data for @callback
 */
void
hark_secrets_lookup_async (HarkSecrets         *self,
                           const char          *server,
                           const char          *user,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HARK_IS_SECRETS (self));
  g_return_if_fail (server != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_secrets_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "server", server,
                          "user", user,
                          NULL);
}

/**
 * hark_secrets_lookup_finish:
 * @self: the secrets
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the password, free it with
 *   secret_password_free(); %NULL without an error when none is stored
 */
char *
hark_secrets_lookup_finish (HarkSecrets   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hark_secrets_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
hark_secrets_store_async (HarkSecrets         *self,
                          const char          *server,
                          const char          *user,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *label = NULL;
  GTask *task;

  g_return_if_fail (HARK_IS_SECRETS (self));
  g_return_if_fail (server != NULL && user != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_secrets_store_async);
  /* The label is what Passwords and Keys shows. */
  label = g_strdup_printf ("Hark voice mail: %s on %s", user, server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         store_cb, task,
                         "server", server,
                         "user", user,
                         NULL);
}

gboolean
hark_secrets_store_finish (HarkSecrets   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hark_secrets_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, removed);
}

void
hark_secrets_clear_async (HarkSecrets         *self,
                          const char          *server,
                          const char          *user,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HARK_IS_SECRETS (self));
  g_return_if_fail (server != NULL && user != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_secrets_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_cb, task,
                         "server", server,
                         "user", user,
                         NULL);
}

/**
 * hark_secrets_clear_finish:
 * @self: the secrets
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE if a password was removed
 */
gboolean
hark_secrets_clear_finish (HarkSecrets   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hark_secrets_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
