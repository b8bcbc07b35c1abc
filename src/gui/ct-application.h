/* ct-application.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_APPLICATION (ct_application_get_type ())

G_DECLARE_FINAL_TYPE (CtApplication, ct_application, CT, APPLICATION, AdwApplication)

CtApplication *ct_application_new             (void);
GtkWindow     *ct_application_get_main_window (CtApplication *self);
void           ct_application_show_help       (GtkWindow     *parent,
                                               const char    *topic);

G_END_DECLS
