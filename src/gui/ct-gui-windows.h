/* ct-gui-windows.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An object of @instance's struct that a .ui built on demand gives: the
 * object with @id goes to the member at @offset. */
typedef struct
{
  const char *id;
  glong       offset;
} CtGuiChild;

void        ct_gui_own_window          (gpointer               owner,
                                        GtkWindow             *window);
void        ct_gui_close_owned_windows (gpointer               owner);

void        ct_gui_clear_chooser       (GtkFileChooserNative **chooser);

void        ct_gui_show_toast          (GtkWidget             *widget,
                                        const char            *message);

GtkBuilder *ct_gui_builder_new         (GObject               *owner,
                                        const char            *resource,
                                        const char            *first_callback_name,
                                        ...) G_GNUC_NULL_TERMINATED;
void        ct_gui_bind_children       (gpointer               instance,
                                        GtkBuilder            *builder,
                                        const CtGuiChild      *children,
                                        guint                  n_children);
void        ct_gui_clear_children      (gpointer               instance,
                                        const CtGuiChild      *children,
                                        guint                  n_children);
void        ct_gui_destroy_children    (gpointer               instance,
                                        const CtGuiChild      *children,
                                        guint                  n_children);

G_END_DECLS
