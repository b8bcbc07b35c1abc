/* test-privacy-erase.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Erasure on request in the whole window (docs/retention.md): a
 * beheerder erases a person, then a household, in two steps with a
 * preview that counts and names no other household; where the Jeugdwet
 * keeps a case, nothing goes and the request is recorded. An erasure
 * while a reader holds the file waits, and the window goes on; when the
 * member went to another case or back to the list meanwhile, the
 * household's rows still go as soon as it is done, and no other row
 * does. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-core-test-util.h"
#include "ct-main-page-private.h"
#include "ct-test-privacy.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-window-private.h"

/* A person, then the household; the first step's choice, the second's
 * counts; Cancel at the second step erases nothing. */
static void
test_erase (void)
{
  CtWindow *window = ct_privacy_window ();
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  g_autofree char *extra = NULL;
  CtCasePage *page;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-014");

  /* Step one names this household's people, and grounds; Cancel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  extra = ct_privacy_choices_of (page->erase_subject);
  g_assert_true (ct_privacy_contains (extra, "Merel " OWN_NAME));
  g_assert_false (ct_privacy_contains (extra, OTHER_NAME));
  g_assert_true (ct_privacy_contains (extra, _("The whole household")));
  ct_test_screenshot (dialog, "erase-choose");
  ct_test_respond (dialog, "cancel");

  /* A person: step two says one record; Erase removes just them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_subject, 1);  /* Merel, the first person */
  gtk_drop_down_set_selected (page->erase_ground, 1);   /* consent withdrawn */
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Person?"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "erase"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  ct_test_respond (dialog, "erase");
  ct_privacy_wait_written (page);
  /* At once, before any worker has read the list again: no row names her. */
  {
    CtCaseItem *item = ct_privacy_find_item (window, "2026-014");

    g_assert_true (item == NULL
                   || !ct_privacy_contains (ct_case_item_get_name (item), "Merel"));
  }
  ct_test_wait_case_page (ct_privacy_main_page (window)->case_page);
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Person erased"));
  g_assert_false (ct_privacy_row_exists (window->session, "persons", ct_privacy_person_merel));
  g_assert_true (ct_privacy_row_exists (window->session, "persons", ct_privacy_person_pim));
  g_assert_true (ct_privacy_row_exists (window->session, "households",
                                        ct_privacy_team->household_id));
  page = ct_privacy_main_page (window)->case_page;
  g_assert_cmpuint (page->persons->len, ==, 1);
  /* The list no longer names her either. */
  g_assert_cmpstr (ct_case_item_get_name (ct_privacy_find_item (window, "2026-014")), ==,
                   "Pim " OWN_NAME);

  /* The repeat household whole: its counts, and no other household's. */
  page = ct_privacy_open_case (window, "2026-041");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_ground, 0);
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Household?"));
  body = g_strdup (adw_message_dialog_get_body (dialog));
  {
    g_autofree char *cases = g_strdup_printf (ngettext ("%u case", "%u cases", 2), 2);
    g_autofree char *persons = g_strdup_printf (ngettext ("%u person", "%u persons", 1), 1);

    g_assert_true (ct_privacy_contains (body, cases));
    g_assert_true (ct_privacy_contains (body, persons));
  }
  g_assert_false (ct_privacy_contains (body, OTHER_NAME));
  g_assert_false (ct_privacy_contains (body, "2026-014"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "erase-household");

  /* Cancel at the last step: all stays. */
  ct_test_respond (dialog, "cancel");
  g_assert_true (ct_privacy_row_exists (window->session, "households",
                                        ct_privacy_repeat_household));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
  /* The list reads again in a worker, held here: its cases are gone at
   * once, and the window answers meanwhile. */
  ct_core_test_hold_reads ();
  ct_test_respond (dialog, "erase");
  ct_privacy_wait_written (page);
  g_assert_false (ct_privacy_row_exists (window->session, "households",
                                         ct_privacy_repeat_household));
  /* Back to the list, without its cases; the page holds nothing of it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ct_privacy_main_page (window)->cases_stack),
                   ==, "list");
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Household erased"));
  g_assert_null (ct_privacy_find_item (window, "2026-041"));
  g_assert_null (ct_privacy_find_item (window, "2025-040"));
  g_assert_nonnull (ct_privacy_find_item (window, OTHER_CASE));
  g_assert_true (ct_case_list_is_loading (ct_privacy_main_page (window)->case_list));
  ct_test_wait_main_loop ("the main loop to run while the list is read again");
  g_assert_null (ct_privacy_find_item (window, "2026-041"));
  ct_core_test_release_reads ();
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  g_assert_null (ct_privacy_find_item (window, "2026-041"));
  g_assert_null (ct_privacy_find_item (window, "2025-040"));
  g_assert_nonnull (ct_privacy_find_item (window, OTHER_CASE));
  g_assert_null (ct_privacy_main_page (window)->case_page->household);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-done");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* An open Jeugdwet case keeps the household: the second step says so and
 * only records the request. */
static void
test_erase_kept (void)
{
  CtWindow *window = ct_privacy_window ();
  AdwMessageDialog *dialog;
  CtCasePage *page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean recorded = FALSE;

  ct_privacy_unlock ("anna");
  page = ct_privacy_open_case (window, "2026-030");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  gtk_drop_down_set_selected (page->erase_ground, 2);  /* objection */
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("The Law Keeps This Household"));
  g_assert_true (ct_privacy_contains (adw_message_dialog_get_body (dialog), "2026-030"));
  g_assert_false (adw_message_dialog_has_response (dialog, "erase"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (dialog, "erase-kept");
  ct_test_respond (dialog, "record");
  ct_privacy_wait_written (page);
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Request recorded; nothing was erased"));
  g_assert_true (ct_privacy_row_exists (window->session, "households", ct_privacy_youth_household));

  log = ct_session_read_household_log (window->session, ct_privacy_youth_household, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (ct_privacy_contains (e->purpose, "erasure request")
          && ct_privacy_contains (e->purpose, "bezwaar"))
        recorded = TRUE;
    }
  g_assert_true (recorded);
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
  CtWindow *window = ct_privacy_window ();
  AdwMessageDialog *dialog;
  CtCoreTestReaderHold holder;
  GtkWidget *button;
  CtCasePage *page;
  gint64 household;

  ct_privacy_unlock ("anna");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  page = ct_privacy_open_case (window, "2024-050");
  household = ct_record_get_id (page->household);
  ct_privacy_scroll_to_end (page);
  button = ct_test_find_actionable (GTK_WIDGET (page), "case.erase");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.erase", NULL));
  dialog = ct_privacy_wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Erase This Household?"));

  ct_core_test_reader_hold (window->session, &holder);
  ct_test_respond (dialog, "erase");
  g_assert_cmpuint (page->privacy_writing, ==, 1);
  ct_test_wait_ticks (20, "the window while the write waits");
  g_assert_cmpuint (page->privacy_writing, ==, 1);
  g_assert_cmpstr (ct_test_button_text (button), ==, _("Saving…"));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (ct_privacy_row_exists (window->session, "households", household));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-saving");

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_privacy_wait_written (page);
  g_assert_false (ct_privacy_row_exists (window->session, "households", household));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ct_privacy_main_page (window)->cases_stack),
                   ==, "list");
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Household erased"));
  g_assert_null (ct_privacy_find_item (window, "2024-050"));
  g_assert_null (page->household);
  g_assert_cmpstr (ct_test_button_text (button), ==, _("_Erase…"));
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

/* Every case number the list holds, but those in @except. */
static GPtrArray *
numbers_but (CtWindow           *window,
             const char * const *except)
{
  GListModel *model = ct_case_list_get_model (ct_privacy_main_page (window)->case_list);
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
  GListModel *model = ct_case_list_get_model (ct_privacy_main_page (window)->case_list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, numbers->len);
  for (guint i = 0; i < numbers->len; i++)
    g_assert_nonnull (ct_privacy_find_item (window, g_ptr_array_index (numbers, i)));
}

static gboolean
listed (gpointer window)
{
  return ct_privacy_find_item (window, "2026-070") != NULL
         && ct_privacy_find_item (window, "2026-061") != NULL;
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
  dialog = ct_privacy_wait_for_step (page);
  ct_test_respond (dialog, "next");
  dialog = ct_privacy_wait_for_step (page);
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
  CtWindow *window = ct_privacy_window ();
  CtMainPage *main = ct_privacy_main_page (window);
  const char *later[] = { "number", "2026-061", "referral_date", "2026-02-20",
                          "status", "in_uitvoering", NULL };
  g_autoptr(GPtrArray) others = NULL;
  CtCoreTestReaderHold holder;
  CtCasePage *page;
  gint64 anna, household, own_case;

  ct_privacy_unlock ("anna");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  anna = ct_session_get_member_id (window->session);
  household = ct_privacy_add_household (window->session, anna, "Vera", "Wissel", "2026-060",
                                        "2026-02-10", NULL);
  ct_privacy_insert (window->session, "cases", later, "household_id", household);
  ct_privacy_add_household (window->session, anna, "Bas", "Terug", "2026-070", "2026-02-12",
                            NULL);
  ct_main_page_reload_cases (main);
  ct_test_wait_until (listed, window, 20, "the new households in the list");
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read");
  own_case = ct_case_item_get_id (ct_privacy_find_item (window, "2026-014"));

  /* Another case while the erasure waits: the page shows no part of the
   * household erased when it is done. */
  page = ct_privacy_open_case (window, "2026-060");
  g_assert_cmpint (ct_case_page_get_household_id (page), ==, household);
  others = numbers_but (window, (const char *[]) { "2026-060", "2026-061", NULL });
  erase_waiting (window, page, &holder);
  ct_main_page_open_case (main, own_case);
  /* The list's read after the erasure waits here: its rows go at once. */
  ct_core_test_hold_reads ();
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_privacy_wait_written (page);
  g_assert_false (ct_privacy_row_exists (window->session, "households", household));
  assert_list_is (window, others);
  g_assert_true (ct_case_list_is_loading (main->case_list));
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Household erased"));
  ct_core_test_release_reads ();
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  ct_test_wait_case_page (main->case_page);
  /* Still on the case the member went to. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main->cases_stack), ==, "case");
  g_assert_cmpstr (ct_case_page_get_number (main->case_page), ==, "2026-014");
  assert_list_is (window, others);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-after-switch");

  /* Back to the list while it waits: the page shows nothing. */
  page = ct_privacy_open_case (window, "2026-070");
  g_ptr_array_unref (others);
  others = numbers_but (window, (const char *[]) { "2026-070", NULL });
  erase_waiting (window, page, &holder);
  gtk_widget_activate_action (GTK_WIDGET (main), "casework.back", NULL);
  g_assert_cmpint (ct_case_page_get_household_id (page), ==, 0);
  ct_core_test_hold_reads ();
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_privacy_wait_written (page);
  assert_list_is (window, others);
  g_assert_true (ct_case_list_is_loading (main->case_list));
  g_assert_cmpstr (ct_privacy_toast_title (window), ==, _("Household erased"));
  ct_core_test_release_reads ();
  ct_test_wait_until (ct_privacy_list_read, window, 20, "the case list read again");
  assert_list_is (window, others);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main->cases_stack), ==, "list");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "erase-after-leaving");
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

int
main (int   argc,
      char *argv[])
{
  ct_privacy_test_init (&argc, &argv);

  g_test_add_func ("/privacy/erase", test_erase);
  g_test_add_func ("/privacy/erase-kept", test_erase_kept);
  g_test_add_func ("/privacy/erase-while-reading", test_erase_while_reading);
  g_test_add_func ("/privacy/erase-elsewhere", test_erase_elsewhere);
  return ct_privacy_test_run ();
}
