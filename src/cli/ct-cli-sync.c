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

#include "ct-cli-json.h"
#include "ct-cli-sync.h"
#include "ct-core.h"

static int
sync_enable (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  return ct_cli_run_step (command, argc, argv, ct_session_sync_enable,
                          _("Sync is switched on. Copy this file to the other members' "
                            "laptops; each makes their copy a replica with sync-replica."));
}

static int
sync_replica (const CtCliCommand *command,
              int                 argc,
              char              **argv)
{
  return ct_cli_run_step (command, argc, argv, ct_session_sync_new_replica,
                          _("This copy is now a replica of its own."));
}

/* After a failed sync: once it learned that the team removed this
 * laptop's member, what that means for the changes made here (the same
 * words as sync-status). */
static void
print_removal (CtSession *session)
{
  g_autoptr(CtSyncStatus) st = ct_session_sync_get_status (session, NULL);
  g_autofree char *removal = st != NULL ? ct_sync_status_format_removal (st) : NULL;

  if (removal != NULL)
    g_printerr ("%s\n", removal);
}

static int
sync_run (const CtCliCommand *command,
          int                 argc,
          char              **argv)
{
  const char *folder = NULL;
  gboolean snapshot = FALSE;
  const CtCliOption options[] = {
    { "folder", N_("DIR"), N_("The team's sync folder; the one chosen for this file when left "
                              "out"), FALSE, &folder },
    { "snapshot", NULL, N_("Then write a snapshot of this replica into the folder"), FALSE, NULL,
      &snapshot },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *line = NULL;
  g_autofree char *chosen = NULL;
  CtSyncSummary summary = { 0 };
  guint64 number = 0;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if (folder != NULL && !g_file_test (folder, G_FILE_TEST_IS_DIR))
    return ct_cli_usage_error (command, _("--folder: %s is not a folder"), folder);
  if ((session = ct_cli_unlock_team (&team, &status)) == NULL)
    return status;
  if (folder == NULL
      && (folder = chosen = ct_session_sync_get_folder (session, &error)) == NULL
      && error == NULL)
    return ct_cli_usage_error (command, _("--folder: no sync folder was chosen for this file; "
                                          "give one, or choose it with sync-folder"));
  if (folder == NULL || !ct_session_sync (session, folder, &summary, &error))
    {
      ct_sync_summary_clear (&summary);
      status = ct_cli_fail (error);
      print_removal (session);
      return status;
    }
  line = ct_sync_summary_format (&summary);
  g_print ("%s\n", line);
  for (guint i = 0; i < summary.refusals->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (summary.refusals, i));
  status = summary.refusals->len > 0 ? CT_CLI_EXIT_REFUSED : CT_CLI_EXIT_OK;
  ct_sync_summary_clear (&summary);
  if (snapshot)
    {
      g_autofree char *last = NULL;

      if (!ct_session_sync_snapshot (session, folder, &number, &error))
        return ct_cli_fail (error);
      last = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
      g_print (_("Snapshot written, up to change file %s of this replica.\n"), last);
    }
  return status;
}

static int
sync_folder (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  const char *folder = NULL;
  const CtCliArgument arguments[] = { { N_("DIR"), &folder }, { NULL } };
  CtCliTeam team = { .arguments = arguments };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autofree char *absolute = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  absolute = g_canonicalize_filename (folder, NULL);
  if (!ct_session_sync_set_folder (session, absolute, &error))
    return ct_cli_fail (error);
  g_print (_("This file now syncs through %s.\n"), absolute);
  return CT_CLI_EXIT_OK;
}

/* Milliseconds since 1970 as local ISO 8601 to the second; "" for never. */
static char *
format_millis (gint64 millis)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (millis <= 0 || (utc = g_date_time_new_from_unix_utc (millis / 1000)) == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
json_time (CtJson     *json,
           const char *key,
           gint64      millis)
{
  g_autofree char *text = format_millis (millis);

  ct_json_key (json, key);
  if (*text == '\0')
    ct_json_null (json);
  else
    ct_json_string (json, text);
}

static void
json_nullable (CtJson     *json,
               const char *key,
               const char *value)
{
  ct_json_key (json, key);
  if (value == NULL)
    ct_json_null (json);
  else
    ct_json_string (json, value);
}

static const char *
health_name (CtSyncHealth health)
{
  switch (health)
    {
    case CT_SYNC_HEALTH_IN_SYNC:
      return "in-sync";
    case CT_SYNC_HEALTH_WAITING:
      return "waiting";
    case CT_SYNC_HEALTH_PROBLEM:
    default:
      return "problem";
    }
}

/* The label of an entry's field, as the record's form names it. */
static const char *
unkept_label (const CtSyncUnkept *unkept)
{
  const CtTable *table = ct_schema_get_table (unkept->table);
  const CtField *field = table != NULL ? ct_table_get_field (table, unkept->field) : NULL;

  return field != NULL ? _(field->label) : unkept->field;
}

static void
print_status_json (const CtSyncStatus *st,
                   GPtrArray          *unkept)
{
  g_autoptr(CtJson) json = ct_json_new ();
  g_autofree char *text = NULL;

  ct_json_begin_object (json);
  ct_json_key (json, "health");
  ct_json_string (json, health_name (ct_sync_status_get_health (st)));
  ct_json_key (json, "device");
  ct_json_string (json, st->device);
  json_nullable (json, "folder", st->folder);
  ct_json_key (json, "sent_file");
  ct_json_int (json, (gint64) st->sent_seq);
  json_time (json, "last_sync", st->last_sync);
  json_time (json, "last_sent", st->last_sent);
  json_time (json, "last_received", st->last_received);
  ct_json_key (json, "pending_changes");
  ct_json_int (json, st->pending_changes);
  ct_json_key (json, "unsent_files");
  ct_json_int (json, st->unsent_files);
  ct_json_key (json, "waiting_files");
  ct_json_int (json, st->waiting_files);
  json_nullable (json, "last_error", st->last_error);
  ct_json_key (json, "removed");
  if (!st->removed)
    ct_json_null (json);
  else
    {
      g_autofree char *notice = ct_sync_status_format_removal (st);

      ct_json_begin_object (json);
      json_time (json, "at", st->removed_millis);
      json_nullable (json, "by", st->removed_by);
      ct_json_key (json, "not_sent");
      ct_json_int (json, st->not_sent);
      ct_json_key (json, "message");
      ct_json_string (json, notice);
      ct_json_end_object (json);
    }
  ct_json_key (json, "replicas");
  ct_json_begin_array (json);
  for (guint i = 0; i < st->replicas->len; i++)
    {
      const CtSyncReplica *r = g_ptr_array_index (st->replicas, i);

      ct_json_begin_object (json);
      ct_json_key (json, "device");
      ct_json_string (json, r->device);
      json_nullable (json, "member", r->member);
      ct_json_key (json, "applied_file");
      ct_json_int (json, (gint64) r->seq);
      json_time (json, "last_activity", r->last_millis);
      ct_json_end_object (json);
    }
  ct_json_end_array (json);
  ct_json_key (json, "refused");
  ct_json_begin_array (json);
  for (guint i = 0; i < st->refused->len; i++)
    {
      const CtSyncRefusal *r = g_ptr_array_index (st->refused, i);

      ct_json_begin_object (json);
      ct_json_key (json, "device");
      ct_json_string (json, r->device);
      json_nullable (json, "member", r->member);
      ct_json_key (json, "file");
      ct_json_int (json, (gint64) r->seq);
      ct_json_key (json, "reason");
      ct_json_string (json, r->reason);
      ct_json_end_object (json);
    }
  ct_json_end_array (json);
  /* docs/sync-merge.md, "Edits not kept": only those this member may read */
  ct_json_key (json, "edits_not_kept");
  ct_json_begin_array (json);
  for (guint i = 0; i < unkept->len; i++)
    {
      const CtSyncUnkept *u = g_ptr_array_index (unkept, i);

      ct_json_begin_object (json);
      ct_json_key (json, "id");
      ct_json_int (json, u->id);
      json_nullable (json, "case", u->case_number);
      ct_json_key (json, "table");
      ct_json_string (json, u->table);
      ct_json_key (json, "record");
      ct_json_int (json, u->row_id);
      ct_json_key (json, "field");
      ct_json_string (json, u->field);
      json_nullable (json, "value", u->value);
      ct_json_key (json, "at");
      ct_json_string (json, u->at);
      ct_json_key (json, "reason");
      ct_json_string (json, u->reason);
      ct_json_end_object (json);
    }
  ct_json_end_array (json);
  ct_json_end_object (json);
  text = ct_json_finish (json);
  g_print ("%s\n", text);
}

static const char *
or_never (const char *time)
{
  return *time != '\0' ? time : _("never");
}

static void
print_status_text (const CtSyncStatus *st,
                   GPtrArray          *unkept)
{
  g_autofree char *synced = format_millis (st->last_sync);
  g_autofree char *sent = format_millis (st->last_sent);
  g_autofree char *received = format_millis (st->last_received);
  g_autofree char *sent_seq = g_strdup_printf ("%" G_GUINT64_FORMAT, st->sent_seq);
  static const char *const health[] = { N_("in sync"), N_("changes waiting"), N_("a problem") };

  g_autofree char *removal = ct_sync_status_format_removal (st);

  g_print (_("Status: %s\n"), _(health[ct_sync_status_get_health (st)]));
  if (removal != NULL)
    g_print (_("Removed: %s\n"), removal);
  g_print (_("Replica: %s\n"), st->device);
  g_print (_("Sync folder: %s\n"), st->folder != NULL ? st->folder : _("none chosen"));
  g_print (_("Last sync: %s\n"), or_never (synced));
  g_print (_("Last change sent: %s (file %s)\n"), or_never (sent), sent_seq);
  g_print (_("Last change received: %s\n"), or_never (received));
  g_print (_("Changes waiting to be sent: %u, in files not yet in the folder: %u\n"),
           st->pending_changes, st->unsent_files);
  g_print (_("Files of others waiting: %u\n"), st->waiting_files);
  if (st->last_error != NULL)
    g_print (_("Last sync failed: %s\n"), st->last_error);
  for (guint i = 0; i < st->replicas->len; i++)
    {
      const CtSyncReplica *r = g_ptr_array_index (st->replicas, i);
      g_autofree char *when = format_millis (r->last_millis);
      g_autofree char *seq = g_strdup_printf ("%" G_GUINT64_FORMAT, r->seq);

      g_print (_("Replica %s of %s: file %s applied, last activity %s\n"), r->device,
               r->member != NULL ? r->member : _("an unknown member"), seq, or_never (when));
    }
  for (guint i = 0; i < st->refused->len; i++)
    {
      const CtSyncRefusal *r = g_ptr_array_index (st->refused, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GUINT64_FORMAT, r->seq);

      g_print (_("Refused file %s of replica %s (%s): %s\n"), seq, r->device,
               r->member != NULL ? r->member : _("an unknown member"), r->reason);
    }
  g_print (_("Edits not kept: %u\n"), unkept->len);
  for (guint i = 0; i < unkept->len; i++)
    {
      const CtSyncUnkept *u = g_ptr_array_index (unkept, i);

      /* Translators: an edit a sync did not keep: case number, field,
       * value, when (UTC) */
      g_print (_("  case %s, %s: %s (%s UTC)\n"),
               u->case_number != NULL ? u->case_number : "-", unkept_label (u),
               u->value != NULL ? u->value : "", u->at);
    }
}

static int
sync_status (const CtCliCommand *command,
             int                 argc,
             char              **argv)
{
  gboolean as_json = FALSE;
  const CtCliOption options[] = {
    { "json", NULL, N_("Print JSON instead of text"), FALSE, NULL, &as_json },
    { NULL }
  };
  CtCliTeam team = { .options = options };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSyncStatus) st = NULL;
  g_autoptr(GPtrArray) unkept = NULL;
  int status;

  if ((session = ct_cli_open_session (command, argc, argv, &team, &status)) == NULL)
    return status;
  if ((st = ct_session_sync_get_status (session, &error)) == NULL
      || (unkept = ct_session_sync_list_unkept (session, 0, &error)) == NULL)
    return ct_cli_fail (error);
  if (as_json)
    print_status_json (st, unkept);
  else
    print_status_text (st, unkept);
  return CT_CLI_EXIT_OK;
}

static int
merge_run (const CtCliCommand *command,
           int                 argc,
           char              **argv)
{
  const char *other_path = NULL;
  const CtCliArgument arguments[] = { { N_("OTHER"), &other_path }, { NULL } };
  CtCliTeam team = { .arguments = arguments };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(CtSession) other = NULL;
  g_autofree char *line = NULL;
  CtMergeSummary summary;
  int status;

  if (!ct_cli_parse_team (command, argc, argv, &team, &status))
    return status;
  if (!g_file_test (other_path, G_FILE_TEST_IS_REGULAR))
    return ct_cli_usage_error (command, _("OTHER: %s is not a file"), other_path);
  /* A copy of one file: the same passphrase opens both. */
  passphrase = ct_cli_read_secret (_("Passphrase: "), team.from_stdin, "passphrase-stdin",
                                   &error);
  if (passphrase == NULL
      || (session = ct_session_unlock (team.path, team.login, passphrase, &error)) == NULL)
    return ct_cli_fail (error);
  if ((other = ct_session_unlock_copy (other_path, team.login, passphrase, &error)) == NULL)
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

static int
join_run (const CtCliCommand *command,
          int                 argc,
          char              **argv)
{
  const char *folder = NULL, *out = NULL, *login = NULL;
  gboolean from_stdin = FALSE;
  const CtCliArgument arguments[] = { { N_("FOLDER"), &folder }, { N_("OUT"), &out }, { NULL } };
  const CtCliOption options[] = {
    CT_CLI_OPTION_LOGIN (&login),
    CT_CLI_OPTION_PASSPHRASE_STDIN (&from_stdin),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) passphrase = NULL;
  g_autofree char *absolute = NULL;
  int status;

  if (!ct_cli_parse (command, argc, argv, arguments, options, &status))
    return status;
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return ct_cli_usage_error (command, _("FOLDER: %s is not a folder"), folder);
  /* Before the code is asked: an existing file is never written over. */
  if (!ct_cli_check_absent (out, _("OUT: this file already exists; joining never writes over "
                                   "a file. Choose a new name."), &error))
    return ct_cli_fail (error);
  absolute = g_canonicalize_filename (folder, NULL);
  code = ct_cli_read_secret (_("Enrolment code: "), from_stdin, "passphrase-stdin", &error);
  if (code == NULL || (passphrase = ct_cli_read_new_passphrase (from_stdin, &error)) == NULL)
    return ct_cli_fail (error);
  g_printerr ("%s\n", _("Joining: reading the team from the sync folder…"));
  if (!ct_sync_join (absolute, out, login, code, passphrase, &error))
    return ct_cli_fail (error);
  g_print ("%s\n", _("Joined: the new team file is a replica of its own and syncs through this "
                     "folder. Unlock it with your passphrase."));
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
  { "sync", N_("FILE --login LOGIN [--folder DIR] [--snapshot]"),
    N_("Send this replica's changes to the sync folder and apply the others'"),
    N_("Prints one line of what was done. A change file that is damaged, forged or breaks the\n"
       "team's rules is refused whole: it is named on stderr with the reason, logged, and the\n"
       "exit status is 1. With --snapshot it then writes a snapshot of this replica, which a\n"
       "sync also does by itself every 50 change files (docs/sync.md).\n"),
    sync_run },
  { "sync-folder", N_("FILE DIR --login LOGIN"),
    N_("Choose the sync folder this laptop uses for a team file"),
    N_("Kept in this replica only: each laptop has its own path. sync without --folder uses\n"
       "it.\n"),
    sync_folder },
  { "sync-status", N_("FILE --login LOGIN [--json]"),
    N_("Show what this replica sent and received, the other replicas and refused files"),
    N_("Read from this file alone, without looking in the folder. The status is \"in sync\",\n"
       "\"waiting\" (changes to send, files to apply, or no sync yet) or \"problem\" (the last\n"
       "sync failed, or a change file was refused).\n"),
    sync_status },
  { "join", N_("FOLDER OUT --login LOGIN"),
    N_("Join a team from its sync folder, with the enrolment code you were given"),
    N_("Asks for the enrolment code, then for your new passphrase. Builds your own replica of\n"
       "the team in OUT, a file that must not exist yet, from the newest snapshot and the\n"
       "later change files in FOLDER, then sets your passphrase. A beheerder adds you first on\n"
       "a laptop that syncs through the same folder. Nothing is written when the code, the\n"
       "files or the team's chain do not hold (docs/sync.md).\n"),
    join_run },
  { "merge", N_("FILE OTHER --login LOGIN"),
    N_("Merge a copy of the same team file into this one, losing nothing"),
    N_("For a copy that lived its own life: a USB copy, or a conflict copy that a sync engine\n"
       "made beside the file. Records only the copy has are added; a field both changed keeps\n"
       "the later value shown and the other as a conflict on the case page. The same\n"
       "passphrase must open both. A file of another team is refused (docs/sync.md).\n"),
    merge_run },
  { NULL }
};
