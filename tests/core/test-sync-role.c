/* test-sync-role.c — a change of this member's role that arrives by sync
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A beheerder on another laptop takes Regie's beheerder's flag, and makes
 * the police officer a GGZ member, while both have the team file open on
 * their own laptops. Once their sessions sync, each acts on what the team
 * chain now says, not on what they were at unlock: Regie may no longer
 * read the whole access log or add a member, and the officer's session
 * says GGZ (docs/sync-chain.md, "The team chain travels"). */

#include "config.h"

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-test-util.h"

typedef CtSyncTestTeam Fixture;

static void
test_role_arrives (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(CtSecret) code = NULL;
  CtSession *admin, *officer, *regie;

  ct_sync_test_open_two_beheerders (f, &admin, &officer, &regie);
  g_assert_true (ct_session_is_admin (regie));
  log = ct_session_read_log (regie, &error);
  g_assert_no_error (error);
  g_clear_pointer (&log, g_ptr_array_unref);
  g_assert_cmpint (ct_session_get_role (officer), ==, CT_ROLE_POLITIE);

  g_assert_true (ct_session_set_member_role (admin, "regie", CT_ROLE_REGISSEUR, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_member_role (admin, "politie", CT_ROLE_GGZ, FALSE, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (admin, f->folder);
  ct_sync_test_sync_quietly (regie, f->folder);
  ct_sync_test_sync_quietly (officer, f->folder);

  g_assert_false (ct_session_is_admin (regie));
  g_assert_cmpint (ct_session_get_role (regie), ==, CT_ROLE_REGISSEUR);
  log = ct_session_read_log (regie, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_assert_null (log);
  g_clear_error (&error);
  code = ct_session_add_member (regie, "nieuw", "Nina Nieuw", CT_ROLE_GGZ, FALSE, &error);
  g_assert_null (code);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (ct_session_get_role (officer), ==, CT_ROLE_GGZ);

  ct_core_test_session_free (regie);
  ct_core_test_session_free (officer);
  ct_core_test_session_free (admin);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync-role/arrives", ct_sync_test_members, test_role_arrives);

  return g_test_run ();
}
