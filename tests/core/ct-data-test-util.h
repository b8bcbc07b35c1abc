/* ct-data-test-util.h — the team and the household of test-data and
 * test-data-reads
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core-test-util.h"

G_BEGIN_DECLS

#define CT_DATA_TEST_PASS        "geheim geheim"
#define CT_DATA_TEST_HEALTH_TEXT "Behandeling bij de GGZ sinds januari, depressieve klachten"
#define CT_DATA_TEST_FIRST_NAME  "Fatima"
#define CT_DATA_TEST_BSN         "111222333"

void       ct_data_test_team_set_up    (CtCoreTestTeam *team,
                                        gconstpointer   data);
void       ct_data_test_team_tear_down (CtCoreTestTeam *team,
                                        gconstpointer   data);
void       ct_data_test_make_household (CtSession      *regisseur,
                                        gint64         *household_id,
                                        gint64         *person_id);
CtSession *ct_data_test_unlock         (const char     *path,
                                        const char     *login);

/* Adds the test /data/@name, each run on a team of its own. */
#define CT_DATA_TEST_ADD(name, func) \
  g_test_add ("/data/" name, CtCoreTestTeam, NULL, ct_data_test_team_set_up, func, \
              ct_data_test_team_tear_down)

G_END_DECLS
