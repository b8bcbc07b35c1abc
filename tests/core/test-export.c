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
 * reads through the core as the regisseur.
 * The export in a worker is test-export-async's; the anonymiser on
 * tables of its own is test-export-anonymiser's. */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "ct-anonymise.h"
#include "ct-core.h"
#include "ct-demo.h"
#include "ct-export.h"
#include "ct-export-test-util.h"
#include "ct-pseudonym.h"

static char *python;

static CtCoreTestTeam small_team, team20, team60;

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

/* Which cases may be rows: "evaluatie" consent not withdrawn. Their
 * count, and the pseudonyms of the others, which no row may carry. */
static void
consent_figures (CtSession *session,
                 GPtrArray *cases,
                 GString   *out)
{
  g_autoptr(GPtrArray) consents = list (session, "consents");
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  guint8 key[CT_PSEUDONYM_KEY_SIZE];
  guint n_given = 0;

  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);

      if (g_strcmp0 (ct_record_get (r, "purpose"), "evaluatie") == 0
          && ct_record_get (r, "withdrawn_on") == NULL)
        g_hash_table_add (given, g_memdup2 (&(gint64) { ct_record_get_int (r, "case_id") },
                                            sizeof (gint64)));
    }
  g_assert_true (ct_pseudonym_load_key (session, key, &error));
  g_assert_no_error (error);
  ct_pseudonym_derive_key (key, "evaluator-microdata:" CT_EXPORT_TEST_AGREEMENT, key);
  for (guint i = 0; i < cases->len; i++)
    {
      gint64 id = ct_record_get_id (g_ptr_array_index (cases, i));
      char pseudonym[CT_PSEUDONYM_SIZE];

      if (g_hash_table_contains (given, &id))
        {
          n_given++;
          continue;
        }
      ct_pseudonym_compute (key, id, pseudonym);
      g_string_append_printf (out, "absent\t%s\n", pseudonym);
    }
  g_string_append_printf (out, "n_consent\t%u\n", n_given);
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
  consent_figures (session, cases, out);
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
write_expectations (CtCoreTestTeam       *team,
                    const char           *login,
                    const CtExportReport *report,
                    gboolean              health)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (team, "regisseur");
  g_autoptr(GPtrArray) values = identifying_values (session);
  g_autoptr(GString) figures = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (team->dir, "expect.txt", NULL);

  /* One session at a time holds the file. */
  g_clear_pointer (&session, ct_core_test_session_free);
  session = ct_export_test_unlock (team, login);
  expected_figures (session, figures);
  g_clear_pointer (&session, ct_core_test_session_free);

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

static void
export_and_check (CtCoreTestTeam  *team,
                  const char      *login,
                  CtExportProfile  profile,
                  guint            k,
                  gboolean         health,
                  CtExportReport **report_out)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (team, login);
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
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  g_assert_true (ct_export_workbook (session, out, &options, &report, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&session, ct_core_test_session_free);
  ct_export_test_assert_no_leftovers (team, out);

  if (profile == CT_EXPORT_MICRODATA && report->n_case_rows > 0)
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
  /* Eight households, about half with consent: fewer rows than k, none go in. */
  export_and_check (&small_team, "regisseur", CT_EXPORT_MICRODATA, 5, TRUE, &micro);
  g_assert_cmpuint (micro->n_case_rows, ==, 0);
  g_assert_cmpuint (micro->n_no_consent, >, 0);
  export_and_check (&small_team, "regisseur", CT_EXPORT_AGGREGATE, 5, TRUE, &aggregate);
  g_assert_cmpuint (aggregate->n_cells_primary, >, 0);
}

/* k over every combination of up to three columns on teams of several
 * sizes and seeds (checked again by check-export.py from the workbook). */
static void
test_sizes (void)
{
  CtCoreTestTeam *teams[] = { &team20, &team60 };

  if (python == NULL)
    {
      g_test_skip ("python3 with openpyxl is not installed");
      return;
    }
  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      g_autoptr(CtExportReport) micro = NULL;
      guint k = 5 + t;

      export_and_check (teams[t], "regisseur", CT_EXPORT_MICRODATA, k, TRUE, &micro);
      g_assert_cmpuint (micro->n_case_rows + micro->n_no_consent, ==, micro->n_cases);
      g_assert_cmpuint (micro->n_case_rows, >, 0);
      g_assert_cmpuint (micro->k_reached, >=, k);
    }
  export_and_check (&team20, "regisseur", CT_EXPORT_AGGREGATE, 5, TRUE, NULL);
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

static gboolean
export_with (CtCoreTestTeam        *team,
             const char            *login,
             const CtExportOptions *options,
             const char            *name,
             GError               **error)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (team, login);
  g_autofree char *out = g_build_filename (team->dir, name, NULL);

  return ct_export_workbook (session, out, options, NULL, NULL, NULL, error);
}

/* Stable pseudonyms under one agreement, none shared by fresh keys, other
 * row orders every time; the export and its agreement are logged. */
static void
test_pseudonyms_and_log (void)
{
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx" };
  char *paths[G_N_ELEMENTS (names)] = { NULL };
  CtExportOptions options;
  guint exports = 0;

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  g_assert_true (export_with (&team60, "regisseur", &options, names[0], &error));
  g_assert_true (export_with (&team60, "regisseur", &options, names[1], &error));
  options.fresh_pseudonym_key = TRUE;
  g_assert_true (export_with (&team60, "regisseur", &options, names[2], &error));
  g_assert_true (export_with (&team60, "regisseur", &options, names[3], &error));
  options.fresh_pseudonym_key = FALSE;
  options.agreement = "VO-OTHER";
  g_assert_true (export_with (&team60, "regisseur", &options, names[4], &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    paths[i] = g_build_filename (team60.dir, names[i], NULL);

  if (python != NULL)
    {
      g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "check-export.py", NULL);
      const char *argv[] = { python, script, "--pseudonyms", paths[0], paths[1], paths[2],
                             paths[3], paths[4], NULL };
      g_autofree char *out = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                   NULL, &status, &error));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("check-export.py --pseudonyms failed:\n%s", out);
    }
  /* g_autofree on an array would free only its first element. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_unlink (paths[i]);
      g_free (paths[i]);
    }

  admin = ct_export_test_unlock (&team60, CT_DEMO_ADMIN_LOGIN);
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->action != 'E' || g_strcmp0 (e->object_table, "export") != 0)
        continue;
      g_assert_true (g_str_has_prefix (e->purpose, "evaluator export "));
      exports += g_str_equal (e->purpose,
                              "evaluator export microdata; agreement " CT_EXPORT_TEST_AGREEMENT);
    }
  g_assert_cmpuint (exports, >=, 4);
}

/* The households' record keys of a team: all present after an aggregate
 * export. */
static GArray *
record_keys (CtCoreTestTeam *team)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (team, "regisseur");
  g_autoptr(GPtrArray) households = list (session, "households");
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ids = g_new (gint64, households->len);
  g_autofree gboolean *have = g_new (gboolean, households->len);
  GArray *keys = g_array_sized_new (FALSE, TRUE, sizeof (guint32), households->len);

  g_array_set_size (keys, households->len);
  for (guint i = 0; i < households->len; i++)
    ids[i] = ct_record_get_id (g_ptr_array_index (households, i));
  g_assert_true (ct_session_load_record_keys (session, ids, households->len,
                                              (guint32 *) (gpointer) keys->data, have, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < households->len; i++)
    g_assert_true (have[i]);
  return keys;
}

/* Every household gets a random record key on its first aggregate export,
 * stored and kept; a team that has the secret earlier versions derived the
 * keys from keeps the keys it gave, so the noise does not change. */
static void
test_record_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new (NULL, NULL);
  CtCoreTestTeam legacy = { 0 };
  CtExportOptions options;
  guint8 secret[CT_PSEUDONYM_KEY_SIZE];
  char hex[2 * CT_PSEUDONYM_KEY_SIZE + 1];

  ct_export_options_init (&options);
  options.profile = CT_EXPORT_AGGREGATE;
  g_assert_true (export_with (&team20, "regisseur", &options, "keys-1.xlsx", &error));
  g_assert_no_error (error);
  first = record_keys (&team20);
  for (guint i = 0; i < first->len; i++)
    g_hash_table_add (distinct, GUINT_TO_POINTER (g_array_index (first, guint32, i)));
  g_assert_cmpuint (g_hash_table_size (distinct), >, first->len - 2);
  g_assert_true (export_with (&team20, "regisseur", &options, "keys-2.xlsx", &error));
  g_assert_no_error (error);
  again = record_keys (&team20);
  g_assert_cmpmem (first->data, first->len * 4, again->data, again->len * 4);

  ct_export_test_make_team (&legacy, 6, 11);
  {
    g_autoptr(CtCoreTestSession) admin = ct_export_test_unlock (&legacy, CT_DEMO_ADMIN_LOGIN);
    g_autoptr(GPtrArray) households = list (admin, "households");
    g_autoptr(GArray) keys = NULL;

    randombytes_buf (secret, sizeof secret);
    sodium_bin2hex (hex, sizeof hex, secret, sizeof secret);
    g_assert_true (ct_session_set_setting (admin, CT_CELL_KEY_SETTING, hex, &error));
    g_assert_no_error (error);
    g_clear_pointer (&admin, ct_core_test_session_free);
    g_assert_true (export_with (&legacy, "regisseur", &options, "keys.xlsx", &error));
    g_assert_no_error (error);
    keys = record_keys (&legacy);
    for (guint i = 0; i < households->len; i++)
      {
        gint64 id = ct_record_get_id (g_ptr_array_index (households, i));

        g_assert_cmpuint (g_array_index (keys, guint32, i), ==,
                          ct_pseudonym_record_key (secret, id));
      }
  }
  ct_core_test_team_clear (&legacy);
}

/* No microdata row without consent; a team that counts unrecorded consent
 * as given gets more rows, never a withdrawn one. */
static void
test_consent (void)
{
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtExportReport) strict = NULL;
  g_autoptr(CtExportReport) lenient = NULL;
  g_autoptr(GError) error = NULL;

  if (python == NULL)
    {
      g_test_skip ("python3 with openpyxl is not installed");
      return;
    }
  export_and_check (&team20, "regisseur", CT_EXPORT_MICRODATA, 5, TRUE, &strict);
  g_assert_cmpuint (strict->n_no_consent, >, 0);
  admin = ct_export_test_unlock (&team20, CT_DEMO_ADMIN_LOGIN);
  g_assert_true (ct_session_set_setting (admin, CT_EXPORT_CONSENT_SETTING, "1", &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  {
    g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (&team20, "regisseur");
    CtExportOptions options;

    ct_export_options_init (&options);
    options.agreement = CT_EXPORT_TEST_AGREEMENT;
    g_assert_true (ct_export_preview (session, &options, &lenient, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (lenient->n_no_consent, <, strict->n_no_consent);
  admin = ct_export_test_unlock (&team20, CT_DEMO_ADMIN_LOGIN);
  g_assert_true (ct_session_set_setting (admin, CT_EXPORT_CONSENT_SETTING, "0", &error));
  g_assert_no_error (error);
}

static CtExportReport *
preview_under (CtCoreTestTeam *team,
               const char     *agreement)
{
  g_autoptr(CtCoreTestSession) session = ct_export_test_unlock (team, "regisseur");
  g_autoptr(GError) error = NULL;
  CtExportReport *report = NULL;
  CtExportOptions options;

  ct_export_options_init (&options);
  options.agreement = agreement;
  g_assert_true (ct_export_preview (session, &options, &report, &error));
  g_assert_no_error (error);
  return report;
}

/* A case that withdrew its consent after the previous microdata export
 * under the same agreement is named in the next one's report (and its
 * Verantwoording); another agreement has no previous export. */
static void
test_consent_withdrawn_since (void)
{
  g_autoptr(CtExportReport) before = NULL;
  g_autoptr(CtExportReport) after = NULL;
  g_autoptr(CtExportReport) other = NULL;
  g_autoptr(CtExportReport) again = NULL;
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(GError) error = NULL;
  gint64 case_id = 0;

  export_and_check (&team20, "regisseur", CT_EXPORT_MICRODATA, 5, TRUE, NULL);
  before = preview_under (&team20, CT_EXPORT_TEST_AGREEMENT);
  g_assert_nonnull (before->previous_export);
  other = preview_under (&team20, "VO-NEVER-USED");
  g_assert_null (other->previous_export);
  g_assert_cmpuint (other->n_withdrawn_since, ==, 0);

  /* Withdraw every "evaluatie" consent of one consenting case on the day
   * of that export. */
  session = ct_export_test_unlock (&team20, "regisseur");
  consents = list (session, "consents");
  for (guint i = 0; i < consents->len && case_id == 0; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);
      const char *given = ct_record_get (r, "given_on");

      if (g_strcmp0 (ct_record_get (r, "purpose"), "evaluatie") == 0
          && ct_record_get (r, "withdrawn_on") == NULL && given != NULL
          && strcmp (given, before->previous_export) <= 0)
        case_id = g_ascii_strtoll (ct_record_get (r, "case_id"), NULL, 10);
    }
  g_assert_cmpint (case_id, >, 0);
  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);

      if (g_strcmp0 (ct_record_get (r, "purpose"), "evaluatie") != 0
          || g_ascii_strtoll (ct_record_get (r, "case_id"), NULL, 10) != case_id
          || ct_record_get (r, "withdrawn_on") != NULL)
        continue;
      ct_record_set (r, "withdrawn_on", before->previous_export);
      g_assert_true (ct_session_update (session, r, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&session, ct_core_test_session_free);

  after = preview_under (&team20, CT_EXPORT_TEST_AGREEMENT);
  g_assert_cmpstr (after->previous_export, ==, before->previous_export);
  g_assert_cmpuint (after->n_withdrawn_since, ==, before->n_withdrawn_since + 1);
  g_assert_cmpuint (after->n_no_consent, ==, before->n_no_consent + 1);

  /* Given again, as new rows from today: the case is a row again. */
  session = ct_export_test_unlock (&team20, "regisseur");
  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);

      if (g_strcmp0 (ct_record_get (r, "purpose"), "evaluatie") != 0
          || g_ascii_strtoll (ct_record_get (r, "case_id"), NULL, 10) != case_id)
        continue;
      g_assert_cmpint (ct_session_reinstate_consent (session, ct_record_get_id (r), NULL, &error),
                       >, 0);
      g_assert_no_error (error);
    }
  g_clear_pointer (&session, ct_core_test_session_free);
  again = preview_under (&team20, CT_EXPORT_TEST_AGREEMENT);
  g_assert_cmpuint (again->n_no_consent, ==, before->n_no_consent);
}

/* The floors hold for everyone; below the defaults only a beheerder with a
 * reason; microdata only with an agreement. */
static void
test_floors (void)
{
  CtExportOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean logged = FALSE;

  ct_export_options_init (&options);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  options.k = 2;
  options.reason = "pilot";
  g_assert_false (export_with (&small_team, CT_DEMO_ADMIN_LOGIN, &options, "f.xlsx", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  options.k = 5;
  options.threshold = 4;
  g_assert_false (export_with (&small_team, CT_DEMO_ADMIN_LOGIN, &options, "f.xlsx", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* Below the defaults: not for a regisseur, not without a reason. */
  options.threshold = 0;
  options.k = 3;
  g_assert_false (export_with (&small_team, "regisseur", &options, "f.xlsx", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  options.reason = "  ";
  g_assert_false (export_with (&small_team, CT_DEMO_ADMIN_LOGIN, &options, "f.xlsx", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  options.agreement = NULL;
  options.reason = "pilot of 8 households";
  g_assert_false (export_with (&small_team, CT_DEMO_ADMIN_LOGIN, &options, "f.xlsx", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  options.agreement = CT_EXPORT_TEST_AGREEMENT;
  g_assert_true (export_with (&small_team, CT_DEMO_ADMIN_LOGIN, &options, "f.xlsx", &error));
  g_assert_no_error (error);

  admin = ct_export_test_unlock (&small_team, CT_DEMO_ADMIN_LOGIN);
  log = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      logged |= e->purpose != NULL && strstr (e->purpose, "reason: pilot of 8 households") != NULL
                && strstr (e->purpose, "k 3") != NULL;
    }
  g_assert_true (logged);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ct_export_test_init (&argc, &argv);
  python = find_python ();

  ct_export_test_make_team (&small_team, 8, 5);
  ct_export_test_make_team (&team20, 20, 7);
  ct_export_test_make_team (&team60, 60, 3);
  g_test_add_func ("/export/small-team", test_small_team);
  g_test_add_func ("/export/sizes", test_sizes);
  g_test_add_func ("/export/consent", test_consent);
  g_test_add_func ("/export/record-keys", test_record_keys);
  g_test_add_func ("/export/consent-withdrawn-since", test_consent_withdrawn_since);
  g_test_add_func ("/export/floors", test_floors);
  g_test_add_func ("/export/need-to-know", test_need_to_know);
  g_test_add_func ("/export/pseudonyms-and-log", test_pseudonyms_and_log);
  status = g_test_run ();

  ct_core_test_team_clear (&small_team);
  ct_core_test_team_clear (&team20);
  ct_core_test_team_clear (&team60);
  return ct_export_test_finish (status);
}
