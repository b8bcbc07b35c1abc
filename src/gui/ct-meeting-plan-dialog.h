/* ct-meeting-plan-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MEETING_PLAN_DIALOG (ct_meeting_plan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtMeetingPlanDialog, ct_meeting_plan_dialog, CT, MEETING_PLAN_DIALOG,
                      AdwMessageDialog)

CtMeetingPlanDialog *ct_meeting_plan_dialog_new  (GtkWindow           *parent,
                                                  CtSession           *session);
gboolean             ct_meeting_plan_dialog_save_async  (CtMeetingPlanDialog *self,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gint64               ct_meeting_plan_dialog_save_finish (CtMeetingPlanDialog *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
gboolean             ct_meeting_plan_dialog_is_saving   (CtMeetingPlanDialog *self);

G_END_DECLS
