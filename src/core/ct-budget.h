/* ct-budget.h — the maatwerkbudget
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/* The purposes of an expense, in the order of the schema's enum. */
#define CT_BUDGET_N_PURPOSES 8

/**
 * CtBudgetExpense:
 * @record: the expense as the session reads it
 * @needs_cosign: the case's total in the period up to and including this
 *   expense (in id order) is above the period's ceiling per case
 * @counted: counted in "spent": below the ceiling, or co-signed
 * @withdrawn: a counter-booking withdraws it: it stays on record but
 *   counts nowhere
 * @reversal: (nullable): for a withdrawn expense, its counter-booking
 * @reverses_id: for a counter-booking, the expense it withdraws; else 0
 */
typedef struct
{
  CtRecord *record;
  gboolean  needs_cosign;
  gboolean  counted;
  gboolean  withdrawn;
  CtRecord *reversal;
  gint64    reverses_id;
} CtBudgetExpense;

/**
 * CtBudgetCaseTotal:
 * @spent_cents: counted expenses
 * @committed_cents: expenses awaiting co-signature
 */
typedef struct
{
  gint64 case_id;
  gint64 spent_cents;
  gint64 committed_cents;
  guint  n_expenses;
} CtBudgetCaseTotal;

/**
 * CtBudgetSummary:
 * @remaining_cents: budget − spent − committed: an expense awaiting
 *   co-signature already holds its money
 * @purpose_cents: counted expenses per purpose, in schema order
 * @cases: (element-type CtBudgetCaseTotal): per case, in case id order
 * @expenses: (element-type CtBudgetExpense): in id order
 *
 * Every amount is in integer cents.
 */
typedef struct
{
  gint64  period_id;
  gint64  budget_cents;
  gint64  ceiling_cents;
  gint64  spent_cents;
  gint64  committed_cents;
  gint64  remaining_cents;
  gint64  purpose_cents[CT_BUDGET_N_PURPOSES];
  GArray *cases;
  GPtrArray *expenses;
} CtBudgetSummary;

void          ct_budget_summary_clear     (CtBudgetSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtBudgetSummary, ct_budget_summary_clear)

const char *const *ct_budget_get_purposes (void);

gboolean      ct_budget_summary           (CtSession       *session,
                                           gint64           period_id,
                                           CtBudgetSummary *out,
                                           GError         **error);
gint64        ct_budget_add_expense       (CtSession       *session,
                                           CtRecord        *expense,
                                           GError         **error);
gboolean      ct_budget_can_cosign        (CtSession       *session,
                                           CtRecord        *expense);
gboolean      ct_budget_cosign            (CtSession       *session,
                                           gint64           expense_id,
                                           GError         **error);
gboolean      ct_budget_can_correct       (CtSession       *session,
                                           CtRecord        *expense);
gint64        ct_budget_withdraw_expense  (CtSession       *session,
                                           gint64           expense_id,
                                           const char      *reason,
                                           GError         **error);
gint64        ct_budget_correct_expense   (CtSession       *session,
                                           gint64           expense_id,
                                           gint64           case_id,
                                           gint64           amount_cents,
                                           const char      *reason,
                                           GError         **error);
gint64        ct_budget_get_member_id     (CtSession       *session);
char         *ct_budget_dup_member_name   (CtSession       *session,
                                           gint64           member_id);
GHashTable   *ct_budget_dup_member_names  (CtSession       *session);
gboolean      ct_budget_export_period     (CtSession       *session,
                                           gint64           period_id,
                                           const char      *path,
                                           GError         **error);

G_END_DECLS
