/* ct-session-rules.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rules a write must keep that span fields or compare with the row as
 * stored: a closed case's outcome and term, a withdrawn consent, budget
 * periods and co-signatures, a closed meeting. They run inside the write
 * transaction of ct_session_insert() and ct_session_update()
 * (ct-session-data.c), where the session already knows the values are
 * well-formed; restricted fields are not known and not checked. A
 * breakthrough's rules are in ct-session-doorbraak.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-record-private.h"
#include "ct-session-data-private.h"
#include "ct-session-private.h"
#include "ct-session-rules-private.h"

/* The voorzitter or a beheerder, as a member: a recovery session is nobody
 * who can answer for an approval or a co-signature. */
gboolean
_ct_session_is_approver (CtSession *self)
{
  return self->member != NULL
         && (self->member->is_admin || self->member->role == CT_ROLE_VOORZITTER);
}

/* A closed meeting is opened again only through ct_meeting_reopen(): by
 * the voorzitter or a beheerder, with a reason in the access log. */
static gboolean
validate_meeting (CtSession *self,
                  CtRecord  *record,
                  GError   **error)
{
  g_autoptr(CtRecord) stored = NULL;

  if (record->id <= 0)
    return TRUE;
  if ((stored = _ct_session_load_stored (self, record, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (ct_record_get (stored, "status"), "gesloten") != 0
      || g_strcmp0 (_ct_record_value_after (record, stored, "status"), "gesloten") == 0)
    return TRUE;
  return self->reopening
         || _ct_field_restricted (error, _ct_record_field (record, "status"),
                                  _("a closed meeting is opened again with Reopen "
                                    "Meeting, by the voorzitter or a beheerder, with a "
                                    "reason."));
}

/* A case's retention term is chosen at closing; once a closed case has
 * one, only a beheerder changes it (docs/retention.md). */
static gboolean
check_retention_change (CtSession *self,
                        CtRecord  *record,
                        GError   **error)
{
  g_autoptr(CtRecord) stored = NULL;

  if (record->id == 0 || self->recovery || self->member->is_admin
      || !record->changed[ct_table_get_field_index (record->table, "retention")])
    return TRUE;

  stored = _ct_session_load_stored (self, record, error);
  if (stored == NULL)
    return FALSE;
  if (g_strcmp0 (ct_record_get (stored, "status"), "afgesloten") != 0
      || ct_record_get (stored, "retention") == NULL)
    return TRUE;
  return _ct_field_restricted (error, _ct_record_field (record, "retention"),
                               _("once a closed case has its term, only a beheerder "
                                 "changes it."));
}

/* Whether the member may give a case whose stored director is
 * @regisseur (0: none) to someone else: a beheerder by the chain, the
 * recovery key, or that director. With sync on, not the recovery key: the
 * change travels in the next change file of this laptop, signed by the
 * member who syncs it, and every other replica refuses it, and that
 * laptop's later files, unless that member could have made it
 * (docs/security.md, "Handing a case over"). */
static gboolean
may_hand_over (CtSession *self,
               gint64     regisseur)
{
  if (self->recovery)
    return _ct_session_may_change_data (self);
  return self->member->is_admin || (regisseur > 0 && regisseur == self->member->id);
}

/**
 * ct_session_may_hand_over:
 * @kase: (nullable): a case as read from the session, or %NULL for a new
 *   one
 *
 * Returns: whether this member may change who directs @kase: a beheerder,
 *   or its regisseur as stored, or the recovery key on a team without
 *   sync; for a new case, whoever may add it
 */
gboolean
ct_session_may_hand_over (CtSession *self,
                          CtRecord  *kase)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return kase == NULL || ct_record_get_id (kase) == 0
         || may_hand_over (self, ct_record_get_int (kase, "regisseur"));
}

/**
 * _ct_session_may_direct:
 * @chain: the verified team chain, or its state at a change file's point
 *
 * Returns: whether the member @member_id may direct a case by @chain: a
 *   present member with the regisseur role. The members table, which
 *   every member can edit, does not decide it.
 */
gboolean
_ct_session_may_direct (const CtChain *chain,
                        gint64         member_id)
{
  const CtChainMember *to = ct_chain_find_id (chain, member_id);

  return to != NULL && !to->removed && to->role == CT_ROLE_REGISSEUR;
}

/* Who directs a case decides who reads its household's log and adds
 * members to it (docs/security.md, "Need-to-know per household"), so a
 * case is handed over only by a beheerder or its director as stored, and
 * only to a present member who holds the regisseur role by the verified
 * team chain; the members table, which every member can edit, decides
 * neither. A new case names such a member too. Taking a case's director
 * away is its director's or a beheerder's. A change from another laptop
 * keeps the same rule, with its author (ct-session-sync-director.c). */
static gboolean
check_handover (CtSession *self,
                CtRecord  *record,
                GError   **error)
{
  const CtField *field = _ct_record_field (record, "regisseur");
  gint64 target = ct_record_get_int (record, "regisseur");

  if (!record->changed[ct_table_get_field_index (record->table, "regisseur")])
    return TRUE;
  if (record->id > 0)
    {
      g_autoptr(CtRecord) stored = _ct_session_load_stored (self, record, error);
      gint64 before;

      if (stored == NULL)
        return FALSE;
      before = ct_record_get_int (stored, "regisseur");
      if (before == target)
        return TRUE;
      if (!may_hand_over (self, before))
        return _ct_field_restricted (error, field,
                                     _("only the case’s director or a beheerder may hand the "
                                       "case over."));
    }
  if (target <= 0 || _ct_session_may_direct (self->chain, target))
    return TRUE;
  return _ct_field_restricted (error, field,
                               _("a case is directed by a team member with the regisseur "
                                 "role."));
}

/* A withdrawn consent stays withdrawn: giving it again is a new row
 * (ct_session_reinstate_consent()), so its history stays. The withdrawal
 * date is a general field, read here without a key. */
static gboolean
check_withdrawal_kept (CtSession *self,
                       CtRecord  *record,
                       GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT withdrawn_on FROM consents "
                                                       "WHERE id = ?1", error);
  const char *stored;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record->id);
  if (sqlite3_step (stmt) != SQLITE_ROW
      || (stored = (const char *) sqlite3_column_text (stmt, 0)) == NULL
      || g_strcmp0 (stored, ct_record_get (record, "withdrawn_on")) == 0)
    return TRUE;
  return _ct_field_invalid (error, _ct_record_field (record, "withdrawn_on"),
                            _("a withdrawn consent stays withdrawn: reinstate it, which "
                              "records it as given again."));
}

/* Rules that span fields, checked inside the write transaction. Restricted
 * fields are not known and not checked. */
gboolean
_ct_session_validate_rules (CtSession *self,
                            CtRecord  *record,
                            GError   **error)
{
  const char *table = record->table->name;
  const char *status = ct_table_get_field (record->table, "status") != NULL
                         ? ct_record_get (record, "status") : NULL;

  if (g_str_equal (table, "cases") && g_strcmp0 (status, "afgesloten") == 0)
    {
      if (ct_record_get (record, "outcome") == NULL)
        return _ct_field_invalid (error, _ct_record_field (record, "outcome"),
                                  _("a closed case needs its outcome."));
      if (ct_record_get (record, "closed_on") == NULL)
        return _ct_field_invalid (error, _ct_record_field (record, "closed_on"),
                                  _("a closed case needs its closing date."));
    }
  if (g_str_equal (table, "cases") && ct_record_get (record, "closed_on") != NULL
      && g_strcmp0 (ct_record_get (record, "closed_on"), ct_record_get (record, "referral_date")) < 0)
    return _ct_field_invalid (error, _ct_record_field (record, "closed_on"),
                              _("the closing date cannot be before the referral date."));

  if (g_str_equal (table, "cases") && !check_retention_change (self, record, error))
    return FALSE;
  if (g_str_equal (table, "cases") && !check_handover (self, record, error))
    return FALSE;

  if (g_str_equal (table, "cases") && record->changed[ct_table_get_field_index (record->table,
                                                                               "number")]
      && ct_store_case_number_taken (self->db, ct_record_get (record, "number"), record->id))
    return _ct_field_invalid (error, _ct_record_field (record, "number"),
                              _("this case number is already in use."));

  if (g_str_equal (table, "actions") && g_strcmp0 (status, "geweigerd") == 0
      && ct_record_get (record, "refusal_reason") == NULL)
    return _ct_field_invalid (error, _ct_record_field (record, "refusal_reason"),
                              _("a refused action needs the partner's reason."));

  if (g_str_equal (table, "budget_periods")
      && g_strcmp0 (ct_record_get (record, "ends_on"), ct_record_get (record, "starts_on")) < 0)
    return _ct_field_invalid (error, _ct_record_field (record, "ends_on"),
                              _("the end date cannot be before the start date."));

  if (g_str_equal (table, "consents") && record->id > 0
      && record->changed[ct_table_get_field_index (record->table, "withdrawn_on")]
      && !check_withdrawal_kept (self, record, error))
    return FALSE;
  if (g_str_equal (table, "consents") && ct_record_get (record, "withdrawn_on") != NULL
      && g_strcmp0 (ct_record_get (record, "withdrawn_on"), ct_record_get (record, "given_on")) < 0)
    return _ct_field_invalid (error, _ct_record_field (record, "withdrawn_on"),
                              _("consent cannot be withdrawn before it was given."));

  if (g_str_equal (table, "attendees")
      && (ct_record_get (record, "member") == NULL) == (ct_record_get (record, "guest_organisation") == NULL))
    return _ct_field_invalid (error, _ct_record_field (record, "member"),
                              _("an attendee is either a team member or a guest "
                                "organisation."));

  if (g_str_equal (table, "expenses") && ct_record_get (record, "cosigned_by") != NULL
      && g_strcmp0 (ct_record_get (record, "cosigned_by"), ct_record_get (record, "decided_by")) == 0)
    return _ct_field_invalid (error, _ct_record_field (record, "cosigned_by"),
                              _("nobody co-signs their own decision."));

  /* Budget periods are the voorzitter's or a beheerder's to set. */
  if (g_str_equal (table, "budget_periods") && !self->recovery && !self->member->is_admin
      && self->member->role != CT_ROLE_VOORZITTER)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the voorzitter or a beheerder sets budget periods."));
      return FALSE;
    }

  /* A co-signature is given by the voorzitter or a beheerder, as
   * themselves, whatever path the record takes. */
  if (g_str_equal (table, "expenses")
      && record->changed[ct_table_get_field_index (record->table, "cosigned_by")]
      && ct_record_get (record, "cosigned_by") != NULL
      && (!_ct_session_is_approver (self)
          || ct_record_get_int (record, "cosigned_by") != self->member->id))
    return _ct_field_restricted (error, _ct_record_field (record, "cosigned_by"),
                                 _("only the voorzitter or a beheerder co-signs, and "
                                   "only as themselves."));

  if (g_str_equal (table, "doorbraken"))
    return _ct_session_validate_doorbraak (self, record, error);
  if (g_str_equal (table, "meetings"))
    return validate_meeting (self, record, error);

  return TRUE;
}

/**
 * _ct_session_reopen_meeting:
 * @meeting: a closed meeting, its status set back
 *
 * ct_session_update() of the one write the rules above otherwise refuse:
 * a closed meeting opened again. Only ct_meeting_reopen() calls it, after
 * checking that the member is the voorzitter or a beheerder.
 */
gboolean
_ct_session_reopen_meeting (CtSession *self,
                            CtRecord  *meeting,
                            GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  self->reopening = TRUE;
  ok = ct_session_update (self, meeting, error);
  self->reopening = FALSE;
  return ok;
}
