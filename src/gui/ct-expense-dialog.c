/* ct-expense-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The form that books an expense to an open case of a budget period. It
 * reads the amount and the date itself, books through
 * ct_budget_add_expense(), which checks everything again, in the
 * session's write queue (ct_session_write_async(); HACKING.md, "Threads",
 * rule 4): "Saving…" on the button meanwhile (ct-saving.c), the window
 * going on while the session's readers hold the file. Then it says
 * "booked" with the new expense's id. It exists only while it is open, so
 * no hidden copy of what was typed outlives it. */

#define G_LOG_DOMAIN "ct-expense-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget-page-private.h"
#include "ct-expense-dialog-private.h"
#include "ct-gui-labels.h"
#include "ct-saving.h"

enum { BOOKED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CtExpenseDialog, ct_expense_dialog, ADW_TYPE_WINDOW)

/* The rows, and the fields the core names in its messages. */
static const char *const expense_fields[] = {
  "case_id", "purpose", "amount_cents", "spent_on", "justification",
};

static void
get_rows (CtExpenseDialog *self,
          GtkWidget       *rows[G_N_ELEMENTS (expense_fields)])
{
  GtkWidget *widgets[] = {
    GTK_WIDGET (self->case_row), GTK_WIDGET (self->purpose_row),
    GTK_WIDGET (self->amount_row), GTK_WIDGET (self->date_row),
    GTK_WIDGET (self->justification_row),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (widgets) == G_N_ELEMENTS (expense_fields));
  memcpy (rows, widgets, sizeof widgets);
}

static void
show_error (CtExpenseDialog *self,
            const char      *message)
{
  GtkWidget *rows[G_N_ELEMENTS (expense_fields)];

  get_rows (self, rows);
  ct_gui_show_field_error ("expenses", expense_fields, rows, G_N_ELEMENTS (rows),
                           self->error_label, message);
}

/* The expense as the form read it, and the id it is booked under. */
typedef struct
{
  CtRecord *expense;
  gint64    id;
} Booking;

static void
booking_free (gpointer data)
{
  Booking *booking = data;

  ct_record_unref (booking->expense);
  g_free (booking);
}

/* In the session's write queue. */
static gboolean
book_expense (CtSession *session,
              gpointer   data,
              GError   **error)
{
  Booking *booking = data;

  booking->id = ct_budget_add_expense (session, booking->expense, error);
  return booking->id > 0;
}

/* Back from the session's write queue: closed with the expense booked, or
 * the error said under the form, on its field when it names one. */
static void
booked_cb (gpointer      owner,
           CtSession    *session,
           GAsyncResult *result)
{
  CtExpenseDialog *self = owner;
  g_autoptr(GError) error = NULL;
  Booking *booking = ct_session_write_get_data (result);
  gboolean ok = ct_session_write_finish (session, result, &error);

  /* Closed meanwhile (the team locked): nothing to say anything in. */
  if (self == NULL || self->session == NULL)
    return;
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[BOOKED], 0, booking->id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_cb (CtExpenseDialog *self)
{
  g_autoptr(CtRecord) e = ct_record_new ("expenses");
  g_autoptr(GError) error = NULL;
  GtkWidget *rows[G_N_ELEMENTS (expense_fields)];
  guint case_pos = gtk_drop_down_get_selected (self->case_dropdown);
  guint purpose_pos = adw_combo_row_get_selected (self->purpose_row);
  const char *amount = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  gint64 cents = _ct_budget_page_parse_euros (amount);
  const char *justification = gtk_editable_get_text (GTK_EDITABLE (self->justification_row));
  g_autofree char *spent_on = NULL;
  Booking *booking;

  if (ct_saving_is_saving (GTK_WIDGET (self->save_button)))
    return;
  get_rows (self, rows);
  ct_gui_clear_field_errors (rows, G_N_ELEMENTS (rows), self->error_label);
  /* The date as the case page takes it: "31-03-2026" in Dutch, or ISO. */
  spent_on = ct_gui_field_from_text (ct_table_get_field (ct_schema_get_table ("expenses"),
                                                         "spent_on"),
                                     gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                     &error);
  if (spent_on == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (cents < 0)
    {
      g_autofree char *message =
        g_strdup_printf ("%s: %s", _("Amount"), _("an amount in euros, for example 125,50."));

      gtk_widget_add_css_class (GTK_WIDGET (self->amount_row), "error");
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  ct_record_set_int (e, "period_id", self->period_id);
  if (case_pos < self->case_ids->len)
    ct_record_set_int (e, "case_id", g_array_index (self->case_ids, gint64, case_pos));
  ct_record_set_int (e, "amount_cents", cents);
  if (purpose_pos < CT_BUDGET_N_PURPOSES)
    ct_record_set (e, "purpose", ct_budget_get_purposes ()[purpose_pos]);
  ct_record_set (e, "spent_on", *spent_on != '\0' ? spent_on : NULL);
  if (*justification != '\0')
    ct_record_set (e, "justification", justification);

  booking = g_new0 (Booking, 1);
  booking->expense = g_steal_pointer (&e);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  ct_saving_write (self, self->session, book_expense, booking, booking_free,
                   GTK_WIDGET (self->save_button), NULL, booked_cb);
}

static void
cancel_cb (CtExpenseDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
ct_expense_dialog_dispose (GObject *object)
{
  CtExpenseDialog *self = CT_EXPENSE_DIALOG (object);

  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CT_TYPE_EXPENSE_DIALOG);
  G_OBJECT_CLASS (ct_expense_dialog_parent_class)->dispose (object);
}

static void
ct_expense_dialog_finalize (GObject *object)
{
  CtExpenseDialog *self = CT_EXPENSE_DIALOG (object);

  g_array_unref (self->case_ids);
  G_OBJECT_CLASS (ct_expense_dialog_parent_class)->finalize (object);
}

static void
ct_expense_dialog_class_init (CtExpenseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_expense_dialog_dispose;
  object_class->finalize = ct_expense_dialog_finalize;

  /**
   * CtExpenseDialog::booked:
   * @id: the expense, now booked
   */
  signals[BOOKED] = g_signal_new ("booked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-expense-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, case_row);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, case_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, justification_row);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CtExpenseDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
ct_expense_dialog_init (CtExpenseDialog *self)
{
  const CtField *f = ct_table_get_field (ct_schema_get_table ("expenses"), "spent_on");
  g_autofree char *title = ct_gui_date_title (_(f->label));
  g_autoptr(GtkStringList) purposes = gtk_string_list_new (NULL);
  g_autofree char *iso_today = ct_gui_today ();
  g_autofree char *today = ct_gui_format_date (iso_today);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Being written: it closes itself once it is. */
  ct_saving_keep_open (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  self->case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* The hint follows the translated date format, so it is set here. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), title);
  for (guint i = 0; i < CT_BUDGET_N_PURPOSES; i++)
    gtk_string_list_append (purposes, _ct_budget_page_purpose_title (i));
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (purposes));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
}

/**
 * ct_expense_dialog_new:
 * @session: the session the expense is booked through
 * @period_id: the budget period it is booked in
 * @case_id: the case chosen at first, or 0 for none
 */
GtkWidget *
ct_expense_dialog_new (GtkWindow *parent,
                       CtSession *session,
                       gint64     period_id,
                       gint64     case_id)
{
  CtExpenseDialog *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_EXPENSE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->period_id = period_id;
  _ct_budget_page_fill_cases (session, self->case_dropdown, self->case_ids, case_id);
  return GTK_WIDGET (self);
}
