/* ct-session-sync-status.c — status files: what a replica has applied
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* After a sync that applied something, a replica writes a status file in
 * its own folder: the vector of what it has applied of every other
 * replica, in the change file's envelope (sealed under the sync key,
 * signed by its author) with a magic of its own, so a status file is never
 * read as a change file or the other way round. Each status file is
 * written once under the next number, and the older ones are removed
 * after it is in place: the folder never holds a file that is modified,
 * so a sync engine never sees two versions of one. The format and the
 * rules are in docs/sync-files.md. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define STATUS_MAGIC  "CTSTAT01"
#define STATUS_PREFIX "status-"
#define STATUS_SUFFIX ".ctstatus"
#define NUMBER_DIGITS 12

static char *
status_name (guint64 number)
{
  return g_strdup_printf (STATUS_PREFIX "%012" G_GUINT64_FORMAT STATUS_SUFFIX, number);
}

/* The number in a name "status-NNNNNNNNNNNN.ctstatus"; 0 for any other. */
static guint64
status_number (const char *name)
{
  gsize prefix = strlen (STATUS_PREFIX);
  g_autofree char *digits = NULL;
  guint64 n;

  if (strlen (name) != prefix + NUMBER_DIGITS + strlen (STATUS_SUFFIX)
      || !g_str_has_prefix (name, STATUS_PREFIX) || !g_str_has_suffix (name, STATUS_SUFFIX))
    return 0;
  digits = g_strndup (name + prefix, NUMBER_DIGITS);
  for (guint i = 0; i < NUMBER_DIGITS; i++)
    if (!g_ascii_isdigit (digits[i]))
      return 0;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &n, NULL))
    return 0;
  return n;
}

/* The numbers of the status files in @dir; returns the highest, 0 when
 * there is none. */
static guint64
list_status (const char *dir,
             GArray     *numbers)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint64 newest = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 n = status_number (name);

      if (n == 0)
        continue;
      if (numbers != NULL)
        g_array_append_val (numbers, n);
      newest = MAX (newest, n);
    }
  return newest;
}

static gboolean
refuse (GError    **error,
        const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

/* As for a change file: the author a present member whose key signed it,
 * the replica bound to no other member, the chain a prefix of ours. For
 * status files and snapshots. */
gboolean
_ct_session_sync_check_author (CtSession        *self,
                               const guint8     *data,
                               gsize             len,
                               const CtSyncFile *file,
                               GError          **error)
{
  const CtChainMember *author = ct_chain_find_uid (self->chain, file->author);
  static const guint8 unbound[CT_MEMBER_ID_SIZE] = { 0 };
  guint8 bound[CT_MEMBER_ID_SIZE] = { 0 };
  guint8 head[CT_CHAIN_HASH_SIZE];
  gboolean signed_ok = FALSE;
  CtSyncPeer peer;

  if (author == NULL)
    return refuse (error, _("its author is not a member of the team"));
  for (guint i = 0; !signed_ok && i < ct_chain_member_n_sign_keys (author); i++)
    signed_ok = _ct_sync_file_verify (data, len, ct_chain_member_get_sign_key (author, i));
  if (!signed_ok)
    return refuse (error, _("its signature does not hold: it was forged or changed"));
  if (author->removed)
    return refuse (error, _("its author was removed from the team"));
  if (ct_store_sync_peer_get (self->db, file->device, &peer, bound, error) < 0)
    return FALSE;
  if (memcmp (bound, unbound, CT_MEMBER_ID_SIZE) != 0
      && memcmp (bound, file->author, CT_MEMBER_ID_SIZE) != 0)
    return refuse (error, _("its replica belongs to another member"));
  if (file->chain_length == 0
      || !ct_chain_statement_hash (self->db, (gint64) file->chain_length - 1, head)
      || memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) != 0)
    return refuse (error, _("it was written under a team chain that differs from this file's"));
  return TRUE;
}

/**
 * _ct_session_sync_read_status:
 * @dir: the replica's folder in the team's sync folder
 * @device: the replica, as its folder's name says
 * @status: (out caller-allocates): the newest status file; its vector says
 *   what the replica had applied of each other replica. Clear it with
 *   _ct_sync_file_clear().
 *
 * Reads the replica's newest status file strictly, as a change file is
 * read. A file from further along the team chain than this one counts as
 * none yet.
 *
 * Returns: 1 when read, 0 when there is none (yet), -1 when it is refused
 *   (@error names the file and the reason)
 */
int
_ct_session_sync_read_status (CtSession         *self,
                              const CtSyncState *state,
                              const char        *dir,
                              const guint8      *device,
                              CtSyncFile        *status,
                              GError           **error)
{
  guint64 number = list_status (dir, NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) reason = NULL;
  GPtrArray *keys = NULL;
  gboolean opened;
  gsize len;
  const guint8 *bytes;

  memset (status, 0, sizeof *status);
  if (number == 0)
    return 0;
  name = status_name (number);
  path = g_build_filename (dir, name, NULL);
  /* Removed by its writer between the listing and now: a newer one is
   * there, read at the next sync. */
  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  bytes = (const guint8 *) data;
  if (!_ct_sync_file_peek_as (bytes, len, STATUS_MAGIC, status, &reason))
    goto refused;
  if (memcmp (status->team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    {
      refuse (&reason, _("it belongs to another team"));
      goto refused;
    }
  if (memcmp (status->device, device, CT_SYNC_DEVICE_SIZE) != 0 || status->seq != number)
    {
      refuse (&reason, _("its number or replica does not match its name: it was replayed or "
                         "reordered"));
      goto refused;
    }
  if (status->chain_length > (guint64) self->chain->length)
    {
      _ct_sync_file_clear (status);
      return 0;
    }
  if (!_ct_session_sync_check_author (self, bytes, len, status, &reason))
    goto refused;
  /* Under a key version this replica has not reached yet (a removal it
   * has not applied): read at a later sync, as a change file would be. */
  if (status->key_version > state->key_version
      || (keys = _ct_session_sync_open_keys (self, status->key_version)) == NULL)
    {
      _ct_sync_file_clear (status);
      return 0;
    }
  opened = _ct_sync_file_open_any (bytes, len, keys, FALSE, status, &reason);
  g_ptr_array_unref (keys);
  if (!opened)
    goto refused;
  if (status->n_changes != 0)
    {
      refuse (&reason, _("a status file holds changes"));
      goto refused;
    }
  return 1;

refused:
  _ct_sync_file_clear (status);
  if (reason != NULL)
    g_set_error (error, reason->domain, reason->code, _("Refused the status file %s: %s."),
                 path, reason->message);
  return -1;
}

/**
 * _ct_sync_list_status:
 * @numbers: (nullable): the numbers of the status files found
 *
 * Lists the status files in @dir; touches no session, so a worker calls it.
 *
 * Returns: the highest number, 0 when there is none
 */
guint64
_ct_sync_list_status (const char *dir,
                      GArray     *numbers)
{
  return list_status (dir, numbers);
}

/**
 * _ct_session_sync_seal_status:
 *
 * When this sync applied something (or this replica has no status file
 * yet), seals this replica's next status file into @io, to be written by
 * _ct_sync_io_write_status(). @io->status_numbers are the status files
 * found in this replica's folder when the folder was read.
 */
gboolean
_ct_session_sync_seal_status (CtSession           *self,
                              CtSyncIo            *io,
                              const CtSyncSummary *summary,
                              GError             **error)
{
  CtSyncFile file = { 0 };
  g_autofree char *name = NULL;
  CtSyncState state;
  guint64 newest = 0;
  guint8 *key;

  for (guint i = 0; i < io->status_numbers->len; i++)
    newest = MAX (newest, g_array_index (io->status_numbers, guint64, i));
  if (summary->applied_files == 0 && newest > 0)
    return TRUE;
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  /* Under the key version this replica has reached, as its change files
   * are. A removed member's replica reaches a version it holds no grant
   * of: it writes no status, since nobody may read it any more. */
  if ((key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    return TRUE;
  memcpy (file.team_id, self->header->team_id, CT_TEAM_ID_SIZE);
  memcpy (file.device, state.device, CT_SYNC_DEVICE_SIZE);
  file.seq = newest + 1;
  memcpy (file.author, self->member->member_uid, CT_MEMBER_ID_SIZE);
  file.key_version = state.key_version;
  file.chain_length = (guint64) self->chain->length;
  memcpy (file.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  if ((file.vector = ct_store_sync_peers (self->db, error)) == NULL)
    {
      ct_secure_free (key);
      return FALSE;
    }
  file.n_changes = 0;
  file.changes = g_bytes_new (NULL, 0);
  io->status = _ct_sync_file_seal_as (&file, STATUS_MAGIC, key, self->identity);
  ct_secure_free (key);
  name = status_name (file.seq);
  io->status_path = g_build_filename (io->own_dir, name, NULL);
  _ct_sync_file_clear (&file);
  return TRUE;
}

/**
 * _ct_sync_io_write_status:
 *
 * Writes the status file sealed into @io, if any, then removes the older
 * ones. Touches no session, so a worker calls it.
 */
gboolean
_ct_sync_io_write_status (CtSyncIo *io,
                          GError  **error)
{
  if (io->status == NULL)
    return TRUE;
  if (!_ct_sync_write_once (io->own_dir, io->status_path, io->status, error))
    return FALSE;
  for (guint i = 0; i < io->status_numbers->len; i++)
    {
      g_autofree char *old_name = status_name (g_array_index (io->status_numbers, guint64, i));
      g_autofree char *old = g_build_filename (io->own_dir, old_name, NULL);

      /* Left behind, an old status only says less than the new one. */
      if (g_unlink (old) != 0)
        g_debug ("cannot remove %s", old);
    }
  return TRUE;
}
