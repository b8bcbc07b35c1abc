/* test-sync-key-names.c — key versions named by their statement
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A sync key version and a category key version are named by the
 * statement that made them (docs/sync-security.md, "Key versions named by their
 * statement"), on the laptop that made it and on the replicas that apply
 * it; files from before the names (migrations 23 and 24) keep their keys.
 * The other sync key tests are in test-sync-keys.c. */

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

/* What migration 24 did: category key versions without names. */
#define UNDO_MIGRATION_24 \
  "CREATE TABLE category_keys_old (category TEXT NOT NULL, version INTEGER NOT NULL, " \
  "used INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, previous BLOB, " \
  "PRIMARY KEY (category, version));" \
  "INSERT INTO category_keys_old SELECT category, version, used, created_at, previous " \
  "FROM category_keys ORDER BY rowid; DROP TABLE category_keys;" \
  "ALTER TABLE category_keys_old RENAME TO category_keys;" \
  "CREATE TABLE key_grants_old (holder INTEGER NOT NULL, category TEXT NOT NULL, " \
  "version INTEGER NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (holder, category, version));" \
  "INSERT INTO key_grants_old SELECT holder, category, version, sealed FROM key_grants;" \
  "DROP TABLE key_grants; ALTER TABLE key_grants_old RENAME TO key_grants;" \
  "CREATE TABLE pending_rotations_old (category TEXT PRIMARY KEY, since TEXT NOT NULL);" \
  "INSERT INTO pending_rotations_old SELECT category, since FROM pending_rotations;" \
  "DROP TABLE pending_rotations;" \
  "ALTER TABLE pending_rotations_old RENAME TO pending_rotations;"

/* @session's file as it was before migration 23, opened again. */
static CtSession *
back_to_migration_22 (CtSession  *session,
                      const char *path,
                      const char *login)
{
  ct_core_test_exec_sql (session->db,
                         "CREATE TABLE sync_keys_old (version INTEGER NOT NULL, "
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
  ct_core_test_exec_sql (session->db, UNDO_MIGRATION_24);
  ct_core_test_session_free (session);
  return ct_core_test_unlock (path, login, CT_SYNC_TEST_PASS);
}

/* A sync key version is named by the statement that made it
 * (docs/sync-security.md, "Key versions named by their statement"): the removal's
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
  bytes = ct_sync_test_read_change (a, f->folder, 1, &len);
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

    next = ct_sync_test_read_change (b, f->folder, b_state.next_seq - 1, &next_len);
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

/* The number of rows @sql (with a name bound as ?1) counts in @session. */
static gint64
count_named (CtSession    *session,
             const char   *sql,
             const guint8 *made_by)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, made_by, CT_KEY_NAME_SIZE, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* @session's file as it was before migration 24 (category key versions
 * without names), with a rotation of the health key waiting, opened
 * again. */
static CtSession *
back_to_migration_23 (CtSession  *session,
                      const char *path,
                      const char *login)
{
  ct_core_test_exec_sql (session->db, UNDO_MIGRATION_24);
  ct_core_test_exec_sql (session->db, "INSERT INTO pending_rotations (category, since) VALUES "
                         "('health', '2026-01-01T00:00:00Z');"
                         "PRAGMA user_version = 23;");
  ct_core_test_session_free (session);
  return ct_core_test_unlock (path, login, PASS);
}

/* A category key version is named like a sync key version (docs/sync-security.md,
 * "Key versions named by their statement"): a fresh key by zeros, the
 * rotation a removal makes by the removal's hash, in the version and
 * every grant of it. A file from before the names (migration 24) keeps
 * its versions under zeros, reads every value, and a rotation that waited
 * from before is named by the chain's head when it is made. */
static void
test_category_key_names (Fixture      *f,
                         gconstpointer data)
{
  static const guint8 zeros[CT_KEY_NAME_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = g_strdup_printf ("%s/replica-%u.casus", f->team.dir, f->n_copies);
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *removed = ct_sync_test_replica (f, "ggz");
  CtSession *c = ct_sync_test_replica (f, "politie");
  guint8 made_by[CT_KEY_NAME_SIZE];
  gint version;
  char *seen;

  ct_sync_test_set_field (a, "households", f->household, "health_mental", "Voor de verwijdering");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  version = a->cat_version[CT_CATEGORY_HEALTH];
  g_assert_cmpint (version, >, 0);
  g_assert_cmpmem (a->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, zeros,
                   CT_KEY_NAME_SIZE);

  g_assert_true (ct_session_remove_member (a, "ggz", &error));
  g_assert_no_error (error);
  g_assert_true (ct_chain_statement_hash (a->db, a->chain->length - 1, made_by));
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, version + 1);
  g_assert_cmpmem (a->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, made_by,
                   CT_KEY_NAME_SIZE);
  g_assert_cmpint (count_named (a, "SELECT count(*) FROM category_keys WHERE category = 'health' "
                                   "AND made_by = ?1", made_by), ==, 1);
  g_assert_cmpint (count_named (a, "SELECT count(*) FROM key_grants WHERE category = 'health' "
                                   "AND made_by = ?1", made_by), >, 0);
  g_assert_cmpint (count_named (a, "SELECT count(*) FROM key_grants WHERE category = 'health' "
                                   "AND made_by <> ?1", made_by), ==, 0);
  g_assert_cmpuint (ct_session_get_pending_rotations (a), ==, 0);
  ct_sync_test_set_field (a, "households", f->household, "health_physical", "Na de verwijdering");
  ct_sync_test_sync_quietly (a, f->folder);

  /* The change file (CTSYNC04) names the version: a replica that takes
   * it files it under the removal's name. */
  ct_sync_test_sync_quietly (c, f->folder);
  g_assert_cmpint (count_named (c, "SELECT count(*) FROM category_keys WHERE category = 'health' "
                                   "AND made_by = ?1", made_by), ==, 1);

  /* The same file in the format before (CTSYNC03, its list of category
   * keys without names) still applies: the receiver names the version
   * as it names that number, zeros as it has none. */
  {
    g_autofree char *device = ct_sync_test_device_dir (a, f->folder);
    g_autofree char *path = g_build_filename (device, "000000000002.ctchange", NULL);
    g_autofree char *bytes = NULL;
    g_autoptr(GBytes) resealed = NULL;
    guint8 *key = _ct_session_sync_open_key (a, 1);
    CtSyncFile file;
    gsize len;

    g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
    g_assert_true (_ct_sync_file_peek ((const guint8 *) bytes, len, &file, NULL));
    g_assert_false (file.keys_unnamed);
    g_assert_true (_ct_sync_file_open ((const guint8 *) bytes, len, key, &file, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (file.statements->len, >, 0);
    g_bytes_unref (file.category_keys);
    file.category_keys = ct_store_sync_category_keys_export (a->db, FALSE, &error);
    g_assert_no_error (error);
    resealed = _ct_sync_file_seal_as (&file, CT_SYNC_MAGIC_03, key, a->identity);
    ct_secure_free (key);
    _ct_sync_file_clear (&file);
    g_assert_true (g_file_set_contents (path, g_bytes_get_data (resealed, NULL),
                                        (gssize) g_bytes_get_size (resealed), NULL));
    g_assert_true (_ct_sync_file_peek (g_bytes_get_data (resealed, NULL),
                                       g_bytes_get_size (resealed), &file, NULL));
    g_assert_true (file.keys_unnamed);
    g_assert_false (file.unnamed);
    _ct_sync_file_clear (&file);
  }
  ct_sync_test_sync_quietly (b, f->folder);
  g_assert_cmpint (b->cat_version[CT_CATEGORY_HEALTH], ==, version + 1);
  g_assert_cmpmem (b->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, zeros,
                   CT_KEY_NAME_SIZE);
  seen = ct_sync_test_get_field (b, "households", f->household, "health_physical");
  g_assert_cmpstr (seen, ==, "Na de verwijdering");
  g_free (seen);

  /* a's file as it was before migration 24, a rotation waiting: its
   * versions are named by zeros and every value opens; the unlock makes
   * the rotation, named by the chain's head. */
  a = back_to_migration_23 (a, a_path, "beheer");
  g_assert_cmpint (count_named (a, "SELECT count(*) FROM category_keys WHERE category = 'health' "
                                   "AND made_by = ?1", zeros), ==, version + 1);
  g_assert_cmpint (a->cat_version[CT_CATEGORY_HEALTH], ==, version + 2);
  g_assert_cmpmem (a->cat_made_by[CT_CATEGORY_HEALTH], CT_KEY_NAME_SIZE, a->chain->head,
                   CT_KEY_NAME_SIZE);
  g_assert_cmpuint (ct_session_get_pending_rotations (a), ==, 0);
  seen = ct_sync_test_get_field (a, "households", f->household, "health_mental");
  g_assert_cmpstr (seen, ==, "Voor de verwijdering");
  g_free (seen);
  seen = ct_sync_test_get_field (a, "households", f->household, "health_physical");
  g_assert_cmpstr (seen, ==, "Na de verwijdering");
  g_free (seen);

  /* It syncs on: a value b seals under the version before reaches it. */
  ct_sync_test_set_field (b, "households", f->household, "medication", "Na de migratie");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  seen = ct_sync_test_get_field (a, "households", f->household, "medication");
  g_assert_cmpstr (seen, ==, "Na de migratie");
  g_free (seen);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
  ct_core_test_session_free (removed);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync/key-names", ct_sync_test_members, test_key_names);
  CT_SYNC_TEST_ADD ("/sync/category-key-names", ct_sync_test_members, test_category_key_names);
  return g_test_run ();
}
