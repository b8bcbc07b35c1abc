/* ct-meeting-report.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The report partners receive after a meeting: who attended, and per case
 * discussed the binding advice and who does what by when. It is marked
 * confidential at its top and on every page. Households appear by initials
 * unless the member chose full names (by case number alone for a role that
 * reads no identity); the export is logged by the core before anything is
 * written. Printed through GtkPrintOperation's export
 * action, which writes a PDF without a print dialog, to a temporary file
 * beside the target that is renamed when complete (ct-output.h). */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-meeting.h"
#include "ct-meeting-report.h"
#include "ct-output.h"

static const char *
member_name (GPtrArray *members,
             gint64     id)
{
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      CtMeetingMember *m = g_ptr_array_index (members, i);

      if (m->id == id)
        return m->display_name;
    }
  return NULL;
}

static void
append_people (GString   *out,
               CtSession *session,
               gint64     household_id,
               gboolean   full_names)
{
  g_autoptr(GPtrArray) persons = NULL;

  if (!ct_session_can_read (session, CT_CATEGORY_IDENTITY)
      || (persons = ct_session_list (session, "persons", "household_id", household_id, NULL)) == NULL)
    return;
  for (guint i = 0; i < persons->len; i++)
    {
      CtRecord *p = g_ptr_array_index (persons, i);
      g_autofree char *name = full_names
        ? g_strdup_printf ("%s %s", ct_record_get (p, "first_name"), ct_record_get (p, "last_name"))
        : ct_meeting_initials (ct_record_get (p, "first_name"), ct_record_get (p, "last_name"));

      g_string_append_printf (out, "%s%s", i == 0 ? " — " : ", ", name);
    }
}

static void
append_actions (GString   *out,
                CtSession *session,
                CtRecord  *advice,
                gint64     household_id,
                GPtrArray *members)
{
  g_autoptr(GPtrArray) actions = ct_session_list (session, "actions", "household_id", household_id, NULL);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      CtRecord *a = g_ptr_array_index (actions, i);
      const char *who = member_name (members, ct_record_get_int (a, "responsible"));

      /* An action of a category the author may not read is not theirs to
       * report, not even as a restricted line (docs/categories.md). */
      if (ct_record_get_int (a, "advice_id") != ct_record_get_id (advice)
          || ct_record_is_restricted (a, "what"))
        continue;
      g_string_append_printf (out, "  • %s\n", ct_record_get (a, "what"));
      if (ct_record_get (a, "partner") != NULL)
        g_string_append_printf (out, "    %s: %s\n", _("Partner organisation"), ct_record_get (a, "partner"));
      if (who != NULL)
        g_string_append_printf (out, "    %s: %s\n", _("Responsible"), who);
      if (ct_record_get (a, "due_on") != NULL)
        {
          g_autofree char *due = ct_gui_format_date (ct_record_get (a, "due_on"));

          g_string_append_printf (out, "    %s: %s\n", _("Due date"), due);
        }
    }
}

/* Present, absent and guests, each on a line of its own; a line only when
 * it has names. */
static void
append_attendance (GString   *out,
                   CtSession *session,
                   gint64     meeting_id,
                   GPtrArray *members)
{
  g_autoptr(GPtrArray) attendees = ct_session_list (session, "attendees", "meeting_id", meeting_id,
                                                    NULL);
  g_autoptr(GString) present = g_string_new (NULL);
  g_autoptr(GString) absent = g_string_new (NULL);
  g_autoptr(GString) guests = g_string_new (NULL);
  const struct { GString *names; const char *label; } lines[] = {
    { present, N_("Present") }, { absent, N_("Absent") }, { guests, N_("Guests") },
  };

  for (guint i = 0; attendees != NULL && i < attendees->len; i++)
    {
      CtRecord *a = g_ptr_array_index (attendees, i);
      const char *guest = ct_record_get (a, "guest_organisation");
      const char *name = guest != NULL ? guest : member_name (members, ct_record_get_int (a, "member"));
      GString *to = guest != NULL ? guests
                    : g_strcmp0 (ct_record_get (a, "present"), "true") == 0 ? present : absent;

      if (name != NULL)
        g_string_append_printf (to, "%s%s", to->len > 0 ? ", " : "", name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i].names->len > 0)
      g_string_append_printf (out, "%s: %s\n", _(lines[i].label), lines[i].names->str);
}

/* The item's advice is read from its case's, not from the team's. */
static void
append_item (GString   *out,
             CtSession *session,
             CtRecord  *item,
             GPtrArray *members,
             gboolean   full_names)
{
  gint64 case_id = ct_record_get_int (item, "case_id");
  g_autoptr(CtRecord) c = ct_session_get (session, "cases", case_id, NULL);
  g_autoptr(GPtrArray) case_advice = NULL;
  gint64 household_id;

  if (c == NULL
      || (case_advice = ct_session_list (session, "advice", "case_id", case_id, NULL)) == NULL)
    return;
  household_id = ct_record_get_int (c, "household_id");
  g_string_append_printf (out, "\n%s %s", _("Case"), ct_record_get (c, "number"));
  append_people (out, session, household_id, full_names);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < case_advice->len; i++)
    {
      CtRecord *advice = g_ptr_array_index (case_advice, i);

      if (ct_record_get_int (advice, "agenda_item_id") != ct_record_get_id (item))
        continue;
      g_string_append_printf (out, "%s: %s\n", _("Binding advice"), ct_record_get (advice, "text"));
      append_actions (out, session, advice, household_id, members);
    }
}

/**
 * ct_meeting_report_dup_title:
 *
 * Returns: (transfer full): "Meeting of 01-12-2026", as the report's pages
 *   are headed
 */
char *
ct_meeting_report_dup_title (CtSession *session,
                             gint64     meeting_id)
{
  g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", meeting_id, NULL);
  g_autofree char *held_on = NULL;

  if (meeting == NULL)
    return g_strdup (_("Meeting report"));
  held_on = ct_gui_format_date (ct_record_get (meeting, "held_on"));
  return g_strdup_printf (_("Meeting of %s"), held_on);
}

/**
 * ct_meeting_report_dup_file_name:
 * @meeting: (nullable): the meeting as read, or %NULL when it could not be
 *
 * Reads nothing: the meetings page reads the meeting in a worker first
 * (ct-meetings-page.c).
 *
 * Returns: (transfer full): the name the save dialog proposes, with the
 *   meeting's date in the sortable ISO form: meeting-report-2026-12-01.pdf
 */
char *
ct_meeting_report_dup_file_name (CtRecord *meeting)
{
  const char *held_on = meeting != NULL ? ct_record_get (meeting, "held_on") : NULL;

  /* Translators: the start of a file name; keep it lowercase, no spaces */
  return held_on != NULL ? g_strdup_printf ("%s-%s.pdf", _("meeting-report"), held_on)
                         : g_strdup_printf ("%s.pdf", _("meeting-report"));
}

/* @team_name: the session's (a reader has none of its own) */
static char *
report_text (CtSession  *session,
             const char *team_name,
             gint64      meeting_id,
             gboolean    full_names,
             GError    **error)
{
  g_autoptr(CtRecord) meeting = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *held_on = NULL;
  GString *out;
  const char *chair;

  if ((meeting = ct_session_get (session, "meetings", meeting_id, error)) == NULL
      || (items = ct_meeting_list_agenda (session, meeting_id, error)) == NULL
      || (members = ct_meeting_list_members (session, error)) == NULL)
    return NULL;

  /* Dates as the pages show them; the stored ISO form is for the core. */
  held_on = ct_gui_format_date (ct_record_get (meeting, "held_on"));
  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n", _("Confidential: for the team and the partners who carry "
                                         "out this advice."));
  g_string_append_printf (out, _("Meeting of %s"), held_on);
  if (ct_record_get (meeting, "location") != NULL)
    g_string_append_printf (out, ", %s", ct_record_get (meeting, "location"));
  g_string_append_printf (out, "\n%s\n", team_name);
  if ((chair = member_name (members, ct_record_get_int (meeting, "chair"))) != NULL)
    g_string_append_printf (out, "%s: %s\n", _("Chair"), chair);
  append_attendance (out, session, meeting_id, members);

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (items, i), "status"), "besproken") == 0)
      append_item (out, session, g_ptr_array_index (items, i), members, full_names);
  return g_string_free (out, FALSE);
}

/**
 * ct_meeting_report_dup_text:
 *
 * Returns: (transfer full): the report as plain text, or %NULL
 */
char *
ct_meeting_report_dup_text (CtSession *session,
                            gint64     meeting_id,
                            gboolean   full_names,
                            GError   **error)
{
  return report_text (session, ct_session_get_team_name (session), meeting_id, full_names, error);
}

typedef struct
{
  char        *text;
  PangoLayout *layout;
  PangoLayout *header;       /* "Confidential · page 1 of 2" */
  char        *header_title;
  GArray      *page_starts;  /* first line of each page */
} Print;

/* Above the text of every page, and the room it takes. */
#define HEADER_GAP 12.0

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                Print             *print)
{
  double height = gtk_print_context_get_height (context);
  double used = 0;
  int n_lines, first = 0, header_height;

  print->header = gtk_print_context_create_pango_layout (context);
  pango_layout_set_text (print->header, "Xg", -1);
  pango_layout_get_pixel_size (print->header, NULL, &header_height);
  height -= header_height + HEADER_GAP;

  print->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_width (print->layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (print->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (print->layout, print->text, -1);
  n_lines = pango_layout_get_line_count (print->layout);

  g_array_append_val (print->page_starts, first);
  for (int i = 0; i < n_lines; i++)
    {
      PangoRectangle logical;

      pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (print->layout, i), NULL,
                                           &logical);
      if (used + logical.height > height)
        {
          g_array_append_val (print->page_starts, i);
          used = 0;
        }
      used += logical.height;
    }
  gtk_print_operation_set_n_pages (op, print->page_starts->len);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              Print             *print)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = g_array_index (print->page_starts, int, page);
  int last = (guint) page + 1 < print->page_starts->len
               ? g_array_index (print->page_starts, int, page + 1)
               : pango_layout_get_line_count (print->layout);
  g_autofree char *header = NULL;
  int header_height;
  double y;

  cairo_set_source_rgb (cr, 0, 0, 0);
  /* Translators: the top line of every page of the meeting report:
   * "Confidential · Meeting of 01-12-2026 · page 1 of 3" */
  header = g_strdup_printf (_("Confidential · %s · page %d of %u"), print->header_title, page + 1,
                            print->page_starts->len);
  pango_layout_set_text (print->header, header, -1);
  pango_layout_get_pixel_size (print->header, NULL, &header_height);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, print->header);
  y = header_height + HEADER_GAP;

  for (int i = first; i < last; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (print->layout, i);
      PangoRectangle logical;

      pango_layout_line_get_pixel_extents (line, NULL, &logical);
      cairo_move_to (cr, 0, y - logical.y);
      pango_cairo_show_layout_line (cr, line);
      y += logical.height;
    }
}

/* Writes @text, headed by @title on every page, to @pdf_path through a
 * temporary file beside it. In the main thread: GtkPrintOperation. */
static gboolean
print_pdf (char       *text,
           char       *title,
           const char *pdf_path,
           GError    **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autofree char *tmp_path = NULL;
  Print print = { text, NULL, NULL, title, NULL };
  GtkPrintOperationResult result;

  if ((tmp_path = ct_output_create_temp (pdf_path, error)) == NULL)
    return FALSE;
  print.page_starts = g_array_new (FALSE, FALSE, sizeof (int));
  op = gtk_print_operation_new ();
  gtk_print_operation_set_export_filename (op, tmp_path);
  gtk_print_operation_set_job_name (op, _("Meeting report"));
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), &print);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), &print);
  result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);

  g_clear_object (&print.layout);
  g_clear_object (&print.header);
  g_array_unref (print.page_starts);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      ct_output_discard (tmp_path);
      return FALSE;
    }
  return ct_output_commit (tmp_path, pdf_path, error);
}

/* The second half of ct_meeting_report_export_pdf(), once the export is
 * logged: writes the report to @pdf_path, checked again, replaced whole
 * or not at all. */
static gboolean
write_logged_pdf (CtSession  *session,
                  gint64      meeting_id,
                  gboolean    full_names,
                  const char *pdf_path,
                  GError    **error)
{
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  if (!ct_output_check_target (pdf_path, session, error)
      || (text = ct_meeting_report_dup_text (session, meeting_id, full_names, error)) == NULL)
    return FALSE;
  title = ct_meeting_report_dup_title (session, meeting_id);
  return print_pdf (text, title, pdf_path, error);
}

/**
 * ct_meeting_report_export_pdf:
 * @full_names: the member chose full names over initials
 *
 * Logs the export, then writes the report to @pdf_path, which is replaced
 * whole or not at all, and never when it is a team file or not a regular
 * file.
 */
gboolean
ct_meeting_report_export_pdf (CtSession  *session,
                              gint64      meeting_id,
                              gboolean    full_names,
                              const char *pdf_path,
                              GError    **error)
{
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  return ct_output_check_target (pdf_path, session, error)
         && ct_meeting_log_report (session, meeting_id, full_names, error)
         && write_logged_pdf (session, meeting_id, full_names, pdf_path, error);
}

typedef struct
{
  gint64    meeting_id;
  gboolean  full_names;
  char     *team_name;
  char     *path;
  char     *title;  /* read with the text */
} ReportRead;

static void
report_read_free (gpointer data)
{
  ReportRead *r = data;

  g_free (r->team_name);
  g_free (r->path);
  g_free (r->title);
  g_free (r);
}

/* In a worker, with a reader of the session: the text and its title. */
static gpointer
read_report (CtSession    *reader,
             gpointer      data,
             GCancellable *cancellable,
             GError      **error)
{
  ReportRead *r = data;
  char *text = report_text (reader, r->team_name, r->meeting_id, r->full_names, error);

  if (text != NULL)
    r->title = ct_meeting_report_dup_title (reader, r->meeting_id);
  return text;
}

/* Back in the session's thread, the reads logged: the PDF. */
static void
report_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReportRead *r = g_task_get_task_data (task);
  g_autofree char *text = NULL;
  GError *error = NULL;

  if ((text = ct_session_read_finish (CT_SESSION (source), result, &error)) == NULL
      || g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error)
      || !ct_output_check_target (r->path, CT_SESSION (source), &error)
      || !print_pdf (text, r->title, r->path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * ct_meeting_report_write_logged_pdf_async:
 *
 * The second half of ct_meeting_report_export_pdf(), for a caller that
 * checked @pdf_path (ct_output_check_target()) and logged the export
 * (ct_meeting_log_report(), through the session's write queue) first: the
 * report's reads in a worker (ct_session_read_async(): they are logged
 * before the text is handed out), then the PDF written in the caller's
 * thread to @pdf_path, checked again, replaced whole or not at all. Never
 * call it for an export that was not logged.
 */
void
ct_meeting_report_write_logged_pdf_async (CtSession           *session,
                                          gint64               meeting_id,
                                          gboolean             full_names,
                                          const char          *pdf_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  ReportRead *r;
  GError *error = NULL;

  g_return_if_fail (CT_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_meeting_report_write_logged_pdf_async);
  r = g_new0 (ReportRead, 1);
  r->meeting_id = meeting_id;
  r->full_names = full_names;
  r->team_name = g_strdup (ct_session_get_team_name (session));
  r->path = g_strdup (pdf_path);
  g_task_set_task_data (task, r, report_read_free);
  if (!ct_output_check_target (pdf_path, session, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  ct_session_read_async (session, read_report, r, g_free, cancellable, report_read_cb, task);
}

gboolean
ct_meeting_report_write_logged_pdf_finish (CtSession     *session,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
