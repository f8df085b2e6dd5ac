/* test-server-phone.c: the phone-call state model of 3.1.1.1 with short timers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"

typedef struct {
  UmServerPhone *phone;
  GPtrArray     *events;
} Fixture;

static void
call_changed_cb (UmServerPhone *phone,
                 const char    *call_id,
                 UmCallState    state,
                 UmCallCause    cause,
                 Fixture       *f)
{
  g_ptr_array_add (f->events, g_strdup_printf ("%s/%s", um_call_state_to_wire (state),
                                               um_call_cause_to_wire (cause)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->phone = um_server_phone_new ();
  f->events = g_ptr_array_new_with_free_func (g_free);
  um_server_phone_set_ring_time (f->phone, 0.02);
  um_server_phone_set_call_timeout (f->phone, 0.05);
  g_signal_connect (f->phone, "call-changed", G_CALLBACK (call_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->phone);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static void
wait_for_events (Fixture *f,
                 guint    n)
{
  while (f->events->len < n)
    g_main_context_iteration (NULL, TRUE);
}

static void
assert_events (Fixture           *f,
               const char *const *expected)
{
  g_ptr_array_add (f->events, NULL);
  g_assert_cmpstrv ((const char *const *)f->events->pdata, expected);
  g_ptr_array_remove_index (f->events, f->events->len - 1);
}

static void
test_defaults (void)
{
  g_autoptr(UmServerPhone) phone = um_server_phone_new ();

  /* 3.1.2: Call_timeout is 32 seconds unless a test shortens it. */
  g_assert_cmpfloat (um_server_phone_get_call_timeout (phone), ==, 32.0);
  g_assert_cmpfloat (um_server_phone_get_ring_time (phone), >, 0.0);
  g_assert_cmpuint (um_server_phone_get_n_calls (phone), ==, 0);
}

static void
test_answered_call (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *call_id = NULL;
  UmCallState state;
  UmCallCause cause;
  const char *const expected[] = {
    "Connecting/None", "Connected/None", "Disconnected/None", "Idle/None", NULL
  };

  call_id = um_server_phone_place_call (f->phone, UM_CALL_KIND_LEGACY, "alice", "12345", 0.03);
  /* 3.1.3: Connecting is the initial state. */
  g_assert_true (um_server_phone_lookup (f->phone, UM_CALL_KIND_LEGACY, "alice", call_id,
                                         &state, &cause));
  g_assert_cmpint (state, ==, UM_CALL_STATE_CONNECTING);

  wait_for_events (f, 4);
  assert_events (f, expected);

  /* Idle cannot be read: the id is forgotten. */
  g_assert_false (um_server_phone_lookup (f->phone, UM_CALL_KIND_LEGACY, "alice", call_id,
                                          NULL, NULL));
  g_assert_cmpuint (um_server_phone_get_n_calls (f->phone), ==, 0);
}

static void
test_outcomes (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *number;
    const char *disconnected;
  } cases[] = {
    { "+1 (425) 555-0100", "Disconnected/UserBusy" },
    { "tel:+1-425-555-0101", "Disconnected/NoAnswer" },
    { "4255550102", "Disconnected/Unavailable" },
    { "425.555.0103", "Disconnected/Other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *call_id = NULL;
      g_autofree char *idle = g_strdup_printf ("Idle/%s", strchr (cases[i].disconnected, '/') + 1);
      const char *const expected[] = {
        "Connecting/None", cases[i].disconnected, idle, NULL
      };

      g_ptr_array_set_size (f->events, 0);
      call_id = um_server_phone_place_call (f->phone, UM_CALL_KIND_EWS, "alice",
                                            cases[i].number, 10);
      wait_for_events (f, 3);
      assert_events (f, expected);
    }
}

static void
test_disconnect_mid_call (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *call_id = NULL;
  UmCallState state;
  const char *const expected[] = {
    "Connecting/None", "Connected/None", "Disconnected/None", "Idle/None", NULL
  };

  call_id = um_server_phone_place_call (f->phone, UM_CALL_KIND_EWS, "alice", "12345", 3600);
  wait_for_events (f, 2);

  /* Another generation or another user cannot end it. */
  g_assert_false (um_server_phone_disconnect (f->phone, UM_CALL_KIND_LEGACY, "alice", call_id));
  g_assert_false (um_server_phone_disconnect (f->phone, UM_CALL_KIND_EWS, "bob", call_id));
  g_assert_true (um_server_phone_lookup (f->phone, UM_CALL_KIND_EWS, "alice", call_id, &state,
                                         NULL));
  g_assert_cmpint (state, ==, UM_CALL_STATE_CONNECTED);

  g_assert_true (um_server_phone_disconnect (f->phone, UM_CALL_KIND_EWS, "alice", call_id));
  g_assert_true (um_server_phone_lookup (f->phone, UM_CALL_KIND_EWS, "alice", call_id, &state,
                                         NULL));
  g_assert_cmpint (state, ==, UM_CALL_STATE_DISCONNECTED);

  wait_for_events (f, 4);
  assert_events (f, expected);
}

static void
test_hang_up (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *call_id = NULL;
  const char *const expected[] = {
    "Connecting/None", "Connected/None", "Disconnected/None", "Idle/None", NULL
  };

  /* Phone_hangup */
  call_id = um_server_phone_place_call (f->phone, UM_CALL_KIND_LEGACY, "alice", "12345", 3600);
  wait_for_events (f, 2);
  g_assert_true (um_server_phone_hang_up (f->phone, call_id));
  g_assert_false (um_server_phone_hang_up (f->phone, call_id));
  wait_for_events (f, 4);
  assert_events (f, expected);
  g_assert_false (um_server_phone_hang_up (f->phone, "Tm8gY2FsbA=="));
}

static void
test_dialing (void)
{
  g_autoptr(UmServerPhone) phone = um_server_phone_new ();
  g_autoptr(GError) error = NULL;
  static const struct {
    const char           *number;
    UmServerPhoneOutcome  outcome;
  } cases[] = {
    { "12345", UM_SERVER_PHONE_OUTCOME_ANSWER },
    { "+1-425-555-0123", UM_SERVER_PHONE_OUTCOME_ANSWER },
    { "+1-900-555-0100", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "1-900-555-0100", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "011 44 20 7946 0999", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "+1-425-555-0100", UM_SERVER_PHONE_OUTCOME_BUSY },
    { "+1-425-555-0104;ext=9", UM_SERVER_PHONE_OUTCOME_HANG_UP },
    { "", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "call me", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "+", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { NULL, UM_SERVER_PHONE_OUTCOME_REFUSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (um_server_phone_dial_outcome (phone, cases[i].number), ==,
                     cases[i].outcome);

  /* Scripted rules win over the defaults. */
  g_assert_true (um_server_phone_parse_rule (phone, "*4444=busy", &error));
  g_assert_no_error (error);
  g_assert_cmpint (um_server_phone_dial_outcome (phone, "555-4444"), ==,
                   UM_SERVER_PHONE_OUTCOME_BUSY);
  g_assert_true (um_server_phone_parse_rule (phone, "+1900*=answer", &error));
  g_assert_cmpint (um_server_phone_dial_outcome (phone, "+1-900-555-0100"), ==,
                   UM_SERVER_PHONE_OUTCOME_ANSWER);

  g_assert_false (um_server_phone_parse_rule (phone, "*4444=ringing", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (um_server_phone_parse_rule (phone, "busy", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);

  um_server_phone_clear_rules (phone);
  g_assert_cmpint (um_server_phone_dial_outcome (phone, "+1-900-555-0100"), ==,
                   UM_SERVER_PHONE_OUTCOME_ANSWER);
}

static void
test_normalize (void)
{
  static const struct {
    const char *input;
    const char *output;
  } cases[] = {
    { "tel:+1-201-555-0123", "+12015550123" },
    { " +44 (20) 7946.0999 ", "+442079460999" },
    { "*86#", "*86#" },
    { "12345;phone-context=example.com", "12345" },
    { "1+2", NULL },
    { "abc", NULL },
    { "--", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = um_server_phone_normalize (cases[i].input);

      g_assert_cmpstr (normalized, ==, cases[i].output);
    }
}

static void
test_next_call_id (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  um_server_phone_set_next_call_id (f->phone, "ZWMtWYtMY29t");
  first = um_server_phone_place_call (f->phone, UM_CALL_KIND_EWS, "alice", "12345", 1);
  second = um_server_phone_place_call (f->phone, UM_CALL_KIND_EWS, "alice", "12345", 1);
  third = um_server_phone_place_call (f->phone, UM_CALL_KIND_LEGACY, "alice", "12345", 1);
  g_assert_cmpstr (first, ==, "ZWMtWYtMY29t");
  g_assert_cmpstr (second, !=, first);
  g_assert_cmpstr (third, !=, second);
  g_assert_cmpuint (um_server_phone_get_n_calls (f->phone), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/server/phone/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/server/phone/defaults", test_defaults);
  ADD ("answered-call", test_answered_call);
  ADD ("outcomes", test_outcomes);
  ADD ("disconnect-mid-call", test_disconnect_mid_call);
  ADD ("hang-up", test_hang_up);
  ADD ("next-call-id", test_next_call_id);
  g_test_add_func ("/server/phone/dialing", test_dialing);
  g_test_add_func ("/server/phone/normalize", test_normalize);

#undef ADD

  return g_test_run ();
}
