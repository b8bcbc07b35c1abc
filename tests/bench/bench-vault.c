/* bench-vault.c — what unlocking costs, and what encryption costs reads
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* (a) Unlock at the product's MODERATE Argon2id cost, split into the
 *     Argon2id derivation and everything after it (header, unsealing K_db,
 *     header MAC, opening the database, the first queries): the goal is
 *     under 50 ms after Argon2id. Also timed directly: from having K_db to
 *     the first query answered (ct_store_open + the team name).
 * (b) One read workload (full scans and 10 000 point lookups by primary
 *     key) on 50 000 rows of about 200 bytes, in a team file and in the
 *     same database unencrypted (the same libsqlcipher, no key, the same
 *     page size and cache size), with a warm and a cold page cache. The
 *     goal is the encrypted workload within 1.3× of the unencrypted one.
 *
 * Usage: bench-vault [--runs N] [--rows N] [--quick]
 * The bench may use the core's internals: it needs K_db and the database
 * handle, which the public API never hands out. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ct-core.h"
#include "ct-crypto.h"
#include "ct-session-private.h"
#include "ct-store.h"

#define LOGIN   "wbeheer"
#define PASS    "zeven rode kikkers"
#define LOOKUPS 10000

static int runs = 5;
static int n_rows = 50000;

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

static void
bench_unlock (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "moderate.casus", NULL);
  CtVaultCreateInfo info = { "Benchmark", LOGIN, "Bench Mark", CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) kdfs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  guint8 *db_key = ct_secure_alloc (CT_KEY_SIZE);
  guint8 *kek = ct_secure_alloc (CT_KEY_SIZE);
  guint8 salt[CT_SALT_SIZE] = { 0 };
  CtKdfParams params;

  /* The product's cost, not the tests' */
  g_unsetenv ("CASUSTAFEL_TEST_KDF");
  ct_kdf_default_params (&params);

  if (!ct_vault_create (path, &info, &recovery, &error))
    g_error ("create: %s", error->message);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(CtSession) session = NULL;
      double t0, t1;

      t0 = now_ms ();
      session = ct_session_unlock (path, LOGIN, PASS, &error);
      t1 = now_ms ();
      if (session == NULL)
        g_error ("unlock: %s", error->message);
      g_array_append_val (totals, (double) { t1 - t0 });
      memcpy (db_key, session->db_key, CT_KEY_SIZE);
      ct_session_lock (session);

      t0 = now_ms ();
      if (!ct_kdf_derive (PASS, salt, &params, kek))
        g_error ("Argon2id failed");
      t1 = now_ms ();
      g_array_append_val (kdfs, (double) { t1 - t0 });

      /* From K_db to the first query answered. */
      {
        sqlite3 *db;
        g_autofree char *name = NULL;

        t0 = now_ms ();
        db = ct_store_open (path, db_key, &error);
        if (db == NULL)
          g_error ("open: %s", error->message);
        name = ct_store_get_team_name (db, &error);
        t1 = now_ms ();
        g_assert_cmpstr (name, ==, "Benchmark");
        g_array_append_val (opens, (double) { t1 - t0 });
        ct_store_close (db);
      }
    }

  {
    double total = median (totals), kdf = median (kdfs), open = median (opens);

    printf ("\n(a) Unlock at the product's cost: Argon2id t=%" G_GUINT64_FORMAT ", m=%" G_GUINT64_FORMAT
            " MiB, p=1 (median of %d runs)\n\n", params.opslimit, params.memlimit >> 20, runs);
    printf ("  %-44s %10s %10s\n", "", "median", "goal");
    printf ("  %-44s %7.1f ms\n", "ct_session_unlock, total", total);
    printf ("  %-44s %7.1f ms\n", "Argon2id alone (ct_kdf_derive)", kdf);
    printf ("  %-44s %7.1f ms %7s %s\n", "unlock minus Argon2id", total - kdf, "< 50 ms",
            total - kdf < 50 ? "met" : "MISSED");
    printf ("  %-44s %7.1f ms %7s %s\n", "K_db to first query (open + team name)", open,
            "< 50 ms", open < 50 ? "met" : "MISSED");
  }

  ct_secure_free (db_key);
  ct_secure_free (kek);
  g_unlink (path);
}

/* ---- (b) reads ----------------------------------------------------------- */

static void
fill (sqlite3 *db)
{
  sqlite3_stmt *stmt;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  exec (db, "CREATE TABLE bench_rows ("
            "  id INTEGER PRIMARY KEY,"
            "  household TEXT NOT NULL,"
            "  note TEXT NOT NULL,"
            "  amount INTEGER NOT NULL,"
            "  updated_at TEXT NOT NULL)");
  exec (db, "BEGIN");
  check_rc (db, sqlite3_prepare_v2 (db, "INSERT INTO bench_rows VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                                    &stmt, NULL), "prepare");
  for (int i = 1; i <= n_rows; i++)
    {
      char household[64], note[160];
      int note_len = 110 + g_rand_int_range (rand, 0, 40);

      g_snprintf (household, sizeof household, "Huishouden %06d, Kanaalstraat %d", i, i % 300);
      for (int j = 0; j < note_len; j++)
        note[j] = "abcdefghijklmnopqrstuvwxyz      "[g_rand_int_range (rand, 0, 32)];
      note[note_len] = '\0';

      sqlite3_bind_int (stmt, 1, i);
      sqlite3_bind_text (stmt, 2, household, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, note, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 4, g_rand_int_range (rand, 0, 100000));
      sqlite3_bind_text (stmt, 5, "2026-03-15T10:00:00Z", -1, SQLITE_STATIC);
      check_rc (db, sqlite3_step (stmt), "insert");
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec (db, "COMMIT");
}

/* Two full scans and 10 000 point lookups; returns a checksum so the
 * compiler and SQLite cannot skip anything. */
static gint64
workload (sqlite3 *db,
          double  *scan_ms,
          double  *lookup_ms)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  sqlite3_stmt *stmt;
  gint64 sum = 0;
  double t0 = now_ms (), t1;

  check_rc (db, sqlite3_prepare_v2 (db, "SELECT count(*), sum(amount), sum(length(note)) "
                                        "FROM bench_rows", -1, &stmt, NULL), "prepare");
  check_rc (db, sqlite3_step (stmt), "scan");
  sum += sqlite3_column_int64 (stmt, 0) + sqlite3_column_int64 (stmt, 1)
         + sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  check_rc (db, sqlite3_prepare_v2 (db, "SELECT count(*) FROM bench_rows "
                                        "WHERE household LIKE '%straat 7%'", -1, &stmt, NULL),
            "prepare");
  check_rc (db, sqlite3_step (stmt), "scan");
  sum += sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  t1 = now_ms ();
  *scan_ms = t1 - t0;

  check_rc (db, sqlite3_prepare_v2 (db, "SELECT household, note, amount FROM bench_rows "
                                        "WHERE id = ?1", -1, &stmt, NULL), "prepare");
  for (int i = 0; i < LOOKUPS; i++)
    {
      sqlite3_bind_int (stmt, 1, g_rand_int_range (rand, 1, n_rows + 1));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("lookup: %s", sqlite3_errmsg (db));
      sum += sqlite3_column_bytes (stmt, 1) + sqlite3_column_int (stmt, 2);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  *lookup_ms = now_ms () - t1;
  return sum;
}

typedef sqlite3 *(*OpenFunc) (const char *path, const guint8 *key, const char *cache_pragma);

static sqlite3 *
open_team (const char   *path,
           const guint8 *key,
           const char   *cache_pragma)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ct_store_open (path, key, &error);

  if (db == NULL)
    g_error ("open: %s", error->message);
  if (cache_pragma != NULL)
    exec (db, cache_pragma);
  return db;
}

/* The same library, no key, the settings ct_store_open() uses. */
static sqlite3 *
open_plain (const char   *path,
            const guint8 *key,
            const char   *cache_pragma)
{
  sqlite3 *db = NULL;

  check_rc (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix"),
            "open plain");
  exec (db, "PRAGMA page_size = 4096;"
            "PRAGMA temp_store = MEMORY;"
            "PRAGMA secure_delete = ON;"
            "PRAGMA foreign_keys = ON;"
            "PRAGMA cache_size = -16384;"
            "PRAGMA journal_mode = DELETE;"
            "PRAGMA synchronous = FULL;");
  if (cache_pragma != NULL)
    exec (db, cache_pragma);
  exec (db, "SELECT count(*) FROM sqlite_master");
  return db;
}

typedef struct
{
  double warm_scan, warm_lookup, cold_scan, cold_lookup;
} Times;

static Times
measure (OpenFunc      open_func,
         const char   *path,
         const guint8 *key,
         const char   *cache_pragma,
         gint64       *check)
{
  g_autoptr(GArray) ws = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wl = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cl = g_array_new (FALSE, FALSE, sizeof (double));
  Times t;

  for (int i = 0; i < runs; i++)
    {
      sqlite3 *db = open_func (path, key, cache_pragma);
      double s, l;

      /* Cold: a fresh connection, nothing in SQLite's page cache (the
       * file itself is in the OS cache: decryption is what is measured). */
      *check = workload (db, &s, &l);
      g_array_append_val (cs, s);
      g_array_append_val (cl, l);

      /* Warm: the same connection again. */
      *check = workload (db, &s, &l);
      g_array_append_val (ws, s);
      g_array_append_val (wl, l);
      sqlite3_close_v2 (db);
    }

  t.warm_scan = median (ws);
  t.warm_lookup = median (wl);
  t.cold_scan = median (cs);
  t.cold_lookup = median (cl);
  return t;
}

static void
print_row (const char *what,
           double      enc,
           double      plain)
{
  double ratio = plain > 0 ? enc / plain : 0;

  printf ("  %-28s %9.2f ms %9.2f ms %7.2f×  %s\n", what, enc, plain, ratio,
          ratio <= 1.3 ? "met" : "MISSED");
}

static void
print_times (const char  *title,
             const Times *enc,
             const Times *plain)
{
  printf ("\n  %s\n", title);
  printf ("  %-28s %12s %12s %8s  %s\n", "", "encrypted", "plain", "ratio", "goal ≤ 1.3×");
  print_row ("warm: full scans", enc->warm_scan, plain->warm_scan);
  print_row ("warm: 10 000 lookups", enc->warm_lookup, plain->warm_lookup);
  print_row ("warm: workload", enc->warm_scan + enc->warm_lookup,
             plain->warm_scan + plain->warm_lookup);
  print_row ("cold: full scans", enc->cold_scan, plain->cold_scan);
  print_row ("cold: 10 000 lookups", enc->cold_lookup, plain->cold_lookup);
  print_row ("cold: workload", enc->cold_scan + enc->cold_lookup,
             plain->cold_scan + plain->cold_lookup);
}

static void
bench_reads (const char *dir)
{
  g_autofree char *team_path = g_build_filename (dir, "reads.casus", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "reads.sqlite", NULL);
  CtVaultCreateInfo info = { "Benchmark", LOGIN, "Bench Mark", CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) recovery = NULL;
  g_autoptr(CtSession) session = NULL;
  guint8 *key = ct_secure_alloc (CT_KEY_SIZE);
  sqlite3 *plain;
  gint64 enc_check = 0, plain_check = 0;
  GStatBuf st_team, st_plain;
  Times enc, pl;

  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);  /* only the reads matter here */
  if (!ct_vault_create (team_path, &info, &recovery, &error))
    g_error ("create: %s", error->message);
  session = ct_session_unlock (team_path, LOGIN, PASS, &error);
  if (session == NULL)
    g_error ("unlock: %s", error->message);
  fill (session->db);
  memcpy (key, session->db_key, CT_KEY_SIZE);
  ct_session_lock (session);

  plain = open_plain (plain_path, NULL, NULL);
  fill (plain);
  sqlite3_close_v2 (plain);

  g_stat (team_path, &st_team);
  g_stat (plain_path, &st_plain);

  printf ("\n(b) Reads: %d rows of about 200 bytes; team file %.1f MiB (%ld database pages), "
          "plain %.1f MiB (%ld pages); page size 4096 for both; median of %d runs\n",
          n_rows, (st_team.st_size - CT_VAULT_DB_OFFSET) / 1048576.0,
          (long) ((st_team.st_size - CT_VAULT_DB_OFFSET) / 4096), st_plain.st_size / 1048576.0,
          (long) (st_plain.st_size / 4096), runs);

  enc = measure (open_team, team_path, key, NULL, &enc_check);
  pl = measure (open_plain, plain_path, NULL, NULL, &plain_check);
  g_assert_cmpint (enc_check, ==, plain_check);
  print_times ("cache_size = -16384 (16 MiB, as ct_store_open() sets it)", &enc, &pl);

  /* Investigation: a page cache smaller than the table, so even the warm
   * workload decrypts pages again. */
  enc = measure (open_team, team_path, key, "PRAGMA cache_size = -2000", &enc_check);
  pl = measure (open_plain, plain_path, NULL, "PRAGMA cache_size = -2000", &plain_check);
  print_times ("cache_size = -2000 (2 MiB, SQLite's default)", &enc, &pl);

  /* What one page costs to decrypt and verify, from the cold scans. */
  {
    long pages = (long) ((st_team.st_size - CT_VAULT_DB_OFFSET) / 4096);
    double extra = enc.cold_scan - pl.cold_scan;

    printf ("\n  cold scan (2 MiB cache): %.2f ms more for %ld pages read, twice: about %.1f µs "
            "per 4 KiB page (AES-256-CBC + HMAC-SHA1 in SQLCipher 3.4.1)\n", extra, pages,
            extra * 1000.0 / (2 * pages));
  }

  ct_secure_free (key);
  g_unlink (team_path);
  g_unlink (plain_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean quick = FALSE;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows in the read table", "N" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Fewer runs and rows", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— team file benchmark");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (quick)
    {
      runs = 3;
      n_rows = 10000;
    }
  runs = MAX (runs, 1);

  if (!ct_init (&error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("ct-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  printf ("Casustafel team file benchmark (SQLCipher %s, libsodium %s)\n", sqlite3_libversion (),
          sodium_version_string ());
  bench_unlock (dir);
  bench_reads (dir);
  printf ("\n");

  g_rmdir (dir);
  return 0;
}
