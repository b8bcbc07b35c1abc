/* ct-store-sync.c — SQL of team sync's own tables
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The tables of migration 13 (docs/sync.md). Each function runs in the
 * caller's transaction; every value is bound. */

#define G_LOG_DOMAIN "ct-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-store-sync.h"

/* Into @value, owned: free with ct_store_value_clear(). */
static void
column_value (sqlite3_stmt *stmt,
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
      value->blob = g_bytes_new (sqlite3_column_blob (stmt, column),
                                 (gsize) sqlite3_column_bytes (stmt, column));
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

static void
bind_device (sqlite3_stmt *stmt,
             int           index,
             const guint8 *device)
{
  sqlite3_bind_blob (stmt, index, device, CT_SYNC_DEVICE_SIZE, SQLITE_TRANSIENT);
}

static void
read_device (sqlite3_stmt *stmt,
             int           column,
             guint8       *device)
{
  memset (device, 0, CT_SYNC_DEVICE_SIZE);
  if (sqlite3_column_bytes (stmt, column) == CT_SYNC_DEVICE_SIZE)
    memcpy (device, sqlite3_column_blob (stmt, column), CT_SYNC_DEVICE_SIZE);
}

/* Steps @stmt once: 1 for a row, 0 for none, -1 with @error set. */
static int
step_row (sqlite3      *db,
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
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT device, hlc, next_seq, key_version "
                                                 "FROM sync_state WHERE id = 1", error);
  int found;

  if (stmt == NULL)
    return -1;
  memset (state, 0, sizeof *state);
  if ((found = step_row (db, stmt, error)) == 1)
    {
      read_device (stmt, 0, state->device);
      state->hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      state->next_seq = (guint64) sqlite3_column_int64 (stmt, 2);
      state->key_version = (guint32) sqlite3_column_int64 (stmt, 3);
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
                          "key_version) VALUES (1, ?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  bind_device (stmt, 1, state->device);
  sqlite3_bind_int64 (stmt, 2, (gint64) state->hlc);
  sqlite3_bind_int64 (stmt, 3, (gint64) state->next_seq);
  sqlite3_bind_int64 (stmt, 4, state->key_version);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_key_put (sqlite3      *db,
                       guint32       version,
                       const guint8 *holder,
                       GBytes       *sealed,
                       GError      **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR REPLACE INTO sync_keys (version, holder, sealed) "
                          "VALUES (?1, ?2, ?3)", error);
  CtStoreValue value = { SQLITE_BLOB, NULL, 0, sealed };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  ct_store_bind_value (stmt, 3, &value);
  return ct_store_step_done (db, stmt, error);
}

GBytes *
ct_store_sync_key_get (sqlite3      *db,
                       guint32       version,
                       const guint8 *holder)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "SELECT sealed FROM sync_keys WHERE version = ?1 AND holder = ?2", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_blob (stmt, 2, holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
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
  while ((found = step_row (db, stmt, error)) == 1)
    g_ptr_array_add (bodies, g_bytes_new (sqlite3_column_blob (stmt, 0),
                                          (gsize) sqlite3_column_bytes (stmt, 0)));
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

  if (stmt == NULL || step_row (db, stmt, error) != 1)
    return NULL;
  *seq = (guint64) sqlite3_column_int64 (stmt, 0);
  return g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
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
  while ((found = step_row (db, stmt, error)) == 1)
    {
      guint64 seq = (guint64) sqlite3_column_int64 (stmt, 0);

      g_array_append_val (seqs, seq);
      g_ptr_array_add (files, g_bytes_new (sqlite3_column_blob (stmt, 1),
                                           (gsize) sqlite3_column_bytes (stmt, 1)));
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
  while ((found = step_row (db, stmt, error)) == 1)
    {
      CtSyncPeer peer;

      read_device (stmt, 0, peer.device);
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
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, hlc, member FROM sync_peers "
                                                 "WHERE device = ?1", error);
  int found;

  if (stmt == NULL)
    return -1;
  bind_device (stmt, 1, device);
  memset (peer, 0, sizeof *peer);
  memcpy (peer->device, device, CT_SYNC_DEVICE_SIZE);
  if ((found = step_row (db, stmt, error)) == 1)
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
  bind_device (stmt, 1, peer->device);
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

static CtStmt *
prepare_field (sqlite3    *db,
               const char *sql,
               const char *table,
               gint64      row_id,
               const char *field,
               GError    **error)
{
  CtStmt *stmt = ct_store_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row_id);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  return stmt;
}

/* The stamp of a field's value; hlc 0 when it has none (a value from
 * before sync, seen by every change). */
gboolean
ct_store_sync_stamp_get (sqlite3     *db,
                         const char  *table,
                         gint64       row_id,
                         const char  *field,
                         CtSyncStamp *stamp,
                         GError     **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT hlc, device FROM sync_stamps WHERE tbl = ?1 AND row_id = ?2 "
                       "AND field = ?3", table, row_id, field, error);
  int found;

  memset (stamp, 0, sizeof *stamp);
  if (stmt == NULL || (found = step_row (db, stmt, error)) < 0)
    return FALSE;
  if (found)
    {
      stamp->hlc = (guint64) sqlite3_column_int64 (stmt, 0);
      read_device (stmt, 1, stamp->device);
    }
  return TRUE;
}

gboolean
ct_store_sync_stamp_put (sqlite3           *db,
                         const char        *table,
                         gint64             row_id,
                         const char        *field,
                         const CtSyncStamp *stamp,
                         GError           **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "INSERT OR REPLACE INTO sync_stamps (tbl, row_id, field, hlc, device) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)", table, row_id, field, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 4, (gint64) stamp->hlc);
  bind_device (stmt, 5, stamp->device);
  return ct_store_step_done (db, stmt, error);
}

/* The stamps of a field's conflicts, as CtSyncStamp. */
GArray *
ct_store_sync_conflict_stamps (sqlite3    *db,
                               const char *table,
                               gint64      row_id,
                               const char *field,
                               GError    **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT hlc, device FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 "
                       "AND field = ?3", table, row_id, field, error);
  g_autoptr(GArray) stamps = g_array_new (FALSE, TRUE, sizeof (CtSyncStamp));
  int found;

  if (stmt == NULL)
    return NULL;
  while ((found = step_row (db, stmt, error)) == 1)
    {
      CtSyncStamp stamp;

      stamp.hlc = (guint64) sqlite3_column_int64 (stmt, 0);
      read_device (stmt, 1, stamp.device);
      g_array_append_val (stamps, stamp);
    }
  return found < 0 ? NULL : g_steal_pointer (&stamps);
}

gboolean
ct_store_sync_conflict_add (sqlite3            *db,
                            const char         *table,
                            gint64              row_id,
                            const char         *field,
                            const CtSyncStamp  *stamp,
                            const CtStoreValue *value,
                            GError            **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "INSERT OR REPLACE INTO sync_conflicts (tbl, row_id, field, hlc, device, "
                       "value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", table, row_id, field, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 4, (gint64) stamp->hlc);
  bind_device (stmt, 5, stamp->device);
  ct_store_bind_value (stmt, 6, value);
  return ct_store_step_done (db, stmt, error);
}

/* @stamp %NULL: every conflict of the field. */
gboolean
ct_store_sync_conflict_drop (sqlite3           *db,
                             const char        *table,
                             gint64             row_id,
                             const char        *field,
                             const CtSyncStamp *stamp,
                             GError           **error)
{
  g_autoptr(CtStmt) stmt =
    prepare_field (db, stamp != NULL
                         ? "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND "
                           "field = ?3 AND hlc = ?4 AND device = ?5"
                         : "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2 AND "
                           "field = ?3", table, row_id, field, error);

  if (stmt == NULL)
    return FALSE;
  if (stamp != NULL)
    {
      sqlite3_bind_int64 (stmt, 4, (gint64) stamp->hlc);
      bind_device (stmt, 5, stamp->device);
    }
  return ct_store_step_done (db, stmt, error);
}

/* Columns: field, hlc, value, device; in field and stamp order. */
sqlite3_stmt *
ct_store_sync_conflicts_of_row (sqlite3    *db,
                                const char *table,
                                gint64      row_id,
                                GError    **error)
{
  CtStmt *stmt = ct_store_prepare (db, "SELECT field, hlc, value, device FROM sync_conflicts WHERE "
                                       "tbl = ?1 AND row_id = ?2 ORDER BY field, hlc, device",
                                   error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return stmt;
}

/* The stamps of a row's entries whose field name starts with @prefix
 * (a purge's, "purge:..."; a signed row's), as CtSyncStamp. */
GArray *
ct_store_sync_stamps_with_prefix (sqlite3    *db,
                                  const char *table,
                                  gint64      row_id,
                                  const char *prefix,
                                  GError    **error)
{
  g_autofree char *like = g_strconcat (prefix, "%", NULL);
  g_autoptr(CtStmt) stmt =
    prepare_field (db, "SELECT hlc, device FROM sync_stamps WHERE tbl = ?1 AND row_id = ?2 "
                       "AND field LIKE ?3", table, row_id, like, error);
  g_autoptr(GArray) stamps = g_array_new (FALSE, TRUE, sizeof (CtSyncStamp));
  int found;

  if (stmt == NULL)
    return NULL;
  while ((found = step_row (db, stmt, error)) == 1)
    {
      CtSyncStamp stamp;

      stamp.hlc = (guint64) sqlite3_column_int64 (stmt, 0);
      read_device (stmt, 1, stamp.device);
      g_array_append_val (stamps, stamp);
    }
  return found < 0 ? NULL : g_steal_pointer (&stamps);
}

/* Drops the conflicts of rows that are gone: a delete's cascade (an
 * erasure) takes the children's rows, and their kept values must go
 * with them. Table names come from the schema's registry. */
gboolean
ct_store_sync_forget_orphans (sqlite3 *db,
                              GError **error)
{
  guint n_tables;
  const CtTable * const *tables = ct_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      /* Per conflict of the table, one look-up by the rows' primary key. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM sync_conflicts WHERE tbl = '%s' AND "
                                              "NOT EXISTS (SELECT 1 FROM %s x WHERE x.id = "
                                              "sync_conflicts.row_id)",
                                              tables[t]->name, tables[t]->name);

      if (!ct_store_exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
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

/* A deleted row's stamps and conflicts. */
gboolean
ct_store_sync_forget_row (sqlite3    *db,
                          const char *table,
                          gint64      row_id,
                          GError    **error)
{
  static const char * const sql[] = {
    "DELETE FROM sync_stamps WHERE tbl = ?1 AND row_id = ?2",
    "DELETE FROM sync_conflicts WHERE tbl = ?1 AND row_id = ?2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CtStmt) stmt = ct_store_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, row_id);
      if (!ct_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ct_store_sync_tombstone_add (sqlite3    *db,
                             const char *table,
                             gint64      row_id,
                             GError    **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT OR IGNORE INTO sync_tombstones "
                                                 "(tbl, row_id) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_is_tombstone (sqlite3    *db,
                            const char *table,
                            gint64      row_id)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT 1 FROM sync_tombstones WHERE "
                                                 "tbl = ?1 AND row_id = ?2", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gboolean
ct_store_sync_refuse (sqlite3      *db,
                      const guint8 *device,
                      guint64       seq,
                      const char   *reason,
                      GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "INSERT OR REPLACE INTO sync_refused "
                                                 "(device, seq, reason) VALUES (?1, ?2, ?3)",
                                             error);

  if (stmt == NULL)
    return FALSE;
  bind_device (stmt, 1, device);
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
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "UPDATE sync_refused SET digest = ?3 "
                                                 "WHERE device = ?1 AND seq = ?2", error);

  if (stmt == NULL)
    return FALSE;
  bind_device (stmt, 1, device);
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
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT seq, digest FROM sync_refused "
                                                 "WHERE device = ?1 ORDER BY seq LIMIT 1",
                                             error);
  int rc;

  if (stmt == NULL)
    return -1;
  bind_device (stmt, 1, device);
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
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "DELETE FROM sync_refused WHERE device = ?1",
                                             error);

  if (stmt == NULL)
    return FALSE;
  bind_device (stmt, 1, device);
  return ct_store_step_done (db, stmt, error);
}

gboolean
ct_store_sync_is_refused (sqlite3      *db,
                          const guint8 *device)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT 1 FROM sync_refused WHERE device = ?1",
                                             NULL);

  if (stmt == NULL)
    return FALSE;
  bind_device (stmt, 1, device);
  return sqlite3_step (stmt) == SQLITE_ROW;
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
  if ((found = step_row (db, stmt, error)) < 0)
    return FALSE;
  if (found)
    column_value (stmt, 0, value);
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
  if ((found = step_row (db, stmt, error)) < 0)
    return FALSE;
  for (guint i = 0; found && i < table->n_fields; i++)
    column_value (stmt, (int) i, &values[i]);
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

/* ---- the chain's statements and sync key grants (docs/sync.md) ---- */

/* A grant that travelled: kept only when this file has none for that
 * version and holder, so a later copy never replaces the first. */
gboolean
ct_store_sync_key_add (sqlite3           *db,
                       const CtSyncGrant *grant,
                       GError           **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (db, "INSERT OR IGNORE INTO sync_keys (version, holder, sealed) "
                          "VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, grant->version);
  sqlite3_bind_blob (stmt, 2, grant->holder, CT_MEMBER_ID_SIZE, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, grant->sealed, CT_SYNC_GRANT_SIZE, SQLITE_TRANSIENT);
  return ct_store_step_done (db, stmt, error);
}

/* Every grant this file holds, of every version. */
GArray *
ct_store_sync_grants (sqlite3 *db,
                      GError **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (db, "SELECT version, holder, sealed FROM sync_keys "
                                                 "ORDER BY version, holder", error);
  g_autoptr(GArray) grants = g_array_new (FALSE, TRUE, sizeof (CtSyncGrant));
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncGrant g = { 0 };

      if (sqlite3_column_bytes (stmt, 1) != CT_MEMBER_ID_SIZE
          || sqlite3_column_bytes (stmt, 2) != CT_SYNC_GRANT_SIZE)
        continue;
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

/* ---- category keys travel with the chain (docs/sync.md) ---- */

static void
put_text8 (GByteArray *out,
           const char *text)
{
  guint8 len = (guint8) strlen (text);

  g_byte_array_append (out, &len, 1);
  g_byte_array_append (out, (const guint8 *) text, len);
}

static void
put_le (GByteArray *out,
        guint64     value,
        guint       size)
{
  for (guint i = 0; i < size; i++)
    {
      guint8 b = (guint8) (value >> (8 * i));

      g_byte_array_append (out, &b, 1);
    }
}

/* Every version of every category key (with the previous one sealed
 * under it) and every grant of them: each grant is sealed to one holder,
 * so the list needs no key of its own. */
GBytes *
ct_store_sync_category_keys_export (sqlite3 *db,
                                    GError **error)
{
  g_autoptr(CtStmt) keys = ct_store_prepare (db, "SELECT category, version, used, previous FROM "
                                                 "category_keys ORDER BY 1, 2", error);
  g_autoptr(CtStmt) grants = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int rc;

  if (keys == NULL)
    return NULL;
  while ((rc = sqlite3_step (keys)) == SQLITE_ROW)
    {
      int prev_len = sqlite3_column_bytes (keys, 3);

      put_le (out, 1, 1);
      put_text8 (out, (const char *) sqlite3_column_text (keys, 0));
      put_le (out, (guint64) sqlite3_column_int64 (keys, 1), 4);
      put_le (out, sqlite3_column_int (keys, 2) != 0, 1);
      put_le (out, (guint64) prev_len, 2);
      g_byte_array_append (out, sqlite3_column_blob (keys, 3), (guint) prev_len);
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (db, rc, error), NULL;
  if ((grants = ct_store_prepare (db, "SELECT holder, category, version, sealed FROM key_grants "
                                      "ORDER BY 1, 2, 3", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (grants)) == SQLITE_ROW)
    {
      int len = sqlite3_column_bytes (grants, 3);

      put_le (out, 2, 1);
      put_le (out, (guint64) sqlite3_column_int64 (grants, 0), 8);
      put_text8 (out, (const char *) sqlite3_column_text (grants, 1));
      put_le (out, (guint64) sqlite3_column_int64 (grants, 2), 4);
      put_le (out, (guint64) len, 2);
      g_byte_array_append (out, sqlite3_column_blob (grants, 3), (guint) len);
    }
  if (rc != SQLITE_DONE)
    return ct_store_set_error (db, rc, error), NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;
} KeyReader;

static guint64
get_le (KeyReader *r,
        guint      size)
{
  guint64 v = 0;

  if (!r->ok || (gsize) (r->end - r->p) < size)
    {
      r->ok = FALSE;
      return 0;
    }
  for (guint i = 0; i < size; i++)
    v |= (guint64) r->p[i] << (8 * i);
  r->p += size;
  return v;
}

static const guint8 *
get_run (KeyReader *r,
         gsize      len)
{
  const guint8 *p = r->p;

  if (!r->ok || (gsize) (r->end - r->p) < len)
    {
      r->ok = FALSE;
      return NULL;
    }
  r->p += len;
  return p;
}

static CtCategory
get_category (KeyReader *r)
{
  guint len = (guint) get_le (r, 1);
  const guint8 *p = get_run (r, len);
  g_autofree char *name = p != NULL ? g_strndup ((const char *) p, len) : NULL;
  CtCategory c = name != NULL ? ct_category_from_string (name) : CT_CATEGORY_INVALID;

  if (c == CT_CATEGORY_INVALID || c == CT_CATEGORY_GENERAL)
    r->ok = FALSE;
  return c;
}

/**
 * ct_store_sync_category_keys_import:
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
                                    const CtChain *chain,
                                    gboolean      *changed,
                                    GError       **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  KeyReader r = { data, data != NULL ? data + len : NULL, TRUE };
  g_autoptr(CtStmt) add_key = NULL;
  g_autoptr(CtStmt) set_prev = NULL;
  g_autoptr(CtStmt) add_grant = NULL;

  *changed = FALSE;
  if (len == 0)
    return TRUE;
  add_key = ct_store_prepare (db, "INSERT OR IGNORE INTO category_keys (category, version, used, "
                                  "created_at) VALUES (?1, ?2, ?3, strftime ('%Y-%m-%dT%H:%M:%SZ', "
                                  "'now'))", error);
  set_prev = ct_store_prepare (db, "UPDATE category_keys SET previous = ?3 WHERE category = ?1 "
                                   "AND version = ?2 AND previous IS NULL", error);
  add_grant = ct_store_prepare (db, "INSERT OR IGNORE INTO key_grants (holder, category, "
                                    "version, sealed) VALUES (?1, ?2, ?3, ?4)", error);
  if (add_key == NULL || set_prev == NULL || add_grant == NULL)
    return FALSE;

  while (r.ok && r.p < r.end)
    {
      guint kind = (guint) get_le (&r, 1);

      if (kind == 1)
        {
          CtCategory c = get_category (&r);
          guint64 version = get_le (&r, 4);
          gboolean used = get_le (&r, 1) != 0;
          guint prev_len = (guint) get_le (&r, 2);
          const guint8 *prev = get_run (&r, prev_len);

          if (!r.ok || version == 0 || version > G_MAXINT32)
            break;
          sqlite3_reset (add_key);
          sqlite3_bind_text (add_key, 1, ct_category_to_string (c), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (add_key, 2, (gint64) version);
          sqlite3_bind_int (add_key, 3, used);
          if (!ct_store_step_done (db, add_key, error))
            return FALSE;
          *changed |= sqlite3_changes (db) > 0;
          if (prev_len == 0)
            continue;
          sqlite3_reset (set_prev);
          sqlite3_bind_text (set_prev, 1, ct_category_to_string (c), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (set_prev, 2, (gint64) version);
          sqlite3_bind_blob (set_prev, 3, prev, (int) prev_len, SQLITE_TRANSIENT);
          if (!ct_store_step_done (db, set_prev, error))
            return FALSE;
          *changed |= sqlite3_changes (db) > 0;
        }
      else if (kind == 2)
        {
          gint64 holder = (gint64) get_le (&r, 8);
          CtCategory c = get_category (&r);
          guint64 version = get_le (&r, 4);
          guint sealed_len = (guint) get_le (&r, 2);
          const guint8 *sealed = get_run (&r, sealed_len);
          const CtChainMember *m = ct_chain_find_id (chain, holder);

          if (!r.ok || version == 0 || version > G_MAXINT32 || sealed_len != CT_SEALED_KEY_SIZE)
            {
              r.ok = FALSE;
              break;
            }
          if (holder == 0 ? !chain->has_recovery : (m == NULL || m->removed))
            continue;
          sqlite3_reset (add_grant);
          sqlite3_bind_int64 (add_grant, 1, holder);
          sqlite3_bind_text (add_grant, 2, ct_category_to_string (c), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (add_grant, 3, (gint64) version);
          sqlite3_bind_blob (add_grant, 4, sealed, (int) sealed_len, SQLITE_TRANSIENT);
          if (!ct_store_step_done (db, add_grant, error))
            return FALSE;
          *changed |= sqlite3_changes (db) > 0;
        }
      else
        r.ok = FALSE;
    }
  if (!r.ok)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("the category keys in it are malformed"));
      return FALSE;
    }
  return TRUE;
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
