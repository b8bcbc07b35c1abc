/* ct-sync-test-util.h — a synced team and its replicas in core tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core-test-util.h"
#include "ct-sync-private.h"

G_BEGIN_DECLS

#define CT_SYNC_TEST_PASS "geheim geheim"

/**
 * CtSyncTestTeam:
 * @team: the team file every replica is copied from
 * @folder: the sync folder
 * @household: a household the beheerder made before sync was on
 * @kase: its case, 2026-0001
 * @n_copies: replicas made so far
 *
 * A team with sync on, a beheerder ("beheer") and the given members, all
 * with the passphrase %CT_SYNC_TEST_PASS, and need-to-know off: these
 * tests follow rows from replica to replica as members who had no part in
 * them (need-to-know is test-involvement's).
 */
typedef struct
{
  CtCoreTestTeam team;
  char          *folder;
  gint64         household;
  gint64         kase;
  guint          n_copies;
} CtSyncTestTeam;

/* _ct_session_sync_set_snapshot_hold() or _ct_session_sync_set_compact_hold() */
typedef void (*CtSyncTestSetHold) (GMutex *hold,
                                   gint   *held);

/* Adds the team's first rows, as the beheerder, before sync is on. */
typedef void (*CtSyncTestFill) (CtSession      *admin,
                                CtSyncTestTeam *team,
                                gpointer        data);

void        ct_sync_test_fill_case    (CtSession              *admin,
                                       CtSyncTestTeam         *team,
                                       gpointer                data);
gint64      ct_sync_test_add_practice (CtSession              *admin,
                                       gint64                  household);
void        ct_sync_test_team_setup   (CtSyncTestTeam         *team,
                                       const char             *dir_template,
                                       const CtCoreTestMember *members);
void        ct_sync_test_team_setup_full (CtSyncTestTeam         *team,
                                          const char             *dir_template,
                                          const CtCoreTestMember *members,
                                          CtSyncTestFill          fill,
                                          gpointer                data);
void        ct_sync_test_team_clear   (CtSyncTestTeam         *team);
CtSession  *ct_sync_test_replica      (CtSyncTestTeam         *team,
                                       const char             *login);
void        ct_sync_test_copy_file    (const char             *from,
                                       const char             *to);
void        ct_sync_test_sync         (CtSession              *session,
                                       const char             *folder,
                                       CtSyncSummary          *summary);
void        ct_sync_test_sync_quietly (CtSession              *session,
                                       const char             *folder);
guint       ct_sync_test_sync_lost    (CtSession              *session,
                                       const char             *folder);
gboolean    ct_sync_test_sync_async   (CtSession              *session,
                                       const char             *folder,
                                       CtSyncSummary          *summary,
                                       GError                **error);
gboolean    ct_sync_test_sync_held_by (CtSession              *session,
                                       const char             *folder,
                                       CtSyncTestSetHold       set_hold,
                                       GFunc                   while_held,
                                       gpointer                data,
                                       GError                **error);
gboolean    ct_sync_test_sync_held    (CtSession              *session,
                                       const char             *folder,
                                       GFunc                   while_held,
                                       gpointer                data,
                                       GError                **error);
void        ct_sync_test_set_field    (CtSession              *session,
                                       const char             *table,
                                       gint64                  id,
                                       const char             *field,
                                       const char             *value);
char       *ct_sync_test_get_field    (CtSession              *session,
                                       const char             *table,
                                       gint64                  id,
                                       const char             *field);
char       *ct_sync_test_hex          (const guint8           *data,
                                       gsize                   len);
CtSyncState ct_sync_test_state_of     (CtSession              *session);
char       *ct_sync_test_device_dir   (CtSession              *session,
                                       const char             *folder);
char       *ct_sync_test_read_change  (CtSession              *session,
                                       const char             *folder,
                                       guint64                 seq,
                                       gsize                  *len);
char       *ct_sync_test_folder_named (CtSyncTestTeam         *team,
                                       const char             *name);
void        ct_sync_test_deliver      (CtSession              *writer,
                                       const char             *from,
                                       const char             *to);
char       *ct_sync_test_names_in     (const char             *dir,
                                       const char             *prefix);
void        ct_sync_test_dump_query   (CtSession              *session,
                                       const char             *sql,
                                       GString                *out);

extern const CtCoreTestMember ct_sync_test_members[];

void        ct_sync_test_fixture_setup    (CtSyncTestTeam *team,
                                           gconstpointer   members);
void        ct_sync_test_fixture_teardown (CtSyncTestTeam *team,
                                           gconstpointer   members);

/* Adds the test @path, run on a team of @members of its own
 * (ct_sync_test_fixture_setup()). */
#define CT_SYNC_TEST_ADD(path, members, func) \
  g_test_add (path, CtSyncTestTeam, members, ct_sync_test_fixture_setup, func, \
              ct_sync_test_fixture_teardown)
char       *ct_sync_test_dump             (CtSession      *session);
void        ct_sync_test_assert_same      (CtSession      *a,
                                           CtSession      *b);
gboolean    ct_sync_test_lists_involved   (CtSession      *session,
                                           gint64          household,
                                           const char     *login);
gboolean    ct_sync_test_holds            (const char     *bytes,
                                           gsize           len,
                                           const char     *needle);
void        ct_sync_test_set_clock_after  (int             seconds);
void        ct_sync_test_forget_device    (const guint8   *team_id);
CtSession  *ct_sync_test_open_at          (const guint8   *team_id,
                                           const char     *path,
                                           const char     *login,
                                           int             seconds);

/**
 * CtSyncTestPair:
 * @path: a replica's file
 * @copy: a conflict copy of it beside it, made before either side's
 *   edits, as a sync engine makes one: the same bytes, device included
 * @team_id: the team's id, for ct_sync_test_open_at()
 *
 * The two files the merge tests of test-sync-category and test-sync-goal
 * edit apart and merge.
 */
typedef struct
{
  char   *path;
  char   *copy;
  guint8  team_id[CT_TEAM_ID_SIZE];
} CtSyncTestPair;

void        ct_sync_test_pair_make        (CtSyncTestTeam *team,
                                           const char     *login,
                                           CtSyncTestPair *pair);
void        ct_sync_test_pair_clear       (CtSyncTestPair *pair);
CtSession  *ct_sync_test_pair_open        (CtSyncTestPair *pair,
                                           const char     *path,
                                           const char     *login,
                                           int             seconds);
CtSession  *ct_sync_test_pair_merge       (CtSyncTestPair *pair,
                                           const char     *into,
                                           const char     *from,
                                           const char     *login,
                                           int             seconds,
                                           CtMergeSummary *summary);

/* The team's members on a replica, and changing them there. */
const CtChainMember *ct_sync_test_member (CtSession  *session,
                                          const char *login);
void        ct_sync_test_add_member       (CtSession      *session,
                                           const char     *login,
                                           const char     *display_name,
                                           CtRole          role);
void        ct_sync_test_remove_member    (CtSession      *session,
                                           const char     *login);
gboolean    ct_sync_test_holds_current_key (CtSession     *session,
                                            const char    *login);
char       *ct_sync_test_refusals         (CtSession      *session,
                                           const char     *folder);

/* The team whose chain forks: test-sync-fork and test-sync-fork-keys. */
void        ct_sync_test_fork_setup       (CtSyncTestTeam *team,
                                           gconstpointer   data);
void        ct_sync_test_fork_teardown    (CtSyncTestTeam *team,
                                           gconstpointer   data);
void        ct_sync_test_open_two_beheerders (CtSyncTestTeam *team,
                                              CtSession     **a,
                                              CtSession     **b,
                                              CtSession     **c);

/**
 * CtSyncTestWrites:
 * @sync: the team; its household has a case closed long ago, due for a
 *   purge
 * @person: the household's person
 *
 * The team of test-sync-writes and test-sync-signed.
 */
typedef struct
{
  CtSyncTestTeam sync;
  gint64         person;
} CtSyncTestWrites;

void        ct_sync_test_writes_setup     (CtSyncTestWrites *f,
                                           gconstpointer     data);
void        ct_sync_test_writes_teardown  (CtSyncTestWrites *f,
                                           gconstpointer     data);
char       *ct_sync_test_writes_dump      (CtSession        *session);
void        ct_sync_test_writes_assert_same (CtSession      *a,
                                             CtSession      *b);

G_END_DECLS
