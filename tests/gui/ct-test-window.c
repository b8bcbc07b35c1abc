/* ct-test-window.c — driving the whole application window in GUI tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-case-list-private.h"
#include "ct-gui-labels.h"
#include "ct-meeting.h"
#include "ct-meetings-page-private.h"
#include "ct-main-page-private.h"
#include "ct-page.h"
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

  return !ct_case_list_is_loading (list) && ct_case_list_get_n_cases (list) > 0;
}

static gboolean
page_read (gpointer page)
{
  return !ct_page_is_loading (page);
}

/**
 * ct_test_window_dismiss_toast:
 * @window: the application window
 *
 * Dismisses the toast on screen, if any, so that it hides nothing in the
 * next screenshot and says nothing of an earlier test.
 */
void
ct_test_window_dismiss_toast (CtWindow *window)
{
  AdwToast *toast = _ct_window_get_toast (window);

  if (toast != NULL)
    adw_toast_dismiss (toast);
  g_assert_null (_ct_window_get_toast (window));
  /* Nor is it what the test finds said next. */
  g_clear_pointer (&window->toast_title, g_free);
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
  /* A toast an earlier test left (a lock that discarded, a save) would
   * show in this test's screenshots. */
  ct_test_window_dismiss_toast (window);
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
  GtkWidget *shown;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (page->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      {
        gtk_list_box_select_row (page->sidebar_list, GTK_LIST_BOX_ROW (row));
        g_signal_emit_by_name (row, "activate");
      }

  g_assert_cmpstr (ct_main_page_get_page (page), ==, name);
  shown = gtk_stack_get_visible_child (page->page_stack);
  /* A page reads what it shows in a worker: the test sees it read. */
  if (CT_IS_PAGE (shown))
    ct_test_wait_until (page_read, shown, 60, "the page to be read");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return shown;
}

/* A meeting of today with @n_cases cases on its agenda, made through the
 * core as the member unlocked (a chair), started from the meetings page;
 * so a test does not depend on the demo team's dates. */
CtMeetingRunView *
ct_test_window_start_meeting (CtWindow *window,
                              guint     n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *today = ct_gui_today ();
  CtMeetingsPage *page;
  gint64 meeting_id;

  ct_record_set (meeting, "held_on", today);
  ct_record_set (meeting, "status", "gepland");
  meeting_id = ct_session_insert (window->session, meeting, &error);
  g_assert_no_error (error);

  cases = ct_session_list (window->session, "cases", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, >=, n_cases);
  for (guint i = 0; i < n_cases; i++)
    {
      ct_meeting_add_case (window->session, meeting_id,
                           ct_record_get_id (g_ptr_array_index (cases, i)), 10, &error);
      g_assert_no_error (error);
    }

  page = CT_MEETINGS_PAGE (ct_test_window_visit (window, "meetings"));
  _ct_meetings_page_open_meeting (page, meeting_id);
  /* The agenda is read in a worker; the meeting starts from what it shows. */
  ct_test_wait_until (page_read, page, 60, "the agenda to be read");
  ct_test_window_start_shown_meeting (page);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  return page->run_view;
}

static gboolean
meeting_running (gpointer page)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (CT_MEETINGS_PAGE (page)->stack), "run") == 0;
}

/* Starts the meeting whose agenda @page shows: its status is written
 * through the session's write queue, then the run view shows it. */
void
ct_test_window_start_shown_meeting (CtMeetingsPage *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.start", NULL));
  ct_test_wait_until (meeting_running, page, 20, "the meeting to start");
}
