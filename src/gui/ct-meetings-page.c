/* ct-meetings-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Meetings: the list, planning one, building its agenda from the cases
 * that await the team (ct_meeting_cases_awaiting()), ordering it by drag
 * or by keyboard, running it and the report for the partners.
 *
 * The list of meetings grows with the years: it is a GtkListView over small
 * items, read in a worker (ct_session_read_async()) when the page is first
 * shown and again when the member comes back to it, the rows shown staying
 * until the new ones replace them. One meeting's agenda, read in a worker
 * too, is in ct-meetings-page-agenda.c. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-meeting.h"
#include "ct-meeting-report.h"
#include "ct-meeting-widgets.h"
#include "ct-meetings-page-private.h"
#include "ct-output.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-page.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"

static void ct_meetings_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtMeetingsPage, ct_meetings_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_meetings_page_page_iface_init))

/* One meeting in the list, with the two lines its row shows. */
#define CT_TYPE_MEETING_LINE (ct_meeting_line_get_type ())
G_DECLARE_FINAL_TYPE (CtMeetingLine, ct_meeting_line, CT, MEETING_LINE, GObject)

struct _CtMeetingLine
{
  GObject parent_instance;

  gint64  id;
  char   *title;
  char   *subtitle;
};

G_DEFINE_FINAL_TYPE (CtMeetingLine, ct_meeting_line, G_TYPE_OBJECT)

static void
ct_meeting_line_finalize (GObject *object)
{
  CtMeetingLine *self = CT_MEETING_LINE (object);

  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (ct_meeting_line_parent_class)->finalize (object);
}

static void
ct_meeting_line_class_init (CtMeetingLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ct_meeting_line_finalize;
}

static void
ct_meeting_line_init (CtMeetingLine *self)
{
}

void
_ct_meetings_page_show_error (CtMeetingsPage *self,
                              const GError   *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
meeting_activated_cb (CtMeetingsPage *self,
                      guint           position)
{
  g_autoptr(CtMeetingLine) line = g_list_model_get_item (G_LIST_MODEL (self->meetings), position);

  if (line != NULL)
    _ct_meetings_page_open_meeting (self, line->id);
}

static CtMeetingLine *
meeting_line_new (CtRecord *m)
{
  CtMeetingLine *line = g_object_new (CT_TYPE_MEETING_LINE, NULL);
  const char *time = ct_record_get (m, "start_time");
  const char *location = ct_record_get (m, "location");
  g_autofree char *held_on = ct_gui_format_date (ct_record_get (m, "held_on"));

  line->id = ct_record_get_id (m);
  line->title = g_strdup_printf ("%s%s%s", held_on, time != NULL ? " " : "",
                                 time != NULL ? time : "");
  line->subtitle = g_strdup_printf ("%s%s%s", location != NULL ? location : "",
                                    location != NULL ? " · " : "",
                                    ct_meeting_status_label (ct_record_get (m, "status")));
  return line;
}

/* In a worker, with a reader of the session. */
static gpointer
read_meetings_cb (CtSession     *reader,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GPtrArray) meetings = ct_session_list (reader, "meetings", NULL, 0, error);
  GPtrArray *lines;

  if (meetings == NULL)
    return NULL;
  /* Newest first: the next meeting is what the team looks for. */
  lines = g_ptr_array_new_full (meetings->len, g_object_unref);
  for (guint i = meetings->len; i > 0; i--)
    g_ptr_array_add (lines, meeting_line_new (g_ptr_array_index (meetings, i - 1)));
  return lines;
}

static void
show_meetings (CtMeetingsPage *self,
               GPtrArray      *lines)
{
  /* One splice: the view hears of one change, not of an empty list first. */
  g_list_store_splice (self->meetings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->meetings)),
                       lines != NULL ? lines->pdata : NULL, lines != NULL ? lines->len : 0);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->meetings)) > 0
                                    ? "list" : "empty");
}

static void
meetings_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CtMeetingsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: the page was given another session or went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (lines == NULL)
    _ct_meetings_page_show_error (self, error);
  show_meetings (self, lines);
}

static void
cancel_reading (CtMeetingsPage *self)
{
  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
}

/* Reads the list in a worker; the rows shown stay until then. */
static void
reload_meetings (CtMeetingsPage *self)
{
  cancel_reading (self);
  if (self->session == NULL)
    {
      show_meetings (self, NULL);
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->meetings)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_meetings_cb, NULL, (GDestroyNotify) g_ptr_array_unref,
                         self->reading, meetings_read_cb, self);
}

static void
setup_meeting_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), subtitle);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set (row, "margin-top", 9, "margin-bottom", 9, "margin-start", 12, "margin-end", 12,
                NULL);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_meeting_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  CtMeetingLine *line = gtk_list_item_get_item (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *title = gtk_widget_get_first_child (labels);

  gtk_label_set_text (GTK_LABEL (title), line->title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), line->subtitle);
}

/* The dialog holds the session it was opened with, and names the team's
 * members: it goes with the session, and with the page on a lock. */
static void
close_plan_dialog (CtMeetingsPage *self)
{
  if (self->plan_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->plan_dialog)));
}

static void
plan_dialog_destroyed_cb (CtMeetingsPage *self)
{
  self->plan_dialog = NULL;
}

/* What the page opened over the team: the planning dialog, the report's
 * question and its file chooser. No answer from them reaches the page
 * afterwards. (The run view closes the projector itself.) */
static void
close_windows (CtMeetingsPage *self)
{
  close_plan_dialog (self);
  ct_gui_clear_chooser (&self->chooser);
  ct_gui_close_owned_windows (self);
}

/* The meeting is stored, or the dialog says why not and stays. */
static void
planned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CtMeetingsPage) self = user_data;
  CtMeetingPlanDialog *dialog = CT_MEETING_PLAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gint64 id = ct_meeting_plan_dialog_save_finish (dialog, result, &error);

  /* Closed meanwhile: the team locked, or the page went. */
  if (id == 0 || self->plan_dialog != dialog || self->session == NULL)
    return;
  close_plan_dialog (self);
  reload_meetings (self);
  _ct_meetings_page_open_meeting (self, id);
}

/* The dialog hides itself on any response: it shows again at once while
 * the meeting is stored (through the session's write queue, "Saving…"
 * meanwhile), and stays with what was typed when it cannot be. */
static void
plan_response_cb (CtMeetingPlanDialog *dialog,
                  const char          *response,
                  CtMeetingsPage      *self)
{
  if (g_str_equal (response, "plan") || ct_meeting_plan_dialog_is_saving (dialog))
    {
      if (g_str_equal (response, "plan")
          && ct_meeting_plan_dialog_save_async (dialog, planned_cb, self))
        g_object_ref (self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  close_plan_dialog (self);
}

static void
plan_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (widget);

  self->plan_dialog = ct_meeting_plan_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                  self->session);
  g_signal_connect (self->plan_dialog, "response", G_CALLBACK (plan_response_cb), self);
  g_signal_connect_object (self->plan_dialog, "destroy", G_CALLBACK (plan_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->plan_dialog));
}

static void
back_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (widget);

  reload_meetings (self);
  gtk_stack_set_visible_child_name (self->stack, "meetings");
}

/* Starting a meeting, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): a planned
 * meeting becomes "bezig" in the write, and the run view shows it once
 * that is written. The Start button says "Saving…" (ct-saving.c) and its
 * action waits; the page is a weak reference (ct_saving_write()), so a
 * page gone meanwhile is not touched. A meeting already under way
 * (continued after a reopening, a lock or another page) has nothing to
 * write: the run view shows it at once (resume()). */
typedef struct
{
  gint64   meeting_id;
} Starting;

/* A meeting already under way (continued after a reopening or a lock)
 * stays as it is. */
static gboolean
write_start (CtSession *session,
             gpointer   data,
             GError   **error)
{
  Starting *starting = data;
  g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", starting->meeting_id, error);

  if (meeting == NULL)
    return FALSE;
  if (g_strcmp0 (ct_record_get (meeting, "status"), "gepland") != 0)
    return TRUE;
  return ct_meeting_set_status (session, starting->meeting_id, "bezig", error);
}

/* Back from the write queue: the run view, when the page still shows the
 * meeting's agenda; the error as before otherwise. A lock meanwhile says
 * nothing. */
static void
started_cb (gpointer      owner,
            CtSession    *session,
            GAsyncResult *result)
{
  Starting *starting = ct_session_write_get_data (result);
  CtMeetingsPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL || self->session != session)
    return;
  /* The member went elsewhere meanwhile: that agenda set the action. */
  if (self->shown_meeting_id != starting->meeting_id
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "agenda") != 0)
    return;
  if (ok)
    self->shown_running = TRUE;
  if (!ok || !ct_meeting_run_view_set_meeting (self->run_view, self->session,
                                               starting->meeting_id, &error))
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        _ct_meetings_page_show_error (self, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.start", self->agenda->len > 0);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "run");
}

/* A meeting already "bezig": the run view, with no write. What it reads
 * of the cases is logged as every read is (ct_meeting_case_load()). */
static void
resume (CtMeetingsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!ct_meeting_run_view_set_meeting (self->run_view, self->session, self->meeting_id, &error))
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        _ct_meetings_page_show_error (self, error);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "run");
}

static void
start_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (widget);
  Starting *starting;

  if (ct_saving_is_saving (self->start_button))
    return;
  if (self->shown_running && self->shown_meeting_id == self->meeting_id)
    {
      resume (self);
      return;
    }
  starting = g_new0 (Starting, 1);
  starting->meeting_id = self->meeting_id;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.start", FALSE);
  ct_saving_write (self, self->session, write_start, starting, g_free, self->start_button, NULL,
                   started_cb);
}

/* A reopening, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the meeting
 * and the reason are copied here, and the page is a weak reference
 * (ct_saving_write()), so a page gone meanwhile is not touched. The Reopen button says "Saving…"
 * (ct-saving.c) and its action waits. */
typedef struct
{
  gint64   meeting_id;
  char    *reason;
} Reopening;

static void
reopening_free (gpointer data)
{
  Reopening *reopening = data;

  g_free (reopening->reason);
  g_free (reopening);
}

static gboolean
write_reopening (CtSession *session,
                 gpointer   data,
                 GError   **error)
{
  Reopening *reopening = data;

  return ct_meeting_reopen (session, reopening->meeting_id, reopening->reason, error);
}

/* Back from the write queue: a toast and the agenda read again, or the
 * error as before with the action back. A lock meanwhile says nothing. */
static void
reopened_cb (gpointer      owner,
             CtSession    *session,
             GAsyncResult *result)
{
  Reopening *reopening = ct_session_write_get_data (result);
  CtMeetingsPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL || self->session == NULL)
    return;
  if (!ok)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        _ct_meetings_page_show_error (self, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.reopen",
                                     ct_meeting_can_reopen (self->session));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Meeting reopened")));
  if (self->meeting_id == reopening->meeting_id)
    _ct_meetings_page_reload_agenda (self);
}

static void
reopen_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtMeetingsPage   *self)
{
  Reopening *reopening;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->session == NULL
      || ct_saving_is_saving (self->reopen_button))
    return;
  reopening = g_new0 (Reopening, 1);
  reopening->meeting_id = self->meeting_id;
  reopening->reason = ct_reason_dialog_dup_reason (dialog);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.reopen", FALSE);
  ct_saving_write (self, self->session, write_reopening, reopening, reopening_free,
                   self->reopen_button, NULL, reopened_cb);
}

/* The items already closed stay closed; the meeting can be started again
 * for what was left, and closed again. The reason goes to the access log. */
static void
reopen_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (widget);
  AdwMessageDialog *dialog =
    ct_reason_dialog_new (widget, _("Reopen the Meeting?"),
                          _("The meeting can be continued and closed again. Items already "
                            "closed keep their advice. Your reason is written to the access "
                            "log."),
                          _("Re_open Meeting"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
meeting_closed_cb (CtMeetingRunView *view,
                   CtMeetingsPage   *self)
{
  _ct_meetings_page_reload_agenda (self);
  gtk_stack_set_visible_child_name (self->stack, "agenda");
}

/* The report's export, logged through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4), then written
 * to the file chosen: the Save Report button says "Saving…" (ct-saving.c)
 * and its action waits. What the member chose is copied here, and the page
 * is a weak reference (ct_saving_write()), so a page gone meanwhile is not
 * touched; a team locked meanwhile logs nothing and writes nothing. */
typedef struct
{
  gint64    meeting_id;
  gboolean  full_names;
  char     *path;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->path);
  g_free (report);
}

static gboolean
write_report_log (CtSession *session,
                  gpointer   data,
                  GError   **error)
{
  Report *report = data;

  return ct_meeting_log_report (session, report->meeting_id, report->full_names, error);
}

static void
report_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CtMeetingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_meeting_report_write_logged_pdf_finish (CT_SESSION (source), result, &error);

  if (self->session != CT_SESSION (source))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.report", TRUE);
  if (ok)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report saved")));
  else if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    _ct_meetings_page_show_error (self, error);
}

/* Logged: the report's reads in a worker, then the PDF. */
static void
report_logged_cb (gpointer      owner,
                  CtSession    *session,
                  GAsyncResult *result)
{
  Report *report = ct_session_write_get_data (result);
  CtMeetingsPage *self = owner;
  g_autoptr(GError) error = NULL;

  if (!ct_session_write_finish (session, result, &error))
    {
      if (self != NULL && self->session == session)
        {
          gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.report", TRUE);
          if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
            _ct_meetings_page_show_error (self, error);
        }
      return;
    }
  if (self == NULL || self->session != session)
    return;
  ct_meeting_report_write_logged_pdf_async (session, report->meeting_id, report->full_names,
                                            report->path, NULL, report_written_cb,
                                            g_object_ref (self));
}

/* The page holds the chooser and cancels it when its session goes, so an
 * answer always finds the page with the session it was asked for. A file
 * that may not be written is refused before anything is logged. */
static void
pdf_chosen_cb (GtkNativeDialog *dialog,
               int              response,
               CtMeetingsPage  *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Report *report;

  path = ct_gui_chooser_get_local_path (GTK_NATIVE_DIALOG (chooser), response, &error);
  if (path == NULL)
    {
      if (error != NULL)
        _ct_meetings_page_show_error (self, error);
      return;
    }
  report = g_new0 (Report, 1);
  report->meeting_id = self->meeting_id;
  report->full_names = self->chooser_full_names;
  report->path = g_steal_pointer (&path);
  if (!ct_output_check_target (report->path, self->session, &error))
    {
      _ct_meetings_page_show_error (self, error);
      report_free (report);
      return;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.report", FALSE);
  ct_saving_write (self, self->session, write_report_log, report, report_free,
                   self->report_button, NULL, report_logged_cb);
}

/* @owner: the page, while it is there (ct_saving_get()); @data: whether
 * full names were asked for */
static void
report_meeting_read_cb (gpointer      owner,
                        CtSession    *session,
                        CtRecord     *meeting,
                        const GError *error,
                        gpointer      data)
{
  CtMeetingsPage *self = owner;
  g_autofree char *name = NULL;

  if (self == NULL || self->session != session)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.report", TRUE);
  /* Locked, or another meeting shown meanwhile: no chooser for this one. */
  if (g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED)
      || (meeting != NULL && ct_record_get_id (meeting) != self->meeting_id)
      || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save Report as PDF"),
                                               GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  name = ct_meeting_report_dup_file_name (meeting);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  self->chooser_full_names = GPOINTER_TO_INT (data);
  g_signal_connect (self->chooser, "response", G_CALLBACK (pdf_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The file name the chooser proposes has the meeting's date: the meeting
 * is read in a worker first (ct_saving_get()), the action waiting. */
static void
report_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtMeetingsPage   *self)
{
  gboolean full = self->full_names_check != NULL
                  && gtk_check_button_get_active (self->full_names_check);

  g_clear_weak_pointer (&self->full_names_check);
  if (!g_str_equal (response, "save") || self->chooser != NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.report", FALSE);
  ct_saving_get (self, self->session, "meetings", self->meeting_id, GINT_TO_POINTER (full), NULL,
                 report_meeting_read_cb);
}

/* Full names are a deliberate choice, off by default, with the reason
 * to think twice beside it. */
static void
report_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("Print _full names instead of initials"));
  GtkWidget *warning = gtk_label_new (_("Full names make the report personal data. Send it only to "
                                        "partners who need the names to carry out the advice."));
  gboolean reads_identity = ct_session_can_read (self->session, CT_CATEGORY_IDENTITY);

  /* What the report shows of a household follows what the role reads. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Save Meeting Report"),
                                                       reads_identity
                                                       ? _("The attendance, binding advice and actions of this meeting, for the partner organisations, marked confidential. Households appear by their initials.")
                                                       : _("The attendance, binding advice and actions of this meeting, for the partner organisations, marked confidential. Households appear by their case numbers.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save as PDF…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
  gtk_label_set_xalign (GTK_LABEL (warning), 0);
  gtk_widget_add_css_class (warning, "warning");
  gtk_widget_set_visible (warning, FALSE);
  g_object_bind_property (check, "active", warning, "visible", G_BINDING_DEFAULT);
  /* Without identity there are no names to print. */
  gtk_widget_set_visible (check, reads_identity);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), warning);
  adw_message_dialog_set_extra_child (dialog, box);
  g_set_weak_pointer (&self->full_names_check, GTK_CHECK_BUTTON (check));
  g_signal_connect (dialog, "response", G_CALLBACK (report_response_cb), self);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ct_meetings_page_dispose (GObject *object)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (object);

  close_windows (self);
  cancel_reading (self);
  _ct_meetings_page_cancel_agenda_reading (self);
  g_clear_weak_pointer (&self->full_names_check);
  g_clear_object (&self->session);
  g_clear_object (&self->meetings);
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  g_clear_pointer (&self->cases, g_hash_table_unref);
  g_clear_pointer (&self->refused, g_hash_table_unref);

  G_OBJECT_CLASS (ct_meetings_page_parent_class)->dispose (object);
}

static void
ct_meetings_page_class_init (CtMeetingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_meetings_page_dispose;

  g_type_ensure (CT_TYPE_MEETING_RUN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/casustafel/Casustafel/ui/ct-meetings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, meeting_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, agenda_title);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, agenda_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, agenda_stack);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, agenda_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, reorder_hint);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, awaiting_heading);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, awaiting_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, run_view);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingsPage, report_button);
  gtk_widget_class_bind_template_callback (widget_class, meeting_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, meeting_activated_cb);

  gtk_widget_class_install_action (widget_class, "meetings.plan", NULL, plan_cb);
  gtk_widget_class_install_action (widget_class, "meetings.back", NULL, back_cb);
  gtk_widget_class_install_action (widget_class, "meetings.start", NULL, start_cb);
  gtk_widget_class_install_action (widget_class, "meetings.report", NULL, report_cb);
  gtk_widget_class_install_action (widget_class, "meetings.reopen", NULL, reopen_cb);
}

static void
ct_meetings_page_init (CtMeetingsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->meetings = g_list_store_new (CT_TYPE_MEETING_LINE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_meeting_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_meeting_cb), NULL);
  gtk_list_view_set_factory (self->meeting_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->meeting_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->meetings)))));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");

  ct_meeting_set_placeholder (self->agenda_list,
                              _("No cases on the agenda yet. Add them from the cases awaiting the team."));
  ct_meeting_set_placeholder (self->awaiting_list, _("No other cases await the team."));

  self->cases = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ct_record_unref);
  self->refused = g_hash_table_new (NULL, NULL);
}

/* Shown again: the list or the agenda reads afresh; a meeting being run
 * stays as it is. */
static void
meetings_page_reload (CtPage *page)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (page);
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (shown, "meetings") == 0)
    ct_meetings_page_set_session (self, self->session);
  else if (g_strcmp0 (shown, "agenda") == 0)
    _ct_meetings_page_open_meeting (self, self->meeting_id);
}

static void
meetings_page_release (CtPage *page)
{
  ct_meetings_page_set_session (CT_MEETINGS_PAGE (page), NULL);
}

static gboolean
meetings_page_is_loading (CtPage *page)
{
  CtMeetingsPage *self = CT_MEETINGS_PAGE (page);

  return self->reading != NULL || self->agenda_reading != NULL || self->agenda_writing > 0;
}

static void
ct_meetings_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = meetings_page_reload;
  iface->release = meetings_page_release;
  iface->is_loading = meetings_page_is_loading;
}

/**
 * ct_meetings_page_new:
 * @session: (nullable): the unlocked session, or %NULL for an empty page
 *
 * Returns: (transfer floating): the Meetings page
 */
GtkWidget *
ct_meetings_page_new (CtSession *session)
{
  CtMeetingsPage *self;

  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_MEETINGS_PAGE, NULL);
  if (session != NULL)
    ct_meetings_page_set_session (self, session);
  return GTK_WIDGET (self);
}

void
ct_meetings_page_set_session (CtMeetingsPage *self,
                              CtSession      *session)
{
  g_return_if_fail (CT_IS_MEETINGS_PAGE (self));
  g_return_if_fail (session == NULL || CT_IS_SESSION (session));

  if (session != self->session)
    {
      close_windows (self);
      ct_meeting_run_view_close_windows (self->run_view);
      /* Nothing another member may read stays shown while theirs is read. */
      cancel_reading (self);
      show_meetings (self, NULL);
      _ct_meetings_page_clear_agenda (self);
    }
  g_set_object (&self->session, session);
  gtk_stack_set_visible_child_name (self->stack, "meetings");
  reload_meetings (self);
}

void
_ct_meetings_page_open_meeting (CtMeetingsPage *self,
                                gint64          meeting_id)
{
  /* From the list, a meeting is read afresh before anything of it shows. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "agenda") != 0)
    self->shown_meeting_id = 0;
  self->meeting_id = meeting_id;
  _ct_meetings_page_reload_agenda (self);
  gtk_stack_set_visible_child_name (self->stack, "agenda");
}

/* Returns: (nullable): the title of the list's row at @position */
const char *
_ct_meetings_page_get_meeting_title (CtMeetingsPage *self,
                                     guint           position)
{
  g_autoptr(CtMeetingLine) line = NULL;

  g_return_val_if_fail (CT_IS_MEETINGS_PAGE (self), NULL);

  line = g_list_model_get_item (G_LIST_MODEL (self->meetings), position);
  return line != NULL ? line->title : NULL;
}
