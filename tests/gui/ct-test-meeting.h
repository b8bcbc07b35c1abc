/* ct-test-meeting.h — the meeting team, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"
#include "ct-meetings-page.h"

G_BEGIN_DECLS

#define CT_MEETING_TEST_PASS "zeven paarse olifanten"

extern const char * const ct_meeting_test_secrets[];

typedef struct
{
  char  *dir;            /* the program's temporary folder, removed at the end */
  char  *path;           /* the team file in it */
  gint64 case_ids[3];    /* 2026-001 (with persons, consent, ZRM), -002, -003 */
  gint64 households[3];
} CtMeetingTestTeam;

void        ct_meeting_test_init      (int          *argc,
                                       char       ***argv);
int         ct_meeting_test_run       (void);
const CtMeetingTestTeam *ct_meeting_test_team (void);

CtSession  *ct_meeting_test_switch_to (const char   *login);
GtkWindow  *ct_meeting_test_window    (GtkWidget    *child,
                                       int           width,
                                       int           height);
void        ct_meeting_test_press_key (GtkWidget    *widget,
                                       const char   *accel);
guint       ct_meeting_test_count_rows (GtkListBox  *list);
gboolean    ct_meeting_test_shows_placeholder (GtkListBox *list,
                                               const char *text);
void        ct_meeting_test_wait_agenda (CtMeetingsPage *page);
gboolean    ct_meeting_test_has_text  (GtkWidget    *root,
                                       const char   *text);
void        ct_meeting_test_assert_no_secrets (GtkWidget *root);

G_END_DECLS
