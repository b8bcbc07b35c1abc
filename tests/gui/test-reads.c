/* test-reads.c — reads that grow with the team, each in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log view (the log, its verification and the Verify
 * button's check of the whole file), the open cases an expense form
 * offers and the meetings a new meeting's date follows are read in a
 * worker (HACKING.md, "Threads"). Each test holds the worker on the test
 * hook (ct_core_test_hold_reads()): meanwhile the main loop runs and
 * the widget says it is reading; a read given up (the widget gone, the
 * team locked) never shows. The log's text search filters a batch of
 * entries per main-loop iteration. */

#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ct-budget-page-private.h"
#include "ct-core-test-util.h"
#include "ct-expense-dialog-private.h"
#include "ct-gui-labels.h"
#include "ct-log-view-private.h"
#include "ct-meeting-plan-dialog-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static CtTestTeam *team;

/* The session is back to @data references: its workers are done. */
static gboolean
reads_done (gpointer data)
{
  CtSession **session = data;

  return g_atomic_int_get (&G_OBJECT (*session)->ref_count) == 1;
}

static void
wait_reads_done (CtSession **session)
{
  ct_test_wait_until (reads_done, session, 20, "the reads given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the reads' results");
}

static gboolean
log_read (gpointer log)
{
  return !_ct_log_view_is_loading (log);
}

/* The whole log: read and verified in a worker, with a spinner meanwhile;
 * a read given up by leaving or by a lock shows nothing. */
static void
test_log_view (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  CtLogView *log;
  GtkWindow *window;
  guint n;

  ct_core_test_hold_reads ();

  log = CT_LOG_VIEW (ct_log_view_new (session));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  g_assert_true (_ct_log_view_is_loading (log));
  ct_test_wait_main_loop ("the main loop to run while the log is read");
  g_assert_true (_ct_log_view_is_loading (log));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (log->log_stack), ==, "loading");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log->verify_label)));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "log-loading");

  ct_core_test_release_reads ();
  ct_test_wait_until (log_read, log, 20, "the access log");
  n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (log->log_stack), ==, "log");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (log->verify_label), "success"));
  /* No filter set: the entries pass through as they are, newest first. */
  g_assert_null (gtk_filter_list_model_get_filter (log->filter_model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);
  g_assert_cmpint (_ct_log_view_get_shown_entry (log, 0)->id, >=,
                   _ct_log_view_get_shown_entry (log, n - 1)->id);
  gtk_drop_down_set_selected (log->action_dropdown, 1);  /* Viewed */
  g_assert_nonnull (gtk_filter_list_model_get_filter (log->filter_model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), <, n);
  gtk_drop_down_set_selected (log->action_dropdown, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);

  /* Read again and locked before the worker is done: nothing shows. */
  ct_core_test_hold_reads ();
  ct_log_view_reload (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  ct_session_lock (session);
  ct_core_test_release_reads ();
  ct_test_wait_until (log_read, log, 20, "the read after the lock");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  ct_test_close_window (window);
  g_clear_pointer (&session, ct_test_session_free);

  /* The view gone while the worker reads: the read is given up. */
  session = ct_test_team_unlock (team, "anna");
  ct_core_test_hold_reads ();
  log = CT_LOG_VIEW (ct_log_view_new (session));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  g_assert_true (_ct_log_view_is_loading (log));
  ct_test_close_window (window);
  ct_core_test_release_reads ();
  wait_reads_done (&session);
}

/* The entries about one household, for its regisseur: read in a worker
 * too; only a beheerder verifies the whole log. */
static void
test_household_log (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "bob");
  CtLogView *log;
  GtkWindow *window;

  /* Not Bob's household: refused, and said so. */
  log = CT_LOG_VIEW (ct_log_view_new_for_household (session, team->household_id));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  ct_test_wait_until (log_read, log, 20, "the refusal");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log->verify_label)));
  g_assert_cmpstr (gtk_label_get_text (log->verify_label), ==,
                   _("Only a beheerder or the household’s regisseur may read who saw this "
                     "household."));
  ct_test_close_window (window);
  g_clear_pointer (&session, ct_test_session_free);

  /* A beheerder: every entry is about it, and the whole log verified. */
  session = ct_test_team_unlock (team, "anna");
  log = CT_LOG_VIEW (ct_log_view_new_for_household (session, team->household_id));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  ct_test_wait_until (log_read, log, 20, "the household's log");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)); i++)
    {
      g_autofree char *number = _ct_log_view_dup_shown_text (log, i, COL_CASE);

      g_assert_cmpstr (number, ==, "2026-014");
    }
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (log->verify_label), "success"));
  ct_test_close_window (window);
}

/* Holds the check's worker from the moment the view says it checks: the
 * log's read before it is let through. */
static void
verify_label_cb (GtkLabel   *label,
                 GParamSpec *pspec,
                 gpointer    unused)
{
  if (g_str_equal (gtk_label_get_text (label), _("Checking the team file…")))
    {
      ct_core_test_hold_reads ();
      g_signal_handlers_disconnect_by_func (label, verify_label_cb, NULL);
    }
}

static gboolean
verify_enabled (CtLogView *log)
{
  return gtk_widget_get_sensitive (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
}

/* "Verify" checks the whole file in a worker: meanwhile the main loop
 * runs, a spinner turns and the button waits; then the log says it is
 * intact. A page of zeros appended to the file is reported, as
 * ct_session_check() reports it. */
static void
test_log_verify (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree guint8 *zeros = g_malloc0 (CT_VAULT_PAGE_SIZE);
  CtLogView *log;
  GtkWindow *window;
  GStatBuf st;
  int fd;

  log = CT_LOG_VIEW (ct_log_view_new (session));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  ct_test_wait_until (log_read, log, 20, "the access log");

  g_signal_connect (log->verify_label, "notify::label", G_CALLBACK (verify_label_cb), NULL);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  ct_test_wait_until ((CtTestPredicate) gtk_widget_get_visible, log->check_spinner, 20,
                      "the check to start");
  ct_test_wait_main_loop ("the main loop to run while the file is checked");
  g_assert_true (_ct_log_view_is_loading (log));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log->check_spinner)));
  g_assert_cmpstr (gtk_label_get_text (log->verify_label), ==, _("Checking the team file…"));
  g_assert_false (verify_enabled (log));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (log->log_stack), ==, "log");
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (window, "log-checking");
  ct_core_test_release_reads ();
  ct_test_wait_until (log_read, log, 20, "the check");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (log->verify_label), "success"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log->check_spinner)));
  g_assert_true (verify_enabled (log));

  /* Damaged: the log is intact, the file is not. */
  g_assert_cmpint (g_stat (team->path, &st), ==, 0);
  fd = g_open (team->path, O_WRONLY | O_APPEND, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, zeros, CT_VAULT_PAGE_SIZE), ==, CT_VAULT_PAGE_SIZE);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  ct_test_wait_until (log_read, log, 20, "the check of the damaged file");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (log->verify_label), "error"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ct_session_check (session, &error));
    g_assert_cmpstr (gtk_label_get_text (log->verify_label), ==, error->message);
  }
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (window, "log-check-damaged");
  g_assert_cmpint (ftruncate (fd, st.st_size), ==, 0);
  close (fd);

  /* Off screen while checking: given up, and nothing shows. */
  g_signal_connect (log->verify_label, "notify::label", G_CALLBACK (verify_label_cb), NULL);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  ct_test_wait_until ((CtTestPredicate) gtk_widget_get_visible, log->check_spinner, 20,
                      "the check to start");
  ct_test_close_window (window);
  ct_core_test_release_reads ();
  wait_reads_done (&session);
}

/* How many of the log's entries show @needle (casefolded) in a column,
 * counted with no filter set. */
static guint
count_matching (CtLogView  *log,
                const char *needle)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  guint matching = 0;

  for (guint i = 0; i < n; i++)
    for (guint col = 0; col < N_COLUMNS; col++)
      {
        g_autofree char *text = _ct_log_view_dup_shown_text (log, i, col);
        g_autofree char *folded = g_utf8_casefold (text, -1);

        if (strstr (folded, needle) != NULL)
          {
            matching++;
            break;
          }
      }
  return matching;
}

static gboolean
searched (gpointer log)
{
  return gtk_filter_list_model_get_pending (CT_LOG_VIEW (log)->filter_model) == 0;
}

/* Types @text and returns once the search is done; at more entries than a
 * batch, the search is still going when the entry's signal returns. */
static void
search (CtLogView  *log,
        const char *text,
        guint       expected)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));

  gtk_editable_set_text (GTK_EDITABLE (log->search_entry), text);
  g_signal_emit_by_name (log->search_entry, "search-changed");
  if (text[0] != '\0' && n > 1000)
    {
      g_assert_cmpuint (gtk_filter_list_model_get_pending (log->filter_model), >, 0);
      g_assert_cmpstr (gtk_label_get_text (log->count_label), ==, _("Searching…"));
      g_assert_false (gtk_widget_get_sensitive (ct_test_find_actionable (GTK_WIDGET (log),
                                                                         "log.export")));
    }
  ct_test_wait_until (searched, log, 20, "the search");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, expected);
  g_assert_cmpstr (gtk_label_get_text (log->count_label), !=, _("Searching…"));
}

/* The text search: the rows that show the text, whatever its case; typing
 * on narrows, deleting widens; the main loop runs between batches. */
static void
test_log_search (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  CtLogView *log;
  GtkWindow *window;
  guint n, about, viewed;
  gint64 id;
  const char *view_word = _("Viewed");
  g_autofree char *view_folded = g_utf8_casefold (view_word, -1);
  g_autofree char *view_upper = g_utf8_strup (view_word, -1);

  /* More entries than the model filters in one go: a person read again
   * and again. */
  ct_record_set_int (person, "household_id", team->household_id);
  ct_record_set (person, "first_name", "Fenna");
  ct_record_set (person, "last_name", "Visser");
  id = ct_session_insert (session, person, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1200; i++)
    {
      g_autoptr(CtRecord) seen = ct_session_get (session, "persons", id, &error);

      g_assert_no_error (error);
    }
  log = CT_LOG_VIEW (ct_log_view_new (session));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  ct_test_wait_until (log_read, log, 20, "the access log");
  n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));
  g_assert_cmpuint (n, >, 1200);
  about = count_matching (log, "2026-014");
  viewed = count_matching (log, view_folded);
  g_assert_cmpuint (about, >, 1000);
  g_assert_cmpuint (viewed, >, 1000);

  search (log, "2026-01", count_matching (log, "2026-01"));
  search (log, "2026-014", about);
  for (guint i = 0; i < about; i++)
    {
      g_autofree char *number = _ct_log_view_dup_shown_text (log, i, COL_CASE);

      g_assert_nonnull (strstr (number, "2026-014"));
    }
  search (log, "2026-0149", 0);
  g_assert_cmpstr (gtk_label_get_text (log->count_label), ==, _("No entry matches these filters."));
  search (log, "2026-014", about);
  search (log, view_upper, viewed);
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (window, "log-searched");
  search (log, "", n);
  g_assert_null (gtk_filter_list_model_get_filter (log->filter_model));

  /* Cleared while a search runs: the rows are what the other filters
   * say, at once when there is none. */
  gtk_editable_set_text (GTK_EDITABLE (log->search_entry), "2026-014");
  g_signal_emit_by_name (log->search_entry, "search-changed");
  g_assert_cmpuint (gtk_filter_list_model_get_pending (log->filter_model), >, 0);
  gtk_editable_set_text (GTK_EDITABLE (log->search_entry), "");
  g_signal_emit_by_name (log->search_entry, "search-changed");
  g_assert_cmpuint (gtk_filter_list_model_get_pending (log->filter_model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);
  gtk_drop_down_set_selected (log->action_dropdown, 1);  /* Viewed */
  gtk_editable_set_text (GTK_EDITABLE (log->search_entry), "2026-014");
  g_signal_emit_by_name (log->search_entry, "search-changed");
  g_assert_cmpuint (gtk_filter_list_model_get_pending (log->filter_model), >, 0);
  gtk_editable_set_text (GTK_EDITABLE (log->search_entry), "");
  g_signal_emit_by_name (log->search_entry, "search-changed");
  ct_test_wait_until (searched, log, 20, "the action filter");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)); i++)
    g_assert_cmpint (_ct_log_view_get_shown_entry (log, i)->action, ==, 'R');
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), >=, 1200);
  g_assert_cmpstr (gtk_label_get_text (log->count_label), !=, _("Searching…"));
  g_assert_false (gtk_filter_list_model_get_incremental (log->filter_model));
  gtk_drop_down_set_selected (log->action_dropdown, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);
  ct_test_close_window (window);
}

static gboolean
cases_read (gpointer dropdown)
{
  return gtk_widget_get_sensitive (dropdown);
}

/* The open cases an expense form offers: a placeholder that cannot be
 * chosen while the worker reads, then the cases with the default chosen. */
static void
test_expense_cases (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  CtExpenseDialog *dialog;
  GListModel *model;

  ct_core_test_hold_reads ();

  dialog = CT_EXPENSE_DIALOG (ct_expense_dialog_new (NULL, session, 0, team->case_id));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->case_dropdown)));
  model = gtk_drop_down_get_model (dialog->case_dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==,
                   _("Loading cases…"));
  g_assert_cmpuint (dialog->case_ids->len, ==, 0);
  ct_test_wait_main_loop ("the main loop to run while the cases are read");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (dialog->case_dropdown)));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "expense-cases-loading");

  ct_core_test_release_reads ();
  ct_test_wait_until (cases_read, dialog->case_dropdown, 20, "the open cases");
  model = gtk_drop_down_get_model (dialog->case_dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "2026-014");
  g_assert_cmpuint (gtk_drop_down_get_selected (dialog->case_dropdown), ==, 0);
  g_assert_cmpint (g_array_index (dialog->case_ids, gint64, 0), ==, team->case_id);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closed while the worker reads: the read is given up. */
  ct_core_test_hold_reads ();
  dialog = CT_EXPENSE_DIALOG (ct_expense_dialog_new (NULL, session, 0, 0));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  ct_core_test_release_reads ();
  wait_reads_done (&session);
}

static gboolean
date_read (gpointer dialog)
{
  return !_ct_meeting_plan_dialog_is_loading (dialog);
}

/* A new meeting's date follows the meetings so far, read in a worker; a
 * date the member typed meanwhile stays. */
static void
test_plan_date (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  g_autofree char *typed = ct_gui_format_date ("2026-02-03");
  CtMeetingPlanDialog *dialog;

  ct_core_test_hold_reads ();

  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (_ct_meeting_plan_dialog_is_loading (dialog));
  ct_test_wait_main_loop ("the main loop to run while the meetings are read");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, "");
  ct_core_test_release_reads ();
  ct_test_wait_until (date_read, dialog, 20, "the new meeting's date");
  /* No meeting yet: today. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, today);
  gtk_window_destroy (GTK_WINDOW (dialog));

  ct_core_test_hold_reads ();
  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), typed);
  ct_core_test_release_reads ();
  ct_test_wait_until (date_read, dialog, 20, "the new meeting's date");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, typed);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closed while the worker reads: the read is given up. */
  ct_core_test_hold_reads ();
  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ct_core_test_release_reads ();
  wait_reads_done (&session);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ct_test_init (&argc, &argv);
  adw_init ();
  g_assert_true (ct_init (&error));
  team = ct_test_team_new ();

  g_test_add_func ("/reads/log-view", test_log_view);
  g_test_add_func ("/reads/household-log", test_household_log);
  g_test_add_func ("/reads/log-verify", test_log_verify);
  g_test_add_func ("/reads/log-search", test_log_search);
  g_test_add_func ("/reads/expense-cases", test_expense_cases);
  g_test_add_func ("/reads/plan-date", test_plan_date);
  ret = g_test_run ();

  ct_test_team_free (team);
  return ret;
}
