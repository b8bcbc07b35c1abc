/* ct-test-budget.h — the budget team, one per test program
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_BUDGET_TEST_PASS         "geheim geheim"
#define CT_BUDGET_TEST_LEGITIMATION "Een ontruiming kost de samenleving veel meer."

typedef struct
{
  char  *dir;         /* the program's temporary folder, removed at the end */
  char  *path;        /* the team file in it */
  gint64 period_id;   /* Maatwerkbudget 2026 */
  gint64 planted_id;  /* an approved breakthrough that names Fatima */
  gint64 clean_id;    /* an approved breakthrough that names nobody */
} CtBudgetTestTeam;

void        ct_budget_test_init          (int          *argc,
                                          char       ***argv);
int         ct_budget_test_run           (void);
const CtBudgetTestTeam *ct_budget_test_team  (void);

CtSession  *ct_budget_test_unlock        (const char   *login);
gint64      ct_budget_test_insert        (CtSession    *session,
                                          CtRecord     *record);
gint64      ct_budget_test_make_case     (CtSession    *session,
                                          const char   *number,
                                          const char   *first_name);
gint64      ct_budget_test_add_doorbraak (CtSession    *session,
                                          gint64        case_id,
                                          const char   *situation,
                                          const char   *rule);
GtkWindow  *ct_budget_test_window        (GtkWidget    *page);
char       *ct_budget_test_date_error    (const char   *label);
const char *ct_budget_test_row_title     (gpointer      row);

G_END_DECLS
