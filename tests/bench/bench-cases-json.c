/* bench-cases-json.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `casustafel-cli cases --json` against a plain SQLite peer that writes
 * the same JSON. Ours is the command's own code (ct_cli_print_cases_json()),
 * after the unlock, so Argon2id is not in the figure. The peer: every
 * field the command prints, copied into an unencrypted database (a case's
 * domain sets already joined, and per row a mask of the fields the member
 * may not read), walked the same way (cases and persons in household
 * order, households by id, one household at a time) and written with the
 * same JSON writer. Both outputs are compared byte for byte before
 * anything is timed; the bench fails when they differ. Then ROUNDS rounds,
 * ours and the peer interleaved, into /dev/null; medians of wall-clock and
 * of CPU time (which a loaded machine disturbs less) and their ratios.
 * Each of our rounds starts with an empty page cache, as the command does
 * in a process of its own (and the case list in a reader's connection),
 * and the peer opens its file afresh: at 1 000 households the session's
 * 16 MiB cache would otherwise keep every page of the three tables
 * decrypted from one round to the next, which at 10 000 it cannot, and
 * the cost per household would seem to grow with the team
 * (docs/performance.md). The same listing again with the cache kept is
 * reported beside it ("warm").
 * The ratio is what encryption, authentication, category checks and the
 * access log cost the listing (goal: at most 2).
 *
 *   bench-cases-json [N_HOUSEHOLDS [EXISTING_DEMO_TEAM]]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-common.h"
#include "ct-cli-data.h"
#include "ct-cli-json.h"
#include "ct-core.h"
#include "ct-demo.h"
#include "ct-session-private.h"

#define ROUNDS 7

static const char * const tables[] = { "households", "persons", "cases" };

/* The process's CPU time in ms: on a loaded machine the wall clock
 * measures the other processes too. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A line of /proc/self/status in MB: VmRSS now, VmHWM the peak since
 * reset_peak_rss(). */
static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, key)) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen (key), NULL) / 1024;
}

/* Lets VmHWM measure from here (proc(5), clear_refs: 5). */
static void
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f == NULL || fputs ("5", f) < 0 || fclose (f) != 0)
    g_error ("Cannot reset the peak RSS through /proc/self/clear_refs");
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Whether the command prints @field of @table as a column of its own: a
 * case's domain sets go out joined, as "domains". */
static gboolean
printed (const CtTable *table,
         const CtField *field)
{
  return !(g_str_equal (table->name, "cases") && g_str_has_prefix (field->name, "domains_"));
}

typedef struct
{
  const CtTable *table;
  sqlite3       *db;
  sqlite3_stmt  *stmt;
  int            domains[8];
} Copy;

static gboolean
copy_row (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Copy *copy = data;
  gint64 mask = 0;
  int column = 3;

  sqlite3_bind_int64 (copy->stmt, 1, row->id);
  for (guint i = 0; i < copy->table->n_fields; i++)
    {
      const CtField *field = &copy->table->fields[i];

      if (!printed (copy->table, field))
        continue;
      if (row->restricted[i])
        mask |= G_GINT64_CONSTANT (1) << (column - 3);
      if (copy->domains[0] == (int) i)
        {
          const char *sets[8] = { NULL };

          for (guint s = 0; ct_case_domain_fields[s] != NULL; s++)
            sets[s] = row->values[copy->domains[s]];
          sqlite3_bind_text (copy->stmt, column, ct_domains_join (sets), -1, g_free);
        }
      else if (row->restricted[i] || row->values[i] == NULL)
        sqlite3_bind_null (copy->stmt, column);
      else if (ct_field_is_integer (field))
        sqlite3_bind_int64 (copy->stmt, column, row->numbers[i]);
      else
        sqlite3_bind_text (copy->stmt, column, row->values[i], -1, SQLITE_TRANSIENT);
      column++;
    }
  sqlite3_bind_int64 (copy->stmt, 2, mask);
  if (sqlite3_step (copy->stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (copy->db));
  sqlite3_reset (copy->stmt);
  return TRUE;
}

static void
copy_table (CtSession  *session,
            sqlite3    *db,
            const char *name)
{
  const CtTable *table = ct_schema_get_table (name);
  g_autoptr(GString) create = g_string_new (NULL);
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autofree const char **fields = g_new0 (const char *, table->n_fields + 1);
  g_autoptr(GError) error = NULL;
  Copy copy = { table, db, NULL, { -1, -1, -1, -1, -1, -1, -1, -1 } };
  guint n_printed = 0;

  g_string_printf (create, "CREATE TABLE %s (id INTEGER PRIMARY KEY, restricted INTEGER",
                   table->name);
  g_string_printf (insert, "INSERT INTO %s VALUES (?, ?", table->name);
  for (guint i = 0; i < table->n_fields; i++)
    {
      fields[i] = table->fields[i].name;
      if (!printed (table, &table->fields[i]))
        continue;
      g_string_append_printf (create, ", \"%s\" %s", table->fields[i].name,
                              ct_field_is_integer (&table->fields[i]) ? "INTEGER" : "TEXT");
      g_string_append (insert, ", ?");
      n_printed++;
    }
  g_assert_cmpuint (n_printed, <, 63);
  g_string_append (create, ")");
  g_string_append (insert, ")");
  exec_or_die (db, create->str);
  if (g_str_equal (name, "cases"))
    for (guint s = 0; ct_case_domain_fields[s] != NULL; s++)
      copy.domains[s] = ct_table_get_field_index (table, ct_case_domain_fields[s]);
  if (sqlite3_prepare_v2 (db, insert->str, -1, &copy.stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  if (!ct_session_scan (session, name, fields, copy_row, &copy, &error))
    g_error ("%s", error->message);
  sqlite3_finalize (copy.stmt);
}

static char *
make_peer (CtSession  *session,
           const char *dir)
{
  char *path = g_build_filename (dir, "peer.sqlite", NULL);
  sqlite3 *db;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  exec_or_die (db, "BEGIN");
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    copy_table (session, db, tables[t]);
  exec_or_die (db, "CREATE INDEX persons_household ON persons (household_id, id);"
                   "CREATE INDEX cases_household ON cases (household_id, id);"
                   "COMMIT");
  sqlite3_close (db);
  return path;
}

/* One table of the peer walked in order, and how its columns print. */
typedef struct
{
  const CtTable  *table;
  sqlite3_stmt   *stmt;
  gboolean        row;        /* a current row */
  const CtField **columns;    /* the printed fields, in column order from 2 */
  guint           n_columns;
  int             household;  /* column of household_id, or 0: the id */
} PeerWalk;

static void
peer_open (PeerWalk   *w,
           sqlite3    *db,
           const char *name,
           const char *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", name, order);

  w->table = ct_schema_get_table (name);
  w->columns = g_new0 (const CtField *, w->table->n_fields);
  w->n_columns = 0;
  w->household = 0;
  for (guint i = 0; i < w->table->n_fields; i++)
    if (printed (w->table, &w->table->fields[i]))
      {
        if (g_str_equal (w->table->fields[i].name, "household_id"))
          w->household = (int) w->n_columns + 2;
        w->columns[w->n_columns++] = &w->table->fields[i];
      }
  if (sqlite3_prepare_v2 (db, sql, -1, &w->stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  w->row = sqlite3_step (w->stmt) == SQLITE_ROW;
}

static void
peer_close (PeerWalk *w)
{
  sqlite3_finalize (w->stmt);
  g_free (w->columns);
}

static gint64
peer_household (PeerWalk *w)
{
  return sqlite3_column_int64 (w->stmt, w->household);
}

static void
peer_fields (CtJson   *json,
             PeerWalk *w)
{
  gint64 mask = sqlite3_column_int64 (w->stmt, 1);

  ct_json_key (json, "id");
  ct_json_int (json, sqlite3_column_int64 (w->stmt, 0));
  for (guint c = 0; c < w->n_columns; c++)
    {
      const CtField *field = w->columns[c];
      int column = (int) c + 2;

      ct_json_key (json, field->name);
      if (mask & (G_GINT64_CONSTANT (1) << c))
        {
          ct_json_begin_object (json);
          ct_json_key (json, "restricted");
          ct_json_bool (json, TRUE);
          if (!field->by_row)
            {
              ct_json_key (json, "category");
              ct_json_string (json, ct_category_to_string (field->category));
            }
          ct_json_end_object (json);
        }
      else if (sqlite3_column_type (w->stmt, column) == SQLITE_NULL)
        ct_json_null (json);
      else if (ct_field_is_integer (field))
        ct_json_int (json, sqlite3_column_int64 (w->stmt, column));
      else if (field->type == CT_FIELD_BOOL)
        ct_json_bool (json, g_str_equal ((const char *) sqlite3_column_text (w->stmt, column),
                                         "true"));
      else
        ct_json_string (json, (const char *) sqlite3_column_text (w->stmt, column));
    }
}

static void
peer_next (PeerWalk *w)
{
  w->row = sqlite3_step (w->stmt) == SQLITE_ROW;
}

/* The household @id and its persons, as the command writes them. */
static void
peer_household_json (PeerWalk *households,
                     PeerWalk *persons,
                     gint64    id,
                     GString  *household_json,
                     GString  *persons_json)
{
  g_autoptr(CtJson) h = ct_json_new ();
  g_autoptr(CtJson) p = ct_json_new ();
  g_autofree char *text = NULL;

  while (households->row && sqlite3_column_int64 (households->stmt, 0) < id)
    peer_next (households);
  if (households->row && sqlite3_column_int64 (households->stmt, 0) == id)
    {
      ct_json_begin_object (h);
      peer_fields (h, households);
      ct_json_end_object (h);
    }
  else
    ct_json_null (h);

  while (persons->row && peer_household (persons) < id)
    peer_next (persons);
  ct_json_begin_array (p);
  for (; persons->row && peer_household (persons) == id; peer_next (persons))
    {
      ct_json_begin_object (p);
      peer_fields (p, persons);
      ct_json_end_object (p);
    }
  ct_json_end_array (p);

  text = ct_json_finish (h);
  g_string_assign (household_json, text);
  g_clear_pointer (&text, g_free);
  text = ct_json_finish (p);
  g_string_assign (persons_json, text);
}

static void
peer_json (const char *path,
           FILE       *out)
{
  g_autoptr(CtJson) json = ct_json_new ();
  g_autoptr(GString) household_json = g_string_new (NULL);
  g_autoptr(GString) persons_json = g_string_new (NULL);
  PeerWalk cases, households, persons;
  gint64 current = -1;
  sqlite3 *db;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  peer_open (&cases, db, "cases", "household_id, id");
  peer_open (&households, db, "households", "id");
  peer_open (&persons, db, "persons", "household_id, id");

  ct_json_begin_array (json);
  for (; cases.row; peer_next (&cases))
    {
      gint64 household = peer_household (&cases);

      if (household != current)
        {
          peer_household_json (&households, &persons, household, household_json,
                               persons_json);
          current = household;
          ct_json_flush (json, out);
        }
      ct_json_begin_object (json);
      peer_fields (json, &cases);
      ct_json_key (json, "household");
      ct_json_value (json, household_json);
      ct_json_key (json, "persons");
      ct_json_value (json, persons_json);
      ct_json_end_object (json);
    }
  ct_json_end_array (json);
  ct_json_flush (json, out);
  fputc ('\n', out);

  peer_close (&cases);
  peer_close (&households);
  peer_close (&persons);
  sqlite3_close (db);
}

static void
ours_json (CtSession *session,
           FILE      *out)
{
  g_autoptr(GError) error = NULL;

  if (!ct_cli_print_cases_json (session, out, &error))
    g_error ("%s", error->message);
}

/* Both outputs, byte for byte: the peer must do the same work. */
static gsize
check_same (CtSession  *session,
            const char *peer)
{
  char *ours = NULL, *theirs = NULL;
  size_t n_ours = 0, n_theirs = 0;
  FILE *out;

  out = open_memstream (&ours, &n_ours);
  ours_json (session, out);
  fclose (out);
  out = open_memstream (&theirs, &n_theirs);
  peer_json (peer, out);
  fclose (out);
  if (n_ours != n_theirs || memcmp (ours, theirs, n_ours) != 0)
    g_error ("The peer's JSON differs from ours (%zu and %zu bytes)", n_theirs, n_ours);
  free (ours);
  free (theirs);
  return n_ours;
}

/* The households the peer holds: every one the member may list. */
static double
count_households (const char *peer)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double n = 0;

  if (sqlite3_open_v2 (peer, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT count(*) FROM households", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* For `build-aux/dev bench --scale` (bench_figure()). */
static void
report_figures (const char   *login,
                const char   *peer,
                gsize         size,
                const double *ours,
                const double *theirs,
                const double *ours_cpu,
                const double *theirs_cpu,
                const double *warm_cpu,
                double        peak,
                double        rss)
{
  g_autofree char *prefix = g_strconcat ("cases-json.", login, ".", NULL);
  double ours_ms = bench_median (ours_cpu, ROUNDS), theirs_ms = bench_median (theirs_cpu, ROUNDS);
  const struct { const char *key; double value; } figures[] = {
    { "households", count_households (peer) },
    { "json-mb", size / 1e6 },
    { "ours-wall-ms", bench_median (ours, ROUNDS) },
    { "peer-wall-ms", bench_median (theirs, ROUNDS) },
    { "ours-cpu-ms", ours_ms },
    { "peer-cpu-ms", theirs_ms },
    { "cpu-ratio", ours_ms / MAX (theirs_ms, 0.001) },
    { "warm-cpu-ms", bench_median (warm_cpu, ROUNDS) },
    { "peak-rss-mb", peak },
    { "session-rss-mb", rss },
  };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *key = g_strconcat (prefix, figures[i].key, NULL);

      bench_figure (key, figures[i].value);
    }
}

static void
bench_role (const char *path,
            const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = ct_session_unlock (path, login, CT_DEMO_PASSPHRASE, &error);
  g_autofree char *dir = g_dir_make_tmp ("bench-cases-json-peer-XXXXXX", NULL);
  g_autofree char *peer = NULL;
  double ours[ROUNDS], theirs[ROUNDS], ours_cpu[ROUNDS], theirs_cpu[ROUNDS], warm_cpu[ROUNDS];
  FILE *null = fopen ("/dev/null", "w");
  double rss, peak, sqlite_peak;
  sqlite3_int64 sqlite_before;
  gsize size;

  if (session == NULL)
    g_error ("Could not unlock as %s: %s", login, error->message);

  /* What the first listing after the unlock, as the command makes it,
   * holds at its peak beyond what the session held (the page cache it
   * fills included): flat in the number of households when nothing
   * holds the whole list. */
  reset_peak_rss ();
  rss = status_mb ("VmRSS:");
  sqlite_before = sqlite3_memory_used ();
  sqlite3_memory_highwater (TRUE);
  ours_json (session, null);
  peak = status_mb ("VmHWM:") - rss;
  sqlite_peak = (sqlite3_memory_highwater (FALSE) - sqlite_before) / 1048576.0;

  peer = make_peer (session, dir);
  size = check_same (session, peer);

  for (guint round = 0; round < ROUNDS; round++)
    {
      gint64 start;
      double cpu;

      /* Cold, as a new process of the command: no page decrypted yet. */
      sqlite3_db_release_memory (session->db);
      start = g_get_monotonic_time ();
      cpu = cpu_ms ();
      ours_json (session, null);
      ours[round] = bench_ms_since (start);
      ours_cpu[round] = cpu_ms () - cpu;
      cpu = cpu_ms ();
      ours_json (session, null);
      warm_cpu[round] = cpu_ms () - cpu;
      start = g_get_monotonic_time ();
      cpu = cpu_ms ();
      peer_json (peer, null);
      theirs[round] = bench_ms_since (start);
      theirs_cpu[round] = cpu_ms () - cpu;
    }
  g_print ("%s: cases --json, %.1f MB, identical to the peer's; medians of %u interleaved "
           "rounds:\n  wall: ours %.0f ms, plain SQLite peer %.0f ms, ratio %.2f\n"
           "  CPU:  ours %.0f ms, plain SQLite peer %.0f ms, ratio %.2f (goal <= 2)\n", login,
           size / 1e6, ROUNDS, bench_median (ours, ROUNDS), bench_median (theirs, ROUNDS),
           bench_median (ours, ROUNDS) / MAX (bench_median (theirs, ROUNDS), 0.001),
           bench_median (ours_cpu, ROUNDS), bench_median (theirs_cpu, ROUNDS),
           bench_median (ours_cpu, ROUNDS) / MAX (bench_median (theirs_cpu, ROUNDS), 0.001));
  g_print ("  warm (the page cache kept from the round before): ours %.0f ms CPU, ratio %.2f\n",
           bench_median (warm_cpu, ROUNDS),
           bench_median (warm_cpu, ROUNDS) / MAX (bench_median (theirs_cpu, ROUNDS), 0.001));
  g_print ("  memory: the first listing's peak RSS %.1f MB above the unlocked session's "
           "%.1f MB, of which SQLite (its page cache, at most 16 MiB) %.1f MB\n", peak, rss,
           sqlite_peak);
  report_figures (login, peer, size, ours, theirs, ours_cpu, theirs_cpu, warm_cpu, peak, rss);
  fclose (null);
  ct_session_lock (session);
  g_unlink (peer);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  return bench_demo_main ("bench-cases-json", argc, argv, bench_role);
}
