/* test-sync-keys.c — sync keys and the team chain between replicas
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* New keys after a passphrase change or a new member, the team chain that
 * travels with the changes and its forks, key rotation on a removal, and
 * a removal made offline (see test-sync.c for replicas that converge, and
 * test-sync-key-names.c for key versions named by their statement). */

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
  ct_sync_test_assert_same (a, b);

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
  /* The laptop that lost added its member again at the sync that switched
   * it; that statement travels in its next file (docs/sync-chain.md, "The
   * loser's change is made again"): one more round. */
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);

  /* One chain on all three, its tables in agreement, and the same rows. */
  g_assert_true (memcmp (b->chain->head, a->chain->head, CT_CHAIN_HASH_SIZE) == 0);
  g_assert_true (memcmp (b->chain->head, c->chain->head, CT_CHAIN_HASH_SIZE) == 0);
  g_assert_true (ct_chain_check_tables (b->chain, b->db, &error));
  g_assert_no_error (error);
  ct_sync_test_assert_same (a, b);
  ct_sync_test_assert_same (c, b);

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

  first = ct_sync_test_read_change (a, f->folder, 2, &first_len);
  second = ct_sync_test_read_change (a, f->folder, 3, &second_len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) first, first_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 1);
  _ct_sync_file_clear (&peeked);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) second, second_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);
  _ct_sync_file_clear (&peeked);
  g_assert_false (ct_sync_test_holds (second, second_len, "Geheim na de verwijdering"));

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
  later = ct_sync_test_read_change (b, f->folder, 1, &later_len);
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

  ct_sync_test_set_clock_after (10);
  ct_sync_test_set_field (rosa, "cases", f->kase, "status", "advies_gegeven");
  ct_sync_test_sync_quietly (rosa, f->folder);
  ct_sync_test_set_clock_after (20);
  g_assert_true (ct_session_remove_member (a, "regie", &error));
  g_assert_no_error (error);
  ct_sync_test_set_clock_after (30);
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
  first_b = ct_sync_test_read_change (b, f->folder, 1, &first_b_len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) first_b, first_b_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);
  _ct_sync_file_clear (&peeked);
  g_assert_false (ct_sync_test_holds (first_b, first_b_len, "Greet offline"));
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
  after_b = ct_sync_test_read_change (b, f->folder, 2, &after_b_len);
  g_assert_false (ct_sync_test_holds (after_b, after_b_len, "Na de sync van Greet"));
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

/* regie, politie, ggz and wijk (housing: no health). */
static const CtCoreTestMember rotation_members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { "wijk", "Wim Wonen", CT_ROLE_HUISVESTING },
  { NULL }
};

/* A copy of the file at @from at @to, unlocked by @login (the unlock makes
 * the rotations that wait there) and made a new replica. */
static CtSession *
copy_replica (const char *from,
              const char *to,
              const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session;

  ct_sync_test_copy_file (from, to);
  session = ct_core_test_unlock (to, login, PASS);
  g_assert_true (ct_session_sync_new_replica (session, &error));
  g_assert_no_error (error);
  return session;
}

/* @session's change file @seq as it is in the folder, opened. */
static void
open_own_file (Fixture    *f,
               CtSession  *session,
               guint64     seq,
               CtSyncFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  guint8 *key = _ct_session_sync_open_key (session, key_version_of (session));
  gsize len;

  bytes = ct_sync_test_read_change (session, f->folder, seq, &len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) bytes, len, file, NULL));
  g_assert_true (_ct_sync_file_open ((const guint8 *) bytes, len, key, file, &error));
  g_assert_no_error (error);
  ct_secure_free (key);
}

/* A sync of @session that refuses one file, for @reason. */
static void
assert_refuses (CtSession  *session,
                const char *folder,
                const char *reason)
{
  CtSyncSummary summary;

  ct_sync_test_sync (session, folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  if (strstr (g_ptr_array_index (summary.refusals, 0), reason) == NULL)
    g_test_message ("%s", (char *) g_ptr_array_index (summary.refusals, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), reason));
  ct_sync_summary_clear (&summary);
}

/* A removal by a beheerder who holds no health key makes health wait on
 * that file; the GGZ member's unlock of a copy of it (their laptop's new
 * replica) rotates it, and the next change file, without a statement,
 * carries the version: a third replica reads what was sealed under it
 * after one sync, and the beheerder's file no longer waits. Refused, the
 * file named and nothing of it applied: the version from a member whose
 * role may not read health, a version named by a statement that made no
 * category wait, and another key of a version the receiver holds
 * (docs/sync-security.md, "A rotation made at a later unlock"). */
static void
test_rotated_later (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *p_path = NULL;
  g_autofree char *g_path = g_build_filename (f->team.dir, "ggz-laptop.casus", NULL);
  g_autofree char *g2_path = g_build_filename (f->team.dir, "ggz-second.casus", NULL);
  g_autofree char *g3_path = g_build_filename (f->team.dir, "ggz-third.casus", NULL);
  g_autofree char *seen = NULL;
  g_autofree char *role_hex = NULL;
  g_autofree char *sql = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *p, *g, *g2, *g3, *w;
  guint8 role_hash[CT_CHAIN_HASH_SIZE], removal[CT_CHAIN_HASH_SIZE];
  gint version;
  CtSyncFile file;
  CtSyncSummary summary;

  /* Pieter (police, no health) becomes a beheerder. */
  g_assert_true (ct_session_set_member_role (a, "politie", CT_ROLE_POLITIE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_chain_statement_hash (a->db, a->chain->length - 1, role_hash));
  ct_sync_test_set_field (a, "households", f->household, "health_mental", "Voor de verwijdering");
  ct_sync_test_sync_quietly (a, f->folder);
  version = a->cat_version[CT_CATEGORY_HEALTH];

  p_path = g_strdup_printf ("%s/replica-%u.casus", f->team.dir, f->n_copies);
  p = ct_sync_test_replica (f, "politie");
  w = ct_sync_test_replica (f, "wijk");
  ct_sync_test_sync_quietly (p, f->folder);
  g_assert_false (ct_session_can_read (p, CT_CATEGORY_HEALTH));
  /* His session took the role change from the folder. */
  ct_core_test_session_free (p);
  p = ct_core_test_unlock (p_path, "politie", PASS);
  g_assert_true (ct_session_remove_member (p, "regie", &error));
  g_assert_no_error (error);
  g_assert_true (ct_chain_statement_hash (p->db, p->chain->length - 1, removal));
  g_assert_true (ct_session_get_pending_rotations (p) & (1u << CT_CATEGORY_HEALTH));
  ct_sync_test_sync_quietly (p, f->folder);
  ct_core_test_session_free (p);

  /* Greet's laptop starts from a copy of Pieter's file: her unlock rotates
   * health, named by the removal. */
  g = copy_replica (p_path, g_path, "ggz");
  g_assert_cmpuint (ct_session_get_pending_rotations (g) & (1u << CT_CATEGORY_HEALTH), ==, 0);
  g_assert_cmpint (g->cat_version[CT_CATEGORY_HEALTH], ==, version + 1);
  g_assert_cmpmem (g->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, removal,
                   CT_KEY_NAME_SIZE);
  /* A second copy rotates on its own: another key of that version. */
  g3 = copy_replica (p_path, g3_path, "ggz");
  /* A third whose waiting rotation names the role change, which made no
   * category wait. */
  ct_sync_test_copy_file (p_path, g2_path);
  g2 = ct_core_test_unlock (g2_path, "politie", PASS);
  role_hex = ct_sync_test_hex (role_hash, sizeof role_hash);
  sql = g_strdup_printf ("UPDATE pending_rotations SET made_by = x'%s' WHERE category = 'health'",
                         role_hex);
  ct_core_test_exec_sql (g2->db, sql);
  ct_core_test_session_free (g2);
  g2 = ct_core_test_unlock (g2_path, "ggz", PASS);
  g_assert_true (ct_session_sync_new_replica (g2, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g2->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, role_hash,
                   CT_KEY_NAME_SIZE);

  /* Wim's file with Greet's versions and grants: his role may not read
   * health. Refused whole: his edit does not come over. */
  ct_sync_test_set_field (w, "cases", f->kase, "summary", "Van Wim");
  ct_sync_test_sync_quietly (w, f->folder);
  {
    guint8 *key = _ct_session_sync_open_key (w, key_version_of (w));
    g_autofree char *device = ct_sync_test_device_dir (w, f->folder);
    g_autofree char *path = g_build_filename (device, "000000000001.ctchange", NULL);
    g_autoptr(GBytes) resealed = NULL;

    open_own_file (f, w, 1, &file);
    g_clear_pointer (&file.category_keys, g_bytes_unref);
    file.category_keys = ct_store_sync_category_keys_export (g->db, TRUE, &error);
    g_assert_no_error (error);
    resealed = _ct_sync_file_seal (&file, key, w->identity);
    ct_secure_free (key);
    _ct_sync_file_clear (&file);
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (resealed, NULL),
                                        (gssize) g_bytes_get_size (resealed), NULL));
  }
  assert_refuses (a, f->folder, "its author's role may not read");
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, version);
  seen = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, !=, "Van Wim");
  g_clear_pointer (&seen, g_free);

  /* Greet writes under the new version; her next file carries no
   * statement, and the versions with it. */
  ct_sync_test_set_field (g, "households", f->household, "health_physical", "Na de rotatie");
  /* Wim's file holds only what Greet's holds: nothing to take, nothing
   * refused there. */
  ct_sync_test_sync_quietly (g, f->folder);
  open_own_file (f, g, 1, &file);
  g_assert_true (file.statements == NULL || file.statements->len == 0);
  g_assert_nonnull (file.category_keys);
  _ct_sync_file_clear (&file);

  /* One sync, and Hendrik's replica reads it; what it held opens still. */
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, version + 1);
  g_assert_cmpmem (a->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, removal,
                   CT_KEY_NAME_SIZE);
  seen = ct_sync_test_get_field (a, "households", f->household, "health_physical");
  g_assert_cmpstr (seen, ==, "Na de rotatie");
  g_clear_pointer (&seen, g_free);
  seen = ct_sync_test_get_field (a, "households", f->household, "health_mental");
  g_assert_cmpstr (seen, ==, "Voor de verwijdering");
  g_clear_pointer (&seen, g_free);

  /* Pieter's file took the rotation: health no longer waits there. */
  p = ct_core_test_unlock (p_path, "politie", PASS);
  g_assert_true (ct_session_get_pending_rotations (p) & (1u << CT_CATEGORY_HEALTH));
  /* Wim's file is refused here too when it comes before Greet's; after
   * it, it holds only what Greet's brought. */
  ct_sync_test_sync (p, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, <=, 1);
  ct_sync_summary_clear (&summary);
  g_assert_cmpuint (ct_session_get_pending_rotations (p) & (1u << CT_CATEGORY_HEALTH), ==, 0);

  /* The copy that rotated on its own, and the one named by the role
   * change: refused on Hendrik's replica, their edits not applied. */
  ct_sync_test_set_field (g3, "cases", f->kase, "summary", "Van de tweede kopie");
  ct_sync_test_sync (g3, f->folder, &summary);
  ct_sync_summary_clear (&summary);
  assert_refuses (a, f->folder, "another key for a version");
  ct_sync_test_set_field (g2, "cases", f->kase, "summary", "Van de derde kopie");
  ct_sync_test_sync (g2, f->folder, &summary);
  ct_sync_summary_clear (&summary);
  assert_refuses (a, f->folder, "no change of the team made wait");
  seen = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, ==, "Eerste samenvatting");
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, version + 1);
  g_assert_cmpmem (a->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, removal,
                   CT_KEY_NAME_SIZE);

  ct_core_test_session_free (a);
  ct_core_test_session_free (p);
  ct_core_test_session_free (g);
  ct_core_test_session_free (g2);
  ct_core_test_session_free (g3);
  ct_core_test_session_free (w);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync/new-keys", ct_sync_test_members, test_new_keys);
  CT_SYNC_TEST_ADD ("/sync/chain-travels", ct_sync_test_members, test_chain_travels);
  CT_SYNC_TEST_ADD ("/sync/chain-fork", ct_sync_test_members, test_chain_fork);
  CT_SYNC_TEST_ADD ("/sync/key-rotation", ct_sync_test_members, test_key_rotation);
  CT_SYNC_TEST_ADD ("/sync/removal-offline", ct_sync_test_members, test_removal_offline);
  CT_SYNC_TEST_ADD ("/sync/rotated-later", rotation_members, test_rotated_later);
  return g_test_run ();
}
