/* ct-partner.h — the open actions of one partner organisation, for that
 * partner (docs/retention.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

char *ct_session_partner_actions_text (CtSession   *self,
                                       const char  *partner,
                                       guint       *n_listed,
                                       guint       *n_withheld,
                                       GError     **error);

G_END_DECLS
