/* ct-session-sync-unkept.c — the edits a sync could not keep, for their author
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* sync_unkept (ct-store-sync-unkept.c) keeps this laptop's own values that
 * a sync could not keep, each as its column held it. Here a member sees
 * those they may read, opened with their keys, and dismisses one
 * (docs/sync-merge.md, "Edits not kept"). A value sealed under a category
 * the member may not read is left out, uncounted: a count would tell them
 * a record once had that category. Values of a household under a
 * restriction the member may not see are left out as in every list. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-seal-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-store-sync-private.h"
#include "ct-sync.h"

static const char * const reason_names[] = {
  [CT_UNKEPT_CATEGORY] = "category",
  [CT_UNKEPT_CONFLICT] = "conflict",
  [CT_UNKEPT_LOST] = "lost",
  [CT_UNKEPT_MERGE] = "merge",
};

void
ct_sync_unkept_free (CtSyncUnkept *unkept)
{
  if (unkept == NULL)
    return;
  g_free (unkept->table);
  g_free (unkept->case_number);
  g_free (unkept->field);
  if (unkept->value != NULL)
    sodium_memzero (unkept->value, strlen (unkept->value));
  g_free (unkept->value);
  g_free (unkept->at);
  g_free (unkept);
}

/* The value of an entry as this member may read it: a by-row field opens
 * under the one category key of theirs it was sealed under; a category's
 * field under its category's key; a general value is as kept. Returns
 * FALSE when the member may not read it; *plain is NULL for an empty
 * value. */
static gboolean
open_value (CtSession     *self,
            const CtTable *table,
            const CtField *field,
            gint64         row_id,
            sqlite3_stmt  *stmt,
            int            column,
            char         **plain,
            guint         *categories)
{
  int type = sqlite3_column_type (stmt, column);
  const guint8 *blob = sqlite3_column_blob (stmt, column);
  gsize len = (gsize) sqlite3_column_bytes (stmt, column);

  *plain = NULL;
  if (type == SQLITE_NULL)
    return TRUE;
  if (type != SQLITE_BLOB)
    {
      /* In the clear: a general field, or a by-row field of a row whose
       * category was general, under K_db like every general value. */
      if (!field->by_row && field->category != CT_CATEGORY_GENERAL)
        return FALSE;
      *plain = g_strdup ((const char *) sqlite3_column_text (stmt, column));
      return TRUE;
    }
  if (field->by_row)
    {
      CtPlainBuffer buffer = { NULL, 0 };

      for (int c = 0; c < CT_N_CATEGORIES; c++)
        if (_ct_row_open_kept_into (self, (CtCategory) c, table, field, row_id, blob, len,
                                    &buffer) != NULL)
          {
            *plain = g_strdup (buffer.data);
            *categories |= 1u << c;
            break;
          }
      _ct_plain_buffer_clear (&buffer);
      return *plain != NULL;
    }
  if (!_ct_session_can_read (self, field->category))
    return FALSE;
  if ((*plain = _ct_field_open (self, table, field, row_id, blob, len, NULL)) == NULL)
    return FALSE;
  *categories |= 1u << field->category;
  return TRUE;
}

/* The number of the record's case, or of its household's first case. */
static char *
case_number_of (CtSession     *self,
                const CtTable *table,
                gint64         row_id,
                gint64         household_id)
{
  g_autofree char *sql = NULL;
  g_autoptr(CtStmt) stmt = NULL;

  if (g_str_equal (table->name, "cases"))
    sql = g_strdup ("SELECT number FROM cases WHERE id = ?1");
  else if (ct_table_get_field_index (table, "case_id") >= 0)
    sql = g_strdup_printf ("SELECT c.number FROM cases c JOIN %s x ON c.id = x.case_id "
                           "WHERE x.id = ?1", table->name);
  else
    {
      sql = g_strdup ("SELECT number FROM cases WHERE household_id = ?1 ORDER BY id LIMIT 1");
      row_id = household_id;
    }
  if ((stmt = ct_store_prepare (self->db, sql, NULL)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_TEXT)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

typedef struct
{
  GArray *households;
  guint   categories;
} ListLog;

static gboolean
log_list (CtSession *self,
          gpointer   data,
          GError   **error)
{
  ListLog *log = data;
  CtAuditSubject subject = { 0, 0, log->households };

  return _ct_audit_append_subject (self, CT_AUDIT_READ, "sync_unkept", 0, &subject,
                                   _ct_session_audit_mask (log->categories),
                                   "sync edits not kept", FALSE, error);
}

/* One entry of the statement, or NULL when the member may not see it. */
static CtSyncUnkept *
read_entry (CtSession    *self,
            sqlite3_stmt *stmt,
            GHashTable   *hidden,
            gint64        only,
            guint        *categories)
{
  const CtTable *table = ct_schema_get_table ((const char *) sqlite3_column_text (stmt, 1));
  const CtField *field;
  CtSyncUnkept *unkept;
  gint64 row_id = sqlite3_column_int64 (stmt, 2);
  gint64 household;
  char *plain;

  if (table == NULL
      || (field = ct_table_get_field (table, (const char *) sqlite3_column_text (stmt, 3)))
           == NULL)
    return NULL;
  household = ct_store_sync_household_of (self->db, table, row_id, NULL);
  if ((only != 0 && household != only)
      || (household != 0 && g_hash_table_contains (hidden, &household))
      || !open_value (self, table, field, row_id, stmt, 4, &plain, categories))
    return NULL;
  unkept = g_new0 (CtSyncUnkept, 1);
  unkept->id = sqlite3_column_int64 (stmt, 0);
  unkept->table = g_strdup (table->name);
  unkept->row_id = row_id;
  unkept->household_id = household;
  unkept->case_number = case_number_of (self, table, row_id, household);
  unkept->field = g_strdup (field->name);
  unkept->value = plain;
  unkept->at = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  unkept->reason =
    reason_names[ct_store_unkept_reason ((const char *) sqlite3_column_text (stmt, 7))];
  return unkept;
}

/* The entries this member may see, not logged; @households gets their
 * households, @categories the categories opened. */
static GPtrArray *
collect (CtSession *self,
         gint64     household_id,
         GArray    *households,
         guint     *categories,
         GError   **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) hidden = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  int rc;

  if (!_ct_session_require_unlocked (self, error)
      || (hidden = _ct_session_hidden_restricted (self, error)) == NULL
      || (stmt = ct_store_unkept_select (self->db, NULL, 0, error)) == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_sync_unkept_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncUnkept *unkept = read_entry (self, stmt, hidden, household_id, categories);
      gboolean known = FALSE;

      if (unkept == NULL)
        continue;
      g_ptr_array_add (list, unkept);
      for (guint i = 0; i < households->len; i++)
        known |= g_array_index (households, gint64, i) == unkept->household_id;
      if (!known)
        g_array_append_val (households, unkept->household_id);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * ct_session_sync_list_unkept:
 * @household_id: only the values of this household's records; 0 for all
 *
 * The values made on this laptop that a sync could not keep and that this
 * member may read (docs/sync-merge.md, "Edits not kept"), oldest first.
 * One that was sealed under a category the member may not read is left
 * out, and nothing tells of it. A list that shows any is logged, naming
 * the households.
 *
 * Returns: (transfer full) (element-type CtSyncUnkept): the entries
 */
GPtrArray *
ct_session_sync_list_unkept (CtSession *self,
                             gint64     household_id,
                             GError   **error)
{
  g_autoptr(GArray) households = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) list = NULL;
  ListLog log;
  guint categories = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if ((list = collect (self, household_id, households, &categories, error)) == NULL)
    return NULL;
  if (list->len == 0)
    return g_steal_pointer (&list);
  log.households = households;
  log.categories = categories;
  if (!ct_session_check_file (self, error)
      || !_ct_session_with_transaction (self, log_list, &log, error))
    return NULL;
  return g_steal_pointer (&list);
}

typedef struct
{
  gint64 id;
  gint64 household;
} Dismiss;

static gboolean
dismiss (CtSession *self,
         gpointer   data,
         GError   **error)
{
  Dismiss *d = data;
  CtAuditSubject subject = { d->household, 0, NULL };

  return ct_store_unkept_drop (self->db, d->id, error)
         && _ct_audit_append_subject (self, CT_AUDIT_DELETE, "sync_unkept", d->id, &subject, 0,
                                      "dismiss sync edit not kept", FALSE, error);
}

/**
 * ct_session_sync_dismiss_unkept:
 * @id: an entry ct_session_sync_list_unkept() gave this member
 *
 * Drops one value a sync could not keep: its author made it again, or
 * does not want it. Only an entry this member may see can be dismissed
 * (%CT_ERROR_NOT_FOUND otherwise); the dismissal is logged, naming the
 * household (the value is not read again).
 */
gboolean
ct_session_sync_dismiss_unkept (CtSession *self,
                                gint64     id,
                                GError   **error)
{
  g_autoptr(GArray) households = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) list = NULL;
  Dismiss d = { id, 0 };
  gboolean found = FALSE;
  guint categories = 0;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if ((list = collect (self, 0, households, &categories, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      CtSyncUnkept *unkept = g_ptr_array_index (list, i);

      if (unkept->id == id)
        {
          found = TRUE;
          d.household = unkept->household_id;
        }
    }
  if (!found)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("This edit is no longer kept on this laptop."));
      return FALSE;
    }
  return ct_session_check_file (self, error)
         && _ct_session_with_transaction (self, dismiss, &d, error);
}
