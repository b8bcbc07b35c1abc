/* ct-case-page-editors.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case page's field editors across its sections: finding one by its
 * row and field, by the keyboard focus or by an error's field, whether
 * any changed, and collecting the changes for a save. The sections own
 * their editors (ct-case-section.c); the page (ct-case-page.c) asks here
 * which one a save, an error or a re-read is about. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include "ct-case-page-private.h"
#include "ct-error.h"

CtFieldEditor *
_ct_case_page_find_editor (CtCasePage *self,
                           const char *table,
                           const char *field)
{
  for (guint i = 0; i < self->sections->len; i++)
    {
      CtFieldEditor *editor = ct_case_section_find_editor (g_ptr_array_index (self->sections, i),
                                                           table, field);

      if (editor != NULL)
        return editor;
    }
  return NULL;
}

typedef gboolean (*EditorMatch) (CtFieldEditor *editor,
                                 gconstpointer  data);

/* The first editor of any section that @match accepts, or %NULL. */
static CtFieldEditor *
find_editor (CtCasePage    *self,
             EditorMatch    match,
             gconstpointer  data)
{
  for (guint s = 0; s < self->sections->len; s++)
    {
      GPtrArray *editors = ct_case_section_get_editors (g_ptr_array_index (self->sections, s));

      for (guint i = 0; i < editors->len; i++)
        if (match (g_ptr_array_index (editors, i), data))
          return g_ptr_array_index (editors, i);
    }
  return NULL;
}

typedef struct
{
  const char    *table;
  gint64         row_id;
  const CtField *field;
} RowField;

static gboolean
is_row_field (CtFieldEditor *editor,
              gconstpointer  data)
{
  const RowField *want = data;

  return editor->field == want->field && editor->record != NULL
         && ct_record_get_id (editor->record) == want->row_id
         && g_str_equal (ct_record_get_table (editor->record)->name, want->table);
}

/* The editor of @table's row @row_id and @field, or %NULL: the same
 * field's row after a re-read (ct-case-page.c). */
CtFieldEditor *
_ct_case_page_find_row_editor (CtCasePage    *self,
                               const char    *table,
                               gint64         row_id,
                               const CtField *field)
{
  RowField want = { table, row_id, field };

  return find_editor (self, is_row_field, &want);
}

static gboolean
holds_focus (CtFieldEditor *editor,
             gconstpointer  focus)
{
  return editor->record != NULL
         && (focus == editor->row || gtk_widget_is_ancestor ((GtkWidget *) focus, editor->row));
}

/* The editor whose row holds the window's keyboard focus, or %NULL. */
CtFieldEditor *
_ct_case_page_focused_editor (CtCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;
  return find_editor (self, holds_focus, focus);
}

/* An editable field whose text differs from when editing began. */
static gboolean
is_changed (CtFieldEditor *editor,
            gconstpointer  unused)
{
  g_autofree char *text = NULL;

  if (editor->read_only)
    return FALSE;
  text = ct_field_editor_get_text (editor);
  return g_strcmp0 (text, editor->initial) != 0;
}

static gboolean
is_changed_row (CtFieldEditor *editor,
                gconstpointer  unused)
{
  return editor->record != NULL && is_changed (editor, NULL);
}

/* The first field of a stored row whose text changed, or %NULL. */
CtFieldEditor *
_ct_case_page_first_changed_editor (CtCasePage *self)
{
  return find_editor (self, is_changed_row, NULL);
}

/* Every editor of the page takes no input while @held: from a save's start
 * until what it stored shows (ct_field_editor_set_held()). */
void
_ct_case_page_hold_editors (CtCasePage *self,
                            gboolean    held)
{
  for (guint s = 0; s < self->sections->len; s++)
    {
      GPtrArray *editors = ct_case_section_get_editors (g_ptr_array_index (self->sections, s));

      for (guint i = 0; i < editors->len; i++)
        ct_field_editor_set_held (g_ptr_array_index (editors, i), held);
    }
}

/* Checks every changed field and puts the valid ones in @patch; returns
 * how many are wrong, with the focus on the first of them. */
guint
_ct_case_page_collect_changes (CtCasePage  *self,
                               CtCasePatch *patch)
{
  guint n_errors = 0;
  CtFieldEditor *first = NULL;

  for (guint i = 0; i < self->sections->len; i++)
    n_errors += ct_case_section_collect (g_ptr_array_index (self->sections, i), patch, &first);
  if (first != NULL)
    gtk_widget_grab_focus (ct_field_editor_get_focus (first));
  return n_errors;
}

/* @data: the table's and the field's names */
static gboolean
is_named_field (CtFieldEditor *editor,
                gconstpointer  data)
{
  const char * const *want = data;

  return !editor->read_only && g_str_equal (editor->field->name, want[1])
         && g_str_equal (ct_record_get_table (editor->record)->name, want[0]);
}

/* The first editable editor of the field @error names; never found from
 * the message, which is translated. */
static CtFieldEditor *
find_error_editor (CtCasePage   *self,
                   const GError *error)
{
  const char *table = ct_error_get_table (error);
  const char *field = ct_error_get_field (error);

  const char *want[] = { table, field };

  if (!g_error_matches (error, CT_ERROR, CT_ERROR_INVALID_FIELD) || table == NULL || field == NULL)
    return NULL;
  return find_editor (self, is_named_field, want);
}

/* Shows @error under the row of the field it names, with the focus on
 * it; %FALSE when it names none of the page's fields. */
gboolean
_ct_case_page_show_field_error (CtCasePage   *self,
                                const GError *error)
{
  CtFieldEditor *editor = find_error_editor (self, error);

  if (editor == NULL)
    return FALSE;
  gtk_widget_set_visible (editor->row, TRUE);
  ct_field_editor_set_error (editor, error->message);
  gtk_widget_grab_focus (ct_field_editor_get_focus (editor));
  return TRUE;
}

/* Whether anything differs from when editing began. */
gboolean
ct_case_page_get_dirty (CtCasePage *self)
{
  g_return_val_if_fail (CT_IS_CASE_PAGE (self), FALSE);

  if (!self->editing)
    return FALSE;

  return find_editor (self, is_changed, NULL) != NULL;
}

const char *
_ct_case_page_get_error (CtCasePage *self,
                         const char *table,
                         const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  return editor != NULL ? ct_field_editor_get_error (editor) : NULL;
}

void
_ct_case_page_set_text (CtCasePage *self,
                        const char *table,
                        const char *field,
                        const char *text)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  g_assert (editor != NULL);
  ct_field_editor_set_text (editor, text);
}

char *
_ct_case_page_get_text (CtCasePage *self,
                        const char *table,
                        const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (self, table, field);

  return editor != NULL ? ct_field_editor_get_text (editor) : NULL;
}
