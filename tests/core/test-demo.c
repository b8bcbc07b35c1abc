/* test-demo.c — the demo team: deterministic, valid and need-to-know
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-clock.h"
#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-demo.h"

#define N_HOUSEHOLDS 20
#define SEED         4242

static char *dir;
static char *path_a;
static char *path_b;

static CtSession *
unlock (const char *path,
        const char *login)
{
  return ct_core_test_unlock (path, login, CT_DEMO_PASSPHRASE);
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

/* Every field of every row, as text; restricted fields marked. */
static char *
dump (CtSession  *session,
      const char *table)
{
  g_autoptr(GPtrArray) rows = list (session, table);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      CtRecord *r = g_ptr_array_index (rows, i);
      const CtTable *t = ct_record_get_table (r);

      g_string_append_printf (out, "%" G_GINT64_FORMAT ":", ct_record_get_id (r));
      for (guint f = 0; f < t->n_fields; f++)
        {
          const char *name = t->fields[f].name;
          const char *value = ct_record_get (r, name);

          g_string_append_printf (out, "|%s=%s", name,
                                  ct_record_is_restricted (r, name) ? "#" : value ? value : "");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_deterministic (void)
{
  const char *tables[] = { "households", "persons", "cases", "zrm", "organisations",
                           "actions", "meetings", "agenda_items", "advice", "expenses" };
  g_autoptr(CtCoreTestSession) a = unlock (path_a, "regisseur");
  g_autoptr(CtCoreTestSession) b = NULL;
  g_autoptr(GPtrArray) cases = list (a, "cases");

  g_assert_cmpuint (cases->len, ==, N_HOUSEHOLDS);
  /* The two files are locked one at a time. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *from_a = NULL;
      g_autofree char *from_b = NULL;

      g_clear_pointer (&b, ct_core_test_session_free);
      from_a = dump (a, tables[i]);
      ct_session_lock (a);
      b = unlock (path_b, "regisseur");
      from_b = dump (b, tables[i]);
      ct_session_lock (b);
      g_clear_pointer (&a, ct_core_test_session_free);
      a = unlock (path_a, "regisseur");
      g_assert_cmpstr (from_a, ==, from_b);
      g_assert_cmpuint (strlen (from_a), >, 0);
    }
}

static void
test_bsns (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "regisseur");
  g_autoptr(GPtrArray) persons = list (s, "persons");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (persons->len, >=, N_HOUSEHOLDS);
  for (guint i = 0; i < persons->len; i++)
    {
      const char *bsn = ct_record_get (g_ptr_array_index (persons, i), "bsn");

      g_assert_nonnull (bsn);
      g_assert_true (g_str_has_prefix (bsn, "99999"));
      g_assert_true (ct_bsn_is_valid (bsn));
      /* Fewer persons than valid test numbers: none repeats. */
      g_assert_true (g_hash_table_add (seen, (gpointer) bsn));
    }
}

static void
test_logins (void)
{
  const char * const *logins = ct_demo_get_logins ();
  guint n = 0;

  for (guint i = 0; logins[i] != NULL; i++, n++)
    {
      g_autoptr(CtCoreTestSession) s = unlock (path_a, logins[i]);

      g_assert_cmpstr (ct_session_get_team_name (s), ==, CT_DEMO_TEAM_NAME);
      if (i < CT_N_ROLES)
        g_assert_cmpstr (ct_role_to_string (ct_session_get_role (s)), ==, logins[i]);
      else
        g_assert_true (ct_session_is_admin (s));
    }
  g_assert_cmpuint (n, ==, CT_N_ROLES + 1);
}

static void
test_politie_restricted (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "politie");
  g_autoptr(GPtrArray) households = list (s, "households");
  g_autoptr(GPtrArray) persons = list (s, "persons");
  guint justice = 0, involved = 0;

  /* The demo is a new team: need-to-know per household is on, so politie
   * reads justice only where the agenda or an action involves them. */
  g_assert_true (ct_session_get_need_to_know (s));
  g_assert_cmpuint (households->len, ==, N_HOUSEHOLDS);
  for (guint i = 0; i < households->len; i++)
    {
      CtRecord *r = g_ptr_array_index (households, i);
      g_autoptr(GError) error = NULL;
      gboolean in = ct_session_is_involved (s, ct_record_get_id (r), &error);

      g_assert_no_error (error);
      g_assert_true (ct_record_is_restricted (r, "health_mental"));
      g_assert_true (ct_record_is_restricted (r, "health_addiction"));
      g_assert_true (ct_record_is_restricted (r, "health_physical"));
      g_assert_true (ct_record_is_restricted (r, "medication"));
      g_assert_true (ct_record_is_restricted (r, "debts_cents"));
      g_assert_true (ct_record_is_restricted (r, "justice_info") == !in);
      justice += ct_record_get (r, "justice_info") != NULL;
      involved += in;
    }
  g_assert_cmpuint (justice, >, 0);
  g_assert_cmpuint (involved, >, 0);
  g_assert_cmpuint (involved, <, N_HOUSEHOLDS);
  g_assert_cmpuint (persons->len, >, 0);
  g_assert_nonnull (ct_record_get (g_ptr_array_index (persons, 0), "last_name"));
}

/* Some households, not all, consent to sharing with partners, for the
 * categories of their problems. */
static void
test_partner_consents (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "regisseur");
  g_autoptr(GPtrArray) consents = list (s, "consents");
  g_autoptr(GHashTable) cases = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < consents->len; i++)
    {
      CtRecord *r = g_ptr_array_index (consents, i);

      if (g_strcmp0 (ct_record_get (r, "purpose"), "delen_met_ketenpartner") != 0)
        continue;
      g_assert_nonnull (ct_record_get (r, "category"));
      g_assert_null (ct_record_get (r, "withdrawn_on"));
      g_hash_table_add (cases, (gpointer) ct_record_get (r, "case_id"));
    }
  g_assert_cmpuint (g_hash_table_size (cases), >, 0);
  g_assert_cmpuint (g_hash_table_size (cases), <, N_HOUSEHOLDS);
}

static void
test_actions_followed_up (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "regisseur");
  g_autoptr(GPtrArray) actions = list (s, "actions");
  g_autoptr(GDateTime) now = ct_clock_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint overdue = 0, refused = 0, done = 0, with_advice = 0;

  for (guint i = 0; i < actions->len; i++)
    {
      CtRecord *r = g_ptr_array_index (actions, i);
      const char *status = ct_record_get (r, "status");

      if (g_str_equal (status, "open") && g_strcmp0 (ct_record_get (r, "due_on"), today) < 0)
        overdue++;
      if (g_str_equal (status, "geweigerd"))
        {
          refused++;
          g_assert_nonnull (ct_record_get (r, "refusal_reason"));
        }
      done += g_str_equal (status, "gedaan");
      with_advice += ct_record_get (r, "advice_id") != NULL;
    }
  g_test_message ("%u actions: %u overdue, %u refused, %u done", actions->len, overdue, refused,
                  done);
  g_assert_cmpuint (overdue, >, 0);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (done, >, 0);
  g_assert_cmpuint (with_advice, >, 0);
}

static void
test_contents (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "regisseur");
  g_autoptr(GPtrArray) cases = list (s, "cases");
  g_autoptr(GPtrArray) zrm = list (s, "zrm");
  g_autoptr(GPtrArray) meetings = list (s, "meetings");
  g_autoptr(GPtrArray) areas = list (s, "areas");
  g_autoptr(GPtrArray) periods = list (s, "budget_periods");
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *r = g_ptr_array_index (cases, i);

      g_hash_table_add (statuses, (gpointer) ct_record_get (r, "status"));
      g_assert_true (g_regex_match_simple ("^20[0-9][0-9]-[0-9]{4}$",
                                           ct_record_get (r, "number"), 0, 0));
    }
  g_assert_cmpuint (g_hash_table_size (statuses), >=, 3);

  /* Data minimisation: an intake records 3 to 7 of the 13 domains. */
  for (guint i = 0; i < zrm->len; i++)
    {
      CtRecord *r = g_ptr_array_index (zrm, i);
      guint n = 0;

      for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
        n += ct_record_get (r, ct_zrm_domains[d]) != NULL;
      g_assert_cmpuint (n, >=, 3);
      g_assert_cmpuint (n, <=, 7);
    }
  g_assert_cmpuint (zrm->len, >, N_HOUSEHOLDS);
  g_assert_cmpuint (meetings->len, ==, 24);
  g_assert_cmpuint (areas->len, ==, 4);
  g_assert_cmpuint (periods->len, ==, 2);
}

static gboolean
logged (GPtrArray  *log,
        char        action,
        const char *login,
        gint64      doorbraak_id)
{
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *entry = g_ptr_array_index (log, i);

      if (entry->action == action && g_strcmp0 (entry->login, login) == 0
          && g_strcmp0 (entry->object_table, "doorbraken") == 0
          && entry->object_id == doorbraak_id)
        return TRUE;
    }
  return FALSE;
}

/* The demo's doorbraken went the way a team's do, through the same rules:
 * proposed by the regisseur, approved by the voorzitter, then carried out
 * and shared by the regisseur; every approved one has its legitimation. */
static void
test_doorbraken (void)
{
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "beheerder");
  g_autoptr(GPtrArray) doorbraken = list (s, "doorbraken");
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;

  log = ct_session_read_log (s, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (doorbraken->len, >, 0);
  for (guint i = 0; i < doorbraken->len; i++)
    {
      CtRecord *r = g_ptr_array_index (doorbraken, i);
      const char *status = ct_record_get (r, "status");
      gint64 id = ct_record_get_id (r);

      g_assert_true (logged (log, 'C', "regisseur", id));
      if (g_str_equal (status, "voorgesteld"))
        continue;
      g_assert_nonnull (ct_record_get (r, "legitimation"));
      g_assert_true (logged (log, 'U', "voorzitter", id));
      if (g_str_equal (status, "goedgekeurd"))
        continue;
      g_assert_nonnull (ct_record_get (r, "result"));
      g_assert_true (logged (log, 'U', "regisseur", id));
      g_assert_true (!g_str_equal (status, "gedeeld") || logged (log, 'E', "regisseur", id));
    }
}

static void
test_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) s = unlock (path_a, "beheerder");

  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_refuses_existing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) before = g_mapped_file_new (path_a, FALSE, NULL);
  gsize size = g_mapped_file_get_length (before);

  g_assert_false (ct_demo_create (path_a, 1, SEED, NULL, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_EXISTS);
  g_assert_true (g_file_test (path_a, G_FILE_TEST_EXISTS));
  g_clear_pointer (&before, g_mapped_file_unref);
  before = g_mapped_file_new (path_a, FALSE, NULL);
  g_assert_cmpuint (g_mapped_file_get_length (before), ==, size);
}

/* The next meeting has cases on its agenda whatever the weekday the demo is
 * made on (one crosses into a new year, one into a leap day): the GUI
 * tests run a meeting of a fresh demo on any day. */
static void
test_next_agenda_any_day (void)
{
  const char *days[] = { "2026-06-02", "2026-06-03", "2026-12-31", "2026-06-05", "2026-06-06",
                         "2026-12-27", "2028-02-28" };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *iso = g_strdup_printf ("%sT10:00:00Z", days[i]);
      g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);
      g_autofree char *path = g_build_filename (dir, "day.casus", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CtCoreTestSession) s = NULL;
      g_autoptr(GPtrArray) meetings = NULL;
      guint planned = 0;

      ct_clock_set_now_for_testing (now);
      g_assert_true (ct_demo_create (path, 4, SEED + i, NULL, NULL, &error));
      g_assert_no_error (error);
      s = unlock (path, "voorzitter");
      meetings = list (s, "meetings");
      for (guint m = 0; m < meetings->len; m++)
        {
          CtRecord *r = g_ptr_array_index (meetings, m);
          g_autoptr(GPtrArray) items = NULL;

          if (!g_str_equal (ct_record_get (r, "status"), "gepland"))
            continue;
          planned++;
          g_assert_cmpstr (ct_record_get (r, "held_on"), >, days[i]);
          items = ct_session_list (s, "agenda_items", "meeting_id", ct_record_get_id (r), &error);
          g_assert_no_error (error);
          g_test_message ("%s: %u items on %s", days[i], items->len,
                          ct_record_get (r, "held_on"));
          g_assert_cmpuint (items->len, >, 0);
        }
      g_assert_cmpuint (planned, ==, 1);
      g_clear_pointer (&s, ct_core_test_session_free);
      g_unlink (path);
    }
  ct_clock_set_now_for_testing (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  ct_core_test_init (&argc, &argv);

  dir = g_dir_make_tmp ("ct-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path_a = g_build_filename (dir, "a.casus", NULL);
  path_b = g_build_filename (dir, "b.casus", NULL);
  if (!ct_demo_create (path_a, N_HOUSEHOLDS, SEED, NULL, NULL, &error)
      || !ct_demo_create (path_b, N_HOUSEHOLDS, SEED, NULL, NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/bsns", test_bsns);
  g_test_add_func ("/demo/logins", test_logins);
  g_test_add_func ("/demo/politie-restricted", test_politie_restricted);
  g_test_add_func ("/demo/partner-consents", test_partner_consents);
  g_test_add_func ("/demo/actions-followed-up", test_actions_followed_up);
  g_test_add_func ("/demo/contents", test_contents);
  g_test_add_func ("/demo/doorbraken", test_doorbraken);
  g_test_add_func ("/demo/check", test_check);
  g_test_add_func ("/demo/refuses-existing-file", test_refuses_existing_file);
  g_test_add_func ("/demo/next-agenda-any-day", test_next_agenda_any_day);
  status = g_test_run ();

  g_unlink (path_a);
  g_unlink (path_b);
  g_rmdir (dir);
  return status;
}
