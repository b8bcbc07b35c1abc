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
 * the old value; a beheerder erases a person, then a household, in two
 * steps with a preview that counts and names no other household; where the
 * Jeugdwet keeps a case, nothing goes and the request is recorded. A member
 * who may do none of it sees no privacy section. The regisseur restricts
 * processing with a ground: a banner says so and Edit is off, with the
 * reason in its tooltip, until a lift with a reason. An erasure while a
 * reader holds the file waits, and the window goes on; when the member
 * went to another case or back to the list meanwhile, the household's
 * rows still go as soon as it is done, and no other row does. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-core-test-util.h"
#include "ct-main-page-private.h"
#include "ct-record-dialog.h"
#include "ct-session-read-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-window-private.h"

#define OWN_NAME    "Zonneveld"
#define OTHER_NAME  "Zwaluwstaart"
#define OTHER_CASE  "2026-020"

static CtApplication *app;
static CtTestTeam *team;
static gint64 person_merel, person_pim;
static gint64 youth_household, repeat_household;

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static CtMainPage *
main_page (CtWindow *window)
{
  return CT_MAIN_PAGE (window->main_page);
}

static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team->path, login, CT_TEST_PASSPHRASE, 30);
}

static gboolean
contains (const char *text,
          const char *needle)
{
  return text != NULL && strstr (text, needle) != NULL;
}

static CtCasePage *
open_case (CtWindow   *window,
           const char *number)
{
  GListModel *model = ct_case_list_get_model (main_page (window)->case_list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (ct_case_item_get_number (item), number))
        {
          ct_main_page_open_case (main_page (window), ct_case_item_get_id (item));
          ct_test_wait_case_page (main_page (window)->case_page);
          ct_test_wait_for_draw (GTK_WIDGET (window));
          return main_page (window)->case_page;
        }
    }
  g_assert_not_reached ();
}

static CtCaseItem *
find_item (CtWindow   *window,
           const char *number)
{
  GListModel *model = ct_case_list_get_model (main_page (window)->case_list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      if (g_str_equal (ct_case_item_get_number (item), number))
        return item;
    }
  return NULL;
}

static gboolean
list_read (gpointer window)
{
  return !ct_case_list_is_loading (main_page (window)->case_list);
}

/* Shows the end of the case page, where the privacy section is. */
static void
scroll_to_end (CtCasePage *page)
{
  GtkWidget *scrolled = GTK_WIDGET (page->preferences_page);

  while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
    scrolled = gtk_widget_get_first_child (scrolled);
  g_assert_nonnull (scrolled);
  ct_test_wait_for_draw (scrolled);
  {
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
  }
  ct_test_wait_for_draw (scrolled);
}

/* Every item a drop-down offers, one a line. */
static char *
choices_of (GtkDropDown *drop_down)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (out, "%s\n",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (out, FALSE);
}

static AdwMessageDialog *
wait_for_step (CtCasePage *page)
{
  AdwMessageDialog *dialog = ct_test_wait_for_dialog (&page->privacy_dialog);

  return dialog;
}

static const char *
toast_title (CtWindow *window)
{
  return _ct_window_get_toast_title (window);
}

static gboolean
privacy_written (gpointer page)
{
  return CT_CASE_PAGE (page)->privacy_writing == 0;
}

/* The erasure, restriction or lift just asked goes through the session's
 * write queue: until it is written and answered. */
static void
wait_privacy_written (CtCasePage *page)
{
  ct_test_wait_until (privacy_written, page, 20, "the privacy write");
}

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
  CtWindow *window = get_window ();
  CtCaseList *list;
  g_autofree char *query = NULL;
  guint n_all;

  unlock_as ("anna");
  g_assert_true (ct_case_item_get_repeat (find_item (window, "2026-041")));
  g_assert_false (ct_case_item_get_repeat (find_item (window, "2025-040")));
  g_assert_false (ct_case_item_get_repeat (find_item (window, "2026-051")));
  g_assert_false (ct_case_item_get_repeat (find_item (window, "2024-050")));
  g_assert_false (ct_case_item_get_repeat (find_item (window, "2026-014")));

  /* The tag is searchable, as everything the list shows. */
  list = main_page (window)->case_list;
  query = g_utf8_strdown (_("Repeat"), -1);
  n_all = g_list_model_get_n_items (ct_case_list_get_model (list));
  g_assert_cmpuint (n_all, ==, 7);
  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), query);
  ct_test_wait_until (one_shown, list, 20, "the filter");
  g_assert_nonnull (find_item (window, "2026-041"));
  gtk_editable_set_text (GTK_EDITABLE (list->search_entry), "");
  ct_test_wait_until (all_shown, list, 20, "the filter to be cleared");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "case-list-repeat");
}

/* Which roles see which rows of the privacy section. */
static void
test_who_may (void)
{
  CtWindow *window = get_window ();
  CtCasePage *page;

  unlock_as ("anna");
  page = open_case (window, "2026-014");
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "make-inzage"));
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "erase"));
  scroll_to_end (page);
  ct_test_screenshot (window, "case-privacy");

  /* A regisseur, no beheerder: the inzage, no erasure. */
  unlock_as ("bob");
  page = open_case (window, OTHER_CASE);
  g_assert_false (page->limited);  /* bob directs it */
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "make-inzage"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "erase"));
  gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL);
  g_assert_null (page->privacy_dialog);

  /* Politie, outside involvement: neither, and no way to them. */
  unlock_as ("carla");
  page = open_case (window, "2026-014");
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
  text = ct_session_inzage_text (window->session, team->household_id, &error);
  g_assert_no_error (error);
  return text;
}

static guint
count_inzage_entries (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_household_log (window->session,
                                                            team->household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      g_assert_false (contains (e->purpose, OWN_NAME));
      if (g_strcmp0 (e->purpose, "inzage") == 0)
        n++;
    }
  return n;
}

static void
test_inzage (void)
{
  CtWindow *window = get_window ();
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

  unlock_as ("anna");
  page = open_case (window, "2026-014");
  before = count_inzage_entries (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.make-inzage", NULL));
  /* The native chooser runs as a GtkFileChooserDialog here (no portal). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = GTK_WINDOW (ct_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_nonnull (chooser);
  g_assert_nonnull (page->inzage_chooser);
  /* Offered under the case's number, and nothing written before the answer. */
  g_assert_true (contains (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (page->inzage_chooser)),
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
  g_assert_cmpstr (toast_title (window), ==, _("Inzage saved; making it is in the access log"));

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
  g_assert_true (contains (text, OWN_NAME));
  g_assert_true (contains (text, "Merel"));
  g_assert_true (contains (text, "2026-014"));
  g_assert_false (contains (text, OTHER_NAME));
  g_assert_false (contains (text, OTHER_CASE));

  /* Never over the team file itself. */
  g_assert_false (_ct_case_page_write_inzage (page, team->path, &error));
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
  CtWindow *window = get_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtRecordDialog *dialog;
  CtCasePage *page;
  GtkWidget *persons;
  gboolean logged = FALSE;

  unlock_as ("anna");
  page = open_case (window, "2026-014");
  /* "Correct…" on each person's row. */
  persons = GTK_WIDGET (ct_test_find_group (GTK_WIDGET (page), _("Persons")));
  g_assert_nonnull (persons);
  g_assert_nonnull (ct_test_find_actionable (persons, "case.rectify-person"));
  ct_test_screenshot (persons, "case-persons-correct");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.rectify-person", "x",
                                             person_pim));
  ct_test_wait_case_page (page);
  dialog = CT_RECORD_DIALOG (ct_test_find_toplevel (CT_TYPE_RECORD_DIALOG));
  g_assert_nonnull (dialog);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_field_editor_set_text (ct_record_dialog_get_editor (dialog, "first_name"), "Pieter");
  ct_test_screenshot (dialog, "rectify-person");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the correction to be saved");
  ct_test_wait_case_page (main_page (window)->case_page);
  g_assert_cmpstr (toast_title (window), ==, _("Corrected on request"));

  stored = ct_session_get (window->session, "persons", person_pim, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (stored, "first_name"), ==, "Pieter");
  log = ct_session_read_household_log (window->session, team->household_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      /* The old first name is nowhere in the log. */
      g_assert_false (contains (e->purpose, "Pim"));
      g_assert_false (contains (e->outcome, "Pim"));
      if (g_strcmp0 (e->purpose, "rectification") == 0 && e->person_id == person_pim)
        logged = TRUE;
    }
  g_assert_true (logged);

  /* A wrong value is refused under its field, and nothing is stored. */
  page = main_page (window)->case_page;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.rectify-person", "x",
                                             person_pim));
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

static gboolean
row_exists (CtSession  *session,
            const char *table,
            gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  return record != NULL;
}

/* A person, then the household; the first step's choice, the second's
 * counts; Cancel at the second step erases nothing. */
static void
test_erase (void)
{
  CtWindow *window = get_window ();
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  g_autofree char *extra = NULL;
  CtCasePage *page;
  GMutex hold;

  unlock_as ("anna");
  page = open_case (window, "2026-014");

  /* Step one names this household's people, and grounds; Cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  extra = choices_of (page->erase_subject);
  g_assert_true (contains (extra, "Merel " OWN_NAME));
  g_assert_false (contains (extra, OTHER_NAME));
  g_assert_true (contains (extra, _("The whole household")));
  ct_test_screenshot (dialog, "erase-choose");
  ct_test_respond (dialog, "cancel");

  /* A person: step two says one record; Erase removes just them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_subject, 1);  /* Merel, the first person */
  gtk_drop_down_set_selected (page->erase_ground, 1);   /* consent withdrawn */
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Person?"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "erase"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  ct_test_respond (dialog, "erase");
  wait_privacy_written (page);
  /* At once, before any worker has read the list again: no row names her. */
  {
    CtCaseItem *item = find_item (window, "2026-014");

    g_assert_true (item == NULL
                   || !contains (ct_case_item_get_name (item), "Merel"));
  }
  ct_test_wait_case_page (main_page (window)->case_page);
  ct_test_wait_until (list_read, window, 20, "the case list read again");
  g_assert_cmpstr (toast_title (window), ==, _("Person erased"));
  g_assert_false (row_exists (window->session, "persons", person_merel));
  g_assert_true (row_exists (window->session, "persons", person_pim));
  g_assert_true (row_exists (window->session, "households", team->household_id));
  page = main_page (window)->case_page;
  g_assert_cmpuint (page->persons->len, ==, 1);
  /* The list no longer names her either. */
  g_assert_cmpstr (ct_case_item_get_name (find_item (window, "2026-014")), ==,
                   "Pieter " OWN_NAME);

  /* The repeat household whole: its counts, and no other household's. */
  page = open_case (window, "2026-041");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_ground, 0);
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Household?"));
  body = g_strdup (adw_message_dialog_get_body (dialog));
  {
    g_autofree char *cases = g_strdup_printf (ngettext ("%u case", "%u cases", 2), 2);
    g_autofree char *persons = g_strdup_printf (ngettext ("%u person", "%u persons", 1), 1);

    g_assert_true (contains (body, cases));
    g_assert_true (contains (body, persons));
  }
  g_assert_false (contains (body, OTHER_NAME));
  g_assert_false (contains (body, "2026-014"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "erase-household");

  /* Cancel at the last step: all stays. */
  ct_test_respond (dialog, "cancel");
  g_assert_true (row_exists (window->session, "households", repeat_household));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  /* The list reads again in a worker, held here: its cases are gone at
   * once, and the window answers meanwhile. */
  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);
  ct_test_respond (dialog, "erase");
  wait_privacy_written (page);
  g_assert_false (row_exists (window->session, "households", repeat_household));
  /* Back to the list, without its cases; the page holds nothing of it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "list");
  g_assert_cmpstr (toast_title (window), ==, _("Household erased"));
  g_assert_null (find_item (window, "2026-041"));
  g_assert_null (find_item (window, "2025-040"));
  g_assert_nonnull (find_item (window, OTHER_CASE));
  g_assert_true (ct_case_list_is_loading (main_page (window)->case_list));
  ct_test_wait_main_loop ("the main loop to run while the list is read again");
  g_assert_null (find_item (window, "2026-041"));
  g_mutex_unlock (&hold);
  ct_test_wait_until (list_read, window, 20, "the case list read again");
  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
  g_assert_null (find_item (window, "2026-041"));
  g_assert_null (find_item (window, "2025-040"));
  g_assert_nonnull (find_item (window, OTHER_CASE));
  g_assert_null (main_page (window)->case_page->household);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-done");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* An open Jeugdwet case keeps the household: the second step says so and
 * only records the request. */
static void
test_erase_kept (void)
{
  CtWindow *window = get_window ();
  AdwMessageDialog *dialog;
  CtCasePage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean recorded = FALSE;

  unlock_as ("anna");
  page = open_case (window, "2026-030");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_ground, 2);  /* objection */
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("The Law Keeps This Household"));
  g_assert_true (contains (adw_message_dialog_get_body (dialog), "2026-030"));
  g_assert_false (adw_message_dialog_has_response (dialog, "erase"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "erase-kept");
  ct_test_respond (dialog, "record");
  wait_privacy_written (page);
  g_assert_cmpstr (toast_title (window), ==, _("Request recorded; nothing was erased"));
  g_assert_true (row_exists (window->session, "households", youth_household));

  log = ct_session_read_household_log (window->session, youth_household, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (contains (e->purpose, "erasure request") && contains (e->purpose, "bezwaar"))
        recorded = TRUE;
    }
  g_assert_true (recorded);
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Test data */

static gint64
insert (CtSession          *session,
        const char         *table,
        const char * const *pairs,
        const char         *parent_field,
        gint64              parent_id)
{
  g_autoptr(CtRecord) record = ct_record_new (table);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (parent_field != NULL)
    ct_record_set_int (record, parent_field, parent_id);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    ct_record_set (record, pairs[i], pairs[i + 1]);
  id = ct_session_insert (session, record, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_household_with_case (CtSession  *session,
                         gint64      regisseur,
                         const char *first_name,
                         const char *last_name,
                         const char *number,
                         const char *referral_date,
                         const char *retention)
{
  const char *area[] = { "area", "West", NULL };
  const char *person[] = { "first_name", first_name, "last_name", last_name, "relation", "hoofd",
                           NULL };
  const char *kase[] = { "number", number, "referral_date", referral_date,
                         "status", "in_uitvoering", retention != NULL ? "retention" : NULL,
                         retention, NULL };
  gint64 household = insert (session, "households", area, NULL, 0);
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id;

  insert (session, "persons", person, "household_id", household);
  case_id = insert (session, "cases", kase, "household_id", household);
  record = ct_session_get (session, "cases", case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (record, "regisseur", regisseur);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
  return household;
}

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
  CtWindow *window = get_window ();
  CtMainPage *main = main_page (window);
  AdwMessageDialog *dialog;
  g_autofree char *grounds = NULL;
  const char *tooltip;
  CtCasePage *page;

  unlock_as ("anna");
  page = open_case (window, "2026-014");
  g_assert_null (page->restriction);
  g_assert_true (gtk_widget_get_sensitive (main->edit_button));
  scroll_to_end (page);
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "restrict"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restricted"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.restrict", NULL));
  dialog = wait_for_step (page);
  grounds = choices_of (page->restrict_ground);
  g_assert_true (contains (grounds, _("Accuracy contested")));
  g_assert_true (contains (grounds, _("Objection pending")));
  gtk_drop_down_set_selected (page->restrict_ground, CT_RESTRICT_OBJECTION);
  gtk_editable_set_text (page->restrict_text, "Bezwaar tegen het plan");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "restrict-dialog");
  ct_test_respond (dialog, "restrict");
  wait_privacy_written (page);
  ct_test_wait_case_page (main->case_page);

  /* The banner, Edit off with the reason, no restrict row any more. */
  page = main->case_page;
  g_assert_nonnull (page->restriction);
  g_assert_cmpint (page->restriction->ground, ==, CT_RESTRICT_OBJECTION);
  g_assert_cmpstr (toast_title (window), ==, _("Processing restricted; this is in the access log"));
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "restricted"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restrict"));
  g_assert_false (gtk_widget_get_sensitive (main->edit_button));
  g_assert_true (ct_case_item_get_restricted (find_item (window, "2026-014")));
  g_assert_false (ct_case_item_get_restricted (find_item (window, OTHER_CASE)));
  tooltip = gtk_widget_get_tooltip_text (main->edit_button);
  g_assert_true (contains (tooltip, _("Objection pending")));
  ct_case_page_set_editing (page, TRUE);
  g_assert_false (page->editing);
  scroll_to_top (page);
  ct_test_screenshot (window, "case-restricted");

  /* Lifting needs a reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.lift-restriction", NULL));
  dialog = wait_for_step (page);
  g_assert_null (page->restrict_ground);
  ct_test_respond (dialog, "lift");
  wait_privacy_written (page);
  g_assert_nonnull (page->restriction);
  g_assert_true (contains (toast_title (window), _("Reason")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.lift-restriction", NULL));
  dialog = wait_for_step (page);
  gtk_editable_set_text (page->restrict_text, "Bezwaar afgehandeld");
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "restrict-lift");
  ct_test_respond (dialog, "lift");
  wait_privacy_written (page);
  ct_test_wait_case_page (main->case_page);
  page = main->case_page;
  g_assert_null (page->restriction);
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "restricted"));
  g_assert_true (gtk_widget_get_sensitive (main->edit_button));
  g_assert_null (gtk_widget_get_tooltip_text (main->edit_button));
  g_assert_false (ct_case_item_get_restricted (find_item (window, "2026-014")));
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* An erasure while one of the session's readers holds the file waits in
 * the session's write queue: the row's button says "Saving…", the page
 * offers no second erasure, the window answers (a timeout fires, again
 * and again) and nothing is erased yet; once the reader lets go, the
 * household is gone and the window is back at the list. */
static void
test_erase_while_reading (void)
{
  CtWindow *window = get_window ();
  AdwMessageDialog *dialog;
  CtCoreTestReaderHold holder;
  GtkWidget *button;
  CtCasePage *page;
  gint64 household;

  unlock_as ("anna");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  page = open_case (window, "2024-050");
  household = ct_record_get_id (page->household);
  scroll_to_end (page);
  button = ct_test_find_actionable (GTK_WIDGET (page), "case.erase");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Household?"));

  ct_core_test_reader_hold (window->session, &holder);
  ct_test_respond (dialog, "erase");
  g_assert_cmpuint (page->privacy_writing, ==, 1);
  ct_test_wait_ticks (20, "the window while the write waits");
  g_assert_cmpuint (page->privacy_writing, ==, 1);
  g_assert_cmpstr (ct_test_button_text (button), ==, _("Saving…"));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (row_exists (window->session, "households", household));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-saving");

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  wait_privacy_written (page);
  g_assert_false (row_exists (window->session, "households", household));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_page (window)->cases_stack), ==, "list");
  g_assert_cmpstr (toast_title (window), ==, _("Household erased"));
  g_assert_null (find_item (window, "2024-050"));
  g_assert_null (page->household);
  g_assert_cmpstr (ct_test_button_text (button), ==, _("_Erase…"));
  ct_test_wait_until (list_read, window, 20, "the case list read again");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Every case number the list holds, but those in @except. */
static GPtrArray *
numbers_but (CtWindow           *window,
             const char * const *except)
{
  GListModel *model = ct_case_list_get_model (main_page (window)->case_list);
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);
      const char *number = ct_case_item_get_number (item);

      if (!g_strv_contains (except, number))
        g_ptr_array_add (numbers, g_strdup (number));
    }
  return numbers;
}

/* The list holds each of @numbers and nothing more. */
static void
assert_list_is (CtWindow  *window,
                GPtrArray *numbers)
{
  GListModel *model = ct_case_list_get_model (main_page (window)->case_list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, numbers->len);
  for (guint i = 0; i < numbers->len; i++)
    g_assert_nonnull (find_item (window, g_ptr_array_index (numbers, i)));
}

static gboolean
listed (gpointer window)
{
  return find_item (window, "2026-070") != NULL && find_item (window, "2026-061") != NULL;
}

/* Up to the second step of erasing the page's whole household, and Erase
 * while a reader holds the file: the erasure waits in the write queue. */
static void
erase_waiting (CtWindow             *window,
               CtCasePage           *page,
               CtCoreTestReaderHold *holder)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Household?"));
  ct_core_test_reader_hold (window->session, holder);
  ct_test_respond (dialog, "erase");
  g_assert_cmpuint (page->privacy_writing, ==, 1);
}

/* The erasure names its household: a member who went elsewhere while it
 * waited (another case, or back to the list), so that the page shows
 * another household or none, still sees that household's rows go at
 * once, every one of them and no other, and stays where they went. */
static void
test_erase_elsewhere (void)
{
  CtWindow *window = get_window ();
  CtMainPage *main = main_page (window);
  const char *later[] = { "number", "2026-061", "referral_date", "2026-02-20",
                          "status", "in_uitvoering", NULL };
  g_autoptr(GPtrArray) others = NULL;
  CtCoreTestReaderHold holder;
  CtCasePage *page;
  gint64 anna, household, own_case;
  GMutex hold;

  unlock_as ("anna");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  anna = ct_session_get_member_id (window->session);
  household = add_household_with_case (window->session, anna, "Vera", "Wissel", "2026-060",
                                       "2026-02-10", NULL);
  insert (window->session, "cases", later, "household_id", household);
  add_household_with_case (window->session, anna, "Bas", "Terug", "2026-070", "2026-02-12",
                           NULL);
  ct_main_page_reload_cases (main);
  ct_test_wait_until (listed, window, 20, "the new households in the list");
  ct_test_wait_until (list_read, window, 20, "the case list read");
  own_case = ct_case_item_get_id (find_item (window, "2026-014"));

  /* Another case while the erasure waits: the page shows no part of the
   * household erased when it is done. */
  page = open_case (window, "2026-060");
  g_assert_cmpint (ct_case_page_get_household_id (page), ==, household);
  others = numbers_but (window, (const char *[]) { "2026-060", "2026-061", NULL });
  erase_waiting (window, page, &holder);
  ct_main_page_open_case (main, own_case);
  /* The list's read after the erasure waits here: its rows go at once. */
  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  wait_privacy_written (page);
  g_assert_false (row_exists (window->session, "households", household));
  assert_list_is (window, others);
  g_assert_true (ct_case_list_is_loading (main->case_list));
  g_assert_cmpstr (toast_title (window), ==, _("Household erased"));
  g_mutex_unlock (&hold);
  ct_test_wait_until (list_read, window, 20, "the case list read again");
  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
  ct_test_wait_case_page (main->case_page);
  /* Still on the case the member went to. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main->cases_stack), ==, "case");
  g_assert_cmpstr (ct_case_page_get_number (main->case_page), ==, "2026-014");
  assert_list_is (window, others);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-after-switch");

  /* Back to the list while it waits: the page shows nothing. */
  page = open_case (window, "2026-070");
  g_ptr_array_unref (others);
  others = numbers_but (window, (const char *[]) { "2026-070", NULL });
  erase_waiting (window, page, &holder);
  gtk_widget_activate_action (GTK_WIDGET (main), "casework.back", NULL);
  g_assert_cmpint (ct_case_page_get_household_id (page), ==, 0);
  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  _ct_session_set_read_hold (&hold);
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  wait_privacy_written (page);
  assert_list_is (window, others);
  g_assert_true (ct_case_list_is_loading (main->case_list));
  g_assert_cmpstr (toast_title (window), ==, _("Household erased"));
  g_mutex_unlock (&hold);
  ct_test_wait_until (list_read, window, 20, "the case list read again");
  _ct_session_set_read_hold (NULL);
  g_mutex_clear (&hold);
  assert_list_is (window, others);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main->cases_stack), ==, "list");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-after-leaving");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

static gint64
member_id (CtTestTeam *t,
           const char *login)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (t, login);

  return ct_session_get_member_id (session);
}

static void
add_households (void)
{
  gint64 anna = member_id (team, "anna"), bob = member_id (team, "bob");
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(GError) error = NULL;
  const char *merel[] = { "first_name", "Merel", "last_name", OWN_NAME, "relation", "hoofd",
                          "bsn", "111222333", NULL };
  const char *pim[] = { "first_name", "Pim", "last_name", OWN_NAME, "relation", "kind", NULL };
  const char *second[] = { "number", "2026-041", "referral_date", "2026-02-01",
                           "status", "in_uitvoering", NULL };
  const char *late[] = { "number", "2026-051", "referral_date", "2026-01-10",
                         "status", "in_uitvoering", NULL };
  gint64 other;

  /* The test team's household: two persons, directed by anna. */
  person_merel = insert (session, "persons", merel, "household_id", team->household_id);
  person_pim = insert (session, "persons", pim, "household_id", team->household_id);
  kase = ct_session_get (session, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", anna);
  g_assert_true (ct_session_update (session, kase, &error));
  g_assert_no_error (error);

  add_household_with_case (session, bob, "Kees", OTHER_NAME, OTHER_CASE, "2026-01-20", NULL);
  youth_household = add_household_with_case (session, anna, "Jet", "Jeugdzorg", "2026-030",
                                             "2026-01-05", "jeugdwet");
  /* Referred again within twelve months: a repeat. */
  repeat_household = add_household_with_case (session, anna, "Ria", "Herhaal", "2025-040",
                                              "2025-03-01", NULL);
  insert (session, "cases", second, "household_id", repeat_household);
  /* After two years: no repeat. */
  other = add_household_with_case (session, anna, "Tom", "Laat", "2024-050", "2024-01-01", NULL);
  insert (session, "cases", late, "household_id", other);
  /* Need-to-know on, as for a new team: each member here directs what
   * they open, and carla (politie) is involved in nothing. */
  g_assert_true (ct_session_set_need_to_know (session, TRUE, 14, &error));
  g_assert_no_error (error);
  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();
  add_households ();

  app = ct_test_app_new ();

  g_test_add_func ("/privacy/repeat-tag", test_repeat_tag);
  g_test_add_func ("/privacy/who-may", test_who_may);
  g_test_add_func ("/privacy/inzage", test_inzage);
  g_test_add_func ("/privacy/rectify", test_rectify);
  g_test_add_func ("/privacy/erase", test_erase);
  g_test_add_func ("/privacy/erase-kept", test_erase_kept);
  g_test_add_func ("/privacy/restrict", test_restrict);
  g_test_add_func ("/privacy/erase-while-reading", test_erase_while_reading);
  g_test_add_func ("/privacy/erase-elsewhere", test_erase_elsewhere);
  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  ct_test_team_free (team);
  return ret;
}
