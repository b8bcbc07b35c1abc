/* ct-action-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new action of a household's plan: who does what by when, for a goal
 * or for none. "add" is enabled once the action is written. The due date
 * is read as the other pages read dates ("31-03-2026" in Dutch, or ISO);
 * one that cannot be read is said under the form with its row marked,
 * and the plan shows the dialog again instead of storing anything. */

#define G_LOG_DOMAIN "ct-action-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-action-dialog-private.h"
#include "ct-gui-labels.h"

G_DEFINE_FINAL_TYPE (CtActionDialog, ct_action_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *partner_types[] = {
  "ggz", "verslavingszorg", "jeugdzorg", "wijkteam", "woningcorporatie", "schuldhulpverlening",
  "werk_inkomen", "politie", "justitie", "huisarts", "onderwijs", "maatschappelijk_werk",
  "overig",
};

static const CtField *
due_field (void)
{
  return ct_table_get_field (ct_schema_get_table ("actions"), "due_on");
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
what_changed_cb (CtActionDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (row_text (self->what_row)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", text[0] != '\0');
}

/* Marks the due date's row and says under the form what is wrong. */
static void
show_due_error (CtActionDialog *self,
                const char     *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "error");
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->due_row));
}

static void
ct_action_dialog_finalize (GObject *object)
{
  CtActionDialog *self = CT_ACTION_DIALOG (object);

  g_clear_pointer (&self->member_ids, g_array_unref);
  G_OBJECT_CLASS (ct_action_dialog_parent_class)->finalize (object);
}

static void
ct_action_dialog_class_init (CtActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ct_action_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, what_row);
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, partner_row);
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, partner_type_row);
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, responsible_row);
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, CtActionDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, what_changed_cb);
}

static void
ct_action_dialog_init (CtActionDialog *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autofree char *due_title = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->member_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < G_N_ELEMENTS (partner_types); i++)
    gtk_string_list_append (types, ct_gui_enum_label (NULL, partner_types[i]));
  adw_combo_row_set_model (self->partner_type_row, G_LIST_MODEL (types));
  due_title = ct_gui_date_title (_(due_field ()->label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row), due_title);
}

/**
 * ct_action_dialog_new:
 * @members: (element-type CtMemberInfo): the members who can be responsible
 * @goal_id: the goal the action serves, or 0 for none
 */
GtkWidget *
ct_action_dialog_new (GtkWindow *parent,
                      GPtrArray *members,
                      gint64     goal_id)
{
  CtActionDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_return_val_if_fail (members != NULL, NULL);

  self = g_object_new (CT_TYPE_ACTION_DIALOG, "transient-for", parent, NULL);
  self->goal_id = goal_id;
  gtk_string_list_append (names, _("No one yet"));
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      gtk_string_list_append (names, info->display_name);
      g_array_append_val (self->member_ids, info->id);
    }
  adw_combo_row_set_model (self->responsible_row, G_LIST_MODEL (names));
  return GTK_WIDGET (self);
}

/**
 * ct_action_dialog_dup_record:
 * @household_id: the household whose plan the action is in
 *
 * Returns: (transfer full) (nullable): a new, open action as the form
 *   describes it, or %NULL when the due date cannot be read, which the
 *   dialog then says under the form
 */
CtRecord *
ct_action_dialog_dup_record (CtActionDialog *self,
                             gint64          household_id)
{
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  const char *partner;
  guint responsible;
  guint type;

  g_return_val_if_fail (CT_IS_ACTION_DIALOG (self), NULL);

  due = ct_gui_field_from_text (due_field (), row_text (self->due_row), &error);
  if (due == NULL)
    {
      show_due_error (self, error->message);
      return NULL;
    }

  record = ct_record_new ("actions");
  ct_record_set (record, "due_on", *due != '\0' ? due : NULL);
  ct_record_set_int (record, "household_id", household_id);
  if (self->goal_id > 0)
    ct_record_set_int (record, "goal_id", self->goal_id);
  ct_record_set (record, "what", row_text (self->what_row));
  partner = row_text (self->partner_row);
  if (partner[0] != '\0')
    ct_record_set (record, "partner", partner);
  type = adw_combo_row_get_selected (self->partner_type_row);
  ct_record_set (record, "partner_type",
                 partner_types[MIN (type, G_N_ELEMENTS (partner_types) - 1)]);
  responsible = adw_combo_row_get_selected (self->responsible_row);
  if (responsible > 0 && responsible <= self->member_ids->len)
    ct_record_set_int (record, "responsible",
                       g_array_index (self->member_ids, gint64, responsible - 1));
  ct_record_set (record, "status", "open");
  return g_steal_pointer (&record);
}
