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
 * core while the page shows that it is busy; a role change waits in the
 * session's write queue, the page saying "Saving…" meanwhile. */

#define G_LOG_DOMAIN "ct-team-admin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-enrolment-code-dialog.h"
#include "ct-error.h"
#include "ct-member-dialog.h"
#include "ct-team-admin-page-private.h"

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
                    CtAdminAnswer    *answer)
{
  CtTeamAdminPage *self = answer->page;
  GCancellable *cancellable;

  if (!g_str_equal (response, "remove"))
    return;

  cancellable = start_busy (self, _("Replacing the team file’s key…"));
  ct_session_remove_member_async (self->session, answer->login, cancellable, member_removed_cb,
                                  member_request_new (self, answer->login, NULL));
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
  CtAdminAnswer *answer = _ct_admin_answer_new (self);
  AdwMessageDialog *dialog;

  dialog = _ct_team_admin_page_new_dialog (
      self, heading,
      _("They can no longer open this team file. Its key is replaced, so their "
        "passphrase opens nothing that is written from now on; copies of the "
        "file made before now still open with it.\n\nThe keys of the "
        "categories they could read are replaced too, by the next member who "
        "holds them and unlocks the team file."));
  answer->login = g_strdup (login);
  _ct_admin_answer_ask (answer, dialog, "remove", _("_Remove"), remove_response_cb);
}

static void
show_enrolment_code (CtTeamAdminPage *self,
                     const char      *name,
                     const char      *login,
                     const char      *code)
{
  GtkWidget *dialog = ct_enrolment_code_dialog_new (_ct_team_admin_page_get_window (self),
                                                    name, login, code);

  _ct_team_admin_page_adopt_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GStrv
member_logins (CtTeamAdminPage *self)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, NULL);
  g_autoptr(GStrvBuilder) logins = g_strv_builder_new ();

  for (guint i = 0; members != NULL && i < members->len; i++)
    g_strv_builder_add (logins, ((CtMemberInfo *) g_ptr_array_index (members, i))->login);
  return g_strv_builder_end (logins);
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
add_response_cb (CtMemberDialog  *dialog,
                 const char      *response,
                 CtTeamAdminPage *self)
{
  const char *name = ct_member_dialog_get_name (dialog);
  const char *login = ct_member_dialog_get_login (dialog);
  GCancellable *cancellable;
  CtRole role;

  if (!g_str_equal (response, "add") || !ct_member_dialog_get_role (dialog, &role))
    return;

  cancellable = start_busy (self, _("Adding the member…"));
  ct_session_add_member_async (self->session, login, name, role,
                               ct_member_dialog_get_admin (dialog), cancellable,
                               member_added_cb, member_request_new (self, login, name));
}

static void
add_member_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  g_auto(GStrv) logins = member_logins (self);
  GtkWidget *dialog = ct_member_dialog_new_add (_ct_team_admin_page_get_window (self),
                                                (const char *const *) logins);

  _ct_team_admin_page_adopt_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (add_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Changing a role */

static void
role_changed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GWeakRef *page = user_data;
  g_autoptr(CtTeamAdminPage) self = g_weak_ref_get (page);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_set_member_role_finish (CT_SESSION (source), result, &error);

  g_weak_ref_clear (page);
  g_free (page);
  if (self == NULL)
    return;
  self->admin_writing--;
  set_busy (self, NULL);
  /* Locked meanwhile: nothing was written, and the page goes. */
  if (g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    return;
  if (!ok)
    _ct_team_admin_page_show_error (self, _("Could Not Change the Role"), error);
  else
    _ct_team_admin_page_toast (self, _("Role changed"));
  _ct_team_admin_page_reload_members (self);
  _ct_team_admin_page_reload_policy (self);
}

/* Through the session's write queue (ct_session_set_member_role_async();
 * HACKING.md, "Threads", rule 4): while one of the session's readers
 * holds the file, the page says "Saving…" and takes no other change, and
 * the window goes on. */
static void
apply_role (CtTeamAdminPage *self,
            const char      *login,
            CtRole           role,
            gboolean         is_admin)
{
  GWeakRef *page = g_new0 (GWeakRef, 1);

  g_weak_ref_init (page, self);
  self->admin_writing++;
  set_busy (self, _("Saving…"));
  ct_session_set_member_role_async (self->session, login, role, is_admin, NULL, role_changed_cb,
                                    page);
}

static void
confirm_role_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CtAdminAnswer    *answer)
{
  if (g_str_equal (response, "change"))
    apply_role (answer->page, answer->login, answer->role, answer->is_admin);
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
change_role_response_cb (CtMemberDialog  *dialog,
                         const char      *response,
                         CtTeamAdminPage *self)
{
  const char *login = ct_member_dialog_get_login (dialog);
  gboolean is_admin = ct_member_dialog_get_admin (dialog);
  g_autofree char *lost = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *confirm;
  CtAdminAnswer *answer;
  CtRole role;
  guint mask;

  if (!g_str_equal (response, "change") || !ct_member_dialog_get_role (dialog, &role))
    return;

  mask = categories_lost (self, ct_member_dialog_get_old_role (dialog), role);
  if (mask == 0)
    {
      apply_role (self, login, role, is_admin);
      return;
    }

  lost = ct_category_dup_display_names (mask);
  body = g_strdup_printf (_("As %s they will no longer read or change: %s."),
                          ct_role_get_display_name (role), lost);
  confirm = _ct_team_admin_page_new_dialog (self, _("Take Categories Away?"), body);
  answer = _ct_admin_answer_new (self);
  answer->login = g_strdup (login);
  answer->role = role;
  answer->is_admin = is_admin;
  _ct_admin_answer_ask (answer, confirm, "change", _("_Change Role"), confirm_role_response_cb);
}

static void
change_role_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autoptr(GPtrArray) members = ct_session_list_members (self->session, NULL);
  CtMemberInfo *info = NULL;
  GtkWidget *dialog;

  for (guint i = 0; members != NULL && i < members->len; i++)
    if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, login))
      info = g_ptr_array_index (members, i);
  if (info == NULL)
    return;

  dialog = ct_member_dialog_new_role (_ct_team_admin_page_get_window (self), info);
  _ct_team_admin_page_adopt_dialog (self, ADW_MESSAGE_DIALOG (dialog));
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
