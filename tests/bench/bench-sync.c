/* bench-sync.c — team sync: applying changes, their size, and snapshots
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Two replicas of a demo team (500 households by default) held by the
 * regisseur on two "laptops" share a sync folder. Each run, interleaved:
 *
 * (a) replica A edits N fields (10 000 by default: the summaries of the
 *     cases, round the list) through the session, in one transaction as
 *     applying a change file is one; A syncs, writing them into one
 *     change file; B syncs, applying that file. Figures: the local edits
 *     (the peer), writing the file, applying it; the goal is that applying
 *     costs at most 2x the local edits. For scale, also one edit in a
 *     transaction of its own, as the GUI makes it (50 of them; each waits
 *     for its fsync).
 * (b) A edits one field and syncs: the bytes of that change file (the goal
 *     is under 2 KiB), and the bytes per change of the file of (a).
 * (c) A writes a snapshot of the whole team (ct_session_sync_snapshot) and
 *     B reads it back, checked and opened (_ct_session_sync_read_snapshot),
 *     against the product's MODERATE Argon2id, the floor of every unlock.
 * (d) The beheerder's replica C (its folder chosen) adds a member and syncs,
 *     which writes a snapshot that holds them; A then makes --join-changes
 *     edits (1 000 by default) in a later change file; the member joins
 *     (ct_sync_join) and unlocks the new file until the case list is
 *     listed. The join and that unlock run Argon2id four times at the
 *     benchmark's cost (its slots use the tests' INTERACTIVE cost), timed
 *     apart in the same run; the rest is what joining adds "after
 *     Argon2id", against the goal of 3 s, and is also shown as a ratio to
 *     the product's MODERATE Argon2id.
 * (e) With --snapshot-only: A edits one field and syncs with
 *     ct_session_sync_async() while a 1 ms timeout runs, and the sync
 *     writes a snapshot. Figures: the main thread's CPU time
 *     (CLOCK_THREAD_CPUTIME_ID) from the start of the sync to its end and
 *     the longest wait between two ticks of the timeout, against the peer
 *     of the same run: the same sync without the snapshot, followed by the
 *     snapshot written in the main thread (ct_session_sync_snapshot()), as
 *     a sync wrote it before the snapshot's export moved to a worker.
 * (f) With --compact-only: A edits one field and syncs (writing a change
 *     file and a snapshot), and B applies it, so that A's compaction may
 *     remove that file: it reads B's status file and A's own snapshot back
 *     first. Figures: the main thread's CPU time and longest wait of that
 *     compaction in a worker (_ct_sync_compact_job_run() in a GTask
 *     thread, as ct_session_sync_async() runs it) against the peer of the
 *     same run: the same compaction in the main thread, as a sync ran it
 *     before (_ct_session_sync_compact()).
 *
 * Medians of --runs runs (5 by default). Timings on a shared machine vary;
 * the ratios are what to compare.
 *
 * Usage: bench-sync [--households N] [--changes N] [--runs N] [--join-changes N]
 *                   [--join-only] [--snapshot-only] [--compact-only] */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-common.h"
#include "ct-core.h"
#include "ct-crypto.h"
#include "ct-demo.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

static int runs = 5;
static int n_households = 500;
static int n_changes = 10000;
static int n_join_changes = 1000;
static gboolean join_only = FALSE;
static gboolean snapshot_only = FALSE;
static gboolean compact_only = FALSE;

static void
add (GArray *values,
     double  value)
{
  g_array_append_val (values, value);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (from, &data, &len, &error)
      || !g_file_set_contents (to, data, (gssize) len, &error))
    g_error ("copy: %s", error->message);
}

static CtSession *
replica (const char *team,
         const char *path)
{
  g_autoptr(GError) error = NULL;
  CtSession *s;

  copy_file (team, path);
  s = ct_session_unlock (path, "regisseur", CT_DEMO_PASSPHRASE, &error);
  if (s == NULL || !ct_session_sync_new_replica (s, &error))
    g_error ("replica: %s", error->message);
  return s;
}

static void
sync_in (CtSession     *s,
         const char    *folder,
         CtSyncSummary *summary)
{
  g_autoptr(GError) error = NULL;

  if (!ct_session_sync (s, folder, summary, &error))
    g_error ("sync: %s", error->message);
  if (summary->refusals->len > 0)
    g_error ("refused: %s", (char *) g_ptr_array_index (summary->refusals, 0));
}

static goffset
change_file_size (CtSession  *s,
                  const char *folder,
                  guint64     seq)
{
  CtSyncState state;
  g_autofree char *team = NULL;
  g_autofree char *device = NULL;
  g_autofree char *name = g_strdup_printf ("%012" G_GUINT64_FORMAT ".ctchange", seq);
  g_autofree char *path = NULL;
  GStatBuf st;

  if (ct_store_sync_state_get (s->db, &state, NULL) != 1)
    g_error ("no sync state");
  team = _ct_sync_hex (s->header->team_id, CT_TEAM_ID_SIZE);
  device = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  path = g_strdup_printf ("%s/casustafel-%s/%s/%s", folder, team, device, name);
  if (g_stat (path, &st) != 0)
    g_error ("no change file %s", path);
  return st.st_size;
}

typedef struct
{
  GPtrArray *cases;
  int        run;
  int        n;
} Edits;

/* N edits in one transaction: the shape of applying one change file. */
static gboolean
edit_many (CtSession *s,
           gpointer   data,
           GError   **error)
{
  Edits *edits = data;

  for (int i = 0; i < edits->n; i++)
    {
      g_autofree char *text = g_strdup_printf ("Ronde %d, wijziging %d", edits->run, i);
      CtRecord *record = g_ptr_array_index (edits->cases, (guint) i % edits->cases->len);

      ct_record_set (record, "summary", text);
      if (!ct_session_update (s, record, error))
        return FALSE;
    }
  return TRUE;
}

static void
edit (CtSession  *s,
      GPtrArray  *cases,
      guint       i,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  CtRecord *record = g_ptr_array_index (cases, i % cases->len);

  ct_record_set (record, "summary", text);
  if (!ct_session_update (s, record, &error))
    g_error ("update: %s", error->message);
}

/* The report of (e) and (f): the main thread's CPU time and its longest
 * wait with @work in the main thread (the peer) and in a worker, medians
 * in ms with @decimals, and their ratios. */
static void
print_main_thread (const char *heading,
                   const char *work,
                   int         decimals,
                   guint       n_cases,
                   GArray     *cpu_peer,
                   GArray     *cpu_worker,
                   GArray     *gap_peer,
                   GArray     *gap_worker)
{
  double cp = bench_median_array (cpu_peer), cw = bench_median_array (cpu_worker);
  double gp = bench_median_array (gap_peer), gw = bench_median_array (gap_worker);
  g_autofree char *cpu_in_peer = g_strdup_printf ("main thread CPU, %s in the main thread (peer)",
                                                  work);
  g_autofree char *cpu_in_worker = g_strdup_printf ("main thread CPU, %s in a worker", work);
  g_autofree char *gap_in_peer = g_strdup_printf ("longest main-loop wait, %s in the main thread",
                                                  work);
  g_autofree char *gap_in_worker = g_strdup_printf ("longest main-loop wait, %s in a worker",
                                                    work);

  printf ("\n%d households, %u cases; medians of %d runs\n\n", n_households, n_cases, runs);
  printf ("%s\n\n", heading);
  printf ("  %-52s %8.*f ms\n", cpu_in_peer, decimals, cp);
  printf ("  %-52s %8.*f ms\n", cpu_in_worker, decimals, cw);
  printf ("  %-52s %8.3fx\n", "worker / main thread", cw / cp);
  printf ("  %-52s %8.*f ms\n", gap_in_peer, decimals, gp);
  printf ("  %-52s %8.*f ms\n", gap_in_worker, decimals, gw);
  printf ("  %-52s %8.3fx\n", "worker / main thread", gw / gp);
  printf ("\n");
}

/* ---- (e) the main thread during a sync that writes a snapshot ---------- */

typedef struct
{
  gboolean done;
  gint64   last;  /* µs */
  gint64   gap;   /* the longest wait between two ticks, µs */
} Loop;

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static gboolean
loop_tick (gpointer data)
{
  Loop *loop = data;
  gint64 now = g_get_monotonic_time ();

  loop->gap = MAX (loop->gap, now - loop->last);
  loop->last = now;
  return G_SOURCE_CONTINUE;
}

static void
async_synced (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;

  if (!ct_session_sync_finish (CT_SESSION (object), result, &summary, &error))
    g_error ("sync: %s", error->message);
  ct_sync_summary_clear (&summary);
  ((Loop *) data)->done = TRUE;
}

/* One edit, then an asynchronous sync that ends with a snapshot: by the
 * sync itself (@inline_snapshot FALSE), or, as before, in this thread
 * after it. The main thread's CPU time and its longest wait, in ms. */
static void
sync_with_snapshot (CtSession  *a,
                    const char *folder,
                    GPtrArray  *cases,
                    int         r,
                    gboolean    inline_snapshot,
                    double     *cpu,
                    double     *gap)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("Momentopname %d %s", r,
                                           inline_snapshot ? "ervoor" : "erna");
  Loop loop = { 0 };
  CtSyncState state;
  guint64 number = 0;
  double t0;
  guint id;

  edit (a, cases, (guint) r, text);
  _ct_session_sync_set_snapshot_every (inline_snapshot ? G_MAXUINT : 1);
  t0 = thread_cpu_ms ();
  loop.last = g_get_monotonic_time ();
  id = g_timeout_add (1, loop_tick, &loop);
  ct_session_sync_async (a, folder, NULL, async_synced, &loop);
  while (!loop.done)
    g_main_context_iteration (NULL, TRUE);
  if (inline_snapshot)
    {
      if (!ct_session_sync_snapshot (a, folder, &number, &error))
        g_error ("snapshot: %s", error->message);
      loop_tick (&loop);
    }
  g_source_remove (id);
  *cpu = thread_cpu_ms () - t0;
  *gap = (double) loop.gap / 1e3;
  if (ct_store_sync_state_get (a->db, &state, NULL) != 1)
    g_error ("no sync state");
  {
    g_autofree char *team_hex = _ct_sync_hex (a->header->team_id, CT_TEAM_ID_SIZE);
    g_autofree char *device = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
    g_autofree char *name = _ct_sync_snapshot_name (state.next_seq - 1);
    g_autofree char *path = g_strdup_printf ("%s/casustafel-%s/%s/%s", folder, team_hex, device,
                                             name);

    if (!g_file_test (path, G_FILE_TEST_EXISTS))
      g_error ("no snapshot %s", path);
  }
  _ct_session_sync_set_snapshot_every (50);
}

static void
measure_snapshot_async (CtSession  *a,
                        const char *folder,
                        GPtrArray  *cases)
{
  g_autoptr(GArray) cpu_before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gap_before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gap_after = g_array_new (FALSE, FALSE, sizeof (double));

  for (int r = 0; r < runs; r++)
    {
      double cpu, gap;

      /* Interleaved, each first every other run. */
      for (int k = 0; k < 2; k++)
        {
          gboolean before = (k + r) % 2 == 0;

          sync_with_snapshot (a, folder, cases, 2 * r + k, before, &cpu, &gap);
          add (before ? cpu_before : cpu_after, cpu);
          add (before ? gap_before : gap_after, gap);
        }
      fprintf (stderr, "  run %d of %d done\n", r + 1, runs);
    }
  print_main_thread ("(e) A sync that writes a snapshot (ct_session_sync_async)", "snapshot", 0,
                     cases->len, cpu_before, cpu_after, gap_before, gap_after);
}

/* ---- (f) the main thread during compaction ------------------------------ */

static void
compacted (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_error ("compaction: %s", error->message);
  ((Loop *) data)->done = TRUE;
}

static void
compact_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (_ct_sync_compact_job_run (data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
change_file_there (CtSession  *a,
                   const char *team_dir,
                   guint64     seq)
{
  g_autofree char *device = NULL;
  g_autofree char *name = _ct_sync_change_file_name (seq);
  g_autofree char *path = NULL;
  CtSyncState state;

  if (ct_store_sync_state_get (a->db, &state, NULL) != 1)
    g_error ("no sync state");
  device = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  path = g_build_filename (team_dir, device, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* One edit on A, synced with a snapshot and applied by B; then A's
 * compaction, which removes that change file, in a worker or (the peer)
 * in this thread. The main thread's CPU time and its longest wait, ms. */
static void
compact_once (CtSession  *a,
              CtSession  *b,
              const char *folder,
              GPtrArray  *cases,
              int         r,
              gboolean    in_worker,
              double     *cpu,
              double     *gap)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("Compactie %d", r);
  g_autofree char *team_dir = _ct_sync_team_folder (a, folder);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_free);
  CtSyncSummary summary;
  CtSyncState state, b_state;
  Loop loop = { 0 };
  double t0;
  guint id;

  edit (a, cases, (guint) r, text);
  _ct_session_sync_set_snapshot_every (1);
  sync_in (a, folder, &summary);
  ct_sync_summary_clear (&summary);
  sync_in (b, folder, &summary);
  ct_sync_summary_clear (&summary);
  _ct_session_sync_set_snapshot_every (50);
  if (ct_store_sync_state_get (a->db, &state, NULL) != 1
      || ct_store_sync_state_get (b->db, &b_state, NULL) != 1)
    g_error ("no sync state");
  g_ptr_array_add (devices, g_memdup2 (b_state.device, CT_SYNC_DEVICE_SIZE));
  if (!change_file_there (a, team_dir, state.next_seq - 1))
    g_error ("no change file to remove");

  t0 = thread_cpu_ms ();
  loop.last = g_get_monotonic_time ();
  id = g_timeout_add (1, loop_tick, &loop);
  if (in_worker)
    {
      CtSyncCompactJob *job = _ct_session_sync_compact_start (a, team_dir, devices, &error);
      g_autoptr(GTask) task = NULL;

      if (job == NULL)
        g_error ("compaction: %s", error->message);
      task = g_task_new (NULL, NULL, compacted, &loop);
      g_task_set_task_data (task, job, (GDestroyNotify) _ct_sync_compact_job_free);
      g_task_run_in_thread (task, compact_thread);
      g_clear_object (&task);
      while (!loop.done)
        g_main_context_iteration (NULL, TRUE);
    }
  else
    {
      if (!_ct_session_sync_compact (a, team_dir, devices, &error))
        g_error ("compaction: %s", error->message);
      loop_tick (&loop);
    }
  g_source_remove (id);
  *cpu = thread_cpu_ms () - t0;
  *gap = (double) loop.gap / 1e3;
  if (change_file_there (a, team_dir, state.next_seq - 1))
    g_error ("compaction removed nothing");
}

static void
measure_compaction (CtSession  *a,
                    CtSession  *b,
                    const char *folder,
                    GPtrArray  *cases)
{
  g_autoptr(GArray) cpu_before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gap_before = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gap_after = g_array_new (FALSE, FALSE, sizeof (double));
  CtSyncSummary summary;

  /* B's folder first, so that A waits for B. */
  sync_in (b, folder, &summary);
  ct_sync_summary_clear (&summary);
  for (int r = 0; r < runs; r++)
    {
      double cpu, gap;

      /* Interleaved, each first every other run. */
      for (int k = 0; k < 2; k++)
        {
          gboolean before = (k + r) % 2 == 0;

          compact_once (a, b, folder, cases, 2 * r + k, !before, &cpu, &gap);
          add (before ? cpu_before : cpu_after, cpu);
          add (before ? gap_before : gap_after, gap);
        }
      fprintf (stderr, "  run %d of %d done\n", r + 1, runs);
    }
  print_main_thread ("(f) Compaction that reads a status file and the snapshot back",
                     "compaction", 1, cases->len, cpu_before, cpu_after, gap_before, gap_after);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *team = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autoptr(GArray) locals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) one_by_one = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) writes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) applies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) singles = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) per_change = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap_writes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap_reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap_sizes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kdfs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) joins = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) join_kdfs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) join_sizes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path_c = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  GOptionEntry entries[] = {
    { "households", 0, 0, G_OPTION_ARG_INT, &n_households, "Households in the demo", "N" },
    { "changes", 0, 0, G_OPTION_ARG_INT, &n_changes, "Field edits per run", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median)", "N" },
    { "join-changes", 0, 0, G_OPTION_ARG_INT, &n_join_changes,
      "Edits after the snapshot a member joins from", "N" },
    { "join-only", 0, 0, G_OPTION_ARG_NONE, &join_only, "Only the join figure (d)", NULL },
    { "snapshot-only", 0, 0, G_OPTION_ARG_NONE, &snapshot_only,
      "Only the main thread's share of a sync that writes a snapshot (e)", NULL },
    { "compact-only", 0, 0, G_OPTION_ARG_NONE, &compact_only,
      "Only the main thread's share of compaction (f)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— team sync benchmark");
  CtSession *a, *b, *c;
  Edits edits = { 0 };
  const int n_single = 50;
  guint8 *kek;
  guint8 salt[CT_SALT_SIZE] = { 0 };
  CtKdfParams params;

  g_option_context_add_main_entries (context, entries, NULL);
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  runs = MAX (runs, 1);
  n_changes = MAX (n_changes, 1);
  if (!ct_init (&error))
    g_error ("%s", error->message);
  kek = ct_secure_alloc (CT_KEY_SIZE);

  dir = g_dir_make_tmp ("ct-bench-sync-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  /* What this "laptop" saw of the team stays with the benchmark's files. */
  {
    g_autofree char *state = g_build_filename (dir, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }
  team = g_build_filename (dir, "team.casus", NULL);
  folder = g_build_filename (dir, "folder", NULL);
  path_a = g_build_filename (dir, "a.casus", NULL);
  path_b = g_build_filename (dir, "b.casus", NULL);
  path_c = g_build_filename (dir, "c.casus", NULL);
  g_mkdir (folder, 0700);

  printf ("Casustafel team sync benchmark (SQLCipher %s, libsodium %s)\n", sqlite3_libversion (),
          sodium_version_string ());
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
  if (!ct_demo_create (team, (guint) n_households, 1, NULL, NULL, &error))
    g_error ("demo: %s", error->message);
  {
    g_autoptr(CtSession) admin = ct_session_unlock (team, CT_DEMO_ADMIN_LOGIN,
                                                    CT_DEMO_PASSPHRASE, &error);

    if (admin == NULL || !ct_session_sync_enable (admin, &error))
      g_error ("sync-enable: %s", error->message);
  }
  a = replica (team, path_a);
  b = replica (team, path_b);
  copy_file (team, path_c);
  c = ct_session_unlock (path_c, CT_DEMO_ADMIN_LOGIN, CT_DEMO_PASSPHRASE, &error);
  if (c == NULL || !ct_session_sync_new_replica (c, &error)
      || !ct_session_sync_set_folder (c, folder, &error))
    g_error ("replica of the beheerder: %s", error->message);
  if ((cases = ct_session_list (a, "cases", NULL, 0, &error)) == NULL || cases->len == 0)
    g_error ("cases: %s", error != NULL ? error->message : "none");
  ct_kdf_default_params (&params);
  edits.cases = cases;
  edits.n = n_changes;
  if (snapshot_only)
    {
      measure_snapshot_async (a, folder, cases);
      goto done;
    }
  if (compact_only)
    {
      measure_compaction (a, b, folder, cases);
      goto done;
    }

  for (int r = 0; r < runs; r++)
    {
      CtSyncSummary summary;
      guint64 written, number;
      CtSyncFile snapshot;
      CtSyncState state;
      g_autofree char *a_dir = NULL;
      g_autofree char *team_hex = NULL;
      g_autofree char *device = NULL;
      double t0, t1;

      if (join_only)
        goto join;

      /* (a) */
      t0 = bench_now_ms ();
      for (int i = 0; i < n_single; i++)
        {
          g_autofree char *text = g_strdup_printf ("Ronde %d, losse wijziging %d", r, i);

          edit (a, cases, (guint) i, text);
        }
      add (one_by_one, (bench_now_ms () - t0) / n_single);
      sync_in (a, folder, &summary);
      ct_sync_summary_clear (&summary);
      sync_in (b, folder, &summary);
      ct_sync_summary_clear (&summary);
      t0 = bench_now_ms ();
      edits.run = r;
      if (!_ct_session_with_transaction (a, edit_many, &edits, &error))
        g_error ("edits: %s", error->message);
      add (locals, bench_now_ms () - t0);
      t0 = bench_now_ms ();
      sync_in (a, folder, &summary);
      add (writes, bench_now_ms () - t0);
      written = summary.written_seq;
      if (summary.written_changes != (guint) n_changes)
        g_error ("wrote %u changes, not %d", summary.written_changes, n_changes);
      ct_sync_summary_clear (&summary);
      add (per_change, (double) change_file_size (a, folder, written) / n_changes);
      t0 = bench_now_ms ();
      sync_in (b, folder, &summary);
      add (applies, bench_now_ms () - t0);
      if (summary.applied_changes != (guint) n_changes)
        g_error ("applied %u changes, not %d", summary.applied_changes, n_changes);
      ct_sync_summary_clear (&summary);

      /* (b) */
      edit (a, cases, 0, "Eén veld gewijzigd");
      sync_in (a, folder, &summary);
      add (singles, (double) change_file_size (a, folder, summary.written_seq));
      ct_sync_summary_clear (&summary);
      sync_in (b, folder, &summary);
      ct_sync_summary_clear (&summary);

      /* (c) */
      t0 = bench_now_ms ();
      if (!ct_session_sync_snapshot (a, folder, &number, &error))
        g_error ("snapshot: %s", error->message);
      t1 = bench_now_ms ();
      add (snap_writes, t1 - t0);
      if (ct_store_sync_state_get (a->db, &state, NULL) != 1)
        g_error ("no sync state");
      team_hex = _ct_sync_hex (a->header->team_id, CT_TEAM_ID_SIZE);
      device = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
      a_dir = g_strdup_printf ("%s/casustafel-%s/%s", folder, team_hex, device);
      if (ct_store_sync_state_get (b->db, &state, NULL) != 1)
        g_error ("no sync state");
      {
        CtSyncState a_state;

        ct_store_sync_state_get (a->db, &a_state, NULL);
        t0 = bench_now_ms ();
        if (_ct_session_sync_read_snapshot (b, &state, a_dir, a_state.device, &snapshot,
                                            &error) != 1)
          g_error ("read snapshot: %s", error != NULL ? error->message : "none");
        add (snap_reads, bench_now_ms () - t0);
      }
      add (snap_sizes, (double) g_bytes_get_size (snapshot.changes));
      _ct_session_sync_snapshot_clear (&snapshot);

    join:
      /* (d) */
      {
        g_autofree char *login = g_strdup_printf ("nieuw%d", r);
        g_autofree char *out = g_strdup_printf ("%s/joined-%d.casus", dir, r);
        g_autoptr(CtSecret) code = NULL;
        g_autoptr(CtSession) joined = NULL;
        g_autoptr(GPtrArray) listed = NULL;
        CtKdfParams interactive;
        Edits later = { cases, 1000 + r, n_join_changes };
        double kdf_each;

        sync_in (c, folder, &summary);
        ct_sync_summary_clear (&summary);
        code = ct_session_add_member (c, login, "Nieuw Lid", CT_ROLE_REGISSEUR, FALSE, &error);
        if (code == NULL)
          g_error ("member add: %s", error->message);
        sync_in (c, folder, &summary);
        ct_sync_summary_clear (&summary);
        sync_in (a, folder, &summary);
        ct_sync_summary_clear (&summary);
        if (!_ct_session_with_transaction (a, edit_many, &later, &error))
          g_error ("edits: %s", error->message);
        sync_in (a, folder, &summary);
        ct_sync_summary_clear (&summary);
        {
          g_autofree char *c_dir = NULL;
          g_autoptr(GDir) d = NULL;
          const char *name;
          CtSyncState c_state;

          g_autofree char *c_team = _ct_sync_hex (c->header->team_id, CT_TEAM_ID_SIZE);
          g_autofree char *c_device = NULL;

          ct_store_sync_state_get (c->db, &c_state, NULL);
          c_device = _ct_sync_hex (c_state.device, CT_SYNC_DEVICE_SIZE);
          c_dir = g_strdup_printf ("%s/casustafel-%s/%s", folder, c_team, c_device);
          d = g_dir_open (c_dir, 0, NULL);
          while (d != NULL && (name = g_dir_read_name (d)) != NULL)
            if (g_str_has_prefix (name, "snapshot-"))
              {
                g_autofree char *snap = g_build_filename (c_dir, name, NULL);
                GStatBuf st;

                if (g_stat (snap, &st) == 0)
                  add (join_sizes, (double) st.st_size);
              }
        }
        t0 = bench_now_ms ();
        if (!ct_sync_join (folder, out, login, code, "lang genoeg voor de bench", &error))
          g_error ("join: %s", error->message);
        joined = ct_session_unlock (out, login, "lang genoeg voor de bench", &error);
        if (joined == NULL
            || (listed = ct_session_list (joined, "cases", NULL, 0, &error)) == NULL)
          g_error ("joined: %s", error->message);
        add (joins, bench_now_ms () - t0);
        if (listed->len != cases->len)
          g_error ("the joined replica lists %u cases, not %u", listed->len, cases->len);
        /* The Argon2id runs of the join and the unlock, at the slots' cost. */
        ct_kdf_default_params (&interactive);
        t0 = bench_now_ms ();
        if (!ct_kdf_derive ("lang genoeg voor de bench", salt, &interactive, kek))
          g_error ("Argon2id failed");
        kdf_each = bench_now_ms () - t0;
        add (join_kdfs, 4 * kdf_each);
      }

      g_setenv ("CASUSTAFEL_TEST_KDF", "", TRUE);
      ct_kdf_default_params (&params);
      t0 = bench_now_ms ();
      if (!ct_kdf_derive ("lang genoeg voor de bench", salt, &params, kek))
        g_error ("Argon2id failed");
      add (kdfs, bench_now_ms () - t0);
      g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
      fprintf (stderr, "  run %d of %d done\n", r + 1, runs);
    }

  {
    double local = 0, write = 0, apply = 0, single = 0, each = 0, snap_w = 0, snap_r = 0;
    double size = 0;
    double kdf = bench_median_array (kdfs), join = bench_median_array (joins);
    double join_kdf = bench_median_array (join_kdfs);
    double join_size = join_sizes->len > 0 ? bench_median_array (join_sizes) : 0;

    printf ("\n%d households, %u cases; medians of %d runs\n\n", n_households, cases->len, runs);
    printf ("(d) Joining from a snapshot and %d later changes\n\n", n_join_changes);
    printf ("  %-52s %8.1f MB\n", "the snapshot file (log left out)", join_size / 1e6);
    printf ("  %-52s %8.0f ms\n", "join + unlock until the case list is listed", join);
    printf ("  %-52s %8.0f ms\n", "of which Argon2id (4 runs at the slots' cost)", join_kdf);
    printf ("  %-52s %8.0f ms   goal < 3000 ms  %s\n", "joining after Argon2id",
            join - join_kdf, join - join_kdf < 3000 ? "met" : "MISSED");
    printf ("  %-52s %8.0f ms\n", "Argon2id at the product's MODERATE cost", kdf);
    printf ("  %-52s %8.2fx\n", "joining after Argon2id / MODERATE Argon2id",
            (join - join_kdf) / kdf);
    printf ("\n");
    if (join_only)
      goto done;
    local = bench_median_array (locals), write = bench_median_array (writes);
    apply = bench_median_array (applies), single = bench_median_array (singles);
    each = bench_median_array (per_change), snap_w = bench_median_array (snap_writes);
    snap_r = bench_median_array (snap_reads), size = bench_median_array (snap_sizes);
    printf ("(a) %d field edits on replica A, applied on replica B\n\n", n_changes);
    printf ("  %-52s %8.0f ms (%.3f ms each)\n", "the same edits locally, in one transaction (peer)",
            local, local / n_changes);
    printf ("  %-52s %8.0f ms\n", "writing them into one change file (sync on A)", write);
    printf ("  %-52s %8.0f ms (%.3f ms each)\n", "applying that file (sync on B)", apply,
            apply / n_changes);
    printf ("  %-52s %8.2fx  goal <= 2x  %s\n", "applying / local edits", apply / local,
            apply / local <= 2 ? "met" : "MISSED");
    printf ("  %-52s %8.3f ms\n", "one edit in a transaction of its own (as the GUI)",
            bench_median_array (one_by_one));
    printf ("\n(b) Size\n\n");
    printf ("  %-52s %8.0f B   goal < 2048 B  %s\n", "change file of one edited field", single,
            single < 2048 ? "met" : "MISSED");
    printf ("  %-52s %8.1f B\n", "bytes per change in the file of (a)", each);
    printf ("\n(c) Snapshot of the whole team\n\n");
    printf ("  %-52s %8.1f MB\n", "its database (payload)", size / 1e6);
    printf ("  %-52s %8.0f ms\n", "writing it (export, seal, fsync) on A", snap_w);
    printf ("  %-52s %8.0f ms\n", "reading it on B (checked, opened)", snap_r);
    printf ("  %-52s %8.0f ms\n", "Argon2id at the product's MODERATE cost (floor)", kdf);
    printf ("  %-52s %8.2fx\n", "reading the snapshot / Argon2id", snap_r / kdf);
    printf ("\n");
  }
done:

  ct_secure_free (kek);
  g_object_unref (a);
  g_object_unref (b);
  g_object_unref (c);
  bench_remove_tree (dir);
  return 0;
}
