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

static void
test_join (void)
{
  g_autoptr(GError) error = NULL;
  CtTestTeam *team = ct_test_team_new ();
  g_autofree char *folder = g_build_filename (team->dir, "sync", NULL);
  g_autofree char *anna_path = g_build_filename (team->dir, "anna.casus", NULL);
  g_autofree char *out = g_build_filename (team->dir, "dirk", NULL);
  g_autofree char *out_file = g_build_filename (team->dir, "dirk.casus", NULL);
  g_autofree char *data = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) wrong = NULL;
  guint8 random_code[15];
  CtSession *anna;
  CtSession *dirk;
  CtSyncSummary summary;
  CtJoinWindow *window;
  GtkWindow *welcome_window;
  Joined joined = { NULL };
  gsize len;

  /* Anna's replica, with its folder, adds Dirk and syncs. */
  anna = ct_test_team_unlock (team, "anna");
  g_assert_true (ct_session_sync_enable (anna, &error));
  g_assert_no_error (error);
  ct_test_session_free (anna);
  g_assert_true (g_file_get_contents (team->path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (anna_path, data, (gssize) len, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  anna = ct_session_unlock (anna_path, "anna", CT_TEST_PASSPHRASE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_sync_new_replica (anna, &error));
  g_assert_true (ct_session_sync_set_folder (anna, folder, &error));
  g_assert_no_error (error);
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

int
main (int   argc,
      char *argv[])
{
  ct_test_init (&argc, &argv);
  g_test_add_func ("/join/from-folder", test_join);
  return g_test_run ();
}
