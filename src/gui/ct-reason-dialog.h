/* ct-reason-dialog.h — a question that takes a decision back only with a reason
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_REASON_DIALOG_CONFIRM "confirm"

AdwMessageDialog *ct_reason_dialog_new        (GtkWidget        *owner,
                                               const char       *heading,
                                               const char       *body,
                                               const char       *confirm_label);
AdwEntryRow      *ct_reason_dialog_get_row    (AdwMessageDialog *dialog);
char             *ct_reason_dialog_dup_reason (AdwMessageDialog *dialog);

G_END_DECLS
