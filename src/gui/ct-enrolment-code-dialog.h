/* ct-enrolment-code-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_ENROLMENT_CODE_DIALOG (ct_enrolment_code_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtEnrolmentCodeDialog, ct_enrolment_code_dialog, CT, ENROLMENT_CODE_DIALOG,
                      AdwMessageDialog)

GtkWidget *ct_enrolment_code_dialog_new (GtkWindow  *parent,
                                         const char *name,
                                         const char *login,
                                         const char *code);

G_END_DECLS
