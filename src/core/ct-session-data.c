/* ct-session-data.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writing the team's data. Every value is validated here, at the core
 * boundary; a record is stored whole or not at all; every change is
 * written to the access log. Reading is in ct-session-read.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-record-private.h"
#include "ct-seal-private.h"
#include "ct-session-data-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-session-rules-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

static CtRecord *load_row (CtSession     *self,
                           const CtTable *table,
                           gint64         id,
                           gboolean       decrypt,
                           GError       **error);

gboolean
_ct_field_invalid (GError       **error,
                   const CtField *field,
                   const char    *why)
{
  ct_set_field_error (error, ct_field_get_table_name (field), field->name,
                      "%s: %s", _(field->label), why);
  return FALSE;
}

/* A row of a category the member may not read is no row to refer to. */
static gboolean
reference_exists (CtSession     *self,
                  const CtField *field,
                  const char    *value)
{
  gint64 id = g_ascii_strtoll (value, NULL, 10);
  const CtTable *target;
  g_autoptr(CtRecord) row = NULL;

  if (field->type == CT_FIELD_MEMBER)
    return ct_store_row_exists (self->db, "members", id);
  target = ct_schema_get_table (field->ref_table);
  if (target == NULL || !target->row_hidden)
    return ct_store_row_exists (self->db, field->ref_table, id);
  row = load_row (self, target, id, FALSE, NULL);
  return row != NULL && row->row_category != CT_CATEGORY_INVALID;
}

/* Normalises every changed value in place and checks required fields and
 * references. */
static gboolean
validate_fields (CtSession *self,
                 CtRecord  *record,
                 gboolean   inserting,
                 GError   **error)
{
  const CtTable *table = record->table;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      char *normal;

      if (!record->changed[i] && !(inserting && field->required))
        continue;

      if (record->changed[i] && !_ct_session_can_read (self, field->category))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("%s: your role may not see or change %s data."), _(field->label),
                       ct_category_get_display_name (field->category));
          return FALSE;
        }

      if (record->states[i] != CT_VALUE_SET)
        {
          if (field->required)
            return _ct_field_invalid (error, field, _("this field is required."));
          continue;
        }

      normal = ct_field_normalize (field, record->values[i], error);
      if (normal == NULL)
        return FALSE;
      _ct_record_take_value (record, i, normal);

      if ((field->type == CT_FIELD_REF || field->type == CT_FIELD_MEMBER)
          && !reference_exists (self, field, normal))
        return _ct_field_invalid (error, field, _("there is no such record."));
    }
  return TRUE;
}

const CtField *
_ct_record_field (CtRecord   *record,
                  const char *name)
{
  return ct_table_get_field (record->table, name);
}

gboolean
_ct_field_restricted (GError       **error,
                      const CtField *field,
                      const char    *why)
{
  g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED, "%s: %s", _(field->label), why);
  return FALSE;
}

/* The value @record holds once it is stored: its own where it changed it,
 * the stored row's elsewhere (@stored %NULL: a new record). */
const char *
_ct_record_value_after (CtRecord   *record,
                        CtRecord   *stored,
                        const char *name)
{
  int i = ct_table_get_field_index (record->table, name);

  return stored == NULL || record->changed[i] ? ct_record_get (record, name)
                                              : ct_record_get (stored, name);
}

/* The row as stored now, its general fields only: nothing is decrypted, so
 * there is no read to log. */
CtRecord *
_ct_session_load_stored (CtSession *self,
                         CtRecord  *record,
                         GError   **error)
{
  return load_row (self, record->table, record->id, FALSE, error);
}

/* One row as stored, for the write path: hidden rows too (their
 * row_category is CT_CATEGORY_INVALID), and not logged: with @decrypt the
 * values are read to be written again, not shown. */
static CtRecord *
load_row (CtSession     *self,
          const CtTable *table,
          gint64         id,
          gboolean       decrypt,
          GError       **error)
{
  g_autofree guint8 *none = decrypt ? NULL : g_new0 (guint8, table->n_fields);
  g_autoptr(GPtrArray) rows = NULL;
  guint read = 0;

  rows = _ct_session_select_rows (self, table, NULL, id, FALSE, none, TRUE, &read, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return NULL;
    }
  return ct_record_ref (g_ptr_array_index (rows, 0));
}

/* Builds the column values, sealing every non-general value; @row is the
 * row's category for the fields that follow it. A general row stores its
 * category as NULL. */
static CtStoreValue *
column_values (CtSession  *self,
               CtRecord   *record,
               gint64      id,
               CtCategory  row,
               guint      *categories,
               GError    **error)
{
  const CtTable *table = record->table;
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, table->n_fields);

  for (guint i = 0; i < table->n_fields; i++)
    {
      const CtField *field = &table->fields[i];
      const char *value = record->states[i] == CT_VALUE_SET ? record->values[i] : NULL;
      CtCategory c = field->by_row ? row : field->category;

      values[i].type = SQLITE_NULL;
      if ((int) i == table->row_category && row == CT_CATEGORY_GENERAL)
        continue;
      if (!record->changed[i] || value == NULL)
        continue;

      g_assert (c != CT_CATEGORY_INVALID);
      *categories |= 1u << c;
      if (c != CT_CATEGORY_GENERAL)
        {
          values[i].type = SQLITE_BLOB;
          values[i].blob = field->by_row ? _ct_row_seal (self, c, table, field, id, value, error)
                                         : _ct_field_seal (self, table, field, id, value, error);
          if (values[i].blob == NULL)
            return NULL;
        }
      else if (ct_field_is_integer (field))
        {
          values[i].type = SQLITE_INTEGER;
          values[i].integer = g_ascii_strtoll (value, NULL, 10);
        }
      else
        {
          values[i].type = SQLITE_TEXT;
          values[i].text = value;
        }
    }
  return g_steal_pointer (&values);
}

static void
free_values (CtStoreValue *values,
             guint         n)
{
  for (guint i = 0; values != NULL && i < n; i++)
    g_clear_pointer (&values[i].blob, g_bytes_unref);
  g_free (values);
}

static gboolean
not_yours (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("Your role may not see or change this record."));
  return FALSE;
}

/* The category of an action's goal: what the goal is about decides what
 * its actions are about. */
static gboolean
goal_category (CtSession  *self,
               const char *goal_id,
               CtCategory *category,
               GError    **error)
{
  g_autoptr(CtRecord) goal = load_row (self, ct_schema_get_table ("goals"),
                                       g_ascii_strtoll (goal_id, NULL, 10), FALSE, error);

  if (goal == NULL)
    return FALSE;
  *category = goal->row_category;
  return *category != CT_CATEGORY_INVALID || not_yours (error);
}

/* The category a row is about, from what it will hold (docs/categories.md):
 * an organisation's type, a goal's domain, an action's goal or partner
 * type, a consent's category; an expense or doorbraak has the one the
 * member chose, an expense for care being health unless they chose
 * otherwise. */
static gboolean
resolve_row_category (CtSession  *self,
                      CtRecord   *record,
                      CtRecord   *stored,
                      CtCategory *row,
                      GError    **error)
{
  const char *table = record->table->name;
  const char *chosen;

  *row = CT_CATEGORY_GENERAL;
  if (g_str_equal (table, "organisations"))
    *row = ct_partner_type_category (_ct_record_value_after (record, stored, "type"));
  else if (g_str_equal (table, "goals"))
    *row = ct_zrm_domain_name_category (_ct_record_value_after (record, stored, "domain"));
  else if (g_str_equal (table, "actions"))
    {
      const char *goal = _ct_record_value_after (record, stored, "goal_id");

      if (goal != NULL && !goal_category (self, goal, row, error))
        return FALSE;
      if (*row == CT_CATEGORY_GENERAL)
        *row = ct_partner_type_category (_ct_record_value_after (record, stored, "partner_type"));
    }
  else if (g_str_equal (table, "consents"))
    *row = ct_category_from_string (_ct_record_value_after (record, stored, "category"));
  else if ((chosen = _ct_record_value_after (record, stored, "row_category")) != NULL)
    *row = ct_category_from_string (chosen);
  else if (g_str_equal (table, "expenses")
           && g_strcmp0 (_ct_record_value_after (record, stored, "purpose"), "zorg") == 0)
    *row = CT_CATEGORY_HEALTH;

  if (*row != CT_CATEGORY_GENERAL && !_ct_session_can_read (self, *row))
    return _ct_field_restricted (error, &record->table->fields[record->table->row_category],
                                 _("your role may not write records of this category."));
  ct_record_set (record, "row_category", ct_category_to_string (*row));
  return TRUE;
}

/* A row moving to another category is sealed again whole: its unchanged
 * values come from @stored. */
static void
take_unchanged (CtRecord *record,
                CtRecord *stored)
{
  for (guint i = 0; i < record->table->n_fields; i++)
    if (record->table->fields[i].by_row && !record->changed[i])
      {
        const char *value = stored->states[i] == CT_VALUE_SET ? stored->values[i] : NULL;

        _ct_record_take_value (record, i, g_strdup (value));
        record->changed[i] = TRUE;
      }
}

/* For an update: the row's category after it. A row the member cannot read
 * is not theirs to change, except (where the table keeps bookkeeping
 * general) its general fields, which leave the category as it is. */
static gboolean
update_row_category (CtSession  *self,
                     CtRecord   *record,
                     CtCategory *row,
                     GError    **error)
{
  const CtTable *table = record->table;
  g_autoptr(CtRecord) stored = load_row (self, table, record->id, TRUE, error);

  if (stored == NULL)
    return FALSE;
  if (stored->row_category == CT_CATEGORY_INVALID)
    {
      if (table->row_hidden)
        return not_yours (error);
      for (guint i = 0; i < table->n_fields; i++)
        if (record->changed[i] && (table->fields[i].by_row
                                   || g_str_equal (table->fields[i].name, "goal_id")))
          return _ct_field_restricted (error, &table->fields[i],
                                       _("this record is of a category your role may not read."));
      *row = CT_CATEGORY_INVALID;
      return TRUE;
    }
  if (!resolve_row_category (self, record, stored, row, error))
    return FALSE;
  /* Only a change of category writes row_category, and then every by-row
   * field with it: the row's category merges as one register
   * (docs/sync-merge.md, "A row's category"). */
  if (*row != stored->row_category)
    take_unchanged (record, stored);
  else
    record->changed[table->row_category] = FALSE;
  return TRUE;
}

static gboolean
insert_row (CtSession *self,
            gpointer   data,
            GError   **error)
{
  CtRecord *record = data;
  guint categories = 0;
  gint64 id = _ct_session_new_row_id (self, record->table, error);
  CtCategory row = CT_CATEGORY_GENERAL;
  CtStoreValue *values;
  gboolean ok;

  if (id < 0 || !_ct_session_validate_rules (self, record, error))
    return FALSE;
  if (record->table->row_category >= 0 && !resolve_row_category (self, record, NULL, &row, error))
    return FALSE;

  /* Every field is written on insert; unchanged ones as NULL. */
  memset (record->changed, 1, record->table->n_fields);
  values = column_values (self, record, id, row, &categories, error);
  ok = values != NULL && ct_store_row_insert (self->db, record->table, id, values, error)
       && _ct_session_sync_capture (self, CT_SYNC_INSERT, record->table, id, values,
                                    record->changed, error)
       && _ct_audit_append (self, CT_AUDIT_CREATE, record->table->name, id,
                            _ct_session_audit_mask (categories), "record", FALSE, error);
  free_values (values, record->table->n_fields);
  if (ok)
    record->id = id;
  if (ok && g_str_equal (record->table->name, "households"))
    _ct_session_note_created_household (self, id);
  return ok;
}

/**
 * ct_session_insert:
 * @record: a new record; its values are validated and normalised
 *
 * Stores @record whole or not at all. An invalid value gives
 * %CT_ERROR_INVALID_FIELD with a message that names the field and what it
 * expects; a value of a category the member may not read gives
 * %CT_ERROR_RESTRICTED.
 *
 * Returns: the new row's id, or 0 with @error set
 */
gint64
ct_session_insert (CtSession *self,
                   CtRecord  *record,
                   GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), 0);
  g_return_val_if_fail (record != NULL && record->id == 0, 0);

  if (!_ct_session_begin_table_write (self, record->table, error)
      || !validate_fields (self, record, TRUE, error)
      || !_ct_session_check_involved_write (self, record, error)
      || !_ct_session_check_restricted_write (self, record->table, record, 0, error)
      || !_ct_session_with_transaction (self, insert_row, record, error))
    return 0;
  _ct_session_forget_involvement (self, record->table);

  _ct_record_clear_changes (record);
  return record->id;
}

typedef struct
{
  CtRecord   *record;
  const char *purpose;  /* "record", or "rectification" (AVG art. 16) */
} Update;

static gboolean update_row (CtSession *self,
                            gpointer   data,
                            GError   **error);

/* The actions that point at @goal_id, whatever their category. */
static GArray *
goal_action_ids (CtSession *self,
                 gint64     goal_id,
                 GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT id FROM actions "
                                                       "WHERE goal_id = ?1", error);
  g_autoptr(GArray) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, goal_id);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* An action is about what its goal is about (resolve_row_category()), so a
 * goal that changes category takes its actions along in the same
 * transaction: an action written under a general goal must not stay
 * readable to every role once its goal is about health
 * (docs/categories.md, "Row categories"). An action the member may not
 * read, or may not write under the category it would take, stays sealed as
 * it is, which shows no role more of it than before. */
static gboolean
goal_takes_actions (CtSession  *self,
                    gint64      goal_id,
                    const char *purpose,
                    GError    **error)
{
  g_autoptr(GArray) ids = goal_action_ids (self, goal_id, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CtRecord) action = ct_record_new ("actions");
      g_autoptr(GError) local = NULL;
      Update update = { action, purpose };
      CtCategory row;

      action->id = g_array_index (ids, gint64, i);
      if (!update_row_category (self, action, &row, &local))
        {
          if (!g_error_matches (local, CT_ERROR, CT_ERROR_RESTRICTED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          continue;
        }
      if (action->changed[action->table->row_category] && !update_row (self, &update, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
update_row (CtSession *self,
            gpointer   data,
            GError   **error)
{
  CtRecord *record = ((Update *) data)->record;
  const char *purpose = ((Update *) data)->purpose;
  guint categories = 0;
  CtCategory row = CT_CATEGORY_GENERAL;
  CtStoreValue *values;
  gboolean ok;

  if (!_ct_session_validate_rules (self, record, error))
    return FALSE;
  if (record->table->row_category >= 0 && !update_row_category (self, record, &row, error))
    return FALSE;

  values = column_values (self, record, record->id, row, &categories, error);
  for (guint i = 0; i < record->table->n_fields; i++)
    if (record->changed[i] && !record->table->fields[i].by_row)
      categories |= 1u << record->table->fields[i].category;
  /* The log names the row's category for every write of a row the member
   * reads, as when row_category was written each time. */
  if (record->table->row_category >= 0 && row != CT_CATEGORY_INVALID
      && row != CT_CATEGORY_GENERAL)
    categories |= 1u << row;

  ok = values != NULL
       && _ct_sync_director_keep_base (self, record->table, record->id, record->changed, error)
       && ct_store_row_update (self->db, record->table, record->id, values, record->changed, error)
       && _ct_session_sync_capture (self, CT_SYNC_UPDATE, record->table, record->id, values,
                                    record->changed, error)
       && _ct_audit_append (self, CT_AUDIT_UPDATE, record->table->name, record->id,
                            _ct_session_audit_mask (categories), purpose, FALSE, error);
  free_values (values, record->table->n_fields);
  if (ok && g_str_equal (record->table->name, "goals") && row != CT_CATEGORY_INVALID
      && record->changed[record->table->row_category])
    ok = goal_takes_actions (self, record->id, purpose, error);
  return ok;
}

/**
 * _ct_session_goal_follow:
 * @goal_id: a goal whose category, or the category of one of its actions,
 *   was decided by a write other than this session's update (a merged
 *   copy, docs/sync-merge.md "Merging a copy")
 * @stuck: (out): set when the goal, of a category this member may not
 *   read, holds an action of a category they read (general, say): one
 *   they cannot move under its goal's category, which other roles would
 *   read
 *
 * Each action of the goal is moved to the category it has by its goal
 * now, as a change of the goal's domain takes them (goal_takes_actions()):
 * sealed again by this member, captured like an edit. A goal that is gone
 * has no actions to move.
 */
gboolean
_ct_session_goal_follow (CtSession  *self,
                         gint64      goal_id,
                         const char *purpose,
                         gboolean   *stuck,
                         GError    **error)
{
  const CtTable *actions = ct_schema_get_table ("actions");
  g_autoptr(GError) local = NULL;
  g_autoptr(CtRecord) goal = load_row (self, ct_schema_get_table ("goals"), goal_id, FALSE,
                                       &local);
  g_autoptr(GArray) ids = NULL;

  if (goal == NULL && g_error_matches (local, CT_ERROR, CT_ERROR_NOT_FOUND))
    return TRUE;
  if (goal == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (goal->row_category != CT_CATEGORY_INVALID)
    return goal_takes_actions (self, goal_id, purpose, error);
  if ((ids = goal_action_ids (self, goal_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CtRecord) action = load_row (self, actions, g_array_index (ids, gint64, i),
                                             FALSE, error);

      if (action == NULL)
        return FALSE;
      if (action->row_category != CT_CATEGORY_INVALID)
        *stuck = TRUE;
    }
  return TRUE;
}

/**
 * _ct_session_note_goal:
 * @goals: a set of goal ids (_ct_id_set_new())
 * @table: the table of a row just written by a merge or a sync
 *
 * Adds to @goals the goal written, or the goal of the action written, so
 * that its actions are looked at once the rest is written
 * (_ct_session_goals_follow()). Any other row, or an action that is gone,
 * adds nothing.
 */
gboolean
_ct_session_note_goal (CtSession     *self,
                       GHashTable    *goals,
                       const CtTable *table,
                       gint64         id,
                       GError       **error)
{
  CtStoreValue goal = { 0 };
  int index;

  if (strcmp (table->name, "goals") == 0)
    {
      _ct_id_set_add (goals, id);
      return TRUE;
    }
  if (strcmp (table->name, "actions") != 0 || !ct_store_row_exists (self->db, table->name, id))
    return TRUE;
  index = ct_table_get_field_index (table, "goal_id");
  if (!ct_store_row_column_get (self->db, table, (guint) index, id, &goal, error))
    return FALSE;
  if (goal.type == SQLITE_INTEGER)
    _ct_id_set_add (goals, goal.integer);
  ct_store_value_clear (&goal);
  return TRUE;
}

/**
 * _ct_session_goals_follow:
 * @goals: a set of goal ids
 * @stuck: (out): set when one of them holds an action this member cannot
 *   move (_ct_session_goal_follow())
 *
 * _ct_session_goal_follow() for each goal of @goals, in id order, so that
 * the stamps they take do not depend on a hash.
 */
gboolean
_ct_session_goals_follow (CtSession  *self,
                          GHashTable *goals,
                          gboolean   *stuck,
                          GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, goals);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, ct_scan_compare_ids);
  for (guint i = 0; i < ids->len; i++)
    if (!_ct_session_goal_follow (self, g_array_index (ids, gint64, i), "record", stuck, error))
      return FALSE;
  return TRUE;
}

static gboolean
update (CtSession  *self,
        CtRecord   *record,
        const char *purpose,
        GError    **error)
{
  Update update = { record, purpose };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (record != NULL && record->id > 0, FALSE);

  if (!_ct_session_begin_table_write (self, record->table, error))
    return FALSE;

  if (!ct_store_row_exists (self->db, record->table->name, record->id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return FALSE;
    }

  if (!validate_fields (self, record, FALSE, error)
      || !_ct_session_check_involved_write (self, record, error)
      || !_ct_session_check_restricted_write (self, record->table, record, 0, error)
      || !_ct_session_with_transaction (self, update_row, &update, error))
    return FALSE;

  _ct_session_forget_involvement (self, record->table);
  _ct_record_clear_changes (record);
  return TRUE;
}

/**
 * ct_session_update:
 * @record: a record from ct_session_get(), with changes made by
 *   ct_record_set()
 *
 * Stores the changed fields only, whole or not at all. Restricted fields
 * are left as they are.
 */
gboolean
ct_session_update (CtSession *self,
                   CtRecord  *record,
                   GError   **error)
{
  return update (self, record, "record", error);
}

/**
 * ct_session_rectify:
 *
 * Like ct_session_update(), for a correction the client asked for (AVG
 * art. 16): the log entry says "rectification" and names the fields'
 * categories, as any change does; never the old value (docs/security.md).
 */
gboolean
ct_session_rectify (CtSession *self,
                    CtRecord  *record,
                    GError   **error)
{
  return update (self, record, "rectification", error);
}

typedef struct
{
  const CtTable *table;
  gint64         id;
} RowRef;

static gboolean
delete_row (CtSession *self,
            gpointer   data,
            GError   **error)
{
  RowRef *ref = data;
  CtAuditSubject subject;
  gboolean ok;

  if (ref->table->row_category >= 0)
    {
      g_autoptr(CtRecord) stored = load_row (self, ref->table, ref->id, FALSE, error);

      if (stored == NULL)
        return FALSE;
      if (stored->row_category == CT_CATEGORY_INVALID)
        return not_yours (error);
    }
  /* Whom it was about, while the row is still there. */
  if (!_ct_audit_resolve_subject (self, ref->table->name, ref->id, &subject, error))
    return FALSE;
  ok = ct_store_row_delete (self->db, ref->table, ref->id, error)
       && _ct_session_sync_capture (self, CT_SYNC_DELETE, ref->table, ref->id, NULL, NULL, error)
       && _ct_audit_append_subject (self, CT_AUDIT_DELETE, ref->table->name, ref->id, &subject, 0,
                                    "record", FALSE, error);
  g_clear_pointer (&subject.households, g_array_unref);
  return ok;
}

/**
 * ct_session_delete:
 *
 * Deletes a record and everything that belongs to it (a household's
 * persons and cases, a case's ZRM and consent, ...). Only a regisseur or
 * a beheerder may delete.
 */
gboolean
ct_session_delete (CtSession  *self,
                   const char *table,
                   gint64      id,
                   GError    **error)
{
  RowRef ref = { ct_schema_get_table (table), id };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (ref.table != NULL, FALSE);

  if (!_ct_session_begin_table_write (self, ref.table, error))
    return FALSE;

  if (!self->recovery && !self->member->is_admin && self->member->role != CT_ROLE_REGISSEUR)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a regisseur or a beheerder may delete records."));
      return FALSE;
    }

  if (!ct_store_row_exists (self->db, table, id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("This record no longer exists."));
      return FALSE;
    }

  if (!_ct_session_check_involved_delete (self, ref.table, id, error)
      || !_ct_session_check_restricted_write (self, ref.table, NULL, id, error)
      || !_ct_session_with_transaction (self, delete_row, &ref, error))
    return FALSE;
  _ct_session_forget_involvement (self, ref.table);
  return TRUE;
}

typedef struct
{
  gboolean (*func) (CtSession *, gpointer, GError **);
  gpointer data;
} Batch;

/**
 * ct_session_run_in_transaction:
 * @func: the work: inserts and updates through this session
 *
 * Runs @func in one transaction: everything it stored is kept when it
 * returns %TRUE, nothing when it returns %FALSE (an import stores all rows
 * or none). It fails after the commit when the file was moved or replaced
 * on disk meanwhile (ct_session_verify_file()): the work is then not in
 * the team file at the session's path.
 */
gboolean
ct_session_run_in_transaction (CtSession  *self,
                               gboolean  (*func) (CtSession *, gpointer, GError **),
                               gpointer    data,
                               GError    **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return _ct_session_begin_write (self, error)
         && _ct_session_with_transaction (self, func, data, error)
         && ct_session_verify_file (self, error);
}

/**
 * ct_session_load_record_keys:
 * @ids: (array length=n_ids): household ids
 * @keys: (out caller-allocates) (array length=n_ids): per id, its record key
 * @have: (out caller-allocates) (array length=n_ids): per id, whether it
 *   has one
 *
 * Reads the households' record keys for the cell-key method of the
 * aggregate tables (docs/export.md). They are general data: who holds K_db
 * can read them, which lets them predict the noise, not a household.
 */
gboolean
ct_session_load_record_keys (CtSession    *self,
                             const gint64 *ids,
                             guint         n_ids,
                             guint32      *keys,
                             gboolean     *have,
                             GError      **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return _ct_session_require_unlocked (self, error)
         && ct_store_load_record_keys (self->db, ids, n_ids, keys, have, error);
}

typedef struct
{
  const gint64  *ids;
  const guint32 *keys;
  guint          n_ids;
} StoreKeys;

static gboolean
store_record_keys (CtSession *self,
                   gpointer   data,
                   GError   **error)
{
  StoreKeys *k = data;

  return ct_store_add_record_keys (self->db, k->ids, k->keys, k->n_ids, error);
}

/**
 * ct_session_store_record_keys:
 * @ids: (array length=n_ids): households without a record key yet
 * @keys: (array length=n_ids): their new keys
 *
 * Stores record keys in one transaction. A household that has one keeps
 * it: its noise must stay the same from one export to the next.
 */
gboolean
ct_session_store_record_keys (CtSession     *self,
                              const gint64  *ids,
                              const guint32 *keys,
                              guint          n_ids,
                              GError       **error)
{
  StoreKeys k = { ids, keys, n_ids };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return n_ids == 0 || ct_session_run_in_transaction (self, store_record_keys, &k, error);
}
