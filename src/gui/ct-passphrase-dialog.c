/* ct-passphrase-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Changing one's own passphrase: the current one, then the new one twice.
 * The core checks the current passphrase and, for a beheerder, the
 * stricter rule (ct_session_change_passphrase(), docs/security.md); a
 * refusal keeps the dialog open with what was typed and says why. The
 * change gives the member new keys and rotates K_db, which takes a
 * moment with the product's Argon2id cost; the re-key runs in a worker
 * (ct_session_change_passphrase_async()), and the dialog says so and takes
 * no input while it works. The entries are cleared when the dialog
 * closes. */

#define G_LOG_DOMAIN "ct-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-passphrase-dialog-private.h"
#include "ct-passphrase.h"
#include "ct-vault.h"

G_DEFINE_FINAL_TYPE (CtPassphraseDialog, ct_passphrase_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
row_text (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (CtPassphraseDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
entries_changed_cb (CtPassphraseDialog *self)
{
  gboolean usable = ct_passphrase_update_hint (self->hint_label, row_text (self->new_row),
                                               row_text (self->repeat_row));

  show_error (self, NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "change",
                                           usable && row_text (self->current_row)[0] != '\0');
}

static void
clear_entries (CtPassphraseDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");
}

static void
set_busy (CtPassphraseDialog *self,
          gboolean            busy)
{
  self->busy = busy;
  /* Not insensitive: an entry that has the focus must keep it. */
  gtk_editable_set_editable (GTK_EDITABLE (self->current_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->new_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->repeat_row), !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "cancel", !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "change", !busy);
  if (busy)
    gtk_label_set_text (self->hint_label, _("Changing the passphrase. This takes a moment."));
}

/* A refused change keeps what was typed and says why. */
static void
show_refusal (CtPassphraseDialog *self,
              const GError       *error)
{
  show_error (self, error->message);
  if (g_error_matches (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS))
    gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
  gtk_window_present (GTK_WINDOW (self));
}

static void
passphrase_changed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CtPassphraseDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  entries_changed_cb (self);
  if (!ct_session_change_passphrase_finish (CT_SESSION (source), result, &error))
    {
      show_refusal (self, error);
      return;
    }
  self->changed = TRUE;
  clear_entries (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The dialog hides on any response; it stays while the change is at work,
 * and a refused change shows it again. */
static void
response_cb (CtPassphraseDialog *self,
             const char         *response)
{
  if (self->busy)
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }
  if (g_str_equal (response, "change"))
    {
      g_autoptr(GError) error = NULL;

      gtk_window_present (GTK_WINDOW (self));
      if (!ct_passphrase_dialog_change (self, &error))
        show_refusal (self, error);
      return;
    }
  clear_entries (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ct_passphrase_dialog_dispose (GObject *object)
{
  CtPassphraseDialog *self = CT_PASSPHRASE_DIALOG (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (ct_passphrase_dialog_parent_class)->dispose (object);
}

static void
ct_passphrase_dialog_class_init (CtPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_passphrase_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, CtPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, CtPassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CtPassphraseDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, CtPassphraseDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entries_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, response_cb);
}

static void
ct_passphrase_dialog_init (CtPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "change", FALSE);
}

GtkWidget *
ct_passphrase_dialog_new (GtkWindow *parent,
                          CtSession *session)
{
  CtPassphraseDialog *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  if (ct_session_is_admin (session))
    {
      g_autofree char *body = g_strdup_printf (_("As a beheerder you need at least %d characters. "
                                                 "A few unrelated words are easy to remember and "
                                                 "hard to guess."),
                                               CT_ADMIN_PASSPHRASE_MIN);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
    }
  return GTK_WIDGET (self);
}

/**
 * ct_passphrase_dialog_change:
 *
 * Starts changing the member's passphrase to what the dialog holds
 * (ct_session_change_passphrase_async()); the dialog closes when it is
 * done, or says why it was refused.
 *
 * Returns: %FALSE with @error set when the two new passphrases differ
 */
gboolean
ct_passphrase_dialog_change (CtPassphraseDialog *self,
                             GError            **error)
{
  g_return_val_if_fail (CT_IS_PASSPHRASE_DIALOG (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  if (g_strcmp0 (row_text (self->new_row), row_text (self->repeat_row)) != 0)
    {
      ct_set_field_error (error, "members", "passphrase", "%s",
                          _("The two passphrases are not the same."));
      return FALSE;
    }
  show_error (self, NULL);
  set_busy (self, TRUE);
  ct_session_change_passphrase_async (self->session, row_text (self->current_row),
                                      row_text (self->new_row), NULL, passphrase_changed_cb,
                                      g_object_ref (self));
  return TRUE;
}
