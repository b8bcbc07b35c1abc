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

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

typedef CtSyncTestTeam Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup (f, "ct-sync-XXXXXX", members);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (f);
}

/* Every field of the rows, the conflicts and the tombstones, raw. */
static char *
dump (CtSession *session)
{
  static const char * const tables[] = { "households", "persons", "cases", "actions", NULL };
  GString *out = g_string_new (NULL);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      const CtTable *table = ct_schema_get_table (tables[t]);
      g_autoptr(GString) sql = g_string_new ("SELECT id");

      for (guint i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, ", %s", table->fields[i].name);
      g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
      g_string_append_printf (out, "%s:\n", table->name);
      ct_sync_test_dump_query (session, sql->str, out);
    }
  ct_sync_test_dump_query (session,
                           "SELECT tbl, row_id, field, hlc, device, value FROM sync_conflicts "
                           "ORDER BY 1, 2, 3, 4, 5", out);
  ct_sync_test_dump_query (session, "SELECT tbl, row_id FROM sync_tombstones ORDER BY 1, 2", out);
  return g_string_free (out, FALSE);
}

static void
assert_same (CtSession *a,
             CtSession *b)
{
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);

  g_assert_cmpstr (da, ==, db);
}

static void
test_hlc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 31, 12, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_utc (2026, 3, 31, 11, 0, 0);
  guint64 physical, first, second, after_remote;

  ct_clock_set_now_for_testing (now);
  physical = ct_hlc_physical ();
  g_assert_cmpint (ct_hlc_millis (physical), ==, g_date_time_to_unix (now) * 1000);
  first = ct_hlc_tick (0, physical);
  g_assert_cmpuint (first, ==, physical);
  /* The same millisecond: the counter moves on. */
  second = ct_hlc_tick (first, ct_hlc_physical ());
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

  assert_same (a, b);
  assert_same (b, c);
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

  assert_same (a, b);
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
  assert_same (a, b);

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
  assert_same (a, b);

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
  assert_same (a, b);
  g_free (na);
  na = ct_session_next_case_number (a, &error);
  g_assert_true (g_str_has_prefix (na, "2026-0003-"));
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

typedef enum
{
  ATTACK_FLIP_CIPHERTEXT,
  ATTACK_FLIP_SIGNATURE,
  ATTACK_TRUNCATE,
  ATTACK_REPLAY,
  ATTACK_REORDER,
  ATTACK_FORGE,
  ATTACK_IMPERSONATE,
  ATTACK_SIGNED_DAMAGE,
  N_ATTACKS
} Attack;

static const struct
{
  const char *name;
  const char *reason;  /* a part of the message */
} attacks[] = {
  { "flipped ciphertext", "signature does not hold" },
  { "flipped signature", "signature does not hold" },
  { "truncated", "signature does not hold" },
  { "replayed", "replayed or reordered" },
  { "reordered", "replayed or reordered" },
  { "signed by a stranger", "signature does not hold" },
  { "claims another author", "signature does not hold" },
  { "damaged, then signed by its author", "do not open with the team's sync key" },
};

#define AUTHOR_OFFSET (8 + CT_TEAM_ID_SIZE + CT_SYNC_DEVICE_SIZE + 8)

/* The sender's first two change files, the first damaged, in a folder of
 * their own laid out as the sync folder. */
static char *
attacked_folder (Fixture      *f,
                 const char   *team_name,
                 const char   *device,
                 Attack            attack,
                 const guint8     *other_uid,
                 const CtIdentity *sender)
{
  g_autofree char *base = g_strdup_printf ("attack-%d", attack);
  char *root = g_build_filename (f->team.dir, base, NULL);
  g_autofree char *from = g_build_filename (f->folder, team_name, device, NULL);
  g_autofree char *dir = g_build_filename (root, team_name, device, NULL);
  g_autofree char *one = g_build_filename (from, "000000000001.ctchange", NULL);
  g_autofree char *two = g_build_filename (from, "000000000002.ctchange", NULL);
  g_autofree char *to_one = g_build_filename (dir, "000000000001.ctchange", NULL);
  g_autofree char *to_two = g_build_filename (dir, "000000000002.ctchange", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CtIdentity) stranger = NULL;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (one, &data, &len, NULL));
  switch (attack)
    {
    case ATTACK_FLIP_CIPHERTEXT:
      data[CT_SYNC_HEADER_SIZE + 5] ^= 0x01;
      break;
    case ATTACK_FLIP_SIGNATURE:
      data[len - 3] ^= 0x40;
      break;
    case ATTACK_TRUNCATE:
      len -= 40;
      break;
    case ATTACK_REPLAY:
      ct_sync_test_copy_file (one, to_one);
      ct_sync_test_copy_file (one, to_two);
      return root;
    case ATTACK_REORDER:
      ct_sync_test_copy_file (two, to_one);
      ct_sync_test_copy_file (one, to_two);
      return root;
    case ATTACK_FORGE:
      stranger = ct_identity_new_random ();
      crypto_sign_detached ((guint8 *) data + len - CT_SYNC_SIG_SIZE, NULL, (guint8 *) data,
                            len - CT_SYNC_SIG_SIZE, stranger->sign_sk);
      break;
    case ATTACK_IMPERSONATE:
      memcpy (data + AUTHOR_OFFSET, other_uid, CT_MEMBER_ID_SIZE);
      break;
    case ATTACK_SIGNED_DAMAGE:
      /* A member who signs what does not open: past the signature, the
       * ciphertext's own tag still refuses it. */
      data[CT_SYNC_HEADER_SIZE + 5] ^= 0x01;
      crypto_sign_detached ((guint8 *) data + len - CT_SYNC_SIG_SIZE, NULL, (guint8 *) data,
                            len - CT_SYNC_SIG_SIZE, sender->sign_sk);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_true (g_file_set_contents (to_one, data, (gssize) len, NULL));
  ct_sync_test_copy_file (two, to_two);
  return root;
}

/* Each test copy is opened by the same member: forget what this device
 * saw of the team, as a fresh laptop would. */
static void
forget_device (CtSession *session)
{
  g_autofree char *team = ct_sync_test_hex (session->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "casustafel", team, NULL);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    ct_core_test_remove_dir (dir);
}

/* The clock @seconds after a point a day from now: stamps in a test's
 * order on any date. */
static void
set_clock_after (int seconds)
{
  static GDateTime *base;
  g_autoptr(GDateTime) now = NULL;

  if (base == NULL)
    {
      g_autoptr(GDateTime) real = g_date_time_new_now_utc ();

      base = g_date_time_add_days (real, 1);
    }
  now = g_date_time_add_seconds (base, seconds);
  ct_clock_set_now_for_testing (now);
}

static gint64
count_refused_entries (CtSession *session)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT count (*) FROM access_log WHERE "
                                       "purpose LIKE 'refuse sync change file;%' AND outcome = 'refused'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static CtSyncHealth
health_of (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSyncStatus) status = ct_session_sync_get_status (session, &error);

  g_assert_no_error (error);
  return ct_sync_status_get_health (status);
}

/* A laptop whose clock runs three days ahead: its file is refused on a
 * laptop with the right time, naming the reason, logged once however often
 * it syncs, and applied once that clock is within a day of the stamps; a
 * change stamped 23 hours ahead applies at once. */
static void
test_clock_ahead (Fixture      *f,
                  gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *text = NULL;
  CtSyncSummary summary;
  const gint day = 24 * 60 * 60;

  set_clock_after (3 * day);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Uit de toekomst");
  ct_sync_test_sync_quietly (a, f->folder);

  set_clock_after (0);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000001.ctchange"));
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "more than a day ahead of this laptop's clock"));
  ct_sync_summary_clear (&summary);
  text = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (text, !=, "Uit de toekomst");
  g_assert_cmpint (count_refused_entries (b), ==, 1);
  g_assert_cmpint (health_of (b), ==, CT_SYNC_HEALTH_PROBLEM);

  /* Checked again at the next sync, still ahead: refused, not logged twice. */
  set_clock_after (day);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 0);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  ct_sync_summary_clear (&summary);
  g_assert_cmpint (count_refused_entries (b), ==, 1);

  /* Within a day of the stamps: applied, and the problem is gone. */
  set_clock_after (2 * day + 60);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
  g_free (text);
  text = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (text, ==, "Uit de toekomst");
  g_assert_cmpint (health_of (b), !=, CT_SYNC_HEALTH_PROBLEM);

  /* 23 hours ahead is within the bound. */
  set_clock_after (2 * day + 60 + 23 * 60 * 60);
  ct_sync_test_set_field (a, "cases", f->kase, "status", "advies_gegeven");
  ct_sync_test_sync_quietly (a, f->folder);
  set_clock_after (2 * day + 120);
  ct_sync_test_sync_quietly (b, f->folder);
  g_free (text);
  text = ct_sync_test_get_field (b, "cases", f->kase, "status");
  g_assert_cmpstr (text, ==, "advies_gegeven");
  assert_same (a, b);
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
  assert_same (a, b);
  assert_same (b, c);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* Damaged and forged change files: each refused, named with its reason,
 * logged, nothing of it applied, and the device's later files wait. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  CtSession *sender = ct_sync_test_replica (f, "regie");
  g_autofree char *team = ct_sync_test_hex (sender->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *team_name = g_strconcat ("casustafel-", team, NULL);
  g_autofree char *device = NULL;
  g_autofree char *before = NULL;
  CtSyncState state;
  guint8 admin_uid[CT_MEMBER_ID_SIZE];

  g_assert_cmpint (ct_store_sync_state_get (sender->db, &state, NULL), ==, 1);
  device = ct_sync_test_hex (state.device, CT_SYNC_DEVICE_SIZE);
  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Eerste wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);
  ct_sync_test_set_field (sender, "cases", f->kase, "summary", "Tweede wijziging");
  ct_sync_test_sync_quietly (sender, f->folder);
  memcpy (admin_uid, ((CtChainMember *) g_ptr_array_index (sender->chain->members, 0))->uid,
          CT_MEMBER_ID_SIZE);

  for (Attack attack = 0; attack < N_ATTACKS; attack++)
    {
      g_autofree char *root = attacked_folder (f, team_name, device, attack, admin_uid,
                                               sender->identity);
      g_autofree char *summary_text = NULL;
      g_autofree char *after = NULL;
      CtSession *receiver;
      CtSyncSummary summary;
      const char *message;

      g_test_message ("attack: %s", attacks[attack].name);
      receiver = ct_sync_test_replica (f, "beheer");
      if (before == NULL)
        before = dump (receiver);
      ct_sync_test_sync (receiver, root, &summary);
      g_assert_cmpuint (summary.refusals->len, ==, 1);
      /* A replay: the real first file applies, its copy as the second
       * does not. */
      g_assert_cmpuint (summary.applied_files, ==, attack == ATTACK_REPLAY ? 1 : 0);
      message = g_ptr_array_index (summary.refusals, 0);
      g_assert_nonnull (strstr (message, attack == ATTACK_REPLAY ? "000000000002.ctchange"
                                                                 : "000000000001.ctchange"));
      g_assert_nonnull (strstr (message, attacks[attack].reason));
      g_assert_cmpint (count_refused_entries (receiver), ==, 1);
      after = dump (receiver);
      if (attack != ATTACK_REPLAY)
        g_assert_cmpstr (after, ==, before);
      summary_text = ct_sync_test_get_field (receiver, "cases", f->kase, "summary");
      g_assert_cmpstr (summary_text, ==, attack == ATTACK_REPLAY ? "Eerste wijziging"
                                                                 : "Eerste samenvatting");
      ct_sync_summary_clear (&summary);

      /* Refused once is refused for good: the next sync does not retry. */
      ct_sync_test_sync (receiver, root, &summary);
      g_assert_cmpuint (summary.refusals->len, ==, 0);
      g_assert_cmpuint (summary.applied_files, ==, 0);
      ct_sync_summary_clear (&summary);

      ct_core_test_session_free (receiver);
      forget_device (sender);
      ct_core_test_remove_dir (root);
    }
  ct_core_test_session_free (sender);
}

/* A change file signed by its real author, but writing a category the
 * author's role may not write, is refused; so is one by a member removed
 * on the receiving laptop. */
static void
test_refused_rights (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *police = ct_sync_test_replica (f, "politie");
  CtSession *receiver = ct_sync_test_replica (f, "beheer");
  CtSession *other = ct_sync_test_replica (f, "regie");
  const CtTable *households = ct_schema_get_table ("households");
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, households->n_fields);
  g_autofree guint8 *changed = g_new0 (guint8, households->n_fields);
  g_autofree char *health = NULL;
  guint8 fake[48] = { 0 };
  int index = ct_table_get_field_index (households, "health_physical");
  CtSyncSummary summary;

  /* The police laptop cannot seal a health value, but a member holding
   * K_db can write any change into the captured queue. */
  values[index].type = SQLITE_BLOB;
  values[index].blob = g_bytes_new (fake, sizeof fake);
  changed[index] = TRUE;
  g_assert_true (ct_store_exec (police->db, "BEGIN", NULL));
  g_assert_true (_ct_session_sync_capture (police, CT_SYNC_UPDATE, households, f->household,
                                           values, changed, &error));
  g_assert_no_error (error);
  g_assert_true (ct_store_exec (police->db, "COMMIT", NULL));
  g_bytes_unref (values[index].blob);
  ct_sync_test_sync_quietly (police, f->folder);

  ct_sync_test_sync (receiver, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "category that its author's role may not write"));
  ct_sync_summary_clear (&summary);
  health = ct_sync_test_get_field (receiver, "households", f->household, "health_physical");
  g_assert_null (health);

  /* Rosa is removed on the beheerder's laptop while hers is offline: by
   * the rules at that point, what she changed before the removal's stamp
   * stands, and what she changed after it is refused. */
  set_clock_after (60);
  ct_sync_test_set_field (other, "cases", f->kase, "summary", "Voor mijn verwijdering");
  /* Her laptop refuses the police file too. */
  ct_sync_test_sync (other, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  ct_sync_summary_clear (&summary);
  set_clock_after (120);
  g_assert_true (ct_session_remove_member (receiver, "regie", &error));
  g_assert_no_error (error);
  set_clock_after (180);
  ct_sync_test_set_field (other, "cases", f->kase, "summary", "Na mijn verwijdering");
  ct_sync_test_sync_quietly (other, f->folder);
  ct_sync_test_sync (receiver, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "was removed"));
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000002.ctchange"));
  ct_sync_summary_clear (&summary);
  g_free (health);
  health = ct_sync_test_get_field (receiver, "cases", f->kase, "summary");
  g_assert_cmpstr (health, ==, "Voor mijn verwijdering");
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (police);
  ct_core_test_session_free (receiver);
  ct_core_test_session_free (other);
}

/* An insert carries every field, the author's unset ones as NULL: a
 * police laptop's new household applies on a GGZ laptop, though health
 * fields are NULL in it; an insert that does carry a health value from
 * the police laptop is still refused. */
static void
test_insert_by_role (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  CtSession *police = ct_sync_test_replica (f, "politie");
  CtSession *ggz = ct_sync_test_replica (f, "ggz");
  const CtTable *households = ct_schema_get_table ("households");
  g_autofree CtStoreValue *values = g_new0 (CtStoreValue, households->n_fields);
  g_autofree guint8 *changed = g_new0 (guint8, households->n_fields);
  g_autofree char *risk = NULL;
  guint8 fake[48] = { 0 };
  int index = ct_table_get_field_index (households, "health_physical");
  CtSyncSummary summary;
  gint64 id;

  ct_record_set (household, "area", "Noord");
  ct_record_set (household, "justice_info", "Melding");
  id = ct_core_test_insert (police, household);
  ct_sync_test_sync_quietly (police, f->folder);
  ct_sync_test_sync (ggz, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  ct_sync_summary_clear (&summary);
  risk = ct_sync_test_get_field (ggz, "households", id, "area");
  g_assert_cmpstr (risk, ==, "Noord");

  for (guint i = 0; i < households->n_fields; i++)
    values[i].type = SQLITE_NULL, changed[i] = TRUE;
  values[index].type = SQLITE_BLOB;
  values[index].blob = g_bytes_new (fake, sizeof fake);
  g_assert_true (ct_store_exec (police->db, "BEGIN", NULL));
  g_assert_true (_ct_session_sync_capture (police, CT_SYNC_INSERT, households, id + 1, values,
                                           changed, &error));
  g_assert_no_error (error);
  g_assert_true (ct_store_exec (police->db, "COMMIT", NULL));
  g_bytes_unref (values[index].blob);
  ct_sync_test_sync_quietly (police, f->folder);
  ct_sync_test_sync (ggz, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0),
                            "category that its author's role may not write"));
  ct_sync_summary_clear (&summary);
  g_assert_false (ct_store_row_exists (ggz->db, "households", id + 1));

  ct_core_test_session_free (police);
  ct_core_test_session_free (ggz);
}

static gboolean
holds (const char *bytes,
       gsize       len,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* A passphrase change gives the member new keys: their sync key follows,
 * so they keep syncing; a member added after sync was switched on gets
 * the key too. */
static void
test_new_keys (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *summary = NULL;
  g_autoptr(GBytes) grant = NULL;
  CtSyncSummary result;
  CtSyncState state;
  const CtChainMember *added;

  g_assert_true (ct_session_change_passphrase (b, PASS, "nieuw geheim", &error));
  g_assert_no_error (error);
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Na het wachtwoord");
  ct_sync_test_sync (b, f->folder, &result);
  g_assert_cmpuint (result.written_changes, ==, 1);
  ct_sync_summary_clear (&result);
  /* Signed with keys that only b's chain named: the statement travels in
   * the file, a takes it by the chain's rules, then the file verifies. */
  ct_sync_test_sync (a, f->folder, &result);
  g_assert_cmpuint (result.refusals->len, ==, 0);
  g_assert_cmpuint (result.applied_files, ==, 1);
  g_assert_cmpuint (result.waiting_files, ==, 0);
  ct_sync_summary_clear (&result);
  summary = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (summary, ==, "Na het wachtwoord");
  g_assert_cmpint (a->chain->length, ==, b->chain->length);
  g_assert_cmpmem (a->chain->head, CT_CHAIN_HASH_SIZE, b->chain->head, CT_CHAIN_HASH_SIZE);

  code = ct_session_add_member (a, "nieuw", "Nina Nieuw", CT_ROLE_REGISSEUR, FALSE, &error);
  g_assert_no_error (error);
  added = g_ptr_array_index (a->chain->members, a->chain->members->len - 1);
  g_assert_cmpint (ct_store_sync_state_get (a->db, &state, NULL), ==, 1);
  grant = ct_store_sync_key_get (a->db, state.key_version, added->uid);
  g_assert_nonnull (grant);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* The bytes of change file @seq of @session's replica in the folder. */
static char *
read_own_file (Fixture   *f,
               CtSession *session,
               guint64    seq,
               gsize     *len)
{
  g_autofree char *team = ct_sync_test_hex (session->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *team_name = g_strconcat ("casustafel-", team, NULL);
  g_autofree char *device = NULL;
  g_autofree char *name = g_strdup_printf ("%012" G_GUINT64_FORMAT ".ctchange", seq);
  g_autofree char *path = NULL;
  char *data = NULL;
  CtSyncState state;

  g_assert_cmpint (ct_store_sync_state_get (session->db, &state, NULL), ==, 1);
  device = ct_sync_test_hex (state.device, CT_SYNC_DEVICE_SIZE);
  path = g_build_filename (f->folder, team_name, device, name, NULL);
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static guint32
key_version_of (CtSession *session)
{
  CtSyncState state;

  g_assert_cmpint (ct_store_sync_state_get (session->db, &state, NULL), ==, 1);
  return state.key_version;
}

/* A beheerder's statements on one laptop reach the others through the
 * folder: verified by the chain's own rules and appended, the members and
 * policy tables following, with the sync key sealed to the new member. */
static void
test_chain_travels (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autoptr(GBytes) grant_a = NULL;
  g_autoptr(GBytes) grant_b = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(CtMemberRow) row = NULL;
  const CtChainMember *added;
  CtSyncSummary summary;
  gint64 before = b->chain->length;

  code = ct_session_add_member (a, "nieuw", "Nina Nieuw", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (a, CT_ROLE_REGISSEUR, CT_CATEGORY_HEALTH, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_member_role (a, "politie", CT_ROLE_POLITIE, TRUE, &error));
  g_assert_no_error (error);
  /* Statements alone make a change file. */
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.written_seq, ==, 1);
  g_assert_cmpuint (summary.written_changes, ==, 0);
  ct_sync_summary_clear (&summary);

  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  ct_sync_summary_clear (&summary);
  g_assert_cmpint (b->chain->length, ==, before + 3);
  g_assert_cmpint (b->chain->length, ==, a->chain->length);
  g_assert_cmpmem (b->chain->head, CT_CHAIN_HASH_SIZE, a->chain->head, CT_CHAIN_HASH_SIZE);
  g_assert_true (ct_chain_check_tables (b->chain, b->db, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_policy_allows (b, CT_ROLE_REGISSEUR, CT_CATEGORY_HEALTH));
  row = ct_store_get_member_by_login (b->db, "politie", &error);
  g_assert_no_error (error);
  g_assert_true (row->is_admin);
  listed = ct_session_list_members (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 5);

  /* The new member's sync key travelled, the same grant on both. */
  added = ct_chain_find_uid (b->chain, ((CtChainMember *) g_ptr_array_index (
                                          a->chain->members, a->chain->members->len - 1))->uid);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->login, ==, "nieuw");
  grant_a = ct_store_sync_key_get (a->db, key_version_of (a), added->uid);
  grant_b = ct_store_sync_key_get (b->db, key_version_of (b), added->uid);
  g_assert_nonnull (grant_b);
  g_assert_true (g_bytes_equal (grant_a, grant_b));

  /* The same file again under the next number is a replay; and a's next
   * file carries no statement b has: both sync on as usual. */
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Na de nieuwe leden");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  assert_same (a, b);

  /* The policy b took applies at once on b. */
  g_assert_true (_ct_session_reload_chain (b, &error));
  g_assert_no_error (error);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Two beheerders change the team at once on two laptops: the chain forks.
 * Every replica goes on with the same branch, whichever file it saw
 * first, keeps the other beside its chain, and applies both branches'
 * data; nothing is refused (every arrival order, and the other kinds of
 * fork, are test-sync-fork's). */
static void
test_chain_fork (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code_a = NULL;
  g_autoptr(CtSecret) code_c = NULL;
  CtSession *original = ct_core_test_unlock (f->team.path, "beheer", PASS);
  CtSession *a, *b, *c;

  g_assert_true (ct_session_set_member_role (original, "regie", CT_ROLE_REGISSEUR, TRUE, &error));
  g_assert_no_error (error);
  /* A copy with a statement not yet sent is not yet a replica. */
  {
    g_autofree char *path = g_build_filename (f->team.dir, "too-early.casus", NULL);
    CtSession *early;

    ct_sync_test_copy_file (f->team.path, path);
    early = ct_core_test_unlock (path, "beheer", PASS);
    g_assert_false (ct_session_sync_new_replica (early, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
    g_clear_error (&error);
    ct_core_test_session_free (early);
  }
  ct_sync_test_sync_quietly (original, f->folder);
  ct_core_test_session_free (original);

  a = ct_sync_test_replica (f, "beheer");
  b = ct_sync_test_replica (f, "politie");
  c = ct_sync_test_replica (f, "regie");
  code_a = ct_session_add_member (a, "anna", "Anna Ahmadi", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Van de tak van Hendrik");
  code_c = ct_session_add_member (c, "carel", "Carel Claes", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  ct_sync_test_set_field (c, "cases", f->kase, "summary", "Van de tak van Rosa");

  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);

  /* One chain on all three, its tables in agreement, and the same rows. */
  g_assert_true (memcmp (b->chain->head, a->chain->head, CT_CHAIN_HASH_SIZE) == 0);
  g_assert_true (memcmp (b->chain->head, c->chain->head, CT_CHAIN_HASH_SIZE) == 0);
  g_assert_true (ct_chain_check_tables (b->chain, b->db, &error));
  g_assert_no_error (error);
  assert_same (a, b);
  assert_same (c, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* Whether any sync key @session's file holds for its member opens
 * @data; every grant of the file is tried with the member's box key. */
static gboolean
any_held_key_opens (CtSession  *session,
                    const char *data,
                    gsize       len)
{
  sqlite3_stmt *stmt = NULL;
  gboolean opened = FALSE;
  guint n_keys = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT version, sealed FROM sync_keys", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint8 key[CT_SYNC_KEY_SIZE];
      CtSyncFile file;
      g_autoptr(GError) error = NULL;

      if (sqlite3_column_bytes (stmt, 1) != CT_SYNC_GRANT_SIZE
          || crypto_box_seal_open (key, sqlite3_column_blob (stmt, 1), CT_SYNC_GRANT_SIZE,
                                   session->identity->box_pk, session->identity->box_sk) != 0)
        continue;
      n_keys++;
      g_assert_true (_ct_sync_file_peek ((const guint8 *) data, len, &file, NULL));
      opened |= _ct_sync_file_open ((const guint8 *) data, len, key, &file, &error);
      _ct_sync_file_clear (&file);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_keys, >, 0);
  return opened;
}

/* The number of sync_keys rows of @version whose name is not @made_by. */
static gint64
grants_not_named (CtSession    *session,
                  guint32       version,
                  const guint8 *made_by)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT count(*) FROM sync_keys WHERE "
                                       "version = ?1 AND made_by <> ?2", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, made_by, CT_CHAIN_HASH_SIZE, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
exec_or_fail (CtSession  *session,
              const char *sql)
{
  g_assert_cmpint (sqlite3_exec (session->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* @session's file as it was before migration 23, opened again. */
static CtSession *
back_to_migration_22 (CtSession  *session,
                      const char *path,
                      const char *login)
{
  exec_or_fail (session, "CREATE TABLE sync_keys_old (version INTEGER NOT NULL, "
                         "holder BLOB NOT NULL, sealed BLOB NOT NULL, "
                         "PRIMARY KEY (version, holder));"
                         "INSERT INTO sync_keys_old SELECT version, holder, sealed FROM sync_keys;"
                         "DROP TABLE sync_keys; ALTER TABLE sync_keys_old RENAME TO sync_keys;"
                         "CREATE TABLE sync_state_old (id INTEGER PRIMARY KEY CHECK (id = 1), "
                         "device BLOB NOT NULL, hlc INTEGER NOT NULL, next_seq INTEGER NOT NULL, "
                         "key_version INTEGER NOT NULL);"
                         "INSERT INTO sync_state_old SELECT id, device, hlc, next_seq, "
                         "key_version FROM sync_state; DROP TABLE sync_state;"
                         "ALTER TABLE sync_state_old RENAME TO sync_state;"
                         "PRAGMA user_version = 22;");
  ct_core_test_session_free (session);
  return ct_core_test_unlock (path, login, CT_SYNC_TEST_PASS);
}

/* A sync key version is named by the statement that made it
 * (docs/sync.md, "Key versions named by their statement"): the removal's
 * hash on the laptop that made it, in the grants that travel and on the
 * replica that applies it. A file from before the names (migration 23)
 * keeps its keys and syncs on, a change file of the format before
 * (CTSYNC02) still applies, and a file that a laptop refused before its
 * update (as not of its version) is read again after it. */
static void
test_key_names (Fixture      *f,
                gconstpointer data)
{
  static const guint8 zeros[CT_CHAIN_HASH_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = g_strdup_printf ("%s/replica-%u.casus", f->team.dir, f->n_copies);
  g_autofree char *b_path = g_strdup_printf ("%s/replica-%u.casus", f->team.dir,
                                             f->n_copies + 1);
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *removed = ct_sync_test_replica (f, "ggz");
  guint8 removed_uid[CT_MEMBER_ID_SIZE];
  guint8 made_by[CT_CHAIN_HASH_SIZE];
  g_autofree char *bytes = NULL;
  g_autofree char *seen = NULL;
  gsize len;
  guint8 *key;
  CtSyncFile file;
  CtSyncState state;
  CtSyncSummary summary;
  guint n_new = 0;

  memcpy (removed_uid, ct_chain_find_id (a->chain, removed->member->id)->uid, sizeof removed_uid);
  state = ct_sync_test_state_of (a);
  g_assert_cmpuint (state.key_version, ==, 1);
  g_assert_cmpmem (state.key_made_by, CT_CHAIN_HASH_SIZE, zeros, CT_CHAIN_HASH_SIZE);
  g_assert_true (ct_session_remove_member (a, "ggz", &error));
  g_assert_no_error (error);
  g_assert_true (ct_chain_statement_hash (a->db, a->chain->length - 1, made_by));
  state = ct_sync_test_state_of (a);
  g_assert_cmpuint (state.key_version, ==, 2);
  g_assert_cmpmem (state.key_made_by, CT_CHAIN_HASH_SIZE, made_by, CT_CHAIN_HASH_SIZE);
  g_assert_cmpint (grants_not_named (a, 2, made_by), ==, 0);
  g_assert_cmpint (grants_not_named (a, 1, zeros), ==, 0);
  ct_sync_test_sync_quietly (a, f->folder);

  /* The removal's file, under version 1, names version 2 in its grants. */
  bytes = read_own_file (f, a, 1, &len);
  key = _ct_session_sync_open_key (a, 1);
  g_assert_nonnull (key);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) bytes, len, &file, NULL));
  g_assert_false (file.unnamed);
  g_assert_cmpuint (file.key_version, ==, 1);
  g_assert_true (_ct_sync_file_open ((const guint8 *) bytes, len, key, &file, &error));
  g_assert_no_error (error);
  ct_secure_free (key);
  for (guint i = 0; i < file.grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (file.grants, CtSyncGrant, i);

      g_assert_cmpmem (g->made_by, CT_CHAIN_HASH_SIZE, g->version == 2 ? made_by : zeros,
                       CT_CHAIN_HASH_SIZE);
      g_assert_false (g->version == 2 && memcmp (g->holder, removed_uid, CT_MEMBER_ID_SIZE) == 0);
      n_new += g->version == 2;
    }
  g_assert_cmpuint (n_new, >, 0);
  _ct_sync_file_clear (&file);

  /* The replica that applies it names the version alike. */
  ct_sync_test_sync_quietly (b, f->folder);
  state = ct_sync_test_state_of (b);
  g_assert_cmpuint (state.key_version, ==, 2);
  g_assert_cmpmem (state.key_made_by, CT_CHAIN_HASH_SIZE, made_by, CT_CHAIN_HASH_SIZE);
  g_assert_cmpint (grants_not_named (b, 2, made_by), ==, 0);

  /* b's file as it was before migration 23: its keys keep opening and it
   * syncs on, the versions it held named by zeros. */
  b = back_to_migration_22 (b, b_path, "regie");
  state = ct_sync_test_state_of (b);
  g_assert_cmpuint (state.key_version, ==, 2);
  g_assert_cmpmem (state.key_made_by, CT_CHAIN_HASH_SIZE, zeros, CT_CHAIN_HASH_SIZE);
  g_assert_cmpint (grants_not_named (b, 2, zeros), ==, 0);
  key = _ct_session_sync_open_key (b, 2);
  g_assert_nonnull (key);
  ct_secure_free (key);

  /* Its next file, sealed again in the format before, applies on a. */
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Uit een oud bestand");
  ct_sync_test_sync_quietly (b, f->folder);
  {
    g_autofree char *device = ct_sync_test_device_dir (b, f->folder);
    g_autofree char *name = g_strdup_printf ("%012" G_GUINT64_FORMAT ".ctchange",
                                             ct_sync_test_state_of (b).next_seq - 1);
    g_autofree char *path = g_build_filename (device, name, NULL);
    g_autofree char *old = NULL;
    g_autoptr(GBytes) resealed = NULL;
    gsize old_len;

    g_assert_true (g_file_get_contents (path, &old, &old_len, NULL));
    key = _ct_session_sync_open_key (b, 2);
    g_assert_true (_ct_sync_file_peek ((const guint8 *) old, old_len, &file, NULL));
    g_assert_cmpuint (file.key_version, ==, 2);
    g_assert_true (_ct_sync_file_open ((const guint8 *) old, old_len, key, &file, &error));
    g_assert_no_error (error);
    resealed = _ct_sync_file_seal_as (&file, CT_SYNC_MAGIC_02, key, b->identity);
    ct_secure_free (key);
    _ct_sync_file_clear (&file);
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (resealed, NULL),
                                        (gssize) g_bytes_get_size (resealed), NULL));
    g_assert_true (_ct_sync_file_peek (g_bytes_get_data (resealed, NULL),
                                       g_bytes_get_size (resealed), &file, NULL));
    g_assert_true (file.unnamed);
    _ct_sync_file_clear (&file);
  }
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, >, 0);
  ct_sync_summary_clear (&summary);
  seen = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, ==, "Uit een oud bestand");

  /* A laptop not yet updated refused b's next file (CTSYNC03) for good;
   * updated, it reads it again and applies it. */
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Na de update");
  ct_sync_test_sync_quietly (b, f->folder);
  {
    CtSyncState b_state = ct_sync_test_state_of (b);
    guint8 digest[CT_SYNC_DIGEST_SIZE];
    g_autofree char *next = NULL;
    gsize next_len;

    next = read_own_file (f, b, b_state.next_seq - 1, &next_len);
    crypto_generichash (digest, sizeof digest, (const guint8 *) next, next_len, NULL, 0);
    g_assert_true (ct_store_sync_refuse (a->db, b_state.device, b_state.next_seq - 1,
                                         "it is not a change file of this version of Casustafel",
                                         &error));
    g_assert_true (ct_store_sync_refused_set_digest (a->db, b_state.device,
                                                     b_state.next_seq - 1, digest, &error));
    g_assert_no_error (error);
  }
  a = back_to_migration_22 (a, a_path, "beheer");
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, >, 0);
  ct_sync_summary_clear (&summary);
  g_free (seen);
  seen = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, ==, "Na de update");

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (removed);
}

/* Removing a member makes a new sync key sealed to the others only: the
 * removal travels under the old key, in a file of its own, and what is
 * written after it under the new one, which no key the removed member's
 * file holds opens. */
static void
test_key_rotation (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *removed = ct_sync_test_replica (f, "ggz");
  gint health_version;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *later = NULL;
  g_autofree char *seen = NULL;
  gsize first_len, second_len, later_len;
  CtSyncFile peeked;
  CtSyncSummary summary;

  /* A health value both hold before the removal, under health key 1. */
  ct_sync_test_set_field (a, "households", f->household, "health_mental", "Voor de verwijdering");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  health_version = b->cat_version[CT_CATEGORY_HEALTH];

  g_assert_cmpuint (key_version_of (a), ==, 1);
  g_assert_true (ct_session_remove_member (a, "ggz", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (key_version_of (a), ==, 2);
  g_assert_null (ct_store_sync_key_get (a->db, 2, ct_chain_find_id (a->chain,
                                                                    removed->member->id)->uid));
  /* The removal rotated the health key too (the member held it). */
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, health_version + 1);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Geheim na de verwijdering");
  ct_sync_test_set_field (a, "households", f->household, "health_physical",
                          "Gezondheid na de verwijdering");
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.written_seq, ==, 3);
  ct_sync_summary_clear (&summary);

  first = read_own_file (f, a, 2, &first_len);
  second = read_own_file (f, a, 3, &second_len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) first, first_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 1);
  _ct_sync_file_clear (&peeked);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) second, second_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);
  _ct_sync_file_clear (&peeked);
  g_assert_false (holds (second, second_len, "Geheim na de verwijdering"));

  /* The remaining member takes the new key with the removal. */
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 2);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
  g_assert_cmpuint (key_version_of (b), ==, 2);
  seen = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, ==, "Geheim na de verwijdering");
  /* The rotated health key came along: b reads the new value under it,
   * and the one it holds under the old key still opens. */
  g_assert_cmpint (b->cat_version[CT_CATEGORY_HEALTH], ==, health_version + 1);
  g_free (seen);
  seen = ct_sync_test_get_field (b, "households", f->household, "health_physical");
  g_assert_cmpstr (seen, ==, "Gezondheid na de verwijdering");
  g_free (seen);
  seen = ct_sync_test_get_field (b, "households", f->household, "health_mental");
  g_assert_cmpstr (seen, ==, "Voor de verwijdering");
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Ook geheim");
  ct_sync_test_sync_quietly (b, f->folder);
  later = read_own_file (f, b, 1, &later_len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) later, later_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);
  _ct_sync_file_clear (&peeked);

  /* No key the removed member's file holds opens what came after. */
  g_assert_false (any_held_key_opens (removed, second, second_len));
  g_assert_false (any_held_key_opens (removed, later, later_len));
  ct_sync_test_sync (removed, f->folder, &summary);
  g_assert_cmpuint (summary.waiting_files, >=, 2);
  ct_sync_summary_clear (&summary);
  g_free (seen);
  seen = ct_sync_test_get_field (removed, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, !=, "Geheim na de verwijdering");
  g_assert_null (ct_store_sync_key_get (removed->db, 2, removed->member->member_uid));

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (removed);
}

/* The "removal while offline": Rosa is removed on Hendrik's laptop
 * while Greet's is offline. After the sync Rosa's copy reads no later
 * change, and what Rosa changed after her removal is refused on every
 * replica; what she changed before it stands everywhere. */
static void
test_removal_offline (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "ggz");
  CtSession *rosa = ct_sync_test_replica (f, "regie");
  g_autofree char *text = NULL;
  g_autofree char *after_b = NULL;
  g_autofree char *first_b = NULL;
  gsize after_b_len, first_b_len;
  CtSyncFile peeked;
  CtSyncSummary summary;

  set_clock_after (10);
  ct_sync_test_set_field (rosa, "cases", f->kase, "status", "advies_gegeven");
  ct_sync_test_sync_quietly (rosa, f->folder);
  set_clock_after (20);
  g_assert_true (ct_session_remove_member (a, "regie", &error));
  g_assert_no_error (error);
  set_clock_after (30);
  ct_sync_test_set_field (rosa, "cases", f->kase, "summary", "Rosa na haar verwijdering");
  ct_sync_test_sync_quietly (rosa, f->folder);
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Greet offline");

  /* Hendrik syncs first; Greet comes back online and finds all of it. */
  ct_sync_test_sync (a, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "was removed"));
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "was removed"));
  g_assert_cmpuint (summary.written_seq, ==, 1);
  ct_sync_summary_clear (&summary);
  g_assert_cmpuint (key_version_of (b), ==, 2);
  /* Greet's first file after coming back, with the edit she made offline,
   * was sealed under the key of the removal she applied in the same sync:
   * not even that one opens for Rosa. */
  first_b = read_own_file (f, b, 1, &first_b_len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) first_b, first_b_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);
  _ct_sync_file_clear (&peeked);
  g_assert_false (holds (first_b, first_b_len, "Greet offline"));
  g_assert_false (any_held_key_opens (rosa, first_b, first_b_len));
  ct_sync_test_sync_quietly (a, f->folder);
  /* The values agree; the bytes of a category's values need not: the
   * removal re-sealed a's under the rotated key, b's stay under the old
   * one, which the new opens. */
  g_assert_cmpint (a->chain->length, ==, b->chain->length);
  text = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (text, ==, "Greet offline");
  g_free (text);
  text = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (text, ==, "Greet offline");
  g_free (text);
  text = ct_sync_test_get_field (a, "cases", f->kase, "status");
  g_assert_cmpstr (text, ==, "advies_gegeven");

  /* Greet's next change, after her sync, is out of Rosa's reach. */
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Na de sync van Greet");
  ct_sync_test_sync (b, f->folder, &summary);
  ct_sync_summary_clear (&summary);
  after_b = read_own_file (f, b, 2, &after_b_len);
  g_assert_false (holds (after_b, after_b_len, "Na de sync van Greet"));
  g_assert_false (any_held_key_opens (rosa, after_b, after_b_len));
  ct_sync_test_sync (rosa, f->folder, &summary);
  ct_sync_summary_clear (&summary);
  g_free (text);
  text = ct_sync_test_get_field (rosa, "cases", f->kase, "summary");
  g_assert_cmpstr (text, !=, "Na de sync van Greet");
  ct_clock_set_now_for_testing (NULL);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (rosa);
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
  g_assert_false (holds (bytes, len, "Qvanderzandt"));
  g_assert_false (holds (bytes, len, "Zwaantje"));
  g_assert_false (holds (bytes, len, "111222333"));
  g_assert_false (holds (bytes, len, "persons"));
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
  assert_same (r[0], r[1]);
  assert_same (r[1], r[2]);
  for (guint i = 0; i < 3; i++)
    ct_core_test_session_free (r[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/hlc", test_hlc);
  g_test_add ("/sync/converge", Fixture, NULL, fixture_setup, test_converge, fixture_teardown);
  g_test_add ("/sync/conflict", Fixture, NULL, fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/sync/delete-wins", Fixture, NULL, fixture_setup, test_delete_wins,
              fixture_teardown);
  g_test_add ("/sync/case-numbers", Fixture, NULL, fixture_setup, test_case_numbers,
              fixture_teardown);
  g_test_add ("/sync/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/sync/refused-rights", Fixture, NULL, fixture_setup, test_refused_rights,
              fixture_teardown);
  g_test_add ("/sync/insert-by-role", Fixture, NULL, fixture_setup, test_insert_by_role,
              fixture_teardown);
  g_test_add ("/sync/new-keys", Fixture, NULL, fixture_setup, test_new_keys, fixture_teardown);
  g_test_add ("/sync/chain-travels", Fixture, NULL, fixture_setup, test_chain_travels,
              fixture_teardown);
  g_test_add ("/sync/chain-fork", Fixture, NULL, fixture_setup, test_chain_fork,
              fixture_teardown);
  g_test_add ("/sync/clock-ahead", Fixture, NULL, fixture_setup, test_clock_ahead,
              fixture_teardown);
  g_test_add ("/sync/set-null", Fixture, NULL, fixture_setup, test_set_null,
              fixture_teardown);
  g_test_add ("/sync/key-rotation", Fixture, NULL, fixture_setup, test_key_rotation,
              fixture_teardown);
  g_test_add ("/sync/key-names", Fixture, NULL, fixture_setup, test_key_names,
              fixture_teardown);
  g_test_add ("/sync/removal-offline", Fixture, NULL, fixture_setup, test_removal_offline,
              fixture_teardown);
  g_test_add ("/sync/raw-bytes", Fixture, NULL, fixture_setup, test_raw_bytes, fixture_teardown);
  g_test_add ("/sync/random", Fixture, NULL, fixture_setup, test_random, fixture_teardown);
  return g_test_run ();
}
