/* ct-audit-anchor.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log's anchors: a hash chain shows a changed entry, not a
 * cut-off tail, so each member's newest entry is anchored in a row only
 * that member can sign and in a small file on their own device
 * (docs/security.md, "Anchors"). */

#define G_LOG_DOMAIN "ct-audit"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-audit-private.h"
#include "ct-bytes-private.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"

/* An anchor: which entry was a member's newest, and how long the team
 * chain was, when they last wrote to the log. No personal data. */
#define ANCHOR_MAGIC "CTAN"
#define ANCHOR_SIZE (4 + 1 + CT_TEAM_ID_SIZE + CT_MEMBER_ID_SIZE + 8 + HASH_SIZE + 8 \
                     + CT_CHAIN_HASH_SIZE)
#define ANCHOR_FILE_SIZE (ANCHOR_SIZE + crypto_sign_BYTES)

typedef struct
{
  guint8 uid[CT_MEMBER_ID_SIZE];
  gint64 entry_id;
  guint8 entry_hash[HASH_SIZE];
  gint64 chain_length;
  guint8 chain_head[CT_CHAIN_HASH_SIZE];
} Anchor;

static void
anchor_encode (const Anchor *a,
               const guint8 *team_id,
               guint8       *out)
{
  g_autoptr(GByteArray) w = g_byte_array_sized_new (ANCHOR_SIZE);

  _ct_bytes_put_bytes (w, ANCHOR_MAGIC, 4);
  _ct_bytes_put_u8 (w, 1);
  _ct_bytes_put_bytes (w, team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_put_bytes (w, a->uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_i64 (w, a->entry_id);
  _ct_bytes_put_bytes (w, a->entry_hash, HASH_SIZE);
  _ct_bytes_put_i64 (w, a->chain_length);
  _ct_bytes_put_bytes (w, a->chain_head, CT_CHAIN_HASH_SIZE);
  g_assert (w->len == ANCHOR_SIZE);
  memcpy (out, w->data, ANCHOR_SIZE);
}

static gboolean
anchor_decode (const guint8 *in,
               gsize         len,
               const guint8 *team_id,
               Anchor       *a)
{
  CtBytesReader r;
  const guint8 *team;
  guint8 version;

  if (len != ANCHOR_SIZE || memcmp (in, ANCHOR_MAGIC, 4) != 0)
    return FALSE;
  _ct_bytes_reader_init (&r, in, len);
  _ct_bytes_skip (&r, 4);
  if (!_ct_bytes_get_u8 (&r, &version) || version != 1
      || !_ct_bytes_get_bytes (&r, CT_TEAM_ID_SIZE, &team)
      || memcmp (team, team_id, CT_TEAM_ID_SIZE) != 0)
    return FALSE;
  _ct_bytes_copy (&r, a->uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_get_i64 (&r, &a->entry_id);
  _ct_bytes_copy (&r, a->entry_hash, HASH_SIZE);
  _ct_bytes_get_i64 (&r, &a->chain_length);
  return _ct_bytes_copy (&r, a->chain_head, CT_CHAIN_HASH_SIZE);
}

/* In the transaction of the entry: the member's anchor row follows it. */
gboolean
_ct_audit_anchor_put (CtSession    *self,
            gint64        entry_id,
            const guint8 *entry_hash,
            GError      **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  guint8 body[ANCHOR_SIZE], sig[crypto_sign_BYTES];
  Anchor a = { { 0 } };

  if (self->member == NULL || self->chain == NULL)
    return TRUE;

  memcpy (a.uid, self->member->member_uid, CT_MEMBER_ID_SIZE);
  a.entry_id = entry_id;
  memcpy (a.entry_hash, entry_hash, HASH_SIZE);
  a.chain_length = self->chain->length;
  memcpy (a.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  anchor_encode (&a, self->header->team_id, body);
  crypto_sign_detached (sig, NULL, body, sizeof body, self->identity->sign_sk);

  stmt = ct_store_prepare (self->db, "INSERT OR REPLACE INTO log_anchors (member_uid, body, "
                                     "signature) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, a.uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, body, sizeof body, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, sig, sizeof sig, SQLITE_STATIC);
  return ct_store_step_done (self->db, stmt, error);
}

static gboolean
anchor_signed_by_member (CtSession    *self,
                         const Anchor *a,
                         const guint8 *body,
                         const guint8 *sig)
{
  CtChainMember *m = ct_chain_find_uid (self->chain, a->uid);

  for (guint i = 0; m != NULL && i < ct_chain_member_n_sign_keys (m); i++)
    if (crypto_sign_verify_detached (sig, body, ANCHOR_SIZE,
                                     ct_chain_member_get_sign_key (m, i)) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the file still holds what the anchor saw: the entry with its
 * hash, and the chain up to that length with its head. */
static gboolean
anchor_holds (CtSession    *self,
              const Anchor *a,
              gboolean      with_entry)
{
  guint8 head[CT_CHAIN_HASH_SIZE];

  if (with_entry && a->entry_id > 0)
    {
      g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT hash FROM access_log "
                                                           "WHERE id = ?1", NULL);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, a->entry_id);
      if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_bytes (stmt, 0) != HASH_SIZE
          || sodium_memcmp (sqlite3_column_blob (stmt, 0), a->entry_hash, HASH_SIZE) != 0)
        return FALSE;
    }

  /* A head on a branch that lost a fork and was set aside still holds
   * (docs/sync-chain.md, "Forks"). */
  return a->chain_length == 0
         || (a->chain_length <= self->chain->length
             && ct_chain_statement_hash (self->db, a->chain_length - 1, head)
             && sodium_memcmp (head, a->chain_head, CT_CHAIN_HASH_SIZE) == 0)
         || _ct_session_sync_branch_holds (self, a->chain_length, a->chain_head);
}

static char *
device_anchor_path (CtSession *self)
{
  char team[2 * CT_TEAM_ID_SIZE + 1], uid[2 * CT_MEMBER_ID_SIZE + 1];
  g_autofree char *name = NULL;

  sodium_bin2hex (team, sizeof team, self->header->team_id, CT_TEAM_ID_SIZE);
  sodium_bin2hex (uid, sizeof uid, self->member->member_uid, CT_MEMBER_ID_SIZE);
  name = g_strconcat (uid, ".anchor", NULL);
  return g_build_filename (g_get_user_state_dir (), "casustafel", team, name, NULL);
}

static void
set_cut (GError      **error,
         const Anchor *a)
{
  g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
               _("This copy of the team file is older than the one this device last saw, or "
                 "its log or team chain was cut: access-log entry %lld or team chain statement "
                 "%lld is missing or changed. Open the newest copy, or ask a beheerder, who can "
                 "put an older copy back deliberately."),
               (long long) a->entry_id, (long long) a->chain_length);
}

/* This member's device record, when there is a readable one signed by
 * them; an unreadable one is ignored (a new device). */
static gboolean
read_device_anchor (CtSession *self,
                    Anchor    *a)
{
  g_autofree char *path = NULL;
  g_autofree guint8 *data = NULL;
  gsize len = 0;

  if (self->member == NULL || self->chain == NULL)
    return FALSE;

  path = device_anchor_path (self);
  if (!g_file_get_contents (path, (char **) &data, &len, NULL))
    return FALSE;

  if (len != ANCHOR_FILE_SIZE || !anchor_decode (data, ANCHOR_SIZE, self->header->team_id, a)
      || memcmp (a->uid, self->member->member_uid, CT_MEMBER_ID_SIZE) != 0
      || !anchor_signed_by_member (self, a, data, data + ANCHOR_SIZE))
    {
      g_message ("Ignoring the unreadable log anchor %s", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * _ct_audit_check_device_anchor:
 *
 * At unlock: what this member's device last saw of this team must still
 * be in the file. No record (a new device) passes.
 */
gboolean
_ct_audit_check_device_anchor (CtSession *self,
                               GError   **error)
{
  Anchor a;

  if (!read_device_anchor (self, &a) || anchor_holds (self, &a, TRUE))
    return TRUE;
  set_cut (error, &a);
  return FALSE;
}

/**
 * _ct_audit_device_anchor_gap:
 * @entry_id: (out): the newest entry of this member the device saw
 * @chain_length: (out): the chain length the device saw
 *
 * Returns: whether this device saw more of the team than the file holds
 *   (the record _ct_audit_check_device_anchor() refuses)
 */
gboolean
_ct_audit_device_anchor_gap (CtSession *self,
                             gint64    *entry_id,
                             gint64    *chain_length)
{
  Anchor a;

  if (!read_device_anchor (self, &a) || anchor_holds (self, &a, TRUE))
    return FALSE;
  *entry_id = a.entry_id;
  *chain_length = a.chain_length;
  return TRUE;
}

/**
 * _ct_audit_last_entry_id:
 *
 * Returns: the id of the newest entry of the log, 0 for none
 */
gint64
_ct_audit_last_entry_id (CtSession *self)
{
  guint8 hash[HASH_SIZE];
  gint64 id = 0;

  return _ct_audit_last_entry (self->db, &id, hash, NULL) ? id : 0;
}

/**
 * _ct_audit_save_device_anchor:
 *
 * Copies this member's anchor row to their device (atomically, by
 * rename). A failure only weakens detection, so it is only noted: a lost
 * race with another process writing the same record is no error.
 */
void
_ct_audit_save_device_anchor (CtSession *self)
{
  g_autoptr(CtStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  guint8 data[ANCHOR_FILE_SIZE];

  if (self->db == NULL || self->member == NULL || self->chain == NULL || !self->anchored)
    return;

  stmt = ct_store_prepare (self->db, "SELECT body, signature FROM log_anchors WHERE "
                                     "member_uid = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, self->member->member_uid, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_bytes (stmt, 0) != ANCHOR_SIZE
      || sqlite3_column_bytes (stmt, 1) != crypto_sign_BYTES)
    return;
  memcpy (data, sqlite3_column_blob (stmt, 0), ANCHOR_SIZE);
  memcpy (data + ANCHOR_SIZE, sqlite3_column_blob (stmt, 1), crypto_sign_BYTES);

  path = device_anchor_path (self);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, (const char *) data, sizeof data,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0600, &error))
    g_message ("Could not save the log anchor %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

/* Every member's anchor row: signed by that member, and still true; at
 * unlock (without @with_entries) only as far as the chain goes, which
 * decides who may read what. */
gboolean
_ct_audit_verify_anchors (CtSession *self,
                gboolean   with_entries,
                GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT body, signature FROM log_anchors",
                                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *body = sqlite3_column_blob (stmt, 0);
      CtChainMember *m;
      Anchor a;

      if (sqlite3_column_bytes (stmt, 0) != ANCHOR_SIZE
          || sqlite3_column_bytes (stmt, 1) != crypto_sign_BYTES
          || !anchor_decode (body, ANCHOR_SIZE, self->header->team_id, &a)
          || !anchor_signed_by_member (self, &a, body, sqlite3_column_blob (stmt, 1)))
        {
          g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                               _("A log anchor is not signed by the member it names: it was "
                                 "changed outside Casustafel."));
          return FALSE;
        }
      m = ct_chain_find_uid (self->chain, a.uid);
      if (!anchor_holds (self, &a, with_entries))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("The access log or team chain was cut: entry %lld, the newest of %s, "
                         "or chain statement %lld is missing or changed."),
                       (long long) a.entry_id, m->login, (long long) a.chain_length);
          return FALSE;
        }
    }
  return rc == SQLITE_DONE || ct_store_set_error (self->db, rc, error);
}

/**
 * _ct_audit_check_chain_anchors:
 *
 * At unlock: no member's anchor row may name a longer or other team chain
 * than the file holds, so a chain cut back to before a revocation is
 * refused before any key is sealed by it.
 */
gboolean
_ct_audit_check_chain_anchors (CtSession *self,
                               GError   **error)
{
  return _ct_audit_verify_anchors (self, FALSE, error);
}

/**
 * _ct_audit_drop_broken_anchors:
 *
 * For a repair with the recovery key, inside its transaction: deletes
 * every anchor row that is not signed by a key the chain gives the member
 * it names, or that names a longer or other chain than the file now
 * holds. Rows about the log alone are kept: they still show a cut log.
 *
 * Returns: how many were deleted, or -1 with @error set
 */
gint
_ct_audit_drop_broken_anchors (CtSession *self,
                               GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT member_uid, body, signature FROM "
                                                       "log_anchors", error);
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int rc;

  if (stmt == NULL)
    return -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *body = sqlite3_column_blob (stmt, 1);
      Anchor a;

      if (sqlite3_column_bytes (stmt, 1) == ANCHOR_SIZE
          && sqlite3_column_bytes (stmt, 2) == crypto_sign_BYTES
          && anchor_decode (body, ANCHOR_SIZE, self->header->team_id, &a)
          && anchor_signed_by_member (self, &a, body, sqlite3_column_blob (stmt, 2))
          && anchor_holds (self, &a, FALSE))
        continue;
      g_ptr_array_add (broken, g_bytes_new (sqlite3_column_blob (stmt, 0),
                                            sqlite3_column_bytes (stmt, 0)));
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error) ? 0 : -1;

  for (guint i = 0; i < broken->len; i++)
    {
      g_autoptr(CtStmt) del = ct_store_prepare (self->db, "DELETE FROM log_anchors WHERE "
                                                          "member_uid = ?1", error);
      gsize len;
      gconstpointer uid = g_bytes_get_data (g_ptr_array_index (broken, i), &len);

      if (del == NULL)
        return -1;
      sqlite3_bind_blob (del, 1, uid, (int) len, SQLITE_STATIC);
      if (!ct_store_step_done (self->db, del, error))
        return -1;
    }
  return (gint) broken->len;
}

