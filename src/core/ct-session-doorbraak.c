/* ct-session-doorbraak.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The session's side of a breakthrough (doorbraak, docs/meetings.md): the
 * rules every write of one must keep, checked inside the write
 * transaction by ct-session-data.c, and the two things ct-doorbraak.c asks
 * of the session that the general write path does not give: the one write
 * that sets "gedeeld" (ct_doorbraak_mark_shared()), and the marks of
 * words as not identifying, which are access-log entries. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-record-private.h"
#include "ct-session-data-private.h"
#include "ct-session-private.h"
#include "ct-session-rules-private.h"

/* A breakthrough's steps: the order of its "status" values in ct-schema.c. */
enum
{
  DOORBRAAK_NEW = -1,
  DOORBRAAK_PROPOSED,
  DOORBRAAK_APPROVED,
  DOORBRAAK_CARRIED_OUT,
  DOORBRAAK_SHARED,
};

static int
doorbraak_step (CtRecord   *record,
                const char *status)
{
  const CtField *field = _ct_record_field (record, "status");

  g_assert (g_str_equal (field->values[DOORBRAAK_SHARED], "gedeeld"));
  return status != NULL ? ct_field_enum_index (field, status) : DOORBRAAK_NEW;
}

/* Proposed → approved → carried out, one step at a time; approved by the
 * voorzitter or a beheerder, as themselves; shared from approved on, and
 * only through the share path (ct_doorbraak_mark_shared()), after the
 * check for names and numbers. An approval is taken back (approved →
 * proposed) only by the voorzitter or a beheerder, before it is carried
 * out; the access log holds both updates. */
static gboolean
check_doorbraak_step (CtSession *self,
                      CtRecord  *record,
                      int        from,
                      int        to,
                      GError   **error)
{
  const CtField *status = _ct_record_field (record, "status");

  if (to == from)
    return TRUE;
  if (to == DOORBRAAK_SHARED && !self->sharing)
    return _ct_field_restricted (error, status,
                                 _("a breakthrough becomes shared by sharing it, after the check "
                                   "for names and numbers."));
  if (to == DOORBRAAK_SHARED)
    return from >= DOORBRAAK_APPROVED
           || _ct_field_invalid (error, status, _("only an approved breakthrough can be shared."));
  if (from == DOORBRAAK_NEW && to != DOORBRAAK_PROPOSED)
    return _ct_field_invalid (error, status,
                              _("a new breakthrough is recorded as proposed; the voorzitter or a "
                                "beheerder approves it after that."));
  if (from == DOORBRAAK_APPROVED && to == DOORBRAAK_PROPOSED)
    return _ct_session_is_approver (self)
           || _ct_field_restricted (error, status,
                                    _("only the voorzitter or a beheerder takes back an "
                                      "approval."));
  if (to != from + 1)
    return _ct_field_invalid (error, status,
                              _("a breakthrough goes one step forward at a time (proposed, "
                                "approved, carried out), and is shared through Share."));
  if (to == DOORBRAAK_APPROVED && !_ct_session_is_approver (self))
    return _ct_field_restricted (error, status,
                                 _("only the voorzitter or a beheerder approves a breakthrough, "
                                   "and only as themselves."));
  return TRUE;
}

/* From approval on, a breakthrough has its legitimation, and it stays the
 * one that was approved unless an approver changes it. */
static gboolean
check_doorbraak_legitimation (CtSession *self,
                              CtRecord  *record,
                              CtRecord  *stored,
                              int        from,
                              int        to,
                              GError   **error)
{
  const CtField *field = _ct_record_field (record, "legitimation");
  const char *legitimation = _ct_record_value_after (record, stored, "legitimation");

  if (to >= DOORBRAAK_APPROVED && legitimation == NULL)
    return _ct_field_invalid (error, field, _("an approved breakthrough needs its legitimation."));
  if (from >= DOORBRAAK_APPROVED && !_ct_session_is_approver (self)
      && g_strcmp0 (legitimation, ct_record_get (stored, "legitimation")) != 0)
    return _ct_field_restricted (error, field,
                                 _("once a breakthrough is approved, only the voorzitter or a "
                                   "beheerder changes its legitimation."));
  return TRUE;
}

/* Compared with the row as stored, read in the same write transaction, so
 * that a stale record cannot carry an old status past the rules. */
gboolean
_ct_session_validate_doorbraak (CtSession *self,
                                CtRecord  *record,
                                GError   **error)
{
  g_autoptr(CtRecord) stored = NULL;
  int from = DOORBRAAK_NEW, to;

  if (record->id > 0)
    {
      if ((stored = _ct_session_load_stored (self, record, error)) == NULL)
        return FALSE;
      from = doorbraak_step (record, ct_record_get (stored, "status"));
    }
  to = doorbraak_step (record, _ct_record_value_after (record, stored, "status"));
  return check_doorbraak_step (self, record, from, to, error)
         && check_doorbraak_legitimation (self, record, stored, from, to, error);
}

/**
 * _ct_session_share_doorbraak:
 * @doorbraak: the breakthrough, its status set to "gedeeld"
 *
 * ct_session_update() of the one write the rules above otherwise refuse:
 * a breakthrough becoming shared. Only ct-doorbraak.c calls it, after the
 * check for names and numbers; every other rule is checked as usual
 * (approved before shared).
 */
gboolean
_ct_session_share_doorbraak (CtSession *self,
                             CtRecord  *doorbraak,
                             GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (ct_record_get (doorbraak, "status"), "gedeeld") == 0, FALSE);

  self->sharing = TRUE;
  ok = ct_session_update (self, doorbraak, error);
  self->sharing = FALSE;
  return ok;
}

/**
 * _ct_session_doorbraak_marks:
 * @prefix: how the purpose of a mark begins
 *
 * The purposes of the successful updates of breakthrough @doorbraak_id in
 * the access log that begin with @prefix, oldest first.
 *
 * Returns: (transfer full) (element-type utf8): the purposes, or %NULL
 *   with @error set
 */
GPtrArray *
_ct_session_doorbraak_marks (CtSession  *self,
                             gint64      doorbraak_id,
                             const char *prefix,
                             GError    **error)
{
  g_autoptr(GPtrArray) purposes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CtStmt) stmt = NULL;
  int rc;

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  stmt = ct_store_prepare (self->db,
                           "SELECT purpose FROM access_log WHERE object_table = 'doorbraken' "
                           "AND object_id = ?1 AND action = 'U' AND outcome = 'ok' "
                           "AND substr (purpose, 1, length (?2)) = ?2 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doorbraak_id);
  sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (purposes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&purposes);
}
