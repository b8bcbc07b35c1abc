/* ct-budget-page-expenses.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The budget page's list of expenses: a GtkListView over a GListStore of
 * lines, because a team's period holds thousands of expenses and only the
 * rows on screen are laid out, from the few widgets the view recycles.
 * The summary, the lines and the case numbers are read in a worker
 * (_ct_budget_page_read()); case numbers and member names once per fill,
 * not per row. */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget-page-private.h"
#include "ct-gui-labels.h"
#include "ct-money.h"

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
                     _ct_budget_page_purpose_label (ct_record_get (e, "purpose")), amount);
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
read_case_numbers (CtSession       *reader,
                   CtBudgetSummary *summary,
                   GError         **error)
{
  static const char * const fields[] = { "number", NULL };
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_free);

  for (guint c = 0; c < summary->cases->len; c++)
    {
      gint64 id = g_array_index (summary->cases, CtBudgetCaseTotal, c).case_id;

      g_hash_table_insert (numbers, g_memdup2 (&id, sizeof id), g_strdup ("?"));
    }
  if (!ct_session_scan (reader, "cases", fields, add_case_number, numbers, error))
    return NULL;
  return g_steal_pointer (&numbers);
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

void
_ct_budget_read_free (CtBudgetRead *read)
{
  ct_budget_summary_clear (&read->summary);
  g_clear_pointer (&read->lines, g_ptr_array_unref);
  g_clear_pointer (&read->case_numbers, g_hash_table_unref);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtBudgetRead, _ct_budget_read_free)

/**
 * _ct_budget_page_read:
 * @reader: a reader of the session, in a worker (ct_session_read_async())
 *
 * The period's summary (ct_budget_summary()) and the list's lines: per
 * case, in the summary's case order, each case's expenses in id order (a
 * stable sort of the id-ordered expenses by their case's place).
 *
 * Returns: (transfer full) (nullable): what the page shows, or %NULL with
 *   @error set
 */
CtBudgetRead *
_ct_budget_page_read (CtSession  *reader,
                      gint64      period_id,
                      GError    **error)
{
  g_autoptr(CtBudgetRead) read = g_new0 (CtBudgetRead, 1);
  g_autoptr(GHashTable) order = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (!ct_budget_summary (reader, period_id, &read->summary, error))
    return NULL;
  for (guint c = 0; c < read->summary.cases->len; c++)
    g_hash_table_insert (order, &g_array_index (read->summary.cases, CtBudgetCaseTotal,
                                                c).case_id, GINT_TO_POINTER (c + 1));

  read->lines = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < read->summary.expenses->len; i++)
    {
      CtBudgetExpense *expense = g_ptr_array_index (read->summary.expenses, i);
      gint64 case_id = ct_record_get_int (expense->record, "case_id");

      if (g_hash_table_contains (order, &case_id))
        g_ptr_array_add (read->lines, budget_line_new (expense));
    }
  g_ptr_array_sort_with_data (read->lines, compare_case_order, order);
  if (read->lines->len > 0
      && (read->case_numbers = read_case_numbers (reader, &read->summary, error)) == NULL)
    return NULL;
  return g_steal_pointer (&read);
}

/* Shows the lines of @read (%NULL: none) in one splice; the member names
 * come from the team chain, once per fill. */
void
_ct_budget_page_fill_expenses (CtBudgetPage *self,
                               CtBudgetRead *read)
{
  guint n = read != NULL && read->lines != NULL ? read->lines->len : 0;
  gboolean any;

  g_clear_pointer (&self->case_numbers, g_hash_table_unref);
  g_clear_pointer (&self->member_names, g_hash_table_unref);
  if (n > 0)
    {
      self->case_numbers = g_steal_pointer (&read->case_numbers);
      self->member_names = ct_budget_dup_member_names (self->session);
    }
  g_list_store_splice (self->expenses, 0, g_list_model_get_n_items (G_LIST_MODEL (self->expenses)),
                       n > 0 ? read->lines->pdata : NULL, n);

  any = g_list_model_get_n_items (G_LIST_MODEL (self->expenses)) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->expenses_scroller), any);
  gtk_widget_set_visible (GTK_WIDGET (self->expenses_empty_label), !any);
}

/* The list's model and row factory, once, when the page is made. */
void
_ct_budget_page_init_expenses (CtBudgetPage *self)
{
  GtkListItemFactory *factory;
  GtkSelectionModel *selection;

  self->expenses = g_list_store_new (CT_TYPE_BUDGET_LINE);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->expenses))));
  gtk_list_view_set_model (self->expenses_list, selection);
  g_object_unref (selection);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_expense_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_expense_cb), self);
  gtk_list_view_set_factory (self->expenses_list, factory);
  g_object_unref (factory);
}
