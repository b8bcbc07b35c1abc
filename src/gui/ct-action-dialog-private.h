/* ct-action-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-action-dialog.h"

G_BEGIN_DECLS

struct _CtActionDialog
{
  AdwMessageDialog parent_instance;

  gint64 goal_id;     /* 0 for an action that serves no goal */
  GArray *member_ids; /* gint64, in the order of responsible_row after "No one yet" */

  /* Template widgets */
  AdwEntryRow *what_row;
  AdwEntryRow *partner_row;
  AdwComboRow *partner_type_row;
  AdwComboRow *responsible_row;
  AdwEntryRow *due_row;
  GtkLabel *error_label;
};

G_END_DECLS
