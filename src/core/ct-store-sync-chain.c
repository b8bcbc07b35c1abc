/* ct-store-sync-chain.c — SQL of what travels with sync's team chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The chain's statements as sync knows them (migration 15), the sync key
 * grants, and the category keys packed for a change file and unpacked
 * from one (docs/sync-chain.md). Each function runs in the caller's transaction;
 * every value is bound. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-error.h"
#include "ct-store-sync.h"

/* ---- the chain's statements and sync key grants (docs/sync-chain.md) ---- */

/* A grant that travelled: kept only when this file has none for that
 * version and holder, so a later copy never replaces the first. */
gboolean
ct_store_sync_key_add (sqlite3           *db,
                       const CtSyncGrant *grant,
                       GError           **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO sync_keys (version, made_by, holder, sealed) "
                          "VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grant->version);
  sqlite3_bind_blob (stmt, 2, grant->made_by, CT_CHAIN_HASH_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, grant->holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 4, grant->sealed, CT_SYNC_GRANT_SIZE, SQLITE_TRANSIENT);
  return ct_store_step_done (db, stmt, error);
}

/* The name this file gives sync key @version (docs/sync-security.md, "Key
 * versions named by their statement"): sync_state's for its current
 * version, else that of a grant it holds of the number, one made by a
 * statement of the chain before one made on a branch set aside at a fork;
 * zeros when none. */
void
ct_store_sync_key_name (sqlite3 *db,
                        guint32  version,
                        guint8  *made_by)
{
  static const char *const sql[] = {
    "SELECT key_made_by FROM sync_state WHERE key_version = ?1",
    "SELECT made_by FROM sync_keys WHERE version = ?1 ORDER BY made_by IN "
    "(SELECT hash FROM sync_chain_branches), made_by LIMIT 1",
  };

  memset (made_by, 0, CT_CHAIN_HASH_SIZE);
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql[i], NULL);

      if (stmt == NULL)
        return;
      sqlite3_bind_int64 (stmt, 1, version);
      if (sqlite3_step (stmt) == SQLITE_ROW
          && sqlite3_column_bytes (stmt, 0) == CT_CHAIN_HASH_SIZE)
        {
          memcpy (made_by, sqlite3_column_blob (stmt, 0), CT_CHAIN_HASH_SIZE);
          return;
        }
    }
}

/* Whether this file holds a grant of sync key @version under a name of
 * which @holder holds none: after a resolved fork, a version of the other
 * branch that a beheerder has not granted them yet (docs/sync-chain.md, "When
 * both branches take rights away"). */
gboolean
ct_store_sync_key_lacks (sqlite3      *db,
                         guint32       version,
                         const guint8 *holder)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM sync_keys WHERE version = ?1 AND made_by NOT IN "
                          "(SELECT made_by FROM sync_keys WHERE version = ?1 AND holder = ?2) "
                          "LIMIT 1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Whether @holder holds a grant of sync key @version named @made_by. */
gboolean
ct_store_sync_key_has (sqlite3      *db,
                       guint32       version,
                       const guint8 *made_by,
                       const guint8 *holder)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM sync_keys WHERE version = ?1 AND made_by = ?2 AND "
                          "holder = ?3", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, made_by, CT_CHAIN_HASH_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Whether a statement kept beside the chain at a fork has @hash. */
gboolean
ct_store_sync_branch_has (sqlite3      *db,
                          const guint8 *hash)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT 1 FROM sync_chain_branches WHERE hash = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, CT_CHAIN_HASH_SIZE, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Every grant to @holder of a sync key version that a statement set aside
 * at a fork made (docs/sync-chain.md, "When both branches take rights away"). */
GArray *
ct_store_sync_kept_grants (sqlite3      *db,
                           const guint8 *holder,
                           GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT version, made_by, sealed FROM sync_keys WHERE holder = ?1 AND "
                          "made_by IN (SELECT hash FROM sync_chain_branches) ORDER BY version, "
                          "made_by", error);
  g_autoptr(GArray) all = g_array_new (FALSE, TRUE, sizeof (CtSyncGrant));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncGrant g = { 0 };

      if (sqlite3_column_bytes (stmt, 1) != CT_CHAIN_HASH_SIZE
          || sqlite3_column_bytes (stmt, 2) != CT_SYNC_GRANT_SIZE)
        continue;
      g.version = (guint32) sqlite3_column_int64 (stmt, 0);
      memcpy (g.made_by, sqlite3_column_blob (stmt, 1), CT_CHAIN_HASH_SIZE);
      memcpy (g.holder, holder, CT_MEMBER_ID_SIZE);
      memcpy (g.sealed, sqlite3_column_blob (stmt, 2), CT_SYNC_GRANT_SIZE);
      g_array_append_val (all, g);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&all);
}

/* Every grant this file holds, of every version. */
GArray *
ct_store_sync_grants (sqlite3 *db,
                      GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT version, holder, sealed, made_by "
                                                 "FROM sync_keys ORDER BY version, made_by, "
                                                 "holder", error);
  g_autoptr(GArray) grants = g_array_new (FALSE, TRUE, sizeof (CtSyncGrant));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncGrant g = { 0 };

      if (sqlite3_column_bytes (stmt, 1) != CT_MEMBER_ID_SIZE
          || sqlite3_column_bytes (stmt, 2) != CT_SYNC_GRANT_SIZE
          || sqlite3_column_bytes (stmt, 3) != CT_CHAIN_HASH_SIZE)
        continue;
      memcpy (g.made_by, sqlite3_column_blob (stmt, 3), CT_CHAIN_HASH_SIZE);
      g.version = (guint32) sqlite3_column_int64 (stmt, 0);
      memcpy (g.holder, sqlite3_column_blob (stmt, 1), CT_MEMBER_ID_SIZE);
      memcpy (g.sealed, sqlite3_column_blob (stmt, 2), CT_SYNC_GRANT_SIZE);
      g_array_append_val (grants, g);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&grants);
}

/* The first statement sync has no row for. */
gint64
ct_store_sync_chain_next (sqlite3 *db)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT coalesce (max (seq) + 1, 0) FROM "
                                                 "sync_chain", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
ct_store_sync_chain_put (sqlite3  *db,
                         gint64    seq,
                         guint64   hlc,
                         gboolean  sent,
                         GError  **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT OR IGNORE INTO sync_chain (seq, hlc, "
                                                 "sent) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, (gint64) hlc);
  sqlite3_bind_int (stmt, 3, sent ? 1 : 0);
  return ct_store_step_done (db, stmt, error);
}

/* The stamps of statements @seq and after go: a fork's losing branch
 * leaves the chain (docs/sync-chain.md, "Forks"), kept in sync_chain_branches. */
gboolean
ct_store_sync_chain_forget_from (sqlite3  *db,
                                 gint64    seq,
                                 GError  **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "DELETE FROM sync_chain WHERE seq >= ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return ct_store_step_done (db, stmt, error);
}

/* A statement of a branch that lost a fork at @fork, kept beside the
 * chain; @own when this replica's member signed it here. */
gboolean
ct_store_sync_branch_put (sqlite3       *db,
                          gint64         fork,
                          gint64         seq,
                          const guint8  *hash,
                          GBytes        *body,
                          const guint8  *signer,
                          const guint8  *signature,
                          guint64        hlc,
                          gboolean       own,
                          GError       **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO sync_chain_branches (seq, hash, fork, body, "
                          "signer, signature, hlc, own) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      error);
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_blob (stmt, 2, hash, CT_CHAIN_HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, fork);
  sqlite3_bind_blob (stmt, 4, data != NULL ? data : (const guint8 *) "", (int) len, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, signer, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 6, signature, crypto_sign_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, (gint64) hlc);
  sqlite3_bind_int (stmt, 8, own ? 1 : 0);
  return ct_store_step_done (db, stmt, error);
}

/* Columns: body, signer; every kept branch statement this replica's own
 * member signed (docs/sync-chain.md, "Forks"), in the order they were made. */
sqlite3_stmt *
ct_store_sync_branch_own (sqlite3  *db,
                          GError  **error)
{
  return ct_store_prepare (db, "SELECT body, signer FROM sync_chain_branches WHERE own = 1 "
                               "ORDER BY fork, seq, hash", error);
}

/* Columns: hash, fork, body, signer, signature, hlc, own; every kept
 * branch statement at position @seq. */
sqlite3_stmt *
ct_store_sync_branch_at (sqlite3  *db,
                         gint64    seq,
                         GError  **error)
{
  CtStmt *stmt = ct_store_prepare (db, "SELECT hash, fork, body, signer, signature, hlc, own "
                                       "FROM sync_chain_branches WHERE seq = ?1 ORDER BY hash",
                                   error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  return stmt;
}

/* The stamp of statement @seq; 0 for one from before sync was on. */
guint64
ct_store_sync_chain_hlc (sqlite3 *db,
                         gint64   seq)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT hlc FROM sync_chain WHERE seq = ?1",
                                             NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint64) sqlite3_column_int64 (stmt, 0);
}

/* The statements made on this replica and not yet in a change file: the
 * first one's seq, or -1; @hlcs gets their stamps in order. */
gint64
ct_store_sync_chain_unsent (sqlite3 *db,
                            GArray  *hlcs,
                            GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, hlc FROM sync_chain WHERE sent = 0 "
                                                 "ORDER BY seq", error);
  gint64 first = -1;
  int rc;

  if (stmt == NULL)
    return -2;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 hlc = (guint64) sqlite3_column_int64 (stmt, 1);

      if (first < 0)
        first = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (hlcs, hlc);
    }
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (db, rc, error);
      return -2;
    }
  return first;
}

gboolean
ct_store_sync_chain_mark_sent (sqlite3 *db,
                               GError **error)
{
  return ct_store_exec (db, "UPDATE sync_chain SET sent = 1 WHERE sent = 0", error);
}

/* ---- category keys travel with the chain (docs/sync-chain.md) ---- */

/* Whether a category key was rotated here since the last change file that
 * carried the category keys (docs/sync-security.md, "A rotation made at a later
 * unlock"). */
gboolean
ct_store_sync_keys_unsent (sqlite3 *db)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT 1 FROM sync_keys_unsent", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* Sets or clears that mark; without sync nothing is marked (a replica
 * made later starts from the keys as they are). */
gboolean
ct_store_sync_keys_set_unsent (sqlite3  *db,
                               gboolean  unsent,
                               GError  **error)
{
  return ct_store_exec (db, unsent ? "INSERT OR IGNORE INTO sync_keys_unsent (id) "
                                     "SELECT 1 FROM sync_state"
                                   : "DELETE FROM sync_keys_unsent", error);
}

/* Every version of every category key (with the previous one sealed
 * under it) and every grant of them, each named by its number and the
 * statement that made it (docs/sync-security.md, "Key versions named by their
 * statement"), without the name when @named is %FALSE (the list of a
 * CTSYNC03 file, for the tests of its reader): each grant is sealed to
 * one holder, so the list needs no key of its own. */
GBytes *
ct_store_sync_category_keys_export (sqlite3  *db,
                                    gboolean  named,
                                    GError  **error)
{
  g_autoptr(CtStmt) keys = ct_store_prepare (db, "SELECT category, version, used, previous, "
                                                 "made_by FROM category_keys ORDER BY 1, 2, 5",
                                             error);
  g_autoptr(CtStmt) grants = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int rc;

  if (keys == NULL)
    return NULL;
  while ((rc = sqlite3_step (keys)) == SQLITE_ROW)
    {
      int prev_len = sqlite3_column_bytes (keys, 3);

      if (named && sqlite3_column_bytes (keys, 4) != CT_KEY_NAME_SIZE)
        continue;
      _ct_bytes_put_u8 (out, 1);
      _ct_bytes_put_text (out, 1, (const char *) sqlite3_column_text (keys, 0));
      _ct_bytes_put_u32 (out, (guint32) sqlite3_column_int64 (keys, 1));
      if (named)
        g_byte_array_append (out, sqlite3_column_blob (keys, 4), CT_KEY_NAME_SIZE);
      _ct_bytes_put_u8 (out, sqlite3_column_int (keys, 2) != 0);
      _ct_bytes_put_u16 (out, (guint16) prev_len);
      g_byte_array_append (out, sqlite3_column_blob (keys, 3), (guint) prev_len);
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (db, rc, error), NULL;
  if ((grants = ct_store_prepare (db, "SELECT holder, category, version, sealed, made_by FROM "
                                      "key_grants ORDER BY 1, 2, 3, 5", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (grants)) == SQLITE_ROW)
    {
      int len = sqlite3_column_bytes (grants, 3);

      if (named && sqlite3_column_bytes (grants, 4) != CT_KEY_NAME_SIZE)
        continue;
      _ct_bytes_put_u8 (out, 2);
      _ct_bytes_put_i64 (out, sqlite3_column_int64 (grants, 0));
      _ct_bytes_put_text (out, 1, (const char *) sqlite3_column_text (grants, 1));
      _ct_bytes_put_u32 (out, (guint32) sqlite3_column_int64 (grants, 2));
      if (named)
        g_byte_array_append (out, sqlite3_column_blob (grants, 4), CT_KEY_NAME_SIZE);
      _ct_bytes_put_u16 (out, (guint16) len);
      g_byte_array_append (out, sqlite3_column_blob (grants, 3), (guint) len);
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (db, rc, error), NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static CtCategory
get_category (CtBytesReader *r)
{
  guint len = (guint) _ct_bytes_le (r, 1);
  const guint8 *p = _ct_bytes_take (r, len);
  g_autofree char *name = p != NULL ? g_strndup ((const char *) p, len) : NULL;
  CtCategory c = name != NULL ? ct_category_from_string (name) : CT_CATEGORY_INVALID;

  if (c == CT_CATEGORY_INVALID || c == CT_CATEGORY_GENERAL)
    r->failed = TRUE;
  return c;
}

/**
 * ct_store_sync_category_keys_parse:
 * @named: whether the list names its versions (a CTSYNC04 file's does)
 * @each: called with every version and grant in order; its %FALSE stops
 *
 * Reads what ct_store_sync_category_keys_export() wrote, bounds-checked:
 * a malformed list calls @each for none of what follows the fault and
 * fails naming it.
 */
gboolean
ct_store_sync_category_keys_parse (GBytes     *bytes,
                                   gboolean    named,
                                   gboolean  (*each) (const CtSyncKeyItem *, gpointer, GError **),
                                   gpointer    data,
                                   GError    **error)
{
  gsize len;
  const guint8 *bytes_data = g_bytes_get_data (bytes, &len);
  CtBytesReader r;

  _ct_bytes_reader_init (&r, bytes_data, len);
  while (!r.failed && _ct_bytes_left (&r) > 0)
    {
      CtSyncKeyItem item = { 0 };
      const guint8 *name = NULL;

      item.kind = (guint) _ct_bytes_le (&r, 1);
      if (item.kind == 2)
        item.holder = (gint64) _ct_bytes_le (&r, 8);
      else if (item.kind != 1)
        {
          r.failed = TRUE;
          break;
        }
      item.category = get_category (&r);
      item.version = _ct_bytes_le (&r, 4);
      if (named && (name = _ct_bytes_take (&r, CT_KEY_NAME_SIZE)) != NULL)
        memcpy (item.made_by, name, CT_KEY_NAME_SIZE);
      if (item.kind == 1)
        item.used = _ct_bytes_le (&r, 1) != 0;
      item.len = (guint) _ct_bytes_le (&r, 2);
      item.bytes = _ct_bytes_take (&r, item.len);
      if (r.failed || item.version == 0 || item.version > G_MAXINT32
          || (item.kind == 2 && item.len != CT_SEALED_KEY_SIZE))
        {
          r.failed = TRUE;
          break;
        }
      if (!each (&item, data, error))
        return FALSE;
    }
  if (r.failed)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("the category keys in it are malformed"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  sqlite3       *db;
  const CtChain *chain;
  gboolean      *changed;
  CtStmt        *add_key;
  CtStmt        *set_prev;
  CtStmt        *add_grant;
} Import;

/* One version or grant into the file; @import->changed when it is new. */
static gboolean
import_item (const CtSyncKeyItem *item,
             gpointer             data,
             GError             **error)
{
  Import *import = data;
  const char *category = ct_category_to_string (item->category);
  CtStmt *stmt;

  if (item->kind == 2)
    {
      const CtChainMember *m = ct_chain_find_id (import->chain, item->holder);

      if (item->holder == 0 ? !import->chain->has_recovery : (m == NULL || m->removed))
        return TRUE;
      stmt = import->add_grant;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, item->holder);
      sqlite3_bind_text (stmt, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, item->version);
      sqlite3_bind_blob (stmt, 4, item->bytes, (int) item->len, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 5, item->made_by, CT_KEY_NAME_SIZE, SQLITE_TRANSIENT);
      if (!ct_store_step_done (import->db, stmt, error))
        return FALSE;
      *import->changed |= sqlite3_changes (import->db) > 0;
      return TRUE;
    }

  for (guint i = 0; i < (item->len > 0 ? 2u : 1u); i++)
    {
      stmt = i == 0 ? import->add_key : import->set_prev;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, category, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, item->version);
      sqlite3_bind_int (stmt, 3, item->used);
      sqlite3_bind_blob (stmt, 4, item->made_by, CT_KEY_NAME_SIZE, SQLITE_TRANSIENT);
      if (i == 1)
        sqlite3_bind_blob (stmt, 3, item->bytes, (int) item->len, SQLITE_TRANSIENT);
      if (!ct_store_step_done (import->db, stmt, error))
        return FALSE;
      *import->changed |= sqlite3_changes (import->db) > 0;
    }
  return TRUE;
}

/* The name a version of category ?1 numbered ?2 is filed under: ?4, the
 * list's, or for a list without names (a CTSYNC03 or older file) the name
 * this file took first for that number, zeros when it has none, as one
 * number had one key. */
#define NAME_OF(named) \
  ((named) ? "?4" : "coalesce ((SELECT made_by FROM category_keys WHERE category = ?1 AND " \
                    "version = ?2 ORDER BY rowid LIMIT 1), zeroblob (32))")

/**
 * ct_store_sync_category_keys_import:
 * @named: whether @bytes names its versions (ct_store_sync_category_keys_parse())
 * @chain: the chain after the statements the file carried
 * @changed: (out): whether a version, a previous key or a grant was new
 *
 * Takes what ct_store_sync_category_keys_export() wrote on another
 * replica: a version or grant this file lacks, and a previous key where
 * it has none. Nothing is replaced; a grant for someone who is not a
 * present member (or the recovery key, holder 0) is left out.
 *
 * Returns: %FALSE when the bytes are malformed or on a database error
 */
gboolean
ct_store_sync_category_keys_import (sqlite3       *db,
                                    GBytes        *bytes,
                                    gboolean       named,
                                    const CtChain *chain,
                                    gboolean      *changed,
                                    GError       **error)
{
  g_autofree char *add_key = NULL, *set_prev = NULL, *add_grant = NULL;
  Import import = { db, chain, changed, NULL, NULL, NULL };
  gboolean ok;

  *changed = FALSE;
  if (g_bytes_get_size (bytes) == 0)
    return TRUE;
  add_key = g_strdup_printf ("INSERT OR IGNORE INTO category_keys (category, version, made_by, "
                             "used, created_at) VALUES (?1, ?2, %s, ?3, strftime "
                             "('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'))", NAME_OF (named));
  set_prev = g_strdup_printf ("UPDATE category_keys SET previous = ?3 WHERE category = ?1 AND "
                              "version = ?2 AND made_by = %s AND previous IS NULL",
                              NAME_OF (named));
  /* A grant: holder ?1, category ?2, number ?3, sealed ?4, name ?5. */
  add_grant = g_strdup_printf ("INSERT OR IGNORE INTO key_grants (holder, category, version, "
                               "made_by, sealed) VALUES (?1, ?2, ?3, %s, ?4)",
                               named ? "?5" : "coalesce ((SELECT made_by FROM category_keys "
                                              "WHERE category = ?2 AND version = ?3 ORDER BY "
                                              "rowid LIMIT 1), zeroblob (32))");
  import.add_key = ct_store_prepare (db, add_key, error);
  import.set_prev = import.add_key != NULL ? ct_store_prepare (db, set_prev, error) : NULL;
  import.add_grant = import.set_prev != NULL ? ct_store_prepare (db, add_grant, error) : NULL;
  ok = import.add_grant != NULL
       && ct_store_sync_category_keys_parse (bytes, named, import_item, &import, error);
  g_clear_pointer (&import.add_key, sqlite3_finalize);
  g_clear_pointer (&import.set_prev, sqlite3_finalize);
  g_clear_pointer (&import.add_grant, sqlite3_finalize);
  return ok;
}
