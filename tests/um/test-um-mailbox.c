/* test-um-mailbox.c: the EWS mailbox calls against the reference server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test.h"
#include "um-server-demo.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  UmServerMailbox *server_mailbox;
  UmClient        *client;
  UmMailbox       *mailbox;
  UmClient        *other_client;
  UmMailbox       *other;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = hark_test_server_new ();
  f->account = um_server_get_account (f->server, HARK_TEST_USER);
  f->server_mailbox = um_server_account_get_mailbox (f->account);
  f->client = hark_test_client_new (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  f->mailbox = um_mailbox_new (f->client, um_server_account_get_email (f->account));
  /* Another client of the same mailbox, as Outlook on another desk. */
  f->other_client = hark_test_client_new (f->server, HARK_TEST_USER, HARK_TEST_PASSWORD);
  f->other = um_mailbox_new (f->other_client, um_server_account_get_email (f->account));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->other);
  g_clear_object (&f->other_client);
  g_clear_object (&f->mailbox);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

#define AWAIT(result) hark_test_wait_result (&(result))

/* Synchronous wrappers */

static GPtrArray *
get_folders (UmMailbox          *mailbox,
             const char * const *ids,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_get_folders_async (mailbox, ids, NULL, HARK_TEST_CB (&result));
  return um_mailbox_get_folders_finish (mailbox, AWAIT (result), error);
}

static GPtrArray *
find_folders (UmMailbox   *mailbox,
              const char  *parent,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_find_folders_async (mailbox, parent, NULL, HARK_TEST_CB (&result));
  return um_mailbox_find_folders_finish (mailbox, AWAIT (result), error);
}

static UmFolder *
create_folder (UmMailbox   *mailbox,
               const char  *parent,
               const char  *name,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_create_folder_async (mailbox, parent, name, NULL, HARK_TEST_CB (&result));
  return um_mailbox_create_folder_finish (mailbox, AWAIT (result), error);
}

static UmItemPage *
find_voicemails (UmMailbox   *mailbox,
                 const char  *folder,
                 int          offset,
                 int          max,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_find_voicemails_async (mailbox, folder, offset, max, NULL, HARK_TEST_CB (&result));
  return um_mailbox_find_voicemails_finish (mailbox, AWAIT (result), error);
}

static GPtrArray *
get_voicemails (UmMailbox          *mailbox,
                const char * const *ids,
                GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_get_voicemails_async (mailbox, ids, NULL, HARK_TEST_CB (&result));
  return um_mailbox_get_voicemails_finish (mailbox, AWAIT (result), error);
}

static UmVoiceMail *
get_voicemail (UmMailbox   *mailbox,
               const char  *id,
               GError     **error)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GPtrArray) items = get_voicemails (mailbox, ids, error);

  if (items == NULL)
    return NULL;
  g_assert_cmpuint (items->len, ==, 1);
  return g_ptr_array_steal_index (items, 0);
}

static gint64
fetch (UmMailbox     *mailbox,
       const char    *attachment_id,
       GOutputStream *output,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_fetch_attachment_async (mailbox, attachment_id, output, NULL,
                                     HARK_TEST_CB (&result));
  return um_mailbox_fetch_attachment_finish (mailbox, AWAIT (result), error);
}

static gboolean
set_read (UmMailbox   *mailbox,
          const char  *id,
          gboolean     is_read,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_set_read_async (mailbox, id, is_read, NULL, HARK_TEST_CB (&result));
  return um_mailbox_set_read_finish (mailbox, AWAIT (result), error);
}

static char *
move (UmMailbox   *mailbox,
      const char  *id,
      const char  *folder,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_move_async (mailbox, id, folder, NULL, HARK_TEST_CB (&result));
  return um_mailbox_move_finish (mailbox, AWAIT (result), error);
}

static gboolean
delete (UmMailbox   *mailbox,
        const char  *id,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_delete_async (mailbox, id, NULL, HARK_TEST_CB (&result));
  return um_mailbox_delete_finish (mailbox, AWAIT (result), error);
}

static UmVoiceMail *
find_by_message_id (UmMailbox   *mailbox,
                    const char  *folder,
                    const char  *message_id,
                    GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_find_by_message_id_async (mailbox, folder, message_id, NULL,
                                       HARK_TEST_CB (&result));
  return um_mailbox_find_by_message_id_finish (mailbox, AWAIT (result), error);
}

static UmSyncResult *
sync_folder (UmMailbox   *mailbox,
             const char  *folder,
             const char  *state,
             int          max,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_sync_folder_async (mailbox, folder, state, max, FALSE, NULL,
                                HARK_TEST_CB (&result));
  return um_mailbox_sync_folder_finish (mailbox, AWAIT (result), error);
}

static char *
convert (UmMailbox   *mailbox,
         const char  *id,
         UmIdFormat   from,
         UmIdFormat   to,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  um_mailbox_convert_id_async (mailbox, id, from, to, NULL, HARK_TEST_CB (&result));
  return um_mailbox_convert_id_finish (mailbox, AWAIT (result), error);
}

static UmFolder *
folder_named (GPtrArray  *folders,
              const char *name)
{
  for (guint i = 0; i < folders->len; i++)
    {
      UmFolder *folder = g_ptr_array_index (folders, i);

      if (g_strcmp0 (folder->display_name, name) == 0)
        return folder;
    }
  return NULL;
}

static const UmServerMessage *
server_message (Fixture    *f,
                const char *tag)
{
  const char *folders[] = { "voicemail", "deleteditems", NULL };

  for (guint i = 0; folders[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (
        f->server_mailbox, um_server_mailbox_get_folder (f->server_mailbox, folders[i], NULL));

      for (guint j = 0; j < messages->len; j++)
        {
          const UmServerMessage *message = g_ptr_array_index (messages, j);

          if (g_strcmp0 (message->tag, tag) == 0)
            return message;
        }
    }
  g_assert_not_reached ();
}

/* Tests */

static void
test_folders (Fixture       *f,
              gconstpointer  data)
{
  const char *ids[] = { "inbox", "deleteditems", "voicemail", NULL };
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GError) error = NULL;
  UmFolder *voice_mail;
  int total;
  int unread;

  folders = get_folders (f->mailbox, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folders->len, ==, 3);
  g_assert_cmpstr (((UmFolder *)folders->pdata[0])->display_name, ==, "Inbox");
  g_assert_cmpstr (((UmFolder *)folders->pdata[1])->display_name, ==, "Deleted Items");

  /* The counts are the server's. */
  um_server_mailbox_count (f->server_mailbox,
                           um_server_mailbox_get_folder (f->server_mailbox, "voicemail", NULL),
                           &total, &unread);
  g_assert_cmpint (((UmFolder *)folders->pdata[2])->total_count, ==, total);
  g_assert_cmpint (((UmFolder *)folders->pdata[2])->unread_count, ==, unread);
  g_assert_cmpint (total, ==, 23);
  g_assert_cmpint (unread, ==, 10);

  /* Hark's folders of the demo mailbox. */
  top = find_folders (f->mailbox, "msgfolderroot", &error);
  g_assert_no_error (error);
  voice_mail = folder_named (top, "Voice Mail");
  g_assert_nonnull (voice_mail);
  g_assert_nonnull (folder_named (top, "Inbox"));
  children = find_folders (f->mailbox, voice_mail->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (children->len, ==, 3);
  g_assert_nonnull (folder_named (children, "Work"));
  g_assert_nonnull (folder_named (children, "Family"));
  g_assert_nonnull (folder_named (children, "Friends"));
  g_assert_cmpint (folder_named (children, "Work")->total_count, ==, 3);

  /* An unknown folder fails, alone or among others. */
  {
    const char *bad[] = { "inbox", "SGFya0ZvbGRlcjpub25l", NULL };
    g_autoptr(GPtrArray) none = get_folders (f->mailbox, bad, &error);

    g_assert_error (error, UM_ERROR, UM_ERROR_NOT_FOUND);
    g_assert_null (none);
    g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorFolderNotFound");
  }
}

static void
test_create_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(UmFolder) folder = NULL;
  g_autoptr(UmFolder) child = NULL;
  g_autoptr(UmFolder) again = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  folder = create_folder (f->mailbox, "msgfolderroot", "Voicemail Archive", &error);
  g_assert_no_error (error);
  g_assert_nonnull (folder->id);
  child = create_folder (f->mailbox, folder->id, "Ärzte & <Labs>", &error);
  g_assert_no_error (error);

  listed = find_folders (f->mailbox, folder->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((UmFolder *)listed->pdata[0])->display_name, ==, "Ärzte & <Labs>");
  g_assert_cmpstr (((UmFolder *)listed->pdata[0])->id, ==, child->id);

  again = create_folder (f->mailbox, "msgfolderroot", "voicemail archive", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_EXISTS);
  g_assert_null (again);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  UmServerAccount *account = um_server_add_account (f->server, "paging", "pw");
  g_autoptr(UmClient) client = hark_test_client_new (f->server, "paging", "pw");
  g_autoptr(UmMailbox) mailbox = um_mailbox_new (client, NULL);
  UmServerMailbox *server_mailbox = um_server_account_get_mailbox (account);
  int offset = 0;
  guint pages = 0;
  gint64 previous = G_MAXINT64;

  um_server_demo_fill_synthetic (server_mailbox, 1000);

  /* Some mail that is not voice mail, which the restriction leaves out. */
  for (guint i = 0; i < 7; i++)
    {
      UmServerMessage *note = um_server_message_new (NULL);

      g_free (note->item_class);
      note->item_class = g_strdup (i % 2 ? "IPM.Note" : "IPM.Note.Microsoft.Missed.Voice");
      note->received = g_get_real_time () / G_USEC_PER_SEC - i * 100;
      um_server_mailbox_add (server_mailbox, note,
                             um_server_mailbox_get_folder (server_mailbox, "inbox", NULL));
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(UmItemPage) page = find_voicemails (mailbox, "voicemail", offset, 150, &error);

      g_assert_no_error (error);
      g_assert_cmpint (page->total, ==, 1000);
      pages++;
      for (guint i = 0; i < page->items->len; i++)
        {
          UmVoiceMail *item = g_ptr_array_index (page->items, i);

          g_assert_true (um_item_class_is_voicemail (item->item_class));
          g_assert_true (g_hash_table_add (seen, g_strdup (item->id)));
          /* Newest first, across pages. */
          g_assert_cmpint (item->received, <=, previous);
          previous = item->received;
          g_assert_nonnull (item->caller_name);
          g_assert_nonnull (item->transcription);
          g_assert_cmpint (item->duration, >, 0);
        }
      if (page->last)
        break;
      g_assert_cmpuint (page->items->len, ==, 150);
      g_assert_cmpint (page->next_offset, ==, offset + 150);
      offset = page->next_offset;
    }

  g_assert_cmpuint (pages, ==, 7);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
}

static void
test_voicemail_properties (Fixture       *f,
                           gconstpointer  data)
{
  const UmServerMessage *expected = server_message (f, "voicemail-01");
  g_autoptr(UmVoiceMail) item = NULL;
  g_autoptr(GPtrArray) audio = NULL;
  g_autoptr(GError) error = NULL;

  item = get_voicemail (f->mailbox, expected->id, &error);
  g_assert_no_error (error);

  /* As data/demo/voicemails.ini says. */
  g_assert_cmpstr (item->caller_name, ==, "Priya Natarajan");
  g_assert_cmpstr (item->caller_number, ==, "+14255550142");
  g_assert_true (item->urgent);
  g_assert_false (item->is_read);
  g_assert_cmpint (item->received, ==, 1795279320); /* 2026-11-21T16:42:00Z */
  g_assert_cmpint (item->duration, ==, expected->duration);
  g_assert_cmpint (item->duration, >, 0);
  g_assert_cmpstr (item->item_class, ==, "IPM.Note.Microsoft.Voicemail.UM.CA");
  g_assert_cmpstr (item->internet_message_id, ==, expected->internet_message_id);
  g_assert_true (g_str_has_prefix (item->transcription,
                                   "Hi Mara, it's Priya. The build for the Fabrikam demo failed"));
  g_assert_true (g_str_has_suffix (item->transcription, "Thanks."));
  g_assert_nonnull (item->parent_folder_id);
  g_assert_nonnull (item->call_id);

  audio = um_voice_mail_get_audio (item);
  g_assert_cmpuint (audio->len, ==, 1);
  g_assert_cmpstr (((UmAttachment *)audio->pdata[0])->name, ==, "voicemail-01.wav");
  g_assert_cmpstr (((UmAttachment *)audio->pdata[0])->content_type, ==, "audio/wav");

  /* The message in two parts plays them in the attachment order. */
  {
    g_autoptr(UmVoiceMail) parts = get_voicemail (f->mailbox,
                                                  server_message (f, "voicemail-08")->id, &error);
    g_autoptr(GPtrArray) order = NULL;

    g_assert_no_error (error);
    order = um_voice_mail_get_audio (parts);
    g_assert_cmpuint (order->len, ==, 2);
    g_assert_cmpstr (((UmAttachment *)order->pdata[0])->name, ==, "voicemail-08-1.wav");
    g_assert_cmpstr (((UmAttachment *)order->pdata[1])->name, ==, "voicemail-08-2.wav");
    g_assert_cmpstr (parts->attachment_order[0], ==, "voicemail-08-1.wav");
  }

  /* Audio notes, and a message whose transcription failed. */
  {
    g_autoptr(UmVoiceMail) noted = get_voicemail (f->mailbox,
                                                  server_message (f, "voicemail-12")->id, &error);
    g_autoptr(UmVoiceMail) silent = get_voicemail (f->mailbox,
                                                   server_message (f, "voicemail-11")->id, &error);

    g_assert_no_error (error);
    g_assert_nonnull (noted->audio_notes);
    g_assert_null (silent->transcription);
    g_assert_null (silent->caller_name);
  }
}

static void
test_get_item_errors (Fixture       *f,
                      gconstpointer  data)
{
  const UmServerMessage *message = hark_test_first_voicemail (f->account);
  g_autofree char *gone = g_base64_encode ((const guchar *)"HarkItem:alice:gone", 19);
  const char *mixed[] = { gone, message->id, NULL };
  const char *none[] = { gone, NULL };
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(UmVoiceMail) malformed = NULL;
  g_autoptr(GError) error = NULL;

  /* One item gone: the others still come. */
  some = get_voicemails (f->mailbox, mixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 1);
  g_assert_cmpstr (((UmVoiceMail *)some->pdata[0])->id, ==, message->id);

  nothing = get_voicemails (f->mailbox, none, &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_NOT_FOUND);
  g_assert_null (nothing);
  g_clear_error (&error);

  malformed = get_voicemail (f->mailbox, "not an id", &error);
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
}

static void
test_fetch_attachment (Fixture       *f,
                       gconstpointer  data)
{
  const UmServerMessage *expected = server_message (f, "voicemail-04");
  const UmServerAttachment *source = g_ptr_array_index (expected->attachments, 0);
  g_autoptr(UmVoiceMail) item = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  UmAttachment *attachment;
  gint64 written;

  item = get_voicemail (f->mailbox, expected->id, &error);
  g_assert_no_error (error);
  attachment = g_ptr_array_index (item->attachments, 0);
  g_assert_cmpint (attachment->size, ==, g_bytes_get_size (source->data));

  written = fetch (f->mailbox, attachment->id, output, &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, g_bytes_get_size (source->data));
  g_output_stream_close (output, NULL, NULL);
  {
    g_autoptr(GBytes) got = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));

    g_assert_true (g_bytes_equal (got, source->data));
  }

  /* An unknown attachment id. */
  {
    g_autoptr(GOutputStream) unused = g_memory_output_stream_new_resizable ();

    g_assert_cmpint (fetch (f->mailbox, "SGFya0F0dGFjaG1lbnQ6bm9uZQ==", unused, &error), ==, -1);
    g_assert_error (error, UM_ERROR, UM_ERROR_NOT_FOUND);
  }
}

/* An attachment larger than the client takes as an answer still arrives
 * whole: it is streamed to the file, not held. */
static void
test_fetch_large_attachment (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GBytes) audio = um_server_demo_tone_wav (900.0, 440.0); /* 14.4 MB */
  UmServerMessage *message = um_server_message_new ("long-message");
  g_autoptr(UmVoiceMail) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (NULL, &error);
  g_autofree char *path = g_build_filename (dir, "long.wav", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) output = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 written;

  um_server_message_add_attachment (message, "long.wav", "audio/wav", audio);
  message->attachment_order = g_strdup ("long.wav");
  um_server_mailbox_deposit (f->server_mailbox, message);

  um_client_set_max_response_size (f->client, 1024 * 1024);
  item = get_voicemail (f->mailbox, message->id, &error);
  g_assert_no_error (error);

  output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  written = fetch (f->mailbox, ((UmAttachment *)item->attachments->pdata[0])->id,
                   G_OUTPUT_STREAM (output), &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, g_bytes_get_size (audio));
  g_output_stream_close (G_OUTPUT_STREAM (output), NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, g_bytes_get_size (audio));
  g_assert_true (memcmp (contents, g_bytes_get_data (audio, NULL), length) == 0);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_mark_move_delete (Fixture       *f,
                       gconstpointer  data)
{
  const UmServerMessage *message = server_message (f, "voicemail-02");
  g_autofree char *id = g_strdup (message->id);
  g_autofree char *message_id = g_strdup (message->internet_message_id);
  g_autoptr(UmVoiceMail) before = NULL;
  g_autoptr(UmVoiceMail) in_trash = NULL;
  g_autoptr(UmVoiceMail) after = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *restored = NULL;
  UmFolder *work;

  before = get_voicemail (f->mailbox, id, &error);
  g_assert_no_error (error);

  /* Heard, then unheard. */
  g_assert_true (set_read (f->mailbox, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (message->is_read);
  g_assert_true (set_read (f->mailbox, id, FALSE, &error));
  g_assert_false (message->is_read);

  /* Moved to Work: a new id, the old one is gone. */
  folders = find_folders (f->mailbox, "msgfolderroot", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) children = find_folders (f->mailbox,
                                                  folder_named (folders, "Voice Mail")->id,
                                                  &error);

    work = um_folder_copy (folder_named (children, "Work"));
  }
  moved = move (f->mailbox, id, work->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved, !=, id);
  g_assert_cmpstr (message->folder->id, ==, work->id);
  g_assert_false (set_read (f->mailbox, id, TRUE, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  um_folder_free (work);

  /* Deleted: to Deleted Items, found there by its Message-ID. */
  g_assert_true (delete (f->mailbox, moved, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (message->folder->distinguished, ==, "deleteditems");
  in_trash = find_by_message_id (f->mailbox, "deleteditems", message_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (in_trash->id, ==, message->id);

  /* Undeleted: moved back, with every property as before. */
  restored = move (f->mailbox, in_trash->id, "inbox", &error);
  g_assert_no_error (error);
  after = get_voicemail (f->mailbox, restored, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->caller_name, ==, before->caller_name);
  g_assert_cmpstr (after->caller_number, ==, before->caller_number);
  g_assert_cmpint (after->duration, ==, before->duration);
  g_assert_cmpint (after->received, ==, before->received);
  g_assert_cmpint (after->urgent, ==, before->urgent);
  g_assert_cmpstr (after->transcription, ==, before->transcription);
  g_assert_cmpstr (after->internet_message_id, ==, before->internet_message_id);
  g_assert_cmpuint (after->attachments->len, ==, before->attachments->len);
  g_assert_cmpstr (after->parent_folder_id, ==,
                   um_server_mailbox_get_folder (f->server_mailbox, "inbox", NULL)->id);

  /* Not in Deleted Items any more. */
  {
    g_autoptr(UmVoiceMail) none = find_by_message_id (f->mailbox, "deleteditems", message_id,
                                                      &error);

    g_assert_error (error, UM_ERROR, UM_ERROR_NOT_FOUND);
    g_assert_null (none);
  }
}

static UmSyncChange *
change_for (UmSyncResult *sync,
            const char   *id)
{
  for (guint i = 0; i < sync->changes->len; i++)
    {
      UmSyncChange *change = g_ptr_array_index (sync->changes, i);

      if (g_strcmp0 (change->item->id, id) == 0)
        return change;
    }
  return NULL;
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GHashTable) inbox = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UmSyncResult) changes = NULL;
  g_autofree char *read_id = NULL;
  g_autofree char *moved_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *moved_new_id = NULL;
  UmServerMessage *deposited;
  guint rounds = 0;
  int total;
  int unread;

  /* The first sync, five changes at a time. */
  for (;;)
    {
      g_autoptr(UmSyncResult) sync = sync_folder (f->mailbox, "inbox", state, 5, &error);

      g_assert_no_error (error);
      rounds++;
      for (guint i = 0; i < sync->changes->len; i++)
        {
          UmSyncChange *change = g_ptr_array_index (sync->changes, i);

          g_assert_cmpint (change->kind, ==, UM_SYNC_CHANGE_CREATE);
          g_assert_true (g_hash_table_add (inbox, g_strdup (change->item->id)));
          g_assert_nonnull (change->item->caller_number != NULL ? change->item->caller_number
                                                                : "withheld");
        }
      g_free (state);
      state = g_strdup (sync->sync_state);
      if (sync->includes_last)
        break;
      g_assert_cmpuint (sync->changes->len, ==, 5);
    }
  um_server_mailbox_count (f->server_mailbox,
                           um_server_mailbox_get_folder (f->server_mailbox, "inbox", NULL),
                           &total, &unread);
  g_assert_cmpuint (g_hash_table_size (inbox), ==, total);
  g_assert_cmpuint (rounds, ==, (total + 4) / 5 + (total % 5 == 0 ? 1 : 0));

  /* Nothing changed: nothing to say. */
  {
    g_autoptr(UmSyncResult) none = sync_folder (f->mailbox, "inbox", state, 100, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->changes->len, ==, 0);
    g_assert_true (none->includes_last);
  }

  /* Another client reads one, moves one, deletes one; a call leaves one. */
  read_id = g_strdup (server_message (f, "voicemail-02")->id);
  moved_id = g_strdup (server_message (f, "voicemail-03")->id);
  deleted_id = g_strdup (server_message (f, "voicemail-06")->id);
  g_assert_true (set_read (f->other, read_id, TRUE, &error));
  moved_new_id = move (f->other, moved_id, "drafts", &error);
  g_assert_no_error (error);
  g_assert_true (delete (f->other, deleted_id, &error));
  deposited = um_server_deposit_voicemail (f->server, HARK_TEST_USER);

  changes = sync_folder (f->mailbox, "inbox", state, 100, &error);
  g_assert_no_error (error);
  g_assert_true (changes->includes_last);
  g_assert_cmpuint (changes->changes->len, ==, 4);
  g_assert_cmpint (change_for (changes, read_id)->kind, ==, UM_SYNC_CHANGE_READ_FLAG_CHANGE);
  g_assert_true (change_for (changes, read_id)->item->is_read);
  g_assert_cmpint (change_for (changes, moved_id)->kind, ==, UM_SYNC_CHANGE_DELETE);
  g_assert_cmpint (change_for (changes, deleted_id)->kind, ==, UM_SYNC_CHANGE_DELETE);
  g_assert_cmpint (change_for (changes, deposited->id)->kind, ==, UM_SYNC_CHANGE_CREATE);
  g_assert_cmpstr (change_for (changes, deposited->id)->item->caller_name, ==,
                   deposited->caller_name);
  g_assert_null (change_for (changes, moved_new_id));

  /* The old state still works; a state of another folder does not. */
  {
    g_autoptr(UmSyncResult) again = sync_folder (f->mailbox, "inbox", state, 100, &error);
    g_autoptr(UmSyncResult) wrong = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (again->changes->len, ==, 4);
    wrong = sync_folder (f->mailbox, "deleteditems", state, 100, &error);
    g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_SYNC_STATE);
    g_assert_null (wrong);
  }
}

static void
test_convert_id (Fixture       *f,
                 gconstpointer  data)
{
  const UmServerMessage *message = hark_test_first_voicemail (f->account);
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *back = NULL;
  g_autofree char *folder_entry = NULL;
  g_autofree char *call_id = NULL;
  const UmServerFolder *inbox = um_server_mailbox_get_folder (f->server_mailbox, "inbox", NULL);

  entry = convert (f->mailbox, message->id, UM_ID_FORMAT_EWS_ID, UM_ID_FORMAT_ENTRY_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entry, ==, message->entry_id);
  hex = convert (f->mailbox, entry, UM_ID_FORMAT_ENTRY_ID, UM_ID_FORMAT_HEX_ENTRY_ID, &error);
  g_assert_no_error (error);
  back = convert (f->mailbox, hex, UM_ID_FORMAT_HEX_ENTRY_ID, UM_ID_FORMAT_EWS_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, message->id);

  /* The EntryID is what the legacy PlayOnPhone takes. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    um_client_play_on_phone_async (f->client, entry, "+1-425-555-0123", NULL,
                                   HARK_TEST_CB (&result));
    call_id = um_client_play_on_phone_finish (f->client, AWAIT (result), &error);
    g_assert_no_error (error);
    g_assert_nonnull (call_id);
  }

  /* A folder's, for SetTelephoneAccessFolderEmail. */
  folder_entry = convert (f->mailbox, inbox->id, UM_ID_FORMAT_EWS_ID, UM_ID_FORMAT_ENTRY_ID,
                          &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (folder_entry, "=") || strlen (folder_entry) % 4 == 0);
  {
    g_autoptr(GAsyncResult) result = NULL;

    um_client_set_telephone_access_folder_email_async (f->client, folder_entry, NULL,
                                                       HARK_TEST_CB (&result));
    g_assert_true (um_client_set_telephone_access_folder_email_finish (f->client, AWAIT (result),
                                                                       &error));
    g_assert_no_error (error);
    g_assert_cmpstr (um_server_account_get_telephone_access_folder (f->account), ==,
                     folder_entry);
  }

  /* Nonsense in, a clear error out. */
  {
    g_autofree char *none = convert (f->mailbox, "QUJD", UM_ID_FORMAT_EWS_ID,
                                     UM_ID_FORMAT_ENTRY_ID, &error);

    g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
    g_assert_null (none);
  }
}

static void
test_pull_events (Fixture       *f,
                  gconstpointer  data)
{
  const char *folders[] = { "inbox", "deleteditems", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *subscription = NULL;
  g_autofree char *watermark = NULL;
  UmServerMessage *deposited;

  {
    g_autoptr(GAsyncResult) result = NULL;

    um_mailbox_subscribe_async (f->mailbox, UM_SUBSCRIPTION_PULL, folders, 10, NULL,
                                HARK_TEST_CB (&result));
    subscription = um_mailbox_subscribe_finish (f->mailbox, AWAIT (result), &watermark, &error);
    g_assert_no_error (error);
    g_assert_nonnull (watermark);
  }

  /* Nothing yet: a status event. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(UmNotification) none = NULL;

    um_mailbox_get_events_async (f->mailbox, subscription, watermark, NULL,
                                 HARK_TEST_CB (&result));
    none = um_mailbox_get_events_finish (f->mailbox, AWAIT (result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->events->len, ==, 1);
    g_assert_cmpint (((UmEvent *)none->events->pdata[0])->type, ==, UM_EVENT_STATUS);
  }

  deposited = um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(UmNotification) notification = NULL;
    UmEvent *first;

    um_mailbox_get_events_async (f->mailbox, subscription, watermark, NULL,
                                 HARK_TEST_CB (&result));
    notification = um_mailbox_get_events_finish (f->mailbox, AWAIT (result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (notification->subscription_id, ==, subscription);
    g_assert_cmpuint (notification->events->len, ==, 2);
    first = notification->events->pdata[0];
    g_assert_cmpint (first->type, ==, UM_EVENT_NEW_MAIL);
    g_assert_cmpstr (first->item_id, ==, deposited->id);
    g_assert_cmpstr (first->parent_folder_id, ==, deposited->folder->id);
    g_free (watermark);
    watermark = g_strdup (um_notification_get_last_watermark (notification));
  }

  /* A move out of the Inbox: a MovedEvent with both ids. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(UmNotification) notification = NULL;
    g_autofree char *old_id = g_strdup (deposited->id);
    UmEvent *moved;

    g_assert_true (delete (f->other, old_id, &error));
    um_mailbox_get_events_async (f->mailbox, subscription, watermark, NULL,
                                 HARK_TEST_CB (&result));
    notification = um_mailbox_get_events_finish (f->mailbox, AWAIT (result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (notification->events->len, ==, 1);
    moved = notification->events->pdata[0];
    g_assert_cmpint (moved->type, ==, UM_EVENT_MOVED);
    g_assert_cmpstr (moved->old_item_id, ==, old_id);
    g_assert_cmpstr (moved->item_id, ==, deposited->id);
  }

  /* Gone after Unsubscribe. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) result2 = NULL;
    g_autoptr(UmNotification) none = NULL;

    um_mailbox_unsubscribe_async (f->mailbox, subscription, NULL, HARK_TEST_CB (&result));
    g_assert_true (um_mailbox_unsubscribe_finish (f->mailbox, AWAIT (result), &error));
    g_assert_no_error (error);
    um_mailbox_get_events_async (f->mailbox, subscription, watermark, NULL,
                                 HARK_TEST_CB (&result2));
    none = um_mailbox_get_events_finish (f->mailbox, AWAIT (result2), &error);
    g_assert_error (error, UM_ERROR, UM_ERROR_SUBSCRIPTION);
    g_assert_null (none);
  }
}

typedef struct {
  GPtrArray *events;
  guint      heartbeats;
} Received;

static void
received_cb (UmNotification *notification,
             gpointer        user_data)
{
  Received *received = user_data;

  if (notification == NULL)
    {
      received->heartbeats++;
      return;
    }
  for (guint i = 0; i < notification->events->len; i++)
    g_ptr_array_add (received->events, um_event_copy (notification->events->pdata[i]));
}

static gboolean
deposit_cb (gpointer user_data)
{
  Fixture *f = user_data;

  um_server_deposit_voicemail (f->server, HARK_TEST_USER);
  return G_SOURCE_REMOVE;
}

static void
test_streaming_events (Fixture       *f,
                       gconstpointer  data)
{
  const char *folders[] = { "inbox", NULL };
  Received received = { g_ptr_array_new_with_free_func ((GDestroyNotify)um_event_free), 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subscription = NULL;

  {
    g_autoptr(GAsyncResult) subscribed = NULL;

    um_mailbox_subscribe_async (f->mailbox, UM_SUBSCRIPTION_STREAMING, folders, 0, NULL,
                                HARK_TEST_CB (&subscribed));
    subscription = um_mailbox_subscribe_finish (f->mailbox, AWAIT (subscribed), NULL, &error);
    g_assert_no_error (error);
  }

  um_server_set_heartbeat_seconds (f->server, 1);
  um_mailbox_stream_events_async (f->mailbox, subscription, 1, received_cb, &received, NULL,
                                  NULL, HARK_TEST_CB (&result));

  /* The connection opens with a status OK. */
  while (received.heartbeats == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (um_server_get_n_streams (f->server), ==, 1);

  /* A voice mail left while the connection is open arrives on it. */
  g_idle_add (deposit_cb, f);
  while (received.events->len < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (((UmEvent *)received.events->pdata[0])->type, ==, UM_EVENT_NEW_MAIL);
  g_assert_cmpint (((UmEvent *)received.events->pdata[1])->type, ==, UM_EVENT_CREATED);

  /* Heartbeats keep coming while nothing happens. */
  {
    guint before = received.heartbeats;

    while (received.heartbeats < before + 1)
      g_main_context_iteration (NULL, TRUE);
  }

  /* The server ends the connection: the call ends well, to be renewed. */
  um_server_close_streams (f->server);
  g_assert_true (um_mailbox_stream_events_finish (f->mailbox, AWAIT (result), &error));
  g_assert_no_error (error);

  /* A subscription that does not exist. */
  {
    g_autoptr(GAsyncResult) gone = NULL;

    um_mailbox_stream_events_async (f->mailbox, "SGFya1N1YnNjcmlwdGlvbjpub25l", 1, received_cb,
                                    &received, NULL, NULL, HARK_TEST_CB (&gone));
    g_assert_false (um_mailbox_stream_events_finish (f->mailbox, AWAIT (gone), &error));
    g_assert_error (error, UM_ERROR, UM_ERROR_SUBSCRIPTION);
  }

  g_ptr_array_unref (received.events);
}

static void
test_streaming_refused (Fixture       *f,
                        gconstpointer  data)
{
  const char *folders[] = { "inbox", NULL };
  g_autoptr(GError) error = NULL;

  /* A server without streaming (Exchange 2007, 2010 RTM) does not know
   * the request; one without subscriptions refuses both kinds. */
  um_server_mailbox_set_notifications (f->server_mailbox, UM_SERVER_NOTIFICATIONS_PULL);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *id = NULL;

    um_mailbox_subscribe_async (f->mailbox, UM_SUBSCRIPTION_STREAMING, folders, 0, NULL,
                                HARK_TEST_CB (&result));
    id = um_mailbox_subscribe_finish (f->mailbox, AWAIT (result), NULL, &error);
    g_assert_error (error, UM_ERROR, UM_ERROR_SCHEMA_VALIDATION);
    g_clear_error (&error);
  }

  um_server_mailbox_set_notifications (f->server_mailbox, UM_SERVER_NOTIFICATIONS_NONE);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *id = NULL;

    um_mailbox_subscribe_async (f->mailbox, UM_SUBSCRIPTION_PULL, folders, 5, NULL,
                                HARK_TEST_CB (&result));
    id = um_mailbox_subscribe_finish (f->mailbox, AWAIT (result), NULL, &error);
    g_assert_error (error, UM_ERROR, UM_ERROR_SERVER);
    g_assert_cmpstr (um_error_get_server_code (error), ==, "ErrorInvalidSubscriptionRequest");
  }
}

static void
test_asr_text (void)
{
  static const char asr[] =
    "<?xml version=\"1.0\"?>"
    "<ASR lang=\"en-US\" confidence=\"0.8\" xmlns=\"" UM_NS_ASR "\">"
    "<Information lang=\"en-US\"/>"
    "<Text><T ts=\"00:00:00\" te=\"00:00:01\" c=\"0.9\" id=\"a\">Call</T>"
    "<T ts=\"00:00:01\" te=\"00:00:02\" c=\"0.9\" id=\"b\">me</T>"
    "<Feature class=\"PhoneNumber\"><T id=\"c\">425</T> <T id=\"d\">555</T></Feature>"
    "<Break/><T id=\"e\">back</T><T id=\"f\">.</T></Text></ASR>";
  static const char not_asr[] = "<ASR><Text>no namespace</Text></ASR>";
  static const char empty[] = "<ASR xmlns=\"" UM_NS_ASR "\"><Text/></ASR>";
  static const char dtd[] = "<!DOCTYPE ASR [<!ENTITY x \"boom\">]>"
                            "<ASR xmlns=\"" UM_NS_ASR "\"><Text>&x;</Text></ASR>";
  g_autofree char *text = um_asr_to_text (asr, strlen (asr));

  g_assert_cmpstr (text, ==, "Call me 425 555 back.");
  g_assert_null (um_asr_to_text (not_asr, strlen (not_asr)));
  g_assert_null (um_asr_to_text (empty, strlen (empty)));
  g_assert_null (um_asr_to_text (dtd, strlen (dtd)));
  g_assert_null (um_asr_to_text ("<ASR", 4));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mailbox/asr-text", test_asr_text);
#define ADD(path, func) \
  g_test_add ("/mailbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("folders", test_folders);
  ADD ("create-folder", test_create_folder);
  ADD ("paging", test_paging);
  ADD ("voicemail-properties", test_voicemail_properties);
  ADD ("get-item-errors", test_get_item_errors);
  ADD ("fetch-attachment", test_fetch_attachment);
  ADD ("fetch-large-attachment", test_fetch_large_attachment);
  ADD ("mark-move-delete-undelete", test_mark_move_delete);
  ADD ("sync", test_sync);
  ADD ("convert-id", test_convert_id);
  ADD ("pull-events", test_pull_events);
  ADD ("streaming-events", test_streaming_events);
  ADD ("streaming-refused", test_streaming_refused);
#undef ADD

  return g_test_run ();
}
