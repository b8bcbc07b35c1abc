/* ct-member-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-member-dialog.h"

G_BEGIN_DECLS

struct _CtMemberDialog
{
  AdwMessageDialog parent_instance;

  /* Adding: the logins the team has; changing a role: the member's. */
  gboolean adding;
  GStrv taken_logins;
  char *login;
  CtRole old_role;
  guint role_offset;  /* 1 while the role row starts on "Choose a Role…" */

  /* Template widgets */
  AdwEntryRow *name_row;
  AdwEntryRow *login_row;
  AdwComboRow *role_row;
  GtkSwitch *admin_switch;
  GtkLabel *error_label;
};

G_END_DECLS
