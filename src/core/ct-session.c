/* ct-session.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A session is an unlocked team file: the member, the keys that member
 * holds, and the open database. Every read and write of team data passes
 * through it. Locking wipes every secret and closes the file. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-slot-private.h"
#include "ct-sync-private.h"
#include "ct-vault.h"
#include "ct-vfs.h"

G_DEFINE_FINAL_TYPE (CtSession, ct_session, G_TYPE_OBJECT)

static void
set_wrong_credentials (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS,
                       _("The login or passphrase is not right."));
}

static void
set_tampered (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("The team file was changed outside Casustafel and is not trusted. "
                         "Use a backup or the recovery tools."));
}

gboolean
_ct_session_require_admin (CtSession *self,
               GError   **error)
{
  if (self->recovery || (self->member != NULL && self->member->is_admin))
    return TRUE;

  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("Only a beheerder (administrator) may manage the team’s members."));
  return FALSE;
}

static gboolean
require_open (CtSession *self,
              GError   **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, CT_ERROR, CT_ERROR_LOCKED, _("The team file is locked."));
  return FALSE;
}

gboolean
_ct_session_require_unlocked (CtSession *self,
                  GError   **error)
{
  if (!require_open (self, error))
    return FALSE;
  /* Its connection still has the old key while a worker rekeys the file
   * (_ct_session_rotate_key_async()): reading would wait for the worker's
   * lock or fail, writing would race it. */
  if (self->rekeying)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                           _("The team file’s key is being replaced. Try again in a moment."));
      return FALSE;
    }
  if (!self->damaged)
    return TRUE;

  /* Opened with the recovery key over a chain that failed its checks:
   * only the plain copy and the repair (ct-session-repair.c). */
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("This team file failed its checks and is open for repair only: write "
                         "a plain copy or repair its team chain with the recovery key."));
  return FALSE;
}

/**
 * _ct_session_open_file:
 * @create: whether the file must be new (it is created, never overwritten)
 *
 * Opens the file and takes the advisory lock that says it is in use. The
 * descriptor stays open until the session locks: closing any descriptor of
 * the file would drop SQLite's POSIX locks on it.
 */
CtSession *
_ct_session_open_file (const char *path,
                       gboolean    create,
                       GError    **error)
{
  g_autoptr(CtSession) self = g_object_new (CT_TYPE_SESSION, NULL);
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
  struct stat st;

  self->path = g_canonicalize_filename (path, NULL);
  self->fd = g_open (self->path, flags, 0600);
  /* A write-protected file or medium still opens, for what needs no
   * write (docs/robustness.md). */
  if (self->fd < 0 && !create && (errno == EROFS || errno == EACCES || errno == EPERM))
    {
      self->fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
      self->read_only = self->fd >= 0;
    }
  if (self->fd < 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, saved == EEXIST ? CT_ERROR_EXISTS : CT_ERROR_FAILED,
                   saved == EEXIST ? _("A file with this name already exists.")
                                   : _("The team file could not be opened: %s."),
                   g_strerror (saved));
      return NULL;
    }

  if (flock (self->fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                           _("The team file is already open, in another window or by another "
                             "program. Close it there first."));
      return NULL;
    }

  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE,
                           _("This is not a Casustafel team file."));
      return NULL;
    }
  self->dev = st.st_dev;
  self->ino = st.st_ino;

  if (!create)
    {
      self->header = ct_header_read (self->fd, error);
      if (self->header == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * ct_session_check_file:
 *
 * A sync client or a copy can replace the file under an open session.
 * Writing on would go into a file that no longer exists, so from then on
 * every write is refused.
 */
gboolean
ct_session_check_file (CtSession *self,
                       GError   **error)
{
  struct stat on_disk, ours;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!self->replaced && self->fd >= 0)
    {
      if (g_stat (self->path, &on_disk) != 0 || fstat (self->fd, &ours) != 0
          || on_disk.st_dev != self->dev || on_disk.st_ino != self->ino || ours.st_nlink == 0)
        self->replaced = TRUE;
    }

  if (self->replaced)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_REPLACED,
                           _("The team file was replaced or removed on disk while it was open, "
                             "perhaps by a sync program. Nothing more is written to it; open "
                             "it again to go on working."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_session_verify_file:
 *
 * A commit went into the file this session holds open. When that file was
 * renamed away, or another team's file was copied over it, while the
 * commit ran, the commit is not in the file at the session's path: this
 * says which of the two happened, so that nothing reports it as saved.
 */
gboolean
ct_session_verify_file (CtSession *self,
                        GError   **error)
{
  g_autoptr(CtHeader) on_disk = NULL;
  g_autofree char *name = NULL;
  struct stat st;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (self->fd < 0 || self->header == NULL)
    return _ct_session_require_unlocked (self, error);
  name = g_filename_display_name (self->path);

  if (g_stat (self->path, &st) != 0 || st.st_dev != self->dev || st.st_ino != self->ino)
    {
      self->replaced = TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_REPLACED,
                   _("The team file was moved, removed or replaced on disk while the change "
                     "was being saved. The change went into the file that was open, which is "
                     "no longer %s; nothing more is written. Find the moved file, or open %s "
                     "again to check what it holds."), name, name);
      return FALSE;
    }

  /* The same file: its header must still be this team's. */
  on_disk = ct_header_read (self->fd, NULL);
  if (on_disk == NULL
      || memcmp (on_disk->team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    {
      self->replaced = TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_REPLACED,
                   _("Another file was copied over the team file %s while the change was being "
                     "saved: it no longer holds this team, and the change is not in it. Nothing "
                     "more is written; restore the team file from a backup."), name);
      return FALSE;
    }
  return ct_session_check_file (self, error);
}

gboolean
_ct_session_begin_write (CtSession *self,
                         GError   **error)
{
  /* What this member is involved in may change with any write. */
  g_clear_pointer (&self->involved, g_hash_table_unref);
  return _ct_session_require_unlocked (self, error) && ct_session_check_file (self, error);
}

gboolean
_ct_session_write_header (CtSession *self,
                          GError   **error)
{
  if (!ct_session_check_file (self, error))
    return FALSE;

  return ct_header_write (self->header, self->fd, self->db_key, error);
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
      set_tampered (error);
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

static gboolean
load_member (CtSession    *self,
             const guint8 *member_uid,
             GError      **error)
{
  self->member = ct_store_get_member_by_uid (self->db, member_uid, NULL);
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
 * record (docs/sync.md, "Merging a copy"). Everything else is checked as
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

/**
 * ct_session_lock:
 *
 * Closes the database and wipes every key this session held. The session
 * answers %CT_ERROR_LOCKED from then on. Safe to call more than once.
 */
void
ct_session_lock (CtSession *self)
{
  g_return_if_fail (CT_IS_SESSION (self));

  if (self->anchored && !self->replaced)
    _ct_audit_save_device_anchor (self);
  self->anchored = FALSE;
  self->damaged = FALSE;
  g_clear_pointer (&self->db, ct_store_close);
  g_clear_pointer (&self->db_key, ct_secure_free);
  g_clear_pointer (&self->cat_keys, ct_secure_free);
  memset (self->cat_version, 0, sizeof self->cat_version);
  self->marked_used = 0;
  g_clear_pointer (&self->identity, ct_identity_free);
  g_clear_pointer (&self->member, ct_member_row_free);
  g_clear_pointer (&self->chain, ct_chain_free);
  g_clear_pointer (&self->glass, g_hash_table_unref);
  g_clear_pointer (&self->created, g_hash_table_unref);
  g_clear_pointer (&self->involved, g_hash_table_unref);
  g_clear_pointer (&self->involved_since, g_free);
  g_clear_pointer (&self->restricted, g_hash_table_unref);
  g_clear_pointer (&self->header, ct_header_free);
  if (self->deferred_reads != NULL)
    {
      for (guint i = 0; i < self->deferred_reads->len; i++)
        g_clear_pointer (&g_array_index (self->deferred_reads, CtDeferredRead, i).households,
                         g_array_unref);
      g_clear_pointer (&self->deferred_reads, g_array_unref);
    }
  if (self->team_name != NULL)
    sodium_memzero (self->team_name, strlen (self->team_name));
  g_clear_pointer (&self->team_name, g_free);

  /* Only now: closing our descriptor would drop SQLite's locks. */
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

/**
 * _ct_session_new_reader:
 *
 * A second, read-only view of @self's team for one worker thread: its own
 * database connection, copies of K_db and of the category keys, the
 * member and the policy, so it shares nothing with @self that @self may
 * change or wipe meanwhile. It only reads: its scans write no log entry
 * but keep what they read (CtDeferredRead), and the owner logs that with
 * _ct_session_log_deferred() in its own thread before it hands anything
 * read out (HACKING.md, "Threads"). Call it in @self's thread while
 * @self is in no transaction: opening a connection removes a journal it
 * takes for stale. Unref the reader in any thread.
 */
CtSession *
_ct_session_new_reader (CtSession *self,
                        GError   **error)
{
  g_autoptr(CtSession) reader = NULL;

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  reader = g_object_new (CT_TYPE_SESSION, NULL);
  reader->path = g_strdup (self->path);
  reader->read_only = TRUE;
  reader->recovery = self->recovery;
  reader->deferred_reads = g_array_new (FALSE, TRUE, sizeof (CtDeferredRead));
  reader->db_key = ct_secure_alloc (CT_KEY_SIZE);
  memcpy (reader->db_key, self->db_key, CT_KEY_SIZE);
  if (self->cat_keys != NULL)
    {
      reader->cat_keys = ct_secure_alloc (CT_N_CATEGORIES * CT_KEY_SIZE);
      memcpy (reader->cat_keys, self->cat_keys, CT_N_CATEGORIES * CT_KEY_SIZE);
    }
  memcpy (reader->cat_version, self->cat_version, sizeof reader->cat_version);
  memcpy (reader->role_policy, self->role_policy, sizeof reader->role_policy);
  if (self->member != NULL)
    {
      reader->member = g_memdup2 (self->member, sizeof *self->member);
      reader->member->login = g_strdup (self->member->login);
      reader->member->display_name = g_strdup (self->member->display_name);
    }
  if (!_ct_session_share_involvement (self, reader, error)
      || !_ct_session_share_restrictions (self, reader, error)
      || (reader->db = ct_store_open (self->path, self->db_key, error)) == NULL)
    return NULL;
  return g_steal_pointer (&reader);
}

gboolean
ct_session_is_locked (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), TRUE);

  return self->db == NULL;
}

static void
ct_session_dispose (GObject *object)
{
  ct_session_lock (CT_SESSION (object));

  G_OBJECT_CLASS (ct_session_parent_class)->dispose (object);
}

static void
ct_session_finalize (GObject *object)
{
  CtSession *self = CT_SESSION (object);

  g_free (self->path);

  G_OBJECT_CLASS (ct_session_parent_class)->finalize (object);
}

static void
ct_session_class_init (CtSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ct_session_dispose;
  object_class->finalize = ct_session_finalize;
}

static void
ct_session_init (CtSession *self)
{
  self->fd = -1;
}

const char *
ct_session_get_path (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->path;
}

const char *
ct_session_get_team_name (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->team_name;
}

const char *
ct_session_get_login (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->member != NULL ? self->member->login : NULL;
}

const char *
ct_session_get_display_name (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->member != NULL ? self->member->display_name : NULL;
}

CtRole
ct_session_get_role (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), CT_ROLE_INVALID);

  return self->member != NULL ? self->member->role : CT_ROLE_INVALID;
}

gboolean
ct_session_is_admin (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->member != NULL && self->member->is_admin;
}

/**
 * ct_session_get_member_id:
 *
 * Returns: the member's id, as member fields of records (regisseur,
 *   responsible, ...) hold it; 0 in a recovery session
 */
gint64
ct_session_get_member_id (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), 0);

  return self->member != NULL ? self->member->id : 0;
}

gboolean
ct_session_is_recovery (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->recovery;
}

/**
 * ct_session_is_read_only:
 *
 * Whether the file was opened without write access (a write-protected
 * file or medium): changes, and reads that are logged, are refused with
 * %CT_ERROR_READ_ONLY.
 */
gboolean
ct_session_is_read_only (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->read_only;
}

/**
 * ct_session_rekey_is_pending:
 *
 * Whether a rotation of K_db (after a member was removed) could not be
 * done at unlock, for lack of free space or of write access. It is tried
 * again at every unlock.
 */
gboolean
ct_session_rekey_is_pending (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->rekey_pending;
}

static gboolean
check_pages (CtSession *self,
             GError   **error)
{
  g_autofree guint8 *page = g_malloc (CT_VAULT_PAGE_SIZE);
  struct stat st;

  if (fstat (self->fd, &st) != 0)
    return ct_store_set_error (NULL, SQLITE_IOERR, error);

  for (goffset off = CT_VAULT_DB_OFFSET; off < st.st_size; off += CT_VAULT_PAGE_SIZE)
    {
      if (pread (self->fd, page, CT_VAULT_PAGE_SIZE, off) != CT_VAULT_PAGE_SIZE
          || !ct_vfs_page_is_sound (page))
        return ct_store_set_error (NULL, SQLITE_CORRUPT, error);
    }
  return TRUE;
}

/**
 * ct_session_check:
 *
 * Everything `casustafel-cli check` reports: both header copies, the
 * header MAC, SQLite's integrity_check, and what SQLCipher 3.4.1 does not
 * check itself (all-zero pages and the unauthenticated padding bytes).
 */
gboolean
ct_session_check (CtSession *self,
                  GError   **error)
{
  int damaged;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_require_unlocked (self, error) || !ct_session_check_file (self, error))
    return FALSE;

  if (!ct_header_verify_mac (self->header, self->db_key))
    {
      set_tampered (error);
      return FALSE;
    }

  damaged = ct_header_find_damaged_slot (self->header);
  if (damaged >= 0)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_BAD_PARAMETERS,
                   _("Keyslot %d of the team file is damaged: it asks for key-derivation "
                     "settings outside the safe range, so its member cannot unlock. Reset "
                     "that member’s passphrase with the recovery key."), damaged + 1);
      return FALSE;
    }

  return ct_header_check_copies (self->fd, error) && ct_store_check (self->db, error)
         && check_pages (self, error) && _ct_session_reload_chain (self, error)
         && ct_chain_check_tables (self->chain, self->db, error)
         && _ct_session_check_slots (self, error) && _ct_audit_verify (self, NULL, error);
}

/**
 * ct_session_export_plain:
 * @out_path: where to write; must not exist
 * @raw_key_hex: (out): the 64 hex digits of the new file's raw key
 *
 * Recovery only: writes the database as a standard SQLCipher file under a
 * fresh random key (not the team's K_db), so the team file stays closed to
 * whoever receives the copy's key.
 */
gboolean
ct_session_export_plain (CtSession  *self,
                         const char *out_path,
                         char      **raw_key_hex,
                         GError    **error)
{
  guint8 *key;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (raw_key_hex != NULL, FALSE);

  /* Also from a file open for repair only: the copy is how its data is
   * got out whatever its chain says. */
  if (!require_open (self, error))
    return FALSE;

  if (!self->recovery)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Writing a plain copy of the database needs the team’s recovery "
                             "key."));
      return FALSE;
    }

  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("The output file already exists; choose a new name."));
      return FALSE;
    }

  key = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (key, CT_KEY_SIZE);
  ok = ct_store_export_plain (self->db, out_path, key, error)
       && ct_store_begin (self->db, error);
  if (ok && !_ct_audit_append (self, CT_AUDIT_EXPORT, "database", 0,
                               (1u << CT_N_CATEGORIES) - 1, "recovery: plain copy", FALSE, error))
    {
      ct_store_rollback (self->db);
      ok = FALSE;
    }
  ok = ok && ct_store_commit (self->db, error);
  if (ok)
    {
      *raw_key_hex = ct_secure_alloc (2 * CT_KEY_SIZE + 1);
      sodium_bin2hex (*raw_key_hex, 2 * CT_KEY_SIZE + 1, key, CT_KEY_SIZE);
    }
  else
    g_unlink (out_path);

  ct_secure_free (key);
  return ok;
}

typedef struct
{
  const char *key;        /* a full key, or a prefix ending in '.' */
  const char *label;
  gint64      min;
  gint64      max;
} TeamSetting;

/* Team settings with a meaning, validated at the core boundary so the GUI
 * and the CLI agree: the export's k and threshold, retention in months per
 * outcome. */
static const TeamSetting team_settings[] = {
  { "export.k", N_("Export k"), 2, 50 },
  { "export.threshold", N_("Export threshold"), 1, 100 },
  /* Up to 25 years: the Wmo's 15 and the Jeugdwet's 20 fit (docs/retention.md). */
  { "retention.", N_("Retention in months"), 1, 300 },
};

static const TeamSetting *
known_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (team_settings); i++)
    {
      const TeamSetting *s = &team_settings[i];

      if (g_str_has_suffix (s->key, ".") ? g_str_has_prefix (key, s->key)
                                         : g_str_equal (key, s->key))
        return s;
    }
  return NULL;
}

static gboolean
validate_setting (const TeamSetting *s,
                  const char        *value,
                  GError           **error)
{
  char *end = NULL;
  gint64 n = g_ascii_strtoll (value, &end, 10);

  if (value[0] != '\0' && end != NULL && *end == '\0' && n >= s->min && n <= s->max)
    return TRUE;

  ct_set_field_error (error, "settings", s->key,
                      _("%s: expected a whole number from %d to %d."), _(s->label), (int) s->min,
                      (int) s->max);
  return FALSE;
}

/**
 * ct_session_set_setting:
 *
 * Stores a team setting. The known ones (export.k, export.threshold,
 * retention.<outcome>) are validated and need a beheerder; other keys are
 * the core's own bookkeeping.
 */
gboolean
ct_session_set_setting (CtSession  *self,
                        const char *key,
                        const char *value,
                        GError    **error)
{
  const TeamSetting *known;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  known = known_setting (key);

  if (!_ct_session_begin_write (self, error)
      || (known != NULL && !validate_setting (known, value, error)))
    return FALSE;

  if (known != NULL && !self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may change the team’s settings."));
      return FALSE;
    }

  return ct_store_set_setting (self->db, key, value, error);
}

char *
ct_session_get_setting (CtSession  *self,
                        const char *key,
                        GError    **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  return ct_store_get_setting (self->db, key, error);
}
