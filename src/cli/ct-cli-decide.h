/* ct-cli-decide.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-cli-util.h"

G_BEGIN_DECLS

/* meeting-reopen, doorbraak-withdraw, doorbraak-check, doorbraak-mark;
 * ends with a NULL name. */
extern const CtCliCommand ct_cli_decide_commands[];

G_END_DECLS
