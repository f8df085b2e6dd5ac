/* test-store.c: the local store alone: messages, folders, counts, the
 * outbox, conflicts and the audio cache, across reopening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test-files.h"

#include <glib/gstdio.h>

#include "hark-message-private.h"
#include "hark-store.h"

typedef struct {
  char      *dir;
  char      *path;
  HarkStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp (NULL, &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store", "store.db", NULL);
  f->store = hark_store_new (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  hark_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = hark_store_new (f->path, &error);
  g_assert_no_error (error);
}

static UmVoiceMail *
voice_mail (const char *id,
            const char *caller,
            gint64      received,
            gboolean    heard,
            gboolean    urgent)
{
  UmVoiceMail *item = um_voice_mail_new ();

  item->id = g_strdup (id);
  item->internet_message_id = g_strdup_printf ("<%s@test>", id);
  item->item_class = g_strdup ("IPM.Note.Microsoft.Voicemail.UM.CA");
  item->caller_name = g_strdup (caller);
  item->caller_number = g_strdup ("+14255550100");
  item->received = received;
  item->duration = 30;
  item->is_read = heard;
  item->urgent = urgent;
  item->transcription = g_strdup ("Call me back.");
  item->attachment_order = g_strsplit ("a.wav;b.wav", ";", -1);
  return item;
}

static void
put (Fixture    *f,
     const char *role,
     const char *id,
     gint64      received,
     gboolean    heard,
     gboolean    urgent)
{
  g_autoptr(UmVoiceMail) item = voice_mail (id, id, received, heard, urgent);
  g_autoptr(GError) error = NULL;
  gboolean is_new;

  g_assert_true (hark_store_put (f->store, role, item, &is_new, &error));
  g_assert_no_error (error);
}

static void
fill (Fixture *f)
{
  put (f, "inbox", "a", 100, FALSE, TRUE);
  put (f, "inbox", "b", 200, TRUE, FALSE);
  put (f, "other", "c", 300, FALSE, FALSE);
  put (f, "work", "d", 400, TRUE, TRUE);
  put (f, "deleted", "e", 500, FALSE, TRUE);
}

static void
assert_ids (GPtrArray  *messages,
            const char *expected)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    {
      if (i > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, hark_message_get_id (messages->pdata[i]));
    }
  g_assert_cmpstr (ids->str, ==, expected);
}

static void
test_folders_and_counts (Fixture       *f,
                         gconstpointer  data)
{
  HarkCounts counts;

  fill (f);

  /* New and Heard are the unsorted ones, newest first. */
  {
    g_autoptr(GPtrArray) fresh = hark_store_list (f->store, HARK_FOLDER_NEW, FALSE, -1);
    g_autoptr(GPtrArray) heard = hark_store_list (f->store, HARK_FOLDER_HEARD, FALSE, -1);
    g_autoptr(GPtrArray) work = hark_store_list (f->store, HARK_FOLDER_WORK, FALSE, -1);
    g_autoptr(GPtrArray) deleted = hark_store_list (f->store, HARK_FOLDER_DELETED, FALSE, -1);
    g_autoptr(GPtrArray) limited = hark_store_list (f->store, HARK_FOLDER_NEW, FALSE, 1);

    assert_ids (fresh, "c a");
    assert_ids (heard, "b");
    assert_ids (work, "d");
    assert_ids (deleted, "e");
    assert_ids (limited, "c");
  }

  /* RFC 3842 counts leave Deleted Items out. */
  counts = hark_store_get_counts (f->store);
  g_assert_cmpint (counts.new_count, ==, 2);
  g_assert_cmpint (counts.old_count, ==, 2);
  g_assert_cmpint (counts.urgent_new, ==, 1);
  g_assert_cmpint (counts.urgent_old, ==, 1);

  /* A list model, read from the store. */
  {
    g_autoptr(GListModel) model = hark_store_list_model (f->store, HARK_FOLDER_NEW);
    g_autoptr(HarkMessage) first = g_list_model_get_item (model, 0);

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    g_assert_cmpstr (hark_message_get_id (first), ==, "c");
    g_assert_cmpstr (hark_message_get_transcription (first), ==, "Call me back.");
    g_assert_cmpstr (hark_message_get_attachments (first)[1], ==, "b.wav");
    g_assert_cmpint (hark_message_get_folder (first), ==, HARK_FOLDER_NEW);
  }
}

static void
test_put_follows_moves (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(UmVoiceMail) moved = voice_mail ("a2", "a", 100, FALSE, TRUE);
  g_autoptr(HarkMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_new = TRUE;

  fill (f);

  /* The same Message-ID under a new id: the item moved, not a new one. */
  g_free (moved->internet_message_id);
  moved->internet_message_id = g_strdup ("<a@test>");
  g_assert_true (hark_store_put (f->store, "family", moved, &is_new, &error));
  g_assert_no_error (error);
  g_assert_false (is_new);
  g_assert_null (hark_store_get (f->store, "a"));
  message = hark_store_get (f->store, "a2");
  g_assert_cmpint (hark_message_get_folder (message), ==, HARK_FOLDER_FAMILY);

  /* The id it had still finds it. */
  {
    g_autoptr(HarkMessage) by_old_id = hark_store_find (f->store, "a");

    g_assert_nonnull (by_old_id);
    g_assert_cmpstr (hark_message_get_id (by_old_id), ==, "a2");
  }
  g_assert_cmpint (hark_store_count (f->store, HARK_FOLDER_NEW, FALSE), ==, 1);
}

static void
test_actions_and_outbox (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  HarkAction *action;

  fill (f);

  g_assert_true (hark_store_mark (f->store, "a", TRUE, &error));
  g_assert_true (hark_store_move (f->store, "a", HARK_FOLDER_FRIENDS, &error));
  g_assert_true (hark_store_delete (f->store, "b", &error));
  g_assert_true (hark_store_undelete (f->store, "e", &error));
  g_assert_no_error (error);

  /* Done here at once... */
  {
    g_autoptr(HarkMessage) a = hark_store_get (f->store, "a");
    g_autoptr(HarkMessage) b = hark_store_get (f->store, "b");
    g_autoptr(HarkMessage) e = hark_store_get (f->store, "e");

    g_assert_true (hark_message_get_heard (a));
    g_assert_cmpint (hark_message_get_folder (a), ==, HARK_FOLDER_FRIENDS);
    g_assert_cmpint (hark_message_get_folder (b), ==, HARK_FOLDER_DELETED);
    /* e was in Deleted Items from the start: back to the Inbox. */
    g_assert_cmpint (hark_message_get_folder (e), ==, HARK_FOLDER_NEW);
  }

  /* ...and waiting for the server, in order, after reopening. */
  reopen (f);
  outbox = hark_store_get_outbox (f->store);
  g_assert_cmpuint (outbox->len, ==, 4);
  g_assert_cmpint (((HarkAction *)outbox->pdata[0])->kind, ==, HARK_ACTION_MARK_HEARD);
  g_assert_cmpint (((HarkAction *)outbox->pdata[1])->kind, ==, HARK_ACTION_MOVE);
  g_assert_cmpstr (((HarkAction *)outbox->pdata[1])->role, ==, "friends");
  g_assert_cmpint (((HarkAction *)outbox->pdata[2])->kind, ==, HARK_ACTION_DELETE);
  g_assert_cmpint (((HarkAction *)outbox->pdata[3])->kind, ==, HARK_ACTION_UNDELETE);
  g_assert_cmpstr (((HarkAction *)outbox->pdata[3])->role, ==, "inbox");
  g_assert_cmpstr (((HarkAction *)outbox->pdata[0])->message_id, ==, "<a@test>");

  /* A server listing does not undo what waits. */
  put (f, "inbox", "a", 100, FALSE, TRUE);
  {
    g_autoptr(HarkMessage) a = hark_store_get (f->store, "a");

    g_assert_true (hark_message_get_heard (a));
    g_assert_cmpint (hark_message_get_folder (a), ==, HARK_FOLDER_FRIENDS);
  }

  /* The server moved it: the message and the later actions follow. */
  action = outbox->pdata[0];
  g_assert_true (hark_store_action_done (f->store, action, NULL, &error));
  action = outbox->pdata[1];
  g_assert_true (hark_store_action_done (f->store, action, "a-moved", &error));
  g_assert_no_error (error);
  g_assert_null (hark_store_get (f->store, "a"));
  {
    g_autoptr(HarkMessage) a = hark_store_get (f->store, "a-moved");

    g_assert_nonnull (a);
  }
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 2);

  /* A conflict: reported once, and the message forgotten. */
  action = outbox->pdata[2];
  g_assert_true (hark_store_action_failed (f->store, action, "It was deleted on the server",
                                           &error));
  g_assert_no_error (error);
  g_assert_null (hark_store_get (f->store, "b"));
  {
    g_autoptr(GPtrArray) conflicts = hark_store_take_conflicts (f->store);
    g_autoptr(GPtrArray) none = hark_store_take_conflicts (f->store);

    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_cmpstr (((HarkConflict *)conflicts->pdata[0])->caller, ==, "b");
    g_assert_cmpint (((HarkConflict *)conflicts->pdata[0])->kind, ==, HARK_ACTION_DELETE);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_invalid_actions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fill (f);

  g_assert_false (hark_store_mark (f->store, "nope", TRUE, &error));
  g_assert_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hark_store_delete (f->store, "e", &error));
  g_assert_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hark_store_undelete (f->store, "a", &error));
  g_assert_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hark_store_move (f->store, "e", HARK_FOLDER_WORK, &error));
  g_assert_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_INVALID);

  /* Nothing was queued by the refused ones. */
  g_assert_cmpuint (hark_store_get_outbox_length (f->store), ==, 0);
}

static void
test_full_listing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fill (f);
  g_assert_true (hark_store_mark (f->store, "c", TRUE, &error));

  /* A listing that no longer has b and c: b goes, c stays while its
   * action waits. */
  g_assert_true (hark_store_begin (f->store, &error));
  g_assert_true (hark_store_mark_all_unseen (f->store, &error));
  put (f, "inbox", "a", 100, FALSE, TRUE);
  put (f, "work", "d", 400, TRUE, TRUE);
  put (f, "deleted", "e", 500, FALSE, TRUE);
  g_assert_true (hark_store_remove_unseen (f->store, &error));
  g_assert_true (hark_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_null (hark_store_get (f->store, "b"));
  {
    g_autoptr(HarkMessage) c = hark_store_get (f->store, "c");

    g_assert_nonnull (c);
  }
}

static void
test_folders_and_states (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  g_assert_true (hark_store_set_folder_id (f->store, "inbox", "INBOX-ID", &error));
  g_assert_true (hark_store_set_sync_state (f->store, "inbox", "S1", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hark_store_role_for_folder_id (f->store, "INBOX-ID"), ==, "inbox");
  g_assert_cmpstr (hark_store_role_for_folder_id (f->store, "ELSEWHERE"), ==, "other");

  reopen (f);
  state = hark_store_dup_sync_state (f->store, "inbox");
  g_assert_cmpstr (state, ==, "S1");

  /* The same folder keeps its state; another one starts over. */
  g_assert_true (hark_store_set_folder_id (f->store, "inbox", "INBOX-ID", &error));
  g_free (state);
  state = hark_store_dup_sync_state (f->store, "inbox");
  g_assert_cmpstr (state, ==, "S1");
  g_assert_true (hark_store_set_folder_id (f->store, "inbox", "OTHER-ID", &error));
  g_free (state);
  state = hark_store_dup_sync_state (f->store, "inbox");
  g_assert_null (state);
}

static char *
write_file (Fixture    *f,
            const char *name,
            gsize       size)
{
  g_autofree char *contents = g_malloc0 (size);
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_audio_cache (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *one = write_file (f, "one.wav", 600);
  g_autofree char *two_a = write_file (f, "two-a.wav", 300);
  g_autofree char *two_b = write_file (f, "two-b.wav", 300);
  g_autofree char *three = write_file (f, "three.wav", 600);
  g_autofree char *two = g_strconcat (two_a, "\n", two_b, NULL);
  g_autofree char *cached = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hark_store_add_audio (f->store, "<one>", one, 600, 1500, &error));
  hark_store_add_audio (f->store, "<two>", two, 600, 1500, &error);
  g_assert_no_error (error);
  cached = hark_store_dup_audio (f->store, "<two>");
  g_assert_cmpstr (cached, ==, two);

  /* Over the limit: the least recently used goes, files and all. */
  g_free (cached);
  cached = hark_store_dup_audio (f->store, "<one>");
  g_assert_nonnull (cached);
  hark_store_add_audio (f->store, "<three>", three, 600, 1500, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (one, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (two_a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (two_b, G_FILE_TEST_EXISTS));
  g_assert_null (hark_store_dup_audio (f->store, "<two>"));

  /* A file removed behind the store's back is not offered. */
  g_unlink (three);
  g_assert_null (hark_store_dup_audio (f->store, "<three>"));
}

static HarkMessage *
message_from (const char *name,
              const char *number,
              const char *received,
              int         duration)
{
  HarkMessage *message = hark_message_new ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (received, NULL);

  g_assert_nonnull (time);
  message->caller_name = g_strdup (name);
  message->caller_number = g_strdup (number);
  message->received = g_date_time_to_unix (time);
  message->duration = duration;
  return message;
}

/* Saved audio files told by their names: the caller's number or name,
 * the day, the minute; what rules a message out. The time zone is
 * Berlin's (set in main), so local and UTC names differ by an hour. */
static void
test_file_names (void)
{
  g_autoptr(HarkMessage) alice = message_from ("Alice Jones", "+1 (425) 555-0123",
                                               "2026-11-20T08:14:30Z", 27);
  g_autoptr(HarkMessage) withheld = message_from (NULL, NULL, "2026-11-20T08:14:30Z", 4);
  g_autoptr(HarkMessage) accents = message_from ("Zoë Müller-Lüdenscheidt", "4711",
                                                 "2026-03-01T23:30:00Z", 40);
  /* Five minutes long, ended at 00:02 in Berlin: it began the day before. */
  g_autoptr(HarkMessage) late = message_from ("Bob", "+49 30 1234567", "2026-11-20T23:02:00Z",
                                              300);
  const HarkNameMatch all = HARK_NAME_MATCH_CALLER | HARK_NAME_MATCH_DAY | HARK_NAME_MATCH_TIME;
  const struct {
    HarkMessage   *message;
    const char    *name;
    HarkNameMatch  match;
  } cases[] = {
    { alice, "Alice Jones +1 425 555 0123 2026-11-20 09.14.wav", all },
    { alice, "voicemail-14255550123-20261120T091430.wav", all },
    /* The same minute in UTC, and the call's end a minute on. */
    { alice, "4255550123_2026-11-20_08-14.wav", all },
    { alice, "4255550123_2026-11-20_09-15.wav", all },
    { alice, "Voice Mail from Alice Jones (27 seconds).wma", HARK_NAME_MATCH_CALLER },
    { alice, "jones, alice.mp3", HARK_NAME_MATCH_CALLER },
    /* Seven digits or more: the number without its area code. */
    { alice, "555-0123.wav", HARK_NAME_MATCH_CALLER },
    { alice, "(425) 555-0123.wav", HARK_NAME_MATCH_CALLER },
    { alice, "2026-11-20.wav", HARK_NAME_MATCH_DAY },
    { alice, "2026-11-20 09:14.wav", HARK_NAME_MATCH_DAY | HARK_NAME_MATCH_TIME },
    /* Another day, another minute, another number: not this message. */
    { alice, "Alice Jones 2026-11-21.wav", HARK_NAME_MATCH_NONE },
    { alice, "Alice Jones 2026-11-20 11.40.wav", HARK_NAME_MATCH_NONE },
    { alice, "Alice Jones +1 425 555 9999.wav", HARK_NAME_MATCH_NONE },
    { alice, "Alice.wav", HARK_NAME_MATCH_NONE },
    { alice, "audio.wav", HARK_NAME_MATCH_NONE },
    { alice, "Malice Jonesy.wav", HARK_NAME_MATCH_NONE },
    { withheld, "audio.wav", HARK_NAME_MATCH_NONE },
    { withheld, "Unknown 20261120-0914.wav", HARK_NAME_MATCH_DAY | HARK_NAME_MATCH_TIME },
    /* Accents and case do not matter; a short extension is a number
     * only in full. After midnight in Berlin, the local day is the 2nd. */
    { accents, "ZOE MULLER-LUDENSCHEIDT 2026-03-02.ogg",
      HARK_NAME_MATCH_CALLER | HARK_NAME_MATCH_DAY },
    { accents, "Anruf von 4711.wav", HARK_NAME_MATCH_CALLER },
    { accents, "Anruf von 14711.wav", HARK_NAME_MATCH_NONE },
    /* A second download's " (2)" is no part of the number. */
    { alice, "Alice Jones 4255550123 (2).wav", HARK_NAME_MATCH_CALLER },
    { alice, "4255550123 2026-11-20 09.14 (2).wav", all },
    /* Four digits after the date and a space are no time. */
    { alice, "2026-11-20 0151 425 555 0123.wav", HARK_NAME_MATCH_CALLER | HARK_NAME_MATCH_DAY },
    /* The minute the call began, before midnight; not the minute after
     * it ended. */
    { late, "Bob 030 1234567 2026-11-20 23.57.wav", all },
    { late, "Bob 2026-11-21 00.02.wav", all },
    { late, "Bob 2026-11-21 00.05.wav", HARK_NAME_MATCH_NONE },
    /* Trunk and international prefixes. */
    { late, "0049301234567.wav", HARK_NAME_MATCH_CALLER },
    { late, "030-123 45 67.wav", HARK_NAME_MATCH_CALLER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HarkFileName) name = hark_file_name_new (cases[i].name);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (hark_file_name_match (name, cases[i].message), ==, cases[i].match);
    }
}

static void
test_bad_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (NULL, NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(HarkStore) store = NULL;

  g_file_set_contents (path, "this is not a database, just some text that is long enough "
                             "to look like a header and then some", -1, NULL);
  store = hark_store_new (path, &error);
  g_assert_error (error, HARK_STORE_ERROR, HARK_STORE_ERROR_DATABASE);
  g_assert_null (store);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("folders-and-counts", test_folders_and_counts);
  ADD ("put-follows-moves", test_put_follows_moves);
  ADD ("actions-and-outbox", test_actions_and_outbox);
  ADD ("invalid-actions", test_invalid_actions);
  ADD ("full-listing", test_full_listing);
  ADD ("folder-states", test_folders_and_states);
  ADD ("audio-cache", test_audio_cache);
#undef ADD
  g_test_add_func ("/store/file-names", test_file_names);
  g_test_add_func ("/store/bad-database", test_bad_database);

  return g_test_run ();
}
