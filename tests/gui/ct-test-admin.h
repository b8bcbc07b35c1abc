/* ct-test-admin.h — the beheerder's page in a window, for test-admin*.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-team-admin-page-private.h"
#include "ct-test-team.h"

G_BEGIN_DECLS

typedef struct
{
  CtSession       *session;
  CtTeamAdminPage *page;
  GtkWindow       *window;
} CtAdminTestPage;

void ct_admin_test_open  (CtAdminTestPage *page,
                          CtTestTeam      *team,
                          const char      *login);
void ct_admin_test_close (CtAdminTestPage *page);

G_END_DECLS
