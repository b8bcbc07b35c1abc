/* test-restrict.c — restriction of processing (AVG art. 18)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The household's regisseur or a beheerder restricts a household with a
 * ground and lifts it with a reason; both are signed rows verified
 * against the team chain and logged naming the household. While it holds,
 * every write to the household's case data is refused with a message
 * naming the restriction (its consents excepted), the evaluator's export
 * and the projector leave it out and the inzage says so; erasure still
 * works. Rows forged, copied or signed by another role with the stock
 * sqlcipher tool's writes restrict and lift nothing. */

#include "config.h"

#include <string.h>

#include "ct-budget.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-export-private.h"
#include "ct-inzage.h"
#include "ct-match.h"
#include "ct-meeting.h"
#include "ct-retention.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"

#define JUSTIFY "Bijzondere uitleg voor de fietsreparatie"

#define PASS "geheim geheim"

enum { A, B, N_HOUSEHOLDS };

typedef struct
{
  CtCoreTestTeam team;
  gint64         household[N_HOUSEHOLDS];
  gint64         person[N_HOUSEHOLDS];
  gint64         kase[N_HOUSEHOLDS];
  gint64         meeting;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Beperkt", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");

  ct_core_test_team_create (&f->team, "ct-restrict-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, ct_core_test_case_members);
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  for (guint i = 0; i < N_HOUSEHOLDS; i++)
    {
      g_autoptr(CtRecord) household = ct_record_new ("households");
      g_autoptr(CtRecord) person = ct_record_new ("persons");
      g_autoptr(CtRecord) kase = ct_record_new ("cases");
      gint64 regisseur = ct_core_test_member_id (admin, i == A ? "regie" : "andere");

      ct_record_set (household, "area", "Noord");
      ct_record_set (person, "last_name", i == A ? "Qvanderzandt" : "Xoppelaar");
      ct_record_set (person, "birth_date", "1980-04-01");
      ct_record_set (kase, "status", i == A ? "aangemeld" : "in_uitvoering");
      ct_record_set (kase, "summary", "Canary samenvatting");
      f->household[i] = ct_core_test_add_household (admin, household, person, kase, i + 1,
                                                    regisseur, &f->person[i], &f->kase[i]);
    }
  ct_record_set (meeting, "held_on", "2026-02-01");
  ct_record_set (meeting, "status", "gepland");
  f->meeting = ct_core_test_insert (admin, meeting);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

/* Tries the writes a restriction refuses on household @h; each must give
 * @expect (0: succeed). */
static void
assert_writes (Fixture   *f,
               CtSession *s,
               guint      h,
               int        expect)
{
  g_autoptr(CtRecord) household = ct_session_get (s, "households", f->household[h], NULL);
  g_autoptr(CtRecord) kase = ct_session_get (s, "cases", f->kase[h], NULL);
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(CtRecord) zrm = ct_record_new ("zrm");
  g_autoptr(CtRecord) item = ct_record_new ("agenda_items");
  CtRecord *inserts[] = { person, action, zrm, item };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ct_record_set (household, "area", "Zuid");
  ct_record_set (kase, "summary", "Nieuwe samenvatting");
  ct_record_set_int (person, "household_id", f->household[h]);
  ct_record_set (person, "first_name", "Nieuw");
  ct_record_set (person, "last_name", "Lid");
  ct_record_set_int (action, "household_id", f->household[h]);
  ct_record_set (action, "what", "Huisbezoek");
  ct_record_set (action, "status", "open");
  ct_record_set_int (zrm, "case_id", f->kase[h]);
  ct_record_set (zrm, "assessed_on", "2026-01-10");
  ct_record_set (zrm, "kind", "intake");
  ct_record_set_int (item, "meeting_id", f->meeting);
  ct_record_set_int (item, "case_id", f->kase[h]);
  ct_record_set (item, "status", "wachtend");

  for (guint i = 0; i < 2; i++)
    {
      ok = ct_session_update (s, i == 0 ? household : kase, &error);
      if (expect == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, CT_ERROR, expect);
      g_assert_nonnull (strstr (error->message, "restricted (Accuracy contested)"));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (inserts); i++)
    {
      gint64 id = ct_session_insert (s, inserts[i], &error);

      if (expect == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (id, >, 0);
          continue;
        }
      g_assert_cmpint (id, ==, 0);
      g_assert_error (error, CT_ERROR, expect);
      g_clear_error (&error);
    }
  ok = ct_session_delete (s, "persons", f->person[h], &error);
  if (expect == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, CT_ERROR, expect);
    }
}

static gboolean
logged (CtSession  *s,
        gint64      household,
        const char *purpose)
{
  g_autoptr(GPtrArray) log = ct_session_read_household_log (s, household, NULL);

  g_assert_nonnull (log);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      g_assert_null (strstr (e->purpose, "Canary"));
      if (g_strcmp0 (e->purpose, purpose) == 0 && e->household_id == household)
        return TRUE;
    }
  return FALSE;
}

static void
test_place_lift (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(CtRestriction) r = NULL;
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(CtRecord) consent = ct_record_new ("consents");

  /* Not for politie, nor for the regisseur of another household. */
  g_assert_false (ct_session_may_restrict (s, f->household[A]));
  g_assert_false (ct_session_restrict (s, f->household[A], CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "andere", PASS);
  g_assert_false (ct_session_restrict (s, f->household[A], CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_assert_true (ct_session_may_restrict (s, f->household[A]));
  g_assert_false (ct_session_restrict (s, 424242, CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ct_session_get_restriction (s, f->household[A], &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_restrict (s, f->household[A], CT_RESTRICT_ACCURACY,
                                      "  Canary: adres klopt niet  ", &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_restrict (s, f->household[A], CT_RESTRICT_OBJECTION, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_EXISTS);
  g_clear_error (&error);
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpint (r->ground, ==, CT_RESTRICT_ACCURACY);
  g_assert_cmpstr (r->reason, ==, "Canary: adres klopt niet");
  g_assert_cmpstr (r->login, ==, "regie");
  g_assert_cmpuint (strlen (r->placed_at), ==, 20);
  set = ct_session_list_restricted (s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (set), ==, 1);
  g_assert_true (g_hash_table_contains (set, &f->household[A]));
  g_assert_true (logged (s, f->household[A], "restrict processing; juistheid_betwist"));

  /* Refused while it holds, for A only; a consent stays the client's. */
  assert_writes (f, s, A, CT_ERROR_RESTRICTED);
  assert_writes (f, s, B, 0);
  ct_record_set_int (consent, "case_id", f->kase[A]);
  ct_record_set (consent, "category", "identity");
  ct_record_set (consent, "purpose", "evaluatie");
  ct_record_set (consent, "basis", "toestemming");
  ct_record_set (consent, "given_on", "2026-01-05");
  g_assert_cmpint (ct_session_insert (s, consent, &error), >, 0);
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Others who see the household see the ground, not the text. */
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_clear_pointer (&r, ct_restriction_free);
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->ground, ==, CT_RESTRICT_ACCURACY);
  g_assert_null (r->reason);
  g_assert_false (ct_session_lift_restriction (s, f->household[A], "Opgelost", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Lifting needs a reason; a beheerder may. */
  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_assert_false (ct_session_lift_restriction (s, f->household[A], "   ", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Reason: "));
  g_clear_error (&error);
  g_assert_false (ct_session_lift_restriction (s, f->household[B], "Opgelost", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (ct_session_lift_restriction (s, f->household[A], "Canary: adres nagekeken",
                                              &error));
  g_assert_no_error (error);
  g_assert_null (ct_session_get_restriction (s, f->household[A], &error));
  g_assert_no_error (error);
  g_assert_true (logged (s, f->household[A], "lift restriction"));
  assert_writes (f, s, A, 0);

  /* And it can be placed again, on the new ground. */
  g_assert_true (ct_session_restrict (s, f->household[A], CT_RESTRICT_LEGAL_CLAIM, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&r, ct_restriction_free);
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_cmpint (r->ground, ==, CT_RESTRICT_LEGAL_CLAIM);
  g_assert_null (r->reason);
}

/* A placement signed as @signer over @household, as a forger would make
 * it with that member's key. */
static void
put_signed (CtSession    *s,
            gint64        household,
            const char   *ground,
            const guint8 *signer_sk)
{
  guint8 message[256];
  guint8 signature[crypto_sign_BYTES];
  gint64 le = GINT64_TO_LE (household);
  const char *at = "2026-01-05T10:00:00Z";
  crypto_generichash_state state;
  g_autoptr(CtStmt) stmt = NULL;
  gsize n = 0;

  memcpy (message + n, "ct-restrict-v1", 15), n += 15;
  memcpy (message + n, s->chain->team_id, CT_TEAM_ID_SIZE), n += CT_TEAM_ID_SIZE;
  memcpy (message + n, &le, 8), n += 8;
  memcpy (message + n, s->member->member_uid, CT_MEMBER_ID_SIZE), n += CT_MEMBER_ID_SIZE;
  memcpy (message + n, at, 20), n += 20;
  crypto_generichash_init (&state, NULL, 0, 32);
  crypto_generichash_update (&state, (const guint8 *) ground, strlen (ground) + 1);
  crypto_generichash_final (&state, message + n, 32), n += 32;
  crypto_sign_detached (signature, NULL, message, n, signer_sk);
  stmt = ct_store_prepare (s->db, "INSERT INTO restrictions (household_id, ground, placed_by, "
                                  "placed_at, signature) VALUES (?1, ?2, ?3, ?4, ?5)", NULL);
  sqlite3_bind_int64 (stmt, 1, household);
  sqlite3_bind_text (stmt, 2, ground, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, s->member->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, at, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, signature, crypto_sign_BYTES, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
assert_free (Fixture   *f,
             CtSession *s,
             guint      h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRestriction) r = ct_session_get_restriction (s, f->household[h], &error);

  g_assert_no_error (error);
  g_assert_null (r);
}

static void
test_forged (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtRestriction) r = NULL;
  g_autofree char *sql = NULL;

  /* A true one on A, to copy from. */
  g_assert_true (ct_session_restrict (s, f->household[A], CT_RESTRICT_ACCURACY, "Echt", &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  /* 1. regie's signed row copied to B; 2. politie's own signature on B;
   * 3. a zero signature claiming the beheerder; 4. A's ground changed in
   * a copy. */
  sql = g_strdup_printf ("INSERT INTO restrictions (household_id, ground, reason, placed_by, "
                         "placed_at, signature) SELECT %" G_GINT64_FORMAT ", ground, reason, "
                         "placed_by, placed_at, signature FROM restrictions;"
                         "INSERT INTO restrictions (household_id, ground, placed_by, placed_at, "
                         "signature) VALUES (%" G_GINT64_FORMAT ", 'bezwaar', (SELECT member_uid "
                         "FROM members WHERE login = 'beheer'), '2026-01-05T10:00:00Z', "
                         "zeroblob (64));",
                         f->household[B], f->household[B]);
  ct_core_test_exec_sql (s->db, sql);
  put_signed (s, f->household[B], "bezwaar", s->identity->sign_sk);
  assert_free (f, s, B);
  g_clear_pointer (&s, ct_core_test_session_free);
  s = ct_core_test_unlock (f->team.path, "andere", PASS);
  assert_free (f, s, B);
  assert_writes (f, s, B, 0);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Forged lifts of A: politie's signature, a zero one, regie's placement
   * signature reused: A stays restricted. */
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE restrictions SET lifted_by = (SELECT member_uid FROM members "
                         "WHERE login = 'regie'), lifted_at = '2026-01-06T10:00:00Z', "
                         "lift_reason = 'weg', lift_signature = signature WHERE household_id = "
                         "%" G_GINT64_FORMAT, f->household[A]);
  ct_core_test_exec_sql (s->db, sql);
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_clear_pointer (&r, ct_restriction_free);
  ct_core_test_exec_sql (s->db,
                         "UPDATE restrictions SET lifted_by = (SELECT member_uid FROM members "
                         "WHERE login = 'politie'), lift_signature = zeroblob (64)");
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_nonnull (r);
  g_clear_pointer (&r, ct_restriction_free);
  /* A changed ground breaks the true signature: the copy is ignored, the
   * true row still holds. */
  ct_core_test_exec_sql (s->db,
                         "UPDATE restrictions SET lifted_by = NULL, lifted_at = NULL, "
                         "lift_reason = NULL, lift_signature = NULL");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE restrictions SET ground = 'bezwaar' WHERE household_id = %"
                         G_GINT64_FORMAT, f->household[A]);
  ct_core_test_exec_sql (s->db, sql);
  assert_free (f, s, A);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* A true lift does not verify once its text is changed. */
  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE restrictions SET ground = 'juistheid_betwist' WHERE "
                         "household_id = %" G_GINT64_FORMAT, f->household[A]);
  ct_core_test_exec_sql (s->db, sql);
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_nonnull (r);
  g_clear_pointer (&r, ct_restriction_free);
  g_assert_true (ct_session_lift_restriction (s, f->household[A], "Nagekeken", &error));
  g_assert_no_error (error);
  assert_free (f, s, A);
  ct_core_test_exec_sql (s->db,
                         "UPDATE restrictions SET lift_reason = 'iets anders' "
                         "WHERE lift_reason IS NOT NULL");
  r = ct_session_get_restriction (s, f->household[A], &error);
  g_assert_nonnull (r);
}

/* Left out of the evaluator's export and the projector, stated in the
 * inzage; erasure still works and takes the rows along. */
static void
test_effects (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtMeetingCase) mcase = NULL;
  g_autoptr(ExData) before = NULL;
  g_autoptr(ExData) after = NULL;
  g_autofree char *text = NULL;
  CtExportOptions options;
  sqlite3_stmt *stmt;

  ct_export_options_init (&options);
  options.profile = CT_EXPORT_AGGREGATE;
  before = _ct_export_gather (s, &options, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->cases->len, ==, 2);
  g_assert_cmpuint (before->n_restricted, ==, 0);
  text = ct_session_inzage_text (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "Verwerking beperkt"));
  g_clear_pointer (&text, g_free);

  g_assert_true (ct_session_restrict (s, f->household[A], CT_RESTRICT_OBJECTION, "Canary",
                                      &error));
  g_assert_no_error (error);
  after = _ct_export_gather (s, &options, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->cases->len, ==, 1);
  g_assert_cmpuint (after->n_restricted, ==, 1);

  mcase = ct_meeting_case_load (s, f->kase[A], TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (mcase->restricted);
  g_assert_cmpuint (mcase->people->len, ==, 0);
  g_assert_cmpuint (mcase->shared, ==, 0);
  g_clear_pointer (&mcase, ct_meeting_case_free);
  mcase = ct_meeting_case_load (s, f->kase[B], TRUE, &error);
  g_assert_false (mcase->restricted);
  g_assert_cmpuint (mcase->people->len, ==, 1);
  g_clear_pointer (&mcase, ct_meeting_case_free);

  text = ct_session_inzage_text (s, f->household[A], &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Verwerking beperkt"));
  g_assert_nonnull (strstr (text, "bezwaar gemaakt"));
  g_assert_nonnull (strstr (text, "Qvanderzandt"));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* An erasure request outranks a restriction. */
  s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  ct_session_erase (s, f->household[A], 0, "bezwaar", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (s->db, "SELECT count(*) FROM restrictions", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
}

/* Whether @s's case list (ct_case_overview_list(), the GUI list and
 * `casustafel-cli cases`) shows household @h. */
static gboolean
listed (Fixture   *f,
        CtSession *s,
        guint      h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = ct_case_overview_list (s, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    found |= g_array_index (rows, CtCaseOverview, i).household_id == f->household[h];
  return found;
}

/* What a new referral's duplicate search (ct_session_find_households())
 * gives @s of household @h: found, and with its case number or not. */
static void
assert_match (Fixture   *f,
              CtSession *s,
              guint      h,
              gboolean   shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(GPtrArray) found = NULL;
  CtHouseholdMatch *match;

  ct_record_set (person, "last_name", h == A ? "Qvanderzandt" : "Xoppelaar");
  ct_record_set (person, "birth_date", "1980-04-01");
  found = ct_session_find_households (s, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  match = g_ptr_array_index (found, 0);
  g_assert_cmpint (match->household_id, ==, f->household[h]);
  g_assert_true ((match->last_number != NULL) == shown);
  g_assert_true ((match->last_referral != NULL) == shown);
}

/* Whether case @h waits for a meeting's agenda in @s's picker. */
static gboolean
awaiting (Fixture   *f,
          CtSession *s,
          guint      h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ct_meeting_cases_awaiting (s, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    found |= ct_record_get_id (((CtAwaitingCase *) g_ptr_array_index (list, i))->case_record)
             == f->kase[h];
  return found;
}

/* A restricted household leaves every list but its regisseur's and a
 * beheerder's, in the session and in a reader of it alike. */
static void
test_hidden (Fixture      *f,
             gconstpointer data)
{
  static const struct { const char *login; gboolean sees; } roles[] = {
    { "regie", TRUE }, { "beheer", TRUE }, { "andere", FALSE }, { "politie", FALSE },
  };
  g_autoptr(GError) error = NULL;
  CtSession *s;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      s = ct_core_test_unlock (f->team.path, roles[i].login, PASS);
      g_assert_true (listed (f, s, A));
      g_assert_true (listed (f, s, B));
      ct_core_test_session_free (s);
    }
  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_assert_true (awaiting (f, s, A));
  g_assert_true (ct_session_restrict (s, f->household[A], CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_no_error (error);
  /* None of its cases can go on an agenda: the picker leaves it out. */
  g_assert_false (awaiting (f, s, A));
  ct_core_test_session_free (s);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      CtSession *reader;

      s = ct_core_test_unlock (f->team.path, roles[i].login, PASS);
      reader = _ct_session_new_reader (s, &error);
      g_assert_no_error (error);
      g_test_message ("%s", roles[i].login);
      g_assert_cmpint (listed (f, s, A), ==, roles[i].sees);
      g_assert_cmpint (listed (f, reader, A), ==, roles[i].sees);
      g_assert_true (listed (f, s, B));
      g_assert_true (listed (f, reader, B));
      if (!g_str_equal (roles[i].login, "politie"))
        {
          assert_match (f, s, A, roles[i].sees);
          assert_match (f, s, B, TRUE);
        }
      ct_core_test_session_free (reader);
      ct_core_test_session_free (s);
    }

  /* A placement copied onto another household hides nothing there. */
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  ct_core_test_exec_sql (s->db,
                         "INSERT INTO restrictions (household_id, ground, placed_by, placed_at, "
                         "signature) SELECT household_id + 1, ground, placed_by, placed_at, "
                         "signature FROM restrictions");
  g_assert_true (listed (f, s, B));
  g_assert_false (listed (f, s, A));
  ct_core_test_session_free (s);

  s = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_assert_true (ct_session_lift_restriction (s, f->household[A], "Rechtgezet", &error));
  g_assert_no_error (error);
  g_assert_true (awaiting (f, s, A));
  ct_core_test_session_free (s);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_true (listed (f, s, A));
  ct_core_test_session_free (s);
}

/* Every export blocks a restricted household: the partners' list leaves
 * its actions out without counting them, the finance workbook keeps its
 * amounts without the case's pseudonym. */
static void
test_exports (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(CtRecord) period = ct_record_new ("budget_periods");
  g_autofree char *xlsx = g_build_filename (f->team.dir, "financien.xlsx", NULL);
  g_autofree char *pseudonym = NULL;
  guint n_listed, n_withheld;
  gint64 period_id;

  ct_record_set (period, "name", "Maatwerkbudget");
  ct_record_set (period, "starts_on", "2026-01-01");
  ct_record_set (period, "ends_on", "2026-12-31");
  ct_record_set (period, "amount_cents", "100000");
  ct_record_set (period, "case_ceiling_cents", "25000");
  period_id = ct_core_test_insert (admin, period);
  for (guint h = 0; h < N_HOUSEHOLDS; h++)
    {
      g_autoptr(CtRecord) consent = ct_record_new ("consents");
      g_autoptr(CtRecord) action = ct_record_new ("actions");
      g_autoptr(CtRecord) expense = ct_record_new ("expenses");

      ct_record_set_int (consent, "case_id", f->kase[h]);
      ct_record_set (consent, "category", "housing");
      ct_record_set (consent, "purpose", "delen_met_ketenpartner");
      ct_record_set (consent, "basis", "toestemming");
      ct_record_set (consent, "given_on", "2026-02-02");
      ct_core_test_insert (admin, consent);
      ct_record_set_int (action, "household_id", f->household[h]);
      ct_record_set (action, "what", h == A ? "Canary huur" : "Huur bevriezen");
      ct_record_set (action, "partner", "Woonstede");
      ct_record_set (action, "status", "open");
      ct_record_set (action, "due_on", "2026-03-01");
      ct_record_set (action, "partner_type", "woningcorporatie");
      ct_core_test_insert (admin, action);
      ct_record_set_int (expense, "period_id", period_id);
      ct_record_set_int (expense, "case_id", f->kase[h]);
      ct_record_set (expense, "amount_cents", h == A ? "12550" : "20000");
      ct_record_set (expense, "purpose", "wonen");
      ct_record_set (expense, "spent_on", "2026-03-14");
      ct_record_set (expense, "justification", JUSTIFY);
      g_assert_cmpint (ct_budget_add_expense (admin, expense, &error), >, 0);
      g_assert_no_error (error);
    }
  pseudonym = ct_pseudonym_for_case (admin, f->kase[A], &error);
  g_assert_no_error (error);

  for (guint restricted = 0; restricted < 2; restricted++)
    {
      g_autofree char *text = NULL;
      g_autofree char *content = NULL;
      const char *argv[] = { "unzip", "-p", xlsx, NULL };
      int status;

      if (restricted)
        {
          g_assert_true (ct_session_restrict (admin, f->household[A], CT_RESTRICT_LEGAL_CLAIM,
                                              NULL, &error));
          g_assert_no_error (error);
        }
      text = ct_session_partner_actions_text (admin, "Woonstede", &n_listed, &n_withheld, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_listed, ==, restricted ? 1 : 2);
      g_assert_cmpuint (n_withheld, ==, 0);
      g_assert_nonnull (strstr (text, "2026-002"));
      g_assert_true ((strstr (text, "2026-001") == NULL) == restricted);
      g_assert_true ((strstr (text, "Canary") == NULL) == restricted);

      g_assert_true (ct_budget_export_period (admin, period_id, xlsx,
                                              &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   &content, NULL, &status, &error));
      g_assert_no_error (error);
      /* The amounts stay, so the sheet adds up to what was spent. */
      g_assert_nonnull (strstr (content, "125.5"));
      g_assert_nonnull (strstr (content, "200"));
      g_assert_true ((strstr (content, pseudonym) == NULL) == restricted);
      g_assert_true ((strstr (content, "restricted processing") != NULL) == restricted);
    }
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/restrict/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("place-lift", test_place_lift);
  ADD ("forged", test_forged);
  ADD ("effects", test_effects);
  ADD ("hidden", test_hidden);
  ADD ("exports", test_exports);
#undef ADD
  return g_test_run ();
}
