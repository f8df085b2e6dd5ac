/* cli-test.h: running hark-cli from the CLI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hark-test.h"

G_BEGIN_DECLS

typedef struct {
  UmServer        *server;
  UmServerAccount *account;
  char            *server_env;
  char            *user_env;
  char            *store_dir;
  GStrv            env;       /* more NAME=VALUE for hark-cli */
} Fixture;

typedef struct {
  int        status;
  char      *out;
  char      *err;
  GPtrArray *lines;
} Run;

void        cli_fixture_setup    (Fixture           *f,
                                  gconstpointer      data);
void        cli_fixture_teardown (Fixture           *f,
                                  gconstpointer      data);
Run        *run_cli_v            (Fixture           *f,
                                  const char        *input,
                                  const char *const *argv);
void        run_free             (Run               *run);
JsonObject *parse_line           (Run               *run,
                                  guint              index);
void        assert_members       (JsonObject        *object,
                                  const char *const *names);
void        assert_ok            (Run               *run);
void        assert_error         (Run               *run,
                                  int                status,
                                  const char        *code,
                                  const char        *server_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Runs hark-cli with the arguments, HARK_SERVER and HARK_USER of @f. */
#define RUN(f, input, ...) run_cli_v ((f), (input), (const char *const[]) { __VA_ARGS__, NULL })
#define PASSWORD HARK_TEST_PASSWORD "\n"

G_END_DECLS
