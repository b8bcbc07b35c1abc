/* ct-goal-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-goal-dialog.h"

G_BEGIN_DECLS

struct _CtGoalDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  AdwComboRow *domain_row;
  AdwEntryRow *description_row;
  AdwComboRow *target_row;
};

G_END_DECLS
