/* ct-session-sync-director.c — who directs a case, as a change from another laptop saw it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who directs a case (`cases.regisseur`) reads its household's log and
 * adds members to it, so a change of it from another laptop, or from a
 * merged copy, keeps the hand-over rule of check_handover()
 * (ct-session-rules.c) with the file's verified author in place of this
 * session's member (docs/security.md, "Handing a case over").
 *
 * The author is judged by the director *they* saw, not by the one stored
 * here: a concurrent hand-over that arrived first must not refuse theirs,
 * or two replicas would end apart. Every replica therefore keeps each
 * director a case was given since sync was on, with the stamp of that
 * edit, as entries of sync_stamps ("director:<member>:<device>-<hlc>"),
 * and, before a write replaces a director, the one it replaces and the
 * field's conflicts under their stamps (the value every replica had
 * before the case's first stamped edit under a zero stamp), which on a
 * team that switched sync on before the directors were kept are kept
 * nowhere else. The director the author saw is the entry with the highest
 * stamp that the change has seen (docs/sync-merge.md, "seen or concurrent"):
 * causal delivery has brought every such entry here, so every replica
 * decides alike, in any order. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-session-private.h"
#include "ct-session-rules-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#include "ct-sync-apply-private.h"

#define DIRECTOR_PREFIX "director:"

/* The director with the highest stamp among those a change has seen. */
typedef struct
{
  CtSyncStamp stamp;
  gint64      member;  /* 0: none */
  gboolean    found;
} Seen;

static int
director_index (const CtTable *table,
                const guint8  *changed)
{
  int index;

  if (strcmp (table->name, "cases") != 0
      || (index = ct_table_get_field_index (table, "regisseur")) < 0
      || (changed != NULL && !changed[index]))
    return -1;
  return index;
}

static gint64
value_member (const CtStoreValue *value)
{
  return value->type == SQLITE_INTEGER ? value->integer : 0;
}

static gboolean
note (CtSession         *self,
      gint64             case_id,
      gint64             member,
      const CtSyncStamp *stamp,
      GError           **error)
{
  g_autofree char *device = _ct_sync_hex (stamp->device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *field = g_strdup_printf (DIRECTOR_PREFIX "%" G_GINT64_FORMAT ":%s-%016"
                                            G_GINT64_MODIFIER "x", member, device, stamp->hlc);

  return ct_store_sync_stamp_put (self->db, "cases", case_id, field, stamp, error);
}

/* Keeps the director @case_id shows, and each other value its field keeps
 * as a conflict, among its directors, each under the stamp of the edit
 * that gave it. */
static gboolean
keep_values (CtSession     *self,
             const CtTable *table,
             gint64         case_id,
             int            index,
             GError       **error)
{
  g_autoptr(GArray) kept = NULL;
  CtSyncStamp stamp;
  CtStoreValue value;
  gboolean ok;

  if (!ct_store_sync_stamp_get (self->db, "cases", case_id, "regisseur", &stamp, error)
      || !ct_store_row_column_get (self->db, table, (guint) index, case_id, &value, error))
    return FALSE;
  ok = note (self, case_id, value_member (&value), &stamp, error);
  ct_store_value_clear (&value);
  if (!ok || (kept = ct_store_sync_conflict_values (self->db, "cases", case_id, "regisseur",
                                                    error)) == NULL)
    return FALSE;
  for (guint i = 0; i < kept->len; i++)
    {
      const CtStoreConflict *c = &g_array_index (kept, CtStoreConflict, i);

      if (!note (self, case_id, value_member (&c->value), &c->stamp, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ct_sync_director_keep_base:
 * @changed: which fields of @table's row @row_id a write is about to change
 *
 * Before a write replaces a case's director, keeps the one it shows and
 * the field's conflicts among its directors, each under its stamp (the
 * value every replica had under a zero stamp): a change made before that
 * write, arriving later, was made seeing one of them. On a team that
 * switched sync on before the directors were kept, that is the only
 * place they are. Call it before the row is written; does nothing when
 * sync is off.
 */
gboolean
_ct_sync_director_keep_base (CtSession     *self,
                             const CtTable *table,
                             gint64         row_id,
                             const guint8  *changed,
                             GError       **error)
{
  int index = director_index (table, changed);

  if (index < 0 || row_id <= 0 || !ct_store_row_exists (self->db, "cases", row_id)
      || !ct_session_sync_is_enabled (self))
    return TRUE;
  return keep_values (self, table, row_id, index, error);
}

/**
 * _ct_sync_director_note:
 * @values: the row's columns, one per field of @table
 * @changed: which of them the edit stamped @stamp writes
 *
 * Keeps the director an edit gives a case, made here or applied from
 * another laptop, whether it is shown or kept as a conflict.
 */
gboolean
_ct_sync_director_note (CtSession          *self,
                        const CtTable      *table,
                        gint64              row_id,
                        const CtStoreValue *values,
                        const guint8       *changed,
                        const CtSyncStamp  *stamp,
                        GError            **error)
{
  int index = director_index (table, changed);

  return index < 0 || note (self, row_id, value_member (&values[index]), stamp, error);
}

static void
consider (Seen              *best,
          const Apply       *apply,
          const CtSyncStamp *stamp,
          gint64             member)
{
  if (!_ct_sync_seen_by (apply, stamp)
      || (best->found && _ct_sync_stamp_compare (stamp, &best->stamp) <= 0))
    return;
  best->stamp = *stamp;
  best->member = member;
  best->found = TRUE;
}

/* The director of @case_id that the change being applied saw: of the
 * directors kept (_ct_sync_director_keep_base() has kept the value shown
 * and its conflicts), the one with the highest stamp it has seen. */
static gboolean
director_seen (CtSession   *self,
               const Apply *apply,
               gint64       case_id,
               Seen        *best,
               GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) stamps = NULL;

  memset (best, 0, sizeof *best);
  stamps = ct_store_sync_stamps_with_prefix (self->db, "cases", case_id, DIRECTOR_PREFIX,
                                             names, error);
  if (stamps == NULL)
    return FALSE;
  for (guint i = 0; i < stamps->len; i++)
    consider (best, apply, &g_array_index (stamps, CtSyncStamp, i),
              g_ascii_strtoll (g_ptr_array_index (names, i), NULL, 10));
  return TRUE;
}

/* The chain as the change stamped @hlc was made: the file's, without the
 * statements at its end stamped after the change. A file carries every
 * statement its laptop appended since its last file, and a beheerder who
 * handed a case to a member and then gave that member another role, or
 * took their own beheerder flag away, made the change before the
 * statement. NULL: the file's own (or a branch of a fork, judged by it). */
static CtChain *
chain_at_change (CtSession   *self,
                 const Apply *apply,
                 guint64      hlc,
                 GError     **error)
{
  gint64 length = (gint64) apply->file.chain_length;

  if (apply->on_branch)
    return NULL;
  while (length > 0 && ct_store_sync_chain_hlc (self->db, length - 1) > hlc)
    length--;
  if (length == (gint64) apply->file.chain_length)
    return NULL;
  return ct_chain_load_length (self->db, self->header->team_id, length, error);
}

/* Whether the author of a change of @case_id's director stamped @hlc
 * could have made it, by @chain: a beheerder, or the director @seen they
 * saw; and whether @target may direct a case by it. */
static const char *
handover_refusal (const CtChain *chain,
                  const Apply   *apply,
                  const Seen    *seen,
                  gint64         target)
{
  const CtChainMember *author = ct_chain_find_uid (chain, apply->file.author);

  if (seen != NULL && !(author != NULL && author->is_admin && !author->removed)
      && !(seen->found && seen->member > 0 && seen->member == apply->author->id))
    return _("it hands a case over, which only the case's director or a beheerder may do");
  if (target > 0 && !_ct_session_may_direct (chain, target))
    return _("it gives a case to a director who is not a team member with the regisseur role");
  return NULL;
}

/**
 * _ct_sync_director_check:
 * @change: a change of another laptop, its author's rights to its
 *   categories checked
 *
 * A change of a case's director holds only as the author could have made
 * it on their laptop: by a beheerder, or by the director they saw, and
 * only to a present member with the regisseur role, by the chain at the
 * file's point, or at the change's if statements after it travel in the
 * same file. A new case names such a member too. What passes is kept
 * among the case's directors.
 *
 * Returns: %FALSE with @error set to the reason the file is refused
 */
gboolean
_ct_sync_director_check (CtSession          *self,
                         Apply              *apply,
                         const CtSyncChange *change,
                         GError            **error)
{
  int index = director_index (change->table, change->changed);
  g_autoptr(CtChain) before = NULL;
  const char *refusal;
  gint64 target;
  CtSyncStamp incoming;
  Seen seen;

  if (index < 0 || (change->kind != CT_SYNC_INSERT && change->kind != CT_SYNC_UPDATE))
    return TRUE;
  target = value_member (&change->values[index]);
  incoming.hlc = change->hlc;
  memcpy (incoming.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  if (change->kind == CT_SYNC_UPDATE)
    {
      /* Gone here: the change is dropped, whoever made it. */
      if (!ct_store_row_exists (self->db, "cases", change->row_id))
        return TRUE;
      if (!_ct_sync_director_keep_base (self, change->table, change->row_id, change->changed,
                                        error)
          || !director_seen (self, apply, change->row_id, &seen, error))
        return FALSE;
      if (seen.found && seen.member == target)
        return note (self, change->row_id, target, &incoming, error);
    }
  refusal = handover_refusal (apply->rules, apply, change->kind == CT_SYNC_UPDATE ? &seen : NULL,
                              target);
  if (refusal != NULL)
    {
      g_autoptr(GError) local = NULL;

      before = chain_at_change (self, apply, change->hlc, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (before == NULL
          || handover_refusal (before, apply, change->kind == CT_SYNC_UPDATE ? &seen : NULL,
                               target) != NULL)
        return _ct_sync_apply_refuse (error, refusal);
    }
  if (change->kind == CT_SYNC_INSERT
      && (ct_store_sync_is_tombstone (self->db, "cases", change->row_id)
          || ct_store_row_exists (self->db, "cases", change->row_id)))
    return TRUE;
  return note (self, change->row_id, target, &incoming, error);
}

/**
 * _ct_sync_director_may_merge:
 * @member: the merging member, by the verified chain
 * @field: the index of a field of @table that the copy has another value of
 * @ours: (nullable): this file's value, %NULL for a row only the copy has
 * @theirs: the copy's
 *
 * Whether the merge may take the copy's value of a field as far as the
 * director of a case goes: what it takes is the merging member's edit,
 * and travels as theirs, so a case's director holds only as they could
 * have set it here (check_handover()). Any other field: %TRUE.
 */
gboolean
_ct_sync_director_may_merge (CtSession           *self,
                             const CtChainMember *member,
                             const CtTable       *table,
                             guint                field,
                             const CtStoreValue  *ours,
                             const CtStoreValue  *theirs)
{
  gint64 target = value_member (theirs);

  if (director_index (table, NULL) != (int) field)
    return TRUE;
  if (ours != NULL && !member->is_admin
      && (value_member (ours) <= 0 || value_member (ours) != member->id))
    return FALSE;
  return target <= 0 || _ct_session_may_direct (self->chain, target);
}
