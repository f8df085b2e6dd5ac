/* hark-message-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Filled from the store alone, never from the network. When the store
 * changes, the folder is read again once the burst of changes is over (a
 * first sync commits page after page), and only the run of rows that
 * differ between the old list and the new is replaced, so that the view
 * keeps its scroll position and its selection.
 */

#include "config.h"

#include "hark-message-list.h"

#define REFRESH_DELAY_MS 50

struct _HarkMessageList
{
  GObject     parent_instance;

  HarkStore  *store;
  HarkFolder  folder;
  GPtrArray  *messages;
  guint       refresh_id;
};

static void hark_message_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HarkMessageList, hark_message_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      hark_message_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return HARK_TYPE_MESSAGE;
}

static guint
get_n_items (GListModel *model)
{
  return HARK_MESSAGE_LIST (model)->messages->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  HarkMessageList *self = HARK_MESSAGE_LIST (model);

  if (position >= self->messages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->messages, position));
}

static void
hark_message_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
refresh_cb (gpointer user_data)
{
  HarkMessageList *self = user_data;

  self->refresh_id = 0;
  hark_message_list_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (HarkStore *store,
                  gpointer   user_data)
{
  HarkMessageList *self = user_data;

  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
hark_message_list_dispose (GObject *object)
{
  HarkMessageList *self = HARK_MESSAGE_LIST (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hark_message_list_parent_class)->dispose (object);
}

static void
hark_message_list_finalize (GObject *object)
{
  HarkMessageList *self = HARK_MESSAGE_LIST (object);

  g_clear_pointer (&self->messages, g_ptr_array_unref);

  G_OBJECT_CLASS (hark_message_list_parent_class)->finalize (object);
}

static void
hark_message_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HarkMessageList *self = HARK_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->messages->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hark_message_list_class_init (HarkMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hark_message_list_dispose;
  object_class->finalize = hark_message_list_finalize;
  object_class->get_property = hark_message_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hark_message_list_init (HarkMessageList *self)
{
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * hark_message_list_new:
 * @store: the store
 * @folder: a folder
 *
 * Returns: (transfer full): the folder's voice mails, newest first
 */
HarkMessageList *
hark_message_list_new (HarkStore  *store,
                       HarkFolder  folder)
{
  HarkMessageList *self;

  g_return_val_if_fail (HARK_IS_STORE (store), NULL);

  self = g_object_new (HARK_TYPE_MESSAGE_LIST, NULL);
  self->store = g_object_ref (store);
  self->folder = folder;
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  g_ptr_array_unref (self->messages);
  self->messages = hark_store_list (store, folder, FALSE, -1);
  return self;
}

HarkStore *
hark_message_list_get_store (HarkMessageList *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_LIST (self), NULL);
  return self->store;
}

HarkFolder
hark_message_list_get_folder (HarkMessageList *self)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_LIST (self), HARK_FOLDER_NEW);
  return self->folder;
}

/**
 * hark_message_list_refresh:
 * @self: a list
 *
 * Reads the folder again now, replacing the rows that changed.
 */
void
hark_message_list_refresh (HarkMessageList *self)
{
  g_autoptr(GPtrArray) old = NULL;
  guint old_len, new_len, prefix = 0, suffix = 0;

  g_return_if_fail (HARK_IS_MESSAGE_LIST (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  old = g_steal_pointer (&self->messages);
  self->messages = hark_store_list (self->store, self->folder, FALSE, -1);
  old_len = old->len;
  new_len = self->messages->len;

  while (prefix < old_len && prefix < new_len &&
         hark_message_equal (old->pdata[prefix], self->messages->pdata[prefix]))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         hark_message_equal (old->pdata[old_len - 1 - suffix],
                             self->messages->pdata[new_len - 1 - suffix]))
    suffix++;

  /* Unchanged rows keep the objects the view already holds. */
  for (guint i = 0; i < prefix; i++)
    {
      g_object_unref (self->messages->pdata[i]);
      self->messages->pdata[i] = g_object_ref (old->pdata[i]);
    }
  for (guint i = 0; i < suffix; i++)
    {
      g_object_unref (self->messages->pdata[new_len - 1 - i]);
      self->messages->pdata[new_len - 1 - i] = g_object_ref (old->pdata[old_len - 1 - i]);
    }

  if (prefix == old_len && prefix == new_len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix,
                              new_len - prefix - suffix);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * hark_message_list_find:
 * @self: a list
 * @item_id: a voice mail's id
 *
 * Returns: its position, or -1
 */
int
hark_message_list_find (HarkMessageList *self,
                        const char      *item_id)
{
  g_return_val_if_fail (HARK_IS_MESSAGE_LIST (self), -1);

  for (guint i = 0; i < self->messages->len; i++)
    if (g_str_equal (hark_message_get_id (self->messages->pdata[i]), item_id))
      return i;
  return -1;
}
