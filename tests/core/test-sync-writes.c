/* test-sync-writes.c — writes outside a plain insert, update or delete
 * travel between replicas: an erasure, a retention purge, the export's
 * keys and a consent's withdrawal
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
 * reason and applies nothing. The signed rows (an explicit involvement, a
 * restriction of processing) are test-sync-signed.c. */

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

typedef CtSyncTestWrites Fixture;

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
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");

  /* A conflict on the person: both laptops changed the first name. */
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Jan");
  ct_sync_test_set_field (b, "persons", f->person, "first_name", "Johannes");
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  g_assert_cmpint (ct_core_test_query_int (a->db,
                                           "SELECT count(*) FROM sync_conflicts "
                                           "WHERE tbl = 'persons'"), ==, 1);
  ct_sync_test_writes_assert_same (a, b);

  /* B edits on, while A erases the household. */
  ct_sync_test_set_field (b, "persons", f->person, "last_name", "Anders");
  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_conflicts"), ==, 0);

  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
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
  ct_sync_test_writes_assert_same (a, b);

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
  a = ct_sync_test_replica (&f->sync, "beheer");
  b = ct_sync_test_replica (&f->sync, "regie");
  c = ct_sync_test_replica (&f->sync, "regie");

  g_assert_true (ct_session_purge (a, &n_households, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_households, ==, 1);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (c, f->sync.folder);  /* the purge first */
  g_assert_cmpint (ct_core_test_query_int (c->db,
                                           "SELECT count(*) FROM cases "
                                           "WHERE coalesce (summary, '') = ''"), ==, 1);

  ct_sync_test_set_field (b, "cases", f->sync.kase, "summary", "Nog niet gezien");
  ct_sync_test_set_field (b, "persons", f->person, "first_name", "Nog niet gezien");
  ct_sync_test_sync_quietly (b, f->sync.folder);  /* B: its edit first, then the purge */
  ct_sync_test_sync_quietly (c, f->sync.folder);  /* C: the edit after the purge */
  ct_sync_test_sync_quietly (a, f->sync.folder);
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
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, c);

  /* An edit made after the purge arrived stays, everywhere. */
  ct_sync_test_set_field (b, "cases", f->sync.kase, "summary", "Na de opschoning");
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (c, f->sync.folder);
  for (guint i = 0; i < 3; i++)
    {
      CtSession *s = i == 0 ? a : i == 1 ? b : c;
      g_autofree char *summary = column_text (s, "SELECT summary FROM cases");

      g_assert_cmpstr (summary, ==, "Na de opschoning");
    }
  ct_sync_test_writes_assert_same (a, c);

  /* A purge in the file of a member who is no beheerder is refused. */
  r = ct_sync_test_replica (&f->sync, "regie");
  g_assert_true (_ct_session_sync_capture_purge (r, f->sync.household, "2026-05-01", &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (r, f->sync.folder);
  refusals = ct_sync_test_refusals (a, f->sync.folder);
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
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");
  CtSession *c = ct_sync_test_replica (&f->sync, "regie");
  CtSyncSummary summary;
  gint64 added, zuid;

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Eerdere samenvatting");
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Hendrikus");
  added = add_person (a, f->sync.household, "Geheimpje");
  ct_record_set (other, "area", "Zuid");
  zuid = ct_core_test_insert (a, other);
  g_assert_true (ct_session_erase (a, f->sync.household, 0, "niet_meer_nodig", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ct_core_test_query_int (a->db, "SELECT count(*) FROM sync_pending"), >, 0);
  ct_sync_test_sync_quietly (a, f->sync.folder);

  changes = open_changes (a, f, ct_sync_test_state_of (a).next_seq - 1, 0, &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (plain_holds (plain, "Verstopt"));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "cases", f->sync.kase));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "persons", f->person));
  g_assert_false (carries (changes, CT_SYNC_INSERT, "persons", added));
  g_assert_true (carries (changes, CT_SYNC_DELETE, "households", f->sync.household));
  g_assert_true (carries (changes, CT_SYNC_INSERT, "households", zuid));

  ct_sync_test_sync_quietly (b, f->sync.folder);
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
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, c);

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
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");
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
  ct_sync_test_sync_quietly (a, f->sync.folder);

  changes = open_changes (a, f, 1, 0, &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (carries (changes, CT_SYNC_UPDATE, "cases", f->sync.kase));
  g_clear_pointer (&plain, g_bytes_unref);
  g_clear_pointer (&changes, g_free);
  changes = open_changes (a, f, 2, 0, &plain);
  g_assert_true (carries (changes, CT_SYNC_DELETE, "households", f->sync.household));

  ct_sync_test_sync_quietly (b, f->sync.folder);
  g_assert_false (ct_store_row_exists (b->db, "households", f->sync.household));
  ct_sync_test_writes_assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* An erasure made while a sync applies the others' files, after it
 * sealed the changes made before into the file it holds back until then
 * (docs/sync-security.md, "Sync key rotation on removal"): the held file is
 * written as the erasure left it. */
static void
test_erasure_while_syncing (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autofree char *changes = NULL;
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");
  CtSyncSummary summary = { 0 };
  CtSyncIo *io;
  guint64 held;
  int step;

  ct_sync_test_set_field (b, "cases", f->sync.kase, "number", "2010-0001-B");
  ct_sync_test_sync_quietly (b, f->sync.folder);
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
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  g_assert_false (ct_store_row_exists (b->db, "households", f->sync.household));
  ct_sync_test_writes_assert_same (a, b);

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
  a = ct_sync_test_replica (&f->sync, "beheer");
  b = ct_sync_test_replica (&f->sync, "regie");
  c = ct_sync_test_replica (&f->sync, "regie");
  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Eerdere samenvatting");
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);

  ct_sync_test_set_field (a, "cases", f->sync.kase, "summary", "Geheime samenvatting");
  ct_sync_test_set_field (a, "persons", f->person, "first_name", "Hendrikus");
  added = add_person (a, f->sync.household, "Geheimpje");
  g_assert_true (ct_session_purge (a, &n_households, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_households, ==, 1);
  ct_sync_test_sync_quietly (a, f->sync.folder);

  changes = open_changes (a, f, ct_sync_test_state_of (a).next_seq - 1, f->sync.household,
                          &plain);
  g_assert_false (plain_holds (plain, "Geheime samenvatting"));
  g_assert_false (plain_holds (plain, "Verstopt"));
  g_assert_true (carries (changes, CT_SYNC_INSERT, "persons", added));
  g_assert_true (carries (changes, CT_SYNC_PURGE, "households", f->sync.household));

  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (c, f->sync.folder);
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
  ct_sync_test_writes_assert_same (a, b);
  ct_sync_test_writes_assert_same (a, c);

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
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");
  CtSession *c = ct_sync_test_replica (&f->sync, "regie");
  gint64 zuid;

  ct_record_set (household, "area", "Zuid");
  zuid = ct_core_test_insert (a, household);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (c, f->sync.folder);

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

/* A consent given on one laptop and withdrawn on another travels as the
 * session's own insert and update. */
static void
test_consent (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(CtRecord) k = ct_record_new ("consents");
  CtSession *a = ct_sync_test_replica (&f->sync, "beheer");
  CtSession *b = ct_sync_test_replica (&f->sync, "regie");
  gint64 id;
  g_autofree char *withdrawn = NULL;

  ct_record_set_int (k, "case_id", f->sync.kase);
  ct_record_set (k, "category", "finance");
  ct_record_set (k, "purpose", "delen_aan_tafel");
  ct_record_set (k, "basis", "toestemming");
  ct_record_set (k, "given_on", "2009-06-01");
  id = ct_core_test_insert (a, k);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_set_field (b, "consents", id, "withdrawn_on", "2009-09-01");
  ct_sync_test_sync_quietly (b, f->sync.folder);
  ct_sync_test_sync_quietly (a, f->sync.folder);
  withdrawn = column_text (a, "SELECT withdrawn_on FROM consents");
  g_assert_cmpstr (withdrawn, ==, "2009-09-01");
  ct_sync_test_writes_assert_same (a, b);

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-writes/erasure", Fixture, NULL, ct_sync_test_writes_setup,
              test_erasure, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/purge", Fixture, NULL, ct_sync_test_writes_setup,
              test_purge, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/erasure-unsent", Fixture, NULL, ct_sync_test_writes_setup,
              test_erasure_unsent, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/erasure-outbox", Fixture, NULL, ct_sync_test_writes_setup,
              test_erasure_outbox, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/erasure-while-syncing", Fixture, NULL, ct_sync_test_writes_setup,
              test_erasure_while_syncing, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/export-keys", Fixture, NULL, ct_sync_test_writes_setup,
              test_export_keys, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/purge-unsent", Fixture, NULL, ct_sync_test_writes_setup,
              test_purge_unsent, ct_sync_test_writes_teardown);
  g_test_add ("/sync-writes/consent", Fixture, NULL, ct_sync_test_writes_setup,
              test_consent, ct_sync_test_writes_teardown);
  return g_test_run ();
}
