/* ct-budget-page-dialogs.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The budget page's two forms: booking an expense to a case, and making
 * or editing a budget period (the voorzitter's or a beheerder's). Each is
 * built from its own .ui when it opens and destroyed when it closes, so no
 * hidden copy of what was typed outlives it. */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"

typedef struct
{
  const char *field;
  GtkWidget  *row;
} FieldRow;

/* The period dialog's rows, in this order. */
static const char *const period_fields[] = {
  "name", "starts_on", "ends_on", "amount_cents", "case_ceiling_cents",
};

/* The expense and period dialogs exist only while they are open, built
 * from their own .ui: a closed dialog, or a page whose session is gone,
 * keeps no hidden copy of what was typed. The window comes first. */
static const CtGuiChild expense_children[] = {
  { "add_dialog", G_STRUCT_OFFSET (CtBudgetPage, add_dialog) },
  { "case_row", G_STRUCT_OFFSET (CtBudgetPage, case_row) },
  { "case_dropdown", G_STRUCT_OFFSET (CtBudgetPage, case_dropdown) },
  { "purpose_row", G_STRUCT_OFFSET (CtBudgetPage, purpose_row) },
  { "amount_row", G_STRUCT_OFFSET (CtBudgetPage, amount_row) },
  { "date_row", G_STRUCT_OFFSET (CtBudgetPage, date_row) },
  { "justification_row", G_STRUCT_OFFSET (CtBudgetPage, justification_row) },
  { "add_error_label", G_STRUCT_OFFSET (CtBudgetPage, add_error_label) },
  { "add_save_button", G_STRUCT_OFFSET (CtBudgetPage, add_save_button) },
};

static const CtGuiChild period_children[] = {
  { "period_dialog", G_STRUCT_OFFSET (CtBudgetPage, period_dialog) },
  { "period_name_row", G_STRUCT_OFFSET (CtBudgetPage, period_name_row) },
  { "period_start_row", G_STRUCT_OFFSET (CtBudgetPage, period_start_row) },
  { "period_end_row", G_STRUCT_OFFSET (CtBudgetPage, period_end_row) },
  { "period_amount_row", G_STRUCT_OFFSET (CtBudgetPage, period_amount_row) },
  { "period_ceiling_row", G_STRUCT_OFFSET (CtBudgetPage, period_ceiling_row) },
  { "period_error_label", G_STRUCT_OFFSET (CtBudgetPage, period_error_label) },
  { "period_save_button", G_STRUCT_OFFSET (CtBudgetPage, period_save_button) },
};

static void add_save_cb (CtBudgetPage *self);
static void add_cancel_cb (CtBudgetPage *self);
static void period_save_cb (CtBudgetPage *self);
static void period_cancel_cb (CtBudgetPage *self);

/* A date row's title says how the date is typed: "Date (DD-MM-JJJJ)". */
static void
set_date_title (AdwEntryRow *row,
                const char  *table,
                const char  *field)
{
  const CtField *f = ct_table_get_field (ct_schema_get_table (table), field);
  g_autofree char *title = ct_gui_date_title (_(f->label));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

/* Closing a dialog destroys it, and the page forgets its widgets then,
 * not later when the last reference goes. */
static gboolean
expense_dialog_close_cb (CtBudgetPage *self)
{
  ct_gui_destroy_children (self, expense_children, G_N_ELEMENTS (expense_children));
  return TRUE;
}

static void
expense_dialog_destroyed_cb (CtBudgetPage *self)
{
  ct_gui_clear_children (self, expense_children, G_N_ELEMENTS (expense_children));
}

static gboolean
period_dialog_close_cb (CtBudgetPage *self)
{
  ct_gui_destroy_children (self, period_children, G_N_ELEMENTS (period_children));
  return TRUE;
}

static void
period_dialog_destroyed_cb (CtBudgetPage *self)
{
  ct_gui_clear_children (self, period_children, G_N_ELEMENTS (period_children));
}

/* Builds a dialog from @resource over the page's window. */
static void
build_dialog (CtBudgetPage     *self,
              const char       *resource,
              const CtGuiChild *children,
              guint             n_children,
              GCallback         close_cb,
              GCallback         destroyed_cb)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *dialog;

  builder = ct_gui_builder_new (G_OBJECT (self), resource,
                                "add_save_cb", G_CALLBACK (add_save_cb),
                                "add_cancel_cb", G_CALLBACK (add_cancel_cb),
                                "period_save_cb", G_CALLBACK (period_save_cb),
                                "period_cancel_cb", G_CALLBACK (period_cancel_cb),
                                NULL);
  ct_gui_bind_children (self, builder, children, n_children);
  dialog = G_STRUCT_MEMBER (GtkWindow *, self, children[0].offset);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  g_signal_connect_object (dialog, "close-request", close_cb, self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", destroyed_cb, self, G_CONNECT_SWAPPED);
}

static void
build_add_dialog (CtBudgetPage *self)
{
  if (self->add_dialog != NULL)
    return;
  build_dialog (self, RESOURCE_PREFIX "/ui/ct-budget-page-expense-dialog.ui", expense_children,
                G_N_ELEMENTS (expense_children), G_CALLBACK (expense_dialog_close_cb),
                G_CALLBACK (expense_dialog_destroyed_cb));
  /* The hint follows the translated date format, so it is set here. */
  set_date_title (self->date_row, "expenses", "spent_on");
}

static void
build_period_dialog (CtBudgetPage *self)
{
  if (self->period_dialog != NULL)
    return;
  build_dialog (self, RESOURCE_PREFIX "/ui/ct-budget-page-period-dialog.ui", period_children,
                G_N_ELEMENTS (period_children), G_CALLBACK (period_dialog_close_cb),
                G_CALLBACK (period_dialog_destroyed_cb));
  set_date_title (self->period_start_row, "budget_periods", "starts_on");
  set_date_title (self->period_end_row, "budget_periods", "ends_on");
}

/* What was typed in the dialogs, and a file still to choose, go with the
 * session; no answer reaches the page after that. */
void
_ct_budget_page_close_dialogs (CtBudgetPage *self)
{
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_destroy_children (self, expense_children, G_N_ELEMENTS (expense_children));
  ct_gui_destroy_children (self, period_children, G_N_ELEMENTS (period_children));
  _ct_budget_page_close_correction (self);
}

/* Only open cases take an expense, found by typing part of the number. The
 * default is the case the member has open, or no case at all: a wrong
 * default books money to the wrong household. */
void
_ct_budget_page_fill_cases (CtBudgetPage *self,
                            GtkDropDown  *dropdown,
                            GArray       *ids,
                            gint64        selected_id)
{
  g_autoptr(GtkStringList) numbers = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) cases = ct_session_list (self->session, "cases", NULL, 0, NULL);
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  guint selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (ids, 0);
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      CtRecord *kase = g_ptr_array_index (cases, i);
      gint64 id = ct_record_get_id (kase);

      if (g_strcmp0 (ct_record_get (kase, "status"), "afgesloten") == 0)
        continue;
      if (id == selected_id)
        selected = ids->len;
      g_array_append_val (ids, id);
      gtk_string_list_append (numbers, ct_record_get (kase, "number"));
    }
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (numbers));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
fill_add_dialog (CtBudgetPage *self)
{
  g_autoptr(GtkStringList) purposes = gtk_string_list_new (NULL);
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);

  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    gtk_string_list_append (purposes, _ct_budget_page_purpose_title (i));

  _ct_budget_page_fill_cases (self, self->case_dropdown, self->case_ids, self->current_case_id);
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (purposes));
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->justification_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), FALSE);
}

void
_ct_budget_page_add_expense_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);

  build_add_dialog (self);
  fill_add_dialog (self);
  gtk_window_present (GTK_WINDOW (self->add_dialog));
}

/* "125,50", "1.100,50", "1,100.50" or "125" euros → cents; -1 when it is
 * not an amount. The last separator followed by one or two digits is the
 * decimal one; any other separator groups thousands. */
gint64
_ct_budget_page_parse_euros (const char *text)
{
  const char *last_sep = NULL;
  gint64 cents = 0;
  gsize decimals = 0, digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '.' || *p == ',')
      last_sep = p;
    else if (g_ascii_isdigit (*p))
      digits++;
    else if (*p != ' ')
      return -1;
  if (digits == 0 || digits > 12)
    return -1;
  if (last_sep != NULL && strlen (last_sep + 1) <= 2)
    decimals = strlen (last_sep + 1);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      cents = cents * 10 + (*p - '0');
  for (gsize i = decimals; i < 2; i++)
    cents *= 10;
  return cents;
}

static void
clear_field_errors (CtBudgetPage *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->case_row), GTK_WIDGET (self->purpose_row),
                        GTK_WIDGET (self->amount_row), GTK_WIDGET (self->date_row),
                        GTK_WIDGET (self->justification_row) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), FALSE);
}

/* The core names the field at the start of its message: mark that row. */
static void
mark_field_error (const char     *table_name,
                  const FieldRow *map,
                  guint           n_map,
                  GtkLabel       *error_label,
                  const char     *message)
{
  const CtTable *table = ct_schema_get_table (table_name);
  GtkWidget *row = NULL;

  for (guint i = 0; i < n_map; i++)
    {
      g_autofree char *prefix =
        g_strdup_printf ("%s:", _(ct_table_get_field (table, map[i].field)->label));

      if (g_str_has_prefix (message, prefix))
        row = map[i].row;
    }
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  gtk_label_set_text (error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
}

static void
show_field_error (CtBudgetPage *self,
                  const char   *message)
{
  const FieldRow map[] = {
    { "case_id", GTK_WIDGET (self->case_row) },
    { "purpose", GTK_WIDGET (self->purpose_row) },
    { "amount_cents", GTK_WIDGET (self->amount_row) },
    { "spent_on", GTK_WIDGET (self->date_row) },
    { "justification", GTK_WIDGET (self->justification_row) },
  };

  mark_field_error ("expenses", map, G_N_ELEMENTS (map), self->add_error_label, message);
}

static void
add_save_cb (CtBudgetPage *self)
{
  g_autoptr(CtRecord) e = ct_record_new ("expenses");
  g_autoptr(GError) error = NULL;
  guint case_pos = gtk_drop_down_get_selected (self->case_dropdown);
  guint purpose_pos = adw_combo_row_get_selected (self->purpose_row);
  gint64 cents = _ct_budget_page_parse_euros (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)));
  const char *justification = gtk_editable_get_text (GTK_EDITABLE (self->justification_row));
  g_autofree char *spent_on = NULL;
  gint64 id;

  clear_field_errors (self);
  /* The date as the case page takes it: "31-03-2026" in Dutch, or ISO. */
  spent_on = ct_gui_field_from_text (ct_table_get_field (ct_schema_get_table ("expenses"),
                                                         "spent_on"),
                                     gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                     &error);
  if (spent_on == NULL)
    {
      show_field_error (self, error->message);
      return;
    }
  if (cents < 0)
    {
      g_autofree char *message =
        g_strdup_printf ("%s: %s", _("Amount"), _("an amount in euros, for example 125,50."));

      gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
      gtk_label_set_text (self->add_error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), TRUE);
      return;
    }

  ct_record_set_int (e, "period_id", _ct_budget_page_get_period_id (self));
  if (case_pos < self->case_ids->len)
    ct_record_set_int (e, "case_id", g_array_index (self->case_ids, gint64, case_pos));
  ct_record_set_int (e, "amount_cents", cents);
  if (purpose_pos < CT_BUDGET_N_PURPOSES)
    ct_record_set (e, "purpose", ct_budget_get_purposes ()[purpose_pos]);
  ct_record_set (e, "spent_on", *spent_on != '\0' ? spent_on : NULL);
  if (*justification != '\0')
    ct_record_set (e, "justification", justification);

  id = ct_budget_add_expense (self->session, e, &error);
  if (id == 0)
    {
      show_field_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self->add_dialog));
  _ct_budget_page_show_summary (self);
  _ct_budget_page_show_undo (self, id);
}

static void
add_cancel_cb (CtBudgetPage *self)
{
  gtk_window_close (GTK_WINDOW (self->add_dialog));
}

static void
get_period_rows (CtBudgetPage *self,
                 FieldRow      rows[G_N_ELEMENTS (period_fields)])
{
  GtkWidget *widgets[] = {
    GTK_WIDGET (self->period_name_row), GTK_WIDGET (self->period_start_row),
    GTK_WIDGET (self->period_end_row), GTK_WIDGET (self->period_amount_row),
    GTK_WIDGET (self->period_ceiling_row),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (widgets) == G_N_ELEMENTS (period_fields));
  for (guint i = 0; i < G_N_ELEMENTS (period_fields); i++)
    rows[i] = (FieldRow) { period_fields[i], widgets[i] };
}

static void
clear_period_errors (CtBudgetPage *self)
{
  FieldRow rows[G_N_ELEMENTS (period_fields)];

  get_period_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i].row, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->period_error_label), FALSE);
}

static void
show_period_error (CtBudgetPage *self,
                   const char   *message)
{
  FieldRow rows[G_N_ELEMENTS (period_fields)];

  get_period_rows (self, rows);
  mark_field_error ("budget_periods", rows, G_N_ELEMENTS (rows), self->period_error_label,
                    message);
}

/* The fields as the rest of the page writes them; a new period starts
 * today. */
static void
fill_period_dialog (CtBudgetPage *self,
                    CtRecord     *period)
{
  const CtTable *table = ct_schema_get_table ("budget_periods");
  g_autofree char *today = ct_gui_today ();
  FieldRow rows[G_N_ELEMENTS (period_fields)];

  get_period_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = period != NULL ? ct_record_get (period, rows[i].field)
                          : g_str_equal (rows[i].field, "starts_on") ? today : NULL;
      g_autofree char *text = ct_gui_field_to_text (ct_table_get_field (table, rows[i].field),
                                                    value);

      gtk_editable_set_text (GTK_EDITABLE (rows[i].row), text);
    }
  clear_period_errors (self);
}

static void
present_period_dialog (CtBudgetPage *self,
                       gint64        period_id)
{
  g_autoptr(CtRecord) period = NULL;
  g_autoptr(GError) error = NULL;

  if (period_id > 0 && (period = ct_session_get (self->session, "budget_periods", period_id,
                                                 &error)) == NULL)
    {
      ct_gui_show_toast (GTK_WIDGET (self), error->message);
      return;
    }
  self->editing_period_id = period_id;
  build_period_dialog (self);
  fill_period_dialog (self, period);
  gtk_window_set_title (GTK_WINDOW (self->period_dialog),
                        period_id > 0 ? _("Edit Period") : _("New Period"));
  gtk_button_set_label (self->period_save_button, period_id > 0 ? _("_Save") : _("C_reate"));
  gtk_window_present (GTK_WINDOW (self->period_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->period_name_row));
}

void
_ct_budget_page_new_period_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  present_period_dialog (CT_BUDGET_PAGE (widget), 0);
}

void
_ct_budget_page_edit_period_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);

  present_period_dialog (self, _ct_budget_page_get_period_id (self));
}

/* Every field read as the core reads it; the first that fails is marked
 * and nothing is set further. */
static gboolean
read_period_dialog (CtBudgetPage *self,
                    CtRecord     *period,
                    GError      **error)
{
  const CtTable *table = ct_schema_get_table ("budget_periods");
  FieldRow rows[G_N_ELEMENTS (period_fields)];

  get_period_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value =
        ct_gui_field_from_text (ct_table_get_field (table, rows[i].field),
                                gtk_editable_get_text (GTK_EDITABLE (rows[i].row)), error);

      if (value == NULL)
        return FALSE;
      ct_record_set (period, rows[i].field, *value != '\0' ? value : NULL);
    }
  return TRUE;
}

static void
select_period (CtBudgetPage *self,
               gint64        period_id)
{
  for (guint i = 0; i < self->period_ids->len; i++)
    if (g_array_index (self->period_ids, gint64, i) == period_id)
      gtk_drop_down_set_selected (self->period_dropdown, i);
}

static void
period_save_cb (CtBudgetPage *self)
{
  g_autoptr(CtRecord) period = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = self->editing_period_id;

  clear_period_errors (self);
  period = id > 0 ? ct_session_get (self->session, "budget_periods", id, &error)
                  : ct_record_new ("budget_periods");
  if (period == NULL || !read_period_dialog (self, period, &error)
      || (id > 0 ? !ct_session_update (self->session, period, &error)
                 : (id = ct_session_insert (self->session, period, &error)) == 0))
    {
      show_period_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self->period_dialog));
  _ct_budget_page_load_periods (self);
  select_period (self, id);
  _ct_budget_page_show_summary (self);
  ct_gui_show_toast (GTK_WIDGET (self), self->editing_period_id > 0 ? _("Budget period saved")
                                                : _("Budget period created"));
}

static void
period_cancel_cb (CtBudgetPage *self)
{
  gtk_window_close (GTK_WINDOW (self->period_dialog));
}

