/* test-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-application.h"
#include "ct-test-util.h"
#include "ct-window-private.h"

static CtApplication *app;

static char *
screenshot_name (const char *what)
{
  return g_strdup_printf ("%s-%s.png", what, ct_test_get_language ());
}

static CtWindow *
show_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CT_IS_WINDOW (window));
  ct_test_wait_for_draw (GTK_WIDGET (window));

  return CT_WINDOW (window);
}

static gboolean
no_active_window (gpointer unused)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
}

static gboolean
no_windows (gpointer unused)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static gboolean
recent_files_shown (gpointer window)
{
  return ct_test_find_actionable (CT_WINDOW (window)->welcome_page, "app.open-file") != NULL;
}

static gboolean
recent_files_gone (gpointer window)
{
  return !recent_files_shown (window);
}

static void
close_window (CtWindow *window)
{
  g_autoptr(GtkWidget) watch = g_object_ref (GTK_WIDGET (window));

  gtk_window_close (GTK_WINDOW (window));
  ct_test_wait_until (no_active_window, NULL, 20, "the window to close");
  g_assert_false (gtk_widget_get_visible (watch));
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static void
test_welcome_page (void)
{
  g_autofree char *png = screenshot_name ("welcome");
  CtWindow *window = show_window ();
  GtkWidget *open_button;
  GtkWidget *new_team_button;

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "welcome");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Casustafel");

  open_button = ct_test_find_actionable (window->welcome_page, "app.open");
  new_team_button = ct_test_find_actionable (window->welcome_page, "app.new-team");
  g_assert_nonnull (open_button);
  g_assert_nonnull (new_team_button);
  g_assert_true (gtk_widget_is_drawable (open_button));
  g_assert_true (gtk_widget_is_drawable (new_team_button));
  g_assert_true (gtk_widget_is_sensitive (open_button));
  g_assert_true (gtk_widget_has_css_class (open_button, "suggested-action"));

  /* The button says what the translation says: proof that the .mo is used. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open_button)), ==, _("_Open a Team File…"));
  if (g_str_equal (ct_test_get_language (), "nl"))
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (open_button)), !=, "_Open a Team File…");

  /* No recent files in a fresh settings backend: no empty group either. */
  g_assert_null (ct_test_find_actionable (window->welcome_page, "app.open-file"));

  ct_test_save_screenshot (GTK_WIDGET (window), png);
  close_window (window);
}

/* Whether @model, or a section in it, has an item for @action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_str_equal (name, action))
        return TRUE;

      section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }

  return FALSE;
}

static void
test_primary_menu (void)
{
  g_autofree char *png = screenshot_name ("menu");
  CtWindow *window = show_window ();
  GtkWidget *button = ct_test_find_widget (GTK_WIDGET (window->header_bar), GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover;
  GMenuModel *menu;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==,
                   "open-menu-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, _("Main Menu"));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_true (menu_has_action (menu, "win.show-help-overlay"));
  g_assert_true (menu_has_action (menu, "app.about"));

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  ct_test_save_screenshot (popover, png);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  close_window (window);
}

static void
test_actions (void)
{
  static const char *app_actions[] = { "open", "open-file", "new-team", "about", "quit" };
  static const struct { const char *action; const char *accel; } accels[] = {
    { "app.quit", "<Control>q" },
    { "app.open", "<Control>o" },
    { "app.new-team", "<Shift><Control>n" },
    { "win.new-referral", "<Control>n" },
    { "win.lock", "<Control>l" },
    { "win.show-help-overlay", "<Control>question" },
  };
  CtWindow *window = show_window ();

  for (guint i = 0; i < G_N_ELEMENTS (app_actions); i++)
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), app_actions[i]));

  /* Nothing is unlocked on the welcome page, so there is nothing to lock. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "lock"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                    "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 accels[i].action);

      g_assert_true (g_strv_contains ((const char * const *) set, accels[i].accel));
    }

  close_window (window);
}

static void
test_recent_files (void)
{
  g_autofree char *png = screenshot_name ("welcome-recent");
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *home_file = g_build_filename (g_get_home_dir (), "Teams",
                                                 "Wijkteam Noord.casus", NULL);
  const char *recent[] = { home_file, "/media/usb/Expertteam & Co.casus", NULL };
  g_autofree char *not_found = g_strdup_printf (_("Not found in %s"), "~/Teams");
  CtWindow *window = show_window ();
  GtkWidget *row;

  g_settings_set_strv (settings, "recent-files", recent);
  ct_test_wait_until (recent_files_shown, window, 20, "the recent files");

  row = ct_test_find_actionable (window->welcome_page, "app.open-file");
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_true (gtk_widget_is_drawable (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Wijkteam Noord.casus");
  /* Neither file exists here: shown dimmed, and saying so. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, not_found);
  g_assert_true (gtk_widget_has_css_class (row, "dim-label"));
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)),
                                         NULL), ==, home_file);

  ct_test_save_screenshot (GTK_WIDGET (window), png);

  /* Opening a file that is gone says so, and stays on the welcome page. */
  gtk_widget_activate (row);
  g_assert_nonnull (strstr (_ct_window_get_toast_title (window),
                            "Wijkteam Noord.casus"));
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "welcome");

  g_settings_reset (settings, "recent-files");
  ct_test_wait_until (recent_files_gone, window, 20, "the recent files to go");
  g_assert_null (ct_test_find_actionable (window->welcome_page, "app.open-file"));

  close_window (window);
}

static void
test_about (void)
{
  g_autofree char *png = screenshot_name ("about");
  CtWindow *window = show_window ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ct_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Casustafel");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);

  ct_test_save_screenshot (GTK_WIDGET (about), png);
  gtk_window_destroy (about);
  close_window (window);
}

static void
test_shortcuts (void)
{
  g_autofree char *png = screenshot_name ("shortcuts");
  CtWindow *window = show_window ();
  GtkWindow *overlay;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = ct_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  ct_test_save_screenshot (GTK_WIDGET (overlay), png);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  close_window (window);
}

/* The smallest window still shows both buttons and the recent files, with
 * nothing cut off: look at the screenshot. */
static void
test_narrow_window (void)
{
  g_autofree char *png = screenshot_name ("welcome-narrow");
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *recent[] = { "/home/gebruiker/Documenten/Expertteam Hilversum.casus", NULL };
  CtWindow *window;

  g_settings_set_int (settings, "window-width", 360);
  g_settings_set_int (settings, "window-height", 640);
  g_settings_set_strv (settings, "recent-files", recent);
  window = show_window ();

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_true (gtk_widget_is_drawable (ct_test_find_actionable (window->welcome_page,
                                                                  "app.open")));
  ct_test_save_screenshot (GTK_WIDGET (window), png);

  close_window (window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "recent-files");
}

/* The size the user left the window at is the size it comes back at. */
static void
test_size_remembered (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  CtWindow *window = show_window ();
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  close_window (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = show_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  close_window (window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* Quit closes every window (where a session will be locked), help included. */
static void
test_quit (void)
{
  CtWindow *window = show_window ();

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  ct_test_wait_until (no_windows, NULL, 20, "every window to close");

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);

  app = ct_test_app_new ();

  g_test_add_func ("/window/welcome-page", test_welcome_page);
  g_test_add_func ("/window/actions", test_actions);
  g_test_add_func ("/window/primary-menu", test_primary_menu);
  g_test_add_func ("/window/recent-files", test_recent_files);
  g_test_add_func ("/window/about", test_about);
  g_test_add_func ("/window/shortcuts", test_shortcuts);
  g_test_add_func ("/window/narrow-window", test_narrow_window);
  g_test_add_func ("/window/size-remembered", test_size_remembered);
  g_test_add_func ("/window/quit", test_quit);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);

  return ret;
}
