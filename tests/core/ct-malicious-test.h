/* ct-malicious-test.h — a team and raw reads and edits for the
 * test-malicious programs
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ct-core-test-util.h"

G_BEGIN_DECLS

#define PASS "geheim geheim"

CtSession *
ct_malicious_test_unlock (CtCoreTestTeam *team,
                          const char     *login);

CtSession *
ct_malicious_test_unlock_recovery (CtCoreTestTeam *team);

char *
ct_malicious_test_unlock_refused (CtCoreTestTeam *team,
                                  const char     *login,
                                  gint            code);

void
ct_malicious_test_assert_refused (CtCoreTestTeam *team,
                                  const char     *login,
                                  gint            code,
                                  const char     *needle);

void
ct_malicious_test_add_and_enrol (CtCoreTestTeam *team,
                                 CtSession      *admin,
                                 const char     *login,
                                 CtRole          role);

void
ct_malicious_test_make_team (CtCoreTestTeam *team);

void
ct_malicious_test_remove_team (CtCoreTestTeam *team);

gint64
ct_malicious_test_grants_to (sqlite3    *db,
                             const char *login,
                             const char *category);

gboolean
ct_malicious_test_log_has_purpose (CtSession  *session,
                                   const char *purpose);

void
ct_malicious_test_assert_log_intact (CtSession *session);

G_END_DECLS
