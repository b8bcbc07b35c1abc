/* ct-sync-enrol.c — the enrolment file a new member joins with
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
 * recognised by. This file writes it (the beheerder's side); at the end
 * of a sync it decides, from what a worker read of the folder, which
 * enrolment files were used and go, and seals the later sync keys to
 * write beside one when a removal rotated the key before the member
 * joined (unless that key file is there already), for the snapshot job's
 * worker to do: the session's thread touches no file of the folder then.
 * It also finds and opens them for the member who joins with them
 * (ct-sync-join.c). The format is in docs/file-format.md, the rules in
 * docs/sync-join.md. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-enrol-private.h"
#include "ct-sync-private.h"

#define ENROL_MAGIC     "CTENRL01"
#define ENROL_PREFIX    "enrol-"
#define ENROL_SUFFIX    ".ctenrol"
#define ENROL_NAME_SIZE 16
/* magic, team id, member uid, enrolment signing key, chain position,
 * opslimit, memlimit, salt, nonce */
#define ENROL_HEADER_SIZE (8 + CT_TEAM_ID_SIZE + CT_MEMBER_ID_SIZE + crypto_sign_PUBLICKEYBYTES \
                           + 8 + 8 + 8 + CT_SALT_SIZE + CT_NONCE_SIZE)
/* seed, key version, sealed sync key, chain hash, login length, login */
#define ENROL_PLAIN_MIN (CT_SEED_SIZE + 4 + CT_SYNC_GRANT_SIZE + CT_CHAIN_HASH_SIZE + 1)

/* The later sync keys of an enrolment (docs/sync-join.md, "Joining after a
 * removal"): "enrol-<name>-<newest version>.ctkeys" beside the enrolment
 * file. In the clear: magic, team id, member uid, enrolment signing key,
 * a count, then per grant its version and the key sealed to the member's
 * enrolment box key. */
#define KEYS_MAGIC    "CTENKY01"
#define KEYS_SUFFIX   ".ctkeys"
#define KEYS_HEADER_SIZE (8 + CT_TEAM_ID_SIZE + CT_MEMBER_ID_SIZE + crypto_sign_PUBLICKEYBYTES + 4)
#define KEYS_ENTRY_SIZE  (4 + CT_SYNC_GRANT_SIZE)
/* More grants than this are not read: a team removes far fewer members
 * while one member waits to join. */
#define KEYS_MAX      4096

struct _CtSyncEnrolKey
{
  CtKdfParams kdf;
  guint8      salt[CT_SALT_SIZE];
  guint8     *kek;     /* sodium_malloc(); NULL until derived */
  char       *folder;
};

void
_ct_sync_enrolment_clear (CtSyncEnrolment *e)
{
  g_clear_pointer (&e->later_keys, g_ptr_array_unref);
  g_clear_pointer (&e->kek, ct_secure_free);
  g_clear_pointer (&e->seed, ct_secure_free);
  g_clear_pointer (&e->sync_key, ct_secure_free);
  g_clear_pointer (&e->login, g_free);
  g_clear_pointer (&e->path, g_free);
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

  _ct_bytes_put_bytes (file, ENROL_MAGIC, 8);
  _ct_bytes_put_bytes (file, self->header->team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_put_bytes (file, row->member_uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_bytes (file, identity->sign_pk, crypto_sign_PUBLICKEYBYTES);
  _ct_bytes_put_u64 (file, position);
  _ct_bytes_put_u64 (file, key->kdf.opslimit);
  _ct_bytes_put_u64 (file, key->kdf.memlimit);
  _ct_bytes_put_bytes (file, key->salt, CT_SALT_SIZE);
  randombytes_buf (nonce, sizeof nonce);
  _ct_bytes_put_bytes (file, nonce, CT_NONCE_SIZE);
  g_assert (file->len == ENROL_HEADER_SIZE);

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

  g_byte_array_set_size (file, (guint) (ENROL_HEADER_SIZE + plain_len + CT_TAG_SIZE));
  crypto_aead_xchacha20poly1305_ietf_encrypt (file->data + ENROL_HEADER_SIZE, &sealed_len, plain,
                                              plain_len, file->data, ENROL_HEADER_SIZE, NULL,
                                              nonce, key->kek);
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
 * team's sync folder (docs/sync-join.md, "Joining from the folder").
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
peek_enrolment (const guint8    *data,
                gsize            len,
                CtSyncEnrolment *e)
{
  CtBytesReader r;

  if (len < ENROL_HEADER_SIZE + ENROL_PLAIN_MIN + CT_TAG_SIZE || memcmp (data, ENROL_MAGIC, 8) != 0)
    return FALSE;
  _ct_bytes_reader_init (&r, data, len);
  _ct_bytes_skip (&r, 8);
  _ct_bytes_copy (&r, e->team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_copy (&r, e->member_uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_copy (&r, e->sign_pk, crypto_sign_PUBLICKEYBYTES);
  _ct_bytes_get_u64 (&r, &e->position);
  _ct_bytes_get_u64 (&r, &e->kdf.opslimit);
  _ct_bytes_get_u64 (&r, &e->kdf.memlimit);
  return _ct_bytes_copy (&r, e->salt, CT_SALT_SIZE);
}

/* The name of a key file of the enrolment file @name at @version. */
static char *
keys_name (const char *name,
           guint32     version)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (ENROL_SUFFIX));

  return g_strdup_printf ("%s-%012u" KEYS_SUFFIX, stem, version);
}

/* The enrolment file's name of the key file @name; NULL when @name is no
 * key file's. */
static char *
keys_enrolment_name (const char *name,
                     guint32    *version)
{
  g_autofree char *stem = NULL;
  const char *dash = strrchr (name, '-');
  guint64 n;

  if (!g_str_has_prefix (name, ENROL_PREFIX) || dash == NULL
      || !_ct_sync_parse_number (dash, "-", KEYS_SUFFIX, &n) || n > G_MAXUINT32)
    return NULL;
  *version = (guint32) n;
  stem = g_strndup (name, (gsize) (dash - name));
  return g_strconcat (stem, ENROL_SUFFIX, NULL);
}

/* What a worker read of this replica's folder for its enrolments
 * (_ct_sync_enrol_scan()), what the session's thread decided of it
 * (_ct_session_sync_enrolment_due()), and what the snapshot job's worker
 * then does (_ct_sync_enrol_scan_write()). */
struct _CtSyncEnrolScan
{
  char       *own_dir;
  GPtrArray  *enrolments;  /* of CtSyncEnrolment: the clear header of each, with
                            * its name in the folder (not a path) as path */
  GHashTable *names;       /* every name in the folder (a set) */
  /* decided in the session's thread */
  GPtrArray  *remove;      /* paths */
  GHashTable *key_files;   /* path to the bytes sealed for it */
};

/* For tests: key files sealed in this process (seal_later_keys()). */
static guint keys_sealed;

void
_ct_sync_enrol_scan_free (CtSyncEnrolScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->own_dir);
  g_clear_pointer (&scan->enrolments, g_ptr_array_unref);
  g_clear_pointer (&scan->names, g_hash_table_unref);
  g_clear_pointer (&scan->remove, g_ptr_array_unref);
  g_clear_pointer (&scan->key_files, g_hash_table_unref);
  g_free (scan);
}

static void
enrolment_free (CtSyncEnrolment *e)
{
  _ct_sync_enrolment_clear (e);
  g_free (e);
}

/**
 * _ct_sync_enrol_scan: (worker)
 * @own_dir: this replica's folder in the team's folder
 *
 * Lists @own_dir and reads the clear header of each enrolment file in
 * it; touches no session. A file that cannot be read, or is no enrolment
 * file, is passed over as the session's thread would.
 */
CtSyncEnrolScan *
_ct_sync_enrol_scan (const char *own_dir)
{
  g_autoptr(GDir) d = g_dir_open (own_dir, 0, NULL);
  CtSyncEnrolScan *scan = g_new0 (CtSyncEnrolScan, 1);
  const char *name;

  scan->own_dir = g_strdup (own_dir);
  scan->enrolments = g_ptr_array_new_with_free_func ((GDestroyNotify) enrolment_free);
  scan->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan->remove = g_ptr_array_new_with_free_func (g_free);
  scan->key_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_bytes_unref);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      CtSyncEnrolment *e;
      gsize len;

      if (!g_str_has_prefix (name, ENROL_PREFIX))
        continue;
      g_hash_table_add (scan->names, g_strdup (name));
      if (!g_str_has_suffix (name, ENROL_SUFFIX))
        continue;
      path = g_build_filename (own_dir, name, NULL);
      e = g_new0 (CtSyncEnrolment, 1);
      if (!g_file_get_contents (path, &data, &len, NULL)
          || !peek_enrolment ((const guint8 *) data, len, e))
        {
          enrolment_free (e);
          continue;
        }
      e->path = g_strdup (name);
      g_ptr_array_add (scan->enrolments, e);
    }
  return scan;
}

/* Every grant of a sync key version after the first that the chain gave
 * @m, the member of the enrolment file @name, sealed into @scan's key
 * files as "enrol-<name>-<newest version>.ctkeys", for the snapshot job's
 * worker to write (_ct_sync_enrol_scan_write()); not when the worker saw
 * that file there already. The grants are the ones the rotations sealed
 * to the member's enrolment box key (_ct_session_sync_rotate()), which
 * every change file carrying them holds as well: no new key is sealed
 * here, and nothing that the member's enrolment secret does not open. */
static void
seal_later_keys (CtSession           *self,
                 CtSyncEnrolScan     *scan,
                 const char          *name,
                 const CtChainMember *m,
                 guint32              current)
{
  g_autoptr(GByteArray) file = NULL;
  g_autofree char *keys = keys_name (name, current);
  guint32 count = 0, versions = 0;

  if (g_hash_table_contains (scan->names, keys))
    return;
  file = g_byte_array_new ();
  _ct_bytes_put_bytes (file, KEYS_MAGIC, 8);
  _ct_bytes_put_bytes (file, self->header->team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_put_bytes (file, m->uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_bytes (file, m->sign_pk, crypto_sign_PUBLICKEYBYTES);
  _ct_bytes_put_u32 (file, 0);
  for (guint32 v = 1; v <= current; v++)
    {
      g_autoptr(GPtrArray) grants = ct_store_sync_keys_get (self->db, v, m->uid);

      versions += grants->len > 0;
      for (guint i = 0; i < grants->len && count < KEYS_MAX; i++)
        {
          gsize len;
          const guint8 *sealed = g_bytes_get_data (g_ptr_array_index (grants, i), &len);

          if (len != CT_SYNC_GRANT_SIZE)
            continue;
          _ct_bytes_put_u32 (file, v);
          _ct_bytes_put_bytes (file, sealed, CT_SYNC_GRANT_SIZE);
          count++;
        }
    }
  /* One version only: the one the enrolment file holds. */
  if (versions < 2)
    return;
  for (guint i = 0; i < 4; i++)
    file->data[KEYS_HEADER_SIZE - 4 + i] = (guint8) (count >> (8 * i));
  g_hash_table_insert (scan->key_files, g_build_filename (scan->own_dir, keys, NULL),
                       g_byte_array_free_to_bytes (g_steal_pointer (&file)));
  g_atomic_int_inc (&keys_sealed);
}

/**
 * _ct_sync_enrol_keys_sealed:
 *
 * Test hook: how many key files this process has sealed for enrolments,
 * to show that one already in the folder is not sealed again.
 */
guint
_ct_sync_enrol_keys_sealed (void)
{
  return (guint) g_atomic_int_get (&keys_sealed);
}

/**
 * _ct_sync_enrol_scan_write: (worker)
 *
 * Does what _ct_session_sync_enrolment_due() decided: removes the files
 * that go, and writes each key file that is not there yet (temporary
 * name, fsync, rename). One that cannot be written is left for the next
 * sync, which seals it again.
 */
void
_ct_sync_enrol_scan_write (CtSyncEnrolScan *scan)
{
  GHashTableIter iter;
  gpointer path, bytes;

  for (guint i = 0; i < scan->remove->len; i++)
    if (g_unlink (g_ptr_array_index (scan->remove, i)) != 0)
      g_debug ("cannot remove %s", (char *) g_ptr_array_index (scan->remove, i));
  g_hash_table_iter_init (&iter, scan->key_files);
  while (g_hash_table_iter_next (&iter, &path, &bytes))
    {
      g_autoptr(GError) local = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS)
          && !_ct_sync_write_once (scan->own_dir, path, bytes, &local))
        g_debug ("%s", local->message);
    }
}

/* Whether @scan leaves the worker anything to do. */
gboolean
_ct_sync_enrol_scan_has_work (CtSyncEnrolScan *scan)
{
  return scan->remove->len > 0 || g_hash_table_size (scan->key_files) > 0;
}

/* @name of @scan's folder goes. */
static void
remove_file (CtSyncEnrolScan *scan,
             const char      *name)
{
  g_ptr_array_add (scan->remove, g_build_filename (scan->own_dir, name, NULL));
  g_hash_table_remove (scan->names, name);
}

/* Where the chain adds @m when it is not at the enrolment's position: an
 * addition set aside at a fork and made again on top of the winner
 * (docs/sync-chain.md, "The loser's change is made again"), which a new
 * member joins from only once a snapshot holds it; -1 when it is at the
 * enrolment's position. */
static gint64
added_again_at (CtSession             *self,
                const CtSyncEnrolment *e,
                const CtChainMember   *m)
{
  for (gint64 seq = self->chain->length - 1; seq >= 0 && seq >= (gint64) e->position; seq--)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(CtChainChange) change = NULL;
      guint8 signer[CT_MEMBER_ID_SIZE], signature[crypto_sign_BYTES];
      gsize len;
      const guint8 *data;

      if (!ct_chain_statement_get (self->db, seq, &body, signer, signature))
        return -1;
      data = g_bytes_get_data (body, &len);
      change = ct_chain_change_read (data, len);
      if (change != NULL && change->kind == CT_CHAIN_ADD
          && memcmp (change->uid, m->uid, CT_MEMBER_ID_SIZE) == 0)
        return seq == (gint64) e->position ? -1 : seq;
    }
  return -1;
}

/**
 * _ct_session_sync_enrolment_due:
 * @scan: what _ct_sync_enrol_scan() read of this replica's folder
 * @snapshot_chain: the chain length of this replica's newest snapshot
 *   (0 when it has none)
 * @waiting: (out): set when an enrolment file waits to be used
 *
 * At the end of a sync, in the session's thread, from what a worker read
 * and without touching the folder: decides into @scan, for
 * _ct_sync_enrol_scan_write(), to remove this replica's enrolment files
 * of members who have since chosen their own keys or were removed (by the
 * chain), with their key files; for each of the others, to write the
 * later sync keys its member holds, when a removal rotated the key since
 * they were added (docs/sync-join.md, "Joining after a removal") and that key
 * file is not there yet; and says whether one of them waits for a
 * snapshot that holds its member's statement, without which nobody can
 * join with it.
 */
gboolean
_ct_session_sync_enrolment_due (CtSession       *self,
                                CtSyncEnrolScan *scan,
                                guint64          snapshot_chain,
                                gboolean        *waiting)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  CtSyncState state;
  GHashTableIter iter;
  gpointer key;
  gboolean due = FALSE, have_state;

  *waiting = FALSE;
  have_state = _ct_session_sync_load_state (self, &state, NULL);
  for (guint i = 0; i < scan->enrolments->len; i++)
    {
      const CtSyncEnrolment *e = g_ptr_array_index (scan->enrolments, i);
      const CtChainMember *m = ct_chain_find_uid (self->chain, e->member_uid);

      if (m != NULL && (m->removed || memcmp (m->sign_pk, e->sign_pk, sizeof e->sign_pk) != 0))
        {
          /* Used, or of a member who left: it opens nothing they need. */
          remove_file (scan, e->path);
          continue;
        }
      if (m != NULL && have_state)
        seal_later_keys (self, scan, e->path, m, state.key_version);
      *waiting = TRUE;
      if (e->position >= snapshot_chain
          || (m != NULL && added_again_at (self, e, m) >= (gint64) snapshot_chain))
        due = TRUE;
    }
  /* A key file goes with its enrolment file, and gives way to a newer one. */
  g_hash_table_iter_init (&iter, scan->names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_suffix (key, KEYS_SUFFIX))
      g_ptr_array_add (keys, g_strdup (key));
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key_name = g_ptr_array_index (keys, i);
      guint32 version;
      g_autofree char *enrol = keys_enrolment_name (key_name, &version);
      g_autofree char *newest = NULL;

      if (enrol == NULL)
        continue;
      newest = have_state ? keys_name (enrol, state.key_version) : g_strdup (key_name);
      if (g_hash_table_contains (scan->names, enrol)
          && (strcmp (newest, key_name) == 0 || !g_hash_table_contains (scan->names, newest)))
        continue;
      remove_file (scan, key_name);
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
gboolean
_ct_sync_find_enrolment (const char      *folder,
                         const char      *login,
                         const char      *code,
                         CtSyncEnrolment *e,
                         GError         **error)
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

      if (!g_str_has_prefix (team, CT_SYNC_TEAM_PREFIX)
          || strlen (team) != strlen (CT_SYNC_TEAM_PREFIX) + 2 * CT_TEAM_ID_SIZE
          || sodium_hex2bin (team_id, sizeof team_id, team + strlen (CT_SYNC_TEAM_PREFIX),
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
refuse_enrolment (CtSyncEnrolment *e,
                  const char      *reason,
                  GError         **error)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED, _("Refused the enrolment file %s: %s."),
               e->path, reason);
  return FALSE;
}

static void
later_key_free (CtSyncLaterKey *k)
{
  ct_secure_free (k->key);
  g_free (k);
}

/* The key file of @e with the newest version beside it (docs/sync-join.md,
 * "Joining after a removal"): each grant that opens with the member's
 * enrolment box key, in e->later_keys. One that is not there, does not
 * parse or names another member gives nothing: the snapshot then tells
 * which key it needs. */
static void
read_later_keys (CtSyncEnrolment  *e,
                 const CtIdentity *identity)
{
  g_autofree char *dir = g_path_get_dirname (e->path);
  g_autofree char *base = g_path_get_basename (e->path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *best = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  guint32 best_version = 0, count = 0;
  CtBytesReader r;
  const char *name;
  gsize len;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint32 version;
      g_autofree char *enrol = keys_enrolment_name (name, &version);

      if (enrol != NULL && strcmp (enrol, base) == 0 && (best == NULL || version > best_version))
        {
          g_free (best);
          best = g_strdup (name);
          best_version = version;
        }
    }
  if (best == NULL)
    return;
  path = g_build_filename (dir, best, NULL);
  if (!g_file_get_contents (path, &data, &len, NULL) || len < KEYS_HEADER_SIZE
      || memcmp (data, KEYS_MAGIC, 8) != 0)
    return;
  _ct_bytes_reader_init (&r, (const guint8 *) data, len);
  _ct_bytes_skip (&r, 8);
  if (memcmp (_ct_bytes_take (&r, CT_TEAM_ID_SIZE), e->team_id, CT_TEAM_ID_SIZE) != 0
      || memcmp (_ct_bytes_take (&r, CT_MEMBER_ID_SIZE), e->member_uid, CT_MEMBER_ID_SIZE) != 0
      || memcmp (_ct_bytes_take (&r, crypto_sign_PUBLICKEYBYTES), e->sign_pk,
                 crypto_sign_PUBLICKEYBYTES) != 0
      || !_ct_bytes_get_count (&r, KEYS_ENTRY_SIZE, &count) || count > KEYS_MAX)
    return;
  e->later_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) later_key_free);
  for (guint32 i = 0; i < count; i++)
    {
      CtSyncLaterKey *k = g_new0 (CtSyncLaterKey, 1);
      const guint8 *sealed;

      _ct_bytes_get_u32 (&r, &k->version);
      sealed = _ct_bytes_take (&r, CT_SYNC_GRANT_SIZE);
      k->key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
      if (sealed != NULL && crypto_box_seal_open (k->key, sealed, CT_SYNC_GRANT_SIZE,
                                                  identity->box_pk, identity->box_sk) == 0)
        g_ptr_array_add (e->later_keys, k);
      else
        later_key_free (k);
    }
}

/* Reads and opens the enrolment file (Argon2id over the code). */
gboolean
_ct_sync_open_enrolment (CtSyncEnrolment *e,
                         const char      *login,
                         const char      *code,
                         GError         **error)
{
  g_autofree char *data = NULL;
  guint8 team_id[CT_TEAM_ID_SIZE];
  guint8 *plain = NULL;
  const guint8 *grant, *stored_login;
  CtBytesReader r;
  guint8 login_len;
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
  /* The file's length left at least ENROL_PLAIN_MIN bytes (peek_enrolment()). */
  _ct_bytes_reader_init (&r, plain, plain_len);
  e->seed = ct_secure_alloc (CT_SEED_SIZE);
  _ct_bytes_copy (&r, e->seed, CT_SEED_SIZE);
  _ct_bytes_get_u32 (&r, &e->key_version);
  grant = _ct_bytes_take (&r, CT_SYNC_GRANT_SIZE);
  identity = ct_identity_new_from_seed (e->seed);
  e->sync_key = ct_secure_alloc (CT_SYNC_KEY_SIZE);
  if (crypto_box_seal_open (e->sync_key, grant, CT_SYNC_GRANT_SIZE, identity->box_pk,
                            identity->box_sk) != 0
      || memcmp (identity->sign_pk, e->sign_pk, sizeof e->sign_pk) != 0)
    {
      refuse_enrolment (e, _("its keys do not belong together"), error);
      goto out;
    }
  _ct_bytes_copy (&r, e->chain_hash, CT_CHAIN_HASH_SIZE);
  if (!_ct_bytes_get_u8 (&r, &login_len) || !_ct_bytes_get_bytes (&r, login_len, &stored_login)
      || !_ct_bytes_reader_done (&r) || strlen (login) != login_len
      || memcmp (stored_login, login, login_len) != 0)
    {
      refuse_enrolment (e, _("it is another member's"), error);
      goto out;
    }
  e->login = g_strdup (login);
  read_later_keys (e, identity);
  ok = TRUE;

out:
  ct_secure_free (plain);
  return ok;
}
