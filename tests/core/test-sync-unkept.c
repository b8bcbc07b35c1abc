/* test-sync-unkept.c — the edits a sync could not keep, kept for their author
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A regisseur moves an organisation to the police (justice) while a GGZ
 * member edits its contact under health. The GGZ member may not write
 * justice, so their edit cannot be made again: its value is kept on their
 * laptop as it was, listed for them (and for no member without the health
 * key), never sent in a change file or a snapshot, until dismissed or
 * until the household is erased (docs/sync-merge.md, "Edits not kept"). */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-retention.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "regie2", "Rens Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

typedef struct
{
  CtSyncTestTeam sync;
  gint64         org;
} Fixture;

/* A household whose one case closed long ago (its retention term has
 * passed, so a purge takes it), with a GGZ practice among its
 * organisations: a row of health. */
static void
fill_organisation (CtSession      *admin,
                   CtSyncTestTeam *team,
                   gpointer        data)
{
  Fixture *f = data;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set (household, "area", "Noord");
  team->household = ct_core_test_insert (admin, household);
  ct_record_set_int (kase, "household_id", team->household);
  ct_record_set (kase, "number", "2010-001");
  ct_record_set (kase, "referral_date", "2009-06-01");
  ct_record_set (kase, "status", "afgesloten");
  ct_record_set (kase, "outcome", "doel_bereikt");
  ct_record_set (kase, "closed_on", "2010-01-05");
  ct_record_set (kase, "retention", "wmo");
  team->kase = ct_core_test_insert (admin, kase);
  f->org = ct_sync_test_add_practice (admin, team->household);
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-unkept-XXXXXX", members, fill_organisation, f);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  ct_sync_test_team_clear (&f->sync);
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

static GPtrArray *
list (CtSession *session,
      gint64     household)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = ct_session_sync_list_unkept (session, household, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* The regisseur's change of type and the GGZ member's edit, at once: the
 * GGZ member's session, with its edit not kept. */
static CtSession *
lose_edit (Fixture   *f,
           CtSession *a)
{
  CtSession *g = ct_sync_test_replica (&f->sync, "ggz");

  ct_sync_test_set_field (a, "organisations", f->org, "type", "politie");
  ct_sync_test_set_field (g, "organisations", f->org, "contact", "050-2222222");
  g_assert_cmpuint (ct_sync_test_sync_lost (a, f->sync.folder), ==, 0);
  g_assert_cmpuint (ct_sync_test_sync_lost (g, f->sync.folder), ==, 1);
  return g;
}

/* The sealed value kept, as the table holds it. */
static GBytes *
kept_bytes (CtSession *session)
{
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, "SELECT value FROM sync_unkept", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_BLOB);
  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return bytes;
}

static gboolean
holds_bytes (const guint8 *data,
             gsize         len,
             GBytes       *needle)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (needle, &n);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, p, n) == 0)
      return TRUE;
  return FALSE;
}

/* The payload of @session's newest change file in @folder. */
static GBytes *
newest_payload (CtSession  *session,
                const char *folder)
{
  g_autoptr(GError) error = NULL;
  CtSyncState state = ct_sync_test_state_of (session);
  g_autofree char *data = NULL;
  CtSyncFile file = { 0 };
  guint8 *key;
  GBytes *changes;
  gsize len;

  data = ct_sync_test_read_change (session, folder, state.next_seq - 1, &len);
  g_assert_true (_ct_sync_file_peek ((const guint8 *) data, len, &file, &error));
  key = _ct_session_sync_open_key (session, file.key_version);
  g_assert_nonnull (key);
  g_assert_true (_ct_sync_file_open ((const guint8 *) data, len, key, &file, &error));
  g_assert_no_error (error);
  changes = g_bytes_ref (file.changes);
  _ct_session_sync_snapshot_clear (&file);
  return changes;
}

/* The entries of sync_unkept in @session's snapshot @number, whose
 * payload (its key, then a standard SQLCipher file) must not hold
 * @sealed either. */
static gint64
snapshot_unkept (CtSession  *session,
                 const char *folder,
                 guint64     number,
                 GBytes     *sealed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ct_sync_test_device_dir (session, folder);
  g_autofree char *name = g_strdup_printf ("snapshot-%012" G_GUINT64_FORMAT ".ctsnap", number);
  g_autofree char *snap = g_build_filename (dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "opened.db", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, "?vfs=unix", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *pragma = NULL;
  char hex[2 * CT_KEY_SIZE + 1];
  CtSyncFile file = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const guint8 *payload;
  guint8 *key;
  gsize len;
  gint64 n;

  g_assert_true (g_file_get_contents (snap, &bytes, &len, NULL));
  g_assert_true (_ct_sync_file_peek_as ((const guint8 *) bytes, len, CT_SYNC_SNAPSHOT_MAGIC,
                                        &file, &error));
  g_assert_no_error (error);
  key = _ct_session_sync_open_key (session, file.key_version);
  g_assert_nonnull (key);
  g_assert_true (_ct_sync_file_open_payload ((const guint8 *) bytes, len, key, &file, &error));
  g_assert_no_error (error);
  payload = g_bytes_get_data (file.changes, &len);
  g_assert_cmpuint (len, >, CT_KEY_SIZE);
  g_assert_false (holds_bytes (payload, len, sealed));
  g_assert_true (g_file_set_contents (path, (const char *) payload + CT_KEY_SIZE,
                                      (gssize) (len - CT_KEY_SIZE), NULL));
  sodium_bin2hex (hex, sizeof hex, payload, CT_KEY_SIZE);
  pragma = g_strdup_printf ("PRAGMA key = \"x'%s'\";", hex);
  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sync_unkept", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_unlink (path);
  _ct_session_sync_snapshot_clear (&file);
  return n;
}

/* The value is kept for its author and shown as it was, per household
 * too, its read logged; the summary points to the Synchronisation page;
 * the next change file and a snapshot do not hold it; another member
 * without health's key sees nothing of it and cannot dismiss it; its
 * author dismisses it. */
static void
test_kept (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) g = lose_edit (f, a);
  g_autoptr(GPtrArray) entries = list (g, 0);
  g_autoptr(GPtrArray) other = list (g, f->sync.household + 1000);
  g_autoptr(GPtrArray) mine = list (g, f->sync.household);
  g_autoptr(GBytes) sealed = kept_bytes (g);
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *path = g_strdup (g->path);
  CtSyncSummary summary = { 0 };
  g_autofree char *line = NULL;
  CtSyncUnkept *unkept;
  guint64 number = 0;
  gint64 id;

  g_assert_cmpuint (entries->len, ==, 1);
  unkept = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (unkept->table, ==, "organisations");
  g_assert_cmpint (unkept->row_id, ==, f->org);
  g_assert_cmpint (unkept->household_id, ==, f->sync.household);
  g_assert_cmpstr (unkept->case_number, ==, "2010-001");
  g_assert_cmpstr (unkept->field, ==, "contact");
  g_assert_cmpstr (unkept->value, ==, "050-2222222");
  g_assert_cmpstr (unkept->reason, ==, "category");
  g_assert_nonnull (unkept->at);
  id = unkept->id;
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpuint (other->len, ==, 0);
  g_assert_cmpint (count (g, "SELECT count(*) FROM access_log WHERE purpose = "
                             "'sync edits not kept'"), ==, 2);
  /* Sealed, as the column held it: not in the clear in the file. */
  g_assert_false (holds_bytes (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                               g_bytes_new_static ("050-2222222", 11)));

  summary.lost_edits = 1;
  line = ct_sync_summary_format (&summary);
  g_assert_nonnull (strstr (line, "see Synchronisation"));

  /* The regisseur gets the rest; the GGZ member's next file (with the
   * read's log entries, which travel as every entry does) and a snapshot
   * leave the value out. */
  ct_sync_test_sync_quietly (a, f->sync.folder);
  ct_sync_test_sync_quietly (g, f->sync.folder);
  payload = newest_payload (g, f->sync.folder);
  g_assert_false (holds_bytes (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                               sealed));
  g_assert_true (ct_session_sync_snapshot (g, f->sync.folder, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (snapshot_unkept (g, f->sync.folder, number, sealed), ==, 0);

  /* Another member on this laptop, without health's key. */
  g_clear_pointer (&g, ct_core_test_session_free);
  {
    g_autoptr(CtCoreTestSession) p = ct_core_test_unlock (path, "politie", CT_SYNC_TEST_PASS);
    g_autoptr(GPtrArray) none = list (p, 0);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_false (ct_session_sync_dismiss_unkept (p, id, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (count (p, "SELECT count(*) FROM sync_unkept"), ==, 1);
  }
  g = ct_core_test_unlock (path, "ggz", CT_SYNC_TEST_PASS);
  g_assert_true (ct_session_sync_dismiss_unkept (g, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = list (g, 0);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpint (count (g, "SELECT count(*) FROM sync_unkept"), ==, 0);
}

/* A household erased takes the values kept of its records along. */
static void
test_erased (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) g = lose_edit (f, a);
  g_autofree char *path = g_strdup (g->path);

  g_assert_cmpint (count (g, "SELECT count(*) FROM sync_unkept"), ==, 1);
  g_clear_pointer (&g, ct_core_test_session_free);
  {
    g_autoptr(CtCoreTestSession) r = ct_core_test_unlock (path, "beheer", CT_SYNC_TEST_PASS);

    ct_session_erase (r, f->sync.household, 0, "niet_meer_nodig", &error);
    g_assert_no_error (error);
    g_assert_cmpint (count (r, "SELECT count(*) FROM sync_unkept"), ==, 0);
  }
}

/* The GGZ member's edit of the contact lost to a later one of another
 * regisseur and is kept as a conflict; then a change to the police that
 * had seen neither takes the row: the conflict goes with the row, and its
 * value is kept for its author. */
static void
test_conflict (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) r = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(CtCoreTestSession) g = ct_sync_test_replica (&f->sync, "ggz");
  g_autofree char *fa = ct_sync_test_folder_named (&f->sync, "a");
  g_autofree char *fr = ct_sync_test_folder_named (&f->sync, "r");
  g_autofree char *fg = ct_sync_test_folder_named (&f->sync, "g");
  g_autoptr(GPtrArray) entries = NULL;
  CtSyncUnkept *unkept;

  ct_sync_test_set_field (g, "organisations", f->org, "contact", "050-2222222");
  ct_sync_test_set_field (r, "organisations", f->org, "contact", "050-3333333");
  ct_sync_test_set_field (a, "organisations", f->org, "type", "politie");
  g_assert_cmpuint (ct_sync_test_sync_lost (g, fg), ==, 0);
  g_assert_cmpuint (ct_sync_test_sync_lost (r, fr), ==, 0);
  g_assert_cmpuint (ct_sync_test_sync_lost (a, fa), ==, 0);
  ct_sync_test_deliver (r, fr, fg);
  g_assert_cmpuint (ct_sync_test_sync_lost (g, fg), ==, 0);
  g_assert_cmpint (count (g, "SELECT count(*) FROM sync_conflicts"), ==, 1);
  ct_sync_test_deliver (a, fa, fg);
  g_assert_cmpuint (ct_sync_test_sync_lost (g, fg), ==, 1);
  g_assert_cmpint (count (g, "SELECT count(*) FROM sync_conflicts"), ==, 0);
  entries = list (g, 0);
  g_assert_cmpuint (entries->len, ==, 1);
  unkept = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (unkept->reason, ==, "conflict");
  g_assert_cmpstr (unkept->field, ==, "contact");
  g_assert_cmpstr (unkept->value, ==, "050-2222222");
}

/* A purge of the household when its retention term passed takes the
 * values kept of its records along, though it keeps the rows. */
static void
test_purged (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) g = lose_edit (f, a);
  g_autofree char *path = g_strdup (g->path);
  guint n = 0;

  g_assert_cmpint (count (g, "SELECT count(*) FROM sync_unkept"), ==, 1);
  g_clear_pointer (&g, ct_core_test_session_free);
  {
    g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (path, "beheer", CT_SYNC_TEST_PASS);

    g_assert_true (ct_session_purge (admin, &n, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 1);
    g_assert_true (ct_store_row_exists (admin->db, "organisations", f->org));
    g_assert_cmpint (count (admin, "SELECT count(*) FROM sync_unkept"), ==, 0);
  }
}

/* A rotation of health's key on the laptop (police granted health and
 * refused it again) does not seal the kept value again: it still opens,
 * under the version it was sealed with. */
static void
test_rotated (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) g = lose_edit (f, a);
  g_autofree char *path = g_strdup (g->path);
  g_autoptr(GPtrArray) entries = NULL;
  gint version;

  version = g->cat_version[CT_CATEGORY_HEALTH];
  g_clear_pointer (&g, ct_core_test_session_free);
  {
    g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (path, "beheer", CT_SYNC_TEST_PASS);

    g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, TRUE,
                                          &error));
    g_assert_no_error (error);
    g_assert_true (ct_session_set_policy (admin, CT_ROLE_POLITIE, CT_CATEGORY_HEALTH, FALSE,
                                          &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ct_session_get_pending_rotations (admin), ==, 0);
  }
  g = ct_core_test_unlock (path, "ggz", CT_SYNC_TEST_PASS);
  g_assert_cmpint (g->cat_version[CT_CATEGORY_HEALTH], >, version);
  entries = list (g, 0);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((CtSyncUnkept *) g_ptr_array_index (entries, 0))->value, ==, "050-2222222");
}

/* The regisseur's own change of type loses to a later one: the type it
 * gave is kept for it, as it was. */
static void
test_lost_change (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(CtCoreTestSession) a = ct_sync_test_replica (&f->sync, "regie");
  g_autoptr(CtCoreTestSession) b = ct_sync_test_replica (&f->sync, "regie2");
  g_autoptr(GPtrArray) entries = NULL;
  gboolean type = FALSE;

  ct_sync_test_set_field (a, "organisations", f->org, "type", "politie");
  ct_sync_test_set_field (b, "organisations", f->org, "type", "wijkteam");
  g_assert_cmpuint (ct_sync_test_sync_lost (b, f->sync.folder), ==, 0);
  g_assert_cmpuint (ct_sync_test_sync_lost (a, f->sync.folder), ==, 1);
  entries = list (a, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      CtSyncUnkept *unkept = g_ptr_array_index (entries, i);

      g_assert_cmpstr (unkept->reason, ==, "lost");
      if (g_str_equal (unkept->field, "type"))
        {
          g_assert_cmpstr (unkept->value, ==, "politie");
          type = TRUE;
        }
    }
  g_assert_true (type);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);
  g_test_add ("/sync-unkept/kept", Fixture, NULL, fixture_setup, test_kept, fixture_teardown);
  g_test_add ("/sync-unkept/erased", Fixture, NULL, fixture_setup, test_erased,
              fixture_teardown);
  g_test_add ("/sync-unkept/conflict", Fixture, NULL, fixture_setup, test_conflict,
              fixture_teardown);
  g_test_add ("/sync-unkept/purged", Fixture, NULL, fixture_setup, test_purged,
              fixture_teardown);
  g_test_add ("/sync-unkept/rotated", Fixture, NULL, fixture_setup, test_rotated,
              fixture_teardown);
  g_test_add ("/sync-unkept/lost-change", Fixture, NULL, fixture_setup, test_lost_change,
              fixture_teardown);
  return g_test_run ();
}
