/* ct-session-sync-apply.c — writing and applying change files
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_sync() writes the captured changes into this replica's next
 * change file and applies the other replicas' files in causal order, by
 * the merge rules of docs/sync.md. A change from another laptop is checked
 * against the verified team chain, never against a row, since every
 * member holds K_db: a file that breaks a rule is refused whole, logged,
 * and never retried. */

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

typedef enum
{
  APPLY_DONE,
  APPLY_WAIT,
  APPLY_REFUSED,
} ApplyResult;

/* One change file being applied. */
typedef struct
{
  CtSyncFile           file;
  const CtChainMember *author;
  CtSyncPeer           before;    /* what was applied of its device before it */
  guint64              max_hlc;
  CtSyncSummary       *summary;
  guint                conflicts;
  guint                dropped;
} Apply;

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

static gboolean
fsync_dir (const char *dir)
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
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0 || !fsync_dir (dir))
    {
      int saved = errno;

      g_unlink (tmp);
      return io_error (path, saved, error);
    }
  return TRUE;
}

typedef struct
{
  const guint8  *key;
  CtSyncSummary *summary;
} Flush;

/* The captured changes become this replica's next change file, kept in
 * the outbox until it is in the folder: a crash between the two writes it
 * again, byte for byte. */
static gboolean
flush_pending (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Flush *flush = data;
  g_autoptr(GPtrArray) pending = ct_store_sync_pending_take (self->db, error);
  g_autoptr(GByteArray) changes = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  CtSyncFile file = { 0 };
  CtSyncState state;
  gboolean ok;

  if (pending == NULL || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (pending->len == 0)
    return TRUE;

  for (guint i = 0; i < pending->len; i++)
    {
      gsize len;
      gconstpointer body = g_bytes_get_data (g_ptr_array_index (pending, i), &len);

      g_byte_array_append (changes, body, (guint) len);
    }
  memcpy (file.team_id, self->header->team_id, CT_TEAM_ID_SIZE);
  memcpy (file.device, state.device, CT_SYNC_DEVICE_SIZE);
  file.seq = state.next_seq;
  memcpy (file.author, self->member->member_uid, CT_MEMBER_ID_SIZE);
  file.key_version = state.key_version;
  file.chain_length = (guint64) self->chain->length;
  memcpy (file.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  if ((file.vector = ct_store_sync_peers (self->db, error)) == NULL)
    return FALSE;
  file.n_changes = pending->len;
  file.changes = g_byte_array_free_to_bytes (g_steal_pointer (&changes));
  bytes = _ct_sync_file_seal (&file, flush->key, self->identity);

  flush->summary->written_seq = state.next_seq;
  flush->summary->written_changes = pending->len;
  state.next_seq++;
  ok = ct_store_sync_outbox_put (self->db, file.seq, bytes, error)
       && ct_store_sync_pending_clear (self->db, error)
       && ct_store_sync_state_put (self->db, &state, error);
  _ct_sync_file_clear (&file);
  return ok;
}

static gboolean
write_outbox (CtSession  *self,
              const char *own_dir,
              GError    **error)
{
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      guint64 seq = 0;
      g_autoptr(GBytes) bytes = ct_store_sync_outbox_first (self->db, &seq, &local);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (bytes == NULL)
        return TRUE;
      name = change_file_name (seq);
      path = g_build_filename (own_dir, name, NULL);
      if (!write_once (own_dir, path, bytes, error)
          || !ct_store_sync_outbox_drop (self->db, seq, error))
        return FALSE;
    }
}

/* ---- applying ---------------------------------------------------------- */

static gboolean
refuse (GError    **error,
        const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

static gint
stamp_compare (const CtSyncStamp *a,
               const CtSyncStamp *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  return memcmp (a->device, b->device, CT_SYNC_DEVICE_SIZE);
}

/* Whether the change being applied was made after its author had seen
 * @stamp (docs/sync.md, "seen or concurrent"). */
static gboolean
seen_by (const Apply       *apply,
         const CtSyncStamp *stamp)
{
  if (stamp->hlc == 0 || memcmp (stamp->device, apply->file.device, CT_SYNC_DEVICE_SIZE) == 0)
    return TRUE;
  for (guint i = 0; i < apply->file.vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (apply->file.vector, CtSyncPeer, i);

      if (memcmp (peer->device, stamp->device, CT_SYNC_DEVICE_SIZE) == 0)
        return peer->hlc >= stamp->hlc;
    }
  return FALSE;
}

/* A value of the role's categories; a field sealed by its row's category
 * can be checked only by who holds that key (docs/sync.md). */
static gboolean
check_rights (CtSession          *self,
              const Apply        *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const CtChainMember *author = apply->author;

  if (change->kind == CT_SYNC_DELETE)
    {
      if (author->is_admin || author->role == CT_ROLE_REGISSEUR)
        return TRUE;
      return refuse (error, _("it deletes a record, which only a regisseur or a beheerder may "
                              "do"));
    }
  for (guint i = 0; i < change->table->n_fields; i++)
    {
      const CtField *field = &change->table->fields[i];

      if (!change->changed[i] || field->by_row || field->category == CT_CATEGORY_GENERAL)
        continue;
      /* An insert carries every field, those its author left out as NULL
       * (as a local insert writes them): that writes nothing. */
      if (change->kind == CT_SYNC_INSERT && change->values[i].type == SQLITE_NULL)
        continue;
      if ((self->role_policy[author->role] & (1u << field->category)) == 0)
        return refuse (error, _("it writes a field of a category that its author's role may "
                                "not write"));
    }
  return TRUE;
}

/* Runs a write in a savepoint: a foreign key that no longer holds (the
 * row it names was deleted) drops the change instead of failing. */
static gboolean
write_or_drop (CtSession *self,
               Apply     *apply,
               gboolean   ok,
               GError   **error)
{
  gboolean foreign_key;

  if (ok)
    return ct_store_exec (self->db, "RELEASE ct_sync_change", error);
  /* Asked before the rollback, which resets it. */
  foreign_key = sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
  sqlite3_exec (self->db, "ROLLBACK TO ct_sync_change; RELEASE ct_sync_change", NULL, NULL, NULL);
  if (foreign_key)
    {
      g_clear_error (error);
      apply->dropped++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
apply_insert (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (ct_store_sync_is_tombstone (self->db, change->table->name, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  if (ct_store_row_exists (self->db, change->table->name, change->row_id))
    return refuse (error, _("it adds a record whose id this team file already has"));
  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = ct_store_row_insert (self->db, change->table, change->row_id, change->values, &local);
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_field (CtSession          *self,
             Apply              *apply,
             const CtSyncChange *change,
             const CtSyncStamp  *stamp,
             GError            **error)
{
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = ct_store_row_update (self->db, change->table, change->row_id, change->values,
                            change->changed, &local)
       && ct_store_sync_stamp_put (self->db, change->table->name, change->row_id, name, stamp,
                                   &local);
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* The field is a multi-value register: drop what the change has seen,
 * keep the rest; the highest stamp is shown, the others are conflicts. */
static gboolean
apply_update (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GArray) kept = NULL;
  CtSyncStamp current, incoming;

  if (!ct_store_row_exists (self->db, table, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  incoming.hlc = change->hlc;
  memcpy (incoming.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  if (!ct_store_sync_stamp_get (self->db, table, change->row_id, name, &current, error)
      || (kept = ct_store_sync_conflict_stamps (self->db, table, change->row_id, name,
                                                error)) == NULL)
    return FALSE;

  for (guint i = 0; i < kept->len; i++)
    if (seen_by (apply, &g_array_index (kept, CtSyncStamp, i))
        && !ct_store_sync_conflict_drop (self->db, table, change->row_id, name,
                                         &g_array_index (kept, CtSyncStamp, i), error))
      return FALSE;

  if (seen_by (apply, &current))
    return write_field (self, apply, change, &incoming, error);

  apply->conflicts++;
  if (stamp_compare (&incoming, &current) > 0)
    {
      CtStoreValue shown;
      gboolean ok;

      if (!ct_store_row_column_get (self->db, change->table, change->field, change->row_id,
                                    &shown, error))
        return FALSE;
      ok = ct_store_sync_conflict_add (self->db, table, change->row_id, name, &current, &shown,
                                       error);
      ct_store_value_clear (&shown);
      return ok && write_field (self, apply, change, &incoming, error);
    }
  return ct_store_sync_conflict_add (self->db, table, change->row_id, name, &incoming,
                                     &change->values[change->field], error);
}

static gboolean
apply_delete (CtSession          *self,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;

  if (ct_store_row_exists (self->db, table, change->row_id)
      && !ct_store_row_delete (self->db, change->table, change->row_id, error))
    return FALSE;
  return ct_store_sync_forget_row (self->db, table, change->row_id, error)
         && ct_store_sync_tombstone_add (self->db, table, change->row_id, error);
}

static gboolean
apply_changes (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Apply *apply = data;
  gsize len;
  const guint8 *p = g_bytes_get_data (apply->file.changes, &len);
  /* An empty GBytes gives NULL, and NULL + 0 is undefined. */
  const guint8 *end = p != NULL ? p + len : NULL;
  guint64 last = apply->before.hlc;
  CtSyncPeer after = apply->before;
  g_autofree char *purpose = NULL;
  CtSyncState state;

  for (guint i = 0; i < apply->file.n_changes; i++)
    {
      CtSyncChange change;
      gboolean ok;

      if (!_ct_sync_change_next (&p, end, &change, error))
        return FALSE;
      /* The fields of one edit share a stamp; files only go forward. */
      if (i == 0 ? change.hlc <= last : change.hlc < last)
        ok = refuse (error, _("its stamps go backwards"));
      else if (!check_rights (self, apply, &change, error))
        ok = FALSE;
      else if (change.kind == CT_SYNC_INSERT)
        ok = apply_insert (self, apply, &change, error);
      else if (change.kind == CT_SYNC_UPDATE)
        ok = apply_update (self, apply, &change, error);
      else
        ok = apply_delete (self, &change, error);
      apply->max_hlc = MAX (apply->max_hlc, change.hlc);
      last = change.hlc;
      _ct_sync_change_clear (&change);
      if (!ok)
        return FALSE;
    }

  after.seq = apply->file.seq;
  after.hlc = MAX (after.hlc, apply->max_hlc);
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  state.hlc = ct_hlc_observe (state.hlc, after.hlc);
  purpose = g_strdup_printf ("apply sync changes; %u changes, file %" G_GUINT64_FORMAT
                             " by member %" G_GINT64_FORMAT, apply->file.n_changes,
                             apply->file.seq, apply->author->id);
  return ct_store_sync_peer_put (self->db, &after, apply->file.author, error)
         && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) apply->file.seq, 0,
                              purpose, FALSE, error);
}

/* The chain the author had must be a prefix of ours; longer: wait. */
static ApplyResult
check_chain (CtSession        *self,
             const CtSyncFile *file,
             GError          **error)
{
  guint8 head[CT_CHAIN_HASH_SIZE];

  if (file->chain_length > (guint64) self->chain->length)
    return APPLY_WAIT;
  if (file->chain_length == 0
      || !ct_chain_statement_hash (self->db, (gint64) file->chain_length - 1, head)
      || memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) != 0)
    {
      refuse (error, _("it was written under a team chain that differs from this file's"));
      return APPLY_REFUSED;
    }
  return APPLY_DONE;
}

static gboolean
verify_author (CtSession    *self,
               const guint8 *data,
               gsize         len,
               Apply        *apply,
               GError      **error)
{
  const CtChainMember *author = ct_chain_find_uid (self->chain, apply->file.author);
  guint8 bound[CT_MEMBER_ID_SIZE] = { 0 };
  static const guint8 unbound[CT_MEMBER_ID_SIZE] = { 0 };
  gboolean signed_ok = FALSE;

  if (author == NULL)
    return refuse (error, _("its author is not a member of the team"));
  for (guint i = 0; !signed_ok && i < ct_chain_member_n_sign_keys (author); i++)
    signed_ok = _ct_sync_file_verify (data, len, ct_chain_member_get_sign_key (author, i));
  if (!signed_ok)
    return refuse (error, _("its signature does not hold: it was forged or changed"));
  if (author->removed)
    return refuse (error, _("its author was removed from the team"));
  if (ct_store_sync_peer_get (self->db, apply->file.device, &apply->before, bound, error) < 0)
    return FALSE;
  if (memcmp (bound, unbound, CT_MEMBER_ID_SIZE) != 0
      && memcmp (bound, apply->file.author, CT_MEMBER_ID_SIZE) != 0)
    return refuse (error, _("its replica belongs to another member"));
  apply->author = author;
  return TRUE;
}

/* Every device in the author's vector applied here at least as far. */
static ApplyResult
check_causal (CtSession         *self,
              const CtSyncFile  *file,
              const CtSyncState *state,
              GError           **error)
{
  for (guint i = 0; i < file->vector->len; i++)
    {
      const CtSyncPeer *need = &g_array_index (file->vector, CtSyncPeer, i);
      guint8 member[CT_MEMBER_ID_SIZE];
      CtSyncPeer have;

      if (memcmp (need->device, state->device, CT_SYNC_DEVICE_SIZE) == 0)
        {
          if (need->seq >= state->next_seq)
            {
              refuse (error, _("it claims changes of this replica that it never wrote"));
              return APPLY_REFUSED;
            }
          continue;
        }
      if (ct_store_sync_peer_get (self->db, need->device, &have, member, error) < 0)
        return APPLY_REFUSED;
      if (have.seq < need->seq)
        return APPLY_WAIT;
    }
  return APPLY_DONE;
}

static ApplyResult
apply_file (CtSession         *self,
            const guint8      *key,
            const CtSyncState *state,
            const guint8      *device,
            guint64            seq,
            const char        *path,
            Apply             *apply,
            GError           **error)
{
  g_autofree char *data = NULL;
  gsize len;
  ApplyResult result;

  if (!g_file_get_contents (path, &data, &len, error))
    return APPLY_REFUSED;
  if (!_ct_sync_file_peek ((const guint8 *) data, len, &apply->file, error))
    return APPLY_REFUSED;
  if (memcmp (apply->file.team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    return refuse (error, _("it belongs to another team")), APPLY_REFUSED;
  if (memcmp (apply->file.device, device, CT_SYNC_DEVICE_SIZE) != 0
      || apply->file.seq != seq)
    return refuse (error, _("its number or replica does not match its name: it was replayed "
                            "or reordered")), APPLY_REFUSED;
  /* A file from further along the chain (a new member, new keys) waits
   * until this replica has those statements: its author's key may be one
   * only they name. */
  if (apply->file.chain_length > (guint64) self->chain->length)
    return APPLY_WAIT;
  if (!verify_author (self, (const guint8 *) data, len, apply, error))
    return APPLY_REFUSED;
  if ((result = check_chain (self, &apply->file, error)) != APPLY_DONE)
    return result;
  if (apply->file.key_version != state->key_version)
    return refuse (error, _("it is sealed under a sync key this file does not hold")),
           APPLY_REFUSED;
  if (!_ct_sync_file_open ((const guint8 *) data, len, key, &apply->file, error))
    return APPLY_REFUSED;
  if ((result = check_causal (self, &apply->file, state, error)) != APPLY_DONE)
    return result;
  if (!_ct_session_with_transaction (self, apply_changes, apply, error))
    return APPLY_REFUSED;
  return APPLY_DONE;
}

typedef struct
{
  const guint8 *device;
  guint64       seq;
  const char   *message;
} Refusal;

static gboolean
record_refusal (CtSession *self,
                gpointer   data,
                GError   **error)
{
  Refusal *r = data;

  g_autofree char *device = hex (r->device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *purpose = g_strdup_printf ("refuse sync change file; file %" G_GUINT64_FORMAT
                                              " of replica %s", r->seq, device);

  return ct_store_sync_refuse (self->db, r->device, r->seq, r->message, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) r->seq, 0, purpose, TRUE,
                              error);
}

/* Applies the device's next file if it is there; TRUE when it made
 * progress (applied or refused). */
static gboolean
apply_next (CtSession     *self,
            const guint8  *key,
            const char    *dir,
            const guint8  *device,
            CtSyncSummary *summary,
            GError       **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) reason = NULL;
  guint8 member[CT_MEMBER_ID_SIZE];
  Apply apply = { .summary = summary };
  CtSyncPeer peer;
  CtSyncState state;
  ApplyResult result;
  Refusal refusal;

  if (ct_store_sync_is_refused (self->db, device)
      || ct_store_sync_peer_get (self->db, device, &peer, member, error) < 0
      || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  name = change_file_name (peer.seq + 1);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;

  result = apply_file (self, key, &state, device, peer.seq + 1, path, &apply, &reason);
  if (result == APPLY_DONE)
    {
      summary->applied_files++;
      summary->applied_changes += apply.file.n_changes;
      summary->conflicts += apply.conflicts;
      summary->dropped += apply.dropped;
    }
  _ct_sync_file_clear (&apply.file);
  if (result != APPLY_REFUSED)
    return result == APPLY_DONE;

  g_ptr_array_add (summary->refusals,
                   g_strdup_printf (_("Refused the change file %s: %s."), path, reason->message));
  refusal.device = device;
  refusal.seq = peer.seq + 1;
  refusal.message = g_ptr_array_index (summary->refusals, summary->refusals->len - 1);
  if (!_ct_session_with_transaction (self, record_refusal, &refusal, error))
    g_clear_error (error);
  return TRUE;
}

/* The other replicas' folders, by device id. */
static GPtrArray *
list_devices (const char   *team_dir,
              const guint8 *own)
{
  g_autoptr(GDir) d = g_dir_open (team_dir, 0, NULL);
  GPtrArray *devices = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint8 device[CT_SYNC_DEVICE_SIZE];

      if (parse_hex (name, device, sizeof device) && memcmp (device, own, sizeof device) != 0)
        g_ptr_array_add (devices, g_memdup2 (device, sizeof device));
    }
  return devices;
}

static guint
count_waiting (CtSession    *self,
               const char   *team_dir,
               const guint8 *device)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *dir = g_build_filename (team_dir, dev, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint8 member[CT_MEMBER_ID_SIZE];
  CtSyncPeer peer;
  const char *name;
  guint n = 0;

  if (ct_store_sync_peer_get (self->db, device, &peer, member, NULL) < 0)
    return 0;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *digits = g_strndup (name, 12);
      guint64 seq;

      if (g_str_has_suffix (name, FILE_SUFFIX) && strlen (name) == 12 + strlen (FILE_SUFFIX)
          && g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &seq, NULL)
          && seq > peer.seq)
        n++;
    }
  return n;
}

static guint8 *
open_sync_key (CtSession         *self,
               const CtSyncState *state,
               GError           **error)
{
  g_autoptr(GBytes) sealed = ct_store_sync_key_get (self->db, state->key_version,
                                                    self->member->member_uid);
  guint8 *key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  gsize len = 0;
  const guint8 *data = sealed != NULL ? g_bytes_get_data (sealed, &len) : NULL;

  if (data == NULL || len != crypto_box_SEALBYTES + CT_SYNC_KEY_SIZE
      || crypto_box_seal_open (key, data, len, self->identity->box_pk,
                               self->identity->box_sk) != 0)
    {
      ct_secure_free (key);
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return NULL;
    }
  return key;
}

static gboolean
sync_folders (CtSession     *self,
              const guint8  *key,
              const char    *folder,
              CtSyncSummary *summary,
              GError       **error)
{
  g_autofree char *team_dir = team_folder (self, folder);
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  Flush flush = { key, summary };
  CtSyncState state;
  gboolean progress = TRUE;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  own_hex = hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (g_mkdir_with_parents (own_dir, 0700) != 0)
    return io_error (own_dir, errno, error);
  if (!_ct_session_with_transaction (self, flush_pending, &flush, error)
      || !write_outbox (self, own_dir, error))
    return FALSE;

  devices = list_devices (team_dir, state.device);
  while (progress)
    {
      progress = FALSE;
      for (guint i = 0; i < devices->len; i++)
        {
          g_autofree char *dev = hex (g_ptr_array_index (devices, i), CT_SYNC_DEVICE_SIZE);
          g_autofree char *dir = g_build_filename (team_dir, dev, NULL);

          while (apply_next (self, key, dir, g_ptr_array_index (devices, i), summary, error))
            progress = TRUE;
          if (error != NULL && *error != NULL)
            return FALSE;
        }
    }
  for (guint i = 0; i < devices->len; i++)
    if (!ct_store_sync_is_refused (self->db, g_ptr_array_index (devices, i)))
      summary->waiting_files += count_waiting (self, team_dir, g_ptr_array_index (devices, i));
  return TRUE;
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
 * error of the sync: it is named in @summary and logged.
 */
gboolean
ct_session_sync (CtSession     *self,
                 const char    *folder,
                 CtSyncSummary *summary,
                 GError       **error)
{
  g_autoptr(GError) local = NULL;
  CtSyncState state;
  guint8 *key;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL && summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->refusals = g_ptr_array_new_with_free_func (g_free);
  if (!_ct_session_begin_write (self, error) || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Sync needs a member's session, not the recovery key."));
      return FALSE;
    }
  if ((key = open_sync_key (self, &state, error)) == NULL)
    return FALSE;
  ok = sync_folders (self, key, folder, summary, &local);
  ct_secure_free (key);
  _ct_session_sync_record (self, summary, local);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}
