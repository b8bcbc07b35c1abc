/* ct-plan-view.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_PLAN_VIEW (ct_plan_view_get_type ())

G_DECLARE_FINAL_TYPE (CtPlanView, ct_plan_view, CT, PLAN_VIEW, AdwBin)

GtkWidget *ct_plan_view_new    (CtSession  *session,
                                gint64      household_id);
void       ct_plan_view_reload (CtPlanView *self);
void       ct_plan_view_set_embedded (CtPlanView *self,
                                      gboolean    embedded);
void       ct_plan_view_set_conflicts (CtPlanView *self,
                                       GHashTable *conflicts);

G_END_DECLS
