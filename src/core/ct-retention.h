/* ct-retention.h — retention terms and the purge that anonymises
 * (docs/retention.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/* The team's own term when a beheerder set none, in months. */
#define CT_RETENTION_DEFAULT_MONTHS 24

/**
 * CtPurgeItem:
 * @household_id: the household whose terms all ended
 * @case_number: its case whose term ended last
 * @term: that case's term ("wmo", "jeugdwet", "ingetrokken", "team")
 * @ended_on: the day that term ended, YYYY-MM-DD
 *
 * One household a purge anonymises, and why. Names no one.
 */
typedef struct
{
  gint64  household_id;
  char   *case_number;
  char   *term;
  char   *ended_on;
} CtPurgeItem;

void       ct_purge_item_free       (CtPurgeItem  *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtPurgeItem, ct_purge_item_free)

char      *ct_retention_end_date    (const char   *closed_on,
                                     const char   *term,
                                     guint         team_months);
gboolean   ct_session_may_purge     (CtSession    *self);
GPtrArray *ct_session_list_purge_due (CtSession   *self,
                                      GError     **error);
gboolean   ct_session_purge         (CtSession    *self,
                                     guint        *n_households,
                                     guint        *n_rows,
                                     GError      **error);

/* The legal grounds of AVG art. 17(1), a to e; %NULL-terminated. */
extern const char * const ct_erasure_grounds[];

/**
 * CtErasurePreview:
 * @person_id: the person to erase, 0 for the whole household
 * @n_rows: the rows that would be deleted
 * @kept_by_case: (nullable): a case of the household whose Jeugdwet term
 *   runs, so that nothing may be erased
 * @kept_until: (nullable): the day that term ends; %NULL while the case
 *   is open
 *
 * What erasing would delete, or why the law keeps it. Names no one.
 */
typedef struct
{
  gint64  household_id;
  gint64  person_id;
  guint   n_rows;
  guint   n_persons;
  guint   n_cases;
  char   *kept_by_case;
  char   *kept_until;
} CtErasurePreview;

void              ct_erasure_preview_free    (CtErasurePreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtErasurePreview, ct_erasure_preview_free)

CtErasurePreview *ct_session_preview_erasure (CtSession        *self,
                                              gint64            household_id,
                                              gint64            person_id,
                                              GError          **error);
gboolean          ct_session_erase           (CtSession        *self,
                                              gint64            household_id,
                                              gint64            person_id,
                                              const char       *ground,
                                              GError          **error);

G_END_DECLS
