/* ct-gui-labels.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"

G_BEGIN_DECLS

const char *ct_gui_enum_label        (const CtField *field,
                                      const char    *value);
char       *ct_gui_enum_set_label    (const CtField *field,
                                      const char    *values);
char       *ct_gui_format_cents      (gint64         cents);
char       *ct_gui_format_date       (const char    *iso_date);
char       *ct_gui_format_field      (const CtField *field,
                                      const char    *value);
char       *ct_gui_field_to_text     (const CtField *field,
                                      const char    *value);
char       *ct_gui_field_from_text   (const CtField *field,
                                      const char    *text,
                                      GError       **error);
char       *ct_gui_today             (void);

G_END_DECLS
