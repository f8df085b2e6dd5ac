/* hark-background.c: running in the background through the portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a sandbox (Flatpak) Hark cannot write an XDG autostart entry the
 * session would read, and may be stopped when its last window closes.
 * It asks org.freedesktop.portal.Background instead: the desktop asks the
 * user once, remembers the answer, and writes the login entry itself.
 * Outside a sandbox Hark writes the entry (hark-application.c); the
 * portal is used there only when HARK_USE_PORTAL=1, as GTK_USE_PORTAL
 * does for GTK's portals, which is how the tests reach it.
 */

#include "config.h"

#include "hark-background.h"

#include <glib/gi18n.h>

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND "org.freedesktop.portal.Background"
#define PORTAL_REQUEST "org.freedesktop.portal.Request"

/**
 * hark_background_uses_portal:
 *
 * Returns: whether running in the background goes through the portal
 */
gboolean
hark_background_uses_portal (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
         g_strcmp0 (g_getenv ("HARK_USE_PORTAL"), "1") == 0;
}

/* The subscription to the answer holds a reference to the task: the
 * answer, an error or cancelling ends it (subscription 0), once. */
typedef struct {
  GDBusConnection *connection;
  char            *handle;
  guint            subscription;
  GCancellable    *cancellable;
  gulong           cancelled_id;
} Request;

static void
request_free (Request *request)
{
  if (request->subscription != 0)
    g_dbus_connection_signal_unsubscribe (request->connection, request->subscription);
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->cancellable, request->cancelled_id);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->connection);
  g_free (request->handle);
  g_free (request);
}

/* Stops listening for the answer; FALSE if it was no longer awaited. */
static gboolean
request_end (Request *request)
{
  if (request->subscription == 0)
    return FALSE;
  g_dbus_connection_signal_unsubscribe (request->connection, request->subscription);
  request->subscription = 0;
  return TRUE;
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  gboolean background = FALSE, autostart = FALSE;
  guint32 response;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")) || !request_end (request))
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);
  /* 0: answered; 1: the user closed the question; 2: something else. */
  if (response != 0 || !background)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("Hark may not run in the background. You can allow it in "
                                 "Settings, under Apps."));
      return;
    }
  g_task_return_int (task, autostart);
}

static guint
subscribe (Request *request,
           GTask   *task)
{
  return g_dbus_connection_signal_subscribe (request->connection, PORTAL_NAME, PORTAL_REQUEST,
                                             "Response", request->handle, NULL,
                                             G_DBUS_SIGNAL_FLAGS_NONE, response_cb,
                                             g_object_ref (task), g_object_unref);
}

static void
called_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *handle;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (request->subscription == 0)
    return;  /* answered, or cancelled, already */
  if (reply == NULL)
    {
      request_end (request);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The desktop cannot let Hark run in the background: %s"),
                               error->message);
      return;
    }

  /* An older portal may answer on another path than the one asked for. */
  g_variant_get (reply, "(&o)", &handle);
  if (!g_str_equal (handle, request->handle))
    {
      g_dbus_connection_signal_unsubscribe (request->connection, request->subscription);
      g_free (request->handle);
      request->handle = g_strdup (handle);
      request->subscription = subscribe (request, task);
    }
}

/* Cancelled while the desktop (or the user) has not answered yet. */
static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  if (request_end (g_task_get_task_data (task)))
    g_task_return_error_if_cancelled (task);
}

/**
 * hark_background_request_async:
 * @connection: the session bus
 * @autostart: whether Hark should start at login
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the desktop's answer
 * @user_data: for @callback
 *
 * Asks the Background portal that Hark may run on without a window and,
 * if @autostart, that it starts at login as `hark --gapplication-service`.
 * The desktop may ask the user first.
 */
void
hark_background_request_async (GDBusConnection     *connection,
                               gboolean             autostart,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static guint counter;
  const char *command[] = { "hark", "--gapplication-service", NULL };
  const char *unique_name;
  g_autoptr(GTask) task = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  Request *request;
  GVariantBuilder options;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hark_background_request_async);
  unique_name = g_dbus_connection_get_unique_name (connection);
  if (unique_name == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The desktop cannot let Hark run in the background: %s"),
                               _("Hark is not on the session bus."));
      return;
    }
  request = g_new0 (Request, 1);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  request->connection = g_object_ref (connection);

  /* The portal answers on a path made of our name and a token of ours:
   * listen there before asking, so that no answer is missed. */
  sender = g_strdup (unique_name + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("hark%u", ++counter);
  request->handle = g_strdup_printf ("%s/request/%s/%s", PORTAL_PATH, sender, token);
  request->subscription = subscribe (request, task);
  if (cancellable != NULL)
    {
      /* Task data outlives the handler: request_free disconnects it. */
      request->cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                     task, NULL);
      if (request->subscription == 0)
        return;  /* cancelled already: answered by cancelled_cb */
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Hark announces new voice mail while its "
                                                 "window is closed.")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (command, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (connection, PORTAL_NAME, PORTAL_PATH, PORTAL_BACKGROUND,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          called_cb, g_object_ref (task));
}

/**
 * hark_background_request_finish:
 * @result: the result
 * @autostart: (out) (optional): whether Hark will start at login
 * @error: why Hark may not run in the background
 *
 * Returns: whether Hark may run in the background
 */
gboolean
hark_background_request_finish (GAsyncResult  *result,
                                gboolean      *autostart,
                                GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        hark_background_request_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (autostart != NULL)
    *autostart = value != 0;
  return TRUE;
}
