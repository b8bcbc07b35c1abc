/* ct-init.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     ct_init                  (GError **error);
void         ct_init_gettext          (void);
gboolean     ct_process_is_hardened   (void);
const char  *ct_version               (void);

G_END_DECLS
