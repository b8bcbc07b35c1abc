/* bench-case-list.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The case list over a demo team of 10 000 households: how long reading
 * and joining the cases takes, and how long one keystroke takes from the
 * search text to the filtered list. The goal is under 16 ms a keystroke,
 * one frame. Uses the GUI's own model and filter; no display needed.
 *
 *   bench-case-list [N_HOUSEHOLDS [EXISTING_DEMO_TEAM]]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ct-case-filter.h"
#include "ct-case-item.h"
#include "ct-core.h"
#include "ct-demo.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_number (gconstpointer a, gconstpointer b, gpointer data)
{
  return -strcmp (ct_case_item_get_number ((CtCaseItem *) a),
                  ct_case_item_get_number ((CtCaseItem *) b));
}

/* Types @word one key at a time, then deletes it again. */
static void
type_word (CtCaseFilter *filter,
           GListModel   *filtered,
           const char   *word,
           double       *worst,
           double       *total,
           guint        *n_keys)
{
  guint len = strlen (word);

  for (guint i = 1; i <= 2 * len; i++)
    {
      g_autofree char *query = g_strndup (word, i <= len ? i : 2 * len - i);
      gint64 start = g_get_monotonic_time ();
      guint n;
      double ms;

      ct_case_filter_set_query (filter, query);
      n = g_list_model_get_n_items (filtered);
      ms = ms_since (start);
      *worst = MAX (*worst, ms);
      *total += ms;
      (*n_keys)++;
      if (i == len)
        g_print ("  \"%s\": %u matches, %.2f ms\n", query, n, ms);
    }
}

static void
bench_role (const char *path,
            const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (path, login, CT_DEMO_PASSPHRASE, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CT_TYPE_CASE_ITEM);
  g_autoptr(CtCaseFilter) filter = ct_case_filter_new ();
  g_autoptr(GtkFilterListModel) filtered = NULL;
  const char * const words[] = { "jan", "2026-00", "noord", "progress", "zzz" };
  double worst = 0, total = 0;
  guint n_keys = 0;
  gint64 start;

  if (session == NULL)
    g_error ("Could not unlock as %s: %s", login, error->message);

  start = g_get_monotonic_time ();
  items = ct_case_item_load_all (session, &error);
  if (items == NULL)
    g_error ("%s", error->message);
  g_print ("%s: read and joined %u cases in %.0f ms\n", login, items->len, ms_since (start));

  start = g_get_monotonic_time ();
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  filtered = gtk_filter_list_model_new (
    G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)),
                                           GTK_SORTER (gtk_custom_sorter_new (compare_number,
                                                                              NULL, NULL)))),
    GTK_FILTER (g_object_ref (filter)));
  g_print ("%s: sorted model of %u rows in %.1f ms\n", login,
           g_list_model_get_n_items (G_LIST_MODEL (filtered)), ms_since (start));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    type_word (filter, G_LIST_MODEL (filtered), words[i], &worst, &total, &n_keys);
  g_print ("%s: %u keystrokes, mean %.2f ms, worst %.2f ms (goal < 16 ms)\n", login, n_keys,
           total / n_keys, worst);

  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gint64 start;

  if (!ct_init (&error))
    g_error ("%s", error->message);

  if (argc > 2)
    {
      bench_role (argv[2], "regisseur");
      bench_role (argv[2], "politie");
      return 0;
    }

  dir = g_dir_make_tmp ("bench-case-list-XXXXXX", &error);
  path = g_build_filename (dir, "Demo.casus", NULL);

  start = g_get_monotonic_time ();
  if (!ct_demo_create (path, n, 42, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("Demo team of %u households written in %.1f s\n", n, ms_since (start) / 1000);

  bench_role (path, "regisseur");
  bench_role (path, "politie");

  g_remove (path);
  g_rmdir (dir);
  return 0;
}
