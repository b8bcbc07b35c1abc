/* ct-output.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every file the app writes for the user (an export, a report) goes
 * through here, so that none of them can destroy data:
 *
 * - the target must be a regular file or not exist yet, and never a team
 *   file: not the open one (same device and inode), not any file named
 *   .casus, not any file that starts with the team file's magic;
 * - the output is written under a hidden temporary name beside the target
 *   (".NAME.casustafel-XXXXXXXX") and renamed over it when complete, so a
 *   target is replaced whole or not at all;
 * - each temporary name is recorded in the user's state folder before the
 *   file is made, and forgotten once it is renamed or removed. A process
 *   that was killed in between leaves the record behind, and the next start
 *   (ct_init()) removes the temporary file it names.
 *
 * docs/robustness.md describes what a user sees. */

#define G_LOG_DOMAIN "ct-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-error.h"
#include "ct-output.h"
#include "ct-session.h"
#include "ct-vault.h"

#define TMP_MARK ".casustafel-"

/* ---- helpers ------------------------------------------------------------ */

static gboolean refuse (GError    **error,
                        const char *format,
                        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (CT_ERROR, CT_ERROR_FAILED, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
starts_with_magic (const char *path)
{
  char magic[sizeof CT_VAULT_MAGIC - 1];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
  gboolean found;

  if (fd < 0)
    return FALSE;
  found = read (fd, magic, sizeof magic) == (ssize_t) sizeof magic
          && memcmp (magic, CT_VAULT_MAGIC, sizeof magic) == 0;
  close (fd);
  return found;
}

static char *
pending_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "casustafel", "pending-outputs", NULL);
}

/* The record of @tmp_path: a file named after its hash. */
static char *
pending_record (const char *tmp_path)
{
  g_autofree char *dir = pending_dir ();
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, tmp_path, -1);

  return g_build_filename (dir, name, NULL);
}

/* Best effort: without a record (a read-only home folder), the output is
 * still written, and only a kill leaves its temporary file behind. */
static void
remember (const char *tmp_path)
{
  g_autofree char *dir = pending_dir ();
  g_autofree char *record = pending_record (tmp_path);
  g_autofree char *contents = g_strdup_printf ("%d\n%s\n", (int) getpid (), tmp_path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (record, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                    &error))
    g_debug ("No record of %s: %s", tmp_path, error != NULL ? error->message : g_strerror (errno));
}

static void
forget (const char *tmp_path)
{
  g_autofree char *record = pending_record (tmp_path);

  g_unlink (record);
}

static gboolean
is_our_tmp_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *mark = strstr (base, TMP_MARK);

  return g_path_is_absolute (path) && base[0] == '.' && mark != NULL
         && strlen (mark) == strlen (TMP_MARK) + 8;
}

static gboolean
process_is_alive (int pid)
{
  return pid == getpid () || (pid > 0 && (kill (pid, 0) == 0 || errno == EPERM));
}

/* Removes what the record @path names when its process is gone. */
static gboolean
clean_record (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 pid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", 3);
  if (g_strv_length (lines) < 2 || !g_ascii_string_to_signed (lines[0], 10, 1, G_MAXINT, &pid, NULL))
    {
      g_unlink (path);
      return FALSE;
    }
  if (process_is_alive ((int) pid))
    return FALSE;
  if (is_our_tmp_name (lines[1]))
    g_unlink (lines[1]);
  g_unlink (path);
  return TRUE;
}

/* ---- public API ---------------------------------------------------------- */

/**
 * ct_output_check_target:
 * @session: (nullable): the open team file, which is never a target
 *
 * Refuses a target that writing would destroy: a device, folder or pipe,
 * the open team file, or any team file.
 */
gboolean
ct_output_check_target (const char  *path,
                        CtSession   *session,
                        GError     **error)
{
  g_autofree char *name = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (session == NULL || CT_IS_SESSION (session), FALSE);

  name = g_filename_display_name (path);

  if (g_str_has_suffix (path, ".casus") || g_str_has_suffix (path, ".CASUS"))
    return refuse (error, _("%s has the name of a team file (.casus); choose another "
                                  "name, so no team file is overwritten."), name);
  if (g_stat (path, &st) != 0)
    return errno == ENOENT ? TRUE
                           : refuse (error, _("%s cannot be checked, so it is not "
                                                    "overwritten."), name);
  if (session != NULL && ct_session_is_file (session, path))
    return refuse (error, _("%s is the open team file; choose another file."), name);
  if (!S_ISREG (st.st_mode))
    return refuse (error, _("%s is not a regular file (a folder, device or pipe); "
                                  "choose a file."), name);
  if (starts_with_magic (path))
    return refuse (error, _("%s is a team file; choose another file."), name);
  return TRUE;
}

/**
 * ct_output_create_temp:
 *
 * Creates an empty hidden file beside @path (same folder, so the rename
 * is atomic), recorded so that a killed process leaves no trace after the
 * next start.
 *
 * Returns: (transfer full): its path; finish with ct_output_commit() or
 *   ct_output_discard()
 */
char *
ct_output_create_temp (const char  *path,
                       GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  int saved = EEXIST;

  g_return_val_if_fail (path != NULL, NULL);

  canonical = g_canonicalize_filename (path, NULL);
  dir = g_path_get_dirname (canonical);
  base = g_path_get_basename (canonical);
  for (guint attempt = 0; attempt < 16 && saved == EEXIST; attempt++)
    {
      g_autofree char *tmp = NULL;
      int fd;

      tmp = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s" TMP_MARK "%08x", dir, base,
                             (unsigned) randombytes_random ());
      remember (tmp);
      fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          close (fd);
          return g_steal_pointer (&tmp);
        }
      saved = errno;
      forget (tmp);
    }

  name = g_filename_display_name (path);
  g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s: %s."), name,
               g_strerror (saved));
  return NULL;
}

/**
 * ct_output_commit:
 *
 * Syncs @tmp_path and renames it to @path; on failure it is removed.
 */
gboolean
ct_output_commit (const char  *tmp_path,
                  const char  *path,
                  GError     **error)
{
  int fd, saved = 0;

  g_return_val_if_fail (tmp_path != NULL && path != NULL, FALSE);

  fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    saved = errno;
  if (fd >= 0)
    close (fd);
  if (saved == 0 && g_rename (tmp_path, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      ct_output_discard (tmp_path);
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Could not write %s: %s."), name,
                   g_strerror (saved));
      return FALSE;
    }
  forget (tmp_path);
  return TRUE;
}

/**
 * ct_output_discard:
 *
 * Removes a temporary file of ct_output_create_temp() and its record.
 */
void
ct_output_discard (const char *tmp_path)
{
  g_return_if_fail (tmp_path != NULL);

  g_unlink (tmp_path);
  forget (tmp_path);
}

/**
 * ct_output_clean_stale:
 *
 * Removes the temporary outputs of processes that were killed while they
 * wrote them. ct_init() calls it.
 *
 * Returns: how many records of killed processes were cleaned up
 */
guint
ct_output_clean_stale (void)
{
  g_autofree char *dir = pending_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *record = g_build_filename (dir, name, NULL);

      if (clean_record (record))
        n++;
    }
  return n;
}
