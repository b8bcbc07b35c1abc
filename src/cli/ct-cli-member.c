/* ct-cli-member.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-member.h"

static int
member_add (const CtCliCommand *command,
            int                 argc,
            char              **argv)
{
  const char *login = NULL, *name = NULL, *role_name = NULL;
  gboolean is_admin = FALSE;
  const CtCliOption options[] = {
    { "new-login", N_("LOGIN"), N_("The new member’s login"), TRUE, &login },
    { "name", N_("NAME"), N_("The new member’s name as the team sees it"), TRUE, &name },
    { "role", N_("ROLE"), N_("The new member’s role"), TRUE, &role_name },
    { "admin", NULL, N_("Make the new member a beheerder"), FALSE, NULL, &is_admin },
    { NULL }
  };
  CtCliTeam team = { .options = options, .as_admin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) code = NULL;
  CtRole role;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status) ||
      !ct_cli_parse_role (command, role_name, &role, &status))
    return status;

  if (!ct_vault_validate_login (login, &error))
    return ct_cli_fail (error);
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if ((code = ct_session_add_member (session, login, name, role, is_admin, &error)) == NULL)
    return ct_cli_fail (error);

  g_print ("%s\n", _("Added the member. Give them this enrolment code; they need it once, with "
                     "“casustafel-cli member enrol”, to choose their passphrase:"));
  return ct_cli_print_secret (NULL, code, NULL) ? CT_CLI_EXIT_OK : CT_CLI_EXIT_REFUSED;
}

static int
member_enrol (const CtCliCommand *command,
              int                 argc,
              char              **argv)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  code = ct_cli_read_secret (_("Enrolment code: "), team.from_stdin, "passphrase-stdin", &error);
  if (code == NULL ||
      (passphrase = ct_cli_read_new_passphrase (team.from_stdin, &error)) == NULL ||
      !ct_vault_enrol (team.path, team.login, code, passphrase, &error))
    return ct_cli_fail (error);

  g_print ("%s\n", _("Enrolled: you can now unlock the team file with your passphrase."));
  return CT_CLI_EXIT_OK;
}

static int
member_remove (const CtCliCommand *command,
               int                 argc,
               char              **argv)
{
  const char *login = NULL;
  const CtCliOption options[] = {
    { "remove", N_("LOGIN"), N_("The login of the member to remove"), TRUE, &login },
    { NULL }
  };
  CtCliTeam team = { .options = options, .as_admin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (!ct_session_remove_member (session, login, &error))
    return ct_cli_fail (error);

  g_print ("%s\n", _("Removed the member."));
  return CT_CLI_EXIT_OK;
}

static void
print_member (const CtMemberInfo *member)
{
  g_autoptr(GString) line = g_string_new (NULL);

  /* Tab-separated, role as its stable ASCII name, so scripts can cut columns. */
  g_string_append_printf (line, "%s\t%s\t%s", member->login, member->display_name,
                          ct_role_to_string (member->role));
  if (member->is_admin)
    g_string_append_printf (line, "\t%s", _("beheerder"));
  if (!member->enrolled)
    g_string_append_printf (line, "\t%s", _("not enrolled"));

  g_print ("%s\n", line->str);
}

static int
member_list (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) members = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if ((members = ct_session_list_members (session, &error)) == NULL)
    return ct_cli_fail (error);

  for (guint i = 0; i < members->len; i++)
    print_member (g_ptr_array_index (members, i));

  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_member_commands[] = {
  { "member add",
    N_("FILE --login ADMIN --new-login LOGIN --name NAME --role ROLE [--admin]"),
    N_("Add a member and show their enrolment code"),
    N_("Asks for your passphrase. The enrolment code is printed alone on the last line of\n"
       "the output.\n"),
    member_add },
  { "member enrol", N_("FILE --login LOGIN"),
    N_("Choose your passphrase with the enrolment code you were given"),
    N_("Asks for the enrolment code, then for your new passphrase: twice on a terminal, once\n"
       "with --passphrase-stdin, where the code is read from standard input too.\n"),
    member_enrol },
  { "member remove", N_("FILE --login ADMIN --remove LOGIN"), N_("Remove a member"), NULL,
    member_remove },
  { "member list", N_("FILE --login LOGIN"), N_("List the members"),
    N_("One line per member, separated by tabs: login, name, role, then “beheerder” and\n"
       "“not enrolled” where they apply.\n"),
    member_list },
  { NULL }
};
