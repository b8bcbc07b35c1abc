/* ct-session-sync-folder.c — this replica's change files and the folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_sync() writes the captured changes into this replica's next
 * change file and applies the other replicas' files in causal order
 * (docs/sync.md, "Off the main loop"), in stages so that the folder's I/O
 * can run in a worker (ct-session-sync-async.c). Applying one file is
 * ct-session-sync-apply.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define FILE_SUFFIX ".ctchange"

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static gboolean
parse_hex (const char *text,
           guint8     *out,
           gsize       len)
{
  if (strlen (text) != len * 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0 || g_ascii_isupper (text[2 * i]) || g_ascii_isupper (text[2 * i + 1]))
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* ---- writing ----------------------------------------------------------- */

static char *
team_folder (CtSession  *self,
             const char *folder)
{
  g_autofree char *team = hex (self->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *name = g_strconcat ("casustafel-", team, NULL);

  return g_build_filename (folder, name, NULL);
}

static char *
change_file_name (guint64 seq)
{
  return g_strdup_printf ("%012" G_GUINT64_FORMAT FILE_SUFFIX, seq);
}

static gboolean
io_error (const char *path,
          int         saved,
          GError    **error)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               _("Cannot write the change file %s: %s"), path, g_strerror (saved));
  return FALSE;
}

/* Makes the names in @dir durable: a file renamed or linked into it is
 * there after a crash. */
gboolean
_ct_sync_fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok = fd >= 0 && fsync (fd) == 0;

  if (fd >= 0)
    close (fd);
  return ok;
}

/* Once, by a temporary name, fsync and rename; never over a file with
 * other contents (that one was written by another copy of this replica). */
static gboolean
write_once (const char *dir,
            const char *path,
            GBytes     *bytes,
            GError    **error)
{
  g_autofree char *tmp = g_build_filename (dir, ".tmp-XXXXXX", NULL);
  g_autofree char *existing = NULL;
  gsize len, have;
  const char *data = g_bytes_get_data (bytes, &len);
  int fd;

  if (g_file_get_contents (path, &existing, &have, NULL))
    {
      if (have == len && memcmp (existing, data, len) == 0)
        return TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_EXISTS,
                   _("The sync folder already holds another change file %s of this replica: "
                     "another copy of this team file writes as the same replica."), path);
      return FALSE;
    }
  if ((fd = g_mkstemp (tmp)) < 0)
    return io_error (path, errno, error);
  for (gsize done = 0; done < len;)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          close (fd), g_unlink (tmp);
          return io_error (path, saved, error);
        }
      done += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0 || !_ct_sync_fsync_dir (dir))
    {
      int saved = errno;

      g_unlink (tmp);
      return io_error (path, saved, error);
    }
  return TRUE;
}

/* One change file of this replica into the outbox, sealed under sync key
 * @version; @statements, @grants and @pending may be NULL. */
static gboolean
seal_to_outbox (CtSession   *self,
                CtSyncState *state,
                guint32      version,
                GPtrArray   *statements,
                GArray      *grants,
                GBytes      *category_keys,
                GPtrArray   *pending,
                GError     **error)
{
  g_autoptr(GByteArray) changes = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  CtSyncFile file = { 0 };
  guint8 *key = _ct_session_sync_open_key (self, version);
  gboolean ok;

  if (key == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      gsize len;
      gconstpointer body = g_bytes_get_data (g_ptr_array_index (pending, i), &len);

      g_byte_array_append (changes, body, (guint) len);
    }
  memcpy (file.team_id, self->header->team_id, CT_TEAM_ID_SIZE);
  memcpy (file.device, state->device, CT_SYNC_DEVICE_SIZE);
  file.seq = state->next_seq;
  memcpy (file.author, self->member->member_uid, CT_MEMBER_ID_SIZE);
  file.key_version = version;
  file.chain_length = (guint64) self->chain->length;
  memcpy (file.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  if ((file.vector = ct_store_sync_peers (self->db, error)) == NULL)
    {
      ct_secure_free (key);
      return FALSE;
    }
  file.statements = statements != NULL ? g_ptr_array_ref (statements) : NULL;
  file.grants = grants != NULL ? g_array_ref (grants) : NULL;
  file.category_keys = category_keys != NULL ? g_bytes_ref (category_keys) : NULL;
  file.n_changes = pending != NULL ? pending->len : 0;
  file.changes = g_byte_array_free_to_bytes (g_steal_pointer (&changes));
  bytes = _ct_sync_file_seal (&file, key, self->identity);
  ct_secure_free (key);
  ok = ct_store_sync_outbox_put (self->db, file.seq, bytes, error);
  state->next_seq++;
  _ct_sync_file_clear (&file);
  return ok;
}

/* The statements this replica appended to the chain and has not sent,
 * from @first on, with their stamps. */
static GPtrArray *
unsent_statements (CtSession *self,
                   gint64     first,
                   GArray    *hlcs)
{
  g_autoptr(GPtrArray) statements =
    g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_sync_statement_free);

  if (first + (gint64) hlcs->len != self->chain->length)
    return NULL;
  for (guint i = 0; i < hlcs->len; i++)
    {
      CtSyncStatement *st = g_new0 (CtSyncStatement, 1);

      g_ptr_array_add (statements, st);
      st->seq = (guint64) first + i;
      st->hlc = g_array_index (hlcs, guint64, i);
      if (!ct_chain_statement_get (self->db, first + i, &st->body, st->signer, st->signature))
        return NULL;
    }
  return g_steal_pointer (&statements);
}

/* The captured changes, and the chain's statements made here since the
 * last file, become this replica's next change file, kept in the outbox
 * until it is in the folder: a crash between the two writes it again,
 * byte for byte. Statements travel with every sync key grant this file
 * holds and the category keys' versions and grants. When they remove a member, they go first in a file of their
 * own under the sync key from before the removal (the other replicas
 * hold only that one yet); the changes follow under the new key, which
 * the removed member never gets (docs/sync-security.md). After a fork where both
 * branches took rights away, a beheerder's file also carries the grants it
 * made of the other branch's key versions (_ct_session_sync_grant_kept()). */
typedef struct
{
  CtSyncSummary *summary;
  guint64        held;  /* the file of changes only, written after applying */
} Flush;

static gboolean
flush_pending (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Flush *flush = data;
  CtSyncSummary *summary = flush->summary;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GArray) hlcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GArray) grants = NULL;
  g_autoptr(GBytes) category_keys = NULL;
  guint n_removes = 0, n_log, n_granted, n_made;
  gboolean keys_unsent = ct_store_sync_keys_unsent (self->db);
  gint64 first;
  CtSyncState state;

  /* A change of the team set aside at a fork is made again first, so it
   * travels in this file (docs/sync-chain.md, "The loser's change is made
   * again"). */
  if (!_ct_session_sync_resign (self, &n_made, error)
      || !_ct_session_sync_chain_capture (self, error)
      || !_ct_session_sync_grant_kept (self, &n_granted, error)
      || (pending = ct_store_sync_pending_take (self->db, error)) == NULL
      || !_ct_session_sync_load_state (self, &state, error)
      || (first = ct_store_sync_chain_unsent (self->db, hlcs, error)) == -2
      || !_ct_audit_sync_take_unsent (self, &state, pending, pending->len > 0 || first >= 0,
                                      &n_log, error))
    return FALSE;
  summary->made_again += n_made;
  if (pending->len == 0 && first < 0 && n_granted == 0 && !keys_unsent)
    return TRUE;

  if (first < 0 && n_granted > 0
      && ((grants = ct_store_sync_grants (self->db, error)) == NULL
          || (category_keys = ct_store_sync_category_keys_export (self->db, TRUE, error)) == NULL))
    return FALSE;
  /* A category key rotated at an unlock after the statement that made it
   * wait was sent: its versions and grants travel by themselves
   * (docs/sync-security.md, "A rotation made at a later unlock"). */
  if (first < 0 && category_keys == NULL && keys_unsent
      && (category_keys = ct_store_sync_category_keys_export (self->db, TRUE, error)) == NULL)
    return FALSE;
  if (first >= 0)
    {
      if ((statements = unsent_statements (self, first, hlcs)) == NULL)
        {
          g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                               _("The team chain is not intact: its statements cannot be sent."));
          return FALSE;
        }
      if ((grants = ct_store_sync_grants (self->db, error)) == NULL
          || (category_keys = ct_store_sync_category_keys_export (self->db, TRUE, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < self->chain->members->len; i++)
        {
          const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

          n_removes += m->removed && m->removed_seq >= first;
        }
    }
  if (n_removes > 0 && n_removes < state.key_version)
    {
      if (!seal_to_outbox (self, &state, state.key_version - n_removes, statements, grants,
                           category_keys, NULL, error))
        return FALSE;
      g_clear_pointer (&statements, g_ptr_array_unref);
      g_clear_pointer (&grants, g_array_unref);
      g_clear_pointer (&category_keys, g_bytes_unref);
    }
  if ((pending->len > 0 || statements != NULL || grants != NULL || category_keys != NULL)
      && !seal_to_outbox (self, &state, state.key_version, statements, grants, category_keys,
                          pending, error))
    return FALSE;
  if (pending->len > 0 && statements == NULL)
    flush->held = state.next_seq - 1;

  summary->written_seq = state.next_seq - 1;
  summary->written_changes = pending->len - n_log;
  return ct_store_sync_pending_clear (self->db, error)
         && ct_store_sync_chain_mark_sent (self->db, error)
         && ct_store_sync_state_put (self->db, &state, error)
         && ct_store_sync_keys_set_unsent (self->db, FALSE, error);
}

/* ---- the folder, read and written by a worker -------------------------- */

void
_ct_sync_io_free (CtSyncIo *io)
{
  if (io == NULL)
    return;
  g_free (io->team_dir);
  g_free (io->own_dir);
  g_clear_pointer (&io->outbox_seqs, g_array_unref);
  g_clear_pointer (&io->outbox, g_ptr_array_unref);
  g_clear_pointer (&io->applied, g_array_unref);
  g_clear_pointer (&io->devices, g_ptr_array_unref);
  g_clear_pointer (&io->files, g_hash_table_unref);
  g_clear_pointer (&io->numbers, g_hash_table_unref);
  g_clear_pointer (&io->status_numbers, g_array_unref);
  g_clear_pointer (&io->status, g_bytes_unref);
  g_clear_pointer (&io->held, g_bytes_unref);
  g_free (io->status_path);
  g_clear_pointer (&io->enrolments, _ct_sync_enrol_scan_free);
  g_free (io);
}

/* The number in a change file's name, 0 when it is not one. */
static guint64
change_file_number (const char *name)
{
  g_autofree char *digits = g_strndup (name, 12);
  guint64 seq;

  if (!g_str_has_suffix (name, FILE_SUFFIX) || strlen (name) != 12 + strlen (FILE_SUFFIX))
    return 0;
  for (guint i = 0; i < 12; i++)
    if (!g_ascii_isdigit (digits[i]))
      return 0;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &seq, NULL))
    return 0;
  return seq;
}

static guint64
applied_of (CtSyncIo     *io,
            const guint8 *device)
{
  for (guint i = 0; i < io->applied->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (io->applied, CtSyncPeer, i);

      if (memcmp (peer->device, device, CT_SYNC_DEVICE_SIZE) == 0)
        return peer->seq;
    }
  return 0;
}

/* The change files of one other replica beyond what was applied of it. */
static void
read_device (CtSyncIo     *io,
             const guint8 *device)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *dir = g_build_filename (io->team_dir, dev, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 applied = applied_of (io, device);
  const char *name;

  g_hash_table_insert (io->numbers, g_strdup (dev), numbers);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 seq = change_file_number (name);
      g_autofree char *path = NULL;
      char *data;
      gsize len;

      if (seq <= applied)
        continue;
      g_array_append_val (numbers, seq);
      path = g_build_filename (dir, name, NULL);
      /* One that cannot be read now (being written, removed) is read at a
       * later sync. */
      if (g_file_get_contents (path, &data, &len, NULL))
        g_hash_table_insert (io->files, g_steal_pointer (&path), g_bytes_new_take (data, len));
    }
}

/**
 * _ct_sync_io_write_and_read: (worker)
 *
 * Writes this replica's change files from the outbox into its folder
 * (each once: temporary name, fsync, rename), then reads the other
 * replicas' change files beyond what was applied of them when the sync
 * began, and lists this replica's status files. Touches no session.
 */
gboolean
_ct_sync_io_write_and_read (CtSyncIo *io,
                            GError  **error)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_mkdir_with_parents (io->own_dir, 0700) != 0)
    return io_error (io->own_dir, errno, error);
  for (guint i = 0; i < io->outbox->len; i++)
    {
      g_autofree char *file = change_file_name (g_array_index (io->outbox_seqs, guint64, i));
      g_autofree char *path = g_build_filename (io->own_dir, file, NULL);

      if (!write_once (io->own_dir, path, g_ptr_array_index (io->outbox, i), error))
        return FALSE;
    }

  d = g_dir_open (io->team_dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint8 device[CT_SYNC_DEVICE_SIZE];

      if (parse_hex (name, device, sizeof device)
          && memcmp (device, io->own, sizeof device) != 0)
        g_ptr_array_add (io->devices, g_memdup2 (device, sizeof device));
    }
  for (guint i = 0; i < io->devices->len; i++)
    read_device (io, g_ptr_array_index (io->devices, i));
  _ct_sync_list_status (io->own_dir, io->status_numbers);
  return TRUE;
}

/**
 * _ct_session_sync_check:
 *
 * Whether this session may sync at all: a member's session (not the
 * recovery key) on a file with sync on, holding the current sync key.
 */
gboolean
_ct_session_sync_check (CtSession *self,
                        GError   **error)
{
  CtSyncState state;
  guint8 *key;

  if (!_ct_session_begin_write (self, error) || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Sync needs a member's session, not the recovery key."));
      return FALSE;
    }
  if (!_ct_session_sync_check_removed (self, error))
    return FALSE;
  /* The key of the current version: without it nothing can be written. */
  if ((key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }
  ct_secure_free (key);
  return TRUE;
}

/**
 * _ct_session_sync_io_begin:
 *
 * In the session's thread: seals the captured changes into the outbox (one
 * short transaction) and copies out what the worker needs: the outbox's
 * sealed files and what was applied of every other replica.
 */
CtSyncIo *
_ct_session_sync_io_begin (CtSession     *self,
                           const char    *folder,
                           CtSyncSummary *summary,
                           GError       **error)
{
  CtSyncIo *io = g_new0 (CtSyncIo, 1);
  g_autofree char *own_hex = NULL;
  Flush flush = { .summary = summary };
  CtSyncState state;

  io->team_dir = team_folder (self, folder);
  io->outbox_seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  io->devices = g_ptr_array_new_with_free_func (g_free);
  io->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_bytes_unref);
  io->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  io->status_numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (!_ct_session_sync_load_state (self, &state, error)
      || !_ct_session_with_transaction (self, flush_pending, &flush, error)
      || (io->outbox = ct_store_sync_outbox_list (self->db, io->outbox_seqs, error)) == NULL
      || (io->applied = ct_store_sync_peers (self->db, error)) == NULL)
    {
      _ct_sync_io_free (io);
      return NULL;
    }
  /* The file of changes made just now waits until the others' files are
   * applied: a removal among them moves this replica to the new sync key
   * first, and the file is sealed again under it (_ct_session_sync_io_end). */
  if (flush.held != 0 && io->outbox_seqs->len > 0
      && g_array_index (io->outbox_seqs, guint64, io->outbox_seqs->len - 1) == flush.held)
    {
      io->held_seq = flush.held;
      io->held = g_bytes_ref (g_ptr_array_index (io->outbox, io->outbox->len - 1));
      g_ptr_array_set_size (io->outbox, io->outbox->len - 1);
      g_array_set_size (io->outbox_seqs, io->outbox_seqs->len - 1);
    }
  memcpy (io->own, state.device, CT_SYNC_DEVICE_SIZE);
  own_hex = hex (state.device, CT_SYNC_DEVICE_SIZE);
  io->own_dir = g_build_filename (io->team_dir, own_hex, NULL);
  return io;
}

static gboolean
drop_outbox (CtSession *self,
             gpointer   data,
             GError   **error)
{
  CtSyncIo *io = data;

  for (guint i = 0; i < io->outbox_seqs->len; i++)
    if (!ct_store_sync_outbox_drop (self->db, g_array_index (io->outbox_seqs, guint64, i),
                                    error))
      return FALSE;
  return TRUE;
}

/**
 * _ct_session_sync_io_step:
 *
 * In the session's thread, after _ct_sync_io_write_and_read(): applies the
 * next of the files read, in its own transaction. Files that carry
 * statements first, whenever one can be applied: a removal found beside
 * the removed member's later files is applied before them, in whatever
 * order the folder lists the replicas (docs/sync-security.md, "The rules
 * at that point"). Then one other file at a time.
 *
 * Returns: 1 when it applied or refused a file, 0 when there is nothing
 *   more to apply, -1 on an error
 */
int
_ct_session_sync_io_step (CtSession     *self,
                          CtSyncIo      *io,
                          CtSyncSummary *summary,
                          GError       **error)
{
  if (!_ct_session_require_unlocked (self, error))
    return -1;
  /* The files written are in the folder: no longer in the outbox. */
  if (io->outbox->len > 0)
    {
      if (!_ct_session_with_transaction (self, drop_outbox, io, error))
        return -1;
      g_ptr_array_set_size (io->outbox, 0);
      g_array_set_size (io->outbox_seqs, 0);
    }
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      if (io->index >= io->devices->len)
        {
          if (io->pass == 0 && !io->progress)
            io->pass = 1;
          else if (!io->progress)
            return 0;
          io->pass = io->progress ? 0 : io->pass;
          io->progress = FALSE;
          io->index = 0;
          continue;
        }
      if (_ct_session_sync_apply_next (self, io, g_ptr_array_index (io->devices, io->index),
                                       io->pass == 0, summary, &local))
        {
          /* Drain a device of its files that carry statements; after any
           * other file, start again from those. */
          io->progress = io->pass == 0;
          if (io->pass == 1)
            io->pass = io->index = 0;
          return 1;
        }
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      io->index++;
    }
}

static guint
count_waiting (CtSession    *self,
               CtSyncIo     *io,
               const guint8 *device)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  GArray *numbers = g_hash_table_lookup (io->numbers, dev);
  guint8 member[CT_MEMBER_ID_SIZE];
  CtSyncPeer peer;
  guint n = 0;

  if (numbers == NULL || ct_store_sync_peer_get (self->db, device, &peer, member, NULL) < 0)
    return 0;
  for (guint i = 0; i < numbers->len; i++)
    n += g_array_index (numbers, guint64, i) > peer.seq;
  return n;
}

/**
 * _ct_session_sync_io_end:
 *
 * In the session's thread, once nothing more applies: counts the files
 * that wait and seals this replica's status file, which
 * _ct_sync_io_write_status() then writes.
 */
/* The held file as the outbox holds it now: an erasure or a purge made
 * while the others' files applied seals it again without the values it
 * removed (ct-session-sync-forget.c), and those bytes are the ones to
 * write. */
static gboolean
refresh_held (CtSession *self,
              CtSyncIo  *io,
              GError   **error)
{
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) outbox = ct_store_sync_outbox_list (self->db, seqs, error);

  if (outbox == NULL)
    return FALSE;
  for (guint i = 0; i < seqs->len; i++)
    if (g_array_index (seqs, guint64, i) == io->held_seq)
      {
        g_bytes_unref (io->held);
        io->held = g_bytes_ref (g_ptr_array_index (outbox, i));
      }
  return TRUE;
}

/* The held file of changes, sealed again under the sync key version this
 * replica reached by applying the others' files: a member whose removal
 * arrived among them cannot open it (docs/sync-security.md, "Sync key rotation on
 * removal"). Its vector and chain stay what they were when the changes
 * were made, so the merge rules see what its author had seen. */
static gboolean
reseal_held (CtSession *self,
             gpointer   data,
             GError   **error)
{
  CtSyncIo *io = data;
  g_autoptr(GBytes) bytes = NULL;
  CtSyncFile file = { 0 };
  CtSyncState state;
  gsize len;
  const guint8 *held = g_bytes_get_data (io->held, &len);
  GPtrArray *keys = NULL;
  guint8 *key = NULL;
  gboolean ok;

  if (!refresh_held (self, io, error))
    return FALSE;
  held = g_bytes_get_data (io->held, &len);
  if (!_ct_session_sync_load_state (self, &state, error)
      || !_ct_sync_file_peek (held, len, &file, error))
    return FALSE;
  if (file.key_version >= state.key_version)
    {
      _ct_sync_file_clear (&file);
      return TRUE;
    }
  ok = (keys = _ct_session_sync_open_keys (self, file.key_version)) != NULL
       && _ct_sync_file_open_any (held, len, keys, FALSE, &file, error);
  g_clear_pointer (&keys, g_ptr_array_unref);
  if (ok && (key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    ok = FALSE;
  if (!ok)
    {
      _ct_sync_file_clear (&file);
      /* The others' files removed this laptop's member: the held file
       * stays in the outbox, never sent (ct_session_sync_get_status()
       * counts its changes). */
      if (error != NULL && *error == NULL)
        _ct_session_sync_check_removed (self, error);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                             _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }
  file.key_version = state.key_version;
  bytes = _ct_sync_file_seal (&file, key, self->identity);
  ct_secure_free (key);
  _ct_sync_file_clear (&file);
  if (!ct_store_sync_outbox_drop (self->db, io->held_seq, error)
      || !ct_store_sync_outbox_put (self->db, io->held_seq, bytes, error))
    return FALSE;
  g_bytes_unref (io->held);
  io->held = g_steal_pointer (&bytes);
  return TRUE;
}

/**
 * _ct_sync_io_write_held: (worker)
 *
 * Writes the held file of changes (_ct_session_sync_io_end() sealed it
 * under the newest sync key) into this replica's folder, once.
 */
gboolean
_ct_sync_io_write_held (CtSyncIo *io,
                        GError  **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (io->held == NULL)
    return TRUE;
  file = change_file_name (io->held_seq);
  path = g_build_filename (io->own_dir, file, NULL);
  return write_once (io->own_dir, path, io->held, error);
}

static gboolean
drop_held (CtSession *self,
           gpointer   data,
           GError   **error)
{
  CtSyncIo *io = data;

  return ct_store_sync_outbox_drop (self->db, io->held_seq, error);
}

/**
 * _ct_session_sync_io_held_written:
 *
 * In the session's thread, after _ct_sync_io_write_held(): the held file
 * is in the folder, so no longer in the outbox.
 */
gboolean
_ct_session_sync_io_held_written (CtSession *self,
                                  CtSyncIo  *io,
                                  GError   **error)
{
  if (io->held == NULL)
    return TRUE;
  if (!_ct_session_with_transaction (self, drop_held, io, error))
    return FALSE;
  g_clear_pointer (&io->held, g_bytes_unref);
  return TRUE;
}

static gboolean
resign (CtSession *self,
        gpointer   data,
        GError   **error)
{
  return _ct_session_sync_resign (self, data, error);
}

gboolean
_ct_session_sync_io_end (CtSession     *self,
                         CtSyncIo      *io,
                         CtSyncSummary *summary,
                         GError       **error)
{
  if (io->held != NULL && !_ct_session_with_transaction (self, reseal_held, io, error))
    return FALSE;
  for (guint i = 0; i < io->devices->len; i++)
    if (!ct_store_sync_is_refused (self->db, g_ptr_array_index (io->devices, i)))
      summary->waiting_files += count_waiting (self, io, g_ptr_array_index (io->devices, i));
  /* A switch in this sync set this laptop's team changes aside: an
   * addition is made again now, and travels in the next file; what is
   * left is to be made by hand (docs/sync-chain.md, "The loser's change is
   * made again"). */
  {
    g_autoptr(GPtrArray) by_hand = NULL;
    guint n_made = 0;

    if (!_ct_session_with_transaction (self, resign, &n_made, error)
        || (by_hand = ct_session_sync_get_set_aside (self, error)) == NULL)
      return FALSE;
    summary->made_again += n_made;
    summary->by_hand = by_hand->len;
  }
  return _ct_session_sync_seal_status (self, io, summary, error);
}

static gboolean
sync_folders (CtSession     *self,
              const char    *folder,
              CtSyncSummary *summary,
              GError       **error)
{
  CtSyncIo *io = _ct_session_sync_io_begin (self, folder, summary, error);
  gboolean ok;
  int step = 1;

  if (io == NULL)
    return FALSE;
  ok = _ct_sync_io_write_and_read (io, error);
  while (ok && step > 0)
    step = _ct_session_sync_io_step (self, io, summary, error);
  ok = ok && step == 0 && _ct_session_sync_io_end (self, io, summary, error)
       && _ct_sync_io_write_held (io, error)
       && _ct_session_sync_io_held_written (self, io, error)
       && _ct_sync_io_write_status (io, error)
       && _ct_session_sync_snapshot_and_compact (self, io->team_dir, io->devices, error);
  _ct_sync_io_free (io);
  return ok;
}

/**
 * ct_session_sync:
 * @folder: the team's sync folder
 * @summary: (out caller-allocates): what was done; clear it with
 *   ct_sync_summary_clear()
 *
 * Writes this replica's changes into its next change file in @folder, then
 * applies the other replicas' change files it has not applied yet, in an
 * order that respects what each author had seen. A refused file is not an
 * error of the sync: it is named in @summary and logged. This blocks on
 * the folder's I/O; ct_session_sync_async() does the same in stages
 * without blocking the main loop.
 */
gboolean
ct_session_sync (CtSession     *self,
                 const char    *folder,
                 CtSyncSummary *summary,
                 GError       **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL && summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->refusals = g_ptr_array_new_with_free_func (g_free);
  if (!_ct_session_sync_check (self, error))
    return FALSE;
  ok = sync_folders (self, folder, summary, &local);
  _ct_session_sync_record (self, summary, local);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/* ---- for the other kinds of file in the folder (ct-session-sync-status.c) */

char *
_ct_sync_hex (const guint8 *data,
              gsize         len)
{
  return hex (data, len);
}

char *
_ct_sync_team_folder (CtSession  *self,
                      const char *folder)
{
  return team_folder (self, folder);
}

gboolean
_ct_sync_write_once (const char *dir,
                     const char *path,
                     GBytes     *bytes,
                     GError    **error)
{
  return write_once (dir, path, bytes, error);
}

char *
_ct_sync_change_file_name (guint64 seq)
{
  return change_file_name (seq);
}
