/* ct-session-passphrase.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A member's passphrase: changing one's own, and a beheerder's reset with
 * the recovery key. The Argon2id of the _async() forms runs in a worker
 * over copies in sodium_malloc() memory; the new keys are written on the
 * session's thread, then the database is re-keyed in a worker
 * (HACKING.md, "Threads", rule 7). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-vault.h"

/* Argon2id of @passphrase: whether it opens @slot to @seed. Touches no
 * session: the worker of a passphrase change runs it over copies. */
static gboolean
verify_passphrase (const CtSlot   *slot,
                   const CtHeader *header,
                   const guint8   *seed,
                   const char     *passphrase)
{
  guint8 *kek = ct_secure_alloc (CT_KEY_SIZE);
  guint8 *opened = ct_secure_alloc (CT_SEED_SIZE);
  gboolean ok;

  ok = ct_kdf_derive (passphrase, slot->salt, &slot->kdf, kek)
       && ct_slot_unwrap_seed (slot, header, kek, opened)
       && sodium_memcmp (opened, seed, CT_SEED_SIZE) == 0;

  ct_secure_free (kek);
  ct_secure_free (opened);
  return ok;
}

static void
set_wrong_passphrase (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS,
                       _("The current passphrase is not right."));
}

/* The checks of a passphrase change that need no Argon2id, before
 * anything is written. Returns the member's slot, which the current
 * passphrase must open. */
static const CtSlot *
check_change_passphrase (CtSession  *self,
                         const char *new_passphrase,
                         GError    **error)
{
  guint8 slot_id[CT_SLOT_ID_SIZE];
  CtSlot *slot;

  if (!_ct_session_begin_write (self, error)
      || !ct_vault_validate_passphrase (new_passphrase, error))
    return NULL;

  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("A recovery session has no passphrase of its own."));
      return NULL;
    }

  ct_header_slot_id (self->header, self->member->login, slot_id);
  slot = ct_header_find_slot (self->header, slot_id);
  if (slot == NULL)
    set_wrong_passphrase (error);
  return slot;
}

#define CHANGE_PURPOSE "change own passphrase"
#define RESET_PURPOSE  "reset passphrase with recovery key"

/**
 * ct_session_change_passphrase:
 *
 * Changes the session member's own passphrase after checking the old one.
 * The member gets a new seed and key pairs and K_db is rotated, so the old
 * passphrase opens nothing that still holds the team's keys.
 */
gboolean
ct_session_change_passphrase (CtSession  *self,
                              const char *old_passphrase,
                              const char *new_passphrase,
                              GError    **error)
{
  const CtSlot *slot;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  slot = check_change_passphrase (self, new_passphrase, error);
  if (slot == NULL)
    return FALSE;
  if (!verify_passphrase (slot, self->header, self->identity->seed, old_passphrase))
    {
      set_wrong_passphrase (error);
      return FALSE;
    }
  /* New keys, not only a new wrap: the old passphrase must open nothing
   * in any copy of the header (docs/file-format.md). */
  return _ct_session_rotate_credentials (self, self->member, new_passphrase, CHANGE_PURPOSE,
                                         error);
}

/* Looks up the member a reset is for, after its checks. */
static CtMemberRow *
check_reset_passphrase (CtSession  *self,
                        const char *login,
                        const char *new_passphrase,
                        GError    **error)
{
  if (!_ct_session_begin_write (self, error)
      || !ct_vault_validate_passphrase (new_passphrase, error))
    return NULL;

  if (!self->recovery)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Resetting a passphrase needs the team’s recovery key."));
      return NULL;
    }

  return _ct_session_member_of_login (self, login, error);
}

/**
 * ct_session_reset_passphrase:
 *
 * With the recovery key: gives a member a new passphrase. The member gets
 * new keys, the recovery session seals the team's keys to them, and K_db
 * is rotated, so the old passphrase opens nothing that still holds them.
 */
gboolean
ct_session_reset_passphrase (CtSession  *self,
                             const char *login,
                             const char *new_passphrase,
                             GError    **error)
{
  g_autoptr(CtMemberRow) target = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  target = check_reset_passphrase (self, login, new_passphrase, error);
  return target != NULL
         && _ct_session_rotate_credentials (self, target, new_passphrase, RESET_PURPOSE, error);
}

/* A passphrase change or reset off the main loop, in three steps:
 *
 *  1. in the session's thread: the checks, the member's new keys and their
 *     slot (_ct_session_new_credentials()), and copies of what the worker
 *     needs;
 *  2. in a worker, over those copies only: Argon2id of the current
 *     passphrase against the member's slot (a change only), then Argon2id
 *     of the new one to wrap the new seed (_ct_slot_protect());
 *  3. in the session's thread: the new keys written in one transaction
 *     (_ct_session_store_credentials()), then K_db rotated with the re-key
 *     in a worker (_ct_session_rotate_key_async()).
 *
 * From step 1 to the end of the re-key the session refuses every other
 * read and write with CT_ERROR_BUSY (changing_credentials, then
 * rekeying), so nothing it holds changes under the worker and the order
 * of the writes is that of the blocking call. Nothing is written when the
 * worker refuses, the task is cancelled or the session locked before step
 * 3; once the new keys are written, the re-key is not cancellable: the
 * session must follow the file to the new key. */
typedef struct
{
  CtMemberRow *target;          /* a reset's member; NULL: the session's own */
  const char  *purpose;
  CtSecret    *old_passphrase;  /* a change's, checked against old_slot */
  CtSecret    *new_passphrase;
  CtSlot       old_slot;
  guint8      *seed;            /* sodium_malloc(): the seed old_slot must open to */
  CtHeader     header;          /* only team_id: what the slots' wraps bind */
  CtIdentity  *identity;        /* the member's new keys */
  CtSlot       slot;            /* their slot, wrapped in the worker */
} NewCredentials;

static void
new_credentials_free (NewCredentials *cred)
{
  g_clear_pointer (&cred->target, ct_member_row_free);
  ct_secret_free (cred->old_passphrase);
  ct_secret_free (cred->new_passphrase);
  g_clear_pointer (&cred->seed, ct_secure_free);
  ct_identity_free (cred->identity);
  sodium_memzero (&cred->old_slot, sizeof cred->old_slot);
  sodium_memzero (&cred->slot, sizeof cred->slot);
  g_free (cred);
}

static void
derive_credentials_thread (GTask        *task,
                           gpointer      source,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  NewCredentials *cred = task_data;
  GError *error = NULL;

  if (cred->old_passphrase != NULL
      && !verify_passphrase (&cred->old_slot, &cred->header, cred->seed, cred->old_passphrase))
    set_wrong_passphrase (&error);
  else if (!g_cancellable_set_error_if_cancelled (cancellable, &error)
           && _ct_slot_protect (&cred->slot, &cred->header, cred->new_passphrase,
                                cred->identity, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_return_error (task, error);
}

static void
credentials_rekeyed_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (_ct_session_rotate_key_finish (CT_SESSION (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Step 3. A cancelled task or a locked session writes nothing. */
static void
credentials_derived_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  CtSession *self = CT_SESSION (source);
  g_autoptr(GTask) task = user_data;
  NewCredentials *cred = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->changing_credentials = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error)
      || !_ct_session_begin_write (self, &error)
      || !_ct_session_store_credentials (self, cred->target != NULL ? cred->target : self->member,
                                         g_steal_pointer (&cred->identity), &cred->slot,
                                         cred->purpose, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  _ct_session_rotate_key_async (self, NULL, credentials_rekeyed_cb, g_steal_pointer (&task));
}

/* Steps 1 and 2 for @task, whose checks passed; @target is a reset's
 * member (transfer full), @old_slot a change's. */
static void
change_credentials_async (CtSession    *self,
                          GTask        *task,
                          CtMemberRow  *target,
                          const CtSlot *old_slot,
                          const char   *old_passphrase,
                          const char   *new_passphrase,
                          const char   *purpose)
{
  NewCredentials *cred = g_new0 (NewCredentials, 1);
  GTask *derive;
  GError *error = NULL;

  cred->target = target;
  cred->purpose = purpose;
  cred->identity = _ct_session_new_credentials (self, target != NULL ? target : self->member,
                                                new_passphrase, &cred->slot, &error);
  if (cred->identity == NULL)
    {
      new_credentials_free (cred);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  cred->new_passphrase = ct_secret_new_string (new_passphrase);
  if (old_slot != NULL)
    {
      cred->old_passphrase = ct_secret_new_string (old_passphrase);
      cred->old_slot = *old_slot;
      cred->seed = ct_secure_alloc (CT_SEED_SIZE);
      memcpy (cred->seed, self->identity->seed, CT_SEED_SIZE);
    }
  memcpy (cred->header.team_id, self->header->team_id, sizeof cred->header.team_id);

  derive = g_task_new (self, g_task_get_cancellable (task), credentials_derived_cb, task);
  g_task_set_source_tag (derive, change_credentials_async);
  g_task_set_task_data (derive, cred, (GDestroyNotify) new_credentials_free);
  self->changing_credentials = TRUE;
  g_task_run_in_thread (derive, derive_credentials_thread);
  g_object_unref (derive);
}

/**
 * ct_session_change_passphrase_async:
 *
 * ct_session_change_passphrase() with its Argon2id (checking the current
 * passphrase, protecting the new one) and the re-encryption of the
 * database in workers; the caller's thread only checks, writes the new
 * keys and switches to the new K_db. From the call until the callback
 * every other read and write of the session is refused with
 * %CT_ERROR_BUSY. Cancelled, or with the session locked, before the
 * Argon2id is done, it writes nothing; once the new keys are written, the
 * change goes on to the end.
 */
void
ct_session_change_passphrase_async (CtSession           *self,
                                    const char          *old_passphrase,
                                    const char          *new_passphrase,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  const CtSlot *slot;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (old_passphrase != NULL && new_passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_change_passphrase_async);
  /* A cancel after the new keys are written must not hide that they were. */
  g_task_set_check_cancellable (task, FALSE);
  slot = check_change_passphrase (self, new_passphrase, &error);
  if (slot == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  change_credentials_async (self, task, NULL, slot, old_passphrase, new_passphrase,
                            CHANGE_PURPOSE);
}

gboolean
ct_session_change_passphrase_finish (CtSession     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ct_session_change_passphrase_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ct_session_reset_passphrase_async:
 *
 * ct_session_reset_passphrase() with the Argon2id of the new passphrase
 * and the re-encryption of the database in workers, as
 * ct_session_change_passphrase_async().
 */
void
ct_session_reset_passphrase_async (CtSession           *self,
                                   const char          *login,
                                   const char          *new_passphrase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  CtMemberRow *target;
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (login != NULL && new_passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_reset_passphrase_async);
  g_task_set_check_cancellable (task, FALSE);
  target = check_reset_passphrase (self, login, new_passphrase, &error);
  if (target == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  change_credentials_async (self, task, target, NULL, NULL, new_passphrase, RESET_PURPOSE);
}

gboolean
ct_session_reset_passphrase_finish (CtSession     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == ct_session_reset_passphrase_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
