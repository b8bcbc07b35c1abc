/* ct-store-sync-unkept.c — SQL of the edits a sync could not keep
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Migration 26's sync_unkept: this laptop's own values that a sync, or a
 * merge, could not keep, for their author to make again
 * (docs/sync-merge.md, "Edits not kept"). The table is local: no change
 * file, snapshot, merge or export carries it. Each value is kept as its
 * column held it, a category's field sealed under that category's key;
 * the session opens it for a member who may read it. Each function runs
 * in the caller's transaction; every value is bound. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include "ct-clock.h"
#include "ct-schema.h"
#include "ct-store-sync-private.h"

static const char * const reasons[] = {
  [CT_UNKEPT_CATEGORY] = "category",
  [CT_UNKEPT_CONFLICT] = "conflict",
  [CT_UNKEPT_LOST] = "lost",
  [CT_UNKEPT_MERGE] = "merge",
};

/**
 * ct_store_unkept_put:
 * @table: the name of the row's table (of the schema's registry)
 * @row_id: the row
 * @field: the name of the field
 * @value: the value exactly as the field's column held it (a by-row or
 *   category field's ciphertext, not opened); %SQLITE_NULL is not kept
 * @hlc: the stamp of the edit that wrote the value, 0 when not known
 * @reason: why it was not kept
 * @id: (out) (optional): the entry's id, 0 when nothing was kept
 *
 * Keeps one value of this laptop's own that a sync or merge could not
 * keep, with the time now (the injectable clock), for its author to see
 * on the Synchronisation page and make again. The value is never opened
 * here: only the session shows it, to a member who may read it.
 */
gboolean
ct_store_unkept_put (sqlite3            *db,
                     const char         *table,
                     gint64              row_id,
                     const char         *field,
                     const CtStoreValue *value,
                     guint64             hlc,
                     CtUnkeptReason      reason,
                     gint64             *id,
                     GError            **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  g_autofree char *at = NULL;

  if (id != NULL)
    *id = 0;
  if (value->type == SQLITE_NULL)
    return TRUE;
  stmt = ct_store_prepare (db, "INSERT INTO sync_unkept (tbl, row_id, field, value, hlc, at, "
                               "reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  at = ct_clock_now_text ();
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row_id);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  ct_store_bind_value (stmt, 4, value);
  sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
  sqlite3_bind_text (stmt, 6, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, reasons[reason], -1, SQLITE_STATIC);
  if (!ct_store_step_done (db, stmt, error))
    return FALSE;
  if (id != NULL)
    *id = sqlite3_last_insert_rowid (db);
  return TRUE;
}

/**
 * ct_store_unkept_put_column:
 *
 * Like ct_store_unkept_put(), with the value the row's column holds now
 * (read before a change overwrites it). Nothing is kept when the row is
 * gone or the column is empty.
 */
gboolean
ct_store_unkept_put_column (sqlite3        *db,
                            const CtTable  *table,
                            gint64          row_id,
                            const CtField  *field,
                            guint64         hlc,
                            CtUnkeptReason  reason,
                            gint64         *id,
                            GError        **error)
{
  /* Names from the schema's registry, not from a file. */
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", field->name,
                                          table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);
  CtStoreValue value = { SQLITE_NULL, NULL, 0, NULL };
  gboolean ok;
  int found;

  if (id != NULL)
    *id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if ((found = _ct_store_sync_step_row (db, stmt, error)) <= 0)
    return found == 0;
  _ct_store_sync_read_value (stmt, 0, &value);
  ok = ct_store_unkept_put (db, table->name, row_id, field->name, &value, hlc, reason, id, error);
  ct_store_value_clear (&value);
  return ok;
}

/**
 * ct_store_unkept_select:
 * @table: (nullable): only the entries of rows of this table
 * @row_id: with @table, only those of this row (0: every row)
 *
 * Returns: (transfer full): a statement over the entries in the order
 *   kept; columns id, tbl, row_id, field, value, hlc, at, reason
 */
sqlite3_stmt *
ct_store_unkept_select (sqlite3    *db,
                        const char *table,
                        gint64      row_id,
                        GError    **error)
{
  sqlite3_stmt *stmt =
    ct_store_prepare (db, "SELECT id, tbl, row_id, field, value, hlc, at, reason FROM "
                          "sync_unkept WHERE (?1 IS NULL OR tbl = ?1) AND (?2 = 0 OR row_id = ?2) "
                          "ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return stmt;
}

/* Parses the reason column of ct_store_unkept_select(). */
CtUnkeptReason
ct_store_unkept_reason (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (text, reasons[i]) == 0)
      return (CtUnkeptReason) i;
  return CT_UNKEPT_CATEGORY;
}

/* Drops one entry: its author dismissed it, or made it again. */
gboolean
ct_store_unkept_drop (sqlite3 *db,
                      gint64   id,
                      GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "DELETE FROM sync_unkept WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return ct_store_step_done (db, stmt, error);
}
