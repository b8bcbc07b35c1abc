/* ct-saving.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Saving…" while a write waits in the session's write queue
 * (ct_session_write_async(); HACKING.md, "Threads", rule 4): the write
 * runs once the session's readers let the file go, and the window goes on
 * meanwhile. The button that started it says so and cannot be pressed
 * twice; it is itself again before the caller's callback runs, which
 * shows an error where it always did (a field's row for a
 * %CT_INVALID_FIELD error, a toast, the dialog's own label). A button
 * with an action keeps its action's state: the caller disables the
 * action meanwhile, as it knows what else depends on it. What asked for
 * the write (a page, a view, a dialog) may go before it is done: this file
 * holds its weak reference (ct_saving_write()), and the callback gets it
 * only while it is there, so no write's data carries one of its own. The
 * same for the record a change or a dialog starts from, read in a worker
 * first (ct_saving_get()). A dialog whose write is under way stays open
 * until it is done (ct_saving_keep_open()). */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-saving.h"

/* While saving, the button's child is a box named "ct-saving": a
 * spinner, "Saving…" and the button's own child, hidden, to put back. */
#define SAVING_NAME "ct-saving"

/**
 * ct_saving_begin:
 * @button: a #GtkButton
 *
 * Shows that @button's write is under way: a spinner and "Saving…", and
 * insensitive unless it has an action. Until ct_saving_end().
 */
void
ct_saving_begin (GtkWidget *button)
{
  g_autoptr(GtkWidget) own = NULL;
  GtkWidget *box;
  GtkWidget *spinner;

  g_return_if_fail (GTK_IS_BUTTON (button));

  if (ct_saving_is_saving (button))
    return;
  own = gtk_button_get_child (GTK_BUTTON (button));
  if (own != NULL)
    g_object_ref (own);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (box, SAVING_NAME);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Saving…")));
  gtk_button_set_child (GTK_BUTTON (button), box);
  if (own != NULL)
    {
      gtk_widget_set_visible (own, FALSE);
      gtk_box_append (GTK_BOX (box), own);
    }
  if (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)) == NULL)
    gtk_widget_set_sensitive (button, FALSE);
}

/**
 * ct_saving_end:
 *
 * @button is itself again: its own child, and sensitive unless it has an
 * action (whose state decides).
 */
void
ct_saving_end (GtkWidget *button)
{
  g_autoptr(GtkWidget) own = NULL;
  GtkWidget *box;

  g_return_if_fail (GTK_IS_BUTTON (button));

  if (!ct_saving_is_saving (button))
    return;
  box = gtk_button_get_child (GTK_BUTTON (button));
  own = gtk_widget_get_last_child (box);
  if (GTK_IS_SPINNER (own) || gtk_widget_get_visible (own))
    own = NULL;  /* it had no child of its own */
  if (own != NULL)
    {
      g_object_ref (own);
      gtk_box_remove (GTK_BOX (box), own);
      gtk_widget_set_visible (own, TRUE);
    }
  gtk_button_set_child (GTK_BUTTON (button), own);
  if (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)) == NULL)
    gtk_widget_set_sensitive (button, TRUE);
}

gboolean
ct_saving_is_saving (GtkWidget *button)
{
  GtkWidget *child;

  g_return_val_if_fail (GTK_IS_BUTTON (button), FALSE);

  child = gtk_button_get_child (GTK_BUTTON (button));
  return GTK_IS_BOX (child) && g_strcmp0 (gtk_widget_get_name (child), SAVING_NAME) == 0;
}

static gboolean
keep_open_cb (GtkWindow *window,
              GtkWidget *button)
{
  return ct_saving_is_saving (button);
}

/**
 * ct_saving_keep_open:
 * @window: a dialog that closes itself once its write is done
 * @button: its button that saves, a child of @window
 *
 * While @button says "Saving…" (ct_saving_begin()), a request to close
 * @window (Escape, its close button) does nothing: what was typed would
 * be neither saved nor kept, and the dialog closes itself once it is.
 */
void
ct_saving_keep_open (GtkWindow *window,
                     GtkWidget *button)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_BUTTON (button));

  g_signal_connect_object (window, "close-request", G_CALLBACK (keep_open_cb), button, 0);
}

/* The button and the owner are weak references: either may go while the
 * write waits in the queue, and the callback then touches neither. */
typedef struct
{
  GWeakRef            button;
  GWeakRef            owner;
  CtSavingFunc        done;
  GAsyncReadyCallback callback;
  gpointer            user_data;
} Saving;

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Saving *saving = data;
  g_autoptr(GtkWidget) button = g_weak_ref_get (&saving->button);

  if (button != NULL)
    ct_saving_end (button);
  if (saving->done != NULL)
    {
      g_autoptr(GObject) owner = g_weak_ref_get (&saving->owner);

      saving->done (owner, CT_SESSION (source), result);
    }
  else if (saving->callback != NULL)
    saving->callback (source, result, saving->user_data);
  g_weak_ref_clear (&saving->button);
  g_weak_ref_clear (&saving->owner);
  g_free (saving);
}

/**
 * ct_saving_write_async:
 * @button: (nullable): the button that saves: "Saving…" until the write
 *   is done (ct_saving_begin())
 * @callback: called as for ct_session_write_async(), @button already
 *   itself again; it calls ct_session_write_finish()
 *
 * ct_session_write_async() with @button showing the wait. A write that
 * something asked for and may outlive goes through ct_saving_write(),
 * which holds that owner's weak reference; this is left to the record
 * dialog (ct-record-dialog.c), whose write holds the dialog itself: the
 * save function's data lives with the dialog and must outlive the write.
 */
void
ct_saving_write_async (CtSession          *session,
                       CtSessionWriteFunc  func,
                       gpointer            data,
                       GDestroyNotify      data_free,
                       GtkWidget          *button,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data)
{
  Saving *saving;

  g_return_if_fail (button == NULL || GTK_IS_BUTTON (button));

  saving = g_new0 (Saving, 1);
  g_weak_ref_init (&saving->button, button);
  g_weak_ref_init (&saving->owner, NULL);
  saving->callback = callback;
  saving->user_data = user_data;
  if (button != NULL)
    ct_saving_begin (button);
  ct_session_write_async (session, func, data, data_free, cancellable, written_cb, saving);
}

/**
 * CtSavingFunc:
 * @owner: (nullable) (type GObject): what asked for the write, held for
 *   the call; %NULL when it went while the write waited
 * @session: the session the write was queued in
 * @result: for ct_session_write_finish() and ct_session_write_get_data()
 *
 * Called once the write is done, always, so that the write's data is
 * there to finish with (ct_session_write_get_data()) and a task the write
 * serves is answered; a callback that has only the owner to tell returns
 * when @owner is %NULL.
 */

/**
 * ct_saving_write:
 * @owner: (type GObject): what asks for the write, a widget or a window;
 *   held weakly
 * @button: (nullable): the button that saves: "Saving…" until the write
 *   is done (ct_saving_begin())
 * @callback: called as for ct_session_write_async(), @button already
 *   itself again, with @owner while it is there; it calls
 *   ct_session_write_finish()
 *
 * ct_saving_write_async() for a write that something asked for and may
 * outlive: the owner's weak reference lives here, not in each write's
 * data, and @callback gets the owner or %NULL.
 */
void
ct_saving_write (gpointer            owner,
                 CtSession          *session,
                 CtSessionWriteFunc  func,
                 gpointer            data,
                 GDestroyNotify      data_free,
                 GtkWidget          *button,
                 GCancellable       *cancellable,
                 CtSavingFunc        callback)
{
  Saving *saving;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (button == NULL || GTK_IS_BUTTON (button));
  g_return_if_fail (callback != NULL);

  saving = g_new0 (Saving, 1);
  g_weak_ref_init (&saving->button, button);
  g_weak_ref_init (&saving->owner, owner);
  saving->done = callback;
  if (button != NULL)
    ct_saving_begin (button);
  ct_session_write_async (session, func, data, data_free, cancellable, written_cb, saving);
}

typedef struct
{
  GWeakRef         owner;
  CtSavingGetFunc  done;
  gpointer         data;
  GDestroyNotify   data_free;
} Getting;

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Getting *getting = user_data;
  g_autoptr(GObject) owner = g_weak_ref_get (&getting->owner);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get_finish (CT_SESSION (source), result, &error);

  getting->done (owner, CT_SESSION (source), record, error, getting->data);
  if (getting->data_free != NULL)
    getting->data_free (getting->data);
  g_weak_ref_clear (&getting->owner);
  g_free (getting);
}

/**
 * CtSavingGetFunc:
 * @owner: (nullable) (type GObject): what asked for the record, held for
 *   the call; %NULL when it went while the record was read
 * @session: the session the record was read in
 * @record: (nullable): the record, or %NULL with @error set
 * @error: (nullable): why there is no record
 * @data: the caller's, freed after the call
 *
 * Called once the record is read, or could not be, always.
 */

/**
 * ct_saving_get:
 * @owner: (type GObject): what asks for the record, a widget or a window;
 *   held weakly
 * @data: for @callback, freed with @data_free after it
 *
 * ct_session_get_async() for a record that something asked for and may
 * outlive (a page's change of an action, a dialog's record): the owner's
 * weak reference lives here, not in each read's data, and @callback gets
 * the owner or %NULL.
 */
void
ct_saving_get (gpointer         owner,
               CtSession       *session,
               const char      *table,
               gint64           id,
               gpointer         data,
               GDestroyNotify   data_free,
               CtSavingGetFunc  callback)
{
  Getting *getting;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (callback != NULL);

  getting = g_new0 (Getting, 1);
  g_weak_ref_init (&getting->owner, owner);
  getting->done = callback;
  getting->data = data;
  getting->data_free = data_free;
  ct_session_get_async (session, table, id, NULL, got_cb, getting);
}
