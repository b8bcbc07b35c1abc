/* ct-meeting-run-view.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MEETING_RUN_VIEW (ct_meeting_run_view_get_type ())

G_DECLARE_FINAL_TYPE (CtMeetingRunView, ct_meeting_run_view, CT, MEETING_RUN_VIEW, AdwBin)

GtkWidget *ct_meeting_run_view_new         (void);
gboolean   ct_meeting_run_view_set_meeting (CtMeetingRunView *self,
                                            CtSession        *session,
                                            gint64            meeting_id,
                                            GError          **error);
void       ct_meeting_run_view_close_windows (CtMeetingRunView *self);
gboolean   ct_meeting_run_view_get_unsaved   (CtMeetingRunView *self);

G_END_DECLS
