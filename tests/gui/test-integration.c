/* test-integration.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The whole window over the demo team: unlocking through the unlock page,
 * every sidebar page with its own content, a case with its ZRM chart and
 * plan for a regisseur and for the police, and a locked window that holds
 * nothing of the team. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-demo.h"
#include "ct-main-page-private.h"
#include "ct-meeting-report.h"
#include "ct-meetings-page-private.h"
#include "ct-actions-page.h"
#include "ct-budget-page.h"
#include "ct-doorbraken-page.h"
#include "ct-demo-private.h"
#include "ct-gui-labels.h"
#include "ct-projector-window.h"
#include "ct-export-window-private.h"
#include "ct-team-admin-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"
#include "ct-zrm-chart.h"

static CtApplication *app;
static char *team_path;
static gint64 zrm_case_id;
static guint regisseur_domains;
static char *case_number;
static char *person_name;

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *png = g_strdup_printf ("integration-%s-%s.png", what, ct_test_get_language ());

  ct_test_save_screenshot (widget, png);
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

/* Every text a widget under @root shows. A restricted row names the roles
 * that may see its category: the policy, not a fact of the household. */
static void
collect_text (GtkWidget *root,
              GString   *out)
{
  const char *texts[4] = { NULL };

  if (!gtk_widget_get_mapped (root) || gtk_widget_has_css_class (root, "restricted"))
    return;

  if (GTK_IS_LABEL (root))
    texts[0] = gtk_label_get_text (GTK_LABEL (root));
  if (GTK_IS_EDITABLE (root))
    texts[0] = gtk_editable_get_text (GTK_EDITABLE (root));
  if (ADW_IS_PREFERENCES_ROW (root))
    texts[1] = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));
  if (ADW_IS_ACTION_ROW (root))
    texts[2] = adw_action_row_get_subtitle (ADW_ACTION_ROW (root));
  texts[3] = gtk_widget_get_tooltip_text (root);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gboolean heading = FALSE;

      /* A category's name as a heading (the consent rows, a restricted
       * section) is the same for every household. */
      for (CtCategory c = 0; texts[i] != NULL && c < CT_N_CATEGORIES; c++)
        heading |= g_str_equal (texts[i], ct_category_get_display_name (c));
      if (texts[i] != NULL && !heading)
        g_string_append_printf (out, "%s\n", texts[i]);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

/* No health fact in @text (docs/categories.md): no health term, no health
 * organisation of the demo, no health domain's label. */
static void
assert_no_health_in (GString    *text,
                     const char *what)
{
  g_autoptr(GArray) matches = NULL;

  matches = ct_category_terms_find (text->str);
  for (guint i = 0; i < matches->len; i++)
    {
      CtTermMatch *m = &g_array_index (matches, CtTermMatch, i);

      if (m->category == CT_CATEGORY_HEALTH)
        g_error ("%s shows the health term %s: \"%.*s\"", what, m->term,
                 (int) (m->end - m->start), text->str + m->start);
    }
  for (guint i = 0; i < ct_demo_n_organisations; i++)
    if (ct_partner_type_category (ct_demo_organisations[i].type) == CT_CATEGORY_HEALTH)
      g_assert_null (strstr (text->str, ct_demo_organisations[i].name));
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    if (ct_zrm_domain_category (d) == CT_CATEGORY_HEALTH)
      {
        const char *label = ct_gui_enum_label (NULL, ct_zrm_domains[d]);

        if (strstr (text->str, label) != NULL)
          g_error ("%s shows the health domain %s", what, label);
      }
  g_test_message ("%s: %zu bytes of text, no health fact", what, text->len);
}

/* No health fact in what @root shows. */
static void
assert_no_health (GtkWidget  *root,
                  const char *what)
{
  g_autoptr(GString) text = g_string_new (NULL);

  collect_text (root, text);
  assert_no_health_in (text, what);
}

/* The case list as its rows show it: number, name, status, domains. */
static void
assert_no_health_in_list (CtCaseList *list)
{
  GListModel *model = ct_case_list_get_model (list);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) matches = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s\n%s\n%s\n", ct_case_item_get_number (item),
                              ct_case_item_get_name (item) ?: "",
                              ct_case_item_get_domains_label (item) ?: "");
    }
  matches = ct_category_terms_find (text->str);
  for (guint i = 0; i < matches->len; i++)
    g_assert_cmpint (g_array_index (matches, CtTermMatch, i).category, !=, CT_CATEGORY_HEALTH);
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    if (ct_zrm_domain_category (d) == CT_CATEGORY_HEALTH)
      g_assert_null (strstr (text->str, ct_gui_enum_label (NULL, ct_zrm_domains[d])));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 30);
  g_test_message ("politie's case list: %u cases, no health domain",
                  g_list_model_get_n_items (model));
}

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static CtMainPage *
main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

/* The way a person unlocks: the unlock page, its passphrase row and button. */
static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team_path, login, CT_DEMO_PASSPHRASE, 30);
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
width_reached (gpointer data)
{
  WidthWait *wait = data;

  return ABS (gtk_widget_get_width (wait->widget) - wait->width) <= 20;
}

/* GTK keeps a toplevel within its monitor: a default size wider than the
 * screen is never reached, so a width is checked only where it fits. */
static int
screen_width (CtWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface),
                                                            surface);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry.width;
}

/* The sidebar stays beside every page from 1000 pixels up: no page may ask
 * for more width than that leaves it. The screenshots at 1000 pixels show
 * each page at its narrowest. Every screen we support (1024 pixels wide and
 * more) holds 1000; the wider steps are checked where the screen holds them. */
static void
check_narrow_parts (CtWindow   *window,
                    const char *what,
                    GtkWidget  *part,
                    const char *part_name)
{
  static const int widths[] = { 1000, 1100, 1366 };
  int max_width = screen_width (window);

  g_assert_cmpint (max_width, >=, widths[0]);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      WidthWait wait = { GTK_WIDGET (window), widths[i] };

      if (widths[i] > max_width)
        {
          g_test_message ("%s at %d pixels: wider than this %d-pixel screen, not checked", what,
                          widths[i], max_width);
          continue;
        }
      gtk_window_set_default_size (GTK_WINDOW (window), widths[i], 820);
      ct_test_wait_until (width_reached, &wait, 30, "the window to resize");
      ct_test_wait_for_draw (GTK_WIDGET (window));
      g_test_message ("%s at %d pixels", what, widths[i]);
      g_assert_false (adw_leaflet_get_folded (main_page (window)->leaflet));

      if (widths[i] == 1000)
        {
          g_autofree char *name = g_strdup_printf ("%s-1000", what);

          screenshot (GTK_WIDGET (window), name);
          /* A part further down the page, as it draws at this width. */
          if (part != NULL)
            {
              g_autofree char *part_png = g_strdup_printf ("%s-%s-1000", what, part_name);

              screenshot (part, part_png);
            }
        }
    }

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 820);
  ct_test_wait_for_draw (GTK_WIDGET (window));
}

static void
check_narrow (CtWindow   *window,
              const char *what)
{
  check_narrow_parts (window, what, NULL, NULL);
}

static void
test_pages (void)
{
  CtWindow *window = get_window ();
  GtkWidget *page;

  unlock_as ("regisseur");
  g_assert_cmpuint (ct_case_list_get_n_cases (main_page (window)->case_list), >=, 30);
  screenshot (GTK_WIDGET (window), "cases");
  check_narrow (window, "cases");

  page = ct_test_window_visit (window, "meetings");
  g_assert_true (CT_IS_MEETINGS_PAGE (page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (CT_MEETINGS_PAGE (page)->meetings)), >, 0);
  screenshot (GTK_WIDGET (window), "meetings");
  check_narrow (window, "meetings");

  page = ct_test_window_visit (window, "actions");
  g_assert_true (CT_IS_ACTIONS_PAGE (page));
  screenshot (GTK_WIDGET (window), "actions");
  check_narrow (window, "actions");

  page = ct_test_window_visit (window, "budget");
  g_assert_true (CT_IS_BUDGET_PAGE (page));
  screenshot (GTK_WIDGET (window), "budget");
  check_narrow (window, "budget");

  page = ct_test_window_visit (window, "breakthroughs");
  g_assert_true (CT_IS_DOORBRAKEN_PAGE (page));
  screenshot (GTK_WIDGET (window), "breakthroughs");
  check_narrow (window, "breakthroughs");

  page = ct_test_window_visit (window, "team");
  g_assert_true (CT_IS_TEAM_ADMIN_PAGE (page));
  screenshot (GTK_WIDGET (window), "team");
  check_narrow (window, "team");

  /* None of them is a placeholder. */
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (window), "Not Available Yet"));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (window), "nog niet beschikbaar"));
  ct_test_window_visit (window, "cases");
}

/* The evaluator export from the main menu's action, with its preview of
 * the unlocked team; locking closes it, as its preview is team data. */
static void
test_export (void)
{
  CtWindow *window = get_window ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "win.export");
  CtExportWindow *export;

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Shift><Control>e"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);

  export = CT_EXPORT_WINDOW (ct_test_find_toplevel (CT_TYPE_EXPORT_WINDOW));
  g_assert_nonnull (export);
  ct_test_wait_for_draw (GTK_WIDGET (export));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (export)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (export)) == GTK_WINDOW (window));
  g_assert_nonnull (export->report);
  g_assert_cmpuint (export->report->n_cases, >=, 30);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (export->included_row)));
  g_assert_nonnull (adw_action_row_get_subtitle (export->included_row));
  screenshot (GTK_WIDGET (export), "export");

  /* Asked again, the same window comes forward. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  g_assert_true (ct_test_find_toplevel (CT_TYPE_EXPORT_WINDOW) == GTK_WINDOW (export));

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_EXPORT_WINDOW));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  unlock_as ("regisseur");
}

/* The case page's ZRM chart reads its assessments in a worker. */
static gboolean
chart_read (gpointer case_page)
{
  return !ct_zrm_chart_get_loading (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page)));
}

static void
test_case_regisseur (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = main_page (window);
  GListModel *model = ct_case_list_get_model (page->case_list);
  CtCasePage *case_page = page->case_page;
  GtkWidget *chart = NULL;
  GtkWidget *plan = NULL;

  /* The first case with a ZRM assessment. */
  for (guint i = 0; i < g_list_model_get_n_items (model) && zrm_case_id == 0; i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      ct_main_page_open_case (page, ct_case_item_get_id (item));
      ct_test_wait_case_page (page->case_page);
      g_assert_nonnull (_ct_case_page_get_zrm_chart (case_page));
      ct_test_wait_until (chart_read, case_page, 20, "the ZRM to be read");
      g_assert_nonnull (_ct_case_page_get_plan_view (case_page));
      if (ct_zrm_chart_get_n_domains (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page))) > 0)
        {
          zrm_case_id = ct_case_item_get_id (item);
          case_number = g_strdup (ct_case_item_get_number (item));
          person_name = g_strdup (ct_case_item_get_name (item));
        }
    }
  g_assert_cmpint (zrm_case_id, >, 0);
  g_assert_nonnull (person_name);

  /* Read again (as after a save), the case keeps its ZRM chart and its
   * plan view, which read again in their workers: the rows below them do
   * not move meanwhile. */
  g_set_weak_pointer (&chart, _ct_case_page_get_zrm_chart (case_page));
  g_set_weak_pointer (&plan, _ct_case_page_get_plan_view (case_page));
  _ct_case_page_reload (case_page);
  ct_test_wait_case_page (case_page);
  g_assert_nonnull (chart);
  g_assert_true (_ct_case_page_get_zrm_chart (case_page) == chart);
  g_assert_nonnull (plan);
  g_assert_true (_ct_case_page_get_plan_view (case_page) == plan);
  g_clear_weak_pointer (&chart);
  g_clear_weak_pointer (&plan);
  ct_test_wait_until (chart_read, case_page, 20, "the ZRM to be read again");

  regisseur_domains = ct_zrm_chart_get_n_domains (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page)));
  g_assert_false (ct_zrm_chart_get_some_restricted (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page))));
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (case_page), _("Plan"), NULL), ==, 1);
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (case_page), _("Self-Sufficiency (ZRM)"),
                                          NULL), ==, 1);
  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (case_page), _("Health"), _("Restricted")),
                    ==, 0);
  g_assert_nonnull (_ct_case_page_find_editor (case_page, "cases", "regisseur"));
  screenshot (GTK_WIDGET (window), "case-regisseur");
  check_narrow_parts (window, "case-regisseur", _ct_case_page_get_zrm_chart (case_page), "zrm");

  /* The director is a member, chosen from a list while editing. */
  ct_case_page_set_editing (case_page, TRUE);
  g_assert_true (ADW_IS_COMBO_ROW (_ct_case_page_find_editor (case_page, "cases",
                                                              "regisseur")->editable));
  ct_case_page_cancel (case_page);
}

static void
test_case_politie (void)
{
  CtWindow *window = get_window ();
  CtCasePage *case_page;

  g_assert_cmpint (zrm_case_id, >, 0);
  unlock_as ("politie");
  /* The case list as politie sees it: no domain of health. */
  screenshot (GTK_WIDGET (window), "cases-politie");
  ct_main_page_open_case (main_page (window), zrm_case_id);
  case_page = main_page (window)->case_page;
  ct_test_wait_case_page (case_page);
  ct_test_wait_until (chart_read, case_page, 20, "the ZRM to be read");

  g_assert_cmpuint (ct_test_count_groups (GTK_WIDGET (case_page), _("Health"), _("Restricted")),
                    ==, 1);
  g_assert_true (ct_zrm_chart_get_some_restricted (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page))));
  g_assert_cmpuint (ct_zrm_chart_get_n_domains (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page))), <,
                    regisseur_domains);
  g_assert_false (contains (ct_zrm_chart_get_summary (CT_ZRM_CHART (_ct_case_page_get_zrm_chart (case_page))),
                            _("Mental health")));
  screenshot (GTK_WIDGET (window), "case-politie");
  check_narrow (window, "case-politie");

  /* The case page and the case list beside it hold no health fact. */
  assert_no_health (GTK_WIDGET (case_page), "politie's case page");
  assert_no_health_in_list (main_page (window)->case_list);
  ct_test_window_visit (window, "budget");
  assert_no_health (GTK_WIDGET (window), "politie's budget page");
  ct_test_window_visit (window, "breakthroughs");
  assert_no_health (GTK_WIDGET (window), "politie's breakthroughs page");
  ct_test_window_visit (window, "cases");
}

/* The projector as politie opens it: the general part and only the parts
 * politie may read and the household consented to share. */
static void
test_projector_politie (void)
{
  CtWindow *window = get_window ();
  CtSession *session = window->session;
  CtProjectorWindow *projector;

  g_assert_cmpint (zrm_case_id, >, 0);
  projector = ct_projector_window_new (session, &zrm_case_id, 1);
  gtk_window_set_default_size (GTK_WINDOW (projector), 1024, 768);
  gtk_window_present (GTK_WINDOW (projector));
  ct_test_wait_for_draw (GTK_WIDGET (projector));
  assert_no_health (GTK_WIDGET (projector), "politie's projector");
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (projector), "(maatschappelijk_werk)"));
  screenshot (GTK_WIDGET (projector), "projector-politie");
  gtk_window_destroy (GTK_WINDOW (projector));
}

/* The meeting report as politie would print it (the PDF's own text): no
 * health fact, with full names or initials. */
static void
test_report_politie (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = ct_session_list (window->session, "meetings", NULL, 0, &error);
  g_autoptr(GString) all = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, >, 0);
  for (guint i = 0; i < meetings->len; i++)
    for (int full = 0; full < 2; full++)
      {
        g_autofree char *text = ct_meeting_report_dup_text (window->session,
                                                            ct_record_get_id (g_ptr_array_index (meetings, i)),
                                                            full, &error);

        g_assert_no_error (error);
        g_string_append_printf (all, "%s\n", text);
      }
  /* A report of a discussed case has advice and actions to check. */
  g_assert_cmpuint (all->len, >, 1000);
  assert_no_health_in (all, "politie's meeting reports");
}

/* The beheerder's team page: members, and the access policy grid with a
 * column per category, beside the sidebar at 1000 pixels too. */
static void
test_team_admin (void)
{
  CtWindow *window = get_window ();
  CtTeamAdminPage *page;

  unlock_as (CT_DEMO_ADMIN_LOGIN);
  page = CT_TEAM_ADMIN_PAGE (ct_test_window_visit (window, "team"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "admin");
  check_narrow (window, "team-admin");

  adw_view_stack_set_visible_child_name (page->view_stack, "policy");
  check_narrow_parts (window, "team-policy", GTK_WIDGET (page->policy_grid), "grid");
  adw_view_stack_set_visible_child_name (page->view_stack, "log");
  check_narrow (window, "team-log");
  adw_view_stack_set_visible_child_name (page->view_stack, "members");
  ct_test_window_visit (window, "cases");
}

static void
test_lock (void)
{
  CtWindow *window = get_window ();

  g_assert_nonnull (case_number);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  ct_test_wait_for_draw (GTK_WIDGET (window));

  g_assert_false (ct_test_tree_contains (GTK_WIDGET (window), case_number));
  g_assert_false (ct_test_tree_contains (GTK_WIDGET (window), person_name));
  /* The other pages are gone, not hidden: empty placeholders only. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (main_page (window)->page_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != gtk_stack_get_child_by_name (main_page (window)->page_stack, "cases"))
      {
        g_assert_true (G_OBJECT_TYPE (child) == ADW_TYPE_BIN);
        g_assert_null (adw_bin_get_child (ADW_BIN (child)));
      }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);

  team_path = ct_test_demo_new (30, 7, FALSE);

  app = ct_test_app_new ();

  g_test_add_func ("/integration/pages", test_pages);
  g_test_add_func ("/integration/export", test_export);
  g_test_add_func ("/integration/case-regisseur", test_case_regisseur);
  g_test_add_func ("/integration/case-politie", test_case_politie);
  g_test_add_func ("/integration/projector-politie", test_projector_politie);
  g_test_add_func ("/integration/report-politie", test_report_politie);
  g_test_add_func ("/integration/team-admin", test_team_admin);
  g_test_add_func ("/integration/lock", test_lock);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_free (case_number);
  g_free (person_name);
  g_clear_pointer (&team_path, ct_test_demo_free);

  return ret;
}
