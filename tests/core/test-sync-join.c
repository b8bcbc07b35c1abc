/* test-sync-join.c — a new member joins the team from its sync folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ct-core.h"
#include "ct-core-test-util.h"
#include "ct-crypto.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-test-util.h"

#define PASS     CT_SYNC_TEST_PASS
#define NEW_PASS "nieuw wachtwoord"

static const CtCoreTestMember members[] = {
  { "regie", "Rosa Regie", CT_ROLE_REGISSEUR },
  { NULL }
};

typedef CtSyncTestTeam Fixture;

/* The only file in @dir whose name starts with @prefix. */
static char *
only_file (const char *dir,
           const char *prefix)
{
  g_autofree char *names = ct_sync_test_names_in (dir, prefix);

  g_assert_cmpstr (names, !=, "");
  g_assert_null (strchr (names, ' '));
  return g_build_filename (dir, names, NULL);
}

/* Flips one byte of @path at @offset (from the end when negative) and
 * returns the file's bytes as they were. */
static GBytes *
flip (const char *path,
      gssize      offset)
{
  g_autofree char *data = NULL;
  gsize len;
  GBytes *old;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  old = g_bytes_new (data, len);
  data[offset < 0 ? (gssize) len + offset : offset] ^= 0x20;
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return old;
}

static void
restore (const char *path,
         GBytes     *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  g_bytes_unref (bytes);
}

/* Nothing of a refused join is left beside the file it would have made. */
static void
assert_nothing_written (const char *dir,
                        const char *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_null (strstr (name, ".join-"));
}

static void
join_refused (Fixture    *f,
              const char *out,
              const char *login,
              const char *code,
              gint        code_expected,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ct_sync_join (f->folder, out, login, code, NEW_PASS, &error));
  g_assert_error (error, CT_ERROR, code_expected);
  g_test_message ("refused: %s", error->message);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  if (!g_str_has_suffix (out, "exists.casus"))
    assert_nothing_written (f->team.dir, out);
}

/* Sync on for @a, the beheerder's replica, in the team's folder; @a and
 * then @b, a replica too, synced once. */
static void
start_sync (Fixture   *f,
            CtSession *a,
            CtSession *b)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ct_session_sync_set_folder (a, f->folder, &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
}

/* Nora, a regisseur, added on @a: her enrolment code. */
static CtSecret *
add_nora (CtSession *a)
{
  g_autoptr(GError) error = NULL;
  CtSecret *code = ct_session_add_member (a, "nieuw", "Nora Nieuwkoop", CT_ROLE_REGISSEUR, FALSE,
                                          &error);

  g_assert_no_error (error);
  return code;
}

/* The beheerder adds a member on a replica with a sync folder: an
 * enrolment file travels, a snapshot that holds the member follows at the
 * next sync, and the member joins from the folder with the code alone.
 * Every refusal writes nothing; the joined replica syncs both ways. */
static void
test_join (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *n;
  g_autofree char *a_dir = NULL;
  g_autofree char *enrol = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *enrol_bytes = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "nieuw.casus", NULL);
  g_autofree char *second = g_build_filename (f->team.dir, "nog-een.casus", NULL);
  g_autofree char *exists = g_build_filename (f->team.dir, "exists.casus", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *value = NULL;
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(CtSecret) other_code = NULL;
  guint8 random_code[CT_ENROLMENT_SIZE];
  CtSyncState sa, sb, sn;
  gsize len;

  start_sync (f, a, b);

  code = add_nora (a);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  enrol = only_file (a_dir, "enrol-");
  g_assert_true (g_file_get_contents (enrol, &enrol_bytes, &len, NULL));
  /* Nothing a person could be recognised by, nor the code. */
  g_assert_false (ct_sync_test_holds (enrol_bytes, len, "nieuw"));
  g_assert_false (ct_sync_test_holds (enrol_bytes, len, "Nora"));
  g_assert_false (ct_sync_test_holds (enrol_bytes, len, code));
  g_assert_false (ct_sync_test_holds (enrol, strlen (enrol), "nieuw"));

  /* Before a snapshot holds the member, joining waits for one. */
  join_refused (f, out, "nieuw", code, CT_ERROR_NOT_FOUND, "snapshot");

  /* The sync that sends the member's statement writes a snapshot. */
  ct_sync_test_sync_quietly (a, f->folder);
  snapshot = only_file (a_dir, "snapshot-");
  /* A change after the snapshot, in a later change file of another replica. */
  ct_sync_test_sync_quietly (b, f->folder);
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Na de snapshot");
  ct_sync_test_sync_quietly (b, f->folder);

  /* Refusals, each writing nothing. */
  g_assert_true (g_file_set_contents (exists, "mine", -1, NULL));
  join_refused (f, exists, "nieuw", code, CT_ERROR_EXISTS, exists);
  g_assert_true (g_file_get_contents (exists, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "mine");
  join_refused (f, out, "nieuw", "ABCD-EFGH", CT_ERROR_INVALID_FIELD, "Enrolment code");
  randombytes_buf (random_code, sizeof random_code);
  other_code = ct_code_format (random_code, sizeof random_code);
  join_refused (f, out, "nieuw", other_code, CT_ERROR_NOT_FOUND, "no enrolment");
  join_refused (f, out, "niemand", code, CT_ERROR_NOT_FOUND, "no enrolment");
  {
    GBytes *old = flip (enrol, -20);

    join_refused (f, out, "nieuw", code, CT_ERROR_TAMPERED, enrol);
    restore (enrol, old);
    old = flip (enrol, 30);  /* the member id in the clear, bound as associated data */
    join_refused (f, out, "nieuw", code, CT_ERROR_TAMPERED, enrol);
    restore (enrol, old);
    old = flip (snapshot, 2000);
    join_refused (f, out, "nieuw", code, CT_ERROR_TAMPERED, snapshot);
    restore (snapshot, old);
    old = flip (snapshot, -3);  /* the signature */
    join_refused (f, out, "nieuw", code, CT_ERROR_TAMPERED, "signature");
    restore (snapshot, old);
  }

  /* The join itself. */
  g_assert_true (ct_sync_join (f->folder, out, "nieuw", code, NEW_PASS, &error));
  g_assert_no_error (error);
  assert_nothing_written (f->team.dir, second);
  /* The code opened the enrolment only: the file opens with the new
   * passphrase alone. */
  g_assert_null (ct_session_unlock (out, "nieuw", code, &error));
  g_assert_error (error, CT_ERROR, CT_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);
  n = ct_core_test_unlock (out, "nieuw", NEW_PASS);
  g_assert_cmpstr (ct_session_get_display_name (n), ==, "Nora Nieuwkoop");
  g_assert_true (ct_session_sync_is_enabled (n));
  /* The snapshot plus the later change file. */
  value = ct_sync_test_get_field (n, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Na de snapshot");
  g_clear_pointer (&value, g_free);
  /* A device of its own, and the folder kept. */
  sa = ct_sync_test_state_of (a), sb = ct_sync_test_state_of (b), sn = ct_sync_test_state_of (n);
  g_assert_true (memcmp (sn.device, sa.device, CT_SYNC_DEVICE_SIZE) != 0);
  g_assert_true (memcmp (sn.device, sb.device, CT_SYNC_DEVICE_SIZE) != 0);
  value = ct_session_sync_get_folder (n, &error);
  g_assert_cmpstr (value, ==, f->folder);
  g_clear_pointer (&value, g_free);
  /* Its log is its own and whole: it starts at the join. */
  g_assert_true (ct_session_check (n, &error));
  g_assert_no_error (error);

  /* The code was used: a second join with it is refused and writes
   * nothing, also while its enrolment file is still in the folder. */
  {
    g_autoptr(GError) again = NULL;

    g_assert_false (ct_sync_join (f->folder, second, "nieuw", code, NEW_PASS, &again));
    g_assert_nonnull (again);
    g_test_message ("second join: %s", again->message);
    assert_nothing_written (f->team.dir, second);
  }

  /* Both ways: the new member's edit reaches the beheerder, and back. */
  ct_sync_test_set_field (n, "cases", f->kase, "summary", "Van Nora");
  ct_sync_test_sync_quietly (n, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  value = ct_sync_test_get_field (a, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Van Nora");
  g_clear_pointer (&value, g_free);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Van Hendrik");
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (n, f->folder);
  value = ct_sync_test_get_field (n, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Van Hendrik");
  g_clear_pointer (&value, g_free);
  /* The beheerder's replica removed the used enrolment file. */
  g_free (enrol_bytes);
  enrol_bytes = ct_sync_test_names_in (a_dir, "enrol-");
  g_assert_cmpstr (enrol_bytes, ==, "");
  join_refused (f, second, "nieuw", code, CT_ERROR_NOT_FOUND, "no enrolment");

  ct_core_test_session_free (n);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* A member removed after they were added cannot join, even from an old
 * copy of their enrolment file that a sync engine kept. */
static void
test_removed (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  g_autofree char *a_dir = NULL;
  g_autofree char *enrol = NULL;
  g_autofree char *names = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "weg.casus", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (ct_session_sync_set_folder (a, f->folder, &error));
  g_assert_no_error (error);
  code = ct_session_add_member (a, "weg", "Willem Weg", CT_ROLE_POLITIE, FALSE, &error);
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->folder);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  enrol = only_file (a_dir, "enrol-");
  g_assert_true (g_file_get_contents (enrol, &bytes, &len, NULL));

  g_assert_true (ct_session_remove_member (a, "weg", &error));
  g_assert_no_error (error);
  ct_sync_test_sync_quietly (a, f->folder);
  /* The removal's sync takes the enrolment file away ... */
  names = ct_sync_test_names_in (a_dir, "enrol-");
  g_assert_cmpstr (names, ==, "");
  join_refused (f, out, "weg", code, CT_ERROR_NOT_FOUND, "no enrolment");
  /* ... and an old copy of it does not let the member in. */
  g_assert_true (g_file_set_contents (enrol, bytes, (gssize) len, NULL));
  join_refused (f, out, "weg", code, CT_ERROR_RESTRICTED, "removed");
  /* A join refused after its file was unlocked leaves no record on this
   * device that would refuse the next attempt. */
  {
    const CtChainMember *weg = ct_sync_test_member (a, "weg");
    g_autofree char *team = ct_sync_test_hex (a->header->team_id, CT_TEAM_ID_SIZE);
    g_autofree char *uid = NULL;
    g_autofree char *name = NULL;
    g_autofree char *anchor = NULL;

    g_assert_nonnull (weg);
    g_assert_true (weg->removed);
    uid = ct_sync_test_hex (weg->uid, CT_MEMBER_ID_SIZE);
    name = g_strconcat (uid, ".anchor", NULL);
    anchor = g_build_filename (g_get_user_state_dir (), "casustafel", team, name, NULL);
    g_assert_false (g_file_test (anchor, G_FILE_TEST_EXISTS));
  }
  ct_core_test_session_free (a);
}

/* Whether @len bytes at @data hold the @n bytes at @needle. */
static gboolean
holds_bytes (const char   *data,
             gsize         len,
             const guint8 *needle,
             gsize         n)
{
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The grants of the key file @path (docs/sync-join.md, "Joining after a
 * removal"): the sealed keys, each CT_SYNC_GRANT_SIZE bytes. */
static GPtrArray *
key_file_grants (const char *path,
                 char      **bytes,
                 gsize      *len)
{
  GPtrArray *grants = g_ptr_array_new ();
  gsize header = 8 + CT_TEAM_ID_SIZE + CT_MEMBER_ID_SIZE + crypto_sign_PUBLICKEYBYTES;
  guint32 count;

  g_assert_true (g_file_get_contents (path, bytes, len, NULL));
  g_assert_cmpmem (*bytes, 8, "CTENKY01", 8);
  count = (guint32) (guint8) (*bytes)[header] | (guint32) (guint8) (*bytes)[header + 1] << 8;
  g_assert_cmpuint (*len, ==, header + 4 + count * (4 + CT_SYNC_GRANT_SIZE));
  for (guint32 i = 0; i < count; i++)
    g_ptr_array_add (grants, *bytes + header + 4 + i * (4 + CT_SYNC_GRANT_SIZE) + 4);
  return grants;
}

/* On @a, with @b a replica too: the folder chosen, Nora added and both
 * synced (no key file yet, one sync key version), then Rosa removed,
 * which rotates the sync key; not synced since. Returns Nora's code. */
static CtSecret *
add_then_remove (Fixture   *f,
                 CtSession *a,
                 CtSession *b)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_dir = NULL;
  g_autofree char *keys = NULL;
  CtSecret *code;

  start_sync (f, a, b);
  code = add_nora (a);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  keys = ct_sync_test_names_in (a_dir, "enrol-");
  g_assert_null (strstr (keys, ".ctkeys"));
  g_assert_true (ct_session_remove_member (a, "regie", &error));
  g_assert_no_error (error);
  return code;
}

/* The key file beside the only enrolment file in @dir, of version 2. */
static char *
key_file_in (const char *dir)
{
  g_autofree char *names = ct_sync_test_names_in (dir, "enrol-");
  g_auto(GStrv) parts = g_strsplit (names, " ", -1);
  char *keys = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_has_suffix (parts[i], ".ctkeys"))
      keys = g_build_filename (dir, parts[i], NULL);
  g_assert_nonnull (keys);
  g_assert_true (g_str_has_suffix (keys, "-000000000002.ctkeys"));
  return keys;
}

/* Nora joins into @out and holds sync key 2; her session. */
static CtSession *
join_with_new_key (Fixture    *f,
                   const char *out,
                   const char *code)
{
  g_autoptr(GError) error = NULL;
  CtSession *n;
  guint8 *new_key;

  g_assert_true (ct_sync_join (f->folder, out, "nieuw", code, NEW_PASS, &error));
  g_assert_no_error (error);
  n = ct_core_test_unlock (out, "nieuw", NEW_PASS);
  g_assert_cmpuint (ct_sync_test_state_of (n).key_version, ==, 2);
  new_key = _ct_session_sync_open_key (n, 2);
  g_assert_nonnull (new_key);
  ct_secure_free (new_key);
  g_assert_true (ct_session_check (n, &error));
  g_assert_no_error (error);
  return n;
}

/* A member is added, then another member is removed before the new one
 * joins: the newest snapshot is sealed under the sync key the removal
 * made, which the enrolment file does not hold. The beheerder's replica
 * writes the later keys beside the enrolment file, sealed to the new
 * member's enrolment key only; the removed member's keys open none of
 * them; the new member joins. Without the key file the join says what
 * the beheerder must do. */
static void
test_after_removal (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *n;
  g_autofree char *a_dir = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *snap_bytes = NULL;
  g_autofree char *key_bytes = NULL;
  g_autofree char *value = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "nieuw.casus", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) old_keys = NULL;
  CtSyncFile peeked = { 0 };
  guint8 *new_key;
  guint64 number;
  gsize len, snap_len;

  /* Rosa is removed (no key file before); the sync key rotates; a later
   * edit, and a snapshot sealed under the new key. */
  code = add_then_remove (f, a, b);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_set_field (a, "cases", f->kase, "summary", "Na het vertrek");
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_true (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_no_error (error);
  snapshot = only_file (a_dir, "snapshot-");
  g_assert_true (g_file_get_contents (snapshot, &snap_bytes, &snap_len, NULL));
  g_assert_true (_ct_sync_snapshot_peek ((const guint8 *) snap_bytes, snap_len, &peeked, NULL));
  g_assert_cmpuint (peeked.key_version, ==, 2);

  /* The key file beside the enrolment file. */
  keys = key_file_in (a_dir);
  grants = key_file_grants (keys, &key_bytes, &len);
  g_assert_cmpuint (grants->len, >=, 1);
  /* Neither the new key in the clear, nor a login or name. */
  new_key = _ct_session_sync_open_key (a, 2);
  g_assert_nonnull (new_key);
  g_assert_false (holds_bytes (key_bytes, len, new_key, CT_SYNC_KEY_SIZE));
  g_assert_false (ct_sync_test_holds (key_bytes, len, "nieuw"));
  g_assert_false (ct_sync_test_holds (key_bytes, len, "Nora"));
  /* The removed member holds no grant of the new key, and every key of
   * their file opens neither a grant of the key file nor the snapshot. */
  g_assert_null (_ct_session_sync_open_keys (b, 2));
  for (guint i = 0; i < grants->len; i++)
    {
      guint8 opened[CT_SYNC_KEY_SIZE];

      g_assert_cmpint (crypto_box_seal_open (opened, g_ptr_array_index (grants, i),
                                             CT_SYNC_GRANT_SIZE, b->identity->box_pk,
                                             b->identity->box_sk), !=, 0);
      g_assert_cmpint (crypto_box_seal_open (opened, g_ptr_array_index (grants, i),
                                             CT_SYNC_GRANT_SIZE, a->identity->box_pk,
                                             a->identity->box_sk), !=, 0);
    }
  old_keys = _ct_session_sync_open_keys (b, 1);
  g_assert_nonnull (old_keys);
  for (guint i = 0; i < old_keys->len; i++)
    {
      CtSyncFile file = { 0 };
      g_autoptr(GError) refused = NULL;

      g_assert_false (holds_bytes (key_bytes, len, g_ptr_array_index (old_keys, i),
                                  CT_SYNC_KEY_SIZE));
      g_assert_false (_ct_sync_file_open_payload ((const guint8 *) snap_bytes, snap_len,
                                                  g_ptr_array_index (old_keys, i), &file,
                                                  &refused));
      _ct_sync_file_clear (&file);
    }
  ct_secure_free (new_key);

  /* Without the key file, the join says what the beheerder must do. */
  moved = g_strconcat (f->team.dir, "/keys-aside", NULL);
  g_assert_cmpint (g_rename (keys, moved), ==, 0);
  join_refused (f, out, "nieuw", code, CT_ERROR_RESTRICTED, "sync key changed");
  /* A planted key file of junk gives no key either. */
  g_assert_true (g_file_set_contents (keys, "CTENKY01 junk", -1, NULL));
  join_refused (f, out, "nieuw", code, CT_ERROR_RESTRICTED, "add you again");
  g_assert_cmpint (g_rename (moved, keys), ==, 0);

  /* With it, the member joins and holds the new key. */
  n = join_with_new_key (f, out, code);
  value = ct_sync_test_get_field (n, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Na het vertrek");
  /* Once the member chose their keys, the beheerder's sync removes the
   * enrolment file and its key file. */
  ct_sync_test_sync_quietly (a, f->folder);
  g_clear_pointer (&keys, g_free);
  keys = ct_sync_test_names_in (a_dir, "enrol-");
  g_assert_cmpstr (keys, ==, "");

  _ct_sync_file_clear (&peeked);
  ct_core_test_session_free (n);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

typedef struct
{
  const char *dir;
  const char *aside;
} FolderGone;

/* While the worker waits: no key file yet; then the folder goes. */
static void
no_key_file_then_gone (gpointer session,
                       gpointer data)
{
  FolderGone *gone = data;
  g_autofree char *names = ct_sync_test_names_in (gone->dir, "enrol-");

  g_assert_null (strstr (names, ".ctkeys"));
  g_assert_cmpint (g_rename (gone->dir, gone->aside), ==, 0);
}

/* The key file after a removal is sealed in the session's thread and
 * written by the snapshot job's worker: while the worker waits, the
 * session's thread has written no key file; when the replica's folder is
 * gone by the time the worker writes, nothing is left, neither the file,
 * a temporary one nor the folder made again; with the folder back the
 * next sync writes it whole, and the new member joins with it. */
static void
test_key_file_worker (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *n;
  g_autofree char *a_dir = NULL;
  g_autofree char *aside = g_build_filename (f->team.dir, "a-aside", NULL);
  g_autofree char *names = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *key_bytes = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "nieuw.casus", NULL);
  g_autoptr(CtSecret) code = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  FolderGone gone;
  guint64 number;
  gsize len;

  code = add_then_remove (f, a, b);
  a_dir = ct_sync_test_device_dir (a, f->folder);

  /* The sync after the removal: its worker waits with no key file
   * written; the folder goes away before the worker writes. */
  gone.dir = a_dir;
  gone.aside = aside;
  ct_sync_test_sync_held (a, f->folder, no_key_file_then_gone, &gone, &error);
  g_clear_error (&error);
  g_assert_false (g_file_test (a_dir, G_FILE_TEST_EXISTS));
  names = ct_sync_test_names_in (aside, "enrol-");
  g_assert_null (strstr (names, ".ctkeys"));
  g_clear_pointer (&names, g_free);
  names = ct_sync_test_names_in (aside, ".tmp");
  g_assert_cmpstr (names, ==, "");

  /* The folder is back: the next sync writes the key file, whole. */
  g_assert_cmpint (g_rename (aside, a_dir), ==, 0);
  ct_sync_test_sync_quietly (a, f->folder);
  g_assert_true (ct_session_sync_snapshot (a, f->folder, &number, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_free);
  names = ct_sync_test_names_in (a_dir, ".tmp");
  g_assert_cmpstr (names, ==, "");
  keys = key_file_in (a_dir);
  grants = key_file_grants (keys, &key_bytes, &len);
  g_assert_cmpuint (grants->len, >=, 2);

  /* The member joins with it, under the new key. */
  n = join_with_new_key (f, out, code);

  ct_core_test_session_free (n);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* The key file of a waiting enrolment, once in the folder, is neither
 * sealed nor written again at later syncs: the same file (inode, time and
 * bytes), and no key file sealed meanwhile. */
static void
test_key_file_kept (Fixture      *f,
                    gconstpointer data)
{
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  g_autofree char *a_dir = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *before = NULL;
  g_autoptr(CtSecret) code = NULL;
  GStatBuf first, now;
  guint sealed;
  gsize len;

  code = add_then_remove (f, a, b);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  keys = key_file_in (a_dir);
  g_assert_cmpint (g_stat (keys, &first), ==, 0);
  g_assert_true (g_file_get_contents (keys, &before, &len, NULL));
  sealed = _ct_sync_enrol_keys_sealed ();

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *after = NULL;
      g_autofree char *again = NULL;
      gsize after_len;

      ct_sync_test_set_field (a, "cases", f->kase, "summary", i == 0 ? "Een" : "Twee");
      ct_sync_test_sync_quietly (a, f->folder);
      again = key_file_in (a_dir);
      g_assert_cmpstr (again, ==, keys);
      g_assert_cmpint (g_stat (keys, &now), ==, 0);
      g_assert_cmpuint (now.st_ino, ==, first.st_ino);
      g_assert_cmpint (now.st_mtime, ==, first.st_mtime);
      g_assert_true (g_file_get_contents (keys, &after, &after_len, NULL));
      g_assert_cmpmem (after, after_len, before, len);
      g_assert_cmpuint (_ct_sync_enrol_keys_sealed (), ==, sealed);
    }

  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* While the worker waits: the used enrolment file and its key file are
 * still there. */
static void
enrolment_still_there (gpointer session,
                       gpointer data)
{
  g_autofree char *names = ct_sync_test_names_in (data, "enrol-");
  g_auto(GStrv) parts = g_strsplit (names, " ", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
}

/* Once the new member joined, the beheerder's sync removes the used
 * enrolment file and its key file in the snapshot job's worker, not in
 * the session's thread: while that worker waits both are there; after
 * it, neither. */
static void
test_used_removed_by_worker (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *n;
  g_autofree char *a_dir = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *names = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "nieuw.casus", NULL);
  g_autoptr(CtSecret) code = NULL;

  code = add_then_remove (f, a, b);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  ct_sync_test_sync_quietly (a, f->folder);
  keys = key_file_in (a_dir);
  n = join_with_new_key (f, out, code);

  g_assert_true (ct_sync_test_sync_held (a, f->folder, enrolment_still_there, a_dir, &error));
  g_assert_no_error (error);
  names = ct_sync_test_names_in (a_dir, "enrol-");
  g_assert_cmpstr (names, ==, "");

  ct_core_test_session_free (n);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

/* Compaction removed a replica's change files that no snapshot holding
 * the new member covers: the join is refused naming that replica's
 * folder, instead of leaving files that wait for ever; a newer snapshot
 * lets it through. */
static void
test_compacted (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CtSession *a = ct_sync_test_replica (f, "beheer");
  CtSession *b = ct_sync_test_replica (f, "regie");
  CtSession *n;
  g_autofree char *a_dir = NULL;
  g_autofree char *b_dir = NULL;
  g_autofree char *aside = g_build_filename (f->team.dir, "a-aside", NULL);
  g_autofree char *names = NULL;
  g_autofree char *value = NULL;
  g_autofree char *out = g_build_filename (f->team.dir, "nieuw.casus", NULL);
  g_autoptr(CtSecret) code = NULL;
  guint64 number;

  start_sync (f, a, b);
  a_dir = ct_sync_test_device_dir (a, f->folder);
  b_dir = ct_sync_test_device_dir (b, f->folder);

  /* The beheerder adds Nora; the sync writes a snapshot that holds her,
   * before any file of Rosa's is there. */
  code = add_nora (a);
  ct_sync_test_sync_quietly (a, f->folder);
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  g_assert_cmpstr (names, !=, "");
  g_clear_pointer (&names, g_free);
  /* Rosa edits and writes a snapshot of her own while the beheerder's
   * files have not reached her laptop yet (so it does not hold Nora). */
  g_assert_cmpint (g_rename (a_dir, aside), ==, 0);
  ct_sync_test_set_field (b, "cases", f->kase, "summary", "Van Rosa");
  ct_sync_test_sync_quietly (b, f->folder);
  g_assert_true (ct_session_sync_snapshot (b, f->folder, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (aside, a_dir), ==, 0);
  /* Both apply each other's files; Rosa's compaction removes her file. */
  ct_sync_test_sync_quietly (a, f->folder);
  ct_sync_test_sync_quietly (b, f->folder);
  names = ct_sync_test_names_in (b_dir, "0");
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&names, g_free);

  /* The only snapshot that holds Nora does not reach Rosa's removed file. */
  {
    g_autofree char *b_name = g_path_get_basename (b_dir);

    join_refused (f, out, "nieuw", code, CT_ERROR_NOT_FOUND, b_name);
  }
  join_refused (f, out, "nieuw", code, CT_ERROR_NOT_FOUND, "000000000001.ctchange");

  /* The beheerder syncs once more after a change: the newer snapshot
   * reaches it, and Nora joins with Rosa's edit. */
  names = ct_sync_test_names_in (a_dir, "snapshot-");
  ct_sync_test_set_field (a, "households", f->household, "area", "Noord");
  ct_sync_test_sync_quietly (a, f->folder);
  {
    g_autofree char *now = ct_sync_test_names_in (a_dir, "snapshot-");

    g_assert_cmpstr (now, !=, names);
  }
  g_assert_true (ct_sync_join (f->folder, out, "nieuw", code, NEW_PASS, &error));
  g_assert_no_error (error);
  n = ct_core_test_unlock (out, "nieuw", NEW_PASS);
  value = ct_sync_test_get_field (n, "cases", f->kase, "summary");
  g_assert_cmpstr (value, ==, "Van Rosa");
  g_clear_pointer (&value, g_free);
  value = ct_sync_test_get_field (n, "households", f->household, "area");
  g_assert_cmpstr (value, ==, "Noord");
  g_assert_true (ct_session_check (n, &error));
  g_assert_no_error (error);

  ct_core_test_session_free (n);
  ct_core_test_session_free (a);
  ct_core_test_session_free (b);
}

int
main (int   argc,
      char *argv[])
{
  ct_core_test_init (&argc, &argv);

  CT_SYNC_TEST_ADD ("/sync-join/join", members, test_join);
  CT_SYNC_TEST_ADD ("/sync-join/removed", members, test_removed);
  CT_SYNC_TEST_ADD ("/sync-join/after-removal", members, test_after_removal);
  CT_SYNC_TEST_ADD ("/sync-join/key-file-worker", members, test_key_file_worker);
  CT_SYNC_TEST_ADD ("/sync-join/key-file-kept", members, test_key_file_kept);
  CT_SYNC_TEST_ADD ("/sync-join/used-removed-by-worker", members, test_used_removed_by_worker);
  CT_SYNC_TEST_ADD ("/sync-join/compacted", members, test_compacted);
  return g_test_run ();
}
