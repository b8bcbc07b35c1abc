/* ct-session-chain.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The session's side of the team chain (ct-chain.c, docs/security.md):
 * every unlock verifies the chain and checks the members and policy
 * tables and the header's keyslots against it; a team file made before
 * the chain existed gets one when a beheerder (or the recovery key) first
 * opens it. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

/* The log entry that says a file has a chain: a file whose log has it
 * but whose chain is empty lost its chain to someone's hand. */
#define FOUND_PURPOSE "found team chain"

const guint8 *
_ct_session_signer_uid (CtSession *self)
{
  return self->member != NULL ? self->member->member_uid : NULL;
}

/* Whether @signature over @message is @signer's, made with any key the
 * chain gives them: a member who rotated their keys still signed what
 * they signed before. For the rows a member signs (an involvement added by
 * hand, a restriction placed or lifted). */
gboolean
_ct_chain_member_signed (const CtChainMember *signer,
                         const guint8        *message,
                         gsize                size,
                         const guint8        *signature)
{
  for (guint i = 0; i < ct_chain_member_n_sign_keys (signer); i++)
    if (crypto_sign_verify_detached (signature, message, size,
                                     ct_chain_member_get_sign_key (signer, i)) == 0)
      return TRUE;
  return FALSE;
}

/* The start of a message a member signs about a household (a
 * restriction, its lift, an involvement): @context with its NUL, the
 * team's id and the household, little-endian. Returns: the bytes written
 * to @out, which the caller's message follows. */
gsize
_ct_session_household_message (CtSession  *self,
                               const char *context,
                               gsize       context_size,
                               gint64      household,
                               guint8     *out)
{
  gint64 household_le = GINT64_TO_LE (household);
  gsize n = 0;

  memcpy (out + n, context, context_size), n += context_size;
  memcpy (out + n, self->chain->team_id, CT_TEAM_ID_SIZE), n += CT_TEAM_ID_SIZE;
  memcpy (out + n, &household_le, 8), n += 8;
  return n;
}

/* Signs @message with this member's key into @signature, then writes the
 * signed row with @func in a transaction (_ct_session_with_transaction()).
 * Every K_db holder could write such a row; it counts only with the
 * signature of a member the chain lets make it (docs/security.md). */
gboolean
_ct_session_write_signed (CtSession    *self,
                          const guint8 *message,
                          gsize         size,
                          guint8       *signature,
                          gboolean    (*func) (CtSession *, gpointer, GError **),
                          gpointer      data,
                          GError      **error)
{
  crypto_sign_detached (signature, NULL, message, size, self->identity->sign_sk);
  return _ct_session_with_transaction (self, func, data, error);
}

static gboolean
log_has_purpose (sqlite3    *db,
                 const char *purpose)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT 1 FROM access_log WHERE purpose = ?1 "
                                                 "LIMIT 1", NULL);

  if (stmt == NULL)
    return TRUE;  /* unreadable: never found a chain over it */
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

static void
info_from_row (CtChainMemberInfo *info,
               const CtMemberRow *row)
{
  info->id = row->id;
  info->uid = row->member_uid;
  info->login = row->login;
  info->display_name = row->display_name;
  info->role = row->role;
  info->is_admin = row->is_admin;
  info->box_pk = row->box_pk;
  info->sign_pk = row->sign_pk;
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  const CtMemberRow *ra = *(CtMemberRow * const *) a;
  const CtMemberRow *rb = *(CtMemberRow * const *) b;

  return (ra->id > rb->id) - (ra->id < rb->id);
}

/* A file from before the chain: its tables, as this beheerder finds them,
 * become the founding statement and one statement per member. */
static gboolean
found_from_tables (CtSession *self,
                   gpointer   data,
                   GError   **error)
{
  g_autoptr(CtChain) chain = ct_chain_new (self->header->team_id);
  g_autoptr(GPtrArray) rows = ct_store_list_members (self->db, TRUE, error);
  const guint8 *signer = _ct_session_signer_uid (self);
  CtChainMemberInfo founder = { 0 };
  guint masks[CT_N_ROLES];

  if (rows == NULL || !ct_store_policy_load (self->db, masks, error))
    return FALSE;

  if (self->member != NULL)
    info_from_row (&founder, self->member);
  if (!ct_chain_append_found (chain, self->db, self->member != NULL ? &founder : NULL,
                              ct_header_find_recovery (self->header), masks, signer,
                              self->identity, error))
    return FALSE;

  g_ptr_array_sort (rows, compare_id);
  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);
      CtChainMemberInfo info = { 0 };

      if (self->member != NULL && row->id == self->member->id)
        continue;
      info_from_row (&info, row);
      if (!ct_chain_append_add (chain, self->db, &info, signer, self->identity, error)
          || (row->removed
              && !ct_chain_append_remove (chain, self->db, row->member_uid, signer,
                                          self->identity, error)))
        return FALSE;
    }

  if (!_ct_audit_append (self, CT_AUDIT_CREATE, "team_chain", chain->length, 0, FOUND_PURPOSE,
                         FALSE, error))
    return FALSE;

  g_clear_pointer (&self->chain, ct_chain_free);
  self->chain = g_steal_pointer (&chain);
  return TRUE;
}

static gboolean
found_chain (CtSession *self,
             GError   **error)
{
  if (log_has_purpose (self->db, FOUND_PURPOSE))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("The team chain of this file was removed outside Casustafel. The "
                             "file is not trusted; use a backup."));
      return FALSE;
    }

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file was made by an older Casustafel. A beheerder must "
                             "open it once before other members can."));
      return FALSE;
    }

  return _ct_session_with_transaction (self, found_from_tables, NULL, error);
}

/* The unlocking member's keys must be theirs in the chain: a slot planted
 * under their member id with other keys does not make anyone them. */
static gboolean
check_own_keys (CtSession *self,
                GError   **error)
{
  CtChainMember *m;

  if (self->member == NULL)
    return TRUE;

  m = ct_chain_find_uid (self->chain, self->member->member_uid);
  if (m != NULL && !m->removed
      && sodium_memcmp (m->box_pk, self->identity->box_pk, sizeof m->box_pk) == 0
      && sodium_memcmp (m->sign_pk, self->identity->sign_pk, sizeof m->sign_pk) == 0)
    return TRUE;

  /* Keys the member had and replaced: a credential change that stopped
   * between its database commit and its header write (docs/security.md).
   * The chain never goes back to them; the recovery key resets. */
  if (m != NULL && !m->removed
      && ct_chain_had_sign_key (self->chain, m->id, self->identity->sign_pk))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS,
                           _("This passphrase opens keys you no longer have: a change of your "
                             "passphrase was interrupted, or an older copy of the team file was "
                             "put back. Ask a beheerder to reset your passphrase with the "
                             "recovery key."));
      return FALSE;
    }

  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("This keyslot does not hold the keys the team chain gives its member: "
                         "it was planted or changed outside Casustafel."));
  return FALSE;
}

/**
 * _ct_session_drop_foreign_slots:
 *
 * Takes every keyslot out of the header (in memory) whose keys are not a
 * present member's keys in the chain.
 *
 * Returns: how many were dropped
 */
guint
_ct_session_drop_foreign_slots (CtSession *self)
{
  GArray *slots = self->header->slots;
  guint dropped = 0;

  if (self->chain == NULL)
    return 0;

  for (guint i = slots->len; i > 0; i--)
    if (!ct_chain_slot_is_valid (self->chain, &g_array_index (slots, CtSlot, i - 1)))
      {
        g_array_remove_index (slots, i - 1);
        dropped++;
      }
  return dropped;
}

/**
 * _ct_session_check_slots:
 *
 * For `check`: the first keyslot that does not belong to the chain is
 * named.
 */
gboolean
_ct_session_check_slots (CtSession *self,
                         GError   **error)
{
  GArray *slots = self->header->slots;

  for (guint i = 0; self->chain != NULL && i < slots->len; i++)
    if (!ct_chain_slot_is_valid (self->chain, &g_array_index (slots, CtSlot, i)))
      {
        g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                     _("Keyslot %u of the header does not belong to a member of the team chain: "
                       "it was planted outside Casustafel."), i + 1);
        return FALSE;
      }
  return TRUE;
}

static gboolean
has_foreign_slot (CtSession *self)
{
  GArray *slots = self->header->slots;

  for (guint i = 0; i < slots->len; i++)
    if (!ct_chain_slot_is_valid (self->chain, &g_array_index (slots, CtSlot, i)))
      return TRUE;
  return FALSE;
}

/**
 * _ct_session_load_chain:
 *
 * At unlock, after the member is known: verifies the chain (or founds it
 * for a file from before it), checks the tables and this member's keys
 * against it, takes the policy from it, and drops planted keyslots by
 * rotating K_db to the chain's members only.
 */
gboolean
_ct_session_load_chain (CtSession *self,
                        GError   **error)
{
  g_clear_pointer (&self->chain, ct_chain_free);
  self->chain = ct_chain_load (self->db, self->header->team_id, error);
  if (self->chain == NULL)
    return FALSE;

  if (self->chain->length == 0 && !found_chain (self, error))
    return FALSE;

  if (!ct_chain_check_tables (self->chain, self->db, error) || !check_own_keys (self, error)
      || !_ct_audit_check_chain_anchors (self, error)
      || !(self->restoring ? _ct_session_check_restore (self, error)
           : self->copy_source ? TRUE
                               : _ct_audit_check_device_anchor (self, error)))
    return FALSE;

  memcpy (self->role_policy, self->chain->policy, sizeof self->role_policy);
  if (has_foreign_slot (self) && !_ct_session_rotate_key (self, error))
    return FALSE;
  /* A copy to merge from is read, never the device's record. */
  if (self->copy_source)
    return TRUE;
  self->anchored = TRUE;
  if (self->gap.older && !_ct_session_log_restore (self, error))
    return FALSE;
  _ct_audit_save_device_anchor (self);
  return _ct_session_record_settings (self, error);
}

/* After a change of the chain was rolled back, or to be sure the session
 * acts on what the file holds: the policy, and this member's role and
 * beheerder's flag, are the chain's. A sync can bring a statement about
 * this member (a beheerder on another laptop changed their role or took
 * their flag, docs/sync-chain.md "Forks"): every later check of the
 * session (the whole access log, the keys a role is entitled to, the
 * team's changes) then judges by it, not by what the member was at
 * unlock. */
gboolean
_ct_session_reload_chain (CtSession *self,
                          GError   **error)
{
  CtChain *chain = ct_chain_load (self->db, self->header->team_id, error);
  const CtChainMember *me;

  if (chain == NULL)
    return FALSE;

  g_clear_pointer (&self->chain, ct_chain_free);
  self->chain = chain;
  memcpy (self->role_policy, chain->policy, sizeof self->role_policy);
  if (self->member != NULL && (me = ct_chain_find_uid (chain, self->member->member_uid)) != NULL)
    {
      self->member->role = me->role;
      self->member->is_admin = me->is_admin && !me->removed;
    }
  return TRUE;
}

static gboolean
rotate_keys (CtSession *self,
             gpointer   data,
             GError   **error)
{
  const CtIdentity *identity = data;

  return _ct_session_record_member_keys (self, self->member->id, identity, error)
         && ct_store_grants_drop_holder (self->db, self->member->id, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "members", self->member->id, 0,
                              "rotate own keys", FALSE, error);
}

/**
 * _ct_chain_append_rotate_keys:
 * @identity: the member's new identity
 *
 * For a passphrase change: records in the chain, signed with the
 * member's current key, that the member's keys are now @identity's; the
 * members table follows. The member's category grants are dropped (they
 * were sealed to the old key): the caller switches the session to
 * @identity and calls _ct_session_fulfil() with the keys it holds, and
 * writes the header slot after this returns.
 */
gboolean
_ct_chain_append_rotate_keys (CtSession        *self,
                              const CtIdentity *identity,
                              GError          **error)
{
  g_return_val_if_fail (self->member != NULL && self->chain != NULL, FALSE);

  if (_ct_session_with_transaction (self, rotate_keys, (gpointer) identity, error))
    {
      memcpy (self->member->box_pk, identity->box_pk, sizeof self->member->box_pk);
      memcpy (self->member->sign_pk, identity->sign_pk, sizeof self->member->sign_pk);
      return TRUE;
    }
  _ct_session_reload_chain (self, NULL);
  return FALSE;
}
