/* test-sync-recovery.c — the recovery key on a team with sync on
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A recovery session signs no change file: what it changed would travel
 * in the laptop's next file, signed by whichever member syncs that laptop,
 * and the other replicas refuse that file, and every later one of the
 * laptop, unless that member could have made it. So with sync on it
 * changes no case data, by any kind of write; without sync every kind
 * works as before. What the key is for, a passphrase reset, still works
 * with sync on and travels (docs/sync-security.md, "The recovery key on a
 * synced team"). */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-test-util.h"

typedef CtSyncTestTeam Fixture;

#define NEW_PASS "een nieuw geheim"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

typedef enum
{
  WRITE_INSERT,
  WRITE_UPDATE,
  WRITE_RECTIFY,
  WRITE_PURGE,
  WRITE_DELETE,
  WRITE_ERASE,
  N_WRITES
} Write;

static const char *const write_names[N_WRITES] = {
  "insert", "update", "rectify", "purge", "delete", "erase"
};

/* The team of ct_sync_test_team_setup_full(), its case directed by regie,
 * with sync switched on when @data is non-%NULL. */
static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Herstel", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             CT_SYNC_TEST_PASS };
  CtSession *admin;

  if (data != NULL)
    {
      ct_sync_test_team_setup_full (f, "ct-sync-recovery-XXXXXX", members,
                                    ct_sync_test_fill_case, (gpointer) "regie");
      return;
    }
  memset (f, 0, sizeof *f);
  ct_core_test_team_create (&f->team, "ct-sync-recovery-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", CT_SYNC_TEST_PASS, members);
  admin = ct_core_test_unlock (f->team.path, "beheer", CT_SYNC_TEST_PASS);
  ct_sync_test_fill_case (admin, f, (gpointer) "regie");
  g_assert_false (ct_session_sync_is_enabled (admin));
  ct_core_test_session_free (admin);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (f);
}

/* One write of @kind by @session, as a window or a command makes it. */
static gboolean
write_one (CtSession *session,
           Fixture   *f,
           Write      kind,
           GError   **error)
{
  g_autoptr(CtRecord) record = NULL;
  guint n = 0;

  switch (kind)
    {
    case WRITE_INSERT:
      record = ct_record_new ("households");
      ct_record_set (record, "eviction_risk", "hoog");
      return ct_session_insert (session, record, error) > 0;
    case WRITE_UPDATE:
    case WRITE_RECTIFY:
      if ((record = ct_session_get (session, "cases", f->kase, error)) == NULL)
        return FALSE;
      ct_record_set (record, "summary", write_names[kind]);
      return kind == WRITE_UPDATE ? ct_session_update (session, record, error)
                                  : ct_session_rectify (session, record, error);
    case WRITE_PURGE:
      return ct_session_purge (session, &n, NULL, error);
    case WRITE_DELETE:
      return ct_session_delete (session, "cases", f->kase, error);
    case WRITE_ERASE:
      return ct_session_erase (session, f->household, 0, "bezwaar", error);
    case N_WRITES:
    default:
      g_assert_not_reached ();
    }
}

static gint64
count (CtSession  *session,
       const char *sql)
{
  return ct_core_test_query_int (session->db, sql);
}

/* Politie's laptop and the beheerder's, the latter synced; the recovery
 * key then opens politie's, whose path is in @path. */
static CtSession *
open_recovery (Fixture    *f,
               CtSession **b,
               char      **path)
{
  g_autoptr(GError) error = NULL;
  CtSession *p = ct_sync_test_replica (f, "politie");
  CtSession *recovery;

  *b = ct_sync_test_replica (f, "beheer");
  ct_sync_test_sync_quietly (*b, f->folder);
  *path = g_strdup (ct_session_get_path (p));
  ct_core_test_session_free (p);
  recovery = ct_session_unlock_with_recovery_key (*path, f->team.recovery, &error);
  g_assert_no_error (error);
  return recovery;
}

/* Politie unlocks the laptop at @path with @passphrase and sends an edit:
 * the beheerder's replica @b takes the file, refusing nothing. */
static CtSession *
politie_file_arrives (Fixture    *f,
                      CtSession  *b,
                      const char *path,
                      const char *passphrase)
{
  g_autofree char *refusals = NULL;
  CtSession *p = ct_core_test_unlock (path, "politie", passphrase);

  ct_sync_test_set_field (p, "cases", f->kase, "summary", "bijgewerkt");
  ct_sync_test_sync_quietly (p, f->folder);
  refusals = ct_sync_test_refusals (b, f->folder);
  g_assert_cmpstr (refusals, ==, "");
  ct_sync_test_assert_same (p, b);
  return p;
}

/* The recovery key opens politie's laptop, and tries each kind of write:
 * each is refused with the same message, and leaves the rows as they were
 * and nothing queued to travel. Politie's next file still arrives. */
static void
test_refused_with_sync (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *summary = NULL;
  CtSession *b, *p;
  CtSession *recovery = open_recovery (f, &b, &path);

  g_assert_false (ct_session_may_purge (recovery));

  for (Write kind = 0; kind < N_WRITES; kind++)
    {
      g_test_message ("%s", write_names[kind]);
      g_assert_false (write_one (recovery, f, kind, &error));
      g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
      g_assert_nonnull (strstr (error->message, "the recovery key repairs access only"));
      g_clear_error (&error);
      g_assert_cmpint (count (recovery, "SELECT count(*) FROM sync_pending"), ==, 0);
      g_assert_cmpint (count (recovery, "SELECT count(*) FROM households"), ==, 1);
      g_assert_cmpint (count (recovery, "SELECT count(*) FROM cases"), ==, 1);
      summary = ct_sync_test_get_field (recovery, "cases", f->kase, "summary");
      g_assert_cmpstr (summary, ==, "Eerste samenvatting");
      g_clear_pointer (&summary, g_free);
    }
  ct_core_test_session_free (recovery);

  p = politie_file_arrives (f, b, path, CT_SYNC_TEST_PASS);
  ct_core_test_session_free (p);
  ct_core_test_session_free (b);
}

/* Without sync nothing travels: the recovery key makes each kind of write
 * as before. */
static void
test_allowed_without_sync (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *recovery = ct_session_unlock_with_recovery_key (f->team.path, f->team.recovery,
                                                             &error);

  g_assert_no_error (error);
  g_assert_true (ct_session_may_purge (recovery));
  for (Write kind = 0; kind < N_WRITES; kind++)
    {
      g_test_message ("%s", write_names[kind]);
      g_assert_true (write_one (recovery, f, kind, &error));
      g_assert_no_error (error);
    }
  /* The inserted household is left; the case and its household are gone. */
  g_assert_cmpint (count (recovery, "SELECT count(*) FROM households"), ==, 1);
  g_assert_cmpint (count (recovery, "SELECT count(*) FROM cases"), ==, 0);
  ct_core_test_session_free (recovery);
}

/* What the key is for still works with sync on: it resets politie's
 * passphrase on politie's laptop, and the reset travels in politie's next
 * file, which the beheerder's replica takes. */
static void
test_reset_travels (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 old_key[crypto_box_PUBLICKEYBYTES];
  CtSession *b, *p;
  CtSession *recovery = open_recovery (f, &b, &path);

  memcpy (old_key, ct_sync_test_member (b, "politie")->box_pk, sizeof old_key);
  g_assert_true (ct_session_reset_passphrase (recovery, "politie", NEW_PASS, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (recovery);

  p = politie_file_arrives (f, b, path, NEW_PASS);
  g_assert_true (memcmp (ct_sync_test_member (b, "politie")->box_pk, old_key,
                         sizeof old_key) != 0);
  g_assert_cmpmem (ct_sync_test_member (b, "politie")->box_pk, sizeof old_key,
                   ct_sync_test_member (p, "politie")->box_pk, sizeof old_key);
  ct_core_test_session_free (p);
  ct_core_test_session_free (b);
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-recovery/refused-with-sync", Fixture, "sync", fixture_setup,
              test_refused_with_sync, fixture_teardown);
  g_test_add ("/sync-recovery/allowed-without-sync", Fixture, NULL, fixture_setup,
              test_allowed_without_sync, fixture_teardown);
  g_test_add ("/sync-recovery/reset-travels", Fixture, "sync", fixture_setup,
              test_reset_travels, fixture_teardown);
  return g_test_run ();
}
