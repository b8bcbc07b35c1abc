/* ct-period-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_PERIOD_DIALOG (ct_period_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtPeriodDialog, ct_period_dialog, CT, PERIOD_DIALOG, AdwWindow)

GtkWidget *ct_period_dialog_new (GtkWindow *parent,
                                 CtSession *session,
                                 CtRecord  *period);

G_END_DECLS
