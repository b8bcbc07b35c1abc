/* ct-gui-windows.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void        ct_gui_own_window          (gpointer               owner,
                                        GtkWindow             *window);
void        ct_gui_close_owned_windows (gpointer               owner);

void        ct_gui_clear_chooser       (GtkFileChooserNative **chooser);
char       *ct_gui_chooser_get_local_path (GtkNativeDialog  *chooser,
                                           int               response,
                                           GError          **error);

void        ct_gui_add_destructive_responses (AdwMessageDialog *dialog,
                                              const char       *safe,
                                              const char       *safe_label,
                                              const char       *response,
                                              const char       *label);

void        ct_gui_show_toast          (GtkWidget             *widget,
                                        const char            *message);

/* Takes back the change with @id on @page, in the session that made it. */
typedef void (*CtGuiUndoFunc) (GtkWidget *page,
                               gint64     id);

AdwToast   *ct_gui_show_undo_toast     (GtkWidget             *page,
                                        gsize                  session_offset,
                                        const char            *title,
                                        CtGuiUndoFunc          undo,
                                        gint64                 id);

G_END_DECLS
