/* ct-inzage-pdf.h — the inzage of a household written as a PDF, for the
 * CLI and the GUI alike (docs/retention.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

gboolean ct_session_write_inzage_pdf (CtSession  *self,
                                      gint64      household_id,
                                      const char *out,
                                      GError    **error);

G_END_DECLS
