/* ct-meeting-run-view-writes.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The writes of the run view (ct-meeting-run-view.c): attendance ticked
 * off, the form that adds an action to the item's advice, and closing or
 * postponing an item and closing the meeting. Closing an item stores its
 * notes, advice and actions in one transaction (ct_meeting_close_item()),
 * through the session's write queue as every write of the run ("The run's
 * writes" below). The view reads and shows; this file changes. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clock.h"
#include "ct-error.h"
#include "ct-meeting.h"
#include "ct-meeting-run-view-private.h"
#include "ct-gui-labels.h"
#include "ct-saving.h"

static const struct
{
  const char *value;
  const char *label;
} partner_types[] = {
  { NULL, N_("Partner type") },
  { "ggz", N_("Mental health care") },
  { "verslavingszorg", N_("Addiction care") },
  { "jeugdzorg", N_("Youth care") },
  { "wijkteam", N_("Social district team") },
  { "woningcorporatie", N_("Housing association") },
  { "schuldhulpverlening", N_("Debt counselling") },
  { "werk_inkomen", N_("Work and income") },
  { "politie", N_("Police") },
  { "justitie", N_("Justice") },
  { "huisarts", N_("General practitioner") },
  { "onderwijs", N_("Education") },
  { "maatschappelijk_werk", N_("Social work") },
  { "overig", N_("Other") },
};

static const CtField *
due_field (void)
{
  return ct_table_get_field (ct_schema_get_table ("actions"), "due_on");
}

static void
show_action_error (CtMeetingRunView *self,
                   const char       *message)
{
  gtk_label_set_text (self->action_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_entry), "error");
}

static char *
text_view_dup (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too, and stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static const char *
member_name (CtMeetingRunView *self,
             gint64            id)
{
  for (guint i = 0; self->members != NULL && i < self->members->len; i++)
    {
      CtMeetingMember *m = g_ptr_array_index (self->members, i);

      if (m->id == id)
        return m->display_name;
    }
  return "";
}

static void
add_action_row (CtMeetingRunView *self,
                CtRecord         *action)
{
  GtkWidget *row = adw_action_row_new ();
  const char *parts[4] = { NULL };
  guint n = 0;
  const char *who = member_name (self, ct_record_get_int (action, "responsible"));
  g_autofree char *subtitle = NULL;
  g_autofree char *due = NULL;

  if (ct_record_get (action, "partner") != NULL)
    parts[n++] = ct_record_get (action, "partner");
  if (*who != '\0')
    parts[n++] = who;
  if (ct_record_get (action, "due_on") != NULL)
    parts[n++] = due = ct_gui_format_date (ct_record_get (action, "due_on"));
  subtitle = g_strjoinv (" · ", (char **) parts);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ct_record_get (action, "what") ?: _("Restricted action"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (self->actions_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_list), TRUE);
}

/* Closing and postponing need an item; while an item or the meeting is
 * being closed, nothing else closes and no action is added to what that
 * write already took. */
void
_ct_meeting_run_view_update_actions (CtMeetingRunView *self)
{
  gboolean idle = self->closing == 0;
  gboolean item = _ct_meeting_run_view_current_id (self) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.close-item", idle && item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.postpone-item", idle && item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.add-action", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.close-meeting", idle);
}

/* The run's writes, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): what they
 * write is copied out of the view here, and the view (ct_saving_write())
 * and the check box are weak references, so a view gone meanwhile is not
 * touched. A check box stays insensitive until its attendance is written;
 * while an item or the meeting is being closed its button says "Saving…"
 * (ct-saving.c) and the run's actions wait
 * (_ct_meeting_run_view_update_actions()). The writes run in the order
 * they were made: an attendance ticked off before the item closes is
 * written before it. */
typedef enum { RUN_ATTENDANCE, RUN_CLOSE_ITEM, RUN_POSTPONE_ITEM, RUN_CLOSE_MEETING } RunWriteKind;

typedef struct
{
  RunWriteKind kind;
  GWeakRef     check;     /* RUN_ATTENDANCE: its check box */
  CtRecord    *attendee;  /* RUN_ATTENDANCE: a copy with the change */
  gint64       id;        /* the item, or the meeting (RUN_CLOSE_MEETING) */
  char        *notes;     /* the item's notes, or NULL */
  char        *advice;    /* RUN_CLOSE_ITEM */
  GPtrArray   *actions;   /* RUN_CLOSE_ITEM: copies of the new actions */
  char        *today;     /* RUN_CLOSE_ITEM */
} RunWrite;

static void
run_write_free (gpointer data)
{
  RunWrite *write = data;

  g_weak_ref_clear (&write->check);
  g_clear_pointer (&write->attendee, ct_record_unref);
  g_free (write->notes);
  g_free (write->advice);
  g_clear_pointer (&write->actions, g_ptr_array_unref);
  g_free (write->today);
  g_free (write);
}

static RunWrite *
run_write_new (CtMeetingRunView *self,
               RunWriteKind      kind,
               gint64            id)
{
  RunWrite *write = g_new0 (RunWrite, 1);

  write->kind = kind;
  write->id = id;
  g_weak_ref_init (&write->check, NULL);
  return write;
}

static gboolean
write_run (CtSession *session,
           gpointer   data,
           GError   **error)
{
  RunWrite *write = data;

  switch (write->kind)
    {
    case RUN_ATTENDANCE:
      return ct_session_update (session, write->attendee, error);
    case RUN_CLOSE_ITEM:
      return ct_meeting_close_item (session, write->id, write->notes, write->advice,
                                    write->actions, write->today, error);
    case RUN_POSTPONE_ITEM:
      return ct_meeting_postpone_item (session, write->id, write->notes, error);
    case RUN_CLOSE_MEETING:
      return ct_meeting_set_status (session, write->id, "gesloten", error);
    default:
      g_assert_not_reached ();
    }
}

/* Back from the write queue: the error as a toast, as before; a closed or
 * postponed item goes on to the next, a closed meeting to the agenda. A
 * lock meanwhile says nothing: the view goes with the team. */
static void
run_written_cb (gpointer      owner,
                CtSession    *session,
                GAsyncResult *result)
{
  RunWrite *write = ct_session_write_get_data (result);
  CtMeetingRunView *self = owner;
  g_autoptr(GtkWidget) check = g_weak_ref_get (&write->check);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (check != NULL)
    gtk_widget_set_sensitive (check, TRUE);
  if (self == NULL)
    return;
  if (write->kind != RUN_ATTENDANCE)
    {
      self->closing--;
      _ct_meeting_run_view_update_actions (self);
    }
  if (!ok)
    {
      if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
        _ct_meeting_run_view_show_error (self, error);
      return;
    }
  switch (write->kind)
    {
    case RUN_ATTENDANCE:
      break;
    case RUN_CLOSE_ITEM:
    case RUN_POSTPONE_ITEM:
      if (_ct_meeting_run_view_current_id (self) != write->id)
        break;
      _ct_meeting_run_view_toast (self, write->kind == RUN_CLOSE_ITEM ? _("Advice stored")
                                                                      : _("Item postponed"));
      _ct_meeting_run_view_next_item (self);
      break;
    case RUN_CLOSE_MEETING:
      if (self->meeting_id != write->id)
        break;
      _ct_meeting_run_view_meeting_closed (self);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* An item or the meeting closing: @button says "Saving…" meanwhile. */
static void
close_async (CtMeetingRunView *self,
             RunWrite         *write,
             GtkWidget        *button)
{
  self->closing++;
  _ct_meeting_run_view_update_actions (self);
  ct_saving_write (self, self->session, write_run, write, run_write_free, button, NULL,
                   run_written_cb);
}

/* What an attendance check button acts on. */
typedef struct
{
  CtMeetingRunView *view;      /* not a reference: the view owns the button */
  CtRecord         *attendee;
} Attendance;

static void
attendance_free (gpointer  data,
                 GClosure *closure)
{
  Attendance *attendance = data;

  ct_record_unref (attendance->attendee);
  g_free (attendance);
}

static void
present_toggled_cb (GtkCheckButton *check,
                    Attendance     *attendance)
{
  CtMeetingRunView *self = attendance->view;
  const char *present = gtk_check_button_get_active (check) ? "true" : "false";
  RunWrite *write = run_write_new (self, RUN_ATTENDANCE, 0);

  /* The copy carries the change (ct_record_copy()); the row's attendee shows it. */
  write->attendee = ct_record_copy (attendance->attendee);
  ct_record_set (write->attendee, "present", present);
  ct_record_set (attendance->attendee, "present", present);
  g_weak_ref_set (&write->check, check);
  gtk_widget_set_sensitive (GTK_WIDGET (check), FALSE);
  ct_saving_write (self, self->session, write_run, write, run_write_free, NULL, NULL,
                   run_written_cb);
}

/* The meeting's attendees, each a check box that writes when ticked. */
void
_ct_meeting_run_view_load_attendance (CtMeetingRunView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attendees = ct_session_list (self->session, "attendees", "meeting_id",
                                                    self->meeting_id, &error);

  clear_list (self->attendance_list);
  for (guint i = 0; attendees != NULL && i < attendees->len; i++)
    {
      CtRecord *a = g_ptr_array_index (attendees, i);
      const char *guest = ct_record_get (a, "guest_organisation");
      g_autofree char *label = guest != NULL ? g_strdup_printf (_("%s (guest)"), guest)
                                             : g_strdup (member_name (self, ct_record_get_int (a, "member")));
      GtkWidget *check = gtk_check_button_new_with_label (label);
      Attendance *attendance = g_new0 (Attendance, 1);

      attendance->view = self;
      attendance->attendee = ct_record_ref (a);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strcmp0 (ct_record_get (a, "present"), "true") == 0);
      g_signal_connect_data (check, "toggled", G_CALLBACK (present_toggled_cb), attendance,
                             attendance_free, 0);
      gtk_list_box_append (self->attendance_list, check);
    }
}

static gint64
selected_member (CtMeetingRunView *self)
{
  guint pos = gtk_drop_down_get_selected (self->responsible_dropdown);

  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION || pos > self->members->len)
    return 0;
  return ((CtMeetingMember *) g_ptr_array_index (self->members, pos - 1))->id;
}

/* The due date as the other pages take it: "31-03-2026" in Dutch, or ISO;
 * one that cannot be read is said under the form and the action waits. */
static gboolean
read_due_date (CtMeetingRunView *self,
               CtRecord         *action)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->due_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *due = ct_gui_field_from_text (due_field (), text, &error);

  show_action_error (self, error != NULL ? error->message : NULL);
  if (due == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->due_entry));
      return FALSE;
    }
  ct_record_set (action, "due_on", *due != '\0' ? due : NULL);
  return TRUE;
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autofree char *what = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->what_entry))));
  g_autofree char *partner = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->partner_entry))));
  guint type = gtk_drop_down_get_selected (self->partner_type_dropdown);
  gint64 responsible = selected_member (self);

  if (*what == '\0')
    {
      _ct_meeting_run_view_toast (self, _("Say what is to be done first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->what_entry));
      return;
    }
  if (!read_due_date (self, action))
    return;
  ct_record_set (action, "what", what);
  ct_record_set (action, "partner", *partner != '\0' ? partner : NULL);
  if (type > 0 && type < G_N_ELEMENTS (partner_types))
    ct_record_set (action, "partner_type", partner_types[type].value);
  if (responsible > 0)
    ct_record_set_int (action, "responsible", responsible);

  add_action_row (self, action);
  g_ptr_array_add (self->new_actions, g_steal_pointer (&action));
  gtk_editable_set_text (GTK_EDITABLE (self->what_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->partner_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_entry), "");
  gtk_drop_down_set_selected (self->partner_type_dropdown, 0);
  gtk_drop_down_set_selected (self->responsible_dropdown, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->what_entry));
}

/* The item under discussion closing or being postponed, with its notes;
 * NULL when there is none, or while another item or the meeting closes. */
static RunWrite *
item_write_new (CtMeetingRunView *self,
                RunWriteKind      kind)
{
  gint64 item = _ct_meeting_run_view_current_id (self);
  g_autofree char *notes = NULL;
  RunWrite *write;

  if (item == 0 || self->closing > 0)
    return NULL;
  write = run_write_new (self, kind, item);
  notes = text_view_dup (self->notes_view);
  write->notes = *notes != '\0' ? g_steal_pointer (&notes) : NULL;
  return write;
}

static void
close_item_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);
  RunWrite *write = item_write_new (self, RUN_CLOSE_ITEM);
  g_autoptr(GDateTime) now = NULL;

  if (write == NULL)
    return;
  now = ct_clock_now_local ();
  write->advice = text_view_dup (self->advice_view);
  write->today = g_date_time_format (now, "%Y-%m-%d");
  /* Copies: an insert undone with the rest leaves the form's actions new. */
  write->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  for (guint i = 0; i < self->new_actions->len; i++)
    g_ptr_array_add (write->actions, ct_record_copy (g_ptr_array_index (self->new_actions, i)));
  close_async (self, write, self->close_item_button);
}

static void
postpone_item_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);
  RunWrite *write = item_write_new (self, RUN_POSTPONE_ITEM);

  if (write != NULL)
    close_async (self, write, self->postpone_item_button);
}

static void
close_meeting_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);

  if (self->closing > 0)
    return;
  /* "Saving…" on the button that is on screen: the status page's once
   * every item is discussed (ct-meeting-run-view.c, show_done()). */
  close_async (self, run_write_new (self, RUN_CLOSE_MEETING, self->meeting_id),
               gtk_widget_get_visible (self->close_meeting_button) ? self->close_meeting_button
                                                                   : self->done_close_button);
}

/* The form for the next item: no actions, no advice, no error. */
void
_ct_meeting_run_view_clear_advice (CtMeetingRunView *self)
{
  g_ptr_array_set_size (self->new_actions, 0);
  show_action_error (self, NULL);
  clear_list (self->actions_list);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_list), FALSE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->advice_view), "", -1);
}

/* The action form's due date hint and partner types, once. */
void
_ct_meeting_run_view_init_action_form (CtMeetingRunView *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autofree char *due_title = NULL;

  /* The hint follows the translated date format, so it is set here. */
  due_title = ct_gui_date_title (_(due_field ()->label));
  gtk_entry_set_placeholder_text (self->due_entry, due_title);
  /* Never cut short: the date format is all the entry says of what to
   * type. On a narrow screen the summary gives way instead. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->due_entry), g_utf8_strlen (due_title, -1) + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->due_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  due_title, -1);

  for (guint i = 0; i < G_N_ELEMENTS (partner_types); i++)
    gtk_string_list_append (types, _(partner_types[i].label));
  gtk_drop_down_set_model (self->partner_type_dropdown, G_LIST_MODEL (types));
}

void
_ct_meeting_run_view_install_write_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "run.add-action", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "run.close-item", NULL, close_item_cb);
  gtk_widget_class_install_action (widget_class, "run.postpone-item", NULL, postpone_item_cb);
  gtk_widget_class_install_action (widget_class, "run.close-meeting", NULL, close_meeting_cb);
}

/**
 * ct_meeting_run_view_get_unsaved:
 * @self: a #CtMeetingRunView
 *
 * Returns: whether the item under discussion has notes, advice or actions
 *   typed that closing the item would store and anything else would lose
 */
gboolean
ct_meeting_run_view_get_unsaved (CtMeetingRunView *self)
{
  g_autofree char *notes = NULL;
  g_autofree char *advice = NULL;
  GtkEditable *entries[3];

  g_return_val_if_fail (CT_IS_MEETING_RUN_VIEW (self), FALSE);

  if (self->meeting_id == 0 || _ct_meeting_run_view_current_id (self) == 0)
    return FALSE;
  notes = text_view_dup (self->notes_view);
  advice = text_view_dup (self->advice_view);
  if (*notes != '\0' || *advice != '\0' || self->new_actions->len > 0)
    return TRUE;

  entries[0] = GTK_EDITABLE (self->what_entry);
  entries[1] = GTK_EDITABLE (self->partner_entry);
  entries[2] = GTK_EDITABLE (self->due_entry);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (*gtk_editable_get_text (entries[i]) != '\0')
      return TRUE;
  return FALSE;
}
