/* ct-merge-copy-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MERGE_COPY_DIALOG (ct_merge_copy_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtMergeCopyDialog, ct_merge_copy_dialog, CT, MERGE_COPY_DIALOG,
                      AdwMessageDialog)

GtkWidget *ct_merge_copy_dialog_new             (GtkWindow         *parent,
                                                 GPtrArray         *copies,
                                                 const char        *problem);
GPtrArray *ct_merge_copy_dialog_get_copies      (CtMergeCopyDialog *self);
CtSecret  *ct_merge_copy_dialog_take_passphrase (CtMergeCopyDialog *self);

G_END_DECLS
