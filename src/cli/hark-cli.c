/* hark-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One command per run; with --json, one JSON object per line on stdout.
 * Passwords come from stdin or the secret service, never from the command
 * line or the environment.
 */

#include "config.h"

#include "hark-cli-private.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <stdio.h>

#include "hark-secrets.h"
#include "um.h"
#include "um-server.h"

static void
hark_cli_free (HarkCli *cli)
{
  g_free (cli->server);
  g_free (cli->um_url);
  g_free (cli->ews_url);
  g_free (cli->user);
  g_free (cli->ca_file);
  g_free (cli->dial);
  g_strfreev (cli->args);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_object (&cli->cancellable);
  g_clear_handle_id (&cli->interrupt_source, g_source_remove);
  g_clear_object (&cli->monitor);
  if (cli->client != NULL)
    g_signal_handlers_disconnect_by_data (cli->client, cli);
  g_clear_object (&cli->client);
  g_clear_object (&cli->demo_server);
  g_clear_object (&cli->secrets);
  g_clear_pointer (&cli->password, secret_password_free);
  g_free (cli->secret_key);
  g_free (cli->call_id);
  g_clear_object (&cli->autodiscover);
  g_free (cli->refused_redirect);
  hark_cli_mailbox_free (cli);
  g_free (cli);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HarkCli, hark_cli_free)

/* Output */

void
hark_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}

void
hark_cli_print_ok (HarkCli    *cli,
          const char *human)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      printf ("%s\n", human);
    }
}

void
hark_cli_finish (HarkCli *cli,
        int      status)
{
  cli->status = status;
  g_main_loop_quit (cli->loop);
}

static int
status_for_error (const GError *error)
{
  if (error->domain == UM_ERROR)
    {
      switch ((UmError)error->code)
        {
        case UM_ERROR_AUTH_FAILED:
        case UM_ERROR_INSECURE:
        case UM_ERROR_HTTP:
        case UM_ERROR_MALFORMED_RESPONSE:
        case UM_ERROR_RESPONSE_TOO_LARGE:
        case UM_ERROR_SERVER_BUSY:
          return HARK_CLI_EXIT_TRANSPORT;

        case UM_ERROR_INVALID_DIAL_STRING:
          return HARK_CLI_EXIT_USAGE;

        case UM_ERROR_INVALID_CALL_ID:
        case UM_ERROR_INVALID_OBJECT_ID:
          /* Refused before sending: the command line was wrong. */
          if (um_error_get_server_code (error) == NULL && um_error_get_http_status (error) == 0)
            return HARK_CLI_EXIT_USAGE;
          return HARK_CLI_EXIT_REFUSED;

        case UM_ERROR_INVALID_REQUEST:
        case UM_ERROR_SCHEMA_VALIDATION:
        case UM_ERROR_DIALING_RULES:
        case UM_ERROR_NOT_UM_ENABLED:
        case UM_ERROR_NOT_SUPPORTED:
        case UM_ERROR_SERVER:
        default:
          return HARK_CLI_EXIT_REFUSED;
        }
    }

  if (error->domain == G_IO_ERROR || error->domain == G_TLS_ERROR ||
      error->domain == G_RESOLVER_ERROR)
    return HARK_CLI_EXIT_TRANSPORT;

  return HARK_CLI_EXIT_REFUSED;
}

static const char *
code_for_error (const GError *error)
{
  if (error->domain == UM_ERROR)
    return um_error_code_to_nick (error->code);
  if (error->domain == G_TLS_ERROR)
    return "tls";
  if (error->domain == G_RESOLVER_ERROR)
    return "resolver";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return "timeout";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (error->domain == G_IO_ERROR)
    return "connection";
  if (error->domain == SECRET_ERROR || error->domain == G_DBUS_ERROR)
    return "secret-service";
  return "error";
}

/* What to do about it, in a sentence. */
static const char *
hint_for_error (const GError *error)
{
  if (g_error_matches (error, UM_ERROR, UM_ERROR_AUTH_FAILED))
    return _("Check the user name and the password.");
  if (g_error_matches (error, UM_ERROR, UM_ERROR_INSECURE))
    return _("Use the server’s https:// address.");
  if (g_error_matches (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING))
    return _("Give a telephone number such as +1-425-555-0123.");
  if (g_error_matches (error, UM_ERROR, UM_ERROR_NOT_UM_ENABLED))
    return _("Ask your administrator to enable voice mail for your mailbox.");
  if (g_error_matches (error, UM_ERROR, UM_ERROR_SERVER_BUSY))
    return _("Try again in a few minutes.");
  if (error->domain == G_TLS_ERROR)
    return _("The server’s certificate is not trusted; to trust its authority, use --ca-file.");
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_IO_ERROR)
    return _("Check the server address and the network connection.");
  return NULL;
}

void
hark_cli_fail_with_code (HarkCli      *cli,
                const char   *code,
                const char   *server_code,
                const char   *message,
                const char   *hint,
                int           status)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "server_code");
      if (server_code != NULL)
        json_builder_add_string_value (builder, server_code);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }

  /* One line, always. */
  if (hint != NULL)
    g_printerr ("hark-cli: %s %s\n", message, hint);
  else
    g_printerr ("hark-cli: %s\n", message);

  cli->status = status;
  if (cli->loop != NULL)
    g_main_loop_quit (cli->loop);
}

void
hark_cli_fail (HarkCli      *cli,
      const GError *error)
{
  /* Interrupted: interrupt_cb has said so and set the status. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      g_cancellable_is_cancelled (cli->cancellable))
    return;

  hark_cli_fail_with_code (cli, code_for_error (error), um_error_get_server_code (error),
                           error->message, hint_for_error (error), status_for_error (error));
}

static void
fail_keyring (HarkCli      *cli,
              const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("The keyring cannot be used: %s"),
                                              error->message);

  hark_cli_fail_with_code (cli, "secret-service", NULL, message,
                  _("Give the password with --password-stdin, or unlock GNOME Keyring."),
                  HARK_CLI_EXIT_TRANSPORT);
}

void
hark_cli_fail_usage (HarkCli    *cli,
            const char *message)
{
  g_autofree char *hint = g_strdup (_("Try “hark-cli --help”."));

  hark_cli_fail_with_code (cli, "usage", NULL, message, hint, HARK_CLI_EXIT_USAGE);
}

static const char *
cause_in_words (UmCallCause cause)
{
  switch (cause)
    {
    case UM_CALL_CAUSE_USER_BUSY:
      return _("the line was busy");
    case UM_CALL_CAUSE_NO_ANSWER:
      return _("nobody answered");
    case UM_CALL_CAUSE_UNAVAILABLE:
      return _("the number is not available");
    case UM_CALL_CAUSE_OTHER:
      return _("the call failed");
    case UM_CALL_CAUSE_NONE:
    default:
      return NULL;
    }
}

static void
print_call_info (HarkCli          *cli,
                 const char       *call_id,
                 const UmCallInfo *info)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "call_id");
      json_builder_add_string_value (builder, call_id);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, um_call_state_to_wire (info->state));
      json_builder_set_member_name (builder, "cause");
      json_builder_add_string_value (builder, um_call_cause_to_wire (info->cause));
      if (info->has_sip_response)
        {
          json_builder_set_member_name (builder, "sip_response_code");
          json_builder_add_int_value (builder, info->sip_response_code);
        }
      if (info->sip_response_text != NULL)
        {
          json_builder_set_member_name (builder, "sip_response_text");
          json_builder_add_string_value (builder, info->sip_response_text);
        }
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      const char *words = cause_in_words (info->cause);

      if (words != NULL)
        printf ("%s: %s\n", um_call_state_to_wire (info->state), words);
      else
        printf ("%s\n", um_call_state_to_wire (info->state));
      fflush (stdout);
    }
}

/* One of switch_choices, checked with the command line */
static gboolean
parse_switch (const char *text)
{
  return g_strv_contains ((const char *const[]) { "on", "true", "yes", "1", NULL }, text);
}

/* Commands */

static void
is_um_enabled_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean enabled;

  if (!um_client_is_um_enabled_finish (UM_CLIENT (object), result, &enabled, &error))
    {
      hark_cli_fail (cli, error);
      return;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "um_enabled");
      json_builder_add_boolean_value (builder, enabled);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      printf ("%s\n", enabled ? _("Voice mail (Unified Messaging) is enabled for this mailbox.")
                              : _("Voice mail (Unified Messaging) is not enabled for this "
                                  "mailbox."));
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
run_is_um_enabled (HarkCli *cli)
{
  um_client_is_um_enabled_async (cli->client, cli->cancellable, is_um_enabled_cb, cli);
}

void
hark_cli_add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
get_properties_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(GError) error = NULL;

  properties = um_client_get_um_properties_finish (UM_CLIENT (object), result, &error);
  if (properties == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "oof_status");
      json_builder_add_boolean_value (builder, properties->oof_status);
      json_builder_set_member_name (builder, "missed_call_notification_enabled");
      json_builder_add_boolean_value (builder, properties->missed_call_notification_enabled);
      hark_cli_add_string_or_null (builder, "play_on_phone_dial_string",
                          properties->play_on_phone_dial_string);
      json_builder_set_member_name (builder, "telephone_access_numbers");
      if (properties->telephone_access_numbers != NULL)
        {
          json_builder_begin_array (builder);
          for (guint i = 0; properties->telephone_access_numbers[i] != NULL; i++)
            json_builder_add_string_value (builder, properties->telephone_access_numbers[i]);
          json_builder_end_array (builder);
        }
      else
        {
          json_builder_add_null_value (builder);
        }
      hark_cli_add_string_or_null (builder, "telephone_access_folder_email",
                          properties->telephone_access_folder_email);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      g_autofree char *numbers = properties->telephone_access_numbers != NULL
        ? g_strjoinv (", ", properties->telephone_access_numbers)
        : NULL;
      const char *none = _("(none)");

      printf (_("Out-of-office greeting: %s\n"), properties->oof_status ? _("on") : _("off"));
      printf (_("Missed-call notifications: %s\n"),
              properties->missed_call_notification_enabled ? _("on") : _("off"));
      printf (_("Play-on-phone number: %s\n"),
              properties->play_on_phone_dial_string ? properties->play_on_phone_dial_string
                                                    : none);
      printf (_("Telephone access numbers: %s\n"), numbers != NULL ? numbers : none);
      printf (_("Folder read over the phone: %s\n"),
              properties->telephone_access_folder_email
              ? properties->telephone_access_folder_email : none);
    }
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
run_get_properties (HarkCli *cli)
{
  um_client_get_um_properties_async (cli->client, cli->cancellable, get_properties_cb, cli);
}

/* The finish functions of the operations that answer nothing */
typedef gboolean (*FinishFunc) (UmClient      *client,
                                GAsyncResult  *result,
                                GError       **error);

typedef struct {
  HarkCli    *cli;
  FinishFunc  finish;
  char       *human;
} OkData;

static void
ok_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  OkData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (data->finish (UM_CLIENT (object), result, &error))
    {
      hark_cli_print_ok (data->cli, data->human);
      hark_cli_finish (data->cli, HARK_CLI_EXIT_OK);
    }
  else
    {
      hark_cli_fail (data->cli, error);
    }

  g_free (data->human);
  g_free (data);
}

static OkData *
ok_data_new (HarkCli    *cli,
             FinishFunc  finish_func,
             const char *human)
{
  OkData *data = g_new0 (OkData, 1);

  data->cli = cli;
  data->finish = finish_func;
  data->human = g_strdup (human);
  return data;
}

static void
run_set_oof_status (HarkCli *cli)
{
  gboolean value = parse_switch (cli->args[1]);

  um_client_set_oof_status_async (cli->client, value, cli->cancellable, ok_cb,
                                  ok_data_new (cli, um_client_set_oof_status_finish,
                                               value ? _("The out-of-office greeting is on.")
                                                     : _("The out-of-office greeting is off.")));
}

static void
run_set_missed_call_notification (HarkCli *cli)
{
  gboolean value = parse_switch (cli->args[1]);

  um_client_set_missed_call_notification_enabled_async (
    cli->client, value, cli->cancellable, ok_cb,
    ok_data_new (cli, um_client_set_missed_call_notification_enabled_finish,
                 value ? _("Missed-call notifications are on.")
                       : _("Missed-call notifications are off.")));
}

static void
run_set_dial_string (HarkCli *cli)
{
  g_autofree char *human = g_strdup_printf (_("The play-on-phone number is now %s."),
                                            cli->args[1]);

  um_client_set_play_on_phone_dial_string_async (
    cli->client, cli->args[1], cli->cancellable, ok_cb,
    ok_data_new (cli, um_client_set_play_on_phone_dial_string_finish, human));
}

static void
run_set_telephone_access_folder (HarkCli *cli)
{
  um_client_set_telephone_access_folder_email_async (
    cli->client, cli->args[1], cli->cancellable, ok_cb,
    ok_data_new (cli, um_client_set_telephone_access_folder_email_finish,
                 _("The folder read over the phone is set.")));
}

static void
run_reset_pin (HarkCli *cli)
{
  um_client_reset_pin_async (cli->client, cli->cancellable, ok_cb,
                             ok_data_new (cli, um_client_reset_pin_finish,
                                          _("A new voice-mail PIN was made; the server sends it "
                                            "to you by e-mail.")));
}

static void
run_disconnect (HarkCli *cli)
{
  um_client_disconnect_call_async (cli->client,
                                   cli->legacy ? UM_CALL_KIND_LEGACY : UM_CALL_KIND_EWS,
                                   cli->args[1], cli->cancellable, ok_cb,
                                   ok_data_new (cli, um_client_disconnect_call_finish,
                                                _("The call is disconnected.")));
}

static void
call_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = um_client_get_call_finish (UM_CLIENT (object), result, &error);
  if (info == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  print_call_info (cli, cli->args[1], info);
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
run_call_info (HarkCli *cli)
{
  um_client_get_call_async (cli->client, cli->legacy ? UM_CALL_KIND_LEGACY : UM_CALL_KIND_EWS,
                            cli->args[1], cli->cancellable, call_info_cb, cli);
}

/* play-on-phone and play-greeting */

static void
monitor_state_cb (UmCallMonitor *monitor,
                  GParamSpec    *pspec,
                  HarkCli       *cli)
{
  print_call_info (cli, cli->call_id, um_call_monitor_get_info (monitor));
}

static void
monitor_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(UmCallInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = um_call_monitor_run_finish (UM_CALL_MONITOR (object), result, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hark_cli_fail (cli, error);
      return;
    }

  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
call_placed (HarkCli    *cli,
             const char *call_id)
{
  cli->call_id = g_strdup (call_id);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "call_id");
      json_builder_add_string_value (builder, call_id);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      printf (_("Calling; the call id is %s\n"), call_id);
      fflush (stdout);
    }

  if (!cli->wait)
    {
      hark_cli_finish (cli, HARK_CLI_EXIT_OK);
      return;
    }

  cli->monitor = um_call_monitor_new (cli->client, cli->kind, call_id);
  g_signal_connect (cli->monitor, "notify::state", G_CALLBACK (monitor_state_cb), cli);
  um_call_monitor_run_async (cli->monitor, cli->cancellable, monitor_done_cb, cli);
}

static void
play_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;

  if (g_str_equal (cli->command->name, "play-greeting"))
    call_id = um_client_play_on_phone_greeting_finish (UM_CLIENT (object), result, &error);
  else if (cli->kind == UM_CALL_KIND_LEGACY)
    call_id = um_client_play_on_phone_finish (UM_CLIENT (object), result, &error);
  else
    call_id = um_client_play_on_phone2_finish (UM_CLIENT (object), result, &error);

  if (call_id == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  call_placed (cli, call_id);
}

static void
place_call (HarkCli    *cli,
            const char *dial_string)
{
  if (g_str_equal (cli->command->name, "play-greeting"))
    {
      UmGreetingType greeting = g_str_equal (cli->args[1], "oof") ? UM_GREETING_TYPE_OOF_CUSTOM
                                                                  : UM_GREETING_TYPE_NORMAL_CUSTOM;

      cli->kind = UM_CALL_KIND_LEGACY;
      um_client_play_on_phone_greeting_async (cli->client, greeting, dial_string,
                                              cli->cancellable, play_cb, cli);
    }
  else if (cli->legacy)
    {
      cli->kind = UM_CALL_KIND_LEGACY;
      um_client_play_on_phone_async (cli->client, cli->args[1], dial_string, cli->cancellable,
                                     play_cb, cli);
    }
  else
    {
      cli->kind = UM_CALL_KIND_EWS;
      um_client_play_on_phone2_async (cli->client, cli->args[1], dial_string, cli->cancellable,
                                      play_cb, cli);
    }
}

static void
default_number_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(UmProperties) properties = NULL;
  g_autoptr(GError) error = NULL;

  properties = um_client_get_um_properties_finish (UM_CLIENT (object), result, &error);
  if (properties == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  if (properties->play_on_phone_dial_string == NULL)
    {
      hark_cli_fail_usage (cli, _("No number to call: give --dial NUMBER, or set a default with "
                         "set-play-on-phone-dial-string"));
      return;
    }

  place_call (cli, properties->play_on_phone_dial_string);
}

static void
run_play (HarkCli *cli)
{
  /* Without --dial, the user's PlayOnPhoneDialString. */
  if (cli->dial == NULL)
    um_client_get_um_properties_async (cli->client, cli->cancellable, default_number_cb, cli);
  else
    place_call (cli, cli->dial);
}

/* Passwords */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!hark_secrets_store_finish (HARK_SECRETS (object), result, &error))
    {
      fail_keyring (cli, error);
      return;
    }

  hark_cli_print_ok (cli, _("The password is stored in the keyring."));
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean enabled;

  /* Only a password the server accepts is kept. */
  if (!um_client_is_um_enabled_finish (UM_CLIENT (object), result, &enabled, &error))
    {
      hark_cli_fail (cli, error);
      return;
    }

  hark_secrets_store_async (cli->secrets, cli->secret_key, cli->user, cli->password,
                            cli->cancellable, store_cb, cli);
}

static void
run_store_password (HarkCli *cli)
{
  um_client_is_um_enabled_async (cli->client, cli->cancellable, verify_cb, cli);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = hark_secrets_clear_finish (HARK_SECRETS (object), result, &error);
  if (error != NULL)
    {
      fail_keyring (cli, error);
      return;
    }

  hark_cli_print_ok (cli, removed ? _("The password is removed from the keyring.")
                         : _("No password was stored."));
  hark_cli_finish (cli, HARK_CLI_EXIT_OK);
}

static void
run_forget_password (HarkCli *cli)
{
  hark_secrets_clear_async (cli->secrets, cli->secret_key, cli->user, cli->cancellable,
                            clear_cb, cli);
}

static const char *const switch_choices[] = { "on", "off", "true", "false", "yes", "no", "1",
                                              "0", NULL };
static const char *const greeting_choices[] = { "normal", "oof", NULL };

static const Command commands[] = {
  { "is-um-enabled", "", 0, 0, 0, NULL, run_is_um_enabled },
  { "get-properties", "", 0, 0, 0, NULL, run_get_properties },
  { "set-oof-status", "on|off", 1, 1, 0, switch_choices, run_set_oof_status },
  { "set-missed-call-notification", "on|off", 1, 1, 0, switch_choices,
    run_set_missed_call_notification },
  { "set-play-on-phone-dial-string", "NUMBER", 1, 1, 0, NULL, run_set_dial_string },
  { "set-telephone-access-folder", "BASE64", 1, 1, 0, NULL, run_set_telephone_access_folder },
  { "reset-pin", "", 0, 0, 0, NULL, run_reset_pin },
  { "play-on-phone", "ITEM-ID [--dial NUMBER] [--legacy] [--wait]", 1, 1,
    OPTION_DIAL | OPTION_LEGACY | OPTION_WAIT, NULL, run_play },
  { "play-greeting", "normal|oof [--dial NUMBER] [--wait]", 1, 1, OPTION_DIAL | OPTION_WAIT,
    greeting_choices, run_play },
  { "call-info", "CALL-ID [--legacy]", 1, 1, OPTION_LEGACY, NULL, run_call_info },
  { "disconnect", "CALL-ID [--legacy]", 1, 1, OPTION_LEGACY, NULL, run_disconnect },
  { "store-password", "(with --password-stdin)", 0, 0, 0, NULL, run_store_password },
  { "forget-password", "", 0, 0, 0, NULL, run_forget_password },
  { "list", "[--folder new|heard|work|family|friends|deleted] [--unread] [--limit N]", 0, 0,
    OPTION_LIST | OPTION_OFFLINE | OPTION_FULL, NULL, hark_cli_run_list },
  { "show", "ID", 1, 1, OPTION_OFFLINE, NULL, hark_cli_run_show },
  { "fetch", "ID [-o FILE]", 1, 1, OPTION_OUTPUT | OPTION_OFFLINE, NULL, hark_cli_run_fetch },
  { "mark", "ID heard|unheard", 2, 2, OPTION_OFFLINE, NULL, hark_cli_run_mark },
  { "move", "ID new|work|family|friends", 2, 2, OPTION_OFFLINE, NULL, hark_cli_run_move },
  { "delete", "ID", 1, 1, OPTION_OFFLINE, NULL, hark_cli_run_delete },
  { "undelete", "ID", 1, 1, OPTION_OFFLINE, NULL, hark_cli_run_undelete },
  { "counts", "", 0, 0, OPTION_OFFLINE, NULL, hark_cli_run_counts },
  { "sync", "[--full]", 0, 0, OPTION_FULL, NULL, hark_cli_run_sync },
  { "watch", "", 0, 0, 0, NULL, hark_cli_run_watch },
  { "autodiscover", "EMAIL [--follow-redirects]", 1, 1, 0, NULL, NULL },
};

/* Setting up */

static gboolean
authenticate_cb (UmClient *client,
                 SoupAuth *auth,
                 gboolean  retrying,
                 HarkCli  *cli)
{
  /* A refused password is not sent again: the command fails instead. */
  if (retrying || cli->password == NULL)
    return FALSE;

  soup_auth_authenticate (auth, cli->user, cli->password);
  return TRUE;
}

static void
quit_cb (gpointer user_data)
{
  HarkCli *cli = user_data;

  g_main_loop_quit (cli->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  HarkCli *cli = user_data;

  cli->interrupt_source = 0;

  /* Ctrl+C during --wait hangs up the call it placed. */
  g_cancellable_cancel (cli->cancellable);
  if (cli->call_id != NULL && cli->client != NULL)
    um_client_disconnect_call_async (cli->client, cli->kind, cli->call_id, NULL, NULL, NULL);
  g_printerr ("hark-cli: %s\n", _("Interrupted"));
  cli->status = 130;
  /* Time for the hang-up to go out */
  g_timeout_add_once (500, quit_cb, cli);
  return G_SOURCE_REMOVE;
}

static char *
read_password (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  g_autofree char *line = NULL;
  gsize length;

  line = g_data_input_stream_read_line_utf8 (data, &length, NULL, error);
  if (line == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("No password on standard input"));
      return NULL;
    }

  if (length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';
  if (line[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The password on standard input is empty"));
      return NULL;
    }

  /* Freed with secret_password_free(), which wipes it first. */
  return g_steal_pointer (&line);
}

static gboolean setup_connection (HarkCli *cli);

static gboolean
setup_client (HarkCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (cli->demo && g_str_equal (cli->command->name, "autodiscover"))
    {
      hark_cli_fail_usage (cli, _("The demo mailbox needs no Autodiscover"));
      return FALSE;
    }

  if (cli->demo)
    {
      g_autofree char *password = g_uuid_string_random ();
      UmServerPhone *phone;

      /* The reference server in this process, with the demo mailbox. */
      cli->demo_server = um_server_new ();
      um_server_add_demo_account (cli->demo_server, "demo", password);
      phone = um_server_get_phone (cli->demo_server);
      um_server_phone_set_ring_time (phone, 1.5);
      um_server_phone_set_play_time (phone, 4.0);
      if (!um_server_listen (cli->demo_server, 0, &error))
        {
          hark_cli_fail (cli, error);
          return FALSE;
        }

      g_free (cli->user);
      cli->user = g_strdup ("demo");
      cli->password = g_steal_pointer (&password);
      cli->client = um_client_new_for_server (um_server_get_url (cli->demo_server));
    }
  else
    {
      if (cli->server == NULL && cli->um_url == NULL && cli->ews_url == NULL)
        cli->server = g_strdup (g_getenv ("HARK_SERVER"));

      if (cli->server != NULL && (cli->um_url != NULL || cli->ews_url != NULL))
        {
          hark_cli_fail_usage (cli, _("Give --server, or --um-url and --ews-url, not both"));
          return FALSE;
        }
      if (g_str_equal (cli->command->name, "autodiscover"))
        {
          g_free (cli->email);
          cli->email = g_strdup (cli->args[1]);
          cli->discover = TRUE;
        }
      else if (cli->server == NULL && cli->um_url == NULL && cli->ews_url == NULL &&
               cli->email != NULL)
        {
          /* The server comes from the address: Autodiscover once the
           * password is known. */
          cli->discover = TRUE;
        }
      else if (cli->server == NULL && cli->um_url == NULL && cli->ews_url == NULL)
        {
          hark_cli_fail_usage (cli, _("No server: give --server URL (or HARK_SERVER), "
                                      "--email ADDRESS, or --demo"));
          return FALSE;
        }

      if (cli->user == NULL)
        cli->user = g_strdup (g_getenv ("HARK_USER"));
      if (cli->user == NULL && cli->email != NULL)
        cli->user = g_strdup (cli->email);
      if (cli->user == NULL || cli->user[0] == '\0')
        {
          hark_cli_fail_usage (cli, _("No user: give --user NAME (or HARK_USER)"));
          return FALSE;
        }

      if (cli->discover)
        {
          /* The keyring keeps the password by address, then. */
          cli->secret_key = g_strdup (cli->email);
          return TRUE;
        }

      if (cli->server != NULL)
        cli->client = um_client_new_for_server (cli->server);
      else
        cli->client = um_client_new (cli->um_url, cli->ews_url);

      cli->secret_key = g_strdup (cli->server != NULL ? cli->server
                                  : cli->um_url != NULL ? cli->um_url
                                  : cli->ews_url);
    }

  return setup_connection (cli);
}

/* A proxy from https_proxy, http_proxy and no_proxy, as other command-line
 * tools take it; none otherwise (the desktop's settings are for the app). */
static GProxyResolver *
proxy_from_environment (void)
{
  const char *proxy = g_getenv ("https_proxy");
  const char *no_proxy = g_getenv ("no_proxy");
  g_auto(GStrv) ignore = NULL;

  if (proxy == NULL || proxy[0] == '\0')
    proxy = g_getenv ("HTTPS_PROXY");
  if (proxy == NULL || proxy[0] == '\0')
    proxy = g_getenv ("http_proxy");
  if (proxy == NULL || proxy[0] == '\0')
    return NULL;

  ignore = no_proxy != NULL ? g_strsplit (no_proxy, ",", -1) : g_new0 (char *, 1);
  for (guint i = 0; ignore[i] != NULL; i++)
    g_strstrip (ignore[i]);
  return g_simple_proxy_resolver_new (proxy, ignore);
}

static gboolean
setup_connection (HarkCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GProxyResolver) proxy = proxy_from_environment ();

  if (proxy != NULL && !cli->demo)
    soup_session_set_proxy_resolver (um_client_get_session (cli->client), proxy);

  if (cli->ca_file != NULL && !um_client_set_ca_file (cli->client, cli->ca_file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the CA file: %s"),
                                                  error->message);

      hark_cli_fail_usage (cli, message);
      return FALSE;
    }

  g_signal_connect (cli->client, "authenticate", G_CALLBACK (authenticate_cb), cli);
  return TRUE;
}

static void
print_discovered (HarkCli              *cli,
                  UmAutodiscoverResult *result)
{
  GPtrArray *tried = um_autodiscover_get_tried (cli->autodiscover);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      hark_cli_add_string_or_null (builder, "email", result->email);
      hark_cli_add_string_or_null (builder, "display_name", result->display_name);
      hark_cli_add_string_or_null (builder, "ews_url", result->ews_url);
      hark_cli_add_string_or_null (builder, "um_url", result->um_url);
      hark_cli_add_string_or_null (builder, "found_at", result->found_at);
      json_builder_set_member_name (builder, "exchange2007");
      json_builder_add_boolean_value (builder, result->exchange2007);
      json_builder_set_member_name (builder, "tried");
      json_builder_begin_array (builder);
      for (guint i = 0; i < tried->len; i++)
        json_builder_add_string_value (builder, tried->pdata[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      hark_cli_print_json (builder);
    }
  else
    {
      printf ("%s: %s\n", _("Mailbox"), result->email);
      if (result->display_name != NULL)
        printf ("%s: %s\n", _("Name"), result->display_name);
      printf ("EWS: %s\n", result->ews_url != NULL ? result->ews_url : _("(none)"));
      printf ("UM: %s\n", result->um_url != NULL ? result->um_url : _("(none)"));
      printf ("%s: %s\n", _("Found at"), result->found_at);
    }
}

static gboolean
discover_authenticate_cb (UmAutodiscover *autodiscover,
                          SoupAuth       *auth,
                          gboolean        retrying,
                          HarkCli        *cli)
{
  if (retrying || cli->password == NULL)
    return FALSE;
  soup_auth_authenticate (auth, cli->user, cli->password);
  return TRUE;
}

static gboolean
confirm_redirect_cb (UmAutodiscover *autodiscover,
                     const char     *url,
                     HarkCli        *cli)
{
  if (cli->follow_redirects)
    {
      g_printerr ("hark-cli: %s %s\n", _("Autodiscover: following the redirection to"), url);
      return TRUE;
    }
  /* Said with the error, if nothing else is found. */
  g_free (cli->refused_redirect);
  cli->refused_redirect = g_strdup (url);
  return FALSE;
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(UmAutodiscoverResult) found = NULL;
  g_autoptr(GError) error = NULL;

  found = um_autodiscover_run_finish (UM_AUTODISCOVER (object), result, &error);
  if (found == NULL && cli->refused_redirect != NULL &&
      g_error_matches (error, UM_ERROR, UM_ERROR_AUTODISCOVER))
    {
      g_autofree char *hint = g_strdup_printf (_("It points to %s: if you trust that server, "
                                                 "give --follow-redirects."),
                                               cli->refused_redirect);

      hark_cli_fail_with_code (cli, "autodiscover", NULL, error->message, hint,
                               HARK_CLI_EXIT_REFUSED);
      return;
    }
  if (found == NULL)
    {
      hark_cli_fail (cli, error);
      return;
    }

  if (g_str_equal (cli->command->name, "autodiscover"))
    {
      print_discovered (cli, found);
      hark_cli_finish (cli, HARK_CLI_EXIT_OK);
      return;
    }

  cli->client = um_client_new (found->um_url, found->ews_url);
  g_free (cli->email);
  cli->email = g_strdup (found->email);
  if (!setup_connection (cli))
    return;
  cli->command->run (cli);
}

/* Runs the command, after Autodiscover when only an address was given. */
static void
run_command (HarkCli *cli)
{
  g_autoptr(GProxyResolver) proxy = NULL;
  g_autoptr(GError) error = NULL;

  if (!cli->discover || g_str_equal (cli->command->name, "forget-password") ||
      g_str_equal (cli->command->name, "store-password"))
    {
      cli->command->run (cli);
      return;
    }

  cli->autodiscover = um_autodiscover_new ();
  if (cli->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cli->ca_file, &error);

      if (database == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Cannot read the CA file: %s"),
                                                      error->message);

          hark_cli_fail_usage (cli, message);
          return;
        }
      um_autodiscover_set_tls_database (cli->autodiscover, database);
    }
  proxy = proxy_from_environment ();
  if (proxy != NULL)
    um_autodiscover_set_proxy_resolver (cli->autodiscover, proxy);
  g_signal_connect (cli->autodiscover, "authenticate", G_CALLBACK (discover_authenticate_cb),
                    cli);
  g_signal_connect (cli->autodiscover, "confirm-redirect", G_CALLBACK (confirm_redirect_cb),
                    cli);
  um_autodiscover_run_async (cli->autodiscover, cli->email, cli->cancellable, discovered_cb, cli);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  cli->password = hark_secrets_lookup_finish (HARK_SECRETS (object), result, &error);
  if (error != NULL)
    {
      fail_keyring (cli, error);
      return;
    }

  if (cli->password == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("No password for %s on %s: give it with --password-stdin, or keep it "
                           "in the keyring with store-password"),
                         cli->user, cli->secret_key);

      hark_cli_fail_with_code (cli, "auth-failed", NULL, message, NULL, HARK_CLI_EXIT_TRANSPORT);
      return;
    }

  run_command (cli);
}

static gboolean
start_cb (gpointer user_data)
{
  HarkCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean needs_password = !g_str_equal (cli->command->name, "forget-password");

  if (!setup_client (cli))
    return G_SOURCE_REMOVE;

  cli->secrets = hark_secrets_new ();

  if (cli->password_stdin && cli->password == NULL)
    {
      cli->password = read_password (&error);
      if (cli->password == NULL)
        {
          hark_cli_fail_usage (cli, error->message);
          return G_SOURCE_REMOVE;
        }
    }

  if (g_str_equal (cli->command->name, "store-password") && !cli->password_stdin)
    {
      hark_cli_fail_usage (cli, _("store-password reads the password with --password-stdin"));
      return G_SOURCE_REMOVE;
    }
  if (cli->demo && (g_str_equal (cli->command->name, "store-password") ||
                    g_str_equal (cli->command->name, "forget-password")))
    {
      hark_cli_fail_usage (cli, _("The demo mailbox needs no password"));
      return G_SOURCE_REMOVE;
    }

  if (needs_password && cli->password == NULL)
    hark_secrets_lookup_async (cli->secrets, cli->secret_key, cli->user, cli->cancellable,
                               lookup_cb, cli);
  else
    run_command (cli);

  return G_SOURCE_REMOVE;
}

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %s %s", commands[i].name, commands[i].synopsis);

  g_string_append (text, "\n\n");
  g_string_append (text, _("The password comes from standard input (--password-stdin) or from "
                           "the keyring, never from the command line.\n"
                           "--json prints one JSON object per line.\n\n"
                           "Exit status: 0 done, 1 the server refused, 2 wrong usage, "
                           "3 network, TLS or authentication failure."));
  return g_string_free (text, FALSE);
}

int
hark_cli_run (int    argc,
              char **argv)
{
  g_autoptr(HarkCli) cli = g_new0 (HarkCli, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  guint n_args;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &cli->server,
      N_("The Exchange server, e.g. https://mail.example.com (or HARK_SERVER)"), N_("URL") },
    { "um-url", 0, 0, G_OPTION_ARG_STRING, &cli->um_url,
      N_("The UM web service (…/EWS/UM2007Legacy.asmx)"), N_("URL") },
    { "ews-url", 0, 0, G_OPTION_ARG_STRING, &cli->ews_url,
      N_("The EWS endpoint (…/EWS/Exchange.asmx)"), N_("URL") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &cli->demo,
      N_("Use the demo mailbox of a reference server started in this process"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &cli->user,
      N_("The user name, DOMAIN\\user or user@example.com (or HARK_USER)"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &cli->password_stdin,
      N_("Read the password from standard input"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &cli->ca_file,
      N_("Trust the certificate authorities in this PEM file"), N_("PEM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print JSON, one object per line"), NULL },
    { "dial", 0, 0, G_OPTION_ARG_STRING, &cli->dial,
      N_("The number to call (default: your play-on-phone number)"), N_("NUMBER") },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &cli->legacy,
      N_("Use the legacy call operations (ITEM-ID is a base64 EntryID)"), NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &cli->wait,
      N_("Follow the call and print each state until it ends"), NULL },
    { "email", 0, 0, G_OPTION_ARG_STRING, &cli->email,
      N_("The mailbox’s e-mail address (the user name, unless --user)"), N_("ADDRESS") },
    { "folder", 0, 0, G_OPTION_ARG_STRING, &cli->folder,
      N_("list: only this folder (new, heard, work, family, friends, deleted)"), N_("FOLDER") },
    { "unread", 0, 0, G_OPTION_ARG_NONE, &cli->unread,
      N_("list: only the voice mails not heard yet"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &cli->limit, N_("list: at most N voice mails"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli->output,
      N_("fetch: write the audio to FILE (FILE-2… for further parts)"), N_("FILE") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &cli->full,
      N_("sync, list: list every voice mail again, as the first time"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &cli->offline,
      N_("Use the local store only; actions wait for the next run that reaches the server"),
      NULL },
    { "follow-redirects", 0, 0, G_OPTION_ARG_NONE, &cli->follow_redirects,
      N_("Autodiscover: follow redirections to other servers (and send them the password)"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli->version, N_("Print the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli->args, NULL,
      N_("COMMAND [ARGUMENTS]") },
    { NULL }
  };

  cli->status = HARK_CLI_EXIT_OK;
  cli->limit = -1;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Voice mail in Exchange Unified Messaging, from a "
                                           "terminal."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      /* GOption forgets what it parsed when it fails: errors in JSON still. */
      cli->json = g_strv_contains ((const char *const *)argv, "--json");
      hark_cli_fail_usage (cli, error->message);
      return cli->status;
    }

  if (cli->version)
    {
      printf ("hark-cli %s\n", PACKAGE_VERSION);
      return HARK_CLI_EXIT_OK;
    }

  if (cli->args == NULL || cli->args[0] == NULL)
    {
      hark_cli_fail_usage (cli, _("No command"));
      return cli->status;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, cli->args[0]))
        cli->command = &commands[i];
    }
  if (cli->command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a command"), cli->args[0]);

      hark_cli_fail_usage (cli, message);
      return cli->status;
    }

  /* Everything about the command line is checked before anything is sent. */
  n_args = g_strv_length (cli->args) - 1;
  if (n_args < cli->command->min_args || n_args > cli->command->max_args ||
      (cli->command->choices != NULL && !g_strv_contains (cli->command->choices, cli->args[1])) ||
      (cli->dial != NULL && !(cli->command->options & OPTION_DIAL)) ||
      (cli->legacy && !(cli->command->options & OPTION_LEGACY)) ||
      (cli->wait && !(cli->command->options & OPTION_WAIT)) ||
      ((cli->folder != NULL || cli->unread || cli->limit != -1) &&
       !(cli->command->options & OPTION_LIST)) ||
      cli->limit < -1 ||
      (cli->output != NULL && !(cli->command->options & OPTION_OUTPUT)) ||
      (cli->full && !(cli->command->options & OPTION_FULL)) ||
      (cli->offline && !(cli->command->options & OPTION_OFFLINE)))
    {
      g_autofree char *message = NULL;

      if (cli->command->synopsis[0] != '\0')
        message = g_strdup_printf (_("Usage: hark-cli %s %s"), cli->command->name,
                                   cli->command->synopsis);
      else
        message = g_strdup_printf (_("Usage: hark-cli %s"), cli->command->name);
      hark_cli_fail_usage (cli, message);
      return cli->status;
    }

  cli->loop = g_main_loop_new (NULL, FALSE);
  cli->cancellable = g_cancellable_new ();
  cli->interrupt_source = g_unix_signal_add (SIGINT, interrupt_cb, cli);
  g_idle_add (start_cb, cli);
  g_main_loop_run (cli->loop);

  return cli->status;
}
