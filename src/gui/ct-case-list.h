/* ct-case-list.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_CASE_LIST (ct_case_list_get_type ())

G_DECLARE_FINAL_TYPE (CtCaseList, ct_case_list, CT, CASE_LIST, AdwBin)

void        ct_case_list_set_session   (CtCaseList *self,
                                        CtSession  *session);
void        ct_case_list_refresh       (CtCaseList *self);
void        ct_case_list_drop_household (CtCaseList *self,
                                         gint64      household_id);
void        ct_case_list_drop_households (CtCaseList   *self,
                                          const gint64 *households,
                                          guint         n_households);
void        ct_case_list_focus_search  (CtCaseList *self);
GListModel *ct_case_list_get_model     (CtCaseList *self);
guint       ct_case_list_get_n_cases   (CtCaseList *self);
gboolean    ct_case_list_is_loading    (CtCaseList *self);
gint64      ct_case_list_get_load_usec (CtCaseList *self);

G_END_DECLS
