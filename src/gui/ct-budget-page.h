/* ct-budget-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-session.h"

G_BEGIN_DECLS

#define CT_TYPE_BUDGET_PAGE (ct_budget_page_get_type ())

G_DECLARE_FINAL_TYPE (CtBudgetPage, ct_budget_page, CT, BUDGET_PAGE, AdwBin)

GtkWidget *ct_budget_page_new          (CtSession    *session);
void       ct_budget_page_set_session  (CtBudgetPage *self,
                                        CtSession    *session);
void       ct_budget_page_set_current_case (CtBudgetPage *self,
                                            gint64        case_id);
void       ct_budget_page_reload       (CtBudgetPage *self);
gboolean   ct_budget_page_export_to    (CtBudgetPage *self,
                                        const char   *path,
                                        GError      **error);

G_END_DECLS
