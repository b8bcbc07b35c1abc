/* ct-goal-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new goal of a household's plan: its ZRM domain, what the household
 * wants to reach there and, if the team sets one, the score it aims at.
 * "add" is enabled once the goal is written; the plan stores the record
 * the dialog gives (ct_goal_dialog_dup_record()) through the session. */

#define G_LOG_DOMAIN "ct-goal-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-goal-dialog-private.h"
#include "ct-gui-labels.h"

#define N_SCORES 5

G_DEFINE_FINAL_TYPE (CtGoalDialog, ct_goal_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
description_changed_cb (CtGoalDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", text[0] != '\0');
}

static void
ct_goal_dialog_class_init (CtGoalDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-goal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtGoalDialog, domain_row);
  gtk_widget_class_bind_template_child (widget_class, CtGoalDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, CtGoalDialog, target_row);
  gtk_widget_class_bind_template_callback (widget_class, description_changed_cb);
}

static void
ct_goal_dialog_init (CtGoalDialog *self)
{
  g_autoptr(GtkStringList) domains = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    gtk_string_list_append (domains, ct_gui_domain_label (d));
  gtk_string_list_append (targets, _("None"));
  for (guint score = 1; score <= N_SCORES; score++)
    {
      g_autofree char *text = g_strdup_printf ("%u · %s", score, ct_gui_zrm_level (score));

      gtk_string_list_append (targets, text);
    }
  adw_combo_row_set_model (self->domain_row, G_LIST_MODEL (domains));
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (targets));
}

GtkWidget *
ct_goal_dialog_new (GtkWindow *parent)
{
  return g_object_new (CT_TYPE_GOAL_DIALOG, "transient-for", parent, NULL);
}

/**
 * ct_goal_dialog_dup_record:
 * @household_id: the household whose plan the goal is in
 *
 * Returns: (transfer full): a new, open goal as the form describes it
 */
CtRecord *
ct_goal_dialog_dup_record (CtGoalDialog *self,
                           gint64        household_id)
{
  CtRecord *record;
  guint domain;
  guint target;

  g_return_val_if_fail (CT_IS_GOAL_DIALOG (self), NULL);

  domain = adw_combo_row_get_selected (self->domain_row);
  target = adw_combo_row_get_selected (self->target_row);
  record = ct_record_new ("goals");
  ct_record_set_int (record, "household_id", household_id);
  ct_record_set (record, "domain", ct_zrm_domains[MIN (domain, CT_ZRM_N_DOMAINS - 1)]);
  ct_record_set (record, "description",
                 gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  if (target > 0 && target <= N_SCORES)
    ct_record_set_int (record, "target_score", target);
  ct_record_set (record, "status", "open");
  return record;
}
