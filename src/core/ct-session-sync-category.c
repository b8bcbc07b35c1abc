/* ct-session-sync-category.c — a row's category merges as one register
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of a table with a row category keeps its by-row fields sealed
 * under that category's key (docs/categories.md). Merged field by field,
 * two laptops that change the category at once, or one that changes it
 * while another edits a by-row field, would leave the row's fields
 * sealed under two categories. So the category and the by-row fields are
 * one register (docs/sync-merge.md, "A row's category"): a category change
 * writes them all with one stamp, the higher of two concurrent ones takes
 * the whole row, and a by-row edit counts only within the category it was
 * made under. An edit that cannot be kept is made again by its author's
 * replica, under the row's category, or kept there as it was, for its
 * author to make again (sync_unkept, docs/sync-merge.md, "Edits not
 * kept"), counted and logged. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-record-private.h"
#include "ct-session-data-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"

#include "ct-sync-apply-private.h"

/* An own edit to make again: the row as it was before the category
 * change took it, which of its by-row fields were this replica's, and
 * the entries of sync_unkept that keep their values as they were, until
 * the edit is made again. */
typedef struct
{
  CtRecord *before;
  guint8   *fields;
  GArray   *unkept;
} Remake;

static void
remake_free (Remake *remake)
{
  ct_record_unref (remake->before);
  g_free (remake->fields);
  g_array_unref (remake->unkept);
  g_free (remake);
}

/* Keeps the value the row's @field holds now, which this laptop wrote and
 * a change is about to take, in sync_unkept; @id is its entry, 0 when
 * the field is empty. */
static gboolean
keep_column (CtSession      *self,
             const CtTable  *table,
             gint64          row_id,
             const CtField  *field,
             CtUnkeptReason  reason,
             gint64         *id,
             GError        **error)
{
  CtSyncStamp stamp;

  return ct_store_sync_stamp_get (self->db, table->name, row_id, field->name, &stamp, error)
         && ct_store_unkept_put_column (self->db, table, row_id, field, stamp.hlc, reason, id,
                                        error);
}

/* Whether the edit that starts at @change (the update changes after it
 * in the file that share its table, row and stamp) writes row_category
 * and every by-row field: a change of the row's category. An edit that
 * writes row_category with only some by-row fields (a file of a laptop
 * that sealed the category again at every edit) changed none. */
static int
changes_category (const Apply        *apply,
                  const CtSyncChange *change,
                  GError            **error)
{
  const CtTable *table = change->table;
  g_autofree guint8 *written = g_new0 (guint8, table->n_fields);
  const guint8 *p = apply->rest;

  written[change->field] = TRUE;
  while (p != NULL && p < apply->end)
    {
      CtSyncChange next;
      gboolean same;

      if (!_ct_sync_change_next (&p, apply->end, &next, error))
        return -1;
      same = next.kind == CT_SYNC_UPDATE && next.table == table && next.row_id == change->row_id
             && next.hlc == change->hlc;
      if (same)
        written[next.field] = TRUE;
      _ct_sync_change_clear (&next);
      if (!same)
        break;
    }
  for (guint i = 0; i < table->n_fields; i++)
    if (table->fields[i].by_row && !written[i])
      return 0;
  return 1;
}

static gboolean
is_own (const Apply       *apply,
        const CtSyncStamp *stamp)
{
  return stamp->hlc != 0 && memcmp (stamp->device, apply->own, CT_SYNC_DEVICE_SIZE) == 0;
}

/**
 * _ct_sync_row_keep:
 * @fields: (transfer full): which by-row fields of the row are this
 *   laptop's own edits that a category change is about to take
 * @remakes: (inout): where the edits to make again go, made when needed
 * @lost: counts the edits that cannot be made again
 *
 * Reads the row as this member, before the change seals it again, so that
 * _ct_sync_row_remake_all() can make the edits again after it; a value the
 * member may no longer read (their role's categories changed) is not
 * theirs to make again, and is counted in @lost. Each value is kept as it
 * was in sync_unkept (docs/sync-merge.md, "Edits not kept") until it is
 * made again; one that cannot be stays there for its author.
 */
gboolean
_ct_sync_row_keep (CtSession     *self,
                   const CtTable *table,
                   gint64         row_id,
                   guint8        *fields,
                   GPtrArray    **remakes,
                   guint         *lost,
                   GError       **error)
{
  g_autofree guint8 *owned = fields;
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) unkept = g_array_new (FALSE, FALSE, sizeof (gint64));
  CtRecord *before = ct_session_get (self, table->name, row_id, &local);
  Remake *remake;

  if (before == NULL && local->domain != CT_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  for (guint i = 0; i < table->n_fields; i++)
    {
      gint64 id;

      if (!owned[i])
        continue;
      if (!keep_column (self, table, row_id, &table->fields[i], CT_UNKEPT_CATEGORY, &id, error))
        {
          g_clear_pointer (&before, ct_record_unref);
          return FALSE;
        }
      if (before == NULL || ct_record_is_restricted (before, table->fields[i].name))
        {
          owned[i] = FALSE;
          (*lost)++;
        }
      else if (id != 0)
        g_array_append_val (unkept, id);
    }
  if (before == NULL)
    return TRUE;
  remake = g_new0 (Remake, 1);
  remake->before = before;
  remake->fields = g_steal_pointer (&owned);
  remake->unkept = g_steal_pointer (&unkept);
  if (*remakes == NULL)
    *remakes = g_ptr_array_new_with_free_func ((GDestroyNotify) remake_free);
  g_ptr_array_add (*remakes, remake);
  return TRUE;
}

/**
 * _ct_sync_row_drop_conflicts:
 *
 * Drops every conflict of a by-row field of the row: a value kept beside
 * it was sealed under the category the row had, and a change of category
 * took the whole row.
 */
gboolean
_ct_sync_row_drop_conflicts (CtSession     *self,
                             const CtTable *table,
                             gint64         row_id,
                             GError       **error)
{
  for (guint i = 0; i < table->n_fields; i++)
    if (table->fields[i].by_row
        && !ct_store_sync_conflict_drop (self->db, table->name, row_id, table->fields[i].name,
                                         NULL, error))
      return FALSE;
  return TRUE;
}

/* This replica's own values of the row that the arriving category change
 * has not seen: its edits of by-row fields, made again after the change
 * (_ct_sync_row_remake()), and its own category change, which lost, and
 * its own values kept as conflicts: those two are kept as they were in
 * sync_unkept (docs/sync-merge.md, "Edits not kept"). */
static gboolean
keep_own (CtSession          *self,
          Apply              *apply,
          const CtSyncChange *change,
          const CtSyncStamp  *epoch,
          GError            **error)
{
  const CtTable *table = change->table;
  g_autofree guint8 *fields = g_new0 (guint8, table->n_fields);
  gboolean any = FALSE;

  gboolean lost_change = is_own (apply, epoch) && !_ct_sync_seen_by (apply, epoch);

  if (lost_change)
    apply->lost_rows++;
  /* The category this laptop gave the row, sealed under itself: the
   * by-row fields of the change follow below. */
  if (lost_change && !keep_column (self, table, change->row_id,
                                   &table->fields[table->row_category], CT_UNKEPT_LOST, NULL,
                                   error))
    return FALSE;
  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      g_autoptr(GArray) kept = NULL;
      CtSyncStamp stamp;

      if (!field->by_row || (int) i == table->row_category)
        continue;
      if (!ct_store_sync_stamp_get (self->db, table->name, change->row_id, field->name, &stamp,
                                    error)
          || (kept = ct_store_sync_conflict_values (self->db, table->name, change->row_id,
                                                    field->name, error)) == NULL)
        return FALSE;
      /* A value kept as a conflict is not shown (it is sealed under the
       * row's category); this laptop's own one goes with the row, and is
       * kept for its author. */
      for (guint k = 0; k < kept->len; k++)
        {
          const CtStoreConflict *conflict = &g_array_index (kept, CtStoreConflict, k);

          if (!is_own (apply, &conflict->stamp) || _ct_sync_seen_by (apply, &conflict->stamp))
            continue;
          apply->lost_fields++;
          if (!ct_store_unkept_put (self->db, table->name, change->row_id, field->name,
                                    &conflict->value, conflict->stamp.hlc, CT_UNKEPT_CONFLICT,
                                    NULL, error))
            return FALSE;
        }
      /* This laptop's own change of category, which lost: its values. */
      if (lost_change && stamp.hlc == epoch->hlc && is_own (apply, &stamp)
          && !ct_store_unkept_put_column (self->db, table, change->row_id, field,
                                          stamp.hlc, CT_UNKEPT_LOST, NULL, error))
        return FALSE;
      /* Not this laptop's, seen by the change, or part of this laptop's
       * own change of category (its every by-row field has its stamp). */
      if (!is_own (apply, &stamp) || _ct_sync_seen_by (apply, &stamp)
          || (stamp.hlc == epoch->hlc && is_own (apply, epoch)))
        continue;
      fields[i] = TRUE;
      any = TRUE;
    }
  if (!any)
    return TRUE;
  return _ct_sync_row_keep (self, table, change->row_id, g_steal_pointer (&fields),
                            &apply->remakes, &apply->lost_fields, error);
}

/* The arriving category change takes the row: the values of the category
 * before it, this replica's own among them, are not kept, nor any
 * conflict of a by-row field. */
static gboolean
take_row (CtSession          *self,
          Apply              *apply,
          const CtSyncChange *change,
          const CtSyncStamp  *epoch,
          const CtSyncStamp  *incoming,
          GError            **error)
{
  const CtTable *table = change->table;
  CtSyncState state;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  memcpy (apply->own, state.device, CT_SYNC_DEVICE_SIZE);
  if (!keep_own (self, apply, change, epoch, error)
      || !_ct_sync_row_drop_conflicts (self, table, change->row_id, error))
    return FALSE;
  return ct_store_sync_stamp_put (self->db, table->name, change->row_id, CT_SYNC_CATEGORY_STAMP,
                                  incoming, error);
}

/**
 * _ct_sync_row_judge:
 * @epoch: the stamp of the row's category here (zeros: the category every
 *   replica had)
 * @incoming: the stamp of the edit that arrives
 * @changes_category: whether the edit writes row_category and every by-row
 *   field: a change of the row's category
 * @seen: whether its author had seen @epoch
 *
 * The rule of the register, for a change file and a merged copy alike: a
 * category change that has seen the row's category, or is stamped above
 * it, takes the row; a lower one that has not seen it is dropped, and so
 * is an edit of by-row fields made under a category the row no longer
 * has; other edits merge field by field.
 */
CtSyncRowFate
_ct_sync_row_judge (const CtSyncStamp *epoch,
                    const CtSyncStamp *incoming,
                    gboolean           changes_category,
                    gboolean           seen)
{
  if (!changes_category)
    return seen ? CT_SYNC_ROW_MERGE : CT_SYNC_ROW_DROP;
  if (seen || _ct_sync_stamp_compare (incoming, epoch) > 0)
    return CT_SYNC_ROW_TAKE;
  return CT_SYNC_ROW_DROP;
}

/**
 * _ct_sync_row_fate:
 * @change: an update of a field of a row with a row category, whose row
 *   is here
 *
 * What becomes of @change's by-row field (row_category among them). The
 * first change of an edit decides for the whole edit: a category change
 * that has seen the row's category, or is stamped above it, takes the row
 * (%CT_SYNC_ROW_TAKE); a lower one that has not seen it is dropped, and so
 * is an edit of by-row fields made under a category the row no longer
 * has (%CT_SYNC_ROW_DROP); other edits merge field by field
 * (%CT_SYNC_ROW_MERGE).
 */
gboolean
_ct_sync_row_fate (CtSession          *self,
                   Apply              *apply,
                   const CtSyncChange *change,
                   CtSyncRowFate      *fate,
                   GError            **error)
{
  const CtTable *table = change->table;
  CtSyncStamp epoch, incoming;
  int category;

  if (apply->row_table == table && apply->row_id == change->row_id
      && apply->row_hlc == change->hlc)
    {
      *fate = apply->row_fate;
      return TRUE;
    }
  apply->row_table = table;
  apply->row_id = change->row_id;
  apply->row_hlc = change->hlc;
  /* Its own key, not row_category's stamp: a laptop that sealed the
   * category again at every edit stamped that at every edit. */
  if (!ct_store_sync_stamp_get (self->db, table->name, change->row_id, CT_SYNC_CATEGORY_STAMP,
                                &epoch, error))
    return FALSE;
  incoming.hlc = change->hlc;
  memcpy (incoming.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  /* Called for the edit's first by-row field: the fields go in the
   * table's order, so every other by-row field of the edit follows. */
  if ((category = changes_category (apply, change, error)) < 0)
    return FALSE;
  apply->row_fate = _ct_sync_row_judge (&epoch, &incoming, category,
                                        _ct_sync_seen_by (apply, &epoch));
  if (apply->row_fate == CT_SYNC_ROW_TAKE
      && !take_row (self, apply, change, &epoch, &incoming, error))
    return FALSE;
  *fate = apply->row_fate;
  return TRUE;
}

/* The own edits of one row that a category change left out, made again
 * as an edit of this member under the row's category, and their values
 * kept in sync_unkept dropped; what cannot be made again is counted, and
 * stays there. */
static gboolean
drop_unkept (CtSession *self,
             Remake    *remake,
             GError   **error)
{
  for (guint i = 0; i < remake->unkept->len; i++)
    if (!ct_store_unkept_drop (self->db, g_array_index (remake->unkept, gint64, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
remake_row (CtSession *self,
            Remake    *remake,
            guint     *lost,
            GError   **error)
{
  const CtTable *table = remake->before->table;
  g_autoptr(GError) local = NULL;
  g_autoptr(CtRecord) now = NULL;
  guint n = 0, differ = 0;

  for (guint i = 0; i < table->n_fields; i++)
    n += remake->fields[i];
  if (!ct_store_row_exists (self->db, table->name, remake->before->id))
    return drop_unkept (self, remake, error);  /* deleted since: tombstones win */
  if ((now = ct_session_get (self, table->name, remake->before->id, &local)) != NULL)
    for (guint i = 0; i < table->n_fields; i++)
      {
        const char *value = ct_record_get (remake->before, table->fields[i].name);

        if (!remake->fields[i] || g_strcmp0 (value, ct_record_get (now, table->fields[i].name)) == 0)
          continue;
        ct_record_set (now, table->fields[i].name, value);
        differ++;
      }
  if (now != NULL && (differ == 0 || ct_session_update (self, now, &local)))
    return drop_unkept (self, remake, error);
  if (local == NULL || local->domain != CT_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *lost += n;
  return TRUE;
}

/**
 * _ct_sync_row_remake_all:
 * @remakes: (nullable): of what _ct_sync_row_keep() kept
 * @lost: counts the edits that cannot be made again
 *
 * Makes each kept edit again, as an edit of this member now (stamped after
 * the change of category, sealed under the row's category), where the
 * member may write that category.
 */
gboolean
_ct_sync_row_remake_all (CtSession *self,
                         GPtrArray *remakes,
                         guint     *lost,
                         GError   **error)
{
  for (guint i = 0; remakes != NULL && i < remakes->len; i++)
    if (!remake_row (self, g_ptr_array_index (remakes, i), lost, error))
      return FALSE;
  return TRUE;
}

/**
 * _ct_sync_row_remake:
 *
 * After a file's changes, with the clock past them: makes again this
 * replica's own by-row edits that a category change took the row from
 * (an edit of this member now, stamped after the change, sealed under the
 * row's category), where the member may write that category; counts and
 * logs what could not be kept.
 */
gboolean
_ct_sync_row_remake (CtSession *self,
                     Apply     *apply,
                     GError   **error)
{
  if (!_ct_sync_row_remake_all (self, apply->remakes, &apply->lost_fields, error))
    return FALSE;
  if (apply->lost_rows + apply->lost_fields > 0)
    {
      g_autofree char *purpose =
        g_strdup_printf ("set aside sync edits; %u edits of this laptop not kept, %u category "
                         "changes lost, file %" G_GUINT64_FORMAT " by member %" G_GINT64_FORMAT,
                         apply->lost_fields, apply->lost_rows, apply->file.seq,
                         apply->author->id);

      return _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) apply->file.seq, 0,
                               purpose, TRUE, error);
    }
  return TRUE;
}

/**
 * _ct_sync_goals_follow:
 *
 * After a file's changes and the edits made again, with the clock past
 * them: of each goal the file wrote, or whose action it wrote, whose
 * domain this replica gave it (the stamp of the goal's category is this
 * device's), the actions are moved under the category they have by
 * their goal now, as the change of domain moved them here
 * (_ct_session_goals_follow()): an action added, or given a partner type,
 * under the goal's old domain on a laptop that had not seen the move.
 * Sealed again by this member and captured as a change of the action's
 * category, stamped after what it read, it takes the action on every
 * replica (docs/sync-merge.md, "A goal and its actions at sync"). Only the
 * replica that moved the goal does it, so it is done once, by a member
 * who could seal under the goal's category; every other replica leaves
 * the actions to it. An action this member may not read stays as it is,
 * as at a change of domain.
 */
gboolean
_ct_sync_goals_follow (CtSession *self,
                       Apply     *apply,
                       GError   **error)
{
  g_autoptr(GHashTable) own = NULL;
  GHashTableIter iter;
  gpointer key;
  CtSyncState state;
  gboolean stuck = FALSE;

  if (apply->goals == NULL)
    return TRUE;
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  own = _ct_id_set_new ();
  g_hash_table_iter_init (&iter, apply->goals);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 id = *(gint64 *) key;
      CtSyncStamp epoch;

      if (!ct_store_sync_stamp_get (self->db, "goals", id, CT_SYNC_CATEGORY_STAMP, &epoch, error))
        return FALSE;
      if (epoch.hlc != 0 && memcmp (epoch.device, state.device, CT_SYNC_DEVICE_SIZE) == 0)
        _ct_id_set_add (own, id);
    }
  return _ct_session_goals_follow (self, own, &stuck, error);
}

void
_ct_sync_row_clear (Apply *apply)
{
  g_clear_pointer (&apply->remakes, g_ptr_array_unref);
  g_clear_pointer (&apply->goals, g_hash_table_unref);
}
