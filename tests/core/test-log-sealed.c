/* test-log-sealed.c — the categories of a log entry, sealed per category
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* That a write touched health or justice is a fact of that category: the
 * raw file, read with K_db, names neither; the regisseur, who reads both,
 * sees them in the log, also after a rotation of the health key; a slot
 * edited, swapped or dropped, and an entry re-signed back into the second
 * format, are found (docs/file-format.md). */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"

#define PASS "geheim geheim"

typedef struct
{
  CtCoreTestTeam team;
  gint64         household;
} Fixture;

static const CtCoreTestMember members[] = {
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Gea Zorg", CT_ROLE_GGZ },
  { NULL }
};

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* The regisseur "beheer" writes a household with a health and a justice
 * fact, and reads it back. */
static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Zegel", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) back = NULL;
  g_autoptr(GError) error = NULL;

  ct_core_test_team_create (&f->team, "ct-log-sealed-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, members);
  /* Categories in the log for every household: involvement is
   * test-involvement's. */
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  ct_record_set (household, "eviction_risk", "laag");
  ct_record_set (household, "health_mental", "Qzegelgezond");
  ct_record_set (household, "justice_info", "Qzegelrecht");
  f->household = ct_core_test_insert (admin, household);
  back = ct_session_get (admin, "households", f->household, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (back, "health_mental"), ==, "Qzegelgezond");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

/* The entries about the household, as the reader @session sees them. */
static char *
household_categories (CtSession *session,
                      gint64     household,
                      char       action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = ct_session_read_household_log (session, household, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);

      if (e->action == action && g_str_equal (e->object_table, "households"))
        g_string_append_printf (out, "%s;", e->categories);
    }
  return g_string_free (out, FALSE);
}

/* With K_db alone (the session's own raw connection, as anyone who
 * unlocks could take it) no entry names health or justice; the regisseur
 * reads both back from the sealed slots. */
static void
test_raw (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autofree char *clear = query_text (admin->db, "SELECT group_concat (categories, '|') FROM "
                                                  "access_log");
  g_autofree char *created = household_categories (admin, f->household, 'C');
  g_autofree char *read = household_categories (admin, f->household, 'R');

  g_assert_nonnull (clear);
  g_test_message ("in the clear: %s", clear);
  g_assert_null (strstr (clear, "health"));
  g_assert_null (strstr (clear, "justice"));
  g_assert_null (strstr (clear, "identity"));
  /* every entry is in the third format, every slot of the same size */
  g_assert_cmpint (ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log WHERE "
                                                      "sealed_categories IS NULL"), ==, 0);
  g_assert_cmpint (ct_core_test_query_int (admin->db,
                                           "SELECT count (DISTINCT length (sealed_categories)) "
                                           "FROM access_log"), ==, 1);
  g_assert_cmpint (ct_core_test_query_int (admin->db,
                                           "SELECT count(*) FROM access_log WHERE "
                                           "instr (sealed_categories, 'health') > 0"), ==, 0);

  g_test_message ("the regisseur reads: created %s read %s", created, read);
  g_assert_nonnull (strstr (created, "health"));
  g_assert_nonnull (strstr (created, "justice"));
  g_assert_null (strstr (created, "hidden"));
  g_assert_nonnull (strstr (read, "health"));
  g_assert_true (ct_session_verify_log (admin, NULL, NULL));
}

/* A reader without the keys of health and justice learns neither, and is
 * told once that something is sealed from them. */
static void
test_reader_without_keys (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint n_hidden = 0;

  /* The beheerder becomes voorzitter, who reads no category. */
  g_assert_true (ct_session_set_member_role (admin, "beheer", CT_ROLE_VOORZITTER, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_assert_false (ct_session_can_read (admin, CT_CATEGORY_HEALTH));
  entries = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);

      g_assert_null (strstr (e->categories, "health"));
      g_assert_null (strstr (e->categories, "justice"));
      n_hidden += strstr (e->categories, CT_LOG_HIDDEN_CATEGORIES) != NULL;
    }
  g_assert_cmpuint (n_hidden, >, 0);
}

/* After the ggz member is removed, the health key rotates: the entries
 * sealed under the old key still open for the regisseur through the
 * previous key the new one seals. */
static void
test_rotation (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = household_categories (admin, f->household, 'C');
  g_autofree char *after = NULL;
  gint64 version = ct_core_test_query_int (admin->db,
                                           "SELECT max (version) FROM category_keys WHERE "
                                           "category = 'health'");

  g_assert_true (ct_session_remove_member (admin, "ggz", &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_assert_cmpint (ct_core_test_query_int (admin->db,
                                           "SELECT max (version) FROM category_keys WHERE "
                                           "category = 'health'"), ==, version + 1);
  g_assert_cmpint (ct_core_test_query_int (admin->db,
                                           "SELECT length (previous) FROM category_keys WHERE "
                                           "category = 'health' ORDER BY version DESC LIMIT 1"),
                   >, 0);
  after = household_categories (admin, f->household, 'C');
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "health"));
  g_assert_true (ct_session_verify_log (admin, NULL, &error));
  g_assert_no_error (error);

  /* A changed previous key opens nothing: the entry shows as sealed. */
  ct_core_test_exec_sql (admin->db,
                         "UPDATE category_keys SET previous = zeroblob (length (previous)) WHERE "
                         "category = 'health' AND previous IS NOT NULL");
  g_clear_pointer (&after, g_free);
  after = household_categories (admin, f->household, 'C');
  g_assert_null (strstr (after, "health"));
  g_assert_nonnull (strstr (after, CT_LOG_HIDDEN_CATEGORIES));
}

static void
assert_tampered (CtSession  *admin,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;

  ct_core_test_exec_sql (admin->db, "DROP TRIGGER access_log_no_update");
  ct_core_test_exec_sql (admin->db, "SAVEPOINT tamper");
  ct_core_test_exec_sql (admin->db, sql);
  g_assert_false (ct_session_verify_log (admin, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_test_message ("%s: %s", sql, error->message);
  ct_core_test_exec_sql (admin->db, "ROLLBACK TO tamper; RELEASE tamper");
  ct_core_test_exec_sql (admin->db,
                         "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
                         "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;");
  g_assert_true (ct_session_verify_log (admin, NULL, NULL));
}

static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

  /* one byte of a slot */
  assert_tampered (admin, "UPDATE access_log SET sealed_categories = zeroblob (1) || "
                          "substr (sealed_categories, 2) WHERE id = (SELECT max (id) FROM "
                          "access_log)");
  /* the slots of two entries swapped */
  assert_tampered (admin, "UPDATE access_log SET sealed_categories = (SELECT sealed_categories "
                          "FROM access_log WHERE id = 1) WHERE id = (SELECT max (id) FROM "
                          "access_log)");
  /* slots dropped: back to the second format */
  assert_tampered (admin, "UPDATE access_log SET sealed_categories = NULL WHERE id = (SELECT "
                          "max (id) FROM access_log)");
  /* a category put back in the clear */
  assert_tampered (admin, "UPDATE access_log SET categories = 'general' WHERE categories = ''");
}

/* politie turns their own newest entry back into the second format, its
 * categories in the clear, and re-signs it with their own key: every hash
 * and signature holds, but no entry may follow the third format in an
 * older one. */
static void
test_no_going_back (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(CtCoreTestSession) politie = ct_core_test_unlock (f->team.path, "politie", PASS);
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) household = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *update = NULL;
  guint8 hash[32];
  gint64 id;

  household = ct_session_get (politie, "households", f->household, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ct_record_get (household, "justice_info"), ==, "Qzegelrecht");
  id = ct_core_test_query_int (politie->db, "SELECT max (id) FROM access_log");
  g_assert_cmpint (ct_core_test_query_int (politie->db,
                                           "SELECT count(*) FROM access_log WHERE id = "
                                           "(SELECT max (id) FROM access_log) AND member_id = "
                                           "(SELECT id FROM members WHERE login = 'politie')"),
                   ==, 1);

  /* The helper hashes as the core does. */
  ct_core_test_log_entry_hash (politie->db, id, 3, NULL, hash);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (politie->db, "SELECT hash FROM access_log WHERE id = ?1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, id);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpmem (sqlite3_column_blob (stmt, 0), 32, hash, 32);
    sqlite3_finalize (stmt);
  }

  ct_core_test_exec_sql (politie->db, "DROP TRIGGER access_log_no_update");
  update = g_strdup_printf ("UPDATE access_log SET sealed_categories = NULL, categories = "
                            "'identity,justice' WHERE id = %lld", (long long) id);
  ct_core_test_exec_sql (politie->db, update);
  g_clear_pointer (&update, g_free);
  ct_core_test_log_resign (politie, id, FALSE);
  ct_core_test_exec_sql (politie->db,
                         "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
                         "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;");
  /* The anchors name the old hash: drop them, to see the format is
   * refused on its own. */
  ct_core_test_exec_sql (politie->db, "DELETE FROM log_anchors");
  ct_session_lock (politie);

  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  ct_core_test_exec_sql (admin->db, "DELETE FROM log_anchors");
  g_assert_false (ct_session_verify_log (admin, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  {
    g_autofree char *named = g_strdup_printf (" %lld ", (long long) id);

    g_assert_nonnull (strstr (error->message, named));
  }
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/log-sealed/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("raw", test_raw);
  ADD ("reader-without-keys", test_reader_without_keys);
  ADD ("rotation", test_rotation);
  ADD ("tamper", test_tamper);
  ADD ("no-going-back", test_no_going_back);
  return g_test_run ();
}
