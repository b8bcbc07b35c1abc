/* ct-core-test-util.c — building and opening teams in core tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What most core tests do first: start the program (ct_core_test_init()),
 * make a team file in a folder of their own, add members and enrol them,
 * unlock, insert; and at the end lock the session and check that nothing
 * else still holds it, and remove the folder. Every step asserts, so a
 * test reads as its scenario. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-demo-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"

/**
 * ct_core_test_init:
 * @argc: main()'s
 * @argv: main()'s
 *
 * What every core test's main() does first: g_test_init() (which makes a
 * warning or a critical fatal), messages in English (`LANGUAGE=en`, also
 * for the programs a test starts), new keyslots at libsodium's INTERACTIVE
 * Argon2id cost (`CASUSTAFEL_TEST_KDF=interactive`, as tests/meson.build
 * sets it, also when the program is run by hand) and the core (ct_init()).
 * A program with a temporary or state folder of its own sets `TMPDIR` or
 * `XDG_STATE_HOME` before it: GLib keeps the first value it reads, and
 * ct_init() removes the stale outputs recorded in the state folder.
 */
void
ct_core_test_init (int    *argc,
                   char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
  g_test_init (argc, argv, NULL);
  g_assert_true (ct_init (&error));
  g_assert_no_error (error);
}

/**
 * ct_core_test_team_create:
 * @dir_template: for g_dir_make_tmp(), such as "ct-data-XXXXXX"
 * @info: the team and its founding member
 *
 * Makes a folder and a team file in it.
 */
void
ct_core_test_team_create (CtCoreTestTeam          *team,
                          const char              *dir_template,
                          const CtVaultCreateInfo *info)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_init (&error));
  team->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  team->path = g_build_filename (team->dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (team->path, info, &team->recovery, &error));
  g_assert_no_error (error);
}

/* Removes the team's folder with everything in it, and frees @team's fields. */
void
ct_core_test_team_clear (CtCoreTestTeam *team)
{
  if (team->dir != NULL)
    ct_core_test_remove_dir (team->dir);
  g_clear_pointer (&team->dir, g_free);
  g_clear_pointer (&team->path, g_free);
  g_clear_pointer (&team->recovery, ct_secret_free);
}

/* Removes @dir and everything in it, folders too (a sync folder holds a
 * folder per team and per replica). */
void
ct_core_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        ct_core_test_remove_dir (p);
      else
        g_assert_cmpint (g_unlink (p), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A test that starts each trial again from a copy of one team older than
 * what the last trial left, which each member's device record of the log
 * (docs/security.md, "Anchors") rightly refuses, forgets every team's
 * record on this device first. */
void
ct_core_test_forget_anchors (void)
{
  g_autofree char *top = g_build_filename (g_get_user_state_dir (), "casustafel", NULL);
  g_autoptr(GDir) teams = g_dir_open (top, 0, NULL);
  const char *team_name;

  while (teams != NULL && (team_name = g_dir_read_name (teams)) != NULL)
    {
      g_autofree char *dir = g_build_filename (top, team_name, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *name;

      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *file = g_build_filename (dir, name, NULL);

          g_unlink (file);
        }
      g_rmdir (dir);
    }
}

CtSession *
ct_core_test_unlock (const char *path,
                     const char *login,
                     const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, login, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/**
 * ct_core_test_enrol_members:
 * @admin_login: a beheerder, unlocked with @passphrase
 * @members: the members to add, ending with a %NULL login
 *
 * Adds every member through the beheerder's session, locks it (a file is
 * enrolled in only while nobody holds it), and enrols each with
 * @passphrase.
 */
void
ct_core_test_enrol_members (const char             *path,
                            const char             *admin_login,
                            const char             *passphrase,
                            const CtCoreTestMember *members)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_secret_free);
  g_autoptr(GError) error = NULL;
  CtSession *admin = ct_core_test_unlock (path, admin_login, passphrase);

  for (guint i = 0; members[i].login != NULL; i++)
    {
      CtSecret *code = ct_session_add_member (admin, members[i].login, members[i].display_name,
                                              members[i].role, FALSE, &error);

      g_assert_no_error (error);
      g_ptr_array_add (codes, code);
    }
  ct_core_test_session_free (admin);

  for (guint i = 0; members[i].login != NULL; i++)
    {
      g_assert_true (ct_vault_enrol (path, members[i].login, g_ptr_array_index (codes, i),
                                     passphrase, &error));
      g_assert_no_error (error);
    }
}

/**
 * ct_core_test_need_to_know_off:
 * @admin_login: a beheerder, unlocked with @passphrase
 *
 * A new team limits each member to the households they are involved in
 * (docs/security.md). A test of something else (categories, the log, the
 * export) whose members read households they have no part in switches it
 * off first, as a beheerder of such a team would; test-involvement tests
 * the limit itself.
 */
void
ct_core_test_need_to_know_off (const char *path,
                               const char *admin_login,
                               const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  CtSession *admin = ct_core_test_unlock (path, admin_login, passphrase);

  g_assert_true (ct_session_get_need_to_know (admin));
  g_assert_true (ct_session_set_need_to_know (admin, FALSE, ct_session_get_meeting_days (admin),
                                              &error));
  g_assert_no_error (error);
  ct_core_test_session_free (admin);
}

/* Inserts @record, which must be valid for this member. */
gint64
ct_core_test_insert (CtSession *session,
                     CtRecord  *record)
{
  g_autoptr(GError) error = NULL;
  gint64 id = ct_session_insert (session, record, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The team of the tests of one household's rules: two regisseurs, one of
 * whom directs the household, and a member of another role. */
const CtCoreTestMember ct_core_test_case_members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { "andere", "Anton Ander", CT_ROLE_REGISSEUR },
  { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
  { NULL }
};

/* The members.id of the present member @login. */
gint64
ct_core_test_member_id (CtSession  *session,
                        const char *login)
{
  g_autoptr(GPtrArray) list = ct_session_list_members (session, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      CtMemberInfo *m = g_ptr_array_index (list, i);

      if (g_str_equal (m->login, login))
        return m->id;
    }
  g_assert_not_reached ();
}

/**
 * ct_core_test_add_household:
 * @household: the household, with what the test needs in it
 * @person: a person in it, with what the test needs (a last name)
 * @kase: its case, with what the test needs
 * @number: the case is number 2026-00@number
 * @regisseur: the case's regisseur (members.id)
 * @person_id: (out): the person's id
 * @case_id: (out): the case's id
 *
 * Inserts @household, @person (first name Fenna) in it and @kase for it,
 * referred on 2026-01-05 and "in_uitvoering" unless the test gave it
 * another status.
 *
 * Returns: the household's id
 */
gint64
ct_core_test_add_household (CtSession *admin,
                            CtRecord  *household,
                            CtRecord  *person,
                            CtRecord  *kase,
                            guint      number,
                            gint64     regisseur,
                            gint64    *person_id,
                            gint64    *case_id)
{
  g_autofree char *case_number = g_strdup_printf ("2026-00%u", number);
  gint64 id = ct_core_test_insert (admin, household);

  ct_record_set_int (person, "household_id", id);
  ct_record_set (person, "first_name", "Fenna");
  *person_id = ct_core_test_insert (admin, person);
  ct_record_set_int (kase, "household_id", id);
  ct_record_set (kase, "number", case_number);
  ct_record_set (kase, "referral_date", "2026-01-05");
  if (ct_record_get (kase, "status") == NULL)
    ct_record_set (kase, "status", "in_uitvoering");
  ct_record_set_int (kase, "regisseur", regisseur);
  *case_id = ct_core_test_insert (admin, kase);
  return id;
}

/**
 * ct_core_test_politie_team:
 * @team: (out caller-allocates): the team, cleared with ct_core_test_team_clear()
 * @dir_template: the folder's name, as ct_core_test_team_create() takes it
 * @passphrase: every member's
 * @need_to_know: %FALSE to switch need-to-know off, as
 *   ct_core_test_need_to_know_off() does
 * @person: (nullable): the household's person, with what else the test
 *   needs in it (a BSN)
 * @household: (out): the household's id
 * @person_id: (out): the person's id
 * @case_id: (out): the case's id
 *
 * A team of two: the beheerder "beheer" (Hendrik Bos, a regisseur) and
 * "politie" (Pieter Dekker), and one household in Noord, its person
 * Qvanderzandt, in case 2026-001 that "beheer" directs: the politie is
 * not involved in it.
 *
 * Returns: (transfer full): the beheerder's session, to add what else
 *   the test needs; free with ct_core_test_session_free()
 */
CtSession *
ct_core_test_politie_team (CtCoreTestTeam *team,
                           const char     *dir_template,
                           const char     *passphrase,
                           gboolean        need_to_know,
                           CtRecord       *person,
                           gint64         *household,
                           gint64         *person_id,
                           gint64         *case_id)
{
  static const CtCoreTestMember members[] = {
    { "politie", "Pieter Dekker", CT_ROLE_POLITIE },
    { NULL }
  };
  CtVaultCreateInfo info = { "Team Inzage", "beheer", "Hendrik Bos", CT_ROLE_REGISSEUR, TRUE,
                             passphrase };
  g_autoptr(CtRecord) household_record = ct_record_new ("households");
  g_autoptr(CtRecord) person_record = person != NULL ? ct_record_ref (person)
                                                     : ct_record_new ("persons");
  g_autoptr(CtRecord) kase = ct_record_new ("cases");
  CtSession *admin;

  ct_core_test_team_create (team, dir_template, &info);
  ct_core_test_enrol_members (team->path, "beheer", passphrase, members);
  if (!need_to_know)
    ct_core_test_need_to_know_off (team->path, "beheer", passphrase);
  admin = ct_core_test_unlock (team->path, "beheer", passphrase);
  ct_record_set (household_record, "area", "Noord");
  ct_record_set (person_record, "last_name", "Qvanderzandt");
  *household = ct_core_test_add_household (admin, household_record, person_record, kase, 1,
                                           ct_core_test_member_id (admin, "beheer"),
                                           person_id, case_id);
  return admin;
}

/* Runs @sql on the session's own connection (`session->db`, K_db), as the
 * sqlcipher shell would: how a test plays a member who edits the file. */
void
ct_core_test_exec_sql (sqlite3    *db,
                       const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The first column of @sql's first row, which must be there. */
gint64
ct_core_test_query_int (sqlite3    *db,
                        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The access log's entry hash (docs/security.md), written out again here
 * so that a test can do what a member with their own signing key could:
 * change their own entries and re-sign them. */
static void
hash_int (crypto_generichash_state *state,
          gint64                    value)
{
  gint64 le = GINT64_TO_LE (value);

  crypto_generichash_update (state, (const guint8 *) &le, sizeof le);
}

static void
hash_text (crypto_generichash_state *state,
           const char               *text)
{
  guint32 len = GUINT32_TO_LE ((guint32) strlen (text));

  crypto_generichash_update (state, (const guint8 *) &len, sizeof len);
  crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

/**
 * ct_core_test_log_entry_hash:
 * @format: 1 (a file from before migration 7), 2, or 3 (sealed categories)
 * @prev: (nullable): the hash it follows; %NULL: the entry's own prev_hash
 * @hash: (out): 32 bytes
 *
 * Access-log entry @id's hash in @format, as the core computes it. The
 * entry names no set of households (an empty set is hashed).
 */
void
ct_core_test_log_entry_hash (sqlite3      *db,
                             gint64        id,
                             guint         format,
                             const guint8 *prev,
                             guint8       *hash)
{
  static const char *tags[] = { NULL, "ct-access-log-v1", "ct-access-log-v2", "ct-access-log-v3" };
  static const guint8 no_set[32] = { 0 };
  sqlite3_stmt *stmt = NULL;
  crypto_generichash_state state;

  g_assert_true (format >= 1 && format <= 3);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT prev_hash, at, member_id, role, action, "
                                           "object_table, object_id, categories, purpose, "
                                           "outcome, signer_pk, household_id, person_id, "
                                           "member_seq, sealed_categories, household_set FROM "
                                           "access_log WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  crypto_generichash_init (&state, (const guint8 *) tags[format], 16, 32);
  crypto_generichash_update (&state, prev != NULL ? prev : sqlite3_column_blob (stmt, 0), 32);
  hash_int (&state, id);
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 1));
  hash_int (&state, sqlite3_column_int64 (stmt, 2));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 3));
  hash_int (&state, ((const char *) sqlite3_column_text (stmt, 4))[0]);
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 5));
  hash_int (&state, sqlite3_column_int64 (stmt, 6));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 7));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 8));
  hash_text (&state, (const char *) sqlite3_column_text (stmt, 9));
  if (format >= 2)
    {
      g_assert_cmpint (sqlite3_column_type (stmt, 15), ==, SQLITE_NULL);
      hash_int (&state, sqlite3_column_int64 (stmt, 11));
      hash_int (&state, sqlite3_column_int64 (stmt, 12));
      hash_int (&state, sqlite3_column_int64 (stmt, 13));
      hash_int (&state, 0);
      crypto_generichash_update (&state, no_set, 32);
    }
  if (format == 3)
    {
      hash_int (&state, sqlite3_column_bytes (stmt, 14));
      crypto_generichash_update (&state, sqlite3_column_blob (stmt, 14),
                                 (gsize) sqlite3_column_bytes (stmt, 14));
    }
  crypto_generichash_update (&state, sqlite3_column_blob (stmt, 10), crypto_sign_PUBLICKEYBYTES);
  crypto_generichash_final (&state, hash, 32);
  sqlite3_finalize (stmt);
}

/**
 * ct_core_test_log_resign:
 * @v1: in the first format, as a file from before migration 7 holds;
 *   otherwise each entry in the third format when its categories are
 *   sealed, else the second
 *
 * Chains and signs the access log's entries from @from_id on again with
 * @member's own key, as a member who edited them could. The log's
 * triggers must be dropped.
 */
void
ct_core_test_log_resign (CtSession *member,
                         gint64     from_id,
                         gboolean   v1)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) formats = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt = NULL;
  guint8 prev[32];

  g_assert_cmpint (sqlite3_prepare_v2 (member->db, "SELECT hash FROM access_log WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, from_id - 1);
  memset (prev, 0, sizeof prev);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    memcpy (prev, sqlite3_column_blob (stmt, 0), 32);
  else
    g_assert_cmpint (from_id, ==, 1);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (member->db, "SELECT id, typeof (sealed_categories) = "
                                                   "'blob' FROM access_log WHERE id >= ?1 "
                                                   "ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, from_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      guint format = v1 ? 1 : sqlite3_column_int (stmt, 1) ? 3 : 2;

      g_array_append_val (ids, id);
      g_array_append_val (formats, format);
    }
  sqlite3_finalize (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      guint8 hash[32], sig[crypto_sign_BYTES];
      char p[65], h[65], s[2 * crypto_sign_BYTES + 1];
      g_autofree char *update = NULL;

      ct_core_test_log_entry_hash (member->db, id, g_array_index (formats, guint, i), prev, hash);
      crypto_sign_detached (sig, NULL, hash, 32, member->identity->sign_sk);
      sodium_bin2hex (p, sizeof p, prev, 32);
      sodium_bin2hex (h, sizeof h, hash, 32);
      sodium_bin2hex (s, sizeof s, sig, sizeof sig);
      update = g_strdup_printf ("UPDATE access_log SET prev_hash = x'%s', hash = x'%s', "
                                "signature = x'%s' WHERE id = %lld", p, h, s, (long long) id);
      ct_core_test_exec_sql (member->db, update);
      memcpy (prev, hash, 32);
    }
}

/**
 * ct_core_test_session_free:
 * @session: (transfer full): the test's only reference
 *
 * Locks @session and drops it, failing the test when anything else still
 * holds a reference: a leaked session keeps keys in memory and the file
 * locked.
 */
void
ct_core_test_session_free (CtSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (CT_IS_SESSION (session));
  ct_session_lock (session);
  g_assert_true (ct_session_is_locked (session));
  /* A worker's GTask holds its session until the worker thread lets the
   * task go, which can be a moment after the task's callback ran here: an
   * ASan build showed it. Wait for that, never for a reference kept. */
  while (g_atomic_int_get (&G_OBJECT (session)->ref_count) > 1
         && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (session);
}

/* The SHA-256 of the file at @path, in hex: to show that something left
 * the file as it was. */
char *
ct_core_test_hash_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The bytes of the file at @path. */
GBytes *
ct_core_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  return g_bytes_new_take (contents, len);
}

/* Replaces the file at @path with @bytes. */
void
ct_core_test_write_file (const char *path,
                         GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_file_set_contents (path, data, len, &error));
}

/* An unlock refused with @code and a message that says something. */
void
ct_core_test_assert_unlock_fails (const char *path,
                                  const char *login,
                                  const char *pass,
                                  int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (path, login, pass, &error);

  g_assert_null (session);
  g_assert_error (error, CT_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* The header of the team file at @path, as ct_header_read() reads it. */
CtHeader *
ct_core_test_read_header (const char *path)
{
  g_autoptr(GError) error = NULL;
  int fd = g_open (path, O_RDONLY, 0);
  CtHeader *header;

  g_assert_cmpint (fd, >=, 0);
  header = ct_header_read (fd, &error);
  g_assert_no_error (error);
  close (fd);
  return header;
}

/**
 * ct_core_test_result_cb:
 * @user_data: a `GAsyncResult **`, %NULL until the call ends
 *
 * The #GAsyncReadyCallback of a test that waits with
 * ct_core_test_wait_result(): keeps a reference to @result in @user_data,
 * for the test to hand to the call's _finish() and to clear.
 */
void
ct_core_test_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * ct_core_test_wait_result:
 * @result: where ct_core_test_result_cb() puts the result
 *
 * Turns the main loop until the call has ended.
 */
void
ct_core_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

/**
 * ct_core_test_turn:
 * @n: how many times the timeout must fire
 *
 * Turns the main loop until a 1 ms timeout fired @n times: it would not,
 * were anything waiting in the main thread for a worker the test holds
 * (a reader inside its transaction, a write queued behind it).
 */
void
ct_core_test_turn (guint n)
{
  guint ticks = 0;
  guint id = g_timeout_add (1, tick_cb, &ticks);

  while (ticks < n)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

/* A static mutex needs no g_mutex_init() and is never cleared, so a
 * worker that saw it just before it was let go cannot find it gone. */
static GMutex read_hold;

/**
 * ct_core_test_hold_reads:
 *
 * Keeps every worker that reads for a session waiting before it reads
 * (_ct_session_set_read_hold()) until ct_core_test_release_reads(),
 * called by the same thread: to see what the caller does while a read is
 * under way, and that nothing is read or logged yet. Core and GUI tests
 * alike (the window's tests use these too).
 */
void
ct_core_test_hold_reads (void)
{
  g_mutex_lock (&read_hold);
  _ct_session_set_read_hold (&read_hold);
}

/**
 * ct_core_test_release_reads:
 *
 * Lets the reads ct_core_test_hold_reads() held go on; later ones run at
 * once.
 */
void
ct_core_test_release_reads (void)
{
  _ct_session_set_read_hold (NULL);
  g_mutex_unlock (&read_hold);
}

static gpointer
hold_read (CtSession     *reader,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  CtCoreTestReaderHold *holder = data;

  if (!_ct_session_begin_read (reader, error))
    return NULL;
  g_atomic_int_set (&holder->inside, 1);
  g_mutex_lock (&holder->hold);
  g_mutex_unlock (&holder->hold);
  return _ct_session_end_read (reader, TRUE, error) ? GINT_TO_POINTER (1) : NULL;
}

/**
 * ct_core_test_reader_hold:
 *
 * Starts a reader of @session (ct_session_read_async()) and returns once
 * it is inside its read transaction, where it stays until
 * ct_core_test_reader_release().
 */
void
ct_core_test_reader_hold (CtSession            *session,
                          CtCoreTestReaderHold *holder)
{
  memset (holder, 0, sizeof *holder);
  holder->session = session;
  g_mutex_init (&holder->hold);
  g_mutex_lock (&holder->hold);
  ct_session_read_async (session, hold_read, holder, NULL, NULL, ct_core_test_result_cb,
                         &holder->result);
  while (!g_atomic_int_get (&holder->inside) && holder->result == NULL)
    g_main_context_iteration (NULL, FALSE);
  /* A read that failed to begin would otherwise be waited for forever. */
  g_assert_true (g_atomic_int_get (&holder->inside));
}

/**
 * ct_core_test_reader_release:
 *
 * Lets the reader of ct_core_test_reader_hold() end its transaction, and
 * waits until its result was handed back.
 *
 * Returns: whether the read was handed out (ct_session_read_finish());
 *   %FALSE with @error set when it failed, as on a session locked meanwhile
 */
gboolean
ct_core_test_reader_release (CtCoreTestReaderHold *holder,
                             GError              **error)
{
  gboolean ok;

  g_mutex_unlock (&holder->hold);
  ct_core_test_wait_result (&holder->result);
  ok = ct_session_read_finish (holder->session, holder->result, error) != NULL;
  g_clear_object (&holder->result);
  g_mutex_clear (&holder->hold);
  return ok;
}

static void
add_list (GPtrArray          *out,
          const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (list[i]));
}

/**
 * ct_core_test_demo_facts:
 * @c: a category of facts
 *
 * The demo generator's strings that are facts of @c, never to be seen by
 * a role that may not read it: its organisations of a type of @c, the
 * problem, goal and actions of its ZRM domains of @c, its expenses' and
 * doorbraken's texts of @c, and its word lists of @c. Not the domains'
 * names: short words, some the same as a category's name, which a test
 * looks for where it knows they stand (test-facts, test-leaks).
 *
 * Returns: (transfer full): the strings
 */
GPtrArray *
ct_core_test_demo_facts (CtCategory c)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ct_demo_n_organisations; i++)
    if (ct_partner_type_category (ct_demo_organisations[i].type) == c)
      g_ptr_array_add (out, g_strdup (ct_demo_organisations[i].name));
  for (guint d = 0; d < CT_ZRM_N_DOMAINS; d++)
    if (ct_zrm_domain_category (d) == c)
      {
        g_ptr_array_add (out, g_strdup (ct_demo_domains[d].problem));
        g_ptr_array_add (out, g_strdup (ct_demo_domains[d].goal));
        g_ptr_array_add (out, g_strdup (ct_demo_domains[d].actions[0]));
        g_ptr_array_add (out, g_strdup (ct_demo_domains[d].actions[1]));
      }
  for (guint i = 0; i < ct_demo_n_expenses; i++)
    if (ct_category_from_string (ct_demo_expenses[i].category) == c)
      g_ptr_array_add (out, g_strdup (ct_demo_expenses[i].justification));
  for (guint i = 0; i < ct_demo_n_doorbraken; i++)
    if (ct_category_from_string (ct_demo_doorbraken[i].category) == c)
      {
        g_ptr_array_add (out, g_strdup (ct_demo_doorbraken[i].situation));
        g_ptr_array_add (out, g_strdup (ct_demo_doorbraken[i].alternative));
      }
  switch (c)
    {
    case CT_CATEGORY_HEALTH:
      add_list (out, ct_demo_mental);
      add_list (out, ct_demo_addiction);
      add_list (out, ct_demo_physical);
      add_list (out, ct_demo_medication);
      break;
    case CT_CATEGORY_JUSTICE:
      add_list (out, ct_demo_justice);
      break;
    case CT_CATEGORY_FINANCE:
      add_list (out, ct_demo_creditors);
      break;
    case CT_CATEGORY_YOUTH:
      add_list (out, ct_demo_parenting);
      add_list (out, ct_demo_child_protection);
      add_list (out, ct_demo_school);
      break;
    case CT_CATEGORY_HOUSING:
      add_list (out, ct_demo_tenancy);
      add_list (out, ct_demo_nuisance);
      break;
    case CT_CATEGORY_WORK:
      add_list (out, ct_demo_work);
      add_list (out, ct_demo_daytime);
      break;
    default:
      break;
    }
  return out;
}

/* The id of the log's last entry, 0 when it has none. */
gint64
ct_core_test_last_entry (CtSession *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (s, &error);

  g_assert_no_error (error);
  return log->len > 0 ? ((CtLogEntry *) g_ptr_array_index (log, log->len - 1))->id : 0;
}

/**
 * ct_core_test_log_since:
 *
 * The log entries after entry @after, as "action table id categories
 * purpose [households] [hHOUSEHOLD]" lines, without the reads of the log
 * itself: to compare what two ways of reading logged.
 */
char *
ct_core_test_log_since (CtSession *s,
                        gint64     after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = ct_session_read_log (s, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < log->len; i++)
    {
      CtLogEntry *e = g_ptr_array_index (log, i);

      if (e->id <= after || g_strcmp0 (e->object_table, "log") == 0)
        continue;
      g_string_append_printf (out, "%c %s %" G_GINT64_FORMAT " %s %s", e->action,
                              e->object_table, e->object_id, e->categories ?: "-",
                              e->purpose ?: "-");
      for (guint h = 0; e->households != NULL && h < e->households->len; h++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, g_array_index (e->households, gint64, h));
      if (e->household_id != 0)
        g_string_append_printf (out, " h%" G_GINT64_FORMAT, e->household_id);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
