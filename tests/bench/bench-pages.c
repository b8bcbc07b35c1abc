/* bench-pages.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Visiting each sidebar page of a large team in the real window, twice:
 * how long the window stops (the click to the next frame) and how long
 * until the page has read what it shows, as figures and as ratios to the
 * case list's first read in the same process (its peer, read in a worker
 * too). The pages read in workers (issue #19), so the stop should be a
 * frame or two whatever the team's size.
 *
 *   bench-pages TEAM_FILE [LOGIN]
 *
 * The team's passphrase is the demo's. Give a copy of the team file its
 * own XDG directories (see bench-gui.c). Needs a display. */

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "bench-window.h"
#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-core.h"
#include "ct-main-page-private.h"
#include "ct-page.h"
#include "ct-window-private.h"

static void
activate_row (CtWindow   *window,
              const char *name)
{
  GtkWidget *list = GTK_WIDGET (CT_MAIN_PAGE (window->main_page)->sidebar_list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
  g_error ("no row %s", name);
}

/* Returns how long the window stopped: from the click to the next frame;
 * @ready: the time until the page has read what it shows and drawn it */
static double
visit (CtWindow   *window,
       const char *name,
       double     *ready)
{
  gint64 start = g_get_monotonic_time ();
  double stall;
  GtkWidget *page;

  activate_row (window, name);
  bench_wait_for_frame (GTK_WIDGET (window));
  stall = (g_get_monotonic_time () - start) / 1000.0;
  page = gtk_stack_get_visible_child (CT_MAIN_PAGE (window->main_page)->page_stack);
  while (CT_IS_PAGE (page) && ct_page_is_loading (CT_PAGE (page)))
    g_main_context_iteration (NULL, TRUE);
  bench_wait_for_frame (GTK_WIDGET (window));
  *ready = (g_get_monotonic_time () - start) / 1000.0;
  return stall;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtApplication) app = NULL;
  const char *pages[] = { "meetings", "actions", "budget", "breakthroughs" };
  CtWindow *window;
  double peer;

  if (argc < 2 || (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL))
    {
      g_print ("bench-pages needs a display and a team file (see its comment); skipped\n");
      return 0;
    }
  gtk_init ();
  if (!ct_init (&error))
    g_error ("%s", error->message);
  app = ct_application_new ();
  window = bench_window_open (app, argv[1], argc > 2 ? argv[2] : "regisseur");
  bench_unlock (window);
  while (!bench_list_shown (window))
    g_main_context_iteration (NULL, TRUE);
  bench_wait_for_frame (GTK_WIDGET (window));
  peer = ct_case_list_get_load_usec (CT_MAIN_PAGE (window->main_page)->case_list) / 1000.0;
  g_print ("peer case-list-read %.0f ms\n", peer);

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      {
        double ready, stall = visit (window, pages[i], &ready);

        g_print ("%s %s stall %.0f ms (%.3f) ready %.0f ms (%.3f)\n",
                 round == 0 ? "first" : "again", pages[i], stall, stall / peer, ready,
                 ready / peer);
      }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
