/* ct-meeting-plan-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Planning a meeting: date, start time, location, chair, the members who
 * attend and guests named by their organisation only (a guest's own name
 * is not needed to run the meeting, so it is not asked). The date is typed
 * as the other forms take it ("31-03-2026" in Dutch, or ISO) and stored as
 * the core writes dates. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clock.h"
#include "ct-gui-labels.h"
#include "ct-meeting.h"
#include "ct-meeting-plan-dialog-private.h"

G_DEFINE_FINAL_TYPE (CtMeetingPlanDialog, ct_meeting_plan_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* What the form says, copied when the member asks to plan, so that the
 * queued write (ct_session_write_async()) points into no widget. */
typedef struct
{
  char   *held_on;
  char   *start_time;  /* (nullable) */
  char   *location;    /* (nullable) */
  gint64  chair;       /* 0 for none */
  GArray *attending;   /* gint64: the members who attend */
  GStrv   guests;      /* their organisations, as typed */
  gint64  meeting_id;  /* made by the write */
} Save;

static void
save_free (Save *save)
{
  g_free (save->held_on);
  g_free (save->start_time);
  g_free (save->location);
  g_array_unref (save->attending);
  g_strfreev (save->guests);
  g_free (save);
}

static const CtField *
held_on_field (void)
{
  return ct_table_get_field (ct_schema_get_table ("meetings"), "held_on");
}

/* Says under the form why nothing was stored; @field, when the reason is
 * one of the form's entries, is marked and takes the focus. */
static void
show_error (CtMeetingPlanDialog *self,
            const char          *message,
            GtkWidget           *field)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

static gboolean
insert_attendee (CtSession  *session,
                 gint64      meeting_id,
                 gint64      member,
                 const char *guest,
                 GError    **error)
{
  g_autoptr(CtRecord) attendee = ct_record_new ("attendees");

  ct_record_set_int (attendee, "meeting_id", meeting_id);
  if (member > 0)
    ct_record_set_int (attendee, "member", member);
  ct_record_set (attendee, "guest_organisation", guest);
  ct_record_set (attendee, "present", "true");
  return ct_session_insert (session, attendee, error) > 0;
}

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static Save *
save_new (CtMeetingPlanDialog *self,
          char                *held_on)
{
  Save *save = g_new0 (Save, 1);
  guint chair = gtk_drop_down_get_selected (self->chair_dropdown);

  save->held_on = held_on;
  if (*entry_text (self->time_entry) != '\0')
    save->start_time = g_strdup (entry_text (self->time_entry));
  if (*entry_text (self->location_entry) != '\0')
    save->location = g_strdup (entry_text (self->location_entry));
  if (chair < self->members->len)
    save->chair = ((CtMeetingMember *) g_ptr_array_index (self->members, chair))->id;
  save->attending = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_array_append_val (save->attending,
                          ((CtMeetingMember *) g_ptr_array_index (self->members, i))->id);
  save->guests = g_strsplit (entry_text (self->guests_entry), ",", -1);
  return save;
}

/* The write: the meeting and its attendees, all or nothing. */
static gboolean
save_cb (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Save *save = data;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");

  ct_record_set (meeting, "held_on", save->held_on);
  ct_record_set (meeting, "start_time", save->start_time);
  ct_record_set (meeting, "location", save->location);
  if (save->chair > 0)
    ct_record_set_int (meeting, "chair", save->chair);
  ct_record_set (meeting, "status", "gepland");
  if ((save->meeting_id = ct_session_insert (session, meeting, error)) == 0)
    return FALSE;

  for (guint i = 0; i < save->attending->len; i++)
    if (!insert_attendee (session, save->meeting_id, g_array_index (save->attending, gint64, i),
                         NULL, error))
      return FALSE;

  for (guint i = 0; save->guests[i] != NULL; i++)
    {
      char *guest = g_strstrip (save->guests[i]);

      if (*guest != '\0' && !insert_attendee (session, save->meeting_id, 0, guest, error))
        return FALSE;
    }
  return TRUE;
}

/* While the meeting waits in the session's write queue the dialog stays,
 * its responses disabled and Plan saying "Saving…". */
static void
set_saving (CtMeetingPlanDialog *self,
            gboolean             saving)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->saving = saving;
  adw_message_dialog_set_response_label (dialog, "plan", saving ? _("Saving…") : _("_Plan"));
  adw_message_dialog_set_response_enabled (dialog, "plan", !saving);
  adw_message_dialog_set_response_enabled (dialog, "cancel", !saving);
}

static void
ct_meeting_plan_dialog_dispose (GObject *object)
{
  CtMeetingPlanDialog *self = CT_MEETING_PLAN_DIALOG (object);

  if (self->reading != NULL)
    g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->session);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (ct_meeting_plan_dialog_parent_class)->dispose (object);
}

/* Being stored: it stays, and closes once it is (Escape does nothing). */
static gboolean
ct_meeting_plan_dialog_close_request (GtkWindow *window)
{
  if (CT_MEETING_PLAN_DIALOG (window)->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (ct_meeting_plan_dialog_parent_class)->close_request (window);
}

static void
ct_meeting_plan_dialog_class_init (CtMeetingPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_meeting_plan_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = ct_meeting_plan_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/casustafel/Casustafel/ui/ct-meeting-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, date_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, time_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, location_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, chair_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, attendee_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, guests_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingPlanDialog, error_label);
}

static void
ct_meeting_plan_dialog_init (CtMeetingPlanDialog *self)
{
  g_autofree char *date_title = NULL;
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The hint follows the translated date format, so it is set here. */
  date_title = ct_gui_date_title (_("_Date"));
  hint = ct_gui_date_hint ();
  gtk_label_set_text_with_mnemonic (self->date_label, date_title);
  gtk_entry_set_placeholder_text (self->date_entry, hint);
  self->checks = g_ptr_array_new ();
}

/* In a worker, with a reader of the session: the meetings the new one
 * follows. */
static gpointer
read_meetings_cb (CtSession     *reader,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return ct_session_list (reader, "meetings", NULL, 0, error);
}

/* The team's usual weekday after its latest meeting, as the user writes
 * dates (ct_meeting_next_date()); a date the member typed meanwhile is
 * kept. */
static void
meetings_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CtMeetingPlanDialog *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = ct_session_read_finish (CT_SESSION (source), result, &error);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *next = NULL;
  g_autofree char *text = NULL;

  /* Cancelled: the dialog closed, with the session or by the member. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->reading);
  if (meetings == NULL)
    g_debug ("No meetings for the new meeting's date: %s", error->message);
  if (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))[0] != '\0')
    return;
  now = ct_clock_now_local ();
  next = ct_meeting_next_date (meetings, now);
  text = ct_gui_field_to_text (held_on_field (), next);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
}

/* The meetings so far are read in a worker (ct_session_read_async()):
 * the list grows with the team. */
static void
fill_date (CtMeetingPlanDialog *self)
{
  self->reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_meetings_cb, NULL,
                         (GDestroyNotify) g_ptr_array_unref, self->reading, meetings_read_cb,
                         self);
}

static void
fill_members (CtMeetingPlanDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 own = ct_meeting_get_own_id (self->session);

  for (guint i = 0; i < self->members->len; i++)
    {
      CtMeetingMember *m = g_ptr_array_index (self->members, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", m->display_name,
                                                ct_role_get_display_name (m->role));
      GtkWidget *check = gtk_check_button_new_with_label (label);

      gtk_string_list_append (names, m->display_name);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_list_box_append (self->attendee_list, check);
      g_ptr_array_add (self->checks, check);
    }
  gtk_drop_down_set_model (self->chair_dropdown, G_LIST_MODEL (names));

  /* The chair is usually the one planning; else the first voorzitter. */
  for (guint i = 0; i < self->members->len; i++)
    {
      CtMeetingMember *m = g_ptr_array_index (self->members, i);

      if (m->id == own || m->role == CT_ROLE_VOORZITTER)
        {
          gtk_drop_down_set_selected (self->chair_dropdown, i);
          if (m->id == own)
            break;
        }
    }
}

CtMeetingPlanDialog *
ct_meeting_plan_dialog_new (GtkWindow *parent,
                            CtSession *session)
{
  CtMeetingPlanDialog *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_MEETING_PLAN_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  self->members = ct_meeting_list_members (session, NULL);
  if (self->members == NULL)
    self->members = g_ptr_array_new ();
  fill_members (self);
  fill_date (self);
  return self;
}

/* Returns: whether the meetings the date follows are still being read */
gboolean
_ct_meeting_plan_dialog_is_loading (CtMeetingPlanDialog *self)
{
  return self->reading != NULL;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CtMeetingPlanDialog *self = g_task_get_source_object (task);
  GError *error = NULL;
  Save *save = ct_session_write_get_data (result);

  if (!ct_session_write_finish (CT_SESSION (source), result, &error))
    {
      /* Closed meanwhile (a lock, the page gone): nothing to say it in. */
      if (self->session != NULL)
        {
          set_saving (self, FALSE);
          show_error (self, error->message, NULL);
        }
      g_task_return_error (task, error);
      return;
    }
  if (self->session != NULL)
    {
      set_saving (self, FALSE);
      show_error (self, NULL, NULL);
    }
  g_task_return_int (task, save->meeting_id);
}

/**
 * ct_meeting_plan_dialog_save_async:
 *
 * Stores the meeting with its attendees, all or nothing, through the
 * session's write queue (ct_session_write_async()): the window goes on
 * while the session's readers hold the file, and the dialog says
 * "Saving…" with its responses disabled. When it cannot be stored, the
 * dialog says why under the form.
 *
 * Returns: %FALSE, with nothing queued and @callback not called, when
 *   the date cannot be read or a save is under way: the dialog says why
 *   and marks the date
 */
gboolean
ct_meeting_plan_dialog_save_async (CtMeetingPlanDialog *self,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  GTask *task;
  char *held_on;

  g_return_val_if_fail (CT_IS_MEETING_PLAN_DIALOG (self), FALSE);

  if (self->saving)
    return FALSE;
  held_on = ct_gui_field_from_text (held_on_field (), entry_text (self->date_entry), &error);
  if (held_on == NULL)
    {
      show_error (self, error->message, GTK_WIDGET (self->date_entry));
      return FALSE;
    }
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ct_meeting_plan_dialog_save_async);
  show_error (self, NULL, NULL);
  set_saving (self, TRUE);
  ct_session_write_async (self->session, save_cb, save_new (self, held_on),
                          (GDestroyNotify) save_free, NULL, saved_cb, task);
  return TRUE;
}

/**
 * ct_meeting_plan_dialog_save_finish:
 *
 * Returns: the new meeting's id, or 0 with @error set
 */
gint64
ct_meeting_plan_dialog_save_finish (CtMeetingPlanDialog *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Returns: whether the meeting waits in the session's write queue */
gboolean
ct_meeting_plan_dialog_is_saving (CtMeetingPlanDialog *self)
{
  g_return_val_if_fail (CT_IS_MEETING_PLAN_DIALOG (self), FALSE);

  return self->saving;
}
