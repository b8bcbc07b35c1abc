/* test-sync.c — replicas that converge through a sync folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Copies of one team file, each a replica with a device id of its own and
 * opened by a different member (as on their own laptops), edit and sync
 * through a temporary folder in different orders. What every test checks
 * at the end is the raw rows: every replica must hold the same bytes
 * (values travel sealed, so equal ciphertext), the same conflicts and the
 * same tombstones. Damaged, forged and unauthorised change files must be
 * refused with a message naming the file and the reason, and change
 * nothing. */

/* The refused change files are test-sync-refused's; keys and the team
 * chain that travel with the changes are test-sync-keys'. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-hlc.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define PASS CT_SYNC_TEST_PASS

typedef CtSyncTestTeam Fixture;

static void
test_hlc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 31, 12, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_utc (2026, 3, 31, 11, 0, 0);
  guint64 physical, first, second, after_remote;

  /* The set clock runs on from @now, so on a loaded machine some
   * milliseconds may pass before it is read: within a second, never before. */
  ct_clock_set_now_for_testing (now);
  physical = ct_hlc_physical ();
  g_assert_cmpint (ct_hlc_millis (physical), >=, g_date_time_to_unix (now) * 1000);
  g_assert_cmpint (ct_hlc_millis (physical), <, (g_date_time_to_unix (now) + 1) * 1000);
  first = ct_hlc_tick (0, physical);
  g_assert_cmpuint (first, ==, physical);
  /* The same millisecond (the clock read as before): the counter moves on. */
  second = ct_hlc_tick (first, physical);
  g_assert_cmpuint (second, ==, first + 1);
  /* A clock set back an hour never makes a stamp go back. */
  ct_clock_set_now_for_testing (earlier);
  g_assert_cmpuint (ct_hlc_tick (second, ct_hlc_physical ()), ==, second + 1);
  /* A stamp from a laptop whose clock is ahead: every later local stamp
   * is above it. */
  after_remote = ct_hlc_observe (second, physical + (G_GUINT64_CONSTANT (5000) << 16));
  g_assert_cmpuint (ct_hlc_tick (after_remote, ct_hlc_physical ()), >,
                    physical + (G_GUINT64_CONSTANT (5000) << 16));
  g_assert_cmpuint (ct_hlc_observe (after_remote, 1), ==, after_remote);
  ct_clock_set_now_for_testing (NULL);
}

/* Three replicas edit different fields and rows; whatever the order of
 * syncing, all three end with the same bytes, and new rows get ids that
 * did not collide. */
static void
test_converge (Fixture      *f,
               gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *c = ct_sync_test_replica (f, "politie");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) other = ct_record_new ("persons");
  g_autofree char *summary = NULL;
  g_autofree char *risk = NULL;
  g_autofree char *justice = NULL;
  gint64 pa, pb;

  ct_record_set_int (person, "household_id", f->household);
  ct_record_set (person, "first_name", "Fenna");
  ct_record_set (person, "last_name", "Qvanderzandt");
  pa = ct_core_test_insert (a, person);
  ct_record_set_int (other, "household_id", f->household);
  ct_record_set (other, "first_name", "Joost");
  ct_record_set (other, "last_name", "Xoppelaar");
  pb = ct_core_test_insert (b, other);
  g_assert_cmpint (pa, !=, pb);
  /* Ids of a replica: far above the rows from before sync. */
  g_assert_cmpint (pa, >, G_GINT64_CONSTANT (1) << 40);

  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Samenvatting van Rosa");
  ct_sync_test_set_field (c, "households", f->household, "justice_info",
                          "Melding van de wijkagent");
  ct_sync_test_set_field (a, "households", f->household, "eviction_risk", "hoog");

  /* C first, then B, then A; then everyone once more, in another order. */
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);

  ct_sync_test_assert_same (a, b);
  ct_sync_test_assert_same (b, c);
  summary = ct_sync_test_get_field (c, "cases", f->kase, "summary");
  g_assert_cmpstr (summary, ==, "Samenvatting van Rosa");
  risk = ct_sync_test_get_field (b, "households", f->household, "eviction_risk");
  g_assert_cmpstr (risk, ==, "hoog");
  justice = ct_sync_test_get_field (a, "households", f->household, "justice_info");
  g_assert_cmpstr (justice, ==, "Melding van de wijkagent");
  g_free (g_steal_pointer (&summary));
  summary = ct_sync_test_get_field (a, "persons", pb, "last_name");
  g_assert_cmpstr (summary, ==, "Xoppelaar");

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

static void
assert_conflict (CtSession  *session,
                 const char *table,
                 gint64      id,
                 const char *field,
                 const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, table, id, &error);

  g_assert_no_error (error);
  if (value == NULL)
    {
      g_assert_cmpuint (conflicts->len, ==, 0);
      return;
    }
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->field, ==, field);
  g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->value, ==, value);
}

/* The laptop a conflicted value was made on is named by its member. */
static void
assert_conflict_member (CtSession  *session,
                        const char *table,
                        gint64      id,
                        const char *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, table, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((CtSyncConflict *) g_ptr_array_index (conflicts, 0))->member, ==, member);
}

/* One field, two laptops offline: both values survive, the later shown
 * and the other a conflict, the same on both; editing the field resolves
 * it, and the resolution travels. */
static void
test_conflict (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GDateTime) tuesday = g_date_time_new_utc (2026, 3, 31, 19, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *shown_a = NULL;
  g_autofree char *shown_b = NULL;
  CtSyncSummary summary;

  ct_clock_set_now_for_testing (tuesday);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Versie van Hendrik");
  ct_clock_set_now_for_testing (later);
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Versie van Rosa");
  ct_clock_set_now_for_testing (NULL);

  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync_quietly (a, f->folder);

  ct_sync_test_assert_same (a, b);
  shown_a = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  shown_b = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (shown_a, ==, "Versie van Rosa");
  g_assert_cmpstr (shown_b, ==, "Versie van Rosa");
  assert_conflict (a, "cases", f->kase, "summary", "Versie van Hendrik");
  assert_conflict (b, "cases", f->kase, "summary", "Versie van Hendrik");
  assert_conflict_member (a, "cases", f->kase, "Hendrik Bos");
  assert_conflict_member (b, "cases", f->kase, "Hendrik Bos");

  /* Hendrik resolves it on his laptop; Rosa's replica follows. */
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Samen besloten");
  assert_conflict (a, "cases", f->kase, "summary", NULL);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  assert_conflict (b, "cases", f->kase, "summary", NULL);
  g_free (shown_b);
  shown_b = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (shown_b, ==, "Samen besloten");
  ct_sync_test_assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* A delete on one laptop and an edit of the same household on another:
 * the delete wins on both, whichever syncs first. */
static void
test_delete_wins (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSyncSummary summary;

  g_autoptr(CtRecord) person = ct_record_new ("persons");

  /* An edit of the household's case and a new person in it, against the
   * household's deletion: the insert meets a foreign key that no longer
   * holds. */
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Nog bijgewerkt");
  ct_record_set_int (person, "household_id", f->household);
  ct_record_set (person, "first_name", "Laat");
  ct_record_set (person, "last_name", "Toegevoegd");
  ct_core_test_insert (b, person);
  g_assert_true (ct_session_delete (a, "households", f->household, &error));
  g_assert_no_error (error);

  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.dropped, ==, 2);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync_quietly (b, f->folder);

  g_assert_false (ct_store_row_exists (b->db, "households", f->household));
  g_assert_false (ct_store_row_exists (b->db, "cases", f->kase));
  g_assert_false (ct_store_row_exists (b->db, "persons", ct_record_get_id (person)));
  ct_sync_test_assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Two laptops register a referral offline: their case numbers differ. */
static void
test_case_numbers (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 1, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  CtSession *a, *b;
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  ct_clock_set_now_for_testing (now);
  a = ct_sync_test_replica (f, "beheer");
  b = ct_sync_test_replica (f, "regie");
  na = ct_session_next_case_number (a, &error);
  g_assert_no_error (error);
  nb = ct_session_next_case_number (b, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (na, "2026-0002-"));
  g_assert_true (g_str_has_prefix (nb, "2026-0002-"));
  g_assert_cmpuint (strlen (na), ==, strlen ("2026-0002-K7Q"));
  g_assert_cmpstr (na, !=, nb);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtRecord) kase = ct_record_new ("cases");

      ct_record_set_int (kase, "household_id", f->household);
      ct_record_set (kase, "number", i == 0 ? na : nb);
      ct_record_set (kase, "referral_date", "2026-06-01");
      ct_record_set (kase, "status", "aangemeld");
      ct_core_test_insert (i == 0 ? a : b, kase);
    }
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_assert_same (a, b);
  g_free (na);
  na = ct_session_next_case_number (a, &error);
  g_assert_true (g_str_has_prefix (na, "2026-0003-"));
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

static gint64
add_goal (CtSession  *session,
          gint64      household,
          const char *description)
{
  g_autoptr(CtRecord) goal = ct_record_new ("goals");

  ct_record_set_int (goal, "household_id", household);
  ct_record_set (goal, "domain", "financien");
  ct_record_set (goal, "description", description);
  ct_record_set (goal, "status", "open");
  return ct_core_test_insert (session, goal);
}

/* An action's goal is a reference ON DELETE SET NULL. One laptop deletes
 * a goal while another points an action at it: the replica that deletes
 * after the edit (the delete sets the goal to NULL), the one that edits
 * after the delete and a third that gets both end alike, with no goal. */
static void
test_set_null (Fixture      *f,
               gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *c = ct_sync_test_replica (f, "ggz");
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(GError) error = NULL;
  g_autofree char *goal_text = NULL;
  g_autofree char *seen = NULL;
  gint64 gone, other, id;

  gone = add_goal (a, f->household, "Schulden in beeld");
  other = add_goal (a, f->household, "Een vaste woning");
  ct_record_set_int (action, "household_id", f->household);
  ct_record_set_int (action, "goal_id", other);
  ct_record_set (action, "what", "Huisbezoek");
  ct_record_set (action, "status", "open");
  id = ct_core_test_insert (a, action);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);

  g_assert_true (ct_session_delete (a, "goals", gone, &error));
  g_assert_no_error (error);
  goal_text = g_strdup_printf ("%" G_GINT64_FORMAT, gone);
  ct_sync_test_set_field (b, "actions", id, "goal_id", goal_text);

  ct_sync_test_sync_quietly (a, f->folder);  /* the delete */
  ct_sync_test_sync_quietly (b, f->folder);  /* the edit; then the delete */
  ct_sync_test_sync_quietly (a, f->folder);  /* the edit after the delete */
  ct_sync_test_sync_quietly (c, f->folder);  /* both */

  seen = ct_sync_test_get_field (a, "actions", id, "goal_id");
  g_assert_null (seen);
  ct_sync_test_assert_same (a, b);
  ct_sync_test_assert_same (b, c);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* The raw change files hold no value in the clear. */
static void
test_raw_bytes (Fixture      *f,
                gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autofree char *team = ct_sync_test_hex (a->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *name = g_strconcat ("casustafel-", team, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *device = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  CtSyncState state;
  gsize len;

  ct_record_set_int (person, "household_id", f->household);
  ct_record_set (person, "first_name", "Zwaantje");
  ct_record_set (person, "last_name", "Qvanderzandt");
  ct_record_set (person, "bsn", "111222333");
  ct_core_test_insert (a, person);
  ct_sync_test_sync_quietly (a, f->folder);

  g_assert_cmpint (ct_store_sync_state_get (a->db, &state, NULL), ==, 1);
  device = ct_sync_test_hex (state.device, CT_SYNC_DEVICE_SIZE);
  dir = g_build_filename (f->folder, name, device, NULL);
  path = g_build_filename (dir, "000000000001.ctchange", NULL);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_false (ct_sync_test_holds (bytes, len, "Qvanderzandt"));
  g_assert_false (ct_sync_test_holds (bytes, len, "Zwaantje"));
  g_assert_false (ct_sync_test_holds (bytes, len, "111222333"));
  g_assert_false (ct_sync_test_holds (bytes, len, "persons"));
  ct_core_test_session_free (a);
}

/* Three replicas make random edits of a case and a household, syncing in a
 * random order; at the end all hold the same bytes, and every value each
 * wrote last is shown or kept as a conflict. */
static void
test_random (Fixture      *f,
             gconstpointer data)
{
  static const char * const logins[] = { "beheer", "regie", "ggz" };
  static const struct
  {
    const char *table;
    const char *field;
  } fields[] = {
    { "cases", "summary" },
    { "cases", "question" },
    { "cases", "referred_by" },
    { "households", "eviction_risk" },
  };
  static const char * const risks[] = { "geen", "laag", "hoog" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  CtSession *r[3];

  for (guint i = 0; i < 3; i++)
    r[i] = ct_sync_test_replica (f, logins[i]);
  for (guint round = 0; round < 60; round++)
    {
      guint who = (guint) g_rand_int_range (rand, 0, 3);
      guint which = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (fields));
      g_autofree char *value = NULL;

      /* The GGZ member's role does not write housing. */
      if (who == 2 && g_str_equal (fields[which].table, "households"))
        which = 0;
      if (g_str_equal (fields[which].field, "eviction_risk"))
        value = g_strdup (risks[g_rand_int_range (rand, 0, 3)]);
      else
        value = g_strdup_printf ("ronde %u door %s", round, logins[who]);
      ct_sync_test_set_field (r[who], fields[which].table,
                 g_str_equal (fields[which].table, "cases") ? f->kase : f->household,
                 fields[which].field, value);
      if (g_rand_int_range (rand, 0, 3) == 0)
        ct_sync_test_sync_quietly (r[g_rand_int_range (rand, 0, 3)], f->folder);
    }
  /* Twice round, so that every file reaches everyone. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 3; i++)
      ct_sync_test_sync_quietly (r[(i + pass) % 3], f->folder);
  ct_sync_test_assert_same (r[0], r[1]);
  ct_sync_test_assert_same (r[1], r[2]);
  for (guint i = 0; i < 3; i++)
    ct_core_test_session_free (r[i]);
}

/* A row whose id is near the top of the 63 bits arrives (a laptop whose
 * clock is decades ahead, or a forged file; here written as apply writes
 * it): new rows still get a free id, below it, and never fail. */
static void
test_row_id_near_max (Fixture      *f,
                      gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  static const gint64 top[] = { G_MAXINT64 - 3, G_MAXINT64 };

  for (guint t = 0; t < G_N_ELEMENTS (top); t++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO persons (id, household_id, created_at, "
                                              "updated_at) VALUES (%" G_GINT64_FORMAT ", %"
                                              G_GINT64_FORMAT ", '2026-12-06', '2026-12-06')",
                                              top[t], f->household);

      ct_core_test_exec_sql (a->db, sql);
      for (guint i = 0; i < 20; i++)
        {
          g_autoptr(CtRecord) person = ct_record_new ("persons");
          g_autoptr(GError) error = NULL;
          gint64 id;

          ct_record_set_int (person, "household_id", f->household);
          ct_record_set (person, "first_name", "Fenna");
          ct_record_set (person, "last_name", "Qvanderzandt");
          id = ct_session_insert (a, person, &error);
          g_assert_no_error (error);
          g_assert_cmpint (id, >, G_GINT64_CONSTANT (1) << 40);
          g_assert_cmpint (id, <, G_MAXINT64 - 3);
          g_assert_true (g_hash_table_add (ids, g_memdup2 (&id, sizeof id)));
        }
    }
  ct_core_test_session_free (a);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/sync/hlc", test_hlc);
  CT_SYNC_TEST_ADD ("/sync/converge", ct_sync_test_members, test_converge);
  CT_SYNC_TEST_ADD ("/sync/conflict", ct_sync_test_members, test_conflict);
  CT_SYNC_TEST_ADD ("/sync/delete-wins", ct_sync_test_members, test_delete_wins);
  CT_SYNC_TEST_ADD ("/sync/case-numbers", ct_sync_test_members, test_case_numbers);
  CT_SYNC_TEST_ADD ("/sync/set-null", ct_sync_test_members, test_set_null);
  CT_SYNC_TEST_ADD ("/sync/raw-bytes", ct_sync_test_members, test_raw_bytes);
  CT_SYNC_TEST_ADD ("/sync/random", ct_sync_test_members, test_random);
  CT_SYNC_TEST_ADD ("/sync/row-id-near-max", ct_sync_test_members, test_row_id_near_max);
  return g_test_run ();
}
