/* test-log-household.c — the household and person in every log entry
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every read path names the household it read (and the person, where one
 * applies); a list names the set of households it showed, in one entry;
 * "who saw this household" finds them all, for the beheerder and the
 * household's regisseur only; each member's entries are numbered without
 * a gap, and a member who removes one of their own entries and re-signs
 * the rest is found out. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-meeting.h"
#include "ct-session-private.h"

#define PASS "geheim geheim"

typedef struct
{
  CtCoreTestTeam team;
  gint64         household[2];
  gint64         person[2];
  gint64         kase[2];
  gint64         regisseur_id;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  CtVaultCreateInfo info = { "Team Inzage", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             PASS };
  g_autoptr(CtCoreTestSession) admin = NULL;
  const char *surnames[] = { "Qvanderzandt", "Xoppelaar" };

  ct_core_test_team_create (&f->team, "ct-log-household-XXXXXX", &info);
  ct_core_test_enrol_members (f->team.path, "beheer", PASS, ct_core_test_case_members);
  /* What the log names for every read path, whoever reads: involvement is
   * test-involvement's. */
  ct_core_test_need_to_know_off (f->team.path, "beheer", PASS);
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  f->regisseur_id = ct_core_test_member_id (admin, "regie");

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtRecord) household = ct_record_new ("households");
      g_autoptr(CtRecord) person = ct_record_new ("persons");
      g_autoptr(CtRecord) kase = ct_record_new ("cases");
      /* "regie" directs the first household only */
      gint64 regisseur = i == 0 ? f->regisseur_id : ct_core_test_member_id (admin, "andere");

      ct_record_set (household, "eviction_risk", "laag");
      ct_record_set (person, "last_name", surnames[i]);
      f->household[i] = ct_core_test_add_household (admin, household, person, kase, i + 1,
                                                    regisseur, &f->person[i], &f->kase[i]);
    }
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_core_test_team_clear (&f->team);
}

static CtLogEntry *
newest_entry (CtSession *admin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = ct_session_read_log (admin, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  return g_ptr_array_steal_index (entries, entries->len - 1);
}

static gboolean
set_holds (CtLogEntry *e,
           gint64      household)
{
  for (guint i = 0; e->households != NULL && i < e->households->len; i++)
    if (g_array_index (e->households, gint64, i) == household)
      return TRUE;
  return FALSE;
}

static gboolean
count_row (const CtScanRow *row,
           gpointer         user_data,
           GError         **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

/* Every read path names its household, and the person where one applies. */
static void
test_read_paths (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  const char * const names[] = { "last_name", NULL };
  gint64 entries_before;

  {
    g_autoptr(CtRecord) person = ct_session_get (admin, "persons", f->person[1], &error);
    g_autoptr(CtLogEntry) e = newest_entry (admin);

    g_assert_no_error (error);
    g_assert_cmpstr (e->purpose, ==, "view");
    g_assert_cmpint (e->household_id, ==, f->household[1]);
    g_assert_cmpint (e->person_id, ==, f->person[1]);
    g_assert_null (e->households);
  }
  {
    g_autoptr(CtRecord) household = ct_session_get (admin, "households", f->household[0], &error);
    g_autoptr(CtLogEntry) e = newest_entry (admin);

    g_assert_no_error (error);
    g_assert_cmpint (e->household_id, ==, f->household[0]);
    g_assert_cmpint (e->person_id, ==, 0);
  }
  {
    g_autoptr(GPtrArray) persons = ct_session_list (admin, "persons", "household_id",
                                                    f->household[1], &error);
    g_autoptr(CtLogEntry) e = newest_entry (admin);

    g_assert_no_error (error);
    g_assert_cmpstr (e->purpose, ==, "list");
    g_assert_cmpint (e->household_id, ==, f->household[1]);
  }

  /* The whole list: one entry naming both households, not "#0" alone. */
  entries_before = ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log");
  {
    g_autoptr(GPtrArray) firsts = ct_session_list_first_fields (admin, "persons", names, &error);
    g_autoptr(CtLogEntry) e = newest_entry (admin);

    g_assert_no_error (error);
    g_assert_cmpuint (firsts->len, ==, 2);
    g_assert_cmpint (e->household_id, ==, 0);
    g_assert_nonnull (e->households);
    g_assert_cmpuint (e->households->len, ==, 2);
    g_assert_true (set_holds (e, f->household[0]) && set_holds (e, f->household[1]));
  }
  g_assert_cmpint (ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log"), ==,
                   entries_before + 1);

  /* The scan the case list uses; the same set is stored once. */
  {
    guint n_rows = 0;
    g_autoptr(CtLogEntry) e = NULL;

    g_assert_true (ct_session_scan (admin, "persons", names, count_row, &n_rows, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 2);
    e = newest_entry (admin);
    g_assert_cmpstr (e->purpose, ==, "list");
    g_assert_true (set_holds (e, f->household[0]) && set_holds (e, f->household[1]));
  }
  g_assert_cmpint (ct_core_test_query_int (admin->db,
                                           "SELECT count(*) FROM access_log_sets"), ==, 1);

  /* A delete names whom it removed, though the row is gone. */
  g_assert_true (ct_session_delete (admin, "persons", f->person[0], &error));
  g_assert_no_error (error);
  {
    g_autoptr(CtLogEntry) e = newest_entry (admin);

    g_assert_cmpint (e->action, ==, 'D');
    g_assert_cmpint (e->household_id, ==, f->household[0]);
    g_assert_cmpint (e->person_id, ==, f->person[0]);
  }

  /* Nothing in the log is a name. */
  g_assert_cmpint (ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log WHERE "
                                                      "categories || purpose || object_table LIKE "
                                                      "'%Qvanderzandt%'"), ==, 0);
  g_assert_cmpint (ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log_sets WHERE "
                                                      "households GLOB '*[^0-9,]*'"), ==, 0);
  g_assert_true (ct_session_verify_log (admin, NULL, &error));
  g_assert_no_error (error);
}

/* The meeting report names the households on its agenda. */
static void
test_meeting (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(CtRecord) meeting = ct_record_new ("meetings");
  CtAuditSubject subject;
  gint64 meeting_id;

  ct_record_set (meeting, "held_on", "2026-02-01");
  ct_record_set (meeting, "status", "gepland");
  meeting_id = ct_core_test_insert (admin, meeting);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtRecord) item = ct_record_new ("agenda_items");

      ct_record_set_int (item, "meeting_id", meeting_id);
      ct_record_set_int (item, "case_id", f->kase[i]);
      ct_record_set (item, "status", "wachtend");
      ct_core_test_insert (admin, item);
    }
  g_assert_true (_ct_audit_resolve_subject (admin, "meetings", meeting_id, &subject, &error));
  g_assert_no_error (error);
  g_assert_nonnull (subject.households);
  g_assert_cmpuint (subject.households->len, ==, 2);
  g_array_unref (subject.households);

  /* An agenda item and a case reach their household through the case. */
  g_assert_true (_ct_audit_resolve_subject (admin, "cases", f->kase[1], &subject, &error));
  g_assert_cmpint (subject.household_id, ==, f->household[1]);
  g_assert_null (subject.households);
}

static gboolean
has_entry (GPtrArray *entries,
           gint64     household)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);

      if (e->household_id == household || set_holds (e, household))
        return TRUE;
    }
  return FALSE;
}

/* Who saw this household: everything that names it, for the beheerder
 * and its regisseur, for nobody else. */
static void
test_household_log (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "last_name", NULL };
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) refused = NULL;

  {
    g_autoptr(CtCoreTestSession) politie = ct_core_test_unlock (f->team.path, "politie", PASS);
    g_autoptr(CtRecord) household = ct_session_get (politie, "households", f->household[0],
                                                    &error);
    g_autoptr(GPtrArray) firsts = ct_session_list_first_fields (politie, "persons", names,
                                                                &error);

    g_assert_no_error (error);
    refused = ct_session_read_household_log (politie, f->household[0], &error);
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_assert_null (refused);
    g_clear_error (&error);
  }
  {
    g_autoptr(CtCoreTestSession) regie = ct_core_test_unlock (f->team.path, "regie", PASS);

    mine = ct_session_read_household_log (regie, f->household[0], &error);
    g_assert_no_error (error);
    /* "regie" directs the first household, not the second */
    refused = ct_session_read_household_log (regie, f->household[1], &error);
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (mine->len, >, 0);
  for (guint i = 0; i < mine->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (mine, i);

      g_assert_true (e->household_id == f->household[0] || set_holds (e, f->household[0]));
    }
  /* the politie's list read, by set, is among them */
  {
    gboolean politie_list = FALSE;

    for (guint i = 0; i < mine->len; i++)
      {
        CtLogEntry *e = g_ptr_array_index (mine, i);

        politie_list |= g_strcmp0 (e->login, "politie") == 0 && e->households != NULL;
      }
    g_assert_true (politie_list);
  }

  {
    g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

    all = ct_session_read_household_log (admin, f->household[1], &error);
    g_assert_no_error (error);
    g_assert_true (has_entry (all, f->household[1]));
    g_clear_pointer (&all, g_ptr_array_unref);
    all = ct_session_read_household_log (admin, 999999, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 0);
  }
}

/* Each member's own numbers run 1, 2, 3, ... */
static void
test_member_seq (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  g_autoptr(GPtrArray) entries = ct_session_read_log (admin, &error);
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (entries, i);
      const char *who = e->login != NULL ? e->login : "";
      gint64 before = GPOINTER_TO_SIZE (g_hash_table_lookup (last, who));

      g_assert_cmpint (e->member_seq, ==, before + 1);
      g_hash_table_insert (last, (gpointer) who, GSIZE_TO_POINTER ((gsize) e->member_seq));
    }
  g_assert_cmpuint (g_hash_table_size (last), >=, 4);
}

/* A raw change to what an entry names breaks the log from that entry. */
static void
assert_tampered (CtSession  *admin,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_strconcat ("DROP TRIGGER access_log_no_update; "
                                         "DROP TRIGGER access_log_sets_no_update; ", sql,
                                         NULL);

  ct_core_test_exec_sql (admin->db, "SAVEPOINT tamper");
  ct_core_test_exec_sql (admin->db, script);
  g_assert_false (ct_session_verify_log (admin, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  ct_core_test_exec_sql (admin->db, "ROLLBACK TO tamper; RELEASE tamper");
  g_clear_error (&error);
  g_assert_true (ct_session_verify_log (admin, NULL, &error));
  g_assert_no_error (error);
}

static void
test_tamper (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  const char * const names[] = { "last_name", NULL };
  g_autoptr(GPtrArray) firsts = ct_session_list_first_fields (admin, "persons", names, &error);
  g_autoptr(CtRecord) person = ct_session_get (admin, "persons", f->person[0], &error);
  g_autofree char *other = g_strdup_printf ("UPDATE access_log SET household_id = %lld WHERE "
                                            "household_id = %lld",
                                            (long long) f->household[1],
                                            (long long) f->household[0]);

  g_assert_no_error (error);
  /* another household named */
  assert_tampered (admin, other);
  /* a household hidden */
  assert_tampered (admin, "UPDATE access_log SET household_id = NULL, person_id = NULL "
                          "WHERE person_id IS NOT NULL");
  /* a household dropped from a list's set */
  assert_tampered (admin, "UPDATE access_log_sets SET households = substr (households, 1, "
                          "instr (households, ',') - 1)");
  /* back to the first format, which names nobody */
  assert_tampered (admin, "UPDATE access_log SET member_seq = NULL, household_id = NULL, "
                          "person_id = NULL, household_set = NULL WHERE id = (SELECT max (id) "
                          "FROM access_log)");
  /* a repeated number */
  assert_tampered (admin, "UPDATE access_log SET member_seq = member_seq - 1 WHERE id = "
                          "(SELECT max (id) FROM access_log)");
}

/* ct_session_read_log_async(), waited for on this thread's main context;
 * with @unverified, as the log view reads before it checks the file. */
static CtLogRead *
read_log_async_full (CtSession *session,
                     gint64     household_id,
                     gboolean   unverified,
                     gboolean   lock_meanwhile,
                     GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ct_session_read_log_async (session, household_id, !unverified, NULL, ct_core_test_result_cb,
                             &result);
  if (lock_meanwhile)
    ct_session_lock (session);
  ct_core_test_wait_result (&result);
  return ct_session_read_log_finish (session, result, error);
}

static CtLogRead *
read_log_async (CtSession *session,
                gint64     household_id,
                gboolean   lock_meanwhile,
                GError   **error)
{
  return read_log_async_full (session, household_id, FALSE, lock_meanwhile, error);
}

/* The log viewer's read in a worker gives what the session's own reads
 * give, to the same members only, and its verification, against the copy
 * of the chain the reader was given, finds what ct_session_verify_log()
 * finds. Nothing is handed out after a lock. */
static void
test_read_async (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  g_autoptr(CtLogRead) read = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 n_verified = 0;

  {
    g_autoptr(CtCoreTestSession) politie = ct_core_test_unlock (f->team.path, "politie", PASS);

    read = read_log_async (politie, 0, FALSE, &error);
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_assert_null (read);
    g_clear_error (&error);
    read = read_log_async (politie, f->household[0], FALSE, &error);
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
  }
  {
    g_autoptr(CtCoreTestSession) regie = ct_core_test_unlock (f->team.path, "regie", PASS);

    entries = ct_session_read_household_log (regie, f->household[0], &error);
    g_assert_no_error (error);
    read = read_log_async (regie, f->household[0], FALSE, &error);
    g_assert_no_error (error);
    /* its own read of the entries is not logged, so they are the same */
    g_assert_cmpuint (read->entries->len, ==, entries->len);
    g_assert_false (read->verified);
    g_assert_cmpuint (g_hash_table_size (read->case_numbers), ==, 1);
    g_assert_nonnull (g_hash_table_lookup (read->case_numbers, &f->household[0]));
    g_clear_pointer (&read, ct_log_read_free);
    g_clear_pointer (&entries, g_ptr_array_unref);
  }
  {
    g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

    entries = ct_session_read_log (admin, &error);
    g_assert_true (ct_session_verify_log (admin, &n_verified, &error));
    read = read_log_async (admin, 0, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (read->entries->len, ==, entries->len);
    g_assert_cmpint (((CtLogEntry *) g_ptr_array_index (read->entries, 0))->id, ==, 1);
    g_assert_true (read->verified);
    g_assert_no_error (read->problem);
    g_assert_cmpint (read->n_verified, ==, n_verified);
    g_assert_cmpuint (g_hash_table_size (read->case_numbers), ==, 2);
    g_clear_pointer (&read, ct_log_read_free);
    /* Asked not to verify (a check of the whole file follows): the same
     * entries, not verified. */
    read = read_log_async_full (admin, 0, TRUE, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (read->entries->len, ==, entries->len);
    g_assert_false (read->verified);
    g_assert_cmpint (read->n_verified, ==, 0);
    g_assert_no_error (read->problem);
    g_clear_pointer (&read, ct_log_read_free);

    /* Changed outside Casustafel, and committed: the worker finds it too. */
    ct_core_test_exec_sql (admin->db,
                           "DROP TRIGGER access_log_no_update; UPDATE access_log SET purpose = "
                           "'list' WHERE id = 3");
    g_assert_false (ct_session_verify_log (admin, NULL, &expected));
    g_assert_error (expected, CT_ERROR, CT_ERROR_TAMPERED);
    read = read_log_async (admin, 0, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (read->verified);
    g_assert_error (read->problem, CT_ERROR, CT_ERROR_TAMPERED);
    g_assert_cmpstr (read->problem->message, ==, expected->message);
    g_clear_pointer (&read, ct_log_read_free);

    read = read_log_async (admin, 0, TRUE, &error);
    g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
    g_assert_null (read);
  }
}

/* "regie" reads household 1 three times, then hides the second read:
 * removes it, renumbers the entries after it and re-signs them with
 * their own key. The chain of hashes and the signatures hold; the gap in
 * their numbers does not. */
static void
test_own_entry_removed (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) regie = ct_core_test_unlock (f->team.path, "regie", PASS);
  g_autoptr(CtCoreTestSession) admin = NULL;
  gint64 hidden;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CtRecord) person = ct_session_get (regie, "persons", f->person[0], &error);

      g_assert_no_error (error);
    }
  hidden = ct_core_test_query_int (regie->db, "SELECT max (id) FROM access_log") - 1;
  {
    g_autofree char *script = g_strdup_printf (
      "DROP TRIGGER access_log_no_update; DROP TRIGGER access_log_no_delete; "
      "DELETE FROM access_log WHERE id = %lld; "
      "UPDATE access_log SET id = id - 1 WHERE id > %lld;",
      (long long) hidden, (long long) hidden);

    ct_core_test_exec_sql (regie->db, script);
  }
  ct_core_test_log_resign (regie, hidden, FALSE);
  ct_core_test_exec_sql (regie->db,
                         "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
                         "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END; "
                         "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log "
                         "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;");
  ct_session_lock (regie);

  /* The anchor row names an entry id that now holds another hash; the
   * member could re-sign that too, so the sequence is checked on its own:
   * drop the anchors to see that. */
  admin = ct_core_test_unlock (f->team.path, "beheer", PASS);
  ct_core_test_exec_sql (admin->db, "DELETE FROM log_anchors");
  g_assert_false (ct_session_verify_log (admin, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "regie"));
}

/* A file from before migration 7: its entries are in the first format
 * (here: the founder's whole log, re-signed so). They still verify, new
 * entries are in the second format with each member's numbers from 1, and
 * no entry after those may go back to the first. */
static void
test_old_entries (void)
{
  CtVaultCreateInfo info = { "Team Oud", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE, PASS };
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(GPtrArray) entries = NULL;
  gint64 n_old;

  ct_core_test_team_create (&team, "ct-log-old-XXXXXX", &info);
  admin = ct_core_test_unlock (team.path, "beheer", PASS);
  n_old = ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log");
  g_assert_cmpint (n_old, ==, ct_core_test_query_int (admin->db,
                                                      "SELECT count(*) FROM access_log WHERE "
                                                      "member_id = (SELECT id FROM members WHERE "
                                                      "login = 'beheer')"));
  ct_core_test_exec_sql (admin->db,
                         "DROP TRIGGER access_log_no_update; "
                         "UPDATE access_log SET member_seq = NULL, household_id = NULL, "
                         "person_id = NULL, household_set = NULL, sealed_categories = NULL;");
  ct_core_test_log_resign (admin, 1, TRUE);
  ct_core_test_exec_sql (admin->db,
                         "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
                         "  BEGIN SELECT RAISE (ABORT, 'the access log is append-only'); END;");

  ct_record_set (household, "eviction_risk", "laag");
  ct_core_test_insert (admin, household);
  _ct_audit_save_device_anchor (admin);

  entries = ct_session_read_log (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, n_old + 1);
  for (guint i = 0; i < n_old; i++)
    g_assert_cmpint (((CtLogEntry *) g_ptr_array_index (entries, i))->member_seq, ==, 0);
  g_assert_cmpint (((CtLogEntry *) g_ptr_array_index (entries, n_old))->member_seq, ==, 1);
  g_assert_cmpint (((CtLogEntry *) g_ptr_array_index (entries, n_old))->household_id, >, 0);
  g_assert_true (ct_session_verify_log (admin, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  ct_session_lock (admin);
  g_clear_pointer (&admin, ct_core_test_session_free);
  ct_core_test_team_clear (&team);
}

/* The access log as CSV: only for whoever may read that log, every cell
 * quoted and never a formula, logged with the number of rows; a team file
 * is never a target. */
static void
test_export_csv (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  const char * const header[] = { "Case", "Purpose", NULL };
  const char * const row1[] = { "2026-001", "=HYPERLINK(\"x\")", NULL };
  const char * const row2[] = { "say \"hi\", twice", "-1+2", NULL };
  g_autofree char *path = g_build_filename (f->team.dir, "log.csv", NULL);
  g_autofree char *text = NULL;
  gint64 before;

  g_ptr_array_add (rows, (gpointer) row1);
  g_ptr_array_add (rows, (gpointer) row2);

  {
    g_autoptr(CtCoreTestSession) politie = ct_core_test_unlock (f->team.path, "politie", PASS);

    g_assert_false (ct_session_export_log_csv (politie, 0, header, rows, path, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
    g_assert_false (ct_session_export_log_csv (politie, f->household[0], header, rows, path,
                                               &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
  }
  {
    g_autoptr(CtCoreTestSession) regie = ct_core_test_unlock (f->team.path, "regie", PASS);
    g_autoptr(CtLogEntry) newest = NULL;

    /* the whole log and another's household: no */
    g_assert_false (ct_session_export_log_csv (regie, 0, header, rows, path, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
    g_assert_false (ct_session_export_log_csv (regie, f->household[1], header, rows, path,
                                               &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
    g_clear_error (&error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

    /* their own household: yes, and logged about it */
    g_assert_true (ct_session_export_log_csv (regie, f->household[0], header, rows, path,
                                              &error));
    g_assert_no_error (error);
    ct_session_lock (regie);
    {
      g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

      newest = newest_entry (admin);
    }
    g_assert_cmpint (newest->action, ==, 'E');
    g_assert_cmpstr (newest->object_table, ==, "access_log");
    g_assert_cmpstr (newest->purpose, ==, "access log export; 2 entries");
    g_assert_cmpint (newest->household_id, ==, f->household[0]);
    g_assert_cmpstr (newest->login, ==, "regie");
  }

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "\xef\xbb\xbf\"Case\",\"Purpose\"\r\n"
                             "\"2026-001\",\"'=HYPERLINK(\"\"x\"\")\"\r\n"
                             "\"say \"\"hi\"\", twice\",\"'-1+2\"\r\n");

  {
    g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->team.path, "beheer", PASS);

    /* the team file itself is never overwritten, and nothing is logged */
    before = ct_core_test_query_int (admin->db, "SELECT count(*) FROM access_log");
    g_assert_false (ct_session_export_log_csv (admin, 0, header, rows, f->team.path, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (ct_core_test_query_int (admin->db,
                                             "SELECT count(*) FROM access_log"), ==, before);
    g_assert_true (ct_session_check (admin, &error));
    g_assert_no_error (error);
  }
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/log-household/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("read-paths", test_read_paths);
  ADD ("meeting", test_meeting);
  ADD ("household-log", test_household_log);
  ADD ("member-seq", test_member_seq);
  ADD ("tamper", test_tamper);
  ADD ("read-async", test_read_async);
  ADD ("own-entry-removed", test_own_entry_removed);
  ADD ("export-csv", test_export_csv);
  g_test_add_func ("/log-household/old-entries", test_old_entries);
  return g_test_run ();
}
