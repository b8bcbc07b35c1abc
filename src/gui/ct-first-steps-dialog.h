/* ct-first-steps-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_FIRST_STEPS_DIALOG (ct_first_steps_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtFirstStepsDialog, ct_first_steps_dialog, CT, FIRST_STEPS_DIALOG,
                      AdwMessageDialog)

GtkWidget *ct_first_steps_dialog_new (GtkWindow *parent);

G_END_DECLS
