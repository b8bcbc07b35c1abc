/* ct-session-rows.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Row categories (docs/categories.md): a row about a category (an involved
 * GGZ team, a goal on middelengebruik, an expense for treatment) keeps its
 * content under that category's key, and its category itself under the
 * same key, so that a reader with K_db alone learns neither. A session
 * finds a row's category by opening it with the keys it holds; a row it
 * cannot open is not its to see. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-record-private.h"
#include "ct-seal-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

/* The non-general categories this session may read, as a mask. */
guint
_ct_row_categories_readable (CtSession *self)
{
  guint mask = 0;

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if (_ct_session_can_read (self, c))
      mask |= 1u << c;
  return mask;
}

static gboolean
damaged (GError       **error,
         const CtTable *table,
         gint64         row_id)
{
  g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
               _("A stored value (%s of %s %lld) fails its authentication: it was changed or "
                 "moved outside Casustafel."), "row_category", table->name, (long long) row_id);
  return FALSE;
}

/**
 * _ct_row_category_read:
 * @column: the statement's column of the row_category field
 * @category: (out): the row's category, or %CT_CATEGORY_INVALID when no
 *   key this session may use opens it
 *
 * Returns: %FALSE with @error set when the stored value cannot be a row
 *   category at all (a general row stores NULL)
 */
gboolean
_ct_row_category_read (CtSession     *self,
                       const CtTable *table,
                       gint64         row_id,
                       sqlite3_stmt  *stmt,
                       int            column,
                       CtCategory    *category,
                       GError       **error)
{
  const CtField *field = &table->fields[table->row_category];
  const guint8 *blob;
  gsize len;

  *category = CT_CATEGORY_GENERAL;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_BLOB:
      break;
    default:
      return damaged (error, table, row_id);
    }

  blob = sqlite3_column_blob (stmt, column);
  len = (gsize) sqlite3_column_bytes (stmt, column);
  *category = CT_CATEGORY_INVALID;
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    {
      CtPlainBuffer plain = { 0 };
      const char *name = _ct_row_open_into (self, c, table, field, row_id, blob, len, &plain);
      gboolean match = name != NULL && g_strcmp0 (name, ct_category_to_string (c)) == 0;

      _ct_plain_buffer_clear (&plain);
      if (name != NULL && !match)
        return damaged (error, table, row_id);
      if (match)
        {
          *category = c;
          break;
        }
    }
  return TRUE;
}

/**
 * _ct_row_goal_withheld:
 * @goals: (inout): per read, goal id → whether it is withheld
 *   (_ct_id_set_new() keys); made when %NULL
 * @goal_id: an action's goal, or 0
 * @withheld: (out): whether the goal's category, by the goal row as stored
 *   now, is one this member may not read
 *
 * An action is about what its goal is about (docs/categories.md, "Row
 * categories"). An action sealed under another category than its goal's
 * (added under the goal's old domain on a laptop that had not seen the
 * move, docs/sync-merge.md "A goal and its actions at sync") is read as
 * of its goal's category by a member who may not read that one: the
 * session never shows them what its goal withholds, whatever has synced.
 */
gboolean
_ct_row_goal_withheld (CtSession   *self,
                       GHashTable **goals,
                       gint64       goal_id,
                       gboolean    *withheld,
                       GError     **error)
{
  const CtTable *table = ct_schema_get_table ("goals");
  g_autoptr(CtStmt) stmt = NULL;
  CtCategory category = CT_CATEGORY_GENERAL;
  gpointer known;
  int rc;

  *withheld = FALSE;
  if (goal_id <= 0)
    return TRUE;
  if (*goals == NULL)
    *goals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (*goals, &goal_id, NULL, &known))
    {
      *withheld = GPOINTER_TO_INT (known);
      return TRUE;
    }
  if ((stmt = ct_store_prepare (self->db, "SELECT row_category FROM goals WHERE id = ?1",
                                error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, goal_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return FALSE;
    }
  if (rc == SQLITE_ROW
      && !_ct_row_category_read (self, table, goal_id, stmt, 0, &category, error))
    return FALSE;
  *withheld = category == CT_CATEGORY_INVALID;
  g_hash_table_insert (*goals, g_memdup2 (&goal_id, sizeof goal_id),
                       GINT_TO_POINTER (*withheld));
  return TRUE;
}

/* The category of a row of a table with a row category, as this member
 * reads it: %CT_CATEGORY_INVALID when none of their keys opens it, or
 * the row is gone. */
gboolean
_ct_row_category_of (CtSession     *self,
                     const CtTable *table,
                     gint64         row_id,
                     CtCategory    *row,
                     GError       **error)
{
  gboolean action = g_str_equal (table->name, "actions");
  g_autofree char *sql = g_strdup_printf ("SELECT row_category%s FROM %s WHERE id = ?1",
                                          action ? ", goal_id" : "", table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, sql, error);
  g_autoptr(GHashTable) goals = NULL;
  gboolean withheld = FALSE;
  int rc;

  *row = CT_CATEGORY_INVALID;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      ct_store_set_error (self->db, rc, error);
      return FALSE;
    }
  if (!_ct_row_category_read (self, table, row_id, stmt, 0, row, error))
    return FALSE;
  /* An action is read as of its goal's category where the member may not
   * read that one (_ct_row_goal_withheld()), a value kept beside it too. */
  if (action && *row != CT_CATEGORY_INVALID && sqlite3_column_type (stmt, 1) == SQLITE_INTEGER
      && !_ct_row_goal_withheld (self, &goals, sqlite3_column_int64 (stmt, 1), &withheld, error))
    return FALSE;
  if (withheld)
    *row = CT_CATEGORY_INVALID;
  return TRUE;
}

/* A value sealed under the row's category @row, opened into a string of
 * its own; %NULL when it does not open under that key (sealed under a
 * category the row had before, or one this member may not read). */
char *
_ct_row_open (CtSession     *self,
              CtCategory     row,
              const CtTable *table,
              const CtField *field,
              gint64         row_id,
              const guint8  *blob,
              gsize          len)
{
  CtPlainBuffer plain = { 0 };
  const char *text = row == CT_CATEGORY_INVALID
                       ? NULL
                       : _ct_row_open_into (self, row, table, field, row_id, blob, len, &plain);
  char *value = g_strdup (text);

  _ct_plain_buffer_clear (&plain);
  return value;
}

#define UPGRADED_SETTING "row-categories-sealed"
#define CONSENTS_SETTING "consent-categories-sealed"

/* A row written before row categories existed is stored general; saved
 * again, it is sealed under the category it is about. */
static gboolean
upgrade_table (CtSession  *self,
               const char *table,
               GError    **error)
{
  g_autoptr(GPtrArray) rows = ct_session_list (self, table, NULL, 0, error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CtRecord *record = g_ptr_array_index (rows, i);

      if (record->row_category != CT_CATEGORY_GENERAL)
        continue;
      ct_record_set (record, "row_category", "general");
      if (!ct_session_update (self, record, error))
        return FALSE;
    }
  return rows != NULL;
}

/* A case's domains, once one set, go to their category's sets. */
static gboolean
upgrade_cases (CtSession *self,
               GError   **error)
{
  g_autoptr(GPtrArray) rows = ct_session_list (self, "cases", NULL, 0, error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CtRecord *record = g_ptr_array_index (rows, i);
      g_autofree char *domains = ct_case_dup_domains (record);
      const char *general = ct_record_get (record, "domains");
      g_autofree char *valid = NULL;

      /* Only a set that holds domains of other categories moves. */
      if (general == NULL
          || (valid = ct_field_normalize (ct_table_get_field (record->table, "domains"), general,
                                          NULL)) != NULL)
        continue;
      if (!ct_case_set_domains (record, domains, error) || !ct_session_update (self, record, error))
        return FALSE;
    }
  return rows != NULL;
}

static gboolean
upgrade (CtSession *self,
         gpointer   data,
         GError   **error)
{
  /* Goals first: an action takes its goal's category. */
  return upgrade_table (self, "organisations", error) && upgrade_table (self, "goals", error)
         && upgrade_table (self, "actions", error) && upgrade_cases (self, error)
         && ct_store_set_setting (self->db, UPGRADED_SETTING, "1", error);
}

/* A consent's category was once stored in the clear; saved again, all but
 * a general one is sealed under its own key. */
static gboolean
upgrade_consents (CtSession *self,
                  gpointer   data,
                  GError   **error)
{
  g_autoptr(GPtrArray) rows = ct_session_list (self, "consents", NULL, 0, error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      CtRecord *record = g_ptr_array_index (rows, i);

      if (record->row_category != CT_CATEGORY_GENERAL
          || g_strcmp0 (ct_record_get (record, "category"), "general") == 0)
        continue;
      ct_record_set (record, "row_category", "general");
      if (!ct_session_update (self, record, error))
        return FALSE;
    }
  return rows != NULL && ct_store_set_setting (self->db, CONSENTS_SETTING, "1", error);
}

/* Once, by a session that reads every category from @first on. */
static gboolean
upgrade_once (CtSession   *self,
              const char  *setting,
              CtCategory   first,
              gboolean   (*work) (CtSession *, gpointer, GError **),
              GError     **error)
{
  g_autofree char *done = ct_store_get_setting (self->db, setting, NULL);

  if (done != NULL)
    return TRUE;
  for (CtCategory c = first; c < CT_CATEGORY_GENERAL; c++)
    if (!_ct_session_can_read (self, c))
      return TRUE;
  return _ct_session_with_transaction (self, work, NULL, error);
}

/**
 * _ct_session_upgrade_rows:
 *
 * Store migrations 5 and 7, the part that needs keys (docs/categories.md):
 * the first session that reads every category seals the organisations,
 * goals, actions and consents written before their category was sealed,
 * and splits the cases' domains by category. Sessions without every key
 * leave it to one that has them.
 */
gboolean
_ct_session_upgrade_rows (CtSession *self,
                          GError   **error)
{
  /* Rows other than consents are never about identity. */
  return upgrade_once (self, UPGRADED_SETTING, CT_CATEGORY_IDENTITY + 1, upgrade, error)
         && upgrade_once (self, CONSENTS_SETTING, CT_CATEGORY_IDENTITY, upgrade_consents, error);
}
