/* ct-area-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The beheerder's form for an area of the team: its name and its
 * four-digit postcode areas. Both are checked with the schema's own rules
 * (ct_field_normalize()) as they are typed, and "save" is enabled only
 * when both hold a value the core accepts; the page writes the area
 * through the session when the dialog answers. */

#define G_LOG_DOMAIN "ct-area-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-area-dialog-private.h"

G_DEFINE_FINAL_TYPE (CtAreaDialog, ct_area_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Shows why the form cannot be saved yet; NULL hides the label. */
static void
set_error (CtAreaDialog *self,
           const char   *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && message[0] != '\0');
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", message == NULL);
}

static void
form_changed_cb (CtAreaDialog *self)
{
  const CtTable *table = ct_schema_get_table ("areas");
  const struct { const char *field; AdwEntryRow *row; } rows[] = {
    { "name", self->name_row },
    { "postcodes", self->postcodes_row },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ct_field_normalize (ct_table_get_field (table, rows[i].field),
                                                    row_text (rows[i].row), &error);

      if (normal == NULL || normal[0] == '\0')
        {
          set_error (self, error != NULL ? error->message : "");
          return;
        }
    }
  set_error (self, NULL);
}

static void
ct_area_dialog_class_init (CtAreaDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-area-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtAreaDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CtAreaDialog, postcodes_row);
  gtk_widget_class_bind_template_child (widget_class, CtAreaDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
}

static void
ct_area_dialog_init (CtAreaDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  form_changed_cb (self);
}

/**
 * ct_area_dialog_new:
 * @area: (nullable): the area to edit, or %NULL for a new one
 */
GtkWidget *
ct_area_dialog_new (GtkWindow *parent,
                    CtRecord  *area)
{
  CtAreaDialog *self = g_object_new (CT_TYPE_AREA_DIALOG, "transient-for", parent, NULL);

  if (area != NULL)
    {
      const char *name = ct_record_get (area, "name");
      const char *postcodes = ct_record_get (area, "postcodes");

      self->id = ct_record_get_id (area);
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Edit Area"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
      gtk_editable_set_text (GTK_EDITABLE (self->postcodes_row),
                             postcodes != NULL ? postcodes : "");
    }
  return GTK_WIDGET (self);
}

/* Returns: the area's id, or 0 for a new area */
gint64
ct_area_dialog_get_id (CtAreaDialog *self)
{
  g_return_val_if_fail (CT_IS_AREA_DIALOG (self), 0);

  return self->id;
}

const char *
ct_area_dialog_get_name (CtAreaDialog *self)
{
  g_return_val_if_fail (CT_IS_AREA_DIALOG (self), NULL);

  return row_text (self->name_row);
}

const char *
ct_area_dialog_get_postcodes (CtAreaDialog *self)
{
  g_return_val_if_fail (CT_IS_AREA_DIALOG (self), NULL);

  return row_text (self->postcodes_row);
}
