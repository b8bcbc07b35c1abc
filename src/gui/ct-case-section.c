/* ct-case-section.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One section of the case page: a preferences group whose fixed parts
 * (title, description, header buttons) come from its own template, and
 * whose rows are built for each case from the schema and the records.
 * The page hands every section the same CtCaseContext on load, asks it
 * to show or leave editing, and collects its editors' changes into one
 * CtCasePatch on save; a section never reads or writes on its own
 * account what the page could hand it. The rows it adds here go when the
 * case goes, so no client data stays in a hidden widget. */

#define G_LOG_DOMAIN "ct-case-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-section.h"
#include "ct-gui-labels.h"

typedef struct
{
  const CtCaseContext *context;
  GPtrArray *rows;            /* added for this case, removed with it */
  GPtrArray *editors;         /* CtFieldEditor */
  gboolean   filling;
} CtCaseSectionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CtCaseSection, ct_case_section, ADW_TYPE_PREFERENCES_GROUP)

/* Removes every row of the case, and hides the section: an empty page
 * shows no heading of a case that is gone. */
static void
drop_rows (CtCaseSection *self)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  if (priv->rows == NULL)
    return;
  for (guint i = 0; i < priv->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (priv->rows, i));
  g_ptr_array_set_size (priv->rows, 0);
  g_ptr_array_set_size (priv->editors, 0);
  priv->context = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
ct_case_section_real_load (CtCaseSection       *self,
                           const CtCaseContext *context)
{
}

static void
ct_case_section_real_set_editing (CtCaseSection *self,
                                  gboolean       editing)
{
}

static void
ct_case_section_dispose (GObject *object)
{
  ct_case_section_clear (CT_CASE_SECTION (object));

  G_OBJECT_CLASS (ct_case_section_parent_class)->dispose (object);
}

static void
ct_case_section_finalize (GObject *object)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (CT_CASE_SECTION (object));

  g_clear_pointer (&priv->rows, g_ptr_array_unref);
  g_clear_pointer (&priv->editors, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_case_section_parent_class)->finalize (object);
}

static void
ct_case_section_class_init (CtCaseSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ct_case_section_dispose;
  object_class->finalize = ct_case_section_finalize;
  klass->load = ct_case_section_real_load;
  klass->set_editing = ct_case_section_real_set_editing;
}

static void
ct_case_section_init (CtCaseSection *self)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  priv->rows = g_ptr_array_new ();
  priv->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_field_editor_free);
}

/**
 * ct_case_section_load:
 *
 * Drops the previous case's rows and shows @context's case.
 */
void
ct_case_section_load (CtCaseSection       *self,
                      const CtCaseContext *context)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_if_fail (CT_IS_CASE_SECTION (self));
  g_return_if_fail (context != NULL);

  drop_rows (self);
  priv->context = context;
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  CT_CASE_SECTION_GET_CLASS (self)->load (self, context);
  ct_case_section_set_editing (self, context->editing);
}

/* Another view of a case replaces this one (the page's next
 * ct_case_section_load()): the rows go; what the section kept of the case
 * stays, for its load to keep when it is the same case. */
void
ct_case_section_unload (CtCaseSection *self)
{
  g_return_if_fail (CT_IS_CASE_SECTION (self));

  drop_rows (self);
}

/* The case is gone: its rows, and what the section kept of it. */
void
ct_case_section_clear (CtCaseSection *self)
{
  g_return_if_fail (CT_IS_CASE_SECTION (self));

  drop_rows (self);
  if (CT_CASE_SECTION_GET_CLASS (self)->clear != NULL)
    CT_CASE_SECTION_GET_CLASS (self)->clear (self);
}

/* Every editor shows its record's value, as text to edit or to read. */
void
ct_case_section_set_editing (CtCaseSection *self,
                             gboolean       editing)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_if_fail (CT_IS_CASE_SECTION (self));

  priv->filling = TRUE;
  for (guint i = 0; i < priv->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (priv->editors, i);

      ct_field_editor_set_editing (editor, editing);
      ct_field_editor_show_value (editor, ct_record_get (editor->record, editor->field->name),
                                  editing);
      g_clear_pointer (&editor->initial, g_free);
      if (editing)
        editor->initial = ct_field_editor_get_text (editor);
    }
  priv->filling = FALSE;
  CT_CASE_SECTION_GET_CLASS (self)->set_editing (self, editing);
}

const CtCaseContext *
ct_case_section_get_context (CtCaseSection *self)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), NULL);

  return priv->context;
}

/* Returns: (transfer none) (element-type CtFieldEditor): the editors */
GPtrArray *
ct_case_section_get_editors (CtCaseSection *self)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), NULL);

  return priv->editors;
}

CtFieldEditor *
ct_case_section_find_editor (CtCaseSection *self,
                             const char    *table,
                             const char    *field)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), NULL);

  for (guint i = 0; i < priv->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (priv->editors, i);

      if (g_str_equal (ct_record_get_table (editor->record)->name, table)
          && g_str_equal (editor->field->name, field))
        return editor;
    }
  return NULL;
}

/* Whether the editors are being filled with the stored values: a change
 * then is not the member's. */
gboolean
ct_case_section_is_filling (CtCaseSection *self)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), FALSE);

  return priv->filling;
}

/**
 * ct_case_section_collect:
 * @first: (inout): the first editor found wrong, if still %NULL
 *
 * Checks every changed field and puts the valid ones in @patch.
 *
 * Returns: how many are wrong; each says so under its row
 */
guint
ct_case_section_collect (CtCaseSection  *self,
                         CtCasePatch    *patch,
                         CtFieldEditor **first)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);
  guint n_errors = 0;

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), 0);

  for (guint i = 0; i < priv->editors->len; i++)
    {
      CtFieldEditor *editor = g_ptr_array_index (priv->editors, i);
      g_autofree char *text = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GError) field_error = NULL;

      ct_field_editor_set_error (editor, NULL);
      if (editor->read_only || !gtk_widget_get_visible (editor->row))
        continue;
      text = ct_field_editor_get_text (editor);
      if (g_strcmp0 (text, editor->initial) == 0)
        continue;

      value = ct_gui_field_from_text (editor->field, text, &field_error);
      if (value == NULL)
        {
          ct_field_editor_set_error (editor, field_error->message);
          *first = *first != NULL ? *first : editor;
          n_errors++;
          continue;
        }
      ct_case_patch_set (patch, editor->record, editor->field->name, value);
    }
  return n_errors;
}

void
ct_case_section_add_row (CtCaseSection *self,
                         GtkWidget     *row)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);

  g_return_if_fail (CT_IS_CASE_SECTION (self));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (priv->rows, row);
}

/* Drops what ct_case_section_keep_row() kept: the case went. */
void
ct_case_kept_row_clear (CtCaseKeptRow *kept)
{
  g_clear_object (&kept->row);
  kept->session = NULL;
  kept->id = 0;
}

/**
 * ct_case_section_keep_row:
 * @kept: the section's row of a case read in a worker of its own
 * @id: the case or household the row is for, in @context's case
 * @new_row: makes the row for @id; it begins to read
 * @reload: reads the kept row's case again
 *
 * Adds @kept's row when the page shows the same case again (same session,
 * same @id), after a write of its own or a sync, and has it read again: it
 * shows what it showed until the new values replace it, so the rows below
 * do not move meanwhile. Otherwise drops it and adds a new one. Outside
 * the member's involvement the section shows nothing and keeps nothing.
 */
void
ct_case_section_keep_row (CtCaseSection       *self,
                          CtCaseKeptRow       *kept,
                          const CtCaseContext *context,
                          gint64               id,
                          CtCaseKeptRowNew     new_row,
                          CtCaseKeptRowReload  reload)
{
  g_return_if_fail (CT_IS_CASE_SECTION (self));

  if (context->limited)
    {
      ct_case_kept_row_clear (kept);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (kept->row != NULL && kept->session == context->session && kept->id == id)
    {
      ct_case_section_add_row (self, kept->row);
      reload (kept->row);
      return;
    }
  ct_case_kept_row_clear (kept);
  kept->row = g_object_ref_sink (new_row (context->session, id));
  kept->session = context->session;
  kept->id = id;
  ct_case_section_add_row (self, kept->row);
}

static void
add_to (CtCaseSection  *self,
        AdwExpanderRow *expander,
        GtkWidget      *row)
{
  if (expander != NULL)
    adw_expander_row_add_row (expander, row);
  else
    ct_case_section_add_row (self, row);
}

/**
 * ct_case_section_add_field:
 * @expander: (nullable): the row to add it in, else the section
 *
 * Adds an editor of @record's field @name, its error row and a row for
 * each sync conflict of the field.
 *
 * Returns: (transfer none): the editor, the section's until the case goes
 */
CtFieldEditor *
ct_case_section_add_field (CtCaseSection  *self,
                           AdwExpanderRow *expander,
                           CtRecord       *record,
                           const char     *name)
{
  CtCaseSectionPrivate *priv = ct_case_section_get_instance_private (self);
  const CtTable *table = ct_record_get_table (record);
  CtFieldEditor *editor;
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (CT_IS_CASE_SECTION (self), NULL);
  g_return_val_if_fail (priv->context != NULL, NULL);

  editor = ct_field_editor_new (ct_table_get_field (table, name), record);
  if (editor->member_ids != NULL)
    ct_field_editor_set_members (editor, priv->context->members);
  add_to (self, expander, editor->row);
  add_to (self, expander, editor->error_row);
  conflicts = _ct_case_conflict_rows_new (priv->context->conflicts, record, editor->field);
  for (guint i = 0; i < conflicts->len; i++)
    add_to (self, expander, g_ptr_array_index (conflicts, i));
  g_ptr_array_add (priv->editors, editor);
  return editor;
}

static char *
roles_allowed (CtSession  *session,
               CtCategory  category)
{
  GString *roles = g_string_new (NULL);

  for (CtRole role = 0; role < CT_N_ROLES; role++)
    if (ct_session_policy_allows (session, role, category))
      g_string_append_printf (roles, "%s%s", roles->len ? _(", ") : "",
                              ct_role_get_display_name (role));
  return g_string_free (roles, FALSE);
}

/**
 * ct_case_section_show_restricted:
 *
 * Makes the section say only that @category is restricted and which
 * roles can see it: no count, no length, no hint of whether there is
 * anything at all.
 */
void
ct_case_section_show_restricted (CtCaseSection *self,
                                 CtCategory     category)
{
  const CtCaseContext *context = ct_case_section_get_context (self);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *roles = roles_allowed (context->session, category);
  g_autofree char *who = roles[0] ? g_strdup_printf (_("Visible to: %s"), roles)
                                  : g_strdup (_("No role may see this at present."));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   ct_category_get_display_name (category));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Restricted"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
  gtk_widget_add_css_class (row, "restricted");
  ct_case_section_add_row (self, row);
}

/* A flat button at the end of a row. */
GtkWidget *
ct_case_section_button_new (const char *label,
                            const char *action,
                            GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

/* Whether this member lacks a category whose facts could be about a
 * household: a sentence that says so depends on the role only. */
gboolean
ct_case_section_lacks_a_category (CtSession *session)
{
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    if (!ct_session_can_read (session, ct_fact_categories[k]))
      return TRUE;
  return FALSE;
}
