/* ct-meeting-run-view-private.h — the run view's widgets and state, for
 * its tests and its writes (ct-meeting-run-view-writes.c)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-meeting-run-view.h"
#include "ct-projector-window.h"

G_BEGIN_DECLS

struct _CtMeetingRunView
{
  AdwBin             parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkLabel          *item_label;
  GtkBox            *timer_box;
  GtkImage          *timer_icon;
  GtkLabel          *timer_label;
  GtkBox            *blanked_banner;
  GtkLabel          *summary_label;
  GtkLabel          *question_label;
  GtkBox            *zrm_box;
  GtkLabel          *organisations_label;
  GtkLabel          *advice_history_label;
  GtkStack          *item_stack;
  GtkWidget         *item_box;
  GtkWidget         *done_close_button;
  GtkWidget         *preview_box;
  GtkPicture        *preview_picture;
  GtkListBox        *attendance_list;
  GtkTextView       *notes_view;
  GtkTextView       *advice_view;
  GtkListBox        *actions_list;
  GtkEntry          *what_entry;
  GtkEntry          *partner_entry;
  GtkDropDown       *partner_type_dropdown;
  GtkDropDown       *responsible_dropdown;
  GtkEntry          *due_entry;
  GtkLabel          *action_error_label;
  GtkWidget         *close_item_button;
  GtkWidget         *postpone_item_button;
  GtkWidget         *close_meeting_button;
  GtkWidget         *zrm_area;

  CtSession         *session;
  gint64             meeting_id;
  char              *title;       /* "Meeting of …", the heading once all are discussed */
  GPtrArray         *items;       /* CtRecord agenda items still to discuss */
  guint              current;
  GPtrArray         *members;     /* CtMeetingMember */
  GPtrArray         *new_actions; /* CtRecord actions for the current item */
  CtProjectorWindow *projector;

  gint64             remaining;   /* seconds of the slot left; negative: over */
  guint              tick_id;
  gboolean           warned;
  guint              closing;     /* item or meeting writes queued */
};

void        _ct_meeting_run_view_advance     (CtMeetingRunView *self,
                                              guint             seconds);
gint64      _ct_meeting_run_view_current_id  (CtMeetingRunView *self);
void        _ct_meeting_run_view_project_on  (CtMeetingRunView *self,
                                              GdkMonitor       *monitor);

/* Between ct-meeting-run-view.c and its writes, ct-meeting-run-view-writes.c */
void        _ct_meeting_run_view_toast                 (CtMeetingRunView *self,
                                                        const char       *title);
void        _ct_meeting_run_view_show_error            (CtMeetingRunView *self,
                                                        const GError     *error);
void        _ct_meeting_run_view_next_item             (CtMeetingRunView *self);
void        _ct_meeting_run_view_meeting_closed        (CtMeetingRunView *self);
void        _ct_meeting_run_view_update_actions        (CtMeetingRunView *self);
void        _ct_meeting_run_view_load_attendance       (CtMeetingRunView *self);
void        _ct_meeting_run_view_clear_advice          (CtMeetingRunView *self);
void        _ct_meeting_run_view_init_action_form      (CtMeetingRunView *self);
void        _ct_meeting_run_view_install_write_actions (GtkWidgetClass   *widget_class);

G_END_DECLS
