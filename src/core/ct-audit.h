/* ct-audit.h — the access log (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/* NEN 7513 style actions. */
typedef enum
{
  CT_AUDIT_CREATE = 'C',
  CT_AUDIT_READ   = 'R',
  CT_AUDIT_UPDATE = 'U',
  CT_AUDIT_DELETE = 'D',
  CT_AUDIT_EXPORT = 'E',
} CtAuditAction;

#define CT_CATEGORY_BIT(c) (1u << (c))

gboolean _ct_audit_append (CtSession     *self,
                           CtAuditAction  action,
                           const char    *object_table,
                           gint64         object_id,
                           guint          categories,
                           const char    *purpose,
                           gboolean       refused,
                           GError       **error);
GPtrArray *_ct_audit_read (CtSession    *self,
                           GError      **error);
/* Whom an entry is about: a household and person (0: none), or the set
 * of households a list showed (@households, gint64s; NULL: none). */
typedef struct
{
  gint64  household_id;
  gint64  person_id;
  GArray *households;
} CtAuditSubject;

gboolean _ct_audit_append_subject (CtSession            *self,
                                   CtAuditAction         action,
                                   const char           *object_table,
                                   gint64                object_id,
                                   const CtAuditSubject *subject,
                                   guint                 categories,
                                   const char           *purpose,
                                   gboolean              refused,
                                   GError              **error);
gboolean _ct_audit_resolve_subject (CtSession      *self,
                                    const char     *object_table,
                                    gint64          object_id,
                                    CtAuditSubject *subject,
                                    GError        **error);
GArray  *_ct_audit_households_of_rows (CtSession   *self,
                                       const char  *table,
                                       const char  *where_field,
                                       gint64       value,
                                       GError     **error);
gboolean _ct_audit_verify (CtSession     *self,
                           gint64        *n_verified,
                           GError       **error);
gboolean _ct_audit_check_device_anchor (CtSession *self,
                                        GError   **error);
gboolean _ct_audit_check_chain_anchors (CtSession *self,
                                        GError   **error);
void     _ct_audit_save_device_anchor  (CtSession *self);
gint     _ct_audit_drop_broken_anchors (CtSession *self,
                                        GError   **error);
gboolean _ct_audit_device_anchor_gap   (CtSession *self,
                                        gint64    *entry_id,
                                        gint64    *chain_length);
gint64   _ct_audit_last_entry_id       (CtSession *self);
char    *_ct_audit_last_export_day     (CtSession  *self,
                                        const char *purpose,
                                        GError    **error);

G_END_DECLS
