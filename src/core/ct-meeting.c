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
#include "ct-id-set-private.h"
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

/* What the awaiting cases are worked out from: every case, and what the
 * agenda items, advice and actions say of each, gathered in one pass over
 * each table, so that the work grows with the team and not with its
 * square. Only general fields are read: reading them writes no log
 * entries, and no category's part is decrypted for it. */
typedef struct
{
  GPtrArray  *cases;
  GHashTable *scheduled;  /* case ids on the agenda of an open meeting, not yet discussed */
  GHashTable *last_item;  /* case id → the id of its latest agenda item */
  GHashTable *refusals;   /* case id → the latest agenda item of an advice with a refused action */
} Overview;

static const char * const general_only[] = { NULL };

static void
overview_clear (Overview *o)
{
  g_clear_pointer (&o->cases, g_ptr_array_unref);
  g_clear_pointer (&o->scheduled, g_hash_table_unref);
  g_clear_pointer (&o->last_item, g_hash_table_unref);
  g_clear_pointer (&o->refusals, g_hash_table_unref);
}

static GHashTable *
id_map_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* Keeps the larger of @value and what @map holds for @key. */
static void
id_map_keep_max (GHashTable *map,
                 gint64      key,
                 gint64      value)
{
  gint64 *held = g_hash_table_lookup (map, &key);

  if (held == NULL)
    g_hash_table_insert (map, g_memdup2 (&key, sizeof key), g_memdup2 (&value, sizeof value));
  else if (value > *held)
    *held = value;
}

static gboolean
id_map_get (GHashTable *map,
            gint64      key,
            gint64     *value)
{
  gint64 *held = g_hash_table_lookup (map, &key);

  if (held != NULL)
    *value = *held;
  return held != NULL;
}

/* @case_fields: the non-general fields of the cases to read, or %NULL for
 * all of them (ct_session_list_fields()) */
static gboolean
overview_load (CtSession          *session,
               const char * const *case_fields,
               Overview           *o,
               GError            **error)
{
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) advice = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GHashTable) open = _ct_id_set_new ();     /* meetings not closed */
  g_autoptr(GHashTable) advice_item = id_map_new ();  /* advice id → its agenda item */
  g_autoptr(GHashTable) advice_case = id_map_new ();  /* advice id → its case */

  o->cases = case_fields != NULL
             ? ct_session_list_fields (session, "cases", NULL, 0, case_fields, error)
             : ct_session_list (session, "cases", NULL, 0, error);
  if (o->cases == NULL
      || (meetings = ct_session_list_fields (session, "meetings", NULL, 0, general_only, error)) == NULL
      || (items = ct_session_list_fields (session, "agenda_items", NULL, 0, general_only, error)) == NULL
      || (advice = ct_session_list_fields (session, "advice", NULL, 0, general_only, error)) == NULL
      || (actions = ct_session_list_fields (session, "actions", NULL, 0, general_only, error)) == NULL)
    return FALSE;

  o->scheduled = _ct_id_set_new ();
  o->last_item = id_map_new ();
  o->refusals = id_map_new ();
  for (guint i = 0; i < meetings->len; i++)
    if (!status_is (g_ptr_array_index (meetings, i), "gesloten"))
      _ct_id_set_add (open, ct_record_get_id (g_ptr_array_index (meetings, i)));
  for (guint i = 0; i < items->len; i++)
    {
      CtRecord *item = g_ptr_array_index (items, i);
      gint64 case_id = ct_record_get_int (item, "case_id");
      gint64 meeting_id = ct_record_get_int (item, "meeting_id");

      id_map_keep_max (o->last_item, case_id, ct_record_get_id (item));
      if (status_is (item, "wachtend") && g_hash_table_contains (open, &meeting_id))
        _ct_id_set_add (o->scheduled, case_id);
    }
  for (guint i = 0; i < advice->len; i++)
    {
      CtRecord *a = g_ptr_array_index (advice, i);
      gint64 id = ct_record_get_id (a);

      id_map_keep_max (advice_item, id, ct_record_get_int (a, "agenda_item_id"));
      id_map_keep_max (advice_case, id, ct_record_get_int (a, "case_id"));
    }
  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *action = g_ptr_array_index (actions, i);
      gint64 advice_id = ct_record_get_int (action, "advice_id");
      gint64 item_id, case_id;

      if (status_is (action, "geweigerd") && id_map_get (advice_item, advice_id, &item_id)
          && id_map_get (advice_case, advice_id, &case_id))
        id_map_keep_max (o->refusals, case_id, item_id);
    }
  return TRUE;
}

/* There is no refusal date in the schema; agenda item ids grow, so an
 * action refused from the advice of the case's latest agenda item was
 * refused after the case was last put on an agenda. */
static gboolean
has_new_refusal (Overview *o,
                 gint64    case_id)
{
  gint64 last = 0, refused;

  id_map_get (o->last_item, case_id, &last);
  return id_map_get (o->refusals, case_id, &refused) && refused >= last;
}

/* The cases of @o that wait for the team, as ct_meeting_cases_awaiting()
 * says, in case order. */
static GPtrArray *
overview_awaiting (CtSession *session,
                   Overview  *o,
                   GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_awaiting_case_free);
  g_autoptr(GHashTable) restricted = _ct_session_restricted_households (session, error);

  if (restricted == NULL)
    return NULL;
  for (guint i = 0; i < o->cases->len; i++)
    {
      CtRecord *c = g_ptr_array_index (o->cases, i);
      gint64 id = ct_record_get_id (c);
      gboolean waiting = status_is (c, "aangemeld") || status_is (c, "geagendeerd");
      gboolean refused = !waiting && !status_is (c, "afgesloten") && has_new_refusal (o, id);
      gint64 household = ct_record_get_int (c, "household_id");
      CtAwaitingCase *awaiting;

      if ((!waiting && !refused) || g_hash_table_contains (o->scheduled, &id)
          || g_hash_table_contains (restricted, &household))
        continue;
      awaiting = g_new0 (CtAwaitingCase, 1);
      awaiting->case_record = ct_record_ref (c);
      awaiting->refused = refused;
      g_ptr_array_add (out, awaiting);
    }
  return g_steal_pointer (&out);
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
  Overview o = { 0 };
  GPtrArray *out = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if (overview_load (session, NULL, &o, error))
    out = overview_awaiting (session, &o, error);
  overview_clear (&o);
  return out;
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

void
ct_meeting_agenda_free (CtMeetingAgenda *agenda)
{
  if (agenda == NULL)
    return;
  g_clear_pointer (&agenda->meeting, ct_record_unref);
  g_clear_pointer (&agenda->items, g_ptr_array_unref);
  g_clear_pointer (&agenda->cases, g_ptr_array_unref);
  g_clear_pointer (&agenda->awaiting, g_ptr_array_unref);
  g_free (agenda);
}

/**
 * ct_meeting_agenda_load:
 *
 * What the page of one meeting's agenda shows, in one read: the meeting,
 * its items in order (ct_meeting_list_agenda()), the cases on it and the
 * cases awaiting the team (ct_meeting_cases_awaiting()). The cases come
 * with their general fields only: no category's part is decrypted, so
 * the read writes no log entry. It works in a reader of the session
 * (ct_session_read_async()).
 *
 * Returns: (transfer full): the agenda, or %NULL with @error set
 */
CtMeetingAgenda *
ct_meeting_agenda_load (CtSession *session,
                        gint64     meeting_id,
                        GError   **error)
{
  g_autoptr(CtMeetingAgenda) agenda = g_new0 (CtMeetingAgenda, 1);
  g_autoptr(GHashTable) on_agenda = _ct_id_set_new ();
  Overview o = { 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((agenda->meeting = ct_session_get (session, "meetings", meeting_id, error)) == NULL
      || (agenda->items = ct_meeting_list_agenda (session, meeting_id, error)) == NULL
      || !overview_load (session, general_only, &o, error)
      || (agenda->awaiting = overview_awaiting (session, &o, error)) == NULL)
    {
      overview_clear (&o);
      return NULL;
    }
  for (guint i = 0; i < agenda->items->len; i++)
    _ct_id_set_add (on_agenda, ct_record_get_int (g_ptr_array_index (agenda->items, i), "case_id"));
  agenda->cases = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_record_unref);
  for (guint i = 0; i < o.cases->len; i++)
    {
      CtRecord *c = g_ptr_array_index (o.cases, i);
      gint64 id = ct_record_get_id (c);

      if (g_hash_table_contains (on_agenda, &id))
        g_ptr_array_add (agenda->cases, ct_record_ref (c));
    }
  overview_clear (&o);
  return g_steal_pointer (&agenda);
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

/* A closed meeting's agenda is what was discussed, in that order; it
 * changes again only once the meeting is reopened (ct_meeting_reopen()). */
static gboolean
check_meeting_open (CtSession *session,
                    gint64     meeting_id,
                    GError   **error)
{
  g_autoptr(CtRecord) meeting = ct_session_get (session, "meetings", meeting_id, error);

  if (meeting == NULL)
    return FALSE;
  if (status_is (meeting, "gesloten"))
    {
      ct_set_field_error (error, "meetings", "status", "%s: %s", _("Status"),
                          _("the agenda of a closed meeting keeps its order."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_order_cb (CtSession *session,
              gpointer   data,
              GError   **error)
{
  Order *order = data;
  gint64 checked = 0;

  for (guint i = 0; i < order->n; i++)
    {
      g_autoptr(CtRecord) item = ct_session_get (session, "agenda_items", order->ids[i], error);
      gint64 meeting_id;

      if (item == NULL)
        return FALSE;
      meeting_id = ct_record_get_int (item, "meeting_id");
      if (meeting_id != checked)
        {
          if (!check_meeting_open (session, meeting_id, error))
            return FALSE;
          checked = meeting_id;
        }
      if (ct_record_get_int (item, "position") == (gint64) i + 1)
        continue;
      ct_record_set_int (item, "position", i + 1);
      if (!ct_session_update (session, item, error))
        return FALSE;
    }
  return TRUE;
}

/* Numbers the items 1, 2, 3 … in the order given; refused, with nothing
 * changed, when an item is on a closed meeting's agenda. */
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
