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
 * The peer: the same rows (every household's area, every person's names,
 * every case's fields the list shows) copied into an unencrypted SQLite
 * database and read the obvious way, three SELECTs joined in memory into
 * one struct per case with the same strings and search key. Both reads
 * run ROUNDS times, interleaved, and the medians are compared: the ratio
 * is what encryption, authentication, category checks and the access log
 * cost the list. The peer does not look up overdue actions.
 *
 *   bench-case-list [N_HOUSEHOLDS [EXISTING_DEMO_TEAM]]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "bench-common.h"
#include "ct-case-filter.h"
#include "ct-case-item.h"
#include "ct-core.h"
#include "ct-demo.h"

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
      ms = bench_ms_since (start);
      *worst = MAX (*worst, ms);
      *total += ms;
      (*n_keys)++;
      if (i == len)
        g_print ("  \"%s\": %u matches, %.2f ms\n", query, n, ms);
    }
}

#define ROUNDS 5

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *stmt;
} Copy;

static gboolean
copy_row (const CtScanRow *row,
          gpointer         data,
          GError         **error)
{
  Copy *copy = data;
  int n = sqlite3_bind_parameter_count (copy->stmt);

  sqlite3_bind_int64 (copy->stmt, 1, row->id);
  for (int i = 2; i <= n; i++)
    sqlite3_bind_text (copy->stmt, i, row->values[i - 2], -1, SQLITE_TRANSIENT);
  if (sqlite3_step (copy->stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (copy->db));
  sqlite3_reset (copy->stmt);
  return TRUE;
}

static void
copy_table (CtSession          *session,
            sqlite3            *db,
            const char         *table,
            const char * const *fields,
            const char         *insert)
{
  g_autoptr(GError) error = NULL;
  Copy copy = { db, NULL };

  if (sqlite3_prepare_v2 (db, insert, -1, &copy.stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  if (!ct_session_scan (session, table, fields, copy_row, &copy, &error))
    g_error ("%s", error->message);
  sqlite3_finalize (copy.stmt);
}

/* The peer's database: what the list reads, in plain columns. */
static char *
make_peer (CtSession  *session,
           const char *dir)
{
  static const char * const household_fields[] = { "area", NULL };
  static const char * const person_fields[] = { "household_id", "first_name", "last_name", NULL };
  static const char * const case_fields[] = { "household_id", "number", "status",
                                              "referral_date", "domains", NULL };
  char *path = g_build_filename (dir, "peer.sqlite", NULL);
  sqlite3 *db;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  exec_or_die (db, "CREATE TABLE households (id INTEGER PRIMARY KEY, area TEXT);"
                   "CREATE TABLE persons (id INTEGER PRIMARY KEY, household_id INTEGER, "
                   "  first_name TEXT, last_name TEXT);"
                   "CREATE INDEX persons_household ON persons (household_id, id);"
                   "CREATE TABLE cases (id INTEGER PRIMARY KEY, household_id INTEGER, "
                   "  number TEXT, status TEXT, referral_date TEXT, domains TEXT);"
                   "BEGIN");
  copy_table (session, db, "households", household_fields,
              "INSERT INTO households VALUES (?1, ?2)");
  copy_table (session, db, "persons", person_fields,
              "INSERT INTO persons VALUES (?1, ?2, ?3, ?4)");
  copy_table (session, db, "cases", case_fields,
              "INSERT INTO cases VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  exec_or_die (db, "COMMIT");
  sqlite3_close (db);
  return path;
}

typedef struct
{
  gint64  id;
  char   *number;
  char   *name;
  char   *status;
  char   *area;
  char   *domains;
  char   *referral_date;
  char   *search_key;
} PeerItem;

static void
peer_item_free (gpointer mem)
{
  PeerItem *item = mem;

  g_free (item->number);
  g_free (item->name);
  g_free (item->status);
  g_free (item->area);
  g_free (item->domains);
  g_free (item->referral_date);
  g_free (item->search_key);
  g_free (item);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i) ?: "");
}

/* The obvious read: three SELECTs, joined in hash tables. */
static guint
read_peer (const char *path)
{
  g_autoptr(GHashTable) areas = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (peer_item_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_prepare_v2 (db, "SELECT id, area FROM households", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (areas, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                           sizeof (gint64)), column_dup (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT household_id, first_name, last_name FROM persons "
                          "ORDER BY household_id, id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 household = sqlite3_column_int64 (stmt, 0);

      if (!g_hash_table_contains (names, &household))
        g_hash_table_insert (names, g_memdup2 (&household, sizeof household),
                             g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 1) ?: (const guchar *) "",
                                              sqlite3_column_text (stmt, 2) ?: (const guchar *) ""));
    }
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT id, household_id, number, status, referral_date, domains "
                          "FROM cases ORDER BY id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PeerItem *item = g_new0 (PeerItem, 1);
      gint64 household = sqlite3_column_int64 (stmt, 1);
      g_autofree char *key = NULL;

      item->id = sqlite3_column_int64 (stmt, 0);
      item->number = column_dup (stmt, 2);
      item->status = column_dup (stmt, 3);
      item->referral_date = column_dup (stmt, 4);
      item->domains = column_dup (stmt, 5);
      item->area = g_strdup (g_hash_table_lookup (areas, &household) ?: "");
      item->name = g_strdup (g_hash_table_lookup (names, &household) ?: "");
      key = g_strjoin (" ", item->number, item->name, item->status, item->area, item->domains,
                       NULL);
      item->search_key = g_utf8_casefold (key, -1);
      g_ptr_array_add (items, item);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return items->len;
}

/* Ours and the peer, interleaved. */
static void
bench_peer (CtSession  *session,
            const char *login)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-case-list-peer-XXXXXX", NULL);
  g_autofree char *peer = make_peer (session, dir);
  double ours[ROUNDS], theirs[ROUNDS];
  guint n_ours = 0, n_theirs = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) items = NULL;
      gint64 start = g_get_monotonic_time ();

      items = ct_case_item_load_all (session, &error);
      if (items == NULL)
        g_error ("%s", error->message);
      n_ours = items->len;
      ours[round] = bench_ms_since (start);
      start = g_get_monotonic_time ();
      n_theirs = read_peer (peer);
      theirs[round] = bench_ms_since (start);
    }
  g_print ("%s: %u cases read and joined, median of %u interleaved rounds: %.0f ms; plain SQLite "
           "peer (%u cases): %.0f ms; ratio %.2f\n", login, n_ours, ROUNDS,
           bench_median (ours, ROUNDS), n_theirs, bench_median (theirs, ROUNDS),
           bench_median (ours, ROUNDS) / MAX (bench_median (theirs, ROUNDS), 0.001));
  g_unlink (peer);
  g_rmdir (dir);
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
  g_print ("%s: read and joined %u cases in %.0f ms\n", login, items->len, bench_ms_since (start));

  start = g_get_monotonic_time ();
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  filtered = gtk_filter_list_model_new (
    G_LIST_MODEL (gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)),
                                           GTK_SORTER (gtk_custom_sorter_new (compare_number,
                                                                              NULL, NULL)))),
    GTK_FILTER (g_object_ref (filter)));
  g_print ("%s: sorted model of %u rows in %.1f ms\n", login,
           g_list_model_get_n_items (G_LIST_MODEL (filtered)), bench_ms_since (start));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    type_word (filter, G_LIST_MODEL (filtered), words[i], &worst, &total, &n_keys);
  g_print ("%s: %u keystrokes, mean %.2f ms, worst %.2f ms (goal < 16 ms)\n", login, n_keys,
           total / n_keys, worst);
  bench_peer (session, login);

  ct_session_lock (session);
}

int
main (int   argc,
      char *argv[])
{
  return bench_demo_main ("bench-case-list", argc, argv, bench_role);
}
