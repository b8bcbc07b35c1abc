/* test-meeting-core.c — agenda, closing an item, refusals, the table view
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-clock.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-meeting.h"

#define PASS "geheim geheim"

static CtCoreTestTeam team;

static CtSession *
unlock (const char *login)
{
  return ct_core_test_unlock (team.path, login, PASS);
}

static void
make_team (void)
{
  CtVaultCreateInfo info = { "Team Overleg", "voorzitter", "Vera Voorzitter", CT_ROLE_VOORZITTER,
                             TRUE, PASS };
  static const CtCoreTestMember members[] = {
    { "regisseur", "Rob Regisseur", CT_ROLE_REGISSEUR },
    { NULL },
  };

  ct_core_test_team_create (&team, "ct-meeting-XXXXXX", &info);
  ct_core_test_enrol_members (team.path, "voorzitter", PASS, members);
  /* Tests the meeting cycle for every case on the agenda: involvement is test-involvement's. */
  ct_core_test_need_to_know_off (team.path, "voorzitter", PASS);
}

static gint64
make_case (CtSession *regisseur,
           gint64    *household_out)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  g_autoptr(CtRecord) consent = ct_record_new ("consents");
  g_autoptr(CtRecord) zrm = ct_record_new ("zrm");
  static guint n_cases;
  g_autofree char *number = g_strdup_printf ("2026-%03u", ++n_cases);
  gint64 household_id, case_id;

  ct_record_set (household, "area", "Centrum");
  household_id = ct_core_test_insert (regisseur, household);
  ct_record_set_int (person, "household_id", household_id);
  ct_record_set (person, "first_name", "Fatima");
  ct_record_set (person, "last_name", "van den Berg");
  ct_record_set (person, "bsn", "111222333");
  ct_record_set (person, "birth_date", "1984-02-29");
  ct_core_test_insert (regisseur, person);

  ct_record_set_int (c, "household_id", household_id);
  ct_record_set (c, "number", number);
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "summary", "Schulden en dreigende huisuitzetting");
  ct_record_set (c, "status", "aangemeld");
  case_id = ct_core_test_insert (regisseur, c);

  ct_record_set_int (consent, "case_id", case_id);
  ct_record_set (consent, "category", "finance");
  ct_record_set (consent, "purpose", "delen_aan_tafel");
  ct_record_set (consent, "basis", "toestemming");
  ct_record_set (consent, "given_on", "2026-01-05");
  ct_record_set (consent, "share_at_table", "true");
  ct_core_test_insert (regisseur, consent);

  ct_record_set_int (zrm, "case_id", case_id);
  ct_record_set (zrm, "assessed_on", "2026-01-06");
  ct_record_set (zrm, "kind", "intake");
  ct_record_set (zrm, "financien", "1");
  ct_record_set (zrm, "geestelijke_gezondheid", "2");
  ct_core_test_insert (regisseur, zrm);

  *household_out = household_id;
  return case_id;
}

static gint64
make_meeting (CtSession  *session,
              const char *date)
{
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");

  ct_record_set (meeting, "held_on", date);
  ct_record_set (meeting, "status", "gepland");
  return ct_core_test_insert (session, meeting);
}

static gboolean
is_awaiting (CtSession *session,
             gint64     case_id,
             gboolean  *refused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) awaiting = ct_meeting_cases_awaiting (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < awaiting->len; i++)
    {
      CtAwaitingCase *a = g_ptr_array_index (awaiting, i);

      if (ct_record_get_id (a->case_record) == case_id)
        {
          *refused = a->refused;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_meeting_cycle (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  g_autoptr(CtRecord) c = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(CtRecord) refused_action = NULL;
  gint64 household_id, case_id, meeting_id, item_id, next_meeting;
  gboolean refused = FALSE;

  case_id = make_case (regisseur, &household_id);
  g_assert_true (is_awaiting (regisseur, case_id, &refused));
  g_assert_false (refused);

  meeting_id = make_meeting (regisseur, "2026-02-03");
  item_id = ct_meeting_add_case (regisseur, meeting_id, case_id, 15, &error);
  g_assert_no_error (error);
  c = ct_session_get (regisseur, "cases", case_id, &error);
  g_assert_cmpstr (ct_record_get (c, "status"), ==, "geagendeerd");
  /* On an open meeting's agenda: not offered again. */
  g_assert_false (is_awaiting (regisseur, case_id, &refused));

  /* Without advice nothing is stored. */
  g_assert_false (ct_meeting_close_item (regisseur, item_id, NULL, "  ", NULL, "2026-02-03", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  for (int i = 0; i < 2; i++)
    {
      CtRecord *action = ct_record_new ("actions");

      ct_record_set (action, "what", i == 0 ? "Budgetbeheer starten" : "Huurachterstand regelen");
      ct_record_set (action, "partner", i == 0 ? "Kredietbank" : "Woonstichting");
      ct_record_set (action, "partner_type", i == 0 ? "schuldhulpverlening" : "woningcorporatie");
      ct_record_set (action, "due_on", "2026-03-01");
      g_ptr_array_add (actions, action);
    }
  g_assert_true (ct_meeting_close_item (regisseur, item_id, "Notities", "Bindend advies",
                                        actions, "2026-02-03", &error));
  g_assert_no_error (error);
  g_clear_pointer (&c, ct_record_unref);
  c = ct_session_get (regisseur, "cases", case_id, &error);
  g_assert_cmpstr (ct_record_get (c, "status"), ==, "advies_gegeven");
  g_assert_false (is_awaiting (regisseur, case_id, &refused));

  stored = ct_session_list (regisseur, "actions", "household_id", household_id, &error);
  g_assert_cmpuint (stored->len, ==, 2);
  refused_action = ct_record_ref (g_ptr_array_index (stored, 0));
  g_assert_cmpstr (ct_record_get (refused_action, "status"), ==, "open");

  /* The core insists on a reason; with one, the case comes back. */
  ct_record_set (refused_action, "status", "geweigerd");
  g_assert_false (ct_session_update (regisseur, refused_action, &error));
  g_clear_error (&error);
  ct_record_set (refused_action, "refusal_reason", "Geen capaciteit");
  g_assert_true (ct_session_update (regisseur, refused_action, &error));
  g_assert_no_error (error);
  g_assert_true (is_awaiting (regisseur, case_id, &refused));
  g_assert_true (refused);

  /* Once on a new agenda and discussed, the old refusal no longer counts. */
  g_assert_true (ct_meeting_set_status (regisseur, meeting_id, "gesloten", &error));
  next_meeting = make_meeting (regisseur, "2026-02-10");
  item_id = ct_meeting_add_case (regisseur, next_meeting, case_id, 15, &error);
  g_assert_no_error (error);
  g_assert_true (ct_meeting_close_item (regisseur, item_id, NULL, "Nieuw advies", NULL,
                                        "2026-02-10", &error));
  g_assert_false (is_awaiting (regisseur, case_id, &refused));
  ct_core_test_session_free (g_steal_pointer (&regisseur));
}

static void
assert_positions (CtSession    *session,
                  gint64        meeting_id,
                  const gint64 *ids,
                  guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ct_meeting_list_agenda (session, meeting_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (ct_record_get_id (g_ptr_array_index (items, i)), ==, ids[i]);
}

/* An open meeting's agenda takes a new order; a closed meeting's keeps
 * what was discussed, all of it, until the meeting is reopened. */
static void
test_order_closed (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtCoreTestSession) chair = NULL;
  g_autoptr(GError) error = NULL;
  gint64 household_id, meeting_id;
  gint64 ids[2], swapped[2];

  meeting_id = make_meeting (regisseur, "2026-02-17");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = ct_meeting_add_case (regisseur, meeting_id, make_case (regisseur, &household_id),
                                    15, &error);
      g_assert_no_error (error);
    }
  swapped[0] = ids[1];
  swapped[1] = ids[0];
  g_assert_true (ct_meeting_set_order (regisseur, swapped, 2, &error));
  g_assert_no_error (error);
  assert_positions (regisseur, meeting_id, swapped, 2);

  g_assert_true (ct_meeting_set_status (regisseur, meeting_id, "gesloten", &error));
  g_assert_no_error (error);
  g_assert_false (ct_meeting_set_order (regisseur, ids, 2, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Status: "));
  g_clear_error (&error);
  assert_positions (regisseur, meeting_id, swapped, 2);
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  chair = unlock ("voorzitter");
  g_assert_true (ct_meeting_reopen (chair, meeting_id, "Volgorde klopte niet", &error));
  g_assert_no_error (error);
  g_assert_true (ct_meeting_set_order (chair, ids, 2, &error));
  g_assert_no_error (error);
  assert_positions (chair, meeting_id, ids, 2);
}

typedef struct
{
  CtMeetingAgenda *agenda;
  GError          *error;
  gboolean         done;
} AgendaRead;

static gpointer
read_agenda (CtSession     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return ct_meeting_agenda_load (reader, *(gint64 *) data, error);
}

static void
agenda_read (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  AgendaRead *read = data;

  read->agenda = ct_session_read_finish (CT_SESSION (source), result, &read->error);
  read->done = TRUE;
}

/* A meeting's agenda in one read, through a reader in a worker as the
 * meetings page does: the cases on it with their general fields only, and
 * the same cases awaiting the team as ct_meeting_cases_awaiting() says. */
static void
test_agenda_load (void)
{
  g_autoptr(CtSession) regisseur = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) awaiting = NULL;
  AgendaRead read = { 0 };
  gint64 household_id, on_agenda, waiting, meeting_id;
  gboolean refused;
  CtRecord *c;

  on_agenda = make_case (regisseur, &household_id);
  waiting = make_case (regisseur, &household_id);
  meeting_id = make_meeting (regisseur, "2026-03-03");
  ct_meeting_add_case (regisseur, meeting_id, on_agenda, 20, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_can_read (regisseur, CT_CATEGORY_FINANCE));
  c = ct_session_get (regisseur, "cases", on_agenda, &error);
  g_assert_no_error (error);
  ct_record_set (c, "question_finance", "Schulden bij de woningcorporatie");
  g_assert_true (ct_session_update (regisseur, c, &error));
  g_assert_no_error (error);
  ct_record_unref (c);

  ct_session_read_async (regisseur, read_agenda, &meeting_id, (GDestroyNotify) ct_meeting_agenda_free,
                         NULL, agenda_read, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (read.error);
  g_assert_cmpint (ct_record_get_id (read.agenda->meeting), ==, meeting_id);
  g_assert_cmpuint (read.agenda->items->len, ==, 1);
  g_assert_cmpuint (read.agenda->cases->len, ==, 1);
  c = g_ptr_array_index (read.agenda->cases, 0);
  g_assert_cmpint (ct_record_get_id (c), ==, on_agenda);
  g_assert_nonnull (ct_record_get (c, "number"));
  /* No part of a category is decrypted: a stored one is left out. */
  g_assert_false (ct_record_is_loaded (c, "question_finance"));

  awaiting = ct_meeting_cases_awaiting (regisseur, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read.agenda->awaiting->len, ==, awaiting->len);
  for (guint i = 0; i < awaiting->len; i++)
    {
      CtAwaitingCase *a = g_ptr_array_index (awaiting, i);
      CtAwaitingCase *b = g_ptr_array_index (read.agenda->awaiting, i);

      g_assert_cmpint (ct_record_get_id (a->case_record), ==, ct_record_get_id (b->case_record));
      g_assert_cmpint (a->refused, ==, b->refused);
      g_assert_cmpint (ct_record_get_id (b->case_record), !=, on_agenda);
    }
  g_assert_true (is_awaiting (regisseur, waiting, &refused));
  ct_meeting_agenda_free (read.agenda);
  ct_core_test_session_free (g_steal_pointer (&regisseur));
}

static void
test_table_view (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtCoreTestSession) chair = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeetingCase) full = NULL;
  g_autoptr(CtMeetingCase) table = NULL;
  g_autoptr(CtMeetingCase) chair_view = NULL;
  g_autoptr(GDateTime) today = ct_clock_now_local ();
  g_autofree char *expected = NULL;
  gint64 household_id, case_id = make_case (regisseur, &household_id);

  full = ct_meeting_case_load (regisseur, case_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (full->zrm[0], ==, 1);  /* financien */
  g_assert_cmpint (full->zrm[5], ==, 2);  /* geestelijke gezondheid */

  table = ct_meeting_case_load (regisseur, case_id, TRUE, &error);
  g_assert_cmpuint (table->shared, ==, 1u << CT_CATEGORY_FINANCE);
  g_assert_cmpint (table->zrm[0], ==, 1);
  g_assert_cmpint (table->zrm[5], ==, 0);  /* health was not consented */
  g_assert_cmpuint (table->people->len, ==, 1);
  expected = g_strdup_printf ("F.B., %d", ct_meeting_age ("1984-02-29", today));
  g_assert_cmpstr (g_ptr_array_index (table->people, 0), ==, expected);
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  /* The chair reads no finance and no identity: nothing of them shows. */
  chair = unlock ("voorzitter");
  chair_view = ct_meeting_case_load (chair, case_id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chair_view->shared, ==, 0);
  g_assert_cmpint (chair_view->zrm[0], ==, 0);
  g_assert_cmpuint (chair_view->people->len, ==, 0);
  g_assert_true (ct_meeting_log_report (chair, 1, FALSE, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (g_steal_pointer (&chair));
}

static gboolean
log_has (CtSession  *session,
         const char *table,
         gint64      id,
         const char *purpose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (g_strcmp0 (entry->object_table, table) == 0 && entry->object_id == id
          && g_strcmp0 (entry->purpose, purpose) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
assert_status (CtSession  *session,
               gint64      meeting_id,
               const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", meeting_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (meeting, "status"), ==, status);
}

/* A closed meeting opens again only through ct_meeting_reopen(): by the
 * voorzitter or a beheerder, with a reason that the access log keeps. A
 * plain update back from "gesloten" is refused by the core boundary, for
 * the voorzitter too, so no path around the reason exists. */
static void
test_reopen (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock ("regisseur");
  g_autoptr(CtCoreTestSession) chair = NULL;
  g_autoptr(CtRecord) meeting = NULL;
  g_autoptr(GError) error = NULL;
  gint64 meeting_id = make_meeting (regisseur, "2026-03-03");

  /* Not closed yet: nothing to reopen. */
  ct_core_test_session_free (g_steal_pointer (&regisseur));
  chair = unlock ("voorzitter");
  g_assert_false (ct_meeting_reopen (chair, meeting_id, "Te vroeg gesloten", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Status: "));
  g_clear_error (&error);
  g_assert_true (ct_meeting_set_status (chair, meeting_id, "gesloten", &error));
  g_assert_no_error (error);
  ct_core_test_session_free (g_steal_pointer (&chair));

  /* A regisseur may not, by either path. */
  regisseur = unlock ("regisseur");
  g_assert_false (ct_meeting_reopen (regisseur, meeting_id, "Vergeten punt", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_meeting_set_status (regisseur, meeting_id, "bezig", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_true (g_str_has_prefix (error->message, "Status: "));
  g_clear_error (&error);
  assert_status (regisseur, meeting_id, "gesloten");
  ct_core_test_session_free (g_steal_pointer (&regisseur));

  /* The voorzitter: not around the reason, not with a blank one. */
  chair = unlock ("voorzitter");
  meeting = ct_session_get (chair, "meetings", meeting_id, &error);
  ct_record_set (meeting, "status", "gepland");
  g_assert_false (ct_session_update (chair, meeting, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_meeting_reopen (chair, meeting_id, "  \n ", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Reason: "));
  g_clear_error (&error);
  assert_status (chair, meeting_id, "gesloten");

  g_assert_true (ct_meeting_reopen (chair, meeting_id, " Punt 3 was niet besproken ", &error));
  g_assert_no_error (error);
  assert_status (chair, meeting_id, "bezig");
  g_assert_true (log_has (chair, "meetings", meeting_id,
                          "reopen meeting; Punt 3 was niet besproken"));
  /* Open again, it closes as any meeting does. */
  g_assert_true (ct_meeting_set_status (chair, meeting_id, "gesloten", &error));
  g_assert_no_error (error);
  ct_core_test_session_free (g_steal_pointer (&chair));
}

static void
test_initials (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 2, 28, 12, 0, 0);
  g_autofree char *a = ct_meeting_initials ("Fatima", "Bakker");
  g_autofree char *b = ct_meeting_initials ("émile", "de Vries");

  g_assert_cmpstr (a, ==, "F.B.");
  g_assert_cmpstr (b, ==, "É.V.");
  g_assert_cmpint (ct_meeting_age ("1984-02-29", day), ==, 41);
  g_assert_cmpint (ct_meeting_age (NULL, day), ==, -1);
}

static char *
next_date (const char * const *held_on,
           int                  year,
           int                  month,
           int                  day)
{
  g_autoptr(GPtrArray) meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  g_autoptr(GDateTime) today = g_date_time_new_local (year, month, day, 12, 0, 0);

  for (guint i = 0; held_on[i] != NULL; i++)
    {
      CtRecord *meeting = ct_record_new ("meetings");

      ct_record_set (meeting, "held_on", held_on[i]);
      g_ptr_array_add (meetings, meeting);
    }
  return ct_meeting_next_date (meetings, today);
}

/* The planning dialog's default: the team's weekday after its latest
 * meeting, never in the past; today for a team that never met. */
static void
test_next_date (void)
{
  const char * const none[] = { NULL };
  /* Tuesdays, not in order: the latest counts, not the last stored. */
  const char * const tuesdays[] = { "2026-02-24", "2026-02-03", NULL };
  const char * const planned_today[] = { "2026-03-03", NULL };
  const char * const planned_ahead[] = { "2026-03-10", "2026-02-24", NULL };
  const char * const unreadable[] = { "kapot", NULL };
  struct { const char * const *held_on; int y, m, d; const char *expected; } cases[] = {
    { none, 2026, 2, 28, "2026-02-28" },
    { tuesdays, 2026, 2, 28, "2026-03-03" },  /* a Saturday: the coming Tuesday */
    { tuesdays, 2026, 3, 3, "2026-03-03" },   /* a Tuesday without a meeting: today */
    { tuesdays, 2026, 2, 25, "2026-03-03" },  /* the day after the latest */
    { planned_today, 2026, 3, 3, "2026-03-10" },
    { planned_ahead, 2026, 2, 28, "2026-03-17" },
    { tuesdays, 2026, 12, 30, "2027-01-05" },
    { unreadable, 2026, 2, 28, "2026-02-28" },
  };
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 2, 28, 12, 0, 0);
  g_autofree char *without = ct_meeting_next_date (NULL, today);

  g_assert_cmpstr (without, ==, "2026-02-28");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = next_date (cases[i].held_on, cases[i].y, cases[i].m, cases[i].d);

      g_assert_cmpstr (date, ==, cases[i].expected);
    }
}

static guint
shared_at_table (CtSession *session,
                 gint64     case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtMeetingCase) mcase = ct_meeting_case_load (session, case_id, TRUE, &error);

  g_assert_no_error (error);
  return mcase->shared;
}

/* A withdrawal is never edited away; giving consent again is a new row,
 * and the projector follows the newest row of each category and purpose. */
static void
test_consent_newest (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock ("regisseur");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(CtRecord) newer = ct_record_new ("consents");
  CtRecord *consent;
  gint64 household_id, case_id = make_case (regisseur, &household_id);
  gint64 withdrawn_id, again_id;

  consents = ct_session_list (regisseur, "consents", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 1);
  consent = g_ptr_array_index (consents, 0);
  withdrawn_id = ct_record_get_id (consent);
  g_assert_cmpuint (shared_at_table (regisseur, case_id), ==, 1u << CT_CATEGORY_FINANCE);

  /* Not withdrawn: nothing to reinstate. */
  g_assert_cmpint (ct_session_reinstate_consent (regisseur, withdrawn_id, NULL, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  ct_record_set (consent, "withdrawn_on", "2026-01-10");
  g_assert_true (ct_session_update (regisseur, consent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shared_at_table (regisseur, case_id), ==, 0);

  /* Neither cleared nor moved. */
  ct_record_set (consent, "withdrawn_on", NULL);
  g_assert_false (ct_session_update (regisseur, consent, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Withdrawn on"));
  g_clear_error (&error);
  ct_record_set (consent, "withdrawn_on", "2026-01-11");
  g_assert_false (ct_session_update (regisseur, consent, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* Not before the withdrawal; then a new row from the day given. */
  g_assert_cmpint (ct_session_reinstate_consent (regisseur, withdrawn_id, "2026-01-09", &error),
                   ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "before it was withdrawn"));
  g_clear_error (&error);
  again_id = ct_session_reinstate_consent (regisseur, withdrawn_id, "2026-01-12", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again_id, >, withdrawn_id);
  g_clear_pointer (&consents, g_ptr_array_unref);
  consents = ct_session_list (regisseur, "consents", "case_id", case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consents->len, ==, 2);
  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);
      gboolean old = ct_record_get_id (r) == withdrawn_id;

      g_assert_cmpstr (ct_record_get (r, "withdrawn_on"), ==, old ? "2026-01-10" : NULL);
      g_assert_cmpstr (ct_record_get (r, "given_on"), ==, old ? "2026-01-05" : "2026-01-12");
      g_assert_cmpstr (ct_record_get (r, "category"), ==, "finance");
      g_assert_cmpstr (ct_record_get (r, "purpose"), ==, "delen_aan_tafel");
      g_assert_cmpstr (ct_record_get (r, "share_at_table"), ==, "true");
      if (!old)
        g_assert_cmpint (g_ascii_strtoll (ct_record_get (r, "recorded_by"), NULL, 10), ==,
                         ct_session_get_member_id (regisseur));
    }
  g_assert_cmpuint (shared_at_table (regisseur, case_id), ==, 1u << CT_CATEGORY_FINANCE);
  /* A newer consent that does not share at the table decides in turn. */
  ct_record_set_int (newer, "case_id", case_id);
  ct_record_set (newer, "category", "finance");
  ct_record_set (newer, "purpose", "delen_aan_tafel");
  ct_record_set (newer, "basis", "toestemming");
  ct_record_set (newer, "given_on", "2026-01-20");
  ct_record_set (newer, "share_at_table", "false");
  ct_core_test_insert (regisseur, newer);
  g_assert_cmpuint (shared_at_table (regisseur, case_id), ==, 0);
  ct_core_test_session_free (g_steal_pointer (&regisseur));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ct_core_test_init (&argc, &argv);
  make_team ();

  g_test_add_func ("/meeting/cycle", test_meeting_cycle);
  g_test_add_func ("/meeting/order-closed", test_order_closed);
  g_test_add_func ("/meeting/agenda-load", test_agenda_load);
  g_test_add_func ("/meeting/table-view", test_table_view);
  g_test_add_func ("/meeting/consent-newest", test_consent_newest);
  g_test_add_func ("/meeting/reopen", test_reopen);
  g_test_add_func ("/meeting/initials", test_initials);
  g_test_add_func ("/meeting/next-date", test_next_date);
  ret = g_test_run ();

  ct_core_test_team_clear (&team);
  return ret;
}
