/* test-budget.c — the maatwerkbudget page
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The budget page standalone in a window, on a team file made through the
 * core: figures, an expense above the ceiling that waits for the
 * voorzitter's co-signature, corrections, periods, and a long list.
 * The program makes the budget team of its own (ct-test-budget.h); each
 * test opens its own page and session on it. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget-page-private.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-expense-dialog-private.h"
#include "ct-gui-labels.h"
#include "ct-page.h"
#include "ct-period-dialog-private.h"
#include "ct-saving.h"
#include "ct-test-budget.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

/* The expenses the list holds; it makes widgets only for those on screen. */
static guint
n_expenses (CtBudgetPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (page->expenses));
}

static gboolean
summary_read (gpointer page)
{
  return !ct_page_is_loading (page);
}

/* The summary is read in a worker: when the page gets its session, another
 * period is chosen, or something is booked. */
static void
wait_for_summary (CtBudgetPage *page)
{
  ct_test_wait_until (summary_read, page, 20, "the budget summary to be read");
}

static gboolean
tree_has_label (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (tree_has_label (c, text))
      return TRUE;
  return FALSE;
}

static gboolean
cases_read (gpointer dropdown)
{
  return gtk_widget_get_sensitive (dropdown);
}

/* The open cases a form offers are read in a worker; until then the
 * drop-down cannot be used. */
static void
wait_cases (GtkDropDown *dropdown)
{
  ct_test_wait_until (cases_read, dropdown, 20, "the open cases");
}

static gboolean
add_dialog_answered (gpointer page)
{
  CtExpenseDialog *dialog = CT_BUDGET_PAGE (page)->add_dialog;

  return dialog == NULL || !ct_saving_is_saving (GTK_WIDGET (dialog->save_button));
}

/* "Add": the expense goes through the session's write queue; until it is
 * booked (the form closed) or refused (the error under the form). */
static void
click_add (CtBudgetPage *page)
{
  ct_test_click (page->add_dialog->save_button);
  ct_test_wait_until (add_dialog_answered, page, 20, "the expense written");
}

static gboolean
corrected (gpointer page)
{
  return CT_BUDGET_PAGE (page)->correcting == 0;
}

/* A withdrawal or correction goes through the session's write queue:
 * until it is written and answered. */
static void
wait_corrected (CtBudgetPage *page)
{
  ct_test_wait_until (corrected, page, 20, "the withdrawal or correction written");
}

/* Dates typed as the user writes them: "01-04-2026" in Dutch. */
static void
fill_add_dialog (CtBudgetPage *page,
                 const char   *amount)
{
  g_autofree char *date = ct_gui_format_date ("2026-04-01");

  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->amount_row), amount);
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->justification_row),
                         "Matras en beddengoed");
  gtk_drop_down_set_selected (page->add_dialog->case_dropdown, 0);
  adw_combo_row_set_selected (page->add_dialog->purpose_row, 0);
}

/* Figures, an invalid amount marked on its field with nothing saved, an
 * expense above the ceiling that waits, and the voorzitter's co-signature. */
static void
test_budget_page (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *xlsx = g_build_filename (ct_budget_test_team ()->dir, "financien.xlsx", NULL);
  g_autofree char *date_title = ct_gui_date_title (_("Date"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expenses = NULL;
  gint64 spent_before;
  guint rows_before;
  gboolean current_checked = FALSE;
  CtCoreTestReaderHold holder;

  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  g_assert_cmpint (_ct_budget_page_get_period_id (page), ==, ct_budget_test_team ()->period_id);
  g_assert_cmpint (page->summary.spent_cents, ==, 42500 + 8950 + 120000 + 35000 + 15075);
  rows_before = n_expenses (page);
  g_assert_cmpuint (rows_before, ==, 5);
  spent_before = page->summary.spent_cents;
  /* The chart has a text equivalent. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->chart)),
                            _("Housing")));

  gtk_widget_activate_action (GTK_WIDGET (page), "budget.add-expense", NULL);
  wait_cases (page->add_dialog->case_dropdown);
  ct_test_wait_for_draw (GTK_WIDGET (page->add_dialog));
  g_assert_cmpstr (ct_budget_test_row_title (page->add_dialog->date_row), ==, date_title);
  /* No case chosen for the member; only the three open cases, searchable. */
  g_assert_cmpuint (gtk_drop_down_get_selected (page->add_dialog->case_dropdown), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_drop_down_get_enable_search (page->add_dialog->case_dropdown));
  g_assert_nonnull (gtk_drop_down_get_expression (page->add_dialog->case_dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (
                      gtk_drop_down_get_model (page->add_dialog->case_dropdown)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (
        gtk_drop_down_get_model (page->add_dialog->case_dropdown)), i), !=, "2025-090");
  ct_test_screenshot (GTK_WIDGET (page->add_dialog), "budget-add-default");
  /* Saved without a case: the case row says so, nothing is booked. */
  fill_add_dialog (page, "12,50");
  gtk_drop_down_set_selected (page->add_dialog->case_dropdown, GTK_INVALID_LIST_POSITION);
  click_add (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->case_row), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->add_dialog->error_label), _("Case")));
  g_assert_cmpuint (n_expenses (page), ==, rows_before);
  gtk_widget_remove_css_class (GTK_WIDGET (page->add_dialog->case_row), "error");
  fill_add_dialog (page, "twaalf");
  click_add (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->amount_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->add_dialog->error_label)));
  g_assert_cmpuint (n_expenses (page), ==, rows_before);

  /* € 1.150,00 more than remains is refused on the amount too. */
  fill_add_dialog (page, "20000");
  click_add (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->amount_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->add_dialog)));
  ct_test_screenshot (GTK_WIDGET (page->add_dialog), "budget-add-error");

  /* While one of the session's readers holds the file, the booking waits
   * in the write queue: "Saving…", no Cancel, the form stays, the window
   * answers (a timeout fires, again and again); then it is booked. */
  fill_add_dialog (page, "1.100,50");
  ct_core_test_reader_hold (session, &holder);
  ct_test_click (page->add_dialog->save_button);
  ct_test_wait_ticks (20, "the window while the write waits");
  g_assert_true (ct_saving_is_saving (GTK_WIDGET (page->add_dialog->save_button)));
  g_assert_cmpstr (ct_test_button_text (GTK_WIDGET (page->add_dialog->save_button)), ==, _("Saving…"));
  g_assert_false (gtk_widget_is_sensitive (page->add_dialog->cancel_button));
  gtk_window_close (GTK_WINDOW (page->add_dialog));
  g_assert_nonnull (page->add_dialog);
  g_assert_cmpuint (n_expenses (page), ==, rows_before);
  ct_test_wait_for_draw (GTK_WIDGET (page->add_dialog));
  ct_test_screenshot (GTK_WIDGET (page->add_dialog), "budget-add-saving");
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (add_dialog_answered, page, 20, "the expense written");
  /* Saved, the dialog is gone, not hidden. */
  g_assert_null (page->add_dialog);
  wait_for_summary (page);
  g_assert_cmpuint (n_expenses (page), ==, rows_before + 1);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before);
  g_assert_cmpint (page->summary.committed_cents, ==, 110050);
  /* Stored as the core writes dates, whatever the language typed. */
  expenses = ct_session_list (session, "expenses", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (expenses, expenses->len - 1), "spent_on"), ==,
                   "2026-04-01");
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), _("Awaiting co-signature")));
  /* Opened from a case, the dialog starts on that case. */
  for (guint i = 0; i < expenses->len; i++)
    {
      gint64 case_id = ct_record_get_int (g_ptr_array_index (expenses, i), "case_id");
      g_autoptr(CtRecord) kase = ct_session_get (session, "cases", case_id, NULL);
      GtkStringObject *chosen;

      if (g_strcmp0 (ct_record_get (kase, "number"), "2026-021") != 0)
        continue;
      ct_budget_page_set_current_case (page, case_id);
      gtk_widget_activate_action (GTK_WIDGET (page), "budget.add-expense", NULL);
      wait_cases (page->add_dialog->case_dropdown);
  wait_cases (page->add_dialog->case_dropdown);
      chosen = gtk_drop_down_get_selected_item (page->add_dialog->case_dropdown);
      g_assert_nonnull (chosen);
      g_assert_cmpstr (gtk_string_object_get_string (chosen), ==, "2026-021");
      gtk_window_close (GTK_WINDOW (page->add_dialog));
      g_assert_null (page->add_dialog);
      ct_budget_page_set_current_case (page, 0);
      current_checked = TRUE;
    }
  g_assert_true (current_checked);
  /* A regisseur sees no Co-sign button. */
  g_assert_null (ct_test_find_actionable (GTK_WIDGET (page), "budget.cosign"));

  g_assert_true (ct_budget_page_export_to (page, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  ct_test_screenshot (GTK_WIDGET (window), "budget");

  ct_budget_page_set_session (page, NULL);
  ct_session_lock (session);
  g_clear_object (&session);

  session = ct_budget_test_unlock ("voorzitter");
  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (page), "budget.cosign"));
  wait_for_summary (page);
  g_assert_cmpint (page->summary.committed_cents, ==, 0);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before + 110050);
  g_assert_null (ct_test_find_actionable (GTK_WIDGET (page), "budget.cosign"));
  ct_test_screenshot (GTK_WIDGET (window), "budget-cosigned");

  ct_budget_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static gint64
expense_with (CtSession  *session,
              const char *justification)
{
  g_autoptr(GPtrArray) expenses = ct_session_list (session, "expenses", NULL, 0, NULL);

  for (guint i = 0; i < expenses->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (expenses, i), "justification"),
                   justification) == 0)
      return ct_record_get_id (g_ptr_array_index (expenses, i));
  g_assert_not_reached ();
}

static guint
position_of (GtkDropDown *dropdown,
             const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  g_assert_not_reached ();
}

static gboolean
correction_shown (gpointer data)
{
  return CT_BUDGET_PAGE (data)->correct_dialog != NULL;
}

/* Money booked in error is taken back: "Undo" on the toast right after
 * booking, and "Correct…" to another case and amount with a reason. The
 * originals stay in the list, marked withdrawn; the totals follow. */
static void
test_correction (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *date = ct_gui_format_date ("2026-04-01");
  gint64 spent_before, wrong;
  guint rows_before;
  GtkWidget *undo;
  AdwMessageDialog *dialog;

  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  spent_before = page->summary.spent_cents;
  rows_before = n_expenses (page);

  /* Booked, then undone from the toast. */
  gtk_widget_activate_action (GTK_WIDGET (page), "budget.add-expense", NULL);
  wait_cases (page->add_dialog->case_dropdown);
  /* 2026-032 stays within its ceiling: the money counts at once. */
  gtk_drop_down_set_selected (page->add_dialog->case_dropdown,
                              position_of (page->add_dialog->case_dropdown, "2026-032"));
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->amount_row), "35,00");
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (page->add_dialog->justification_row), "Per ongeluk geboekt");
  click_add (page);
  wait_for_summary (page);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before + 3500);
  g_assert_nonnull (page->undo_toast);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "budget-undo-toast");
  undo = ct_test_find_button (gtk_window_get_child (window), _("_Undo"));
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_corrected (page);
  wait_for_summary (page);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before);
  /* The booking and its withdrawal stay on record. */
  g_assert_cmpuint (n_expenses (page), ==, rows_before + 2);
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), C_("expense", "Withdrawn")));
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), _("Withdrawal")));

  /* "Borg voor een kamer", € 425 on 2026-014, belonged to 2026-021 as € 400. */
  wrong = expense_with (session, "Borg voor een kamer");
  /* The expense is read in a worker first (held here: no dialog yet, the
   * page loading). */
  ct_core_test_hold_reads ();
  gtk_widget_activate_action (GTK_WIDGET (page), "budget.correct", "x", wrong);
  g_assert_null (page->correct_dialog);
  g_assert_true (ct_page_is_loading (CT_PAGE (page)));
  ct_core_test_release_reads ();
  ct_test_wait_until (correction_shown, page, 20, "the expense to be read");
  dialog = page->correct_dialog;
  g_assert_nonnull (dialog);
  wait_cases (page->correct_case);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (page->correct_case)),
                   ==, "2026-014");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "correct"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "withdraw"));
  gtk_drop_down_set_selected (page->correct_case, position_of (page->correct_case, "2026-021"));
  gtk_editable_set_text (GTK_EDITABLE (page->correct_amount), "400,00");
  gtk_editable_set_text (GTK_EDITABLE (page->correct_reason), "Geboekt op de verkeerde casus");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "correct"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "budget-correct");
  adw_message_dialog_response (dialog, "correct");
  if (page->correct_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (page->correct_dialog));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the correction");
  wait_corrected (page);
  wait_for_summary (page);
  g_assert_null (page->correct_dialog);
  /* 2026-021 had € 1.200: the € 400 takes it above the ceiling, so it
   * awaits the voorzitter's co-signature like any other booking. */
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before - 42500);
  g_assert_cmpint (page->summary.committed_cents, ==, 40000);
  g_assert_cmpuint (n_expenses (page), ==, rows_before + 4);
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), C_("expense", "Withdrawn")));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "budget-corrected");

  ct_budget_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static guint
count_list_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* The title of the list's first row: item, row box, text box, label. */
static const char *
first_row_title (CtBudgetPage *page)
{
  GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (page->expenses_list));
  GtkWidget *text = gtk_widget_get_first_child (gtk_widget_get_first_child (item));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (text)));
}

/* A period of many expenses: every one is in the list's model, in case
 * order, but only a window of rows around those on screen are widgets. */
static void
test_budget_many_expenses (void)
{
  enum { N_EXPENSES = 400 };
  g_autoptr(CtTestSession) admin = ct_budget_test_unlock ("beheer");
  g_autoptr(CtTestSession) session = NULL;
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  g_autoptr(GError) error = NULL;
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window;
  g_autofree char *first_amount = ct_money_format (101, CT_MONEY_CENTS_IF_ANY);
  g_autofree char *first_title = g_strdup_printf ("2027-001 · %s · %s", _("Housing"),
                                                  first_amount);
  gint64 big_period, first_case, second_case;
  guint rows;

  ct_record_set (period, "name", "Groot 2027");
  ct_record_set (period, "starts_on", "2027-01-01");
  ct_record_set (period, "ends_on", "2027-12-31");
  ct_record_set (period, "amount_cents", "100000000");
  ct_record_set (period, "case_ceiling_cents", "100000000");
  big_period = ct_budget_test_insert (admin, period);
  ct_session_lock (admin);

  session = ct_budget_test_unlock ("regisseur");
  first_case = ct_budget_test_make_case (session, "2027-001", "Iris");
  second_case = ct_budget_test_make_case (session, "2027-002", "Kees");
  /* Alternating cases: the list groups them per case all the same. */
  for (guint i = 0; i < N_EXPENSES; i++)
    {
      g_autoptr(CtRecord) e = ct_record_new ("expenses");
      g_autofree char *cents = g_strdup_printf ("%u", 100 + i);

      ct_record_set_int (e, "period_id", big_period);
      ct_record_set_int (e, "case_id", i % 2 == 0 ? second_case : first_case);
      ct_record_set (e, "amount_cents", cents);
      ct_record_set (e, "purpose", "wonen");
      ct_record_set (e, "spent_on", "2027-03-02");
      ct_record_set (e, "justification", "Huur");
      ct_budget_add_expense (session, e, &error);
      g_assert_no_error (error);
    }

  window = ct_budget_test_window (GTK_WIDGET (page));
  ct_budget_page_set_session (page, session);
  for (guint i = 0; i < page->period_ids->len; i++)
    if (g_array_index (page->period_ids, gint64, i) == big_period)
      gtk_drop_down_set_selected (page->period_dropdown, i);
  g_assert_cmpint (_ct_budget_page_get_period_id (page), ==, big_period);
  wait_for_summary (page);
  ct_test_wait_for_draw (GTK_WIDGET (page->expenses_list));

  g_assert_cmpuint (n_expenses (page), ==, N_EXPENSES);
  rows = count_list_rows (GTK_WIDGET (page->expenses_list));
  g_assert_cmpuint (rows, >, 0);
  /* GTK 4.8's list view keeps about 200 rows as widgets, however long the
   * list; a list box would hold all of them. */
  g_assert_cmpuint (rows, <=, 250);
  /* The first expense was the second case's; the list starts with the
   * first case's first one. */
  g_assert_cmpstr (first_row_title (page), ==, first_title);
  ct_test_screenshot (GTK_WIDGET (window), "budget-many");

  ct_budget_page_set_session (page, NULL);
  g_assert_cmpuint (n_expenses (page), ==, 0);
  g_assert_null (page->member_names);
  g_assert_null (page->case_numbers);
  gtk_window_destroy (window);
  ct_session_lock (session);
}

static guint
count_periods (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = ct_session_list (session, "budget_periods", NULL, 0, &error);

  g_assert_no_error (error);
  return periods->len;
}

static gboolean
period_written (gpointer data)
{
  CtBudgetPage *page = data;

  return page->period_dialog == NULL
         || !ct_saving_is_saving (GTK_WIDGET (page->period_dialog->save_button));
}

static gboolean
write_nothing (CtSession *session,
               gpointer   data,
               GError   **error)
{
  return TRUE;
}

static gboolean
period_dialog_shown (gpointer data)
{
  return CT_BUDGET_PAGE (data)->period_dialog != NULL;
}

/* The dialog's Save, as a person clicks it; it writes through the
 * session's write queue, and this waits until it is written or refused. */
static void
save_period (CtBudgetPage *page)
{
  ct_test_click (page->period_dialog->save_button);
  ct_test_wait_until (period_written, page, 20, "the period to be written");
}

/* The dates as the user writes them. */
static void
fill_period_dialog (CtBudgetPage *page,
                    const char   *starts_on,
                    const char   *ends_on)
{
  g_autofree char *start = ct_gui_format_date (starts_on);
  g_autofree char *end = ct_gui_format_date (ends_on);

  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->name_row), "Maatwerkbudget 2027");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->start_row), start);
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->end_row), end);
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->amount_row), "20000");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->ceiling_row), "1500");
}

/* On a team without periods the empty state offers "New Period…" to a
 * beheerder; an end date before the start is marked on its field and
 * nothing is stored; a good period is selected and its ceiling edited. */
static void
test_periods (void)
{
  CtVaultCreateInfo info = { "Wijkteam West", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             CT_BUDGET_TEST_PASS };
  g_autofree char *empty_path = g_build_filename (ct_budget_test_team ()->dir, "Leeg.casus", NULL);
  CtSecret *recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) session = NULL;
  g_autoptr(CtRecord) period = NULL;
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *start_title = ct_gui_date_title (_("Start date"));
  g_autofree char *end_title = ct_gui_date_title (_("End date"));
  g_autofree char *end_error = ct_budget_test_date_error (_("End date"));
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  g_autofree char *logged = NULL;
  GAsyncResult *written = NULL;
  gint64 id, last;

  g_assert_true (ct_vault_create (empty_path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_secret_free (recovery);
  session = ct_session_unlock (empty_path, "beheer", CT_BUDGET_TEST_PASS, &error);
  g_assert_no_error (error);

  ct_budget_page_set_session (page, session);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "empty");
  ct_test_screenshot (GTK_WIDGET (window), "budget-empty");
  ct_test_click (page->empty_new_button);
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog)));
  g_assert_cmpstr (ct_budget_test_row_title (page->period_dialog->start_row), ==, start_title);
  g_assert_cmpstr (ct_budget_test_row_title (page->period_dialog->end_row), ==, end_title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->period_dialog->start_row)), ==,
                   today);

  /* A date that cannot be read: said under the form, on its field. */
  fill_period_dialog (page, "2027-01-01", "2027-12-31");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->end_row), "31-13-2027");
  save_period (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->end_row), "error"));
  g_assert_cmpstr (gtk_label_get_text (page->period_dialog->error_label), ==, end_error);
  g_assert_cmpuint (count_periods (session), ==, 0);
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-date-error");

  fill_period_dialog (page, "2027-01-01", "2026-12-31");
  save_period (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->end_row), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->start_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog->error_label)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog)));
  g_assert_cmpuint (count_periods (session), ==, 0);
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-error");

  fill_period_dialog (page, "2027-01-01", "2027-12-31");
  save_period (page);
  g_assert_null (page->period_dialog);
  g_assert_cmpuint (count_periods (session), ==, 1);
  id = _ct_budget_page_get_period_id (page);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "budget");
  wait_for_summary (page);
  g_assert_cmpint (page->summary.budget_cents, ==, 2000000);
  g_assert_cmpint (page->summary.ceiling_cents, ==, 150000);

  /* The period is read in a worker first (held here: no dialog yet, the
   * page loading). */
  ct_core_test_hold_reads ();
  ct_test_click (page->edit_period_button);
  g_assert_null (page->period_dialog);
  g_assert_true (ct_page_is_loading (CT_PAGE (page)));
  ct_core_test_release_reads ();
  ct_test_wait_until (period_dialog_shown, page, 20, "the period to be read");
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->period_dialog->name_row)), ==,
                   "Maatwerkbudget 2027");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->ceiling_row), "2500");
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-edit");
  /* The period it edits is read in a worker first (held here: nothing read
   * or logged yet); the dialog is saving meanwhile and does not close. */
  last = ct_core_test_last_entry (session);
  ct_core_test_hold_reads ();
  ct_test_click (page->period_dialog->save_button);
  g_assert_true (ct_saving_is_saving (GTK_WIDGET (page->period_dialog->save_button)));
  g_assert_false (gtk_widget_get_sensitive (page->period_dialog->cancel_button));
  logged = ct_core_test_log_since (session, last);
  g_assert_cmpstr (logged, ==, "");
  /* Nor queued: a write queued after it is done while the period is not. */
  ct_session_write_async (session, write_nothing, NULL, NULL, NULL, ct_core_test_result_cb,
                          &written);
  ct_core_test_wait_result (&written);
  g_assert_true (ct_session_write_finish (session, written, &error));
  g_clear_object (&written);
  g_clear_pointer (&period, ct_record_unref);
  period = ct_session_get (session, "budget_periods", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (period, "case_ceiling_cents"), ==, "150000");
  g_clear_pointer (&period, ct_record_unref);
  gtk_window_close (GTK_WINDOW (page->period_dialog));
  g_assert_nonnull (page->period_dialog);
  ct_core_test_release_reads ();
  ct_test_wait_until (period_written, page, 20, "the period to be written");
  g_assert_null (page->period_dialog);
  g_assert_cmpuint (count_periods (session), ==, 1);
  g_assert_cmpint (_ct_budget_page_get_period_id (page), ==, id);
  wait_for_summary (page);
  g_assert_cmpint (page->summary.ceiling_cents, ==, 250000);
  period = ct_session_get (session, "budget_periods", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (period, "case_ceiling_cents"), ==, "250000");
  g_assert_cmpstr (ct_record_get (period, "starts_on"), ==, "2027-01-01");
  g_assert_cmpstr (ct_record_get (period, "ends_on"), ==, "2027-12-31");

  ct_budget_page_set_session (page, NULL);
  ct_session_lock (session);
  gtk_window_destroy (window);
}

/* A regisseur sees the period buttons disabled, with the reason. */
static void
test_periods_regisseur (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));

  ct_budget_page_set_session (page, session);
  g_assert_cmpint (_ct_budget_page_get_period_id (page), >, 0);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->new_period_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->edit_period_button)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (page->new_period_button)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (page->edit_period_button)));
  gtk_widget_activate_action (GTK_WIDGET (page), "budget.new-period", NULL);
  g_assert_null (page->period_dialog);

  ct_budget_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The files in @dir, sorted, as one string. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("\n", (char **) names->pdata);
}

/* A file not on this computer (ct_test_answer_no_path()): the page says
 * where it can write, writes nothing and stays. */
static void
test_export_no_path (void)
{
  g_autoptr(CtTestSession) session = ct_budget_test_unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = ct_budget_test_window (GTK_WIDGET (page));
  g_autofree char *before = list_dir (ct_budget_test_team ()->dir);
  g_autofree char *after = NULL;

  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "budget.export", NULL));
  g_assert_nonnull (page->chooser);
  ct_test_answer_no_path (page->chooser);
  g_assert_null (page->chooser);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (tree_has_label (GTK_WIDGET (window), _("Choose a file on this computer.")));
  ct_test_screenshot (GTK_WIDGET (window), "budget-export-no-path");
  after = list_dir (ct_budget_test_team ()->dir);
  g_assert_cmpstr (after, ==, before);

  ct_budget_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ct_budget_test_init (&argc, &argv);
  g_type_ensure (CT_TYPE_BUDGET_PAGE);

  g_test_add_func ("/budget/page", test_budget_page);
  g_test_add_func ("/budget/correction", test_correction);
  g_test_add_func ("/budget/periods", test_periods);
  g_test_add_func ("/budget/periods-regisseur", test_periods_regisseur);
  g_test_add_func ("/budget/many-expenses", test_budget_many_expenses);
  g_test_add_func ("/budget/export-no-path", test_export_no_path);

  return ct_budget_test_run ();
}
