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

/* A category key version is named by its number and the hash of the
 * chain statement that made it (docs/sync-security.md, "Key versions named by
 * their statement"): @made_by, CT_KEY_NAME_SIZE bytes, is bound as ?3. */

/* @sql prepared with ?1 bound to @category, ?2 to @version and ?3 to
 * @made_by, as every statement of one version of a category's key or of
 * its grants has them. */
static CtStmt *
prepare_version (sqlite3      *db,
                 const char   *sql,
                 CtCategory    category,
                 gint          version,
                 const guint8 *made_by,
                 GError      **error)
{
  CtStmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_blob (stmt, 3, made_by, CT_KEY_NAME_SIZE, SQLITE_TRANSIENT);
  return stmt;
}

/* Runs @sql, a write with only the parameters prepare_version() binds. */
static gboolean
exec_version (sqlite3      *db,
              const char   *sql,
              CtCategory    category,
              gint          version,
              const guint8 *made_by,
              GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_version (db, sql, category, version, made_by, error);

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
 * -1 on error, and its name in @made_by (CT_KEY_NAME_SIZE bytes, zeros
 * when there is none). Of two versions of one number (both branches' of a
 * resolved fork) it is the one made by a statement of the chain, not by
 * one set aside at a fork, then the lower name: the same on every replica
 * that holds both, whatever order they came in (docs/sync-chain.md, "When both
 * branches take rights away"). */
gint
ct_store_key_version (sqlite3    *db,
                      CtCategory  category,
                      gboolean   *used,
                      guint8     *made_by,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT version, used, made_by FROM category_keys WHERE category = ?1 "
                 "ORDER BY version DESC, made_by IN (SELECT hash FROM sync_chain_branches), "
                 "made_by LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;

  if (made_by != NULL)
    memset (made_by, 0, CT_KEY_NAME_SIZE);
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
  if (made_by != NULL && sqlite3_column_bytes (stmt, 2) == CT_KEY_NAME_SIZE)
    memcpy (made_by, sqlite3_column_blob (stmt, 2), CT_KEY_NAME_SIZE);
  return sqlite3_column_int (stmt, 0);
}

gboolean
ct_store_key_add_version (sqlite3      *db,
                          CtCategory    category,
                          gint          version,
                          const guint8 *made_by,
                          GError      **error)
{
  return exec_version (db, "INSERT INTO category_keys (category, version, made_by, created_at) "
                           "VALUES (?1, ?2, ?3, ct_now ())", category, version, made_by, error);
}

gboolean
ct_store_key_mark_used (sqlite3      *db,
                        CtCategory    category,
                        gint          version,
                        const guint8 *made_by,
                        GError      **error)
{
  return exec_version (db, "UPDATE category_keys SET used = 1 WHERE category = ?1 AND "
                           "version = ?2 AND made_by = ?3 AND used = 0", category, version,
                       made_by, error);
}

/* The key of the version @version - 1 of @category that version @version
 * @made_by replaced, sealed under the key of @version (ct-session-keys.c). */
gboolean
ct_store_key_set_previous (sqlite3      *db,
                           CtCategory    category,
                           gint          version,
                           const guint8 *made_by,
                           const guint8 *sealed,
                           gsize         len,
                           GError      **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "UPDATE category_keys SET previous = ?4 WHERE category = ?1 AND "
                         "version = ?2 AND made_by = ?3", category, version, made_by, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 4, sealed, (int) len, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* What ct_store_key_set_previous() stored for each version numbered
 * @version: a GPtrArray of GBytes, empty when there is none. */
GPtrArray *
ct_store_key_get_previous (sqlite3    *db,
                           CtCategory  category,
                           gint        version)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT previous FROM category_keys WHERE category = ?1 AND "
                          "version = ?2 ORDER BY rowid", NULL);
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (stmt == NULL)
    return all;
  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
      g_ptr_array_add (all, g_bytes_new (sqlite3_column_blob (stmt, 0),
                                         sqlite3_column_bytes (stmt, 0)));
  return all;
}

/* Whether this file holds version @version @made_by of @category; its
 * previous key (as ct_store_key_set_previous() stored it) into @previous,
 * NULL when it has none. */
gboolean
ct_store_key_has_version (sqlite3      *db,
                          CtCategory    category,
                          gint          version,
                          const guint8 *made_by,
                          GBytes      **previous)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "SELECT previous FROM category_keys WHERE category = ?1 AND "
                         "version = ?2 AND made_by = ?3", category, version, made_by, NULL);

  *previous = NULL;
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    *previous = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  return TRUE;
}

/* The sealed key of @holder (a member id, 0 for the recovery key), or
 * NULL when there is no grant. */
GBytes *
ct_store_grant_get (sqlite3      *db,
                    gint64        holder,
                    CtCategory    category,
                    gint          version,
                    const guint8 *made_by,
                    GError      **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "SELECT sealed FROM key_grants WHERE holder = ?4 AND category = ?1 AND "
                         "version = ?2 AND made_by = ?3", category, version, made_by, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 4, holder);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    ct_store_set_error (db, rc, error);
  return NULL;
}

/* The grants a bound "SELECT version, made_by, sealed FROM key_grants"
 * gives, a GPtrArray of CtKeyGrant in its order, each with a made_by of
 * CT_KEY_NAME_SIZE bytes; none when @stmt is NULL. */
static GPtrArray *
read_grants (CtStmt *stmt)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_key_grant_free);

  if (stmt == NULL)
    return all;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CtKeyGrant *g;

      if (sqlite3_column_bytes (stmt, 1) != CT_KEY_NAME_SIZE)
        continue;
      g = g_new0 (CtKeyGrant, 1);
      g->version = sqlite3_column_int (stmt, 0);
      memcpy (g->made_by, sqlite3_column_blob (stmt, 1), CT_KEY_NAME_SIZE);
      g->sealed = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
      g_ptr_array_add (all, g);
    }
  return all;
}

/* Every grant @holder holds of @category of a version numbered
 * @min_version or later: a GPtrArray of CtKeyGrant, newest first. */
GPtrArray *
ct_store_grants_from (sqlite3    *db,
                      gint64      holder,
                      CtCategory  category,
                      gint        min_version)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT version, made_by, sealed FROM key_grants WHERE holder = ?1 AND "
                          "category = ?2 AND version >= ?3 ORDER BY version DESC, made_by", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, holder);
      sqlite3_bind_text (stmt, 2, ct_category_to_string (category), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, min_version);
    }
  return read_grants (stmt);
}

/* Every grant of @category to @holder of a version that a statement set
 * aside at a fork made (docs/sync-chain.md, "When both branches take rights
 * away"), as ct_store_grants_from() gives them. */
GPtrArray *
ct_store_grants_kept (sqlite3    *db,
                      gint64      holder,
                      CtCategory  category)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT version, made_by, sealed FROM key_grants WHERE holder = ?1 AND "
                          "category = ?2 AND made_by IN (SELECT hash FROM sync_chain_branches) "
                          "ORDER BY version, made_by", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, holder);
      sqlite3_bind_text (stmt, 2, ct_category_to_string (category), -1, SQLITE_STATIC);
    }
  return read_grants (stmt);
}

void
ct_key_grant_free (CtKeyGrant *grant)
{
  if (grant == NULL)
    return;
  g_bytes_unref (grant->sealed);
  g_free (grant);
}

gboolean
ct_store_grant_put (sqlite3      *db,
                    gint64        holder,
                    CtCategory    category,
                    gint          version,
                    const guint8 *made_by,
                    const guint8 *sealed,
                    gsize         len,
                    GError      **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_version (db, "INSERT OR REPLACE INTO key_grants (holder, category, version, made_by, "
                         "sealed) VALUES (?4, ?1, ?2, ?3, ?5)", category, version, made_by,
                     error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 4, holder);
  sqlite3_bind_blob (stmt, 5, sealed, (int) len, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* Drops every grant of @category but those of version @keep_version
 * @keep_made_by, and those of a version a statement set aside at a fork
 * made (docs/sync-chain.md, "When both branches take rights away"). */
gboolean
ct_store_grants_prune (sqlite3      *db,
                       CtCategory    category,
                       gint          keep_version,
                       const guint8 *keep_made_by,
                       GError      **error)
{
  /* A version made on a branch set aside at a fork is not replaced by
   * this one: the values sealed under it open under it only. */
  return exec_version (db, "DELETE FROM key_grants WHERE category = ?1 AND (version <> ?2 OR "
                           "made_by <> ?3) AND made_by NOT IN (SELECT hash FROM "
                           "sync_chain_branches)", category, keep_version, keep_made_by, error);
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

/* @made_by: the chain statement that makes the rotation wait, whose hash
 * names the version the rotation makes (CT_KEY_NAME_SIZE bytes; ignored
 * when @pending is %FALSE). A category already waiting keeps its first. */
gboolean
ct_store_pending_set (sqlite3      *db,
                      CtCategory    category,
                      gboolean      pending,
                      const guint8 *made_by,
                      GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, pending ? "INSERT OR IGNORE INTO pending_rotations (category, since, "
                                    "made_by) VALUES (?1, ct_now (), ?2)"
                         : "DELETE FROM pending_rotations WHERE category = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  if (pending)
    sqlite3_bind_blob (stmt, 2, made_by, CT_KEY_NAME_SIZE, SQLITE_TRANSIENT);
  return ct_store_step_done (db, stmt, error);
}

/* The statement ct_store_pending_set() recorded for @category into
 * @made_by; zeros when it waits from before the names (migration 24) or
 * does not wait. */
void
ct_store_pending_made_by (sqlite3    *db,
                          CtCategory  category,
                          guint8     *made_by)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT made_by FROM pending_rotations WHERE category = ?1", NULL);

  memset (made_by, 0, CT_KEY_NAME_SIZE);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, ct_category_to_string (category), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == CT_KEY_NAME_SIZE)
    memcpy (made_by, sqlite3_column_blob (stmt, 0), CT_KEY_NAME_SIZE);
}
