/* ct-session-repair.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The way back from a team chain that fails its checks
 * (docs/security.md): with the recovery key, the chain is cut back to
 * the statements that verify, the members and policy tables are written
 * again from it, every category key sealed to someone it does not entitle
 * is dropped and the category rotated, keyslots that belong to no member
 * of it are dropped, and K_db is rotated. Logged, signed by the recovery
 * key. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

#define REPAIR_PURPOSE "repair team chain"

void
ct_chain_repair_clear (CtChainRepair *repair)
{
  g_clear_pointer (&repair->reset_logins, g_strfreev);
  memset (repair, 0, sizeof *repair);
}

/* Every grant of a category key to someone the chain does not entitle to
 * it, or to a member whose row said other keys than the chain: dropped,
 * and the category waits for rotation, for its key may have been read. */
static gint
drop_grants (CtSession *self,
             GArray    *changed,
             GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT holder, category FROM key_grants "
                                                       "WHERE holder <> 0", error);
  g_autoptr(GArray) holders = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (CtCategory));
  int rc;

  if (stmt == NULL)
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 holder = sqlite3_column_int64 (stmt, 0);
      CtCategory c = ct_category_from_string ((const char *) sqlite3_column_text (stmt, 1));
      CtChainMember *m = ct_chain_find_id (self->chain, holder);

      if (c != CT_CATEGORY_INVALID && m != NULL && !m->removed
          && (self->chain->policy[m->role] & (1u << c)) != 0
          && !_ct_ids_contain (changed, holder))
        continue;
      if (c == CT_CATEGORY_INVALID)
        c = CT_CATEGORY_GENERAL;  /* an unknown name: dropped, nothing to rotate */
      g_array_append_val (holders, holder);
      g_array_append_val (categories, c);
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error) ? 0 : -1;

  for (guint i = 0; i < holders->len; i++)
    {
      CtCategory c = g_array_index (categories, CtCategory, i);

      if (!ct_store_grant_drop (self->db, g_array_index (holders, gint64, i), c, error)
          || (c < CT_CATEGORY_GENERAL
              && !ct_store_pending_set (self->db, c, TRUE, self->chain->head, error)))
        return -1;
    }
  if (!ct_store_exec (self->db, "DELETE FROM key_grants WHERE holder <> 0 AND holder NOT IN "
                                "(SELECT id FROM members WHERE removed_at IS NULL)", error))
    return -1;
  return (gint) (holders->len + sqlite3_changes (self->db));
}

static gboolean
repair (CtSession     *self,
        gpointer       data,
        GError       **error)
{
  CtChainRepair *result = data;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 dropped;
  gint rows, grants, anchors;

  dropped = ct_chain_truncate (self->chain, self->db, error);
  if (dropped < 0
      || (rows = ct_chain_restore_tables (self->chain, self->db, changed, error)) < 0
      || (grants = drop_grants (self, changed, error)) < 0
      || (anchors = _ct_audit_drop_broken_anchors (self, error)) < 0
      || !_ct_audit_append (self, CT_AUDIT_UPDATE, "team_chain", self->chain->length, 0,
                            REPAIR_PURPOSE, FALSE, error))
    return FALSE;

  result->statements_dropped = dropped;
  result->rows_restored = (guint) rows;
  result->grants_dropped = (guint) grants;
  result->anchors_dropped = (guint) anchors;
  return TRUE;
}

/* The present members whose keyslot holds keys the chain does not give
 * them: they need a passphrase reset once their slot is dropped. */
static GStrv
logins_to_reset (CtSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GArray *slots = self->header->slots;

  for (guint i = 0; i < slots->len; i++)
    {
      CtSlot *slot = &g_array_index (slots, CtSlot, i);
      CtChainMember *m;

      if (slot->kind == CT_SLOT_RECOVERY || ct_chain_slot_is_valid (self->chain, slot))
        continue;
      m = ct_chain_find_uid (self->chain, slot->member_id);
      if (m != NULL && !m->removed)
        g_strv_builder_add (builder, m->login);
    }
  return g_strv_builder_end (builder);
}

static guint
count_foreign_slots (CtSession *self)
{
  GArray *slots = self->header->slots;
  guint n = 0;

  for (guint i = 0; i < slots->len; i++)
    if (!ct_chain_slot_is_valid (self->chain, &g_array_index (slots, CtSlot, i)))
      n++;
  return n;
}

/**
 * ct_session_repair_chain:
 * @repair: (out caller-allocates): what was done; clear it with
 *   ct_chain_repair_clear()
 *
 * Recovery only, on a session from ct_session_unlock_for_repair(): makes
 * the file consistent with the part of its team chain that verifies.
 * Statements from the first bad one on are deleted (a change that came
 * after it is lost and must be made again), the members and policy tables
 * are written from the chain, category keys sealed to anyone the chain
 * does not entitle are dropped and those categories rotated, log anchors
 * that name the deleted statements are deleted, keyslots of no member of
 * the chain are dropped and K_db is rotated. The log records it. A file
 * whose founding statement fails cannot be repaired: only a backup helps.
 */
gboolean
ct_session_repair_chain (CtSession     *self,
                         CtChainRepair *repair_out,
                         GError       **error)
{
  g_autoptr(GError) problem = NULL;
  CtChain *chain;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (repair_out != NULL, FALSE);

  memset (repair_out, 0, sizeof *repair_out);
  if (self->db == NULL)
    return _ct_session_require_unlocked (self, error);

  if (!self->recovery)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Repairing the team chain needs the team’s recovery key."));
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_READ_ONLY,
                           _("The team file is read-only; the repair needs to write it."));
      return FALSE;
    }
  if (!ct_session_check_file (self, error))
    return FALSE;

  chain = ct_chain_load_prefix (self->db, self->header->team_id, &problem, error);
  if (chain == NULL)
    return FALSE;
  if (chain->length == 0)
    {
      ct_chain_free (chain);
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("The founding statement of the team chain is missing or damaged, "
                             "so nothing in the file says who the members are. Only a backup "
                             "helps."));
      return FALSE;
    }

  g_clear_pointer (&self->chain, ct_chain_free);
  self->chain = chain;
  repair_out->first_bad = problem != NULL ? chain->length : -1;
  repair_out->statements_kept = chain->length;

  if (!_ct_session_with_transaction (self, repair, repair_out, error))
    {
      g_clear_pointer (&self->chain, ct_chain_free);
      self->damaged = TRUE;
      return FALSE;
    }

  self->damaged = FALSE;
  memcpy (self->role_policy, self->chain->policy, sizeof self->role_policy);

  /* K_db is rotated in any case: whoever planted a slot held it. */
  repair_out->reset_logins = logins_to_reset (self);
  repair_out->slots_dropped = count_foreign_slots (self);
  if (!_ct_session_rotate_key (self, error))
    return FALSE;

  /* The file must now pass what every unlock checks, and the categories
   * whose key reached someone it should not are rotated. */
  return ct_chain_check_tables (self->chain, self->db, error)
         && _ct_audit_check_chain_anchors (self, error) && _ct_session_setup_keys (self, error);
}

/**
 * _ct_session_check_restore:
 *
 * At an unlock that restores a backup, in place of the device anchor's
 * check: an older copy is put back only by a beheerder of its chain, and
 * only on a file that can be written, since the restore is logged.
 */
gboolean
_ct_session_check_restore (CtSession *self,
                           GError   **error)
{
  CtChainMember *m;

  if (!_ct_audit_device_anchor_gap (self, &self->gap.device_entry,
                                    &self->gap.device_statements))
    return TRUE;

  m = ct_chain_find_uid (self->chain, self->member->member_uid);
  if (m == NULL || m->removed || !m->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may put back an older copy of the team file."));
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_READ_ONLY,
                           _("The team file is read-only; putting back an older copy is logged "
                             "in it, so it must be writable."));
      return FALSE;
    }

  self->gap.older = TRUE;
  self->gap.file_entry = _ct_audit_last_entry_id (self);
  self->gap.file_statements = self->chain->length;
  return TRUE;
}

static gboolean
log_restore (CtSession *self,
             gpointer   data,
             GError   **error)
{
  g_autofree char *purpose =
    g_strdup_printf ("restore older copy; this device saw entry %" G_GINT64_FORMAT " and %"
                     G_GINT64_FORMAT " chain statements, the copy holds entry %" G_GINT64_FORMAT
                     " and %" G_GINT64_FORMAT, self->gap.device_entry,
                     self->gap.device_statements, self->gap.file_entry,
                     self->gap.file_statements);

  return _ct_audit_append (self, CT_AUDIT_UPDATE, "team_file", 0, 0, purpose, FALSE, error);
}

/**
 * _ct_session_log_restore:
 *
 * Logs the restore of an older copy; the entry moves this member's
 * anchor row, which the unlock then copies to the device.
 */
gboolean
_ct_session_log_restore (CtSession *self,
                         GError   **error)
{
  g_message ("Putting back an older copy: the device saw entry %" G_GINT64_FORMAT
             " and %" G_GINT64_FORMAT " chain statements", self->gap.device_entry,
             self->gap.device_statements);
  return _ct_session_with_transaction (self, log_restore, NULL, error);
}
