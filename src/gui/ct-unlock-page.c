/* ct-unlock-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-unlock-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-core.h"
#include "ct-passphrase.h"
#include "ct-unlock-page-private.h"

G_DEFINE_FINAL_TYPE (CtUnlockPage, ct_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PATH,
  PROP_BUSY,
  N_PROPS
};

enum {
  UNLOCKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_enrolling (CtUnlockPage *self)
{
  return g_str_equal (gtk_stack_get_visible_child_name (self->form_stack), "enrol");
}

/* Logins are lowercase ASCII; "Anna " should still find "anna". */
static char *
dup_login (CtUnlockPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row)));

  return g_ascii_strdown (g_strstrip (text), -1);
}

static void
show_error (CtUnlockPage *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_submit_label (CtUnlockPage *self)
{
  if (self->busy)
    gtk_label_set_text_with_mnemonic (self->submit_label, _("Unlocking…"));
  else if (is_enrolling (self))
    gtk_label_set_text_with_mnemonic (self->submit_label, _("_Save and Unlock"));
  else
    gtk_label_set_text_with_mnemonic (self->submit_label, _("_Unlock"));
}

/* While Argon2id runs nothing can be changed, and the button says why it
 * waits; the spinner keeps moving because the work is in a thread. */
static void
set_busy (CtUnlockPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  /* An entry that turns insensitive while it has the focus never gets its
   * focus-out; let go of the focus first, and take it back afterwards. */
  if (busy && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (self)), NULL);

  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_stack), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.submit", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  update_submit_label (self);
  if (busy)
    show_error (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
clear_entries (CtUnlockPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_passphrase_row), "");
}

static void
show_form (CtUnlockPage *self,
           const char   *name)
{
  gboolean enrol = g_str_equal (name, "enrol");

  gtk_stack_set_visible_child_name (self->form_stack, name);
  adw_status_page_set_title (self->status_page, enrol ? _("Choose Your Passphrase")
                                                      : _("Unlock the Team File"));
  update_submit_label (self);
}

static void
focus_first_empty (CtUnlockPage *self)
{
  GtkEditable *order[] = { GTK_EDITABLE (self->login_row), GTK_EDITABLE (self->passphrase_row) };

  if (is_enrolling (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->new_passphrase_row));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (gtk_editable_get_text (order[i])[0] == '\0' || i == G_N_ELEMENTS (order) - 1)
      {
        gtk_widget_grab_focus (GTK_WIDGET (order[i]));
        return;
      }
}

static void
unlock_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CtUnlockPage) self = user_data;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = ct_session_unlock_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (g_error_matches (error, CT_ERROR, CT_ERROR_NEEDS_ENROLMENT))
    {
      show_form (self, "enrol");
      show_error (self, NULL);
      focus_first_empty (self);
      return;
    }

  if (error != NULL)
    {
      show_error (self, error->message);
      if (g_error_matches (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS))
        {
          show_form (self, "unlock");
          gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
        }
      focus_first_empty (self);
      return;
    }

  clear_entries (self);
  show_form (self, "unlock");
  g_signal_emit (self, signals[UNLOCKED], 0, session);
}

static void
start_unlock (CtUnlockPage *self,
              const char   *passphrase)
{
  g_autofree char *login = dup_login (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  ct_session_unlock_async (self->path, login, passphrase, self->cancellable,
                           unlock_finished_cb, g_object_ref (self));
}

static void
enrol_finished_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CtUnlockPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ct_vault_enrol_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      if (g_error_matches (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS))
        {
          clear_entries (self);
          show_form (self, "unlock");
        }
      show_error (self, error->message);
      focus_first_empty (self);
      return;
    }

  /* The passphrase is now the member's own: unlock with it, as next time. */
  set_busy (self, FALSE);
  start_unlock (self, gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)));
}

/* ct_vault_enrol_async() runs Argon2id twice (check the code, protect the
 * new passphrase) in a worker, like unlocking. */
static void
start_enrol (CtUnlockPage *self)
{
  g_autofree char *login = dup_login (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_busy (self, TRUE);
  ct_vault_enrol_async (self->path, login,
                        gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)),
                        gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)),
                        self->cancellable, enrol_finished_cb, g_object_ref (self));
}

static gboolean
update_strength (CtUnlockPage *self)
{
  return ct_passphrase_update_hint (self->strength_label,
                                    gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->repeat_passphrase_row)));
}

static void
submit_enrol (CtUnlockPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->new_passphrase_row));
  const char *repeat = gtk_editable_get_text (GTK_EDITABLE (self->repeat_passphrase_row));

  if (!ct_vault_validate_passphrase (passphrase, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_passphrase_row));
      return;
    }
  if (g_strcmp0 (passphrase, repeat) != 0)
    {
      show_error (self, _("The two passphrases are not the same."));
      gtk_widget_grab_focus (GTK_WIDGET (self->repeat_passphrase_row));
      return;
    }

  start_enrol (self);
}

static void
submit_unlock (CtUnlockPage *self)
{
  g_autofree char *login = dup_login (self);
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (login[0] == '\0' || passphrase[0] == '\0')
    {
      show_error (self, login[0] == '\0' ? _("Fill in your login.")
                                          : _("Fill in your passphrase."));
      focus_first_empty (self);
      return;
    }

  start_unlock (self, passphrase);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  CtUnlockPage *self = CT_UNLOCK_PAGE (widget);

  g_return_if_fail (self->path != NULL);

  if (is_enrolling (self))
    submit_enrol (self);
  else
    submit_unlock (self);
}

static void
submit_activated_cb (CtUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock-page.submit", NULL);
}

/* Enter in the login moves on to the passphrase, as in a login screen. */
static void
login_activated_cb (CtUnlockPage *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row))[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  else
    submit_activated_cb (self);
}

static void
new_passphrase_activated_cb (CtUnlockPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->repeat_passphrase_row));
}

static void
new_passphrase_changed_cb (CtUnlockPage *self)
{
  update_strength (self);
}

static void
ct_unlock_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ct_unlock_page_parent_class)->map (widget);

  focus_first_empty (CT_UNLOCK_PAGE (widget));
}

static void
ct_unlock_page_dispose (GObject *object)
{
  CtUnlockPage *self = CT_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ct_unlock_page_parent_class)->dispose (object);
}

static void
ct_unlock_page_finalize (GObject *object)
{
  CtUnlockPage *self = CT_UNLOCK_PAGE (object);

  g_free (self->path);

  G_OBJECT_CLASS (ct_unlock_page_parent_class)->finalize (object);
}

static void
ct_unlock_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CtUnlockPage *self = CT_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ct_unlock_page_class_init (CtUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_unlock_page_dispose;
  object_class->finalize = ct_unlock_page_finalize;
  object_class->get_property = ct_unlock_page_get_property;
  widget_class->map = ct_unlock_page_map;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The receiver takes its own reference to the unlocked session. */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, CT_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, form_stack);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, new_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, repeat_passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CtUnlockPage, submit_label);
  gtk_widget_class_bind_template_callback (widget_class, login_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_passphrase_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_passphrase_changed_cb);

  gtk_widget_class_install_action (widget_class, "unlock-page.submit", NULL, submit_action);
}

static void
ct_unlock_page_init (CtUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_submit_label (self);
}

/**
 * ct_unlock_page_set_file:
 * @self: a #CtUnlockPage
 * @path: the team file to unlock
 * @login: (nullable): the login to fill in, or %NULL
 *
 * Shows the form for @path. Only the file's name is shown: the team's name
 * is encrypted inside it. The login stays when the file stays the same.
 */
void
ct_unlock_page_set_file (CtUnlockPage *self,
                         const char   *path,
                         const char   *login)
{
  g_autofree char *name = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (CT_IS_UNLOCK_PAGE (self));
  g_return_if_fail (path != NULL);

  if (login != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  else if (g_strcmp0 (self->path, path) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");

  ct_unlock_page_reset (self);

  if (g_strcmp0 (self->path, path) != 0)
    {
      g_free (self->path);
      self->path = g_strdup (path);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }

  /* The status page's description is markup; a file name is not. */
  name = g_filename_display_basename (path);
  markup = g_markup_escape_text (name, -1);
  adw_status_page_set_description (self->status_page, markup);

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    focus_first_empty (self);
}

const char *
ct_unlock_page_get_path (CtUnlockPage *self)
{
  g_return_val_if_fail (CT_IS_UNLOCK_PAGE (self), NULL);

  return self->path;
}

gboolean
ct_unlock_page_get_busy (CtUnlockPage *self)
{
  g_return_val_if_fail (CT_IS_UNLOCK_PAGE (self), FALSE);

  return self->busy;
}

/**
 * ct_unlock_page_reset:
 * @self: a #CtUnlockPage
 *
 * Forgets every passphrase typed and any unlock in progress; keeps the login.
 */
void
ct_unlock_page_reset (CtUnlockPage *self)
{
  g_return_if_fail (CT_IS_UNLOCK_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  clear_entries (self);
  show_error (self, NULL);
  show_form (self, "unlock");
}
