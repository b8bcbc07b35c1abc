/* test-malicious.c — a member who edits the database directly
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every member holds K_db, so every member can edit any row with the
 * sqlcipher shell. These tests do that through the session's own database
 * handle: grant themselves a category, raise their role, plant a keyslot,
 * forge, reorder and cut the team chain, and change, delete, cut and
 * re-sign the access log. Each must be refused or reported, with nothing
 * granted (docs/security.md). */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"

#define PASS "geheim geheim"

typedef struct
{
  char     *dir;
  char     *path;
  CtSecret *recovery;
} Team;

static CtSession *
unlock (Team       *team,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (team->path, login, PASS, &error);

  g_assert_no_error (error);
  return session;
}

static CtSession *
unlock_recovery (Team *team)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock_with_recovery_key (team->path, team->recovery, &error);

  g_assert_no_error (error);
  return session;
}

/* The unlock must fail with @code; returns the message. */
static char *
unlock_refused (Team       *team,
                const char *login,
                gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (team->path, login, PASS, &error);

  g_assert_null (session);
  g_assert_error (error, CT_ERROR, code);
  return g_strdup (error->message);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Runs @sql with @trigger out of the way, as a member with the stock
 * sqlcipher shell would, then puts the trigger back exactly as the schema
 * stored it, so that only the edit remains to be detected. */
static void
exec_past_trigger (sqlite3    *db,
                   const char *trigger,
                   const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *create = NULL;
  g_autofree char *drop = g_strdup_printf ("DROP TRIGGER %s", trigger);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                           "AND name = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, trigger, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  create = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  exec_sql (db, drop);
  exec_sql (db, sql);
  exec_sql (db, create);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
add_and_enrol (Team       *team,
               CtSession  *admin,
               const char *login,
               CtRole      role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = ct_session_add_member (admin, login, login, role, FALSE, &error);

  g_assert_no_error (error);
  ct_session_lock (admin);
  g_assert_true (ct_vault_enrol (team->path, login, code, PASS, &error));
  g_assert_no_error (error);
}

/* beheer (regisseur, beheerder), ggz, politie and werk (werk & inkomen). */
static void
make_team (Team *team)
{
  CtVaultCreateInfo info = { "Team Kwaad", "beheer", "Bea Beheer", CT_ROLE_REGISSEUR, TRUE, PASS };
  const struct { const char *login; CtRole role; } members[] = {
    { "ggz", CT_ROLE_GGZ }, { "politie", CT_ROLE_POLITIE }, { "werk", CT_ROLE_WERK_INKOMEN },
  };
  g_autoptr(GError) error = NULL;

  team->dir = g_dir_make_tmp ("ct-malicious-XXXXXX", &error);
  g_assert_no_error (error);
  team->path = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (team->path, &info, &team->recovery, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(CtCoreTestSession) admin = unlock (team, "beheer");

      add_and_enrol (team, admin, members[i].login, members[i].role);
    }
}

static void
remove_team (Team *team)
{
  g_autofree char *journal = g_strconcat (team->path, "-journal", NULL);

  g_unlink (team->path);
  g_unlink (journal);
  g_rmdir (team->dir);
  g_free (team->dir);
  g_free (team->path);
  ct_secret_free (team->recovery);
}

static gint64
grants_to (sqlite3    *db,
           const char *login,
           const char *category)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM key_grants g JOIN members m ON "
                                          "m.id = g.holder WHERE m.login = '%s' AND "
                                          "g.category = '%s'", login, category);

  return query_int (db, sql);
}

/* A policy row a member inserted for their own role: the next unlock by
 * a member who holds the key refuses the file, and even a session that
 * is already open seals nothing, for it takes the policy from the chain. */
static void
test_policy_row (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  make_team (&team);

  ggz = unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  exec_sql (ggz->db, "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  g_assert_true (_ct_session_fulfil (ggz, &error));
  g_assert_no_error (error);
  g_assert_cmpint (grants_to (ggz->db, "politie", "health"), ==, 0);
  ct_session_lock (ggz);

  message = unlock_refused (&team, "ggz", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "policy"));
  g_clear_pointer (&message, g_free);
  message = unlock_refused (&team, "politie", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "policy"));

  remove_team (&team);
}

/* A member who makes themselves regisseur and beheerder in their row. */
static void
test_own_role (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  make_team (&team);

  werk = unlock (&team, "werk");
  g_assert_false (ct_session_is_admin (werk));
  id = ct_session_get_member_id (werk);
  exec_sql (werk->db, "UPDATE members SET role = 'regisseur', is_admin = 1 WHERE login = 'werk'");
  ct_session_lock (werk);

  expected = g_strdup_printf ("member %" G_GINT64_FORMAT, id);
  message = unlock_refused (&team, "werk", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, expected));
  g_clear_pointer (&message, g_free);
  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "member"));

  remove_team (&team);
}

static gboolean
log_has_purpose (CtSession  *session,
                 const char *purpose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_str_equal (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, purpose))
      return TRUE;
  return FALSE;
}

/* A member copies their own keyslot under another login, with another
 * live member's member id: the ghost is no one, is dropped at the next
 * unlock of a member, and cannot open the file once its maker is removed. */
static void
test_planted_slot (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) ghost = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  guint8 ggz_uid[CT_MEMBER_ID_SIZE];
  CtSlot planted;
  guint n_slots;

  make_team (&team);
  ggz = unlock (&team, "ggz");
  memcpy (ggz_uid, ggz->member->member_uid, sizeof ggz_uid);
  ct_session_lock (ggz);

  politie = unlock (&team, "politie");
  ct_header_slot_id (politie->header, "politie", slot_id);
  planted = *ct_header_find_slot (politie->header, slot_id);
  ct_header_slot_id (politie->header, "ghost", planted.slot_id);
  memcpy (planted.member_id, ggz_uid, sizeof ggz_uid);
  g_assert_true (_ct_slot_protect (&planted, politie->header, PASS, politie->identity, &error));
  g_array_append_vals (politie->header->slots, &planted, 1);
  n_slots = politie->header->slots->len;
  g_assert_true (_ct_session_write_header (politie, &error));
  g_assert_no_error (error);
  ct_session_lock (politie);

  /* The ghost's keys are not ggz's keys in the chain. */
  message = unlock_refused (&team, "ghost", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "keyslot"));

  /* The next unlock drops the slot, rotates K_db and says so in the log. */
  admin = unlock (&team, "beheer");
  g_assert_cmpuint (admin->header->slots->len, ==, n_slots - 1);
  g_assert_true (log_has_purpose (admin, "drop keyslot not in team chain"));
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  /* check names a slot that does not belong, should one be there. */
  g_array_append_vals (admin->header->slots, &planted, 1);
  g_assert_true (_ct_session_write_header (admin, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_check (admin, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "Keyslot"));
  g_clear_error (&error);
  g_array_set_size (admin->header->slots, n_slots - 1);

  g_assert_true (ct_session_remove_member (admin, "politie", &error));
  g_assert_no_error (error);
  ct_session_lock (admin);

  ghost = ct_session_unlock (team.path, "ghost", PASS, &error);
  g_assert_null (ghost);
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  g_clear_pointer (&message, g_free);
  message = unlock_refused (&team, "politie", CT_ERROR_WRONG_CREDENTIALS);
  g_clear_pointer (&ggz, ct_core_test_session_free);
  ggz = unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));

  remove_team (&team);
}

static void
assert_check_names (CtSession  *session,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 verified = -1;

  g_assert_false (ct_session_check (session, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  if (strstr (error->message, text) == NULL)
    g_error ("“%s” does not name “%s”", error->message, text);
  g_clear_error (&error);

  /* What the log viewer and `log` show says the same. */
  g_assert_false (ct_session_verify_log (session, &verified, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, text));
  g_assert_cmpint (verified, >=, 0);
}

static void
assert_log_intact (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  gint64 verified = 0;

  g_assert_true (ct_session_verify_log (session, &verified, &error));
  g_assert_no_error (error);
  g_assert_cmpint (verified, ==, query_int (session->db, "SELECT max(id) FROM access_log"));
}

static void
test_log_changed (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  make_team (&team);
  admin = unlock (&team, "beheer");
  assert_log_intact (admin);

  exec_past_trigger (admin->db, "access_log_no_update",
                     "UPDATE access_log SET purpose = 'view' WHERE id = 3");
  assert_check_names (admin, "entry 3 ");

  remove_team (&team);
}

static void
test_log_deleted (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  make_team (&team);
  admin = unlock (&team, "beheer");
  exec_past_trigger (admin->db, "access_log_no_delete", "DELETE FROM access_log WHERE id = 4");
  assert_check_names (admin, "entry 4 ");

  remove_team (&team);
}

static void
test_log_triggers_dropped (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  make_team (&team);
  admin = unlock (&team, "beheer");
  exec_sql (admin->db, "DROP TRIGGER access_log_no_delete");
  assert_check_names (admin, "append-only");

  remove_team (&team);
}

/* Another member cuts off the beheerder's newest entries: the beheerder's
 * signed anchor row still names the newest, so check finds the cut; with
 * the anchor rows gone too, the beheerder's device still knows, and the
 * beheerder's next unlock refuses the file. */
static void
cut_newest (gboolean drop_anchors)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *entry = NULL;
  gint64 newest;

  make_team (&team);
  admin = unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_WORK, TRUE, &error));
  g_assert_no_error (error);
  newest = query_int (admin->db, "SELECT max(id) FROM access_log");
  entry = g_strdup_printf ("entry %" G_GINT64_FORMAT, newest);
  ct_session_lock (admin);

  politie = unlock (&team, "politie");
  g_assert_cmpint (query_int (politie->db, "SELECT max(id) FROM access_log"), ==, newest);
  exec_past_trigger (politie->db, "access_log_no_delete",
                     "DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log)");
  if (drop_anchors)
    exec_sql (politie->db, "DELETE FROM log_anchors");
  ct_session_lock (politie);

  recovery = unlock_recovery (&team);
  if (!drop_anchors)
    {
      message = g_strdup_printf ("entry %" G_GINT64_FORMAT ", the newest of beheer", newest);
      assert_check_names (recovery, message);
      g_clear_pointer (&message, g_free);
    }
  ct_session_lock (recovery);

  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, entry));

  remove_team (&team);
}

static void
test_log_newest_deleted (void)
{
  cut_newest (FALSE);
}

static void
test_log_newest_and_anchors_deleted (void)
{
  cut_newest (TRUE);
}

/* The hash of an access-log entry as ct-audit.c makes it (format v1). */
static void
hash_text (crypto_generichash_state *state,
           const char               *text)
{
  guint32 len = GUINT32_TO_LE ((guint32) strlen (text));

  crypto_generichash_update (state, (const guint8 *) &len, sizeof len);
  crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

static void
hash_int (crypto_generichash_state *state,
          gint64                    value)
{
  gint64 le = GINT64_TO_LE (value);

  crypto_generichash_update (state, (const guint8 *) &le, sizeof le);
}

/* Re-signs the newest entry, with another purpose, with a key the
 * attacker planted in member_sign_keys under the entry's author. */
/* Entry @id re-signed, with its purpose changed to "view", by a key
 * planted in member_sign_keys for its author. */
static void
resign_entry (CtSession *admin,
              gint64     id)
{
  g_autoptr(CtIdentity) planted = ct_identity_new_random ();
  sqlite3_stmt *stmt = NULL;
  crypto_generichash_state state;
  guint8 hash[32], sig[crypto_sign_BYTES];
  gint64 author;

  g_assert_cmpint (sqlite3_prepare_v2 (admin->db,
                                       "SELECT prev_hash, at, member_id, role, action, "
                                       "object_table, object_id, categories, outcome FROM "
                                       "access_log WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  crypto_generichash_init (&state, (const guint8 *) "ct-access-log-v1", 16, 32);
  crypto_generichash_update (&state, sqlite3_column_blob (stmt, 0), 32);
  hash_int (&state, id);
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 1));
  hash_int (&state, sqlite3_column_int64 (stmt, 2));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 3));
  hash_int (&state, sqlite3_column_text (stmt, 4)[0]);
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 5));
  hash_int (&state, sqlite3_column_int64 (stmt, 6));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 7));
  hash_text (&state, "view");
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 8));
  crypto_generichash_update (&state, planted->sign_pk, sizeof planted->sign_pk);
  crypto_generichash_final (&state, hash, sizeof hash);
  crypto_sign_detached (sig, NULL, hash, sizeof hash, planted->sign_sk);
  author = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);

  exec_sql (admin->db, "DROP TRIGGER access_log_no_update");
  g_assert_cmpint (sqlite3_prepare_v2 (admin->db,
                                       "UPDATE access_log SET purpose = 'view', signer_pk = ?1, "
                                       "hash = ?2, signature = ?3 WHERE id = ?4", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, planted->sign_pk, sizeof planted->sign_pk, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, hash, sizeof hash, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, sig, sizeof sig, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  exec_sql (admin->db, "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
                       "BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END");

  g_assert_cmpint (sqlite3_prepare_v2 (admin->db, "INSERT INTO member_sign_keys (member_id, "
                                       "sign_pk) VALUES (?1, ?2)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, author);
  sqlite3_bind_blob (stmt, 2, planted->sign_pk, sizeof planted->sign_pk, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_log_resigned (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  make_team (&team);
  admin = unlock (&team, "beheer");
  id = query_int (admin->db, "SELECT max(id) FROM access_log");
  resign_entry (admin, id);

  name = g_strdup_printf ("entry %" G_GINT64_FORMAT " ", id);
  assert_check_names (admin, name);

  remove_team (&team);
}

/* The entries before "found team chain" may be signed by a key of
 * member_sign_keys; re-signing one with a key added there still shows,
 * and so does re-signing the founding entry itself, which only a key of
 * the chain may sign. */
static void
test_log_resigned_before_chain (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  gint64 found;

  make_team (&team);
  admin = unlock (&team, "beheer");
  found = query_int (admin->db, "SELECT id FROM access_log WHERE purpose = 'found team chain'");
  g_assert_cmpint (found, >, 1);
  resign_entry (admin, found - 1);
  assert_check_names (admin, "entry ");
  ct_session_lock (admin);
  remove_team (&team);

  make_team (&team);
  admin = unlock (&team, "beheer");
  found = query_int (admin->db, "SELECT id FROM access_log WHERE purpose = 'found team chain'");
  resign_entry (admin, found);
  assert_check_names (admin, "entry ");

  remove_team (&team);
}

/* A statement signed by a member who is no beheerder (here by making the
 * attacker beheerder in a copy of the chain in memory), granting their own
 * role a category, with the policy table to match. */
static void
test_chain_forged (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *statement = NULL;

  make_team (&team);
  politie = unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  ct_chain_find_uid (chain, politie->member->member_uid)->is_admin = TRUE;
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", chain->length);
  g_assert_true (ct_chain_append_policy (chain, politie->db, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH,
                                         TRUE, politie->member->member_uid, politie->identity,
                                         &error));
  g_assert_no_error (error);
  exec_sql (politie->db, "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  ct_session_lock (politie);

  message = unlock_refused (&team, "ggz", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, statement));
  g_assert_nonnull (strstr (message, "not a beheerder"));

  remove_team (&team);
}

/* Two statements swapped. */
static void
test_chain_reordered (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *statement = NULL;
  gint64 last;

  make_team (&team);
  admin = unlock (&team, "beheer");
  last = query_int (admin->db, "SELECT max(seq) FROM team_chain");
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", last - 1);
  exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
  exec_sql (admin->db, "UPDATE team_chain SET seq = -1 WHERE seq = (SELECT max(seq) FROM "
                       "team_chain)");
  exec_sql (admin->db, "UPDATE team_chain SET seq = seq + 1 WHERE seq = (SELECT max(seq) FROM "
                       "team_chain)");
  exec_sql (admin->db, "UPDATE team_chain SET seq = (SELECT max(seq) FROM team_chain) - 1 "
                       "WHERE seq = -1");
  g_assert_cmpint (query_int (admin->db, "SELECT max(seq) FROM team_chain"), ==, last);
  ct_session_lock (admin);

  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, statement));

  remove_team (&team);
}

/* A byte of a statement changed. */
static void
test_chain_changed (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autofree char *message = NULL;
  g_autofree guint8 *body = NULL;
  sqlite3_stmt *stmt = NULL;
  int len;

  make_team (&team);
  admin = unlock (&team, "beheer");
  exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
  /* The last byte of ggz's signing key, in the statement that adds ggz. */
  g_assert_cmpint (sqlite3_prepare_v2 (admin->db, "SELECT body FROM team_chain WHERE seq = 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  len = sqlite3_column_bytes (stmt, 0);
  body = g_memdup2 (sqlite3_column_blob (stmt, 0), len);
  sqlite3_finalize (stmt);
  body[len - 1] ^= 1;
  g_assert_cmpint (sqlite3_prepare_v2 (admin->db, "UPDATE team_chain SET body = ?1 WHERE seq = 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, body, len, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  ct_session_lock (admin);

  message = unlock_refused (&team, "werk", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "statement 1:"));
  g_assert_nonnull (strstr (message, "signature"));

  remove_team (&team);
}

/* The newest statement (a revocation) cut off, and the policy row put
 * back to match what is left: the chain itself verifies, but the anchors
 * know it was longer. */
static void
test_chain_truncated (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *statement = NULL;
  gint64 length;

  make_team (&team);
  admin = unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE, FALSE,
                                        &error));
  g_assert_no_error (error);
  length = admin->chain->length;
  ct_session_lock (admin);

  politie = unlock (&team, "politie");
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
  exec_sql (politie->db, "DROP TRIGGER team_chain_no_delete");
  exec_sql (politie->db, "DELETE FROM team_chain WHERE seq = (SELECT max(seq) FROM team_chain)");
  exec_sql (politie->db, "INSERT INTO policy (role, category) VALUES ('politie', 'justice')");
  ct_session_lock (politie);

  /* Refused at every unlock, before the shorter chain could seal the
   * justice key to politie again. */
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT, length);
  recovery = ct_session_unlock_with_recovery_key (team.path, team.recovery, &error);
  g_assert_null (recovery);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, statement));
  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, statement));
  g_clear_pointer (&message, g_free);
  message = unlock_refused (&team, "ggz", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, statement));

  remove_team (&team);
}

/* The whole chain deleted: never founded again from the tables. */
static void
test_chain_removed (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autofree char *message = NULL;

  make_team (&team);
  werk = unlock (&team, "werk");
  exec_sql (werk->db, "DROP TRIGGER team_chain_no_delete");
  exec_sql (werk->db, "DELETE FROM team_chain");
  exec_sql (werk->db, "UPDATE members SET is_admin = 1 WHERE login = 'werk'");
  ct_session_lock (werk);

  message = unlock_refused (&team, "werk", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "team chain"));
  g_clear_pointer (&message, g_free);
  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "team chain"));

  remove_team (&team);
}

/* What the beheerder does is in the chain and verifies: add, role,
 * policy, remove, and a reset by the recovery key. */
static void
test_chain_honest (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(GError) error = NULL;
  gint64 length;

  make_team (&team);
  admin = unlock (&team, "beheer");
  length = admin->chain->length;
  /* founding, need-to-know on, three members, each one's enrolment keys */
  g_assert_cmpint (length, ==, 8);
  g_assert_true (ct_session_set_member_role (admin, "werk", CT_ROLE_HUISVESTING, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_GGZ, CT_CATEGORY_WORK, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_remove_member (admin, "politie", &error));
  g_assert_no_error (error);
  g_assert_cmpint (admin->chain->length, ==, length + 3);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  ct_session_lock (admin);

  recovery = unlock_recovery (&team);
  g_assert_true (ct_session_reset_passphrase (recovery, "ggz", "nieuw nieuw nieuw", &error));
  g_assert_no_error (error);
  ct_session_lock (recovery);

  ggz = ct_session_unlock (team.path, "ggz", "nieuw nieuw nieuw", &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_WORK));
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  g_assert_cmpint (ggz->chain->length, ==, length + 4);
  ct_session_lock (ggz);

  admin = unlock (&team, "beheer");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  assert_log_intact (admin);

  remove_team (&team);
}

/* A member rotates their own keys (what a passphrase change does): the
 * chain records it signed with their old key, the session seals the keys
 * it holds to the new one, and the next unlock with the new slot reads as
 * before. Another member who is no beheerder cannot do it for them. */
static void
test_chain_rotate_keys (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtIdentity) fresh = ct_identity_new_random ();
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  guint8 ggz_uid[CT_MEMBER_ID_SIZE];
  CtSlot updated;

  make_team (&team);

  ggz = unlock (&team, "ggz");
  memcpy (ggz_uid, ggz->member->member_uid, sizeof ggz_uid);
  ct_session_lock (ggz);
  g_clear_pointer (&ggz, ct_core_test_session_free);

  politie = unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  g_assert_false (ct_chain_append_keys (chain, politie->db, ggz_uid, politie->identity->box_pk,
                                        politie->identity->sign_pk, politie->member->member_uid,
                                        politie->identity, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "not a beheerder"));
  g_clear_error (&error);
  ct_session_lock (politie);

  ggz = unlock (&team, "ggz");
  g_assert_true (_ct_chain_append_rotate_keys (ggz, fresh, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ggz->identity, ct_identity_free);
  ggz->identity = g_steal_pointer (&fresh);
  ct_header_slot_id (ggz->header, "ggz", slot_id);
  _ct_slot_init (&updated, ggz->header, CT_SLOT_MEMBER, "ggz", ggz_uid, ggz->identity);
  ct_slot_seal_key (&updated, ggz->db_key, FALSE);
  g_assert_true (_ct_slot_protect (&updated, ggz->header, PASS, ggz->identity, &error));
  *ct_header_find_slot (ggz->header, slot_id) = updated;
  g_assert_true (_ct_session_write_header (ggz, &error));
  g_assert_true (_ct_session_fulfil (ggz, &error));
  g_assert_no_error (error);
  ct_session_lock (ggz);
  g_clear_pointer (&ggz, ct_core_test_session_free);

  ggz = unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  ct_session_lock (ggz);

  admin = unlock (&team, "beheer");
  g_assert_true (log_has_purpose (admin, "rotate own keys"));
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  remove_team (&team);
}

static CtSession *
unlock_for_repair (Team  *team,
                   char **problem)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock_for_repair (team->path, team->recovery, problem, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static void
assert_check_ok (Team       *team,
                 const char *login)
{
  g_autoptr(CtCoreTestSession) session = unlock (team, login);
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
}

/* politie forges a statement that grants their role health, puts the
 * policy row beside it and seals themselves the health key that ggz's
 * grant holds; werk makes themselves beheerder in their row. The file
 * opens for no one, the recovery key included, until the recovery key
 * repairs it: then every member opens it again, politie reads no
 * health, the key politie was given is replaced, and the log says so. */
static void
test_repair_forged (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *raw_key = NULL;
  CtChainRepair repair = { 0 };
  gint64 forged, health_version;

  make_team (&team);
  politie = unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  forged = chain->length;
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", forged);
  ct_chain_find_uid (chain, politie->member->member_uid)->is_admin = TRUE;
  g_assert_true (ct_chain_append_policy (chain, politie->db, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH,
                                         TRUE, politie->member->member_uid, politie->identity,
                                         &error));
  g_assert_no_error (error);
  exec_sql (politie->db, "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  exec_sql (politie->db, "INSERT INTO key_grants (holder, category, version, sealed) SELECT "
                         "(SELECT id FROM members WHERE login = 'politie'), category, version, "
                         "sealed FROM key_grants WHERE category = 'health' AND holder = "
                         "(SELECT id FROM members WHERE login = 'ggz')");
  exec_sql (politie->db, "UPDATE members SET is_admin = 1 WHERE login = 'werk'");
  health_version = query_int (politie->db, "SELECT max(version) FROM category_keys WHERE "
                                           "category = 'health'");
  ct_session_lock (politie);

  /* Refused as before, the recovery key's ordinary unlock included. */
  g_free (unlock_refused (&team, "ggz", CT_ERROR_TAMPERED));
  recovery = ct_session_unlock_with_recovery_key (team.path, team.recovery, &error);
  g_assert_null (recovery);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_clear_error (&error);

  /* Open for repair: what failed is named, nothing but the plain copy
   * and the repair is allowed. */
  recovery = unlock_for_repair (&team, &problem);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, statement));
  g_assert_nonnull (strstr (problem, "not a beheerder"));
  g_assert_false (ct_session_set_policy (recovery, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, FALSE,
                                         &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_clear_error (&error);
  copy = g_build_filename (team.dir, "copy.db", NULL);
  g_assert_true (ct_session_export_plain (recovery, copy, &raw_key, &error));
  g_assert_no_error (error);
  g_unlink (copy);
  ct_secure_free (g_steal_pointer (&raw_key));

  g_assert_true (ct_session_repair_chain (recovery, &repair, &error));
  g_assert_no_error (error);
  g_assert_cmpint (repair.first_bad, ==, forged);
  g_assert_cmpint (repair.statements_kept, ==, forged);
  g_assert_cmpint (repair.statements_dropped, ==, 1);
  g_assert_cmpuint (repair.rows_restored, ==, 2);  /* werk's row, the policy row */
  g_assert_cmpuint (repair.grants_dropped, >=, 1);
  g_assert_cmpuint (repair.slots_dropped, ==, 0);
  g_assert_cmpuint (g_strv_length (repair.reset_logins), ==, 0);
  ct_chain_repair_clear (&repair);
  g_assert_true (log_has_purpose (recovery, "repair team chain"));
  g_assert_cmpint (query_int (recovery->db, "SELECT count(*) FROM team_chain"), ==, forged);
  g_assert_cmpint (query_int (recovery->db, "SELECT max(version) FROM category_keys WHERE "
                                            "category = 'health'"), >, health_version);
  ct_session_lock (recovery);

  /* Everyone opens it again, with what the chain gives them. */
  ggz = unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  ct_session_lock (ggz);
  politie = unlock (&team, "politie");
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
  g_assert_cmpint (grants_to (politie->db, "politie", "health"), ==, 0);
  ct_session_lock (politie);
  {
    g_autoptr(CtCoreTestSession) werk = unlock (&team, "werk");

    g_assert_false (ct_session_is_admin (werk));
  }
  assert_check_ok (&team, "beheer");

  /* A file that passes opens for repair as an ordinary recovery session. */
  g_clear_pointer (&problem, g_free);
  g_clear_pointer (&recovery, ct_core_test_session_free);
  recovery = unlock_for_repair (&team, &problem);
  g_assert_null (problem);
  g_assert_true (ct_session_is_recovery (recovery));

  remove_team (&team);
}

/* A member row deleted and a stranger's row put in: the chain itself is
 * intact, the tables are written again from it. */
static void
test_repair_tables (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  CtChainRepair repair = { 0 };

  make_team (&team);
  werk = unlock (&team, "werk");
  exec_sql (werk->db, "UPDATE members SET role = 'regisseur', display_name = 'Baas' "
                      "WHERE login = 'werk'");
  exec_sql (werk->db, "DELETE FROM policy WHERE role = 'ggz' AND category = 'health'");
  ct_session_lock (werk);

  recovery = unlock_for_repair (&team, &problem);
  g_assert_nonnull (strstr (problem, "member"));
  g_assert_true (ct_session_repair_chain (recovery, &repair, &error));
  g_assert_no_error (error);
  g_assert_cmpint (repair.first_bad, ==, -1);
  g_assert_cmpint (repair.statements_dropped, ==, 0);
  g_assert_cmpuint (repair.rows_restored, ==, 2);
  ct_chain_repair_clear (&repair);
  ct_session_lock (recovery);

  werk = unlock (&team, "werk");
  g_assert_cmpint (ct_session_get_role (werk), ==, CT_ROLE_WERK_INKOMEN);
  g_assert_false (ct_session_can_read (werk, CT_CATEGORY_HEALTH));
  ct_session_lock (werk);
  {
    g_autoptr(CtCoreTestSession) ggz = unlock (&team, "ggz");

    g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  }
  assert_check_ok (&team, "beheer");

  remove_team (&team);
}

/* Without a founding statement nothing says who the members are: the
 * repair refuses and changes nothing. */
static void
test_repair_founding (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  CtChainRepair repair = { 0 };

  make_team (&team);
  admin = unlock (&team, "beheer");
  exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
  exec_sql (admin->db, "UPDATE team_chain SET body = zeroblob (40) WHERE seq = 0");
  ct_session_lock (admin);

  recovery = unlock_for_repair (&team, &problem);
  g_assert_nonnull (strstr (problem, "statement 0:"));
  g_assert_false (ct_session_repair_chain (recovery, &repair, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "founding"));
  ct_session_lock (recovery);
  g_free (unlock_refused (&team, "beheer", CT_ERROR_TAMPERED));

  remove_team (&team);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, &error));
  g_assert_no_error (error);
}

/* A logged read by @session, so their device's record moves on. */
static void
log_view (CtSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_store_begin (session->db, &error));
  g_assert_true (_ct_audit_append (session, CT_AUDIT_READ, "households", 1, 0, "view", FALSE,
                                   &error));
  g_assert_true (ct_store_commit (session->db, &error));
  g_assert_no_error (error);
}

/* An older copy put back over the team file: refused at the next unlock
 * on a device that saw the newer one, put back deliberately only by a
 * beheerder, logged in the file, and then it opens as usual. */
static void
test_restore_backup (void)
{
  Team team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtBackupGap gap = { 0 };
  gint64 backup_entry, backup_statements, newer_statements;
  gboolean logged = FALSE;

  make_team (&team);
  backup = g_build_filename (team.dir, "backup.casus", NULL);
  admin = unlock (&team, "beheer");
  backup_entry = query_int (admin->db, "SELECT max(id) FROM access_log");
  backup_statements = admin->chain->length;
  ct_session_lock (admin);
  copy_file (team.path, backup);

  admin = unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE, FALSE,
                                        &error));
  g_assert_no_error (error);
  newer_statements = admin->chain->length;
  ct_session_lock (admin);
  ggz = unlock (&team, "ggz");
  log_view (ggz);
  ct_session_lock (ggz);

  copy_file (backup, team.path);
  g_unlink (backup);

  /* The ordinary unlock refuses the older copy; a member who is no
   * beheerder cannot put it back. */
  message = unlock_refused (&team, "beheer", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "older"));
  g_clear_pointer (&message, g_free);
  g_free (unlock_refused (&team, "ggz", CT_ERROR_TAMPERED));
  ggz = ct_session_unlock_restoring_backup (team.path, "ggz", PASS, &gap, &error);
  g_assert_null (ggz);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  admin = ct_session_unlock_restoring_backup (team.path, "beheer", PASS, &gap, &error);
  g_assert_no_error (error);
  g_assert_nonnull (admin);
  g_assert_true (gap.older);
  g_assert_cmpint (gap.device_statements, ==, newer_statements);
  g_assert_cmpint (gap.file_statements, ==, backup_statements);
  g_assert_cmpint (gap.device_entry, >, backup_entry);
  g_assert_cmpint (gap.file_entry, >=, backup_entry);
  g_assert_true (ct_session_can_read (admin, CT_CATEGORY_JUSTICE));
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    logged |= g_str_has_prefix (((CtLogEntry *) g_ptr_array_index (log, i))->purpose,
                                "restore older copy; ");
  g_assert_true (logged);
  ct_session_lock (admin);

  /* The beheerder's device now follows the file; a second restore finds
   * nothing older. */
  admin = unlock (&team, "beheer");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  ct_session_lock (admin);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_session_unlock_restoring_backup (team.path, "beheer", PASS, &gap, &error);
  g_assert_no_error (error);
  g_assert_false (gap.older);

  remove_team (&team);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (ct_init (NULL));

  g_test_add_func ("/malicious/chain/honest", test_chain_honest);
  g_test_add_func ("/malicious/policy-row", test_policy_row);
  g_test_add_func ("/malicious/own-role", test_own_role);
  g_test_add_func ("/malicious/planted-slot", test_planted_slot);
  g_test_add_func ("/malicious/log/changed", test_log_changed);
  g_test_add_func ("/malicious/log/deleted", test_log_deleted);
  g_test_add_func ("/malicious/log/triggers-dropped", test_log_triggers_dropped);
  g_test_add_func ("/malicious/log/newest-deleted", test_log_newest_deleted);
  g_test_add_func ("/malicious/log/newest-and-anchors-deleted",
                   test_log_newest_and_anchors_deleted);
  g_test_add_func ("/malicious/log/resigned", test_log_resigned);
  g_test_add_func ("/malicious/log/resigned-before-chain", test_log_resigned_before_chain);
  g_test_add_func ("/malicious/chain/forged", test_chain_forged);
  g_test_add_func ("/malicious/chain/reordered", test_chain_reordered);
  g_test_add_func ("/malicious/chain/changed", test_chain_changed);
  g_test_add_func ("/malicious/chain/truncated", test_chain_truncated);
  g_test_add_func ("/malicious/chain/removed", test_chain_removed);
  g_test_add_func ("/malicious/chain/rotate-keys", test_chain_rotate_keys);
  g_test_add_func ("/malicious/repair/forged", test_repair_forged);
  g_test_add_func ("/malicious/repair/tables", test_repair_tables);
  g_test_add_func ("/malicious/repair/founding", test_repair_founding);
  g_test_add_func ("/malicious/restore-backup", test_restore_backup);

  return g_test_run ();
}
