/* ct-session-sync-apply.c — applying another replica's change file
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One change file of another replica, applied by the merge rules of
 * docs/sync-merge.md: the team chain it carries first, then its changes field
 * by field. A change from another laptop is checked against the verified
 * team chain, never against a row, since every member holds K_db: a file
 * that breaks a rule is refused whole and logged. Writing this replica's
 * files and the stages of a sync are ct-session-sync-folder.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-id-set-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-data-private.h"
#include "ct-session-private.h"
#include "ct-session-restrict-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#include "ct-sync-apply-private.h"

/* ---- applying ---------------------------------------------------------- */

gboolean
_ct_sync_apply_refuse (GError    **error,
                       const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

gint
_ct_sync_stamp_compare (const CtSyncStamp *a,
                        const CtSyncStamp *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  return memcmp (a->device, b->device, CT_SYNC_DEVICE_SIZE);
}

/* Whether the change being applied was made after its author had seen
 * @stamp (docs/sync-merge.md, "seen or concurrent"). */
gboolean
_ct_sync_seen_by (const Apply       *apply,
                  const CtSyncStamp *stamp)
{
  if (stamp->hlc == 0 || memcmp (stamp->device, apply->file.device, CT_SYNC_DEVICE_SIZE) == 0)
    return TRUE;
  for (guint i = 0; i < apply->file.vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (apply->file.vector, CtSyncPeer, i);

      if (memcmp (peer->device, stamp->device, CT_SYNC_DEVICE_SIZE) == 0)
        return peer->hlc >= stamp->hlc;
    }
  return FALSE;
}

/* How far ahead of this laptop's clock a stamp may be: a day, in the
 * stamp's units (milliseconds above a 16-bit counter). */
#define MAX_AHEAD (G_GUINT64_CONSTANT (24 * 60 * 60 * 1000) << CT_HLC_COUNTER_BITS)

/* A change or statement stamped more than a day ahead of this laptop's
 * clock (ct_clock) was made on a laptop whose clock is wrong: left as it
 * is, it would win every concurrent edit until the clocks pass it, and
 * every stamp made after seeing it would jump ahead too. The whole file is
 * refused, and checked again at every sync: once this clock is within a
 * day of it, it applies (docs/sync-merge.md, "Clocks"). */
gboolean
_ct_sync_check_ahead (Apply   *apply,
                      guint64  hlc,
                      GError **error)
{
  if (hlc <= ct_hlc_physical () + MAX_AHEAD)
    return TRUE;
  apply->ahead = TRUE;
  return _ct_sync_apply_refuse (error, _("it holds changes stamped more than a day ahead of "
                                         "this laptop's clock, so the clock of the laptop that "
                                         "made them is wrong; it is applied once this clock is "
                                         "within a day of them"));
}

/* A value of the categories the author's role had at the file's point of
 * the chain; a field sealed by its row's category can be checked only by
 * who holds that key (docs/sync-security.md). */
static gboolean
check_rights (CtSession          *self,
              const Apply        *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const CtChainMember *author = apply->author;

  if (change->kind == CT_SYNC_DELETE)
    {
      if (author->is_admin || author->role == CT_ROLE_REGISSEUR)
        return TRUE;
      return _ct_sync_apply_refuse (error, _("it deletes a record, which only a regisseur or a "
                                             "beheerder may do"));
    }
  for (guint i = 0; i < change->table->n_fields; i++)
    {
      const CtField *field = &change->table->fields[i];

      if (!change->changed[i] || field->by_row || field->category == CT_CATEGORY_GENERAL)
        continue;
      /* An insert carries every field, those its author left out as NULL
       * (as a local insert writes them): that writes nothing. */
      if (change->kind == CT_SYNC_INSERT && change->values[i].type == SQLITE_NULL)
        continue;
      if ((apply->rules->policy[author->role] & (1u << field->category)) == 0)
        return _ct_sync_apply_refuse (error, _("it writes a field of a category that its "
                                               "author's role may not write"));
    }
  return TRUE;
}

/* Runs a write in a savepoint: a foreign key that no longer holds (the
 * row it names was deleted) drops the change instead of failing. */
static gboolean
write_or_drop (CtSession *self,
               Apply     *apply,
               gboolean   ok,
               GError   **error)
{
  gboolean foreign_key;

  if (ok)
    return ct_store_exec (self->db, "RELEASE ct_sync_change", error);
  /* Asked before the rollback, which resets it. */
  foreign_key = sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
  sqlite3_exec (self->db, "ROLLBACK TO ct_sync_change; RELEASE ct_sync_change", NULL, NULL, NULL);
  if (foreign_key)
    {
      g_clear_error (error);
      apply->dropped++;
      return TRUE;
    }
  return FALSE;
}

/* A case number with the suffix the duplicate rule gives the case @id:
 * four base-32 characters of its id's random low bits. */
char *
_ct_sync_suffixed_number (const char *number,
                          gint64      id)
{
  /* The alphabet of the replica codes in case numbers. */
  static const char base32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char code[5];

  for (guint i = 0; i < 4; i++)
    code[i] = base32[(id >> (5 * (3 - i))) & 31];
  code[4] = '\0';
  return g_strconcat (number, "-", code, NULL);
}

/* Case numbers are unique, and two replicas can still give one twice (typed
 * by hand, or two replica codes alike). Both cases are kept: the one with
 * the higher id, the later one, gets a suffix of its id, on every replica
 * alike whichever arrives first. Sets @write to the number the arriving
 * case @id gets (NULL: as it is); renames the case already here itself
 * when that is the later one. */
gboolean
_ct_session_sync_resolve_number (CtSession          *self,
                                 const CtTable      *table,
                                 gint64              row_id,
                                 const CtStoreValue *values,
                                 const guint8       *changed,
                                 char              **write,
                                 GError            **error)
{
  int index = ct_table_get_field_index (table, "number");
  const char *number;
  g_autofree char *renamed = NULL;
  gint64 other;

  *write = NULL;
  if (strcmp (table->name, "cases") != 0 || index < 0 || !changed[index]
      || values[index].type != SQLITE_TEXT)
    return TRUE;
  number = values[index].text;
  if ((other = ct_store_sync_case_with_number (self->db, number, row_id)) == 0)
    return TRUE;
  if (row_id > other)
    {
      *write = _ct_sync_suffixed_number (number, row_id);
      return TRUE;
    }
  renamed = _ct_sync_suffixed_number (number, other);
  return ct_store_sync_case_renumber (self->db, other, renamed, error);
}

static gboolean
resolve_number (CtSession          *self,
                const CtSyncChange *change,
                char              **write,
                GError            **error)
{
  return _ct_session_sync_resolve_number (self, change->table, change->row_id, change->values,
                                          change->changed, write, error);
}

/* Whether the foreign key of @table's @column is ON DELETE SET NULL. */
static gboolean
reference_sets_null (CtSession  *self,
                     const char *table,
                     const char *column)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list (%s)", table);
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, sql, NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), column) == 0)
      return g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "SET NULL") == 0;
  return FALSE;
}

/* @change's values, with the number @number instead of its own when set;
 * the texts stay @change's. A reference ON DELETE SET NULL (an action's
 * goal) to a row that is gone here, deleted by a change concurrent with
 * this one, is written as NULL: what the delete would have made of it
 * had it come second, so every replica ends alike in either order
 * (docs/sync-merge.md, "Merge rules"). */
static CtStoreValue *
values_with_number (CtSession          *self,
                    const CtSyncChange *change,
                    const char         *number)
{
  const CtTable *table = change->table;
  CtStoreValue *values = g_memdup2 (change->values, sizeof (CtStoreValue) * table->n_fields);

  if (number != NULL)
    values[ct_table_get_field_index (table, "number")].text = number;
  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];

      if (change->changed[i] && field->type == CT_FIELD_REF && field->ref_table != NULL
          && values[i].type == SQLITE_INTEGER
          && !ct_store_row_exists (self->db, field->ref_table, values[i].integer)
          && reference_sets_null (self, table->name, field->name))
        values[i].type = SQLITE_NULL;
    }
  return values;
}

static gboolean
apply_insert (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;
  gboolean ok;

  if (ct_store_sync_is_tombstone (self->db, change->table->name, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  if (ct_store_row_exists (self->db, change->table->name, change->row_id))
    return _ct_sync_apply_refuse (error, _("it adds a record whose id this team file already has"));
  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = resolve_number (self, change, &number, &local);
  if (ok)
    {
      g_autofree CtStoreValue *values = values_with_number (self, change, number);

      ok = ct_store_row_insert (self->db, change->table, change->row_id, values, &local);
    }
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_field (CtSession          *self,
             Apply              *apply,
             const CtSyncChange *change,
             const CtSyncStamp  *stamp,
             GError            **error)
{
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;
  g_autofree CtStoreValue *values = NULL;
  gboolean ok;

  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = resolve_number (self, change, &number, &local)
       && (values = values_with_number (self, change, number)) != NULL
       && ct_store_row_update (self->db, change->table, change->row_id, values,
                               change->changed, &local)
       && ct_store_sync_stamp_put (self->db, change->table->name, change->row_id, name, stamp,
                                   &local);
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* The field is a multi-value register: drop what the change has seen,
 * keep the rest; the highest stamp is shown, the others are conflicts. */
static gboolean
apply_update (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GArray) kept = NULL;
  CtSyncStamp current, incoming;

  if (!ct_store_row_exists (self->db, table, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  incoming.hlc = change->hlc;
  memcpy (incoming.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  /* A by-row field belongs to its row's category (docs/sync-merge.md, "A
   * row's category"). */
  if (change->table->row_category >= 0 && change->table->fields[change->field].by_row)
    {
      CtSyncRowFate fate;

      if (!_ct_sync_row_fate (self, apply, change, &fate, error))
        return FALSE;
      if (fate == CT_SYNC_ROW_TAKE)
        return write_field (self, apply, change, &incoming, error);
      /* Not counted as dropped (that is a deleted record's): the author's
       * laptop counts it (_ct_sync_row_remake()). */
      if (fate == CT_SYNC_ROW_DROP)
        return TRUE;
      /* The category sealed again by a laptop that did so at every edit:
       * the same one, since the edit has seen it. */
      if ((int) change->field == change->table->row_category)
        return TRUE;
    }
  if (!ct_store_sync_stamp_get (self->db, table, change->row_id, name, &current, error)
      || (kept = ct_store_sync_conflict_stamps (self->db, table, change->row_id, name,
                                                error)) == NULL)
    return FALSE;

  for (guint i = 0; i < kept->len; i++)
    if (_ct_sync_seen_by (apply, &g_array_index (kept, CtSyncStamp, i))
        && !ct_store_sync_conflict_drop (self->db, table, change->row_id, name,
                                         &g_array_index (kept, CtSyncStamp, i), error))
      return FALSE;

  if (_ct_sync_seen_by (apply, &current))
    return write_field (self, apply, change, &incoming, error);

  apply->conflicts++;
  if (_ct_sync_stamp_compare (&incoming, &current) > 0)
    {
      CtStoreValue shown;
      gboolean ok;

      if (!ct_store_row_column_get (self->db, change->table, change->field, change->row_id,
                                    &shown, error))
        return FALSE;
      ok = ct_store_sync_conflict_add (self->db, table, change->row_id, name, &current, &shown,
                                       error);
      ct_store_value_clear (&shown);
      return ok && write_field (self, apply, change, &incoming, error);
    }
  return ct_store_sync_conflict_add (self->db, table, change->row_id, name, &incoming,
                                     &change->values[change->field], error);
}

static gboolean
apply_delete (CtSession          *self,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;

  if (ct_store_row_exists (self->db, table, change->row_id)
      && !ct_store_row_delete (self->db, change->table, change->row_id, error))
    return FALSE;
  return ct_store_sync_forget_row (self->db, table, change->row_id, error)
         && ct_store_sync_forget_orphans (self->db, error)
         && ct_store_sync_tombstone_add (self->db, table, change->row_id, error);
}

/* A goal, or an action, the change wrote: the goal's actions are looked
 * at after the file (_ct_sync_goals_follow()). */
static gboolean
note_goal (CtSession          *self,
           Apply              *apply,
           const CtSyncChange *change,
           GError            **error)
{
  if (strcmp (change->table->name, "goals") != 0 && strcmp (change->table->name, "actions") != 0)
    return TRUE;
  if (apply->goals == NULL)
    apply->goals = _ct_id_set_new ();
  return _ct_session_note_goal (self, apply->goals, change->table, change->row_id, error);
}

/* A change its author made after the removal's stamp: the reason names
 * them, when they were removed and by whom, so that whoever reads the
 * refused files sees a removal, not a forgery (docs/sync-security.md, "The rules
 * at that point"). */
static gboolean
refuse_after_removal (CtSession *self,
                      Apply     *apply,
                      GError   **error)
{
  g_autofree char *when = _ct_sync_format_minute ((gint64) ct_hlc_millis (apply->removed_hlc));
  g_autofree char *by = _ct_session_sync_removal_signer (self, apply->removed_seq);

  if (when == NULL)
    return _ct_sync_apply_refuse (error, _("its author was removed from the team before "
                                           "making these changes"));
  if (by != NULL)
    g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                 _("its author, %s, was removed from the team before making these changes "
                   "(on %s, by %s)"), apply->author->display_name, when, by);
  else
    g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                 _("its author, %s, was removed from the team before making these changes "
                   "(on %s)"), apply->author->display_name, when);
  return FALSE;
}

static gboolean
apply_changes (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Apply *apply = data;
  gsize len;
  const guint8 *p = g_bytes_get_data (apply->file.changes, &len);
  /* An empty GBytes gives NULL, and NULL + 0 is undefined. */
  const guint8 *end = p != NULL ? p + len : NULL;
  guint64 last;
  CtSyncPeer after;
  g_autofree char *purpose = NULL;
  CtSyncState state;

  /* The author is known after the chain: it sets what came before. */
  if (!_ct_sync_take_chain (self, apply, error))
    return FALSE;
  last = apply->before.hlc;
  after = apply->before;
  apply->any_purged = ct_store_sync_any_purged (self->db);

  for (guint i = 0; i < apply->file.n_changes; i++)
    {
      CtSyncChange change;
      gboolean ok;

      if (!_ct_sync_change_next (&p, end, &change, error))
        return FALSE;
      apply->rest = p;
      apply->end = end;
      /* The fields of one edit share a stamp; files only go forward. */
      if (i == 0 ? change.hlc <= last : change.hlc < last)
        ok = _ct_sync_apply_refuse (error, _("its stamps go backwards"));
      else if (!_ct_sync_check_ahead (apply, change.hlc, error))
        ok = FALSE;
      else if (change.hlc >= apply->removed_hlc)
        ok = refuse_after_removal (self, apply, error);
      else if (change.kind == CT_SYNC_LOG)
        {
          ok = _ct_audit_sync_apply (self, apply->rules, apply->file.device, change.payload,
                                     change.payload_len, change.row_id, error);
          apply->n_log++;
        }
      else if (change.kind == CT_SYNC_PURGE)
        ok = _ct_sync_apply_purge (self, apply, &change, error);
      else if (change.kind == CT_SYNC_SIGNED_PUT || change.kind == CT_SYNC_SIGNED_DROP)
        ok = _ct_sync_apply_signed (self, apply, &change, error);
      else if (!check_rights (self, apply, &change, error)
               || !_ct_sync_director_check (self, apply, &change, error))
        ok = FALSE;
      else if (change.kind == CT_SYNC_INSERT)
        {
          gint64 purged = _ct_sync_purged_household_of (self, apply, &change);

          ok = apply_insert (self, apply, &change, error)
               && _ct_sync_purge_again (self, apply, purged, error)
               && note_goal (self, apply, &change, error);
        }
      else if (change.kind == CT_SYNC_UPDATE)
        {
          gint64 purged = _ct_sync_purged_household_of (self, apply, &change);

          ok = apply_update (self, apply, &change, error)
               && _ct_sync_purge_again (self, apply, purged, error)
               && note_goal (self, apply, &change, error);
        }
      else
        {
          ok = apply_delete (self, &change, error);
          if (g_str_equal (change.table->name, "households"))
            _ct_sync_apply_touch (apply, change.row_id);
        }
      apply->max_hlc = MAX (apply->max_hlc, change.hlc);
      last = change.hlc;
      _ct_sync_change_clear (&change);
      if (!ok)
        return FALSE;
    }

  after.seq = apply->file.seq;
  after.hlc = MAX (after.hlc, apply->max_hlc);
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  state.hlc = ct_hlc_observe (state.hlc, after.hlc);
  purpose = g_strdup_printf ("apply sync changes; %u changes, file %" G_GUINT64_FORMAT
                             " by member %" G_GINT64_FORMAT, apply->file.n_changes,
                             apply->file.seq, apply->author->id);
  return ct_store_sync_peer_put (self->db, &after, apply->file.author, error)
         && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) apply->file.seq, 0,
                              purpose, FALSE, error)
         && _ct_sync_row_remake (self, apply, error)
         && _ct_sync_goals_follow (self, apply, error);
}

/* A household the file restricted or deleted: once the file is applied,
 * the sync's summary names those gone from this member's lists. */
void
_ct_sync_apply_touch (Apply *apply,
                      gint64 household)
{
  if (apply->touched == NULL)
    apply->touched = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (apply->touched, household);
}

/* Of the households @apply touched, those this member's lists no longer
 * show (CtSyncSummary's hidden): erased, or restricted where the member
 * may not see a restricted household (_ct_session_hidden_restricted()). */
static void
add_hidden (CtSession     *self,
            const Apply   *apply,
            CtSyncSummary *summary)
{
  for (guint i = 0; apply->touched != NULL && i < apply->touched->len; i++)
    {
      gint64 household = g_array_index (apply->touched, gint64, i);

      if (ct_store_row_exists (self->db, "households", household)
          && (!_ct_session_household_restricted (self, household, NULL)
              || ct_session_may_read_household_log (self, household)))
        continue;
      if (summary->hidden == NULL)
        summary->hidden = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (summary->hidden, household);
    }
}

/* Every device in the author's vector applied here at least as far. */
static ApplyResult
check_causal (CtSession         *self,
              const CtSyncFile  *file,
              const CtSyncState *state,
              GError           **error)
{
  for (guint i = 0; i < file->vector->len; i++)
    {
      const CtSyncPeer *need = &g_array_index (file->vector, CtSyncPeer, i);
      guint8 member[CT_MEMBER_ID_SIZE];
      CtSyncPeer have;

      if (memcmp (need->device, state->device, CT_SYNC_DEVICE_SIZE) == 0)
        {
          if (need->seq >= state->next_seq)
            {
              _ct_sync_apply_refuse (error,
                                     _("it claims changes of this replica that it never wrote"));
              return APPLY_REFUSED;
            }
          continue;
        }
      if (ct_store_sync_peer_get (self->db, need->device, &have, member, error) < 0)
        return APPLY_REFUSED;
      if (have.seq < need->seq)
        return APPLY_WAIT;
    }
  return APPLY_DONE;
}

static ApplyResult
refuse_result (GError    **error,
               const char *reason)
{
  _ct_sync_apply_refuse (error, reason);
  return APPLY_REFUSED;
}

/* The chain the author had must agree with ours as far as both go, and
 * reach beyond ours only with the statements it carries; or be a branch
 * of a fork that it carries or that this replica keeps (docs/sync-chain.md,
 * "Forks"), which sets @apply's branch. */
static ApplyResult
check_chain (CtSession *self,
             Apply     *apply,
             GError   **error)
{
  if (!_ct_sync_fork_classify (self, &apply->file, &apply->branch, error))
    return APPLY_REFUSED;
  return APPLY_DONE;
}

/* Whether the file was written at a point of this replica's chain, so
 * that its author's keys are the ones this chain gives them. */
static gboolean
on_this_chain (CtSession        *self,
               const CtSyncFile *file)
{
  guint8 head[CT_CHAIN_HASH_SIZE];

  return file->chain_length <= (guint64) self->chain->length
         && (file->chain_length == 0
             || (ct_chain_statement_hash (self->db, (gint64) file->chain_length - 1, head)
                 && memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) == 0));
}

/* Whether the file names a sync key version beyond the one this chain
 * had at the file's chain position: a file of changes made before its
 * author saw a removal, sealed again under the key the removal made
 * ("Sync key rotation on removal" in docs/sync-security.md), which after a fork may
 * be the other branch's key of that number. */
static gboolean
key_after_position (CtSession         *self,
                    const CtSyncState *state,
                    const CtSyncFile  *file)
{
  guint32 at = state->key_version;

  for (guint i = 0; i < self->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

      if (m->removed && (guint64) m->removed_seq >= file->chain_length && at > 1)
        at--;
    }
  return file->key_version > at;
}

static ApplyResult
apply_file (CtSession         *self,
            const CtSyncState *state,
            const guint8      *device,
            guint64            seq,
            GBytes            *bytes,
            Apply             *apply,
            GError           **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const CtChainMember *known;
  ApplyResult result;
  GPtrArray *keys;
  gboolean ok, ours;

  if (!_ct_sync_file_peek ((const guint8 *) data, len, &apply->file, error))
    return APPLY_REFUSED;
  if (memcmp (apply->file.team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    return refuse_result (error, _("it belongs to another team"));
  if (memcmp (apply->file.device, device, CT_SYNC_DEVICE_SIZE) != 0
      || apply->file.seq != seq)
    return refuse_result (error, _("its number or replica does not match its name: it was "
                                   "replayed or reordered"));
  /* Signed with a key this replica's chain names; a file from further
   * along the chain (a new member, new keys) may be signed with a key only
   * the statements it carries name, and is checked after them. */
  known = ct_chain_find_uid (self->chain, apply->file.author);
  for (guint i = 0; known != NULL && !apply->signed_ok && i < ct_chain_member_n_sign_keys (known);
       i++)
    apply->signed_ok = _ct_sync_file_verify ((const guint8 *) data, len,
                                             ct_chain_member_get_sign_key (known, i));
  if (!apply->signed_ok && on_this_chain (self, &apply->file))
    return refuse_result (error, known == NULL
                                   ? _("its author is not a member of the team")
                                   : _("its signature does not hold: it was forged or changed"));
  /* A sync key version this replica does not hold yet comes with the
   * removal that made it, in an earlier file; a removed member never
   * gets it, and their replica waits for good. */
  if ((keys = _ct_session_sync_open_keys (self, apply->file.key_version)) == NULL)
    return APPLY_WAIT;
  ours = on_this_chain (self, &apply->file);
  ok = _ct_sync_file_open_any ((const guint8 *) data, len, keys, FALSE, &apply->file, error);
  g_ptr_array_unref (keys);
  /* Sealed under another key of that number: a file of the other branch
   * of a fork, or made before a removal and sealed under the key of a
   * removal on the other branch, whose key comes with that branch's
   * statements; or the other branch's key after a resolved fork, which a
   * beheerder grants this member in a later file (docs/sync-chain.md, "When both
   * branches take rights away"). It waits for it. */
  if (!ok && (!ours || key_after_position (self, state, &apply->file)
              || ct_store_sync_key_lacks (self->db, apply->file.key_version,
                                          self->member->member_uid)))
    {
      g_clear_error (error);
      return APPLY_WAIT;
    }
  if (!ok)
    return APPLY_REFUSED;
  if ((result = check_causal (self, &apply->file, state, error)) != APPLY_DONE
      || (result = check_chain (self, apply, error)) != APPLY_DONE)
    return result;
  apply->data = (const guint8 *) data;
  apply->len = len;
  ok = _ct_session_with_transaction (self, apply_changes, apply, error);
  apply->data = NULL;
  if (apply->chain_changed)
    _ct_session_reload_chain (self, NULL);
  if (ok && apply->keys_changed)
    _ct_session_load_keys (self, NULL);
  return ok ? APPLY_DONE : APPLY_REFUSED;
}

typedef struct
{
  const guint8 *device;
  guint64       seq;
  const char   *message;
  GBytes       *bytes;    /* NULL: read again at every sync */
  gboolean      log;
} Refusal;

/* The BLAKE2b digest of a file's bytes; zeros when it was not read. */
static void
digest_file (GBytes *bytes,
             guint8 *digest)
{
  gsize len;
  const guint8 *data;

  memset (digest, 0, CT_SYNC_DIGEST_SIZE);
  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  crypto_generichash (digest, CT_SYNC_DIGEST_SIZE, data, len, NULL, 0);
}

/* A refused file is read again only when its bytes changed since: a
 * network share or a USB copy can show a file half-written, and it is
 * whole later. The same bytes are refused for good (docs/sync-security.md), but
 * for a refusal kept without a digest (stamps ahead of this clock), which
 * sets @again. */
static gboolean
refused_file_changed (CtSession    *self,
                      const guint8 *device,
                      GBytes       *bytes,
                      gboolean     *again)
{
  guint8 kept[CT_SYNC_DIGEST_SIZE], now[CT_SYNC_DIGEST_SIZE];
  static const guint8 none[CT_SYNC_DIGEST_SIZE] = { 0 };
  guint64 seq = 0;

  if (ct_store_sync_refused_get (self->db, device, &seq, kept, NULL) != 1)
    return FALSE;
  digest_file (bytes, now);
  if (sodium_memcmp (now, none, sizeof now) == 0 || sodium_memcmp (now, kept, sizeof now) == 0)
    return FALSE;
  *again = sodium_memcmp (kept, none, sizeof kept) == 0;
  /* A later refusal records the new bytes again. */
  return ct_store_sync_unrefuse (self->db, device, NULL);
}

static gboolean
record_refusal (CtSession *self,
                gpointer   data,
                GError   **error)
{
  Refusal *r = data;
  g_autofree char *device = _ct_sync_hex (r->device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *purpose = g_strdup_printf ("refuse sync change file; file %" G_GUINT64_FORMAT
                                              " of replica %s", r->seq, device);
  guint8 digest[CT_SYNC_DIGEST_SIZE];

  digest_file (r->bytes, digest);
  return ct_store_sync_refuse (self->db, r->device, r->seq, r->message, error)
         && ct_store_sync_refused_set_digest (self->db, r->device, r->seq, digest, error)
         && (!r->log || _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) r->seq, 0,
                                          purpose, TRUE, error));
}

/* Whether the file names a longer chain than this replica's, so carries
 * statements; what is unreadable is left to apply_file() to refuse. */
static gboolean
carries_chain (CtSession *self,
               GBytes    *bytes)
{
  CtSyncFile file;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean longer;

  if (!_ct_sync_file_peek (data, len, &file, NULL))
    return FALSE;
  longer = file.chain_length > (guint64) self->chain->length;
  _ct_sync_file_clear (&file);
  return longer;
}

/**
 * _ct_session_sync_apply_next:
 * @chain_only: only a file that carries statements
 *
 * Applies the device's next file if the folder held it when it was read,
 * in a transaction of its own, or refuses it.
 *
 * Returns: %TRUE when it made progress (applied or refused); %FALSE with
 *   @error unset when there is nothing to apply now
 */
gboolean
_ct_session_sync_apply_next (CtSession     *self,
                             CtSyncIo      *io,
                             const guint8  *device,
                             gboolean       chain_only,
                             CtSyncSummary *summary,
                             GError       **error)
{
  g_autofree char *dev = _ct_sync_hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) reason = NULL;
  guint8 member[CT_MEMBER_ID_SIZE];
  Apply apply = { .summary = summary, .branch = { .fork = -1 } };
  CtSyncPeer peer;
  CtSyncState state;
  ApplyResult result;
  Refusal refusal;
  GBytes *bytes;
  gboolean again = FALSE;

  if (ct_store_sync_peer_get (self->db, device, &peer, member, error) < 0
      || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  name = _ct_sync_change_file_name (peer.seq + 1);
  path = g_build_filename (io->team_dir, dev, name, NULL);
  if ((bytes = g_hash_table_lookup (io->files, path)) == NULL
      || (chain_only && !carries_chain (self, bytes)))
    return FALSE;
  if (ct_store_sync_is_refused (self->db, device)
      && !refused_file_changed (self, device, bytes, &again))
    return FALSE;

  result = apply_file (self, &state, device, peer.seq + 1, bytes, &apply, &reason);
  if (result == APPLY_DONE)
    {
      summary->applied_files++;
      summary->applied_changes += apply.file.n_changes - apply.n_log;
      summary->conflicts += apply.conflicts;
      summary->dropped += apply.dropped;
      summary->set_aside += apply.set_aside_own;
      add_hidden (self, &apply, summary);
      summary->lost_edits += apply.lost_fields + apply.lost_rows;
    }
  g_clear_pointer (&apply.touched, g_array_unref);
  _ct_sync_row_clear (&apply);
  _ct_sync_file_clear (&apply.file);
  _ct_sync_branch_clear (&apply.branch);
  g_clear_pointer (&apply.at, ct_chain_free);
  if (result != APPLY_REFUSED)
    return result == APPLY_DONE;

  g_ptr_array_add (summary->refusals,
                   g_strdup_printf (_("Refused the change file %s: %s."), path, reason->message));
  refusal.device = device;
  refusal.seq = peer.seq + 1;
  refusal.message = g_ptr_array_index (summary->refusals, summary->refusals->len - 1);
  /* Stamps ahead of this clock: refused without a digest, so read again
   * at the next sync (not this one), and logged once, not at every sync. */
  refusal.bytes = apply.ahead ? NULL : bytes;
  refusal.log = !(apply.ahead && again);
  if (!_ct_session_with_transaction (self, record_refusal, &refusal, error))
    g_clear_error (error);
  if (apply.ahead)
    g_hash_table_remove (io->files, path);
  return TRUE;
}
