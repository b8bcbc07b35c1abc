/* ct-unlock-page-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-unlock-page.h"

G_BEGIN_DECLS

/* Shared with the tests, which fill in the page's own widgets. */
struct _CtUnlockPage
{
  AdwBin parent_instance;

  char *path;
  GCancellable *cancellable;
  gboolean busy;

  /* Template widgets */
  AdwStatusPage *status_page;
  GtkStack *form_stack;
  AdwEntryRow *login_row;
  AdwEntryRow *passphrase_row;
  AdwEntryRow *new_passphrase_row;
  AdwEntryRow *repeat_passphrase_row;
  GtkLabel *strength_label;
  GtkLabel *error_label;
  GtkButton *submit_button;
  GtkSpinner *spinner;
  GtkLabel *submit_label;
};

G_END_DECLS
