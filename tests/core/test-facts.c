/* test-facts.c — no fact of a category reaches a role that may not read it
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For every demo role over demo teams of several seeds: everything the
 * session hands out (lists, scans) and the CLI prints (cases, case --json
 * of every case, log) holds no fact of a category the role may not read. The canaries are
 * the demo's own texts and organisation names of each category, the ZRM
 * domain names and the Dutch term lists of ct_category_terms_find(), which
 * are checked against general text. Then attacks on the rules, and the raw
 * database opened with K_db in the stock sqlcipher shell
 * (docs/categories.md). */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-demo-private.h"
#include "ct-demo.h"
#include "ct-session-private.h"

#define N_HOUSEHOLDS 10

typedef struct
{
  guint32  seed;
  char    *path;
} Team;

static Team teams[] = { { 7, NULL }, { 1313, NULL } };
static char *dir;

static CtSession *
unlock (const char *path,
        const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, login, CT_DEMO_PASSPHRASE, &error);

  g_assert_no_error (error);
  return session;
}

/* ---- canaries -------------------------------------------------------------- */

/* The demo's strings that are facts of @c: never to be seen without it. */
static GPtrArray *
canaries (CtCategory c)
{
  GPtrArray *out = ct_core_test_demo_facts (c);

  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    if (ct_zrm_domain_category (d) == c)
      g_ptr_array_add (out, g_strdup (ct_zrm_domains[d]));
  return out;
}

/* ---- what a role is handed -------------------------------------------------- */

typedef struct
{
  GString *all;      /* every value and every CLI output */
  GString *general;  /* general values only: the term lists apply here */
} Seen;

static void
seen_value (Seen       *seen,
            const char *value,
            gboolean    general)
{
  if (value == NULL)
    return;
  g_string_append_printf (seen->all, "%s\n", value);
  if (general)
    g_string_append_printf (seen->general, "%s\n", value);
}

/* A value read is general when its field is, or follows a general row. */
static gboolean
is_general (CtRecord      *record,
            const CtField *field)
{
  if (field->by_row)
    return g_strcmp0 (ct_record_get (record, "row_category"), "general") == 0;
  return field->category == CT_CATEGORY_GENERAL;
}

static void
collect_lists (CtSession *session,
               Seen      *seen)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = ct_session_list (session, tables[t]->name, NULL, 0, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          CtRecord *r = g_ptr_array_index (rows, i);

          for (guint f = 0; f < tables[t]->n_fields; f++)
            seen_value (seen, ct_record_get (r, tables[t]->fields[f].name),
                        is_general (r, &tables[t]->fields[f]));
        }
    }
}

static gboolean
scan_row (const CtScanRow *row,
          gpointer         user_data,
          GError         **error)
{
  gpointer *args = user_data;
  Seen *seen = args[0];
  const CtTable *table = args[1];

  for (guint f = 0; f < table->n_fields; f++)
    seen_value (seen, row->values[f], FALSE);
  return TRUE;
}

static void
collect_scans (CtSession *session,
               Seen      *seen)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      gpointer args[2] = { seen, (gpointer) tables[t] };

      for (guint f = 0; f < tables[t]->n_fields; f++)
        g_ptr_array_add (names, (gpointer) tables[t]->fields[f].name);
      g_ptr_array_add (names, NULL);
      g_assert_true (ct_session_scan (session, tables[t]->name,
                                      (const char * const *) names->pdata, scan_row, args,
                                      &error));
      g_assert_no_error (error);
    }
}

static char *
run_cli (const char * const *argv)
{
  const char *cli = g_getenv ("CASUSTAFEL_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
    | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (args, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, (gpointer) "--passphrase-stdin");
  g_ptr_array_add (args, NULL);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "nl", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, CT_DEMO_PASSPHRASE "\n", NULL, &out,
                                                &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s %s failed: %s", cli, argv[0], err);
  return out;
}

/* JSON keys are field names, not facts: the ZRM's thirteen columns are
 * there for every case. Only the values are kept. */
static char *
json_values (const char *json)
{
  g_autoptr(GRegex) key = g_regex_new ("\"[a-z_0-9]+\":", 0, 0, NULL);

  return g_regex_replace_literal (key, json, -1, 0, ":", 0, NULL);
}

static void
collect_cli (const char *path,
             const char *login,
             gboolean    admin,
             GPtrArray  *case_ids,
             Seen       *seen)
{
  const char *cases[] = { "cases", path, "--login", login, NULL };
  const char *cases_json[] = { "cases", path, "--login", login, "--json", NULL };
  const char *log[] = { "log", path, "--login", login, NULL };
  g_autofree char *text = run_cli (cases);
  g_autofree char *json = run_cli (cases_json);
  g_autofree char *values = json_values (json);

  /* The case list holds general values and the domains one may read. */
  seen_value (seen, text, TRUE);
  seen_value (seen, values, FALSE);
  for (guint i = 0; i < case_ids->len; i++)
    {
      const char *one[] = { "case", path, "--login", login, g_ptr_array_index (case_ids, i),
                            "--json", NULL };
      g_autofree char *out = run_cli (one);
      g_autofree char *kept = json_values (out);

      seen_value (seen, kept, FALSE);
    }
  if (admin)
    {
      g_autofree char *out = run_cli (log);
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      /* The log names members by login and role, and the demo's logins are
       * role names (huisvesting, politie): they name the team, not a fact
       * of a household, so the login and role columns are left out. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

          for (guint c = 0; cells[c] != NULL; c++)
            if (c != 2 && c != 3)
              seen_value (seen, cells[c], FALSE);
        }
    }
}

static void
assert_nothing_of (const char *login,
                   CtCategory  c,
                   Seen       *seen)
{
  g_autoptr(GPtrArray) words = canaries (c);
  g_autoptr(GArray) matches = ct_category_terms_find (seen->general->str);

  for (guint i = 0; i < words->len; i++)
    if (strstr (seen->all->str, g_ptr_array_index (words, i)) != NULL)
      g_error ("%s sees the %s fact \"%s\"", login, ct_category_to_string (c),
               (char *) g_ptr_array_index (words, i));

  for (guint i = 0; i < matches->len; i++)
    {
      CtTermMatch *m = &g_array_index (matches, CtTermMatch, i);

      if (m->category == c)
        g_error ("%s sees general text with the %s term %s: \"%.*s\"", login,
                 ct_category_to_string (c), m->term, (int) (m->end - m->start),
                 seen->general->str + m->start);
    }
}

static GPtrArray *
case_ids (CtSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (session, "cases", NULL, 0, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  /* The last cases are the newest, with the fewest facts: the first ones. */
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT,
                                           ct_record_get_id (g_ptr_array_index (rows, i))));
  return ids;
}

static void
check_role (Team       *team,
            const char *login)
{
  g_autoptr(CtCoreTestSession) session = unlock (team->path, login);
  g_autoptr(GPtrArray) ids = case_ids (session);
  Seen seen = { g_string_new (NULL), g_string_new (NULL) };
  gboolean admin = session->member->is_admin;
  guint forbidden = 0;

  collect_lists (session, &seen);
  collect_scans (session, &seen);
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    if (!ct_session_can_read (session, ct_fact_categories[k]))
      forbidden |= 1u << ct_fact_categories[k];
  g_clear_pointer (&session, ct_core_test_session_free);
  collect_cli (team->path, login, admin, ids, &seen);

  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    if (forbidden & (1u << ct_fact_categories[k]))
      assert_nothing_of (login, ct_fact_categories[k], &seen);
  g_test_message ("%s (seed %u): %zu bytes seen, categories hidden 0x%x", login, team->seed,
                  seen.all->len, forbidden);
  g_string_free (seen.all, TRUE);
  g_string_free (seen.general, TRUE);
}

static void
test_every_role (void)
{
  const char * const *logins = ct_demo_get_logins ();

  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    for (guint i = 0; logins[i] != NULL; i++)
      check_role (&teams[t], logins[i]);
}

/* The canaries do catch: the regisseur reads every category, and sees them. */
static void
test_canaries_catch (void)
{
  g_autoptr(CtCoreTestSession) session = unlock (teams[0].path, "regisseur");
  Seen seen = { g_string_new (NULL), g_string_new (NULL) };
  guint found = 0;

  collect_lists (session, &seen);
  for (guint k = 0; k < CT_N_FACT_CATEGORIES; k++)
    {
      g_autoptr(GPtrArray) words = canaries (ct_fact_categories[k]);

      for (guint i = 0; i < words->len; i++)
        found += strstr (seen.all->str, g_ptr_array_index (words, i)) != NULL;
    }
  g_assert_cmpuint (found, >, 20);
  g_string_free (seen.all, TRUE);
  g_string_free (seen.general, TRUE);
}

/* ---- the term checker ---------------------------------------------------------- */

static void
test_terms (void)
{
  const char *text = "Het gezin woont in Noord. Vader is in behandeling bij de GGZ! "
                     "Er is een aangifte gedaan; de SCHULDHULP is gestart.\n"
                     "Moeder gebruikt cocaïne en alcohol. Niets bijzonders.";
  g_autoptr(GArray) m = ct_category_terms_find (text);
  g_autoptr(GArray) none = ct_category_terms_find ("Een behandelingskamer? Nee: de schuldige "
                                                   "is bekend, het politiek debat ook.");

  g_assert_cmpuint (m->len, ==, 4);
  g_assert_cmpint (g_array_index (m, CtTermMatch, 0).category, ==, CT_CATEGORY_HEALTH);
  g_assert_true (g_str_has_prefix (text + g_array_index (m, CtTermMatch, 0).start, "Vader is"));
  g_assert_cmpint (g_array_index (m, CtTermMatch, 1).category, ==, CT_CATEGORY_JUSTICE);
  g_assert_cmpint (g_array_index (m, CtTermMatch, 2).category, ==, CT_CATEGORY_FINANCE);
  g_assert_cmpint (g_array_index (m, CtTermMatch, 3).category, ==, CT_CATEGORY_HEALTH);
  g_assert_true (g_str_has_prefix (text + g_array_index (m, CtTermMatch, 3).start, "Moeder"));
  /* "behandel*" starts "behandelingskamer": a warning too many is fine;
   * "schuldige" and "politiek" are not "schuld" and "politie*"... */
  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpint (g_array_index (none, CtTermMatch, 0).category, ==, CT_CATEGORY_HEALTH);
  g_assert_cmpuint (ct_category_terms_find (NULL)->len, ==, 0);

  /* The demo's referrers are general text: they name no category's facts,
   * and the checker sees one that does. */
  for (guint i = 0; ct_demo_referrers[i] != NULL; i++)
    {
      g_autoptr(GArray) r = ct_category_terms_find (ct_demo_referrers[i]);

      g_assert_cmpuint (r->len, ==, 0);
    }
  g_clear_pointer (&m, g_array_unref);
  m = ct_category_terms_find ("Verslavingszorg Noord");
  g_assert_cmpuint (m->len, ==, 1);
  g_assert_cmpint (g_array_index (m, CtTermMatch, 0).category, ==, CT_CATEGORY_HEALTH);
}

/* ---- attacks --------------------------------------------------------------------- */

static gint64
first_of_type (CtSession  *session,
               const char *table,
               const char *field,
               const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (session, table, NULL, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (ct_record_get (g_ptr_array_index (rows, i), field), value) == 0)
      return ct_record_get_id (g_ptr_array_index (rows, i));
  return 0;
}

static void
test_rules (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (teams[0].path, "regisseur");
  gint64 health_org = first_of_type (regisseur, "organisations", "row_category", "health");
  gint64 health_goal = first_of_type (regisseur, "goals", "row_category", "health");
  gint64 health_expense = first_of_type (regisseur, "expenses", "row_category", "health");
  gint64 household = first_of_type (regisseur, "households", "area", NULL);
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtCoreTestSession) beheerder = NULL;
  g_autoptr(CtRecord) record = NULL;
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(CtRecord) org = ct_record_new ("organisations");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (health_org, >, 0);
  g_assert_cmpint (health_goal, >, 0);
  household = household > 0 ? household : 1;
  g_clear_pointer (&regisseur, ct_core_test_session_free);

  politie = unlock (teams[0].path, "politie");
  g_assert_null (ct_session_get (politie, "organisations", health_org, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No action on a goal one may not see. */
  ct_record_set_int (action, "household_id", household);
  ct_record_set_int (action, "goal_id", health_goal);
  ct_record_set (action, "what", "Afspraak maken");
  ct_record_set (action, "status", "open");
  g_assert_cmpint (ct_session_insert (politie, action, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  /* No organisation of a category one may not write. */
  ct_record_set_int (org, "household_id", household);
  ct_record_set (org, "name", "Ambulant team");
  ct_record_set (org, "type", "ggz");
  g_assert_cmpint (ct_session_insert (politie, org, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* An expense's bookkeeping is general, its purpose is not politie's. */
  if (health_expense > 0)
    {
      record = ct_session_get (politie, "expenses", health_expense, &error);
      g_assert_no_error (error);
      g_assert_true (ct_record_is_restricted (record, "purpose"));
      g_assert_true (ct_record_is_restricted (record, "row_category"));
      ct_record_set (record, "justification", "Iets anders");
      g_assert_false (ct_session_update (politie, record, &error));
      g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
      g_clear_error (&error);
    }
  g_clear_pointer (&politie, ct_core_test_session_free);

  /* A beheerder may delete, but not what it cannot read. */
  beheerder = unlock (teams[0].path, "beheerder");
  g_assert_false (ct_session_delete (beheerder, "organisations", health_org, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);

  /* K_db alone: marking a health row general leaves ciphertext that no
   * general read accepts. */
  g_assert_cmpint (sqlite3_exec (beheerder->db, "UPDATE organisations SET row_category = NULL "
                                 "WHERE row_category IS NOT NULL", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_null (ct_session_list (beheerder, "organisations", NULL, 0, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
  g_clear_error (&error);
}

/* An action is about what its goal is about: a goal that becomes a health
 * goal takes its actions along, so what an action written while the goal
 * was general says is no longer readable to the politie, nor left in the
 * clear. */
static void
test_goal_takes_actions (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (teams[0].path, "regisseur");
  g_autoptr(CtCoreTestSession) politie = NULL;
  gint64 household = first_of_type (regisseur, "households", "area", NULL);
  g_autoptr(CtRecord) goal = ct_record_new ("goals");
  g_autoptr(CtRecord) action = ct_record_new ("actions");
  g_autoptr(CtRecord) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *category_sql = NULL;
  g_autofree char *clear_sql = NULL;
  gint64 goal_id, action_id;

  household = household > 0 ? household : 1;
  ct_record_set_int (goal, "household_id", household);
  ct_record_set (goal, "domain", "sociaal_netwerk");
  ct_record_set (goal, "description", "Netwerk versterken");
  ct_record_set (goal, "status", "open");
  goal_id = ct_session_insert (regisseur, goal, &error);
  g_assert_no_error (error);
  ct_record_set_int (action, "household_id", household);
  ct_record_set_int (action, "goal_id", goal_id);
  ct_record_set (action, "what", "Afspraak bij de psychiater maken");
  ct_record_set (action, "status", "open");
  action_id = ct_session_insert (regisseur, action, &error);
  g_assert_no_error (error);
  category_sql = g_strdup_printf ("SELECT row_category IS NOT NULL FROM actions WHERE id = %"
                                  G_GINT64_FORMAT, action_id);
  clear_sql = g_strdup_printf ("SELECT count(*) FROM actions WHERE what = "
                               "'Afspraak bij de psychiater maken' AND id = %" G_GINT64_FORMAT,
                               action_id);
  g_assert_cmpint (ct_core_test_query_int (regisseur->db, category_sql), ==, 0);
  g_assert_cmpint (ct_core_test_query_int (regisseur->db, clear_sql), ==, 1);

  g_clear_pointer (&regisseur, ct_core_test_session_free);
  politie = unlock (teams[0].path, "politie");
  read = ct_session_get (politie, "actions", action_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (read, "what"), ==, "Afspraak bij de psychiater maken");
  g_clear_pointer (&read, ct_record_unref);
  g_clear_pointer (&politie, ct_core_test_session_free);

  regisseur = unlock (teams[0].path, "regisseur");
  read = ct_session_get (regisseur, "goals", goal_id, &error);
  g_assert_no_error (error);
  ct_record_set (read, "domain", "geestelijke_gezondheid");
  g_assert_true (ct_session_update (regisseur, read, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, ct_record_unref);

  /* Sealed under health in the file, not in the clear. */
  g_assert_cmpint (ct_core_test_query_int (regisseur->db, category_sql), ==, 1);
  g_assert_cmpint (ct_core_test_query_int (regisseur->db, clear_sql), ==, 0);
  read = ct_session_get (regisseur, "actions", action_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (read, "what"), ==, "Afspraak bij de psychiater maken");
  g_assert_cmpstr (ct_record_get (read, "row_category"), ==, "health");
  g_clear_pointer (&read, ct_record_unref);
  g_clear_pointer (&regisseur, ct_core_test_session_free);

  /* Actions are partial (docs/categories.md): the politie keeps the
   * bookkeeping, never what is to be done. */
  politie = unlock (teams[0].path, "politie");
  read = ct_session_get (politie, "actions", action_id, &error);
  g_assert_no_error (error);
  g_assert_true (ct_record_is_restricted (read, "what"));
  g_assert_true (ct_record_is_restricted (read, "row_category"));
  g_assert_cmpstr (ct_record_get (read, "status"), ==, "open");
}

/* A file from before row categories: a GGZ organisation stored in the
 * clear and a case's domains in one set. The first session that reads
 * every category seals and splits them. */
static void
test_upgrade (void)
{
  g_autoptr(CtCoreTestSession) session = unlock (teams[1].path, "beheerder");
  g_autoptr(CtRecord) org = NULL;
  g_autoptr(CtRecord) kase = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_exec (session->db,
                                 "INSERT INTO organisations (id, household_id, name, type, "
                                 "created_at, updated_at) VALUES (9999, 1, 'Oude GGZ-praktijk', "
                                 "'ggz', 'x', 'x');"
                                 "UPDATE cases SET domains = 'financien,sociaal_netwerk,"
                                 "middelengebruik', domains_health = NULL, domains_finance = NULL "
                                 "WHERE id = 1;"
                                 "DELETE FROM settings WHERE key = 'row-categories-sealed';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&session, ct_core_test_session_free);

  /* politie holds not every key: nothing is done yet. */
  session = unlock (teams[1].path, "politie");
  g_clear_pointer (&session, ct_core_test_session_free);
  session = unlock (teams[1].path, "regisseur");
  org = ct_session_get (session, "organisations", 9999, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (org, "row_category"), ==, "health");
  kase = ct_session_get (session, "cases", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (kase, "domains"), ==, "sociaal_netwerk");
  g_assert_cmpstr (ct_record_get (kase, "domains_health"), ==, "middelengebruik");
  g_assert_cmpstr (ct_record_get (kase, "domains_finance"), ==, "financien");
  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT typeof (name), typeof (type) FROM "
                                       "organisations WHERE id = 9999", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "blob");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "blob");
  sqlite3_finalize (stmt);
  g_clear_pointer (&session, ct_core_test_session_free);

  session = unlock (teams[1].path, "politie");
  g_assert_null (ct_session_get (session, "organisations", 9999, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
}

/* A consent's category is a fact of it: sealed in the file, not handed to
 * a role that may not read it, changed and given again only by who may. */
static void
test_consents (void)
{
  g_autoptr(CtCoreTestSession) regisseur = unlock (teams[0].path, "regisseur");
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtRecord) consent = NULL;
  g_autoptr(CtRecord) again = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  g_autoptr(GError) error = NULL;
  gint64 health = first_of_type (regisseur, "consents", "category", "health");
  gint64 justice = first_of_type (regisseur, "consents", "category", "justice");

  g_assert_cmpint (health, >, 0);
  g_assert_cmpint (justice, >, 0);
  /* K_db alone: no consent says its category in the clear but a general one. */
  g_assert_cmpint (ct_core_test_query_int (regisseur->db,
                                           "SELECT count(*) FROM consents WHERE typeof (category) "
                                           "= 'text' AND category <> 'general'"), ==, 0);
  g_assert_cmpint (ct_core_test_query_int (regisseur->db,
                                           "SELECT count(*) FROM consents WHERE typeof "
                                           "(row_category) = 'blob'"), >, 0);

  /* The regisseur edits and withdraws; a new consent gives it again. */
  consent = ct_session_get (regisseur, "consents", health, &error);
  g_assert_no_error (error);
  ct_record_set (consent, "share_at_table", "true");
  ct_record_set (consent, "withdrawn_on", ct_record_get (consent, "given_on"));
  g_assert_true (ct_session_update (regisseur, consent, &error));
  g_assert_no_error (error);
  g_clear_pointer (&regisseur, ct_core_test_session_free);

  politie = unlock (teams[0].path, "politie");
  seen = ct_session_list (politie, "consents", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, >, 0);
  for (guint i = 0; i < seen->len; i++)
    {
      const char *category = ct_record_get (g_ptr_array_index (seen, i), "category");

      g_assert_true (g_str_equal (category, "identity") || g_str_equal (category, "justice")
                     || g_str_equal (category, "general"));
    }
  g_assert_null (ct_session_get (politie, "consents", health, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ct_session_delete (politie, "consents", health, &error));
  g_clear_error (&error);

  /* Nor may politie record one of health, or turn its own into one. */
  again = ct_record_new ("consents");
  ct_record_set_int (again, "case_id", 1);
  ct_record_set (again, "category", "health");
  ct_record_set (again, "purpose", "casusoverleg");
  ct_record_set (again, "basis", "toestemming");
  ct_record_set (again, "given_on", "2026-01-05");
  g_assert_cmpint (ct_session_insert (politie, again, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&consent, ct_record_unref);
  consent = ct_session_get (politie, "consents", justice, &error);
  g_assert_no_error (error);
  ct_record_set (consent, "category", "health");
  g_assert_false (ct_session_update (politie, consent, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&politie, ct_core_test_session_free);

  /* A file from before: a health consent in the clear is sealed by the
   * first session that reads every category, not by politie. */
  regisseur = unlock (teams[0].path, "regisseur");
  g_assert_cmpint (sqlite3_exec (regisseur->db,
                                 "INSERT INTO consents (id, case_id, category, purpose, basis, "
                                 "given_on, created_at, updated_at) VALUES (9999, 1, 'health', "
                                 "'casusoverleg', 'toestemming', '2026-01-05', 'x', 'x');"
                                 "DELETE FROM settings WHERE key = 'consent-categories-sealed';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_pointer (&regisseur, ct_core_test_session_free);
  politie = unlock (teams[0].path, "politie");
  g_assert_cmpint (ct_core_test_query_int (politie->db,
                                           "SELECT count(*) FROM consents WHERE id = 9999 AND "
                                           "typeof (category) = 'text'"), ==, 1);
  g_clear_pointer (&politie, ct_core_test_session_free);
  regisseur = unlock (teams[0].path, "regisseur");
  g_assert_cmpint (ct_core_test_query_int (regisseur->db,
                                           "SELECT count(*) FROM consents WHERE typeof (category) "
                                           "= 'text' AND category <> 'general'"), ==, 0);
  g_clear_pointer (&consent, ct_record_unref);
  consent = ct_session_get (regisseur, "consents", 9999, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (consent, "category"), ==, "health");
  g_clear_pointer (&regisseur, ct_core_test_session_free);
  politie = unlock (teams[0].path, "politie");
  g_assert_null (ct_session_get (politie, "consents", 9999, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
}

/* The log names only the categories its reader may read; the others, once,
 * as "hidden". */
static void
test_log_categories (void)
{
  g_autoptr(CtCoreTestSession) beheerder = unlock (teams[0].path, "beheerder");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = ct_session_read_log (beheerder, &error);
  guint n_hidden = 0;

  g_assert_no_error (error);
  g_assert_false (ct_session_can_read (beheerder, CT_CATEGORY_HEALTH));
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);
      g_auto(GStrv) names = g_strsplit (e->categories, ",", -1);

      for (guint j = 0; names[j] != NULL; j++)
        {
          if (g_str_equal (names[j], CT_LOG_HIDDEN_CATEGORIES))
            {
              n_hidden++;
              g_assert_null (names[j + 1]);
              continue;
            }
          g_assert_true (ct_session_can_read (beheerder, ct_category_from_string (names[j])));
        }
    }
  g_assert_cmpuint (n_hidden, >, 0);
}

/* ---- the raw file ------------------------------------------------------------------ */

static char *
hex_of (const guint8 *key)
{
  GString *hex = g_string_new (NULL);

  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  return g_string_free (hex, FALSE);
}

static void
test_raw_file (void)
{
  const char *shell = g_getenv ("SQLCIPHER_SHELL");
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autofree char *plain = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *hex = NULL;
  g_autofree char *script = NULL;
  g_autofree char *dump = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  guint n_checked = 0;

  if (shell == NULL || shell[0] == '\0')
    {
      g_test_skip ("the sqlcipher shell is not installed");
      return;
    }
  /* A member's own K_db, as anyone who unlocks could take it. */
  session = unlock (teams[1].path, "politie");
  hex = hex_of (session->db_key);
  g_assert_true (ct_store_export_plain (session->db, plain, session->db_key, &error));
  g_assert_no_error (error);
  g_clear_pointer (&session, ct_core_test_session_free);

  script = g_strdup_printf ("PRAGMA key = \"x'%s'\";\n.dump\n", hex);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, shell, plain, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, script, NULL, &dump, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (dump, "INSERT INTO"));
  /* Values only: the schema names the ZRM's thirteen columns. */
  {
    g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
    GString *values = g_string_new (NULL);

    guint n_tables;
    const CtTable * const *tables = ct_schema_get_tables (&n_tables);

    /* The team's data tables: the members and the policy name logins and
     * roles, which are the demo's role names (huisvesting), not facts. */
    for (guint i = 0; lines[i] != NULL; i++)
      for (guint t = 0; t < n_tables; t++)
        {
          g_autofree char *bare = g_strdup_printf ("INSERT INTO %s ", tables[t]->name);
          g_autofree char *quoted = g_strdup_printf ("INSERT INTO \"%s\" ", tables[t]->name);

          if (g_str_has_prefix (lines[i], bare) || g_str_has_prefix (lines[i], quoted))
            g_string_append_printf (values, "%s\n", lines[i]);
        }
    g_free (dump);
    dump = g_string_free (values, FALSE);
  }
  /* General facts are there in the clear: the check reads the right thing. */
  g_assert_nonnull (strstr (dump, "'wijkteam'"));

  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    {
      g_autoptr(GPtrArray) words = canaries (c);

      for (guint i = 0; i < words->len; i++, n_checked++)
        if (strstr (dump, g_ptr_array_index (words, i)) != NULL)
          g_error ("the raw database holds the %s fact \"%s\"", ct_category_to_string (c),
                   (char *) g_ptr_array_index (words, i));
    }
  for (guint i = 0; i < ct_demo_n_organisations; i++)
    {
      const char *type = ct_demo_organisations[i].type;
      g_autofree char *quoted = g_strdup_printf ("'%s'", type);

      if (ct_partner_type_category (type) != CT_CATEGORY_GENERAL)
        g_assert_null (strstr (dump, quoted));
    }
  g_test_message ("%u canaries absent from %zu bytes of dump", n_checked, strlen (dump));
  g_unlink (plain);
}

int
main (int    argc,
      char **argv)
{
  int status;

  ct_core_test_init (&argc, &argv);
  /* meson passes casustafel-cli and, when installed, the sqlcipher shell. */
  if (argc > 1)
    g_setenv ("CASUSTAFEL_CLI", argv[1], TRUE);
  if (argc > 2)
    g_setenv ("SQLCIPHER_SHELL", argv[2], TRUE);
  dir = g_dir_make_tmp ("test-facts-XXXXXX", NULL);
  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("demo-%u.casus", teams[t].seed);

      teams[t].path = g_build_filename (dir, name, NULL);
      g_autoptr(CtCoreTestSession) admin = NULL;

      g_assert_true (ct_demo_create (teams[t].path, N_HOUSEHOLDS, teams[t].seed, NULL, NULL,
                                     &error));
      g_assert_no_error (error);
      /* What each role's categories let it see of every household; the
       * demo's involvement limit is test-demo's and test-involvement's. */
      admin = unlock (teams[t].path, "beheerder");
      g_assert_true (ct_session_set_need_to_know (admin, FALSE, 14, &error));
      g_assert_no_error (error);
      ct_session_lock (admin);
    }

  g_test_add_func ("/facts/terms", test_terms);
  g_test_add_func ("/facts/canaries-catch", test_canaries_catch);
  g_test_add_func ("/facts/every-role", test_every_role);
  g_test_add_func ("/facts/raw-file", test_raw_file);
  g_test_add_func ("/facts/rules", test_rules);
  g_test_add_func ("/facts/goal-takes-actions", test_goal_takes_actions);
  g_test_add_func ("/facts/upgrade", test_upgrade);
  g_test_add_func ("/facts/consents", test_consents);
  g_test_add_func ("/facts/log-categories", test_log_categories);
  status = g_test_run ();

  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      g_unlink (teams[t].path);
      g_free (teams[t].path);
    }
  g_rmdir (dir);
  g_free (dir);
  return status;
}
