/* ct-expense-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_EXPENSE_DIALOG (ct_expense_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtExpenseDialog, ct_expense_dialog, CT, EXPENSE_DIALOG, AdwWindow)

GtkWidget *ct_expense_dialog_new (GtkWindow *parent,
                                  CtSession *session,
                                  gint64     period_id,
                                  gint64     case_id);

G_END_DECLS
