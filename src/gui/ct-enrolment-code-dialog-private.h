/* ct-enrolment-code-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-enrolment-code-dialog.h"

G_BEGIN_DECLS

struct _CtEnrolmentCodeDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkLabel *code_label;
  GtkButton *copy_button;
};

G_END_DECLS
