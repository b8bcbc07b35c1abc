/* ct-session-keys.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Need-to-know by encryption (docs/security.md): one key per category but
 * general; every value of such a category is XChaCha20-Poly1305
 * ciphertext with its table, row, field and key version as associated
 * data. A category key is sealed to every member whose role the policy
 * grants it, and always to the recovery key (holder 0). Who is a member,
 * with which role and keys, and what each role is granted come from the
 * verified team chain (ct-chain.c), never from the tables.
 *
 *  - Grants are fulfilled by any session that holds the key; a key no
 *    value was ever encrypted with is simply replaced by a fresh one that
 *    is sealed to everyone entitled (how a new team gets its keys).
 *  - When a role loses a category, or a member who held it is removed,
 *    the category waits for rotation: the next session holding the key
 *    makes a new one, re-encrypts every value and seals it only to those
 *    still entitled. Until then the policy is enforced by the session. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-seal-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"

G_STATIC_ASSERT (CT_KEY_NAME_SIZE == CT_CHAIN_HASH_SIZE);

/* The session's copy of @category's key: CT_KEY_SIZE bytes of secure
 * memory, valid while the session holds the category. */
guint8 *
_ct_session_key_of (CtSession  *self,
                    CtCategory  category)
{
  return self->cat_keys + category * CT_KEY_SIZE;
}

gint64
_ct_session_holder (CtSession *self)
{
  return self->member != NULL ? self->member->id : 0;
}

static gboolean
entitled (CtSession *self,
          CtRole     role,
          CtCategory category)
{
  return (self->role_policy[role] & (1u << category)) != 0;
}

gboolean
_ct_session_can_read (CtSession  *self,
                      CtCategory  category)
{
  if (category == CT_CATEGORY_GENERAL)
    return TRUE;
  if (self->cat_version[category] == 0)
    return FALSE;
  return self->recovery || entitled (self, self->member->role, category);
}

/* Runs @func in a transaction of its own, or, inside a caller's
 * transaction, in a savepoint: a failed step is undone whole even when the
 * caller goes on (an import that collects every bad row). Inside
 * _ct_session_run_batch() there is no savepoint: the caller gives up the
 * whole transaction at the first failed step. */
gboolean
_ct_session_with_transaction (CtSession *self,
                              gboolean (*func) (CtSession *, gpointer, GError **),
                              gpointer   data,
                              GError   **error)
{
  gboolean outer = sqlite3_get_autocommit (self->db);
  gboolean ok;

  if (!outer && self->batch)
    return func (self, data, error);

  if (!ct_store_exec (self->db, outer ? "BEGIN IMMEDIATE" : "SAVEPOINT ct_step", error))
    return FALSE;
  if (outer)
    _ct_session_end_transaction_keys (self, TRUE);  /* one left by a transaction of its own */

  if (!func (self, data, error))
    {
      /* A household made in what is rolled back is gone, and its id may
       * be given to the next one. */
      g_clear_pointer (&self->created, g_hash_table_unref);
      g_clear_pointer (&self->involved, g_hash_table_unref);
      if (!outer)
        {
          sqlite3_exec (self->db, "ROLLBACK TO ct_step; RELEASE ct_step", NULL, NULL, NULL);
          return FALSE;
        }
      ct_store_rollback (self->db);
      _ct_session_end_transaction_keys (self, FALSE);
      return FALSE;
    }
  if (!outer)
    return ct_store_exec (self->db, "RELEASE ct_step", error);
  ok = ct_store_commit (self->db, error);
  _ct_session_end_transaction_keys (self, ok);
  return ok;
}

/**
 * _ct_session_run_batch:
 * @func: the work; returns %FALSE as soon as any write of it fails
 *
 * ct_session_run_in_transaction() for many writes that stand or fall
 * together (the demo's households, ct-demo.c): each write in it takes no
 * savepoint of its own. A savepoint is not free under SQLCipher: every
 * page a write touches first is copied, encrypted and authenticated, into
 * the statement journal, some nine pages per row with the access log's
 * indexes. Nothing else changes: the rules, the encryption and the log
 * entry of every write are the same, and the transaction is kept whole or
 * not at all. A caller that goes on after a failed write (an import that
 * collects every bad row) must not use it: that write may be half done.
 */
gboolean
_ct_session_run_batch (CtSession  *self,
                       gboolean  (*func) (CtSession *, gpointer, GError **),
                       gpointer    data,
                       GError    **error)
{
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (!self->batch, FALSE);

  self->batch = TRUE;
  ok = ct_session_run_in_transaction (self, func, data, error);
  self->batch = FALSE;
  return ok;
}

static gboolean
unseal_grant (CtSession    *self,
              CtCategory    category,
              gint          version,
              const guint8 *made_by)
{
  g_autoptr(GBytes) sealed = ct_store_grant_get (self->db, _ct_session_holder (self), category,
                                                 version, made_by, NULL);
  gsize len;
  const guint8 *data;

  if (sealed == NULL)
    return FALSE;

  data = g_bytes_get_data (sealed, &len);
  if (len != CT_SEALED_KEY_SIZE
      || crypto_box_seal_open (_ct_session_key_of (self, category), data, len,
                               self->identity->box_pk, self->identity->box_sk) != 0)
    return FALSE;

  self->cat_version[category] = version;
  memcpy (self->cat_made_by[category], made_by, CT_KEY_NAME_SIZE);
  return TRUE;
}

/* Loads the policy and every category key this member may hold. */
static gboolean
load_keys (CtSession *self,
           GError   **error)
{
  if (self->cat_keys == NULL)
    self->cat_keys = ct_secure_alloc (CT_N_CATEGORIES * CT_KEY_SIZE);
  memset (self->cat_version, 0, sizeof self->cat_version);
  memset (self->cat_made_by, 0, sizeof self->cat_made_by);

  /* The policy is the verified chain's, never the table's. */
  memcpy (self->role_policy, self->chain->policy, sizeof self->role_policy);

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    {
      guint8 made_by[CT_KEY_NAME_SIZE];
      gint version = ct_store_key_version (self->db, c, NULL, made_by, error);

      if (version < 0)
        return FALSE;
      if (version > 0 && (self->recovery || entitled (self, self->member->role, c)))
        unseal_grant (self, c, version, made_by);
    }
  return TRUE;
}

/* After category keys came in through sync (docs/sync-security.md). */
gboolean
_ct_session_load_keys (CtSession *self,
                       GError   **error)
{
  return load_keys (self, error);
}

static gboolean
seal_to (CtSession    *self,
         gint64        holder,
         const guint8 *box_pk,
         CtCategory    category,
         gint          version,
         const guint8 *made_by,
         const guint8 *key,
         GError      **error)
{
  guint8 sealed[CT_SEALED_KEY_SIZE];

  crypto_box_seal (sealed, key, CT_KEY_SIZE, box_pk);
  return ct_store_grant_put (self->db, holder, category, version, made_by, sealed, sizeof sealed,
                             error);
}

static const guint8 *
recovery_pk (CtSession *self)
{
  CtSlot *slot = ct_header_find_recovery (self->header);

  return slot != NULL ? slot->box_pk : NULL;
}

/* Seals @key (version @version @made_by of @category) to every entitled
 * member without a grant of it, and to the recovery key. */
static gboolean
seal_to_entitled (CtSession    *self,
                  GPtrArray    *members,
                  CtCategory    category,
                  gint          version,
                  const guint8 *made_by,
                  const guint8 *key,
                  GError      **error)
{
  const guint8 *rpk = recovery_pk (self);
  g_autoptr(GBytes) rgrant = ct_store_grant_get (self->db, 0, category, version, made_by, NULL);

  if (rpk != NULL && rgrant == NULL
      && !seal_to (self, 0, rpk, category, version, made_by, key, error))
    return FALSE;

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberRow *m = g_ptr_array_index (members, i);
      g_autoptr(GBytes) grant = NULL;

      if (!entitled (self, m->role, category))
        continue;
      grant = ct_store_grant_get (self->db, m->id, category, version, made_by, NULL);
      if (grant == NULL
          && !seal_to (self, m->id, m->box_pk, category, version, made_by, key, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
someone_lacks (CtSession    *self,
               GPtrArray    *members,
               CtCategory    category,
               gint          version,
               const guint8 *made_by)
{
  g_autoptr(GBytes) rgrant = ct_store_grant_get (self->db, 0, category, version, made_by, NULL);

  if (rgrant == NULL)
    return TRUE;

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberRow *m = g_ptr_array_index (members, i);
      g_autoptr(GBytes) grant = NULL;

      if (!entitled (self, m->role, category))
        continue;
      grant = ct_store_grant_get (self->db, m->id, category, version, made_by, NULL);
      if (grant == NULL)
        return TRUE;
    }
  return FALSE;
}

/* A new version of @category's key, named @made_by, sealed to everyone
 * entitled; held by this session when it may read the category. */
static gboolean
new_version (CtSession    *self,
             GPtrArray    *members,
             CtCategory    category,
             gint          version,
             const guint8 *made_by,
             guint8       *key,
             GError      **error)
{
  randombytes_buf (key, CT_KEY_SIZE);
  return ct_store_key_add_version (self->db, category, version, made_by, error)
         && seal_to_entitled (self, members, category, version, made_by, key, error)
         && ct_store_grants_prune (self->db, category, version, made_by, error);
}

static gboolean
fulfil_category (CtSession  *self,
                 GPtrArray  *members,
                 CtCategory  c,
                 GError    **error)
{
  /* A fresh key is made by no statement: named zeros, as version 1. */
  static const guint8 fresh_name[CT_KEY_NAME_SIZE] = { 0 };
  guint8 made_by[CT_KEY_NAME_SIZE];
  gboolean used = FALSE;
  gint version = ct_store_key_version (self->db, c, &used, made_by, error);
  gboolean held;
  guint8 *fresh;
  gboolean ok;

  if (version < 0)
    return FALSE;

  held = self->cat_version[c] == version && version > 0
         && memcmp (self->cat_made_by[c], made_by, CT_KEY_NAME_SIZE) == 0;
  if (version > 0 && !someone_lacks (self, members, c, version, made_by))
    return TRUE;
  if (held)
    return seal_to_entitled (self, members, c, version, made_by, _ct_session_key_of (self, c),
                             error);
  if (version > 0 && used)
    return TRUE;  /* pending until a session that holds the key unlocks */

  fresh = ct_secure_alloc (CT_KEY_SIZE);
  ok = new_version (self, members, c, version + 1, fresh_name, fresh, error);
  if (ok && (self->recovery || (self->member != NULL && entitled (self, self->member->role, c))))
    {
      memcpy (_ct_session_key_of (self, c), fresh, CT_KEY_SIZE);
      self->cat_version[c] = version + 1;
      memcpy (self->cat_made_by[c], fresh_name, CT_KEY_NAME_SIZE);
    }
  ct_secure_free (fresh);
  return ok;
}

/* The members a key may be sealed to: the verified chain's present
 * members with the chain's public keys, never the members table's. */
static GPtrArray *
chain_members (CtSession *self)
{
  GPtrArray *members = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_row_free);

  for (guint i = 0; i < self->chain->members->len; i++)
    {
      CtChainMember *m = g_ptr_array_index (self->chain->members, i);
      CtMemberRow *row;

      if (m->removed)
        continue;
      row = g_new0 (CtMemberRow, 1);
      row->id = m->id;
      memcpy (row->member_uid, m->uid, sizeof row->member_uid);
      row->role = m->role;
      row->is_admin = m->is_admin;
      memcpy (row->box_pk, m->box_pk, sizeof row->box_pk);
      memcpy (row->sign_pk, m->sign_pk, sizeof row->sign_pk);
      g_ptr_array_add (members, row);
    }
  return members;
}

static gboolean
fulfil (CtSession *self,
        gpointer   data,
        GError   **error)
{
  g_autoptr(GPtrArray) members = chain_members (self);

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if (!fulfil_category (self, members, c, error))
      return FALSE;
  return TRUE;
}

/**
 * _ct_session_fulfil:
 *
 * Seals every category key this session holds to the entitled members who
 * lack it (pending grants), and gives unused categories a fresh key. When
 * that, or the transaction it is a step of, does not commit, the
 * session's keys are put back (_ct_session_with_keyed_transaction()).
 */
gboolean
_ct_session_fulfil (CtSession *self,
                    GError   **error)
{
  return _ct_session_with_keyed_transaction (self, fulfil, NULL, error);
}

#define PREVIOUS_SIZE (CT_NONCE_SIZE + CT_KEY_SIZE + CT_TAG_SIZE)

/* The associated data of version @version - 1 of @c's key sealed under
 * version @version: into @ad (32 bytes), returns the length. */
static gsize
previous_ad (CtCategory c,
             gint       version,
             guint8    *ad)
{
  guint32 c_le = GUINT32_TO_LE ((guint32) c), version_le = GUINT32_TO_LE ((guint32) version);

  memcpy (ad, "ct-key-previous1", 16);
  memcpy (ad + 16, &c_le, 4);
  memcpy (ad + 20, &version_le, 4);
  return 24;
}

/* What a rotation keeps of the old key: sealed under the new one, so a
 * holder of the new key still opens what only the old one sealed and no
 * one may rewrite: the categories of the access log's entries. */
static gboolean
put_previous (CtSession    *self,
              CtCategory    c,
              gint          version,
              const guint8 *made_by,
              const guint8 *new_key,
              const guint8 *old_key,
              GError      **error)
{
  guint8 sealed[PREVIOUS_SIZE], ad[32];
  gsize ad_len = previous_ad (c, version, ad);

  randombytes_buf (sealed, CT_NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed + CT_NONCE_SIZE, NULL, old_key,
                                              CT_KEY_SIZE, ad, ad_len, NULL, sealed, new_key);
  return ct_store_key_set_previous (self->db, c, version, made_by, sealed, sizeof sealed,
                                    error);
}

/**
 * _ct_session_current_key:
 *
 * Returns: (nullable): the current key of @c, in the session's own
 *   sodium_malloc() memory, valid until the key is rotated or the session
 *   locked; %NULL when this session does not hold @c
 */
const guint8 *
_ct_session_current_key (CtSession  *self,
                         CtCategory  c)
{
  if (c >= CT_CATEGORY_GENERAL || self->cat_keys == NULL || !_ct_session_can_read (self, c))
    return NULL;
  return _ct_session_key_of (self, c);
}

/* @key, of version @v of @c, replaced by the key of version @v - 1 that
 * it replaced. Each version of number @v keeps its previous key; only the
 * one sealed under @key opens (the AEAD tells them apart), so the walk
 * needs no names. */
static gboolean
open_previous (CtSession  *self,
               CtCategory  c,
               gint        v,
               guint8     *key)
{
  g_autoptr(GPtrArray) all = ct_store_key_get_previous (self->db, c, v);
  guint8 *older = ct_secure_alloc (CT_KEY_SIZE);
  gboolean ok = FALSE;
  guint8 ad[32];

  for (guint i = 0; i < all->len && !ok; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (all, i), &len);

      ok = len == PREVIOUS_SIZE
           && crypto_aead_xchacha20poly1305_ietf_decrypt (older, NULL, NULL, data + CT_NONCE_SIZE,
                                                          len - CT_NONCE_SIZE, ad,
                                                          previous_ad (c, v, ad), data, key) == 0;
    }
  if (ok)
    memcpy (key, older, CT_KEY_SIZE);
  ct_secure_free (older);
  return ok;
}

/**
 * _ct_session_key_of_version:
 * @out: CT_KEY_SIZE bytes of ct_secure_alloc() memory
 *
 * The key of version @version of @c, for a session that holds a later
 * (or that) version: each older one opens from the one that replaced it.
 *
 * Returns: %FALSE when this session does not hold @c, or a version
 *   between is missing or fails its authentication
 */
gboolean
_ct_session_key_of_version (CtSession  *self,
                            CtCategory  c,
                            gint        version,
                            guint8     *out)
{
  if (c >= CT_CATEGORY_GENERAL || !_ct_session_can_read (self, c) || version <= 0
      || version > self->cat_version[c])
    return FALSE;

  memcpy (out, _ct_session_key_of (self, c), CT_KEY_SIZE);
  for (gint v = self->cat_version[c]; v > version; v--)
    if (!open_previous (self, c, v, out))
      {
        sodium_memzero (out, CT_KEY_SIZE);
        return FALSE;
      }
  return TRUE;
}

/* Whether @key is one of the @n keys at @keys. */
static gboolean
has_key (const guint8 *keys,
         guint         n,
         const guint8 *key)
{
  for (guint i = 0; i < n; i++)
    if (sodium_memcmp (keys + i * CT_KEY_SIZE, key, CT_KEY_SIZE) == 0)
      return TRUE;
  return FALSE;
}

/**
 * _ct_session_keys_of_version:
 * @n_keys: (out): how many keys the result holds
 *
 * Every key of version number @version of @c this session reaches: the
 * one _ct_session_key_of_version() opens from the current key, and the
 * one each other version this member holds a grant of opens (the other
 * branch's of a resolved fork, docs/sync-security.md "Key versions named by their
 * statement"), walked down to @version alike. Two keys of one number
 * differ, and a value sealed under one opens under that one only: a
 * reader tries each, and the AEAD refuses every other key.
 *
 * Returns: (nullable): @n_keys keys of CT_KEY_SIZE bytes each, in
 *   ct_secure_alloc() memory; %NULL when there is none
 */
guint8 *
_ct_session_keys_of_version (CtSession  *self,
                             CtCategory  c,
                             gint        version,
                             guint      *n_keys)
{
  g_autoptr(GPtrArray) grants = NULL;
  guint8 *keys, *key;
  guint n = 0;

  *n_keys = 0;
  if (c >= CT_CATEGORY_GENERAL || !_ct_session_can_read (self, c) || version <= 0)
    return NULL;

  grants = ct_store_grants_from (self->db, _ct_session_holder (self), c, version);
  keys = ct_secure_alloc ((grants->len + 1) * CT_KEY_SIZE);
  key = ct_secure_alloc (CT_KEY_SIZE);
  if (_ct_session_key_of_version (self, c, version, keys))
    n++;
  for (guint i = 0; i < grants->len; i++)
    {
      const CtKeyGrant *g = g_ptr_array_index (grants, i);
      gsize len;
      const guint8 *sealed = g_bytes_get_data (g->sealed, &len);
      gboolean ok;

      if (g->version == self->cat_version[c]
          && memcmp (g->made_by, self->cat_made_by[c], CT_KEY_NAME_SIZE) == 0)
        continue;  /* the current one, above */
      ok = len == CT_SEALED_KEY_SIZE
           && crypto_box_seal_open (key, sealed, len, self->identity->box_pk,
                                    self->identity->box_sk) == 0;
      for (gint v = g->version; ok && v > version; v--)
        ok = open_previous (self, c, v, key);
      if (ok && !has_key (keys, n, key))
        memcpy (keys + CT_KEY_SIZE * n++, key, CT_KEY_SIZE);
    }
  ct_secure_free (key);
  if (n == 0)
    {
      ct_secure_free (keys);
      return NULL;
    }
  *n_keys = n;
  return keys;
}

static gboolean
rotate (CtSession  *self,
        GPtrArray  *members,
        CtCategory  c,
        GError    **error)
{
  guint8 *fresh = ct_secure_alloc (CT_KEY_SIZE);
  gint version = self->cat_version[c] + 1;
  guint8 made_by[CT_KEY_NAME_SIZE];
  static const guint8 zeros[CT_KEY_NAME_SIZE] = { 0 };
  gboolean ok;

  /* Named by the statement that made the rotation wait; one waiting from
   * before the names (migration 24) by the chain's head as it is now. */
  ct_store_pending_made_by (self->db, c, made_by);
  if (memcmp (made_by, zeros, CT_KEY_NAME_SIZE) == 0)
    memcpy (made_by, self->chain->head, CT_KEY_NAME_SIZE);
  ok = new_version (self, members, c, version, made_by, fresh, error)
       && put_previous (self, c, version, made_by, fresh, _ct_session_key_of (self, c), error)
       && _ct_session_reencrypt_category (self, c, _ct_session_key_of (self, c), fresh, version,
                                          error)
       && ct_store_key_mark_used (self->db, c, version, made_by, error)
       && ct_store_pending_set (self->db, c, FALSE, NULL, error)
       && ct_store_sync_keys_set_unsent (self->db, TRUE, error)
       && _ct_audit_append (self, CT_AUDIT_UPDATE, "category_keys", version, 1u << c,
                            "rotate category key", FALSE, error);
  if (ok)
    {
      memcpy (_ct_session_key_of (self, c), fresh, CT_KEY_SIZE);
      self->cat_version[c] = version;
      memcpy (self->cat_made_by[c], made_by, CT_KEY_NAME_SIZE);
      if (!self->recovery && !entitled (self, self->member->role, c))
        self->cat_version[c] = 0;
    }
  ct_secure_free (fresh);
  return ok;
}

static gboolean
rotate_pending (CtSession *self,
                gpointer   data,
                GError   **error)
{
  guint pending = ct_store_pending_rotations (self->db);
  g_autoptr(GPtrArray) members = NULL;

  if (pending == 0)
    return TRUE;

  members = chain_members (self);
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if ((pending & (1u << c)) && self->cat_version[c] > 0 && !rotate (self, members, c, error))
      return FALSE;
  return TRUE;
}

/**
 * _ct_session_rotate_pending:
 *
 * Rotates every category waiting for rotation whose key this session
 * holds: a new key, every value re-encrypted, sealed only to those still
 * entitled. When that, or the transaction it is a step of, does not
 * commit, the session keeps the keys the file has
 * (_ct_session_with_keyed_transaction()).
 */
gboolean
_ct_session_rotate_pending (CtSession *self,
                            GError   **error)
{
  return _ct_session_with_keyed_transaction (self, rotate_pending, NULL, error);
}

/* At unlock. A removed or revoked holder's key is still loaded here only
 * if the policy allows it, so the app never shows what the policy denies.
 * A read-only file waits with its rotations and grants for an unlock that
 * can write them. */
gboolean
_ct_session_setup_keys (CtSession *self,
                        GError   **error)
{
  /* A read-only file is read as it is: no pending rotation, grant or row
   * upgrade is written to it. */
  return load_keys (self, error)
         && (self->read_only
             || (_ct_session_rotate_pending (self, error) && _ct_session_fulfil (self, error)
                 && _ct_session_upgrade_rows (self, error)));
}

/**
 * ct_session_can_read:
 *
 * Returns: whether this member may read and write @category now
 */
gboolean
ct_session_can_read (CtSession  *self,
                     CtCategory  category)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (category < CT_N_CATEGORIES, FALSE);

  return self->db != NULL && _ct_session_can_read (self, category);
}

gboolean
ct_session_policy_allows (CtSession  *self,
                          CtRole      role,
                          CtCategory  category)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (role < CT_N_ROLES && category < CT_N_CATEGORIES, FALSE);

  return category == CT_CATEGORY_GENERAL || entitled (self, role, category);
}

typedef struct
{
  CtRole     role;
  CtCategory category;
  gboolean   grant;
} PolicyChange;

static gboolean
change_policy (CtSession *self,
               gpointer   data,
               GError   **error)
{
  PolicyChange *change = data;

  if (!ct_chain_append_policy (self->chain, self->db, change->role, change->category,
                               change->grant, _ct_session_signer_uid (self), self->identity,
                               error)
      || !ct_store_policy_set (self->db, change->role, change->category, change->grant, error)
      || (!change->grant
          && !ct_store_pending_set (self->db, change->category, TRUE, self->chain->head, error))
      || !_ct_audit_append (self, CT_AUDIT_UPDATE, "policy", change->role,
                            1u << change->category,
                            change->grant ? "grant category to role" : "revoke category from role",
                            FALSE, error))
    return FALSE;

  memcpy (self->role_policy, self->chain->policy, sizeof self->role_policy);
  return change->grant ? fulfil (self, NULL, error) : rotate_pending (self, NULL, error);
}

/* The checks, the chain's statement, the policy row, the log entry and
 * what the change does to the keys (sealing a grant, rotating a
 * revoked category this session holds), in one transaction. */
static gboolean
write_policy (CtSession *self,
              gpointer   data,
              GError   **error)
{
  PolicyChange *change = data;

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder (administrator) may change the team’s policy."));
      return FALSE;
    }

  if (change->role >= CT_N_ROLES || change->category >= CT_CATEGORY_GENERAL)
    {
      ct_set_field_error (error, "policy", "category", "%s",
                          _("Category: the general category belongs to every role; choose "
                            "another category."));
      return FALSE;
    }

  return change_policy (self, change, error);
}

/**
 * ct_session_set_policy:
 * @grant: %TRUE to grant @role read and write access to @category
 *
 * Beheerder only; logged. A grant is sealed to the role's members by any
 * session that holds the key (this one, or the next that unlocks); a
 * revocation rotates the category key and re-encrypts its values as soon
 * as a session holding the key unlocks. All of it is one transaction; when
 * it does not commit, the session's chain, policy and keys are as before.
 */
gboolean
ct_session_set_policy (CtSession  *self,
                       CtRole      role,
                       CtCategory  category,
                       gboolean    grant,
                       GError    **error)
{
  PolicyChange change = { role, category, grant };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return _ct_session_run_keyed (self, write_policy, &change, error);
}

/**
 * ct_session_set_policy_async:
 * @cancellable: (nullable): cancelled before the change runs, nothing is
 *   written (%G_IO_ERROR_CANCELLED)
 *
 * ct_session_set_policy() through the session's write queue
 * (ct_session_write_async()): it runs, with its checks, once none of the
 * session's readers is inside a read transaction, and the main loop goes
 * on meanwhile. The session's chain, policy and keys change only with the
 * file: when the transaction does not commit they are put back before any
 * other write or read runs. A session locked meanwhile writes nothing
 * (%CT_ERROR_LOCKED).
 */
void
ct_session_set_policy_async (CtSession           *self,
                             CtRole               role,
                             CtCategory           category,
                             gboolean             grant,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  PolicyChange *change;
  GTask *task;

  g_return_if_fail (CT_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_set_policy_async);
  change = g_new (PolicyChange, 1);
  *change = (PolicyChange) { role, category, grant };
  _ct_session_write_keyed_async (self, write_policy, change, g_free, task);
}

gboolean
ct_session_set_policy_finish (CtSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_set_policy_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ct_session_get_pending_rotations:
 *
 * Returns: a mask of the categories whose key still waits for rotation
 */
guint
ct_session_get_pending_rotations (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), 0);

  return self->db != NULL ? ct_store_pending_rotations (self->db) : 0;
}
