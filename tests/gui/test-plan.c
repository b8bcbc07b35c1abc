/* test-plan.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case-level widgets: ZRM editor and chart, the actions page and the
 * household's plan, driven through their own widgets in a real window. The
 * tests run in order and share one team file built with the core API. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-actions-page-private.h"
#include "ct-clock.h"
#include "ct-core-test-util.h"
#include "ct-plan-view-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-gui-labels.h"
#include "ct-zrm-chart.h"
#include "ct-zrm-editor-private.h"

#define FINANCIEN      0
#define HUISVESTING    3
#define GEESTELIJK     5
#define SOCIAAL        10
#define JUSTITIE       12

static CtTestTeam *team;

static GtkWidget *
find_action_id (GtkWidget  *root,
                const char *action,
                gint64      id)
{
  return ct_test_find_action (root, action, g_variant_new_int64 (id));
}

/* As a person adds a domain: from the popover of the Domains group's
 * add button. */
static void
add_domain (CtZrmEditor *editor,
            guint        domain)
{
  gtk_menu_button_popup (editor->add_domain_button);
  ct_test_wait_for_draw (GTK_WIDGET (gtk_menu_button_get_popover (editor->add_domain_button)));
  ct_test_click (editor->add_buttons[domain]);
}

static void
score (CtZrmEditor *editor,
       guint        domain,
       guint        value)
{
  add_domain (editor, domain);
  g_assert_nonnull (editor->rows[domain]);
  ct_test_click (editor->score_buttons[domain][value - 1]);
  g_assert_cmpuint (editor->scores[domain], ==, value);
}

static guint
n_assessments (CtSession *session)
{
  g_autoptr(GPtrArray) records = ct_session_list (session, "zrm", "case_id", team->case_id, NULL);

  return records->len;
}

/* The assessment waits in the session's write queue, then the form reads
 * the case again in a worker (ct-zrm-editor.c). */
static gboolean
zrm_saved (gpointer editor)
{
  return !CT_ZRM_EDITOR (editor)->saving && CT_ZRM_EDITOR (editor)->reading == NULL;
}

/* The chart reads the assessments in a worker (ct_zrm_chart_reload()). */
static gboolean
chart_read (gpointer chart)
{
  return !ct_zrm_chart_get_loading (chart);
}

static void
saved_cb (CtZrmEditor *editor,
          gint64       id,
          CtZrmChart  *chart)
{
  ct_zrm_chart_reload (chart);
}

/* The editor and the chart side by side, their reads not waited for. */
static GtkWindow *
zrm_window_reading (CtSession    *session,
                    CtZrmEditor **editor,
                    CtZrmChart  **chart)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  *editor = CT_ZRM_EDITOR (ct_zrm_editor_new (session, team->case_id));
  *chart = CT_ZRM_CHART (ct_zrm_chart_new (session, team->case_id));
  gtk_widget_set_hexpand (GTK_WIDGET (*editor), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (*chart), 520, -1);
  gtk_widget_set_margin_top (GTK_WIDGET (*chart), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (*chart), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*editor));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*chart));
  g_signal_connect (*editor, "saved", G_CALLBACK (saved_cb), *chart);
  return ct_test_team_window (box, 1400, 820);
}

static GtkWindow *
zrm_window (CtSession    *session,
            CtZrmEditor **editor,
            CtZrmChart  **chart)
{
  GtkWindow *window = zrm_window_reading (session, editor, chart);

  ct_test_wait_until (zrm_saved, *editor, 20, "the case to be read");
  ct_test_wait_until (chart_read, *chart, 20, "the assessments to be read");
  return window;
}

static void
test_zrm_score (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree char *finances = g_strdup_printf ("%s: 2 → 4", _("Finances"));
  g_autofree char *network = g_strdup_printf ("%s: 3 → 3", _("Social network"));
  CtZrmEditor *editor;
  CtZrmChart *chart;
  GtkWindow *window = zrm_window (session, &editor, &chart);
  GtkWidget *save = ct_test_find_actionable (GTK_WIDGET (editor), "zrm.save");

  g_assert_cmpuint (ct_zrm_chart_get_n_domains (chart), ==, 0);
  /* No intake yet, and a case without domains: an empty intake form. */
  g_assert_cmpuint (adw_combo_row_get_selected (editor->kind_row), ==, 0);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    g_assert_null (editor->rows[d]);
  ct_test_screenshot (window, "zrm-empty");

  /* A domain added but not scored is not saved. */
  add_domain (editor, FINANCIEN);
  ct_test_click (save);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor->error_label)));
  g_assert_cmpuint (n_assessments (session), ==, 0);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (editor), "zrm.remove-domain"));
  g_assert_null (editor->rows[FINANCIEN]);

  /* Intake: finances 2, social network 3. */
  adw_combo_row_set_selected (editor->kind_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (editor->date_row), "2026-01-20");
  score (editor, FINANCIEN, 2);
  score (editor, SOCIAAL, 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor->add_buttons[FINANCIEN])));
  ct_test_screenshot (window, "zrm-editor");
  ct_test_click (save);
  ct_test_wait_until (zrm_saved, editor, 20, "the assessment to be written");
  g_assert_cmpuint (n_assessments (session), ==, 1);
  g_assert_null (editor->rows[FINANCIEN]);
  /* The next one is a follow-up unless the member says otherwise. */
  g_assert_cmpuint (adw_combo_row_get_selected (editor->kind_row), ==, 1);

  /* Follow-up: finances 4, social network 3. */
  adw_combo_row_set_selected (editor->kind_row, 1);
  gtk_editable_set_text (GTK_EDITABLE (editor->date_row), "2026-04-20");
  score (editor, FINANCIEN, 4);
  score (editor, SOCIAAL, 3);
  ct_test_click (save);
  ct_test_wait_until (zrm_saved, editor, 20, "the assessment to be written");
  g_assert_cmpuint (n_assessments (session), ==, 2);
  ct_test_wait_until (chart_read, chart, 20, "the assessments to be read again");

  g_assert_cmpuint (ct_zrm_chart_get_n_domains (chart), ==, 2);
  g_assert_nonnull (strstr (ct_zrm_chart_get_summary (chart), finances));
  g_assert_nonnull (strstr (ct_zrm_chart_get_summary (chart), network));
  g_assert_false (ct_zrm_chart_get_some_restricted (chart));
  ct_test_screenshot (window, "zrm-chart");

  ct_test_close_window (window);
  ct_session_lock (session);
}

static void
set_case_domains (CtSession  *session,
                  const char *domains)
{
  g_autoptr(CtRecord) kase = ct_session_get (session, "cases", team->case_id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_case_set_domains (kase, domains, &error));
  g_assert_true (ct_session_update (session, kase, &error));
  g_assert_no_error (error);
}

/* A new measurement on a case with an intake: a follow-up, with the case's
 * domains ready to score, only those the member's role may score. */
static void
test_zrm_defaults (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(CtTestSession) police = NULL;
  CtZrmEditor *editor;
  CtZrmChart *chart;
  GtkWindow *window;

  set_case_domains (session, "financien,huisvesting,geestelijke_gezondheid,justitie");
  window = zrm_window (session, &editor, &chart);
  g_assert_cmpuint (adw_combo_row_get_selected (editor->kind_row), ==, 1);
  g_assert_nonnull (editor->rows[FINANCIEN]);
  g_assert_nonnull (editor->rows[HUISVESTING]);
  g_assert_nonnull (editor->rows[GEESTELIJK]);
  g_assert_nonnull (editor->rows[JUSTITIE]);
  g_assert_null (editor->rows[SOCIAAL]);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor->add_buttons[HUISVESTING])));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "zrm-defaults");
  /* Unscored, they are not saved as scores: the member scores or removes. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (editor), "zrm.save"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor->error_label)));
  g_assert_cmpuint (n_assessments (session), ==, 2);
  ct_test_close_window (window);
  g_clear_pointer (&session, ct_test_session_free);

  /* The police score justice, not finances or mental health: only justice
   * is offered. */
  police = ct_test_team_unlock (team, "carla");
  window = zrm_window (police, &editor, &chart);
  g_assert_nonnull (editor->rows[JUSTITIE]);
  g_assert_null (editor->rows[FINANCIEN]);
  g_assert_null (editor->rows[GEESTELIJK]);
  ct_test_close_window (window);
  g_clear_pointer (&police, ct_test_session_free);

  session = ct_test_team_unlock (team, "anna");
  set_case_domains (session, "");
  ct_session_lock (session);
}

static void
test_zrm_restricted (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "carla");
  g_autofree char *finances = g_strdup_printf ("%s:", _("Finances"));
  g_autofree char *network = g_strdup_printf ("%s: 3 → 3", _("Social network"));
  CtZrmEditor *editor;
  CtZrmChart *chart;
  GtkWindow *window = zrm_window (session, &editor, &chart);
  GtkWidget *popover;

  /* Politie may not read health: those domains say so and cannot be added. */
  for (guint d = GEESTELIJK; d <= 9; d++)
    {
      g_autofree char *expected = g_strdup_printf (_("%s — Restricted"), ct_gui_domain_label (d));

      g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (editor->add_buttons[d])));
      g_assert_cmpstr (gtk_button_get_label (editor->add_buttons[d]), ==, expected);
    }
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (editor->add_buttons[JUSTITIE])));
  gtk_widget_activate_action (GTK_WIDGET (editor), "zrm.add-domain", "u", GEESTELIJK);
  g_assert_null (editor->rows[GEESTELIJK]);

  gtk_menu_button_popup (editor->add_domain_button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (editor->add_domain_button));
  ct_test_wait_for_draw (popover);
  ct_test_screenshot (popover, "zrm-restricted-menu");
  gtk_menu_button_popdown (editor->add_domain_button);

  /* The chart leaves out what politie may not read, without counting it. */
  g_assert_true (ct_zrm_chart_get_some_restricted (chart));
  g_assert_null (strstr (ct_zrm_chart_get_summary (chart), finances));
  g_assert_nonnull (strstr (ct_zrm_chart_get_summary (chart), network));
  ct_test_screenshot (window, "zrm-restricted");

  ct_test_close_window (window);
  ct_session_lock (session);
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

/* The hint is read from the translated date format, not written as ISO. */
static void
test_date_hint (void)
{
  g_autofree char *hint = ct_gui_date_hint ();
  g_autofree char *title = ct_gui_date_title (_("Due date"));
  g_autofree char *shown = ct_gui_format_date ("2026-03-31");
  gboolean dutch = g_str_equal (ct_test_get_language (), "nl");

  g_assert_cmpstr (hint, ==, dutch ? "DD-MM-JJJJ" : "YYYY-MM-DD");
  g_assert_cmpstr (title, ==, dutch ? "Uiterste datum (DD-MM-JJJJ)" : "Due date (YYYY-MM-DD)");
  g_assert_cmpstr (shown, ==, dutch ? "31-03-2026" : "2026-03-31");
}

static CtRecord *
assessment_on (CtSession  *session,
               const char *iso_date)
{
  g_autoptr(GPtrArray) records = ct_session_list (session, "zrm", "case_id", team->case_id, NULL);

  for (guint i = 0; i < records->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (records, i), "assessed_on"), iso_date) == 0)
      return ct_record_ref (g_ptr_array_index (records, i));
  return NULL;
}

/* The assessment date as the other pages take it: in the language's
 * format, an unreadable or impossible one refused under the form. */
static void
test_zrm_date (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  const char *bad[] = { "31-02-2026", "morgen", "2026-7-15x" };
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  g_autofree char *typed = ct_gui_format_date ("2026-07-15");
  g_autofree char *title = ct_gui_date_title (_("Date"));
  g_autofree char *message = date_error (_("Date"));
  g_autoptr(CtRecord) stored = NULL;
  CtZrmEditor *editor;
  CtZrmChart *chart;
  GtkWindow *window = zrm_window (session, &editor, &chart);
  GtkWidget *save = ct_test_find_actionable (GTK_WIDGET (editor), "zrm.save");
  guint before = n_assessments (session);

  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (editor->date_row)), ==, title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor->date_row)), ==, today);

  adw_combo_row_set_selected (editor->kind_row, 1);
  score (editor, FINANCIEN, 4);
  score (editor, SOCIAAL, 4);
  score (editor, JUSTITIE, 4);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (editor->date_row), bad[i]);
      ct_test_click (save);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor->error_label)));
      g_assert_cmpstr (gtk_label_get_text (editor->error_label), ==, message);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (editor->date_row), "error"));
      g_assert_cmpuint (n_assessments (session), ==, before);
    }
  g_assert_nonnull (editor->rows[JUSTITIE]);
  ct_test_screenshot (window, "zrm-date-error");

  gtk_editable_set_text (GTK_EDITABLE (editor->date_row), typed);
  ct_test_click (save);
  ct_test_wait_until (zrm_saved, editor, 20, "the assessment to be written");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor->error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (editor->date_row), "error"));
  g_assert_cmpuint (n_assessments (session), ==, before + 1);
  stored = assessment_on (session, "2026-07-15");
  g_assert_nonnull (stored);
  g_assert_cmpstr (ct_record_get (stored, "justitie"), ==, "4");

  /* The form starts again from today; the chart's legend (drawn, so seen
   * in the screenshot) names the new date. */
  ct_test_wait_until (chart_read, chart, 20, "the assessments to be read again");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor->date_row)), ==, today);
  ct_test_screenshot (window, "zrm-date");

  ct_test_close_window (window);
  ct_session_lock (session);
}

static gint64
insert_action (CtSession  *session,
               const char *what,
               const char *partner,
               const char *due,
               gint64      responsible)
{
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(GError) error = NULL;
  gint64 id;

  ct_record_set_int (action, "household_id", team->household_id);
  ct_record_set (action, "what", what);
  ct_record_set (action, "partner", partner);
  ct_record_set (action, "partner_type", "schuldhulpverlening");
  ct_record_set (action, "due_on", due);
  ct_record_set_int (action, "responsible", responsible);
  ct_record_set (action, "status", "open");
  id = ct_session_insert (session, action, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
member_id (CtSession  *session,
           const char *login)
{
  g_autoptr(GPtrArray) members = ct_gui_list_members (session);

  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login))
      return ((CtMemberInfo *) g_ptr_array_index (members, i))->id;
  g_assert_not_reached ();
}

static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static guint
n_items (GtkFilterListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* The label under @root showing exactly @text, or NULL. */
static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
open_case_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  *(gint64 *) user_data = g_variant_get_int64 (parameter);
}

static void
set_regisseur (CtSession *session,
               gint64     member)
{
  g_autoptr(CtRecord) kase = ct_session_get (session, "cases", team->case_id, NULL);
  g_autoptr(GError) error = NULL;

  if (member > 0)
    ct_record_set_int (kase, "regisseur", member);
  else
    ct_record_set (kase, "regisseur", NULL);
  ct_session_update (session, kase, &error);
  g_assert_no_error (error);
}

static gboolean
actions_read (gpointer page)
{
  return !_ct_actions_page_is_loading (page);
}

/* The page reads its actions in a worker: when it is made and after each
 * change. */
static void
wait_for_actions (CtActionsPage *page)
{
  ct_test_wait_until (actions_read, page, 20, "the actions to be read");
}

static void
test_actions (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree char *last_week = date_from_today (-7);
  g_autofree char *yesterday = date_from_today (-1);
  g_autofree char *next_month = date_from_today (30);
  gint64 anna = member_id (session, "anna"), bob = member_id (session, "bob");
  gint64 mine = insert_action (session, "Budgetplan opstellen", "Kredietbank", last_week, anna);
  gint64 refused = insert_action (session, "Huurachterstand regelen", "Woonstichting", yesterday, bob);
  CtActionsPage *page;
  GtkWindow *window;
  AdwMessageDialog *dialog;
  g_autoptr(CtRecord) record = NULL;
  g_autofree char *today = ct_gui_today ();
  const char *long_title = "Schuldhulpverlening aanvragen bij de gemeente voor de hele schuld";
  g_autoptr(GSimpleActionGroup) casework = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open_case = g_simple_action_new ("open-case", G_VARIANT_TYPE_INT64);
  gint64 opened = 0;
  GtkLabel *label;
  GtkWidget *undo, *case_button;

  insert_action (session, "Intake GGZ plannen", "GGZ Centraal", next_month, bob);
  insert_action (session, long_title, "Gemeente", next_month, anna);
  page = CT_ACTIONS_PAGE (ct_actions_page_new (session));
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 600);
  g_signal_connect (open_case, "activate", G_CALLBACK (open_case_cb), &opened);
  g_action_map_add_action (G_ACTION_MAP (casework), G_ACTION (open_case));
  gtk_widget_insert_action_group (GTK_WIDGET (window), "casework", G_ACTION_GROUP (casework));
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->mine_model), ==, 2);
  g_assert_cmpuint (n_items (page->overdue_model), ==, 2);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "actions-mine");

  /* The whole title, in plain text, even in a window of 1024 wide. */
  label = find_label (GTK_WIDGET (page->mine_view), long_title);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "ct-overdue"));
  label = find_label (GTK_WIDGET (page->mine_view), "Budgetplan opstellen");
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (label), "ct-overdue"));
  /* Overdue is an icon with a label beside it, and words in the status. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (
      gtk_widget_get_parent (GTK_WIDGET (label)))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (
      gtk_widget_get_parent (GTK_WIDGET (label)))), ==, _("Overdue"));
  g_assert_nonnull (find_label (GTK_WIDGET (page->mine_view), _("Open, overdue")));

  /* A row opens its case: the case number is a button. */
  case_button = find_action_id (GTK_WIDGET (page->mine_view), "casework.open-case", team->case_id);
  g_assert_nonnull (case_button);
  g_assert_true (gtk_widget_is_sensitive (case_button));
  ct_test_click (case_button);
  g_assert_cmpint (opened, ==, team->case_id);

  /* Refused, with the partner's reason: the core requires one. */
  adw_view_stack_set_visible_child_name (page->view_stack, "overdue");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "actions-overdue");
  ct_test_click (find_action_id (GTK_WIDGET (page), "actions.mark-refused", refused));
  dialog = ct_test_wait_for_dialog (&page->dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "refuse"));
  gtk_editable_set_text (page->reason_entry, "Geen capaciteit tot na de zomer");
  ct_test_screenshot (dialog, "actions-refuse");
  ct_test_respond (dialog, "refuse");
  wait_for_actions (page);
  record = ct_session_get (session, "actions", refused, NULL);
  g_assert_cmpstr (ct_record_get (record, "status"), ==, "geweigerd");
  g_assert_cmpstr (ct_record_get (record, "refusal_reason"), ==, "Geen capaciteit tot na de zomer");
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->overdue_model), ==, 1);

  /* Done, from the row. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_click (find_action_id (GTK_WIDGET (page), "actions.mark-done", mine));
  wait_for_actions (page);
  g_clear_pointer (&record, ct_record_unref);
  record = ct_session_get (session, "actions", mine, NULL);
  g_assert_cmpstr (ct_record_get (record, "status"), ==, "gedaan");
  g_assert_cmpstr (ct_record_get (record, "done_on"), ==, today);
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->overdue_model), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->overdue_stack), ==, "empty");

  /* The toast's "Undo" opens the action again. */
  g_assert_nonnull (page->undo_toast);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "actions-done-toast");
  undo = ct_test_find_button (GTK_WIDGET (page->toast_overlay), _("_Undo"));
  g_assert_nonnull (undo);
  ct_test_click (undo);
  wait_for_actions (page);
  g_clear_pointer (&record, ct_record_unref);
  record = ct_session_get (session, "actions", mine, NULL);
  g_assert_cmpstr (ct_record_get (record, "status"), ==, "open");
  g_assert_null (ct_record_get (record, "done_on"));
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->overdue_model), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->overdue_stack), ==, "list");

  /* "My Actions" of a regisseur: also every action on a household whose
   * open case they direct, whoever is responsible. */
  set_regisseur (session, anna);
  ct_actions_page_reload (page);
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->mine_model), ==, 4);
  set_regisseur (session, bob);
  ct_actions_page_reload (page);
  wait_for_actions (page);
  g_assert_cmpuint (n_items (page->mine_model), ==, 2);
  set_regisseur (session, 0);

  ct_test_close_window (window);
  ct_session_lock (session);
}

/* Politie reads no finance: the debt counselling's overdue action is on
 * its list as "Restricted action", and it is offered neither Done nor
 * Refused on it (docs/categories.md). */
static void
test_actions_restricted (void)
{
  g_autoptr(CtTestSession) anna = ct_test_team_unlock (team, "anna");
  g_autofree char *last_week = date_from_today (-7);
  gint64 debt = insert_action (anna, "Saneringskrediet aanvragen", "Kredietbank", last_week,
                               member_id (anna, "anna"));
  g_autoptr(CtTestSession) police = NULL;
  CtActionsPage *page;
  GtkWindow *window;
  GtkWidget *button;

  ct_session_lock (anna);
  police = ct_test_team_unlock (team, "carla");
  page = CT_ACTIONS_PAGE (ct_actions_page_new (police));
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 600);
  wait_for_actions (page);
  adw_view_stack_set_visible_child_name (page->view_stack, "overdue");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (find_label (GTK_WIDGET (page), _("Restricted action")));
  g_assert_null (find_label (GTK_WIDGET (page), "Saneringskrediet aanvragen"));
  for (const char * const *action = (const char * const[]) { "actions.mark-done",
                                                             "actions.mark-refused", NULL };
       *action != NULL; action++)
    {
      button = find_action_id (GTK_WIDGET (page), *action, debt);
      g_assert_true (button == NULL || !gtk_widget_get_visible (button));
    }
  ct_test_screenshot (window, "actions-restricted");
  ct_test_close_window (window);
  ct_session_lock (police);
}

/* How often the access log names row @id of @table (a beheerder's
 * @session). */
static guint
log_entries (CtSession  *session,
             const char *table,
             gint64      id)
{
  g_autofree char *log = ct_core_test_log_since (session, 0);
  g_autofree char *row = g_strdup_printf (" %s %" G_GINT64_FORMAT " ", table, id);
  guint n = 0;

  for (const char *at = strstr (log, row); at != NULL; at = strstr (at + 1, row))
    n++;
  return n;
}

/* "Done" reads its action in a worker (ct_session_get_async()): while the
 * read is held the page is loading, its buttons are off, and nothing is
 * read or written yet; let go, the action is done and the log holds the
 * read and the update. */
static void
test_actions_read_held (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree char *last_week = date_from_today (-7);
  gint64 id = insert_action (session, "Aanvraag bijzondere bijstand", "Gemeente", last_week,
                             member_id (session, "anna"));
  g_autoptr(CtRecord) record = NULL;
  CtActionsPage *page;
  GtkWindow *window;
  guint before;

  page = CT_ACTIONS_PAGE (ct_actions_page_new (session));
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 600);
  wait_for_actions (page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  before = log_entries (session, "actions", id);

  ct_core_test_hold_reads ();
  ct_test_click (find_action_id (GTK_WIDGET (page), "actions.mark-done", id));
  g_assert_true (_ct_actions_page_is_loading (page));
  g_assert_false (gtk_widget_is_sensitive (find_action_id (GTK_WIDGET (page), "actions.mark-done",
                                                           id)));
  g_assert_cmpuint (log_entries (session, "actions", id), ==, before);
  ct_core_test_release_reads ();

  wait_for_actions (page);
  record = ct_session_get (session, "actions", id, NULL);
  g_assert_cmpstr (ct_record_get (record, "status"), ==, "gedaan");
  /* The page's read and its update; the test's own read after them. */
  g_assert_cmpuint (log_entries (session, "actions", id), ==, before + 3);
  ct_test_close_window (window);
  ct_session_lock (session);
}

static gboolean
find_status_dropdown (GtkWidget    *root,
                      GtkDropDown **out)
{
  /* A goal's status drop-down (status_dropdown() in ct-plan-view.c). */
  if (GTK_IS_DROP_DOWN (root)
      && g_strcmp0 (gtk_widget_get_tooltip_text (root), _("Goal status")) == 0)
    {
      *out = GTK_DROP_DOWN (root);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_status_dropdown (child, out))
      return TRUE;
  return FALSE;
}

static void
set_row_text (gpointer    row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Written, and the plan read again (in a worker) after an insert. */
static gboolean
plan_written (gpointer plan)
{
  return !_ct_plan_view_is_loading (plan);
}

static void
test_plan_view (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  CtPlanView *plan = CT_PLAN_VIEW (ct_plan_view_new (session, team->household_id));
  GtkWindow *window = ct_test_team_window (GTK_WIDGET (plan), 1100, 800);
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) goals = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(CtRecord) goal = NULL;
  GtkDropDown *status = NULL;
  gint64 goal_id;
  guint with_goal = 0;
  guint before;

  /* The actions of the previous test have no goal yet. */
  ct_test_wait_until (plan_written, plan, 20, "the plan to be read");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (plan->stack), ==, "plan");

  ct_test_click (ct_test_find_action (GTK_WIDGET (plan), "plan.add-goal", NULL));
  dialog = ct_test_wait_for_dialog (&plan->dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  adw_combo_row_set_selected (CT_GOAL_DIALOG (dialog)->domain_row, FINANCIEN);
  set_row_text (CT_GOAL_DIALOG (dialog)->description_row,
                "Schulden stabiliseren en overzicht houden");
  adw_combo_row_set_selected (CT_GOAL_DIALOG (dialog)->target_row, 4);
  ct_test_screenshot (dialog, "plan-add-goal");
  ct_test_respond (dialog, "add");
  ct_test_wait_until (plan_written, plan, 20, "the goal to be written");
  goals = ct_session_list (session, "goals", "household_id", team->household_id, NULL);
  g_assert_cmpuint (goals->len, ==, 1);
  goal_id = ct_record_get_id (g_ptr_array_index (goals, 0));
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (goals, 0), "target_score"), ==, "4");

  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_click (find_action_id (GTK_WIDGET (plan), "plan.add-action", goal_id));
  dialog = ct_test_wait_for_dialog (&plan->dialog);
  set_row_text (CT_ACTION_DIALOG (dialog)->what_row, "Aanmelden bij de schuldhulpverlening");
  set_row_text (CT_ACTION_DIALOG (dialog)->partner_row, "Kredietbank");
  adw_combo_row_set_selected (CT_ACTION_DIALOG (dialog)->partner_type_row, 5);
  adw_combo_row_set_selected (CT_ACTION_DIALOG (dialog)->responsible_row, 1);
  set_row_text (CT_ACTION_DIALOG (dialog)->due_row, "2026-06-01");
  ct_test_screenshot (dialog, "plan-add-action");
  ct_test_respond (dialog, "add");
  ct_test_wait_until (plan_written, plan, 20, "the action to be written");
  actions = ct_session_list (session, "actions", "household_id", team->household_id, NULL);
  for (guint i = 0; i < actions->len; i++)
    if (ct_record_get (g_ptr_array_index (actions, i), "goal_id") != NULL)
      {
        CtRecord *action = g_ptr_array_index (actions, i);

        g_assert_cmpint (ct_record_get_int (action, "goal_id"), ==, goal_id);
        g_assert_cmpstr (ct_record_get (action, "partner_type"), ==, "schuldhulpverlening");
        g_assert_nonnull (ct_record_get (action, "responsible"));
        with_goal++;
      }
  g_assert_cmpuint (with_goal, ==, 1);

  /* Insensitive while its goal is read in a worker (held here: nothing
   * read or logged yet) and while it waits in the session's write queue. */
  g_assert_true (find_status_dropdown (GTK_WIDGET (plan), &status));
  before = log_entries (session, "goals", goal_id);
  ct_core_test_hold_reads ();
  gtk_drop_down_set_selected (status, 1);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (status)));
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_action (GTK_WIDGET (plan), "plan.add-goal", NULL)));
  g_assert_cmpuint (log_entries (session, "goals", goal_id), ==, before);
  ct_core_test_release_reads ();
  ct_test_wait_until (plan_written, plan, 20, "the goal status to be written");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (status)));
  /* The view's read and its update. */
  g_assert_cmpuint (log_entries (session, "goals", goal_id), ==, before + 2);
  goal = ct_session_get (session, "goals", goal_id, NULL);
  g_assert_cmpstr (ct_record_get (goal, "status"), ==, "bereikt");
  ct_test_screenshot (window, "plan");

  ct_test_close_window (window);
  ct_session_lock (session);
}

static CtRecord *
action_named (CtSession  *session,
              const char *what)
{
  g_autoptr(GPtrArray) actions = ct_session_list (session, "actions", "household_id",
                                                  team->household_id, NULL);

  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (actions, i), "what"), what) == 0)
      return ct_record_ref (g_ptr_array_index (actions, i));
  return NULL;
}

static gboolean
dialog_closed (gpointer plan)
{
  return CT_PLAN_VIEW (plan)->dialog == NULL;
}

/* The plan's action form: the due date in the language's format; one it
 * cannot read keeps the dialog open with the reason, and stores nothing. */
static void
test_plan_action_date (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  CtPlanView *plan = CT_PLAN_VIEW (ct_plan_view_new (session, team->household_id));
  GtkWindow *window = ct_test_team_window (GTK_WIDGET (plan), 1100, 800);
  const char *what = "Huurcontract doorlopen met de woningcorporatie";
  g_autofree char *title = ct_gui_date_title (_("Due date"));
  g_autofree char *message = date_error (_("Due date"));
  g_autofree char *typed = ct_gui_format_date ("2026-09-30");
  g_autofree char *due = g_strdup_printf (_("Due %s"), typed);
  g_autoptr(CtRecord) stored = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *due_row, *error_label, *add;
  AdwActionRow *row;

  ct_test_wait_until (plan_written, plan, 20, "the plan to be read");
  ct_test_click (find_action_id (GTK_WIDGET (plan), "plan.add-action", 0));
  dialog = ct_test_wait_for_dialog (&plan->dialog);
  due_row = GTK_WIDGET (CT_ACTION_DIALOG (dialog)->due_row);
  error_label = GTK_WIDGET (CT_ACTION_DIALOG (dialog)->error_label);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (due_row)), ==, title);
  set_row_text (CT_ACTION_DIALOG (dialog)->what_row, what);
  set_row_text (CT_ACTION_DIALOG (dialog)->due_row, typed);
  ct_test_screenshot (dialog, "plan-action-date");
  set_row_text (CT_ACTION_DIALOG (dialog)->due_row, "31-09-2026");

  /* The real button: the dialog closes itself on a response. */
  add = ct_test_find_button (GTK_WIDGET (dialog), _("_Add Action"));
  ct_test_click (add);
  dialog = ct_test_wait_for_dialog (&plan->dialog);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, message);
  g_assert_true (gtk_widget_has_css_class (due_row, "error"));
  g_assert_null (action_named (session, what));
  ct_test_screenshot (dialog, "plan-action-date-error");

  set_row_text (CT_ACTION_DIALOG (dialog)->due_row, typed);
  ct_test_click (add);
  ct_test_wait_until (dialog_closed, plan, 20, "the action dialog to close");
  g_assert_null (plan->dialog);
  ct_test_wait_until (plan_written, plan, 20, "the action to be written");
  stored = action_named (session, what);
  g_assert_nonnull (stored);
  g_assert_cmpstr (ct_record_get (stored, "due_on"), ==, "2026-09-30");

  ct_test_wait_for_draw (GTK_WIDGET (window));
  row = ct_test_find_row (GTK_WIDGET (plan), ADW_TYPE_ACTION_ROW, what);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), due));
  ct_test_screenshot (window, "plan-action-date-shown");

  ct_test_close_window (window);
  ct_session_lock (session);
}

/* The plan is read in a worker (ct_plan_view_reload()): while the read is
 * held the goals shown stay and a goal stored meanwhile is not there yet;
 * a second reload drops the first; let go, the plan shows the goal. */
static void
test_plan_reload_held (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  CtPlanView *plan = CT_PLAN_VIEW (ct_plan_view_new (session, team->household_id));
  GtkWindow *window = ct_test_team_window (GTK_WIDGET (plan), 1100, 800);
  const char *description = "Dagbesteding vinden die bij het gezin past";
  g_autoptr(CtRecord) goal = ct_record_new ("goals");
  g_autoptr(GError) error = NULL;
  guint groups;

  ct_test_wait_until (plan_written, plan, 20, "the plan to be read");
  groups = plan->groups->len;
  g_assert_cmpuint (groups, >, 0);
  ct_record_set_int (goal, "household_id", team->household_id);
  ct_record_set (goal, "domain", "tijdsbesteding");
  ct_record_set (goal, "description", description);
  ct_record_set (goal, "status", "open");
  g_assert_cmpint (ct_session_insert (session, goal, &error), >, 0);
  g_assert_no_error (error);

  ct_core_test_hold_reads ();
  ct_plan_view_reload (plan);
  ct_plan_view_reload (plan);
  ct_test_wait_ticks (5, "the window while the plan is read");
  g_assert_true (_ct_plan_view_is_loading (plan));
  g_assert_cmpuint (plan->groups->len, ==, groups);
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (plan), description));
  ct_core_test_release_reads ();

  ct_test_wait_until (plan_written, plan, 20, "the plan to be read again");
  g_assert_cmpuint (plan->groups->len, ==, groups + 1);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (plan), description));
  ct_test_close_window (window);
  ct_session_lock (session);
}

/* The chart's assessments and the editor's case are read in a worker:
 * while the reads are held the window answers, the chart is loading and
 * the editor's kind, domains and Save wait; let go, the chart appears and
 * the form is a follow-up. With the reads made in the main thread
 * neither is ever loading. */
static void
test_zrm_read_held (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autofree char *finances = g_strdup_printf ("%s: 2 → 4", _("Finances"));
  CtZrmEditor *editor;
  CtZrmChart *chart;
  GtkWindow *window;
  GtkWidget *save;

  ct_core_test_hold_reads ();
  window = zrm_window_reading (session, &editor, &chart);
  save = ct_test_find_actionable (GTK_WIDGET (editor), "zrm.save");
  ct_test_wait_ticks (5, "the window while the ZRM is read");
  g_assert_true (ct_zrm_chart_get_loading (chart));
  g_assert_cmpuint (ct_zrm_chart_get_n_domains (chart), ==, 0);
  g_assert_nonnull (editor->reading);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (editor->kind_row)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (editor->add_domain_button)));
  g_assert_false (gtk_widget_get_sensitive (save));
  ct_test_screenshot (window, "zrm-read-held");
  ct_core_test_release_reads ();

  ct_test_wait_until (chart_read, chart, 20, "the assessments to be read");
  ct_test_wait_until (zrm_saved, editor, 20, "the case to be read");
  g_assert_cmpuint (ct_zrm_chart_get_n_domains (chart), >, 0);
  g_assert_nonnull (strstr (ct_zrm_chart_get_summary (chart), finances));
  g_assert_cmpuint (adw_combo_row_get_selected (editor->kind_row), ==, 1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (editor->kind_row)));
  g_assert_true (gtk_widget_get_sensitive (save));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "zrm-read");
  ct_test_close_window (window);
  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();

  g_test_add_func ("/plan/zrm-score", test_zrm_score);
  g_test_add_func ("/plan/zrm-defaults", test_zrm_defaults);
  g_test_add_func ("/plan/zrm-restricted", test_zrm_restricted);
  g_test_add_func ("/plan/date-hint", test_date_hint);
  g_test_add_func ("/plan/zrm-date", test_zrm_date);
  g_test_add_func ("/plan/zrm-read-held", test_zrm_read_held);
  g_test_add_func ("/plan/actions", test_actions);
  g_test_add_func ("/plan/actions-restricted", test_actions_restricted);
  g_test_add_func ("/plan/actions-read-held", test_actions_read_held);
  g_test_add_func ("/plan/plan-view", test_plan_view);
  g_test_add_func ("/plan/plan-action-date", test_plan_action_date);
  g_test_add_func ("/plan/plan-reload-held", test_plan_reload_held);

  status = g_test_run ();
  ct_test_team_free (team);
  return status;
}
