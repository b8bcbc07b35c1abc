/* ct-export-test-util.c — demo teams and a temporary folder of their own
 * for the evaluator export's tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* test-export (what the workbook holds) and test-export-async (the export
 * in a worker) export from demo teams and check that nothing is left
 * behind: not beside the workbook, not in the temporary folder, which is
 * one of the program's own so that another program's files are not
 * taken for ours. */

#include "config.h"

#include "ct-demo.h"
#include "ct-export-test-util.h"

static char *tmp_root;   /* TMPDIR of this program: libxlsxwriter's files go under it */

/**
 * ct_export_test_init:
 *
 * ct_core_test_init() in a temporary folder of this program's own, set
 * before GLib reads and keeps TMPDIR. Give main()'s result to
 * ct_export_test_finish(), which removes it.
 */
void
ct_export_test_init (int    *argc,
                     char ***argv)
{
  char template[] = "/tmp/test-export-XXXXXX";

  tmp_root = g_strdup (g_mkdtemp (template));
  g_assert_nonnull (tmp_root);
  g_setenv ("TMPDIR", tmp_root, TRUE);
  ct_core_test_init (argc, argv);
}

/* Removes the temporary folder; returns @status. */
int
ct_export_test_finish (int status)
{
  ct_core_test_remove_dir (tmp_root);
  g_clear_pointer (&tmp_root, g_free);
  return status;
}

/* A demo team of @households, from @seed, in a folder of its own; every
 * member's passphrase is CT_DEMO_PASSPHRASE. Clear it with
 * ct_core_test_team_clear(). */
void
ct_export_test_make_team (CtCoreTestTeam *team,
                          guint           households,
                          guint           seed)
{
  g_autoptr(GError) error = NULL;

  team->dir = g_dir_make_tmp ("test-export-team-XXXXXX", &error);
  g_assert_no_error (error);
  team->path = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_demo_create (team->path, households, seed, NULL, NULL, &error));
  g_assert_no_error (error);
}

CtSession *
ct_export_test_unlock (CtCoreTestTeam *team,
                       const char     *login)
{
  return ct_core_test_unlock (team->path, login, CT_DEMO_PASSPHRASE);
}

/* Only the team file and workbooks in the team's folder; nothing of ours
 * in TMPDIR. */
void
ct_export_test_assert_no_leftovers (CtCoreTestTeam *team,
                                    const char     *out_name)
{
  g_autoptr(GDir) dir = g_dir_open (team->dir, 0, NULL);
  g_autoptr(GDir) tmp = g_dir_open (tmp_root, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "team.casus") && !g_str_equal (name, "expect.txt")
        && !g_str_has_suffix (name, ".xlsx"))
      g_error ("stray file beside the workbook: %s", name);
    else if (g_str_has_prefix (name, "."))
      g_error ("temporary workbook left: %s", name);
  while ((name = g_dir_read_name (tmp)) != NULL)
    if (g_str_has_prefix (name, "casustafel-export-"))
      g_error ("temporary directory left: %s", name);
  g_assert_true (g_file_test (out_name, G_FILE_TEST_IS_REGULAR));
}
