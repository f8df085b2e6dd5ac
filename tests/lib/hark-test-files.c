/* hark-test-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hark-test-files.h"

#include <string.h>

#include <glib/gstdio.h>

/**
 * hark_test_remove_tree:
 * @path: a folder a test made
 *
 * Removes it and what is in it. A symbolic link is removed, never
 * followed: what it points to stays.
 */
void
hark_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK) && g_file_test (child, G_FILE_TEST_IS_DIR))
        hark_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize needle_size = strlen (needle);
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return FALSE;

  /* Binary files may hold NUL bytes: no str* functions. */
  for (gsize i = 0; i + needle_size <= size; i++)
    if (memcmp (contents + i, needle, needle_size) == 0)
      return TRUE;
  return FALSE;
}

/**
 * hark_test_count_files_containing:
 * @dir: a folder
 * @needle: the bytes to look for
 *
 * Returns: how many regular files under @dir (recursively, never through a
 *   symbolic link) hold @needle
 */
guint
hark_test_count_files_containing (const char *dir,
                                  const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  if (listing == NULL)
    return 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        count += hark_test_count_files_containing (path, needle);
      /* Sockets and pipes (the keyring's) are no files to read. */
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && file_contains (path, needle))
        count++;
    }
  return count;
}
