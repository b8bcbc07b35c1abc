/* ct-session-sync-fork.c — a forked team chain, resolved alike on every replica
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two beheerders who change the team on two laptops offline both append
 * a statement at the same position: the chain forks. Every replica must
 * end with the same chain and the same data whatever order the files
 * arrive in (docs/sync-chain.md, "Forks"), so:
 *
 * - the chain goes on with one branch, chosen by a rule that looks only at
 *   the first statement of each branch, which every replica sees alike;
 * - the other branch is kept beside the chain (sync_chain_branches), so a
 *   change file written on it is judged by the rules of its own branch on
 *   every replica, whether that replica held the branch when it arrived or
 *   never did: no change applied anywhere needs to be judged again;
 * - a replica that held the losing branch truncates its chain to the fork
 *   point and appends the winner's statements, in the transaction of the
 *   file that brought them, and logs it.
 *
 * The loser takes no right away but by removing members other than the
 * winner's signer (the rule prefers the branch that does). Its removals made sync and category key versions that the
 * winner does not make: they are kept side by side with the winner's,
 * named by their statements, and a beheerder grants them to the members
 * who lack them (docs/sync-chain.md, "When both branches take rights away").
 * Any other fork where both branches take rights away is refused.
 * Reading the statements' bytes is ct-chain.c's; this file only verifies
 * and compares whole statements. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#include "ct-sync-apply-private.h"

typedef enum
{
  WINNER_OURS,
  WINNER_THEIRS,
  WINNER_NONE,
} Winner;

void
_ct_sync_branch_clear (CtSyncBranch *branch)
{
  g_clear_pointer (&branch->chain, ct_chain_free);
  g_clear_pointer (&branch->statements, g_ptr_array_unref);
}

static CtSyncStatement *
statement_new (gint64        seq,
               guint64       hlc,
               GBytes       *body,
               const guint8 *signer,
               const guint8 *signature)
{
  CtSyncStatement *st = g_new0 (CtSyncStatement, 1);

  st->seq = (guint64) seq;
  st->hlc = hlc;
  st->body = g_bytes_ref (body);
  memcpy (st->signer, signer, CT_MEMBER_ID_SIZE);
  memcpy (st->signature, signature, crypto_sign_BYTES);
  return st;
}

static void
statement_hash (const CtSyncStatement *st,
                guint8                *hash)
{
  gsize len;
  const guint8 *body = g_bytes_get_data (st->body, &len);

  ct_chain_hash_statement (body, len, st->signer, st->signature, hash);
}

static gboolean
verify_statement (CtChain               *chain,
                  const CtSyncStatement *st,
                  GError               **error)
{
  gsize len;
  const guint8 *body = g_bytes_get_data (st->body, &len);

  return ct_chain_verify_signed (chain, body, len, st->signer, st->signature, error);
}

static gboolean
branch_start (CtSession    *self,
              gint64        fork,
              CtSyncBranch *branch,
              GError      **error)
{
  branch->fork = fork;
  branch->statements = g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_sync_statement_free);
  branch->chain = ct_chain_load_length (self->db, self->header->team_id, fork, error);
  return branch->chain != NULL;
}

/* This replica's own chain from @fork on, as a branch. */
static gboolean
ours_from (CtSession    *self,
           gint64        fork,
           CtSyncBranch *ours,
           GError      **error)
{
  if (!branch_start (self, fork, ours, error))
    return FALSE;
  for (gint64 seq = fork; seq < self->chain->length; seq++)
    {
      g_autoptr(GBytes) body = NULL;
      guint8 signer[CT_MEMBER_ID_SIZE], signature[crypto_sign_BYTES];
      CtSyncStatement *st;

      if (!ct_chain_statement_get (self->db, seq, &body, signer, signature))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("Team chain statement %lld is missing."), (long long) seq);
          return FALSE;
        }
      st = statement_new (seq, ct_store_sync_chain_hlc (self->db, seq), body, signer, signature);
      g_ptr_array_add (ours->statements, st);
      if (!verify_statement (ours->chain, st, error))
        return FALSE;
    }
  return TRUE;
}

/* A kept branch that ends at @length with @head: 1 when found (in
 * @branch, verified on the chain up to its fork point), 0 when not. */
static int
load_kept (CtSession    *self,
           gint64        length,
           const guint8 *head,
           CtSyncBranch *branch,
           GError      **error)
{
  g_autoptr(CtStmt) last = NULL;
  gint64 fork = -1;

  if (length <= 0 || (last = ct_store_sync_branch_at (self->db, length - 1, error)) == NULL)
    return length <= 0 ? 0 : -1;
  while (sqlite3_step (last) == SQLITE_ROW)
    if (sqlite3_column_bytes (last, 0) == CT_CHAIN_HASH_SIZE
        && memcmp (sqlite3_column_blob (last, 0), head, CT_CHAIN_HASH_SIZE) == 0)
      fork = sqlite3_column_int64 (last, 1);
  if (fork < 0 || fork >= length || fork > self->chain->length)
    return 0;
  if (!branch_start (self, fork, branch, error))
    return -1;
  /* Position by position, the kept statement that continues the branch:
   * its signature covers its predecessor's hash, so only one verifies. */
  for (gint64 seq = fork; seq < length; seq++)
    {
      g_autoptr(CtStmt) stmt = ct_store_sync_branch_at (self->db, seq, error);
      gboolean found = FALSE;

      if (stmt == NULL)
        return -1;
      while (!found && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(GBytes) body = NULL;
          CtSyncStatement *st;

          if (sqlite3_column_int64 (stmt, 1) != fork
              || sqlite3_column_bytes (stmt, 3) != CT_MEMBER_ID_SIZE
              || sqlite3_column_bytes (stmt, 4) != crypto_sign_BYTES)
            continue;
          body = g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) sqlite3_column_bytes (stmt, 2));
          st = statement_new (seq, (guint64) sqlite3_column_int64 (stmt, 5), body,
                              sqlite3_column_blob (stmt, 3), sqlite3_column_blob (stmt, 4));
          if (verify_statement (branch->chain, st, NULL))
            {
              g_ptr_array_add (branch->statements, st);
              found = TRUE;
            }
          else
            _ct_sync_statement_free (st);
        }
      if (!found)
        return 0;
    }
  return memcmp (branch->chain->head, head, CT_CHAIN_HASH_SIZE) == 0 ? 1 : 0;
}

/* The file's statements beyond @branch's chain, verified on top of it. */
static gboolean
add_carried (const CtSyncFile *file,
             CtSyncBranch     *branch,
             GError          **error)
{
  for (guint i = 0; i < file->statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (file->statements, i);
      g_autoptr(GError) local = NULL;

      if ((gint64) st->seq < branch->chain->length)
        continue;
      if (!verify_statement (branch->chain, st, &local))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("a change of the team in it does not hold: %s"), local->message);
          return FALSE;
        }
      g_ptr_array_add (branch->statements,
                       statement_new ((gint64) st->seq, st->hlc, st->body, st->signer,
                                      st->signature));
    }
  return TRUE;
}

/* Whether the file's carried statement at @seq is this replica's. */
static gboolean
same_as_ours (CtSession             *self,
              const CtSyncStatement *st)
{
  g_autoptr(GBytes) body = NULL;
  guint8 signer[CT_MEMBER_ID_SIZE], sig[crypto_sign_BYTES];

  return ct_chain_statement_get (self->db, (gint64) st->seq, &body, signer, sig)
         && g_bytes_equal (body, st->body) && memcmp (signer, st->signer, sizeof signer) == 0
         && memcmp (sig, st->signature, sizeof sig) == 0;
}

/**
 * _ct_sync_fork_classify:
 *
 * Where the file's chain (the statements it carries on top of the chain
 * its header names) stands against this replica's: on it (@fork->fork
 * -1), or on a branch that forked from it at @fork->fork, which
 * @fork->chain holds up to the file's chain length.
 *
 * Returns: %FALSE with @error set when the file's chain is neither this
 *   replica's nor one it can build from what it carries and what is kept
 */
gboolean
_ct_sync_fork_classify (CtSession        *self,
                        const CtSyncFile *file,
                        CtSyncBranch     *fork,
                        GError          **error)
{
  static const char *unknown = N_("it was written under a team chain that differs from this "
                                  "file's: two beheerders changed the team at the same time on "
                                  "different laptops");
  const CtSyncStatement *first = file->statements->len > 0
                                   ? g_ptr_array_index (file->statements, 0) : NULL;
  gint64 length = self->chain->length;
  gint64 base = first != NULL ? (gint64) first->seq : (gint64) file->chain_length;
  g_autoptr(GError) local = NULL;
  guint8 head[CT_CHAIN_HASH_SIZE];
  int kept;

  fork->fork = -1;
  if (file->chain_length == 0)
    return _ct_sync_apply_refuse (error, _(unknown));

  /* On this replica's chain, perhaps carrying it further. */
  if (base <= length)
    {

      for (guint i = 0; fork->fork < 0 && i < file->statements->len; i++)
        {
          const CtSyncStatement *st = g_ptr_array_index (file->statements, i);

          if ((gint64) st->seq < length && !same_as_ours (self, st))
            fork->fork = (gint64) st->seq;
        }
      if (fork->fork < 0 && first == NULL)
        {
          if (file->chain_length <= (guint64) length
              && ct_chain_statement_hash (self->db, (gint64) file->chain_length - 1, head)
              && memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) == 0)
            return TRUE;
        }
      else if (fork->fork < 0)
        {
          /* Longer: its first new statement must follow this chain's head. */
          if (!branch_start (self, base, fork, error))
            return FALSE;
          if (add_carried (file, fork, &local))
            {
              _ct_sync_branch_clear (fork);
              fork->fork = -1;
              return TRUE;
            }
          _ct_sync_branch_clear (fork);
        }
      else
        {
          /* It carries its branch from the fork point on; or it goes on
           * from a kept branch (below). */
          if (!branch_start (self, fork->fork, fork, error))
            return FALSE;
          g_clear_error (&local);
          if (add_carried (file, fork, &local))
            return TRUE;
          _ct_sync_branch_clear (fork);
          fork->fork = -1;
        }
    }

  /* On a kept branch: ending where the file's chain ends, or where the
   * statements it carries begin. */
  if (first == NULL)
    kept = load_kept (self, (gint64) file->chain_length, file->chain_head, fork, error);
  else
    {
      g_autoptr(CtStmt) stmt = base > 0 ? ct_store_sync_branch_at (self->db, base - 1, error)
                                        : NULL;

      kept = base > 0 && stmt == NULL ? -1 : 0;
      while (kept == 0 && stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        {
          guint8 end[CT_CHAIN_HASH_SIZE];

          if (sqlite3_column_bytes (stmt, 0) != CT_CHAIN_HASH_SIZE)
            continue;
          memcpy (end, sqlite3_column_blob (stmt, 0), CT_CHAIN_HASH_SIZE);
          if ((kept = load_kept (self, base, end, fork, error)) == 1
              && !add_carried (file, fork, NULL))
            {
              _ct_sync_branch_clear (fork);
              kept = 0;
            }
          else if (kept == 0)
            _ct_sync_branch_clear (fork);
        }
    }
  if (kept < 0)
    return FALSE;
  if (kept == 0 || fork->chain->length != (gint64) file->chain_length)
    {
      _ct_sync_branch_clear (fork);
      fork->fork = -1;
      if (base > length)
        return _ct_sync_apply_refuse (error, _("it names changes of the team that it does not "
                                               "carry"));
      /* Carried statements that follow no chain here: say why. */
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return _ct_sync_apply_refuse (error, _(unknown));
    }
  return TRUE;
}

/* Whether the first statement of @b takes a right away from a member who
 * had it at the fork point: removes them, changes their role or flag,
 * gives them new keys, or revokes a category from a role. Such a statement
 * rotates keys on the laptop that makes it (docs/sync-security.md, "Sync key
 * rotation on removal"). */
static gboolean
narrows (const CtChain *prefix,
         const CtChain *after)
{
  for (guint i = 0; i < prefix->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (prefix->members, i);
      const CtChainMember *n = ct_chain_find_uid (after, m->uid);

      if (m->removed)
        continue;
      if (n == NULL || n->removed || n->role != m->role || n->is_admin != m->is_admin
          || memcmp (n->sign_pk, m->sign_pk, sizeof m->sign_pk) != 0
          || memcmp (n->box_pk, m->box_pk, sizeof m->box_pk) != 0)
        return TRUE;
    }
  for (guint r = 0; r < CT_N_ROLES; r++)
    if ((prefix->policy[r] & ~after->policy[r]) != 0)
      return TRUE;
  return FALSE;
}

/* Whether every right @after takes away from a member who had it at the
 * fork point is a removal: no role or flag changed of a member it keeps,
 * no new keys (a member whose new keys were set aside would sign with keys
 * the chain does not give them), no category revoked from a role. Both
 * branches of such a fork can stand side by side in the keys
 * (docs/sync-chain.md, "When both branches take rights away"). */
static gboolean
only_removes (const CtChain *prefix,
              const CtChain *after)
{
  for (guint i = 0; i < prefix->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (prefix->members, i);
      const CtChainMember *n = ct_chain_find_uid (after, m->uid);

      if (m->removed || n == NULL || n->removed)
        continue;
      if (n->role != m->role || n->is_admin != m->is_admin
          || memcmp (n->sign_pk, m->sign_pk, sizeof m->sign_pk) != 0
          || memcmp (n->box_pk, m->box_pk, sizeof m->box_pk) != 0)
        return FALSE;
    }
  for (guint r = 0; r < CT_N_ROLES; r++)
    if ((prefix->policy[r] & ~after->policy[r]) != 0)
      return FALSE;
  return TRUE;
}

/* Whether @after removes the member who signed @first, or takes their
 * beheerder's flag: a member being removed cannot keep a branch of their
 * own against it. */
static gboolean
disowns (const CtChain         *prefix,
         const CtChain         *after,
         const CtSyncStatement *first)
{
  const CtChainMember *before = ct_chain_find_uid (prefix, first->signer);
  const CtChainMember *now = ct_chain_find_uid (after, first->signer);

  return before != NULL && now != NULL && !before->removed
         && (now->removed || (before->is_admin && !now->is_admin));
}

/* The prefix with the first @n statements of the branch applied. */
static CtChain *
branch_chain (CtSession          *self,
              const CtSyncBranch *branch,
              guint               n,
              GError            **error)
{
  g_autoptr(CtChain) chain = ct_chain_load_length (self->db, self->header->team_id,
                                                   branch->fork, error);

  for (guint i = 0; chain != NULL && i < n; i++)
    if (!verify_statement (chain, g_ptr_array_index (branch->statements, i), error))
      return NULL;
  return g_steal_pointer (&chain);
}

/* Whether the loser, as far as this replica holds it, stands in the way of
 * the winner: it removes (or takes the beheerder's flag of) the member who
 * signed the winner's first statement, so a member removed later on the
 * loser would set their own removal aside by forking at an older position
 * (stamps are their author's word, so this is not left to the stamps); or
 * it takes a right away other than removing members. Either way the fork
 * is refused, not resolved (docs/sync-chain.md, "Forks"). A loser that only
 * removes others made key versions the winner does not make: they are
 * kept side by side (docs/sync-chain.md, "When both branches take rights
 * away"). */
static gboolean
loser_blocks (CtSession             *self,
              const CtChain         *prefix,
              const CtSyncBranch    *loser,
              const CtSyncStatement *winner_first,
              GError               **error)
{
  g_autoptr(CtChain) whole = branch_chain (self, loser, loser->statements->len, error);

  return whole == NULL || disowns (prefix, whole, winner_first) || !only_removes (prefix, whole);
}

/* The rule of docs/sync-chain.md, "Forks", from the two first statements, so
 * alike on every replica however far each branch has gone there; then the
 * loser as far as this replica holds it may only refuse the fork
 * (loser_blocks()). */
static Winner
fork_winner (CtSession          *self,
             const CtSyncBranch *ours,
             const CtSyncBranch *theirs,
             GError            **error)
{
  g_autoptr(CtChain) prefix = branch_chain (self, ours, 0, error);
  g_autoptr(CtChain) a = prefix != NULL ? branch_chain (self, ours, 1, error) : NULL;
  g_autoptr(CtChain) b = a != NULL ? branch_chain (self, theirs, 1, error) : NULL;
  const CtSyncStatement *first_a, *first_b;
  guint8 hash_a[CT_CHAIN_HASH_SIZE], hash_b[CT_CHAIN_HASH_SIZE];
  gboolean disowns_a, disowns_b, narrows_a, narrows_b;
  Winner winner;

  if (b == NULL)
    return WINNER_NONE;
  first_a = g_ptr_array_index (ours->statements, 0);
  first_b = g_ptr_array_index (theirs->statements, 0);
  disowns_a = disowns (prefix, a, first_b);
  disowns_b = disowns (prefix, b, first_a);
  narrows_a = narrows (prefix, a);
  narrows_b = narrows (prefix, b);
  statement_hash (first_a, hash_a);
  statement_hash (first_b, hash_b);

  if (disowns_a != disowns_b)
    winner = disowns_a ? WINNER_OURS : WINNER_THEIRS;
  else if (narrows_a != narrows_b)
    winner = narrows_a ? WINNER_OURS : WINNER_THEIRS;
  else
    winner = memcmp (hash_a, hash_b, CT_CHAIN_HASH_SIZE) < 0 ? WINNER_OURS : WINNER_THEIRS;
  if (winner == WINNER_OURS ? loser_blocks (self, prefix, theirs, first_a, error)
                            : loser_blocks (self, prefix, ours, first_b, error))
    return WINNER_NONE;
  return winner;
}

/* Every statement of @branch kept beside the chain; @own_uid: this
 * replica's member, whose own statements are marked. */
static gboolean
keep_branch (CtSession          *self,
             const CtSyncBranch *branch,
             const guint8       *own_uid,
             guint              *n_own,
             GError            **error)
{
  for (guint i = 0; i < branch->statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (branch->statements, i);
      gboolean own = own_uid != NULL && memcmp (st->signer, own_uid, CT_MEMBER_ID_SIZE) == 0;
      guint8 hash[CT_CHAIN_HASH_SIZE];

      statement_hash (st, hash);
      if (!ct_store_sync_branch_put (self->db, branch->fork, (gint64) st->seq, hash, st->body,
                                     st->signer, st->signature, st->hlc, own, error))
        return FALSE;
      if (n_own != NULL)
        *n_own += own;
    }
  return TRUE;
}

/* This replica held the losing branch: it is kept beside the chain, the
 * chain is cut back to the fork point and goes on with the winner's
 * statements, their stamps kept; a removal among them moves this replica
 * to the next sync key version, as when it arrives without a fork. */
static gboolean
switch_branch (CtSession    *self,
               Apply        *apply,
               CtSyncBranch *ours,
               CtSyncBranch *theirs,
               CtChain     **work,
               GError      **error)
{
  g_autoptr(CtChain) chain = ct_chain_load_length (self->db, self->header->team_id, ours->fork,
                                                   error);
  g_autofree char *purpose = NULL;
  const guint8 *own = self->member != NULL ? self->member->member_uid : NULL;
  guint n_own = 0, n_undone = 0;
  guint32 at_fork;
  CtSyncState state;

  /* The sync key versions this replica's own branch made stay held, beside
   * the winner's; the number counts the chain's removals only. */
  for (guint i = 0; i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      n_undone += m->removed && m->removed_seq >= ours->fork;
    }

  if (chain == NULL || !keep_branch (self, ours, own, &n_own, error)
      || ct_chain_truncate (chain, self->db, error) < 0
      || !ct_store_sync_chain_forget_from (self->db, ours->fork, error)
      || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (n_undone >= state.key_version)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("The sync key versions do not follow the team chain."));
      return FALSE;
    }
  state.key_version -= n_undone;
  at_fork = state.key_version;
  for (guint i = 0; i < theirs->statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (theirs->statements, i);
      gsize len;
      const guint8 *body = g_bytes_get_data (st->body, &len);

      if (!ct_chain_append_signed (chain, self->db, body, len, st->signer, st->signature, error)
          || !ct_store_sync_chain_put (self->db, (gint64) st->seq, st->hlc, TRUE, error))
        return FALSE;
    }
  if (!_ct_session_sync_advance_key (self, &state, chain, ours->fork, error))
    return FALSE;
  /* No removal on the winner's branch: back to the chain's version at the
   * fork, not the one this replica's branch made. */
  if (state.key_version == at_fork && n_undone > 0)
    ct_store_sync_key_name (self->db, state.key_version, state.key_made_by);
  apply->chain_changed = TRUE;
  /* Which category key version is current follows the chain (docs/sync-chain.md,
   * "When both branches take rights away"): read them again. */
  apply->keys_changed = TRUE;
  apply->switched = TRUE;
  apply->set_aside_own += n_own;
  purpose = g_strdup_printf ("resolve team chain fork; from statement %" G_GINT64_FORMAT
                             ", %u statements set aside, %u of them made here",
                             ours->fork, ours->statements->len, n_own);
  if (!ct_store_sync_state_put (self->db, &state, error)
      || !_ct_audit_append (self, CT_AUDIT_UPDATE, "sync", ours->fork, 0, purpose, FALSE, error))
    return FALSE;
  *work = g_steal_pointer (&chain);
  return TRUE;
}

/* The name the chain gives the member who signed @branch's first
 * statement: a beheerder at the fork point, so in the chain, removed or
 * not. */
static const char *
first_signer (CtSession          *self,
              const CtSyncBranch *branch)
{
  const CtSyncStatement *first = g_ptr_array_index (branch->statements, 0);
  const CtChainMember *m = ct_chain_find_uid (self->chain, first->signer);

  if (m == NULL)
    return "?";
  return m->display_name != NULL && m->display_name[0] != '\0' ? m->display_name : m->login;
}

/* Both branches took rights away: refused, not resolved (docs/sync-chain.md,
 * "When both branches take rights away"). Syncing again changes nothing
 * while the team is split, so the refusal names the two beheerders who
 * must agree which laptop gives up its branch. */
static gboolean
refuse_split (CtSession          *self,
              const CtSyncBranch *ours,
              const CtSyncBranch *theirs,
              GError            **error)
{
  const char *here = first_signer (self, ours);
  const char *there = first_signer (self, theirs);

  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
               _("it was written under a team chain that differs from this file's: two "
                 "beheerders took rights away at the same time on different laptops, %s in "
                 "this file and %s in the change file, which is not resolved by itself; "
                 "syncing again does not help: the team stays split until %s and %s agree "
                 "which of the two laptops gives up its change of the team"),
               here, there, here, there);
  return FALSE;
}

/**
 * _ct_sync_fork_take:
 * @work: (out): the chain after the winner's statements when this replica
 *   switched to them, else %NULL
 *
 * In the file's transaction, for a file that _ct_sync_fork_classify()
 * found on another branch: keeps that branch beside the chain, or switches
 * this replica to it when it wins; either way @apply's rules become the
 * chain the file was written under.
 */
gboolean
_ct_sync_fork_take (CtSession  *self,
                    Apply      *apply,
                    CtChain   **work,
                    GError    **error)
{
  CtSyncBranch *theirs = &apply->branch;
  g_auto(CtSyncBranch) ours = { 0 };
  Winner winner;

  *work = NULL;
  if (!ours_from (self, theirs->fork, &ours, error))
    return FALSE;
  if (ours.statements->len == 0)
    return _ct_sync_apply_refuse (error, _("it names changes of the team that it does not "
                                           "carry"));
  /* A member removed on this chain forks it only as the removal's stamp
   * allows any of their changes (docs/sync-security.md, "The rules at that
   * point"): one made after their removal cannot roll the chain back. */
  {
    const CtSyncStatement *first = g_ptr_array_index (theirs->statements, 0);
    const CtChainMember *signer = ct_chain_find_uid (self->chain, first->signer);

    if (signer != NULL && signer->removed
        && first->hlc >= ct_store_sync_chain_hlc (self->db, signer->removed_seq))
      return _ct_sync_apply_refuse (error, _("its author was removed from the team before "
                                             "making these changes"));
  }
  winner = fork_winner (self, &ours, theirs, error);
  if (winner == WINNER_NONE)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      return refuse_split (self, &ours, theirs, error);
    }
  for (guint i = 0; i < theirs->statements->len; i++)
    if (!_ct_sync_check_ahead (apply, ((CtSyncStatement *) g_ptr_array_index (
                                         theirs->statements, i))->hlc, error))
      return FALSE;
  if (winner == WINNER_THEIRS)
    return switch_branch (self, apply, &ours, theirs, work, error);
  apply->on_branch = TRUE;
  return keep_branch (self, theirs, NULL, NULL, error);
}

/**
 * _ct_session_sync_branch_holds:
 *
 * For an access-log anchor that saw the chain at @length with @head: a
 * kept branch ends there, verified on the chain up to its fork point, and
 * lost the fork by the rule against this chain's statement at that point.
 * A chain cut by hand keeps no winner beside what it dropped, so its
 * anchor still does not hold.
 */
gboolean
_ct_session_sync_branch_holds (CtSession    *self,
                               gint64        length,
                               const guint8 *head)
{
  g_auto(CtSyncBranch) kept = { 0 };
  g_auto(CtSyncBranch) ours = { 0 };

  return load_kept (self, length, head, &kept, NULL) == 1
         && ours_from (self, kept.fork, &ours, NULL) && ours.statements->len > 0
         && fork_winner (self, &ours, &kept, NULL) == WINNER_OURS;
}

/* Seals the sync key @key of @grant's version and name to every present
 * member of the chain, and the recovery key, who holds none of it. */
static gboolean
grant_sync_key (CtSession         *self,
                const CtSyncGrant *grant,
                const guint8      *key,
                guint             *n_granted,
                GError           **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };

  for (guint i = 0; i <= self->chain->members->len; i++)
    {
      const CtChainMember *m = i < self->chain->members->len
                                 ? g_ptr_array_index (self->chain->members, i) : NULL;
      const guint8 *uid = m != NULL ? m->uid : recovery_uid;
      const guint8 *box_pk = m != NULL ? m->box_pk : self->chain->recovery_box_pk;
      CtSyncGrant g = *grant;

      if (m != NULL ? m->removed : !self->chain->has_recovery)
        continue;
      if (ct_store_sync_key_has (self->db, grant->version, grant->made_by, uid))
        continue;
      memcpy (g.holder, uid, CT_MEMBER_ID_SIZE);
      crypto_box_seal (g.sealed, key, CT_SYNC_KEY_SIZE, box_pk);
      if (!ct_store_sync_key_add (self->db, &g, error))
        return FALSE;
      (*n_granted)++;
    }
  return TRUE;
}

/* Seals @key, version @g of @c, to every present member of the chain
 * whose role the chain's policy grants @c, and the recovery key, who
 * holds none of it. */
static gboolean
grant_category_key (CtSession        *self,
                    CtCategory        c,
                    const CtKeyGrant *g,
                    const guint8     *key,
                    guint            *n_granted,
                    GError          **error)
{
  for (guint i = 0; i <= self->chain->members->len; i++)
    {
      const CtChainMember *m = i < self->chain->members->len
                                 ? g_ptr_array_index (self->chain->members, i) : NULL;
      gint64 holder = m != NULL ? m->id : 0;
      const guint8 *box_pk = m != NULL ? m->box_pk : self->chain->recovery_box_pk;
      g_autoptr(GBytes) held = NULL;
      guint8 sealed[CT_SEALED_KEY_SIZE];

      if (m != NULL ? m->removed || !(self->chain->policy[m->role] & (1u << c))
                    : !self->chain->has_recovery)
        continue;
      if ((held = ct_store_grant_get (self->db, holder, c, g->version, g->made_by, NULL)) != NULL)
        continue;
      crypto_box_seal (sealed, key, CT_KEY_SIZE, box_pk);
      if (!ct_store_grant_put (self->db, holder, c, g->version, g->made_by, sealed,
                               sizeof sealed, error))
        return FALSE;
      (*n_granted)++;
    }
  return TRUE;
}

/**
 * _ct_session_sync_grant_kept:
 * @n_granted: (out): how many grants were made
 *
 * In the caller's transaction, for a beheerder's session: every sync key
 * and category key version this member holds that a statement set aside
 * at a fork made (the other branch's, when both took rights away), sealed
 * to every present member of the chain entitled to it who lacks it, so
 * that what that branch wrote opens for them too; never to a member the
 * chain removed (docs/sync-chain.md, "When both branches take rights away").
 * The grants travel in this replica's next change file.
 */
gboolean
_ct_session_sync_grant_kept (CtSession *self,
                             guint     *n_granted,
                             GError   **error)
{
  g_autoptr(GArray) sync_grants = NULL;
  const CtChainMember *me;
  guint8 *key;
  gboolean ok = TRUE;

  *n_granted = 0;
  /* A beheerder by the chain, never by a row. */
  me = self->member != NULL ? ct_chain_find_uid (self->chain, self->member->member_uid) : NULL;
  if (me == NULL || !me->is_admin || me->removed)
    return TRUE;
  if ((sync_grants = ct_store_sync_kept_grants (self->db, self->member->member_uid,
                                                error)) == NULL)
    return FALSE;
  key = ct_secure_alloc (MAX (CT_SYNC_KEY_SIZE, CT_KEY_SIZE));
  for (guint i = 0; ok && i < sync_grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (sync_grants, CtSyncGrant, i);

      if (crypto_box_seal_open (key, g->sealed, CT_SYNC_GRANT_SIZE, self->identity->box_pk,
                                self->identity->box_sk) == 0)
        ok = grant_sync_key (self, g, key, n_granted, error);
    }
  for (CtCategory c = 0; ok && c < CT_CATEGORY_GENERAL; c++)
    {
      g_autoptr(GPtrArray) grants = ct_store_grants_kept (self->db, self->member->id, c);

      for (guint i = 0; ok && i < grants->len; i++)
        {
          const CtKeyGrant *g = g_ptr_array_index (grants, i);
          gsize len;
          const guint8 *sealed = g_bytes_get_data (g->sealed, &len);

          if (len == CT_SEALED_KEY_SIZE
              && crypto_box_seal_open (key, sealed, len, self->identity->box_pk,
                                       self->identity->box_sk) == 0)
            ok = grant_category_key (self, c, g, key, n_granted, error);
        }
    }
  ct_secure_free (key);
  return ok;
}
