/* ct-session-members.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The team's members: listing, adding with an enrolment code, removing
 * with a key rotation, and roles; passphrase changes are in
 * ct-session-passphrase.c. */

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

/* The categories whose key @member may hold: those the table has a grant
 * of, and every one the verified chain's policy gives their role (the
 * chain's too). A member holds K_db and could delete their own grant rows
 * to keep a key out of the rotation their removal or new role makes. */
static guint
held_categories (CtSession         *self,
                 const CtMemberRow *member)
{
  return ct_store_grants_of (self->db, member->id) | self->role_policy[member->role];
}

/* Every category key the member held now waits for rotation, named by
 * the removal just appended. */
static gboolean
retire_grants (CtSession         *self,
               const CtMemberRow *target,
               GError           **error)
{
  guint held = held_categories (self, target);

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if ((held & (1u << c))
        && !ct_store_pending_set (self->db, c, TRUE, self->chain->head, error))
      return FALSE;
  return ct_store_grants_drop_holder (self->db, target->id, error);
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
              && retire_grants (self, target, error)
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
      /* Role and beheerder flag as the verified chain has them: the row
       * is a cache any member can edit (docs/security.md). */
      const CtChainMember *m = self->chain != NULL ? ct_chain_find_uid (self->chain,
                                                                         row->member_uid)
                                                   : NULL;

      info->login = g_strdup (row->login);
      info->display_name = g_strdup (row->display_name);
      info->role = m != NULL ? m->role : row->role;
      info->is_admin = m != NULL ? m->is_admin : row->is_admin;
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

/**
 * _ct_session_member_of_login:
 *
 * The present member @login as the verified team chain has them: their
 * row found by the chain's member uid, with the chain's id, login,
 * display name, role and beheerder flag. A login edited in the members
 * table does not point a removal, a role change or a passphrase reset at
 * another member (docs/security.md).
 */
CtMemberRow *
_ct_session_member_of_login (CtSession   *self,
                             const char  *login,
                             GError     **error)
{
  for (guint i = 0; i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);
      CtMemberRow *row;

      if (m->removed || g_strcmp0 (m->login, login) != 0)
        continue;
      row = ct_store_get_member_by_uid (self->db, m->uid, error);
      if (row != NULL)
        {
          row->id = m->id;
          g_free (row->login);
          row->login = g_strdup (m->login);
          g_free (row->display_name);
          row->display_name = g_strdup (m->display_name);
          row->role = m->role;
          row->is_admin = m->is_admin;
        }
      return row;
    }
  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                       _("There is no team member with this login."));
  return NULL;
}

/* Whether the member @uid is the team's last beheerder, as the verified
 * team chain has it. Every member holds K_db and could set is_admin in the
 * members table, so the table decides nothing here (docs/security.md,
 * "The team chain"): the chain would refuse the statement anyway, and a
 * forged row must not refuse what the chain allows. */
static gboolean
refuse_last_admin (CtSession     *self,
                   const guint8  *uid,
                   GError       **error)
{
  const CtChainMember *target = ct_chain_find_uid (self->chain, uid);

  if (target == NULL || target->removed || !target->is_admin)
    return FALSE;
  for (guint i = 0; i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      if (m != target && !m->removed && m->is_admin)
        return FALSE;
    }
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("This is the team’s last beheerder. Make another member beheerder "
                         "first."));
  return TRUE;
}

/* Everything of a removal but the K_db rotation: the checks, the chain's
 * statement, the row, the log entry, and the member's slots. */
static gboolean
mark_member_removed (CtSession  *self,
                     const char *login,
                     GError    **error)
{
  g_autoptr(CtMemberRow) target = NULL;

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_admin (self, error))
    return FALSE;

  target = _ct_session_member_of_login (self, login, error);
  if (target == NULL)
    return FALSE;

  if (self->member != NULL && target->id == self->member->id)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("You cannot remove yourself; ask another beheerder."));
      return FALSE;
    }

  if (refuse_last_admin (self, target->member_uid, error))
    return FALSE;

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

typedef struct
{
  CtMemberRow *target;
  CtRole       role;
  gboolean     is_admin;
} RoleChange;

/* Categories the new role loses are retired for this member (and wait for
 * rotation, named by the role's statement); categories it gains are sealed
 * by fulfilment afterwards. */
static gboolean
change_role (CtSession *self,
             gpointer   data,
             GError   **error)
{
  RoleChange *change = data;
  guint held = held_categories (self, change->target);

  if (!ct_chain_append_role (self->chain, self->db, change->target->member_uid, change->role,
                             change->is_admin, _ct_session_signer_uid (self), self->identity,
                             error))
    return FALSE;
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    if ((held & (1u << c)) && !ct_session_policy_allows (self, change->role, c)
        && (!ct_store_grant_drop (self->db, change->target->id, c, error)
            || !ct_store_pending_set (self->db, c, TRUE, self->chain->head, error)))
      return FALSE;

  return ct_store_set_member_role (self->db, change->target->id, change->role, change->is_admin,
                                      error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "members", change->target->id, 0,
                              "change role", FALSE, error);
}

typedef struct
{
  char    *login;
  CtRole   role;
  gboolean is_admin;
} RoleRequest;

static void
role_request_free (gpointer data)
{
  RoleRequest *request = data;

  g_free (request->login);
  g_free (request);
}

/* A role change in one transaction: the checks, the chain's statement,
 * the grants the role loses and their categories' wait for rotation, the
 * row and the log entry (change_role()); then, as the member now has the
 * role, the rotations this session can make and the grants it can seal
 * (_ct_session_rotate_pending(), _ct_session_fulfil(): each a savepoint
 * in it). The statement and the categories' wait are what a later unlock
 * finishes from, so nothing is lost were the rotations left to it; in one
 * transaction nothing of it is half stored either. */
static gboolean
write_role (CtSession *self,
            gpointer   data,
            GError   **error)
{
  RoleRequest *request = data;
  g_autoptr(CtMemberRow) target = NULL;
  RoleChange change = { NULL, request->role, request->is_admin };

  if (!_ct_session_require_admin (self, error))
    return FALSE;

  if (request->role >= CT_N_ROLES)
    {
      ct_set_field_error (error, "members", "role", "%s",
                          _("Role: choose one of the team’s roles."));
      return FALSE;
    }

  target = _ct_session_member_of_login (self, request->login, error);
  if (target == NULL || (!request->is_admin && refuse_last_admin (self, target->member_uid, error)))
    return FALSE;

  change.target = target;
  if (!change_role (self, &change, error))
    return FALSE;

  if (self->member != NULL && self->member->id == target->id)
    {
      self->member->role = request->role;
      self->member->is_admin = request->is_admin;
    }
  return _ct_session_rotate_pending (self, error) && _ct_session_fulfil (self, error);
}

/**
 * ct_session_set_member_role:
 * @is_admin: whether the member is a beheerder
 *
 * Beheerder only; logged. Taking the beheerder flag from the last
 * beheerder is refused. Categories the member's new role may not read are
 * re-keyed by the next session that holds them; categories it gains are
 * sealed to the member by any session that holds them. All of it is one
 * transaction; when it does not commit, the session's chain, keys and
 * member are as before.
 */
gboolean
ct_session_set_member_role (CtSession  *self,
                            const char *login,
                            CtRole      role,
                            gboolean    is_admin,
                            GError    **error)
{
  RoleRequest request = { (char *) login, role, is_admin };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  return _ct_session_run_keyed (self, write_role, &request, error);
}

/**
 * ct_session_set_member_role_async:
 * @cancellable: (nullable): cancelled before the change runs, nothing is
 *   written (%G_IO_ERROR_CANCELLED)
 *
 * ct_session_set_member_role() through the session's write queue
 * (ct_session_write_async()): it runs, with its checks, once none of the
 * session's readers is inside a read transaction, and the main loop goes
 * on meanwhile. The session's chain, keys and member change only with the
 * file: when the transaction does not commit they are put back before any
 * other write or read runs. A session locked meanwhile writes nothing
 * (%CT_ERROR_LOCKED).
 */
void
ct_session_set_member_role_async (CtSession           *self,
                                  const char          *login,
                                  CtRole               role,
                                  gboolean             is_admin,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RoleRequest *request;
  GTask *task;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (login != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_set_member_role_async);
  request = g_new0 (RoleRequest, 1);
  request->login = g_strdup (login);
  request->role = role;
  request->is_admin = is_admin;
  _ct_session_write_keyed_async (self, write_role, request, role_request_free, task);
}

gboolean
ct_session_set_member_role_finish (CtSession     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_set_member_role_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
