/* ct-meeting-plan-dialog-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-meeting-plan-dialog.h"

G_BEGIN_DECLS

struct _CtMeetingPlanDialog
{
  AdwMessageDialog  parent_instance;

  GtkLabel         *date_label;
  GtkEntry         *date_entry;
  GtkEntry         *time_entry;
  GtkEntry         *location_entry;
  GtkDropDown      *chair_dropdown;
  GtkListBox       *attendee_list;
  GtkEntry         *guests_entry;
  GtkLabel         *error_label;

  CtSession        *session;
  GPtrArray        *members;  /* CtMeetingMember */
  GPtrArray        *checks;   /* GtkCheckButton per member, same order */
  GCancellable     *reading;  /* while a worker reads the meetings the date follows */
  gboolean          saving;   /* while the meeting waits in the session's write queue */
};

gboolean _ct_meeting_plan_dialog_is_loading (CtMeetingPlanDialog *self);

G_END_DECLS
