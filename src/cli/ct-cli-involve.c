/* ct-cli-involve.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `involve`: the members involved in a case's household and why, and
 * adding or removing one explicitly (docs/security.md). The core decides
 * who may: the household's regisseur or a beheerder; anyone may step out
 * of a household they were added to. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-involve.h"
#include "ct-error.h"

/* The household of the case numbered @number; a member outside the
 * household's involvement still sees its case number. */
static gint64
find_household (CtSession   *session,
                const char  *number,
                GError     **error)
{
  g_autoptr(GPtrArray) cases = ct_session_list (session, "cases", NULL, 0, error);

  if (cases == NULL)
    return 0;
  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *kase = g_ptr_array_index (cases, i);

      if (g_strcmp0 (ct_record_get (kase, "number"), number) == 0)
        return g_ascii_strtoll (ct_record_get (kase, "household_id"), NULL, 10);
    }
  g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("--case: there is no case “%s”."), number);
  return 0;
}

static gint64
find_member (CtSession   *session,
             const char  *option,
             const char  *login,
             GError     **error)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (session, error);

  if (members == NULL)
    return 0;
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        return info->id;
    }
  g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("--%s: there is no member “%s” in this team."),
               option, login);
  return 0;
}

/* The reasons as words that stay the same in every language. */
static char *
reasons_to_string (CtInvolvedReasons reasons)
{
  static const struct { CtInvolvedReasons reason; const char *word; } words[] = {
    { CT_INVOLVED_REGISSEUR, "regisseur" },
    { CT_INVOLVED_ACTION, "action" },
    { CT_INVOLVED_AGENDA, "agenda" },
    { CT_INVOLVED_EXPLICIT, "explicit" },
    { CT_INVOLVED_GLASS, "break-glass" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (reasons & words[i].reason)
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", words[i].word);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
print_involved (CtSession *session,
                gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_involved_members (session, household, &error);
  g_autoptr(GPtrArray) infos = NULL;

  if (members == NULL || (infos = ct_session_list_members (session, &error)) == NULL)
    return ct_cli_fail (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtInvolvement *inv = g_ptr_array_index (members, i);
      g_autofree char *reasons = reasons_to_string (inv->reasons);
      const char *added_by = "-";

      for (guint j = 0; inv->added_by != 0 && j < infos->len; j++)
        {
          CtMemberInfo *info = g_ptr_array_index (infos, j);

          if (info->id == inv->added_by)
            added_by = info->login;
        }
      g_print ("%s\t%s\t%s\t%s\t%s\n", inv->login, inv->display_name, reasons, added_by,
               inv->added_on != NULL ? inv->added_on : "-");
    }
  return CT_CLI_EXIT_OK;
}

static int
involve (const CtCliCommand *command,
         int                 argc,
         char              **argv)
{
  const char *case_number = NULL, *add = NULL, *remove = NULL;
  gboolean list = FALSE;
  const CtCliOption options[] = {
    { "case", N_("NUMBER"), N_("The case whose household it is about, such as 2026-0001"), TRUE,
      &case_number },
    { "add", N_("LOGIN"), N_("Add this member to the household"), FALSE, &add },
    { "remove", N_("LOGIN"), N_("Remove this member you added before"), FALSE, &remove },
    { "list", NULL, N_("List the members involved and why"), FALSE, NULL, &list },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  gint64 household, member = 0;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if ((add != NULL) + (remove != NULL) + (list ? 1 : 0) != 1)
    return ct_cli_usage_error (command, _("give exactly one of --add, --remove and --list"));
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;

  if ((household = find_household (session, case_number, &error)) == 0)
    return ct_cli_fail (error);
  if (list)
    return print_involved (session, household);
  if ((member = find_member (session, add != NULL ? "add" : "remove", add != NULL ? add : remove,
                             &error)) == 0)
    return ct_cli_fail (error);
  if (add != NULL ? !ct_session_add_involvement (session, household, member, &error)
                  : !ct_session_remove_involvement (session, household, member, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", add != NULL ? _("Added. The member now sees the household whole; this is "
                                   "recorded in the access log.")
                               : _("Removed. This is recorded in the access log."));
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_involve_commands[] = {
  { "involve", N_("FILE --login LOGIN --case NUMBER (--add LOGIN | --remove LOGIN | --list)"),
    N_("Show or change who is involved in a case’s household"),
    N_("With need-to-know on, a member sees a household whole only when involved in it\n"
       "(docs/security.md). --list prints one line per member involved, separated by tabs:\n"
       "login, name, why (regisseur, action, agenda, explicit, break-glass; comma-separated),\n"
       "who added them and on which day (or -). --add and --remove change the explicit\n"
       "involvement: for the household’s regisseur or a beheerder, signed and logged. A\n"
       "member may also remove themselves. --list is for the regisseur and a beheerder.\n"),
    involve },
  { NULL }
};
