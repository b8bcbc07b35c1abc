/* ct-session-involvement.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Need-to-know per household (docs/security.md). When the team has it
 * on, a member sees a household they are not involved in only as its case
 * number, area, status and the other general fields of its household and
 * cases: its persons, organisations, consents, ZRM scores, goals, actions
 * and advice are not handed out, and no value of another category is. The
 * rule holds here, at the session boundary, for every read path (get,
 * list, scan) and write. It is enforced by the software: every member
 * holds K_db, and the rows that make someone involved (a case's
 * regisseur, an action's responsible, a meeting's attendees) are rows a
 * K_db holder can edit. Involvement added by hand, signed, and the list of
 * who is involved and why are in ct-session-involvement-explicit.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-chain.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-id-set-private.h"
#include "ct-record-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-write-private.h"
#include "ct-validate-private.h"

/* What an uninvolved member gets of a table's rows. */
CtLimit
_ct_table_limit (const CtTable *table)
{
  static const char * const hidden[] = {
    "persons", "organisations", "consents", "zrm", "goals", "actions", "advice", NULL,
  };
  static const char * const general[] = {
    "households", "cases", "expenses", "doorbraken", NULL,
  };

  if (g_strv_contains (hidden, table->name))
    return CT_LIMIT_HIDE;
  if (g_strv_contains (general, table->name))
    return CT_LIMIT_GENERAL;
  return CT_LIMIT_NONE;
}

/**
 * _ct_session_forget_involvement:
 * @table: (nullable): the table written, or %NULL for a write that may
 *   touch any (a sync, a merge, a member's change)
 *
 * Drops the cached involved set when @table is one whose rows make a
 * member involved (docs/security.md: a case's regisseur, an action's
 * responsible, a meeting's chair, attendees and agenda). Writing any other
 * table keeps it: a batch of a thousand expense co-signatures then works
 * the set out once, not once per row, which at 50 000 households is the
 * difference between seconds and most of an hour.
 */
void
_ct_session_forget_involvement (CtSession     *self,
                                const CtTable *table)
{
  static const char * const moving[] = {
    "cases", "actions", "meetings", "attendees", "agenda_items", NULL,
  };

  if (table == NULL || g_strv_contains (moving, table->name))
    g_clear_pointer (&self->involved, g_hash_table_unref);
}

static gboolean
limits_apply (CtSession *self)
{
  /* The recovery key holds every key and answers to no involvement. */
  return self->member != NULL
         && (self->reader_limited || (self->chain != NULL && self->chain->need_to_know));
}

/* The first day whose meetings still involve their attendees. */
char *
_ct_session_meetings_since (CtSession *self)
{
  GDate date;

  ct_clock_get_today (&date);
  g_date_subtract_days (&date, self->chain->meeting_days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* The households this member is involved in, or %NULL with @error set.
 * A session has the file to itself (it is locked while open), so the set
 * stays right until this session writes (_ct_session_begin_write() drops
 * it), looks anyway, or the day turns. */
static GHashTable *
involved_set (CtSession *self,
              GError   **error)
{
  g_autofree char *since = NULL;
  g_autoptr(GArray) ids = NULL;
  GHashTable *set;
  GHashTableIter iter;
  gpointer key;

  /* A reader keeps the set its owner gave it: it has no chain to work
   * one out, and reads one snapshot for one task. */
  if (self->reader_limited)
    return self->involved != NULL ? g_hash_table_ref (self->involved) : _ct_id_set_new ();
  since = _ct_session_meetings_since (self);
  if (self->involved != NULL && g_strcmp0 (self->involved_since, since) == 0)
    return g_hash_table_ref (self->involved);

  ids = ct_store_involved_households (self->db, self->member->id, since,
                                      self->member->role == CT_ROLE_VOORZITTER, error);
  if (ids == NULL)
    return NULL;
  set = _ct_id_set_new ();
  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (set, &g_array_index (ids, gint64, i)))
      _ct_id_set_add (set, g_array_index (ids, gint64, i));
  if (!_ct_session_add_explicit (self, set, error))
    {
      g_hash_table_unref (set);
      return NULL;
    }
  for (guint i = 0; i < 2; i++)
    {
      GHashTable *extra = i == 0 ? self->glass : self->created;

      if (extra == NULL)
        continue;
      g_hash_table_iter_init (&iter, extra);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        _ct_id_set_add (set, *(gint64 *) key);
    }
  g_clear_pointer (&self->involved, g_hash_table_unref);
  self->involved = g_hash_table_ref (set);
  g_free (self->involved_since);
  self->involved_since = g_steal_pointer (&since);
  return set;
}

/**
 * _ct_session_share_involvement:
 * @reader: a reader of @self (_ct_session_new_reader())
 *
 * Gives @reader the households @self is involved in now, so that a worker
 * reading for @self sees what @self would, no more. Call it in @self's
 * thread.
 */
gboolean
_ct_session_share_involvement (CtSession  *self,
                               CtSession  *reader,
                               GError    **error)
{
  GHashTable *set;

  if (!limits_apply (self))
    return TRUE;
  if ((set = involved_set (self, error)) == NULL)
    return FALSE;
  g_clear_pointer (&reader->involved, g_hash_table_unref);
  reader->involved = set;
  reader->reader_limited = TRUE;
  return TRUE;
}

/**
 * _ct_session_prepare_involvement:
 *
 * Works out the households this member is involved in, at unlock, in the
 * thread that unlocks: the first list read (the case list's reader,
 * _ct_session_share_involvement()) then finds the set made instead of
 * reading it in the window's thread, where at 10 000 households it held
 * up the first frames after Enter.
 */
gboolean
_ct_session_prepare_involvement (CtSession  *self,
                                 GError    **error)
{
  g_autoptr(GHashTable) set = NULL;

  if (!limits_apply (self))
    return TRUE;
  set = involved_set (self, error);
  return set != NULL;
}

/**
 * _ct_session_involved_for:
 * @involved: (out) (transfer full) (nullable): the households this member
 *   is involved in; %NULL when involvement limits no row of @table
 *
 * For a scan that checks each row's household as it reads it, instead of
 * asking _ct_session_limited_rows() for the rows outside first: a row is
 * limited when its household is not in @involved (a row without one
 * counts as household 0, as there).
 *
 * Returns: %FALSE with @error set when the set cannot be worked out
 */
gboolean
_ct_session_involved_for (CtSession     *self,
                          const CtTable *table,
                          GHashTable   **involved,
                          GError       **error)
{
  *involved = NULL;
  if (!limits_apply (self) || _ct_table_limit (table) == CT_LIMIT_NONE)
    return TRUE;
  return (*involved = involved_set (self, error)) != NULL;
}

/**
 * _ct_session_limited_rows:
 * @where_field: (nullable): as for ct_store_row_households()
 * @limited: (out) (transfer full) (nullable): the ids of the rows of
 *   @table, among those selected, that belong to a household this member
 *   is not involved in; %NULL when there are none
 *
 * Returns: %FALSE with @error set when the rows cannot be read
 */
gboolean
_ct_session_limited_rows (CtSession     *self,
                          const CtTable *table,
                          const char    *where_field,
                          gint64         value,
                          GHashTable   **limited,
                          GError       **error)
{
  g_autoptr(GHashTable) involved = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GHashTable) out = NULL;

  *limited = NULL;
  if (!limits_apply (self) || _ct_table_limit (table) == CT_LIMIT_NONE)
    return TRUE;
  if ((rows = ct_store_row_households (self->db, table, where_field, value, error)) == NULL)
    return FALSE;
  /* Writing a household one made in this session (a referral, the demo)
   * needs no new involved set after every row. */
  if (rows->len == 1 && self->created != NULL && !self->reader_limited
      && g_hash_table_contains (self->created, &g_array_index (rows, CtRowHousehold, 0).household))
    return TRUE;
  if ((involved = involved_set (self, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const CtRowHousehold *row = &g_array_index (rows, CtRowHousehold, i);

      if (g_hash_table_contains (involved, &row->household))
        continue;
      if (out == NULL)
        out = _ct_id_set_new ();
      _ct_id_set_add (out, row->id);
    }
  *limited = g_steal_pointer (&out);
  return TRUE;
}

/**
 * _ct_session_note_created_household:
 *
 * The member who makes a household (a referral, an import) fills it in:
 * they are involved in it for the rest of the session, as after "Look
 * anyway", even when its case names another regisseur. In memory only,
 * like the households opened with "Look anyway"; a rolled-back
 * transaction forgets them all (_ct_session_with_transaction()).
 */
void
_ct_session_note_created_household (CtSession *self,
                                    gint64     household_id)
{
  if (self->member == NULL)
    return;
  if (self->created == NULL)
    self->created = _ct_id_set_new ();
  _ct_id_set_add (self->created, household_id);
  g_clear_pointer (&self->involved, g_hash_table_unref);
}

static gboolean
outside (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("This household is outside your involvement: open it with "
                         "“Look anyway” first."));
  return FALSE;
}

/* The household a new row would belong to, or 0; the restriction's
 * write check (ct-session-restrict.c) asks the same. */
gint64
_ct_session_household_of_new (CtSession *self,
                              CtRecord  *record)
{
  const char *value;
  g_autoptr(GArray) rows = NULL;

  /* The field first: asking a record for a field its table lacks is a
   * programming error. */
  if (ct_table_get_field (record->table, "household_id") != NULL
      && (value = ct_record_get (record, "household_id")) != NULL)
    return g_ascii_strtoll (value, NULL, 10);
  if (ct_table_get_field (record->table, "case_id") == NULL
      || (value = ct_record_get (record, "case_id")) == NULL)
    return 0;
  rows = ct_store_row_households (self->db, ct_schema_get_table ("cases"), NULL,
                                  g_ascii_strtoll (value, NULL, 10), NULL);
  return rows != NULL && rows->len == 1 ? g_array_index (rows, CtRowHousehold, 0).household : 0;
}

/**
 * _ct_session_check_involved_write:
 * @record: a record to insert (id 0) or update
 *
 * A member outside a household's involvement may change only general
 * fields of the rows they see (a case's status, an expense's bookkeeping)
 * and may add nothing to it.
 */
gboolean
_ct_session_check_involved_write (CtSession *self,
                                  CtRecord  *record,
                                  GError   **error)
{
  const CtTable *table = record->table;
  g_autoptr(GHashTable) involved = NULL;
  g_autoptr(GHashTable) limited = NULL;
  gint64 household;

  if (!limits_apply (self) || _ct_table_limit (table) == CT_LIMIT_NONE)
    return TRUE;

  if (record->id == 0)
    {
      if (g_str_equal (table->name, "households")
          || (household = _ct_session_household_of_new (self, record)) == 0)
        return TRUE;
      if (self->created != NULL && g_hash_table_contains (self->created, &household))
        return TRUE;
      if ((involved = involved_set (self, error)) == NULL)
        return FALSE;
      return g_hash_table_contains (involved, &household) || outside (error);
    }

  if (!_ct_session_limited_rows (self, table, NULL, record->id, &limited, error))
    return FALSE;
  if (limited == NULL)
    return TRUE;
  if (_ct_table_limit (table) == CT_LIMIT_HIDE)
    return outside (error);
  for (guint i = 0; i < table->n_fields; i++)
    if (record->changed[i]
        && (table->fields[i].by_row || table->fields[i].category != CT_CATEGORY_GENERAL))
      return outside (error);
  return TRUE;
}

/**
 * _ct_session_check_involved_delete:
 *
 * Deleting a row of a household outside one's involvement is refused.
 */
gboolean
_ct_session_check_involved_delete (CtSession     *self,
                                   const CtTable *table,
                                   gint64         id,
                                   GError       **error)
{
  g_autoptr(GHashTable) limited = NULL;

  if (!_ct_session_limited_rows (self, table, NULL, id, &limited, error))
    return FALSE;
  return limited == NULL || outside (error);
}

/**
 * ct_session_get_need_to_know:
 *
 * Returns: whether the team limits what a member sees to the households
 *   they are involved in (docs/security.md)
 */
gboolean
ct_session_get_need_to_know (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->chain != NULL && self->chain->need_to_know;
}

/**
 * ct_session_get_meeting_days:
 *
 * Returns: the days after a meeting that its attendees stay involved in
 *   the households on its agenda
 */
guint
ct_session_get_meeting_days (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), CT_CHAIN_MEETING_DAYS);

  return self->chain != NULL ? self->chain->meeting_days : CT_CHAIN_MEETING_DAYS;
}

typedef struct
{
  gboolean on;
  guint    days;
} Switch;

static gboolean
append_switch (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Switch *sw = data;

  return ct_chain_append_need_to_know (self->chain, self->db, sw->on, sw->days,
                                       _ct_session_signer_uid (self), self->identity, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "team", 1, 0,
                              sw->on ? "switch need-to-know on" : "switch need-to-know off",
                              FALSE, error);
}

/**
 * ct_session_set_need_to_know:
 * @on: whether involvement limits what members see
 * @meeting_days: days after a meeting that its attendees stay involved,
 *   0 to 365
 *
 * Beheerder only: a statement of the team chain, signed by this member,
 * and logged.
 */
gboolean
ct_session_set_need_to_know (CtSession *self,
                             gboolean   on,
                             guint      meeting_days,
                             GError   **error)
{
  Switch sw = { on, meeting_days };

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (meeting_days > 365)
    {
      ct_set_field_error (error, "team", "meeting_days",
                          _("%s: enter a number of days from 0 to 365."), _("Days after a meeting"));
      return FALSE;
    }
  return _ct_session_begin_write (self, error) && _ct_session_require_admin (self, error)
         && _ct_session_with_transaction (self, append_switch, &sw, error);
}

/**
 * ct_session_is_involved:
 *
 * Returns: whether this member sees @household_id whole: need-to-know is
 *   off, they are involved in it, or they opened it with
 *   ct_session_break_glass() in this session
 */
gboolean
ct_session_is_involved (CtSession *self,
                        gint64     household_id,
                        GError   **error)
{
  g_autoptr(GHashTable) limited = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!_ct_session_require_unlocked (self, error)
      || !_ct_session_limited_rows (self, ct_schema_get_table ("households"), NULL,
                                    household_id, &limited, error))
    return FALSE;
  return limited == NULL;
}

static const char * const glass_reasons[] = {
  [CT_GLASS_URGENT] = "spoed",
  [CT_GLASS_SAFETY] = "veiligheid",
  [CT_GLASS_MEETING] = "voorbereiding overleg",
  [CT_GLASS_OTHER] = "anders",
};

/**
 * ct_glass_reason_to_string:
 *
 * Returns: the name a reason has in the log and on the command line
 */
const char *
ct_glass_reason_to_string (CtGlassReason reason)
{
  g_return_val_if_fail (reason < G_N_ELEMENTS (glass_reasons), NULL);

  return glass_reasons[reason];
}

/**
 * ct_glass_reason_from_string:
 *
 * Returns: the reason @name names, or -1
 */
int
ct_glass_reason_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (glass_reasons); i++)
    if (g_str_equal (name, glass_reasons[i]))
      return (int) i;
  return -1;
}

/**
 * ct_glass_reason_get_display_name:
 *
 * Returns: the reason as the case page and the dialog show it
 */
const char *
ct_glass_reason_get_display_name (CtGlassReason reason)
{
  switch (reason)
    {
    case CT_GLASS_URGENT:
      return _("Emergency");
    case CT_GLASS_SAFETY:
      return _("Safety");
    case CT_GLASS_MEETING:
      return _("Preparing a meeting");
    case CT_GLASS_OTHER:
    default:
      return _("Other");
    }
}

#define GLASS_PURPOSE "break the glass"

typedef struct
{
  gint64         household;
  CtGlassReason  reason;
  char          *because;   /* stripped, or NULL for none */
  gboolean       was_open;  /* for the queued write's undo */
} Glass;

static void
glass_free (Glass *g)
{
  g_free (g->because);
  g_free (g);
}

/* The checks that need no database: the member's words, stripped, are
 * required for CT_GLASS_OTHER and kept within bounds. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Glass, glass_free)

static Glass *
glass_new (gint64         household_id,
           CtGlassReason  reason,
           const char    *because,
           GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (because != NULL ? because : ""));
  Glass *g;

  if (reason == CT_GLASS_OTHER && *text == '\0')
    {
      ct_set_field_error (error, "glass_breaks", "reason",
                          _("%s: say why you open this household."), _("Reason"));
      return NULL;
    }
  if (*text != '\0'
      && !_ct_validate_text ("glass_breaks", "reason", _("Reason"), text, 500, error))
    return NULL;
  g = g_new0 (Glass, 1);
  g->household = household_id;
  g->reason = reason;
  g->because = *text != '\0' ? g_steal_pointer (&text) : NULL;
  return g;
}

static gboolean
require_household (CtSession *self,
                   gint64     household_id,
                   GError   **error)
{
  if (self->member == NULL || !ct_store_row_exists (self->db, "households", household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such record."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
log_glass (CtSession *self,
           gpointer   data,
           GError   **error)
{
  Glass *g = data;
  g_autofree char *purpose = g_strconcat (GLASS_PURPOSE "; ", glass_reasons[g->reason], NULL);

  return _ct_audit_append (self, CT_AUDIT_READ, "households", g->household, 0, purpose, FALSE,
                           error)
         && (g->because == NULL
             || ct_store_add_break_glass (self->db, sqlite3_last_insert_rowid (self->db),
                                          g->household, g->because, error));
}

/* Opens the household for the rest of the session: only once its entry
 * is in the log. */
static void
open_glass (CtSession *self,
            gint64     household_id)
{
  if (self->glass == NULL)
    self->glass = _ct_id_set_new ();
  _ct_id_set_add (self->glass, household_id);
  g_clear_pointer (&self->involved, g_hash_table_unref);
}

/**
 * ct_session_break_glass:
 * @reason: why, from the short list
 * @because: (nullable): in the member's words; required for
 *   %CT_GLASS_OTHER
 *
 * "Look anyway": opens a household outside this member's involvement for
 * the rest of the session. Logged first, naming the household and the
 * reason; a break-the-glass that cannot be logged opens nothing. The
 * regisseur and the beheerder see it (ct_session_list_glass_breaks()).
 */
gboolean
ct_session_break_glass (CtSession     *self,
                        gint64         household_id,
                        CtGlassReason  reason,
                        const char    *because,
                        GError       **error)
{
  g_autoptr(Glass) g = NULL;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (reason < G_N_ELEMENTS (glass_reasons), FALSE);

  if ((g = glass_new (household_id, reason, because, error)) == NULL
      || !_ct_session_begin_write (self, error)
      || !require_household (self, household_id, error)
      || !_ct_session_with_transaction (self, log_glass, g, error))
    return FALSE;
  open_glass (self, household_id);
  return TRUE;
}

/* In the session's write queue: the checks, the entry, and the household
 * opened, put back by unwrite_glass() when the transaction does not
 * commit. */
static gboolean
write_glass (CtSession *self,
             gpointer   data,
             GError   **error)
{
  Glass *g = data;

  if (!require_household (self, g->household, error) || !log_glass (self, g, error))
    return FALSE;
  g->was_open = self->glass != NULL && g_hash_table_contains (self->glass, &g->household);
  open_glass (self, g->household);
  return TRUE;
}

static void
unwrite_glass (CtSession *self,
               gpointer   data)
{
  Glass *g = data;

  if (!g->was_open && self->glass != NULL)
    g_hash_table_remove (self->glass, &g->household);
  g_clear_pointer (&self->involved, g_hash_table_unref);
}

/**
 * ct_session_break_glass_async:
 * @cancellable: (nullable): cancelled before the write runs, nothing is
 *   logged nor opened (%G_IO_ERROR_CANCELLED)
 *
 * ct_session_break_glass() through the session's write queue
 * (ct_session_write_async()): the reason is checked at once, the entry
 * written and the household opened once none of the session's readers
 * is inside a read transaction, while the main loop goes on. The
 * household opens only with its entry committed; a session locked
 * meanwhile logs nothing (%CT_ERROR_LOCKED). Call it in @self's thread.
 */
void
ct_session_break_glass_async (CtSession           *self,
                              gint64               household_id,
                              CtGlassReason        reason,
                              const char          *because,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Glass *g;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (reason < G_N_ELEMENTS (glass_reasons));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_break_glass_async);
  /* Once it ran, its outcome is what it wrote, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  if ((g = glass_new (household_id, reason, because, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _ct_session_write_undoable_async (self, write_glass, unwrite_glass, g,
                                    (GDestroyNotify) glass_free, cancellable,
                                    _ct_session_write_task_cb, g_steal_pointer (&task));
}

/**
 * ct_session_break_glass_finish:
 *
 * Returns: whether the household is open, its entry in the log; %FALSE
 *   with @error set as ct_session_break_glass() sets it, nothing logged
 *   nor opened
 */
gboolean
ct_session_break_glass_finish (CtSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_break_glass_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ct_glass_break_free (CtGlassBreak *glass)
{
  if (glass == NULL)
    return;
  g_free (glass->at);
  g_free (glass->login);
  g_free (glass->because);
  g_free (glass);
}

/**
 * ct_session_list_glass_breaks:
 *
 * The times someone opened @household_id with "Look anyway", oldest
 * first, from the access log. For its regisseur and a beheerder
 * (ct_session_may_read_household_log()); others get %CT_ERROR_RESTRICTED.
 *
 * Returns: (transfer full) (element-type CtGlassBreak):
 */
GPtrArray *
ct_session_list_glass_breaks (CtSession *self,
                              gint64     household_id,
                              GError   **error)
{
  g_autoptr(GPtrArray) entries = ct_session_read_household_log (self, household_id, error);
  g_autoptr(GPtrArray) out = NULL;

  if (entries == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_glass_break_free);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);
      const char *purpose = e->purpose != NULL ? e->purpose : "";
      CtGlassBreak *glass;
      int reason;

      if (!g_str_has_prefix (purpose, GLASS_PURPOSE "; ") || e->household_id != household_id
          || (reason = ct_glass_reason_from_string (purpose + strlen (GLASS_PURPOSE "; "))) < 0)
        continue;
      glass = g_new0 (CtGlassBreak, 1);
      glass->at = g_strdup (e->at);
      glass->login = g_strdup (e->login);
      glass->reason = (CtGlassReason) reason;
      glass->because = ct_store_get_break_glass (self->db, e->id);
      g_ptr_array_add (out, glass);
    }
  return g_steal_pointer (&out);
}
