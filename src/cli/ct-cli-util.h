/* ct-cli-util.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-roles.h"
#include "ct-session.h"
#include "ct-vault.h"

G_BEGIN_DECLS

/* Exit statuses: scripts tell a refused operation from a mistyped command. */
#define CT_CLI_EXIT_OK      0
#define CT_CLI_EXIT_REFUSED 1
#define CT_CLI_EXIT_USAGE   2

typedef struct _CtCliCommand CtCliCommand;

/**
 * CtCliCommand:
 * @name: the words that select the command, e.g. "member add"
 * @synopsis: what follows the name in a usage line (translatable)
 * @summary: one line for the command list (translatable)
 * @details: more text for `COMMAND --help`, or %NULL (translatable)
 * @run: runs the command on the arguments after its name
 *
 * One entry of the dispatch table in ct-cli-main.c.
 */
struct _CtCliCommand
{
  const char *name;
  const char *synopsis;
  const char *summary;
  const char *details;
  int       (*run) (const CtCliCommand *command,
                    int                 argc,
                    char              **argv);
};

/**
 * CtCliOption:
 * @name: the long name without its dashes
 * @value_name: the placeholder shown in help, or %NULL for a flag
 * @description: one line for the help (translatable)
 * @required: whether leaving the option out is a usage error
 * @value: where the value of an option with a value goes
 * @flag: where a flag goes
 *
 * A `--name VALUE`, `--name=VALUE` or `--flag` option. Tables end with an
 * entry whose @name is %NULL.
 */
typedef struct
{
  const char  *name;
  const char  *value_name;
  const char  *description;
  gboolean     required;
  const char **value;
  gboolean    *flag;
} CtCliOption;

/**
 * CtCliArgument:
 * @name: the placeholder shown in usage errors, e.g. "FILE" (translatable)
 * @value: where the argument goes
 *
 * A required positional argument. Tables end with an entry whose @name is
 * %NULL.
 */
typedef struct
{
  const char  *name;
  const char **value;
} CtCliArgument;

/* The option every command that asks a passphrase takes. */
/* --login, as a member or as a beheerder. */
#define CT_CLI_OPTION_LOGIN(location) \
  { "login", N_("LOGIN"), N_("Your login"), TRUE, (location) }
#define CT_CLI_OPTION_ADMIN_LOGIN(location) \
  { "login", N_("ADMIN"), N_("Your login; you must be a beheerder"), TRUE, (location) }

#define CT_CLI_OPTION_PASSPHRASE_STDIN(flag_location) \
  { "passphrase-stdin", NULL, N_("Read passphrases as lines of standard input, without asking"), \
    FALSE, NULL, (flag_location) }

/**
 * CtCliTeam:
 * @arguments: (nullable): the positional arguments after FILE
 * @options: (nullable): the command's own options, besides --login and
 *   --passphrase-stdin
 * @as_admin: whether the help says --login must name a beheerder (the core
 *   decides; this is only what the help says)
 * @login_help: (nullable): the help's line for --login, when neither the
 *   member's nor the beheerder's fits (translatable)
 * @path: (out): FILE
 * @login: (out): the value of --login
 * @from_stdin: (out): whether --passphrase-stdin was given
 *
 * What every command that opens a team file takes: FILE, `--login` and
 * `--passphrase-stdin`, besides its own arguments and options.
 */
typedef struct
{
  const CtCliArgument *arguments;
  const CtCliOption   *options;
  gboolean             as_admin;
  const char          *login_help;
  const char          *path;
  const char          *login;
  gboolean             from_stdin;
} CtCliTeam;

gboolean  ct_cli_parse               (const CtCliCommand  *command,
                                      int                  argc,
                                      char               **argv,
                                      const CtCliArgument *arguments,
                                      const CtCliOption   *options,
                                      int                 *exit_status);
void      ct_cli_print_command_help  (const CtCliCommand  *command,
                                      const CtCliOption   *options);
int       ct_cli_usage_error         (const CtCliCommand  *command,
                                      const char          *format,
                                      ...) G_GNUC_PRINTF (2, 3);
int       ct_cli_fail                (const GError        *error);
gboolean  ct_cli_parse_role          (const CtCliCommand  *command,
                                      const char          *name,
                                      CtRole              *role,
                                      int                 *exit_status);
char     *ct_cli_list_roles          (void);
gboolean  ct_cli_check_absent        (const char          *path,
                                      const char          *message,
                                      GError             **error);

CtSecret *ct_cli_read_secret         (const char          *prompt,
                                      gboolean             from_stdin,
                                      const char          *stdin_option,
                                      GError             **error);
CtSecret *ct_cli_read_new_passphrase (gboolean             from_stdin,
                                      GError             **error);
gboolean  ct_cli_print_secret        (const char          *before,
                                      const char          *secret,
                                      const char          *after);

CtSession *ct_cli_unlock             (const char          *path,
                                      const char          *login,
                                      gboolean             from_stdin,
                                      GError             **error);
gboolean   ct_cli_parse_team         (const CtCliCommand  *command,
                                      int                  argc,
                                      char               **argv,
                                      CtCliTeam           *team,
                                      int                 *exit_status);
CtSession *ct_cli_unlock_team        (const CtCliTeam     *team,
                                      int                 *exit_status);
CtSession *ct_cli_open_session       (const CtCliCommand  *command,
                                      int                  argc,
                                      char               **argv,
                                      CtCliTeam           *team,
                                      int                 *exit_status);
int        ct_cli_run_step           (const CtCliCommand  *command,
                                      int                  argc,
                                      char               **argv,
                                      gboolean           (*step) (CtSession *, GError **),
                                      const char          *done);

G_END_DECLS
