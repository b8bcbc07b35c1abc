/* ct-action-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_ACTION_DIALOG (ct_action_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtActionDialog, ct_action_dialog, CT, ACTION_DIALOG, AdwMessageDialog)

GtkWidget *ct_action_dialog_new        (GtkWindow      *parent,
                                        GPtrArray      *members,
                                        gint64          goal_id);
CtRecord  *ct_action_dialog_dup_record (CtActionDialog *self,
                                        gint64          household_id);

G_END_DECLS
