/* test-team-file.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Creating, unlocking and locking a team file through the window's own
 * widgets; only the native file chooser is bypassed. The tests run in order
 * and share one team file. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-clipboard.h"
#include "ct-core.h"
#include "ct-first-steps-dialog.h"
#include "ct-new-team-window-private.h"
#include "ct-main-page.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

#define TEAM_NAME    "Wijkteam Oost-Zuid"
#define MEMBER_NAME  "Anna de Vries"
#define MEMBER_LOGIN "anna.de.vries"
#define PASSPHRASE   "zeven paarse olifanten"

static CtApplication *app;
static char *tmpdir;
static char *team_path;

static char *
screenshot_name (const char *what)
{
  return g_strdup_printf ("%s-%s.png", what, ct_test_get_language ());
}

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *png = screenshot_name (what);

  ct_test_save_screenshot (widget, png);
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

static CtWindow *
get_window (void)
{
  return CT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static CtUnlockPage *
unlock_page (CtWindow *window)
{
  return CT_UNLOCK_PAGE (window->unlock_page);
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static const char *
get_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

/* As a person clicks: only a button on screen and sensitive. Not
 * gtk_widget_activate(), which on a GtkButton waits for a press animation. */
static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
no_active_window (gpointer unused)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;
}

/* The clipboard's clear timers have all run. */
static gboolean
clipboard_cleared (gpointer unused)
{
  return ct_clipboard_get_n_pending () == 0;
}

static gboolean
page_is_team (gpointer data)
{
  return g_strcmp0 (_ct_window_get_page_name (data), "team") == 0;
}

static gboolean
page_is_unlock (gpointer data)
{
  return g_strcmp0 (_ct_window_get_page_name (data), "unlock") == 0;
}

static gboolean
not_busy (gpointer data)
{
  return !ct_unlock_page_get_busy (data);
}

static gboolean
assistant_on_recovery (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (CT_NEW_TEAM_WINDOW (data)->stack),
                    "recovery") == 0;
}

static gboolean
form_is_enrol (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (CT_UNLOCK_PAGE (data)->form_stack),
                    "enrol") == 0;
}

/* Presses Unlock the way a person does, and waits for Argon2id. */
static void
submit_unlock (CtWindow *window)
{
  CtUnlockPage *page = unlock_page (window);

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (page->submit_button)));
  click (page->submit_button);
  ct_test_wait_until (not_busy, page, 20, "the unlock to finish");
}

static void
unlock (CtWindow   *window,
        const char *login,
        const char *passphrase)
{
  ct_window_open_file (window, team_path, login);
  set_text (unlock_page (window)->passphrase_row, passphrase);
  submit_unlock (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
}

static void
fill_details (CtNewTeamWindow *assistant)
{
  g_assert_false (gtk_widget_is_sensitive (assistant->next_button));

  set_text (assistant->team_name_row, TEAM_NAME);
  set_text (assistant->display_name_row, MEMBER_NAME);
  g_assert_cmpstr (get_text (assistant->login_row), ==, MEMBER_LOGIN);
  adw_combo_row_set_selected (assistant->role_row, CT_ROLE_REGISSEUR);
  g_assert_true (gtk_widget_is_sensitive (assistant->next_button));
  screenshot (GTK_WIDGET (assistant), "new-team-details");

  click (assistant->next_button);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (assistant->stack), ==, "passphrase");
}

/* Too short and mismatched passphrases are refused before anything runs. */
static void
fill_passphrase (CtNewTeamWindow *assistant)
{
  set_text (assistant->passphrase_row, "kort");
  g_assert_false (gtk_widget_is_sensitive (assistant->create_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assistant->strength_label)));

  /* Long enough for a member, not for the founder, who is a beheerder:
   * refused with the rule, before any file is written. */
  set_text (assistant->passphrase_row, "welkom12");
  set_text (assistant->repeat_row, "welkom12");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "new-team.create", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (assistant->create_error_label)));
  {
    g_autofree char *rule = g_strdup_printf (_("Passphrase: a beheerder needs at least %d characters, "
                                               "not all alike; a few unrelated words are easy "
                                               "to remember."),
                                             CT_ADMIN_PASSPHRASE_MIN);

    g_assert_cmpstr (gtk_label_get_text (assistant->create_error_label), ==, rule);
  }
  g_assert_false (g_file_test (team_path, G_FILE_TEST_EXISTS));

  set_text (assistant->passphrase_row, PASSPHRASE);
  set_text (assistant->repeat_row, "zeven paarse olifantes");
  g_assert_false (gtk_widget_is_sensitive (assistant->create_button));
  g_assert_cmpstr (gtk_label_get_text (assistant->strength_label), ==,
                   _("The two passphrases are not the same."));
  screenshot (GTK_WIDGET (assistant), "new-team-mismatch");

  set_text (assistant->repeat_row, PASSPHRASE);
  g_assert_true (gtk_widget_is_sensitive (assistant->create_button));
  screenshot (GTK_WIDGET (assistant), "new-team-passphrase");
}

static void
check_recovery_key (const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;

  g_assert_true (g_regex_match_simple ("^[0-9A-Z]{4}(-[0-9A-Z]{4}){8}$", key, 0, 0));

  /* Well-formed and the real one: it opens the file. */
  session = ct_session_unlock_with_recovery_key (team_path, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_session_get_team_name (session), ==, TEAM_NAME);
  ct_session_lock (session);
}

static gboolean
clipboard_empty (gpointer clipboard)
{
  g_autofree char *text = ct_test_clipboard_text (clipboard);

  return text == NULL;
}

/* The clipboard is emptied after the delay, unless it holds something else.
 * The delay is the window's own timer, a main-loop timeout rather than
 * the injectable clock, shortened here: the test waits for what a person
 * would see, an empty clipboard, however late a loaded machine runs the
 * timer, within a bound that says what did not happen. */
static void
check_copy (CtNewTeamWindow *assistant,
            const char      *key)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (assistant));
  g_autofree char *copied = NULL;
  g_autofree char *kept = NULL;

  assistant->clipboard_clear_ms = 200;
  gtk_widget_activate_action (GTK_WIDGET (assistant), "new-team.copy", NULL);
  /* Read before the main loop runs again, so before any timer can. */
  copied = ct_test_clipboard_text (clipboard);
  g_assert_cmpstr (copied, ==, key);
  ct_test_wait_until (clipboard_empty, clipboard, 60,
                      "the recovery key to be cleared from the clipboard");
  ct_test_wait_until (clipboard_cleared, NULL, 60, "the clipboard's timer to end");

  /* The X server reports each new owner of the clipboard later, and a
   * late report of the clearing would empty what is copied next: let it
   * arrive first, as it does long before a person copies again. */
  gdk_display_sync (gdk_clipboard_get_display (clipboard));
  ct_test_wait_until (ct_test_settled, NULL, 60, "the display to report the cleared clipboard");

  /* Something copied since is the person's own: once the timer has run,
   * which only its end shows, the clipboard still holds it. */
  gtk_widget_activate_action (GTK_WIDGET (assistant), "new-team.copy", NULL);
  gdk_clipboard_set_text (clipboard, "iets anders");
  ct_test_wait_until (clipboard_cleared, NULL, 60, "the clipboard's timer to end");
  kept = ct_test_clipboard_text (clipboard);
  g_assert_cmpstr (kept, ==, "iets anders");
}

static guint
count_ink (cairo_surface_t *surface)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (*(const guint32 *) (data + y * stride + x * 4) != 0xffffffff)  /* not white */
        n++;
  return n;
}

/* The sheet is drawn from memory with the key and the team's name on it;
 * the operation writes no file unless one is asked for, as "Print to
 * File" does in the print dialog and this test does with an export. */
static void
check_print (CtNewTeamWindow *assistant,
             const char      *key)
{
  g_autoptr(GtkPrintOperation) operation = _ct_new_team_window_new_print (assistant);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = g_strsplit (key, "-", -1);
  g_autofree char *first_line = g_strjoin ("-", groups[0], groups[1], groups[2], NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "sheet.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *png_name = screenshot_name ("recovery-sheet");
  g_autofree char *png = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 595, 842);
  cairo_t *cr = cairo_create (surface);
  char *export_filename = NULL;
  int n_pages = 0;
  GStatBuf st;

  g_object_get (operation, "export-filename", &export_filename, "n-pages", &n_pages, NULL);
  g_assert_null (export_filename);
  g_assert_cmpint (n_pages, ==, 1);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  g_assert_cmpuint (count_ink (surface), ==, 0);
  text = _ct_new_team_window_draw_sheet (assistant, cr, 595 - 72);
  g_assert_nonnull (strstr (text, first_line));
  for (guint i = 0; groups[i] != NULL; i++)
    g_assert_nonnull (strstr (text, groups[i]));
  g_assert_nonnull (strstr (text, TEAM_NAME));
  g_assert_cmpuint (count_ink (surface), >, 500);
  cairo_destroy (cr);
  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".", png_name, NULL);
  cairo_surface_write_to_png (surface, png);
  cairo_surface_destroy (surface);

  gtk_print_operation_set_export_filename (operation, pdf);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                            &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  g_remove (pdf);
}

static void
test_new_team (void)
{
  CtWindow *window = show_window ();
  CtNewTeamWindow *assistant;
  g_autofree char *key = NULL;
  g_autofree char *shown = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-team", NULL);
  assistant = CT_NEW_TEAM_WINDOW (ct_test_find_toplevel (CT_TYPE_NEW_TEAM_WINDOW));
  g_assert_nonnull (assistant);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (assistant)));
  ct_test_wait_for_draw (GTK_WIDGET (assistant));

  fill_details (assistant);
  fill_passphrase (assistant);

  _ct_new_team_window_set_test_path (assistant, team_path);
  click (assistant->create_button);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (assistant->stack), ==, "creating");
  screenshot (GTK_WIDGET (assistant), "new-team-creating");
  ct_test_wait_until (assistant_on_recovery, assistant, 20, "the recovery key");

  /* Shown as three lines of three groups; the same key. */
  key = g_strdup (assistant->recovery_key);
  check_recovery_key (key);
  shown = g_strdelimit (g_strdup (gtk_label_get_text (assistant->key_label)), "\n", '-');
  g_assert_cmpstr (shown, ==, key);
  g_assert_true (gtk_label_get_selectable (assistant->key_label));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (assistant)));
  g_assert_false (gtk_widget_is_sensitive (assistant->continue_button));
  check_copy (assistant, key);
  check_print (assistant, key);

  gtk_check_button_set_active (assistant->stored_check, TRUE);
  g_assert_true (gtk_widget_is_sensitive (assistant->continue_button));
  screenshot (GTK_WIDGET (assistant), "recovery-key");

  click (assistant->continue_button);
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_NEW_TEAM_WINDOW), 20,
                      "the new team window to close");
  g_assert_null (ct_test_find_toplevel (CT_TYPE_NEW_TEAM_WINDOW));

  /* On to the new file's unlock page, the login filled in. */
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_cmpstr (ct_unlock_page_get_path (unlock_page (window)), ==, team_path);
  g_assert_cmpstr (get_text (unlock_page (window)->login_row), ==, MEMBER_LOGIN);
  g_assert_cmpstr (get_text (unlock_page (window)->passphrase_row), ==, "");
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (window), TEAM_NAME));
  screenshot (GTK_WIDGET (window), "unlock");
}

static void
test_wrong_passphrase (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = unlock_page (window);
  GtkWidget *focus;

  set_text (page->passphrase_row, "verkeerde wachtwoordzin");
  click (page->submit_button);

  /* Argon2id runs in a thread: the form waits, the spinner turns. */
  g_assert_true (ct_unlock_page_get_busy (page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (page->form_stack)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->spinner)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "back"));
  screenshot (GTK_WIDGET (window), "unlock-busy");
  ct_test_wait_until (not_busy, page, 20, "the unlock to finish");

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->error_label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->error_label), "error"));
  g_assert_cmpstr (gtk_label_get_text (page->error_label), ==,
                   _("The login or passphrase is not right."));
  g_assert_cmpstr (get_text (page->passphrase_row), ==, "");
  g_assert_cmpstr (get_text (page->login_row), ==, MEMBER_LOGIN);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (page->passphrase_row)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));
  screenshot (GTK_WIDGET (window), "unlock-error");
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

/* The first unlock after making the team shows the first steps over the
 * window; each row goes to its page and opens its form. */
static void
check_first_steps (CtWindow *window)
{
  GtkWindow *steps = ct_test_find_toplevel (CT_TYPE_FIRST_STEPS_DIALOG);
  GtkWidget *list;
  GtkWindow *form;
  struct { const char *page; const char *heading; } goes[] = {
    { "team", _("Add Member") },
    { "team", _("Add Area") },
    { "meetings", _("Plan a Meeting") },
  };

  g_assert_nonnull (steps);
  g_assert_true (gtk_window_get_transient_for (steps) == GTK_WINDOW (window));
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (steps), TEAM_NAME));
  screenshot (GTK_WIDGET (steps), "first-steps");

  for (guint i = 0; i < G_N_ELEMENTS (goes); i++)
    {
      GtkListBoxRow *row;

      if (steps == NULL)
        {
          /* Shown once; the other rows are tried on a new one. */
          _ct_window_show_first_steps (window);
          steps = ct_test_find_toplevel (CT_TYPE_FIRST_STEPS_DIALOG);
        }
      ct_test_wait_for_draw (GTK_WIDGET (steps));
      list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (steps));
      row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);
      g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (row)));
      gtk_widget_activate (GTK_WIDGET (row));
      ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_FIRST_STEPS_DIALOG), 20,
                          "the first steps to close");
      steps = NULL;

      g_assert_cmpstr (ct_main_page_get_page (CT_MAIN_PAGE (window->main_page)), ==,
                       goes[i].page);
      form = find_message_dialog (goes[i].heading);
      if (form == NULL)
        g_error ("No form “%s” after first step %u", goes[i].heading, i);
      g_object_ref (form);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (form), "cancel");
      gtk_window_close (form);  /* as the button would; a no-op once destroyed */
      g_object_unref (form);
    }
}

static void
test_unlock (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) recent = NULL;
  CtWindow *window = get_window ();
  g_autofree char *signed_in = NULL;

  set_text (unlock_page (window)->passphrase_row, PASSPHRASE);
  submit_unlock (window);

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
  g_assert_true (ct_test_tree_holds (window->main_page, TEAM_NAME));
  signed_in = g_strdup_printf (_("%s · %s · beheerder"), MEMBER_NAME,
                               ct_role_get_display_name (CT_ROLE_REGISSEUR));
  g_assert_true (ct_test_tree_holds (window->main_page, signed_in));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Casustafel");
  g_assert_false (gtk_widget_get_visible (window->back_button));

  /* No passphrase stays behind in a hidden entry. */
  g_assert_cmpstr (get_text (unlock_page (window)->passphrase_row), ==, "");

  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, team_path);
  for (guint i = 0; recent[i] != NULL; i++)
    g_assert_null (strstr (recent[i], TEAM_NAME));

  screenshot (GTK_WIDGET (window), "team");
  check_first_steps (window);
}

static void
test_lock (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = unlock_page (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_null (window->session);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (window), TEAM_NAME));
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (window), MEMBER_NAME));
  g_assert_cmpstr (get_text (page->passphrase_row), ==, "");
  g_assert_cmpstr (get_text (page->login_row), ==, MEMBER_LOGIN);
  g_assert_cmpstr (ct_unlock_page_get_path (page), ==, team_path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Casustafel");
  screenshot (GTK_WIDGET (window), "locked");
}

/* Idle past auto-lock-minutes locks; a short pause does not. */
static void
test_auto_lock (void)
{
  CtWindow *window = get_window ();

  unlock (window, NULL, PASSPHRASE);
  /* The first steps came with the first unlock only. */
  g_assert_null (ct_test_find_toplevel (CT_TYPE_FIRST_STEPS_DIALOG));

  _ct_window_pretend_idle (window, 60);
  _ct_window_session_tick (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");

  _ct_window_pretend_idle (window, 5 * 60);
  _ct_window_session_tick (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_null (window->session);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Plays GNOME's screensaver on the test's own session bus. */
static void
test_screensaver (void)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  CtWindow *window = get_window ();
  gboolean acquired = FALSE;
  guint owner;

  if (bus == NULL)
    {
      g_test_skip ("No session bus");
      return;
    }

  unlock (window, NULL, PASSPHRASE);
  owner = g_bus_own_name_on_connection (bus, "org.gnome.ScreenSaver", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        name_acquired_cb, NULL, &acquired, NULL);
  ct_test_wait_until (is_true, &acquired, 20, "the screensaver name");

  g_dbus_connection_emit_signal (bus, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", TRUE), NULL);
  ct_test_wait_until (page_is_unlock, window, 20, "the screensaver lock");
  g_assert_null (window->session);

  g_bus_unown_name (owner);
}

/* A sync program puts another copy in place: stop, say so, lock. */
static void
test_replaced (void)
{
  CtWindow *window = get_window ();
  g_autofree char *copy = g_build_filename (tmpdir, "copy.casus", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  GtkWindow *dialog;

  unlock (window, NULL, PASSPHRASE);

  g_assert_true (g_file_get_contents (team_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  g_assert_cmpint (g_rename (copy, team_path), ==, 0);

  _ct_window_session_tick (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_null (window->session);

  dialog = ct_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_false (ct_test_tree_holds (GTK_WIDGET (dialog), TEAM_NAME));
  screenshot (GTK_WIDGET (dialog), "replaced");
  gtk_window_destroy (dialog);
}

static void
test_not_team_file (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = unlock_page (window);
  g_autofree char *path = g_build_filename (tmpdir, "notities.casus", NULL);
  g_autofree char *junk = g_strnfill (128 * 1024, 'x');

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  ct_window_open_file (window, path, MEMBER_LOGIN);
  g_assert_true (ct_test_tree_holds (GTK_WIDGET (page->status_page), "notities.casus"));

  set_text (page->passphrase_row, PASSPHRASE);
  submit_unlock (window);

  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_cmpstr (gtk_label_get_text (page->error_label), ==,
                   _("This is not a Casustafel team file."));
  screenshot (GTK_WIDGET (window), "unlock-not-team-file");
  g_remove (path);

  /* Back goes to the welcome page, where the team file is the recent one. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "back", NULL);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "welcome");
  g_assert_nonnull (ct_test_find_actionable (window->welcome_page, "app.open-file"));
  screenshot (GTK_WIDGET (window), "welcome-after");
}

static char *
add_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) session = ct_session_unlock (team_path, MEMBER_LOGIN, PASSPHRASE,
                                                        &error);
  char *code;

  g_assert_no_error (error);
  code = ct_session_add_member (session, "bram", "Bram Jansen", CT_ROLE_POLITIE, FALSE, &error);
  g_assert_no_error (error);
  ct_session_lock (session);

  return code;
}

/* A new member types the enrolment code, chooses a passphrase, is in. */
static void
test_enrolment (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = unlock_page (window);
  CtSecret *code = add_member ();
  g_autofree char *signed_in = NULL;

  ct_window_open_file (window, team_path, "bram");
  set_text (page->passphrase_row, code);
  click (page->submit_button);
  ct_test_wait_until (form_is_enrol, page, 20, "the enrolment form");
  ct_test_wait_until (not_busy, page, 20, "the unlock to finish");
  g_assert_cmpstr (adw_status_page_get_title (page->status_page), ==, _("Choose Your Passphrase"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->error_label)));

  set_text (page->new_passphrase_row, "groene appels en peren");
  set_text (page->repeat_passphrase_row, "groene appels en perem");
  g_assert_cmpstr (gtk_label_get_text (page->strength_label), ==,
                   _("The two passphrases are not the same."));
  set_text (page->repeat_passphrase_row, "groene appels en peren");
  screenshot (GTK_WIDGET (window), "enrol");

  click (page->submit_button);
  ct_test_wait_until (page_is_team, window, 20, "the enrolled member's unlock");
  signed_in = g_strdup_printf (_("%s · %s"), "Bram Jansen",
                               ct_role_get_display_name (CT_ROLE_POLITIE));
  g_assert_true (ct_test_tree_holds (window->main_page, signed_in));
  ct_secret_free (code);

  /* The code is spent; the new passphrase is what works from now on. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_cmpstr (get_text (page->login_row), ==, "bram");
  unlock (window, "bram", "groene appels en peren");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Closing the window locks the file: another process could open it now. */
static void
test_close_locks (void)
{
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;

  unlock (window, MEMBER_LOGIN, PASSPHRASE);
  gtk_window_close (GTK_WINDOW (window));
  ct_test_wait_until (no_active_window, NULL, 20, "the window to close");
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  session = ct_session_unlock (team_path, MEMBER_LOGIN, PASSPHRASE, &error);
  g_assert_no_error (error);
  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ct_test_init (&argc, &argv);

  tmpdir = g_dir_make_tmp ("casustafel-gui-XXXXXX", &error);
  g_assert_no_error (error);
  team_path = g_build_filename (tmpdir, "Team.casus", NULL);

  app = ct_test_app_new ();

  g_test_add_func ("/team-file/new-team", test_new_team);
  g_test_add_func ("/team-file/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/team-file/unlock", test_unlock);
  g_test_add_func ("/team-file/lock", test_lock);
  g_test_add_func ("/team-file/auto-lock", test_auto_lock);
  g_test_add_func ("/team-file/screensaver", test_screensaver);
  g_test_add_func ("/team-file/replaced", test_replaced);
  g_test_add_func ("/team-file/not-team-file", test_not_team_file);
  g_test_add_func ("/team-file/enrolment", test_enrolment);
  g_test_add_func ("/team-file/close-locks", test_close_locks);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_remove (team_path);
  g_rmdir (tmpdir);

  return ret;
}
