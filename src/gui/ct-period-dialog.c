/* ct-period-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The voorzitter's or a beheerder's form for a budget period: new, or one
 * to edit. Every field is read as the core reads it; the period is written
 * through the session, which checks it again, and the dialog says "saved"
 * with its id. It exists only while it is open. */

#define G_LOG_DOMAIN "ct-period-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-gui-labels.h"
#include "ct-period-dialog-private.h"
#include "ct-saving.h"

enum { SAVED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CtPeriodDialog, ct_period_dialog, ADW_TYPE_WINDOW)

/* The rows, in this order. */
static const char *const period_fields[] = {
  "name", "starts_on", "ends_on", "amount_cents", "case_ceiling_cents",
};

static void
get_rows (CtPeriodDialog *self,
          GtkWidget      *rows[G_N_ELEMENTS (period_fields)])
{
  GtkWidget *widgets[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->start_row), GTK_WIDGET (self->end_row),
    GTK_WIDGET (self->amount_row), GTK_WIDGET (self->ceiling_row),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (widgets) == G_N_ELEMENTS (period_fields));
  memcpy (rows, widgets, sizeof widgets);
}

/* Every field read as the core reads it; the first that fails is marked
 * and nothing is set further. */
static gboolean
read_form (CtPeriodDialog *self,
           CtRecord       *period,
           GError        **error)
{
  const CtTable *table = ct_schema_get_table ("budget_periods");
  GtkWidget *rows[G_N_ELEMENTS (period_fields)];

  get_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value =
        ct_gui_field_from_text (ct_table_get_field (table, period_fields[i]),
                                gtk_editable_get_text (GTK_EDITABLE (rows[i])), error);

      if (value == NULL)
        return FALSE;
      ct_record_set (period, period_fields[i], *value != '\0' ? value : NULL);
    }
  return TRUE;
}

static gboolean
write_period (CtSession *session,
              gpointer   data,
              GError   **error)
{
  CtRecord *period = data;

  return ct_record_get_id (period) > 0 ? ct_session_update (session, period, error)
                                       : ct_session_insert (session, period, error) > 0;
}

/* Back from the session's write queue: closed with the period written, or
 * the error said under the form, on its field when it names one. */
static void
written_cb (gpointer      owner,
            CtSession    *session,
            GAsyncResult *result)
{
  CtPeriodDialog *self = owner;
  g_autoptr(GError) error = NULL;
  CtRecord *period = ct_session_write_get_data (result);
  GtkWidget *rows[G_N_ELEMENTS (period_fields)];

  gboolean ok = ct_session_write_finish (session, result, &error);

  /* Closed meanwhile (the team locked): nothing to say anything in. */
  if (self == NULL || self->session == NULL)
    return;
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  if (!ok)
    {
      get_rows (self, rows);
      ct_gui_show_field_error ("budget_periods", period_fields, rows, G_N_ELEMENTS (rows),
                               self->error_label, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, ct_record_get_id (period), self->id == 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* Writes @period, the form's values on it, through the session's write
 * queue: "Saving…" on the button meanwhile (ct-saving.c), the window going
 * on while the session's readers hold the file. */
static void
write_form (CtPeriodDialog *self,
            CtRecord       *period)
{
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  ct_saving_write (self, self->session, write_period, ct_record_ref (period),
                   (GDestroyNotify) ct_record_unref, GTK_WIDGET (self->save_button), NULL,
                   written_cb);
}

/* A period to edit, read in a worker (ct_saving_get(), logged as
 * ct_session_get() logs it) with the form's values waiting in @data;
 * meanwhile the dialog is saving. @owner: the dialog, while it is there. */
static void
period_read_cb (gpointer      owner,
                CtSession    *session,
                CtRecord     *period,
                const GError *error,
                gpointer      data)
{
  CtPeriodDialog *self = owner;
  CtRecord *form = data;
  GtkWidget *rows[G_N_ELEMENTS (period_fields)];

  /* Closed meanwhile (the team locked): nothing to say anything in. */
  if (self == NULL || self->session == NULL)
    return;
  ct_saving_end (GTK_WIDGET (self->save_button));
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  if (period == NULL)
    {
      get_rows (self, rows);
      ct_gui_show_field_error ("budget_periods", period_fields, rows, G_N_ELEMENTS (rows),
                               self->error_label, error->message);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (period_fields); i++)
    ct_record_set (period, period_fields[i], ct_record_get (form, period_fields[i]));
  write_form (self, period);
}

/* The form read as the core reads it, then, on the period it edits, read
 * in a worker first, written. */
static void
save_cb (CtPeriodDialog *self)
{
  g_autoptr(CtRecord) form = ct_record_new ("budget_periods");
  g_autoptr(GError) error = NULL;
  GtkWidget *rows[G_N_ELEMENTS (period_fields)];

  if (ct_saving_is_saving (GTK_WIDGET (self->save_button)))
    return;
  get_rows (self, rows);
  ct_gui_clear_field_errors (rows, G_N_ELEMENTS (rows), self->error_label);
  if (!read_form (self, form, &error))
    {
      ct_gui_show_field_error ("budget_periods", period_fields, rows, G_N_ELEMENTS (rows),
                               self->error_label, error->message);
      return;
    }
  if (self->id == 0)
    {
      write_form (self, form);
      return;
    }
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  ct_saving_begin (GTK_WIDGET (self->save_button));
  ct_saving_get (self, self->session, "budget_periods", self->id, g_steal_pointer (&form),
                 (GDestroyNotify) ct_record_unref, period_read_cb);
}

static void
cancel_cb (CtPeriodDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
ct_period_dialog_dispose (GObject *object)
{
  CtPeriodDialog *self = CT_PERIOD_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CT_TYPE_PERIOD_DIALOG);
  G_OBJECT_CLASS (ct_period_dialog_parent_class)->dispose (object);
}

static void
ct_period_dialog_class_init (CtPeriodDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_period_dialog_dispose;

  /**
   * CtPeriodDialog::saved:
   * @id: the period, now written
   * @created: whether the dialog made it
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                                 G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-period-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, ceiling_row);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CtPeriodDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
ct_period_dialog_init (CtPeriodDialog *self)
{
  const CtTable *table = ct_schema_get_table ("budget_periods");
  AdwEntryRow *dates[2];
  const char *date_fields[] = { "starts_on", "ends_on" };

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Being written: it closes itself once it is. */
  ct_saving_keep_open (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  /* The hints follow the translated date format, so they are set here. */
  dates[0] = self->start_row;
  dates[1] = self->end_row;
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *title =
        ct_gui_date_title (_(ct_table_get_field (table, date_fields[i])->label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dates[i]), title);
    }
}

/**
 * ct_period_dialog_new:
 * @session: the session the period is written through
 * @period: (nullable): the period to edit, or %NULL for a new one, which
 *   starts today
 */
GtkWidget *
ct_period_dialog_new (GtkWindow *parent,
                      CtSession *session,
                      CtRecord  *period)
{
  const CtTable *table = ct_schema_get_table ("budget_periods");
  g_autofree char *today = ct_gui_today ();
  GtkWidget *rows[G_N_ELEMENTS (period_fields)];
  CtPeriodDialog *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_PERIOD_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->id = period != NULL ? ct_record_get_id (period) : 0;
  get_rows (self, rows);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = period != NULL ? ct_record_get (period, period_fields[i])
                          : g_str_equal (period_fields[i], "starts_on") ? today : NULL;
      g_autofree char *text = ct_gui_field_to_text (ct_table_get_field (table, period_fields[i]),
                                                    value);

      gtk_editable_set_text (GTK_EDITABLE (rows[i]), text);
    }
  gtk_window_set_title (GTK_WINDOW (self), self->id > 0 ? _("Edit Period") : _("New Period"));
  gtk_button_set_label (self->save_button, self->id > 0 ? _("_Save") : _("C_reate"));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return GTK_WIDGET (self);
}
