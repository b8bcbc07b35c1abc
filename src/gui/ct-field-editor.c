/* ct-field-editor.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A field of the schema as a row to read and to edit, shared by the case
 * page and the referral assistant. Amounts are edited in euros and dates
 * in the user's way of writing them (ct-gui-labels.c reads them back). */

#define G_LOG_DOMAIN "ct-field-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-field-editor.h"
#include "ct-gui-labels.h"

static const char *
enum_value_at (const CtField *field,
               guint          position)
{
  /* Position 0 of an optional field is "Not set". */
  if (!field->required)
    {
      if (position == 0)
        return "";
      position--;
    }
  return field->values[position];
}

static guint
enum_position (const CtField *field,
               const char    *value)
{
  guint offset = field->required ? 0 : 1;

  for (guint i = 0; value != NULL && field->values[i] != NULL; i++)
    if (g_str_equal (field->values[i], value))
      return i + offset;
  return 0;
}

static char *
member_value_at (CtFieldEditor *editor,
                 guint          position)
{
  gint64 id = position < editor->member_ids->len
                ? g_array_index (editor->member_ids, gint64, position) : 0;

  return id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup ("");
}

/* A member who has left stays named as such, and stays chosen. */
static guint
member_position (CtFieldEditor *editor,
                 const char    *value)
{
  gint64 id = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
  GtkStringList *labels;

  if (id <= 0)
    return 0;
  for (guint i = 0; i < editor->member_ids->len; i++)
    if (g_array_index (editor->member_ids, gint64, i) == id)
      return i;

  labels = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (editor->editable)));
  gtk_string_list_append (labels, _("Former member"));
  g_array_append_val (editor->member_ids, id);
  return editor->member_ids->len - 1;
}

/* Preferences rows, so that a preferences group keeps them inside its list. */
static GtkWidget *
error_row_new (GtkLabel   **label_out,
               GtkWidget  **actions_out)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_can_focus (row, FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_start (actions, 12);
  gtk_widget_set_margin_end (actions, 12);
  gtk_widget_set_margin_bottom (actions, 6);
  gtk_widget_set_halign (actions, GTK_ALIGN_START);
  gtk_widget_set_visible (actions, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), actions);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_visible (row, FALSE);

  *label_out = GTK_LABEL (label);
  *actions_out = actions;
  return row;
}

static GtkWidget *
text_row_new (const char  *title,
              GtkWidget  **view_out,
              GtkLabel   **value_out)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *value = gtk_label_new (NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 90);
  gtk_widget_add_css_class (view, "field-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  /* To read, a label: it wraps and measures at once, where a text view
   * settles its height only after a first frame. */
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), view);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  *view_out = view;
  *value_out = GTK_LABEL (value);
  return row;
}

static GtkWidget *
combo_row_new (const CtField *field)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  if (!field->required)
    gtk_string_list_append (labels, _("Not set"));
  for (guint i = 0; field->values[i] != NULL; i++)
    gtk_string_list_append (labels, ct_gui_enum_label (field, field->values[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  return row;
}

static GtkWidget *
set_row_new (const CtField *field,
             GPtrArray     *checks)
{
  GtkWidget *row = adw_expander_row_new ();

  for (guint i = 0; field->values[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *item = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item),
                                     ct_gui_enum_label (field, field->values[i]));
      adw_action_row_add_prefix (ADW_ACTION_ROW (item), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), item);
      g_ptr_array_add (checks, check);
    }
  return row;
}

/**
 * ct_field_editor_new:
 * @record: (nullable): the record whose field this is
 *
 * Returns: (transfer full): the editor; its @row and @error_row are for
 *   the caller to place, one under the other
 */
CtFieldEditor *
ct_field_editor_new (const CtField *field,
                     CtRecord      *record)
{
  CtFieldEditor *editor = g_new0 (CtFieldEditor, 1);

  g_return_val_if_fail (field != NULL, NULL);

  editor->record = record;
  editor->field = field;

  if (field->type == CT_FIELD_ENUM)
    editor->row = editor->editable = combo_row_new (field);
  else if (field->type == CT_FIELD_MEMBER)
    {
      editor->row = editor->editable = adw_combo_row_new ();
      editor->member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      ct_field_editor_set_members (editor, NULL);
    }
  else if (field->type == CT_FIELD_ENUM_SET)
    {
      editor->checks = g_ptr_array_new ();
      editor->row = set_row_new (field, editor->checks);
    }
  else if (field->type == CT_FIELD_TEXT)
    editor->row = text_row_new (_(field->label), &editor->editable, &editor->value_label);
  else
    editor->row = editor->editable = adw_entry_row_new ();

  if (ADW_IS_PREFERENCES_ROW (editor->row))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), _(field->label));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (editor->row), FALSE);
    }
  editor->error_row = error_row_new (&editor->error_label, &editor->error_actions);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (editor->row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, editor->error_label, NULL,
                                  -1);
  return editor;
}

void
ct_field_editor_free (CtFieldEditor *editor)
{
  if (editor == NULL)
    return;

  g_clear_pointer (&editor->checks, g_ptr_array_unref);
  g_clear_pointer (&editor->member_ids, g_array_unref);
  g_free (editor->initial);
  g_free (editor);
}

/**
 * ct_field_editor_set_members:
 * @members: (nullable) (element-type CtMemberInfo): the team's members
 *
 * What a member field offers: "Not set" and each member by name.
 */
void
ct_field_editor_set_members (CtFieldEditor *editor,
                             GPtrArray     *members)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 none = 0;

  g_return_if_fail (editor->member_ids != NULL);

  g_array_set_size (editor->member_ids, 0);
  gtk_string_list_append (labels, _("Not set"));
  g_array_append_val (editor->member_ids, none);
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      gtk_string_list_append (labels, info->display_name);
      g_array_append_val (editor->member_ids, info->id);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (editor->editable), G_LIST_MODEL (labels));
}

/* The editor's current text: canonical for choices, as typed for entries. */
char *
ct_field_editor_get_text (CtFieldEditor *editor)
{
  if (editor->checks != NULL)
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < editor->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (editor->checks, i)))
          g_string_append_printf (out, "%s%s", out->len ? "," : "", editor->field->values[i]);
      return g_string_free (out, FALSE);
    }
  if (editor->member_ids != NULL)
    return member_value_at (editor,
                            adw_combo_row_get_selected (ADW_COMBO_ROW (editor->editable)));
  if (ADW_IS_COMBO_ROW (editor->editable))
    return g_strdup (enum_value_at (editor->field,
                                    adw_combo_row_get_selected (ADW_COMBO_ROW (editor->editable))));
  if (GTK_IS_TEXT_VIEW (editor->editable))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editable));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->editable)));
}

/* Sets what the editor holds: typed text, or a stored value for choices. */
void
ct_field_editor_set_text (CtFieldEditor *editor,
                          const char    *text)
{
  if (editor->checks != NULL)
    {
      g_auto(GStrv) set = g_strsplit (text != NULL ? text : "", ",", -1);
      g_autofree char *label = ct_gui_enum_set_label (editor->field, text);

      for (guint i = 0; i < editor->checks->len; i++)
        gtk_check_button_set_active (g_ptr_array_index (editor->checks, i),
                                     g_strv_contains ((const char * const *) set,
                                                      editor->field->values[i]));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (editor->row), label[0] ? label : _("None"));
    }
  else if (editor->member_ids != NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (editor->editable), member_position (editor, text));
  else if (ADW_IS_COMBO_ROW (editor->editable))
    adw_combo_row_set_selected (ADW_COMBO_ROW (editor->editable),
                                enum_position (editor->field, text));
  else if (GTK_IS_TEXT_VIEW (editor->editable))
    {
      GtkLabel *label = editor->value_label;

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editable)),
                                text != NULL ? text : "", -1);
      gtk_label_set_text (label, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0'
                                                  && !gtk_widget_get_visible (editor->editable));
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (editor->editable), text != NULL ? text : "");
}

/* Shows a stored value: formatted to read, or as text to edit. */
void
ct_field_editor_show_value (CtFieldEditor *editor,
                            const char    *value,
                            gboolean       editing)
{
  g_autofree char *text = NULL;

  if (editor->checks != NULL || ADW_IS_COMBO_ROW (editor->editable))
    {
      ct_field_editor_set_text (editor, value);
      return;
    }

  text = editing ? ct_gui_field_to_text (editor->field, value)
                 : ct_gui_format_field (editor->field, value);
  ct_field_editor_set_text (editor, text);
}

/* Whether the editor takes input: the member edits, the field is theirs
 * to write, and no save of it is under way. Looks as it did: a held row is
 * not greyed out, only the choices of a set are. */
static void
apply_input (CtFieldEditor *editor)
{
  gboolean on = editor->editing && !editor->read_only;
  gboolean input = on && !editor->held;

  if (editor->checks != NULL)
    {
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (editor->row), on);
      for (guint i = 0; i < editor->checks->len; i++)
        gtk_widget_set_sensitive (g_ptr_array_index (editor->checks, i), !editor->held);
    }
  else if (ADW_IS_COMBO_ROW (editor->editable))
    {
      /* Not insensitive: a value to read must not look greyed out. */
      gtk_widget_set_can_target (editor->row, input);
      gtk_widget_set_can_focus (editor->row, input);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (editor->row), input);
    }
  else if (GTK_IS_TEXT_VIEW (editor->editable))
    {
      gtk_widget_set_visible (editor->editable, on);
      gtk_widget_set_visible (GTK_WIDGET (editor->value_label), !on);
      gtk_text_view_set_editable (GTK_TEXT_VIEW (editor->editable), !editor->held);
    }
  else
    gtk_editable_set_editable (GTK_EDITABLE (editor->editable), input);
}

void
ct_field_editor_set_editing (CtFieldEditor *editor,
                             gboolean       editing)
{
  editor->editing = editing;
  apply_input (editor);

  /* A value to read shows no pencil (see style.css). */
  if (editing && !editor->read_only)
    gtk_widget_remove_css_class (editor->row, "read-only");
  else
    gtk_widget_add_css_class (editor->row, "read-only");

  if (!editing)
    ct_field_editor_set_error (editor, NULL);
}

/**
 * ct_field_editor_set_held:
 * @held: whether a save of what the member typed is under way
 *
 * While a save waits and until what it stored is read back, the editor
 * keeps its text and its look but takes no input: what the member typed
 * meanwhile would be neither saved nor kept.
 */
void
ct_field_editor_set_held (CtFieldEditor *editor,
                          gboolean       held)
{
  if (editor->held == held)
    return;
  editor->held = held;
  apply_input (editor);
}

/* @message: (nullable): the message under the row, or %NULL to clear it */
void
ct_field_editor_set_error (CtFieldEditor *editor,
                           const char    *message)
{
  GtkWidget *child;

  gtk_label_set_text (editor->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (editor->error_row, message != NULL);
  while ((child = gtk_widget_get_first_child (editor->error_actions)) != NULL)
    gtk_box_remove (GTK_BOX (editor->error_actions), child);
  gtk_widget_set_visible (editor->error_actions, FALSE);
  if (message != NULL)
    gtk_widget_add_css_class (editor->row, "error");
  else
    gtk_widget_remove_css_class (editor->row, "error");
}

/* @button: (transfer floating): a way out of the message now shown, such
 * as moving a sentence; set_error() removes it with the message */
void
ct_field_editor_add_error_action (CtFieldEditor *editor,
                                  GtkWidget     *button)
{
  g_return_if_fail (gtk_widget_get_visible (editor->error_row));

  gtk_box_append (GTK_BOX (editor->error_actions), button);
  gtk_widget_set_visible (editor->error_actions, TRUE);
}

const char *
ct_field_editor_get_error (CtFieldEditor *editor)
{
  return gtk_widget_get_visible (editor->error_row) ? gtk_label_get_text (editor->error_label)
                                                    : NULL;
}

/* Where the focus goes to correct the field. */
GtkWidget *
ct_field_editor_get_focus (CtFieldEditor *editor)
{
  return editor->editable != NULL ? editor->editable : editor->row;
}
