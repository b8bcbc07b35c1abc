/* ct-cli-vault.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-vault.h"
#include "ct-error.h"
#include "ct-inzage-pdf.h"
#include "ct-output-pdf.h"
#include "ct-partner.h"
#include "ct-output.h"
#include "ct-retention.h"

static int
vault_init (const CtCliCommand *command,
            int                 argc,
            char              **argv)
{
  const char *path = NULL, *team = NULL, *login = NULL, *name = NULL, *role_name = NULL;
  gboolean is_admin = FALSE, from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { NULL } };
  const CtCliOption options[] = {
    { "team", N_("NAME"), N_("The team’s name"), TRUE, &team },
    CT_CLI_OPTION_LOGIN (&login),
    { "name", N_("NAME"), N_("Your name as the team sees it"), TRUE, &name },
    { "role", N_("ROLE"), N_("Your role"), TRUE, &role_name },
    { "admin", NULL, N_("Make you a beheerder; a new team needs one"), FALSE, NULL,
      &is_admin },
    CT_CLI_OPTION_PASSPHRASE_STDIN (&from_stdin),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  g_autoptr(CtSecret) recovery_key = NULL;
  CtVaultCreateInfo info = { 0 };
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status) ||
      !ct_cli_parse_role (command, role_name, &info.role, &status))
    return status;

  /* Refuse what the core would refuse before the passphrase is typed. */
  if (!ct_cli_check_absent (path, _("A file with this name already exists."), &error) ||
      !ct_vault_validate_login (login, &error) ||
      (passphrase = ct_cli_read_new_passphrase (from_stdin, &error)) == NULL)
    return ct_cli_fail (error);

  info.team_name = team;
  info.login = login;
  info.display_name = name;
  info.is_admin = is_admin;
  info.passphrase = passphrase;
  if (!ct_vault_create (path, &info, &recovery_key, &error))
    return ct_cli_fail (error);

  g_print ("%s\n", _("Created the team file."));
  g_print ("%s\n", _("Write this recovery key down and keep it somewhere safe; it is shown only once:"));
  return ct_cli_print_secret (NULL, recovery_key, NULL) ? CT_CLI_EXIT_OK : CT_CLI_EXIT_REFUSED;
}

static int
vault_check (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  /* "ok" is not translated: scripts compare it. */
  return ct_cli_run_step (command, argc, argv, ct_session_check, "ok");
}

/* The CLI takes the window's path for the re-key of a passphrase change
 * or reset (the _async calls, which re-key in a worker) and waits for it
 * in its own main loop. */
static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
change_passphrase (CtSession  *session,
                   const char *old_passphrase,
                   const char *new_passphrase,
                   GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_session_change_passphrase_async (session, old_passphrase, new_passphrase, NULL, result_cb,
                                      &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ct_session_change_passphrase_finish (session, result, error);
}

static gboolean
reset_passphrase (CtSession  *session,
                  const char *login,
                  const char *new_passphrase,
                  GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_session_reset_passphrase_async (session, login, new_passphrase, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ct_session_reset_passphrase_finish (session, result, error);
}

static int
vault_passwd (const CtCliCommand *command,
              int                 argc,
              char              **argv)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) old_passphrase = NULL;
  g_autoptr(CtSecret) new_passphrase = NULL;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  old_passphrase = ct_cli_read_secret (_("Current passphrase: "), team.from_stdin,
                                       "passphrase-stdin", &error);
  if (old_passphrase == NULL ||
      (session = ct_session_unlock (team.path, team.login, old_passphrase, &error)) == NULL ||
      (new_passphrase = ct_cli_read_new_passphrase (team.from_stdin, &error)) == NULL ||
      !change_passphrase (session, old_passphrase, new_passphrase, &error))
    return ct_cli_fail (error);

  g_print ("%s\n", _("Changed the passphrase."));
  return CT_CLI_EXIT_OK;
}

static CtSession *
unlock_with_recovery_key (const char  *path,
                          gboolean     from_stdin,
                          GError     **error)
{
  g_autoptr(CtSecret) recovery_key = NULL;

  recovery_key = ct_cli_read_secret (_("Recovery key: "), from_stdin, "recovery-key-stdin", error);
  if (recovery_key == NULL)
    return NULL;

  return ct_session_unlock_with_recovery_key (path, recovery_key, error);
}

/* Opens even a file that fails the team chain's checks, and says what
 * failed on stderr. */
static CtSession *
unlock_for_repair (const char  *path,
                   gboolean     from_stdin,
                   GError     **error)
{
  g_autoptr(CtSecret) recovery_key = NULL;
  g_autofree char *problem = NULL;
  CtSession *session;

  recovery_key = ct_cli_read_secret (_("Recovery key: "), from_stdin, "recovery-key-stdin", error);
  if (recovery_key == NULL)
    return NULL;

  session = ct_session_unlock_for_repair (path, recovery_key, &problem, error);
  if (problem != NULL)
    g_printerr (_("The team file failed its checks: %s\n"), problem);
  return session;
}

static gboolean
print_recovered (const char *out_path,
                 const char *raw_key_hex)
{
  g_autofree char *quoted = g_shell_quote (out_path);

  g_print (_("Wrote a plain SQLCipher copy of the database to %s.\n"), out_path);
  g_print ("%s\n", _("Anyone with this raw key can read the copy: keep both safe and delete "
                     "the copy when you are done. Raw key:"));
  if (!ct_cli_print_secret (NULL, raw_key_hex, NULL))
    return FALSE;

  g_print ("%s\n", _("Open the copy with the sqlcipher shell and give it the key first:"));
  g_print ("  sqlcipher %s\n", quoted);
  return ct_cli_print_secret ("  sqlite> PRAGMA key = \"x'", raw_key_hex, "'\";");
}

static int
vault_recover (const CtCliCommand *command,
               int                 argc,
               char              **argv)
{
  const char *path = NULL, *out_path = NULL;
  gboolean from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { N_("OUT"), &out_path }, { NULL } };
  const CtCliOption options[] = {
    { "recovery-key-stdin", NULL, N_("Read the recovery key as a line of standard input"),
      FALSE, NULL, &from_stdin },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) raw_key_hex = NULL;
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status))
    return status;

  if (!ct_cli_check_absent (out_path, _("The output file already exists; choose a new name."),
                            &error) ||
      (session = unlock_for_repair (path, from_stdin, &error)) == NULL ||
      !ct_session_export_plain (session, out_path, &raw_key_hex, &error))
    return ct_cli_fail (error);

  return print_recovered (out_path, raw_key_hex) ? CT_CLI_EXIT_OK : CT_CLI_EXIT_REFUSED;
}

static int
vault_reset_passphrase (const CtCliCommand *command,
                        int                 argc,
                        char              **argv)
{
  const char *path = NULL, *login = NULL;
  gboolean key_from_stdin = FALSE, passphrase_from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { NULL } };
  const CtCliOption options[] = {
    { "member", N_("LOGIN"), N_("The login of the member whose passphrase is lost"), TRUE,
      &login },
    { "recovery-key-stdin", NULL,
      N_("Read the recovery key, then the new passphrase, as lines of standard input"), FALSE,
      NULL, &key_from_stdin },
    CT_CLI_OPTION_PASSPHRASE_STDIN (&passphrase_from_stdin),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status))
    return status;

  /* Once the key comes down a pipe, the rest does too: a script would hang
   * on a terminal prompt in the middle of its input. */
  passphrase_from_stdin |= key_from_stdin;

  session = unlock_with_recovery_key (path, key_from_stdin, &error);
  if (session == NULL ||
      (passphrase = ct_cli_read_new_passphrase (passphrase_from_stdin, &error)) == NULL ||
      !reset_passphrase (session, login, passphrase, &error))
    return ct_cli_fail (error);

  g_print ("%s\n", _("Set the member’s new passphrase."));
  return CT_CLI_EXIT_OK;
}

static void
print_repair (const CtChainRepair *repair)
{
  if (repair->first_bad >= 0)
    g_print (_("Kept statements 0 to %lld of the team chain. Deleted from statement %lld on: "
               "%lld. Make the changes they held again.\n"),
             (long long) repair->statements_kept - 1, (long long) repair->first_bad,
             (long long) repair->statements_dropped);
  else
    g_print (_("The team chain itself is intact. Statements: %lld\n"),
             (long long) repair->statements_kept);
  g_print (_("Rows of the members and policy tables rewritten from the chain: %u\n"),
           repair->rows_restored);
  g_print (_("Category keys dropped that were sealed to someone the chain does not entitle "
             "(those categories have a new key): %u\n"), repair->grants_dropped);
  g_print (_("Log anchors dropped that named statements no longer in the chain: %u\n"),
           repair->anchors_dropped);
  g_print (_("Keyslots dropped that belong to no member of the chain: %u\n"),
           repair->slots_dropped);
  g_print ("%s\n", _("The database key was changed."));
  for (guint i = 0; repair->reset_logins != NULL && repair->reset_logins[i] != NULL; i++)
    g_print (_("Reset the passphrase of %s with reset-passphrase: their keyslot was dropped.\n"),
             repair->reset_logins[i]);
}

static int
vault_repair_chain (const CtCliCommand *command,
                    int                 argc,
                    char              **argv)
{
  const char *path = NULL;
  gboolean from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { NULL } };
  const CtCliOption options[] = {
    { "recovery-key-stdin", NULL, N_("Read the recovery key as a line of standard input"),
      FALSE, NULL, &from_stdin },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  CtChainRepair repair = { 0 };
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status))
    return status;

  session = unlock_for_repair (path, from_stdin, &error);
  if (session == NULL || !ct_session_repair_chain (session, &repair, &error))
    {
      ct_chain_repair_clear (&repair);
      return ct_cli_fail (error);
    }

  print_repair (&repair);
  ct_chain_repair_clear (&repair);
  return CT_CLI_EXIT_OK;
}

static int
vault_restore_backup (const CtCliCommand *command,
                      int                 argc,
                      char              **argv)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  CtBackupGap gap = { 0 };
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;

  passphrase = ct_cli_read_secret (_("Passphrase: "), team.from_stdin, "passphrase-stdin", &error);
  if (passphrase == NULL
      || (session = ct_session_unlock_restoring_backup (team.path, team.login, passphrase,
                                                        &gap, &error)) == NULL)
    return ct_cli_fail (error);

  if (!gap.older)
    {
      g_print ("%s\n", _("This copy is not older than what this device saw; nothing was put "
                         "back."));
      return CT_CLI_EXIT_OK;
    }

  g_print (_("Put back an older copy. This device had seen access-log entry %lld and %lld "
             "team-chain statements; the copy holds entries up to %lld and %lld statements.\n"),
           (long long) gap.device_entry, (long long) gap.device_statements,
           (long long) gap.file_entry, (long long) gap.file_statements);
  g_print ("%s\n", _("What was written after the copy was made is lost: make changes to members, "
                     "roles and policy again. The restore is in the access log."));
  return CT_CLI_EXIT_OK;
}

static const char *
term_label (const char *term)
{
  if (g_strcmp0 (term, "wmo") == 0)
    return _("the Wmo’s 15 years");
  if (g_strcmp0 (term, "jeugdwet") == 0)
    return _("the Jeugdwet’s 20 years");
  if (g_strcmp0 (term, "ingetrokken") == 0)
    return _("6 weeks after a withdrawn request");
  return _("the team’s own term");
}

static int
print_purge_due (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = ct_session_list_purge_due (session, &error);

  if (due == NULL)
    return ct_cli_fail (error);
  for (guint i = 0; i < due->len; i++)
    {
      CtPurgeItem *item = due->pdata[i];

      g_print (_("Household %lld: case %s, %s, ended on %s.\n"), (long long) item->household_id,
               item->case_number, term_label (item->term), item->ended_on);
    }
  g_print (g_dngettext (NULL, "%u household would be anonymised.\n",
                        "%u households would be anonymised.\n", due->len), due->len);
  return CT_CLI_EXIT_OK;
}

static int
vault_purge (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  gboolean dry_run = FALSE;
  const CtCliOption options[] = {
    { "dry-run", NULL, N_("Only list what would be anonymised, and why"), FALSE, NULL,
      &dry_run },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  guint n_households = 0, n_rows = 0;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (dry_run)
    return print_purge_due (session);
  if (!ct_session_purge (session, &n_households, &n_rows, &error))
    return ct_cli_fail (error);

  g_print (g_dngettext (NULL, "Anonymised %u household (%u rows changed).\n",
                        "Anonymised %u households (%u rows changed).\n", n_households),
           n_households, n_rows);
  return CT_CLI_EXIT_OK;
}

static gboolean
parse_row_id (const CtCliCommand *command,
              const char         *option,
              const char         *text,
              gint64             *id,
              int                *exit_status)
{
  guint64 n = 0;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      *exit_status = ct_cli_usage_error (command, _("--%s: give a record number, 1 or more"),
                                         option);
      return FALSE;
    }
  *id = (gint64) n;
  return TRUE;
}

static void
print_erasure_preview (const CtErasurePreview *preview)
{
  if (preview->person_id != 0)
    g_print (_("Would erase person %lld of household %lld (1 row).\n"),
             (long long) preview->person_id, (long long) preview->household_id);
  else
    g_print (_("Would erase household %lld: %u persons, %u cases, %u rows in all.\n"),
             (long long) preview->household_id, preview->n_persons, preview->n_cases,
             preview->n_rows);
  if (preview->kept_by_case != NULL)
    g_print (_("The Jeugdwet keeps case %s (until %s): the request would be recorded, nothing "
               "erased.\n"), preview->kept_by_case,
             preview->kept_until != NULL ? preview->kept_until : _("20 years after closing"));
  else
    g_print ("%s\n", _("Run again with --yes to erase."));
}

static int
vault_erase (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  const char *household_text = NULL, *person_text = NULL;
  const char *ground = NULL;
  gboolean yes = FALSE;
  const CtCliOption options[] = {
    { "household", N_("ID"), N_("The household"), TRUE, &household_text },
    { "person", N_("ID"), N_("Only this person of the household"), FALSE, &person_text },
    { "ground", N_("GROUND"), N_("The legal ground of the request (AVG art. 17(1))"), TRUE,
      &ground },
    { "yes", NULL, N_("Erase; without it, only show what would go"), FALSE, NULL, &yes },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtErasurePreview) preview = NULL;
  gint64 household = 0, person = 0;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status)
      || !parse_row_id (command, "household", household_text, &household, &status)
      || !parse_row_id (command, "person", person_text, &person, &status))
    return status;

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!yes)
    {
      if ((preview = ct_session_preview_erasure (session, household, person, &error)) == NULL)
        return ct_cli_fail (error);
      print_erasure_preview (preview);
      return CT_CLI_EXIT_OK;
    }
  if (!ct_session_erase (session, household, person, ground, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", _("Erased. The request and its ground are in the access log."));
  return CT_CLI_EXIT_OK;
}

static int
vault_inzage (const CtCliCommand *command,
              int                 argc,
              char              **argv)
{
  const char *household_text = NULL, *out = NULL;
  const CtCliOption options[] = {
    { "household", N_("ID"), N_("The household"), TRUE, &household_text },
    { "out", N_("OUT"), N_("The PDF to write"), TRUE, &out },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  gint64 household = 0;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status)
      || !parse_row_id (command, "household", household_text, &household, &status))
    return status;

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!ct_session_write_inzage_pdf (session, household, out, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", _("Wrote the inzage. Making it is recorded in the access log."));
  return CT_CLI_EXIT_OK;
}

static char *
list_grounds (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < CT_N_RESTRICT_GROUNDS; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                            ct_restrict_ground_to_string ((CtRestrictGround) i));
  return g_string_free (out, FALSE);
}

static int
vault_restrict (const CtCliCommand *command,
                int                 argc,
                char              **argv)
{
  const char *number = NULL, *ground_text = NULL, *reason = NULL;
  gboolean lift = FALSE;
  const CtCliOption options[] = {
    { "case", N_("NUM"), N_("A case of the household, by its number"), TRUE, &number },
    { "ground", N_("GROUND"), N_("Why processing is restricted"), FALSE, &ground_text },
    { "reason", N_("TEXT"), N_("In your words; required with --lift"), FALSE, &reason },
    { "lift", NULL, N_("Lift the restriction instead"), FALSE, NULL, &lift },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *grounds = list_grounds ();
  gint64 household;
  int ground = -1;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if (lift && ground_text != NULL)
    return ct_cli_usage_error (command, _("--ground: not with --lift"));
  if (!lift && (ground = ct_restrict_ground_from_string (ground_text)) < 0)
    return ct_cli_usage_error (command, _("--ground: give one of %s"), grounds);

  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if ((household = ct_session_find_case_household (session, number, &error)) == 0)
    return ct_cli_fail (error);
  if (lift)
    {
      if (!ct_session_lift_restriction (session, household, reason, &error))
        return ct_cli_fail (error);
      g_print (_("Lifted the restriction of processing of household %lld (case %s). Logged.\n"),
               (long long) household, number);
      return CT_CLI_EXIT_OK;
    }
  if (!ct_session_restrict (session, household, (CtRestrictGround) ground, reason, &error))
    return ct_cli_fail (error);
  g_print (_("Restricted the processing of household %lld (case %s): %s. Its case data cannot be "
             "changed until the restriction is lifted. Logged.\n"),
           (long long) household, number,
           ct_restrict_ground_get_display_name ((CtRestrictGround) ground));
  return CT_CLI_EXIT_OK;
}

static int
vault_partner_actions (const CtCliCommand *command,
                       int                 argc,
                       char              **argv)
{
  const char *partner = NULL, *out = NULL;
  const CtCliOption options[] = {
    { "partner", N_("NAME"), N_("The partner organisation, as the actions name it"), TRUE,
      &partner },
    { "out", N_("OUT"), N_("The PDF to write"), TRUE, &out },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *text = NULL;
  guint listed = 0, withheld = 0;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (!ct_output_check_target (out, session, &error)
      || (text = ct_session_partner_actions_text (session, partner, &listed, &withheld,
                                                  &error)) == NULL
      || !ct_output_save_pdf (out, text, FALSE, &error))
    return ct_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u action for the partner.",
                        "Wrote %u actions for the partner.", listed), listed);
  g_print ("\n");
  if (withheld > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Left out %u action: its household did not consent to sharing with partners.",
                            "Left out %u actions: their households did not consent to sharing with partners.",
                            withheld), withheld);
      g_print ("\n");
    }
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_vault_commands[] = {
  { "init", N_("FILE --team NAME --login LOGIN --name NAME --role ROLE [--admin]"),
    N_("Create a team file and show its recovery key"),
    N_("Asks for your passphrase twice (once with --passphrase-stdin). The recovery key is\n"
       "printed alone on the last line of the output.\n"),
    vault_init },
  { "passwd", N_("FILE --login LOGIN"), N_("Change your passphrase"),
    N_("Asks for your current passphrase, then the new one.\n"), vault_passwd },
  { "check", N_("FILE --login LOGIN"), N_("Check the header, its MAC and the database"),
    N_("Prints “ok” and exits with status 0 when everything holds.\n"), vault_check },
  { "recover", N_("FILE OUT [--recovery-key-stdin]"),
    N_("Write a plain SQLCipher copy of the database with the recovery key"),
    N_("The raw key that opens OUT in the sqlcipher shell is printed alone on a line.\n"),
    vault_recover },
  { "repair-chain", N_("FILE [--recovery-key-stdin]"),
    N_("Make a team file that fails its checks consistent again, with the recovery key"),
    N_("Says what failed, keeps the part of the team chain that verifies, rewrites the\n"
       "members and policy tables from it, drops keyslots and category keys the chain does\n"
       "not back, and changes the database key. Logged.\n"),
    vault_repair_chain },
  { "restore-backup", N_("FILE --login LOGIN"),
    N_("Open an older copy of the team file that this device refuses, as a beheerder"),
    N_("After a backup was put back, the next unlock on a device that saw a newer copy is\n"
       "refused. A beheerder confirms with their passphrase that the older copy is meant;\n"
       "the restore and what this device had seen go into the access log, and the device\n"
       "follows the file from then on. What the newer copy held is lost.\n"),
    vault_restore_backup },
  { "reset-passphrase", N_("FILE --member LOGIN [--recovery-key-stdin]"),
    N_("Set a member’s new passphrase with the recovery key"), NULL, vault_reset_passphrase },
  { "purge", N_("FILE --login LOGIN [--dry-run]"),
    N_("Anonymise the households whose retention terms ended"),
    N_("A beheerder only. Identity, free text and the facts of every category go; counts, dates,\n"
       "costs, ZRM scores and outcomes stay for the evaluator (docs/retention.md).\n"),
    vault_purge },
  { "erase", N_("FILE --login LOGIN --household ID [--person ID] --ground GROUND [--yes]"),
    N_("Erase a household or one person on request"),
    N_("A beheerder only. Without --yes it shows what would go; with it, it erases. GROUND is\n"
       "niet_meer_nodig, toestemming_ingetrokken, bezwaar, onrechtmatig or wettelijke_plicht.\n"
       "Where the Jeugdwet's term runs, nothing is erased and the request is logged as refused.\n"),
    vault_erase },
  { "inzage", N_("FILE --login LOGIN --household ID --out OUT"),
    N_("Write the inzage of a household as a PDF"),
    N_("A regisseur only. In plain Dutch: what is stored about the household's members, their\n"
       "plan, advice, actions and consents, and who viewed or changed it. Police and justice\n"
       "information is marked as withheld and not printed.\n"),
    vault_inzage },
  { "restrict", N_("FILE --login LOGIN --case NUM [--ground GROUND] [--reason TEXT] [--lift]"),
    N_("Restrict the processing of a household on request, or lift the restriction"),
    N_("For the household's regisseur and a beheerder (AVG art. 18). GROUND is\n"
       "juistheid_betwist, onrechtmatig, rechtsvordering or bezwaar. While it holds, the\n"
       "household's data stays stored and readable, but nothing of its case data can be\n"
       "changed, and the evaluator export and the projector leave it out. Erasure still\n"
       "works. Placing and lifting are signed and logged.\n"),
    vault_restrict },
  { "partner-actions", N_("FILE --login LOGIN --partner NAME --out OUT"),
    N_("Write the open actions of a partner organisation as a PDF for that partner"),
    N_("Only actions whose household consented to sharing with partners (delen met\n"
       "ketenpartner) for the action's category are listed, by case number, never by name;\n"
       "the others are counted. Each household on the list is recorded in the access log.\n"),
    vault_partner_actions },
  { NULL }
};
