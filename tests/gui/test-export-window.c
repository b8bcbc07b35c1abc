/* test-export-window.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator export window over a demo team: the preview as the
 * regisseur and as the police see it, a preview that follows the options,
 * an export written through the window's own path, with its progress,
 * one cancelled, and a chosen file not on this computer. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-demo.h"
#include "ct-export-window-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

#define N_HOUSEHOLDS 40
#define TIMEOUT_SECONDS 60

static char *team_dir;
static char *team_path;

typedef struct
{
  CtSession *session;
  GtkWindow *parent;
  CtExportWindow *window;
} Fixture;

static void wait_for_preview (CtExportWindow *w,
                              guint           old);

static void
open_window (Fixture    *f,
             const char *login)
{
  g_autoptr(GError) error = NULL;

  f->session = ct_session_unlock (team_path, login, CT_DEMO_PASSPHRASE, &error);
  g_assert_no_error (error);
  f->parent = ct_test_team_window (gtk_label_new (NULL), 1000, 800);
  f->window = ct_export_window_show (f->parent, f->session);
  g_assert_nonnull (f->window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->window)) == f->parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (f->window)));
  ct_test_wait_for_draw (GTK_WIDGET (f->window));
  /* The team is read off the main loop; the first preview follows. */
  if (f->window->n_previews == 0)
    wait_for_preview (f->window, 0);
}

static void
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ct_test_close_window (f->parent);
  g_clear_pointer (&f->session, ct_test_session_free);
}

/* Scrolls the window's page so @widget is at the top, for a screenshot. */
static void
scroll_to (CtExportWindow *w,
           gpointer        widget)
{
  GtkWidget *scrolled = ct_test_find_widget (GTK_WIDGET (w->page), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  ct_test_wait_for_draw (GTK_WIDGET (w));
  g_assert_true (gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
}

/* The value a preview row shows: its "numeric" suffix (add_row()). */
static GtkLabel *
find_value_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_value_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
row_value (AdwActionRow *row)
{
  GtkLabel *label = find_value_label (GTK_WIDGET (row));

  g_assert_nonnull (label);
  return gtk_label_get_text (label);
}

static void
assert_k_shown (CtExportWindow *w)
{
  g_autofree char *k_reached = g_strdup_printf ("%u", w->report->k_reached);

  g_assert_nonnull (w->k_reached_row);
  g_assert_cmpstr (row_value (w->k_reached_row), ==, k_reached);
}

typedef struct
{
  CtExportWindow *window;
  guint           old;
} PreviewWait;

static gboolean
preview_done (gpointer data)
{
  PreviewWait *wait = data;

  return wait->window->n_previews != wait->old;
}

static void
wait_for_preview (CtExportWindow *w,
                  guint           old)
{
  PreviewWait wait = { w, old };

  ct_test_wait_until (preview_done, &wait, TIMEOUT_SECONDS, "the preview");
}

static gboolean
export_timeout_cb (gpointer data)
{
  g_error ("Timed out waiting for the export");
  return G_SOURCE_REMOVE;
}

/* Runs the export's own main context until the export has finished: its
 * progress and completion wake it, a timeout fails the test. */
static void
finish_export (CtExportWindow *w,
               GMainContext   *context)
{
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (TIMEOUT_SECONDS);

  g_source_set_callback (timeout, export_timeout_cb, NULL, NULL);
  g_source_attach (timeout, context);
  while (_ct_export_window_get_exporting (w))
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
}

/* Starts the export with its progress and completion going to a context of
 * the test's own, so the window can be drawn while the export is held. */
static GMainContext *
start_export (CtExportWindow *w,
              const char     *path)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  _ct_export_window_export_to (w, path);
  g_main_context_pop_thread_default (context);
  g_assert_true (_ct_export_window_get_exporting (w));
  return context;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_export_preview (void)
{
  Fixture f = { 0 };
  CtExportWindow *w;
  guint old;

  open_window (&f, "regisseur");
  w = f.window;
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (w)), ==, _("Export for the Evaluator"));
  g_assert_nonnull (w->report);
  g_assert_cmpuint (w->report->n_cases, >=, N_HOUSEHOLDS);
  g_assert_cmpuint (w->report->k, ==, CT_EXPORT_DEFAULT_K);
  g_assert_cmpuint (w->report->k_reached, >=, CT_EXPORT_DEFAULT_K);
  assert_k_shown (w);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (w->included_row),
                            ct_category_get_display_name (CT_CATEGORY_HEALTH)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (w->included_row),
                            ct_category_get_display_name (CT_CATEGORY_GENERAL)));
  g_assert_cmpstr (adw_action_row_get_subtitle (w->left_out_row), ==,
                   _("Nothing: your role may read every category"));
  g_assert_true (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (w), "export.export")));
  g_assert_false (gtk_widget_get_visible (w->status_box));
  ct_test_screenshot (w, "export-options");
  scroll_to (w, w->categories_group);
  ct_test_screenshot (w, "export-preview");

  /* A new k is previewed after the pause, not at once. */
  old = w->n_previews;
  gtk_spin_button_set_value (w->k_spin, 10);
  gtk_spin_button_set_value (w->k_spin, 11);
  g_assert_cmpuint (w->n_previews, ==, old);
  wait_for_preview (w, old);
  g_assert_cmpuint (w->n_previews, ==, old + 1);
  g_assert_cmpuint (w->report->k, ==, 11);
  g_assert_true (w->report->k_reached == 0 || w->report->k_reached >= 11);
  if (w->report->k_reached > 0)
    {
      assert_k_shown (w);
      g_assert_nonnull (strstr (adw_action_row_get_subtitle (w->k_reached_row), "11"));
    }

  /* The aggregate profile has no case rows and no k. */
  old = w->n_previews;
  adw_combo_row_set_selected (w->profile_row, 1);
  wait_for_preview (w, old);
  g_assert_cmpint (w->report->profile, ==, CT_EXPORT_AGGREGATE);
  g_assert_cmpuint (w->report->n_case_rows, ==, 0);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (w->k_row)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (w->fresh_row)));
  assert_k_shown (w);
  ct_test_screenshot (w, "export-aggregate");
  close_window (&f);
}

static void
test_export_write (void)
{
  Fixture f = { 0 };
  CtExportWindow *w;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ct-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "evaluatie", NULL);
  g_autofree char *xlsx = g_strconcat (path, ".xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *status = NULL;
  g_autofree char *suggested = NULL;
  g_autoptr(GMainContext) context = NULL;
  double fraction;
  gsize length;

  g_assert_no_error (error);
  open_window (&f, "regisseur");
  w = f.window;
  suggested = _ct_export_window_suggest_name (w);
  g_assert_true (g_str_has_prefix (suggested, "casustafel-export-20"));
  g_assert_true (g_str_has_suffix (suggested, ".xlsx"));
  g_assert_cmpuint (strlen (suggested), ==, strlen ("casustafel-export-YYYY-MM.xlsx"));
  /* Microdata goes only under a processing agreement, whose reference is recorded. */
  gtk_editable_set_text (GTK_EDITABLE (w->agreement_row), "VO-2026-01");

  /* Held after the rows are read: the window shows its progress. */
  context = start_export (w, path);
  fraction = gtk_progress_bar_get_fraction (w->progress_bar);
  g_assert_cmpfloat (fraction, >, 0.0);
  g_assert_cmpfloat (fraction, <, 1.0);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (w->options_group)));
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (w), "export.export")));
  g_assert_true (gtk_widget_get_visible (w->cancel_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w->progress_bar)));
  ct_test_screenshot (w, "export-exporting");

  finish_export (w, context);
  g_assert_true (w->exported);
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (w->progress_bar), 1.0, 1e-9);
  g_assert_true (g_file_get_contents (xlsx, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4);
  g_assert_true (contents[0] == 'P' && contents[1] == 'K');
  g_assert_cmpuint (count_files (dir), ==, 1);  /* no temporary file left */
  status = g_strdup_printf (ngettext ("Exported %u case", "Exported %u cases", w->report->n_cases),
                            w->report->n_cases);
  g_assert_cmpstr (gtk_label_get_text (w->status_label), ==, status);
  g_assert_true (gtk_widget_get_visible (w->open_folder_button));
  g_assert_false (gtk_widget_get_visible (w->cancel_button));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (w->options_group)));
  ct_test_screenshot (w, "export-done");

  g_unlink (xlsx);
  g_clear_pointer (&context, g_main_context_unref);

  /* Cancelled before it finishes: nothing is written, nothing is left. */
  context = start_export (w, xlsx);
  ct_test_click (w->cancel_button);
  finish_export (w, context);
  g_assert_false (w->exported);
  g_assert_cmpstr (gtk_label_get_text (w->status_label), ==,
                   _("Export cancelled; nothing was written."));
  g_assert_false (gtk_widget_get_visible (w->open_folder_button));
  g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);

  close_window (&f);
  g_rmdir (dir);
}

static void
test_export_politie (void)
{
  Fixture f = { 0 };
  CtExportWindow *w;
  const char *health = ct_category_get_display_name (CT_CATEGORY_HEALTH);

  open_window (&f, "politie");
  w = f.window;
  g_assert_nonnull (w->report);
  g_assert_false (w->report->categories_included & (1u << CT_CATEGORY_HEALTH));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (w->left_out_row), health));
  g_assert_null (strstr (adw_action_row_get_subtitle (w->included_row), health));
  assert_k_shown (w);
  scroll_to (w, w->contents_group);
  ct_test_screenshot (w, "export-politie");
  close_window (&f);
}

/* A file not on this computer (ct_test_answer_no_path()): the window says
 * where it can write, writes nothing and stays open. */
static void
test_export_no_path (void)
{
  Fixture f = { 0 };
  CtExportWindow *w;
  guint before = count_files (team_dir);

  open_window (&f, "regisseur");
  w = f.window;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w), "export.export", NULL));
  g_assert_nonnull (w->chooser);
  ct_test_answer_no_path (w->chooser);
  g_assert_null (w->chooser);
  g_assert_false (_ct_export_window_get_exporting (w));
  g_assert_false (w->exported);
  g_assert_true (gtk_widget_get_visible (w->status_box));
  g_assert_cmpstr (gtk_label_get_text (w->status_label), ==, _("Choose a file on this computer."));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (w->status_label), "error"));
  g_assert_true (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (w), "export.export")));
  g_assert_cmpuint (count_files (team_dir), ==, before);
  ct_test_screenshot (w, "export-no-path");
  close_window (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ct_test_init (&argc, &argv);
  team_dir = g_dir_make_tmp ("ct-test-export-XXXXXX", &error);
  g_assert_no_error (error);
  team_path = g_build_filename (team_dir, "demo.casus", NULL);
  g_assert_true (ct_demo_create (team_path, N_HOUSEHOLDS, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  /* What every role sees of every demo household: involvement is
   * test-casework's and test-involvement's. */
  ct_test_need_to_know_off (team_path, "beheerder", CT_DEMO_PASSPHRASE);

  g_test_add_func ("/export-window/preview", test_export_preview);
  g_test_add_func ("/export-window/write", test_export_write);
  g_test_add_func ("/export-window/politie", test_export_politie);
  g_test_add_func ("/export-window/no-path", test_export_no_path);
  status = g_test_run ();

  g_unlink (team_path);
  g_rmdir (team_dir);
  g_free (team_path);
  g_free (team_dir);
  return status;
}
