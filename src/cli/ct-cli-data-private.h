/* ct-cli-data-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-cli-util.h"

G_BEGIN_DECLS

/* ct-cli-data.c: tables and ids the data commands share */
char     *_ct_cli_format_table (GPtrArray  *rows,
                                guint       n_columns);
void      _ct_cli_free_row     (char      **row);
gboolean  _ct_cli_is_digits    (const char *text);

/* ct-cli-policy.c: the commands of ct_cli_data_commands[] */
int  ct_cli_data_policy_show   (const CtCliCommand  *command,
                                int                  argc,
                                char               **argv);
int  ct_cli_data_policy_grant  (const CtCliCommand  *command,
                                int                  argc,
                                char               **argv);
int  ct_cli_data_policy_revoke (const CtCliCommand  *command,
                                int                  argc,
                                char               **argv);
int  ct_cli_data_need_to_know  (const CtCliCommand  *command,
                                int                  argc,
                                char               **argv);
int  ct_cli_data_log           (const CtCliCommand  *command,
                                int                  argc,
                                char               **argv);

G_END_DECLS
