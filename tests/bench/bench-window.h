/* bench-window.h — driving the real window in the GUI benchmarks
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ct-application.h"
#include "ct-window-private.h"

G_BEGIN_DECLS

void      bench_wait_for_frame (GtkWidget     *widget);
gboolean  bench_list_shown     (CtWindow      *window);
gboolean  bench_list_rows_shown (CtWindow     *window);
CtWindow *bench_window_open    (CtApplication *app,
                                const char    *path,
                                const char    *login);
void      bench_unlock         (CtWindow      *window);

G_END_DECLS
