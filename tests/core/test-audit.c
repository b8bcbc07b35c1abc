/* test-audit.c — the access log's purposes and their display labels
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One team goes through every path of the core that writes a log entry:
 * members, records, policy, the recovery key and every kind of export.
 * Each purpose the log then holds must have a display label; a purpose
 * the core does not know is shown as it is stored. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-budget.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-doorbraak.h"
#include "ct-export.h"
#include "ct-meeting.h"

#define PASS     "geheim geheim"
#define SURNAME  "Qvanderzandt"
#define BSN      "111222333"

/* Every purpose the core writes today; the test below must reach them all. */
static const char * const written_purposes[] = {
  "create team", "found team chain", "switch need-to-know on", "add member", "enrol", "remove member", "change role",
  "change own passphrase", "reset passphrase with recovery key",
  "record", "view", "list",
  "grant category to role", "revoke category from role", "rotate category key",
  "recovery: plain copy", "evaluator export microdata", "evaluator export aggregate",
  "finance export", "shared example", "meeting report, initials", "meeting report, full names",
};

typedef struct
{
  char     *dir;
  char     *path;
  CtSecret *recovery;
} Team;

static CtSession *
unlock (Team       *team,
        const char *login,
        const char *passphrase)
{
  return ct_core_test_unlock (team->path, login, passphrase);
}

static char *
out_path (Team       *team,
          const char *name)
{
  return g_build_filename (team->dir, name, NULL);
}

/* "create team", "add member", "enrol", "remove member" */
static void
make_team (Team *team)
{
  CtVaultCreateInfo info = { "Team Logboek", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) unused = NULL;

  team->dir = g_dir_make_tmp ("ct-audit-XXXXXX", &error);
  g_assert_no_error (error);
  team->path = out_path (team, "team.casus");
  g_assert_true (ct_vault_create (team->path, &info, &team->recovery, &error));
  g_assert_no_error (error);

  admin = unlock (team, "beheer", PASS);
  code = ct_session_add_member (admin, "politie", "Pieter Dekker", CT_ROLE_POLITIE, FALSE, &error);
  g_assert_no_error (error);
  unused = ct_session_add_member (admin, "tijdelijk", "Tara Tijdelijk", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_remove_member (admin, "tijdelijk", &error));
  g_assert_no_error (error);
  ct_session_lock (admin);

  g_assert_true (ct_vault_enrol (team->path, "politie", code, PASS, &error));
  g_assert_no_error (error);
}

/* "record" (create, update, delete), "view", "list"; returns the case */
static gint64
work_with_records (CtSession *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  g_autoptr(CtRecord) seen = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  gint64 household_id, person_id;

  household_id = ct_core_test_insert (admin, household);
  ct_record_set_int (person, "household_id", household_id);
  ct_record_set (person, "first_name", "Fenna");
  ct_record_set (person, "last_name", SURNAME);
  ct_record_set (person, "bsn", BSN);
  person_id = ct_core_test_insert (admin, person);

  seen = ct_session_get (admin, "persons", person_id, &error);
  g_assert_no_error (error);
  ct_record_set (seen, "first_name", "Femke");
  g_assert_true (ct_session_update (admin, seen, &error));
  g_assert_no_error (error);
  listed = ct_session_list (admin, "persons", "household_id", household_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_true (ct_session_delete (admin, "persons", person_id, &error));
  g_assert_no_error (error);

  ct_record_set_int (kase, "household_id", household_id);
  ct_record_set (kase, "number", "2026-001");
  ct_record_set (kase, "referral_date", "2026-01-05");
  ct_record_set (kase, "status", "in_uitvoering");
  return ct_core_test_insert (admin, kase);
}

/* "finance export" */
static void
export_budget (Team      *team,
               CtSession *admin,
               gint64     case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  g_autoptr(CtRecord) expense = ct_record_new ("expenses");
  g_autofree char *xlsx = out_path (team, "financien.xlsx");
  gint64 period_id;

  ct_record_set (period, "name", "Maatwerkbudget 2026");
  ct_record_set (period, "starts_on", "2026-01-01");
  ct_record_set (period, "ends_on", "2026-12-31");
  ct_record_set (period, "amount_cents", "100000");
  ct_record_set (period, "case_ceiling_cents", "25000");
  period_id = ct_core_test_insert (admin, period);

  ct_record_set_int (expense, "period_id", period_id);
  ct_record_set_int (expense, "case_id", case_id);
  ct_record_set (expense, "amount_cents", "12550");
  ct_record_set (expense, "purpose", "wonen");
  ct_record_set (expense, "spent_on", "2026-03-14");
  ct_record_set (expense, "justification", "Huurachterstand");
  g_assert_cmpint (ct_budget_add_expense (admin, expense, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (ct_budget_export_period (admin, period_id, xlsx, &error));
  g_assert_no_error (error);
}

/* "shared example" */
static void
share_doorbraak (CtSession *admin,
                 gint64     case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = ct_record_new ("doorbraken");
  gint64 id;

  ct_record_set_int (d, "case_id", case_id);
  ct_record_set (d, "situation", "Een gezin dreigde de woning kwijt te raken.");
  ct_record_set (d, "goal", "Een eigen woning houden");
  ct_record_set (d, "blocked_rule", "Geen bijzondere bijstand bij schulden");
  ct_record_set (d, "blocked_owner", "gemeente");
  ct_record_set (d, "alternative", "De huurachterstand direct betaald uit het maatwerkbudget.");
  ct_record_set (d, "mandate", "teammanager");
  ct_record_set (d, "legitimation", "Voorkomt een ontruiming die veel meer kost.");
  ct_record_set (d, "result", "Het gezin bleef in de woning.");
  ct_record_set (d, "scope", "structureel");
  ct_record_set (d, "status", "voorgesteld");
  ct_record_set (d, "reached_on", "2026-02-04");
  id = ct_core_test_insert (admin, d);
  /* The beheerder approves it, as the core requires before sharing. */
  g_assert_true (ct_doorbraak_set_status (admin, id, "goedgekeurd", &error));
  g_assert_no_error (error);

  g_assert_true (ct_doorbraak_mark_shared (admin, id, NULL, &error));
  g_assert_no_error (error);
}

/* "meeting report, initials", "meeting report, full names" */
static void
report_meeting (CtSession *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  gint64 id;

  ct_record_set (meeting, "held_on", "2026-02-10");
  ct_record_set (meeting, "status", "gepland");
  id = ct_core_test_insert (admin, meeting);
  g_assert_true (ct_meeting_log_report (admin, id, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_meeting_log_report (admin, id, TRUE, &error));
  g_assert_no_error (error);
}

/* "evaluator export microdata", "evaluator export aggregate" */
static void
export_for_evaluator (Team      *team,
                      CtSession *admin)
{
  const CtExportProfile profiles[] = { CT_EXPORT_MICRODATA, CT_EXPORT_AGGREGATE };

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("evaluator-%u.xlsx", i);
      g_autofree char *xlsx = out_path (team, name);
      CtExportOptions options;

      ct_export_options_init (&options);
      options.profile = profiles[i];
      options.agreement = "VO-AUDIT";
      g_assert_true (ct_export_workbook (admin, xlsx, &options, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

/* "grant category to role", "revoke category from role", "rotate category
 * key", "change role" */
static void
change_policy (CtSession *admin)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==, 0);
  g_assert_true (ct_session_set_member_role (admin, "politie", CT_ROLE_GGZ, FALSE, &error));
  g_assert_no_error (error);
}

/* "change own passphrase", then with the recovery key "reset passphrase
 * with recovery key" and "recovery: plain copy" */
static void
change_passphrases (Team *team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) member = unlock (team, "politie", PASS);
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autofree char *plain = out_path (team, "plain.db");
  char *hex = NULL;

  g_assert_true (ct_session_change_passphrase (member, PASS, "rode peren rode peren", &error));
  g_assert_no_error (error);
  ct_session_lock (member);

  recovery = ct_session_unlock_with_recovery_key (team->path, team->recovery, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_reset_passphrase (recovery, "politie", PASS, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_export_plain (recovery, plain, &hex, &error));
  g_assert_no_error (error);
  ct_secret_free (hex);
  ct_session_lock (recovery);
}

static void
remove_team (Team *team)
{
  g_autoptr(GDir) d = g_dir_open (team->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (team->dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (team->dir);
  g_free (team->dir);
  g_free (team->path);
  ct_secret_free (team->recovery);
}

/* Every purpose in the log has a label (the function hands an unknown one
 * back as the same pointer), and every purpose the core writes was reached. */
static void
test_every_purpose_labelled (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) unlabelled = g_string_new (NULL);
  g_autoptr(GString) unreached = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 case_id;

  make_team (&team);
  admin = unlock (&team, "beheer", PASS);
  case_id = work_with_records (admin);
  export_budget (&team, admin, case_id);
  share_doorbraak (admin, case_id);
  report_meeting (admin);
  export_for_evaluator (&team, admin);
  change_policy (admin);
  ct_session_lock (admin);
  g_clear_pointer (&admin, ct_core_test_session_free);
  change_passphrases (&team);

  admin = unlock (&team, "beheer", PASS);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);
      const char *label = ct_log_purpose_get_display_name (e->purpose);

      /* Details after "; " (an export's agreement) keep their purpose. */
      char *base = g_strndup (e->purpose, strcspn (e->purpose, ";"));

      if (label == e->purpose && !g_hash_table_contains (seen, base))
        g_string_append_printf (unlabelled, "\"%s\" ", e->purpose);
      if (g_hash_table_contains (seen, base))
        g_free (base);
      else
        g_hash_table_add (seen, base);
      /* Untranslated (the C locale), a label reads as the stored text. */
      g_assert_cmpstr (label, ==, e->purpose);
      /* And the log still names no client. */
      g_assert_null (strstr (e->purpose, SURNAME));
      g_assert_null (strstr (e->purpose, BSN));
    }
  for (guint i = 0; i < G_N_ELEMENTS (written_purposes); i++)
    if (!g_hash_table_contains (seen, written_purposes[i]))
      g_string_append_printf (unreached, "\"%s\" ", written_purposes[i]);

  g_assert_cmpstr (unlabelled->str, ==, "");
  g_assert_cmpstr (unreached->str, ==, "");
  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (written_purposes));

  ct_session_lock (admin);
  remove_team (&team);
}

/* A purpose from an older or newer file shows as it is stored. */
static void
test_unknown_purpose (void)
{
  const char *future = "purge after retention";

  g_assert_true (ct_log_purpose_get_display_name (future) == future);
  g_assert_cmpstr (ct_log_purpose_get_display_name (""), ==, "");
  g_assert_cmpstr (ct_log_purpose_get_display_name (NULL), ==, "");
  g_assert_cmpstr (ct_log_purpose_get_display_name ("View"), ==, "View");
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/audit/every-purpose-labelled", test_every_purpose_labelled);
  g_test_add_func ("/audit/unknown-purpose", test_unknown_purpose);

  return g_test_run ();
}
