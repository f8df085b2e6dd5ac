/* test-cli.c: hark-cli, run as a program against the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "cli-test.h"

static void
test_demo_get_properties (void)
{
  g_autoptr(Run) run = RUN (NULL, NULL, "--demo", "get-properties", "--json");
  g_autoptr(JsonObject) object = NULL;
  JsonArray *numbers;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (run->lines->len, ==, 1);
  object = parse_line (run, 0);
  assert_members (object, (const char *const[]) {
    "oof_status", "missed_call_notification_enabled", "play_on_phone_dial_string",
    "telephone_access_numbers", "telephone_access_folder_email", NULL });
  g_assert_false (json_object_get_boolean_member (object, "oof_status"));
  g_assert_true (json_object_get_boolean_member (object, "missed_call_notification_enabled"));
  g_assert_cmpstr (json_object_get_string_member (object, "play_on_phone_dial_string"), ==,
                   "+1-425-555-0123");
  numbers = json_object_get_array_member (object, "telephone_access_numbers");
  g_assert_cmpuint (json_array_get_length (numbers), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (numbers, 0), ==, "+1-425-555-0199");
  g_assert_nonnull (json_object_get_string_member (object, "telephone_access_folder_email"));
  g_assert_cmpstr (run->err, ==, "");
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Run) enabled = NULL;
  g_autoptr(Run) oof_on = NULL;
  g_autoptr(Run) missed_off = NULL;
  g_autoptr(Run) dial = NULL;
  g_autoptr(Run) folder = NULL;
  g_autoptr(Run) pin = NULL;
  g_autoptr(Run) properties = NULL;
  g_autoptr(JsonObject) object = NULL;

  enabled = RUN (f, PASSWORD, "--password-stdin", "--json", "is-um-enabled");
  g_assert_cmpint (enabled->status, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (enabled->lines, 0), ==, "{\"um_enabled\":true}");

  oof_on = RUN (f, PASSWORD, "--password-stdin", "--json", "set-oof-status", "on");
  assert_ok (oof_on);
  g_assert_true (um_server_account_get_oof_status (f->account));

  missed_off = RUN (f, PASSWORD, "--password-stdin", "--json", "set-missed-call-notification",
                    "off");
  assert_ok (missed_off);
  g_assert_false (um_server_account_get_missed_call_notification_enabled (f->account));

  dial = RUN (f, PASSWORD, "--password-stdin", "--json", "set-play-on-phone-dial-string",
              "tel:+1-206-555-0142");
  assert_ok (dial);
  g_assert_cmpstr (um_server_account_get_play_on_phone_dial_string (f->account), ==,
                   "tel:+1-206-555-0142");

  folder = RUN (f, PASSWORD, "--password-stdin", "--json", "set-telephone-access-folder",
                "AAAAAEhhcmsgZm9sZGVy");
  assert_ok (folder);
  g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==,
                   "AAAAAEhhcmsgZm9sZGVy");

  pin = RUN (f, PASSWORD, "--password-stdin", "--json", "reset-pin");
  assert_ok (pin);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 1);

  /* Absent values are null. */
  um_server_account_set_telephone_access_numbers (f->account, NULL);
  um_server_account_set_play_on_phone_dial_string (f->account, NULL);
  properties = RUN (f, PASSWORD, "--password-stdin", "--json", "get-properties");
  g_assert_cmpint (properties->status, ==, 0);
  object = parse_line (properties, 0);
  g_assert_true (json_object_get_boolean_member (object, "oof_status"));
  g_assert_false (json_object_get_boolean_member (object, "missed_call_notification_enabled"));
  g_assert_true (json_object_get_null_member (object, "play_on_phone_dial_string"));
  g_assert_true (json_object_get_null_member (object, "telephone_access_numbers"));
  g_assert_cmpstr (json_object_get_string_member (object, "telephone_access_folder_email"), ==,
                   "AAAAAEhhcmsgZm9sZGVy");
}

static void
test_calls (Fixture       *f,
            gconstpointer  data)
{
  const UmServerMessage *item = hark_test_first_voicemail (f->account);
  g_autoptr(Run) ews = NULL;
  g_autoptr(Run) legacy = NULL;
  g_autoptr(Run) info = NULL;
  g_autoptr(Run) legacy_info = NULL;
  g_autoptr(Run) hang_up = NULL;
  g_autoptr(Run) gone = NULL;
  g_autoptr(JsonObject) placed = NULL;
  g_autoptr(JsonObject) state = NULL;
  const char *call_id;

  um_server_phone_set_play_time (um_server_get_phone (f->server), 3600);

  /* PlayOnPhone2 by default; the user's own number without --dial */
  ews = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", item->id);
  g_assert_cmpint (ews->status, ==, 0);
  placed = parse_line (ews, 0);
  assert_members (placed, (const char *const[]) { "call_id", NULL });
  call_id = json_object_get_string_member (placed, "call_id");

  info = RUN (f, PASSWORD, "--password-stdin", "--json", "call-info", call_id);
  g_assert_cmpint (info->status, ==, 0);
  state = parse_line (info, 0);
  assert_members (state, (const char *const[]) { "call_id", "state", "cause", NULL });
  g_assert_cmpstr (json_object_get_string_member (state, "call_id"), ==, call_id);
  g_assert_cmpstr (json_object_get_string_member (state, "cause"), ==, "None");

  /* The legacy operations do not know an EWS call. */
  legacy_info = RUN (f, PASSWORD, "--password-stdin", "--json", "call-info", "--legacy", call_id);
  assert_error (legacy_info, 1, "invalid-call-id", "InvalidCallIdException");

  hang_up = RUN (f, PASSWORD, "--password-stdin", "--json", "disconnect", call_id);
  assert_ok (hang_up);

  /* --legacy takes the base64 EntryID */
  legacy = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", "--legacy",
                "--dial", "12345", item->entry_id);
  g_assert_cmpint (legacy->status, ==, 0);

  gone = RUN (f, PASSWORD, "--password-stdin", "--json", "call-info", "Tm8gc3VjaCBjYWxs");
  assert_error (gone, 1, "invalid-call-id", "ErrorInvalidPhoneCallId");
}

static void
test_wait (Fixture       *f,
           gconstpointer  data)
{
  const UmServerMessage *item = hark_test_first_voicemail (f->account);
  g_autoptr(Run) answered = NULL;
  g_autoptr(Run) busy = NULL;
  g_autoptr(Run) greeting = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) connected = NULL;
  g_autoptr(JsonObject) last = NULL;

  /* Long enough Connected for the CLI's polling (every second) to see it. */
  um_server_phone_set_play_time (um_server_get_phone (f->server), 1.5);
  um_server_phone_set_call_timeout (um_server_get_phone (f->server), 32);
  answered = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", "--wait",
                  "--dial", "+1-425-555-0123", item->id);
  g_assert_cmpint (answered->status, ==, 0);
  g_assert_cmpuint (answered->lines->len, ==, 3);
  first = parse_line (answered, 0);
  connected = parse_line (answered, 1);
  last = parse_line (answered, 2);
  g_assert_cmpstr (json_object_get_string_member (connected, "call_id"), ==,
                   json_object_get_string_member (first, "call_id"));
  g_assert_cmpstr (json_object_get_string_member (connected, "state"), ==, "Connected");
  g_assert_cmpstr (json_object_get_string_member (last, "state"), ==, "Disconnected");
  g_assert_cmpstr (json_object_get_string_member (last, "cause"), ==, "None");
  g_clear_pointer (&last, json_object_unref);

  busy = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", "--wait", "--legacy",
              "--dial", "+1-425-555-0100", item->entry_id);
  g_assert_cmpint (busy->status, ==, 0);
  g_assert_cmpuint (busy->lines->len, ==, 2);
  last = parse_line (busy, 1);
  g_assert_cmpstr (json_object_get_string_member (last, "state"), ==, "Disconnected");
  g_assert_cmpstr (json_object_get_string_member (last, "cause"), ==, "UserBusy");
  g_clear_pointer (&last, json_object_unref);

  greeting = RUN (f, PASSWORD, "--password-stdin", "play-greeting", "oof", "--wait", "--dial",
                  "+1-425-555-0101");
  g_assert_cmpint (greeting->status, ==, 0);
  g_assert_nonnull (strstr (greeting->out, "Disconnected: nobody answered"));
}

typedef struct {
  char        *call_id;
  UmCallState  state;
} LastCall;

static void
call_changed_cb (UmServerPhone *phone,
                 const char    *call_id,
                 UmCallState    state,
                 UmCallCause    cause,
                 LastCall      *last)
{
  g_free (last->call_id);
  last->call_id = g_strdup (call_id);
  last->state = state;
}

static void
test_interrupt (Fixture       *f,
                gconstpointer  data)
{
  const UmServerMessage *item = hark_test_first_voicemail (f->account);
  UmServerPhone *phone = um_server_get_phone (f->server);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  LastCall last = { NULL, UM_CALL_STATE_IDLE };

  /* A message that would play for an hour; Ctrl+C hangs up. */
  um_server_phone_set_play_time (phone, 3600);
  um_server_phone_set_call_timeout (phone, 32);
  g_signal_connect (phone, "call-changed", G_CALLBACK (call_changed_cb), &last);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HARK_SERVER", f->server_env, TRUE);
  g_subprocess_launcher_setenv (launcher, "HARK_USER", f->user_env, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("HARK_CLI"),
                                         "--password-stdin", "--json", "play-on-phone", "--wait",
                                         "--dial", "12345", item->id, NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), PASSWORD, strlen (PASSWORD),
                             NULL, NULL, &error);
  g_assert_no_error (error);

  while (last.state != UM_CALL_STATE_CONNECTED)
    g_main_context_iteration (NULL, TRUE);

  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, HARK_TEST_CB (&result));
  g_subprocess_communicate_utf8_finish (process, hark_test_wait_result (&result), &out, &err,
                                        &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_cmpstr (err, ==, "hark-cli: Interrupted\n");
  g_assert_cmpint (last.state, ==, UM_CALL_STATE_DISCONNECTED);
  g_free (last.call_id);
  g_signal_handlers_disconnect_by_data (phone, &last);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const cases[][6] = {
    { "--json", "frobnicate", NULL },
    { "--json", NULL },
    { "--json", "is-um-enabled", "extra", NULL },
    { "--json", "set-oof-status", "maybe", NULL },
    { "--json", "is-um-enabled", "--dial", "12345", NULL },
    { "--json", "reset-pin", "--wait", NULL },
    { "--json", "play-greeting", "holiday", NULL },
    { "--json", "--no-such-option", "reset-pin", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_cli_v (f, PASSWORD, cases[i]);

      assert_error (run, 2, "usage", NULL);
    }
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, 0);

  /* Refused before sending: still usage errors, with the UM code. */
  {
    g_autoptr(Run) dial = RUN (f, PASSWORD, "--password-stdin", "--json",
                               "set-play-on-phone-dial-string", "call me");
    g_autoptr(Run) id = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone",
                             "--dial", "12345", "not base64!");

    assert_error (dial, 2, "invalid-dial-string", NULL);
    assert_error (id, 2, "invalid-object-id", NULL);
  }

  /* No server, no user */
  {
    g_autoptr(Run) no_server = NULL;
    g_autoptr(Run) no_user = NULL;

    g_clear_pointer (&f->server_env, g_free);
    no_server = RUN (f, PASSWORD, "--password-stdin", "--json", "reset-pin");
    assert_error (no_server, 2, "usage", NULL);
    g_assert_nonnull (strstr (no_server->err, "--server"));

    f->server_env = g_strdup (um_server_get_url (f->server));
    g_clear_pointer (&f->user_env, g_free);
    no_user = RUN (f, PASSWORD, "--password-stdin", "--json", "reset-pin");
    assert_error (no_user, 2, "usage", NULL);
  }
  g_assert_cmpuint (um_server_get_request_count (f->server), ==, 0);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  const UmServerMessage *item = hark_test_first_voicemail (f->account);
  g_autoptr(Run) rules = NULL;
  g_autoptr(Run) object = NULL;
  g_autoptr(Run) not_um = NULL;
  g_autoptr(Run) no_number = NULL;

  rules = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", "--dial",
               "+1-900-555-0100", item->id);
  assert_error (rules, 1, "dialing-rules", "ErrorPhoneNumberNotDialable");

  object = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", "--legacy",
                "--dial", "12345", "AAAAAGsd2rbQLVtLobUG");
  assert_error (object, 1, "invalid-object-id", "InvalidObjectIdException");

  um_server_account_set_play_on_phone_dial_string (f->account, NULL);
  no_number = RUN (f, PASSWORD, "--password-stdin", "--json", "play-on-phone", item->id);
  assert_error (no_number, 2, "usage", NULL);
  g_assert_nonnull (strstr (no_number->err, "--dial"));

  um_server_account_set_um_enabled (f->account, FALSE);
  not_um = RUN (f, PASSWORD, "--password-stdin", "--json", "get-properties");
  assert_error (not_um, 1, "not-um-enabled", "UserNotUmEnabledException");
}

static void
test_transport_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Run) wrong = NULL;
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) insecure = NULL;
  g_autoptr(Run) empty = NULL;

  wrong = RUN (f, "wrong\n", "--password-stdin", "--json", "reset-pin");
  assert_error (wrong, 3, "auth-failed", NULL);
  g_assert_cmpuint (um_server_account_get_pin_resets (f->account), ==, 0);

  refused = RUN (f, PASSWORD, "--password-stdin", "--json", "--server", "http://127.0.0.1:1",
                 "reset-pin");
  g_assert_cmpint (refused->status, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (refused->lines, 0), "\"connection\""));

  insecure = RUN (f, PASSWORD, "--password-stdin", "--json", "--server", "http://mail.example.com",
                  "reset-pin");
  assert_error (insecure, 3, "insecure", NULL);

  empty = RUN (f, "\n", "--password-stdin", "--json", "reset-pin");
  assert_error (empty, 2, "usage", NULL);
}

static void
test_human_output (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Run) properties = RUN (f, PASSWORD, "--password-stdin", "get-properties");
  g_autoptr(Run) pin = RUN (f, PASSWORD, "--password-stdin", "reset-pin");
  g_autoptr(Run) help = RUN (f, NULL, "--help");
  g_autoptr(Run) version = RUN (f, NULL, "--version");

  g_assert_cmpint (properties->status, ==, 0);
  g_assert_nonnull (strstr (properties->out, "Play-on-phone number: +1-425-555-0123\n"));
  g_assert_nonnull (strstr (pin->out, "e-mail"));
  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "play-on-phone ITEM-ID"));
  g_assert_nonnull (strstr (help->out, "Exit status"));
  g_assert_true (g_str_has_prefix (version->out, "hark-cli "));

  /* The password is never echoed. */
  g_assert_null (strstr (properties->out, HARK_TEST_PASSWORD));
  g_assert_null (strstr (properties->err, HARK_TEST_PASSWORD));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/" path, Fixture, NULL, cli_fixture_setup, func, cli_fixture_teardown)

  g_test_add_func ("/cli/demo/get-properties", test_demo_get_properties);
  ADD ("settings", test_settings);
  ADD ("calls", test_calls);
  ADD ("wait", test_wait);
  ADD ("interrupt", test_interrupt);
  ADD ("usage-errors", test_usage_errors);
  ADD ("refusals", test_refusals);
  ADD ("transport-errors", test_transport_errors);
  ADD ("human-output", test_human_output);

#undef ADD

  return g_test_run ();
}
