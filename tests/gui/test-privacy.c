/* test-privacy.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's rights in the whole window (docs/retention.md): the
 * case list tags a repeat referral; the regisseur makes an inzage through
 * the file chooser, and the PDF alone is written, with this household's
 * data and no other's; a correction on request is logged as such, without
 * the old value. A member who may do none of it sees no privacy section.
 * The regisseur restricts processing with a ground: a banner says so and
 * Edit is off, with the reason in its tooltip, until a lift with a
 * reason. The erasure is test-privacy-erase.c. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-core-test-util.h"
#include "ct-main-page-private.h"
#include "ct-record-dialog.h"
#include "ct-test-privacy.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-window-private.h"

static gboolean
one_shown (gpointer list)
{
  return g_list_model_get_n_items (ct_case_list_get_model (list)) == 1;
}

static gboolean
all_shown (gpointer list)
{
  return g_list_model_get_n_items (ct_case_list_get_model (list)) == 7;
}

/* The repeat tag in the list, computed from the dates the list reads. */
static void
test_repeat_tag (void)
{
  CtWindow *window = ct_privacy_window ();
  CtCaseList *list;
  g_autofree char *query = NULL;
  guint n_all;

  ct_privacy_unlock ("anna");
  g_assert_true (ct_case_item_get_repeat (ct_privacy_find_item (window, "2026-041")));
  g_assert_false (ct_case_item_get_repeat (ct_privacy_find_item (window, "2025-040")));
  g_assert_false (ct_case_item_get_repeat (ct_privacy_find_item (window, "2026-051")));
  g_assert_false (ct_case_item_get_repeat (ct_privacy_find_item (window, "2024-050")));
  g_assert_false (ct_case_item_get_repeat (ct_privacy_find_item (window, "2026-014")));

  /* The tag is searchable, as everything the list shows. */
  list = ct_privacy_main_page (window)->case_list;
  query = g_utf8_strdown (_("Repeat"), -1);
  n_all = g_list_model_get_n_items (ct_case_list_get_model (list));
  g_assert_cmpuint (n_all, ==, 7);
  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), query);
  ct_test_wait_until (one_shown, list, 20, "the filter");
  g_assert_nonnull (ct_privacy_find_item (window, "2026-041"));
  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), "");
  ct_test_wait_until (all_shown, list, 20, "the filter to be cleared");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "case-list-repeat");
}

/* Which roles see which rows of the privacy section. */
static void
test_who_may (void)
{
  CtWindow *window = ct_privacy_window ();
  CtCasePage *page;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-014");
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "make-inzage"));
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "erase"));
  ct_privacy_scroll_to_end (page);
  ct_test_screenshot (window, "case-privacy");

  /* A regisseur, no beheerder: the inzage, no erasure. */
  ct_privacy_unlock ("bob");
  page = ct_privacy_open_case (window, OTHER_CASE);
  g_assert_false (page->limited);  /* bob directs it */
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "make-inzage"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "erase"));
  gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL);
  g_assert_null (page->privacy_dialog);

  /* Politie, outside involvement: neither, and no way to them. */
  ct_privacy_unlock ("carla");
  page = ct_privacy_open_case (window, "2026-014");
  g_assert_true (page->limited);
  gtk_widget_activate_action (GTK_WIDGET (page), "case.make-inzage", NULL);
  g_assert_null (page->inzage_chooser);
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "make-inzage"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "erase"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* The chooser answers with the file @data names: its folder is read. */
typedef struct
{
  GtkFileChooser *chooser;
  const char     *path;
} ChooserFile;

static gboolean
chooser_has_file (gpointer data)
{
  ChooserFile *c = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (c->chooser);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, c->path) == 0;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The PDF as text: pdftotext where it is installed; otherwise the text
 * the core made for it, which the PDF lays out line by line. */
static char *
inzage_as_text (CtWindow   *window,
                const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &text, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      return text;
    }
  g_test_message ("pdftotext is not installed: checking the core's text");
  text = ct_session_inzage_text (window->session, ct_privacy_team->household_id, &error);
  g_assert_no_error (error);
  return text;
}

static guint
count_inzage_entries (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_household_log (window->session,
                                                            ct_privacy_team->household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      g_assert_false (ct_privacy_contains (e->purpose, OWN_NAME));
      if (g_strcmp0 (e->purpose, "inzage") == 0)
        n++;
    }
  return n;
}

static void
test_inzage (void)
{
  CtWindow *window = ct_privacy_window ();
  g_autofree char *dir = g_dir_make_tmp ("ct-inzage-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inzage.pdf", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *head = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  CtCasePage *page;
  GtkWindow *chooser;
  gsize length = 0;
  guint before;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-014");
  before = count_inzage_entries (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.make-inzage", NULL));
  /* The native chooser runs as a GtkFileChooserDialog here (no portal). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = GTK_WINDOW (ct_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_nonnull (chooser);
  g_assert_nonnull (page->inzage_chooser);
  /* Offered under the case's number, and nothing written before the answer. */
  g_assert_true (ct_privacy_contains (gtk_file_chooser_get_current_name (
                                        GTK_FILE_CHOOSER (page->inzage_chooser)),
                                      "2026-014"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* A whole path typed as the name, as a member may type it. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (page->inzage_chooser), path);
  /* The chooser opens the folder before it knows the file in it. */
  {
    ChooserFile c = { GTK_FILE_CHOOSER (page->inzage_chooser), path };

    ct_test_wait_until (chooser_has_file, &c, 20, "the chooser's folder");
    ct_test_wait_until (ct_test_settled, NULL, 20, "the chooser to settle");
  }
  /* As the chooser answers once the member pressed Save. */
  g_signal_emit_by_name (page->inzage_chooser, "response", GTK_RESPONSE_ACCEPT);
  ct_test_wait_until (file_exists, path, 20, "the inzage to be written");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the inzage to be saved");
  g_assert_cmpstr (ct_privacy_toast_title (window), ==,
                   _("Inzage saved; making it is in the access log"));

  /* A PDF, the only file written, and its making is in the log. */
  g_assert_true (g_file_get_contents (path, &head, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "inzage.pdf");
  g_assert_null (g_dir_read_name (listing));
  g_assert_cmpuint (count_inzage_entries (window), ==, before + 1);

  /* This household, and no other. */
  text = inzage_as_text (window, path);
  g_assert_true (ct_privacy_contains (text, OWN_NAME));
  g_assert_true (ct_privacy_contains (text, "Merel"));
  g_assert_true (ct_privacy_contains (text, "2026-014"));
  g_assert_false (ct_privacy_contains (text, OTHER_NAME));
  g_assert_false (ct_privacy_contains (text, OTHER_CASE));

  /* Never over the team file itself. */
  g_assert_false (_ct_case_page_write_inzage (page, ct_privacy_team->path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* A correction on request: stored, logged as one, without the old value. */
static void
test_rectify (void)
{
  CtWindow *window = ct_privacy_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtRecordDialog *dialog;
  CtCasePage *page;
  GtkWidget *persons;
  gboolean logged = FALSE;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-014");
  /* "Correct…" on each person's row. */
  persons = GTK_WIDGET (ct_test_find_group (GTK_WIDGET (page), _("Persons")));
  g_assert_nonnull (persons);
  g_assert_nonnull (ct_test_find_actionable (persons, "case.rectify-person"));
  ct_test_screenshot (persons, "case-persons-correct");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.rectify-person", "x",
                                             ct_privacy_person_pim));
  ct_test_wait_case_page (page);
  dialog = CT_RECORD_DIALOG (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, "first_name"), "Pieter");
  ct_test_screenshot (dialog, "rectify-person");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the correction to be saved");
  ct_test_wait_case_page (ct_privacy_main_page (window)->case_page);
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Corrected on request"));

  stored = ct_session_get (window->session, "persons", ct_privacy_person_pim, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "first_name"), ==, "Pieter");
  log = ct_session_read_household_log (window->session, ct_privacy_team->household_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      /* The old first name is nowhere in the log. */
      g_assert_false (ct_privacy_contains (e->purpose, "Pim"));
      g_assert_false (ct_privacy_contains (e->outcome, "Pim"));
      if (g_strcmp0 (e->purpose, "rectification") == 0 && e->person_id == ct_privacy_person_pim)
        logged = TRUE;
    }
  g_assert_true (logged);

  /* A wrong value is refused under its field, and nothing is stored. */
  page = ct_privacy_main_page (window)->case_page;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.rectify-person", "x",
                                             ct_privacy_person_pim));
  ct_test_wait_case_page (page);
  dialog = CT_RECORD_DIALOG (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (dialog);
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, "bsn"), "123456789");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the check");
  g_assert_nonnull (ct_field_editor_get_error (ct_record_dialog_get_editor (dialog, "bsn")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Test data */

static void
scroll_to_top (CtCasePage *page)
{
  GtkWidget *scrolled = GTK_WIDGET (page->preferences_page);

  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_first_child (scrolled);
  g_assert_nonnull (scrolled);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            0);
  ct_test_wait_for_draw (scrolled);
}

/* Restriction of processing: placed with a ground, shown, lifted with a
 * reason. */
static void
test_restrict (void)
{
  CtWindow *window = ct_privacy_window ();
  CtMainPage *main = ct_privacy_main_page (window);
  AdwMessageDialog *dialog;
  g_autofree char *grounds = NULL;
  const char *tooltip;
  CtCasePage *page;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-014");
  g_assert_null (page->restriction);
  g_assert_true (gtk_widget_get_sensitive (main->edit_button));
  ct_privacy_scroll_to_end (page);
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "restrict"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restricted"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.restrict", NULL));
  dialog = ct_privacy_wait_for_step (page);
  grounds = ct_privacy_choices_of (page->restrict_ground);
  g_assert_true (ct_privacy_contains (grounds, _("Accuracy contested")));
  g_assert_true (ct_privacy_contains (grounds, _("Objection pending")));
  gtk_drop_down_set_selected (page->restrict_ground, CT_RESTRICT_OBJECTION);
  gtk_editable_set_text (page->restrict_text, "Bezwaar tegen het plan");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "restrict-dialog");
  ct_test_respond (dialog, "restrict");
  ct_privacy_wait_written (page);
  ct_test_wait_case_page (main->case_page);

  /* The banner, Edit off with the reason, no restrict row any more. */
  page = main->case_page;
  g_assert_nonnull (page->restriction);
  g_assert_cmpint (page->restriction->ground, ==, CT_RESTRICT_OBJECTION);
  g_assert_cmpstr (ct_privacy_toast_title (window), ==,
                   _("Processing restricted; this is in the access log"));
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "restricted"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restrict"));
  g_assert_false (gtk_widget_get_sensitive (main->edit_button));
  g_assert_true (ct_case_item_get_restricted (ct_privacy_find_item (window, "2026-014")));
  g_assert_false (ct_case_item_get_restricted (ct_privacy_find_item (window, OTHER_CASE)));
  tooltip = gtk_widget_get_tooltip_text (main->edit_button);
  g_assert_true (ct_privacy_contains (tooltip, _("Objection pending")));
  ct_case_page_set_editing (page, TRUE);
  g_assert_false (page->editing);
  scroll_to_top (page);
  ct_test_screenshot (window, "case-restricted");

  /* Lifting needs a reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.lift-restriction", NULL));
  dialog = ct_privacy_wait_for_step (page);
  g_assert_null (page->restrict_ground);
  ct_test_respond (dialog, "lift");
  ct_privacy_wait_written (page);
  g_assert_nonnull (page->restriction);
  g_assert_true (ct_privacy_contains (ct_privacy_toast_title (window), _("Reason")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.lift-restriction", NULL));
  dialog = ct_privacy_wait_for_step (page);
  gtk_editable_set_text (page->restrict_text, "Bezwaar afgehandeld");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "restrict-lift");
  ct_test_respond (dialog, "lift");
  ct_privacy_wait_written (page);
  ct_test_wait_case_page (main->case_page);
  page = main->case_page;
  g_assert_null (page->restriction);
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restricted"));
  g_assert_true (gtk_widget_get_sensitive (main->edit_button));
  g_assert_null (gtk_widget_get_tooltip_text (main->edit_button));
  g_assert_false (ct_case_item_get_restricted (ct_privacy_find_item (window, "2026-014")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* A restriction names its household: a member who went to another case
 * while it waited in the write queue (the page reading that case, holding
 * no session) still gets the toast, and the case list reads the tag of
 * the household restricted at once, not at its next read. */
static void
test_restrict_elsewhere (void)
{
  CtWindow *window = ct_privacy_window ();
  CtMainPage *main = ct_privacy_main_page (window);
  CtCoreTestReaderHold holder;
  AdwMessageDialog *dialog;
  CtCasePage *page;
  gint64 other_case;

  ct_privacy_unlock ("anna");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  other_case = ct_case_item_get_id (ct_privacy_find_item (window, "2026-030"));
  page = ct_privacy_open_case (window, "2026-014");
  g_assert_null (page->restriction);
  g_assert_false (ct_case_item_get_restricted (ct_privacy_find_item (window, "2026-014")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.restrict", NULL));
  dialog = ct_privacy_wait_for_step (page);
  gtk_editable_set_text (page->restrict_text, "Juistheid betwist");
  ct_core_test_reader_hold (window->session, &holder);
  ct_test_respond (dialog, "restrict");
  g_assert_cmpuint (page->privacy_writing, ==, 1);

  /* Another case, still being read when the restriction is written. */
  ct_core_test_hold_reads ();
  ct_main_page_open_case (main, other_case);
  g_assert_cmpint (ct_case_page_get_household_id (page), ==, 0);
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_privacy_wait_written (page);
  g_assert_cmpstr (ct_privacy_toast_title (window), ==,
                   _("Processing restricted; this is in the access log"));
  g_assert_true (ct_case_list_is_loading (main->case_list));
  ct_core_test_release_reads ();
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  ct_test_wait_case_page (main->case_page);

  /* Still on the case the member went to; the list tags the other. */
  g_assert_cmpstr (ct_case_page_get_number (main->case_page), ==, "2026-030");
  g_assert_null (main->case_page->restriction);
  g_assert_true (ct_case_item_get_restricted (ct_privacy_find_item (window, "2026-014")));
  g_assert_false (ct_case_item_get_restricted (ct_privacy_find_item (window, "2026-030")));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "restrict-after-switch");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

int
main (int   argc,
      char *argv[])
{
  ct_privacy_test_init (&argc, &argv);

  g_test_add_func ("/privacy/repeat-tag", test_repeat_tag);
  g_test_add_func ("/privacy/who-may", test_who_may);
  g_test_add_func ("/privacy/inzage", test_inzage);
  g_test_add_func ("/privacy/rectify", test_rectify);
  g_test_add_func ("/privacy/restrict", test_restrict);
  g_test_add_func ("/privacy/restrict-elsewhere", test_restrict_elsewhere);
  return ct_privacy_test_run ();
}
