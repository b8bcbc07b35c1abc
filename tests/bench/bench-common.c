/* bench-common.c — what the benchmark programs share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The clock, the median of a figure's runs, the main() of a bench that
 * times one thing per member over a demo team, and the figures a bench
 * hands to `build-aux/dev bench --scale`. Each bench keeps its own peer
 * and its own interleaving: what runs in a round differs. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "bench-common.h"
#include "ct-core.h"
#include "ct-demo.h"

/* The monotonic clock in ms. */
double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The ms since @start, a g_get_monotonic_time(). */
double
bench_ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of @n values (the upper one of an even count), 0 for none;
 * @values are left in their order. */
double
bench_median (const double *values,
              guint         n)
{
  g_autofree double *sorted = NULL;

  if (n == 0)
    return 0;
  sorted = g_memdup2 (values, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);
  return sorted[n / 2];
}

/* The median of an array of doubles. */
double
bench_median_array (GArray *values)
{
  return bench_median ((const double *) (gpointer) values->data, values->len);
}

/**
 * bench_figure:
 * @key: the figure's name, with the member it was measured for where it
 *   depends on one ("cases-json.regisseur.ours-cpu-ms")
 *
 * Appends "KEY<tab>VALUE" to the file CASUSTAFEL_BENCH_FIGURES names, when
 * it names one: `build-aux/dev bench --scale` sets it per team file and
 * puts the figures of every size in one table. Without it, nothing.
 */
void
bench_figure (const char *key,
              double      value)
{
  const char *path = g_getenv ("CASUSTAFEL_BENCH_FIGURES");
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  FILE *f;

  if (path == NULL || *path == '\0')
    return;
  f = fopen (path, "a");
  if (f == NULL)
    g_error ("Cannot append to %s", path);
  fprintf (f, "%s\t%s\n", key, g_ascii_dtostr (number, sizeof number, value));
  fclose (f);
}

/**
 * bench_demo_main:
 * @name: the bench's name, for its temporary folder
 * @bench_role: what is timed, once for the regisseur and once for the politie
 *
 * The main() of `NAME [N_HOUSEHOLDS [EXISTING_DEMO_TEAM]]`: times
 * @bench_role on the demo team given, or on a new one of N_HOUSEHOLDS
 * (10 000) households that is removed afterwards.
 */
int
bench_demo_main (const char    *name,
                 int            argc,
                 char         **argv,
                 BenchRoleFunc  bench_role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (name, "-XXXXXX", NULL);
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

  dir = g_dir_make_tmp (template, &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "Demo.casus", NULL);
  start = g_get_monotonic_time ();
  if (!ct_demo_create (path, n, 42, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("Demo team of %u households written in %.1f s\n", n, bench_ms_since (start) / 1000);

  bench_role (path, "regisseur");
  bench_role (path, "politie");

  g_remove (path);
  g_rmdir (dir);
  return 0;
}

/* Removes @path and everything in it, following no link: a benchmark's
 * folder of copies, with the device records their unlocks left. */
void
bench_remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
