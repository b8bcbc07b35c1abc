/* ct-sync-names.c — conflict copies that file-sync engines make
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* When two laptops change one .casus file in a synced folder, the sync
 * engine keeps one and renames the other into a "conflict copy" beside it.
 * These functions recognise such a copy of an open team file by the names
 * Syncthing, Nextcloud, Dropbox and OneDrive give it, so that it can be
 * offered for a merge instead of being forgotten. The patterns are in
 * docs/sync-merge.md ("Conflict copies made by hand"). */

#define G_LOG_DOMAIN "ct-sync"

#include "config.h"

#include <string.h>

#include "ct-sync.h"

/* Syncthing: <stem>.sync-conflict-YYYYMMDD-HHMMSS-XXXXXXX<ext> */
static gboolean
is_syncthing (const char *rest,
              const char *ext)
{
  static const char marker[] = ".sync-conflict-";
  const char *p = rest;

  if (!g_str_has_prefix (p, marker))
    return FALSE;
  p += strlen (marker);
  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (*p++))
      return FALSE;
  if (*p++ != '-')
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (*p++))
      return FALSE;
  if (*p++ != '-')
    return FALSE;
  for (guint i = 0; i < 7; i++, p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p))
      return FALSE;
  return strcmp (p, ext) == 0;
}

/* Nextcloud: <stem> (conflicted copy 2026-03-31 120000)<ext>;
 * Dropbox: <stem> (Piet's conflicted copy 2026-03-31)<ext>, perhaps with
 * a number after it: <stem> (Piet's conflicted copy 2026-03-31) (1)<ext>. */
static gboolean
is_bracketed (const char *rest,
              const char *ext)
{
  const char *close;
  g_autofree char *inside = NULL;
  const char *tail;

  if (!g_str_has_prefix (rest, " (") || (close = strchr (rest + 2, ')')) == NULL)
    return FALSE;
  inside = g_ascii_strdown (rest + 2, close - (rest + 2));
  if (strstr (inside, "conflicted copy") == NULL && strstr (inside, "conflict copy") == NULL)
    return FALSE;
  tail = close + 1;
  if (g_str_has_prefix (tail, " ("))
    {
      const char *p = tail + 2;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p != ')')
        return FALSE;
      tail = p + 1;
    }
  return strcmp (tail, ext) == 0;
}

/* OneDrive: <stem>-HOSTNAME<ext>, perhaps -HOSTNAME-2<ext>: a host name
 * of letters, digits and hyphens. */
static gboolean
is_hostname_suffix (const char *rest,
                    const char *ext)
{
  gsize len;
  const char *p;

  if (rest[0] != '-' || !g_str_has_suffix (rest, ext))
    return FALSE;
  len = strlen (rest) - strlen (ext);
  if (len < 2 || len > 64)
    return FALSE;
  for (p = rest + 1; p < rest + len; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return g_ascii_isalnum (rest[1]);
}

/**
 * ct_sync_is_conflict_copy:
 * @name: a file's name, without its folder
 * @of: the name of a team file, without its folder
 *
 * Whether @name is a conflict copy of @of that a sync engine made:
 * Syncthing's `<stem>.sync-conflict-YYYYMMDD-HHMMSS-XXXXXXX.casus`,
 * Nextcloud's `<stem> (conflicted copy …).casus`, Dropbox's
 * `<stem> (… conflicted copy …).casus` and OneDrive's `<stem>-HOSTNAME.casus`.
 *
 * Returns: %TRUE when it is
 */
gboolean
ct_sync_is_conflict_copy (const char *name,
                          const char *of)
{
  g_autofree char *stem = NULL;
  const char *ext;
  const char *rest;

  g_return_val_if_fail (name != NULL && of != NULL, FALSE);

  if (strchr (name, '/') != NULL || strcmp (name, of) == 0)
    return FALSE;
  ext = strrchr (of, '.');
  if (ext == NULL || ext == of)
    ext = of + strlen (of);
  stem = g_strndup (of, ext - of);
  if (!g_str_has_prefix (name, stem))
    return FALSE;
  rest = name + strlen (stem);
  return is_syncthing (rest, ext) || is_bracketed (rest, ext) || is_hostname_suffix (rest, ext);
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ct_sync_find_conflict_copies:
 * @path: a team file
 *
 * Returns: (transfer full) (element-type filename): the paths of the
 *   conflict copies of @path in its folder, sorted by name; empty when
 *   there are none or the folder cannot be read
 */
GPtrArray *
ct_sync_find_conflict_copies (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *copies = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (ct_sync_is_conflict_copy (name, base))
      g_ptr_array_add (copies, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (copies, compare_paths);
  return copies;
}
