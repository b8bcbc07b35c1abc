/* ct-session-sync-forget.c — an erasure or a purge takes its values out of
 * what this replica has not sent yet
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A change captured before an erasure or a purge, and not yet in the
 * folder, would carry the erased or purged values in the next change
 * file: sealed under the sync key, applied and then erased or purged on
 * every replica, but still sent. In the erasure's or purge's own
 * transaction, the captured changes (sync_pending) and the sealed files
 * of the outbox lose them; the erasure's delete and the purge itself
 * still travel (docs/sync-merge.md, "Writes that are not an edit"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <string.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

typedef enum
{
  KEEP,
  DROP,
  REWRITE,  /* its values are what the purge left of them */
} Fate;

/* What becomes of one captured change. A row that is gone here was
 * deleted, locally or by an applied delete, and a delete wins over every
 * insert and update of it on every replica (docs/sync-merge.md, rule 4), so
 * its changes can go whatever deleted it. Of a row of a purged household
 * the values the purge removes go. */
static Fate
judge (CtSession    *self,
       CtSyncChange *change,
       GHashTable   *purged)
{
  switch (change->kind)
    {
    case CT_SYNC_INSERT:
    case CT_SYNC_UPDATE:
      {
        gboolean any = FALSE;
        gint64 household;

        if (!ct_store_row_exists (self->db, change->table->name, change->row_id))
          return DROP;
        if (purged == NULL
            || (household = ct_store_sync_household_of (self->db, change->table,
                                                        change->row_id, NULL)) == 0
            || !g_hash_table_contains (purged, &household))
          return KEEP;
        for (guint i = 0; i < change->table->n_fields; i++)
          if (change->changed[i])
            any |= ct_store_purge_value (change->table, i, &change->values[i]);
        return any ? REWRITE : KEEP;
      }
    case CT_SYNC_SIGNED_PUT:
    case CT_SYNC_SIGNED_DROP:
      /* A signed row names its household. A restriction holds free text,
       * which a purge deletes with the row (ct-store-purge.c). */
      if (!ct_store_row_exists (self->db, "households", change->row_id))
        return DROP;
      if (purged != NULL && g_hash_table_contains (purged, &change->row_id)
          && strcmp (change->signed_table, "restrictions") == 0)
        return DROP;
      return KEEP;
    case CT_SYNC_DELETE:
    case CT_SYNC_PURGE:
    case CT_SYNC_LOG:
    default:
      return KEEP;
    }
}

/* @n changes from @data, less what judge() drops, into @out; whether any
 * was dropped or rewritten. */
static gboolean
filter_changes (CtSession    *self,
                const guint8 *data,
                gsize         len,
                guint         n,
                GHashTable   *purged,
                GByteArray   *out,
                guint        *n_kept,
                gboolean     *changed,
                GError      **error)
{
  const guint8 *p = data;
  const guint8 *end = data != NULL ? data + len : NULL;

  *n_kept = 0;
  *changed = FALSE;
  for (guint i = 0; i < n; i++)
    {
      const guint8 *start = p;
      CtSyncChange change;
      Fate fate;

      if (!_ct_sync_change_next (&p, end, &change, error))
        return FALSE;
      fate = judge (self, &change, purged);
      if (fate == KEEP)
        g_byte_array_append (out, start, (guint) (p - start));
      else if (fate == REWRITE)
        _ct_sync_encode_change (out, change.kind, change.hlc, change.table, change.row_id,
                                change.values, change.changed);
      *n_kept += fate != DROP;
      *changed |= fate != KEEP;
      _ct_sync_change_clear (&change);
    }
  return TRUE;
}

static gboolean
forget_pending (CtSession  *self,
                GHashTable *purged,
                GError    **error)
{
  g_autoptr(GPtrArray) pending = ct_store_sync_pending_take (self->db, error);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  gboolean any = FALSE;

  if (pending == NULL)
    return FALSE;
  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(GByteArray) body = g_byte_array_new ();
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (pending, i), &len);
      gboolean changed;
      guint n_kept;

      if (!filter_changes (self, data, len, 1, purged, body, &n_kept, &changed, error))
        return FALSE;
      any |= changed;
      if (n_kept > 0)
        g_ptr_array_add (kept, g_steal_pointer (&body));
    }
  if (!any)
    return TRUE;
  if (!ct_store_sync_pending_clear (self->db, error))
    return FALSE;
  for (guint i = 0; i < kept->len; i++)
    if (!ct_store_sync_pending_add (self->db, g_ptr_array_index (kept, i), error))
      return FALSE;
  return TRUE;
}

/* One sealed file of the outbox, sealed again under the key it was sealed
 * under, with its number, vector, chain position, statements and keys
 * unchanged and only its changes filtered. Only its author can sign it
 * again; a file of another member (a copy unlocked by someone else) or
 * one that does not open stays as it is. */
static gboolean
forget_in_file (CtSession  *self,
                guint64     seq,
                GBytes     *sealed,
                GHashTable *purged,
                GError    **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GByteArray) changes = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  CtSyncFile file = { 0 };
  gsize len;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  const guint8 *key = NULL;
  const guint8 *plain;
  gsize plain_len;
  gboolean changed = FALSE, ok;
  guint n_kept;

  if (self->member == NULL || self->identity == NULL || !_ct_sync_file_peek (data, len, &file, NULL)
      || memcmp (file.author, self->member->member_uid, CT_MEMBER_ID_SIZE) != 0
      || (keys = _ct_session_sync_open_keys (self, file.key_version)) == NULL)
    {
      _ct_sync_file_clear (&file);
      g_debug ("change file %" G_GUINT64_FORMAT " in the outbox is left as it is", seq);
      return TRUE;
    }
  for (guint i = 0; key == NULL && i < keys->len; i++)
    if (_ct_sync_file_open (data, len, g_ptr_array_index (keys, i), &file, NULL))
      key = g_ptr_array_index (keys, i);
  if (key == NULL)
    {
      _ct_sync_file_clear (&file);
      g_debug ("change file %" G_GUINT64_FORMAT " in the outbox does not open", seq);
      return TRUE;
    }

  plain = g_bytes_get_data (file.changes, &plain_len);
  ok = filter_changes (self, plain, plain_len, file.n_changes, purged, changes, &n_kept, &changed,
                       error);
  if (ok && changed)
    {
      /* Its number stays: the next file follows it, and a replica that
       * read the bytes before (written, then a crash before the outbox
       * knew it) does not read it again. */
      g_clear_pointer (&file.changes, g_bytes_unref);
      file.n_changes = n_kept;
      file.changes = g_byte_array_free_to_bytes (g_steal_pointer (&changes));
      bytes = _ct_sync_file_seal (&file, key, self->identity);
      ok = ct_store_sync_outbox_drop (self->db, seq, error)
           && ct_store_sync_outbox_put (self->db, seq, bytes, error);
    }
  _ct_sync_file_clear (&file);
  return ok;
}

/**
 * _ct_session_sync_forget:
 * @purged: (nullable) (element-type gint64): the households just purged
 *
 * In an erasure's or a purge's transaction, after its rows are deleted
 * or anonymised and its change is captured: the changes captured before
 * it and not yet in the folder lose what it removed. Inserts and updates
 * of rows that are gone, and signed rows of a household that is gone,
 * are dropped; of a row of a household in @purged, the values the purge
 * removes become what it left, and its restrictions' writes are dropped.
 * Nothing when sync is off.
 */
gboolean
_ct_session_sync_forget (CtSession *self,
                         GArray    *purged,
                         GError   **error)
{
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  if (!ct_session_sync_is_enabled (self))
    return TRUE;
  if (purged != NULL && purged->len > 0)
    {
      set = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < purged->len; i++)
        g_hash_table_add (set, &g_array_index (purged, gint64, i));
    }
  if (!forget_pending (self, set, error))
    return FALSE;

  seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  if ((outbox = ct_store_sync_outbox_list (self->db, seqs, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < outbox->len; i++)
    if (!forget_in_file (self, g_array_index (seqs, guint64, i), g_ptr_array_index (outbox, i),
                         set, error))
      return FALSE;
  return TRUE;
}
