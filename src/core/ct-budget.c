/* ct-budget.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The maatwerkbudget (City Deals): team workers spend small amounts per case
 * themselves; above the period's ceiling per case the voorzitter or a
 * beheerder who did not decide co-signs, and until then the expense holds its
 * money (committed) without counting as spent. Whether an expense needs a
 * co-signature is computed, not stored: the case's running total in the
 * period, in id order, including the expense itself, is above the ceiling.
 * Every amount is integer cents.
 *
 * Nothing booked is deleted or changed: a wrong expense is withdrawn by a
 * counter-booking, a new expense row that names it (reverses_id) and holds
 * the reason as its justification. Both stay on record and count nowhere;
 * a correction is a withdrawal and a new expense in one transaction
 * (docs/budget.md). */

#define G_LOG_DOMAIN "ct-budget"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ct-audit.h"
#include "ct-budget.h"
#include "ct-error.h"
#include "ct-money.h"
#include "ct-output.h"
#include "ct-pseudonym.h"
#include "ct-session-restrict-private.h"

static const CtField *
expense_field (const char *name)
{
  return ct_table_get_field (ct_schema_get_table ("expenses"), name);
}

static int
purpose_index (const char *purpose)
{
  const char *const *purposes = ct_budget_get_purposes ();

  for (int i = 0; purposes[i] != NULL; i++)
    if (g_strcmp0 (purposes[i], purpose) == 0)
      return i;
  return -1;
}

static gboolean
field_error (GError    **error,
             const char *field,
             const char *why)
{
  ct_set_field_error (error, "expenses", field, "%s: %s",
                      _(expense_field (field)->label), why);
  return FALSE;
}

static CtBudgetCaseTotal *
case_total (CtBudgetSummary *out,
            GHashTable      *index,
            gint64           case_id)
{
  gpointer found;

  if (!g_hash_table_lookup_extended (index, &case_id, NULL, &found))
    {
      CtBudgetCaseTotal total = { case_id, 0, 0, 0 };
      gint64 *key = g_new (gint64, 1);

      *key = case_id;
      g_array_append_val (out->cases, total);
      found = GUINT_TO_POINTER (out->cases->len - 1);
      g_hash_table_insert (index, key, found);
    }
  return &g_array_index (out->cases, CtBudgetCaseTotal, GPOINTER_TO_UINT (found));
}

static gint
compare_case_totals (gconstpointer a,
                     gconstpointer b)
{
  const CtBudgetCaseTotal *x = a, *y = b;

  return (x->case_id > y->case_id) - (x->case_id < y->case_id);
}

/* Adds one expense to the totals, in id order: the case's total so far
 * decides whether it needs a co-signature. */
static void
count_expense (CtBudgetSummary *out,
               GHashTable      *index,
               GHashTable      *reversals,
               CtRecord        *record)
{
  CtBudgetExpense *line = g_new0 (CtBudgetExpense, 1);
  gint64 case_id = ct_record_get_int (record, "case_id");
  gint64 amount = ct_record_get_int (record, "amount_cents");
  CtBudgetCaseTotal *total = case_total (out, index, case_id);
  int purpose = purpose_index (ct_record_get (record, "purpose"));
  gint64 id = ct_record_get_id (record);
  CtRecord *reversal = g_hash_table_lookup (reversals, &id);

  total->n_expenses++;
  line->record = ct_record_ref (record);
  line->reverses_id = ct_record_get (record, "reverses_id") != NULL
                        ? ct_record_get_int (record, "reverses_id") : 0;
  if (reversal != NULL || line->reverses_id > 0)
    {
      /* Withdrawn, or the counter-booking: on record, counted nowhere. */
      line->withdrawn = reversal != NULL;
      line->reversal = reversal != NULL ? ct_record_ref (reversal) : NULL;
      g_ptr_array_add (out->expenses, line);
      return;
    }
  line->needs_cosign = total->spent_cents + total->committed_cents + amount > out->ceiling_cents;
  line->counted = !line->needs_cosign || ct_record_get (record, "cosigned_by") != NULL;

  if (line->counted)
    {
      total->spent_cents += amount;
      out->spent_cents += amount;
      if (purpose >= 0)
        out->purpose_cents[purpose] += amount;
    }
  else
    {
      total->committed_cents += amount;
      out->committed_cents += amount;
    }
  g_ptr_array_add (out->expenses, line);
}

static void
budget_expense_free (CtBudgetExpense *line)
{
  g_clear_pointer (&line->record, ct_record_unref);
  g_clear_pointer (&line->reversal, ct_record_unref);
  g_free (line);
}

/**
 * ct_budget_get_purposes:
 *
 * Returns: (transfer none): the stable names of the purposes, %NULL-terminated
 */
const char *const *
ct_budget_get_purposes (void)
{
  return (const char *const *) expense_field ("purpose")->values;
}

void
ct_budget_summary_clear (CtBudgetSummary *summary)
{
  g_clear_pointer (&summary->cases, g_array_unref);
  g_clear_pointer (&summary->expenses, g_ptr_array_unref);
}

/**
 * ct_budget_summary:
 * @out: (out caller-allocates): cleared with ct_budget_summary_clear()
 *
 * The period's budget, what is spent (counted expenses), what is committed
 * (awaiting co-signature), what remains, and the totals per purpose and per
 * case.
 */
gboolean
ct_budget_summary (CtSession       *session,
                   gint64           period_id,
                   CtBudgetSummary *out,
                   GError         **error)
{
  g_autoptr(CtRecord) period = NULL;
  g_autoptr(GPtrArray) expenses = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GHashTable) reversals = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  period = ct_session_get (session, "budget_periods", period_id, error);
  if (period == NULL
      || (expenses = ct_session_list (session, "expenses", "period_id", period_id, error)) == NULL)
    return FALSE;

  out->period_id = period_id;
  out->budget_cents = ct_record_get_int (period, "amount_cents");
  out->ceiling_cents = ct_record_get_int (period, "case_ceiling_cents");
  out->cases = g_array_new (FALSE, FALSE, sizeof (CtBudgetCaseTotal));
  out->expenses = g_ptr_array_new_with_free_func ((GDestroyNotify) budget_expense_free);
  index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  reversals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* The withdrawn expenses first: a withdrawal counts from the start, so
   * the ceiling per case is reckoned as if the expense was never booked. */
  for (guint i = 0; i < expenses->len; i++)
    {
      CtRecord *e = g_ptr_array_index (expenses, i);
      gint64 reverses = ct_record_get (e, "reverses_id") != NULL
                          ? ct_record_get_int (e, "reverses_id") : 0;

      if (reverses > 0)
        g_hash_table_insert (reversals, g_memdup2 (&reverses, sizeof reverses), e);
    }
  for (guint i = 0; i < expenses->len; i++)
    count_expense (out, index, reversals, g_ptr_array_index (expenses, i));

  g_array_sort (out->cases, compare_case_totals);
  out->remaining_cents = out->budget_cents - out->spent_cents - out->committed_cents;
  return TRUE;
}

typedef struct
{
  CtRecord *expense;
  gint64    id;
} AddExpense;

static gboolean
check_date (CtRecord *period,
            CtRecord *expense,
            GError  **error)
{
  const char *spent_on = ct_record_get (expense, "spent_on");
  g_autofree char *normal = NULL;

  if (spent_on == NULL)
    return TRUE;
  normal = ct_field_normalize (expense_field ("spent_on"), spent_on, error);
  if (normal == NULL)
    return FALSE;
  if (g_strcmp0 (normal, ct_record_get (period, "starts_on")) < 0
      || g_strcmp0 (normal, ct_record_get (period, "ends_on")) > 0)
    {
      g_autofree char *why = g_strdup_printf (_("the date must fall within the period, from %s "
                                                "to %s."),
                                              ct_record_get (period, "starts_on"),
                                              ct_record_get (period, "ends_on"));
      return field_error (error, "spent_on", why);
    }
  return TRUE;
}

static gboolean
check_amount (CtSession *session,
              CtRecord  *expense,
              GError   **error)
{
  g_auto(CtBudgetSummary) summary = { 0 };
  g_autofree char *normal = NULL;
  g_autofree char *amount = NULL, *left = NULL, *why = NULL;
  gint64 cents;

  if (ct_record_get (expense, "amount_cents") == NULL)
    return TRUE;  /* the insert names the missing field */
  normal = ct_field_normalize (expense_field ("amount_cents"),
                               ct_record_get (expense, "amount_cents"), error);
  if (normal == NULL
      || !ct_budget_summary (session, ct_record_get_int (expense, "period_id"), &summary, error))
    return FALSE;

  cents = g_ascii_strtoll (normal, NULL, 10);
  if (cents <= summary.remaining_cents)
    return TRUE;

  amount = ct_money_format (cents, CT_MONEY_CENTS);
  left = ct_money_format (MAX (summary.remaining_cents, 0), CT_MONEY_CENTS);
  why = g_strdup_printf (_("%s is more than the %s left in this period’s budget."), amount, left);
  return field_error (error, "amount_cents", why);
}

static gboolean
add_expense (CtSession *session,
             gpointer   data,
             GError   **error)
{
  AddExpense *add = data;
  g_autoptr(CtRecord) period = NULL;

  if (ct_record_get (add->expense, "period_id") == NULL)
    return field_error (error, "period_id", _("this field is required."));
  period = ct_session_get (session, "budget_periods",
                           ct_record_get_int (add->expense, "period_id"), error);
  if (period == NULL || !check_date (period, add->expense, error)
      || !check_amount (session, add->expense, error))
    return FALSE;

  add->id = ct_session_insert (session, add->expense, error);
  return add->id > 0;
}

/**
 * ct_budget_add_expense:
 * @expense: a new "expenses" record; decided_by defaults to the session's
 *   member
 *
 * Stores an expense after the budget's own rules: it falls within its
 * period, does not exceed what remains of the budget, and is not co-signed
 * on the way in (ct_budget_cosign() does that). Errors are
 * %CT_ERROR_INVALID_FIELD naming the field.
 *
 * Returns: the new expense's id, or 0 with @error set
 */
gint64
ct_budget_add_expense (CtSession *session,
                       CtRecord  *expense,
                       GError   **error)
{
  AddExpense add = { expense, 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), 0);
  g_return_val_if_fail (expense != NULL, 0);
  g_return_val_if_fail (g_str_equal (ct_record_get_table (expense)->name, "expenses"), 0);

  if (ct_record_get (expense, "cosigned_by") != NULL)
    {
      field_error (error, "cosigned_by", _("an expense is co-signed after it is recorded."));
      return 0;
    }
  if (ct_record_get (expense, "decided_by") == NULL && ct_session_get_member_id (session) > 0)
    ct_record_set_int (expense, "decided_by", ct_session_get_member_id (session));

  if (!ct_session_run_in_transaction (session, add_expense, &add, error))
    return 0;
  return add.id;
}

/**
 * ct_budget_can_cosign:
 *
 * Whether this session's member may co-sign @expense: a voorzitter or a
 * beheerder, not the one who decided, and not co-signed yet. Whether the
 * expense needs it is in its #CtBudgetExpense.
 */
gboolean
ct_budget_can_cosign (CtSession *session,
                      CtRecord  *expense)
{
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (expense != NULL, FALSE);

  return ct_session_get_member_id (session) > 0
         && (ct_session_get_role (session) == CT_ROLE_VOORZITTER || ct_session_is_admin (session))
         && ct_record_get_int (expense, "decided_by") != ct_session_get_member_id (session)
         && ct_record_get (expense, "cosigned_by") == NULL;
}

static gboolean
find_line (CtBudgetSummary *summary,
           gint64           expense_id,
           CtBudgetExpense **line)
{
  for (guint i = 0; i < summary->expenses->len; i++)
    {
      *line = g_ptr_array_index (summary->expenses, i);
      if (ct_record_get_id ((*line)->record) == expense_id)
        return TRUE;
    }
  return FALSE;
}

static gboolean
cosign (CtSession *session,
        gpointer   data,
        GError   **error)
{
  gint64 expense_id = *(gint64 *) data;
  g_autoptr(CtRecord) expense = ct_session_get (session, "expenses", expense_id, error);
  g_auto(CtBudgetSummary) summary = { 0 };
  CtBudgetExpense *line = NULL;

  if (expense == NULL)
    return FALSE;

  if (ct_session_get_role (session) != CT_ROLE_VOORZITTER && !ct_session_is_admin (session))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the voorzitter or a beheerder may co-sign an expense."));
      return FALSE;
    }
  if (ct_record_get_int (expense, "decided_by") == ct_session_get_member_id (session))
    return field_error (error, "cosigned_by", _("nobody co-signs their own decision."));
  if (ct_record_get (expense, "cosigned_by") != NULL)
    return field_error (error, "cosigned_by", _("this expense is co-signed already."));
  if (!ct_budget_summary (session, ct_record_get_int (expense, "period_id"), &summary, error))
    return FALSE;
  if (!find_line (&summary, expense_id, &line) || !line->needs_cosign)
    return field_error (error, "cosigned_by",
                        _("this expense stays within the ceiling per case and needs no "
                          "co-signature."));

  ct_record_set_int (expense, "cosigned_by", ct_session_get_member_id (session));
  return ct_session_update (session, expense, error);
}

/**
 * ct_budget_cosign:
 *
 * Co-signs an expense above the ceiling per case, as this session's member:
 * only the voorzitter or a beheerder, and never the one who decided. The
 * change is stored and logged like any other update.
 */
gboolean
ct_budget_cosign (CtSession *session,
                  gint64     expense_id,
                  GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);

  if (ct_session_get_member_id (session) <= 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only the voorzitter or a beheerder may co-sign an expense."));
      return FALSE;
    }
  return ct_session_run_in_transaction (session, cosign, &expense_id, error);
}

/**
 * ct_budget_can_correct:
 *
 * Whether this session's member may withdraw or correct @expense: the
 * member who decided it, the voorzitter or a beheerder; never a
 * counter-booking, an expense withdrawn already (see #CtBudgetExpense), or
 * one whose purpose this member may not read.
 */
gboolean
ct_budget_can_correct (CtSession *session,
                       CtRecord  *expense)
{
  gint64 own;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (expense != NULL, FALSE);

  own = ct_session_get_member_id (session);
  return own > 0 && ct_record_get (expense, "reverses_id") == NULL
         && ct_record_get (expense, "purpose") != NULL
         && (ct_record_get_int (expense, "decided_by") == own
             || ct_session_get_role (session) == CT_ROLE_VOORZITTER
             || ct_session_is_admin (session));
}

typedef struct
{
  gint64      expense_id;
  gint64      case_id;        /* 0: withdraw only */
  gint64      amount_cents;
  const char *reason;
  gint64      reversal_id;
  gint64      new_id;
} Correction;

static gboolean
reason_error (GError **error)
{
  ct_set_field_error (error, "expenses", "reason", "%s: %s", _("Reason"),
                      _("write down why the expense is withdrawn or corrected; the team and the "
                        "auditor read it."));
  return FALSE;
}

/* The counter-booking: the original's period, case, amount, purpose, date
 * and category, decided by this member, with the reason as justification. */
static gboolean
withdraw (CtSession  *session,
          CtRecord   *original,
          Correction *c,
          GError    **error)
{
  g_autoptr(CtRecord) reversal = ct_record_new ("expenses");
  g_autoptr(GPtrArray) others = NULL;
  const char *copied[] = { "period_id", "case_id", "amount_cents", "purpose", "spent_on",
                           "row_category" };

  others = ct_session_list (session, "expenses", "period_id",
                            ct_record_get_int (original, "period_id"), error);
  if (others == NULL)
    return FALSE;
  for (guint i = 0; i < others->len; i++)
    {
      CtRecord *e = g_ptr_array_index (others, i);

      if (ct_record_get (e, "reverses_id") != NULL
          && ct_record_get_int (e, "reverses_id") == c->expense_id)
        return field_error (error, "reverses_id", _("this expense is withdrawn already."));
    }

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (ct_record_get (original, copied[i]) != NULL)
      ct_record_set (reversal, copied[i], ct_record_get (original, copied[i]));
  ct_record_set_int (reversal, "decided_by", ct_session_get_member_id (session));
  ct_record_set_int (reversal, "reverses_id", c->expense_id);
  ct_record_set (reversal, "justification", c->reason);
  c->reversal_id = ct_session_insert (session, reversal, error);
  return c->reversal_id > 0;
}

static gboolean
correct (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Correction *c = data;
  g_autoptr(CtRecord) original = ct_session_get (session, "expenses", c->expense_id, error);
  g_autoptr(CtRecord) replacement = NULL;
  g_autofree char *reason = NULL;

  if (original == NULL)
    return FALSE;
  if (!ct_budget_can_correct (session, original))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           ct_record_get (original, "reverses_id") != NULL
                             ? _("A withdrawal cannot itself be withdrawn or corrected.")
                             : _("Only the member who decided an expense, the voorzitter or a "
                                 "beheerder may withdraw or correct it."));
      return FALSE;
    }
  if (c->case_id > 0 && c->case_id == ct_record_get_int (original, "case_id")
      && c->amount_cents == ct_record_get_int (original, "amount_cents"))
    return field_error (error, "amount_cents",
                        _("the correction changes neither the case nor the amount; withdraw "
                          "the expense instead."));
  if (!withdraw (session, original, c, error))
    return FALSE;
  if (c->case_id == 0)
    return TRUE;

  /* The expense as it should have been, under the budget's own rules. */
  replacement = ct_record_new ("expenses");
  ct_record_set (replacement, "period_id", ct_record_get (original, "period_id"));
  ct_record_set_int (replacement, "case_id", c->case_id);
  ct_record_set_int (replacement, "amount_cents", c->amount_cents);
  ct_record_set (replacement, "purpose", ct_record_get (original, "purpose"));
  ct_record_set (replacement, "spent_on", ct_record_get (original, "spent_on"));
  ct_record_set (replacement, "row_category", ct_record_get (original, "row_category"));
  reason = g_strdup_printf ("%s (%s)", ct_record_get (original, "justification") ?: "", c->reason);
  ct_record_set (replacement, "justification", reason);
  ct_record_set_int (replacement, "decided_by", ct_session_get_member_id (session));
  {
    AddExpense add = { replacement, 0 };

    if (!add_expense (session, &add, error))
      return FALSE;
    c->new_id = add.id;
  }
  return TRUE;
}

static gint64
run_correction (CtSession  *session,
                Correction *c,
                GError    **error)
{
  g_autofree char *reason = NULL;

  if (c->reason == NULL || *(reason = g_strstrip (g_strdup (c->reason))) == '\0')
    {
      reason_error (error);
      return 0;
    }
  c->reason = reason;
  if (!ct_session_run_in_transaction (session, correct, c, error))
    return 0;
  return c->case_id > 0 ? c->new_id : c->reversal_id;
}

/**
 * ct_budget_withdraw_expense:
 * @reason: why, required; stored as the counter-booking's justification
 *
 * Withdraws an expense booked in error by a counter-booking that names it:
 * the original stays on record, and neither counts in any total. See
 * ct_budget_can_correct() for who may. Both are stored and logged.
 *
 * Returns: the counter-booking's id, or 0 with @error set
 */
gint64
ct_budget_withdraw_expense (CtSession  *session,
                            gint64      expense_id,
                            const char *reason,
                            GError    **error)
{
  Correction c = { expense_id, 0, 0, reason, 0, 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), 0);

  return run_correction (session, &c, error);
}

/**
 * ct_budget_correct_expense:
 * @case_id: the case the expense belongs to
 * @amount_cents: the amount it should have been
 * @reason: why, required
 *
 * Corrects an expense booked to the wrong case or with the wrong amount:
 * withdraws it as ct_budget_withdraw_expense() does and books the right
 * expense (same period, purpose and date, decided by this member) under
 * the rules of ct_budget_add_expense(), in one transaction. A correction
 * that changes nothing is refused.
 *
 * Returns: the new expense's id, or 0 with @error set
 */
gint64
ct_budget_correct_expense (CtSession  *session,
                           gint64      expense_id,
                           gint64      case_id,
                           gint64      amount_cents,
                           const char *reason,
                           GError    **error)
{
  Correction c = { expense_id, case_id, amount_cents, reason, 0, 0 };

  g_return_val_if_fail (CT_IS_SESSION (session), 0);
  g_return_val_if_fail (case_id > 0, 0);

  if (amount_cents <= 0)
    {
      field_error (error, "amount_cents", _("an amount of at least € 0.01."));
      return 0;
    }
  return run_correction (session, &c, error);
}

/**
 * ct_budget_get_member_id:
 *
 * Returns: the row id of the session's member in the members table, as the
 *   MEMBER fields hold it; 0 for a recovery session
 */
gint64
ct_budget_get_member_id (CtSession *session)
{
  g_return_val_if_fail (CT_IS_SESSION (session), 0);

  return ct_session_get_member_id (session);
}

/**
 * ct_budget_dup_member_name:
 *
 * Returns: (transfer full) (nullable): the display name of a member, also a
 *   removed one, for the "decided by" and "co-signed by" columns
 */
char *
ct_budget_dup_member_name (CtSession *session,
                           gint64     member_id)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((rows = ct_session_list_all_members (session, NULL)) == NULL)
    return NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberInfo *row = g_ptr_array_index (rows, i);

      if (row->id == member_id)
        return g_strdup (row->display_name);
    }
  return NULL;
}

/**
 * ct_budget_dup_member_names:
 *
 * The display names of every member, also removed ones, read once: a page
 * that shows a name per expense looks them up here instead of reading the
 * members again for each row.
 *
 * Returns: (transfer full) (nullable): member id (a #gint64) → display
 *   name; %NULL when the session is locked
 */
GHashTable *
ct_budget_dup_member_names (CtSession *session)
{
  g_autoptr(GPtrArray) rows = NULL;
  GHashTable *names;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  if ((rows = ct_session_list_all_members (session, NULL)) == NULL)
    return NULL;

  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      CtMemberInfo *row = g_ptr_array_index (rows, i);

      g_hash_table_insert (names, g_memdup2 (&row->id, sizeof row->id),
                           g_strdup (row->display_name));
    }
  return names;
}

/* The finance sheet: pseudonym, month, amount, purpose, co-signed, counted.
 * No names and no free text (no justification, no period name). */
static gboolean
write_sheet (CtSession       *session,
             GHashTable      *restricted,
             lxw_workbook    *workbook,
             CtBudgetSummary *summary,
             CtRecord        *period,
             GError         **error)
{
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, _("Expenses"));
  lxw_format *bold = workbook_add_format (workbook);
  lxw_format *money = workbook_add_format (workbook);
  const char *headers[] = {
    _("Case"), _("Month"), _("Amount (€)"), _("Amount in cents"), _("Purpose"),
    _("Co-signed"), _("Counted"),
  };
  lxw_row_t row = 0;

  format_set_bold (bold);
  format_set_num_format (money, "#,##0.00");
  worksheet_set_column (sheet, 0, 6, 16, NULL);

  worksheet_write_string (sheet, row, 0, _("Period from"), bold);
  worksheet_write_string (sheet, row++, 1, ct_record_get (period, "starts_on"), NULL);
  worksheet_write_string (sheet, row, 0, _("Period until"), bold);
  worksheet_write_string (sheet, row++, 1, ct_record_get (period, "ends_on"), NULL);
  worksheet_write_string (sheet, row, 0, _("Budget (€)"), bold);
  /* Cents below 2^53 divide by 100 to the nearest double of the amount. */
  worksheet_write_number (sheet, row++, 1, summary->budget_cents / 100.0, money);
  worksheet_write_string (sheet, row, 0, _("Spent (€)"), bold);
  worksheet_write_number (sheet, row++, 1, summary->spent_cents / 100.0, money);
  worksheet_write_string (sheet, row, 0, _("Awaiting co-signature (€)"), bold);
  worksheet_write_number (sheet, row++, 1, summary->committed_cents / 100.0, money);
  row++;

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, row, (lxw_col_t) c, headers[c], bold);
  row++;

  for (guint i = 0; i < summary->expenses->len; i++, row++)
    {
      CtBudgetExpense *line = g_ptr_array_index (summary->expenses, i);
      CtRecord *e = line->record;
      gint64 case_id = ct_record_get_int (e, "case_id");
      g_autofree char *pseudonym = NULL;
      g_autofree char *month = g_strndup (ct_record_get (e, "spent_on"), 7);
      gint64 cents = ct_record_get_int (e, "amount_cents");
      const char *counted = line->counted ? _("yes") : _("awaiting co-signature");

      /* A withdrawal is written as the negative of what it withdraws. */
      if (line->reverses_id > 0)
        {
          cents = -cents;
          counted = _("no, a withdrawal");
        }
      else if (line->withdrawn)
        counted = _("no, withdrawn");
      /* A case under restriction of processing keeps its amount, so the
       * sheet still adds up to what was spent, but loses its link to the
       * case: no pseudonym, nothing that finds the household. */
      if (g_hash_table_contains (restricted, &case_id))
        pseudonym = g_strdup (_("restricted processing"));
      else if ((pseudonym = ct_pseudonym_for_case (session, case_id, error)) == NULL)
        return FALSE;
      worksheet_write_string (sheet, row, 0, pseudonym, NULL);
      worksheet_write_string (sheet, row, 1, month, NULL);
      worksheet_write_number (sheet, row, 2, cents / 100.0, money);
      worksheet_write_number (sheet, row, 3, (double) cents, NULL);
      worksheet_write_string (sheet, row, 4, ct_record_get (e, "purpose"), NULL);
      worksheet_write_string (sheet, row, 5,
                              ct_record_get (e, "cosigned_by") != NULL ? _("yes") : _("no"), NULL);
      worksheet_write_string (sheet, row, 6, counted, NULL);
    }
  return TRUE;
}

typedef struct
{
  gint64      period_id;
  const char *tmp_path;
  const char *path;
} ExportLog;

static gboolean
log_and_rename (CtSession *session,
                gpointer   data,
                GError   **error)
{
  ExportLog *log = data;

  if (!_ct_audit_append (session, CT_AUDIT_EXPORT, "budget_periods", log->period_id, 0,
                         "finance export", FALSE, error))
    return FALSE;
  if (g_rename (log->tmp_path, log->path) != 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s: %s"), log->path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_workbook (CtSession       *session,
                GHashTable      *restricted,
                CtBudgetSummary *summary,
                CtRecord        *period,
                const char      *tmp_path,
                GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (tmp_path);
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = dir };
  lxw_workbook *workbook = workbook_new_opt (tmp_path, &options);
  lxw_error rc;

  if (workbook == NULL)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s."), tmp_path);
      return FALSE;
    }
  if (!write_sheet (session, restricted, workbook, summary, period, error))
    {
      workbook_close (workbook);
      return FALSE;
    }
  rc = workbook_close (workbook);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write the workbook: %s"),
                   lxw_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_budget_export_period:
 * @path: the .xlsx to write; replaced when it exists
 *
 * Writes the period's expenses for the municipality's finance department:
 * case pseudonyms (ct_pseudonym_for_case()), month, amount, purpose,
 * whether co-signed and whether counted. No names, no free text. An
 * expense of a household under restriction of processing keeps its amount
 * with "restricted processing" for its case. The file is
 * written under a temporary name beside @path and renamed when complete;
 * the export is logged.
 */
gboolean
ct_budget_export_period (CtSession  *session,
                         gint64      period_id,
                         const char *path,
                         GError    **error)
{
  g_auto(CtBudgetSummary) summary = { 0 };
  g_autoptr(CtRecord) period = NULL;
  g_autoptr(GHashTable) restricted = NULL;
  g_autofree char *tmp_path = NULL;
  ExportLog log;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ct_output_check_target (path, session, error)
      || !ct_budget_summary (session, period_id, &summary, error)
      || (period = ct_session_get (session, "budget_periods", period_id, error)) == NULL
      || (restricted = _ct_session_restricted_cases (session, error)) == NULL)
    return FALSE;

  tmp_path = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
  ok = write_workbook (session, restricted, &summary, period, tmp_path, error);
  log = (ExportLog) { period_id, tmp_path, path };
  ok = ok && ct_session_run_in_transaction (session, log_and_rename, &log, error);
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}
