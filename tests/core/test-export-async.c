/* test-export-async.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook written in a worker: progress, the preview the
 * same anonymisation as the workbook, a cancellation that leaves nothing
 * behind, one gather serving every preview and the export, and a write
 * that fails without leaving a file. What the workbook holds is
 * test-export's. */

#include "config.h"

#include <glib/gstdio.h>

#include "ct-core.h"
#include "ct-demo.h"
#include "ct-export.h"
#include "ct-export-test-util.h"

static CtCoreTestTeam team60;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CtExportReport **report = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_export_workbook_finish (result, report, &error));
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (&team60, "regisseur");
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(CtExportReport) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (team60.dir, "async.xlsx", NULL);
  CtExportOptions options;
  double last = 0;

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  g_assert_true (ct_export_preview (session, &options, &preview, &error));
  g_assert_no_error (error);

  ct_export_workbook_async (session, out, &options, progress_cb, &last, NULL, NULL,
                            async_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (last, ==, 1.0);
  ct_export_test_assert_no_leftovers (&team60, out);

  /* The preview is the same anonymisation. */
  g_assert_cmpuint (preview->k_reached, ==, report->k_reached);
  g_assert_cmpuint (preview->n_rows_suppressed, ==, report->n_rows_suppressed);
  g_assert_cmpuint (preview->n_cells_primary, ==, report->n_cells_primary);
  g_assert_cmpuint (preview->n_cells_secondary, ==, report->n_cells_secondary);
  g_unlink (out);
}

static guint
count_temporary (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    n += name[0] == '.';
  return n;
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (ct_export_workbook_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* "Nothing was written" holds when the caller hears it. */
  g_assert_cmpuint (count_temporary (team60.dir), ==, 0);
  *done = TRUE;
}

/* Cancelled after the worker wrote the workbook but before the caller
 * finished the export: the temporary workbook is gone by the time the
 * caller hears of the cancellation. */
static void
test_cancel_late (void)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (&team60, "regisseur");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = g_build_filename (team60.dir, "late.xlsx", NULL);
  CtExportOptions options;
  gboolean done = FALSE;

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  ct_export_workbook_async (session, out, &options, NULL, NULL, NULL, cancellable,
                            cancelled_cb, &done);
  /* The main context does not run, so once the worker has finished its
   * result waits there: cancelled only then, however slow the machine. */
  while (!g_main_context_pending (NULL))
    g_usleep (G_USEC_PER_SEC / 100);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_temporary (team60.dir), ==, 0);
}

/* The reads of the "cases" table and the exports in @team's log. */
static void
count_log (CtCoreTestTeam *team,
           guint          *case_reads,
           guint          *exports,
           guint          *last_households)
{
  g_autoptr(CtCoreTestSession) admin = ct_export_test_unlock (team, CT_DEMO_ADMIN_LOGIN);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (admin, &error);

  g_assert_no_error (error);
  *case_reads = *exports = 0;
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->action == 'R' && g_strcmp0 (e->object_table, "cases") == 0
          && g_strcmp0 (e->purpose, "list") == 0)
        {
          (*case_reads)++;
          *last_households = e->households != NULL ? e->households->len : 0;
        }
      *exports += e->action == 'E' && g_strcmp0 (e->object_table, "export") == 0;
    }
}

static void
gather_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CtExportGather **gather = user_data;
  g_autoptr(GError) error = NULL;

  *gather = ct_export_gather_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*gather);
}

/* One gather, read in a worker thread, serves every preview and the
 * export: the log holds one read of the cases for it, not one per preview
 * and another for the export, and names every household; the workbook is
 * the anonymisation the preview showed. */
static void
test_one_gather (void)
{
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(CtExportGather) gather = NULL;
  g_autoptr(CtExportReport) preview = NULL;
  g_autoptr(CtExportReport) other = NULL;
  g_autoptr(CtExportReport) again = NULL;
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(CtExportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (team60.dir, "one-gather.xlsx", NULL);
  CtExportOptions options, stricter;
  guint reads_before, exports_before, reads, exports, households = 0;

  count_log (&team60, &reads_before, &exports_before, &households);
  session = ct_export_test_unlock (&team60, "regisseur");
  ct_export_gather_async (session, NULL, gather_done_cb, &gather);
  while (gather == NULL)
    g_main_context_iteration (NULL, TRUE);

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  stricter = options;
  stricter.k = 8;
  g_assert_true (ct_export_gather_preview (gather, session, &options, &preview, &error));
  g_assert_no_error (error);
  g_assert_true (ct_export_gather_preview (gather, session, &stricter, &other, &error));
  g_assert_cmpuint (other->k, ==, 8);
  g_assert_cmpuint (other->k_reached, >=, 8);
  g_assert_true (ct_export_gather_preview (gather, session, &options, &again, &error));
  g_assert_cmpuint (again->k_reached, ==, preview->k_reached);
  g_assert_cmpuint (again->n_rows_suppressed, ==, preview->n_rows_suppressed);

  /* Bad options are refused by name, and nothing is read for them. */
  stricter.k = 2;
  g_assert_false (ct_export_gather_preview (gather, session, &stricter, &other, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "k:"));
  g_clear_error (&error);

  ct_export_gather_write_async (gather, session, out, &options, NULL, NULL, NULL, NULL,
                                async_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  ct_export_test_assert_no_leftovers (&team60, out);
  g_assert_cmpuint (report->k_reached, ==, preview->k_reached);
  g_assert_cmpuint (report->n_case_rows, ==, preview->n_case_rows);
  g_assert_cmpuint (report->n_rows_suppressed, ==, preview->n_rows_suppressed);
  g_assert_cmpuint (report->n_cells_diversity, ==, preview->n_cells_diversity);

  /* A second export from the same gather anonymises again (its row order
   * is its own) and still reads nothing. */
  g_unlink (out);
  ct_export_gather_write_async (gather, session, out, &options, NULL, NULL, NULL, NULL,
                                async_done_cb, &second);
  while (second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (second->n_case_rows, ==, preview->n_case_rows);
  g_unlink (out);

  /* A locked session hands nothing out. */
  ct_session_lock (session);
  g_assert_false (ct_export_gather_preview (gather, session, &options, &other, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_error (&error);
  g_clear_pointer (&session, ct_core_test_session_free);

  count_log (&team60, &reads, &exports, &households);
  g_assert_cmpuint (reads, ==, reads_before + 1);
  g_assert_cmpuint (exports, ==, exports_before + 2);
  g_assert_cmpuint (households, ==, 60);
}

/* A failed write leaves neither the workbook nor a temporary file. */
static void
test_unwritable (void)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (&team60, "regisseur");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (team60.dir, "missing", "out.xlsx", NULL);
  CtExportOptions options;

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  g_assert_false (ct_export_workbook (session, out, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ct_export_test_init (&argc, &argv);
  ct_export_test_make_team (&team60, 60, 3);
  g_test_add_func ("/export/async", test_async);
  g_test_add_func ("/export/cancel-late", test_cancel_late);
  g_test_add_func ("/export/one-gather", test_one_gather);
  g_test_add_func ("/export/unwritable", test_unwritable);
  status = g_test_run ();

  ct_core_test_team_clear (&team60);
  return ct_export_test_finish (status);
}
