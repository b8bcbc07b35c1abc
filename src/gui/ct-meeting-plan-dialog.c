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

typedef struct
{
  CtMeetingPlanDialog *self;
  const char          *held_on;
  gint64               meeting_id;
} Save;

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

static gboolean
save_cb (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Save *save = data;
  CtMeetingPlanDialog *self = save->self;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  g_auto(GStrv) guests = g_strsplit (entry_text (self->guests_entry), ",", -1);
  guint chair = gtk_drop_down_get_selected (self->chair_dropdown);

  ct_record_set (meeting, "held_on", save->held_on);
  ct_record_set (meeting, "start_time", *entry_text (self->time_entry) ? entry_text (self->time_entry) : NULL);
  ct_record_set (meeting, "location",
                 *entry_text (self->location_entry) ? entry_text (self->location_entry) : NULL);
  if (chair < self->members->len)
    ct_record_set_int (meeting, "chair", ((CtMeetingMember *) g_ptr_array_index (self->members, chair))->id);
  ct_record_set (meeting, "status", "gepland");
  if ((save->meeting_id = ct_session_insert (session, meeting, error)) == 0)
    return FALSE;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i))
        && !insert_attendee (session, save->meeting_id,
                             ((CtMeetingMember *) g_ptr_array_index (self->members, i))->id, NULL,
                             error))
      return FALSE;

  for (guint i = 0; guests[i] != NULL; i++)
    {
      char *guest = g_strstrip (guests[i]);

      if (*guest != '\0' && !insert_attendee (session, save->meeting_id, 0, guest, error))
        return FALSE;
    }
  return TRUE;
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

static void
ct_meeting_plan_dialog_class_init (CtMeetingPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_meeting_plan_dialog_dispose;

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

/**
 * ct_meeting_plan_dialog_save:
 *
 * Stores the meeting with its attendees, all or nothing. When it cannot,
 * the dialog says why under the form and marks the date if that is the
 * reason; the caller shows the dialog again.
 *
 * Returns: the new meeting's id, or 0 with @error set
 */
gint64
ct_meeting_plan_dialog_save (CtMeetingPlanDialog *self,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *held_on = NULL;
  Save save = { self, NULL, 0 };

  g_return_val_if_fail (CT_IS_MEETING_PLAN_DIALOG (self), 0);

  held_on = ct_gui_field_from_text (held_on_field (), entry_text (self->date_entry), &local_error);
  if (held_on == NULL)
    {
      show_error (self, local_error->message, GTK_WIDGET (self->date_entry));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  save.held_on = held_on;
  if (!ct_session_run_in_transaction (self->session, save_cb, &save, &local_error))
    {
      show_error (self, local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  show_error (self, NULL, NULL);
  return save.meeting_id;
}
