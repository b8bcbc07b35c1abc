/* test-sync-signed.c — signed rows travel between replicas: an
 * explicit involvement and a restriction of processing
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Copies of one team file, each a replica opened by its own member, write
 * and sync through a temporary folder in different orders. Each test
 * checks the raw rows (every replica must hold the same bytes), and that
 * a change file carrying such a row from a member who may not make it,
 * or with a signature its author did not make, is refused with the
 * reason and applies nothing. The other writes that are not a plain
 * insert, update or delete are test-sync-writes.c. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

typedef CtSyncTestWrites Fixture;

/* An involvement added on one laptop verifies on another; taking it out
 * on one laptop while another adds it again ends alike on every replica
 * (the later write holds); a signed row its author did not sign, and a
 * taking out by someone who may not, are refused. */
static void
test_involvement (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *p = ct_sync_test_replica (&f->sync, "politie");
  CtSession *r = ct_sync_test_replica (&f->sync, "regie");
  gint64 politie = ct_sync_test_member (a, "politie")->id;
  guint8 forged[2 * CT_MEMBER_ID_SIZE + 10 + crypto_sign_BYTES];

  g_assert_true (ct_session_add_involvement (a, f->sync.household, politie, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (p, f->sync.folder);
  g_assert_true (ct_sync_test_lists_involved (b, f->sync.household, "politie"));
  g_assert_cmpint (ct_core_test_query_int (p->db, "SELECT count(*) FROM involvements"), ==, 1);
  ct_sync_test_writes_assert_same (a, b);

  /* Concurrently: A takes politie out, B adds them again a second later
   * on the core's clock, which the stamps read (no wait for the real one). */
  now = ct_clock_now_utc ();
  later = g_date_time_add_seconds (now, 1);
  ct_clock_set_now_for_testing (now);
  g_assert_true (ct_session_remove_involvement (a, f->sync.household, politie, &error));
  g_assert_no_error (error);
  ct_clock_set_now_for_testing (later);
  g_assert_true (ct_session_add_involvement (b, f->sync.household, politie, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (p, f->sync.folder);
  g_assert_true (ct_sync_test_lists_involved (a, f->sync.household, "politie"));
  g_assert_true (ct_sync_test_lists_involved (b, f->sync.household, "politie"));
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, p);

  /* Politie steps out themselves: that travels too. */
  g_assert_true (ct_session_remove_involvement (p, f->sync.household, politie, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (p, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  g_assert_false (ct_sync_test_lists_involved (a, f->sync.household, "politie"));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM involvements"), ==, 0);

  /* The regisseur's laptop plants a row signed, it claims, by the
   * beheerder: refused, and nothing of it applied. */
  memcpy (forged, ct_sync_test_member (r, "politie")->uid, CT_MEMBER_ID_SIZE);
  memcpy (forged + CT_MEMBER_ID_SIZE, ct_sync_test_member (r, "beheer")->uid, CT_MEMBER_ID_SIZE);
  memcpy (forged + 2 * CT_MEMBER_ID_SIZE, "2026-06-01", 10);
  memset (forged + 2 * CT_MEMBER_ID_SIZE + 10, 7, crypto_sign_BYTES);
  g_assert_true (_ct_session_sync_capture_signed (r, CT_SYNC_SIGNED_PUT, "involvements",
                                                  f->sync.household, "member:x", forged,
                                                  sizeof forged, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (r, f->sync.folder);
  refusals = ct_sync_test_refusals (a, f->sync.folder);
  g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM involvements"), ==, 0);

  /* The police laptop takes the beheerder's involvement out of a
   * household it has no say over: refused. */
  g_clear_pointer (&refusals, g_free);
  g_assert_true (ct_session_add_involvement (a, f->sync.household,
                                             ct_sync_test_member (a, "regie")->id, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  /* the regisseur's file, refused here too */
  refusals = ct_sync_test_refusals (b, f->sync.folder);
  g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
  g_assert_true (ct_sync_test_lists_involved (b, f->sync.household, "regie"));
  g_clear_pointer (&refusals, g_free);
  {
    CtSession *q = ct_sync_test_replica (&f->sync, "politie");

    g_assert_true (_ct_session_sync_capture_signed (q, CT_SYNC_SIGNED_DROP, "involvements",
                                                    f->sync.household, "member:y",
                                                    ct_sync_test_member (q, "regie")->uid,
                                                    CT_MEMBER_ID_SIZE, &error));
    g_assert_no_error (error);
    refusals = ct_sync_test_refusals (q, f->sync.folder);  /* it too refuses the regisseur's file */
    g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
    g_clear_pointer (&refusals, g_free);
    refusals = ct_sync_test_refusals (b, f->sync.folder);
    g_assert_nonnull (strstr (refusals, "it takes a member out of a household"));
    g_assert_true (ct_sync_test_lists_involved (b, f->sync.household, "regie"));
    ct_core_test_session_free (q);
  }

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (p);
  ct_core_test_session_free (r);
  ct_clock_set_now_for_testing (NULL);
}

/* Whether @session's case list shows the household. */
static gboolean
lists_household (CtSession *session,
                 gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = ct_case_overview_list (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, CtCaseOverview, i).household_id == household)
      return TRUE;
  return FALSE;
}

static gboolean
restricted (CtSession *session,
            gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRestriction) restriction = ct_session_get_restriction (session, household, &error);

  g_assert_no_error (error);
  return restriction != NULL;
}

static void
put_text (GByteArray *out,
          const char *text)
{
  guint8 len[2] = { (guint8) strlen (text), 0 };

  g_byte_array_append (out, len, 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

/* A restriction placed on one laptop restricts on every replica (and
 * hides the household from the police's list there), a lift on another
 * lifts it everywhere, the rows the same bytes on each; a placement or a
 * lift by a role that may not, or with a signature its author did not
 * make, is refused and applies nothing. */
static void
test_restriction (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  g_autoptr(GByteArray) forged = g_byte_array_new ();
  guint8 signature[crypto_sign_BYTES];
  guint8 junk[crypto_sign_BYTES];
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *p = ct_sync_test_replica (&f->sync, "politie");
  CtSession *r = ct_sync_test_replica (&f->sync, "regie");
  sqlite3_stmt *stmt = NULL;
  CtSyncSummary summary;

  g_assert_true (lists_household (p, f->sync.household));
  g_assert_true (ct_session_restrict (a, f->sync.household, CT_RESTRICT_OBJECTION, "Bezwaar loopt",
                                      &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  /* The sync names the household as gone from the lists of the police
   * laptop, which may not see it now, and not of a beheerder's. */
  ct_sync_test_sync (b, f->sync.folder, &summary);
  g_assert_null (summary.hidden);
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync (p, f->sync.folder, &summary);
  g_assert_nonnull (summary.hidden);
  g_assert_cmpuint (summary.hidden->len, ==, 1);
  g_assert_cmpint (g_array_index (summary.hidden, gint64, 0), ==, f->sync.household);
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync_quietly (r, f->sync.folder);
  g_assert_true (restricted (b, f->sync.household));
  g_assert_true (restricted (p, f->sync.household));
  g_assert_false (lists_household (p, f->sync.household));
  g_assert_true (lists_household (b, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (b->db, "SELECT count(*) FROM restrictions"), ==, 1);
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, p);

  /* Lifted on another laptop: lifted everywhere. */
  g_assert_true (ct_session_lift_restriction (b, f->sync.household, "Bezwaar afgewezen", &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (p, f->sync.folder);
  g_assert_false (restricted (a, f->sync.household));
  g_assert_false (restricted (p, f->sync.household));
  g_assert_true (lists_household (p, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM restrictions"), ==, 1);
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, p);

  /* The regisseur's laptop plants a placement signed, it claims, by the
   * beheerder: refused, nothing applied. */
  memset (junk, 7, sizeof junk);
  put_text (forged, "bezwaar");
  g_byte_array_append (forged, ct_sync_test_member (r, "beheer")->uid, CT_MEMBER_ID_SIZE);
  g_byte_array_append (forged, (const guint8 *) "2026-06-01T10:00:00Z", 20);
  g_byte_array_append (forged, junk, sizeof junk);
  put_text (forged, "");
  g_assert_true (_ct_session_sync_capture_signed (r, CT_SYNC_SIGNED_PUT, "restrictions",
                                                  f->sync.household, "restriction:x", forged->data,
                                                  forged->len, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (r, f->sync.folder);
  refusals = ct_sync_test_refusals (a, f->sync.folder);
  g_assert_nonnull (strstr (refusals, "restricts a household’s processing with a signature that "
                                      "its author did not make"));
  g_assert_false (restricted (a, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM restrictions"), ==, 1);
  g_clear_pointer (&refusals, g_free);

  /* Placed again on A; a lift the police laptop makes of it, and one the
   * regisseur's signs with a signature that is not theirs: refused. */
  g_assert_true (ct_session_restrict (a, f->sync.household, CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  g_assert_cmpint (sqlite3_prepare_v2 (a->db, "SELECT signature FROM restrictions WHERE "
                                              "lifted_by IS NULL", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  memcpy (signature, sqlite3_column_blob (stmt, 0), sizeof signature);
  sqlite3_finalize (stmt);
  {
    CtSession *q = ct_sync_test_replica (&f->sync, "politie");
    CtSession *s = ct_sync_test_replica (&f->sync, "regie");
    CtSession *sessions[] = { q, s };

    for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
      {
        g_autoptr(GByteArray) lift = g_byte_array_new ();

        /* The forger has seen the placement, so every replica applies it
         * before the forged lift, whatever order the device ids give. */
        g_free (ct_sync_test_refusals (sessions[i], f->sync.folder));
        g_byte_array_append (lift, signature, sizeof signature);
        g_byte_array_append (lift,
                             ct_sync_test_member (sessions[i],
                                                  i == 0 ? "politie" : "regie")->uid,
                             CT_MEMBER_ID_SIZE);
        g_byte_array_append (lift, (const guint8 *) "2026-06-02T10:00:00Z", 20);
        g_byte_array_append (lift, junk, sizeof junk);
        put_text (lift, "Opgeheven");
        g_assert_true (_ct_session_sync_capture_signed (sessions[i], CT_SYNC_SIGNED_DROP,
                                                        "restrictions", f->sync.household,
                                                        "restriction:y", lift->data, lift->len,
                                                        &error));
        g_assert_no_error (error);
        g_free (ct_sync_test_refusals (sessions[i], f->sync.folder));
      }
    refusals = ct_sync_test_refusals (b, f->sync.folder);
    g_assert_nonnull (strstr (refusals, "which only a beheerder or a regisseur may do"));
    g_assert_nonnull (strstr (refusals, "lifts a restriction with a signature that its author "
                                        "did not make"));
    g_assert_true (restricted (b, f->sync.household));
    ct_core_test_session_free (q);
    ct_core_test_session_free (s);
  }

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (p);
  ct_core_test_session_free (r);
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-writes/involvement", Fixture, NULL, ct_sync_test_writes_setup,
              test_involvement, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/restriction", Fixture, NULL, ct_sync_test_writes_setup,
              test_restriction, ct_sync_test_writes_teardown);
  return g_test_run ();
}
