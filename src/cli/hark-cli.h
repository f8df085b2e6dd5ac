/* hark-cli.h: every operation from a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, as scripts see them. */
#define HARK_CLI_EXIT_OK        0
#define HARK_CLI_EXIT_REFUSED   1 /* the server refused */
#define HARK_CLI_EXIT_USAGE     2 /* a wrong command line */
#define HARK_CLI_EXIT_TRANSPORT 3 /* network, TLS or authentication */

int hark_cli_run (int    argc,
                  char **argv);

G_END_DECLS
