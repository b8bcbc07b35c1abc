/* ct-session-sync-snapshot.c — snapshots of a replica: their names, and
 * reading one back
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
 * other replica. This file names and reads snapshots; when one is written
 * is in ct-session-sync-snapshot-job.c, the export in
 * ct-sync-snapshot-export.c, and compaction, which removes this replica's
 * old change files once its own snapshot covers them, in
 * ct-session-sync-compact.c. The rules are in docs/sync-files.md. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"

#define SNAPSHOT_PREFIX "snapshot-"
#define SNAPSHOT_SUFFIX ".ctsnap"
#define NUMBER_DIGITS   12

static char *
snapshot_name (guint64 number)
{
  return g_strdup_printf (SNAPSHOT_PREFIX "%012" G_GUINT64_FORMAT SNAPSHOT_SUFFIX, number);
}

/**
 * _ct_sync_parse_number:
 *
 * The number in "<prefix>NNNNNNNNNNNN<suffix>" in @number; FALSE for any
 * other name. A snapshot may be numbered 0 (before any change file). For
 * snapshots and, with no prefix, change files.
 */
gboolean
_ct_sync_parse_number (const char *name,
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

/**
 * _ct_sync_list_snapshots:
 * @numbers: (nullable): the numbers of the snapshots in @dir
 * @newest: (out): the highest
 *
 * Touches no session, so a worker calls it.
 *
 * Returns: FALSE when @dir holds no snapshot
 */
gboolean
_ct_sync_list_snapshots (const char *dir,
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

      if (!_ct_sync_parse_number (name, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX, &n))
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
  if (!_ct_sync_list_snapshots (dir, NULL, &number))
    return 0;
  name = snapshot_name (number);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  bytes = (const guint8 *) data;
  if (!_ct_sync_file_peek_as (bytes, len, CT_SYNC_SNAPSHOT_MAGIC, snapshot, &reason))
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

/**
 * _ct_sync_replica_needs:
 * @dir: a replica's folder in the team's folder
 * @oldest: (out): the oldest change file left there, or 0 when none is
 *
 * What a new replica must have of the replica in @dir before its change
 * files there: every file up to the oldest one left, minus one, since
 * compaction removed those; with none left, up to its newest snapshot
 * (its files up to that number may all be gone). For joining
 * (docs/sync-join.md, "Joining from the folder"); touches no session.
 */
guint64
_ct_sync_replica_needs (const char *dir,
                        guint64    *oldest)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint64 snapshot;

  *oldest = 0;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 n;

      if (_ct_sync_parse_number (name, "", ".ctchange", &n) && n > 0
          && (*oldest == 0 || n < *oldest))
        *oldest = n;
    }
  if (*oldest > 0)
    return *oldest - 1;
  return _ct_sync_newest_snapshot (dir, &snapshot) ? snapshot : 0;
}

/* For joining (ct-sync-join.c): the newest snapshot's number in @dir. */
gboolean
_ct_sync_newest_snapshot (const char *dir,
                          guint64    *number)
{
  return _ct_sync_list_snapshots (dir, NULL, number);
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
  return _ct_sync_file_peek_as (data, len, CT_SYNC_SNAPSHOT_MAGIC, file, error);
}
