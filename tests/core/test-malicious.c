/* test-malicious.c — a member who edits the database directly
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every member holds K_db, so every member can edit any row with the
 * sqlcipher shell. These tests do that through the session's own database
 * handle: grant themselves a category, raise their role, plant a keyslot,
 * make another member beheerder in the table to remove or demote the last
 * one, swap logins to have another member removed or reset, delete
 * their grants to keep a key from rotation, forge, reorder and cut the team chain, and change, delete, cut and
 * re-sign the access log. Each must be refused or reported, with nothing
 * granted (docs/security.md).
 * The team chain and its repair are test-malicious-chain's. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-malicious-test.h"
#include "ct-session-chain-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"

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

  ct_core_test_exec_sql (db, drop);
  ct_core_test_exec_sql (db, sql);
  ct_core_test_exec_sql (db, create);
}

/* A policy row a member inserted for their own role: the next unlock by
 * a member who holds the key refuses the file, and even a session that
 * is already open seals nothing, for it takes the policy from the chain. */
static void
test_policy_row (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(GError) error = NULL;

  ct_malicious_test_make_team (&team);

  ggz = ct_malicious_test_unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  ct_core_test_exec_sql (ggz->db,
                         "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  g_assert_true (_ct_session_fulfil (ggz, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_malicious_test_grants_to (ggz->db, "politie", "health"), ==, 0);
  ct_session_lock (ggz);

  ct_malicious_test_assert_refused (&team, "ggz", CT_ERROR_TAMPERED, "policy");
  ct_malicious_test_assert_refused (&team, "politie", CT_ERROR_TAMPERED, "policy");

  ct_malicious_test_remove_team (&team);
}

/* A member who makes themselves regisseur and beheerder in their row. */
static void
test_own_role (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  ct_malicious_test_make_team (&team);

  werk = ct_malicious_test_unlock (&team, "werk");
  g_assert_false (ct_session_is_admin (werk));
  id = ct_session_get_member_id (werk);
  ct_core_test_exec_sql (werk->db, "UPDATE members SET role = 'regisseur', is_admin = 1 "
                                   "WHERE login = 'werk'");
  ct_session_lock (werk);

  expected = g_strdup_printf ("member %" G_GINT64_FORMAT, id);
  ct_malicious_test_assert_refused (&team, "werk", CT_ERROR_TAMPERED, expected);
  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, "member");

  ct_malicious_test_remove_team (&team);
}

/* @login's is_admin in the members table, as any member could set it. */
static void
forge_admin (CtSession  *session,
             const char *login,
             gboolean    is_admin)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE members SET is_admin = %d WHERE login = '%s'",
                                          is_admin, login);

  ct_core_test_exec_sql (session->db, sql);
}

/* Whether ct_session_list_members() says @login is beheerder. */
static gboolean
is_listed_admin (CtSession  *session,
                 const char *login)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (session, NULL);

  for (guint i = 0; i < members->len; i++)
    {
      const CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        return info->is_admin;
    }
  g_assert_not_reached ();
}

/* The last beheerder is the chain's, and so is the member list's flag: a
 * row that says ggz is beheerder too does not let the only one give it
 * up, and a row that says ggz is not does not stop the beheerder's
 * demotion once the chain made ggz beheerder. */
static void
test_last_admin_role (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(GError) error = NULL;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");

  forge_admin (admin, "ggz", TRUE);
  g_assert_false (is_listed_admin (admin, "ggz"));
  g_assert_false (ct_session_set_member_role (admin, "beheer", CT_ROLE_REGISSEUR, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (strstr (error->message, "last beheerder"));
  g_clear_error (&error);
  g_assert_true (ct_session_is_admin (admin));
  forge_admin (admin, "ggz", FALSE);

  g_assert_true (ct_session_set_member_role (admin, "ggz", CT_ROLE_GGZ, TRUE, &error));
  g_assert_no_error (error);
  forge_admin (admin, "ggz", FALSE);
  g_assert_true (is_listed_admin (admin, "ggz"));
  g_assert_true (ct_session_set_member_role (admin, "beheer", CT_ROLE_REGISSEUR, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_is_admin (admin));
  forge_admin (admin, "ggz", TRUE);
  ct_session_lock (admin);

  ggz = ct_malicious_test_unlock (&team, "ggz");
  g_assert_true (ct_session_is_admin (ggz));
  ct_session_lock (ggz);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_false (ct_session_is_admin (admin));

  ct_malicious_test_remove_team (&team);
}

/* The same for a removal: the recovery key cannot remove the chain's
 * only beheerder though a row says ggz is one; a beheerder whose own row
 * says they are none still removes ggz, a second beheerder by the chain. */
static void
test_last_admin_remove (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  ct_malicious_test_make_team (&team);
  recovery = ct_malicious_test_unlock_recovery (&team);
  forge_admin (recovery, "ggz", TRUE);
  g_assert_false (ct_session_remove_member (recovery, "beheer", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_nonnull (strstr (error->message, "last beheerder"));
  g_clear_error (&error);
  forge_admin (recovery, "ggz", FALSE);
  ct_session_lock (recovery);

  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_set_member_role (admin, "ggz", CT_ROLE_GGZ, TRUE, &error));
  g_assert_no_error (error);
  forge_admin (admin, "beheer", FALSE);
  g_assert_true (ct_session_remove_member (admin, "ggz", &error));
  g_assert_no_error (error);
  forge_admin (admin, "beheer", TRUE);
  ct_session_lock (admin);

  message = ct_malicious_test_unlock_refused (&team, "ggz", CT_ERROR_WRONG_CREDENTIALS);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_is_admin (admin));

  ct_malicious_test_remove_team (&team);
}

/* In the members table werk's row gets the login "ggz" and ggz's
 * "ggz2" (@forge), or the rows their own logins again. */
static void
swap_logins (CtSession *session,
             gboolean   forge)
{
  if (forge)
    {
      ct_core_test_exec_sql (session->db, "UPDATE members SET login = 'ggz2' WHERE login = 'ggz'");
      ct_core_test_exec_sql (session->db, "UPDATE members SET login = 'ggz' WHERE login = 'werk'");
    }
  else
    {
      ct_core_test_exec_sql (session->db, "UPDATE members SET login = 'werk' WHERE login = 'ggz'");
      ct_core_test_exec_sql (session->db, "UPDATE members SET login = 'ggz' WHERE login = 'ggz2'");
    }
}

/* With the logins swapped in the table, removing "ggz" removes the
 * chain's ggz, never werk. */
static void
test_forged_login_remove (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autoptr(GError) error = NULL;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  swap_logins (admin, TRUE);
  g_assert_true (ct_session_remove_member (admin, "ggz", &error));
  g_assert_no_error (error);
  swap_logins (admin, FALSE);
  ct_session_lock (admin);

  werk = ct_malicious_test_unlock (&team, "werk");
  g_assert_cmpint (ct_session_get_role (werk), ==, CT_ROLE_WERK_INKOMEN);
  ct_session_lock (werk);
  g_free (ct_malicious_test_unlock_refused (&team, "ggz", CT_ERROR_WRONG_CREDENTIALS));

  ct_malicious_test_remove_team (&team);
}

/* The same for a passphrase reset with the recovery key: ggz's, never
 * werk's. */
static void
test_forged_login_reset (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autoptr(GError) error = NULL;

  ct_malicious_test_make_team (&team);
  recovery = ct_malicious_test_unlock_recovery (&team);
  swap_logins (recovery, TRUE);
  g_assert_true (ct_session_reset_passphrase (recovery, "ggz", "nieuw geheim", &error));
  g_assert_no_error (error);
  swap_logins (recovery, FALSE);
  ct_session_lock (recovery);

  werk = ct_malicious_test_unlock (&team, "werk");
  ct_session_lock (werk);
  ggz = ct_session_unlock (team.path, "ggz", "nieuw geheim", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ggz);

  ct_malicious_test_remove_team (&team);
}

/* politie and werk delete their own grant rows to keep their keys out of
 * a rotation: politie's new role still rotates justice, and werk's
 * removal every category werk's role reads. */
static void
test_grants_deleted (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  gint before[CT_N_CATEGORIES];

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  memcpy (before, admin->cat_version, sizeof before);
  ct_core_test_exec_sql (admin->db, "DELETE FROM key_grants WHERE holder IN "
                                    "(SELECT id FROM members WHERE login IN ('politie', 'werk'))");

  g_assert_true (ct_session_set_member_role (admin, "politie", CT_ROLE_GGZ, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_JUSTICE], ==, before[CT_CATEGORY_JUSTICE] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_HEALTH], ==, before[CT_CATEGORY_HEALTH]);

  g_assert_true (ct_session_remove_member (admin, "werk", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==, 0);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_IDENTITY], ==, before[CT_CATEGORY_IDENTITY] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_FINANCE], ==, before[CT_CATEGORY_FINANCE] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_WORK], ==, before[CT_CATEGORY_WORK] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_JUSTICE], ==, before[CT_CATEGORY_JUSTICE] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_YOUTH], ==, before[CT_CATEGORY_YOUTH]);

  ct_malicious_test_remove_team (&team);
}

/* A member copies their own keyslot under another login, with another
 * live member's member id: the ghost is no one, is dropped at the next
 * unlock of a member, and cannot open the file once its maker is removed. */
static void
test_planted_slot (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) ghost = NULL;
  g_autoptr(GError) error = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  guint8 ggz_uid[CT_MEMBER_ID_SIZE];
  CtSlot planted;
  guint n_slots;

  ct_malicious_test_make_team (&team);
  ggz = ct_malicious_test_unlock (&team, "ggz");
  memcpy (ggz_uid, ggz->member->member_uid, sizeof ggz_uid);
  ct_session_lock (ggz);

  politie = ct_malicious_test_unlock (&team, "politie");
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
  ct_malicious_test_assert_refused (&team, "ghost", CT_ERROR_TAMPERED, "keyslot");

  /* The next unlock drops the slot, rotates K_db and says so in the log. */
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_cmpuint (admin->header->slots->len, ==, n_slots - 1);
  g_assert_true (ct_malicious_test_log_has_purpose (admin, "drop keyslot not in team chain"));
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
  g_free (ct_malicious_test_unlock_refused (&team, "politie", CT_ERROR_WRONG_CREDENTIALS));
  g_clear_pointer (&ggz, ct_core_test_session_free);
  ggz = ct_malicious_test_unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));

  ct_malicious_test_remove_team (&team);
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
test_log_changed (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  ct_malicious_test_assert_log_intact (admin);

  exec_past_trigger (admin->db, "access_log_no_update",
                     "UPDATE access_log SET purpose = 'view' WHERE id = 3");
  assert_check_names (admin, "entry 3 ");

  ct_malicious_test_remove_team (&team);
}

static void
test_log_deleted (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  exec_past_trigger (admin->db, "access_log_no_delete", "DELETE FROM access_log WHERE id = 4");
  assert_check_names (admin, "entry 4 ");

  ct_malicious_test_remove_team (&team);
}

static void
test_log_triggers_dropped (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER access_log_no_delete");
  assert_check_names (admin, "append-only");

  ct_malicious_test_remove_team (&team);
}

/* Another member cuts off the beheerder's newest entries: the beheerder's
 * signed anchor row still names the newest, so check finds the cut; with
 * the anchor rows gone too, the beheerder's device still knows, and the
 * beheerder's next unlock refuses the file. */
static void
cut_newest (gboolean drop_anchors)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *entry = NULL;
  gint64 newest;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_WORK, TRUE, &error));
  g_assert_no_error (error);
  newest = ct_core_test_query_int (admin->db, "SELECT max(id) FROM access_log");
  entry = g_strdup_printf ("entry %" G_GINT64_FORMAT, newest);
  ct_session_lock (admin);

  politie = ct_malicious_test_unlock (&team, "politie");
  g_assert_cmpint (ct_core_test_query_int (politie->db,
                                           "SELECT max(id) FROM access_log"), ==, newest);
  exec_past_trigger (politie->db, "access_log_no_delete",
                     "DELETE FROM access_log WHERE id = (SELECT max(id) FROM access_log)");
  if (drop_anchors)
    ct_core_test_exec_sql (politie->db, "DELETE FROM log_anchors");
  ct_session_lock (politie);

  recovery = ct_malicious_test_unlock_recovery (&team);
  if (!drop_anchors)
    {
      message = g_strdup_printf ("entry %" G_GINT64_FORMAT ", the newest of beheer", newest);
      assert_check_names (recovery, message);
      g_clear_pointer (&message, g_free);
    }
  ct_session_lock (recovery);

  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, entry);

  ct_malicious_test_remove_team (&team);
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

  ct_core_test_exec_sql (admin->db, "DROP TRIGGER access_log_no_update");
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
  ct_core_test_exec_sql (admin->db,
                         "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
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
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autofree char *name = NULL;
  gint64 id;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  id = ct_core_test_query_int (admin->db, "SELECT max(id) FROM access_log");
  resign_entry (admin, id);

  name = g_strdup_printf ("entry %" G_GINT64_FORMAT " ", id);
  assert_check_names (admin, name);

  ct_malicious_test_remove_team (&team);
}

/* The entries before "found team chain" may be signed by a key of
 * member_sign_keys; re-signing one with a key added there still shows,
 * and so does re-signing the founding entry itself, which only a key of
 * the chain may sign. */
static void
test_log_resigned_before_chain (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  gint64 found;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  found = ct_core_test_query_int (admin->db, "SELECT id FROM access_log "
                                             "WHERE purpose = 'found team chain'");
  g_assert_cmpint (found, >, 1);
  resign_entry (admin, found - 1);
  assert_check_names (admin, "entry ");
  ct_session_lock (admin);
  ct_malicious_test_remove_team (&team);

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  found = ct_core_test_query_int (admin->db, "SELECT id FROM access_log "
                                             "WHERE purpose = 'found team chain'");
  resign_entry (admin, found);
  assert_check_names (admin, "entry ");

  ct_malicious_test_remove_team (&team);
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
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GPtrArray) log = NULL;
  CtBackupGap gap = { 0 };
  gint64 backup_entry, backup_statements, newer_statements;
  gboolean logged = FALSE;

  ct_malicious_test_make_team (&team);
  backup = g_build_filename (team.dir, "backup.casus", NULL);
  admin = ct_malicious_test_unlock (&team, "beheer");
  backup_entry = ct_core_test_query_int (admin->db, "SELECT max(id) FROM access_log");
  backup_statements = admin->chain->length;
  ct_session_lock (admin);
  copy_file (team.path, backup);

  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE, FALSE,
                                        &error));
  g_assert_no_error (error);
  newer_statements = admin->chain->length;
  ct_session_lock (admin);
  ggz = ct_malicious_test_unlock (&team, "ggz");
  log_view (ggz);
  ct_session_lock (ggz);

  copy_file (backup, team.path);
  g_unlink (backup);

  /* The ordinary unlock refuses the older copy; a member who is no
   * beheerder cannot put it back. */
  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, "older");
  g_free (ct_malicious_test_unlock_refused (&team, "ggz", CT_ERROR_TAMPERED));
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
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  ct_session_lock (admin);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_session_unlock_restoring_backup (team.path, "beheer", PASS, &gap, &error);
  g_assert_no_error (error);
  g_assert_false (gap.older);

  ct_malicious_test_remove_team (&team);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/malicious/policy-row", test_policy_row);
  g_test_add_func ("/malicious/own-role", test_own_role);
  g_test_add_func ("/malicious/last-admin-role", test_last_admin_role);
  g_test_add_func ("/malicious/last-admin-remove", test_last_admin_remove);
  g_test_add_func ("/malicious/forged-login/remove", test_forged_login_remove);
  g_test_add_func ("/malicious/forged-login/reset", test_forged_login_reset);
  g_test_add_func ("/malicious/grants-deleted", test_grants_deleted);
  g_test_add_func ("/malicious/planted-slot", test_planted_slot);
  g_test_add_func ("/malicious/log/changed", test_log_changed);
  g_test_add_func ("/malicious/log/deleted", test_log_deleted);
  g_test_add_func ("/malicious/log/triggers-dropped", test_log_triggers_dropped);
  g_test_add_func ("/malicious/log/newest-deleted", test_log_newest_deleted);
  g_test_add_func ("/malicious/log/newest-and-anchors-deleted",
                   test_log_newest_and_anchors_deleted);
  g_test_add_func ("/malicious/log/resigned", test_log_resigned);
  g_test_add_func ("/malicious/log/resigned-before-chain", test_log_resigned_before_chain);
  g_test_add_func ("/malicious/restore-backup", test_restore_backup);

  return g_test_run ();
}
