/* store-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Action i concerns message i mod n (by Message-ID); by round it toggles
 * the heard flag, moves it on (Inbox, Work, Family, Friends, Inbox...) or
 * restores it, deletes or restores it.
 */

#include "config.h"

#include "store-rule.h"

static const char *const cycle[] = { "inbox", "work", "family", "friends" };

static void
rule_state_free (RuleState *state)
{
  g_free (state->message_id);
  g_free (state->role);
  g_free (state->previous);
  g_free (state);
}

static int
by_message_id (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 ((*(RuleState **)a)->message_id, (*(RuleState **)b)->message_id);
}

/**
 * store_rule_snapshot:
 *
 * Returns: (transfer container) (element-type RuleState): every message's
 *   folder and flag, by Message-ID (previous is not known: NULL)
 */
GPtrArray *
store_rule_snapshot (HarkStore *store)
{
  GPtrArray *states = g_ptr_array_new_with_free_func ((GDestroyNotify)rule_state_free);

  for (HarkFolder folder = 0; folder < HARK_N_FOLDERS; folder++)
    {
      g_autoptr(GPtrArray) messages = hark_store_list (store, folder, FALSE, -1);

      for (guint i = 0; i < messages->len; i++)
        {
          HarkMessage *message = g_ptr_array_index (messages, i);
          RuleState *state = g_new0 (RuleState, 1);
          const char *role = hark_message_get_role (message);

          state->message_id = g_strdup (hark_message_get_message_id (message));
          state->role = g_strdup (g_strcmp0 (role, "other") == 0 ? "inbox" : role);
          state->heard = hark_message_get_heard (message);
          g_ptr_array_add (states, state);
        }
    }
  g_ptr_array_sort (states, by_message_id);
  return states;
}

static HarkMessage *
find (HarkStore  *store,
      const char *message_id)
{
  for (HarkFolder folder = 0; folder < HARK_N_FOLDERS; folder++)
    {
      g_autoptr(GPtrArray) messages = hark_store_list (store, folder, FALSE, -1);

      for (guint i = 0; i < messages->len; i++)
        {
          if (g_strcmp0 (hark_message_get_message_id (messages->pdata[i]), message_id) == 0)
            return g_object_ref (messages->pdata[i]);
        }
    }
  return NULL;
}

static HarkFolder
folder_of (const char *role)
{
  HarkFolder folder = HARK_FOLDER_NEW;

  if (g_strcmp0 (role, "inbox") != 0)
    hark_folder_from_nick (role, &folder);
  return folder;
}

static guint
next_in_cycle (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (cycle); i++)
    {
      if (g_strcmp0 (role, cycle[i]) == 0)
        return (i + 1) % G_N_ELEMENTS (cycle);
    }
  return 1;
}

gboolean
store_rule_apply (HarkStore  *store,
                  guint       index,
                  GError    **error)
{
  g_autoptr(GPtrArray) states = store_rule_snapshot (store);
  RuleState *state = g_ptr_array_index (states, index % states->len);
  g_autoptr(HarkMessage) message = find (store, state->message_id);
  const char *id = hark_message_get_id (message);
  gboolean deleted = g_strcmp0 (state->role, "deleted") == 0;

  switch ((index / states->len) % 3)
    {
    case 0:
      return hark_store_mark (store, id, !state->heard, error);
    case 1:
      if (deleted)
        return hark_store_undelete (store, id, error);
      return hark_store_move (store, id, folder_of (cycle[next_in_cycle (state->role)]), error);
    case 2:
    default:
      if (deleted)
        return hark_store_undelete (store, id, error);
      return hark_store_delete (store, id, error);
    }
}

static void
restore (RuleState *state)
{
  const char *destination = state->previous != NULL ? state->previous : "inbox";

  g_free (state->role);
  state->role = g_strdup (destination);
  g_clear_pointer (&state->previous, g_free);
}

void
store_rule_simulate (GPtrArray *states,
                     guint      index)
{
  RuleState *state = g_ptr_array_index (states, index % states->len);
  gboolean deleted = g_strcmp0 (state->role, "deleted") == 0;

  switch ((index / states->len) % 3)
    {
    case 0:
      state->heard = !state->heard;
      break;
    case 1:
      if (deleted)
        restore (state);
      else
        {
          char *next = g_strdup (cycle[next_in_cycle (state->role)]);

          g_free (state->role);
          state->role = next;
        }
      break;
    case 2:
    default:
      if (deleted)
        restore (state);
      else
        {
          g_free (state->previous);
          state->previous = state->role;
          state->role = g_strdup ("deleted");
        }
      break;
    }
}

gboolean
store_rule_equal (GPtrArray  *a,
                  GPtrArray  *b,
                  char      **difference)
{
  if (a->len != b->len)
    {
      *difference = g_strdup_printf ("%u messages against %u", a->len, b->len);
      return FALSE;
    }
  {
    GString *differences = g_string_new (NULL);

    for (guint i = 0; i < a->len; i++)
      {
        RuleState *x = g_ptr_array_index (a, i);
        RuleState *y = g_ptr_array_index (b, i);

        if (g_strcmp0 (x->message_id, y->message_id) != 0 || g_strcmp0 (x->role, y->role) != 0 ||
            x->heard != y->heard)
          g_string_append_printf (differences, "%s%s: %s/%s against %s: %s/%s",
                                  differences->len > 0 ? "; " : "",
                                  x->message_id, x->role, x->heard ? "heard" : "new",
                                  y->message_id, y->role, y->heard ? "heard" : "new");
      }
    if (differences->len == 0)
      {
        g_string_free (differences, TRUE);
        return TRUE;
      }
    *difference = g_string_free (differences, FALSE);
    return FALSE;
  }
}
