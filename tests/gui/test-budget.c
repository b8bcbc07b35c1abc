/* test-budget.c — the maatwerkbudget and doorbraken pages
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Both pages standalone in a window, on a team file made through the core:
 * an expense above the ceiling waits for the voorzitter's co-signature, and
 * the share dialog highlights a planted name and refuses to save. The tests
 * run in order and share one team file. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-budget-page-private.h"
#include "ct-expense-dialog-private.h"
#include "ct-period-dialog-private.h"
#include "ct-core.h"
#include "ct-doorbraak.h"
#include "ct-doorbraken-page-private.h"
#include "ct-reason-dialog.h"
#include "ct-gui-labels.h"
#include "ct-page.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

#define PASS         "geheim geheim"
#define LEGITIMATION "Een ontruiming kost de samenleving veel meer."

static char *tmpdir;
static char *team_path;
static char *empty_path;
static gint64 period_id;
static gint64 planted_id;
static gint64 clean_id;

typedef struct
{
  const char *login;
  CtSession  *session;
} Unlocking;

static gboolean
try_unlock (gpointer data)
{
  Unlocking *u = data;
  g_autoptr(GError) error = NULL;

  u->session = ct_session_unlock (team_path, u->login, PASS, &error);
  if (g_error_matches (error, CT_ERROR, CT_ERROR_BUSY))
    return FALSE;
  g_assert_no_error (error);
  return TRUE;
}

/* A page's read cancelled at the end of the test before still holds its
 * session until the worker is done with it: the file is free after that. */
static CtSession *
unlock (const char *login)
{
  Unlocking u = { login, NULL };

  ct_test_wait_until (try_unlock, &u, 20, "the team file to be free");
  return u.session;
}

static gint64
insert (CtSession *session,
        CtRecord  *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, record, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
make_case (CtSession  *session,
           const char *number,
           const char *first_name)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  gint64 household_id = insert (session, household);

  ct_record_set_int (person, "household_id", household_id);
  ct_record_set (person, "first_name", first_name);
  ct_record_set (person, "last_name", "Bakker");
  ct_record_set (person, "street", "Lindenlaan");
  ct_record_set (person, "postcode", "1211 AB");
  insert (session, person);
  ct_record_set_int (c, "household_id", household_id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "status", "in_uitvoering");
  return insert (session, c);
}

static void
add_expense (CtSession  *session,
             gint64      case_id,
             const char *cents,
             const char *purpose,
             const char *why)
{
  g_autoptr(CtRecord) e = ct_record_new ("expenses");
  g_autoptr(GError) error = NULL;

  ct_record_set_int (e, "period_id", period_id);
  ct_record_set_int (e, "case_id", case_id);
  ct_record_set (e, "amount_cents", cents);
  ct_record_set (e, "purpose", purpose);
  ct_record_set (e, "spent_on", "2026-03-02");
  ct_record_set (e, "justification", why);
  ct_budget_add_expense (session, e, &error);
  g_assert_no_error (error);
}

static gint64
add_doorbraak (CtSession  *session,
               gint64      case_id,
               const char *situation,
               const char *rule)
{
  g_autoptr(CtRecord) d = ct_record_new ("doorbraken");

  ct_record_set_int (d, "case_id", case_id);
  ct_record_set (d, "situation", situation);
  ct_record_set (d, "goal", "In de eigen woning blijven");
  ct_record_set (d, "blocked_rule", rule);
  ct_record_set (d, "blocked_article", "art. 35 Participatiewet");
  ct_record_set (d, "blocked_owner", "gemeente");
  ct_record_set (d, "alternative", "Huurachterstand betaald uit het maatwerkbudget.");
  ct_record_set (d, "legitimation", LEGITIMATION);
  ct_record_set (d, "result", "Het gezin bleef wonen; de schuld is geregeld.");
  ct_record_set (d, "cost_before_cents", "2450000");
  ct_record_set (d, "cost_after_cents", "310000");
  ct_record_set (d, "scope", "structureel");
  ct_record_set (d, "lesson", "Geef teams mandaat voor kleine bedragen.");
  ct_record_set (d, "status", "voorgesteld");
  ct_record_set (d, "reached_on", "2026-02-20");
  return insert (session, d);
}

static void
make_team (void)
{
  CtVaultCreateInfo info = { "Wijkteam Oost", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  const char *logins[] = { "voorzitter", "regisseur" };
  const char *names[] = { "Marloes Kramer", "Sanne Visser" };
  CtRole roles[] = { CT_ROLE_VOORZITTER, CT_ROLE_REGISSEUR };
  CtSecret *codes[2], *recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) admin = NULL;
  g_autoptr(CtTestSession) regisseur = NULL;
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  gint64 case1, case2, case3, closed;
  g_autoptr(CtRecord) closed_case = NULL;

  g_assert_true (ct_vault_create (team_path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_secret_free (recovery);
  admin = unlock ("beheer");
  for (guint i = 0; i < 2; i++)
    {
      codes[i] = ct_session_add_member (admin, logins[i], names[i], roles[i], FALSE, &error);
      g_assert_no_error (error);
    }
  ct_session_lock (admin);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (ct_vault_enrol (team_path, logins[i], codes[i], PASS, &error));
      g_assert_no_error (error);
      ct_secret_free (codes[i]);
    }
  /* The budget's pages for every case: involvement is test-involvement's. */
  ct_test_need_to_know_off (team_path, "beheer", PASS);

  /* Budget periods are a beheerder's (or the voorzitter's) to set. */
  g_clear_object (&admin);
  admin = unlock ("beheer");
  ct_record_set (period, "name", "Maatwerkbudget 2026");
  ct_record_set (period, "starts_on", "2026-01-01");
  ct_record_set (period, "ends_on", "2026-12-31");
  ct_record_set (period, "amount_cents", "1500000");
  ct_record_set (period, "case_ceiling_cents", "150000");
  period_id = insert (admin, period);
  g_clear_object (&admin);

  regisseur = unlock ("regisseur");
  case1 = make_case (regisseur, "2026-014", "Fatima");
  case2 = make_case (regisseur, "2026-021", "Joost");
  case3 = make_case (regisseur, "2026-032", "Noor");
  /* A closed case takes no new expenses. */
  closed = make_case (regisseur, "2025-090", "Gerrit");
  closed_case = ct_session_get (regisseur, "cases", closed, &error);
  g_assert_no_error (error);
  ct_record_set (closed_case, "status", "afgesloten");
  ct_record_set (closed_case, "closed_on", "2026-01-20");
  ct_record_set (closed_case, "outcome", "doel_bereikt");
  g_assert_true (ct_session_update (regisseur, closed_case, &error));
  g_assert_no_error (error);
  add_expense (regisseur, case1, "42500", "wonen", "Borg voor een kamer");
  add_expense (regisseur, case1, "8950", "vervoer", "Fiets om naar het werk te gaan");
  add_expense (regisseur, case2, "120000", "schulden", "Aflossing om beslag te voorkomen");
  add_expense (regisseur, case3, "35000", "kinderen", "Zwemles en schoolreis");
  add_expense (regisseur, case3, "15075", "zorg", "Eigen risico");
  planted_id = add_doorbraak (regisseur, case1, "Fatima kon haar huur niet betalen door een "
                              "wachttijd bij de bijstand.", "Wachttijd van vier weken");
  clean_id = add_doorbraak (regisseur, case2, "Een moeder met drie kinderen dreigde haar woning "
                            "kwijt te raken.", "Geen bijzondere bijstand bij schulden");
  g_clear_object (&regisseur);

  /* Proposed by the regisseur, approved by the voorzitter. */
  voorzitter = unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, planted_id, "goedgekeurd", &error));
  g_assert_true (ct_doorbraak_set_status (voorzitter, clean_id, "goedgekeurd", &error));
  g_assert_no_error (error);
}

static GtkWindow *
show_in_window (GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (window);
  return GTK_WINDOW (window);
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

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

/* What every date field says when it cannot read the date: the field and
 * today as an example, both in the test's language. */
static char *
date_error (const char *label)
{
  g_autofree char *today = ct_gui_today ();
  g_autofree char *example = ct_gui_format_date (today);

  return g_strdup_printf (_("%s: expected a date such as %s."), label, example);
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
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
  g_autoptr(CtTestSession) session = unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  g_autofree char *xlsx = g_build_filename (tmpdir, "financien.xlsx", NULL);
  g_autofree char *date_title = ct_gui_date_title (_("Date"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expenses = NULL;
  gint64 spent_before;
  guint rows_before;
  gboolean current_checked = FALSE;

  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  g_assert_cmpint (_ct_budget_page_get_period_id (page), ==, period_id);
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
  g_assert_cmpstr (row_title (page->add_dialog->date_row), ==, date_title);
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
  click (page->add_dialog->save_button);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->case_row), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->add_dialog->error_label), _("Case")));
  g_assert_cmpuint (n_expenses (page), ==, rows_before);
  gtk_widget_remove_css_class (GTK_WIDGET (page->add_dialog->case_row), "error");
  fill_add_dialog (page, "twaalf");
  click (page->add_dialog->save_button);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->amount_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->add_dialog->error_label)));
  g_assert_cmpuint (n_expenses (page), ==, rows_before);

  /* € 1.150,00 more than remains is refused on the amount too. */
  fill_add_dialog (page, "20000");
  click (page->add_dialog->save_button);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->add_dialog->amount_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->add_dialog)));
  ct_test_screenshot (GTK_WIDGET (page->add_dialog), "budget-add-error");

  fill_add_dialog (page, "1.100,50");
  click (page->add_dialog->save_button);
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

  session = unlock ("voorzitter");
  ct_budget_page_set_session (page, session);
  wait_for_summary (page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  click (ct_test_find_actionable (GTK_WIDGET (page), "budget.cosign"));
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

/* Money booked in error is taken back: "Undo" on the toast right after
 * booking, and "Correct…" to another case and amount with a reason. The
 * originals stay in the list, marked withdrawn; the totals follow. */
static void
test_correction (void)
{
  g_autoptr(CtTestSession) session = unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
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
  click (page->add_dialog->save_button);
  wait_for_summary (page);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before + 3500);
  g_assert_nonnull (page->undo_toast);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "budget-undo-toast");
  undo = ct_test_find_button (gtk_window_get_child (window), _("_Undo"));
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_for_summary (page);
  g_assert_cmpint (page->summary.spent_cents, ==, spent_before);
  /* The booking and its withdrawal stay on record. */
  g_assert_cmpuint (n_expenses (page), ==, rows_before + 2);
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), C_("expense", "Withdrawn")));
  g_assert_true (tree_has_label (GTK_WIDGET (page->expenses_list), _("Withdrawal")));

  /* "Borg voor een kamer", € 425 on 2026-014, belonged to 2026-021 as € 400. */
  wrong = expense_with (session, "Borg voor een kamer");
  gtk_widget_activate_action (GTK_WIDGET (page), "budget.correct", "x", wrong);
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
  g_autoptr(CtTestSession) admin = unlock ("beheer");
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
  big_period = insert (admin, period);
  ct_session_lock (admin);

  session = unlock ("regisseur");
  first_case = make_case (session, "2027-001", "Iris");
  second_case = make_case (session, "2027-002", "Kees");
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

  window = show_in_window (GTK_WIDGET (page));
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
                             PASS };
  CtSecret *recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) session = NULL;
  g_autoptr(CtRecord) period = NULL;
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  g_autofree char *start_title = ct_gui_date_title (_("Start date"));
  g_autofree char *end_title = ct_gui_date_title (_("End date"));
  g_autofree char *end_error = date_error (_("End date"));
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  gint64 id;

  g_assert_true (ct_vault_create (empty_path, &info, &recovery, &error));
  g_assert_no_error (error);
  ct_secret_free (recovery);
  session = ct_session_unlock (empty_path, "beheer", PASS, &error);
  g_assert_no_error (error);

  ct_budget_page_set_session (page, session);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "empty");
  ct_test_screenshot (GTK_WIDGET (window), "budget-empty");
  click (page->empty_new_button);
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog)));
  g_assert_cmpstr (row_title (page->period_dialog->start_row), ==, start_title);
  g_assert_cmpstr (row_title (page->period_dialog->end_row), ==, end_title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->period_dialog->start_row)), ==,
                   today);

  /* A date that cannot be read: said under the form, on its field. */
  fill_period_dialog (page, "2027-01-01", "2027-12-31");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->end_row), "31-13-2027");
  click (page->period_dialog->save_button);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->end_row), "error"));
  g_assert_cmpstr (gtk_label_get_text (page->period_dialog->error_label), ==, end_error);
  g_assert_cmpuint (count_periods (session), ==, 0);
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-date-error");

  fill_period_dialog (page, "2027-01-01", "2026-12-31");
  click (page->period_dialog->save_button);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->end_row), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (page->period_dialog->start_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog->error_label)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->period_dialog)));
  g_assert_cmpuint (count_periods (session), ==, 0);
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-error");

  fill_period_dialog (page, "2027-01-01", "2027-12-31");
  click (page->period_dialog->save_button);
  g_assert_null (page->period_dialog);
  g_assert_cmpuint (count_periods (session), ==, 1);
  id = _ct_budget_page_get_period_id (page);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "budget");
  wait_for_summary (page);
  g_assert_cmpint (page->summary.budget_cents, ==, 2000000);
  g_assert_cmpint (page->summary.ceiling_cents, ==, 150000);

  click (page->edit_period_button);
  ct_test_wait_for_draw (GTK_WIDGET (page->period_dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->period_dialog->name_row)), ==,
                   "Maatwerkbudget 2027");
  gtk_editable_set_text (GTK_EDITABLE (page->period_dialog->ceiling_row), "2500");
  ct_test_screenshot (GTK_WIDGET (page->period_dialog), "budget-period-edit");
  click (page->period_dialog->save_button);
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
  g_autoptr(CtTestSession) session = unlock ("regisseur");
  CtBudgetPage *page = CT_BUDGET_PAGE (ct_budget_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));

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

static gboolean
has_finding_tag (CtDoorbrakenPage *page,
                 const char       *word)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->share_dialog->share_view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "finding");
  GtkTextIter start, match, end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, word, 0, &match, &end, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match, tag);
}

static GtkWidget *
form_row_of (CtDoorbrakenPage *page,
             const char       *field)
{
  GtkWidget *row = _ct_doorbraken_page_get_form_row (page, field);

  g_assert_nonnull (row);
  return row;
}

static gboolean
doorbraken_read (gpointer page)
{
  return !_ct_doorbraken_page_is_loading (page);
}

/* The list is read in a worker, when the page gets its session and after
 * an edit. */
static void
wait_for_doorbraken (CtDoorbrakenPage *page)
{
  ct_test_wait_until (doorbraken_read, page, 20, "the breakthroughs to be read");
}

static void
select_doorbraak (CtDoorbrakenPage *page,
                  gint64            id)
{
  wait_for_doorbraken (page);
  g_assert_true (_ct_doorbraken_page_select (page, id));
  g_assert_cmpint (ct_record_get_id (page->current), ==, id);
}

/* The planted first name is highlighted and saving refused; a clean
 * example is saved as Markdown and PDF and becomes "gedeeld". */
static void
test_doorbraken_page (void)
{
  g_autoptr(CtTestSession) session = unlock ("regisseur");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  g_autofree char *md = g_build_filename (tmpdir, "doorbraak.md", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "doorbraak.pdf", NULL);
  g_autofree char *pdf_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autofree char *prefix = NULL;
  GtkWidget *row;

  ct_doorbraken_page_set_session (page, session);
  wait_for_doorbraken (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->store)), ==, 2);
  select_doorbraak (page, planted_id);
  ct_test_screenshot (GTK_WIDGET (window), "doorbraken");

  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_false (has_finding_tag (page, "wachttijd"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->findings_label)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_pdf_button)));
  g_assert_false (ct_doorbraken_page_share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
  /* with findings, the text to rewrite is shown, marked */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->share_dialog->share_stack), ==, "edit");
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share");

  /* Rewritten in the dialog, it passes the check. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->share_dialog->share_view);
    GtkTextIter start, match, end;

    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, "Fatima", 0, &match, &end, NULL));
    gtk_text_buffer_delete (buffer, &match, &end);
    gtk_text_buffer_insert (buffer, &match, "Een moeder", -1);
    click (page->share_dialog->check_button);
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  }
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);

  select_doorbraak (page, clean_id);
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_pdf_button)));
  /* clean: it shows as it will read, not as Markdown */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->share_dialog->share_stack), ==,
                   "preview");
  g_assert_nonnull (strstr (gtk_label_get_text (page->share_dialog->share_preview_label),
                            "Geen bijzondere"));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "# "));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "\n- "));
  g_assert_null (strstr (gtk_label_get_text (page->share_dialog->share_preview_label), "*"));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-clean");
  g_assert_true (ct_doorbraken_page_share_to (page, md, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_bytes, "%PDF"));
  d = ct_session_get (session, "doorbraken", clean_id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "gedeeld");
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  g_assert_null (page->share_dialog);

  /* The core's refusal shows in the form: the field named, its row marked,
   * the approved legitimation kept in the file. */
  select_doorbraak (page, planted_id);
  row = form_row_of (page, "legitimation");
  gtk_editable_set_text (GTK_EDITABLE (row), "Een andere reden.");
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL);
  prefix = g_strdup_printf ("%s: ", _("Legitimation"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->form_error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (page->form_error_label), prefix));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_clear_pointer (&d, ct_record_unref);
  d = ct_session_get (session, "doorbraken", planted_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "legitimation"), ==, LEGITIMATION);

  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

/* The voorzitter may not read identity data, so cannot run the check:
 * Share… is off and says why, instead of an empty dialog with an error. */
static void
test_doorbraak_share_voorzitter (void)
{
  g_autoptr(CtTestSession) session = unlock ("voorzitter");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));

  ct_doorbraken_page_set_session (page, session);
  select_doorbraak (page, planted_id);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->share_button)), ==,
                   _("Sharing checks the text against the names in the team file, which your "
                     "role may not read. Ask a team member whose role sees identity data to "
                     "share this example."));
  g_assert_null (page->share_dialog);
  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static const char *
reached_on (CtSession *session,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = ct_session_get (session, "doorbraken", id, &error);
  static char date[16];

  g_assert_no_error (error);
  g_strlcpy (date, ct_record_get (d, "reached_on"), sizeof date);
  return date;
}

/* The breakthrough's date as the other forms take it: shown and typed as
 * the user writes dates; one that cannot be read is said under the form,
 * on its field, and nothing is stored. */
static void
test_doorbraak_date (void)
{
  g_autoptr(CtTestSession) session = unlock ("regisseur");
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  g_autofree char *title = ct_gui_date_title (_("Date of the breakthrough"));
  g_autofree char *message = date_error (_("Date of the breakthrough"));
  g_autofree char *shown = ct_gui_format_date ("2026-02-20");
  g_autofree char *typed = ct_gui_format_date ("2026-03-05");
  GtkWidget *row;

  ct_doorbraken_page_set_session (page, session);
  select_doorbraak (page, planted_id);
  row = form_row_of (page, "reached_on");
  g_assert_cmpstr (row_title (row), ==, title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, shown);

  gtk_editable_set_text (GTK_EDITABLE (row), "31-02-2026");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->form_error_label)));
  g_assert_cmpstr (gtk_label_get_text (page->form_error_label), ==, message);
  g_assert_cmpstr (reached_on (session, planted_id), ==, "2026-02-20");
  /* The message is at the top, by Save; the field lower down. */
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-date-error");
  ct_test_screenshot (row, "doorbraak-date-error-row");

  gtk_editable_set_text (GTK_EDITABLE (row), typed);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.save", NULL));
  g_assert_cmpstr (reached_on (session, planted_id), ==, "2026-03-05");
  row = form_row_of (page, "reached_on");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, typed);
  ct_test_screenshot (row, "doorbraak-date-row");

  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static gint64
case_of (CtSession  *session,
         const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_list (session, "cases", NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < cases->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (cases, i), "number"), number) == 0)
      return ct_record_get_id (g_ptr_array_index (cases, i));
  g_error ("No case %s", number);
}

/* A proposed breakthrough: the regisseur sees the Approve step but may not
 * take it, and is told why; the voorzitter takes it. */
static void
test_doorbraak_approve (void)
{
  g_autoptr(CtTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autoptr(GError) error = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  gint64 id = add_doorbraak (regisseur, case_of (regisseur, "2026-032"),
                             "Noor kon geen stageplek krijgen zonder VOG.", "VOG-eis");
  GtkWidget *undo;

  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->advance_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->advance_button)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->advance_button)), ==,
                   _("Only the voorzitter or a beheerder approves a breakthrough"));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-approve-regisseur");
  ct_doorbraken_page_set_session (page, NULL);
  g_clear_object (&regisseur);

  voorzitter = unlock ("voorzitter");
  ct_doorbraken_page_set_session (page, voorzitter);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->advance_button)));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (page->advance_button)));
  click (page->advance_button);
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "goedgekeurd");

  /* Approved by mistake: the toast's Undo takes it back. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-approved-toast");
  undo = ct_test_find_button (gtk_window_get_child (window), _("_Undo"));
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_clear_pointer (&d, ct_record_unref);
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "voorgesteld");

  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

/* What a click on a response button does: answer, then close. */
static void
respond (gpointer    dialog,
         const char *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));  /* a no-op once its handler destroyed it */
  g_object_unref (dialog);
}

static GtkWindow *
find_message_dialog (const char *heading)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (const GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static gboolean
admin_log_has (const char *purpose)
{
  g_autoptr(CtTestSession) admin = unlock ("beheer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (admin, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_strcmp0 (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, purpose) == 0)
      return TRUE;
  return FALSE;
}

/* Types @reason into the reason dialog @heading (the confirming answer is
 * off until then) and confirms it. */
static void
answer_reason (const char *heading,
               const char *reason,
               const char *png)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_message_dialog (heading));

  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  gtk_editable_set_text (GTK_EDITABLE (ct_reason_dialog_get_row (dialog)), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  gtk_editable_set_text (GTK_EDITABLE (ct_reason_dialog_get_row (dialog)), reason);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  ct_test_screenshot (GTK_WIDGET (dialog), png);
  respond (dialog, CT_REASON_DIALOG_CONFIRM);
}

/* The mark button of the flagged name @word in the share dialog, or NULL. */
static GtkWidget *
name_button (CtDoorbrakenPage *page,
             const char       *word)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page->share_dialog->names_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));

      if (g_strcmp0 (g_variant_get_string (target, NULL), word) == 0)
        return button;
    }
  return NULL;
}

/* "Joost mag het weten" is a saying, not the Joost of the team file, and
 * the "Fatima-regeling" is a scheme: the member marks each flagged name on
 * its own, with its own reason. Marking one leaves the other flagged and
 * the example unsaveable; the log keeps each word with its reason. */
static void
test_doorbraak_not_identifying (void)
{
  g_autoptr(CtTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  g_autofree char *md = g_build_filename (tmpdir, "joost.md", NULL);
  g_autofree char *heading = NULL;
  gint64 id = add_doorbraak (regisseur, case_of (regisseur, "2026-021"),
                             "Joost mag het weten waarom de regel bestond; de Fatima-regeling "
                             "hielp.", "Wachtlijst schuldhulp");

  /* One session at a time, as the file lock requires. */
  g_clear_object (&regisseur);
  voorzitter = unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_no_error (error);
  g_clear_object (&voorzitter);
  regisseur = unlock ("regisseur");
  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  gtk_widget_activate_action (GTK_WIDGET (page), "doorbraken.share", NULL);
  ct_test_wait_for_draw (GTK_WIDGET (page->share_dialog));
  g_assert_true (has_finding_tag (page, "Joost"));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->names_box)));
  g_assert_nonnull (name_button (page, "Joost"));
  g_assert_nonnull (name_button (page, "Fatima"));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-name");

  /* Cancelled: nothing marked. */
  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), "Joost");
  click (GTK_BUTTON (name_button (page, "Joost")));
  g_assert_nonnull (find_message_dialog (heading));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (
                                find_message_dialog (heading))), "Joost"));
  respond (find_message_dialog (heading), "cancel");
  g_assert_true (has_finding_tag (page, "Joost"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (ct_doorbraken_page_share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* Joost marked: Fatima stays flagged, and nothing can be saved yet. */
  click (GTK_BUTTON (name_button (page, "Joost")));
  answer_reason (heading, "Uitdrukking, geen persoon", "doorbraak-not-identifying");
  g_assert_false (has_finding_tag (page, "Joost"));
  g_assert_true (has_finding_tag (page, "Fatima"));
  g_assert_null (name_button (page, "Joost"));
  g_assert_nonnull (name_button (page, "Fatima"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (ct_doorbraken_page_share_to (page, md, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-one-marked");

  g_clear_pointer (&heading, g_free);
  heading = g_strdup_printf (_("Mark “%s” as Not Identifying?"), "Fatima");
  click (GTK_BUTTON (name_button (page, "Fatima")));
  answer_reason (heading, "Naam van een regeling", "doorbraak-not-identifying-second");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->share_dialog->save_md_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->share_dialog->names_box)));
  ct_test_screenshot (GTK_WIDGET (page->share_dialog), "doorbraak-share-marked");
  g_assert_true (ct_doorbraken_page_share_to (page, md, NULL, &error));
  g_assert_no_error (error);
  d = ct_session_get (regisseur, "doorbraken", id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "gedeeld");
  gtk_window_close (GTK_WINDOW (page->share_dialog));
  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
  g_clear_object (&regisseur);
  g_assert_true (admin_log_has ("not identifying; Joost; Uitdrukking, geen persoon"));
  g_assert_true (admin_log_has ("not identifying; Fatima; Naam van een regeling"));
}

/* Later than the toast: the voorzitter withdraws an approval with a
 * reason; a regisseur sees the button but may not. */
static void
test_doorbraak_withdraw (void)
{
  g_autoptr(CtTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = NULL;
  CtDoorbrakenPage *page = CT_DOORBRAKEN_PAGE (ct_doorbraken_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  gint64 id = add_doorbraak (regisseur, case_of (regisseur, "2026-032"),
                             "Een stage liep vast op een regel.", "Stage-eis");

  g_clear_object (&regisseur);
  voorzitter = unlock ("voorzitter");
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_no_error (error);
  g_clear_object (&voorzitter);
  regisseur = unlock ("regisseur");
  ct_doorbraken_page_set_session (page, regisseur);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (page->withdraw_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->withdraw_button)));
  ct_doorbraken_page_set_session (page, NULL);
  g_clear_object (&regisseur);

  voorzitter = unlock ("voorzitter");
  ct_doorbraken_page_set_session (page, voorzitter);
  select_doorbraak (page, id);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->withdraw_button)));
  ct_test_screenshot (GTK_WIDGET (window), "doorbraak-withdraw-button");
  click (page->withdraw_button);
  answer_reason (_("Withdraw the Approval?"), "Mandaat ontbrak", "doorbraak-withdraw");
  d = ct_session_get (voorzitter, "doorbraken", id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "voorgesteld");
  wait_for_doorbraken (page);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (page->withdraw_button)));
  ct_doorbraken_page_set_session (page, NULL);
  gtk_window_destroy (window);
  g_clear_object (&voorzitter);
  g_assert_true (admin_log_has ("withdraw approval; Mandaat ontbrak"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ct_test_init (&argc, &argv);
  g_type_ensure (CT_TYPE_BUDGET_PAGE);
  g_type_ensure (CT_TYPE_DOORBRAKEN_PAGE);

  tmpdir = g_dir_make_tmp ("casustafel-budget-XXXXXX", &error);
  g_assert_no_error (error);
  team_path = g_build_filename (tmpdir, "Team.casus", NULL);
  empty_path = g_build_filename (tmpdir, "Leeg.casus", NULL);
  make_team ();

  g_test_add_func ("/budget/page", test_budget_page);
  g_test_add_func ("/budget/correction", test_correction);
  g_test_add_func ("/budget/doorbraken", test_doorbraken_page);
  g_test_add_func ("/budget/doorbraak-share-voorzitter", test_doorbraak_share_voorzitter);
  g_test_add_func ("/budget/doorbraak-date", test_doorbraak_date);
  g_test_add_func ("/budget/periods", test_periods);
  g_test_add_func ("/budget/periods-regisseur", test_periods_regisseur);
  g_test_add_func ("/budget/doorbraak-approve", test_doorbraak_approve);
  g_test_add_func ("/budget/doorbraak-not-identifying", test_doorbraak_not_identifying);
  g_test_add_func ("/budget/doorbraak-withdraw", test_doorbraak_withdraw);
  g_test_add_func ("/budget/many-expenses", test_budget_many_expenses);
  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmpdir);
  return ret;
}
