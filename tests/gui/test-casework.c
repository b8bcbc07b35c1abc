/* test-casework.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case work in the window: the case list and its search, a case as a
 * regisseur and as the police see it, editing with a field error, the
 * unsaved-changes guard, a referral from the assistant to the list, and
 * adding persons, organisations and consent from the case page.
 * The tests run in order and share one team file. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-application.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-clock.h"
#include "ct-core.h"
#include "ct-gui-labels.h"
#include "ct-log-view-private.h"
#include "ct-main-page-private.h"
#include "ct-plan-view-private.h"
#include "ct-record-dialog.h"
#include "ct-referral-window-private.h"
#include "ct-session-read-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

#define REGISSEUR_LOGIN "anna"
#define REGISSEUR_PASS  "zeven paarse olifanten"
#define POLITIE_LOGIN   "bram"
#define POLITIE_PASS    "blauwe lampen op het dak"
#define CHAIR_LOGIN     "carla"
#define CHAIR_PASS      "de hamer ligt op tafel"
#define OTHER_BSN       "123456782"
#define HEALTH_WORD     "slaapproblemen"
#define JUSTICE_WORD    "winkeldiefstal"
#define GOOD_BSN        "111222333"
#define BAD_BSN         "123456789"

static CtApplication *app;
static char *tmpdir;
static char *team_path;
static gint64 first_case_id;

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

/* Whether any text a widget under @root holds, shown or not, has @needle. */
static gboolean
tree_contains (GtkWidget  *root,
               const char *needle)
{
  /* What the page shows: a section it hides has nothing to say. */
  if (!gtk_widget_get_visible (root))
    return FALSE;
  if ((GTK_IS_LABEL (root) && contains (gtk_label_get_text (GTK_LABEL (root)), needle))
      || (GTK_IS_EDITABLE (root) && contains (gtk_editable_get_text (GTK_EDITABLE (root)), needle))
      || (ADW_IS_PREFERENCES_ROW (root)
          && contains (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), needle))
      || (ADW_IS_PREFERENCES_GROUP (root)
          && (contains (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), needle)
              || contains (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (root)),
                           needle))))
    return TRUE;

  if (GTK_IS_TEXT_VIEW (root))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (root));
      GtkTextIter start, end;
      g_autofree char *text = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (contains (text, needle))
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (tree_contains (child, needle))
      return TRUE;

  return FALSE;
}

/* How many preferences groups under @root have @title. */
static guint
count_groups (GtkWidget  *root,
              const char *title,
              const char *row_title)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root))
    return 0;
  if (ADW_IS_PREFERENCES_GROUP (root)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0
      && (row_title == NULL || tree_contains (root, row_title)))
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_groups (child, title, row_title);

  return n;
}

/* Test data, written through the core as a regisseur. */

static gint64
insert (CtSession   *session,
        const char  *table,
        const char **pairs)
{
  g_autoptr(CtRecord) record = ct_record_new (table);
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; pairs[i] != NULL; i += 2)
    ct_record_set (record, pairs[i], pairs[i + 1]);
  id = ct_session_insert (session, record, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_household (CtSession  *session,
               const char *number,
               const char *first,
               const char *last,
               const char *area,
               const char *health,
               gboolean    overdue)
{
  g_autofree char *hh = NULL;
  gint64 household_id;
  gint64 case_id;

  household_id = insert (session, "households", (const char *[]) {
    "area", area, "health_mental", health, "justice_info", JUSTICE_WORD " in 2025",
    "debts_cents", "1250000", NULL });
  hh = g_strdup_printf ("%" G_GINT64_FORMAT, household_id);
  insert (session, "persons", (const char *[]) {
    "household_id", hh, "first_name", first, "last_name", last, "bsn", GOOD_BSN,
    "relation", "hoofd", NULL });
  case_id = insert (session, "cases", (const char *[]) {
    "household_id", hh, "number", number, "referral_date", "2026-01-12",
    "status", "aangemeld", "question", "Hoe voorkomen we een huisuitzetting?",
    "domains_finance", "financien", "domains_housing", "huisvesting", NULL });
  insert (session, "organisations", (const char *[]) {
    "household_id", hh, "name", "Schuldhulp Oost", "type", "schuldhulpverlening",
    "yearly_cost_cents", "4200000", NULL });
  insert (session, "organisations", (const char *[]) {
    "household_id", hh, "name", "Woonstichting Zuid", "type", "woningcorporatie",
    "yearly_cost_cents", "4200000", NULL });
  if (overdue)
    insert (session, "actions", (const char *[]) {
      "household_id", hh, "what", "Betalingsregeling treffen", "due_on", "2026-01-01",
      "status", "open", NULL });
  if (first_case_id == 0)
    first_case_id = case_id;
}

static void
create_team (void)
{
  CtVaultCreateInfo info = {
    "Expertteam Noord", REGISSEUR_LOGIN, "Anna de Vries", CT_ROLE_REGISSEUR, TRUE,
    REGISSEUR_PASS,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  CtSecret *code;
  CtSecret *chair_code;

  g_assert_true (ct_vault_create (team_path, &info, &recovery, &error));
  g_assert_no_error (error);

  session = ct_session_unlock (team_path, REGISSEUR_LOGIN, REGISSEUR_PASS, &error);
  g_assert_no_error (error);
  code = ct_session_add_member (session, POLITIE_LOGIN, "Bram Jansen", CT_ROLE_POLITIE, FALSE,
                                &error);
  g_assert_no_error (error);
  chair_code = ct_session_add_member (session, CHAIR_LOGIN, "Carla Smit", CT_ROLE_VOORZITTER,
                                      FALSE, &error);
  g_assert_no_error (error);

  add_household (session, "2026-0001", "Fatima", "El Amrani", "Noord", HEALTH_WORD, TRUE);
  add_household (session, "2026-0002", "Johan", "Visser", "Oost", "Somberheid", FALSE);
  add_household (session, "2026-0003", "Sanne", "Bakker", "Noord", "Geen bijzonderheden", FALSE);
  ct_session_lock (session);

  g_assert_true (ct_vault_enrol (team_path, POLITIE_LOGIN, code, POLITIE_PASS, &error));
  g_assert_no_error (error);
  ct_secret_free (code);
  g_assert_true (ct_vault_enrol (team_path, CHAIR_LOGIN, chair_code, CHAIR_PASS, &error));
  g_assert_no_error (error);
  ct_secret_free (chair_code);
  /* The list, the case page and categories for every household; the
   * need-to-know test below switches it on itself. */
  ct_test_need_to_know_off (team_path, REGISSEUR_LOGIN, REGISSEUR_PASS);
}

/* The window */

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1100, 760);
}

static CtMainPage *
main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

static void
unlock_as (const char *login,
           const char *passphrase)
{
  ct_test_window_unlock (get_window (), team_path, login, passphrase, 20);
}

static gboolean
list_read (gpointer data)
{
  return !ct_case_list_is_loading (data);
}

/* What the list shows once a read under way (after a save, a referral)
 * has arrived. */
static guint
n_shown (CtWindow *window)
{
  CtCaseList *list = main_page (window)->case_list;

  ct_test_wait_until (list_read, list, 20, "the case list to read the cases");
  return g_list_model_get_n_items (ct_case_list_get_model (list));
}

static void
search (CtWindow   *window,
        const char *text)
{
  CtCaseList *list = main_page (window)->case_list;

  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), text);
  /* GtkSearchEntry waits a moment before it reports a change. */
  g_signal_emit_by_name (list->search_entry, "search-changed");
}

static void
activate (CtWindow   *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (window->main_page, action, NULL));
}

static CtCasePage *
case_page (CtWindow *window)
{
  return main_page (window)->case_page;
}

/* Saves the case page, and waits for what it stored to be read back (in a
 * worker, as after every write of the page's own). */
static void
save_case (CtWindow *window)
{
  activate (window, "casework.save");
  ct_test_wait_case_page (case_page (window));
}

/* Opens the first row the way Enter does. */
static void
open_first_row (CtWindow *window)
{
  g_signal_emit_by_name (main_page (window)->case_list->column_view, "activate", 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "case");
  ct_test_wait_case_page (case_page (window));
}

/* Tests */

static void
test_list (void)
{
  CtWindow *window = get_window ();

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  g_assert_cmpuint (n_shown (window), ==, 3);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Casustafel");
  ct_test_screenshot (GTK_WIDGET (window), "case-list");

  /* Search matches what is shown: a name, a number, an area. */
  search (window, "visser");
  g_assert_cmpuint (n_shown (window), ==, 1);
  search (window, "2026-000");
  g_assert_cmpuint (n_shown (window), ==, 3);
  search (window, "noord");
  g_assert_cmpuint (n_shown (window), ==, 2);
  search (window, "noord bakker");
  g_assert_cmpuint (n_shown (window), ==, 1);
  /* Health text is never part of the list, for any role. */
  search (window, HEALTH_WORD);
  g_assert_cmpuint (n_shown (window), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->case_list->stack), ==,
                   "no-matches");
  ct_test_screenshot (GTK_WIDGET (window), "case-list-no-matches");
  search (window, "");

  /* The overdue filter and the status filter. */
  gtk_toggle_button_set_active (main_page (window)->case_list->overdue_button, TRUE);
  g_assert_cmpuint (n_shown (window), ==, 1);
  gtk_toggle_button_set_active (main_page (window)->case_list->overdue_button, FALSE);
  gtk_drop_down_set_selected (main_page (window)->case_list->status_dropdown, 5);
  g_assert_cmpuint (n_shown (window), ==, 0);
  gtk_drop_down_set_selected (main_page (window)->case_list->status_dropdown, 1);
  g_assert_cmpuint (n_shown (window), ==, 3);
  gtk_drop_down_set_selected (main_page (window)->case_list->status_dropdown, 0);

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

/* A read under way holds a reference to its session until its result has
 * been handed to its callback. */
typedef struct
{
  GObject *session;
  guint    refs;
} Refs;

static Refs
count_refs (CtSession *session)
{
  return (Refs) { G_OBJECT (session), g_atomic_int_get (&G_OBJECT (session)->ref_count) };
}

/* The reads given up have finished and their results were handed back:
 * the session holds no more than @data's count. */
static gboolean
reads_done (gpointer data)
{
  Refs *refs = data;

  return (guint) g_atomic_int_get (&refs->session->ref_count) <= refs->refs;
}

/* The cases are read in a worker thread: while the list loads, the main
 * loop goes on (a redraw every millisecond keeps running), and the list
 * shows when the read is done. A load given up for another session never
 * shows. */
static void
test_list_off_main_loop (void)
{
  CtWindow *window = get_window ();
  CtCaseList *list = main_page (window)->case_list;
  g_autoptr(CtSession) session = NULL;
  Spinner spinner = { list, 0 };
  guint id;

  Refs refs;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  session = g_object_ref (list->session);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  /* Less the list's own, which it gives up below. */
  refs = count_refs (session);
  refs.refs--;

  ct_case_list_set_session (list, session);
  ct_case_list_set_session (list, NULL);
  g_assert_false (ct_case_list_is_loading (list));
  ct_test_wait_until (reads_done, &refs, 20, "the read given up");
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
  g_assert_cmpuint (n_shown (window), ==, 3);
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

/* Shown again, the list reads afresh in a worker and keeps its rows (and
 * the search typed) on screen meanwhile, instead of a spinner or a window
 * that stops; a first read under way is left alone, and a refresh given
 * up by locking never shows. */
static void
test_list_refresh (void)
{
  CtWindow *window = get_window ();
  CtCaseList *list = main_page (window)->case_list;
  g_autoptr(CtSession) session = NULL;
  Refs refs;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  session = g_object_ref (list->session);
  g_assert_cmpuint (n_shown (window), ==, 3);

  search (window, "zwartkruis");
  g_assert_cmpuint (n_shown (window), ==, 0);
  rename_persons (session, "Visser", "Zwartkruis");

  ct_case_list_refresh (list);
  g_assert_true (ct_case_list_is_loading (list));
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "no-matches");
  ct_test_wait_until (list_read, list, 20, "the case list read again");
  g_assert_cmpuint (n_shown (window), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "list");

  /* The sidebar: away and back to Cases reads afresh, search kept. */
  rename_persons (session, "Zwartkruis", "Visser");
  ct_test_window_visit (window, "actions");
  ct_test_window_visit (window, "cases");
  ct_test_wait_until (list_read, list, 20, "the case list read again");
  g_assert_cmpuint (n_shown (window), ==, 0);
  search (window, "");
  g_assert_cmpuint (n_shown (window), ==, 3);

  /* A first read is as fresh as a refresh: the spinner stays. */
  ct_case_list_set_session (list, session);
  ct_case_list_refresh (list);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list->stack), ==, "loading");
  ct_test_wait_until (list_shown, list, 20, "the case list");

  /* Locked while it reads: nothing of it ever shows. */
  ct_test_wait_until (ct_test_settled, NULL, 20, "the list to settle");
  refs = count_refs (session);
  refs.refs--;
  ct_case_list_refresh (list);
  ct_case_list_set_session (list, NULL);
  g_assert_false (ct_case_list_is_loading (list));
  ct_test_wait_until (reads_done, &refs, 20, "the read given up");
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
  CtLogView *view;
  CtLogEntry *entry;
  GtkWidget *button;
  gint64 household = ct_record_get_id (case_page (window)->household);
  guint n;

  g_assert_null (case_page (window)->log_window);
  button = ct_test_find_button (GTK_WIDGET (case_page (window)), _("_Show…"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the log window");
  g_assert_nonnull (case_page (window)->log_window);
  view = CT_LOG_VIEW (ct_test_find_widget (GTK_WIDGET (case_page (window)->log_window),
                                           CT_TYPE_LOG_VIEW));
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

    g_assert_nonnull (strstr (number, ct_record_get (case_page (window)->case_record, "number")));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view->case_dropdown)));
    g_assert_true (gtk_widget_get_sensitive (ct_test_find_actionable (GTK_WIDGET (view),
                                                                      "log.export")));
  }
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)->log_window), "El Amrani"));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)->log_window), GOOD_BSN));
  ct_test_screenshot (GTK_WIDGET (case_page (window)->log_window), "case-household-log");
  gtk_window_destroy (case_page (window)->log_window);
  g_assert_null (case_page (window)->log_window);
}

static void
test_case_regisseur (void)
{
  CtWindow *window = get_window ();

  search (window, "El Amrani");
  open_first_row (window);
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), HEALTH_WORD));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), JUSTICE_WORD));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), GOOD_BSN));
  g_assert_cmpuint (count_groups (GTK_WIDGET (case_page (window)), ct_category_get_display_name (CT_CATEGORY_HEALTH), _("Restricted")), ==, 0);
  /* Two organisations, € 84,000 a year, in the language's own notation. */
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)),
                                g_str_equal (ct_test_get_language (), "nl") ? "€ 84.000" : "€ 84,000"));
  ct_test_screenshot (GTK_WIDGET (window), "case-regisseur");

  /* Who saw this household: anna is a beheerder. The entries name the
   * household by id, never by name. */
  g_assert_cmpuint (count_groups (GTK_WIDGET (case_page (window)), _("Access Log"),
                                  _("Who saw this household")), ==, 1);
  show_household_log (window);

  activate (window, "casework.back");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "list");
  search (window, "");
}

static void respond (AdwMessageDialog *dialog, const char *response);

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
  CtWindow *window = get_window ();
  const char *goal = "Schulden stabiliseren en overzicht houden";
  CtPlanView *plan, *empty;
  AdwMessageDialog *dialog;
  GtkWidget *first;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GError) error = NULL;
  gint64 household_id;
  GtkPolicyType vpolicy;
  GtkWidget *page_scroller;
  graphene_point_t top;

  search (window, "El Amrani");
  open_first_row (window);
  plan = CT_PLAN_VIEW (_ct_case_page_get_plan_view (case_page (window)));
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
  respond (dialog, "add");

  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (plan->stack), ==, "plan");
  g_assert_true (tree_contains (GTK_WIDGET (plan), goal));
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

  activate (window, "casework.back");
  search (window, "");

  /* A household without a plan: a line of text and a button, not a
   * status page squeezed into the section. */
  household = ct_record_new ("households");
  household_id = ct_session_insert (main_page (window)->session, household, &error);
  g_assert_no_error (error);
  empty = CT_PLAN_VIEW (ct_plan_view_new (main_page (window)->session, household_id));
  ct_plan_view_set_embedded (empty, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (empty->stack), ==, "empty-embedded");
  g_assert_null (ct_test_find_widget (gtk_stack_get_visible_child (empty->stack),
                                      ADW_TYPE_STATUS_PAGE));
  g_assert_true (tree_contains (gtk_stack_get_visible_child (empty->stack),
                                _("No plan yet. One household, one plan: add a goal for each "
                                  "domain the household works on, then the actions that serve "
                                  "it.")));
  g_object_unref (g_object_ref_sink (empty));
}

static void
test_case_politie (void)
{
  CtWindow *window = get_window ();
  const CtCategory restricted[] = {
    CT_CATEGORY_HEALTH, CT_CATEGORY_FINANCE, CT_CATEGORY_YOUTH, CT_CATEGORY_HOUSING,
    CT_CATEGORY_WORK,
  };

  unlock_as (POLITIE_LOGIN, POLITIE_PASS);
  g_assert_cmpuint (n_shown (window), ==, 3);
  search (window, HEALTH_WORD);
  g_assert_cmpuint (n_shown (window), ==, 0);
  search (window, "El Amrani");
  g_assert_cmpuint (n_shown (window), ==, 1);
  open_first_row (window);

  for (guint i = 0; i < G_N_ELEMENTS (restricted); i++)
    g_assert_cmpuint (count_groups (GTK_WIDGET (case_page (window)),
                                    ct_category_get_display_name (restricted[i]),
                                    _("Restricted")), ==, 1);
  /* No value, and no hint of one: the debts are not there in any form. */
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), HEALTH_WORD));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), "12.500"));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), "12,500"));
  g_assert_null (_ct_case_page_find_editor (case_page (window), "households", "health_mental"));
  /* Justice and identity are theirs to read. */
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), JUSTICE_WORD));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), GOOD_BSN));
  ct_test_screenshot (GTK_WIDGET (window), "case-politie");
  /* Who saw the household is for its regisseur and the beheerder only. */
  g_assert_cmpuint (count_groups (GTK_WIDGET (case_page (window)), _("Access Log"), NULL), ==, 0);

  activate (window, "casework.back");
  search (window, "");
}

static void
test_edit (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GPtrArray) persons = NULL;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  activate (window, "casework.edit");
  g_assert_true (ct_case_page_get_editing (case_page (window)));

  /* A bad BSN stops the whole save; its message is under its row. */
  _ct_case_page_set_text (case_page (window), "cases", "referred_by", "Huisarts De Wit");
  _ct_case_page_set_text (case_page (window), "persons", "bsn", BAD_BSN);
  activate (window, "casework.save");
  g_assert_true (ct_case_page_get_editing (case_page (window)));
  g_assert_false (ct_case_page_get_loading (case_page (window)));
  g_assert_true (g_str_has_prefix (_ct_case_page_get_error (case_page (window), "persons", "bsn"),
                                   _("BSN")));
  g_assert_null (_ct_case_page_get_error (case_page (window), "cases", "referred_by"));
  ct_test_screenshot (GTK_WIDGET (window), "case-edit-error");

  stored = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_no_error (error);
  g_assert_null (ct_record_get (stored, "referred_by"));
  g_clear_pointer (&stored, ct_record_unref);

  /* Put right, it saves, and the core has it. */
  _ct_case_page_set_text (case_page (window), "persons", "bsn", GOOD_BSN);
  _ct_case_page_set_text (case_page (window), "households", "debts_cents",
                          g_str_equal (ct_test_get_language (), "nl") ? "1.300,50" : "1,300.50");
  save_case (window);
  g_assert_false (ct_case_page_get_editing (case_page (window)));
  g_assert_cmpstr (adw_toast_get_title (_ct_window_get_toast (window)), ==, _("Saved"));
  /* Saved, but the referrer names a health fact (a GP): a warning under it. */
  g_assert_nonnull (_ct_case_page_get_error (case_page (window), "cases", "referred_by"));
  g_assert_nonnull (strstr (_ct_case_page_get_error (case_page (window), "cases", "referred_by"),
                            "Huisarts De Wit"));
  g_assert_nonnull (strstr (_ct_case_page_get_error (case_page (window), "cases", "referred_by"),
                            ct_category_get_display_name (CT_CATEGORY_HEALTH)));

  stored = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "referred_by"), ==, "Huisarts De Wit");
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "households",
                           ct_record_get_int (case_page (window)->case_record, "household_id"),
                           &error);
  g_assert_cmpstr (ct_record_get (stored, "debts_cents"), ==, "130050");
}

/* Reading back after the page's own write */

typedef struct
{
  CtCasePage *page;
  guint       ticks;  /* while the page read back */
} PageTicker;

/* A redraw, at a higher priority than the read's result. */
static gboolean
page_tick_cb (gpointer data)
{
  PageTicker *ticker = data;

  ticker->ticks += ct_case_page_get_loading (ticker->page);
  return G_SOURCE_CONTINUE;
}

static void
count_flip (guint *flips)
{
  (*flips)++;
}

/* The case page's scrolled window. */
static GtkScrolledWindow *
page_scrolled (CtCasePage *page)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page->preferences_page));
       child != NULL; child = gtk_widget_get_first_child (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      return GTK_SCROLLED_WINDOW (child);
  g_assert_not_reached ();
}

/* Where @row is in the page's scrolled window. */
static double
row_offset (CtCasePage *page,
            GtkWidget  *row)
{
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (page_scrolled (page)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  return at.y;
}

/* Scrolls the page so that @row is near its top, as a member would. */
static void
scroll_to (CtCasePage *page,
           GtkWidget  *row)
{
  GtkScrolledWindow *scrolled = page_scrolled (page);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  graphene_point_t at;

  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (scrolled),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + at.y - 120);
  ct_test_wait_for_draw (row);
}

/* How often the access log has the case read for its page. */
static guint
count_case_views (CtSession *session,
                  gint64     household_id,
                  gint64     case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_household_log (session, household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      n += g_strcmp0 (entry->object_table, "cases") == 0 && entry->object_id == case_id
           && g_strcmp0 (entry->purpose, "view") == 0;
    }
  return n;
}

static const char *
stored_debts (CtWindow *window,
              gint64    household_id)
{
  static char debts[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_session_get (window->session, "households", household_id,
                                                  &error);

  g_assert_no_error (error);
  g_strlcpy (debts, ct_record_get (household, "debts_cents") ?: "", sizeof debts);
  return debts;
}

/* Whether the window's keyboard focus is in @editor's row. */
static gboolean
has_focus (CtWindow      *window,
           CtFieldEditor *editor)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == editor->row || gtk_widget_is_ancestor (focus, editor->row));
}

/* A save is read back in a worker: the main loop goes on meanwhile (a
 * redraw every millisecond keeps running), the page goes on showing what
 * it showed (never "Loading Case…"), and then it shows the stored values
 * with the row of the field they were on where it was, and the focus on it
 * (the member keeps their place); the read is logged once. */
static void
test_save_off_main_loop (void)
{
  CtWindow *window = get_window ();
  CtCasePage *page = case_page (window);
  PageTicker ticker = { page, 0 };
  CtFieldEditor *editor;
  GtkAdjustment *adjustment;
  gint64 household_id;
  double scrolled, offset;
  guint flips = 0, views, id;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (page);
  household_id = ct_record_get_int (page->case_record, "household_id");
  activate (window, "casework.edit");

  /* A field below the page's first screen, scrolled to with the focus. */
  editor = _ct_case_page_find_editor (page, "households", "debts_cents");
  ct_field_editor_set_text (editor, "2000");
  g_assert_true (gtk_widget_grab_focus (ct_field_editor_get_focus (editor)));
  ct_test_wait_for_draw (editor->row);
  scroll_to (page, editor->row);
  adjustment = gtk_scrolled_window_get_vadjustment (page_scrolled (page));
  scrolled = gtk_adjustment_get_value (adjustment);
  offset = row_offset (page, editor->row);
  g_test_message ("scrolled to %g of %g, the row at %g", scrolled,
                  gtk_adjustment_get_upper (adjustment), offset);
  g_assert_cmpfloat (scrolled, >, 0);
  views = count_case_views (window->session, household_id, first_case_id);

  g_signal_connect_swapped (page->content_stack, "notify::visible-child-name",
                            G_CALLBACK (count_flip), &flips);
  id = g_timeout_add_full (G_PRIORITY_HIGH, 1, page_tick_cb, &ticker, NULL);
  activate (window, "casework.save");
  /* Stored at once, in the session's thread; read back in a worker. */
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_cmpstr (stored_debts (window, household_id), ==, "200000");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->content_stack), ==, "case");
  g_assert_true (has_focus (window, editor));
  ct_test_wait_case_page (page);
  g_source_remove (id);
  g_signal_handlers_disconnect_by_func (page->content_stack, count_flip, &flips);

  g_assert_cmpuint (ticker.ticks, >, 0);
  g_assert_cmpuint (flips, ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->content_stack), ==, "case");
  g_assert_cmpstr (ct_record_get (page->household, "debts_cents"), ==, "200000");
  g_assert_cmpuint (count_case_views (window->session, household_id, first_case_id), ==,
                    views + 1);
  /* New rows: the field's new one has the focus, at the same place. */
  g_assert_true (_ct_case_page_find_editor (page, "households", "debts_cents") != editor);
  editor = _ct_case_page_find_editor (page, "households", "debts_cents");
  g_assert_true (has_focus (window, editor));
  ct_test_wait_for_draw (editor->row);
  g_assert_cmpfloat (row_offset (page, editor->row), ==, offset);
  ct_test_screenshot (GTK_WIDGET (window), "case-saved");
}

/* Two writes of the page's own in a row: the first's read back is dropped,
 * never shown nor logged, and the page ends with the second's values. An
 * Edit asked for meanwhile waits for them. */
static void
test_save_twice (void)
{
  CtWindow *window = get_window ();
  CtCasePage *page = case_page (window);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  guint views = count_case_views (window->session, household_id, first_case_id);
  g_autofree char *text = NULL;

  activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "3000");
  activate (window, "casework.save");
  g_assert_true (ct_case_page_get_loading (page));
  activate (window, "casework.edit");
  g_assert_false (ct_case_page_get_editing (page));
  /* The second: a value of another laptop's taken, before the first's read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.use-conflict", "(sxsms)",
                                             "households", household_id, "debts_cents",
                                             "400000"));
  g_assert_cmpstr (stored_debts (window, household_id), ==, "400000");
  ct_test_wait_case_page (page);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the dropped read's result");

  g_assert_cmpstr (ct_record_get (page->household, "debts_cents"), ==, "400000");
  g_assert_cmpuint (count_case_views (window->session, household_id, first_case_id), ==,
                    views + 1);
  g_assert_true (ct_case_page_get_editing (page));
  text = _ct_case_page_get_text (page, "households", "debts_cents");
  g_assert_true (g_str_has_prefix (text, "4"));
  activate (window, "casework.cancel");
}

/* A save, then back to the list before it was read back: nothing of that
 * read is logged or shown. */
static void
test_save_then_leave (void)
{
  CtWindow *window = get_window ();
  CtCasePage *page = case_page (window);
  gint64 household_id = ct_record_get_int (page->case_record, "household_id");
  guint views = count_case_views (window->session, household_id, first_case_id);
  Refs refs = count_refs (window->session);

  activate (window, "casework.edit");
  _ct_case_page_set_text (page, "households", "debts_cents", "5000");
  activate (window, "casework.save");
  g_assert_true (ct_case_page_get_loading (page));
  activate (window, "casework.back");
  g_assert_false (ct_case_page_get_loading (page));
  ct_test_wait_until (reads_done, &refs, 20, "the read given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the read's result");

  g_assert_cmpstr (stored_debts (window, household_id), ==, "500000");
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "list");
  g_assert_false (tree_contains (GTK_WIDGET (page), "Fatima"));
  g_assert_cmpuint (count_case_views (window->session, household_id, first_case_id), ==, views);

  /* The tests after this one go on with the case. */
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (page);
}

static void
test_closing (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  CtFieldEditor *outcome;

  activate (window, "casework.edit");
  outcome = _ct_case_page_find_editor (case_page (window), "cases", "outcome");
  g_assert_false (gtk_widget_get_visible (outcome->row));
  _ct_case_page_set_text (case_page (window), "cases", "status", "afgesloten");
  g_assert_true (gtk_widget_get_visible (outcome->row));
  /* The closing date is filled in with today; the outcome is asked for. */
  activate (window, "casework.save");
  /* The core's error names the field; the page marks that row only, and
   * reads nothing back. */
  g_assert_false (ct_case_page_get_loading (case_page (window)));
  g_assert_nonnull (_ct_case_page_get_error (case_page (window), "cases", "outcome"));
  g_assert_null (_ct_case_page_get_error (case_page (window), "cases", "closed_on"));
  g_assert_null (_ct_case_page_get_error (case_page (window), "cases", "status"));
  stored = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_cmpstr (ct_record_get (stored, "status"), ==, "aangemeld");
  g_clear_pointer (&stored, ct_record_unref);

  _ct_case_page_set_text (case_page (window), "cases", "outcome", "doel_bereikt");
  save_case (window);
  g_assert_false (ct_case_page_get_editing (case_page (window)));
  stored = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_cmpstr (ct_record_get (stored, "status"), ==, "afgesloten");
  g_assert_nonnull (ct_record_get (stored, "closed_on"));
}

/* The message dialog on screen; an answered one may linger a moment. */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* As a click on the dialog's button: answer, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the response to be handled");
  /* A write of the case page's own is read back in a worker. */
  ct_test_wait_case_page (case_page (get_window ()));
}

static void
test_guard (void)
{
  CtWindow *window = get_window ();
  AdwMessageDialog *dialog;

  activate (window, "casework.edit");
  _ct_case_page_set_text (case_page (window), "cases", "referred_by", "Wijkagent");
  g_assert_true (ct_main_page_get_unsaved (main_page (window)));

  /* Back asks; keeping on editing stays. */
  activate (window, "casework.back");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "case-discard-dialog");
  respond (dialog, "keep");
  g_assert_true (ct_case_page_get_editing (case_page (window)));

  /* The sidebar asks too; discarding goes where was asked. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (main_page (window)->sidebar_list, 1),
                         "activate");
  g_assert_cmpstr (ct_main_page_get_page (main_page (window)), ==, "cases");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "discard");
  g_assert_cmpstr (ct_main_page_get_page (main_page (window)), ==, "meetings");
  g_assert_false (ct_case_page_get_editing (case_page (window)));

  /* Locking never waits for an answer: it discards and says so. */
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  activate (window, "casework.edit");
  _ct_case_page_set_text (case_page (window), "cases", "referred_by", "Wijkagent");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_nonnull (_ct_window_get_toast (window));
  g_assert_cmpstr (adw_toast_get_title (_ct_window_get_toast (window)), ==,
                   _("The team file was locked; unsaved changes were discarded"));
  g_assert_false (tree_contains (window->main_page, "Wijkagent"));
  g_assert_false (tree_contains (window->main_page, "El Amrani"));
}

static gboolean
matched (gpointer referral)
{
  return CT_REFERRAL_WINDOW (referral)->matching == NULL;
}

/* The review looks for the households that hold the person in a worker:
 * meanwhile it says so, and the case cannot be created. */
static void
wait_matched (CtReferralWindow *referral)
{
  g_assert_nonnull (referral->matching);
  g_assert_false (gtk_widget_is_sensitive (referral->create_button));
  ct_test_wait_until (matched, referral, 20, "the households that hold the person");
  g_assert_true (gtk_widget_is_sensitive (referral->create_button));
}

static CtReferralWindow *
open_referral (CtWindow *window)
{
  CtReferralWindow *referral;

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  referral = CT_REFERRAL_WINDOW (ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW));
  g_assert_nonnull (referral);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  return referral;
}

static void
set_field (CtReferralWindow *referral,
           const char       *table,
           const char       *field,
           const char       *text)
{
  ct_field_editor_set_text (_ct_referral_window_get_editor (referral, table, field), text);
}

static guint
count_cases (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_list (window->session, "cases", NULL, 0, &error);

  g_assert_no_error (error);
  return cases->len;
}

static void
test_referral (void)
{
  CtWindow *window = get_window ();
  CtReferralWindow *referral;
  guint before;
  GMutex hold;
  g_autofree char *number = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_local ();

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  before = count_cases (window);
  referral = open_referral (window);
  ct_test_screenshot (GTK_WIDGET (referral), "referral-household");
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "household");
  set_field (referral, "households", "area", "Zuid");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "person");

  /* A bad BSN stays on its step, with the message under its row. */
  set_field (referral, "persons", "first_name", "Karim");
  set_field (referral, "persons", "last_name", "Yilmaz");
  set_field (referral, "persons", "bsn", BAD_BSN);
  set_field (referral, "persons", "postcode", "1234ab");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "person");
  g_assert_true (g_str_has_prefix (ct_field_editor_get_error (_ct_referral_window_get_editor (referral, "persons", "bsn")),
                                   _("BSN")));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-person-error");
  g_assert_cmpuint (count_cases (window), ==, before);

  set_field (referral, "persons", "bsn", GOOD_BSN);
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "case");
  set_field (referral, "cases", "referred_by", "Huisarts");
  set_field (referral, "cases", "question", "Kan het team helpen met schulden en werk?");
  ct_test_screenshot (GTK_WIDGET (referral), "referral-case");
  /* The search held on the test hook: the review says it looks. */
  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "review");
  g_assert_true (tree_contains (GTK_WIDGET (referral), _("Looking for a household that holds this person…")));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review-searching");
  g_assert_nonnull (referral->matching);
  _ct_session_set_read_hold (NULL);
  g_mutex_unlock (&hold);
  g_mutex_clear (&hold);
  wait_matched (referral);
  g_assert_true (tree_contains (GTK_WIDGET (referral), "1234 AB"));
  /* The BSN is known in all three households: each is offered, and a
   * new household stays the default. */
  g_assert_cmpuint (_ct_referral_window_get_n_matches (referral), ==, 3);
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review");

  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.create", NULL);
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_REFERRAL_WINDOW), 20,
                      "the referral window to close");
  ct_test_wait_case_page (case_page (window));
  g_assert_null (ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW));
  g_assert_cmpuint (count_cases (window), ==, before + 1);

  /* The new case is open, numbered for this year, and in the list. */
  number = g_strdup_printf ("%d-0001", g_date_time_get_year (now));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "case");
  ct_test_wait_until (list_read, main_page (window)->case_list, 20, "the case list to read the cases");
  g_assert_cmpuint (ct_case_list_get_n_cases (main_page (window)->case_list), ==, before + 1);
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), "Yilmaz"));
  ct_test_screenshot (GTK_WIDGET (window), "referral-created");
  activate (window, "casework.back");
  search (window, "yilmaz");
  g_assert_cmpuint (n_shown (window), ==, 1);
  search (window, "");
}

/* Adding from the case page */

static CtRecordDialog *
open_record_dialog (CtWindow   *window,
                    const char *action,
                    GVariant   *target)
{
  CtRecordDialog *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (case_page (window)), action,
                                                     target));
  dialog = CT_RECORD_DIALOG (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

static void
set_dialog_field (CtRecordDialog *dialog,
                  const char     *field,
                  const char     *text)
{
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, field), text);
}

static void
save_dialog (CtRecordDialog *dialog)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the record to be saved");
  /* The case page reads back what was stored, in a worker. */
  ct_test_wait_case_page (case_page (get_window ()));
}

static guint
count_rows (CtWindow   *window,
            const char *table,
            const char *parent_field,
            gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (window->session, table, parent_field, parent_id,
                                               &error);

  g_assert_no_error (error);
  return rows->len;
}

static gint64
household_id (CtWindow *window)
{
  return ct_record_get_int (case_page (window)->case_record, "household_id");
}

static AdwPreferencesGroup *
find_group (GtkWidget  *root,
            const char *title)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (ADW_IS_PREFERENCES_GROUP (root)
      && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (root)), title) == 0)
    return ADW_PREFERENCES_GROUP (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesGroup *group = find_group (child, title);

      if (group != NULL)
        return group;
    }
  return NULL;
}

static char *
organisations_summary (guint  n,
                       gint64 cents)
{
  g_autofree char *cost = ct_money_format (cents, CT_MONEY_CENTS_IF_ANY);

  return g_strdup_printf (ngettext ("%u organisation, %s a year",
                                    "%u organisations, %s a year", n), n, cost);
}

static void
test_add_person (void)
{
  CtWindow *window = get_window ();
  CtRecordDialog *dialog;
  CtFieldEditor *bsn;
  guint before;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Add Person…")));
  before = count_rows (window, "persons", "household_id", household_id (window));

  /* A bad BSN: the message is under its row and nothing is stored. */
  dialog = open_record_dialog (window, "case.add-person", NULL);
  set_dialog_field (dialog, "first_name", "Yusuf");
  set_dialog_field (dialog, "last_name", "El Amrani");
  set_dialog_field (dialog, "bsn", BAD_BSN);
  set_dialog_field (dialog, "relation", "kind");
  save_dialog (dialog);
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  bsn = ct_record_dialog_get_editor (dialog, "bsn");
  g_assert_true (g_str_has_prefix (ct_field_editor_get_error (bsn), _("BSN")));
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before);
  ct_test_screenshot (GTK_WIDGET (dialog), "add-person-error");

  /* Put right, it is stored and listed. */
  set_dialog_field (dialog, "bsn", OTHER_BSN);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household_id (window)), ==,
                    before + 1);
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), "Yusuf"));
  g_assert_cmpstr (adw_toast_get_title (_ct_window_get_toast (window)), ==, _("Person added"));
}

/* Every message of this save starts with the first name's label, in the
 * test's language; @user_data names the field the error is about, or is
 * NULL for an error about no field. */
static gboolean
save_refused_cb (CtSession  *session,
                 CtRecord   *record,
                 gpointer    user_data,
                 GError    **error)
{
  const CtField *first_name = ct_table_get_field (ct_schema_get_table ("persons"), "first_name");

  if (user_data != NULL)
    ct_set_field_error (error, "persons", user_data, "%s: refused", _(first_name->label));
  else
    g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD, "%s: refused", _(first_name->label));
  return FALSE;
}

/* A refused save marks the field its error names, never the one whose
 * (translated) label its message starts with. */
static void
test_field_error (void)
{
  static const char * const fields[] = { "first_name", "last_name", NULL };
  CtWindow *window = get_window ();
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  const CtField *first_name = ct_table_get_field (ct_schema_get_table ("persons"), "first_name");
  g_autofree char *message = g_strdup_printf ("%s: refused", _(first_name->label));
  CtRecordDialog *dialog;

  dialog = ct_record_dialog_new (GTK_WINDOW (window), window->session, person, fields,
                                 "Person", "Save");
  gtk_window_present (GTK_WINDOW (dialog));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  set_dialog_field (dialog, "first_name", "Yusuf");
  set_dialog_field (dialog, "last_name", "El Amrani");

  ct_record_dialog_set_save_func (dialog, save_refused_cb, (gpointer) "last_name");
  save_dialog (dialog);
  g_assert_cmpstr (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "last_name")),
                   ==, message);
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));

  /* An error that names no field marks no row, whatever its message. */
  ct_record_dialog_set_save_func (dialog, save_refused_cb, NULL);
  save_dialog (dialog);
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "first_name")));
  g_assert_null (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "last_name")));
  g_assert_true (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG) == GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_organisation (void)
{
  CtWindow *window = get_window ();
  CtRecordDialog *dialog;
  AdwPreferencesGroup *group;
  g_autofree char *two = organisations_summary (2, 8400000);
  g_autofree char *three = organisations_summary (3, 9600000);
  g_autofree char *today = ct_gui_today ();
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  group = find_group (GTK_WIDGET (case_page (window)), _("Involved Organisations"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, two);

  /* Without a name nothing is stored. */
  dialog = open_record_dialog (window, "case.add-organisation", NULL);
  set_dialog_field (dialog, "type", "wijkteam");
  set_dialog_field (dialog, "yearly_cost_cents",
                    g_str_equal (ct_test_get_language (), "nl") ? "12.000" : "12,000");
  save_dialog (dialog);
  g_assert_nonnull (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "name")));
  g_assert_cmpuint (count_rows (window, "organisations", "household_id", household_id (window)),
                    ==, 2);
  set_dialog_field (dialog, "name", "Wijkteam Noord");
  ct_test_screenshot (GTK_WIDGET (dialog), "add-organisation");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));

  group = find_group (GTK_WIDGET (case_page (window)), _("Involved Organisations"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, three);
  g_assert_true (tree_contains (GTK_WIDGET (group), "Wijkteam Noord"));
  if (g_str_equal (ct_test_get_language (), "en"))
    g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                     "3 organisations, € 96,000 a year");
  ct_test_screenshot (GTK_WIDGET (group), "case-organisation-added");

  /* Ending the involvement stores the date. */
  organisations = ct_session_list (window->session, "organisations", "household_id",
                                   household_id (window), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < organisations->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (organisations, i), "name"),
                   "Wijkteam Noord") == 0)
      id = ct_record_get_id (g_ptr_array_index (organisations, i));
  g_assert_cmpint (id, >, 0);
  dialog = open_record_dialog (window, "case.end-involvement", g_variant_new_int64 (id));
  ct_test_screenshot (GTK_WIDGET (dialog), "end-involvement");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  stored = ct_session_get (window->session, "organisations", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "until"), ==, today);
}

static void
test_consent (void)
{
  CtWindow *window = get_window ();
  CtRecordDialog *dialog;
  AdwMessageDialog *confirm;
  g_autofree char *today = ct_gui_today ();
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *given = NULL;
  CtRecord *consent;
  gint64 withdrawn_id;

  dialog = open_record_dialog (window, "case.record-consent", NULL);
  set_dialog_field (dialog, "category", "health");
  set_dialog_field (dialog, "purpose", "delen_aan_tafel");
  set_dialog_field (dialog, "basis", "toestemming");
  gtk_switch_set_active (ct_record_dialog_get_switch (dialog, "share_at_table"), TRUE);
  ct_test_screenshot (GTK_WIDGET (dialog), "record-consent");
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));

  consents = ct_session_list (window->session, "consents", "case_id", first_case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 1);
  consent = g_ptr_array_index (consents, 0);
  g_assert_cmpstr (ct_record_get (consent, "category"), ==, "health");
  g_assert_cmpstr (ct_record_get (consent, "share_at_table"), ==, "true");
  g_assert_cmpstr (ct_record_get (consent, "given_on"), ==, today);
  g_assert_null (ct_record_get (consent, "withdrawn_on"));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Withdraw…")));

  /* Withdrawing asks first, and says what it stops. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (case_page (window)),
                                             "case.withdraw-consent", "x",
                                             ct_record_get_id (consent)));
  confirm = find_dialog ();
  g_assert_nonnull (confirm);
  ct_test_wait_for_draw (GTK_WIDGET (confirm));
  ct_test_screenshot (GTK_WIDGET (confirm), "withdraw-consent");
  respond (confirm, "withdraw");

  stored = ct_session_get (window->session, "consents", ct_record_get_id (consent), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "withdrawn_on"), ==, today);
  g_assert_cmpstr (adw_toast_get_title (_ct_window_get_toast (window)), ==,
                   _("Consent withdrawn"));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), _("Withdraw…")));

  /* Given again: a new consent from today, the withdrawal stays on record. */
  withdrawn_id = ct_record_get_id (consent);
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Reinstate…")));
  dialog = open_record_dialog (window, "case.reinstate-consent",
                               g_variant_new_int64 (withdrawn_id));
  ct_test_screenshot (GTK_WIDGET (dialog), "reinstate-consent");
  /* The core's ct_session_reinstate_consent() decides: not before the
   * withdrawal, said under the date, and nothing is stored. */
  before = ct_gui_field_to_text (ct_record_dialog_get_editor (dialog, "given_on")->field,
                                 "2000-01-01");
  set_dialog_field (dialog, "given_on", before);
  save_dialog (dialog);
  g_assert_nonnull (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "given_on")));
  g_assert_cmpuint (count_rows (window, "consents", "case_id", first_case_id), ==, 1);
  given = ct_gui_field_to_text (ct_record_dialog_get_editor (dialog, "given_on")->field, today);
  set_dialog_field (dialog, "given_on", given);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_clear_pointer (&consents, g_ptr_array_unref);
  consents = ct_session_list (window->session, "consents", "case_id", first_case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 2);
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "consents", withdrawn_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "withdrawn_on"), ==, today);
  consent = g_ptr_array_index (consents, 1);
  g_assert_cmpint (ct_record_get_id (consent), !=, ct_record_get_id (stored));
  g_assert_cmpstr (ct_record_get (consent, "category"), ==, "health");
  g_assert_cmpstr (ct_record_get (consent, "given_on"), ==, today);
  g_assert_null (ct_record_get (consent, "withdrawn_on"));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Withdraw…")));

  /* And changed: no longer shared at the table. */
  dialog = open_record_dialog (window, "case.edit-consent",
                               g_variant_new_int64 (ct_record_get_id (consent)));
  gtk_switch_set_active (ct_record_dialog_get_switch (dialog, "share_at_table"), FALSE);
  save_dialog (dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_clear_pointer (&stored, ct_record_unref);
  stored = ct_session_get (window->session, "consents", ct_record_get_id (consent), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "share_at_table"), ==, "false");
  g_assert_cmpstr (adw_toast_get_title (_ct_window_get_toast (window)), ==, _("Consent changed"));
  activate (window, "casework.back");
}

/* The chair reads no identity: no person to add either. */
static void
test_chair (void)
{
  CtWindow *window = get_window ();

  unlock_as (CHAIR_LOGIN, CHAIR_PASS);
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), _("Add Person…")));
  /* Nor through the action: it is disabled, so no dialog opens. */
  gtk_widget_activate_action (GTK_WIDGET (case_page (window)), "case.add-person", NULL);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Add Organisation…")));
  ct_test_screenshot (GTK_WIDGET (window), "case-chair");
  activate (window, "casework.back");
}

static gboolean
sidebar_folded (gpointer window)
{
  return adw_leaflet_get_folded (main_page (window)->leaflet);
}

static gboolean
sidebar_unfolded (gpointer window)
{
  return !sidebar_folded (window);
}

/* A narrow laptop window folds the sidebar away behind a back button. */
static void
test_narrow (void)
{
  CtWindow *window = get_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  ct_test_wait_until (sidebar_folded, window, 20, "the sidebar to fold");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (adw_leaflet_get_folded (main_page (window)->leaflet));
  g_assert_true (gtk_widget_get_visible (main_page (window)->sidebar_button));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-narrow");
  activate (window, "casework.show-sidebar");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "sidebar-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  ct_test_wait_until (sidebar_unfolded, window, 20, "the sidebar to unfold");
}

/* The buttons under a field's warning. */
static guint
n_move_buttons (CtWindow   *window,
                const char *field)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (case_page (window), "cases", field);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (editor->error_actions); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  g_assert_true (gtk_widget_get_visible (editor->error_actions) == (n > 0));
  return n;
}

static void
press_move (CtWindow   *window,
            const char *field,
            CtCategory  category)
{
  CtFieldEditor *editor = _ct_case_page_find_editor (case_page (window), "cases", field);
  g_autofree char *name = g_strdup_printf ("move-%s", ct_category_to_string (category));

  for (GtkWidget *child = gtk_widget_get_first_child (editor->error_actions); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_name (child), name))
      {
        g_signal_emit_by_name (child, "clicked");
        return;
      }
  g_assert_not_reached ();
}

static void
edit_question (CtWindow   *window,
               const char *text)
{
  activate (window, "casework.edit");
  _ct_case_page_set_text (case_page (window), "cases", "question", text);
  save_case (window);
  g_assert_false (ct_case_page_get_editing (case_page (window)));
}

#define GENERAL_SENTENCE "Hoe houden we de woning?"
#define HEALTH_SENTENCE  "Hij is in behandeling bij de GGZ."
#define JUSTICE_SENTENCE "Er loopt een aangifte."

/* A sentence of the general question that names a category's facts is
 * moved, with one button, into that category's part; only a member who
 * has that part is offered the button. */
static void
test_move_sentence (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autofree char *text = NULL;
  g_autofree char *no_part = NULL;
  gint64 case_id;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  search (window, "Bakker");
  open_first_row (window);
  case_id = ct_case_page_get_case_id (case_page (window));
  edit_question (window, GENERAL_SENTENCE " " HEALTH_SENTENCE " " JUSTICE_SENTENCE);
  g_assert_nonnull (strstr (_ct_case_page_get_error (case_page (window), "cases", "question"),
                            HEALTH_SENTENCE));
  /* One button per flagged sentence, none for the general one. */
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 2);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-move-sentence");

  press_move (window, "question", CT_CATEGORY_HEALTH);
  g_assert_true (ct_case_page_get_editing (case_page (window)));
  text = _ct_case_page_get_text (case_page (window), "cases", "question");
  g_assert_cmpstr (text, ==, GENERAL_SENTENCE " " JUSTICE_SENTENCE);
  g_clear_pointer (&text, g_free);
  text = _ct_case_page_get_text (case_page (window), "cases", "question_health");
  g_assert_cmpstr (text, ==, HEALTH_SENTENCE);
  g_clear_pointer (&text, g_free);
  /* What is left still names justice facts, and says so. */
  g_assert_nonnull (strstr (_ct_case_page_get_error (case_page (window), "cases", "question"),
                            JUSTICE_SENTENCE));
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 1);
  g_assert_true (ct_case_page_get_dirty (case_page (window)));
  /* Nothing is stored until Save. */
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_null (ct_record_get (stored, "question_health"));
  g_clear_pointer (&stored, ct_record_unref);

  press_move (window, "question", CT_CATEGORY_JUSTICE);
  g_assert_null (_ct_case_page_get_error (case_page (window), "cases", "question"));
  save_case (window);
  g_assert_false (ct_case_page_get_editing (case_page (window)));
  g_assert_null (_ct_case_page_get_error (case_page (window), "cases", "question"));
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "question"), ==, GENERAL_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_health"), ==, HEALTH_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_justice"), ==, JUSTICE_SENTENCE);
  g_clear_pointer (&stored, ct_record_unref);
  activate (window, "casework.back");
  search (window, "");

  /* Politie writes justice but not health: warned, and offered only the
   * justice move; the health part is not there to move into. */
  unlock_as (POLITIE_LOGIN, POLITIE_PASS);
  search (window, "Bakker");
  open_first_row (window);
  g_assert_null (_ct_case_page_find_editor (case_page (window), "cases", "question_health"));
  edit_question (window, GENERAL_SENTENCE " " HEALTH_SENTENCE);
  g_assert_nonnull (strstr (_ct_case_page_get_error (case_page (window), "cases", "question"),
                            HEALTH_SENTENCE));
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 0);
  /* Nor is the member told to move it where they cannot. */
  no_part = g_strdup_printf (_("Every member reads this text, and it names %s facts: “%s” "
                               "Your role has no part for them: take the sentence out."),
                             ct_category_get_display_name (CT_CATEGORY_HEALTH), HEALTH_SENTENCE);
  g_assert_cmpstr (_ct_case_page_get_error (case_page (window), "cases", "question"), ==,
                   no_part);
  ct_test_screenshot (GTK_WIDGET (window), "case-move-sentence-politie");
  edit_question (window, GENERAL_SENTENCE " " JUSTICE_SENTENCE);
  g_assert_cmpuint (n_move_buttons (window, "question"), ==, 1);
  press_move (window, "question", CT_CATEGORY_JUSTICE);
  save_case (window);
  stored = ct_session_get (window->session, "cases", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "question"), ==, GENERAL_SENTENCE);
  g_assert_cmpstr (ct_record_get (stored, "question_justice"), ==,
                   JUSTICE_SENTENCE " " JUSTICE_SENTENCE);
  activate (window, "casework.back");
  search (window, "");
}

/* A re-referral of a known BSN is offered the household that holds it;
 * added there, it is a repeat of that household's case. */
static void
test_re_referral (void)
{
  CtWindow *window = get_window ();
  CtReferralWindow *referral;
  CtHouseholdMatch *match;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) first = NULL;
  gint64 household;
  guint n_cases, n_persons, chosen = G_MAXUINT;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  first = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_no_error (error);
  household = ct_record_get_int (first, "household_id");
  n_cases = count_cases (window);
  n_persons = count_rows (window, "persons", "household_id", household);

  referral = open_referral (window);
  set_field (referral, "households", "area", "Zuid");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  set_field (referral, "persons", "first_name", "Fatima");
  set_field (referral, "persons", "last_name", "El Amrani");
  set_field (referral, "persons", "bsn", GOOD_BSN);
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  /* Within twelve months of the case of 2026-01-12, on any day the test runs. */
  ct_field_editor_show_value (_ct_referral_window_get_editor (referral, "cases", "referral_date"),
                              "2026-06-01", TRUE);
  set_field (referral, "cases", "question", "Opnieuw aangemeld.");
  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.next", NULL);
  g_assert_cmpstr (_ct_referral_window_get_step (referral), ==, "review");
  wait_matched (referral);

  g_assert_cmpuint (_ct_referral_window_get_n_matches (referral), >=, 3);
  for (guint i = 0; i < referral->matches->len; i++)
    {
      match = g_ptr_array_index (referral->matches, i);
      g_assert_true (match->reasons & CT_MATCH_BSN);
      if (match->household_id == household)
        chosen = i;
    }
  g_assert_cmpuint (chosen, <, referral->matches->len);
  match = g_ptr_array_index (referral->matches, chosen);
  g_assert_cmpstr (match->last_number, ==, "2026-0001");
  g_assert_true (tree_contains (GTK_WIDGET (referral), "2026-0001"));
  _ct_referral_window_choose_match (referral, chosen);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  ct_test_screenshot (GTK_WIDGET (referral), "referral-review-match");

  gtk_widget_activate_action (GTK_WIDGET (referral), "referral.create", NULL);
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_REFERRAL_WINDOW), 20,
                      "the referral window to close");
  ct_test_wait_case_page (case_page (window));
  /* One case more, in that household; the same person, not a copy. */
  g_assert_cmpuint (count_cases (window), ==, n_cases + 1);
  g_assert_cmpint (household_id (window), ==, household);
  g_assert_cmpuint (count_rows (window, "persons", "household_id", household), ==, n_persons);
  g_assert_cmpuint (count_rows (window, "cases", "household_id", household), ==, 2);
  /* The case page says it is a repeat, and of which case. */
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), _("Repeat referral")));
  g_assert_true (tree_contains (GTK_WIDGET (case_page (window)), "2026-0001"));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-repeat");

  /* The household's first case is no repeat. */
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  g_assert_false (tree_contains (GTK_WIDGET (case_page (window)), _("Repeat referral")));
  activate (window, "casework.back");
}

/* Need-to-know on: bram (politie) is involved in no household. The case
 * page shows the limited view and "Look anyway…"; its dialog needs a
 * reason; once opened, the household is whole, and its regisseur sees who
 * looked. */
static void
test_need_to_know (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) kase = NULL;
  AdwMessageDialog *dialog;
  CtCasePage *page;

  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  /* anna directs the first household; nobody the others. */
  kase = ct_session_get (window->session, "cases", first_case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", ct_session_get_member_id (window->session));
  g_assert_true (ct_session_update (window->session, kase, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_need_to_know (window->session, TRUE, 14, &error));
  g_assert_no_error (error);

  unlock_as (POLITIE_LOGIN, POLITIE_PASS);
  /* Every case is listed, by number and status; no name is found. */
  g_assert_cmpuint (n_shown (window), >=, 3);
  search (window, "El Amrani");
  g_assert_cmpuint (n_shown (window), ==, 0);
  search (window, "");
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  page = case_page (window);
  g_assert_true (page->limited);
  g_assert_cmpuint (count_groups (GTK_WIDGET (page), _("Limited View"), NULL), ==, 1);
  g_assert_true (tree_contains (GTK_WIDGET (page), "2026-0001"));
  g_assert_false (tree_contains (GTK_WIDGET (page), "El Amrani"));
  g_assert_false (tree_contains (GTK_WIDGET (page), GOOD_BSN));
  g_assert_false (tree_contains (GTK_WIDGET (page), JUSTICE_WORD));
  g_assert_false (tree_contains (GTK_WIDGET (page), "Schuldhulp Oost"));
  ct_test_screenshot (GTK_WIDGET (window), "case-limited");

  /* "Other" without words is refused, with the field named. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.look-anyway", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (page->glass_reason, CT_GLASS_OTHER);
  respond (dialog, "look");
  g_assert_true (contains (adw_toast_get_title (_ct_window_get_toast (window)), _("Reason")));
  g_assert_true (page->limited);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.look-anyway", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (page->glass_reason, CT_GLASS_SAFETY);
  gtk_editable_set_text (page->glass_text, "Melding wijkagent");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "look-anyway");
  respond (dialog, "look");
  g_assert_false (page->limited);
  g_assert_true (tree_contains (GTK_WIDGET (page), "El Amrani"));
  g_assert_true (tree_contains (GTK_WIDGET (page), JUSTICE_WORD));

  /* The regisseur sees who looked, when and why. */
  unlock_as (REGISSEUR_LOGIN, REGISSEUR_PASS);
  ct_main_page_open_case (main_page (window), first_case_id);
  ct_test_wait_case_page (case_page (window));
  page = case_page (window);
  g_assert_false (page->limited);
  g_assert_true (tree_contains (GTK_WIDGET (page), POLITIE_LOGIN));
  g_assert_true (tree_contains (GTK_WIDGET (page), "Melding wijkagent"));

  g_assert_true (ct_session_set_need_to_know (window->session, FALSE, 14, &error));
  g_assert_no_error (error);
  activate (window, "casework.back");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ct_test_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("casustafel-casework-XXXXXX", &error);
  g_assert_no_error (error);
  team_path = g_build_filename (tmpdir, "Team.casus", NULL);
  create_team ();

  app = ct_test_app_new ();

  g_test_add_func ("/casework/list", test_list);
  g_test_add_func ("/casework/list-off-main-loop", test_list_off_main_loop);
  g_test_add_func ("/casework/list-refresh", test_list_refresh);
  g_test_add_func ("/casework/case-regisseur", test_case_regisseur);
  g_test_add_func ("/casework/plan", test_plan);
  g_test_add_func ("/casework/case-politie", test_case_politie);
  g_test_add_func ("/casework/edit", test_edit);
  g_test_add_func ("/casework/save-off-main-loop", test_save_off_main_loop);
  g_test_add_func ("/casework/save-twice", test_save_twice);
  g_test_add_func ("/casework/save-then-leave", test_save_then_leave);
  g_test_add_func ("/casework/closing", test_closing);
  g_test_add_func ("/casework/guard", test_guard);
  g_test_add_func ("/casework/referral", test_referral);
  g_test_add_func ("/casework/add-person", test_add_person);
  g_test_add_func ("/casework/field-error", test_field_error);
  g_test_add_func ("/casework/organisation", test_organisation);
  g_test_add_func ("/casework/consent", test_consent);
  g_test_add_func ("/casework/chair", test_chair);
  g_test_add_func ("/casework/narrow", test_narrow);
  g_test_add_func ("/casework/move-sentence", test_move_sentence);
  g_test_add_func ("/casework/re-referral", test_re_referral);
  g_test_add_func ("/casework/need-to-know", test_need_to_know);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_remove (team_path);
  g_rmdir (tmpdir);

  return ret;
}
