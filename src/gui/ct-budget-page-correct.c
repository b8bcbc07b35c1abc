/* ct-budget-page-correct.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-budget-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-budget-page-private.h"
#include "ct-gui-labels.h"
#include "ct-gui-windows.h"
#include "ct-saving.h"

/* Taking back money booked in error (docs/budget.md): "Undo" on the toast
 * right after booking, and "Correct…" on an expense, which withdraws it or
 * books it again to another case or amount, always with a reason. Both go
 * through ct_budget_withdraw_expense() or ct_budget_correct_expense(): a
 * counter-booking keeps the original on record, nothing is deleted.
 * They run in the session's write queue (ct_session_write_async();
 * HACKING.md, "Threads", rule 4), with what was asked copied out of the
 * toast or the dialog: the window goes on while the session's readers
 * hold the file, and "Correct…" is off until it is written. */

/* A withdrawal or a correction, as asked; the page may be gone when it
 * is done, and is a weak reference (ct_saving_write()). */
typedef struct
{
  gint64      expense_id;
  gboolean    correct;     /* booked anew to @case_id, @cents; else withdrawn */
  gint64      case_id;
  gint64      cents;
  char       *reason;
  const char *done;        /* static: the toast once it is written */
} Correction;

static void
correction_free (gpointer data)
{
  Correction *c = data;

  g_free (c->reason);
  g_free (c);
}

/* In the session's write queue. */
static gboolean
write_correction (CtSession *session,
                  gpointer   data,
                  GError   **error)
{
  Correction *c = data;

  if (c->correct)
    return ct_budget_correct_expense (session, c->expense_id, c->case_id, c->cents, c->reason,
                                      error) > 0;
  return ct_budget_withdraw_expense (session, c->expense_id, c->reason, error) > 0;
}

static void
set_correcting (CtBudgetPage *self,
                gboolean      more)
{
  if (more)
    self->correcting++;
  else
    {
      g_assert (self->correcting > 0);
      self->correcting--;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "budget.correct", self->correcting == 0);
}

/* Back from the write queue: what was done, or why not, and the summary
 * read again; nothing when the page is gone or its session changed. */
static void
corrected_cb (gpointer      owner,
              CtSession    *session,
              GAsyncResult *result)
{
  Correction *c = ct_session_write_get_data (result);
  CtBudgetPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);

  if (self == NULL)
    return;
  set_correcting (self, FALSE);
  if (self->session != session)
    return;
  ct_gui_show_toast (GTK_WIDGET (self), ok ? _(c->done) : error->message);
  _ct_budget_page_show_summary (self);
}

static void
correct_async (CtBudgetPage *self,
               Correction   *c)
{
  set_correcting (self, TRUE);
  ct_saving_write (self, self->session, write_correction, c, correction_free, NULL, NULL,
                   corrected_cb);
}

static void
undo_booking (GtkWidget *page,
              gint64     expense_id)
{
  CtBudgetPage *self = CT_BUDGET_PAGE (page);
  Correction *c;

  if (self->session == NULL)
    return;
  c = g_new0 (Correction, 1);
  c->expense_id = expense_id;
  c->reason = g_strdup (_("Undone right after booking"));
  c->done = N_("Expense withdrawn");
  correct_async (self, c);
}

/**
 * _ct_budget_page_show_undo:
 *
 * "Expense booked" with "Undo" for as long as the toast is shown; undo is a
 * withdrawal with a fixed reason, so the log shows what happened.
 */
void
_ct_budget_page_show_undo (CtBudgetPage *self,
                           gint64        expense_id)
{
  AdwToast *toast = ct_gui_show_undo_toast (GTK_WIDGET (self),
                                            G_STRUCT_OFFSET (CtBudgetPage, session),
                                            _("Expense booked"), undo_booking, expense_id);

  if (toast != NULL)
    g_set_weak_pointer (&self->undo_toast, toast);
}

static void
reason_changed_cb (CtBudgetPage *self)
{
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->correct_reason))));

  adw_message_dialog_set_response_enabled (self->correct_dialog, "withdraw", reason[0] != '\0');
  adw_message_dialog_set_response_enabled (self->correct_dialog, "correct", reason[0] != '\0');
}

static void
correct_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CtBudgetPage     *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->correct_reason));
  guint case_pos = gtk_drop_down_get_selected (self->correct_case);
  gint64 cents = _ct_budget_page_parse_euros (gtk_editable_get_text (GTK_EDITABLE (self->correct_amount)));
  g_autoptr(GError) error = NULL;
  Correction *c;

  if ((!g_str_equal (response, "withdraw") && !g_str_equal (response, "correct"))
      || self->session == NULL)
    return;
  if (g_str_equal (response, "correct"))
    {
      if (case_pos >= self->correct_case_ids->len)
        ct_set_field_error (&error, "expenses", "case_id", "%s: %s", _("Case"),
                            _("choose the case the expense belongs to."));
      else if (cents <= 0)
        ct_set_field_error (&error, "expenses", "amount_cents", "%s: %s", _("Amount"),
                            _("an amount in euros, for example 125,50."));
      if (error != NULL)
        {
          ct_gui_show_toast (GTK_WIDGET (self), error->message);
          _ct_budget_page_show_summary (self);
          return;
        }
    }

  c = g_new0 (Correction, 1);
  c->expense_id = self->correct_id;
  c->reason = g_strdup (reason);
  if (g_str_equal (response, "correct"))
    {
      c->correct = TRUE;
      c->case_id = g_array_index (self->correct_case_ids, gint64, case_pos);
      c->cents = cents;
      c->done = N_("Expense corrected");
    }
  else
    c->done = N_("Expense withdrawn");
  correct_async (self, c);
}

static void
correct_destroyed_cb (CtBudgetPage *self)
{
  self->correct_dialog = NULL;
  self->correct_case = NULL;
  self->correct_amount = NULL;
  self->correct_reason = NULL;
}

void
_ct_budget_page_close_correction (CtBudgetPage *self)
{
  if (self->undo_toast != NULL)
    {
      adw_toast_dismiss (self->undo_toast);
      g_clear_weak_pointer (&self->undo_toast);
    }
  if (self->correct_dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->correct_dialog, self);
  gtk_window_destroy (GTK_WINDOW (self->correct_dialog));
  correct_destroyed_cb (self);
}

static AdwEntryRow *
entry_row (GtkWidget  *list,
           const char *title,
           const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return ADW_ENTRY_ROW (row);
}

/* "Correct…" on an expense: the case (open cases, this one first chosen),
 * the amount and a required reason; "Withdraw" or "Save Correction". */
static void
open_correction (CtBudgetPage *self,
                 CtRecord     *expense)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *amount = NULL;
  GtkWidget *list, *case_row, *dropdown;

  _ct_budget_page_close_correction (self);
  self->correct_id = ct_record_get_id (expense);
  self->correct_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Correct Expense"),
      _("Nothing booked is deleted: the expense is withdrawn by a counter-booking that keeps "
        "it on record. To correct it, the right case or amount is booked anew. The reason is "
        "kept with it for the team and the auditor.")));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  case_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (case_row), _("Case"));
  dropdown = gtk_drop_down_new (NULL, NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Case"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (case_row), dropdown);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (case_row), dropdown);
  gtk_list_box_append (GTK_LIST_BOX (list), case_row);
  self->correct_case = GTK_DROP_DOWN (dropdown);
  _ct_budget_page_fill_cases (self->session, self->correct_case, self->correct_case_ids,
                              ct_record_get_int (expense, "case_id"));
  /* The amount as a person types it, with the decimal separator of
   * ct_money_format(): 425,00 in Dutch. */
  amount = g_strdup_printf ("%" G_GINT64_FORMAT "%c%02d",
                            ct_record_get_int (expense, "amount_cents") / 100, _(",.")[1],
                            (int) (ct_record_get_int (expense, "amount_cents") % 100));
  self->correct_amount = entry_row (list, _("Amount in euros"), amount);
  self->correct_reason = entry_row (list, _("Reason"), "");
  adw_message_dialog_set_extra_child (self->correct_dialog, list);

  adw_message_dialog_add_responses (self->correct_dialog, "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    "correct", _("_Save Correction"), NULL);
  adw_message_dialog_set_response_appearance (self->correct_dialog, "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (self->correct_dialog, "correct",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (self->correct_dialog, "cancel");
  reason_changed_cb (self);
  g_signal_connect_swapped (self->correct_reason, "changed", G_CALLBACK (reason_changed_cb), self);
  g_signal_connect (self->correct_dialog, "response", G_CALLBACK (correct_response_cb), self);
  g_signal_connect_swapped (self->correct_dialog, "destroy", G_CALLBACK (correct_destroyed_cb),
                            self);
  gtk_window_present (GTK_WINDOW (self->correct_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->correct_reason));
}

/**
 * _ct_budget_page_correct_action:
 *
 * "Correct…" on an expense: the expense is read in a worker, then its
 * correction dialog opens.
 */
void
_ct_budget_page_correct_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  _ct_budget_page_open_record (CT_BUDGET_PAGE (widget), "expenses",
                               g_variant_get_int64 (parameter), open_correction);
}
