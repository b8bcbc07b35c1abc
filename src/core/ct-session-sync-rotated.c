/* ct-session-sync-rotated.c — a category key rotated at a later unlock
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A removal, revocation or role change made by a member who held no key
 * of a category makes that category wait for the next unlock of a member
 * who holds it (ct-session-keys.c). The rotation made then travels in the
 * next change file of that replica, which may carry no statement and be
 * written by a member who is no beheerder. From such a file a receiver
 * takes a version only when a statement of its own chain, at or before
 * the file's position, made that category wait, the author's role may
 * read the category, and no version it holds is replaced; it refuses the
 * whole file otherwise (docs/sync-security.md, "A rotation made at a later
 * unlock"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-apply-private.h"

typedef struct
{
  CtSession     *self;
  Apply         *apply;
  const CtChain *work;
  GArray        *taken;   /* CtSyncKeyItem: the versions taken, in the list's order */
  GByteArray    *out;     /* those versions and their grants, as the list holds them */
} Rotated;

/* Sets @waited to whether the statement at @seq of this replica's chain
 * took @category from a member who had it: removed them, gave them a role
 * without it, or took it from their role. */
static gboolean
made_wait (CtSession  *self,
           gint64      seq,
           CtCategory  category,
           gboolean   *waited,
           GError    **error)
{
  g_autoptr(CtChain) before = NULL;
  g_autoptr(CtChain) after = NULL;
  guint bit = 1u << category;

  *waited = FALSE;
  if (seq < 1)
    return TRUE;  /* the founding statement */
  if ((before = ct_chain_load_length (self->db, self->header->team_id, seq, error)) == NULL
      || (after = ct_chain_load_length (self->db, self->header->team_id, seq + 1, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < before->members->len; i++)
    {
      const CtChainMember *then = g_ptr_array_index (before->members, i);
      const CtChainMember *now = ct_chain_find_uid (after, then->uid);

      if (then->removed || (before->policy[then->role] & bit) == 0)
        continue;
      if (now == NULL || now->removed || (after->policy[now->role] & bit) == 0)
        {
          *waited = TRUE;
          break;
        }
    }
  return TRUE;
}

/* The position of the statement named @made_by in this replica's chain
 * before @length, -1 when none is. */
static gint64
statement_at (CtSession    *self,
              guint64       length,
              const guint8 *made_by)
{
  guint8 hash[CT_CHAIN_HASH_SIZE];

  for (gint64 seq = MIN ((gint64) length, self->chain->length) - 1; seq >= 0; seq--)
    if (ct_chain_statement_hash (self->db, seq, hash)
        && memcmp (hash, made_by, CT_CHAIN_HASH_SIZE) == 0)
      return seq;
  return -1;
}

static void
put_item (GByteArray          *out,
          const CtSyncKeyItem *item)
{
  _ct_bytes_put_u8 (out, (guint8) item->kind);
  if (item->kind == 2)
    _ct_bytes_put_i64 (out, item->holder);
  _ct_bytes_put_text (out, 1, ct_category_to_string (item->category));
  _ct_bytes_put_u32 (out, (guint32) item->version);
  g_byte_array_append (out, item->made_by, CT_KEY_NAME_SIZE);
  if (item->kind == 1)
    _ct_bytes_put_u8 (out, item->used != 0);
  _ct_bytes_put_u16 (out, (guint16) item->len);
  _ct_bytes_put_bytes (out, item->bytes, item->len);
}

static gboolean
is_taken (const Rotated       *r,
          const CtSyncKeyItem *item)
{
  for (guint i = 0; i < r->taken->len; i++)
    {
      const CtSyncKeyItem *t = &g_array_index (r->taken, CtSyncKeyItem, i);

      if (t->category == item->category && t->version == item->version
          && memcmp (t->made_by, item->made_by, CT_KEY_NAME_SIZE) == 0)
        return TRUE;
    }
  return FALSE;
}

/* One version: the same as one held, left as it is; a fresh key (named by
 * no statement), left out as from any file; else taken or refused. */
static gboolean
judge_version (Rotated             *r,
               const CtSyncKeyItem *item,
               GError             **error)
{
  static const guint8 zeros[CT_KEY_NAME_SIZE] = { 0 };
  CtSession *self = r->self;
  const Apply *apply = r->apply;
  g_autoptr(GBytes) held = NULL;
  gboolean waited;
  gint current;
  gint64 seq;

  if (ct_store_key_has_version (self->db, item->category, (gint) item->version, item->made_by,
                                &held))
    {
      if (held == NULL || g_bytes_get_size (held) != item->len
          || memcmp (g_bytes_get_data (held, NULL), item->bytes, item->len) == 0)
        return TRUE;
      return _ct_sync_apply_refuse (error, _("it holds another key for a version of a category "
                                             "key that this team file holds"));
    }
  if (memcmp (item->made_by, zeros, CT_KEY_NAME_SIZE) == 0)
    return TRUE;
  if ((apply->rules->policy[apply->author->role] & (1u << item->category)) == 0)
    return _ct_sync_apply_refuse (error, _("it holds a key of a category that its author's role "
                                           "may not read"));
  if ((seq = statement_at (self, apply->file.chain_length, item->made_by)) < 0)
    return _ct_sync_apply_refuse (error, _("it holds a category key version that no change of "
                                           "the team made wait"));
  if (!made_wait (self, seq, item->category, &waited, error))
    return FALSE;
  if (!waited)
    return _ct_sync_apply_refuse (error, _("it holds a category key version that no change of "
                                           "the team made wait"));
  if ((current = ct_store_key_version (self->db, item->category, NULL, NULL, error)) < 0)
    return FALSE;
  if ((gint64) item->version <= current)
    return _ct_sync_apply_refuse (error, _("it holds a category key version that would replace "
                                           "one this team file holds"));
  g_array_append_val (r->taken, *item);
  put_item (r->out, item);
  return TRUE;
}

static gboolean
judge_item (const CtSyncKeyItem *item,
            gpointer             data,
            GError             **error)
{
  Rotated *r = data;
  const CtChainMember *m;

  if (item->kind == 1)
    return judge_version (r, item, error);
  /* A grant of a version taken from this file, to whom the chain entitles
   * to it now (ct_store_sync_category_keys_import() leaves out all
   * others who are not present members). */
  if (!is_taken (r, item))
    return TRUE;
  m = ct_chain_find_id (r->work, item->holder);
  if (item->holder == 0 || (m != NULL && (r->work->policy[m->role] & (1u << item->category))))
    put_item (r->out, item);
  return TRUE;
}

/**
 * _ct_sync_take_rotated_keys:
 * @work: this replica's chain after the statements the file carried
 *
 * In the file's transaction, for a file by a member who is no beheerder:
 * the category key versions in its list that a rotation at a later unlock
 * made, with their grants; every other version in it is one this replica
 * holds, or a fresh key, left out. A waiting rotation of the same version
 * here is done by it. Refuses the file (%FALSE, @error set) for a version
 * its author's role may not read, one that no statement made wait, or one
 * that would replace a version this replica holds.
 */
gboolean
_ct_sync_take_rotated_keys (CtSession     *self,
                            Apply         *apply,
                            const CtChain *work,
                            GError       **error)
{
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (CtSyncKeyItem));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) list = NULL;
  Rotated r = { self, apply, work, taken, out };
  gboolean changed = FALSE;

  /* A list without names (CTSYNC03) cannot name a rotation: left out. */
  if (apply->file.category_keys == NULL || apply->file.keys_unnamed
      || !ct_store_sync_category_keys_parse (apply->file.category_keys, TRUE, judge_item, &r,
                                             error))
    return apply->file.category_keys == NULL || apply->file.keys_unnamed;
  if (taken->len == 0)
    return TRUE;
  list = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  if (!ct_store_sync_category_keys_import (self->db, list, TRUE, work, &changed, error))
    return FALSE;
  apply->keys_changed |= changed;
  for (guint i = 0; i < taken->len; i++)
    {
      const CtSyncKeyItem *t = &g_array_index (taken, CtSyncKeyItem, i);
      guint8 waiting[CT_KEY_NAME_SIZE];

      ct_store_pending_made_by (self->db, t->category, waiting);
      if (memcmp (waiting, t->made_by, CT_KEY_NAME_SIZE) == 0
          && !ct_store_pending_set (self->db, t->category, FALSE, NULL, error))
        return FALSE;
    }
  return TRUE;
}
