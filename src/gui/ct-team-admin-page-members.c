/* ct-team-admin-page-members.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The members tab of the beheerder's page: the list of members, adding one
 * with an enrolment code that is shown once, changing a role (said in so
 * many words when it takes categories away) and removing a member, which
 * replaces the team file's key. Adding and removing run in a worker of the
 * core while the page shows that it is busy. */

#define G_LOG_DOMAIN "ct-team-admin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clipboard.h"
#include "ct-team-admin-page-private.h"

#define CLIPBOARD_CLEAR_MS (60 * 1000)

/* Busy: adding a member runs Argon2id, removing one re-encrypts the
 * database under a new key. Both run in a worker of the core; the page
 * shows a spinner and takes no other change meanwhile. */
static void
set_busy (CtTeamAdminPage *self,
          const char      *text)
{
  self->busy = text != NULL;
  gtk_label_set_text (self->busy_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->busy_box), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), !self->busy);
}

static GCancellable *
start_busy (CtTeamAdminPage *self,
            const char      *text)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, text);
  return self->cancellable;
}

typedef struct
{
  CtTeamAdminPage *page;
  char            *login;
  char            *name;
} MemberRequest;

static MemberRequest *
member_request_new (CtTeamAdminPage *page,
                    const char      *login,
                    const char      *name)
{
  MemberRequest *request = g_new0 (MemberRequest, 1);

  request->page = g_object_ref (page);
  request->login = g_strdup (login);
  request->name = g_strdup (name);
  return request;
}

static void
member_request_free (MemberRequest *request)
{
  g_object_unref (request->page);
  g_free (request->login);
  g_free (request->name);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemberRequest, member_request_free)

static void
member_removed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MemberRequest) request = user_data;
  CtTeamAdminPage *self = request->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ct_session_remove_member_finish (CT_SESSION (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, NULL);
  _ct_team_admin_page_reload_members (self);
  _ct_team_admin_page_reload_policy (self);
  if (error != NULL)
    {
      _ct_team_admin_page_show_error (self, _("Could Not Remove the Member"), error);
      return;
    }
  text = g_strdup_printf (_("%s was removed from the team"), request->login);
  _ct_team_admin_page_toast (self, text);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtTeamAdminPage  *self)
{
  const char *login = g_object_get_data (G_OBJECT (dialog), "login");
  GCancellable *cancellable;

  if (!g_str_equal (response, "remove"))
    return;

  cancellable = start_busy (self, _("Replacing the team file’s key…"));
  ct_session_remove_member_async (self->session, login, cancellable, member_removed_cb,
                                  member_request_new (self, login, NULL));
}

static char *
member_name (CtTeamAdminPage *self,
             const char      *login)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, NULL);

  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        return g_strdup (info->display_name);
    }
  return g_strdup (login);
}

static void
remove_member_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autofree char *name = member_name (self, login);
  g_autofree char *heading = g_strdup_printf (_("Remove %s?"), name);
  AdwMessageDialog *dialog;

  dialog = _ct_team_admin_page_new_dialog (
      self, heading,
      _("They can no longer open this team file. Its key is replaced, so their "
        "passphrase opens nothing that is written from now on; copies of the "
        "file made before now still open with it.\n\nThe keys of the "
        "categories they could read are replaced too, by the next member who "
        "holds them and unlocks the team file."));
  g_object_set_data_full (G_OBJECT (dialog), "login", g_strdup (login), g_free);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_code_cb (GtkButton *button,
              GtkLabel  *label)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (button));

  ct_clipboard_set_team_secret (clipboard, gtk_label_get_text (label), CLIPBOARD_CLEAR_MS);
  gtk_button_set_label (button, _("Copied; cleared in 60 seconds"));
}

static void
code_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CtTeamAdminPage  *self)
{
  /* Shown once: the label forgets the code with the dialog. */
  if (self->code_label != NULL)
    gtk_label_set_text (self->code_label, "");
  g_clear_weak_pointer (&self->code_label);
}

static void
show_enrolment_code (CtTeamAdminPage *self,
                     const char      *name,
                     const char      *login,
                     const char      *code)
{
  g_autofree char *heading = g_strdup_printf (_("Enrolment Code for %s"), name);
  g_autofree char *body = g_strdup_printf (
      _("Give this code to %s in person or by phone. At their first unlock they type their "
        "login “%s” and this code as the passphrase, and then choose a passphrase of their "
        "own.\n\nThe code is shown only now. It works once."), name, login);
  AdwMessageDialog *dialog = _ct_team_admin_page_new_dialog (self, heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (code);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Code"));

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "recovery-key");
  gtk_widget_add_css_class (label, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Enrolment code"), -1);
  gtk_widget_set_halign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "pill");
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_code_cb), label);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (dialog, box);
  g_set_weak_pointer (&self->code_label, GTK_LABEL (label));

  adw_message_dialog_add_response (dialog, "close", _("I Have Written It _Down"));
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (code_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
login_taken (CtTeamAdminPage *self,
             const char      *login)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, NULL);

  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login))
      return TRUE;
  return FALSE;
}

static int form_role (AdwMessageDialog *dialog);

static void
add_form_changed_cb (AdwMessageDialog *dialog)
{
  CtTeamAdminPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const char *name = _ct_admin_form_text (dialog, CT_ADMIN_FORM_NAME);
  const char *login = _ct_admin_form_text (dialog, CT_ADMIN_FORM_LOGIN);
  g_autoptr(GError) error = NULL;

  if (name[0] == '\0' || login[0] == '\0' || form_role (dialog) < 0)
    _ct_admin_form_set_error (dialog, "add", "");
  else if (!ct_vault_validate_login (login, &error))
    _ct_admin_form_set_error (dialog, "add", error->message);
  else if (login_taken (self, login))
    _ct_admin_form_set_error (dialog, "add",
                              _("Login: this login is already taken by a team member."));
  else
    _ct_admin_form_set_error (dialog, "add", NULL);
}

static void
member_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MemberRequest) request = user_data;
  CtTeamAdminPage *self = request->page;
  g_autoptr(GError) error = NULL;
  CtSecret *code = ct_session_add_member_finish (CT_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, NULL);
  _ct_team_admin_page_reload_members (self);
  if (code == NULL)
    {
      _ct_team_admin_page_show_error (self, _("Could Not Add the Member"), error);
      return;
    }
  show_enrolment_code (self, request->name, request->login, code);
  ct_secret_free (code);
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CtTeamAdminPage  *self)
{
  const char *name = _ct_admin_form_text (dialog, CT_ADMIN_FORM_NAME);
  const char *login = _ct_admin_form_text (dialog, CT_ADMIN_FORM_LOGIN);
  GObject *admin_switch = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ADMIN);
  int role = form_role (dialog);
  GCancellable *cancellable;

  if (!g_str_equal (response, "add") || role < 0)
    return;

  cancellable = start_busy (self, _("Adding the member…"));
  ct_session_add_member_async (self->session, login, name, (CtRole) role,
                               gtk_switch_get_active (GTK_SWITCH (admin_switch)), cancellable,
                               member_added_cb, member_request_new (self, login, name));
}

/* With @choose_first the row starts on "Choose a Role…" instead of a role:
 * a new member's role is always chosen on purpose, since the default
 * would decide which categories they read (a regisseur reads them all). */
static GtkWidget *
role_combo_row (AdwMessageDialog *dialog,
                gboolean          choose_first)
{
  GtkStringList *roles = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  if (choose_first)
    gtk_string_list_append (roles, _("Choose a Role…"));
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    gtk_string_list_append (roles, ct_role_get_display_name (role));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  g_object_unref (roles);
  g_object_set_data (G_OBJECT (row), "ct-role-offset", GUINT_TO_POINTER (choose_first ? 1 : 0));
  g_object_set_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE, row);
  return row;
}

/* The role the form's row names, or -1 while none is chosen. */
static int
form_role (AdwMessageDialog *dialog)
{
  GObject *row = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE);
  guint offset = GPOINTER_TO_UINT (g_object_get_data (row, "ct-role-offset"));
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  if (selected == GTK_INVALID_LIST_POSITION || selected < offset || selected - offset >= CT_N_ROLES)
    return -1;
  return (int) (selected - offset);
}

static GtkWidget *
admin_switch_row (AdwMessageDialog *dialog)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Beheerder"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Manages members, the access policy and the team settings"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (dialog), CT_ADMIN_FORM_ADMIN, toggle);
  return row;
}

static void
add_member_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = _ct_admin_form_list ();

  dialog = _ct_team_admin_page_new_dialog (
      self, _("Add Member"),
      _("The new member receives a one-time enrolment code, shown after this "
        "step. Their role decides which categories they read."));
  g_object_set_data (G_OBJECT (dialog), "page", self);
  _ct_admin_form_entry (dialog, list, CT_ADMIN_FORM_NAME, _("Name"), NULL);
  _ct_admin_form_entry (dialog, list, CT_ADMIN_FORM_LOGIN, _("Login"), NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), role_combo_row (dialog, TRUE));
  gtk_list_box_append (GTK_LIST_BOX (list), admin_switch_row (dialog));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), _ct_admin_form_error_label (dialog));
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Member"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_NAME), "changed",
                            G_CALLBACK (add_form_changed_cb), dialog);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_LOGIN), "changed",
                            G_CALLBACK (add_form_changed_cb), dialog);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE),
                            "notify::selected", G_CALLBACK (add_form_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (add_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Changing a role */

static void
apply_role (CtTeamAdminPage *self,
            const char      *login,
            CtRole           role,
            gboolean         is_admin)
{
  g_autoptr(GError) error = NULL;

  if (!ct_session_set_member_role (self->session, login, role, is_admin, &error))
    _ct_team_admin_page_show_error (self, _("Could Not Change the Role"), error);
  else
    _ct_team_admin_page_toast (self, _("Role changed"));
  _ct_team_admin_page_reload_members (self);
}

static void
confirm_role_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CtTeamAdminPage  *self)
{
  if (g_str_equal (response, "change"))
    apply_role (self, g_object_get_data (G_OBJECT (dialog), "login"),
                GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "role")),
                GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "admin")));
}

/* The categories @from may read and @to may not. */
static guint
categories_lost (CtTeamAdminPage *self,
                 CtRole           from,
                 CtRole           to)
{
  guint mask = 0;

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (ct_session_policy_allows (self->session, from, c)
        && !ct_session_policy_allows (self->session, to, c))
      mask |= 1u << c;
  return mask;
}

/* A change that takes categories away is said in so many words first. */
static void
change_role_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CtTeamAdminPage  *self)
{
  GObject *role_row = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE);
  GObject *admin_switch = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ADMIN);
  const char *login = g_object_get_data (G_OBJECT (dialog), "login");
  CtRole old_role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "old-role"));
  CtRole role = adw_combo_row_get_selected (ADW_COMBO_ROW (role_row));
  gboolean is_admin = gtk_switch_get_active (GTK_SWITCH (admin_switch));
  g_autofree char *lost = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *confirm;
  guint mask;

  if (!g_str_equal (response, "change"))
    return;

  mask = categories_lost (self, old_role, role);
  if (mask == 0)
    {
      apply_role (self, login, role, is_admin);
      return;
    }

  lost = ct_category_dup_display_names (mask);
  body = g_strdup_printf (_("As %s they will no longer read or change: %s."),
                          ct_role_get_display_name (role), lost);
  confirm = _ct_team_admin_page_new_dialog (self, _("Take Categories Away?"), body);
  g_object_set_data_full (G_OBJECT (confirm), "login", g_strdup (login), g_free);
  g_object_set_data (G_OBJECT (confirm), "role", GUINT_TO_POINTER (role));
  g_object_set_data (G_OBJECT (confirm), "admin", GUINT_TO_POINTER (is_admin));
  adw_message_dialog_add_responses (confirm, "cancel", _("_Cancel"), "change",
                                    _("_Change Role"), NULL);
  adw_message_dialog_set_response_appearance (confirm, "change", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (confirm, "cancel");
  adw_message_dialog_set_close_response (confirm, "cancel");
  g_signal_connect (confirm, "response", G_CALLBACK (confirm_role_response_cb), self);
  gtk_window_present (GTK_WINDOW (confirm));
}

static void
change_role_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, NULL);
  g_autofree char *heading = NULL;
  CtMemberInfo *info = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list = _ct_admin_form_list ();

  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login))
      info = g_ptr_array_index (members, i);
  if (info == NULL)
    return;

  heading = g_strdup_printf (_("Role of %s"), info->display_name);
  dialog = _ct_team_admin_page_new_dialog (self, heading,
                                           _("The role decides which categories they read."));
  gtk_list_box_append (GTK_LIST_BOX (list), role_combo_row (dialog, FALSE));
  gtk_list_box_append (GTK_LIST_BOX (list), admin_switch_row (dialog));
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE),
                              info->role);
  gtk_switch_set_active (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ADMIN),
                         info->is_admin);
  adw_message_dialog_set_extra_child (dialog, list);
  g_object_set_data_full (G_OBJECT (dialog), "login", g_strdup (login), g_free);
  g_object_set_data (G_OBJECT (dialog), "old-role", GUINT_TO_POINTER (info->role));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "change", _("_Change"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "change", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (change_role_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
badge (const char *text,
       const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "ct-badge");
  gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
member_row (CtTeamAdminPage    *self,
            const CtMemberInfo *info)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", info->login,
                                               ct_role_get_display_name (info->role));
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), info->display_name);
  g_autofree char *edit_label = g_strdup_printf (_("Change the Role of %s"), info->display_name);
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->display_name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (info->is_admin)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge (_("beheerder"), "accent"));
  if (!info->enrolled)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge (_("not enrolled yet"), "warning"));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, edit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  edit_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "admin.change-role");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", info->login);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "admin.remove-member");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", info->login);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

void
_ct_team_admin_page_reload_members (CtTeamAdminPage *self)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  _ct_admin_clear_list (self->members_list);
  members = ct_session_list_members (self->session, &error);
  if (members == NULL)
    {
      _ct_team_admin_page_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < members->len; i++)
    gtk_list_box_append (self->members_list, member_row (self, g_ptr_array_index (members, i)));
}

void
_ct_team_admin_page_install_member_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "admin.add-member", NULL, add_member_cb);
  gtk_widget_class_install_action (widget_class, "admin.remove-member", "s", remove_member_cb);
  gtk_widget_class_install_action (widget_class, "admin.change-role", "s", change_role_cb);
}
