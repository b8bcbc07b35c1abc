/* ct-test-window.c — driving the whole application window in GUI tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-case-list-private.h"
#include "ct-main-page-private.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"

/* The application's window, made and drawn at @width × @height the first
 * time. */
CtWindow *
ct_test_window_get (GApplication *app,
                    int           width,
                    int           height)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_application_activate (app);
      window = gtk_application_get_active_window (GTK_APPLICATION (app));
      gtk_window_set_default_size (window, width, height);
      ct_test_wait_for_draw (GTK_WIDGET (window));
    }
  return CT_WINDOW (window);
}

static gboolean
unlock_done (gpointer data)
{
  return !ct_unlock_page_get_busy (CT_UNLOCK_PAGE (CT_WINDOW (data)->unlock_page));
}

static gboolean
list_loaded (gpointer data)
{
  CtCaseList *list = CT_MAIN_PAGE (CT_WINDOW (data)->main_page)->case_list;

  return list->load_id == 0 && ct_case_list_get_n_cases (list) > 0;
}

/* The way a person unlocks: the unlock page, its passphrase row and button;
 * then the team's case list, each within @timeout_s. */
void
ct_test_window_unlock (CtWindow   *window,
                       const char *path,
                       const char *login,
                       const char *passphrase,
                       guint       timeout_s)
{
  CtUnlockPage *page = CT_UNLOCK_PAGE (window->unlock_page);

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_window_open_file (window, path, login);
  gtk_editable_set_text (GTK_EDITABLE (page->passphrase_row), passphrase);
  g_signal_emit_by_name (page->submit_button, "clicked");
  ct_test_wait_until (unlock_done, window, timeout_s, "the unlock");
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
  ct_test_wait_until (list_loaded, window, timeout_s, "the case list");
}

/* Through the sidebar, as a click does; returns the page shown. */
GtkWidget *
ct_test_window_visit (CtWindow   *window,
                      const char *name)
{
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (page->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      {
        gtk_list_box_select_row (page->sidebar_list, GTK_LIST_BOX_ROW (row));
        g_signal_emit_by_name (row, "activate");
      }

  g_assert_cmpstr (ct_main_page_get_page (page), ==, name);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return gtk_stack_get_visible_child (page->page_stack);
}
