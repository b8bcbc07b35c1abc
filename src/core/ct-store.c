/* ct-store.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* All SQL of the core lives in the store layer, with bound parameters.
 * This file opens, keys and checks the database and keeps the team and
 * its members; the schema's migrations are in ct-store-migrations.c. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-clock.h"
#include "ct-error.h"
#include "ct-store.h"
#include "ct-vfs.h"

gboolean
ct_store_set_error (sqlite3 *db,
                    int      rc,
                    GError **error)
{
  int primary = rc & 0xff;
  const char *message = db != NULL ? sqlite3_errmsg (db) : "";

  /* A page that fails SQLCipher's check can surface as a bare
   * SQLITE_ERROR with SQLite's generic message, or as a malformed schema;
   * our statements are fixed, so both mean damage. */
  if (primary == SQLITE_ERROR
      && (g_strcmp0 (message, sqlite3_errstr (SQLITE_ERROR)) == 0 || strstr (message, "malformed")))
    primary = SQLITE_CORRUPT;

  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                         _("The team file is damaged: its database fails its integrity "
                           "checks. Use a backup or the recovery tools."));
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                         _("The team file is in use by another program."));
  else if (primary == SQLITE_FULL)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_DISK_FULL,
                         _("The disk is full, so the team file cannot be written; nothing was "
                           "changed and nothing is damaged. Every read is written to the access "
                           "log first, so reading is refused too until there is free space."));
  else if (primary == SQLITE_READONLY)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_READ_ONLY,
                         _("The team file is read-only (a write-protected file, folder or "
                           "medium), so nothing can be written to it, not even the access log: "
                           "changes, and reads that are logged, are refused. Copy it to a "
                           "writable place to work with it."));
  else if (primary == SQLITE_CONSTRAINT)
    g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                         _("A record with these details already exists."));
  else
    g_set_error (error, CT_ERROR, CT_ERROR_FAILED,
                 _("The team file could not be read or written (%s)."),
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
ct_store_exec (sqlite3    *db,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

gboolean
ct_store_begin (sqlite3 *db,
                GError **error)
{
  return ct_store_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
ct_store_commit (sqlite3 *db,
                 GError **error)
{
  if (ct_store_exec (db, "COMMIT", error))
    return TRUE;

  ct_store_rollback (db);
  return FALSE;
}

void
ct_store_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * ct_store_column_text:
 * @damaged: (out): set to %TRUE when the value holds a NUL byte
 *
 * SQLCipher 3.4.1 hands back a zero-filled page when an overflow page
 * fails its check, so a long text can come back cut short without an
 * error. Stored text never holds NUL bytes; one found means damage.
 */
const char *
ct_store_column_text (sqlite3_stmt *stmt,
                      int           column,
                      gboolean     *damaged)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL && strlen (text) != (gsize) sqlite3_column_bytes (stmt, column))
    *damaged = TRUE;
  return text;
}

/**
 * ct_store_column_blob:
 * @out: (out caller-allocates): @size bytes
 *
 * Copies a blob column of exactly @size bytes (a key, an id, a signature)
 * into @out.
 *
 * Returns: %FALSE when the column is not a blob of @size bytes: a damaged
 *   or tampered row
 */
gboolean
ct_store_column_blob (sqlite3_stmt *stmt,
                      int           column,
                      guint8       *out,
                      gsize         size)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB
      || (gsize) sqlite3_column_bytes (stmt, column) != size)
    return FALSE;
  memcpy (out, sqlite3_column_blob (stmt, column), size);
  return TRUE;
}

CtStmt *
ct_store_prepare (sqlite3    *db,
                  const char *sql,
                  GError    **error)
{
  CtStmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return stmt;
}

gboolean
ct_store_step_done (sqlite3 *db,
                    CtStmt  *stmt,
                    GError **error)
{
  int rc = sqlite3_step (stmt);

  return rc == SQLITE_DONE || ct_store_set_error (db, rc, error);
}

static gboolean
set_key (sqlite3      *db,
         const guint8 *db_key,
         GError      **error)
{
  char *raw = ct_raw_key_string (db_key);
  int rc = sqlite3_key (db, raw, (int) strlen (raw));

  ct_secret_free (raw);
  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

/* A process killed while the journal's header was still being written
 * leaves a journal SQLite does not treat as hot, and does not delete. The
 * caller holds the team file's lock and a hot journal has been rolled
 * back by the first read, so what remains is stale. */
static void
remove_stale_journal (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  if (g_file_test (journal, G_FILE_TEST_EXISTS))
    g_unlink (journal);
}

/**
 * ct_store_open:
 * @path: the team file
 * @db_key: K_db, 32 bytes
 *
 * Opens the database at 64 KiB into the team file with a raw key, page
 * size 4096, a rollback journal with synchronous=FULL (team files live on
 * USB sticks and network shares, where WAL is unsafe) and temporary data
 * in memory only. Reads the schema, so a wrong key or a damaged first page
 * fails here.
 */
/* ct_now (): the core's clock in SQL, so a row's times follow a test's
 * clock like every other time of the core (ct-clock.c), instead of
 * SQLite's 'now'. */
static void
now_function (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  sqlite3_result_text (context, ct_clock_now_text (), -1, g_free);
}

sqlite3 *
ct_store_open (const char   *path,
               const guint8 *db_key,
               GError      **error)
{
  static const char pragmas[] =
    "PRAGMA cipher_page_size = 4096;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA secure_delete = ON;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA cache_size = -16384;";
  static const char settle[] =
    "PRAGMA journal_mode = DELETE;"
    "PRAGMA synchronous = FULL;";
  sqlite3 *db = NULL;
  int rc;

  ct_vfs_register ();

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, CT_VFS_NAME);
  if (rc != SQLITE_OK)
    goto failed;

  sqlite3_busy_timeout (db, CT_STORE_BUSY_MS);
  rc = sqlite3_create_function (db, "ct_now", 0, SQLITE_UTF8, NULL, now_function, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  if (!set_key (db, db_key, error))
    {
      ct_store_close (db);
      return NULL;
    }

  rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, settle, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  remove_stale_journal (path);
  return db;

failed:
  ct_store_set_error (db, rc, error);
  ct_store_close (db);
  return NULL;
}

void
ct_store_close (sqlite3 *db)
{
  if (db != NULL)
    sqlite3_close_v2 (db);
}

/**
 * ct_store_remove_file:
 * @path: a team file that was being made and is given up
 *
 * Removes @path and the rollback journal SQLite may have left beside it.
 * Close the database first.
 */
void
ct_store_remove_file (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (journal);
}

gboolean
ct_store_rekey (sqlite3      *db,
                const guint8 *new_key,
                GError      **error)
{
  char *raw = ct_raw_key_string (new_key);
  int rc = sqlite3_rekey (db, raw, (int) strlen (raw));

  ct_secret_free (raw);
  return rc == SQLITE_OK || ct_store_set_error (db, rc, error);
}

static gboolean
run_check (sqlite3    *db,
           const char *pragma,
           GError    **error);

gboolean
ct_store_check (sqlite3 *db,
                GError **error)
{
  return run_check (db, "PRAGMA integrity_check", error);
}

gboolean
ct_store_quick_check (sqlite3 *db,
                      GError **error)
{
  return run_check (db, "PRAGMA quick_check", error);
}

/* Reads every page of the database back from disk with @key, through a
 * connection of its own (the first one's cache would hide a bad page). */
gboolean
ct_store_verify_key (const char   *path,
                     const guint8 *key,
                     GError      **error)
{
  sqlite3 *db = ct_store_open (path, key, error);
  gboolean ok = db != NULL && ct_store_quick_check (db, error);

  ct_store_close (db);
  return ok;
}

static gboolean
run_check (sqlite3    *db,
           const char *pragma,
           GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, pragma, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ct_store_set_error (db, rc, error);

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                           _("The team file is damaged: its database fails the integrity "
                             "check. Use a backup or the recovery tools."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_store_export_plain:
 *
 * Writes the whole database into a standard SQLCipher file (SQLCipher's
 * default settings, raw key @out_key) that the `sqlcipher` shell opens
 * with `PRAGMA key = "x'…'";` alone.
 */
gboolean
ct_store_export_plain (sqlite3      *db,
                       const char   *out_path,
                       const guint8 *out_key,
                       GError      **error)
{
  g_autofree char *escaped = g_uri_escape_string (out_path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?vfs=unix", NULL);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "ATTACH DATABASE ?1 AS recovered KEY ?2", error);
  char *raw;
  gboolean ok;
  int fd;

  if (stmt == NULL)
    return FALSE;

  /* The database is opened without SQLITE_OPEN_CREATE, which ATTACH
   * inherits: the empty output file is made here, never overwriting one. */
  fd = g_open (out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, saved == EEXIST ? CT_ERROR_EXISTS : CT_ERROR_FAILED,
                   _("The output file could not be created: %s."), g_strerror (saved));
      return FALSE;
    }
  close (fd);

  raw = ct_raw_key_string (out_key);

  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, raw, -1, SQLITE_STATIC);
  ok = ct_store_step_done (db, stmt, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  ct_secret_free (raw);
  if (!ok)
    return FALSE;

  ok = ct_store_exec (db, "SELECT sqlcipher_export('recovered')", error);
  sqlite3_exec (db, "DETACH DATABASE recovered", NULL, NULL, NULL);
  return ok;
}

gboolean
ct_store_init_team (sqlite3    *db,
                    const char *team_name,
                    GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT INTO team (id, name, created_at) "
                 "VALUES (1, ?1, ct_now ())", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, team_name, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

char *
ct_store_get_team_name (sqlite3 *db,
                        GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT name FROM team WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean damaged = FALSE;
      const char *name = ct_store_column_text (stmt, 0, &damaged);

      if (!damaged && name != NULL)
        return g_strdup (name);
    }

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    rc = SQLITE_CORRUPT;
  ct_store_set_error (db, rc, error);
  return NULL;
}

void
ct_member_row_free (CtMemberRow *row)
{
  if (row == NULL)
    return;

  g_free (row->login);
  g_free (row->display_name);
  g_free (row);
}

/* The access log is verified against every signing key a member has had. */
static gboolean
add_sign_key (sqlite3      *db,
              gint64        member_id,
              const guint8 *sign_pk,
              GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO member_sign_keys (member_id, sign_pk) VALUES (?1, ?2)",
             error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_blob (stmt, 2, sign_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_insert_member (sqlite3           *db,
                        const CtMemberRow *row,
                        gint64            *id,
                        GError           **error)
{
  gint64 member_id;

  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT INTO members (member_uid, login, display_name, role, is_admin, "
                 "enrolled, box_pk, sign_pk, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                 "?8, ct_now ())", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_blob (stmt, 1, row->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row->login, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ct_role_to_string (row->role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, row->is_admin);
  sqlite3_bind_int (stmt, 6, row->enrolled);
  sqlite3_bind_blob (stmt, 7, row->box_pk, sizeof row->box_pk, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, row->sign_pk, sizeof row->sign_pk, SQLITE_STATIC);

  if (!ct_store_step_done (db, stmt, error))
    return FALSE;

  /* Taken before add_sign_key(), whose insert moves the last rowid. */
  member_id = sqlite3_last_insert_rowid (db);
  if (id != NULL)
    *id = member_id;
  return add_sign_key (db, member_id, row->sign_pk, error);
}

#define MEMBER_COLUMNS \
  "id, member_uid, login, display_name, role, is_admin, enrolled, box_pk, sign_pk, " \
  "removed_at IS NOT NULL"

static CtMemberRow *
read_member (CtStmt *stmt)
{
  g_autoptr(CtMemberRow) row = g_new0 (CtMemberRow, 1);
  gboolean damaged = FALSE;

  row->id = sqlite3_column_int64 (stmt, 0);
  row->login = g_strdup (ct_store_column_text (stmt, 2, &damaged));
  row->display_name = g_strdup (ct_store_column_text (stmt, 3, &damaged));
  if (damaged)
    return NULL;
  row->role = ct_role_from_string ((const char *) sqlite3_column_text (stmt, 4));
  row->is_admin = sqlite3_column_int (stmt, 5) != 0;
  row->enrolled = sqlite3_column_int (stmt, 6) != 0;
  row->removed = sqlite3_column_int (stmt, 9) != 0;

  if (!ct_store_column_blob (stmt, 1, row->member_uid, sizeof row->member_uid)
      || !ct_store_column_blob (stmt, 7, row->box_pk, sizeof row->box_pk)
      || !ct_store_column_blob (stmt, 8, row->sign_pk, sizeof row->sign_pk)
      || row->role == CT_ROLE_INVALID || row->login == NULL || row->display_name == NULL)
    return NULL;

  return g_steal_pointer (&row);
}

static CtMemberRow *
get_member (sqlite3    *db,
            CtStmt     *stmt,
            GError    **error)
{
  CtMemberRow *row;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("There is no team member with this login."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }

  row = read_member (stmt);
  if (row == NULL)
    ct_store_set_error (db, SQLITE_CORRUPT, error);
  return row;
}

CtMemberRow *
ct_store_get_member_by_uid (sqlite3      *db,
                            const guint8 *member_uid,
                            GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members WHERE member_uid = ?1", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_blob (stmt, 1, member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  return get_member (db, stmt, error);
}

CtMemberRow *
ct_store_get_member_by_login (sqlite3    *db,
                              const char *login,
                              GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members "
                 "WHERE login = ?1 AND removed_at IS NULL", error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  return get_member (db, stmt, error);
}

GPtrArray *
ct_store_list_members (sqlite3  *db,
                       gboolean  include_removed,
                       GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_row_free);
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT " MEMBER_COLUMNS " FROM members "
                 "WHERE ?1 OR removed_at IS NULL ORDER BY display_name COLLATE NOCASE, login",
             error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_removed);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtMemberRow *row = read_member (stmt);

      if (row == NULL)
        {
          ct_store_set_error (db, SQLITE_CORRUPT, error);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }

  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
update_member (sqlite3    *db,
               const char *sql,
               gint64      member_id,
               GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_mark_removed (sqlite3 *db,
                       gint64   member_id,
                       GError **error)
{
  return update_member (db, "UPDATE members SET removed_at = ct_now () WHERE id = ?1 AND "
                            "removed_at IS NULL", member_id, error);
}

gboolean
ct_store_set_enrolled (sqlite3 *db,
                       gint64   member_id,
                       GError **error)
{
  return update_member (db, "UPDATE members SET enrolled = 1 WHERE id = ?1", member_id, error);
}

gboolean
ct_store_set_member_role (sqlite3  *db,
                          gint64    member_id,
                          CtRole    role,
                          gboolean  is_admin,
                          GError  **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "UPDATE members SET role = ?2, is_admin = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_text (stmt, 2, ct_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, is_admin);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_set_member_keys (sqlite3      *db,
                          gint64        member_id,
                          const guint8 *box_pk,
                          const guint8 *sign_pk,
                          GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "UPDATE members SET box_pk = ?2, sign_pk = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_blob (stmt, 2, box_pk, crypto_box_PUBLICKEYBYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, sign_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error) && add_sign_key (db, member_id, sign_pk, error);
}

gboolean
ct_store_set_setting (sqlite3    *db,
                      const char *key,
                      const char *value,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

char *
ct_store_get_setting (sqlite3    *db,
                      const char *key,
                      GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT value FROM settings WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean damaged = FALSE;
      const char *value = ct_store_column_text (stmt, 0, &damaged);

      if (!damaged)
        return g_strdup (value);
      rc = SQLITE_CORRUPT;
    }
  if (rc != SQLITE_DONE)
    ct_store_set_error (db, rc, error);
  else
    g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("No such team setting."));
  return NULL;
}

gboolean
ct_store_case_number_taken (sqlite3    *db,
                            const char *number,
                            gint64      except_id)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM cases WHERE number = ?1 AND id <> ?2", NULL);

  if (stmt == NULL || number == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
