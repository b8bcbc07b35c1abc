/* ct-team-admin-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-team-admin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-clipboard.h"
#include "ct-gui-windows.h"
#include "ct-log-view.h"
#include "ct-team-admin-page-private.h"

/* The beheerder's page: members, the access policy, the access log and the
 * team settings. Everything goes through the session, which refuses what a
 * non-beheerder may not do; the page only shows them why there is nothing
 * here for them. */

#define CLIPBOARD_CLEAR_MS (60 * 1000)

G_DEFINE_FINAL_TYPE (CtTeamAdminPage, ct_team_admin_page, ADW_TYPE_BIN)

static const char *outcomes[CT_N_OUTCOMES] = {
  "doel_bereikt", "deels_bereikt", "niet_bereikt", "overgedragen", "teruggetrokken",
};

static const char *outcome_titles[CT_N_OUTCOMES] = {
  N_("Retention, goal reached"), N_("Retention, goal partly reached"),
  N_("Retention, goal not reached"), N_("Retention, handed over"),
  N_("Retention, withdrawn"),
};

typedef struct
{
  const char *key;
  const char *title;
  int min, max, fallback;
} Setting;

static const Setting export_k = { "export.k", N_("Minimum group size k"), 2, 50, 5 };
static const Setting export_threshold = { "export.threshold", N_("Suppression threshold"), 1, 100, 10 };

static void reload_members (CtTeamAdminPage *self);
static void reload_policy (CtTeamAdminPage *self);
static void reload_areas (CtTeamAdminPage *self);
static char *category_list (guint mask);

static void
toast (CtTeamAdminPage *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static GtkWindow *
parent_window (CtTeamAdminPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* One dialog at a time; the tests find it in self->dialog. */
static AdwMessageDialog *
new_dialog (CtTeamAdminPage *self,
            const char      *heading,
            const char      *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self),
                                                                         heading, body));

  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  /* One at a time for the tests, but an earlier one may still be open:
   * the page closes them all when it goes. */
  ct_gui_own_window (self, GTK_WINDOW (dialog));
  return dialog;
}

static void
show_error (CtTeamAdminPage *self,
            const char      *heading,
            const GError    *error)
{
  AdwMessageDialog *dialog = new_dialog (self, heading, error->message);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
form_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return list;
}

static GtkWidget *
form_entry (AdwMessageDialog *dialog,
            GtkWidget        *list,
            const char       *name,
            const char       *title,
            const char       *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_object_set_data (G_OBJECT (dialog), name, row);
  return row;
}

static GtkWidget *
form_error_label (AdwMessageDialog *dialog)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  g_object_set_data (G_OBJECT (dialog), "error", label);
  return label;
}

/* Shows why the form cannot be saved yet; NULL hides the label. */
static void
form_set_error (AdwMessageDialog *dialog,
                const char       *response,
                const char       *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (dialog), "error");

  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL && message[0] != '\0');
  adw_message_dialog_set_response_enabled (dialog, response, message == NULL);
}

static const char *
form_text (AdwMessageDialog *dialog,
           const char       *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), name)));
}

/* Busy: removing a member rotates K_db and re-encrypts the database, which
 * takes a moment. CtSession is not thread-safe, so the work runs on the main
 * thread, after the spinner has had a frame to show itself. */
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

static gboolean
remove_member_idle_cb (gpointer user_data)
{
  CtTeamAdminPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = g_steal_pointer (&self->removing_login);

  self->busy_source_id = 0;
  if (ct_session_remove_member (self->session, login, &error))
    {
      g_autofree char *text = g_strdup_printf (_("%s was removed from the team"), login);

      toast (self, text);
    }
  set_busy (self, NULL);
  reload_members (self);
  reload_policy (self);
  if (error != NULL)
    show_error (self, _("Could Not Remove the Member"), error);
  return G_SOURCE_REMOVE;
}

static gboolean
remove_member_after_frame_cb (gpointer user_data)
{
  CtTeamAdminPage *self = user_data;

  self->busy_source_id = g_idle_add_full (G_PRIORITY_LOW, remove_member_idle_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtTeamAdminPage  *self)
{
  if (!g_str_equal (response, "remove"))
    return;

  g_free (self->removing_login);
  self->removing_login = g_strdup (g_object_get_data (G_OBJECT (dialog), "login"));
  set_busy (self, _("Replacing the team file’s key…"));
  /* A short timeout rather than an idle alone: the frame with the spinner
   * is painted before the blocking work starts. */
  self->busy_source_id = g_timeout_add (50, remove_member_after_frame_cb, self);
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

  dialog = new_dialog (self, heading,
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

  ct_clipboard_set_secret (clipboard, gtk_label_get_text (label), CLIPBOARD_CLEAR_MS);
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
  AdwMessageDialog *dialog = new_dialog (self, heading, body);
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

static void
add_form_changed_cb (AdwMessageDialog *dialog)
{
  CtTeamAdminPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const char *name = form_text (dialog, CT_ADMIN_FORM_NAME);
  const char *login = form_text (dialog, CT_ADMIN_FORM_LOGIN);
  g_autoptr(GError) error = NULL;

  if (name[0] == '\0' || login[0] == '\0')
    form_set_error (dialog, "add", "");
  else if (!ct_vault_validate_login (login, &error))
    form_set_error (dialog, "add", error->message);
  else if (login_taken (self, login))
    form_set_error (dialog, "add", _("Login: this login is already taken by a team member."));
  else
    form_set_error (dialog, "add", NULL);
}

static void
add_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CtTeamAdminPage  *self)
{
  g_autofree char *name = NULL;
  g_autofree char *login = NULL;
  g_autoptr(GError) error = NULL;
  GObject *role_row, *admin_switch;
  CtSecret *code;

  if (!g_str_equal (response, "add"))
    return;

  name = g_strdup (form_text (dialog, CT_ADMIN_FORM_NAME));
  login = g_strdup (form_text (dialog, CT_ADMIN_FORM_LOGIN));
  role_row = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE);
  admin_switch = g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_ADMIN);
  code = ct_session_add_member (self->session, login, name,
                                (CtRole) adw_combo_row_get_selected (ADW_COMBO_ROW (role_row)),
                                gtk_switch_get_active (GTK_SWITCH (admin_switch)), &error);
  reload_members (self);
  if (code == NULL)
    {
      show_error (self, _("Could Not Add the Member"), error);
      return;
    }
  show_enrolment_code (self, name, login, code);
  ct_secret_free (code);
}

static GtkWidget *
role_combo_row (AdwMessageDialog *dialog)
{
  GtkStringList *roles = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (CtRole role = 0; role < CT_N_ROLES; role++)
    gtk_string_list_append (roles, ct_role_get_display_name (role));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), CT_ROLE_REGISSEUR);
  g_object_unref (roles);
  g_object_set_data (G_OBJECT (dialog), CT_ADMIN_FORM_ROLE, row);
  return row;
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
  GtkWidget *list = form_list ();

  dialog = new_dialog (self, _("Add Member"),
                       _("The new member receives a one-time enrolment code, shown after this "
                         "step. Their role decides which categories they read."));
  g_object_set_data (G_OBJECT (dialog), "page", self);
  form_entry (dialog, list, CT_ADMIN_FORM_NAME, _("Name"), NULL);
  form_entry (dialog, list, CT_ADMIN_FORM_LOGIN, _("Login"), NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), role_combo_row (dialog));
  gtk_list_box_append (GTK_LIST_BOX (list), admin_switch_row (dialog));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), form_error_label (dialog));
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Member"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_NAME), "changed",
                            G_CALLBACK (add_form_changed_cb), dialog);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_LOGIN), "changed",
                            G_CALLBACK (add_form_changed_cb), dialog);
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
    show_error (self, _("Could Not Change the Role"), error);
  else
    toast (self, _("Role changed"));
  reload_members (self);
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

  lost = category_list (mask);
  body = g_strdup_printf (_("As %s they will no longer read or change: %s."),
                          ct_role_get_display_name (role), lost);
  confirm = new_dialog (self, _("Take Categories Away?"), body);
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
  GtkWidget *list = form_list ();

  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login))
      info = g_ptr_array_index (members, i);
  if (info == NULL)
    return;

  heading = g_strdup_printf (_("Role of %s"), info->display_name);
  dialog = new_dialog (self, heading, _("The role decides which categories they read."));
  gtk_list_box_append (GTK_LIST_BOX (list), role_combo_row (dialog));
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

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
reload_members (CtTeamAdminPage *self)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->members_list);
  members = ct_session_list_members (self->session, &error);
  if (members == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < members->len; i++)
    gtk_list_box_append (self->members_list, member_row (self, g_ptr_array_index (members, i)));
}

/* Policy */

static char *
category_list (guint mask)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (mask & (1u << c))
      g_ptr_array_add (names, (gpointer) ct_category_get_display_name (c));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static void
update_pending (CtTeamAdminPage *self)
{
  guint pending = ct_session_get_pending_rotations (self->session);
  g_autofree char *names = category_list (pending);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Keys waiting to be replaced: %s. The next member who holds them "
                            "replaces them when they unlock the team file."), names);
  gtk_label_set_text (self->pending_label, pending != 0 ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), pending != 0);
}

static void set_check_silently (CtTeamAdminPage *self, GtkCheckButton *check, gboolean active);

static void
apply_policy (CtTeamAdminPage *self,
              CtRole           role,
              CtCategory       category,
              gboolean         grant)
{
  g_autoptr(GError) error = NULL;

  if (!ct_session_set_policy (self->session, role, category, grant, &error))
    {
      set_check_silently (self, self->policy_checks[role][category], !grant);
      show_error (self, _("Could Not Change the Policy"), error);
    }
  update_pending (self);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtTeamAdminPage  *self)
{
  CtRole role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "role"));
  CtCategory category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "category"));

  if (g_str_equal (response, "revoke"))
    apply_policy (self, role, category, FALSE);
  else
    set_check_silently (self, self->policy_checks[role][category], TRUE);
}

static void
confirm_revoke (CtTeamAdminPage *self,
                CtRole           role,
                CtCategory       category)
{
  const char *role_name = ct_role_get_display_name (role);
  const char *category_name = ct_category_get_display_name (category);
  g_autofree char *heading = g_strdup_printf (_("Revoke %s for %s?"), category_name, role_name);
  g_autofree char *body = g_strdup_printf (
      _("Members with the role %s will no longer read or change %s data. The %s key is "
        "replaced and the category’s values are encrypted again, so the key they hold opens "
        "nothing afterwards. If you do not hold the key, the next member who holds it does "
        "this when they unlock the team file."), role_name, category_name, category_name);
  AdwMessageDialog *dialog = new_dialog (self, heading, body);

  g_object_set_data (G_OBJECT (dialog), "role", GUINT_TO_POINTER (role));
  g_object_set_data (G_OBJECT (dialog), "category", GUINT_TO_POINTER (category));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "revoke", _("_Revoke"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "revoke", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (revoke_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
policy_toggled_cb (GtkCheckButton  *check,
                   CtTeamAdminPage *self)
{
  CtRole role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "role"));
  CtCategory category = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "category"));

  if (gtk_check_button_get_active (check))
    apply_policy (self, role, category, TRUE);
  else
    confirm_revoke (self, role, category);
}

static void
set_check_silently (CtTeamAdminPage *self,
                    GtkCheckButton  *check,
                    gboolean         active)
{
  g_signal_handlers_block_by_func (check, policy_toggled_cb, self);
  gtk_check_button_set_active (check, active);
  g_signal_handlers_unblock_by_func (check, policy_toggled_cb, self);
}

static GtkWidget *
grid_label (const char *text,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), header ? 0.5f : 0.0f);
  /* Long role and category names wrap rather than widen the whole page. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (header)
    {
      /* Eight columns of headings: the smaller heading keeps the grid
       * narrow enough for the sidebar to stay beside it. */
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "caption-heading");
    }
  return label;
}

static GtkWidget *
policy_check (CtTeamAdminPage *self,
              CtRole           role,
              CtCategory       category)
{
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *label = g_strdup_printf ("%s: %s", ct_role_get_display_name (role),
                                            ct_category_get_display_name (category));

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (check), "role", GUINT_TO_POINTER (role));
  g_object_set_data (G_OBJECT (check), "category", GUINT_TO_POINTER (category));
  /* General is what the team works with: every role keeps it. */
  gtk_widget_set_sensitive (check, category != CT_CATEGORY_GENERAL);
  g_signal_connect (check, "toggled", G_CALLBACK (policy_toggled_cb), self);
  self->policy_checks[role][category] = GTK_CHECK_BUTTON (check);
  return check;
}

static void
build_policy_grid (CtTeamAdminPage *self)
{
  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    gtk_grid_attach (self->policy_grid, grid_label (ct_category_get_display_name (c), TRUE),
                     c + 1, 0, 1, 1);

  for (CtRole r = 0; r < CT_N_ROLES; r++)
    {
      gtk_grid_attach (self->policy_grid, grid_label (ct_role_get_display_name (r), FALSE),
                       0, r + 1, 1, 1);
      for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
        gtk_grid_attach (self->policy_grid, policy_check (self, r, c), c + 1, r + 1, 1, 1);
    }
}

static void
reload_policy (CtTeamAdminPage *self)
{
  for (CtRole r = 0; r < CT_N_ROLES; r++)
    for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
      set_check_silently (self, self->policy_checks[r][c],
                          c == CT_CATEGORY_GENERAL || ct_session_policy_allows (self->session, r, c));
  update_pending (self);
}

/* Areas */

static void
area_form_changed_cb (AdwMessageDialog *dialog)
{
  const CtTable *table = ct_schema_get_table ("areas");
  const char *names[] = { "name", CT_ADMIN_FORM_POSTCODES };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ct_field_normalize (ct_table_get_field (table, names[i]),
                                                    form_text (dialog, names[i]), &error);

      if (normal == NULL || normal[0] == '\0')
        {
          form_set_error (dialog, "save", error != NULL ? error->message : "");
          return;
        }
    }
  form_set_error (dialog, "save", NULL);
}

static void
area_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CtTeamAdminPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "save"))
    return;

  record = id > 0 ? ct_session_get (self->session, "areas", id, &error) : ct_record_new ("areas");
  if (record != NULL)
    {
      ct_record_set (record, "name", form_text (dialog, "name"));
      ct_record_set (record, "postcodes", form_text (dialog, CT_ADMIN_FORM_POSTCODES));
    }
  ok = record != NULL && (id > 0 ? ct_session_update (self->session, record, &error)
                                 : ct_session_insert (self->session, record, &error) > 0);
  reload_areas (self);
  if (!ok)
    show_error (self, _("Could Not Save the Area"), error);
}

static void
edit_area (CtTeamAdminPage *self,
           CtRecord        *area)
{
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = form_list ();

  dialog = new_dialog (self, area != NULL ? _("Edit Area") : _("Add Area"),
                       _("Name the area and list its four-digit postcode areas, separated by "
                         "commas, for example 1211,1212."));
  g_object_set_data (G_OBJECT (dialog), "id",
                     GSIZE_TO_POINTER (area != NULL ? ct_record_get_id (area) : 0));
  form_entry (dialog, list, "name", _("Name"), area != NULL ? ct_record_get (area, "name") : NULL);
  form_entry (dialog, list, CT_ADMIN_FORM_POSTCODES, _("Postcode areas"),
              area != NULL ? ct_record_get (area, "postcodes") : NULL);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), form_error_label (dialog));
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  area_form_changed_cb (dialog);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), "name"), "changed",
                            G_CALLBACK (area_form_changed_cb), dialog);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (dialog), CT_ADMIN_FORM_POSTCODES),
                            "changed", G_CALLBACK (area_form_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (area_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_area_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  edit_area (CT_TEAM_ADMIN_PAGE (widget), NULL);
}

static void
edit_area_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) area = ct_session_get (self->session, "areas",
                                             g_variant_get_int64 (parameter), &error);

  if (area == NULL)
    show_error (self, _("Could Not Open the Area"), error);
  else
    edit_area (self, area);
}

static void
remove_area_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CtTeamAdminPage  *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;
  if (!ct_session_delete (self->session, "areas", id, &error))
    show_error (self, _("Could Not Remove the Area"), error);
  reload_areas (self);
}

static void
remove_area_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  AdwMessageDialog *dialog;

  dialog = new_dialog (self, _("Remove Area?"),
                       _("Households keep the area they have; later exports no longer use "
                         "this area’s postcodes."));
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (g_variant_get_int64 (parameter)));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_area_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (const char *icon,
            const char *label,
            const char *action,
            gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  return button;
}

static void
reload_areas (CtTeamAdminPage *self)
{
  g_autoptr(GPtrArray) areas = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->areas_list);
  areas = ct_session_list (self->session, "areas", NULL, 0, &error);
  for (guint i = 0; areas != NULL && i < areas->len; i++)
    {
      CtRecord *area = g_ptr_array_index (areas, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *postcodes = g_strdup (ct_record_get (area, "postcodes"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ct_record_get (area, "name"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), postcodes != NULL ? postcodes : "");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Edit area"),
                                             "admin.edit-area", ct_record_get_id (area)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Remove area"),
                                             "admin.remove-area", ct_record_get_id (area)));
      gtk_list_box_append (self->areas_list, row);
    }
  if (areas == NULL)
    toast (self, error->message);
}

/* Export and retention settings */

static void
load_setting (CtTeamAdminPage *self,
              AdwEntryRow     *row,
              const char      *key,
              int              fallback)
{
  g_autofree char *value = ct_session_get_setting (self->session, key, NULL);
  g_autofree char *text = value != NULL ? g_strdup (value) : g_strdup_printf ("%d", fallback);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
load_settings (CtTeamAdminPage *self)
{
  load_setting (self, self->k_row, export_k.key, export_k.fallback);
  load_setting (self, self->threshold_row, export_threshold.key, export_threshold.fallback);
  for (guint i = 0; i < CT_N_OUTCOMES; i++)
    {
      g_autofree char *key = g_strconcat ("retention.", outcomes[i], NULL);

      load_setting (self, self->retention_rows[i], key, 24);
    }
}

/* Returns: the row's number, or -1 with @message set */
static int
parse_setting (AdwEntryRow *row,
               const char  *title,
               int          min,
               int          max,
               char       **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 value = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (g_ascii_string_to_unsigned (stripped, 10, min, max, &value, NULL))
    return (int) value;

  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  if (*message == NULL)
    *message = g_strdup_printf (_("%s: enter a whole number from %d to %d."), title, min, max);
  return -1;
}

static gboolean
store_setting (CtTeamAdminPage *self,
               const char      *key,
               int              value,
               GError         **error)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  return ct_session_set_setting (self->session, key, text, error);
}

static void
save_settings_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  int values[CT_N_OUTCOMES];
  int k, threshold;
  gboolean ok;

  k = parse_setting (self->k_row, _(export_k.title), export_k.min, export_k.max, &message);
  threshold = parse_setting (self->threshold_row, _(export_threshold.title),
                             export_threshold.min, export_threshold.max, &message);
  for (guint i = 0; i < CT_N_OUTCOMES; i++)
    values[i] = parse_setting (self->retention_rows[i], _(outcome_titles[i]), 12, 120, &message);

  gtk_label_set_text (self->settings_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->settings_error_label), message != NULL);
  if (message != NULL)
    return;

  ok = store_setting (self, export_k.key, k, &error)
       && store_setting (self, export_threshold.key, threshold, &error);
  for (guint i = 0; ok && i < CT_N_OUTCOMES; i++)
    {
      g_autofree char *key = g_strconcat ("retention.", outcomes[i], NULL);

      ok = store_setting (self, key, values[i], &error);
    }
  if (ok)
    toast (self, _("Team settings saved"));
  else
    show_error (self, _("Could Not Save the Settings"), error);
}

static void
visible_page_cb (CtTeamAdminPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->log_view != NULL && g_strcmp0 (name, "log") == 0)
    ct_log_view_reload (CT_LOG_VIEW (self->log_view));
}

static void
ct_team_admin_page_dispose (GObject *object)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (object);

  g_clear_handle_id (&self->busy_source_id, g_source_remove);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  g_clear_weak_pointer (&self->code_label);
  ct_gui_close_owned_windows (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ct_team_admin_page_parent_class)->dispose (object);
}

static void
ct_team_admin_page_finalize (GObject *object)
{
  g_free (CT_TEAM_ADMIN_PAGE (object)->removing_login);
  G_OBJECT_CLASS (ct_team_admin_page_parent_class)->finalize (object);
}

static void
ct_team_admin_page_class_init (CtTeamAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_team_admin_page_dispose;
  object_class->finalize = ct_team_admin_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ct-team-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, busy_box);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, policy_grid);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, log_bin);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, areas_list);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, k_row);
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, threshold_row);
  gtk_widget_class_bind_template_child_full (widget_class, "retention_row_0", FALSE,
                                             G_STRUCT_OFFSET (CtTeamAdminPage, retention_rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "retention_row_1", FALSE,
                                             G_STRUCT_OFFSET (CtTeamAdminPage, retention_rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "retention_row_2", FALSE,
                                             G_STRUCT_OFFSET (CtTeamAdminPage, retention_rows[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "retention_row_3", FALSE,
                                             G_STRUCT_OFFSET (CtTeamAdminPage, retention_rows[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "retention_row_4", FALSE,
                                             G_STRUCT_OFFSET (CtTeamAdminPage, retention_rows[4]));
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, settings_error_label);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_cb);

  gtk_widget_class_install_action (widget_class, "admin.add-member", NULL, add_member_cb);
  gtk_widget_class_install_action (widget_class, "admin.remove-member", "s", remove_member_cb);
  gtk_widget_class_install_action (widget_class, "admin.change-role", "s", change_role_cb);
  gtk_widget_class_install_action (widget_class, "admin.add-area", NULL, add_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.edit-area", "x", edit_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.remove-area", "x", remove_area_cb);
  gtk_widget_class_install_action (widget_class, "admin.save-settings", NULL, save_settings_cb);
}

static void
ct_team_admin_page_init (CtTeamAdminPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_policy_grid (self);
}

/**
 * ct_team_admin_page_new:
 * @session: an unlocked session
 *
 * Returns: (transfer floating): the page; a member who is not a beheerder
 *   sees only why it is empty, and the page reads nothing for them
 */
GtkWidget *
ct_team_admin_page_new (CtSession *session)
{
  CtTeamAdminPage *self;

  g_return_val_if_fail (CT_IS_SESSION (session), NULL);

  self = g_object_new (CT_TYPE_TEAM_ADMIN_PAGE, NULL);
  self->session = g_object_ref (session);
  if (!ct_session_is_admin (session))
    {
      gtk_stack_set_visible_child_name (self->stack, "not-admin");
      for (const char *const *a = (const char *const[]) { "admin.add-member", "admin.remove-member",
                                                         "admin.add-area", "admin.edit-area",
                                                         "admin.remove-area", "admin.save-settings",
                                                         NULL }; *a != NULL; a++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), *a, FALSE);
      return GTK_WIDGET (self);
    }

  gtk_stack_set_visible_child_name (self->stack, "admin");
  self->log_view = ct_log_view_new (session);
  adw_bin_set_child (self->log_bin, self->log_view);
  reload_members (self);
  reload_policy (self);
  reload_areas (self);
  load_settings (self);
  return GTK_WIDGET (self);
}

/* Returns: whether a member is being removed right now */
gboolean
ct_team_admin_page_get_busy (CtTeamAdminPage *self)
{
  g_return_val_if_fail (CT_IS_TEAM_ADMIN_PAGE (self), FALSE);

  return self->busy;
}

GtkWidget *
_ct_team_admin_page_get_form_widget (CtTeamAdminPage *self,
                                     const char      *name)
{
  g_return_val_if_fail (CT_IS_TEAM_ADMIN_PAGE (self), NULL);

  return self->dialog != NULL ? g_object_get_data (G_OBJECT (self->dialog), name) : NULL;
}
