/* test-export.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The evaluator workbook on demo teams: nothing identifying in any part
 * of the .xlsx, k-anonymous case rows, figures that match the team, no
 * suppressed cell recomputable from its totals, no temporary file left,
 * need-to-know per role, the export in the access log. The workbook is
 * checked by check-export.py (zipfile + openpyxl) against what this test
 * reads through the core as the regisseur. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-anonymise.h"
#include "ct-core.h"
#include "ct-demo.h"
#include "ct-export.h"

static char *tmp_root;   /* TMPDIR of this test: libxlsxwriter's files go under it */
static char *python;

typedef struct
{
  char *dir;
  char *team;
} Team;

static Team small_team, team60;

/* ---- helpers ------------------------------------------------------------ */

static char *
find_python (void)
{
  const char *candidates[] = { "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_find_program_in_path (candidates[i]);
      const char *argv[] = { path, "-c", "import openpyxl", NULL };
      int status = 1;

      if (path != NULL
          && g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                           NULL, NULL, &status, NULL)
          && g_spawn_check_wait_status (status, NULL))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
make_team (Team  *team,
           guint  households,
           guint  seed)
{
  g_autoptr(GError) error = NULL;

  team->dir = g_dir_make_tmp ("test-export-team-XXXXXX", &error);
  g_assert_no_error (error);
  team->team = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_demo_create (team->team, households, seed, NULL, NULL, &error));
  g_assert_no_error (error);
}

static CtSession *
unlock (Team       *team,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (team->team, login, CT_DEMO_PASSPHRASE, &error);

  g_assert_no_error (error);
  return session;
}

static void
add_value (GPtrArray  *values,
           const char *value)
{
  if (value != NULL && strlen (value) >= 3)
    g_ptr_array_add (values, g_strdup (value));
}

static GPtrArray *
list (CtSession  *session,
      const char *table)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = ct_session_list (session, table, NULL, 0, &error);

  g_assert_no_error (error);
  return rows;
}

/* Every identifying value of the team as the regisseur reads it: names,
 * BSNs, addresses, postcodes, phones, e-mail, every date and every free
 * text of every table, members and the team's name. */
static GPtrArray *
identifying_values (CtSession *session)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GPtrArray) rows = list (session, tables[t]->name);

      for (guint i = 0; i < rows->len; i++)
        for (guint f = 0; f < tables[t]->n_fields; f++)
          {
            const CtField *field = &tables[t]->fields[f];
            const char *value = ct_record_get (g_ptr_array_index (rows, i), field->name);

            g_assert_false (ct_record_is_restricted (g_ptr_array_index (rows, i), field->name));
            /* The team's area names are what the export shows instead of
             * postcodes; a house number alone is a small number, checked
             * with its street. A free line that is one of the workbook's
             * own words (a doorbraak's mandate "Maatwerkbudget") is no
             * identifier either. */
            if (g_str_equal (tables[t]->name, "areas") || g_str_equal (field->name, "area")
                || g_str_equal (field->name, "house_number")
                || g_strcmp0 (value, "Maatwerkbudget") == 0)
              continue;
            if (g_str_equal (field->name, "street") && value != NULL)
              {
                CtRecord *r = g_ptr_array_index (rows, i);

                g_ptr_array_add (values, g_strdup_printf ("%s %s", value,
                                                          ct_record_get (r, "house_number") ?: ""));
              }
            switch (field->type)
              {
              case CT_FIELD_LINE:
              case CT_FIELD_TEXT:
              case CT_FIELD_DATE:
              case CT_FIELD_BSN:
              case CT_FIELD_PHONE:
              case CT_FIELD_EMAIL:
                add_value (values, value);
                break;
              case CT_FIELD_POSTCODE:
                if (value != NULL)
                  {
                    g_autofree char *compact = g_strdup_printf ("%.4s%s", value, value + 5);

                    add_value (values, value);
                    add_value (values, compact);
                  }
                break;
              default:
                break;
              }
          }
    }

  members = ct_session_list_members (session, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *m = g_ptr_array_index (members, i);

      add_value (values, m->display_name);
      /* Demo logins are role names, some of which are also partner types
       * and ZRM domains; those words are data, not members. */
      if (!g_strv_contains ((const char *[]) { "ggz", "verslavingszorg", "huisvesting",
                                                "schuldhulpverlening", "politie", NULL },
                            m->login))
        add_value (values, m->login);
    }
  add_value (values, ct_session_get_team_name (session));
  return values;
}

static void
count (GHashTable *table,
       const char *key,
       int         add)
{
  g_hash_table_insert (table, (gpointer) key,
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (table, key)) + add));
}

/* What the workbook's figures must match, from the regisseur's reading:
 * lines of tab-separated fields for check-export.py. */
static void
expected_figures (CtSession *session,
                  GString   *out)
{
  g_autoptr(GPtrArray) cases = list (session, "cases");
  g_autoptr(GPtrArray) actions = list (session, "actions");
  g_autoptr(GPtrArray) expenses = list (session, "expenses");
  g_autoptr(GHashTable) per_type = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) budget_n = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) budget_sum = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < actions->len; i++)
    {
      const char *type = ct_record_get (g_ptr_array_index (actions, i), "partner_type");

      count (per_type, type != NULL ? type : "onbekend", 1);
    }
  for (guint i = 0; i < expenses->len; i++)
    {
      CtRecord *r = g_ptr_array_index (expenses, i);
      const char *purpose = ct_record_get (r, "purpose");

      /* An expense of a category the reader may not read is not counted. */
      if (purpose == NULL)
        continue;
      count (budget_n, purpose, 1);
      count (budget_sum, purpose, (int) ct_anon_round (ct_record_get_int (r, "amount_cents"), 10));
    }

  g_string_append_printf (out, "n_cases\t%u\nn_actions\t%u\n", cases->len, actions->len);
  g_hash_table_iter_init (&iter, per_type);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (out, "action\t%s\t%d\n", (char *) key, GPOINTER_TO_INT (value));
  g_hash_table_iter_init (&iter, budget_n);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (out, "budget\t%s\t%d\t%d\n", (char *) key, GPOINTER_TO_INT (value),
                            GPOINTER_TO_INT (g_hash_table_lookup (budget_sum, key)));
}

/* The figures are what @login reads: a role that may not read a row's
 * category does not count it (docs/categories.md). */
static char *
write_expectations (Team                 *team,
                    const char           *login,
                    const CtExportReport *report,
                    gboolean              health)
{
  g_autoptr(CtSession) session = unlock (team, "regisseur");
  g_autoptr(GPtrArray) values = identifying_values (session);
  g_autoptr(GString) figures = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (team->dir, "expect.txt", NULL);

  /* One session at a time holds the file. */
  g_clear_object (&session);
  session = unlock (team, login);
  expected_figures (session, figures);
  g_clear_object (&session);

  /* Values hex-encoded: they may hold tabs and line breaks. */
  for (guint i = 0; i < values->len; i++)
    {
      const char *v = g_ptr_array_index (values, i);

      g_string_append (out, "id\t");
      for (const char *p = v; *p != '\0'; p++)
        g_string_append_printf (out, "%02x", (guint8) *p);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, figures->str);
  g_string_append_printf (out, "profile\t%s\nk\t%u\nk_reached\t%u\nthreshold\t%u\nhealth\t%d\n",
                          ct_export_profile_to_string (report->profile), report->k,
                          report->k_reached, report->threshold, health);
  g_assert_true (g_file_set_contents (path, out->str, out->len, &error));
  g_assert_no_error (error);
  return path;
}

static void
run_checker (const char *xlsx,
             const char *expect)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "check-export.py", NULL);
  const char *argv[] = { python, script, xlsx, expect, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("check-export.py failed:\n%s%s", out, err);
  g_test_message ("%s", out);
}

/* Only the team file and the workbook in the directory; nothing of ours in TMPDIR. */
static void
assert_no_leftovers (Team       *team,
                     const char *out_name)
{
  g_autoptr(GDir) dir = g_dir_open (team->dir, 0, NULL);
  g_autoptr(GDir) tmp = g_dir_open (tmp_root, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "team.casus") && !g_str_equal (name, "expect.txt")
        && !g_str_has_suffix (name, ".xlsx"))
      g_error ("stray file beside the workbook: %s", name);
    else if (g_str_has_prefix (name, "."))
      g_error ("temporary workbook left: %s", name);
  while ((name = g_dir_read_name (tmp)) != NULL)
    if (g_str_has_prefix (name, "casustafel-export-"))
      g_error ("temporary directory left: %s", name);
  g_assert_true (g_file_test (out_name, G_FILE_TEST_IS_REGULAR));
}

static void
export_and_check (Team            *team,
                  const char      *login,
                  CtExportProfile  profile,
                  guint            k,
                  gboolean         health,
                  CtExportReport **report_out)
{
  g_autoptr(CtSession) session = unlock (team, login);
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s.xlsx", login,
                                           ct_export_profile_to_string (profile));
  g_autofree char *out = g_build_filename (team->dir, name, NULL);
  g_autofree char *expect = NULL;
  CtExportOptions options;

  ct_export_options_init (&options);
  options.profile = profile;
  options.k = k;
  g_assert_true (ct_export_workbook (session, out, &options, &report, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&session);
  assert_no_leftovers (team, out);

  if (profile == CT_EXPORT_MICRODATA)
    g_assert_cmpuint (report->k_reached, >=, k);
  expect = write_expectations (team, login, report, health);
  run_checker (out, expect);
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
}

/* ---- tests --------------------------------------------------------------- */

static void
test_small_team (void)
{
  g_autoptr(CtExportReport) micro = NULL;
  g_autoptr(CtExportReport) aggregate = NULL;

  if (python == NULL)
    {
      g_test_skip ("python3 with openpyxl is not installed");
      return;
    }
  export_and_check (&small_team, "regisseur", CT_EXPORT_MICRODATA, 5, TRUE, &micro);
  /* Eight households cannot be told apart on four quasi-identifiers at k = 5. */
  g_assert_cmpuint (micro->n_rows_suppressed, >, 0);
  g_assert_cmpuint (micro->n_cells_primary, >, 0);
  export_and_check (&small_team, "regisseur", CT_EXPORT_AGGREGATE, 5, TRUE, &aggregate);
  g_assert_cmpuint (aggregate->n_cells_primary, >, 0);
}

static void
test_team60 (void)
{
  g_autoptr(CtExportReport) micro = NULL;

  if (python == NULL)
    {
      g_test_skip ("python3 with openpyxl is not installed");
      return;
    }
  export_and_check (&team60, "regisseur", CT_EXPORT_MICRODATA, 5, TRUE, &micro);
  g_assert_cmpuint (micro->n_cases, ==, 60);
  g_assert_cmpuint (micro->n_case_rows, ==, 60);
  export_and_check (&team60, "regisseur", CT_EXPORT_MICRODATA, 3, TRUE, NULL);
  export_and_check (&team60, "regisseur", CT_EXPORT_AGGREGATE, 5, TRUE, NULL);
}

/* werk & inkomen may not read health or justice: no such ZRM columns. */
static void
test_need_to_know (void)
{
  g_autoptr(CtExportReport) report = NULL;

  if (python == NULL)
    {
      g_test_skip ("python3 with openpyxl is not installed");
      return;
    }
  export_and_check (&team60, "werk-inkomen", CT_EXPORT_MICRODATA, 5, FALSE, &report);
  g_assert_false (report->categories_included & (1u << CT_CATEGORY_HEALTH));
  g_assert_false (report->categories_included & (1u << CT_CATEGORY_JUSTICE));
  g_assert_true (report->categories_included & (1u << CT_CATEGORY_WORK));
  g_clear_pointer (&report, ct_export_report_free);
  export_and_check (&team60, "werk-inkomen", CT_EXPORT_AGGREGATE, 5, FALSE, &report);
}

/* Stable pseudonyms unless a fresh key is asked; the export is logged. */
static void
test_pseudonyms_and_log (void)
{
  g_autoptr(CtSession) session = unlock (&small_team, "regisseur");
  g_autoptr(CtSession) admin = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = g_build_filename (small_team.dir, "a.xlsx", NULL);
  g_autofree char *b = g_build_filename (small_team.dir, "b.xlsx", NULL);
  g_autofree char *c = g_build_filename (small_team.dir, "c.xlsx", NULL);
  g_autofree char *key = NULL;
  CtExportOptions options;
  guint exports = 0;

  ct_export_options_init (&options);
  g_assert_true (ct_export_workbook (session, a, &options, NULL, NULL, NULL, &error));
  g_assert_true (ct_export_workbook (session, b, &options, NULL, NULL, NULL, &error));
  options.fresh_pseudonym_key = TRUE;
  g_assert_true (ct_export_workbook (session, c, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  key = ct_session_get_setting (session, "export.pseudonym-key", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (key), ==, 64);
  g_clear_object (&session);

  if (python != NULL)
    {
      g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "check-export.py", NULL);
      const char *argv[] = { python, script, "--pseudonyms", a, b, c, NULL };
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                   NULL, &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  g_unlink (a);
  g_unlink (b);
  g_unlink (c);

  admin = unlock (&small_team, CT_DEMO_ADMIN_LOGIN);
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->action != 'E' || g_strcmp0 (e->object_table, "export") != 0)
        continue;
      g_assert_true (g_str_has_prefix (e->purpose, "evaluator export "));
      g_assert_nonnull (strstr (e->categories, "health"));
      exports += g_str_equal (e->purpose, "evaluator export microdata");
    }
  g_assert_cmpuint (exports, >=, 3);
}

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
  g_autoptr(CtSession) session = unlock (&team60, "regisseur");
  g_autoptr(CtExportReport) report = NULL;
  g_autoptr(CtExportReport) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (team60.dir, "async.xlsx", NULL);
  CtExportOptions options;
  double last = 0;

  ct_export_options_init (&options);
  g_assert_true (ct_export_preview (session, &options, &preview, &error));
  g_assert_no_error (error);

  ct_export_workbook_async (session, out, &options, progress_cb, &last, NULL, NULL,
                            async_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (last, ==, 1.0);
  assert_no_leftovers (&team60, out);

  /* The preview is the same anonymisation. */
  g_assert_cmpuint (preview->k_reached, ==, report->k_reached);
  g_assert_cmpuint (preview->n_rows_suppressed, ==, report->n_rows_suppressed);
  g_assert_cmpuint (preview->n_cells_primary, ==, report->n_cells_primary);
  g_assert_cmpuint (preview->n_cells_secondary, ==, report->n_cells_secondary);
  g_unlink (out);
}

/* A failed write leaves neither the workbook nor a temporary file. */
static void
test_unwritable (void)
{
  g_autoptr(CtSession) session = unlock (&small_team, "regisseur");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (small_team.dir, "missing", "out.xlsx", NULL);
  CtExportOptions options;

  ct_export_options_init (&options);
  g_assert_false (ct_export_workbook (session, out, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* The table rule on random tables: no line with exactly one suppressed cell. */
static void
test_secondary_suppression (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      guint n_rows = g_rand_int_range (rand, 1, 7), n_cols = g_rand_int_range (rand, 1, 6);
      gboolean row_totals = g_rand_boolean (rand), col_totals = g_rand_boolean (rand) || !row_totals;
      g_autoptr(CtAnonTable) t = ct_anon_table_new (n_rows, n_cols, row_totals, col_totals);
      guint unit = 0;

      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < n_cols; c++)
          for (int n = g_rand_int_range (rand, 0, 25); n > 0; n--)
            ct_anon_table_add (t, r, c, unit++, 1);
      ct_anon_table_protect (t, 10);

      for (guint r = 0; r <= n_rows; r++)
        for (guint c = 0; c <= n_cols; c++)
          {
            guint basis = ct_anon_table_get_basis (t, r, c);
            gboolean shown = (r < n_rows || col_totals) && (c < n_cols || row_totals);

            if (shown && basis > 0 && basis < 10)
              g_assert_true (ct_anon_table_is_suppressed (t, r, c));
          }
      for (guint r = 0; row_totals && r < n_rows + (col_totals ? 1 : 0); r++)
        {
          guint n = 0;

          for (guint c = 0; c <= n_cols; c++)
            n += ct_anon_table_is_suppressed (t, r, c);
          g_assert_cmpuint (n, !=, 1);
        }
      for (guint c = 0; col_totals && c < n_cols + (row_totals ? 1 : 0); c++)
        {
          guint n = 0;

          for (guint r = 0; r <= n_rows; r++)
            n += ct_anon_table_is_suppressed (t, r, c);
          g_assert_cmpuint (n, !=, 1);
        }
    }
  g_rand_free (rand);
}

/* k-anonymity on random quasi-identifiers, and when there are fewer than k rows. */
static void
test_k_anonymity (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 50; round++)
    {
      guint n = g_rand_int_range (rand, 0, 400), k = g_rand_int_range (rand, 2, 11);
      g_autofree CtAnonQi *qi = g_new0 (CtAnonQi, MAX (n, 1));
      g_autofree guint *sizes = NULL;
      CtAnonKResult result;

      for (guint i = 0; i < n; i++)
        qi[i] = (CtAnonQi) { g_rand_int_range (rand, 0, 6), g_rand_int_range (rand, 0, 5),
                             g_rand_int_range (rand, 0, 5), g_rand_int_range (rand, 0, 4) };
      ct_anon_k_anonymise (qi, n, k, 0.05, &result);
      sizes = g_new0 (guint, MAX (result.n_classes, 1));
      for (guint i = 0; i < n; i++)
        sizes[result.class_id[i]]++;
      for (guint c = 0; c < result.n_classes; c++)
        g_assert_cmpuint (sizes[c], >=, MIN (k, n));
      g_assert_cmpuint (result.k_reached, ==, n == 0 ? 0 : n < k ? n : result.k_reached);
      ct_anon_k_result_clear (&result);
    }
  g_rand_free (rand);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  char template[] = "/tmp/test-export-XXXXXX";
  int status;

  /* Before GLib caches the temporary directory: one of our own. */
  tmp_root = g_strdup (g_mkdtemp (template));
  g_setenv ("TMPDIR", tmp_root, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_true (ct_init (&error));
  python = find_python ();

  g_test_add_func ("/export/secondary-suppression", test_secondary_suppression);
  g_test_add_func ("/export/k-anonymity", test_k_anonymity);
  make_team (&small_team, 8, 5);
  make_team (&team60, 60, 3);
  g_test_add_func ("/export/small-team", test_small_team);
  g_test_add_func ("/export/team60", test_team60);
  g_test_add_func ("/export/need-to-know", test_need_to_know);
  g_test_add_func ("/export/pseudonyms-and-log", test_pseudonyms_and_log);
  g_test_add_func ("/export/async", test_async);
  g_test_add_func ("/export/unwritable", test_unwritable);
  status = g_test_run ();

  remove_tree (small_team.dir);
  remove_tree (team60.dir);
  remove_tree (tmp_root);
  return status;
}
