/* ct-sync-snapshot-export.c — a snapshot's database, exported through a
 * reader
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The payload of a snapshot (docs/sync-files.md, "Snapshots"): a fresh random
 * key, then the database exported with sqlcipher_export() as a standard
 * SQLCipher file under that key, without this laptop's own record, its
 * unsent and refused files and its access log. It runs in the
 * snapshot's worker through a reader of the session
 * (ct-session-sync-snapshot-job.c), in one read transaction that first
 * checks the snapshot is still due. The export exists on disk only as
 * ciphertext in a private temporary folder, removed at once. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

/* sqlcipher_export() leaves the schema's migration number behind: a
 * replica made from the snapshot needs it to know which migrations its
 * database has had. */
static gboolean
copy_version (CtSession *self,
              GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "PRAGMA main.user_version", error);
  g_autofree char *bump = NULL;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return stmt != NULL && ct_store_set_error (self->db, SQLITE_ERROR, error);
  bump = g_strdup_printf ("PRAGMA snapshot.user_version = %d", sqlite3_column_int (stmt, 0));
  return ct_store_exec (self->db, bump, error);
}

/* The tables of this laptop's access log. Each replica's log is its own
 * (docs/sync-security.md, "The access log across replicas"): a replica made from
 * the snapshot starts a log of its own, so the writer's stays out, and
 * with it most of a snapshot's size (a log entry per read and write). */
static const char * const log_tables[] = {
  "break_glass", "access_log_sets", "log_anchors", "access_log", NULL
};

/* Empties the log's tables in the export, their append-only triggers
 * dropped for the purpose and made again as they were. */
static gboolean
leave_out_log (CtSession *self,
               GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT name, sql FROM "
                                                       "snapshot.sqlite_master WHERE type = "
                                                       "'trigger' AND tbl_name IN ('access_log', "
                                                       "'access_log_sets', 'log_anchors', "
                                                       "'break_glass')", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);

      if (sql == NULL || !g_str_has_prefix (sql, "CREATE TRIGGER "))
        continue;
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (sqls, g_strconcat ("CREATE TRIGGER snapshot.",
                                          sql + strlen ("CREATE TRIGGER "), NULL));
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; ok && i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER snapshot.\"%s\"",
                                               (char *) g_ptr_array_index (names, i));

      ok = ct_store_exec (self->db, drop, error);
    }
  for (guint i = 0; ok && log_tables[i] != NULL; i++)
    {
      g_autofree char *delete = g_strdup_printf ("DELETE FROM snapshot.%s", log_tables[i]);

      ok = ct_store_exec (self->db, delete, error);
    }
  for (guint i = 0; ok && i < sqls->len; i++)
    ok = ct_store_exec (self->db, g_ptr_array_index (sqls, i), error);
  /* The pages the log held go too, not only their rows. */
  return ok && ct_store_exec (self->db, "VACUUM snapshot", error);
}

static gboolean
attach_snapshot (CtSession    *self,
                 const char   *uri,
                 const guint8 *key,
                 GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "ATTACH DATABASE ?1 AS snapshot KEY ?2",
                                             error);
  char *raw;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  raw = ct_raw_key_string (key);
  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, raw, -1, SQLITE_STATIC);
  ok = ct_store_step_done (self->db, stmt, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  ct_secret_free (raw);
  return ok;
}

/* Whether the database is still as it was when the snapshot was asked
 * for (every change made here in a change file, the same last change
 * file, sync key version and chain), read in the export's own read
 * transaction: a member may have edited in the window since. Then @file's
 * vector is what the export covers of every other replica. */
static gboolean
still_due (CtSession  *reader,
           CtSyncFile *file,
           gboolean   *due,
           GError    **error)
{
  g_autoptr(GArray) hlcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint8 head[CT_CHAIN_HASH_SIZE];
  CtSyncState state;
  guint pending, outbox;
  gint64 first;
  int found;

  *due = FALSE;
  if ((found = ct_store_sync_state_get (reader->db, &state, error)) < 0
      || !ct_store_sync_unsent (reader->db, &pending, &outbox, error)
      || (first = ct_store_sync_chain_unsent (reader->db, hlcs, error)) == -2)
    return FALSE;
  if (found == 0 || pending > 0 || outbox > 0 || first >= 0
      || state.next_seq - 1 != file->seq || state.key_version != file->key_version
      || ct_chain_statement_hash (reader->db, (gint64) file->chain_length, head))
    return TRUE;
  if (file->chain_length > 0
      && (!ct_chain_statement_hash (reader->db, (gint64) file->chain_length - 1, head)
          || memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) != 0))
    return TRUE;
  if ((file->vector = ct_store_sync_peers (reader->db, error)) == NULL)
    return FALSE;
  *due = TRUE;
  return TRUE;
}

/* The whole database into a standard SQLCipher file at @path under @key,
 * without this laptop's own record, the change files it has not yet put
 * in the folder, the files it refused (a replica made from it judges
 * those itself), its own values a sync could not keep (sync_unkept) and
 * its access log. The checks of still_due() and the
 * export read in one transaction, so nothing written meanwhile comes
 * between them. */
static gboolean
export_database (CtSession    *self,
                 CtSyncFile   *file,
                 const char   *path,
                 const guint8 *key,
                 gboolean     *due,
                 GError      **error)
{
  static const char clear_local[] =
    "DELETE FROM snapshot.sync_local;"
    "DELETE FROM snapshot.sync_outbox;"
    "DELETE FROM snapshot.sync_pending;"
    "DELETE FROM snapshot.sync_refused;"
    "DELETE FROM snapshot.sync_keys_unsent;"
    "DELETE FROM snapshot.sync_unkept;";
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?vfs=unix", NULL);
  gint64 start;
  gboolean began;
  gboolean ok;
  int fd;

  /* The database is opened without SQLITE_OPEN_CREATE, which ATTACH
   * inherits: the empty file is made here. */
  if ((fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the snapshot: %s"), g_strerror (saved));
      return FALSE;
    }
  close (fd);
  /* ATTACH and DETACH are refused inside a transaction. */
  if (!attach_snapshot (self, uri, key, error))
    return FALSE;
  start = g_get_monotonic_time ();
  /* A read transaction the session's queued writes wait for
   * (_ct_session_begin_read()), not its main loop. */
  began = _ct_session_begin_read (self, error);
  ok = began && still_due (self, file, due, error)
       && (!*due || ct_store_exec (self->db, "SELECT sqlcipher_export('snapshot')", error));
  if (began)
    _ct_session_end_read (self, ok, NULL);
  g_debug ("snapshot: the export read the team file for %" G_GINT64_FORMAT " ms",
           (g_get_monotonic_time () - start) / 1000);
  /* sqlcipher_export() writes the triggers into sqlite_master without
   * parsing them: attached again, the export's schema is whole. */
  sqlite3_exec (self->db, "DETACH DATABASE snapshot", NULL, NULL, NULL);
  if (!ok || !*due)
    return ok;
  if (!attach_snapshot (self, uri, key, error))
    return FALSE;
  ok = ct_store_exec (self->db, clear_local, error) && leave_out_log (self, error)
       && copy_version (self, error);
  sqlite3_exec (self->db, "DETACH DATABASE snapshot", NULL, NULL, NULL);
  return ok;
}

/**
 * _ct_sync_snapshot_export: (worker)
 * @reader: a reader of the session (_ct_session_new_reader())
 * @file: the snapshot's envelope; the export fills its vector
 *
 * Returns: (nullable): the payload: the export's key, then the exported
 *   database; %NULL with @error unset when the snapshot is no longer due
 *   (still_due())
 */
GBytes *
_ct_sync_snapshot_export (CtSession  *reader,
                          CtSyncFile *file,
                          GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("ct-snapshot-XXXXXX", &local);
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GByteArray) payload = NULL;
  guint8 *key;
  gsize len = 0;
  gboolean ok, due = FALSE;

  if (tmp_dir == NULL)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Cannot write the snapshot: %s"),
                   local->message);
      return NULL;
    }
  path = g_build_filename (tmp_dir, "snapshot.db", NULL);
  key = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (key, CT_KEY_SIZE);
  ok = export_database (reader, file, path, key, &due, error)
       && (!due || g_file_get_contents (path, &db, &len, &local));
  if (ok && due)
    {
      payload = g_byte_array_sized_new ((guint) (CT_KEY_SIZE + len));
      g_byte_array_append (payload, key, CT_KEY_SIZE);
      g_byte_array_append (payload, (const guint8 *) db, (guint) len);
    }
  else if (local != NULL)
    g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Cannot write the snapshot: %s"),
                 local->message);
  ct_secure_free (key);
  /* The export is ciphertext under a key that is gone now. */
  g_unlink (path);
  g_rmdir (tmp_dir);
  if (!ok || !due)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&payload));
}
