/* test-lock.c — one process at a time, and a file replaced under a session
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* While a team file is unlocked its session holds an advisory lock: a
 * second process (or a second session) gets CT_ERROR_BUSY. When the file is
 * replaced on disk (renamed over, or removed) the session notices, refuses
 * every write with CT_ERROR_REPLACED, and never touches the new file. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-core.h"
#include "ct-core-test-util.h"

#define TEAM  "Wijkteam Noord"
#define LOGIN "beheer"
#define PASS  "lange winterse avonden"

/* A team file of its own in a fresh folder: f->dir, f->path. */
typedef CtCoreTestTeam Fixture;

static void
create_team (const char *path,
             const char *team_name)
{
  CtVaultCreateInfo info = { team_name, LOGIN, "Bea Heer", CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;

  g_assert_true (ct_vault_create (path, &info, &recovery, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  CtVaultCreateInfo info = { TEAM, LOGIN, "Bea Heer", CT_ROLE_REGISSEUR, TRUE, PASS };

  ct_core_test_team_create (f, "ct-lock-XXXXXX", &info);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ct_core_test_team_clear (f);
}

static CtSession *
unlock (const char *path)
{
  return ct_core_test_unlock (path, LOGIN, PASS);
}

/* Runs in a forked child: the exit status is the CtError code of the
 * refused unlock, or 100 when it opened, 101 for an error of another
 * domain. */
static int
child_try_unlock (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (path, LOGIN, PASS, &error);

  if (session != NULL)
    return 100;
  if (error->domain != CT_ERROR)
    return 101;
  return error->code;
}

static int
fork_try_unlock (const char *path)
{
  pid_t pid;
  int status;

  fflush (stdout);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (child_try_unlock (path));

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_busy_other_process (Fixture       *f,
                         gconstpointer  data)
{
  CtSession *session = unlock (f->path);
  g_autofree char *before = ct_core_test_hash_file (f->path);
  g_autofree char *after = NULL;

  g_assert_cmpint (fork_try_unlock (f->path), ==, CT_ERROR_BUSY);

  /* The refused process wrote nothing, and the first session still works. */
  after = ct_core_test_hash_file (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (ct_session_set_setting (session, "still", "mine", NULL));

  /* Once locked, the other process gets in. */
  ct_session_lock (session);
  g_assert_cmpint (fork_try_unlock (f->path), ==, 100);
  ct_core_test_session_free (session);
}

static void
test_busy_same_process (Fixture       *f,
                        gconstpointer  data)
{
  CtSession *session = unlock (f->path);
  g_autoptr(CtCoreTestSession) second = NULL;
  g_autoptr(GError) error = NULL;

  second = ct_session_unlock (f->path, LOGIN, PASS, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_BUSY);
  g_assert_null (second);
  g_clear_error (&error);

  /* The refused attempt did not drop the first session's locks. */
  g_assert_cmpint (fork_try_unlock (f->path), ==, CT_ERROR_BUSY);
  g_assert_true (ct_session_set_setting (session, "k", "v", &error));
  g_assert_no_error (error);
  ct_core_test_session_free (session);
}

static void
assert_replaced (CtSession  *session,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *member_code = NULL;

  if (path != NULL)
    before = ct_core_test_hash_file (path);

  g_assert_false (ct_session_check_file (session, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_clear_error (&error);

  g_assert_false (ct_session_set_setting (session, "after", "replaced", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_clear_error (&error);

  member_code = ct_session_add_member (session, "nieuw", "Nieuw Lid", CT_ROLE_GGZ, FALSE,
                                       &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_assert_null (member_code);
  g_clear_error (&error);

  /* It stays replaced: a later check says so again. */
  g_assert_false (ct_session_check_file (session, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_clear_error (&error);

  ct_session_lock (session);

  if (path != NULL)
    {
      after = ct_core_test_hash_file (path);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_replaced_by_rename (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.casus", NULL);
  CtSession *session = unlock (f->path);
  CtSession *reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_true (ct_session_set_setting (session, "before", "1", &error));
  g_assert_no_error (error);

  /* What a sync client does: write the new version beside it, rename it
   * over the old one. */
  create_team (other, "Wijkteam Zuid");
  g_assert_cmpint (g_rename (other, f->path), ==, 0);

  assert_replaced (session, f->path);

  /* The file now at the path is the replacement, untouched. */
  reopened = unlock (f->path);
  g_assert_cmpstr (ct_session_get_team_name (reopened), ==, "Wijkteam Zuid");
  value = ct_session_get_setting (reopened, "after", &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_assert_null (value);
  g_clear_error (&error);
  g_assert_true (ct_session_check (reopened, &error));
  g_assert_no_error (error);
  ct_core_test_session_free (reopened);
  ct_core_test_session_free (session);
}

static void
test_replaced_by_unlink (Fixture       *f,
                         gconstpointer  data)
{
  CtSession *session = unlock (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_set_setting (session, "before", "1", &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (f->path), ==, 0);
  assert_replaced (session, NULL);

  /* Nothing came back at the path, not even a journal. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);

    g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  }
  ct_core_test_session_free (session);
}

/* Unlinked and then a new file put at the same path: the session must not
 * take the new file for its own. */
static void
test_replaced_by_unlink_and_copy (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.casus", NULL);
  CtSession *session = unlock (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  create_team (other, "Wijkteam Oost");
  g_assert_true (g_file_get_contents (other, &contents, &len, &error));
  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  g_assert_no_error (error);

  assert_replaced (session, f->path);
  ct_core_test_session_free (session);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/lock/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("busy-other-process", test_busy_other_process);
  ADD ("busy-same-process", test_busy_same_process);
  ADD ("replaced-by-rename", test_replaced_by_rename);
  ADD ("replaced-by-unlink", test_replaced_by_unlink);
  ADD ("replaced-by-unlink-and-copy", test_replaced_by_unlink_and_copy);
#undef ADD

  return g_test_run ();
}
