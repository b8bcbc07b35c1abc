/* test-admin-log.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log on the beheerder's page: what each column shows, its
 * filters and its export. The program makes a team of its own with the
 * core API, and first leaves in its log what a beheerder's work does (a
 * member added, given another role and removed; a category granted and
 * revoked), so that every kind of entry is shown. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-gui-labels.h"
#include "ct-log-view-private.h"
#include "ct-test-admin.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static CtTestTeam *team;

/* What the members and policy tests of test-admin leave in the log, done
 * through the core: dirk added, made politie and removed; finance granted
 * to the police and revoked. */
static void
beheerder_history (void)
{
  g_autoptr(CtTestSession) session = ct_test_team_unlock (team, "anna");
  g_autoptr(GError) error = NULL;
  CtSecret *code;

  code = ct_session_add_member (session, "dirk", "Dirk de Boer", CT_ROLE_REGISSEUR, FALSE,
                                &error);
  g_assert_no_error (error);
  ct_secret_free (code);
  g_assert_true (ct_session_set_member_role (session, "dirk", CT_ROLE_POLITIE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_remove_member (session, "dirk", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE, TRUE,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE, FALSE,
                                        &error));
  g_assert_no_error (error);
}

/* Log entries the team has none of yet: the recovery key resetting
 * carla's passphrase (to the same one), before anyone has the file open... */
static void
reset_with_recovery_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtTestSession) recovery = NULL;

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

/* The position of the newest entry shown with @purpose about @table */
static guint
find_shown (CtLogView  *log,
            const char *purpose,
            const char *table)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));

  for (guint i = 0; i < n; i++)
    {
      CtLogEntry *entry = _ct_log_view_get_shown_entry (log, i);

      if (g_strcmp0 (entry->purpose, purpose) == 0 && g_strcmp0 (entry->object_table, table) == 0)
        return i;
    }
  g_error ("No entry \"%s\" about %s is shown", purpose, table);
}

static gboolean
log_read (gpointer log)
{
  return !_ct_log_view_is_loading (log);
}

/* The log is read in a worker (ct_session_read_log_async()). */
static void
wait_log (CtLogView *log)
{
  ct_test_wait_until (log_read, log, 20, "the access log");
}

static void
test_admin_log (void)
{
  CtAdminTestPage f = { 0 };
  CtLogView *log;
  g_autofree char *expected = NULL;
  gboolean nl = g_str_equal (ct_test_get_language (), "nl");
  guint n, shown, p;

  reset_with_recovery_key ();
  ct_admin_test_open (&f, team, "anna");
  read_a_person (f.session);
  adw_view_stack_set_visible_child_name (f.page->view_stack, "log");
  log = CT_LOG_VIEW (f.page->log_view);
  wait_log (log);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  wait_log (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));
  g_assert_cmpuint (n, >, 10);
  expected = g_strdup_printf (ngettext ("The access log is intact (%u entry).",
                                        "The access log is intact (%u entries).", n), n);
  g_assert_cmpstr (gtk_label_get_text (log->verify_label), ==, expected);
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (f.window, "admin-log");

  /* No cell shows a row id or a stored code: no "#", no table name, no
   * purpose as stored in lower case; in Dutch, no English purpose. */
  for (guint i = 0; i < n; i++)
    {
      CtLogEntry *entry = _ct_log_view_get_shown_entry (log, i);

      for (guint col = 0; col < N_COLUMNS; col++)
        {
          g_autofree char *text = _ct_log_view_dup_shown_text (log, i, col);

          g_assert_null (strchr (text, '#'));
          g_assert_cmpstr (text, !=, entry->object_table);
          g_assert_cmpstr (text, !=, entry->purpose);
          g_assert_cmpstr (text, !=, entry->outcome);
          /* a removed member shows by login, all there is */
          if (text[0] != '\0' && col != COL_TIME && col != COL_CASE && col != COL_MEMBER)
            g_assert_false (g_unichar_islower (g_utf8_get_char (text)));
        }
    }

  /* The person Anna read: by her name, its case number, what it is. */
  p = find_shown (log, "view", "persons");
  assert_shown (log, p, COL_PURPOSE, "View", "Bekijken");
  assert_shown (log, p, COL_ACTION, "Viewed", "Bekeken");
  assert_shown (log, p, COL_MEMBER, "Anna de Vries", "Anna de Vries");
  assert_shown (log, p, COL_CASE, "2026-014", "2026-014");
  assert_shown (log, p, COL_OBJECT, "Person", "Persoon");
  assert_shown (log, p, COL_CATEGORIES, "Identity", "Identiteit");
  assert_shown (log, p, COL_OUTCOME, "Allowed", "Toegestaan");
  p = find_shown (log, "list", "persons");
  assert_shown (log, p, COL_OBJECT, "Persons", "Personen");
  assert_shown (log, p, COL_CASE, "2026-014", "2026-014");
  assert_shown (log, p, COL_PURPOSE, "List", "Lijst bekijken");
  p = find_shown (log, "record", "persons");
  assert_shown (log, p, COL_ACTION, "Created", "Aangemaakt");
  p = find_shown (log, "reset passphrase with recovery key", "members");
  assert_shown (log, p, COL_MEMBER, "Recovery key", "Herstelsleutel");
  assert_shown (log, p, COL_ROLE, "Recovery key", "Herstelsleutel");
  assert_shown (log, p, COL_PURPOSE, "Reset passphrase with recovery key",
                "Wachtwoordzin opnieuw instellen");
  g_assert_true (shows_label (GTK_WIDGET (log->column_view), nl ? "Personen" : "Persons"));

  /* A policy change names its role, not the role's number. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (ct_session_set_policy (f.session, CT_ROLE_POLITIE, CT_CATEGORY_FINANCE, TRUE,
                                          &error));
    g_assert_no_error (error);
    ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  wait_log (log);
    n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));
    p = find_shown (log, "grant category to role", "policy");
    assert_shown (log, p, COL_OBJECT, "Policy: Police", "Beleid: Politie");
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
  ct_admin_test_close (&f);
}

static guint
find_string (GtkStringList *list,
             const char    *text)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (list, i), text))
      return i;
  g_error ("\"%s\" is not in the list", text);
}

/* A day @days from today, as a person types it in this language */
static char *
typed_day (int days)
{
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);
  g_autofree char *iso = g_date_time_format (then, "%Y-%m-%d");

  return ct_gui_format_date (iso);
}

static gboolean
export_enabled (CtLogView *log)
{
  return gtk_widget_get_sensitive (ct_test_find_actionable (GTK_WIDGET (log), "log.export"));
}

/* Filters by case, member and period; a period typed wrong says which
 * field and shows nothing, so nothing unfiltered is exported by mistake. */
static void
test_admin_log_filters (void)
{
  CtAdminTestPage f = { 0 };
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  g_autoptr(GError) error = NULL;
  g_autofree char *yesterday = typed_day (-1);
  g_autofree char *tomorrow = typed_day (1);
  g_autofree char *later = typed_day (400);
  CtLogView *log;
  gint64 second;
  guint n, shown;

  ct_admin_test_open (&f, team, "anna");
  ct_record_set (household, "area", "West");
  second = ct_session_insert (f.session, household, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "household_id", second);
  ct_record_set (kase, "number", "2026-021");
  ct_record_set (kase, "referral_date", "2026-02-02");
  ct_record_set (kase, "status", "in_uitvoering");
  ct_session_insert (f.session, kase, &error);
  g_assert_no_error (error);

  adw_view_stack_set_visible_child_name (f.page->view_stack, "log");
  log = CT_LOG_VIEW (f.page->log_view);
  wait_log (log);
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  wait_log (log);
  n = g_list_model_get_n_items (G_LIST_MODEL (log->entries));

  /* By case number: only the entries about that household. */
  gtk_drop_down_set_selected (log->case_dropdown, find_string (log->case_list, "2026-021"));
  shown = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, n);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *text = _ct_log_view_dup_shown_text (log, i, COL_CASE);

      g_assert_nonnull (strstr (text, "2026-021"));
    }
  g_assert_true (export_enabled (log));
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (f.window, "admin-log-filtered");

  /* By member: the recovery key is the last choice. */
  gtk_drop_down_set_selected (log->case_dropdown, 0);
  gtk_drop_down_set_selected (log->member_dropdown,
                              g_list_model_get_n_items (G_LIST_MODEL (log->member_list)) - 1);
  shown = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  g_assert_cmpuint (shown, >, 0);
  for (guint i = 0; i < shown; i++)
    g_assert_null (_ct_log_view_get_shown_entry (log, i)->login);
  gtk_drop_down_set_selected (log->member_dropdown,
                              find_string (log->member_list, "Anna de Vries"));
  shown = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  g_assert_cmpuint (shown, >, 0);
  for (guint i = 0; i < shown; i++)
    g_assert_cmpstr (_ct_log_view_get_shown_entry (log, i)->login, ==, "anna");
  gtk_drop_down_set_selected (log->member_dropdown, 0);

  /* By period: from yesterday until tomorrow is everything; from next
   * year on is nothing, and says so. */
  gtk_editable_set_text (GTK_EDITABLE (log->from_entry), yesterday);
  gtk_editable_set_text (GTK_EDITABLE (log->until_entry), tomorrow);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log->filter_error_label)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);
  gtk_editable_set_text (GTK_EDITABLE (log->until_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (log->from_entry), later);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (log->count_label), ==, _("No entry matches these filters."));
  g_assert_false (export_enabled (log));
  ct_test_wait_for_draw (GTK_WIDGET (log));
  ct_test_screenshot (f.window, "admin-log-no-match");

  /* A day that does not exist: the message names the field. */
  gtk_editable_set_text (GTK_EDITABLE (log->from_entry), "31-02-2026");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (log->filter_error_label)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (log->filter_error_label), _("From")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, 0);
  g_assert_false (export_enabled (log));
  ct_test_screenshot (f.window, "admin-log-bad-date");

  /* Until before From */
  gtk_editable_set_text (GTK_EDITABLE (log->from_entry), tomorrow);
  gtk_editable_set_text (GTK_EDITABLE (log->until_entry), yesterday);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (log->filter_error_label), _("Until")));
  g_assert_false (export_enabled (log));

  gtk_editable_set_text (GTK_EDITABLE (log->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (log->until_entry), "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (log->filter_error_label)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log->filter_model)), ==, n);
  g_assert_true (export_enabled (log));
  ct_admin_test_close (&f);
}

/* The export holds what is shown, in the reader's language, and is in
 * the log itself; the team file is never a target. */
static void
test_admin_log_export (void)
{
  CtAdminTestPage f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (team->dir, "log.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *purpose = NULL;
  g_autofree char *stored = NULL;
  g_auto(GStrv) lines = NULL;
  CtLogView *log;
  CtLogEntry *newest;
  guint shown, p;

  ct_admin_test_open (&f, team, "anna");
  adw_view_stack_set_visible_child_name (f.page->view_stack, "log");
  log = CT_LOG_VIEW (f.page->log_view);
  wait_log (log);
  gtk_drop_down_set_selected (log->case_dropdown, find_string (log->case_list, "2026-014"));
  shown = g_list_model_get_n_items (G_LIST_MODEL (log->filter_model));
  g_assert_cmpuint (shown, >, 0);

  g_assert_true (_ct_log_view_export_to (log, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf\""));
  g_assert_nonnull (strstr (text, _("Case")));
  g_assert_null (strstr (text, "Fenna"));
  g_assert_null (strstr (text, "Visser"));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, shown + 2);  /* header, rows, "" */
  for (guint i = 1; i <= shown; i++)
    g_assert_nonnull (strstr (lines[i], "\"2026-014"));

  /* Logged: the newest entry, with the number of rows. */
  ct_test_click (ct_test_find_actionable (GTK_WIDGET (log), "log.verify"));
  wait_log (log);
  gtk_drop_down_set_selected (log->case_dropdown, 0);
  stored = g_strdup_printf ("access log export; %u entries", shown);
  p = find_shown (log, stored, "access_log");
  newest = _ct_log_view_get_shown_entry (log, p);
  g_assert_cmpint (newest->action, ==, 'E');
  assert_shown (log, p, COL_OBJECT, "Access log", "Logboek");
  assert_shown (log, p, COL_ACTION, "Exported", "Geëxporteerd");
  purpose = _ct_log_view_dup_shown_text (log, p, COL_PURPOSE);
  g_assert_true (g_str_has_prefix (purpose, g_str_equal (ct_test_get_language (), "nl")
                                              ? "Logboek exporteren" : "Access log export"));

  /* Never over the team file. */
  g_assert_false (_ct_log_view_export_to (log, team->path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (ct_session_check (f.session, &error));
  g_assert_no_error (error);
  g_unlink (path);
  ct_admin_test_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ct_test_init (&argc, &argv);
  team = ct_test_team_new ();
  beheerder_history ();

  g_test_add_func ("/admin/log", test_admin_log);
  g_test_add_func ("/admin/log-filters", test_admin_log_filters);
  g_test_add_func ("/admin/log-export", test_admin_log_export);

  status = g_test_run ();
  ct_test_team_free (team);
  return status;
}
