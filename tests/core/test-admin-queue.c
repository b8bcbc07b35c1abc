/* test-admin-queue.c — a role or policy change waits for the session's
 * readers without holding the main loop, and changes the session's
 * memory only with the file
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_set_member_role_async() and ct_session_set_policy_async()
 * with a reader held inside its read transaction by the test: the main
 * loop turns and nothing changes, in the file or in the session's chain,
 * policy and keys; let go, the change is made, rotations and grants with
 * it, and a new unlock sees it. A change that fails in its transaction
 * (a failure injected with a trigger, after a category key was rotated
 * in memory) leaves the file and the session's memory as they were, and
 * the session writes on; a team locked meanwhile writes nothing. So do
 * the rotations after a member's removal that fail in their transaction,
 * and a team setting made in a queued write that does not commit. */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-session-private.h"

#define PASS  "geheim geheim"

/* Enough turns of the main loop to show it was not held. */
#define TICKS 20

typedef struct
{
  char     *dir;
  char     *path;
  CtSecret *recovery;
} Fixture;

/* The session's memory a role or policy change touches. */
typedef struct
{
  gint64 length;
  guint8 head[CT_CHAIN_HASH_SIZE];
  guint  policy[CT_N_ROLES];
  gint   version[CT_N_CATEGORIES];
  guint8 keys[CT_N_CATEGORIES * CT_KEY_SIZE];
} Memory;

static void
remember (CtSession *session,
          Memory    *memory)
{
  memory->length = session->chain->length;
  memcpy (memory->head, session->chain->head, sizeof memory->head);
  memcpy (memory->policy, session->role_policy, sizeof memory->policy);
  memcpy (memory->version, session->cat_version, sizeof memory->version);
  memcpy (memory->keys, session->cat_keys, sizeof memory->keys);
}

static void
assert_unchanged (CtSession    *session,
                  const Memory *before)
{
  Memory now;

  remember (session, &now);
  g_assert_cmpint (now.length, ==, before->length);
  g_assert_cmpmem (now.head, sizeof now.head, before->head, sizeof before->head);
  g_assert_cmpmem (now.policy, sizeof now.policy, before->policy, sizeof before->policy);
  g_assert_cmpmem (now.version, sizeof now.version, before->version, sizeof before->version);
  g_assert_cmpmem (now.keys, sizeof now.keys, before->keys, sizeof before->keys);
  g_assert_cmpint (session->chain->policy[CT_ROLE_POLITIE], ==, before->policy[CT_ROLE_POLITIE]);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* The beheerder is a regisseur: holds every key, so makes the
   * rotations and grants in its own session. */
  CtVaultCreateInfo info = { "Team Beheer", "beheer", "Beheerder", CT_ROLE_REGISSEUR, TRUE, PASS };
  static const CtCoreTestMember members[] = {
    { "politie", "politie", CT_ROLE_POLITIE },
    { NULL },
  };
  CtCoreTestTeam team;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  CtSession *admin;

  ct_core_test_team_create (&team, "ct-admin-queue-XXXXXX", &info);
  f->dir = team.dir;
  f->path = team.path;
  f->recovery = team.recovery;
  ct_core_test_enrol_members (f->path, "beheer", PASS, members);

  /* A value of each category the tests move, for the rotation to
   * re-encrypt. */
  admin = ct_core_test_unlock (f->path, "beheer", PASS);
  ct_record_set (household, "area", "Centrum");
  ct_record_set (household, "health_mental", "Behandeling bij de GGZ");
  ct_record_set (household, "justice_info", "Melding huiselijk geweld 2025");
  ct_core_test_insert (admin, household);
  ct_core_test_session_free (admin);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  CtCoreTestTeam team = { f->dir, f->path, f->recovery };

  ct_core_test_team_clear (&team);
}

/* Starts the change a test makes, with ct_core_test_result_cb(). */
typedef void (*StartChange) (CtSession     *admin,
                             GAsyncResult **result);

/* Ends the change a test made, with the error it failed with, if any. */
typedef gboolean (*FinishChange) (CtSession     *admin,
                                  GAsyncResult  *result,
                                  GError       **error);

/* Starts a change while a reader holds the file: the main loop turns, the
 * change does not end and the session's memory stays as @before
 * remembers it; let go, the change ends, made: one statement more in the
 * session's chain. */
static void
change_behind_reader (CtSession    *admin,
                      Memory       *before,
                      StartChange   start,
                      FinishChange  finish)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  CtCoreTestReaderHold holder;

  remember (admin, before);
  ct_core_test_reader_hold (admin, &holder);
  start (admin, &result);
  ct_core_test_turn (TICKS);
  g_assert_null (result);
  assert_unchanged (admin, before);

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&result);
  g_assert_true (finish (admin, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (admin->chain->length, ==, before->length + 1);
}

static void
start_role_ggz (CtSession     *admin,
                GAsyncResult **result)
{
  ct_session_set_member_role_async (admin, "politie", CT_ROLE_GGZ, FALSE, NULL,
                                    ct_core_test_result_cb, result);
}

/* politie becomes ggz (gains health, loses justice) while a reader holds
 * the file: nothing until it lets go; then justice is rotated and health
 * sealed to them in this session, and their own unlock sees it. */
static void
test_role_held_reader (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(GError) error = NULL;
  Memory before;

  change_behind_reader (admin, &before, start_role_ggz, ct_session_set_member_role_finish);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_JUSTICE], ==,
                   before.version[CT_CATEGORY_JUSTICE] + 1);
  g_assert_cmpint (admin->cat_version[CT_CATEGORY_HEALTH], ==,
                   before.version[CT_CATEGORY_HEALTH]);
  g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==, 0);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  g_clear_pointer (&admin, ct_core_test_session_free);
  politie = ct_core_test_unlock (f->path, "politie", PASS);
  g_assert_cmpint (ct_session_get_role (politie), ==, CT_ROLE_GGZ);
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
}

static void
start_grant_health (CtSession     *admin,
                    GAsyncResult **result)
{
  ct_session_set_policy_async (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE, NULL,
                               ct_core_test_result_cb, result);
}

static void
start_revoke_justice (CtSession     *admin,
                      GAsyncResult **result)
{
  ct_session_set_policy_async (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE, FALSE, NULL,
                               ct_core_test_result_cb, result);
}

/* Health granted to the police while a reader holds the file: nothing
 * until it lets go (the policy in memory is as before, which did not
 * allow it); then the policy, the chain and the grant, and their own
 * unlock reads health. */
static void
test_policy_held_reader (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  g_autoptr(CtCoreTestSession) politie = NULL;
  Memory before;

  g_assert_false (ct_session_policy_allows (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH));
  change_behind_reader (admin, &before, start_grant_health, ct_session_set_policy_finish);
  g_assert_true (ct_session_policy_allows (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH));

  g_clear_pointer (&admin, ct_core_test_session_free);
  politie = ct_core_test_unlock (f->path, "politie", PASS);
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
}

/* Every grant of @category's key, to @holder or (%NULL) to anyone, fails
 * in its transaction until the trigger fail_grant is dropped. */
static void
fail_grants (CtSession  *admin,
             const char *holder,
             CtCategory  category)
{
  g_autofree char *to = NULL;
  g_autofree char *trigger = NULL;

  if (holder != NULL)
    to = g_strdup_printf ("NEW.holder = %" G_GINT64_FORMAT " AND ",
                          ct_core_test_member_id (admin, holder));
  trigger = g_strdup_printf ("CREATE TEMP TRIGGER fail_grant BEFORE INSERT ON key_grants "
                             "WHEN %sNEW.category = '%s' "
                             "BEGIN SELECT RAISE(ABORT, 'injected'); END",
                             to != NULL ? to : "", ct_category_to_string (category));
  ct_core_test_exec_sql (admin->db, trigger);
}

/* Remembers the session's memory in @before, then makes a change that
 * must fail. */
static void
change_fails (CtSession    *admin,
              Memory       *before,
              StartChange   start,
              FinishChange  finish)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  remember (admin, before);
  start (admin, &result);
  ct_core_test_wait_result (&result);
  g_assert_false (finish (admin, result, &error));
  g_assert_nonnull (error);
}

/* After a failed change the session writes on: its chain and keys are the
 * file's. A new unlock finds what @before says and nothing waiting. */
static void
assert_as_before (Fixture      *f,
                  CtSession   **admin_out,
                  const Memory *before)
{
  CtSession *admin = *admin_out;
  g_autoptr(CtCoreTestSession) again = NULL;
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(GError) error = NULL;

  assert_unchanged (admin, before);
  g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==, 0);
  ct_record_set (household, "justice_info", "Nieuwe melding");
  ct_core_test_insert (admin, household);
  g_assert_true (ct_session_set_need_to_know (admin, FALSE, ct_session_get_meeting_days (admin),
                                              &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  g_clear_pointer (admin_out, ct_core_test_session_free);

  again = ct_core_test_unlock (f->path, "beheer", PASS);
  g_assert_cmpint (again->chain->length, ==, before->length + 1);  /* need-to-know's */
  g_assert_cmpmem (again->cat_version, sizeof again->cat_version, before->version,
                   sizeof before->version);
  g_assert_cmpmem (again->role_policy, sizeof again->role_policy, before->policy,
                   sizeof before->policy);
  g_clear_pointer (&again, ct_core_test_session_free);
  politie = ct_core_test_unlock (f->path, "politie", PASS);
  g_assert_cmpint (ct_session_get_role (politie), ==, CT_ROLE_POLITIE);
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
}

/* The role change fails at its last step, sealing health to the member,
 * after justice was rotated in the session's memory: the file and the
 * memory are as before. */
static void
test_role_fails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  Memory before;

  fail_grants (admin, "politie", CT_CATEGORY_HEALTH);
  change_fails (admin, &before, start_role_ggz, ct_session_set_member_role_finish);
  g_assert_cmpint (admin->member->role, ==, CT_ROLE_REGISSEUR);
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER fail_grant");
  assert_as_before (f, &admin, &before);
}

/* A revocation fails while it rotates the key: the chain's statement and
 * the policy in memory are put back. */
static void
test_policy_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  Memory before;

  fail_grants (admin, NULL, CT_CATEGORY_JUSTICE);
  change_fails (admin, &before, start_revoke_justice, ct_session_set_policy_finish);
  g_assert_true (ct_session_policy_allows (admin, CT_ROLE_POLITIE, CT_CATEGORY_JUSTICE));
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER fail_grant");
  assert_as_before (f, &admin, &before);
}

/* politie's removal commits, then the rotation of the keys they held
 * fails at its second category (justice, after identity was rotated in
 * the session's memory): the session keeps the keys the file has, reads
 * what they sealed, and the next unlock makes the rotations. */
static void
test_removal_rotation_fails (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtCoreTestSession) again = NULL;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  Memory before;

  /* The beheerder reads the household it is not involved in. */
  ct_core_test_need_to_know_off (f->path, "beheer", PASS);
  admin = ct_core_test_unlock (f->path, "beheer", PASS);
  id = ct_core_test_query_int (admin->db, "SELECT id FROM households");
  fail_grants (admin, NULL, CT_CATEGORY_JUSTICE);
  remember (admin, &before);

  g_assert_false (ct_session_remove_member (admin, "politie", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==,
                    1u << CT_CATEGORY_IDENTITY | 1u << CT_CATEGORY_JUSTICE);
  g_assert_cmpmem (admin->cat_version, sizeof admin->cat_version, before.version,
                   sizeof before.version);
  g_assert_cmpmem (admin->cat_keys, sizeof before.keys, before.keys, sizeof before.keys);
  ct_core_test_exec_sql (admin->db, "DROP TRIGGER fail_grant");

  household = ct_session_get (admin, "households", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (household, "justice_info"), ==, "Melding huiselijk geweld 2025");
  g_clear_pointer (&household, ct_record_unref);
  g_clear_pointer (&admin, ct_core_test_session_free);

  again = ct_core_test_unlock (f->path, "beheer", PASS);
  g_assert_cmpuint (ct_session_get_pending_rotations (again), ==, 0);
  g_assert_cmpint (again->cat_version[CT_CATEGORY_IDENTITY], ==,
                   before.version[CT_CATEGORY_IDENTITY] + 1);
  g_assert_cmpint (again->cat_version[CT_CATEGORY_JUSTICE], ==,
                   before.version[CT_CATEGORY_JUSTICE] + 1);
  household = ct_session_get (again, "households", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (household, "justice_info"), ==, "Melding huiselijk geweld 2025");
}

static gboolean
write_two_settings (CtSession *session,
                    gpointer   data,
                    GError   **error)
{
  /* The second is out of range: the first's statement was made in a
   * savepoint of the queued write's transaction, which does not commit. */
  return ct_session_set_setting (session, "export.k", "7", error)
         && ct_session_set_setting (session, "export.threshold", "-1", error);
}

/* A team setting made in a queued write whose transaction does not
 * commit: the session's chain is the file's, the setting as before, and
 * the next statement follows the file's chain. */
static void
test_setting_not_committed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  g_autoptr(CtCoreTestSession) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *threshold = NULL;
  gint64 k = 0;
  Memory before;

  remember (admin, &before);
  g_assert_false (ct_chain_get_setting (admin->chain, "export.k", &k) && k == 7);

  ct_session_write_async (admin, write_two_settings, NULL, NULL, NULL, ct_core_test_result_cb, &result);
  ct_core_test_wait_result (&result);
  g_assert_false (ct_session_write_finish (admin, result, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&result);
  assert_unchanged (admin, &before);
  g_assert_false (ct_chain_get_setting (admin->chain, "export.k", &k) && k == 7);

  g_assert_true (ct_session_set_setting (admin, "export.threshold", "12", &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  again = ct_core_test_unlock (f->path, "beheer", PASS);
  g_assert_cmpint (again->chain->length, ==, before.length + 1);
  threshold = ct_session_get_setting (again, "export.threshold", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (threshold, ==, "12");
  g_assert_false (ct_chain_get_setting (again->chain, "export.k", &k) && k == 7);
}

/* Locked while it waits: nothing written (%CT_ERROR_LOCKED). */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, "beheer", PASS);
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(GAsyncResult) role = NULL;
  g_autoptr(GAsyncResult) policy = NULL;
  g_autoptr(GError) error = NULL;
  CtCoreTestReaderHold holder;

  ct_core_test_reader_hold (admin, &holder);
  ct_session_set_member_role_async (admin, "politie", CT_ROLE_GGZ, FALSE, NULL,
                                    ct_core_test_result_cb, &role);
  ct_session_set_policy_async (admin, CT_ROLE_POLITIE, CT_CATEGORY_WORK, TRUE, NULL,
                               ct_core_test_result_cb, &policy);
  ct_core_test_turn (TICKS);
  ct_session_lock (admin);
  ct_core_test_wait_result (&role);
  ct_core_test_wait_result (&policy);
  g_assert_false (ct_session_set_member_role_finish (admin, role, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (ct_session_set_policy_finish (admin, policy, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_error (&error);
  ct_core_test_reader_release (&holder, NULL);
  g_clear_object (&role);
  g_clear_object (&policy);
  g_clear_pointer (&admin, ct_core_test_session_free);

  politie = ct_core_test_unlock (f->path, "politie", PASS);
  g_assert_cmpint (ct_session_get_role (politie), ==, CT_ROLE_POLITIE);
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_WORK));
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/admin-queue/role-held-reader", Fixture, NULL, fixture_set_up,
              test_role_held_reader, fixture_tear_down);
  g_test_add ("/admin-queue/policy-held-reader", Fixture, NULL, fixture_set_up,
              test_policy_held_reader, fixture_tear_down);
  g_test_add ("/admin-queue/role-fails", Fixture, NULL, fixture_set_up, test_role_fails,
              fixture_tear_down);
  g_test_add ("/admin-queue/policy-fails", Fixture, NULL, fixture_set_up, test_policy_fails,
              fixture_tear_down);
  g_test_add ("/admin-queue/removal-rotation-fails", Fixture, NULL, fixture_set_up,
              test_removal_rotation_fails, fixture_tear_down);
  g_test_add ("/admin-queue/setting-not-committed", Fixture, NULL, fixture_set_up,
              test_setting_not_committed, fixture_tear_down);
  g_test_add ("/admin-queue/locked", Fixture, NULL, fixture_set_up, test_locked,
              fixture_tear_down);
  return g_test_run ();
}
