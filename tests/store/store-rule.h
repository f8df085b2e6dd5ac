/* store-rule.h: the actions test-kill's worker does, and their model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hark-store.h"

G_BEGIN_DECLS

typedef struct {
  char     *message_id;
  char     *role;
  char     *previous;
  gboolean  heard;
} RuleState;

GPtrArray *store_rule_snapshot (HarkStore  *store);
gboolean   store_rule_apply    (HarkStore  *store,
                                guint       index,
                                GError    **error);
void       store_rule_simulate (GPtrArray  *states,
                                guint       index);
gboolean   store_rule_equal    (GPtrArray  *a,
                                GPtrArray  *b,
                                char      **difference);

G_END_DECLS
