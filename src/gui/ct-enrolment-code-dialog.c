/* ct-enrolment-code-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new member's one-time enrolment code, shown once to the beheerder who
 * added them. The code can be copied; the clipboard forgets it after a
 * minute, or when the window locks (ct-clipboard.c). The label forgets the
 * code when the dialog answers, so no copy of it stays in a widget that
 * may live on a little longer. */

#define G_LOG_DOMAIN "ct-enrolment-code-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clipboard.h"
#include "ct-enrolment-code-dialog-private.h"

#define CLIPBOARD_CLEAR_MS (60 * 1000)

G_DEFINE_FINAL_TYPE (CtEnrolmentCodeDialog, ct_enrolment_code_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
copy_clicked_cb (CtEnrolmentCodeDialog *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self->copy_button));

  ct_clipboard_set_team_secret (clipboard, gtk_label_get_text (self->code_label),
                                CLIPBOARD_CLEAR_MS);
  gtk_button_set_label (self->copy_button, _("Copied; cleared in 60 seconds"));
}

/* Shown once: the label forgets the code with the dialog. */
static void
response_cb (CtEnrolmentCodeDialog *self)
{
  gtk_label_set_text (self->code_label, "");
}

static void
ct_enrolment_code_dialog_class_init (CtEnrolmentCodeDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-enrolment-code-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtEnrolmentCodeDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, CtEnrolmentCodeDialog, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
ct_enrolment_code_dialog_init (CtEnrolmentCodeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ct_enrolment_code_dialog_new:
 * @name: the new member's name
 * @login: their login
 * @code: their enrolment code
 */
GtkWidget *
ct_enrolment_code_dialog_new (GtkWindow  *parent,
                              const char *name,
                              const char *login,
                              const char *code)
{
  CtEnrolmentCodeDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  heading = g_strdup_printf (_("Enrolment Code for %s"), name);
  body = g_strdup_printf (
      _("Give this code to %s in person or by phone. At their first unlock they type their "
        "login “%s” and this code as the passphrase, and then choose a passphrase of their "
        "own.\n\nThe code is shown only now. It works once."), name, login);
  self = g_object_new (CT_TYPE_ENROLMENT_CODE_DIALOG,
                       "transient-for", parent,
                       "heading", heading,
                       "body", body,
                       NULL);
  gtk_label_set_text (self->code_label, code);
  return GTK_WIDGET (self);
}
