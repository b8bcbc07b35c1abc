/* ct-cli-policy.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Who may see what, from the command line: the role policy, need-to-know
 * per household and the access log, for the `policy`, `need-to-know` and
 * `log` commands of ct-cli-data.c. Every change goes through the
 * member's session, which checks that they may make it and logs it. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-cli-data-private.h"
#include "ct-cli-json.h"

/* --- policy ---------------------------------------------------------------- */

static char *
category_list (guint mask)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (mask & (1u << c))
      g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", ct_category_to_string (c));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static char *
policy_matrix (CtSession *session)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_cli_free_row);
  char **header = g_new0 (char *, CT_N_CATEGORIES + 2);

  header[0] = g_strdup (_("Role"));
  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    header[c + 1] = g_strdup (ct_category_to_string (c));
  g_ptr_array_add (rows, header);

  for (CtRole r = 0; r < CT_N_ROLES; r++)
    {
      char **row = g_new0 (char *, CT_N_CATEGORIES + 2);

      row[0] = g_strdup (ct_role_to_string (r));
      for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
        row[c + 1] = g_strdup (ct_session_policy_allows (session, r, c) ? "R" : "-");
      g_ptr_array_add (rows, row);
    }
  return _ct_cli_format_table (rows, CT_N_CATEGORIES + 1);
}

int
ct_cli_data_policy_show (const CtCliCommand *command,
                         int                 argc,
                         char              **argv)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *matrix = NULL;
  g_autofree char *pending = NULL;
  guint mask;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;

  matrix = policy_matrix (session);
  mask = ct_session_get_pending_rotations (session);
  pending = mask != 0 ? category_list (mask) : g_strdup (_("none"));
  g_print ("%s\n\n", matrix);
  g_print (_("Pending key rotations: %s\n"), pending);
  return CT_CLI_EXIT_OK;
}

static gboolean
parse_category (const CtCliCommand *command,
                const char         *name,
                CtCategory         *category,
                int                *exit_status)
{
  g_autofree char *names = NULL;

  *category = ct_category_from_string (name);
  if (*category != CT_CATEGORY_INVALID)
    return TRUE;

  names = category_list ((1u << CT_CATEGORY_GENERAL) - 1);
  *exit_status = ct_cli_usage_error (command, _("unknown category; choose one of %s"), names);
  return FALSE;
}

static int
policy_change (const CtCliCommand *command,
               int                 argc,
               char              **argv,
               gboolean            grant)
{
  const char *role_name = NULL, *category_name = NULL;
  const CtCliOption options[] = {
    { "role", N_("ROLE"), N_("The role"), TRUE, &role_name },
    { "category", N_("CATEGORY"), N_("The category"), TRUE, &category_name },
    { NULL }
  };
  CtCliTeam team = { .options = options, .as_admin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  CtRole role;
  CtCategory category;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status)
      || !ct_cli_parse_role (command, role_name, &role, &status)
      || !parse_category (command, category_name, &category, &status))
    return status;

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!ct_session_set_policy (session, role, category, grant, &error))
    return ct_cli_fail (error);

  if (grant)
    g_print (_("Granted %s to the role %s.\n"), category_name, role_name);
  else
    g_print (_("Revoked %s from the role %s.\n"), category_name, role_name);

  if (grant && !ct_session_can_read (session, category))
    g_print ("%s\n", _("Its members get the key when a member who holds it next unlocks the team "
                       "file."));
  if (!grant && (ct_session_get_pending_rotations (session) & (1u << category)))
    g_print ("%s\n", _("The key is replaced and the values re-encrypted when a member who holds "
                       "it next unlocks the team file."));
  return CT_CLI_EXIT_OK;
}

int
ct_cli_data_policy_grant (const CtCliCommand *command,
                          int                 argc,
                          char              **argv)
{
  return policy_change (command, argc, argv, TRUE);
}

int
ct_cli_data_policy_revoke (const CtCliCommand *command,
                           int                 argc,
                           char              **argv)
{
  return policy_change (command, argc, argv, FALSE);
}

/* --- need-to-know ---------------------------------------------------------- */

int
ct_cli_data_need_to_know (const CtCliCommand *command,
                          int                 argc,
                          char              **argv)
{
  const char *days_text = NULL;
  gboolean on = FALSE, off = FALSE;
  const CtCliOption options[] = {
    { "on", NULL, N_("Limit each member to the households they are involved in"), FALSE, NULL,
      &on },
    { "off", NULL, N_("Let each member see every household their role may read"), FALSE, NULL,
      &off },
    { "meeting-days", N_("DAYS"), N_("Days after a meeting that its attendees stay involved"),
      FALSE, &days_text, NULL },
    { NULL }
  };
  CtCliTeam team = { .options = options, .as_admin = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  guint64 days = 0;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if (on == off)
    {
      g_set_error_literal (&error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                           _("Give either --on or --off."));
      return ct_cli_fail (error);
    }
  if (days_text != NULL
      && (!_ct_cli_is_digits (days_text) || strlen (days_text) > 3
          || !g_ascii_string_to_unsigned (days_text, 10, 0, 365, &days, NULL)))
    {
      g_set_error (&error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   _("--meeting-days: “%s” is not a number of days from 0 to 365."), days_text);
      return ct_cli_fail (error);
    }

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!ct_session_set_need_to_know (session, on,
                                    days_text != NULL ? (guint) days
                                                      : ct_session_get_meeting_days (session),
                                    &error))
    return ct_cli_fail (error);
  if (on)
    g_print (_("Need-to-know is on: members see the households they are involved in, and "
               "attendees stay involved %u days after a meeting.\n"),
             ct_session_get_meeting_days (session));
  else
    g_print ("%s\n", _("Need-to-know is off: members see every household their role may read."));
  return CT_CLI_EXIT_OK;
}

/* --- log ------------------------------------------------------------------- */

static char *
log_json (GPtrArray *entries)
{
  g_autoptr(CtJson) json = ct_json_new ();

  ct_json_begin_array (json);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);
      g_auto(GStrv) categories = g_strsplit (e->categories, ",", -1);
      char action[2] = { e->action, '\0' };

      ct_json_begin_object (json);
      ct_json_key (json, "id");
      ct_json_int (json, e->id);
      ct_json_key (json, "at");
      ct_json_string (json, e->at);
      ct_json_key (json, "login");
      ct_json_string (json, e->login);
      ct_json_key (json, "role");
      ct_json_string (json, e->role);
      ct_json_key (json, "action");
      ct_json_string (json, action);
      ct_json_key (json, "object_table");
      ct_json_string (json, e->object_table);
      ct_json_key (json, "object_id");
      ct_json_int (json, e->object_id);
      ct_json_key (json, "categories");
      ct_json_begin_array (json);
      for (guint c = 0; categories[c] != NULL; c++)
        if (categories[c][0] != '\0')
          ct_json_string (json, categories[c]);
      ct_json_end_array (json);
      ct_json_key (json, "purpose");
      ct_json_string (json, e->purpose);
      ct_json_key (json, "outcome");
      ct_json_string (json, e->outcome);
      ct_json_key (json, "household_id");
      if (e->household_id > 0)
        ct_json_int (json, e->household_id);
      else
        ct_json_null (json);
      ct_json_key (json, "person_id");
      if (e->person_id > 0)
        ct_json_int (json, e->person_id);
      else
        ct_json_null (json);
      ct_json_key (json, "households");
      ct_json_begin_array (json);
      for (guint h = 0; e->households != NULL && h < e->households->len; h++)
        ct_json_int (json, g_array_index (e->households, gint64, h));
      ct_json_end_array (json);
      ct_json_key (json, "member_seq");
      if (e->member_seq > 0)
        ct_json_int (json, e->member_seq);
      else
        ct_json_null (json);
      /* The replica it was made on (docs/sync-security.md): null before sync */
      ct_json_key (json, "device");
      if (e->device != NULL)
        ct_json_string (json, e->device);
      else
        ct_json_null (json);
      ct_json_key (json, "laptop");
      if (e->laptop != NULL)
        ct_json_string (json, e->laptop);
      else
        ct_json_null (json);
      ct_json_end_object (json);
    }
  ct_json_end_array (json);
  return ct_json_finish (json);
}

/* The households an entry names: one id, a comma-separated set, or "-". */
static char *
log_households (CtLogEntry *e)
{
  GString *out = g_string_new (NULL);

  if (e->household_id > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, e->household_id);
  for (guint h = 0; e->households != NULL && h < e->households->len; h++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, out->len > 0 ? "," : "",
                            g_array_index (e->households, gint64, h));
  if (out->len == 0)
    g_string_append_c (out, '-');
  return g_string_free (out, FALSE);
}

static char *
log_text (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);

  /* Tab-separated, like member list, so scripts can cut columns. Only the
   * purpose is translated for people to read; --json keeps it as stored. */
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *households = log_households (e);
      g_autofree char *person = e->person_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                    e->person_id)
                                                 : g_strdup ("-");

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%c\t%s#%" G_GINT64_FORMAT
                              "\t%s\t%s\t%s\t%s\t%s\t%s\n", e->id, e->at,
                              e->login != NULL ? e->login : _("recovery key"), e->role, e->action,
                              e->object_table, e->object_id,
                              e->categories[0] != '\0' ? e->categories : "-",
                              ct_log_purpose_get_display_name (e->purpose), e->outcome,
                              households, person, e->device != NULL ? e->device : "-");
    }
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

int
ct_cli_data_log (const CtCliCommand *command,
                 int                 argc,
                 char              **argv)
{
  const char *household = NULL;
  gboolean as_json = FALSE;
  const CtCliOption options[] = {
    { "household", N_("ID"), N_("Only the entries about this household (its numeric id)"), FALSE,
      &household },
    { "json", NULL, N_("Print JSON instead of text"), FALSE, NULL, &as_json },
    { NULL }
  };
  CtCliTeam team = {
    .options = options,
    .login_help = N_("Your login; a beheerder, or the household’s regisseur with --household"),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *text = NULL;
  int status;

  gint64 household_id = 0;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  if (household != NULL
      && (!_ct_cli_is_digits (household) || strlen (household) >= 18
          || (household_id = g_ascii_strtoll (household, NULL, 10)) <= 0))
    {
      g_set_error (&error, CT_ERROR, CT_ERROR_INVALID_FIELD,
                   _("--household: “%s” is not a household’s numeric id."), household);
      return ct_cli_fail (error);
    }

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if ((entries = household_id > 0
                   ? ct_session_read_household_log (session, household_id, &error)
                   : ct_session_read_log (session, &error)) == NULL)
    return ct_cli_fail (error);

  text = as_json ? log_json (entries) : log_text (entries);
  if (text[0] != '\0')
    g_print ("%s\n", text);

  /* Never the entries without whether they are intact: on stderr, so the
   * columns and the JSON stay as they are; a tampered log exits 1. A
   * regisseur who may read only their household's entries may not verify
   * the whole log, and is told so. */
  if (household_id > 0 && !ct_session_is_admin (session))
    {
      g_printerr ("%s\n", _("Only a beheerder can verify the whole access log; ask one to run "
                            "check."));
      return CT_CLI_EXIT_OK;
    }
  if (!ct_session_verify_log (session, NULL, &error))
    return ct_cli_fail (error);
  g_printerr (ngettext ("The access log is intact (%u entry).",
                        "The access log is intact (%u entries).", entries->len), entries->len);
  g_printerr ("\n");
  return CT_CLI_EXIT_OK;
}
