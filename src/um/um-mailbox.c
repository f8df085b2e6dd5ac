/* um-mailbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call builds its request with UmRequest, sends it through the
 * client's transport and reads the ResponseMessages of the answer. Calls for
 * one id fail with that id's error; calls for many skip the ids the server
 * no longer has.
 */

#include "config.h"

#include "um-mailbox.h"

#include "um-client-private.h"
#include "um-error.h"
#include "um-ns.h"

#include <string.h>

/* An attachment larger than this is not a voice mail. */
#define MAX_ATTACHMENT_SIZE (256 * 1024 * 1024)
#define STREAM_CHUNK_SIZE   (64 * 1024)

struct _UmMailbox
{
  GObject   parent_instance;

  UmClient *client;
  char     *email;
};

G_DEFINE_FINAL_TYPE (UmMailbox, um_mailbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_EMAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
um_mailbox_finalize (GObject *object)
{
  UmMailbox *self = (UmMailbox *)object;

  g_clear_object (&self->client);
  g_clear_pointer (&self->email, g_free);

  G_OBJECT_CLASS (um_mailbox_parent_class)->finalize (object);
}

static void
um_mailbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  UmMailbox *self = UM_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_mailbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  UmMailbox *self = UM_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_EMAIL:
      self->email = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
um_mailbox_class_init (UmMailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = um_mailbox_finalize;
  object_class->get_property = um_mailbox_get_property;
  object_class->set_property = um_mailbox_set_property;

  /**
   * UmMailbox:client:
   *
   * The client whose EWS endpoint holds the mailbox.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, UM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * UmMailbox:email:
   *
   * The mailbox's SMTP address, which ConvertId needs.
   */
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
um_mailbox_init (UmMailbox *self)
{
}

/**
 * um_mailbox_new:
 * @client: the client of the mailbox's server
 * @email: (nullable): the mailbox's SMTP address
 *
 * Returns: (transfer full): a mailbox
 */
UmMailbox *
um_mailbox_new (UmClient   *client,
                const char *email)
{
  g_return_val_if_fail (UM_IS_CLIENT (client), NULL);

  return g_object_new (UM_TYPE_MAILBOX, "client", client, "email", email, NULL);
}

UmClient *
um_mailbox_get_client (UmMailbox *self)
{
  g_return_val_if_fail (UM_IS_MAILBOX (self), NULL);

  return self->client;
}

const char *
um_mailbox_get_email (UmMailbox *self)
{
  g_return_val_if_fail (UM_IS_MAILBOX (self), NULL);

  return self->email;
}

/* Writing requests */

static UmRequest *
new_request (UmMailbox   *self,
             UmOperation  operation)
{
  return um_request_new (operation, um_client_get_request_server_version (self->client));
}

/* A FolderId, or a DistinguishedFolderId for the names of
 * DistinguishedFolderIdNameType. */
static void
add_folder_id (UmRequest  *request,
               xmlNode    *parent,
               const char *folder_id)
{
  xmlNode *node;

  if (um_folder_id_is_distinguished (folder_id))
    {
      node = um_request_add_type_element (request, parent, "DistinguishedFolderId", NULL);
      um_request_set_attribute (request, node, "Id", folder_id);
    }
  else
    {
      node = um_request_add_type_element (request, parent, "FolderId", NULL);
      um_request_set_attribute (request, node, "Id", folder_id);
    }
}

static void
add_item_id (UmRequest  *request,
             xmlNode    *parent,
             const char *item_id)
{
  xmlNode *node = um_request_add_type_element (request, parent, "ItemId", NULL);

  um_request_set_attribute (request, node, "Id", item_id);
}

static void
add_field (UmRequest  *request,
           xmlNode    *parent,
           const char *field_uri)
{
  xmlNode *node = um_request_add_type_element (request, parent, "FieldURI", NULL);

  um_request_set_attribute (request, node, "FieldURI", field_uri);
}

static void
add_tag (UmRequest  *request,
         xmlNode    *parent,
         const char *tag,
         const char *type)
{
  xmlNode *node = um_request_add_type_element (request, parent, "ExtendedFieldURI", NULL);

  um_request_set_attribute (request, node, "PropertyTag", tag);
  um_request_set_attribute (request, node, "PropertyType", type);
}

static void
add_named (UmRequest  *request,
           xmlNode    *parent,
           const char *set,
           const char *name,
           const char *type)
{
  xmlNode *node = um_request_add_type_element (request, parent, "ExtendedFieldURI", NULL);

  um_request_set_attribute (request, node, "DistinguishedPropertySetId", set);
  um_request_set_attribute (request, node, "PropertyName", name);
  um_request_set_attribute (request, node, "PropertyType", type);
}

typedef enum {
  SHAPE_IDS,         /* what a sync needs to decide whether to fetch */
  SHAPE_SUMMARY,     /* what the list shows: FindItem allows no attachments */
  SHAPE_FULL,        /* with the attachments, to play */
} Shape;

/* ItemResponseShapeType: the voice-mail properties of [MS-OXOUM] 2.2.5. */
static void
add_item_shape (UmRequest *request,
                xmlNode   *parent,
                Shape      shape)
{
  xmlNode *item_shape = um_request_add_element (request, parent, "ItemShape", NULL);
  xmlNode *more;

  um_request_add_type_element (request, item_shape, "BaseShape", "IdOnly");
  more = um_request_add_type_element (request, item_shape, "AdditionalProperties", NULL);
  add_field (request, more, "item:ItemClass");
  add_field (request, more, "message:IsRead");
  if (shape == SHAPE_IDS)
    return;

  add_field (request, more, "item:ParentFolderId");
  add_field (request, more, "item:Subject");
  add_field (request, more, "item:DateTimeReceived");
  add_field (request, more, "item:Size");
  add_field (request, more, "item:Importance");
  add_field (request, more, "message:InternetMessageId");
  if (shape == SHAPE_FULL)
    add_field (request, more, "item:Attachments");
  add_tag (request, more, "0x6801", "Integer");
  add_tag (request, more, "0x6802", "String");
  add_tag (request, more, "0x6803", "String");
  add_tag (request, more, "0x6805", "String");
  add_tag (request, more, "0x6806", "String");
  add_named (request, more, "UnifiedMessaging", "AsrData", "Binary");
  add_named (request, more, "UnifiedMessaging", "UMAudioNotes", "String");
}

static void
add_folder_shape (UmRequest *request,
                  xmlNode   *parent)
{
  xmlNode *folder_shape = um_request_add_element (request, parent, "FolderShape", NULL);
  xmlNode *more;

  um_request_add_type_element (request, folder_shape, "BaseShape", "Default");
  more = um_request_add_type_element (request, folder_shape, "AdditionalProperties", NULL);
  add_field (request, more, "folder:ParentFolderId");
  add_field (request, more, "folder:FolderClass");
}

/* Sending and reading */

typedef void (*ReadFunc) (UmMailbox  *self,
                          UmResponse *response,
                          GTask      *task);

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(UmResponse) response = NULL;
  ReadFunc read = g_task_get_task_data (task);
  GError *error = NULL;

  response = um_client_send_finish (UM_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  read (g_task_get_source_object (task), response, task);
}

static void
send (UmMailbox           *self,
      UmRequest           *request,
      gpointer             source_tag,
      ReadFunc             read,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, read, NULL);
  um_client_send_async (self->client, request, cancellable, sent_cb, task);
}

static gboolean
check_finish (UmMailbox    *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

static GError *
malformed (const char *what)
{
  return g_error_new (UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                      "The server's answer has no %s", what);
}

/* The first (for calls of one id, only) response message, or the error. */
static xmlNode *
first_message (UmResponse  *response,
               GError     **error)
{
  xmlNode *message = um_xml_first_element (um_response_get_messages (response));

  if (message == NULL)
    {
      g_propagate_error (error, malformed ("response message"));
      return NULL;
    }

  *error = um_response_message_error (response, message);
  return *error == NULL ? message : NULL;
}

static gboolean
is_folder_element (const xmlNode *node)
{
  static const char *const names[] = {
    "Folder", "SearchFolder", "CalendarFolder", "ContactsFolder", "TasksFolder",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (um_xml_is (node, UM_NS_TYPES, names[i]))
        return TRUE;
    }
  return FALSE;
}

static void
add_folders (GPtrArray     *folders,
             const xmlNode *list)
{
  for (xmlNode *child = um_xml_first_element (list); child != NULL;
       child = um_xml_next_element (child))
    {
      UmFolder *folder;

      if (!is_folder_element (child))
        continue;
      folder = um_folder_from_xml (child);
      if (folder != NULL)
        g_ptr_array_add (folders, folder);
    }
}

static void
add_items (GPtrArray     *items,
           const xmlNode *list)
{
  for (xmlNode *child = um_xml_first_element (list); child != NULL;
       child = um_xml_next_element (child))
    {
      UmVoiceMail *item = um_voice_mail_from_xml (child);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
}

/* GetFolder */

static void
read_get_folders (UmMailbox  *self,
                  UmResponse *response,
                  GTask      *task)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func ((GDestroyNotify)um_folder_free);

  for (xmlNode *message = um_xml_first_element (um_response_get_messages (response));
       message != NULL; message = um_xml_next_element (message))
    {
      GError *error = um_response_message_error (response, message);

      /* One answer per id, in order: every id must come back. */
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      add_folders (folders, um_xml_child (message, UM_NS_MESSAGES, "Folders"));
    }

  g_task_return_pointer (task, g_steal_pointer (&folders), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * um_mailbox_get_folders_async:
 * @self: a mailbox
 * @folder_ids: (array zero-terminated=1): folder ids or distinguished names
 *   ("inbox", "deleteditems", "voicemail", "msgfolderroot")
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * GetFolder: the folders with their counts, in the order asked for. Fails
 * with %UM_ERROR_NOT_FOUND if one of them does not exist.
 */
void
um_mailbox_get_folders_async (UmMailbox           *self,
                              const char * const  *folder_ids,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *ids;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (folder_ids != NULL && folder_ids[0] != NULL);

  request = new_request (self, UM_OPERATION_GET_FOLDER);
  add_folder_shape (request, NULL);
  ids = um_request_add_element (request, NULL, "FolderIds", NULL);
  for (guint i = 0; folder_ids[i] != NULL; i++)
    add_folder_id (request, ids, folder_ids[i]);
  send (self, request, um_mailbox_get_folders_async, read_get_folders, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_get_folders_finish:
 *
 * Returns: (transfer container) (element-type UmFolder): the folders
 */
GPtrArray *
um_mailbox_get_folders_finish (UmMailbox     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_get_folders_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* FindFolder */

static void
read_find_folders (UmMailbox  *self,
                   UmResponse *response,
                   GTask      *task)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func ((GDestroyNotify)um_folder_free);
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  xmlNode *root;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = um_xml_child (message, UM_NS_MESSAGES, "RootFolder");
  if (root == NULL)
    {
      g_task_return_error (task, malformed ("RootFolder"));
      return;
    }
  add_folders (folders, um_xml_child (root, UM_NS_TYPES, "Folders"));
  g_task_return_pointer (task, g_steal_pointer (&folders), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * um_mailbox_find_folders_async:
 * @self: a mailbox
 * @parent_id: the folder whose child folders to list
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * FindFolder, shallow: the folders directly under @parent_id.
 */
void
um_mailbox_find_folders_async (UmMailbox           *self,
                               const char          *parent_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *parents;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (parent_id != NULL);

  request = new_request (self, UM_OPERATION_FIND_FOLDER);
  um_request_set_attribute (request, um_request_get_body_element (request), "Traversal",
                            "Shallow");
  add_folder_shape (request, NULL);
  parents = um_request_add_element (request, NULL, "ParentFolderIds", NULL);
  add_folder_id (request, parents, parent_id);
  send (self, request, um_mailbox_find_folders_async, read_find_folders, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_find_folders_finish:
 *
 * Returns: (transfer container) (element-type UmFolder): the folders
 */
GPtrArray *
um_mailbox_find_folders_finish (UmMailbox     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_find_folders_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* CreateFolder */

static void
read_create_folder (UmMailbox  *self,
                    UmResponse *response,
                    GTask      *task)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func ((GDestroyNotify)um_folder_free);
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  add_folders (folders, um_xml_child (message, UM_NS_MESSAGES, "Folders"));
  if (folders->len == 0)
    {
      g_task_return_error (task, malformed ("Folder"));
      return;
    }
  g_task_return_pointer (task, g_ptr_array_steal_index (folders, 0),
                         (GDestroyNotify)um_folder_free);
}

/**
 * um_mailbox_create_folder_async:
 * @self: a mailbox
 * @parent_id: where to create it
 * @display_name: its name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * CreateFolder of a mail folder (IPF.Note). Fails with %UM_ERROR_EXISTS
 * when @parent_id already has a folder of that name.
 */
void
um_mailbox_create_folder_async (UmMailbox           *self,
                                const char          *parent_id,
                                const char          *display_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *parent;
  xmlNode *folders;
  xmlNode *folder;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (parent_id != NULL);
  g_return_if_fail (display_name != NULL && display_name[0] != '\0');

  request = new_request (self, UM_OPERATION_CREATE_FOLDER);
  parent = um_request_add_element (request, NULL, "ParentFolderId", NULL);
  add_folder_id (request, parent, parent_id);
  folders = um_request_add_element (request, NULL, "Folders", NULL);
  folder = um_request_add_type_element (request, folders, "Folder", NULL);
  um_request_add_type_element (request, folder, "FolderClass", "IPF.Note");
  um_request_add_type_element (request, folder, "DisplayName", display_name);
  send (self, request, um_mailbox_create_folder_async, read_create_folder, cancellable,
        callback, user_data);
}

/**
 * um_mailbox_create_folder_finish:
 *
 * Returns: (transfer full): the new folder
 */
UmFolder *
um_mailbox_create_folder_finish (UmMailbox     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_create_folder_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* FindItem */

static int
int_attribute (const xmlNode *node,
               const char    *name,
               int            fallback)
{
  g_autofree char *text = um_xml_attribute (node, name);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (g_strstrip (text), 10, 0, G_MAXINT, &value,
                                                 NULL))
    return fallback;
  return (int)value;
}

static void
read_find_items (UmMailbox  *self,
                 UmResponse *response,
                 GTask      *task)
{
  g_autoptr(UmItemPage) page = g_new0 (UmItemPage, 1);
  g_autofree char *last = NULL;
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  xmlNode *root;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = um_xml_child (message, UM_NS_MESSAGES, "RootFolder");
  if (root == NULL)
    {
      g_task_return_error (task, malformed ("RootFolder"));
      return;
    }

  page->items = g_ptr_array_new_with_free_func ((GDestroyNotify)um_voice_mail_free);
  add_items (page->items, um_xml_child (root, UM_NS_TYPES, "Items"));
  page->total = int_attribute (root, "TotalItemsInView", -1);
  page->next_offset = int_attribute (root, "IndexedPagingOffset", -1);
  last = um_xml_attribute (root, "IncludesLastItemInRange");
  if (!um_xml_parse_boolean (last, &page->last))
    page->last = TRUE;

  /* A server that names no next offset has given everything asked for. */
  if (page->next_offset < 0)
    page->next_offset = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "offset")) +
                        (int)page->items->len;
  if (!page->last && page->items->len == 0)
    {
      g_task_return_error (task, g_error_new_literal (UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                                                      "The server's page is empty but not "
                                                      "the last"));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify)um_item_page_free);
}

static void
add_voicemail_restriction (UmRequest *request,
                           xmlNode   *parent)
{
  static const char *const classes[] = { UM_VOICEMAIL_CLASS, UM_VOICEMAIL_CLASS_PROTECTED };
  xmlNode *restriction = um_request_add_element (request, parent, "Restriction", NULL);
  xmlNode *or = um_request_add_type_element (request, restriction, "Or", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      xmlNode *contains = um_request_add_type_element (request, or, "Contains", NULL);
      xmlNode *constant;

      um_request_set_attribute (request, contains, "ContainmentMode", "Prefixed");
      um_request_set_attribute (request, contains, "ContainmentComparison", "IgnoreCase");
      add_field (request, contains, "item:ItemClass");
      constant = um_request_add_type_element (request, contains, "Constant", NULL);
      um_request_set_attribute (request, constant, "Value", classes[i]);
    }
}

/**
 * um_mailbox_find_voicemails_async:
 * @self: a mailbox
 * @folder_id: the folder, e.g. "voicemail" or "deleteditems"
 * @offset: the first item's index, newest first
 * @max_entries: the page size, 1 to 1000
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * FindItem of the voice mails (IPM.Note.Microsoft.Voicemail* classes) of
 * @folder_id, newest first, one indexed page.
 */
void
um_mailbox_find_voicemails_async (UmMailbox           *self,
                                  const char          *folder_id,
                                  int                  offset,
                                  int                  max_entries,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  g_autofree char *offset_text = NULL;
  g_autofree char *max_text = NULL;
  GTask *task;
  xmlNode *view;
  xmlNode *sort;
  xmlNode *order;
  xmlNode *parents;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (folder_id != NULL);
  g_return_if_fail (offset >= 0);
  g_return_if_fail (max_entries > 0 && max_entries <= 1000);

  offset_text = g_strdup_printf ("%d", offset);
  max_text = g_strdup_printf ("%d", max_entries);

  request = new_request (self, UM_OPERATION_FIND_ITEM);
  um_request_set_attribute (request, um_request_get_body_element (request), "Traversal",
                            "Shallow");
  add_item_shape (request, NULL, SHAPE_SUMMARY);
  view = um_request_add_element (request, NULL, "IndexedPageItemView", NULL);
  um_request_set_attribute (request, view, "MaxEntriesReturned", max_text);
  um_request_set_attribute (request, view, "Offset", offset_text);
  um_request_set_attribute (request, view, "BasePoint", "Beginning");
  add_voicemail_restriction (request, NULL);
  sort = um_request_add_element (request, NULL, "SortOrder", NULL);
  order = um_request_add_type_element (request, sort, "FieldOrder", NULL);
  um_request_set_attribute (request, order, "Order", "Descending");
  add_field (request, order, "item:DateTimeReceived");
  parents = um_request_add_element (request, NULL, "ParentFolderIds", NULL);
  add_folder_id (request, parents, folder_id);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_mailbox_find_voicemails_async);
  g_task_set_task_data (task, read_find_items, NULL);
  g_object_set_data (G_OBJECT (task), "offset", GINT_TO_POINTER (offset));
  um_client_send_async (self->client, request, cancellable, sent_cb, task);
}

/**
 * um_mailbox_find_voicemails_finish:
 *
 * Returns: (transfer full): the page
 */
UmItemPage *
um_mailbox_find_voicemails_finish (UmMailbox     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_find_voicemails_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The item of a message found by its Message-ID: FindItem with an
 * IsEqualTo restriction. */
static void
read_find_one (UmMailbox  *self,
               UmResponse *response,
               GTask      *task)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)um_voice_mail_free);
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  add_items (items, um_xml_child (um_xml_child (message, UM_NS_MESSAGES, "RootFolder"),
                                  UM_NS_TYPES, "Items"));
  if (items->len == 0)
    {
      g_task_return_new_error (task, UM_ERROR, UM_ERROR_NOT_FOUND,
                               "The message is not in the folder");
      return;
    }
  g_task_return_pointer (task, g_ptr_array_steal_index (items, 0),
                         (GDestroyNotify)um_voice_mail_free);
}

/**
 * um_mailbox_find_by_message_id_async:
 * @self: a mailbox
 * @folder_id: where to look
 * @internet_message_id: the Message-ID, which an item keeps when it moves
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds where a message went after its id changed (moved, deleted).
 */
void
um_mailbox_find_by_message_id_async (UmMailbox           *self,
                                     const char          *folder_id,
                                     const char          *internet_message_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *view;
  xmlNode *restriction;
  xmlNode *equal;
  xmlNode *field;
  xmlNode *constant;
  xmlNode *parents;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (folder_id != NULL);
  g_return_if_fail (internet_message_id != NULL);

  request = new_request (self, UM_OPERATION_FIND_ITEM);
  um_request_set_attribute (request, um_request_get_body_element (request), "Traversal",
                            "Shallow");
  add_item_shape (request, NULL, SHAPE_SUMMARY);
  view = um_request_add_element (request, NULL, "IndexedPageItemView", NULL);
  um_request_set_attribute (request, view, "MaxEntriesReturned", "1");
  um_request_set_attribute (request, view, "Offset", "0");
  um_request_set_attribute (request, view, "BasePoint", "Beginning");
  restriction = um_request_add_element (request, NULL, "Restriction", NULL);
  equal = um_request_add_type_element (request, restriction, "IsEqualTo", NULL);
  add_field (request, equal, "message:InternetMessageId");
  field = um_request_add_type_element (request, equal, "FieldURIOrConstant", NULL);
  constant = um_request_add_type_element (request, field, "Constant", NULL);
  um_request_set_attribute (request, constant, "Value", internet_message_id);
  parents = um_request_add_element (request, NULL, "ParentFolderIds", NULL);
  add_folder_id (request, parents, folder_id);
  send (self, request, um_mailbox_find_by_message_id_async, read_find_one, cancellable,
        callback, user_data);
}

/**
 * um_mailbox_find_by_message_id_finish:
 *
 * Returns: (transfer full): the item; %UM_ERROR_NOT_FOUND if there is none
 */
UmVoiceMail *
um_mailbox_find_by_message_id_finish (UmMailbox     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_find_by_message_id_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GetItem */

static void
read_get_items (UmMailbox  *self,
                UmResponse *response,
                GTask      *task)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)um_voice_mail_free);
  GError *first_error = NULL;
  guint n_messages = 0;

  for (xmlNode *message = um_xml_first_element (um_response_get_messages (response));
       message != NULL; message = um_xml_next_element (message))
    {
      GError *error = um_response_message_error (response, message);

      n_messages++;
      if (error != NULL)
        {
          /* An item deleted since it was listed is no reason to fail. */
          if (first_error == NULL)
            first_error = error;
          else
            g_error_free (error);
          continue;
        }
      add_items (items, um_xml_child (message, UM_NS_MESSAGES, "Items"));
    }

  if (items->len == 0 && first_error != NULL)
    {
      g_task_return_error (task, first_error);
      return;
    }
  g_clear_error (&first_error);

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * um_mailbox_get_voicemails_async:
 * @self: a mailbox
 * @item_ids: (array zero-terminated=1): the items
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * GetItem with every voice-mail property and the attachments. Items the
 * server no longer has are left out; if none is left the call fails with
 * the first item's error.
 */
void
um_mailbox_get_voicemails_async (UmMailbox           *self,
                                 const char * const  *item_ids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *ids;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (item_ids != NULL && item_ids[0] != NULL);

  request = new_request (self, UM_OPERATION_GET_ITEM);
  add_item_shape (request, NULL, SHAPE_FULL);
  ids = um_request_add_element (request, NULL, "ItemIds", NULL);
  for (guint i = 0; item_ids[i] != NULL; i++)
    add_item_id (request, ids, item_ids[i]);
  send (self, request, um_mailbox_get_voicemails_async, read_get_items, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_get_voicemails_finish:
 *
 * Returns: (transfer container) (element-type UmVoiceMail): the items
 */
GPtrArray *
um_mailbox_get_voicemails_finish (UmMailbox     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_get_voicemails_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Answers read as a stream, chunk by chunk, as they arrive: attachments and
 * streaming notifications. The task data of such a call starts with a
 * Reader. */

typedef struct {
  GInputStream *input;
  /* Takes a chunk; returns TRUE to read on, FALSE when it has returned the
   * task or keeps a reference and calls reader_read_next() itself. */
  gboolean    (*chunk) (GTask  *task,
                        GBytes *chunk);
  /* Takes the end of the answer, and returns the task. */
  void        (*end)   (GTask  *task);
} Reader;

/* Closing a response stream before its end with a cancelled cancellable
 * drops the connection instead of reading the rest. */
static void
reader_close_unread (Reader *reader)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close (reader->input, cancelled, NULL);
}

static void reader_read_next (GTask *task);

static void
reader_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Reader *reader = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close (reader->input, NULL, NULL);
      reader->end (task);
      return;
    }

  if (reader->chunk (task, chunk))
    reader_read_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
reader_read_next (GTask *task)
{
  Reader *reader = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (reader->input, STREAM_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), reader_read_cb, task);
}

static void
reader_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Reader *reader = g_task_get_task_data (task);
  GError *error = NULL;

  reader->input = um_client_open_finish (UM_CLIENT (object), result, &error);
  if (reader->input == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  reader_read_next (task);
}

/* GetAttachment, streamed: the base64 text of t:Content goes through a
 * decoder to the output as it arrives; the rest of the answer, with an
 * empty Content, is kept and read as any answer at the end. */

typedef enum {
  SCAN_MARKUP,
  SCAN_CONTENT,
} ScanState;

typedef struct {
  Reader         reader;
  GOutputStream *output;
  GString       *markup;
  gsize          max_markup;
  gssize         tag_start;
  char           quote;
  ScanState      state;
  gboolean       content_seen;
  int            base64_state;
  guint          base64_save;
  GByteArray    *decoded;
  gint64         written;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->output);
  g_clear_object (&data->reader.input);
  g_string_free (data->markup, TRUE);
  g_byte_array_unref (data->decoded);
  g_free (data);
}

/* Whether markup from @start is the start tag of an element whose local
 * name is Content, not empty. */
static gboolean
is_content_start_tag (const char *tag,
                      gsize       length)
{
  const char *name = tag + 1;
  const char *end = tag + length;
  const char *local;
  const char *name_end;

  if (length < 3 || tag[0] != '<' || tag[length - 1] != '>' || *name == '/' || *name == '?' ||
      *name == '!' || tag[length - 2] == '/')
    return FALSE;

  name_end = name;
  while (name_end < end && !g_ascii_isspace (*name_end) && *name_end != '>' && *name_end != '/')
    name_end++;
  local = memchr (name, ':', name_end - name);
  local = local != NULL ? local + 1 : name;
  return name_end - local == 7 && memcmp (local, "Content", 7) == 0;
}

static gboolean
scan (FetchData    *data,
      const guint8 *bytes,
      gsize         size,
      GError      **error)
{
  gsize i = 0;

  while (i < size)
    {
      if (data->state == SCAN_CONTENT)
        {
          const guint8 *lt = memchr (bytes + i, '<', size - i);
          gsize n = (lt != NULL ? (gsize)(lt - bytes) : size) - i;

          if (memchr (bytes + i, '&', n) != NULL)
            {
              g_set_error_literal (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                                   "The attachment's content is not plain base64");
              return FALSE;
            }

          if (n > 0)
            {
              gsize old = data->decoded->len;

              g_byte_array_set_size (data->decoded, old + (n / 4) * 3 + 3);
              g_byte_array_set_size (data->decoded,
                                     old + g_base64_decode_step ((const char *)bytes + i, n,
                                                                 data->decoded->data + old,
                                                                 &data->base64_state,
                                                                 &data->base64_save));
              if (data->written + data->decoded->len > MAX_ATTACHMENT_SIZE)
                {
                  g_set_error_literal (error, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE,
                                       "The attachment is too large for a voice mail");
                  return FALSE;
                }
            }
          i += n;
          if (lt != NULL)
            data->state = SCAN_MARKUP;
          continue;
        }

      /* Markup: kept, and watched for the start tag of Content. */
      {
        char c = bytes[i++];

        if (data->markup->len >= data->max_markup)
          {
            g_set_error_literal (error, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE, NULL);
            return FALSE;
          }
        g_string_append_c (data->markup, c);

        if (data->quote != '\0')
          {
            if (c == data->quote)
              data->quote = '\0';
          }
        else if (c == '<')
          {
            data->tag_start = data->markup->len - 1;
          }
        else if (data->tag_start >= 0 && (c == '"' || c == '\''))
          {
            data->quote = c;
          }
        else if (c == '>' && data->tag_start >= 0)
          {
            if (is_content_start_tag (data->markup->str + data->tag_start,
                                      data->markup->len - data->tag_start))
              {
                if (data->content_seen)
                  {
                    g_set_error_literal (error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                                         "The server sent more than one attachment");
                    return FALSE;
                  }
                data->content_seen = TRUE;
                data->state = SCAN_CONTENT;
              }
            data->tag_start = -1;
          }
      }
    }
  return TRUE;
}

static void
fetch_finish (GTask *task)
{
  UmMailbox *self = g_task_get_source_object (task);
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) markup = g_bytes_new (data->markup->str, data->markup->len);
  g_autoptr(UmResponse) response = NULL;
  GError *error = NULL;
  xmlNode *message;
  xmlNode *attachments;

  response = um_response_new (UM_OPERATION_GET_ATTACHMENT, markup, SOUP_STATUS_OK,
                              um_client_get_max_response_size (self->client), &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = first_message (response, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  attachments = um_xml_child (message, UM_NS_MESSAGES, "Attachments");
  if (!data->content_seen ||
      !um_xml_child (um_xml_child (attachments, UM_NS_TYPES, "FileAttachment"),
                     UM_NS_TYPES, "Content"))
    {
      g_task_return_error (task, malformed ("file attachment content"));
      return;
    }

  if (!g_output_stream_flush (data->output, g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, data->written);
}

static void
fetch_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      reader_close_unread (&data->reader);
      g_task_return_error (task, error);
      return;
    }

  data->written += written;
  g_byte_array_set_size (data->decoded, 0);
  reader_read_next (g_steal_pointer (&task));
}

static gboolean
fetch_chunk (GTask  *task,
             GBytes *chunk)
{
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!scan (data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk), &error))
    {
      reader_close_unread (&data->reader);
      g_task_return_error (task, error);
      return FALSE;
    }

  if (data->decoded->len == 0)
    return TRUE;

  /* Read on once the decoded bytes are written. */
  g_output_stream_write_all_async (data->output, data->decoded->data, data->decoded->len,
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   fetch_written_cb, g_object_ref (task));
  return FALSE;
}

/**
 * um_mailbox_fetch_attachment_async:
 * @self: a mailbox
 * @attachment_id: the AttachmentId
 * @output: where the attachment's bytes go
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * GetAttachment of one file attachment, decoded to @output as the answer
 * arrives: never held whole in memory. On error, @output holds part of the
 * file: the caller removes it.
 */
void
um_mailbox_fetch_attachment_async (UmMailbox           *self,
                                   const char          *attachment_id,
                                   GOutputStream       *output,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  FetchData *data;
  GTask *task;
  xmlNode *ids;
  xmlNode *id;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (attachment_id != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (output));

  request = new_request (self, UM_OPERATION_GET_ATTACHMENT);
  ids = um_request_add_element (request, NULL, "AttachmentIds", NULL);
  id = um_request_add_type_element (request, ids, "AttachmentId", NULL);
  um_request_set_attribute (request, id, "Id", attachment_id);

  data = g_new0 (FetchData, 1);
  data->reader.chunk = fetch_chunk;
  data->reader.end = fetch_finish;
  data->output = g_object_ref (output);
  data->markup = g_string_new (NULL);
  data->max_markup = um_client_get_max_response_size (self->client);
  data->tag_start = -1;
  data->decoded = g_byte_array_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_mailbox_fetch_attachment_async);
  g_task_set_task_data (task, data, (GDestroyNotify)fetch_data_free);
  um_client_open_async (self->client, request, cancellable, reader_opened_cb, task);
}

/**
 * um_mailbox_fetch_attachment_finish:
 *
 * Returns: the number of bytes written, or -1 on error
 */
gint64
um_mailbox_fetch_attachment_finish (UmMailbox     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_fetch_attachment_async), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* UpdateItem, MoveItem, DeleteItem */

static void
read_done (UmMailbox  *self,
           UmResponse *response,
           GTask      *task)
{
  GError *error = NULL;

  if (first_message (response, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * um_mailbox_set_read_async:
 * @self: a mailbox
 * @item_id: the item
 * @is_read: heard or not
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * UpdateItem of message:IsRead, whatever else changed on the item since
 * (ConflictResolution AutoResolve, no change key).
 */
void
um_mailbox_set_read_async (UmMailbox           *self,
                           const char          *item_id,
                           gboolean             is_read,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *body;
  xmlNode *changes;
  xmlNode *change;
  xmlNode *updates;
  xmlNode *set;
  xmlNode *message;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (item_id != NULL);

  request = new_request (self, UM_OPERATION_UPDATE_ITEM);
  body = um_request_get_body_element (request);
  um_request_set_attribute (request, body, "MessageDisposition", "SaveOnly");
  um_request_set_attribute (request, body, "ConflictResolution", "AutoResolve");
  changes = um_request_add_element (request, NULL, "ItemChanges", NULL);
  change = um_request_add_type_element (request, changes, "ItemChange", NULL);
  add_item_id (request, change, item_id);
  updates = um_request_add_type_element (request, change, "Updates", NULL);
  set = um_request_add_type_element (request, updates, "SetItemField", NULL);
  add_field (request, set, "message:IsRead");
  message = um_request_add_type_element (request, set, "Message", NULL);
  um_request_add_type_element (request, message, "IsRead", is_read ? "true" : "false");
  send (self, request, um_mailbox_set_read_async, read_done, cancellable, callback, user_data);
}

gboolean
um_mailbox_set_read_finish (UmMailbox     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_set_read_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_move (UmMailbox  *self,
           UmResponse *response,
           GTask      *task)
{
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  xmlNode *item;
  char *new_id;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  item = um_xml_first_element (um_xml_child (message, UM_NS_MESSAGES, "Items"));
  new_id = um_xml_attribute (um_xml_child (item, UM_NS_TYPES, "ItemId"), "Id");
  if (new_id == NULL)
    {
      g_task_return_error (task, malformed ("new ItemId"));
      return;
    }
  g_task_return_pointer (task, new_id, g_free);
}

/**
 * um_mailbox_move_async:
 * @self: a mailbox
 * @item_id: the item
 * @folder_id: the folder to move it to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * MoveItem with ReturnNewItemIds: an item has a new id in its new folder.
 */
void
um_mailbox_move_async (UmMailbox           *self,
                       const char          *item_id,
                       const char          *folder_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *to;
  xmlNode *ids;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (item_id != NULL);
  g_return_if_fail (folder_id != NULL);

  request = new_request (self, UM_OPERATION_MOVE_ITEM);
  to = um_request_add_element (request, NULL, "ToFolderId", NULL);
  add_folder_id (request, to, folder_id);
  ids = um_request_add_element (request, NULL, "ItemIds", NULL);
  add_item_id (request, ids, item_id);
  um_request_add_element (request, NULL, "ReturnNewItemIds", "true");
  send (self, request, um_mailbox_move_async, read_move, cancellable, callback, user_data);
}

/**
 * um_mailbox_move_finish:
 *
 * Returns: (transfer full): the item's id in its new folder
 */
char *
um_mailbox_move_finish (UmMailbox     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_move_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * um_mailbox_delete_async:
 * @self: a mailbox
 * @item_id: the item
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * DeleteItem to Deleted Items (MoveToDeletedItems), from where a move
 * brings it back.
 */
void
um_mailbox_delete_async (UmMailbox           *self,
                         const char          *item_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *ids;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (item_id != NULL);

  request = new_request (self, UM_OPERATION_DELETE_ITEM);
  um_request_set_attribute (request, um_request_get_body_element (request), "DeleteType",
                            "MoveToDeletedItems");
  ids = um_request_add_element (request, NULL, "ItemIds", NULL);
  add_item_id (request, ids, item_id);
  send (self, request, um_mailbox_delete_async, read_done, cancellable, callback, user_data);
}

gboolean
um_mailbox_delete_finish (UmMailbox     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_delete_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SyncFolderItems */

static const struct {
  const char       *name;
  UmSyncChangeKind  kind;
} change_names[] = {
  { "Create", UM_SYNC_CHANGE_CREATE },
  { "Update", UM_SYNC_CHANGE_UPDATE },
  { "Delete", UM_SYNC_CHANGE_DELETE },
  { "ReadFlagChange", UM_SYNC_CHANGE_READ_FLAG_CHANGE },
};

static UmSyncChange *
read_change (const xmlNode *node)
{
  g_autofree UmSyncChange *change = g_new0 (UmSyncChange, 1);
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (change_names); i++)
    {
      if (um_xml_is (node, UM_NS_TYPES, change_names[i].name))
        {
          change->kind = change_names[i].kind;
          known = TRUE;
        }
    }
  if (!known)
    return NULL;

  if (change->kind == UM_SYNC_CHANGE_CREATE || change->kind == UM_SYNC_CHANGE_UPDATE)
    {
      change->item = um_voice_mail_from_xml (um_xml_first_element (node));
    }
  else
    {
      g_autofree char *is_read = um_xml_text (um_xml_child (node, UM_NS_TYPES, "IsRead"));

      /* Delete and ReadFlagChange carry the id itself. */
      change->item = um_voice_mail_from_xml (node);
      if (change->item != NULL && is_read != NULL &&
          !um_xml_parse_boolean (is_read, &change->item->is_read))
        g_clear_pointer (&change->item, um_voice_mail_free);
    }

  if (change->item == NULL)
    return NULL;
  return g_steal_pointer (&change);
}

static void
read_sync (UmMailbox  *self,
           UmResponse *response,
           GTask      *task)
{
  g_autoptr(UmSyncResult) sync = g_new0 (UmSyncResult, 1);
  g_autofree char *includes_last = NULL;
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  xmlNode *changes;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  sync->sync_state = um_xml_text (um_xml_child (message, UM_NS_MESSAGES, "SyncState"));
  includes_last = um_xml_text (um_xml_child (message, UM_NS_MESSAGES,
                                             "IncludesLastItemInRange"));
  if (sync->sync_state == NULL || !um_xml_parse_boolean (includes_last, &sync->includes_last))
    {
      g_task_return_error (task, malformed ("SyncState"));
      return;
    }
  g_strstrip (sync->sync_state);

  sync->changes = g_ptr_array_new_with_free_func ((GDestroyNotify)um_sync_change_free);
  changes = um_xml_child (message, UM_NS_MESSAGES, "Changes");
  for (xmlNode *child = um_xml_first_element (changes); child != NULL;
       child = um_xml_next_element (child))
    {
      UmSyncChange *change = read_change (child);

      if (change != NULL)
        g_ptr_array_add (sync->changes, change);
    }

  g_task_return_pointer (task, g_steal_pointer (&sync), (GDestroyNotify)um_sync_result_free);
}

/**
 * um_mailbox_sync_folder_async:
 * @self: a mailbox
 * @folder_id: the folder
 * @sync_state: (nullable): the state of the last sync, %NULL for all items
 * @max_changes: at most this many changes, 1 to 512
 * @ids_only: whether to ask only for ids, classes and read flags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * SyncFolderItems: the changes of @folder_id since @sync_state. Fails with
 * %UM_ERROR_INVALID_SYNC_STATE when the server no longer accepts the state.
 */
void
um_mailbox_sync_folder_async (UmMailbox           *self,
                              const char          *folder_id,
                              const char          *sync_state,
                              int                  max_changes,
                              gboolean             ids_only,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  g_autofree char *max_text = NULL;
  xmlNode *folder;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (folder_id != NULL);
  g_return_if_fail (max_changes > 0 && max_changes <= UM_MAILBOX_MAX_SYNC_CHANGES);

  max_text = g_strdup_printf ("%d", max_changes);
  request = new_request (self, UM_OPERATION_SYNC_FOLDER_ITEMS);
  add_item_shape (request, NULL, ids_only ? SHAPE_IDS : SHAPE_SUMMARY);
  folder = um_request_add_element (request, NULL, "SyncFolderId", NULL);
  add_folder_id (request, folder, folder_id);
  if (sync_state != NULL && sync_state[0] != '\0')
    um_request_add_element (request, NULL, "SyncState", sync_state);
  um_request_add_element (request, NULL, "MaxChangesReturned", max_text);
  send (self, request, um_mailbox_sync_folder_async, read_sync, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_sync_folder_finish:
 *
 * Returns: (transfer full): the changes and the new state
 */
UmSyncResult *
um_mailbox_sync_folder_finish (UmMailbox     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_sync_folder_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ConvertId */

static const char *const id_formats[] = {
  [UM_ID_FORMAT_EWS_ID] = "EwsId",
  [UM_ID_FORMAT_ENTRY_ID] = "EntryId",
  [UM_ID_FORMAT_HEX_ENTRY_ID] = "HexEntryId",
  [UM_ID_FORMAT_OWA_ID] = "OwaId",
  [UM_ID_FORMAT_EWS_LEGACY_ID] = "EwsLegacyId",
};

static void
read_convert_id (UmMailbox  *self,
                 UmResponse *response,
                 GTask      *task)
{
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  char *id;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  id = um_xml_attribute (um_xml_child (message, UM_NS_MESSAGES, "AlternateId"), "Id");
  if (id == NULL || id[0] == '\0')
    {
      g_free (id);
      g_task_return_error (task, malformed ("AlternateId"));
      return;
    }
  g_task_return_pointer (task, id, g_free);
}

/**
 * um_mailbox_convert_id_async:
 * @self: a mailbox with an #UmMailbox:email
 * @id: an item or folder id
 * @from: the format of @id
 * @to: the format wanted
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * ConvertId: e.g. an EWS id to the base64 EntryID that PlayOnPhone and
 * SetTelephoneAccessFolderEmail take.
 */
void
um_mailbox_convert_id_async (UmMailbox           *self,
                             const char          *id,
                             UmIdFormat           from,
                             UmIdFormat           to,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *sources;
  xmlNode *alternate;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (from < G_N_ELEMENTS (id_formats) && to < G_N_ELEMENTS (id_formats));

  if (self->email == NULL)
    {
      g_task_report_new_error (self, callback, user_data, um_mailbox_convert_id_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Converting ids needs the mailbox's e-mail address");
      return;
    }

  request = new_request (self, UM_OPERATION_CONVERT_ID);
  um_request_set_attribute (request, um_request_get_body_element (request), "DestinationFormat",
                            id_formats[to]);
  sources = um_request_add_element (request, NULL, "SourceIds", NULL);
  alternate = um_request_add_type_element (request, sources, "AlternateId", NULL);
  um_request_set_attribute (request, alternate, "Format", id_formats[from]);
  um_request_set_attribute (request, alternate, "Id", id);
  um_request_set_attribute (request, alternate, "Mailbox", self->email);
  send (self, request, um_mailbox_convert_id_async, read_convert_id, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_convert_id_finish:
 *
 * Returns: (transfer full): the id in the format asked for
 */
char *
um_mailbox_convert_id_finish (UmMailbox     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_convert_id_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Subscribe, Unsubscribe, GetEvents */

typedef struct {
  char *subscription_id;
  char *watermark;
} Subscription;

static void
subscription_free (Subscription *subscription)
{
  g_free (subscription->subscription_id);
  g_free (subscription->watermark);
  g_free (subscription);
}

static void
read_subscribe (UmMailbox  *self,
                UmResponse *response,
                GTask      *task)
{
  g_autoptr(GError) error = NULL;
  xmlNode *message = first_message (response, &error);
  Subscription *subscription;

  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  subscription = g_new0 (Subscription, 1);
  subscription->subscription_id = um_xml_text (um_xml_child (message, UM_NS_MESSAGES,
                                                             "SubscriptionId"));
  subscription->watermark = um_xml_text (um_xml_child (message, UM_NS_MESSAGES, "Watermark"));
  if (subscription->subscription_id == NULL || subscription->subscription_id[0] == '\0')
    {
      subscription_free (subscription);
      g_task_return_error (task, malformed ("SubscriptionId"));
      return;
    }
  g_strstrip (subscription->subscription_id);
  if (subscription->watermark != NULL)
    g_strstrip (subscription->watermark);
  g_task_return_pointer (task, subscription, (GDestroyNotify)subscription_free);
}

static const char *const subscribed_events[] = {
  "NewMailEvent", "CreatedEvent", "DeletedEvent", "ModifiedEvent", "MovedEvent", "CopiedEvent",
};

/**
 * um_mailbox_subscribe_async:
 * @self: a mailbox
 * @kind: streaming or pull
 * @folder_ids: (array zero-terminated=1): the folders to watch
 * @timeout_minutes: for a pull subscription, how long the server keeps it
 *   without GetEvents (1 to 1440); ignored for streaming
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Subscribe to new, created, deleted, modified, moved and copied items and
 * folders of @folder_ids.
 */
void
um_mailbox_subscribe_async (UmMailbox           *self,
                            UmSubscriptionKind   kind,
                            const char * const  *folder_ids,
                            int                  timeout_minutes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  xmlNode *subscription;
  xmlNode *folders;
  xmlNode *events;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (folder_ids != NULL && folder_ids[0] != NULL);

  request = new_request (self, UM_OPERATION_SUBSCRIBE);
  subscription = um_request_add_element (request, NULL,
                                         kind == UM_SUBSCRIPTION_STREAMING
                                           ? "StreamingSubscriptionRequest"
                                           : "PullSubscriptionRequest",
                                         NULL);
  folders = um_request_add_type_element (request, subscription, "FolderIds", NULL);
  for (guint i = 0; folder_ids[i] != NULL; i++)
    add_folder_id (request, folders, folder_ids[i]);
  events = um_request_add_type_element (request, subscription, "EventTypes", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (subscribed_events); i++)
    um_request_add_type_element (request, events, "EventType", subscribed_events[i]);
  if (kind == UM_SUBSCRIPTION_PULL)
    {
      g_autofree char *timeout = g_strdup_printf ("%d", CLAMP (timeout_minutes, 1, 1440));

      um_request_add_type_element (request, subscription, "Timeout", timeout);
    }
  send (self, request, um_mailbox_subscribe_async, read_subscribe, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_subscribe_finish:
 * @self: a mailbox
 * @result: the result
 * @watermark: (out) (optional) (transfer full): the first watermark of a
 *   pull subscription, or %NULL
 * @error: return location for an error
 *
 * Returns: (transfer full): the SubscriptionId
 */
char *
um_mailbox_subscribe_finish (UmMailbox     *self,
                             GAsyncResult  *result,
                             char         **watermark,
                             GError       **error)
{
  Subscription *subscription;
  char *id;

  g_return_val_if_fail (check_finish (self, result, um_mailbox_subscribe_async), NULL);

  subscription = g_task_propagate_pointer (G_TASK (result), error);
  if (subscription == NULL)
    return NULL;

  id = g_steal_pointer (&subscription->subscription_id);
  if (watermark != NULL)
    *watermark = g_steal_pointer (&subscription->watermark);
  subscription_free (subscription);
  return id;
}

void
um_mailbox_unsubscribe_async (UmMailbox           *self,
                              const char          *subscription_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (subscription_id != NULL);

  request = new_request (self, UM_OPERATION_UNSUBSCRIBE);
  um_request_add_element (request, NULL, "SubscriptionId", subscription_id);
  send (self, request, um_mailbox_unsubscribe_async, read_done, cancellable, callback,
        user_data);
}

gboolean
um_mailbox_unsubscribe_finish (UmMailbox     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_unsubscribe_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
read_get_events (UmMailbox  *self,
                 UmResponse *response,
                 GTask      *task)
{
  GError *error = NULL;
  xmlNode *message = first_message (response, &error);
  xmlNode *notification;

  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  notification = um_xml_child (message, UM_NS_MESSAGES, "Notification");
  if (notification == NULL)
    {
      g_task_return_error (task, malformed ("Notification"));
      return;
    }
  g_task_return_pointer (task, um_notification_from_xml (notification),
                         (GDestroyNotify)um_notification_free);
}

/**
 * um_mailbox_get_events_async:
 * @self: a mailbox
 * @subscription_id: a pull subscription
 * @watermark: the last watermark seen
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * GetEvents: the events of a pull subscription after @watermark. Fails with
 * %UM_ERROR_SUBSCRIPTION when the subscription expired.
 */
void
um_mailbox_get_events_async (UmMailbox           *self,
                             const char          *subscription_id,
                             const char          *watermark,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (subscription_id != NULL);
  g_return_if_fail (watermark != NULL);

  request = new_request (self, UM_OPERATION_GET_EVENTS);
  um_request_add_element (request, NULL, "SubscriptionId", subscription_id);
  um_request_add_element (request, NULL, "Watermark", watermark);
  send (self, request, um_mailbox_get_events_async, read_get_events, cancellable, callback,
        user_data);
}

/**
 * um_mailbox_get_events_finish:
 *
 * Returns: (transfer full): the events
 */
UmNotification *
um_mailbox_get_events_finish (UmMailbox     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_get_events_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GetStreamingEvents: one answer that stays open and carries a SOAP
 * envelope for each batch of events; each is cut out when its closing
 * Envelope tag arrives and read as any answer. */

typedef struct {
  Reader              reader;
  GByteArray         *buffer;
  gsize               scanned;
  gsize               max_size;
  UmNotificationFunc  func;
  gpointer            func_data;
  GDestroyNotify      func_data_free;
} StreamData;

static void
stream_data_free (StreamData *data)
{
  if (data->func_data_free != NULL)
    data->func_data_free (data->func_data);
  g_clear_object (&data->reader.input);
  g_byte_array_unref (data->buffer);
  g_free (data);
}

/* The end of the first "</prefix:Envelope>" at or after @from, or 0. */
static gsize
find_envelope_end (const guint8 *data,
                   gsize         length,
                   gsize         from)
{
  for (gsize i = from; i + 10 < length + 1; i++)
    {
      gsize j;

      if (data[i] != '<' || i + 1 >= length || data[i + 1] != '/')
        continue;
      j = i + 2;
      while (j < length && data[j] != '>' && !g_ascii_isspace (data[j]))
        j++;
      if (j >= 8 && j - (i + 2) >= 8 && memcmp (data + j - 8, "Envelope", 8) == 0 &&
          (j - (i + 2) == 8 || data[j - 9] == ':'))
        {
          while (j < length && g_ascii_isspace (data[j]))
            j++;
          if (j < length && data[j] == '>')
            return j + 1;
        }
    }
  return 0;
}

typedef enum {
  ENVELOPE_MORE,   /* keep reading */
  ENVELOPE_CLOSED, /* the server ended the connection cleanly */
  ENVELOPE_ERROR,
} EnvelopeResult;

static EnvelopeResult
read_envelope (UmMailbox   *self,
               StreamData  *data,
               GBytes      *envelope,
               GError     **error)
{
  g_autoptr(UmResponse) response = NULL;
  EnvelopeResult result = ENVELOPE_MORE;

  response = um_response_new (UM_OPERATION_GET_STREAMING_EVENTS, envelope, SOUP_STATUS_OK,
                              data->max_size, error);
  if (response == NULL)
    return ENVELOPE_ERROR;

  for (xmlNode *message = um_xml_first_element (um_response_get_messages (response));
       message != NULL; message = um_xml_next_element (message))
    {
      xmlNode *notifications;
      g_autofree char *status = NULL;
      gboolean any = FALSE;

      *error = um_response_message_error (response, message);
      if (*error != NULL)
        return ENVELOPE_ERROR;

      notifications = um_xml_child (message, UM_NS_MESSAGES, "Notifications");
      for (xmlNode *child = um_xml_first_element (notifications); child != NULL;
           child = um_xml_next_element (child))
        {
          g_autoptr(UmNotification) notification = NULL;

          if (!um_xml_is (child, UM_NS_TYPES, "Notification"))
            continue;
          notification = um_notification_from_xml (child);
          data->func (notification, data->func_data);
          any = TRUE;
        }

      if (um_xml_child (message, UM_NS_MESSAGES, "ErrorSubscriptionIds") != NULL)
        {
          g_set_error_literal (error, UM_ERROR, UM_ERROR_SUBSCRIPTION,
                               "The server ended the notification subscription");
          return ENVELOPE_ERROR;
        }

      status = um_xml_text (um_xml_child (message, UM_NS_MESSAGES, "ConnectionStatus"));
      if (status != NULL && strcmp (g_strstrip (status), "Closed") == 0)
        result = ENVELOPE_CLOSED;
      else if (!any)
        data->func (NULL, data->func_data);
    }

  return result;
}

static void
stream_end (GTask *task)
{
  StreamData *data = g_task_get_task_data (task);

  for (guint i = 0; i < data->buffer->len; i++)
    {
      if (!g_ascii_isspace (data->buffer->data[i]))
        {
          g_task_return_new_error (task, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE,
                                   "The server ended the notifications mid-message");
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
stream_chunk (GTask  *task,
              GBytes *chunk)
{
  UmMailbox *self = g_task_get_source_object (task);
  StreamData *data = g_task_get_task_data (task);
  gsize end;

  g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));

  while ((end = find_envelope_end (data->buffer->data, data->buffer->len, data->scanned)) > 0)
    {
      g_autoptr(GBytes) envelope = g_bytes_new (data->buffer->data, end);
      GError *envelope_error = NULL;
      EnvelopeResult envelope_result = read_envelope (self, data, envelope, &envelope_error);

      /* "Envelope>" in a comment or CDATA: not the end, read on. */
      if (envelope_result == ENVELOPE_ERROR &&
          g_error_matches (envelope_error, UM_ERROR, UM_ERROR_MALFORMED_RESPONSE) &&
          !g_str_has_prefix (envelope_error->message, "The server's answer has no"))
        {
          g_clear_error (&envelope_error);
          data->scanned = end;
          continue;
        }

      g_byte_array_remove_range (data->buffer, 0, end);
      data->scanned = 0;

      if (envelope_result != ENVELOPE_MORE || g_task_return_error_if_cancelled (task))
        {
          reader_close_unread (&data->reader);
          if (g_task_had_error (task))
            g_clear_error (&envelope_error);
          else if (envelope_result == ENVELOPE_ERROR)
            g_task_return_error (task, envelope_error);
          else
            g_task_return_boolean (task, TRUE);
          return FALSE;
        }
    }
  data->scanned = data->buffer->len > 16 ? data->buffer->len - 16 : 0;

  if (data->buffer->len > data->max_size)
    {
      reader_close_unread (&data->reader);
      g_task_return_new_error (task, UM_ERROR, UM_ERROR_RESPONSE_TOO_LARGE, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * um_mailbox_stream_events_async:
 * @self: a mailbox
 * @subscription_id: a streaming subscription
 * @connection_minutes: how long the server keeps the connection, 1 to 30
 * @func: called with each notification, and with %NULL for each heartbeat
 * @func_data: data for @func
 * @func_data_free: (nullable): frees @func_data when the stream ends
 * @cancellable: (nullable): a #GCancellable to end the connection
 * @callback: called when the connection ends
 * @user_data: data for @callback
 *
 * GetStreamingEvents: keeps the connection and hands over notifications as
 * the server pushes them, until the server closes it (then reconnect), the
 * subscription is gone (%UM_ERROR_SUBSCRIPTION), the connection fails, or
 * @cancellable is cancelled.
 */
void
um_mailbox_stream_events_async (UmMailbox           *self,
                                const char          *subscription_id,
                                int                  connection_minutes,
                                UmNotificationFunc   func,
                                gpointer             func_data,
                                GDestroyNotify       func_data_free,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(UmRequest) request = NULL;
  g_autofree char *minutes = NULL;
  StreamData *data;
  GTask *task;
  xmlNode *ids;

  g_return_if_fail (UM_IS_MAILBOX (self));
  g_return_if_fail (subscription_id != NULL);
  g_return_if_fail (func != NULL);

  minutes = g_strdup_printf ("%d", CLAMP (connection_minutes, 1, 30));
  request = new_request (self, UM_OPERATION_GET_STREAMING_EVENTS);
  ids = um_request_add_element (request, NULL, "SubscriptionIds", NULL);
  um_request_add_type_element (request, ids, "SubscriptionId", subscription_id);
  um_request_add_element (request, NULL, "ConnectionTimeout", minutes);

  data = g_new0 (StreamData, 1);
  data->reader.chunk = stream_chunk;
  data->reader.end = stream_end;
  data->buffer = g_byte_array_new ();
  data->max_size = um_client_get_max_response_size (self->client);
  data->func = func;
  data->func_data = func_data;
  data->func_data_free = func_data_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, um_mailbox_stream_events_async);
  g_task_set_task_data (task, data, (GDestroyNotify)stream_data_free);
  um_client_open_async (self->client, request, cancellable, reader_opened_cb, task);
}

/**
 * um_mailbox_stream_events_finish:
 *
 * Returns: %TRUE when the server closed the connection as planned
 */
gboolean
um_mailbox_stream_events_finish (UmMailbox     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_finish (self, result, um_mailbox_stream_events_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
