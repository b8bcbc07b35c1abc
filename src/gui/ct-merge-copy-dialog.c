/* ct-merge-copy-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Asked after an unlock when a sync program left a conflict copy of the
 * team file beside it (docs/sync-merge.md, "Conflict copies made by hand"): the
 * copies by file name, and the passphrase that opens them, which is this
 * file's unless it was changed in one of them. "Merge" answers the dialog;
 * the window opens each copy and merges it. A problem from an earlier try
 * (a passphrase that did not open the copy) is shown above the entry. */

#define G_LOG_DOMAIN "ct-merge-copy-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-merge-copy-dialog.h"

struct _CtMergeCopyDialog
{
  AdwMessageDialog parent_instance;

  GtkListBox       *copies_list;
  GtkLabel         *problem_label;
  AdwEntryRow      *passphrase_row;

  GPtrArray        *copies;
};

G_DEFINE_FINAL_TYPE (CtMergeCopyDialog, ct_merge_copy_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
passphrase_changed_cb (CtMergeCopyDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "merge", text[0] != '\0');
}

static void
passphrase_activated_cb (CtMergeCopyDialog *self)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "merge"))
    return;
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "merge");
  gtk_window_close (GTK_WINDOW (self));
}

static void
ct_merge_copy_dialog_finalize (GObject *object)
{
  CtMergeCopyDialog *self = CT_MERGE_COPY_DIALOG (object);

  g_clear_pointer (&self->copies, g_ptr_array_unref);
  G_OBJECT_CLASS (ct_merge_copy_dialog_parent_class)->finalize (object);
}

static void
ct_merge_copy_dialog_class_init (CtMergeCopyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ct_merge_copy_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-merge-copy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMergeCopyDialog, copies_list);
  gtk_widget_class_bind_template_child (widget_class, CtMergeCopyDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, CtMergeCopyDialog, passphrase_row);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_activated_cb);
}

static void
ct_merge_copy_dialog_init (CtMergeCopyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  passphrase_changed_cb (self);
}

/**
 * ct_merge_copy_dialog_new:
 * @copies: (element-type filename): the conflict copies found
 * @problem: (nullable): why the last try failed
 */
GtkWidget *
ct_merge_copy_dialog_new (GtkWindow  *parent,
                          GPtrArray  *copies,
                          const char *problem)
{
  CtMergeCopyDialog *self = g_object_new (CT_TYPE_MERGE_COPY_DIALOG, "transient-for", parent,
                                          NULL);

  self->copies = g_ptr_array_ref (copies);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "A sync program kept another version of this team "
                                               "file beside it. Merging adds what was written "
                                               "only in the copy; where both changed a field, "
                                               "both values are kept. Nothing is lost.",
                                               "A sync program kept %u other versions of this "
                                               "team file beside it. Merging adds what was "
                                               "written only in a copy; where both changed a "
                                               "field, both values are kept. Nothing is lost.",
                                               copies->len),
                                  copies->len);
  for (guint i = 0; i < copies->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (copies, i));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_append (self->copies_list, row);
    }
  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  return GTK_WIDGET (self);
}

/* Returns: (transfer none) (element-type filename): the copies asked about */
GPtrArray *
ct_merge_copy_dialog_get_copies (CtMergeCopyDialog *self)
{
  g_return_val_if_fail (CT_IS_MERGE_COPY_DIALOG (self), NULL);

  return self->copies;
}

/* The passphrase typed, in locked memory; the entry is emptied. */
CtSecret *
ct_merge_copy_dialog_take_passphrase (CtMergeCopyDialog *self)
{
  CtSecret *passphrase;

  g_return_val_if_fail (CT_IS_MERGE_COPY_DIALOG (self), NULL);

  passphrase = ct_secret_new_string (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  return passphrase;
}
