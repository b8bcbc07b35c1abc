/* test-case-list.c — the case list's first frames after unlocking
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A team with more cases than a window shows: the view's first frame gets
 * a screenful of the sorted cases and the frames after it the rest, while
 * the list's own model (what search, sorting and Enter use) holds every
 * case from the start. */

#include "config.h"

#include <glib/gstdio.h>

#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-demo.h"
#include "ct-main-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
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

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_clear_pointer (&team_path, ct_test_demo_free);

  return ret;
}
