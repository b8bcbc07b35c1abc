/* ct-vault.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Creating team files, enrolling members, and the validation of what a
 * person types for them. Unlocking lives in ct-session-unlock.c. */

#define G_LOG_DOMAIN "ct-vault"

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-validate-private.h"
#include "ct-vault-unchecked.h"
#include "ct-vault.h"

/**
 * ct_vault_validate_login:
 *
 * A login is 1 to 64 characters of lowercase a–z, digits, '.', '_' or
 * '-', starting with a letter or digit.
 */
gboolean
ct_vault_validate_login (const char *login,
                         GError    **error)
{
  gsize len = login != NULL ? strlen (login) : 0;
  gboolean ok = len > 0 && len <= CT_LOGIN_MAX && g_ascii_isalnum (login[0]);

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_islower (login[i]) || g_ascii_isdigit (login[i]) || strchr ("._-", login[i]);

  if (!ok)
    ct_set_field_error (error, "members", "login",
                        _("Login: use 1 to %d lowercase letters, digits, dots, dashes or "
                          "underscores, starting with a letter or digit."), CT_LOGIN_MAX);
  return ok;
}

gboolean
ct_vault_validate_passphrase (const char *passphrase,
                              GError    **error)
{
  glong chars = passphrase != NULL && g_utf8_validate (passphrase, -1, NULL)
                  ? g_utf8_strlen (passphrase, -1) : -1;

  if (chars >= CT_PASSPHRASE_MIN && strlen (passphrase) <= CT_PASSPHRASE_MAX)
    return TRUE;

  ct_set_field_error (error, "members", "passphrase",
                      _("Passphrase: use at least %d characters; a few unrelated words are "
                        "easier to remember and harder to guess."), CT_PASSPHRASE_MIN);
  return FALSE;
}

/**
 * ct_vault_validate_admin_passphrase:
 *
 * A beheerder's passphrase opens the access policy, every member's
 * enrolment and the access log, so it must be more than the minimum: at
 * least %CT_ADMIN_PASSPHRASE_MIN characters, six or more different ones
 * (no "aaaaaaaaaaaa"). A length rule, not a strength estimate: it is what
 * the error can explain in one line (docs/security.md).
 */
gboolean
ct_vault_validate_admin_passphrase (const char *passphrase,
                                    GError    **error)
{
  g_autoptr(GHashTable) distinct = NULL;

  if (!ct_vault_validate_passphrase (passphrase, error))
    return FALSE;

  distinct = g_hash_table_new (NULL, NULL);
  for (const char *p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    g_hash_table_add (distinct, GUINT_TO_POINTER (g_utf8_get_char (p)));

  if (g_utf8_strlen (passphrase, -1) >= CT_ADMIN_PASSPHRASE_MIN && g_hash_table_size (distinct) >= 6)
    return TRUE;

  ct_set_field_error (error, "members", "passphrase",
                      _("Passphrase: a beheerder needs at least %d characters, not all alike; "
                        "a few unrelated words are easy to remember."),
                      CT_ADMIN_PASSPHRASE_MIN);
  return FALSE;
}

/* A name as shown to the team: not empty, at most @max_chars characters,
 * no control characters. @label names the field for a person, @table and
 * @field for the code (ct_error_get_field()). */
gboolean
_ct_validate_text (const char *table,
                   const char *field,
                   const char *label,
                   const char *value,
                   gsize       max_chars,
                   GError    **error)
{
  gboolean ok = value != NULL && g_utf8_validate (value, -1, NULL);
  g_autofree char *stripped = ok ? g_strstrip (g_strdup (value)) : NULL;
  gboolean control = FALSE;

  for (const char *p = value; ok && !control && *p != '\0'; p = g_utf8_next_char (p))
    control = g_unichar_iscntrl (g_utf8_get_char (p));

  if (control)
    ct_set_field_error (error, table, field,
                        _("%s: contains a control character (such as a line break or tab), "
                          "which this field does not take; remove it."), label);
  else if (!ok || stripped[0] == '\0' || g_utf8_strlen (value, -1) > (glong) max_chars)
    ct_set_field_error (error, table, field,
                        _("%s: fill in 1 to %zu characters, without line breaks or tabs."), label,
                        max_chars);
  else
    return TRUE;
  return FALSE;
}

/* @check_passphrase is FALSE for the demo team only (see
 * _ct_vault_create_unchecked()). */
static gboolean
validate_create_info (const CtVaultCreateInfo *info,
                      gboolean                 check_passphrase,
                      GError                 **error)
{
  if (!_ct_validate_text ("team", "name", _("Team name"), info->team_name, CT_TEAM_NAME_MAX,
                          error)
      || !ct_vault_validate_login (info->login, error)
      || !_ct_validate_text ("members", "display_name", _("Your name"), info->display_name,
                             CT_DISPLAY_NAME_MAX, error)
      || (check_passphrase && !ct_vault_validate_passphrase (info->passphrase, error))
      || (check_passphrase && info->is_admin
          && !ct_vault_validate_admin_passphrase (info->passphrase, error)))
    return FALSE;

  if (info->role >= CT_N_ROLES)
    {
      ct_set_field_error (error, "members", "role", "%s",
                          _("Role: choose one of the team’s roles."));
      return FALSE;
    }

  if (!info->is_admin)
    {
      ct_set_field_error (error, "members", "is_admin", "%s",
                          _("Beheerder: the first member of a team must be its beheerder."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
found_chain (CtSession *self,
             GError   **error)
{
  CtMemberRow *m = self->member;
  CtChainMemberInfo founder = { m->id, m->member_uid, m->login, m->display_name, m->role,
                                m->is_admin, m->box_pk, m->sign_pk };
  guint policy[CT_N_ROLES];

  /* A new team starts with need-to-know per household on: a member sees
   * whole only the households they are involved in (docs/security.md).
   * Teams made before this keep the "off" their chain implies. Its team
   * settings are the chain's from the start: a settings statement that
   * sets none (docs/sync-chain.md, "Team settings"). */
  self->chain = ct_chain_new (self->header->team_id);
  return ct_store_policy_load (self->db, policy, error)
         && ct_chain_append_found (self->chain, self->db, &founder,
                                   ct_header_find_recovery (self->header), policy, m->member_uid,
                                   self->identity, error)
         && ct_chain_append_need_to_know (self->chain, self->db, TRUE, CT_CHAIN_MEETING_DAYS,
                                          m->member_uid, self->identity, error)
         && (_ct_session_settings_as_before ()
             || ct_chain_append_settings (self->chain, self->db, NULL, NULL, 0, m->member_uid,
                                          self->identity, error));
}

/* Fills the new file: both header copies, then the database with the team
 * and its first member. */
static gboolean
create_contents (CtSession               *self,
                 const CtVaultCreateInfo *info,
                 CtSecret               **recovery_key,
                 GError                 **error)
{
  g_autoptr(CtIdentity) member = ct_identity_new_random ();
  g_autoptr(CtIdentity) recovery = NULL;
  guint8 *recovery_bytes = ct_secure_alloc (CT_RECOVERY_SIZE);
  guint8 *seed = ct_secure_alloc (CT_SEED_SIZE);
  CtMemberRow row = { 0 };
  CtSlot slot;
  gboolean ok = FALSE;

  self->header = ct_header_new ();
  self->db_key = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (self->db_key, CT_KEY_SIZE);
  randombytes_buf (self->header->team_id, sizeof self->header->team_id);
  randombytes_buf (self->header->lookup_key, sizeof self->header->lookup_key);
  randombytes_buf (row.member_uid, sizeof row.member_uid);

  _ct_slot_init (&slot, self->header, CT_SLOT_MEMBER, info->login, row.member_uid, member);
  ct_slot_seal_key (&slot, self->db_key, FALSE);
  if (!_ct_slot_protect (&slot, self->header, info->passphrase, member, error))
    goto out;
  g_array_append_vals (self->header->slots, &slot, 1);

  /* The recovery identity is derived from the recovery key itself: 160
   * random bits need no stretching. */
  randombytes_buf (recovery_bytes, CT_RECOVERY_SIZE);
  crypto_generichash (seed, CT_SEED_SIZE, self->header->team_id, CT_TEAM_ID_SIZE,
                      recovery_bytes, CT_RECOVERY_SIZE);
  recovery = ct_identity_new_from_seed (seed);
  _ct_slot_init (&slot, self->header, CT_SLOT_RECOVERY, NULL, NULL, recovery);
  ct_slot_seal_key (&slot, self->db_key, FALSE);
  g_array_append_vals (self->header->slots, &slot, 1);

  if (!_ct_session_write_header (self, error) || !_ct_session_write_header (self, error))
    goto out;

  self->db = ct_store_open (self->path, self->db_key, error);
  if (self->db == NULL || !ct_store_migrate (self->db, error) || !ct_store_begin (self->db, error))
    goto out;

  row.login = (char *) info->login;
  row.display_name = (char *) info->display_name;
  row.role = info->role;
  row.is_admin = info->is_admin;
  row.enrolled = TRUE;
  memcpy (row.box_pk, member->box_pk, sizeof row.box_pk);
  memcpy (row.sign_pk, member->sign_pk, sizeof row.sign_pk);
  if (!ct_store_init_team (self->db, info->team_name, error)
      || !ct_store_insert_member (self->db, &row, NULL, error)
      || (self->member = ct_store_get_member_by_uid (self->db, row.member_uid, error)) == NULL)
    goto out;

  /* The founding member signs the team chain's founding statement and the
   * log's first entries. */
  self->identity = g_steal_pointer (&member);
  if (!found_chain (self, error)
      || !_ct_audit_append (self, CT_AUDIT_CREATE, "team", 1, 0, "create team", FALSE, error)
      || !_ct_audit_append (self, CT_AUDIT_CREATE, "team_chain", 1, 0, "found team chain", FALSE,
                            error)
      || !_ct_audit_append (self, CT_AUDIT_UPDATE, "team", 1, 0, "switch need-to-know on",
                            FALSE, error)
      || !ct_store_commit (self->db, error))
    goto out;

  *recovery_key = ct_code_format (recovery_bytes, CT_RECOVERY_SIZE);
  ok = TRUE;

out:
  ct_secure_free (recovery_bytes);
  ct_secure_free (seed);
  return ok;
}

static gboolean
create (const char               *path,
        const CtVaultCreateInfo  *info,
        gboolean                  check_passphrase,
        CtSecret                **recovery_key,
        GError                  **error)
{
  g_autoptr(CtSession) self = NULL;

  if (!validate_create_info (info, check_passphrase, error))
    return FALSE;

  self = _ct_session_open_file (path, TRUE, error);
  if (self == NULL)
    return FALSE;

  if (!create_contents (self, info, recovery_key, error))
    {
      g_autofree char *journal = g_strconcat (ct_session_get_path (self), "-journal", NULL);

      g_unlink (ct_session_get_path (self));
      ct_session_lock (self);
      g_unlink (journal);
      return FALSE;
    }

  fsync (self->fd);
  ct_session_lock (self);
  return TRUE;
}

/**
 * ct_vault_create:
 * @path: where the new team file goes; an existing file is never overwritten
 * @info: the team and its first member
 * @recovery_key: (out): the recovery key, to be shown once; free with
 *   ct_secret_free()
 *
 * Creates a team file. Nothing is left behind when this fails.
 */
gboolean
ct_vault_create (const char               *path,
                 const CtVaultCreateInfo  *info,
                 CtSecret                **recovery_key,
                 GError                  **error)
{
  g_return_val_if_fail (path != NULL && info != NULL && recovery_key != NULL, FALSE);

  return create (path, info, TRUE, recovery_key, error);
}

/**
 * _ct_vault_create_unchecked:
 *
 * For the demo team only (ct-demo.c), whose every passphrase is the
 * published "demo": ct_vault_create() without the minimum passphrase
 * length. Every other rule still holds; nothing else may call this.
 */
gboolean
_ct_vault_create_unchecked (const char              *path,
                            const CtVaultCreateInfo *info,
                            CtSecret               **recovery_key,
                            GError                 **error)
{
  g_return_val_if_fail (path != NULL && info != NULL && recovery_key != NULL, FALSE);
  g_return_val_if_fail (info->passphrase != NULL && info->passphrase[0] != '\0', FALSE);

  return create (path, info, FALSE, recovery_key, error);
}

typedef struct
{
  char              *path;
  CtVaultCreateInfo  info;
  CtSecret          *recovery_key;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  g_free ((char *) data->info.team_name);
  g_free ((char *) data->info.login);
  g_free ((char *) data->info.display_name);
  ct_secret_free ((CtSecret *) data->info.passphrase);
  ct_secret_free (data->recovery_key);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;

  if (ct_vault_create (data->path, &data->info, &data->recovery_key, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ct_vault_create_async (const char              *path,
                       const CtVaultCreateInfo *info,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CreateData *data = g_new0 (CreateData, 1);

  data->path = g_strdup (path);
  data->info = *info;
  data->info.team_name = g_strdup (info->team_name);
  data->info.login = g_strdup (info->login);
  data->info.display_name = g_strdup (info->display_name);
  data->info.passphrase = ct_secret_new_string (info->passphrase != NULL ? info->passphrase : "");
  g_task_set_source_tag (task, ct_vault_create_async);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

gboolean
ct_vault_create_finish (GAsyncResult  *result,
                        CtSecret     **recovery_key,
                        GError       **error)
{
  CreateData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  *recovery_key = g_steal_pointer (&data->recovery_key);
  return TRUE;
}

static gboolean
enrol (const char *path,
       const char *login,
       const char *enrolment_code,
       const char *new_passphrase,
       GError    **error)
{
  g_autoptr(CtSession) self = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  CtSlot *slot;

  self = _ct_session_unlock_slot (path, login, enrolment_code, TRUE, error);
  if (self == NULL)
    return FALSE;

  ct_header_slot_id (self->header, login, slot_id);
  slot = ct_header_find_slot (self->header, slot_id);
  if (slot == NULL || slot->kind != CT_SLOT_ENROL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("This member has already chosen a passphrase."));
      return FALSE;
    }

  /* Fresh keys that only the member knows (whoever saw the code could
   * derive the enrolment seed), and a K_db rotation after which the
   * enrolment slot, in any copy of the header, opens nothing. */
  return _ct_session_rotate_credentials (self, self->member, new_passphrase, "enrol", error);
}

/**
 * ct_vault_enrol:
 * @login: the new member's login
 * @enrolment_code: the one-time code the beheerder passed on
 * @new_passphrase: the passphrase the member chooses
 *
 * Replaces the enrolment slot with the member's own slot and new keys, and
 * rotates K_db. The code opens nothing afterwards, also not in an older
 * copy of the header.
 */
gboolean
ct_vault_enrol (const char *path,
                const char *login,
                const char *enrolment_code,
                const char *new_passphrase,
                GError    **error)
{
  g_return_val_if_fail (path != NULL && login != NULL && enrolment_code != NULL, FALSE);

  return ct_vault_validate_passphrase (new_passphrase, error)
         && enrol (path, login, enrolment_code, new_passphrase, error);
}

typedef struct
{
  CtEnrolFunc  func;
  char        *folder;
  char        *path;
  char        *login;
  CtSecret    *code;
  CtSecret    *passphrase;
} EnrolData;

static void
enrol_data_free (EnrolData *data)
{
  g_free (data->folder);
  g_free (data->path);
  g_free (data->login);
  ct_secret_free (data->code);
  ct_secret_free (data->passphrase);
  g_free (data);
}

static void
enrol_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EnrolData *data = task_data;
  GError *error = NULL;

  if (data->func (data->folder, data->path, data->login, data->code, data->passphrase, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * _ct_enrol_run_in_thread:
 * @task: (transfer full): the caller's task, its source tag set
 * @folder: (nullable): passed on to @func
 *
 * Runs @func, which enrols a member with a one-time code and sets their
 * new passphrase (ct_vault_enrol(), ct_sync_join()), in a worker thread:
 * it runs Argon2id more than once and opens no session the caller keeps.
 * The code and the passphrase are copied into wiped memory at once, so the
 * caller may clear its entries when this returns.
 */
void
_ct_enrol_run_in_thread (GTask       *task,
                         CtEnrolFunc  func,
                         const char  *folder,
                         const char  *path,
                         const char  *login,
                         const char  *code,
                         const char  *passphrase)
{
  EnrolData *data = g_new0 (EnrolData, 1);

  data->func = func;
  data->folder = g_strdup (folder);
  data->path = g_strdup (path);
  data->login = g_strdup (login);
  data->code = ct_secret_new_string (code);
  data->passphrase = ct_secret_new_string (passphrase);
  g_task_set_task_data (task, data, (GDestroyNotify) enrol_data_free);
  g_task_run_in_thread (task, enrol_thread);
  g_object_unref (task);
}

static gboolean
enrol_in_file (const char *folder,
               const char *path,
               const char *login,
               const char *enrolment_code,
               const char *new_passphrase,
               GError    **error)
{
  return ct_vault_enrol (path, login, enrolment_code, new_passphrase, error);
}

/**
 * ct_vault_enrol_async:
 *
 * ct_vault_enrol() in a worker thread: it runs Argon2id twice (check the
 * code, protect the new passphrase) and opens no session the caller keeps.
 * The code and the passphrase are copied into wiped memory at once, so the
 * caller may clear its entries when this returns.
 */
void
ct_vault_enrol_async (const char          *path,
                      const char          *login,
                      const char          *enrolment_code,
                      const char          *new_passphrase,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (path != NULL && login != NULL && enrolment_code != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_vault_enrol_async);
  _ct_enrol_run_in_thread (task, enrol_in_file, NULL, path, login, enrolment_code,
                           new_passphrase != NULL ? new_passphrase : "");
}

gboolean
ct_vault_enrol_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_vault_enrol_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * _ct_vault_enrol_unchecked:
 *
 * For the demo team only (ct-demo.c): ct_vault_enrol() without the
 * minimum passphrase length, so every demo member's passphrase can be the
 * published "demo". Nothing else may call this.
 */
gboolean
_ct_vault_enrol_unchecked (const char *path,
                           const char *login,
                           const char *enrolment_code,
                           const char *new_passphrase,
                           GError    **error)
{
  g_return_val_if_fail (path != NULL && login != NULL && enrolment_code != NULL, FALSE);
  g_return_val_if_fail (new_passphrase != NULL && new_passphrase[0] != '\0', FALSE);

  return enrol (path, login, enrolment_code, new_passphrase, error);
}
