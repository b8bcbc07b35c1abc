/* test-sync-fork-keys.c — the keys of a forked chain's two branches
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* After a fork, a replica can hold two keys of one version number, its
 * own and the other branch's (docs/sync-security.md, "Key versions named by their
 * statement"): a change file, a value and a log entry sealed under either
 * open, the AEAD telling the two apart, and one under a key the replica
 * holds no grant of never opens. Grants a beheerder's file carries are
 * taken only under a name the chain makes and for a present member. The
 * fork itself, in every arrival order, is test-sync-fork.c. */

#include "config.h"

#include <string.h>

#include "ct-audit.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

typedef CtSyncTestTeam Fixture;

/* Gives @session a second key of its current sync key version, under a
 * name of no statement, and makes that name its current one: as a replica
 * holding two keys of one number after a resolved fork, its own first
 * (docs/sync-security.md, "Key versions named by their statement"). */
static void
plant_second_key (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  CtSyncState state = ct_sync_test_state_of (session);
  guint8 name[CT_CHAIN_HASH_SIZE], key[CT_SYNC_KEY_SIZE], sealed[CT_SYNC_GRANT_SIZE];

  memset (name, 0x5a, sizeof name);
  randombytes_buf (key, sizeof key);
  crypto_box_seal (sealed, key, sizeof key, session->identity->box_pk);
  stmt = ct_store_prepare (session->db, "INSERT INTO sync_keys (version, made_by, holder, sealed) "
                                        "VALUES (?1, ?2, ?3, ?4)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, state.key_version);
  sqlite3_bind_blob (stmt, 2, name, sizeof name, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, session->member->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, sealed, sizeof sealed, SQLITE_STATIC);
  g_assert_true (ct_store_step_done (session->db, stmt, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = ct_store_prepare (session->db, "UPDATE sync_state SET key_made_by = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_blob (stmt, 1, name, sizeof name, SQLITE_STATIC);
  g_assert_true (ct_store_step_done (session->db, stmt, &error));
  g_assert_no_error (error);
  sodium_memzero (key, sizeof key);
}

/* A change file and a status file name their sync key by number only:
 * a replica that holds two keys of that number (its own first) opens one
 * sealed under the other, the AEAD telling which. */
static void
test_either_key (Fixture      *f,
                 gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *seen = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  CtSyncSummary summary;

  ct_sync_test_remove_member (a, "ggz");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  g_assert_cmpuint (ct_sync_test_state_of (b).key_version, ==, 2);
  plant_second_key (b);
  keys = _ct_session_sync_open_keys (b, 2);
  g_assert_nonnull (keys);
  g_assert_cmpuint (keys->len, ==, 2);

  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Onder de andere sleutel");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync (b, f->folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  ct_sync_summary_clear (&summary);
  seen = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (seen, ==, "Onder de andere sleutel");
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Puts a grant of sync key @version named @name to @holder into
 * @session's file, as a sender forging it would. */
static void
plant_grant (CtSession    *session,
             guint32       version,
             const guint8 *name,
             const guint8 *holder,
             const guint8 *box_pk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStmt) stmt = NULL;
  guint8 key[CT_SYNC_KEY_SIZE], sealed[CT_SYNC_GRANT_SIZE];

  randombytes_buf (key, sizeof key);
  crypto_box_seal (sealed, key, sizeof key, box_pk);
  stmt = ct_store_prepare (session->db, "INSERT INTO sync_keys (version, made_by, holder, sealed) "
                                        "VALUES (?1, ?2, ?3, ?4)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, name, CT_CHAIN_HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, holder, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, sealed, sizeof sealed, SQLITE_STATIC);
  g_assert_true (ct_store_step_done (session->db, stmt, &error));
  g_assert_no_error (error);
  sodium_memzero (key, sizeof key);
}

/* Whether @session holds any grant of sync key @version to @holder that
 * is not named @name. */
static gboolean
holds_other_grant (CtSession    *session,
                   guint32       version,
                   const guint8 *name,
                   const guint8 *holder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (session->db, "SELECT 1 FROM sync_keys WHERE version = ?1 AND "
                                   "made_by <> ?2 AND holder = ?3", &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, name, CT_CHAIN_HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, holder, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Grants a beheerder's file carries are taken only under a name the
 * chain makes and for a present member: one under a made-up name (a
 * second key of a number, which a removed member could hold) and one to
 * a removed member are left out by the receiver (docs/sync-chain.md, "When both
 * branches take rights away"). */
static void
test_forged_grant (Fixture      *f,
                   gconstpointer data)
{
  CtSession *a, *b, *c;
  const CtChainMember *ggz, *politie;
  guint8 bogus[CT_CHAIN_HASH_SIZE];
  CtSyncState state;

  ct_sync_test_open_two_beheerders (f, &a, &b, &c);
  ct_sync_test_remove_member (a, "ggz");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (c, f->folder);
  state = ct_sync_test_state_of (c);
  g_assert_cmpuint (state.key_version, ==, 2);
  ggz = ct_sync_test_member (c, "ggz");
  politie = ct_sync_test_member (c, "politie");
  memset (bogus, 0x5a, sizeof bogus);
  /* Regie's file carries a key of version 2 under a made-up name for
   * Pieter, and one of the real version 2 for Greet, removed. */
  plant_grant (c, 2, bogus, politie->uid, politie->box_pk);
  plant_grant (c, 2, state.key_made_by, ggz->uid, ggz->box_pk);
  ct_sync_test_add_member (c, "anna", "Anna Ahmadi", CT_ROLE_GGZ);
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  g_assert_nonnull (ct_sync_test_member (a, "anna"));
  g_assert_nonnull (ct_sync_test_member (b, "anna"));
  for (guint i = 0; i < 2; i++)
    {
      CtSession *s = i == 0 ? a : b;

      g_assert_false (holds_other_grant (s, 2, state.key_made_by, politie->uid));
      g_assert_false (ct_sync_test_holds_current_key (s, "ggz"));
    }
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* Sets @field of the household on @session sealed under @key in place of
 * its current key of @c, as a replica holding that key would seal it. */
static void
set_field_under (Fixture      *f,
                 CtSession    *session,
                 CtCategory    c,
                 const guint8 *key,
                 const char   *field,
                 const char   *value)
{
  guint8 *own = ct_secure_alloc (CT_KEY_SIZE);

  memcpy (own, _ct_session_key_of (session, c), CT_KEY_SIZE);
  memcpy (_ct_session_key_of (session, c), key, CT_KEY_SIZE);
  ct_sync_test_set_field (session, "households", f->household, field, value);
  memcpy (_ct_session_key_of (session, c), own, CT_KEY_SIZE);
  ct_secure_free (own);
}

/* A category key version is named by its statement (docs/sync-security.md, "Key
 * versions named by their statement"): a replica that holds the other
 * branch's key of its number opens a value sealed under it, the AEAD
 * telling the two apart; a value under a key it does not hold is refused
 * as damaged, never opened under a wrong key. */
static void
test_either_category_key (Fixture      *f,
                          gconstpointer data)
{
  static const guint8 zeros[CT_KEY_NAME_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  CtSession *b = ct_sync_test_replica (f, "regie");
  gint version = b->cat_version[CT_CATEGORY_HEALTH];
  guint8 name[CT_KEY_NAME_SIZE], other[CT_KEY_SIZE], foreign[CT_KEY_SIZE];
  guint8 sealed[CT_SEALED_KEY_SIZE], made_by[CT_KEY_NAME_SIZE];
  g_autofree char *seen = NULL;
  CtRecord *record;
  guint8 *keys;
  guint n = 0;

  g_assert_cmpint (version, >, 0);
  memset (name, 0x5a, sizeof name);
  randombytes_buf (other, sizeof other);
  randombytes_buf (foreign, sizeof foreign);

  /* Sealed under the other branch's key of b's number: damaged while b
   * does not hold that key. */
  set_field_under (f, b, CT_CATEGORY_HEALTH, other, "health_mental", "Onder de andere sleutel");
  record = ct_session_get (b, "households", f->household, &error);
  g_assert_null (record);
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
  g_clear_error (&error);

  /* Once b holds it, beside its own of that number, the value opens. */
  crypto_box_seal (sealed, other, sizeof other, b->identity->box_pk);
  g_assert_true (ct_store_key_add_version (b->db, CT_CATEGORY_HEALTH, version, name, &error));
  g_assert_true (ct_store_grant_put (b->db, b->member->id, CT_CATEGORY_HEALTH, version, name,
                                     sealed, sizeof sealed, &error));
  g_assert_no_error (error);
  keys = _ct_session_keys_of_version (b, CT_CATEGORY_HEALTH, version, &n);
  g_assert_cmpuint (n, ==, 2);
  ct_secure_free (keys);
  seen = ct_sync_test_get_field (b, "households", f->household, "health_mental");
  g_assert_cmpstr (seen, ==, "Onder de andere sleutel");
  /* Its own version stays the current one. */
  g_assert_cmpint (ct_store_key_version (b->db, CT_CATEGORY_HEALTH, NULL, made_by, &error), ==,
                   version);
  g_assert_cmpmem (made_by, sizeof made_by, zeros, sizeof zeros);
  g_assert_cmpmem (b->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, zeros, sizeof zeros);

  /* A key of that number that b holds no grant of opens nothing. */
  set_field_under (f, b, CT_CATEGORY_HEALTH, foreign, "health_physical", "Vreemd");
  record = ct_session_get (b, "households", f->household, &error);
  g_assert_null (record);
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
  sodium_memzero (other, sizeof other);
  sodium_memzero (foreign, sizeof foreign);
  ct_core_test_session_free (b);
}

/* Whether the newest entry of @session's log names @category as read. */
static gboolean
last_entry_names (CtSession  *session,
                  const char *category)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = _ct_audit_read (session, &error);
  const CtLogEntry *e;
  g_auto(GStrv) names = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  e = g_ptr_array_index (entries, entries->len - 1);
  names = g_strsplit (e->categories, ",", -1);
  return g_strv_contains ((const char * const *) names, category);
}

/* A log entry's sealed slots name their key's number only, as a value
 * does: one sealed under the other branch's key of the reader's number
 * shows its category as hidden while the reader does not hold that key,
 * and as read once it does; one under a key of that number it holds no
 * grant of stays hidden (docs/sync-security.md, "Key versions named by their
 * statement"). */
static void
test_either_log_key (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *b = ct_sync_test_replica (f, "regie");
  gint version = b->cat_version[CT_CATEGORY_HEALTH];
  guint8 name[CT_KEY_NAME_SIZE], sealed[CT_SEALED_KEY_SIZE];
  guint8 *other = ct_secure_alloc (CT_KEY_SIZE);
  guint8 *foreign = ct_secure_alloc (CT_KEY_SIZE);

  g_assert_cmpint (version, >, 0);
  memset (name, 0x5a, sizeof name);
  randombytes_buf (other, CT_KEY_SIZE);
  randombytes_buf (foreign, CT_KEY_SIZE);

  /* A write of a health field logged under the other branch's key of
   * b's number. */
  set_field_under (f, b, CT_CATEGORY_HEALTH, other, "health_mental", "Onder de andere sleutel");
  g_assert_false (last_entry_names (b, "health"));
  g_assert_true (last_entry_names (b, CT_LOG_HIDDEN_CATEGORIES));

  /* Beside its own key of that number, b reads it. */
  crypto_box_seal (sealed, other, CT_KEY_SIZE, b->identity->box_pk);
  g_assert_true (ct_store_key_add_version (b->db, CT_CATEGORY_HEALTH, version, name, &error));
  g_assert_true (ct_store_grant_put (b->db, b->member->id, CT_CATEGORY_HEALTH, version, name,
                                     sealed, sizeof sealed, &error));
  g_assert_no_error (error);
  g_assert_true (last_entry_names (b, "health"));
  g_assert_false (last_entry_names (b, CT_LOG_HIDDEN_CATEGORIES));

  /* Under a key of that number b holds no grant of: hidden. */
  set_field_under (f, b, CT_CATEGORY_HEALTH, foreign, "health_physical", "Vreemd");
  g_assert_false (last_entry_names (b, "health"));
  g_assert_true (last_entry_names (b, CT_LOG_HIDDEN_CATEGORIES));
  ct_secure_free (other);
  ct_secure_free (foreign);
  ct_core_test_session_free (b);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-fork/forged-grant", Fixture, NULL, ct_sync_test_fork_setup,
              test_forged_grant, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/either-key", Fixture, NULL, ct_sync_test_fork_setup,
              test_either_key, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/either-category-key", Fixture, NULL, ct_sync_test_fork_setup,
              test_either_category_key, ct_sync_test_fork_teardown);
  g_test_add ("/sync-fork/either-log-key", Fixture, NULL, ct_sync_test_fork_setup,
              test_either_log_key, ct_sync_test_fork_teardown);
  return g_test_run ();
}
