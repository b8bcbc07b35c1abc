/* ct-gui-windows.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The windows a page opens over the team: its dialogs, which it closes
 * when its session goes or it is disposed, so a locked window keeps none
 * of them on screen or alive; the native file choosers it starts, which
 * it cancels then, and the path one answers; the answers of a question
 * about what cannot be taken back; and its toasts, "Undo" among them. */

#define G_LOG_DOMAIN "ct-gui-windows"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

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
 * ct_gui_chooser_get_local_path:
 * @chooser: a file chooser that answered @response
 * @error: set when a file was chosen that is not on this computer
 *
 * The path of the file or folder chosen, for every chooser: each reads
 * or writes a file on this computer, and a file on a network location
 * the chooser offers but this computer cannot open as a path is an
 * answer the member must hear about, not a cancel.
 *
 * Returns: (transfer full) (nullable): the path of the file chosen, or
 *   %NULL when nothing was chosen (@error unset) or the choice is not a
 *   file on this computer (@error set)
 */
char *
ct_gui_chooser_get_local_path (GtkNativeDialog  *chooser,
                               int               response,
                               GError          **error)
{
  g_autoptr(GFile) file = NULL;
  char *path;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), NULL);

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Choose a file on this computer."));
  return path;
}

/**
 * ct_gui_add_destructive_responses:
 * @dialog: a question whose answer @response cannot be taken back
 * @safe: the answer that changes nothing, labelled @safe_label
 * @response: the answer that does it, labelled @label
 *
 * Adds the two answers, @response marked destructive and @safe the
 * default and Escape's, so that neither Enter nor Escape does what
 * cannot be taken back.
 */
void
ct_gui_add_destructive_responses (AdwMessageDialog *dialog,
                                  const char       *safe,
                                  const char       *safe_label,
                                  const char       *response,
                                  const char       *label)
{
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));

  adw_message_dialog_add_responses (dialog, safe, safe_label, response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, safe);
  adw_message_dialog_set_close_response (dialog, safe);
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

/* What "Undo" acts on: the change, and the session that made it, which
 * is only compared, never followed. The toast holds this; the page it
 * reaches only while the page is there. */
typedef struct
{
  GWeakRef      page;
  gsize         session_offset;
  gconstpointer session;
  CtGuiUndoFunc undo;
  gint64        id;
} UndoToast;

static void
undo_toast_free (gpointer  data,
                 GClosure *closure)
{
  UndoToast *undo = data;

  g_weak_ref_clear (&undo->page);
  g_free (undo);
}

static void
undo_clicked_cb (AdwToast  *toast,
                 UndoToast *undo)
{
  g_autoptr(GtkWidget) page = g_weak_ref_get (&undo->page);
  gconstpointer session;

  if (page == NULL)
    return;
  /* Another member, or a locked page, undoes nothing of this one's. */
  session = G_STRUCT_MEMBER (gpointer, page, undo->session_offset);
  if (session == NULL || session != undo->session)
    return;
  undo->undo (page, undo->id);
}

/**
 * ct_gui_show_undo_toast:
 * @page: the page the change was made on; the toast holds it weakly
 * @session_offset: where @page's instance struct keeps its #CtSession
 *   (G_STRUCT_OFFSET()), %NULL while it is locked
 * @title: what was done
 * @undo: takes the change back; called only while @page is there and
 *   holds the session it had now
 * @id: the change, for @undo
 *
 * @title with "Undo" in the toast overlay @page sits in, for as long as
 * the toast is shown.
 *
 * Returns: (transfer none) (nullable): the toast, or %NULL when @page is
 *   in no toast overlay
 */
AdwToast *
ct_gui_show_undo_toast (GtkWidget    *page,
                        gsize         session_offset,
                        const char   *title,
                        CtGuiUndoFunc undo,
                        gint64        id)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (page, ADW_TYPE_TOAST_OVERLAY);
  UndoToast *data;
  AdwToast *toast;

  if (overlay == NULL)
    return NULL;
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  data = g_new0 (UndoToast, 1);
  g_weak_ref_init (&data->page, page);
  data->session_offset = session_offset;
  data->session = G_STRUCT_MEMBER (gpointer, page, session_offset);
  data->undo = undo;
  data->id = id;
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), data,
                         undo_toast_free, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return toast;
}
