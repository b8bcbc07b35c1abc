/* ct-gui-windows.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The windows a page opens over the team: its dialogs, which it closes
 * when its session goes or it is disposed, so a locked window keeps none
 * of them on screen or alive; the native file choosers it starts, which
 * it cancels then; and the dialogs it builds only while they are open. */

#define G_LOG_DOMAIN "ct-gui-windows"

#include "config.h"

#include <adwaita.h>

#include "ct-gui-windows.h"

static GQuark
owner_quark (void)
{
  return g_quark_from_static_string ("ct-gui-window-owner");
}

/**
 * ct_gui_own_window:
 * @owner: the page or view that opened @window
 *
 * Notes that @owner opened @window, for ct_gui_close_owned_windows(). The
 * note is only compared, never followed, so it cannot dangle.
 */
void
ct_gui_own_window (gpointer   owner,
                   GtkWindow *window)
{
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_object_set_qdata (G_OBJECT (window), owner_quark (), owner);
}

/**
 * ct_gui_close_owned_windows:
 *
 * Destroys every window @owner opened that is still there, shown or
 * hidden, without the answers their handlers on @owner would get.
 */
void
ct_gui_close_owned_windows (gpointer owner)
{
  GList *windows = gtk_window_list_toplevels ();

  g_return_if_fail (G_IS_OBJECT (owner));

  /* Destroying one window can destroy another of the list with it. */
  g_list_foreach (windows, (GFunc) g_object_ref, NULL);
  for (const GList *l = windows; l != NULL; l = l->next)
    if (g_object_get_qdata (l->data, owner_quark ()) == owner)
      {
        g_object_set_qdata (l->data, owner_quark (), NULL);
        g_signal_handlers_disconnect_by_data (l->data, owner);
        gtk_window_destroy (l->data);
      }
  g_list_free_full (windows, g_object_unref);
}

/**
 * ct_gui_clear_chooser:
 * @chooser: a file chooser its owner holds a reference to, or %NULL
 *
 * Hides a chooser that may still be asking, with no answer to anyone,
 * drops the owner's reference and sets *@chooser to %NULL. Its dialog
 * (the GtkFileChooserDialog without a portal) goes with it.
 */
void
ct_gui_clear_chooser (GtkFileChooserNative **chooser)
{
  GtkNativeDialog *dialog;

  g_return_if_fail (chooser != NULL);

  if (*chooser == NULL)
    return;

  dialog = GTK_NATIVE_DIALOG (g_steal_pointer (chooser));
  g_signal_handlers_disconnect_matched (dialog, G_SIGNAL_MATCH_ID,
                                        g_signal_lookup ("response", GTK_TYPE_NATIVE_DIALOG), 0,
                                        NULL, NULL, NULL);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * ct_gui_builder_new:
 * @owner: the object the .ui's signal handlers get, as in a template
 * @resource: the .ui's path in the application's resources
 * @first_callback_name: the first handler's name, then its #GCallback, then
 *   more pairs, %NULL-terminated
 *
 * Builds a dialog a page shows only while it is open, so that no hidden
 * copy of it outlives the page's session. A .ui that does not build is a
 * mistake in the application, as with gtk_builder_new_from_resource().
 *
 * Returns: (transfer full): the builder holding what it built
 */
GtkBuilder *
ct_gui_builder_new (GObject    *owner,
                    const char *resource,
                    const char *first_callback_name,
                    ...)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GError) error = NULL;
  GtkBuilder *builder;
  va_list args;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (resource != NULL, NULL);

  va_start (args, first_callback_name);
  for (const char *name = first_callback_name; name != NULL; name = va_arg (args, const char *))
    gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), name,
                                            va_arg (args, GCallback));
  va_end (args);

  builder = gtk_builder_new ();
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, owner);
  if (!gtk_builder_add_from_resource (builder, resource, &error))
    g_error ("Could not build %s: %s", resource, error->message);
  return builder;
}

/* Sets each member of @instance that @children names to its object. */
void
ct_gui_bind_children (gpointer          instance,
                      GtkBuilder       *builder,
                      const CtGuiChild *children,
                      guint             n_children)
{
  g_return_if_fail (instance != NULL);
  g_return_if_fail (GTK_IS_BUILDER (builder));

  for (guint i = 0; i < n_children; i++)
    {
      GObject *object = gtk_builder_get_object (builder, children[i].id);

      g_return_if_fail (object != NULL);
      G_STRUCT_MEMBER (gpointer, instance, children[i].offset) = object;
    }
}

/* Sets each member of @instance that @children names to %NULL: its
 * dialog is gone. */
void
ct_gui_clear_children (gpointer          instance,
                       const CtGuiChild *children,
                       guint             n_children)
{
  g_return_if_fail (instance != NULL);

  for (guint i = 0; i < n_children; i++)
    G_STRUCT_MEMBER (gpointer, instance, children[i].offset) = NULL;
}

/**
 * ct_gui_destroy_children:
 * @children: what ct_gui_bind_children() set, the window first
 *
 * Destroys the window, if it is there, without the answers its handlers
 * on @instance would get, and clears every member @children names.
 */
void
ct_gui_destroy_children (gpointer          instance,
                         const CtGuiChild *children,
                         guint             n_children)
{
  GtkWindow *window;

  g_return_if_fail (instance != NULL);
  g_return_if_fail (n_children > 0);

  window = G_STRUCT_MEMBER (GtkWindow *, instance, children[0].offset);
  ct_gui_clear_children (instance, children, n_children);
  if (window == NULL)
    return;
  g_signal_handlers_disconnect_by_data (window, instance);
  gtk_window_destroy (window);
}

/**
 * ct_gui_show_toast:
 *
 * Shows @message in the toast overlay @widget sits in; a page shown on its
 * own (in the widget tests) has none, and the message goes to the debug
 * output instead.
 */
void
ct_gui_show_toast (GtkWidget  *widget,
                   const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}
