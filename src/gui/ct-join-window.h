/* ct-join-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_JOIN_WINDOW (ct_join_window_get_type ())

G_DECLARE_FINAL_TYPE (CtJoinWindow, ct_join_window, CT, JOIN_WINDOW, AdwWindow)

CtJoinWindow *ct_join_window_new (GtkWindow *parent);

G_END_DECLS
