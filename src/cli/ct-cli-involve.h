/* ct-cli-involve.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-cli-util.h"

G_BEGIN_DECLS

/* involve; ends with a NULL name. */
extern const CtCliCommand ct_cli_involve_commands[];

G_END_DECLS
