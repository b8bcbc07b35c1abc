/* ct-session-merge-copy.c — merging a copy with the scan in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_merge() (ct-session-merge.c) with the slow parts in a
 * worker: the copy is opened and compared with this file there, table by
 * table in id order, and only the rows found to differ are merged in the
 * session's thread. Also the one-line summary of a merge, for the CLI and
 * the window. The rules are in docs/sync-merge.md ("Merging a copy"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-session-merge-private.h"
#include "ct-session-read-private.h"
#include "ct-store-sync.h"

typedef struct
{
  char      *path;
  char      *login;
  CtSecret  *passphrase;
  CtSession *reader;  /* of this file; the worker's */
  CtSession *other;   /* made by the worker; the session's thread's after */
  CtMergePlan plan;
} MergeTask;

static void
merge_task_free (MergeTask *task)
{
  g_free (task->path);
  g_free (task->login);
  ct_secret_free (task->passphrase);
  g_clear_object (&task->reader);
  g_clear_object (&task->other);
  g_clear_pointer (&task->plan.differ, g_ptr_array_unref);
  g_clear_pointer (&task->plan.tombstoned, g_ptr_array_unref);
  g_free (task);
}

static CtStmt *
select_rows (sqlite3       *db,
             const CtTable *table,
             GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");

  for (guint i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, ", %s", table->fields[i].name);
  g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
  return ct_store_prepare (db, sql->str, error);
}

static gboolean
same_columns (CtStmt *a,
              CtStmt *b,
              int     n)
{
  for (int c = 1; c < n; c++)
    {
      int type = sqlite3_column_type (a, c);

      if (type != sqlite3_column_type (b, c))
        return FALSE;
      if (type == SQLITE_INTEGER)
        {
          if (sqlite3_column_int64 (a, c) != sqlite3_column_int64 (b, c))
            return FALSE;
        }
      else if (type != SQLITE_NULL)
        {
          const void *x = sqlite3_column_blob (a, c);
          const void *y = sqlite3_column_blob (b, c);
          int len = sqlite3_column_bytes (a, c);

          if (len != sqlite3_column_bytes (b, c) || (len > 0 && memcmp (x, y, (gsize) len) != 0))
            return FALSE;
        }
    }
  return TRUE;
}

/* One table, both files in id order side by side: the copy's rows that
 * this file lacks or holds otherwise. */
static GArray *
scan_differ (sqlite3       *ours,
             sqlite3       *theirs,
             const CtTable *table,
             GError       **error)
{
  g_autoptr(CtStmt) a = select_rows (ours, table, error);
  g_autoptr(CtStmt) b = a != NULL ? select_rows (theirs, table, error) : NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int ra, rb;

  if (b == NULL)
    return NULL;
  ra = sqlite3_step (a);
  rb = sqlite3_step (b);
  while (rb == SQLITE_ROW)
    {
      gint64 theirs_id = sqlite3_column_int64 (b, 0);
      gint64 ours_id = ra == SQLITE_ROW ? sqlite3_column_int64 (a, 0) : G_MAXINT64;

      if (ours_id < theirs_id)
        {
          ra = sqlite3_step (a);
          continue;
        }
      if (ours_id > theirs_id || !same_columns (a, b, (int) table->n_fields + 1))
        g_array_append_val (ids, theirs_id);
      if (ours_id == theirs_id)
        ra = sqlite3_step (a);
      rb = sqlite3_step (b);
    }
  if ((ra != SQLITE_ROW && ra != SQLITE_DONE) || rb != SQLITE_DONE)
    {
      ct_store_set_error (rb != SQLITE_DONE ? theirs : ours, rb != SQLITE_DONE ? rb : ra, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* This file's rows of one table that the copy deleted under sync. */
static GArray *
scan_tombstoned (sqlite3       *ours,
                 sqlite3       *theirs,
                 const CtTable *table,
                 GError       **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (theirs, "SELECT row_id FROM sync_tombstones "
                                                     "WHERE tbl = ?1 ORDER BY row_id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  return _ct_session_merge_step_ids (theirs, stmt, ours, table->name, error);
}

static void
merge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MergeTask *m = task_data;
  GError *error = NULL;
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  m->other = ct_session_unlock_copy (m->path, m->login, m->passphrase, &error);
  if (m->other == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  m->plan.differ = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  m->plan.tombstoned = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint t = 0; t < n_tables; t++)
    {
      GArray *differ, *tombstoned;

      if (g_task_return_error_if_cancelled (task))
        return;
      differ = scan_differ (m->reader->db, m->other->db, tables[t], &error);
      tombstoned = differ != NULL ? scan_tombstoned (m->reader->db, m->other->db, tables[t],
                                                     &error)
                                  : NULL;
      if (tombstoned == NULL)
        {
          g_clear_pointer (&differ, g_array_unref);
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (m->plan.differ, differ);
      g_ptr_array_add (m->plan.tombstoned, tombstoned);
    }
  g_clear_object (&m->reader);
  g_task_return_boolean (task, TRUE);
}

/**
 * ct_session_merge_copy_async:
 * @path: a copy of this team file
 * @passphrase: the passphrase that opens the copy for this member
 *
 * ct_session_unlock_copy() and ct_session_merge() with the slow parts in a
 * worker: the worker opens the copy (Argon2id) and compares it with this
 * file through a reader of the session (HACKING.md, rule 4), which reads
 * only stored ciphertext and decrypts nothing; the rows that differ are
 * then merged in the session's thread by ct_session_merge_copy_finish(),
 * by the same rules and checks as ct_session_merge(). Rows found the same
 * are not looked at again, so a copy that holds nothing new costs the
 * session's thread nothing.
 */
void
ct_session_merge_copy_async (CtSession           *self,
                             const char          *path,
                             const char          *passphrase,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  MergeTask *m;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (path != NULL && passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_merge_copy_async);
  m = g_new0 (MergeTask, 1);
  g_task_set_task_data (task, m, (GDestroyNotify) merge_task_free);
  if (self->member == NULL)
    {
      g_task_return_new_error (task, CT_ERROR, CT_ERROR_RESTRICTED, "%s",
                               _("Merging needs a member's session, not the recovery key."));
      return;
    }
  m->path = g_strdup (path);
  m->login = g_strdup (self->member->login);
  m->passphrase = ct_secret_new_string (passphrase);
  if ((m->reader = _ct_session_new_reader (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, merge_thread);
}

/**
 * ct_session_merge_copy_finish:
 * @summary: (out caller-allocates): what was merged
 *
 * Merges what the worker found, in the session's thread. A copy the
 * passphrase does not open gives %CT_ERROR_WRONG_CREDENTIALS.
 */
gboolean
ct_session_merge_copy_finish (CtSession      *self,
                              GAsyncResult   *result,
                              CtMergeSummary *summary,
                              GError        **error)
{
  MergeTask *m;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_merge_copy_async,
                        FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  m = g_task_get_task_data (G_TASK (result));
  return _ct_session_merge_run (self, m->other, &m->plan, summary, error);
}

/* @format: the count's phrase, already in its plural form for @n */
static void append_part (GString    *out,
                         guint       n,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
append_part (GString    *out,
             guint       n,
             const char *format,
             ...)
{
  va_list args;

  if (n == 0)
    return;
  if (out->len > 0)
    g_string_append (out, ", ");
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

/* One line, for the CLI and the window's toast: only what happened, each
 * count in its own plural form. */
char *
ct_merge_summary_format (const CtMergeSummary *summary)
{
  g_autoptr(GString) parts = g_string_new (NULL);
  guint n;

  /* What was not merged first: a toast may be cut short. */
  n = summary->unmerged;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE,
                                      "%u edit of the copy was not merged: merge it again as a "
                                      "member who may write it",
                                      "%u edits of the copy were not merged: merge it again as a "
                                      "member who may write them", n),
               n);
  n = summary->lost;
  /* TRANSLATORS: edits of a record whose category the other side changed
   * (docs/sync-merge.md, "A row's category") */
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE,
                                      "%u edit not kept, since the category of its record "
                                      "changed (make it again)",
                                      "%u edits not kept, since the category of their records "
                                      "changed (make them again)", n),
               n);
  n = summary->added;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u record added",
                                      "%u records added", n), n);
  n = summary->taken;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u field taken from the copy",
                                      "%u fields taken from the copy", n), n);
  n = summary->conflicts;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u conflict kept",
                                      "%u conflicts kept", n), n);
  n = summary->deleted;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u record deleted",
                                      "%u records deleted", n), n);
  n = summary->dropped;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE, "%u record of a deleted record dropped",
                                      "%u records of deleted records dropped", n), n);
  n = summary->restricted;
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE,
                                      "%u value left out (your role may not write it)",
                                      "%u values left out (your role may not write them)", n),
               n);
  n = summary->remade;
  /* TRANSLATORS: edits of a record whose category the other side changed,
   * made again under its new category (docs/sync-merge.md, "Merging a copy") */
  append_part (parts, n, g_dngettext (GETTEXT_PACKAGE,
                                      "%u edit kept under its record's new category",
                                      "%u edits kept under their records' new category", n),
               n);
  if (parts->len == 0)
    return g_strdup (_("Merged: nothing new in the copy."));
  /* TRANSLATORS: %s lists the counts, e.g. "2 records added, 1 conflict kept" */
  return g_strdup_printf (_("Merged: %s."), parts->str);
}
