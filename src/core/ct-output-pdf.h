/* ct-output-pdf.h — text laid out on the A4 pages of a PDF
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ct_output_save_pdf (const char  *path,
                             const char  *text,
                             gboolean     is_markup,
                             GError     **error);

G_END_DECLS
