/* test-vault-damage.c — a damaged team file, an interrupted change
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Header copies edited byte by byte (a weak or huge KDF, a version, the
 * reserved bytes) are refused; a passphrase change, an enrolment or a
 * reset cut off half-way rolls back to a file that opens as before; a
 * raised KDF cost takes effect at the next change (see test-vault.c for
 * creating, unlocking, members and recovery). */

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
#include "ct-vault-test.h"

/* Rewrites both header copies with @edit applied and their checksums made
 * valid again: a change made outside the app by someone who knows the
 * format but not K_db. */
static void
edit_headers (const char *path,
              void      (*edit) (guint8 *copy))
{
  g_autoptr(GBytes) bytes = ct_core_test_read_file (path);
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
  ct_core_test_write_file (path, edited);
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
  before = ct_core_test_read_file (f->path);
  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_TAMPERED);
  after = ct_core_test_read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_kdf_bounds (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pristine = ct_core_test_read_file (f->path);
  gint64 start;

  edit_headers (f->path, edit_weak_kdf);
  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);

  /* A terabyte of memory is refused before any derivation: at once. */
  ct_core_test_write_file (f->path, pristine);
  edit_headers (f->path, edit_huge_memory);
  start = g_get_monotonic_time ();
  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) pristine = ct_core_test_read_file (f->path);
  g_autofree char *other = g_build_filename (f->dir, "notes.casus", NULL);
  gsize len;
  const guint8 *bytes = g_bytes_get_data (pristine, &len);
  g_autofree guint8 *garbage = g_malloc (len);

  /* Not ours: empty, text, random. */
  g_assert_true (g_file_set_contents (other, "", 0, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);
  g_assert_true (g_file_set_contents (other, "Agenda dinsdag\n", -1, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);
  randombytes_buf (garbage, len);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_NOT_TEAM_FILE);

  /* Truncated: by a byte, a page, down to the headers. */
  g_assert_true (g_file_set_contents (other, (const char *) bytes, len - 1, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_TRUNCATED);
  g_assert_true (g_file_set_contents (other, (const char *) bytes, 40000, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_TRUNCATED);

  /* Both header copies unreadable. */
  memcpy (garbage, bytes, len);
  memset (garbage + 100, 0xA5, 50);
  memset (garbage + CT_VAULT_HEADER_SIZE + 100, 0x5A, 50);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_HEADER_DAMAGED);

  /* One copy unreadable: the other opens the file. */
  memcpy (garbage, bytes, len);
  memset (garbage + 100, 0xA5, 50);
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  ct_core_test_session_free (ct_core_test_unlock (other, LOGIN, PASS));

  /* A newer format. */
  edit_headers (f->path, edit_version);
  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_NEWER_VERSION);

  /* Database page 1 damaged. */
  memcpy (garbage, bytes, len);
  garbage[CT_VAULT_DB_OFFSET + 200] ^= 0x40;
  g_assert_true (g_file_set_contents (other, (char *) garbage, len, NULL));
  ct_core_test_assert_unlock_fails (other, LOGIN, PASS, CT_ERROR_DATABASE_DAMAGED);
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
  g_autoptr(GBytes) bytes = ct_core_test_read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);
  g_autoptr(GBytes) edited = NULL;

  data[copy * CT_VAULT_HEADER_SIZE + 100] ^= 0xFF;
  edited = g_bytes_new_take (data, len);
  ct_core_test_write_file (path, edited);
}

static guint
newest_copy (const char *path)
{
  g_autoptr(GBytes) bytes = ct_core_test_read_file (path);
  const guint8 *data = g_bytes_get_data (bytes, NULL);

  return copy_generation (data, 0) > copy_generation (data, 1) ? 0 : 1;
}

/* Puts the header region of @old_file (both copies) in front of the
 * database of @path: a rollback to a header saved earlier. */
static void
restore_headers (const char *path,
                 GBytes     *old_file)
{
  g_autoptr(GBytes) bytes = ct_core_test_read_file (path);
  gsize len;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &len);
  g_autoptr(GBytes) edited = NULL;

  memcpy (data, g_bytes_get_data (old_file, NULL), CT_VAULT_DB_OFFSET);
  edited = g_bytes_new_take (data, len);
  ct_core_test_write_file (path, edited);
}

/* No slot of the header at @path seals a key to @box_pk any more. */
static void
assert_nothing_sealed_to (const char   *path,
                          const guint8 *box_pk,
                          const guint8 *box_sk)
{
  g_autoptr(CtHeader) header = ct_core_test_read_header (path);

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
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = ct_core_test_read_file (f->path);
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
  after = ct_core_test_read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      ct_core_test_write_file (f->path, after);
      damage_copy (f->path, 1 - copy);
      assert_nothing_sealed_to (f->path, old_pk, old_sk);
      ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
      ct_core_test_session_free (ct_core_test_unlock (f->path, LOGIN, "nieuwe blauwe fiets"));
    }

  /* A header saved before the change, put back: the old slot opens, but
   * only to the K_db of before, which the database no longer takes. */
  ct_core_test_write_file (f->path, after);
  restore_headers (f->path, before);
  assert_opens_nothing (f->path, LOGIN, PASS);

  ct_core_test_write_file (f->path, after);
  admin = ct_core_test_unlock (f->path, LOGIN, "nieuwe blauwe fiets");
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
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(CtCoreTestSession) recovery = NULL;
  g_autoptr(CtIdentity) lost = ct_identity_new_random ();
  g_autoptr(GError) error = NULL;
  CtSession *session;

  /* Health holds values, so its key is kept, not replaced. */
  g_assert_true (ct_store_key_mark_used (admin->db, CT_CATEGORY_HEALTH,
                                         admin->cat_version[CT_CATEGORY_HEALTH],
                                         admin->cat_made_by[CT_CATEGORY_HEALTH], &error));
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

  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
  admin = ct_core_test_unlock (f->path, LOGIN, "nieuwe blauwe fiets");
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
  g_autoptr(CtCoreTestSession) admin = ct_core_test_unlock (f->path, LOGIN, PASS);
  g_autoptr(GError) error = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  code = ct_session_add_member (admin, "jgroen", "Jan Groen", CT_ROLE_GGZ, FALSE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&admin, ct_core_test_session_free);
  before = ct_core_test_read_file (f->path);

  g_assert_true (ct_vault_enrol (f->path, "jgroen", code, "groene appels", &error));
  g_assert_no_error (error);
  after = ct_core_test_read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      ct_core_test_write_file (f->path, after);
      damage_copy (f->path, copy);
      g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "aanvaller wint", &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      ct_core_test_assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_WRONG_CREDENTIALS);
      ct_core_test_assert_unlock_fails (f->path, "jgroen", "aanvaller wint",
                                        CT_ERROR_WRONG_CREDENTIALS);
    }

  ct_core_test_write_file (f->path, after);
  restore_headers (f->path, before);
  g_assert_false (ct_vault_enrol (f->path, "jgroen", code, "aanvaller wint", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  ct_core_test_write_file (f->path, after);
  ct_core_test_assert_unlock_fails (f->path, "jgroen", "aanvaller wint",
                                    CT_ERROR_WRONG_CREDENTIALS);
  ct_core_test_session_free (ct_core_test_unlock (f->path, "jgroen", "groene appels"));
  ct_core_test_session_free (ct_core_test_unlock (f->path, LOGIN, PASS));
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
  after = ct_core_test_read_file (f->path);

  for (guint copy = 0; copy < 2; copy++)
    {
      ct_core_test_write_file (f->path, after);
      damage_copy (f->path, copy);
      ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_WRONG_CREDENTIALS);
    }
  ct_core_test_write_file (f->path, after);
  damage_copy (f->path, newest_copy (f->path));
  ct_core_test_session_free (ct_core_test_unlock (f->path, LOGIN, "nieuwe start"));
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
  g_autoptr(GBytes) pristine = ct_core_test_read_file (f->path);
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

  ct_core_test_write_file (f->path, pristine);
  edit_headers (f->path, edit_one_pass_more);
  ct_core_test_assert_unlock_fails (f->path, LOGIN, PASS, CT_ERROR_BAD_PARAMETERS);

  ct_core_test_write_file (f->path, pristine);
  admin = ct_core_test_unlock (f->path, LOGIN, PASS);
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
  ct_core_test_assert_unlock_fails (f->path, "jgroen", code, CT_ERROR_BAD_PARAMETERS);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  ct_core_test_session_free (ct_core_test_unlock (f->path, LOGIN, PASS));
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/vault/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("tampered-header", test_tampered_header);
  ADD ("kdf-bounds", test_kdf_bounds);
  ADD ("refusals", test_refusals);
  ADD ("passwd-rollback", test_passwd_rollback);
  ADD ("passwd-crash-between-steps", test_passwd_crash_between_steps);
  ADD ("enrol-rollback", test_enrol_rollback);
  ADD ("reset-rollback", test_reset_rollback);
  ADD ("kdf-raised", test_kdf_raised);

  return g_test_run ();
}
