/* ct-area-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-area-dialog.h"

G_BEGIN_DECLS

struct _CtAreaDialog
{
  AdwMessageDialog parent_instance;

  gint64 id;  /* 0 for a new area */

  /* Template widgets */
  AdwEntryRow *name_row;
  AdwEntryRow *postcodes_row;
  GtkLabel *error_label;
};

G_END_DECLS
