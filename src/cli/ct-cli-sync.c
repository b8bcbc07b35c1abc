/* ct-cli-sync.c — team sync from the command line
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Thin commands over ct-sync.h (docs/sync.md): switch sync on, make a
 * copy a replica of its own, and sync through a folder with a one-line
 * summary. A refused change file is named on stderr and makes the exit
 * status 1, so a script notices. */

#define G_LOG_DOMAIN "ct-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-cli-sync.h"
#include "ct-core.h"

typedef gboolean (*SessionStep) (CtSession *session,
                                 GError   **error);

static int
run_step (const CtCliCommand *command,
          int                 argc,
          char              **argv,
          SessionStep         step,
          const char         *done)
{
  CtCliTeam team = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (!step (session, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", done);
  return CT_CLI_EXIT_OK;
}

static int
sync_enable (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  return run_step (command, argc, argv, ct_session_sync_enable,
                   _("Sync is switched on. Copy this file to the other members' laptops; each "
                     "makes their copy a replica with sync-replica."));
}

static int
sync_replica (const CtCliCommand *command,
              int                 argc,
              char              **argv)
{
  return run_step (command, argc, argv, ct_session_sync_new_replica,
                   _("This copy is now a replica of its own."));
}

static int
sync_run (const CtCliCommand *command,
          int                 argc,
          char              **argv)
{
  const char *folder = NULL;
  const CtCliOption options[] = {
    { "folder", N_("DIR"), N_("The team's sync folder"), TRUE, &folder },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *line = NULL;
  CtSyncSummary summary = { 0 };
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return ct_cli_usage_error (command, _("--folder: %s is not a folder"), folder);
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (!ct_session_sync (session, folder, &summary, &error))
    {
      ct_sync_summary_clear (&summary);
      return ct_cli_fail (error);
    }
  line = ct_sync_summary_format (&summary);
  g_print ("%s\n", line);
  for (guint i = 0; i < summary.refusals->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (summary.refusals, i));
  status = summary.refusals->len > 0 ? CT_CLI_EXIT_REFUSED : CT_CLI_EXIT_OK;
  ct_sync_summary_clear (&summary);
  return status;
}

static int
merge_run (const CtCliCommand *command,
           int                 argc,
           char              **argv)
{
  const char *path = NULL, *other_path = NULL, *login = NULL;
  gboolean from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FILE"), &path }, { N_("OTHER"), &other_path },
                                      { NULL } };
  const CtCliOption options[] = {
    CT_CLI_OPTION_LOGIN (&login),
    CT_CLI_OPTION_PASSPHRASE_STDIN (&from_stdin),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSession) other = NULL;
  g_autofree char *line = NULL;
  CtMergeSummary summary;
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status))
    return status;
  if (!g_file_test (other_path, G_FILE_TEST_IS_REGULAR))
    return ct_cli_usage_error (command, _("OTHER: %s is not a file"), other_path);
  /* A copy of one file: the same passphrase opens both. */
  passphrase = ct_cli_read_secret (_("Passphrase: "), from_stdin, "passphrase-stdin", &error);
  if (passphrase == NULL
      || (session = ct_session_unlock (path, login, passphrase, &error)) == NULL)
    return ct_cli_fail (error);
  if ((other = ct_session_unlock_copy (other_path, login, passphrase, &error)) == NULL)
    {
      g_prefix_error (&error, _("The other file: "));
      return ct_cli_fail (error);
    }
  if (!ct_session_merge (session, other, &summary, &error))
    return ct_cli_fail (error);
  line = ct_merge_summary_format (&summary);
  g_print ("%s\n", line);
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_sync_commands[] = {
  { "sync-enable", N_("FILE --login LOGIN"),
    N_("Switch team sync on for a team file, as a beheerder"),
    N_("Gives this file a replica id and a sync key sealed to every member. Do it once, then\n"
       "copy the file to the other members (docs/sync.md).\n"),
    sync_enable },
  { "sync-replica", N_("FILE --login LOGIN"),
    N_("Make a copy of a synced team file a replica of its own"),
    N_("Gives the copy a new replica id, so its changes never mix with those of the file it\n"
       "was copied from. Refused while the copy holds changes that were not synced.\n"),
    sync_replica },
  { "sync", N_("FILE --login LOGIN --folder DIR"),
    N_("Send this replica's changes to the sync folder and apply the others'"),
    N_("Prints one line of what was done. A change file that is damaged, forged or breaks the\n"
       "team's rules is refused whole: it is named on stderr with the reason, logged, and the\n"
       "exit status is 1.\n"),
    sync_run },
  { "merge", N_("FILE OTHER --login LOGIN"),
    N_("Merge a copy of the same team file into this one, losing nothing"),
    N_("For a copy that lived its own life: a USB copy, or a conflict copy that a sync engine\n"
       "made beside the file. Records only the copy has are added; a field both changed keeps\n"
       "the later value shown and the other as a conflict on the case page. The same\n"
       "passphrase must open both. A file of another team is refused (docs/sync.md).\n"),
    merge_run },
  { NULL }
};
