/* ct-reason-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Correcting a decision later (withdrawing an approval, reopening a closed
 * meeting, marking flagged words as not identifying) always asks why: the
 * core refuses a blank reason and writes it to the access log. This is
 * the one question for all of them: a message dialog with a Reason row,
 * whose confirming answer is off until a reason is typed. The dialog is
 * owned by the page that asks (ct_gui_own_window()), so a lock closes it. */

#define G_LOG_DOMAIN "ct-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-gui-windows.h"
#include "ct-reason-dialog.h"

static void
reason_changed_cb (AdwEntryRow      *row,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = ct_reason_dialog_dup_reason (dialog);

  adw_message_dialog_set_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM, reason[0] != '\0');
}

/**
 * ct_reason_dialog_new:
 * @owner: the page that asks; the dialog goes over its window
 * @confirm_label: the answer that takes the step, with a mnemonic
 *
 * Returns: (transfer none): the dialog, not yet presented; its responses
 *   are "cancel" and %CT_REASON_DIALOG_CONFIRM
 */
AdwMessageDialog *
ct_reason_dialog_new (GtkWidget  *owner,
                      const char *heading,
                      const char *body,
                      const char *confirm_label)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  AdwMessageDialog *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_entry_row_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                           : NULL,
                                                       heading, body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (dialog, list);

  ct_gui_add_destructive_responses (dialog, "cancel", _("_Cancel"),
                                    CT_REASON_DIALOG_CONFIRM, confirm_label);
  adw_message_dialog_set_response_enabled (dialog, CT_REASON_DIALOG_CONFIRM, FALSE);
  g_signal_connect_object (row, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  ct_gui_own_window (owner, GTK_WINDOW (dialog));
  gtk_widget_grab_focus (row);

  return dialog;
}

/**
 * ct_reason_dialog_get_row:
 *
 * Returns: (transfer none): the row the reason is typed in
 */
AdwEntryRow *
ct_reason_dialog_get_row (AdwMessageDialog *dialog)
{
  GtkWidget *list;

  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  list = adw_message_dialog_get_extra_child (dialog);
  return ADW_ENTRY_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
}

/**
 * ct_reason_dialog_dup_reason:
 *
 * Returns: (transfer full): the reason typed, without surrounding spaces
 */
char *
ct_reason_dialog_dup_reason (AdwMessageDialog *dialog)
{
  AdwEntryRow *row = ct_reason_dialog_get_row (dialog);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}
