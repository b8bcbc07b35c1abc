/* ct-case-filter.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CT_TYPE_CASE_FILTER (ct_case_filter_get_type ())

G_DECLARE_FINAL_TYPE (CtCaseFilter, ct_case_filter, CT, CASE_FILTER, GtkFilter)

CtCaseFilter *ct_case_filter_new              (void);
void          ct_case_filter_set_query        (CtCaseFilter *self,
                                               const char   *query);
void          ct_case_filter_set_status       (CtCaseFilter *self,
                                               const char   *status);
void          ct_case_filter_set_overdue_only (CtCaseFilter *self,
                                               gboolean      overdue_only);
gboolean      ct_case_filter_is_active        (CtCaseFilter *self);

G_END_DECLS
