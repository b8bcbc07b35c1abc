/* ct-first-steps-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shown once, at the first unlock after a team file was made: the three
 * things that turn a new file into a working team, each a row that goes
 * there. Choosing one answers the dialog with the step's name ("members",
 * "areas", "meeting"); the window takes the member to the page and opens
 * its form. Nothing of the team is in the dialog itself. */

#define G_LOG_DOMAIN "ct-first-steps-dialog"

#include "config.h"

#include "ct-first-steps-dialog.h"

struct _CtFirstStepsDialog
{
  AdwMessageDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (CtFirstStepsDialog, ct_first_steps_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
go_action (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  /* A row is no response button: answer, then close as a button would. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (widget), g_variant_get_string (param, NULL));
  gtk_window_close (GTK_WINDOW (widget));
}

static void
ct_first_steps_dialog_class_init (CtFirstStepsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-first-steps-dialog.ui");
  gtk_widget_class_install_action (widget_class, "first-steps.go", "s", go_action);
}

static void
ct_first_steps_dialog_init (CtFirstStepsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ct_first_steps_dialog_new (GtkWindow *parent)
{
  return g_object_new (CT_TYPE_FIRST_STEPS_DIALOG, "transient-for", parent, NULL);
}
