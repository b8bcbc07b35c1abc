/* test-discard.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Nothing typed is lost without a question, over the demo team in the
 * whole window: Escape and Cancel in the referral assistant, Cancel while
 * editing a case, the idle lock while a meeting is being run (it asks
 * whether the chair is still there and keeps the typed advice), and
 * Ctrl+Q with typed advice. Each question is answered both ways. The
 * tests run in order and share one demo team file; quitting comes last. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-application.h"
#include "ct-case-item.h"
#include "ct-case-list-private.h"
#include "ct-case-page-private.h"
#include "ct-demo.h"
#include "ct-gui-labels.h"
#include "ct-main-page-private.h"
#include "ct-meeting-run-view-private.h"
#include "ct-referral-window-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"
#include "ct-window-private.h"

#define ADVICE "Schuldhulp neemt de regie over de betalingsregeling"

static CtApplication *app;
static char *team_path;

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *png = g_strdup_printf ("discard-%s-%s.png", what, ct_test_get_language ());

  ct_test_save_screenshot (widget, png);
}

static CtWindow *
get_window (void)
{
  return ct_test_window_get (G_APPLICATION (app), 1200, 820);
}

static void
unlock_as (const char *login)
{
  ct_test_window_unlock (get_window (), team_path, login, CT_DEMO_PASSPHRASE, 30);
}

static AdwMessageDialog *
expect_question (const char *heading,
                 const char *what)
{
  AdwMessageDialog *dialog = ct_test_find_message_dialog (NULL, TRUE);

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), what);
  return dialog;
}

static gboolean
question_shown (gpointer unused)
{
  return ct_test_find_message_dialog (NULL, TRUE) != NULL;
}

static CtReferralWindow *
find_referral (void)
{
  return CT_REFERRAL_WINDOW (ct_test_find_toplevel (CT_TYPE_REFERRAL_WINDOW));
}

static CtReferralWindow *
open_referral (CtWindow *window)
{
  CtReferralWindow *referral;

  g_action_group_activate_action (G_ACTION_GROUP (window), "new-referral", NULL);
  referral = find_referral ();
  g_assert_nonnull (referral);
  ct_test_wait_for_draw (GTK_WIDGET (referral));
  return referral;
}

static gboolean
referral_closed_or_asks (gpointer unused)
{
  return find_referral () == NULL || ct_test_find_message_dialog (NULL, TRUE) != NULL;
}

/* Escape is bound to window.close, as the Cancel button is. Returns once
 * the window has closed or asks whether to discard. */
static void
escape (CtReferralWindow *referral)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (referral), "window.close", NULL));
  ct_test_wait_until (referral_closed_or_asks, NULL, 20, "the referral to close or ask");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the close to be handled");
}

static void
test_referral (void)
{
  CtWindow *window = get_window ();
  CtReferralWindow *referral;
  CtFieldEditor *area;
  g_autofree char *text = NULL;

  unlock_as ("regisseur");

  /* Untouched, it closes at once, and it opens with the cursor in the
   * first field rather than on Cancel. */
  referral = open_referral (window);
  area = _ct_referral_window_get_editor (referral, "households", "area");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (referral)) == ct_field_editor_get_focus (area)
                 || gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (referral)),
                                            ct_field_editor_get_focus (area)));
  g_assert_false (ct_referral_window_get_unsaved (referral));
  escape (referral);
  g_assert_null (find_referral ());
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));

  /* Typed: Escape asks; keeping keeps the text. */
  referral = open_referral (window);
  ct_field_editor_set_text (_ct_referral_window_get_editor (referral, "persons", "first_name"),
                            "Fatima");
  g_assert_true (ct_referral_window_get_unsaved (referral));
  g_assert_true (_ct_window_has_typed_work (window));
  escape (referral);
  g_assert_true (find_referral () == referral);
  ct_test_answer_and_wait (expect_question (_("Discard This Referral?"), "referral"), "keep");
  g_assert_true (find_referral () == referral);
  text = ct_field_editor_get_text (_ct_referral_window_get_editor (referral, "persons",
                                                                   "first_name"));
  g_assert_cmpstr (text, ==, "Fatima");

  /* Discarding closes it. */
  escape (referral);
  ct_test_answer_and_wait (expect_question (_("Discard This Referral?"), "referral"), "discard");
  g_assert_null (find_referral ());
  g_assert_false (_ct_window_has_typed_work (window));
}

static void
test_case_cancel (void)
{
  CtWindow *window = get_window ();
  CtMainPage *page = CT_MAIN_PAGE (window->main_page);
  g_autoptr(CtCaseItem) item = NULL;

  unlock_as ("regisseur");
  item = g_list_model_get_item (ct_case_list_get_model (page->case_list), 0);
  ct_main_page_open_case (page, ct_case_item_get_id (item));
  ct_test_wait_case_page (page->case_page);

  /* Nothing changed: Cancel just stops editing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.edit", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.cancel", NULL));
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));
  g_assert_false (ct_case_page_get_editing (page->case_page));

  /* Changed: Cancel asks; keeping stays in the form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.edit", NULL));
  _ct_case_page_set_text (page->case_page, "cases", "referred_by", "Wijkagent");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.cancel", NULL));
  ct_test_answer_and_wait (expect_question (_("Discard Unsaved Changes?"), "case-cancel"), "keep");
  g_assert_true (ct_case_page_get_editing (page->case_page));
  g_assert_true (ct_main_page_get_unsaved (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.cancel", NULL));
  ct_test_answer_and_wait (expect_question (_("Discard Unsaved Changes?"), "case-cancel"),
                           "discard");
  g_assert_false (ct_case_page_get_editing (page->case_page));
  g_assert_false (ct_main_page_get_unsaved (page));
}

static CtMeetingRunView *
start_meeting (CtWindow *window)
{
  return ct_test_window_start_meeting (window, 1);
}

static void
type_advice (CtMeetingRunView *run)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (run->advice_view), ADVICE, -1);
}

static gboolean
has_advice (CtMeetingRunView *run)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (run->advice_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_str_equal (text, ADVICE);
}

/* The meeting was made without invitations: the attendance list says so
 * on screen instead of being an empty frame. */
static void
assert_nobody_invited (CtMeetingRunView *run)
{
  const char *expected = _("Nobody was invited to this meeting. Choose the attending members when you plan a meeting.");
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (run->attendance_list));

  g_assert_null (gtk_list_box_get_row_at_index (run->attendance_list, 0));
  while (child != NULL && !GTK_IS_LABEL (child))
    child = gtk_widget_get_next_sibling (child);
  g_assert_nonnull (child);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child)), ==, expected);
  g_assert_true (gtk_widget_get_mapped (child));
}

/* Idle during a meeting: a question, not a lock; "continue" starts the
 * idle time again, "lock" locks. Outside the run view the idle lock is
 * as before. */
static void
test_meeting_idle (void)
{
  CtWindow *window = get_window ();
  CtMeetingRunView *run;

  unlock_as ("voorzitter");
  run = start_meeting (window);
  g_assert_true (window->meeting_view == GTK_WIDGET (run));
  assert_nobody_invited (run);
  screenshot (GTK_WIDGET (window), "run-nobody-invited");
  type_advice (run);
  g_assert_true (ct_meeting_run_view_get_unsaved (run));

  _ct_window_pretend_idle (window, 24 * 60 * 60);
  _ct_window_session_tick (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
  g_assert_true (has_advice (run));
  ct_test_answer_and_wait (expect_question (_("Still in the Meeting?"), "presence"), "here");
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
  /* The answer counts as input: the next tick asks nothing. */
  _ct_window_session_tick (window);
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));
  g_assert_true (has_advice (run));

  /* Two ticks with no answer ask once. */
  _ct_window_pretend_idle (window, 24 * 60 * 60);
  _ct_window_session_tick (window);
  _ct_window_session_tick (window);
  ct_test_answer_and_wait (expect_question (_("Still in the Meeting?"), "presence"), "lock");
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_null (window->meeting_view);

  /* Away from the run view the idle lock locks at once. */
  unlock_as ("voorzitter");
  g_assert_null (window->meeting_view);
  _ct_window_pretend_idle (window, 24 * 60 * 60);
  _ct_window_session_tick (window);
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "unlock");
  g_assert_null (ct_test_find_message_dialog (NULL, TRUE));
}

/* Ctrl+Q with typed advice asks; keeping leaves everything as it was. */
static void
test_quit (void)
{
  CtWindow *window = get_window ();
  CtMeetingRunView *run;
  gpointer weak = window;

  unlock_as ("voorzitter");
  run = start_meeting (window);
  type_advice (run);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  ct_test_wait_until (question_shown, NULL, 20, "the question on quit");
  ct_test_answer_and_wait (expect_question (_("Discard What You Typed?"), "quit"), "keep");
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app))
                 == GTK_WINDOW (window));
  g_assert_cmpstr (_ct_window_get_page_name (window), ==, "team");
  g_assert_true (has_advice (run));

  /* Closing the window is the same question. */
  gtk_window_close (GTK_WINDOW (window));
  ct_test_wait_until (question_shown, NULL, 20, "the question on close");
  ct_test_answer_and_wait (expect_question (_("Discard What You Typed?"), "close"), "keep");
  g_assert_true (has_advice (run));

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  ct_test_wait_until (question_shown, NULL, 20, "the question on quit");
  ct_test_answer_and_wait (expect_question (_("Discard What You Typed?"), "quit"), "discard");
  g_assert_null (weak);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_test_init (&argc, &argv);

  /* What every role sees of every demo household: involvement is
   * test-casework's and test-involvement's. */
  team_path = ct_test_demo_new (12, 3, TRUE);

  app = ct_test_app_new ();

  g_test_add_func ("/discard/referral", test_referral);
  g_test_add_func ("/discard/case-cancel", test_case_cancel);
  g_test_add_func ("/discard/meeting-idle", test_meeting_idle);
  g_test_add_func ("/discard/quit", test_quit);

  ret = g_test_run ();

  g_clear_pointer (&app, ct_test_app_free);
  g_clear_pointer (&team_path, ct_test_demo_free);

  return ret;
}
