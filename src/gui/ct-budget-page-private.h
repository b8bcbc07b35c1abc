/* ct-budget-page-private.h — the page's widgets, for its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-budget.h"
#include "ct-budget-page.h"

G_BEGIN_DECLS

struct _CtBudgetPage
{
  AdwBin parent_instance;

  CtSession       *session;
  GArray          *period_ids;   /* gint64, in dropdown order */
  GArray          *case_ids;     /* gint64, in case_row order */
  CtBudgetSummary  summary;
  char            *chart_text;

  /* Template widgets */
  GtkDropDown     *period_dropdown;
  GtkLabel        *budget_label;
  GtkLabel        *spent_label;
  GtkLabel        *committed_label;
  GtkLabel        *remaining_label;
  GtkDrawingArea  *chart;
  GtkListBox      *expenses_list;
  AdwWindow       *add_dialog;
  AdwComboRow     *case_row;
  AdwComboRow     *purpose_row;
  AdwEntryRow     *amount_row;
  AdwEntryRow     *date_row;
  AdwEntryRow     *justification_row;
  GtkLabel        *add_error_label;
  GtkButton       *add_save_button;
};

gint64 _ct_budget_page_get_period_id (CtBudgetPage *self);

G_END_DECLS
