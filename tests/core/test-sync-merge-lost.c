/* test-sync-merge-lost.c — merging a copy never loses an edit of a row
 * whose category the other side changed
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A copy's by-row edits of an organisation whose type (and so category)
 * this file changed are opened in this session, counted, and made again
 * under the row's category by a member who may read and write them: an
 * edit the change cannot have seen as an edit, one from before it as a
 * sync conflict beside the value that won. A member who may not is told
 * how many, and the copy, never written, still has them. Merging the same
 * copy again makes and counts nothing twice (docs/sync-merge.md, "Merging
 * a copy"). */

#include "config.h"

#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

typedef struct
{
  CtSyncTestTeam sync;
  gint64         org;
  CtSyncTestPair pair;
} Fixture;

/* A household with a GGZ practice among its organisations: a row of
 * health. */
static void
fill_organisation (CtSession      *admin,
                   CtSyncTestTeam *team,
                   gpointer        data)
{
  Fixture *f = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");

  ct_record_set (household, "area", "Noord");
  team->household = ct_core_test_insert (admin, household);
  f->org = ct_sync_test_add_practice (admin, team->household);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-merge-lost-XXXXXX", members,
                                fill_organisation, f);
  ct_sync_test_pair_make (&f->sync, "regie", &f->pair);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_pair_clear (&f->pair);
  ct_sync_test_team_clear (&f->sync);
}

static void
edit_at (Fixture    *f,
         const char *path,
         const char *login,
         int         seconds,
         const char *field,
         const char *value)
{
  g_autoptr(CtCoreTestSession) session = ct_sync_test_pair_open (&f->pair, path, login, seconds);

  ct_sync_test_set_field (session, "organisations", f->org, field, value);
}

static gint64
count (CtSession  *session,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The organisation and its conflicts, raw. */
static char *
dump (CtSession *session)
{
  GString *out = g_string_new (NULL);

  ct_sync_test_dump_query (session, "SELECT * FROM organisations ORDER BY id", out);
  ct_sync_test_dump_query (session,
                           "SELECT tbl, row_id, field, hlc, device, value FROM sync_conflicts "
                           "ORDER BY 1, 2, 3, 4, 5", out);
  return g_string_free (out, FALSE);
}

/* Nothing of the organisation in the clear: every by-row value and
 * every conflict sealed (the row is of justice). */
static void
assert_sealed (CtSession *session)
{
  const CtTable *table = ct_schema_get_table ("organisations");

  for (guint i = 0; i < table->n_fields; i++)
    {
      g_autofree char *sql = NULL;

      if (!table->fields[i].by_row)
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM organisations WHERE %s IS NOT NULL "
                             "AND typeof (%s) != 'blob'", table->fields[i].name,
                             table->fields[i].name);
      g_assert_cmpint (count (session, sql), ==, 0);
    }
  g_assert_cmpint (count (session, "SELECT count(*) FROM sync_conflicts "
                                   "WHERE typeof (value) != 'blob'"), ==, 0);
}

/* The value the organisation keeps as a conflict of @field, as the
 * member reads it on the case page; %NULL when none. */
static char *
conflict_of (CtSession  *session,
             gint64      org,
             const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ct_session_sync_get_conflicts (session, "organisations", org,
                                                                  &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      CtSyncConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->field, field))
        {
          g_assert_false (conflict->restricted);
          return g_strdup (conflict->value);
        }
    }
  return NULL;
}

static void
assert_conflict (CtSession  *session,
                 gint64      org,
                 const char *field,
                 const char *value)
{
  g_autofree char *kept = conflict_of (session, org, field);

  g_assert_cmpstr (kept, ==, value);
}

static void
assert_field (CtSession  *session,
              gint64      org,
              const char *field,
              const char *value)
{
  g_autofree char *shown = ct_sync_test_get_field (session, "organisations", org, field);

  g_assert_cmpstr (shown, ==, value);
}

/* The copy edits the contact (a GGZ member, under health) before the file
 * moves the organisation to the police (justice): merged by a regisseur,
 * who may read health and write justice, the copy's contact, and its type
 * from before the change, are kept as conflicts sealed under justice,
 * beside the file's values, which hold; each counted once, the copy's
 * values read in this file's access log naming the household, the copy's
 * bytes unchanged. Merged again, nothing is made or counted twice. */
static void
test_before (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(CtCoreTestSession) file = NULL;
  g_autofree char *copy_hash = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *line = NULL;
  g_autofree char *copy_after = NULL;
  g_autofree char *sql = NULL;
  CtMergeSummary summary;

  edit_at (f, f->pair.copy, "ggz", 10, "contact", "050-2222222");
  edit_at (f, f->pair.path, "regie", 20, "type", "politie");
  copy_hash = ct_core_test_hash_file (f->pair.copy);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "regie", 30, &summary);
  g_assert_cmpuint (summary.remade, ==, 2);
  g_assert_cmpuint (summary.unmerged, ==, 0);
  g_assert_cmpuint (summary.lost, ==, 0);
  line = ct_merge_summary_format (&summary);
  g_assert_nonnull (strstr (line, "2 edits kept under their records' new category"));
  assert_field (file, f->org, "type", "politie");
  assert_field (file, f->org, "contact", "050-1111111");
  assert_conflict (file, f->org, "contact", "050-2222222");
  assert_conflict (file, f->org, "type", "ggz");
  assert_sealed (file);
  sql = g_strdup_printf ("SELECT count(*) FROM access_log WHERE purpose = 'read merged edits; "
                         "of the copy' AND action = 'R' AND household_id = %" G_GINT64_FORMAT,
                         f->sync.household);
  g_assert_cmpint (count (file, sql), ==, 1);
  first = dump (file);
  g_clear_pointer (&file, ct_core_test_session_free);
  copy_after = ct_core_test_hash_file (f->pair.copy);
  g_assert_cmpstr (copy_after, ==, copy_hash);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "regie", 40, &summary);
  g_assert_cmpuint (summary.remade, ==, 0);
  g_assert_cmpuint (summary.unmerged, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  second = dump (file);
  g_assert_cmpstr (second, ==, first);
  g_clear_pointer (&copy_after, g_free);
  copy_after = ct_core_test_hash_file (f->pair.copy);
  g_assert_cmpstr (copy_after, ==, copy_hash);
}

/* The copy edits the contact after the file's change of type: made again
 * as an edit of the merging member, sealed under justice, which the
 * police then read; merged twice, made once. */
static void
test_after (Fixture      *f,
            gconstpointer data)
{
  g_autoptr(CtCoreTestSession) file = NULL;
  g_autoptr(CtCoreTestSession) police = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  CtMergeSummary summary;

  edit_at (f, f->pair.path, "regie", 10, "type", "politie");
  edit_at (f, f->pair.copy, "ggz", 20, "contact", "050-2222222");

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "regie", 30, &summary);
  g_assert_cmpuint (summary.remade, ==, 2);
  assert_field (file, f->org, "contact", "050-2222222");
  assert_conflict (file, f->org, "type", "ggz");
  assert_sealed (file);
  first = dump (file);
  g_clear_pointer (&file, ct_core_test_session_free);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "regie", 40, &summary);
  g_assert_cmpuint (summary.remade, ==, 0);
  g_assert_cmpuint (summary.unmerged, ==, 0);
  second = dump (file);
  g_assert_cmpstr (second, ==, first);
  g_clear_pointer (&file, ct_core_test_session_free);

  police = ct_sync_test_pair_open (&f->pair, f->pair.path, "politie", 50);
  assert_field (police, f->org, "contact", "050-2222222");
}

/* Merged by the police, who may not read health: the copy's values of
 * the row are counted as not merged (the same count at every merge):
 * every one stored otherwise than here, its name too, as the police
 * cannot open it to tell an edit from a value the change carried over.
 * Nothing of them is written, in the clear or at all, and the copy keeps
 * them; a regisseur's merge then makes the two edits again. */
static void
test_no_key (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(CtCoreTestSession) file = NULL;
  g_autofree char *copy_hash = NULL;
  g_autofree char *copy_after = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *line = NULL;
  CtMergeSummary summary;

  edit_at (f, f->pair.copy, "ggz", 10, "contact", "050-2222222");
  edit_at (f, f->pair.path, "regie", 20, "type", "politie");
  copy_hash = ct_core_test_hash_file (f->pair.copy);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "politie", 30,
                                  &summary);
  g_assert_cmpuint (summary.unmerged, ==, 3);
  g_assert_cmpuint (summary.remade, ==, 0);
  line = ct_merge_summary_format (&summary);
  g_assert_nonnull (strstr (line, "3 edits of the copy were not merged: merge it again as a "
                                  "member who may write them"));
  g_assert_cmpint (count (file, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  g_assert_cmpint (count (file, "SELECT count(*) FROM access_log "
                                "WHERE purpose LIKE 'set aside merged edits;%'"), ==, 1);
  assert_sealed (file);
  first = dump (file);
  g_clear_pointer (&file, ct_core_test_session_free);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "politie", 40,
                                  &summary);
  g_assert_cmpuint (summary.unmerged, ==, 3);
  g_assert_cmpuint (summary.remade, ==, 0);
  second = dump (file);
  g_assert_cmpstr (second, ==, first);
  g_clear_pointer (&file, ct_core_test_session_free);
  copy_after = ct_core_test_hash_file (f->pair.copy);
  g_assert_cmpstr (copy_after, ==, copy_hash);

  file = ct_sync_test_pair_merge (&f->pair, f->pair.path, f->pair.copy, "regie", 50, &summary);
  g_assert_cmpuint (summary.unmerged, ==, 0);
  g_assert_cmpuint (summary.remade, ==, 2);
  assert_conflict (file, f->org, "contact", "050-2222222");
}

int
main (int    argc,
      char **argv)
{
  ct_core_test_init (&argc, &argv);

  g_test_add ("/sync-merge-lost/before", Fixture, NULL, fixture_setup, test_before,
              fixture_teardown);
  g_test_add ("/sync-merge-lost/after", Fixture, NULL, fixture_setup, test_after,
              fixture_teardown);
  g_test_add ("/sync-merge-lost/no-key", Fixture, NULL, fixture_setup, test_no_key,
              fixture_teardown);
  return g_test_run ();
}
