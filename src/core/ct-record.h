/* ct-record.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ct-schema.h"

G_BEGIN_DECLS

#define CT_TYPE_RECORD (ct_record_get_type ())

/**
 * CtRecord:
 *
 * One row of the team's data as a member sees it: every field is a value
 * in its canonical text form, empty, or restricted (the member's role may
 * not read its category, so the value is not there at all).
 */
typedef struct _CtRecord CtRecord;

GType          ct_record_get_type       (void) G_GNUC_CONST;
CtRecord      *ct_record_new            (const char *table);
CtRecord      *ct_record_copy           (CtRecord   *self);
CtRecord      *ct_record_ref            (CtRecord   *self);
void           ct_record_unref          (CtRecord   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtRecord, ct_record_unref)

const CtTable *ct_record_get_table      (CtRecord   *self);
gint64         ct_record_get_id         (CtRecord   *self);
void           ct_record_set            (CtRecord   *self,
                                         const char *field,
                                         const char *value);
void           ct_record_set_int        (CtRecord   *self,
                                         const char *field,
                                         gint64      value);
const char    *ct_record_get            (CtRecord   *self,
                                         const char *field);
gint64         ct_record_get_int        (CtRecord   *self,
                                         const char *field);
gboolean       ct_record_is_restricted  (CtRecord   *self,
                                         const char *field);
gboolean       ct_record_is_loaded      (CtRecord   *self,
                                         const char *field);
gboolean       ct_record_is_changed     (CtRecord   *self,
                                         const char *field);

extern const char * const ct_case_domain_fields[];
char          *ct_domains_join          (const char * const *sets);
char          *ct_case_dup_domains      (CtRecord   *record);
char          *ct_case_dup_parts        (CtRecord   *record,
                                         const char *base,
                                         guint       categories);
gboolean       ct_case_set_domains      (CtRecord   *record,
                                         const char *domains,
                                         GError    **error);

G_END_DECLS
