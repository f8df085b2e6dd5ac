/* test-um-validate.c: what the client refuses to send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um.h"
#include "um-validate.h"

static void
test_dial_strings (void)
{
  static const char *const valid[] = {
    "12345",                 /* 4.5, 4.7, 4.9, 4.13 */
    "5555551212",            /* 4.8 */
    "+1-425-555-0123",
    "+44(20)7946.0999",
    "tel:+1-201-555-0123",   /* RFC 3966 examples */
    "tel:7042;phone-context=example.com",
    "TEL:863-1234;phone-context=+1-914-555",
    "+1-555-0100;ext=42",
    "*86",
    "#31#0800",
    "12345;x=a&b'c",         /* RFC 3966 paramchar allows & and ' */
  };
  static const char *const invalid[] = {
    "",
    "tel:",
    "+",
    "abc",
    "+1-800-FLOWERS",        /* letters are not digits */
    "555 0100",              /* spaces are not RFC 3966 */
    "12345;",
    "12345;=x",
    "12345;x=",
    "123<script>",
    "1 & 2",
    "12345\n",
    "mailto:a@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (um_validate_dial_string (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (um_validate_dial_string (invalid[i], &error));
      g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (um_validate_dial_string (NULL, &error));
    g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_DIAL_STRING);
  }
}

static void
test_base64_ids (void)
{
  static const char *const valid[] = {
    /* 4.7's entryId, 4.5's folder, 4.8's ItemId (not canonical, still base64) */
    "AAAAAGsd2rbQLVtLobUGbrq/9IUHAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAACxVpEl+KVVLl957wp//x6UA"
    "GAetcDUAAA==",
    "AAAAAGsd2rbQLVtLobUGbrq/9IUBAEX2ikn/L8JJtI5WHI0FAW8AAAFXHhsAAA==",
    "AkAjzQTbY/i=",
    "QUJD",
    "QUI=",
  };
  static const char *const invalid[] = {
    "",
    "INVALID_ENTRY_ID",      /* 4.15 */
    "QUJ",                   /* length */
    "QU===",
    "====",
    "QU=J",
    "QUJD\n",
    "QU JD",
    "QUJD&",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("valid: %s", valid[i]);
      g_assert_true (um_validate_base64_id (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (um_validate_base64_id (invalid[i], &error));
      g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_OBJECT_ID);
    }
}

static void
test_call_ids (void)
{
  g_autofree char *max = g_strnfill (512, 'x');
  g_autofree char *too_long = g_strnfill (513, 'x');
  g_autoptr(GString) max_utf8 = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* 512 characters, not bytes (2.2.4.1) */
  for (guint i = 0; i < 512; i++)
    g_string_append (max_utf8, "é");

  g_assert_true (um_validate_call_id (max, NULL));
  g_assert_true (um_validate_call_id (max_utf8->str, NULL));
  g_assert_true (um_validate_call_id ("a&b<c>d\"e'f", NULL));

  g_assert_false (um_validate_call_id (too_long, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  g_string_append (max_utf8, "é");
  g_assert_false (um_validate_call_id (max_utf8->str, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  g_assert_false (um_validate_call_id ("", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  g_assert_false (um_validate_call_id (NULL, &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  /* Not expressible in XML 1.0 */
  g_assert_false (um_validate_call_id ("a\001b", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  g_assert_false (um_validate_call_id ("\xff\xfe", &error));
  g_assert_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/um/validate/dial-strings", test_dial_strings);
  g_test_add_func ("/um/validate/base64-ids", test_base64_ids);
  g_test_add_func ("/um/validate/call-ids", test_call_ids);

  return g_test_run ();
}
