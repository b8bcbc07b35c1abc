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
 * are in docs/sync.md ("Compaction"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define CHANGE_SUFFIX ".ctchange"

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

      if (_ct_sync_parse_number (name, "", CHANGE_SUFFIX, &n) && n > 0)
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
  if (limit < oldest || !_ct_sync_list_snapshots (own_dir, NULL, &named) || named < oldest)
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

