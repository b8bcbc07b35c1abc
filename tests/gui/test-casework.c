/* test-casework.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case list and its search, read off the main loop; a case as a
 * regisseur, as the police and as the chair see it; the household plan on
 * the case page; a narrow window; need-to-know and "Look anyway…".
 * The program has a team file of its own (ct-test-casework.h); every test
 * says where it starts. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-core.h"
#include "ct-log-view-private.h"
#include "ct-plan-view-private.h"
#include "ct-record-dialog.h"
#include "ct-test-casework.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"

static void
test_list (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCaseList *list = ct_casework_test_main_page (window)->case_list;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Casustafel");
  ct_test_screenshot (GTK_WIDGET (window), "case-list");

  /* Search matches what is shown: a name, a number, an area. */
  ct_casework_test_search (window, "visser");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  ct_casework_test_search (window, "2026-000");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);
  ct_casework_test_search (window, "noord");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 2);
  ct_casework_test_search (window, "noord bakker");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  /* Health text is never part of the list, for any role. */
  ct_casework_test_search (window, HEALTH_WORD);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "no-matches");
  ct_test_screenshot (GTK_WIDGET (window), "case-list-no-matches");
  ct_casework_test_search (window, "");

  /* The overdue filter and the status filter. */
  gtk_toggle_button_set_active (list->overdue_button, TRUE);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  gtk_toggle_button_set_active (list->overdue_button, FALSE);
  gtk_drop_down_set_selected (list->status_dropdown, 5);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  gtk_drop_down_set_selected (list->status_dropdown, 1);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);
  gtk_drop_down_set_selected (list->status_dropdown, 0);
}

typedef struct
{
  CtCaseList *list;
  guint       ticks;  /* while the list was loading */
} Spinner;

/* A spinner's redraw, at a higher priority than the load's result. */
static gboolean
spinner_cb (gpointer data)
{
  Spinner *spinner = data;

  spinner->ticks += ct_case_list_is_loading (spinner->list);
  return G_SOURCE_CONTINUE;
}

static gboolean
list_shown (gpointer data)
{
  return !ct_case_list_is_loading (data) && ct_case_list_get_n_cases (data) > 0;
}



/* The cases are read in a worker thread: while the list loads, the main
 * loop goes on (a redraw every millisecond keeps running), and the list
 * shows when the read is done. A load given up for another session never
 * shows. */
static void
test_list_off_main_loop (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCaseList *list = ct_casework_test_main_page (window)->case_list;
  g_autoptr(CtSession) session = NULL;
  Spinner spinner = { list, 0 };
  guint id;

  CtCaseworkTestRefs refs;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  session = g_object_ref (list->session);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  /* Less the list's own, which it gives up below. */
  refs = ct_casework_test_count_refs (session);
  refs.refs--;

  ct_case_list_set_session (list, session);
  ct_case_list_set_session (list, NULL);
  g_assert_false (ct_case_list_is_loading (list));
  ct_test_wait_until (ct_casework_test_reads_done, &refs, 20, "the read given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the read's result");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "empty");

  id = g_timeout_add_full (G_PRIORITY_HIGH, 1, spinner_cb, &spinner, NULL);
  ct_case_list_set_session (list, session);
  g_assert_true (ct_case_list_is_loading (list));
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "loading");
  ct_test_wait_until (list_shown, list, 20, "the case list");
  g_source_remove (id);
  g_assert_cmpuint (spinner.ticks, >, 0);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "list");
}

/* Renames every person called @from, through the core, as another member
 * on another device might. */
static void
rename_persons (CtSession  *session,
                const char *from,
                const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = ct_session_list (session, "persons", NULL, 0, &error);
  guint renamed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    {
      CtRecord *person = g_ptr_array_index (persons, i);

      if (g_strcmp0 (ct_record_get (person, "last_name"), from) != 0)
        continue;
      ct_record_set (person, "last_name", to);
      g_assert_true (ct_session_update (session, person, &error));
      g_assert_no_error (error);
      renamed++;
    }
  g_assert_cmpuint (renamed, >, 0);
}

static void
count_changes_cb (guint *changes)
{
  (*changes)++;
}

/* Shown again, the list reads afresh in a worker and keeps its rows (and
 * the search typed) on screen meanwhile, instead of a spinner or a window
 * that stops; a row that changed is replaced and one that did not stays
 * as it is; a first read under way is left alone, and a refresh given
 * up by locking never shows. */
static void
test_list_refresh (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCaseList *list = ct_casework_test_main_page (window)->case_list;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) again = NULL;
  CtCaseworkTestRefs refs;
  guint changes = 0;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  session = g_object_ref (list->session);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);

  ct_casework_test_search (window, "zwartkruis");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  rename_persons (session, "Visser", "Zwartkruis");

  ct_case_list_refresh (list);
  g_assert_true (ct_case_list_is_loading (list));
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "no-matches");
  ct_test_wait_until (ct_casework_test_list_read, list, 20, "the case list read again");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "list");

  /* The sidebar: away and back to Cases reads afresh, search kept. */
  rename_persons (session, "Zwartkruis", "Visser");
  ct_test_window_visit (window, "actions");
  ct_test_window_visit (window, "cases");
  ct_test_wait_until (ct_casework_test_list_read, list, 20, "the case list read again");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  ct_casework_test_search (window, "");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);

  /* Nothing changed: the rows stay the same objects, and the view hears
   * of no change (it would build and lay out its rows again). */
  first = g_list_model_get_item (G_LIST_MODEL (list->store), 0);
  g_signal_connect_swapped (list->store, "items-changed", G_CALLBACK (count_changes_cb),
                            &changes);
  ct_test_window_visit (window, "actions");
  ct_test_window_visit (window, "cases");
  ct_test_wait_until (ct_casework_test_list_read, list, 20, "the case list read again");
  g_signal_handlers_disconnect_by_func (list->store, count_changes_cb, &changes);
  g_assert_cmpuint (changes, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (list->store), 0);
  g_assert_true (again == first);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);

  /* A first read is as fresh as a refresh: the spinner stays. */
  ct_case_list_set_session (list, session);
  ct_case_list_refresh (list);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "loading");
  ct_test_wait_until (list_shown, list, 20, "the case list");

  /* Locked while it reads: nothing of it ever shows. */
  ct_test_wait_until (ct_test_settled, NULL, 20, "the list to settle");
  refs = ct_casework_test_count_refs (session);
  refs.refs--;
  ct_case_list_refresh (list);
  ct_case_list_set_session (list, NULL);
  g_assert_false (ct_case_list_is_loading (list));
  ct_test_wait_until (ct_casework_test_reads_done, &refs, 20, "the read given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the read's result");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "empty");

  ct_case_list_set_session (list, session);
  ct_test_wait_until (list_shown, list, 20, "the case list");
}

static gboolean
log_read (gpointer view)
{
  return !_ct_log_view_is_loading (view);
}

/* Opens "who saw this household" from the case page and checks it. */
static void
show_household_log (CtWindow *window)
{
  CtCasePage *page = ct_casework_test_case_page (window);
  CtLogView *view;
  CtLogEntry *entry;
  GtkWidget *button;
  gint64 household = ct_record_get_id (page->household);
  guint n;

  g_assert_null (page->log_window);
  button = ct_test_find_button (GTK_WIDGET (page), _("_Show…"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the log window");
  g_assert_nonnull (page->log_window);
  view = CT_LOG_VIEW (ct_test_find_widget (GTK_WIDGET (page->log_window), CT_TYPE_LOG_VIEW));
  ct_test_wait_until (log_read, view, 20, "the household's access log");
  n = g_list_model_get_n_items (G_LIST_MODEL (view->filter_model));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      entry = _ct_log_view_get_shown_entry (view, i);
      g_assert_true (entry->household_id == household
                     || (entry->households != NULL
                         && ct_scan_find_id (entry->households, household, NULL)));
    }
  /* the page's own reads are the newest entries */
  entry = _ct_log_view_get_shown_entry (view, 0);
  g_assert_cmpstr (entry->login, ==, REGISSEUR_LOGIN);
  /* by case number, and the regisseur may export it for the privacy officer */
  {
    g_autofree char *number = _ct_log_view_dup_shown_text (view, 0, COL_CASE);

    g_assert_nonnull (strstr (number, ct_record_get (page->case_record, "number")));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view->case_dropdown)));
    g_assert_true (gtk_widget_get_sensitive (ct_test_find_actionable (GTK_WIDGET (view),
                                                                      "log.export")));
  }
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page->log_window), "El Amrani"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page->log_window), GOOD_BSN));
  ct_test_screenshot (GTK_WIDGET (page->log_window), "case-household-log");
  gtk_window_destroy (page->log_window);
  g_assert_null (page->log_window);
}

static void
test_case_regisseur (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  const char *health = ct_category_get_display_name (CT_CATEGORY_HEALTH);
  GtkStack *cases_stack;
  const char *cost = g_str_equal (ct_test_get_language (), "nl") ? "€ 84.000" : "€ 84,000";

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_search (window, "El Amrani");
  ct_casework_test_open_first_row (window);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), HEALTH_WORD));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), JUSTICE_WORD));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), GOOD_BSN));
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (page), health, _("Restricted")), ==, 0);
  /* Two organisations, € 84,000 a year, in the language's own notation. */
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), cost));
  ct_test_screenshot (GTK_WIDGET (window), "case-regisseur");

  /* Who saw this household: anna is a beheerder. The entries name the
   * household by id, never by name. */
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (page), _("Access Log"),
                                          _("Who saw this household")), ==, 1);
  show_household_log (window);

  ct_casework_test_activate (window, "casework.back");
  cases_stack = ct_casework_test_main_page (window)->cases_stack;
  g_assert_cmpstr (gtk_stack_get_visible_child_name (cases_stack), ==, "list");
  ct_casework_test_search (window, "");
}



/* Whether @widget has at least the height it asks for at its width: the
 * plan is a section that grows, not a strip with a scroll bar. */
static void
assert_not_squeezed (GtkWidget *widget)
{
  int minimum, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget),
                      &minimum, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (widget), >=, natural);
}

/* Written, and the plan read again (in a worker) after an insert. */
static gboolean
plan_written (gpointer plan)
{
  return !_ct_plan_view_is_loading (plan);
}

static gboolean
plan_dialog_open (gpointer data)
{
  return CT_PLAN_VIEW (data)->dialog != NULL;
}

/* The household plan on the case page: a new case shows a line and a
 * button, and a goal added stays in view, the section as tall as it needs. */
static void
test_plan (void)
{
  CtWindow *window = ct_casework_test_window ();
  const char *goal = "Schulden stabiliseren en overzicht houden";
  CtPlanView *plan, *empty;
  AdwMessageDialog *dialog;
  GtkWindow *empty_window;
  GtkWidget *status;
  GtkWidget *first;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GError) error = NULL;
  gint64 household_id;
  GtkPolicyType vpolicy;
  GtkWidget *page_scroller;
  graphene_point_t top;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_casework_test_search (window, "El Amrani");
  ct_casework_test_open_first_row (window);
  plan = CT_PLAN_VIEW (_ct_case_page_get_plan_view (ct_casework_test_case_page (window)));
  ct_test_wait_until (plan_written, plan, 20, "the plan to be read");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  /* The household has actions without a goal: the plan shows them. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (plan->stack), ==, "plan");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (plan)));
  assert_not_squeezed (GTK_WIDGET (plan));

  gtk_widget_activate_action (GTK_WIDGET (plan), "plan.add-goal", NULL);
  ct_test_wait_until (plan_dialog_open, plan, 20, "the goal dialog");
  dialog = plan->dialog;
  adw_combo_row_set_selected (CT_GOAL_DIALOG (dialog)->domain_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (CT_GOAL_DIALOG (dialog)->description_row), goal);
  ct_casework_test_respond (dialog, "add");
  ct_test_wait_until (plan_written, plan, 20, "the goal to be written");

  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (plan->stack), ==, "plan");
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (plan), goal));
  first = gtk_widget_get_first_child (GTK_WIDGET (plan->goals_box));
  g_assert_nonnull (first);
  g_assert_true (gtk_widget_get_mapped (first));
  g_assert_cmpint (gtk_widget_get_height (first), >, 0);
  assert_not_squeezed (GTK_WIDGET (plan));
  /* No scroll bar of its own: the case page scrolls. */
  gtk_scrolled_window_get_policy (plan->scroller, NULL, &vpolicy);
  g_assert_cmpint (vpolicy, ==, GTK_POLICY_NEVER);
  /* Scrolled to the plan, for the screenshot. */
  page_scroller = gtk_widget_get_ancestor (GTK_WIDGET (plan), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (plan),
                                           gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (page_scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &top));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page_scroller)),
                            top.y - 60);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-plan");

  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "");

  /* A household without a plan: a line of text and a button, not a
   * status page squeezed into the section. */
  household = ct_record_new ("households");
  household_id = ct_session_insert (window->session, household, &error);
  g_assert_no_error (error);
  empty = CT_PLAN_VIEW (ct_plan_view_new (window->session, household_id));
  ct_plan_view_set_embedded (empty, TRUE);
  /* On screen, in a window of its own: only what is shown counts. */
  empty_window = ct_test_team_window (GTK_WIDGET (empty), 800, 600);
  ct_test_wait_until (plan_written, empty, 20, "the empty plan to be read");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (empty->stack), ==, "empty-embedded");
  g_assert_null (ct_test_find_widget (gtk_stack_get_visible_child (empty->stack),
                                      ADW_TYPE_STATUS_PAGE));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (empty),
                                        _("No plan yet. One household, one plan: add a goal "
                                          "for each domain the household works on, then the "
                                          "actions that serve it.")));
  /* The status page for a plan view of its own is there, not shown. */
  status = ct_test_find_widget (GTK_WIDGET (empty->stack), ADW_TYPE_STATUS_PAGE);
  g_assert_true (ct_test_tree_holds (status, _("No Plan Yet")));
  g_assert_false (ct_test_tree_contains (status, _("No Plan Yet")));
  ct_test_close_window (empty_window);
}

static void
test_case_politie (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_case_page (window);
  const CtCategory restricted[] = {
    CT_CATEGORY_HEALTH, CT_CATEGORY_FINANCE, CT_CATEGORY_YOUTH, CT_CATEGORY_HOUSING,
    CT_CATEGORY_WORK,
  };

  ct_casework_test_unlock (POLITIE_LOGIN, POLITIE_PASS);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 3);
  ct_casework_test_search (window, HEALTH_WORD);
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  ct_casework_test_search (window, "El Amrani");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 1);
  ct_casework_test_open_first_row (window);

  for (guint i = 0; i < G_N_ELEMENTS (restricted); i++)
    g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (page),
                                            ct_category_get_display_name (restricted[i]),
                                            _("Restricted")), ==, 1);
  /* No value, and no hint of one: the debts are not there in any form. */
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), HEALTH_WORD));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), "12.500"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), "12,500"));
  g_assert_null (_ct_case_page_find_editor (page, "households", "health_mental"));
  /* Justice and identity are theirs to read. */
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), JUSTICE_WORD));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), GOOD_BSN));
  ct_test_screenshot (GTK_WIDGET (window), "case-politie");
  /* Who saw the household is for its regisseur and the beheerder only. */
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (page), _("Access Log"), NULL), ==, 0);

  ct_casework_test_activate (window, "casework.back");
  ct_casework_test_search (window, "");
}

/* The chair reads no identity: no person to add either. */
static void
test_chair (void)
{
  CtWindow *window = ct_casework_test_window ();
  CtCasePage *page = ct_casework_test_open_first (CHAIR_LOGIN, CHAIR_PASS);

  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), _("Add Person…")));
  /* Nor through the action: it is disabled, so no dialog opens. */
  gtk_widget_activate_action (GTK_WIDGET (page), "case.add-person", NULL);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), _("Add Organisation…")));
  ct_test_screenshot (GTK_WIDGET (window), "case-chair");
  ct_casework_test_activate (window, "casework.back");
}

static gboolean
sidebar_folded (gpointer window)
{
  return adw_leaflet_get_folded (ct_casework_test_main_page (window)->leaflet);
}

static gboolean
sidebar_unfolded (gpointer window)
{
  return !sidebar_folded (window);
}

/* A narrow laptop window folds the sidebar away behind a back button: the
 * chair's case list. */
static void
test_narrow (void)
{
  CtWindow *window = ct_casework_test_window ();

  ct_casework_test_unlock (CHAIR_LOGIN, CHAIR_PASS);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  ct_test_wait_until (sidebar_folded, window, 20, "the sidebar to fold");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (adw_leaflet_get_folded (ct_casework_test_main_page (window)->leaflet));
  g_assert_true (gtk_widget_get_visible (ct_casework_test_main_page (window)->sidebar_button));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-narrow");
  ct_casework_test_activate (window, "casework.show-sidebar");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "sidebar-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  ct_test_wait_until (sidebar_unfolded, window, 20, "the sidebar to unfold");
}

/* Need-to-know on: bram (politie) is involved in no household. The case
 * page shows the limited view and "Look anyway…"; its dialog needs a
 * reason; once opened, the household is whole, and its regisseur sees who
 * looked. */
static void
test_need_to_know (void)
{
  CtWindow *window = ct_casework_test_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) kase = NULL;
  AdwMessageDialog *dialog;
  CtCasePage *page;
  const char *toast;

  ct_casework_test_unlock (REGISSEUR_LOGIN, REGISSEUR_PASS);
  /* anna directs the first household; nobody the others. */
  kase = ct_session_get (window->session, "cases", ct_casework_test_first_case (), &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", ct_session_get_member_id (window->session));
  g_assert_true (ct_session_update (window->session, kase, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_need_to_know (window->session, TRUE, 14, &error));
  g_assert_no_error (error);

  ct_casework_test_unlock (POLITIE_LOGIN, POLITIE_PASS);
  /* Every case is listed, by number and status; no name is found. */
  g_assert_cmpuint (ct_casework_test_n_shown (window), >=, 3);
  ct_casework_test_search (window, "El Amrani");
  g_assert_cmpuint (ct_casework_test_n_shown (window), ==, 0);
  ct_casework_test_search (window, "");
  ct_main_page_open_case (ct_casework_test_main_page (window), ct_casework_test_first_case ());
  ct_test_wait_case_page (ct_casework_test_case_page (window));
  page = ct_casework_test_case_page (window);
  g_assert_true (page->limited);
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (page), _("Limited View"), NULL), ==, 1);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "2026-0001"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), "El Amrani"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), GOOD_BSN));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), JUSTICE_WORD));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (page), "Schuldhulp Oost"));
  ct_test_screenshot (GTK_WIDGET (window), "case-limited");

  /* "Other" without words is refused, with the field named. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.look-anyway", NULL));
  dialog = ct_test_find_message_dialog (NULL, FALSE);
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (page->glass_reason, CT_GLASS_OTHER);
  ct_casework_test_respond (dialog, "look");
  toast = _ct_window_get_toast_title (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, _("Reason")));
  g_assert_true (page->limited);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.look-anyway", NULL));
  dialog = ct_test_find_message_dialog (NULL, FALSE);
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (page->glass_reason, CT_GLASS_SAFETY);
  gtk_editable_set_text (page->glass_text, "Melding wijkagent");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "look-anyway");
  ct_casework_test_respond (dialog, "look");
  g_assert_false (page->limited);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "El Amrani"));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), JUSTICE_WORD));

  /* The regisseur sees who looked, when and why. */
  ct_casework_test_open_first (REGISSEUR_LOGIN, REGISSEUR_PASS);
  page = ct_casework_test_case_page (window);
  g_assert_false (page->limited);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), POLITIE_LOGIN));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (page), "Melding wijkagent"));

  g_assert_true (ct_session_set_need_to_know (window->session, FALSE, 14, &error));
  g_assert_no_error (error);
  ct_casework_test_activate (window, "casework.back");
}

int
main (int   argc,
      char *argv[])
{
  ct_casework_test_init (&argc, &argv);

  g_test_add_func ("/casework/list", test_list);
  g_test_add_func ("/casework/list-off-main-loop", test_list_off_main_loop);
  g_test_add_func ("/casework/list-refresh", test_list_refresh);
  g_test_add_func ("/casework/case-regisseur", test_case_regisseur);
  g_test_add_func ("/casework/plan", test_plan);
  g_test_add_func ("/casework/case-politie", test_case_politie);
  g_test_add_func ("/casework/chair", test_chair);
  g_test_add_func ("/casework/narrow", test_narrow);
  g_test_add_func ("/casework/need-to-know", test_need_to_know);

  return ct_casework_test_run ();
}
