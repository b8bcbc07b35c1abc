/* ct-doorbraken-page-writes.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The writes of the Breakthroughs page (ct-doorbraken-page.c): saving the
 * form, a step of status and its Undo, withdrawing an approval. The page
 * reads, lists and shows; this file changes. */

#define G_LOG_DOMAIN "ct-doorbraken-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-doorbraak.h"
#include "ct-doorbraken-page-private.h"
#include "ct-error.h"
#include "ct-gui-windows.h"
#include "ct-reason-dialog.h"
#include "ct-saving.h"

/* The page's writes, through the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the form is
 * read into a copy of the record (ct_record_copy()), so a save that fails
 * leaves the record as it was read, and the page is a weak reference
 * (ct_saving_write()), so a page gone meanwhile is not touched. The button that started a write
 * says "Saving…" (ct-saving.c) and the form's other writes wait
 * (_ct_doorbraken_page_update_actions()). An error shows where it did: under the form, its
 * field's row marked, for a save or a step; a toast for the Undo and the
 * withdrawal. */
typedef enum { WRITE_SAVE, WRITE_STATUS, WRITE_UNDO, WRITE_WITHDRAW } WriteKind;

typedef struct
{
  WriteKind   kind;
  CtRecord   *record;  /* WRITE_SAVE: the form's copy; its id once inserted */
  CtRecord   *shown;   /* WRITE_SAVE, WRITE_STATUS: the record the form showed */
  gint64      id;      /* the breakthrough, but for WRITE_SAVE */
  const char *status;  /* WRITE_STATUS, WRITE_UNDO: the new status */
  char       *reason;  /* WRITE_WITHDRAW */
} PageWrite;

static void
page_write_free (gpointer data)
{
  PageWrite *write = data;

  g_clear_pointer (&write->record, ct_record_unref);
  g_clear_pointer (&write->shown, ct_record_unref);
  g_free (write->reason);
  g_free (write);
}

static gboolean
write_page (CtSession *session,
            gpointer   data,
            GError   **error)
{
  PageWrite *write = data;

  switch (write->kind)
    {
    case WRITE_SAVE:
      if (ct_record_get_id (write->record) > 0)
        return ct_session_update (session, write->record, error);
      return ct_session_insert (session, write->record, error) > 0;
    case WRITE_STATUS:
    case WRITE_UNDO:
      return ct_doorbraak_set_status (session, write->id, write->status, error);
    case WRITE_WITHDRAW:
      return ct_doorbraak_withdraw_approval (session, write->id, write->reason, error);
    default:
      g_assert_not_reached ();
    }
}

static void undo_approval (GtkWidget *page,
                           gint64     id);

/* Back from the write queue: what each write said before, and the list
 * read again. A lock meanwhile says nothing: the page goes with the team. */
static void
page_written_cb (gpointer      owner,
                 CtSession    *session,
                 GAsyncResult *result)
{
  PageWrite *write = ct_session_write_get_data (result);
  CtDoorbrakenPage *self = owner;
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_write_finish (session, result, &error);
  gint64 id = write->kind == WRITE_SAVE ? ct_record_get_id (write->record) : write->id;

  if (self == NULL)
    return;
  self->writing--;
  _ct_doorbraken_page_update_actions (self);
  if (self->session == NULL || g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  switch (write->kind)
    {
    case WRITE_SAVE:
    case WRITE_STATUS:
      if (!ok)
        {
          /* Under the form while it still shows that record. */
          if (self->current == write->shown)
            _ct_doorbraken_page_mark_error_row (self, error->message);
          else
            ct_gui_show_toast (GTK_WIDGET (self), error->message);
          return;
        }
      if (write->kind == WRITE_SAVE)
        ct_gui_show_toast (GTK_WIDGET (self), _("Breakthrough saved"));
      _ct_doorbraken_page_load_list (self, id);
      if (write->kind == WRITE_STATUS && g_strcmp0 (write->status, "goedgekeurd") == 0)
        ct_gui_show_undo_toast (GTK_WIDGET (self), G_STRUCT_OFFSET (CtDoorbrakenPage, session),
                                _("Breakthrough approved"), undo_approval, id);
      break;
    case WRITE_UNDO:
      ct_gui_show_toast (GTK_WIDGET (self), ok ? _("Approval taken back") : error->message);
      _ct_doorbraken_page_load_list (self, id);
      break;
    case WRITE_WITHDRAW:
      ct_gui_show_toast (GTK_WIDGET (self), ok ? _("Approval withdrawn") : error->message);
      _ct_doorbraken_page_load_list (self, id);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Queues @write; @button, when there is one, says "Saving…" meanwhile. */
static void
write_page_async (CtDoorbrakenPage *self,
                  PageWrite        *write,
                  GtkButton        *button)
{
  self->writing++;
  _ct_doorbraken_page_update_actions (self);
  ct_saving_write (self, self->session, write_page, write, page_write_free,
                   button != NULL ? GTK_WIDGET (button) : NULL, NULL, page_written_cb);
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = NULL;
  PageWrite *write;

  if (self->writing > 0)
    return;
  if (self->current == NULL)
    self->current = ct_record_new ("doorbraken");
  record = ct_record_copy (self->current);
  if (!_ct_doorbraken_page_read_form (self, record, &error))
    {
      _ct_doorbraken_page_mark_error_row (self, error->message);
      return;
    }
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_SAVE;
  write->record = g_steal_pointer (&record);
  write->shown = ct_record_ref (self->current);
  write_page_async (self, write, self->save_button);
}

/* "Undo" on the toast after approving: the approval is taken back, an
 * update the core allows the voorzitter or a beheerder only. */
static void
undo_approval (GtkWidget *page,
               gint64     id)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (page);
  PageWrite *write = g_new0 (PageWrite, 1);

  write->kind = WRITE_UNDO;
  write->id = id;
  write->status = "voorgesteld";
  write_page_async (self, write, NULL);
}

static void
advance_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  PageWrite *write;

  if (self->writing > 0 || self->current == NULL)
    return;
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_STATUS;
  write->id = ct_record_get_id (self->current);
  write->status = ct_doorbraak_next_status (ct_record_get (self->current, "status"));
  write->shown = ct_record_ref (self->current);
  write_page_async (self, write, self->advance_button);
}

typedef struct
{
  CtDoorbrakenPage *page;
  gint64            id;
} Withdrawal;

static void
withdrawal_free (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Withdrawal       *withdrawal)
{
  CtDoorbrakenPage *self = withdrawal->page;
  PageWrite *write;

  if (!g_str_equal (response, CT_REASON_DIALOG_CONFIRM) || self->session == NULL
      || self->writing > 0)
    return;
  write = g_new0 (PageWrite, 1);
  write->kind = WRITE_WITHDRAW;
  write->id = withdrawal->id;
  write->reason = ct_reason_dialog_dup_reason (dialog);
  write_page_async (self, write, self->withdraw_button);
}

/* Later than the toast's Undo: the approval is withdrawn with a reason that
 * the access log keeps (docs/budget.md). The question is the page's own
 * (ct_reason_dialog_new()), closed with it, so the page does not dangle. */
static void
withdraw_approval_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CtDoorbrakenPage *self = CT_DOORBRAKEN_PAGE (widget);
  Withdrawal *withdrawal = g_new0 (Withdrawal, 1);
  AdwMessageDialog *dialog =
    ct_reason_dialog_new (widget, _("Withdraw the Approval?"),
                          _("The breakthrough becomes a proposal again and needs a new approval "
                            "before it is carried out. Your reason is written to the access log."),
                          _("_Withdraw Approval"));

  withdrawal->page = self;
  withdrawal->id = ct_record_get_id (self->current);
  g_signal_connect_data (dialog, "response", G_CALLBACK (withdraw_response_cb), withdrawal,
                         withdrawal_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ct_doorbraken_page_install_write_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "doorbraken.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.advance", NULL, advance_cb);
  gtk_widget_class_install_action (widget_class, "doorbraken.withdraw-approval", NULL,
                                   withdraw_approval_cb);
}
