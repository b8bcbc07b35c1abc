/* ct-gui-windows.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The windows a page opens over the team: its dialogs, which it closes
 * when its session goes or it is disposed, so a locked window keeps none
 * of them on screen or alive; and the native file choosers it starts, which
 * it cancels then. */

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
