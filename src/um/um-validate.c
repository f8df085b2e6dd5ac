/* um-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "um-validate.h"

#include "um-error.h"
#include "um-ns.h"

#include <string.h>

/**
 * um_validate_xml_text:
 * @text: a string
 *
 * Returns: whether @text is UTF-8 made only of characters XML 1.0 allows
 */
gboolean
um_validate_xml_text (const char *text)
{
  const char *end;

  if (!g_utf8_validate (text, -1, &end))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return FALSE;
      if (c == 0xFFFE || c == 0xFFFF)
        return FALSE;
    }
  return TRUE;
}

/**
 * um_validate_call_id:
 * @call_id: (nullable): a phone call id
 * @error: return location for a %UM_ERROR_INVALID_CALL_ID error
 *
 * A call id is a non-empty string of at most 512 characters (2.2.4.1,
 * 3.1.4.3.2.1).
 *
 * Returns: %TRUE if @call_id can be sent
 */
gboolean
um_validate_call_id (const char  *call_id,
                     GError     **error)
{
  if (call_id == NULL || call_id[0] == '\0')
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_CALL_ID,
                                                      "The phone call id is empty"));
      return FALSE;
    }

  if (!um_validate_xml_text (call_id))
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_CALL_ID,
                                                      "The phone call id is not text"));
      return FALSE;
    }

  if (g_utf8_strlen (call_id, -1) > UM_CALL_ID_MAX_LENGTH)
    {
      g_set_error (error, UM_ERROR, UM_ERROR_INVALID_CALL_ID,
                   "The phone call id is longer than %d characters", UM_CALL_ID_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/**
 * um_validate_base64_id:
 * @id: (nullable): an EntryID, a folder id or an EWS item id
 * @error: return location for a %UM_ERROR_INVALID_OBJECT_ID error
 *
 * The ids of [MS-OXWUMS] are base64 ([RFC2045] section 6.8): the 64-letter
 * alphabet in groups of four, with "=" padding only at the end.
 *
 * Returns: %TRUE if @id is base64
 */
gboolean
um_validate_base64_id (const char  *id,
                       GError     **error)
{
  gsize len;
  gsize padding = 0;

  if (id == NULL || id[0] == '\0')
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_OBJECT_ID,
                                                      "The id is empty"));
      return FALSE;
    }

  len = strlen (id);
  while (padding < len && padding < 2 && id[len - 1 - padding] == '=')
    padding++;

  for (gsize i = 0; i < len - padding; i++)
    {
      if (!is_base64_char (id[i]))
        {
          g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_OBJECT_ID,
                                                          "The id is not base64"));
          return FALSE;
        }
    }

  if (len % 4 != 0 || len == padding)
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_OBJECT_ID,
                                                      "The id is not base64"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_visual_separator (char c)
{
  return c == '-' || c == '.' || c == '(' || c == ')';
}

static gboolean
is_param_char (char c)
{
  /* RFC 3966 paramchar: param-unreserved / unreserved / pct-encoded */
  return g_ascii_isalnum (c) || strchr ("[]/:&+$-_.!~*'()%", c) != NULL;
}

/* RFC 3966 telephone-subscriber, without insisting on a phone-context for
 * local numbers: [MS-OXWUMS] dial strings are things like "12345". */
static gboolean
is_telephone_subscriber (const char *s)
{
  gboolean global = FALSE;
  gboolean has_digit = FALSE;
  const char *p = s;

  if (*p == '+')
    {
      global = TRUE;
      p++;
    }

  for (; *p != '\0' && *p != ';'; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (is_visual_separator (*p))
        continue;
      else if (!global && (g_ascii_isxdigit (*p) || *p == '*' || *p == '#'))
        continue;
      else
        return FALSE;
    }

  if (!has_digit)
    return FALSE;

  /* Parameters: ;name[=value] */
  while (*p == ';')
    {
      const char *name = ++p;

      while (g_ascii_isalnum (*p) || *p == '-')
        p++;
      if (p == name)
        return FALSE;

      if (*p == '=')
        {
          const char *value = ++p;

          while (*p != '\0' && *p != ';' && is_param_char (*p))
            p++;
          if (p == value)
            return FALSE;
        }

      if (*p != '\0' && *p != ';')
        return FALSE;
    }

  return *p == '\0';
}

/**
 * um_validate_dial_string:
 * @dial_string: (nullable): a telephone number
 * @error: return location for a %UM_ERROR_INVALID_DIAL_STRING error
 *
 * Dial strings are telephone numbers of [RFC3966] (3.1.4.7.2.1,
 * 3.1.4.8.2.1, 3.1.4.9.2.1, 3.1.4.13.2.1): a global number ("+1-425-555-0123"),
 * a local number ("12345"), either with parameters (";ext=12"), or a "tel:"
 * URI of one of them.
 *
 * Returns: %TRUE if @dial_string is a telephone number
 */
gboolean
um_validate_dial_string (const char  *dial_string,
                         GError     **error)
{
  const char *number = dial_string;

  if (dial_string == NULL || dial_string[0] == '\0')
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_DIAL_STRING,
                                                      "The number is empty"));
      return FALSE;
    }

  if (g_ascii_strncasecmp (number, "tel:", 4) == 0)
    number += 4;

  if (!is_telephone_subscriber (number))
    {
      g_propagate_error (error, um_error_new_literal (UM_ERROR_INVALID_DIAL_STRING, NULL));
      return FALSE;
    }

  return TRUE;
}
