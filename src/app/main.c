/* main.c: hark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>

#include "hark-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HarkApplication) application = NULL;
  gboolean demo = FALSE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gst_init (&argc, &argv);

  /* --demo decides, before GApplication parses anything, whether this is
   * the one Hark of the session or a demo beside it. */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--demo"))
      demo = TRUE;

  application = hark_application_new (demo);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
