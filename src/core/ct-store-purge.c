/* ct-store-purge.c — SQL of retention: the cases whose terms may have
 * ended, and anonymising one household in place
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a purge keeps and removes is decided per field from the schema
 * (docs/retention.md), so a field added later is removed unless it is
 * named here as kept. Statements are built from the static registry of
 * ct-schema.c (table and column names, never input); every value is
 * bound. Nothing is decrypted: ciphertext is overwritten whether or not
 * the purging member holds its key. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <string.h>

#include "ct-store.h"

/* General fields of free text a purge keeps: they name no one. */
static const char * const kept_text[] = {
  "households.area",    /* the team's own area, what the evaluator counts by */
  "cases.number",       /* the team's own number, unique and required */
  "organisations.name", /* an organisation, not a person; its rows keep their costs */
  NULL,
};

/* Fields of a category a purge keeps: the evaluator's figures (ZRM scores)
 * and an organisation's involvement and cost. Everything else of a
 * category is removed. */
static const char * const kept_sealed[] = {
  "zrm.*",
  "organisations.type",
  "organisations.since",
  "organisations.until",
  "organisations.yearly_cost_cents",
  "organisations.row_category",
  /* A consent's category is sealed as a row category (docs/categories.md);
   * consents stay whole, sealed as they were (docs/retention.md). */
  "consents.category",
  "consents.row_category",
  NULL,
};

static gboolean
is_listed (const char * const *list,
           const CtTable      *table,
           const CtField      *field)
{
  g_autofree char *name = g_strconcat (table->name, ".", field->name, NULL);
  g_autofree char *all = g_strconcat (table->name, ".*", NULL);

  return g_strv_contains (list, name) || g_strv_contains (list, all);
}

static gboolean
is_text (const CtField *field)
{
  return field->type == CT_FIELD_TEXT || field->type == CT_FIELD_LINE;
}

/* The SET clause for one field, or %NULL when the purge keeps it. A row
 * of a category is made general: its sealed values go, a required one
 * becomes the empty text a general row may hold. Consents and ZRM rows
 * keep all their fields. */
static char *
purge_assignment (const CtTable *table,
                  const CtField *field)
{
  const char *empty = field->required ? "''" : "NULL";

  if (field->type == CT_FIELD_REF || field->type == CT_FIELD_MEMBER)
    return NULL;
  if (field->by_row && !is_listed (kept_sealed, table, field))
    {
      if (g_str_equal (field->name, "row_category"))
        return g_strdup ("row_category = NULL");
      if (is_text (field))
        return g_strdup_printf ("%s = %s", field->name, empty);
      /* A general row's enums, dates and numbers name no one. */
      return g_strdup_printf ("%s = CASE WHEN row_category IS NULL THEN %s ELSE %s END",
                              field->name, field->name, empty);
    }
  if (field->by_row)
    return NULL;
  /* A column of a category holds ciphertext or NULL, never text. */
  if (field->category != CT_CATEGORY_GENERAL && !is_listed (kept_sealed, table, field))
    return g_strdup_printf ("%s = NULL", field->name);
  if (field->category == CT_CATEGORY_GENERAL && is_text (field)
      && !is_listed (kept_text, table, field))
    return g_strdup_printf ("%s = %s", field->name, empty);
  return NULL;
}

/* The rows of @table that belong to household ?1, or %NULL when its rows
 * belong to no household (meetings, budget periods, areas). */
static const char *
household_condition (const CtTable *table)
{
  if (g_str_equal (table->name, "households"))
    return "id = ?1";
  if (ct_table_get_field (table, "household_id") != NULL)
    return "household_id = ?1";
  if (ct_table_get_field (table, "case_id") != NULL)
    return "case_id IN (SELECT id FROM cases WHERE household_id = ?1)";
  return NULL;
}

/**
 * ct_store_purge_value:
 * @field: the index of a field of @table
 * @value: (inout): a value of the field, as a captured change holds it
 *
 * What a purge leaves of @value, decided as purge_assignment() decides
 * it: a change captured before its household's purge and not yet sent
 * carries this instead (docs/sync-merge.md, "Writes that are not an edit").
 * A value of a by-row field is sealed (a blob) exactly when its row has
 * a category, the case in which the purge removes it.
 *
 * Returns: whether the purge changes @value (%FALSE for a value that is
 *   already what a purge leaves)
 */
gboolean
ct_store_purge_value (const CtTable *table,
                      guint          field,
                      CtStoreValue  *value)
{
  const CtField *f = &table->fields[field];
  gboolean removed, empty;

  if (f->type == CT_FIELD_REF || f->type == CT_FIELD_MEMBER)
    return FALSE;
  if (f->by_row)
    removed = !is_listed (kept_sealed, table, f)
              && (g_str_equal (f->name, "row_category") || is_text (f)
                  || value->type == SQLITE_BLOB);
  else if (f->category != CT_CATEGORY_GENERAL)
    removed = !is_listed (kept_sealed, table, f);
  else
    removed = is_text (f) && !is_listed (kept_text, table, f);
  if (!removed)
    return FALSE;

  /* As purge_assignment(): NULL, or the empty text a required field holds;
   * row_category and a column of a category always NULL. */
  empty = f->required && !g_str_equal (f->name, "row_category")
          && (f->by_row || f->category == CT_CATEGORY_GENERAL);
  if (empty ? value->type == SQLITE_TEXT && value->text[0] == '\0'
            : value->type == SQLITE_NULL)
    return FALSE;
  if (value->type == SQLITE_TEXT)
    g_free ((char *) value->text);
  g_clear_pointer (&value->blob, g_bytes_unref);
  memset (value, 0, sizeof *value);
  value->type = empty ? SQLITE_TEXT : SQLITE_NULL;
  value->text = empty ? g_strdup ("") : NULL;
  return TRUE;
}

static char *
purge_statement (const CtTable *table)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *condition = household_condition (table);

  if (condition == NULL)
    return NULL;

  for (guint i = 0; i < table->n_fields; i++)
    {
      g_autofree char *assignment = purge_assignment (table, &table->fields[i]);

      if (assignment != NULL)
        g_string_append_printf (sql, "%s%s", sql->len == 0 ? "" : ", ", assignment);
    }
  if (g_str_equal (table->name, "households"))
    g_string_append_printf (sql, "%spurged_on = ?2", sql->len == 0 ? "" : ", ");
  if (sql->len == 0)
    return NULL;  /* the purge keeps all of it (consents, ZRM) */

  g_string_prepend (sql, " SET ");
  g_string_prepend (sql, table->name);
  g_string_prepend (sql, "UPDATE ");
  g_string_append_printf (sql, " WHERE %s", condition);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/**
 * ct_store_secure_delete_is_on:
 *
 * Whether SQLite overwrites what it frees (deleted rows, the old value of
 * an updated row, free pages) with zeros on this connection. A purge is
 * refused without it.
 */
gboolean
ct_store_secure_delete_is_on (sqlite3 *db)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "PRAGMA secure_delete", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
}

/* A break of the glass and a restriction of processing hold free text
 * about the household; its identity goes, so they go too
 * (ct-session-involvement.c, ct-session-restrict.c). */
static gboolean
delete_household_rows (sqlite3    *db,
                       const char *table,
                       gint64      household_id,
                       guint      *n_rows,
                       GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE household_id = ?1", table);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, household_id);
  if (!ct_store_step_done (db, stmt, error))
    return FALSE;
  *n_rows += (guint) sqlite3_changes (db);
  return TRUE;
}

/**
 * ct_store_purge_household:
 * @today: the day of the purge, YYYY-MM-DD, kept in households.purged_on
 * @n_rows: (inout): increased by the rows changed
 *
 * Anonymises one household in place (docs/retention.md). Call it inside
 * a transaction.
 */
gboolean
ct_store_purge_household (sqlite3    *db,
                          gint64      household_id,
                          const char *today,
                          guint      *n_rows,
                          GError    **error)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autofree char *sql = purge_statement (tables[t]);
      g_autoptr(CtStmt) stmt = NULL;

      if (sql == NULL)
        continue;
      if ((stmt = ct_store_prepare (db, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, household_id);
      if (g_str_equal (tables[t]->name, "households"))
        sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
      if (!ct_store_step_done (db, stmt, error))
        return FALSE;
      *n_rows += (guint) sqlite3_changes (db);
    }
  /* A sync conflict keeps another laptop's value of a field, and
   * sync_unkept this laptop's values a sync could not keep: the purge
   * takes those of the household's rows along (docs/sync-merge.md,
   * "Edits not kept"). */
  for (guint t = 0; t < n_tables; t++)
    for (guint k = 0; k < 2; k++)
      {
        const char *condition = household_condition (tables[t]);
        g_autofree char *sql = NULL;
        g_autoptr(CtStmt) stmt = NULL;

        if (condition == NULL)
          continue;
        sql = g_strdup_printf ("DELETE FROM %s WHERE tbl = '%s' AND row_id IN "
                               "(SELECT id FROM %s WHERE %s)",
                               k == 0 ? "sync_conflicts" : "sync_unkept", tables[t]->name,
                               tables[t]->name, condition);
        if ((stmt = ct_store_prepare (db, sql, error)) == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, household_id);
        if (!ct_store_step_done (db, stmt, error))
          return FALSE;
      }
  return delete_household_rows (db, "break_glass", household_id, n_rows, error)
         && ct_store_delete_involvement (db, household_id, NULL, n_rows, error)
         && delete_household_rows (db, "restrictions", household_id, n_rows, error);
}

/**
 * ct_store_retention_cases:
 *
 * Every case of a household that was not purged yet, as general fields
 * only (nothing is decrypted): household id, case number, status,
 * outcome, closing date, retention term; ordered by household.
 *
 * Returns: (transfer full): a statement the caller steps
 */
sqlite3_stmt *
ct_store_retention_cases (sqlite3 *db,
                          GError **error)
{
  return ct_store_prepare (db,
                           "SELECT c.household_id, c.number, c.status, c.outcome, c.closed_on, "
                           "c.retention FROM cases c JOIN households h ON h.id = c.household_id "
                           "WHERE h.purged_on IS NULL ORDER BY c.household_id, c.id",
                           error);
}

/**
 * ct_store_count_household_rows:
 * @counts: (out caller-allocates): per table of ct_schema_get_tables(), the
 *   rows that belong to the household
 *
 * What erasing a household would delete, for its preview.
 */
gboolean
ct_store_count_household_rows (sqlite3 *db,
                               gint64   household_id,
                               guint   *counts,
                               GError **error)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      const char *condition = household_condition (tables[t]);
      g_autofree char *sql = NULL;
      g_autoptr(CtStmt) stmt = NULL;
      int rc;

      counts[t] = 0;
      if (condition == NULL)
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", tables[t]->name, condition);
      if ((stmt = ct_store_prepare (db, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, household_id);
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        return ct_store_set_error (db, rc, error);
      counts[t] = (guint) sqlite3_column_int (stmt, 0);
    }
  return TRUE;
}

/* The household of person @person_id, or 0 when there is no such person. */
gint64
ct_store_person_household (sqlite3 *db,
                           gint64   person_id)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT household_id FROM persons WHERE id = ?1",
                                             NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, person_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}
