/* test-budget.c — the maatwerkbudget and the doorbraken register
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-budget.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-doorbraak.h"
#include "ct-error.h"
#include "ct-pseudonym.h"

#define PASS       "geheim geheim"
#define FIRST_NAME "Fatima"
#define LAST_NAME  "El Amrani"
#define BSN        "111222333"
#define STREET     "Lindenlaan"
#define PHONE      "06-12345678"
#define EMAIL      "f.elamrani@voorbeeld.nl"
#define JUSTIFY    "Bijzondere uitleg voor de fietsreparatie"

typedef struct
{
  CtCoreTestTeam team;
  gint64         case_id;
  gint64         case2_id;
  gint64         period_id;
} Fixture;

static CtSession *
unlock (Fixture    *f,
        const char *login)
{
  return ct_core_test_unlock (f->team.path, login, PASS);
}

static gint64
make_case (CtSession  *regisseur,
           const char *number,
           gboolean    with_person)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  gint64 household_id = ct_core_test_insert (regisseur, household);

  if (with_person)
    {
      ct_record_set_int (person, "household_id", household_id);
      ct_record_set (person, "first_name", FIRST_NAME);
      ct_record_set (person, "last_name", LAST_NAME);
      ct_record_set (person, "bsn", BSN);
      ct_record_set (person, "street", STREET);
      ct_record_set (person, "house_number", "12a");
      ct_record_set (person, "postcode", "1211ab");
      ct_record_set (person, "phone", PHONE);
      ct_record_set (person, "email", EMAIL);
      ct_core_test_insert (regisseur, person);
    }
  ct_record_set_int (c, "household_id", household_id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "status", "in_uitvoering");
  return ct_core_test_insert (regisseur, c);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  CtVaultCreateInfo info = { "Team Budget", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) regisseur = NULL;
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  static const CtCoreTestMember members[] = {
    { "voorzitter", "Marloes Kramer", CT_ROLE_VOORZITTER },
    { "regisseur", "Sanne Visser", CT_ROLE_REGISSEUR },
    { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
    { NULL },
  };

  ct_core_test_team_create (&f->team, "ct-budget-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, members);
  /* Tests the budget's rules for every case: involvement is test-involvement's. */
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);

  /* Budget periods are a beheerder's (or the voorzitter's) to set. */
  admin = unlock (f, "beheer");
  ct_record_set (period, "name", "Maatwerkbudget 2026 Oost");
  ct_record_set (period, "starts_on", "2026-01-01");
  ct_record_set (period, "ends_on", "2026-12-31");
  ct_record_set (period, "amount_cents", "100000");
  ct_record_set (period, "case_ceiling_cents", "25000");
  f->period_id = ct_core_test_insert (admin, period);
  ct_core_test_session_free (g_steal_pointer (&admin));

  regisseur = unlock (f, "regisseur");
  f->case_id = make_case (regisseur, "2026-001", TRUE);
  f->case2_id = make_case (regisseur, "2026-002", FALSE);
  {
    g_autoptr(CtRecord) other = ct_record_new ("budget_periods");

    ct_record_set (other, "name", "Door de regisseur");
    ct_record_set (other, "starts_on", "2027-01-01");
    ct_record_set (other, "ends_on", "2027-12-31");
    ct_record_set (other, "amount_cents", "100000");
    ct_record_set (other, "case_ceiling_cents", "25000");
    g_assert_cmpint (ct_session_insert (regisseur, other, &error), ==, 0);
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ct_core_test_team_clear (&f->team);
}

static gint64
add_expense (Fixture    *f,
             CtSession  *session,
             gint64      case_id,
             const char *cents,
             const char *purpose,
             GError    **error)
{
  g_autoptr(CtRecord) e = ct_record_new ("expenses");

  ct_record_set_int (e, "period_id", f->period_id);
  ct_record_set_int (e, "case_id", case_id);
  ct_record_set (e, "amount_cents", cents);
  ct_record_set (e, "purpose", purpose);
  ct_record_set (e, "spent_on", "2026-03-14");
  ct_record_set (e, "justification", JUSTIFY);
  return ct_budget_add_expense (session, e, error);
}

static void
summary_of (Fixture         *f,
            CtSession       *session,
            CtBudgetSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_budget_summary (session, f->period_id, summary, &error));
  g_assert_no_error (error);
}

/* An expense that takes the case above its ceiling holds its money but is
 * not spent until the voorzitter co-signs. */
static void
test_ceiling (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtCoreTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CtBudgetSummary) before = { 0 };
  g_auto(CtBudgetSummary) after = { 0 };
  CtBudgetExpense *line;
  gint64 first, second;

  first = add_expense (f, regisseur, f->case_id, "20000", "wonen", &error);
  g_assert_no_error (error);
  second = add_expense (f, regisseur, f->case_id, "5001", "vervoer", &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);

  summary_of (f, regisseur, &before);
  g_assert_cmpint (before.budget_cents, ==, 100000);
  g_assert_cmpint (before.spent_cents, ==, 20000);
  g_assert_cmpint (before.committed_cents, ==, 5001);
  g_assert_cmpint (before.remaining_cents, ==, 100000 - 25001);
  g_assert_cmpint (before.purpose_cents[0], ==, 20000);  /* wonen */
  g_assert_cmpint (before.purpose_cents[2], ==, 0);      /* vervoer: not counted yet */
  line = g_ptr_array_index (before.expenses, 1);
  g_assert_true (line->needs_cosign);
  g_assert_false (line->counted);
  g_assert_false (ct_budget_can_cosign (regisseur, line->record));
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  voorzitter = unlock (f, "voorzitter");
  g_assert_true (ct_budget_can_cosign (voorzitter, line->record));
  g_assert_true (ct_budget_cosign (voorzitter, second, &error));
  g_assert_no_error (error);

  summary_of (f, voorzitter, &after);
  g_assert_cmpint (after.spent_cents, ==, 25001);
  g_assert_cmpint (after.committed_cents, ==, 0);
  g_assert_cmpint (after.purpose_cents[2], ==, 5001);
  g_assert_cmpint (g_array_index (after.cases, CtBudgetCaseTotal, 0).spent_cents, ==, 25001);

  /* Below the ceiling there is nothing to co-sign. */
  g_assert_false (ct_budget_cosign (voorzitter, first, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* And twice is once too many. */
  g_assert_false (ct_budget_cosign (voorzitter, second, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
}

/* Nobody co-signs their own decision; a politie member or a regisseur
 * co-signs nothing; a beheerder may. */
static void
test_who_cosigns (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) voorzitter = unlock (f, "voorzitter");
  g_autoptr(CtCoreTestSession) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) tampered = NULL;
  gint64 id;

  id = add_expense (f, voorzitter, f->case2_id, "30000", "schulden", &error);
  g_assert_no_error (error);
  g_assert_false (ct_budget_cosign (voorzitter, id, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Co-signed by"));
  g_clear_error (&error);

  /* Not around the rule through a plain update either. */
  tampered = ct_session_get (voorzitter, "expenses", id, &error);
  g_assert_no_error (error);
  ct_record_set_int (tampered, "cosigned_by", ct_budget_get_member_id (voorzitter));
  g_assert_false (ct_session_update (voorzitter, tampered, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&voorzitter));

  other = unlock (f, "politie");
  g_assert_false (ct_budget_cosign (other, id, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&other));

  other = unlock (f, "regisseur");
  g_assert_false (ct_budget_cosign (other, id, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&other));

  other = unlock (f, "beheer");
  g_assert_true (ct_budget_cosign (other, id, &error));
  g_assert_no_error (error);
}

/* Sums are exact in cents; the remaining budget and the period's dates are
 * enforced with the field named. */
static void
test_totals (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(GError) error = NULL;
  g_auto(CtBudgetSummary) summary = { 0 };
  g_autoptr(CtRecord) late = ct_record_new ("expenses");
  g_autofree char *formatted = NULL;
  const char *amounts[] = { "1", "2", "3333", "1999", "10", "12345", "6789" };
  const char *purposes[] = { "zorg", "zorg", "kinderen", "werk_opleiding", "overig",
                             "levensonderhoud", "zorg" };
  gint64 total = 0, zorg = 0;

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      add_expense (f, regisseur, i % 2 ? f->case_id : f->case2_id, amounts[i], purposes[i],
                   &error);
      g_assert_no_error (error);
      total += g_ascii_strtoll (amounts[i], NULL, 10);
      if (g_str_equal (purposes[i], "zorg"))
        zorg += g_ascii_strtoll (amounts[i], NULL, 10);
    }

  summary_of (f, regisseur, &summary);
  g_assert_cmpint (summary.spent_cents + summary.committed_cents, ==, total);
  g_assert_cmpint (summary.committed_cents, ==, 0);
  g_assert_cmpint (summary.purpose_cents[3], ==, zorg);
  g_assert_cmpint (summary.remaining_cents, ==, 100000 - total);
  g_assert_cmpuint (summary.cases->len, ==, 2);
  g_assert_cmpint (g_array_index (summary.cases, CtBudgetCaseTotal, 0).spent_cents
                   + g_array_index (summary.cases, CtBudgetCaseTotal, 1).spent_cents, ==, total);

  /* More than remains: refused, naming the amount, nothing stored. */
  g_assert_cmpint (add_expense (f, regisseur, f->case_id, "99999", "wonen", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Amount: "));
  g_clear_error (&error);
  ct_budget_summary_clear (&summary);
  summary_of (f, regisseur, &summary);
  g_assert_cmpint (summary.spent_cents, ==, total);

  ct_record_set_int (late, "period_id", f->period_id);
  ct_record_set_int (late, "case_id", f->case_id);
  ct_record_set (late, "amount_cents", "100");
  ct_record_set (late, "purpose", "wonen");
  ct_record_set (late, "spent_on", "2027-01-02");
  ct_record_set (late, "justification", "x");
  g_assert_cmpint (ct_budget_add_expense (regisseur, late, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Date: "));

  formatted = ct_money_format (123456789, CT_MONEY_CENTS);
  g_assert_cmpstr (formatted, ==, "€ 1,234,567.89");
  g_clear_pointer (&formatted, g_free);
  formatted = ct_money_format (5, CT_MONEY_CENTS);
  g_assert_cmpstr (formatted, ==, "€ 0.05");
}

static char *
unzip_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "unzip", "-p", path, NULL };
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The finance workbook: pseudonyms, months, amounts; no name, BSN, street,
 * justification or period name; no part file left; logged as an export. */
static guint
count_rows (CtSession *session,
            const char *table)
{
  g_autoptr(GPtrArray) rows = ct_session_list (session, table, NULL, 0, NULL);

  g_assert_nonnull (rows);
  return rows->len;
}

static CtBudgetExpense *
line_of (CtBudgetSummary *summary,
         gint64           id)
{
  for (guint i = 0; i < summary->expenses->len; i++)
    {
      CtBudgetExpense *line = g_ptr_array_index (summary->expenses, i);

      if (ct_record_get_id (line->record) == id)
        return line;
    }
  g_assert_not_reached ();
}

/* An expense booked to the wrong case, or with the wrong amount, is
 * withdrawn or corrected with a reason by a counter-booking; the original
 * stays on record, the totals and the ceiling follow, and nobody without
 * the right can do it. */
static void
test_correction (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CtSession *regisseur = unlock (f, "regisseur");
  CtSession *session = NULL;
  g_auto(CtBudgetSummary) summary = { 0 };
  g_autoptr(CtRecord) reversal = NULL;
  gint64 wrong, later, corrected, withdrawal;
  CtBudgetExpense *line;

  wrong = add_expense (f, regisseur, f->case_id, "20000", "wonen", &error);
  g_assert_no_error (error);
  /* Above the ceiling of € 250 with the wrong one: awaits co-signature. */
  later = add_expense (f, regisseur, f->case_id, "10000", "vervoer", &error);
  g_assert_no_error (error);
  summary_of (f, regisseur, &summary);
  g_assert_true (line_of (&summary, later)->needs_cosign);
  g_assert_cmpint (summary.spent_cents, ==, 20000);
  g_assert_cmpint (summary.committed_cents, ==, 10000);
  ct_budget_summary_clear (&summary);

  /* A reason is required; a correction must change something. */
  g_assert_cmpint (ct_budget_withdraw_expense (regisseur, wrong, "  ", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Reason:"));
  g_clear_error (&error);
  g_assert_cmpint (ct_budget_correct_expense (regisseur, wrong, f->case_id, 20000, "Verkeerd",
                                              &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* More than the budget holds: refused on the amount, nothing withdrawn. */
  g_assert_cmpint (ct_budget_correct_expense (regisseur, wrong, f->case2_id, 5000000,
                                              "Verkeerd bedrag", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Amount:"));
  g_clear_error (&error);
  g_assert_cmpuint (count_rows (regisseur, "expenses"), ==, 2);
  ct_core_test_session_free (regisseur);

  /* The police did not decide it and are not the voorzitter. */
  session = unlock (f, "politie");
  g_assert_cmpint (ct_budget_withdraw_expense (session, wrong, "Weg ermee", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (session);

  /* Booked to the wrong case: corrected to the right one, € 150. */
  regisseur = unlock (f, "regisseur");
  corrected = ct_budget_correct_expense (regisseur, wrong, f->case2_id, 15000,
                                         "Geboekt op de verkeerde casus", &error);
  g_assert_no_error (error);
  g_assert_cmpint (corrected, >, 0);
  summary_of (f, regisseur, &summary);
  g_assert_cmpuint (summary.expenses->len, ==, 4);
  line = line_of (&summary, wrong);
  g_assert_true (line->withdrawn);
  g_assert_false (line->counted);
  g_assert_nonnull (line->reversal);
  withdrawal = ct_record_get_id (line->reversal);
  g_assert_cmpint (line_of (&summary, withdrawal)->reverses_id, ==, wrong);
  g_assert_cmpstr (ct_record_get (line->reversal, "justification"), ==,
                   "Geboekt op de verkeerde casus");
  /* The ceiling is reckoned without it: the later expense now counts. */
  g_assert_false (line_of (&summary, later)->needs_cosign);
  g_assert_true (line_of (&summary, later)->counted);
  g_assert_cmpint (summary.spent_cents, ==, 10000 + 15000);
  g_assert_cmpint (summary.committed_cents, ==, 0);
  g_assert_cmpint (summary.remaining_cents, ==, 100000 - 25000);
  ct_budget_summary_clear (&summary);

  /* Once is enough; a withdrawal is not withdrawn. */
  g_assert_cmpint (ct_budget_withdraw_expense (regisseur, wrong, "Nog eens", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_cmpint (ct_budget_withdraw_expense (regisseur, withdrawal, "Terug", &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (regisseur);

  /* The voorzitter withdraws the corrected one: nothing is left spent on
   * the second case, and every row is still there. */
  session = unlock (f, "voorzitter");
  withdrawal = ct_budget_withdraw_expense (session, corrected, "Toch niet uitgegeven", &error);
  g_assert_no_error (error);
  reversal = ct_session_get (session, "expenses", withdrawal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ct_record_get_int (reversal, "decided_by"), ==,
                   ct_budget_get_member_id (session));
  summary_of (f, session, &summary);
  g_assert_cmpuint (summary.expenses->len, ==, 5);
  g_assert_cmpint (summary.spent_cents, ==, 10000);
  for (guint i = 0; i < summary.cases->len; i++)
    if (g_array_index (summary.cases, CtBudgetCaseTotal, i).case_id == f->case2_id)
      g_assert_cmpint (g_array_index (summary.cases, CtBudgetCaseTotal, i).spent_cents, ==, 0);
  ct_core_test_session_free (session);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *xlsx = g_build_filename (f->team.dir, "financien.xlsx", NULL);
  g_autofree char *content = NULL;
  g_autofree char *pseudonym = NULL;
  const char *forbidden[] = { FIRST_NAME, "Amrani", BSN, STREET, "1211", "Bijzondere",
                              "Maatwerkbudget 2026", "2026-001", "Visser", "2026-03-14" };
  const char *name;
  guint n_files = 0;
  gboolean logged = FALSE;

  add_expense (f, regisseur, f->case_id, "12550", "wonen", &error);
  g_assert_no_error (error);
  add_expense (f, regisseur, f->case_id, "20000", "schulden", &error);
  g_assert_no_error (error);

  /* Never over the team file or into a folder. */
  g_assert_false (ct_budget_export_period (regisseur, f->period_id, f->team.path, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (ct_budget_export_period (regisseur, f->period_id, f->team.dir, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_true (ct_session_check_file (regisseur, &error));

  g_assert_true (ct_budget_export_period (regisseur, f->period_id, xlsx, &error));
  g_assert_no_error (error);

  content = unzip_all (xlsx);
  pseudonym = ct_pseudonym_for_case (regisseur, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match_simple ("^C-[0-9A-F]{10}$", pseudonym, 0, 0));
  g_assert_nonnull (strstr (content, pseudonym));
  g_assert_nonnull (strstr (content, "2026-03"));
  g_assert_nonnull (strstr (content, "125.5"));
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    g_assert_null (g_strstr_len (content, -1, forbidden[i]));

  dir = g_dir_open (f->team.dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_suffix (name, ".part"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);

  ct_core_test_session_free (g_steal_pointer (&regisseur));
  admin = unlock (f, "beheer");
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (entry->action == 'E' && g_strcmp0 (entry->object_table, "budget_periods") == 0)
        logged = TRUE;
    }
  g_assert_true (logged);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
}

/* A proposal: no member records a doorbraak as approved at once. */
static gint64
make_doorbraak (Fixture    *f,
                CtSession  *session,
                const char *situation)
{
  g_autoptr(CtRecord) d = ct_record_new ("doorbraken");

  ct_record_set_int (d, "case_id", f->case_id);
  ct_record_set (d, "situation", situation);
  ct_record_set (d, "goal", "Een eigen woning houden");
  ct_record_set (d, "blocked_rule", "Geen bijzondere bijstand bij schulden");
  ct_record_set (d, "blocked_article", "art. 35 Participatiewet");
  ct_record_set (d, "blocked_owner", "gemeente");
  ct_record_set (d, "alternative", "De huurachterstand direct betaald uit het maatwerkbudget.");
  ct_record_set (d, "mandate", "teammanager");
  ct_record_set (d, "legitimation", "Voorkomt een ontruiming die veel meer kost.");
  ct_record_set (d, "result", "Het gezin bleef in de woning.");
  ct_record_set (d, "cost_before_cents", "1234567");
  ct_record_set (d, "cost_after_cents", "98765");
  ct_record_set (d, "scope", "structureel");
  ct_record_set (d, "lesson", "Geef teams ruimte bij kleine bedragen.");
  ct_record_set (d, "status", "voorgesteld");
  ct_record_set (d, "reached_on", "2026-02-04");
  return ct_core_test_insert (session, d);
}

/* Approved by the voorzitter, in a session of their own. */
static void
approve (Fixture *f,
         gint64   doorbraak_id)
{
  g_autoptr(CtCoreTestSession) voorzitter = unlock (f, "voorzitter");
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_doorbraak_set_status (voorzitter, doorbraak_id, "goedgekeurd", &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char    *planted;
  CtFindingKind  kind;
} Planted;

/* The checker points at every planted identifier, in Markdown offsets, with
 * its kind and the field it came from. */
static void
test_share_checker (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;
  const Planted planted[] = {
    { "fatima", CT_FINDING_NAME },
    { "Amrani", CT_FINDING_NAME },
    { "111222333", CT_FINDING_BSN },
    { "1211AB", CT_FINDING_POSTCODE },
    { "1211 ab", CT_FINDING_POSTCODE },
    { "06 1234 5678", CT_FINDING_PHONE },
    { "F.ElAmrani@Voorbeeld.nl", CT_FINDING_EMAIL },
    { "lindenlaan 12a", CT_FINDING_STREET },
    { "Visser", CT_FINDING_NAME },  /* a member of the team */
  };
  GString *situation = g_string_new ("Moeder met drie kinderen");
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    g_string_append_printf (situation, ", woord %s staat hier", planted[i].planted);
  g_string_append (situation, ". In 2024 en 2025 liep de huur op tot 1250 euro.");
  id = make_doorbraak (f, regisseur, situation->str);
  g_string_free (situation, TRUE);
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  approve (f, id);
  regisseur = unlock (f, "regisseur");

  g_assert_false (ct_doorbraak_share_markdown (regisseur, id, &md, &findings, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (md);
  g_assert_nonnull (findings);
  for (guint i = 0; i < findings->len; i++)
    {
      CtFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *words = g_strndup (md + finding->offset, finding->length);

      g_test_message ("finding %u: %s %s '%s'", i, finding->field,
                      ct_finding_kind_to_string (finding->kind), words);
    }
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (planted));
  for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
    {
      CtFinding *finding = g_ptr_array_index (findings, i);

      g_assert_cmpint (finding->kind, ==, planted[i].kind);
      g_assert_cmpstr (finding->field, ==, "situation");
      g_assert_cmpuint (finding->length, ==, strlen (planted[i].planted));
      g_assert_cmpint (g_ascii_strncasecmp (md + finding->offset, planted[i].planted,
                                            finding->length), ==, 0);
    }

  /* Refused to mark as shared while any remain. */
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_mark_shared (regisseur, id, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

/* A name that is also an ordinary word counts only where it is written as
 * a name: "meer" is the word, "Meer" may be Mrs van der Meer. A name that
 * is no ordinary word counts in any case. */
static void
test_share_checker_words (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) named = NULL;
  const char *text = "Na meer dan drie maanden zag mevrouw Meer de roos bloeien; fatima belde.";
  g_autoptr(CtRecord) kase = ct_session_get (regisseur, "cases", f->case_id, &error);

  g_assert_no_error (error);
  ct_record_set_int (person, "household_id", ct_record_get_int (kase, "household_id"));
  ct_record_set (person, "first_name", "Roos");
  ct_record_set (person, "last_name", "van der Meer");
  ct_core_test_insert (regisseur, person);

  g_assert_true (ct_doorbraak_check_text (regisseur, "Het kostte meer dan de roos waard was.",
                                          &clean, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clean->len, ==, 0);

  g_assert_true (ct_doorbraak_check_text (regisseur, text, &named, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (named->len, ==, 2);  /* "Meer" and "fatima" */
  g_assert_cmpint (strncmp (text + ((CtFinding *) named->pdata[0])->offset, "Meer ", 5), ==, 0);
  g_assert_cmpint (strncmp (text + ((CtFinding *) named->pdata[1])->offset, "fatima", 6), ==, 0);
}

/* A clean example passes, carries the rounded figures and the days from
 * referral, and moves to "gedeeld" with an export in the log. A member
 * without identity access cannot run the check; a proposal cannot be
 * shared. */
static void
test_share_clean (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtCoreTestSession) voorzitter = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(CtRecord) d = NULL;
  g_autofree char *md = NULL;
  gint64 id, proposal;
  gboolean logged = FALSE;

  id = make_doorbraak (f, regisseur, "Moeder met drie kinderen dreigde haar woning kwijt te "
                       "raken in 2025.");
  proposal = make_doorbraak (f, regisseur, "Nog een voorstel.");

  g_assert_false (ct_doorbraak_share_markdown (regisseur, id, &md, &findings, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_set_status (regisseur, id, "goedgekeurd", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  voorzitter = unlock (f, "voorzitter");
  g_assert_false (ct_doorbraak_set_status (voorzitter, id, "uitgevoerd", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_no_error (error);
  /* The voorzitter reads no identity data, so cannot run the check. */
  g_assert_false (ct_doorbraak_share_markdown (voorzitter, id, &md, &findings, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_null (findings);
  g_assert_nonnull (strstr (error->message, "identity"));
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&voorzitter));

  admin = unlock (f, "beheer");
  g_assert_true (ct_doorbraak_share_markdown (admin, id, &md, &findings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_true (g_str_has_prefix (md, "# Breakthrough: Geen bijzondere bijstand"));
  g_assert_nonnull (strstr (md, "€ 12,300"));   /* 12 345.67 rounded */
  g_assert_nonnull (strstr (md, "€ 1,000"));    /* 987.65 rounded */
  g_assert_nonnull (strstr (md, "Days from referral to breakthrough: 30"));
  g_assert_nonnull (strstr (md, "structural"));
  g_assert_nonnull (strstr (md, "art. 35 Participatiewet"));
  g_assert_null (strstr (md, "2026-001"));

  g_assert_true (ct_doorbraak_mark_shared (admin, id, md, &error));
  g_assert_no_error (error);
  d = ct_session_get (admin, "doorbraken", id, &error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, "gedeeld");
  g_assert_false (ct_doorbraak_mark_shared (admin, proposal, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (entry->action == 'E' && g_strcmp0 (entry->object_table, "doorbraken") == 0
          && entry->object_id == id)
        logged = TRUE;
    }
  g_assert_true (logged);
}

/* Read by the beheerder, the one who may; no other session may be open. */
static gboolean
log_has (Fixture    *f,
         gint64      doorbraak_id,
         const char *purpose)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f, "beheer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (admin, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (g_strcmp0 (entry->object_table, "doorbraken") == 0 && entry->object_id == doorbraak_id
          && g_strcmp0 (entry->purpose, purpose) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
assert_doorbraak_status (CtSession  *session,
                         gint64      id,
                         const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) d = ct_session_get (session, "doorbraken", id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (d, "status"), ==, status);
}

/* A name the checker flags can be marked as identifying no one, word by
 * word, each with its own reason in the access log: marking one leaves the
 * others flagged; only a name flagged now, never a BSN; a role without
 * identity access (the voorzitter's) cannot mark. */
static void
test_share_not_identifying (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtCoreTestSession) voorzitter = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *md = NULL;
  g_autofree char *with_bsn = NULL;
  g_auto(GStrv) marked = NULL;
  const char *meer[] = { "meer", NULL };
  gint64 id;
  gint64 other;

  kase = ct_session_get (regisseur, "cases", f->case_id, &error);
  ct_record_set_int (person, "household_id", ct_record_get_int (kase, "household_id"));
  ct_record_set (person, "first_name", "Roos");
  ct_record_set (person, "last_name", "van der Meer");
  ct_core_test_insert (regisseur, person);
  id = make_doorbraak (f, regisseur, "Meer dan drie maanden achterstand. Roos-regeling hielp.");
  other = make_doorbraak (f, regisseur, "Meer dan een jaar wachten.");
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  approve (f, id);
  approve (f, other);
  regisseur = unlock (f, "regisseur");

  g_assert_false (ct_doorbraak_share_markdown (regisseur, id, &md, &findings, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_cmpuint (ct_doorbraak_drop_not_identifying (md, findings, meer), ==, 1);
  g_assert_cmpuint (findings->len, ==, 1);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Bad input names the field and marks nothing. */
  g_assert_false (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, "Meer", " \t", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Reason: "));
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, "", "Gewoon", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Word: "));
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, "Meer; Roos", "Gewoon",
                                                     &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* Not flagged in this example: nothing to mark. */
  g_assert_false (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, "achterstand", "Gewoon",
                                                     &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Word: "));
  g_clear_error (&error);
  /* A BSN of the household is never "not identifying". */
  with_bsn = g_strconcat (md, "\nBSN 111222333\n", NULL);
  g_assert_false (ct_doorbraak_mark_not_identifying (regisseur, id, with_bsn, "111222333",
                                                     "Verzonnen nummer", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* The voorzitter reads no identity data, so cannot run the check or mark. */
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  voorzitter = unlock (f, "voorzitter");
  g_assert_false (ct_doorbraak_mark_not_identifying (voorzitter, id, NULL, "Meer", "Gewoon",
                                                     &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&voorzitter));
  regisseur = unlock (f, "regisseur");
  marked = ct_doorbraak_list_not_identifying (regisseur, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (marked), ==, 0);
  g_clear_pointer (&marked, g_strfreev);

  /* One word marked: the other stays flagged and sharing is refused. */
  g_assert_true (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, " meer ",
                                                    " Gewoon woord ", &error));
  g_assert_no_error (error);
  g_clear_pointer (&md, g_free);
  g_assert_false (ct_doorbraak_share_markdown (regisseur, id, &md, &findings, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpuint (((CtFinding *) g_ptr_array_index (findings, 0))->kind, ==, CT_FINDING_NAME);
  g_assert_true (g_str_has_prefix (md + ((CtFinding *) g_ptr_array_index (findings, 0))->offset,
                                   "Roos"));
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_assert_false (ct_doorbraak_mark_shared (regisseur, id, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  assert_doorbraak_status (regisseur, id, "goedgekeurd");
  /* The mark is this breakthrough's: the other example still flags "Meer". */
  g_assert_true (ct_doorbraak_check_example (regisseur, other, "Meer dan een jaar.", &findings,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 1);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* The second word with its own reason: now the example is clean. */
  g_assert_true (ct_doorbraak_mark_not_identifying (regisseur, id, NULL, "Roos",
                                                    "Naam van een regeling", &error));
  g_assert_no_error (error);
  marked = ct_doorbraak_list_not_identifying (regisseur, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (marked), ==, 2);
  g_assert_cmpstr (marked[0], ==, "meer");
  g_assert_cmpstr (marked[1], ==, "Roos");
  /* An edited text with the BSN is still refused. */
  g_assert_false (ct_doorbraak_mark_shared (regisseur, id, with_bsn, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_true (ct_doorbraak_mark_shared (regisseur, id, NULL, &error));
  g_assert_no_error (error);
  assert_doorbraak_status (regisseur, id, "gedeeld");
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  g_assert_true (log_has (f, id, "shared example"));
  g_assert_true (log_has (f, id, "not identifying; meer; Gewoon woord"));
  g_assert_true (log_has (f, id, "not identifying; Roos; Naam van een regeling"));
  g_assert_false (log_has (f, other, "not identifying; meer; Gewoon woord"));
}

/* An approval is withdrawn later only by the voorzitter or a beheerder,
 * with a reason in the log, and only while nothing was done with it. */
static void
test_withdraw_approval (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (f, "regisseur");
  g_autoptr(CtCoreTestSession) voorzitter = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = make_doorbraak (f, regisseur, "Een gezin met schulden.");

  g_assert_false (ct_doorbraak_withdraw_approval (regisseur, id, "Nog niet goedgekeurd", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Status: "));
  g_clear_error (&error);
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  approve (f, id);

  regisseur = unlock (f, "regisseur");
  g_assert_false (ct_doorbraak_withdraw_approval (regisseur, id, "Ik wil het niet", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  assert_doorbraak_status (regisseur, id, "goedgekeurd");
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  voorzitter = unlock (f, "voorzitter");
  g_assert_false (ct_doorbraak_withdraw_approval (voorzitter, id, "", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Reason: "));
  g_clear_error (&error);
  g_assert_false (ct_doorbraak_withdraw_approval (voorzitter, id, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  assert_doorbraak_status (voorzitter, id, "goedgekeurd");

  g_assert_true (ct_doorbraak_withdraw_approval (voorzitter, id, "Mandaat ontbrak", &error));
  g_assert_no_error (error);
  assert_doorbraak_status (voorzitter, id, "voorgesteld");
  ct_core_test_session_free (g_steal_pointer (&voorzitter));
  g_assert_true (log_has (f, id, "withdraw approval; Mandaat ontbrak"));
  voorzitter = unlock (f, "voorzitter");

  /* Carried out: too late. */
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "goedgekeurd", &error));
  g_assert_true (ct_doorbraak_set_status (voorzitter, id, "uitgevoerd", &error));
  g_assert_no_error (error);
  g_assert_false (ct_doorbraak_withdraw_approval (voorzitter, id, "Toch niet", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  assert_doorbraak_status (voorzitter, id, "uitgevoerd");
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/budget/ceiling", test_ceiling);
  ADD ("/budget/who-cosigns", test_who_cosigns);
  ADD ("/budget/totals", test_totals);
  ADD ("/budget/correction", test_correction);
  ADD ("/budget/export", test_export);
  ADD ("/doorbraak/share-checker", test_share_checker);
  ADD ("/doorbraak/share-checker-words", test_share_checker_words);
  ADD ("/doorbraak/share-clean", test_share_clean);
  ADD ("/doorbraak/share-not-identifying", test_share_not_identifying);
  ADD ("/doorbraak/withdraw-approval", test_withdraw_approval);
#undef ADD

  return g_test_run ();
}
