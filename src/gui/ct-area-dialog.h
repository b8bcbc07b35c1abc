/* ct-area-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_AREA_DIALOG (ct_area_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtAreaDialog, ct_area_dialog, CT, AREA_DIALOG, AdwMessageDialog)

GtkWidget  *ct_area_dialog_new           (GtkWindow    *parent,
                                          CtRecord     *area);
gint64      ct_area_dialog_get_id        (CtAreaDialog *self);
const char *ct_area_dialog_get_name      (CtAreaDialog *self);
const char *ct_area_dialog_get_postcodes (CtAreaDialog *self);

G_END_DECLS
