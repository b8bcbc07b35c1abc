/* ct-store-keys.c — SQL of category keys, grants and the policy
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <string.h>

#include "ct-store.h"

/* @sql prepared with ?1 bound to @category and ?2 to @version, as every
 * statement of a category's key or grants of one version has them. */
static CtStmt *
prepare_version (sqlite3     *db,
                 const char  *sql,
                 CtCategory   category,
                 gint         version,
                 GError     **error)
{
  CtStmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  return stmt;
}

/* Runs @sql, a write with only the parameters prepare_version() binds. */
static gboolean
exec_version (sqlite3     *db,
              const char  *sql,
              CtCategory   category,
              gint         version,
              GError     **error)
{
  g_autoptr(CtStmt) stmt = prepare_version (db, sql, category, version, error);

  return stmt != NULL && ct_store_step_done (db, stmt, error);
}

/* The categories in column 0 of @stmt's rows, as a mask. */
static guint
read_categories (CtStmt *stmt)
{
  guint mask = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CtCategory c = ct_category_from_string ((const char *) sqlite3_column_text (stmt, 0));

      if (c != CT_CATEGORY_INVALID)
        mask |= 1u << c;
    }
  return mask;
}

/* Returns the newest version of @category's key, 0 when there is none,
 * -1 on error. */
gint
ct_store_key_version (sqlite3    *db,
                      CtCategory  category,
                      gboolean   *used,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT version, used FROM category_keys WHERE category = ?1 "
                 "ORDER BY version DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    {
      ct_store_set_error (db, rc, error);
      return -1;
    }
  if (used != NULL)
    *used = sqlite3_column_int (stmt, 1) != 0;
  return sqlite3_column_int (stmt, 0);
}

gboolean
ct_store_key_add_version (sqlite3    *db,
                          CtCategory  category,
                          gint        version,
                          GError    **error)
{
  return exec_version (db, "INSERT INTO category_keys (category, version, created_at) VALUES "
                           "(?1, ?2, ct_now ())", category, version, error);
}

gboolean
ct_store_key_mark_used (sqlite3    *db,
                        CtCategory  category,
                        gint        version,
                        GError    **error)
{
  return exec_version (db, "UPDATE category_keys SET used = 1 WHERE category = ?1 AND "
                           "version = ?2 AND used = 0", category, version, error);
}

/* The key of version @version - 1 of @category, sealed under the key of
 * @version (ct-session-keys.c). */
gboolean
ct_store_key_set_previous (sqlite3      *db,
                           CtCategory    category,
                           gint          version,
                           const guint8 *sealed,
                           gsize         len,
                           GError      **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "UPDATE category_keys SET previous = ?3 WHERE category = ?1 AND "
                         "version = ?2", category, version, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 3, sealed, (int) len, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* What ct_store_key_set_previous() stored for @version, or NULL. */
GBytes *
ct_store_key_get_previous (sqlite3    *db,
                           CtCategory  category,
                           gint        version)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "SELECT previous FROM category_keys WHERE category = ?1 AND "
                         "version = ?2", category, version, NULL);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

/* The sealed key of @holder (a member id, 0 for the recovery key), or
 * NULL when there is no grant. */
GBytes *
ct_store_grant_get (sqlite3    *db,
                    gint64      holder,
                    CtCategory  category,
                    gint        version,
                    GError    **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "SELECT sealed FROM key_grants WHERE holder = ?3 AND category = ?1 AND "
                         "version = ?2", category, version, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 3, holder);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    ct_store_set_error (db, rc, error);
  return NULL;
}

gboolean
ct_store_grant_put (sqlite3      *db,
                    gint64        holder,
                    CtCategory    category,
                    gint          version,
                    const guint8 *sealed,
                    gsize         len,
                    GError      **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "INSERT OR REPLACE INTO key_grants (holder, category, version, sealed) "
                         "VALUES (?3, ?1, ?2, ?4)", category, version, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 3, holder);
  sqlite3_bind_blob (stmt, 4, sealed, (int) len, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* Drops every grant of @category but those of @keep_version, and every
 * grant of @holder when @holder is not 0 (a removed member). */
gboolean
ct_store_grants_prune (sqlite3    *db,
                       CtCategory  category,
                       gint        keep_version,
                       GError    **error)
{
  return exec_version (db, "DELETE FROM key_grants WHERE category = ?1 AND version <> ?2",
                       category, keep_version, error);
}

gboolean
ct_store_grants_drop_holder (sqlite3  *db,
                             gint64    holder,
                             GError  **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "DELETE FROM key_grants WHERE holder = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, holder);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_grant_drop (sqlite3    *db,
                     gint64      holder,
                     CtCategory  category,
                     GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "DELETE FROM key_grants WHERE holder = ?1 AND category = ?2", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, holder);
  sqlite3_bind_text (stmt, 2, ct_category_to_string (category), -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* Which categories @holder has a grant for, of their current version. */
guint
ct_store_grants_of (sqlite3 *db,
                    gint64   holder)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT g.category FROM key_grants g WHERE g.holder = ?1 AND g.version = "
                 "(SELECT max (version) FROM category_keys k WHERE k.category = g.category)",
             NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, holder);
  return read_categories (stmt);
}

/* Fills @masks (CT_N_ROLES entries) with each role's granted categories. */
gboolean
ct_store_policy_load (sqlite3 *db,
                      guint   *masks,
                      GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT role, category FROM policy", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  memset (masks, 0, CT_N_ROLES * sizeof (guint));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtRole r = ct_role_from_string ((const char *) sqlite3_column_text (stmt, 0));
      CtCategory c = ct_category_from_string ((const char *) sqlite3_column_text (stmt, 1));

      if (r != CT_ROLE_INVALID && c != CT_CATEGORY_INVALID)
        masks[r] |= 1u << c;
    }
  return rc == SQLITE_DONE || ct_store_set_error (db, rc, error);
}

gboolean
ct_store_policy_set (sqlite3    *db,
                     CtRole      role,
                     CtCategory  category,
                     gboolean    granted,
                     GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, granted ? "INSERT OR IGNORE INTO policy (role, category) VALUES (?1, ?2)"
                         : "DELETE FROM policy WHERE role = ?1 AND category = ?2", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ct_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ct_category_to_string (category), -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

guint
ct_store_pending_rotations (sqlite3 *db)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT category FROM pending_rotations", NULL);

  return stmt != NULL ? read_categories (stmt) : 0;
}

gboolean
ct_store_pending_set (sqlite3    *db,
                      CtCategory  category,
                      gboolean    pending,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, pending ? "INSERT OR IGNORE INTO pending_rotations (category, since) VALUES "
                           "(?1, ct_now ())"
                         : "DELETE FROM pending_rotations WHERE category = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}
