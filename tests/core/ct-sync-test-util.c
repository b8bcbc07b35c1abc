/* ct-sync-test-util.c — a synced team and its replicas in core tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-test-util.h"

/* The household and its case 2026-0001 of ct_sync_test_team_setup(). */
/**
 * ct_sync_test_fill_case:
 * @data: (nullable): the login of the case's regisseur, or %NULL for none
 *
 * A #CtSyncTestFill: a household and its case, 2026-0001.
 */
void
ct_sync_test_fill_case (CtSession      *admin,
                        CtSyncTestTeam *team,
                        gpointer        data)
{
  g_autoptr(CtRecord) household = ct_record_new ("households");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");

  ct_record_set (household, "eviction_risk", "laag");
  team->household = ct_core_test_insert (admin, household);
  ct_record_set_int (kase, "household_id", team->household);
  ct_record_set (kase, "number", "2026-0001");
  ct_record_set (kase, "referral_date", "2026-01-05");
  ct_record_set (kase, "status", "in_uitvoering");
  ct_record_set (kase, "summary", "Eerste samenvatting");
  if (data != NULL)
    ct_record_set_int (kase, "regisseur", ct_core_test_member_id (admin, data));
  team->kase = ct_core_test_insert (admin, kase);
}

/**
 * ct_sync_test_add_practice:
 *
 * Adds a GGZ practice, "Praktijk Noord", to @household's organisations:
 * a row of health, whose category follows its type.
 *
 * Returns: its id
 */
gint64
ct_sync_test_add_practice (CtSession *admin,
                           gint64     household)
{
  g_autoptr(CtRecord) org = ct_record_new ("organisations");

  ct_record_set_int (org, "household_id", household);
  ct_record_set (org, "name", "Praktijk Noord");
  ct_record_set (org, "type", "ggz");
  ct_record_set (org, "contact", "050-1111111");
  return ct_core_test_insert (admin, org);
}

/**
 * ct_sync_test_team_setup_full:
 * @fill: adds the first rows, and sets @team's household and kase
 *
 * ct_sync_test_team_setup() with rows of the caller's own.
 */
void
ct_sync_test_team_setup_full (CtSyncTestTeam         *team,
                              const char             *dir_template,
                              const CtCoreTestMember *members,
                              CtSyncTestFill          fill,
                              gpointer                data)
{
  CtVaultCreateInfo info = { "Team Sync", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             CT_SYNC_TEST_PASS };
  g_autoptr(GError) error = NULL;
  CtSession *admin;

  memset (team, 0, sizeof *team);
  ct_core_test_team_create (&team->team, dir_template, &info);
  ct_core_test_enrol_members (team->team.path, "beheer", CT_SYNC_TEST_PASS, members);
  ct_core_test_need_to_know_off (team->team.path, "beheer", CT_SYNC_TEST_PASS);
  team->folder = g_build_filename (team->team.dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (team->folder, 0700), ==, 0);

  admin = ct_core_test_unlock (team->team.path, "beheer", CT_SYNC_TEST_PASS);
  fill (admin, team, data);
  g_assert_false (ct_session_sync_is_enabled (admin));
  g_assert_true (ct_session_sync_enable (admin, &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_sync_is_enabled (admin));
  ct_core_test_session_free (admin);
}

void
ct_sync_test_team_setup (CtSyncTestTeam         *team,
                         const char             *dir_template,
                         const CtCoreTestMember *members)
{
  ct_sync_test_team_setup_full (team, dir_template, members, ct_sync_test_fill_case, NULL);
}

void
ct_sync_test_team_clear (CtSyncTestTeam *team)
{
  if (team->folder != NULL)
    ct_core_test_remove_dir (team->folder);
  g_clear_pointer (&team->folder, g_free);
  ct_core_test_team_clear (&team->team);
}

void
ct_sync_test_copy_file (const char *from,
                        const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, &error));
  g_assert_no_error (error);
}

/* A copy of the team file as it was set up, opened by @login as a new
 * replica. */
CtSession *
ct_sync_test_replica (CtSyncTestTeam *team,
                      const char     *login)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("replica-%u.casus", team->n_copies++);
  g_autofree char *path = g_build_filename (team->team.dir, name, NULL);
  CtSession *session;

  ct_sync_test_copy_file (team->team.path, path);
  session = ct_core_test_unlock (path, login, CT_SYNC_TEST_PASS);
  g_assert_true (ct_session_sync_new_replica (session, &error));
  g_assert_no_error (error);
  return session;
}

void
ct_sync_test_sync (CtSession     *session,
                   const char    *folder,
                   CtSyncSummary *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_sync (session, folder, summary, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean      done;
  gboolean      ok;
  GError       *error;
  CtSyncSummary summary;
} SyncRun;

static void
synced (GObject      *object,
        GAsyncResult *result,
        gpointer      data)
{
  SyncRun *run = data;

  run->ok = ct_session_sync_finish (CT_SESSION (object), result, &run->summary, &run->error);
  run->done = TRUE;
}

/* Runs the main loop until @run's sync ends; hands on its summary (to
 * @summary, or cleared) or its error. */
static gboolean
sync_run_end (SyncRun       *run,
              CtSyncSummary *summary,
              GError       **error)
{
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  if (!run->ok)
    {
      g_propagate_error (error, run->error);
      return FALSE;
    }
  if (summary != NULL)
    *summary = run->summary;
  else
    ct_sync_summary_clear (&run->summary);
  return TRUE;
}

/**
 * ct_sync_test_sync_async:
 * @summary: (out) (optional): filled when the sync succeeded; clear it
 *
 * ct_session_sync_async() on @session, the main loop run until it ends.
 *
 * Returns: whether the sync succeeded, @error set when not
 */
gboolean
ct_sync_test_sync_async (CtSession     *session,
                         const char    *folder,
                         CtSyncSummary *summary,
                         GError       **error)
{
  SyncRun run = { 0 };

  ct_session_sync_async (session, folder, NULL, synced, &run);
  return sync_run_end (&run, summary, error);
}

/* Wakes the main loop, so that a loop waiting on a worker's flag sees it. */
static gboolean
held_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * ct_sync_test_sync_held_by:
 * @set_hold: _ct_session_sync_set_snapshot_hold() or
 *   _ct_session_sync_set_compact_hold(): the worker to hold
 * @while_held: called once that worker waits, before it writes or removes
 *   anything; the sync has not ended then
 *
 * ct_session_sync_async() on @session, the worker @set_hold names held
 * until @while_held returns; the main loop runs until the sync ends.
 * Fails the test when the sync ends without that worker.
 *
 * Returns: whether the sync succeeded, @error set when not
 */
gboolean
ct_sync_test_sync_held_by (CtSession         *session,
                           const char        *folder,
                           CtSyncTestSetHold  set_hold,
                           GFunc              while_held,
                           gpointer           data,
                           GError           **error)
{
  SyncRun run = { 0 };
  GMutex hold;
  gint held = 0;
  guint timeout = g_timeout_add (1, held_tick, NULL);
  gboolean ok;

  g_mutex_init (&hold);
  g_mutex_lock (&hold);
  set_hold (&hold, &held);
  ct_session_sync_async (session, folder, NULL, synced, &run);
  while (!g_atomic_int_get (&held) && !run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  g_assert_false (run.done);
  while_held (session, data);
  g_mutex_unlock (&hold);
  ok = sync_run_end (&run, NULL, error);
  set_hold (NULL, NULL);
  g_source_remove (timeout);
  g_mutex_clear (&hold);
  return ok;
}

/**
 * ct_sync_test_sync_held:
 *
 * ct_sync_test_sync_held_by() with the snapshot job's worker held
 * (_ct_session_sync_set_snapshot_hold()).
 */
gboolean
ct_sync_test_sync_held (CtSession   *session,
                        const char  *folder,
                        GFunc        while_held,
                        gpointer     data,
                        GError     **error)
{
  return ct_sync_test_sync_held_by (session, folder, _ct_session_sync_set_snapshot_hold,
                                    while_held, data, error);
}

/* A sync that must refuse nothing. */
void
ct_sync_test_sync_quietly (CtSession  *session,
                           const char *folder)
{
  CtSyncSummary summary;

  ct_sync_test_sync (session, folder, &summary);
  if (summary.refusals->len > 0)
    g_test_message ("%s", (char *) g_ptr_array_index (summary.refusals, 0));
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  ct_sync_summary_clear (&summary);
}

/* A sync that must refuse nothing; gives the edits made on this laptop
 * that it did not keep, which its summary names. */
guint
ct_sync_test_sync_lost (CtSession  *session,
                        const char *folder)
{
  CtSyncSummary summary;
  guint lost;

  ct_sync_test_sync (session, folder, &summary);
  g_assert_cmpuint (summary.refusals->len, ==, 0);
  lost = summary.lost_edits;
  if (lost > 0)
    {
      g_autofree char *line = ct_sync_summary_format (&summary);

      g_assert_nonnull (strstr (line, "was not kept, since another laptop changed the category"));
    }
  ct_sync_summary_clear (&summary);
  return lost;
}

void
ct_sync_test_set_field (CtSession  *session,
                        const char *table,
                        gint64      id,
                        const char *field,
                        const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  g_assert_no_error (error);
  ct_record_set (record, field, value);
  ct_session_update (session, record, &error);
  g_assert_no_error (error);
}

char *
ct_sync_test_get_field (CtSession  *session,
                        const char *table,
                        gint64      id,
                        const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) record = ct_session_get (session, table, id, &error);

  g_assert_no_error (error);
  return g_strdup (ct_record_get (record, field));
}

char *
ct_sync_test_hex (const guint8 *data,
                  gsize         len)
{
  char *out = g_malloc (2 * len + 1);

  sodium_bin2hex (out, 2 * len + 1, data, len);
  return out;
}

CtSyncState
ct_sync_test_state_of (CtSession *session)
{
  CtSyncState state;

  g_assert_cmpint (ct_store_sync_state_get (session->db, &state, NULL), ==, 1);
  return state;
}

/* The folder of @session's replica in @folder. */
char *
ct_sync_test_device_dir (CtSession  *session,
                         const char *folder)
{
  CtSyncState state = ct_sync_test_state_of (session);
  g_autofree char *team = ct_sync_test_hex (session->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *team_name = g_strconcat ("casustafel-", team, NULL);
  g_autofree char *device = ct_sync_test_hex (state.device, CT_SYNC_DEVICE_SIZE);

  return g_build_filename (folder, team_name, device, NULL);
}

/* A sync folder of the team's own beside the common one: a test syncs
 * each writer into its own, and delivers the files to the common one in
 * the order it chooses. */
char *
ct_sync_test_folder_named (CtSyncTestTeam *team,
                           const char     *name)
{
  char *folder = g_build_filename (team->team.dir, name, NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  return folder;
}

/* Copies @writer's change files from sync folder @from into @to: they
 * arrive there. */
void
ct_sync_test_deliver (CtSession  *writer,
                      const char *from,
                      const char *to)
{
  g_autofree char *src = ct_sync_test_device_dir (writer, from);
  g_autofree char *dst = ct_sync_test_device_dir (writer, to);
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dst, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".ctchange"))
      {
        g_autofree char *a = g_build_filename (src, name, NULL);
        g_autofree char *b = g_build_filename (dst, name, NULL);

        ct_sync_test_copy_file (a, b);
      }
}

/* The bytes of change file @seq of @session's replica in @folder. */
char *
ct_sync_test_read_change (CtSession  *session,
                          const char *folder,
                          guint64     seq,
                          gsize      *len)
{
  g_autofree char *dir = ct_sync_test_device_dir (session, folder);
  g_autofree char *name = g_strdup_printf ("%012" G_GUINT64_FORMAT ".ctchange", seq);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir that start with @prefix, sorted, joined by spaces. */
char *
ct_sync_test_names_in (const char *dir,
                       const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Appends every row of @sql to @out, each column as hex bytes: what two
 * replicas hold, compared raw. */
void
ct_sync_test_dump_query (CtSession  *session,
                         const char *sql,
                         GString    *out)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (session->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const guint8 *b = sqlite3_column_blob (stmt, c);

          for (int i = 0; i < sqlite3_column_bytes (stmt, c); i++)
            g_string_append_printf (out, "%02x", b[i]);
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
}

/* regie (regisseur), politie and ggz: the members of test-sync's teams. */
const CtCoreTestMember ct_sync_test_members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { NULL }
};

/**
 * ct_sync_test_fixture_setup:
 * @members: (array zero-terminated=1): the members besides the beheerder,
 *   as the test's data
 *
 * ct_sync_test_team_setup() as a g_test_add() fixture set-up.
 */
void
ct_sync_test_fixture_setup (CtSyncTestTeam *team,
                            gconstpointer   members)
{
  ct_sync_test_team_setup (team, "ct-sync-XXXXXX", members);
}

/* Removes the team, and puts back the clock a test may have set. */
void
ct_sync_test_fixture_teardown (CtSyncTestTeam *team,
                               gconstpointer   members)
{
  ct_sync_test_team_clear (team);
  ct_clock_set_now_for_testing (NULL);
}

/* Every field of @tables' rows (with a household's purge day when
 * @purged_on), the conflicts and the tombstones, raw. */
static GString *
dump_rows (CtSession          *session,
           const char * const *tables,
           gboolean            purged_on)
{
  GString *out = g_string_new (NULL);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      const CtTable *table = ct_schema_get_table (tables[t]);
      g_autoptr(GString) sql = g_string_new ("SELECT id");

      for (guint i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, ", %s", table->fields[i].name);
      if (purged_on && g_str_equal (tables[t], "households"))
        g_string_append (sql, ", purged_on");
      g_string_append_printf (sql, " FROM %s ORDER BY id", table->name);
      g_string_append_printf (out, "%s:\n", table->name);
      ct_sync_test_dump_query (session, sql->str, out);
    }
  ct_sync_test_dump_query (session,
                           "SELECT tbl, row_id, field, hlc, device, value FROM sync_conflicts "
                           "ORDER BY 1, 2, 3, 4, 5", out);
  ct_sync_test_dump_query (session, "SELECT tbl, row_id FROM sync_tombstones ORDER BY 1, 2", out);
  return out;
}

/* Every field of the rows, the conflicts and the tombstones, raw. */
char *
ct_sync_test_dump (CtSession *session)
{
  static const char * const tables[] = { "households", "persons", "cases", "actions", NULL };

  return g_string_free (dump_rows (session, tables, FALSE), FALSE);
}

/* Two replicas hold the same bytes (ct_sync_test_dump()). */
void
ct_sync_test_assert_same (CtSession *a,
                          CtSession *b)
{
  g_autofree char *da = ct_sync_test_dump (a);
  g_autofree char *db = ct_sync_test_dump (b);

  g_assert_cmpstr (da, ==, db);
}

/* Whether @session lists @login as added to @household, its signature
 * and signer verified. */
gboolean
ct_sync_test_lists_involved (CtSession  *session,
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

/* Whether @needle's bytes occur in the @len bytes of @bytes. */
gboolean
ct_sync_test_holds (const char *bytes,
                    gsize       len,
                    const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The clock @seconds after a point a day from now: stamps in a test's
 * order on any date. */
void
ct_sync_test_set_clock_after (int seconds)
{
  static GDateTime *base;
  g_autoptr(GDateTime) now = NULL;

  if (base == NULL)
    {
      g_autoptr(GDateTime) real = g_date_time_new_now_utc ();

      base = g_date_time_add_days (real, 1);
    }
  now = g_date_time_add_seconds (base, seconds);
  ct_clock_set_now_for_testing (now);
}

/* A copy of a file is edited "on another laptop": forget what this device
 * saw of the team @team_id, as a fresh laptop would, so that a copy whose
 * access log went another way opens. */
void
ct_sync_test_forget_device (const guint8 *team_id)
{
  g_autofree char *team = ct_sync_test_hex (team_id, CT_TEAM_ID_SIZE);
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "casustafel", team, NULL);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    ct_core_test_remove_dir (dir);
}

/* Opens @path as @login at @seconds on the test's clock, on a laptop of
 * its own (ct_sync_test_forget_device()). The clock runs on from the
 * moment set, so it is set again after the unlock: what is done next is
 * stamped at @seconds however long the unlock took on a loaded machine. */
CtSession *
ct_sync_test_open_at (const guint8 *team_id,
                      const char   *path,
                      const char   *login,
                      int           seconds)
{
  CtSession *session;

  ct_sync_test_forget_device (team_id);
  ct_sync_test_set_clock_after (seconds);
  session = ct_core_test_unlock (path, login, CT_SYNC_TEST_PASS);
  ct_sync_test_set_clock_after (seconds);
  return session;
}

/**
 * ct_sync_test_pair_make:
 * @login: the member whose replica is copied
 *
 * A replica of @team for @login and its conflict copy, in @team's folder.
 * Free with ct_sync_test_pair_clear().
 */
void
ct_sync_test_pair_make (CtSyncTestTeam *team,
                        const char     *login,
                        CtSyncTestPair *pair)
{
  CtSession *file = ct_sync_test_replica (team, login);

  pair->path = g_strdup (file->path);
  memcpy (pair->team_id, file->header->team_id, CT_TEAM_ID_SIZE);
  ct_core_test_session_free (file);
  pair->copy = g_build_filename (team->team.dir,
                                 "replica.sync-conflict-20260331-201502-ABCD234.casus", NULL);
  ct_sync_test_copy_file (pair->path, pair->copy);
}

/* Frees @pair's names and puts the test's clock back. */
void
ct_sync_test_pair_clear (CtSyncTestPair *pair)
{
  g_free (pair->path);
  g_free (pair->copy);
  ct_clock_set_now_for_testing (NULL);
}

/* Opens @path, one of @pair's files or a copy of one, as @login at
 * @seconds (ct_sync_test_open_at()). */
CtSession *
ct_sync_test_pair_open (CtSyncTestPair *pair,
                        const char     *path,
                        const char     *login,
                        int             seconds)
{
  return ct_sync_test_open_at (pair->team_id, path, login, seconds);
}

/* @from merged into @into by @login at @seconds: @into's session. */
CtSession *
ct_sync_test_pair_merge (CtSyncTestPair *pair,
                         const char     *into,
                         const char     *from,
                         const char     *login,
                         int             seconds,
                         CtMergeSummary *summary)
{
  g_autoptr(GError) error = NULL;
  CtSession *file = ct_sync_test_pair_open (pair, into, login, seconds);
  g_autoptr(CtCoreTestSession) other = ct_session_unlock_copy (from, login, CT_SYNC_TEST_PASS,
                                                               &error);

  g_assert_no_error (error);
  g_assert_true (ct_session_merge (file, other, summary, &error));
  g_assert_no_error (error);
  return file;
}

/* The member @login of @session's chain, or %NULL. */
const CtChainMember *
ct_sync_test_member (CtSession  *session,
                     const char *login)
{
  for (guint i = 0; i < session->chain->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (session->chain->members, i);

      if (g_strcmp0 (m->login, login) == 0)
        return m;
    }
  return NULL;
}

void
ct_sync_test_add_member (CtSession  *session,
                         const char *login,
                         const char *display_name,
                         CtRole      role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = ct_session_add_member (session, login, display_name, role, FALSE,
                                                    &error);

  g_assert_no_error (error);
}

void
ct_sync_test_remove_member (CtSession  *session,
                            const char *login)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_remove_member (session, login, &error));
  g_assert_no_error (error);
}

/* Whether the member @login holds a grant of the sync key version the
 * replica is at now, by its number and name: after a fork where both
 * branches removed a member, a member the winner removed may hold the
 * loser's key of that number, granted before the loser knew (docs/sync-chain.md,
 * "When both branches take rights away"). */
gboolean
ct_sync_test_holds_current_key (CtSession  *session,
                                const char *login)
{
  g_autoptr(GError) error = NULL;
  CtSyncState state = ct_sync_test_state_of (session);
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (session->db, "SELECT 1 FROM sync_keys WHERE version = ?1 AND made_by = ?2 "
                                   "AND holder = ?3", &error);
  const CtChainMember *m = ct_sync_test_member (session, login);

  g_assert_no_error (error);
  if (m == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, state.key_version);
  sqlite3_bind_blob (stmt, 2, state.key_made_by, CT_CHAIN_HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, m->uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Syncs @session; returns its refusals joined, "" for none. */
char *
ct_sync_test_refusals (CtSession  *session,
                       const char *folder)
{
  CtSyncSummary summary;
  GString *out = g_string_new (NULL);

  ct_sync_test_sync (session, folder, &summary);
  for (guint i = 0; i < summary.refusals->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (summary.refusals, i));
  ct_sync_summary_clear (&summary);
  return g_string_free (out, FALSE);
}

static const CtCoreTestMember fork_members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { "ggz", "Greet Zorg", CT_ROLE_GGZ },
  { "jeugd", "Joost Jansen", CT_ROLE_OPVOEDKUNDE },
  { NULL }
};

/* The whole test runs on the morning of one day, whatever today is, so
 * that the stamps of a fork fall in the order the test means. */
void
ct_sync_test_fork_setup (CtSyncTestTeam *team,
                         gconstpointer   data)
{
  g_autoptr(GDateTime) nine = g_date_time_new_utc (2026, 3, 31, 9, 0, 0);

  ct_clock_set_now_for_testing (nine);
  ct_sync_test_team_setup (team, "ct-sync-fork-XXXXXX", fork_members);
}

void
ct_sync_test_fork_teardown (CtSyncTestTeam *team,
                            gconstpointer   data)
{
  ct_sync_test_team_clear (team);
  ct_clock_set_now_for_testing (NULL);
}

/* Regie made a second beheerder, then the replicas of Hendrik (a), a
 * police officer (b) and Regie (c), each on a laptop of its own. */
void
ct_sync_test_open_two_beheerders (CtSyncTestTeam *team,
                                  CtSession     **a,
                                  CtSession     **b,
                                  CtSession     **c)
{
  g_autoptr(GError) error = NULL;
  CtSession *original = ct_core_test_unlock (team->team.path, "beheer", CT_SYNC_TEST_PASS);

  g_assert_true (ct_session_set_member_role (original, "regie", CT_ROLE_REGISSEUR, TRUE, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (original, team->folder);
  ct_core_test_session_free (original);
  *a = ct_sync_test_replica (team, "beheer");
  *b = ct_sync_test_replica (team, "politie");
  *c = ct_sync_test_replica (team, "regie");
}

static const CtCoreTestMember writes_members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

/* A household with a person and a case closed long ago, kept for the
 * term of "wmo", so that a purge finds it due. */
static void
fill_closed_case (CtSession      *admin,
                  CtSyncTestTeam *team,
                  gpointer        data)
{
  CtSyncTestWrites *f = data;
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

void
ct_sync_test_writes_setup (CtSyncTestWrites *f,
                           gconstpointer     data)
{
  ct_sync_test_team_setup_full (&f->sync, "ct-sync-writes-XXXXXX", writes_members,
                                fill_closed_case, f);
}

void
ct_sync_test_writes_teardown (CtSyncTestWrites *f,
                              gconstpointer     data)
{
  ct_sync_test_team_clear (&f->sync);
}

/* Every field of the rows that the writes of test-sync-writes and
 * test-sync-signed touch, the conflicts, the tombstones, the
 * involvements and the restrictions, raw. */
char *
ct_sync_test_writes_dump (CtSession *session)
{
  static const char * const tables[] = { "households", "persons", "cases", "consents", NULL };
  GString *out = dump_rows (session, tables, TRUE);

  ct_sync_test_dump_query (session, "SELECT * FROM involvements ORDER BY 1, 2", out);
  /* A restriction's id is this replica's own; its signature names it. */
  ct_sync_test_dump_query (session,
                           "SELECT household_id, ground, reason, placed_by, placed_at, signature, "
                           "lifted_by, lifted_at, lift_reason, lift_signature FROM restrictions "
                           "ORDER BY signature", out);
  return g_string_free (out, FALSE);
}

/* Two replicas hold the same bytes (ct_sync_test_writes_dump()). */
void
ct_sync_test_writes_assert_same (CtSession *a,
                                 CtSession *b)
{
  g_autofree char *da = ct_sync_test_writes_dump (a);
  g_autofree char *db = ct_sync_test_writes_dump (b);

  g_assert_cmpstr (da, ==, db);
}
