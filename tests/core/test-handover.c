/* test-handover.c — who may hand a case to another regisseur
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A case's regisseur reads its household's log and adds members to it, so
 * changing `cases.regisseur` is for a beheerder or the case's director as
 * stored, and the new director holds the regisseur role by the verified
 * team chain. A member who may only write the case (politie, involved
 * through an action) cannot give it away; a refused handover stores
 * nothing and logs no write. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"

#define PASS "geheim geheim"

enum { A, B, N_HOUSEHOLDS };

typedef struct
{
  CtCoreTestTeam team;
  gint64         household[N_HOUSEHOLDS];
  gint64         kase[N_HOUSEHOLDS];
} Fixture;

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "andere", "Anton Ander", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Regie", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_core_test_team_create (&f->team, "ct-handover-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, members);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  for (guint i = 0; i < N_HOUSEHOLDS; i++)
    {
      g_autoptr(CtRecord) household = ct_record_new ("households");
      g_autoptr(CtRecord) person = ct_record_new ("persons");
      g_autoptr(CtRecord) kase = ct_record_new ("cases");
      gint64 person_id;

      ct_record_set (household, "area", "Noord");
      ct_record_set (person, "last_name", i == A ? "Qvanderzandt" : "Xoppelaar");
      ct_record_set (kase, "question", "Algemene vraag");
      f->household[i] = ct_core_test_add_household (admin, household, person, kase, i + 1,
                                                    ct_core_test_member_id (admin,
                                                                            i == A ? "regie"
                                                                                   : "andere"),
                                                    &person_id, &f->kase[i]);
    }
  /* politie is involved in A through an action, and may write its case. */
  ct_record_set_int (action, "household_id", f->household[A]);
  ct_record_set (action, "what", "Huisbezoek");
  ct_record_set (action, "status", "open");
  ct_record_set_int (action, "responsible", ct_core_test_member_id (admin, "politie"));
  ct_core_test_insert (admin, action);
  g_assert_true (ct_session_get_need_to_know (admin));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

/* @login sets the regisseur of household @h's case to @to; the error, if
 * any, is returned. */
static GError *
hand_over (Fixture    *f,
           const char *login,
           guint       h,
           const char *to)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, login, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) kase = ct_session_get (s, "cases", f->kase[h], &error);

  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", ct_core_test_member_id (s, to));
  if (ct_session_update (s, kase, &error))
    g_assert_no_error (error);
  else
    g_assert_nonnull (error);
  return g_steal_pointer (&error);
}

static gint64
stored_regisseur (Fixture *f,
                  guint    h)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autofree char *sql = g_strdup_printf ("SELECT regisseur FROM cases WHERE id = %"
                                          G_GINT64_FORMAT, f->kase[h]);

  return ct_core_test_query_int (s->db, sql);
}

static gint64
member (Fixture    *f,
        const char *login)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);

  return ct_core_test_member_id (s, login);
}

/* Whether @login reads household @h whole and may read its log. */
static gboolean
directs (Fixture    *f,
         const char *login,
         guint       h)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, login, PASS);
  gboolean involved = ct_session_is_involved (s, f->household[h], NULL);

  g_assert_cmpint (ct_session_may_read_household_log (s, f->household[h]), ==, involved);
  return involved;
}

static void
assert_refused (GError *error)
{
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  /* The field's label leads the message (English under LANGUAGE=C). */
  g_assert_true (g_str_has_prefix (error->message, "Case director: ")
                 || g_str_has_prefix (error->message, "Regisseur: "));
}

/* The probe: politie, involved in A through an action, gives A's case to
 * andere. Refused, stored nothing, logged no write; andere gets nothing. */
static void
test_writer_refused (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  gint64 mark = ct_core_test_last_entry (admin);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) police = NULL;
  g_autoptr(CtRecord) kase = NULL;
  g_autofree char *since = NULL;

  g_clear_pointer (&admin, ct_core_test_session_free);
  g_assert_false (directs (f, "andere", A));
  error = hand_over (f, "politie", A, "andere");
  assert_refused (error);
  g_assert_cmpint (stored_regisseur (f, A), ==, member (f, "regie"));
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  since = ct_core_test_log_since (admin, mark);
  g_assert_null (strstr (since, "U cases"));
  g_clear_pointer (&admin, ct_core_test_session_free);
  g_assert_false (directs (f, "andere", A));
  g_assert_true (directs (f, "regie", A));

  /* Nor is it offered, while a general field stays politie's to write. */
  police = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_clear_error (&error);
  kase = ct_session_get (police, "cases", f->kase[A], &error);
  g_assert_no_error (error);
  g_assert_false (ct_session_may_hand_over (police, kase));
  g_assert_true (ct_session_may_hand_over (police, NULL));
  ct_record_set (kase, "summary", "Besproken");
  g_assert_true (ct_session_update (police, kase, &error));
  g_assert_no_error (error);
}

/* The case's director hands it over; then a beheerder hands it back. */
static void
test_director_and_beheerder (Fixture      *f,
                             gconstpointer data)
{
  GError *error;

  {
    g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
    g_autoptr(CtRecord) kase = ct_session_get (s, "cases", f->kase[A], NULL);

    g_assert_true (ct_session_may_hand_over (s, kase));
  }
  error = hand_over (f, "regie", A, "andere");
  g_assert_no_error (error);
  g_assert_cmpint (stored_regisseur (f, A), ==, member (f, "andere"));
  g_assert_true (directs (f, "andere", A));
  g_assert_false (directs (f, "regie", A));

  /* regie no longer directs it, so cannot take it back. */
  error = hand_over (f, "regie", A, "regie");
  assert_refused (error);
  g_clear_error (&error);
  g_assert_cmpint (stored_regisseur (f, A), ==, member (f, "andere"));

  error = hand_over (f, "beheer", A, "regie");
  g_assert_no_error (error);
  g_assert_cmpint (stored_regisseur (f, A), ==, member (f, "regie"));
  g_assert_true (directs (f, "regie", A));
}

/* Only a member with the regisseur role by the chain directs a case, even
 * when the case's own director or a beheerder names another. */
static void
test_target_role (Fixture      *f,
                  gconstpointer data)
{
  GError *error = hand_over (f, "regie", A, "ggz");

  assert_refused (error);
  g_clear_error (&error);
  error = hand_over (f, "beheer", A, "politie");
  assert_refused (error);
  g_clear_error (&error);
  g_assert_cmpint (stored_regisseur (f, A), ==, member (f, "regie"));
  g_assert_false (directs (f, "ggz", A));
}

/* A new case names a regisseur by the chain too. */
static void
test_insert (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  g_autoptr(GError) error = NULL;

  ct_record_set_int (kase, "household_id", f->household[A]);
  ct_record_set (kase, "number", "2026-009");
  ct_record_set (kase, "referral_date", "2026-01-05");
  ct_record_set (kase, "status", "in_uitvoering");
  ct_record_set_int (kase, "regisseur", ct_core_test_member_id (s, "politie"));
  g_assert_cmpint (ct_session_insert (s, kase, &error), ==, 0);
  assert_refused (error);
  g_clear_error (&error);
  ct_record_set_int (kase, "regisseur", ct_core_test_member_id (s, "andere"));
  g_assert_cmpint (ct_session_insert (s, kase, &error), >, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/handover/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("writer-refused", test_writer_refused);
  ADD ("director-and-beheerder", test_director_and_beheerder);
  ADD ("target-role", test_target_role);
  ADD ("insert", test_insert);
#undef ADD
  return g_test_run ();
}
