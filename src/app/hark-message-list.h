/* hark-message-list.h: a folder of the store, as a live list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hark-store.h"

G_BEGIN_DECLS

#define HARK_TYPE_MESSAGE_LIST (hark_message_list_get_type ())
G_DECLARE_FINAL_TYPE (HarkMessageList, hark_message_list, HARK, MESSAGE_LIST, GObject)

HarkMessageList *hark_message_list_new        (HarkStore       *store,
                                               HarkFolder       folder);
HarkStore       *hark_message_list_get_store  (HarkMessageList *self);
HarkFolder       hark_message_list_get_folder (HarkMessageList *self);
void             hark_message_list_refresh    (HarkMessageList *self);
int              hark_message_list_find       (HarkMessageList *self,
                                               const char      *item_id);

G_END_DECLS
