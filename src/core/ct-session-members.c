/* ct-session-members.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team's members: listing, adding with an enrolment code, removing
 * with a key rotation, and passphrase changes. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-sync-private.h"
#include "ct-validate-private.h"
#include "ct-vault.h"

static gboolean
commit_or_rollback (CtSession *self,
                    gboolean   ok,
                    GError   **error)
{
  if (!ok)
    {
      ct_store_rollback (self->db);
      return FALSE;
    }
  return ct_store_commit (self->db, error);
}

/* A change of the chain that did not commit leaves the session's copy
 * ahead of the file: read it again. */
static gboolean
chain_committed (CtSession *self,
                 gboolean   ok)
{
  if (!ok)
    _ct_session_reload_chain (self, NULL);
  return ok;
}

static gboolean
append_add (CtSession         *self,
            const CtMemberRow *row,
            gint64             id,
            GError           **error)
{
  CtChainMemberInfo info = { id, row->member_uid, row->login, row->display_name, row->role,
                             row->is_admin, row->box_pk, row->sign_pk };

  return ct_chain_append_add (self->chain, self->db, &info, _ct_session_signer_uid (self),
                              self->identity, error)
         && _ct_session_sync_reseal (self, row->member_uid, row->box_pk, error);
}

/* The member, the chain's statement and the log entry are committed
 * together. */
static gboolean
insert_member (CtSession         *self,
               const CtMemberRow *row,
               GError           **error)
{
  gboolean ok = ct_store_begin (self->db, error);
  gint64 id = 0;

  if (!ok)
    return FALSE;
  ok = ct_store_insert_member (self->db, row, &id, error);
  ok = ok && append_add (self, row, id, error)
       && _ct_audit_append (self, CT_AUDIT_CREATE, "members", id, 0, "add member", FALSE, error);
  return chain_committed (self, commit_or_rollback (self, ok, error));
}

/* Every category key the member held now waits for rotation. */
static gboolean
retire_grants (CtSession *self,
               gint64     member_id,
               GError   **error)
{
  guint held = ct_store_grants_of (self->db, member_id);

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if ((held & (1u << c)) && !ct_store_pending_set (self->db, c, TRUE, error))
      return FALSE;
  return ct_store_grants_drop_holder (self->db, member_id, error);
}

static gboolean
mark_removed (CtSession         *self,
              const CtMemberRow *target,
              GError           **error)
{
  return ct_store_begin (self->db, error)
         && chain_committed (self, commit_or_rollback (
              self,
              ct_chain_append_remove (self->chain, self->db, target->member_uid,
                                      _ct_session_signer_uid (self), self->identity, error)
              && _ct_session_sync_rotate (self, error)
              && ct_store_mark_removed (self->db, target->id, error)
              && retire_grants (self, target->id, error)
              && _ct_audit_append (self, CT_AUDIT_DELETE, "members", target->id, 0,
                                   "remove member", FALSE, error),
              error));
}

void
ct_member_info_free (CtMemberInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->login);
  g_free (info->display_name);
  g_free (info);
}

static GPtrArray *
list_members (CtSession *self,
              gboolean   include_removed,
              GError   **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *members;

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  rows = ct_store_list_members (self->db, include_removed, error);
  if (rows == NULL)
    return NULL;

  members = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_member_info_free);
  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);
      CtMemberInfo *info = g_new0 (CtMemberInfo, 1);

      info->login = g_strdup (row->login);
      info->display_name = g_strdup (row->display_name);
      info->role = row->role;
      info->is_admin = row->is_admin;
      info->enrolled = row->enrolled;
      info->id = row->id;
      g_ptr_array_add (members, info);
    }
  return members;
}

/**
 * ct_session_list_members:
 *
 * Returns: (transfer full) (element-type CtMemberInfo): the team's current
 *   members, sorted by name
 */
GPtrArray *
ct_session_list_members (CtSession *self,
                         GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return list_members (self, FALSE, error);
}

/**
 * ct_session_list_all_members:
 *
 * Removed members too: a record made by someone who has left the team
 * still names them ("decided by", "co-signed by").
 *
 * Returns: (transfer full) (element-type CtMemberInfo): every member the
 *   team ever had, sorted by name
 */
GPtrArray *
ct_session_list_all_members (CtSession *self,
                             GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return list_members (self, TRUE, error);
}

void
_ct_slot_init (CtSlot           *slot,
               CtHeader         *header,
               CtSlotKind        kind,
               const char       *login,
               const guint8     *member_uid,
               const CtIdentity *identity)
{
  memset (slot, 0, sizeof *slot);
  slot->kind = kind;
  if (login != NULL)
    ct_header_slot_id (header, login, slot->slot_id);
  if (member_uid != NULL)
    memcpy (slot->member_id, member_uid, CT_MEMBER_ID_SIZE);
  memcpy (slot->box_pk, identity->box_pk, sizeof slot->box_pk);
  memcpy (slot->sign_pk, identity->sign_pk, sizeof slot->sign_pk);
}

/* Wraps the identity's seed under a passphrase or enrolment code with
 * Argon2id at the product's cost. */
gboolean
_ct_slot_protect (CtSlot           *slot,
                  CtHeader         *header,
                  const char       *secret,
                  const CtIdentity *identity,
                  GError          **error)
{
  guint8 *kek = ct_secure_alloc (CT_KEY_SIZE);
  gboolean ok;

  ct_kdf_default_params (&slot->kdf);
  randombytes_buf (slot->salt, sizeof slot->salt);
  ok = ct_kdf_derive (secret, slot->salt, &slot->kdf, kek);
  if (ok)
    ct_slot_wrap_seed (slot, header, kek, identity->seed);
  else
    g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                         _("There is not enough memory to protect the passphrase."));

  ct_secure_free (kek);
  return ok;
}

/* Puts @slot in the header in place of any slot with the same login. */
static void
replace_slot (CtHeader     *header,
              const CtSlot *slot)
{
  CtSlot *existing = ct_header_find_slot (header, slot->slot_id);

  if (existing != NULL)
    *existing = *slot;
  else
    g_array_append_vals (header->slots, slot, 1);
}

/* A member being added: made in the session's thread, its seed wrapped
 * under the enrolment code (Argon2id) in a worker, written in the
 * session's thread again. */
typedef struct
{
  CtMemberRow  row;
  CtIdentity  *identity;
  CtSlot       slot;
  CtHeader     header;  /* only team_id: what the slot's wrap binds */
  CtSecret    *code;
  CtSyncEnrolKey *enrol;  /* with a sync folder: the enrolment file's key */
} NewMember;

static void
new_member_free (NewMember *member)
{
  g_free (member->row.login);
  g_free (member->row.display_name);
  ct_identity_free (member->identity);
  ct_secret_free (member->code);
  _ct_sync_enrol_key_free (member->enrol);
  sodium_memzero (&member->slot, sizeof member->slot);
  g_free (member);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewMember, new_member_free)

static gboolean
check_new_member (CtSession  *self,
                  const char *login,
                  const char *display_name,
                  CtRole      role,
                  GError    **error)
{
  g_autoptr(CtMemberRow) existing = NULL;

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_admin (self, error)
      || !ct_vault_validate_login (login, error)
      || !_ct_validate_text ("members", "display_name", _("Name"), display_name,
                             CT_DISPLAY_NAME_MAX, error))
    return FALSE;

  if (role >= CT_N_ROLES)
    {
      ct_set_field_error (error, "members", "role", "%s",
                          _("Role: choose one of the team’s roles."));
      return FALSE;
    }

  existing = ct_store_get_member_by_login (self->db, login, NULL);
  if (existing != NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("Login: this login is already taken by a team member."));
      return FALSE;
    }
  return TRUE;
}

/* The new member's keys are made now, so the team's keys can be sealed to
 * them at once; their seed waits in an enrolment slot until they choose a
 * passphrase with the code. */
static NewMember *
new_member (CtSession  *self,
            const char *login,
            const char *display_name,
            CtRole      role,
            gboolean    is_admin)
{
  NewMember *member = g_new0 (NewMember, 1);
  guint8 code_bytes[CT_ENROLMENT_SIZE];

  member->identity = ct_identity_new_random ();
  randombytes_buf (code_bytes, CT_ENROLMENT_SIZE);
  member->code = ct_code_format (code_bytes, CT_ENROLMENT_SIZE);
  sodium_memzero (code_bytes, CT_ENROLMENT_SIZE);

  randombytes_buf (member->row.member_uid, sizeof member->row.member_uid);
  member->row.login = g_strdup (login);
  member->row.display_name = g_strdup (display_name);
  member->row.role = role;
  member->row.is_admin = is_admin;
  memcpy (member->row.box_pk, member->identity->box_pk, sizeof member->row.box_pk);
  memcpy (member->row.sign_pk, member->identity->sign_pk, sizeof member->row.sign_pk);

  _ct_slot_init (&member->slot, self->header, CT_SLOT_ENROL, login, member->row.member_uid,
                 member->identity);
  memcpy (member->header.team_id, self->header->team_id, sizeof member->header.team_id);
  member->enrol = _ct_session_sync_enrol_key_new (self);
  return member;
}

/* Argon2id at the product's cost: the slow part, and touches no session. */
static gboolean
protect_new_member (NewMember *member,
                    GError   **error)
{
  return _ct_slot_protect (&member->slot, &member->header, member->code, member->identity, error)
         && (member->enrol == NULL || _ct_sync_enrol_key_derive (member->enrol, member->code,
                                                                  error));
}

/* Returns the enrolment code, taken from @member. */
static CtSecret *
write_new_member (CtSession *self,
                  NewMember *member,
                  GError   **error)
{
  /* K_db now: it may have been rotated while the seed was wrapped. */
  ct_slot_seal_key (&member->slot, self->db_key, FALSE);

  /* The database first: a crash before the header leaves a member who
   * cannot enrol, never a slot without a member. */
  if (!insert_member (self, &member->row, error))
    return NULL;

  replace_slot (self->header, &member->slot);
  if (!_ct_session_write_header (self, error))
    {
      ct_header_remove_member (self->header, member->row.member_uid);
      return NULL;
    }

  /* Seals the keys this session holds to the new member; the rest follow
   * when a member holding them unlocks. A failure here leaves a pending
   * grant, not a broken member. */
  _ct_session_fulfil (self, NULL);

  /* The member is added whether or not the folder takes the file; they
   * can still be given a copy of the team file. */
  if (member->enrol != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (!_ct_session_sync_write_enrolment (self, member->enrol, &member->row, member->identity,
                                             member->code, &local))
        g_message ("No enrolment file in the sync folder: %s", local->message);
    }
  return g_steal_pointer (&member->code);
}

/**
 * ct_session_add_member:
 *
 * Adds a member (beheerder only). The new member's keys are made now, so
 * the team's keys can be sealed to them at once; their seed waits in an
 * enrolment slot until they choose a passphrase with the code.
 *
 * Returns: (transfer full): the one-time enrolment code, in secure memory
 *   (free with ct_secret_free())
 */
char *
ct_session_add_member (CtSession  *self,
                       const char *login,
                       const char *display_name,
                       CtRole      role,
                       gboolean    is_admin,
                       GError    **error)
{
  g_autoptr(NewMember) member = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!check_new_member (self, login, display_name, role, error))
    return NULL;

  member = new_member (self, login, display_name, role, is_admin);
  if (!protect_new_member (member, error))
    return NULL;
  return write_new_member (self, member, error);
}

static void
protect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (protect_new_member (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ct_session_add_member_async:
 *
 * ct_session_add_member() with its Argon2id in a worker. The arguments are
 * checked and the member's keys made here; the worker wraps the seed under
 * the enrolment code and touches no session; ct_session_add_member_finish()
 * checks again and writes the member, in the session's thread. Nothing is
 * written when the task is cancelled or the session locked meanwhile.
 */
void
ct_session_add_member_async (CtSession           *self,
                             const char          *login,
                             const char          *display_name,
                             CtRole               role,
                             gboolean             is_admin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_add_member_async);
  if (!check_new_member (self, login, display_name, role, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, new_member (self, login, display_name, role, is_admin),
                        (GDestroyNotify) new_member_free);
  g_task_run_in_thread (task, protect_thread);
}

/**
 * ct_session_add_member_finish:
 *
 * Returns: (transfer full): the one-time enrolment code, in secure memory
 *   (free with ct_secret_free()), or %NULL
 */
char *
ct_session_add_member_finish (CtSession     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  NewMember *member;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_add_member_async,
                        NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  member = g_task_get_task_data (G_TASK (result));
  if (!check_new_member (self, member->row.login, member->row.display_name, member->row.role,
                         error))
    return NULL;
  return write_new_member (self, member, error);
}

static guint
count_admins (GPtrArray  *rows,
              const char *except_login)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberRow *row = g_ptr_array_index (rows, i);

      if (row->is_admin && g_strcmp0 (row->login, except_login) != 0)
        n++;
    }
  return n;
}

/* Everything of a removal but the K_db rotation: the checks, the chain's
 * statement, the row, the log entry, and the member's slots. */
static gboolean
mark_member_removed (CtSession  *self,
                     const char *login,
                     GError    **error)
{
  g_autoptr(CtMemberRow) target = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_admin (self, error))
    return FALSE;

  target = ct_store_get_member_by_login (self->db, login, error);
  rows = ct_store_list_members (self->db, FALSE, error);
  if (target == NULL || rows == NULL)
    return FALSE;

  if (self->member != NULL && target->id == self->member->id)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("You cannot remove yourself; ask another beheerder."));
      return FALSE;
    }

  if (target->is_admin && count_admins (rows, login) == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This is the team’s last beheerder. Make another member beheerder "
                             "first."));
      return FALSE;
    }

  /* Recorded first, so a crash at any later step is finished by the
   * next unlock (see repair()). */
  if (!mark_removed (self, target, error))
    return FALSE;

  ct_header_remove_member (self->header, target->member_uid);
  return TRUE;
}

/**
 * ct_session_remove_member:
 *
 * Removes a member (beheerder only) and rotates K_db with PRAGMA rekey, so
 * that nothing the removed member held opens the file afterwards. Removing
 * the last beheerder is refused.
 */
gboolean
ct_session_remove_member (CtSession  *self,
                          const char *login,
                          GError    **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  return mark_member_removed (self, login, error)
         && _ct_session_rotate_key (self, error) && _ct_session_rotate_pending (self, error);
}

static void
remove_rekeyed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CtSession *self = CT_SESSION (source);
  GError *error = NULL;

  if (_ct_session_rotate_key_finish (self, result, &error)
      && _ct_session_rotate_pending (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ct_session_remove_member_async:
 *
 * ct_session_remove_member() with the re-encryption of the database in a
 * worker (_ct_session_rotate_key_async()). The member is marked removed
 * and their slots dropped here, before this returns; the session refuses
 * other writes until the rotation is done. The category keys they held
 * are rotated in the session's thread when it is. Cancelling does not
 * undo the removal: the session is left as after the call without it.
 */
void
ct_session_remove_member_async (CtSession           *self,
                                const char          *login,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (login != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_remove_member_async);
  if (!mark_member_removed (self, login, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Not cancellable: once the worker rekeys the file, the session must
   * follow it to the new key. */
  _ct_session_rotate_key_async (self, NULL, remove_rekeyed_cb, g_steal_pointer (&task));
}

gboolean
ct_session_remove_member_finish (CtSession     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_remove_member_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

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

  return ct_store_get_member_by_login (self->db, login, error);
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


typedef struct
{
  CtMemberRow *target;
  CtRole       role;
  gboolean     is_admin;
} RoleChange;

/* Categories the new role loses are retired for this member (and wait for
 * rotation); categories it gains are sealed by fulfilment afterwards. */
static gboolean
change_role (CtSession *self,
             gpointer   data,
             GError   **error)
{
  RoleChange *change = data;
  guint held = ct_store_grants_of (self->db, change->target->id);

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if ((held & (1u << c)) && !ct_session_policy_allows (self, change->role, c)
        && (!ct_store_grant_drop (self->db, change->target->id, c, error)
            || !ct_store_pending_set (self->db, c, TRUE, error)))
      return FALSE;

  return ct_chain_append_role (self->chain, self->db, change->target->member_uid, change->role,
                               change->is_admin, _ct_session_signer_uid (self), self->identity,
                               error)
         && ct_store_set_member_role (self->db, change->target->id, change->role, change->is_admin,
                                      error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "members", change->target->id, 0,
                              "change role", FALSE, error);
}

/**
 * ct_session_set_member_role:
 * @is_admin: whether the member is a beheerder
 *
 * Beheerder only; logged. Taking the beheerder flag from the last
 * beheerder is refused. Categories the member's new role may not read are
 * re-keyed by the next session that holds them; categories it gains are
 * sealed to the member by any session that holds them.
 */
gboolean
ct_session_set_member_role (CtSession  *self,
                            const char *login,
                            CtRole      role,
                            gboolean    is_admin,
                            GError    **error)
{
  g_autoptr(CtMemberRow) target = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  RoleChange change = { NULL, role, is_admin };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_admin (self, error))
    return FALSE;

  if (role >= CT_N_ROLES)
    {
      ct_set_field_error (error, "members", "role", "%s",
                          _("Role: choose one of the team’s roles."));
      return FALSE;
    }

  target = ct_store_get_member_by_login (self->db, login, error);
  rows = ct_store_list_members (self->db, FALSE, error);
  if (target == NULL || rows == NULL)
    return FALSE;

  if (target->is_admin && !is_admin && count_admins (rows, login) == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This is the team’s last beheerder. Make another member beheerder "
                             "first."));
      return FALSE;
    }

  change.target = target;
  if (!chain_committed (self, _ct_session_with_transaction (self, change_role, &change, error)))
    return FALSE;

  if (self->member != NULL && self->member->id == target->id)
    {
      self->member->role = role;
      self->member->is_admin = is_admin;
    }
  return _ct_session_rotate_pending (self, error) && _ct_session_fulfil (self, error);
}
