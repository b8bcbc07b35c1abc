/* test-sync-page.c — the Synchronisation page and the header's indicator
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two replicas of a small team, Anna's in the window and Bob's edited
 * through the core, sync through a folder in a temporary directory. The
 * indicator says "changes waiting" before Anna's first sync; "Sync Now"
 * brings Bob's edit to Anna's laptop, the page shows Bob's laptop with
 * its last activity, and the indicator says "in sync". A forged change
 * file of Bob's makes it "a sync problem", and the page names the file
 * and the reason. Locking stops the syncing and hides the indicator. A
 * restriction arriving while the case list's read waits takes the
 * household's row out of the list at once. Bob's laptop, in the window,
 * learns that Anna removed him, and says what that means for his edit
 * that was not sent. Anna's addition and policy change, set aside when
 * Bob took her beheerder's flag at the same time, are listed to make
 * again by hand. Anna's change of an organisation's type loses to Bob's
 * later one: the page lists what she gave it under "Edits Not Kept",
 * copies a value and dismisses one with a click. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-case-item.h"
#include "ct-core-test-util.h"
#include "ct-gui-labels.h"
#include "ct-main-page-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
sync_idle (gpointer data)
{
  CtMainPage *page = data;

  return !ct_sync_scheduler_get_running (page->sync);
}

static void
sync_now (CtMainPage *page)
{
  GtkWidget *sync_page = gtk_stack_get_child_by_name (page->page_stack, "sync");
  GtkWidget *button = find_named (sync_page, "sync-now");

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_focusable (button));
  ct_test_click (button);
  g_assert_true (ct_sync_scheduler_get_running (page->sync));
  ct_test_wait_until (sync_idle, page, 60, "the sync to end");
}

/* The folder, the team's folder and Bob's: not Anna's own. */
static gboolean
watching (gpointer data)
{
  CtMainPage *page = data;

  return ct_sync_scheduler_get_n_watched (page->sync) == 3;
}

static gint64 the_case;

static gboolean
summary_arrived (gpointer data)
{
  CtSession *anna = data;
  g_autofree char *shown = ct_test_case_field (anna, the_case, "summary");

  return g_strcmp0 (shown, "Derde versie van Bob") == 0;
}

static void
assert_indicator (CtMainPage *page,
                  const char *text)
{
  g_assert_true (gtk_widget_get_visible (page->sync_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (page->sync_button), ==, text);
}

/* Anna switches sync on for @team before its replicas are made; @folder
 * is made empty. */
static void
switch_sync_on (CtTestTeam *team,
                const char *folder)
{
  g_autoptr(GError) error = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");

  g_assert_true (ct_session_sync_enable (admin, &error));
  g_assert_no_error (error);
  ct_test_session_free (admin);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
}

static void
test_sync_page (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *shown = NULL;
  g_autofree char *bob_dir = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *refused_title = NULL;
  g_autofree char *activity = NULL;
  g_autoptr(CtSyncStatus) bob_status = NULL;
  g_autoptr(CtRecord) record = NULL;
  const CtSyncStatus *status;
  const CtSyncRefusal *refusal;
  CtSession *anna, *bob;
  CtSyncSummary summary;
  CtMainPage *page;
  GtkWindow *window;
  AdwActionRow *row;

  switch_sync_on (team, folder);
  anna = ct_test_team_replica (team, "anna.casus", "anna");
  bob = ct_test_team_replica (team, "bob.casus", "bob");

  /* Anna's laptop has chosen no folder yet: nothing syncs, and the page
   * offers to choose one. */
  page = g_object_new (CT_TYPE_MAIN_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1100, 800);
  ct_main_page_set_session (page, anna);
  g_assert_nonnull (page->sync);
  assert_indicator (page, _("No sync folder chosen"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.show-sync", NULL));
  g_assert_cmpstr (ct_main_page_get_page (page), ==, "sync");
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, _("Folder")));
  g_assert_false (gtk_widget_get_sensitive (find_named (GTK_WIDGET (page), "sync-now")));

  /* A folder that is not one is refused, naming the field. */
  g_assert_false (ct_sync_scheduler_set_folder (page->sync, "relative/path", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* Bob edits and syncs on his laptop; Anna chooses the folder (the file
   * chooser's answer), which syncs at once. */
  record = ct_session_get (bob, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set (record, "summary", "Bijgewerkt op de laptop van Bob");
  g_assert_true (ct_session_update (bob, record, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (bob, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
  g_assert_true (ct_sync_scheduler_set_folder (page->sync, folder, &error));
  g_assert_no_error (error);
  assert_indicator (page, _("Syncing…"));
  ct_test_wait_until (sync_idle, page, 60, "the first sync to end");
  shown = ct_test_case_field (anna, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Bijgewerkt op de laptop van Bob");
  assert_indicator (page, _("In sync"));

  /* The page shows Bob's laptop and its last activity. */
  row = ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "Bob Jansen");
  g_assert_nonnull (row);
  activity = g_strndup (_("Last activity: %s"), strstr (_("Last activity: %s"), "%s")
                                                - _("Last activity: %s"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), activity));
  g_assert_false (g_str_has_suffix (adw_action_row_get_subtitle (row), _("Never")));
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, _("In sync")));
  ct_test_screenshot (window, "sync-page");

  /* Another edit on Bob's laptop comes over with "Sync Now". */
  g_clear_pointer (&record, ct_record_unref);
  record = ct_session_get (bob, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set (record, "summary", "Tweede versie van Bob");
  g_assert_true (ct_session_update (bob, record, &error));
  g_assert_true (ct_session_sync (bob, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
  sync_now (page);
  g_free (shown);
  shown = ct_test_case_field (anna, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Tweede versie van Bob");
  assert_indicator (page, _("In sync"));

  /* A third edit arrives by itself: the folder is watched, and a change
   * in Bob's folder starts a sync. */
  ct_test_wait_until (watching, page, 30, "the sync folder to be watched");
  g_clear_pointer (&record, ct_record_unref);
  record = ct_session_get (bob, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set (record, "summary", "Derde versie van Bob");
  g_assert_true (ct_session_update (bob, record, &error));
  g_assert_true (ct_session_sync (bob, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
  the_case = team->case_id;
  ct_test_wait_until (summary_arrived, anna, 60, "Bob's third edit to arrive");
  ct_test_wait_until (sync_idle, page, 60, "the sync to end");

  /* A forged file in Bob's folder, under his next number. */
  bob_status = ct_session_sync_get_status (bob, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
    const char *team_name = g_dir_read_name (d);

    bob_dir = g_build_filename (folder, team_name, bob_status->device, NULL);
  }
  forged = g_build_filename (bob_dir, "000000000004.ctchange", NULL);
  g_assert_true (g_file_set_contents (forged, "CTSYNC02 not a change file", -1, &error));
  sync_now (page);
  assert_indicator (page, _("A sync problem"));
  status = ct_sync_scheduler_get_status (page->sync);
  g_assert_cmpuint (status->refused->len, ==, 1);
  refusal = g_ptr_array_index (status->refused, 0);
  refused_title = g_strdup_printf (_("File %s of %s"), "4", "Bob Jansen");
  row = ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, refused_title);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, refusal->reason);
  g_assert_nonnull (strstr (refusal->reason, "000000000004.ctchange"));
  ct_test_screenshot (window, "sync-page-problem");

  /* Locked: no scheduler, no indicator. */
  ct_main_page_set_session (page, NULL);
  g_assert_null (page->sync);
  g_assert_false (gtk_widget_get_visible (page->sync_button));

  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (bob);
  ct_test_team_free (team);
}

static gboolean
list_read (gpointer data)
{
  return !ct_case_list_is_loading (data) && ct_case_list_get_n_cases (data) > 0;
}

static gboolean
lists_household (CtCaseList *list,
                 gint64      household)
{
  GListModel *model = ct_case_list_get_model (list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CtCaseItem) item = g_list_model_get_item (model, i);

      if (ct_case_item_get_household_id (item) == household)
        return TRUE;
    }
  return FALSE;
}

static gint64
add_household (CtSession  *session,
               const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  gint64 id;

  ct_record_set (household, "area", "Zuid");
  id = ct_session_insert (session, household, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "household_id", id);
  ct_record_set (kase, "number", number);
  ct_record_set (kase, "referral_date", "2026-02-02");
  ct_record_set (kase, "status", "in_uitvoering");
  ct_session_insert (session, kase, &error);
  g_assert_no_error (error);
  return id;
}

/* A restriction placed on Anna's laptop reaches Carla's (police, who may
 * not see a restricted household) while her case list's read waits: the
 * household's row leaves the list as soon as the sync has applied it,
 * not after the read, and the read does not bring it back. */
static void
test_restriction_arrives (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  CtSession *anna, *carla;
  CtSyncSummary summary;
  CtMainPage *page;
  CtCaseList *list;
  GtkWindow *window;
  gint64 other;

  switch_sync_on (team, folder);
  anna = ct_test_team_replica (team, "anna.casus", "anna");
  carla = ct_test_team_replica (team, "carla.casus", "carla");
  other = add_household (anna, "2026-015");
  g_assert_true (ct_session_sync (anna, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);

  page = g_object_new (CT_TYPE_MAIN_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_main_page_set_session (page, carla);
  list = page->case_list;
  g_assert_true (ct_sync_scheduler_set_folder (page->sync, folder, &error));
  g_assert_no_error (error);
  ct_test_wait_until (sync_idle, page, 60, "the first sync to end");
  ct_test_wait_until (list_read, list, 60, "the cases");
  g_assert_true (lists_household (list, team->household_id));
  g_assert_true (lists_household (list, other));

  g_assert_true (ct_session_restrict (anna, team->household_id, CT_RESTRICT_OBJECTION,
                                      "Bezwaar in behandeling", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (anna, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);

  /* Carla's reads wait; the sync applies the restriction. */
  ct_core_test_hold_reads ();
  ct_sync_scheduler_sync_now (page->sync);
  g_assert_true (ct_sync_scheduler_get_running (page->sync));
  ct_test_wait_until (sync_idle, page, 60, "the sync to end");
  g_assert_cmpuint (ct_sync_scheduler_get_applied (page->sync), ==, 1);
  g_assert_true (ct_case_list_is_loading (list));
  g_assert_false (lists_household (list, team->household_id));
  g_assert_true (lists_household (list, other));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "sync-restriction-arrives");

  ct_core_test_release_reads ();
  ct_test_wait_until (list_read, list, 60, "the cases read again");
  g_assert_false (lists_household (list, team->household_id));
  g_assert_true (lists_household (list, other));

  ct_main_page_set_session (page, NULL);
  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (carla);
  ct_test_team_free (team);
}

/* Anna removes Bob on her laptop while his, in the window, holds an edit
 * not yet sent. His "Sync Now" then learns of the removal: the page says
 * first that he was removed, when and by whom, and that the one change
 * made on his laptop was not sent; the indicator says the same, and
 * "Sync Now" is off. Nothing more can go out, so the minute's timer and
 * the folder's watch stop, a sync asked for starts none, and a scheduler
 * made again for his session never syncs. */
static void
test_removed (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *notice = NULL;
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(CtSyncScheduler) again = NULL;
  const CtSyncStatus *status;
  CtSession *anna, *bob;
  CtSyncSummary summary;
  CtMainPage *page;
  GtkWindow *window;
  AdwActionRow *row;

  switch_sync_on (team, folder);
  anna = ct_test_team_replica (team, "anna.casus", "anna");
  bob = ct_test_team_replica (team, "bob.casus", "bob");

  page = g_object_new (CT_TYPE_MAIN_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_main_page_set_session (page, bob);
  g_assert_true (ct_sync_scheduler_set_folder (page->sync, folder, &error));
  g_assert_no_error (error);
  ct_test_wait_until (sync_idle, page, 60, "the first sync to end");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.show-sync", NULL));
  g_assert_true (ct_sync_scheduler_get_retrying (page->sync));

  g_assert_true (ct_session_remove_member (anna, "bob", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (anna, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
  record = ct_session_get (bob, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set (record, "summary", "Niet meer verstuurd");
  g_assert_true (ct_session_update (bob, record, &error));
  g_assert_no_error (error);

  sync_now (page);
  status = ct_sync_scheduler_get_status (page->sync);
  g_assert_nonnull (status);
  g_assert_true (status->removed);
  g_assert_cmpuint (status->not_sent, ==, 1);
  g_assert_cmpstr (status->removed_by, ==, "Anna de Vries");
  notice = ct_sync_status_format_removal (status);
  g_assert_nonnull (strstr (notice, "Anna de Vries"));
  g_assert_null (strstr (notice, "Niet meer verstuurd"));
  assert_indicator (page, notice);
  row = ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW,
                          _("This laptop no longer syncs"));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, notice);
  g_assert_false (gtk_widget_get_sensitive (find_named (GTK_WIDGET (page), "sync-now")));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "sync-page-removed");

  /* What the minute's timer would do starts nothing; no timer is armed
   * and no folder watched. */
  g_assert_false (ct_sync_scheduler_get_retrying (page->sync));
  ct_sync_scheduler_sync_now (page->sync);
  g_assert_false (ct_sync_scheduler_get_running (page->sync));
  g_assert_cmpuint (ct_sync_scheduler_get_n_watched (page->sync), ==, 0);
  again = ct_sync_scheduler_new (bob);
  g_assert_false (ct_sync_scheduler_get_running (again));
  g_assert_false (ct_sync_scheduler_get_retrying (again));
  g_assert_cmpuint (ct_sync_scheduler_get_n_watched (again), ==, 0);
  ct_sync_scheduler_stop (again);

  ct_main_page_set_session (page, NULL);
  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (bob);
  ct_test_team_free (team);
}

/* Bob, made a beheerder, takes Anna's beheerder's flag while Anna, on her
 * laptop in the window, adds Piet and lets the police read health: the
 * chain forks and Bob's change wins (it takes a right away from the
 * signer of the other). Anna's two changes are set aside; she may no
 * longer add anyone, so neither is made again by itself, and the page
 * lists both in plain words (docs/sync-chain.md, "The loser's change is
 * made again"). */
static void
test_set_aside (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *adding = NULL;
  g_autofree char *policy = NULL;
  g_autoptr(CtSecret) code = NULL;
  const CtSyncStatus *status;
  CtSession *anna, *bob;
  CtSyncSummary summary;
  CtMainPage *page;
  GtkWindow *window;
  AdwActionRow *row;

  switch_sync_on (team, folder);
  anna = ct_test_team_unlock (team, "anna");
  g_assert_true (ct_session_set_member_role (anna, "bob", CT_ROLE_REGISSEUR, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (anna, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
  ct_test_session_free (anna);
  anna = ct_test_team_replica (team, "anna.casus", "anna");
  bob = ct_test_team_replica (team, "bob.casus", "bob");

  page = g_object_new (CT_TYPE_MAIN_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_main_page_set_session (page, anna);
  g_assert_true (ct_sync_scheduler_set_folder (page->sync, folder, &error));
  g_assert_no_error (error);
  ct_test_wait_until (sync_idle, page, 60, "the first sync to end");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.show-sync", NULL));

  /* At the same time, offline: Anna's two changes, Bob's one. */
  code = ct_session_add_member (anna, "piet", "Piet Jansen", CT_ROLE_POLITIE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_set_policy (anna, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_member_role (bob, "anna", CT_ROLE_REGISSEUR, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (bob, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);

  ct_test_wait_until (sync_idle, page, 60, "a sync started by the folder to end");
  sync_now (page);
  status = ct_sync_scheduler_get_status (page->sync);
  g_assert_nonnull (status);
  g_assert_cmpuint (status->set_aside->len, ==, 2);
  /* Anna's session, and the header, say what the chain now says: no
   * longer a beheerder (docs/sync-chain.md, "The team chain travels"). */
  g_assert_false (ct_session_is_admin (anna));
  {
    g_autofree char *member = g_strdup_printf (_("%s · %s"), ct_session_get_display_name (anna),
                                               ct_role_get_display_name (CT_ROLE_REGISSEUR));

    g_assert_cmpstr (adw_window_title_get_subtitle (page->team_title), ==, member);
  }
  adding = g_strdup_printf (_("Adding %s, %s"), "Piet Jansen",
                            ct_role_get_display_name (CT_ROLE_POLITIE));
  policy = g_strdup_printf (_("Policy: %s may read %s"),
                            ct_role_get_display_name (CT_ROLE_POLITIE),
                            ct_category_get_display_name (CT_CATEGORY_HEALTH));
  g_assert_cmpstr (g_ptr_array_index (status->set_aside, 0), ==, adding);
  g_assert_cmpstr (g_ptr_array_index (status->set_aside, 1), ==, policy);
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, adding));
  row = ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, policy);
  g_assert_nonnull (row);
  /* The list in view for the screenshot: the page scrolled to its end. */
  ct_test_scroll_to_end (GTK_WIDGET (row));
  {
    g_autoptr(GPtrArray) on_bob = ct_session_sync_get_set_aside (bob, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (on_bob->len, ==, 0);
  }
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "sync-page-set-aside");

  ct_main_page_set_session (page, NULL);
  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (bob);
  ct_test_team_free (team);
}

static void
set_type (CtSession  *session,
          gint64      org,
          const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "organisations", org, &error);

  g_assert_no_error (error);
  ct_record_set (record, "type", type);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

static guint
n_unkept (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unkept = ct_session_sync_list_unkept (session, 0, &error);

  g_assert_no_error (error);
  return unkept->len;
}

/* Anna's change of the organisation's type loses to Bob's later one; her
 * laptop keeps what she gave it. The summary points to this page, which
 * lists each value with its case, record, field and time; Copy puts the
 * value on the clipboard and Dismiss drops it at once, leaving the
 * keyboard focus on the next one. */
static void
test_unkept (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *politie = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;
  const CtField *type;
  g_autoptr(CtRecord) org = ct_record_new ("organisations");
  const char *message;
  CtSession *anna, *bob, *admin;
  AdwPreferencesGroup *group;
  CtSyncSummary summary;
  CtMainPage *page;
  GtkWindow *window;
  AdwActionRow *row;
  GtkWidget *copy, *dismiss, *focus;
  gint64 org_id;
  guint before;

  admin = ct_test_team_unlock (team, "anna");
  ct_record_set_int (org, "household_id", team->household_id);
  ct_record_set (org, "name", "Praktijk Noord");
  ct_record_set (org, "type", "ggz");
  org_id = ct_session_insert (admin, org, &error);
  g_assert_no_error (error);
  ct_test_session_free (admin);
  switch_sync_on (team, folder);
  anna = ct_test_team_replica (team, "anna.casus", "anna");
  bob = ct_test_team_replica (team, "bob.casus", "bob");

  set_type (anna, org_id, "politie");
  set_type (bob, org_id, "wijkteam");
  g_assert_true (ct_session_sync (bob, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);

  page = g_object_new (CT_TYPE_MAIN_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_main_page_set_session (page, anna);
  g_assert_true (ct_sync_scheduler_set_folder (page->sync, folder, &error));
  g_assert_no_error (error);
  ct_test_wait_until (sync_idle, page, 60, "the first sync to end");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "casework.show-sync", NULL));
  message = ct_sync_scheduler_get_message (page->sync);
  g_assert_nonnull (strstr (message, g_str_equal (ct_test_get_language (), "nl")
                                       ? "zie Synchronisatie" : "see Synchronisation"));

  group = ct_test_find_group (GTK_WIDGET (page), _("Edits Not Kept"));
  g_assert_nonnull (group);
  type = ct_table_get_field (ct_schema_get_table ("organisations"), "type");
  politie = ct_gui_field_to_text (type, "politie");
  shown = ct_gui_format_field (type, "politie");
  row = ct_test_find_row (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW, shown);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), _("Type")));
  copy = find_named (GTK_WIDGET (row), "unkept-copy");
  dismiss = find_named (GTK_WIDGET (row), "unkept-dismiss");
  g_assert_nonnull (copy);
  g_assert_nonnull (dismiss);
  g_assert_true (gtk_widget_get_focusable (copy) && gtk_widget_get_focusable (dismiss));
  /* Scrolled down to the group for the screenshot. */
  ct_test_scroll_to_end (GTK_WIDGET (group));
  gtk_widget_grab_focus (copy);
  ct_test_wait_ticks (3, "the page to scroll");
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "sync-page-unkept");

  ct_test_click (copy);
  copied = ct_test_clipboard_text (gtk_widget_get_clipboard (copy));
  g_assert_cmpstr (copied, ==, politie);

  before = n_unkept (anna);
  g_assert_cmpuint (before, >=, 1);
  gtk_widget_grab_focus (dismiss);
  ct_test_click (dismiss);
  g_assert_cmpuint (n_unkept (anna), ==, before - 1);
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, shown));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
  /* The access log's view names what was read and dismissed. */
  g_assert_cmpstr (ct_gui_table_label ("sync_unkept"), ==, _("edits not kept"));

  ct_main_page_set_session (page, NULL);
  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (bob);
  ct_test_team_free (team);
}

int
main (int   argc,
      char *argv[])
{
  ct_test_init (&argc, &argv);
  g_test_add_func ("/sync-page/two-replicas", test_sync_page);
  g_test_add_func ("/sync-page/restriction-arrives", test_restriction_arrives);
  g_test_add_func ("/sync-page/removed", test_removed);
  g_test_add_func ("/sync-page/set-aside", test_set_aside);
  g_test_add_func ("/sync-page/unkept", test_unkept);
  return g_test_run ();
}
