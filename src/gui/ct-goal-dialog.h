/* ct-goal-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_GOAL_DIALOG (ct_goal_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtGoalDialog, ct_goal_dialog, CT, GOAL_DIALOG, AdwMessageDialog)

GtkWidget *ct_goal_dialog_new        (GtkWindow    *parent);
CtRecord  *ct_goal_dialog_dup_record (CtGoalDialog *self,
                                      gint64        household_id);

G_END_DECLS
