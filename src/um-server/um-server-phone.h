/* um-server-phone.h: the simulated telephone system of the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "um-types.h"

G_BEGIN_DECLS

/**
 * UmServerPhoneOutcome:
 * @UM_SERVER_PHONE_OUTCOME_ANSWER: the phone answers and listens to the end
 * @UM_SERVER_PHONE_OUTCOME_HANG_UP: the phone answers, then hangs up early
 * @UM_SERVER_PHONE_OUTCOME_BUSY: the line is busy
 * @UM_SERVER_PHONE_OUTCOME_NO_ANSWER: nobody answers
 * @UM_SERVER_PHONE_OUTCOME_UNAVAILABLE: the number is not available
 * @UM_SERVER_PHONE_OUTCOME_OTHER: the call fails for another reason
 * @UM_SERVER_PHONE_OUTCOME_REFUSED: the dialing rules refuse the number
 *
 * What happens when the simulated phone system dials a number.
 */
typedef enum {
  UM_SERVER_PHONE_OUTCOME_ANSWER,      /*< nick=answer >*/
  UM_SERVER_PHONE_OUTCOME_HANG_UP,     /*< nick=hang-up >*/
  UM_SERVER_PHONE_OUTCOME_BUSY,        /*< nick=busy >*/
  UM_SERVER_PHONE_OUTCOME_NO_ANSWER,   /*< nick=no-answer >*/
  UM_SERVER_PHONE_OUTCOME_UNAVAILABLE, /*< nick=unavailable >*/
  UM_SERVER_PHONE_OUTCOME_OTHER,       /*< nick=other >*/
  UM_SERVER_PHONE_OUTCOME_REFUSED,     /*< nick=refused >*/
} UmServerPhoneOutcome;

#define UM_TYPE_SERVER_PHONE (um_server_phone_get_type ())
G_DECLARE_FINAL_TYPE (UmServerPhone, um_server_phone, UM, SERVER_PHONE, GObject)

UmServerPhone        *um_server_phone_new                (void);
double                um_server_phone_get_ring_time      (UmServerPhone         *self);
void                  um_server_phone_set_ring_time      (UmServerPhone         *self,
                                                          double                 seconds);
double                um_server_phone_get_call_timeout   (UmServerPhone         *self);
void                  um_server_phone_set_call_timeout   (UmServerPhone         *self,
                                                          double                 seconds);
double                um_server_phone_get_play_time      (UmServerPhone         *self);
void                  um_server_phone_set_play_time      (UmServerPhone         *self,
                                                          double                 seconds);
void                  um_server_phone_add_rule           (UmServerPhone         *self,
                                                          const char            *pattern,
                                                          UmServerPhoneOutcome   outcome);
gboolean              um_server_phone_parse_rule         (UmServerPhone         *self,
                                                          const char            *rule,
                                                          GError               **error);
void                  um_server_phone_clear_rules        (UmServerPhone         *self);
UmServerPhoneOutcome  um_server_phone_dial_outcome       (UmServerPhone         *self,
                                                          const char            *dial_string);
void                  um_server_phone_set_next_call_id   (UmServerPhone         *self,
                                                          const char            *call_id);
char                 *um_server_phone_place_call         (UmServerPhone         *self,
                                                          UmCallKind             kind,
                                                          const char            *owner,
                                                          const char            *dial_string,
                                                          double                 duration);
gboolean              um_server_phone_lookup             (UmServerPhone         *self,
                                                          UmCallKind             kind,
                                                          const char            *owner,
                                                          const char            *call_id,
                                                          UmCallState           *state,
                                                          UmCallCause           *cause);
gboolean              um_server_phone_disconnect         (UmServerPhone         *self,
                                                          UmCallKind             kind,
                                                          const char            *owner,
                                                          const char            *call_id);
gboolean              um_server_phone_hang_up            (UmServerPhone         *self,
                                                          const char            *call_id);
guint                 um_server_phone_get_n_calls        (UmServerPhone         *self);
char                 *um_server_phone_normalize          (const char            *dial_string);

G_END_DECLS
