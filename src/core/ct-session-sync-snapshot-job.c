/* ct-session-sync-snapshot-job.c — when a snapshot is written, and the
 * worker that writes it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A snapshot is written at the end of a sync once enough change files of
 * this replica were written since its last one (or a member added here
 * needs one to join from), and on request. It is written only when every
 * change of this replica is in a change file, so the snapshot never holds
 * a change that a change file will carry again. The session's thread
 * copies out what the envelope needs and makes a reader; a worker
 * exports (ct-sync-snapshot-export.c), seals and writes it (docs/sync-files.md,
 * "Snapshots"; docs/sync.md, "Off the main loop"). The same worker removes the
 * enrolment files that were used and writes the key files of waiting
 * ones, as the session's thread decided from what a worker read
 * (ct-sync-enrol.c). */

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

/* Own change files between two snapshots written by a sync. */
static guint snapshot_every = 50;

/* A snapshot on its way: asked for in the session's thread, which copies
 * out what its envelope needs; exported, sealed and written by a worker
 * through a reader of the session, its own read connection as the
 * export's gather has (docs/sync.md, "Off the main loop"). With it, or
 * alone (then no reader), what is to be done in the folder for the
 * enrolments. */
struct _CtSyncSnapshotJob
{
  CtSession  *reader;    /* NULL: no snapshot, only key files */
  CtSyncEnrolScan *enrolments; /* for _ct_sync_enrol_scan_write(), or NULL */
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
  g_clear_pointer (&job->enrolments, _ct_sync_enrol_scan_free);
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

/* Whether the job exports a snapshot through a reader, so that the
 * session's writes wait for it (_ct_session_sync_snapshot_writes_wait()). */
gboolean
_ct_sync_snapshot_job_exports (CtSyncSnapshotJob *job)
{
  return job->reader != NULL;
}

/* In the session's thread, while it is in no transaction: the snapshot
 * of this replica at its last change file, unless one is there already
 * (@newest, the highest number its caller found in @own_dir; then NULL,
 * @error unset). */
static CtSyncSnapshotJob *
start_snapshot (CtSession         *self,
                const CtSyncState *state,
                const char        *own_dir,
                guint64            newest,
                guint64           *number,
                GError           **error)
{
  CtSyncSnapshotJob *job;
  guint8 *key;

  *number = state->next_seq - 1;
  if (newest >= *number)
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
  _ct_session_wait_for_readers (self, exporting);
}

static CtWorkerHold snapshot_hold;

/**
 * _ct_session_sync_set_snapshot_hold:
 * @hold: (nullable): a mutex every snapshot worker takes and lets go
 *   before it exports, or %NULL
 * @held: (nullable): set to 1 when a worker reaches @hold
 *
 * Test hook: a test that holds @hold keeps the snapshot's worker waiting,
 * before it writes anything, to show that the session's thread goes on
 * meanwhile.
 */
void
_ct_session_sync_set_snapshot_hold (GMutex *hold,
                                    gint   *held)
{
  _ct_worker_hold_set (&snapshot_hold, hold, held);
}

/**
 * _ct_sync_snapshot_job_run: (worker)
 *
 * Removes and writes the enrolments' files as @job carries them, then
 * exports, seals and writes the
 * snapshot it was started for, if any (temporary name, fsync, rename),
 * then removes this replica's older snapshots. The team file is only
 * read. When a change was made here since the snapshot
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
  guint64 newest;
  gboolean ok;

  _ct_worker_hold_wait (&snapshot_hold);
  if (job->enrolments != NULL)
    _ct_sync_enrol_scan_write (job->enrolments);
  if (job->reader == NULL)
    return TRUE;
  if ((job->file.changes = _ct_sync_snapshot_export (job->reader, &job->file, &local)) == NULL)
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  job->file.n_changes = 0;
  bytes = _ct_sync_file_seal_as (&job->file, CT_SYNC_SNAPSHOT_MAGIC, job->key, job->identity);
  name = _ct_sync_snapshot_name (job->file.seq);
  path = g_build_filename (job->own_dir, name, NULL);
  _ct_sync_list_snapshots (job->own_dir, numbers, &newest);
  ok = _ct_sync_write_once (job->own_dir, path, bytes, error);
  for (guint i = 0; ok && i < numbers->len; i++)
    {
      g_autofree char *old_name = NULL;
      g_autofree char *old = NULL;

      if (g_array_index (numbers, guint64, i) == job->file.seq)
        continue;
      old_name = _ct_sync_snapshot_name (g_array_index (numbers, guint64, i));
      old = g_build_filename (job->own_dir, old_name, NULL);
      /* Left behind, an old snapshot only covers less than the new one. */
      if (g_unlink (old) != 0)
        g_debug ("cannot remove %s", old);
    }
  job->written = ok;
  return ok;
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
  g_autofree char *name = _ct_sync_snapshot_name (number);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  guint8 head[CT_SYNC_HEADER_SIZE + 8 + CT_TAG_SIZE + CT_SYNC_SIG_SIZE];
  CtSyncFile file;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok = fd >= 0 && read (fd, head, sizeof head) == (ssize_t) sizeof head;

  if (fd >= 0)
    close (fd);
  if (!ok || !_ct_sync_file_peek_as (head, sizeof head, CT_SYNC_SNAPSHOT_MAGIC, &file, NULL))
    return 0;
  return file.chain_length;
}

static CtWorkerHold seen_hold;

/**
 * _ct_session_sync_set_seen_hold:
 * @hold: (nullable): a mutex the worker that reads this replica's newest
 *   snapshot header takes and lets go before it reads, or %NULL
 * @held: (nullable): set to 1 when that worker reaches @hold
 *
 * Test hook: a test that holds @hold keeps that worker waiting, to show
 * that the session's thread goes on meanwhile (it never reads the header
 * itself in ct_session_sync_async()). A read in the thread that runs the
 * main loop passes the hold by, so such a test sees no worker held.
 */
void
_ct_session_sync_set_seen_hold (GMutex *hold,
                                gint   *held)
{
  _ct_worker_hold_set (&seen_hold, hold, held);
}

/**
 * _ct_sync_snapshot_seen: (worker)
 * @own_dir: this replica's folder in the team's sync folder
 * @seen: (out caller-allocates): the newest snapshot's number there (0:
 *   none) and the chain length in its clear header
 *
 * Lists this replica's snapshots and reads the newest one's clear header,
 * for _ct_session_sync_snapshot_due(). Touches no session, so the status
 * file's worker calls it, after reading the enrolment files.
 */
void
_ct_sync_snapshot_seen (const char         *own_dir,
                        CtSyncSnapshotSeen *seen)
{
  /* Held only off the main loop's thread: a test that finds this read
   * there (where the hold would never let go) fails instead of hanging. */
  if (!g_main_context_is_owner (g_main_context_default ()))
    _ct_worker_hold_wait (&seen_hold);
  if (!_ct_sync_list_snapshots (own_dir, NULL, &seen->newest))
    seen->newest = 0;
  seen->chain = snapshot_chain (own_dir, seen->newest);
}

/* While an enrolment waits: whether this replica's newest snapshot falls
 * short of what compaction removed from another replica's folder, which
 * what this replica has applied now reaches, so that a new snapshot lets
 * the member join (docs/sync-join.md, "Joining from the folder"). The
 * snapshot is read only when another folder lost files at all. */
static gboolean
snapshot_short (CtSession         *self,
                const CtSyncState *state,
                const char        *team_dir,
                const char        *own_dir)
{
  g_autoptr(GDir) d = g_dir_open (team_dir, 0, NULL);
  g_autoptr(GArray) needs = g_array_new (FALSE, FALSE, sizeof (CtSyncPeer));
  g_autoptr(GArray) applied = NULL;
  g_autofree char *own_hex = _ct_sync_hex (state->device, CT_SYNC_DEVICE_SIZE);
  CtSyncFile snapshot;
  const char *device;
  gboolean is_short = FALSE;

  while (d != NULL && (device = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = NULL;
      CtSyncPeer need = { { 0 } };
      gsize bin_len = 0;
      guint64 oldest;

      if (strlen (device) != 2 * CT_SYNC_DEVICE_SIZE || strcmp (device, own_hex) == 0
          || sodium_hex2bin (need.device, sizeof need.device, device, strlen (device), NULL,
                             &bin_len, NULL) != 0 || bin_len != sizeof need.device)
        continue;
      dir = g_build_filename (team_dir, device, NULL);
      if ((need.seq = _ct_sync_replica_needs (dir, &oldest)) > 0)
        g_array_append_val (needs, need);
    }
  if (needs->len == 0 || (applied = ct_store_sync_peers (self->db, NULL)) == NULL
      || _ct_session_sync_read_snapshot (self, state, own_dir, state->device, &snapshot,
                                         NULL) != 1)
    return FALSE;
  for (guint i = 0; !is_short && i < needs->len; i++)
    {
      const CtSyncPeer *need = &g_array_index (needs, CtSyncPeer, i);
      guint64 covered = 0, now = 0;

      for (guint j = 0; j < snapshot.vector->len; j++)
        if (memcmp (g_array_index (snapshot.vector, CtSyncPeer, j).device, need->device,
                    CT_SYNC_DEVICE_SIZE) == 0)
          covered = g_array_index (snapshot.vector, CtSyncPeer, j).seq;
      for (guint j = 0; j < applied->len; j++)
        if (memcmp (g_array_index (applied, CtSyncPeer, j).device, need->device,
                    CT_SYNC_DEVICE_SIZE) == 0)
          now = g_array_index (applied, CtSyncPeer, j).seq;
      is_short = covered < need->seq && now >= need->seq;
    }
  _ct_session_sync_snapshot_clear (&snapshot);
  return is_short;
}

/* The snapshot due at the end of a sync, or NULL (@error unset when none
 * is due); @due: a member added here needs one, @waiting: an enrolment
 * waits. */
static CtSyncSnapshotJob *
snapshot_due (CtSession         *self,
              const CtSyncState *state,
              const char        *team_dir,
              const char        *own_dir,
              guint64            newest,
              gboolean           due,
              gboolean           waiting,
              GError           **error)
{
  guint64 number;
  gboolean sent;
  guint8 *key;

  if (!all_sent (self, &sent, error) || !sent)
    return NULL;
  if (!due && waiting && state->next_seq - 1 > newest
      && state->next_seq - 1 < newest + snapshot_every)
    due = snapshot_short (self, state, team_dir, own_dir);
  if (!(due || state->next_seq - 1 >= newest + snapshot_every))
    return NULL;
  /* A removed member's replica holds no key to write under. */
  if ((key = _ct_session_sync_open_key (self, state->key_version)) == NULL)
    return NULL;
  ct_secure_free (key);
  return start_snapshot (self, state, own_dir, newest, &number, error);
}

/**
 * _ct_session_sync_snapshot_due:
 * @team_dir: the team's folder in the sync folder
 * @enrolments: (transfer full) (nullable): what a worker read of this
 *   replica's enrolment files (_ct_sync_enrol_scan()), or %NULL to read
 *   them here (a blocking sync)
 * @seen: (nullable): what a worker read of this replica's newest snapshot
 *   (_ct_sync_snapshot_seen()), or %NULL to read it here (a blocking sync)
 *
 * At the end of a sync, in the session's thread: the snapshot to write
 * when enough change files of this replica were written since its last
 * one, or when a member added here needs one to join from; and what is
 * to be done for the enrolments waiting here (ct-sync-enrol.c): the used
 * ones removed, key files sealed here, both by the job's worker. Run it
 * with _ct_sync_snapshot_job_run() in a worker, then compact.
 *
 * Returns: (nullable): the snapshot and the enrolments' files, or %NULL
 *   (@error unset when nothing is due)
 */
CtSyncSnapshotJob *
_ct_session_sync_snapshot_due (CtSession                *self,
                               const char               *team_dir,
                               CtSyncEnrolScan          *enrolments,
                               const CtSyncSnapshotSeen *seen,
                               GError                  **error)
{
  g_autoptr(CtSyncEnrolScan) scan = enrolments;
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  g_autoptr(GError) local = NULL;
  CtSyncSnapshotSeen here;
  CtSyncSnapshotJob *job;
  CtSyncState state;
  gboolean due, waiting;

  if (!_ct_session_sync_load_state (self, &state, error))
    return NULL;
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (seen == NULL)
    {
      _ct_sync_snapshot_seen (own_dir, &here);
      seen = &here;
    }
  if (scan == NULL)
    scan = _ct_sync_enrol_scan (own_dir);
  /* A member added here joins from a snapshot that holds their statement
   * and reaches what compaction removed (docs/sync-join.md, "Joining from the
   * folder"). */
  due = _ct_session_sync_enrolment_due (self, scan, seen->chain, &waiting)
        && state.next_seq - 1 > seen->newest;
  job = snapshot_due (self, &state, team_dir, own_dir, seen->newest, due, waiting, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!_ct_sync_enrol_scan_has_work (scan))
    return job;
  if (job == NULL)
    {
      job = g_new0 (CtSyncSnapshotJob, 1);
      job->own_dir = g_strdup (own_dir);
    }
  job->enrolments = g_steal_pointer (&scan);
  return job;
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
  CtSyncSnapshotJob *job = _ct_session_sync_snapshot_due (self, team_dir, NULL, NULL, &local);
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
  guint64 newest;
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
  if (!_ct_sync_list_snapshots (own_dir, NULL, &newest))
    newest = 0;
  if ((job = start_snapshot (self, &state, own_dir, newest, number, &local)) == NULL)
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

/* For tests: own change files between two snapshots written by a sync. */
void
_ct_session_sync_set_snapshot_every (guint files)
{
  snapshot_every = MAX (files, 1);
}
