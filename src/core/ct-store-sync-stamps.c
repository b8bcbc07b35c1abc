/* ct-store-sync-stamps.c — SQL of sync's per-row state
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Of migration 13's tables (docs/sync-files.md), those about one row of the
 * team's own tables: the stamp of each field's value (sync_stamps, the
 * director history's "director:" entries among them), the values kept
 * as conflicts (sync_conflicts) and the rows deleted (sync_tombstones).
 * Each function runs in the caller's transaction; every value is bound.
 * The other sync tables are in ct-store-sync.c. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <string.h>

#include "ct-store-sync-private.h"

/* A stamp in two columns or parameters: its hlc at @index, its device
 * after it. */
static void
bind_stamp (sqlite3_stmt      *stmt,
            int                index,
            const CtSyncStamp *stamp)
{
  sqlite3_bind_int64 (stmt, index, (gint64) stamp->hlc);
  _ct_store_sync_bind_device (stmt, index + 1, stamp->device);
}

static void
read_stamp (sqlite3_stmt *stmt,
            int           column,
            CtSyncStamp  *stamp)
{
  stamp->hlc = (guint64) sqlite3_column_int64 (stmt, column);
  _ct_store_sync_read_device (stmt, column + 1, stamp->device);
}

static void
clear_conflict (gpointer data)
{
  ct_store_value_clear (&((CtStoreConflict *) data)->value);
}

/* The rows of @stmt, columns hlc and device, as CtSyncStamp; with
 * @values, column value too, as CtStoreConflict. NULL with @error set
 * when a step fails. */
static GArray *
read_stamps (sqlite3      *db,
             sqlite3_stmt *stmt,
             gboolean      values,
             GError      **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, values ? sizeof (CtStoreConflict)
                                                            : sizeof (CtSyncStamp));
  int found;

  if (values)
    g_array_set_clear_func (rows, clear_conflict);
  while ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      CtStoreConflict row;

      read_stamp (stmt, 0, &row.stamp);
      if (values)
        _ct_store_sync_read_value (stmt, 2, &row.value);
      /* Without values, only the stamp, the struct's first member. */
      g_array_append_vals (rows, &row, 1);
    }
  return found < 0 ? NULL : g_steal_pointer (&rows);
}

/* @sql about one row of sync's own tables: @table at ?1, @row_id at ?2. */
static CtStmt *
prepare_row (sqlite3    *db,
             const char *sql,
             const char *table,
             gint64      row_id,
             GError    **error)
{
  CtStmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return stmt;
}

/* The same, and @field at ?3. */
static CtStmt *
prepare_field (sqlite3    *db,
               const char *sql,
               const char *table,
               gint64      row_id,
               const char *field,
               GError    **error)
{
  CtStmt *stmt = prepare_row (db, sql, table, row_id, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  return stmt;
}

/* The rows of @sql, prepared as prepare_field() does, as read_stamps()
 * reads them. */
static GArray *
field_stamps (sqlite3    *db,
              const char *sql,
              const char *table,
              gint64      row_id,
              const char *field,
              gboolean    values,
              GError    **error)
{
  g_autoptr(CtStmt) stmt = prepare_field (db, sql, table, row_id, field, error);

  return stmt != NULL ? read_stamps (db, stmt, values, error) : NULL;
}

/* Runs @sql, which writes a field's entry: the field as prepare_field()
 * binds it, then @stamp (unless %NULL) at ?4 and ?5, @value (unless %NULL)
 * at ?6. */
static gboolean
write_field (sqlite3            *db,
             const char         *sql,
             const char         *table,
             gint64              row_id,
             const char         *field,
             const CtSyncStamp  *stamp,
             const CtStoreValue *value,
             GError            **error)
{
  g_autoptr(CtStmt) stmt = prepare_field (db, sql, table, row_id, field, error);

  if (stmt == NULL)
    return FALSE;
  if (stamp != NULL)
    bind_stamp (stmt, 4, stamp);
  if (value != NULL)
    ct_store_bind_value (stmt, 6, value);
  return ct_store_step_done (db, stmt, error);
}

/* The stamp of a field's value; hlc 0 when it has none (a value from
 * before sync, seen by every change). */
gboolean
ct_store_sync_stamp_get (sqlite3     *db,
                         const char  *table,
                         gint64       row_id,
                         const char  *field,
                         CtSyncStamp *stamp,
                         GError     **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT hlc, device FROM sync_stamps WHERE tbl = ?1 AND row_id = ?2 "
                       "AND field = ?3", table, row_id, field, error);
  int found;

  memset (stamp, 0, sizeof *stamp);
  if (stmt == NULL || (found = _ct_store_sync_step_row (db, stmt, error)) < 0)
    return FALSE;
  if (found)
    read_stamp (stmt, 0, stamp);
  return TRUE;
}

gboolean
ct_store_sync_stamp_put (sqlite3           *db,
                         const char        *table,
                         gint64             row_id,
                         const char        *field,
                         const CtSyncStamp *stamp,
                         GError           **error)
{
  return write_field (db, "INSERT OR REPLACE INTO sync_stamps (tbl, row_id, field, hlc, device) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)", table, row_id, field, stamp, NULL,
                      error);
}

/* The stamps of a field's conflicts, as CtSyncStamp. */
GArray *
ct_store_sync_conflict_stamps (sqlite3    *db,
                               const char *table,
                               gint64      row_id,
                               const char *field,
                               GError    **error)
{
  return field_stamps (db, "SELECT hlc, device FROM sync_conflicts WHERE tbl = ?1 AND "
                           "row_id = ?2 AND field = ?3", table, row_id, field, FALSE, error);
}

/* A field's conflicts, as CtStoreConflict (the stamp and the value as
 * kept: a category's field sealed), in stamp order. */
GArray *
ct_store_sync_conflict_values (sqlite3    *db,
                               const char *table,
                               gint64      row_id,
                               const char *field,
                               GError    **error)
{
  return field_stamps (db, "SELECT hlc, device, value FROM sync_conflicts WHERE tbl = ?1 AND "
                           "row_id = ?2 AND field = ?3 ORDER BY hlc, device", table, row_id,
                       field, TRUE, error);
}

gboolean
ct_store_sync_conflict_add (sqlite3            *db,
                            const char         *table,
                            gint64              row_id,
                            const char         *field,
                            const CtSyncStamp  *stamp,
                            const CtStoreValue *value,
                            GError            **error)
{
  return write_field (db, "INSERT OR REPLACE INTO sync_conflicts (tbl, row_id, field, hlc, "
                          "device, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", table, row_id, field,
                      stamp, value, error);
}

/* Returns: 1 when the field already keeps @value as a conflict (under any
 * stamp), 0 when not, -1 on error. A merge asks it, so that merging a copy
 * again neither keeps nor counts the same value twice. */
int
ct_store_sync_conflict_has_value (sqlite3            *db,
                                  const char         *table,
                                  gint64              row_id,
                                  const char         *field,
                                  const CtStoreValue *value,
                                  GError            **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT 1 FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND "
                       "field = ?3 AND value IS ?4 LIMIT 1", table, row_id, field, error);

  if (stmt == NULL)
    return -1;
  ct_store_bind_value (stmt, 4, value);
  return _ct_store_sync_step_row (db, stmt, error);
}

/* @stamp %NULL: every conflict of the field. */
gboolean
ct_store_sync_conflict_drop (sqlite3           *db,
                             const char        *table,
                             gint64             row_id,
                             const char        *field,
                             const CtSyncStamp *stamp,
                             GError           **error)
{
  return write_field (db, stamp != NULL
                            ? "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND "
                              "field = ?3 AND hlc = ?4 AND device = ?5"
                            : "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND "
                              "field = ?3", table, row_id, field, stamp, NULL, error);
}

/* Columns: field, hlc, value, device; in field and stamp order. */
sqlite3_stmt *
ct_store_sync_conflicts_of_row (sqlite3    *db,
                                const char *table,
                                gint64      row_id,
                                GError    **error)
{
  return prepare_row (db, "SELECT field, hlc, value, device FROM sync_conflicts WHERE "
                          "tbl = ?1 AND row_id = ?2 ORDER BY field, hlc, device", table, row_id,
                      error);
}

/* The stamps of a row's entries whose field name starts with @prefix
 * (a purge's, "purge:..."; a signed row's; a case's directors,
 * "director:..."), as CtSyncStamp; with @names, each one's name after
 * @prefix appended to it. */
GArray *
ct_store_sync_stamps_with_prefix (sqlite3    *db,
                                  const char *table,
                                  gint64      row_id,
                                  const char *prefix,
                                  GPtrArray  *names,
                                  GError    **error)
{
  g_autofree char *like = g_strconcat (prefix, "%", NULL);
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT hlc, device, substr (field, ?4) FROM sync_stamps WHERE "
                       "tbl = ?1 AND row_id = ?2 AND field LIKE ?3", table, row_id, like, error);
  g_autoptr(GArray) stamps = g_array_new (FALSE, TRUE, sizeof (CtSyncStamp));
  int found;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 4, (int) strlen (prefix) + 1);
  while ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      CtSyncStamp stamp;

      read_stamp (stmt, 0, &stamp);
      g_array_append_val (stamps, stamp);
      if (names != NULL)
        g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  return found < 0 ? NULL : g_steal_pointer (&stamps);
}

/* Drops the conflicts, and the values not kept (sync_unkept), of rows
 * that are gone: a delete's cascade (an erasure) takes the children's
 * rows, and their kept values must go with them. Table names come from
 * the schema's registry. */
gboolean
ct_store_sync_forget_orphans (sqlite3 *db,
                              GError **error)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      /* Per conflict of the table, one look-up by the rows' primary key. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM sync_conflicts WHERE tbl = '%s' AND "
                                              "NOT EXISTS (SELECT 1 FROM %s x WHERE x.id = "
                                              "sync_conflicts.row_id)",
                                              tables[t]->name, tables[t]->name);

      g_autofree char *unkept = g_strdup_printf ("DELETE FROM sync_unkept WHERE tbl = '%s' AND "
                                                 "NOT EXISTS (SELECT 1 FROM %s x WHERE x.id = "
                                                 "sync_unkept.row_id)",
                                                 tables[t]->name, tables[t]->name);

      if (!ct_store_exec (db, sql, error) || !ct_store_exec (db, unkept, error))
        return FALSE;
    }
  return TRUE;
}

/* A deleted row's stamps, conflicts and values not kept. */
gboolean
ct_store_sync_forget_row (sqlite3    *db,
                          const char *table,
                          gint64      row_id,
                          GError    **error)
{
  static const char * const sql[] = {
    "DELETE FROM sync_stamps WHERE tbl = ?1 AND row_id = ?2",
    "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2",
    "DELETE FROM sync_unkept WHERE tbl = ?1 AND row_id = ?2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CtStmt) stmt = prepare_row (db, sql[i], table, row_id, error);

      if (stmt == NULL || !ct_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ct_store_sync_tombstone_add (sqlite3    *db,
                             const char *table,
                             gint64      row_id,
                             GError    **error)
{
  g_autoptr(CtStmt) stmt = prepare_row (db, "INSERT OR IGNORE INTO sync_tombstones (tbl, row_id) "
                                            "VALUES (?1, ?2)", table, row_id, error);

  return stmt != NULL && ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_is_tombstone (sqlite3    *db,
                            const char *table,
                            gint64      row_id)
{
  g_autoptr(CtStmt) stmt = prepare_row (db, "SELECT 1 FROM sync_tombstones WHERE tbl = ?1 AND "
                                            "row_id = ?2", table, row_id, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}
