/* ct-pseudonym.h — stable case pseudonyms for exports
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

#define CT_PSEUDONYM_KEY_SETTING "export.pseudonym-key"

char *ct_pseudonym_for_case (CtSession  *session,
                             gint64      case_id,
                             GError    **error);

G_END_DECLS
