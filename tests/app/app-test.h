/* app-test.h: what the app's tests share: a private X server and D-Bus
 * session, the app run in demo mode, waiting, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hark-application.h"
#include "hark-test.h"
#include "hark-window.h"

G_BEGIN_DECLS

typedef void (*AppTestFunc) (HarkApplication *application,
                             HarkWindow      *window,
                             gconstpointer    data);

void         app_test_init          (int            *argc,
                                     char         ***argv,
                                     gboolean        display);
void         app_test_init_with_service (int        *argc,
                                         char     ***argv,
                                         gboolean    display,
                                         const char *service_file);
void         app_test_run_demo      (AppTestFunc     func,
                                     gconstpointer   data);
void         app_test_run_app       (HarkApplication *application,
                                     AppTestFunc     func,
                                     gconstpointer   data);
void         app_test_iterate       (guint           msec);
HarkAccount *app_test_demo_account  (HarkApplication *application);
UmServerAccount *app_test_demo_server_account (HarkApplication *application);
void         app_test_wait_online   (HarkAccount    *account);
void         app_test_screenshot    (GtkWidget      *widget,
                                     const char     *name);
void         app_test_activate      (GtkWidget      *widget,
                                     const char     *action,
                                     GVariant       *parameter);
GtkWidget   *app_test_open_preferences (HarkApplication *application);
void         app_test_notifications_start  (void);
void         app_test_notifications_stop   (void);
GPtrArray   *app_test_notification_calls   (const char *method);
guint        app_test_notification_n_calls (const char *method);
GtkWidget   *app_test_find_label    (GtkWidget      *widget,
                                     const char     *text);
void         app_test_respond       (AdwMessageDialog *dialog,
                                     const char     *response);

/* Waits for an expression to hold, spinning the main loop; fails the test
 * after @seconds (APP_TEST_WAIT: 20). */
#define APP_TEST_WAIT_FOR(expr, seconds) \
  G_STMT_START { \
    gint64 app_test_end_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > app_test_end_) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #expr); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

#define APP_TEST_WAIT(expr) APP_TEST_WAIT_FOR (expr, 20)

G_END_DECLS
