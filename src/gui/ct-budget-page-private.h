/* ct-budget-page-private.h — the page's widgets, for its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-budget.h"
#include "ct-budget-page.h"
#include "ct-expense-dialog.h"
#include "ct-period-dialog.h"

G_BEGIN_DECLS

/* What the worker reads for the page: the period's summary, the list's
 * items per case and the numbers of their cases. */
typedef struct
{
  CtBudgetSummary  summary;
  GPtrArray       *lines;
  GHashTable      *case_numbers; /* case id → number */
} CtBudgetRead;

struct _CtBudgetPage
{
  AdwBin parent_instance;

  CtSession       *session;
  GArray          *period_ids;   /* gint64, in dropdown order */
  gint64           current_case_id; /* the expense dialog's default, or 0 */
  CtBudgetSummary  summary;
  char            *chart_text;
  GtkFileChooserNative *chooser;      /* "Export for Finance" while it asks */
  GListStore      *expenses;     /* the list's lines, per case */
  GHashTable      *case_numbers; /* case id → number, while lines are shown */
  GHashTable      *member_names; /* member id → display name, idem */
  GCancellable    *reading;      /* the worker's read of the summary, while it runs */
  guint            opening;      /* records read in a worker for their dialog */

  /* Template widgets */
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkButton       *empty_new_button;
  GtkDropDown     *period_dropdown;
  GtkButton       *edit_period_button;
  GtkButton       *new_period_button;
  GtkLabel        *budget_label;
  GtkLabel        *spent_label;
  GtkLabel        *committed_label;
  GtkLabel        *remaining_label;
  GtkDrawingArea  *chart;
  GtkScrolledWindow *expenses_scroller;
  GtkListView     *expenses_list;
  GtkLabel        *expenses_empty_label;

  /* The dialogs while they are open; NULL otherwise. */
  CtExpenseDialog *add_dialog;
  CtPeriodDialog  *period_dialog;

  /* The correction dialog while it is open (ct-budget-page-correct.c). */
  AdwMessageDialog *correct_dialog;
  GtkDropDown     *correct_case;
  AdwEntryRow     *correct_amount;
  AdwEntryRow     *correct_reason;
  GArray          *correct_case_ids;
  gint64           correct_id;
  AdwToast        *undo_toast;   /* weak: "Undo" after booking, while shown */
  guint            correcting;   /* withdrawals, corrections in the session's write queue */
};

gint64 _ct_budget_page_get_period_id     (CtBudgetPage *self);
void   _ct_budget_page_show_summary      (CtBudgetPage *self);
void   _ct_budget_page_load_periods      (CtBudgetPage *self);
/* What a dialog does with the record read for it. */
typedef void (*CtBudgetOpenFunc) (CtBudgetPage *self,
                                  CtRecord     *record);
void   _ct_budget_page_open_record       (CtBudgetPage    *self,
                                          const char      *table,
                                          gint64           id,
                                          CtBudgetOpenFunc open);
const char *_ct_budget_page_purpose_label (const char  *purpose);
const char *_ct_budget_page_purpose_title (guint        i);

/* ct-budget-page-expenses.c */
void   _ct_budget_page_init_expenses     (CtBudgetPage *self);
CtBudgetRead *_ct_budget_page_read       (CtSession    *reader,
                                          gint64        period_id,
                                          GError      **error);
void   _ct_budget_read_free              (CtBudgetRead *read);
void   _ct_budget_page_fill_expenses     (CtBudgetPage *self,
                                          CtBudgetRead *read);

/* ct-budget-page-dialogs.c */
void   _ct_budget_page_close_dialogs     (CtBudgetPage *self);
void   _ct_budget_page_add_expense_action (GtkWidget   *widget,
                                           const char  *action_name,
                                           GVariant    *parameter);
void   _ct_budget_page_new_period_action (GtkWidget    *widget,
                                          const char   *action_name,
                                          GVariant     *parameter);
void   _ct_budget_page_edit_period_action (GtkWidget   *widget,
                                           const char  *action_name,
                                           GVariant    *parameter);
gint64 _ct_budget_page_parse_euros       (const char   *text);
void   _ct_budget_page_fill_cases        (CtSession    *session,
                                          GtkDropDown  *dropdown,
                                          GArray       *ids,
                                          gint64        selected_id);
void   _ct_budget_page_show_undo         (CtBudgetPage *self,
                                          gint64        expense_id);
void   _ct_budget_page_close_correction  (CtBudgetPage *self);
void   _ct_budget_page_correct_action    (GtkWidget    *widget,
                                          const char   *action_name,
                                          GVariant     *parameter);

G_END_DECLS
