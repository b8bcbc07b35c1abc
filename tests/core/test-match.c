/* test-match.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One household, one plan: a new referral finds the household that
 * already holds its person (same BSN, same date of birth and surname, or
 * same postcode and house number) only among what the member may read,
 * and a case within twelve months of the household's previous one is a
 * repeat. */

#include "config.h"

#include "ct-core-test-util.h"

#define PASS       "geheim geheim"
#define BSN        "111222333"
#define OTHER_BSN  "123456782"

typedef struct
{
  CtCoreTestTeam team;
  gint64         amrani;   /* household */
  gint64         visser;   /* household */
  gint64         amrani_cases[2];
  gint64         visser_case;
} Fixture;

static gint64
add_case (CtSession  *session,
          gint64      household_id,
          const char *number,
          const char *date)
{
  g_autoptr(CtRecord) c = ct_record_new ("cases");

  ct_record_set_int (c, "household_id", household_id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", date);
  ct_record_set (c, "status", "aangemeld");
  return ct_core_test_insert (session, c);
}

static gint64
add_household (CtSession  *session,
               const char *first,
               const char *last,
               const char *bsn,
               const char *birth,
               const char *postcode,
               const char *number)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  gint64 id = ct_core_test_insert (session, household);

  ct_record_set_int (person, "household_id", id);
  ct_record_set (person, "first_name", first);
  ct_record_set (person, "last_name", last);
  ct_record_set (person, "bsn", bsn);
  ct_record_set (person, "birth_date", birth);
  ct_record_set (person, "postcode", postcode);
  ct_record_set (person, "house_number", number);
  ct_core_test_insert (session, person);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  CtVaultCreateInfo info = { "Team Match", "regisseur", "Sanne Visser", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  static const CtCoreTestMember members[] = {
    { "voorzitter", "Marloes Kramer", CT_ROLE_VOORZITTER },
    { NULL },
  };
  CtSession *session;

  ct_core_test_team_create (&f->team, "ct-match-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "regisseur", PASS, members);
  /* What a match finds among every household, not involvement. */
  ct_core_test_need_to_know_off (f->team.path, "regisseur", PASS);
  session = ct_core_test_unlock (f->team.path, "regisseur", PASS);
  f->amrani = add_household (session, "Fatima", "El Amrani", BSN, "1980-03-04", "1234AB", "12");
  f->amrani_cases[0] = add_case (session, f->amrani, "2025-0001", "2025-03-01");
  f->amrani_cases[1] = add_case (session, f->amrani, "2025-0007", "2025-09-01");
  f->visser = add_household (session, "Johan", "Visser", NULL, "1975-05-05", "9999 ZZ", "1");
  f->visser_case = add_case (session, f->visser, "2024-0003", "2024-06-01");
  ct_core_test_session_free (session);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  ct_core_test_team_clear (&f->team);
}

/* The households @login finds for a referral of this person. */
static GPtrArray *
find (Fixture    *f,
      const char *login,
      const char *bsn,
      const char *last_name,
      const char *birth,
      const char *postcode,
      const char *number)
{
  CtSession *session = ct_core_test_unlock (f->team.path, login, PASS);
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  ct_record_set (person, "first_name", "Iemand");
  ct_record_set (person, "last_name", last_name);
  ct_record_set (person, "bsn", bsn);
  ct_record_set (person, "birth_date", birth);
  ct_record_set (person, "postcode", postcode);
  ct_record_set (person, "house_number", number);
  found = ct_session_find_households (session, person, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  ct_core_test_session_free (session);
  return found;
}

static CtHouseholdMatch *
only (GPtrArray *found)
{
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static void
test_bsn (Fixture       *f,
          gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) found = find (f, "regisseur", BSN, "Jansen", NULL, NULL, NULL);
  CtHouseholdMatch *m = only (found);

  g_assert_cmpint (m->household_id, ==, f->amrani);
  g_assert_cmpint (m->reasons, ==, CT_MATCH_BSN);
  /* The latest case, for the repeat. */
  g_assert_cmpstr (m->last_number, ==, "2025-0007");
  g_assert_cmpstr (m->last_referral, ==, "2025-09-01");
  g_ptr_array_unref (found);

  /* Another BSN, nothing else: no household. */
  found = find (f, "regisseur", OTHER_BSN, "El Amrani", NULL, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_birth_name (Fixture       *f,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) found = NULL;
  CtHouseholdMatch *m;

  /* Case and spaces do not matter. */
  found = find (f, "regisseur", NULL, "el  amrani", "1980-03-04", NULL, NULL);
  m = only (found);
  g_assert_cmpint (m->household_id, ==, f->amrani);
  g_assert_cmpint (m->reasons, ==, CT_MATCH_BIRTH_NAME);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Half of the pair is no match: a surname, or a date, alone. */
  found = find (f, "regisseur", NULL, "El Amrani", NULL, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (f, "regisseur", NULL, "El Amrani", "1980-03-05", NULL, NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (f, "regisseur", NULL, "Jansen", "1980-03-04", NULL, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_address (Fixture       *f,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) found = NULL;
  CtHouseholdMatch *m;

  found = find (f, "regisseur", NULL, "Jansen", NULL, "1234 ab", "12");
  m = only (found);
  g_assert_cmpint (m->household_id, ==, f->amrani);
  g_assert_cmpint (m->reasons, ==, CT_MATCH_ADDRESS);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Another house number, or a postcode without one: none. */
  found = find (f, "regisseur", NULL, "Jansen", NULL, "1234AB", "12a");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (f, "regisseur", NULL, "Jansen", NULL, "1234AB", NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Everything at once: one household, every reason; a second household
   * by its address, the latest case first. */
  found = find (f, "regisseur", BSN, "El Amrani", "1980-03-04", "1234AB", "12");
  m = only (found);
  g_assert_cmpint (m->reasons, ==, CT_MATCH_BSN | CT_MATCH_BIRTH_NAME | CT_MATCH_ADDRESS);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = find (f, "regisseur", BSN, "Jansen", NULL, "9999ZZ", "1");
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpint (((CtHouseholdMatch *) g_ptr_array_index (found, 0))->household_id, ==,
                   f->amrani);
  g_assert_cmpint (((CtHouseholdMatch *) g_ptr_array_index (found, 1))->household_id, ==,
                   f->visser);
  g_assert_cmpstr (((CtHouseholdMatch *) g_ptr_array_index (found, 1))->last_number, ==,
                   "2024-0003");
}

/* A member who may not read identity is told of no household, not even
 * that one exists, however exact the referral. */
static void
test_not_readable (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) found = find (f, "voorzitter", BSN, "El Amrani", "1980-03-04",
                                     "1234AB", "12");

  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_is_repeat (void)
{
  g_assert_true (ct_referral_is_repeat ("2025-09-01", "2025-09-01"));
  g_assert_true (ct_referral_is_repeat ("2025-09-01", "2026-02-01"));
  g_assert_true (ct_referral_is_repeat ("2025-09-01", "2026-09-01"));
  g_assert_false (ct_referral_is_repeat ("2025-09-01", "2026-09-02"));
  g_assert_false (ct_referral_is_repeat ("2025-09-01", "2025-08-31"));
  g_assert_true (ct_referral_is_repeat ("2024-02-29", "2025-02-28"));
  g_assert_false (ct_referral_is_repeat ("2024-02-29", "2025-03-01"));
  g_assert_false (ct_referral_is_repeat (NULL, "2025-03-01"));
  g_assert_false (ct_referral_is_repeat ("2025-03-01", NULL));
  g_assert_false (ct_referral_is_repeat ("gisteren", "2025-03-01"));
}

static void
test_repeat_of (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  CtSession *session = ct_core_test_unlock (f->team.path, "regisseur", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) repeat_of = NULL;
  gint64 new_case = add_case (session, f->amrani, "2026-0002", "2026-02-01");
  gint64 late_case = add_case (session, f->visser, "2026-0003", "2026-02-01");
  const struct { gint64 id; const char *repeats; } cases[] = {
    { new_case, "2025-0007" },
    { f->amrani_cases[1], "2025-0001" },
    { f->amrani_cases[0], NULL },
    { f->visser_case, NULL },
    { late_case, NULL },     /* twenty months after the previous one */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CtRecord) c = ct_session_get (session, "cases", cases[i].id, &error);

      g_assert_no_error (error);
      repeat_of = ct_session_get_repeat_of (session, c, &error);
      g_assert_no_error (error);
      if (cases[i].repeats == NULL)
        g_assert_null (repeat_of);
      else
        g_assert_cmpstr (ct_record_get (repeat_of, "number"), ==, cases[i].repeats);
      g_clear_pointer (&repeat_of, ct_record_unref);
    }
  ct_core_test_session_free (session);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/match/is-repeat", test_is_repeat);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/match/bsn", test_bsn);
  ADD ("/match/birth-name", test_birth_name);
  ADD ("/match/address", test_address);
  ADD ("/match/not-readable", test_not_readable);
  ADD ("/match/repeat-of", test_repeat_of);
#undef ADD
  return g_test_run ();
}
