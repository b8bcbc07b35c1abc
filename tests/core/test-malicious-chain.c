/* test-malicious-chain.c — a member who edits the team chain directly
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every member holds K_db, so every member can edit any row with the
 * sqlcipher shell. These tests forge, reorder, change, cut and remove
 * links of the team chain and rotate its keys: each must be refused or
 * reported, with nothing granted; and a forged chain and damaged tables
 * repaired (docs/security.md). The rows and the access log are
 * test-malicious'. */

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

/* A statement signed by a member who is no beheerder (here by making the
 * attacker beheerder in a copy of the chain in memory), granting their own
 * role a category, with the policy table to match. */
static void
test_chain_forged (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *statement = NULL;

  ct_malicious_test_make_team (&team);
  politie = ct_malicious_test_unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  ct_chain_find_uid (chain, politie->member->member_uid)->is_admin = TRUE;
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", chain->length);
  g_assert_true (ct_chain_append_policy (chain, politie->db, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH,
                                         TRUE, politie->member->member_uid, politie->identity,
                                         &error));
  g_assert_no_error (error);
  ct_core_test_exec_sql (politie->db,
                         "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  ct_session_lock (politie);

  message = ct_malicious_test_unlock_refused (&team, "ggz", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, statement));
  g_assert_nonnull (strstr (message, "not a beheerder"));

  ct_malicious_test_remove_team (&team);
}

/* Two statements swapped. */
static void
test_chain_reordered (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *statement = NULL;
  gint64 last;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  last = ct_core_test_query_int (admin->db, "SELECT max(seq) FROM team_chain");
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", last - 1);
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
  ct_core_test_exec_sql (admin->db,
                         "UPDATE team_chain SET seq = -1 WHERE seq = (SELECT max(seq) FROM "
                         "team_chain)");
  ct_core_test_exec_sql (admin->db, "UPDATE team_chain SET seq = seq + 1 "
                                    "WHERE seq = (SELECT max(seq) FROM team_chain)");
  ct_core_test_exec_sql (admin->db,
                         "UPDATE team_chain SET seq = (SELECT max(seq) FROM team_chain) - 1 "
                         "WHERE seq = -1");
  g_assert_cmpint (ct_core_test_query_int (admin->db, "SELECT max(seq) FROM team_chain"), ==, last);
  ct_session_lock (admin);

  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, statement);

  ct_malicious_test_remove_team (&team);
}

/* A byte of a statement changed. */
static void
test_chain_changed (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autofree char *message = NULL;
  g_autofree guint8 *body = NULL;
  sqlite3_stmt *stmt = NULL;
  int len;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
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

  message = ct_malicious_test_unlock_refused (&team, "werk", CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (message, "statement 1:"));
  g_assert_nonnull (strstr (message, "signature"));

  ct_malicious_test_remove_team (&team);
}

/* The newest statement (a revocation) cut off, and the policy row put
 * back to match what is left: the chain itself verifies, but the anchors
 * know it was longer. */
static void
test_chain_truncated (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *statement = NULL;
  gint64 length;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE, FALSE,
                                        &error));
  g_assert_no_error (error);
  length = admin->chain->length;
  ct_session_lock (admin);

  politie = ct_malicious_test_unlock (&team, "politie");
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
  ct_core_test_exec_sql (politie->db, "DROP TRIGGER team_chain_no_delete");
  ct_core_test_exec_sql (politie->db, "DELETE FROM team_chain "
                                      "WHERE seq = (SELECT max(seq) FROM team_chain)");
  ct_core_test_exec_sql (politie->db,
                         "INSERT INTO policy (role, category) VALUES ('politie', 'justice')");
  ct_session_lock (politie);

  /* Refused at every unlock, before the shorter chain could seal the
   * justice key to politie again. */
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT, length);
  recovery = ct_session_unlock_with_recovery_key (team.path, team.recovery, &error);
  g_assert_null (recovery);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, statement));
  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, statement);
  ct_malicious_test_assert_refused (&team, "ggz", CT_ERROR_TAMPERED, statement);

  ct_malicious_test_remove_team (&team);
}

/* The whole chain deleted: never founded again from the tables. */
static void
test_chain_removed (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;

  ct_malicious_test_make_team (&team);
  werk = ct_malicious_test_unlock (&team, "werk");
  ct_core_test_exec_sql (werk->db, "DROP TRIGGER team_chain_no_delete");
  ct_core_test_exec_sql (werk->db, "DELETE FROM team_chain");
  ct_core_test_exec_sql (werk->db, "UPDATE members SET is_admin = 1 WHERE login = 'werk'");
  ct_session_lock (werk);

  ct_malicious_test_assert_refused (&team, "werk", CT_ERROR_TAMPERED, "team chain");
  ct_malicious_test_assert_refused (&team, "beheer", CT_ERROR_TAMPERED, "team chain");

  ct_malicious_test_remove_team (&team);
}

/* What the beheerder does is in the chain and verifies: add, role,
 * policy, remove, and a reset by the recovery key. */
static void
test_chain_honest (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(GError) error = NULL;
  gint64 length;

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  length = admin->chain->length;
  /* founding, need-to-know on, the settings (none set), three members,
   * each one's enrolment keys */
  g_assert_cmpint (length, ==, 9);
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

  recovery = ct_malicious_test_unlock_recovery (&team);
  g_assert_true (ct_session_reset_passphrase (recovery, "ggz", "nieuw nieuw nieuw", &error));
  g_assert_no_error (error);
  ct_session_lock (recovery);

  ggz = ct_session_unlock (team.path, "ggz", "nieuw nieuw nieuw", &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_WORK));
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  g_assert_cmpint (ggz->chain->length, ==, length + 4);
  ct_session_lock (ggz);

  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  ct_malicious_test_assert_log_intact (admin);

  ct_malicious_test_remove_team (&team);
}

/* A member rotates their own keys (what a passphrase change does): the
 * chain records it signed with their old key, the session seals the keys
 * it holds to the new one, and the next unlock with the new slot reads as
 * before. Another member who is no beheerder cannot do it for them. */
static void
test_chain_rotate_keys (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) ggz = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtIdentity) fresh = ct_identity_new_random ();
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  guint8 ggz_uid[CT_MEMBER_ID_SIZE];
  CtSlot updated;

  ct_malicious_test_make_team (&team);

  ggz = ct_malicious_test_unlock (&team, "ggz");
  memcpy (ggz_uid, ggz->member->member_uid, sizeof ggz_uid);
  ct_session_lock (ggz);
  g_clear_pointer (&ggz, ct_core_test_session_free);

  politie = ct_malicious_test_unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  g_assert_false (ct_chain_append_keys (chain, politie->db, ggz_uid, politie->identity->box_pk,
                                        politie->identity->sign_pk, politie->member->member_uid,
                                        politie->identity, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "not a beheerder"));
  g_clear_error (&error);
  ct_session_lock (politie);

  ggz = ct_malicious_test_unlock (&team, "ggz");
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

  ggz = ct_malicious_test_unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  ct_session_lock (ggz);

  admin = ct_malicious_test_unlock (&team, "beheer");
  g_assert_true (ct_malicious_test_log_has_purpose (admin, "rotate own keys"));
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  ct_malicious_test_remove_team (&team);
}

static CtSession *
unlock_for_repair (CtCoreTestTeam  *team,
                   char **problem)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock_for_repair (team->path, team->recovery, problem, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static void
assert_check_ok (CtCoreTestTeam       *team,
                 const char *login)
{
  g_autoptr(CtCoreTestSession) session = ct_malicious_test_unlock (team, login);
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
  CtCoreTestTeam team = { 0 };
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

  ct_malicious_test_make_team (&team);
  politie = ct_malicious_test_unlock (&team, "politie");
  chain = ct_chain_load (politie->db, politie->header->team_id, &error);
  g_assert_no_error (error);
  forged = chain->length;
  statement = g_strdup_printf ("statement %" G_GINT64_FORMAT ":", forged);
  ct_chain_find_uid (chain, politie->member->member_uid)->is_admin = TRUE;
  g_assert_true (ct_chain_append_policy (chain, politie->db, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH,
                                         TRUE, politie->member->member_uid, politie->identity,
                                         &error));
  g_assert_no_error (error);
  ct_core_test_exec_sql (politie->db,
                         "INSERT INTO policy (role, category) VALUES ('politie', 'health')");
  ct_core_test_exec_sql (politie->db,
                         "INSERT INTO key_grants (holder, category, version, made_by, "
                         "sealed) SELECT (SELECT id FROM members WHERE login = 'politie'), "
                         "category, version, made_by, sealed FROM key_grants "
                         "WHERE category = 'health' AND holder = "
                         "(SELECT id FROM members WHERE login = 'ggz')");
  ct_core_test_exec_sql (politie->db, "UPDATE members SET is_admin = 1 WHERE login = 'werk'");
  health_version = ct_core_test_query_int (politie->db,
                                           "SELECT max(version) FROM category_keys WHERE "
                                           "category = 'health'");
  ct_session_lock (politie);

  /* Refused as before, the recovery key's ordinary unlock included. */
  g_free (ct_malicious_test_unlock_refused (&team, "ggz", CT_ERROR_TAMPERED));
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
  g_assert_true (ct_malicious_test_log_has_purpose (recovery, "repair team chain"));
  g_assert_cmpint (ct_core_test_query_int (recovery->db,
                                           "SELECT count(*) FROM team_chain"), ==, forged);
  g_assert_cmpint (ct_core_test_query_int (recovery->db,
                                           "SELECT max(version) FROM category_keys WHERE "
                                           "category = 'health'"), >, health_version);
  ct_session_lock (recovery);

  /* Everyone opens it again, with what the chain gives them. */
  ggz = ct_malicious_test_unlock (&team, "ggz");
  g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  ct_session_lock (ggz);
  politie = ct_malicious_test_unlock (&team, "politie");
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
  g_assert_cmpint (ct_malicious_test_grants_to (politie->db, "politie", "health"), ==, 0);
  ct_session_lock (politie);
  {
    g_autoptr(CtCoreTestSession) werk = ct_malicious_test_unlock (&team, "werk");

    g_assert_false (ct_session_is_admin (werk));
  }
  assert_check_ok (&team, "beheer");

  /* A file that passes opens for repair as an ordinary recovery session. */
  g_clear_pointer (&problem, g_free);
  g_clear_pointer (&recovery, ct_core_test_session_free);
  recovery = unlock_for_repair (&team, &problem);
  g_assert_null (problem);
  g_assert_true (ct_session_is_recovery (recovery));

  ct_malicious_test_remove_team (&team);
}

/* A member row deleted and a stranger's row put in: the chain itself is
 * intact, the tables are written again from it. */
static void
test_repair_tables (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) werk = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  CtChainRepair repair = { 0 };

  ct_malicious_test_make_team (&team);
  werk = ct_malicious_test_unlock (&team, "werk");
  ct_core_test_exec_sql (werk->db, "UPDATE members SET role = 'regisseur', display_name = 'Baas' "
                                   "WHERE login = 'werk'");
  ct_core_test_exec_sql (werk->db, "DELETE FROM policy WHERE role = 'ggz' AND category = 'health'");
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

  werk = ct_malicious_test_unlock (&team, "werk");
  g_assert_cmpint (ct_session_get_role (werk), ==, CT_ROLE_WERK_INKOMEN);
  g_assert_false (ct_session_can_read (werk, CT_CATEGORY_HEALTH));
  ct_session_lock (werk);
  {
    g_autoptr(CtCoreTestSession) ggz = ct_malicious_test_unlock (&team, "ggz");

    g_assert_true (ct_session_can_read (ggz, CT_CATEGORY_HEALTH));
  }
  assert_check_ok (&team, "beheer");

  ct_malicious_test_remove_team (&team);
}

/* Without a founding statement nothing says who the members are: the
 * repair refuses and changes nothing. */
static void
test_repair_founding (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  CtChainRepair repair = { 0 };

  ct_malicious_test_make_team (&team);
  admin = ct_malicious_test_unlock (&team, "beheer");
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER team_chain_no_update");
  ct_core_test_exec_sql (admin->db, "UPDATE team_chain SET body = zeroblob (40) WHERE seq = 0");
  ct_session_lock (admin);

  recovery = unlock_for_repair (&team, &problem);
  g_assert_nonnull (strstr (problem, "statement 0:"));
  g_assert_false (ct_session_repair_chain (recovery, &repair, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "founding"));
  ct_session_lock (recovery);
  g_free (ct_malicious_test_unlock_refused (&team, "beheer", CT_ERROR_TAMPERED));

  ct_malicious_test_remove_team (&team);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/malicious/chain/honest", test_chain_honest);
  g_test_add_func ("/malicious/chain/forged", test_chain_forged);
  g_test_add_func ("/malicious/chain/reordered", test_chain_reordered);
  g_test_add_func ("/malicious/chain/changed", test_chain_changed);
  g_test_add_func ("/malicious/chain/truncated", test_chain_truncated);
  g_test_add_func ("/malicious/chain/removed", test_chain_removed);
  g_test_add_func ("/malicious/chain/rotate-keys", test_chain_rotate_keys);
  g_test_add_func ("/malicious/repair/forged", test_repair_forged);
  g_test_add_func ("/malicious/repair/tables", test_repair_tables);
  g_test_add_func ("/malicious/repair/founding", test_repair_founding);

  return g_test_run ();
}
