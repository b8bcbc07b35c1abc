/* test-case-view.c — the read models of the case list and the case page
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_case_overview_list() and ct_case_load() read in one transaction and
 * log in it what the separate reads logged, naming the households; the
 * overview decrypts only what the list shows and keeps categories and
 * need-to-know; a patch changes copies, stores all or nothing, and leaves
 * the view's records as they were read. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"

#define PASS "geheim geheim"

enum { A, B, C, N_HOUSEHOLDS };

typedef struct
{
  CtCoreTestTeam team;
  gint64         household[N_HOUSEHOLDS];
  gint64         person[N_HOUSEHOLDS];
  gint64         first_case;   /* A's, a year before its second */
  gint64         repeat_case;  /* A's, within twelve months of the first */
  gint64         case_b;
  gint64         case_c;       /* C has no persons */
} Fixture;

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

static gint64
add_case (CtSession  *admin,
          gint64      household,
          const char *number,
          const char *referral_date)
{
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set_int (kase, "household_id", household);
  ct_record_set (kase, "number", number);
  ct_record_set (kase, "referral_date", referral_date);
  ct_record_set (kase, "status", "in_uitvoering");
  ct_record_set (kase, "question", "Algemene vraag");
  ct_record_set (kase, "domains", "sociaal_netwerk");
  ct_record_set (kase, "domains_health", "geestelijke_gezondheid");
  ct_record_set_int (kase, "regisseur", ct_core_test_member_id (admin, "regie"));
  return ct_core_test_insert (admin, kase);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Overzicht", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  static const char * const areas[] = { "Noord", "Zuid", NULL };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_core_test_team_create (&f->team, "ct-case-view-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, members);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  for (guint i = 0; i < N_HOUSEHOLDS; i++)
    {
      g_autoptr(CtRecord) household = ct_record_new ("households");

      if (areas[i] != NULL)
        ct_record_set (household, "area", areas[i]);
      ct_record_set (household, "health_mental", "Canary gezondheid");
      f->household[i] = ct_core_test_insert (admin, household);
      if (i == C)
        continue;
      for (guint p = 0; p < 2; p++)
        {
          g_autoptr(CtRecord) person = ct_record_new ("persons");
          gint64 id;

          ct_record_set_int (person, "household_id", f->household[i]);
          ct_record_set (person, "first_name", p == 0 ? "Fenna" : "Tweede");
          ct_record_set (person, "last_name", i == A ? "Qvanderzandt" : "Xoppelaar");
          id = ct_core_test_insert (admin, person);
          if (p == 0)
            f->person[i] = id;
        }
    }
  /* B's case first, so that the cases are not in household order. */
  f->case_b = add_case (admin, f->household[B], "2026-002", "2025-06-01");
  f->first_case = add_case (admin, f->household[A], "2025-001", "2025-03-01");
  f->repeat_case = add_case (admin, f->household[A], "2026-001", "2026-01-10");
  f->case_c = add_case (admin, f->household[C], "2026-003", "2024-01-01");

  /* An open action of A, long past its due date. */
  ct_record_set_int (action, "household_id", f->household[A]);
  ct_record_set (action, "what", "Huisbezoek");
  ct_record_set (action, "status", "open");
  ct_record_set (action, "due_on", "2020-01-01");
  ct_record_set_int (action, "responsible", ct_core_test_member_id (admin, "regie"));
  ct_core_test_insert (admin, action);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

static int
count_commit_cb (void *data)
{
  (*(guint *) data)++;
  return 0;
}

/* The beheerder, who may read the log, with need-to-know off so that it
 * sees every household whole, as the regisseur of all of them would. */
static CtSession *
log_reader (Fixture *f)
{
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);
  return ct_core_test_unlock (f->team.path, "beheer", PASS);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

static const CtCaseOverview *
find_case (GArray *rows,
           gint64  id)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, CtCaseOverview, i).id == id)
      return &g_array_index (rows, CtCaseOverview, i);
  g_assert_not_reached ();
}

static void
test_overview (Fixture      *f,
               gconstpointer data)
{
  CtSession *s = log_reader (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *cases_entry = NULL;
  g_autofree char *persons_entry = NULL;
  const CtCaseOverview *first, *repeat, *b, *c;
  gint64 before = ct_core_test_last_entry (s);
  guint commits = 0;

  sqlite3_commit_hook (s->db, count_commit_cb, &commits);
  rows = ct_case_overview_list (s, &error);
  sqlite3_commit_hook (s->db, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpuint (rows->len, ==, 4);
  /* In case id order. */
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (g_array_index (rows, CtCaseOverview, i - 1).id, <,
                     g_array_index (rows, CtCaseOverview, i).id);

  first = find_case (rows, f->first_case);
  repeat = find_case (rows, f->repeat_case);
  b = find_case (rows, f->case_b);
  c = find_case (rows, f->case_c);
  g_assert_cmpstr (first->number, ==, "2025-001");
  g_assert_cmpstr (first->status, ==, "in_uitvoering");
  g_assert_cmpstr (first->area, ==, "Noord");
  g_assert_cmpstr (first->name, ==, "Fenna Qvanderzandt");
  g_assert_false (first->name_restricted);
  g_assert_cmpstr (first->referral_date, ==, "2025-03-01");
  g_assert_true (first->overdue && repeat->overdue);
  g_assert_false (b->overdue || c->overdue);
  g_assert_false (first->repeat);
  g_assert_true (repeat->repeat);
  g_assert_false (b->repeat || c->repeat);
  g_assert_cmpstr (b->name, ==, "Fenna Xoppelaar");
  g_assert_null (c->name);
  g_assert_false (c->name_restricted);
  g_assert_null (c->area);
  /* The health domain only for a role that reads health. */
  g_assert_nonnull (strstr (first->domains, "sociaal_netwerk"));
  g_assert_cmpint (strstr (first->domains, "geestelijke_gezondheid") != NULL, ==,
                   ct_session_can_read (s, CT_CATEGORY_HEALTH));

  /* One entry per table read with a category, each naming its households. */
  logged = ct_core_test_log_since (s, before);
  g_test_message ("%s", logged);
  g_assert_cmpuint (count_lines (logged), ==, 2);
  persons_entry = g_strdup_printf (" persons 0 identity list %" G_GINT64_FORMAT " %"
                                   G_GINT64_FORMAT "\n", f->household[A], f->household[B]);
  g_assert_nonnull (strstr (logged, persons_entry));
  cases_entry = g_strdup_printf (" list %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                                 G_GINT64_FORMAT "\n", f->household[A], f->household[B],
                                 f->household[C]);
  g_assert_nonnull (strstr (logged, " cases 0 "));
  g_assert_nonnull (strstr (logged, cases_entry));
  g_assert_null (strstr (logged, "households"));
  g_assert_true (ct_session_verify_log (s, NULL, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (s);
}

/* politie reads neither health nor, outside need-to-know, any name. */
static void
test_overview_limited (Fixture      *f,
                       gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = ct_case_overview_list (s, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      const CtCaseOverview *row = &g_array_index (rows, CtCaseOverview, i);

      g_assert_false (ct_session_is_involved (s, row->household_id, NULL));
      g_assert_null (row->name);
      g_assert_false (row->name_restricted);
      g_assert_true (row->domains == NULL || strstr (row->domains, "gezondheid") == NULL);
      g_assert_nonnull (row->number);
    }
  ct_core_test_session_free (s);

  /* With need-to-know off, the names, but still no health domain. */
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_clear_pointer (&rows, g_array_unref);
  rows = ct_case_overview_list (s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_case (rows, f->case_b)->name, ==, "Fenna Xoppelaar");
  g_assert_false (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  g_assert_null (strstr (find_case (rows, f->first_case)->domains, "gezondheid"));
  ct_core_test_session_free (s);
}

/* Through a reader, as the GUI loads it: nothing logged until its owner
 * logs the reader's reads, then the same entries. */
static void
test_overview_reader (Fixture      *f,
                      gconstpointer data)
{
  CtSession *s = log_reader (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) reader = _ct_session_new_reader (s, &error);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) direct = NULL;
  g_autofree char *by_reader = NULL;
  g_autofree char *by_session = NULL;
  gint64 before = ct_core_test_last_entry (s);

  g_assert_no_error (error);
  rows = ct_case_overview_list (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  by_reader = ct_core_test_log_since (s, before);
  g_assert_cmpstr (by_reader, ==, "");
  g_assert_true (_ct_session_log_deferred (s, reader, &error));
  g_assert_no_error (error);
  g_clear_pointer (&by_reader, g_free);
  by_reader = ct_core_test_log_since (s, before);

  before = ct_core_test_last_entry (s);
  direct = ct_case_overview_list (s, &error);
  g_assert_no_error (error);
  by_session = ct_core_test_log_since (s, before);
  g_assert_cmpstr (by_reader, ==, by_session);
  g_assert_cmpstr (find_case (rows, f->repeat_case)->name, ==,
                   find_case (direct, f->repeat_case)->name);
  g_clear_pointer (&reader, ct_core_test_session_free);
  ct_core_test_session_free (s);
}

static void
assert_same_row (const CtCaseOverview *x,
                 const CtCaseOverview *y)
{
  g_assert_cmpint (x->id, ==, y->id);
  g_assert_cmpint (x->household_id, ==, y->household_id);
  g_assert_cmpstr (x->number, ==, y->number);
  g_assert_true (x->status == y->status);
  g_assert_cmpstr (x->area, ==, y->area);
  g_assert_cmpstr (x->name, ==, y->name);
  g_assert_cmpint (x->name_restricted, ==, y->name_restricted);
  g_assert_cmpstr (x->referral_date, ==, y->referral_date);
  g_assert_cmpstr (x->domains, ==, y->domains);
  g_assert_cmpint (x->overdue, ==, y->overdue);
  g_assert_cmpint (x->repeat, ==, y->repeat);
}

/* The first screenful: the newest case numbers and only their
 * households, read and logged as the whole list reads them; the log
 * names no other household. */
static void
test_overview_first (Fixture      *f,
                     gconstpointer data)
{
  CtSession *s = log_reader (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = ct_case_overview_list (s, &error);
  g_autoptr(GArray) rows = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *cases_entry = NULL;
  g_autofree char *persons_entry = NULL;
  gboolean complete = TRUE;
  gint64 before = ct_core_test_last_entry (s);

  g_assert_no_error (error);
  rows = ct_case_overview_list_first (s, 2, &complete, &error);
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const CtCaseOverview *row = &g_array_index (rows, CtCaseOverview, i);

      g_assert_true (row->id == f->case_c || row->id == f->case_b);
      assert_same_row (row, find_case (all, row->id));
    }

  /* B and C only: C has no persons, and A is not read at all. */
  logged = ct_core_test_log_since (s, before);
  g_test_message ("%s", logged);
  g_assert_cmpuint (count_lines (logged), ==, 2);
  /* One household is named as the entry's own. */
  persons_entry = g_strdup_printf (" persons 0 identity list h%" G_GINT64_FORMAT "\n",
                                   f->household[B]);
  g_assert_nonnull (strstr (logged, persons_entry));
  cases_entry = g_strdup_printf (" list %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                                 f->household[B], f->household[C]);
  g_assert_nonnull (strstr (logged, " cases 0 "));
  g_assert_nonnull (strstr (logged, cases_entry));

  /* The third is A's repeat, overdue: its household's other case read too. */
  g_clear_pointer (&rows, g_array_unref);
  rows = ct_case_overview_list_first (s, 3, &complete, &error);
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    assert_same_row (&g_array_index (rows, CtCaseOverview, i),
                     find_case (all, g_array_index (rows, CtCaseOverview, i).id));
  g_assert_true (find_case (rows, f->repeat_case)->repeat);
  g_assert_true (find_case (rows, f->repeat_case)->overdue);

  /* More than there are: every case, and it says so. */
  g_clear_pointer (&rows, g_array_unref);
  rows = ct_case_overview_list_first (s, 10, &complete, &error);
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_cmpuint (rows->len, ==, all->len);
  g_assert_true (ct_session_verify_log (s, NULL, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (s);
}

/* ct_case_load() logs what the page's separate reads logged, in one
 * transaction. */
static void
test_load (Fixture      *f,
           gconstpointer data)
{
  CtSession *s = log_reader (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = NULL;
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) organisations = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autofree char *separate = NULL;
  g_autofree char *together = NULL;
  gint64 before = ct_core_test_last_entry (s);
  guint commits = 0;

  kase = ct_session_get (s, "cases", f->first_case, &error);
  household = ct_session_get (s, "households", f->household[A], &error);
  persons = ct_session_list (s, "persons", "household_id", f->household[A], &error);
  organisations = ct_session_list (s, "organisations", "household_id", f->household[A], &error);
  consents = ct_session_list (s, "consents", "case_id", f->first_case, &error);
  g_assert_no_error (error);
  separate = ct_core_test_log_since (s, before);

  before = ct_core_test_last_entry (s);
  sqlite3_commit_hook (s->db, count_commit_cb, &commits);
  view = ct_case_load (s, f->first_case, &error);
  sqlite3_commit_hook (s->db, NULL, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (commits, ==, 1);
  together = ct_core_test_log_since (s, before);
  g_test_message ("%s", together);
  g_assert_cmpstr (together, ==, separate);
  g_assert_nonnull (strstr (together, "persons"));

  g_assert_cmpint (ct_record_get_id (view->case_record), ==, f->first_case);
  g_assert_cmpint (ct_record_get_id (view->household), ==, f->household[A]);
  g_assert_cmpuint (view->persons->len, ==, 2);
  g_assert_cmpuint (view->organisations->len, ==, 0);
  g_assert_cmpuint (view->consents->len, ==, 0);
  g_assert_cmpstr (ct_record_get (view->household, "health_mental"), ==,
                   ct_session_can_read (s, CT_CATEGORY_HEALTH) ? "Canary gezondheid" : NULL);

  g_clear_pointer (&view, ct_case_view_free);
  view = ct_case_load (s, 999999, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_assert_null (view);
  ct_core_test_session_free (s);
}

static CtCaseView *
load_async (CtSession    *s,
            gint64        case_id,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_case_load_async (s, case_id, cancellable, ct_core_test_result_cb, &result);
  ct_core_test_wait_result (&result);
  return ct_case_load_finish (s, result, error);
}

/* In a worker, as the case page loads: the same view and the same log
 * entries as ct_case_load(), written in the session before the view is
 * handed out; a cancelled load hands out and logs nothing. */
static void
test_load_async (Fixture      *f,
                 gconstpointer data)
{
  CtSession *s = log_reader (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = NULL;
  g_autoptr(CtCaseView) again = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *blocking = NULL;
  g_autofree char *worker = NULL;
  gint64 before = ct_core_test_last_entry (s);

  view = ct_case_load (s, f->first_case, &error);
  g_assert_no_error (error);
  blocking = ct_core_test_log_since (s, before);

  before = ct_core_test_last_entry (s);
  again = load_async (s, f->first_case, NULL, &error);
  g_assert_no_error (error);
  worker = ct_core_test_log_since (s, before);
  g_test_message ("%s", worker);
  g_assert_cmpstr (worker, ==, blocking);
  g_assert_nonnull (strstr (worker, "persons"));
  g_assert_cmpint (ct_record_get_id (again->case_record), ==, f->first_case);
  g_assert_cmpint (ct_record_get_id (again->household), ==, f->household[A]);
  g_assert_cmpuint (again->persons->len, ==, view->persons->len);
  g_assert_cmpstr (ct_record_get (again->household, "health_mental"), ==,
                   ct_record_get (view->household, "health_mental"));
  g_clear_pointer (&again, ct_case_view_free);

  before = ct_core_test_last_entry (s);
  g_cancellable_cancel (cancellable);
  again = load_async (s, f->first_case, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (again);
  g_clear_error (&error);
  again = load_async (s, 999999, NULL, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_assert_null (again);
  g_free (worker);
  worker = ct_core_test_log_since (s, before);
  g_assert_cmpuint (count_lines (worker), ==, 0);
  ct_core_test_session_free (s);
}

/* What a case page needs besides the rows comes in the view, the same in
 * a worker as blocking: the member list, whether the household is the
 * member's to see whole, and its restriction (read by the reader,
 * verified against the team chain in the session). */
static void
test_load_extras (Fixture      *f,
                  gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) team = ct_session_list_members (s, &error);
  g_autoptr(CtCaseView) view = NULL;
  g_autoptr(CtCaseView) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (team->len, >, 1);
  view = ct_case_load (s, f->case_b, &error);
  g_assert_no_error (error);
  again = load_async (s, f->case_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (view->limited);
  g_assert_true (again->limited);
  g_assert_cmpuint (again->members->len, ==, team->len);
  g_assert_cmpuint (view->members->len, ==, team->len);
  g_assert_null (again->restriction);
  g_clear_pointer (&view, ct_case_view_free);
  g_clear_pointer (&again, ct_case_view_free);
  ct_core_test_session_free (s);

  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_assert_true (ct_session_restrict (s, f->household[B], CT_RESTRICT_OBJECTION, "Bezwaar",
                                      &error));
  g_assert_no_error (error);
  view = ct_case_load (s, f->case_b, &error);
  g_assert_no_error (error);
  again = load_async (s, f->case_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (view->limited, ==, !ct_session_is_involved (s, f->household[B], NULL));
  g_assert_cmpint (again->limited, ==, view->limited);
  g_assert_nonnull (view->restriction);
  g_assert_nonnull (again->restriction);
  g_assert_cmpint (again->restriction->ground, ==, CT_RESTRICT_OBJECTION);
  g_assert_cmpint (again->restriction->placed_by, ==, view->restriction->placed_by);
  g_assert_cmpstr (again->restriction->reason, ==, "Bezwaar");
  g_assert_cmpstr (view->restriction->reason, ==, "Bezwaar");
  /* The restriction of another household is not this one's. */
  g_clear_pointer (&again, ct_case_view_free);
  again = load_async (s, f->first_case, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (again->restriction);
  ct_core_test_session_free (s);
}

static gboolean
involves (GPtrArray         *involved,
          const char        *login,
          CtInvolvedReasons  reasons)
{
  for (guint i = 0; i < involved->len; i++)
    {
      CtInvolvement *inv = g_ptr_array_index (involved, i);

      if (g_str_equal (inv->login, login))
        return inv->reasons == reasons;
    }
  return FALSE;
}

/* What the page's sections show besides the rows comes in the view too,
 * the same in a worker as blocking and as the separate reads give it:
 * who is involved (verified and named through the chain in the session)
 * and who looked anyway for whom may read the household's log, nothing
 * of either for anyone else, whether the member may restrict the
 * household, and the case this one repeats. */
static void
test_load_page_extras (Fixture      *f,
                       gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = NULL;
  g_autoptr(CtCaseView) again = NULL;
  g_autoptr(GPtrArray) involved = NULL;

  g_assert_true (ct_session_break_glass (s, f->household[A], CT_GLASS_URGENT, NULL, &error));
  g_assert_no_error (error);
  again = load_async (s, f->repeat_case, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (again->involved);
  g_assert_null (again->glass_breaks);
  g_assert_false (again->may_restrict);
  g_assert_cmpuint (again->conflicts->len, ==, 0);
  g_assert_nonnull (again->repeat_of);
  g_assert_cmpstr (ct_record_get (again->repeat_of, "number"), ==, "2025-001");
  g_clear_pointer (&again, ct_case_view_free);
  ct_core_test_session_free (s);

  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  involved = ct_session_list_involved_members (s, f->household[A], &error);
  g_assert_no_error (error);
  view = ct_case_load (s, f->repeat_case, &error);
  g_assert_no_error (error);
  again = load_async (s, f->repeat_case, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again->involved);
  g_assert_true (again->may_restrict);
  g_assert_true (view->may_restrict);
  g_assert_cmpuint (again->involved->len, ==, involved->len);
  g_assert_cmpuint (view->involved->len, ==, involved->len);
  g_assert_true (involves (again->involved, "regie",
                           CT_INVOLVED_REGISSEUR | CT_INVOLVED_ACTION));
  g_assert_true (involves (again->involved, "politie", CT_INVOLVED_GLASS));
  g_assert_true (involves (view->involved, "politie", CT_INVOLVED_GLASS));
  for (guint i = 0; i < involved->len; i++)
    g_assert_cmpstr (((CtInvolvement *) g_ptr_array_index (again->involved, i))->display_name,
                     ==, ((CtInvolvement *) g_ptr_array_index (involved, i))->display_name);
  g_assert_cmpuint (again->glass_breaks->len, ==, 1);
  g_assert_cmpstr (((CtGlassBreak *) g_ptr_array_index (again->glass_breaks, 0))->login, ==,
                   "politie");
  g_assert_cmpstr (ct_record_get (again->repeat_of, "number"), ==, "2025-001");
  g_assert_cmpstr (ct_record_get (view->repeat_of, "number"), ==, "2025-001");
  /* The first case repeats none; B's household has no glass broken. */
  g_clear_pointer (&again, ct_case_view_free);
  again = load_async (s, f->first_case, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (again->repeat_of);
  g_clear_pointer (&again, ct_case_view_free);
  again = load_async (s, f->case_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->glass_breaks->len, ==, 0);
  g_assert_false (involves (again->involved, "politie", CT_INVOLVED_GLASS));
  ct_core_test_session_free (s);

  /* The regisseur who directs the household may restrict it, as the
   * blocking question says. */
  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_clear_pointer (&again, ct_case_view_free);
  again = load_async (s, f->case_b, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again->may_restrict);
  g_assert_true (ct_session_may_restrict (s, f->household[B]));
  ct_core_test_session_free (s);
}

/* Outside need-to-know: the case and household's general fields, no
 * persons; a health value is restricted, never empty. */
static void
test_load_limited (Fixture      *f,
                   gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = ct_case_load (s, f->case_b, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (view->persons->len, ==, 0);
  g_assert_cmpstr (ct_record_get (view->case_record, "question"), ==, "Algemene vraag");
  g_assert_cmpstr (ct_record_get (view->household, "area"), ==, "Zuid");
  g_assert_null (ct_record_get (view->household, "health_mental"));
  g_assert_true (ct_record_is_restricted (view->household, "health_mental"));
  ct_core_test_session_free (s);
}

static void
test_patch (Fixture      *f,
            gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = ct_case_load (s, f->case_b, &error);
  g_autoptr(CtCaseView) again = NULL;
  g_autoptr(CtCasePatch) patch = ct_case_patch_new ();
  g_autoptr(CtCasePatch) bad = ct_case_patch_new ();
  CtRecord *person;

  g_assert_no_error (error);
  person = g_ptr_array_index (view->persons, 0);
  g_assert_true (ct_case_patch_is_empty (patch));
  ct_case_patch_set (patch, person, "first_name", "Femke");
  ct_case_patch_set (patch, view->case_record, "question", "Nieuwe vraag");
  ct_case_patch_set (patch, view->case_record, "number", "2026-099");
  g_assert_false (ct_case_patch_is_empty (patch));
  /* The view's records are as they were read. */
  g_assert_cmpstr (ct_record_get (person, "first_name"), ==, "Fenna");
  g_assert_false (ct_record_is_changed (view->case_record, "question"));

  /* A wrong value in one record: nothing of the patch is stored. */
  ct_case_patch_set (bad, view->case_record, "question", "Nog een vraag");
  ct_case_patch_set (bad, view->household, "area", "Oost");
  ct_case_patch_set (bad, person, "birth_date", "31-02-1990");
  g_assert_false (ct_case_patch_apply (bad, s, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  again = ct_case_load (s, f->case_b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (again->case_record, "question"), ==, "Algemene vraag");
  g_assert_cmpstr (ct_record_get (again->household, "area"), ==, "Zuid");
  g_clear_pointer (&again, ct_case_view_free);

  g_assert_true (ct_case_patch_apply (patch, s, &error));
  g_assert_no_error (error);
  again = ct_case_load (s, f->case_b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (again->case_record, "question"), ==, "Nieuwe vraag");
  g_assert_cmpstr (ct_record_get (again->case_record, "number"), ==, "2026-099");
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (again->persons, 0), "first_name"), ==,
                   "Femke");
  g_assert_cmpstr (ct_record_get (again->household, "health_mental"), ==,
                   ct_session_can_read (s, CT_CATEGORY_HEALTH) ? "Canary gezondheid" : NULL);
  ct_core_test_session_free (s);
}

/* Outside the household's need-to-know a member may patch its case's
 * general fields only; a category it may not read, nowhere. */
static void
test_patch_limited (Fixture      *f,
                    gconstpointer data)
{
  CtSession *s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCaseView) view = ct_case_load (s, f->case_b, &error);
  g_autoptr(CtCasePatch) justice = ct_case_patch_new ();
  g_autoptr(CtCasePatch) health = ct_case_patch_new ();
  g_autoptr(CtCaseView) again = NULL;
  CtSession *regie;

  g_assert_no_error (error);
  g_assert_true (ct_session_can_read (s, CT_CATEGORY_JUSTICE));
  ct_case_patch_set (justice, view->case_record, "question", "Overgeschreven");
  ct_case_patch_set (justice, view->case_record, "question_justice", "Overgeschreven");
  g_assert_false (ct_case_patch_apply (justice, s, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  ct_case_patch_set (health, view->case_record, "question_health", "Overgeschreven");
  g_assert_false (ct_case_patch_apply (health, s, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  ct_core_test_session_free (s);

  regie = ct_core_test_unlock (f->team.path, "regie", PASS);
  again = ct_case_load (regie, f->case_b, NULL);
  g_assert_cmpstr (ct_record_get (again->case_record, "question"), ==, "Algemene vraag");
  g_assert_null (ct_record_get (again->case_record, "question_justice"));
  g_assert_null (ct_record_get (again->case_record, "question_health"));
  g_clear_pointer (&again, ct_case_view_free);
  ct_core_test_session_free (regie);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/case-view/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("overview", test_overview);
  ADD ("overview-limited", test_overview_limited);
  ADD ("overview-reader", test_overview_reader);
  ADD ("overview-first", test_overview_first);
  ADD ("load", test_load);
  ADD ("load-page-extras", test_load_page_extras);
  ADD ("load-limited", test_load_limited);
  ADD ("load-async", test_load_async);
  ADD ("load-extras", test_load_extras);
  ADD ("patch", test_patch);
  ADD ("patch-limited", test_patch_limited);
#undef ADD
  return g_test_run ();
}
