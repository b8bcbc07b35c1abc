/* ct-period-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-period-dialog.h"

G_BEGIN_DECLS

struct _CtPeriodDialog
{
  AdwWindow parent_instance;

  CtSession *session;
  gint64     id;  /* the period edited, or 0 for a new one */

  /* Template widgets */
  AdwEntryRow *name_row;
  AdwEntryRow *start_row;
  AdwEntryRow *end_row;
  AdwEntryRow *amount_row;
  AdwEntryRow *ceiling_row;
  GtkLabel    *error_label;
  GtkButton   *save_button;
  GtkWidget   *cancel_button;
};

G_END_DECLS
