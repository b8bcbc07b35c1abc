/* test-settings.c — team settings are statements of the team chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A beheerder's change of the export's k and threshold or of a retention
 * term is a signed statement of the team chain, logged; the value used is
 * the chain's, so a row a member edits under K_db (as with the stock
 * sqlcipher shell) is not used; a statement signed by a member who is no
 * beheerder is refused, in the file and in a change file; a team made
 * before keeps its values, recorded at a beheerder's first unlock; the
 * settings travel to other replicas with the chain (docs/sync-chain.md, "Team
 * settings"). Two beheerders changing one setting at once are a fork of
 * the chain: test-sync-fork.c, /sync-fork/setting-setting. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-export-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-sync-test-util.h"

#define PASS "geheim geheim"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

static void
make_team (CtCoreTestTeam *team)
{
  CtVaultCreateInfo info = { "Team Instelling", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };

  ct_core_test_team_create (team, "ct-settings-XXXXXX", &info);
  ct_core_test_enrol_members (team->path, "beheer", PASS, members);
}

static void
set (CtSession  *session,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_setting (session, key, value, &error));
  g_assert_no_error (error);
}

static void
assert_setting (CtSession  *session,
                const char *key,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = ct_session_get_setting (session, key, &error);

  g_assert_cmpstr (value, ==, expected);
  if (expected == NULL)
    g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
}

static char *
row_of (CtSession  *session,
        const char *key)
{
  return ct_store_get_setting (session->db, key, NULL);
}

static gboolean
log_has (CtSession  *session,
         const char *purpose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    if (g_strcmp0 (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, purpose) == 0)
      return TRUE;
  return FALSE;
}

static gint64
months_of (CtSession  *session,
           const char *key)
{
  gint64 months = 0;

  if (!_ct_session_team_setting (session, key, &months))
    return 0;
  return months;
}

/* Set by a beheerder: a statement each, logged, in the chain and the row;
 * read so by a member; the same value again adds no statement; a member
 * may not, not even by signing a statement themselves. */
static void
test_chain (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) regie = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  static const char * const keys[] = { "export.k" };
  static const gint64 values[] = { 3 };
  guint k = 0, threshold = 0;
  gint64 length, value = 0;

  make_team (&team);
  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  /* A new team's settings are the chain's from the start, none set. */
  g_assert_true (admin->chain->has_settings);
  assert_setting (admin, "export.k", NULL);
  length = admin->chain->length;

  set (admin, "export.k", "7");
  set (admin, "export.threshold", "12");
  set (admin, "retention.doel_bereikt", "36");
  g_assert_cmpint (admin->chain->length, ==, length + 3);
  set (admin, "export.k", "7");
  g_assert_cmpint (admin->chain->length, ==, length + 3);
  /* Whether an unrecorded consent counts is a setting of the chain too,
   * 0 or 1; a word is refused naming the setting. */
  g_assert_false (ct_session_set_setting (admin, CT_EXPORT_CONSENT_SETTING, "given", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  set (admin, CT_EXPORT_CONSENT_SETTING, "1");
  g_assert_cmpint (admin->chain->length, ==, length + 4);
  g_assert_true (ct_chain_get_setting (admin->chain, CT_EXPORT_CONSENT_SETTING, &value));
  g_assert_cmpint (value, ==, 1);
  length++;
  g_assert_true (ct_chain_get_setting (admin->chain, "export.k", &value));
  g_assert_cmpint (value, ==, 7);
  row = row_of (admin, "export.k");
  g_assert_cmpstr (row, ==, "7");
  g_assert_true (log_has (admin, "change team setting; export.k"));
  g_assert_true (log_has (admin, "change team setting; retention.doel_bereikt"));
  /* Bookkeeping of the core's own is a row only. */
  set (admin, "something.else", "x");
  g_assert_cmpint (admin->chain->length, ==, length + 3);
  g_clear_pointer (&admin, ct_core_test_session_free);

  regie = ct_core_test_unlock (team.path, "regie", PASS);
  assert_setting (regie, "export.k", "7");
  assert_setting (regie, "retention.doel_bereikt", "36");
  assert_setting (regie, "retention.niet_bereikt", NULL);
  _ct_export_defaults (regie, &k, &threshold);
  g_assert_cmpuint (k, ==, 7);
  g_assert_cmpuint (threshold, ==, 12);
  g_assert_cmpint (months_of (regie, "retention.doel_bereikt"), ==, 36);

  g_assert_false (ct_session_set_setting (regie, "export.k", "3", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  /* Nor whether an unrecorded consent counts: it decides which cases are
   * rows of the evaluator's microdata. */
  g_assert_false (ct_session_set_setting (regie, CT_EXPORT_CONSENT_SETTING, "1", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_chain_append_settings (regie->chain, regie->db, keys, values, 1,
                                            _ct_session_signer_uid (regie), regie->identity,
                                            &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "not a beheerder"));
  g_clear_error (&error);
  g_assert_true (_ct_session_reload_chain (regie, &error));
  g_assert_no_error (error);
  assert_setting (regie, "export.k", "7");
  g_clear_pointer (&regie, ct_core_test_session_free);

  ct_core_test_team_clear (&team);
}

/* A member edits the rows under K_db, as with the sqlcipher shell: k and
 * a term lowered, a threshold the chain never set added. None of it is
 * used: the export's defaults and the term stay the chain's. The rows
 * stay as the member left them until the chain's rows are written again
 * (a change of the beheerder's, a sync bringing statements, a repair). */
static void
test_row_edited (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  CtSession *reader = NULL;
  guint k = 0, threshold = 0;

  make_team (&team);
  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  set (admin, "export.k", "7");
  set (admin, "retention.doel_bereikt", "36");
  g_clear_pointer (&admin, ct_core_test_session_free);

  politie = ct_core_test_unlock (team.path, "politie", PASS);
  ct_core_test_exec_sql (politie->db, "UPDATE settings SET value = '3' WHERE key = 'export.k'");
  ct_core_test_exec_sql (politie->db, "UPDATE settings SET value = '1' "
                                      "WHERE key = 'retention.doel_bereikt'");
  ct_core_test_exec_sql (politie->db, "INSERT INTO settings (key, value) "
                                      "VALUES ('export.threshold', '2')");
  ct_session_lock (politie);
  g_clear_pointer (&politie, ct_core_test_session_free);

  politie = ct_core_test_unlock (team.path, "politie", PASS);
  row = row_of (politie, "export.k");
  g_assert_cmpstr (row, ==, "3");
  assert_setting (politie, "export.k", "7");
  assert_setting (politie, "export.threshold", NULL);
  assert_setting (politie, "retention.doel_bereikt", "36");
  _ct_export_defaults (politie, &k, &threshold);
  g_assert_cmpuint (k, ==, 7);
  g_assert_cmpuint (threshold, ==, CT_EXPORT_DEFAULT_THRESHOLD);
  g_assert_cmpint (months_of (politie, "retention.doel_bereikt"), ==, 36);
  /* A worker's reader (the purge's list) reads the chain's too. */
  reader = _ct_session_new_reader (politie, &error);
  g_assert_no_error (error);
  g_assert_cmpint (months_of (reader, "retention.doel_bereikt"), ==, 36);
  g_clear_pointer (&reader, ct_core_test_session_free);
  g_clear_pointer (&politie, ct_core_test_session_free);

  /* A beheerder sees the chain's values too, and their change writes
   * its row. */
  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  assert_setting (admin, "export.k", "7");
  set (admin, "export.k", "8");
  g_clear_pointer (&row, g_free);
  row = row_of (admin, "export.k");
  g_assert_cmpstr (row, ==, "8");
  g_clear_pointer (&admin, ct_core_test_session_free);

  ct_core_test_team_clear (&team);
}

/* A team made before settings were statements: its rows are used until a
 * beheerder's first unlock records them in one statement, logged; then a
 * member's edit of a row is not used, and the next unlock records nothing
 * again. */
static void
test_old_team (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) regie = NULL;
  gint64 length, value = 0;

  _ct_session_set_settings_as_before (TRUE);
  make_team (&team);
  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  g_assert_false (admin->chain->has_settings);
  set (admin, "export.k", "9");
  set (admin, "retention.teruggetrokken", "120");
  length = admin->chain->length;
  g_clear_pointer (&admin, ct_core_test_session_free);
  _ct_session_set_settings_as_before (FALSE);

  /* A member before any beheerder's unlock: the rows, as before. */
  regie = ct_core_test_unlock (team.path, "regie", PASS);
  g_assert_false (regie->chain->has_settings);
  g_assert_cmpint (regie->chain->length, ==, length);
  assert_setting (regie, "export.k", "9");
  g_clear_pointer (&regie, ct_core_test_session_free);

  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  g_assert_true (admin->chain->has_settings);
  g_assert_cmpint (admin->chain->length, ==, length + 1);
  g_assert_true (ct_chain_get_setting (admin->chain, "export.k", &value));
  g_assert_cmpint (value, ==, 9);
  g_assert_true (ct_chain_get_setting (admin->chain, "retention.teruggetrokken", &value));
  g_assert_cmpint (value, ==, 120);
  g_assert_false (ct_chain_get_setting (admin->chain, "export.threshold", &value));
  g_assert_true (log_has (admin, "record team settings in team chain"));
  g_clear_pointer (&admin, ct_core_test_session_free);

  regie = ct_core_test_unlock (team.path, "regie", PASS);
  ct_core_test_exec_sql (regie->db, "UPDATE settings SET value = '3' WHERE key = 'export.k'");
  ct_session_lock (regie);
  g_clear_pointer (&regie, ct_core_test_session_free);
  regie = ct_core_test_unlock (team.path, "regie", PASS);
  assert_setting (regie, "export.k", "9");
  g_assert_cmpint (months_of (regie, "retention.teruggetrokken"), ==, 120);
  g_clear_pointer (&regie, ct_core_test_session_free);

  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  g_assert_cmpint (admin->chain->length, ==, length + 1);
  assert_setting (admin, "export.k", "9");
  g_clear_pointer (&admin, ct_core_test_session_free);

  ct_core_test_team_clear (&team);
}

static const CtCoreTestMember sync_members[] = {
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { NULL }
};

/* A beheerder's change reaches another replica with the next change file:
 * the chain and the row there say it. A police member who signs a change
 * of k with a client of their own (their chain in memory made to call
 * them beheerder) has their file refused by the other replicas, which keep
 * the beheerder's value. */
static void
test_travels (void)
{
  CtSyncTestTeam team = { 0 };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) regie = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  static const char * const keys[] = { "export.k" };
  static const gint64 values[] = { 2 };
  CtSyncSummary summary;

  ct_sync_test_team_setup (&team, "ct-settings-sync-XXXXXX", sync_members);
  admin = ct_sync_test_replica (&team, "beheer");
  politie = ct_sync_test_replica (&team, "politie");
  regie = ct_sync_test_replica (&team, "regie");

  set (admin, "export.k", "7");
  set (admin, "retention.overgedragen", "60");
  ct_sync_test_sync_quietly (admin, team.folder);
  ct_sync_test_sync_quietly (politie, team.folder);
  ct_sync_test_sync_quietly (regie, team.folder);
  assert_setting (politie, "export.k", "7");
  assert_setting (regie, "retention.overgedragen", "60");
  row = row_of (politie, "export.k");
  g_assert_cmpstr (row, ==, "7");
  g_assert_cmpint (politie->chain->length, ==, admin->chain->length);

  ct_chain_find_uid (politie->chain, politie->member->member_uid)->is_admin = TRUE;
  g_assert_true (ct_chain_append_settings (politie->chain, politie->db, keys, values, 1,
                                           _ct_session_signer_uid (politie), politie->identity,
                                           &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (politie, team.folder);

  for (guint i = 0; i < 2; i++)
    {
      CtSession *other = i == 0 ? admin : regie;

      ct_sync_test_sync (other, team.folder, &summary);
      g_assert_cmpuint (summary.refusals->len, ==, 1);
      g_test_message ("%s", (const char *) g_ptr_array_index (summary.refusals, 0));
      g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "not a beheerder"));
      ct_sync_summary_clear (&summary);
      assert_setting (other, "export.k", "7");
    }
  g_clear_pointer (&politie, ct_core_test_session_free);

  g_clear_pointer (&admin, ct_core_test_session_free);
  g_clear_pointer (&regie, ct_core_test_session_free);
  ct_sync_test_team_clear (&team);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/settings/chain", test_chain);
  g_test_add_func ("/settings/row-edited", test_row_edited);
  g_test_add_func ("/settings/old-team", test_old_team);
  g_test_add_func ("/settings/travels", test_travels);

  return g_test_run ();
}
