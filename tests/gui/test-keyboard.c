/* test-keyboard.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The application by keyboard and for assistive technology, over the demo
 * team in the whole window: where the focus starts on the unlock page,
 * moving through the sidebar without switching page, Ctrl+N and the menu
 * agreeing, the shortcuts window listing the meeting and projector keys,
 * every interactive widget (rows that activate included) having an
 * accessible name on every page a regisseur, the chair and a beheerder
 * see, the run view and the dialogs (this test runs with GTK_A11Y=test),
 * and F1, the menus and the pages' help buttons
 * opening the user guide at the right topic. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-demo.h"
#include "ct-export-window.h"
#include "ct-first-steps-dialog.h"
#include "ct-main-page-private.h"
#include "ct-new-team-window.h"
#include "ct-projector-window.h"
#include "ct-reason-dialog.h"
#include "ct-referral-window.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

static CtApplication *app;
static char *team_path;
/* A stand-in for the help browser: the desktop's handler of help: URIs
 * records each URI it is asked to open in this file (see main()). */
static char *help_handler_dir;
static char *help_opened_path;

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1366, 768);
}

static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team_path, login, CT_DEMO_PASSPHRASE, 30);
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

static gboolean
projector_open (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->projector != NULL;
}

/* The item's closing is written (ct-meeting-run-view.c). */
static gboolean
run_closed (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->closing == 0;
}

static gboolean
projector_closed (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->projector == NULL;
}

/* Full screen is the window system's answer, so it comes a moment later. */
static gboolean
projector_full_screen (gpointer run)
{
  CtProjectorWindow *projector = CT_MEETING_RUN_VIEW (run)->projector;

  return projector != NULL && gtk_window_is_fullscreen (GTK_WINDOW (projector));
}

static gboolean
focus_in (CtWindow  *window,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The login while it is empty, then the passphrase. */
static void
test_unlock_focus (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = CT_UNLOCK_PAGE (window->unlock_page);

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_window_open_file (window, team_path, NULL);
  gtk_editable_set_text (GTK_EDITABLE (page->login_row), "");
  ct_window_open_file (window, team_path, NULL);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_true (focus_in (window, GTK_WIDGET (page->login_row)));

  ct_window_open_file (window, team_path, "regisseur");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (focus_in (window, GTK_WIDGET (page->passphrase_row)));
}

/* Tab and the arrow keys move through the sidebar; only activating a row
 * (a click, Enter, Space) switches page. */
static void
test_sidebar (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);
  GtkListBoxRow *row;

  unlock_as ("regisseur");
  g_assert_cmpstr (ct_main_page_get_page (page), ==, "cases");
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (page->sidebar_list, 0)));

  for (int i = 0; i < 3; i++)
    {
      gboolean handled;

      g_signal_emit_by_name (page->sidebar_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1,
                             FALSE, FALSE, &handled);
      g_assert_cmpstr (ct_main_page_get_page (page), ==, "cases");
    }
  for (int i = 0; i < 3; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
      g_assert_cmpstr (ct_main_page_get_page (page), ==, "cases");
    }

  row = gtk_list_box_get_row_at_index (page->sidebar_list, 1);
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpstr (ct_main_page_get_page (page), ==, gtk_widget_get_name (GTK_WIDGET (row)));
  g_assert_true (gtk_list_box_get_selected_row (page->sidebar_list) == row);
}

/* Whether @model, or a section in it, has an item for @action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static gboolean
accel_is (const char *action,
          const char *accel)
{
  g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  return g_strv_length (set) == 1 && g_str_equal (set[0], accel);
}

/* Ctrl+N is a new referral and Shift+Ctrl+N a new team, locked or not,
 * and the team's menu offers the referral through the same action. */
static void
test_new_accels (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);
  GtkWidget *menu_button;

  g_assert_true (accel_is ("win.new-referral", "<Control>n"));
  g_assert_true (accel_is ("app.new-team", "<Shift><Control>n"));
  unlock_as ("regisseur");
  g_assert_true (accel_is ("win.new-referral", "<Control>n"));
  g_assert_true (accel_is ("app.new-team", "<Shift><Control>n"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "new-referral"));

  menu_button = ct_test_find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "win.new-referral"));
  g_assert_false (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                   "casework.new-referral"));
}

static gboolean
lists_shortcut (GtkWidget  *root,
                const char *title,
                const char *accel)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *t = NULL;
      g_autofree char *a = NULL;

      g_object_get (root, "title", &t, "accelerator", &a, NULL);
      if (g_strcmp0 (t, title) == 0 && g_strcmp0 (a, accel) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (lists_shortcut (child, title, accel))
      return TRUE;
  return FALSE;
}

/* The shortcuts window names the meeting and projector keys. */
static void
test_shortcuts (void)
{
  CtWindow *window = get_window ();
  g_autofree char *png = g_strdup_printf ("keyboard-shortcuts-%s.png", ct_test_get_language ());
  GtkWidget *help;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  ct_test_wait_for_draw (help);
  g_assert_true (lists_shortcut (help, _("Blank the projector or show it again"), "b"));
  g_assert_true (lists_shortcut (help, _("Project the next case"), "Page_Down"));
  g_assert_true (lists_shortcut (help, _("Project the previous case"), "Page_Up"));
  g_assert_true (lists_shortcut (help, _("Leave full screen"), "Escape"));
  ct_test_save_screenshot (help, png);
  gtk_window_close (GTK_WINDOW (help));
  ct_test_wait_until (widget_hidden, help, 20, "the shortcuts window to close");
}

static void collect_clipped (GtkWidget *root,
                             GtkWidget *window,
                             GString   *out,
                             guint     *n);

static gboolean
window_is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

/* The chair works the projector from the run view: B blanks it, Page Down
 * and Page Up move it; the chair's own item does not change. */
static void
test_projector_keys (void)
{
  CtWindow *window = get_window ();
  CtMeetingRunView *run;
  gint64 item;

  unlock_as ("voorzitter");
  run = ct_test_window_start_meeting (window, 2);
  item = _ct_meeting_run_view_current_id (run);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.project", NULL));
  ct_test_wait_until (projector_open, run, 20, "the projector");
  g_assert_nonnull (run->projector);
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.blank", NULL));
  g_assert_true (ct_projector_window_get_blanked (run->projector));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.blank", NULL));
  g_assert_false (ct_projector_window_get_blanked (run->projector));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-next", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 1);
  /* Past the end it stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-next", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-previous", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-previous", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 0);
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), ==, item);

  /* Nothing of the projector holds the keyboard: the chair's window is
   * the active one. */
  g_assert_null (gtk_root_get_focus (GTK_ROOT (run->projector)));
  ct_test_wait_until (window_is_active, window, 10, "the chair's window to be active");
  g_assert_false (gtk_window_is_active (GTK_WINDOW (run->projector)));

  /* The chair's window previews what the table sees, drawn from the
   * projector itself. */
  ct_test_wait_for_draw (GTK_WIDGET (run->projector));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (run->preview_box));
  g_assert_nonnull (gtk_picture_get_paintable (run->preview_picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (run->preview_picture)),
                   >, 0);
  {
    g_autofree char *png = g_strdup_printf ("run-projector-preview-%s.png", ct_test_get_language ());

    ct_test_save_screenshot (GTK_WIDGET (window), png);
  }

  /* Escape closes a projector that is not full screen: on one screen it
   * never traps the chair. The preview goes with it. */
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (run->projector)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run->projector), "projector.escape", NULL));
  ct_test_wait_until (projector_closed, run, 20, "the projector to close");
  g_assert_null (run->projector);
  g_assert_false (gtk_widget_get_visible (run->preview_box));
}

/* The projector full screen on the beamer's monitor: it never takes the
 * keyboard, the chair's window keeps every control in view, and the
 * projector follows the chair's item. With two monitors the chair is asked
 * which is the beamer; Xvfb offers one (GDK counts RandR outputs, and Xvfb
 * has one), so there the test projects on it as the chair would on the
 * second. */
static void
test_projector_full_screen (void)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) beamer = NULL;
  g_autoptr(GString) clipped = g_string_new (NULL);
  CtWindow *window;
  CtMeetingRunView *run;
  GtkTextBuffer *advice;
  gint64 item;
  guint n = 0;

  beamer = g_list_model_get_item (monitors, g_list_model_get_n_items (monitors) - 1);
  window = get_window ();
  unlock_as ("voorzitter");
  run = ct_test_window_start_meeting (window, 2);
  item = _ct_meeting_run_view_current_id (run);
  advice = gtk_text_view_get_buffer (run->advice_view);
  gtk_text_buffer_set_text (advice, "Woning behouden met een betalingsregeling.", -1);

  if (g_list_model_get_n_items (monitors) > 1)
    {
      GtkWindow *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.project", NULL));
      dialog = ct_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                       _("Show on Which Screen?"));
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "monitor-1");
    }
  else
    _ct_meeting_run_view_project_on (run, beamer);
  ct_test_wait_until (projector_full_screen, run, 20, "the projector full screen");
  g_assert_nonnull (run->projector);
  ct_test_wait_for_draw (GTK_WIDGET (run->projector));
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (run->projector)));
  g_assert_true (gdk_display_get_monitor_at_surface (
                   gdk_display_get_default (),
                   gtk_native_get_surface (GTK_NATIVE (run->projector))) == beamer);

  /* The chair keeps the keyboard: their window is the active one, the
   * projector's is not and holds no focus, and what was typed is there. */
  ct_test_wait_until (window_is_active, window, 10, "the chair's window to be active");
  g_assert_false (gtk_window_is_active (GTK_WINDOW (run->projector)));
  g_assert_null (gtk_root_get_focus (GTK_ROOT (run->projector)));
  g_assert_true (gtk_widget_get_mapped (run->preview_box));
  {
    GtkTextIter start, end;
    g_autofree char *typed = NULL;

    gtk_text_buffer_get_bounds (advice, &start, &end);
    typed = gtk_text_buffer_get_text (advice, &start, &end, FALSE);
    g_assert_cmpstr (typed, ==, "Woning behouden met een betalingsregeling.");
  }

  /* The projector's keys from the chair's window; the chair's item stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-next", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 1);
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), ==, item);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.projector-previous", NULL));
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 0);

  /* Nothing of the chair's window moved under the projector. */
  collect_clipped (GTK_WIDGET (run), GTK_WIDGET (window), clipped, &n);
  g_assert_cmpuint (n, >, 5);
  g_assert_cmpstr (clipped->str, ==, "");
  {
    g_autofree char *png = g_strdup_printf ("run-projector-full-screen-%s.png", ct_test_get_language ());

    ct_test_save_screenshot (GTK_WIDGET (window), png);
  }

  /* The item closes: the projector follows the chair to the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.close-item", NULL));
  ct_test_wait_until (run_closed, run, 20, "the item to be closed");
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), !=, item);
  g_assert_cmpuint (ct_projector_window_get_index (run->projector), ==, 1);
  g_assert_false (gtk_window_is_active (GTK_WINDOW (run->projector)));

  gtk_window_destroy (GTK_WINDOW (run->projector));
  ct_test_wait_until (projector_closed, run, 20, "the projector to close");
  g_assert_null (run->projector);
}

static void
collect_clipped (GtkWidget *root,
                 GtkWidget *window,
                 GString   *out,
                 guint     *n)
{
  if ((GTK_IS_BUTTON (root) || GTK_IS_ENTRY (root) || GTK_IS_DROP_DOWN (root))
      && gtk_widget_is_drawable (root))
    {
      graphene_rect_t bounds;
      int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);

      g_assert_true (gtk_widget_compute_bounds (root, window, &bounds));
      (*n)++;
      if (bounds.origin.x < 0 || bounds.origin.y < 0
          || bounds.origin.x + bounds.size.width > w + 0.5
          || bounds.origin.y + bounds.size.height > h + 0.5
          || bounds.size.width < 1 || bounds.size.height < 1
          /* An entry squeezed until a date no longer fits ("…"). */
          || (GTK_IS_ENTRY (root) && bounds.size.width < 100))
        g_string_append_printf (out, "  a %s at %.0f,%.0f %.0fx%.0f in %dx%d\n",
                                G_OBJECT_TYPE_NAME (root), bounds.origin.x, bounds.origin.y,
                                bounds.size.width, bounds.size.height, w, h);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_clipped (child, window, out, n);
}

/* At 1366x768 and 1920x1080 every button, entry and drop-down of the run
 * view lies inside the window. */
static void
test_run_view_fits (void)
{
  CtWindow *window = get_window ();
  const int sizes[][2] = { { 1366, 768 }, { 1920, 1080 } };
  CtMeetingRunView *run;

  unlock_as ("voorzitter");
  g_assert_true (gtk_widget_get_visible (CT_MAIN_PAGE (window->main_page)->sidebar));
  run = ct_test_window_start_meeting (window, 2);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GString) clipped = g_string_new (NULL);
      g_autofree char *png = g_strdup_printf ("run-view-%dx%d-%s.png", sizes[i][0], sizes[i][1],
                                              ct_test_get_language ());
      guint n = 0;

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      /* Under Xvfb with no window manager the window may not get the size
       * it asks for (the screen bounds it), so there is no size to wait
       * for. Instead: a frame, in which the window asks the X server;
       * a round trip, after which the server's answer is in; and a frame
       * drawn with it. The draw shows what the window got. */
      ct_test_wait_for_draw (GTK_WIDGET (window));
      gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
      ct_test_wait_for_draw (GTK_WIDGET (window));
      g_test_message ("window %dx%d", gtk_widget_get_width (GTK_WIDGET (window)),
                      gtk_widget_get_height (GTK_WIDGET (window)));
      collect_clipped (GTK_WIDGET (run), GTK_WIDGET (window), clipped, &n);
      ct_test_save_screenshot (GTK_WIDGET (window), png);
      g_test_message ("%u controls checked; clipped:\n%s", n, clipped->str);
      g_assert_cmpuint (n, >, 5);
      g_assert_cmpstr (clipped->str, ==, "");
    }
  /* The sidebar made room; the pages button brings it back. */
  g_assert_false (gtk_widget_get_visible (CT_MAIN_PAGE (window->main_page)->sidebar));
  g_assert_true (gtk_widget_activate_action (window->main_page, "casework.show-sidebar", NULL));
  g_assert_true (gtk_widget_get_visible (CT_MAIN_PAGE (window->main_page)->sidebar));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
}

/* A row that does something when activated: an action row with an action
 * or a widget it activates, a row of the sidebar, an expander. */
static gboolean
is_activating_row (GtkWidget *widget)
{
  if (!GTK_IS_LIST_BOX_ROW (widget) || !gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)))
    return FALSE;
  if (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL)
    return TRUE;
  if (ADW_IS_ACTION_ROW (widget))
    return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL;
  return !ADW_IS_PREFERENCES_ROW (widget);
}

/* Interactive: what a person can operate. */
static gboolean
is_interactive (GtkWidget *widget)
{
  return (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)
          || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_TEXT (widget)
          || GTK_IS_TEXT_VIEW (widget) || GTK_IS_SCALE (widget) || is_activating_row (widget))
         && gtk_widget_is_drawable (widget) && gtk_widget_is_sensitive (widget);
}

/* GTK 4.8 reports a labelled-by relation on every button, set or not, so
 * only the label property counts here. */
static gboolean
has_name_itself (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* A label inside names a button, as screen readers read it. */
static gboolean
has_text_inside (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0'
      && gtk_widget_get_visible (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text_inside (child))
      return TRUE;
  return FALSE;
}

static gboolean
has_name (GtkWidget *widget)
{
  if (has_name_itself (widget))
    return TRUE;
  if ((GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)
       || GTK_IS_LIST_BOX_ROW (widget))
      && has_text_inside (widget))
    return TRUE;
  /* An entry's text, a drop-down or a switch inside a titled row or an
   * entry that carries the name. */
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    {
      if (has_name_itself (up))
        return TRUE;
      if (ADW_IS_PREFERENCES_ROW (up)
          && *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (up)) != '\0')
        return TRUE;
      if (GTK_IS_ROOT (up) || GTK_IS_LIST_BOX_ROW (up))
        break;
    }
  return FALSE;
}

static guint n_checked;
static guint n_rows_checked;

static void
collect_nameless (GtkWidget *root,
                  GString   *out)
{
  n_checked += is_interactive (root);
  n_rows_checked += is_interactive (root) && GTK_IS_LIST_BOX_ROW (root);
  if (is_interactive (root) && !has_name (root))
    {
      g_autofree char *tooltip = gtk_widget_get_tooltip_text (root) != NULL
                                 ? g_strdup (gtk_widget_get_tooltip_text (root)) : NULL;
      GtkWidget *parent = gtk_widget_get_parent (root);

      g_string_append_printf (out, "  a %s in a %s%s%s%s\n", G_OBJECT_TYPE_NAME (root),
                              parent != NULL ? G_OBJECT_TYPE_NAME (parent) : "-",
                              gtk_widget_get_name (root)[0] != '\0' ? " named " : "",
                              gtk_widget_get_name (root),
                              tooltip != NULL ? " (tooltip only)" : "");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_nameless (child, out);
}

static void
collect_dialog (GtkWidget  *dialog,
                const char *what,
                GString    *nameless)
{
  gtk_window_present (GTK_WINDOW (dialog));
  ct_test_wait_for_draw (dialog);
  g_string_append_printf (nameless, "%s:\n", what);
  collect_nameless (dialog, nameless);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Every page of the window a regisseur, the chair and a beheerder see,
 * the run view, the first steps, a question that asks why, and the
 * referral and new-team assistants. */
static void
test_accessible_names (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);
  g_autoptr(GString) nameless = g_string_new (NULL);
  GtkWindow *referral;
  GtkWindow *assistant;
  GtkWidget *bare;
  const char *logins[] = { "regisseur", "voorzitter", CT_DEMO_ADMIN_LOGIN };

  g_assert_cmpstr (g_getenv ("GTK_A11Y"), ==, "test");

  /* The check itself: an icon alone names nothing, a label does. */
  bare = g_object_ref_sink (gtk_button_new_from_icon_name ("edit-delete-symbolic"));
  g_assert_false (has_name (bare));
  gtk_accessible_update_property (GTK_ACCESSIBLE (bare), GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete",
                                  -1);
  g_assert_true (has_name (bare));
  g_object_unref (bare);
  bare = g_object_ref_sink (gtk_button_new_with_label ("Delete"));
  g_assert_true (has_name (bare));
  g_object_unref (bare);

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_window_open_file (window, team_path, NULL);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_string_append (nameless, "unlock page:\n");
  collect_nameless (GTK_WIDGET (window), nameless);

  /* Each role sees other pages and other controls on them. */
  for (guint r = 0; r < G_N_ELEMENTS (logins); r++)
    {
      unlock_as (logins[r]);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (page->sidebar_list));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          if (!gtk_widget_get_visible (row))
            continue;
          ct_test_window_visit (window, gtk_widget_get_name (row));
          g_string_append_printf (nameless, "%s, %s:\n", logins[r], gtk_widget_get_name (row));
          collect_nameless (GTK_WIDGET (window), nameless);
        }
    }

  /* The chair's run view, and the dialogs that ask. */
  unlock_as ("voorzitter");
  ct_test_window_start_meeting (window, 2);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_string_append (nameless, "run view:\n");
  collect_nameless (GTK_WIDGET (window), nameless);
  collect_dialog (ct_first_steps_dialog_new (GTK_WINDOW (window)), "first steps", nameless);
  collect_dialog (GTK_WIDGET (ct_reason_dialog_new (window->main_page, "Heading", "Body",
                                                     "_Confirm")), "reason", nameless);

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  referral = ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW);
  g_assert_nonnull (referral);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  g_string_append (nameless, "referral:\n");
  collect_nameless (GTK_WIDGET (referral), nameless);
  gtk_window_destroy (referral);

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-team", NULL);
  assistant = ct_test_find_toplevel (CT_TYPE_NEW_TEAM_WINDOW);
  g_assert_nonnull (assistant);
  ct_test_wait_for_draw (GTK_WIDGET (assistant));
  g_string_append (nameless, "new team:\n");
  collect_nameless (GTK_WIDGET (assistant), nameless);
  gtk_window_destroy (assistant);

  g_test_message ("Interactive widgets without an accessible name:\n%s", nameless->str);
  g_test_message ("%u interactive widgets checked, %u of them rows", n_checked, n_rows_checked);
  g_assert_cmpuint (n_checked, >, 150);
  g_assert_cmpuint (n_rows_checked, >, 10);
  g_assert_null (strstr (nameless->str, "  a "));
}

static gboolean
help_opened (gpointer uri)
{
  g_autofree char *opened = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (help_opened_path, &opened, NULL, NULL))
    return FALSE;
  lines = g_strsplit (opened, "\n", -1);
  return g_strv_contains ((const char *const *) lines, uri);
}

static void
wait_for_help (const char *uri)
{
  g_autofree char *what = g_strdup_printf ("the help browser to open %s", uri);

  ct_test_wait_until (help_opened, (gpointer) uri, 20, what);
}

static GtkWidget *
find_help_topic_button (GtkWidget  *root,
                        const char *topic)
{
  return ct_test_find_action (root, "app.help-topic", g_variant_new_string (topic));
}

/* F1 and Help in both main menus open the guide; the run view, the
 * referral assistant and the export window open their own topic. What
 * opens is the desktop's handler of help: URIs, a stand-in here. */
static void
test_help (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);
  CtMeetingRunView *run;
  GtkWidget *menu_button, *help;
  GtkWindow *referral, *export;

  g_assert_true (accel_is ("app.help", "F1"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_window_open_file (window, team_path, NULL);
  menu_button = ct_test_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "app.help"));

  unlock_as ("voorzitter");
  menu_button = ct_test_find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "app.help"));
  /* Preferences too, without locking first. */
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                  "app.preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  ct_test_wait_for_draw (help);
  g_assert_true (lists_shortcut (help, _("Open the user guide"), "F1"));
  gtk_window_close (GTK_WINDOW (help));

  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  wait_for_help ("help:casustafel");

  run = ct_test_window_start_meeting (window, 1);
  help = find_help_topic_button (GTK_WIDGET (run), "meeting-run");
  g_assert_nonnull (help);
  g_assert_true (gtk_widget_is_sensitive (help));
  gtk_widget_activate (help);
  wait_for_help ("help:casustafel/meeting-run");

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  referral = ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW);
  g_assert_nonnull (referral);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (referral), "referral.help", NULL));
  wait_for_help ("help:casustafel/referral");
  gtk_window_destroy (referral);

  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  export = ct_test_find_toplevel (CT_TYPE_EXPORT_WINDOW);
  g_assert_nonnull (export);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (export), "export.help", NULL));
  wait_for_help ("help:casustafel/evaluator-export");
  gtk_window_destroy (export);
}

/* The handler of help: URIs the desktop would start (Yelp), as a desktop
 * file GIO finds first: a script that appends the URI it gets to a file. */
static void
install_help_handler (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *apps = NULL, *script = NULL, *desktop = NULL, *config = NULL;
  g_autofree char *mimeapps = NULL, *script_text = NULL, *desktop_text = NULL;
  g_autofree char *data_dirs = NULL;

  help_handler_dir = g_dir_make_tmp ("casustafel-help-XXXXXX", &error);
  g_assert_no_error (error);
  apps = g_build_filename (help_handler_dir, "data", "applications", NULL);
  config = g_build_filename (help_handler_dir, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);

  help_opened_path = g_build_filename (help_handler_dir, "opened", NULL);
  script = g_build_filename (help_handler_dir, "help-browser", NULL);
  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\n", help_opened_path);
  g_assert_true (g_file_set_contents (script, script_text, -1, &error));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop = g_build_filename (apps, "casustafel-test-help.desktop", NULL);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Help\n"
                                  "Exec=%s %%u\nMimeType=x-scheme-handler/help;\n", script);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, &error));
  mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                      "x-scheme-handler/help=casustafel-test-help.desktop\n",
                                      -1, &error));

  data_dirs = g_strdup_printf ("%s/data:%s", help_handler_dir,
                               g_getenv ("XDG_DATA_DIRS") != NULL
                               ? g_getenv ("XDG_DATA_DIRS") : "/usr/local/share:/usr/share");
  g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
}

static void
remove_help_handler (void)
{
  const char *files[] = { "data/applications/casustafel-test-help.desktop", "data/applications",
                          "data", "config/mimeapps.list", "config", "help-browser", "opened" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (help_handler_dir, files[i], NULL);

      g_remove (path);
    }
  g_rmdir (help_handler_dir);
  g_free (help_handler_dir);
  g_free (help_opened_path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* GTK's test accessibility backend, so that the accessible properties
   * can be read back; the other GUI tests run with GTK_A11Y=none. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  install_help_handler ();
  ct_test_init (&argc, &argv);

  /* What every role sees of every demo household: involvement is
   * test-casework's and test-involvement's. */
  team_path = ct_test_demo_new (12, 5, TRUE);

  app = ct_test_app_new ();

  g_test_add_func ("/keyboard/unlock-focus", test_unlock_focus);
  g_test_add_func ("/keyboard/sidebar", test_sidebar);
  g_test_add_func ("/keyboard/new-accels", test_new_accels);
  g_test_add_func ("/keyboard/shortcuts", test_shortcuts);
  g_test_add_func ("/keyboard/projector-keys", test_projector_keys);
  g_test_add_func ("/keyboard/run-view-fits", test_run_view_fits);
  g_test_add_func ("/keyboard/projector-full-screen", test_projector_full_screen);
  g_test_add_func ("/keyboard/accessible-names", test_accessible_names);
  g_test_add_func ("/keyboard/help", test_help);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_clear_pointer (&team_path, ct_test_demo_free);
  remove_help_handler ();

  return ret;
}
