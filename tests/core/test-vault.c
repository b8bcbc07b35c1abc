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
#include <unistd.h>

#include "ct-core-test-util.h"
#include "ct-core.h"
#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"

#define TEAM     "Expertteam Zonnewijzer"
#define LOGIN    "wbeheer"
#define NAME     "Wilhelmina Beheersma"
#define PASS     "zeven rode kikkers"

typedef struct
{
  char     *dir;
  char     *path;
  CtSecret *recovery;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  CtVaultCreateInfo info = { TEAM, LOGIN, NAME, CT_ROLE_REGISSEUR, TRUE, PASS };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ct-vault-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "team.casus", NULL);
  g_assert_true (ct_vault_create (f->path, &info, &f->recovery, &error));
  g_assert_no_error (error);
}

static void
remove_all (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_all (f->dir);
  g_free (f->dir);
  g_free (f->path);
  ct_secret_free (f->recovery);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  return g_bytes_new_take (contents, len);
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_file_set_contents (path, data, len, &error));
}

static gboolean
contains (GBytes     *bytes,
          const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return memmem (data, len, needle, strlen (needle)) != NULL;
}

static void
assert_unlock_fails (const char *path,
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

static CtSession *
unlock (const char *path,
        const char *login,
        const char *pass)
{
  return ct_core_test_unlock (path, login, pass);
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
  g_autoptr(CtCoreTestSession) session = unlock (f->path, LOGIN, PASS);
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
  g_autoptr(CtCoreTestSession) session = unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  const char *needles[] = { TEAM, "Zonnewijzer", LOGIN, NAME, "Beheersma", "regisseur",
                            "politie", "pkwartier", "Pieter Kwartier", "CREATE TABLE", "members" };

  code = ct_session_add_member (session, "pkwartier", "Pieter Kwartier", CT_ROLE_POLITIE, FALSE,
                                &error);
  g_assert_no_error (error);
  ct_session_lock (session);

  bytes = read_file (f->path);
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
  g_autoptr(GBytes) before = read_file (f->path);
  g_autoptr(GBytes) after = NULL;

  g_assert_null (ct_session_unlock (f->path, LOGIN, "zeven rode kikker", &wrong_pass));
  g_assert_null (ct_session_unlock (f->path, "onbekend", PASS, &wrong_login));
  g_assert_error (wrong_pass, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_error (wrong_login, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  /* Unknown login and wrong passphrase cannot be told apart. */
  g_assert_cmpstr (wrong_pass->message, ==, wrong_login->message);

  after = read_file (f->path);
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
  remove_all (dir);
}

static void
test_members (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
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
  assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_NEEDS_ENROLMENT);
  g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "kort", &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_INVALID_FIELD);
  g_clear_error (&error);
  g_assert_true (ct_vault_enrol (f->path, "jgroen", code, "groene appels", &error));
  g_assert_no_error (error);
  assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_WRONG_CREDENTIALS);

  member = unlock (f->path, "jgroen", "groene appels");
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
  assert_unlock_fails (f->path, "jgroen", "groene appels", CT_ERROR_WRONG_CREDENTIALS);
  member = unlock (f->path, "jgroen", "rode peren");
  g_clear_pointer (&member, ct_core_test_session_free);

  /* Removal rotates K_db: afterwards the member's passphrase opens nothing,
   * and the team's data is intact for the others. */
  admin = unlock (f->path, LOGIN, PASS);
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

  assert_unlock_fails (f->path, "jgroen", "rode peren", CT_ERROR_WRONG_CREDENTIALS);
  admin = unlock (f->path, LOGIN, PASS);
  {
    g_autofree char *value = ct_session_get_setting (admin, "written-by", &error);
    g_assert_cmpstr (value, ==, "jgroen");
  }

  /* The last beheerder cannot go: remove the second one, then try. */
  g_assert_true (ct_session_remove_member (admin, "tweede", &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  assert_unlock_fails (f->path, "tweede", code2, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_last_admin (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;

  code = ct_session_add_member (admin, "nbeheer", "Nieuwe Beheerder", CT_ROLE_VOORZITTER, TRUE,
                                &error);
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  g_assert_true (ct_vault_enrol (f->path, "nbeheer", code, "nieuw wachtwoord", &error));
  g_assert_no_error (error);

  other = unlock (f->path, "nbeheer", "nieuw wachtwoord");
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

  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
  session = unlock (f->path, LOGIN, "nieuwe start");
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

/* Rewrites both header copies with @edit applied and their checksums made
 * valid again: a change made outside the app by someone who knows the
 * format but not K_db. */
static void
edit_headers (const char *path,
              void      (*edit) (guint8 *copy))
{
  g_autoptr(GBytes) bytes = read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);
  g_autoptr(GBytes) edited = NULL;

  for (guint i = 0; i < 2; i++)
    {
      guint8 *copy = data + i * CT_VAULT_HEADER_SIZE;
      guint32 n_slots;
      gsize mac_off;

      edit (copy);
      memcpy (&n_slots, copy + 12, 4);
      mac_off = 80 + GUINT32_FROM_LE (n_slots) * 384;
      crypto_generichash (copy + mac_off + 32, 32, copy, mac_off + 32, NULL, 0);
    }
  edited = g_bytes_new_take (data, len);
  write_file (path, edited);
}

static void
edit_reserved (guint8 *copy)
{
  copy[75] ^= 0x01;
}

static void
edit_weak_kdf (guint8 *copy)
{
  /* First slot's opslimit (slot at 80: 8 flags + 32 id + 16 member id). */
  guint64 one = GUINT64_TO_LE (1);
  memcpy (copy + 80 + 56, &one, 8);
}

static void
edit_huge_memory (guint8 *copy)
{
  guint64 huge = GUINT64_TO_LE (G_GUINT64_CONSTANT (1) << 40);
  memcpy (copy + 80 + 64, &huge, 8);
}

static void
edit_version (guint8 *copy)
{
  guint32 two = GUINT32_TO_LE (2);
  memcpy (copy + 8, &two, 4);
}

static void
test_tampered_header (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  edit_headers (f->path, edit_reserved);
  before = read_file (f->path);
  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_TAMPERED);
  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_kdf_bounds (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pristine = read_file (f->path);
  gint64 start;

  edit_headers (f->path, edit_weak_kdf);
  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);

  /* A terabyte of memory is refused before any derivation: at once. */
  write_file (f->path, pristine);
  edit_headers (f->path, edit_huge_memory);
  start = g_get_monotonic_time ();
  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) pristine = read_file (f->path);
  g_autofree char *other = g_build_filename (f->dir, "notes.casus", NULL);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (pristine, &len);
  g_autofree guint8 *garbage = g_malloc (len);

  /* Not ours: empty, text, random. */
  g_assert_true (g_file_set_contents (other, "", 0, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);
  g_assert_true (g_file_set_contents (other, "Agenda dinsdag\n", -1, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);
  randombytes_buf (garbage, len);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);

  /* Truncated: by a byte, a page, down to the headers. */
  g_assert_true (g_file_set_contents (other, (const char *) bytes, len - 1, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_TRUNCATED);
  g_assert_true (g_file_set_contents (other, (const char *) bytes, 40000, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_TRUNCATED);

  /* Both header copies unreadable. */
  memcpy (garbage, bytes, len);
  memset (garbage + 100, 0xA5, 50);
  memset (garbage + CT_VAULT_HEADER_SIZE + 100, 0x5A, 50);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_HEADER_DAMAGED);

  /* One copy unreadable: the other opens the file. */
  memcpy (garbage, bytes, len);
  memset (garbage + 100, 0xA5, 50);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  ct_core_test_session_free (unlock (other, LOGIN, PASS));

  /* A newer format. */
  edit_headers (f->path, edit_version);
  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_NEWER_VERSION);

  /* Database page 1 damaged. */
  memcpy (garbage, bytes, len);
  garbage[CT_VAULT_DB_OFFSET + 200] ^= 0x40;
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_DATABASE_DAMAGED);
}

/* Someone with K_db but outside the app (the sqlcipher shell) edits the
 * log: check names the first entry that no longer holds. */
static void
test_access_log (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
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

/* Raw byte edits of the header copies, as someone holding the file (but
 * not K_db) makes them. */

static guint64
copy_generation (const guint8 *data,
                 guint         copy)
{
  guint64 gen;

  memcpy (&gen, data + copy * CT_VAULT_HEADER_SIZE + 16, 8);
  return GUINT64_FROM_LE (gen);
}

/* Flips one byte in @copy's slots, so its checksum fails and readers fall
 * back to the other copy. */
static void
damage_copy (const char *path,
             guint       copy)
{
  g_autoptr(GBytes) bytes = read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);
  g_autoptr(GBytes) edited = NULL;

  data[copy * CT_VAULT_HEADER_SIZE + 100] ^= 0xFF;
  edited = g_bytes_new_take (data, len);
  write_file (path, edited);
}

static guint
newest_copy (const char *path)
{
  g_autoptr(GBytes) bytes = read_file (path);
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  return copy_generation (data, 0) > copy_generation (data, 1) ? 0 : 1;
}

/* Puts the header region of @old_file (both copies) in front of the
 * database of @path: a rollback to a header saved earlier. */
static void
restore_headers (const char *path,
                 GBytes     *old_file)
{
  g_autoptr(GBytes) bytes = read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);
  g_autoptr(GBytes) edited = NULL;

  memcpy (data, g_bytes_get_data (old_file, NULL), CT_VAULT_DB_OFFSET);
  edited = g_bytes_new_take (data, len);
  write_file (path, edited);
}

static CtHeader *
read_header (const char *path)
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

/* No slot of the header at @path seals a key to @box_pk any more. */
static void
assert_nothing_sealed_to (const char   *path,
                          const guint8 *box_pk,
                          const guint8 *box_sk)
{
  g_autoptr(CtHeader) header = read_header (path);

  for (guint i = 0; i < header->slots->len; i++)
    {
      CtSlot *slot = &g_array_index (header->slots, CtSlot, i);
      guint8 key[CT_KEY_SIZE];

      g_assert_cmpint (crypto_box_seal_open (key, slot->sealed_key, CT_SEALED_KEY_SIZE, box_pk,
                                             box_sk), !=, 0);
      g_assert_cmpint (crypto_box_seal_open (key, slot->sealed_next_key, CT_SEALED_KEY_SIZE,
                                             box_pk, box_sk), !=, 0);
    }
}

static void
assert_opens_nothing (const char *path,
                      const char *login,
                      const char *pass)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CtCoreTestSession) session = ct_session_unlock (path, login, pass, &error);

  g_assert_null (session);
  g_assert_nonnull (error);
}

/* After a passphrase change, the old passphrase opens nothing with either
 * header copy: whichever copy the reader falls back to, and whatever key
 * the old seed held is sealed in neither. */
static void
test_passwd_rollback (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_file (f->path);
  g_autoptr(GBytes) after = NULL;
  guint8 old_pk[crypto_box_PUBLICKEYBYTES];
  guint8 old_sk[crypto_box_SECRETKEYBYTES];
  guint8 old_sign_pk[crypto_sign_PUBLICKEYBYTES];

  memcpy (old_pk, admin->identity->box_pk, sizeof old_pk);
  memcpy (old_sk, admin->identity->box_sk, sizeof old_sk);
  memcpy (old_sign_pk, admin->identity->sign_pk, sizeof old_sign_pk);
  g_assert_true (ct_session_change_passphrase (admin, PASS, "nieuwe blauwe fiets", &error));
  g_assert_no_error (error);

  /* New key pairs, also in the session that changed them. */
  g_assert_cmpint (memcmp (admin->identity->box_pk, old_pk, sizeof old_pk), !=, 0);
  g_assert_cmpint (memcmp (admin->identity->sign_pk, old_sign_pk, sizeof old_sign_pk), !=, 0);
  g_assert_cmpint (memcmp (admin->member->box_pk, admin->identity->box_pk, sizeof old_pk), ==, 0);
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  after = read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      write_file (f->path, after);
      damage_copy (f->path, 1 - copy);
      assert_nothing_sealed_to (f->path, old_pk, old_sk);
      assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
      ct_core_test_session_free (unlock (f->path, LOGIN, "nieuwe blauwe fiets"));
    }

  /* A header saved before the change, put back: the old slot opens, but
   * only to the K_db of before, which the database no longer takes. */
  write_file (f->path, after);
  restore_headers (f->path, before);
  assert_opens_nothing (f->path, LOGIN, PASS);

  write_file (f->path, after);
  admin = unlock (f->path, LOGIN, "nieuwe blauwe fiets");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
}

/* A crash between the database step of a passphrase change and its
 * header step: the team chain and the database name new keys that only
 * the lost header slot held. The chain never goes back to the old keys
 * (that would be the rollback it forbids), so the old passphrase is
 * refused with a message that says what to do; the recovery key resets
 * the passphrase, and nothing else is lost (docs/file-format.md). */
static void
test_passwd_crash_between_steps (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtIdentity) lost = ct_identity_new_random ();
  g_autoptr(GError) error = NULL;
  CtSession *session;

  /* Health holds values, so its key is kept, not replaced. */
  g_assert_true (ct_store_key_mark_used (admin->db, CT_CATEGORY_HEALTH,
                                         admin->cat_version[CT_CATEGORY_HEALTH], &error));
  g_assert_true (ct_store_begin (admin->db, &error));
  g_assert_true (_ct_session_record_member_keys (admin, admin->member->id, lost, &error));
  g_assert_true (ct_store_grants_drop_holder (admin->db, admin->member->id, &error));
  g_assert_true (ct_store_commit (admin->db, &error));
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);

  /* The old passphrase opens keys the chain has replaced: refused, and
   * the message sends the member to the recovery key. */
  session = ct_session_unlock (f->path, LOGIN, PASS, &error);
  g_assert_null (session);
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "recovery key"));
  g_clear_error (&error);

  recovery = ct_session_unlock_with_recovery_key (f->path, f->recovery, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_reset_passphrase (recovery, LOGIN, "nieuwe blauwe fiets", &error));
  g_assert_no_error (error);
  g_assert_true (ct_session_check (recovery, &error));
  g_assert_no_error (error);
  g_clear_pointer (&recovery, ct_core_test_session_free);

  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
  admin = unlock (f->path, LOGIN, "nieuwe blauwe fiets");
  g_assert_true (ct_session_check (admin, &error));
  g_assert_no_error (error);
  g_assert_true (admin->member->is_admin);
  g_assert_true (ct_session_can_read (admin, CT_CATEGORY_HEALTH));
}

/* A used enrolment code never enrols again: not with the newest copy
 * damaged, not with the header from before the enrolment put back. */
static void
test_enrol_rollback (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  code = ct_session_add_member (admin, "jgroen", "Jan Groen", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  before = read_file (f->path);

  g_assert_true (ct_vault_enrol (f->path, "jgroen", code, "groene appels", &error));
  g_assert_no_error (error);
  after = read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      write_file (f->path, after);
      damage_copy (f->path, copy);
      g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "aanvaller wint", &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_WRONG_CREDENTIALS);
      assert_unlock_fails (f->path, "jgroen", "aanvaller wint", CT_ERROR_WRONG_CREDENTIALS);
    }

  write_file (f->path, after);
  restore_headers (f->path, before);
  g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "aanvaller wint", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  write_file (f->path, after);
  assert_unlock_fails (f->path, "jgroen", "aanvaller wint", CT_ERROR_WRONG_CREDENTIALS);
  ct_core_test_session_free (unlock (f->path, "jgroen", "groene appels"));
  ct_core_test_session_free (unlock (f->path, LOGIN, PASS));
}

/* A reset with the recovery key revokes the old passphrase in both copies
 * too. */
static void
test_reset_rollback (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;

  recovery = ct_session_unlock_with_recovery_key (f->path, f->recovery, &error);
  g_assert_no_error (error);
  g_assert_true (ct_session_reset_passphrase (recovery, LOGIN, "nieuwe start", &error));
  g_assert_no_error (error);
  g_clear_pointer (&recovery, ct_core_test_session_free);
  after = read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      write_file (f->path, after);
      damage_copy (f->path, copy);
      assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
    }
  write_file (f->path, after);
  damage_copy (f->path, newest_copy (f->path));
  ct_core_test_session_free (unlock (f->path, LOGIN, "nieuwe start"));
}

static void
edit_raised_kdf (guint8 *copy)
{
  /* 16 passes over 1 GiB: within libsodium's SENSITIVE range, far above
   * what the product writes. */
  guint64 ops = GUINT64_TO_LE (16);
  guint64 mem = GUINT64_TO_LE (G_GUINT64_CONSTANT (1) << 30);

  memcpy (copy + 80 + 56, &ops, 8);
  memcpy (copy + 80 + 64, &mem, 8);
}

static void
edit_one_pass_more (guint8 *copy)
{
  guint64 ops = GUINT64_TO_LE (crypto_pwhash_OPSLIMIT_MODERATE + 1);

  memcpy (copy + 80 + 56, &ops, 8);
}

/* A slot over the bound is named as damaged at once, not run; `check`
 * names it when a member holding K_db raised another member's slot. */
static void
test_kdf_raised (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pristine = read_file (f->path);
  g_autoptr(CtCoreTestSession) admin = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GError) error = NULL;
  guint8 slot_id[CT_SLOT_ID_SIZE];
  CtSlot *slot;
  gint64 start;

  edit_headers (f->path, edit_raised_kdf);
  start = g_get_monotonic_time ();
  {
    g_autoptr(CtCoreTestSession) session = ct_session_unlock (f->path, LOGIN, PASS, &error);

    g_assert_null (session);
    g_assert_error (error, CT_ERROR, CT_ERROR_BAD_PARAMETERS);
    g_assert_nonnull (strstr (error->message, "damaged"));
    g_clear_error (&error);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  write_file (f->path, pristine);
  edit_headers (f->path, edit_one_pass_more);
  assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);

  write_file (f->path, pristine);
  admin = unlock (f->path, LOGIN, PASS);
  code = ct_session_add_member (admin, "jgroen", "Jan Groen", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  ct_header_slot_id (admin->header, "jgroen", slot_id);
  slot = ct_header_find_slot (admin->header, slot_id);
  slot->kdf.opslimit = 16;
  slot->kdf.memlimit = G_GUINT64_CONSTANT (1) << 30;
  g_assert_true (_ct_session_write_header (admin, &error));
  g_assert_false (ct_session_check (admin, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_BAD_PARAMETERS);
  g_assert_nonnull (strstr (error->message, "Keyslot 3"));
  g_clear_error (&error);
  g_clear_pointer (&admin, ct_core_test_session_free);

  start = g_get_monotonic_time ();
  assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_BAD_PARAMETERS);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  ct_core_test_session_free (unlock (f->path, LOGIN, PASS));
}

static gint64
time_wrong_unlock (const char *path,
                   const char *login)
{
  gint64 best = G_MAXINT64;

  for (guint i = 0; i < 2; i++)
    {
      gint64 start = g_get_monotonic_time ();

      assert_unlock_fails (path, login, "niet het goede", CT_ERROR_WRONG_CREDENTIALS);
      best = MIN (best, g_get_monotonic_time () - start);
    }
  return best;
}

/* The file's slots use a cost other than the product's default (here the
 * test cost, with the default back at MODERATE): an unknown login must
 * still cost what a known one costs. */
static void
test_unknown_login_cost (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CtHeader) header = read_header (f->path);
  CtKdfParams dummy;
  gint64 known, unknown;

  g_unsetenv ("CASUSTAFEL_TEST_KDF");
  ct_header_dummy_kdf (header, &dummy);
  g_assert_cmpuint (dummy.opslimit, ==, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  g_assert_cmpuint (dummy.memlimit, ==, crypto_pwhash_MEMLIMIT_INTERACTIVE);

  known = time_wrong_unlock (f->path, LOGIN);
  unknown = time_wrong_unlock (f->path, "onbekend");
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
  g_test_message ("known login %.2f s, unknown login %.2f s", known / 1e6, unknown / 1e6);
  g_assert_cmpint (unknown, <, 2 * known);
  g_assert_cmpint (known, <, 2 * unknown);
}

/* A control character is reported as one, naming the field, not as a
 * length. */
static void
test_control_character (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
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
  g_autoptr(CtCoreTestSession) admin = unlock (f->path, LOGIN, PASS);
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
  again = unlock (f->path, LOGIN, PASS);
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
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("CASUSTAFEL_TEST_KDF", "interactive", TRUE);
  if (!ct_init (&error))
    g_error ("%s", error->message);

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
  ADD ("tampered-header", test_tampered_header);
  ADD ("kdf-bounds", test_kdf_bounds);
  ADD ("refusals", test_refusals);
  ADD ("async-unlock", test_async_unlock);
  ADD ("access-log", test_access_log);
  ADD ("passwd-rollback", test_passwd_rollback);
  ADD ("passwd-crash-between-steps", test_passwd_crash_between_steps);
  ADD ("enrol-rollback", test_enrol_rollback);
  ADD ("reset-rollback", test_reset_rollback);
  ADD ("kdf-raised", test_kdf_raised);
  ADD ("unknown-login-cost", test_unknown_login_cost);
  ADD ("control-character", test_control_character);

  return g_test_run ();
}
