/* ct-core-test-util.h — building and opening teams in core tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ct-core.h"
#include "ct-header.h"

G_BEGIN_DECLS

/**
 * CtCoreTestMember:
 *
 * A member to add and enrol; arrays of them end with a %NULL login.
 */
typedef struct
{
  const char *login;
  const char *display_name;
  CtRole      role;
} CtCoreTestMember;

extern const CtCoreTestMember ct_core_test_case_members[];

/**
 * CtCoreTestTeam:
 * @dir: a fresh temporary folder
 * @path: `team.casus` in it
 * @recovery: the team's recovery key
 */
typedef struct
{
  char     *dir;
  char     *path;
  CtSecret *recovery;
} CtCoreTestTeam;

void       ct_core_test_init          (int                     *argc,
                                       char                  ***argv);
void       ct_core_test_team_create   (CtCoreTestTeam          *team,
                                       const char              *dir_template,
                                       const CtVaultCreateInfo *info);
void       ct_core_test_team_clear    (CtCoreTestTeam          *team);
void       ct_core_test_remove_dir    (const char              *dir);
void       ct_core_test_forget_anchors (void);
CtSession *ct_core_test_unlock        (const char              *path,
                                       const char              *login,
                                       const char              *passphrase);
void       ct_core_test_enrol_members (const char              *path,
                                       const char              *admin_login,
                                       const char              *passphrase,
                                       const CtCoreTestMember  *members);
void       ct_core_test_need_to_know_off (const char          *path,
                                          const char          *admin_login,
                                          const char          *passphrase);
gint64     ct_core_test_insert        (CtSession               *session,
                                       CtRecord                *record);
gint64     ct_core_test_member_id     (CtSession               *session,
                                       const char              *login);
gint64     ct_core_test_add_household (CtSession               *admin,
                                       CtRecord                *household,
                                       CtRecord                *person,
                                       CtRecord                *kase,
                                       guint                    number,
                                       gint64                   regisseur,
                                       gint64                  *person_id,
                                       gint64                  *case_id);
CtSession *ct_core_test_politie_team  (CtCoreTestTeam          *team,
                                       const char              *dir_template,
                                       const char              *passphrase,
                                       gboolean                 need_to_know,
                                       CtRecord                *person,
                                       gint64                  *household,
                                       gint64                  *person_id,
                                       gint64                  *case_id);
void       ct_core_test_session_free  (CtSession               *session);
char      *ct_core_test_hash_file     (const char              *path);
GBytes    *ct_core_test_read_file     (const char              *path);
CtHeader  *ct_core_test_read_header   (const char              *path);
void       ct_core_test_write_file    (const char              *path,
                                       GBytes                  *bytes);
void       ct_core_test_exec_sql      (sqlite3                 *db,
                                       const char              *sql);
gint64     ct_core_test_query_int     (sqlite3                 *db,
                                       const char              *sql);
void       ct_core_test_log_entry_hash (sqlite3                *db,
                                        gint64                  id,
                                        guint                   format,
                                        const guint8           *prev,
                                        guint8                 *hash);
void       ct_core_test_log_resign    (CtSession               *member,
                                       gint64                   from_id,
                                       gboolean                 v1);
gint64     ct_core_test_last_entry    (CtSession               *session);
char      *ct_core_test_log_since     (CtSession               *session,
                                       gint64                   after);
void       ct_core_test_assert_unlock_fails (const char        *path,
                                             const char        *login,
                                             const char        *pass,
                                             int                code);

/* Waiting for an asynchronous call, and turning the main loop meanwhile. */
void       ct_core_test_result_cb     (GObject                 *source,
                                       GAsyncResult            *result,
                                       gpointer                 user_data);
void       ct_core_test_wait_result   (GAsyncResult           **result);
void       ct_core_test_turn          (guint                    n);

/* Every reading worker of every session held before it reads. */
void       ct_core_test_hold_reads    (void);
void       ct_core_test_release_reads (void);

GPtrArray *ct_core_test_demo_facts    (CtCategory               c);

/**
 * CtCoreTestReaderHold:
 *
 * A reader of a session that a test holds inside its read transaction,
 * as the case list's whole read or Verify holds one for seconds: the
 * session's queued writes wait for it. Core and GUI tests alike.
 */
typedef struct
{
  GMutex        hold;
  gint          inside;
  CtSession    *session;
  GAsyncResult *result;
} CtCoreTestReaderHold;

void       ct_core_test_reader_hold    (CtSession            *session,
                                        CtCoreTestReaderHold *holder);
gboolean   ct_core_test_reader_release (CtCoreTestReaderHold *holder,
                                        GError              **error);

/**
 * CtCoreTestSession:
 *
 * A #CtSession that the test holds alone: `g_autoptr(CtCoreTestSession)`
 * drops it with ct_core_test_session_free() at the end of its scope, so a
 * reference left anywhere fails the test there. Clear one early with
 * `g_clear_pointer (&session, ct_core_test_session_free)`.
 */
typedef CtSession CtCoreTestSession;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtCoreTestSession, ct_core_test_session_free)

G_END_DECLS
