/* test-involve.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who is involved in a household, on the case page (docs/security.md),
 * in the whole window with need-to-know on: the household's regisseur
 * (bob, no beheerder) sees the "Involved" section with why each member is
 * there, adds politie (carla) through the dialog and removes her again;
 * carla, once added, sees the household whole but not the section, and
 * cannot add anyone through the action either. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-page-private.h"
#include "ct-main-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-window-private.h"

static CtApplication *app;
static CtTestTeam *team;
static gint64 carla_id;

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static CtCasePage *
open_team_case (const char *login)
{
  CtWindow *window = get_window ();
  CtMainPage *main_page;

  ct_test_window_unlock (window, team->path, login, CT_TEST_PASSPHRASE, 30);
  main_page = CT_MAIN_PAGE (window->main_page);
  ct_main_page_open_case (main_page, team->case_id);
  ct_test_wait_case_page (main_page->case_page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return main_page->case_page;
}

/* The "Involved" row titled @title, or %NULL. */
static AdwActionRow *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (root) && g_str_equal (gtk_widget_get_name (root), "involved-member")
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_ACTION_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkButton *
find_button_with_tooltip (GtkWidget  *root,
                          const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return GTK_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button_with_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
scroll_to (GtkWidget *widget)
{
  gtk_widget_grab_focus (widget);
  ct_test_wait_for_draw (widget);
}

static const char *
toast_title (void)
{
  return _ct_window_get_toast_title (get_window ());
}

/* So that it hides nothing in the next screenshot. */
static void
dismiss_toast (void)
{
  ct_test_window_dismiss_toast (get_window ());
  ct_test_wait_for_draw (GTK_WIDGET (get_window ()));
}

/* Asked of the window's session: the file is open there. */
static gboolean
explicitly_added (gint64 member_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ct_session_list_involvements (get_window ()->session,
                                                            team->household_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (((CtInvolvement *) g_ptr_array_index (list, i))->member_id == member_id)
      return TRUE;
  return FALSE;
}

static gboolean
involvement_written (gpointer page)
{
  return CT_CASE_PAGE (page)->involve_writing == 0;
}

/* Adding or removing goes through the session's write queue: until it is
 * written and answered. */
static void
wait_involvement_written (CtCasePage *page)
{
  ct_test_wait_until (involvement_written, page, 20, "the involvement written");
}

/* bob directs the household: he sees why he is involved, and adds carla. */
static void
test_regisseur_adds (void)
{
  CtCasePage *page = open_team_case ("bob");
  GtkWidget *group = ct_test_find_shown (GTK_WIDGET (page), "involved");
  AdwActionRow *row;
  AdwMessageDialog *dialog;
  GListModel *model;
  guint carla = G_MAXUINT;
  g_autofree char *remove_label = NULL;
  GtkButton *remove;

  g_assert_false (page->limited);
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   _("Involved"));
  row = find_row (group, "Bob Jansen");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), _("Case director")));
  g_assert_null (find_row (group, "Carla Bakker"));

  /* The header's button opens the dialog; it offers every other member,
   * never bob himself. */
  g_assert_nonnull (find_button_with_tooltip (group, _("Add a member to this household")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.add-involved", NULL));
  dialog = ct_test_wait_for_dialog (&page->involve_dialog);
  model = gtk_drop_down_get_model (page->involve_member);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      g_assert_null (strstr (item, "Bob Jansen"));
      if (g_str_has_prefix (item, "Carla Bakker"))
        carla = i;
    }
  g_assert_cmpuint (carla, !=, G_MAXUINT);
  gtk_drop_down_set_selected (page->involve_member, carla);
  ct_test_screenshot (dialog, "involve-add");
  ct_test_respond (dialog, "add");
  wait_involvement_written (page);
  /* The page reads the household back in a worker. */
  ct_test_wait_case_page (page);

  g_assert_cmpstr (toast_title (), ==, _("Member added to the household"));
  g_assert_true (explicitly_added (carla_id));
  page = CT_MAIN_PAGE (get_window ()->main_page)->case_page;
  group = ct_test_find_shown (GTK_WIDGET (page), "involved");
  row = find_row (group, "Carla Bakker");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "bob"));
  /* A button per member added by hand, whose name says whom it removes. */
  remove_label = g_strdup_printf (_("Remove %s from this household"), "Carla Bakker");
  remove = find_button_with_tooltip (GTK_WIDGET (row), remove_label);
  g_assert_nonnull (remove);
  /* bob is there as regisseur, which no button undoes. */
  g_free (remove_label);
  remove_label = g_strdup_printf (_("Remove %s from this household"), "Bob Jansen");
  g_assert_null (find_button_with_tooltip (GTK_WIDGET (find_row (group, "Bob Jansen")),
                                           remove_label));
  dismiss_toast ();
  scroll_to (GTK_WIDGET (remove));
  ct_test_screenshot (get_window (), "case-involved");
}

/* carla, once added, sees the household whole; the section and its
 * actions are not hers. */
static void
test_politie_cannot (void)
{
  CtCasePage *page = open_team_case ("carla");

  g_assert_false (page->limited);
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "involved"));
  gtk_widget_activate_action (GTK_WIDGET (page), "case.add-involved", NULL);
  g_assert_null (page->involve_dialog);
  gtk_widget_activate_action (GTK_WIDGET (page), "case.remove-involved", "x",
                              ct_session_get_member_id (get_window ()->session));
  g_assert_true (ct_session_is_involved (get_window ()->session, team->household_id, NULL));
  dismiss_toast ();
  ct_test_screenshot (get_window (), "case-involved-politie");
}

/* bob removes her through the row's button; she is limited again. */
static void
test_regisseur_removes (void)
{
  CtCasePage *page = open_team_case ("bob");
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s from this household"),
                                                   "Carla Bakker");
  GtkButton *remove = find_button_with_tooltip (GTK_WIDGET (page), remove_label);

  g_assert_nonnull (remove);
  ct_test_click (remove);
  wait_involvement_written (page);
  ct_test_wait_case_page (page);
  ct_test_wait_for_draw (GTK_WIDGET (get_window ()));
  g_assert_cmpstr (toast_title (), ==, _("Member removed from the household"));
  g_assert_false (explicitly_added (carla_id));
  page = CT_MAIN_PAGE (get_window ()->main_page)->case_page;
  g_assert_null (find_row (ct_test_find_shown (GTK_WIDGET (page), "involved"), "Carla Bakker"));

  page = open_team_case ("carla");
  g_assert_true (page->limited);
}

static void
set_up_team (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_members (session, &error);
  gint64 bob = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, "bob"))
        bob = info->id;
      else if (g_str_equal (info->login, "carla"))
        carla_id = info->id;
    }
  kase = ct_session_get (session, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", bob);
  g_assert_true (ct_session_update (session, kase, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_need_to_know (session, TRUE, 14, &error));
  g_assert_no_error (error);
  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();
  set_up_team ();

  app = ct_test_app_new ();

  g_test_add_func ("/involve/regisseur-adds", test_regisseur_adds);
  g_test_add_func ("/involve/politie-cannot", test_politie_cannot);
  g_test_add_func ("/involve/regisseur-removes", test_regisseur_removes);
  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  ct_test_team_free (team);
  return ret;
}
