/* ct-sync-join.c — joining a team from its sync folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Joining opens the new member's enrolment file with the code
 * (ct-sync-enrol.c, with the later sync keys of its key file), builds a
 * team file from the newest snapshot whose chain holds their statement,
 * that opens with one of those keys and whose vector reaches what
 * compaction removed from every replica's folder (its chain checked
 * against the hash the enrolment file holds, so a forged chain cannot
 * take its place), unlocks it as any team file is unlocked, becomes a
 * replica of its own, applies the later change files and only then sets
 * the member's own passphrase (a key rotation, as an enrolment is), so
 * that the new keys' statement comes after everything the folder held.
 * The rules are in docs/sync-join.md. */

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
#include "ct-sync-enrol-private.h"
#include "ct-sync-join.h"
#include "ct-sync-private.h"
#include "ct-vfs.h"

/* Enough of a snapshot to read its clear header. */
#define SNAPSHOT_PEEK_SIZE (CT_SYNC_HEADER_SIZE + 8 + CT_TAG_SIZE + CT_SYNC_SIG_SIZE)

/* A candidate snapshot: its path and clear header. */
typedef struct
{
  char      *path;
  guint8     device[CT_SYNC_DEVICE_SIZE];
  guint64    number;
  CtSyncFile file;
  gint64     mtime;
} Candidate;

static void
candidate_free (Candidate *c)
{
  g_free (c->path);
  g_free (c);
}

/* The longest chain first, then the most recent file. */
static gint
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *x = *(const Candidate *const *) a, *y = *(const Candidate *const *) b;

  if (x->file.chain_length != y->file.chain_length)
    return x->file.chain_length > y->file.chain_length ? -1 : 1;
  return x->mtime > y->mtime ? -1 : x->mtime < y->mtime;
}

/* The newest snapshot of every replica in the team's folder that can hold
 * the member's statement, best first. Only their clear headers are read
 * here. */
static GPtrArray *
list_snapshots (const char      *team_dir,
                CtSyncEnrolment *e,
                GError         **error)
{
  g_autoptr(GDir) d = g_dir_open (team_dir, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  const char *device;
  gboolean any = FALSE;

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
        Candidate *c;
        int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
        gboolean read_ok = fd >= 0 && read (fd, head, sizeof head) == (ssize_t) sizeof head;

        if (fd >= 0)
          close (fd);
        if (!read_ok || !_ct_sync_snapshot_peek (head, sizeof head, &peeked, NULL))
          continue;
        if (peeked.chain_length <= e->position)
          continue;
        c = g_new0 (Candidate, 1);
        c->path = g_steal_pointer (&path);
        memcpy (c->device, id, sizeof id);
        c->number = number;
        c->file = peeked;
        c->mtime = info != NULL ? (gint64) g_file_info_get_attribute_uint64 (
                                    info, G_FILE_ATTRIBUTE_TIME_MODIFIED) : 0;
        g_ptr_array_add (found, c);
      }
    }
  if (found->len > 0)
    {
      g_ptr_array_sort (found, candidate_compare);
      return g_steal_pointer (&found);
    }
  g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND,
                       any ? _("No snapshot in the sync folder was written after you were added "
                               "to the team. Ask the beheerder to sync once more, then join "
                               "again.")
                           : _("The sync folder holds no snapshot of the team yet. Ask the "
                               "beheerder to sync once more, then join again."));
  return NULL;
}

/* The keys of sync key @version the enrolment gave: its own, and those of
 * its key file (docs/sync-join.md, "Joining after a removal"). The array does
 * not own them. */
static GPtrArray *
keys_of_version (const CtSyncEnrolment *e,
                 guint32                version)
{
  GPtrArray *keys = g_ptr_array_new ();

  if (version == e->key_version)
    g_ptr_array_add (keys, e->sync_key);
  for (guint i = 0; e->later_keys != NULL && i < e->later_keys->len; i++)
    {
      const CtSyncLaterKey *k = g_ptr_array_index (e->later_keys, i);

      if (k->version == version)
        g_ptr_array_add (keys, k->key);
    }
  return keys;
}

/* Whether the opened snapshot's vector reaches, for every replica with a
 * folder, what compaction removed of it (docs/sync-join.md, "Joining from the
 * folder"); if not, @gap says which replica and file, once. */
static gboolean
covers (const char       *team_dir,
        const Candidate  *snap,
        const CtSyncFile *opened,
        GError          **gap)
{
  g_autoptr(GDir) d = g_dir_open (team_dir, 0, NULL);
  const char *device;

  while (d != NULL && (device = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = NULL;
      guint8 id[CT_SYNC_DEVICE_SIZE];
      guint64 covered = 0, needed, oldest;
      gsize bin_len = 0;

      if (strlen (device) != 2 * CT_SYNC_DEVICE_SIZE
          || sodium_hex2bin (id, sizeof id, device, strlen (device), NULL, &bin_len, NULL) != 0
          || bin_len != sizeof id)
        continue;
      dir = g_build_filename (team_dir, device, NULL);
      needed = _ct_sync_replica_needs (dir, &oldest);
      if (memcmp (id, snap->device, sizeof id) == 0)
        covered = snap->number;
      for (guint i = 0; opened->vector != NULL && i < opened->vector->len; i++)
        {
          const CtSyncPeer *peer = &g_array_index (opened->vector, CtSyncPeer, i);

          if (memcmp (peer->device, id, sizeof id) == 0)
            covered = MAX (covered, peer->seq);
        }
      if (covered >= needed)
        continue;
      if (gap != NULL && *gap == NULL)
        {
          g_autofree char *name = _ct_sync_change_file_name (oldest > 0 ? oldest : needed);

          g_autofree char *snap_name = g_path_get_basename (snap->path);

          g_set_error (gap, CT_ERROR, CT_ERROR_NOT_FOUND,
                       oldest > 0
                         ? _("No snapshot in the sync folder reaches the change files that "
                             "replica %s has since removed: %s holds its files up to %llu, and "
                             "the oldest one left is %s. Ask the beheerder to sync once more "
                             "after a change, then join again.")
                         : _("No snapshot in the sync folder reaches the change files that "
                             "replica %s has since removed: %s holds its files up to %llu, and "
                             "none up to %s is left. Ask the beheerder to sync once more after "
                             "a change, then join again."),
                       device, snap_name, (unsigned long long) covered, name);
        }
      return FALSE;
    }
  return TRUE;
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

/* The member's statement is the chain's where the enrolment file says,
 * with the same hash; or it is a statement of a branch that lost a fork,
 * kept beside the chain, verified on the chain up to the fork point and
 * losing by the rule, as a log anchor is (docs/sync-chain.md, "Forks"):
 * the beheerder who added the member made the addition again on top of
 * the winner, with the same uid and keys ("The loser's change is made
 * again"), so the enrolment file made before stays good. */
static gboolean
added_at (CtSession             *self,
          const CtSyncEnrolment *e,
          CtChain              **chain)
{
  guint8 hash[CT_CHAIN_HASH_SIZE];
  gboolean holds;

  if ((gint64) e->position < (*chain)->length
      && ct_chain_statement_hash (self->db, (gint64) e->position, hash)
      && memcmp (hash, e->chain_hash, CT_CHAIN_HASH_SIZE) == 0)
    return TRUE;
  /* The rule is judged against this chain: lent to the session. */
  self->chain = g_steal_pointer (chain);
  holds = _ct_session_sync_branch_holds (self, (gint64) e->position + 1, e->chain_hash);
  *chain = g_steal_pointer (&self->chain);
  return holds;
}

/* The snapshot's chain must hold the member's statement where the
 * enrolment file says, with the same hash (so every statement up to it is
 * the one the beheerder saw), the member present with their enrolment
 * keys; and the snapshot must be signed by a present member. */
static gboolean
check_chain (CtSession             *self,
             const CtSyncEnrolment *e,
             const Candidate       *snap,
             const guint8          *bytes,
             gsize                  len,
             const CtIdentity      *identity,
             GError               **error)
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
  if (!added_at (self, e, &chain))
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

static int
refused (const char *path,
         const char *reason,
         GError    **error)
{
  refuse_snapshot (path, reason, error);
  return -1;
}

/* Reads, checks and opens the snapshot @snap into @data and @opened.
 * Returns 1 when it opened, 0 when the enrolment holds no key of its
 * version (@later_key set), -1 when it is refused (@error set). */
static int
open_snapshot (CtSyncEnrolment *e,
               Candidate       *snap,
               char           **data,
               gsize           *len,
               CtSyncFile      *opened,
               gboolean        *later_key,
               GError         **error)
{
  g_autoptr(GError) reason = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  gsize payload_len = 0;
  gboolean same;

  if (memcmp (snap->file.team_id, e->team_id, CT_TEAM_ID_SIZE) != 0)
    return refused (snap->path, _("it belongs to another team"), error);
  if (memcmp (snap->file.device, snap->device, CT_SYNC_DEVICE_SIZE) != 0
      || snap->file.seq != snap->number)
    return refused (snap->path, _("its number or replica does not match its name: it was "
                                          "replayed or reordered"), error);
  keys = keys_of_version (e, snap->file.key_version);
  if (keys->len == 0)
    {
      *later_key = TRUE;
      return 0;
    }
  if (!g_file_get_contents (snap->path, data, len, error))
    return -1;
  if (!_ct_sync_snapshot_peek ((const guint8 *) *data, *len, opened, &reason))
    return refused (snap->path, reason->message, error);
  same = memcmp (opened->team_id, e->team_id, CT_TEAM_ID_SIZE) == 0
         && memcmp (opened->device, snap->device, CT_SYNC_DEVICE_SIZE) == 0
         && opened->seq == snap->number && opened->key_version == snap->file.key_version;
  _ct_sync_file_clear (opened);
  if (!same)
    return refused (snap->path, _("it changed while it was read"), error);
  if (!_ct_sync_file_open_any ((const guint8 *) *data, *len, keys, TRUE, opened, &reason))
    return refused (snap->path, reason->message, error);
  if (opened->changes != NULL)
    g_bytes_get_data (opened->changes, &payload_len);
  if (payload_len <= CT_KEY_SIZE)
    {
      _ct_session_sync_snapshot_clear (opened);
      return refused (snap->path, _("it holds no database"), error);
    }
  return 1;
}

/* Of the replicas' newest snapshots, best first, the first the enrolment
 * opens whose vector reaches what compaction removed; read, checked and
 * opened into @data and @opened. */
static Candidate *
choose_snapshot (const char      *team_dir,
                 CtSyncEnrolment *e,
                 GPtrArray       *candidates,
                 char           **data,
                 gsize           *len,
                 CtSyncFile      *opened,
                 GError         **error)
{
  g_autoptr(GError) gap = NULL;
  gboolean later_key = FALSE;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *snap = g_ptr_array_index (candidates, i);
      int found = open_snapshot (e, snap, data, len, opened, &later_key, error);

      if (found < 0)
        return NULL;
      if (found == 0)
        continue;
      if (covers (team_dir, snap, opened, &gap))
        return snap;
      _ct_session_sync_snapshot_clear (opened);
      g_clear_pointer (data, g_free);
    }
  if (gap != NULL)
    g_propagate_error (error, g_steal_pointer (&gap));
  else
    g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                         later_key
                           ? _("The team's sync key changed after you were added (a member left), "
                               "and your enrolment does not hold the new one. Ask the beheerder "
                               "who added you to sync once more, then join again; if they cannot, "
                               "ask a beheerder to remove you and add you again.")
                           : _("No snapshot in the sync folder opens with your enrolment."));
  return NULL;
}

/* Fills the new team file at @path from the opened snapshot @snap: its
 * header (the member's enrolment slot under the code's key, and the
 * recovery slot), then the database. */
static gboolean
build_file (const char      *path,
            CtSyncEnrolment *e,
            Candidate       *snap,
            const char      *data,
            gsize            len,
            CtSyncFile      *opened,
            GError         **error)
{
  g_autoptr(CtSession) self = NULL;
  g_autoptr(CtIdentity) identity = ct_identity_new_from_seed (e->seed);
  CtSlot slot;
  gsize payload_len;
  const guint8 *payload;
  gboolean ok = FALSE;

  payload = g_bytes_get_data (opened->changes, &payload_len);
  self = _ct_session_open_file (path, TRUE, error);
  if (self == NULL)
    return FALSE;
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

/* Keeps the file at @tmp as @path, never over an existing file. */
static gboolean
keep_as (const char *tmp,
         const char *path,
         GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

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
  _ct_sync_fsync_dir (dir);
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
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *data = NULL;
  CtSyncEnrolment e = { 0 };
  CtSyncFile opened = { 0 };
  Candidate *snap;
  CtSyncSummary summary = { 0 };
  gsize len = 0;
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

  if (!_ct_sync_find_enrolment (folder, login, canonical_code, &e, error)
      || !_ct_sync_open_enrolment (&e, login, canonical_code, error))
    goto out;
  team_hex = _ct_sync_hex (e.team_id, CT_TEAM_ID_SIZE);
  team_dir = g_strconcat (folder, G_DIR_SEPARATOR_S, CT_SYNC_TEAM_PREFIX, team_hex, NULL);
  if ((candidates = list_snapshots (team_dir, &e, error)) == NULL
      || (snap = choose_snapshot (team_dir, &e, candidates, &data, &len, &opened, error)) == NULL)
    goto out;

  tmp = g_strdup_printf ("%s.join-%08x", canonical_path, randombytes_random ());
  ok = build_file (tmp, &e, snap, data, len, &opened, error);
  _ct_session_sync_snapshot_clear (&opened);
  if (!ok)
    goto out;
  ok = FALSE;

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
    ct_store_remove_file (tmp);
  _ct_session_sync_snapshot_clear (&opened);
  _ct_sync_enrolment_clear (&e);
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
 * Joins a team from its sync folder (docs/sync-join.md, "Joining from the
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
  GTask *task;

  g_return_if_fail (folder != NULL && path != NULL && login != NULL);
  g_return_if_fail (enrolment_code != NULL && new_passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_sync_join_async);
  _ct_enrol_run_in_thread (task, ct_sync_join, folder, path, login, enrolment_code,
                           new_passphrase);
}

gboolean
ct_sync_join_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_sync_join_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
