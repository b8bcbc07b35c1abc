/* test-output.c — no output destroys a team file; a commit is confirmed
 * only for the file that holds it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Exports and reports refuse targets that writing would destroy (the open
 * team file under any name, any team file, a folder, a pipe, a device),
 * are written under a temporary name and renamed, and a process killed
 * half-way leaves nothing once the next one starts. A commit into a team
 * file that was renamed away or copied over meanwhile is reported, never
 * confirmed. */

#define _GNU_SOURCE /* memmem() */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-export.h"
#include "ct-output.h"
#include "ct-output-pdf.h"

#define LOGIN "beheer"
#define PASS  "lange winterse avonden"

/* A team file of its own in a fresh folder: f->dir, f->path. */
typedef CtCoreTestTeam Fixture;

static char *state_dir;

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
  CtVaultCreateInfo info = { "Wijkteam Noord", LOGIN, "Bea Heer", CT_ROLE_REGISSEUR, TRUE, PASS };

  ct_core_test_team_create (f, "ct-output-XXXXXX", &info);
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
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, LOGIN, PASS, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
assert_refused (const char *path,
                CtSession  *session,
                const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_name (path);

  g_assert_false (ct_output_check_target (path, session, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  if (strstr (error->message, name) == NULL || strstr (error->message, why) == NULL)
    g_error ("“%s” should name %s and say “%s”", error->message, name, why);
}

static void
test_targets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = unlock (f->path);
  g_autofree char *alias = g_build_filename (f->dir, "export.xlsx", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.xlsx", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.casus", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.xlsx", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.xlsx", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "plain.xlsx", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  /* The open team file, by its own name and by another (a hard link). */
  g_assert_cmpint (link (f->path, alias), ==, 0);
  assert_refused (alias, session, "open team file");
  assert_refused (f->path, session, ".casus");
  /* Any name ending in .casus, existing or not. */
  assert_refused (other, NULL, ".casus");
  /* A team file under another name is known by its magic. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  assert_refused (copy, NULL, "is a team file");
  /* Not regular files. */
  assert_refused (f->dir, NULL, "not a regular file");
  assert_refused ("/dev/null", NULL, "not a regular file");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo, NULL, "not a regular file");

  /* What may be written: a new file, or an ordinary file. */
  g_assert_true (ct_output_check_target (fresh, session, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (plain, "an old export", -1, NULL));
  g_assert_true (ct_output_check_target (plain, session, &error));
  g_assert_no_error (error);
}

/* The export itself refuses, and the team file stays as it was. */
static void
test_export_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = unlock (f->path);
  g_autofree char *alias = g_build_filename (f->dir, "export.xlsx", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.xlsx", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *targets[3];
  CtExportOptions options;

  ct_export_options_init (&options);
  g_assert_cmpint (link (f->path, alias), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  targets[0] = f->path;
  targets[1] = alias;
  targets[2] = fifo;
  before = ct_core_test_hash_file (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ct_export_workbook (session, targets[i], &options, NULL, NULL, NULL,
                                          &error));
      g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
    }
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS) && !g_file_test (fifo, G_FILE_TEST_IS_REGULAR));
  ct_session_lock (session);
  after = ct_core_test_hash_file (f->path);
  g_assert_cmpstr (before, ==, after);
  /* Nothing was left beside it: the team file, its link and the pipe. */
  g_assert_cmpuint (count_entries (f->dir), ==, 3);
  g_clear_pointer (&session, ct_core_test_session_free);
  session = unlock (f->path);
}

/* A process killed while it wrote an output leaves its temporary file;
 * the next start removes it, but never the file of a live process. */
static void
test_stale_outputs (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *target = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *ours = NULL;
  g_autoptr(GError) error = NULL;
  int pipe_fds[2];
  char child_tmp[4096] = { 0 };
  pid_t pid;
  int status;

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  fflush (stdout);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autofree char *tmp = ct_output_create_temp (target, NULL);

      if (tmp == NULL || write (pipe_fds[1], tmp, strlen (tmp)) < 0)
        _exit (1);
      _exit (0);  /* as if killed: no commit, no discard */
    }
  close (pipe_fds[1]);
  g_assert_cmpint (read (pipe_fds[0], child_tmp, sizeof child_tmp - 1), >, 0);
  close (pipe_fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  g_assert_true (g_file_test (child_tmp, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (strrchr (child_tmp, '/'), "/.report.pdf.casustafel-"));

  ours = ct_output_create_temp (target, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ct_output_clean_stale (), ==, 1);
  g_assert_false (g_file_test (child_tmp, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (ours, G_FILE_TEST_IS_REGULAR));

  g_assert_true (g_file_set_contents (ours, "%PDF", -1, NULL));
  g_assert_true (ct_output_commit (ours, target, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (ours, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  /* Nothing is left to clean, and no record either. */
  g_assert_cmpuint (ct_output_clean_stale (), ==, 0);
  {
    g_autofree char *records = g_build_filename (state_dir, "casustafel", "pending-outputs", NULL);

    g_assert_cmpuint (count_entries (records), ==, 0);
  }
}

typedef struct
{
  const char *path;
  const char *other;  /* a team file to copy over it, or NULL to move it away */
} Swap;

static gboolean
store_then_swap (CtSession *session,
                 gpointer   data,
                 GError   **error)
{
  Swap *swap = data;
  g_autofree char *moved = g_strconcat (swap->path, ".moved", NULL);

  if (!ct_session_set_setting (session, "import", "2000 cases", error))
    return FALSE;

  if (swap->other == NULL)
    g_assert_cmpint (g_rename (swap->path, moved), ==, 0);
  else
    {
      g_autofree char *contents = NULL;
      gsize len;
      int fd;

      /* As cp does: the same inode, truncated and written over. */
      g_assert_true (g_file_get_contents (swap->other, &contents, &len, NULL));
      fd = g_open (swap->path, O_WRONLY | O_TRUNC, 0);
      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (write (fd, contents, len), ==, (gssize) len);
      close (fd);
    }
  return TRUE;
}

static void
test_commit_moved_away (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = unlock (f->path);
  g_autofree char *moved = g_strconcat (f->path, ".moved", NULL);
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  Swap swap = { f->path, NULL };

  g_assert_false (ct_session_run_in_transaction (session, store_then_swap, &swap, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, "moved"));
  g_clear_error (&error);
  g_assert_false (ct_session_set_setting (session, "later", "refused", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_clear_pointer (&session, ct_core_test_session_free);

  /* The change went into the moved file, as the message says. */
  session = unlock (moved);
  value = ct_session_get_setting (session, "import", NULL);
  g_assert_cmpstr (value, ==, "2000 cases");
}

static void
test_commit_copied_over (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.casus", NULL);
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Swap swap = { f->path, other };

  create_team (other, "Wijkteam Zuid");
  session = unlock (f->path);
  g_assert_false (ct_session_run_in_transaction (session, store_then_swap, &swap, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, "copied over"));
}

/* Without a swap the commit is confirmed. */
static void
test_commit_kept (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = unlock (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_verify_file (session, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_set_setting (session, "import", "1 case", &error));
  g_assert_true (ct_session_verify_file (session, &error));
  g_assert_no_error (error);
}

/* A long text fills as many pages as it needs (a doorbraak was once cut
 * off after its first page), markup is laid out as markup, and a PDF that
 * cannot be written leaves nothing behind. */
static guint
count_pages (const char *pdf,
             gsize       length)
{
  static const char needle[] = "/Type /Page";
  const char *end = pdf + length;
  guint n = 0;

  /* memmem(), not a string search: the PDF's streams hold NUL bytes. */
  for (const char *p = pdf; (p = memmem (p, (gsize) (end - p), needle, strlen (needle))) != NULL;
       p += strlen (needle))
    if (p + strlen (needle) < end && p[strlen (needle)] != 's')
      n++;
  return n;
}

static void
test_pdf_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "inzage.pdf", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "absent", "inzage.pdf", NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gsize length;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "Regel %u van een lange tekst.\n", i);
  g_assert_true (ct_output_save_pdf (pdf_path, text->str, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpuint (count_pages (pdf, length), >=, 4);

  g_clear_pointer (&pdf, g_free);
  g_assert_true (ct_output_save_pdf (pdf_path, "<b>Vet</b> &amp; gewoon", TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);

  g_assert_false (ct_output_save_pdf (bad_path, "tekst", FALSE, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  /* Nothing but the PDF and the team file: no temporary name is left. */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, ".casustafel-"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything asks GLib for it: the records of this run stay here. */
  state_dir = g_dir_make_tmp ("ct-output-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  ct_core_test_init (&argc, &argv);

  g_test_add ("/output/targets", Fixture, NULL, fixture_set_up, test_targets, fixture_tear_down);
  g_test_add ("/output/pdf-pages", Fixture, NULL, fixture_set_up, test_pdf_pages,
              fixture_tear_down);
  g_test_add ("/output/export-refuses", Fixture, NULL, fixture_set_up, test_export_refuses,
              fixture_tear_down);
  g_test_add ("/output/stale", Fixture, NULL, fixture_set_up, test_stale_outputs,
              fixture_tear_down);
  g_test_add ("/output/commit-moved-away", Fixture, NULL, fixture_set_up, test_commit_moved_away,
              fixture_tear_down);
  g_test_add ("/output/commit-copied-over", Fixture, NULL, fixture_set_up,
              test_commit_copied_over, fixture_tear_down);
  g_test_add ("/output/commit-kept", Fixture, NULL, fixture_set_up, test_commit_kept,
              fixture_tear_down);
  status = g_test_run ();
  ct_core_test_remove_dir (state_dir);
  g_free (state_dir);
  return status;
}
