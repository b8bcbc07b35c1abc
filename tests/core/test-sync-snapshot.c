/* test-sync-snapshot.c — snapshots of a replica in the sync folder, and
 * compaction of a replica's own change files
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-read-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define PASS CT_SYNC_TEST_PASS

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

typedef CtSyncTestTeam Fixture;

static gint64
add_person (CtSession  *session,
            gint64      household,
            const char *first,
            const char *last,
            const char *bsn)
{
  g_autoptr(CtRecord) person = ct_record_new ("persons");

  ct_record_set_int (person, "household_id", household);
  ct_record_set (person, "first_name", first);
  ct_record_set (person, "last_name", last);
  ct_record_set (person, "bsn", bsn);
  return ct_core_test_insert (session, person);
}

/* @reader reads @writer's newest snapshot: 1 and what it covers of
 * @writer, or -1 and the error. */
static int
read_snapshot (CtSession  *reader,
               CtSession  *writer,
               const char *folder,
               CtSyncFile *snapshot,
               GError    **error)
{
  g_autofree char *dir = ct_sync_test_device_dir (writer, folder);
  CtSyncState state = ct_sync_test_state_of (reader);
  CtSyncState writer_state = ct_sync_test_state_of (writer);

  return _ct_session_sync_read_snapshot (reader, &state, dir, writer_state.device, snapshot,
                                         error);
}

/* One number from the snapshot's database, which the payload's key opens
 * as a standard SQLCipher file. */
static gint64
snapshot_count (const CtSyncFile *snapshot,
                const char       *dir,
                const char       *sql)
{
  g_autofree char *path = g_build_filename (dir, "opened.db", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, "?vfs=unix", NULL);
  g_autofree char *pragma = NULL;
  char hex[2 * CT_KEY_SIZE + 1];
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize len;
  const guint8 *payload = g_bytes_get_data (snapshot->changes, &len);
  gint64 n;

  g_assert_cmpuint (len, >, CT_KEY_SIZE);
  g_assert_true (g_file_set_contents (path, (const char *) payload + CT_KEY_SIZE,
                                      (gssize) (len - CT_KEY_SIZE), NULL));
  sodium_bin2hex (hex, sizeof hex, payload, CT_KEY_SIZE);
  pragma = g_strdup_printf ("PRAGMA key = \"x'%s'\";", hex);
  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_unlink (path);
  return n;
}

static char *
snapshot_path (CtSession  *session,
               const char *folder,
               guint64     number)
{
  g_autofree char *dir = ct_sync_test_device_dir (session, folder);
  g_autofree char *name = g_strdup_printf ("snapshot-%012" G_GUINT64_FORMAT ".ctsnap", number);

  return g_build_filename (dir, name, NULL);
}

/* A snapshot on request: only once every change is in a change file,
 * named after the last one, sealed (no name or BSN in its bytes), read
 * back by another replica with what it covers, its database whole and
 * without this laptop's own record; one per position, the older removed;
 * flipped, renamed or of another kind, it is refused naming the file. */
static void
test_snapshot (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *a_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *names = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *status = NULL;
  CtSyncFile snapshot;
  guint64 number = 0;
  gsize len;

  add_person (a, f->household, "Zwaantje", "Qvanderzandt", "111222333");
  g_assert_false (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "sync first"));
  g_clear_error (&error);

  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  g_assert_true (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (number, ==, 1);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000001.ctsnap");

  path = snapshot_path (a, f->folder, 1);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  g_assert_cmpmem (bytes, 8, "CTSNAP01", 8);
  g_assert_false (ct_sync_test_holds (bytes, len, "Qvanderzandt"));
  g_assert_false (ct_sync_test_holds (bytes, len, "Zwaantje"));
  g_assert_false (ct_sync_test_holds (bytes, len, "111222333"));
  g_assert_false (ct_sync_test_holds (bytes, len, "Eerste samenvatting"));
  g_assert_false (ct_sync_test_holds (bytes, len, "persons"));
  g_assert_false (ct_sync_test_holds (bytes, len, "SQLite format"));
  g_assert_false (ct_sync_test_holds (bytes, len, f->folder));

  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot.seq, ==, 1);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM persons"), ==,
                   1);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM cases"), ==, 1);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM sync_local"),
                   ==, 0);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM sync_pending"),
                   ==, 0);
  /* The writer's access log stays on its laptop; the schema's number
   * travels. */
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM access_log"),
                   ==, 0);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "SELECT count (*) FROM log_anchors"),
                   ==, 0);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir, "PRAGMA user_version"), >, 10);
  _ct_session_sync_snapshot_clear (&snapshot);

  /* Nothing new: the same snapshot. A new change file: a new one, the
   * older gone. */
  g_assert_true (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_cmpuint (number, ==, 1);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Tweede samenvatting");
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_true (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (number, ==, 2);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000002.ctsnap");
  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, 1);
  g_assert_cmpuint (snapshot.seq, ==, 2);
  _ct_session_sync_snapshot_clear (&snapshot);

  /* Flipped: one byte of the ciphertext. */
  g_free (path), g_free (bytes);
  path = snapshot_path (a, f->folder, 2);
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  bytes[CT_SYNC_HEADER_SIZE + 40] ^= 0x01;
  g_assert_true (g_file_set_contents (path, bytes, (gssize) len, NULL));
  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, -1);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "snapshot-000000000002.ctsnap"));
  g_clear_error (&error);
  bytes[CT_SYNC_HEADER_SIZE + 40] ^= 0x01;

  /* Renamed under a later number: replayed. */
  moved = snapshot_path (a, f->folder, 7);
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, -1);
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "snapshot-000000000007.ctsnap"));
  g_assert_nonnull (strstr (error->message, "replayed"));
  g_clear_error (&error);
  g_unlink (moved);

  /* A status file under a snapshot's name. */
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "status-");
  status = g_build_filename (a_dir, names, NULL);
  g_assert_true (g_file_test (status, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rename (status, path), ==, 0);
  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, -1);
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE);
  g_assert_nonnull (strstr (error->message, "snapshot-000000000002.ctsnap"));
  g_clear_error (&error);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* A sync writes a snapshot by itself once enough change files of its
 * replica were written since the last one. */
static void
test_every (Fixture      *f,
            gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autofree char *a_dir = NULL;
  g_autofree char *names = NULL;
  const char * const summaries[] = { "een", "twee", "drie", "vier", "vijf" };

  _ct_session_sync_set_snapshot_every (2);
  for (guint i = 0; i < G_N_ELEMENTS (summaries); i++)
    {
      ct_sync_test_set_field (a, "cases", f->kase, "summary", summaries[i]);
      ct_sync_test_sync_quietly (a, f->folder);
      g_clear_pointer (&a_dir, g_free);
      a_dir = ct_sync_test_device_dir (a, f->folder);
      g_free (names);
      names = ct_sync_test_names_in (a_dir, "snapshot-");
      g_test_message ("after file %u: %s", i + 1, names);
      if (i == 0)
        g_assert_cmpstr (names, ==, "");
      else if (i < 3)
        g_assert_cmpstr (names, ==, "snapshot-000000000002.ctsnap");
      else
        g_assert_cmpstr (names, ==, "snapshot-000000000004.ctsnap");
    }
  _ct_session_sync_set_snapshot_every (50);
  ct_core_test_session_free (a);
}

/* Compaction with three replicas, one offline for a while: A removes its
 * own change files only once both others said they applied them and its
 * snapshot covers them; never another replica's files; a snapshot planted
 * in its folder removes nothing; the offline replica still converges. */
static void
test_compaction (Fixture      *f,
                 gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *c = ct_sync_test_replica (f, "politie");
  g_autofree char *a_dir = NULL;
  g_autofree char *b_dir = NULL;
  g_autofree char *names = NULL;
  g_autofree char *b_names = NULL;
  g_autofree char *planted = NULL;
  const char * const summaries[] = { "een", "twee", "drie" };
  CtSession *all[3];

  _ct_session_sync_set_snapshot_every (1);
  /* C syncs once, so the others know it, then goes offline. */
  ct_sync_test_sync_quietly (c, f->folder);
  for (guint i = 0; i < G_N_ELEMENTS (summaries); i++)
    {
      ct_sync_test_set_field (a, "cases", f->kase, "summary", summaries[i]);
      ct_sync_test_set_field (b, "households", f->household, "eviction_risk",
                              i % 2 ? "laag" : "hoog");
      ct_sync_test_sync_quietly (a, f->folder);
      ct_sync_test_sync_quietly (b, f->folder);
    }
  ct_sync_test_sync_quietly (a, f->folder);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  b_dir = ct_sync_test_device_dir (b, f->folder);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==,
                   "000000000001.ctchange 000000000002.ctchange 000000000003.ctchange");
  b_names = ct_sync_test_names_in (b_dir, "0");
  g_assert_cmpstr (b_names, ==,
                   "000000000001.ctchange 000000000002.ctchange 000000000003.ctchange");

  /* A snapshot planted in A's folder under a later number (B's, renamed)
   * is refused, and removes nothing, even once everyone applied A's
   * files. */
  {
    g_autofree char *b_snap = snapshot_path (b, f->folder, 3);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (b_snap, &contents, &len, NULL));
    planted = snapshot_path (a, f->folder, 9);
    g_assert_true (g_file_set_contents (planted, contents, (gssize) len, NULL));
  }

  /* C comes back: it applies everything, and says so. */
  ct_sync_test_sync_quietly (c, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==,
                   "000000000001.ctchange 000000000002.ctchange 000000000003.ctchange");
  g_assert_cmpint (g_unlink (planted), ==, 0);

  /* B writes a change file that C has not seen yet. With its own
   * snapshot, A removes what both others applied of its own files, and
   * leaves B's files alone. */
  ct_sync_test_set_field (b, "households", f->household, "eviction_risk", "laag");
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "");
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000003.ctsnap");
  g_free (b_names);
  b_names = ct_sync_test_names_in (b_dir, "0");
  g_assert_nonnull (strstr (b_names, "000000000004.ctchange"));

  /* Editing goes on after compaction, and every replica converges. */
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "vier");
  ct_sync_test_sync_quietly (a, f->folder);
  for (guint round = 0; round < 2; round++)
    {
      ct_sync_test_sync_quietly (c, f->folder);
      ct_sync_test_sync_quietly (b, f->folder);
      ct_sync_test_sync_quietly (a, f->folder);
    }
  all[0] = a, all[1] = b, all[2] = c;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *summary = ct_sync_test_get_field (all[i], "cases", f->kase, "summary");

      g_assert_cmpstr (summary, ==, "vier");
      /* The police member may not read the housing field. */
      if (i < 2)
        {
          g_autofree char *risk = ct_sync_test_get_field (all[i], "households", f->household,
                                             "eviction_risk");

          g_assert_cmpstr (risk, ==, "laag");
        }
    }
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "");
  _ct_session_sync_set_snapshot_every (50);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

static gboolean
tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop while a worker is held, until the test's timeout
 * (tick()) fired three times more. */
static void
main_loop_runs (guint *ticks)
{
  guint at_hold = *ticks;

  while (*ticks < at_hold + 3)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  Fixture    *f;
  const char *a_dir;
  guint      *ticks;
} Held;

/* While a worker is held: the main loop runs, the session reads
 * @summary, and the snapshots in the folder are @snapshots. */
static void
assert_while_held (Held       *held,
                   CtSession  *session,
                   const char *summary,
                   const char *snapshots)
{
  g_autofree char *value = NULL;
  g_autofree char *names = NULL;

  main_loop_runs (held->ticks);
  value = ct_sync_test_get_field (session, "cases", held->f->kase, "summary");
  g_assert_cmpstr (value, ==, summary);
  names = ct_sync_test_names_in (held->a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, snapshots);
}

/* The first snapshot waits: the session reads its edit, and no snapshot
 * (nor a part of one) is in the folder. */
static void
first_snapshot_held (gpointer session,
                     gpointer data)
{
  Held *held = data;
  g_autofree char *tmp = NULL;

  assert_while_held (held, session, "Voor de momentopname", "");
  tmp = ct_sync_test_names_in (held->a_dir, ".tmp");
  g_assert_cmpstr (tmp, ==, "");
}

/* The second snapshot waits: an edit in the window. */
static void
second_snapshot_held (gpointer session,
                      gpointer data)
{
  Held *held = data;

  main_loop_runs (held->ticks);
  ct_sync_test_set_field (session, "cases", held->f->kase, "summary",
                          "Terwijl de momentopname wacht");
}

/* A snapshot due at the end of ct_session_sync_async() is exported by a
 * worker through a reader: while the worker waits, the session's thread
 * runs its main loop, reads and writes through the session, and no
 * snapshot (nor a part of one) is in the folder; let go, the sync ends
 * with the snapshot in place, read back by another replica with the
 * edit. An edit made in the window while the snapshot waits is in no
 * change file yet, so that snapshot is not written; the next sync
 * writes one that holds it. */
static void
test_async (Fixture      *f,
            gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autoptr(GError) error = NULL;
  g_autofree char *a_dir = ct_sync_test_device_dir (a, f->folder);
  g_autofree char *names = NULL;
  CtSyncFile snapshot;
  guint ticks = 0;
  Held held = { f, a_dir, &ticks };
  guint timeout;

  _ct_session_sync_set_snapshot_every (1);
  timeout = g_timeout_add (1, tick, &ticks);

  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Voor de momentopname");
  g_assert_true (ct_sync_test_sync_held (a, f->folder, first_snapshot_held, &held, &error));
  g_assert_no_error (error);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000001.ctsnap");
  g_assert_cmpint (read_snapshot (b, a, f->folder, &snapshot, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot.seq, ==, 1);
  g_assert_cmpint (snapshot_count (&snapshot, f->team.dir,
                                   "SELECT count(*) FROM cases WHERE summary = "
                                   "'Voor de momentopname'"), ==, 1);
  _ct_session_sync_snapshot_clear (&snapshot);

  /* An edit while the snapshot of file 2 waits. */
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Tweede bestand");
  g_assert_true (ct_sync_test_sync_held (a, f->folder, second_snapshot_held, &held, &error));
  g_assert_no_error (error);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000001.ctsnap");
  ct_sync_test_sync_quietly (a, f->folder);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000003.ctsnap");

  g_source_remove (timeout);
  _ct_session_sync_set_snapshot_every (50);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Compaction waits: file 1, which may go, is still in the folder beside
 * file 2 and its snapshot; the session writes and reads an edit. */
static void
compaction_held (gpointer session,
                 gpointer data)
{
  Held *held = data;
  g_autofree char *changes = NULL;
  g_autofree char *snapshots = NULL;
  g_autofree char *value = NULL;

  main_loop_runs (held->ticks);
  changes = ct_sync_test_names_in (held->a_dir, "0");
  g_assert_cmpstr (changes, ==, "000000000001.ctchange 000000000002.ctchange");
  snapshots = ct_sync_test_names_in (held->a_dir, "snapshot-");
  g_assert_cmpstr (snapshots, ==, "snapshot-000000000002.ctsnap");
  ct_sync_test_set_field (session, "cases", held->f->kase, "summary",
                          "Terwijl de compactie wacht");
  value = ct_sync_test_get_field (session, "cases", held->f->kase, "summary");
  g_assert_cmpstr (value, ==, "Terwijl de compactie wacht");
}

/* Compaction at the end of ct_session_sync_async() reads the other
 * replica's status file and this replica's own snapshot back, and removes
 * what may go, in a worker through a reader: while that worker waits, the
 * session's thread runs its main loop, reads and writes through the
 * session, and the change file that may go is still in the folder; let
 * go, the sync ends with it removed, and the snapshot and the newer
 * change file kept, which the other replica applies. */
static void
test_compact_async (Fixture      *f,
                    gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *a_dir = ct_sync_test_device_dir (a, f->folder);
  g_autofree char *names = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  guint ticks = 0;
  Held held = { f, a_dir, &ticks };
  guint timeout;

  _ct_session_sync_set_snapshot_every (1);
  timeout = g_timeout_add (1, tick, &ticks);
  /* B has a folder, so A waits for it; then B applies A's file 1. */
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Eerste bestand");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "000000000001.ctchange");

  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Tweede bestand");
  g_assert_true (ct_sync_test_sync_held_by (a, f->folder, _ct_session_sync_set_compact_hold,
                                            compaction_held, &held, &error));
  g_assert_no_error (error);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "000000000002.ctchange");
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000002.ctsnap");

  /* B applies file 2; the edit made while compaction waited goes in the
   * next change file. */
  ct_sync_test_sync_quietly (b, f->folder);
  g_free (value);
  value = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Tweede bestand");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  g_free (value);
  value = ct_sync_test_get_field (b, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Terwijl de compactie wacht");

  g_source_remove (timeout);
  _ct_session_sync_set_snapshot_every (50);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* The worker that reads the newest snapshot's header waits: the session
 * reads its edit, and the next snapshot is not asked for yet. */
static void
header_read_held (gpointer session,
                  gpointer data)
{
  assert_while_held (data, session, "Na de eerste momentopname",
                     "snapshot-000000000001.ctsnap");
}

/* ct_session_sync_async() reads this replica's newest snapshot header (to
 * know whether a snapshot is due) in the status file's worker, never in
 * the session's thread: held there, the main loop runs and the session
 * reads; let go, the sync ends with the next snapshot written as before. */
static void
test_header_in_worker (Fixture      *f,
                       gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autofree char *a_dir = ct_sync_test_device_dir (a, f->folder);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  guint ticks = 0;
  Held held = { f, a_dir, &ticks };
  guint timeout;

  _ct_session_sync_set_snapshot_every (1);
  timeout = g_timeout_add (1, tick, &ticks);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Eerste momentopname");
  ct_sync_test_sync_quietly (a, f->folder);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000001.ctsnap");

  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Na de eerste momentopname");
  g_assert_true (ct_sync_test_sync_held_by (a, f->folder, _ct_session_sync_set_seen_hold,
                                            header_read_held, &held, &error));
  g_assert_no_error (error);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, ==, "snapshot-000000000002.ctsnap");

  g_source_remove (timeout);
  _ct_session_sync_set_snapshot_every (50);
  ct_core_test_session_free (a);
}

/* ct_session_sync_async() to its end, with the main loop running; how
 * many readers of the session it made. */
static guint
sync_counting_readers (CtSession  *session,
                       const char *folder)
{
  guint before = _ct_session_count_readers ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_sync_test_sync_async (session, folder, NULL, &error));
  g_assert_no_error (error);
  return _ct_session_count_readers () - before;
}

/* Compaction asks the names in the folder first: a sync where no change
 * file of this replica is covered by its snapshot's name (none yet, or
 * all removed) makes no reader of the session, neither the asynchronous
 * sync nor the blocking one; a sync where one may go makes compaction's
 * reader besides the snapshot's, and removes the file. */
static void
test_compact_nothing (Fixture      *f,
                      gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *a_dir = ct_sync_test_device_dir (a, f->folder);
  g_autofree char *names = NULL;
  guint before;

  /* B has a folder, so A waits for it. A's file 1, with no snapshot. */
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Eerste bestand");
  g_assert_cmpuint (sync_counting_readers (a, f->folder), ==, 0);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "000000000001.ctchange");
  before = _ct_session_count_readers ();
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_cmpuint (_ct_session_count_readers (), ==, before);

  /* B applies file 1; A's file 2 comes with a snapshot that covers file 1,
   * which goes: a reader for the snapshot, one for compaction. */
  ct_sync_test_sync_quietly (b, f->folder);
  _ct_session_sync_set_snapshot_every (1);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Tweede bestand");
  g_assert_cmpuint (sync_counting_readers (a, f->folder), ==, 2);
  _ct_session_sync_set_snapshot_every (50);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "000000000002.ctchange");

  /* B applies file 2, A removes it; then nothing is left to remove. */
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  g_free (names);
  names = ct_sync_test_names_in (a_dir, "0");
  g_assert_cmpstr (names, ==, "");
  g_assert_cmpuint (sync_counting_readers (a, f->folder), ==, 0);
  before = _ct_session_count_readers ();
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_cmpuint (_ct_session_count_readers (), ==, before);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync-snapshot/snapshot", members, test_snapshot);
  CT_SYNC_TEST_ADD ("/sync-snapshot/every", members, test_every);
  CT_SYNC_TEST_ADD ("/sync-snapshot/compaction", members, test_compaction);
  CT_SYNC_TEST_ADD ("/sync-snapshot/async", members, test_async);
  CT_SYNC_TEST_ADD ("/sync-snapshot/compact-async", members, test_compact_async);
  CT_SYNC_TEST_ADD ("/sync-snapshot/compact-nothing", members, test_compact_nothing);
  CT_SYNC_TEST_ADD ("/sync-snapshot/header-in-worker", members, test_header_in_worker);
  return g_test_run ();
}
