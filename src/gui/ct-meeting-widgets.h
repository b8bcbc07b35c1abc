/* ct-meeting-widgets.h — small pieces the meeting views share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_MEETING_A11Y_TEXT "ct-accessible-text"

const char *ct_meeting_status_label        (const char  *status);
const char *ct_meeting_action_status_label (const char  *status);
void        ct_meeting_set_a11y_text       (GtkWidget   *widget,
                                            const char  *text);
void        ct_meeting_set_placeholder     (GtkListBox  *list,
                                            const char  *text);

G_END_DECLS
