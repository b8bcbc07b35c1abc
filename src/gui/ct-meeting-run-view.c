/* ct-meeting-run-view.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The chair's view while the meeting runs: one agenda item at a time with
 * its timer, what the team knows of the case, attendance, notes, and the
 * binding advice with its actions, and the projector for the table. This
 * file reads and shows; the run's writes (attendance, an action added,
 * an item closed or postponed, the meeting closed) are in
 * ct-meeting-run-view-writes.c. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clock.h"
#include "ct-meeting.h"
#include "ct-meeting-run-view-private.h"
#include "ct-meeting-widgets.h"
#include "ct-meeting-zrm-area.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-money.h"
#include "ct-window.h"

G_DEFINE_FINAL_TYPE (CtMeetingRunView, ct_meeting_run_view, ADW_TYPE_BIN)

enum {
  MEETING_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_ct_meeting_run_view_toast (CtMeetingRunView *self,
                            const char       *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

void
_ct_meeting_run_view_show_error (CtMeetingRunView *self,
                                 const GError     *error)
{
  AdwToast *t = adw_toast_new (error->message);

  adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
text_view_set (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static CtRecord *
current_item (CtMeetingRunView *self)
{
  return self->current < self->items->len ? g_ptr_array_index (self->items, self->current) : NULL;
}

static void
update_timer (CtMeetingRunView *self)
{
  gint64 left = ABS (self->remaining);
  g_autofree char *clock = g_strdup_printf ("%s%" G_GINT64_FORMAT ":%02d",
                                            self->remaining < 0 ? "+" : "", left / 60,
                                            (int) (left % 60));
  g_autofree char *a11y = NULL;
  gboolean over = self->remaining <= 0;

  gtk_label_set_text (self->timer_label, clock);
  gtk_widget_set_visible (GTK_WIDGET (self->timer_icon), over);
  if (over)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->timer_box), "warning");
      a11y = g_strdup_printf (_("Time slot ended, %s over"), clock + (self->remaining < 0));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->timer_box), "warning");
      a11y = g_strdup_printf (_("Time left in this item's slot: %s"), clock);
    }
  ct_meeting_set_a11y_text (GTK_WIDGET (self->timer_box), a11y);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_box), a11y);

  if (over && !self->warned)
    {
      self->warned = TRUE;
      _ct_meeting_run_view_toast (self, _("Time slot ended"));
    }
}

static gboolean
tick_cb (gpointer data)
{
  CtMeetingRunView *self = data;

  self->remaining--;
  update_timer (self);
  return G_SOURCE_CONTINUE;
}

static void
start_timer (CtMeetingRunView *self,
             gint64            minutes)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->remaining = minutes * 60;
  self->warned = FALSE;
  update_timer (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/* Counts and costs over the organisations this member may read. A member
 * who lacks a category reads that none is visible to them, never that
 * none is involved, and the note that does not depend on the household
 * (docs/categories.md). */
static char *
dup_organisations (CtMeetingRunView *self,
                   CtMeetingCase    *mcase)
{
  g_autofree char *cost = ct_money_format (mcase->yearly_cost_cents, CT_MONEY_WHOLE);
  g_autofree char *counted = NULL;
  gboolean partial = FALSE;

  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    partial |= !ct_session_can_read (self->session, ct_fact_categories[k]);

  if (mcase->n_organisations > 0)
    counted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u organisation involved, %s a year",
                                            "%u organisations involved, %s a year",
                                            mcase->n_organisations),
                               mcase->n_organisations, cost);
  else if (partial)
    counted = g_strdup (_("No involved organisations are visible to your role."));
  else
    counted = g_strdup (_("No organisations are involved at present."));
  if (!partial)
    return g_steal_pointer (&counted);
  return g_strdup_printf ("%s\n%s", counted, _("Involvements of categories your role may not "
                                               "read are not shown or counted."));
}

static char *
dup_history (CtMeetingCase *mcase)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < mcase->advice->len; i++)
    {
      CtRecord *advice = g_ptr_array_index (mcase->advice, i);

      g_autofree char *date = ct_gui_format_date (ct_record_get (advice, "decided_on"));

      g_string_append_printf (out, "%s%s — %s", out->len > 0 ? "\n\n" : "",
                              date, ct_record_get (advice, "text"));
      for (guint j = 0; j < mcase->actions->len; j++)
        {
          CtRecord *action = g_ptr_array_index (mcase->actions, j);
          const char *reason = ct_record_get (action, "refusal_reason");

          if (ct_record_get_int (action, "advice_id") != ct_record_get_id (advice))
            continue;
          if (ct_record_get (action, "what") == NULL)
            /* Translators: an action of a category the reader may not read, and its status */
            {
              g_string_append (out, "\n• ");
              g_string_append_printf (out, _("Restricted action — %s"),
                                      ct_meeting_action_status_label (ct_record_get (action,
                                                                                    "status")));
            }
          else
            g_string_append_printf (out, "\n• %s (%s): %s", ct_record_get (action, "what"),
                                    ct_record_get (action, "partner") ?: "—",
                                    ct_meeting_action_status_label (ct_record_get (action, "status")));
          if (reason != NULL)
            g_string_append_printf (out, " — %s", reason);
        }
    }
  return g_string_free (out, FALSE);
}

static void
set_label (GtkLabel   *label,
           const char *text,
           const char *empty)
{
  gtk_label_set_text (label, text != NULL && *text != '\0' ? text : empty);
}

/* Once every item is closed or postponed the item's parts go: no timer,
 * no headings over nothing, no advice to write, but the meeting, its
 * attendance and the next step, closing it, with the one Close Meeting
 * button. With no agenda there is nothing to project either. */
static void
show_done (CtMeetingRunView *self,
           gboolean          done)
{
  gtk_stack_set_visible_child_name (self->item_stack, done ? "done" : "item");
  gtk_widget_set_visible (self->item_box, !done);
  gtk_widget_set_visible (GTK_WIDGET (self->timer_box), !done);
  gtk_widget_set_visible (self->close_meeting_button, !done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.project", self->items->len > 0);
  if (!done)
    return;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_label_set_text (self->item_label, self->title);
}

static void
show_item (CtMeetingRunView *self)
{
  CtRecord *item = current_item (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeetingCase) mcase = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *orgs = NULL;
  g_autofree char *history = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *question = NULL;

  _ct_meeting_run_view_clear_advice (self);
  show_done (self, item == NULL);
  if (item == NULL)
    {
      _ct_meeting_run_view_update_actions (self);
      return;
    }

  mcase = ct_meeting_case_load (self->session, ct_record_get_int (item, "case_id"), FALSE, &error);
  if (mcase == NULL)
    {
      _ct_meeting_run_view_show_error (self, error);
      return;
    }
  heading = g_strdup_printf (_("Item %u of %u · case %s"), self->current + 1, self->items->len,
                             ct_record_get (mcase->case_record, "number"));
  gtk_label_set_text (self->item_label, heading);
  /* The chair's own screen: the general part and the parts this member
   * may read (docs/categories.md). */
  summary = ct_case_dup_parts (mcase->case_record, "summary", ~0u);
  question = ct_case_dup_parts (mcase->case_record, "question", ~0u);
  set_label (self->summary_label, summary, _("No summary yet."));
  set_label (self->question_label, question, _("No question yet."));
  ct_meeting_zrm_area_set_scores (self->zrm_area, mcase->zrm);
  gtk_widget_set_visible (GTK_WIDGET (self->zrm_box), gtk_widget_get_visible (self->zrm_area));
  orgs = dup_organisations (self, mcase);
  gtk_label_set_text (self->organisations_label, orgs);
  history = dup_history (mcase);
  set_label (self->advice_history_label, history, _("No earlier advice."));
  text_view_set (self->notes_view, ct_record_get (item, "notes"));
  _ct_meeting_run_view_update_actions (self);
  start_timer (self, MAX (ct_record_get_int (item, "slot_minutes"), 1));
  if (self->projector != NULL)
    ct_projector_window_set_index (self->projector, self->current);
}

/* After an item was closed or postponed (ct-meeting-run-view-writes.c). */
void
_ct_meeting_run_view_next_item (CtMeetingRunView *self)
{
  self->current++;
  show_item (self);
}

/* After the meeting was closed (ct-meeting-run-view-writes.c): the timer
 * stops, the projector goes, and the meetings page shows the agenda. */
void
_ct_meeting_run_view_meeting_closed (CtMeetingRunView *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->projector != NULL)
    gtk_window_destroy (GTK_WINDOW (self->projector));
  g_signal_emit (self, signals[MEETING_CLOSED], 0);
}

/* The projector's keys from the chair's window, so the chair never has
 * to give the projector the focus: B blanks it, Page Up and Page Down
 * (what a clicker sends) show the previous or next case on the agenda. */
static void
projector_key_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);
  guint index;

  if (self->projector == NULL)
    return;
  index = ct_projector_window_get_index (self->projector);
  if (g_str_equal (action_name, "run.blank"))
    ct_projector_window_set_blanked (self->projector,
                                     !ct_projector_window_get_blanked (self->projector));
  else if (g_str_equal (action_name, "run.projector-next"))
    ct_projector_window_set_index (self->projector, index + 1);
  else if (index > 0)
    ct_projector_window_set_index (self->projector, index - 1);
}

static void
blanked_changed_cb (CtProjectorWindow *projector,
                    GParamSpec        *pspec,
                    CtMeetingRunView  *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->blanked_banner),
                          ct_projector_window_get_blanked (projector));
}

static void
projector_destroyed_cb (CtMeetingRunView *self)
{
  self->projector = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->blanked_banner), FALSE);
  gtk_picture_set_paintable (self->preview_picture, NULL);
  gtk_widget_set_visible (self->preview_box, FALSE);
}

static void
open_projector (CtMeetingRunView *self,
                GdkMonitor       *monitor)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GdkPaintable) preview = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      gint64 id = ct_record_get_int (g_ptr_array_index (self->items, i), "case_id");

      g_array_append_val (ids, id);
    }
  self->projector = ct_projector_window_new (self->session, (gint64 *) ids->data, ids->len);
  ct_projector_window_set_index (self->projector, self->current);
  g_signal_connect_object (self->projector, "notify::blanked", G_CALLBACK (blanked_changed_cb),
                           self, 0);
  g_signal_connect_object (self->projector, "destroy", G_CALLBACK (projector_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  if (monitor != NULL)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self->projector), monitor);
  gtk_window_present (GTK_WINDOW (self->projector));
  /* What the table sees, live, in the chair's window: the beamer is
   * behind the chair, and on one screen the window may be out of view. */
  preview = gtk_widget_paintable_new (gtk_window_get_child (GTK_WINDOW (self->projector)));
  gtk_picture_set_paintable (self->preview_picture, preview);
  gtk_widget_set_visible (self->preview_box, TRUE);
  /* The keyboard stays with the chair: the projector's keys work from
   * here, and keys typed for the advice must not move the projection. */
  if (GTK_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    gtk_window_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

static void
monitor_chosen_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CtMeetingRunView *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  guint n;

  if (!g_str_has_prefix (response, "monitor-"))
    return;
  n = (guint) g_ascii_strtoull (response + strlen ("monitor-"), NULL, 10);
  if (n < g_list_model_get_n_items (monitors))
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, n);

      open_projector (self, monitor);
    }
}

/* With one screen the projector is an ordinary window; with more, the
 * chair picks the screen that is the beamer. */
static void
project_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (widget);
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (widget));
  guint n = g_list_model_get_n_items (monitors);
  AdwMessageDialog *dialog;

  if (self->projector != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->projector));
      return;
    }
  if (n <= 1)
    {
      open_projector (self, NULL);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Show on Which Screen?"),
                                                       _("The projector shows the summary for the table full screen.")));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      g_autofree char *id = g_strdup_printf ("monitor-%u", i);
      g_autofree char *label = NULL;
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      label = g_strdup_printf ("%s (%d × %d)",
                               gdk_monitor_get_model (monitor) != NULL ? gdk_monitor_get_model (monitor)
                                                                       : _("Screen"),
                               geometry.width, geometry.height);
      adw_message_dialog_add_response (dialog, id, label);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (monitor_chosen_cb), self);
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* While it is on screen the window knows a meeting runs in it. */
static void
ct_meeting_run_view_map (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  GTK_WIDGET_CLASS (ct_meeting_run_view_parent_class)->map (widget);
  if (CT_IS_WINDOW (root) && CT_MEETING_RUN_VIEW (widget)->meeting_id != 0)
    ct_window_set_meeting_view (CT_WINDOW (root), widget);
}

static void
ct_meeting_run_view_unmap (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (CT_IS_WINDOW (root))
    ct_window_set_meeting_view (CT_WINDOW (root), NULL);
  GTK_WIDGET_CLASS (ct_meeting_run_view_parent_class)->unmap (widget);
}

static void
ct_meeting_run_view_dispose (GObject *object)
{
  CtMeetingRunView *self = CT_MEETING_RUN_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  ct_meeting_run_view_close_windows (self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->new_actions, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (ct_meeting_run_view_parent_class)->dispose (object);
}

static void
ct_meeting_run_view_class_init (CtMeetingRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_meeting_run_view_dispose;
  widget_class->map = ct_meeting_run_view_map;
  widget_class->unmap = ct_meeting_run_view_unmap;

  signals[MEETING_CLOSED] = g_signal_new ("meeting-closed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/casustafel/Casustafel/ui/ct-meeting-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, item_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, timer_box);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, timer_icon);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, timer_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, blanked_banner);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, question_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, zrm_box);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, organisations_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, advice_history_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, item_stack);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, item_box);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, done_close_button);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, preview_box);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, attendance_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, notes_view);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, advice_view);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, actions_list);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, what_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, partner_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, partner_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, responsible_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, due_entry);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, action_error_label);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, close_item_button);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, postpone_item_button);
  gtk_widget_class_bind_template_child (widget_class, CtMeetingRunView, close_meeting_button);

  _ct_meeting_run_view_install_write_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "run.project", NULL, project_cb);
  gtk_widget_class_install_action (widget_class, "run.blank", NULL, projector_key_cb);
  gtk_widget_class_install_action (widget_class, "run.projector-next", NULL, projector_key_cb);
  gtk_widget_class_install_action (widget_class, "run.projector-previous", NULL,
                                   projector_key_cb);
  /* Bubbling, so a letter typed into the advice stays a letter. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "run.blank", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_B, GDK_SHIFT_MASK, "run.blank", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "run.projector-next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "run.projector-previous", NULL);
}

static void
ct_meeting_run_view_init (CtMeetingRunView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _ct_meeting_run_view_init_action_form (self);

  /* A meeting planned without invitations has nobody to tick off; say
   * so instead of showing an empty frame. */
  ct_meeting_set_placeholder (self->attendance_list,
                              _("Nobody was invited to this meeting. Choose the attending members when you plan a meeting."));

  self->new_actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  self->zrm_area = ct_meeting_zrm_area_new (0);
  gtk_box_append (self->zrm_box, self->zrm_area);
}

GtkWidget *
ct_meeting_run_view_new (void)
{
  return g_object_new (CT_TYPE_MEETING_RUN_VIEW, NULL);
}

static void
fill_members (CtMeetingRunView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("Responsible member"));
  for (guint i = 0; i < self->members->len; i++)
    gtk_string_list_append (names, ((CtMeetingMember *) g_ptr_array_index (self->members, i))->display_name);
  gtk_drop_down_set_model (self->responsible_dropdown, G_LIST_MODEL (names));
}

/**
 * ct_meeting_run_view_set_meeting:
 *
 * Shows a meeting being run: the first item still waiting, with its
 * timer. It writes nothing: the caller set the meeting's status to
 * "bezig" first, through the session's write queue (ct-meetings-page.c).
 */
gboolean
ct_meeting_run_view_set_meeting (CtMeetingRunView *self,
                                 CtSession        *session,
                                 gint64            meeting_id,
                                 GError          **error)
{
  g_autoptr(GPtrArray) agenda = NULL;
  g_autoptr(CtRecord) meeting = NULL;
  g_autofree char *held_on = NULL;

  g_return_val_if_fail (CT_IS_MEETING_RUN_VIEW (self), FALSE);
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if ((meeting = ct_session_get (session, "meetings", meeting_id, error)) == NULL
      || (agenda = ct_meeting_list_agenda (session, meeting_id, error)) == NULL)
    return FALSE;

  g_set_object (&self->session, session);
  self->meeting_id = meeting_id;
  held_on = ct_gui_format_date (ct_record_get (meeting, "held_on"));
  g_free (self->title);
  self->title = g_strdup_printf (_("Meeting of %s"), held_on);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = ct_meeting_list_members (session, error);
  if (self->members == NULL)
    return FALSE;
  fill_members (self);

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < agenda->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (agenda, i), "status"), "wachtend") == 0)
      g_ptr_array_add (self->items, ct_record_ref (g_ptr_array_index (agenda, i)));
  self->current = 0;
  _ct_meeting_run_view_load_attendance (self);
  show_item (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && CT_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))))
    ct_window_set_meeting_view (CT_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                GTK_WIDGET (self));
  return TRUE;
}

/* Test hook: the timer as if @seconds had passed. */
void
_ct_meeting_run_view_advance (CtMeetingRunView *self,
                              guint             seconds)
{
  self->remaining -= seconds;
  update_timer (self);
}

/* What choosing @monitor in "Show on Which Screen?" does, for the tests:
 * Xvfb offers one monitor, so the question never comes up there. */
void
_ct_meeting_run_view_project_on (CtMeetingRunView *self,
                                 GdkMonitor       *monitor)
{
  g_return_if_fail (self->projector == NULL);

  open_projector (self, monitor);
}

gint64
_ct_meeting_run_view_current_id (CtMeetingRunView *self)
{
  CtRecord *item = current_item (self);

  return item != NULL ? ct_record_get_id (item) : 0;
}

/**
 * ct_meeting_run_view_close_windows:
 *
 * Closes the projector and the question which screen it goes on: they
 * show the team's cases, and go when the meetings page's session does.
 */
void
ct_meeting_run_view_close_windows (CtMeetingRunView *self)
{
  g_return_if_fail (CT_IS_MEETING_RUN_VIEW (self));

  if (self->projector != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->projector)));
  ct_gui_close_owned_windows (self);
}

