/* ct-data-test-util.c — the team and the household of test-data and
 * test-data-reads
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The writes (test-data) and the bulk reads (test-data-reads) run on the
 * same team, a beheerder, a regisseur, a police member and a GGZ member,
 * with need-to-know off, and on the same household of one person. */

#include "config.h"

#include "ct-data-test-util.h"

/**
 * ct_data_test_team_set_up:
 * @team: the team to make
 * @data: unused (a #GTestFixtureFunc)
 *
 * Makes "Team Data": the beheerder "beheer" and the members "regisseur",
 * "politie" and "ggz" in their roles, all with %CT_DATA_TEST_PASS, and
 * categories for every household (involvement is test-involvement's).
 */
void
ct_data_test_team_set_up (CtCoreTestTeam *team,
                          gconstpointer   data)
{
  CtVaultCreateInfo info = { "Team Data", "beheer", "Beheerder", CT_ROLE_VOORZITTER, TRUE,
                             CT_DATA_TEST_PASS };
  static const CtCoreTestMember members[] = {
    { "regisseur", "regisseur", CT_ROLE_REGISSEUR },
    { "politie", "politie", CT_ROLE_POLITIE },
    { "ggz", "ggz", CT_ROLE_GGZ },
    { NULL },
  };

  ct_core_test_team_create (team, "ct-data-XXXXXX", &info);
  ct_core_test_enrol_members (team->path, "beheer", CT_DATA_TEST_PASS, members);
  ct_core_test_need_to_know_off (team->path, "beheer", CT_DATA_TEST_PASS);
}

/**
 * ct_data_test_team_tear_down:
 * @team: the team ct_data_test_team_set_up() made
 * @data: unused (a #GTestFixtureFunc)
 */
void
ct_data_test_team_tear_down (CtCoreTestTeam *team,
                             gconstpointer   data)
{
  ct_core_test_team_clear (team);
}

/* Unlocks the team file at @path as @login, who has %CT_DATA_TEST_PASS. */
CtSession *
ct_data_test_unlock (const char *path,
                     const char *login)
{
  return ct_core_test_unlock (path, login, CT_DATA_TEST_PASS);
}

/**
 * ct_data_test_make_household:
 * @regisseur: a session of the regisseur
 * @household_id: (out): the household's id
 * @person_id: (out): its person's id
 *
 * A household with health, justice and finance facts, and one person,
 * %CT_DATA_TEST_FIRST_NAME Bakker with %CT_DATA_TEST_BSN, made by the
 * regisseur.
 */
void
ct_data_test_make_household (CtSession *regisseur,
                             gint64    *household_id,
                             gint64    *person_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");

  ct_record_set (household, "area", "Centrum");
  ct_record_set (household, "health_mental", CT_DATA_TEST_HEALTH_TEXT);
  ct_record_set (household, "justice_info", "Melding huiselijk geweld 2025");
  ct_record_set (household, "debts_cents", "1250000");
  *household_id = ct_session_insert (regisseur, household, &error);
  g_assert_no_error (error);
  g_assert_cmpint (*household_id, >, 0);

  ct_record_set_int (person, "household_id", *household_id);
  ct_record_set (person, "first_name", CT_DATA_TEST_FIRST_NAME);
  ct_record_set (person, "last_name", "Bakker");
  ct_record_set (person, "bsn", CT_DATA_TEST_BSN);
  ct_record_set (person, "postcode", "1211ab");
  ct_record_set (person, "birth_date", "1984-02-29");
  *person_id = ct_session_insert (regisseur, person, &error);
  g_assert_no_error (error);
  /* Normalised on the way in. */
  g_assert_cmpstr (ct_record_get (person, "postcode"), ==, "1211 AB");
}
