/* ct-session-scan.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The bulk read path: every row of a table, a few fields each, handed to
 * a callback one row at a time. Nothing is built per row: general values
 * come straight from SQLite, others are decrypted into one buffer per
 * field that is wiped when the next value replaces it and when the scan
 * ends. The same rules as ct_session_list_fields() hold: a category the
 * member may not read is restricted, every value is authenticated, and
 * the read is logged; the log entry is written before the first value is
 * handed out, so a read that cannot be logged is refused. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-seal-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"

typedef char Digits[24];  /* an integer field as text */

typedef struct
{
  CtSession      *session;
  const CtTable  *table;
  guint           n_fields;
  guint          *index;       /* into table->fields */
  const char    **values;
  gint64         *numbers;
  gboolean       *restricted;
  gboolean       *base;        /* restricted for every row: the role's */
  CtPlainBuffer  *plain;       /* one per field */
  Digits         *digits;
  guint           n_columns;   /* selected after the id: index[0..n_columns) */
  int             row_column;  /* the row_category column, or -1 */
  int             household_column;  /* the row's household_id, or -1 */
  int             goal_column; /* an action's goal_id, or -1 */
  GHashTable     *goals;       /* the goals read: _ct_row_goal_withheld() */
  CtCategory      row;         /* the current row's category */
  GHashTable     *involved;    /* households whose rows this member may read */
  GHashTable     *limited;     /* or: rows outside this member's involvement */
  gboolean        general;     /* the current row: its general fields only */
} Scan;

static void
scan_clear (Scan *scan)
{
  for (guint i = 0; i < scan->n_fields; i++)
    _ct_plain_buffer_clear (&scan->plain[i]);
  g_free (scan->index);
  g_free (scan->values);
  g_free (scan->numbers);
  g_free (scan->restricted);
  g_free (scan->base);
  g_free (scan->plain);
  g_free (scan->digits);
  g_clear_pointer (&scan->involved, g_hash_table_unref);
  g_clear_pointer (&scan->limited, g_hash_table_unref);
  g_clear_pointer (&scan->goals, g_hash_table_unref);
}

/* Finds the fields and marks the restricted ones; @categories gets what
 * the scan will decrypt. FALSE (a programming error) for an unknown field. */
static gboolean
scan_prepare (Scan               *scan,
              const char * const *fields,
              guint              *categories)
{
  *categories = 0;
  scan->n_fields = g_strv_length ((char **) fields);
  /* One more column, after the fields, for the row's category. */
  scan->row_column = scan->table->row_category >= 0 ? (int) scan->n_fields + 1 : -1;
  scan->household_column = -1;
  scan->goal_column = -1;
  /* Room for the row's category, an action's goal and the row's household
   * (scan_limit()). */
  scan->index = g_new (guint, scan->n_fields + 3);
  scan->values = g_new0 (const char *, scan->n_fields);
  scan->numbers = g_new0 (gint64, scan->n_fields);
  scan->restricted = g_new0 (gboolean, scan->n_fields);
  scan->plain = g_new0 (CtPlainBuffer, scan->n_fields);
  scan->digits = g_new0 (Digits, scan->n_fields);

  for (guint i = 0; i < scan->n_fields; i++)
    {
      int index = ct_table_get_field_index (scan->table, fields[i]);
      const CtField *field;

      g_return_val_if_fail (index >= 0, FALSE);
      scan->index[i] = (guint) index;
      field = &scan->table->fields[index];
      /* Rows of several categories: the log names every one this member
       * may read, before any is handed out. */
      if (field->by_row)
        *categories |= _ct_row_categories_readable (scan->session);
      if (field->category == CT_CATEGORY_GENERAL)
        continue;
      if (_ct_session_can_read (scan->session, field->category))
        *categories |= 1u << field->category;
      else
        scan->restricted[i] = TRUE;
    }
  scan->n_columns = scan->n_fields;
  if (scan->row_column > 0)
    scan->index[scan->n_columns++] = (guint) scan->table->row_category;
  /* An action is read as of its goal's category where the member may not
   * read that one (_ct_row_goal_withheld()). */
  if (g_str_equal (scan->table->name, "actions"))
    {
      scan->goal_column = (int) scan->n_columns + 1;
      scan->index[scan->n_columns++] = (guint) ct_table_get_field_index (scan->table, "goal_id");
    }
  scan->base = g_memdup2 (scan->restricted, scan->n_fields * sizeof (gboolean));
  return TRUE;
}

/* How the scan tells a row outside this member's involvement: by the
 * household it reads with the row (a household's own id, or a
 * household_id selected after the fields), checked against the involved
 * households; a table that reaches its household through a case asks for
 * its rows outside first. Either way no extra pass over the rows a
 * household table holds. */
static gboolean
scan_limit (Scan    *scan,
            GError **error)
{
  int household = ct_table_get_field_index (scan->table, "household_id");

  if (!g_str_equal (scan->table->name, "households") && household < 0)
    return _ct_session_limited_rows (scan->session, scan->table, NULL, 0, &scan->limited, error);
  if (!_ct_session_involved_for (scan->session, scan->table, &scan->involved, error))
    return FALSE;
  if (scan->involved != NULL && household >= 0)
    {
      scan->household_column = (int) scan->n_columns + 1;
      scan->index[scan->n_columns++] = (guint) household;
    }
  return TRUE;
}

static gboolean
read_general (Scan          *scan,
              sqlite3_stmt  *stmt,
              guint          i,
              const CtField *field)
{
  int col = (int) i + 1;
  gboolean damaged = FALSE;

  if (ct_field_is_integer (field) && sqlite3_column_type (stmt, col) == SQLITE_INTEGER)
    {
      scan->numbers[i] = sqlite3_column_int64 (stmt, col);
      g_snprintf (scan->digits[i], sizeof scan->digits[i], "%" G_GINT64_FORMAT,
                  scan->numbers[i]);
      scan->values[i] = scan->digits[i];
      return TRUE;
    }
  scan->values[i] = ct_store_column_text (stmt, col, &damaged);
  return !damaged;
}

static gboolean
read_value (Scan          *scan,
            sqlite3_stmt  *stmt,
            gint64         id,
            guint          i,
            GError       **error)
{
  const CtField *field = &scan->table->fields[scan->index[i]];
  CtCategory c = field->by_row ? scan->row : field->category;
  int col = (int) i + 1;

  scan->values[i] = NULL;
  scan->numbers[i] = 0;
  if (field->by_row)
    scan->restricted[i] = c == CT_CATEGORY_INVALID;
  else
    scan->restricted[i] = scan->base[i];
  /* Outside involvement: the general fields only, for this row. */
  if (scan->general && c != CT_CATEGORY_GENERAL)
    scan->restricted[i] = TRUE;
  if (scan->restricted[i])
    return TRUE;
  if ((int) scan->index[i] == scan->table->row_category)
    {
      scan->values[i] = ct_category_to_string (c);
      return TRUE;
    }
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return TRUE;

  if (c == CT_CATEGORY_GENERAL)
    {
      if (!(field->by_row && sqlite3_column_type (stmt, col) == SQLITE_BLOB)
          && read_general (scan, stmt, i, field))
        return TRUE;
      ct_store_set_error (scan->session->db, SQLITE_CORRUPT, error);
      return FALSE;
    }

  if (field->by_row)
    {
      scan->values[i] = _ct_row_open_into (scan->session, c, scan->table, field, id,
                                           sqlite3_column_blob (stmt, col),
                                           (gsize) sqlite3_column_bytes (stmt, col),
                                           &scan->plain[i]);
      if (scan->values[i] == NULL)
        {
          g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                       _("A stored value (%s of %s %lld) fails its authentication: it was "
                         "changed or moved outside Casustafel."), field->name,
                       scan->table->name, (long long) id);
          return FALSE;
        }
      if (ct_field_is_integer (field))
        scan->numbers[i] = g_ascii_strtoll (scan->values[i], NULL, 10);
      return TRUE;
    }

  scan->values[i] = _ct_field_open_into (scan->session, scan->table, field, id,
                                         sqlite3_column_blob (stmt, col),
                                         (gsize) sqlite3_column_bytes (stmt, col),
                                         &scan->plain[i], error);
  if (scan->values[i] == NULL)
    return FALSE;
  if (ct_field_is_integer (field))
    scan->numbers[i] = g_ascii_strtoll (scan->values[i], NULL, 10);
  return TRUE;
}

/* The next row this member may see into @row; FALSE at the end (with
 * @error unset) or on an error. */
static gboolean
scan_step (Scan          *scan,
           sqlite3_stmt  *stmt,
           CtScanRow     *row,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      row->id = sqlite3_column_int64 (stmt, 0);
      scan->row = CT_CATEGORY_GENERAL;
      if (scan->row_column > 0
          && !_ct_row_category_read (scan->session, scan->table, row->id, stmt, scan->row_column,
                                     &scan->row, error))
        return FALSE;
      if (scan->goal_column > 0 && scan->row != CT_CATEGORY_INVALID
          && sqlite3_column_type (stmt, scan->goal_column) == SQLITE_INTEGER)
        {
          gboolean withheld;

          if (!_ct_row_goal_withheld (scan->session, &scan->goals,
                                      sqlite3_column_int64 (stmt, scan->goal_column), &withheld,
                                      error))
            return FALSE;
          if (withheld)
            scan->row = CT_CATEGORY_INVALID;
        }
      /* A row that is not this member's to see is not handed out at all. */
      if (scan->table->row_hidden && scan->row == CT_CATEGORY_INVALID)
        continue;
      /* Outside this member's involvement: the general fields, or nothing.
       * A row without a household counts as household 0, which no member
       * is involved in. */
      if (scan->involved != NULL)
        {
          gint64 household = scan->household_column > 0
                               ? sqlite3_column_int64 (stmt, scan->household_column)
                               : row->id;

          scan->general = !g_hash_table_contains (scan->involved, &household);
        }
      else
        scan->general = scan->limited != NULL && g_hash_table_contains (scan->limited, &row->id);
      if (scan->general && _ct_table_limit (scan->table) == CT_LIMIT_HIDE)
        continue;
      if (scan->general && scan->row != CT_CATEGORY_GENERAL)
        scan->row = CT_CATEGORY_INVALID;
      for (guint i = 0; i < scan->n_fields; i++)
        if (!read_value (scan, stmt, row->id, i, error))
          return FALSE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    ct_store_set_error (scan->session->db, rc, error);
  return FALSE;
}

static gboolean
scan_rows (Scan        *scan,
           gboolean     first_per_parent,
           CtScanFunc   func,
           gpointer     user_data,
           GError     **error)
{
  sqlite3_stmt *stmt = ct_store_fields_select (scan->session->db, scan->table, scan->index,
                                               scan->n_columns, first_per_parent, FALSE, error);
  CtScanRow row = { 0, scan->values, scan->numbers, scan->restricted };
  g_autoptr(GError) local = NULL;
  gboolean ok = stmt != NULL;

  while (ok && scan_step (scan, stmt, &row, &local))
    ok = func (&row, user_data, error);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      ok = FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  return ok;
}

static gboolean
scan_table (CtSession          *self,
            const char         *table,
            const char * const *fields,
            gboolean            first_per_parent,
            CtScanFunc          func,
            gpointer            user_data,
            GError            **error)
{
  Scan scan = { self, ct_schema_get_table (table) };
  guint categories;
  gboolean own_snapshot;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (scan.table != NULL, FALSE);
  g_return_val_if_fail (fields != NULL && func != NULL, FALSE);
  g_return_val_if_fail (!first_per_parent || scan.table->parent_field != NULL, FALSE);

  if (!_ct_session_require_unlocked (self, error))
    return FALSE;

  /* A reader (a worker thread's connection) reads the set of households
   * it logs and the rows in one snapshot, so the log names every
   * household whose rows it read; the session's own connection can only
   * change the rows through itself. */
  /* Inside a batch (_ct_session_read_batch()) the batch's snapshot holds. */
  own_snapshot = self->deferred_reads != NULL && sqlite3_get_autocommit (self->db);
  if (own_snapshot && !_ct_session_begin_read (self, error))
    return FALSE;
  ok = scan_prepare (&scan, fields, &categories)
       && scan_limit (&scan, error)
       && _ct_session_log_list_read (self, scan.table, NULL, 0, categories, error)
       && scan_rows (&scan, first_per_parent, func, user_data, error);
  scan_clear (&scan);
  if (own_snapshot)
    ok = _ct_session_end_read (self, ok, ok ? error : NULL);
  return ok;
}

typedef struct
{
  gboolean (*func) (CtSession *, gpointer, GError **);
  gpointer   data;
} Batch;

static gboolean
read_and_log (CtSession *self,
              gpointer   data,
              GError   **error)
{
  Batch *batch = data;
  GArray *reads = g_array_new (FALSE, TRUE, sizeof (CtDeferredRead));
  gboolean ok;

  self->deferred_reads = reads;
  ok = batch->func (self, batch->data, error);
  self->deferred_reads = NULL;
  ok = ok && _ct_session_log_reads (self, reads, error);
  for (guint i = 0; i < reads->len; i++)
    g_clear_pointer (&g_array_index (reads, CtDeferredRead, i).households, g_array_unref);
  g_array_unref (reads);
  return ok;
}

/**
 * _ct_session_read_batch:
 * @func: reads with ct_session_scan(), ct_session_scan_first() and the
 *   scan cursor, and keeps what it needs; it hands nothing out itself
 *
 * Runs @func in one transaction, so that its scans read one snapshot,
 * and logs every scan it made in that transaction, after the reading and
 * before the caller hands anything out: one audit pass, each entry naming
 * the households its rows belong to. In a reader (_ct_session_new_reader())
 * the scans are kept for its owner to log, as for a single scan. When the
 * log cannot be written, the batch fails and nothing read may be used.
 */
gboolean
_ct_session_read_batch (CtSession  *self,
                        gboolean  (*func) (CtSession *, gpointer, GError **),
                        gpointer    data,
                        GError    **error)
{
  Batch batch = { func, data };
  gboolean ok;

  if (!_ct_session_require_unlocked (self, error))
    return FALSE;
  if (self->deferred_reads == NULL && !self->read_only)
    return ct_session_check_file (self, error)
           && _ct_session_with_transaction (self, read_and_log, &batch, error);
  if (self->deferred_reads == NULL && !ct_session_check_file (self, error))
    return FALSE;

  /* A reader keeps its scans for its owner to log. A file that cannot be
   * written (a write-protected medium) begins no write: what is read
   * without a log entry is still shown, and a read that must be logged
   * fails when its entry is written, so nothing of it is handed out. */
  if (!_ct_session_begin_read (self, error))
    return FALSE;
  ok = self->deferred_reads == NULL ? read_and_log (self, &batch, error)
                                    : func (self, data, error);
  return _ct_session_end_read (self, ok, ok ? error : NULL);
}

/**
 * ct_session_scan:
 * @table: a table of the registry
 * @fields: the fields to read, %NULL-terminated, in the order the row
 *   gives them
 * @func: called for every row in id order; returning %FALSE (with its
 *   error set) stops the scan
 *
 * Reads every row of @table for exports and large lists without building
 * a record per row. A row and its values are valid only during @func.
 * One log entry covers the scan, as for ct_session_list_fields().
 */
gboolean
ct_session_scan (CtSession          *self,
                 const char         *table,
                 const char * const *fields,
                 CtScanFunc          func,
                 gpointer            user_data,
                 GError            **error)
{
  return scan_table (self, table, fields, FALSE, func, user_data, error);
}

/**
 * ct_session_scan_first:
 *
 * Like ct_session_scan(), but only the first row of every parent: the
 * first person of each household, for a list that shows one name per
 * case. Only those rows are decrypted.
 */
gboolean
ct_session_scan_first (CtSession          *self,
                       const char         *table,
                       const char * const *fields,
                       CtScanFunc          func,
                       gpointer            user_data,
                       GError            **error)
{
  return scan_table (self, table, fields, TRUE, func, user_data, error);
}

/**
 * _ct_session_scan_households:
 * @households: (element-type gint64): the households whose rows to read,
 *   ascending, each once
 * @first_per_parent: only the first row of each household (its first
 *   person)
 *
 * Like ct_session_scan() over the rows of @households only, household by
 * household, through the table's household index: what a list reads of
 * the few households it shows first. Only in a batch
 * (_ct_session_read_batch()) or a reader, whose log entry for this read
 * names the households whose rows were read, written before anything
 * read is handed out.
 */
gboolean
_ct_session_scan_households (CtSession          *self,
                             const char         *table,
                             const char * const *fields,
                             GArray             *households,
                             gboolean            first_per_parent,
                             CtScanFunc          func,
                             gpointer            user_data,
                             GError            **error)
{
  Scan scan = { self, ct_schema_get_table (table) };
  CtDeferredRead read = { scan.table, 0, NULL };
  const char *key;
  sqlite3_stmt *stmt = NULL;
  CtScanRow row = { 0 };
  guint categories;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (scan.table != NULL && fields != NULL && func != NULL, FALSE);
  g_return_val_if_fail (self->deferred_reads != NULL, FALSE);

  key = g_str_equal (table, "households") ? "id" : "household_id";
  g_return_val_if_fail (g_str_equal (key, "id")
                        || ct_table_get_field_index (scan.table, key) >= 0, FALSE);
  read.households = g_array_new (FALSE, FALSE, sizeof (gint64));
  ok = _ct_session_require_unlocked (self, error)
       && scan_prepare (&scan, fields, &categories)
       && scan_limit (&scan, error)
       && (stmt = ct_store_fields_select_by (self->db, scan.table, scan.index, scan.n_columns,
                                             key, first_per_parent, NULL, error)) != NULL;
  row = (CtScanRow) { 0, scan.values, scan.numbers, scan.restricted };
  for (guint i = 0; ok && i < households->len; i++)
    {
      gint64 household = g_array_index (households, gint64, i);
      g_autoptr(GError) local = NULL;
      gboolean any = FALSE;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, household);
      while (ok && scan_step (&scan, stmt, &row, &local))
        {
          any = TRUE;
          ok = func (&row, user_data, error);
        }
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ok = FALSE;
        }
      if (any)
        g_array_append_val (read.households, household);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  scan_clear (&scan);
  /* Kept for the batch's or the owner's log, as a scan's read. */
  read.categories = ok ? _ct_session_audit_mask (categories) : 0;
  if (read.categories != 0 && read.households->len > 0)
    g_array_append_val (self->deferred_reads, read);
  else
    g_array_unref (read.households);
  return ok;
}

/**
 * _ct_session_scan_top:
 * @fields: general fields only: nothing decrypted, so nothing to log
 * @descending: an indexed general field
 * @func: called for every row in descending order of @descending, as
 *   ct_session_scan() calls it; returning %FALSE with no error set ends
 *   the scan there, as done
 *
 * The first rows of @table in one order, for a list that shows its first
 * screenful before it has read the rest: the case numbers, newest first.
 */
gboolean
_ct_session_scan_top (CtSession          *self,
                      const char         *table,
                      const char * const *fields,
                      const char         *descending,
                      CtScanFunc          func,
                      gpointer            user_data,
                      GError            **error)
{
  Scan scan = { self, ct_schema_get_table (table) };
  sqlite3_stmt *stmt = NULL;
  CtScanRow row = { 0 };
  g_autoptr(GError) local = NULL;
  guint categories = 0;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (scan.table != NULL && fields != NULL && func != NULL, FALSE);
  g_return_val_if_fail (descending != NULL, FALSE);

  ok = _ct_session_require_unlocked (self, error)
       && scan_prepare (&scan, fields, &categories);
  if (ok && categories != 0)
    {
      scan_clear (&scan);
      g_return_val_if_reached (FALSE);
    }
  ok = ok && scan_limit (&scan, error)
       && (stmt = ct_store_fields_select_by (self->db, scan.table, scan.index, scan.n_columns,
                                             NULL, FALSE, descending, error)) != NULL;
  row = (CtScanRow) { 0, scan.values, scan.numbers, scan.restricted };
  while (ok && scan_step (&scan, stmt, &row, &local))
    if (!func (&row, user_data, error))
      {
        ok = error == NULL || *error == NULL;
        break;
      }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      ok = FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  scan_clear (&scan);
  return ok;
}

struct _CtScanCursor
{
  Scan          scan;
  sqlite3_stmt *stmt;
  CtScanRow     row;
  guint         categories;  /* to log before the first row goes out */
  gboolean      logged;
};

/**
 * ct_session_scan_open:
 * @table: a table of the registry
 * @fields: the fields to read, %NULL-terminated
 * @by_parent: hand the rows out in the order of their parent (a case's or
 *   a person's household), then id, instead of id order
 *
 * ct_session_scan() as a cursor the caller advances, so that several
 * tables can be walked side by side, as a merge join, without holding
 * any of them: `cases --json` writes one household at a time this way.
 * Free it with
 * ct_scan_cursor_free() before the session is locked. The read is logged
 * once, before the first row is handed out; a table with no rows is no
 * read, as for ct_session_list().
 *
 * Returns: (transfer full) (nullable): the cursor, or %NULL with @error set
 */
CtScanCursor *
ct_session_scan_open (CtSession          *self,
                      const char         *table,
                      const char * const *fields,
                      gboolean            by_parent,
                      GError            **error)
{
  CtScanCursor *cursor;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (ct_schema_get_table (table) != NULL, NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (!by_parent || ct_schema_get_table (table)->parent_field != NULL, NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  cursor = g_new0 (CtScanCursor, 1);
  cursor->scan.session = self;
  cursor->scan.table = ct_schema_get_table (table);
  if (!scan_prepare (&cursor->scan, fields, &cursor->categories)
      || !scan_limit (&cursor->scan, error)
      || (cursor->stmt = ct_store_fields_select (self->db, cursor->scan.table,
                                                 cursor->scan.index, cursor->scan.n_columns,
                                                 FALSE, by_parent, error)) == NULL)
    {
      ct_scan_cursor_free (cursor);
      return NULL;
    }
  cursor->row.values = cursor->scan.values;
  cursor->row.numbers = cursor->scan.numbers;
  cursor->row.restricted = cursor->scan.restricted;
  return cursor;
}

/**
 * ct_scan_cursor_next:
 *
 * Returns: (nullable): the next row, valid until the next call; %NULL at
 *   the end, or with @error set when a value fails its authentication or
 *   the file cannot be read
 */
const CtScanRow *
ct_scan_cursor_next (CtScanCursor  *cursor,
                     GError       **error)
{
  g_return_val_if_fail (cursor != NULL && cursor->stmt != NULL, NULL);

  if (!scan_step (&cursor->scan, cursor->stmt, &cursor->row, error))
    return NULL;
  if (!cursor->logged)
    {
      if (!_ct_session_log_list_read (cursor->scan.session, cursor->scan.table, NULL, 0,
                                      cursor->categories, error))
        return NULL;
      cursor->logged = TRUE;
    }
  return &cursor->row;
}

/* Wipes the last row's decrypted values. */
void
ct_scan_cursor_free (CtScanCursor *cursor)
{
  if (cursor == NULL)
    return;

  g_clear_pointer (&cursor->stmt, sqlite3_finalize);
  if (cursor->scan.plain != NULL)
    scan_clear (&cursor->scan);
  g_free (cursor);
}

/**
 * ct_scan_compare_ids:
 *
 * Orders elements that start with a #gint64 id (a scan's rows kept in an
 * array, or the ids themselves), for g_array_sort().
 */
int
ct_scan_compare_ids (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * ct_scan_find_id:
 * @array: elements that start with a #gint64 id, in ascending order (as a
 *   scan hands them out, or sorted with ct_scan_compare_ids())
 * @index: (out): where @id is
 *
 * Returns: whether @array holds @id
 */
gboolean
ct_scan_find_id (GArray *array,
                 gint64  id,
                 guint  *index)
{
  return g_array_binary_search (array, &id, ct_scan_compare_ids, index);
}
