/* ct-window-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-window.h"

G_BEGIN_DECLS

struct _CtWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  /* Weak: the toast on screen, if any; cleared when it is dismissed. */
  AdwToast *toast;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkWidget *welcome_page;
};

void        _ct_window_show_page      (CtWindow   *self,
                                       const char *name);
const char *_ct_window_get_page_name  (CtWindow   *self);
AdwToast   *_ct_window_get_toast      (CtWindow   *self);

G_END_DECLS
