/* ct-export-test-util.h — demo teams and a temporary folder of their own
 * for the evaluator export's tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core-test-util.h"

G_BEGIN_DECLS

#define CT_EXPORT_TEST_AGREEMENT "VO-TEST-2026"

void       ct_export_test_init                (int            *argc,
                                               char         ***argv);
int        ct_export_test_finish              (int             status);
void       ct_export_test_make_team           (CtCoreTestTeam *team,
                                               guint           households,
                                               guint           seed);
CtSession *ct_export_test_unlock              (CtCoreTestTeam *team,
                                               const char     *login);
void       ct_export_test_assert_no_leftovers (CtCoreTestTeam *team,
                                               const char     *out_name);

G_END_DECLS
