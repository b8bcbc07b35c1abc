/* test-write-queue.c — the session's writes wait for its readers without
 * holding the main loop
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A reader of the session held inside its read transaction by the test
 * (as the whole case list or Verify holds one for seconds): queued writes
 * wait for it while the main loop goes on (a 1 ms timeout ticks), run in
 * order when it ends, and a reader that begins meanwhile waits for them
 * (also when another reader was dropped meanwhile);
 * a write given up or a team locked meanwhile writes nothing; a read's
 * log entry goes through the queue, before its result is handed out. */

#include "config.h"

#include <gio/gio.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"

#define TEAM   "Expertteam Zonnewijzer"
#define LOGIN  "wbeheer"
#define NAME   "Wilhelmina Beheersma"
#define PASS   "zeven rode kikkers"

/* Enough turns of the main loop to show it was not held. */
#define TICKS 20

typedef struct
{
  GMutex   lock;
  GString *order;  /* 'a', 'b' for the writes, 'r' for the reader */
  gint64   id_a;
  gint64   seen_by_b;
  gint64   seen_by_reader;
} Log;

static void
note (Log  *log,
      char  what)
{
  g_mutex_lock (&log->lock);
  g_string_append_c (log->order, what);
  g_mutex_unlock (&log->lock);
}

static gboolean
write_a (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Log *log = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");

  note (log, 'a');
  return (log->id_a = ct_session_insert (session, household, error)) > 0;
}

static gboolean
write_b (CtSession *session,
         gpointer   data,
         GError   **error)
{
  Log *log = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");

  note (log, 'b');
  log->seen_by_b = ct_core_test_query_int (session->db, "SELECT count(*) FROM households");
  return ct_session_insert (session, household, error) > 0;
}

static gpointer
read_count (CtSession     *reader,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Log *log = data;

  if (!_ct_session_begin_read (reader, error))
    return NULL;
  note (log, 'r');
  log->seen_by_reader = ct_core_test_query_int (reader->db, "SELECT count(*) FROM households");
  return _ct_session_end_read (reader, TRUE, error) ? GINT_TO_POINTER (1) : NULL;
}

static CtSession *
unlock_team (CtCoreTestTeam *team)
{
  CtVaultCreateInfo info = { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS };

  ct_core_test_team_create (team, "ct-write-queue-XXXXXX", &info);
  return ct_core_test_unlock (team->path, LOGIN, PASS);
}

/* Two writes queued while a reader holds the file: the main loop turns,
 * neither runs; a reader begun meanwhile waits for them; let go, they run
 * in order, the second seeing the first, and then the reader sees both. */
static void
test_held_reader (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  Log log = { .order = g_string_new (NULL) };
  CtCoreTestReaderHold holder;
  GAsyncResult *a = NULL, *b = NULL, *reader = NULL;
  CtSession *session = unlock_team (&team);

  g_mutex_init (&log.lock);
  ct_core_test_reader_hold (session, &holder);

  ct_session_write_async (session, write_a, &log, NULL, NULL, ct_core_test_result_cb, &a);
  ct_session_write_async (session, write_b, &log, NULL, NULL, ct_core_test_result_cb, &b);
  ct_session_read_async (session, read_count, &log, NULL, NULL, ct_core_test_result_cb, &reader);
  ct_core_test_turn (TICKS);
  g_assert_null (a);
  g_assert_null (b);
  g_assert_null (reader);
  g_assert_cmpstr (log.order->str, ==, "");

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&a);
  ct_core_test_wait_result (&b);
  ct_core_test_wait_result (&reader);
  g_assert_true (ct_session_write_finish (session, a, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_write_finish (session, b, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ct_session_read_finish (session, reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log.order->str, ==, "abr");
  g_assert_cmpint (log.id_a, >, 0);
  g_assert_cmpint (log.seen_by_b, ==, 1);
  g_assert_cmpint (log.seen_by_reader, ==, 2);

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&reader);
  g_string_free (log.order, TRUE);
  g_mutex_clear (&log.lock);
  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

/* A reader dropped while a write waits (the case list's reader, done
 * with its read) leaves the queue as it was: a reader begun after the
 * write was queued still waits for it, and sees what it wrote. */
static void
test_reader_dropped (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  Log log = { .order = g_string_new (NULL) };
  CtCoreTestReaderHold holder;
  GAsyncResult *a = NULL, *reader = NULL;
  CtSession *session = unlock_team (&team);
  CtSession *dropped;

  g_mutex_init (&log.lock);
  ct_core_test_reader_hold (session, &holder);
  ct_session_write_async (session, write_a, &log, NULL, NULL, ct_core_test_result_cb, &a);
  dropped = _ct_session_new_reader (session, &error);
  g_assert_no_error (error);
  g_object_unref (dropped);
  ct_session_read_async (session, read_count, &log, NULL, NULL, ct_core_test_result_cb, &reader);
  ct_core_test_turn (TICKS);
  g_assert_null (a);
  g_assert_null (reader);
  g_assert_cmpstr (log.order->str, ==, "");

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&a);
  ct_core_test_wait_result (&reader);
  g_assert_true (ct_session_write_finish (session, a, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ct_session_read_finish (session, reader, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log.order->str, ==, "ar");
  g_assert_cmpint (log.seen_by_reader, ==, 1);

  g_clear_object (&a);
  g_clear_object (&reader);
  g_string_free (log.order, TRUE);
  g_mutex_clear (&log.lock);
  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

typedef struct
{
  gint64 id;
} Insert;

static gboolean
insert_household (CtSession *session,
                  gpointer   data,
                  GError   **error)
{
  Insert *insert = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");

  return (insert->id = ct_session_insert (session, household, error)) > 0;
}

static void
check_id_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gint64 *id = user_data;
  Insert *insert = ct_session_write_get_data (result);

  g_assert_true (ct_session_write_finish (CT_SESSION (source), result, NULL));
  *id = insert->id;
}

/* With no reader the write runs at the next turn of the main loop, and
 * the callback finds the id it made in its data. */
static void
test_no_reader (void)
{
  CtCoreTestTeam team = { 0 };
  CtSession *session = unlock_team (&team);
  gint64 id = 0;

  ct_session_write_async (session, insert_household, g_new0 (Insert, 1), g_free, NULL,
                          check_id_cb, &id);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (ct_core_test_query_int (session->db, "SELECT count(*) FROM households"), ==,
                   1);

  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

/* Given up while it waits: answered at once, nothing written; the write
 * behind it still runs. */
static void
test_cancelled (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Log log = { .order = g_string_new (NULL) };
  CtCoreTestReaderHold holder;
  GAsyncResult *a = NULL, *b = NULL;
  CtSession *session = unlock_team (&team);

  g_mutex_init (&log.lock);
  ct_core_test_reader_hold (session, &holder);
  ct_session_write_async (session, write_a, &log, NULL, cancellable, ct_core_test_result_cb, &a);
  ct_session_write_async (session, write_b, &log, NULL, NULL, ct_core_test_result_cb, &b);
  ct_core_test_turn (TICKS);
  g_cancellable_cancel (cancellable);
  ct_core_test_wait_result (&a);
  g_assert_null (b);
  g_assert_false (ct_session_write_finish (session, a, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&b);
  g_assert_true (ct_session_write_finish (session, b, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log.order->str, ==, "b");
  g_assert_cmpint (log.seen_by_b, ==, 0);
  g_assert_cmpint (ct_core_test_query_int (session->db, "SELECT count(*) FROM households"), ==,
                   1);

  g_clear_object (&a);
  g_clear_object (&b);
  g_string_free (log.order, TRUE);
  g_mutex_clear (&log.lock);
  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

/* Locked while it waits: nothing written, %CT_ERROR_LOCKED; a write
 * queued after the lock fails the same way. */
static void
test_locked (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  Log log = { .order = g_string_new (NULL) };
  CtCoreTestReaderHold holder;
  GAsyncResult *a = NULL, *b = NULL;
  CtSession *session = unlock_team (&team);
  CtSession *again;

  g_mutex_init (&log.lock);
  ct_core_test_reader_hold (session, &holder);
  ct_session_write_async (session, write_a, &log, NULL, NULL, ct_core_test_result_cb, &a);
  ct_core_test_turn (TICKS);
  ct_session_lock (session);
  ct_core_test_wait_result (&a);
  g_assert_false (ct_session_write_finish (session, a, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_error (&error);
  ct_session_write_async (session, write_b, &log, NULL, NULL, ct_core_test_result_cb, &b);
  ct_core_test_wait_result (&b);
  g_assert_false (ct_session_write_finish (session, b, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_error (&error);

  /* Whether the held read was handed out once locked does not matter here. */
  ct_core_test_reader_release (&holder, NULL);
  g_assert_cmpstr (log.order->str, ==, "");
  again = ct_core_test_unlock (team.path, LOGIN, PASS);
  g_assert_cmpint (ct_core_test_query_int (again->db, "SELECT count(*) FROM households"), ==, 0);

  g_clear_object (&a);
  g_clear_object (&b);
  g_string_free (log.order, TRUE);
  g_mutex_clear (&log.lock);
  ct_core_test_session_free (again);
  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

/* A reader's list read of a household, kept for its owner to log. */
static gpointer
read_logged (CtSession     *reader,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  CtDeferredRead read = { ct_schema_get_table ("households"), 1u << CT_CATEGORY_IDENTITY,
                          g_array_new (FALSE, FALSE, sizeof (gint64)) };
  gint64 *household = data;

  g_array_append_val (read.households, *household);
  g_array_append_val (reader->deferred_reads, read);
  return GINT_TO_POINTER (1);
}

/* ct_session_read_finish() with another reader holding the file: the
 * main loop turns, and the result comes only after its log entry is
 * written, once that reader let go. */
static void
test_read_logged (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_record_new ("households");
  CtCoreTestReaderHold holder;
  GAsyncResult *read = NULL;
  CtSession *session = unlock_team (&team);
  gint64 household = ct_core_test_insert (session, record);
  gint64 entries = ct_core_test_query_int (session->db, "SELECT count(*) FROM access_log");

  ct_core_test_reader_hold (session, &holder);
  ct_session_read_async (session, read_logged, &household, NULL, NULL, ct_core_test_result_cb,
                         &read);
  ct_core_test_turn (TICKS);
  g_assert_null (read);
  g_assert_cmpint (ct_core_test_query_int (session->db, "SELECT count(*) FROM access_log"), ==,
                   entries);

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&read);
  g_assert_nonnull (ct_session_read_finish (session, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (session->db, "SELECT count(*) FROM access_log"), ==,
                   entries + 1);

  g_clear_object (&read);
  ct_core_test_session_free (session);
  ct_core_test_team_clear (&team);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/write-queue/no-reader", test_no_reader);
  g_test_add_func ("/write-queue/held-reader", test_held_reader);
  g_test_add_func ("/write-queue/reader-dropped", test_reader_dropped);
  g_test_add_func ("/write-queue/cancelled", test_cancelled);
  g_test_add_func ("/write-queue/locked", test_locked);
  g_test_add_func ("/write-queue/read-logged", test_read_logged);
  return g_test_run ();
}
