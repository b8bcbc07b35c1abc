/* ct-store-data.c — SQL of the team's data rows
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Statements are built from the static registry of ct-schema.c (table and
 * column names, never input); every value is bound. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "ct-error.h"
#include "ct-store.h"

/* Binds @value (borrowed: it must outlive the statement's step). */
void
ct_store_bind_value (sqlite3_stmt       *stmt,
                     int                 index,
                     const CtStoreValue *value)
{
  gsize len;
  gconstpointer data;

  switch (value->type)
    {
    case SQLITE_INTEGER:
      sqlite3_bind_int64 (stmt, index, value->integer);
      break;
    case SQLITE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_STATIC);
      break;
    case SQLITE_BLOB:
      data = g_bytes_get_data (value->blob, &len);
      sqlite3_bind_blob (stmt, index, data, (int) len, SQLITE_STATIC);
      break;
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

static gboolean
finish (sqlite3      *db,
        sqlite3_stmt *stmt,
        GError      **error)
{
  gboolean ok = ct_store_step_done (db, stmt, error);

  sqlite3_finalize (stmt);
  return ok;
}

/* The highest id below the top whose next id is free, + 1: the next id
 * when a row holds G_MAXINT64 (merged from a copy, or forged). The
 * descending scan by id stops at the first such row. 0 when none. */
static gint64
next_below_top (sqlite3       *db,
                const CtTable *table,
                GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT a.id + 1 FROM %s AS a WHERE a.id BETWEEN 0 "
                                          "AND ?1 AND NOT EXISTS (SELECT 1 FROM %s AS b "
                                          "WHERE b.id = a.id + 1) ORDER BY a.id DESC LIMIT 1",
                                          table->name, table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, G_MAXINT64 - 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return -1;
    }
  return 0;
}

/* The next id after the highest, never 0 or below. When a row holds
 * G_MAXINT64, the next after the highest row whose next id is free, else
 * 1 if free: an id is never taken twice, and the sum never overflows. An
 * error naming the table when no id is free. */
gint64
ct_store_row_next_id (sqlite3       *db,
                      const CtTable *table,
                      GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max (id) FROM %s", table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);
  gint64 id;
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ct_store_set_error (db, rc, error);
      return -1;
    }
  if (sqlite3_column_int64 (stmt, 0) < G_MAXINT64)
    return MAX (sqlite3_column_int64 (stmt, 0), 0) + 1;

  if ((id = next_below_top (db, table, error)) != 0)
    return id;
  if (!ct_store_row_exists (db, table->name, 1))
    return 1;
  g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("No free id for a new row in “%s”."),
               table->name);
  return -1;
}

/* @values has one entry per field of @table. */
gboolean
ct_store_row_insert (sqlite3            *db,
                     const CtTable      *table,
                     gint64              id,
                     const CtStoreValue *values,
                     GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  sqlite3_stmt *stmt;

  g_string_append_printf (sql, "%s (id", table->name);
  for (guint i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, ", %s", table->fields[i].name);
  g_string_append (sql, ", created_at, updated_at) VALUES (?");
  for (guint i = 0; i < table->n_fields; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ", ct_now (), ct_now ())");

  stmt = ct_store_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  for (guint i = 0; i < table->n_fields; i++)
    ct_store_bind_value (stmt, (int) i + 2, &values[i]);
  return finish (db, stmt, error);
}

/* Only the fields with @changed set are written. */
gboolean
ct_store_row_update (sqlite3            *db,
                     const CtTable      *table,
                     gint64              id,
                     const CtStoreValue *values,
                     const guint8       *changed,
                     GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("UPDATE ");
  sqlite3_stmt *stmt;
  int index = 2;

  g_string_append_printf (sql, "%s SET updated_at = ct_now ()", table->name);
  /* Numbered: a bare "?" before "?1" in the text would itself be ?1. */
  for (guint i = 0; i < table->n_fields; i++)
    if (changed[i])
      g_string_append_printf (sql, ", %s = ?%d", table->fields[i].name, index++);
  index = 2;
  g_string_append (sql, " WHERE id = ?1");

  stmt = ct_store_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  for (guint i = 0; i < table->n_fields; i++)
    if (changed[i])
      ct_store_bind_value (stmt, index++, &values[i]);
  return finish (db, stmt, error);
}

gboolean
ct_store_row_delete (sqlite3       *db,
                     const CtTable *table,
                     gint64         id,
                     GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table->name);
  sqlite3_stmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return finish (db, stmt, error);
}

gboolean
ct_store_row_exists (sqlite3    *db,
                     const char *table,
                     gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", table);
  sqlite3_stmt *stmt = ct_store_prepare (db, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/**
 * ct_store_row_select:
 * @where_field: (nullable): a field to match, or %NULL for one row by id
 *   (@value is the id) or, with @value 0, every row
 * @first_per_parent: with neither: only the first row of each parent
 *   (the first person of every household)
 *
 * Returns: (transfer full): a statement whose columns are id, then every
 *   field of @table in order; the caller steps and finalizes it
 */
sqlite3_stmt *
ct_store_row_select (sqlite3       *db,
                     const CtTable *table,
                     const char    *where_field,
                     gint64         value,
                     gboolean       first_per_parent,
                     GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  sqlite3_stmt *stmt;

  for (guint i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, ", %s", table->fields[i].name);
  g_string_append_printf (sql, " FROM %s", table->name);
  if (where_field != NULL)
    g_string_append_printf (sql, " WHERE %s = ?1", where_field);
  else if (value != 0)
    g_string_append (sql, " WHERE id = ?1");
  else if (first_per_parent)
    g_string_append_printf (sql, " WHERE id IN (SELECT min (id) FROM %s GROUP BY %s)",
                            table->name, table->parent_field);
  g_string_append (sql, " ORDER BY id");

  stmt = ct_store_prepare (db, sql->str, error);
  if (stmt != NULL && (where_field != NULL || value != 0))
    sqlite3_bind_int64 (stmt, 1, value);
  return stmt;
}

/**
 * ct_store_fields_select:
 * @fields: indices into @table's fields
 * @first_per_parent: only the first row of each parent (the first person
 *   of every household)
 * @by_parent: in parent order, then id order, instead of id order
 *
 * Returns: (transfer full): a statement over every row of @table in id
 *   order whose columns are id, then the @fields in the order given
 */
sqlite3_stmt *
ct_store_fields_select (sqlite3       *db,
                        const CtTable *table,
                        const guint   *fields,
                        guint          n_fields,
                        gboolean       first_per_parent,
                        gboolean       by_parent,
                        GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");

  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (sql, ", %s", table->fields[fields[i]].name);
  g_string_append_printf (sql, " FROM %s", table->name);
  if (first_per_parent)
    g_string_append_printf (sql, " WHERE id IN (SELECT min (id) FROM %s GROUP BY %s)",
                            table->name, table->parent_field);
  if (by_parent)
    g_string_append_printf (sql, " ORDER BY %s, id", table->parent_field);
  else
    g_string_append (sql, " ORDER BY id");
  return ct_store_prepare (db, sql->str, error);
}

/**
 * ct_store_fields_select_by:
 * @fields: indices into @table's fields
 * @key_field: (nullable): only the rows whose @key_field is ?1, bound by
 *   the caller for each key in turn (the rows of one household)
 * @first_per_parent: with @key_field, only the first row of its parent
 * @descending: (nullable): instead of id order, every row in descending
 *   order of this field (an indexed general field: the case number)
 *
 * Like ct_store_fields_select(), for a list that reads a few households
 * or the first rows in an order instead of every row.
 *
 * Returns: (transfer full): the statement; columns as
 *   ct_store_fields_select() gives them
 */
sqlite3_stmt *
ct_store_fields_select_by (sqlite3       *db,
                           const CtTable *table,
                           const guint   *fields,
                           guint          n_fields,
                           const char    *key_field,
                           gboolean       first_per_parent,
                           const char    *descending,
                           GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");

  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (sql, ", %s", table->fields[fields[i]].name);
  g_string_append_printf (sql, " FROM %s", table->name);
  if (key_field != NULL)
    g_string_append_printf (sql, " WHERE %s = ?1", key_field);
  if (key_field != NULL && first_per_parent)
    g_string_append_printf (sql, " AND id = (SELECT min (id) FROM %s WHERE %s = ?1)",
                            table->name, key_field);
  if (descending != NULL)
    g_string_append_printf (sql, " ORDER BY %s DESC", descending);
  else
    g_string_append (sql, " ORDER BY id");
  return ct_store_prepare (db, sql->str, error);
}

/* For key rotation: one column of every row, and writing it back. */
sqlite3_stmt *
ct_store_column_select (sqlite3       *db,
                        const CtTable *table,
                        const CtField *field,
                        GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, %s FROM %s WHERE %s IS NOT NULL",
                                          field->name, table->name, field->name);

  return ct_store_prepare (db, sql, error);
}

gboolean
ct_store_column_update (sqlite3       *db,
                        const CtTable *table,
                        const CtField *field,
                        gint64         id,
                        GBytes        *blob,
                        GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?2 WHERE id = ?1", table->name,
                                          field->name);
  sqlite3_stmt *stmt = ct_store_prepare (db, sql, error);
  CtStoreValue value = { SQLITE_BLOB, NULL, 0, blob };

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  ct_store_bind_value (stmt, 2, &value);
  return finish (db, stmt, error);
}

/* Households with an open action past its due date (@today, YYYY-MM-DD):
 * general fields only, so nothing is decrypted. */
GArray *
ct_store_overdue_households (sqlite3    *db,
                             const char *today,
                             GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT DISTINCT household_id FROM actions WHERE status = 'open' AND "
                          "due_on IS NOT NULL AND due_on < ?1 ORDER BY household_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * ct_store_household_overdue:
 *
 * Whether @household_id has an open action past its due date (@today,
 * YYYY-MM-DD), as ct_store_overdue_households() would list it: through
 * the household's index, for a list of a few households.
 */
gboolean
ct_store_household_overdue (sqlite3     *db,
                            gint64       household_id,
                            const char  *today,
                            gboolean    *overdue,
                            GError     **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM actions WHERE household_id = ?1 AND status = 'open' "
                          "AND due_on IS NOT NULL AND due_on < ?2 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, household_id);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ct_store_set_error (db, rc, error);
  *overdue = rc == SQLITE_ROW;
  return TRUE;
}

static GArray *
collect_ids (sqlite3      *db,
             sqlite3_stmt *stmt,
             guint         n_columns,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, n_columns * sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row[2];

      for (guint i = 0; i < n_columns; i++)
        row[i] = sqlite3_column_int64 (stmt, (int) i);
      g_array_append_vals (ids, row, 1);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The cases on the agenda of the meetings that involve @member_id (of
 * every meeting for @every_agenda), sorted, each once. */
static GArray *
agenda_cases (sqlite3     *db,
              gint64       member_id,
              const char  *since,
              gboolean     every_agenda,
              GError     **error)
{
  /* Two texts rather than "?3 OR (…)": SQLite plans before it binds, and
   * with the OR it walks every agenda item of every meeting ever held.
   * CROSS JOIN keeps that order: the recent meetings first, then only
   * their agenda items (through agenda_items_meeting_id); left to itself
   * SQLite scanned every agenda item and looked each one's meeting up. */
  static const char *const sql[] = {
    "SELECT i.case_id FROM meetings m CROSS JOIN agenda_items i ON i.meeting_id = m.id "
    "WHERE m.held_on >= ?2 AND (m.chair = ?1 OR EXISTS (SELECT 1 FROM attendees t "
    "WHERE t.meeting_id = m.id AND t.member = ?1))",
    "SELECT case_id FROM agenda_items",
  };
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql[every_agenda ? 1 : 0], error);
  GArray *ids;
  guint n = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, member_id);
  if (!every_agenda)
    sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  if ((ids = collect_ids (db, stmt, 1, error)) == NULL)
    return NULL;

  g_array_sort (ids, compare_id);
  for (guint i = 0; i < ids->len; i++)
    if (n == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, n - 1))
      g_array_index (ids, gint64, n++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, n);
  return ids;
}

/* For tests: which way append_case_households() goes (-1: by how many
 * cases there are), and which way it went last. */
static gint involved_force = -1;
static gint involved_looked_up = -1;

/* Appends the household of each case of @cases not yet @found, from a
 * pass over the index on household_id, which holds every case's id; stops
 * when the pass reads more than @limit cases (-1: none), and then appends
 * nothing. Returns the cases read, or -1 with @error set. */
static gint64
pass_case_households (sqlite3      *db,
                      const GArray *cases,
                      const guint8 *found,
                      gint64        limit,
                      GArray       *out,
                      GError      **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  guint start = out->len;
  gint64 n = 0;
  int rc;

  if ((stmt = ct_store_prepare (db, "SELECT id, household_id FROM cases LIMIT ?1",
                                error)) == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, limit < 0 ? -1 : limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const gint64 *hit = bsearch (&id, cases->data, cases->len, sizeof id, compare_id);

      n++;
      if (hit != NULL && !found[hit - (const gint64 *) cases->data])
        {
          gint64 household = sqlite3_column_int64 (stmt, 1);

          g_array_append_val (out, household);
        }
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return -1;
    }
  if (limit >= 0 && n > limit)
    g_array_set_size (out, start);
  return n;
}

/* Appends the household of each case of @cases not yet @found: a lookup
 * of each case's own row when they are fewer than one in a hundred of the
 * team's cases, else one pass over the index on household_id. A case's
 * row is large and every page read is a page decrypted, so a lookup costs
 * about what a pass costs for a hundred cases.
 *
 * Decided by how many cases there are, counted by the pass itself, which
 * stops after a hundred cases per case left: then the lookups follow, and
 * the part of the pass read in vain cost about what they do. Not by
 * max (id): a synced team's new rows have random 63-bit ids (docs/sync-merge.md,
 * "Identity of rows"), so max (id) says nothing of how many there are (it
 * looked every agenda case up one by one), and ids with gaps say too many.
 * Not by count(*) first: it reads every page of the index, which a member
 * with a few agenda cases in a large team paid for nothing
 * (docs/performance.md, "The involved households: by a count"). */
static gboolean
append_case_households (sqlite3      *db,
                        const GArray *cases,
                        const guint8 *found,
                        GArray       *out,
                        GError      **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  gint64 left = 0;
  gint64 n_read;
  int force = g_atomic_int_get (&involved_force);
  int rc;

  for (guint i = 0; i < cases->len; i++)
    left += !found[i];
  if (left == 0)
    return TRUE;

  if (force != 1)
    {
      gint64 limit = force == 0 ? -1 : left * 100;

      if ((n_read = pass_case_households (db, cases, found, limit, out, error)) < 0)
        return FALSE;
      if (limit < 0 || n_read <= limit)
        {
          g_atomic_int_set (&involved_looked_up, 0);
          return TRUE;
        }
    }
  g_atomic_int_set (&involved_looked_up, 1);

  if ((stmt = ct_store_prepare (db, "SELECT household_id FROM cases WHERE id = ?1",
                                error)) == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    {
      if (found[i])
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (cases, gint64, i));
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 household = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (out, household);
        }
      else if (rc != SQLITE_DONE)
        return ct_store_set_error (db, rc, error);
    }
  return TRUE;
}

/**
 * ct_store_involved_households:
 * @since: YYYY-MM-DD: meetings held on or after it still involve their
 *   attendees and chair
 * @every_agenda: also every household on any meeting's agenda (the
 *   voorzitter's)
 *
 * The households a member is involved in through the team's own rows:
 * regisseur of one of its cases, responsible for one of its actions, or
 * at a meeting with it on the agenda (docs/security.md).
 *
 * Each part is read on its own, through the index that answers it, and
 * the household ids are not made unique here: a temporary B-tree that
 * did it (UNION) cost more than the indexes' reads at 50 000 households.
 *
 * Returns: (transfer full) (element-type gint64): the ids, a household
 *   possibly more than once
 */
GArray *
ct_store_involved_households (sqlite3     *db,
                              gint64       member_id,
                              const char  *since,
                              gboolean     every_agenda,
                              GError     **error)
{
  g_autoptr(GArray) agenda = agenda_cases (db, member_id, since, every_agenda, error);
  g_autoptr(GArray) out = NULL;
  g_autofree guint8 *found = NULL;
  g_autoptr(CtStmt) own = NULL;
  g_autoptr(CtStmt) actions = NULL;
  int rc;

  if (agenda == NULL)
    return NULL;
  found = g_new0 (guint8, MAX (agenda->len, 1));
  out = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The member's own cases: cases_regisseur holds each one's id too, so
   * an agenda case of theirs needs no lookup of its own. */
  own = ct_store_prepare (db, "SELECT id, household_id FROM cases WHERE regisseur = ?1", error);
  if (own == NULL)
    return NULL;
  sqlite3_bind_int64 (own, 1, member_id);
  while ((rc = sqlite3_step (own)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (own, 0);
      gint64 household = sqlite3_column_int64 (own, 1);
      const gint64 *hit = agenda->len > 0 ? bsearch (&id, agenda->data, agenda->len, sizeof id,
                                                      compare_id)
                                          : NULL;

      if (hit != NULL)
        found[hit - (const gint64 *) agenda->data] = 1;
      g_array_append_val (out, household);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }

  /* DISTINCT in the index's order (responsible, household_id): a
   * comparison with the row before, no temporary B-tree. */
  actions = ct_store_prepare (db, "SELECT DISTINCT household_id FROM actions "
                                  "WHERE responsible = ?1", error);
  if (actions == NULL)
    return NULL;
  sqlite3_bind_int64 (actions, 1, member_id);
  while ((rc = sqlite3_step (actions)) == SQLITE_ROW)
    {
      gint64 household = sqlite3_column_int64 (actions, 0);

      g_array_append_val (out, household);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }

  if (!append_case_households (db, agenda, found, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * ct_store_set_involved_lookups_for_testing:
 * @look_up: 1: ct_store_involved_households() looks the agenda's cases up
 *   one by one; 0: it passes over the index; -1: it decides by how many
 *   cases there are, as the product does
 *
 * For tests only: both ways give the same households.
 */
void
ct_store_set_involved_lookups_for_testing (int look_up)
{
  g_atomic_int_set (&involved_force, CLAMP (look_up, -1, 1));
}

/**
 * ct_store_get_involved_lookups_for_testing:
 *
 * For tests only: whether the last ct_store_involved_households() that had
 * agenda cases left looked them up (1) or passed over the index (0); -1
 * before any.
 */
int
ct_store_get_involved_lookups_for_testing (void)
{
  return g_atomic_int_get (&involved_looked_up);
}

/**
 * ct_store_row_households:
 * @where_field: (nullable): only the rows whose @where_field is @value;
 *   %NULL with @value > 0: the row @value; else every row
 *
 * Returns: (transfer full) (element-type CtRowHousehold): the rows of
 *   @table and their household, in no particular order (an index may
 *   answer without reading the rows); empty for a table whose rows are
 *   about no household
 */
GArray *
ct_store_row_households (sqlite3       *db,
                         const CtTable *table,
                         const char    *where_field,
                         gint64         value,
                         GError       **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(CtStmt) stmt = NULL;

  if (g_str_equal (table->name, "households"))
    g_string_append (sql, "SELECT x.id, x.id FROM households x");
  else if (ct_table_get_field (table, "household_id") != NULL)
    g_string_append_printf (sql, "SELECT x.id, x.household_id FROM %s x", table->name);
  else if (ct_table_get_field (table, "case_id") != NULL)
    g_string_append_printf (sql, "SELECT x.id, c.household_id FROM %s x "
                                 "JOIN cases c ON c.id = x.case_id", table->name);
  else
    return g_array_new (FALSE, FALSE, sizeof (CtRowHousehold));

  if (where_field != NULL)
    g_string_append_printf (sql, " WHERE x.%s = ?1", where_field);
  else if (value > 0)
    g_string_append (sql, " WHERE x.id = ?1");
  if ((stmt = ct_store_prepare (db, sql->str, error)) == NULL)
    return NULL;
  if (where_field != NULL || value > 0)
    sqlite3_bind_int64 (stmt, 1, value);
  return collect_ids (db, stmt, 2, error);
}

/* Adds or replaces the signed involvement @inv. */
gboolean
ct_store_put_involvement (sqlite3                  *db,
                          const CtStoreInvolvement *inv,
                          GError                  **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (
    db,
    "INSERT OR REPLACE INTO involvements (household_id, member_uid, signer_uid, added_on, "
    "signature) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, inv->household);
  sqlite3_bind_blob (stmt, 2, inv->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, inv->signer_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, inv->added_on, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, inv->signature, crypto_sign_BYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/**
 * ct_store_delete_involvement:
 * @member_uid: (nullable): whose; %NULL for every member's (a purge)
 * @n_rows: (inout): increased by the rows deleted
 */
gboolean
ct_store_delete_involvement (sqlite3      *db,
                             gint64        household_id,
                             const guint8 *member_uid,
                             guint        *n_rows,
                             GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (
    db, "DELETE FROM involvements WHERE household_id = ?1 AND (?2 IS NULL OR member_uid = ?2)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, household_id);
  if (member_uid != NULL)
    sqlite3_bind_blob (stmt, 2, member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  if (!ct_store_step_done (db, stmt, error))
    return FALSE;
  *n_rows += (guint) sqlite3_changes (db);
  return TRUE;
}

/**
 * ct_store_list_involvements:
 * @household_id: the household's, or 0 for every household's
 * @member_uid: (nullable): only this member's
 *
 * Rows of the wrong shape are left out: they could never verify.
 *
 * Returns: (transfer full) (element-type CtStoreInvolvement):
 */
GArray *
ct_store_list_involvements (sqlite3       *db,
                            gint64         household_id,
                            const guint8  *member_uid,
                            GError       **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (
    db,
    "SELECT household_id, member_uid, signer_uid, added_on, signature FROM involvements "
    "WHERE (?1 = 0 OR household_id = ?1) AND (?2 IS NULL OR member_uid = ?2) "
    "ORDER BY household_id, added_on",
    error);
  g_autoptr(GArray) out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household_id);
  if (member_uid != NULL)
    sqlite3_bind_blob (stmt, 2, member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  out = g_array_new (FALSE, TRUE, sizeof (CtStoreInvolvement));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtStoreInvolvement inv = { sqlite3_column_int64 (stmt, 0) };
      const char *on = (const char *) sqlite3_column_text (stmt, 3);

      if (on == NULL || strlen (on) != 10
          || !ct_store_column_blob (stmt, 1, inv.member_uid, CT_MEMBER_ID_SIZE)
          || !ct_store_column_blob (stmt, 2, inv.signer_uid, CT_MEMBER_ID_SIZE)
          || !ct_store_column_blob (stmt, 4, inv.signature, crypto_sign_BYTES))
        continue;
      memcpy (inv.added_on, on, 11);
      g_array_append_val (out, inv);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The free text of a break-the-glass, beside its log entry. */
gboolean
ct_store_add_break_glass (sqlite3     *db,
                          gint64       log_id,
                          gint64       household_id,
                          const char  *because,
                          GError     **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT INTO break_glass (log_id, household_id, "
                                                 "because) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, log_id);
  sqlite3_bind_int64 (stmt, 2, household_id);
  sqlite3_bind_text (stmt, 3, because, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* Returns: (nullable): the free text of the break-the-glass @log_id */
char *
ct_store_get_break_glass (sqlite3 *db,
                          gint64   log_id)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT because FROM break_glass "
                                                 "WHERE log_id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, log_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The households' record keys (docs/export.md); @have tells which have one. */
gboolean
ct_store_load_record_keys (sqlite3      *db,
                           const gint64 *ids,
                           guint         n_ids,
                           guint32      *keys,
                           gboolean     *have,
                           GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT record_key FROM record_keys WHERE household_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return ct_store_set_error (db, rc, error);
      have[i] = rc == SQLITE_ROW;
      keys[i] = have[i] ? (guint32) sqlite3_column_int64 (stmt, 0) : 0;
    }
  return TRUE;
}

/* Adds record keys; a household that has one keeps it. In the caller's
 * transaction. */
gboolean
ct_store_add_record_keys (sqlite3       *db,
                          const gint64  *ids,
                          const guint32 *keys,
                          guint          n_ids,
                          GError       **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO record_keys (household_id, record_key) "
                          "VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      sqlite3_bind_int64 (stmt, 2, keys[i]);
      if (!ct_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}
