/* ct-audit-export.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log as a CSV file for the privacy officer. The caller gives
 * the rows as its view shows them (labels in the reader's language, only
 * what the reader was given by ct_session_read_log() or
 * ct_session_read_household_log()); this file checks that the reader may
 * read that log, writes the file through ct-output.c so that it is
 * replaced whole or not at all, and logs the export before the file gets
 * its name, as every export does (docs/security.md).
 *
 * A cell that starts with "=", "+", "-", "@", a tab or a carriage return
 * gets a leading apostrophe, so that a spreadsheet never runs a login or a
 * purpose as a formula. */

#define G_LOG_DOMAIN "ct-audit-export"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-output.h"
#include "ct-session-private.h"

typedef struct
{
  gint64 household_id;
  guint  n_rows;
} LogExport;

static void
append_cell (GString    *out,
             const char *cell)
{
  const char *text = cell != NULL ? cell : "";

  g_string_append_c (out, '"');
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString            *out,
            const char * const *cells)
{
  for (guint i = 0; cells[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_cell (out, cells[i]);
    }
  g_string_append (out, "\r\n");
}

static gboolean
log_export (CtSession *self,
            gpointer   data,
            GError   **error)
{
  LogExport *log = data;
  CtAuditSubject subject = { log->household_id, 0, NULL };
  g_autofree char *purpose = g_strdup_printf ("access log export; %u entries", log->n_rows);

  return _ct_audit_append_subject (self, CT_AUDIT_EXPORT, "access_log", 0, &subject, 0, purpose,
                                   FALSE, error);
}

/**
 * ct_session_export_log_csv:
 * @household_id: the household whose entries @rows are, or 0 for the
 *   whole log
 * @header: the column titles, %NULL-terminated
 * @rows: (element-type GStrv): one row per entry, as many cells as @header
 * @path: the .csv to write; replaced when it exists
 *
 * Writes @rows as CSV (UTF-8 with a byte order mark, comma separated,
 * every cell quoted) for the privacy officer. Allowed to whoever may read
 * that log: a beheerder or the recovery key, and for one household its
 * regisseur too. The export is logged, with the number of rows, before
 * the file gets its name.
 */
gboolean
ct_session_export_log_csv (CtSession          *self,
                           gint64              household_id,
                           const char * const *header,
                           GPtrArray          *rows,
                           const char         *path,
                           GError            **error)
{
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");
  g_autofree char *tmp_path = NULL;
  LogExport log = { household_id, rows != NULL ? rows->len : 0 };
  guint n_columns;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (header != NULL && rows != NULL && path != NULL, FALSE);

  if (!_ct_session_begin_write (self, error))
    return FALSE;
  if (household_id > 0 ? !ct_session_may_read_household_log (self, household_id)
                       : !self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           household_id > 0
                             ? _("Only a beheerder or the household’s regisseur may export who "
                                 "saw this household.")
                             : _("Only a beheerder may export the access log."));
      return FALSE;
    }

  n_columns = g_strv_length ((char **) header);
  append_row (out, header);
  for (guint i = 0; i < rows->len; i++)
    {
      const char * const *cells = g_ptr_array_index (rows, i);

      g_return_val_if_fail (g_strv_length ((char **) cells) == n_columns, FALSE);
      append_row (out, cells);
    }

  if (!ct_output_check_target (path, self, error)
      || (tmp_path = ct_output_create_temp (path, error)) == NULL)
    return FALSE;
  if (!g_file_set_contents_full (tmp_path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_NONE, 0600, error)
      || !_ct_session_with_transaction (self, log_export, &log, error))
    {
      ct_output_discard (tmp_path);
      return FALSE;
    }
  return ct_output_commit (tmp_path, path, error);
}
