/* hark-cli-private.h: what the files of hark-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hark-cli.h"
#include "hark-secrets.h"
#include "hark-sync.h"
#include "um.h"
#include "um-server.h"

G_BEGIN_DECLS

typedef struct _HarkCli HarkCli;

typedef enum {
  OPTION_DIAL   = 1 << 0,
  OPTION_LEGACY = 1 << 1,
  OPTION_WAIT   = 1 << 2,
  OPTION_LIST   = 1 << 3, /* --folder, --unread, --limit */
  OPTION_OUTPUT = 1 << 4,
  OPTION_FULL   = 1 << 5,
  OPTION_OFFLINE = 1 << 6,
} CommandOptions;

typedef struct {
  const char     *name;
  const char     *synopsis;
  guint           min_args;
  guint           max_args;
  CommandOptions  options;
  const char     *const *choices; /* what the one argument may be, if limited */
  void          (*run) (HarkCli *cli);
} Command;

struct _HarkCli
{
  /* Options */
  char           *server;
  char           *um_url;
  char           *ews_url;
  char           *user;
  char           *ca_file;
  char           *dial;
  gboolean        demo;
  gboolean        password_stdin;
  gboolean        json;
  gboolean        legacy;
  gboolean        wait;
  gboolean        version;
  char           *email;
  char           *folder;
  gboolean        unread;
  int             limit;
  char           *output;
  gboolean        full;
  gboolean        offline;
  gboolean        follow_redirects;
  char          **args;

  /* State */
  const Command  *command;
  GMainLoop      *loop;
  GCancellable   *cancellable;
  UmServer       *demo_server;
  UmClient       *client;
  HarkSecrets    *secrets;
  char           *password;
  char           *secret_key;
  UmCallMonitor  *monitor;
  char           *call_id;
  UmCallKind      kind;
  int             status;
  guint           interrupt_source;

  /* Autodiscover, when only an e-mail address is given */
  gboolean        discover;
  UmAutodiscover *autodiscover;
  char           *refused_redirect;

  /* The mailbox commands */
  char           *store_dir;
  HarkStore      *store;
  UmMailbox      *mailbox;
  HarkSync       *sync;
  UmWatcher      *watcher;
};

void hark_cli_print_json         (JsonBuilder  *builder);
void hark_cli_print_ok           (HarkCli      *cli,
                                  const char   *human);
void hark_cli_finish             (HarkCli      *cli,
                                  int           status);
void hark_cli_fail_with_code     (HarkCli      *cli,
                                  const char   *code,
                                  const char   *server_code,
                                  const char   *message,
                                  const char   *hint,
                                  int           status);
void hark_cli_fail               (HarkCli      *cli,
                                  const GError *error);
void hark_cli_fail_usage         (HarkCli      *cli,
                                  const char   *message);
void hark_cli_add_string_or_null (JsonBuilder  *builder,
                                  const char   *name,
                                  const char   *value);

/* The mailbox commands (hark-cli-mailbox.c) */
void hark_cli_mailbox_free       (HarkCli      *cli);
void hark_cli_run_list           (HarkCli      *cli);
void hark_cli_run_show           (HarkCli      *cli);
void hark_cli_run_fetch          (HarkCli      *cli);
void hark_cli_run_mark           (HarkCli      *cli);
void hark_cli_run_move           (HarkCli      *cli);
void hark_cli_run_delete         (HarkCli      *cli);
void hark_cli_run_undelete       (HarkCli      *cli);
void hark_cli_run_counts         (HarkCli      *cli);
void hark_cli_run_sync           (HarkCli      *cli);
void hark_cli_run_watch          (HarkCli      *cli);

G_END_DECLS
