/* ct-budget-page-dialogs.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The budget page opens its two forms here: booking an expense to a case
 * (CtExpenseDialog), and making or editing a budget period, the
 * voorzitter's or a beheerder's (CtPeriodDialog). Each is made when it is
 * asked for and destroyed when it closes, so no hidden copy of what was
 * typed outlives it; the page owns it, so a lock closes it. */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-budget-page-private.h"
#include "ct-expense-dialog.h"
#include "ct-gui-windows.h"
#include "ct-period-dialog.h"

/* What was typed in the dialogs, and a file still to choose, go with the
 * session; no answer reaches the page after that. */
void
_ct_budget_page_close_dialogs (CtBudgetPage *self)
{
  ct_gui_clear_chooser (&self->chooser);
  if (self->add_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->add_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->add_dialog)));
    }
  if (self->period_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->period_dialog, self);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->period_dialog)));
    }
  _ct_budget_page_close_correction (self);
}

/* A drop-down whose open cases a worker reads. */
typedef struct
{
  GtkDropDown *dropdown;  /* weak: gone with its form */
  GArray      *ids;
  gint64       selected_id;
} FillCases;

static void
fill_cases_free (FillCases *fill)
{
  g_clear_weak_pointer (&fill->dropdown);
  g_array_unref (fill->ids);
  g_free (fill);
}

/* In a worker, with a reader of the session. Numbers and statuses are
 * general fields: no category part of every case is decrypted (and
 * logged) for a drop-down. */
static gpointer
read_cases_cb (CtSession     *reader,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  static const char * const general_only[] = { NULL };

  return ct_session_list_fields (reader, "cases", NULL, 0, general_only, error);
}

/* Only open cases take an expense, found by typing part of the number. The
 * default is the case the member has open, or no case at all: a wrong
 * default books money to the wrong household. */
static void
cases_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FillCases *fill = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = ct_session_read_finish (CT_SESSION (source), result, &error);
  g_autoptr(GtkStringList) numbers = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  /* Cancelled: the form closed, with the session or by the member. */
  if (fill->dropdown == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fill_cases_free (fill);
      return;
    }
  if (cases == NULL)
    g_debug ("No cases for the expense form: %s", error->message);

  numbers = gtk_string_list_new (NULL);
  g_array_set_size (fill->ids, 0);
  for (guint i = 0; cases != NULL && i < cases->len; i++)
    {
      CtRecord *kase = g_ptr_array_index (cases, i);
      gint64 id = ct_record_get_id (kase);

      if (g_strcmp0 (ct_record_get (kase, "status"), "afgesloten") == 0)
        continue;
      if (id == fill->selected_id)
        selected = fill->ids->len;
      g_array_append_val (fill->ids, id);
      gtk_string_list_append (numbers, ct_record_get (kase, "number"));
    }
  gtk_drop_down_set_model (fill->dropdown, G_LIST_MODEL (numbers));
  gtk_drop_down_set_selected (fill->dropdown, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (fill->dropdown), TRUE);
  fill_cases_free (fill);
}

/**
 * _ct_budget_page_fill_cases:
 * @ids: (element-type gint64): filled with the case of each item of
 *   @dropdown, once the cases are read
 * @selected_id: the case chosen at first, or 0 for none
 *
 * Fills @dropdown with the open cases, read in a worker
 * (ct_session_read_async()): at 10 000 households a read in this thread
 * stopped the window. Meanwhile the drop-down says so and cannot be
 * used; a read whose drop-down went (its form closed, or the team
 * locked) is given up.
 */
void
_ct_budget_page_fill_cases (CtSession   *session,
                            GtkDropDown *dropdown,
                            GArray      *ids,
                            gint64       selected_id)
{
  const char * const loading[] = { _("Loading cases…"), NULL };
  g_autoptr(GtkStringList) placeholder = gtk_string_list_new (loading);
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FillCases *fill = g_new0 (FillCases, 1);

  g_array_set_size (ids, 0);
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (placeholder));
  gtk_drop_down_set_selected (dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), FALSE);

  g_set_weak_pointer (&fill->dropdown, dropdown);
  fill->ids = g_array_ref (ids);
  fill->selected_id = selected_id;
  g_signal_connect_object (dropdown, "destroy", G_CALLBACK (g_cancellable_cancel), cancellable,
                           G_CONNECT_SWAPPED);
  ct_session_read_async (session, read_cases_cb, NULL, (GDestroyNotify) g_ptr_array_unref,
                         cancellable, cases_read_cb, fill);
}

/* "125,50", "1.100,50", "1,100.50" or "125" euros → cents; -1 when it is
 * not an amount. The last separator followed by one or two digits is the
 * decimal one; any other separator groups thousands. */
gint64
_ct_budget_page_parse_euros (const char *text)
{
  const char *last_sep = NULL;
  gint64 cents = 0;
  gsize decimals = 0, digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '.' || *p == ',')
      last_sep = p;
    else if (g_ascii_isdigit (*p))
      digits++;
    else if (*p != ' ')
      return -1;
  if (digits == 0 || digits > 12)
    return -1;
  if (last_sep != NULL && strlen (last_sep + 1) <= 2)
    decimals = strlen (last_sep + 1);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      cents = cents * 10 + (*p - '0');
  for (gsize i = decimals; i < 2; i++)
    cents *= 10;
  return cents;
}

/* A dialog the page opened is gone: the page forgets it then, not later
 * when the last reference goes. */
static void
expense_dialog_destroyed_cb (CtBudgetPage *self)
{
  self->add_dialog = NULL;
}

static void
period_dialog_destroyed_cb (CtBudgetPage *self)
{
  self->period_dialog = NULL;
}

static GtkWindow *
page_window (CtBudgetPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
expense_booked_cb (CtExpenseDialog *dialog,
                   gint64           id,
                   CtBudgetPage    *self)
{
  _ct_budget_page_show_summary (self);
  _ct_budget_page_show_undo (self, id);
}

void
_ct_budget_page_add_expense_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);

  if (self->add_dialog == NULL)
    {
      GtkWidget *dialog = ct_expense_dialog_new (page_window (self), self->session,
                                                 _ct_budget_page_get_period_id (self),
                                                 self->current_case_id);

      self->add_dialog = CT_EXPENSE_DIALOG (dialog);
      ct_gui_own_window (self, GTK_WINDOW (self->add_dialog));
      g_signal_connect_object (self->add_dialog, "booked", G_CALLBACK (expense_booked_cb),
                               self, 0);
      g_signal_connect_object (self->add_dialog, "destroy",
                               G_CALLBACK (expense_dialog_destroyed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->add_dialog));
}

static void
select_period (CtBudgetPage *self,
               gint64        period_id)
{
  for (guint i = 0; i < self->period_ids->len; i++)
    if (g_array_index (self->period_ids, gint64, i) == period_id)
      gtk_drop_down_set_selected (self->period_dropdown, i);
}

static void
period_saved_cb (CtPeriodDialog *dialog,
                 gint64          id,
                 gboolean        created,
                 CtBudgetPage   *self)
{
  _ct_budget_page_load_periods (self);
  select_period (self, id);
  _ct_budget_page_show_summary (self);
  ct_gui_show_toast (GTK_WIDGET (self), created ? _("Budget period created")
                                                : _("Budget period saved"));
}

/* @period: (nullable): the period to edit, or %NULL for a new one */
static void
open_period_dialog (CtBudgetPage *self,
                    CtRecord     *period)
{
  /* One form at a time: another period asked for replaces it. */
  if (self->period_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->period_dialog));
  self->period_dialog = CT_PERIOD_DIALOG (ct_period_dialog_new (page_window (self),
                                                                self->session, period));
  ct_gui_own_window (self, GTK_WINDOW (self->period_dialog));
  g_signal_connect_object (self->period_dialog, "saved", G_CALLBACK (period_saved_cb), self, 0);
  g_signal_connect_object (self->period_dialog, "destroy", G_CALLBACK (period_dialog_destroyed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->period_dialog));
}

static void
present_period_dialog (CtBudgetPage *self,
                       gint64        period_id)
{
  /* A period to edit is read in a worker first. */
  if (period_id > 0)
    _ct_budget_page_open_record (self, "budget_periods", period_id, open_period_dialog);
  else
    open_period_dialog (self, NULL);
}

void
_ct_budget_page_new_period_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  present_period_dialog (CT_BUDGET_PAGE (widget), 0);
}

void
_ct_budget_page_edit_period_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (widget);

  present_period_dialog (self, _ct_budget_page_get_period_id (self));
}
