/* ct-store-sync.c — SQL of team sync's own tables
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The tables of migration 13 (docs/sync-files.md). Each function runs in the
 * caller's transaction; every value is bound. The chain's statements, the
 * key grants and the category keys that travel with them are in
 * ct-store-sync-chain.c; the stamps, conflicts and tombstones of single
 * rows in ct-store-sync-stamps.c. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <string.h>

#include "ct-error.h"
#include "ct-store-sync-private.h"

/* A blob column as GBytes (empty for NULL). */
static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column),
                      (gsize) sqlite3_column_bytes (stmt, column));
}

/* Into @value, owned: free with ct_store_value_clear(). */
void
_ct_store_sync_read_value (sqlite3_stmt *stmt,
                           int           column,
                           CtStoreValue *value)
{
  memset (value, 0, sizeof *value);
  value->type = sqlite3_column_type (stmt, column);
  switch (value->type)
    {
    case SQLITE_INTEGER:
      value->integer = sqlite3_column_int64 (stmt, column);
      break;
    case SQLITE_TEXT:
      value->text = g_strdup ((const char *) sqlite3_column_text (stmt, column));
      break;
    case SQLITE_BLOB:
      value->blob = column_bytes (stmt, column);
      break;
    default:
      value->type = SQLITE_NULL;
      break;
    }
}

void
ct_store_value_clear (CtStoreValue *value)
{
  if (value->type == SQLITE_TEXT)
    g_free ((char *) value->text);
  g_clear_pointer (&value->blob, g_bytes_unref);
  memset (value, 0, sizeof *value);
}

void
_ct_store_sync_bind_device (sqlite3_stmt *stmt,
                            int           index,
                            const guint8 *device)
{
  sqlite3_bind_blob (stmt, index, device, CT_SYNC_DEVICE_SIZE, SQLITE_TRANSIENT);
}

void
_ct_store_sync_read_device (sqlite3_stmt *stmt,
                            int           column,
                            guint8       *device)
{
  memset (device, 0, CT_SYNC_DEVICE_SIZE);
  if (sqlite3_column_bytes (stmt, column) == CT_SYNC_DEVICE_SIZE)
    memcpy (device, sqlite3_column_blob (stmt, column), CT_SYNC_DEVICE_SIZE);
}

/* Steps @stmt once: 1 for a row, 0 for none, -1 with @error set. */
int
_ct_store_sync_step_row (sqlite3      *db,
                         sqlite3_stmt *stmt,
                         GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  ct_store_set_error (db, rc, error);
  return -1;
}

/* Returns: 1 when sync is on for this file, 0 when not, -1 on error. */
int
ct_store_sync_state_get (sqlite3     *db,
                         CtSyncState *state,
                         GError     **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT device, hlc, next_seq, key_version, "
                                                 "key_made_by FROM sync_state WHERE id = 1", error);
  int found;

  if (stmt == NULL)
    return -1;
  memset (state, 0, sizeof *state);
  if ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      _ct_store_sync_read_device (stmt, 0, state->device);
      state->hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      state->next_seq = (guint64) sqlite3_column_int64 (stmt, 2);
      state->key_version = (guint32) sqlite3_column_int64 (stmt, 3);
      if (sqlite3_column_bytes (stmt, 4) == CT_CHAIN_HASH_SIZE)
        memcpy (state->key_made_by, sqlite3_column_blob (stmt, 4), CT_CHAIN_HASH_SIZE);
    }
  return found;
}

gboolean
ct_store_sync_state_put (sqlite3           *db,
                         const CtSyncState *state,
                         GError           **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO sync_state (id, device, hlc, next_seq, "
                          "key_version, key_made_by) VALUES (1, ?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  _ct_store_sync_bind_device (stmt, 1, state->device);
  sqlite3_bind_int64 (stmt, 2, (gint64) state->hlc);
  sqlite3_bind_int64 (stmt, 3, (gint64) state->next_seq);
  sqlite3_bind_int64 (stmt, 4, state->key_version);
  sqlite3_bind_blob (stmt, 5, state->key_made_by, CT_CHAIN_HASH_SIZE, SQLITE_TRANSIENT);
  return ct_store_step_done (db, stmt, error);
}

/* @made_by: the version's name (docs/sync-security.md, "Key versions named by
 * their statement"), CT_CHAIN_HASH_SIZE bytes */
gboolean
ct_store_sync_key_put (sqlite3      *db,
                       guint32       version,
                       const guint8 *made_by,
                       const guint8 *holder,
                       GBytes       *sealed,
                       GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO sync_keys (version, made_by, holder, sealed) "
                          "VALUES (?1, ?2, ?3, ?4)", error);
  CtStoreValue value = { SQLITE_BLOB, NULL, 0, sealed };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, made_by, CT_CHAIN_HASH_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  ct_store_bind_value (stmt, 4, &value);
  return ct_store_step_done (db, stmt, error);
}

/* @holder's grants of sync key @version, one a row: first the one of the
 * version named as sync_state names its current one, then by name. */
static CtStmt *
prepare_grants (sqlite3      *db,
                guint32       version,
                const guint8 *holder)
{
  CtStmt *stmt =
    ct_store_prepare (db, "SELECT sealed FROM sync_keys WHERE version = ?1 AND holder = ?2 "
                          "ORDER BY made_by = (SELECT key_made_by FROM sync_state "
                          "WHERE key_version = ?1) DESC, made_by", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  return stmt;
}

/**
 * ct_store_sync_key_get:
 *
 * Returns: (nullable): @holder's grant of sync key @version on this
 *   replica's chain: of the version named as sync_state names its
 *   current one when @version is that one, else the only one this file
 *   holds of that number, the first by name (a second of one number is a
 *   fork's: a reader tries both, ct_store_sync_keys_get())
 */
GBytes *
ct_store_sync_key_get (sqlite3      *db,
                       guint32       version,
                       const guint8 *holder)
{
  g_autoptr(CtStmt) stmt = prepare_grants (db, version, holder);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return column_bytes (stmt, 0);
}

/**
 * ct_store_sync_keys_get:
 *
 * Returns: (element-type GBytes): every grant of sync key @version to
 *   @holder, one per name, the one ct_store_sync_key_get() returns first:
 *   a reader tries each (docs/sync-security.md, "Key versions named by their
 *   statement"); empty when there is none
 */
GPtrArray *
ct_store_sync_keys_get (sqlite3      *db,
                        guint32       version,
                        const guint8 *holder)
{
  g_autoptr(CtStmt) stmt = prepare_grants (db, version, holder);
  GPtrArray *grants = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (grants, column_bytes (stmt, 0));
  return grants;
}

gboolean
ct_store_sync_pending_add (sqlite3    *db,
                           GByteArray *body,
                           GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT INTO sync_pending (body) VALUES (?1)",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, body->data, (int) body->len, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* Every captured change, in the order made, as GBytes. */
GPtrArray *
ct_store_sync_pending_take (sqlite3 *db,
                            GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT body FROM sync_pending ORDER BY n",
                                             error);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int found;

  if (stmt == NULL)
    return NULL;
  while ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    g_ptr_array_add (bodies, column_bytes (stmt, 0));
  return found < 0 ? NULL : g_steal_pointer (&bodies);
}

gboolean
ct_store_sync_pending_clear (sqlite3 *db,
                             GError **error)
{
  return ct_store_exec (db, "DELETE FROM sync_pending", error);
}

gboolean
ct_store_sync_outbox_put (sqlite3 *db,
                          guint64  seq,
                          GBytes  *bytes,
                          GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT INTO sync_outbox (seq, bytes) "
                                                 "VALUES (?1, ?2)", error);
  CtStoreValue value = { SQLITE_BLOB, NULL, 0, bytes };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) seq);
  ct_store_bind_value (stmt, 2, &value);
  return ct_store_step_done (db, stmt, error);
}

/* The oldest change file not yet known to be in the folder, or %NULL. */
GBytes *
ct_store_sync_outbox_first (sqlite3 *db,
                            guint64 *seq,
                            GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, bytes FROM sync_outbox "
                                                 "ORDER BY seq LIMIT 1", error);

  if (stmt == NULL || _ct_store_sync_step_row (db, stmt, error) != 1)
    return NULL;
  *seq = (guint64) sqlite3_column_int64 (stmt, 0);
  return column_bytes (stmt, 1);
}

/* Every change file not yet known to be in the folder, oldest first; their
 * numbers in @seqs. */
GPtrArray *
ct_store_sync_outbox_list (sqlite3 *db,
                           GArray  *seqs,
                           GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, bytes FROM sync_outbox "
                                                 "ORDER BY seq", error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  int found;

  if (stmt == NULL)
    return NULL;
  while ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      guint64 seq = (guint64) sqlite3_column_int64 (stmt, 0);

      g_array_append_val (seqs, seq);
      g_ptr_array_add (files, column_bytes (stmt, 1));
    }
  return found < 0 ? NULL : g_steal_pointer (&files);
}

gboolean
ct_store_sync_outbox_drop (sqlite3 *db,
                           guint64  seq,
                           GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "DELETE FROM sync_outbox WHERE seq = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) seq);
  return ct_store_step_done (db, stmt, error);
}

/* @sql about one device: @device at ?1. */
static CtStmt *
prepare_device (sqlite3      *db,
                const char   *sql,
                const guint8 *device,
                GError      **error)
{
  CtStmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt != NULL)
    _ct_store_sync_bind_device (stmt, 1, device);
  return stmt;
}

/* What this replica has applied of every other device. */
GArray *
ct_store_sync_peers (sqlite3 *db,
                     GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT device, seq, hlc FROM sync_peers "
                                                 "ORDER BY device", error);
  g_autoptr(GArray) peers = g_array_new (FALSE, TRUE, sizeof (CtSyncPeer));
  int found;

  if (stmt == NULL)
    return NULL;
  while ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      CtSyncPeer peer;

      _ct_store_sync_read_device (stmt, 0, peer.device);
      peer.seq = (guint64) sqlite3_column_int64 (stmt, 1);
      peer.hlc = (guint64) sqlite3_column_int64 (stmt, 2);
      g_array_append_val (peers, peer);
    }
  return found < 0 ? NULL : g_steal_pointer (&peers);
}

/* Returns: 1 and fills @peer (and @member, the member the device belongs
 * to) when known, 0 when not, -1 on error. */
int
ct_store_sync_peer_get (sqlite3      *db,
                        const guint8 *device,
                        CtSyncPeer   *peer,
                        guint8       *member,
                        GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "SELECT seq, hlc, member FROM sync_peers "
                                               "WHERE device = ?1", device, error);
  int found;

  if (stmt == NULL)
    return -1;
  memset (peer, 0, sizeof *peer);
  memcpy (peer->device, device, CT_SYNC_DEVICE_SIZE);
  if ((found = _ct_store_sync_step_row (db, stmt, error)) == 1)
    {
      peer->seq = (guint64) sqlite3_column_int64 (stmt, 0);
      peer->hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_bytes (stmt, 2) == CT_MEMBER_ID_SIZE)
        memcpy (member, sqlite3_column_blob (stmt, 2), CT_MEMBER_ID_SIZE);
    }
  return found;
}

gboolean
ct_store_sync_peer_put (sqlite3          *db,
                        const CtSyncPeer *peer,
                        const guint8     *member,
                        GError          **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO sync_peers (device, member, seq, hlc) "
                          "VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  _ct_store_sync_bind_device (stmt, 1, peer->device);
  sqlite3_bind_blob (stmt, 2, member, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, (gint64) peer->seq);
  sqlite3_bind_int64 (stmt, 4, (gint64) peer->hlc);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_peers_clear (sqlite3 *db,
                           GError **error)
{
  return ct_store_exec (db, "DELETE FROM sync_peers", error);
}

/* The household a row of @table belongs to, from @values (an insert's,
 * nullable) or from the row as stored; 0 for none. */
gint64
ct_store_sync_household_of (sqlite3            *db,
                            const CtTable      *table,
                            gint64              row_id,
                            const CtStoreValue *values)
{
  int household = ct_table_get_field_index (table, "household_id");
  int kase = ct_table_get_field_index (table, "case_id");
  g_autoptr(CtStmt) stmt = NULL;

  if (g_str_equal (table->name, "households"))
    return row_id;
  if (values != NULL && household >= 0)
    return values[household].type == SQLITE_INTEGER ? values[household].integer : 0;
  if (values != NULL && kase >= 0)
    {
      if (values[kase].type != SQLITE_INTEGER)
        return 0;
      stmt = ct_store_prepare (db, "SELECT household_id FROM cases WHERE id = ?1", NULL);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, values[kase].integer);
    }
  else if (household >= 0 || kase >= 0)
    {
      g_autofree char *sql =
        household >= 0
          ? g_strdup_printf ("SELECT household_id FROM %s WHERE id = ?1", table->name)
          : g_strdup_printf ("SELECT c.household_id FROM %s x JOIN cases c ON c.id = x.case_id "
                             "WHERE x.id = ?1", table->name);

      if ((stmt = ct_store_prepare (db, sql, NULL)) == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, row_id);
    }
  else
    return 0;
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* Whether any household was purged: most files meet none, and then
 * need not look further. */
gboolean
ct_store_sync_any_purged (sqlite3 *db)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT 1 FROM households WHERE purged_on IS "
                                                 "NOT NULL LIMIT 1", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
ct_store_sync_refuse (sqlite3      *db,
                      const guint8 *device,
                      guint64       seq,
                      const char   *reason,
                      GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "INSERT OR REPLACE INTO sync_refused "
                                               "(device, seq, reason) VALUES (?1, ?2, ?3)",
                                           device, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, (gint64) seq);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_refused_set_digest (sqlite3      *db,
                                  const guint8 *device,
                                  guint64       seq,
                                  const guint8 *digest,
                                  GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "UPDATE sync_refused SET digest = ?3 "
                                               "WHERE device = ?1 AND seq = ?2", device, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, (gint64) seq);
  sqlite3_bind_blob (stmt, 3, digest, CT_SYNC_DIGEST_SIZE, SQLITE_STATIC);
  return ct_store_step_done (db, stmt, error);
}

/* The device's refused file: its number and digest (zeros when none was
 * kept). Returns 1 when there is one, 0 when none, -1 on an error. */
int
ct_store_sync_refused_get (sqlite3      *db,
                           const guint8 *device,
                           guint64      *seq,
                           guint8       *digest,
                           GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "SELECT seq, digest FROM sync_refused "
                                               "WHERE device = ?1 ORDER BY seq LIMIT 1",
                                           device, error);
  int rc;

  if (stmt == NULL)
    return -1;
  memset (digest, 0, CT_SYNC_DIGEST_SIZE);
  if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    return ct_store_set_error (db, rc, error), -1;
  *seq = (guint64) sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_bytes (stmt, 1) == CT_SYNC_DIGEST_SIZE)
    memcpy (digest, sqlite3_column_blob (stmt, 1), CT_SYNC_DIGEST_SIZE);
  return 1;
}

gboolean
ct_store_sync_unrefuse (sqlite3      *db,
                        const guint8 *device,
                        GError      **error)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "DELETE FROM sync_refused WHERE device = ?1",
                                           device, error);

  return stmt != NULL && ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_is_refused (sqlite3      *db,
                          const guint8 *device)
{
  g_autoptr(CtStmt) stmt = prepare_device (db, "SELECT 1 FROM sync_refused WHERE device = ?1",
                                           device, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* One column of one row, as stored (a ciphertext stays one). */
gboolean
ct_store_row_column_get (sqlite3       *db,
                         const CtTable *table,
                         guint          field,
                         gint64         row_id,
                         CtStoreValue  *value,
                         GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1",
                                          table->fields[field].name, table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, error);
  int found;

  memset (value, 0, sizeof *value);
  value->type = SQLITE_NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if ((found = _ct_store_sync_step_row (db, stmt, error)) < 0)
    return FALSE;
  if (found)
    _ct_store_sync_read_value (stmt, 0, value);
  return TRUE;
}

/**
 * ct_store_row_get_all:
 * @values: (out caller-allocates) (array): one value per field of @table,
 *   each to be cleared with ct_store_value_clear()
 *
 * Every field of one row as stored, in one statement; all NULL when the
 * row is not there.
 */
gboolean
ct_store_row_get_all (sqlite3       *db,
                      const CtTable *table,
                      gint64         row_id,
                      CtStoreValue  *values,
                      GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(CtStmt) stmt = NULL;
  int found;

  for (guint i = 0; i < table->n_fields; i++)
    {
      memset (&values[i], 0, sizeof values[i]);
      values[i].type = SQLITE_NULL;
      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].name);
    }
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", table->name);
  if ((stmt = ct_store_prepare (db, sql->str, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  if ((found = _ct_store_sync_step_row (db, stmt, error)) < 0)
    return FALSE;
  for (guint i = 0; found && i < table->n_fields; i++)
    _ct_store_sync_read_value (stmt, (int) i, &values[i]);
  return TRUE;
}

gboolean
ct_store_row_id_taken (sqlite3       *db,
                       const CtTable *table,
                       gint64         id)
{
  return ct_store_row_exists (db, table->name, id);
}

gint64
ct_store_row_max_id (sqlite3       *db,
                     const CtTable *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s", table->name);
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* The id of another case than @except with this number; 0 when none. */
gint64
ct_store_sync_case_with_number (sqlite3    *db,
                                const char *number,
                                gint64      except)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT id FROM cases WHERE number = ?1 "
                                                 "AND id != ?2", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, except);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/* A case's number, changed by the merge rule for a duplicate, not by an
 * edit: not captured, since every replica makes the same change. */
gboolean
ct_store_sync_case_renumber (sqlite3    *db,
                             gint64      id,
                             const char *number,
                             GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "UPDATE cases SET number = ?1 WHERE id = ?2",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  return ct_store_step_done (db, stmt, error);
}
