/* ct-audit-sync.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log as a union across replicas (docs/sync-security.md, "The access
 * log across replicas"). Each replica's own entries travel in its change
 * files, sealed and signed like every other change, and every other
 * replica keeps them as that replica's chain in access_log_remote: per
 * device, in the order and with the ids, hashes and signatures they were
 * written with. An arriving entry must follow on from the last one of its
 * device (id and previous hash), hash to what it says, be signed by a key
 * the team chain gave its member, continue its member's numbering on that
 * device, and not be made by a removed member after the removal; one that
 * does not refuses the whole file. The local chain is never rewritten. */

#define G_LOG_DOMAIN "ct-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-audit-private.h"
#include "ct-bytes-private.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define PAYLOAD_VERSION 1

/* The same columns, in the same order, in access_log and access_log_remote */
#define ENTRY_COLUMNS "id, at, member_id, role, action, object_table, object_id, categories, " \
                      "purpose, outcome, signer_pk, prev_hash, hash, signature, household_id, " \
                      "person_id, member_seq, household_set, sealed_categories"

/* ---- the payload of a CT_SYNC_LOG change --------------------------------- */

/* A text: valid UTF-8 without NUL, owned by @texts */
static gboolean
get_text (CtBytesReader *r,
          GPtrArray     *texts,
          const char   **out)
{
  char *text = _ct_bytes_dup_text (r, 4);

  if (text == NULL)
    return FALSE;
  g_ptr_array_add (texts, text);
  *out = text;
  return TRUE;
}

/* One entry of access_log (a row of ENTRY_COLUMNS joined with its set's
 * text in column 19) as the payload of a change. */
static GBytes *
encode_row (CtStmt *stmt)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const int blobs[] = { 10, 11, 12, 13 };
  static const gsize sizes[] = { crypto_sign_PUBLICKEYBYTES, HASH_SIZE, HASH_SIZE,
                                 crypto_sign_BYTES };

  _ct_bytes_put_u8 (out, PAYLOAD_VERSION);
  _ct_bytes_put_i64 (out, sqlite3_column_int64 (stmt, 0));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 1));
  _ct_bytes_put_i64 (out, sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1
                          : sqlite3_column_int64 (stmt, 2));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 3));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 4));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 5));
  _ct_bytes_put_i64 (out, sqlite3_column_int64 (stmt, 6));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 7));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 8));
  _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 9));
  for (guint i = 0; i < G_N_ELEMENTS (blobs); i++)
    {
      guint8 zeros[crypto_sign_BYTES] = { 0 };
      const void *blob = sqlite3_column_bytes (stmt, blobs[i]) == (int) sizes[i]
                         ? sqlite3_column_blob (stmt, blobs[i]) : zeros;

      g_byte_array_append (out, blob, (guint) sizes[i]);
    }
  _ct_bytes_put_i64 (out, sqlite3_column_int64 (stmt, 14));
  _ct_bytes_put_i64 (out, sqlite3_column_int64 (stmt, 15));
  _ct_bytes_put_i64 (out, sqlite3_column_int64 (stmt, 16));
  if (sqlite3_column_bytes (stmt, 17) == HASH_SIZE && sqlite3_column_type (stmt, 19) == SQLITE_TEXT)
    {
      _ct_bytes_put_u8 (out, 1);
      g_byte_array_append (out, sqlite3_column_blob (stmt, 17), HASH_SIZE);
      _ct_bytes_put_text (out, 4, _ct_audit_text_or_empty (stmt, 19));
    }
  else
    _ct_bytes_put_u8 (out, 0);
  if (sqlite3_column_bytes (stmt, 18) == SEALED_SIZE)
    {
      _ct_bytes_put_u8 (out, 1);
      g_byte_array_append (out, sqlite3_column_blob (stmt, 18), SEALED_SIZE);
    }
  else
    _ct_bytes_put_u8 (out, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A travelled entry: the fields as hashed, plus what is stored beside. */
typedef struct
{
  CtAuditEntry  e;
  const guint8 *hash;
  const guint8 *signature;
  const char   *set;        /* NULL: no set */
  GPtrArray    *texts;
} Travelled;

static void
travelled_clear (Travelled *t)
{
  g_clear_pointer (&t->texts, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Travelled, travelled_clear)

/* Only the third format travels: entries written since sync exists. */
static gboolean
decode (const guint8 *payload,
        gsize         len,
        Travelled    *t)
{
  CtBytesReader r;
  const guint8 *b, *flag;
  const char *action;

  memset (t, 0, sizeof *t);
  _ct_bytes_reader_init (&r, payload, len);
  t->texts = g_ptr_array_new_with_free_func (g_free);
  if (!_ct_bytes_get_bytes (&r, 1, &b) || b[0] != PAYLOAD_VERSION
      || !_ct_bytes_get_i64 (&r, &t->e.id) || t->e.id <= 0
      || !get_text (&r, t->texts, &t->e.at)
      || !_ct_bytes_get_i64 (&r, &t->e.member_id) || t->e.member_id < -1
      || !get_text (&r, t->texts, &t->e.role)
      || !get_text (&r, t->texts, &action) || strlen (action) != 1
      || strchr ("CRUDE", action[0]) == NULL
      || !get_text (&r, t->texts, &t->e.object_table)
      || !_ct_bytes_get_i64 (&r, &t->e.object_id)
      || !get_text (&r, t->texts, &t->e.categories)
      || !get_text (&r, t->texts, &t->e.purpose)
      || !get_text (&r, t->texts, &t->e.outcome)
      || !_ct_bytes_get_bytes (&r, crypto_sign_PUBLICKEYBYTES, &t->e.signer_pk)
      || !_ct_bytes_get_bytes (&r, HASH_SIZE, &t->e.prev_hash)
      || !_ct_bytes_get_bytes (&r, HASH_SIZE, &t->hash)
      || !_ct_bytes_get_bytes (&r, crypto_sign_BYTES, &t->signature)
      || !_ct_bytes_get_i64 (&r, &t->e.household_id) || t->e.household_id < 0
      || !_ct_bytes_get_i64 (&r, &t->e.person_id) || t->e.person_id < 0
      || !_ct_bytes_get_i64 (&r, &t->e.member_seq) || t->e.member_seq <= 0
      || !_ct_bytes_get_bytes (&r, 1, &flag) || flag[0] > 1)
    return FALSE;
  t->e.action = action[0];
  if (flag[0] == 1 && (!_ct_bytes_get_bytes (&r, HASH_SIZE, &t->e.set_hash)
                       || !get_text (&r, t->texts, &t->set)))
    return FALSE;
  if (!_ct_bytes_get_bytes (&r, 1, &flag) || flag[0] != 1
      || !_ct_bytes_get_bytes (&r, SEALED_SIZE, &t->e.sealed))
    return FALSE;
  return _ct_bytes_reader_done (&r);
}

/* ---- sending ------------------------------------------------------------- */

/**
 * _ct_audit_sync_mark_base:
 * @own: whether the entries written so far are this replica's own (the
 *   file that switched sync on) or came with the copy it was made from
 *
 * When sync is switched on, or a copy becomes a replica: the entries up to
 * now are in every copy made from here on, or are the original's, so only
 * later ones travel from this replica.
 */
gboolean
_ct_audit_sync_mark_base (CtSession *self,
                          GError   **error)
{
  return ct_store_exec (self->db,
                        "INSERT OR REPLACE INTO access_log_device (id, base, sent) VALUES (1, "
                        "(SELECT coalesce (max (id), 0) FROM access_log), "
                        "(SELECT coalesce (max (id), 0) FROM access_log))", error);
}

/**
 * _ct_audit_sync_take_unsent:
 * @state: this replica's state; its clock ticks once when entries go
 * @pending: the encoded changes of the next change file, to append to
 * @other_changes: whether the file is written anyway
 * @n_taken: (out): how many entries were appended
 *
 * This replica's entries not yet in a change file, as CT_SYNC_LOG changes
 * after the others, all with one new stamp; marked sent, in the
 * transaction that puts the file in the outbox. Entries about sync itself
 * (applying a file, refusing one) ride along with other changes but do
 * not make a file of their own: otherwise every replica applying another's
 * file would write one back, for ever.
 */
gboolean
_ct_audit_sync_take_unsent (CtSession   *self,
                            CtSyncState *state,
                            GPtrArray   *pending,
                            gboolean     other_changes,
                            guint       *n_taken,
                            GError     **error)
{
  g_autoptr(CtStmt) worth = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  guint64 hlc;
  gint64 last = 0;
  int rc;

  *n_taken = 0;
  if (!other_changes)
    {
      worth = ct_store_prepare (self->db, "SELECT 1 FROM access_log WHERE id > (SELECT sent FROM "
                                          "access_log_device) AND object_table <> 'sync' LIMIT 1",
                                error);
      if (worth == NULL)
        return FALSE;
      rc = sqlite3_step (worth);
      if (rc == SQLITE_DONE)
        return TRUE;
      if (rc != SQLITE_ROW)
        return ct_store_set_error (self->db, rc, error);
    }

  stmt = ct_store_prepare (self->db, "SELECT l.id, l.at, l.member_id, l.role, l.action, "
                                     "l.object_table, l.object_id, l.categories, l.purpose, "
                                     "l.outcome, l.signer_pk, l.prev_hash, l.hash, l.signature, "
                                     "l.household_id, l.person_id, l.member_seq, "
                                     "l.household_set, l.sealed_categories, s.households FROM "
                                     "access_log l LEFT JOIN access_log_sets s ON s.hash = "
                                     "l.household_set WHERE l.id > (SELECT sent FROM "
                                     "access_log_device) ORDER BY l.id", error);
  if (stmt == NULL)
    return FALSE;
  hlc = ct_hlc_tick (state->hlc, ct_hlc_physical ());
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) payload = encode_row (stmt);
      g_autoptr(GByteArray) change = g_byte_array_new ();
      gsize len;
      gconstpointer data = g_bytes_get_data (payload, &len);

      last = sqlite3_column_int64 (stmt, 0);
      _ct_sync_encode_payload (change, CT_SYNC_LOG, hlc, "access_log", last, data, len);
      g_ptr_array_add (pending, g_byte_array_free_to_bytes (g_steal_pointer (&change)));
      (*n_taken)++;
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);
  if (*n_taken == 0)
    return TRUE;
  state->hlc = hlc;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = ct_store_prepare (self->db, "UPDATE access_log_device SET sent = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last);
  return ct_store_step_done (self->db, stmt, error);
}

/* ---- applying ------------------------------------------------------------ */

static gboolean
refuse (GError    **error,
        const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

/* The last entry of @device this replica holds: 0 for none. */
static gboolean
device_last (CtSession    *self,
             const guint8 *device,
             gint64       *id,
             guint8       *hash,
             GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT id, hash FROM access_log_remote "
                                                       "WHERE device = ?1 ORDER BY id DESC "
                                                       "LIMIT 1", error);
  int rc;

  *id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, device, CT_SYNC_DEVICE_SIZE, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 1) == HASH_SIZE)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      memcpy (hash, sqlite3_column_blob (stmt, 1), HASH_SIZE);
      return TRUE;
    }
  return rc == SQLITE_DONE || ct_store_set_error (self->db, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc,
                                                  error);
}

/* The member's newest number among @device's entries: 0 for none. */
static gint64
device_member_seq (CtSession    *self,
                   const guint8 *device,
                   gint64        member_id)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, member_id >= 0
                                             ? CT_AUDIT_MEMBER_SEQ_SQL
                                             : CT_AUDIT_MEMBER_SEQ_RECOVERY_SQL, NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_blob (stmt, 1, device, CT_SYNC_DEVICE_SIZE, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, member_id);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

static gboolean
signed_by_chain (const CtChain      *chain,
                 const CtAuditEntry *e)
{
  if (e->member_id < 0)
    return chain->has_recovery && sodium_memcmp (chain->recovery_sign_pk, e->signer_pk,
                                                 crypto_sign_PUBLICKEYBYTES) == 0;
  return ct_chain_had_sign_key (chain, e->member_id, e->signer_pk);
}

/* Made by a member after the team chain removed them (by the removal's
 * stamp; a removal from before sync has none, and then every travelled
 * entry of theirs is after it). */
static gboolean
after_removal (CtSession          *self,
               const CtChain      *chain,
               const CtAuditEntry *e)
{
  const CtChainMember *m = e->member_id >= 0 ? ct_chain_find_id (chain, e->member_id) : NULL;
  g_autoptr(GDateTime) at = NULL;
  gint64 removed_ms;

  if (m == NULL || !m->removed)
    return FALSE;
  removed_ms = ct_hlc_millis (ct_store_sync_chain_hlc (self->db, m->removed_seq));
  at = g_date_time_new_from_iso8601 (e->at, NULL);
  return at == NULL || g_date_time_to_unix (at) * 1000 >= removed_ms;
}

static gboolean
store (CtSession       *self,
       const guint8    *device,
       const Travelled *t,
       GError         **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  const CtAuditEntry *e = &t->e;

  if (t->set != NULL)
    {
      stmt = ct_store_prepare (self->db, "INSERT OR IGNORE INTO access_log_sets (hash, "
                                         "households) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_blob (stmt, 1, e->set_hash, HASH_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, t->set, -1, SQLITE_STATIC);
      if (!ct_store_step_done (self->db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = ct_store_prepare (self->db, "INSERT INTO access_log_remote (device, " ENTRY_COLUMNS
                                     ") VALUES (?20, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                     "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e->id);
  sqlite3_bind_text (stmt, 2, e->at, -1, SQLITE_STATIC);
  if (e->member_id >= 0)
    sqlite3_bind_int64 (stmt, 3, e->member_id);
  sqlite3_bind_text (stmt, 4, e->role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, (char[]) { e->action, '\0' }, 1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, e->object_table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, e->object_id);
  sqlite3_bind_text (stmt, 8, e->categories, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, e->purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, e->outcome, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 11, e->signer_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 12, e->prev_hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 13, t->hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 14, t->signature, crypto_sign_BYTES, SQLITE_STATIC);
  if (e->household_id > 0)
    sqlite3_bind_int64 (stmt, 15, e->household_id);
  if (e->person_id > 0)
    sqlite3_bind_int64 (stmt, 16, e->person_id);
  sqlite3_bind_int64 (stmt, 17, e->member_seq);
  if (e->set_hash != NULL)
    sqlite3_bind_blob (stmt, 18, e->set_hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 19, e->sealed, SEALED_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 20, device, CT_SYNC_DEVICE_SIZE, SQLITE_STATIC);
  return ct_store_step_done (self->db, stmt, error);
}

/**
 * _ct_audit_sync_apply:
 * @rules: the team chain at the file's point
 * @device: the replica whose file carries the entry
 *
 * Checks one travelled entry of @device's log against what this replica
 * holds of that log and stores it; inside the file's transaction, so a
 * refusal takes back the whole file. The first entry of a device that
 * arrives is where its chain starts here: the entries before it were in
 * the file every replica was copied from, or in the copy it was made of.
 */
gboolean
_ct_audit_sync_apply (CtSession     *self,
                      const CtChain *rules,
                      const guint8  *device,
                      const guint8  *payload,
                      gsize          payload_len,
                      gint64         row_id,
                      GError       **error)
{
  g_auto(Travelled) t = { { 0 } };
  guint8 hash[HASH_SIZE], set_digest[HASH_SIZE], last_hash[HASH_SIZE];
  gint64 last_id, last_seq;

  if (!decode (payload, payload_len, &t) || t.e.id != row_id
      || (t.set != NULL && (t.e.household_id != 0 || strchr (t.set, ',') == NULL)))
    return refuse (error, _("an access-log entry in it is malformed"));
  if (t.set != NULL)
    {
      _ct_audit_set_hash (t.set, set_digest);
      if (sodium_memcmp (set_digest, t.e.set_hash, HASH_SIZE) != 0)
        return refuse (error, _("an access-log entry in it was changed: its hash does not hold"));
    }
  _ct_audit_entry_hash (&t.e, hash);
  if (sodium_memcmp (hash, t.hash, HASH_SIZE) != 0)
    return refuse (error, _("an access-log entry in it was changed: its hash does not hold"));
  if (crypto_sign_verify_detached (t.signature, hash, HASH_SIZE, t.e.signer_pk) != 0
      || !signed_by_chain (rules, &t.e))
    return refuse (error, _("an access-log entry in it is not signed by a key the team chain "
                            "gives its member: it was forged"));

  if (!device_last (self, device, &last_id, last_hash, error))
    return FALSE;
  if (last_id > 0 && (t.e.id != last_id + 1
                      || sodium_memcmp (last_hash, t.e.prev_hash, HASH_SIZE) != 0))
    return refuse (error, _("its access-log entries do not follow on from those of that replica "
                            "applied before: one was dropped, reordered or changed"));
  last_seq = device_member_seq (self, device, t.e.member_id);
  if (last_seq < 0)
    return ct_store_set_error (self->db, sqlite3_errcode (self->db), error);
  if (last_seq > 0 && t.e.member_seq != last_seq + 1)
    return refuse (error, _("an access-log entry in it breaks the numbering of its member’s "
                            "entries on that replica"));
  if (after_removal (self, rules, &t.e) || after_removal (self, self->chain, &t.e))
    return refuse (error, _("it carries an access-log entry that a member made after their "
                            "removal from the team"));
  return store (self, device, &t, error);
}

/* ---- verifying ----------------------------------------------------------- */

/* Every other replica's chain as this replica holds it: each entry's hash,
 * signature and signer, its link to the one before of its device, and
 * its member's numbering on that device. */
gboolean
_ct_audit_verify_replicas (CtSession *self,
                           gint64    *n_verified,
                           GError   **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  g_autoptr(GHashTable) seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  guint8 device[CT_SYNC_DEVICE_SIZE] = { 0 }, prev[HASH_SIZE] = { 0 };
  gint64 last_id = 0;
  int rc;

  stmt = ct_store_prepare (self->db, "SELECT l.device, l.id, l.at, l.member_id, l.role, "
                                     "l.action, l.object_table, l.object_id, l.categories, "
                                     "l.purpose, l.outcome, l.signer_pk, l.prev_hash, l.hash, "
                                     "l.signature, l.household_id, l.person_id, l.member_seq, "
                                     "l.household_set, s.households, l.sealed_categories FROM "
                                     "access_log_remote l LEFT JOIN access_log_sets s ON "
                                     "s.hash = l.household_set ORDER BY l.device, l.id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtAuditEntry e = { 0 };
      guint8 hash[HASH_SIZE], set_digest[HASH_SIZE];
      const char *action = _ct_audit_text_or_empty (stmt, 5);
      const char *set = (const char *) sqlite3_column_text (stmt, 19);
      gboolean first;
      gint64 *seq;
      g_autofree char *name = NULL;

      if (sqlite3_column_bytes (stmt, 0) != CT_SYNC_DEVICE_SIZE)
        goto bad;
      first = memcmp (device, sqlite3_column_blob (stmt, 0), CT_SYNC_DEVICE_SIZE) != 0;
      if (first)
        {
          memcpy (device, sqlite3_column_blob (stmt, 0), CT_SYNC_DEVICE_SIZE);
          g_hash_table_remove_all (seqs);
        }
      _ct_audit_entry_read (stmt, 1, &e);
      e.household_id = sqlite3_column_int64 (stmt, 15);
      e.person_id = sqlite3_column_int64 (stmt, 16);
      e.member_seq = sqlite3_column_int64 (stmt, 17);
      if (strlen (action) != 1 || sqlite3_column_bytes (stmt, 11) != crypto_sign_PUBLICKEYBYTES
          || sqlite3_column_bytes (stmt, 12) != HASH_SIZE
          || sqlite3_column_bytes (stmt, 13) != HASH_SIZE
          || sqlite3_column_bytes (stmt, 14) != crypto_sign_BYTES
          || sqlite3_column_bytes (stmt, 20) != SEALED_SIZE || e.member_seq <= 0)
        goto bad;
      if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
        {
          if (sqlite3_column_bytes (stmt, 18) != HASH_SIZE || set == NULL)
            goto bad;
          _ct_audit_set_hash (set, set_digest);
          e.set_hash = sqlite3_column_blob (stmt, 18);
          if (sodium_memcmp (set_digest, e.set_hash, HASH_SIZE) != 0)
            goto bad;
        }
      e.signer_pk = sqlite3_column_blob (stmt, 11);
      e.prev_hash = sqlite3_column_blob (stmt, 12);
      e.sealed = sqlite3_column_blob (stmt, 20);
      _ct_audit_entry_hash (&e, hash);
      if (sodium_memcmp (hash, sqlite3_column_blob (stmt, 13), HASH_SIZE) != 0
          || crypto_sign_verify_detached (sqlite3_column_blob (stmt, 14), hash, HASH_SIZE,
                                          e.signer_pk) != 0
          || !_ct_audit_signer_is_known (self, e.member_id, e.signer_pk, FALSE)
          || (!first && (e.id != last_id + 1
                         || sodium_memcmp (prev, e.prev_hash, HASH_SIZE) != 0)))
        goto bad;
      seq = g_hash_table_lookup (seqs, &e.member_id);
      if (seq != NULL && *seq + 1 != e.member_seq)
        goto bad;
      if (seq == NULL)
        {
          seq = g_new (gint64, 2);
          seq[1] = e.member_id;
          g_hash_table_insert (seqs, &seq[1], seq);
        }
      *seq = e.member_seq;
      memcpy (prev, hash, HASH_SIZE);
      last_id = e.id;
      if (n_verified != NULL)
        (*n_verified)++;
      continue;

    bad:
      name = sqlite3_column_bytes (stmt, 0) == CT_SYNC_DEVICE_SIZE
             ? _ct_session_sync_member_of_device (self, sqlite3_column_blob (stmt, 0)) : NULL;
      g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                   _("The access log of the laptop of %s is not intact from its entry %lld on: "
                     "it was changed, removed or inserted outside Casustafel."),
                   name != NULL ? name : "?", (long long) sqlite3_column_int64 (stmt, 1));
      return FALSE;
    }
  return rc == SQLITE_DONE || ct_store_set_error (self->db, rc, error);
}
