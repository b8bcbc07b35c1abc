/* ct-cli-csv.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* RFC 4180 as spreadsheets write it: fields separated by commas (or by
 * semicolons, as Dutch Excel saves, when the header has no comma), quoted
 * fields that hold separators, doubled quotes and line breaks, CRLF or LF
 * line ends, an optional UTF-8 byte order mark. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-cli-csv.h"

typedef struct
{
  const char *p;
  const char *end;
  char        separator;
  guint       line;
} Reader;

void
ct_csv_row_free (CtCsvRow *row)
{
  if (row == NULL)
    return;

  for (guint i = 0; row->cells != NULL && row->cells[i] != NULL; i++)
    memset (row->cells[i], 0, strlen (row->cells[i]));
  g_strfreev (row->cells);
  g_free (row);
}

static gboolean
at_line_end (Reader *r)
{
  return r->p >= r->end || *r->p == '\n'
         || (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] == '\n'));
}

static void
skip_line_end (Reader *r)
{
  if (r->p < r->end && *r->p == '\r')
    r->p++;
  if (r->p < r->end && *r->p == '\n')
    r->p++;
  r->line++;
}

static gboolean
read_quoted (Reader   *r,
             GString  *cell,
             GError  **error)
{
  guint start = r->line;

  r->p++;  /* the opening quote */
  for (;;)
    {
      if (r->p >= r->end)
        {
          g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                       _("line %u: a quoted field is not closed."), start);
          return FALSE;
        }
      if (*r->p == '"' && r->p + 1 < r->end && r->p[1] == '"')
        {
          g_string_append_c (cell, '"');
          r->p += 2;
          continue;
        }
      if (*r->p == '"')
        break;
      if (*r->p == '\n')
        r->line++;
      /* A line break inside a field is kept as \n, whatever the file used. */
      if (!(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))
        g_string_append_c (cell, *r->p);
      r->p++;
    }
  r->p++;  /* the closing quote */

  if (!at_line_end (r) && *r->p != r->separator)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   _("line %u: a quoted field must end at a separator or the end of the line."),
                   r->line);
      return FALSE;
    }
  return TRUE;
}

static char *
read_cell (Reader  *r,
           GError **error)
{
  g_autoptr(GString) cell = g_string_new (NULL);

  if (r->p < r->end && *r->p == '"')
    {
      if (!read_quoted (r, cell, error))
        return NULL;
    }
  else
    while (!at_line_end (r) && *r->p != r->separator)
      g_string_append_c (cell, *r->p++);

  return g_string_free (g_steal_pointer (&cell), FALSE);
}

static CtCsvRow *
read_row (Reader  *r,
          GError **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  CtCsvRow *row;
  guint line = r->line;

  for (;;)
    {
      char *cell = read_cell (r, error);

      if (cell == NULL)
        return NULL;
      g_ptr_array_add (cells, cell);
      if (at_line_end (r))
        break;
      r->p++;  /* the separator */
    }
  skip_line_end (r);

  g_ptr_array_add (cells, NULL);
  row = g_new0 (CtCsvRow, 1);
  row->line = line;
  row->cells = (char **) g_ptr_array_free (g_steal_pointer (&cells), FALSE);
  return row;
}

static char
guess_separator (const char *text,
                 const char *end)
{
  const char *eol = memchr (text, '\n', end - text);
  gsize n = eol != NULL ? (gsize) (eol - text) : (gsize) (end - text);

  return memchr (text, ',', n) == NULL && memchr (text, ';', n) != NULL ? ';' : ',';
}

/**
 * ct_csv_parse:
 * @text: the file's bytes
 *
 * Returns: (transfer full) (element-type CtCsvRow): every row that is not
 *   blank, the header first, or %NULL with an error that names the line
 */
GPtrArray *
ct_csv_parse (const char  *text,
              gsize        length,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_csv_row_free);
  const char *end = text + length;
  Reader r;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;

  if (!g_utf8_validate (text, end - text, NULL))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                           _("The file is not UTF-8 text; save it as “CSV UTF-8”."));
      return NULL;
    }

  r = (Reader) { text, end, guess_separator (text, end), 1 };
  while (r.p < r.end)
    {
      CtCsvRow *row;

      if (at_line_end (&r))
        {
          skip_line_end (&r);  /* a blank line */
          continue;
        }
      if ((row = read_row (&r, error)) == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}
