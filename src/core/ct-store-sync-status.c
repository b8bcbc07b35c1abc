/* ct-store-sync-status.c — SQL of a replica's local sync status
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The row of sync_local (docs/sync.md, "Status"): the folder this laptop
 * syncs through and what its last syncs did, plus the counts and lists
 * the status page reads from the other sync tables. Each function runs in
 * the caller's transaction; every value is bound. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <string.h>

#include "ct-store-sync.h"

static void
read_text (sqlite3_stmt *stmt,
           int           column,
           char        **out)
{
  g_free (*out);
  *out = sqlite3_column_type (stmt, column) == SQLITE_TEXT
           ? g_strdup ((const char *) sqlite3_column_text (stmt, column))
           : NULL;
}

/* Fills the local fields of @local; a file never synced gives zeros. */
gboolean
ct_store_sync_local_get (sqlite3       *db,
                         CtSyncLocal   *local,
                         GError       **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT folder, last_sync, last_sent, last_received, waiting_files, "
                          "last_error FROM sync_local WHERE id = 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      read_text (stmt, 0, &local->folder);
      local->last_sync = sqlite3_column_int64 (stmt, 1);
      local->last_sent = sqlite3_column_int64 (stmt, 2);
      local->last_received = sqlite3_column_int64 (stmt, 3);
      local->waiting_files = (guint) sqlite3_column_int64 (stmt, 4);
      read_text (stmt, 5, &local->last_error);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  ct_store_set_error (db, rc, error);
  return FALSE;
}

gboolean
ct_store_sync_local_put (sqlite3           *db,
                         const CtSyncLocal *local,
                         GError           **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO sync_local (id, folder, last_sync, "
                          "last_sent, last_received, waiting_files, last_error) "
                          "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, local->folder, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, local->last_sync);
  sqlite3_bind_int64 (stmt, 3, local->last_sent);
  sqlite3_bind_int64 (stmt, 4, local->last_received);
  sqlite3_bind_int64 (stmt, 5, local->waiting_files);
  sqlite3_bind_text (stmt, 6, local->last_error, -1, SQLITE_TRANSIENT);
  return ct_store_step_done (db, stmt, error);
}

void
ct_store_sync_local_clear (CtSyncLocal *local)
{
  g_free (local->folder);
  g_free (local->last_error);
  memset (local, 0, sizeof *local);
}

/* The rows of @sql, one integer; -1 on error. */
static gint64
count (sqlite3    *db,
       const char *sql,
       GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  ct_store_set_error (db, rc, error);
  return -1;
}

/* Changes captured and not yet in a change file, and change files made
 * and not yet in the folder. */
gboolean
ct_store_sync_unsent (sqlite3 *db,
                      guint   *pending,
                      guint   *outbox,
                      GError **error)
{
  gint64 p = count (db, "SELECT count (*) FROM sync_pending", error);
  gint64 o = p < 0 ? -1 : count (db, "SELECT count (*) FROM sync_outbox", error);

  if (o < 0)
    return FALSE;
  *pending = (guint) p;
  *outbox = (guint) o;
  return TRUE;
}

/* Columns: device, member uid, seq, hlc; by device. Only devices of
 * which a file was applied: the one a copy was made from is recorded at
 * its last file, which may be none. */
sqlite3_stmt *
ct_store_sync_peers_with_member (sqlite3 *db,
                                 GError **error)
{
  return ct_store_prepare (db, "SELECT device, member, seq, hlc FROM sync_peers WHERE seq > 0 "
                               "ORDER BY device", error);
}

/* Columns: device, seq, reason, member uid (NULL when the device was
 * never applied); by device and number. */
sqlite3_stmt *
ct_store_sync_refused_list (sqlite3 *db,
                            GError **error)
{
  return ct_store_prepare (db, "SELECT r.device, r.seq, r.reason, p.member FROM sync_refused r "
                               "LEFT JOIN sync_peers p ON p.device = r.device "
                               "ORDER BY r.device, r.seq", error);
}

/* The member uid that @device's applied files were written by; FALSE
 * when none was applied. */
gboolean
ct_store_sync_device_member (sqlite3      *db,
                             const guint8 *device,
                             guint8       *member)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT member FROM sync_peers WHERE device = ?1",
                                             NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, device, CT_SYNC_DEVICE_SIZE, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_bytes (stmt, 0) != CT_MEMBER_ID_SIZE)
    return FALSE;
  memcpy (member, sqlite3_column_blob (stmt, 0), CT_MEMBER_ID_SIZE);
  return TRUE;
}
