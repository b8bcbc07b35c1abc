/* ct-case-item.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_CASE_ITEM (ct_case_item_get_type ())

G_DECLARE_FINAL_TYPE (CtCaseItem, ct_case_item, CT, CASE_ITEM, GObject)

GPtrArray  *ct_case_item_load_all          (CtSession  *session,
                                            GError    **error);
GPtrArray  *ct_case_item_load_first        (CtSession  *session,
                                            guint       n,
                                            gboolean   *complete,
                                            GError    **error);
gboolean    ct_case_item_equal             (CtCaseItem *a,
                                            CtCaseItem *b);

gint64      ct_case_item_get_id            (CtCaseItem *self);
gint64      ct_case_item_get_household_id  (CtCaseItem *self);
const char *ct_case_item_get_number        (CtCaseItem *self);
const char *ct_case_item_get_name          (CtCaseItem *self);
gboolean    ct_case_item_get_name_restricted (CtCaseItem *self);
const char *ct_case_item_get_status        (CtCaseItem *self);
const char *ct_case_item_get_status_label  (CtCaseItem *self);
const char *ct_case_item_get_area          (CtCaseItem *self);
const char *ct_case_item_get_domains_label (CtCaseItem *self);
const char *ct_case_item_get_referral_date (CtCaseItem *self);
const char *ct_case_item_get_referral_label (CtCaseItem *self);
gboolean    ct_case_item_get_overdue       (CtCaseItem *self);
gboolean    ct_case_item_get_repeat        (CtCaseItem *self);
gboolean    ct_case_item_get_restricted    (CtCaseItem *self);
const char *ct_case_item_get_search_key    (CtCaseItem *self);

G_END_DECLS
