/* bench-involved.c — the households a member is involved in, at unlock
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Unlocks a copy of a team as one login, --runs times, and prints the
 * size and a checksum of the involved set the unlock worked out
 * (_ct_session_prepare_involvement()), so that two builds or two shapes
 * of a team can be compared. Measured with callgrind's instruction
 * counts, not with a clock:
 *
 *   valgrind --tool=callgrind --toggle-collect=_ct_session_prepare_involvement \
 *     build/tests/bench/bench-involved --team COPY.casus --login politie
 *
 * --random-ids OUT writes a copy of the team whose cases have the ids a
 * synced replica gives new rows (docs/sync-merge.md, "Identity of rows":
 * milliseconds since 2020 above 22 random bits), in the same order, every
 * row that names a case renamed with it. Only the ids change: the cases'
 * sealed fields, bound to their old ids, no longer open in that copy, so
 * it is for measuring the lookups by id, nothing else. The bench may use
 * the core's internals: it needs the session's connection. A given team
 * is copied first, never written. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "ct-core.h"
#include "ct-demo.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-store.h"

static void
exec (sqlite3    *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!ct_store_exec (db, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static char *
copy_team (const char *dir,
           const char *team,
           const char *name)
{
  g_autoptr(GFile) from = g_file_new_for_path (team);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    g_error ("copy: %s", error->message);
  return g_steal_pointer (&path);
}

static CtSession *
unlock (const char *path,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, login, CT_DEMO_PASSPHRASE, &error);

  if (session == NULL)
    g_error ("unlock: %s", error->message);
  return session;
}

/* The tables with a case_id column that names a case. */
static GPtrArray *
case_tables (sqlite3 *db)
{
  g_autoptr(CtStmt) tables = ct_store_prepare (db, "SELECT name FROM sqlite_master "
                                                   "WHERE type = 'table'", NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list (%s)", name);
      g_autoptr(CtStmt) keys = ct_store_prepare (db, sql, NULL);

      while (sqlite3_step (keys) == SQLITE_ROW)
        if (g_str_equal ((const char *) sqlite3_column_text (keys, 2), "cases"))
          g_ptr_array_add (out, g_strdup_printf ("%s.%s", name,
                                                 (const char *) sqlite3_column_text (keys, 3)));
    }
  return out;
}

static void
make_random_ids (const char *team,
                 const char *out)
{
  g_autoptr(GFile) from = g_file_new_for_path (team);
  g_autoptr(GFile) to = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSession) session = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  g_autoptr(CtStmt) ids = NULL;
  g_autoptr(CtStmt) put = NULL;
  gint64 ms = G_GINT64_CONSTANT (220000000000);  /* Some seven years after 2020 */

  if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
    g_error ("copy: %s", error->message);
  session = unlock (out, "regisseur");

  exec (session->db, "PRAGMA foreign_keys = OFF");
  exec (session->db, "BEGIN IMMEDIATE");
  exec (session->db, "CREATE TEMP TABLE new_ids (old INTEGER PRIMARY KEY, new INTEGER)");
  ids = ct_store_prepare (session->db, "SELECT id FROM cases ORDER BY id", NULL);
  put = ct_store_prepare (session->db, "INSERT INTO new_ids VALUES (?1, ?2)", NULL);
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      ms += g_rand_int_range (rand, 1, 60000);
      sqlite3_reset (put);
      sqlite3_bind_int64 (put, 1, sqlite3_column_int64 (ids, 0));
      sqlite3_bind_int64 (put, 2, (ms << 22) | g_rand_int_range (rand, 0, 1 << 22));
      if (sqlite3_step (put) != SQLITE_DONE)
        g_error ("new id: %s", sqlite3_errmsg (session->db));
    }
  exec (session->db, "UPDATE cases SET id = (SELECT new FROM new_ids WHERE old = cases.id)");
  tables = case_tables (session->db);
  for (guint i = 0; i < tables->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (tables, i), ".", 2);
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = (SELECT new FROM new_ids "
                                              "WHERE old = %s.%s)", parts[0], parts[1],
                                              parts[0], parts[1]);

      exec (session->db, sql);
      printf ("renamed the cases in %s\n", (const char *) g_ptr_array_index (tables, i));
    }
  exec (session->db, "DROP TABLE new_ids");
  exec (session->db, "COMMIT");
  exec (session->db, "PRAGMA foreign_keys = ON");
  printf ("%s: cases renumbered, max(id) %" G_GINT64_FORMAT "\n", out,
          ct_store_row_max_id (session->db, ct_schema_get_table ("cases")));
}

static void
unlock_runs (const char *team,
             const char *login,
             int         runs)
{
  for (int i = 0; i < runs; i++)
    {
      g_autoptr(CtSession) session = unlock (team, login);
      guint64 sum = 0;
      GHashTableIter iter;
      gpointer key;
      guint n = 0;

      if (session->involved != NULL)
        {
          g_hash_table_iter_init (&iter, session->involved);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            sum += (guint64) *(gint64 *) key * 2654435761u;
          n = g_hash_table_size (session->involved);
        }
      printf ("%s: %u households involved, checksum %016" G_GINT64_MODIFIER "x, "
              "the agenda's other cases %s\n", login, n, sum,
              (const char *[]) { "none", "in a pass", "looked up" }
                [ct_store_get_involved_lookups_for_testing () + 1]);
    }
}

/* What deciding costs when the agenda's cases are then looked up, not
 * passed over: the statement @sql alone on a fresh unlock whose
 * involvement read nothing of cases_household_id (the regisseur's own
 * cases come through cases_regisseur). For callgrind:
 * --toggle-collect=measure_statement. */
static G_GNUC_NO_INLINE gint64
measure_statement (CtSession  *session,
                   const char *sql)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (session->db, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: %s", sql, sqlite3_errmsg (session->db));
  return sqlite3_column_int64 (stmt, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *team = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *random_ids = NULL;
  g_autofree char *login = NULL;
  g_autofree char *measure = NULL;
  int runs = 1;
  GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_FILENAME, &team, "A demo team (copied first)", "FILE" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, "The login to unlock as", "LOGIN" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Unlocks", "N" },
    { "measure", 0, 0, G_OPTION_ARG_STRING, &measure,
      "After the regisseur's unlock, run the statement SQL once (measure_statement())", "SQL" },
    { "random-ids", 0, 0, G_OPTION_ARG_FILENAME, &random_ids,
      "Write a copy of the team with random case ids to FILE", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the involved households");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (team == NULL || (login == NULL && random_ids == NULL && measure == NULL))
    g_error ("--team and --login, --measure or --random-ids");

  dir = g_dir_make_tmp ("ct-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  /* A device record of its own, as bench-vault. */
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  if (!ct_init (&error))
    g_error ("%s", error->message);

  if (random_ids != NULL)
    make_random_ids (team, random_ids);
  else if (measure != NULL)
    {
      g_autoptr(CtSession) session = NULL;

      copy = copy_team (dir, team, "team.casus");
      session = unlock (copy, "regisseur");
      printf ("%s: %" G_GINT64_FORMAT "\n", measure, measure_statement (session, measure));
    }
  else
    {
      copy = copy_team (dir, team, "team.casus");
      unlock_runs (copy, login, MAX (runs, 1));
    }
  bench_remove_tree (dir);  /* the copy, and the device record the unlocks left */
  return 0;
}
