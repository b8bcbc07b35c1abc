/* test-involvement.c — need-to-know per household, and "Look anyway"
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* With need-to-know on, a member sees a household they are not involved
 * in without its persons, their identity, any category's values, actions
 * or consents, through every read path; involvement comes from being the
 * regisseur, responsible for an action, or at a recent meeting with the
 * household on the agenda (the voorzitter: any agenda). Writes outside it
 * are refused. The switch is a signed statement of a beheerder and is
 * logged; "Look anyway" opens one household for the session, is logged
 * with its reason and is shown to the regisseur. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-match.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"

#define PASS "geheim geheim"

enum { A, B, N_HOUSEHOLDS };

typedef struct
{
  CtCoreTestTeam team;
  gint64         household[N_HOUSEHOLDS];
  gint64         person[N_HOUSEHOLDS];
  gint64         kase[N_HOUSEHOLDS];
} Fixture;

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "andere", "Anton Ander", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { "voorzitter", "Victor Voor", CT_ROLE_VOORZITTER },
  { NULL }
};

static const char * const surnames[] = { "Qvanderzandt", "Xoppelaar" };
static const char * const bsns[] = { "111222333", "123456782" };

static char *
day_from_today (int days)
{
  GDate date;

  ct_clock_get_today (&date);
  if (days < 0)
    g_date_subtract_days (&date, (guint) -days);
  else
    g_date_add_days (&date, (guint) days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* A meeting @days from today with @kase on its agenda and @login present. */
static void
add_meeting (CtSession  *admin,
             int         days,
             gint64      kase,
             const char *login)
{
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  g_autoptr(CtRecord) attendee = ct_record_new ("attendees");
  g_autoptr(CtRecord) item = ct_record_new ("agenda_items");
  g_autofree char *held = day_from_today (days);
  gint64 id;

  ct_record_set (meeting, "held_on", held);
  ct_record_set (meeting, "status", "gesloten");
  id = ct_core_test_insert (admin, meeting);
  ct_record_set_int (attendee, "meeting_id", id);
  ct_record_set_int (attendee, "member", ct_core_test_member_id (admin, login));
  ct_core_test_insert (admin, attendee);
  ct_record_set_int (item, "meeting_id", id);
  ct_record_set_int (item, "case_id", kase);
  ct_record_set (item, "status", "besproken");
  ct_core_test_insert (admin, item);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Nodig", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(GError) error = NULL;

  ct_core_test_team_create (&f->team, "ct-involvement-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, members);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  for (guint i = 0; i < N_HOUSEHOLDS; i++)
    {
      g_autoptr(CtRecord) household = ct_record_new ("households");
      g_autoptr(CtRecord) person = ct_record_new ("persons");
      g_autoptr(CtRecord) kase = ct_record_new ("cases");
      gint64 regisseur = ct_core_test_member_id (admin, i == A ? "regie" : "andere");

      ct_record_set (household, "area", "Noord");
      ct_record_set (household, "justice_info", "Canary justitie");
      ct_record_set (household, "health_mental", "Canary gezondheid");
      ct_record_set (person, "last_name", surnames[i]);
      ct_record_set (person, "bsn", bsns[i]);
      ct_record_set (kase, "question", "Algemene vraag");
      ct_record_set (kase, "question_justice", "Canary vraag");
      f->household[i] = ct_core_test_add_household (admin, household, person, kase, i + 1,
                                                    regisseur, &f->person[i], &f->kase[i]);
    }

  /* politie: an action in A; ggz: a meeting on B three days ago, and one
   * on A a month ago, past the window. */
  ct_record_set_int (action, "household_id", f->household[A]);
  ct_record_set (action, "what", "Huisbezoek");
  ct_record_set (action, "status", "open");
  ct_record_set_int (action, "responsible", ct_core_test_member_id (admin, "politie"));
  ct_core_test_insert (admin, action);
  add_meeting (admin, -3, f->kase[B], "ggz");
  add_meeting (admin, -30, f->kase[A], "ggz");

  /* A new team starts with it on; saying so again is allowed. */
  g_assert_true (ct_session_get_need_to_know (admin));
  g_assert_true (ct_session_set_need_to_know (admin, TRUE, 14, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_get_need_to_know (admin));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

static gboolean
collect_row (const CtScanRow *row,
             gpointer         user_data,
             GError         **error)
{
  GString *seen = user_data;

  g_string_append_printf (seen, "%" G_GINT64_FORMAT ":%s;", row->id,
                          row->values[0] != NULL ? row->values[0] : "-");
  return TRUE;
}

static gboolean
list_has (GPtrArray *rows,
          gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    if (ct_record_get_id (g_ptr_array_index (rows, i)) == id)
      return TRUE;
  return FALSE;
}

/* Every read path shows @h whole when @involved, else limited. */
static void
assert_view (Fixture    *f,
             CtSession  *s,
             guint       h,
             gboolean    involved)
{
  static const char * const names[] = { "last_name", NULL };
  static const char * const justice[] = { "question_justice", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = ct_session_list (s, "persons", NULL, 0, &error);
  g_autoptr(GPtrArray) firsts = ct_session_list_first_fields (s, "persons", names, &error);
  g_autoptr(GPtrArray) actions = ct_session_list (s, "actions", "household_id",
                                                  f->household[h], &error);
  g_autoptr(CtRecord) household = ct_session_get (s, "households", f->household[h], &error);
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(CtRecord) person = NULL;
  g_autoptr(GString) scanned = g_string_new (NULL);
  g_autoptr(GString) cases = g_string_new (NULL);
  g_autoptr(CtRecord) probe = ct_record_new ("persons");
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *name_seen = g_strdup_printf ("%" G_GINT64_FORMAT ":%s;", f->person[h],
                                                surnames[h]);
  g_autofree char *justice_seen = g_strdup_printf ("%" G_GINT64_FORMAT ":Canary vraag;",
                                                   f->kase[h]);
  CtRole role = ct_session_get_role (s);

  g_assert_no_error (error);
  g_assert_cmpint (ct_session_is_involved (s, f->household[h], NULL), ==, involved);
  /* persons: lists, first-per-household list, scan, get, matching */
  g_assert_cmpint (list_has (persons, f->person[h]), ==, involved);
  g_assert_cmpint (list_has (firsts, f->person[h]), ==, involved);
  g_assert_true (ct_session_scan (s, "persons", names, collect_row, scanned, &error));
  g_assert_no_error (error);
  g_assert_cmpint (strstr (scanned->str, name_seen) != NULL, ==,
                   involved && ct_session_can_read (s, CT_CATEGORY_IDENTITY));
  if (!involved)
    {
      g_autofree char *id_seen = g_strdup_printf ("%" G_GINT64_FORMAT ":", f->person[h]);

      g_assert_null (strstr (scanned->str, id_seen));
    }
  person = ct_session_get (s, "persons", f->person[h], &error);
  if (involved)
    {
      g_assert_no_error (error);
      g_assert_nonnull (person);
    }
  else
    {
      g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
      g_assert_null (person);
      g_clear_error (&error);
    }
  ct_record_set (probe, "bsn", bsns[h]);
  matches = ct_session_find_households (s, probe, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < matches->len; i++)
    g_assert_true (involved || ((CtHouseholdMatch *) g_ptr_array_index (matches, i))->household_id
                                 != f->household[h]);

  /* the household: its area, never a category's value outside involvement */
  g_assert_nonnull (household);
  g_assert_cmpstr (ct_record_get (household, "area"), ==, "Noord");
  if (ct_session_policy_allows (s, role, CT_CATEGORY_JUSTICE))
    {
      g_assert_cmpint (ct_record_is_restricted (household, "justice_info"), ==, !involved);
      g_assert_cmpstr (ct_record_get (household, "justice_info"), ==,
                       involved ? "Canary justitie" : NULL);
    }
  g_assert_true (!ct_session_policy_allows (s, role, CT_CATEGORY_HEALTH) || !involved
                 || g_strcmp0 (ct_record_get (household, "health_mental"),
                               "Canary gezondheid") == 0);
  if (!involved)
    g_assert_null (ct_record_get (household, "health_mental"));

  /* the case: number, status and general question; no justice part */
  kase = ct_session_get (s, "cases", f->kase[h], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (kase, "status"), ==, "in_uitvoering");
  g_assert_cmpstr (ct_record_get (kase, "question"), ==, "Algemene vraag");
  if (!involved)
    g_assert_null (ct_record_get (kase, "question_justice"));
  g_assert_true (ct_session_scan (s, "cases", justice, collect_row, cases, &error));
  g_assert_no_error (error);
  g_assert_cmpint (strstr (cases->str, justice_seen) != NULL, ==,
                   involved && ct_session_can_read (s, CT_CATEGORY_JUSTICE));

  /* actions: none outside involvement */
  if (!involved)
    g_assert_cmpuint (actions->len, ==, 0);
}

static void
test_roles (Fixture      *f,
            gconstpointer data)
{
  static const struct
  {
    const char *login;
    gboolean    involved[N_HOUSEHOLDS];
  } views[] = {
    { "regie", { TRUE, FALSE } },
    { "andere", { FALSE, TRUE } },
    { "politie", { TRUE, FALSE } },
    { "ggz", { FALSE, TRUE } },
    { "voorzitter", { TRUE, TRUE } },
    { "beheer", { FALSE, FALSE } },
  };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, views[v].login, PASS);

      g_test_message ("as %s", views[v].login);
      for (guint h = 0; h < N_HOUSEHOLDS; h++)
        assert_view (f, s, h, views[v].involved[h]);
    }
}

/* With the switch off everyone sees what their role reads, as before. */
static void
test_switch (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) police = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GPtrArray) log = NULL;
  gboolean on = FALSE, off = FALSE;

  g_assert_false (ct_session_set_need_to_know (police, FALSE, 14, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  /* A statement signed by someone who is not a beheerder is refused. */
  g_assert_false (ct_chain_append_need_to_know (police->chain, police->db, FALSE, 14,
                                                _ct_session_signer_uid (police),
                                                police->identity, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_clear_error (&error);
  g_clear_pointer (&police, ct_core_test_session_free);

  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_assert_false (ct_session_set_need_to_know (admin, TRUE, 366, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ct_session_set_need_to_know (admin, FALSE, 14, &error));
  g_assert_no_error (error);
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      on |= g_strcmp0 (e->purpose, "switch need-to-know on") == 0;
      off |= g_strcmp0 (e->purpose, "switch need-to-know off") == 0;
    }
  g_assert_true (on && off);
  g_assert_true (ct_session_verify_log (admin, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);

  /* With the switch off everyone sees what their role reads, as before. */
  police = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_false (ct_session_get_need_to_know (police));
  for (guint h = 0; h < N_HOUSEHOLDS; h++)
    assert_view (f, police, h, TRUE);
}

/* The meeting window is the team's setting. */
static void
set_switch (Fixture *f,
            gboolean on,
            guint    days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  g_assert_true (ct_session_set_need_to_know (admin, on, days, &error));
  g_assert_no_error (error);
}

static void
test_meeting_window (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(CtCoreTestSession) ggz = NULL;

  set_switch (f, TRUE, 60);
  ggz = ct_core_test_unlock (f->team.path, "ggz", PASS);
  g_assert_cmpuint (ct_session_get_meeting_days (ggz), ==, 60);
  assert_view (f, ggz, A, TRUE);
  g_clear_pointer (&ggz, ct_core_test_session_free);

  set_switch (f, TRUE, 0);
  ggz = ct_core_test_unlock (f->team.path, "ggz", PASS);
  assert_view (f, ggz, A, FALSE);
  assert_view (f, ggz, B, FALSE);
}

/* Outside involvement nothing is added or changed but general fields. */
static void
test_writes (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "andere", PASS);
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(CtRecord) household = ct_session_get (s, "households", f->household[A], &error);
  g_autoptr(CtRecord) kase = ct_session_get (s, "cases", f->kase[A], &error);

  g_assert_no_error (error);
  ct_record_set_int (person, "household_id", f->household[A]);
  ct_record_set (person, "first_name", "Indringer");
  ct_record_set (person, "last_name", "Onbekend");
  g_assert_cmpint (ct_session_insert (s, person, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_record_set_int (action, "household_id", f->household[A]);
  ct_record_set (action, "what", "Iets");
  ct_record_set (action, "status", "open");
  g_assert_cmpint (ct_session_insert (s, action, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  ct_record_set (household, "justice_info", "Overschreven");
  g_assert_false (ct_session_update (s, household, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_delete (s, "persons", f->person[A], &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* A general field of the case stays the team's to change. */
  ct_record_set (kase, "summary", "Besproken");
  g_assert_true (ct_session_update (s, kase, &error));
  g_assert_no_error (error);

  /* Its own household stays writable. */
  ct_record_set_int (person, "household_id", f->household[B]);
  g_assert_cmpint (ct_session_insert (s, person, &error), >, 0);
  g_assert_no_error (error);
}

/* The involved set a session keeps follows its own writes: a write to a
 * table that makes no one involved keeps it, and a case handed to another
 * regisseur takes the household away at once, in the same session, not at
 * the next write (the set worked out for the write's own check, before it,
 * must not outlive it). */
static void
test_own_writes (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtRecord) household = ct_session_get (s, "households", f->household[A], &error);
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(CtRecord) person = NULL;

  g_assert_no_error (error);
  g_assert_true (ct_session_is_involved (s, f->household[A], NULL));

  /* A household's own field: still involved. */
  ct_record_set (household, "creditors", "Woningcorporatie");
  g_assert_true (ct_session_update (s, household, &error));
  g_assert_no_error (error);
  assert_view (f, s, A, TRUE);

  /* The case goes to another regisseur: out at once. */
  kase = ct_session_get (s, "cases", f->kase[A], &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", ct_core_test_member_id (s, "andere"));
  g_assert_true (ct_session_update (s, kase, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_is_involved (s, f->household[A], NULL));
  person = ct_session_get (s, "persons", f->person[A], &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_assert_null (person);
}

/* "Look anyway" lives in the session, not in a row: a break_glass row
 * written with K_db opens nothing. Derived involvement does come from
 * rows a K_db holder can edit (docs/security.md says so). */
static void
test_forged_rows (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "ggz", PASS);
  g_autoptr(CtRecord) household = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO break_glass (log_id, household_id, "
                                          "because) VALUES (999999, %" G_GINT64_FORMAT
                                          ", 'vervalst')", f->household[A]);

  g_assert_cmpint (sqlite3_exec (s->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (ct_session_is_involved (s, f->household[A], NULL));
  household = ct_session_get (s, "households", f->household[A], &error);
  g_assert_no_error (error);
  g_assert_null (ct_record_get (household, "health_mental"));
  assert_view (f, s, A, FALSE);
}

static void
test_break_glass (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) police = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(CtCoreTestSession) director = NULL;
  g_autoptr(GPtrArray) breaks = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtGlassBreak *glass;
  gboolean logged = FALSE;

  assert_view (f, police, B, FALSE);
  g_assert_false (ct_session_break_glass (police, f->household[B], CT_GLASS_OTHER, "  ", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Reason"));
  g_clear_error (&error);
  g_assert_false (ct_session_break_glass (police, 424242, CT_GLASS_URGENT, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_view (f, police, B, FALSE);

  g_assert_true (ct_session_break_glass (police, f->household[B], CT_GLASS_SAFETY,
                                         "Melding huiselijk geweld", &error));
  g_assert_no_error (error);
  assert_view (f, police, B, TRUE);
  assert_view (f, police, A, TRUE);
  /* Shown to the regisseur and the beheerder, not to the one who looked. */
  g_assert_null (ct_session_list_glass_breaks (police, f->household[B], &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&police, ct_core_test_session_free);

  director = ct_core_test_unlock (f->team.path, "andere", PASS);
  breaks = ct_session_list_glass_breaks (director, f->household[B], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (breaks->len, ==, 1);
  glass = g_ptr_array_index (breaks, 0);
  g_assert_cmpstr (glass->login, ==, "politie");
  g_assert_cmpint (glass->reason, ==, CT_GLASS_SAFETY);
  g_assert_cmpstr (glass->because, ==, "Melding huiselijk geweld");
  g_assert_nonnull (glass->at);
  g_clear_pointer (&breaks, g_ptr_array_unref);
  breaks = ct_session_list_glass_breaks (director, f->household[A], &error);
  g_assert_null (breaks);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* In the log as such, naming the household, never the free text. */
  log = ct_session_read_household_log (director, f->household[B], &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      g_assert_null (strstr (e->purpose, "geweld"));
      logged |= g_strcmp0 (e->purpose, "break the glass; veiligheid") == 0
                && e->household_id == f->household[B];
    }
  g_assert_true (logged);
  g_clear_pointer (&director, ct_core_test_session_free);

  /* It lasts for the session only. */
  police = ct_core_test_unlock (f->team.path, "politie", PASS);
  assert_view (f, police, B, FALSE);
}

/* A correction on request is logged as a rectification: the fact and the
 * household, never the old content. */
static void
test_rectification (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtRecord) person = ct_session_get (s, "persons", f->person[A], &error);
  g_autoptr(CtRecord) stored = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtLogEntry *e;

  g_assert_no_error (error);
  ct_record_set (person, "last_name", "Van der Zandt");
  g_assert_true (ct_session_rectify (s, person, &error));
  g_assert_no_error (error);
  stored = ct_session_get (s, "persons", f->person[A], &error);
  g_assert_cmpstr (ct_record_get (stored, "last_name"), ==, "Van der Zandt");

  log = ct_session_read_household_log (s, f->household[A], &error);
  g_assert_no_error (error);
  e = NULL;
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *x = g_ptr_array_index (log, i);

      g_assert_null (strstr (x->purpose, surnames[A]));
      g_assert_null (strstr (x->outcome != NULL ? x->outcome : "", surnames[A]));
      if (g_strcmp0 (x->purpose, "rectification") == 0)
        e = x;
    }
  g_assert_nonnull (e);
  g_assert_cmpint (e->action, ==, 'U');
  g_assert_cmpint (e->person_id, ==, f->person[A]);
  g_assert_nonnull (strstr (e->categories, "identity"));

  /* Outside involvement a rectification is refused like any change. */
  ct_record_set (person, "last_name", "Anders");
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "andere", PASS);
  g_assert_false (ct_session_rectify (s, person, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

/* Added by the regisseur or a beheerder: signed, logged, undone. */
static void
test_explicit (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(GPtrArray) list = NULL;
  gint64 politie = ct_core_test_member_id (s, "politie");
  gint64 ggz = ct_core_test_member_id (s, "ggz");

  /* regie directs A, not B: may add to A only. */
  g_assert_false (ct_session_add_involvement (s, f->household[B], politie, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_add_involvement (s, f->household[A],
                                              ct_core_test_member_id (s, "regie"), &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_add_involvement (s, 9999, politie, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ct_session_add_involvement (s, f->household[A], ggz, &error));
  g_assert_no_error (error);
  list = ct_session_list_involvements (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((CtInvolvement *) g_ptr_array_index (list, 0))->member_id, ==, ggz);
  g_assert_cmpstr (((CtInvolvement *) g_ptr_array_index (list, 0))->login, ==, "ggz");
  g_clear_pointer (&s, ct_core_test_session_free);

  /* ggz sees A whole now, B still through its meeting; politie may not
   * list or add. */
  s = ct_core_test_unlock (f->team.path, "ggz", PASS);
  assert_view (f, s, A, TRUE);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_null (ct_session_list_involvements (s, f->household[A], &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_add_involvement (s, f->household[B], politie, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* The beheerder saw the entry naming the household, no name. */
  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  {
    g_autoptr(GPtrArray) log = ct_session_read_household_log (s, f->household[A], &error);
    gboolean logged = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < log->len; i++)
      {
        CtLogEntry *entry = g_ptr_array_index (log, i);
        g_autofree char *want = g_strdup_printf ("add involvement; member %" G_GINT64_FORMAT,
                                                 ggz);

        logged |= g_strcmp0 (entry->purpose, want) == 0
                  && entry->household_id == f->household[A];
      }
    g_assert_true (logged);
  }
  /* A beheerder may add to any household; the member steps out. */
  g_assert_true (ct_session_add_involvement (s, f->household[B], politie, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  assert_view (f, s, B, TRUE);
  g_assert_true (ct_session_remove_involvement (s, f->household[B], politie, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_remove_involvement (s, f->household[B], politie, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  assert_view (f, s, B, FALSE);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* The regisseur undoes theirs. */
  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_assert_true (ct_session_remove_involvement (s, f->household[A], ggz, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "ggz", PASS);
  assert_view (f, s, A, FALSE);
}

/* With K_db a member can write any involvement row; none gives sight. */
static void
test_explicit_forged (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(GPtrArray) list = NULL;
  gint64 ggz = ct_core_test_member_id (s, "ggz");
  g_autofree char *sql = NULL;

  /* A true one, for ggz in A, to copy from. */
  g_assert_true (ct_session_add_involvement (s, f->household[A], ggz, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  /* 1. ggz's signed row moved to B, and copied for politie in A. */
  sql = g_strdup_printf ("INSERT INTO involvements SELECT %" G_GINT64_FORMAT ", member_uid, "
                         "signer_uid, added_on, signature FROM involvements;"
                         "INSERT INTO involvements SELECT household_id, (SELECT member_uid FROM "
                         "members WHERE login = 'politie'), signer_uid, added_on, signature "
                         "FROM involvements WHERE household_id = %" G_GINT64_FORMAT ";",
                         f->household[B], f->household[A]);
  ct_core_test_exec_sql (s->db, sql);
  /* 2. politie in B, signed by politie itself with its own key (no
   * regisseur, no beheerder), and a row with a zero signature. */
  {
    CtStoreInvolvement inv = { f->household[B] };
    guint8 message[128];
    gint64 le = GINT64_TO_LE (inv.household);
    gsize n = 0;

    memcpy (inv.member_uid, s->member->member_uid, CT_MEMBER_ID_SIZE);
    memcpy (inv.signer_uid, s->member->member_uid, CT_MEMBER_ID_SIZE);
    memcpy (inv.added_on, "2026-01-05", 11);
    memcpy (message + n, "ct-involve-v1", 14), n += 14;
    memcpy (message + n, s->chain->team_id, CT_TEAM_ID_SIZE), n += CT_TEAM_ID_SIZE;
    memcpy (message + n, &le, 8), n += 8;
    memcpy (message + n, inv.member_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
    memcpy (message + n, inv.signer_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
    memcpy (message + n, inv.added_on, 10), n += 10;
    crypto_sign_detached (inv.signature, NULL, message, n, s->identity->sign_sk);
    g_assert_true (ct_store_put_involvement (s->db, &inv, &error));
    g_assert_no_error (error);
  }
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO involvements VALUES (%" G_GINT64_FORMAT ", (SELECT "
                         "member_uid FROM members WHERE login = 'regie'), (SELECT member_uid "
                         "FROM members WHERE login = 'beheer'), '2026-01-05', zeroblob (64))",
                         f->household[B]);
  ct_core_test_exec_sql (s->db, sql);
  g_assert_cmpint (ct_core_test_query_int (s->db, "SELECT count(*) FROM involvements"), ==, 5);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Nobody gained anything: politie sees neither whole, ggz A only. */
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  assert_view (f, s, A, TRUE);  /* its action, as before */
  assert_view (f, s, B, FALSE);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  assert_view (f, s, B, FALSE);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "andere", PASS);
  list = ct_session_list_involvements (s, f->household[B], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* A changed day breaks the signature of the true row too. */
  s = ct_core_test_unlock (f->team.path, "ggz", PASS);
  assert_view (f, s, A, TRUE);
  ct_core_test_exec_sql (s->db, "UPDATE involvements SET added_on = '2026-01-06'");
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "ggz", PASS);
  assert_view (f, s, A, FALSE);
}

static CtInvolvedReasons
reasons_of (GPtrArray  *list,
            const char *login)
{
  for (guint i = 0; i < list->len; i++)
    {
      CtInvolvement *inv = g_ptr_array_index (list, i);

      if (g_str_equal (inv->login, login))
        return inv->reasons;
    }
  return 0;
}

/* Everyone involved in A and why, as its regisseur sees it: the meeting
 * a month ago involves nobody any more, the voorzitter keeps the agenda,
 * and "Look anyway" shows. */
static void
test_why (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(GPtrArray) list = NULL;
  gint64 regie = ct_core_test_member_id (s, "regie");

  g_assert_true (ct_session_add_involvement (s, f->household[A],
                                             ct_core_test_member_id (s, "ggz"), &error));
  g_assert_no_error (error);
  list = ct_session_list_involved_members (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_cmpint (reasons_of (list, "regie"), ==, CT_INVOLVED_REGISSEUR);
  g_assert_cmpint (reasons_of (list, "politie"), ==, CT_INVOLVED_ACTION);
  g_assert_cmpint (reasons_of (list, "ggz"), ==, CT_INVOLVED_EXPLICIT);
  g_assert_cmpint (reasons_of (list, "voorzitter"), ==, CT_INVOLVED_AGENDA);
  g_assert_cmpint (reasons_of (list, "andere"), ==, 0);
  g_assert_cmpint (reasons_of (list, "beheer"), ==, 0);
  for (guint i = 0; i < list->len; i++)
    {
      CtInvolvement *inv = g_ptr_array_index (list, i);

      g_assert_cmpint (inv->added_by, ==, g_str_equal (inv->login, "ggz") ? regie : 0);
      g_assert_true ((inv->added_on != NULL) == g_str_equal (inv->login, "ggz"));
    }
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_core_test_unlock (f->team.path, "andere", PASS);
  g_assert_null (ct_session_list_involved_members (s, f->household[A], &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_true (ct_session_break_glass (s, f->household[A], CT_GLASS_URGENT, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* The beheerder sees the same list, andere in it now. */
  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  list = ct_session_list_involved_members (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_cmpint (reasons_of (list, "andere"), ==, CT_INVOLVED_GLASS);
  g_assert_cmpint (reasons_of (list, "regie"), ==, CT_INVOLVED_REGISSEUR);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The households of @login's involvement through the team's own rows,
 * sorted and each once, the agenda's cases found the way @look_up says
 * (ct_store_set_involved_lookups_for_testing()); @looked_up: the way
 * it went. */
static GArray *
store_involved (CtSession  *s,
                const char *login,
                gboolean    every_agenda,
                int         look_up,
                int        *looked_up)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *since = day_from_today (-14);
  GArray *ids;
  guint n = 0;

  ct_store_set_involved_lookups_for_testing (look_up);
  ids = ct_store_involved_households (s->db, ct_core_test_member_id (s, login), since,
                                      every_agenda, &error);
  ct_store_set_involved_lookups_for_testing (-1);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  *looked_up = ct_store_get_involved_lookups_for_testing ();

  g_array_sort (ids, compare_id);
  for (guint i = 0; i < ids->len; i++)
    if (n == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, n - 1))
      g_array_index (ids, gint64, n++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, n);
  return ids;
}

/* ggz (a recent meeting on B) and the voorzitter (every agenda: A and B)
 * get the same households whether the agenda's cases are looked up or
 * found in a pass, and left to decide, ct_store_involved_households()
 * looks them up when @by_count is 1, else passes. */
static void
assert_lookups (Fixture   *f,
                CtSession *s,
                int        by_count)
{
  static const struct { const char *login; gboolean every; guint n; } who[] = {
    { "ggz", FALSE, 1 }, { "voorzitter", TRUE, 2 },
  };

  for (guint w = 0; w < G_N_ELEMENTS (who); w++)
    {
      g_autoptr(GArray) pass = NULL;
      g_autoptr(GArray) lookups = NULL;
      g_autoptr(GArray) decided = NULL;
      int how;

      pass = store_involved (s, who[w].login, who[w].every, 0, &how);
      g_assert_cmpint (how, ==, 0);
      lookups = store_involved (s, who[w].login, who[w].every, 1, &how);
      g_assert_cmpint (how, ==, 1);
      decided = store_involved (s, who[w].login, who[w].every, -1, &how);
      g_assert_cmpint (how, ==, by_count);

      g_assert_cmpuint (pass->len, ==, who[w].n);
      g_assert_cmpint (g_array_index (pass, gint64, pass->len - 1), ==, f->household[B]);
      if (who[w].n == 2)
        g_assert_cmpint (g_array_index (pass, gint64, 0), ==, f->household[A]);
      for (guint i = 0; i < 2; i++)
        {
          GArray *other = i == 0 ? lookups : decided;

          g_assert_cmpuint (other->len, ==, pass->len);
          g_assert_cmpmem (other->data, other->len * sizeof (gint64),
                           pass->data, pass->len * sizeof (gint64));
        }
    }
}

/* The agenda's cases are looked up one by one or found in one pass, by
 * how many cases the team has, not by its highest case id: a synced team's
 * new rows have random 63-bit ids (docs/sync-merge.md), which once made it look
 * up every agenda case one by one. */
static void
test_lookup_or_pass (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autofree char *more = NULL;
  g_autofree char *renumber = NULL;

  /* Two cases with the ids 1 and 2. */
  assert_lookups (f, s, 0);

  /* The same two with the ids a synced replica gives new rows, and the
   * rows that name them renamed with them. */
  renumber = g_strdup_printf ("UPDATE cases SET id = (id << 50) + %" G_GINT64_FORMAT ";"
                              "UPDATE agenda_items SET case_id = (case_id << 50) + "
                              "%" G_GINT64_FORMAT ";",
                              G_GINT64_CONSTANT (987654321), G_GINT64_CONSTANT (987654321));
  ct_core_test_exec_sql (s->db, "PRAGMA foreign_keys = OFF");
  ct_core_test_exec_sql (s->db, renumber);
  ct_core_test_exec_sql (s->db, "PRAGMA foreign_keys = ON");
  g_assert_cmpint (ct_core_test_query_int (s->db, "SELECT min (id) FROM cases"), >,
                   G_GINT64_CONSTANT (1) << 50);
  g_assert_cmpint (ct_core_test_query_int (s->db, "SELECT count(*) FROM agenda_items "
                                                  "WHERE case_id NOT IN (SELECT id FROM cases)"),
                   ==, 0);
  assert_lookups (f, s, 0);

  /* 300 cases more (of household A): two agenda cases are fewer than one
   * in a hundred. */
  more = g_strdup_printf ("INSERT INTO cases (id, household_id, number, referral_date, status, "
                          "created_at, updated_at) "
                          "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < 300) "
                          "SELECT i, %" G_GINT64_FORMAT ", '2020-' || i, '2020-01-01', "
                          "'afgesloten', '2020-01-01', '2020-01-01' FROM n",
                          f->household[A]);
  ct_core_test_exec_sql (s->db, more);
  assert_lookups (f, s, 1);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/involvement/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("roles", test_roles);
  ADD ("switch", test_switch);
  ADD ("meeting-window", test_meeting_window);
  ADD ("writes", test_writes);
  ADD ("own-writes", test_own_writes);
  ADD ("forged-rows", test_forged_rows);
  ADD ("break-glass", test_break_glass);
  ADD ("rectification", test_rectification);
  ADD ("explicit", test_explicit);
  ADD ("explicit-forged", test_explicit_forged);
  ADD ("why", test_why);
  ADD ("lookup-or-pass", test_lookup_or_pass);
#undef ADD
  return g_test_run ();
}
