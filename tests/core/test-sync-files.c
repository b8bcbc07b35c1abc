/* test-sync-files.c — the sync folder's other files and the merge rules at
 * its edges: status files, a half-written change file retried once whole,
 * a duplicate case number kept twice, conflict copies recognised by name
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

/* The conflict copies that Syncthing, Nextcloud, Dropbox and OneDrive
 * make of team.casus are recognised; other files beside it are not. */
static void
test_conflict_names (void)
{
  static const char * const copies[] = {
    "team.sync-conflict-20260331-201502-ABCD234.casus",
    "team (conflicted copy 2026-03-31 201502).casus",
    "team (Piet Jansen's conflicted copy 2026-03-31).casus",
    "team (Piet Jansen's conflicted copy 2026-03-31) (1).casus",
    "team-LAPTOP-PIET.casus",
    "team-laptop-piet-2.casus",
  };
  static const char * const others[] = {
    "team.casus",
    "teams.casus",
    "team.sync-conflict-20260331-201502-ABCD234.casus.tmp",
    "team.sync-conflict-2026031-201502-ABCD234.casus",
    "team.sync-conflict-20260331-201502-abcd234.casus",
    ".syncthing.team.casus.tmp",
    "team (1).casus",
    "team (conflicted copy 2026-03-31 201502).txt",
    "team-.casus",
    "team-piet jansen.casus",
    "team.casus.sync-conflict-20260331-201502-ABCD234",
    "other.sync-conflict-20260331-201502-ABCD234.casus",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ct-conflict-names-XXXXXX", &error);
  g_autofree char *team = g_build_filename (dir, "team.casus", NULL);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = g_build_filename (dir, copies[i], NULL);

      g_test_message ("copy: %s", copies[i]);
      g_assert_true (ct_sync_is_conflict_copy (copies[i], "team.casus"));
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (dir, others[i], NULL);

      g_test_message ("not a copy: %s", others[i]);
      g_assert_false (ct_sync_is_conflict_copy (others[i], "team.casus"));
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  /* A stem with dots of its own. */
  g_assert_true (ct_sync_is_conflict_copy ("wijk.noord.sync-conflict-20260331-201502-ABCD234.casus",
                                           "wijk.noord.casus"));

  found = ct_sync_find_conflict_copies (team);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (copies));
  for (guint i = 1; i < found->len; i++)
    g_assert_cmpint (strcmp (g_ptr_array_index (found, i - 1), g_ptr_array_index (found, i)), <, 0);
  ct_core_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-files/conflict-names", test_conflict_names);
  return g_test_run ();
}
