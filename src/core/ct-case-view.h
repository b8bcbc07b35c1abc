/* ct-case-view.h — what the case list and a case page read, in one go
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-record.h"
#include "ct-session.h"
#include "ct-sync.h"

G_BEGIN_DECLS

/**
 * CtCaseOverview:
 * @id: the case
 * @household_id: its household
 * @number: the case number, "" when none
 * @status: one of the schema's values of the case status (static), "" when none
 * @area: (nullable): the household's area
 * @name: (nullable): the first person's name; %NULL when restricted or
 *   when the household has no persons
 * @name_restricted: whether the member may not read the first person's name
 * @referral_date: (nullable): YYYY-MM-DD
 * @domains: (nullable): the case's domains of the categories this member
 *   may read, joined as one set
 * @overdue: whether the household has an open action past its due date
 * @repeat: whether the case came within twelve months of the household's
 *   previous one (ct_referral_is_repeat())
 *
 * One row of a list of cases, as this member may see it.
 */
typedef struct
{
  gint64      id;
  gint64      household_id;
  char       *number;
  const char *status;
  char       *area;
  char       *name;
  gboolean    name_restricted;
  char       *referral_date;
  char       *domains;
  gboolean    overdue;
  gboolean    repeat;
} CtCaseOverview;

/**
 * CtRowConflicts:
 * @table: (not nullable): the row's table (static)
 * @row_id: the row
 * @conflicts: (element-type CtSyncConflict): its values another laptop
 *   wrote concurrently (ct_session_sync_get_conflicts())
 */
typedef struct
{
  const char *table;
  gint64      row_id;
  GPtrArray  *conflicts;
} CtRowConflicts;

/**
 * CtCaseView:
 * @case_record: the case
 * @household: its household
 * @persons: (element-type CtRecord): the household's persons
 * @organisations: (element-type CtRecord): the organisations involved
 * @consents: (element-type CtRecord): the case's consents
 * @members: (element-type CtMemberInfo): the team's current members,
 *   sorted by name (ct_session_list_members())
 * @limited: whether the household is outside this member's need-to-know
 *   (ct_session_is_involved())
 * @restriction: (nullable): the restriction of processing in force on the
 *   household (ct_session_get_restriction())
 * @conflicts: (element-type CtRowConflicts): the conflicts (of sync or of
 *   a merged copy) of the case and, within need-to-know, of the household,
 *   its persons, its organisations, the case's consents and the
 *   household's goals and actions; a row without any is left out
 * @involved: (nullable) (element-type CtInvolvement): who is involved in
 *   the household and why (ct_session_list_involved_members()); %NULL
 *   for a member who may not read the household's log
 * @glass_breaks: (nullable) (element-type CtGlassBreak): every "Look
 *   anyway" at the household (ct_session_list_glass_breaks()); %NULL
 *   likewise
 * @repeat_of: (nullable): the household's case this one repeats
 *   (ct_session_get_repeat_of())
 * @may_restrict: whether this member may place or lift a restriction on
 *   the household (ct_session_may_restrict()), as the view was loaded
 *
 * What a case page shows of a case, as this member may see it; outside
 * the member's need-to-know @persons, @organisations and @consents are
 * empty and the case and household carry their general fields only.
 */
typedef struct
{
  CtRecord      *case_record;
  CtRecord      *household;
  GPtrArray     *persons;
  GPtrArray     *organisations;
  GPtrArray     *consents;
  GPtrArray     *members;
  gboolean       limited;
  CtRestriction *restriction;
  GPtrArray     *conflicts;
  GPtrArray     *involved;
  GPtrArray     *glass_breaks;
  CtRecord      *repeat_of;
  gboolean       may_restrict;
} CtCaseView;

typedef struct _CtCasePatch CtCasePatch;

GArray      *ct_case_overview_list (CtSession    *session,
                                    GError      **error);

GArray      *ct_case_overview_list_first (CtSession  *session,
                                          guint       n,
                                          gboolean   *complete,
                                          GError    **error);

CtCaseView  *ct_case_load          (CtSession    *session,
                                    gint64        case_id,
                                    GError      **error);
void         ct_case_load_async    (CtSession    *session,
                                    gint64        case_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer      user_data);
CtCaseView  *ct_case_load_finish   (CtSession    *session,
                                    GAsyncResult *result,
                                    GError      **error);
void         ct_case_view_free     (CtCaseView   *view);

CtCasePatch *ct_case_patch_new     (void);
void         ct_case_patch_free    (CtCasePatch  *patch);
void         ct_case_patch_set     (CtCasePatch  *patch,
                                    CtRecord     *record,
                                    const char   *field,
                                    const char   *value);
gboolean     ct_case_patch_is_empty (CtCasePatch *patch);
gboolean     ct_case_patch_apply   (CtCasePatch  *patch,
                                    CtSession    *session,
                                    GError      **error);
void         ct_case_patch_apply_async (CtCasePatch  *patch,
                                        CtSession    *session,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer      user_data);
gboolean     ct_case_patch_apply_finish (CtSession    *session,
                                         GAsyncResult *result,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtCaseView, ct_case_view_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtCasePatch, ct_case_patch_free)

G_END_DECLS
