/* test-session-get.c — one record read in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_get_async() hands out the record ct_session_get() hands out,
 * with the same log entry written before it does, as does ct_session_get()
 * in a reader's worker; refuses what it refuses with the same error; a cancelled read hands out and logs
 * nothing; and a write queued before it is read. */

#include "config.h"

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"

#define PASS "geheim geheim"

typedef struct
{
  CtCoreTestTeam team;
  gint64         person;
  gint64         consent;  /* of health, which the politie does not read */
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) consent = ct_record_new ("consents");
  gint64 household, case_id;

  ct_record_set (person, "bsn", "111222333");
  admin = ct_core_test_politie_team (&f->team, "ct-session-get-XXXXXX", PASS, FALSE, person,
                                     &household, &f->person, &case_id);
  ct_record_set_int (consent, "case_id", case_id);
  ct_record_set (consent, "category", "health");
  ct_record_set (consent, "purpose", "casusoverleg");
  ct_record_set (consent, "basis", "toestemming");
  ct_record_set (consent, "given_on", "2026-01-05");
  f->consent = ct_core_test_insert (admin, consent);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

static CtRecord *
get_async (CtSession    *s,
           const char   *table,
           gint64        id,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_session_get_async (s, table, id, cancellable, ct_core_test_result_cb, &result);
  ct_core_test_wait_result (&result);
  return ct_session_get_finish (s, result, error);
}

static void
assert_same_record (CtRecord *a,
                    CtRecord *b)
{
  const CtTable *table = ct_record_get_table (a);

  g_assert_true (ct_record_get_table (b) == table);
  g_assert_cmpint (ct_record_get_id (a), ==, ct_record_get_id (b));
  for (guint i = 0; i < table->n_fields; i++)
    {
      const char *name = table->fields[i].name;

      g_assert_cmpstr (ct_record_get (a, name), ==, ct_record_get (b, name));
      g_assert_cmpint (ct_record_is_restricted (a, name), ==, ct_record_is_restricted (b, name));
    }
}

static gpointer
get_in_reader (CtSession    *reader,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  return ct_session_get (reader, "persons", *(gint64 *) data, error);
}

/* The person as ct_session_get() hands it out in the session, and its
 * log entry, against @worker's. */
static void
assert_as_blocking (Fixture   *f,
                    CtSession *s,
                    CtRecord  *worker,
                    gint64     before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) blocking = NULL;
  g_autofree char *worker_log = ct_core_test_log_since (s, before);
  g_autofree char *blocking_log = NULL;

  before = ct_core_test_last_entry (s);
  blocking = ct_session_get (s, "persons", f->person, &error);
  g_assert_no_error (error);
  blocking_log = ct_core_test_log_since (s, before);
  g_assert_cmpstr (ct_record_get (worker, "last_name"), ==, "Qvanderzandt");
  assert_same_record (blocking, worker);
  g_test_message ("%s", worker_log);
  g_assert_cmpstr (worker_log, !=, "");
  g_assert_cmpstr (worker_log, ==, blocking_log);
}

/* The same record and the same one entry, naming the person's household. */
static void
test_same (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) worker = NULL;
  gint64 before = ct_core_test_last_entry (s);

  worker = get_async (s, "persons", f->person, NULL, &error);
  g_assert_no_error (error);
  assert_as_blocking (f, s, worker, before);
}

/* ct_session_get() in a reader's worker (ct_session_read_async()) keeps
 * its entry for the session to log before the record is handed out: the
 * same entry as in the session. */
static void
test_in_reader (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) worker = NULL;
  gint64 before = ct_core_test_last_entry (s);

  ct_session_read_async (s, get_in_reader, &f->person, (GDestroyNotify) ct_record_unref, NULL,
                         ct_core_test_result_cb, &result);
  ct_core_test_wait_result (&result);
  worker = ct_session_read_finish (s, result, &error);
  g_assert_no_error (error);
  assert_as_blocking (f, s, worker, before);
}

/* A consent of a category the politie does not read is not there for it,
 * in a worker as in the session; nor is a row that does not exist. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "politie", PASS);
  const gint64 ids[] = { f->consent, f->consent + 1000, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) blocking = NULL;
      g_autoptr(GError) worker = NULL;

      g_assert_null (ct_session_get (s, "consents", ids[i], &blocking));
      g_assert_null (get_async (s, "consents", ids[i], NULL, &worker));
      g_assert_error (blocking, CT_ERROR, CT_ERROR_NOT_FOUND);
      g_assert_error (worker, CT_ERROR, CT_ERROR_NOT_FOUND);
      g_assert_cmpstr (worker->message, ==, blocking->message);
    }
}

/* Cancelled before it is done: nothing handed out and nothing logged. */
static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  gint64 before = ct_core_test_last_entry (s);

  ct_session_get_async (s, "persons", f->person, cancellable, ct_core_test_result_cb, &result);
  g_cancellable_cancel (cancellable);
  ct_core_test_wait_result (&result);
  g_assert_null (ct_session_get_finish (s, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  log = ct_core_test_log_since (s, before);
  g_assert_cmpstr (log, ==, "");
}

static gboolean
rename_person (CtSession *session,
               gpointer   data,
               GError   **error)
{
  g_autoptr(CtRecord) person = ct_session_get (session, "persons", *(gint64 *) data, error);

  if (person == NULL)
    return FALSE;
  ct_record_set (person, "last_name", "Verbeek");
  return ct_session_update (session, person, error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_write_finish (CT_SESSION (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A write still waiting in the queue (for a reader that holds the file)
 * when the read is asked for is in the record it hands out. */
static void
test_after_write (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) person = NULL;
  CtCoreTestReaderHold holder;
  gboolean written = FALSE;

  ct_core_test_reader_hold (s, &holder);
  ct_session_write_async (s, rename_person, &f->person, NULL, NULL, written_cb, &written);
  ct_session_get_async (s, "persons", f->person, NULL, ct_core_test_result_cb, &result);
  g_assert_false (written);
  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  ct_core_test_wait_result (&result);
  g_assert_true (written);
  person = ct_session_get_finish (s, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (person, "last_name"), ==, "Verbeek");
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/session-get/same", Fixture, NULL, fixture_setup, test_same, fixture_teardown);
  g_test_add ("/session-get/in-reader", Fixture, NULL, fixture_setup, test_in_reader,
              fixture_teardown);
  g_test_add ("/session-get/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);
  g_test_add ("/session-get/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/session-get/after-write", Fixture, NULL, fixture_setup, test_after_write,
              fixture_teardown);

  return g_test_run ();
}
