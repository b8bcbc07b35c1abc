/* ct-passphrase-dialog-private.h — the instance struct, for the dialog and the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-passphrase-dialog.h"

G_BEGIN_DECLS

struct _CtPassphraseDialog
{
  AdwMessageDialog parent_instance;

  CtSession *session;
  gboolean changed;
  gboolean busy;  /* the change is at work */

  /* Template widgets */
  AdwPasswordEntryRow *current_row;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *repeat_row;
  GtkLabel *hint_label;
  GtkLabel *error_label;
};

G_END_DECLS
