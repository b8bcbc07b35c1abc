/* ct-meeting-zrm-area.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MEETING_ZRM_AREA (ct_meeting_zrm_area_get_type ())
G_DECLARE_FINAL_TYPE (CtMeetingZrmArea, ct_meeting_zrm_area, CT, MEETING_ZRM_AREA, GtkDrawingArea)

GtkWidget  *ct_meeting_zrm_area_new        (int          row_height);
void        ct_meeting_zrm_area_set_scores (GtkWidget   *area,
                                            const int   *scores);

G_END_DECLS
