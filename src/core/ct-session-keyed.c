/* ct-session-keyed.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A change of the team's members or policy changes the session's memory
 * as well as the file (HACKING.md, "Threads"): a role change or a policy
 * change appends its statement to the session's verified chain, takes the
 * policy from it, and rotates or makes fresh the category keys it moves.
 * Such a change runs in one transaction with that memory saved first, and
 * the memory is put back when the transaction does not commit, blocking
 * (_ct_session_run_keyed()) or through the session's write queue
 * (_ct_session_write_keyed_async()), so the session never acts on a chain
 * or holds a key the file does not have. The steps that change that
 * memory inside another transaction (the rotations and grants at unlock
 * and after a member's removal, a team setting) run through
 * _ct_session_with_keyed_transaction(): put back when their own savepoint
 * or the transaction around them does not commit. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <string.h>

#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-write-private.h"
#include "ct-store.h"

/* What such a change touches in memory: the verified chain, the policy
 * taken from it, the category keys and the member's own role. */
struct _CtKeyState
{
  CtChain *chain;
  guint8  *cat_keys;  /* ct_secure_alloc(), or NULL */
  gint     cat_version[CT_N_CATEGORIES];
  guint8   cat_made_by[CT_N_CATEGORIES][CT_KEY_NAME_SIZE];
  guint    role_policy[CT_N_ROLES];
  guint    marked_used;
  CtRole   role;
  gboolean is_admin;
};

CtKeyState *
_ct_session_save_keys (CtSession *self)
{
  CtKeyState *state = g_new0 (CtKeyState, 1);

  state->chain = self->chain != NULL ? ct_chain_copy (self->chain) : NULL;
  if (self->cat_keys != NULL)
    {
      state->cat_keys = ct_secure_alloc (CT_N_CATEGORIES * CT_KEY_SIZE);
      memcpy (state->cat_keys, self->cat_keys, CT_N_CATEGORIES * CT_KEY_SIZE);
    }
  memcpy (state->cat_version, self->cat_version, sizeof state->cat_version);
  memcpy (state->cat_made_by, self->cat_made_by, sizeof state->cat_made_by);
  memcpy (state->role_policy, self->role_policy, sizeof state->role_policy);
  state->marked_used = self->marked_used;
  if (self->member != NULL)
    {
      state->role = self->member->role;
      state->is_admin = self->member->is_admin;
    }
  return state;
}

void
_ct_key_state_free (CtKeyState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->chain, ct_chain_free);
  g_clear_pointer (&state->cat_keys, ct_secure_free);
  sodium_memzero (state, sizeof *state);
  g_free (state);
}

/* Puts @state back and frees it. */
void
_ct_session_restore_keys (CtSession  *self,
                          CtKeyState *state)
{
  if (state->chain != NULL)
    {
      g_clear_pointer (&self->chain, ct_chain_free);
      self->chain = g_steal_pointer (&state->chain);
    }
  if (state->cat_keys != NULL && self->cat_keys != NULL)
    memcpy (self->cat_keys, state->cat_keys, CT_N_CATEGORIES * CT_KEY_SIZE);
  memcpy (self->cat_version, state->cat_version, sizeof self->cat_version);
  memcpy (self->cat_made_by, state->cat_made_by, sizeof self->cat_made_by);
  memcpy (self->role_policy, state->role_policy, sizeof self->role_policy);
  self->marked_used = state->marked_used;
  if (self->member != NULL)
    {
      self->member->role = state->role;
      self->member->is_admin = state->is_admin;
    }
  _ct_key_state_free (state);
}

/**
 * _ct_session_end_transaction_keys:
 * @committed: whether the session's outermost transaction committed
 *
 * At the end of the outermost transaction (_ct_session_with_transaction()):
 * puts back what _ct_session_with_keyed_transaction() kept for it when it
 * did not commit, and forgets it either way.
 */
void
_ct_session_end_transaction_keys (CtSession *self,
                                  gboolean   committed)
{
  CtKeyState *kept = g_steal_pointer (&self->txn_keys);

  if (kept == NULL)
    return;
  if (committed)
    _ct_key_state_free (kept);
  else
    _ct_session_restore_keys (self, kept);
}

/**
 * _ct_session_with_keyed_transaction:
 *
 * _ct_session_with_transaction() for a step that changes the session's
 * memory as well as the file (_ct_session_save_keys()): when @func's
 * transaction or savepoint does not commit, the memory is put back as it
 * was. Inside a caller's transaction the memory as it was before the
 * first such step is kept too, and put back when that transaction does
 * not commit (a team setting in a queued write, a rotation in a role
 * change): the step's savepoint was released, but the file never got it.
 */
gboolean
_ct_session_with_keyed_transaction (CtSession  *self,
                                    gboolean  (*func) (CtSession *, gpointer, GError **),
                                    gpointer    data,
                                    GError    **error)
{
  CtKeyState *saved;

  if (self->db != NULL && !sqlite3_get_autocommit (self->db) && self->txn_keys == NULL)
    self->txn_keys = _ct_session_save_keys (self);
  saved = _ct_session_save_keys (self);
  if (!_ct_session_with_transaction (self, func, data, error))
    {
      _ct_session_restore_keys (self, saved);
      return FALSE;
    }
  _ct_key_state_free (saved);
  return TRUE;
}

/**
 * _ct_session_run_keyed:
 *
 * ct_session_run_in_transaction() for a change of the session's memory
 * as well as the file (_ct_session_save_keys()): when @func's transaction
 * does not commit, the memory is put back as it was.
 */
gboolean
_ct_session_run_keyed (CtSession  *self,
                       gboolean  (*func) (CtSession *, gpointer, GError **),
                       gpointer    data,
                       GError    **error)
{
  return _ct_session_begin_write (self, error)
         && _ct_session_with_keyed_transaction (self, func, data, error)
         && ct_session_verify_file (self, error);
}

typedef struct
{
  CtSessionWriteFunc func;
  gpointer           data;
  GDestroyNotify     data_free;
  CtKeyState        *saved;
} KeyedWrite;

static gboolean
keyed_write (CtSession *self,
             gpointer   data,
             GError   **error)
{
  KeyedWrite *k = data;

  _ct_key_state_free (k->saved);
  k->saved = _ct_session_save_keys (self);
  return k->func (self, k->data, error);
}

static void
keyed_undo (CtSession *self,
            gpointer   data)
{
  KeyedWrite *k = data;

  if (k->saved != NULL)
    _ct_session_restore_keys (self, g_steal_pointer (&k->saved));
}

static void
keyed_write_free (gpointer data)
{
  KeyedWrite *k = data;

  _ct_key_state_free (k->saved);
  if (k->data_free != NULL)
    k->data_free (k->data);
  g_free (k);
}

/**
 * _ct_session_write_keyed_async:
 * @task: completed with whether @func's transaction committed and the
 *   file was still the session's; takes the reference
 *
 * _ct_session_run_keyed() through the session's write queue
 * (ct-session-write-queue.c): @func runs in one transaction once none of
 * the session's readers reads; when it does not commit, the memory is put
 * back before anything else runs. A session locked meanwhile writes
 * nothing (%CT_ERROR_LOCKED).
 */
void
_ct_session_write_keyed_async (CtSession          *self,
                               CtSessionWriteFunc  func,
                               gpointer            data,
                               GDestroyNotify      data_free,
                               GTask              *task)
{
  KeyedWrite *k = g_new0 (KeyedWrite, 1);

  k->func = func;
  k->data = data;
  k->data_free = data_free;
  /* Once it ran, its outcome is what it wrote, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  _ct_session_write_undoable_async (self, keyed_write, keyed_undo, k, keyed_write_free,
                                    g_task_get_cancellable (task), _ct_session_write_task_cb,
                                    task);
}
