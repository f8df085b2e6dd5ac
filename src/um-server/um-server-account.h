/* um-server-account.h: one mailbox user of the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "um-server-mailbox.h"

G_BEGIN_DECLS

#define UM_TYPE_SERVER_ACCOUNT (um_server_account_get_type ())
G_DECLARE_FINAL_TYPE (UmServerAccount, um_server_account, UM, SERVER_ACCOUNT, GObject)

/**
 * UmServerItem:
 * @item_id: the EWS ItemId, what PlayOnPhone2 names
 * @entry_id: the base64 EntryID, what PlayOnPhone names
 * @duration: seconds of audio
 *
 * A message that can be played on the phone.
 */
typedef struct {
  char   *item_id;
  char   *entry_id;
  double  duration;
} UmServerItem;

UmServerAccount    *um_server_account_new                 (const char      *user,
                                                           const char      *password);
const char         *um_server_account_get_user            (UmServerAccount *self);
gboolean            um_server_account_check_password     (UmServerAccount *self,
                                                           const char      *password);
void                um_server_account_set_password        (UmServerAccount *self,
                                                           const char      *password);
gboolean            um_server_account_get_um_enabled      (UmServerAccount *self);
void                um_server_account_set_um_enabled      (UmServerAccount *self,
                                                           gboolean         enabled);
gboolean            um_server_account_get_oof_status      (UmServerAccount *self);
void                um_server_account_set_oof_status      (UmServerAccount *self,
                                                           gboolean         enabled);
gboolean            um_server_account_get_missed_call_notification_enabled
                                                          (UmServerAccount *self);
void                um_server_account_set_missed_call_notification_enabled
                                                          (UmServerAccount *self,
                                                           gboolean         enabled);
const char         *um_server_account_get_play_on_phone_dial_string
                                                          (UmServerAccount *self);
void                um_server_account_set_play_on_phone_dial_string
                                                          (UmServerAccount *self,
                                                           const char      *dial_string);
const char         *um_server_account_get_telephone_access_numbers
                                                          (UmServerAccount *self);
void                um_server_account_set_telephone_access_numbers
                                                          (UmServerAccount *self,
                                                           const char      *numbers);
const char         *um_server_account_get_telephone_access_folder
                                                          (UmServerAccount *self);
void                um_server_account_set_telephone_access_folder
                                                          (UmServerAccount *self,
                                                           const char      *base64_folder_id);
guint               um_server_account_get_pin_resets      (UmServerAccount *self);
void                um_server_account_record_pin_reset    (UmServerAccount *self);
void                um_server_account_add_item            (UmServerAccount *self,
                                                           const char      *item_id,
                                                           const char      *entry_id,
                                                           double           duration);
const UmServerItem *um_server_account_find_item_by_id     (UmServerAccount *self,
                                                           const char      *item_id);
const UmServerItem *um_server_account_find_item_by_entry_id
                                                          (UmServerAccount *self,
                                                           const char      *entry_id);
guint               um_server_account_get_n_items         (UmServerAccount *self);
UmServerMailbox    *um_server_account_get_mailbox         (UmServerAccount *self);
const char         *um_server_account_get_email           (UmServerAccount *self);
void                um_server_account_set_email           (UmServerAccount *self,
                                                           const char      *email);
const UmServerItem *um_server_account_get_item            (UmServerAccount *self,
                                                           guint            index);

G_END_DECLS
