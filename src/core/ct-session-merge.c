/* ct-session-merge.c — merging a copy of the same team file into this one
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A copy of a team file that lived its own life (a USB copy, a file put
 * straight into a synced folder and split into a "conflict copy") is
 * merged into this file row by row and field by field, so that nothing
 * either side wrote is lost: a row only the copy has is added, a field
 * both changed keeps one value shown and the other as a sync conflict, a
 * row the copy deleted under sync is deleted here too. A row's category
 * and its by-row fields merge as one register, by the sync's rule
 * (ct-session-sync-category.c). Values travel as the ciphertext they are,
 * so the member who merges never needs to read them; the categories the
 * member's role (from the verified chain) may not write are left out and
 * counted. The rules are in docs/sync-merge.md ("Merging a copy"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-id-set-private.h"
#include "ct-session-data-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-merge-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#include "ct-sync-apply-private.h"

typedef struct
{
  CtSession           *other;
  const CtChainMember *member;
  CtMergeSummary      *summary;
  const CtMergePlan   *plan;  /* NULL: every row */
  GPtrArray           *remakes; /* this file's by-row edits to make again */
  GPtrArray           *kept;    /* the losing side's other values (CtMergeLost) */
  GHashTable          *goals;   /* whose actions must follow them */
} Merge;

/* An order of two values of a field that every file agrees on, for two
 * changes with the same stamp (below). */
static int
compare_value (const CtStoreValue *a,
               const CtStoreValue *b)
{
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  switch (a->type)
    {
    case SQLITE_INTEGER:
      return a->integer == b->integer ? 0 : a->integer < b->integer ? -1 : 1;
    case SQLITE_TEXT:
      return strcmp (a->text, b->text);
    case SQLITE_BLOB:
      return g_bytes_compare (a->blob, b->blob);
    default:
      return 0;
    }
}

static gboolean
same_value (const CtStoreValue *a,
            const CtStoreValue *b)
{
  return compare_value (a, b) == 0;
}

/* Whether their change of a field (@theirs, stamped @their_stamp) comes
 * after ours. A file and its conflict copy stamp with the same device
 * (docs/sync-merge.md, "Merging a copy"), so an edit on each in the same
 * millisecond gives two values one stamp; their values then decide, so
 * that the same one holds whichever way the two are merged. */
static gboolean
theirs_later (const CtSyncStamp  *their_stamp,
              const CtStoreValue *theirs,
              const CtSyncStamp  *our_stamp,
              const CtStoreValue *ours)
{
  int order = _ct_sync_stamp_compare (their_stamp, our_stamp);

  return order > 0 || (order == 0 && compare_value (theirs, ours) > 0);
}

/* Whether the member may write @field with a value: as for a change from
 * another laptop, a field sealed by its row's category is bound to its
 * row and checked by who holds that key. */
static gboolean
may_write (CtSession           *self,
           const CtChainMember *member,
           const CtField       *field)
{
  if (field->by_row || field->category == CT_CATEGORY_GENERAL)
    return TRUE;
  return (self->role_policy[member->role] & (1u << field->category)) != 0;
}

/* The ids @stmt (of @db) gives in its first column; with @table, only
 * those of rows @ours still holds in it. */
GArray *
_ct_session_merge_step_ids (sqlite3      *db,
                            sqlite3_stmt *stmt,
                            sqlite3      *ours,
                            const char   *table,
                            GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (table == NULL || ct_store_row_exists (ours, table, id))
        g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static GArray *
row_ids (sqlite3       *db,
         const CtTable *table,
         GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);

  return stmt != NULL ? _ct_session_merge_step_ids (db, stmt, NULL, NULL, error) : NULL;
}

static void
clear_values (CtStoreValue *values,
              guint         n)
{
  for (guint i = 0; i < n; i++)
    ct_store_value_clear (&values[i]);
  g_free (values);
}

static CtStoreValue *
read_row (sqlite3       *db,
          const CtTable *table,
          gint64         id,
          GError       **error)
{
  CtStoreValue *values = g_new0 (CtStoreValue, table->n_fields);

  if (!ct_store_row_get_all (db, table, id, values, error))
    {
      clear_values (values, table->n_fields);
      return NULL;
    }
  return values;
}

/* A row only the copy has: added whole, unless it holds a value the
 * member may not write, or its parent is gone here. */
static gboolean
add_row (CtSession     *self,
         Merge         *merge,
         const CtTable *table,
         gint64         id,
         GError       **error)
{
  CtStoreValue *values = read_row (merge->other->db, table, id, error);
  g_autofree guint8 *changed = g_new0 (guint8, table->n_fields);
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;
  gboolean ok;

  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < table->n_fields; i++)
    {
      changed[i] = TRUE;
      if ((values[i].type != SQLITE_NULL && !may_write (self, merge->member, &table->fields[i]))
          || !_ct_sync_director_may_merge (self, merge->member, table, i, NULL, &values[i]))
        {
          merge->summary->restricted++;
          clear_values (values, table->n_fields);
          return TRUE;
        }
    }
  ok = ct_store_exec (self->db, "SAVEPOINT ct_merge_row", error);
  /* A case number both gave: both kept, the later suffixed, as at sync. */
  if (ok && _ct_session_sync_resolve_number (self, table, id, values, changed, &number, &local)
      && number != NULL)
    {
      int index = ct_table_get_field_index (table, "number");

      g_free ((char *) values[index].text);
      values[index].text = g_steal_pointer (&number);
    }
  if (ok && local == NULL && ct_store_row_insert (self->db, table, id, values, &local))
    ok = _ct_session_sync_capture (self, CT_SYNC_INSERT, table, id, values, changed, error)
         && ct_store_exec (self->db, "RELEASE ct_merge_row", error);
  else if (ok)
    {
      /* Its household or case was deleted here: the delete wins. */
      gboolean foreign_key = sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY;

      sqlite3_exec (self->db, "ROLLBACK TO ct_merge_row; RELEASE ct_merge_row", NULL, NULL,
                    NULL);
      if (foreign_key)
        merge->summary->dropped++;
      else
        g_propagate_error (error, g_steal_pointer (&local));
      ok = foreign_key;
    }
  if (ok && local == NULL)
    merge->summary->added++;
  clear_values (values, table->n_fields);
  return ok;
}

/* A stamp for a value that has none (the copy was not synced): now, of no
 * device, so that it shows when it was merged and is never taken as one
 * every replica has seen. */
static void
stamp_or_now (CtSyncStamp *stamp)
{
  if (stamp->hlc == 0)
    stamp->hlc = ct_hlc_physical ();
}

/* A case number taken by another case here: the later one suffixed; the
 * new text (in @number) replaces the one in @values. */
static gboolean
renumber (CtSession     *self,
          const CtTable *table,
          gint64         id,
          CtStoreValue  *values,
          const guint8  *changed,
          char         **number,
          GError       **error)
{
  if (!_ct_session_sync_resolve_number (self, table, id, values, changed, number, error))
    return FALSE;
  if (*number != NULL)
    values[ct_table_get_field_index (table, "number")].text = *number;
  return TRUE;
}

/* Whether ours is their case number with the suffix the duplicate rule
 * gave it here (the copy's case was the later of two with one number,
 * docs/sync-merge.md): the same number, renamed alike on every replica, so no
 * conflict. A second merge of the copy would otherwise keep the number
 * from before the rename as one. */
static gboolean
suffixed_here (CtSession          *self,
               const CtTable      *table,
               gint64              id,
               guint               i,
               const CtStoreValue *ours,
               const CtStoreValue *theirs)
{
  g_autofree char *renamed = NULL;
  gint64 other;

  if (strcmp (table->name, "cases") != 0 || strcmp (table->fields[i].name, "number") != 0
      || ours->type != SQLITE_TEXT || theirs->type != SQLITE_TEXT)
    return FALSE;
  other = ct_store_sync_case_with_number (self->db, theirs->text, id);
  if (other == 0 || id < other)
    return FALSE;
  renamed = _ct_sync_suffixed_number (theirs->text, id);
  return strcmp (renamed, ours->text) == 0;
}

/* Keeps @value as a conflict of the field and counts it, unless the field
 * keeps it already: merging the same copy again (or a copy whose value
 * arrived here by sync too) neither stores nor counts it a second time. A
 * value without a stamp gets the time of the merge as one, so the stamp
 * alone would not tell the second merge from the first. */
static gboolean
keep_conflict (CtSession          *self,
               Merge              *merge,
               const CtTable      *table,
               gint64              id,
               const char         *name,
               const CtSyncStamp  *stamp,
               const CtStoreValue *value,
               GError            **error)
{
  int kept = ct_store_sync_conflict_has_value (self->db, table->name, id, name, value, error);

  if (kept < 0)
    return FALSE;
  if (kept == 1)
    return TRUE;
  if (!ct_store_sync_conflict_add (self->db, table->name, id, name, stamp, value, error))
    return FALSE;
  merge->summary->conflicts++;
  return TRUE;
}

/* One field both have, with different values: the later stamp is shown
 * (this file's when neither has one), the other kept as a conflict. */
static gboolean
merge_field (CtSession     *self,
             Merge         *merge,
             const CtTable *table,
             gint64         id,
             guint          i,
             CtStoreValue  *theirs,
             GError       **error)
{
  const char *name = table->fields[i].name;
  CtStoreValue ours;
  CtSyncStamp our_stamp, their_stamp;
  g_autofree guint8 *changed = NULL;
  g_autofree CtStoreValue *values = NULL;
  g_autofree char *number = NULL;
  gboolean ok;

  if (!ct_store_row_column_get (self->db, table, i, id, &ours, error))
    return FALSE;
  if (same_value (&ours, theirs) || suffixed_here (self, table, id, i, &ours, theirs))
    {
      ct_store_value_clear (&ours);
      return TRUE;
    }
  if (!may_write (self, merge->member, &table->fields[i])
      || !_ct_sync_director_may_merge (self, merge->member, table, i, &ours, theirs))
    {
      merge->summary->restricted++;
      ct_store_value_clear (&ours);
      return TRUE;
    }
  ok = ct_store_sync_stamp_get (self->db, table->name, id, name, &our_stamp, error)
       && ct_store_sync_stamp_get (merge->other->db, table->name, id, name, &their_stamp, error);
  /* A value without a stamp is one both had before sync was on: an edit
   * on either side has seen it, so that edit simply wins. */
  if (ok && our_stamp.hlc == 0 && their_stamp.hlc != 0)
    {
      changed = g_new0 (guint8, table->n_fields);
      changed[i] = TRUE;
      values = g_new0 (CtStoreValue, table->n_fields);
      values[i] = *theirs;
      ok = renumber (self, table, id, values, changed, &number, error)
           && _ct_sync_director_keep_base (self, table, id, changed, error)
           && ct_store_row_update (self->db, table, id, values, changed, error)
           && _ct_session_sync_capture (self, CT_SYNC_UPDATE, table, id, values, changed, error);
      merge->summary->taken++;
      ct_store_value_clear (&ours);
      return ok;
    }
  if (ok && their_stamp.hlc == 0 && our_stamp.hlc != 0)
    {
      ct_store_value_clear (&ours);
      return TRUE;
    }
  if (ok && theirs_later (&their_stamp, theirs, &our_stamp, &ours))
    {
      /* Theirs is later: it is written as an edit here (and travels, when
       * this file syncs), and ours is kept as the conflict. */
      changed = g_new0 (guint8, table->n_fields);
      changed[i] = TRUE;
      stamp_or_now (&our_stamp);
      values = g_new0 (CtStoreValue, table->n_fields);
      values[i] = *theirs;
      ok = renumber (self, table, id, values, changed, &number, error)
           && _ct_sync_director_keep_base (self, table, id, changed, error)
           && ct_store_row_update (self->db, table, id, values, changed, error)
           && _ct_session_sync_capture (self, CT_SYNC_UPDATE, table, id, values, changed, error)
           && keep_conflict (self, merge, table, id, name, &our_stamp, &ours, error);
      merge->summary->taken++;
    }
  else if (ok)
    {
      stamp_or_now (&their_stamp);
      ok = keep_conflict (self, merge, table, id, name, &their_stamp, theirs, error);
    }
  ct_store_value_clear (&ours);
  return ok;
}

/* The by-row fields of one side whose value differs from the other's and
 * whose stamp is above @winner, the stamp of the change of category that
 * takes the row: that change cannot have seen them. */
static guint8 *
edits_after (sqlite3            *db,
             const CtTable      *table,
             gint64              id,
             const CtStoreValue *ours,
             const CtStoreValue *theirs,
             const CtSyncStamp  *winner,
             guint              *n,
             GError            **error)
{
  g_autofree guint8 *fields = g_new0 (guint8, table->n_fields);

  *n = 0;
  for (guint i = 0; i < table->n_fields; i++)
    {
      CtSyncStamp stamp;

      if (!table->fields[i].by_row || (int) i == table->row_category
          || same_value (&ours[i], &theirs[i]))
        continue;
      if (!ct_store_sync_stamp_get (db, table->name, id, table->fields[i].name, &stamp, error))
        return NULL;
      if (_ct_sync_stamp_compare (&stamp, winner) > 0)
        {
          fields[i] = TRUE;
          (*n)++;
        }
    }
  return g_steal_pointer (&fields);
}

/* A row whose category follows a field (an organisation's type, a goal's
 * domain): its category and by-row fields are one register, as at sync
 * (docs/sync-merge.md, "A row's category" and "Merging a copy"), judged by
 * _ct_sync_row_judge(). With the same category from the same change on
 * both sides they merge field by field (*@by_field); otherwise the later
 * change of category takes the whole row, and the other side's by-row
 * values, sealed under another category or in the clear, are kept
 * nowhere: this file's edits that the copy's change cannot have seen are
 * made again after it (_ct_sync_row_keep()), the copy's are counted. */
static gboolean
merge_register (CtSession          *self,
                Merge              *merge,
                const CtTable      *table,
                gint64              id,
                const CtStoreValue *ours,
                const CtStoreValue *theirs,
                gboolean           *by_field,
                GError            **error)
{
  int rc = table->row_category;
  g_autofree guint8 *fields = NULL;
  g_autofree guint8 *changed = NULL;
  g_autofree CtStoreValue *values = NULL;
  CtSyncStamp epoch, incoming;
  gboolean differ = FALSE;
  CtSyncRowFate fate;
  guint n;

  *by_field = TRUE;
  for (guint i = 0; i < table->n_fields; i++)
    differ |= table->fields[i].by_row && !same_value (&ours[i], &theirs[i]);
  if (!differ)
    return TRUE;
  if (!ct_store_sync_stamp_get (self->db, table->name, id, CT_SYNC_CATEGORY_STAMP, &epoch, error)
      || !ct_store_sync_stamp_get (merge->other->db, table->name, id, CT_SYNC_CATEGORY_STAMP,
                                   &incoming, error))
    return FALSE;
  if (_ct_sync_stamp_compare (&epoch, &incoming) == 0 && same_value (&ours[rc], &theirs[rc]))
    return TRUE;

  /* A merge cannot tell whether the copy had seen this file's category
   * (a conflict copy goes on with this file's device), so, as for a
   * field, the later stamp decides; without sync neither has one, and
   * this file's category holds, as its values are shown. */
  if (_ct_sync_stamp_compare (&epoch, &incoming) != 0)
    fate = _ct_sync_row_judge (&epoch, &incoming, TRUE, FALSE);
  else
    fate = theirs_later (&incoming, &theirs[rc], &epoch, &ours[rc]) ? CT_SYNC_ROW_TAKE
                                                                     : CT_SYNC_ROW_DROP;
  *by_field = FALSE;
  /* The copy's values, this file's change holding: opened now, made
   * again once every row is merged (_ct_merge_lost_apply()). */
  if (fate != CT_SYNC_ROW_TAKE)
    return _ct_merge_lost_collect (self, merge->other->db, self->db, TRUE, table, id, theirs,
                                   ours, NULL, &incoming, &epoch, &merge->kept,
                                   &merge->summary->unmerged, error);

  /* This file's: its edits after the copy's change made again as the
   * sync makes them (_ct_sync_row_keep()), the others kept alike. */
  fields = edits_after (self->db, table, id, ours, theirs, &incoming, &n, error);
  if (fields == NULL
      || !_ct_merge_lost_collect (self, self->db, merge->other->db, FALSE, table, id, ours,
                                  theirs, fields, &epoch, &incoming, &merge->kept,
                                  &merge->summary->lost, error)
      || (n > 0 && !_ct_sync_row_keep (self, table, id, g_steal_pointer (&fields),
                                       &merge->remakes, &merge->summary->lost, error)))
    return FALSE;
  changed = g_new0 (guint8, table->n_fields);
  values = g_new0 (CtStoreValue, table->n_fields);
  for (guint i = 0; i < table->n_fields; i++)
    if (table->fields[i].by_row)
      {
        changed[i] = TRUE;
        values[i] = theirs[i];
        merge->summary->taken += !same_value (&ours[i], &theirs[i]);
      }
  /* Captured as a change of category (row_category and every by-row
   * field), it takes the row on every replica at the next sync. */
  return ct_store_row_update (self->db, table, id, values, changed, error)
         && _ct_session_sync_capture (self, CT_SYNC_UPDATE, table, id, values, changed, error)
         && _ct_sync_row_drop_conflicts (self, table, id, error);
}

/* A goal's domain decides its actions' category (docs/categories.md), but
 * the goal and each action merge as registers of their own: a side's
 * later edit of an action, or an action only one side added under the
 * goal's old domain, would leave an action under another category than
 * the goal that won. So once every row is merged, the actions of each
 * goal the merge wrote are moved under the category they have by their
 * goal now, by the merging member, as a change of domain moves them
 * (_ct_session_goal_follow()). A member who cannot (a goal of a category
 * their role may not read, with an action they read) may not merge the
 * copy: another role would read that action. */
static gboolean
follow_goals (CtSession *self,
              Merge     *merge,
              GError   **error)
{
  gboolean stuck = FALSE;

  if (!_ct_session_goals_follow (self, merge->goals, &stuck, error))
    return FALSE;
  if (stuck)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("The copy changes the domain of a goal that your role may not "
                             "read, and its actions must follow it: a member whose role may "
                             "read it, such as a case director, can merge this copy."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
merge_row (CtSession     *self,
           Merge         *merge,
           const CtTable *table,
           gint64         id,
           GError       **error)
{
  CtStoreValue *theirs = read_row (merge->other->db, table, id, error);
  CtStoreValue *ours = theirs != NULL ? read_row (self->db, table, id, error) : NULL;
  gboolean ok = ours != NULL;
  gboolean by_field = TRUE;

  if (ok && table->row_category >= 0)
    ok = merge_register (self, merge, table, id, ours, theirs, &by_field, error);
  /* Most rows are the same on both sides: only a field that differs is
   * merged, reading it afresh (an earlier field's merge may renumber). */
  for (guint i = 0; ok && i < table->n_fields; i++)
    if (!same_value (&ours[i], &theirs[i]) && (by_field || !table->fields[i].by_row))
      ok = merge_field (self, merge, table, id, i, &theirs[i], error);
  if (theirs != NULL)
    clear_values (theirs, table->n_fields);
  if (ours != NULL)
    clear_values (ours, table->n_fields);
  return ok;
}

/* A row the copy deleted while sync was on (a tombstone), and this file
 * still has: deleted here too, by who may delete. */
static gboolean
merge_tombstones (CtSession     *self,
                  Merge         *merge,
                  const CtTable *table,
                  guint          t,
                  GError       **error)
{
  g_autoptr(GArray) ids = merge->plan != NULL
                            ? g_array_ref (g_ptr_array_index (merge->plan->tombstoned, t))
                            : row_ids (self->db, table, error);

  if (ids == NULL)
    return FALSE;
  for (guint r = 0; r < ids->len; r++)
    {
      gint64 id = g_array_index (ids, gint64, r);

      if (!ct_store_sync_is_tombstone (merge->other->db, table->name, id)
          || !ct_store_row_exists (self->db, table->name, id))
        continue;
      if (!merge->member->is_admin && merge->member->role != CT_ROLE_REGISSEUR)
        {
          merge->summary->restricted++;
          continue;
        }
      if (!ct_store_row_delete (self->db, table, id, error)
          || !_ct_session_sync_capture (self, CT_SYNC_DELETE, table, id, NULL, NULL, error))
        return FALSE;
      merge->summary->deleted++;
    }
  return TRUE;
}

static gboolean
merge_all (CtSession *self,
           gpointer   data,
           GError   **error)
{
  Merge *merge = data;
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);
  g_autofree char *purpose = NULL;
  g_autofree char *other_name = g_path_get_basename (merge->other->path);

  /* Parents before children: the schema lists tables in that order. */
  for (guint t = 0; t < n_tables; t++)
    {
      const CtTable *table = tables[t];
      g_autoptr(GArray) ids = merge->plan != NULL
                                ? g_array_ref (g_ptr_array_index (merge->plan->differ, t))
                                : row_ids (merge->other->db, table, error);

      if (ids == NULL)
        return FALSE;
      for (guint r = 0; r < ids->len; r++)
        {
          gint64 id = g_array_index (ids, gint64, r);
          gboolean ok;

          if (ct_store_sync_is_tombstone (self->db, table->name, id))
            {
              merge->summary->dropped++;
              continue;
            }
          if (ct_store_row_exists (self->db, table->name, id))
            ok = merge_row (self, merge, table, id, error);
          else
            ok = add_row (self, merge, table, id, error);
          if (!ok || !_ct_session_note_goal (self, merge->goals, table, id, error))
            return FALSE;
        }
    }
  for (guint t = n_tables; t > 0; t--)
    if (!merge_tombstones (self, merge, tables[t - 1], t - 1, error))
      return FALSE;
  if (!_ct_sync_row_remake_all (self, merge->remakes, &merge->summary->lost, error)
      || !_ct_merge_lost_apply (self, merge->kept, merge->summary, error)
      || !follow_goals (self, merge, error))
    return FALSE;
  if (merge->summary->lost + merge->summary->unmerged > 0)
    {
      g_autofree char *lost = g_strdup_printf ("set aside merged edits; %u edits not kept, "
                                               "since the category of their record changed; "
                                               "%u edits of the copy not merged; %s",
                                               merge->summary->lost, merge->summary->unmerged,
                                               other_name);

      if (!_ct_audit_append (self, CT_AUDIT_UPDATE, "sync", 0, 0, lost, TRUE, error))
        return FALSE;
    }

  purpose = g_strdup_printf ("merge a copy of the team file; %s: %u records added, %u fields "
                             "taken, %u conflicts, %u records deleted, %u values not merged, "
                             "%u edits made again",
                             other_name, merge->summary->added, merge->summary->taken,
                             merge->summary->conflicts, merge->summary->deleted,
                             merge->summary->restricted, merge->summary->remade);
  return _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", 0, 0, purpose, FALSE, error);
}

/* What every merge checks before it writes: a member's session, a copy of
 * this team that is not this file. */
static const CtChainMember *
check_merge (CtSession  *self,
             CtSession  *other,
             GError    **error)
{
  const CtChainMember *member;

  if (!_ct_session_begin_write (self, error) || !_ct_session_require_unlocked (other, error))
    return NULL;
  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Merging needs a member's session, not the recovery key."));
      return NULL;
    }
  if (memcmp (self->header->team_id, other->header->team_id, CT_TEAM_ID_SIZE) != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE,
                           _("The other file belongs to another team: only a copy of this "
                             "team file can be merged into it."));
      return NULL;
    }
  if (self->dev == other->dev && self->ino == other->ino)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("The other file is this team file itself."));
      return NULL;
    }
  member = ct_chain_find_uid (self->chain, self->member->member_uid);
  if (member == NULL || member->removed)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a member of the team can merge into its file."));
      return NULL;
    }
  return member;
}

/* The merge itself, in the session's thread: every row of @other, or
 * only those @plan names (ct-session-merge-copy.c). */
gboolean
_ct_session_merge_run (CtSession         *self,
                       CtSession         *other,
                       const CtMergePlan *plan,
                       CtMergeSummary    *summary,
                       GError           **error)
{
  Merge merge = { other, NULL, summary, plan, NULL, NULL, NULL };
  gboolean ok;

  memset (summary, 0, sizeof *summary);
  if ((merge.member = check_merge (self, other, error)) == NULL)
    return FALSE;
  merge.goals = _ct_id_set_new ();
  ok = _ct_session_with_transaction (self, merge_all, &merge, error);
  g_clear_pointer (&merge.remakes, g_ptr_array_unref);
  g_clear_pointer (&merge.kept, g_ptr_array_unref);
  g_clear_pointer (&merge.goals, g_hash_table_unref);
  return ok;
}

/**
 * ct_session_merge:
 * @other: a session on a copy of the same team file, from
 *   ct_session_unlock_copy()
 * @summary: (out caller-allocates): what was merged
 *
 * Merges @other into this file, so that nothing either wrote is lost
 * (docs/sync-merge.md, "Merging a copy"): its rows this file lacks are added,
 * fields both changed keep the later value shown (this file's when
 * neither was synced) and the other as a conflict, rows it deleted under
 * sync are deleted. Values of a category the member's role may not write
 * are left out and counted in @summary. With sync on, what is merged
 * travels at the next sync. Refused for a file of another team.
 */
gboolean
ct_session_merge (CtSession      *self,
                  CtSession      *other,
                  CtMergeSummary *summary,
                  GError        **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self) && CT_IS_SESSION (other), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (other->copy_source, FALSE);

  return _ct_session_merge_run (self, other, NULL, summary, error);
}
