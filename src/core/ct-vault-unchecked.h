/* ct-vault-unchecked.h — the demo team’s way past the passphrase rules
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct-vault.c: for the demo team only (ct-demo.c), whose passphrases are
 * the published "demo": the public functions without the minimum length. */

#pragma once

#include "ct-crypto.h"
#include "ct-vault.h"

G_BEGIN_DECLS

gboolean   _ct_vault_create_unchecked (const char              *path,
                                       const CtVaultCreateInfo *info,
                                       CtSecret               **recovery_key,
                                       GError                 **error);
gboolean   _ct_vault_enrol_unchecked (const char   *path,
                                      const char   *login,
                                      const char   *enrolment_code,
                                      const char   *new_passphrase,
                                      GError      **error);

G_END_DECLS
