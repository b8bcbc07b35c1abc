/* ct-gui-windows.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        ct_gui_own_window          (gpointer               owner,
                                        GtkWindow             *window);
void        ct_gui_close_owned_windows (gpointer               owner);

void        ct_gui_clear_chooser       (GtkFileChooserNative **chooser);

void        ct_gui_show_toast          (GtkWidget             *widget,
                                        const char            *message);

G_END_DECLS
