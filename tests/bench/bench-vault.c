/* bench-vault.c — what unlocking costs, and what encryption costs reads
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* (a) Unlock at the product's MODERATE Argon2id cost, and of the demo
 *     team: Argon2id and everything after it (header, unsealing K_db,
 *     header MAC, opening the database, the member, the chains, the keys),
 *     both timed inside the same unlock: the bench wraps ct_kdf_derive()
 *     at link time (-Wl,--wrap, tests/bench/meson.build) and notes when it
 *     starts and returns, so nothing is subtracted across runs. Goal:
 *     under 50 ms after Argon2id.
 * (b) Reads of the demo team's own database (10 000 households unless
 *     told otherwise) against an unencrypted copy of it (sqlcipher_export,
 *     the same libsqlcipher, page size and cache size): every row and
 *     column of every table, the tables a view reads apart from the access
 *     log, and 10 000 persons looked up by id. Each run opens both, one
 *     after the other, which first alternating: cold (a fresh connection;
 *     the file is in the OS cache, so decryption is what differs), warm
 *     with the product's 16 MiB cache, and warm with a cache that holds
 *     the whole database. CPU time is the figure (the machine may be
 *     shared); the ratio is the median of each run's paired ratios. Goal:
 *     encrypted within 1.3× of plain.
 *
 * Usage: bench-vault [--runs N] [--households N | --team DEMO.casus] [--quick] [--scale]
 * A given team is copied first, never written. --scale, for one size of
 * `build-aux/dev bench --scale`, leaves out the new team of (a) and the
 * whole-database cache of (b) (at 50 000 households 2 GB), and hands the
 * figures on (bench_figure()). The bench may use the
 * core's internals: it needs K_db, which the public API never hands out. */

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
#include "ct-store.h"

#define LOGIN   "wbeheer"
#define PASS    "zeven rode kikkers"
#define LOOKUPS 10000

static int runs = 5;
static gboolean scale;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, cmp_double);
  return g_array_index (values, double, values->len / 2);
}

static void
check_rc (sqlite3    *db,
          int         rc,
          const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  check_rc (db, sqlite3_exec (db, sql, NULL, NULL, NULL), sql);
}

/* ---- (a) unlock ---------------------------------------------------------- */

/* ct_kdf_derive() as the unlock calls it, wrapped at link time
 * (tests/bench/meson.build): when Argon2id returned, in wall and thread
 * CPU time. */
gboolean __real_ct_kdf_derive (const char        *passphrase,
                               const guint8      *salt,
                               const CtKdfParams *params,
                               guint8            *key_out);
gboolean __wrap_ct_kdf_derive (const char        *passphrase,
                               const guint8      *salt,
                               const CtKdfParams *params,
                               guint8            *key_out);

static double kdf_start_ms, kdf_end_ms, kdf_end_cpu_ms;

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

gboolean
__wrap_ct_kdf_derive (const char        *passphrase,
                      const guint8      *salt,
                      const CtKdfParams *params,
                      guint8            *key_out)
{
  gboolean ok;

  kdf_start_ms = now_ms ();
  ok = __real_ct_kdf_derive (passphrase, salt, params, key_out);
  kdf_end_ms = now_ms ();
  kdf_end_cpu_ms = thread_cpu_ms ();
  return ok;
}

/* @runs unlocks of @path; for each, Argon2id and what comes after it
 * (header, K_db, header MAC, opening the database, the member, the
 * chains, the keys), timed inside the same unlock. */
static void
time_unlocks (const char *title,
              const char *figure,
              const char *path,
              const char *login,
              const char *passphrase)
{
  g_autoptr(GArray) kdfs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) befores = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) afters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) after_cpus = g_array_new (FALSE, FALSE, sizeof (double));
  double kdf, before, after, after_cpu;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CtSession) session = NULL;
      double t0, t1, c1;

      kdf_start_ms = kdf_end_ms = 0;
      t0 = now_ms ();
      session = ct_session_unlock (path, login, passphrase, &error);
      t1 = now_ms ();
      c1 = thread_cpu_ms ();
      if (session == NULL)
        g_error ("unlock: %s", error->message);
      if (kdf_end_ms == 0)
        g_error ("the unlock ran no Argon2id the bench could see");
      g_array_append_val (befores, (double) { kdf_start_ms - t0 });
      g_array_append_val (kdfs, (double) { kdf_end_ms - kdf_start_ms });
      g_array_append_val (afters, (double) { t1 - kdf_end_ms });
      g_array_append_val (after_cpus, (double) { c1 - kdf_end_cpu_ms });
      ct_session_lock (session);
    }
  before = median (befores);
  kdf = median (kdfs);
  after = median (afters);
  after_cpu = median (after_cpus);
  printf ("\n  %s\n", title);
  printf ("  %-44s %7.1f ms\n", "before Argon2id (file, header)", before);
  printf ("  %-44s %7.1f ms\n", "Argon2id", kdf);
  printf ("  %-44s %7.1f ms (CPU %.1f ms), %.3f of Argon2id %7s %s\n", "after Argon2id", after,
          after_cpu, after / MAX (kdf, 0.001), "< 50 ms", after < 50 ? "met" : "MISSED");
  if (figure != NULL)
    {
      g_autofree char *argon = g_strconcat (figure, "argon2id-ms", NULL);
      g_autofree char *wall = g_strconcat (figure, "after-ms", NULL);
      g_autofree char *cpu = g_strconcat (figure, "after-cpu-ms", NULL);

      bench_figure (argon, kdf);
      bench_figure (wall, after);
      bench_figure (cpu, after_cpu);
    }
}

static void
bench_unlock (const char *dir,
              const char *team)
{
  g_autofree char *path = g_build_filename (dir, "moderate.casus", NULL);
  CtVaultCreateInfo info = { "Benchmark", LOGIN, "Bench Mark", CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  CtKdfParams params;

  /* The product's cost, not the tests' */
  g_unsetenv ("CASUSTAFEL_TEST_KDF");
  ct_kdf_default_params (&params);
  if (!scale && !ct_vault_create (path, &info, &recovery, &error))
    g_error ("create: %s", error->message);

  printf ("\n(a) Unlock, timed inside each unlock: Argon2id's start and end are noted by the "
          "bench's wrapper of ct_kdf_derive(); medians of %d runs\n", runs);
  if (!scale)
    time_unlocks ("a new team at the product's Argon2id cost", NULL, path, LOGIN, PASS);
  time_unlocks ("the demo team (its database as the demo made it)", "vault.unlock.", team,
                "regisseur", CT_DEMO_PASSPHRASE);
  printf ("  (the product's Argon2id: t=%" G_GUINT64_FORMAT ", m=%" G_GUINT64_FORMAT
          " MiB, p=1)\n", params.opslimit, params.memlimit >> 20);
  g_unlink (path);
}

/* ---- (b) reads ----------------------------------------------------------- */

/* The tables of @db, the access log's last: a listing never reads it. */
static GPtrArray *
table_names (sqlite3 *db)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  check_rc (db, sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name GLOB 'access_log*', name", -1, &stmt,
                                    NULL), "tables");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return names;
}

static gint64
scan_table (sqlite3    *db,
            const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", name);
  sqlite3_stmt *stmt;
  gint64 sum = 0;
  int rc;

  check_rc (db, sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      sum += sqlite3_column_bytes (stmt, c) + 1;
  check_rc (db, rc, sql);
  sqlite3_finalize (stmt);
  return sum;
}

typedef struct
{
  double wall, cpu;
} Cost;

typedef struct
{
  Cost hot;     /* every table but the access log's */
  Cost log;     /* the access log's tables */
  Cost lookups; /* LOOKUPS persons by id */
} Pass;

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static Cost
cost_since (double wall,
            double cpu)
{
  return (Cost) { now_ms () - wall, cpu_ms () - cpu };
}

/* Every row and column of every table, then LOOKUPS persons by primary
 * key; @check gets a sum over what was read, so nothing can be skipped
 * and both databases must give the same. */
static Pass
workload (sqlite3   *db,
          GPtrArray *tables,
          gint64     max_person,
          gint64    *check)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  sqlite3_stmt *stmt;
  double wall = now_ms (), cpu = cpu_ms ();
  gboolean in_log = FALSE;
  Pass pass = { 0 };

  *check = 0;
  for (guint t = 0; t < tables->len; t++)
    {
      const char *name = g_ptr_array_index (tables, t);

      if (!in_log && g_str_has_prefix (name, "access_log"))
        {
          pass.hot = cost_since (wall, cpu);
          wall = now_ms ();
          cpu = cpu_ms ();
          in_log = TRUE;
        }
      *check += scan_table (db, name);
    }
  pass.log = cost_since (wall, cpu);

  wall = now_ms ();
  cpu = cpu_ms ();
  check_rc (db, sqlite3_prepare_v2 (db, "SELECT * FROM persons WHERE id = ?1", -1, &stmt, NULL),
            "prepare");
  for (int i = 0; i < LOOKUPS && max_person > 0; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, (gint32) max_person + 1));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          *check += sqlite3_column_bytes (stmt, c);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  pass.lookups = cost_since (wall, cpu);
  return pass;
}

static sqlite3 *
open_team (const char   *path,
           const guint8 *key)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ct_store_open (path, key, &error);

  if (db == NULL)
    g_error ("open: %s", error->message);
  return db;
}

/* The same library, no key, the settings ct_store_open() uses. */
static sqlite3 *
open_plain (const char   *path,
            const guint8 *key)
{
  sqlite3 *db = NULL;

  check_rc (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, "unix"), "open plain");
  exec (db, "PRAGMA temp_store = MEMORY;"
            "PRAGMA secure_delete = ON;"
            "PRAGMA foreign_keys = ON;"
            "PRAGMA cache_size = -16384;"
            "PRAGMA journal_mode = DELETE;"
            "PRAGMA synchronous = FULL;");
  exec (db, "SELECT count(*) FROM sqlite_master");
  return db;
}

/* An unencrypted copy of the team's database, page size 4096 as the
 * team's. */
static void
make_plain_copy (const char   *team,
                 const guint8 *key,
                 const char   *plain)
{
  sqlite3 *db = open_team (team, key);
  g_autofree char *escaped = g_uri_escape_string (plain, "/", FALSE);
  g_autofree char *sql = g_strdup_printf ("ATTACH DATABASE 'file:%s?vfs=unix' AS plain KEY ''",
                                          escaped);
  sqlite3 *check;

  /* ATTACH inherits the team's open flags, without SQLITE_OPEN_CREATE. */
  if (!g_file_set_contents (plain, "", 0, NULL))
    g_error ("cannot make %s", plain);
  exec (db, sql);
  exec (db, "PRAGMA plain.page_size = 4096");
  exec (db, "SELECT sqlcipher_export('plain')");
  exec (db, "DETACH DATABASE plain");
  ct_store_close (db);

  check_rc (NULL, sqlite3_open_v2 (plain, &check, SQLITE_OPEN_READONLY, "unix"), "plain copy");
  exec (check, "PRAGMA quick_check");
  sqlite3_close (check);
}

/* One kind of pass, and the costs of every run of it. */
enum { COLD, WARM_16, WARM_ALL, N_KINDS };
enum { ENC, PLAIN };

/* The kinds --scale measures, and their figures' names. */
static const int n_scale_kinds = WARM_ALL;
static const char * const kind_figures[] = { "vault.cold.", "vault.warm.", NULL };

static const char * const kind_titles[] = {
  "cold: a fresh connection (the file in the OS cache), cache_size 16 MiB as ct_store_open()",
  "warm: the same connection again, cache_size 16 MiB as ct_store_open()",
  "warm: the same connection again, cache_size holding the whole database",
};

typedef struct
{
  GArray *hot[2], *log[2], *lookups[2], *all[2];  /* Cost, per run */
} Series;

static void
series_init (Series *s)
{
  for (int w = 0; w < 2; w++)
    {
      s->hot[w] = g_array_new (FALSE, FALSE, sizeof (Cost));
      s->log[w] = g_array_new (FALSE, FALSE, sizeof (Cost));
      s->lookups[w] = g_array_new (FALSE, FALSE, sizeof (Cost));
      s->all[w] = g_array_new (FALSE, FALSE, sizeof (Cost));
    }
}

static void
series_add (Series     *s,
            int         which,
            const Pass *p)
{
  Cost all = { p->hot.wall + p->log.wall, p->hot.cpu + p->log.cpu };

  g_array_append_val (s->hot[which], p->hot);
  g_array_append_val (s->log[which], p->log);
  g_array_append_val (s->lookups[which], p->lookups);
  g_array_append_val (s->all[which], all);
}

/* Medians of each side, and the median of the runs' paired ratios (run i
 * encrypted against run i plain, measured next to each other). */
static void
print_cost (const char *what,
            const char *figure,
            GArray     *enc,
            GArray     *plain)
{
  g_autoptr(GArray) ew = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ec = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pc = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rc = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < enc->len; i++)
    {
      Cost e = g_array_index (enc, Cost, i), p = g_array_index (plain, Cost, i);

      g_array_append_val (ew, e.wall);
      g_array_append_val (pw, p.wall);
      g_array_append_val (ec, e.cpu);
      g_array_append_val (pc, p.cpu);
      g_array_append_val (rw, (double) { e.wall / MAX (p.wall, 0.001) });
      g_array_append_val (rc, (double) { e.cpu / MAX (p.cpu, 0.001) });
    }
  printf ("  %-22s %9.1f %9.1f %6.2f×   %9.1f %9.1f %6.2f×  %s\n", what, median (ec),
          median (pc), median (rc), median (ew), median (pw), median (rw),
          median (rc) <= 1.3 ? "met" : "MISSED");
  if (figure != NULL)
    {
      g_autofree char *enc_key = g_strconcat (figure, "enc-cpu-ms", NULL);
      g_autofree char *plain_key = g_strconcat (figure, "plain-cpu-ms", NULL);
      g_autofree char *ratio_key = g_strconcat (figure, "cpu-ratio", NULL);

      bench_figure (enc_key, median (ec));
      bench_figure (plain_key, median (pc));
      bench_figure (ratio_key, median (rc));
    }
}

static void
bench_reads (const char *dir,
             const char *team)
{
  g_autofree char *plain_path = g_build_filename (dir, "plain.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  guint8 *key = ct_secure_alloc (CT_KEY_SIZE);
  gint64 max_person = 0;
  GStatBuf st_team, st_plain;
  Series series[N_KINDS];
  char all_pragma[64];
  sqlite3 *db;

  session = ct_session_unlock (team, "regisseur", CT_DEMO_PASSPHRASE, &error);
  if (session == NULL)
    g_error ("unlock: %s", error->message);
  memcpy (key, session->db_key, CT_KEY_SIZE);
  ct_session_lock (session);
  make_plain_copy (team, key, plain_path);

  db = open_plain (plain_path, NULL);
  tables = table_names (db);
  {
    sqlite3_stmt *stmt;

    check_rc (db, sqlite3_prepare_v2 (db, "SELECT max(id) FROM persons", -1, &stmt, NULL),
              "max");
    if (sqlite3_step (stmt) == SQLITE_ROW)
      max_person = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    check_rc (db, sqlite3_prepare_v2 (db, "SELECT count(*) FROM households", -1, &stmt, NULL),
              "count");
    if (sqlite3_step (stmt) == SQLITE_ROW)
      bench_figure ("vault.households", sqlite3_column_int64 (stmt, 0));
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  g_stat (team, &st_team);
  g_stat (plain_path, &st_plain);
  g_snprintf (all_pragma, sizeof all_pragma, "PRAGMA cache_size = -%ld",
              (long) (st_team.st_size / 1024 * 5 / 4));
  printf ("\n(b) Reads of the demo team's own database: team file %.1f MiB (%ld pages), "
          "unencrypted copy %.1f MiB; %u tables; %d runs, encrypted and plain side by side, "
          "which goes first alternating\n",
          (st_team.st_size - CT_VAULT_DB_OFFSET) / 1048576.0,
          (long) ((st_team.st_size - CT_VAULT_DB_OFFSET) / 4096), st_plain.st_size / 1048576.0,
          tables->len, runs);

  for (int k = 0; k < N_KINDS; k++)
    series_init (&series[k]);
  for (int run = 0; run < runs; run++)
    for (int o = 0; o < 2; o++)
      {
        int which = (run + o) % 2;
        gint64 check[N_KINDS];
        static gint64 expected[N_KINDS];
        Pass pass;

        db = which == ENC ? open_team (team, key) : open_plain (plain_path, NULL);
        pass = workload (db, tables, max_person, &check[COLD]);
        series_add (&series[COLD], which, &pass);
        pass = workload (db, tables, max_person, &check[WARM_16]);
        series_add (&series[WARM_16], which, &pass);
        check[WARM_ALL] = 0;
        if (!scale)
          {
            exec (db, all_pragma);
            workload (db, tables, max_person, &check[WARM_ALL]);
            pass = workload (db, tables, max_person, &check[WARM_ALL]);
            series_add (&series[WARM_ALL], which, &pass);
          }
        if (which == ENC)
          ct_store_close (db);
        else
          sqlite3_close (db);
        for (int k = 0; k < N_KINDS; k++)
          {
            if (run == 0 && o == 0)
              expected[k] = check[k];
            if (check[k] != expected[k])
              g_error ("the encrypted and the plain database read differently");
          }
      }

  for (int k = 0; k < N_KINDS; k++)
    {
      g_autofree char *all = NULL;
      g_autofree char *hot = NULL;
      g_autofree char *log = NULL;

      if (scale && k < n_scale_kinds)
        {
          all = g_strconcat (kind_figures[k], "all.", NULL);
          hot = g_strconcat (kind_figures[k], "hot.", NULL);
          log = g_strconcat (kind_figures[k], "log.", NULL);
        }
      if (series[k].all[ENC]->len > 0)  /* --scale leaves the whole-database cache out */
        {
          printf ("\n  %s\n", kind_titles[k]);
          printf ("  %-22s %9s %9s %7s   %9s %9s %7s  %s\n", "", "CPU enc", "plain", "ratio",
                  "wall enc", "plain", "ratio", "goal ≤ 1.3× (CPU)");
          print_cost ("full scans, all", all, series[k].all[ENC], series[k].all[PLAIN]);
          print_cost ("  tables a view reads", hot, series[k].hot[ENC], series[k].hot[PLAIN]);
          print_cost ("  the access log", log, series[k].log[ENC], series[k].log[PLAIN]);
          print_cost ("10 000 lookups", NULL, series[k].lookups[ENC], series[k].lookups[PLAIN]);
        }
      for (int w = 0; w < 2; w++)
        {
          g_array_unref (series[k].hot[w]);
          g_array_unref (series[k].log[w]);
          g_array_unref (series[k].lookups[w]);
          g_array_unref (series[k].all[w]);
        }
    }
  printf ("  (ms; each ratio is the median of the runs' paired ratios)\n");

  ct_secure_free (key);
  g_unlink (plain_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *team = NULL;
  g_autofree char *given = NULL;
  gboolean quick = FALSE;
  int households = 10000;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median)", "N" },
    { "households", 0, 0, G_OPTION_ARG_INT, &households, "Households in the demo team", "N" },
    { "team", 0, 0, G_OPTION_ARG_FILENAME, &given,
      "An existing demo team to copy instead of making one", "FILE" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Fewer runs and households", NULL },
    { "scale", 0, 0, G_OPTION_ARG_NONE, &scale,
      "One size of build-aux/dev bench --scale: fewer passes, the figures handed on", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— team file benchmark");
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (quick)
    {
      runs = 3;
      households = 1000;
    }
  runs = MAX (runs, 1);

  dir = g_dir_make_tmp ("ct-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  /* A device record of its own: this device may have seen a newer copy
   * of the given team, and the bench must not move its record on. */
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", FALSE);
  if (!ct_init (&error))
    g_error ("%s", error->message);

  printf ("Casustafel team file benchmark (SQLCipher %s, libsodium %s)\n", sqlite3_libversion (),
          sodium_version_string ());

  /* A copy: the unlock may migrate the file, and a given team is never
   * written to. */
  team = g_build_filename (dir, "demo.casus", NULL);
  start = g_get_monotonic_time ();
  if (given != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (given);
      g_autoptr(GFile) to = g_file_new_for_path (team);

      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
    }
  else if (!ct_demo_create (team, (guint) households, 42, NULL, NULL, &error))
    g_error ("%s", error->message);
  else
    printf ("demo team of %d households made in %.1f s\n", households,
            (g_get_monotonic_time () - start) / 1e6);
  {
    /* The first unlock migrates an older file: not timed. */
    g_autoptr(CtSession) first = ct_session_unlock (team, "regisseur", CT_DEMO_PASSPHRASE,
                                                    &error);

    if (first == NULL)
      g_error ("unlock: %s", error->message);
    ct_session_lock (first);
  }

  bench_unlock (dir, team);
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);  /* only the reads matter here */
  bench_reads (dir, team);
  printf ("\n");

  g_unlink (team);
  bench_remove_tree (dir);  /* with the device record the unlocks left */
  return 0;
}
