/* test-admin.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The beheerder's page (members, roles, the policy, the settings, one's
 * own passphrase) and the preferences window, driven through their own
 * widgets in a real window. The tests run in order and share one team
 * file built with the core API; the access log is test-admin-log's. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-area-dialog-private.h"
#include "ct-core-test-util.h"
#include "ct-enrolment-code-dialog-private.h"
#include "ct-gui-labels.h"
#include "ct-member-dialog-private.h"
#include "ct-passphrase-dialog-private.h"
#include "ct-preferences-window.h"
#include "ct-test-admin.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static CtTestTeam *team;

typedef struct
{
  CtAdminTestPage          *fixture;
  AdwMessageDialog *old;
} DialogWait;

static gboolean
new_dialog_open (gpointer data)
{
  DialogWait *wait = data;

  return wait->fixture->page->dialog != NULL && wait->fixture->page->dialog != wait->old;
}

static AdwMessageDialog *
wait_for_new_dialog (CtAdminTestPage          *fixture,
                     AdwMessageDialog *old)
{
  DialogWait wait = { fixture, old };

  ct_test_wait_until (new_dialog_open, &wait, 20, "a new dialog");
  return ct_test_wait_for_dialog (&fixture->page->dialog);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static gboolean
is_member (CtSession  *session,
           const char *login,
           gboolean   *enrolled)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (session, NULL);

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        {
          if (enrolled != NULL)
            *enrolled = info->enrolled;
          return TRUE;
        }
    }
  return FALSE;
}

/* The button of one member's row for @action, by its action target. */
static GtkWidget *
find_member_button (GtkWidget  *root,
                    const char *action,
                    const char *login)
{
  return ct_test_find_action (root, action, g_variant_new_string (login));
}

static GtkWidget *
find_remove_button (GtkWidget  *root,
                    const char *login)
{
  return find_member_button (root, "admin.remove-member", login);
}

static gboolean
not_busy (gpointer page)
{
  return !ct_team_admin_page_get_busy (page);
}

static void
wait_not_busy (CtTeamAdminPage *page)
{
  ct_test_wait_until (not_busy, page, 60, "removing a member");
}

/* Role and policy changes wait in the session's write queue. */
static gboolean
admin_written (gpointer page)
{
  return ((CtTeamAdminPage *) page)->admin_writing == 0;
}

static void
wait_admin_written (CtTeamAdminPage *page)
{
  ct_test_wait_until (admin_written, page, 60, "a role or policy change");
}

static void
test_admin_members (void)
{
  CtAdminTestPage f = { 0 };

  ct_admin_test_open (&f, team, "anna");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.page->stack), ==, "admin");
  g_assert_cmpuint (count_rows (f.page->members_list), ==, 3);
  ct_test_screenshot (f.window, "admin-members");
  ct_admin_test_close (&f);
}

static const char *
combo_row_text (GtkWidget *row)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

static void
select_combo_text (GtkWidget  *row,
                   const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return;
        }
    }
  g_error ("No item %s", text);
}

static void
test_admin_add_member (void)
{
  CtAdminTestPage f = { 0 };
  AdwMessageDialog *dialog;
  CtMemberDialog *form;
  g_autoptr(GtkLabel) code_label = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) dirk = NULL;
  gboolean enrolled = TRUE;

  ct_admin_test_open (&f, team, "anna");
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.add-member"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  form = CT_MEMBER_DIALOG (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));

  /* A login that is taken is refused before the core is asked, and the
   * form says why. */
  gtk_editable_set_text (GTK_EDITABLE (form->name_row), "Dirk Smit");
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_POLITIE));
  gtk_editable_set_text (GTK_EDITABLE (form->login_row), "anna");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form->error_label)));
  g_assert_cmpstr (gtk_label_get_text (form->error_label), ==,
                   _("Login: this login is already taken by a team member."));
  /* A login the core would refuse, in the core's words. */
  gtk_editable_set_text (GTK_EDITABLE (form->login_row), "Dirk Smit");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form->error_label)));
  g_assert_false (ct_vault_validate_login ("Dirk Smit", &error));
  g_assert_cmpstr (gtk_label_get_text (form->error_label), ==, error->message);
  g_clear_error (&error);
  gtk_editable_set_text (GTK_EDITABLE (form->login_row), "dirk");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form->error_label)));
  /* Back to no role: Add waits for one. */
  adw_combo_row_set_selected (form->role_row, 0);
  g_assert_cmpstr (combo_row_text (GTK_WIDGET (form->role_row)), ==, _("Choose a Role…"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form->error_label)));
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_HUISVESTING));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_cmpstr (ct_member_dialog_get_name (form), ==, "Dirk Smit");
  g_assert_cmpstr (ct_member_dialog_get_login (form), ==, "dirk");
  g_assert_false (ct_member_dialog_get_admin (form));
  ct_test_screenshot (dialog, "admin-add-member");
  ct_test_respond (dialog, "add");

  /* The code, once, in its own dialog. */
  dialog = wait_for_new_dialog (&f, NULL);
  g_assert_true (CT_IS_ENROLMENT_CODE_DIALOG (dialog));
  code_label = g_object_ref (CT_ENROLMENT_CODE_DIALOG (dialog)->code_label);
  code = g_strdup (gtk_label_get_text (code_label));
  g_assert_cmpuint (strlen (code), >=, 16);
  ct_test_screenshot (dialog, "admin-enrolment-code");
  g_assert_true (is_member (f.session, "dirk", &enrolled));
  g_assert_false (enrolled);
  {
    g_autoptr(GPtrArray) members = ct_session_list_members (f.session, NULL);

    for (guint i = 0; i < members->len; i++)
      if (g_str_equal (((CtMemberInfo *) g_ptr_array_index (members, i))->login, "dirk"))
        g_assert_cmpint (((CtMemberInfo *) g_ptr_array_index (members, i))->role, ==,
                         CT_ROLE_HUISVESTING);
  }
  g_assert_cmpuint (count_rows (f.page->members_list), ==, 4);
  ct_test_screenshot (f.window, "admin-members-added");
  ct_test_respond (dialog, "close");
  /* Shown once: the label forgot the code. */
  g_assert_cmpstr (gtk_label_get_text (code_label), ==, "");
  ct_admin_test_close (&f);

  /* The code opens the enrolment path, not the team file. */
  dirk = ct_session_unlock (team->path, "dirk", code, &error);
  g_assert_null (dirk);
  g_assert_error (error, CT_ERROR, CT_ERROR_NEEDS_ENROLMENT);
}

static CtRole
member_role (CtSession  *session,
             const char *login,
             gboolean   *is_admin)
{
  g_autoptr(GPtrArray) members = ct_session_list_members (session, NULL);

  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        {
          *is_admin = info->is_admin;
          return info->role;
        }
    }
  g_assert_not_reached ();
}

static CtMemberDialog *
open_role_dialog (CtAdminTestPage    *f,
                  const char *login)
{
  ct_test_click (find_member_button (GTK_WIDGET (f->page), "admin.change-role", login));
  return CT_MEMBER_DIALOG (ct_test_wait_for_dialog (&f->page->dialog));
}

/* Changing a role: the form starts on what the member has; a change that
 * takes categories away asks first, and cancelling it changes nothing. */
static void
test_admin_change_role (void)
{
  CtAdminTestPage f = { 0 };
  CtMemberDialog *form;
  AdwMessageDialog *confirm;
  g_autofree char *heading = NULL;
  gboolean is_admin = TRUE;
  CtRole role;

  ct_admin_test_open (&f, team, "anna");
  form = open_role_dialog (&f, "dirk");
  heading = g_strdup_printf (_("Role of %s"), "Dirk Smit");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (form)), ==, heading);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form->name_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form->login_row)));
  g_assert_cmpstr (combo_row_text (GTK_WIDGET (form->role_row)), ==,
                   ct_role_get_display_name (CT_ROLE_HUISVESTING));
  g_assert_true (ct_member_dialog_get_role (form, &role));
  g_assert_cmpint (role, ==, CT_ROLE_HUISVESTING);
  g_assert_cmpstr (ct_member_dialog_get_login (form), ==, "dirk");
  g_assert_false (gtk_switch_get_active (form->admin_switch));
  ct_test_screenshot (GTK_WIDGET (form), "admin-change-role");

  /* To the regisseur, who reads every category: nothing is taken away. */
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_REGISSEUR));
  ct_test_respond (ADW_MESSAGE_DIALOG (form), "change");
  wait_admin_written (f.page);
  g_assert_cmpint (member_role (f.session, "dirk", &is_admin), ==, CT_ROLE_REGISSEUR);
  g_assert_false (is_admin);

  /* To the police: categories go, said in so many words first. */
  form = open_role_dialog (&f, "dirk");
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_POLITIE));
  /* Held, so that the question cannot take the closed form's address. */
  g_object_ref (form);
  ct_test_respond (ADW_MESSAGE_DIALOG (form), "change");
  confirm = wait_for_new_dialog (&f, ADW_MESSAGE_DIALOG (form));
  g_object_unref (form);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, _("Take Categories Away?"));
  ct_test_screenshot (GTK_WIDGET (confirm), "admin-change-role-confirm");
  ct_test_respond (confirm, "cancel");
  g_assert_cmpint (member_role (f.session, "dirk", &is_admin), ==, CT_ROLE_REGISSEUR);

  form = open_role_dialog (&f, "dirk");
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_POLITIE));
  /* Held, so that the question cannot take the closed form's address. */
  g_object_ref (form);
  ct_test_respond (ADW_MESSAGE_DIALOG (form), "change");
  confirm = wait_for_new_dialog (&f, ADW_MESSAGE_DIALOG (form));
  g_object_unref (form);
  ct_test_respond (confirm, "change");
  wait_admin_written (f.page);
  g_assert_cmpint (member_role (f.session, "dirk", &is_admin), ==, CT_ROLE_POLITIE);
  g_assert_false (is_admin);
  ct_admin_test_close (&f);
}

static void
test_admin_remove_member (void)
{
  CtAdminTestPage f = { 0 };
  AdwMessageDialog *dialog;

  ct_admin_test_open (&f, team, "anna");
  ct_test_click (find_remove_button (GTK_WIDGET (f.page), "dirk"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  ct_test_screenshot (dialog, "admin-remove");
  ct_test_respond (dialog, "remove");
  wait_not_busy (f.page);
  g_assert_false (is_member (f.session, "dirk", NULL));
  g_assert_cmpuint (count_rows (f.page->members_list), ==, 3);
  g_assert_null (find_remove_button (GTK_WIDGET (f.page), "dirk"));

  /* The core refuses to remove the beheerder who is signed in; the page
   * shows the core's own words. */
  ct_test_click (find_remove_button (GTK_WIDGET (f.page), "anna"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  ct_test_respond (dialog, "remove");
  wait_not_busy (f.page);
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   _("You cannot remove yourself; ask another beheerder."));
  ct_test_respond (dialog, "close");
  g_assert_true (is_member (f.session, "anna", NULL));
  ct_admin_test_close (&f);
}

static void
test_admin_policy (void)
{
  CtAdminTestPage f = { 0 };
  GtkCheckButton *check;
  AdwMessageDialog *dialog;

  ct_admin_test_open (&f, team, "anna");
  adw_view_stack_set_visible_child_name (f.page->view_stack, "policy");
  check = f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_FINANCE];
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_GENERAL])));
  g_assert_true (gtk_check_button_get_active (f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_JUSTICE]));

  gtk_check_button_set_active (check, TRUE);
  wait_admin_written (f.page);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (check)));
  g_assert_true (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE));
  ct_test_screenshot (f.window, "admin-policy");

  /* Revoking asks first; cancelling keeps the grant. */
  gtk_check_button_set_active (check, FALSE);
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  ct_test_respond (dialog, "cancel");
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_true (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE));

  gtk_check_button_set_active (check, FALSE);
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  ct_test_screenshot (dialog, "admin-revoke");
  ct_test_respond (dialog, "revoke");
  wait_admin_written (f.page);
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE));
  ct_admin_test_close (&f);
}

/* While one of the session's readers holds the file (the case list,
 * Verify), a policy change and a role change wait in the session's write
 * queue: the check takes no input, the page says "Saving…", the window
 * goes on drawing (a timeout fires, again and again; a frame is painted)
 * and nothing has changed; let go, both are made. */
static void
test_admin_held_reader (void)
{
  CtAdminTestPage f = { 0 };
  CtCoreTestReaderHold holder;
  GtkCheckButton *check;
  CtMemberDialog *form;
  gboolean is_admin = TRUE;

  ct_admin_test_open (&f, team, "anna");
  adw_view_stack_set_visible_child_name (f.page->view_stack, "policy");
  check = f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_HOUSING];
  g_assert_false (gtk_check_button_get_active (check));

  ct_core_test_reader_hold (f.session, &holder);
  gtk_check_button_set_active (check, TRUE);
  ct_test_wait_ticks (20, "the window while the policy change waits");
  g_assert_cmpuint (f.page->admin_writing, ==, 1);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (check)));
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_false (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_HOUSING));
  ct_test_wait_for_draw (GTK_WIDGET (f.window));

  adw_view_stack_set_visible_child_name (f.page->view_stack, "members");
  form = open_role_dialog (&f, "carla");
  select_combo_text (GTK_WIDGET (form->role_row), ct_role_get_display_name (CT_ROLE_REGISSEUR));
  ct_test_respond (ADW_MESSAGE_DIALOG (form), "change");
  ct_test_wait_ticks (20, "the window while the role change waits");
  g_assert_cmpuint (f.page->admin_writing, ==, 2);
  g_assert_true (ct_team_admin_page_get_busy (f.page));
  g_assert_cmpstr (gtk_label_get_text (f.page->busy_label), ==, _("Saving…"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.page->view_stack)));
  ct_test_wait_for_draw (GTK_WIDGET (f.window));
  ct_test_screenshot (f.window, "admin-saving");

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  wait_admin_written (f.page);
  g_assert_false (ct_team_admin_page_get_busy (f.page));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (check)));
  g_assert_true (gtk_check_button_get_active (check));
  g_assert_true (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_HOUSING));
  g_assert_cmpint (member_role (f.session, "carla", &is_admin), ==, CT_ROLE_REGISSEUR);
  ct_admin_test_close (&f);
}

static void
set_row (AdwEntryRow *row,
         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Areas and settings wait in the session's write queue. */
static gboolean
settings_written (gpointer page)
{
  return ((CtTeamAdminPage *) page)->settings_writing == 0;
}

static void
test_admin_settings (void)
{
  CtAdminTestPage f = { 0 };
  GtkWidget *save;
  AdwMessageDialog *dialog;
  g_autofree char *k = NULL;
  g_autofree char *retention = NULL;
  g_autoptr(GPtrArray) areas = NULL;

  ct_admin_test_open (&f, team, "anna");
  adw_view_stack_set_visible_child_name (f.page->view_stack, "settings");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.page->k_row)), ==, "5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.page->threshold_row)), ==, "10");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.page->retention_rows[0])), ==, "24");

  /* Out of range: the message names the field and the range. */
  save = ct_test_find_actionable (GTK_WIDGET (f.page), "admin.save-settings");
  set_row (f.page->k_row, "1");
  ct_test_click (save);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.page->settings_error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (f.page->settings_error_label), _("Minimum group size k")));
  g_assert_nonnull (strstr (gtk_label_get_text (f.page->settings_error_label), "2"));
  g_assert_nonnull (strstr (gtk_label_get_text (f.page->settings_error_label), "50"));
  g_assert_null (ct_session_get_setting (f.session, "export.k", NULL));

  set_row (f.page->k_row, "7");
  set_row (f.page->retention_rows[4], "301");
  ct_test_click (save);
  g_assert_nonnull (strstr (gtk_label_get_text (f.page->settings_error_label), "300"));
  set_row (f.page->retention_rows[4], "36");
  ct_test_click (save);
  ct_test_wait_until (settings_written, f.page, 20, "the settings to be written");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.page->settings_error_label)));
  k = ct_session_get_setting (f.session, "export.k", NULL);
  retention = ct_session_get_setting (f.session, "retention.teruggetrokken", NULL);
  g_assert_cmpstr (k, ==, "7");
  g_assert_cmpstr (retention, ==, "36");

  /* An area through its dialog; a bad postcode list is not accepted. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.add-area"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (CT_AREA_DIALOG (dialog)->name_row), "Centrum");
  gtk_editable_set_text (GTK_EDITABLE (CT_AREA_DIALOG (dialog)->postcodes_row), "12a");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (CT_AREA_DIALOG (dialog)->error_label)));
  gtk_editable_set_text (GTK_EDITABLE (CT_AREA_DIALOG (dialog)->postcodes_row), "1211,1212");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (CT_AREA_DIALOG (dialog)->error_label)));
  ct_test_screenshot (dialog, "admin-area");
  ct_test_respond (dialog, "save");
  ct_test_wait_until (settings_written, f.page, 20, "the area to be written");
  areas = ct_session_list (f.session, "areas", NULL, 0, NULL);
  g_assert_cmpuint (areas->len, ==, 1);
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (areas, 0), "postcodes"), ==, "1211,1212");
  g_assert_cmpuint (count_rows (f.page->areas_list), ==, 1);
  /* Editing starts from what the area holds. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.edit-area"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Edit Area"));
  g_assert_cmpstr (ct_area_dialog_get_name (CT_AREA_DIALOG (dialog)), ==, "Centrum");
  g_assert_cmpstr (ct_area_dialog_get_postcodes (CT_AREA_DIALOG (dialog)), ==, "1211,1212");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  ct_test_respond (dialog, "cancel");
  ct_test_screenshot (f.window, "admin-settings");

  /* Removing asks first, with Cancel as its default and its close, as
   * every question that removes; Remove takes the area away. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.remove-area"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  ct_test_screenshot (dialog, "admin-remove-area");
  ct_test_respond (dialog, "remove");
  ct_test_wait_until (settings_written, f.page, 20, "the area to be removed");
  g_clear_pointer (&areas, g_ptr_array_unref);
  areas = ct_session_list (f.session, "areas", NULL, 0, NULL);
  g_assert_cmpuint (areas->len, ==, 0);
  g_assert_cmpuint (count_rows (f.page->areas_list), ==, 0);
  ct_admin_test_close (&f);
}

static void
test_admin_not_admin (void)
{
  CtAdminTestPage f = { 0 };

  ct_admin_test_open (&f, team, "carla");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.page->stack), ==, "not-admin");
  g_assert_null (f.page->log_view);
  ct_test_screenshot (f.window, "admin-not-admin");
  ct_admin_test_close (&f);
}

static void
type_passphrases (CtPassphraseDialog *dialog,
                  const char         *current,
                  const char         *new_passphrase,
                  const char         *repeat)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog->current_row), current);
  gtk_editable_set_text (GTK_EDITABLE (dialog->new_row), new_passphrase);
  gtk_editable_set_text (GTK_EDITABLE (dialog->repeat_row), repeat);
}

static gboolean
dialog_not_busy (gpointer dialog)
{
  return !((CtPassphraseDialog *) dialog)->busy;
}

/* A refused change keeps the dialog, with why. The current passphrase is
 * checked in a worker: the refusal comes when it is done. */
static void
respond_refused (CtPassphraseDialog *dialog,
                 const char         *message)
{
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  ct_test_wait_until (dialog_not_busy, dialog, 60, "the change to be refused");
  ct_test_wait_until (ct_test_settled, NULL, 20, "the response to be handled");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->error_label)));
  g_assert_cmpstr (gtk_label_get_text (dialog->error_label), ==, message);
  g_assert_false (dialog->changed);
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
change_passphrase (CtAdminTestPage    *f,
                   const char *old_passphrase,
                   const char *new_passphrase)
{
  CtPassphraseDialog *dialog = CT_PASSPHRASE_DIALOG (ct_passphrase_dialog_new (f->window,
                                                                               f->session));

  gtk_window_present (GTK_WINDOW (dialog));
  type_passphrases (dialog, old_passphrase, new_passphrase, new_passphrase);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "change");
  /* The re-key runs in a worker: the dialog stays, takes no input, and
   * goes when the change is done. */
  if (dialog != NULL)
    g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (dialog->new_row)));
  ct_test_wait_until (pointer_is_null, &dialog, 60, "the passphrase to be changed");
}

/* One's own passphrase: the current one must be right, the new one typed
 * twice alike, and a beheerder's long enough; the old one opens nothing
 * afterwards. */
static void
test_change_passphrase (void)
{
  CtAdminTestPage f = { 0 };
  CtPassphraseDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *weak = NULL;
  const char *fresh = "tien kleine kikkers";

  ct_admin_test_open (&f, team, "anna");
  dialog = CT_PASSPHRASE_DIALOG (ct_passphrase_dialog_new (f.window, f.session));
  gtk_window_present (GTK_WINDOW (dialog));
  ct_test_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change"));

  /* typed twice differently: not offered */
  type_passphrases (dialog, CT_TEST_PASSPHRASE, fresh, "tien kleine kikkerz");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "change"));
  g_assert_cmpstr (gtk_label_get_text (dialog->hint_label), ==,
                   _("The two passphrases are not the same."));

  /* the wrong current passphrase */
  type_passphrases (dialog, "niet mijn wachtwoordzin", fresh, fresh);
  respond_refused (dialog, _("The current passphrase is not right."));
  ct_test_screenshot (dialog, "change-passphrase-wrong");

  /* "welkom12" is long enough for a member, not for a beheerder */
  type_passphrases (dialog, CT_TEST_PASSPHRASE, "welkom12", "welkom12");
  weak = g_strdup_printf (_("Passphrase: a beheerder needs at least %d characters, not all alike; a "
                            "few unrelated words are easy to remember."),
                          CT_ADMIN_PASSPHRASE_MIN);
  respond_refused (dialog, weak);
  ct_test_screenshot (dialog, "change-passphrase-weak");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ct_admin_test_close (&f);

  /* the old passphrase still opens: nothing was changed */
  ct_admin_test_open (&f, team, "carla");
  change_passphrase (&f, CT_TEST_PASSPHRASE, fresh);
  ct_admin_test_close (&f);
  g_assert_null (ct_session_unlock (team->path, "carla", CT_TEST_PASSPHRASE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  f.session = ct_session_unlock (team->path, "carla", fresh, &error);
  g_assert_no_error (error);
  f.page = CT_TEAM_ADMIN_PAGE (ct_team_admin_page_new (f.session));
  f.window = ct_test_team_window (GTK_WIDGET (f.page), 1100, 800);
  change_passphrase (&f, fresh, CT_TEST_PASSPHRASE);
  ct_admin_test_close (&f);
}

static void
test_preferences (void)
{
  GtkWidget *window = ct_preferences_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkSpinButton *spin = ct_preferences_window_get_lock_spin (CT_PREFERENCES_WINDOW (window));

  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (window);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, g_settings_get_uint (settings, "auto-lock-minutes"));
  gtk_spin_button_set_value (spin, 12);
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-lock-minutes"), ==, 12);
  gtk_spin_button_set_value (spin, 90);  /* clamped to the key's range */
  g_assert_cmpuint (g_settings_get_uint (settings, "auto-lock-minutes"), ==, 60);
  ct_test_screenshot (window, "preferences");
  ct_test_close_window (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();

  g_test_add_func ("/admin/members", test_admin_members);
  g_test_add_func ("/admin/add-member", test_admin_add_member);
  g_test_add_func ("/admin/change-role", test_admin_change_role);
  g_test_add_func ("/admin/remove-member", test_admin_remove_member);
  g_test_add_func ("/admin/policy", test_admin_policy);
  g_test_add_func ("/admin/held-reader", test_admin_held_reader);
  g_test_add_func ("/admin/settings", test_admin_settings);
  g_test_add_func ("/admin/not-admin", test_admin_not_admin);
  g_test_add_func ("/admin/preferences", test_preferences);
  g_test_add_func ("/admin/change-passphrase", test_change_passphrase);

  status = g_test_run ();
  ct_test_team_free (team);
  return status;
}
