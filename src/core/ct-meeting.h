/* ct-meeting.h — meetings: agenda, closing an item, the case at the table
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/**
 * CtMeetingMember:
 *
 * A team member with the id that record fields such as "chair" and
 * "responsible" hold.
 */
typedef struct
{
  gint64  id;
  char   *login;
  char   *display_name;
  CtRole  role;
} CtMeetingMember;

void       ct_meeting_member_free     (CtMeetingMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMeetingMember, ct_meeting_member_free)

GPtrArray *ct_meeting_list_members    (CtSession  *session,
                                       GError    **error);
gint64     ct_meeting_get_own_id      (CtSession  *session);
GHashTable *ct_meeting_directed_households (CtSession *session,
                                            GError   **error);
gboolean   ct_meeting_action_is_own   (CtSession  *session,
                                       CtRecord   *action,
                                       GHashTable *directed);

/**
 * CtAwaitingCase:
 * @refused: %TRUE when the case is back because a partner refused an
 *   action of its latest advice
 */
typedef struct
{
  CtRecord *case_record;
  gboolean  refused;
} CtAwaitingCase;

void       ct_awaiting_case_free      (CtAwaitingCase *awaiting);

GPtrArray *ct_meeting_cases_awaiting  (CtSession  *session,
                                       GError    **error);
GPtrArray *ct_meeting_list_agenda     (CtSession  *session,
                                       gint64      meeting_id,
                                       GError    **error);
/**
 * CtMeetingAgenda:
 * @meeting: the meeting
 * @items: (element-type CtRecord): its agenda items in their order
 * @cases: (element-type CtRecord): the cases on the agenda, in case order,
 *   with their general fields
 * @awaiting: (element-type CtAwaitingCase): the cases awaiting the team
 *
 * What the page of one meeting's agenda shows (ct_meeting_agenda_load()).
 */
typedef struct
{
  CtRecord  *meeting;
  GPtrArray *items;
  GPtrArray *cases;
  GPtrArray *awaiting;
} CtMeetingAgenda;

void       ct_meeting_agenda_free     (CtMeetingAgenda *agenda);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMeetingAgenda, ct_meeting_agenda_free)

CtMeetingAgenda *ct_meeting_agenda_load (CtSession  *session,
                                         gint64      meeting_id,
                                         GError    **error);
gint64     ct_meeting_add_case        (CtSession  *session,
                                       gint64      meeting_id,
                                       gint64      case_id,
                                       gint64      slot_minutes,
                                       GError    **error);
gboolean   ct_meeting_set_order       (CtSession  *session,
                                       const gint64 *item_ids,
                                       guint       n_items,
                                       GError    **error);
gboolean   ct_meeting_close_item      (CtSession  *session,
                                       gint64      item_id,
                                       const char *notes,
                                       const char *advice_text,
                                       GPtrArray  *actions,
                                       const char *decided_on,
                                       GError    **error);
gboolean   ct_meeting_postpone_item   (CtSession  *session,
                                       gint64      item_id,
                                       const char *notes,
                                       GError    **error);
gboolean   ct_meeting_set_status      (CtSession  *session,
                                       gint64      meeting_id,
                                       const char *status,
                                       GError    **error);
gboolean   ct_meeting_can_reopen      (CtSession  *session);
gboolean   ct_meeting_reopen          (CtSession  *session,
                                       gint64      meeting_id,
                                       const char *reason,
                                       GError    **error);
gboolean   ct_meeting_log_report      (CtSession  *session,
                                       gint64      meeting_id,
                                       gboolean    full_names,
                                       GError    **error);

/**
 * CtMeetingCase:
 * @shared: bit per #CtCategory: consented to share at the table, not
 *   withdrawn, and readable by this session
 * @zrm: the latest score per domain, 0 where none is shown
 * @people: (element-type utf8): "F.B., 41" per household member whose
 *   identity this session may read; never a full name
 * @advice: (element-type CtRecord): earlier advice, oldest first
 * @actions: (element-type CtRecord): the household's actions that follow
 *   an advice
 * @restricted: with @for_table: the household's processing is restricted,
 *   so the rest is empty and the projector shows nothing of it
 *
 * What the meeting sees of a case. With @for_table the ZRM holds only the
 * domains whose category is in @shared.
 */
typedef struct
{
  CtRecord  *case_record;
  guint      shared;
  int        zrm[CT_ZRM_N_DOMAINS];
  GPtrArray *people;
  guint      n_organisations;
  gint64     yearly_cost_cents;
  GPtrArray *advice;
  GPtrArray *actions;
  gboolean   restricted;
} CtMeetingCase;

void           ct_meeting_case_free   (CtMeetingCase *mcase);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMeetingCase, ct_meeting_case_free)

CtMeetingCase *ct_meeting_case_load   (CtSession  *session,
                                       gint64      case_id,
                                       gboolean    for_table,
                                       GError    **error);
char          *ct_meeting_initials    (const char *first_name,
                                       const char *last_name);
int            ct_meeting_age         (const char *birth_date,
                                       GDateTime  *today);
char          *ct_meeting_next_date   (GPtrArray  *meetings,
                                       GDateTime  *today);

G_END_DECLS
