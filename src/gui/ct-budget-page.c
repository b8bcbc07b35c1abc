/* ct-budget-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget-page-private.h"
#include "ct-error.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-money.h"
#include "ct-page.h"

/* The maatwerkbudget of one period: the four figures, spending per purpose
 * as bars, and the expenses per case with their co-signature. Every figure
 * comes from ct_budget_summary(); the page computes nothing itself. */

static void ct_budget_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtBudgetPage, ct_budget_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_budget_page_page_iface_init))

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

static const char *const purpose_labels[CT_BUDGET_N_PURPOSES] = {
  N_("Housing"), N_("Debts"), N_("Transport"), N_("Care"), N_("Children"),
  N_("Work and education"), N_("Living costs"), N_("Other"),
};

static const char *
purpose_label (const char *purpose)
{
  const char *const *purposes = ct_budget_get_purposes ();

  /* An expense of a category this member may not read: its bookkeeping
   * only (docs/categories.md). */
  if (purpose == NULL)
    return _("Restricted");
  for (guint i = 0; purposes[i] != NULL && i < CT_BUDGET_N_PURPOSES; i++)
    if (g_strcmp0 (purposes[i], purpose) == 0)
      return _(purpose_labels[i]);
  return purpose;
}

/* One expense in the list: its record and what the summary decided of it.
 * The list is virtualised: a team's period holds thousands of expenses,
 * and only the rows on screen are laid out, from the few widgets the view
 * recycles. */
#define CT_TYPE_BUDGET_LINE (ct_budget_line_get_type ())
G_DECLARE_FINAL_TYPE (CtBudgetLine, ct_budget_line, CT, BUDGET_LINE, GObject)

struct _CtBudgetLine
{
  GObject parent_instance;

  CtRecord *record;
  gboolean  needs_cosign;
  gboolean  counted;
  gboolean  withdrawn;
  gint64    reverses_id;
};

G_DEFINE_FINAL_TYPE (CtBudgetLine, ct_budget_line, G_TYPE_OBJECT)

static void
ct_budget_line_finalize (GObject *object)
{
  g_clear_pointer (&CT_BUDGET_LINE (object)->record, ct_record_unref);

  G_OBJECT_CLASS (ct_budget_line_parent_class)->finalize (object);
}

static void
ct_budget_line_class_init (CtBudgetLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_budget_line_finalize;
}

static void
ct_budget_line_init (CtBudgetLine *self)
{
}

static CtBudgetLine *
budget_line_new (CtBudgetExpense *expense)
{
  CtBudgetLine *line = g_object_new (CT_TYPE_BUDGET_LINE, NULL);

  line->record = ct_record_ref (expense->record);
  line->needs_cosign = expense->needs_cosign;
  line->counted = expense->counted;
  line->withdrawn = expense->withdrawn;
  line->reverses_id = expense->reverses_id;
  return line;
}

static const char *
lookup_text (GHashTable *table,
             gint64      id)
{
  const char *text = table != NULL ? g_hash_table_lookup (table, &id) : NULL;

  return text != NULL ? text : "?";
}

/* The row: title and subtitle, the co-signature state, and a Co-sign
 * button shown only where this member may co-sign. */
static void
setup_expense_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Co-_sign"));
  GtkWidget *correct = gtk_button_new_with_mnemonic (_("Co_rrect…"));

  gtk_widget_set_margin_top (row, 9);
  gtk_widget_set_margin_bottom (row, 9);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (subtitle), 2);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (correct, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (correct, _("Correct or withdraw this expense, with a reason"));

  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), state);
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (row), correct);
  gtk_list_item_set_child (list_item, row);
}

/* "2026-001 · Housing · € 125.50" over "Decided by … on … — why"; the
 * case numbers and member names come from the page's tables, read once. */
static void
bind_expense_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CtBudgetPage             *self)
{
  CtBudgetLine *line = gtk_list_item_get_item (list_item);
  CtRecord *e = line->record;
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *text = gtk_widget_get_first_child (row);
  GtkWidget *state = gtk_widget_get_next_sibling (text);
  GtkWidget *button = gtk_widget_get_next_sibling (state);
  GtkWidget *correct = gtk_widget_get_next_sibling (button);
  /* A withdrawal shows as the negative of what it withdraws. */
  gint64 cents = (line->reverses_id > 0 ? -1 : 1) * ct_record_get_int (e, "amount_cents");
  g_autofree char *amount = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);
  g_autofree char *title =
    g_strdup_printf ("%s · %s · %s",
                     lookup_text (self->case_numbers, ct_record_get_int (e, "case_id")),
                     purpose_label (ct_record_get (e, "purpose")), amount);
  g_autofree char *date = ct_gui_format_date (ct_record_get (e, "spent_on"));
  g_autofree char *subtitle =
    g_strdup_printf (line->reverses_id > 0 ? _("Withdrawn by %s, booked %s — %s")
                                           : _("Decided by %s on %s — %s"),
                     lookup_text (self->member_names, ct_record_get_int (e, "decided_by")), date,
                     ct_record_get (e, "justification") ?: _("Restricted"));
  g_autofree char *cosigned = NULL;
  g_autofree char *correct_label = NULL;
  gboolean can_cosign, can_correct;

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (text)), title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (text)), subtitle);

  gtk_widget_remove_css_class (state, "warning");
  gtk_widget_remove_css_class (row, "dim-label");
  if (line->reverses_id > 0)
    gtk_label_set_text (GTK_LABEL (state), _("Withdrawal"));
  else if (line->withdrawn)
    {
      /* Translators: an expense booked back, not the outcome of a case. */
      gtk_label_set_text (GTK_LABEL (state), C_("expense", "Withdrawn"));
      gtk_widget_add_css_class (row, "dim-label");
    }
  else if (!line->needs_cosign)
    gtk_label_set_text (GTK_LABEL (state), _("Within the ceiling"));
  else if (line->counted)
    {
      cosigned = g_strdup_printf (_("Co-signed by %s"),
                                  lookup_text (self->member_names,
                                               ct_record_get_int (e, "cosigned_by")));
      gtk_label_set_text (GTK_LABEL (state), cosigned);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (state), _("Awaiting co-signature"));
      gtk_widget_add_css_class (state, "warning");
    }

  /* A recycled row's hidden buttons have no action left to activate. */
  can_cosign = line->needs_cosign && !line->counted && ct_budget_can_cosign (self->session, e);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  if (can_cosign)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", ct_record_get_id (e));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "budget.cosign");
    }
  gtk_widget_set_visible (button, can_cosign);

  can_correct = !line->withdrawn && line->reverses_id == 0
                && ct_budget_can_correct (self->session, e);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (correct), NULL);
  if (can_correct)
    {
      correct_label = g_strdup_printf (_("Correct or withdraw %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (correct), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      correct_label, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (correct), "x", ct_record_get_id (e));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (correct), "budget.correct");
    }
  gtk_widget_set_visible (correct, can_correct);
}

static gboolean
add_case_number (const CtScanRow *row,
                 gpointer         data,
                 GError         **error)
{
  GHashTable *numbers = data;

  if (g_hash_table_contains (numbers, &row->id) && row->values[0] != NULL)
    g_hash_table_replace (numbers, g_memdup2 (&row->id, sizeof row->id),
                          g_strdup (row->values[0]));
  return TRUE;
}

/* The numbers of the period's cases, in one read of one field instead of
 * one read of a whole case per expense. */
static GHashTable *
read_case_numbers (CtBudgetPage *self)
{
  static const char * const fields[] = { "number", NULL };
  GHashTable *numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < self->summary.cases->len; c++)
    {
      gint64 id = g_array_index (self->summary.cases, CtBudgetCaseTotal, c).case_id;

      g_hash_table_insert (numbers, g_memdup2 (&id, sizeof id), g_strdup ("?"));
    }
  if (!ct_session_scan (self->session, "cases", fields, add_case_number, numbers, &error))
    g_warning ("Could not read the case numbers: %s", error->message);
  return numbers;
}

static int
compare_case_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  GHashTable *order = data;
  gint64 x = ct_record_get_int ((*(CtBudgetLine **) a)->record, "case_id");
  gint64 y = ct_record_get_int ((*(CtBudgetLine **) b)->record, "case_id");

  return GPOINTER_TO_INT (g_hash_table_lookup (order, &x))
         - GPOINTER_TO_INT (g_hash_table_lookup (order, &y));
}

/* Per case: the summary's case order, each case's expenses in id order
 * (a stable sort of the id-ordered expenses by their case's place). */
static void
fill_expenses (CtBudgetPage *self)
{
  g_autoptr(GHashTable) order = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gboolean any;

  g_list_store_remove_all (self->expenses);
  g_clear_pointer (&self->case_numbers, g_hash_table_unref);
  g_clear_pointer (&self->member_names, g_hash_table_unref);

  if (self->summary.expenses != NULL && self->summary.cases != NULL)
    {
      order = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint c = 0; c < self->summary.cases->len; c++)
        g_hash_table_insert (order, &g_array_index (self->summary.cases, CtBudgetCaseTotal,
                                                    c).case_id, GINT_TO_POINTER (c + 1));

      lines = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < self->summary.expenses->len; i++)
        {
          CtBudgetExpense *expense = g_ptr_array_index (self->summary.expenses, i);
          gint64 case_id = ct_record_get_int (expense->record, "case_id");

          if (g_hash_table_contains (order, &case_id))
            g_ptr_array_add (lines, budget_line_new (expense));
        }
      g_ptr_array_sort_with_data (lines, compare_case_order, order);

      if (lines->len > 0)
        {
          self->case_numbers = read_case_numbers (self);
          self->member_names = ct_budget_dup_member_names (self->session);
          g_list_store_splice (self->expenses, 0, 0, lines->pdata, lines->len);
        }
    }

  any = g_list_model_get_n_items (G_LIST_MODEL (self->expenses)) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->expenses_scroller), any);
  gtk_widget_set_visible (GTK_WIDGET (self->expenses_empty_label), !any);
}

static void
set_figure (GtkLabel *label,
            gint64    cents)
{
  g_autofree char *text = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);

  gtk_label_set_text (label, text);
}

static void
update_chart_text (CtBudgetPage *self)
{
  GString *text = g_string_new (_("Spending per purpose:"));

  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    {
      g_autofree char *amount = ct_money_format (self->summary.purpose_cents[i],
                                                 CT_MONEY_CENTS_IF_ANY);

      g_string_append_printf (text, " %s %s%s", _(purpose_labels[i]), amount,
                              i + 1 < CT_BUDGET_N_PURPOSES ? ";" : ".");
    }
  g_free (self->chart_text);
  self->chart_text = g_string_free (text, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->chart_text, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->chart), self->chart_text);
}

static gboolean
can_manage_periods (CtBudgetPage *self)
{
  return self->session != NULL
         && (ct_session_get_role (self->session) == CT_ROLE_VOORZITTER
             || ct_session_is_admin (self->session));
}

/* Only the voorzitter or a beheerder sets the team's budget. The core does
 * not check this for budget_periods yet, so the page is the only guard. */
static void
update_period_actions (CtBudgetPage *self)
{
  gboolean allowed = can_manage_periods (self);
  const char *why = allowed ? NULL
                            : _("Only the voorzitter or a beheerder creates or edits budget periods.");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.new-period", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.edit-period",
                                 allowed && _ct_budget_page_get_period_id (self) > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_period_button), why);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_period_button), why);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_new_button), allowed);
  adw_status_page_set_description (self->empty_page,
                                   allowed ? _("A period holds the team’s budget and the ceiling "
                                               "per case; expenses are booked in it.")
                                           : _("Ask the voorzitter or a beheerder to create "
                                               "the first budget period."));
  gtk_stack_set_visible_child_name (self->stack, self->session != NULL
                                                   && self->period_ids->len == 0
                                                 ? "empty" : "budget");
}

void
_ct_budget_page_show_summary (CtBudgetPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 period_id = _ct_budget_page_get_period_id (self);

  g_list_store_remove_all (self->expenses);
  ct_budget_summary_clear (&self->summary);
  memset (&self->summary, 0, sizeof self->summary);
  if (period_id > 0 && !ct_budget_summary (self->session, period_id, &self->summary, &error))
    ct_gui_show_toast (GTK_WIDGET (self), error->message);

  set_figure (self->budget_label, self->summary.budget_cents);
  set_figure (self->spent_label, self->summary.spent_cents);
  set_figure (self->committed_label, self->summary.committed_cents);
  set_figure (self->remaining_label, self->summary.remaining_cents);
  update_chart_text (self);
  fill_expenses (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add-expense", period_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.export", period_id > 0);
  update_period_actions (self);
}

static void
load_periods (CtBudgetPage *self)
{
  g_autoptr(GtkStringList) names = ct_gui_record_choices (self->session, "budget_periods", "name",
                                                          self->period_ids);

  /* The newest period first is what a team works in. */
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (names));
  if (self->period_ids->len > 0)
    gtk_drop_down_set_selected (self->period_dropdown, self->period_ids->len - 1);
}

/* Bars per purpose: the amount spent, labelled with purpose and amount. */
static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  CtBudgetPage *self = data;
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1.0 };
  gint64 max = 1;
  double row_h = (double) height / CT_BUDGET_N_PURPOSES, label_w = width * 0.28;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    max = MAX (max, self->summary.purpose_cents[i]);

  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    {
      g_autofree char *amount = ct_money_format (self->summary.purpose_cents[i],
                                                 CT_MONEY_CENTS_IF_ANY);
      double bar = (width - label_w - 110) * ((double) self->summary.purpose_cents[i] / max);
      int text_h;

      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, _(purpose_labels[i]), -1);
      pango_layout_get_pixel_size (layout, NULL, &text_h);
      cairo_move_to (cr, 0, i * row_h + (row_h - text_h) / 2);
      pango_cairo_show_layout (cr, layout);

      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_rectangle (cr, label_w, i * row_h + row_h * 0.2, MAX (bar, 1), row_h * 0.6);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &fg);
      pango_layout_set_text (layout, amount, -1);
      cairo_move_to (cr, label_w + MAX (bar, 1) + 8, i * row_h + (row_h - text_h) / 2);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
}

static void
setup_period_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_period_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkStringObject *name = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (name));
}

/* The button shortens a long period name, with the whole name as its
 * tooltip; the popover lists names in full. */
static GtkListItemFactory *
period_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_period_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_period_cb), NULL);
  return factory;
}

static void
period_selected_cb (CtBudgetPage *self)
{
  GtkStringObject *name = gtk_drop_down_get_selected_item (self->period_dropdown);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->period_dropdown),
                               name != NULL ? gtk_string_object_get_string (name) : NULL);
  if (self->session != NULL)
    _ct_budget_page_show_summary (self);
}

static void
cosign_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!ct_budget_cosign (self->session, g_variant_get_int64 (parameter), &error))
    ct_gui_show_toast (GTK_WIDGET (self), error->message);
  else
    ct_gui_show_toast (GTK_WIDGET (self), _("Expense co-signed"));
  _ct_budget_page_show_summary (self);
}

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
static void
close_dialogs (CtBudgetPage *self)
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
    gtk_string_list_append (purposes, _(purpose_labels[i]));

  _ct_budget_page_fill_cases (self, self->case_dropdown, self->case_ids, self->current_case_id);
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (purposes));
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  gtk_editable_set_text (GTK_EDITABLE (self->justification_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), FALSE);
}

static void
add_expense_cb (GtkWidget  *widget,
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

static void
new_period_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  present_period_dialog (CT_BUDGET_PAGE (widget), 0);
}

static void
edit_period_cb (GtkWidget  *widget,
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
  load_periods (self);
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

/* The page holds the chooser and cancels it when its session goes, so
 * an answer always finds the page with the session it was asked for. */
static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CtBudgetPage    *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
      if (ct_budget_page_export_to (self, path, &error))
        ct_gui_show_toast (GTK_WIDGET (self), _("Exported for finance"));
      else
        ct_gui_show_toast (GTK_WIDGET (self), error->message);
    }
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  self->chooser =
    gtk_file_chooser_native_new (_("Export for Finance"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                              : NULL,
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("maatwerkbudget.xlsx"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ct_budget_page_dispose (GObject *object)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (object);

  close_dialogs (self);
  g_clear_object (&self->session);
  if (self->expenses != NULL)
    g_list_store_remove_all (self->expenses);
  g_clear_pointer (&self->case_numbers, g_hash_table_unref);
  g_clear_pointer (&self->member_names, g_hash_table_unref);
  ct_budget_summary_clear (&self->summary);
  g_clear_pointer (&self->chart_text, g_free);

  G_OBJECT_CLASS (ct_budget_page_parent_class)->dispose (object);
}

static void
ct_budget_page_finalize (GObject *object)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (object);

  g_array_unref (self->period_ids);
  g_array_unref (self->case_ids);
  g_array_unref (self->correct_case_ids);
  g_clear_object (&self->expenses);

  G_OBJECT_CLASS (ct_budget_page_parent_class)->finalize (object);
}

static void
ct_budget_page_class_init (CtBudgetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_budget_page_dispose;
  object_class->finalize = ct_budget_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-budget-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, edit_period_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, new_period_button);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, budget_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, spent_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, committed_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, chart);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_scroller);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_list);
  gtk_widget_class_bind_template_child (widget_class, CtBudgetPage, expenses_empty_label);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "budget.cosign", "x", cosign_cb);
  gtk_widget_class_install_action (widget_class, "budget.correct", "x",
                                   _ct_budget_page_correct_action);
  gtk_widget_class_install_action (widget_class, "budget.add-expense", NULL, add_expense_cb);
  gtk_widget_class_install_action (widget_class, "budget.export", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "budget.new-period", NULL, new_period_cb);
  gtk_widget_class_install_action (widget_class, "budget.edit-period", NULL, edit_period_cb);
}

static void
ct_budget_page_init (CtBudgetPage *self)
{
  GtkListItemFactory *factory;
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->period_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->correct_case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->expenses = g_list_store_new (CT_TYPE_BUDGET_LINE);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->expenses))));
  gtk_list_view_set_model (self->expenses_list, selection);
  g_object_unref (selection);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_expense_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_expense_cb), self);
  gtk_list_view_set_factory (self->expenses_list, factory);
  g_object_unref (factory);
  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  factory = period_factory_new (TRUE);
  gtk_drop_down_set_factory (self->period_dropdown, factory);
  g_object_unref (factory);
  factory = period_factory_new (FALSE);
  gtk_drop_down_set_list_factory (self->period_dropdown, factory);
  g_object_unref (factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.add-expense", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.export", FALSE);
  update_period_actions (self);
}

/**
 * ct_budget_page_new:
 * @session: (nullable): the unlocked session, or %NULL for an empty page
 *
 * Returns: (transfer floating): the Custom Budget page
 */
GtkWidget *
ct_budget_page_new (CtSession *session)
{
  CtBudgetPage *self;

  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_BUDGET_PAGE, NULL);
  if (session != NULL)
    ct_budget_page_set_session (self, session);
  return GTK_WIDGET (self);
}

gint64
_ct_budget_page_get_period_id (CtBudgetPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->period_dropdown);

  return pos < self->period_ids->len ? g_array_index (self->period_ids, gint64, pos) : 0;
}

/**
 * ct_budget_page_set_session:
 * @session: (nullable): %NULL empties the page, so a locked window holds no
 *   team data
 */
void
ct_budget_page_set_session (CtBudgetPage *self,
                            CtSession    *session)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  if (session != self->session)
    close_dialogs (self);
  g_set_object (&self->session, session);
  ct_budget_page_reload (self);
}

/**
 * ct_budget_page_set_current_case:
 * @case_id: the case the member has open, or 0
 *
 * The case a new expense is booked to unless the member picks another;
 * with 0, or a closed case, the dialog starts with no case chosen.
 */
void
ct_budget_page_set_current_case (CtBudgetPage *self,
                                 gint64        case_id)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  self->current_case_id = case_id;
}

void
ct_budget_page_reload (CtBudgetPage *self)
{
  g_return_if_fail (CT_IS_BUDGET_PAGE (self));

  load_periods (self);
  _ct_budget_page_show_summary (self);
}

/**
 * ct_budget_page_export_to:
 *
 * What "Export for Finance…" does once a file is chosen.
 */
gboolean
ct_budget_page_export_to (CtBudgetPage *self,
                          const char   *path,
                          GError      **error)
{
  g_return_val_if_fail (CT_IS_BUDGET_PAGE (self), FALSE);

  return ct_budget_export_period (self->session, _ct_budget_page_get_period_id (self), path,
                                  error);
}

static void
budget_page_reload (CtPage *page)
{
  ct_budget_page_reload (CT_BUDGET_PAGE (page));
}

static void
budget_page_release (CtPage *page)
{
  ct_budget_page_set_session (CT_BUDGET_PAGE (page), NULL);
}

static void
budget_page_set_open_case (CtPage *page,
                           gint64  case_id)
{
  ct_budget_page_set_current_case (CT_BUDGET_PAGE (page), case_id);
}

static void
ct_budget_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = budget_page_reload;
  iface->release = budget_page_release;
  iface->set_open_case = budget_page_set_open_case;
}
