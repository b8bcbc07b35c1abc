/* test-join.c — joining a team from its sync folder in the window
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Anna, a beheerder, adds Dirk on her replica, whose sync folder is
 * chosen, and syncs. The welcome page offers "Join a Team from a Sync
 * Folder…". In the join window Join waits until the folder, the login,
 * the code, two equal passphrases and the new file are given; a wrong code
 * is refused under the form in the core's words, with nothing written and
 * the code and passphrases cleared; with the right code the join runs off
 * the main loop (the form waits, the spinner turns), the window closes
 * with "joined", and the new file opens with Dirk's passphrase. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-crypto.h"
#include "ct-join-window-private.h"
#include "ct-test-team.h"
#include "ct-test-util.h"
#include "ct-welcome-page.h"

#define DIRK_PASS "dirk zijn eigen wachtwoord"

typedef struct
{
  char *path;
  char *login;
} Joined;

static void
joined_cb (CtJoinWindow *window,
           const char   *path,
           const char   *login,
           Joined       *joined)
{
  joined->path = g_strdup (path);
  joined->login = g_strdup (login);
}

static gboolean
not_busy (gpointer data)
{
  return !CT_JOIN_WINDOW (data)->busy;
}

static gboolean
has_joined (gpointer data)
{
  return ((Joined *) data)->path != NULL;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
join_enabled (CtJoinWindow *window)
{
  return gtk_widget_get_sensitive (window->join_button);
}

static void
fill (CtJoinWindow *window,
      const char   *code)
{
  set_text (window->code_row, code);
  set_text (window->passphrase_row, DIRK_PASS);
  g_assert_false (join_enabled (window));
  set_text (window->repeat_row, "iets anders");
  g_assert_false (join_enabled (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->error_label)));
  g_assert_cmpstr (gtk_label_get_text (window->error_label), ==,
                   _("The two passphrases are not the same."));
  set_text (window->repeat_row, DIRK_PASS);
  g_assert_true (join_enabled (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->error_label)));
}

/* A replica of the team's file for @login at @path, in the team's
 * folder, made a replica of its own, with @folder chosen on it. */
static CtSession *
replica (CtTestTeam *team,
         const char *login,
         const char *path,
         const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  CtSession *session = ct_test_team_replica (team, name, login);

  g_assert_true (ct_session_sync_set_folder (session, folder, &error));
  g_assert_no_error (error);
  return session;
}

static void
test_join (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *anna_path = g_build_filename (team->dir, "anna.casus", NULL);
  g_autofree char *out = g_build_filename (team->dir, "dirk", NULL);
  g_autofree char *out_file = g_build_filename (team->dir, "dirk.casus", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) wrong = NULL;
  guint8 random_code[15];
  CtSession *anna;
  CtSession *dirk;
  CtSyncSummary summary;
  CtJoinWindow *window;
  GtkWindow *welcome_window;
  Joined joined = { NULL };

  /* Anna's replica, with its folder, adds Dirk and syncs. */
  anna = ct_test_team_unlock (team, "anna");
  g_assert_true (ct_session_sync_enable (anna, &error));
  g_assert_no_error (error);
  ct_test_session_free (anna);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  anna = replica (team, "anna", anna_path, folder);
  code = ct_session_add_member (anna, "dirk", "Dirk de Wit", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_sync (anna, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);

  /* The welcome page offers it. */
  welcome_window = ct_test_team_window (g_object_new (CT_TYPE_WELCOME_PAGE, NULL), 1024, 768);
  g_assert_nonnull (ct_test_find_actionable (GTK_WIDGET (welcome_window), "app.join-team"));
  ct_test_screenshot (welcome_window, "welcome-join");
  ct_test_close_window (welcome_window);

  window = ct_join_window_new (NULL);
  g_signal_connect (window, "joined", G_CALLBACK (joined_cb), &joined);
  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_false (join_enabled (window));

  /* What the file choosers would give. */
  _ct_join_window_set_folder (window, folder);
  _ct_join_window_set_path (window, out);
  set_text (window->login_row, "dirk");
  randombytes_buf (random_code, sizeof random_code);
  wrong = ct_code_format (random_code, sizeof random_code);
  fill (window, wrong);
  ct_test_screenshot (window, "join-filled");

  /* A wrong code: refused in the core's words, nothing written, the
   * secrets cleared. */
  ct_test_click (window->join_button);
  g_assert_true (window->busy);
  g_assert_false (gtk_widget_get_sensitive (window->form));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->spinner)));
  /* It cannot be closed halfway. */
  g_assert_false (gtk_widget_is_sensitive (ct_test_find_actionable (GTK_WIDGET (window),
                                                                    "window.close")));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (window)));
  ct_test_wait_until (not_busy, window, 60, "the join to end");
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), folder));
  g_assert_false (g_file_test (out_file, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->code_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->passphrase_row)), ==, "");
  g_assert_false (join_enabled (window));
  ct_test_screenshot (window, "join-refused");

  /* The right code. */
  fill (window, code);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  ct_test_click (window->join_button);
  ct_test_wait_until (has_joined, &joined, 120, "the join to finish");
  g_assert_cmpstr (joined.path, ==, out_file);
  g_assert_cmpstr (joined.login, ==, "dirk");
  ct_test_wait_until (ct_test_no_toplevel, GSIZE_TO_POINTER (CT_TYPE_JOIN_WINDOW), 20,
                      "the join window to close");
  g_assert_null (window);

  dirk = ct_session_unlock (out_file, "dirk", DIRK_PASS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_session_get_display_name (dirk), ==, "Dirk de Wit");
  g_assert_true (ct_session_sync_is_enabled (dirk));

  ct_test_session_free (dirk);
  ct_test_session_free (anna);
  g_free (joined.path);
  g_free (joined.login);
  ct_test_team_free (team);
}

static void
sync_now (CtSession  *session,
          const char *folder)
{
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;

  g_assert_true (ct_session_sync (session, folder, &summary, &error));
  g_assert_no_error (error);
  ct_sync_summary_clear (&summary);
}

static void
set_summary (CtSession  *session,
             gint64      kase,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "cases", kase, &error);

  g_assert_no_error (error);
  ct_record_set (record, "summary", text);
  g_assert_true (ct_session_update (session, record, &error));
  g_assert_no_error (error);
}

/* The refusal was scrolled, and its label lies wholly inside the window. */
static gboolean
error_in_view (gpointer data)
{
  CtJoinWindow *window = data;
  graphene_rect_t bounds;

  if (window->scroll_id != 0
      || !gtk_widget_compute_bounds (GTK_WIDGET (window->error_label), GTK_WIDGET (window),
                                     &bounds))
    return FALSE;
  return bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height
              <= gtk_widget_get_height (GTK_WIDGET (window)) + 0.5;
}

/* Dirk's join with @code in the window is refused: the form says
 * @expected in the core's words, nothing is written. */
static void
join_refused (const char *folder,
              const char *out,
              const char *code,
              const char *expected,
              const char *screenshot)
{
  g_autofree char *out_file = g_strconcat (out, ".casus", NULL);
  CtJoinWindow *window = ct_join_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  ct_test_wait_for_draw (GTK_WIDGET (window));
  _ct_join_window_set_folder (window, folder);
  _ct_join_window_set_path (window, out);
  set_text (window->login_row, "dirk");
  fill (window, code);
  ct_test_click (window->join_button);
  ct_test_wait_until (not_busy, window, 60, "the join to end");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->error_label)));
  g_test_message ("refused: %s", gtk_label_get_text (window->error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_label), expected));
  g_assert_false (g_file_test (out_file, G_FILE_TEST_EXISTS));
  /* Scrolled into view, however long it is. */
  ct_test_wait_until (error_in_view, window, 20, "the refusal to scroll into view");
  ct_test_screenshot (window, screenshot);
  ct_test_close_window (GTK_WINDOW (window));
}

/* Carla is removed after Anna added Dirk, and the only snapshot is
 * sealed under the key her removal made. Without the key file Anna's
 * replica writes beside the enrolment file, the window says what to ask
 * the beheerder. */
static void
test_later_key (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *anna_path = g_build_filename (team->dir, "anna.casus", NULL);
  g_autofree char *out = g_build_filename (team->dir, "dirk", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GDir) d = NULL;
  g_autofree char *team_dir = NULL;
  const char *device;
  CtSession *anna;
  guint64 number;
  guint removed = 0;

  anna = ct_test_team_unlock (team, "anna");
  g_assert_true (ct_session_sync_enable (anna, &error));
  g_assert_no_error (error);
  ct_test_session_free (anna);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  anna = replica (team, "anna", anna_path, folder);
  code = ct_session_add_member (anna, "dirk", "Dirk de Wit", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  sync_now (anna, folder);
  g_assert_true (ct_session_remove_member (anna, "carla", &error));
  g_assert_no_error (error);
  sync_now (anna, folder);
  g_assert_true (ct_session_sync_snapshot (anna, folder, &number, &error));
  g_assert_no_error (error);

  /* As when Anna's laptop had not synced since: no key file. */
  d = g_dir_open (folder, 0, NULL);
  team_dir = g_build_filename (folder, g_dir_read_name (d), NULL);
  g_clear_pointer (&d, g_dir_close);
  d = g_dir_open (team_dir, 0, NULL);
  while ((device = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (team_dir, device, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        if (g_str_has_suffix (name, ".ctkeys"))
          {
            g_autofree char *path = g_build_filename (dir, name, NULL);

            g_assert_cmpint (g_unlink (path), ==, 0);
            removed++;
          }
    }
  g_assert_cmpuint (removed, ==, 1);
  join_refused (folder, out, code,
                _("The team's sync key changed after you were added (a member left), and your "
                  "enrolment does not hold the new one. Ask the beheerder who added you to sync "
                  "once more, then join again; if they cannot, ask a beheerder to remove you and "
                  "add you again."), "join-refused-later-key");

  ct_test_session_free (anna);
  ct_test_team_free (team);
}

/* The only snapshot that holds Dirk was written before Bob's change file
 * reached Anna's laptop, and Bob's compaction has removed that file since:
 * the window names Bob's folder and the file. */
static void
test_compacted (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *anna_path = g_build_filename (team->dir, "anna.casus", NULL);
  g_autofree char *bob_path = g_build_filename (team->dir, "bob.casus", NULL);
  g_autofree char *out = g_build_filename (team->dir, "dirk", NULL);
  g_autofree char *anna_dir = NULL;
  g_autofree char *aside = g_build_filename (team->dir, "aside", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GDir) d = NULL;
  g_autofree char *team_dir = NULL;
  CtSession *anna, *bob;
  const char *device;
  guint64 number;

  anna = ct_test_team_unlock (team, "anna");
  g_assert_true (ct_session_sync_enable (anna, &error));
  g_assert_no_error (error);
  ct_test_session_free (anna);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  anna = replica (team, "anna", anna_path, folder);
  bob = replica (team, "bob", bob_path, folder);
  sync_now (anna, folder);
  sync_now (bob, folder);
  code = ct_session_add_member (anna, "dirk", "Dirk de Wit", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  sync_now (anna, folder);

  /* Anna's folder: the one with the enrolment file. */
  d = g_dir_open (folder, 0, NULL);
  team_dir = g_build_filename (folder, g_dir_read_name (d), NULL);
  g_clear_pointer (&d, g_dir_close);
  d = g_dir_open (team_dir, 0, NULL);
  while (anna_dir == NULL && (device = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (team_dir, device, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        if (g_str_has_prefix (name, "enrol-"))
          anna_dir = g_strdup (dir);
    }
  g_assert_nonnull (anna_dir);
  g_assert_cmpint (g_rename (anna_dir, aside), ==, 0);
  set_summary (bob, team->case_id, "Van Bob");
  sync_now (bob, folder);
  g_assert_true (ct_session_sync_snapshot (bob, folder, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (aside, anna_dir), ==, 0);
  sync_now (anna, folder);
  sync_now (bob, folder);

  join_refused (folder, out, code, "000000000001.ctchange", "join-refused-compacted");

  ct_test_session_free (bob);
  ct_test_session_free (anna);
  ct_test_team_free (team);
}

int
main (int   argc,
      char *argv[])
{
  ct_test_init (&argc, &argv);
  g_test_add_func ("/join/from-folder", test_join);
  g_test_add_func ("/join/later-key", test_later_key);
  g_test_add_func ("/join/compacted", test_compacted);
  return g_test_run ();
}
