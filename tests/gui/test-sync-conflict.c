/* test-sync-conflict.c — a field edited on two laptops, on the case page
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two replicas of a small team edit one case's summary while offline and
 * sync through a folder. On Bob's laptop the case page shows his (later)
 * value and, under it, "Also changed on the laptop of Anna de Vries: …";
 * one click on "Use This" makes Anna's value the field's, clears the
 * mark, and the resolution travels back to Anna's laptop. The marks, and
 * the page's other extras (who is involved, who looked anyway, the
 * previous case), come from the worker's read of the case, while the
 * main loop runs. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ct-case-page-private.h"
#include "ct-gui-labels.h"
#include "ct-core-test-util.h"
#include "ct-session-read-private.h"
#include "ct-sync-page.h"
#include "ct-test-team.h"
#include "ct-test-util.h"

static void
set_case_field (CtSession  *session,
                gint64      case_id,
                const char *field,
                const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", case_id, &error);

  g_assert_no_error (error);
  ct_record_set (record, field, value);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

static void
set_summary (CtSession  *session,
             gint64      case_id,
             const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", case_id, &error);

  g_assert_no_error (error);
  ct_record_set (record, "summary", value);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

static void
sync_in (CtSession  *session,
         const char *folder)
{
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;

  g_assert_true (ct_session_sync (session, folder, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
}

static guint
n_conflicts (CtSession *session,
             gint64     case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, "cases", case_id,
                                                                  &error);

  g_assert_no_error (error);
  return conflicts->len;
}

static gboolean
sync_idle (gpointer data)
{
  return !ct_sync_scheduler_get_running (data);
}

static void
sync_page_in (CtSyncScheduler *sync)
{
  ct_test_wait_until (sync_idle, sync, 60, "a sync to end");
  ct_sync_scheduler_sync_now (sync);
  ct_test_wait_until (sync_idle, sync, 60, "the sync to end");
}

/* Sync turned on by @admin, who is let go, and a replica for Anna and
 * one for Bob on a folder of their own. */
static void
make_replicas (CtTestTeam  *team,
               CtSession   *admin,
               const char  *folder,
               CtSession  **anna,
               CtSession  **bob)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_sync_enable (admin, &error));
  g_assert_no_error (error);
  ct_test_session_free (admin);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  *anna = ct_test_team_replica (team, "anna.casus", "anna");
  *bob = ct_test_team_replica (team, "bob.casus", "bob");
}

/* The end of a test: its window closed, Anna's and Bob's replicas let go
 * and the team removed. */
static void
close_replicas (GtkWindow  *window,
                CtSession  *anna,
                CtSession  *bob,
                CtTestTeam *team)
{
  ct_test_close_window (window);
  ct_test_session_free (anna);
  ct_test_session_free (bob);
  ct_test_team_free (team);
}

/* One case's summary edited on both laptops while offline, @later's an
 * hour after @earlier's; once both synced, @later's replica shows its own
 * value with @earlier's as a conflict. */
static void
edit_on_both (CtSession  *earlier,
              const char *earlier_value,
              CtSession  *later,
              const char *later_value,
              gint64      case_id,
              const char *folder)
{
  g_autoptr(GDateTime) tuesday = g_date_time_new_utc (2026, 3, 31, 19, 0, 0);
  g_autoptr(GDateTime) hour_on = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);

  ct_clock_set_now_for_testing (tuesday);
  set_summary (earlier, case_id, earlier_value);
  ct_clock_set_now_for_testing (hour_on);
  set_summary (later, case_id, later_value);
  ct_clock_set_now_for_testing (NULL);
  sync_in (earlier, folder);
  sync_in (later, folder);
  sync_in (earlier, folder);
  g_assert_cmpuint (n_conflicts (later, case_id), ==, 1);
}

/* A case page in a window of its own, showing @session's case with, under
 * its summary, the conflict of @member's @value: that row, its title in
 * @title. */
static GtkWidget *
show_conflict (CtSession   *session,
               gint64       case_id,
               const char  *member,
               const char  *value,
               CtCasePage **page,
               GtkWindow  **window,
               char       **title)
{
  GtkWidget *row;

  *page = g_object_new (CT_TYPE_CASE_PAGE, NULL);
  *window = ct_test_team_window (GTK_WIDGET (*page), 1024, 768);
  ct_case_page_load (*page, session, case_id);
  ct_test_wait_case_page (*page);
  *title = g_strdup_printf (_("Also changed on the laptop of %s: %s"), member, value);
  row = ct_test_find_row (GTK_WIDGET (*page), ADW_TYPE_PREFERENCES_ROW, *title);
  g_assert_nonnull (row);
  return row;
}

/* The case open on Bob's laptop while Anna's change arrives: read again
 * when Bob only looks, kept as Bob typed it while he edits, with a banner
 * that offers to reload. */
static void
test_changes_arrive (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *text = NULL;
  g_autoptr(CtSyncScheduler) sync = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;

  make_replicas (team, admin, folder, &anna, &bob);
  sync_in (anna, folder);

  sync = ct_sync_scheduler_new (bob);
  g_assert_true (ct_sync_scheduler_set_folder (sync, folder, &error));
  g_assert_no_error (error);
  page = g_object_new (CT_TYPE_CASE_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_case_page_set_sync (page, sync);
  sync_page_in (sync);
  ct_case_page_load (page, bob, team->case_id);
  /* The page reads in a worker: a loading page shows nothing yet. */
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, 0);
  ct_test_wait_case_page (page);
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, team->case_id);

  /* Looking: the page reads what arrived as soon as it is applied. */
  set_summary (anna, team->case_id, "Nieuw van Anna");
  sync_in (anna, folder);
  sync_page_in (sync);
  g_assert_cmpuint (ct_sync_scheduler_get_applied (sync), >, 0);
  ct_test_wait_case_page (page);
  text = _ct_case_page_get_text (page, "cases", "summary");
  g_assert_cmpstr (text, ==, "Nieuw van Anna");
  g_assert_false (gtk_widget_get_visible (page->sync_banner));

  /* Editing: Bob's typing stays, and the banner says changes arrived. */
  ct_case_page_set_editing (page, TRUE);
  _ct_case_page_set_text (page, "cases", "summary", "Bob typt nog");
  set_summary (anna, team->case_id, "Derde versie van Anna");
  sync_in (anna, folder);
  sync_page_in (sync);
  g_assert_true (ct_case_page_get_editing (page));
  g_free (text);
  text = _ct_case_page_get_text (page, "cases", "summary");
  g_assert_cmpstr (text, ==, "Bob typt nog");
  g_assert_true (ct_case_page_get_dirty (page));
  g_assert_true (gtk_widget_get_visible (page->sync_banner));
  g_assert_nonnull (ct_test_find_button (page->sync_banner, _("_Reload")));
  ct_test_screenshot (window, "case-changes-arrived");

  /* Reload drops the edit and shows what is stored now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.reload", NULL));
  ct_test_wait_case_page (page);
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_false (gtk_widget_get_visible (page->sync_banner));
  g_free (text);
  text = _ct_case_page_get_text (page, "cases", "summary");
  g_assert_cmpstr (text, ==, "Derde versie van Anna");

  ct_case_page_set_sync (page, NULL);
  ct_sync_scheduler_stop (sync);
  close_replicas (window, anna, bob, team);
}

static void
test_conflict_on_case_page (void)
{
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *row, *button;

  make_replicas (team, admin, folder, &anna, &bob);

  edit_on_both (anna, "Versie van Anna", bob, "Versie van Bob", team->case_id, folder);

  row = show_conflict (bob, team->case_id, "Anna de Vries", "Versie van Anna", &page, &window,
                       &title);
  g_assert_true (gtk_widget_has_css_class (row, "sync-conflict"));
  ct_test_screenshot (window, "case-sync-conflict");
  button = ct_test_find_button (row, _("_Use This"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_can_focus (button));

  ct_test_click (button);
  ct_test_wait_case_page (page);
  shown = ct_test_case_field (bob, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Versie van Anna");
  g_assert_cmpuint (n_conflicts (bob, team->case_id), ==, 0);
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));

  /* The resolution travels: Anna's laptop follows, without a conflict. */
  sync_in (bob, folder);
  sync_in (anna, folder);
  g_free (shown);
  shown = ct_test_case_field (anna, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Versie van Anna");
  g_assert_cmpuint (n_conflicts (anna, team->case_id), ==, 0);

  close_replicas (window, anna, bob, team);
}

/* "Use This" reads nothing on the main thread: the record is read in the
 * write's own transaction in the session's write queue. While one of the
 * session's readers holds the file nothing is read, written or logged
 * and the page is loading; an Edit asked for right after "Use This"
 * waits, and begins on the chosen value once it is stored and read back,
 * with no banner about changes from elsewhere. */
static void
test_use_then_edit (void)
{
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *logged = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtCoreTestReaderHold holder;
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *row;

  /* A health field filled: a read of the case is logged, so a read on the
   * main thread would wait there for the held reader. */
  set_case_field (admin, team->case_id, "summary_health", "Zorg vanaf het begin");
  make_replicas (team, admin, folder, &anna, &bob);
  /* On Anna's laptop, whose log the beheerder reads. */
  edit_on_both (bob, "Versie van Bob", anna, "Versie van Anna", team->case_id, folder);

  row = show_conflict (anna, team->case_id, "Bob Jansen", "Versie van Bob", &page, &window,
                       &title);
  ct_test_wait_until (ct_test_settled, NULL, 20, "the case's read to settle");
  before = ct_core_test_log_since (anna, 0);

  ct_core_test_reader_hold (anna, &holder);
  ct_test_click (ct_test_find_button (row, _("_Use This")));
  ct_case_page_set_editing (page, TRUE);
  ct_test_wait_ticks (5, "the window while the choice waits");
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_false (ct_case_page_get_editing (page));
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_button (row, _("_Use This"))));
  logged = ct_core_test_log_since (anna, 0);
  g_assert_cmpstr (logged, ==, before);

  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_case_page (page);
  shown = ct_test_case_field (anna, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Versie van Bob");
  g_assert_cmpuint (n_conflicts (anna, team->case_id), ==, 0);
  g_assert_true (ct_case_page_get_editing (page));
  text = _ct_case_page_get_text (page, "cases", "summary");
  g_assert_cmpstr (text, ==, "Versie van Bob");
  g_assert_false (gtk_widget_get_visible (page->sync_banner));
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));
  ct_test_screenshot (window, "case-use-then-edit");
  ct_case_page_set_editing (page, FALSE);

  close_replicas (window, anna, bob, team);
}

/* "Use This", then the page lets the case go (as on a lock) while the
 * choice waits in the write queue: the value is stored, the page reads
 * nothing again and is not left loading, and its next case loads. */
static void
test_use_then_leave (void)
{
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtCoreTestReaderHold holder;
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *row;

  make_replicas (team, admin, folder, &anna, &bob);
  edit_on_both (anna, "Versie van Anna", bob, "Versie van Bob", team->case_id, folder);
  row = show_conflict (bob, team->case_id, "Anna de Vries", "Versie van Anna", &page, &window,
                       &title);

  ct_core_test_reader_hold (bob, &holder);
  ct_test_click (ct_test_find_button (row, _("_Use This")));
  ct_case_page_clear (page);
  g_assert_true (ct_core_test_reader_release (&holder, NULL));
  ct_test_wait_until (ct_test_settled, NULL, 20, "the choice to be written");
  shown = ct_test_case_field (bob, team->case_id, "summary");
  g_assert_cmpstr (shown, ==, "Versie van Anna");
  g_assert_false (ct_case_page_get_loading (page));
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, 0);

  ct_case_page_load (page, bob, team->case_id);
  ct_test_wait_case_page (page);
  g_assert_cmpint (ct_case_page_get_case_id (page), ==, team->case_id);
  close_replicas (window, anna, bob, team);
}

/* A visible widget named @name under @root (a hidden section shows
 * nothing), or %NULL. */
static gint64
member_id (CtSession  *session,
           const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_members (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        return info->id;
    }
  g_assert_not_reached ();
}

/* The entries of the household's log that say a sync conflict was read. */
static guint
n_conflict_reads (CtSession *session,
                  gint64     household_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_household_log (session, household_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    n += g_strcmp0 (((CtLogEntry *) g_ptr_array_index (log, i))->purpose, "sync conflicts") == 0;
  return n;
}

/* What the case page shows besides the rows comes from its worker's read
 * too (ct_case_load_async()): the sync conflict, who is involved (Carla
 * only because she looked anyway: a name the team chain gives), the
 * break of the glass and the previous case. While the read is held the
 * main loop runs and the page shows "Loading Case…", none of them. */
static void
test_extras_in_worker (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autoptr(GDateTime) tuesday = g_date_time_new_utc (2026, 3, 31, 19, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);
  g_autoptr(CtRecord) earlier = ct_record_new ("cases");
  g_autoptr(CtRecord) kase = NULL;
  g_autofree char *title = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *carla, *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *involved;
  gint64 earlier_id;
  guint reads;

  /* Before sync: a copy made with changes not yet synced is refused.
   * Bob directs the household, so he may see who is involved in it; an
   * earlier case makes the team's case a repeat. */
  kase = ct_session_get (admin, "cases", team->case_id, &error);
  g_assert_no_error (error);
  ct_record_set_int (kase, "regisseur", member_id (admin, "bob"));
  g_assert_true (ct_session_update (admin, kase, &error));
  g_assert_no_error (error);
  ct_record_set_int (earlier, "household_id", team->household_id);
  ct_record_set (earlier, "number", "2025-101");
  ct_record_set (earlier, "referral_date", "2025-11-03");
  ct_record_set (earlier, "status", "afgesloten");
  ct_record_set (earlier, "outcome", "doel_bereikt");
  ct_record_set (earlier, "closed_on", "2025-12-19");
  earlier_id = ct_session_insert (admin, earlier, &error);
  g_assert_no_error (error);
  g_assert_cmpint (earlier_id, >, 0);
  ct_test_session_free (admin);
  carla = ct_test_team_unlock (team, "carla");
  g_assert_true (ct_session_break_glass (carla, team->household_id, CT_GLASS_URGENT, NULL,
                                         &error));
  g_assert_no_error (error);
  ct_test_session_free (carla);
  admin = ct_test_team_unlock (team, "anna");
  make_replicas (team, admin, folder, &anna, &bob);
  /* A general field's conflict, and a health field's, whose read is
   * logged (a general read is not). */
  ct_clock_set_now_for_testing (tuesday);
  set_summary (anna, team->case_id, "Versie van Anna");
  set_case_field (anna, team->case_id, "summary_health", "Zorg volgens Anna");
  ct_clock_set_now_for_testing (later);
  set_summary (bob, team->case_id, "Versie van Bob");
  set_case_field (bob, team->case_id, "summary_health", "Zorg volgens Bob");
  ct_clock_set_now_for_testing (NULL);
  sync_in (anna, folder);
  sync_in (bob, folder);
  g_assert_cmpuint (n_conflicts (bob, team->case_id), ==, 2);
  reads = n_conflict_reads (bob, team->household_id);

  page = g_object_new (CT_TYPE_CASE_PAGE, NULL);
  window = ct_test_team_window (GTK_WIDGET (page), 1024, 768);
  ct_core_test_hold_reads ();
  ct_case_page_load (page, bob, team->case_id);
  ct_test_wait_main_loop ("the main loop while the case is read");
  g_assert_true (ct_case_page_get_loading (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->content_stack), ==, "loading");
  /* Of an absence: nothing read shows before the worker is done. */
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "involved-member"));
  g_assert_null (ct_test_find_shown (GTK_WIDGET (page), "repeat-referral"));
  ct_core_test_release_reads ();
  ct_test_wait_case_page (page);

  title = g_strdup_printf (_("Also changed on the laptop of %s: %s"), "Anna de Vries",
                           "Versie van Anna");
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));
  g_free (title);
  title = g_strdup_printf (_("Also changed on the laptop of %s: %s"), "Anna de Vries",
                           "Zorg volgens Anna");
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));
  /* Its read is logged once, by the session, naming the household. */
  g_assert_cmpuint (n_conflict_reads (bob, team->household_id), ==, reads + 1);
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "repeat-referral"));
  g_assert_nonnull (ct_test_find_shown (GTK_WIDGET (page), "looked-anyway"));
  involved = ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Carla Bakker");
  g_assert_nonnull (involved);
  g_assert_cmpstr (gtk_widget_get_name (involved), ==, "involved-member");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (involved)), ==,
                   _("Looked anyway"));
  g_assert_nonnull (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "Bob Jansen"));
  ct_test_screenshot (window, "case-extras-top");
  /* "Access Log" and "Involved" end the page. */
  ct_test_scroll_to_end (involved);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  ct_test_screenshot (window, "case-extras-involved");

  close_replicas (window, anna, bob, team);
}

/* --- the plan: a goal's and an action's field ---------------------------- */

static void
set_row_field (CtSession  *session,
               const char *table,
               gint64      id,
               const char *field,
               const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  g_assert_no_error (error);
  ct_record_set (record, field, value);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

static char *
row_field (CtSession  *session,
           const char *table,
           gint64      id,
           const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  g_assert_no_error (error);
  return g_strdup (ct_record_get (record, field));
}

static guint
n_row_conflicts (CtSession  *session,
                 const char *table,
                 gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, table, id, &error);

  g_assert_no_error (error);
  return conflicts->len;
}

/* A goal of the household and an action that serves it, made by @admin
 * before there are replicas. */
static void
insert_plan (CtSession  *admin,
             gint64      household_id,
             gint64     *goal_id,
             gint64     *action_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) goal = ct_record_new ("goals");
  g_autoptr(CtRecord) action = ct_record_new ("actions");

  ct_record_set_int (goal, "household_id", household_id);
  ct_record_set (goal, "domain", "tijdsbesteding");
  ct_record_set (goal, "description", "Dagbesteding vinden");
  ct_record_set (goal, "status", "open");
  *goal_id = ct_session_insert (admin, goal, &error);
  g_assert_no_error (error);
  ct_record_set_int (action, "household_id", household_id);
  ct_record_set_int (action, "goal_id", *goal_id);
  ct_record_set (action, "what", "Aanmelden bij de dagbesteding");
  ct_record_set (action, "partner", "Buurtcentrum");
  ct_record_set (action, "status", "open");
  *action_id = ct_session_insert (admin, action, &error);
  g_assert_no_error (error);
}

/* @table's row @id's @field edited on both laptops while offline, Bob's
 * an hour after Anna's; Bob's replica shows his value, Anna's a conflict. */
static void
edit_row_on_both (CtSession  *anna,
                  CtSession  *bob,
                  const char *table,
                  gint64      id,
                  const char *field,
                  const char *anna_value,
                  const char *bob_value,
                  const char *folder)
{
  g_autoptr(GDateTime) tuesday = g_date_time_new_utc (2026, 3, 31, 19, 0, 0);
  g_autoptr(GDateTime) hour_on = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);

  ct_clock_set_now_for_testing (tuesday);
  set_row_field (anna, table, id, field, anna_value);
  ct_clock_set_now_for_testing (hour_on);
  set_row_field (bob, table, id, field, bob_value);
  ct_clock_set_now_for_testing (NULL);
  sync_in (anna, folder);
  sync_in (bob, folder);
  sync_in (anna, folder);
  g_assert_cmpuint (n_row_conflicts (bob, table, id), ==, 1);
}

/* Brings @widget into the page's view, as a Tab to it would. */
static void
show_in_page (GtkWindow *window,
              GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;
  GtkPolicyType policy = GTK_POLICY_NEVER;

  /* The plan's own scroller does not scroll when embedded: the page's. */
  while (scrolled != NULL
         && (gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scrolled), NULL, &policy),
             policy == GTK_POLICY_NEVER))
    scrolled = gtk_widget_get_ancestor (gtk_widget_get_parent (scrolled),
                                        GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  /* Twice: the first may be before the page's rows have their height. */
  for (int i = 0; i < 2; i++)
    {
      ct_test_wait_for_draw (GTK_WIDGET (window));
      g_assert_true (gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0),
                                               &point));
      gtk_adjustment_set_value (adjustment,
                                MAX (0, gtk_adjustment_get_value (adjustment) + point.y - 200));
    }
  ct_test_wait_for_draw (GTK_WIDGET (window));
}

/* A goal's description edited on both laptops: in the goal's group of
 * the plan Bob's page says Anna's value, naming the field, and "Use
 * This" makes it the goal's; the conflict goes, and travels. */
static void
test_goal_conflict (void)
{
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *group_title = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *row, *button;
  gint64 goal_id, action_id;

  insert_plan (admin, team->household_id, &goal_id, &action_id);
  make_replicas (team, admin, folder, &anna, &bob);
  edit_row_on_both (anna, bob, "goals", goal_id, "description", "Werk vinden van Anna",
                    "Dagbesteding van Bob", folder);

  row = show_conflict (bob, team->case_id, "Anna de Vries", "Werk vinden van Anna", &page,
                       &window, &title);
  g_assert_true (gtk_widget_is_ancestor (row, _ct_case_page_get_plan_view (page)));
  g_assert_true (gtk_widget_has_css_class (row, "sync-conflict"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Goal"));
  button = ct_test_find_button (row, _("_Use This"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button));
  show_in_page (window, row);
  ct_test_screenshot (window, "plan-sync-conflict-goal");

  ct_test_click (button);
  ct_test_wait_case_page (page);
  shown = row_field (bob, "goals", goal_id, "description");
  g_assert_cmpstr (shown, ==, "Werk vinden van Anna");
  g_assert_cmpuint (n_row_conflicts (bob, "goals", goal_id), ==, 0);
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));
  group_title = g_strdup_printf ("%s: %s",
                                 ct_gui_domain_label (ct_gui_domain_index ("tijdsbesteding")),
                                 "Werk vinden van Anna");
  g_assert_nonnull (ct_test_find_group (_ct_case_page_get_plan_view (page), group_title));

  sync_in (bob, folder);
  sync_in (anna, folder);
  g_free (shown);
  shown = row_field (anna, "goals", goal_id, "description");
  g_assert_cmpstr (shown, ==, "Werk vinden van Anna");
  g_assert_cmpuint (n_row_conflicts (anna, "goals", goal_id), ==, 0);

  close_replicas (window, anna, bob, team);
}

/* An action's partner edited on both laptops: its one line in the plan
 * says "Changed on two laptops" and opens to Anna's value with "Use
 * This", which makes it the action's; the mark goes, and it travels. */
static void
test_action_conflict (void)
{
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *plan, *action, *row, *button;
  gint64 goal_id, action_id;

  insert_plan (admin, team->household_id, &goal_id, &action_id);
  make_replicas (team, admin, folder, &anna, &bob);
  edit_row_on_both (anna, bob, "actions", action_id, "partner", "Buurtcentrum Oost",
                    "Buurtcentrum West", folder);

  row = show_conflict (bob, team->case_id, "Anna de Vries", "Buurtcentrum Oost", &page,
                       &window, &title);
  plan = _ct_case_page_get_plan_view (page);
  action = ct_test_find_row (plan, ADW_TYPE_EXPANDER_ROW, "Aanmelden bij de dagbesteding");
  g_assert_nonnull (action);
  g_assert_true (gtk_widget_is_ancestor (row, action));
  g_assert_true (gtk_widget_has_css_class (action, "sync-conflicted"));
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (action)),
                                   _("Changed on two laptops")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   _("Partner organisation"));
  /* Closed, the value waits out of sight; the line opens to it. */
  button = ct_test_find_button (row, _("_Use This"));
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_mapped (button));
  show_in_page (window, action);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (action), TRUE);
  ct_test_wait_for_draw (GTK_WIDGET (window));
  show_in_page (window, action);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_get_focusable (button));
  ct_test_screenshot (window, "plan-sync-conflict-action");

  ct_test_click (button);
  ct_test_wait_case_page (page);
  shown = row_field (bob, "actions", action_id, "partner");
  g_assert_cmpstr (shown, ==, "Buurtcentrum Oost");
  g_assert_cmpuint (n_row_conflicts (bob, "actions", action_id), ==, 0);
  plan = _ct_case_page_get_plan_view (page);
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));
  g_assert_null (ct_test_find_row (plan, ADW_TYPE_EXPANDER_ROW, "Aanmelden bij de dagbesteding"));
  action = ct_test_find_row (plan, ADW_TYPE_ACTION_ROW, "Aanmelden bij de dagbesteding");
  g_assert_nonnull (action);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (action)),
                            "Buurtcentrum Oost"));

  sync_in (bob, folder);
  sync_in (anna, folder);
  g_free (shown);
  shown = row_field (anna, "actions", action_id, "partner");
  g_assert_cmpstr (shown, ==, "Buurtcentrum Oost");
  g_assert_cmpuint (n_row_conflicts (anna, "actions", action_id), ==, 0);

  close_replicas (window, anna, bob, team);
}

/* A consent's purpose edited on both laptops: under the consent's
 * category Bob's page says Anna's purpose, naming the field, and "Use
 * This" makes it the consent's; the conflict goes, and travels. */
static void
test_consent_conflict (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *purpose = NULL;
  g_autoptr(CtRecord) consent = ct_record_new ("consents");
  const CtField *field = ct_table_get_field (ct_schema_get_table ("consents"), "purpose");
  CtSession *admin = ct_test_team_unlock (team, "anna");
  CtSession *anna, *bob;
  CtCasePage *page;
  GtkWindow *window;
  GtkWidget *row, *button;
  gint64 consent_id;

  ct_record_set_int (consent, "case_id", team->case_id);
  ct_record_set (consent, "category", "general");
  ct_record_set (consent, "purpose", "casusoverleg");
  ct_record_set (consent, "basis", "toestemming");
  ct_record_set (consent, "given_on", "2026-01-12");
  consent_id = ct_session_insert (admin, consent, &error);
  g_assert_no_error (error);
  make_replicas (team, admin, folder, &anna, &bob);
  edit_row_on_both (anna, bob, "consents", consent_id, "purpose", "evaluatie",
                    "delen_aan_tafel", folder);

  purpose = ct_gui_format_field (field, "evaluatie");
  row = show_conflict (bob, team->case_id, "Anna de Vries", purpose, &page, &window, &title);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Purpose"));
  button = ct_test_find_button (row, _("_Use This"));
  g_assert_nonnull (button);
  show_in_page (window, row);
  ct_test_screenshot (window, "consent-sync-conflict");

  ct_test_click (button);
  ct_test_wait_case_page (page);
  shown = row_field (bob, "consents", consent_id, "purpose");
  g_assert_cmpstr (shown, ==, "evaluatie");
  g_assert_cmpuint (n_row_conflicts (bob, "consents", consent_id), ==, 0);
  g_assert_null (ct_test_find_row (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, title));

  sync_in (bob, folder);
  sync_in (anna, folder);
  g_free (shown);
  shown = row_field (anna, "consents", consent_id, "purpose");
  g_assert_cmpstr (shown, ==, "evaluatie");
  g_assert_cmpuint (n_row_conflicts (anna, "consents", consent_id), ==, 0);

  close_replicas (window, anna, bob, team);
}

int
main (int   argc,
      char *argv[])
{
  ct_test_init (&argc, &argv);
  g_test_add_func ("/sync-conflict/case-page", test_conflict_on_case_page);
  g_test_add_func ("/sync-conflict/use-then-edit", test_use_then_edit);
  g_test_add_func ("/sync-conflict/use-then-leave", test_use_then_leave);
  g_test_add_func ("/sync-conflict/changes-arrive", test_changes_arrive);
  g_test_add_func ("/sync-conflict/extras-in-worker", test_extras_in_worker);
  g_test_add_func ("/sync-conflict/goal", test_goal_conflict);
  g_test_add_func ("/sync-conflict/action", test_action_conflict);
  g_test_add_func ("/sync-conflict/consent", test_consent_conflict);
  return g_test_run ();
}
