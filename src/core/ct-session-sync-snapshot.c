/* ct-session-sync-snapshot.c — snapshots of a replica, and compaction
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Now and then (every so many change files of its own, and on request) a
 * replica writes a snapshot of its whole database into its own folder:
 * what a new replica starts from instead of every change file ever
 * written, and what lets a replica remove its old change files. The
 * snapshot travels in the change file's envelope (sealed under the sync
 * key, signed by its author) with a magic of its own; inside is the
 * database exported under a fresh random key, so it holds no plaintext
 * and not the author's K_db. It is named after the last change file of
 * its writer that it covers, and its vector says what it covers of every
 * other replica. It is written only when every change of this replica is
 * in a change file, so the snapshot never holds a change that a change
 * file will carry again. Compaction removes this replica's own change
 * files, never another's, once every other replica's status file says it
 * applied them and this replica's own snapshot covers them. The rules are
 * in docs/sync.md. */

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
#include "ct-session-read-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define SNAPSHOT_MAGIC  "CTSNAP01"
#define SNAPSHOT_PREFIX "snapshot-"
#define SNAPSHOT_SUFFIX ".ctsnap"
#define CHANGE_SUFFIX   ".ctchange"
#define NUMBER_DIGITS   12

/* Own change files between two snapshots written by a sync. */
static guint snapshot_every = 50;

static char *
snapshot_name (guint64 number)
{
  return g_strdup_printf (SNAPSHOT_PREFIX "%012" G_GUINT64_FORMAT SNAPSHOT_SUFFIX, number);
}

/* The number in "<prefix>NNNNNNNNNNNN<suffix>" in @number; FALSE for any
 * other name. A snapshot may be numbered 0 (before any change file). */
static gboolean
parse_number (const char *name,
              const char *prefix,
              const char *suffix,
              guint64    *number)
{
  gsize pre = strlen (prefix);
  g_autofree char *digits = NULL;

  if (strlen (name) != pre + NUMBER_DIGITS + strlen (suffix) || !g_str_has_prefix (name, prefix)
      || !g_str_has_suffix (name, suffix))
    return FALSE;
  digits = g_strndup (name + pre, NUMBER_DIGITS);
  for (guint i = 0; i < NUMBER_DIGITS; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, number, NULL);
}

/* The numbers of the snapshots in @dir (when @numbers is not NULL); the
 * highest in @newest. FALSE when there is none. */
static gboolean
list_snapshots (const char *dir,
                GArray     *numbers,
                guint64    *newest)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gboolean found = FALSE;

  *newest = 0;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 n;

      if (!parse_number (name, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX, &n))
        continue;
      if (numbers != NULL)
        g_array_append_val (numbers, n);
      *newest = found ? MAX (*newest, n) : n;
      found = TRUE;
    }
  return found;
}

/**
 * _ct_session_sync_snapshot_clear:
 *
 * Wipes the export's key at the start of the payload, then clears
 * @snapshot as _ct_sync_file_clear() does.
 */
void
_ct_session_sync_snapshot_clear (CtSyncFile *snapshot)
{
  gsize len = 0;
  gpointer payload = snapshot->changes != NULL
                       ? (gpointer) g_bytes_get_data (snapshot->changes, &len) : NULL;

  if (payload != NULL)
    sodium_memzero (payload, MIN (len, CT_KEY_SIZE));
  _ct_sync_file_clear (snapshot);
}

static gboolean
refuse (GError    **error,
        const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

/**
 * _ct_session_sync_read_snapshot:
 * @dir: the replica's folder in the team's sync folder
 * @device: the replica, as its folder's name says
 * @snapshot: (out caller-allocates): the newest snapshot; its seq is the
 *   last change file of @device it covers, its vector what it covers of
 *   every other replica, and its changes the payload (the export's key,
 *   then the database). Clear it with _ct_session_sync_snapshot_clear().
 *
 * Reads the replica's newest snapshot as strictly as a change file.
 *
 * Returns: 1 when read, 0 when there is none (or it is from further along
 *   the team chain, or under a key version not reached yet), -1 when it is
 *   refused (@error names the file and the reason)
 */
int
_ct_session_sync_read_snapshot (CtSession         *self,
                                const CtSyncState *state,
                                const char        *dir,
                                const guint8      *device,
                                CtSyncFile        *snapshot,
                                GError           **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) reason = NULL;
  GPtrArray *keys = NULL;
  guint64 number;
  gboolean opened;
  gsize len;
  const guint8 *bytes;

  memset (snapshot, 0, sizeof *snapshot);
  if (!list_snapshots (dir, NULL, &number))
    return 0;
  name = snapshot_name (number);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  bytes = (const guint8 *) data;
  if (!_ct_sync_file_peek_as (bytes, len, SNAPSHOT_MAGIC, snapshot, &reason))
    goto refused;
  if (memcmp (snapshot->team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    {
      refuse (&reason, _("it belongs to another team"));
      goto refused;
    }
  if (memcmp (snapshot->device, device, CT_SYNC_DEVICE_SIZE) != 0 || snapshot->seq != number)
    {
      refuse (&reason, _("its number or replica does not match its name: it was replayed or "
                         "reordered"));
      goto refused;
    }
  if (snapshot->chain_length > (guint64) self->chain->length)
    {
      _ct_sync_file_clear (snapshot);
      return 0;
    }
  if (!_ct_session_sync_check_author (self, bytes, len, snapshot, &reason))
    goto refused;
  if (snapshot->key_version > state->key_version
      || (keys = _ct_session_sync_open_keys (self, snapshot->key_version)) == NULL)
    {
      _ct_sync_file_clear (snapshot);
      return 0;
    }
  opened = _ct_sync_file_open_any (bytes, len, keys, TRUE, snapshot, &reason);
  g_ptr_array_unref (keys);
  sodium_memzero (data, len);
  if (!opened)
    goto refused;
  if (g_bytes_get_size (snapshot->changes) <= CT_KEY_SIZE)
    {
      refuse (&reason, _("it holds no database"));
      goto refused;
    }
  return 1;

refused:
  _ct_session_sync_snapshot_clear (snapshot);
  if (reason != NULL)
    g_set_error (error, reason->domain, reason->code, _("Refused the snapshot %s: %s."), path,
                 reason->message);
  return -1;
}

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
 * (docs/sync.md, "Each replica's log stays its own"): a replica made from
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
 * those itself) and its access log. The checks of still_due() and the
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
    "DELETE FROM snapshot.sync_refused;";
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file:", escaped, "?vfs=unix", NULL);
  gint64 start;
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
  ok = ct_store_exec (self->db, "BEGIN", error) && still_due (self, file, due, error)
       && (!*due || ct_store_exec (self->db, "SELECT sqlcipher_export('snapshot')", error));
  sqlite3_exec (self->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
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

/* The payload: the export's key, then the exported database; NULL with
 * @error unset when the snapshot is no longer due (still_due()). */
static GBytes *
make_payload (CtSession  *reader,
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

/* A snapshot on its way: asked for in the session's thread, which copies
 * out what its envelope needs; exported, sealed and written by a worker
 * through a reader of the session, its own read connection as the
 * export's gather has (docs/sync.md, "Off the main loop"). */
struct _CtSyncSnapshotJob
{
  CtSession  *reader;
  char       *own_dir;
  CtSyncFile  file;      /* the envelope; the export fills its vector */
  guint8     *key;       /* the sync key of file.key_version, sodium_malloc() */
  CtIdentity *identity;  /* a copy of the author's keys, sodium_malloc() */
  gboolean    written;
};

void
_ct_sync_snapshot_job_free (CtSyncSnapshotJob *job)
{
  if (job == NULL)
    return;
  g_clear_object (&job->reader);
  g_free (job->own_dir);
  _ct_session_sync_snapshot_clear (&job->file);
  g_clear_pointer (&job->key, ct_secure_free);
  g_clear_pointer (&job->identity, ct_secure_free);
  g_free (job);
}

gboolean
_ct_sync_snapshot_job_written (CtSyncSnapshotJob *job)
{
  return job->written;
}

/* In the session's thread, while it is in no transaction: the snapshot
 * of this replica at its last change file, unless one is there already
 * (then NULL, @error unset). */
static CtSyncSnapshotJob *
start_snapshot (CtSession         *self,
                const CtSyncState *state,
                const char        *own_dir,
                guint64           *number,
                GError           **error)
{
  CtSyncSnapshotJob *job;
  guint64 newest;
  guint8 *key;

  *number = state->next_seq - 1;
  if (list_snapshots (own_dir, NULL, &newest) && newest >= *number)
    return NULL;
  if ((key = _ct_session_sync_open_key (self, state->key_version)) == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return NULL;
    }
  job = g_new0 (CtSyncSnapshotJob, 1);
  job->key = key;
  job->identity = ct_secure_alloc (sizeof (CtIdentity));
  memcpy (job->identity, self->identity, sizeof (CtIdentity));
  job->own_dir = g_strdup (own_dir);
  memcpy (job->file.team_id, self->header->team_id, CT_TEAM_ID_SIZE);
  memcpy (job->file.device, state->device, CT_SYNC_DEVICE_SIZE);
  job->file.seq = *number;
  memcpy (job->file.author, self->member->member_uid, CT_MEMBER_ID_SIZE);
  job->file.key_version = state->key_version;
  job->file.chain_length = (guint64) self->chain->length;
  memcpy (job->file.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  if ((job->reader = _ct_session_new_reader (self, error)) == NULL)
    {
      _ct_sync_snapshot_job_free (job);
      return NULL;
    }
  return job;
}

/* How long a write waits for a reader: ct_store_open()'s two seconds,
 * and while a worker exports a snapshot, as long as an export takes. */
#define WRITE_WAITS_MS        2000
#define WRITE_WAITS_EXPORT_MS (10 * 60 * 1000)

/**
 * _ct_session_sync_snapshot_writes_wait:
 * @exporting: whether a worker exports a snapshot through a reader now
 *
 * The export reads the team file in one transaction, and SQLite's
 * rollback journal makes a write wait until that read ends. A write in
 * the window meanwhile waits for it (as the whole window did while the
 * session's thread exported), instead of failing after two seconds.
 */
void
_ct_session_sync_snapshot_writes_wait (CtSession *self,
                                       gboolean   exporting)
{
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, exporting ? WRITE_WAITS_EXPORT_MS : WRITE_WAITS_MS);
}

static GMutex *snapshot_hold;
static gint *snapshot_held;

/**
 * _ct_session_sync_set_snapshot_hold:
 * @hold: (nullable): a mutex every snapshot worker takes and lets go
 *   before it exports, or %NULL
 * @held: (nullable): set to 1 when a worker reaches @hold
 *
 * Test hook: a test that holds @hold keeps the snapshot's worker waiting,
 * to show that the session's thread goes on meanwhile.
 */
void
_ct_session_sync_set_snapshot_hold (GMutex *hold,
                                    gint   *held)
{
  g_atomic_pointer_set (&snapshot_held, held);
  g_atomic_pointer_set (&snapshot_hold, hold);
}

/**
 * _ct_sync_snapshot_job_run: (worker)
 *
 * Exports, seals and writes the snapshot @job was started for (temporary
 * name, fsync, rename), then removes this replica's older snapshots. The
 * team file is only read. When a change was made here since the snapshot
 * was asked for, nothing is written (_ct_sync_snapshot_job_written() says
 * so): it is not an error.
 */
gboolean
_ct_sync_snapshot_job_run (CtSyncSnapshotJob *job,
                           GError           **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GMutex *hold = g_atomic_pointer_get (&snapshot_hold);
  gint *held = g_atomic_pointer_get (&snapshot_held);
  guint64 newest;
  gboolean ok;

  if (held != NULL)
    g_atomic_int_set (held, 1);
  if (hold != NULL)
    {
      g_mutex_lock (hold);
      g_mutex_unlock (hold);
    }
  if ((job->file.changes = make_payload (job->reader, &job->file, &local)) == NULL)
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  job->file.n_changes = 0;
  bytes = _ct_sync_file_seal_as (&job->file, SNAPSHOT_MAGIC, job->key, job->identity);
  name = snapshot_name (job->file.seq);
  path = g_build_filename (job->own_dir, name, NULL);
  list_snapshots (job->own_dir, numbers, &newest);
  ok = _ct_sync_write_once (job->own_dir, path, bytes, error);
  for (guint i = 0; ok && i < numbers->len; i++)
    {
      g_autofree char *old_name = NULL;
      g_autofree char *old = NULL;

      if (g_array_index (numbers, guint64, i) == job->file.seq)
        continue;
      old_name = snapshot_name (g_array_index (numbers, guint64, i));
      old = g_build_filename (job->own_dir, old_name, NULL);
      /* Left behind, an old snapshot only covers less than the new one. */
      if (g_unlink (old) != 0)
        g_debug ("cannot remove %s", old);
    }
  job->written = ok;
  return ok;
}

/* What @device's newest status file says it applied of this replica; 0
 * when it has none that this replica can read. */
static guint64
applied_by (CtSession         *self,
            const CtSyncState *state,
            const char        *team_dir,
            const guint8      *device)
{
  g_autofree char *hex = _ct_sync_hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *dir = g_build_filename (team_dir, hex, NULL);
  CtSyncFile status;
  guint64 seq = 0;

  if (_ct_session_sync_read_status (self, state, dir, device, &status, NULL) != 1)
    return 0;
  for (guint i = 0; i < status.vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (status.vector, CtSyncPeer, i);

      if (memcmp (peer->device, state->device, CT_SYNC_DEVICE_SIZE) == 0)
        seq = peer->seq;
    }
  _ct_sync_file_clear (&status);
  return seq;
}

/* A replica of a member the chain has removed writes nothing any more,
 * so it never holds compaction back. */
static gboolean
of_removed_member (CtSession    *self,
                   const guint8 *device)
{
  guint8 member[CT_MEMBER_ID_SIZE];
  const CtChainMember *m;

  if (!ct_store_sync_device_member (self->db, device, member))
    return FALSE;
  m = ct_chain_find_uid (self->chain, member);
  return m != NULL && m->removed;
}

/* The other replicas that compaction waits for: every one with a folder
 * in the team's folder, and every one of which a file was applied here. */
static GPtrArray *
known_replicas (CtSession    *self,
                GPtrArray    *devices,
                GError      **error)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) peers = ct_store_sync_peers (self->db, error);

  if (peers == NULL)
    return NULL;
  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (known, g_memdup2 (g_ptr_array_index (devices, i), CT_SYNC_DEVICE_SIZE));
  for (guint i = 0; i < peers->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (peers, CtSyncPeer, i);
      gboolean listed = FALSE;

      for (guint j = 0; !listed && j < devices->len; j++)
        listed = memcmp (g_ptr_array_index (devices, j), peer->device, CT_SYNC_DEVICE_SIZE) == 0;
      if (!listed && peer->seq > 0)
        g_ptr_array_add (known, g_memdup2 (peer->device, CT_SYNC_DEVICE_SIZE));
    }
  return g_steal_pointer (&known);
}

/* Removes this replica's change files that every other replica applied
 * and its own snapshot covers. */
static gboolean
compact (CtSession         *self,
         const CtSyncState *state,
         const char        *team_dir,
         const char        *own_dir,
         GPtrArray         *devices,
         GError           **error)
{
  g_autoptr(GPtrArray) known = known_replicas (self, devices, error);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) local = NULL;
  guint64 limit = state->next_seq - 1;
  guint64 oldest = G_MAXUINT64;
  guint64 named;
  CtSyncFile snapshot;
  const char *name;
  int found;

  if (known == NULL)
    return FALSE;
  d = g_dir_open (own_dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 n;

      if (parse_number (name, "", CHANGE_SUFFIX, &n) && n > 0)
        {
          g_array_append_val (present, n);
          oldest = MIN (oldest, n);
        }
    }
  if (present->len == 0)
    return TRUE;
  for (guint i = 0; i < known->len && limit >= oldest; i++)
    if (!of_removed_member (self, g_ptr_array_index (known, i)))
      limit = MIN (limit, applied_by (self, state, team_dir, g_ptr_array_index (known, i)));
  /* Its name says what it covers at most: no need to read it when that
   * is not enough. */
  if (limit < oldest || !list_snapshots (own_dir, NULL, &named) || named < oldest)
    return TRUE;
  /* The snapshot is read and checked, not trusted by its name: a file
   * planted in this folder must never make this replica remove a change
   * file nothing else holds. */
  found = _ct_session_sync_read_snapshot (self, state, own_dir, state->device, &snapshot, &local);
  if (found != 1)
    {
      if (found < 0)
        g_debug ("%s", local->message);
      return TRUE;
    }
  limit = MIN (limit, snapshot.seq);
  _ct_session_sync_snapshot_clear (&snapshot);
  for (guint i = 0; i < present->len; i++)
    {
      guint64 n = g_array_index (present, guint64, i);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;

      if (n > limit)
        continue;
      file = g_strdup_printf ("%012" G_GUINT64_FORMAT CHANGE_SUFFIX, n);
      path = g_build_filename (own_dir, file, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("cannot remove %s", path);
    }
  return TRUE;
}

/* Every change made here is in a change file in the folder. */
static gboolean
all_sent (CtSession *self,
          gboolean  *sent,
          GError   **error)
{
  g_autoptr(GArray) hlcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint pending, outbox;
  gint64 first;

  if (!ct_store_sync_unsent (self->db, &pending, &outbox, error)
      || (first = ct_store_sync_chain_unsent (self->db, hlcs, error)) == -2)
    return FALSE;
  *sent = pending == 0 && outbox == 0 && first < 0;
  return TRUE;
}

/* The chain length in the clear header of the snapshot numbered @number
 * in @dir; 0 when there is none. Only what to write next depends on it. */
static guint64
snapshot_chain (const char *dir,
                guint64     number)
{
  g_autofree char *name = snapshot_name (number);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  guint8 head[CT_SYNC_HEADER_SIZE + 8 + CT_TAG_SIZE + CT_SYNC_SIG_SIZE];
  CtSyncFile file;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0 && read (fd, head, sizeof head) == (ssize_t) sizeof head;

  if (fd >= 0)
    close (fd);
  if (!ok || !_ct_sync_file_peek_as (head, sizeof head, SNAPSHOT_MAGIC, &file, NULL))
    return 0;
  return file.chain_length;
}

/**
 * _ct_session_sync_snapshot_due:
 * @team_dir: the team's folder in the sync folder
 *
 * At the end of a sync, in the session's thread: the snapshot to write
 * when enough change files of this replica were written since its last
 * one, or when a member added here needs one to join from. Run it with
 * _ct_sync_snapshot_job_run() in a worker, then compact.
 *
 * Returns: (nullable): the snapshot to write, or %NULL (@error unset when
 *   none is due)
 */
CtSyncSnapshotJob *
_ct_session_sync_snapshot_due (CtSession  *self,
                               const char *team_dir,
                               GError    **error)
{
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  CtSyncState state;
  guint64 newest, number;
  gboolean sent, due;
  guint8 *key;

  if (!_ct_session_sync_load_state (self, &state, error) || !all_sent (self, &sent, error))
    return NULL;
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (!list_snapshots (own_dir, NULL, &newest))
    newest = 0;
  /* A member added here joins from a snapshot that holds their statement
   * (docs/sync.md, "Joining from the folder"). */
  due = _ct_session_sync_enrolment_due (self, own_dir, snapshot_chain (own_dir, newest))
        && state.next_seq - 1 > newest;
  if (!sent || !(due || state.next_seq - 1 >= newest + snapshot_every))
    return NULL;
  /* A removed member's replica holds no key to write under. */
  if ((key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    return NULL;
  ct_secure_free (key);
  return start_snapshot (self, &state, own_dir, &number, error);
}

/**
 * _ct_session_sync_compact:
 * @team_dir: the team's folder in the sync folder
 * @devices: the other replicas with a folder there
 *
 * At the end of a sync, after its snapshot: removes this replica's change
 * files that every other replica applied and its own snapshot covers.
 */
gboolean
_ct_session_sync_compact (CtSession  *self,
                          const char *team_dir,
                          GPtrArray  *devices,
                          GError    **error)
{
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  CtSyncState state;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  return compact (self, &state, team_dir, own_dir, devices, error);
}

/**
 * _ct_session_sync_snapshot_and_compact:
 *
 * The end of a blocking sync: the snapshot when one is due, written in
 * the caller's thread, then compaction.
 */
gboolean
_ct_session_sync_snapshot_and_compact (CtSession  *self,
                                       const char *team_dir,
                                       GPtrArray  *devices,
                                       GError    **error)
{
  g_autoptr(GError) local = NULL;
  CtSyncSnapshotJob *job = _ct_session_sync_snapshot_due (self, team_dir, &local);
  gboolean ok;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  ok = job == NULL || _ct_sync_snapshot_job_run (job, error);
  _ct_sync_snapshot_job_free (job);
  return ok && _ct_session_sync_compact (self, team_dir, devices, error);
}

/**
 * ct_session_sync_snapshot:
 * @folder: the team's sync folder
 * @number: (out): the snapshot's number: the last change file of this
 *   replica that it covers
 *
 * Writes a snapshot of this replica into its folder now, in the caller's
 * thread, unless one at its last change file is there already. Every
 * change made here must be in a change file first (ct_session_sync()).
 */
gboolean
ct_session_sync_snapshot (CtSession  *self,
                          const char *folder,
                          guint64    *number,
                          GError    **error)
{
  g_autofree char *team_dir = NULL;
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  g_autoptr(GError) local = NULL;
  CtSyncSnapshotJob *job;
  CtSyncState state;
  gboolean sent, ok, written;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL && number != NULL, FALSE);

  if (!_ct_session_begin_write (self, error) || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Sync needs a member's session, not the recovery key."));
      return FALSE;
    }
  if (!all_sent (self, &sent, error))
    return FALSE;
  if (!sent)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("Changes made here are not in a change file yet: sync first, "
                             "then write the snapshot."));
      return FALSE;
    }
  team_dir = _ct_sync_team_folder (self, folder);
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (g_mkdir_with_parents (own_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the snapshot: %s"), g_strerror (saved));
      return FALSE;
    }
  if ((job = start_snapshot (self, &state, own_dir, number, &local)) == NULL)
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  ok = _ct_sync_snapshot_job_run (job, error);
  written = ok && _ct_sync_snapshot_job_written (job);
  _ct_sync_snapshot_job_free (job);
  if (ok && !written)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("Changes made here are not in a change file yet: sync first, "
                             "then write the snapshot."));
      return FALSE;
    }
  return ok;
}

/* For joining (ct-sync-join.c): the newest snapshot's number in @dir. */
gboolean
_ct_sync_newest_snapshot (const char *dir,
                          guint64    *number)
{
  return list_snapshots (dir, NULL, number);
}

char *
_ct_sync_snapshot_name (guint64 number)
{
  return snapshot_name (number);
}

/* A snapshot's clear header, as _ct_sync_file_peek_as() reads it. */
gboolean
_ct_sync_snapshot_peek (const guint8 *data,
                        gsize         len,
                        CtSyncFile   *file,
                        GError      **error)
{
  return _ct_sync_file_peek_as (data, len, SNAPSHOT_MAGIC, file, error);
}

/* For tests: own change files between two snapshots written by a sync. */
void
_ct_session_sync_set_snapshot_every (guint files)
{
  snapshot_every = MAX (files, 1);
}
