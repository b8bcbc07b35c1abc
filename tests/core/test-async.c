/* test-async.c — the core's long work in a worker: enrolment, adding and
 * removing a member, changing and resetting a passphrase, checking the
 * whole file
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each _async API must leave the team as its blocking twin does, and the
 * main loop must go on running (here: a 1 ms timeout) while it works. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-vault.h"

#define TEAM   "Expertteam Zonnewijzer"
#define LOGIN  "wbeheer"
#define NAME   "Wilhelmina Beheersma"
#define PASS   "zeven rode kikkers"
#define MEMBER_PASS "acht blauwe reigers"

typedef struct
{
  GAsyncResult *result;
  guint         ticks;  /* of the 1 ms timeout while the work ran */
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
tick_cb (gpointer user_data)
{
  Wait *wait = user_data;

  if (wait->result == NULL)
    wait->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the task is done, counting the ticks of a
 * 1 ms timeout meanwhile. */
static void
wait_for (Wait *wait)
{
  guint id = g_timeout_add (1, tick_cb, wait);

  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
team_create (CtCoreTestTeam *team)
{
  CtVaultCreateInfo info = { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS };

  ct_core_test_team_create (team, "ct-async-XXXXXX", &info);
}

static CtMemberInfo *
find_member (CtSession  *session,
             const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = ct_session_list_members (session, &error);
  CtMemberInfo *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      CtMemberInfo *info = g_ptr_array_index (members, i);

      if (g_str_equal (info->login, login))
        {
          found = g_new0 (CtMemberInfo, 1);
          *found = *info;
          found->login = g_strdup (info->login);
          found->display_name = g_strdup (info->display_name);
        }
    }
  return found;
}

/* The same member added both ways is the same member: listed with the
 * same role, not enrolled, and enrolled with its code it unlocks. Argon2id
 * runs in the worker, so the timeout ticks meanwhile, and nothing is
 * written before _finish. */
static void
test_add_member (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) sync_code = NULL;
  g_autoptr(CtSecret) async_code = NULL;
  Wait wait = { 0 };
  CtSession *admin;

  team_create (&team);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);

  sync_code = ct_session_add_member (admin, "async1", "Anna Sync", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);

  ct_session_add_member_async (admin, "async2", "Bram Async", CT_ROLE_GGZ, FALSE, NULL, done_cb,
                               &wait);
  g_assert_null (find_member (admin, "async2"));
  wait_for (&wait);
  async_code = ct_session_add_member_finish (admin, wait.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (async_code);
  g_assert_cmpuint (wait.ticks, >=, 3);
  g_clear_object (&wait.result);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CtMemberInfo) info = find_member (admin, i == 0 ? "async1" : "async2");

      g_assert_nonnull (info);
      g_assert_cmpint (info->role, ==, CT_ROLE_GGZ);
      g_assert_false (info->is_admin);
      g_assert_false (info->enrolled);
    }
  g_assert_cmpuint (strlen (sync_code), ==, strlen (async_code));

  /* Refused as the blocking call refuses it, and nothing is written. */
  ct_session_add_member_async (admin, "async2", "Bram Twee", CT_ROLE_GGZ, FALSE, NULL, done_cb,
                               &wait);
  wait_for (&wait);
  g_assert_null (ct_session_add_member_finish (admin, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  ct_session_add_member_async (admin, "Hoofdletter", "Bram Twee", CT_ROLE_GGZ, FALSE, NULL,
                               done_cb, &wait);
  wait_for (&wait);
  g_assert_null (ct_session_add_member_finish (admin, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  ct_core_test_session_free (admin);

  /* Both codes enrol: one with each enrolment call. */
  g_assert_true (ct_vault_enrol (team.path, "async1", sync_code, MEMBER_PASS, &error));
  g_assert_no_error (error);
  ct_vault_enrol_async (team.path, "async2", async_code, MEMBER_PASS, NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_true (ct_vault_enrol_finish (wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.ticks, >=, 3);
  g_clear_object (&wait.result);

  for (guint i = 0; i < 2; i++)
    {
      CtSession *member = ct_core_test_unlock (team.path, i == 0 ? "async1" : "async2",
                                               MEMBER_PASS);

      g_assert_cmpint (ct_session_get_role (member), ==, CT_ROLE_GGZ);
      ct_core_test_session_free (member);
    }

  /* A used code opens nothing, also through the async call. */
  ct_vault_enrol_async (team.path, "async2", async_code, MEMBER_PASS, NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_false (ct_vault_enrol_finish (wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_object (&wait.result);
  ct_core_test_team_clear (&team);
}

/* A cancelled add writes nothing. */
static void
test_add_member_cancelled (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  CtSession *admin;

  team_create (&team);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  ct_session_add_member_async (admin, "async1", "Anna Async", CT_ROLE_GGZ, FALSE, cancellable,
                               done_cb, &wait);
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  g_assert_null (ct_session_add_member_finish (admin, wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (find_member (admin, "async1"));
  g_clear_object (&wait.result);
  ct_core_test_session_free (admin);
  ct_core_test_team_clear (&team);
}

static CtRecord *
new_household (void)
{
  CtRecord *household = ct_record_new ("households");

  ct_record_set (household, "area", "Centrum");
  return household;
}

static void
assert_removed (const char *path,
                const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (path, login, PASS, &error);

  g_assert_null (session);
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
}

/* Removing both ways: the member is gone, their passphrase opens
 * nothing, K_db is new, and the beheerder's session goes on writing with
 * it. While the worker rekeys, the session refuses writes. */
static void
test_remove_member (void)
{
  static const CtCoreTestMember members[] = {
    { "lid1", "Lid Een", CT_ROLE_GGZ },
    { "lid2", "Lid Twee", CT_ROLE_GGZ },
    { NULL, NULL, 0 },
  };
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) busy = new_household ();
  guint8 key_before[CT_KEY_SIZE];
  Wait wait = { 0 };
  CtSession *admin;

  team_create (&team);
  ct_core_test_enrol_members (team.path, LOGIN, PASS, members);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  {
    g_autoptr(CtRecord) household = new_household ();

    ct_core_test_insert (admin, household);
  }

  g_assert_true (ct_session_remove_member (admin, "lid1", &error));
  g_assert_no_error (error);

  memcpy (key_before, admin->db_key, CT_KEY_SIZE);
  ct_session_remove_member_async (admin, "lid2", NULL, done_cb, &wait);
  /* The rekey is the worker's, and the session refuses to read or write
   * meanwhile: its connection has the old key. */
  g_assert_null (ct_session_list_members (admin, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpint (ct_session_insert (admin, busy, &error), ==, 0);
  g_assert_error (error, CT_ERROR, CT_ERROR_BUSY);
  g_clear_error (&error);
  wait_for (&wait);
  g_assert_true (ct_session_remove_member_finish (admin, wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.ticks, >=, 1);
  g_clear_object (&wait.result);

  /* A new K_db, which the session's connection now writes with. */
  g_assert_true (memcmp (key_before, admin->db_key, CT_KEY_SIZE) != 0);
  g_assert_null (find_member (admin, "lid2"));
  ct_core_test_insert (admin, busy);
  ct_core_test_session_free (admin);

  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  g_assert_null (find_member (admin, "lid1"));
  g_assert_null (find_member (admin, "lid2"));
  {
    g_autoptr(GPtrArray) rows = ct_session_list (admin, "households", NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 2);
  }
  /* The last beheerder is refused as by the blocking call. */
  ct_session_remove_member_async (admin, LOGIN, NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_false (ct_session_remove_member_finish (admin, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_object (&wait.result);
  ct_core_test_session_free (admin);

  assert_removed (team.path, "lid1");
  assert_removed (team.path, "lid2");
  ct_core_test_team_clear (&team);
}

static void
assert_busy (CtSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ct_session_list_members (session, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_BUSY);
}

static void
assert_opens (const char *path,
              const char *passphrase,
              gboolean    opens)
{
  g_autoptr(GError) error = NULL;
  CtSession *session = ct_session_unlock (path, LOGIN, passphrase, &error);

  if (opens)
    {
      g_assert_no_error (error);
      ct_core_test_session_free (session);
      return;
    }
  g_assert_null (session);
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
}

/* A passphrase change and a reset re-key the file in a worker: the main
 * loop goes on (a 1 ms timeout keeps firing), the session refuses reads
 * meanwhile, and afterwards only the new passphrase opens the file. A
 * refusal is reported through the callback, with nothing changed. */
static void
test_passphrase (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = new_household ();
  guint8 key_before[CT_KEY_SIZE];
  Wait wait = { 0 };
  CtSession *session;

  team_create (&team);
  session = ct_core_test_unlock (team.path, LOGIN, PASS);

  /* The wrong current passphrase. Only Argon2id is slow here (there is
   * no re-key), and it runs in the worker: the session is busy when the
   * call returns, and the main loop ticks until the refusal comes back. */
  ct_session_change_passphrase_async (session, "niet het goede", MEMBER_PASS, NULL, done_cb,
                                      &wait);
  assert_busy (session);
  wait_for (&wait);
  g_assert_cmpuint (wait.ticks, >=, 1);
  g_assert_false (ct_session_change_passphrase_finish (session, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  /* a beheerder's new passphrase too short */
  ct_session_change_passphrase_async (session, PASS, "kort", NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_false (ct_session_change_passphrase_finish (session, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  memcpy (key_before, session->db_key, CT_KEY_SIZE);
  wait.ticks = 0;
  ct_session_change_passphrase_async (session, PASS, MEMBER_PASS, NULL, done_cb, &wait);
  assert_busy (session);
  wait_for (&wait);
  g_assert_true (ct_session_change_passphrase_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.ticks, >=, 1);
  g_clear_object (&wait.result);
  g_assert_true (memcmp (key_before, session->db_key, CT_KEY_SIZE) != 0);
  ct_core_test_insert (session, household);
  ct_core_test_session_free (session);
  assert_opens (team.path, PASS, FALSE);
  assert_opens (team.path, MEMBER_PASS, TRUE);

  /* A reset needs the recovery key. */
  session = ct_core_test_unlock (team.path, LOGIN, MEMBER_PASS);
  ct_session_reset_passphrase_async (session, LOGIN, PASS, NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_false (ct_session_reset_passphrase_finish (session, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  ct_core_test_session_free (session);

  session = ct_session_unlock_with_recovery_key (team.path, team.recovery, &error);
  g_assert_no_error (error);
  memcpy (key_before, session->db_key, CT_KEY_SIZE);
  wait.ticks = 0;
  ct_session_reset_passphrase_async (session, LOGIN, PASS, NULL, done_cb, &wait);
  assert_busy (session);
  wait_for (&wait);
  g_assert_true (ct_session_reset_passphrase_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.ticks, >=, 1);
  g_clear_object (&wait.result);
  g_assert_true (memcmp (key_before, session->db_key, CT_KEY_SIZE) != 0);
  ct_core_test_session_free (session);
  assert_opens (team.path, MEMBER_PASS, FALSE);
  assert_opens (team.path, PASS, TRUE);
  ct_core_test_team_clear (&team);
}

/* A change cancelled, or its session locked, while the worker runs
 * Argon2id writes nothing: the current passphrase still opens the file,
 * the new one does not, and a cancelled change leaves the session as it
 * was. */
static void
test_passphrase_interrupted (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = new_household ();
  guint8 key_before[CT_KEY_SIZE];
  Wait wait = { 0 };
  CtSession *session;

  team_create (&team);
  session = ct_core_test_unlock (team.path, LOGIN, PASS);
  memcpy (key_before, session->db_key, CT_KEY_SIZE);

  ct_session_change_passphrase_async (session, PASS, MEMBER_PASS, cancellable, done_cb, &wait);
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  g_assert_false (ct_session_change_passphrase_finish (session, wait.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&wait.result);
  g_assert_true (memcmp (key_before, session->db_key, CT_KEY_SIZE) == 0);
  ct_core_test_insert (session, household);

  ct_session_change_passphrase_async (session, PASS, MEMBER_PASS, NULL, done_cb, &wait);
  ct_session_lock (session);
  wait_for (&wait);
  g_assert_false (ct_session_change_passphrase_finish (session, wait.result, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_object (&wait.result);
  ct_core_test_session_free (session);

  assert_opens (team.path, MEMBER_PASS, FALSE);
  assert_opens (team.path, PASS, TRUE);
  ct_core_test_team_clear (&team);
}

/* The whole file is checked in a worker: held before it reads, the main
 * loop goes on; let go, it says what the blocking check says, and how
 * many log entries it verified. Given up
 * or locked meanwhile, nothing is reported intact. */
static void
test_check (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  CtSession *admin;
  gint64 n_checked = 0, n_verified = 0;

  team_create (&team);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  ct_core_test_hold_reads ();
  ct_session_check_async (admin, NULL, done_cb, &wait);
  ct_core_test_turn (5);
  g_assert_null (wait.result);
  ct_core_test_release_reads ();
  wait_for (&wait);
  g_assert_true (ct_session_check_finish (admin, wait.result, &n_checked, &error));
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  /* It verified the whole log, as the log's own verification counts it
   * (the entries written since are the check's own reads: none). */
  g_assert_true (ct_session_verify_log (admin, &n_verified, &error));
  g_assert_cmpint (n_checked, >, 0);
  g_assert_cmpint (n_checked, ==, n_verified);

  ct_session_check_async (admin, cancellable, done_cb, &wait);
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  g_assert_false (ct_session_check_finish (admin, wait.result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  ct_core_test_hold_reads ();
  ct_session_check_async (admin, NULL, done_cb, &wait);
  ct_session_lock (admin);
  ct_core_test_release_reads ();
  wait_for (&wait);
  g_assert_false (ct_session_check_finish (admin, wait.result, NULL, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);
  g_clear_object (&wait.result);
  ct_core_test_session_free (admin);
  ct_core_test_team_clear (&team);
}

static void
check_both_ways (CtSession *session,
                 int        code)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_assert_false (ct_session_check (session, &error));
  g_assert_error (error, CT_ERROR, code);
  g_clear_error (&error);
  ct_session_check_async (session, NULL, done_cb, &wait);
  wait_for (&wait);
  g_assert_false (ct_session_check_finish (session, wait.result, NULL, &error));
  g_assert_error (error, CT_ERROR, code);
  g_clear_object (&wait.result);
}

static void
exec_sql (CtSession  *session,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (session->db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A damaged file is reported damaged through the worker as by the
 * blocking check: an entry of the log changed, a page of zeros. */
static void
test_check_damaged (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *zeros = g_malloc0 (CT_VAULT_PAGE_SIZE);
  CtSession *admin;
  int fd;

  team_create (&team);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  exec_sql (admin, "DROP TRIGGER access_log_no_update");
  exec_sql (admin, "UPDATE access_log SET purpose = 'nothing to see' WHERE id = 1");
  check_both_ways (admin, CT_ERROR_TAMPERED);
  ct_core_test_session_free (admin);
  ct_core_test_team_clear (&team);

  team_create (&team);
  admin = ct_core_test_unlock (team.path, LOGIN, PASS);
  fd = g_open (team.path, O_WRONLY | O_APPEND, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, zeros, CT_VAULT_PAGE_SIZE), ==, CT_VAULT_PAGE_SIZE);
  close (fd);
  check_both_ways (admin, CT_ERROR_DATABASE_DAMAGED);
  ct_core_test_session_free (admin);
  ct_core_test_team_clear (&team);
}

typedef struct
{
  gint   held;     /* the first reader is inside its read transaction */
  gint   locked;   /* the second reader waits for the thread that lets it go
                    * (ct_core_test_hold_reads()) */
  CtLockShare *share;
} Readers;

/* Holds the file for longer than the store waits for a lock. */
static gboolean
hold_file_cb (CtSession *reader,
              gpointer   data,
              GError   **error)
{
  Readers *readers = data;

  g_atomic_int_set (&readers->held, 1);
  g_usleep ((CT_STORE_BUSY_MS + 1000) * 1000);
  return TRUE;
}

static gboolean
read_nothing_cb (CtSession *reader,
                 gpointer   data,
                 GError   **error)
{
  return TRUE;
}

static gpointer
read_cb (CtSession     *reader,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  gboolean holds = data != NULL;

  if (!_ct_session_read_batch (reader, holds ? hold_file_cb : read_nothing_cb, data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

/* Holds the second reader back until the session waits for the first. */
static gpointer
release_second_cb (gpointer data)
{
  Readers *readers = data;
  gint64 at = 0;

  ct_core_test_hold_reads ();
  g_atomic_int_set (&readers->locked, 1);
  while (at == 0)
    {
      g_mutex_lock (&readers->share->lock);
      at = readers->share->owner_waiting_at;
      g_mutex_unlock (&readers->share->lock);
      g_thread_yield ();
    }
  ct_core_test_release_reads ();
  return NULL;
}

/* A reader that reads for longer than the store's two seconds holds the
 * file (a rollback journal): the session's write waits for it instead of
 * failing with "in use by another program", and a reader that begins
 * while the write waits waits in turn, instead of failing. */
static void
test_reader_holds_file (void)
{
  CtCoreTestTeam team = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CtRecord) household = ct_record_new ("households");
  Readers readers = { 0 };
  Wait first = { 0 }, second = { 0 };
  GThread *release;
  CtSession *session;

  team_create (&team);
  session = ct_core_test_unlock (team.path, LOGIN, PASS);

  ct_session_read_async (session, read_cb, &readers, NULL, NULL, done_cb, &first);
  while (!g_atomic_int_get (&readers.held))
    g_main_context_iteration (NULL, FALSE);
  readers.share = session->lock_share;
  release = g_thread_new ("release", release_second_cb, &readers);
  while (!g_atomic_int_get (&readers.locked))
    g_thread_yield ();
  ct_session_read_async (session, read_cb, NULL, NULL, NULL, done_cb, &second);

  ct_core_test_insert (session, household);
  g_thread_join (release);

  wait_for (&first);
  g_assert_nonnull (ct_session_read_finish (session, first.result, &error));
  g_assert_no_error (error);
  wait_for (&second);
  g_assert_nonnull (ct_session_read_finish (session, second.result, &error));
  g_assert_no_error (error);

  g_clear_object (&first.result);
  g_clear_object (&second.result);
  g_object_unref (session);
  ct_core_test_team_clear (&team);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  g_test_add_func ("/async/add-member", test_add_member);
  g_test_add_func ("/async/add-member-cancelled", test_add_member_cancelled);
  g_test_add_func ("/async/remove-member", test_remove_member);
  g_test_add_func ("/async/passphrase", test_passphrase);
  g_test_add_func ("/async/passphrase-interrupted", test_passphrase_interrupted);
  g_test_add_func ("/async/check", test_check);
  g_test_add_func ("/async/check-damaged", test_check_damaged);
  g_test_add_func ("/async/reader-holds-file", test_reader_holds_file);
  return g_test_run ();
}
