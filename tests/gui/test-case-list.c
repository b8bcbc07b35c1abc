/* test-case-list.c — the case list's first frames after unlocking
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A team with more cases than a window shows: the first read gives the
 * list a screenful of the newest cases, and the rest is read after it and
 * appended; a search or another order meanwhile waits for the rest. Once
 * every case is in, the view's first frame gets a screenful of the sorted
 * cases and the frames after it the rest, while the list's own model
 * (what search, sorting and Enter use) holds every case. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-core-test-util.h"
#include "ct-demo.h"
#include "ct-main-page-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

#define N_HOUSEHOLDS 80

static CtApplication *app;
static char *team_path;

typedef struct
{
  CtCaseList *list;
  guint       first_added;  /* rows the view got with the cases */
} Growth;

static GListModel *
view_model (CtCaseList *list)
{
  return G_LIST_MODEL (gtk_column_view_get_model (list->column_view));
}

static void
view_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Growth     *growth)
{
  if (growth->first_added == 0)
    growth->first_added = added;
}

static gboolean
view_has_all (gpointer data)
{
  CtCaseList *list = data;

  return g_list_model_get_n_items (view_model (list))
         == g_list_model_get_n_items (ct_case_list_get_model (list));
}

static void
test_first_screenful (void)
{
  CtWindow *window = ct_test_window_get (G_APPLICATION (app), 1024, 700);
  CtCaseList *list = CT_MAIN_PAGE (window->main_page)->case_list;
  Growth growth = { list, 0 };
  gulong handler = g_signal_connect (view_model (list), "items-changed",
                                     G_CALLBACK (view_changed_cb), &growth);
  GListModel *cases;
  guint n_cases;

  ct_test_window_unlock (window, team_path, "regisseur", CT_DEMO_PASSPHRASE, 30);
  cases = ct_case_list_get_model (list);
  n_cases = g_list_model_get_n_items (cases);
  g_assert_cmpuint (n_cases, >=, N_HOUSEHOLDS);
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n_cases);

  /* A screenful first: more rows than the window can show, fewer than all. */
  g_assert_cmpuint (growth.first_added, >, 700 / 32);
  g_assert_cmpuint (growth.first_added, <, n_cases);

  /* The rest in the frames after it, in the same order. */
  ct_test_wait_until (view_has_all, list, 10, "every case in the view");
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GObject) shown = g_list_model_get_item (view_model (list), i);
      g_autoptr(GObject) listed = g_list_model_get_item (cases, i);

      g_assert_true (shown == listed);
    }
  ct_test_screenshot (GTK_WIDGET (window), "case-list-long");

  g_signal_handler_disconnect (view_model (list), handler);
  ct_test_close_window (GTK_WINDOW (window));
}

typedef struct
{
  CtCaseList *list;
  gboolean    held;
} Hold;

/* The first screenful has just been shown, and the rest is not yet being
 * read: every read from here on waits for the hold. */
static void
page_shown_cb (GtkStack   *stack,
               GParamSpec *pspec,
               Hold       *hold)
{
  if (!hold->held && hold->list->partial
      && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0)
    {
      ct_core_test_hold_reads ();
      hold->held = TRUE;
    }
}

static gboolean
first_rows_shown (gpointer data)
{
  Hold *hold = data;

  return hold->held;
}

static gboolean
unlocked (gpointer data)
{
  return !ct_unlock_page_get_busy (CT_UNLOCK_PAGE (CT_WINDOW (data)->unlock_page));
}

static gboolean
all_read (gpointer data)
{
  return !ct_case_list_is_loading (data);
}

static const char *
shown_page (CtCaseList *list)
{
  return gtk_stack_get_visible_child_name (list->stack);
}

static void
search (CtCaseList *list,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), text);
  /* The entry tells of a change after a pause; a test does not wait. */
  g_signal_emit_by_name (list->search_entry, "search-changed");
}

/* The oldest case's number, which no first screenful holds. */
static char *
oldest_number (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = ct_case_overview_list (session, &error);
  const char *oldest = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *number = g_array_index (rows, CtCaseOverview, i).number;

      if (oldest == NULL || strcmp (number, oldest) < 0)
        oldest = number;
    }
  return g_strdup (oldest);
}

static void
test_first_rows_first (void)
{
  CtWindow *window = ct_test_window_get (G_APPLICATION (app), 1024, 700);
  CtCaseList *list = CT_MAIN_PAGE (window->main_page)->case_list;
  CtUnlockPage *page = CT_UNLOCK_PAGE (window->unlock_page);
  Hold hold = { list };
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *columns = gtk_column_view_get_columns (list->column_view);
  g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (columns, 1);
  g_autofree char *oldest = NULL;
  GListModel *cases = ct_case_list_get_model (list);
  gulong handler;
  guint n;

  handler = g_signal_connect (list->stack, "notify::visible-child-name",
                              G_CALLBACK (page_shown_cb), &hold);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_test_window_dismiss_toast (window);
  ct_window_open_file (window, team_path, "regisseur");
  gtk_editable_set_text (GTK_EDITABLE (page->passphrase_row), CT_DEMO_PASSPHRASE);
  g_signal_emit_by_name (page->submit_button, "clicked");
  ct_test_wait_until (unlocked, window, 30, "the unlock");
  ct_test_wait_until (first_rows_shown, &hold, 30, "the first screenful");

  /* A screenful of the newest cases, shown while the rest is held. */
  n = g_list_model_get_n_items (cases);
  g_assert_cmpuint (n, ==, list->first_rows);
  g_assert_cmpuint (n, ==, 700 / 16 + 1);
  g_assert_true (ct_case_list_is_loading (list));
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_true (gtk_widget_get_visible (list->rest_bar));
  for (guint i = 0; i < n; i++)
    {
      CtCaseItem *item = g_list_model_get_item (cases, i);

      if (i > 0)
        g_assert_cmpstr (ct_case_item_get_number (g_ptr_array_index (first, i - 1)), >,
                         ct_case_item_get_number (item));
      g_ptr_array_add (first, item);
    }
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-first-rows");

  /* A search the first screenful cannot answer waits; it says no "no
   * matches", and Enter opens nothing. */
  oldest = oldest_number (list->session);
  search (list, oldest);
  g_assert_cmpstr (shown_page (list), ==, "loading");
  g_assert_false (gtk_widget_get_visible (list->rest_bar));
  g_signal_emit_by_name (list->search_entry, "activate");
  g_assert_cmpstr (ct_main_page_get_page (CT_MAIN_PAGE (window->main_page)), ==, "cases");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-search-waits");
  search (list, "");
  g_assert_cmpstr (shown_page (list), ==, "list");

  /* Another order waits likewise. */
  gtk_column_view_sort_by_column (list->column_view, name_column, GTK_SORT_ASCENDING);
  g_assert_cmpstr (shown_page (list), ==, "loading");

  ct_core_test_release_reads ();
  ct_test_wait_until (all_read, list, 30, "the rest of the cases");
  g_signal_handler_disconnect (list->stack, handler);

  /* Every case, in the order asked for; the rows shown first kept. */
  n = g_list_model_get_n_items (cases);
  g_assert_cmpuint (n, >=, N_HOUSEHOLDS);
  g_assert_cmpuint (n, ==, ct_case_list_get_n_cases (list));
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_false (gtk_widget_get_visible (list->rest_bar));
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(CtCaseItem) a = g_list_model_get_item (cases, i - 1);
      g_autoptr(CtCaseItem) b = g_list_model_get_item (cases, i);
      const char *x = ct_case_item_get_name (a), *y = ct_case_item_get_name (b);

      g_assert_true (y == NULL || (x != NULL && g_ascii_strcasecmp (x, y) <= 0));
    }
  for (guint i = 0; i < first->len; i++)
    {
      guint position;

      g_assert_true (g_list_store_find (list->store, g_ptr_array_index (first, i), &position));
    }

  /* The search finds the oldest case now. */
  search (list, oldest);
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  {
    g_autoptr(CtCaseItem) found = g_list_model_get_item (cases, 0);

    g_assert_cmpstr (ct_case_item_get_number (found), ==, oldest);
  }
  search (list, "");

  ct_test_close_window (GTK_WINDOW (window));
}

/* Another program writing: a connection of its own holds the file
 * exclusively, so every read of the window's fails after the store's
 * two seconds with "The team file is in use by another program". */
static CtSession *
hold_file (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  CtSession *holder = _ct_session_new_reader (session, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (holder->db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  return holder;
}

static void
let_go (CtSession **holder)
{
  g_assert_cmpint (sqlite3_exec ((*holder)->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (holder);
}

static gboolean
busy_once (gpointer data)
{
  return CT_CASE_LIST (data)->tries > 0;
}

static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The list is never shown empty because the file was busy: a re-read
 * (going back to Cases) keeps the rows shown and tries again; when the
 * file stays busy it keeps them and says they may be out of date, and a
 * first read that cannot be made shows the error page with a button to
 * try again, never "No Cases Yet". */
static void
test_busy_file (void)
{
  CtWindow *window = ct_test_window_get (G_APPLICATION (app), 1024, 700);
  CtCaseList *list = CT_MAIN_PAGE (window->main_page)->case_list;
  CtSession *holder;
  guint n;

  ct_test_window_unlock (window, team_path, "regisseur", CT_DEMO_PASSPHRASE, 30);
  ct_test_wait_until (all_read, list, 30, "every case");
  ct_test_window_dismiss_toast (window);
  n = ct_case_list_get_n_cases (list);
  g_assert_cmpuint (n, >=, N_HOUSEHOLDS);

  /* Busy once: the rows stay, and the next try reads them. */
  holder = hold_file (window->session);
  ct_case_list_refresh (list);
  ct_test_wait_until (busy_once, list, 30, "a busy read");
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n);
  let_go (&holder);
  ct_test_wait_until (all_read, list, 30, "the read tried again");
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n);
  g_assert_false (gtk_widget_get_visible (list->stale_bar));

  /* Busy for every try: the rows stay, and say so. */
  holder = hold_file (window->session);
  ct_case_list_refresh (list);
  ct_test_wait_until (all_read, list, 60, "every try");
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n);
  g_assert_true (gtk_widget_get_visible (list->stale_bar));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-busy-kept");
  let_go (&holder);
  click (gtk_widget_get_last_child (list->stale_bar));
  ct_test_wait_until (all_read, list, 30, "the read tried again");
  g_assert_false (gtk_widget_get_visible (list->stale_bar));
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n);

  /* A first read that cannot be made: the error page, not "No Cases Yet". */
  holder = hold_file (window->session);
  ct_case_list_set_session (list, window->session);
  ct_test_wait_until (all_read, list, 60, "every try");
  g_assert_cmpstr (shown_page (list), ==, "error");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, 0);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "case-list-busy-error");
  let_go (&holder);
  click (adw_status_page_get_child (list->error_page));
  ct_test_wait_until (all_read, list, 30, "the read tried again");
  g_assert_cmpstr (shown_page (list), ==, "list");
  g_assert_cmpuint (ct_case_list_get_n_cases (list), ==, n);

  ct_test_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);

  /* Every household on the regisseur's list, not only the involved ones. */
  team_path = ct_test_demo_new (N_HOUSEHOLDS, 5, TRUE);

  app = ct_test_app_new ();

  g_test_add_func ("/case-list/first-screenful", test_first_screenful);
  g_test_add_func ("/case-list/first-rows-first", test_first_rows_first);
  g_test_add_func ("/case-list/busy-file", test_busy_file);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_clear_pointer (&team_path, ct_test_demo_free);

  return ret;
}
