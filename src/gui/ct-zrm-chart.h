/* ct-zrm-chart.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_ZRM_CHART (ct_zrm_chart_get_type ())

G_DECLARE_FINAL_TYPE (CtZrmChart, ct_zrm_chart, CT, ZRM_CHART, AdwBin)

GtkWidget  *ct_zrm_chart_new                  (CtSession  *session,
                                               gint64      case_id);
void        ct_zrm_chart_reload               (CtZrmChart *self);
gboolean    ct_zrm_chart_get_loading          (CtZrmChart *self);
const char *ct_zrm_chart_get_summary          (CtZrmChart *self);
guint       ct_zrm_chart_get_n_domains        (CtZrmChart *self);
gboolean    ct_zrm_chart_get_some_restricted  (CtZrmChart *self);

G_END_DECLS
