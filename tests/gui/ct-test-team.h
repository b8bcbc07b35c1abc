/* ct-test-team.h — a small team built through the core API, for widget tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-case-page.h"
#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TEST_PASSPHRASE "zeven paarse olifanten"

/* anna: regisseur and beheerder; bob: regisseur; carla: politie. All
 * enrolled. One household with one case. */
typedef struct
{
  char *dir;
  char *path;
  char *recovery_key;  /* a CtSecret */
  gint64 household_id;
  gint64 case_id;
} CtTestTeam;

void        ct_test_need_to_know_off (const char *path,
                                      const char *admin_login,
                                      const char *passphrase);
char       *ct_test_demo_new     (guint        n_households,
                                  guint32      seed,
                                  gboolean     every_household);
void        ct_test_demo_free    (char        *path);
void        ct_test_remove_dir   (const char  *dir);
CtTestTeam *ct_test_team_new     (void);
void        ct_test_team_free    (CtTestTeam  *team);
CtSession  *ct_test_team_unlock  (CtTestTeam  *team,
                                  const char  *login);
CtSession  *ct_test_team_replica (CtTestTeam  *team,
                                  const char  *name,
                                  const char  *login);
char       *ct_test_case_field   (CtSession   *session,
                                  gint64       case_id,
                                  const char  *field);
void        ct_test_session_free (CtSession   *session);
GtkWindow  *ct_test_team_window  (GtkWidget   *child,
                                  int          width,
                                  int          height);
void        ct_test_close_window (GtkWindow   *window);
void        ct_test_click        (gpointer     button);
gpointer    ct_test_wait_for_dialog (AdwMessageDialog **slot);
void        ct_test_screenshot   (gpointer     widget,
                                  const char  *what);
void        ct_test_respond      (AdwMessageDialog *dialog,
                                  const char  *response);

void        ct_test_wait_case_page (CtCasePage *page);

/**
 * CtTestSession:
 *
 * A #CtSession that the test holds alone once its windows are closed:
 * `g_autoptr(CtTestSession)` drops it with ct_test_session_free().
 */
typedef CtSession CtTestSession;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtTestSession, ct_test_session_free)

G_END_DECLS
