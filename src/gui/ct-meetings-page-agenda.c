/* ct-meetings-page-agenda.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One meeting's agenda on the meetings page: its items in order, each
 * with its time slot, moved by drag or by keyboard (Alt+Up, Alt+Down),
 * and the cases awaiting the team, each added with one button. The
 * agenda is bounded by the time the meeting has, so it stays a list box;
 * it is read in a worker with the cases awaiting the team
 * (ct_meeting_agenda_load()), and a meeting the member left never shows.
 * A closed meeting's agenda is not moved and the meeting not started: it
 * is reopened first. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-labels.h"
#include "ct-meeting.h"
#include "ct-meeting-widgets.h"
#include "ct-meetings-page-private.h"
#include "ct-saving.h"

#define DEFAULT_SLOT_MINUTES 15

/* The rows go; the placeholder, also a child of the list, stays
 * (gtk_list_box_remove() on it would unset it). */
static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static guint
row_index (GtkWidget *row)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ct-index"));
}

static gboolean
move_up_cb (GtkWidget *row,
            GVariant  *args,
            gpointer   data)
{
  guint i = row_index (row);

  return i > 0 && _ct_meetings_page_move_item (data, i, i - 1);
}

static gboolean
move_down_cb (GtkWidget *row,
              GVariant  *args,
              gpointer   data)
{
  guint i = row_index (row);

  return _ct_meetings_page_move_item (data, i, i + 1);
}

static void
move_up_clicked_cb (GtkButton *button,
                    gpointer   data)
{
  move_up_cb (g_object_get_data (G_OBJECT (button), "ct-row"), NULL, data);
}

static void
move_down_clicked_cb (GtkButton *button,
                      gpointer   data)
{
  move_down_cb (g_object_get_data (G_OBJECT (button), "ct-row"), NULL, data);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, row_index (row));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         CtMeetingsPage *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  return _ct_meetings_page_move_item (self, g_value_get_uint (value), row_index (row));
}

static void
set_agenda_sensitive (CtMeetingsPage *self,
                      gboolean        sensitive)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->agenda_list), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->awaiting_list), sensitive);
}

/* A change of the agenda, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): what it
 * writes is copied here, and the page is a weak reference
 * (ct_saving_write()), so a page gone meanwhile is not touched. An added case or a new order keeps the
 * agenda insensitive until it is written and read again. */
typedef enum { WRITE_SLOT, WRITE_ADD, WRITE_ORDER } WriteKind;

typedef struct
{
  WriteKind  kind;
  CtRecord  *item;        /* WRITE_SLOT: a copy of the item */
  gint64     meeting_id;  /* WRITE_ADD */
  gint64     case_id;     /* WRITE_ADD */
  GArray    *ids;         /* WRITE_ORDER: the items' ids in order */
} AgendaWrite;

static void
agenda_write_free (gpointer data)
{
  AgendaWrite *write = data;

  g_clear_pointer (&write->item, ct_record_unref);
  g_clear_pointer (&write->ids, g_array_unref);
  g_free (write);
}

static gboolean
write_agenda (CtSession *session,
              gpointer   data,
              GError   **error)
{
  AgendaWrite *write = data;

  switch (write->kind)
    {
    case WRITE_SLOT:
      return ct_session_update (session, write->item, error);
    case WRITE_ADD:
      return ct_meeting_add_case (session, write->meeting_id, write->case_id,
                                  DEFAULT_SLOT_MINUTES, error) > 0;
    case WRITE_ORDER:
      return ct_meeting_set_order (session, (gint64 *) write->ids->data, write->ids->len, error);
    default:
      g_assert_not_reached ();
    }
}

/* Back from the write queue: the error as before; an added case or a new
 * order is read again. A lock meanwhile says nothing. */
static void
agenda_written_cb (gpointer      owner,
                   CtSession    *session,
                   GAsyncResult *result)
{
  AgendaWrite *write = ct_session_write_get_data (result);
  CtMeetingsPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL)
    return;
  self->agenda_writing--;
  if (self->session == NULL)
    return;
  if (!ok && !g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    _ct_meetings_page_show_error (self, error);
  if (write->kind == WRITE_SLOT)
    return;
  if (!ok && write->kind == WRITE_ADD)
    {
      set_agenda_sensitive (self, TRUE);
      return;
    }
  _ct_meetings_page_reload_agenda (self);
}

static void
write_agenda_async (CtMeetingsPage *self,
                    AgendaWrite    *write)
{
  self->agenda_writing++;
  if (write->kind != WRITE_SLOT)
    set_agenda_sensitive (self, FALSE);
  ct_saving_write (self, self->session, write_agenda, write, agenda_write_free, NULL, NULL,
                   agenda_written_cb);
}

static void
slot_changed_cb (GtkSpinButton  *spin,
                 CtMeetingsPage *self)
{
  CtRecord *item = g_object_get_data (G_OBJECT (spin), "ct-item");
  AgendaWrite *write = g_new0 (AgendaWrite, 1);
  gint minutes = gtk_spin_button_get_value_as_int (spin);

  /* The copy carries the change (ct_record_copy()); the row's item shows it. */
  write->kind = WRITE_SLOT;
  write->item = ct_record_copy (item);
  ct_record_set_int (write->item, "slot_minutes", minutes);
  ct_record_set_int (item, "slot_minutes", minutes);
  write_agenda_async (self, write);
}

static GtkWidget *
move_button (const char *icon,
             const char *label,
             GtkWidget  *row,
             GCallback   callback,
             gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "ct-row", row);
  g_signal_connect (button, "clicked", callback, data);
  return button;
}

static char *
case_subtitle (CtMeetingsPage *self,
               CtRecord       *c)
{
  const char *summary = ct_record_get (c, "summary");

  if (g_hash_table_contains (self->refused, GSIZE_TO_POINTER (ct_record_get_id (c))))
    return g_strdup_printf ("⚠ %s%s%s", _("Back on the agenda: action refused"),
                            summary != NULL ? " · " : "", summary != NULL ? summary : "");
  return g_strdup (summary != NULL ? summary : "");
}

static void
add_reorder_controllers (CtMeetingsPage *self,
                         GtkWidget      *row)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Alt>Up"),
                                                          gtk_callback_action_new (move_up_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Alt>Down"),
                                                          gtk_callback_action_new (move_down_cb, self, NULL)));
  gtk_widget_add_controller (row, shortcuts);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

/* With @reorder the row moves by drag, by keyboard and by its buttons; a
 * closed meeting's agenda is what was discussed, and keeps its order
 * (ct_meeting_set_order()). */
static GtkWidget *
agenda_row_new (CtMeetingsPage *self,
                CtRecord       *item,
                guint           index,
                gboolean        reorder)
{
  CtRecord *c = g_hash_table_lookup (self->cases, GSIZE_TO_POINTER (ct_record_get_int (item, "case_id")));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, 240, 5);
  g_autofree char *title = g_strdup_printf ("%u. %s %s", index + 1, _("Case"),
                                            c != NULL ? ct_record_get (c, "number") : "");
  g_autofree char *subtitle = c != NULL ? case_subtitle (self, c) : NULL;
  gboolean waiting = g_strcmp0 (ct_record_get (item, "status"), "wachtend") == 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  g_object_set_data (G_OBJECT (row), "ct-index", GUINT_TO_POINTER (index));
  if (reorder)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("list-drag-handle-symbolic"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), ct_record_get_int (item, "slot_minutes"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, _("Time slot in minutes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time slot in minutes"), -1);
  gtk_widget_set_sensitive (spin, waiting);
  g_object_set_data_full (G_OBJECT (spin), "ct-item", ct_record_ref (item), (GDestroyNotify) ct_record_unref);
  g_signal_connect (spin, "value-changed", G_CALLBACK (slot_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_label_new (_("min")));
  gtk_widget_set_focusable (row, TRUE);
  if (!reorder)
    return row;
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             move_button ("go-up-symbolic", _("Move up"), row,
                                          G_CALLBACK (move_up_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             move_button ("go-down-symbolic", _("Move down"), row,
                                          G_CALLBACK (move_down_clicked_cb), self));
  add_reorder_controllers (self, row);
  return row;
}

static void
add_case_clicked_cb (GtkButton      *button,
                     CtMeetingsPage *self)
{
  AgendaWrite *write = g_new0 (AgendaWrite, 1);

  write->kind = WRITE_ADD;
  write->meeting_id = self->meeting_id;
  write->case_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "ct-id"));
  write_agenda_async (self, write);
}

static GtkWidget *
awaiting_row_new (CtMeetingsPage *self,
                  CtRecord       *c)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add"));
  g_autofree char *title = g_strdup_printf ("%s %s", _("Case"), ct_record_get (c, "number"));
  g_autofree char *subtitle = case_subtitle (self, c);
  g_autofree char *a11y = g_strdup_printf (_("Add case %s to the agenda"), ct_record_get (c, "number"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data (G_OBJECT (button), "ct-id", GSIZE_TO_POINTER (ct_record_get_id (c)));
  g_signal_connect (button, "clicked", G_CALLBACK (add_case_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

void
_ct_meetings_page_cancel_agenda_reading (CtMeetingsPage *self)
{
  if (self->agenda_reading != NULL)
    g_cancellable_cancel (self->agenda_reading);
  g_clear_object (&self->agenda_reading);
}

/* Nothing of a meeting stays on the page: before another one is read, and
 * when the session goes. */
void
_ct_meetings_page_clear_agenda (CtMeetingsPage *self)
{
  _ct_meetings_page_cancel_agenda_reading (self);
  clear_list (self->agenda_list);
  clear_list (self->awaiting_list);
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  g_hash_table_remove_all (self->cases);
  g_hash_table_remove_all (self->refused);
  self->shown_meeting_id = 0;
  self->shown_running = FALSE;
  self->shown_open = FALSE;
  self->focus_row = 0;
}

static void
show_agenda (CtMeetingsPage  *self,
             CtMeetingAgenda *agenda)
{
  g_autofree char *title = NULL;
  g_autofree char *held_on = NULL;
  GtkListBoxRow *row;
  gboolean open;

  clear_list (self->agenda_list);
  clear_list (self->awaiting_list);
  g_hash_table_remove_all (self->cases);
  g_hash_table_remove_all (self->refused);
  for (guint i = 0; i < agenda->cases->len; i++)
    g_hash_table_insert (self->cases, GSIZE_TO_POINTER (ct_record_get_id (g_ptr_array_index (agenda->cases, i))),
                         ct_record_ref (g_ptr_array_index (agenda->cases, i)));
  for (guint i = 0; i < agenda->awaiting->len; i++)
    {
      CtAwaitingCase *a = g_ptr_array_index (agenda->awaiting, i);

      if (a->refused)
        g_hash_table_add (self->refused, GSIZE_TO_POINTER (ct_record_get_id (a->case_record)));
    }
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  self->agenda = g_ptr_array_ref (agenda->items);
  self->shown_meeting_id = self->meeting_id;
  self->shown_running = g_strcmp0 (ct_record_get (agenda->meeting, "status"), "bezig") == 0;

  held_on = ct_gui_format_date (ct_record_get (agenda->meeting, "held_on"));
  title = g_strdup_printf (_("Meeting of %s"), held_on);
  gtk_label_set_text (self->agenda_title, title);
  gtk_label_set_text (self->agenda_subtitle, ct_meeting_status_label (ct_record_get (agenda->meeting, "status")));
  open = g_strcmp0 (ct_record_get (agenda->meeting, "status"), "gesloten") != 0;
  self->shown_open = open;
  /* A closed meeting does not start again: it is reopened. Not while the
   * start waits in the write queue (ct-meetings-page.c). */
  gtk_widget_set_visible (self->start_button, open);
  gtk_widget_set_visible (self->reorder_hint, open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.start",
                                 open && self->agenda->len > 0
                                 && !ct_saving_is_saving (self->start_button));
  /* A meeting closed too early opens again, by the chair or a beheerder. */
  gtk_widget_set_visible (self->reopen_button, !open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.reopen",
                                 !open && ct_meeting_can_reopen (self->session));
  gtk_widget_set_tooltip_text (self->reopen_button,
                               ct_meeting_can_reopen (self->session)
                               ? NULL : _("Only the voorzitter or a beheerder reopens a meeting"));

  for (guint i = 0; i < self->agenda->len; i++)
    gtk_list_box_append (self->agenda_list,
                         agenda_row_new (self, g_ptr_array_index (self->agenda, i), i, open));
  for (guint i = 0; open && i < agenda->awaiting->len; i++)
    gtk_list_box_append (self->awaiting_list,
                         awaiting_row_new (self, ((CtAwaitingCase *) g_ptr_array_index (agenda->awaiting, i))->case_record));
  /* A closed meeting takes no more cases: no heading over nothing. */
  gtk_widget_set_visible (self->awaiting_heading, open);
  gtk_widget_set_visible (GTK_WIDGET (self->awaiting_list), open);
  set_agenda_sensitive (self, TRUE);
  gtk_stack_set_visible_child_name (self->agenda_stack, "agenda");
  /* A row moved by keyboard keeps the focus, so Alt+Down works again. */
  if (self->focus_row > 0
      && (row = gtk_list_box_get_row_at_index (self->agenda_list, self->focus_row - 1)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  self->focus_row = 0;
}

/* In a worker, with a reader of the session. */
static gpointer
read_agenda_cb (CtSession     *reader,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return ct_meeting_agenda_load (reader, GPOINTER_TO_SIZE (data), error);
}

static void
agenda_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CtMeetingsPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeetingAgenda) agenda = ct_session_read_finish (CT_SESSION (source), result, &error);

  /* Cancelled: the member went elsewhere, or the page lost its session. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->agenda_reading);
  if (agenda == NULL)
    {
      _ct_meetings_page_show_error (self, error);
      set_agenda_sensitive (self, TRUE);
      gtk_stack_set_visible_child_name (self->agenda_stack, "agenda");
      return;
    }
  show_agenda (self, agenda);
}

/* Reads the meeting, its agenda and the cases awaiting the team in a
 * worker (ct_meeting_agenda_load()). The same meeting's rows stay shown
 * until the new ones replace them; another meeting's go at once, and a
 * spinner shows until its agenda is there. */
void
_ct_meetings_page_reload_agenda (CtMeetingsPage *self)
{
  _ct_meetings_page_cancel_agenda_reading (self);
  if (self->session == NULL)
    return;
  if (self->shown_meeting_id != self->meeting_id)
    {
      guint focus_row = self->focus_row;

      _ct_meetings_page_clear_agenda (self);
      self->focus_row = focus_row;
      gtk_label_set_text (self->agenda_title, _("Loading Meeting…"));
      gtk_label_set_text (self->agenda_subtitle, "");
      gtk_widget_set_visible (self->reopen_button, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.start", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.reopen", FALSE);
      gtk_stack_set_visible_child_name (self->agenda_stack, "loading");
    }
  /* What is shown is what the read replaces: not to be added or moved twice. */
  set_agenda_sensitive (self, FALSE);
  self->agenda_reading = g_cancellable_new ();
  ct_session_read_async (self->session, read_agenda_cb, GSIZE_TO_POINTER (self->meeting_id),
                         (GDestroyNotify) ct_meeting_agenda_free, self->agenda_reading,
                         agenda_read_cb, self);
}

/**
 * _ct_meetings_page_move_item:
 *
 * Moves the agenda item at @from to @to, on an open meeting's agenda; once the agenda is read again
 * the focus goes to its row, so a keyboard user can press Alt+Down again.
 *
 * Returns: whether it moved
 */
gboolean
_ct_meetings_page_move_item (CtMeetingsPage *self,
                             guint           from,
                             guint           to)
{
  GArray *ids;
  AgendaWrite *write;
  gpointer moved;

  if (self->agenda == NULL || !self->shown_open || from >= self->agenda->len || to >= self->agenda->len || from == to)
    return FALSE;

  moved = g_ptr_array_steal_index (self->agenda, from);
  g_ptr_array_insert (self->agenda, to, moved);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->agenda->len; i++)
    {
      gint64 id = ct_record_get_id (g_ptr_array_index (self->agenda, i));

      g_array_append_val (ids, id);
    }
  write = g_new0 (AgendaWrite, 1);
  write->kind = WRITE_ORDER;
  write->ids = ids;
  self->focus_row = to + 1;
  write_agenda_async (self, write);
  return TRUE;
}
