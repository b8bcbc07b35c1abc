/* test-vault.c — the team file: create, unlock, members, recovery, refusals
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-vault-test.h"

static gboolean
contains (GBytes     *bytes,
          const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return memmem (data, len, needle, strlen (needle)) != NULL;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_create_unlock (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) session = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (ct_session_get_team_name (session), ==, TEAM);
  g_assert_cmpstr (ct_session_get_login (session), ==, LOGIN);
  g_assert_cmpstr (ct_session_get_display_name (session), ==, NAME);
  g_assert_cmpint (ct_session_get_role (session), ==, CT_ROLE_REGISSEUR);
  g_assert_true (ct_session_is_admin (session));
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);

  g_assert_true (ct_session_set_setting (session, "k", "v", &error));
  ct_session_lock (session);
  g_assert_true (ct_session_is_locked (session));
  value = ct_session_get_setting (session, "k", &error);
  g_assert_null (value);
  g_assert_error (error, CT_ERROR, CT_ERROR_LOCKED);

  /* Nothing but the team file is left beside it. */
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_no_plaintext_metadata (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CtCoreTestSession) session = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  const char *needles[] = { TEAM, "Zonnewijzer", LOGIN, NAME, "Beheersma", "regisseur",
                            "politie", "pkwartier", "Pieter Kwartier", "CREATE TABLE", "members" };

  code = ct_session_add_member (session, "pkwartier", "Pieter Kwartier", CT_ROLE_POLITIE, FALSE,
                                &error);
  g_assert_no_error (error);
  ct_session_lock (session);

  bytes = ct_core_test_read_file (f->path);
  g_assert_true (contains (bytes, "CASUSTF1"));
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    g_assert_false (contains (bytes, needles[i]));
}

static void
test_wrong_credentials (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) wrong_pass = NULL;
  g_autoptr(GError) wrong_login = NULL;
  g_autoptr(GBytes) before = ct_core_test_read_file (f->path);
  g_autoptr(GBytes) after = NULL;

  g_assert_null (ct_session_unlock (f->path, LOGIN, "zeven rode kikker", &wrong_pass));
  g_assert_null (ct_session_unlock (f->path, "onbekend", PASS, &wrong_login));
  g_assert_error (wrong_pass, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_error (wrong_login, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  /* Unknown login and wrong passphrase cannot be told apart. */
  g_assert_cmpstr (wrong_pass->message, ==, wrong_login->message);

  after = ct_core_test_read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_create_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ct-vault-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "t.casus", NULL);
  CtSecret *key = NULL;
  struct { CtVaultCreateInfo info; const char *field; } bad[] = {
    { { "", LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS }, "Team name" },
    { { "Team\nnaam", LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS }, "Team name" },
    { { TEAM, "Hoofdletter", NAME, CT_ROLE_REGISSEUR, TRUE, PASS }, "Login" },
    { { TEAM, "", NAME, CT_ROLE_REGISSEUR, TRUE, PASS }, "Login" },
    { { TEAM, "-dash", NAME, CT_ROLE_REGISSEUR, TRUE, PASS }, "Login" },
    { { TEAM, LOGIN, "   ", CT_ROLE_REGISSEUR, TRUE, PASS }, "Your name" },
    { { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, "kort" }, "Passphrase" },
    /* The founder is a beheerder: more than the members' minimum. */
    { { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, "welkom12" }, "Passphrase" },
    { { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, "aaaaaaaaaaaaaaaa" }, "Passphrase" },
    { { TEAM, LOGIN, NAME, CT_N_ROLES, TRUE, PASS }, "Role" },
    { { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, FALSE, PASS }, "Beheerder" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ct_vault_create (path, &bad[i].info, &key, &error));
      g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
      g_assert_true (g_str_has_prefix (error->message, bad[i].field));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  /* An existing file is never overwritten. */
  g_assert_true (g_file_set_contents (path, "mine", -1, NULL));
  {
    CtVaultCreateInfo info = { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS };
    g_autofree char *contents = NULL;

    g_assert_false (ct_vault_create (path, &info, &key, &error));
    g_assert_error (error, CT_ERROR, CT_ERROR_EXISTS);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "mine");
  }
  g_assert_null (key);
  ct_core_test_remove_dir (dir);
}

static void
test_members (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) code2 = NULL;
  CtMemberInfo *info;

  code = ct_session_add_member (admin, "jgroen", "Jan Groen", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 34);

  /* Same login twice, bad login, bad role: refused, nothing added. */
  g_assert_null (ct_session_add_member (admin, "jgroen", "Ander", CT_ROLE_GGZ, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (ct_session_add_member (admin, "J Groen", "Ander", CT_ROLE_GGZ, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);

  members = ct_session_list_members (admin, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  info = g_ptr_array_index (members, 0);
  g_assert_cmpstr (info->login, ==, "jgroen");
  g_assert_false (info->enrolled);
  ct_session_lock (admin);

  /* The code opens the enrolment step, not the team. */
  ct_core_test_assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_NEEDS_ENROLMENT);
  g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "kort", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ct_vault_enrol (f->path, "jgroen", code, "groene appels", &error));
  g_assert_no_error (error);
  ct_core_test_assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_WRONG_CREDENTIALS);

  member = ct_core_test_unlock (f->path, "jgroen", "groene appels");
  g_assert_cmpint (ct_session_get_role (member), ==, CT_ROLE_GGZ);
  g_assert_false (ct_session_is_admin (member));
  g_assert_null (ct_session_add_member (member, "x", "X", CT_ROLE_GGZ, FALSE, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_false (ct_session_remove_member (member, LOGIN, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_assert_true (ct_session_set_setting (member, "written-by", "jgroen", &error));

  /* Own passphrase change: the old one opens nothing afterwards. */
  g_assert_false (ct_session_change_passphrase (member, "fout fout", "rode peren", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  g_assert_true (ct_session_change_passphrase (member, "groene appels", "rode peren", &error));
  g_assert_no_error (error);
  g_clear_pointer (&member, ct_core_test_session_free);
  ct_core_test_assert_unlock_fails (f->path, "jgroen", "groene appels", CT_ERROR_WRONG_CREDENTIALS);
  member = ct_core_test_unlock (f->path, "jgroen", "rode peren");
  g_clear_pointer (&member, ct_core_test_session_free);

  /* Removal rotates K_db: afterwards the member's passphrase opens nothing,
   * and the team's data is intact for the others. */
  admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  code2 = ct_session_add_member (admin, "tweede", "Tweede Beheerder", CT_ROLE_VOORZITTER, TRUE,
                                 &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_remove_member (admin, "jgroen", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_remove_member (admin, "jgroen", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ct_session_remove_member (admin, LOGIN, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
  g_clear_error (&error);
  g_clear_pointer (&admin, ct_core_test_session_free);

  ct_core_test_assert_unlock_fails (f->path, "jgroen", "rode peren", CT_ERROR_WRONG_CREDENTIALS);
  admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  {
    g_autofree char *value = ct_session_get_setting (admin, "written-by", &error);
    g_assert_cmpstr (value, ==, "jgroen");
  }

  /* The last beheerder cannot go: remove the second one, then try. */
  g_assert_true (ct_session_remove_member (admin, "tweede", &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  ct_core_test_assert_unlock_fails (f->path, "tweede", code2, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_last_admin (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;

  code = ct_session_add_member (admin, "nbeheer", "Nieuwe Beheerder", CT_ROLE_VOORZITTER, TRUE,
                                &error);
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  g_assert_true (ct_vault_enrol (f->path, "nbeheer", code, "nieuw wachtwoord", &error));
  g_assert_no_error (error);

  other = ct_core_test_unlock (f->path, "nbeheer", "nieuw wachtwoord");
  g_assert_true (ct_session_remove_member (other, LOGIN, &error));
  g_assert_no_error (error);
  g_clear_pointer (&other, ct_core_test_session_free);

  /* Now nbeheer is the only beheerder: a recovery session cannot remove
   * them either. */
  other = ct_session_unlock_with_recovery_key (f->path, f->recovery, &error);
  g_assert_no_error (error);
  g_assert_false (ct_session_remove_member (other, "nbeheer", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = NULL;
  g_autofree char *typo = g_strdup (f->recovery);
  g_autofree char *lower = g_ascii_strdown (f->recovery, -1);
  g_autofree char *out = g_build_filename (f->dir, "plain.db", NULL);
  char *hex = NULL;

  /* One character changed is a typo, not a wrong key. */
  typo[0] = typo[0] == 'A' ? 'B' : 'A';
  g_assert_null (ct_session_unlock_with_recovery_key (f->path, typo, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_KEY);
  g_clear_error (&error);

  /* Case, dashes and line breaks (a key copied off the screen) do not
   * matter. */
  {
    g_autofree char *wrapped = g_strdup (f->recovery);

    for (char *p = wrapped; *p != '\0'; p++)
      if (*p == '-')
        *p = (p - wrapped) % 3 == 0 ? '\n' : ' ';
    session = ct_session_unlock_with_recovery_key (f->path, wrapped, &error);
    g_assert_no_error (error);
    g_clear_pointer (&session, ct_core_test_session_free);
  }
  session = ct_session_unlock_with_recovery_key (f->path, lower, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_is_recovery (session));
  g_assert_cmpstr (ct_session_get_team_name (session), ==, TEAM);

  g_assert_true (ct_session_reset_passphrase (session, LOGIN, "nieuwe start", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_export_plain (session, out, &hex, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (hex), ==, 64);
  ct_secret_free (hex);
  g_clear_pointer (&session, ct_core_test_session_free);
  g_unlink (out);

  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
  session = ct_core_test_unlock (f->path, LOGIN, "nieuwe start");
  g_assert_true (ct_session_check (session, &error));
  g_assert_no_error (error);
  g_assert_false (ct_session_export_plain (session, out, &hex, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_RESTRICTED);
}

static void
test_recovery_other_team (Fixture       *f,
                          gconstpointer  data)
{
  CtVaultCreateInfo info = { "Ander team", "ander", "Ander", CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autofree char *other = g_build_filename (f->dir, "other.casus", NULL);
  g_autoptr(CtSecret) other_key = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_vault_create (other, &info, &other_key, &error));
  g_assert_null (ct_session_unlock_with_recovery_key (f->path, other_key, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
}

/* Someone with K_db but outside the app (the sqlcipher shell) edits the
 * log: check names the first entry that no longer holds. */
static void
test_access_log (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  int rc;

  code = ct_session_add_member (admin, "lid", "Een Lid", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_remove_member (admin, "lid", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);

  /* The app itself cannot change or delete an entry. */
  rc = sqlite3_exec (admin->db, "UPDATE access_log SET purpose = 'x' WHERE id = 2", NULL, NULL,
                     NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);
  rc = sqlite3_exec (admin->db, "DELETE FROM access_log WHERE id = 3", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT);

  g_assert_cmpint (sqlite3_exec (admin->db,
                                 "DROP TRIGGER access_log_no_update;"
                                 "UPDATE access_log SET object_id = 99 WHERE id = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (ct_session_check (admin, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "entry 2"));
}

/* The process's CPU time in microseconds: Argon2id is CPU work, and on a
 * loaded machine the wall clock also counts the time other programs ran. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
time_wrong_unlock (const char *path,
                   const char *login)
{
  gint64 start = cpu_time_us ();

  ct_core_test_assert_unlock_fails (path, login, "niet het goede", CT_ERROR_WRONG_CREDENTIALS);
  return cpu_time_us () - start;
}

/* The file's slots use a cost other than the product's default (here the
 * test cost, with the default back at MODERATE): an unknown login must
 * still cost what a known one costs. */
static void
test_unknown_login_cost (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CtHeader) header = ct_core_test_read_header (f->path);
  CtKdfParams dummy;
  gint64 known, unknown;

  g_unsetenv ("CASUSTAFEL_TEST_KDF");
  ct_header_dummy_kdf (header, &dummy);
  g_assert_cmpuint (dummy.opslimit, ==, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  g_assert_cmpuint (dummy.memlimit, ==, crypto_pwhash_MEMLIMIT_INTERACTIVE);

  /* Interleaved, the least of three each. */
  known = unknown = G_MAXINT64;
  for (guint i = 0; i < 3; i++)
    {
      known = MIN (known, time_wrong_unlock (f->path, LOGIN));
      unknown = MIN (unknown, time_wrong_unlock (f->path, "onbekend"));
    }
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
  g_test_message ("known login %.2f s, unknown login %.2f s of CPU", known / 1e6, unknown / 1e6);
  g_assert_cmpint (unknown, <, 2 * known);
  g_assert_cmpint (known, <, 2 * unknown);
}

/* A control character is reported as one, naming the field, not as a
 * length. */
static void
test_control_character (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  const CtTable *cases = ct_schema_get_table ("cases");
  const CtField *question = ct_table_get_field (cases, "question");
  char *out;

  g_assert_null (ct_session_add_member (admin, "jgroen", "Jan\001Groen", CT_ROLE_GGZ, FALSE,
                                        &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_assert_nonnull (strstr (error->message, "control character"));
  g_clear_error (&error);

  out = ct_field_normalize (question, "Wat kan het team\a doen?", &error);
  g_assert_null (out);
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "Question to the team"));
  g_assert_nonnull (strstr (error->message, "control character"));
  g_assert_null (strstr (error->message, "4000"));
  g_clear_error (&error);

  /* Line breaks and tabs are fine in free text; a long text still hears
   * about its length. */
  out = ct_field_normalize (question, "Eerste regel\n\tTweede regel", &error);
  g_assert_no_error (error);
  g_free (out);
  {
    g_autofree char *long_text = g_strnfill (4001, 'a');

    g_assert_null (ct_field_normalize (question, long_text, &error));
    g_assert_nonnull (strstr (error->message, "4000"));
  }
}

static void
test_async_unlock_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CtSession **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ct_session_unlock_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async_unlock (Fixture       *f,
                   gconstpointer  data)
{
  CtSession *session = NULL;

  ct_session_unlock_async (f->path, LOGIN, PASS, NULL, test_async_unlock_cb, &session);
  while (session == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (ct_session_get_team_name (session), ==, TEAM);
  ct_core_test_session_free (session);
}

/* A beheerder's passphrase meets the beheerder's rule wherever it is set:
 * at enrolment and on a change; a member's needs only the minimum. */
static void
test_admin_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) again = NULL;
  g_autoptr(CtSecret) boss_code = NULL;
  g_autoptr(CtSecret) member_code = NULL;
  g_autoptr(GError) error = NULL;

  boss_code = ct_session_add_member (admin, "kbaas", "Karin Baas", CT_ROLE_VOORZITTER, TRUE, &error);
  g_assert_no_error (error);
  member_code = ct_session_add_member (admin, "lgeel", "Lars Geel", CT_ROLE_HUISVESTING, FALSE, &error);
  g_assert_no_error (error);

  g_assert_false (ct_session_change_passphrase (admin, PASS, "welkom12", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_assert_true (g_str_has_prefix (error->message, "Passphrase"));
  g_clear_error (&error);
  ct_session_lock (admin);
  /* Refused before anything changed: the old passphrase still opens. */
  again = ct_core_test_unlock (f->path, LOGIN, PASS);
  ct_session_lock (again);

  g_assert_false (ct_vault_enrol (f->path, "kbaas", boss_code, "welkom12", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_false (ct_vault_enrol (f->path, "kbaas", boss_code, "abababababababab", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  /* The code was not used up by the refusals. */
  g_assert_true (ct_vault_enrol (f->path, "kbaas", boss_code, "vier losse woorden hier", &error));
  g_assert_no_error (error);

  g_assert_true (ct_vault_enrol (f->path, "lgeel", member_code, "welkom12", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/vault/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create-unlock", test_create_unlock);
  ADD ("no-plaintext-metadata", test_no_plaintext_metadata);
  ADD ("wrong-credentials", test_wrong_credentials);
  g_test_add_func ("/vault/create-refusals", test_create_refusals);
  ADD ("members", test_members);
  ADD ("admin-passphrase", test_admin_passphrase);
  ADD ("last-admin", test_last_admin);
  ADD ("recovery", test_recovery);
  ADD ("recovery-other-team", test_recovery_other_team);
  ADD ("async-unlock", test_async_unlock);
  ADD ("access-log", test_access_log);
  ADD ("unknown-login-cost", test_unknown_login_cost);
  ADD ("control-character", test_control_character);

  return g_test_run ();
}
