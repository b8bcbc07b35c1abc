/* test-log-sync.c — the access log as a union across replicas
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-audit-private.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-sync-test-util.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "mw", "Mirjam Werk", CT_ROLE_MAATSCHAPPELIJK_WERK },
  { NULL }
};

typedef CtSyncTestTeam Fixture;

/* The clock @seconds after a point a day from now: stamps in a test's
 * order on any date. */
static void
set_clock_after (int seconds)
{
  static GDateTime *base;
  g_autoptr(GDateTime) now = NULL;

  if (base == NULL)
    {
      g_autoptr(GDateTime) real = g_date_time_new_now_utc ();

      base = g_date_time_add_days (real, 1);
    }
  now = g_date_time_add_seconds (base, seconds);
  ct_clock_set_now_for_testing (now);
}

/* A read of the household, as a case page makes it: logged. */
static void
read_household (CtSession *session,
                gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, "households", household, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The reads of @household in @session's union of logs, by login, as
 * "login@laptop" sorted. */
static char *
reads_of (CtSession *session,
          gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = _ct_audit_read (session, &error);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *last_at = "";

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);

      /* stamp order */
      g_assert_cmpstr (last_at, <=, e->at);
      last_at = e->at;
      if (e->action == 'R' && e->household_id == household && e->device != NULL)
        g_ptr_array_add (seen, g_strdup_printf ("%s@%s", e->login, e->laptop));
    }
  g_ptr_array_sort (seen, compare_strings);
  g_ptr_array_add (seen, NULL);
  return g_strjoinv (" ", (char **) seen->pdata);
}

static void
sync_all (CtSession **sessions,
          guint       n,
          const char *folder)
{
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n; i++)
      {
        CtSyncSummary summary;
        g_autofree char *line = NULL;

        ct_sync_test_sync (sessions[i], folder, &summary);
        line = ct_sync_summary_format (&summary);
        g_test_message ("round %u, replica %u: %s", round, i, line);
        g_assert_cmpuint (summary.refusals->len, ==, 0);
        ct_sync_summary_clear (&summary);
      }
}

/* Three members read the same household on their own laptops; after the
 * syncs every replica's log shows all three reads, each with the laptop
 * it was made on, in stamp order; the beheerder's verification covers
 * every chain; and the replicas stop writing files once nothing new is
 * read (entries about sync itself do not make a file of their own). */
static void
test_union (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *sessions[3] = {
    ct_sync_test_replica (f, "beheer"),
    ct_sync_test_replica (f, "regie"),
    ct_sync_test_replica (f, "mw"),
  };
  const char *expected = "beheer@Hendrik Bos mw@Mirjam Werk regie@Rosa Regie";
  gint64 n_verified = 0, n_local;
  CtSyncSummary summary;

  set_clock_after (10);
  read_household (sessions[0], f->household);
  set_clock_after (20);
  read_household (sessions[1], f->household);
  set_clock_after (30);
  read_household (sessions[2], f->household);
  set_clock_after (40);
  sync_all (sessions, 3, f->folder);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *reads = reads_of (sessions[i], f->household);

      g_assert_cmpstr (reads, ==, expected);
    }
  g_assert_true (ct_session_verify_log (sessions[0], &n_verified, &error));
  g_assert_no_error (error);
  n_local = ct_core_test_query_int (sessions[0]->db, "SELECT count (*) FROM access_log");
  g_assert_cmpint (n_verified, ==, n_local + ct_core_test_query_int (sessions[0]->db,
                                                                     "SELECT count (*) FROM "
                                                                     "access_log_remote"));
  g_assert_cmpint (n_verified, >, n_local);
  g_assert_true (ct_session_check (sessions[0], &error));
  g_assert_no_error (error);
  /* The regisseur may not read the whole log, union or not. */
  g_assert_null (ct_session_read_log (sessions[1], &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* Quiet: one more round, then nobody writes or applies anything. */
  sync_all (sessions, 3, f->folder);
  for (guint i = 0; i < 3; i++)
    {
      ct_sync_test_sync (sessions[i], f->folder, &summary);
      g_assert_cmpuint (summary.written_seq, ==, 0);
      g_assert_cmpuint (summary.applied_files, ==, 0);
      ct_sync_summary_clear (&summary);
    }

  for (guint i = 0; i < 3; i++)
    ct_core_test_session_free (sessions[i]);
}

typedef enum
{
  TAMPER_FLIP,      /* a byte of an entry's purpose */
  TAMPER_DROP,      /* the second entry left out */
  TAMPER_REORDER,   /* the first two entries swapped */
  TAMPER_SIGNATURE, /* a byte of an entry's signature */
  N_TAMPER
} Tamper;

static const char *tamper_reasons[] = {
  "its hash does not hold",
  "do not follow on",
  "do not follow on",
  "it was forged",
};

/* Where field @field starts in a CT_SYNC_LOG payload (ct-audit-sync.c):
 * a version byte, the id, the time, the member, the role, the action,
 * the table, the row, the categories, the purpose, the outcome (texts
 * with a 32-bit length), then the signer, the previous hash, the hash and
 * the signature. */
static gsize
payload_offset (const guint8 *payload,
                guint         field)
{
  static const char layout[] = "bititttittt";
  gsize at = 0;

  for (guint i = 0; i < field; i++)
    if (layout[i] == 'b')
      at += 1;
    else if (layout[i] == 'i')
      at += 8;
    else
      {
        guint32 len;

        memcpy (&len, payload + at, 4);
        at += 4 + GUINT32_FROM_LE (len);
      }
  return at;
}

#define PURPOSE_FIELD 9
#define SIGNATURE_AFTER_TEXTS (32 + 32 + 32)

/* Each test copy is opened by the same member: forget what this device
 * saw of the team, as a fresh laptop would. Call it with every session of
 * the team locked (locking saves the anchor again). */
static void
forget_device (const char *team)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "casustafel", team, NULL);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    ct_core_test_remove_dir (dir);
}

/* @sender's change file @seq rewritten by its author, who holds the sync
 * key and their signing key: sealed and signed as a real one. */
static void
rewrite_file (CtSession  *sender,
              const char *path,
              Tamper      tamper)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GByteArray) changes = g_byte_array_new ();
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) sealed = NULL;
  CtSyncFile file = { 0 };
  const guint8 *p, *end;
  guint64 hlc = 0;
  guint8 *key;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (_ct_sync_file_peek ((const guint8 *) data, len, &file, &error));
  key = _ct_session_sync_open_key (sender, file.key_version);
  g_assert_nonnull (key);
  g_assert_true (_ct_sync_file_open ((const guint8 *) data, len, key, &file, &error));
  g_assert_no_error (error);

  p = g_bytes_get_data (file.changes, &len);
  end = p + len;
  for (guint i = 0; i < file.n_changes; i++)
    {
      CtSyncChange change;

      g_assert_true (_ct_sync_change_next (&p, end, &change, &error));
      /* The sender only read: every change is a log entry. */
      g_assert_cmpint (change.kind, ==, CT_SYNC_LOG);
      hlc = change.hlc;
      g_ptr_array_add (log, g_bytes_new (change.payload, change.payload_len));
      _ct_sync_change_clear (&change);
    }
  g_assert_cmpuint (log->len, >=, 3);

  if (tamper == TAMPER_DROP)
    g_ptr_array_remove_index (log, 1);
  else if (tamper == TAMPER_REORDER)
    {
      gpointer first = log->pdata[0];

      log->pdata[0] = log->pdata[1];
      log->pdata[1] = first;
    }
  for (guint i = 0; i < log->len; i++)
    {
      gsize n;
      const guint8 *bytes = g_bytes_get_data (g_ptr_array_index (log, i), &n);
      g_autofree guint8 *copy = g_memdup2 (bytes, n);
      gint64 id;

      memcpy (&id, copy + 1, 8);
      if (i == 1 && tamper == TAMPER_FLIP)
        copy[payload_offset (copy, PURPOSE_FIELD) + 4] ^= 0x01;
      if (i == 1 && tamper == TAMPER_SIGNATURE)
        copy[payload_offset (copy, PURPOSE_FIELD + 2) + SIGNATURE_AFTER_TEXTS + 5] ^= 0x20;
      _ct_sync_encode_payload (changes, CT_SYNC_LOG, hlc, "access_log", GINT64_FROM_LE (id),
                               copy, n);
    }
  file.n_changes = log->len;
  g_bytes_unref (file.changes);
  file.changes = g_byte_array_free_to_bytes (g_steal_pointer (&changes));
  sealed = _ct_sync_file_seal (&file, key, sender->identity);
  ct_secure_free (key);
  _ct_sync_file_clear (&file);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (sealed, NULL),
                                      (gssize) g_bytes_get_size (sealed), NULL));
}

/* A travelled entry changed, dropped, reordered or with a signature that
 * does not hold, in a file its author sealed and signed: the whole file is
 * refused, naming it and the reason, logged, nothing of it kept; the
 * receiver's own log stays intact. */
static void
test_tampered (Fixture      *f,
               gconstpointer data)
{
  for (Tamper tamper = 0; tamper < N_TAMPER; tamper++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *folder = g_strdup_printf ("%s-%d", f->folder, tamper);
      CtSession *sender = ct_sync_test_replica (f, "regie");
      CtSession *receiver = ct_sync_test_replica (f, "beheer");
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autofree char *team = NULL;
      CtSyncSummary summary;
      const char *message;

      g_test_message ("tamper %d", tamper);
      /* A first file, so that the second continues a known chain. */
      read_household (sender, f->household);
      ct_sync_test_sync_quietly (sender, folder);
      ct_sync_test_sync_quietly (receiver, folder);
      g_assert_cmpint (ct_core_test_query_int (receiver->db,
                                               "SELECT count (*) FROM access_log_remote"), >, 0);

      read_household (sender, f->household);
      read_household (sender, f->household);
      read_household (sender, f->household);
      ct_sync_test_sync_quietly (sender, folder);
      dir = ct_sync_test_device_dir (sender, folder);
      path = g_build_filename (dir, "000000000002.ctchange", NULL);
      rewrite_file (sender, path, tamper);

      {
        gint64 before = ct_core_test_query_int (receiver->db,
                                                "SELECT count (*) FROM access_log_remote");

        ct_sync_test_sync (receiver, folder, &summary);
        g_assert_cmpuint (summary.refusals->len, ==, 1);
        message = g_ptr_array_index (summary.refusals, 0);
        g_test_message ("%s", message);
        g_assert_nonnull (strstr (message, "000000000002.ctchange"));
        g_assert_nonnull (strstr (message, tamper_reasons[tamper]));
        g_assert_cmpint (ct_core_test_query_int (receiver->db,
                                                 "SELECT count (*) FROM access_log_remote"),
                         ==, before);
        g_assert_cmpint (ct_core_test_query_int (receiver->db,
                                                 "SELECT count (*) FROM access_log WHERE "
                                                 "purpose LIKE 'refuse sync change file;%'"),
                         ==, 1);
        ct_sync_summary_clear (&summary);
      }
      g_assert_true (ct_session_verify_log (receiver, NULL, &error));
      g_assert_no_error (error);

      team = ct_sync_test_hex (sender->header->team_id, CT_TEAM_ID_SIZE);
      ct_core_test_session_free (sender);
      ct_core_test_session_free (receiver);
      forget_device (team);
      ct_core_test_remove_dir (folder);
    }
}

/* Rosa reads on her laptop, is removed on the beheerder's while hers is
 * offline, and reads again: her read from before the removal arrives, the
 * file with the later one is refused; an entry of hers dated after the
 * removal is refused on its own too, whoever's file carries it. */
static void
test_removed (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *rosa = ct_sync_test_replica (f, "regie");
  CtSession *admin = ct_sync_test_replica (f, "beheer");
  g_autofree char *reads = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data_bytes = NULL;
  CtSyncFile file = { 0 };
  CtSyncSummary summary;
  CtSyncChange change;
  const guint8 *p, *end;
  guint8 *key;
  gsize len;

  set_clock_after (60);
  read_household (rosa, f->household);
  ct_sync_test_sync_quietly (rosa, f->folder);
  set_clock_after (120);
  g_assert_true (ct_session_remove_member (admin, "regie", &error));
  g_assert_no_error (error);
  set_clock_after (180);
  read_household (rosa, f->household);
  ct_sync_test_sync_quietly (rosa, f->folder);

  ct_sync_test_sync (admin, f->folder, &summary);
  g_assert_cmpuint (summary.applied_files, ==, 1);
  g_assert_cmpuint (summary.refusals->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary.refusals, 0), "000000000002.ctchange"));
  ct_sync_summary_clear (&summary);
  reads = reads_of (admin, f->household);
  g_assert_cmpstr (reads, ==, "regie@Rosa Regie");

  /* The entry itself: applied on its own, by the rules of the chain that
   * removed her, it is refused. */
  dir = ct_sync_test_device_dir (rosa, f->folder);
  path = g_build_filename (dir, "000000000002.ctchange", NULL);
  g_assert_true (g_file_get_contents (path, &data_bytes, &len, NULL));
  g_assert_true (_ct_sync_file_peek ((const guint8 *) data_bytes, len, &file, &error));
  key = _ct_session_sync_open_key (rosa, file.key_version);
  g_assert_true (_ct_sync_file_open ((const guint8 *) data_bytes, len, key, &file, &error));
  ct_secure_free (key);
  p = g_bytes_get_data (file.changes, &len);
  end = p + len;
  g_assert_true (_ct_sync_change_next (&p, end, &change, &error));
  g_assert_cmpint (change.kind, ==, CT_SYNC_LOG);
  g_assert_true (ct_store_exec (admin->db, "BEGIN", NULL));
  {
    static const guint8 other_device[CT_SYNC_DEVICE_SIZE] = { 7 };

    g_assert_false (_ct_audit_sync_apply (admin, admin->chain, other_device, change.payload,
                                          change.payload_len, change.row_id, &error));
  }
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "after their removal"));
  g_assert_true (ct_store_exec (admin->db, "ROLLBACK", NULL));
  _ct_sync_change_clear (&change);
  _ct_sync_file_clear (&file);

  ct_core_test_session_free (rosa);
  ct_core_test_session_free (admin);
}

/* Applying twice is applying once: a second sync over the same folder
 * adds nothing, and a copy of the receiver from before its sync (a crash
 * before the commit) applies the same entries once. */
static void
test_twice (Fixture      *f,
            gconstpointer data)
{
  CtSession *sender = ct_sync_test_replica (f, "mw");
  CtSession *receiver = ct_sync_test_replica (f, "beheer");
  g_autofree char *copy = g_build_filename (f->team.dir, "crashed.casus", NULL);
  g_autofree char *receiver_path = g_strdup (receiver->path);
  g_autofree char *team = ct_sync_test_hex (sender->header->team_id, CT_TEAM_ID_SIZE);
  CtSession *again;
  gint64 n;

  read_household (sender, f->household);
  ct_sync_test_sync_quietly (sender, f->folder);
  ct_core_test_session_free (receiver);
  ct_sync_test_copy_file (receiver_path, copy);
  receiver = ct_core_test_unlock (receiver_path, "beheer", CT_SYNC_TEST_PASS);
  ct_sync_test_sync_quietly (receiver, f->folder);
  n = ct_core_test_query_int (receiver->db, "SELECT count (*) FROM access_log_remote");
  g_assert_cmpint (n, >, 0);
  ct_sync_test_sync_quietly (receiver, f->folder);
  g_assert_cmpint (ct_core_test_query_int (receiver->db,
                                           "SELECT count (*) FROM access_log_remote"), ==, n);

  ct_core_test_session_free (receiver);
  forget_device (team);
  again = ct_core_test_unlock (copy, "beheer", CT_SYNC_TEST_PASS);
  g_assert_cmpint (ct_core_test_query_int (again->db,
                                           "SELECT count (*) FROM access_log_remote"), ==, 0);
  ct_sync_test_sync_quietly (again, f->folder);
  ct_sync_test_sync_quietly (again, f->folder);
  g_assert_cmpint (ct_core_test_query_int (again->db,
                                           "SELECT count (*) FROM access_log_remote"), ==, n);

  ct_core_test_session_free (again);
  ct_core_test_session_free (sender);
}

/* Whether SQLite answers @sql from the index on a member's numbers, as
 * EXPLAIN QUERY PLAN says, rather than walking a replica's entries. */
static gboolean
uses_member_index (CtSession  *session,
                   const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);
  return strstr (plan->str, "INDEX access_log_remote_member") != NULL;
}

/* Every travelled entry asks for its member's newest number on its
 * replica: found by the index, not by a walk through every entry of that
 * replica, which made applying a file of n edits cost n² (docs/sync.md,
 * "Benchmark"). */
static void
test_member_seq_indexed (Fixture      *f,
                         gconstpointer data)
{
  CtSession *receiver = ct_sync_test_replica (f, "beheer");

  g_assert_true (uses_member_index (receiver, CT_AUDIT_MEMBER_SEQ_SQL));
  g_assert_true (uses_member_index (receiver, CT_AUDIT_MEMBER_SEQ_RECOVERY_SQL));
  ct_core_test_session_free (receiver);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/log-sync/union", members, test_union);
  CT_SYNC_TEST_ADD ("/log-sync/tampered", members, test_tampered);
  CT_SYNC_TEST_ADD ("/log-sync/removed", members, test_removed);
  CT_SYNC_TEST_ADD ("/log-sync/twice", members, test_twice);
  CT_SYNC_TEST_ADD ("/log-sync/member-seq-indexed", members, test_member_seq_indexed);

  return g_test_run ();
}
