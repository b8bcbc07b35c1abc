/* ct-session-merge-lost.c — a merge keeps the losing side's edits of a
 * row whose category the other side's change took
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* When a merge (ct-session-merge.c) lets the later change of a row's
 * category take the whole row, the other side's by-row values were sealed
 * under another category (or stored in the clear) and cannot stay. They
 * are not dropped: the merging member opens them in this session, with
 * this file's category keys, from the ciphertext as the copy stores it
 * (the copy is only read, never written, and its access log is not
 * touched: the read is logged here, naming the household), and each that
 * differs from what the row holds now is made again under the row's
 * category: an edit made after the winning change as an edit of the
 * member, any other as a sync conflict of the field. What the member may
 * not read or write is counted. The rules are in docs/sync-merge.md
 * ("Merging a copy"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-record-private.h"
#include "ct-seal-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-merge-private.h"
#include "ct-session-read-private.h"
#include "ct-store-sync.h"
#include "ct-sync-apply-private.h"

/* One row's values of the losing side, opened, to make again. */
struct _CtMergeLost
{
  const CtTable *table;
  gint64         id;
  gboolean       copy;    /* the copy's values, or this file's */
  CtCategory     sealed;  /* the category they were sealed under */
  char         **plain;   /* per field: the value (NULL: none) where keep[] */
  guint8        *keep;    /* the values to make again */
  guint8        *after;   /* made again as an edit, not as a conflict */
  guint8        *change;  /* written by the side's own change of category */
  CtSyncStamp   *stamps;  /* per field, the side's stamp */
  gint64        *unkept;  /* per field, this file's value kept in sync_unkept */
};

static void
lost_free (CtMergeLost *lost)
{
  for (guint i = 0; i < lost->table->n_fields; i++)
    if (lost->plain[i] != NULL)
      {
        sodium_memzero (lost->plain[i], strlen (lost->plain[i]));
        g_free (lost->plain[i]);
      }
  g_free (lost->plain);
  g_free (lost->keep);
  g_free (lost->after);
  g_free (lost->change);
  g_free (lost->stamps);
  g_free (lost->unkept);
  g_free (lost);
}

/* Whether a row's category follows one of its fields (docs/categories.md):
 * an organisation's type, a goal's domain, an action's goal or partner
 * type, a consent's category. Elsewhere the member chose it, and the
 * losing side's choice is a value of its own. */
static gboolean
category_follows (const CtTable *table)
{
  return g_str_equal (table->name, "organisations") || g_str_equal (table->name, "goals")
         || g_str_equal (table->name, "actions") || g_str_equal (table->name, "consents");
}

/* The category @value (a stored row_category) seals, by this member's
 * keys: %CT_CATEGORY_INVALID when none of them opens it. */
static CtCategory
open_category (CtSession          *self,
               const CtTable      *table,
               gint64              id,
               const CtStoreValue *value)
{
  const CtField *field = &table->fields[table->row_category];

  if (value->type == SQLITE_NULL)
    return CT_CATEGORY_GENERAL;
  if (value->type != SQLITE_BLOB)
    return CT_CATEGORY_INVALID;
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    {
      CtPlainBuffer plain = { 0 };
      const char *name = _ct_row_open_into (self, c, table, field, id,
                                            g_bytes_get_data (value->blob, NULL),
                                            g_bytes_get_size (value->blob), &plain);
      gboolean match = g_strcmp0 (name, ct_category_to_string (c)) == 0;

      _ct_plain_buffer_clear (&plain);
      if (match)
        return c;
    }
  return CT_CATEGORY_INVALID;
}

/* A by-row value as stored in a row of category @c, opened: FALSE when
 * this member cannot open it. *@out is %NULL for no value. */
static gboolean
open_value (CtSession          *self,
            CtCategory          c,
            const CtTable      *table,
            guint               i,
            gint64              id,
            const CtStoreValue *value,
            char              **out)
{
  CtPlainBuffer plain = { 0 };
  const char *text;

  *out = NULL;
  switch (value->type)
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
      return TRUE;
    case SQLITE_TEXT:
      *out = g_strdup (value->text);
      return TRUE;
    default:
      break;
    }
  text = _ct_row_open_into (self, c, table, &table->fields[i], id,
                            g_bytes_get_data (value->blob, NULL), g_bytes_get_size (value->blob),
                            &plain);
  if (text != NULL)
    *out = g_strdup (text);
  _ct_plain_buffer_clear (&plain);
  return text != NULL;
}

static gboolean
same_stored (const CtStoreValue *a,
             const CtStoreValue *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case SQLITE_INTEGER:
      return a->integer == b->integer;
    case SQLITE_TEXT:
      return strcmp (a->text, b->text) == 0;
    case SQLITE_BLOB:
      return g_bytes_equal (a->blob, b->blob);
    default:
      return TRUE;
    }
}

static void
clear_plain (char **plain)
{
  if (*plain != NULL)
    sodium_memzero (*plain, strlen (*plain));
  g_clear_pointer (plain, g_free);
}

static gboolean
stamp_equal (const CtSyncStamp *a,
             const CtSyncStamp *b)
{
  return _ct_sync_stamp_compare (a, b) == 0;
}

/* How many edits @fields (of @lost) are: each value one, except that the
 * values the side's own change of category wrote are that one change. */
static guint
count_edits (const CtMergeLost *lost,
             const guint8      *fields)
{
  gboolean change = FALSE;
  guint n = 0;

  for (guint i = 0; i < lost->table->n_fields; i++)
    if (fields[i])
      {
        if (lost->change[i])
          change = TRUE;
        else
          n++;
      }
  return n + change;
}

/**
 * _ct_merge_lost_collect:
 * @loser_db: the losing side's database (the copy's, or this file's)
 * @loser: (array): the losing side's row, as stored
 * @winner: (array): the winning side's row, as stored
 * @skip: (nullable): fields handled otherwise (this file's edits that
 *   _ct_sync_row_keep() makes again)
 * @list: (inout): where the values to make again go, made when needed
 * @not_kept: counts the edits this member cannot open
 *
 * Before the winning change is written: opens the losing side's by-row
 * values that differ from the winner's, with this session's keys, so that
 * _ct_merge_lost_apply() can make them again after it. The read is logged
 * in this file's access log, naming the household.
 */
gboolean
_ct_merge_lost_collect (CtSession          *self,
                        sqlite3            *loser_db,
                        sqlite3            *winner_db,
                        gboolean            copy,
                        const CtTable      *table,
                        gint64              id,
                        const CtStoreValue *loser,
                        const CtStoreValue *winner,
                        const guint8       *skip,
                        const CtSyncStamp  *loser_epoch,
                        const CtSyncStamp  *winner_epoch,
                        GPtrArray         **list,
                        guint              *not_kept,
                        GError            **error)
{
  int rc = table->row_category;
  CtCategory lc = open_category (self, table, id, &loser[rc]);
  CtCategory wc = open_category (self, table, id, &winner[rc]);
  CtMergeLost *lost = g_new0 (CtMergeLost, 1);
  g_autofree guint8 *differ = g_new0 (guint8, table->n_fields);
  gboolean readable = lc != CT_CATEGORY_INVALID && wc != CT_CATEGORY_INVALID;
  gboolean any = FALSE;

  lost->table = table;
  lost->id = id;
  lost->copy = copy;
  lost->plain = g_new0 (char *, table->n_fields);
  lost->keep = g_new0 (guint8, table->n_fields);
  lost->after = g_new0 (guint8, table->n_fields);
  lost->change = g_new0 (guint8, table->n_fields);
  lost->stamps = g_new0 (CtSyncStamp, table->n_fields);
  lost->unkept = g_new0 (gint64, table->n_fields);
  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      g_autofree char *theirs = NULL;
      CtSyncStamp winner_stamp;

      if (!field->by_row || (skip != NULL && skip[i]) || same_stored (&loser[i], &winner[i]))
        continue;
      if (!ct_store_sync_stamp_get (loser_db, table->name, id, field->name, &lost->stamps[i],
                                    error)
          || !ct_store_sync_stamp_get (winner_db, table->name, id, field->name, &winner_stamp,
                                       error))
        {
          lost_free (lost);
          return FALSE;
        }
      lost->change[i] = loser_epoch->hlc != 0 && stamp_equal (&lost->stamps[i], loser_epoch);
      /* Both sides under one category (the winner sealed it again, as a
       * merge or an edit made again does): only an edit after the
       * winner's stamp can be one it has not seen. */
      if (lc == wc && lc != CT_CATEGORY_INVALID
          && _ct_sync_stamp_compare (&lost->stamps[i], winner_epoch) <= 0)
        continue;
      if (readable && (!open_value (self, lc, table, i, id, &loser[i], &lost->plain[i])
                       || !open_value (self, wc, table, i, id, &winner[i], &theirs)))
        readable = FALSE;
      /* The same value, sealed again by a change of category: nothing to
       * keep. */
      if (readable && g_strcmp0 (lost->plain[i], theirs) == 0)
        {
          clear_plain (&lost->plain[i]);
          clear_plain (&theirs);
          continue;
        }
      clear_plain (&theirs);
      differ[i] = TRUE;
      /* An edit the winning change cannot have seen, of a field the
       * winner did not write since: made again as an edit. */
      lost->after[i] = !lost->change[i] && _ct_sync_stamp_compare (&lost->stamps[i],
                                                                    winner_epoch) > 0
                       && _ct_sync_stamp_compare (&winner_stamp, winner_epoch) <= 0;
      any = TRUE;
    }
  /* The category itself is kept where it was chosen; where it follows a
   * field, that field's value is kept (and decides it again when used),
   * and counted for it. */
  if (differ[rc] && category_follows (table))
    {
      differ[rc] = FALSE;
      clear_plain (&lost->plain[rc]);
      any = FALSE;
      for (guint i = 0; i < table->n_fields; i++)
        any |= differ[i];
    }
  if (!any)
    {
      lost_free (lost);
      return TRUE;
    }
  /* This file's values, as their columns hold them, are kept in its local
   * table until made again (docs/sync-merge.md, "Edits not kept"): one
   * that cannot be stays there for its author. The copy's stay in the
   * copy. */
  for (guint i = 0; !copy && i < table->n_fields; i++)
    if (differ[i]
        && !ct_store_unkept_put (self->db, table->name, id, table->fields[i].name, &loser[i],
                                 lost->stamps[i].hlc, CT_UNKEPT_MERGE, &lost->unkept[i], error))
      {
        lost_free (lost);
        return FALSE;
      }
  if (!readable)
    {
      *not_kept += count_edits (lost, differ);
      lost_free (lost);
      return TRUE;
    }
  if (lc != CT_CATEGORY_GENERAL
      && !_ct_session_log_read (self, table, id, 1u << lc,
                                copy ? "read merged edits; of the copy"
                                     : "read merged edits; of this file",
                                error))
    {
      lost_free (lost);
      return FALSE;
    }
  lost->sealed = lc;
  memcpy (lost->keep, differ, table->n_fields);
  if (*list == NULL)
    *list = g_ptr_array_new_with_free_func ((GDestroyNotify) lost_free);
  g_ptr_array_add (*list, lost);
  return TRUE;
}

/* Whether the field keeps @plain as a conflict already (under any stamp):
 * merging the same copy again keeps nothing twice. Values sealed under
 * another category than the row's now cannot be opened and do not match. */
static int
kept_already (CtSession     *self,
              CtCategory     c,
              const CtTable *table,
              guint          i,
              gint64         id,
              const char    *plain,
              GError       **error)
{
  g_autoptr(GArray) kept = ct_store_sync_conflict_values (self->db, table->name, id,
                                                          table->fields[i].name, error);

  if (kept == NULL)
    return -1;
  for (guint k = 0; k < kept->len; k++)
    {
      const CtStoreConflict *conflict = &g_array_index (kept, CtStoreConflict, k);
      g_autofree char *value = NULL;
      gboolean same;

      if (!open_value (self, c, table, i, id, &conflict->value, &value))
        continue;
      same = g_strcmp0 (value, plain) == 0;
      clear_plain (&value);
      if (same)
        return 1;
    }
  return 0;
}

/* @plain kept as a conflict of the field, sealed under the row's category
 * @c (in the clear for a general row, as its values are). */
static gboolean
keep_conflict (CtSession         *self,
               CtCategory         c,
               const CtTable     *table,
               guint              i,
               gint64             id,
               const char        *plain,
               const CtSyncStamp *stamp,
               GError           **error)
{
  CtStoreValue value = { SQLITE_NULL, NULL, 0, NULL };
  CtSyncStamp at = *stamp;
  gboolean ok;

  if (at.hlc == 0)
    at.hlc = ct_hlc_physical ();
  if (plain != NULL && c == CT_CATEGORY_GENERAL)
    {
      value.type = SQLITE_TEXT;
      value.text = plain;
    }
  else if (plain != NULL)
    {
      value.type = SQLITE_BLOB;
      if ((value.blob = _ct_row_seal (self, c, table, &table->fields[i], id, plain, error)) == NULL)
        return FALSE;
    }
  ok = ct_store_sync_conflict_add (self->db, table->name, id, table->fields[i].name, &at, &value,
                                   error);
  g_clear_pointer (&value.blob, g_bytes_unref);
  return ok;
}

/* One row's kept values made again; what the member cannot make is added
 * to *@not_kept, what is made for the first time to *@made. */
static gboolean
apply_one (CtSession   *self,
           CtMergeLost *lost,
           guint       *made,
           guint       *not_kept,
           GError     **error)
{
  const CtTable *table = lost->table;
  g_autoptr(GError) local = NULL;
  g_autoptr(CtRecord) now = NULL;
  g_autofree guint8 *done = g_new0 (guint8, table->n_fields);
  g_autofree guint8 *here = g_new0 (guint8, table->n_fields);  /* already */
  gboolean edit = FALSE, conflicts = FALSE;
  CtCategory c;

  if (!ct_store_row_exists (self->db, table->name, lost->id))
    return TRUE;  /* deleted since: deletes win, as over any edit */
  now = ct_session_get (self, table->name, lost->id, &local);
  if (now == NULL && local->domain != CT_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* A value of a category is never made again in the clear: a change to
   * a general row does not make the other side's facts general. */
  if (now == NULL || now->row_category == CT_CATEGORY_INVALID
      || !_ct_session_can_read (self, now->row_category)
      || (now->row_category == CT_CATEGORY_GENERAL && lost->sealed != CT_CATEGORY_GENERAL))
    {
      *not_kept += count_edits (lost, lost->keep);
      return TRUE;
    }
  c = now->row_category;
  for (guint i = 0; i < table->n_fields; i++)
    {
      const char *name = table->fields[i].name;
      int kept;

      if (!lost->keep[i])
        continue;
      if (g_strcmp0 (lost->plain[i], ct_record_get (now, name)) == 0)
        {
          here[i] = TRUE;
          continue;
        }
      if (lost->after[i])
        {
          ct_record_set (now, name, lost->plain[i]);
          done[i] = edit = TRUE;
          continue;
        }
      if ((kept = kept_already (self, c, table, i, lost->id, lost->plain[i], error)) < 0)
        return FALSE;
      if (kept == 1)
        {
          here[i] = TRUE;
          continue;
        }
      if (!keep_conflict (self, c, table, i, lost->id, lost->plain[i], &lost->stamps[i], error))
        return FALSE;
      done[i] = conflicts = TRUE;
    }
  if (edit && !ct_session_update (self, now, &local))
    {
      guint8 *edited = g_new0 (guint8, table->n_fields);

      if (local->domain != CT_ERROR)
        {
          g_free (edited);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      for (guint i = 0; i < table->n_fields; i++)
        if (done[i] && lost->after[i])
          {
            edited[i] = TRUE;
            done[i] = FALSE;
          }
      *not_kept += count_edits (lost, edited);
      g_free (edited);
    }
  *made += count_edits (lost, done);
  for (guint i = 0; i < table->n_fields; i++)
    if (lost->unkept[i] != 0 && (done[i] || here[i])
        && !ct_store_unkept_drop (self->db, lost->unkept[i], error))
      return FALSE;
  if (conflicts)
    return _ct_audit_append (self, CT_AUDIT_UPDATE, table->name, lost->id,
                             _ct_session_audit_mask (1u << c),
                             lost->copy ? "keep merged edits; of the copy"
                                        : "keep merged edits; of this file",
                             FALSE, error);
  return TRUE;
}

/**
 * _ct_merge_lost_apply:
 * @list: (nullable): of what _ct_merge_lost_collect() kept
 * @summary: counts what was made again (@remade) and what the member
 *   could not make again (@unmerged for the copy's, @lost for this file's)
 *
 * After the merge's rows are written: each kept value that the row does
 * not hold already is made again under the row's category now, by the
 * merging member: an edit the winning change cannot have seen as an edit
 * of the member (sealed, captured and logged like any), any other as a
 * sync conflict of the field, shown on the case page beside the value
 * that won. A value made again before (the same copy merged twice) is
 * neither made nor counted again.
 */
gboolean
_ct_merge_lost_apply (CtSession      *self,
                      GPtrArray      *list,
                      CtMergeSummary *summary,
                      GError        **error)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      CtMergeLost *lost = g_ptr_array_index (list, i);

      if (!apply_one (self, lost, &summary->remade,
                      lost->copy ? &summary->unmerged : &summary->lost, error))
        return FALSE;
    }
  return TRUE;
}
