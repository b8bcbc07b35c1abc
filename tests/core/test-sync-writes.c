/* test-sync-writes.c — writes outside a plain insert, update or delete
 * travel between replicas: an erasure, a retention purge, an explicit
 * involvement, a restriction of processing and a consent's withdrawal
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Copies of one team file, each a replica opened by its own member, write
 * and sync through a temporary folder in different orders. Each test
 * checks the raw rows (every replica must hold the same bytes), and that
 * a change file carrying such a write from a member who may not make it,
 * or with a signature its author did not make, is refused with the
 * reason and applies nothing. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-export.h"
#include "ct-pseudonym.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

typedef struct
{
  CtSyncTestTeam sync;
  gint64         person;
} Fixture;

/* A household with a person and a case closed long ago, kept for the
 * term of "wmo", so that a purge finds it due. */
static void
fill_closed_case (CtSession      *admin,
                  CtSyncTestTeam *team,
                  gpointer        data)
{
  Fixture *f = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) person = ct_record_new ("persons");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set (household, "area", "Noord");
  team->household = ct_core_test_insert (admin, household);
  ct_record_set_int (person, "household_id", team->household);
  ct_record_set (person, "first_name", "Jantje");
  ct_record_set (person, "last_name", "Kwakkelstein");
  f->person = ct_core_test_insert (admin, person);
  ct_record_set_int (kase, "household_id", team->household);
  ct_record_set (kase, "number", "2010-0001");
  ct_record_set (kase, "referral_date", "2009-06-01");
  ct_record_set (kase, "summary", "Schulden en huurachterstand");
  ct_record_set (kase, "status", "afgesloten");
  ct_record_set (kase, "outcome", "doel_bereikt");
  ct_record_set (kase, "closed_on", "2010-01-05");
  ct_record_set (kase, "retention", "wmo");
  team->kase = ct_core_test_insert (admin, kase);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-writes-XXXXXX", members, fill_closed_case, f);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (&f->sync);
}

static CtSession *
replica (Fixture    *f,
         const char *login)
{
  return ct_sync_test_replica (&f->sync, login);
}

/* Syncs @session; returns its refusals joined, "" for none. */
static char *
sync_refusals (CtSession *session,
               Fixture   *f)
{
  g_autoptr(GError) error = NULL;
  CtSyncSummary summary;
  GString *out = g_string_new (NULL);

  g_assert_true (ct_session_sync (session, f->sync.folder, &summary, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < summary.refusals->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (summary.refusals, i));
  ct_sync_summary_clear (&summary);
  return g_string_free (out, FALSE);
}

static void
sync_quietly (CtSession *session,
              Fixture   *f)
{
  g_autofree char *refusals = sync_refusals (session, f);

  g_assert_cmpstr (refusals, ==, "");
}

/* Every field of the rows that these writes touch, the conflicts, the
 * tombstones and the involvements, raw. */
static char *
dump (CtSession *session)
{
  static const char * const tables[] = { "households", "persons", "cases", "consents", NULL };
  GString *out = g_string_new (NULL);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      const CtTable *table = ct_schema_get_table (tables[t]);
      g_autoptr(GString) sql = g_string_new ("SELECT id");

      for (guint i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, ", %s", table->fields[i].name);
      if (g_str_equal (tables[t], "households"))
        g_string_append (sql, ", purged_on");
      g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
      g_string_append_printf (out, "%s:\n", table->name);
      ct_sync_test_dump_query (session, sql->str, out);
    }
  ct_sync_test_dump_query (session,
                           "SELECT tbl, row_id, field, hlc, device, value FROM sync_conflicts "
                           "ORDER BY 1, 2, 3, 4, 5", out);
  ct_sync_test_dump_query (session, "SELECT tbl, row_id FROM sync_tombstones ORDER BY 1, 2", out);
  ct_sync_test_dump_query (session, "SELECT * FROM involvements ORDER BY 1, 2", out);
  /* A restriction's id is this replica's own; its signature names it. */
  ct_sync_test_dump_query (session,
                           "SELECT household_id, ground, reason, placed_by, placed_at, signature, "
                           "lifted_by, lifted_at, lift_reason, lift_signature FROM restrictions "
                           "ORDER BY signature", out);
  return g_string_free (out, FALSE);
}

static void
assert_same (CtSession *a,
             CtSession *b)
{
  g_autofree char *da = dump (a);
  g_autofree char *db = dump (b);

  g_assert_cmpstr (da, ==, db);
}

static char *
column_text (CtSession  *session,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* An erasure on one laptop, against an edit of the household's person on
 * another: the erasure wins on both, and the person's conflict (another
 * laptop's value) goes with the row. */
static void
test_erasure (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");

  /* A conflict on the person: both laptops changed the first name. */
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Jan");
  ct_sync_test_set_field (b, "persons", f->person, "first_name", "Johannes");
  sync_quietly (a, f);
  sync_quietly (b, f);
  sync_quietly (a, f);
  g_assert_cmpint (ct_core_test_query_int (a->db,
                                           "SELECT count(*) FROM sync_conflicts "
                                           "WHERE tbl = 'persons'"), ==, 1);
  assert_same (a, b);

  /* B edits on, while A erases the household. */
  ct_sync_test_set_field (b, "persons", f->person, "last_name", "Anders");
  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  sync_quietly (b, f);
  sync_quietly (a, f);
  sync_quietly (b, f);
  for (guint i = 0; i < 2; i++)
    {
      CtSession *s = i == 0 ? a : b;

      g_assert_false (ct_store_row_exists (s->db, "households", f->sync.household));
      g_assert_false (ct_store_row_exists (s->db, "persons", f->person));
      g_assert_false (ct_store_row_exists (s->db, "cases", f->sync.kase));
      g_assert_cmpint (ct_core_test_query_int (s->db,
                                               "SELECT count(*) FROM sync_conflicts"), ==, 0);
      g_assert_true (ct_store_sync_is_tombstone (s->db, "households", f->sync.household));
    }
  assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* A purge on A; B edits the household's case without having seen it; C
 * gets the purge first and B's edit after it. Every replica ends with
 * the purge's result, and an edit made after seeing the purge stays. */
static void
test_purge (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 1, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  g_autofree char *on = NULL;
  CtSession *a, *b, *c, *r;
  guint n_households = 0, n_rows = 0;

  ct_clock_set_now_for_testing (now);
  a = replica (f, "beheer");
  b = replica (f, "regie");
  c = replica (f, "regie");

  g_assert_true (ct_session_purge (a, &n_households, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_households, ==, 1);
  sync_quietly (a, f);
  sync_quietly (c, f);  /* the purge first */
  g_assert_cmpint (ct_core_test_query_int (c->db,
                                           "SELECT count(*) FROM cases "
                                           "WHERE coalesce (summary, '') = ''"), ==, 1);

  ct_sync_test_set_field (b, "cases", f->sync.kase, "summary", "Nog niet gezien");
  ct_sync_test_set_field (b, "persons", f->person, "first_name", "Nog niet gezien");
  sync_quietly (b, f);  /* B: its edit first, then the purge */
  sync_quietly (c, f);  /* C: the edit after the purge */
  sync_quietly (a, f);
  for (guint i = 0; i < 3; i++)
    {
      CtSession *s = i == 0 ? a : i == 1 ? b : c;
      g_autofree char *summary = column_text (s, "SELECT coalesce (summary, '') FROM cases");

      g_assert_cmpstr (summary, ==, "");
      g_assert_cmpint (ct_core_test_query_int (s->db,
                                               "SELECT count(*) FROM persons "
                                               "WHERE first_name IS NOT NULL"), ==, 0);
    }
  on = column_text (a, "SELECT purged_on FROM households");
  g_assert_cmpstr (on, ==, "2026-06-01");
  assert_same (a, b);
  assert_same (a, c);

  /* An edit made after the purge arrived stays, everywhere. */
  ct_sync_test_set_field (b, "cases", f->sync.kase, "summary", "Na de opschoning");
  sync_quietly (b, f);
  sync_quietly (a, f);
  sync_quietly (c, f);
  for (guint i = 0; i < 3; i++)
    {
      CtSession *s = i == 0 ? a : i == 1 ? b : c;
      g_autofree char *summary = column_text (s, "SELECT summary FROM cases");

      g_assert_cmpstr (summary, ==, "Na de opschoning");
    }
  assert_same (a, c);

  /* A purge in the file of a member who is no beheerder is refused. */
  r = replica (f, "regie");
  g_assert_true (_ct_session_sync_capture_purge (r, f->sync.household, "2026-05-01", &error));
  g_assert_no_error (error);
  sync_quietly (r, f);
  refusals = sync_refusals (a, f);
  g_assert_nonnull (strstr (refusals, "it anonymises a household, which only a beheerder may "
                                      "do"));
  g_clear_pointer (&on, g_free);
  on = column_text (a, "SELECT purged_on FROM households");
  g_assert_cmpstr (on, ==, "2026-06-01");

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
  ct_core_test_session_free (r);
  ct_clock_set_now_for_testing (NULL);
}

/* Change file @seq of @session's replica, opened: its changes as lines
 * "kind table row" (the access log's entries left out, which name no
 * value), and their plaintext in @plain. Of a row of household @purged,
 * every value it carries must be what the purge leaves. */
static char *
open_changes (CtSession *session,
              Fixture   *f,
              guint64    seq,
              gint64     purged,
              GBytes   **plain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ct_sync_test_device_dir (session, f->sync.folder);
  g_autofree char *name = _ct_sync_change_file_name (seq);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  GString *out = g_string_new (NULL);
  CtSyncFile file = { 0 };
  const guint8 *p, *end;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (_ct_sync_file_peek ((const guint8 *) data, len, &file, &error));
  keys = _ct_session_sync_open_keys (session, file.key_version);
  g_assert_nonnull (keys);
  g_assert_true (_ct_sync_file_open_any ((const guint8 *) data, len, keys, FALSE, &file, &error));
  g_assert_no_error (error);

  p = g_bytes_get_data (file.changes, &len);
  end = p + len;
  for (guint i = 0; i < file.n_changes; i++)
    {
      CtSyncChange change;

      g_assert_true (_ct_sync_change_next (&p, end, &change, &error));
      if (change.kind != CT_SYNC_LOG)
        g_string_append_printf (out, "%d %s %" G_GINT64_FORMAT "\n", change.kind,
                                change.table != NULL ? change.table->name : change.signed_table,
                                change.row_id);
      if (purged != 0 && (change.kind == CT_SYNC_INSERT || change.kind == CT_SYNC_UPDATE)
          && ct_store_sync_household_of (session->db, change.table, change.row_id,
                                         NULL) == purged)
        for (guint k = 0; k < change.table->n_fields; k++)
          if (change.changed[k])
            g_assert_false (ct_store_purge_value (change.table, k, &change.values[k]));
      _ct_sync_change_clear (&change);
    }
  *plain = g_bytes_ref (file.changes);
  _ct_sync_file_clear (&file);
  return g_string_free (out, FALSE);
}

static gboolean
plain_holds (GBytes     *plain,
             const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (plain, &len);

  return ct_sync_test_holds (data, len, needle);
}

/* Whether @changes (from open_changes()) holds a change of @kind to the
 * row. */
static gboolean
carries (const char *changes,
         CtSyncKind  kind,
         const char *table,
         gint64      row)
{
  g_autofree char *line = g_strdup_printf ("%d %s %" G_GINT64_FORMAT "\n", kind, table, row);

  return g_str_has_prefix (changes, line) || strstr (changes, line) != NULL;
}

static gint64
add_person (CtSession  *session,
            gint64      household,
            const char *first_name)
{
  g_autoptr(CtRecord) person = ct_record_new ("persons");

  ct_record_set_int (person, "household_id", household);
  ct_record_set (person, "first_name", first_name);
  ct_record_set (person, "last_name", "Verstopt");
  return ct_core_test_insert (session, person);
}

/* The household's rows, made and edited on A and erased there before A
 * synced: none of those changes is in A's next file, only the delete;
 * B, which had an earlier version, and C, which had none of A's, end
 * without the household and with the household A made beside it. */
static void
test_erasure_unsent (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(CtRecord) other = ct_record_new ("households");
  g_autofree char *changes = NULL;
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");
  CtSession *c = replica (f, "regie");
  CtSyncSummary summary;
  gint64 added, zuid;

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Eerdere samenvatting");
  sync_quietly (a, f);
  sync_quietly (b, f);

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Hendrikus");
  added = add_person (a, f->sync.household, "Geheimpje");
  ct_record_set (other, "area", "Zuid");
  zuid = ct_core_test_insert (a, other);
  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_pending"), >, 0);
  sync_quietly (a, f);

  changes = open_changes (a, f, ct_sync_test_state_of (a).next_seq - 1, 0, &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (plain_holds (plain, "Verstopt"));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "cases", f->sync.kase));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "persons", f->person));
  g_assert_false (carries (changes, CT_SYNC_INSERT, "persons", added));
  g_assert_true (carries (changes, CT_SYNC_DELETE, "households", f->sync.household));
  g_assert_true (carries (changes, CT_SYNC_INSERT, "households", zuid));

  sync_quietly (b, f);
  /* The sync names the erased household as gone from every list. */
  ct_sync_test_sync (c, f->sync.folder, &summary);
  g_assert_nonnull (summary.hidden);
  g_assert_cmpuint (summary.hidden->len, ==, 1);
  g_assert_cmpint (g_array_index (summary.hidden, gint64, 0), ==, f->sync.household);
  ct_sync_summary_clear (&summary);
  for (guint i = 0; i < 3; i++)
    {
      CtSession *s = i == 0 ? a : i == 1 ? b : c;

      g_assert_false (ct_store_row_exists (s->db, "households", f->sync.household));
      g_assert_false (ct_store_row_exists (s->db, "persons", added));
      g_assert_false (ct_store_row_exists (s->db, "cases", f->sync.kase));
      g_assert_true (ct_store_row_exists (s->db, "households", zuid));
      g_assert_true (ct_store_sync_is_tombstone (s->db, "households", f->sync.household));
    }
  assert_same (a, b);
  assert_same (a, c);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

/* A change file sealed into the outbox and not yet in the folder (the
 * folder could not be reached) is sealed again without the erased
 * values, under its own number, and still applies on the others. */
static void
test_erasure_outbox (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *not_a_folder = g_build_filename (f->sync.folder, "bestand", NULL);
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");
  CtSyncSummary summary;

  g_assert_true (g_file_set_contents (not_a_folder, "", 0, NULL));
  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");
  g_assert_false (ct_session_sync (a, not_a_folder, &summary, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ct_sync_summary_clear (&summary);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_outbox"), ==, 1);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_pending"), ==, 0);

  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_outbox"), ==, 1);
  sync_quietly (a, f);

  changes = open_changes (a, f, 1, 0, &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "cases", f->sync.kase));
  g_clear_pointer (&plain, g_bytes_unref);
  g_clear_pointer (&changes, g_free);
  changes = open_changes (a, f, 2, 0, &plain);
  g_assert_true (carries (changes, CT_SYNC_DELETE, "households", f->sync.household));

  sync_quietly (b, f);
  g_assert_false (ct_store_row_exists (b->db, "households", f->sync.household));
  assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* An erasure made while a sync applies the others' files, after it
 * sealed the changes made before into the file it holds back until then
 * (docs/sync.md, "Sync key rotation on removal"): the held file is
 * written as the erasure left it. */
static void
test_erasure_while_syncing (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *changes = NULL;
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");
  CtSyncSummary summary = { 0 };
  CtSyncIo *io;
  guint64 held;
  int step;

  ct_sync_test_set_field (b, "cases", f->sync.kase, "number", "2010-0001-B");
  sync_quietly (b, f);
  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");

  /* ct_session_sync()'s stages, with the erasure between two of them. */
  summary.refusals = g_ptr_array_new_with_free_func (g_free);
  io = _ct_session_sync_io_begin (a, f->sync.folder, &summary, &error);
  g_assert_no_error (error);
  g_assert_nonnull (io->held);
  held = io->held_seq;
  g_assert_true (_ct_sync_io_write_and_read (io, &error));
  g_assert_cmpint (_ct_session_sync_io_step (a, io, &summary, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  while ((step = _ct_session_sync_io_step (a, io, &summary, &error)) > 0)
    ;
  g_assert_cmpint (step, ==, 0);
  g_assert_true (_ct_session_sync_io_end (a, io, &summary, &error)
                 && _ct_sync_io_write_held (io, &error)
                 && _ct_session_sync_io_held_written (a, io, &error));
  g_assert_no_error (error);
  _ct_sync_io_free (io);
  ct_sync_summary_clear (&summary);

  changes = open_changes (a, f, held, 0, &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "cases", f->sync.kase));
  sync_quietly (a, f);
  sync_quietly (b, f);
  g_assert_false (ct_store_row_exists (b->db, "households", f->sync.household));
  assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* The household's rows edited and added on A before its purge: A's next
 * file carries them only as the purge left them, and B (which had an
 * earlier version) and C end alike. */
static void
test_purge_unsent (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 1, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *changes = NULL;
  CtSession *a, *b, *c;
  guint n_households = 0;
  gint64 added;

  ct_clock_set_now_for_testing (now);
  a = replica (f, "beheer");
  b = replica (f, "regie");
  c = replica (f, "regie");
  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Eerdere samenvatting");
  sync_quietly (a, f);
  sync_quietly (b, f);

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Hendrikus");
  added = add_person (a, f->sync.household, "Geheimpje");
  g_assert_true (ct_session_purge (a, &n_households, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_households, ==, 1);
  sync_quietly (a, f);

  changes = open_changes (a, f, ct_sync_test_state_of (a).next_seq - 1, f->sync.household,
                          &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (plain_holds (plain, "Verstopt"));
  g_assert_true (carries (changes, CT_SYNC_INSERT, "persons", added));
  g_assert_true (carries (changes, CT_SYNC_PURGE, "households", f->sync.household));

  sync_quietly (b, f);
  sync_quietly (c, f);
  for (guint i = 0; i < 3; i++)
    {
      CtSession *s = i == 0 ? a : i == 1 ? b : c;
      g_autofree char *summary = column_text (s, "SELECT coalesce (summary, '') FROM cases");

      g_assert_cmpstr (summary, ==, "");
      g_assert_true (ct_store_row_exists (s->db, "persons", added));
      g_assert_cmpint (ct_core_test_query_int (s->db,
                                               "SELECT count(*) FROM persons "
                                               "WHERE first_name IS NOT NULL"), ==, 0);
    }
  assert_same (a, b);
  assert_same (a, c);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
  ct_clock_set_now_for_testing (NULL);
}

/* @session's record key of @household after an aggregate export. */
static guint32
exported_record_key (CtSession *session,
                     Fixture   *f,
                     gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->sync.team.dir, "export.xlsx", NULL);
  CtExportOptions options;
  guint32 key = 0;
  gboolean have = FALSE;

  ct_export_options_init (&options);
  options.profile = CT_EXPORT_AGGREGATE;
  g_assert_true (ct_export_workbook (session, out, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_unlink (out);
  g_assert_true (ct_session_load_record_keys (session, &household, 1, &key, &have, &error));
  g_assert_no_error (error);
  g_assert_true (have);
  return key;
}

/* Two laptops that export after the copy, each for the first time, give
 * a case the same pseudonym and a household, also one made after the
 * copy, the same record key: the secrets were made when sync was
 * switched on, and are in every replica (docs/export.md). */
static void
test_export_keys (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autofree char *pb = NULL;
  g_autofree char *pc = NULL;
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");
  CtSession *c = replica (f, "regie");
  gint64 zuid;

  ct_record_set (household, "area", "Zuid");
  zuid = ct_core_test_insert (a, household);
  sync_quietly (a, f);
  sync_quietly (b, f);
  sync_quietly (c, f);

  pb = ct_pseudonym_for_case (b, f->sync.kase, &error);
  g_assert_no_error (error);
  pc = ct_pseudonym_for_case (c, f->sync.kase, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb, ==, pc);
  g_assert_cmpuint (exported_record_key (b, f, f->sync.household), ==,
                    exported_record_key (c, f, f->sync.household));
  g_assert_cmpuint (exported_record_key (b, f, zuid), ==, exported_record_key (c, f, zuid));

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (c);
}

static gint64
member_id (CtSession  *session,
           const char *login)
{
  for (guint i = 0; i < session->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (session->chain->members, i);

      if (g_str_equal (m->login, login))
        return m->id;
    }
  g_assert_not_reached ();
}

static const guint8 *
member_uid (CtSession  *session,
            const char *login)
{
  return ct_chain_find_id (session->chain, member_id (session, login))->uid;
}

/* Whether @session lists @login as added to the household, signature and
 * all. */
static gboolean
lists_involved (CtSession  *session,
                gint64      household,
                const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ct_session_list_involvements (session, household, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((CtInvolvement *) g_ptr_array_index (list, i))->login, login))
      return TRUE;
  return FALSE;
}

/* An involvement added on one laptop verifies on another; taking it out
 * on one laptop while another adds it again ends alike on every replica
 * (the later write holds); a signed row its author did not sign, and a
 * taking out by someone who may not, are refused. */
static void
test_involvement (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "beheer");
  CtSession *p = replica (f, "politie");
  CtSession *r = replica (f, "regie");
  gint64 politie = member_id (a, "politie");
  guint8 forged[2 * CT_MEMBER_ID_SIZE + 10 + crypto_sign_BYTES];

  g_assert_true (ct_session_add_involvement (a, f->sync.household, politie, &error));
  g_assert_no_error (error);
  sync_quietly (a, f);
  sync_quietly (b, f);
  sync_quietly (p, f);
  g_assert_true (lists_involved (b, f->sync.household, "politie"));
  g_assert_cmpint (ct_core_test_query_int (p->db, "SELECT count(*) FROM involvements"), ==, 1);
  assert_same (a, b);

  /* Concurrently: A takes politie out, B adds them again a second later
   * on the core's clock, which the stamps read (no wait for the real one). */
  now = ct_clock_now_utc ();
  later = g_date_time_add_seconds (now, 1);
  ct_clock_set_now_for_testing (now);
  g_assert_true (ct_session_remove_involvement (a, f->sync.household, politie, &error));
  g_assert_no_error (error);
  ct_clock_set_now_for_testing (later);
  g_assert_true (ct_session_add_involvement (b, f->sync.household, politie, &error));
  g_assert_no_error (error);
  sync_quietly (b, f);
  sync_quietly (a, f);
  sync_quietly (b, f);
  sync_quietly (p, f);
  g_assert_true (lists_involved (a, f->sync.household, "politie"));
  g_assert_true (lists_involved (b, f->sync.household, "politie"));
  assert_same (a, b);
  assert_same (a, p);

  /* Politie steps out themselves: that travels too. */
  g_assert_true (ct_session_remove_involvement (p, f->sync.household, politie, &error));
  g_assert_no_error (error);
  sync_quietly (p, f);
  sync_quietly (a, f);
  g_assert_false (lists_involved (a, f->sync.household, "politie"));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM involvements"), ==, 0);

  /* The regisseur's laptop plants a row signed, it claims, by the
   * beheerder: refused, and nothing of it applied. */
  memcpy (forged, member_uid (r, "politie"), CT_MEMBER_ID_SIZE);
  memcpy (forged + CT_MEMBER_ID_SIZE, member_uid (r, "beheer"), CT_MEMBER_ID_SIZE);
  memcpy (forged + 2 * CT_MEMBER_ID_SIZE, "2026-06-01", 10);
  memset (forged + 2 * CT_MEMBER_ID_SIZE + 10, 7, crypto_sign_BYTES);
  g_assert_true (_ct_session_sync_capture_signed (r, CT_SYNC_SIGNED_PUT, "involvements",
                                                  f->sync.household, "member:x", forged,
                                                  sizeof forged, &error));
  g_assert_no_error (error);
  sync_quietly (r, f);
  refusals = sync_refusals (a, f);
  g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM involvements"), ==, 0);

  /* The police laptop takes the beheerder's involvement out of a
   * household it has no say over: refused. */
  g_clear_pointer (&refusals, g_free);
  g_assert_true (ct_session_add_involvement (a, f->sync.household, member_id (a, "regie"), &error));
  g_assert_no_error (error);
  sync_quietly (a, f);
  refusals = sync_refusals (b, f);  /* the regisseur's file, refused here too */
  g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
  g_assert_true (lists_involved (b, f->sync.household, "regie"));
  g_clear_pointer (&refusals, g_free);
  {
    CtSession *q = replica (f, "politie");

    g_assert_true (_ct_session_sync_capture_signed (q, CT_SYNC_SIGNED_DROP, "involvements",
                                                    f->sync.household, "member:y",
                                                    member_uid (q, "regie"), CT_MEMBER_ID_SIZE,
                                                    &error));
    g_assert_no_error (error);
    refusals = sync_refusals (q, f);  /* it too refuses the regisseur's file */
    g_assert_nonnull (strstr (refusals, "with a signature that its author did not make"));
    g_clear_pointer (&refusals, g_free);
    refusals = sync_refusals (b, f);
    g_assert_nonnull (strstr (refusals, "it takes a member out of a household"));
    g_assert_true (lists_involved (b, f->sync.household, "regie"));
    ct_core_test_session_free (q);
  }

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (p);
  ct_core_test_session_free (r);
  ct_clock_set_now_for_testing (NULL);
}

/* Whether @session's case list shows the household. */
static gboolean
lists_household (CtSession *session,
                 gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = ct_case_overview_list (session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, CtCaseOverview, i).household_id == household)
      return TRUE;
  return FALSE;
}

static gboolean
restricted (CtSession *session,
            gint64     household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRestriction) restriction = ct_session_get_restriction (session, household, &error);

  g_assert_no_error (error);
  return restriction != NULL;
}

static void
put_text (GByteArray *out,
          const char *text)
{
  guint8 len[2] = { (guint8) strlen (text), 0 };

  g_byte_array_append (out, len, 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

/* A restriction placed on one laptop restricts on every replica (and
 * hides the household from the police's list there), a lift on another
 * lifts it everywhere, the rows the same bytes on each; a placement or a
 * lift by a role that may not, or with a signature its author did not
 * make, is refused and applies nothing. */
static void
test_restriction (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refusals = NULL;
  g_autoptr(GByteArray) forged = g_byte_array_new ();
  guint8 signature[crypto_sign_BYTES];
  guint8 junk[crypto_sign_BYTES];
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "beheer");
  CtSession *p = replica (f, "politie");
  CtSession *r = replica (f, "regie");
  sqlite3_stmt *stmt = NULL;
  CtSyncSummary summary;

  g_assert_true (lists_household (p, f->sync.household));
  g_assert_true (ct_session_restrict (a, f->sync.household, CT_RESTRICT_OBJECTION, "Bezwaar loopt",
                                      &error));
  g_assert_no_error (error);
  sync_quietly (a, f);
  /* The sync names the household as gone from the lists of the police
   * laptop, which may not see it now, and not of a beheerder's. */
  ct_sync_test_sync (b, f->sync.folder, &summary);
  g_assert_null (summary.hidden);
  ct_sync_summary_clear (&summary);
  ct_sync_test_sync (p, f->sync.folder, &summary);
  g_assert_nonnull (summary.hidden);
  g_assert_cmpuint (summary.hidden->len, ==, 1);
  g_assert_cmpint (g_array_index (summary.hidden, gint64, 0), ==, f->sync.household);
  ct_sync_summary_clear (&summary);
  sync_quietly (r, f);
  g_assert_true (restricted (b, f->sync.household));
  g_assert_true (restricted (p, f->sync.household));
  g_assert_false (lists_household (p, f->sync.household));
  g_assert_true (lists_household (b, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (b->db, "SELECT count(*) FROM restrictions"), ==, 1);
  assert_same (a, b);
  assert_same (a, p);

  /* Lifted on another laptop: lifted everywhere. */
  g_assert_true (ct_session_lift_restriction (b, f->sync.household, "Bezwaar afgewezen", &error));
  g_assert_no_error (error);
  sync_quietly (b, f);
  sync_quietly (a, f);
  sync_quietly (p, f);
  g_assert_false (restricted (a, f->sync.household));
  g_assert_false (restricted (p, f->sync.household));
  g_assert_true (lists_household (p, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM restrictions"), ==, 1);
  assert_same (a, b);
  assert_same (a, p);

  /* The regisseur's laptop plants a placement signed, it claims, by the
   * beheerder: refused, nothing applied. */
  memset (junk, 7, sizeof junk);
  put_text (forged, "bezwaar");
  g_byte_array_append (forged, member_uid (r, "beheer"), CT_MEMBER_ID_SIZE);
  g_byte_array_append (forged, (const guint8 *) "2026-06-01T10:00:00Z", 20);
  g_byte_array_append (forged, junk, sizeof junk);
  put_text (forged, "");
  g_assert_true (_ct_session_sync_capture_signed (r, CT_SYNC_SIGNED_PUT, "restrictions",
                                                  f->sync.household, "restriction:x", forged->data,
                                                  forged->len, &error));
  g_assert_no_error (error);
  sync_quietly (r, f);
  refusals = sync_refusals (a, f);
  g_assert_nonnull (strstr (refusals, "restricts a household’s processing with a signature that "
                                      "its author did not make"));
  g_assert_false (restricted (a, f->sync.household));
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM restrictions"), ==, 1);
  g_clear_pointer (&refusals, g_free);

  /* Placed again on A; a lift the police laptop makes of it, and one the
   * regisseur's signs with a signature that is not theirs: refused. */
  g_assert_true (ct_session_restrict (a, f->sync.household, CT_RESTRICT_ACCURACY, NULL, &error));
  g_assert_no_error (error);
  sync_quietly (a, f);
  g_assert_cmpint (sqlite3_prepare_v2 (a->db, "SELECT signature FROM restrictions WHERE "
                                              "lifted_by IS NULL", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  memcpy (signature, sqlite3_column_blob (stmt, 0), sizeof signature);
  sqlite3_finalize (stmt);
  {
    CtSession *q = replica (f, "politie");
    CtSession *s = replica (f, "regie");
    CtSession *sessions[] = { q, s };

    for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
      {
        g_autoptr(GByteArray) lift = g_byte_array_new ();

        /* The forger has seen the placement, so every replica applies it
         * before the forged lift, whatever order the device ids give. */
        g_free (sync_refusals (sessions[i], f));
        g_byte_array_append (lift, signature, sizeof signature);
        g_byte_array_append (lift, member_uid (sessions[i], i == 0 ? "politie" : "regie"),
                             CT_MEMBER_ID_SIZE);
        g_byte_array_append (lift, (const guint8 *) "2026-06-02T10:00:00Z", 20);
        g_byte_array_append (lift, junk, sizeof junk);
        put_text (lift, "Opgeheven");
        g_assert_true (_ct_session_sync_capture_signed (sessions[i], CT_SYNC_SIGNED_DROP,
                                                        "restrictions", f->sync.household,
                                                        "restriction:y", lift->data, lift->len,
                                                        &error));
        g_assert_no_error (error);
        g_free (sync_refusals (sessions[i], f));
      }
    refusals = sync_refusals (b, f);
    g_assert_nonnull (strstr (refusals, "which only a beheerder or a regisseur may do"));
    g_assert_nonnull (strstr (refusals, "lifts a restriction with a signature that its author "
                                        "did not make"));
    g_assert_true (restricted (b, f->sync.household));
    ct_core_test_session_free (q);
    ct_core_test_session_free (s);
  }

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
  ct_core_test_session_free (p);
  ct_core_test_session_free (r);
}

/* A consent given on one laptop and withdrawn on another travels as the
 * session's own insert and update. */
static void
test_consent (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(CtRecord) k = ct_record_new ("consents");
  CtSession *a = replica (f, "beheer");
  CtSession *b = replica (f, "regie");
  gint64 id;
  g_autofree char *withdrawn = NULL;

  ct_record_set_int (k, "case_id", f->sync.kase);
  ct_record_set (k, "category", "finance");
  ct_record_set (k, "purpose", "delen_aan_tafel");
  ct_record_set (k, "basis", "toestemming");
  ct_record_set (k, "given_on", "2009-06-01");
  id = ct_core_test_insert (a, k);
  sync_quietly (a, f);
  sync_quietly (b, f);
  ct_sync_test_set_field (b, "consents", id, "withdrawn_on", "2009-09-01");
  sync_quietly (b, f);
  sync_quietly (a, f);
  withdrawn = column_text (a, "SELECT withdrawn_on FROM consents");
  g_assert_cmpstr (withdrawn, ==, "2009-09-01");
  assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-writes/erasure", Fixture, NULL, fixture_setup, test_erasure,
              fixture_teardown);
  g_test_add ("/sync-writes/purge", Fixture, NULL, fixture_setup, test_purge, fixture_teardown);
  g_test_add ("/sync-writes/erasure-unsent", Fixture, NULL, fixture_setup, test_erasure_unsent,
              fixture_teardown);
  g_test_add ("/sync-writes/erasure-outbox", Fixture, NULL, fixture_setup, test_erasure_outbox,
              fixture_teardown);
  g_test_add ("/sync-writes/erasure-while-syncing", Fixture, NULL, fixture_setup,
              test_erasure_while_syncing, fixture_teardown);
  g_test_add ("/sync-writes/export-keys", Fixture, NULL, fixture_setup, test_export_keys,
              fixture_teardown);
  g_test_add ("/sync-writes/purge-unsent", Fixture, NULL, fixture_setup, test_purge_unsent,
              fixture_teardown);
  g_test_add ("/sync-writes/involvement", Fixture, NULL, fixture_setup, test_involvement,
              fixture_teardown);
  g_test_add ("/sync-writes/restriction", Fixture, NULL, fixture_setup, test_restriction,
              fixture_teardown);
  g_test_add ("/sync-writes/consent", Fixture, NULL, fixture_setup, test_consent,
              fixture_teardown);
  return g_test_run ();
}
