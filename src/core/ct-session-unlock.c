/* ct-session-unlock.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Unlocking a team file: a passphrase or enrolment code opens its key
 * slot, the slot opens the database (finishing a rotation a crash
 * interrupted), and the member, the team chain and the keys are loaded;
 * or the recovery key does it, also for a file open for repair only.
 * The steps come in the order unlock_slot() takes them: open_slot(),
 * open_database() (with repair()), load_member(). Locking, and the rest
 * of the session's life, are in ct-session.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-sync-private.h"
#include "ct-vault.h"

static void
set_wrong_credentials (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS,
                       _("The login or passphrase is not right."));
}

/**
 * _ct_canonical_code:
 *
 * Returns: (nullable): a typed code rewritten to its canonical form (in
 *   secure memory), or %NULL when it is mistyped
 */
char *
_ct_canonical_code (const char *text,
                    gsize       len)
{
  guint8 *data = ct_secure_alloc (len);
  char *canonical = NULL;

  if (ct_code_parse (text, data, len))
    canonical = ct_code_format (data, len);

  ct_secure_free (data);
  return canonical;
}

/* Runs Argon2id exactly once, also for an unknown login, so neither the
 * answer nor its timing tells whether a login exists. */
static CtIdentity *
open_slot (CtSession   *self,
           const char  *login,
           const char  *passphrase,
           CtSlot     **out_slot,
           GError     **error)
{
  guint8 slot_id[CT_SLOT_ID_SIZE];
  guint8 salt[CT_SALT_SIZE];
  CtKdfParams params;
  CtSlot *slot;
  char *code = NULL;
  guint8 *kek, *seed;
  CtIdentity *identity = NULL;

  ct_header_slot_id (self->header, login, slot_id);
  slot = ct_header_find_slot (self->header, slot_id);

  /* Named before anything runs: a raised cost would take seconds and
   * gigabytes per attempt. */
  if (slot != NULL && !ct_kdf_params_in_bounds (&slot->kdf))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_BAD_PARAMETERS,
                           _("The keyslot of this login is damaged: it asks for key-derivation "
                             "settings outside the safe range, so it is not used. Ask a "
                             "beheerder to reset your passphrase with the recovery key."));
      return NULL;
    }

  ct_header_dummy_kdf (self->header, &params);
  randombytes_buf (salt, sizeof salt);
  if (slot != NULL)
    {
      params = slot->kdf;
      memcpy (salt, slot->salt, sizeof salt);
    }
  if (slot != NULL && slot->kind == CT_SLOT_ENROL)
    code = _ct_canonical_code (passphrase, CT_ENROLMENT_SIZE);

  kek = ct_secure_alloc (CT_KEY_SIZE);
  seed = ct_secure_alloc (CT_SEED_SIZE);
  if (ct_kdf_derive (code != NULL ? code : passphrase, salt, &params, kek)
      && slot != NULL && ct_slot_unwrap_seed (slot, self->header, kek, seed))
    identity = ct_identity_new_from_seed (seed);
  else
    set_wrong_credentials (error);

  ct_secure_free (code);
  ct_secure_free (kek);
  ct_secure_free (seed);
  *out_slot = slot;
  return identity;
}

/* Finishes what a crash interrupted: a rotation whose new key the
 * database already uses, or a rotation (or removal) that stopped before. */
static gboolean
repair (CtSession *self,
        gboolean   opened_with_next,
        GError   **error)
{
  g_autoptr(GError) rotate_error = NULL;
  GArray *slots = self->header->slots;
  gboolean stale = FALSE;

  if (opened_with_next)
    {
      ct_header_promote_next_key (self->header);
      if (!self->read_only && !_ct_session_write_header (self, error))
        return FALSE;
    }

  /* Slots of removed members: a removal that stopped after the database
   * recorded it. */
  for (guint i = slots->len; i > 0; i--)
    {
      CtSlot *slot = &g_array_index (slots, CtSlot, i - 1);
      g_autoptr(CtMemberRow) row = NULL;

      g_autoptr(GError) local_error = NULL;

      if (slot->kind == CT_SLOT_RECOVERY)
        continue;

      /* Only a member the database says is gone: a read error is damage,
       * and rotating K_db over a damaged database would lose it. */
      row = ct_store_get_member_by_uid (self->db, slot->member_id, &local_error);
      if (row == NULL && !g_error_matches (local_error, CT_ERROR, CT_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (row == NULL || row->removed)
        {
          g_array_remove_index (slots, i - 1);
          stale = TRUE;
        }
    }

  if (!stale && !ct_header_has_pending_key (self->header))
    return TRUE;

  /* Without the room (or the right) to write, the file still opens; the
   * rotation waits for an unlock that can write it. */
  if (self->read_only)
    {
      self->rekey_pending = TRUE;
      return TRUE;
    }
  if (!_ct_session_rotate_key (self, &rotate_error))
    {
      if (!g_error_matches (rotate_error, CT_ERROR, CT_ERROR_DISK_FULL))
        {
          g_propagate_error (error, g_steal_pointer (&rotate_error));
          return FALSE;
        }
      self->rekey_pending = TRUE;
    }
  return TRUE;
}

/* After a slot opened: check the header MAC, open the database with the
 * current key (or the pending one of an interrupted rotation), migrate,
 * and finish any interrupted work. */
static gboolean
open_database (CtSession  *self,
               CtSlot     *slot,
               GError    **error)
{
  guint8 *key = ct_secure_alloc (CT_KEY_SIZE);
  gboolean with_next = FALSE;
  gboolean ok = FALSE;

  if (!ct_slot_unseal_key (slot, self->identity, FALSE, key)
      || !ct_header_verify_mac (self->header, key))
    {
      _ct_session_set_tampered (error);
      goto out;
    }

  /* The current key first: after a crash inside the rekey its hot journal
   * is encrypted with the current key and rolls the database back. */
  self->db = ct_store_open (self->path, key, NULL);
  if (self->db == NULL && slot->has_next && ct_slot_unseal_key (slot, self->identity, TRUE, key))
    {
      with_next = TRUE;
      self->db = ct_store_open (self->path, key, NULL);
    }
  if (self->db == NULL)
    {
      ct_store_set_error (NULL, SQLITE_NOTADB, error);
      goto out;
    }

  _ct_session_set_db_key (self, key);

  ok = ct_store_migrate (self->db, error)
       && (self->team_name = ct_store_get_team_name (self->db, error)) != NULL
       && repair (self, with_next, error);

out:
  ct_secure_free (key);
  return ok;
}

static gboolean
load_member (CtSession    *self,
             const guint8 *member_uid,
             GError      **error)
{
  g_autofree char *removal = NULL;

  self->member = ct_store_get_member_by_uid (self->db, member_uid, NULL);
  /* A replica that a sync told of its own member's removal: they are
   * told so once more, with what was not sent (docs/sync-security.md, "A removed
   * member's own laptop"); their keyslot is gone from now on. */
  if (self->member != NULL && self->member->removed
      && (removal = _ct_session_sync_removed_at_unlock (self)) != NULL)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS, "%s %s", removal,
                   _("This team file no longer opens for you."));
      return FALSE;
    }
  if (self->member == NULL || self->member->removed)
    {
      set_wrong_credentials (error);
      return FALSE;
    }

  /* Whether the slot's keys are the member's is the chain's to say
   * (_ct_session_load_chain()). */
  return TRUE;
}

static CtSession *
unlock_slot (const char *path,
             const char *login,
             const char *passphrase,
             gboolean    allow_enrolment,
             gboolean    restoring,
             gboolean    copy_source,
             GError    **error)
{
  g_autoptr(CtSession) self = NULL;
  guint8 member_uid[CT_MEMBER_ID_SIZE];
  CtSlot *slot = NULL;

  g_return_val_if_fail (path != NULL && login != NULL && passphrase != NULL, NULL);

  self = _ct_session_open_file (path, FALSE, error);
  if (self == NULL)
    return NULL;

  self->identity = open_slot (self, login, passphrase, &slot, error);
  if (self->identity == NULL)
    return NULL;

  if (slot->kind == CT_SLOT_ENROL && !allow_enrolment)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NEEDS_ENROLMENT,
                           _("This enrolment code is right. Choose your own passphrase to "
                             "finish joining the team."));
      return NULL;
    }

  memcpy (member_uid, slot->member_id, sizeof member_uid);
  self->restoring = restoring;
  self->copy_source = copy_source;
  if (!open_database (self, slot, error) || !load_member (self, member_uid, error)
      || !_ct_session_load_chain (self, error) || !_ct_session_setup_keys (self, error))
    return NULL;

  /* Here rather than in the window's thread at the first list read; a
   * failure is that read's to report. */
  if (!copy_source)
    _ct_session_prepare_involvement (self, NULL);

  /* The pages the checks above read (the chain, every laptop's log) are
   * not what the window reads next: at 10 000 households they filled the
   * 16 MB page cache for as long as the file stays unlocked. */
  sqlite3_db_release_memory (self->db);

  return g_steal_pointer (&self);
}

CtSession *
_ct_session_unlock_slot (const char *path,
                         const char *login,
                         const char *passphrase,
                         gboolean    allow_enrolment,
                         GError    **error)
{
  return unlock_slot (path, login, passphrase, allow_enrolment, FALSE, FALSE, error);
}

/**
 * _ct_session_unlock_for_join:
 *
 * For joining from a sync folder (ct-sync-join.c): unlocks the file being
 * built with the enrolment code, with every check but the one against this
 * device's record, which it does not become either; a join that fails must
 * not leave a record that refuses the next attempt. The join marks the
 * session anchored once it has succeeded.
 */
CtSession *
_ct_session_unlock_for_join (const char *path,
                             const char *login,
                             const char *code,
                             GError    **error)
{
  return unlock_slot (path, login, code, TRUE, FALSE, TRUE, error);
}

/**
 * ct_session_unlock_restoring_backup:
 * @gap: (out caller-allocates): what this device saw against what the
 *   file holds
 *
 * Unlocks a file that may be an older copy than this member's device last
 * saw (a backup put back), which ct_session_unlock() refuses. A beheerder
 * only (by the team chain): the restore is logged in the file, with what
 * the device saw, and the device's record then follows the file. What the
 * newer copy held beyond the backup is lost; @gap says how much, as far as
 * this device knows. A file that is not older unlocks as usual, with
 * @gap->older %FALSE.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
CtSession *
ct_session_unlock_restoring_backup (const char  *path,
                                    const char  *login,
                                    const char  *passphrase,
                                    CtBackupGap *gap,
                                    GError     **error)
{
  CtSession *self;

  g_return_val_if_fail (gap != NULL, NULL);

  memset (gap, 0, sizeof *gap);
  self = unlock_slot (path, login, passphrase, FALSE, TRUE, FALSE, error);
  if (self != NULL)
    *gap = self->gap;
  return self;
}

/**
 * ct_session_unlock_copy:
 *
 * Unlocks a copy of a team file to merge it into this member's file
 * (ct_session_merge()): a conflict copy or a USB copy may hold a log that
 * went another way than the one this device last saw, so it is not
 * checked against the device's record, and it does not become that
 * record (docs/sync-merge.md, "Merging a copy"). Everything else is checked as
 * at any unlock. Use the session only as the source of a merge.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
CtSession *
ct_session_unlock_copy (const char *path,
                        const char *login,
                        const char *passphrase,
                        GError    **error)
{
  return unlock_slot (path, login, passphrase, FALSE, FALSE, TRUE, error);
}

/**
 * ct_session_unlock:
 * @path: a team file
 * @login: the member's login
 * @passphrase: the member's passphrase
 *
 * Unlocks the team file for one member. An unknown login and a wrong
 * passphrase give the same error, %CT_ERROR_WRONG_CREDENTIALS.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
CtSession *
ct_session_unlock (const char *path,
                   const char *login,
                   const char *passphrase,
                   GError    **error)
{
  return _ct_session_unlock_slot (path, login, passphrase, FALSE, error);
}

typedef struct
{
  char     *path;
  char     *login;
  CtSecret *passphrase;
  gboolean  copy;
} UnlockData;

static void
unlock_data_free (UnlockData *data)
{
  g_free (data->path);
  g_free (data->login);
  ct_secret_free (data->passphrase);
  g_free (data);
}

static void
unlock_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *data = task_data;
  GError *error = NULL;
  CtSession *session = data->copy
                         ? ct_session_unlock_copy (data->path, data->login, data->passphrase, &error)
                         : ct_session_unlock (data->path, data->login, data->passphrase, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

static void
unlock_in_thread (const char          *path,
                  const char          *login,
                  const char          *passphrase,
                  gboolean             copy,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  UnlockData *data = g_new0 (UnlockData, 1);

  data->path = g_strdup (path);
  data->login = g_strdup (login);
  data->passphrase = ct_secret_new_string (passphrase);
  data->copy = copy;
  g_task_set_source_tag (task, ct_session_unlock_async);
  g_task_set_task_data (task, data, (GDestroyNotify) unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

void
ct_session_unlock_async (const char          *path,
                         const char          *login,
                         const char          *passphrase,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  unlock_in_thread (path, login, passphrase, FALSE, cancellable, callback, user_data);
}

/**
 * ct_session_unlock_copy_async:
 *
 * ct_session_unlock_copy() with its key derivation in a worker thread;
 * finish with ct_session_unlock_finish().
 */
void
ct_session_unlock_copy_async (const char          *path,
                              const char          *login,
                              const char          *passphrase,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  unlock_in_thread (path, login, passphrase, TRUE, cancellable, callback, user_data);
}

CtSession *
ct_session_unlock_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static CtIdentity *
recovery_identity (const CtHeader *header,
                   const guint8   *recovery)
{
  guint8 *seed = ct_secure_alloc (CT_SEED_SIZE);
  CtIdentity *identity;

  crypto_generichash (seed, CT_SEED_SIZE, header->team_id, sizeof header->team_id, recovery,
                      CT_RECOVERY_SIZE);
  identity = ct_identity_new_from_seed (seed);
  ct_secure_free (seed);
  return identity;
}

/* Opens the file and its database with the recovery key, before the
 * team chain is checked. */
static CtSession *
open_with_recovery_key (const char *path,
                        const char *recovery_key,
                        GError    **error)
{
  g_autoptr(CtSession) self = NULL;
  guint8 *recovery;
  CtSlot *slot;
  gboolean parsed;

  self = _ct_session_open_file (path, FALSE, error);
  if (self == NULL)
    return NULL;

  recovery = ct_secure_alloc (CT_RECOVERY_SIZE);
  parsed = ct_code_parse (recovery_key, recovery, CT_RECOVERY_SIZE);
  if (parsed)
    self->identity = recovery_identity (self->header, recovery);
  ct_secure_free (recovery);

  if (!parsed)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_INVALID_KEY,
                           _("This recovery key is mistyped: its check characters do not match. "
                             "Compare it with the written copy, group by group."));
      return NULL;
    }

  slot = ct_header_find_recovery (self->header);
  if (slot == NULL
      || sodium_memcmp (slot->box_pk, self->identity->box_pk, crypto_box_PUBLICKEYBYTES) != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS,
                           _("This recovery key does not belong to this team file."));
      return NULL;
    }

  self->recovery = TRUE;
  if (!open_database (self, slot, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ct_session_unlock_with_recovery_key:
 * @recovery_key: the key shown when the team was created
 *
 * A mistyped key (its check characters do not match) gives
 * %CT_ERROR_INVALID_KEY; a well-formed key of another team gives
 * %CT_ERROR_WRONG_CREDENTIALS. A file whose team chain fails its checks
 * gives %CT_ERROR_TAMPERED: ct_session_unlock_for_repair() opens it.
 *
 * Returns: (transfer full): a recovery session, which may reset passphrases
 *   and export the database
 */
CtSession *
ct_session_unlock_with_recovery_key (const char *path,
                                     const char *recovery_key,
                                     GError    **error)
{
  g_autoptr(CtSession) self = NULL;

  g_return_val_if_fail (path != NULL && recovery_key != NULL, NULL);

  self = open_with_recovery_key (path, recovery_key, error);
  if (self == NULL || !_ct_session_load_chain (self, error)
      || !_ct_session_setup_keys (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ct_session_unlock_for_repair:
 * @recovery_key: the key shown when the team was created
 * @problem: (out) (nullable): what the checks found, or %NULL when the
 *   file passed them
 *
 * Opens the file with the recovery key even when its team chain, the
 * members or policy tables, or the log anchors fail the checks of every
 * unlock (docs/security.md). Such a session is open for repair only:
 * ct_session_export_plain() and ct_session_repair_chain(); everything
 * else answers %CT_ERROR_TAMPERED until the repair. A file that passes
 * gives an ordinary recovery session.
 *
 * Returns: (transfer full): a recovery session
 */
CtSession *
ct_session_unlock_for_repair (const char *path,
                              const char *recovery_key,
                              char      **problem,
                              GError    **error)
{
  g_autoptr(CtSession) self = NULL;
  g_autoptr(GError) chain_error = NULL;

  g_return_val_if_fail (path != NULL && recovery_key != NULL && problem != NULL, NULL);

  *problem = NULL;
  self = open_with_recovery_key (path, recovery_key, error);
  if (self == NULL)
    return NULL;

  if (_ct_session_load_chain (self, &chain_error))
    return _ct_session_setup_keys (self, error) ? g_steal_pointer (&self) : NULL;

  if (!g_error_matches (chain_error, CT_ERROR, CT_ERROR_TAMPERED))
    {
      g_propagate_error (error, g_steal_pointer (&chain_error));
      return NULL;
    }

  g_message ("Opened for repair: %s", chain_error->message);
  *problem = g_strdup (chain_error->message);
  g_clear_pointer (&self->chain, ct_chain_free);
  self->damaged = TRUE;
  return g_steal_pointer (&self);
}
