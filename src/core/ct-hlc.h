/* ct-hlc.h — a hybrid logical clock for sync stamps (docs/sync-merge.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stamp: milliseconds since the Unix epoch in the high 48 bits, a
 * counter in the low 16. */
#define CT_HLC_COUNTER_BITS 16

guint64 ct_hlc_physical (void);
guint64 ct_hlc_tick     (guint64 last,
                         guint64 physical);
guint64 ct_hlc_observe  (guint64 last,
                         guint64 remote);
gint64  ct_hlc_millis   (guint64 stamp);

G_END_DECLS
