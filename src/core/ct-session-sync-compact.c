/* ct-session-sync-compact.c — compaction: removing this replica's old
 * change files
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Compaction removes this replica's own change files, never another's,
 * once every other replica's status file says it applied them and this
 * replica's own snapshot, read back and checked, covers them. The rules
 * are in docs/sync-files.md ("Compaction"). Reading those files back is the
 * costly part (the snapshot is the whole team), so it runs as a job like
 * the snapshot's: the session's thread makes a reader of the session with
 * copies of its verified chain, header and keys, and a worker reads the
 * folder through it, decides and removes (docs/sync.md, "Off the main
 * loop"). Every fact the decision rests on only grows while the job runs
 * (another replica's newest status, this replica's newest snapshot), and
 * a change file written meanwhile has a higher number than any the job
 * may remove. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define CHANGE_SUFFIX ".ctchange"

/* What @device's newest status file says it applied of this replica; 0
 * when it has none that this replica can read. */
static guint64
applied_by (CtSession         *reader,
            const CtSyncState *state,
            const char        *team_dir,
            const guint8      *device)
{
  g_autofree char *hex = _ct_sync_hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *dir = g_build_filename (team_dir, hex, NULL);
  CtSyncFile status;
  guint64 seq = 0;

  if (_ct_session_sync_read_status (reader, state, dir, device, &status, NULL) != 1)
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
of_removed_member (CtSession    *reader,
                   const guint8 *device)
{
  guint8 member[CT_MEMBER_ID_SIZE];
  const CtChainMember *m;

  if (!ct_store_sync_device_member (reader->db, device, member))
    return FALSE;
  m = ct_chain_find_uid (reader->chain, member);
  return m != NULL && m->removed;
}

/* The other replicas that compaction waits for: every one with a folder
 * in the team's folder, and every one of which a file was applied here. */
static GPtrArray *
known_replicas (CtSession    *reader,
                GPtrArray    *devices,
                GError      **error)
{
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) peers = ct_store_sync_peers (reader->db, error);

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

/* The numbers of this replica's change files in @own_dir, into @present;
 * the oldest, or 0 when there is none. */
static guint64
list_changes (const char *own_dir,
              GArray     *present)
{
  g_autoptr(GDir) d = g_dir_open (own_dir, 0, NULL);
  guint64 oldest = G_MAXUINT64;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 n;

      if (_ct_sync_parse_number (name, "", CHANGE_SUFFIX, &n) && n > 0)
        {
          g_array_append_val (present, n);
          oldest = MIN (oldest, n);
        }
    }
  return present->len > 0 ? oldest : 0;
}

/* Removes this replica's change files that every other replica applied
 * and its own snapshot covers. */
static gboolean
compact (CtSession         *reader,
         const CtSyncState *state,
         const char        *team_dir,
         const char        *own_dir,
         GPtrArray         *devices,
         GError           **error)
{
  g_autoptr(GPtrArray) known = known_replicas (reader, devices, error);
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) local = NULL;
  guint64 limit = state->next_seq - 1;
  guint64 oldest;
  guint64 named;
  CtSyncFile snapshot;
  int found;

  if (known == NULL)
    return FALSE;
  if ((oldest = list_changes (own_dir, present)) == 0)
    return TRUE;
  for (guint i = 0; i < known->len && limit >= oldest; i++)
    if (!of_removed_member (reader, g_ptr_array_index (known, i)))
      limit = MIN (limit, applied_by (reader, state, team_dir, g_ptr_array_index (known, i)));
  /* Its name says what it covers at most: no need to read it when that
   * is not enough. */
  if (limit < oldest || !_ct_sync_list_snapshots (own_dir, NULL, &named) || named < oldest)
    return TRUE;
  /* The snapshot is read and checked, not trusted by its name: a file
   * planted in this folder must never make this replica remove a change
   * file nothing else holds. */
  found = _ct_session_sync_read_snapshot (reader, state, own_dir, state->device, &snapshot, &local);
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

/**
 * _ct_sync_compact_may_remove: (worker)
 * @own_dir: this replica's folder in the team's folder
 *
 * The cheap answer first, from the names in @own_dir alone: whether this
 * replica holds a change file that its newest snapshot, by its name, may
 * cover. Only then may compaction remove anything, and only then is a
 * reader made to read the status files and the snapshot back
 * (_ct_session_sync_compact_start()). A "no" is final for this sync: a
 * snapshot's name says the most it covers. Touches no session.
 */
gboolean
_ct_sync_compact_may_remove (const char *own_dir)
{
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 oldest = list_changes (own_dir, present);
  guint64 named;

  return oldest > 0 && _ct_sync_list_snapshots (own_dir, NULL, &named) && named >= oldest;
}

/* A compaction on its way: the facts are read through @reader, a reader
 * of the session given copies of its chain, header and identity, so the
 * worker touches nothing the session may change or wipe. */
struct _CtSyncCompactJob
{
  CtSession   *reader;
  CtSyncState  state;
  char        *team_dir;
  char        *own_dir;
  GPtrArray   *devices;  /* the other replicas with a folder (device ids) */
};

void
_ct_sync_compact_job_free (CtSyncCompactJob *job)
{
  if (job == NULL)
    return;
  g_clear_object (&job->reader);
  g_free (job->team_dir);
  g_free (job->own_dir);
  g_clear_pointer (&job->devices, g_ptr_array_unref);
  g_free (job);
}

/**
 * _ct_session_sync_compact_start:
 * @team_dir: the team's folder in the sync folder
 * @devices: the other replicas with a folder there
 *
 * At the end of a sync, after its snapshot, in the session's thread while
 * it is in no transaction: what compaction needs, for
 * _ct_sync_compact_job_run() in a worker.
 *
 * Returns: (nullable): the job, or %NULL with @error set
 */
CtSyncCompactJob *
_ct_session_sync_compact_start (CtSession  *self,
                                const char *team_dir,
                                GPtrArray  *devices,
                                GError    **error)
{
  g_autofree char *own_hex = NULL;
  CtSyncCompactJob *job;
  CtSession *reader;

  job = g_new0 (CtSyncCompactJob, 1);
  if (!_ct_session_sync_load_state (self, &job->state, error)
      || (reader = _ct_session_new_reader (self, error)) == NULL)
    {
      _ct_sync_compact_job_free (job);
      return NULL;
    }
  /* What checking a status file or snapshot needs besides the database:
   * the verified chain (which every reader holds a copy of), the team id
   * and the member's box key (to open the sync key's grant). */
  reader->header = self->header != NULL ? ct_header_copy (self->header) : NULL;
  if (self->identity != NULL)
    {
      reader->identity = ct_secure_alloc (sizeof (CtIdentity));
      memcpy (reader->identity, self->identity, sizeof (CtIdentity));
    }
  job->reader = reader;
  own_hex = _ct_sync_hex (job->state.device, CT_SYNC_DEVICE_SIZE);
  job->team_dir = g_strdup (team_dir);
  job->own_dir = g_build_filename (team_dir, own_hex, NULL);
  job->devices = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (job->devices,
                     g_memdup2 (g_ptr_array_index (devices, i), CT_SYNC_DEVICE_SIZE));
  return job;
}

static CtWorkerHold compact_hold;

/**
 * _ct_session_sync_set_compact_hold:
 * @hold: (nullable): a mutex every compaction worker with a reader takes
 *   and lets go before it reads the folder, or %NULL
 * @held: (nullable): set to 1 when a worker reaches @hold
 *
 * Test hook: a test that holds @hold keeps compaction's worker waiting,
 * to show that the session's thread goes on meanwhile.
 */
void
_ct_session_sync_set_compact_hold (GMutex *hold,
                                   gint   *held)
{
  _ct_worker_hold_set (&compact_hold, hold, held);
}

/**
 * _ct_sync_compact_job_run: (worker)
 *
 * Reads the other replicas' status files and this replica's own snapshot
 * through the job's reader, and removes this replica's change files that
 * every other replica applied and the snapshot covers.
 */
gboolean
_ct_sync_compact_job_run (CtSyncCompactJob *job,
                          GError          **error)
{
  _ct_worker_hold_wait (&compact_hold);
  return compact (job->reader, &job->state, job->team_dir, job->own_dir, job->devices, error);
}

/**
 * _ct_session_sync_compact:
 * @team_dir: the team's folder in the sync folder
 * @devices: the other replicas with a folder there
 *
 * At the end of a blocking sync, after its snapshot: compaction's job run
 * in the caller's thread, when the names in the folder say that anything
 * may go (_ct_sync_compact_may_remove()).
 */
gboolean
_ct_session_sync_compact (CtSession  *self,
                          const char *team_dir,
                          GPtrArray  *devices,
                          GError    **error)
{
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  CtSyncCompactJob *job;
  CtSyncState state;
  gboolean ok;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (!_ct_sync_compact_may_remove (own_dir))
    return TRUE;
  if ((job = _ct_session_sync_compact_start (self, team_dir, devices, error)) == NULL)
    return FALSE;
  ok = _ct_sync_compact_job_run (job, error);
  _ct_sync_compact_job_free (job);
  return ok;
}
