/* test-admin.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The beheerder's page, the access log and the preferences window, driven
 * through their own widgets in a real window. The tests run in order and
 * share one team file built with the core API. */

#include "config.h"

#include <glib/gi18n.h>

#include "ct-log-view-private.h"
#include "ct-preferences-window.h"
#include "ct-team-admin-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static CtTestTeam *team;

typedef struct
{
  CtSession *session;
  CtTeamAdminPage *page;
  GtkWindow *window;
} Fixture;

static void
open_page (Fixture    *fixture,
           const char *login)
{
  fixture->session = ct_test_team_unlock (team, login);
  fixture->page = CT_TEAM_ADMIN_PAGE (ct_team_admin_page_new (fixture->session));
  fixture->window = ct_test_team_window (GTK_WIDGET (fixture->page), 1100, 800);
}

static void
close_page (Fixture *fixture)
{
  ct_test_close_window (fixture->window);
  ct_session_lock (fixture->session);
  g_clear_object (&fixture->session);
}

typedef struct
{
  Fixture          *fixture;
  AdwMessageDialog *old;
} DialogWait;

static gboolean
new_dialog_open (gpointer data)
{
  DialogWait *wait = data;

  return wait->fixture->page->dialog != NULL && wait->fixture->page->dialog != wait->old;
}

static AdwMessageDialog *
wait_for_new_dialog (Fixture          *fixture,
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

/* The remove button of one member's row, by its action target. */
static GtkWidget *
find_remove_button (GtkWidget  *root,
                    const char *login)
{
  if (GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "admin.remove-member") == 0
      && g_str_equal (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root)), NULL),
                      login))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_remove_button (child, login);

      if (found != NULL)
        return found;
    }
  return NULL;
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

static void
test_admin_members (void)
{
  Fixture f = { 0 };

  open_page (&f, "anna");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.page->stack), ==, "admin");
  g_assert_cmpuint (count_rows (f.page->members_list), ==, 3);
  ct_test_screenshot (f.window, "admin-members");
  close_page (&f);
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
  Fixture f = { 0 };
  AdwMessageDialog *dialog;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) dirk = NULL;
  gboolean enrolled = TRUE;

  open_page (&f, "anna");
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.add-member"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));

  /* A login that is taken is refused before the core is asked. */
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "name")),
                         "Dirk Smit");
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "login")), "anna");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "login")), "dirk");
  /* No role is chosen for the beheerder: Add waits for one. */
  g_assert_cmpstr (combo_row_text (_ct_team_admin_page_get_form_widget (f.page, "role")), ==,
                   _("Choose a Role…"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  select_combo_text (_ct_team_admin_page_get_form_widget (f.page, "role"),
                     ct_role_get_display_name (CT_ROLE_HUISVESTING));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  ct_test_screenshot (dialog, "admin-add-member");
  ct_test_respond (dialog, "add");

  /* The code, once, in its own dialog. */
  dialog = wait_for_new_dialog (&f, NULL);
  g_assert_nonnull (f.page->code_label);
  code = g_strdup (gtk_label_get_text (f.page->code_label));
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
  g_assert_null (f.page->code_label);
  close_page (&f);

  /* The code opens the enrolment path, not the team file. */
  dirk = ct_session_unlock (team->path, "dirk", code, &error);
  g_assert_null (dirk);
  g_assert_error (error, CT_ERROR, CT_ERROR_NEEDS_ENROLMENT);
}

static void
test_admin_remove_member (void)
{
  Fixture f = { 0 };
  AdwMessageDialog *dialog;

  open_page (&f, "anna");
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
  close_page (&f);
}

static void
test_admin_policy (void)
{
  Fixture f = { 0 };
  GtkCheckButton *check;
  AdwMessageDialog *dialog;

  open_page (&f, "anna");
  adw_view_stack_set_visible_child_name (f.page->view_stack, "policy");
  check = f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_FINANCE];
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_GENERAL])));
  g_assert_true (gtk_check_button_get_active (f.page->policy_checks[CT_ROLE_POLITIE][CT_CATEGORY_JUSTICE]));

  gtk_check_button_set_active (check, TRUE);
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
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_false (ct_session_policy_allows (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE));
  close_page (&f);
}

/* Log entries the team has none of yet: the recovery key resetting
 * carla's passphrase (to the same one), before anyone has the file open... */
static void
reset_with_recovery_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) recovery = NULL;

  recovery = ct_session_unlock_with_recovery_key (team->path, team->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_reset_passphrase (recovery, "carla", CT_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  ct_session_lock (recovery);
}

/* ...then a person added, viewed and listed. Newest first, the log view
 * shows list, view, record, reset. Returns: the person's id */
static gint64
read_a_person (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) seen = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  gint64 id;

  ct_record_set_int (person, "household_id", team->household_id);
  ct_record_set (person, "first_name", "Fenna");
  ct_record_set (person, "last_name", "Visser");
  id = ct_session_insert (session, person, &error);
  g_assert_no_error (error);
  seen = ct_session_get (session, "persons", id, &error);
  g_assert_no_error (error);
  listed = ct_session_list (session, "persons", "household_id", team->household_id, &error);
  g_assert_no_error (error);
  return id;
}

/* What the log view shows in @column for the entry at @position: @english,
 * or @dutch under --lang=nl. */
static void
assert_shown (CtLogView  *log,
              guint       position,
              guint       column,
              const char *english,
              const char *dutch)
{
  g_autofree char *text = _ct_log_view_dup_shown_text (log, position, column);
  gboolean nl = g_str_equal (ct_test_get_language (), "nl");

  g_assert_cmpstr (text, ==, nl ? dutch : english);
}

/* Whether a label under @widget is on screen with @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_admin_log (void)
{
  Fixture f = { 0 };
  CtLogView *log;
  g_autofree char *expected = NULL;
  g_autofree char *person = NULL;
  gboolean nl = g_str_equal (ct_test_get_language (), "nl");
  guint n, shown;
  gint64 person_id;

  reset_with_recovery_key ();
  open_page (&f, "anna");
  person_id = read_a_person (f.session);
  adw_view_stack_set_visible_child_name (f.page->view_stack, "log");
  log = CT_LOG_VIEW (f.page->log_view);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));
  g_assert_cmpuint (n, >, 10);
  expected = g_strdup_printf (ngettext ("The access log is intact (%u entry).",
                                        "The access log is intact (%u entries).", n), n);
  g_assert_cmpstr (gtk_label_get_text (log->verify_label), ==, expected);
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (f.window, "admin-log");

  /* Stored purposes are English identifiers; the page shows their labels,
   * which in Dutch are Dutch words, for every entry. */
  for (guint i = 0; i < n; i++)
    {
      CtLogEntry *entry = _ct_log_view_get_shown_entry (log, i);
      g_autofree char *purpose = _ct_log_view_dup_shown_text (log, i, COL_PURPOSE);

      if (nl)
        g_assert_cmpstr (purpose, !=, entry->purpose);
      else
        g_assert_cmpstr (purpose, ==, entry->purpose);
    }
  g_assert_cmpstr (_ct_log_view_get_shown_entry (log, 1)->purpose, ==, "view");
  assert_shown (log, 1, COL_PURPOSE, "view", "bekijken");
  assert_shown (log, 1, COL_ACTION, "Viewed", "Bekeken");
  assert_shown (log, 1, COL_CATEGORIES, "Identity", "Identiteit");
  assert_shown (log, 1, COL_OUTCOME, "ok", "toegestaan");
  person = g_strdup_printf ("%s #%" G_GINT64_FORMAT, nl ? "personen" : "persons", person_id);
  assert_shown (log, 1, COL_OBJECT, person, person);
  assert_shown (log, 0, COL_PURPOSE, "list", "lijst bekijken");
  assert_shown (log, 2, COL_PURPOSE, "record", "vastleggen");
  assert_shown (log, 3, COL_MEMBER, "recovery key", "herstelsleutel");
  assert_shown (log, 3, COL_ROLE, "Recovery key", "Herstelsleutel");
  assert_shown (log, 3, COL_PURPOSE, "reset passphrase with recovery key",
                "wachtwoordzin opnieuw instellen");
  g_assert_true (shows_label (GTK_WIDGET (log->column_view), nl ? "bekijken" : "view"));

  /* A policy change names its role, not the role's number. */
  {
    g_autoptr(GError) error = NULL;
    gboolean found = FALSE;

    g_assert_true (ct_session_set_policy (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE, TRUE,
                                          &error));
    g_assert_no_error (error);
    ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
    n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));

    for (guint i = 0; i < n && !found; i++)
      if (g_strcmp0 (_ct_log_view_get_shown_entry (log, i)->object_table, "policy") == 0)
        {
          assert_shown (log, i, COL_OBJECT, "policy: Police", "beleid: Politie");
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* The action filter keeps only what it names: "Created". */
  gtk_drop_down_set_selected (log->action_dropdown, 2);
  shown = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, n);
  for (guint i = 0; i < shown; i++)
    {
      g_assert_cmpint (_ct_log_view_get_shown_entry (log, i)->action, ==, 'C');
    }
  close_page (&f);
}

static void
set_row (AdwEntryRow *row,
         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_admin_settings (void)
{
  Fixture f = { 0 };
  GtkWidget *save;
  AdwMessageDialog *dialog;
  g_autofree char *k = NULL;
  g_autofree char *retention = NULL;
  g_autoptr(GPtrArray) areas = NULL;

  open_page (&f, "anna");
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
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.page->settings_error_label)));
  k = ct_session_get_setting (f.session, "export.k", NULL);
  retention = ct_session_get_setting (f.session, "retention.teruggetrokken", NULL);
  g_assert_cmpstr (k, ==, "7");
  g_assert_cmpstr (retention, ==, "36");

  /* An area through its dialog; a bad postcode list is not accepted. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (f.page), "admin.add-area"));
  dialog = ct_test_wait_for_dialog (&f.page->dialog);
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "name")), "Centrum");
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "postcodes")), "12a");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (_ct_team_admin_page_get_form_widget (f.page, "postcodes")),
                         "1211,1212");
  ct_test_screenshot (dialog, "admin-area");
  ct_test_respond (dialog, "save");
  areas = ct_session_list (f.session, "areas", NULL, 0, NULL);
  g_assert_cmpuint (areas->len, ==, 1);
  g_assert_cmpstr (ct_record_get (g_ptr_array_index (areas, 0), "postcodes"), ==, "1211,1212");
  g_assert_cmpuint (count_rows (f.page->areas_list), ==, 1);
  ct_test_screenshot (f.window, "admin-settings");
  close_page (&f);
}

static void
test_admin_not_admin (void)
{
  Fixture f = { 0 };

  open_page (&f, "carla");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.page->stack), ==, "not-admin");
  g_assert_null (f.page->log_view);
  ct_test_screenshot (f.window, "admin-not-admin");
  close_page (&f);
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
  adw_init ();
  team = ct_test_team_new ();

  g_test_add_func ("/admin/members", test_admin_members);
  g_test_add_func ("/admin/add-member", test_admin_add_member);
  g_test_add_func ("/admin/remove-member", test_admin_remove_member);
  g_test_add_func ("/admin/policy", test_admin_policy);
  g_test_add_func ("/admin/log", test_admin_log);
  g_test_add_func ("/admin/settings", test_admin_settings);
  g_test_add_func ("/admin/not-admin", test_admin_not_admin);
  g_test_add_func ("/admin/preferences", test_preferences);

  status = g_test_run ();
  ct_test_team_free (team);
  return status;
}
