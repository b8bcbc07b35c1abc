/* ct-meeting.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The meeting's logic on top of the public record API: which cases await
 * the team, agenda order, closing an item in one transaction; what of a
 * case the table and the projector may see is ct-meeting-case.c's. Only
 * the member list and the report's log entry reach into the session:
 * record fields name members by id, and an export is logged by the core,
 * not by the GUI. */

#define G_LOG_DOMAIN "ct-meeting"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-meeting-private.h"
#include "ct-meeting.h"
#include "ct-session-restrict-private.h"
#include "ct-session-rules-private.h"

void
ct_meeting_member_free (CtMeetingMember *member)
{
  if (member == NULL)
    return;
  g_free (member->login);
  g_free (member->display_name);
  g_free (member);
}

/**
 * ct_meeting_list_members:
 *
 * Returns: (transfer full) (element-type CtMeetingMember): the current
 *   members, in the order the store keeps them
 */
GPtrArray *
ct_meeting_list_members (CtSession *session,
                         GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_meeting_member_free);
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  rows = ct_session_list_members (session, error);
  if (rows == NULL)
    return NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberInfo *row = g_ptr_array_index (rows, i);
      CtMeetingMember *member = g_new0 (CtMeetingMember, 1);

      member->id = row->id;
      member->login = g_strdup (row->login);
      member->display_name = g_strdup (row->display_name);
      member->role = row->role;
      g_ptr_array_add (out, member);
    }
  return g_steal_pointer (&out);
}

/* Returns: the signed-in member's id, 0 for a recovery session */
gint64
ct_meeting_get_own_id (CtSession *session)
{
  return ct_session_get_member_id (session);
}

/**
 * ct_meeting_directed_households:
 *
 * The households this session's member directs: those with a case that is
 * not closed and names the member as its regisseur. The follow-up of every
 * action on such a household is the regisseur's (docs/meetings.md).
 *
 * Returns: (transfer full): a set of household ids (#gint64 keys), empty in
 *   a recovery session; %NULL with @error set when the cases cannot be read
 */
GHashTable *
ct_meeting_directed_households (CtSession *session,
                                GError   **error)
{
  gint64 own = ct_meeting_get_own_id (session);
  g_autoptr(GHashTable) directed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if (own <= 0)
    return g_steal_pointer (&directed);
  cases = ct_session_list (session, "cases", "regisseur", own, error);
  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *kase = g_ptr_array_index (cases, i);
      gint64 household = ct_record_get_int (kase, "household_id");

      if (g_strcmp0 (ct_record_get (kase, "status"), "afgesloten") != 0)
        g_hash_table_add (directed, g_memdup2 (&household, sizeof household));
    }
  return g_steal_pointer (&directed);
}

/**
 * ct_meeting_action_is_own:
 * @directed: from ct_meeting_directed_households()
 *
 * Whether @action is on this member's own list: the member is responsible
 * for it, or directs its household.
 */
gboolean
ct_meeting_action_is_own (CtSession  *session,
                          CtRecord   *action,
                          GHashTable *directed)
{
  gint64 own = ct_meeting_get_own_id (session);
  gint64 household;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (action != NULL && directed != NULL, FALSE);

  if (own <= 0)
    return FALSE;
  if (ct_record_get (action, "responsible") != NULL
      && ct_record_get_int (action, "responsible") == own)
    return TRUE;
  household = ct_record_get_int (action, "household_id");
  return g_hash_table_contains (directed, &household);
}

void
ct_awaiting_case_free (CtAwaitingCase *awaiting)
{
  if (awaiting == NULL)
    return;
  ct_record_unref (awaiting->case_record);
  g_free (awaiting);
}

static gboolean
status_is (CtRecord   *record,
           const char *status)
{
  return g_strcmp0 (ct_record_get (record, "status"), status) == 0;
}

/* The record of @id in @records, or %NULL. */
CtRecord *
_ct_meeting_find_record (GPtrArray *records,
                         gint64     id)
{
  for (guint i = 0; i < records->len; i++)
    if (ct_record_get_id (g_ptr_array_index (records, i)) == id)
      return g_ptr_array_index (records, i);
  return NULL;
}

typedef struct
{
  GPtrArray *cases;
  GPtrArray *meetings;
  GPtrArray *items;
  GPtrArray *advice;
  GPtrArray *actions;
} Overview;

static void
overview_clear (Overview *o)
{
  g_clear_pointer (&o->cases, g_ptr_array_unref);
  g_clear_pointer (&o->meetings, g_ptr_array_unref);
  g_clear_pointer (&o->items, g_ptr_array_unref);
  g_clear_pointer (&o->advice, g_ptr_array_unref);
  g_clear_pointer (&o->actions, g_ptr_array_unref);
}

/* All of these are general fields: reading them writes no log entries. */
static gboolean
overview_load (CtSession *session,
               Overview  *o,
               GError   **error)
{
  return (o->cases = ct_session_list (session, "cases", NULL, 0, error)) != NULL
         && (o->meetings = ct_session_list (session, "meetings", NULL, 0, error)) != NULL
         && (o->items = ct_session_list (session, "agenda_items", NULL, 0, error)) != NULL
         && (o->advice = ct_session_list (session, "advice", NULL, 0, error)) != NULL
         && (o->actions = ct_session_list (session, "actions", NULL, 0, error)) != NULL;
}

/* On the agenda of a meeting that has not been closed, not yet discussed. */
static gboolean
is_scheduled (Overview *o,
              gint64    case_id)
{
  for (guint i = 0; i < o->items->len; i++)
    {
      CtRecord *item = g_ptr_array_index (o->items, i);
      CtRecord *meeting;

      if (ct_record_get_int (item, "case_id") != case_id || !status_is (item, "wachtend"))
        continue;
      meeting = _ct_meeting_find_record (o->meetings, ct_record_get_int (item, "meeting_id"));
      if (meeting != NULL && !status_is (meeting, "gesloten"))
        return TRUE;
    }
  return FALSE;
}

static gint64
last_item_id (Overview *o,
              gint64    case_id)
{
  gint64 last = 0;

  for (guint i = 0; i < o->items->len; i++)
    {
      CtRecord *item = g_ptr_array_index (o->items, i);

      if (ct_record_get_int (item, "case_id") == case_id)
        last = MAX (last, ct_record_get_id (item));
    }
  return last;
}

/* There is no refusal date in the schema; agenda item ids grow, so an
 * action refused from the advice of the case's latest agenda item was
 * refused after the case was last put on an agenda. */
static gboolean
has_new_refusal (Overview *o,
                 gint64    case_id)
{
  gint64 last = last_item_id (o, case_id);

  for (guint i = 0; i < o->actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (o->actions, i);
      CtRecord *advice;

      if (!status_is (action, "geweigerd"))
        continue;
      advice = _ct_meeting_find_record (o->advice, ct_record_get_int (action, "advice_id"));
      if (advice != NULL && ct_record_get_int (advice, "case_id") == case_id
          && ct_record_get_int (advice, "agenda_item_id") >= last)
        return TRUE;
    }
  return FALSE;
}

/**
 * ct_meeting_cases_awaiting:
 *
 * The cases that wait for the team: referred or put on an agenda and not
 * discussed, and cases whose latest advice has an action a partner
 * refused since. Cases already on the agenda of an open meeting are left
 * out, and so are those of a household under restriction of processing:
 * none of its cases can be put on an agenda (docs/retention.md).
 *
 * Returns: (transfer full) (element-type CtAwaitingCase): in case order
 */
GPtrArray *
ct_meeting_cases_awaiting (CtSession *session,
                           GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_awaiting_case_free);
  g_autoptr(GHashTable) restricted = NULL;
  Overview o = { 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if (!overview_load (session, &o, error)
      || (restricted = _ct_session_restricted_households (session, error)) == NULL)
    {
      overview_clear (&o);
      return NULL;
    }

  for (guint i = 0; i < o.cases->len; i++)
    {
      CtRecord *c = g_ptr_array_index (o.cases, i);
      gint64 id = ct_record_get_id (c);
      gboolean waiting = status_is (c, "aangemeld") || status_is (c, "geagendeerd");
      gboolean refused = !waiting && !status_is (c, "afgesloten") && has_new_refusal (&o, id);
      gint64 household = ct_record_get_int (c, "household_id");
      CtAwaitingCase *awaiting;

      if ((!waiting && !refused) || is_scheduled (&o, id)
          || g_hash_table_contains (restricted, &household))
        continue;
      awaiting = g_new0 (CtAwaitingCase, 1);
      awaiting->case_record = ct_record_ref (c);
      awaiting->refused = refused;
      g_ptr_array_add (out, awaiting);
    }
  overview_clear (&o);
  return g_steal_pointer (&out);
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  CtRecord *ra = *(CtRecord **) a;
  CtRecord *rb = *(CtRecord **) b;
  gint64 pa = ct_record_get_int (ra, "position");
  gint64 pb = ct_record_get_int (rb, "position");

  if (pa != pb)
    return pa < pb ? -1 : 1;
  return ct_record_get_id (ra) < ct_record_get_id (rb) ? -1 : 1;
}

/**
 * ct_meeting_list_agenda:
 *
 * Returns: (transfer full) (element-type CtRecord): the meeting's agenda
 *   items in their order
 */
GPtrArray *
ct_meeting_list_agenda (CtSession *session,
                        gint64     meeting_id,
                        GError   **error)
{
  GPtrArray *items;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  items = ct_session_list (session, "agenda_items", "meeting_id", meeting_id, error);
  if (items != NULL)
    g_ptr_array_sort (items, compare_position);
  return items;
}

static gboolean
set_case_status (CtSession  *session,
                 gint64      case_id,
                 const char *status,
                 GError    **error)
{
  g_autoptr(CtRecord) c = ct_session_get (session, "cases", case_id, error);

  if (c == NULL)
    return FALSE;
  if (status_is (c, status))
    return TRUE;
  ct_record_set (c, "status", status);
  return ct_session_update (session, c, error);
}

typedef struct
{
  gint64 meeting_id;
  gint64 case_id;
  gint64 slot_minutes;
  gint64 item_id;
} AddCase;

static gboolean
add_case_cb (CtSession *session,
             gpointer   data,
             GError   **error)
{
  AddCase *add = data;
  g_autoptr(GPtrArray) items = ct_session_list (session, "agenda_items", "meeting_id",
                                                add->meeting_id, error);
  g_autoptr(CtRecord) item = ct_record_new ("agenda_items");
  gint64 position = 1;

  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    position = MAX (position, ct_record_get_int (g_ptr_array_index (items, i), "position") + 1);

  ct_record_set_int (item, "meeting_id", add->meeting_id);
  ct_record_set_int (item, "case_id", add->case_id);
  ct_record_set_int (item, "position", position);
  ct_record_set_int (item, "slot_minutes", add->slot_minutes);
  ct_record_set (item, "status", "wachtend");
  add->item_id = ct_session_insert (session, item, error);
  return add->item_id > 0 && set_case_status (session, add->case_id, "geagendeerd", error);
}

/**
 * ct_meeting_add_case:
 *
 * Puts a case last on a meeting's agenda and sets its status to
 * "geagendeerd", in one transaction.
 *
 * Returns: the agenda item's id, or 0 with @error set
 */
gint64
ct_meeting_add_case (CtSession *session,
                     gint64     meeting_id,
                     gint64     case_id,
                     gint64     slot_minutes,
                     GError   **error)
{
  AddCase add = { meeting_id, case_id, slot_minutes, 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), 0);

  if (!ct_session_run_in_transaction (session, add_case_cb, &add, error))
    return 0;
  return add.item_id;
}

typedef struct
{
  const gint64 *ids;
  guint         n;
} Order;

static gboolean
set_order_cb (CtSession *session,
              gpointer   data,
              GError   **error)
{
  Order *order = data;

  for (guint i = 0; i < order->n; i++)
    {
      g_autoptr(CtRecord) item = ct_session_get (session, "agenda_items", order->ids[i], error);

      if (item == NULL)
        return FALSE;
      if (ct_record_get_int (item, "position") == (gint64) i + 1)
        continue;
      ct_record_set_int (item, "position", i + 1);
      if (!ct_session_update (session, item, error))
        return FALSE;
    }
  return TRUE;
}

/* Numbers the items 1, 2, 3 … in the order given. */
gboolean
ct_meeting_set_order (CtSession    *session,
                      const gint64 *item_ids,
                      guint         n_items,
                      GError      **error)
{
  Order order = { item_ids, n_items };

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  return ct_session_run_in_transaction (session, set_order_cb, &order, error);
}

typedef struct
{
  gint64      item_id;
  const char *notes;
  const char *advice_text;
  GPtrArray  *actions;
  const char *decided_on;
} CloseItem;

static gboolean
close_item_cb (CtSession *session,
               gpointer   data,
               GError   **error)
{
  CloseItem *close = data;
  g_autoptr(CtRecord) item = ct_session_get (session, "agenda_items", close->item_id, error);
  g_autoptr(CtRecord) c = NULL;
  g_autoptr(CtRecord) advice = ct_record_new ("advice");
  gint64 advice_id;

  if (item == NULL
      || (c = ct_session_get (session, "cases", ct_record_get_int (item, "case_id"), error)) == NULL)
    return FALSE;

  ct_record_set_int (advice, "case_id", ct_record_get_id (c));
  ct_record_set_int (advice, "agenda_item_id", close->item_id);
  ct_record_set (advice, "text", close->advice_text);
  ct_record_set (advice, "decided_on", close->decided_on);
  if ((advice_id = ct_session_insert (session, advice, error)) == 0)
    return FALSE;

  for (guint i = 0; close->actions != NULL && i < close->actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (close->actions, i);

      ct_record_set_int (action, "household_id", ct_record_get_int (c, "household_id"));
      ct_record_set_int (action, "advice_id", advice_id);
      ct_record_set (action, "status", "open");
      if (ct_session_insert (session, action, error) == 0)
        return FALSE;
    }

  ct_record_set (item, "status", "besproken");
  ct_record_set (item, "notes", close->notes);
  return ct_session_update (session, item, error)
         && set_case_status (session, ct_record_get_id (c), "advies_gegeven", error);
}

/**
 * ct_meeting_close_item:
 * @actions: (element-type CtRecord) (nullable): new "actions" records
 *   with what, partner, partner type, responsible and due date; the
 *   household, advice and status are filled in
 * @decided_on: YYYY-MM-DD
 *
 * Stores the binding advice and its actions, marks the item discussed and
 * the case "advies_gegeven": all of it or, on an error, none of it.
 */
gboolean
ct_meeting_close_item (CtSession  *session,
                       gint64      item_id,
                       const char *notes,
                       const char *advice_text,
                       GPtrArray  *actions,
                       const char *decided_on,
                       GError    **error)
{
  CloseItem close = { item_id, notes, advice_text, actions, decided_on };
  g_autofree char *text = g_strstrip (g_strdup (advice_text != NULL ? advice_text : ""));

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (text[0] == '\0')
    {
      ct_set_field_error (error, "advice", "text", "%s",
                          _("Binding advice: write the advice before closing the item."));
      return FALSE;
    }
  return ct_session_run_in_transaction (session, close_item_cb, &close, error);
}

/* The case stays "geagendeerd" and so comes back on the next agenda. */
gboolean
ct_meeting_postpone_item (CtSession  *session,
                          gint64      item_id,
                          const char *notes,
                          GError    **error)
{
  g_autoptr(CtRecord) item = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if ((item = ct_session_get (session, "agenda_items", item_id, error)) == NULL)
    return FALSE;
  ct_record_set (item, "status", "uitgesteld");
  ct_record_set (item, "notes", notes);
  return ct_session_update (session, item, error);
}

gboolean
ct_meeting_set_status (CtSession  *session,
                       gint64      meeting_id,
                       const char *status,
                       GError    **error)
{
  g_autoptr(CtRecord) meeting = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if ((meeting = ct_session_get (session, "meetings", meeting_id, error)) == NULL)
    return FALSE;
  ct_record_set (meeting, "status", status);
  return ct_session_update (session, meeting, error);
}

typedef struct
{
  CtRecord   *meeting;
  const char *purpose;
} Reopening;

static gboolean
reopen_cb (CtSession *session,
           gpointer   data,
           GError   **error)
{
  Reopening *r = data;

  return _ct_session_reopen_meeting (session, r->meeting, error)
         && _ct_audit_append (session, CT_AUDIT_UPDATE, "meetings", ct_record_get_id (r->meeting),
                              0, r->purpose, FALSE, error);
}

/**
 * ct_meeting_can_reopen:
 *
 * Whether this session's member may reopen a closed meeting: the
 * voorzitter or a beheerder, as themselves (ct_meeting_reopen()).
 */
gboolean
ct_meeting_can_reopen (CtSession *session)
{
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  return _ct_session_is_approver (session);
}

/**
 * ct_meeting_reopen:
 * @reason: why, required; written to the access log
 *
 * Opens a closed meeting again ("bezig"), so that the chair can continue
 * it: the voorzitter or a beheerder only, as themselves. Items already
 * closed stay closed. The core boundary refuses every other way from
 * "gesloten" back.
 */
gboolean
ct_meeting_reopen (CtSession  *session,
                   gint64      meeting_id,
                   const char *reason,
                   GError    **error)
{
  g_autoptr(CtRecord) meeting = NULL;
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *purpose = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (!ct_meeting_can_reopen (session))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the voorzitter or a beheerder reopens a closed meeting."));
      return FALSE;
    }
  if (why[0] == '\0')
    {
      ct_set_field_error (error, "meetings", "reopen_reason", "%s: %s", _("Reason"),
                          _("write down why the meeting is reopened; the access log keeps it."));
      return FALSE;
    }
  if ((meeting = ct_session_get (session, "meetings", meeting_id, error)) == NULL)
    return FALSE;
  if (!status_is (meeting, "gesloten"))
    {
      ct_set_field_error (error, "meetings", "status", "%s: %s", _("Status"),
                          _("only a closed meeting can be reopened."));
      return FALSE;
    }

  ct_record_set (meeting, "status", "bezig");
  purpose = g_strconcat ("reopen meeting; ", why, NULL);
  return ct_session_run_in_transaction (session, reopen_cb, &(Reopening) { meeting, purpose },
                                        error);
}

typedef struct
{
  gint64   meeting_id;
  gboolean full_names;
} Report;

static gboolean
log_report_cb (CtSession *session,
               gpointer   data,
               GError   **error)
{
  Report *report = data;

  return _ct_audit_append (session, CT_AUDIT_EXPORT, "meetings", report->meeting_id,
                           report->full_names ? CT_CATEGORY_BIT (CT_CATEGORY_IDENTITY) : 0,
                           report->full_names ? "meeting report, full names"
                                              : "meeting report, initials",
                           FALSE, error);
}

/**
 * ct_meeting_log_report:
 * @full_names: the member chose to print full names
 *
 * Writes the access-log entry for a meeting report. Call it before the
 * report is written: a report whose entry cannot be logged is not made.
 */
gboolean
ct_meeting_log_report (CtSession *session,
                       gint64     meeting_id,
                       gboolean   full_names,
                       GError   **error)
{
  Report report = { meeting_id, full_names };

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  return ct_session_run_in_transaction (session, log_report_cb, &report, error);
}

static gboolean
read_iso_date (const char *iso,
               GDate      *date)
{
  int y, m, d;

  g_date_clear (date, 1);
  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * ct_meeting_next_date:
 * @meetings: (nullable) (element-type CtRecord): the team's meetings
 * @today: today
 *
 * The date a new meeting most likely has. A team meets on a fixed weekday,
 * so: the first day on the latest meeting's weekday after that meeting and
 * not before @today; @today when there is no meeting yet.
 *
 * Returns: (transfer full): the date as YYYY-MM-DD
 */
char *
ct_meeting_next_date (GPtrArray *meetings,
                      GDateTime *today)
{
  const char *latest = NULL;
  GDate day, last;

  g_return_val_if_fail (today != NULL, NULL);

  for (guint i = 0; meetings != NULL && i < meetings->len; i++)
    {
      const char *held_on = ct_record_get (g_ptr_array_index (meetings, i), "held_on");

      if (g_strcmp0 (held_on, latest) > 0)
        latest = held_on;
    }

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (today), g_date_time_get_month (today),
                  g_date_time_get_year (today));
  if (read_iso_date (latest, &last))
    {
      if (g_date_compare (&day, &last) <= 0)
        {
          day = last;
          g_date_add_days (&day, 1);
        }
      while (g_date_get_weekday (&day) != g_date_get_weekday (&last))
        g_date_add_days (&day, 1);
    }
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&day), g_date_get_month (&day),
                          g_date_get_day (&day));
}
