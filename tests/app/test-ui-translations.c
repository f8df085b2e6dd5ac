/* test-ui-translations.c: Hark in German and in French
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text domain is bound to the build's po/ folder, where the .mo files
 * are built as they are installed; LANGUAGE picks the language, under the
 * C.UTF-8 locale every Debian has (gettext ignores LANGUAGE only under
 * plain C). The welcome page, the demo mailbox's sidebar and its message
 * view are looked for in each language, and photographed. Day and month
 * names stay English in the pictures: they come from LC_TIME, which is
 * C.UTF-8's here (no German or French locale is generated on the test
 * machines).
 */

#include "config.h"

#include "app-test.h"

#include <glib/gi18n.h>
#include <locale.h>

typedef struct {
  const char *language;
  const char *welcome;     /* "Welcome to Hark" */
  const char *heard;       /* the Heard folder */
  const char *deleted;     /* the Deleted folder */
  const char *transcript;  /* the message view's "Transcript" */
  const char *greetings;   /* the account's Preferences: "Greetings" */
} Language;

static const Language languages[] = {
  { "de", "Willkommen bei Hark", "Abgehört", "Gelöscht", "Transkript", "Begrüßungen" },
  { "fr", "Bienvenue dans Hark", "Écoutés", "Supprimés", "Transcription",
    "Messages d’accueil" },
};

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext caches what it found: a new text domain call forgets it. */
  textdomain (GETTEXT_PACKAGE);
}

static void
welcome (HarkApplication *application,
         HarkWindow      *window,
         gconstpointer    data)
{
  const Language *language = data;
  g_autofree char *name = g_strdup_printf ("welcome-%s.png", language->language);

  APP_TEST_WAIT (app_test_find_label (GTK_WIDGET (window), language->welcome) != NULL);
  g_assert_null (app_test_find_label (GTK_WIDGET (window), "Welcome to Hark"));
  app_test_screenshot (GTK_WIDGET (window), name);
}

static void
demo (HarkApplication *application,
      HarkWindow      *window,
      gconstpointer    data)
{
  const Language *language = data;
  g_autofree char *name = g_strdup_printf ("window-%s.png", language->language);
  HarkAccount *account = app_test_demo_account (application);

  app_test_wait_online (account);
  APP_TEST_WAIT (!hark_account_get_syncing (account));
  APP_TEST_WAIT (app_test_find_label (GTK_WIDGET (window), language->heard) != NULL);
  g_assert_nonnull (app_test_find_label (GTK_WIDGET (window), language->deleted));
  g_assert_null (app_test_find_label (GTK_WIDGET (window), "Heard"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  app_test_screenshot (GTK_WIDGET (window), name);

  /* A message: its details, the player, the buttons. */
  {
    g_autoptr(GPtrArray) messages = hark_store_list (hark_account_get_store (account),
                                                     HARK_FOLDER_NEW, FALSE, -1);
    g_autofree char *shot = g_strdup_printf ("message-%s.png", language->language);

    g_assert_cmpuint (messages->len, >, 0);
    g_assert_true (hark_window_select_message (window,
                                               hark_message_get_id (messages->pdata[0])));
    APP_TEST_WAIT (app_test_find_label (GTK_WIDGET (window), language->transcript) != NULL);
    app_test_screenshot (GTK_WIDGET (window), shot);
  }

  /* Preferences, where the longest words are. */
  {
    g_autofree char *shot = g_strdup_printf ("preferences-%s.png", language->language);
    GtkWidget *preferences = app_test_open_preferences (application);

    APP_TEST_WAIT (app_test_find_label (preferences, language->greetings) != NULL);
    g_assert_null (app_test_find_label (preferences, "Greetings"));
    app_test_screenshot (preferences, shot);
    gtk_window_destroy (GTK_WINDOW (preferences));
  }
}

static void
test_language (gconstpointer data)
{
  const Language *language = data;
  g_autoptr(HarkApplication) application = hark_application_new (FALSE);

  use_language (language->language);
  app_test_run_app (application, welcome, language);
  g_clear_object (&application);
  app_test_run_demo (demo, language);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("HARK_TEST_LOCALEDIR");

  /* Before GTK reads the locale. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", languages[0].language, TRUE);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app_test_init (&argc, &argv, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/translations/%s", languages[i].language);

      g_test_add_data_func (path, &languages[i], test_language);
    }

  return g_test_run ();
}
