/* ct-case-page-conflicts.c — edits made concurrently on other laptops
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* With team sync, one field edited on two laptops keeps both values: the
 * later is shown, the other is a conflict (docs/sync-merge.md, "Merge rules").
 * Under each such field the case page says "Also changed on the laptop of
 * <member>: <value>", with a button that uses that value. Using it is an
 * ordinary edit through the session, which has seen every value, so it
 * resolves the conflict here and travels to the other laptops. */

#define G_LOG_DOMAIN "ct-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-page-private.h"
#include "ct-case-section.h"
#include "ct-gui-labels.h"
#include "ct-saving.h"

static char *
conflict_key (const char *table,
              gint64      row_id,
              const char *field)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%s", table, row_id, field);
}

/* Indexes the conflicts that came in the view (ct_case_load_async() read
 * them in its worker, logged and named them) by row and field, before
 * the page's rows are built: reads nothing. */
void
_ct_case_page_index_conflicts (CtCasePage *self)
{
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  self->conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->view->conflicts->len; i++)
    {
      CtRowConflicts *row = g_ptr_array_index (self->view->conflicts, i);

      for (guint j = 0; j < row->conflicts->len; j++)
        {
          CtSyncConflict *c = g_ptr_array_index (row->conflicts, j);
          g_autofree char *key = conflict_key (row->table, row->row_id, c->field);
          GPtrArray *list = g_hash_table_lookup (self->conflicts, key);

          /* The conflicts stay the view's. */
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->conflicts, g_steal_pointer (&key), list);
            }
          g_ptr_array_add (list, c);
        }
    }
}

static GtkWidget *
conflict_row_new (CtRecord             *record,
                  const CtField        *field,
                  const CtSyncConflict *c)
{
  GtkWidget *row = adw_action_row_new ();
  const char *who = c->member != NULL ? c->member : _("another member");
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  GtkWidget *button;

  if (c->restricted)
    title = g_strdup_printf (_("Also changed on the laptop of %s; your role may not see the value"),
                             who);
  else
    {
      shown = c->value != NULL ? ct_gui_format_field (field, c->value) : NULL;
      /* Translators: under a field; a member's name, then the value they gave it */
      title = g_strdup_printf (_("Also changed on the laptop of %s: %s"), who,
                               shown != NULL && *shown != '\0' ? shown : _("(empty)"));
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_add_css_class (row, "sync-conflict");
  if (c->restricted)
    return row;

  button = gtk_button_new_with_mnemonic (_("_Use This"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Use this value instead of the one shown"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.use-conflict");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(sxsms)",
                                    ct_record_get_table (record)->name,
                                    ct_record_get_id (record), field->name, c->value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/**
 * _ct_case_conflict_rows_new:
 * @conflicts: (nullable): the case page's conflicts
 *
 * Returns: (transfer container): a row for each conflict of @record's
 *   @field, to go under its editor
 */
GPtrArray *
_ct_case_conflict_rows_new (GHashTable    *conflicts,
                            CtRecord      *record,
                            const CtField *field)
{
  GPtrArray *rows = g_ptr_array_new ();
  g_autofree char *key = NULL;
  GPtrArray *list;

  if (conflicts == NULL)
    return rows;
  key = conflict_key (ct_record_get_table (record)->name, ct_record_get_id (record), field->name);
  if ((list = g_hash_table_lookup (conflicts, key)) == NULL)
    return rows;
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (rows, conflict_row_new (record, field, g_ptr_array_index (list, i)));
  return rows;
}

/* The other laptop's value, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4). The record
 * is read there, in the write's own transaction, as a withdrawal reads
 * its consent (ct-case-page-actions.c): nothing is read on the main
 * thread when "Use This" is pressed, and the write takes its place in the
 * queue at once, behind a save queued before it and ahead of anything
 * asked for after it. The page is a weak reference (ct_saving_write()),
 * so a page gone meanwhile is not touched. Meanwhile the "Use This"
 * buttons are off and an Edit waits for the value to show
 * (ct_case_page_set_editing()). */
typedef struct
{
  char   *table;
  gint64  row_id;
  char   *field;
  char   *value;
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->table);
  g_free (choice->field);
  g_free (choice->value);
  g_free (choice);
}

/* In the session's write queue: the record as stored, with the chosen
 * value. */
static gboolean
write_conflict (CtSession *session,
                gpointer   data,
                GError   **error)
{
  Choice *choice = data;
  g_autoptr(CtRecord) record = ct_session_get (session, choice->table, choice->row_id, error);

  if (record == NULL)
    return FALSE;
  ct_record_set (record, choice->field, choice->value);
  return ct_session_update (session, record, error);
}

static void
set_writing (CtCasePage *self,
             gboolean    writing)
{
  self->conflict_writing += writing ? 1 : -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.use-conflict",
                                 self->conflict_writing == 0);
}

/* Back from the write queue: the case read again with a toast, or the
 * error as a toast as before. A lock meanwhile says nothing. */
static void
conflict_written_cb (gpointer      owner,
                     CtSession    *session,
                     GAsyncResult *result)
{
  CtCasePage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL)
    return;
  set_writing (self, FALSE);
  /* Locked, or back at the list meanwhile: no case to read again. */
  if (self->session != session || self->case_record == NULL)
    return;
  if (!ok)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        _ct_case_page_show_toast (self, error->message);
      /* An Edit asked for meanwhile begins on the values shown. */
      if (self->edit_after_reread && !self->rereading)
        ct_case_page_set_editing (self, TRUE);
      return;
    }
  _ct_case_page_reload (self);
  _ct_case_page_show_toast (self, _("The other laptop’s value is used."));
}

static void
use_conflict_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CtCasePage *self = CT_CASE_PAGE (widget);
  Choice *choice = g_new0 (Choice, 1);

  g_variant_get (parameter, "(sxsms)", &choice->table, &choice->row_id, &choice->field,
                 &choice->value);
  set_writing (self, TRUE);
  ct_saving_write (self, self->session, write_conflict, choice, (GDestroyNotify) choice_free,
                   NULL, NULL, conflict_written_cb);
}

void
_ct_case_page_install_conflict_action (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.use-conflict", "(sxsms)",
                                   use_conflict_action);
}
