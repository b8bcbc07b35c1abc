/* ct-application-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-application.h"

G_BEGIN_DECLS

void _ct_application_actions_init (CtApplication *self);

G_END_DECLS
