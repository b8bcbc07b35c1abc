/* test-reads.c — reads that grow with the team, each in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log view (the log and its verification), the open cases an
 * expense form offers and the meetings a new meeting's date follows are
 * read in a worker (HACKING.md, "Threads"). Each test holds the worker on
 * the test hook (_ct_session_set_read_hold()): meanwhile the main loop
 * runs and the widget says it is reading; a read given up (the widget
 * gone, the team locked) never shows. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget-page-private.h"
#include "ct-expense-dialog-private.h"
#include "ct-gui-labels.h"
#include "ct-log-view-private.h"
#include "ct-meeting-plan-dialog-private.h"
#include "ct-session-read-private.h"
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
  GMutex hold;
  guint n;

  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);

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

  g_mutex_unlock (&hold);
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
  g_mutex_lock (&hold);
  ct_log_view_reload (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  ct_session_lock (session);
  g_mutex_unlock (&hold);
  ct_test_wait_until (log_read, log, 20, "the read after the lock");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->entries)), ==, 0);
  ct_test_close_window (window);
  g_clear_pointer (&session, ct_test_session_free);

  /* The view gone while the worker reads: the read is given up. */
  session = ct_test_team_unlock (team, "anna");
  g_mutex_lock (&hold);
  log = CT_LOG_VIEW (ct_log_view_new (session));
  window = ct_test_team_window (GTK_WIDGET (log), 1000, 700);
  g_assert_true (_ct_log_view_is_loading (log));
  ct_test_close_window (window);
  g_mutex_unlock (&hold);
  wait_reads_done (&session);

  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
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
  GMutex hold;

  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);

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

  g_mutex_unlock (&hold);
  ct_test_wait_until (cases_read, dialog->case_dropdown, 20, "the open cases");
  model = gtk_drop_down_get_model (dialog->case_dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "2026-014");
  g_assert_cmpuint (gtk_drop_down_get_selected (dialog->case_dropdown), ==, 0);
  g_assert_cmpint (g_array_index (dialog->case_ids, gint64, 0), ==, team->case_id);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closed while the worker reads: the read is given up. */
  g_mutex_lock (&hold);
  dialog = CT_EXPENSE_DIALOG (ct_expense_dialog_new (NULL, session, 0, 0));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_mutex_unlock (&hold);
  wait_reads_done (&session);

  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
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
  GMutex hold;

  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);

  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (_ct_meeting_plan_dialog_is_loading (dialog));
  ct_test_wait_main_loop ("the main loop to run while the meetings are read");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, "");
  g_mutex_unlock (&hold);
  ct_test_wait_until (date_read, dialog, 20, "the new meeting's date");
  /* No meeting yet: today. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, today);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_mutex_lock (&hold);
  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), typed);
  g_mutex_unlock (&hold);
  ct_test_wait_until (date_read, dialog, 20, "the new meeting's date");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, typed);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Closed while the worker reads: the read is given up. */
  g_mutex_lock (&hold);
  dialog = ct_meeting_plan_dialog_new (NULL, session);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_mutex_unlock (&hold);
  wait_reads_done (&session);

  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
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
  g_test_add_func ("/reads/expense-cases", test_expense_cases);
  g_test_add_func ("/reads/plan-date", test_plan_date);
  ret = g_test_run ();

  ct_test_team_free (team);
  return ret;
}
