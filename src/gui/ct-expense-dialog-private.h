/* ct-expense-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-expense-dialog.h"

G_BEGIN_DECLS

struct _CtExpenseDialog
{
  AdwWindow parent_instance;

  CtSession *session;
  gint64     period_id;
  GArray    *case_ids;   /* gint64, in case_dropdown order: open cases */

  /* Template widgets */
  AdwActionRow *case_row;
  GtkDropDown  *case_dropdown;
  AdwComboRow  *purpose_row;
  AdwEntryRow  *amount_row;
  AdwEntryRow  *date_row;
  AdwEntryRow  *justification_row;
  GtkLabel     *error_label;
  GtkButton    *save_button;
  GtkWidget    *cancel_button;
};

G_END_DECLS
