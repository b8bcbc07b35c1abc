/* ct-team-admin-page.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ct-team-admin-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-gui-windows.h"
#include "ct-log-view.h"
#include "ct-team-admin-page-private.h"
#include "ct-page.h"

/* The beheerder's page: members, the access policy, the access log and the
 * team settings. Everything goes through the session, which refuses what a
 * non-beheerder may not do; the page only shows them why there is nothing
 * here for them.
 *
 * This file holds the page, the dialog and form helpers its tabs share and
 * the access policy matrix. The members tab is in
 * ct-team-admin-page-members.c, the team settings tab (areas, export and
 * retention) in ct-team-admin-page-settings.c. */

static void ct_team_admin_page_page_iface_init (CtPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CtTeamAdminPage, ct_team_admin_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CT_TYPE_PAGE, ct_team_admin_page_page_iface_init))

void
_ct_team_admin_page_toast (CtTeamAdminPage *self,
                           const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

GtkWindow *
_ct_team_admin_page_get_window (CtTeamAdminPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* One dialog at a time; the tests find it in self->dialog. */
void
_ct_team_admin_page_adopt_dialog (CtTeamAdminPage  *self,
                                  AdwMessageDialog *dialog)
{
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  /* One at a time for the tests, but an earlier one may still be open:
   * the page closes them all when it goes. */
  ct_gui_own_window (self, GTK_WINDOW (dialog));
}

AdwMessageDialog *
_ct_team_admin_page_new_dialog (CtTeamAdminPage *self,
                                const char      *heading,
                                const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (_ct_team_admin_page_get_window (self), heading, body);

  _ct_team_admin_page_adopt_dialog (self, ADW_MESSAGE_DIALOG (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

void
_ct_team_admin_page_show_error (CtTeamAdminPage *self,
                                const char      *heading,
                                const GError    *error)
{
  AdwMessageDialog *dialog = _ct_team_admin_page_new_dialog (self, heading, error->message);

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

CtAdminAnswer *
_ct_admin_answer_new (CtTeamAdminPage *page)
{
  CtAdminAnswer *answer = g_new0 (CtAdminAnswer, 1);

  answer->page = page;
  return answer;
}

static void
admin_answer_free (gpointer  data,
                   GClosure *closure)
{
  CtAdminAnswer *answer = data;

  g_free (answer->login);
  g_free (answer);
}

/* Shows @dialog as a question with Cancel and the destructive @response
 * (@label); Cancel is its default and what closing it answers. Calls
 * @callback with @answer when it responds; @answer goes with the dialog.
 * The dialog is the page's own (ct_gui_own_window()), gone before the
 * page, so @answer->page does not dangle. */
void
_ct_admin_answer_ask (CtAdminAnswer    *answer,
                      AdwMessageDialog *dialog,
                      const char       *response,
                      const char       *label,
                      CtAdminAnswerFunc callback)
{
  ct_gui_add_destructive_responses (dialog, "cancel", _("_Cancel"), response, label);
  g_signal_connect_data (dialog, "response", G_CALLBACK (callback), answer,
                         admin_answer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ct_admin_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Policy */

static void
update_pending (CtTeamAdminPage *self)
{
  guint pending = ct_session_get_pending_rotations (self->session);
  g_autofree char *names = ct_category_dup_display_names (pending);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("Keys waiting to be replaced: %s. The next member who holds them "
                            "replaces them when they unlock the team file."), names);
  gtk_label_set_text (self->pending_label, pending != 0 ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_box), pending != 0);
}

static void set_check_silently (CtTeamAdminPage *self, GtkCheckButton *check, gboolean active);

typedef struct
{
  GWeakRef   page;
  CtRole     role;
  CtCategory category;
  gboolean   grant;
} PolicyWrite;

static void
policy_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PolicyWrite *write = user_data;
  g_autoptr(CtTeamAdminPage) self = g_weak_ref_get (&write->page);
  g_autoptr(GError) error = NULL;
  gboolean ok = ct_session_set_policy_finish (CT_SESSION (source), result, &error);
  GtkCheckButton *check;

  g_weak_ref_clear (&write->page);
  if (self == NULL)
    {
      g_free (write);
      return;
    }
  self->admin_writing--;
  check = self->policy_checks[write->role][write->category];
  gtk_widget_set_sensitive (GTK_WIDGET (check), TRUE);
  /* Locked meanwhile: nothing was written, and the page goes. */
  if (!g_error_matches (error, CT_ERROR, CT_ERROR_LOCKED))
    {
      set_check_silently (self, check, ok ? write->grant : !write->grant);
      if (!ok)
        _ct_team_admin_page_show_error (self, _("Could Not Change the Policy"), error);
      update_pending (self);
    }
  g_free (write);
}

/* Through the session's write queue (ct_session_set_policy_async();
 * HACKING.md, "Threads", rule 4): while one of the session's readers
 * holds the file, the check takes no input and the window goes on; a
 * change that fails puts the check back. */
static void
apply_policy (CtTeamAdminPage *self,
              CtRole           role,
              CtCategory       category,
              gboolean         grant)
{
  PolicyWrite *write = g_new0 (PolicyWrite, 1);

  g_weak_ref_init (&write->page, self);
  write->role = role;
  write->category = category;
  write->grant = grant;
  self->admin_writing++;
  gtk_widget_set_sensitive (GTK_WIDGET (self->policy_checks[role][category]), FALSE);
  ct_session_set_policy_async (self->session, role, category, grant, NULL, policy_written_cb,
                               write);
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CtAdminAnswer    *answer)
{
  CtTeamAdminPage *self = answer->page;

  if (g_str_equal (response, "revoke"))
    apply_policy (self, answer->role, answer->category, FALSE);
  else
    set_check_silently (self, self->policy_checks[answer->role][answer->category], TRUE);
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
  AdwMessageDialog *dialog = _ct_team_admin_page_new_dialog (self, heading, body);
  CtAdminAnswer *answer = _ct_admin_answer_new (self);

  answer->role = role;
  answer->category = category;
  _ct_admin_answer_ask (answer, dialog, "revoke", _("_Revoke"), revoke_response_cb);
}

static void
policy_toggled_cb (GtkCheckButton  *check,
                   CtTeamAdminPage *self)
{
  /* The matrix says which role and category the check is for. */
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    for (CtCategory category = 0; category < CT_N_CATEGORIES; category++)
      if (self->policy_checks[role][category] == check)
        {
          if (gtk_check_button_get_active (check))
            apply_policy (self, role, category, TRUE);
          else
            confirm_revoke (self, role, category);
          return;
        }
  g_assert_not_reached ();
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

void
_ct_team_admin_page_reload_policy (CtTeamAdminPage *self)
{
  for (CtRole r = 0; r < CT_N_ROLES; r++)
    for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
      set_check_silently (self, self->policy_checks[r][c],
                          c == CT_CATEGORY_GENERAL || ct_session_policy_allows (self->session, r, c));
  update_pending (self);
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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  ct_gui_close_owned_windows (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ct_team_admin_page_parent_class)->dispose (object);
}

static void
ct_team_admin_page_class_init (CtTeamAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ct_team_admin_page_dispose;

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
  gtk_widget_class_bind_template_child (widget_class, CtTeamAdminPage, save_settings_button);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_cb);

  _ct_team_admin_page_install_member_actions (widget_class);
  _ct_team_admin_page_install_settings_actions (widget_class);
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
  _ct_team_admin_page_reload_members (self);
  _ct_team_admin_page_reload_policy (self);
  _ct_team_admin_page_reload_settings (self);
  return GTK_WIDGET (self);
}

/* Returns: whether a member is being removed right now */
gboolean
ct_team_admin_page_get_busy (CtTeamAdminPage *self)
{
  g_return_val_if_fail (CT_IS_TEAM_ADMIN_PAGE (self), FALSE);

  return self->busy;
}

/* Shown again: the log reads afresh; the forms keep what is typed. */
static void
team_admin_page_reload (CtPage *page)
{
  CtTeamAdminPage *self = CT_TEAM_ADMIN_PAGE (page);

  if (self->log_view != NULL)
    ct_log_view_reload (CT_LOG_VIEW (self->log_view));
}

static void
ct_team_admin_page_page_iface_init (CtPageInterface *iface)
{
  iface->reload = team_admin_page_reload;
}
