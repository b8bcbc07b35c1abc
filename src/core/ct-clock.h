/* ct-clock.h — the one clock of the core, injectable for tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *ct_clock_now_utc             (void);
GDateTime *ct_clock_now_local           (void);
void       ct_clock_get_today           (GDate      *date);
char      *ct_clock_now_text            (void);
void       ct_clock_set_now_for_testing (GDateTime  *now);

G_END_DECLS
