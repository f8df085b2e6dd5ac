/* hark-test-files.h: folders the tests make and remove
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  hark_test_remove_tree            (const char *path);
guint hark_test_count_files_containing (const char *dir,
                                       const char *needle);

G_END_DECLS
