/* test-data-reads.c — the team's data read in bulk and field by field
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The reads of many rows at once: ct_session_list_fields(),
 * ct_session_scan(), ct_session_scan_first(), the first person of each
 * household and the households with an overdue action, with need-to-know
 * and the access log, which also logs a read of one row. The writes, validation and key rotation are
 * test-data.c, on the same team (ct-data-test-util.c). */

#include "config.h"

#include <string.h>

#include "ct-audit.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-data-test-util.h"
#include "ct-error.h"
#include "ct-session-private.h"

#define BSN         CT_DATA_TEST_BSN

typedef CtCoreTestTeam Fixture;

static void
test_reads_are_logged (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtRecord) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);
  h = ct_session_get (s, "households", hid, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (s->db,
                                       "SELECT action, object_table, object_id, categories FROM "
                                       "access_log ORDER BY id DESC LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "R");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "households");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, hid);
  /* The categories are sealed (docs/security.md): none in the clear, and
   * the regisseur, who reads them, sees them. */
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "");
  sqlite3_finalize (stmt);
  entries = _ct_audit_read (s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CtLogEntry *) g_ptr_array_index (entries, entries->len - 1))->categories, ==,
                   "health,justice,finance");
  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_list_fields (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char * const fields[] = { "last_name", NULL };
  CtRecord *person;
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);
  rows = ct_session_list_fields (s, "persons", NULL, 0, fields, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  person = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (ct_record_get (person, "last_name"), ==, "Bakker");
  g_assert_true (ct_record_is_loaded (person, "last_name"));
  g_assert_false (ct_record_is_loaded (person, "first_name"));
  g_assert_null (ct_record_get (person, "first_name"));
  g_assert_false (ct_record_is_restricted (person, "first_name"));
  g_assert_cmpint (ct_record_get_int (person, "household_id"), ==, hid);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* A restricted field stays restricted whether asked for or not. */
  s = ct_data_test_unlock (f->path, "politie");
  {
    const char * const health[] = { "health_mental", NULL };
    rows = ct_session_list_fields (s, "households", NULL, 0, health, &error);
    g_assert_no_error (error);
    g_assert_true (ct_record_is_restricted (g_ptr_array_index (rows, 0), "health_mental"));
  }
}

typedef struct
{
  GPtrArray *rows;      /* a GStrv per row: id, then the values ("-" when NULL) */
  guint      stop_at;   /* fail on this row (1-based); 0: never */
  gboolean   number_first;
  guint      n_fields;
  gboolean   restricted[8];
} ScanResult;

static gboolean
collect_row (const CtScanRow *row,
             gpointer         data,
             GError         **error)
{
  ScanResult *result = data;
  GPtrArray *values = g_ptr_array_new ();

  g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, row->id));
  for (guint i = 0; i < result->n_fields; i++)
    {
      g_ptr_array_add (values, g_strdup (row->values[i] ?: "-"));
      result->restricted[i] |= row->restricted[i];
    }
  /* Integer fields come as numbers too: the first one asked of persons. */
  if (result->number_first)
    g_assert_cmpint (row->numbers[0], ==, g_ascii_strtoll (row->values[0], NULL, 10));
  g_ptr_array_add (values, NULL);
  g_ptr_array_add (result->rows, g_ptr_array_free (values, FALSE));
  if (result->rows->len == result->stop_at)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED, "stop here");
      return FALSE;
    }
  return TRUE;
}

static void
scan (CtSession          *s,
      const char         *table,
      const char * const *fields,
      ScanResult         *result,
      GError            **error)
{
  memset (result, 0, sizeof *result);
  result->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  result->number_first = g_str_equal (table, "persons");
  result->n_fields = g_strv_length ((char **) fields);
  ct_session_scan (s, table, fields, collect_row, result, error);
}

/* The bulk read gives what ct_session_list() gives, row by row, with the
 * same need-to-know, authentication and log. */
static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  const char * const fields[] = { "household_id", "first_name", "bsn", "birth_date", "relation",
                                  NULL };
  const char * const household_fields[] = { "area", "health_mental", "justice_info",
                                            "debts_cents", "eviction_risk", NULL };
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;
  ScanResult result;
  gint64 hid, pid, hid2, pid2, before;

  ct_data_test_make_household (s, &hid, &pid);
  ct_data_test_make_household (s, &hid2, &pid2);
  persons = ct_session_list (s, "persons", NULL, 0, &error);
  g_assert_no_error (error);

  before = ct_core_test_query_int (s->db, "SELECT count(*) FROM access_log");
  scan (s, "persons", fields, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (s->db, "SELECT count(*) FROM access_log"), ==,
                   before + 1);
  g_assert_cmpuint (result.rows->len, ==, persons->len);
  for (guint r = 0; r < persons->len; r++)
    {
      CtRecord *person = g_ptr_array_index (persons, r);
      char **row = g_ptr_array_index (result.rows, r);

      g_assert_cmpint (g_ascii_strtoll (row[0], NULL, 10), ==, ct_record_get_id (person));
      for (guint i = 0; fields[i] != NULL; i++)
        g_assert_cmpstr (row[i + 1], ==, ct_record_get (person, fields[i]) ?: "-");
    }
  g_assert_cmpstr (((char **) g_ptr_array_index (result.rows, 1))[3], ==, BSN);
  g_clear_pointer (&result.rows, g_ptr_array_unref);

  /* A callback that fails stops the scan with its error. */
  memset (&result, 0, sizeof result);
  result.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  result.n_fields = g_strv_length ((char **) fields);
  result.stop_at = 1;
  g_assert_false (ct_session_scan (s, "persons", fields, collect_row, &result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_assert_cmpuint (result.rows->len, ==, 1);
  g_clear_error (&error);
  g_clear_pointer (&result.rows, g_ptr_array_unref);

  /* A value moved to another row is refused, not handed out. */
  g_assert_cmpint (sqlite3_exec (s->db, "UPDATE persons SET bsn = (SELECT bsn FROM persons "
                                 "WHERE id = 2) WHERE id = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  scan (s, "persons", fields, &result, &error);
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
  g_assert_cmpuint (result.rows->len, ==, 0);
  g_clear_error (&error);
  g_clear_pointer (&result.rows, g_ptr_array_unref);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Politie reads justice, not health, finance or housing: restricted, never
   * a value, and only justice is logged. */
  s = ct_data_test_unlock (f->path, "politie");
  scan (s, "households", household_fields, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.rows->len, ==, 2);
  g_assert_false (result.restricted[0]);
  g_assert_true (result.restricted[1]);
  g_assert_false (result.restricted[2]);
  g_assert_true (result.restricted[3]);
  g_assert_true (result.restricted[4]);
  for (guint r = 0; r < 2; r++)
    {
      char **row = g_ptr_array_index (result.rows, r);

      g_assert_cmpstr (row[1], ==, "Centrum");
      g_assert_cmpstr (row[2], ==, "-");
      g_assert_cmpstr (row[3], ==, "Melding huiselijk geweld 2025");
      g_assert_cmpstr (row[4], ==, "-");
    }
  g_clear_pointer (&result.rows, g_ptr_array_unref);
  {
    sqlite3_stmt *stmt;

    g_assert_cmpint (sqlite3_prepare_v2 (s->db, "SELECT action, object_table, categories, "
                                         "purpose FROM access_log ORDER BY id DESC LIMIT 1", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "R");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "households");
    /* sealed: the reader of justice reads it back, the raw column has none */
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "");
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "list");
    sqlite3_finalize (stmt);
  }
  {
    g_autoptr(GPtrArray) entries = _ct_audit_read (s, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (((CtLogEntry *) g_ptr_array_index (entries, entries->len - 1))->categories,
                     ==, "justice");
  }
  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_first_per_parent_and_overdue (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GArray) overdue = NULL;
  g_autoptr(CtRecord) second = ct_record_new ("persons");
  g_autoptr(CtRecord) late = ct_record_new ("actions");
  g_autoptr(CtRecord) done = ct_record_new ("actions");
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "last_name", NULL };
  gint64 hid, pid, hid2, pid2;

  ct_data_test_make_household (s, &hid, &pid);
  ct_data_test_make_household (s, &hid2, &pid2);
  ct_record_set_int (second, "household_id", hid);
  ct_record_set (second, "first_name", "Tweede");
  ct_record_set (second, "last_name", "Persoon");
  g_assert_cmpint (ct_session_insert (s, second, &error), >, 0);

  first = ct_session_list_first_fields (s, "persons", names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpint (ct_record_get_id (g_ptr_array_index (first, 0)), ==, pid);
  g_assert_cmpint (ct_record_get_id (g_ptr_array_index (first, 1)), ==, pid2);

  /* The bulk read gives the same first persons, and only them. */
  {
    const char * const fields[] = { "household_id", "last_name", NULL };
    ScanResult result = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev) };

    result.n_fields = 2;

    g_assert_true (ct_session_scan_first (s, "persons", fields, collect_row, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.rows->len, ==, 2);
    g_assert_cmpint (g_ascii_strtoll (((char **) result.rows->pdata[0])[0], NULL, 10), ==, pid);
    g_assert_cmpint (g_ascii_strtoll (((char **) result.rows->pdata[1])[0], NULL, 10), ==, pid2);
    g_assert_cmpstr (((char **) result.rows->pdata[0])[2], ==, "Bakker");
    g_ptr_array_unref (result.rows);
  }

  ct_record_set_int (late, "household_id", hid2);
  ct_record_set (late, "what", "Huurachterstand regelen");
  ct_record_set (late, "due_on", "2026-01-10");
  ct_record_set (late, "status", "open");
  g_assert_cmpint (ct_session_insert (s, late, &error), >, 0);
  ct_record_set_int (done, "household_id", hid);
  ct_record_set (done, "what", "Aanmelding schuldhulp");
  ct_record_set (done, "due_on", "2026-01-10");
  ct_record_set (done, "status", "gedaan");
  g_assert_cmpint (ct_session_insert (s, done, &error), >, 0);

  overdue = ct_session_list_overdue_households (s, "2026-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);
  g_assert_cmpint (g_array_index (overdue, gint64, 0), ==, hid2);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_DATA_TEST_ADD ("reads-are-logged", test_reads_are_logged);
  CT_DATA_TEST_ADD ("list-fields", test_list_fields);
  CT_DATA_TEST_ADD ("scan", test_scan);
  CT_DATA_TEST_ADD ("first-per-parent-and-overdue", test_first_per_parent_and_overdue);

  return g_test_run ();
}
