/* um-server-ews.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FindFolder, GetFolder, CreateFolder, FindItem, GetItem, GetAttachment,
 * UpdateItem, MoveItem, DeleteItem, SyncFolderItems, ConvertId, Subscribe,
 * Unsubscribe and GetEvents over a UmServerMailbox, answered the way
 * Exchange 2013 answers them: one response message per id, properties as
 * the shape asks, elements in the order of the Exchange 2016 schema (the
 * tests validate the answers against it). A request the server cannot read
 * is a schema validation fault; an id it does not know is an error message.
 */

#include "config.h"

#include "um-server-ews.h"

#include "um-ns.h"
#include "um-server-soap.h"

#include <stdlib.h>
#include <string.h>

static const char *const mailbox_operations[] = {
  "FindFolder", "GetFolder", "CreateFolder", "FindItem", "GetItem", "GetAttachment",
  "UpdateItem", "MoveItem", "DeleteItem", "SyncFolderItems", "ConvertId", "Subscribe",
  "Unsubscribe", "GetEvents", "GetStreamingEvents",
};

gboolean
um_server_ews_is_mailbox_operation (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (mailbox_operations); i++)
    {
      if (g_strcmp0 (name, mailbox_operations[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Reading the request */

static gboolean
is (const xmlNode *node,
    const char    *ns,
    const char    *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         g_strcmp0 ((const char *)node->ns->href, ns) == 0 &&
         strcmp ((const char *)node->name, name) == 0;
}

static xmlNode *
first_element (const xmlNode *node)
{
  for (xmlNode *child = node != NULL ? node->children : NULL; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        return child;
    }
  return NULL;
}

static xmlNode *
next_element (const xmlNode *node)
{
  for (xmlNode *next = node->next; next != NULL; next = next->next)
    {
      if (next->type == XML_ELEMENT_NODE)
        return next;
    }
  return NULL;
}

static xmlNode *
child (const xmlNode *node,
       const char    *ns,
       const char    *name)
{
  for (xmlNode *c = first_element (node); c != NULL; c = next_element (c))
    {
      if (is (c, ns, name))
        return c;
    }
  return NULL;
}

static char *
attribute (const xmlNode *node,
           const char    *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL)
    return NULL;
  value = xmlGetNoNsProp (node, (const xmlChar *)name);
  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *)value);
  xmlFree (value);
  return copy;
}

static char *
text (const xmlNode *node)
{
  xmlChar *content;
  char *copy;

  if (node == NULL)
    return NULL;
  content = xmlNodeGetContent (node);
  copy = g_strstrip (g_strdup (content != NULL ? (const char *)content : ""));
  xmlFree (content);
  return copy;
}

/* The request is not what the server can read: ErrorSchemaValidation. */
#define SCHEMA_ERROR(problem, ...) \
  G_STMT_START { *problem = g_strdup_printf (__VA_ARGS__); return NULL; } G_STMT_END

/* Writing the answer */

static void
append_escaped (GString    *out,
                const char *value)
{
  g_autofree char *escaped = um_server_soap_escape (value);

  g_string_append (out, escaped);
}

static void
element (GString    *out,
         const char *name,
         const char *value)
{
  g_string_append_printf (out, "<%s>", name);
  append_escaped (out, value);
  g_string_append_printf (out, "</%s>", name);
}

static void
id_element (GString    *out,
            const char *name,
            const char *id,
            const char *change_key)
{
  g_string_append_printf (out, "<%s Id=\"", name);
  append_escaped (out, id);
  if (change_key != NULL)
    {
      g_string_append (out, "\" ChangeKey=\"");
      append_escaped (out, change_key);
    }
  g_string_append (out, "\"/>");
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
open_response (GString    *out,
               const char *operation)
{
  g_string_append_printf (out, "<m:%sResponse xmlns:m=\"" UM_NS_MESSAGES "\""
                          " xmlns:t=\"" UM_NS_TYPES "\"><m:ResponseMessages>", operation);
}

static void
close_response (GString    *out,
                const char *operation)
{
  g_string_append_printf (out, "</m:ResponseMessages></m:%sResponse>", operation);
}

static void
open_message (GString    *out,
              const char *operation)
{
  g_string_append_printf (out, "<m:%sResponseMessage ResponseClass=\"Success\">"
                          "<m:ResponseCode>NoError</m:ResponseCode>", operation);
}

static void
close_message (GString    *out,
               const char *operation)
{
  g_string_append_printf (out, "</m:%sResponseMessage>", operation);
}

static void
error_message (GString    *out,
               const char *operation,
               const char *code,
               const char *message_text)
{
  g_string_append_printf (out, "<m:%sResponseMessage ResponseClass=\"Error\"><m:MessageText>",
                          operation);
  append_escaped (out, message_text);
  g_string_append_printf (out, "</m:MessageText><m:ResponseCode>%s</m:ResponseCode>"
                          "<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>"
                          "</m:%sResponseMessage>", code, operation);
}

static void
error_message_from (GString      *out,
                    const char   *operation,
                    const GError *error)
{
  error_message (out, operation, um_server_mailbox_error_response_code (error), error->message);
}

/* Folders */

typedef enum {
  FOLDER_NAME     = 1 << 0,
  FOLDER_COUNTS   = 1 << 1,
  FOLDER_PARENT   = 1 << 2,
  FOLDER_CLASS    = 1 << 3,
} FolderFields;

static gboolean
read_folder_shape (const xmlNode  *shape,
                   FolderFields   *fields,
                   char          **problem)
{
  g_autofree char *base = text (child (shape, UM_NS_TYPES, "BaseShape"));
  xmlNode *more = child (shape, UM_NS_TYPES, "AdditionalProperties");

  if (base == NULL)
    {
      *problem = g_strdup ("FolderShape without BaseShape");
      return FALSE;
    }

  *fields = 0;
  if (strcmp (base, "Default") == 0)
    *fields = FOLDER_NAME | FOLDER_COUNTS;
  else if (strcmp (base, "AllProperties") == 0)
    *fields = FOLDER_NAME | FOLDER_COUNTS | FOLDER_PARENT | FOLDER_CLASS;
  else if (strcmp (base, "IdOnly") != 0)
    {
      *problem = g_strdup_printf ("unknown BaseShape %s", base);
      return FALSE;
    }

  for (xmlNode *path = first_element (more); path != NULL; path = next_element (path))
    {
      g_autofree char *uri = attribute (path, "FieldURI");

      if (g_strcmp0 (uri, "folder:ParentFolderId") == 0)
        *fields |= FOLDER_PARENT;
      else if (g_strcmp0 (uri, "folder:FolderClass") == 0)
        *fields |= FOLDER_CLASS;
      else if (g_strcmp0 (uri, "folder:DisplayName") == 0)
        *fields |= FOLDER_NAME;
      else if (g_strcmp0 (uri, "folder:TotalCount") == 0 ||
               g_strcmp0 (uri, "folder:UnreadCount") == 0 ||
               g_strcmp0 (uri, "folder:ChildFolderCount") == 0)
        *fields |= FOLDER_COUNTS;
    }
  return TRUE;
}

static void
write_folder (GString              *out,
              UmServerMailbox      *mailbox,
              const UmServerFolder *folder,
              FolderFields          fields)
{
  const char *element_name = folder->search ? "t:SearchFolder" : "t:Folder";
  int total;
  int unread;

  um_server_mailbox_count (mailbox, folder, &total, &unread);
  g_string_append_printf (out, "<%s>", element_name);
  id_element (out, "t:FolderId", folder->id, folder->change_key);
  if ((fields & FOLDER_PARENT) && folder->parent != NULL)
    id_element (out, "t:ParentFolderId", folder->parent->id, folder->parent->change_key);
  if (fields & FOLDER_CLASS)
    element (out, "t:FolderClass", folder->folder_class);
  if (fields & FOLDER_NAME)
    element (out, "t:DisplayName", folder->display_name);
  if (fields & FOLDER_COUNTS)
    g_string_append_printf (out, "<t:TotalCount>%d</t:TotalCount>"
                            "<t:ChildFolderCount>%d</t:ChildFolderCount>"
                            "<t:UnreadCount>%d</t:UnreadCount>",
                            total, um_server_mailbox_count_children (mailbox, folder), unread);
  g_string_append_printf (out, "</%s>", element_name);
}

/* A FolderId or DistinguishedFolderId element: its id, or NULL. */
static char *
folder_reference (const xmlNode *node)
{
  if (is (node, UM_NS_TYPES, "FolderId") || is (node, UM_NS_TYPES, "DistinguishedFolderId"))
    return attribute (node, "Id");
  return NULL;
}

static char *
handle_get_folder (UmServerMailbox  *mailbox,
                   xmlNode          *operation,
                   char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  xmlNode *ids = child (operation, UM_NS_MESSAGES, "FolderIds");
  FolderFields fields;

  if (!read_folder_shape (child (operation, UM_NS_MESSAGES, "FolderShape"), &fields, problem))
    return NULL;
  if (first_element (ids) == NULL)
    SCHEMA_ERROR (problem, "GetFolder without FolderIds");

  open_response (out, "GetFolder");
  for (xmlNode *id = first_element (ids); id != NULL; id = next_element (id))
    {
      g_autofree char *folder_id = folder_reference (id);
      g_autoptr(GError) error = NULL;
      const UmServerFolder *folder;

      if (folder_id == NULL)
        SCHEMA_ERROR (problem, "%s in FolderIds", id->name);

      folder = um_server_mailbox_get_folder (mailbox, folder_id, &error);
      if (folder == NULL)
        {
          error_message_from (out, "GetFolder", error);
          continue;
        }
      open_message (out, "GetFolder");
      g_string_append (out, "<m:Folders>");
      write_folder (out, mailbox, folder, fields);
      g_string_append (out, "</m:Folders>");
      close_message (out, "GetFolder");
    }
  close_response (out, "GetFolder");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
collect_folders (UmServerMailbox      *mailbox,
                 const UmServerFolder *parent,
                 gboolean              deep,
                 GPtrArray            *result)
{
  g_autoptr(GPtrArray) children = um_server_mailbox_list_folders (mailbox, parent);

  for (guint i = 0; i < children->len; i++)
    {
      g_ptr_array_add (result, g_ptr_array_index (children, i));
      if (deep)
        collect_folders (mailbox, g_ptr_array_index (children, i), TRUE, result);
    }
}

static char *
handle_find_folder (UmServerMailbox  *mailbox,
                    xmlNode          *operation,
                    char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *traversal = attribute (operation, "Traversal");
  xmlNode *parents = child (operation, UM_NS_MESSAGES, "ParentFolderIds");
  FolderFields fields;

  if (!read_folder_shape (child (operation, UM_NS_MESSAGES, "FolderShape"), &fields, problem))
    return NULL;
  if (g_strcmp0 (traversal, "Shallow") != 0 && g_strcmp0 (traversal, "Deep") != 0)
    SCHEMA_ERROR (problem, "FindFolder Traversal %s", traversal);
  if (first_element (parents) == NULL)
    SCHEMA_ERROR (problem, "FindFolder without ParentFolderIds");

  open_response (out, "FindFolder");
  for (xmlNode *id = first_element (parents); id != NULL; id = next_element (id))
    {
      g_autofree char *folder_id = folder_reference (id);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = g_ptr_array_new ();
      const UmServerFolder *parent;

      if (folder_id == NULL)
        SCHEMA_ERROR (problem, "%s in ParentFolderIds", id->name);

      parent = um_server_mailbox_get_folder (mailbox, folder_id, &error);
      if (parent == NULL)
        {
          error_message_from (out, "FindFolder", error);
          continue;
        }

      collect_folders (mailbox, parent, g_strcmp0 (traversal, "Deep") == 0, found);
      open_message (out, "FindFolder");
      g_string_append_printf (out, "<m:RootFolder TotalItemsInView=\"%u\""
                              " IncludesLastItemInRange=\"true\"><t:Folders>", found->len);
      for (guint i = 0; i < found->len; i++)
        write_folder (out, mailbox, g_ptr_array_index (found, i), fields);
      g_string_append (out, "</t:Folders></m:RootFolder>");
      close_message (out, "FindFolder");
    }
  close_response (out, "FindFolder");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_create_folder (UmServerMailbox  *mailbox,
                      xmlNode          *operation,
                      char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *parent_id = folder_reference (first_element (child (operation, UM_NS_MESSAGES,
                                                                       "ParentFolderId")));
  xmlNode *folders = child (operation, UM_NS_MESSAGES, "Folders");
  g_autoptr(GError) parent_error = NULL;
  const UmServerFolder *parent;

  if (parent_id == NULL || first_element (folders) == NULL)
    SCHEMA_ERROR (problem, "CreateFolder without ParentFolderId or Folders");

  open_response (out, "CreateFolder");
  parent = um_server_mailbox_get_folder (mailbox, parent_id, &parent_error);
  for (xmlNode *folder_node = first_element (folders); folder_node != NULL;
       folder_node = next_element (folder_node))
    {
      g_autofree char *name = text (child (folder_node, UM_NS_TYPES, "DisplayName"));
      g_autofree char *folder_class = text (child (folder_node, UM_NS_TYPES, "FolderClass"));
      g_autoptr(GError) error = NULL;
      const UmServerFolder *folder;

      if (!is (folder_node, UM_NS_TYPES, "Folder"))
        SCHEMA_ERROR (problem, "CreateFolder of a %s", folder_node->name);
      if (name == NULL || name[0] == '\0')
        {
          error_message (out, "CreateFolder", "ErrorInvalidFolderId",
                         "A folder needs a display name.");
          continue;
        }
      if (parent == NULL)
        {
          error_message_from (out, "CreateFolder", parent_error);
          continue;
        }

      folder = um_server_mailbox_create_folder (mailbox, parent, name, folder_class, &error);
      if (folder == NULL)
        {
          error_message_from (out, "CreateFolder", error);
          continue;
        }
      open_message (out, "CreateFolder");
      g_string_append (out, "<m:Folders><t:Folder>");
      id_element (out, "t:FolderId", folder->id, folder->change_key);
      g_string_append (out, "</t:Folder></m:Folders>");
      close_message (out, "CreateFolder");
    }
  close_response (out, "CreateFolder");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Items */

typedef enum {
  ITEM_PARENT        = 1 << 0,
  ITEM_CLASS         = 1 << 1,
  ITEM_SUBJECT       = 1 << 2,
  ITEM_ATTACHMENTS   = 1 << 3,
  ITEM_RECEIVED      = 1 << 4,
  ITEM_SIZE          = 1 << 5,
  ITEM_IMPORTANCE    = 1 << 6,
  ITEM_HAS_ATTACHMENTS = 1 << 7,
  ITEM_MESSAGE_ID    = 1 << 8,
  ITEM_IS_READ       = 1 << 9,
} ItemFields;

#define ITEM_DEFAULT (ITEM_SUBJECT | ITEM_ATTACHMENTS | ITEM_RECEIVED | ITEM_SIZE | \
                      ITEM_IMPORTANCE | ITEM_HAS_ATTACHMENTS | ITEM_IS_READ)
#define ITEM_ALL     (ITEM_DEFAULT | ITEM_PARENT | ITEM_CLASS | ITEM_MESSAGE_ID)

typedef struct {
  guint  tag;       /* 0 for a named property */
  char  *tag_text;  /* as the client wrote it */
  char  *set;
  char  *name;
  char  *type;
} ExtendedField;

static void
extended_field_clear (ExtendedField *field)
{
  g_free (field->tag_text);
  g_free (field->set);
  g_free (field->name);
  g_free (field->type);
}

typedef struct {
  ItemFields  fields;
  ItemFields  asked;     /* in AdditionalProperties */
  GArray     *extended;
} Shape;

static void
shape_clear (Shape *shape)
{
  g_clear_pointer (&shape->extended, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shape, shape_clear)

static const struct {
  const char *uri;
  ItemFields  field;
} item_fields[] = {
  { "item:ParentFolderId", ITEM_PARENT },
  { "item:ItemClass", ITEM_CLASS },
  { "item:Subject", ITEM_SUBJECT },
  { "item:Attachments", ITEM_ATTACHMENTS },
  { "item:DateTimeReceived", ITEM_RECEIVED },
  { "item:Size", ITEM_SIZE },
  { "item:Importance", ITEM_IMPORTANCE },
  { "item:HasAttachments", ITEM_HAS_ATTACHMENTS },
  { "message:InternetMessageId", ITEM_MESSAGE_ID },
  { "message:IsRead", ITEM_IS_READ },
};

static gboolean
read_item_shape (const xmlNode  *node,
                 Shape          *shape,
                 char          **problem)
{
  g_autofree char *base = text (child (node, UM_NS_TYPES, "BaseShape"));
  xmlNode *more = child (node, UM_NS_TYPES, "AdditionalProperties");

  shape->extended = g_array_new (FALSE, TRUE, sizeof (ExtendedField));
  g_array_set_clear_func (shape->extended, (GDestroyNotify)extended_field_clear);

  if (base == NULL)
    {
      *problem = g_strdup ("ItemShape without BaseShape");
      return FALSE;
    }
  if (strcmp (base, "IdOnly") == 0)
    shape->fields = 0;
  else if (strcmp (base, "Default") == 0)
    shape->fields = ITEM_DEFAULT;
  else if (strcmp (base, "AllProperties") == 0)
    shape->fields = ITEM_ALL;
  else
    {
      *problem = g_strdup_printf ("unknown BaseShape %s", base);
      return FALSE;
    }

  for (xmlNode *path = first_element (more); path != NULL; path = next_element (path))
    {
      if (is (path, UM_NS_TYPES, "FieldURI"))
        {
          g_autofree char *uri = attribute (path, "FieldURI");

          for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
            {
              if (g_strcmp0 (uri, item_fields[i].uri) == 0)
                {
                  shape->fields |= item_fields[i].field;
                  shape->asked |= item_fields[i].field;
                }
            }
        }
      else if (is (path, UM_NS_TYPES, "ExtendedFieldURI"))
        {
          ExtendedField field = { 0 };

          field.tag_text = attribute (path, "PropertyTag");
          field.set = attribute (path, "DistinguishedPropertySetId");
          field.name = attribute (path, "PropertyName");
          field.type = attribute (path, "PropertyType");
          if (field.type == NULL || (field.tag_text == NULL && field.name == NULL))
            {
              extended_field_clear (&field);
              *problem = g_strdup ("ExtendedFieldURI without PropertyType or name");
              return FALSE;
            }
          if (field.tag_text != NULL)
            field.tag = strtoul (field.tag_text, NULL, 0);
          g_array_append_val (shape->extended, field);
        }
    }
  return TRUE;
}

static char *
extended_value (const UmServerMessage *message,
                const ExtendedField   *field)
{
  switch (field->tag)
    {
    case 0x6801:
      return message->duration >= 0 ? g_strdup_printf ("%d", message->duration) : NULL;
    case 0x6802:
      return g_strdup (message->caller_number);
    case 0x6803:
      return g_strdup (message->caller_name);
    case 0x6805:
      return g_strdup (message->attachment_order);
    case 0x6806:
      return g_strdup (message->call_id);
    default:
      break;
    }

  if (field->tag == 0 && g_strcmp0 (field->set, "UnifiedMessaging") == 0)
    {
      if (g_strcmp0 (field->name, "AsrData") == 0 && message->asr != NULL)
        return g_base64_encode (g_bytes_get_data (message->asr, NULL),
                                g_bytes_get_size (message->asr));
      if (g_strcmp0 (field->name, "UMAudioNotes") == 0)
        return g_strdup (message->audio_notes);
    }
  return NULL;
}

static gint64
message_size (const UmServerMessage *message)
{
  gint64 size = 1024;

  for (guint i = 0; i < message->attachments->len; i++)
    size += g_bytes_get_size (((UmServerAttachment *)g_ptr_array_index (message->attachments,
                                                                         i))->data);
  return size;
}

static void
write_attachment_head (GString                  *out,
                       const UmServerAttachment *attachment)
{
  id_element (out, "t:AttachmentId", attachment->id, NULL);
  element (out, "t:Name", attachment->name);
  element (out, "t:ContentType", attachment->content_type);
  g_string_append_printf (out, "<t:Size>%" G_GSIZE_FORMAT "</t:Size><t:IsInline>false</t:IsInline>",
                          g_bytes_get_size (attachment->data));
}

static void
write_message (GString               *out,
               const UmServerMessage *message,
               const Shape           *shape)
{
  g_autofree char *change_key = um_server_message_dup_change_key (message);
  ItemFields fields = shape->fields;

  g_string_append (out, "<t:Message>");
  id_element (out, "t:ItemId", message->id, change_key);
  if (fields & ITEM_PARENT)
    id_element (out, "t:ParentFolderId", message->folder->id, message->folder->change_key);
  if (fields & ITEM_CLASS)
    element (out, "t:ItemClass", message->item_class);
  if ((fields & ITEM_SUBJECT) && message->subject != NULL)
    element (out, "t:Subject", message->subject);
  if ((fields & ITEM_ATTACHMENTS) && message->attachments->len > 0)
    {
      g_string_append (out, "<t:Attachments>");
      for (guint i = 0; i < message->attachments->len; i++)
        {
          g_string_append (out, "<t:FileAttachment>");
          write_attachment_head (out, g_ptr_array_index (message->attachments, i));
          g_string_append (out, "<t:IsContactPhoto>false</t:IsContactPhoto></t:FileAttachment>");
        }
      g_string_append (out, "</t:Attachments>");
    }
  if (fields & ITEM_RECEIVED)
    {
      g_autofree char *received = format_time (message->received);

      element (out, "t:DateTimeReceived", received);
    }
  if (fields & ITEM_SIZE)
    g_string_append_printf (out, "<t:Size>%" G_GINT64_FORMAT "</t:Size>", message_size (message));
  if (fields & ITEM_IMPORTANCE)
    element (out, "t:Importance", message->urgent ? "High" : "Normal");
  if (fields & ITEM_HAS_ATTACHMENTS)
    element (out, "t:HasAttachments", message->attachments->len > 0 ? "true" : "false");

  for (guint i = 0; i < shape->extended->len; i++)
    {
      const ExtendedField *field = &g_array_index (shape->extended, ExtendedField, i);
      g_autofree char *value = extended_value (message, field);

      if (value == NULL)
        continue;
      g_string_append (out, "<t:ExtendedProperty><t:ExtendedFieldURI");
      if (field->tag_text != NULL)
        {
          g_string_append (out, " PropertyTag=\"");
          append_escaped (out, field->tag_text);
          g_string_append (out, "\"");
        }
      else
        {
          g_string_append (out, " DistinguishedPropertySetId=\"");
          append_escaped (out, field->set);
          g_string_append (out, "\" PropertyName=\"");
          append_escaped (out, field->name);
          g_string_append (out, "\"");
        }
      g_string_append (out, " PropertyType=\"");
      append_escaped (out, field->type);
      g_string_append (out, "\"/>");
      element (out, "t:Value", value);
      g_string_append (out, "</t:ExtendedProperty>");
    }

  if ((fields & ITEM_MESSAGE_ID) && message->internet_message_id != NULL)
    element (out, "t:InternetMessageId", message->internet_message_id);
  if (fields & ITEM_IS_READ)
    element (out, "t:IsRead", message->is_read ? "true" : "false");
  g_string_append (out, "</t:Message>");
}

/* Restrictions: the search expressions Hark and the tests use. */

static char *
field_value (const UmServerMessage *message,
             const char            *uri)
{
  if (g_strcmp0 (uri, "item:ItemClass") == 0)
    return g_strdup (message->item_class);
  if (g_strcmp0 (uri, "item:Subject") == 0)
    return g_strdup (message->subject);
  if (g_strcmp0 (uri, "message:InternetMessageId") == 0)
    return g_strdup (message->internet_message_id);
  if (g_strcmp0 (uri, "message:IsRead") == 0)
    return g_strdup (message->is_read ? "true" : "false");
  return NULL;
}

static gboolean
known_field (const char *uri)
{
  return g_strcmp0 (uri, "item:ItemClass") == 0 || g_strcmp0 (uri, "item:Subject") == 0 ||
         g_strcmp0 (uri, "message:InternetMessageId") == 0 ||
         g_strcmp0 (uri, "message:IsRead") == 0;
}

static gboolean
contains (const char *value,
          const char *constant,
          const char *mode,
          gboolean    ignore_case)
{
  g_autofree char *v = ignore_case ? g_utf8_casefold (value, -1) : g_strdup (value);
  g_autofree char *c = ignore_case ? g_utf8_casefold (constant, -1) : g_strdup (constant);

  if (g_strcmp0 (mode, "FullString") == 0)
    return strcmp (v, c) == 0;
  if (g_strcmp0 (mode, "Prefixed") == 0)
    return g_str_has_prefix (v, c);
  return strstr (v, c) != NULL;
}

/* -1: cannot evaluate (unsupported) */
static int
evaluate (const xmlNode         *expression,
          const UmServerMessage *message)
{
  if (is (expression, UM_NS_TYPES, "And") || is (expression, UM_NS_TYPES, "Or"))
    {
      gboolean is_and = is (expression, UM_NS_TYPES, "And");
      gboolean result = is_and;

      for (xmlNode *term = first_element (expression); term != NULL; term = next_element (term))
        {
          int value = evaluate (term, message);

          if (value < 0)
            return -1;
          result = is_and ? (result && value) : (result || value);
        }
      return result;
    }

  if (is (expression, UM_NS_TYPES, "Not"))
    {
      int value = evaluate (first_element (expression), message);

      return value < 0 ? -1 : !value;
    }

  if (is (expression, UM_NS_TYPES, "Contains"))
    {
      g_autofree char *uri = attribute (child (expression, UM_NS_TYPES, "FieldURI"), "FieldURI");
      g_autofree char *constant = attribute (child (expression, UM_NS_TYPES, "Constant"), "Value");
      g_autofree char *mode = attribute (expression, "ContainmentMode");
      g_autofree char *comparison = attribute (expression, "ContainmentComparison");
      g_autofree char *value = NULL;

      if (!known_field (uri) || constant == NULL)
        return -1;
      value = field_value (message, uri);
      return value != NULL && contains (value, constant, mode,
                                        g_strcmp0 (comparison, "IgnoreCase") == 0 ||
                                        g_strcmp0 (comparison, "IgnoreCaseAndNonSpacingCharacters") == 0);
    }

  if (is (expression, UM_NS_TYPES, "IsEqualTo") || is (expression, UM_NS_TYPES, "IsNotEqualTo"))
    {
      g_autofree char *uri = attribute (child (expression, UM_NS_TYPES, "FieldURI"), "FieldURI");
      xmlNode *other = child (expression, UM_NS_TYPES, "FieldURIOrConstant");
      g_autofree char *constant = attribute (child (other, UM_NS_TYPES, "Constant"), "Value");
      g_autofree char *value = NULL;
      gboolean equal;

      if (!known_field (uri) || constant == NULL)
        return -1;
      value = field_value (message, uri);
      equal = g_strcmp0 (value, constant) == 0;
      return is (expression, UM_NS_TYPES, "IsEqualTo") ? equal : !equal;
    }

  if (is (expression, UM_NS_TYPES, "Exists"))
    {
      g_autofree char *uri = attribute (child (expression, UM_NS_TYPES, "FieldURI"), "FieldURI");
      g_autofree char *value = NULL;

      if (!known_field (uri))
        return -1;
      value = field_value (message, uri);
      return value != NULL;
    }

  return -1;
}

static int
int_attribute (const xmlNode *node,
               const char    *name,
               int            fallback)
{
  g_autofree char *value = attribute (node, name);
  gint64 number;

  if (value == NULL)
    return fallback;
  if (!g_ascii_string_to_signed (value, 10, 0, G_MAXINT, &number, NULL))
    return -2;
  return (int)number;
}

static char *
handle_find_item (UmServerMailbox  *mailbox,
                  xmlNode          *operation,
                  char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(Shape) shape = { 0 };
  g_autofree char *traversal = attribute (operation, "Traversal");
  xmlNode *view = child (operation, UM_NS_MESSAGES, "IndexedPageItemView");
  xmlNode *restriction = child (operation, UM_NS_MESSAGES, "Restriction");
  xmlNode *sort = child (child (operation, UM_NS_MESSAGES, "SortOrder"), UM_NS_TYPES,
                         "FieldOrder");
  xmlNode *parents = child (operation, UM_NS_MESSAGES, "ParentFolderIds");
  g_autofree char *base_point = attribute (view, "BasePoint");
  g_autofree char *order = attribute (sort, "Order");
  int max_entries = int_attribute (view, "MaxEntriesReturned", G_MAXINT);
  int offset = int_attribute (view, "Offset", -1);

  if (!read_item_shape (child (operation, UM_NS_MESSAGES, "ItemShape"), &shape, problem))
    return NULL;
  if (g_strcmp0 (traversal, "Shallow") != 0 && g_strcmp0 (traversal, "SoftDeleted") != 0 &&
      g_strcmp0 (traversal, "Associated") != 0)
    SCHEMA_ERROR (problem, "FindItem Traversal %s", traversal);
  if (view == NULL && first_element (operation) != NULL &&
      (child (operation, UM_NS_MESSAGES, "FractionalPageItemView") != NULL ||
       child (operation, UM_NS_MESSAGES, "CalendarView") != NULL))
    SCHEMA_ERROR (problem, "only IndexedPageItemView is supported");
  if (view != NULL && (offset < 0 || max_entries < 1 || base_point == NULL))
    SCHEMA_ERROR (problem, "IndexedPageItemView needs Offset, BasePoint, MaxEntriesReturned > 0");
  if (first_element (parents) == NULL)
    SCHEMA_ERROR (problem, "FindItem without ParentFolderIds");
  if (view == NULL)
    offset = 0;

  open_response (out, "FindItem");

  /* Exchange does not return attachments from FindItem: it refuses to when
   * asked for them, and leaves them out of the base shapes. */
  shape.fields &= ~ITEM_ATTACHMENTS;
  if (shape.asked & ITEM_ATTACHMENTS)
    {
      error_message (out, "FindItem", "ErrorInvalidPropertyRequest",
                     "Property is not valid for this object type.");
      close_response (out, "FindItem");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  for (xmlNode *id = first_element (parents); id != NULL; id = next_element (id))
    {
      g_autofree char *folder_id = folder_reference (id);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GPtrArray) matching = g_ptr_array_new ();
      const UmServerFolder *folder;
      guint first;
      guint end;
      gboolean unsupported = FALSE;

      if (folder_id == NULL)
        SCHEMA_ERROR (problem, "%s in ParentFolderIds", id->name);

      folder = um_server_mailbox_get_folder (mailbox, folder_id, &error);
      if (folder == NULL)
        {
          error_message_from (out, "FindItem", error);
          continue;
        }

      messages = um_server_mailbox_list_messages (mailbox, folder);
      for (guint i = 0; i < messages->len; i++)
        {
          UmServerMessage *message = g_ptr_array_index (messages, i);
          int keep = restriction != NULL ? evaluate (first_element (restriction), message) : 1;

          if (keep < 0)
            {
              unsupported = TRUE;
              break;
            }
          if (keep)
            g_ptr_array_add (matching, message);
        }
      if (unsupported)
        {
          error_message (out, "FindItem", "ErrorUnsupportedPathForQuery",
                         "The property path is not supported for restriction or sort "
                         "operations.");
          continue;
        }

      /* Newest first unless asked for the oldest first. */
      if (g_strcmp0 (order, "Ascending") == 0)
        {
          for (guint i = 0; i < matching->len / 2; i++)
            {
              gpointer swap = matching->pdata[i];

              matching->pdata[i] = matching->pdata[matching->len - 1 - i];
              matching->pdata[matching->len - 1 - i] = swap;
            }
        }
      if (g_strcmp0 (base_point, "End") == 0)
        {
          /* Offset counted from the end: the page ends there. */
          end = offset < (int)matching->len ? matching->len - offset : 0;
          first = end > (guint)max_entries ? end - max_entries : 0;
        }
      else
        {
          first = MIN ((guint)offset, matching->len);
          end = matching->len - first > (guint)max_entries ? first + max_entries
                                                           : matching->len;
        }

      open_message (out, "FindItem");
      g_string_append_printf (out, "<m:RootFolder IndexedPagingOffset=\"%u\""
                              " TotalItemsInView=\"%u\" IncludesLastItemInRange=\"%s\">"
                              "<t:Items>",
                              end, matching->len, end >= matching->len ? "true" : "false");
      for (guint i = first; i < end; i++)
        write_message (out, g_ptr_array_index (matching, i), &shape);
      g_string_append (out, "</t:Items></m:RootFolder>");
      close_message (out, "FindItem");
    }
  close_response (out, "FindItem");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_get_item (UmServerMailbox  *mailbox,
                 xmlNode          *operation,
                 char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(Shape) shape = { 0 };
  xmlNode *ids = child (operation, UM_NS_MESSAGES, "ItemIds");

  if (!read_item_shape (child (operation, UM_NS_MESSAGES, "ItemShape"), &shape, problem))
    return NULL;
  if (first_element (ids) == NULL)
    SCHEMA_ERROR (problem, "GetItem without ItemIds");

  open_response (out, "GetItem");
  for (xmlNode *id = first_element (ids); id != NULL; id = next_element (id))
    {
      g_autofree char *item_id = attribute (id, "Id");
      g_autoptr(GError) error = NULL;
      UmServerMessage *message;

      if (!is (id, UM_NS_TYPES, "ItemId"))
        SCHEMA_ERROR (problem, "%s in ItemIds", id->name);

      message = um_server_mailbox_find_message (mailbox, item_id, &error);
      if (message == NULL)
        {
          error_message_from (out, "GetItem", error);
          continue;
        }
      open_message (out, "GetItem");
      g_string_append (out, "<m:Items>");
      write_message (out, message, &shape);
      g_string_append (out, "</m:Items>");
      close_message (out, "GetItem");
    }
  close_response (out, "GetItem");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_get_attachment (UmServerMailbox  *mailbox,
                       xmlNode          *operation,
                       char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  xmlNode *ids = child (operation, UM_NS_MESSAGES, "AttachmentIds");

  if (first_element (ids) == NULL)
    SCHEMA_ERROR (problem, "GetAttachment without AttachmentIds");

  open_response (out, "GetAttachment");
  for (xmlNode *id = first_element (ids); id != NULL; id = next_element (id))
    {
      g_autofree char *attachment_id = attribute (id, "Id");
      g_autoptr(GError) error = NULL;
      const UmServerAttachment *attachment;
      g_autofree char *content = NULL;

      if (!is (id, UM_NS_TYPES, "AttachmentId"))
        SCHEMA_ERROR (problem, "%s in AttachmentIds", id->name);

      attachment = um_server_mailbox_find_attachment (mailbox, attachment_id, &error);
      if (attachment == NULL)
        {
          error_message_from (out, "GetAttachment", error);
          continue;
        }

      content = g_base64_encode (g_bytes_get_data (attachment->data, NULL),
                                 g_bytes_get_size (attachment->data));
      open_message (out, "GetAttachment");
      g_string_append (out, "<m:Attachments><t:FileAttachment>");
      write_attachment_head (out, attachment);
      g_string_append (out, "<t:IsContactPhoto>false</t:IsContactPhoto><t:Content>");
      g_string_append (out, content);
      g_string_append (out, "</t:Content></t:FileAttachment></m:Attachments>");
      close_message (out, "GetAttachment");
    }
  close_response (out, "GetAttachment");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
apply_update (UmServerMailbox  *mailbox,
              UmServerMessage  *message,
              const xmlNode    *update,
              char            **problem)
{
  xmlNode *path = first_element (update);
  xmlNode *item = path != NULL ? next_element (path) : NULL;

  if (is (update, UM_NS_TYPES, "SetItemField") && is (path, UM_NS_TYPES, "FieldURI"))
    {
      g_autofree char *uri = attribute (path, "FieldURI");
      g_autofree char *value = text (child (item, UM_NS_TYPES, "IsRead"));

      if (g_strcmp0 (uri, "message:IsRead") == 0 && value != NULL &&
          (strcmp (value, "true") == 0 || strcmp (value, "false") == 0 ||
           strcmp (value, "1") == 0 || strcmp (value, "0") == 0))
        {
          um_server_mailbox_set_read (mailbox, message,
                                      strcmp (value, "true") == 0 || strcmp (value, "1") == 0);
          return TRUE;
        }
    }

  if ((is (update, UM_NS_TYPES, "SetItemField") || is (update, UM_NS_TYPES, "DeleteItemField")) &&
      is (path, UM_NS_TYPES, "ExtendedFieldURI"))
    {
      g_autofree char *set = attribute (path, "DistinguishedPropertySetId");
      g_autofree char *name = attribute (path, "PropertyName");

      if (g_strcmp0 (set, "UnifiedMessaging") == 0 && g_strcmp0 (name, "UMAudioNotes") == 0)
        {
          g_autofree char *value = NULL;

          if (is (update, UM_NS_TYPES, "SetItemField"))
            value = text (child (child (item, UM_NS_TYPES, "ExtendedProperty"), UM_NS_TYPES,
                                 "Value"));
          um_server_mailbox_set_audio_notes (mailbox, message, value);
          return TRUE;
        }
    }

  *problem = g_strdup ("an update the reference server does not support");
  return FALSE;
}

static char *
handle_update_item (UmServerMailbox  *mailbox,
                    xmlNode          *operation,
                    char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *conflict = attribute (operation, "ConflictResolution");
  xmlNode *changes = child (operation, UM_NS_MESSAGES, "ItemChanges");

  if (conflict == NULL || first_element (changes) == NULL)
    SCHEMA_ERROR (problem, "UpdateItem needs ConflictResolution and ItemChanges");

  open_response (out, "UpdateItem");
  for (xmlNode *change = first_element (changes); change != NULL; change = next_element (change))
    {
      g_autofree char *item_id = attribute (child (change, UM_NS_TYPES, "ItemId"), "Id");
      g_autofree char *change_key = attribute (child (change, UM_NS_TYPES, "ItemId"),
                                               "ChangeKey");
      xmlNode *updates = child (change, UM_NS_TYPES, "Updates");
      g_autoptr(GError) error = NULL;
      g_autofree char *new_key = NULL;
      UmServerMessage *message;

      if (!is (change, UM_NS_TYPES, "ItemChange") || item_id == NULL ||
          first_element (updates) == NULL)
        SCHEMA_ERROR (problem, "ItemChange needs ItemId and Updates");

      message = um_server_mailbox_find_message (mailbox, item_id, &error);
      if (message == NULL)
        {
          error_message_from (out, "UpdateItem", error);
          continue;
        }

      /* A stale change key loses unless the client lets the server decide. */
      if (change_key != NULL && strcmp (conflict, "AutoResolve") != 0 &&
          strcmp (conflict, "AlwaysOverwrite") != 0)
        {
          g_autofree char *current = um_server_message_dup_change_key (message);

          if (strcmp (current, change_key) != 0)
            {
              error_message (out, "UpdateItem", "ErrorIrresolvableConflict",
                             "The send or update operation could not be performed because "
                             "the change key passed in the request does not match the "
                             "current change key for the item.");
              continue;
            }
        }

      for (xmlNode *update = first_element (updates); update != NULL;
           update = next_element (update))
        {
          if (!apply_update (mailbox, message, update, problem))
            return NULL;
        }

      new_key = um_server_message_dup_change_key (message);
      open_message (out, "UpdateItem");
      g_string_append (out, "<m:Items><t:Message>");
      id_element (out, "t:ItemId", message->id, new_key);
      g_string_append (out, "</t:Message></m:Items>"
                       "<m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>");
      close_message (out, "UpdateItem");
    }
  close_response (out, "UpdateItem");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_move_item (UmServerMailbox  *mailbox,
                  xmlNode          *operation,
                  char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *folder_id = folder_reference (first_element (child (operation, UM_NS_MESSAGES,
                                                                       "ToFolderId")));
  xmlNode *ids = child (operation, UM_NS_MESSAGES, "ItemIds");
  g_autofree char *return_new = text (child (operation, UM_NS_MESSAGES, "ReturnNewItemIds"));
  gboolean new_ids = g_strcmp0 (return_new, "true") == 0 || g_strcmp0 (return_new, "1") == 0;
  g_autoptr(GError) folder_error = NULL;
  const UmServerFolder *folder;

  if (folder_id == NULL || first_element (ids) == NULL)
    SCHEMA_ERROR (problem, "MoveItem needs ToFolderId and ItemIds");

  folder = um_server_mailbox_get_folder (mailbox, folder_id, &folder_error);
  open_response (out, "MoveItem");
  for (xmlNode *id = first_element (ids); id != NULL; id = next_element (id))
    {
      g_autofree char *item_id = attribute (id, "Id");
      g_autoptr(GError) error = NULL;
      g_autofree char *change_key = NULL;
      UmServerMessage *message;

      if (!is (id, UM_NS_TYPES, "ItemId"))
        SCHEMA_ERROR (problem, "%s in ItemIds", id->name);

      if (folder == NULL || folder->search)
        {
          error_message (out, "MoveItem", "ErrorFolderNotFound",
                         "The specified folder could not be found in the store.");
          continue;
        }

      message = um_server_mailbox_find_message (mailbox, item_id, &error);
      if (message == NULL)
        {
          error_message_from (out, "MoveItem", error);
          continue;
        }

      um_server_mailbox_move (mailbox, message, folder);
      change_key = um_server_message_dup_change_key (message);
      open_message (out, "MoveItem");
      if (new_ids)
        {
          g_string_append (out, "<m:Items><t:Message>");
          id_element (out, "t:ItemId", message->id, change_key);
          g_string_append (out, "</t:Message></m:Items>");
        }
      else
        {
          g_string_append (out, "<m:Items/>");
        }
      close_message (out, "MoveItem");
    }
  close_response (out, "MoveItem");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_delete_item (UmServerMailbox  *mailbox,
                    xmlNode          *operation,
                    char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *delete_type = attribute (operation, "DeleteType");
  xmlNode *ids = child (operation, UM_NS_MESSAGES, "ItemIds");
  const UmServerFolder *deleted = um_server_mailbox_get_folder (mailbox, "deleteditems", NULL);

  if ((g_strcmp0 (delete_type, "HardDelete") != 0 && g_strcmp0 (delete_type, "SoftDelete") != 0 &&
       g_strcmp0 (delete_type, "MoveToDeletedItems") != 0) || first_element (ids) == NULL)
    SCHEMA_ERROR (problem, "DeleteItem needs DeleteType and ItemIds");

  open_response (out, "DeleteItem");
  for (xmlNode *id = first_element (ids); id != NULL; id = next_element (id))
    {
      g_autofree char *item_id = attribute (id, "Id");
      g_autoptr(GError) error = NULL;
      UmServerMessage *message;

      if (!is (id, UM_NS_TYPES, "ItemId"))
        SCHEMA_ERROR (problem, "%s in ItemIds", id->name);

      message = um_server_mailbox_find_message (mailbox, item_id, &error);
      if (message == NULL)
        {
          error_message_from (out, "DeleteItem", error);
          continue;
        }

      /* Deleting from Deleted Items deletes for good. */
      if (strcmp (delete_type, "MoveToDeletedItems") == 0 && message->folder != deleted)
        um_server_mailbox_move (mailbox, message, deleted);
      else
        um_server_mailbox_remove (mailbox, message);
      open_message (out, "DeleteItem");
      close_message (out, "DeleteItem");
    }
  close_response (out, "DeleteItem");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_sync_folder_items (UmServerMailbox  *mailbox,
                          xmlNode          *operation,
                          char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(Shape) shape = { 0 };
  g_autofree char *folder_id = folder_reference (first_element (child (operation, UM_NS_MESSAGES,
                                                                       "SyncFolderId")));
  g_autofree char *sync_state = text (child (operation, UM_NS_MESSAGES, "SyncState"));
  g_autofree char *max_text = text (child (operation, UM_NS_MESSAGES, "MaxChangesReturned"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *new_state = NULL;
  const UmServerFolder *folder;
  gboolean includes_last;
  guint64 max_changes;

  if (!read_item_shape (child (operation, UM_NS_MESSAGES, "ItemShape"), &shape, problem))
    return NULL;
  if (folder_id == NULL || max_text == NULL ||
      !g_ascii_string_to_unsigned (max_text, 10, 1, 512, &max_changes, NULL))
    SCHEMA_ERROR (problem, "SyncFolderItems needs SyncFolderId and MaxChangesReturned 1-512");

  open_response (out, "SyncFolderItems");
  folder = um_server_mailbox_get_folder (mailbox, folder_id, &error);
  if (folder != NULL)
    new_state = um_server_mailbox_sync (mailbox, folder, sync_state, max_changes, &changes,
                                        &includes_last, &error);
  if (new_state == NULL)
    {
      error_message_from (out, "SyncFolderItems", error);
      close_response (out, "SyncFolderItems");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  open_message (out, "SyncFolderItems");
  element (out, "m:SyncState", new_state);
  element (out, "m:IncludesLastItemInRange", includes_last ? "true" : "false");
  g_string_append (out, "<m:Changes>");
  for (guint i = 0; i < changes->len; i++)
    {
      UmServerChange *change = g_ptr_array_index (changes, i);

      switch (change->kind)
        {
        case UM_SERVER_CHANGE_CREATE:
        case UM_SERVER_CHANGE_UPDATE:
          g_string_append (out, change->kind == UM_SERVER_CHANGE_CREATE ? "<t:Create>"
                                                                        : "<t:Update>");
          write_message (out, change->message, &shape);
          g_string_append (out, change->kind == UM_SERVER_CHANGE_CREATE ? "</t:Create>"
                                                                        : "</t:Update>");
          break;

        case UM_SERVER_CHANGE_DELETE:
          g_string_append (out, "<t:Delete>");
          id_element (out, "t:ItemId", change->item_id, NULL);
          g_string_append (out, "</t:Delete>");
          break;

        case UM_SERVER_CHANGE_READ_FLAG:
        default:
          {
            g_autofree char *change_key = um_server_message_dup_change_key (change->message);

            g_string_append (out, "<t:ReadFlagChange>");
            id_element (out, "t:ItemId", change->message->id, change_key);
            element (out, "t:IsRead", change->message->is_read ? "true" : "false");
            g_string_append (out, "</t:ReadFlagChange>");
          }
          break;
        }
    }
  g_string_append (out, "</m:Changes>");
  close_message (out, "SyncFolderItems");
  close_response (out, "SyncFolderItems");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ConvertId: EwsId, EntryId (base64) and HexEntryId of items and folders. */

static char *
folder_entry_id (const UmServerFolder *folder)
{
  g_autofree char *raw = g_strconcat ("HarkFolderEntry:", folder->id, NULL);

  return g_base64_encode ((const guchar *)raw, strlen (raw));
}

static char *
hex_of_base64 (const char *base64)
{
  gsize length = 0;
  g_autofree guchar *raw = g_base64_decode (base64, &length);
  GString *hex = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02X", raw[i]);
  return g_string_free (hex, FALSE);
}

static char *
base64_of_hex (const char *hex)
{
  gsize length = strlen (hex);
  g_autofree guchar *raw = NULL;

  if (length % 2 != 0)
    return NULL;
  raw = g_malloc (length / 2 + 1);
  for (gsize i = 0; i < length / 2; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return NULL;
      raw[i] = high * 16 + low;
    }
  return g_base64_encode (raw, length / 2);
}

/* The EWS id of an item or folder given in any supported format. */
static char *
to_ews_id (UmServerMailbox *mailbox,
           const char      *id,
           const char      *format,
           gboolean        *is_folder)
{
  g_autofree char *entry = NULL;

  *is_folder = FALSE;
  if (g_strcmp0 (format, "EwsId") == 0)
    {
      const UmServerFolder *folder;

      if (um_server_mailbox_find_message (mailbox, id, NULL) != NULL)
        return g_strdup (id);
      folder = um_server_mailbox_get_folder (mailbox, id, NULL);
      *is_folder = folder != NULL;
      return folder != NULL ? g_strdup (folder->id) : NULL;
    }

  if (g_strcmp0 (format, "HexEntryId") == 0)
    entry = base64_of_hex (id);
  else if (g_strcmp0 (format, "EntryId") == 0)
    entry = g_strdup (id);
  if (entry == NULL)
    return NULL;

  {
    UmServerMessage *message = um_server_mailbox_find_by_entry_id (mailbox, entry);
    gsize length = 0;
    g_autofree guchar *raw = NULL;

    if (message != NULL)
      return g_strdup (message->id);

    raw = g_base64_decode (entry, &length);
    if (length > 16 && memcmp (raw, "HarkFolderEntry:", 16) == 0)
      {
        g_autofree char *folder_id = g_strndup ((const char *)raw + 16, length - 16);
        const UmServerFolder *folder = um_server_mailbox_get_folder (mailbox, folder_id, NULL);

        *is_folder = folder != NULL;
        return folder != NULL ? g_strdup (folder->id) : NULL;
      }
  }
  return NULL;
}

static char *
from_ews_id (UmServerMailbox *mailbox,
             const char      *ews_id,
             gboolean         is_folder,
             const char      *format)
{
  g_autofree char *entry = NULL;

  if (g_strcmp0 (format, "EwsId") == 0)
    return g_strdup (ews_id);

  if (is_folder)
    entry = folder_entry_id (um_server_mailbox_get_folder (mailbox, ews_id, NULL));
  else
    entry = g_strdup (um_server_mailbox_find_message (mailbox, ews_id, NULL)->entry_id);

  if (g_strcmp0 (format, "EntryId") == 0)
    return g_steal_pointer (&entry);
  if (g_strcmp0 (format, "HexEntryId") == 0)
    return hex_of_base64 (entry);
  return NULL;
}

static char *
handle_convert_id (UmServerMailbox  *mailbox,
                   const char       *email,
                   xmlNode          *operation,
                   char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *destination = attribute (operation, "DestinationFormat");
  xmlNode *sources = child (operation, UM_NS_MESSAGES, "SourceIds");

  if (destination == NULL || first_element (sources) == NULL)
    SCHEMA_ERROR (problem, "ConvertId needs DestinationFormat and SourceIds");

  open_response (out, "ConvertId");
  for (xmlNode *source = first_element (sources); source != NULL; source = next_element (source))
    {
      g_autofree char *format = attribute (source, "Format");
      g_autofree char *id = attribute (source, "Id");
      g_autofree char *source_mailbox = attribute (source, "Mailbox");
      g_autofree char *ews_id = NULL;
      g_autofree char *converted = NULL;
      gboolean is_folder;

      if (!is (source, UM_NS_TYPES, "AlternateId") || format == NULL || id == NULL ||
          source_mailbox == NULL)
        SCHEMA_ERROR (problem, "AlternateId needs Format, Id and Mailbox");

      if (email != NULL && g_ascii_strcasecmp (source_mailbox, email) != 0)
        {
          error_message (out, "ConvertId", "ErrorNonExistentMailbox",
                         "No mailbox with such guid.");
          continue;
        }

      ews_id = to_ews_id (mailbox, id, format, &is_folder);
      if (ews_id != NULL)
        converted = from_ews_id (mailbox, ews_id, is_folder, destination);
      if (converted == NULL)
        {
          error_message (out, "ConvertId", "ErrorInvalidIdMalformed", "Id is malformed.");
          continue;
        }

      open_message (out, "ConvertId");
      g_string_append_printf (out, "<m:AlternateId xmlns:xsi=\"" UM_NS_XSI "\""
                              " xsi:type=\"t:AlternateIdType\" Format=\"%s\" Id=\"",
                              destination);
      append_escaped (out, converted);
      g_string_append (out, "\" Mailbox=\"");
      append_escaped (out, source_mailbox);
      g_string_append (out, "\"/>");
      close_message (out, "ConvertId");
    }
  close_response (out, "ConvertId");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Notifications */

static void
write_event (GString             *out,
             const UmServerEvent *event)
{
  const char *name = um_server_event_type_name (event->type);
  g_autofree char *watermark = um_server_watermark_new (event->number);
  g_autofree char *time = format_time (event->time);

  g_string_append_printf (out, "<t:%s>", name);
  element (out, "t:Watermark", watermark);
  if (event->type != UM_SERVER_EVENT_STATUS)
    {
      element (out, "t:TimeStamp", time);
      id_element (out, "t:ItemId", event->item_id, NULL);
      id_element (out, "t:ParentFolderId", event->parent_folder_id, NULL);
      if (event->type == UM_SERVER_EVENT_MOVED)
        {
          id_element (out, "t:OldItemId", event->old_item_id, NULL);
          id_element (out, "t:OldParentFolderId", event->old_parent_folder_id, NULL);
        }
    }
  g_string_append_printf (out, "</t:%s>", name);
}

static char *
handle_subscribe (UmServerMailbox  *mailbox,
                  xmlNode          *operation,
                  char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) folders = g_ptr_array_new ();
  xmlNode *request = first_element (operation);
  xmlNode *folder_ids = child (request, UM_NS_TYPES, "FolderIds");
  g_autofree char *timeout_text = text (child (request, UM_NS_TYPES, "Timeout"));
  g_autofree char *id = NULL;
  g_autofree char *watermark = NULL;
  UmServerNotifications support = um_server_mailbox_get_notifications (mailbox);
  gboolean streaming = is (request, UM_NS_MESSAGES, "StreamingSubscriptionRequest");
  guint64 timeout = 0;

  if (!streaming && !is (request, UM_NS_MESSAGES, "PullSubscriptionRequest"))
    SCHEMA_ERROR (problem, "only pull and streaming subscriptions are supported");

  /* A server without streaming does not know the element at all. */
  if (streaming && support != UM_SERVER_NOTIFICATIONS_STREAMING)
    SCHEMA_ERROR (problem, "this server has no streaming notifications");
  if (!streaming && (timeout_text == NULL ||
                     !g_ascii_string_to_unsigned (timeout_text, 10, 1, 1440, &timeout, NULL)))
    SCHEMA_ERROR (problem, "a pull subscription needs a Timeout of 1 to 1440 minutes");
  if (child (request, UM_NS_TYPES, "EventTypes") == NULL)
    SCHEMA_ERROR (problem, "Subscribe without EventTypes");

  open_response (out, "Subscribe");
  if (support == UM_SERVER_NOTIFICATIONS_NONE)
    {
      error_message (out, "Subscribe", "ErrorInvalidSubscriptionRequest",
                     "Subscriptions are not available on this server.");
      close_response (out, "Subscribe");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  for (xmlNode *folder_node = first_element (folder_ids); folder_node != NULL;
       folder_node = next_element (folder_node))
    {
      g_autofree char *folder_id = folder_reference (folder_node);
      const UmServerFolder *folder = um_server_mailbox_get_folder (mailbox, folder_id, NULL);

      if (folder == NULL)
        {
          error_message (out, "Subscribe", "ErrorFolderNotFound",
                         "The specified folder could not be found in the store.");
          close_response (out, "Subscribe");
          return g_string_free (g_steal_pointer (&out), FALSE);
        }
      g_ptr_array_add (folders, (gpointer)folder);
    }
  if (folders->len == 0)
    SCHEMA_ERROR (problem, "Subscribe without FolderIds");

  id = um_server_mailbox_subscribe (mailbox, folders, streaming, timeout, &watermark);
  open_message (out, "Subscribe");
  element (out, "m:SubscriptionId", id);
  if (!streaming)
    element (out, "m:Watermark", watermark);
  close_message (out, "Subscribe");
  close_response (out, "Subscribe");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_unsubscribe (UmServerMailbox  *mailbox,
                    xmlNode          *operation,
                    char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *id = text (child (operation, UM_NS_MESSAGES, "SubscriptionId"));
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    SCHEMA_ERROR (problem, "Unsubscribe without SubscriptionId");

  open_response (out, "Unsubscribe");
  if (um_server_mailbox_unsubscribe (mailbox, id, &error))
    {
      open_message (out, "Unsubscribe");
      close_message (out, "Unsubscribe");
    }
  else
    {
      error_message_from (out, "Unsubscribe", error);
    }
  close_response (out, "Unsubscribe");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
handle_get_events (UmServerMailbox  *mailbox,
                   xmlNode          *operation,
                   char            **problem)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *id = text (child (operation, UM_NS_MESSAGES, "SubscriptionId"));
  g_autofree char *watermark = text (child (operation, UM_NS_MESSAGES, "Watermark"));
  g_autofree char *previous = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean more = FALSE;

  if (id == NULL || watermark == NULL)
    SCHEMA_ERROR (problem, "GetEvents needs SubscriptionId and Watermark");

  open_response (out, "GetEvents");
  if (um_server_mailbox_is_streaming (mailbox, id))
    {
      error_message (out, "GetEvents", "ErrorInvalidSubscription",
                     "The subscription is a streaming subscription.");
      close_response (out, "GetEvents");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  events = um_server_mailbox_get_events (mailbox, id, watermark, 50, &previous, &more, &error);
  if (events == NULL)
    {
      error_message_from (out, "GetEvents", error);
      close_response (out, "GetEvents");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  open_message (out, "GetEvents");
  g_string_append (out, "<m:Notification>");
  element (out, "t:SubscriptionId", id);
  element (out, "t:PreviousWatermark", previous);
  element (out, "t:MoreEvents", more ? "true" : "false");
  if (events->len == 0)
    {
      /* Nothing happened: a status event carries the watermark on. */
      g_string_append (out, "<t:StatusEvent>");
      element (out, "t:Watermark", previous);
      g_string_append (out, "</t:StatusEvent>");
    }
  for (guint i = 0; i < events->len; i++)
    write_event (out, g_ptr_array_index (events, i));
  g_string_append (out, "</m:Notification>");
  close_message (out, "GetEvents");
  close_response (out, "GetEvents");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * um_server_ews_streaming_body:
 * @subscription_id: the subscription
 * @events: (element-type UmServerEvent) (nullable): events to deliver
 * @connection_status: (nullable): "OK" or "Closed"
 *
 * Returns: (transfer full): a GetStreamingEventsResponse body
 */
char *
um_server_ews_streaming_body (const char *subscription_id,
                              GPtrArray  *events,
                              const char *connection_status)
{
  GString *out = g_string_new (NULL);

  open_response (out, "GetStreamingEvents");
  open_message (out, "GetStreamingEvents");
  if (events != NULL && events->len > 0)
    {
      g_string_append (out, "<m:Notifications><t:Notification>");
      element (out, "t:SubscriptionId", subscription_id);
      for (guint i = 0; i < events->len; i++)
        write_event (out, g_ptr_array_index (events, i));
      g_string_append (out, "</t:Notification></m:Notifications>");
    }
  if (connection_status != NULL)
    element (out, "m:ConnectionStatus", connection_status);
  close_message (out, "GetStreamingEvents");
  close_response (out, "GetStreamingEvents");
  return g_string_free (out, FALSE);
}

char *
um_server_ews_streaming_error (const char *response_code,
                               const char *message_text)
{
  GString *out = g_string_new (NULL);

  open_response (out, "GetStreamingEvents");
  error_message (out, "GetStreamingEvents", response_code, message_text);
  close_response (out, "GetStreamingEvents");
  return g_string_free (out, FALSE);
}

/**
 * um_server_ews_handle:
 * @mailbox: the user's mailbox
 * @email: (nullable): the user's address, which ConvertId checks
 * @name: the operation
 * @operation: its element
 * @problem: (out): why the request cannot be read, when %NULL is returned
 *
 * Returns: (transfer full) (nullable): the response element, or %NULL for a
 *   schema validation fault
 */
char *
um_server_ews_handle (UmServerMailbox  *mailbox,
                      const char       *email,
                      const char       *name,
                      xmlNode          *operation,
                      char            **problem)
{
  if (strcmp (name, "FindFolder") == 0)
    return handle_find_folder (mailbox, operation, problem);
  if (strcmp (name, "GetFolder") == 0)
    return handle_get_folder (mailbox, operation, problem);
  if (strcmp (name, "CreateFolder") == 0)
    return handle_create_folder (mailbox, operation, problem);
  if (strcmp (name, "FindItem") == 0)
    return handle_find_item (mailbox, operation, problem);
  if (strcmp (name, "GetItem") == 0)
    return handle_get_item (mailbox, operation, problem);
  if (strcmp (name, "GetAttachment") == 0)
    return handle_get_attachment (mailbox, operation, problem);
  if (strcmp (name, "UpdateItem") == 0)
    return handle_update_item (mailbox, operation, problem);
  if (strcmp (name, "MoveItem") == 0)
    return handle_move_item (mailbox, operation, problem);
  if (strcmp (name, "DeleteItem") == 0)
    return handle_delete_item (mailbox, operation, problem);
  if (strcmp (name, "SyncFolderItems") == 0)
    return handle_sync_folder_items (mailbox, operation, problem);
  if (strcmp (name, "ConvertId") == 0)
    return handle_convert_id (mailbox, email, operation, problem);
  if (strcmp (name, "Subscribe") == 0)
    return handle_subscribe (mailbox, operation, problem);
  if (strcmp (name, "Unsubscribe") == 0)
    return handle_unsubscribe (mailbox, operation, problem);
  if (strcmp (name, "GetEvents") == 0)
    return handle_get_events (mailbox, operation, problem);

  *problem = g_strdup_printf ("%s is handled elsewhere", name);
  return NULL;
}
