/* ct-session-rekey.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Rotating K_db, the key of the whole database (docs/file-format.md): after
 * a member is removed and after every credential change, so that nothing
 * an old slot opens still opens the file. Crash-safe at every step: the
 * new key is sealed beside the current one in every slot before the
 * database is rekeyed, and the header keeps only the new key after it.
 * The blocking _ct_session_rotate_key() and the pair that rekeys in a
 * worker on a connection of its own (_ct_session_rotate_key_async()), and
 * a member's new keys after a credential change. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-sync-private.h"
#include "ct-vault.h"

/* Keeps @key as the session's K_db, in secure memory. */
void
_ct_session_set_db_key (CtSession    *self,
                        const guint8 *key)
{
  if (self->db_key == NULL)
    self->db_key = ct_secure_alloc (CT_KEY_SIZE);
  memcpy (self->db_key, key, CT_KEY_SIZE);
}

/* A rotation rewrites every page through the rollback journal, which
 * needs about the database's size of free space beside the file. */
static gboolean
check_space_for_rekey (CtSession *self,
                       GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *need_text = NULL;
  g_autofree char *have_text = NULL;
  struct statvfs fs;
  struct stat st;
  guint64 need, have;

  if (fstat (self->fd, &st) != 0 || statvfs (dir, &fs) != 0)
    return TRUE;  /* cannot tell; the rotation is verified afterwards */
  need = (guint64) MAX (st.st_size - CT_VAULT_DB_OFFSET, 0);
  need += need / 64 + 256 * 1024;
  have = (guint64) fs.f_bavail * fs.f_frsize;
  if (have >= need)
    return TRUE;

  need_text = g_format_size (need);
  have_text = g_format_size (have);
  g_set_error (error, CT_ERROR, CT_ERROR_DISK_FULL,
               _("The disk is too full to re-key the team file: that needs about %s free "
                 "beside it, and %s is free. Nothing is damaged and the file opens as before; "
                 "the re-key is finished the next time it is opened with enough free space."),
               need_text, have_text);
  return FALSE;
}

/* The message of a rotation that did not happen for want of room: the
 * database still opens with the current key. */
static void
set_rekey_failed (CtSession *self,
                  GError   **error)
{
  g_clear_error (error);
  if (!check_space_for_rekey (self, error))
    return;
  g_set_error_literal (error, CT_ERROR, CT_ERROR_DISK_FULL,
                       _("The team file could not be re-keyed, probably because the disk is "
                         "full. Nothing is damaged and the file opens as before; the re-key is "
                         "finished the next time it is opened with enough free space."));
}

/* SQLCipher 3.4.1's rekey reports success when it could not write (a full
 * disk), and leaves the connection writing with the new key. When the
 * database still opens with the current key, the rotation did not happen:
 * the connection is reopened with that key and the file is unchanged. */
static gboolean
undo_failed_rekey (CtSession *self,
                   GError   **error)
{
  sqlite3 *db;

  if (!ct_store_verify_key (self->path, self->db_key, NULL)
      || (db = ct_store_open (self->path, self->db_key, NULL)) == NULL)
    return FALSE;

  ct_store_close (self->db);
  self->db = db;
  set_rekey_failed (self, error);
  return TRUE;
}

/* The first step of a K_db rotation: the new key is sealed beside the
 * current one in every slot of the chain's members, and the header is
 * written. Returns the new key (secure memory), or NULL. */
static guint8 *
seal_next_key (CtSession *self,
               GError   **error)
{
  GArray *slots = self->header->slots;
  guint8 *next;
  guint dropped;

  /* The new key goes only to the chain's members: a planted slot is
   * dropped here, and said so in the log. */
  dropped = _ct_session_drop_foreign_slots (self);
  if (dropped > 0)
    {
      g_message ("Dropped %u keyslot(s) that belong to no member of the team chain", dropped);
      if (!ct_store_begin (self->db, error))
        return NULL;
      if (!_ct_audit_append (self, CT_AUDIT_DELETE, "keyslots", dropped, 0,
                             "drop keyslot not in team chain", FALSE, error))
        {
          ct_store_rollback (self->db);
          return NULL;
        }
      if (!ct_store_commit (self->db, error))
        return NULL;
    }

  next = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (next, CT_KEY_SIZE);
  for (guint i = 0; i < slots->len; i++)
    ct_slot_seal_key (&g_array_index (slots, CtSlot, i), next, TRUE);
  if (_ct_session_write_header (self, error))
    return next;
  ct_secure_free (next);
  return NULL;
}

/* The last step, once the database opens with @next: the header keeps
 * only the new key. */
static gboolean
promote_next_key (CtSession    *self,
                  const guint8 *next,
                  GError      **error)
{
  ct_header_promote_next_key (self->header);
  _ct_session_set_db_key (self, next);
  if (!_ct_session_write_header (self, error))
    return FALSE;
  self->rekey_pending = FALSE;
  return TRUE;
}

/* Rotates K_db (member removal), crash-safe at every step: the new key is
 * first sealed beside the current one in every slot, then the database is
 * rekeyed in one transaction, then the header keeps only the new key. An
 * interrupted rotation is finished by the next unlock. Without the room
 * for it, nothing is written (CT_ERROR_DISK_FULL). */
gboolean
_ct_session_rotate_key (CtSession *self,
                        GError   **error)
{
  guint8 *next = NULL;
  gboolean ok = FALSE;

  /* SQLCipher 3.4.1 reports success for a rekey that skipped a damaged
   * page, so the database is checked before and read back after. */
  if (!check_space_for_rekey (self, error) || !ct_store_quick_check (self->db, error))
    return FALSE;

  next = seal_next_key (self, error);
  if (next == NULL || !ct_store_rekey (self->db, next, error))
    goto out;
  if (!ct_store_verify_key (self->path, next, error))
    {
      undo_failed_rekey (self, error);
      goto out;
    }
  ok = promote_next_key (self, next, error);

out:
  ct_secure_free (next);
  return ok;
}

typedef struct
{
  char     *path;
  guint8   *key;        /* K_db now; secure memory */
  guint8   *next;       /* the new K_db; secure memory */
  gboolean  unchanged;  /* the rekey failed and the file opens as before */
} Rekey;

static void
rekey_free (Rekey *rekey)
{
  g_free (rekey->path);
  ct_secure_free (rekey->key);
  ct_secure_free (rekey->next);
  g_free (rekey);
}

/* Works on the file through a connection of its own: the session's
 * connection stays with the main thread and is replaced when this is done
 * (_ct_session_rotate_key_finish()). */
static void
rekey_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Rekey *rekey = task_data;
  GError *error = NULL;
  sqlite3 *db = ct_store_open (rekey->path, rekey->key, &error);
  gboolean ok;

  /* As in _ct_session_rotate_key(): checked before, read back after. */
  ok = db != NULL && ct_store_quick_check (db, &error) && ct_store_rekey (db, rekey->next, &error);
  ct_store_close (db);
  if (ok && !ct_store_verify_key (rekey->path, rekey->next, &error))
    {
      ok = FALSE;
      rekey->unchanged = ct_store_verify_key (rekey->path, rekey->key, NULL);
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * _ct_session_rotate_key_async:
 *
 * _ct_session_rotate_key() with the re-encryption of every page in a
 * worker. The header is written here, in the session's thread; the worker
 * checks, rekeys and reads back the database through a connection of its
 * own, with copies of the keys, and never touches the session. Until
 * _ct_session_rotate_key_finish() every read and write of the session is
 * refused (CT_ERROR_BUSY): its connection still has the old key.
 */
void
_ct_session_rotate_key_async (CtSession           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Rekey *rekey;
  guint8 *next;

  g_task_set_source_tag (task, _ct_session_rotate_key_async);
  if (!check_space_for_rekey (self, &error) || (next = seal_next_key (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rekey = g_new0 (Rekey, 1);
  rekey->path = g_strdup (self->path);
  rekey->key = ct_secure_alloc (CT_KEY_SIZE);
  memcpy (rekey->key, self->db_key, CT_KEY_SIZE);
  rekey->next = next;
  g_task_set_task_data (task, rekey, (GDestroyNotify) rekey_free);
  self->rekeying = TRUE;
  g_task_run_in_thread (task, rekey_thread);
}

/* Points the session at the re-keyed file: a new connection with the new
 * key, and the header keeps only that key. A session locked meanwhile
 * leaves that to the next unlock, which finds the database opening with
 * the new key (see repair()). */
gboolean
_ct_session_rotate_key_finish (CtSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  Rekey *rekey = g_task_get_task_data (G_TASK (result));
  sqlite3 *db;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->rekeying = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (rekey != NULL && rekey->unchanged && _ct_session_require_unlocked (self, NULL))
        set_rekey_failed (self, error);
      return FALSE;
    }

  if (!_ct_session_require_unlocked (self, error)
      || (db = ct_store_open (self->path, rekey->next, error)) == NULL)
    return FALSE;
  ct_store_close (self->db);
  self->db = db;
  return promote_next_key (self, rekey->next, error);
}

/**
 * _ct_session_record_member_keys:
 * @member_id: the member whose keys change
 * @identity: their new key pairs
 *
 * The one place where a member's new public keys (X25519 and Ed25519) are
 * recorded: a passphrase change, a reset with the recovery key, an
 * enrolment. It appends the team chain's statement of the new keys,
 * signed by the session's current identity (the member's own keys or
 * enrolment keys, or the recovery key in a recovery session), and the
 * members table follows. It runs inside the caller's transaction; a
 * caller whose transaction fails reloads the chain
 * (_ct_session_reload_chain()).
 */
gboolean
_ct_session_record_member_keys (CtSession        *self,
                                gint64            member_id,
                                const CtIdentity *identity,
                                GError          **error)
{
  CtChainMember *m = ct_chain_find_id (self->chain, member_id);
  guint8 uid[CT_MEMBER_ID_SIZE];

  if (m == NULL || m->removed)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("There is no team member with this login."));
      return FALSE;
    }
  memcpy (uid, m->uid, sizeof uid);

  return ct_chain_append_keys (self->chain, self->db, uid, identity->box_pk, identity->sign_pk,
                               _ct_session_signer_uid (self), self->identity, error)
         && ct_store_set_member_keys (self->db, member_id, identity->box_pk, identity->sign_pk,
                                      error)
         && _ct_session_sync_reseal (self, uid, identity->box_pk, error);
}

typedef struct
{
  const CtMemberRow *member;
  const CtIdentity  *identity;
  const char        *purpose;
} NewKeys;

/* The member's new keys, their category keys sealed to the new box key
 * (what this session holds is sealed at once, the rest by the next
 * session that holds it), and the log entry: one transaction. */
static gboolean
store_new_keys (CtSession *self,
                gpointer   data,
                GError   **error)
{
  NewKeys *keys = data;
  gint64 id = keys->member->id;

  return _ct_session_record_member_keys (self, id, keys->identity, error)
         && ct_store_set_enrolled (self->db, id, error)
         && ct_store_grants_drop_holder (self->db, id, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "members", id, 0, keys->purpose, FALSE,
                              error)
         && _ct_session_fulfil (self, error);
}

/**
 * _ct_session_new_credentials:
 * @member: the member whose credential changes
 * @passphrase: their new passphrase
 * @slot: (out caller-allocates): the slot for it, not yet protected
 *
 * Checks @passphrase against the rule for the member's role and makes
 * their new keys, and a slot for them that neither wraps the seed
 * (_ct_slot_protect(), which touches no session and may run in a worker)
 * nor holds K_db yet (_ct_session_store_credentials()).
 *
 * Returns: (transfer full): the new keys, or %NULL
 */
CtIdentity *
_ct_session_new_credentials (CtSession         *self,
                             const CtMemberRow *member,
                             const char        *passphrase,
                             CtSlot            *slot,
                             GError           **error)
{
  CtIdentity *identity;

  /* member comes from the verified chain, so is_admin cannot be forged. */
  if (member->is_admin && !ct_vault_validate_admin_passphrase (passphrase, error))
    return NULL;

  identity = ct_identity_new_random ();
  _ct_slot_init (slot, self->header, CT_SLOT_MEMBER, member->login, member->member_uid,
                 identity);
  return identity;
}

/**
 * _ct_session_store_credentials:
 * @identity: (transfer full): the member's new keys
 * @slot: their slot, wrapped by _ct_slot_protect()
 *
 * Step 2, in the session's thread: seals the current K_db in @slot, records
 * the new keys in one transaction and puts @slot in the header (in memory;
 * the K_db rotation writes it) in place of every slot of the member.
 */
gboolean
_ct_session_store_credentials (CtSession         *self,
                               const CtMemberRow *member,
                               CtIdentity        *identity,
                               CtSlot            *slot,
                               const char        *purpose,
                               GError           **error)
{
  g_autoptr(CtIdentity) keys_identity = identity;
  NewKeys keys = { member, identity, purpose };
  gboolean own = self->member != NULL && self->member->id == member->id;

  ct_slot_seal_key (slot, self->db_key, FALSE);
  if (!_ct_session_with_transaction (self, store_new_keys, &keys, error))
    {
      /* The chain's statement was rolled back with the rest. */
      _ct_session_reload_chain (self, NULL);
      return FALSE;
    }

  ct_header_remove_member (self->header, member->member_uid);
  g_array_append_vals (self->header->slots, slot, 1);
  if (own)
    {
      memcpy (self->member->box_pk, identity->box_pk, crypto_box_PUBLICKEYBYTES);
      memcpy (self->member->sign_pk, identity->sign_pk, crypto_sign_PUBLICKEYBYTES);
      ct_identity_free (self->identity);
      self->identity = g_steal_pointer (&keys_identity);
    }
  return TRUE;
}

/**
 * _ct_session_rotate_credentials:
 * @member: the member whose credential changes (the session's own member,
 *   or any member in a recovery session)
 * @passphrase: the member's new passphrase
 * @purpose: the log entry's purpose
 *
 * A credential change (passphrase change, reset, enrolment) as a key
 * rotation, so that nothing the old passphrase or enrolment code opens
 * still yields the team's keys (docs/file-format.md):
 *
 *  1. a fresh seed, so fresh X25519 and Ed25519 key pairs, wrapped under
 *     the new passphrase in a slot that replaces every slot of the member;
 *  2. the database records the new public keys and the category keys are
 *     sealed to them;
 *  3. K_db is rotated (_ct_session_rotate_key()): the first header write
 *     goes over the older copy, the database is rekeyed, and only then is
 *     the copy that held the old slot overwritten. From the rekey on, the
 *     old slot, in whatever copy or backup of the header it survives,
 *     unseals only a K_db the database no longer opens with.
 *
 * _ct_session_new_credentials() and _ct_session_store_credentials() are
 * steps 1 and 2, with _ct_slot_protect() (Argon2id) between them; a caller
 * that runs Argon2id and the re-key in workers (a passphrase change or
 * reset, ct-session-passphrase.c) follows them with
 * _ct_session_rotate_key_async().
 */
gboolean
_ct_session_rotate_credentials (CtSession         *self,
                                const CtMemberRow *member,
                                const char        *passphrase,
                                const char        *purpose,
                                GError           **error)
{
  g_autoptr(CtIdentity) identity = NULL;
  CtSlot slot;

  identity = _ct_session_new_credentials (self, member, passphrase, &slot, error);
  return identity != NULL
         && _ct_slot_protect (&slot, self->header, passphrase, identity, error)
         && _ct_session_store_credentials (self, member, g_steal_pointer (&identity), &slot,
                                           purpose, error)
         && _ct_session_rotate_key (self, error);
}
