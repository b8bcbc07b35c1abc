/* ct-validate-private.h — checks on text a member types for the team file
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean   _ct_validate_text         (const char   *table,
                                      const char   *field,
                                      const char   *label,
                                      const char   *value,
                                      gsize         max_chars,
                                      GError      **error);

G_END_DECLS
