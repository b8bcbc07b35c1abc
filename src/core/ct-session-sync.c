/* ct-session-sync.c — team sync through the session: capture and merge
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Switching sync on, making a copy a replica, and what the session's
 * write paths call: each change is captured with a stamp in the
 * transaction of the change itself, new rows get ids no other laptop
 * draws. Writing change files is ct-session-sync-folder.c, applying them
 * ct-session-sync-apply.c; the rules are docs/sync.md. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-pseudonym.h"
#include "ct-seal-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

/* New row ids: milliseconds since 2020-01-01 above 22 random bits. */
#define ID_EPOCH_MS G_GINT64_CONSTANT (1577836800000)
#define ID_RANDOM_BITS 22
/* The last millisecond whose ids fit in 63 bits (in 2089). */
#define ID_MAX_MS (G_MAXINT64 >> ID_RANDOM_BITS)

static const char base32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static gboolean
not_enabled (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                       _("Sync is not switched on for this team file."));
  return FALSE;
}

gboolean
_ct_session_sync_load_state (CtSession   *self,
                             CtSyncState *state,
                             GError     **error)
{
  int found = ct_store_sync_state_get (self->db, state, error);

  if (found < 0)
    return FALSE;
  return found == 1 || not_enabled (error);
}

gboolean
ct_session_sync_is_enabled (CtSession *self)
{
  CtSyncState state;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  return self->db != NULL && ct_store_sync_state_get (self->db, &state, NULL) == 1;
}

/**
 * _ct_session_sync_advance_key:
 * @chain: the chain after statements appended from @from on
 *
 * Moves @state to the sync key version that @chain's removals from @from
 * on made: one version each, as on the laptop that made them, named by
 * the last of them (docs/sync-security.md, "Key versions named by their
 * statement"), so every replica numbers and names the versions alike.
 */
gboolean
_ct_session_sync_advance_key (CtSession     *self,
                              CtSyncState   *state,
                              const CtChain *chain,
                              gint64         from,
                              GError       **error)
{
  gint64 last = -1;

  for (guint i = 0; i < chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (chain->members, i);

      if (m->removed && m->removed_seq >= from)
        {
          state->key_version++;
          last = MAX (last, m->removed_seq);
        }
    }
  if (last >= 0 && !ct_chain_statement_hash (self->db, last, state->key_made_by))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED, _("Team chain statement %lld is missing."),
                   (long long) last);
      return FALSE;
    }
  return TRUE;
}

/* ---- switching sync on ------------------------------------------------ */

static gboolean
seal_key_to (CtSession    *self,
             const guint8 *key,
             guint32       version,
             const guint8 *made_by,
             const guint8 *holder,
             const guint8 *box_pk,
             GError      **error)
{
  guint8 *sealed = g_malloc (crypto_box_SEALBYTES + CT_SYNC_KEY_SIZE);
  g_autoptr(GBytes) bytes = NULL;

  crypto_box_seal (sealed, key, CT_SYNC_KEY_SIZE, box_pk);
  bytes = g_bytes_new_take (sealed, crypto_box_SEALBYTES + CT_SYNC_KEY_SIZE);
  return ct_store_sync_key_put (self->db, version, made_by, holder, bytes, error);
}

/* The team secrets an export keys its pseudonyms and record keys with
 * (ct-pseudonym.c), made now when the team has none yet, so that every
 * replica copied from here on holds the same: a case gets one pseudonym
 * and a household one record key, whichever laptop exports
 * (docs/export.md, "With sync"). */
static gboolean
make_export_secrets (CtSession *self,
                     GError   **error)
{
  static const char * const settings[] = { CT_PSEUDONYM_KEY_SETTING, CT_CELL_KEY_SETTING };
  guint8 *secret = ct_secure_alloc (CT_PSEUDONYM_KEY_SIZE);
  gboolean ok = TRUE, found;

  for (guint i = 0; ok && i < G_N_ELEMENTS (settings); i++)
    ok = ct_pseudonym_load_secret (self, settings[i], TRUE, secret, &found, error);
  ct_secure_free (secret);
  return ok;
}

static gboolean
enable_sync (CtSession *self,
             gpointer   data,
             GError   **error)
{
  guint8 *key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  CtSyncState state = { .hlc = 0, .next_seq = 1, .key_version = 1 };
  gboolean ok = TRUE;

  crypto_aead_xchacha20poly1305_ietf_keygen (key);
  randombytes_buf (state.device, sizeof state.device);
  for (guint i = 0; ok && i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      if (!m->removed)
        ok = seal_key_to (self, key, 1, state.key_made_by, m->uid, m->box_pk, error);
    }
  if (ok && self->chain->has_recovery)
    ok = seal_key_to (self, key, 1, state.key_made_by, recovery_uid,
                      self->chain->recovery_box_pk, error);
  ct_secure_free (key);
  /* Every copy holds the chain as it is now: none of it travels. */
  for (gint64 seq = 0; ok && seq < self->chain->length; seq++)
    ok = ct_store_sync_chain_put (self->db, seq, 0, TRUE, error);
  /* The log so far is in every copy made from here on. */
  return ok && make_export_secrets (self, error)
         && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", 0, 0, "switch on sync", FALSE,
                              error)
         && _ct_audit_sync_mark_base (self, error);
}

/**
 * ct_session_sync_enable:
 *
 * Switches sync on for this team file: a device id for this replica and a
 * sync key sealed to every member of the chain. A beheerder does it once,
 * before the file is copied to the other members' laptops.
 */
gboolean
ct_session_sync_enable (CtSession *self,
                        GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_admin (self, error))
    return FALSE;
  if (ct_session_sync_is_enabled (self))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("Sync is already switched on for this team file."));
      return FALSE;
    }
  return _ct_session_with_transaction (self, enable_sync, NULL, error);
}

static gboolean
become_replica (CtSession *self,
                gpointer   data,
                GError   **error)
{
  CtSyncState state;
  CtSyncPeer original = { 0 };
  static const guint8 unbound[CT_MEMBER_ID_SIZE] = { 0 };
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GArray) unsent = g_array_new (FALSE, FALSE, sizeof (guint64));
  gint64 first_unsent;

  if (!_ct_session_sync_load_state (self, &state, error)
      || (pending = ct_store_sync_pending_take (self->db, error)) == NULL)
    return FALSE;
  if ((first_unsent = ct_store_sync_chain_unsent (self->db, unsent, error)) == -2)
    return FALSE;
  /* Statements of the chain not yet sent count as changes too. */
  if (pending->len > 0 || ct_store_sync_chain_next (self->db) < self->chain->length
      || first_unsent >= 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("This copy holds changes that were not synced yet. Sync the file it "
                             "was copied from first, then copy it again."));
      return FALSE;
    }
  /* The original's own changes are in this copy already. */
  memcpy (original.device, state.device, CT_SYNC_DEVICE_SIZE);
  original.seq = state.next_seq - 1;
  original.hlc = state.hlc;
  randombytes_buf (state.device, sizeof state.device);
  state.next_seq = 1;
  /* The log so far is the original's, which travels from there. */
  return ct_store_sync_peer_put (self->db, &original, unbound, error)
         && ct_store_exec (self->db, "DELETE FROM sync_outbox", error)
         && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_sync_mark_base (self, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", 0, 0, "become a new replica", FALSE,
                              error);
}

/**
 * ct_session_sync_new_replica:
 *
 * Makes this copy of a team file a replica of its own: a new device id,
 * so that its change files never mix with those of the file it was copied
 * from. Refused when the copy holds changes not synced yet.
 */
gboolean
ct_session_sync_new_replica (CtSession *self,
                             GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return _ct_session_begin_write (self, error)
         && _ct_session_with_transaction (self, become_replica, NULL, error);
}

/**
 * _ct_session_sync_chain_capture:
 *
 * In the caller's transaction: gives each statement appended to the chain
 * on this replica since the last call a stamp, and marks it to travel in
 * the next change file (docs/sync-chain.md). A removal's stamp is the point
 * after which its member's changes are refused. Nothing to do without
 * sync.
 */
gboolean
_ct_session_sync_chain_capture (CtSession *self,
                                GError   **error)
{
  CtSyncState state;
  int found = ct_store_sync_state_get (self->db, &state, error);
  gint64 next;

  if (found <= 0)
    return found == 0;
  next = ct_store_sync_chain_next (self->db);
  if (next >= self->chain->length)
    return TRUE;
  for (gint64 seq = next; seq < self->chain->length; seq++)
    {
      state.hlc = ct_hlc_tick (state.hlc, ct_hlc_physical ());
      if (!ct_store_sync_chain_put (self->db, seq, state.hlc, FALSE, error))
        return FALSE;
    }
  return ct_store_sync_state_put (self->db, &state, error);
}

/**
 * _ct_session_sync_rotate:
 *
 * In the transaction of a member's removal, after the chain's statement:
 * a new sync key version sealed to the chain's present members and the
 * recovery key only, so that nothing written after the removal opens
 * with a key the removed member holds (docs/sync-security.md). Its grants travel
 * in the next change file, which is sealed under the version before.
 * Nothing to do without sync.
 */
gboolean
_ct_session_sync_rotate (CtSession *self,
                         GError   **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  CtSyncState state;
  guint8 *key;
  gboolean ok = TRUE;
  int found;

  if (!_ct_session_sync_chain_capture (self, error))
    return FALSE;
  if ((found = ct_store_sync_state_get (self->db, &state, error)) <= 0)
    return found == 0;

  /* Named by the removal just appended (docs/sync-security.md, "Key versions named
   * by their statement"). */
  if (!ct_chain_statement_hash (self->db, self->chain->length - 1, state.key_made_by))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED, _("Team chain statement %lld is missing."),
                   (long long) (self->chain->length - 1));
      return FALSE;
    }
  key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  crypto_aead_xchacha20poly1305_ietf_keygen (key);
  state.key_version++;
  for (guint i = 0; ok && i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      if (!m->removed)
        ok = seal_key_to (self, key, state.key_version, state.key_made_by, m->uid, m->box_pk,
                          error);
    }
  if (ok && self->chain->has_recovery)
    ok = seal_key_to (self, key, state.key_version, state.key_made_by, recovery_uid,
                      self->chain->recovery_box_pk, error);
  ct_secure_free (key);
  return ok && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", state.key_version, 0,
                              "rotate sync key", FALSE, error);
}

/* @sealed opened for this session's member, in secure memory; NULL when
 * it does not open for them. */
static guint8 *
open_grant (CtSession *self,
            GBytes    *sealed)
{
  gsize len = 0;
  const guint8 *data = sealed != NULL ? g_bytes_get_data (sealed, &len) : NULL;
  guint8 *key = ct_secure_alloc (CT_SYNC_KEY_SIZE);

  if (data == NULL || len != CT_SYNC_GRANT_SIZE
      || crypto_box_seal_open (key, data, len, self->identity->box_pk,
                               self->identity->box_sk) != 0)
    {
      ct_secure_free (key);
      return NULL;
    }
  return key;
}

/**
 * _ct_session_sync_open_key:
 *
 * Returns: (nullable): sync key @version as this session's member holds
 *   it, in secure memory (free with ct_secure_free()); %NULL when this
 *   file holds no grant of that version that opens for them
 */
guint8 *
_ct_session_sync_open_key (CtSession *self,
                           guint32    version)
{
  g_autoptr(GBytes) sealed = NULL;

  if (self->member == NULL)
    return NULL;
  sealed = ct_store_sync_key_get (self->db, version, self->member->member_uid);
  return open_grant (self, sealed);
}

/**
 * _ct_session_sync_open_keys:
 *
 * Returns: (nullable) (element-type guint8*): every key of sync key
 *   @version this session's member holds, one per name, the one its chain
 *   names first, in secure memory (the array frees them); %NULL when none
 *   opens for them. A file, snapshot or status file names the number only:
 *   when a resolved fork leaves two keys of it, the reader tries both
 *   (docs/sync-security.md, "Key versions named by their statement").
 */
GPtrArray *
_ct_session_sync_open_keys (CtSession *self,
                            guint32    version)
{
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  if (self->member == NULL)
    return NULL;
  grants = ct_store_sync_keys_get (self->db, version, self->member->member_uid);
  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_secure_free);
  for (guint i = 0; i < grants->len; i++)
    {
      guint8 *key = open_grant (self, g_ptr_array_index (grants, i));

      if (key != NULL)
        g_ptr_array_add (keys, key);
    }
  return keys->len > 0 ? g_steal_pointer (&keys) : NULL;
}

/**
 * _ct_session_sync_reseal:
 * @holder: a member's uid
 * @box_pk: their (new) public box key
 *
 * Seals the current sync key to a member added or given new keys, in the
 * caller's transaction, when this session holds it; otherwise the member
 * gets it from the next session that does (planned: with the chain's
 * statements travelling, docs/sync-chain.md). Nothing to do without sync.
 */
gboolean
_ct_session_sync_reseal (CtSession    *self,
                         const guint8 *holder,
                         const guint8 *box_pk,
                         GError      **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  CtSyncState state;
  g_autoptr(GBytes) sealed = NULL;
  guint8 *key;
  gsize len = 0;
  const guint8 *data;
  gboolean ok;
  int found = ct_store_sync_state_get (self->db, &state, error);

  if (found <= 0)
    return found == 0;
  if (!_ct_session_sync_chain_capture (self, error))
    return FALSE;
  sealed = ct_store_sync_key_get (self->db, state.key_version,
                                  self->member != NULL ? self->member->member_uid : recovery_uid);
  data = sealed != NULL ? g_bytes_get_data (sealed, &len) : NULL;
  key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  if (data == NULL || len != crypto_box_SEALBYTES + CT_SYNC_KEY_SIZE
      || crypto_box_seal_open (key, data, len, self->identity->box_pk,
                               self->identity->box_sk) != 0)
    {
      ct_secure_free (key);
      return TRUE;
    }
  ok = seal_key_to (self, key, state.key_version, state.key_made_by, holder, box_pk, error);
  ct_secure_free (key);
  return ok;
}

/* ---- capture ----------------------------------------------------------- */

/* The stamp of a change made now on this replica: 1 with the clock in
 * @state ticked, for the caller to store in the change's transaction;
 * 0 when sync is off; -1 on error. Every change that travels takes one,
 * so none of a recovery session does (_ct_session_require_data_writer()). */
static int
next_stamp (CtSession   *self,
            CtSyncState *state,
            CtSyncStamp *stamp,
            GError     **error)
{
  int found = ct_store_sync_state_get (self->db, state, error);

  if (found <= 0)
    return found;
  if (!_ct_session_require_data_writer (self, error))
    return -1;
  state->hlc = ct_hlc_tick (state->hlc, ct_hlc_physical ());
  stamp->hlc = state->hlc;
  memcpy (stamp->device, state->device, CT_SYNC_DEVICE_SIZE);
  return 1;
}

static gboolean
changes_category (const CtTable *table,
                  const guint8  *changed)
{
  if (table->row_category < 0)
    return FALSE;
  for (guint i = 0; i < table->n_fields; i++)
    if (table->fields[i].by_row && !changed[i])
      return FALSE;
  return TRUE;
}

/**
 * _ct_session_sync_capture:
 * @values: (nullable): the columns as stored, one per field of @table
 * @changed: (nullable): which of them the change writes
 *
 * Records a change made through the session, in its transaction; does
 * nothing when sync is off. A local edit has seen every value this
 * replica holds, so it resolves the field's conflicts.
 */
gboolean
_ct_session_sync_capture (CtSession          *self,
                          CtSyncKind          kind,
                          const CtTable      *table,
                          gint64              row_id,
                          const CtStoreValue *values,
                          const guint8       *changed,
                          GError            **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  CtSyncState state;
  CtSyncStamp stamp;
  int found = next_stamp (self, &state, &stamp, error);

  if (found <= 0)
    return found == 0;
  if (!ct_store_sync_state_put (self->db, &state, error))
    return FALSE;

  if (kind == CT_SYNC_DELETE)
    {
      _ct_sync_encode_change (body, kind, stamp.hlc, table, row_id, NULL, NULL);
      return ct_store_sync_pending_add (self->db, body, error)
             && ct_store_sync_forget_row (self->db, table->name, row_id, error)
             && ct_store_sync_forget_orphans (self->db, error)
             && ct_store_sync_tombstone_add (self->db, table->name, row_id, error);
    }
  if (kind == CT_SYNC_INSERT)
    {
      _ct_sync_encode_change (body, kind, stamp.hlc, table, row_id, values, changed);
      return ct_store_sync_pending_add (self->db, body, error)
             && _ct_sync_director_note (self, table, row_id, values, changed, &stamp, error);
    }

  /* A change of the row's category, which writes row_category with
   * every by-row field: the row's category from now, as at apply
   * (docs/sync-merge.md, "A row's category"). */
  if (changes_category (table, changed)
      && !ct_store_sync_stamp_put (self->db, table->name, row_id, CT_SYNC_CATEGORY_STAMP, &stamp,
                                   error))
    return FALSE;
  /* An update: one change per field, so each merges on its own. */
  for (guint i = 0; i < table->n_fields; i++)
    {
      g_autofree guint8 *one = NULL;

      if (!changed[i])
        continue;
      one = g_new0 (guint8, table->n_fields);
      one[i] = TRUE;
      g_byte_array_set_size (body, 0);
      _ct_sync_encode_change (body, kind, stamp.hlc, table, row_id, values, one);
      if (!ct_store_sync_pending_add (self->db, body, error)
          || !ct_store_sync_stamp_put (self->db, table->name, row_id, table->fields[i].name,
                                       &stamp, error)
          || !ct_store_sync_conflict_drop (self->db, table->name, row_id, table->fields[i].name,
                                           NULL, error))
        return FALSE;
    }
  return _ct_sync_director_note (self, table, row_id, values, changed, &stamp, error);
}

/* The stamp entry a purge leaves on its household: one per purge, so a
 * change can tell whether it saw every one (docs/sync-merge.md). */
char *
_ct_sync_purge_field (const CtSyncStamp *stamp)
{
  g_autofree char *device = _ct_sync_hex (stamp->device, CT_SYNC_DEVICE_SIZE);

  return g_strdup_printf ("%s%s-%016" G_GINT64_MODIFIER "x", CT_SYNC_PURGE_PREFIX, device,
                          stamp->hlc);
}

/**
 * _ct_session_sync_capture_purge:
 * @day: the purge's day, YYYY-MM-DD
 *
 * Records the retention purge of @household_id, in its transaction;
 * nothing when sync is off. Every replica runs the same purge, and runs
 * it again over a change that had not seen it (docs/sync-merge.md).
 */
gboolean
_ct_session_sync_capture_purge (CtSession  *self,
                                gint64      household_id,
                                const char *day,
                                GError    **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree char *field = NULL;
  CtSyncState state;
  CtSyncStamp stamp;
  int found = next_stamp (self, &state, &stamp, error);

  if (found <= 0)
    return found == 0;
  field = _ct_sync_purge_field (&stamp);
  _ct_sync_encode_payload (body, CT_SYNC_PURGE, stamp.hlc, "households", household_id,
                           (const guint8 *) day, strlen (day));
  return ct_store_sync_state_put (self->db, &state, error)
         && ct_store_sync_pending_add (self->db, body, error)
         && ct_store_sync_stamp_put (self->db, "households", household_id, field, &stamp, error);
}

/**
 * _ct_session_sync_capture_signed:
 * @kind: %CT_SYNC_SIGNED_PUT or %CT_SYNC_SIGNED_DROP
 * @signed_table: one of _ct_sync_signed_tables
 * @row_id: the household the row is about
 * @key: the row's key within the household (for its stamp)
 * @payload: the row's bytes, as its table's handler reads them
 *
 * Records a write of a signed row (an involvement), in its transaction;
 * nothing when sync is off. The row is a register per key: the write
 * with the highest stamp holds, on every replica alike.
 */
gboolean
_ct_session_sync_capture_signed (CtSession    *self,
                                 CtSyncKind    kind,
                                 const char   *signed_table,
                                 gint64        row_id,
                                 const char   *key,
                                 const guint8 *payload,
                                 gsize         payload_len,
                                 GError      **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  CtSyncState state;
  CtSyncStamp stamp;
  int found = next_stamp (self, &state, &stamp, error);

  if (found <= 0)
    return found == 0;
  _ct_sync_encode_payload (body, kind, stamp.hlc, signed_table, row_id, payload, payload_len);
  return ct_store_sync_state_put (self->db, &state, error)
         && ct_store_sync_pending_add (self->db, body, error)
         && ct_store_sync_stamp_put (self->db, signed_table, row_id, key, &stamp, error);
}

/* A time-ordered id above @max, or, when fewer than 2^22 ids are left
 * above it (a row from a laptop whose clock is decades ahead, or a forged
 * file), below it; @anywhere: one drawn from the whole 63 bits. Never
 * above G_MAXINT64, never 0. */
static gint64
draw_row_id (gint64   max,
             gboolean anywhere)
{
  gint64 ms = ct_hlc_millis (ct_hlc_physical ()) - ID_EPOCH_MS;
  gint64 id;

  if (anywhere)
    {
      guint64 bits;

      randombytes_buf (&bits, sizeof bits);
      return (gint64) (bits >> 1) | 1;
    }
  id = (CLAMP (ms, 0, ID_MAX_MS) << ID_RANDOM_BITS)
       | (gint64) randombytes_uniform (1u << ID_RANDOM_BITS);
  if (id <= max && G_MAXINT64 - max > (G_GINT64_CONSTANT (1) << ID_RANDOM_BITS))
    id = max + 1 + (gint64) randombytes_uniform (1u << ID_RANDOM_BITS);
  return id;
}

/**
 * _ct_session_new_row_id:
 *
 * The id of a new row. Without sync, the next after the highest. With
 * sync, an id no other laptop will draw: milliseconds since 2020 above 22
 * random bits, so rows still sort in the order they were made, and above
 * the table's highest id while there is room for it; an id taken here is
 * drawn again (docs/sync-merge.md, "Identity of rows").
 */
gint64
_ct_session_new_row_id (CtSession     *self,
                        const CtTable *table,
                        GError       **error)
{
  gint64 max;

  if (!ct_session_sync_is_enabled (self))
    return ct_store_row_next_id (self->db, table, error);

  if ((max = ct_store_row_max_id (self->db, table)) < 0)
    return ct_store_row_next_id (self->db, table, error);
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      gint64 id = draw_row_id (max, attempt >= 8);

      if (id > 0 && !ct_store_row_id_taken (self->db, table, id))
        return id;
    }
  g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED, _("No free id for a new row."));
  return -1;
}

/**
 * ct_session_next_case_number:
 *
 * The next case number of this year: YYYY-NNNN, one above the highest of
 * the year this file knows; on a sync replica followed by the replica's
 * code (YYYY-NNNN-K7Q), so that two laptops offline never give the same
 * number (docs/sync-merge.md).
 */
char *
ct_session_next_case_number (CtSession *self,
                             GError   **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  int year = g_date_time_get_year (now);
  int highest = 0;
  CtSyncState state;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if ((cases = ct_session_list (self, "cases", NULL, 0, error)) == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      const char *number = ct_record_get (g_ptr_array_index (cases, i), "number");
      int y, n;

      if (number != NULL && sscanf (number, "%4d-%d", &y, &n) == 2 && y == year)
        highest = MAX (highest, n);
    }
  if (ct_store_sync_state_get (self->db, &state, NULL) != 1)
    return g_strdup_printf ("%04d-%04d", year, highest + 1);
  return g_strdup_printf ("%04d-%04d-%c%c%c", year, highest + 1, base32[state.device[0] >> 3],
                          base32[((state.device[0] & 7) << 2) | (state.device[1] >> 6)],
                          base32[(state.device[1] >> 1) & 31]);
}

/* ---- conflicts and the summary ------------------------------------------ */

void
ct_sync_conflict_free (CtSyncConflict *conflict)
{
  g_free (conflict->field);
  g_free (conflict->member);
  if (conflict->value != NULL)
    sodium_memzero (conflict->value, strlen (conflict->value));
  g_free (conflict->value);
  g_free (conflict);
}

/* @uids: (nullable): for a reader, which has no chain: the member's uid
 * (a GBytes, or %NULL when the laptop is unknown) goes there, in the
 * conflicts' order, for its owner to name
 * (_ct_session_sync_name_conflicts()); without, the member is named here */
static CtSyncConflict *
read_conflict (CtSession     *self,
               const CtTable *table,
               gint64         row_id,
               CtCategory     row,
               sqlite3_stmt  *stmt,
               GPtrArray     *uids,
               guint         *categories,
               GError       **error)
{
  CtSyncConflict *c = g_new0 (CtSyncConflict, 1);
  int index = ct_table_get_field_index (table, (const char *) sqlite3_column_text (stmt, 0));
  gboolean known = sqlite3_column_bytes (stmt, 3) == CT_SYNC_DEVICE_SIZE;
  guint8 uid[CT_MEMBER_ID_SIZE];
  const CtField *field;

  c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  c->millis = ct_hlc_millis ((guint64) sqlite3_column_int64 (stmt, 1));
  if (uids != NULL)
    {
      gboolean named = known && _ct_session_sync_uid_of_device (self,
                                                                sqlite3_column_blob (stmt, 3),
                                                                uid);

      g_ptr_array_add (uids, named ? g_bytes_new (uid, sizeof uid) : NULL);
    }
  else if (known)
    c->member = _ct_session_sync_member_of_device (self, sqlite3_column_blob (stmt, 3));
  if (index < 0)
    return c;
  field = &table->fields[index];
  /* A by-row value of a row this member may not read (an action of a
   * goal whose category they may not read among them) shows nothing, even
   * one kept in the clear from when the row was general. */
  if (field->by_row && table->row_category >= 0 && row == CT_CATEGORY_INVALID)
    {
      c->restricted = TRUE;
      return c;
    }
  /* A general field is stored as its text or number (under K_db only). */
  if (sqlite3_column_type (stmt, 2) == SQLITE_INTEGER)
    c->value = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 2));
  else if (sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
    c->value = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  else if (sqlite3_column_type (stmt, 2) == SQLITE_BLOB)
    {
      /* By row: under the row's category (docs/sync-merge.md, "Merging a copy") */
      if (field->by_row
          && (c->value = _ct_row_open (self, row, table, field, row_id,
                                       sqlite3_column_blob (stmt, 2),
                                       (gsize) sqlite3_column_bytes (stmt, 2))) != NULL)
        *categories |= 1u << row;
      else if (field->by_row || !_ct_session_can_read (self, field->category))
        c->restricted = TRUE;
      else if ((c->value = _ct_field_open (self, table, field, row_id,
                                           sqlite3_column_blob (stmt, 2),
                                           (gsize) sqlite3_column_bytes (stmt, 2),
                                           error)) == NULL)
        {
          ct_sync_conflict_free (c);
          return NULL;
        }
      else
        *categories |= 1u << field->category;
    }
  return c;
}

static GPtrArray *
read_conflicts (CtSession     *self,
                const CtTable *t,
                gint64         row_id,
                GPtrArray     *uids,
                guint         *categories,
                GError       **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  CtCategory row = CT_CATEGORY_INVALID;
  int rc;

  if (!_ct_session_require_unlocked (self, error)
      || (stmt = ct_store_sync_conflicts_of_row (self->db, t->name, row_id, error)) == NULL)
    return NULL;
  if (t->row_category >= 0 && !_ct_row_category_of (self, t, row_id, &row, error))
    return NULL;
  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_sync_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncConflict *c = read_conflict (self, t, row_id, row, stmt, uids, categories, error);

      if (c == NULL)
        return NULL;
      g_ptr_array_add (conflicts, c);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

/**
 * ct_session_sync_get_conflicts:
 *
 * Returns: (transfer full) (element-type CtSyncConflict): the values of
 *   @table's row @row_id that another laptop wrote concurrently and that
 *   are not shown; the read is logged
 */
GPtrArray *
ct_session_sync_get_conflicts (CtSession  *self,
                               const char *table,
                               gint64      row_id,
                               GError    **error)
{
  const CtTable *t = ct_schema_get_table (table);
  g_autoptr(GPtrArray) conflicts = NULL;
  guint categories = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (t != NULL, NULL);

  if ((conflicts = read_conflicts (self, t, row_id, NULL, &categories, error)) == NULL)
    return NULL;
  if (conflicts->len > 0
      && !_ct_session_log_read (self, t, row_id, categories, "sync conflicts", error))
    return NULL;
  return g_steal_pointer (&conflicts);
}

/**
 * _ct_session_sync_read_conflicts:
 * @uids: (element-type GBytes): gets, for each conflict, the uid of the
 *   member on whose laptop it was made, or %NULL
 * @categories: (inout): the categories decrypted are added
 *
 * ct_session_sync_get_conflicts() for a reader (ct_case_load_async()):
 * the conflicts without their members' names, which need the team chain
 * (_ct_session_sync_name_conflicts() gives them in the session's thread),
 * and not logged: a read of one row is logged by the reader's owner, with
 * @categories and the purpose "sync conflicts", before anything read is
 * handed out.
 */
GPtrArray *
_ct_session_sync_read_conflicts (CtSession   *self,
                                 const char  *table,
                                 gint64       row_id,
                                 GPtrArray   *uids,
                                 guint       *categories,
                                 GError     **error)
{
  return read_conflicts (self, ct_schema_get_table (table), row_id, uids, categories, error);
}

/* In the session's thread: names the members @uids holds, through the
 * team chain. */
void
_ct_session_sync_name_conflicts (CtSession *self,
                                 GPtrArray *conflicts,
                                 GPtrArray *uids)
{
  g_return_if_fail (conflicts->len == uids->len);

  for (guint i = 0; i < conflicts->len; i++)
    {
      CtSyncConflict *c = g_ptr_array_index (conflicts, i);
      GBytes *uid = g_ptr_array_index (uids, i);

      g_clear_pointer (&c->member, g_free);
      if (uid != NULL)
        c->member = _ct_session_sync_member_name (self, g_bytes_get_data (uid, NULL));
    }
}

void
ct_sync_summary_clear (CtSyncSummary *summary)
{
  g_clear_pointer (&summary->refusals, g_ptr_array_unref);
  g_clear_pointer (&summary->hidden, g_array_unref);
  memset (summary, 0, sizeof *summary);
}

/* One line, for the CLI and a status bar: each count with its own plural
 * form, so that "1 file refused" reads right in every language. */
char *
ct_sync_summary_format (const CtSyncSummary *summary)
{
  guint refused = summary->refusals != NULL ? summary->refusals->len : 0;
  g_autofree char *sent = g_strdup_printf (ngettext ("Sent %u change", "Sent %u changes",
                                                     summary->written_changes),
                                           summary->written_changes);
  g_autofree char *applied = g_strdup_printf (ngettext ("applied %u file", "applied %u files",
                                                        summary->applied_files),
                                              summary->applied_files);
  g_autofree char *changes = g_strdup_printf (ngettext ("with %u change", "with %u changes",
                                                        summary->applied_changes),
                                              summary->applied_changes);
  g_autofree char *conflicts = g_strdup_printf (ngettext ("%u conflict", "%u conflicts",
                                                          summary->conflicts),
                                                summary->conflicts);
  g_autofree char *dropped = g_strdup_printf (ngettext ("%u change of deleted records dropped",
                                                        "%u changes of deleted records dropped",
                                                        summary->dropped),
                                              summary->dropped);
  g_autofree char *waiting = g_strdup_printf (ngettext ("%u file waiting", "%u files waiting",
                                                        summary->waiting_files),
                                              summary->waiting_files);
  g_autofree char *refusals = g_strdup_printf (ngettext ("%u file refused", "%u files refused",
                                                         refused),
                                               refused);

  /* Translators: the parts of a sync's summary, in this order: "Sent 2
   * changes", "applied 1 file", "with 3 changes", "0 conflicts", "0 changes
   * of deleted records dropped", "0 files waiting", "1 file refused" */
  g_autofree char *line = g_strdup_printf (_("%s, %s %s, %s, %s, %s, %s."), sent, applied,
                                           changes, conflicts, dropped, waiting, refusals);

  /* A fork of the team chain that this laptop's branch lost
   * (docs/sync-chain.md, "Forks"). */
  line = _ct_sync_summary_add_set_aside (g_steal_pointer (&line), summary);
  /* Edits of a record whose category another laptop changed at the same
   * time (docs/sync-merge.md, "A row's category"). */
  if (summary->lost_edits > 0)
    {
      char *more = g_strdup_printf (ngettext ("%s %u edit made on this laptop was not kept, "
                                              "since another laptop changed the category of "
                                              "its record at the same time: see "
                                              "Synchronisation to make it again.",
                                              "%s %u edits made on this laptop were not kept, "
                                              "since another laptop changed the category of "
                                              "their records at the same time: see "
                                              "Synchronisation to make them again.",
                                              summary->lost_edits),
                                    line, summary->lost_edits);

      g_free (line);
      line = more;
    }
  return g_steal_pointer (&line);
}
