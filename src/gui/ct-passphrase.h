/* ct-passphrase.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  CT_PASSPHRASE_EMPTY,
  CT_PASSPHRASE_TOO_SHORT,
  CT_PASSPHRASE_WEAK,
  CT_PASSPHRASE_FAIR,
  CT_PASSPHRASE_STRONG,
} CtPassphraseStrength;

CtPassphraseStrength ct_passphrase_get_strength (const char *passphrase);
gboolean             ct_passphrase_update_hint  (GtkLabel   *hint,
                                                 const char *passphrase,
                                                 const char *repeat);

G_END_DECLS
