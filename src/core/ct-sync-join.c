/* ct-sync-join.c — joining a team from its sync folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A new member cannot open a snapshot or a change file before they hold
 * the sync key, and the key reaches them sealed to their box key inside a
 * change file. So when a beheerder adds a member on a replica with a sync
 * folder, an enrolment file travels beside that replica's change files:
 * written once (temporary name, fsync, rename) by that replica only, named
 * by a hash keyed with the enrolment code, and sealed under a key Argon2id
 * derives from the code. It holds the new member's enrolment seed, the
 * sync key sealed to their box key, and where their statement is in the
 * team chain with the chain's hash there: nothing a person could be
 * recognised by. Joining opens it with the code, builds a team file from
 * the newest snapshot whose chain holds that statement (checked against
 * the hash, so a forged chain cannot take its place), unlocks it as any
 * team file is unlocked, becomes a replica of its own, applies the later
 * change files and only then sets the member's own passphrase (a key
 * rotation, as an enrolment is), so that the new keys' statement comes
 * after everything the folder held. The rules are in docs/sync.md. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-slot-private.h"
#include "ct-store-sync.h"
#include "ct-sync-join.h"
#include "ct-sync-private.h"
#include "ct-vfs.h"

#define ENROL_MAGIC     "CTENRL01"
#define ENROL_PREFIX    "enrol-"
#define ENROL_SUFFIX    ".ctenrol"
#define ENROL_NAME_SIZE 16
#define TEAM_PREFIX     "casustafel-"
/* Enough of a snapshot to read its clear header. */
#define SNAPSHOT_PEEK_SIZE (CT_SYNC_HEADER_SIZE + 8 + CT_TAG_SIZE + CT_SYNC_SIG_SIZE)
/* magic, team id, member uid, enrolment signing key, chain position,
 * opslimit, memlimit, salt, nonce */
#define ENROL_HEADER_SIZE (8 + CT_TEAM_ID_SIZE + CT_MEMBER_ID_SIZE + crypto_sign_PUBLICKEYBYTES \
                           + 8 + 8 + 8 + CT_SALT_SIZE + CT_NONCE_SIZE)
/* seed, key version, sealed sync key, chain hash, login length, login */
#define ENROL_PLAIN_MIN (CT_SEED_SIZE + 4 + CT_SYNC_GRANT_SIZE + CT_CHAIN_HASH_SIZE + 1)

struct _CtSyncEnrolKey
{
  CtKdfParams kdf;
  guint8      salt[CT_SALT_SIZE];
  guint8     *kek;     /* sodium_malloc(); NULL until derived */
  char       *folder;
};

/* What an enrolment file holds, opened. */
typedef struct
{
  guint8   team_id[CT_TEAM_ID_SIZE];
  guint8   member_uid[CT_MEMBER_ID_SIZE];
  guint8   sign_pk[crypto_sign_PUBLICKEYBYTES];
  guint64  position;
  CtKdfParams kdf;
  guint8   salt[CT_SALT_SIZE];
  guint8  *kek;        /* sodium_malloc() */
  guint8  *seed;       /* sodium_malloc() */
  guint8  *sync_key;   /* sodium_malloc() */
  guint32  key_version;
  guint8   chain_hash[CT_CHAIN_HASH_SIZE];
  char    *login;
  char    *path;
} Enrolment;

static void
enrolment_clear (Enrolment *e)
{
  g_clear_pointer (&e->kek, ct_secure_free);
  g_clear_pointer (&e->seed, ct_secure_free);
  g_clear_pointer (&e->sync_key, ct_secure_free);
  g_clear_pointer (&e->login, g_free);
  g_clear_pointer (&e->path, g_free);
}

static void
put_u64 (guint8  *p,
         guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

/* The file's name: a hash keyed with the (canonical) enrolment code, so
 * that the folder tells nobody without the code whose enrolment it is. */
static char *
enrolment_name (const char   *code,
                const guint8 *team_id,
                const char   *login)
{
  crypto_generichash_state st;
  guint8 hash[ENROL_NAME_SIZE];
  g_autofree char *hex = NULL;

  crypto_generichash_init (&st, (const guint8 *) code, strlen (code), sizeof hash);
  crypto_generichash_update (&st, (const guint8 *) "casustafel enrolment file", 25);
  crypto_generichash_update (&st, team_id, CT_TEAM_ID_SIZE);
  crypto_generichash_update (&st, (const guint8 *) login, strlen (login));
  crypto_generichash_final (&st, hash, sizeof hash);
  hex = _ct_sync_hex (hash, sizeof hash);
  return g_strconcat (ENROL_PREFIX, hex, ENROL_SUFFIX, NULL);
}

/* ---- the beheerder's side --------------------------------------------- */

void
_ct_sync_enrol_key_free (CtSyncEnrolKey *key)
{
  if (key == NULL)
    return;
  g_clear_pointer (&key->kek, ct_secure_free);
  g_free (key->folder);
  g_free (key);
}

/**
 * _ct_session_sync_enrol_key_new:
 *
 * In the session's thread, when a member is added: whether an enrolment
 * file will travel (sync on, a folder chosen on this laptop).
 *
 * Returns: (nullable): what _ct_sync_enrol_key_derive() fills in a worker,
 *   or %NULL when no enrolment file is due
 */
CtSyncEnrolKey *
_ct_session_sync_enrol_key_new (CtSession *self)
{
  g_autofree char *folder = NULL;
  CtSyncEnrolKey *key;

  if (!ct_session_sync_is_enabled (self)
      || (folder = ct_session_sync_get_folder (self, NULL)) == NULL)
    return NULL;
  key = g_new0 (CtSyncEnrolKey, 1);
  key->folder = g_steal_pointer (&folder);
  ct_kdf_default_params (&key->kdf);
  randombytes_buf (key->salt, sizeof key->salt);
  return key;
}

/**
 * _ct_sync_enrol_key_derive:
 *
 * Argon2id over the enrolment code: the slow part, touching no session.
 */
gboolean
_ct_sync_enrol_key_derive (CtSyncEnrolKey *key,
                           const char     *code,
                           GError        **error)
{
  key->kek = ct_secure_alloc (CT_KEY_SIZE);
  if (ct_kdf_derive (code, key->salt, &key->kdf, key->kek))
    return TRUE;
  g_clear_pointer (&key->kek, ct_secure_free);
  g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                       _("There is not enough memory to protect the passphrase."));
  return FALSE;
}

static gboolean
seal_enrolment (CtSession         *self,
                CtSyncEnrolKey    *key,
                const CtMemberRow *row,
                const CtIdentity  *identity,
                GBytes           **out,
                GError           **error)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  CtSyncState state;
  guint8 *plain, *p, *sync_key;
  guint8 head[ENROL_HEADER_SIZE];
  guint8 nonce[CT_NONCE_SIZE];
  gsize login_len = strlen (row->login);
  gsize plain_len = ENROL_PLAIN_MIN + login_len;
  guint64 position = (guint64) self->chain->length - 1;
  CtChainMember *m = ct_chain_find_uid (self->chain, row->member_uid);
  unsigned long long sealed_len;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (m == NULL || self->chain->length == 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                           _("There is no team member with this login."));
      return FALSE;
    }
  if ((sync_key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }

  p = head;
  memcpy (p, ENROL_MAGIC, 8), p += 8;
  memcpy (p, self->header->team_id, CT_TEAM_ID_SIZE), p += CT_TEAM_ID_SIZE;
  memcpy (p, row->member_uid, CT_MEMBER_ID_SIZE), p += CT_MEMBER_ID_SIZE;
  memcpy (p, identity->sign_pk, crypto_sign_PUBLICKEYBYTES), p += crypto_sign_PUBLICKEYBYTES;
  put_u64 (p, position), p += 8;
  put_u64 (p, key->kdf.opslimit), p += 8;
  put_u64 (p, key->kdf.memlimit), p += 8;
  memcpy (p, key->salt, CT_SALT_SIZE), p += CT_SALT_SIZE;
  randombytes_buf (nonce, sizeof nonce);
  memcpy (p, nonce, CT_NONCE_SIZE);

  plain = ct_secure_alloc (plain_len);
  p = plain;
  memcpy (p, identity->seed, CT_SEED_SIZE), p += CT_SEED_SIZE;
  for (guint i = 0; i < 4; i++)
    *p++ = (guint8) (state.key_version >> (8 * i));
  crypto_box_seal (p, sync_key, CT_SYNC_KEY_SIZE, identity->box_pk), p += CT_SYNC_GRANT_SIZE;
  ct_secure_free (sync_key);
  if (!ct_chain_statement_hash (self->db, (gint64) position, p))
    {
      ct_secure_free (plain);
      g_set_error_literal (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                           _("The team chain cannot be read."));
      return FALSE;
    }
  p += CT_CHAIN_HASH_SIZE;
  *p++ = (guint8) login_len;
  memcpy (p, row->login, login_len);

  g_byte_array_append (file, head, sizeof head);
  g_byte_array_set_size (file, (guint) (sizeof head + plain_len + CT_TAG_SIZE));
  crypto_aead_xchacha20poly1305_ietf_encrypt (file->data + sizeof head, &sealed_len, plain,
                                              plain_len, head, sizeof head, NULL, nonce,
                                              key->kek);
  ct_secure_free (plain);
  *out = g_byte_array_free_to_bytes (g_steal_pointer (&file));
  return TRUE;
}

/**
 * _ct_session_sync_write_enrolment:
 * @key: from _ct_session_sync_enrol_key_new(), derived
 * @row: the member just added (their statement is the chain's last)
 * @identity: their enrolment keys
 * @code: the enrolment code
 *
 * Writes the member's enrolment file into this replica's folder in the
 * team's sync folder (docs/sync.md, "Joining from the folder").
 */
gboolean
_ct_session_sync_write_enrolment (CtSession         *self,
                                  CtSyncEnrolKey    *key,
                                  const CtMemberRow *row,
                                  const CtIdentity  *identity,
                                  const char        *code,
                                  GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *team_dir = NULL;
  g_autofree char *own_hex = NULL;
  g_autofree char *own_dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  CtSyncState state;

  g_return_val_if_fail (key != NULL && key->kek != NULL, FALSE);

  if (!_ct_session_sync_load_state (self, &state, error)
      || !seal_enrolment (self, key, row, identity, &bytes, error))
    return FALSE;
  team_dir = _ct_sync_team_folder (self, key->folder);
  own_hex = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  own_dir = g_build_filename (team_dir, own_hex, NULL);
  if (g_mkdir_with_parents (own_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write the enrolment file in %s: %s"), own_dir, g_strerror (saved));
      return FALSE;
    }
  name = enrolment_name (code, self->header->team_id, row->login);
  path = g_build_filename (own_dir, name, NULL);
  return _ct_sync_write_once (own_dir, path, bytes, error);
}

/* The clear header of an enrolment file in @data; FALSE when it is none. */
static gboolean
peek_enrolment (const guint8 *data,
                gsize         len,
                Enrolment    *e)
{
  const guint8 *p = data + 8;

  if (len < ENROL_HEADER_SIZE + ENROL_PLAIN_MIN + CT_TAG_SIZE || memcmp (data, ENROL_MAGIC, 8) != 0)
    return FALSE;
  memcpy (e->team_id, p, CT_TEAM_ID_SIZE), p += CT_TEAM_ID_SIZE;
  memcpy (e->member_uid, p, CT_MEMBER_ID_SIZE), p += CT_MEMBER_ID_SIZE;
  memcpy (e->sign_pk, p, crypto_sign_PUBLICKEYBYTES), p += crypto_sign_PUBLICKEYBYTES;
  e->position = get_u64 (p), p += 8;
  e->kdf.opslimit = get_u64 (p), p += 8;
  e->kdf.memlimit = get_u64 (p), p += 8;
  memcpy (e->salt, p, CT_SALT_SIZE);
  return TRUE;
}

/**
 * _ct_session_sync_enrolment_due:
 * @own_dir: this replica's folder in the team's folder
 * @snapshot_chain: the chain length of this replica's newest snapshot
 *   (0 when it has none)
 * @cleaned: (out): set when a file was removed
 *
 * At the end of a sync: removes this replica's enrolment files of members
 * who have since chosen their own keys or were removed (by the chain),
 * and says whether one of the others waits for a snapshot that holds its
 * member's statement, without which nobody can join with it.
 */
gboolean
_ct_session_sync_enrolment_due (CtSession  *self,
                                const char *own_dir,
                                guint64     snapshot_chain)
{
  g_autoptr(GDir) d = g_dir_open (own_dir, 0, NULL);
  const char *name;
  gboolean due = FALSE;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      Enrolment e = { 0 };
      const CtChainMember *m;
      gsize len;

      if (!g_str_has_prefix (name, ENROL_PREFIX) || !g_str_has_suffix (name, ENROL_SUFFIX))
        continue;
      path = g_build_filename (own_dir, name, NULL);
      if (!g_file_get_contents (path, &data, &len, NULL)
          || !peek_enrolment ((const guint8 *) data, len, &e))
        continue;
      m = ct_chain_find_uid (self->chain, e.member_uid);
      if (m != NULL && (m->removed || memcmp (m->sign_pk, e.sign_pk, sizeof e.sign_pk) != 0))
        {
          /* Used, or of a member who left: it opens nothing they need. */
          if (g_unlink (path) != 0)
            g_debug ("cannot remove %s", path);
          continue;
        }
      if (e.position >= snapshot_chain)
        due = TRUE;
    }
  return due;
}

/* ---- the new member's side -------------------------------------------- */

static gboolean
not_found (const char *folder,
           GError    **error)
{
  g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND,
               _("The sync folder %s holds no enrolment for this login and enrolment code. "
                 "Check both, and that the folder has finished syncing; the beheerder who "
                 "added you must have chosen the sync folder on their laptop first."), folder);
  return FALSE;
}

/* Finds the enrolment file of @login with @code in @folder: every team's
 * folder, every replica's folder in it. */
static gboolean
find_enrolment (const char *folder,
                const char *login,
                const char *code,
                Enrolment  *e,
                GError    **error)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  const char *team;

  if (d == NULL)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                   _("Sync folder: %s is not a folder that can be read."), folder);
      return FALSE;
    }
  while ((team = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *team_dir = NULL;
      g_autoptr(GDir) devices = NULL;
      g_autofree char *name = NULL;
      guint8 team_id[CT_TEAM_ID_SIZE];
      const char *device;
      gsize bin_len = 0;

      if (!g_str_has_prefix (team, TEAM_PREFIX)
          || strlen (team) != strlen (TEAM_PREFIX) + 2 * CT_TEAM_ID_SIZE
          || sodium_hex2bin (team_id, sizeof team_id, team + strlen (TEAM_PREFIX),
                             2 * CT_TEAM_ID_SIZE, NULL, &bin_len, NULL) != 0
          || bin_len != CT_TEAM_ID_SIZE)
        continue;
      team_dir = g_build_filename (folder, team, NULL);
      name = enrolment_name (code, team_id, login);
      devices = g_dir_open (team_dir, 0, NULL);
      while (devices != NULL && (device = g_dir_read_name (devices)) != NULL)
        {
          g_autofree char *path = g_build_filename (team_dir, device, name, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              memcpy (e->team_id, team_id, CT_TEAM_ID_SIZE);
              e->path = g_steal_pointer (&path);
              return TRUE;
            }
        }
    }
  return not_found (folder, error);
}

static gboolean
refuse_enrolment (Enrolment  *e,
                  const char *reason,
                  GError    **error)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED, _("Refused the enrolment file %s: %s."),
               e->path, reason);
  return FALSE;
}

/* Reads and opens the enrolment file (Argon2id over the code). */
static gboolean
open_enrolment (Enrolment  *e,
                const char *login,
                const char *code,
                GError    **error)
{
  g_autofree char *data = NULL;
  guint8 team_id[CT_TEAM_ID_SIZE];
  guint8 *plain = NULL;
  const guint8 *p;
  gsize len, plain_len;
  gboolean ok = FALSE;
  g_autoptr(CtIdentity) identity = NULL;

  memcpy (team_id, e->team_id, CT_TEAM_ID_SIZE);
  if (!g_file_get_contents (e->path, &data, &len, error))
    return FALSE;
  if (!peek_enrolment ((const guint8 *) data, len, e))
    return refuse_enrolment (e, _("it is not an enrolment file, or it was cut short"), error);
  if (memcmp (team_id, e->team_id, CT_TEAM_ID_SIZE) != 0)
    return refuse_enrolment (e, _("it belongs to another team"), error);
  if (!ct_kdf_params_in_bounds (&e->kdf))
    return refuse_enrolment (e, _("it asks for key-derivation settings outside the safe range"),
                             error);
  e->kek = ct_secure_alloc (CT_KEY_SIZE);
  if (!ct_kdf_derive (code, e->salt, &e->kdf, e->kek))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_FAILED,
                           _("There is not enough memory to protect the passphrase."));
      return FALSE;
    }
  plain_len = len - ENROL_HEADER_SIZE - CT_TAG_SIZE;
  plain = ct_secure_alloc (plain_len);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (
        plain, NULL, NULL, (const guint8 *) data + ENROL_HEADER_SIZE, len - ENROL_HEADER_SIZE,
        (const guint8 *) data, ENROL_HEADER_SIZE,
        (const guint8 *) data + ENROL_HEADER_SIZE - CT_NONCE_SIZE, e->kek) != 0)
    {
      refuse_enrolment (e, _("it does not open with this code: it was changed, or it is not "
                             "yours"), error);
      goto out;
    }
  p = plain;
  e->seed = ct_secure_alloc (CT_SEED_SIZE);
  memcpy (e->seed, p, CT_SEED_SIZE), p += CT_SEED_SIZE;
  e->key_version = (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16
                   | (guint32) p[3] << 24;
  p += 4;
  identity = ct_identity_new_from_seed (e->seed);
  e->sync_key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  if (crypto_box_seal_open (e->sync_key, p, CT_SYNC_GRANT_SIZE, identity->box_pk,
                            identity->box_sk) != 0
      || memcmp (identity->sign_pk, e->sign_pk, sizeof e->sign_pk) != 0)
    {
      refuse_enrolment (e, _("its keys do not belong together"), error);
      goto out;
    }
  p += CT_SYNC_GRANT_SIZE;
  memcpy (e->chain_hash, p, CT_CHAIN_HASH_SIZE), p += CT_CHAIN_HASH_SIZE;
  if ((gsize) p[0] != plain_len - ENROL_PLAIN_MIN
      || strncmp ((const char *) p + 1, login, p[0]) != 0 || strlen (login) != p[0])
    {
      refuse_enrolment (e, _("it is another member's"), error);
      goto out;
    }
  e->login = g_strdup (login);
  ok = TRUE;

out:
  ct_secure_free (plain);
  return ok;
}

/* A candidate snapshot: its path and clear header. */
typedef struct
{
  char      *path;
  guint8     device[CT_SYNC_DEVICE_SIZE];
  guint64    number;
  CtSyncFile file;
} Candidate;

/* The newest snapshot of any replica in the team's folder that can hold
 * the member's statement: the longest chain, then the most recent file.
 * Only its clear header is read here. */
static gboolean
choose_snapshot (const char *team_dir,
                 Enrolment  *e,
                 Candidate  *best,
                 GError    **error)
{
  g_autoptr(GDir) d = g_dir_open (team_dir, 0, NULL);
  const char *device;
  gint64 best_time = 0;
  gboolean found = FALSE, any = FALSE;

  while (d != NULL && (device = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (team_dir, device, NULL);
      guint8 id[CT_SYNC_DEVICE_SIZE];
      guint64 number;
      gsize bin_len = 0;

      if (strlen (device) != 2 * CT_SYNC_DEVICE_SIZE
          || sodium_hex2bin (id, sizeof id, device, strlen (device), NULL, &bin_len, NULL) != 0
          || bin_len != sizeof id || !_ct_sync_newest_snapshot (dir, &number))
        continue;
      any = TRUE;
      {
        g_autofree char *name = _ct_sync_snapshot_name (number);
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
        guint8 head[SNAPSHOT_PEEK_SIZE];
        CtSyncFile peeked = { 0 };
        gint64 mtime = info != NULL
                         ? (gint64) g_file_info_get_attribute_uint64 (
                             info, G_FILE_ATTRIBUTE_TIME_MODIFIED) : 0;
        int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
        gboolean read_ok = fd >= 0 && read (fd, head, sizeof head) == (ssize_t) sizeof head;

        if (fd >= 0)
          close (fd);
        if (!read_ok || !_ct_sync_snapshot_peek (head, sizeof head, &peeked, NULL))
          continue;
        if (peeked.chain_length <= e->position)
          continue;
        if (!found || peeked.chain_length > best->file.chain_length
            || (peeked.chain_length == best->file.chain_length && mtime > best_time))
          {
            g_free (best->path);
            best->path = g_steal_pointer (&path);
            memcpy (best->device, id, sizeof id);
            best->number = number;
            best->file = peeked;
            best_time = mtime;
            found = TRUE;
          }
      }
    }
  if (found)
    return TRUE;
  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                       any ? _("No snapshot in the sync folder was written after you were added "
                               "to the team. Ask the beheerder to sync once more, then join "
                               "again.")
                           : _("The sync folder holds no snapshot of the team yet. Ask the "
                               "beheerder to sync once more, then join again."));
  return FALSE;
}

/* The database from the snapshot's payload into the new team file at
 * @path, under @db_key: the export's own SQLCipher file is opened in a
 * private temporary folder and exported into the team file through the
 * team file's VFS. */
static gboolean
import_database (const guint8 *payload,
                 gsize         len,
                 const char   *path,
                 const guint8 *db_key,
                 GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp_dir = g_dir_make_tmp ("ct-join-XXXXXX", &local);
  g_autofree char *db_path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  char *raw = NULL;
  gint version = 0;
  gboolean ok = FALSE;

  if (tmp_dir == NULL)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Cannot read the snapshot: %s"),
                   local->message);
      return FALSE;
    }
  db_path = g_build_filename (tmp_dir, "snapshot.db", NULL);
  /* SQLCipher ciphertext under the export's own key, as in the folder. */
  if (!g_file_set_contents_full (db_path, (const char *) payload + CT_KEY_SIZE,
                                 (gssize) (len - CT_KEY_SIZE), G_FILE_SET_CONTENTS_NONE, 0600,
                                 &local))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_FAILED, _("Cannot read the snapshot: %s"),
                   local->message);
      g_rmdir (tmp_dir);
      return FALSE;
    }

  ct_vfs_register ();
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?vfs=" CT_VFS_NAME, NULL);
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    goto out;
  raw = ct_raw_key_string (payload);
  ok = sqlite3_key (db, raw, (int) strlen (raw)) == SQLITE_OK;
  ct_secret_free (raw);
  if (ok)
    {
      g_autoptr(CtStmt) attach = ct_store_prepare (db, "ATTACH DATABASE ?1 AS team KEY ?2",
                                                   NULL);
      g_autoptr(CtStmt) get = NULL;

      raw = ct_raw_key_string (db_key);
      ok = attach != NULL;
      if (ok)
        {
          sqlite3_bind_text (attach, 1, uri, -1, SQLITE_STATIC);
          sqlite3_bind_text (attach, 2, raw, -1, SQLITE_STATIC);
          ok = sqlite3_step (attach) == SQLITE_DONE;
        }
      ct_secret_free (raw);
      get = ok ? ct_store_prepare (db, "PRAGMA main.user_version", NULL) : NULL;
      ok = get != NULL && sqlite3_step (get) == SQLITE_ROW;
      version = ok ? sqlite3_column_int (get, 0) : 0;
    }
  if (ok && version <= 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NEWER_VERSION,
                           _("The snapshot was written by an older Casustafel that does not say "
                             "its schema. Ask the beheerder to update and sync once more."));
      ok = FALSE;
      goto out;
    }
  if (ok)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA team.user_version = %d", version);

      ok = sqlite3_exec (db, "PRAGMA team.cipher_page_size = 4096;"
                             "SELECT sqlcipher_export('team')", NULL, NULL, NULL) == SQLITE_OK
           && sqlite3_exec (db, bump, NULL, NULL, NULL) == SQLITE_OK;
    }
  if (!ok)
    g_set_error (error, CT_ERROR, CT_ERROR_DATABASE_DAMAGED,
                 _("The snapshot's database cannot be read: %s."),
                 db != NULL ? sqlite3_errmsg (db) : "?");

out:
  if (db != NULL)
    {
      sqlite3_exec (db, "DETACH DATABASE team", NULL, NULL, NULL);
      sqlite3_close (db);
    }
  g_unlink (db_path);
  g_rmdir (tmp_dir);
  return ok;
}

static gboolean
refuse_snapshot (const char *path,
                 const char *reason,
                 GError    **error)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED, _("Refused the snapshot %s: %s."), path,
               reason);
  return FALSE;
}

/* The snapshot's chain must hold the member's statement where the
 * enrolment file says, with the same hash (so every statement up to it is
 * the one the beheerder saw), the member present with their enrolment
 * keys; and the snapshot must be signed by a present member. */
static gboolean
check_chain (CtSession        *self,
             const Enrolment  *e,
             const Candidate  *snap,
             const guint8     *bytes,
             gsize             len,
             const CtIdentity *identity,
             GError          **error)
{
  g_autoptr(CtChain) chain = NULL;
  g_autoptr(GError) local = NULL;
  const CtChainMember *m, *author;
  guint8 hash[CT_CHAIN_HASH_SIZE];
  gboolean signed_ok = FALSE;

  chain = ct_chain_load (self->db, e->team_id, &local);
  if (chain == NULL)
    return refuse_snapshot (snap->path, local->message, error);
  if ((guint64) chain->length != snap->file.chain_length
      || !ct_chain_statement_hash (self->db, chain->length - 1, hash)
      || memcmp (hash, snap->file.chain_head, CT_CHAIN_HASH_SIZE) != 0)
    return refuse_snapshot (snap->path, _("its team chain is not the one it was signed with"),
                            error);
  if ((gint64) e->position >= chain->length
      || !ct_chain_statement_hash (self->db, (gint64) e->position, hash)
      || memcmp (hash, e->chain_hash, CT_CHAIN_HASH_SIZE) != 0)
    return refuse_snapshot (snap->path, _("its team chain is not the one you were added to"),
                            error);
  author = ct_chain_find_uid (chain, snap->file.author);
  for (guint i = 0; author != NULL && !signed_ok && i < ct_chain_member_n_sign_keys (author); i++)
    signed_ok = _ct_sync_file_verify (bytes, len, ct_chain_member_get_sign_key (author, i));
  if (!signed_ok)
    return refuse_snapshot (snap->path, _("its signature does not hold: it was forged or changed"),
                            error);
  if (author->removed)
    return refuse_snapshot (snap->path, _("its author was removed from the team"), error);

  m = ct_chain_find_uid (chain, e->member_uid);
  if (m == NULL || g_strcmp0 (m->login, e->login) != 0)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                   _("Login: the team chain has no member %s."), e->login);
      return FALSE;
    }
  if (m->removed)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                   _("Login: %s was removed from the team, so cannot join it."), e->login);
      return FALSE;
    }
  if (memcmp (m->sign_pk, identity->sign_pk, crypto_sign_PUBLICKEYBYTES) != 0
      || memcmp (m->box_pk, identity->box_pk, crypto_box_PUBLICKEYBYTES) != 0)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_EXISTS,
                   _("Login: %s has already chosen a passphrase; this enrolment code was used. "
                     "Ask a beheerder for a new one."), e->login);
      return FALSE;
    }
  self->chain = g_steal_pointer (&chain);
  return TRUE;
}

/* Reads, checks and opens the chosen snapshot, and fills the new team file
 * at @path: its header (the member's enrolment slot under the code's
 * key, and the recovery slot), then the database. */
static gboolean
build_file (const char *path,
            Enrolment  *e,
            Candidate  *snap,
            GError    **error)
{
  g_autoptr(CtSession) self = NULL;
  g_autoptr(CtIdentity) identity = ct_identity_new_from_seed (e->seed);
  g_autofree char *data = NULL;
  CtSyncFile opened = { 0 };
  g_autoptr(GError) reason = NULL;
  CtSlot slot;
  gsize len, payload_len;
  const guint8 *payload;
  gboolean ok = FALSE;

  if (!g_file_get_contents (snap->path, &data, &len, error))
    return FALSE;
  if (!_ct_sync_snapshot_peek ((const guint8 *) data, len, &opened, &reason))
    return refuse_snapshot (snap->path, reason->message, error);
  _ct_sync_file_clear (&opened);
  if (memcmp (snap->file.team_id, e->team_id, CT_TEAM_ID_SIZE) != 0)
    return refuse_snapshot (snap->path, _("it belongs to another team"), error);
  if (memcmp (snap->file.device, snap->device, CT_SYNC_DEVICE_SIZE) != 0
      || snap->file.seq != snap->number)
    return refuse_snapshot (snap->path, _("its number or replica does not match its name: it was "
                                          "replayed or reordered"), error);
  if (snap->file.key_version != e->key_version)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                   _("The newest snapshot is sealed under another sync key than your enrolment "
                     "holds (the team's key changed when a member left). Ask a beheerder to "
                     "add you again."));
      return FALSE;
    }
  if (!_ct_sync_file_open_payload ((const guint8 *) data, len, e->sync_key, &opened, &reason))
    return refuse_snapshot (snap->path, reason->message, error);
  payload = g_bytes_get_data (opened.changes, &payload_len);
  if (payload_len <= CT_KEY_SIZE)
    {
      _ct_session_sync_snapshot_clear (&opened);
      return refuse_snapshot (snap->path, _("it holds no database"), error);
    }

  self = _ct_session_open_file (path, TRUE, error);
  if (self == NULL)
    {
      _ct_session_sync_snapshot_clear (&opened);
      return FALSE;
    }
  self->header = ct_header_new ();
  self->db_key = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (self->db_key, CT_KEY_SIZE);
  memcpy (self->header->team_id, e->team_id, CT_TEAM_ID_SIZE);
  randombytes_buf (self->header->lookup_key, sizeof self->header->lookup_key);

  /* The enrolment slot, as the beheerder's file has it: the seed under
   * the key the code derived, with the enrolment file's salt and cost. */
  _ct_slot_init (&slot, self->header, CT_SLOT_ENROL, e->login, e->member_uid, identity);
  slot.kdf = e->kdf;
  memcpy (slot.salt, e->salt, sizeof slot.salt);
  ct_slot_wrap_seed (&slot, self->header, e->kek, e->seed);
  ct_slot_seal_key (&slot, self->db_key, FALSE);
  g_array_append_vals (self->header->slots, &slot, 1);
  ok = _ct_session_write_header (self, error) && _ct_session_write_header (self, error)
       && import_database (payload, payload_len, self->path, self->db_key, error);
  _ct_session_sync_snapshot_clear (&opened);
  if (!ok)
    return FALSE;

  self->db = ct_store_open (self->path, self->db_key, error);
  if (self->db == NULL || !ct_store_migrate (self->db, error)
      || !check_chain (self, e, snap, (const guint8 *) data, len, identity, error))
    return FALSE;

  /* The recovery key's slot: K_db sealed to its public key, which the
   * verified chain gives. */
  if (self->chain->has_recovery)
    {
      CtIdentity recovery = { 0 };

      memcpy (recovery.box_pk, self->chain->recovery_box_pk, sizeof recovery.box_pk);
      memcpy (recovery.sign_pk, self->chain->recovery_sign_pk, sizeof recovery.sign_pk);
      _ct_slot_init (&slot, self->header, CT_SLOT_RECOVERY, NULL, NULL, &recovery);
      ct_slot_seal_key (&slot, self->db_key, FALSE);
      g_array_append_vals (self->header->slots, &slot, 1);
    }
  ok = _ct_session_write_header (self, error) && _ct_session_write_header (self, error);
  if (ok)
    fsync (self->fd);
  ct_session_lock (self);
  return ok;
}

static void
remove_file (const char *path)
{
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (journal);
}

/* Keeps the file at @tmp as @path, never over an existing file. */
static gboolean
keep_as (const char *tmp,
         const char *path,
         GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (link (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, saved == EEXIST ? CT_ERROR_EXISTS : CT_ERROR_FAILED,
                   saved == EEXIST ? _("Team file: %s already exists; joining never writes over "
                                       "a file. Choose a new name.")
                                   : _("Team file: cannot write %s: %s."),
                   path, g_strerror (saved));
      return FALSE;
    }
  g_unlink (tmp);
  if ((fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

static gboolean
join (const char *folder,
      const char *path,
      const char *login,
      const char *code,
      const char *passphrase,
      GError    **error)
{
  g_autofree char *canonical_path = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *team_dir = NULL;
  g_autofree char *team_hex = NULL;
  g_autoptr(CtSession) session = NULL;
  Enrolment e = { 0 };
  Candidate snap = { 0 };
  CtSyncSummary summary = { 0 };
  CtChainMember *m;
  char *canonical_code;
  gboolean ok = FALSE;

  if (!ct_vault_validate_login (login, error) || !ct_vault_validate_passphrase (passphrase, error))
    return FALSE;
  if ((canonical_code = _ct_canonical_code (code, CT_ENROLMENT_SIZE)) == NULL)
    {
      ct_set_field_error (error, "members", "enrolment_code", "%s",
                          _("Enrolment code: it is mistyped; check it against the code the "
                            "beheerder gave you."));
      return FALSE;
    }
  canonical_path = g_canonicalize_filename (path, NULL);
  if (g_file_test (canonical_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CT_ERROR, CT_ERROR_EXISTS,
                   _("Team file: %s already exists; joining never writes over a file. Choose "
                     "a new name."), canonical_path);
      goto out;
    }
  if (!g_path_is_absolute (folder))
    {
      ct_set_field_error (error, "sync", "folder", "%s",
                          _("Sync folder: give the whole path, starting with /."));
      goto out;
    }

  if (!find_enrolment (folder, login, canonical_code, &e, error)
      || !open_enrolment (&e, login, canonical_code, error))
    goto out;
  team_hex = _ct_sync_hex (e.team_id, CT_TEAM_ID_SIZE);
  team_dir = g_strconcat (folder, G_DIR_SEPARATOR_S, TEAM_PREFIX, team_hex, NULL);
  if (!choose_snapshot (team_dir, &e, &snap, error))
    goto out;

  tmp = g_strdup_printf ("%s.join-%08x", canonical_path, randombytes_random ());
  if (!build_file (tmp, &e, &snap, error))
    goto out;

  /* From here on it is a team file like any other: unlocked with every
   * check an unlock makes. */
  session = _ct_session_unlock_for_join (tmp, login, canonical_code, error);
  if (session == NULL || !ct_session_sync_new_replica (session, error)
      || !ct_session_sync_set_folder (session, folder, error)
      || !ct_session_sync (session, folder, &summary, error))
    goto out;
  /* What the later change files said of the member. */
  m = ct_chain_find_uid (session->chain, e.member_uid);
  if (m == NULL || m->removed)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_RESTRICTED,
                   _("Login: %s was removed from the team, so cannot join it."), login);
      goto out;
    }
  if (memcmp (m->sign_pk, e.sign_pk, sizeof e.sign_pk) != 0)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_EXISTS,
                   _("Login: %s has already chosen a passphrase; this enrolment code was used. "
                     "Ask a beheerder for a new one."), login);
      goto out;
    }
  ct_sync_summary_clear (&summary);
  /* The member's own keys, after everything the folder held, and sent. */
  if (!_ct_session_rotate_credentials (session, session->member, passphrase, "enrol", error)
      || !ct_session_sync (session, folder, &summary, error))
    goto out;
  /* Joined: from now on this file is what this device has seen of the
   * team, and the lock records it. */
  session->copy_source = FALSE;
  session->anchored = TRUE;
  ct_session_lock (session);
  ok = keep_as (tmp, canonical_path, error);

out:
  ct_sync_summary_clear (&summary);
  if (session != NULL)
    ct_session_lock (session);
  if (!ok && tmp != NULL)
    remove_file (tmp);
  g_free (snap.path);
  enrolment_clear (&e);
  ct_secret_free (canonical_code);
  return ok;
}

/**
 * ct_sync_join:
 * @folder: the team's sync folder on this laptop (an absolute path)
 * @path: the new team file; it must not exist
 * @login: the new member's login
 * @enrolment_code: the one-time code the beheerder passed on
 * @new_passphrase: the passphrase the member chooses
 *
 * Joins a team from its sync folder (docs/sync.md, "Joining from the
 * folder"): opens the member's enrolment file with the code, builds a
 * replica from the newest snapshot and the later change files, and sets
 * the member's own passphrase. Nothing is written at @path unless it all
 * holds; an existing file is never written over.
 */
gboolean
ct_sync_join (const char *folder,
              const char *path,
              const char *login,
              const char *enrolment_code,
              const char *new_passphrase,
              GError    **error)
{
  g_return_val_if_fail (folder != NULL && path != NULL, FALSE);
  g_return_val_if_fail (login != NULL && enrolment_code != NULL && new_passphrase != NULL, FALSE);

  return join (folder, path, login, enrolment_code, new_passphrase, error);
}

typedef struct
{
  char     *folder;
  char     *path;
  char     *login;
  CtSecret *code;
  CtSecret *passphrase;
} JoinData;

static void
join_data_free (JoinData *data)
{
  g_free (data->folder);
  g_free (data->path);
  g_free (data->login);
  ct_secret_free (data->code);
  ct_secret_free (data->passphrase);
  g_free (data);
}

static void
join_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JoinData *data = task_data;
  GError *error = NULL;

  if (ct_sync_join (data->folder, data->path, data->login, data->code, data->passphrase, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ct_sync_join_async:
 *
 * ct_sync_join() in a worker thread: it runs Argon2id three times (the
 * enrolment file, the unlock, the new passphrase) and opens no session the
 * caller keeps. The code and the passphrase are copied into wiped memory
 * at once.
 */
void
ct_sync_join_async (const char          *folder,
                    const char          *path,
                    const char          *login,
                    const char          *enrolment_code,
                    const char          *new_passphrase,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  JoinData *data;

  g_return_if_fail (folder != NULL && path != NULL && login != NULL);
  g_return_if_fail (enrolment_code != NULL && new_passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  data = g_new0 (JoinData, 1);
  data->folder = g_strdup (folder);
  data->path = g_strdup (path);
  data->login = g_strdup (login);
  data->code = ct_secret_new_string (enrolment_code);
  data->passphrase = ct_secret_new_string (new_passphrase);
  g_task_set_source_tag (task, ct_sync_join_async);
  g_task_set_task_data (task, data, (GDestroyNotify) join_data_free);
  g_task_run_in_thread (task, join_thread);
}

gboolean
ct_sync_join_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_sync_join_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
