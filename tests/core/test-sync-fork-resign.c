/* test-sync-fork-resign.c — a team change set aside at a fork, made again
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two beheerders each add a member offline: the chain forks, one addition
 * wins by the rule and the other is set aside (docs/sync-chain.md,
 * "Forks"). The laptop that lost adds its member again at a sync, with the
 * same uid and keys, so the enrolment code it handed out before the fork
 * still lets that member join; a second sync makes nothing twice. The six
 * orders of arrival are test-sync-fork.c's /sync-fork/add-add. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define NEW_PASS "een nieuw wachtwoord voor de nieuwe"

typedef CtSyncTestTeam Fixture;

typedef struct
{
  const char *login;
  CtSecret   *code;
  guint8      sign_pk[crypto_sign_PUBLICKEYBYTES];
  guint8      box_pk[crypto_box_PUBLICKEYBYTES];
  guint8      uid[CT_MEMBER_ID_SIZE];
} Added;

static void
add (CtSession  *session,
     const char *login,
     const char *name,
     Added      *added)
{
  g_autoptr(GError) error = NULL;
  const CtChainMember *m;

  added->login = login;
  added->code = ct_session_add_member (session, login, name, CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  m = ct_sync_test_member (session, login);
  memcpy (added->sign_pk, m->sign_pk, sizeof added->sign_pk);
  memcpy (added->box_pk, m->box_pk, sizeof added->box_pk);
  memcpy (added->uid, m->uid, sizeof added->uid);
}

/* A sync that refuses nothing; what it set aside and made again. */
static void
sync_counting (CtSession  *session,
               const char *folder,
               guint      *set_aside,
               guint      *made_again)
{
  CtSyncSummary summary;

  ct_sync_test_sync (session, folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  *set_aside += summary.set_aside;
  *made_again += summary.made_again;
  g_assert_cmpuint (summary.by_hand, ==, 0);
  ct_sync_summary_clear (&summary);
}

static void
assert_same_keys (CtSession   *session,
                  const Added *added)
{
  const CtChainMember *m = ct_sync_test_member (session, added->login);

  g_assert_nonnull (m);
  g_assert_false (m->removed);
  g_assert_true (memcmp (m->uid, added->uid, sizeof added->uid) == 0);
  g_assert_true (memcmp (m->sign_pk, added->sign_pk, sizeof added->sign_pk) == 0);
  g_assert_true (memcmp (m->box_pk, added->box_pk, sizeof added->box_pk) == 0);
}

static void
test_add_again_and_join (Fixture      *f,
                         gconstpointer data)
{
  CtSession *s[3];
  Added anna = { 0 }, carel = { 0 };
  const Added *both[] = { &anna, &carel };
  guint set_aside = 0, made_again = 0;
  gint64 length;

  ct_sync_test_open_two_beheerders (f, &s[0], &s[1], &s[2]);
  /* The folder chosen on the laptops, so that an addition writes its
   * enrolment file there. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ct_session_sync_set_folder (s[i], f->folder, &error));
      g_assert_no_error (error);
    }
  /* Offline, each beheerder adds a member and hands out the code. */
  add (s[0], "anna", "Anna Ahmadi", &anna);
  add (s[2], "carel", "Carel Claes", &carel);

  for (guint round = 0; round < 4; round++)
    for (guint i = 0; i < 3; i++)
      sync_counting (s[i], f->folder, &set_aside, &made_again);
  /* One addition set aside on the laptop that lost, made again there once. */
  g_assert_cmpuint (set_aside, ==, 1);
  g_assert_cmpuint (made_again, ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) listed = ct_session_sync_get_set_aside (s[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (listed->len, ==, 0);
      g_assert_cmpint (s[i]->chain->length, ==, s[0]->chain->length);
      g_assert_true (memcmp (s[i]->chain->head, s[0]->chain->head, CT_CHAIN_HASH_SIZE) == 0);
      g_assert_true (ct_chain_check_tables (s[i]->chain, s[i]->db, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < G_N_ELEMENTS (both); j++)
        assert_same_keys (s[i], both[j]);
    }

  /* Idempotent: another round makes nothing and changes no chain. */
  length = s[0]->chain->length;
  made_again = set_aside = 0;
  for (guint i = 0; i < 3; i++)
    sync_counting (s[i], f->folder, &set_aside, &made_again);
  g_assert_cmpuint (made_again, ==, 0);
  g_assert_cmpuint (set_aside, ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (s[i]->chain->length, ==, length);

  /* Both join with the code handed out before the fork, and sync. */
  for (guint j = 0; j < G_N_ELEMENTS (both); j++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat (both[j]->login, ".casus", NULL);
      g_autofree char *out = g_build_filename (f->team.dir, name, NULL);
      CtSession *joined;

      gboolean joined_ok = ct_sync_join (f->folder, out, both[j]->login, both[j]->code, NEW_PASS,
                                         &error);

      g_assert_no_error (error);
      g_assert_true (joined_ok);
      joined = ct_core_test_unlock (out, both[j]->login, NEW_PASS);
      g_assert_true (memcmp (joined->member->member_uid, both[j]->uid, CT_MEMBER_ID_SIZE) == 0);
      ct_sync_test_sync_quietly (joined, f->folder);
      g_assert_cmpint (joined->chain->length, >=, length);
      ct_core_test_session_free (joined);
    }

  for (guint i = 0; i < 3; i++)
    ct_core_test_session_free (s[i]);
  for (guint j = 0; j < G_N_ELEMENTS (both); j++)
    ct_secret_free (both[j]->code);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-fork/add-again-and-join", Fixture, NULL, ct_sync_test_fork_setup,
              test_add_again_and_join, ct_sync_test_fork_teardown);
  return g_test_run ();
}
