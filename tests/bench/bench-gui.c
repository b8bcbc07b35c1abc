/* bench-gui.c — what a member waits for: Enter on the unlock page until
 * the case list has drawn its rows, in the real window
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each run is a fresh process, as a member starting the app is: it opens
 * the window, fills in the unlock page and presses its button, then waits
 * until the case list shows rows (its first screenful, read before the
 * rest) and the window has drawn a frame with them, and then until the
 * list holds every case and has drawn again. In the same process it then
 * times Argon2id alone with the
 * product's parameters, the floor no unlock can go below, reads the
 * process's resident memory, and times going to the Actions page and
 * back to Cases until the next frame: the list reads afresh then, and the
 * window must not stop for it. Runs alternate between the cairo and the GL
 * renderer (GSK_RENDERER is read once at start, hence the processes), and
 * the figures are medians. The CPU time the process and its main thread
 * spend from Enter to the first rows drawn is reported beside the wall
 * time: the GL renderer draws on the CPU too where there is no GPU
 * (llvmpipe), and every frame of a spinner then costs the unlock's worker
 * threads a share of the same cores.
 *
 * Goals (issue #19): the list within 1 s after Argon2id, and the window
 * under 150 MB once the list shows.
 *
 *   bench-gui [--runs N] [--households N] [--renderer cairo|gl] [TEAM_FILE]
 *
 * Without TEAM_FILE a demo team of --households (10 000) is made first,
 * which takes a while. Needs a display; `build-aux/dev bench` starts Xvfb.
 * A copy of a team file that this device has also opened in another copy
 * is refused as an older copy (the device remembers the log it last saw),
 * and the list then never shows: give each copy its own XDG directories
 * (XDG_DATA_HOME and the others).
 *
 * Under callgrind, one child counts only Enter to the list drawn:
 *   valgrind --tool=callgrind --instr-atstart=no bench-gui --child TEAM_FILE */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#include "bench-common.h"
#include "bench-window.h"
#include "ct-application.h"
#include "ct-case-list-private.h"
#include "ct-core.h"
#include "ct-crypto.h"
#include "ct-demo.h"
#include "ct-main-page-private.h"
#include "ct-window-private.h"

#define TIMEOUT_S 300

typedef struct
{
  double list_ms;    /* Enter to the list drawn: its first rows */
  double all_ms;     /* Enter to every case in and drawn */
  double argon_ms;   /* Argon2id alone, same parameters */
  double rss_mb;
  double again_ms;   /* back to Cases from another page: the next frame */
  double cpu_ms;     /* Enter to the list drawn: CPU time of the process */
  double main_cpu_ms; /* the same, of the main thread alone */
} Run;

static gint64
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* CPU time of the process (CLOCK_PROCESS_CPUTIME_ID) or of the calling
 * thread (CLOCK_THREAD_CPUTIME_ID), in ms. */
static double
cpu_ms (clockid_t clock)
{
  struct timespec now;

  if (clock_gettime (clock, &now) != 0)
    return 0;
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static double
time_argon2id (void)
{
  CtKdfParams params;
  guint8 salt[CT_SALT_SIZE] = { 0 };
  guint8 key[CT_KEY_SIZE];
  gint64 start;

  ct_kdf_default_params (&params);
  start = g_get_monotonic_time ();
  if (!ct_kdf_derive (CT_DEMO_PASSPHRASE, salt, &params, key))
    g_error ("Argon2id failed");
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A click on a sidebar row, as the member's. */
static void
activate_sidebar_row (CtWindow   *window,
                      const char *name)
{
  GtkWidget *list = GTK_WIDGET (CT_MAIN_PAGE (window->main_page)->sidebar_list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      {
        g_signal_emit_by_name (list, "row-activated", row);
        return;
      }
  g_error ("No sidebar row %s", name);
}

/* Another page, then Cases again: how long the window stops before it
 * draws the list again (the list reads afresh whenever it is shown). */
static double
time_cases_again (CtWindow *window)
{
  gint64 start, deadline;
  double again_ms;

  activate_sidebar_row (window, "actions");
  bench_wait_for_frame (GTK_WIDGET (window));

  start = g_get_monotonic_time ();
  activate_sidebar_row (window, "cases");
  bench_wait_for_frame (GTK_WIDGET (window));
  again_ms = (g_get_monotonic_time () - start) / 1000.0;

  deadline = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  while (!bench_list_shown (window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The case list did not read again within %d s", TIMEOUT_S);
    }
  return again_ms;
}

/* The child: one unlock in a fresh window; prints "list argon rss again all
 * cpu main-cpu". */
static int
run_child (const char *path)
{
  g_autoptr(CtApplication) app = ct_application_new ();
  CtWindow *window = bench_window_open (app, path, "regisseur");
  gint64 start, deadline;
  double list_ms, all_ms, rss_mb, again_ms, cpu_start, main_cpu_start, cpu, main_cpu;

  CALLGRIND_START_INSTRUMENTATION;
  cpu_start = cpu_ms (CLOCK_PROCESS_CPUTIME_ID);
  main_cpu_start = cpu_ms (CLOCK_THREAD_CPUTIME_ID);
  start = g_get_monotonic_time ();
  deadline = start + TIMEOUT_S * G_USEC_PER_SEC;
  bench_unlock (window);
  while (!bench_list_rows_shown (window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The case list did not show within %d s", TIMEOUT_S);
    }
  bench_wait_for_frame (GTK_WIDGET (window));
  list_ms = (g_get_monotonic_time () - start) / 1000.0;
  cpu = cpu_ms (CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  main_cpu = cpu_ms (CLOCK_THREAD_CPUTIME_ID) - main_cpu_start;
  CALLGRIND_STOP_INSTRUMENTATION;

  while (!bench_list_shown (window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () > deadline)
        g_error ("The case list did not read every case within %d s", TIMEOUT_S);
    }
  bench_wait_for_frame (GTK_WIDGET (window));
  all_ms = (g_get_monotonic_time () - start) / 1000.0;

  rss_mb = rss_kib () / 1024.0;
  again_ms = time_cases_again (window);
  g_print ("%.1f %.1f %.1f %.1f %.1f %.1f %.1f\n", list_ms, time_argon2id (), rss_mb, again_ms,
           all_ms, cpu, main_cpu);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

static gboolean
spawn_run (const char *self_path,
           const char *team,
           const char *renderer,
           Run        *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { self_path, "--child", team, NULL };
  int status;

  env = g_environ_setenv (env, "GSK_RENDERER", renderer, TRUE);
  env = g_environ_unsetenv (env, "CASUSTAFEL_TEST_KDF");
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s run failed: %s\n", renderer, error->message);
      return FALSE;
    }
  return sscanf (out, "%lf %lf %lf %lf %lf %lf %lf", &run->list_ms, &run->argon_ms,
                 &run->rss_mb, &run->again_ms, &run->all_ms, &run->cpu_ms,
                 &run->main_cpu_ms) == 7;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (GArray *runs,
           gsize   offset)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *r = &g_array_index (runs, Run, i);
      double v = *(const double *) ((const char *) r + offset);

      g_array_append_val (values, v);
    }
  g_array_sort (values, compare_double);
  return values->len ? g_array_index (values, double, values->len / 2) : 0;
}

static void
report (const char *renderer,
        GArray     *runs)
{
  double list = median_of (runs, G_STRUCT_OFFSET (Run, list_ms));
  double argon = median_of (runs, G_STRUCT_OFFSET (Run, argon_ms));
  double rss = median_of (runs, G_STRUCT_OFFSET (Run, rss_mb));
  double again = median_of (runs, G_STRUCT_OFFSET (Run, again_ms));
  double all = median_of (runs, G_STRUCT_OFFSET (Run, all_ms));
  double cpu = median_of (runs, G_STRUCT_OFFSET (Run, cpu_ms));
  double main_cpu = median_of (runs, G_STRUCT_OFFSET (Run, main_cpu_ms));

  g_autofree char *prefix = g_strconcat ("gui.", renderer, ".", NULL);
  const struct { const char *key; double value; } figures[] = {
    { "runs", runs->len },
    { "list-ms", list },
    { "argon2id-ms", argon },
    { "after-argon2id-ms", list - argon },
    { "rss-mb", rss },
    { "again-ms", again },
    { "all-ms", all },
    { "list-ratio", argon > 0 ? list / argon : 0 },
    { "all-ratio", argon > 0 ? all / argon : 0 },
    { "cpu-ms", cpu },
    { "main-cpu-ms", main_cpu },
  };

  if (runs->len == 0)
    return;
  g_print ("%-5s median of %u: Enter to list %.0f ms, Argon2id alone %.0f ms "
           "(ratio %.2fx); after Argon2id %.0f ms (goal <= 1000 ms); every case in %.0f ms "
           "(%.2fx Argon2id); RSS %.0f MB (goal <= 150 MB); back to Cases %.0f ms to the "
           "next frame (%.2fx Argon2id); CPU from Enter to the list %.0f ms, of which the "
           "main thread %.0f ms\n",
           renderer, runs->len, list, argon, argon > 0 ? list / argon : 0, list - argon, all,
           argon > 0 ? all / argon : 0, rss, again, argon > 0 ? again / argon : 0, cpu,
           main_cpu);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *key = g_strconcat (prefix, figures[i].key, NULL);

      bench_figure (key, figures[i].value);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cairo_runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr(GArray) gl_runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autofree char *dir = NULL;
  g_autofree char *team = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *only = NULL;
  int runs = 5, households = 10000;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per renderer", "N" },
    { "households", 0, 0, G_OPTION_ARG_INT, &households, "Households of the demo", "N" },
    { "renderer", 0, 0, G_OPTION_ARG_STRING, &only, "Only this renderer (cairo or gl)", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    {
      gtk_init ();
      if (!ct_init (&error))
        g_error ("%s", error->message);
      return run_child (argv[2]);
    }

  context = g_option_context_new ("[TEAM_FILE]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("bench-gui needs a display (build-aux/dev bench starts Xvfb); skipped\n");
      return 0;
    }
  if (!ct_init (&error))
    g_error ("%s", error->message);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (argc > 1)
    team = g_strdup (argv[1]);
  else
    {
      gint64 start = g_get_monotonic_time ();

      dir = g_dir_make_tmp ("bench-gui-XXXXXX", &error);
      team = g_build_filename (dir, "Demo.casus", NULL);
      g_unsetenv ("CASUSTAFEL_TEST_KDF");
      if (!ct_demo_create (team, households, 42, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_print ("Demo team of %d households written in %.1f s\n", households,
               (g_get_monotonic_time () - start) / 1e6);
    }

  /* Interleaved, so that a busy spell of the machine hits both alike. */
  for (int i = 0; i < runs; i++)
    {
      Run r;

      if (g_strcmp0 (only, "gl") != 0 && spawn_run (self_path, team, "cairo", &r))
        g_array_append_val (cairo_runs, r);
      if (g_strcmp0 (only, "cairo") != 0 && spawn_run (self_path, team, "gl", &r))
        g_array_append_val (gl_runs, r);
    }
  report ("cairo", cairo_runs);
  report ("gl", gl_runs);

  if (dir != NULL)
    {
      g_remove (team);
      g_rmdir (dir);
    }
  return 0;
}
