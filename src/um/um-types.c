/* um-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-types.h"

#include "um-enum-types.h"

static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *text,
                int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *stripped = NULL;
  GEnumValue *ev;

  if (text == NULL)
    return FALSE;

  /* xs:string enumerations keep whitespace, but a value wrapped by a pretty
   * printer is still meant as that value. */
  stripped = g_strstrip (g_strdup (text));
  klass = g_type_class_ref (type);
  ev = g_enum_get_value_by_nick (klass, stripped);
  if (ev == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}

const char *
um_call_state_to_wire (UmCallState state)
{
  return enum_to_nick (UM_TYPE_CALL_STATE, state);
}

gboolean
um_call_state_from_wire (const char  *text,
                         UmCallState *state)
{
  int value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (!enum_from_nick (UM_TYPE_CALL_STATE, text, &value))
    return FALSE;
  *state = value;
  return TRUE;
}

const char *
um_call_cause_to_wire (UmCallCause cause)
{
  return enum_to_nick (UM_TYPE_CALL_CAUSE, cause);
}

gboolean
um_call_cause_from_wire (const char  *text,
                         UmCallCause *cause)
{
  int value;

  g_return_val_if_fail (cause != NULL, FALSE);

  if (!enum_from_nick (UM_TYPE_CALL_CAUSE, text, &value))
    return FALSE;
  *cause = value;
  return TRUE;
}

const char *
um_greeting_type_to_wire (UmGreetingType type)
{
  return enum_to_nick (UM_TYPE_GREETING_TYPE, type);
}

gboolean
um_greeting_type_from_wire (const char     *text,
                            UmGreetingType *type)
{
  int value;

  g_return_val_if_fail (type != NULL, FALSE);

  if (!enum_from_nick (UM_TYPE_GREETING_TYPE, text, &value))
    return FALSE;
  *type = value;
  return TRUE;
}

/**
 * um_call_state_is_final:
 * @state: a call state
 *
 * Whether a call in @state is over: Disconnected (the phone hung up or the
 * call failed) or Idle (the call id is gone).
 *
 * Returns: %TRUE for %UM_CALL_STATE_DISCONNECTED and %UM_CALL_STATE_IDLE
 */
gboolean
um_call_state_is_final (UmCallState state)
{
  return state == UM_CALL_STATE_DISCONNECTED || state == UM_CALL_STATE_IDLE;
}

G_DEFINE_BOXED_TYPE (UmProperties, um_properties, um_properties_copy, um_properties_free)

UmProperties *
um_properties_new (void)
{
  return g_new0 (UmProperties, 1);
}

UmProperties *
um_properties_copy (const UmProperties *properties)
{
  UmProperties *copy;

  g_return_val_if_fail (properties != NULL, NULL);

  copy = um_properties_new ();
  copy->oof_status = properties->oof_status;
  copy->missed_call_notification_enabled = properties->missed_call_notification_enabled;
  copy->play_on_phone_dial_string = g_strdup (properties->play_on_phone_dial_string);
  copy->telephone_access_numbers = g_strdupv (properties->telephone_access_numbers);
  copy->telephone_access_folder_email = g_strdup (properties->telephone_access_folder_email);
  return copy;
}

void
um_properties_free (UmProperties *properties)
{
  if (properties == NULL)
    return;

  g_free (properties->play_on_phone_dial_string);
  g_strfreev (properties->telephone_access_numbers);
  g_free (properties->telephone_access_folder_email);
  g_free (properties);
}

G_DEFINE_BOXED_TYPE (UmCallInfo, um_call_info, um_call_info_copy, um_call_info_free)

UmCallInfo *
um_call_info_new (UmCallState state,
                  UmCallCause cause)
{
  UmCallInfo *info = g_new0 (UmCallInfo, 1);

  info->state = state;
  info->cause = cause;
  return info;
}

UmCallInfo *
um_call_info_copy (const UmCallInfo *info)
{
  UmCallInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = um_call_info_new (info->state, info->cause);
  copy->has_sip_response = info->has_sip_response;
  copy->sip_response_code = info->sip_response_code;
  copy->sip_response_text = g_strdup (info->sip_response_text);
  return copy;
}

void
um_call_info_free (UmCallInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->sip_response_text);
  g_free (info);
}

gboolean
um_call_info_equal (const UmCallInfo *a,
                    const UmCallInfo *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->state == b->state &&
         a->cause == b->cause &&
         a->has_sip_response == b->has_sip_response &&
         (!a->has_sip_response || a->sip_response_code == b->sip_response_code) &&
         g_strcmp0 (a->sip_response_text, b->sip_response_text) == 0;
}

G_DEFINE_BOXED_TYPE (UmServerVersion, um_server_version,
                     um_server_version_copy, um_server_version_free)

UmServerVersion *
um_server_version_new (void)
{
  UmServerVersion *version = g_new0 (UmServerVersion, 1);

  version->major_version = -1;
  version->minor_version = -1;
  version->major_build_number = -1;
  version->minor_build_number = -1;
  return version;
}

UmServerVersion *
um_server_version_copy (const UmServerVersion *version)
{
  UmServerVersion *copy;

  g_return_val_if_fail (version != NULL, NULL);

  copy = g_new0 (UmServerVersion, 1);
  *copy = *version;
  copy->version = g_strdup (version->version);
  return copy;
}

void
um_server_version_free (UmServerVersion *version)
{
  if (version == NULL)
    return;

  g_free (version->version);
  g_free (version);
}

gboolean
um_server_version_equal (const UmServerVersion *a,
                         const UmServerVersion *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->major_version == b->major_version &&
         a->minor_version == b->minor_version &&
         a->major_build_number == b->major_build_number &&
         a->minor_build_number == b->minor_build_number &&
         g_strcmp0 (a->version, b->version) == 0;
}

/**
 * um_server_version_to_string:
 * @version: a server version
 *
 * Returns: (transfer full): e.g. "V2017_07_11 (15.1.2507.6)"
 */
char *
um_server_version_to_string (const UmServerVersion *version)
{
  g_return_val_if_fail (version != NULL, NULL);

  return g_strdup_printf ("%s (%d.%d.%d.%d)",
                          version->version != NULL ? version->version : "unknown",
                          version->major_version, version->minor_version,
                          version->major_build_number, version->minor_build_number);
}
