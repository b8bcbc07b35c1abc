/* bench-window.c — driving the real window in the GUI benchmarks
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-window.h"
#include "ct-case-list-private.h"
#include "ct-demo.h"
#include "ct-main-page-private.h"
#include "ct-unlock-page-private.h"

static void
frame_cb (GdkFrameClock *clock,
          gboolean      *drawn)
{
  *drawn = TRUE;
}

/* One frame painted after now. */
void
bench_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean drawn = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &drawn);

  gtk_widget_queue_draw (widget);
  while (!drawn)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* Whether the case list shows rows: its first screenful, before the
 * rest is read, or all of them. */
gboolean
bench_list_rows_shown (CtWindow *window)
{
  CtCaseList *list = CT_MAIN_PAGE (window->main_page)->case_list;

  return ct_case_list_get_n_cases (list) > 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (list->stack), "list") == 0;
}

/* Whether the case list holds all its cases. */
gboolean
bench_list_shown (CtWindow *window)
{
  CtCaseList *list = CT_MAIN_PAGE (window->main_page)->case_list;

  return !ct_case_list_is_loading (list) && ct_case_list_get_n_cases (list) > 0;
}

/* The window of @app, drawn at 1366×768, on the unlock page of @path for
 * @login with the demo passphrase filled in. */
CtWindow *
bench_window_open (CtApplication *app,
                   const char    *path,
                   const char    *login)
{
  g_autoptr(GError) error = NULL;
  CtWindow *window;
  CtUnlockPage *page;

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  g_application_activate (G_APPLICATION (app));
  window = CT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  bench_wait_for_frame (GTK_WIDGET (window));

  ct_window_open_file (window, path, login);
  page = CT_UNLOCK_PAGE (window->unlock_page);
  gtk_editable_set_text (GTK_EDITABLE (page->passphrase_row), CT_DEMO_PASSPHRASE);
  bench_wait_for_frame (GTK_WIDGET (window));
  return window;
}

/* Presses the unlock page's button. */
void
bench_unlock (CtWindow *window)
{
  g_signal_emit_by_name (CT_UNLOCK_PAGE (window->unlock_page)->submit_button, "clicked");
}
