/* ct-export-model-private.h — what the anonymiser's two halves share: the
 * microdata (ct-export-model.c) and the aggregate tables
 * (ct-export-model-tables.c)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-export-private.h"

G_BEGIN_DECLS

/* Labels of ExCase's referrer and composition, NULL-terminated. */
extern const char * const _ct_export_referrer_labels[];
extern const char * const _ct_export_composition_labels[];

/* The finest bands of the numbers that both the rows and the tables show,
 * ending with -1. */
extern const gint64 _ct_export_days_advice_0[];
extern const gint64 _ct_export_days_close_0[];
extern const gint64 _ct_export_count_domains_0[];
extern const gint64 _ct_export_spend_0[];

gint            _ct_export_absolute_month (const char *month);

/* ct-export-model-tables.c */
void            _ct_export_case_tables    (ExModel    *m,
                                           ExData     *data);
void            _ct_export_period_table   (ExModel    *m,
                                           ExData     *data,
                                           guint       threshold);
void            _ct_export_zrm_table      (ExModel    *m,
                                           ExData     *data,
                                           guint       threshold);
void            _ct_export_other_tables   (ExModel    *m,
                                           ExData     *data);
void            _ct_export_protect_all    (ExModel    *m,
                                           guint       threshold);

G_END_DECLS
