/* ct-cli-decide.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Corrections of decisions, each with a reason that the access log keeps
 * (docs/meetings.md): reopening a closed meeting, withdrawing the approval
 * of a breakthrough, and checking a breakthrough's shared example and
 * marking one flagged name in it as identifying no one. The core decides
 * who may (ct-meeting.c, ct-doorbraak.c); these commands only parse. */

#define G_LOG_DOMAIN "casustafel-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-core.h"
#include "ct-cli-decide.h"
#include "ct-doorbraak.h"
#include "ct-meeting.h"

static gboolean
parse_id (const CtCliCommand *command,
          const char         *option,
          const char         *text,
          gint64             *id,
          int                *exit_status)
{
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      *exit_status = ct_cli_usage_error (command, _("--%s: give a record number, 1 or more"),
                                         option);
      return FALSE;
    }
  *id = (gint64) n;
  return TRUE;
}

/* Parses the options of a command about one breakthrough, its number
 * (read through @doorbraak, which the parsing fills) and unlocks the
 * team; %NULL with @exit_status set when any of it fails. */
static CtSession *
open_doorbraak (const CtCliCommand *command,
                int                 argc,
                char              **argv,
                CtCliTeam          *team,
                const char * const *doorbraak,
                gint64             *id,
                int                *exit_status)
{
  if (!ct_cli_parse_team (command, argc, argv, team, exit_status)
      || !parse_id (command, "doorbraak", *doorbraak, id, exit_status))
    return NULL;
  return ct_cli_unlock_team (team, exit_status);
}

/* A meeting by its number, or by its date when one meeting was held that day. */
static gboolean
find_meeting (CtSession   *session,
              const char  *text,
              gint64      *id,
              GError     **error)
{
  g_autoptr(GPtrArray) meetings = NULL;
  guint found = 0;
  guint64 n = 0;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &n, NULL))
    {
      *id = (gint64) n;
      return TRUE;
    }
  if ((meetings = ct_session_list (session, "meetings", NULL, 0, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < meetings->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (meetings, i), "held_on"), text) == 0)
      {
        *id = ct_record_get_id (g_ptr_array_index (meetings, i));
        found++;
      }
  if (found == 1)
    return TRUE;
  g_set_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD, "--meeting: %s",
               found == 0 ? _("no meeting has this number or date.")
                          : _("several meetings have this date; give the meeting’s number."));
  return FALSE;
}

static int
meeting_reopen (const CtCliCommand *command,
                int                 argc,
                char              **argv)
{
  const char *meeting = NULL, *reason = NULL;
  const CtCliOption options[] = {
    { "meeting", N_("ID"), N_("The meeting: its number, or its date (YYYY-MM-DD)"), TRUE,
      &meeting },
    { "reason", N_("TEXT"), N_("Why; written to the access log"), TRUE, &reason },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  gint64 id = 0;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if (!find_meeting (session, meeting, &id, &error)
      || !ct_meeting_reopen (session, id, reason, &error))
    return ct_cli_fail (error);
  g_print (_("Meeting %lld is open again; the reason is in the access log.\n"), (long long) id);
  return CT_CLI_EXIT_OK;
}

static int
doorbraak_withdraw (const CtCliCommand *command,
                    int                 argc,
                    char              **argv)
{
  const char *doorbraak = NULL, *reason = NULL;
  const CtCliOption options[] = {
    { "doorbraak", N_("ID"), N_("The breakthrough’s number"), TRUE, &doorbraak },
    { "reason", N_("TEXT"), N_("Why; written to the access log"), TRUE, &reason },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  gint64 id = 0;
  int status;

  if ((session = open_doorbraak (command, argc, argv, &team, &doorbraak, &id, &status)) == NULL)
    return status;
  if (!ct_doorbraak_withdraw_approval (session, id, reason, &error))
    return ct_cli_fail (error);
  g_print (_("The approval of breakthrough %lld is withdrawn; it is a proposal again.\n"),
           (long long) id);
  return CT_CLI_EXIT_OK;
}

/* One line per finding: kind, field and the words, separated by tabs. */
static int
doorbraak_check (const CtCliCommand *command,
                 int                 argc,
                 char              **argv)
{
  const char *doorbraak = NULL;
  const CtCliOption options[] = {
    { "doorbraak", N_("ID"), N_("The breakthrough’s number"), TRUE, &doorbraak },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;
  gint64 id = 0;
  int status;

  if ((session = open_doorbraak (command, argc, argv, &team, &doorbraak, &id, &status)) == NULL)
    return status;
  if (ct_doorbraak_share_markdown (session, id, &md, &findings, &error))
    {
      g_print ("%s\n", _("The example is clean: no names, addresses or numbers of anyone in the "
                         "team file."));
      return CT_CLI_EXIT_OK;
    }
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CtFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *words = g_strndup (md + f->offset, f->length);

      g_print ("%s\t%s\t%s\n", ct_finding_kind_to_string (f->kind), f->field != NULL ? f->field : "text", words);
    }
  return ct_cli_fail (error);
}

static int
doorbraak_mark (const CtCliCommand *command,
                int                 argc,
                char              **argv)
{
  const char *doorbraak = NULL, *word = NULL, *reason = NULL;
  const CtCliOption options[] = {
    { "doorbraak", N_("ID"), N_("The breakthrough’s number"), TRUE, &doorbraak },
    { "word", N_("WORD"), N_("One name the check flags, as it stands in the example"), TRUE,
      &word },
    { "reason", N_("TEXT"), N_("Why it identifies no one; written to the access log"), TRUE,
      &reason },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  gint64 id = 0;
  int status;

  if ((session = open_doorbraak (command, argc, argv, &team, &doorbraak, &id, &status)) == NULL)
    return status;
  if (!ct_doorbraak_mark_not_identifying (session, id, NULL, word, reason, &error))
    return ct_cli_fail (error);
  g_print (_("“%s” is marked as not identifying in breakthrough %lld; the reason is in the "
             "access log. Other flagged words stay flagged.\n"), word, (long long) id);
  return CT_CLI_EXIT_OK;
}

const CtCliCommand ct_cli_decide_commands[] = {
  { "meeting-reopen", N_("FILE --login LOGIN --meeting ID --reason TEXT"),
    N_("Reopen a closed meeting, with a reason"),
    N_("The voorzitter or a beheerder only. The meeting is in progress again: items already\n"
       "closed keep their advice and actions. ID is the meeting’s number, or its date when\n"
       "one meeting was held that day. The reason is written to the access log.\n"),
    meeting_reopen },
  { "doorbraak-withdraw", N_("FILE --login LOGIN --doorbraak ID --reason TEXT"),
    N_("Withdraw the approval of a breakthrough, with a reason"),
    N_("The voorzitter or a beheerder only, before it is carried out or shared. The\n"
       "breakthrough is a proposal again. The reason is written to the access log.\n"),
    doorbraak_withdraw },
  { "doorbraak-check", N_("FILE --login LOGIN --doorbraak ID"),
    N_("Check a breakthrough’s example for names, addresses and numbers"),
    N_("For a role that reads identity data. One line per finding: kind, field and the\n"
       "words, separated by tabs; exit status 1 while anything is found. Names marked with\n"
       "doorbraak-mark are left out.\n"),
    doorbraak_check },
  { "doorbraak-mark", N_("FILE --login LOGIN --doorbraak ID --word WORD --reason TEXT"),
    N_("Mark one flagged name in a breakthrough’s example as not identifying"),
    N_("Only a name the check flags now (see doorbraak-check), one word at a time; never a\n"
       "BSN, street, postcode, phone number or e-mail address. The word and the reason are\n"
       "written to the access log; the other flagged words stay flagged.\n"),
    doorbraak_mark },
  { NULL }
};
