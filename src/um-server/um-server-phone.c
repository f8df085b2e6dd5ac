/* um-server-phone.c: the phone-call state model of [MS-OXWUMS] 3.1.1.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   (Start) --PlayOnPhone*--> Connecting --Call_connected--> Connected
 *   Connecting --busy, no answer, unavailable, other--> Disconnected
 *   Connected --end of playback, Phone_hangup, Disconnect*_request--> Disconnected
 *   Disconnected --Call_timeout (32 s, 3.1.2)--> Idle: the id is forgotten
 *
 * Every transition runs on a timer of the thread-default main context (the
 * one the server serves on), so the server keeps serving while calls ring and
 * play.
 */

#include "config.h"

#include "um-server-phone.h"

#include "um-enum-types.h"
#include "um-server-enum-types.h"

#include <string.h>

#define DEFAULT_RING_TIME 4.0
#define DEFAULT_PLAY_TIME 0.0

typedef struct {
  UmServerPhone        *phone;
  char                 *id;
  char                 *owner;
  char                 *dial_string;
  UmCallKind            kind;
  UmCallState           state;
  UmCallCause           cause;
  UmServerPhoneOutcome  outcome;
  double                duration;
  GSource              *timer;
} Call;

typedef struct {
  char                 *pattern;
  UmServerPhoneOutcome  outcome;
} Rule;

struct _UmServerPhone
{
  GObject     parent_instance;

  GHashTable *calls;
  GArray     *rules;
  char       *next_call_id;
  double      ring_time;
  double      call_timeout;
  double      play_time;
};

G_DEFINE_FINAL_TYPE (UmServerPhone, um_server_phone, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RING_TIME,
  PROP_CALL_TIMEOUT,
  PROP_PLAY_TIME,
  N_PROPS
};

enum {
  CALL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
clear_timer (Call *call)
{
  if (call->timer == NULL)
    return;

  g_source_destroy (call->timer);
  g_clear_pointer (&call->timer, g_source_unref);
}

/* On the thread-default main context, where the SoupServer serves. */
static void
start_timer (Call        *call,
             double       seconds,
             GSourceFunc  func)
{
  clear_timer (call);
  call->timer = g_timeout_source_new ((guint)MAX (0.0, seconds * 1000.0 + 0.5));
  g_source_set_callback (call->timer, func, call, NULL);
  g_source_set_name (call->timer, "[um-server] phone call");
  g_source_attach (call->timer, g_main_context_get_thread_default ());
}

static void
call_free (Call *call)
{
  clear_timer (call);
  g_free (call->id);
  g_free (call->owner);
  g_free (call->dial_string);
  g_free (call);
}

static void
rule_clear (Rule *rule)
{
  g_free (rule->pattern);
}

static void
set_state (Call        *call,
           UmCallState  state,
           UmCallCause  cause)
{
  call->state = state;
  call->cause = cause;
  g_debug ("Call %s is %s (%s)", call->id, um_call_state_to_wire (state),
           um_call_cause_to_wire (cause));
  g_signal_emit (call->phone, signals[CALL_CHANGED], 0, call->id, state, cause);
}

static gboolean
call_timeout_cb (gpointer user_data)
{
  Call *call = user_data;
  UmServerPhone *self = call->phone;
  g_autofree char *id = g_strdup (call->id);

  clear_timer (call);
  g_debug ("Call %s timed out: Idle", id);
  g_signal_emit (self, signals[CALL_CHANGED], 0, id, UM_CALL_STATE_IDLE, call->cause);
  g_hash_table_remove (self->calls, id);
  return G_SOURCE_REMOVE;
}

static void
disconnect (Call        *call,
            UmCallCause  cause)
{
  clear_timer (call);
  set_state (call, UM_CALL_STATE_DISCONNECTED, cause);
  start_timer (call, call->phone->call_timeout, call_timeout_cb);
}

static gboolean
playback_done_cb (gpointer user_data)
{
  Call *call = user_data;

  clear_timer (call);
  disconnect (call, UM_CALL_CAUSE_NONE);
  return G_SOURCE_REMOVE;
}

static gboolean
ring_done_cb (gpointer user_data)
{
  Call *call = user_data;
  double listen;

  clear_timer (call);

  switch (call->outcome)
    {
    case UM_SERVER_PHONE_OUTCOME_ANSWER:
    case UM_SERVER_PHONE_OUTCOME_HANG_UP:
      set_state (call, UM_CALL_STATE_CONNECTED, UM_CALL_CAUSE_NONE);
      listen = call->duration;
      if (call->outcome == UM_SERVER_PHONE_OUTCOME_HANG_UP)
        listen = MIN (listen, call->phone->ring_time);
      start_timer (call, listen, playback_done_cb);
      break;

    case UM_SERVER_PHONE_OUTCOME_BUSY:
      disconnect (call, UM_CALL_CAUSE_USER_BUSY);
      break;

    case UM_SERVER_PHONE_OUTCOME_NO_ANSWER:
      disconnect (call, UM_CALL_CAUSE_NO_ANSWER);
      break;

    case UM_SERVER_PHONE_OUTCOME_UNAVAILABLE:
      disconnect (call, UM_CALL_CAUSE_UNAVAILABLE);
      break;

    case UM_SERVER_PHONE_OUTCOME_OTHER:
    case UM_SERVER_PHONE_OUTCOME_REFUSED:
    default:
      disconnect (call, UM_CALL_CAUSE_OTHER);
      break;
    }

  return G_SOURCE_REMOVE;
}

static char *
generate_call_id (UmServerPhone *self,
                  UmCallKind     kind)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *raw = NULL;

  if (self->next_call_id != NULL)
    return g_steal_pointer (&self->next_call_id);

  /* Shaped like Exchange's: base64 of "<guid>@<server>" for the legacy
   * calls (example 4.7), a short base64 token for PlayOnPhone2 (4.8). */
  if (kind == UM_CALL_KIND_LEGACY)
    raw = g_strdup_printf ("%s@um.hark.test", uuid);
  else
    raw = g_strndup (uuid, 12);
  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

static Call *
find_call (UmServerPhone *self,
           UmCallKind     kind,
           const char    *owner,
           const char    *call_id)
{
  Call *call;

  if (call_id == NULL)
    return NULL;

  call = g_hash_table_lookup (self->calls, call_id);
  if (call == NULL || call->kind != kind || g_strcmp0 (call->owner, owner) != 0)
    return NULL;
  return call;
}

static void
um_server_phone_finalize (GObject *object)
{
  UmServerPhone *self = (UmServerPhone *)object;

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_array_unref);
  g_clear_pointer (&self->next_call_id, g_free);

  G_OBJECT_CLASS (um_server_phone_parent_class)->finalize (object);
}

static void
um_server_phone_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UmServerPhone *self = UM_SERVER_PHONE (object);

  switch (prop_id)
    {
    case PROP_RING_TIME:
      g_value_set_double (value, self->ring_time);
      break;

    case PROP_CALL_TIMEOUT:
      g_value_set_double (value, self->call_timeout);
      break;

    case PROP_PLAY_TIME:
      g_value_set_double (value, self->play_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_server_phone_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UmServerPhone *self = UM_SERVER_PHONE (object);

  switch (prop_id)
    {
    case PROP_RING_TIME:
      um_server_phone_set_ring_time (self, g_value_get_double (value));
      break;

    case PROP_CALL_TIMEOUT:
      um_server_phone_set_call_timeout (self, g_value_get_double (value));
      break;

    case PROP_PLAY_TIME:
      um_server_phone_set_play_time (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_server_phone_class_init (UmServerPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_server_phone_finalize;
  object_class->get_property = um_server_phone_get_property;
  object_class->set_property = um_server_phone_set_property;

  /**
   * UmServerPhone:ring-time:
   *
   * Seconds a call stays Connecting before it is answered or fails.
   */
  properties[PROP_RING_TIME] =
    g_param_spec_double ("ring-time", NULL, NULL, 0.0, 3600.0, DEFAULT_RING_TIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmServerPhone:call-timeout:
   *
   * Seconds a call stays Disconnected before it goes Idle: the Call_timeout
   * of 3.1.2, 32 s unless a test shortens it.
   */
  properties[PROP_CALL_TIMEOUT] =
    g_param_spec_double ("call-timeout", NULL, NULL, 0.0, 3600.0, 32.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UmServerPhone:play-time:
   *
   * If above 0, the seconds every answered call stays Connected instead of
   * the length of what it plays.
   */
  properties[PROP_PLAY_TIME] =
    g_param_spec_double ("play-time", NULL, NULL, 0.0, 3600.0, DEFAULT_PLAY_TIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UmServerPhone::call-changed:
   * @self: the phone
   * @call_id: the call
   * @state: its new state; %UM_CALL_STATE_IDLE when it is forgotten
   * @cause: its cause
   */
  signals[CALL_CHANGED] =
    g_signal_new ("call-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, UM_TYPE_CALL_STATE, UM_TYPE_CALL_CAUSE);
}

static void
um_server_phone_init (UmServerPhone *self)
{
  static const struct {
    const char *pattern;
    UmServerPhoneOutcome outcome;
  } default_rules[] = {
    /* The fictional 555-01xx range plays the other ways a call goes. */
    { "*5550100", UM_SERVER_PHONE_OUTCOME_BUSY },
    { "*5550101", UM_SERVER_PHONE_OUTCOME_NO_ANSWER },
    { "*5550102", UM_SERVER_PHONE_OUTCOME_UNAVAILABLE },
    { "*5550103", UM_SERVER_PHONE_OUTCOME_OTHER },
    { "*5550104", UM_SERVER_PHONE_OUTCOME_HANG_UP },
    /* Premium and international numbers: refused by the dialing rules, which
     * come first (rules added later win). */
    { "900*", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "1900*", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "+1900*", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "00*", UM_SERVER_PHONE_OUTCOME_REFUSED },
    { "011*", UM_SERVER_PHONE_OUTCOME_REFUSED },
  };

  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)call_free);
  self->rules = g_array_new (FALSE, TRUE, sizeof (Rule));
  g_array_set_clear_func (self->rules, (GDestroyNotify)rule_clear);
  self->ring_time = DEFAULT_RING_TIME;
  self->call_timeout = 32.0;
  self->play_time = DEFAULT_PLAY_TIME;

  for (guint i = 0; i < G_N_ELEMENTS (default_rules); i++)
    um_server_phone_add_rule (self, default_rules[i].pattern, default_rules[i].outcome);
}

UmServerPhone *
um_server_phone_new (void)
{
  return g_object_new (UM_TYPE_SERVER_PHONE, NULL);
}

double
um_server_phone_get_ring_time (UmServerPhone *self)
{
  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), 0);

  return self->ring_time;
}

void
um_server_phone_set_ring_time (UmServerPhone *self,
                               double         seconds)
{
  g_return_if_fail (UM_IS_SERVER_PHONE (self));
  g_return_if_fail (seconds >= 0);

  if (self->ring_time == seconds)
    return;
  self->ring_time = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RING_TIME]);
}

double
um_server_phone_get_call_timeout (UmServerPhone *self)
{
  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), 0);

  return self->call_timeout;
}

void
um_server_phone_set_call_timeout (UmServerPhone *self,
                                  double         seconds)
{
  g_return_if_fail (UM_IS_SERVER_PHONE (self));
  g_return_if_fail (seconds >= 0);

  if (self->call_timeout == seconds)
    return;
  self->call_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_TIMEOUT]);
}

double
um_server_phone_get_play_time (UmServerPhone *self)
{
  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), 0);

  return self->play_time;
}

void
um_server_phone_set_play_time (UmServerPhone *self,
                               double         seconds)
{
  g_return_if_fail (UM_IS_SERVER_PHONE (self));
  g_return_if_fail (seconds >= 0);

  if (self->play_time == seconds)
    return;
  self->play_time = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAY_TIME]);
}

/**
 * um_server_phone_add_rule:
 * @self: a phone
 * @pattern: a pattern on the normalized number (digits, "+", "*", "#"), with
 *   "*" and "?" as in g_pattern_match_simple(): "*5550100", "900*"
 * @outcome: what dialing a matching number does
 *
 * Rules added later win over earlier ones.
 */
void
um_server_phone_add_rule (UmServerPhone        *self,
                          const char           *pattern,
                          UmServerPhoneOutcome  outcome)
{
  Rule rule;

  g_return_if_fail (UM_IS_SERVER_PHONE (self));
  g_return_if_fail (pattern != NULL);

  rule.pattern = g_strdup (pattern);
  rule.outcome = outcome;
  g_array_prepend_val (self->rules, rule);
}

/**
 * um_server_phone_parse_rule:
 * @self: a phone
 * @rule: "PATTERN=OUTCOME", e.g. "*4444=busy"
 * @error: return location for an error
 *
 * Returns: %TRUE if @rule was added
 */
gboolean
um_server_phone_parse_rule (UmServerPhone  *self,
                            const char     *rule,
                            GError        **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  const char *equals;
  GEnumValue *value;
  g_autofree char *pattern = NULL;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), FALSE);

  equals = strrchr (rule, '=');
  if (equals == NULL || equals == rule)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not PATTERN=OUTCOME", rule);
      return FALSE;
    }

  klass = g_type_class_ref (UM_TYPE_SERVER_PHONE_OUTCOME);
  value = g_enum_get_value_by_nick (klass, equals + 1);
  if (value == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an outcome: answer, hang-up, busy, no-answer, unavailable, "
                   "other or refused", equals + 1);
      return FALSE;
    }

  pattern = g_strndup (rule, equals - rule);
  um_server_phone_add_rule (self, pattern, value->value);
  return TRUE;
}

void
um_server_phone_clear_rules (UmServerPhone *self)
{
  g_return_if_fail (UM_IS_SERVER_PHONE (self));

  g_array_set_size (self->rules, 0);
}

/**
 * um_server_phone_normalize:
 * @dial_string: (nullable): what a client sent as a number
 *
 * The phone system's own reading of a number: an optional "tel:", visual
 * separators and spaces dropped, parameters after ";" dropped.
 *
 * Returns: (transfer full) (nullable): "+", digits, "*" and "#", or %NULL if
 *   @dial_string is not a number it can dial
 */
char *
um_server_phone_normalize (const char *dial_string)
{
  g_autoptr(GString) number = NULL;
  gboolean digits = FALSE;
  const char *p;

  if (dial_string == NULL)
    return NULL;

  p = dial_string;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "tel:", 4) == 0)
    p += 4;

  number = g_string_new (NULL);
  for (; *p != '\0' && *p != ';'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (number, *p);
          digits = TRUE;
        }
      else if (*p == '+' && number->len == 0)
        g_string_append_c (number, *p);
      else if (*p == '*' || *p == '#')
        g_string_append_c (number, *p);
      else if (strchr ("-.() \t", *p) == NULL)
        return NULL;
    }

  if (!digits)
    return NULL;
  return g_string_free (g_steal_pointer (&number), FALSE);
}

/**
 * um_server_phone_dial_outcome:
 * @self: a phone
 * @dial_string: (nullable): a number as a client sent it
 *
 * Returns: what dialing @dial_string would do; %UM_SERVER_PHONE_OUTCOME_REFUSED
 *   for anything that is not a number
 */
UmServerPhoneOutcome
um_server_phone_dial_outcome (UmServerPhone *self,
                              const char    *dial_string)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), UM_SERVER_PHONE_OUTCOME_REFUSED);

  number = um_server_phone_normalize (dial_string);
  if (number == NULL)
    return UM_SERVER_PHONE_OUTCOME_REFUSED;

  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *rule = &g_array_index (self->rules, Rule, i);

      if (g_pattern_match_simple (rule->pattern, number))
        return rule->outcome;
    }

  return UM_SERVER_PHONE_OUTCOME_ANSWER;
}

/**
 * um_server_phone_set_next_call_id:
 * @self: a phone
 * @call_id: (nullable): the id the next call gets, for tests that compare
 *   whole answers with the spec's examples
 */
void
um_server_phone_set_next_call_id (UmServerPhone *self,
                                  const char    *call_id)
{
  g_return_if_fail (UM_IS_SERVER_PHONE (self));

  g_free (self->next_call_id);
  self->next_call_id = g_strdup (call_id);
}

/**
 * um_server_phone_place_call:
 * @self: a phone
 * @kind: the generation of the operation that placed it
 * @owner: the user who placed it; only they can follow or end it
 * @dial_string: the number; um_server_phone_dial_outcome() must not refuse it
 * @duration: seconds of what the call plays once answered
 *
 * Starts a call in the Connecting state (3.1.3).
 *
 * Returns: (transfer full): the new call's id
 */
char *
um_server_phone_place_call (UmServerPhone *self,
                            UmCallKind     kind,
                            const char    *owner,
                            const char    *dial_string,
                            double         duration)
{
  Call *call;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), NULL);
  g_return_val_if_fail (owner != NULL, NULL);

  call = g_new0 (Call, 1);
  call->phone = self;
  call->kind = kind;
  call->owner = g_strdup (owner);
  call->dial_string = g_strdup (dial_string);
  call->outcome = um_server_phone_dial_outcome (self, dial_string);
  call->duration = self->play_time > 0 ? self->play_time : duration;
  call->id = generate_call_id (self, kind);

  /* A reused id (tests) replaces the old call. */
  g_hash_table_replace (self->calls, call->id, call);
  set_state (call, UM_CALL_STATE_CONNECTING, UM_CALL_CAUSE_NONE);
  start_timer (call, self->ring_time, ring_done_cb);

  return g_strdup (call->id);
}

/**
 * um_server_phone_lookup:
 * @self: a phone
 * @kind: the generation of the asking operation
 * @owner: the asking user
 * @call_id: (nullable): the call id
 * @state: (out) (optional): its state
 * @cause: (out) (optional): its cause
 *
 * Returns: %FALSE if no such call is known to @owner for @kind: never placed,
 *   placed by someone else or with the other generation, or already Idle
 */
gboolean
um_server_phone_lookup (UmServerPhone *self,
                        UmCallKind     kind,
                        const char    *owner,
                        const char    *call_id,
                        UmCallState   *state,
                        UmCallCause   *cause)
{
  Call *call;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), FALSE);

  call = find_call (self, kind, owner, call_id);
  if (call == NULL)
    return FALSE;

  if (state != NULL)
    *state = call->state;
  if (cause != NULL)
    *cause = call->cause;
  return TRUE;
}

/**
 * um_server_phone_disconnect:
 * @self: a phone
 * @kind: the generation of the asking operation
 * @owner: the asking user
 * @call_id: (nullable): the call id
 *
 * Disconnect_request / DisconnectPhoneCall_request: a Connecting or Connected
 * call becomes Disconnected; a Disconnected one stays as it is.
 *
 * Returns: %FALSE if no such call is known, as for um_server_phone_lookup()
 */
gboolean
um_server_phone_disconnect (UmServerPhone *self,
                            UmCallKind     kind,
                            const char    *owner,
                            const char    *call_id)
{
  Call *call;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), FALSE);

  call = find_call (self, kind, owner, call_id);
  if (call == NULL)
    return FALSE;

  if (call->state != UM_CALL_STATE_DISCONNECTED)
    disconnect (call, UM_CALL_CAUSE_NONE);
  return TRUE;
}

/**
 * um_server_phone_hang_up:
 * @self: a phone
 * @call_id: a call id
 *
 * Phone_hangup: the person at the phone hangs up.
 *
 * Returns: %FALSE if the call is unknown or not Connecting or Connected
 */
gboolean
um_server_phone_hang_up (UmServerPhone *self,
                         const char    *call_id)
{
  Call *call;

  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), FALSE);

  call = g_hash_table_lookup (self->calls, call_id);
  if (call == NULL || call->state == UM_CALL_STATE_DISCONNECTED)
    return FALSE;

  disconnect (call, UM_CALL_CAUSE_NONE);
  return TRUE;
}

/**
 * um_server_phone_get_n_calls:
 * @self: a phone
 *
 * Returns: how many calls are not Idle yet
 */
guint
um_server_phone_get_n_calls (UmServerPhone *self)
{
  g_return_val_if_fail (UM_IS_SERVER_PHONE (self), 0);

  return g_hash_table_size (self->calls);
}
