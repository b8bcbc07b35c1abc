/* ct-member-dialog.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The beheerder's form for a member: adding one (name, login, role and
 * whether they are a beheerder) or changing the role of one. Adding asks
 * for the role on purpose: the row starts on "Choose a Role…", since a
 * default would decide which categories the new member reads (a regisseur
 * reads them all). The form says why it cannot be sent yet (an empty
 * field, a login the core would refuse or one the team has) before the
 * core is asked; the core checks again. The page reads the answer through
 * the getters when the dialog responds. */

#define G_LOG_DOMAIN "ct-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-member-dialog-private.h"
#include "ct-vault.h"

G_DEFINE_FINAL_TYPE (CtMemberDialog, ct_member_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Shows why the form cannot be sent yet; NULL hides the label. */
static void
set_error (CtMemberDialog *self,
           const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && message[0] != '\0');
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", message == NULL);
}

static void
fill_roles (CtMemberDialog *self,
            gboolean        choose_first)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  if (choose_first)
    gtk_string_list_append (roles, _("Choose a Role…"));
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    gtk_string_list_append (roles, ct_role_get_display_name (role));
  self->role_offset = choose_first ? 1 : 0;
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, 0);
}

static void
form_changed_cb (CtMemberDialog *self)
{
  const char *login = row_text (self->login_row);
  g_autoptr(GError) error = NULL;
  CtRole role;

  /* Changing a role has nothing to check: every role is one to choose. */
  if (!self->adding)
    return;

  if (row_text (self->name_row)[0] == '\0' || login[0] == '\0'
      || !ct_member_dialog_get_role (self, &role))
    set_error (self, "");
  else if (!ct_vault_validate_login (login, &error))
    set_error (self, error->message);
  else if (self->taken_logins != NULL && g_strv_contains ((const char *const *) self->taken_logins,
                                                          login))
    set_error (self, _("Login: this login is already taken by a team member."));
  else
    set_error (self, NULL);
}

static void
ct_member_dialog_finalize (GObject *object)
{
  CtMemberDialog *self = CT_MEMBER_DIALOG (object);

  g_strfreev (self->taken_logins);
  g_free (self->login);
  G_OBJECT_CLASS (ct_member_dialog_parent_class)->finalize (object);
}

static void
ct_member_dialog_class_init (CtMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ct_member_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CtMemberDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CtMemberDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, CtMemberDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, CtMemberDialog, admin_switch);
  gtk_widget_class_bind_template_child (widget_class, CtMemberDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
}

static void
ct_member_dialog_init (CtMemberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ct_member_dialog_new_add:
 * @taken_logins: (nullable): the logins of the team's members
 *
 * The form for a new member. Its "add" response is enabled only while the
 * form holds a name, a login that is valid and not in @taken_logins, and
 * a role.
 */
GtkWidget *
ct_member_dialog_new_add (GtkWindow         *parent,
                          const char *const *taken_logins)
{
  CtMemberDialog *self;
  AdwMessageDialog *dialog;

  self = g_object_new (CT_TYPE_MEMBER_DIALOG,
                       "transient-for", parent,
                       "heading", _("Add Member"),
                       "body", _("The new member receives a one-time enrolment code, shown after "
                                 "this step. Their role decides which categories they read."),
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->taken_logins = g_strdupv ((char **) taken_logins);
  self->adding = TRUE;
  adw_message_dialog_add_response (dialog, "add", _("_Add Member"));
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  fill_roles (self, TRUE);
  form_changed_cb (self);
  return GTK_WIDGET (self);
}

/**
 * ct_member_dialog_new_role:
 * @info: the member whose role is changed
 *
 * The form for a member's role and whether they are a beheerder, with
 * what they have now chosen. It answers "change" or "cancel".
 */
GtkWidget *
ct_member_dialog_new_role (GtkWindow          *parent,
                           const CtMemberInfo *info)
{
  CtMemberDialog *self;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  heading = g_strdup_printf (_("Role of %s"), info->display_name);
  self = g_object_new (CT_TYPE_MEMBER_DIALOG,
                       "transient-for", parent,
                       "heading", heading,
                       "body", _("The role decides which categories they read."),
                       NULL);
  dialog = ADW_MESSAGE_DIALOG (self);
  self->login = g_strdup (info->login);
  self->old_role = info->role;
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->login_row), FALSE);
  adw_message_dialog_add_response (dialog, "change", _("_Change"));
  adw_message_dialog_set_response_appearance (dialog, "change", ADW_RESPONSE_SUGGESTED);
  fill_roles (self, FALSE);
  adw_combo_row_set_selected (self->role_row, info->role);
  gtk_switch_set_active (self->admin_switch, info->is_admin);
  return GTK_WIDGET (self);
}

/* Returns: the new member's name as typed; "" when changing a role */
const char *
ct_member_dialog_get_name (CtMemberDialog *self)
{
  g_return_val_if_fail (CT_IS_MEMBER_DIALOG (self), NULL);

  return row_text (self->name_row);
}

/* Returns: the new member's login as typed, or the login of the member
 *   whose role is changed */
const char *
ct_member_dialog_get_login (CtMemberDialog *self)
{
  g_return_val_if_fail (CT_IS_MEMBER_DIALOG (self), NULL);

  return self->login != NULL ? self->login : row_text (self->login_row);
}

/**
 * ct_member_dialog_get_role:
 * @role: (out): the role chosen
 *
 * Returns: %FALSE while no role is chosen
 */
gboolean
ct_member_dialog_get_role (CtMemberDialog *self,
                           CtRole         *role)
{
  guint selected;

  g_return_val_if_fail (CT_IS_MEMBER_DIALOG (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  selected = adw_combo_row_get_selected (self->role_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected < self->role_offset
      || selected - self->role_offset >= CT_N_ROLES)
    return FALSE;
  *role = (CtRole) (selected - self->role_offset);
  return TRUE;
}

/* Returns: the role the member had when the dialog opened */
CtRole
ct_member_dialog_get_old_role (CtMemberDialog *self)
{
  g_return_val_if_fail (CT_IS_MEMBER_DIALOG (self), 0);

  return self->old_role;
}

/* Returns: whether the member is to be a beheerder */
gboolean
ct_member_dialog_get_admin (CtMemberDialog *self)
{
  g_return_val_if_fail (CT_IS_MEMBER_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->admin_switch);
}
