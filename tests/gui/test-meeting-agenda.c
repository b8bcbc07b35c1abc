/* test-meeting-agenda.c — a meeting held: reopened, resumed, an item
 * postponed, the agenda read in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What comes after a meeting was held, through CtMeetingsPage on the
 * meeting team of the program's own (ct-test-meeting.h): the meeting is
 * held through the core API first (hold_meetings()); test-meeting.c runs
 * one through the widgets. The tests run in order, each on what the one
 * before left; one session is open at a time, as the file lock requires. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-gui-labels.h"
#include "ct-meeting-run-view-private.h"
#include "ct-meeting.h"
#include "ct-meetings-page-private.h"
#include "ct-page.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"
#include "ct-test-meeting.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static const CtMeetingTestTeam *team;
static CtSession *session;
static gint64 first_meeting;
static gint64 second_meeting;

static gint64
plan_meeting (const char *held_on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  gint64 id;

  ct_record_set (meeting, "held_on", held_on);
  ct_record_set (meeting, "status", "gepland");
  id = ct_session_insert (session, meeting, &error);
  g_assert_no_error (error);
  return id;
}

/* Every member of the team invited to @meeting_id, as the plan dialog
 * does. */
static void
invite_members (gint64 meeting_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_meeting_list_members (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(CtRecord) attendee = ct_record_new ("attendees");

      ct_record_set_int (attendee, "meeting_id", meeting_id);
      ct_record_set_int (attendee, "member", ((CtMeetingMember *) g_ptr_array_index (members, i))->id);
      ct_record_set (attendee, "present", "true");
      g_assert_cmpint (ct_session_insert (session, attendee, &error), >, 0);
      g_assert_no_error (error);
    }
}

/* The first meeting, on the three cases, held and closed as the chair
 * does: each item closed with its advice, then the meeting; the second
 * planned after it. */
static void
hold_meetings (void)
{
  g_autoptr(GError) error = NULL;
  gint64 items[G_N_ELEMENTS (team->case_ids)];

  session = ct_meeting_test_switch_to ("regisseur");
  first_meeting = plan_meeting ("2026-02-03");
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      items[i] = ct_meeting_add_case (session, first_meeting, team->case_ids[i], 15, &error);
      g_assert_no_error (error);
    }
  second_meeting = plan_meeting ("2026-02-10");

  session = ct_meeting_test_switch_to ("voorzitter");
  g_assert_true (ct_meeting_set_status (session, first_meeting, "bezig", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_true (ct_meeting_close_item (session, items[i], NULL, "Netwerkberaad plannen.",
                                            NULL, "2026-02-03", &error));
      g_assert_no_error (error);
    }
  g_assert_true (ct_meeting_set_status (session, first_meeting, "gesloten", &error));
  g_assert_no_error (error);
}

/* The meetings page of a session of @login in a window of its own, on
 * @meeting_id's agenda once it is read. */
static CtMeetingsPage *
open_agenda (const char *login,
             gint64      meeting_id,
             GtkWindow **window)
{
  CtMeetingsPage *page;

  session = ct_meeting_test_switch_to (login);
  page = CT_MEETINGS_PAGE (ct_meetings_page_new (session));
  *window = ct_meeting_test_window (GTK_WIDGET (page), 1000, 700);
  _ct_meetings_page_open_meeting (page, meeting_id);
  ct_meeting_test_wait_agenda (page);
  return page;
}

/* The first widget under @root whose tooltip is @tooltip, such as an
 * agenda row's Move up button, or %NULL. */
static GtkWidget *
find_tooltip (GtkWidget  *root,
              const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
reopened (gpointer page)
{
  return !ct_saving_is_saving (CT_MEETINGS_PAGE (page)->reopen_button);
}

/* A meeting closed too early opens again: not for a regisseur, for the
 * voorzitter with a reason that the access log keeps. */
static void
test_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtMeetingsPage *page;
  GtkWindow *window;
  AdwMessageDialog *dialog;
  gboolean logged = FALSE;

  page = open_agenda ("regisseur", first_meeting, &window);
  g_assert_true (gtk_widget_get_visible (page->reopen_button));
  g_assert_false (gtk_widget_is_sensitive (page->reopen_button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (page->reopen_button));
  ct_meetings_page_set_session (page, NULL);
  gtk_window_destroy (window);

  page = open_agenda ("voorzitter", first_meeting, &window);
  g_assert_true (gtk_widget_is_sensitive (page->reopen_button));
  /* A closed meeting takes no more cases: no heading for them. Its
   * agenda keeps its order and it does not start: it is reopened. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_mapped (page->awaiting_heading));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page->awaiting_list)));
  g_assert_false (gtk_widget_get_mapped (page->start_button));
  g_assert_false (gtk_widget_get_mapped (page->reorder_hint));
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 3);
  g_assert_null (find_tooltip (GTK_WIDGET (page->agenda_list), _("Move up")));
  g_assert_null (find_tooltip (GTK_WIDGET (page->agenda_list), _("Move down")));
  g_assert_false (_ct_meetings_page_move_item (page, 1, 0));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-closed");

  /* Cancelled: still closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.reopen", NULL));
  dialog = ct_test_find_message_dialog (_("Reopen the Meeting?"), FALSE);
  g_assert_nonnull (dialog);
  ct_test_answer (dialog, "cancel");
  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, "gesloten");
  g_clear_pointer (&meeting, ct_record_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.reopen", NULL));
  dialog = ct_test_find_message_dialog (_("Reopen the Meeting?"), FALSE);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  gtk_editable_set_text (GTK_EDITABLE (ct_reason_dialog_get_row (dialog)),
                         "Punt over de huur was vergeten");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "meeting-reopen");
  ct_test_answer (dialog, CT_REASON_DIALOG_CONFIRM);
  /* Through the session's write queue: "Saving…" meanwhile. */
  g_assert_true (ct_saving_is_saving (page->reopen_button));
  g_assert_false (gtk_widget_is_sensitive (page->reopen_button));
  ct_test_wait_until (reopened, page, 20, "the meeting to be reopened");
  ct_meeting_test_wait_agenda (page);

  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, "bezig");
  g_assert_false (gtk_widget_get_visible (page->reopen_button));
  /* Open again: its agenda moves and it starts (test_resume()). */
  g_assert_true (gtk_widget_get_visible (page->start_button));
  g_assert_true (gtk_widget_get_visible (page->reorder_hint));
  g_assert_nonnull (find_tooltip (GTK_WIDGET (page->agenda_list), _("Move up")));
  log = ct_session_read_log (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->object_id == first_meeting && g_strcmp0 (e->object_table, "meetings") == 0
          && g_strcmp0 (e->purpose, "reopen meeting; Punt over de huur was vergeten") == 0)
        logged = TRUE;
    }
  g_assert_true (logged);

  /* Left under way: test_resume() continues it. */
  ct_meetings_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

/* The entries of the access log that say @meeting_id was changed. */
static guint
count_meeting_updates (gint64 meeting_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->action == 'U' && e->object_id == meeting_id
          && g_strcmp0 (e->object_table, "meetings") == 0)
        n++;
    }
  return n;
}

static gboolean
run_closed (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->closing == 0;
}

/* What is on screen under @root that a person reads as the page's
 * parts and steps: each heading ("heading:Attendance|") and the action of
 * each button ("button:run.project|"), in order. */
static void
append_shown (GtkWidget *root,
              GString   *out)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "heading"))
    g_string_append_printf (out, "heading:%s|", gtk_label_get_text (GTK_LABEL (root)));
  if (GTK_IS_BUTTON (root))
    g_string_append_printf (out, "button:%s|", gtk_actionable_get_action_name (GTK_ACTIONABLE (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    append_shown (c, out);
}

/* What the chair sees once every item of @meeting_id is closed or
 * postponed: the meeting, its attendance and the next step, closing it,
 * on one button; no timer, no headings of an item with nothing under
 * them, nothing of the last case, no advice to write. */
static void
assert_all_discussed (CtMeetingRunView *run,
                      gint64            meeting_id,
                      const char       *last_case_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", meeting_id, &error);
  g_autofree char *held_on = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *expected = g_strdup_printf ("button:run.project|button:app.help-topic|"
                                               "button:run.close-meeting|heading:%s|",
                                               _("Attendance"));
  AdwStatusPage *done;

  g_assert_no_error (error);
  ct_test_wait_for_draw (GTK_WIDGET (run));
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), ==, 0);
  held_on = ct_gui_format_date (ct_record_get (meeting, "held_on"));
  title = g_strdup_printf (_("Meeting of %s"), held_on);
  g_assert_cmpstr (gtk_label_get_text (run->item_label), ==, title);

  done = ADW_STATUS_PAGE (ct_test_find_widget (GTK_WIDGET (run), ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (done);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (done)));
  g_assert_cmpstr (adw_status_page_get_title (done), ==, _("All Items Discussed"));
  g_assert_true (ct_test_find_button (GTK_WIDGET (done), _("Close _Meeting")) == run->done_close_button);

  /* The run view, the toast aside: one step, closing the meeting, and
   * one heading, the attendance. */
  append_shown (adw_toast_overlay_get_child (run->toast_overlay), shown);
  g_assert_cmpstr (shown->str, ==, expected);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (run->timer_box)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (run->summary_label)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (run->advice_view)));
  if (last_case_text != NULL)
    g_assert_false (ct_test_tree_contains (gtk_stack_get_visible_child (run->item_stack),
                                           last_case_text));
  g_assert_true (gtk_widget_is_sensitive (run->done_close_button));
  g_assert_true (gtk_widget_has_css_class (run->done_close_button, "suggested-action"));
}

/* Starting a meeting already under way (reopened above) resumes it: the
 * run view shows it at once, with no write queued ("Saving…" never shows)
 * and no entry in the access log that says the meeting changed. Closing
 * it again is written, and logged, as ever. */
static void
test_resume (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = NULL;
  CtMeetingsPage *page;
  GtkWindow *window;
  guint updates;

  page = open_agenda ("voorzitter", first_meeting, &window);
  updates = count_meeting_updates (first_meeting);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.start", NULL));
  g_assert_false (ct_saving_is_saving (page->start_button));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "run");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the resumed meeting");
  g_assert_cmpuint (count_meeting_updates (first_meeting), ==, updates);
  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, "bezig");
  g_clear_pointer (&meeting, ct_record_unref);
  /* Every item was closed before the meeting was reopened: nothing to
   * discuss, and nothing to project. */
  assert_all_discussed (page->run_view, first_meeting, NULL);
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (page->run_view),
                                                                    "run.project")));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-resumed");

  ct_test_click (page->run_view->done_close_button);
  g_assert_true (ct_saving_is_saving (page->run_view->done_close_button));
  ct_test_wait_until (run_closed, page->run_view, 20, "the meeting to be closed");
  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, "gesloten");
  g_assert_cmpuint (count_meeting_updates (first_meeting), ==, updates + 1);
  ct_meetings_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

static gboolean
run_shown (gpointer page)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (CT_MEETINGS_PAGE (page)->stack), "run") == 0;
}

/* The second meeting, on the first case again: its item postponed from
 * the run view keeps its notes, the case stays on the agenda for later,
 * and the run goes on to what is left (nothing here). */
static void
test_postpone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) item = NULL;
  CtMeetingsPage *page;
  CtMeetingRunView *run;
  GtkWindow *window;
  gint64 item_id;

  session = ct_meeting_test_switch_to ("regisseur");
  item_id = ct_meeting_add_case (session, second_meeting, team->case_ids[0], 15, &error);
  g_assert_no_error (error);
  invite_members (second_meeting);

  page = open_agenda ("voorzitter", second_meeting, &window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.start", NULL));
  ct_test_wait_until (run_shown, page, 20, "the meeting to start");
  run = page->run_view;
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), ==, item_id);
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (run->summary_label), "Huurachterstand"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (run->notes_view),
                            "Eerst het gesprek met de verhuurder afwachten.", -1);
  g_assert_true (ct_meeting_run_view_get_unsaved (run));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.postpone-item", NULL));
  ct_test_wait_until (run_closed, run, 20, "the item to be postponed");
  g_assert_true (ct_meeting_test_has_text (GTK_WIDGET (run->toast_overlay), _("Item postponed")));
  assert_all_discussed (run, second_meeting, "Huurachterstand");
  /* The table may still look back at the cases of this meeting. */
  g_assert_true (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (run),
                                                                   "run.project")));
  g_assert_cmpuint (ct_meeting_test_count_rows (run->attendance_list), >, 0);
  ct_test_screenshot (GTK_WIDGET (window), "meeting-all-discussed");
  item = ct_session_get (session, "agenda_items", item_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (item, "status"), ==, "uitgesteld");
  g_assert_cmpstr (ct_record_get (item, "notes"), ==,
                   "Eerst het gesprek met de verhuurder afwachten.");
  ct_meetings_page_set_session (page, NULL);
  gtk_window_destroy (window);
}

/* The session's references, less @page's own: the reads given up are done
 * when the session is back to them. */
static gboolean
reads_done (gpointer data)
{
  return (guint) g_atomic_int_get (&G_OBJECT (session)->ref_count) <= GPOINTER_TO_UINT (data);
}

/* The agenda is read in a worker, held here on the test hook: meanwhile
 * the main loop runs and the page shows a spinner, never the meeting the
 * member left; a read given up, for another meeting or by a lock, never
 * shows. */
static void
test_agenda_worker (void)
{
  CtMeetingsPage *page;
  GtkWindow *window;
  g_autofree char *first_title = NULL;
  guint refs;

  page = open_agenda ("voorzitter", first_meeting, &window);
  first_title = g_strdup (gtk_label_get_text (page->agenda_title));
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 3);

  ct_core_test_hold_reads ();

  /* Another meeting: at once nothing of the first, and a window that answers. */
  _ct_meetings_page_open_meeting (page, second_meeting);
  g_assert_true (ct_page_is_loading (CT_PAGE (page)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->agenda_stack), ==, "loading");
  g_assert_cmpstr (gtk_label_get_text (page->agenda_title), ==, _("Loading Meeting…"));
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 0);
  g_assert_cmpuint (ct_meeting_test_count_rows (page->awaiting_list), ==, 0);
  g_assert_false (gtk_widget_get_visible (page->reopen_button));
  ct_test_wait_main_loop ("the main loop to run while the agenda is read");
  g_assert_true (ct_page_is_loading (CT_PAGE (page)));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-agenda-loading");

  /* Back to the first before the second is read: the second never shows. */
  _ct_meetings_page_open_meeting (page, first_meeting);
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 0);
  refs = g_atomic_int_get (&G_OBJECT (session)->ref_count);
  ct_core_test_release_reads ();
  ct_meeting_test_wait_agenda (page);
  ct_test_wait_until (reads_done, GUINT_TO_POINTER (refs - 2), 20, "both reads to be done");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the reads' results");
  g_assert_cmpstr (gtk_label_get_text (page->agenda_title), ==, first_title);
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 3);

  /* Locked while it reads: nothing of it ever shows. */
  ct_core_test_hold_reads ();
  _ct_meetings_page_open_meeting (page, second_meeting);
  refs = g_atomic_int_get (&G_OBJECT (session)->ref_count);
  ct_meetings_page_set_session (page, NULL);
  g_assert_false (ct_page_is_loading (CT_PAGE (page)));
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 0);
  ct_core_test_release_reads ();
  /* Less the page's and the read's. */
  ct_test_wait_until (reads_done, GUINT_TO_POINTER (refs - 2), 20, "the read given up");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the read's result");
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 0);
  g_assert_cmpuint (ct_meeting_test_count_rows (page->awaiting_list), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "meetings");

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  ct_meeting_test_init (&argc, &argv);
  team = ct_meeting_test_team ();
  hold_meetings ();

  g_test_add_func ("/meeting-agenda/reopen", test_reopen);
  g_test_add_func ("/meeting-agenda/resume", test_resume);
  g_test_add_func ("/meeting-agenda/postpone", test_postpone);
  g_test_add_func ("/meeting-agenda/agenda-worker", test_agenda_worker);

  return ct_meeting_test_run ();
}
