/* ct-doorbraak-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-doorbraak.h"

G_BEGIN_DECLS

/* Core only (ct_doorbraak_mark_shared() and the demo): sets "gedeeld" and
 * logs the export, without the check for names and numbers. */
gboolean _ct_doorbraak_mark_shared_unchecked (CtSession  *session,
                                              CtRecord   *doorbraak,
                                              GError    **error);

G_END_DECLS
