/* ct-cli-data.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "ct-cli-util.h"

G_BEGIN_DECLS

/* cases, case, policy show/grant/revoke, log, import; ends with a NULL name. */
extern const CtCliCommand ct_cli_data_commands[];

gboolean ct_cli_print_cases_json (CtSession  *session,
                                  FILE       *out,
                                  GError    **error);

/* ct-cli-import.c */
int ct_cli_data_import (const CtCliCommand  *command,
                        int                  argc,
                        char               **argv);

G_END_DECLS
