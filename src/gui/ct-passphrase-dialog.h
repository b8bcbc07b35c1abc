/* ct-passphrase-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_PASSPHRASE_DIALOG (ct_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtPassphraseDialog, ct_passphrase_dialog, CT, PASSPHRASE_DIALOG,
                      AdwMessageDialog)

GtkWidget *ct_passphrase_dialog_new    (GtkWindow          *parent,
                                        CtSession          *session);
gboolean   ct_passphrase_dialog_change (CtPassphraseDialog *self,
                                        GError            **error);

G_END_DECLS
