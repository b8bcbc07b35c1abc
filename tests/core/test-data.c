/* test-data.c — the team's data: validation, need-to-know, key rotation
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The bulk and field-by-field reads are test-data-reads.c, on the same
 * team (ct-data-test-util.c). */

#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-data-test-util.h"
#include "ct-error.h"
#include "ct-session-private.h"

#define HEALTH_TEXT CT_DATA_TEST_HEALTH_TEXT
#define FIRST_NAME  CT_DATA_TEST_FIRST_NAME
#define BSN         CT_DATA_TEST_BSN

typedef CtCoreTestTeam Fixture;

static void
test_schema_matches_database (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = ct_data_test_unlock (f->path, "regisseur");
  guint n;
  const CtTable * const *tables = ct_schema_get_tables (&n);

  for (guint t = 0; t < n; t++)
    for (guint i = 0; i < tables[t]->n_fields; i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s LIMIT 0",
                                                tables[t]->fields[i].name, tables[t]->name);
        g_assert_cmpint (sqlite3_exec (session->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
}

static void
test_need_to_know (Fixture       *f,
                   gconstpointer  data)
{
  /* Fields of each category the police may not read. */
  static const char * const restricted[] = {
    "health_mental", "debts_cents", "medication", "parenting", "tenancy", "benefits",
  };
  g_autoptr(CtCoreTestSession) regisseur = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtCoreTestSession) politie = NULL;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(CtRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hid, pid;

  ct_data_test_make_household (regisseur, &hid, &pid);
  g_assert_true (ct_session_can_read (regisseur, CT_CATEGORY_HEALTH));
  g_clear_pointer (&regisseur, ct_core_test_session_free);

  politie = ct_data_test_unlock (f->path, "politie");
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_IDENTITY));
  g_assert_true (ct_session_can_read (politie, CT_CATEGORY_JUSTICE));
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_HEALTH));
  g_assert_false (ct_session_can_read (politie, CT_CATEGORY_FINANCE));

  household = ct_session_get (politie, "households", hid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (household, "area"), ==, "Centrum");
  g_assert_cmpstr (ct_record_get (household, "justice_info"), ==, "Melding huiselijk geweld 2025");
  /* Restricted, never empty: and the same for a field with no value. */
  g_assert_null (ct_record_get (household, "health_mental"));
  for (guint i = 0; i < G_N_ELEMENTS (restricted); i++)
    g_assert_true (ct_record_is_restricted (household, restricted[i]));

  person = ct_session_get (politie, "persons", pid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (person, "first_name"), ==, FIRST_NAME);
  g_assert_cmpstr (ct_record_get (person, "bsn"), ==, BSN);

  /* Writing a restricted category is refused, and nothing is stored. */
  ct_record_set (household, "health_mental", "overschreven");
  g_assert_false (ct_session_update (politie, household, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&politie, ct_core_test_session_free);

  regisseur = ct_data_test_unlock (f->path, "regisseur");
  g_clear_pointer (&household, ct_record_unref);
  household = ct_session_get (regisseur, "households", hid, &error);
  g_assert_cmpstr (ct_record_get (household, "health_mental"), ==, HEALTH_TEXT);
}

static void
test_no_plaintext_in_database (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain_path = g_build_filename (f->dir, "plain.db", NULL);
  g_autofree char *contents = NULL;
  char *hex = NULL;
  gsize len;
  gint64 hid, pid;

  ct_data_test_make_household (regisseur, &hid, &pid);
  g_clear_pointer (&regisseur, ct_core_test_session_free);

  /* The database decrypted with K_db, as the sqlcipher shell would see it:
   * general values in the clear, every other category ciphertext. */
  recovery = ct_session_unlock_with_recovery_key (f->path, f->recovery, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_export_plain (recovery, plain_path, &hex, &error));
  g_assert_no_error (error);
  ct_secret_free (hex);
  g_clear_pointer (&recovery, ct_core_test_session_free);

  /* The export is still SQLCipher-encrypted; read the pages through a
   * plain connection of the same library with the key would be the shell's
   * job (test-cli does that). Here: the raw team file and the export never
   * hold a health or identity plaintext. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_null (memmem (contents, len, "GGZ sinds", 9));
  g_assert_null (memmem (contents, len, FIRST_NAME, strlen (FIRST_NAME)));
}

static void
test_values_bound_to_place (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) regisseur = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtRecord) person = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hid, pid, hid2, pid2;

  ct_data_test_make_household (regisseur, &hid, &pid);
  ct_data_test_make_household (regisseur, &hid2, &pid2);

  /* Moved to another field of the same row. */
  g_assert_cmpint (sqlite3_exec (regisseur->db,
                                 "UPDATE persons SET last_name = first_name WHERE id = 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  person = ct_session_get (regisseur, "persons", 1, &error);
  g_assert_null (person);
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
  g_clear_error (&error);

  /* Moved to the same field of another row. */
  g_assert_cmpint (sqlite3_exec (regisseur->db,
                                 "UPDATE households SET health_mental = "
                                 "(SELECT health_mental FROM households WHERE id = 1) WHERE id = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (ct_session_get (regisseur, "households", 2, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED);
}

static gint64
count_rows (CtSession  *session,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ct_session_list (session, table, NULL, 0, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
assert_invalid (CtSession  *session,
                const char *table,
                const char *field,
                const char *value,
                const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) person = ct_record_new (table);
  gint64 before = count_rows (session, table);

  if (g_str_equal (table, "persons"))
    {
      ct_record_set (person, "household_id", "1");
      ct_record_set (person, "first_name", "Jan");
      ct_record_set (person, "last_name", "Jansen");
    }
  else if (g_str_equal (table, "cases"))
    {
      ct_record_set (person, "household_id", "1");
      ct_record_set (person, "number", "2026-001");
      ct_record_set (person, "referral_date", "2026-01-05");
      ct_record_set (person, "status", "aangemeld");
    }
  ct_record_set (person, field, value);

  g_assert_cmpint (ct_session_insert (session, person, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  if (!g_str_has_prefix (error->message, label))
    g_error ("“%s” does not name %s", error->message, label);
  /* The field the error names for the code is the one its words name. */
  g_assert_cmpstr (ct_error_get_table (error), ==, table);
  g_assert_nonnull (ct_error_get_field (error));
  g_assert_cmpstr (ct_table_get_field (ct_schema_get_table (table),
                                       ct_error_get_field (error))->label, ==, label);
  g_assert_cmpint (count_rows (session, table), ==, before);
}

/* Values each refused, with the label the message starts with; a %NULL
 * value is a name one character longer than the field allows. */
static const struct
{
  const char *table;
  const char *field;
  const char *value;
  const char *label;
} invalid_values[] = {
  { "persons", "bsn", "123456789", "BSN" },
  { "persons", "bsn", "12345678", "BSN" },
  { "persons", "bsn", "abcdefghi", "BSN" },
  { "persons", "postcode", "0123 AB", "Postcode" },
  { "persons", "postcode", "1234 SS", "Postcode" },
  { "persons", "postcode", "12345", "Postcode" },
  { "persons", "birth_date", "2026-02-30", "Date of birth" },
  { "persons", "birth_date", "31-01-2026", "Date of birth" },
  { "persons", "sex", "x", "Sex" },
  { "persons", "last_name", NULL, "Last name" },
  { "persons", "first_name", "Jan\nJansen", "First name" },
  { "persons", "first_name", "", "First name" },
  { "persons", "phone", "12345", "Phone" },
  { "persons", "email", "geen-adres", "E-mail" },
  { "persons", "household_id", "999", "Household" },
  { "cases", "status", "klaar", "Status" },
  { "cases", "status", "afgesloten", "Outcome" },
  { "cases", "domains", "financien,onbekend", "Domains" },
  { "cases", "regisseur", "77", "Case director" },
};

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autofree char *long_name = g_strnfill (121, 'a');
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_values); i++)
    assert_invalid (s, invalid_values[i].table, invalid_values[i].field,
                    invalid_values[i].value != NULL ? invalid_values[i].value : long_name,
                    invalid_values[i].label);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CtRecord) h = ct_session_get (s, "households", hid, &error);

    ct_record_set (h, "debts_cents", "-5");
    g_assert_false (ct_session_update (s, h, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
    g_assert_true (g_str_has_prefix (error->message, "Total debts"));
  }
}

static gboolean
import_two (CtSession *session,
            gpointer   data,
            GError   **error)
{
  g_autoptr(CtRecord) good = ct_record_new ("households");
  g_autoptr(CtRecord) bad = ct_record_new ("persons");

  ct_record_set (good, "area", "Noord");
  if (ct_session_insert (session, good, error) == 0)
    return FALSE;

  ct_record_set_int (bad, "household_id", ct_record_get_id (good));
  ct_record_set (bad, "first_name", "Piet");
  ct_record_set (bad, "last_name", "Puk");
  ct_record_set (bad, "bsn", "999999999");
  return ct_session_insert (session, bad, error) != 0;
}

static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GError) error = NULL;

  g_assert_false (ct_session_run_in_transaction (s, import_two, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_cmpint (count_rows (s, "households"), ==, 0);
  g_assert_cmpint (count_rows (s, "persons"), ==, 0);
}

static void
test_grant_revoke_rotation (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtRecord) h = NULL;
  g_autoptr(GError) error = NULL;
  gint64 hid, pid;
  gint old_version;

  ct_data_test_make_household (s, &hid, &pid);
  old_version = s->cat_version[CT_CATEGORY_HEALTH];
  g_clear_pointer (&s, ct_core_test_session_free);

  /* A non-beheerder cannot change the policy. */
  s = ct_data_test_unlock (f->path, "ggz");
  g_assert_false (ct_session_set_policy (s, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Grant: the beheerder holds no health key, so the grant waits for a
   * session that does. */
  s = ct_data_test_unlock (f->path, "beheer");
  g_assert_true (ct_session_set_policy (s, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "politie");
  g_assert_false (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  g_clear_pointer (&s, ct_core_test_session_free);

  ct_core_test_session_free (ct_data_test_unlock (f->path, "ggz"));  /* holds health: fulfils */

  s = ct_data_test_unlock (f->path, "politie");
  g_assert_true (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  h = ct_session_get (s, "households", hid, &error);
  g_assert_cmpstr (ct_record_get (h, "health_mental"), ==, HEALTH_TEXT);
  g_clear_pointer (&h, ct_record_unref);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* Revoke: enforced at once by the policy, cryptographically after the
   * next session holding the key rotates it. */
  s = ct_data_test_unlock (f->path, "beheer");
  g_assert_true (ct_session_set_policy (s, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ct_session_get_pending_rotations (s), ==, 1u << CT_CATEGORY_HEALTH);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "politie");
  g_assert_false (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "regisseur");
  g_assert_cmpuint (ct_session_get_pending_rotations (s), ==, 0);
  g_assert_cmpint (s->cat_version[CT_CATEGORY_HEALTH], >, old_version);
  h = ct_session_get (s, "households", hid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (h, "health_mental"), ==, HEALTH_TEXT);
  g_clear_pointer (&h, ct_record_unref);

  /* Politie holds no grant of any health key version any more. */
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (s->db,
                                         "SELECT count(*) FROM key_grants g JOIN members m ON "
                                         "m.id = g.holder WHERE m.role = 'politie' AND "
                                         "g.category = 'health'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_member_removal_rotates (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GError) error = NULL;
  gint64 hid, pid;
  gint before;

  ct_data_test_make_household (s, &hid, &pid);
  before = s->cat_version[CT_CATEGORY_HEALTH];
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "beheer");
  g_assert_true (ct_session_remove_member (s, "ggz", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_get_pending_rotations (s) & (1u << CT_CATEGORY_HEALTH));
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "regisseur");
  g_assert_cmpuint (ct_session_get_pending_rotations (s), ==, 0);
  g_assert_cmpint (s->cat_version[CT_CATEGORY_HEALTH], ==, before + 1);
  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_role_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GError) error = NULL;
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);
  g_clear_pointer (&s, ct_core_test_session_free);

  /* politie becomes ggz: gains health, loses justice. */
  s = ct_data_test_unlock (f->path, "beheer");
  g_assert_false (ct_session_set_member_role (s, "politie", CT_N_ROLES, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (ct_session_set_member_role (s, "beheer", CT_ROLE_VOORZITTER, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_true (ct_session_set_member_role (s, "politie", CT_ROLE_GGZ, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_get_pending_rotations (s) & (1u << CT_CATEGORY_JUSTICE));
  g_clear_pointer (&s, ct_core_test_session_free);

  /* The regisseur's unlock rotates justice and seals health. */
  ct_core_test_session_free (ct_data_test_unlock (f->path, "regisseur"));

  s = ct_data_test_unlock (f->path, "politie");
  g_assert_cmpint (ct_session_get_role (s), ==, CT_ROLE_GGZ);
  g_assert_true (ct_session_can_read (s, CT_CATEGORY_HEALTH));
  g_assert_false (ct_session_can_read (s, CT_CATEGORY_JUSTICE));
  g_assert_cmpuint (ct_session_get_pending_rotations (s), ==, 0);
}

static gboolean
insert_skipping_bad (CtSession *session,
                     gpointer   data,
                     GError   **error)
{
  g_autoptr(CtRecord) good = ct_record_new ("households");
  g_autoptr(CtRecord) bad = ct_record_new ("persons");
  g_autoptr(GError) local_error = NULL;

  ct_record_set (good, "area", "Oost");
  if (ct_session_insert (session, good, error) == 0)
    return FALSE;

  /* Fails validation: the caller notes it and goes on. */
  ct_record_set_int (bad, "household_id", ct_record_get_id (good));
  ct_record_set (bad, "first_name", "Piet");
  g_assert_cmpint (ct_session_insert (session, bad, &local_error), ==, 0);
  g_assert_error (local_error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  return TRUE;
}

static void
test_step_undone_in_transaction (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_run_in_transaction (s, insert_skipping_bad, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (s, "households"), ==, 1);
  g_assert_cmpint (count_rows (s, "persons"), ==, 0);
  g_assert_true (ct_session_check (s, &error));
  g_assert_no_error (error);
}

static void
test_case_number_unique (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(GError) error = NULL;
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtRecord) c = ct_record_new ("cases");

      ct_record_set_int (c, "household_id", hid);
      ct_record_set (c, "number", "2026-0001");
      ct_record_set (c, "referral_date", "2026-01-05");
      ct_record_set (c, "status", "aangemeld");
      if (i == 0)
        g_assert_cmpint (ct_session_insert (s, c, &error), >, 0);
      else
        {
          g_assert_cmpint (ct_session_insert (s, c, &error), ==, 0);
          g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
          g_assert_true (g_str_has_prefix (error->message, "Case number"));
        }
    }
  g_assert_cmpint (count_rows (s, "cases"), ==, 1);
}

/* A row at the top id underneath (merged from a copy, or forged with the
 * sqlcipher shell): a new row still gets the next free id below it, and
 * the row at the top stays as it was. */
static void
test_id_after_top (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autofree char *sql = NULL;
  gint64 hid, pid;

  ct_data_test_make_household (s, &hid, &pid);
  sql = g_strdup_printf ("INSERT INTO persons (id, household_id, created_at, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '2026-12-06', "
                         "'2026-12-06')", G_MAXINT64, hid);
  ct_core_test_exec_sql (s->db, sql);
  for (gint64 i = 1; i <= 3; i++)
    {
      g_autoptr(CtRecord) person = ct_record_new ("persons");
      g_autoptr(GError) error = NULL;

      ct_record_set_int (person, "household_id", hid);
      ct_record_set (person, "first_name", "Fenna");
      ct_record_set (person, "last_name", "Qvanderzandt");
      g_assert_cmpint (ct_session_insert (s, person, &error), ==, pid + i);
      g_assert_no_error (error);
    }
  g_assert_cmpint (count_rows (s, "persons"), ==, 5);
  g_assert_true (ct_store_row_exists (s->db, "persons", G_MAXINT64));
}

/* A form asks with the bounds and the default the core checks against
 * (ct_team_setting_get_range(): the team admin page). */
static void
test_team_setting_range (void)
{
  int min = 0, max = 0, fallback = 0;

  g_assert_true (ct_team_setting_get_range ("export.k", &min, &max, &fallback));
  g_assert_cmpint (min, ==, 2);
  g_assert_cmpint (max, ==, 50);
  g_assert_cmpint (fallback, ==, 5);
  g_assert_true (ct_team_setting_get_range ("export.threshold", &min, &max, &fallback));
  g_assert_cmpint (min, ==, 1);
  g_assert_cmpint (max, ==, 100);
  g_assert_cmpint (fallback, ==, 10);
  g_assert_true (ct_team_setting_get_range ("retention.teruggetrokken", &min, &max, &fallback));
  g_assert_cmpint (min, ==, 1);
  g_assert_cmpint (max, ==, 300);
  g_assert_cmpint (fallback, ==, CT_RETENTION_DEFAULT_MONTHS);
  g_assert_true (ct_team_setting_get_range ("export.consent-unrecorded", NULL, NULL, &fallback));
  g_assert_cmpint (fallback, ==, 0);
  /* The core's own bookkeeping, and a retention with no outcome, are none. */
  g_assert_false (ct_team_setting_get_range ("retention.", &min, &max, &fallback));
  g_assert_false (ct_team_setting_get_range ("schema_version", NULL, NULL, NULL));
  g_assert_false (ct_team_setting_get_range (NULL, NULL, NULL, NULL));
}

static void
test_team_settings (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "beheer");
  g_autoptr(GError) error = NULL;

  g_assert_false (ct_session_set_setting (s, "export.k", "1", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Export k"));
  g_assert_cmpstr (ct_error_get_table (error), ==, "settings");
  g_assert_cmpstr (ct_error_get_field (error), ==, "export.k");
  g_clear_error (&error);
  g_assert_false (ct_session_set_setting (s, "retention.doel_bereikt", "24x", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* 15 and 20 years fit; nothing and more than 25 years do not */
  g_assert_false (ct_session_set_setting (s, "retention.doel_bereikt", "0", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "300"));
  g_clear_error (&error);
  g_assert_false (ct_session_set_setting (s, "retention.doel_bereikt", "301", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ct_session_set_setting (s, "retention.doel_bereikt", "240", &error));
  g_assert_true (ct_session_set_setting (s, "export.k", "7", &error));
  g_assert_true (ct_session_set_setting (s, "retention.doel_bereikt", "36", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_session_get_member_id (s), >, 0);
  g_clear_pointer (&s, ct_core_test_session_free);

  s = ct_data_test_unlock (f->path, "regisseur");
  g_assert_false (ct_session_set_setting (s, "export.threshold", "10", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

static void
test_shared_only_by_sharing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) s = ct_data_test_unlock (f->path, "regisseur");
  g_autoptr(CtRecord) c = ct_record_new ("cases");
  g_autoptr(CtRecord) d = ct_record_new ("doorbraken");
  g_autoptr(CtRecord) shared = ct_record_new ("doorbraken");
  g_autoptr(GError) error = NULL;
  gint64 hid, pid, cid;

  ct_data_test_make_household (s, &hid, &pid);
  ct_record_set_int (c, "household_id", hid);
  ct_record_set (c, "number", "2026-0007");
  ct_record_set (c, "referral_date", "2026-01-05");
  ct_record_set (c, "status", "in_uitvoering");
  cid = ct_session_insert (s, c, &error);
  g_assert_no_error (error);

  ct_record_set_int (d, "case_id", cid);
  ct_record_set (d, "situation", "Een wachttijd blokkeerde de aanvraag.");
  ct_record_set (d, "status", "voorgesteld");
  g_assert_cmpint (ct_session_insert (s, d, &error), >, 0);

  /* Neither on update nor on insert: only the share path may. */
  ct_record_set (d, "status", "gedeeld");
  g_assert_false (ct_session_update (s, d, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  ct_record_set_int (shared, "case_id", cid);
  ct_record_set (shared, "situation", "Nog een.");
  ct_record_set (shared, "status", "gedeeld");
  g_assert_cmpint (ct_session_insert (s, shared, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_DATA_TEST_ADD ("schema-matches-database", test_schema_matches_database);
  CT_DATA_TEST_ADD ("need-to-know", test_need_to_know);
  CT_DATA_TEST_ADD ("no-plaintext-in-database", test_no_plaintext_in_database);
  CT_DATA_TEST_ADD ("values-bound-to-place", test_values_bound_to_place);
  CT_DATA_TEST_ADD ("validation", test_validation);
  CT_DATA_TEST_ADD ("all-or-nothing", test_all_or_nothing);
  CT_DATA_TEST_ADD ("grant-revoke-rotation", test_grant_revoke_rotation);
  CT_DATA_TEST_ADD ("member-removal-rotates", test_member_removal_rotates);
  CT_DATA_TEST_ADD ("role-change", test_role_change);
  CT_DATA_TEST_ADD ("step-undone-in-transaction", test_step_undone_in_transaction);
  CT_DATA_TEST_ADD ("case-number-unique", test_case_number_unique);
  CT_DATA_TEST_ADD ("id-after-top", test_id_after_top);
  CT_DATA_TEST_ADD ("team-settings", test_team_settings);
  g_test_add_func ("/data/team-setting-range", test_team_setting_range);
  CT_DATA_TEST_ADD ("shared-only-by-sharing", test_shared_only_by_sharing);

  return g_test_run ();
}
