/* ct-inzage.h — what is stored about one household, for the household
 * (AVG art. 15; docs/retention.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

char *ct_session_inzage_text (CtSession  *self,
                              gint64      household_id,
                              GError    **error);

G_END_DECLS
