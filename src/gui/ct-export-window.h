/* ct-export-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_EXPORT_WINDOW (ct_export_window_get_type ())

G_DECLARE_FINAL_TYPE (CtExportWindow, ct_export_window, CT, EXPORT_WINDOW, AdwWindow)

CtExportWindow *ct_export_window_new  (GtkWindow *parent,
                                       CtSession *session);
CtExportWindow *ct_export_window_show (GtkWindow *parent,
                                       CtSession *session);

G_END_DECLS
