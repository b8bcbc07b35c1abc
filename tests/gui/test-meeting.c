/* test-meeting.c — meeting mode through its own widgets
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A whole meeting run through CtMeetingsPage, CtMeetingRunView and the
 * projector, on the meeting team of the program's own
 * (ct-test-meeting.h): planned, run, refused and reported. The tests run
 * in order, each on what the one before left: one meeting's story; one
 * session is open at a time, as the file lock requires. A meeting held
 * and then reopened, resumed or read again is test-meeting-agenda.c's. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-clock.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-gui-labels.h"
#include "ct-meeting-plan-dialog-private.h"
#include "ct-meeting-report.h"
#include "ct-meeting-run-view-private.h"
#include "ct-meeting-widgets.h"
#include "ct-meeting.h"
#include "ct-meetings-page-private.h"
#include "ct-page.h"
#include "ct-projector-window.h"
#include "ct-saving.h"
#include "ct-test-meeting.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-test-window.h"

static const CtMeetingTestTeam *team;
static CtSession *session;
static gint64 first_meeting;

static GtkWidget *
row_button (GtkWidget *row)
{
  GtkWidget *found = NULL;

  /* The last button in the row is its Add (or Move down) button. */
  for (GtkWidget *w = row; w != NULL;)
    {
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (GTK_IS_BUTTON (w) && !GTK_IS_TOGGLE_BUTTON (w))
        found = w;
      while (next == NULL && w != row)
        {
          next = gtk_widget_get_next_sibling (w);
          w = gtk_widget_get_parent (w);
          if (next != NULL)
            break;
        }
      w = next;
    }
  return found;
}

static gint64
agenda_case (CtMeetingsPage *page,
             guint           i)
{
  return ct_record_get_int (g_ptr_array_index (page->agenda, i), "case_id");
}

static const char *
case_status (gint64 case_id)
{
  g_autoptr(GError) error = NULL;
  static char status[32];
  g_autoptr(CtRecord) c = ct_session_get (session, "cases", case_id, &error);

  g_assert_no_error (error);
  g_strlcpy (status, ct_record_get (c, "status"), sizeof status);
  return status;
}

static gboolean
projector_closed (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->projector == NULL;
}

/* The run's item or meeting closing is written (ct-meeting-run-view.c). */
static gboolean
run_closed (gpointer run)
{
  return CT_MEETING_RUN_VIEW (run)->closing == 0;
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
slot_ended_toast_shown (gpointer run)
{
  return ct_meeting_test_has_text (GTK_WIDGET (CT_MEETING_RUN_VIEW (run)->toast_overlay),
                                   _("Time slot ended"));
}

static guint
count_meetings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = ct_session_list (session, "meetings", NULL, 0, &error);

  g_assert_no_error (error);
  return meetings->len;
}

static gboolean
meetings_read (gpointer page)
{
  return !ct_page_is_loading (page);
}

static gboolean
plan_date_read (gpointer dialog)
{
  return !_ct_meeting_plan_dialog_is_loading (dialog);
}

/* The meetings a new meeting's date follows are read in a worker. */
static void
wait_plan_date (CtMeetingPlanDialog *dialog)
{
  ct_test_wait_until (plan_date_read, dialog, 20, "the new meeting's date");
}

/* The dialog's own Plan button, as a person clicks it: the dialog closes
 * itself on a response. */
static void
click_plan (CtMeetingPlanDialog *dialog)
{
  ct_test_click (ct_test_find_button (GTK_WIDGET (dialog), _("_Plan")));
}

/* The mean luminance, 0 to 1, of @widget as its window draws it: over
 * the window's own background, as a person sees it. */
static double
drawn_luminance (GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);
  graphene_rect_t bounds;
  double sum = 0;
  guint n = 0;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  /* Cairo's order: B, G, R, A. */
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int y = MAX (0, (int) bounds.origin.y); y < MIN (height, (int) (bounds.origin.y + bounds.size.height)); y++)
    for (int x = MAX (0, (int) bounds.origin.x); x < MIN (width, (int) (bounds.origin.x + bounds.size.width)); x++)
      {
        const guchar *p = pixels + ((gsize) y * width + x) * 4;

        sum += (0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]) / 255;
        n++;
      }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

/* At 1024x768 too the due date's hint, the date format to type, is
 * whole: the summary gives way. Under Xvfb without a window manager the
 * window gets what the screen allows; a frame, a round trip and a frame
 * show what it got (as in test-keyboard.c). */
static void
assert_due_hint_whole (CtMeetingRunView *run,
                       GtkWindow        *window)
{
  GtkWidget *text = ct_test_find_widget (GTK_WIDGET (run->due_entry), GTK_TYPE_TEXT);
  g_autoptr(PangoLayout) layout = NULL;
  int hint_width;

  gtk_window_set_default_size (window, 1024, 768);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1024);
  layout = gtk_widget_create_pango_layout (text, gtk_entry_get_placeholder_text (run->due_entry));
  pango_layout_get_pixel_size (layout, &hint_width, NULL);
  g_assert_cmpint (gtk_widget_get_width (text), >=, hint_width);
  ct_test_screenshot (GTK_WIDGET (window), "meeting-run-1024x768");

  gtk_window_set_default_size (window, 1280, 860);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  ct_test_wait_for_draw (GTK_WIDGET (window));
}

static gboolean
plan_dialog_gone (gpointer page)
{
  return ((CtMeetingsPage *) page)->plan_dialog == NULL;
}

/* The meeting date as the other forms take it: prefilled as the user
 * writes dates, with the hint in its label; one that cannot be read is
 * said under the form, marked, and the dialog stays with nothing stored;
 * a good one is stored while the window answers. */
static void
plan_first_meeting (CtMeetingsPage *page)
{
  CtMeetingPlanDialog *dialog = page->plan_dialog;
  const char *bad[] = { "30-02-2026", "dinsdag", "2026-2-3x" };
  g_autofree char *title = ct_gui_date_title (_("_Date"));
  g_autofree char *hint = ct_gui_date_hint ();
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  g_autofree char *message = g_strdup_printf (_("%s: expected a date such as %s."), _("Date"),
                                              today);
  g_autofree char *required = g_strdup_printf (_("%s: this field is required."), _("Date"));
  g_autofree char *typed = ct_gui_format_date ("2026-02-03");
  CtCoreTestReaderHold holder;

  /* No meeting yet: today. */
  wait_plan_date (dialog);
  g_assert_cmpstr (gtk_label_get_label (dialog->date_label), ==, title);
  g_assert_cmpstr (gtk_entry_get_placeholder_text (dialog->date_entry), ==, hint);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->date_entry)), ==, today);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->error_label)));

  gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), typed);
  gtk_editable_set_text (GTK_EDITABLE (dialog->location_entry), "Stadhuis, kamer 2");
  gtk_editable_set_text (GTK_EDITABLE (dialog->guests_entry), "Woonstichting De Gooi");
  g_assert_cmpuint (dialog->checks->len, ==, 3);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "meeting-plan");

  for (guint i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      const char *text = i < G_N_ELEMENTS (bad) ? bad[i] : "";

      gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), text);
      click_plan (dialog);
      g_assert_true (page->plan_dialog == dialog);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->error_label)));
      g_assert_cmpstr (gtk_label_get_text (dialog->error_label), ==,
                       i < G_N_ELEMENTS (bad) ? message : required);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (dialog->date_entry), "error"));
      g_assert_cmpuint (count_meetings (), ==, 0);
    }
  /* What was typed is still there to correct. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->location_entry)), ==,
                   "Stadhuis, kamer 2");
  gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), bad[0]);
  click_plan (dialog);
  ct_test_screenshot (GTK_WIDGET (dialog), "meeting-plan-date-error");

  /* Stored through the session's write queue: while a reader of the
   * session holds the file, the dialog stays, says "Saving…" with its
   * responses disabled, and the window answers (a timeout fires, again
   * and again); once the reader lets go, it is stored and closes. */
  gtk_editable_set_text (GTK_EDITABLE (dialog->date_entry), typed);
  ct_core_test_reader_hold (page->session, &holder);
  click_plan (dialog);
  g_assert_true (page->plan_dialog == dialog);
  g_assert_true (ct_meeting_plan_dialog_is_saving (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "plan"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "cancel"));
  g_assert_nonnull (ct_test_find_button (GTK_WIDGET (dialog), _("Saving…")));
  ct_test_wait_ticks (20, "the window while the meeting waits to be stored");
  /* Escape meanwhile leaves it open. */
  gtk_window_close (GTK_WINDOW (dialog));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the close to be handled");
  g_assert_true (page->plan_dialog == dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (ct_meeting_plan_dialog_is_saving (dialog));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "meeting-plan-saving");
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (plan_dialog_gone, page, 20, "the meeting to be stored");
  g_assert_cmpuint (count_meetings (), ==, 1);
}

/* Types an action into the run view's form and asks to add it. */
static void
type_action (CtMeetingRunView *run,
             const char       *what,
             const char       *partner,
             guint             partner_type,
             const char       *due)
{
  gtk_editable_set_text (GTK_EDITABLE (run->what_entry), what);
  gtk_editable_set_text (GTK_EDITABLE (run->partner_entry), partner);
  gtk_drop_down_set_selected (run->partner_type_dropdown, partner_type);
  gtk_editable_set_text (GTK_EDITABLE (run->due_entry), due);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.add-action", NULL));
}

static const char *
row_subtitle (GtkListBox *list,
              guint       i)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, i)));
}

/* Due dates as the other pages take them; one that cannot be read is said
 * under the form, and the action is not added. */
static void
add_actions (CtMeetingRunView *run,
             GtkWidget        *window)
{
  g_autofree char *title = ct_gui_date_title (_("Due date"));
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);
  g_autofree char *message = g_strdup_printf (_("%s: expected a date such as %s."), _("Due date"),
                                              today);
  g_autofree char *march = ct_gui_format_date ("2026-03-01");
  g_autofree char *february = ct_gui_format_date ("2026-02-17");

  g_assert_cmpstr (gtk_entry_get_placeholder_text (run->due_entry), ==, title);
  gtk_drop_down_set_selected (run->responsible_dropdown, 2);
  /* The chair reads general only: the actions it records are general ones
   * (a housing action is the housing member's to record). */
  type_action (run, "Netwerkberaad met familie en buren", "Sociaal wijkteam", 4, march);
  g_assert_cmpuint (ct_meeting_test_count_rows (run->actions_list), ==, 1);
  g_assert_nonnull (strstr (row_subtitle (run->actions_list, 0), march));

  type_action (run, "Maatje zoeken via het welzijnswerk", "Welzijnswerk", 4, "30-02-2026");
  g_assert_cmpuint (ct_meeting_test_count_rows (run->actions_list), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run->action_error_label)));
  g_assert_cmpstr (gtk_label_get_text (run->action_error_label), ==, message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (run->due_entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (run->what_entry)), ==,
                   "Maatje zoeken via het welzijnswerk");
  ct_test_screenshot (window, "meeting-action-date-error");

  gtk_editable_set_text (GTK_EDITABLE (run->due_entry), february);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.add-action", NULL));
  g_assert_cmpuint (ct_meeting_test_count_rows (run->actions_list), ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (run->action_error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (run->due_entry), "error"));
  g_assert_nonnull (strstr (row_subtitle (run->actions_list, 1), february));
}

/* The meetings list names a meeting by its date as the user writes dates. */
static void
assert_listed (CtMeetingsPage *page,
               const char     *iso_date,
               const char     *start_time)
{
  g_autofree char *date = ct_gui_format_date (iso_date);
  g_autofree char *title = g_strdup_printf ("%s %s", date, start_time);
  gboolean found = FALSE;

  /* The list is read in a worker, as the member comes back to it. */
  ct_test_wait_until (meetings_read, page, 20, "the meetings to be read");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (page->meetings)); i++)
    found |= g_str_equal (_ct_meetings_page_get_meeting_title (page, i), title);
  g_assert_true (found);
}

static void
test_run_meeting (void)
{
  g_autoptr(GError) error = NULL;
  CtMeetingsPage *page;
  CtMeetingRunView *run;
  CtProjectorWindow *projector;
  GtkWindow *window;
  GtkWidget *row;
  g_autoptr(GPtrArray) advice = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) attendees = NULL;
  g_autoptr(CtRecord) meeting = NULL;
  g_autoptr(GPtrArray) members = NULL;
  gint64 item_id, advice_id, politie_id = 0;
  guint n_mine = 0;
  CtCoreTestReaderHold holder;

  session = ct_meeting_test_switch_to ("voorzitter");
  page = CT_MEETINGS_PAGE (ct_meetings_page_new (session));
  window = ct_meeting_test_window (GTK_WIDGET (page), 1280, 860);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->list_stack), ==, "empty");
  ct_test_screenshot (GTK_WIDGET (window), "meetings-empty");

  /* Plan: the chair is preselected, every member attends, one guest. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.plan", NULL));
  g_assert_nonnull (page->plan_dialog);
  plan_first_meeting (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "agenda");
  ct_meeting_test_wait_agenda (page);
  first_meeting = page->meeting_id;
  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  /* Stored as the core writes dates, whatever the language typed. */
  g_assert_cmpstr (ct_record_get (meeting, "held_on"), ==, "2026-02-03");
  g_assert_cmpstr (ct_record_get (meeting, "location"), ==, "Stadhuis, kamer 2");
  g_assert_cmpint (ct_record_get_int (meeting, "chair"), ==, ct_meeting_get_own_id (session));
  attendees = ct_session_list (session, "attendees", "meeting_id", first_meeting, &error);
  g_assert_cmpuint (attendees->len, ==, 4);

  /* The agenda from the cases awaiting the team; adding sets geagendeerd. */
  g_assert_cmpuint (ct_meeting_test_count_rows (page->awaiting_list), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      row = GTK_WIDGET (gtk_list_box_get_row_at_index (page->awaiting_list, 0));
      ct_test_click (row_button (row));
      ct_meeting_test_wait_agenda (page);
    }
  g_assert_cmpuint (ct_meeting_test_count_rows (page->agenda_list), ==, 3);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (ct_meeting_test_shows_placeholder (page->awaiting_list,
                                                    _("No other cases await the team.")));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (case_status (team->case_ids[i]), ==, "geagendeerd");

  /* Reorder by keyboard: Alt+Up on the last case, Alt+Down on the first. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 2));
  ct_meeting_test_press_key (row, "<Alt>Up");
  ct_meeting_test_wait_agenda (page);
  g_assert_cmpint (agenda_case (page, 1), ==, team->case_ids[2]);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 1))));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 0));
  ct_meeting_test_press_key (row, "<Alt>Down");
  ct_meeting_test_wait_agenda (page);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 1))));
  g_assert_cmpint (agenda_case (page, 0), ==, team->case_ids[2]);
  g_assert_cmpint (agenda_case (page, 1), ==, team->case_ids[0]);
  /* And with the Move up button: case 2026-001 first again. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 1));
  g_assert_true (_ct_meetings_page_move_item (page, 1, 0));
  ct_meeting_test_wait_agenda (page);
  g_assert_cmpint (agenda_case (page, 0), ==, team->case_ids[0]);
  g_assert_cmpint (ct_record_get_int (g_ptr_array_index (page->agenda, 0), "position"), ==, 1);

  /* A one-minute slot for the first case. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (page->agenda_list, 0));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ct_test_find_widget (row, GTK_TYPE_SPIN_BUTTON)), 1);
  ct_test_wait_until (meetings_read, page, 20, "the time slot to be written");
  ct_test_screenshot (GTK_WIDGET (window), "meeting-agenda");

  /* Starting writes the meeting's status through the session's write
   * queue: while a reader holds the file the agenda stays, its Start
   * button says "Saving…" and cannot start it twice, and the window
   * answers; once the reader lets go, the meeting runs. */
  ct_core_test_reader_hold (session, &holder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.start", NULL));
  ct_test_wait_ticks (20, "the window while the start waits");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "agenda");
  g_assert_true (ct_saving_is_saving (page->start_button));
  g_assert_false (gtk_widget_is_sensitive (page->start_button));
  g_assert_cmpstr (ct_test_button_text (page->start_button), ==, _("Saving…"));
  ct_test_screenshot (gtk_widget_get_parent (page->start_button), "meeting-starting");
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the meeting to start");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "run");
  g_assert_false (ct_saving_is_saving (page->start_button));
  run = page->run_view;
  item_id = _ct_meeting_run_view_current_id (run);
  g_assert_cmpint (item_id, ==, ct_record_get_id (g_ptr_array_index (page->agenda, 0)));
  g_assert_true (ct_meeting_test_has_text (GTK_WIDGET (run), "Huurachterstand en schulden"));
  g_assert_cmpstr (gtk_label_get_text (run->timer_label), ==, "1:00");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (run->timer_box), "warning"));
  /* The chair reads no fact category: totals over what it reads, and the
   * note that does not depend on the household. */
  g_assert_nonnull (strstr (gtk_label_get_text (run->organisations_label),
                            _("Involvements of categories your role may not read are not shown "
                              "or counted.")));
  g_assert_null (strstr (gtk_label_get_text (run->organisations_label),
                         _("No involved organisations are visible to your role.")));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-run");
  assert_due_hint_whole (run, window);

  /* The slot ends: warning style, icon, accessible text and a toast. */
  _ct_meeting_run_view_advance (run, 61);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (run->timer_box), "warning"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run->timer_icon)));
  g_assert_nonnull (strstr (g_object_get_data (G_OBJECT (run->timer_box), CT_MEETING_A11Y_TEXT),
                            _("Time slot ended")));
  ct_test_wait_until (slot_ended_toast_shown, run, 20, "the time slot toast");
  g_assert_true (ct_meeting_test_has_text (GTK_WIDGET (run->toast_overlay), _("Time slot ended")));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-timer-warning");

  /* Attendance: the politie member did not come. */
  for (guint i = 0; i < ct_meeting_test_count_rows (run->attendance_list); i++)
    {
      GtkWidget *check = gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (run->attendance_list, i));

      if (!g_str_equal (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), "Paula Politie"))
        continue;
      /* Written through the write queue: the box waits meanwhile. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
      g_assert_false (gtk_widget_get_sensitive (check));
      ct_test_wait_until (is_sensitive, check, 20, "the attendance to be written");
    }

  /* The binding advice with two actions. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (run->advice_view),
                            "Schulden onder bewind; woning behouden met een betalingsregeling.", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (run->notes_view), "Zoon is bij de leerplicht gemeld.", -1);
  add_actions (run, GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-advice");

  /* The projector: one screen here, so an ordinary window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.project", NULL));
  projector = CT_PROJECTOR_WINDOW (ct_test_find_toplevel (CT_TYPE_PROJECTOR_WINDOW));
  g_assert_nonnull (projector);
  ct_test_wait_for_draw (GTK_WIDGET (projector));
  ct_meeting_test_assert_no_secrets (GTK_WIDGET (projector));
  /* The chair's role reads no finance: its ZRM scores stay off the screen. */
  g_assert_false (ct_meeting_test_has_text (GTK_WIDGET (projector), "F.B."));
  ct_test_screenshot (GTK_WIDGET (projector), "projector-chair");

  ct_meeting_test_press_key (GTK_WIDGET (projector), "b");
  g_assert_true (ct_projector_window_get_blanked (projector));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (run->blanked_banner)));
  ct_test_screenshot (GTK_WIDGET (projector), "projector-blanked");
  ct_test_screenshot (GTK_WIDGET (window), "meeting-blanked");
  ct_meeting_test_press_key (GTK_WIDGET (projector), "b");
  g_assert_false (ct_projector_window_get_blanked (projector));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (run->blanked_banner)));
  ct_meeting_test_press_key (GTK_WIDGET (projector), "Page_Down");
  g_assert_cmpuint (ct_projector_window_get_index (projector), ==, 1);
  ct_meeting_test_press_key (GTK_WIDGET (projector), "Page_Up");
  g_assert_cmpuint (ct_projector_window_get_index (projector), ==, 0);
  /* Escape closes a projector that is not full screen; projecting again
   * opens it on the chair's item. */
  ct_meeting_test_press_key (GTK_WIDGET (projector), "Escape");
  ct_test_wait_until (projector_closed, run, 20, "the projector to close");
  g_assert_null (run->projector);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.project", NULL));
  projector = CT_PROJECTOR_WINDOW (ct_test_find_toplevel (CT_TYPE_PROJECTOR_WINDOW));
  g_assert_nonnull (projector);
  g_assert_cmpuint (ct_projector_window_get_index (projector), ==, 0);
  /* The preview is what the table reads: light on dark, as on the
   * projector, never its light text on the run view's light background. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (run->preview_picture)));
  g_assert_cmpfloat (drawn_luminance (gtk_widget_get_parent (GTK_WIDGET (run->preview_picture))),
                     <, 0.3);

  /* Close the item: advice, both actions and the statuses, together,
   * through the session's write queue. While a reader of the session
   * holds the file the item waits: its button says "Saving…", nothing
   * else closes, and the window answers (a timeout fires, again and
   * again) and draws; once the reader lets go, it is stored and the next
   * item shows. */
  ct_core_test_reader_hold (session, &holder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.close-item", NULL));
  g_assert_true (ct_saving_is_saving (run->close_item_button));
  g_assert_false (gtk_widget_is_sensitive (run->close_item_button));
  g_assert_false (gtk_widget_is_sensitive (run->postpone_item_button));
  g_assert_false (gtk_widget_is_sensitive (run->close_meeting_button));
  ct_test_wait_ticks (20, "the window while the item waits to be stored");
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), ==, item_id);
  g_assert_true (ct_saving_is_saving (run->close_item_button));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-closing-item");
  ct_test_screenshot (gtk_widget_get_parent (run->close_item_button),
                      "meeting-closing-item-buttons");
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (run_closed, run, 20, "the item to be closed");
  g_assert_false (ct_saving_is_saving (run->close_item_button));
  g_assert_true (gtk_widget_is_sensitive (run->close_item_button));
  g_assert_cmpint (_ct_meeting_run_view_current_id (run), !=, item_id);
  g_assert_cmpuint (ct_projector_window_get_index (projector), ==, 1);
  /* The second household has no organisation the chair may read: never
   * "0 organisations involved". */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (run->organisations_label),
                                   _("No involved organisations are visible to your role.")));
  advice = ct_session_list (session, "advice", "case_id", team->case_ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (advice->len, ==, 1);
  g_assert_cmpint (ct_record_get_int (g_ptr_array_index (advice, 0), "agenda_item_id"), ==, item_id);
  advice_id = ct_record_get_id (g_ptr_array_index (advice, 0));
  actions = ct_session_list (session, "actions", "household_id", team->households[0], &error);
  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *a = g_ptr_array_index (actions, i);

      g_assert_cmpint (ct_record_get_int (a, "advice_id"), ==, advice_id);
      g_assert_cmpstr (ct_record_get (a, "status"), ==, "open");
      n_mine++;
    }
  g_assert_cmpuint (n_mine, ==, 2);
  /* Stored as the core writes dates, whatever the language typed. */
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (actions, 0), "due_on"), ==, "2026-03-01");
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (actions, 1), "due_on"), ==, "2026-02-17");
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (actions, 0), "partner_type"), ==, "wijkteam");
  g_assert_cmpint (ct_record_get_int (g_ptr_array_index (actions, 0), "responsible"), >, 0);
  g_assert_cmpstr (case_status (team->case_ids[0]), ==, "advies_gegeven");
  members = ct_meeting_list_members (session, &error);
  for (guint i = 0; i < members->len; i++)
    if (((CtMeetingMember *) g_ptr_array_index (members, i))->role == CT_ROLE_POLITIE)
      politie_id = ((CtMeetingMember *) g_ptr_array_index (members, i))->id;
  g_clear_pointer (&attendees, g_ptr_array_unref);
  attendees = ct_session_list (session, "attendees", "meeting_id", first_meeting, &error);
  for (guint i = 0; i < attendees->len; i++)
    {
      CtRecord *a = g_ptr_array_index (attendees, i);
      gboolean politie = ct_record_get_int (a, "member") == politie_id;

      g_assert_cmpstr (ct_record_get (a, "present"), ==, politie ? "false" : "true");
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run), "run.close-meeting", NULL));
  ct_test_wait_until (run_closed, run, 20, "the meeting to be closed");
  g_assert_null (ct_test_find_toplevel (CT_TYPE_PROJECTOR_WINDOW));
  g_clear_pointer (&meeting, ct_record_unref);
  meeting = ct_session_get (session, "meetings", first_meeting, &error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, "gesloten");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->stack), ==, "agenda");
  /* The other two were not discussed: still geagendeerd, so on the next agenda. */
  g_assert_cmpstr (case_status (team->case_ids[1]), ==, "geagendeerd");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.back", NULL));
  assert_listed (page, "2026-02-03", "09:30");
  ct_test_screenshot (GTK_WIDGET (window), "meetings-list");
  gtk_window_destroy (window);
}

/* The next meeting: the team's weekday after the first one, as the user
 * writes dates. Closing the dialog stores nothing. */
static void
plan_second_meeting (CtMeetingsPage *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = ct_session_list (session, "meetings", NULL, 0, &error);
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *iso_next = ct_meeting_next_date (meetings, now);
  g_autofree char *next = ct_gui_format_date (iso_next);
  g_autofree char *typed = ct_gui_format_date ("2026-02-10");
  g_autoptr(CtRecord) meeting = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.plan", NULL));
  wait_plan_date (page->plan_dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page->plan_dialog->date_entry)), ==, next);
  gtk_window_close (GTK_WINDOW (page->plan_dialog));
  g_assert_null (page->plan_dialog);
  g_assert_cmpuint (count_meetings (), ==, meetings->len);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.plan", NULL));
  wait_plan_date (page->plan_dialog);
  ct_test_screenshot (GTK_WIDGET (page->plan_dialog), "meeting-plan-next");
  gtk_editable_set_text (GTK_EDITABLE (page->plan_dialog->date_entry), typed);
  click_plan (page->plan_dialog);
  ct_test_wait_until (plan_dialog_gone, page, 20, "the meeting to be stored");
  meeting = ct_session_get (session, "meetings", page->meeting_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (meeting, "held_on"), ==, "2026-02-10");
}

/* A partner refuses (through the core); the case is back by itself. */
static void
test_refusal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  CtRecord *action;
  CtMeetingsPage *page;
  GtkWindow *window;
  gboolean found = FALSE;

  session = ct_meeting_test_switch_to ("regisseur");
  actions = ct_session_list (session, "actions", "household_id", team->households[0], &error);
  action = g_ptr_array_index (actions, 1);
  ct_record_set (action, "status", "geweigerd");
  g_assert_false (ct_session_update (session, action, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  ct_record_set (action, "refusal_reason", "Geen plek voor nieuwe clienten tot april.");
  g_assert_true (ct_session_update (session, action, &error));

  page = CT_MEETINGS_PAGE (ct_meetings_page_new (session));
  window = ct_meeting_test_window (GTK_WIDGET (page), 1280, 860);
  plan_second_meeting (page);
  ct_meeting_test_wait_agenda (page);

  for (guint i = 0; i < ct_meeting_test_count_rows (page->awaiting_list); i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (page->awaiting_list, i));

      if (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "2026-001") != NULL)
        {
          g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                                    _("Back on the agenda: action refused")));
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_cmpuint (ct_meeting_test_count_rows (page->awaiting_list), ==, 3);
  /* Read twice by now (planned, then shown): the placeholder outlives the rows cleared. */
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (ct_meeting_test_shows_placeholder (page->agenda_list,
                                                    _("No cases on the agenda yet. Add them from the cases awaiting the team.")));
  ct_test_screenshot (GTK_WIDGET (window), "meeting-agenda-refused");

  /* A lock takes the open dialog, with the members it names, along. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.plan", NULL));
  ct_meetings_page_set_session (page, NULL);
  g_assert_null (page->plan_dialog);
  g_assert_null (ct_test_find_toplevel (CT_TYPE_MEETING_PLAN_DIALOG));
  gtk_window_destroy (window);
}

/* The report writes dates as the pages show them, never the stored form
 * when the language writes them otherwise. */
static void
assert_report_dates (const char *text)
{
  const char *iso[] = { "2026-02-03", "2026-03-01", "2026-02-17" };
  g_autofree char *held_on = ct_gui_format_date (iso[0]);
  g_autofree char *title = g_strdup_printf (_("Meeting of %s"), held_on);
  g_autofree char *title_line = g_strconcat ("\n", title, NULL);

  /* Under the confidentiality line. */
  g_assert_nonnull (strstr (text, title_line));
  for (guint i = 1; i < G_N_ELEMENTS (iso); i++)
    {
      g_autofree char *shown = ct_gui_format_date (iso[i]);
      g_autofree char *line = g_strdup_printf ("%s: %s\n", _("Due date"), shown);

      g_assert_nonnull (strstr (text, line));
    }
  for (guint i = 0; i < G_N_ELEMENTS (iso); i++)
    {
      g_autofree char *shown = ct_gui_format_date (iso[i]);

      if (!g_str_equal (shown, iso[i]))
        g_assert_null (strstr (text, iso[i]));
    }
}

/* The report is written under a hidden temporary name and renamed. */
static void
assert_no_temporary_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (team->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".casustafel-") != NULL)
      g_error ("%s was left in the report's folder", name);
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
chooser_open (gpointer page)
{
  return CT_MEETINGS_PAGE (page)->chooser != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (team->dir, "report.pdf", NULL);
  g_autofree char *page_pdf = g_build_filename (team->dir, "page-report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = NULL;
  g_autofree char *proposed = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtMeetingsPage *page;
  GtkWindow *window;
  AdwMessageDialog *dialog;
  CtCoreTestReaderHold holder;
  gsize len;
  gboolean logged = FALSE;

  session = ct_meeting_test_switch_to ("regisseur");
  text = ct_meeting_report_dup_text (session, first_meeting, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "F.B."));
  g_assert_nonnull (strstr (text, "Maatje zoeken via het welzijnswerk"));
  for (guint i = 0; ct_meeting_test_secrets[i] != NULL; i++)
    if (strstr (text, ct_meeting_test_secrets[i]) != NULL
        && !g_str_equal (ct_meeting_test_secrets[i], "Kredietbank"))
      g_error ("The report shows %s", ct_meeting_test_secrets[i]);
  /* Marked confidential, with who attended: the chair marked politie absent. */
  g_assert_true (g_str_has_prefix (text, _("Confidential: for the team and the partners who carry "
                                          "out this advice.")));
  {
    g_autofree char *present = g_strdup_printf ("\n%s: ", _("Present"));
    g_autofree char *absent = g_strdup_printf ("\n%s: ", _("Absent"));
    g_autofree char *guests = g_strdup_printf ("\n%s: ", _("Guests"));
    g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", first_meeting, &error);
    g_autofree char *file_name = ct_meeting_report_dup_file_name (meeting);

    g_assert_nonnull (strstr (text, present));
    g_assert_nonnull (strstr (text, absent));
    g_assert_nonnull (strstr (text, guests));
    g_assert_true (g_str_has_suffix (file_name, "-2026-02-03.pdf"));
  }
  full = ct_meeting_report_dup_text (session, first_meeting, TRUE, &error);
  g_assert_nonnull (strstr (full, "Fatima Bakker"));
  assert_report_dates (text);

  g_assert_true (ct_meeting_report_export_pdf (session, first_meeting, FALSE, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_cmpuint (len, >, 4);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  assert_no_temporary_files ();

  /* Never over the open team file, nor over a folder: the team file stays
   * open and unchanged. */
  g_assert_false (ct_meeting_report_export_pdf (session, first_meeting, FALSE, team->path, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (ct_meeting_report_export_pdf (session, first_meeting, FALSE, team->dir, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (ct_session_check_file (session, &error));
  g_assert_no_error (error);
  assert_no_temporary_files ();

  /* The dialog: full names are off until the member turns them on. */
  page = CT_MEETINGS_PAGE (ct_meetings_page_new (session));
  window = ct_meeting_test_window (GTK_WIDGET (page), 1000, 700);
  _ct_meetings_page_open_meeting (page, first_meeting);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.report", NULL));
  dialog = ADW_MESSAGE_DIALOG (ct_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (page->full_names_check);
  g_assert_false (gtk_check_button_get_active (page->full_names_check));
  gtk_check_button_set_active (page->full_names_check, TRUE);
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  ct_test_screenshot (GTK_WIDGET (dialog), "meeting-report-dialog");
  adw_message_dialog_response (dialog, "cancel");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the question to close");

  /* A file not on this computer (ct_test_answer_no_path()): the page
   * says where it can write; nothing is logged or written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.report", NULL));
  dialog = ADW_MESSAGE_DIALOG (ct_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "save");
  ct_test_wait_until (chooser_open, page, 20, "the report's chooser");
  ct_test_answer_no_path (page->chooser);
  g_assert_null (page->chooser);
  g_assert_false (ct_saving_is_saving (page->report_button));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (ct_test_tree_contains (GTK_WIDGET (window), _("Choose a file on this computer.")));

  /* Saved from the page: the export's log entry goes through the
   * session's write queue, so while a reader holds the file the Save
   * Report button says "Saving…", nothing is written, and the window
   * answers; once the reader lets go, it is logged and the PDF written. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "meetings.report", NULL));
  dialog = ADW_MESSAGE_DIALOG (ct_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* The name it proposes has the meeting's date, read in a worker first:
   * held there, no chooser yet and the button waits. */
  ct_core_test_hold_reads ();
  adw_message_dialog_response (dialog, "save");
  ct_test_wait_ticks (5, "the window while the meeting is read");
  g_assert_null (page->chooser);
  g_assert_false (gtk_widget_is_sensitive (page->report_button));
  ct_core_test_release_reads ();
  ct_test_wait_until (chooser_open, page, 20, "the report's chooser");
  proposed = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (page->chooser));
  g_assert_true (g_str_has_suffix (proposed, "-2026-02-03.pdf"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (page->chooser), page_pdf);
  {
    ChooserFile c = { GTK_FILE_CHOOSER (page->chooser), page_pdf };

    ct_test_wait_until (chooser_has_file, &c, 20, "the chooser's folder");
    ct_test_wait_until (ct_test_settled, NULL, 20, "the chooser to settle");
  }
  ct_core_test_reader_hold (session, &holder);
  g_signal_emit_by_name (page->chooser, "response", GTK_RESPONSE_ACCEPT);
  ct_test_wait_ticks (20, "the window while the log entry waits");
  g_assert_true (ct_saving_is_saving (page->report_button));
  g_assert_false (gtk_widget_is_sensitive (page->report_button));
  g_assert_cmpstr (ct_test_button_text (page->report_button), ==, _("Saving…"));
  g_assert_false (g_file_test (page_pdf, G_FILE_TEST_EXISTS));
  /* Logged, the report is read in a worker: held there, no PDF yet. */
  ct_core_test_hold_reads ();
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_ticks (20, "the window while the report is read");
  g_assert_false (g_file_test (page_pdf, G_FILE_TEST_EXISTS));
  ct_core_test_release_reads ();
  ct_test_wait_until (file_exists, page_pdf, 20, "the report to be written");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the report to be saved");
  g_assert_false (ct_saving_is_saving (page->report_button));
  g_assert_true (gtk_widget_is_sensitive (page->report_button));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (page_pdf, &contents, &len, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  assert_no_temporary_files ();
  gtk_window_destroy (window);

  /* The export is in the access log, read by the beheerder. */
  session = ct_meeting_test_switch_to ("voorzitter");
  log = ct_session_read_log (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->action == 'E' && g_strcmp0 (e->object_table, "meetings") == 0
          && e->object_id == first_meeting && g_strcmp0 (e->login, "regisseur") == 0)
        logged = TRUE;
    }
  g_assert_true (logged);
}

int
main (int   argc,
      char *argv[])
{
  ct_meeting_test_init (&argc, &argv);
  team = ct_meeting_test_team ();

  g_test_add_func ("/meeting/run", test_run_meeting);
  g_test_add_func ("/meeting/refusal", test_refusal);
  g_test_add_func ("/meeting/report", test_report);

  return ct_meeting_test_run ();
}
