/* um-types.h: enumerations and result types of [MS-OXWUMS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * UmCallState:
 *
 * UMCallState (3.1.4.3.4.1) and PhoneCallStateType (3.1.4.4.4.2): the two
 * schema types have the same values. The nick of each value is its name on
 * the wire.
 */
typedef enum {
  UM_CALL_STATE_IDLE,         /*< nick=Idle >*/
  UM_CALL_STATE_CONNECTING,   /*< nick=Connecting >*/
  UM_CALL_STATE_ALERTED,      /*< nick=Alerted >*/
  UM_CALL_STATE_CONNECTED,    /*< nick=Connected >*/
  UM_CALL_STATE_DISCONNECTED, /*< nick=Disconnected >*/
  UM_CALL_STATE_INCOMING,     /*< nick=Incoming >*/
  UM_CALL_STATE_TRANSFERRING, /*< nick=Transferring >*/
  UM_CALL_STATE_FORWARDING,   /*< nick=Forwarding >*/
} UmCallState;

/**
 * UmCallCause:
 *
 * UMEventCause (3.1.4.3.4.2) and ConnectionFailureCauseType (3.1.4.4.4.1):
 * why a call reached the Disconnected state.
 */
typedef enum {
  UM_CALL_CAUSE_NONE,        /*< nick=None >*/
  UM_CALL_CAUSE_USER_BUSY,   /*< nick=UserBusy >*/
  UM_CALL_CAUSE_NO_ANSWER,   /*< nick=NoAnswer >*/
  UM_CALL_CAUSE_UNAVAILABLE, /*< nick=Unavailable >*/
  UM_CALL_CAUSE_OTHER,       /*< nick=Other >*/
} UmCallCause;

/**
 * UmGreetingType:
 *
 * UMGreetingType (3.1.4.9.3.1).
 */
typedef enum {
  UM_GREETING_TYPE_NORMAL_CUSTOM, /*< nick=NormalCustom >*/
  UM_GREETING_TYPE_OOF_CUSTOM,    /*< nick=OofCustom >*/
} UmGreetingType;

/**
 * UmCallKind:
 * @UM_CALL_KIND_LEGACY: a call placed with PlayOnPhone or PlayOnPhoneGreeting,
 *   followed with GetCallInfo and ended with Disconnect
 * @UM_CALL_KIND_EWS: a call placed with PlayOnPhone2, followed with
 *   GetPhoneCallInformation and ended with DisconnectPhoneCall
 *
 * The two generations of play-on-phone calls (3.2.4): a call id of one kind
 * is meaningless to the operations of the other.
 */
typedef enum {
  UM_CALL_KIND_LEGACY, /*< nick=legacy >*/
  UM_CALL_KIND_EWS,    /*< nick=ews >*/
} UmCallKind;

const char *um_call_state_to_wire    (UmCallState     state);
gboolean    um_call_state_from_wire  (const char     *text,
                                      UmCallState    *state);
const char *um_call_cause_to_wire    (UmCallCause     cause);
gboolean    um_call_cause_from_wire  (const char     *text,
                                      UmCallCause    *cause);
const char *um_greeting_type_to_wire (UmGreetingType  type);
gboolean    um_greeting_type_from_wire (const char   *text,
                                        UmGreetingType *type);
gboolean    um_call_state_is_final   (UmCallState     state);

/**
 * UmProperties:
 * @oof_status: whether the out-of-office greeting plays to callers
 * @missed_call_notification_enabled: whether missed-call notifications are sent
 * @play_on_phone_dial_string: the default number for play-on-phone, or %NULL
 * @telephone_access_numbers: (array zero-terminated=1): the numbers that reach
 *   voice access, split on commas, or %NULL when the server sent none
 * @telephone_access_folder_email: the base64 EntryID of the folder read over
 *   the phone, or %NULL
 *
 * UMProperties (3.1.4.5.3.1).
 */
typedef struct {
  gboolean   oof_status;
  gboolean   missed_call_notification_enabled;
  char      *play_on_phone_dial_string;
  char     **telephone_access_numbers;
  char      *telephone_access_folder_email;
} UmProperties;

#define UM_TYPE_PROPERTIES (um_properties_get_type ())
GType         um_properties_get_type (void) G_GNUC_CONST;
UmProperties *um_properties_new      (void);
UmProperties *um_properties_copy     (const UmProperties *properties);
void          um_properties_free     (UmProperties       *properties);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmProperties, um_properties_free)

/**
 * UmCallInfo:
 * @state: the state of the call
 * @cause: why it was disconnected (%UM_CALL_CAUSE_NONE while it is not)
 * @has_sip_response: whether the server sent SIPResponseCode
 * @sip_response_code: the SIP response code, when @has_sip_response
 * @sip_response_text: the SIP response text, or %NULL
 *
 * UMCallInfo (3.1.4.3.3.1) and PhoneCallInformationType (3.1.4.4.3.3).
 */
typedef struct {
  UmCallState  state;
  UmCallCause  cause;
  gboolean     has_sip_response;
  int          sip_response_code;
  char        *sip_response_text;
} UmCallInfo;

#define UM_TYPE_CALL_INFO (um_call_info_get_type ())
GType       um_call_info_get_type (void) G_GNUC_CONST;
UmCallInfo *um_call_info_new      (UmCallState       state,
                                   UmCallCause       cause);
UmCallInfo *um_call_info_copy     (const UmCallInfo *info);
void        um_call_info_free     (UmCallInfo       *info);
gboolean    um_call_info_equal    (const UmCallInfo *a,
                                   const UmCallInfo *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmCallInfo, um_call_info_free)

/**
 * UmServerVersion:
 * @major_version: MajorVersion, or -1
 * @minor_version: MinorVersion, or -1
 * @major_build_number: MajorBuildNumber, or -1
 * @minor_build_number: MinorBuildNumber, or -1
 * @version: the Version attribute, or %NULL
 *
 * The ServerVersionInfo SOAP header ([MS-OXWSCDATA] 2.2.3.10) of an EWS answer.
 */
typedef struct {
  int   major_version;
  int   minor_version;
  int   major_build_number;
  int   minor_build_number;
  char *version;
} UmServerVersion;

#define UM_TYPE_SERVER_VERSION (um_server_version_get_type ())
GType            um_server_version_get_type (void) G_GNUC_CONST;
UmServerVersion *um_server_version_new      (void);
UmServerVersion *um_server_version_copy     (const UmServerVersion *version);
void             um_server_version_free     (UmServerVersion       *version);
gboolean         um_server_version_equal    (const UmServerVersion *a,
                                             const UmServerVersion *b);
char            *um_server_version_to_string (const UmServerVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UmServerVersion, um_server_version_free)

G_END_DECLS
