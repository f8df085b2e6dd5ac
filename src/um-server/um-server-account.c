/* um-server-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-server-account.h"

#include <string.h>

struct _UmServerAccount
{
  GObject   parent_instance;

  char     *user;
  char     *password;
  gboolean  um_enabled;
  gboolean  oof_status;
  gboolean  missed_call_notification_enabled;
  char     *play_on_phone_dial_string;
  char     *telephone_access_numbers;
  char     *telephone_access_folder;
  guint     pin_resets;
  GArray   *items;
  char     *email;
  UmServerMailbox *mailbox;
};

G_DEFINE_FINAL_TYPE (UmServerAccount, um_server_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER,
  PROP_UM_ENABLED,
  PROP_OOF_STATUS,
  PROP_MISSED_CALL_NOTIFICATION_ENABLED,
  PROP_PLAY_ON_PHONE_DIAL_STRING,
  PROP_TELEPHONE_ACCESS_NUMBERS,
  PROP_TELEPHONE_ACCESS_FOLDER,
  PROP_PIN_RESETS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
item_clear (UmServerItem *item)
{
  g_free (item->item_id);
  g_free (item->entry_id);
}

static gboolean
set_string (UmServerAccount  *self,
            char            **field,
            const char       *value,
            guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  return TRUE;
}

static void
set_boolean (UmServerAccount *self,
             gboolean        *field,
             gboolean         value,
             guint            prop_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
um_server_account_finalize (GObject *object)
{
  UmServerAccount *self = (UmServerAccount *)object;

  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->play_on_phone_dial_string, g_free);
  g_clear_pointer (&self->telephone_access_numbers, g_free);
  g_clear_pointer (&self->telephone_access_folder, g_free);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->email, g_free);
  g_clear_object (&self->mailbox);

  G_OBJECT_CLASS (um_server_account_parent_class)->finalize (object);
}

static void
um_server_account_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  UmServerAccount *self = UM_SERVER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_UM_ENABLED:
      g_value_set_boolean (value, self->um_enabled);
      break;

    case PROP_OOF_STATUS:
      g_value_set_boolean (value, self->oof_status);
      break;

    case PROP_MISSED_CALL_NOTIFICATION_ENABLED:
      g_value_set_boolean (value, self->missed_call_notification_enabled);
      break;

    case PROP_PLAY_ON_PHONE_DIAL_STRING:
      g_value_set_string (value, self->play_on_phone_dial_string);
      break;

    case PROP_TELEPHONE_ACCESS_NUMBERS:
      g_value_set_string (value, self->telephone_access_numbers);
      break;

    case PROP_TELEPHONE_ACCESS_FOLDER:
      g_value_set_string (value, self->telephone_access_folder);
      break;

    case PROP_PIN_RESETS:
      g_value_set_uint (value, self->pin_resets);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_server_account_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  UmServerAccount *self = UM_SERVER_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;

    case PROP_UM_ENABLED:
      um_server_account_set_um_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_OOF_STATUS:
      um_server_account_set_oof_status (self, g_value_get_boolean (value));
      break;

    case PROP_MISSED_CALL_NOTIFICATION_ENABLED:
      um_server_account_set_missed_call_notification_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_PLAY_ON_PHONE_DIAL_STRING:
      um_server_account_set_play_on_phone_dial_string (self, g_value_get_string (value));
      break;

    case PROP_TELEPHONE_ACCESS_NUMBERS:
      um_server_account_set_telephone_access_numbers (self, g_value_get_string (value));
      break;

    case PROP_TELEPHONE_ACCESS_FOLDER:
      um_server_account_set_telephone_access_folder (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_server_account_class_init (UmServerAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_server_account_finalize;
  object_class->get_property = um_server_account_get_property;
  object_class->set_property = um_server_account_set_property;

  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UM_ENABLED] =
    g_param_spec_boolean ("um-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OOF_STATUS] =
    g_param_spec_boolean ("oof-status", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSED_CALL_NOTIFICATION_ENABLED] =
    g_param_spec_boolean ("missed-call-notification-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAY_ON_PHONE_DIAL_STRING] =
    g_param_spec_string ("play-on-phone-dial-string", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TELEPHONE_ACCESS_NUMBERS] =
    g_param_spec_string ("telephone-access-numbers", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TELEPHONE_ACCESS_FOLDER] =
    g_param_spec_string ("telephone-access-folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIN_RESETS] =
    g_param_spec_uint ("pin-resets", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
um_server_account_init (UmServerAccount *self)
{
  self->um_enabled = TRUE;
  self->missed_call_notification_enabled = TRUE;
  self->items = g_array_new (FALSE, TRUE, sizeof (UmServerItem));
  g_array_set_clear_func (self->items, (GDestroyNotify)item_clear);
}

UmServerAccount *
um_server_account_new (const char *user,
                       const char *password)
{
  UmServerAccount *self;

  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  self = g_object_new (UM_TYPE_SERVER_ACCOUNT, "user", user, NULL);
  self->password = g_strdup (password);
  self->mailbox = um_server_mailbox_new (user);
  return self;
}

/**
 * um_server_account_get_mailbox:
 * @self: an account
 *
 * Returns: (transfer none): the account's folders and voice mails
 */
UmServerMailbox *
um_server_account_get_mailbox (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->mailbox;
}

/**
 * um_server_account_get_email:
 * @self: an account
 *
 * Returns: (nullable): the SMTP address, which Autodiscover and ConvertId
 *   know the account by
 */
const char *
um_server_account_get_email (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->email;
}

void
um_server_account_set_email (UmServerAccount *self,
                             const char      *email)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  g_free (self->email);
  self->email = g_strdup (email);
}

const char *
um_server_account_get_user (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->user;
}

/**
 * um_server_account_check_password:
 * @self: an account
 * @password: (nullable): what the client sent
 *
 * Compares in a time that does not depend on where the strings differ.
 *
 * Returns: %TRUE if @password is the account's
 */
gboolean
um_server_account_check_password (UmServerAccount *self,
                                  const char      *password)
{
  gsize len_a;
  gsize len_b;
  guint diff;

  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), FALSE);

  if (password == NULL)
    return FALSE;

  len_a = strlen (self->password);
  len_b = strlen (password);
  diff = len_a ^ len_b;
  for (gsize i = 0; i < len_b; i++)
    diff |= (guchar)password[i] ^ (guchar)self->password[i % MAX (len_a, 1)];
  return diff == 0;
}

void
um_server_account_set_password (UmServerAccount *self,
                                const char      *password)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  g_free (self->password);
  self->password = g_strdup (password);
}

gboolean
um_server_account_get_um_enabled (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), FALSE);

  return self->um_enabled;
}

void
um_server_account_set_um_enabled (UmServerAccount *self,
                                  gboolean         enabled)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_boolean (self, &self->um_enabled, enabled, PROP_UM_ENABLED);
}

gboolean
um_server_account_get_oof_status (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), FALSE);

  return self->oof_status;
}

void
um_server_account_set_oof_status (UmServerAccount *self,
                                  gboolean         enabled)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_boolean (self, &self->oof_status, enabled, PROP_OOF_STATUS);
}

gboolean
um_server_account_get_missed_call_notification_enabled (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), FALSE);

  return self->missed_call_notification_enabled;
}

void
um_server_account_set_missed_call_notification_enabled (UmServerAccount *self,
                                                        gboolean         enabled)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_boolean (self, &self->missed_call_notification_enabled, enabled,
               PROP_MISSED_CALL_NOTIFICATION_ENABLED);
}

const char *
um_server_account_get_play_on_phone_dial_string (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->play_on_phone_dial_string;
}

void
um_server_account_set_play_on_phone_dial_string (UmServerAccount *self,
                                                 const char      *dial_string)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_string (self, &self->play_on_phone_dial_string, dial_string,
              PROP_PLAY_ON_PHONE_DIAL_STRING);
}

/**
 * um_server_account_get_telephone_access_numbers:
 * @self: an account
 *
 * Returns: (nullable): the comma-separated numbers, as GetUMProperties sends them
 */
const char *
um_server_account_get_telephone_access_numbers (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->telephone_access_numbers;
}

void
um_server_account_set_telephone_access_numbers (UmServerAccount *self,
                                                const char      *numbers)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_string (self, &self->telephone_access_numbers, numbers, PROP_TELEPHONE_ACCESS_NUMBERS);
}

const char *
um_server_account_get_telephone_access_folder (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  return self->telephone_access_folder;
}

void
um_server_account_set_telephone_access_folder (UmServerAccount *self,
                                               const char      *base64_folder_id)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  set_string (self, &self->telephone_access_folder, base64_folder_id,
              PROP_TELEPHONE_ACCESS_FOLDER);
}

/**
 * um_server_account_get_pin_resets:
 * @self: an account
 *
 * Returns: how many times ResetPIN succeeded
 */
guint
um_server_account_get_pin_resets (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), 0);

  return self->pin_resets;
}

void
um_server_account_record_pin_reset (UmServerAccount *self)
{
  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));

  self->pin_resets++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIN_RESETS]);
}

/**
 * um_server_account_add_item:
 * @self: an account
 * @item_id: the EWS ItemId
 * @entry_id: the base64 EntryID
 * @duration: seconds of audio
 */
void
um_server_account_add_item (UmServerAccount *self,
                            const char      *item_id,
                            const char      *entry_id,
                            double           duration)
{
  UmServerItem item;

  g_return_if_fail (UM_IS_SERVER_ACCOUNT (self));
  g_return_if_fail (item_id != NULL);
  g_return_if_fail (entry_id != NULL);

  item.item_id = g_strdup (item_id);
  item.entry_id = g_strdup (entry_id);
  item.duration = duration;
  g_array_append_val (self->items, item);
}

const UmServerItem *
um_server_account_find_item_by_id (UmServerAccount *self,
                                   const char      *item_id)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  for (guint i = 0; item_id != NULL && i < self->items->len; i++)
    {
      const UmServerItem *item = &g_array_index (self->items, UmServerItem, i);

      if (g_str_equal (item->item_id, item_id))
        return item;
    }
  return NULL;
}

const UmServerItem *
um_server_account_find_item_by_entry_id (UmServerAccount *self,
                                         const char      *entry_id)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);

  for (guint i = 0; entry_id != NULL && i < self->items->len; i++)
    {
      const UmServerItem *item = &g_array_index (self->items, UmServerItem, i);

      if (g_str_equal (item->entry_id, entry_id))
        return item;
    }
  return NULL;
}

guint
um_server_account_get_n_items (UmServerAccount *self)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), 0);

  return self->items->len;
}

const UmServerItem *
um_server_account_get_item (UmServerAccount *self,
                            guint            index)
{
  g_return_val_if_fail (UM_IS_SERVER_ACCOUNT (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, UmServerItem, index);
}
