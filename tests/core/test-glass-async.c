/* test-glass-async.c — "Look anyway" through the session's write queue
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_break_glass_async() opens what ct_session_break_glass()
 * opens, with the same entry in the access log; it waits in the write
 * queue while one of the session's readers holds the file, opening and
 * logging nothing meanwhile; it refuses what the blocking call refuses
 * with the same error; cancelled before it runs, it logs and opens
 * nothing. */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"

#define PASS "geheim geheim"
#define BECAUSE "Melding huiselijk geweld"

typedef struct
{
  CtCoreTestTeam team;
  gint64         household;  /* the politie is not involved in it */
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  gint64 person_id, case_id;

  ct_core_test_session_free (ct_core_test_politie_team (&f->team, "ct-glass-async-XXXXXX", PASS,
                                                        TRUE, NULL, &f->household, &person_id,
                                                        &case_id));
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

static gboolean
wait_glass (CtSession     *s,
            GAsyncResult **result,
            GError       **error)
{
  gboolean ok;

  ct_core_test_wait_result (result);
  ok = ct_session_break_glass_finish (s, *result, error);
  g_clear_object (result);
  return ok;
}

static gboolean
glass_async (CtSession     *s,
             gint64         household,
             CtGlassReason  reason,
             const char    *because,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_session_break_glass_async (s, household, reason, because, cancellable,
                                ct_core_test_result_cb, &result);
  return wait_glass (s, &result, error);
}

static gboolean
involved (CtSession *s,
          gint64     household)
{
  g_autoptr(GError) error = NULL;
  gboolean is = ct_session_is_involved (s, household, &error);

  g_assert_no_error (error);
  return is;
}

/* The access log's entries after @after, as the beheerder reads them. */
static char *
log_since (Fixture *f,
           gint64   after)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  return ct_core_test_log_since (admin, after);
}

static gint64
last_entry (Fixture *f)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  return ct_core_test_last_entry (admin);
}

/* The politie looks anyway with the blocking call in one session, then
 * through the queue in the next: each opens the household, with the same
 * entries, and the regisseur sees both with their words. (One session of
 * a team file at a time: the beheerder reads the log in between.) */
static void
test_same (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GPtrArray) breaks = NULL;
  g_autofree char *blocking_log = NULL;
  g_autofree char *queued_log = NULL;
  gint64 before;

  before = last_entry (f);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_false (involved (s, f->household));
  g_assert_true (ct_session_break_glass (s, f->household, CT_GLASS_SAFETY, BECAUSE, &error));
  g_assert_no_error (error);
  g_assert_true (involved (s, f->household));
  g_clear_pointer (&s, ct_core_test_session_free);
  blocking_log = log_since (f, before);

  before = last_entry (f);
  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_assert_false (involved (s, f->household));
  g_assert_true (glass_async (s, f->household, CT_GLASS_SAFETY, "  " BECAUSE " ", NULL,
                              &error));
  g_assert_no_error (error);
  g_assert_true (involved (s, f->household));
  g_clear_pointer (&s, ct_core_test_session_free);
  queued_log = log_since (f, before);

  g_test_message ("%s", queued_log);
  g_assert_nonnull (strstr (queued_log, "break the glass; veiligheid"));
  g_assert_cmpstr (queued_log, ==, blocking_log);

  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  breaks = ct_session_list_glass_breaks (admin, f->household, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (breaks->len, ==, 2);
  for (guint i = 0; i < breaks->len; i++)
    {
      CtGlassBreak *glass = g_ptr_array_index (breaks, i);

      g_assert_cmpint (glass->reason, ==, CT_GLASS_SAFETY);
      g_assert_cmpstr (glass->because, ==, BECAUSE);
      g_assert_cmpstr (glass->login, ==, "politie");
    }
}

/* While a reader holds the file the write waits: nothing opened or
 * logged yet; let go, the household opens. */
static void
test_held (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *log = NULL;
  CtCoreTestReaderHold holder;
  gint64 before = last_entry (f);

  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  ct_core_test_reader_hold (s, &holder);
  ct_session_break_glass_async (s, f->household, CT_GLASS_URGENT, NULL, NULL,
                                ct_core_test_result_cb, &result);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);
  g_assert_false (involved (s, f->household));

  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);
  g_assert_true (wait_glass (s, &result, &error));
  g_assert_no_error (error);
  g_assert_true (involved (s, f->household));
  g_clear_pointer (&s, ct_core_test_session_free);
  /* Its one entry, written once the reader let go. */
  log = log_since (f, before);
  g_assert_nonnull (strstr (log, "break the glass; spoed"));
  g_assert_null (strstr (strstr (log, "break the glass") + 1, "break the glass"));
}

/* "Other" without words, and a household that is not there: the same
 * errors as the blocking call, nothing logged, nothing opened. */
static void
test_refused (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(CtCoreTestSession) s = NULL;
  const gint64 households[] = { f->household, f->household + 4242 };
  const CtGlassReason reasons[] = { CT_GLASS_OTHER, CT_GLASS_URGENT };
  const int codes[] = { CT_ERROR_INVALID_FIELD, CT_ERROR_NOT_FOUND };
  g_autofree char *log = NULL;
  gint64 before = last_entry (f);

  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  for (guint i = 0; i < G_N_ELEMENTS (households); i++)
    {
      g_autoptr(GError) blocking = NULL;
      g_autoptr(GError) queued = NULL;

      g_assert_false (ct_session_break_glass (s, households[i], reasons[i], "  ", &blocking));
      g_assert_false (glass_async (s, households[i], reasons[i], "  ", NULL, &queued));
      g_assert_error (blocking, CT_ERROR, codes[i]);
      g_assert_error (queued, CT_ERROR, codes[i]);
      g_assert_cmpstr (queued->message, ==, blocking->message);
    }
  g_assert_false (involved (s, f->household));
  g_clear_pointer (&s, ct_core_test_session_free);
  log = log_since (f, before);
  g_assert_null (strstr (log, "break the glass"));
}

/* Cancelled while it waits for a reader: nothing logged, nothing opened,
 * then or after. */
static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *log = NULL;
  CtCoreTestReaderHold holder;
  gint64 before = last_entry (f);

  s = ct_core_test_unlock (f->team.path, "politie", PASS);
  ct_core_test_reader_hold (s, &holder);
  ct_session_break_glass_async (s, f->household, CT_GLASS_URGENT, NULL, cancellable,
                                ct_core_test_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (wait_glass (s, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (ct_core_test_reader_release (&holder, &error));
  g_assert_no_error (error);

  g_assert_false (involved (s, f->household));
  g_clear_pointer (&s, ct_core_test_session_free);
  log = log_since (f, before);
  g_assert_null (strstr (log, "break the glass"));
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/glass-async/same", Fixture, NULL, fixture_setup, test_same, fixture_teardown);
  g_test_add ("/glass-async/held", Fixture, NULL, fixture_setup, test_held, fixture_teardown);
  g_test_add ("/glass-async/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);
  g_test_add ("/glass-async/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);

  return g_test_run ();
}
