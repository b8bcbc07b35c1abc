/* ct-test-admin.c — the beheerder's page in a window, for test-admin*.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ct-test-admin.h"
#include "ct-test-util.h"

/* Unlocks @team as @login and shows the beheerder's page on that session
 * in a window of its own. */
void
ct_admin_test_open (CtAdminTestPage *page,
                    CtTestTeam      *team,
                    const char      *login)
{
  page->session = ct_test_team_unlock (team, login);
  page->page = CT_TEAM_ADMIN_PAGE (ct_team_admin_page_new (page->session));
  page->window = ct_test_team_window (GTK_WIDGET (page->page), 1100, 800);
}

/* Closes the window and drops the session: both fail the test when
 * anything still holds the page or the session. */
void
ct_admin_test_close (CtAdminTestPage *page)
{
  ct_test_close_window (page->window);
  g_clear_pointer (&page->session, ct_test_session_free);
}
