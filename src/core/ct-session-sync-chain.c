/* ct-session-sync-chain.c — the team chain a change file carries
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The first step of applying another replica's change file
 * (ct-session-sync-apply.c): the team chain travels first (docs/sync-chain.md).
 * The statements the file carries, each verified by the chain's own
 * rules; the sync key grants and category keys that come with them or
 * from a beheerder; the keys of a branch that lost a fork; and the
 * file's author, judged by the chain as it was at the file's point. A
 * forked chain itself is ct-session-sync-fork.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#include "ct-sync-apply-private.h"

/* The statements the file carries beyond this replica's chain, each
 * verified by the chain's own rules and appended to @work; a removal
 * among them moves this replica to the next sync key version, whose
 * grants the file carries. */
static gboolean
append_statements (CtSession *self,
                   Apply     *apply,
                   CtChain   *work,
                   GError   **error)
{
  gint64 before = work->length;
  GPtrArray *statements = apply->file.statements;
  CtSyncState state;

  for (guint i = 0; i < statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (statements, i);
      g_autoptr(GError) local = NULL;
      gsize len;
      const guint8 *body;

      if ((gint64) st->seq < work->length)
        continue;  /* held already: check_chain() found it equal */
      if (!_ct_sync_check_ahead (apply, st->hlc, error))
        return FALSE;
      body = g_bytes_get_data (st->body, &len);
      if (!ct_chain_append_signed (work, self->db, body, len, st->signer, st->signature, &local))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("a change of the team in it does not hold: %s"), local->message);
          return FALSE;
        }
      if (!ct_store_sync_chain_put (self->db, (gint64) st->seq, st->hlc, TRUE, error))
        return FALSE;
      apply->chain_changed = TRUE;
    }
  if (!apply->chain_changed)
    return TRUE;

  if (!_ct_session_sync_load_state (self, &state, error)
      || !_ct_session_sync_advance_key (self, &state, work, before, error))
    return FALSE;
  return ct_store_sync_state_put (self->db, &state, error);
}

/* Whether @made_by names a sync key version this replica's chain can
 * make: zeros (version 1, or made before the names), a removal on @work,
 * or a statement kept beside it at a fork. A grant under any other name
 * was made up by its sender. */
static gboolean
known_name (CtSession     *self,
            const CtChain *work,
            const guint8  *made_by)
{
  static const guint8 zeros[CT_CHAIN_HASH_SIZE] = { 0 };
  guint8 hash[CT_CHAIN_HASH_SIZE];

  if (memcmp (made_by, zeros, CT_CHAIN_HASH_SIZE) == 0)
    return TRUE;
  for (guint i = 0; i < work->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (work->members, i);

      if (m->removed && ct_chain_statement_hash (self->db, m->removed_seq, hash)
          && memcmp (hash, made_by, CT_CHAIN_HASH_SIZE) == 0)
        return TRUE;
    }
  return ct_store_sync_branch_has (self->db, made_by);
}

/* Grants travel with statements, or from a beheerder, and are taken only
 * for a version this replica has reached, named by a statement that makes
 * one, and a holder its chain has now: a member cannot plant a key for a
 * version made at their own removal, nor a second key of a number. A
 * grant this file holds is never replaced. */
static gboolean
take_grants (CtSession     *self,
             const Apply   *apply,
             const CtChain *work,
             GError       **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  CtSyncState state;

  if (apply->file.grants == NULL || apply->file.grants->len == 0)
    return TRUE;
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  for (guint i = 0; i < apply->file.grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (apply->file.grants, CtSyncGrant, i);
      const CtChainMember *m = ct_chain_find_uid (work, g->holder);
      gboolean recovery = memcmp (g->holder, recovery_uid, CT_MEMBER_ID_SIZE) == 0;
      CtSyncGrant named = *g;

      if (g->version == 0 || g->version > state.key_version
          || (recovery ? !work->has_recovery : (m == NULL || m->removed)))
        continue;
      /* A file of the format before names: its grant is of the version
       * this replica has of that number. */
      if (apply->file.unnamed)
        ct_store_sync_key_name (self->db, g->version, named.made_by);
      else if (!known_name (self, work, g->made_by))
        continue;
      if (!ct_store_sync_key_add (self->db, &named, error))
        return FALSE;
    }
  return TRUE;
}

/* A file of a branch that lost a fork, carrying its statements, from a
 * beheerder there: the sync key versions its removals made, named by
 * them, for a holder present on that branch at the fork and still there
 * (docs/sync-chain.md, "When both branches take rights away"), kept beside this
 * replica's own versions of those numbers so that the branch's files and
 * values still open; and its category keys, judged by the branch. */
static gboolean
take_branch_keys (CtSession *self,
                  Apply     *apply,
                  GError   **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  const CtChain *branch = apply->branch.chain;
  const CtChainMember *author = ct_chain_find_uid (branch, apply->file.author);
  g_autoptr(CtChain) prefix = NULL;
  GArray *grants = apply->file.grants;

  if (apply->file.statements->len == 0 || author == NULL || !author->is_admin || author->removed)
    return TRUE;
  if ((prefix = ct_chain_load_length (self->db, self->header->team_id, apply->branch.fork,
                                      error)) == NULL)
    return FALSE;
  for (guint i = 0; !apply->file.unnamed && grants != NULL && i < grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (grants, CtSyncGrant, i);
      const CtChainMember *m = ct_chain_find_uid (branch, g->holder);
      const CtChainMember *then = ct_chain_find_uid (prefix, g->holder);
      gboolean recovery = memcmp (g->holder, recovery_uid, CT_MEMBER_ID_SIZE) == 0;
      gboolean named = FALSE;

      if (g->version == 0
          || (recovery ? !branch->has_recovery
                       : (m == NULL || m->removed || then == NULL || then->removed)))
        continue;
      /* Only a version one of the branch's own statements made. */
      for (guint j = 0; !named && j < apply->branch.statements->len; j++)
        {
          const CtSyncStatement *st = g_ptr_array_index (apply->branch.statements, j);
          gsize len;
          const guint8 *body = g_bytes_get_data (st->body, &len);
          guint8 hash[CT_CHAIN_HASH_SIZE];

          ct_chain_hash_statement (body, len, st->signer, st->signature, hash);
          named = memcmp (hash, g->made_by, CT_CHAIN_HASH_SIZE) == 0;
        }
      if (named && !ct_store_sync_key_add (self->db, g, error))
        return FALSE;
    }
  return apply->file.category_keys == NULL
         || ct_store_sync_category_keys_import (self->db, apply->file.category_keys,
                                                !apply->file.keys_unnamed, branch,
                                                &apply->keys_changed, error);
}

/* The author as the chain had them at the file's point: a member then,
 * with a key the chain gives them, on a replica bound to them. */
static gboolean
verify_author (CtSession     *self,
               Apply         *apply,
               const CtChain *work,
               GError       **error)
{
  const CtChainMember *author = ct_chain_find_uid (apply->rules, apply->file.author);
  const CtChainMember *now = ct_chain_find_uid (work, apply->file.author);
  guint8 bound[CT_MEMBER_ID_SIZE] = { 0 };
  static const guint8 unbound[CT_MEMBER_ID_SIZE] = { 0 };

  /* A member added only on a branch that lost a fork: judged by it. */
  if (now == NULL && apply->on_branch)
    now = author;

  if (author == NULL || now == NULL)
    return _ct_sync_apply_refuse (error, _("its author is not a member of the team"));
  for (guint i = 0; !apply->signed_ok && i < ct_chain_member_n_sign_keys (now); i++)
    apply->signed_ok = _ct_sync_file_verify (apply->data, apply->len,
                                             ct_chain_member_get_sign_key (now, i));
  if (!apply->signed_ok)
    return _ct_sync_apply_refuse (error,
                                  _("its signature does not hold: it was forged or changed"));
  if (author->removed)
    return _ct_sync_apply_refuse (error, _("its author was removed from the team"));
  /* Removed later: what they made before the removal's stamp stands, on
   * every replica; what they made after it is refused. */
  apply->removed_hlc = now->removed ? ct_store_sync_chain_hlc (self->db, now->removed_seq)
                                    : G_MAXUINT64;
  apply->removed_seq = now->removed_seq;
  if (ct_store_sync_peer_get (self->db, apply->file.device, &apply->before, bound, error) < 0)
    return FALSE;
  if (memcmp (bound, unbound, CT_MEMBER_ID_SIZE) != 0
      && memcmp (bound, apply->file.author, CT_MEMBER_ID_SIZE) != 0)
    return _ct_sync_apply_refuse (error, _("its replica belongs to another member"));
  apply->author = author;
  return TRUE;
}

/* The chain travels first: its statements, the grants, the members and
 * policy tables that are its cache; then the rules at the file's point
 * of the chain, and the author by them. */
gboolean
_ct_sync_take_chain (CtSession *self,
                     Apply     *apply,
                     GError   **error)
{
  g_autoptr(CtChain) loaded = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  CtChain *work = self->chain;
  const CtChainMember *author;

  /* On another branch of a forked chain: this replica keeps that branch
   * beside its chain, or goes on with it (docs/sync-chain.md, "Forks"). */
  if (apply->branch.fork >= 0)
    {
      if (!_ct_sync_fork_take (self, apply, &loaded, error))
        return FALSE;
      if (loaded != NULL)
        work = loaded;
    }
  /* The session's chain is the file's; a copy only to append to. */
  else if (apply->file.chain_length > (guint64) self->chain->length)
    {
      if ((loaded = ct_chain_load (self->db, self->header->team_id, error)) == NULL)
        return FALSE;
      work = loaded;
    }
  if (!apply->on_branch && !append_statements (self, apply, work, error))
    return FALSE;
  if (apply->chain_changed && ct_chain_restore_tables (work, self->db, changed, error) < 0)
    return FALSE;
  if (apply->on_branch)
    apply->rules = apply->branch.chain;
  else if ((gint64) apply->file.chain_length == work->length)
    {
      apply->at = g_steal_pointer (&loaded);
      apply->rules = work;
    }
  else if ((apply->at = ct_chain_load_length (self->db, self->header->team_id,
                                              (gint64) apply->file.chain_length, error)) == NULL)
    return FALSE;
  else
    apply->rules = apply->at;
  if (!verify_author (self, apply, work, error))
    return FALSE;
  if (apply->on_branch)
    return take_branch_keys (self, apply, error);
  /* Sync key grants come with the statements, or from a beheerder (the
   * other branch's versions after a fork, docs/sync-chain.md "When both branches
   * take rights away"); a category key rotated on another laptop (a
   * removal, a policy revoked) comes from a beheerder, or, rotated at a
   * later unlock, from a member who may read it. */
  author = ct_chain_find_uid (work, apply->file.author);
  if ((apply->file.statements->len > 0 || (author->is_admin && !author->removed))
      && !take_grants (self, apply, work, error))
    return FALSE;
  if (author->is_admin && !author->removed && apply->file.category_keys != NULL
      && !ct_store_sync_category_keys_import (self->db, apply->file.category_keys,
                                              !apply->file.keys_unnamed, work,
                                              &apply->keys_changed, error))
    return FALSE;
  if (!author->is_admin && !_ct_sync_take_rotated_keys (self, apply, work, error))
    return FALSE;
  return TRUE;
}
