/* test-purge.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The purge offered at unlock (docs/retention.md), in the whole window: a
 * beheerder who unlocks a team in which a household's retention term has
 * ended is asked to anonymise it, with the case number and the term and
 * nobody's name. "Later" keeps everything and asks again at the next
 * unlock; "Anonymise" removes the household's identity and says so; after
 * that nothing is asked. A member who may not purge is never asked. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-application.h"
#include "ct-core-test-util.h"
#include "ct-main-page.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-unlock-page-private.h"
#include "ct-window-private.h"

/* A name that must be gone from the team once its term ended. */
#define CANARY "Zwaluwstaart"

static CtApplication *app;
static CtTestTeam *team;
static gint64 due_household;

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team->path, login, CT_TEST_PASSPHRASE, 30);
}

/* Every label under @widget, joined: what a person reads in the dialog. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

/* The due household's first person as the window's session reads it. */
static char *
due_first_name (CtWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = ct_session_list (window->session, "persons", "household_id",
                                                  due_household, &error);

  g_assert_no_error (error);
  if (persons->len == 0)
    return NULL;
  return g_strdup (ct_record_get (g_ptr_array_index (persons, 0), "first_name"));
}

static gboolean
question_shown (gpointer unused)
{
  return ct_test_find_message_dialog (NULL, TRUE) != NULL;
}

/* The check after unlock is read in a worker; it is done when the window
 * no longer waits for it. */
static gboolean
check_done (gpointer window)
{
  return CT_WINDOW (window)->purge_checking == NULL;
}

/* No question: the check ran to its end, and what it queued has run. */
static void
assert_not_asked (void)
{
  ct_test_wait_until (check_done, get_window (), 20, "the retention check");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the unlock to settle");
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));
}

static AdwMessageDialog *
expect_purge_question (void)
{
  AdwMessageDialog *dialog;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *png = NULL;

  ct_test_wait_until (question_shown, NULL, 20, "the retention question");
  dialog = ct_test_find_message_dialog (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Retention Terms Ended"));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  collect_text (GTK_WIDGET (dialog), text);
  /* The case and its term, never a name. */
  g_assert_nonnull (strstr (text->str, "2001-007"));
  g_assert_nonnull (strstr (text->str, _("Wmo: 15 years after closing")));
  g_assert_null (strstr (text->str, CANARY));
  g_assert_null (strstr (text->str, "2026-014"));
  png = g_strdup_printf ("purge-question-%s.png", ct_test_get_language ());
  ct_test_save_screenshot (GTK_WIDGET (dialog), png);
  return dialog;
}

static void
test_offer (void)
{
  CtWindow *window = get_window ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *png = NULL;
  g_autofree char *done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u household anonymised",
                                                        "%u households anonymised", 1), 1);

  /* Not a beheerder: not asked. */
  unlock_as ("bob");
  assert_not_asked ();

  /* Later: everything stays, and the question comes back. */
  unlock_as ("anna");
  ct_test_answer_and_wait (expect_purge_question (), "later");
  before = due_first_name (window);
  g_assert_cmpstr (before, ==, CANARY);

  unlock_as ("anna");
  ct_test_answer_and_wait (expect_purge_question (), "purge");
  g_assert_cmpstr (_ct_window_get_toast_title (window), ==, done);
  after = due_first_name (window);
  g_assert_cmpstr (after, !=, CANARY);
  png = g_strdup_printf ("purge-done-%s.png", ct_test_get_language ());
  ct_test_save_screenshot (GTK_WIDGET (window), png);

  /* Done: nothing is asked again. */
  unlock_as ("anna");
  assert_not_asked ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
}

static gboolean
unlocked (gpointer window)
{
  return CT_WINDOW (window)->session != NULL;
}

/* @data's session is back to the one reference the test holds. */
static gboolean
session_released (gpointer data)
{
  return g_atomic_int_get (&G_OBJECT (data)->ref_count) == 1;
}

/* Connected before the window's own handler, so it runs first: once the
 * case list has read its cases, the test hook holds the next reader, the
 * retention check the window starts right after. */
static void
cases_loaded_cb (CtMainPage *main_page,
                 GParamSpec *pspec,
                 gboolean   *held_again)
{
  if (ct_main_page_get_cases_loading (main_page) || *held_again)
    return;
  ct_core_test_hold_reads ();
  *held_again = TRUE;
}

static gboolean
check_started (gpointer window)
{
  return CT_WINDOW (window)->purge_checking != NULL;
}

/* The check reads every case, so it runs in a worker, and only once the
 * case list has read its cases, which would otherwise wait behind it
 * (docs/robustness.md, "A busy team file"). Held here on the test hook:
 * while the list reads, the check has not begun; then the window answers
 * while the check reads, with no question yet; locked before it is done,
 * the question never comes. */
static void
test_check_off_main_loop (void)
{
  CtWindow *window = get_window ();
  CtUnlockPage *page = CT_UNLOCK_PAGE (window->unlock_page);
  CtMainPage *main_page = CT_MAIN_PAGE (window->main_page);
  g_autoptr(CtSession) session = NULL;
  gboolean held_again = FALSE;
  gulong handler;

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  ct_core_test_hold_reads ();
  handler = g_signal_connect (main_page, "notify::cases-loading", G_CALLBACK (cases_loaded_cb),
                              &held_again);
  ct_window_open_file (window, team->path, "anna");
  gtk_editable_set_text (GTK_EDITABLE (page->passphrase_row), CT_TEST_PASSPHRASE);
  g_signal_emit_by_name (page->submit_button, "clicked");
  ct_test_wait_until (unlocked, window, 30, "the unlock");
  session = g_object_ref (window->session);

  /* The case list's reads are held: the check waits for them. */
  ct_test_wait_main_loop ("the main loop to run while the case list reads");
  g_assert_true (ct_main_page_get_cases_loading (main_page));
  g_assert_null (window->purge_checking);
  g_assert_cmpuint (window->purge_wait_id, !=, 0);
  ct_core_test_release_reads ();
  ct_test_wait_until (check_started, window, 30, "the check after the case list");
  g_assert_true (held_again);
  g_assert_false (ct_main_page_get_cases_loading (main_page));
  g_assert_cmpuint (window->purge_wait_id, ==, 0);

  ct_test_wait_main_loop ("the main loop to run while the check reads");
  g_assert_nonnull (window->purge_checking);
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));

  g_action_group_activate_action (G_ACTION_GROUP (window), "lock", NULL);
  g_assert_null (window->purge_checking);
  ct_core_test_release_reads ();
  ct_test_wait_until (session_released, session, 20, "the reads given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the reads' results");
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));
  g_assert_null (window->session);

  g_signal_handler_disconnect (main_page, handler);
}

/* A household whose case closed in 2001 under the Wmo (15 years): its term
 * ended in 2016, due on any day this test runs. */
static void
add_due_household (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(CtRecord) h = ct_record_new ("households");
  g_autoptr(CtRecord) p = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");

  ct_record_set (h, "area", "Oost");
  due_household = ct_session_insert (session, h, &error);
  g_assert_no_error (error);
  ct_record_set_int (p, "household_id", due_household);
  ct_record_set (p, "first_name", CANARY);
  ct_record_set (p, "last_name", "Kwartel");
  ct_record_set (p, "relation", "hoofd");
  ct_session_insert (session, p, &error);
  g_assert_no_error (error);
  ct_record_set_int (c, "household_id", due_household);
  ct_record_set (c, "number", "2001-007");
  ct_record_set (c, "referral_date", "2000-03-01");
  ct_record_set (c, "status", "afgesloten");
  ct_record_set (c, "outcome", "doel_bereikt");
  ct_record_set (c, "closed_on", "2001-01-05");
  ct_record_set (c, "retention", "wmo");
  ct_session_insert (session, c, &error);
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
  add_due_household ();

  app = ct_test_app_new ();

  g_test_add_func ("/purge/offer", test_offer);
  g_test_add_func ("/purge/check-off-main-loop", test_check_off_main_loop);
  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  ct_test_team_free (team);
  return ret;
}
