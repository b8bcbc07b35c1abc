/* ct-session-read.c — reading rows and logging the reads
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading the team's data: selecting rows, opening their sealed values,
 * and logging the read. A category the member may not read comes back
 * restricted, never as ciphertext or as an empty value; every read of a
 * non-general category is written to the access log, or kept by a reader
 * for its owner to log. Readers themselves (_ct_session_new_reader(),
 * ct_session_read_async()) are ct-session-reader.c, the bulk scans are
 * in ct-session-scan.c, writing is in ct-session-data.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-record-private.h"
#include "ct-seal-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-session-write-private.h"
#include "ct-sync-private.h"

#define GENERAL_BIT (1u << CT_CATEGORY_GENERAL)

guint
_ct_session_audit_mask (guint categories)
{
  return categories & ~GENERAL_BIT;
}

/* A row-sealed value, or %NULL with @error set. */
static char *
open_row_value (CtSession     *self,
                CtCategory     row,
                const CtTable *table,
                const CtField *field,
                gint64         id,
                sqlite3_stmt  *stmt,
                int            col,
                GError       **error)
{
  CtPlainBuffer plain = { 0 };
  const char *value = _ct_row_open_into (self, row, table, field, id,
                                         sqlite3_column_blob (stmt, col),
                                         (gsize) sqlite3_column_bytes (stmt, col), &plain);
  char *copy = g_strdup (value);

  _ct_plain_buffer_clear (&plain);
  if (copy == NULL)
    g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                 _("A stored value (%s of %s %lld) fails its authentication: it was changed or "
                   "moved outside Casustafel."), field->name, table->name, (long long) id);
  return copy;
}

static char *
read_general (CtSession     *self,
              const CtField *field,
              sqlite3_stmt  *stmt,
              int            col,
              GError       **error)
{
  gboolean damaged = field->by_row && sqlite3_column_type (stmt, col) == SQLITE_BLOB;
  char *value = damaged ? NULL : g_strdup (ct_store_column_text (stmt, col, &damaged));

  if (damaged)
    {
      g_free (value);
      ct_store_set_error (self->db, SQLITE_CORRUPT, error);
      return NULL;
    }
  return value;
}

/* An action of a goal whose category this member may not read is read as
 * of that category (_ct_row_goal_withheld()); @goals is %NULL on the write
 * path, which reads the action as stored. */
static gboolean
withheld_by_goal (CtSession     *self,
                  const CtTable *table,
                  sqlite3_stmt  *stmt,
                  GHashTable   **goals,
                  CtCategory    *row,
                  GError       **error)
{
  int goal = goals != NULL && g_str_equal (table->name, "actions")
               ? ct_table_get_field_index (table, "goal_id") + 1 : 0;
  gboolean withheld = FALSE;

  if (goal <= 0 || *row == CT_CATEGORY_INVALID
      || sqlite3_column_type (stmt, goal) != SQLITE_INTEGER)
    return TRUE;
  if (!_ct_row_goal_withheld (self, goals, sqlite3_column_int64 (stmt, goal), &withheld, error))
    return FALSE;
  if (withheld)
    *row = CT_CATEGORY_INVALID;
  return TRUE;
}

/* Reads the current row of @stmt into a record; @read collects the
 * categories decrypted. A row whose category this member cannot read has
 * row_category CT_CATEGORY_INVALID and its row fields restricted. */
static CtRecord *
read_row (CtSession     *self,
          const CtTable *table,
          sqlite3_stmt  *stmt,
          const guint8  *wanted,
          GHashTable    *limited,
          GHashTable   **goals,
          guint         *read,
          GError       **error)
{
  g_autoptr(CtRecord) record = ct_record_new (table->name);
  CtCategory row = CT_CATEGORY_GENERAL;
  gboolean general;

  record->id = sqlite3_column_int64 (stmt, 0);
  /* Outside the member's involvement: its general fields only. */
  general = limited != NULL && g_hash_table_contains (limited, &record->id);
  if (table->row_category >= 0
      && (!_ct_row_category_read (self, table, record->id, stmt, table->row_category + 1, &row,
                                  error)
          || !withheld_by_goal (self, table, stmt, goals, &row, error)))
    return NULL;
  if (general && row != CT_CATEGORY_GENERAL)
    row = CT_CATEGORY_INVALID;
  record->row_category = row;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      CtCategory c = field->by_row ? row : field->category;
      int col = (int) i + 1;
      int type = sqlite3_column_type (stmt, col);
      char *value = NULL;

      if (c == CT_CATEGORY_INVALID
          || (c != CT_CATEGORY_GENERAL && (general || !_ct_session_can_read (self, c))))
        {
          /* Restricted whether or not there is a value: nothing leaks. */
          _ct_record_set_restricted (record, i);
          continue;
        }
      if ((int) i == table->row_category)
        {
          _ct_record_take_value (record, i, g_strdup (ct_category_to_string (row)));
          continue;
        }
      if (type == SQLITE_NULL)
        continue;

      if (c != CT_CATEGORY_GENERAL && wanted != NULL && !wanted[i])
        {
          _ct_record_set_not_loaded (record, i);
          continue;
        }

      if (c != CT_CATEGORY_GENERAL)
        {
          value = field->by_row
                    ? open_row_value (self, row, table, field, record->id, stmt, col, error)
                    : _ct_field_open (self, table, field, record->id,
                                      sqlite3_column_blob (stmt, col),
                                      sqlite3_column_bytes (stmt, col), error);
          if (value == NULL)
            return NULL;
          *read |= 1u << c;
        }
      else if ((value = read_general (self, field, stmt, col, error)) == NULL)
        return NULL;
      _ct_record_take_value (record, i, value);
    }
  return g_steal_pointer (&record);
}

/* Rows of a table whose rows are hidden when their category cannot be
 * read (docs/categories.md) are left out unless @keep_hidden. */
GPtrArray *
_ct_session_select_rows (CtSession     *self,
                         const CtTable *table,
                         const char    *where_field,
                         gint64         value,
                         gboolean       first_per_parent,
                         const guint8  *wanted,
                         gboolean       keep_hidden,
                         guint         *read,
                         GError       **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  g_autoptr(GHashTable) limited = NULL;
  g_autoptr(GHashTable) goals = NULL;
  gboolean hide = _ct_table_limit (table) == CT_LIMIT_HIDE;
  sqlite3_stmt *stmt;
  int rc;

  /* The write path checks involvement itself (ct-session-involvement.c). */
  if (!keep_hidden
      && !_ct_session_limited_rows (self, table, where_field, value, &limited, error))
    return NULL;
  if ((stmt = ct_store_row_select (self->db, table, where_field, value, first_per_parent,
                                   error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtRecord *record = read_row (self, table, stmt, wanted, limited,
                                   keep_hidden ? NULL : &goals, read, error);

      if (record == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      if ((!keep_hidden && table->row_hidden && record->row_category == CT_CATEGORY_INVALID)
          || (hide && limited != NULL && g_hash_table_contains (limited, &record->id)))
        ct_record_unref (record);
      else
        g_ptr_array_add (records, record);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * _ct_session_read_rows:
 * @where_field: (nullable): the rows whose @where_field is @value, or
 *   the row whose id is @value when %NULL
 * @read: (inout): the categories decrypted, added to
 *
 * The rows as ct_session_get() and ct_session_list() read them, unlogged:
 * the caller logs @read (_ct_session_log_read(), _ct_session_log_list_read())
 * before it hands any of them out.
 */
GPtrArray *
_ct_session_read_rows (CtSession     *self,
                       const CtTable *table,
                       const char    *where_field,
                       gint64         value,
                       guint         *read,
                       GError       **error)
{
  return _ct_session_select_rows (self, table, where_field, value, FALSE, NULL, FALSE, read,
                                  error);
}

typedef struct
{
  const CtTable  *table;
  gint64          id;
  guint           categories;
  const char     *purpose;
  CtAuditSubject *subject;  /* NULL: worked out from the row */
} ReadLog;

static gboolean
log_read (CtSession *self,
          gpointer   data,
          GError   **error)
{
  ReadLog *log = data;

  if (log->subject != NULL)
    return _ct_audit_append_subject (self, CT_AUDIT_READ, log->table->name, log->id,
                                     log->subject, log->categories, log->purpose, FALSE, error);
  return _ct_audit_append (self, CT_AUDIT_READ, log->table->name, log->id, log->categories,
                           log->purpose, FALSE, error);
}

static gboolean defer_list_read (CtSession     *self,
                                 const CtTable *table,
                                 const char    *where_field,
                                 gint64         value,
                                 guint          categories,
                                 GError       **error);

/* A list's read, logged like _ct_session_log_read() with the set of
 * households of the rows it covers (those whose @where_field is @value,
 * or all): one entry however many households. */
gboolean
_ct_session_log_list_read (CtSession     *self,
                           const CtTable *table,
                           const char    *where_field,
                           gint64         value,
                           guint          categories,
                           GError       **error)
{
  CtAuditSubject subject = { 0 };
  ReadLog log = { table, where_field != NULL ? value : 0, _ct_session_audit_mask (categories),
                  "list", &subject };
  gboolean ok;

  if (log.categories == 0)
    return TRUE;
  if (self->deferred_reads != NULL)
    return defer_list_read (self, table, where_field, value, categories, error);
  if (!ct_session_check_file (self, error))
    return FALSE;
  subject.households = _ct_audit_households_of_rows (self, table->name, where_field, value,
                                                     error);
  if (subject.households == NULL)
    return FALSE;
  ok = _ct_session_with_transaction (self, log_read, &log, error);
  g_array_unref (subject.households);
  return ok;
}

/**
 * _ct_session_log_reads:
 * @reads: (element-type CtDeferredRead): reads kept while they were made
 *
 * Logs each read of @reads as its own scan or ct_session_get() would have,
 * in the caller's transaction.
 */
gboolean
_ct_session_log_reads (CtSession *self,
                       gpointer   data,
                       GError   **error)
{
  GArray *reads = data;

  for (guint i = 0; i < reads->len; i++)
    {
      CtDeferredRead *read = &g_array_index (reads, CtDeferredRead, i);
      CtAuditSubject subject = { 0, 0, read->households };
      ReadLog log = { read->table, 0, read->categories, "list", &subject };

      /* One row: its household worked out from the row, as in the session. */
      if (read->purpose != NULL)
        log = (ReadLog) { read->table, read->id, read->categories, read->purpose, NULL };
      if (!log_read (self, &log, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ct_session_log_deferred:
 * @reader: a reader of @self (_ct_session_new_reader()) whose scans are
 *   done
 *
 * Logs in @self, in one transaction, every list read @reader made, each
 * entry as its own scan would have written it. Until this succeeds,
 * nothing @reader read may be handed out.
 */
gboolean
_ct_session_log_deferred (CtSession *self,
                          CtSession *reader,
                          GError   **error)
{
  g_return_val_if_fail (reader->deferred_reads != NULL, FALSE);

  if (reader->deferred_reads->len == 0)
    return TRUE;
  if (!ct_session_check_file (self, error))
    return FALSE;
  return _ct_session_with_transaction (self, _ct_session_log_reads, reader->deferred_reads,
                                       error);
}

/* A reader's list read: kept for its owner to log (_ct_session_log_deferred()). */
static gboolean
defer_list_read (CtSession     *self,
                 const CtTable *table,
                 const char    *where_field,
                 gint64         value,
                 guint          categories,
                 GError       **error)
{
  CtDeferredRead read = { table, _ct_session_audit_mask (categories), NULL };

  read.households = _ct_audit_households_of_rows (self, table->name, where_field, value, error);
  if (read.households == NULL)
    return FALSE;
  g_array_append_val (self->deferred_reads, read);
  return TRUE;
}

/* Reads of non-general categories are logged; a read whose log entry
 * cannot be written is refused. */
gboolean
_ct_session_log_read (CtSession     *self,
                      const CtTable *table,
                      gint64         id,
                      guint          categories,
                      const char    *purpose,
                      GError       **error)
{
  ReadLog log = { table, id, _ct_session_audit_mask (categories), purpose, NULL };

  if (log.categories == 0)
    return TRUE;
  /* A reader keeps it for its owner to log (_ct_session_log_deferred()). */
  if (self->deferred_reads != NULL)
    {
      CtDeferredRead read = { table, log.categories, NULL, id, purpose };

      g_array_append_val (self->deferred_reads, read);
      return TRUE;
    }
  if (!ct_session_check_file (self, error))
    return FALSE;
  return _ct_session_with_transaction (self, log_read, &log, error);
}

/**
 * ct_session_get:
 *
 * Returns: (transfer full): one record as this member sees it, or %NULL
 *   with %CT_ERROR_NOT_FOUND
 */
CtRecord *
ct_session_get (CtSession  *self,
                const char *table,
                gint64      id,
                GError    **error)
{
  const CtTable *t = ct_schema_get_table (table);
  g_autoptr(GPtrArray) rows = NULL;
  guint read = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (t != NULL, NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (id <= 0
      || (rows = _ct_session_select_rows (self, t, NULL, id, FALSE, NULL, FALSE, &read,
                                          error)) == NULL)
    {
      if (id <= 0)
        g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return NULL;
    }

  if (rows->len == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return NULL;
    }

  if (!_ct_session_log_read (self, t, id, read, "view", error))
    return NULL;
  return ct_record_ref (g_ptr_array_index (rows, 0));
}

typedef struct
{
  const char *table;
  gint64      id;
  CtRecord   *record;  /* what it read, until the worker returns it */
} GetRead;

/* In the reader's read transaction: ct_session_get() itself, whose entry
 * the reader keeps for its owner to log (_ct_session_log_read()). */
static gboolean
get_row (CtSession *reader,
         gpointer   data,
         GError   **error)
{
  GetRead *get = data;

  return (get->record = ct_session_get (reader, get->table, get->id, error)) != NULL;
}

/* In the worker, with a reader: in a read transaction of its own
 * (_ct_session_read_batch()), which waits for the writes queued before
 * it. */
static gpointer
get_thread (CtSession    *reader,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  GetRead *get = data;

  if (!_ct_session_read_batch (reader, get_row, get, error))
    {
      g_clear_pointer (&get->record, ct_record_unref);
      return NULL;
    }
  return g_steal_pointer (&get->record);
}

static void
get_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  CtRecord *record;

  if ((record = ct_session_read_finish (CT_SESSION (source), result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, record, (GDestroyNotify) ct_record_unref);
}

/**
 * ct_session_get_async:
 *
 * ct_session_get() off the caller's thread: the row is read and decrypted
 * in a worker through a reader of @self (ct_session_read_async()), with
 * the same categories and involvement, and its log entry, the one
 * ct_session_get() writes, is written in @self's thread through its write
 * queue before the record is handed out. A write queued before it is done
 * before it reads. Call it in @self's thread while it is in no
 * transaction.
 */
void
ct_session_get_async (CtSession           *self,
                      const char          *table,
                      gint64               id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  const CtTable *t = ct_schema_get_table (table);
  GTask *task;
  GetRead *get;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (t != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_get_async);
  get = g_new0 (GetRead, 1);
  get->table = t->name;  /* static, as the schema is */
  get->id = id;
  g_task_set_task_data (task, get, g_free);
  ct_session_read_async (self, get_thread, get, (GDestroyNotify) ct_record_unref, cancellable,
                         get_read_cb, task);
}

/**
 * ct_session_get_finish:
 *
 * Returns: (transfer full): the record, or %NULL with @error set as
 *   ct_session_get() sets it (%CT_ERROR_NOT_FOUND), or
 *   %G_IO_ERROR_CANCELLED
 */
CtRecord *
ct_session_get_finish (CtSession     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static GPtrArray *
list_rows (CtSession          *self,
           const char         *table,
           const char         *parent_field,
           gint64              parent_id,
           gboolean            first_per_parent,
           const char * const *fields,
           GError            **error)
{
  const CtTable *t = ct_schema_get_table (table);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree guint8 *wanted = NULL;
  guint read = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (t != NULL, NULL);
  g_return_val_if_fail (parent_field == NULL || ct_table_get_field (t, parent_field) != NULL, NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (fields != NULL)
    {
      wanted = g_new0 (guint8, t->n_fields);
      for (guint i = 0; fields[i] != NULL; i++)
        {
          int index = ct_table_get_field_index (t, fields[i]);

          g_return_val_if_fail (index >= 0, NULL);
          wanted[index] = TRUE;
        }
    }

  rows = _ct_session_select_rows (self, t, parent_field, parent_field != NULL ? parent_id : 0,
                                  first_per_parent && t->parent_field != NULL, wanted, FALSE,
                                  &read, error);
  if (rows == NULL
      || !_ct_session_log_list_read (self, t, parent_field, parent_id, read, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/**
 * ct_session_list:
 * @parent_field: (nullable): list the rows whose @parent_field is
 *   @parent_id, or every row when %NULL
 *
 * One log entry covers the whole list.
 *
 * Returns: (transfer full) (element-type CtRecord): the records in id order
 */
GPtrArray *
ct_session_list (CtSession  *self,
                 const char *table,
                 const char *parent_field,
                 gint64      parent_id,
                 GError    **error)
{
  return list_rows (self, table, parent_field, parent_id, FALSE, NULL, error);
}

/**
 * ct_session_list_fields:
 * @fields: the non-general fields to decrypt, %NULL-terminated
 *
 * Like ct_session_list(), for list views that show a few columns of many
 * rows: only the named fields of non-general categories are decrypted
 * (and logged); the others are not loaded (ct_record_is_loaded()). General
 * fields are always there.
 */
GPtrArray *
ct_session_list_fields (CtSession          *self,
                        const char         *table,
                        const char         *parent_field,
                        gint64              parent_id,
                        const char * const *fields,
                        GError            **error)
{
  g_return_val_if_fail (fields != NULL, NULL);

  return list_rows (self, table, parent_field, parent_id, FALSE, fields, error);
}

/**
 * ct_session_list_first_fields:
 * @fields: the non-general fields to decrypt, %NULL-terminated
 *
 * Like ct_session_list_fields() over the whole table, but only the first
 * row of every parent: the first person of each household, for a list
 * that shows one name per case.
 */
GPtrArray *
ct_session_list_first_fields (CtSession          *self,
                              const char         *table,
                              const char * const *fields,
                              GError            **error)
{
  g_return_val_if_fail (fields != NULL, NULL);

  return list_rows (self, table, NULL, 0, TRUE, fields, error);
}

/**
 * ct_session_list_overdue_households:
 * @today: YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type gint64): the households with an
 *   open action past its due date
 */
GArray *
ct_session_list_overdue_households (CtSession  *self,
                                    const char *today,
                                    GError    **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  return ct_store_overdue_households (self->db, today, error);
}
