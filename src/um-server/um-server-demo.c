/* um-server-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo mailbox comes from data/demo/voicemails.ini and the audio that
 * data/demo/make-audio.sh makes from it at build time (manifest.ini names
 * the files). Without that audio (a build without espeak-ng, sox and
 * ffmpeg) each message gets a tone of its length instead, so the mailbox
 * still works. The synthetic mailbox of --mailbox N is made here too.
 */

#include "config.h"

#include "um-server-demo.h"

#include <math.h>
#include <string.h>

#define VOICEMAIL_CLASS "IPM.Note.Microsoft.Voicemail.UM.CA"

/* [MS-OXOUM] 2.2.2.5.1: the ASR document of the AsrData property. */
#define ASR_NS "http://schemas.microsoft.com/exchange/um/2010/evm"

/**
 * um_server_demo_tone_wav:
 * @seconds: the length
 * @frequency: the tone, in Hz
 *
 * Returns: (transfer full): a WAV file, 8 kHz 16-bit PCM mono, of a soft
 *   tone, the audio of messages that have no recording
 */
GBytes *
um_server_demo_tone_wav (double seconds,
                         double frequency)
{
  const guint32 rate = 8000;
  guint32 samples = (guint32)(MAX (seconds, 0.1) * rate);
  guint32 data_size = samples * 2;
  guint8 *wav = g_malloc (44 + data_size);
  guint32 value;
  guint16 short_value;

#define PUT32(offset, v) (value = GUINT32_TO_LE (v), memcpy (wav + (offset), &value, 4))
#define PUT16(offset, v) (short_value = GUINT16_TO_LE (v), memcpy (wav + (offset), &short_value, 2))
  memcpy (wav, "RIFF", 4);
  PUT32 (4, 36 + data_size);
  memcpy (wav + 8, "WAVEfmt ", 8);
  PUT32 (16, 16);
  PUT16 (20, 1);                /* PCM */
  PUT16 (22, 1);                /* mono */
  PUT32 (24, rate);
  PUT32 (28, rate * 2);
  PUT16 (32, 2);
  PUT16 (34, 16);
  memcpy (wav + 36, "data", 4);
  PUT32 (40, data_size);
  for (guint32 i = 0; i < samples; i++)
    {
      /* Half a second on, half off, as a ringback-like pattern. */
      double on = fmod ((double)i / rate, 1.0) < 0.5 ? 1.0 : 0.0;
      gint16 sample = (gint16)(on * 3000.0 * sin (2.0 * G_PI * frequency * i / rate));

      PUT16 (44 + 2 * i, (guint16)sample);
    }
#undef PUT32
#undef PUT16

  return g_bytes_new_take (wav, 44 + data_size);
}

/**
 * um_server_demo_asr_xml:
 * @transcript: the words
 * @lang: (nullable): the language, e.g. "en-US"
 * @duration: the message's length in seconds, over which the words spread
 *
 * Returns: (transfer full) (nullable): an ASR document, or %NULL for an empty
 *   transcript (recognition failed: no property)
 */
GBytes *
um_server_demo_asr_xml (const char *transcript,
                        const char *lang,
                        int         duration)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *xml;

  if (transcript == NULL)
    return NULL;

  words = g_strsplit_set (transcript, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_ptr_array_add (kept, words[i]);
    }
  if (kept->len == 0)
    return NULL;

  xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
  g_string_append_printf (xml, "<ASR lang=\"%s\" confidence=\"0.86\" confidenceBand=\"high\""
                          " recognitionResult=\"success\" schemaVersion=\"1.0.0.0\""
                          " xmlns=\"" ASR_NS "\">"
                          "<Information lang=\"%s\"/>"
                          "<Text>",
                          lang != NULL ? lang : "en-US", lang != NULL ? lang : "en-US");
  for (guint i = 0; i < kept->len; i++)
    {
      /* Each word a recoObjectType element with its times and confidence;
       * readers take the words, whatever the element names. */
      double start = (double)MAX (duration, 1) * i / kept->len;
      double end = (double)MAX (duration, 1) * (i + 1) / kept->len;
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (kept, i), -1);

      g_string_append_printf (xml, "<T ts=\"00:00:%06.3f\" te=\"00:00:%06.3f\" c=\"0.%02u\""
                              " id=\"w%u\">%s</T>",
                              MIN (start, 59.999), MIN (end, 59.999), 70 + (i * 7) % 29, i + 1,
                              escaped);
    }
  g_string_append (xml, "</Text></ASR>");
  return g_string_free_to_bytes (xml);
}

static char *
subject_for (const char *caller_name,
             const char *caller_number,
             int         duration)
{
  const char *who = caller_name != NULL && caller_name[0] != '\0' ? caller_name
                  : caller_number != NULL && caller_number[0] != '\0' ? caller_number
                  : "Unknown caller";

  return g_strdup_printf ("Voice Mail from %s (%d seconds)", who, duration);
}

static const UmServerFolder *
ensure_folder (UmServerMailbox      *mailbox,
               const UmServerFolder *parent,
               const char           *name)
{
  g_autoptr(GPtrArray) children = um_server_mailbox_list_folders (mailbox, parent);

  for (guint i = 0; i < children->len; i++)
    {
      const UmServerFolder *folder = g_ptr_array_index (children, i);

      if (g_strcmp0 (folder->display_name, name) == 0)
        return folder;
    }
  return um_server_mailbox_create_folder (mailbox, parent, name, "IPF.Note", NULL);
}

static const UmServerFolder *
folder_for (UmServerMailbox *mailbox,
            const char      *name)
{
  const UmServerFolder *root = um_server_mailbox_get_folder (mailbox, "msgfolderroot", NULL);
  const UmServerFolder *voice_mail;

  if (name == NULL || g_strcmp0 (name, "inbox") == 0)
    return um_server_mailbox_get_folder (mailbox, "inbox", NULL);
  if (g_strcmp0 (name, "deleted") == 0)
    return um_server_mailbox_get_folder (mailbox, "deleteditems", NULL);

  /* Hark's own folders, as Hark creates them on first use. */
  voice_mail = ensure_folder (mailbox, root, "Voice Mail");
  if (g_strcmp0 (name, "work") == 0)
    return ensure_folder (mailbox, voice_mail, "Work");
  if (g_strcmp0 (name, "family") == 0)
    return ensure_folder (mailbox, voice_mail, "Family");
  if (g_strcmp0 (name, "friends") == 0)
    return ensure_folder (mailbox, voice_mail, "Friends");
  return um_server_mailbox_get_folder (mailbox, "inbox", NULL);
}

static char *
default_ini (void)
{
  const char *env = g_getenv ("HARK_DEMO_DIR");
  const char *const dirs[] = { env, HARK_DEMO_SOURCE_DIR, HARK_DEMO_INSTALL_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = dirs[i] != NULL ? g_build_filename (dirs[i], "voicemails.ini",
                                                                  NULL)
                                              : NULL;

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static char *
default_audio_dir (void)
{
  const char *env = g_getenv ("HARK_DEMO_DIR");
  const char *const dirs[] = { env, HARK_DEMO_BUILD_DIR, HARK_DEMO_INSTALL_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = dirs[i] != NULL ? g_build_filename (dirs[i], "manifest.ini", NULL)
                                              : NULL;

      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (dirs[i]);
    }
  return NULL;
}

static void
add_audio (UmServerMessage *message,
           GKeyFile        *manifest,
           const char      *audio_dir,
           const char      *group,
           int             *duration)
{
  g_auto(GStrv) files = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GString) order = g_string_new (NULL);

  if (manifest != NULL && g_key_file_has_group (manifest, group))
    {
      files = g_key_file_get_string_list (manifest, group, "files", NULL, NULL);
      content_type = g_key_file_get_string (manifest, group, "content_type", NULL);
      *duration = g_key_file_get_integer (manifest, group, "duration", NULL);
    }

  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (audio_dir, files[i], NULL);
      g_autoptr(GError) error = NULL;
      char *contents = NULL;
      gsize length = 0;
      g_autoptr(GBytes) data = NULL;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          g_warning ("Demo audio %s: %s", path, error->message);
          continue;
        }
      data = g_bytes_new_take (contents, length);
      um_server_message_add_attachment (message, files[i],
                                        content_type != NULL ? content_type : "audio/wav", data);
      if (order->len > 0)
        g_string_append_c (order, ';');
      g_string_append (order, files[i]);
    }

  if (message->attachments->len == 0)
    {
      g_autofree char *name = g_strdup_printf ("%s.wav", group);
      g_autoptr(GBytes) tone = NULL;

      if (*duration <= 0)
        *duration = 10;
      tone = um_server_demo_tone_wav (*duration, 425.0);
      um_server_message_add_attachment (message, name, "audio/wav", tone);
      g_string_assign (order, name);
    }

  message->attachment_order = g_strdup (order->str);
}

static gboolean
parse_time (const char *text,
            gint64     *seconds)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  if (time == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (time);
  return TRUE;
}

/**
 * um_server_demo_fill:
 * @mailbox: a new mailbox
 * @ini_path: (nullable): voicemails.ini, or %NULL to look for it ($HARK_DEMO_DIR,
 *   the source tree, the installed data)
 * @audio_dir: (nullable): where manifest.ini and the audio are, or %NULL to
 *   look for them the same way ($HARK_DEMO_DIR, the build tree, installed)
 * @error: return location for an error
 *
 * Returns: whether the demo mailbox was read
 */
gboolean
um_server_demo_fill (UmServerMailbox  *mailbox,
                     const char       *ini_path,
                     const char       *audio_dir,
                     GError          **error)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GKeyFile) manifest = NULL;
  g_autofree char *found_ini = ini_path == NULL ? default_ini () : g_strdup (ini_path);
  g_autofree char *found_audio = audio_dir == NULL ? default_audio_dir () : g_strdup (audio_dir);
  g_auto(GStrv) groups = NULL;

  if (found_ini == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                           "The demo mailbox (voicemails.ini) is not installed");
      return FALSE;
    }
  if (!g_key_file_load_from_file (ini, found_ini, G_KEY_FILE_NONE, error))
    return FALSE;

  if (found_audio != NULL)
    {
      g_autofree char *manifest_path = g_build_filename (found_audio, "manifest.ini", NULL);

      manifest = g_key_file_new ();
      if (!g_key_file_load_from_file (manifest, manifest_path, G_KEY_FILE_NONE, NULL))
        g_clear_pointer (&manifest, g_key_file_unref);
    }

  groups = g_key_file_get_groups (ini, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      UmServerMessage *message = um_server_message_new (group);
      g_autofree char *received = g_key_file_get_string (ini, group, "received", NULL);
      g_autofree char *folder = g_key_file_get_string (ini, group, "folder", NULL);
      g_autofree char *transcript = g_key_file_get_string (ini, group, "transcript", NULL);
      g_autofree char *lang = g_key_file_get_string (ini, group, "lang", NULL);
      g_autofree char *asr_lang = NULL;
      int duration = 0;

      message->caller_name = g_key_file_get_string (ini, group, "caller_name", NULL);
      message->caller_number = g_key_file_get_string (ini, group, "caller_number", NULL);
      if (message->caller_name != NULL && message->caller_name[0] == '\0')
        g_clear_pointer (&message->caller_name, g_free);
      if (message->caller_number != NULL && message->caller_number[0] == '\0')
        g_clear_pointer (&message->caller_number, g_free);
      message->is_read = g_key_file_get_boolean (ini, group, "heard", NULL);
      message->urgent = g_key_file_get_boolean (ini, group, "urgent", NULL);
      message->audio_notes = g_key_file_get_string (ini, group, "audio_notes", NULL);
      if (!parse_time (received, &message->received))
        message->received = g_get_real_time () / G_USEC_PER_SEC;

      add_audio (message, manifest, found_audio, group, &duration);
      message->duration = duration;
      message->subject = subject_for (message->caller_name, message->caller_number, duration);
      message->call_id = g_strdup_printf ("%08x-hark-demo-%s", g_str_hash (group), group);
      if (lang != NULL)
        {
          g_autofree char *region = g_ascii_strup (lang, -1);

          asr_lang = g_strdup_printf ("%s-%s", lang, region);
        }
      else
        {
          asr_lang = g_strdup ("en-US");
        }
      message->asr = um_server_demo_asr_xml (transcript, asr_lang, duration);

      um_server_mailbox_add (mailbox, message, folder_for (mailbox, folder));
    }

  return TRUE;
}

static const char *const first_names[] = {
  "Aiko", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
  "Keiko", "Liam", "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara",
};
static const char *const last_names[] = {
  "Abbott", "Berg", "Chen", "Diaz", "Eklund", "Fischer", "Gomez", "Haas", "Ito", "Jensen",
  "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quist", "Rossi",
};
static const char *const phrases[] = {
  "please call me back when you have a minute",
  "the meeting moved to Thursday at ten",
  "I sent the contract over this morning",
  "your package will arrive tomorrow between nine and noon",
  "just checking in about the weekend",
  "the server room needs a decision on the upgrade",
  "we have your prescription ready for pickup",
  "can you confirm the budget numbers before Friday",
};

static UmServerMessage *
synthetic_message (guint   index,
                   gint64  received,
                   GBytes *audio)
{
  g_autofree char *tag = g_strdup_printf ("synthetic-%05u", index);
  UmServerMessage *message = um_server_message_new (tag);
  g_autofree char *transcript = NULL;
  g_autofree char *file = g_strdup_printf ("%s.wav", tag);
  guint seed = index * 2654435761u;

  message->caller_name = g_strdup_printf ("%s %s", first_names[seed % G_N_ELEMENTS (first_names)],
                                          last_names[(seed / 7) % G_N_ELEMENTS (last_names)]);
  message->caller_number = g_strdup_printf ("+1425555%04u", 100 + index % 9900);
  message->received = received;
  message->duration = 5 + seed % 85;
  message->is_read = index % 3 != 0;
  message->urgent = index % 17 == 0;
  message->subject = subject_for (message->caller_name, message->caller_number,
                                  message->duration);
  message->call_id = g_strdup_printf ("hark-synthetic-%u", index);
  transcript = g_strdup_printf ("Hi, this is %s, %s. Thanks, bye.", message->caller_name,
                                phrases[seed % G_N_ELEMENTS (phrases)]);
  message->asr = um_server_demo_asr_xml (transcript, "en-US", message->duration);
  um_server_message_add_attachment (message, file, "audio/wav", audio);
  message->attachment_order = g_strdup (file);
  return message;
}

/**
 * um_server_demo_fill_synthetic:
 * @mailbox: a mailbox
 * @count: how many voice mails
 *
 * Fills the Inbox with @count voice mails, one every 17 minutes back from
 * now, each with the same short audio: for benchmarks and paging tests.
 */
void
um_server_demo_fill_synthetic (UmServerMailbox *mailbox,
                               guint            count)
{
  g_autoptr(GBytes) audio = um_server_demo_tone_wav (1.0, 440.0);
  const UmServerFolder *inbox = um_server_mailbox_get_folder (mailbox, "inbox", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < count; i++)
    um_server_mailbox_add (mailbox, synthetic_message (i, now - (gint64)i * 17 * 60, audio),
                           inbox);
}

/**
 * um_server_demo_new_voicemail:
 * @mailbox: a mailbox
 *
 * Returns: (transfer full): a voice mail that just arrived, for
 *   um_server_mailbox_deposit(): its audio is a recording of the mailbox if
 *   there is one, a tone otherwise
 */
UmServerMessage *
um_server_demo_new_voicemail (UmServerMailbox *mailbox)
{
  static guint counter;
  const UmServerFolder *inbox = um_server_mailbox_get_folder (mailbox, "inbox", NULL);
  g_autoptr(GPtrArray) messages = um_server_mailbox_list_messages (mailbox, inbox);
  guint index = ++counter;
  g_autofree char *tag = g_strdup_printf ("new-%u-%04u", (guint)(g_get_real_time () % 100000),
                                          index);
  UmServerMessage *message = um_server_message_new (tag);
  UmServerAttachment *source = NULL;
  g_autofree char *file = NULL;

  for (guint i = 0; i < messages->len && source == NULL; i++)
    {
      UmServerMessage *other = g_ptr_array_index (messages, (i + index) % messages->len);

      if (other->attachments->len > 0)
        source = g_ptr_array_index (other->attachments, 0);
    }

  message->caller_name = g_strdup_printf ("%s %s", first_names[index % G_N_ELEMENTS (first_names)],
                                          last_names[(index * 5) % G_N_ELEMENTS (last_names)]);
  message->caller_number = g_strdup_printf ("+1425555%04u", 150 + index % 50);
  message->received = g_get_real_time () / G_USEC_PER_SEC;
  message->duration = 12;
  message->urgent = index % 4 == 0;
  message->subject = subject_for (message->caller_name, message->caller_number,
                                  message->duration);
  message->call_id = g_strdup_printf ("hark-new-%s", tag);
  message->asr = um_server_demo_asr_xml ("Hi Mara, it's me again, call me back when you can.",
                                         "en-US", message->duration);
  if (source != NULL)
    {
      file = g_strdup_printf ("%s%s", tag, strrchr (source->name, '.') != NULL
                                           ? strrchr (source->name, '.') : ".wav");
      um_server_message_add_attachment (message, file, source->content_type, source->data);
    }
  else
    {
      g_autoptr(GBytes) tone = um_server_demo_tone_wav (message->duration, 425.0);

      file = g_strdup_printf ("%s.wav", tag);
      um_server_message_add_attachment (message, file, "audio/wav", tone);
    }
  message->attachment_order = g_strdup (file);
  return message;
}
