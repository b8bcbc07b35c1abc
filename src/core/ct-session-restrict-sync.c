/* ct-session-restrict-sync.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Restrictions of processing that travel in a sync (docs/sync-merge.md, "Signed
 * rows"): a placement or a lift made here is captured as a signed change,
 * and one that arrives is checked against the team chain before it is
 * stored. Whether a stored row restricts is decided at every read, as for
 * a row made here (ct-session-restrict.c). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-bytes-private.h"
#include "ct-id-set-private.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-session-restrict-row-private.h"
#include "ct-sync-private.h"

/* A placement travels whole: ground, placer, time, signature and text; a
 * lift as the placement's signature (which row), lifter, time and reason.
 * The household is the change's row id, the same on every replica, and
 * the signatures cover it with the team id, so they verify on every
 * replica as here. Texts go with a 16-bit length; 0 is none. */
#define KEY_PREFIX "restriction:"
#define GROUND_MAX 32

/* The key of a restriction within its household, for its stamp: its
 * placement's signature, which place and lift share. */
static char *
restriction_key (const guint8 *signature)
{
  g_autofree char *hex = _ct_sync_hex (signature, 16);

  return g_strconcat (KEY_PREFIX, hex, NULL);
}

gboolean
_ct_session_capture_restriction (CtSession               *self,
                                 const CtRestrictionRow  *row,
                                 gboolean                 lift,
                                 GError                 **error)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autofree char *key = restriction_key (row->signature);

  if (lift)
    {
      g_byte_array_append (payload, row->signature, crypto_sign_BYTES);
      g_byte_array_append (payload, row->lifted_by, CT_MEMBER_ID_SIZE);
      g_byte_array_append (payload, (const guint8 *) row->lifted_at, AT_SIZE);
      g_byte_array_append (payload, row->lift_signature, crypto_sign_BYTES);
      _ct_bytes_put_text (payload, 2, row->lift_reason != NULL ? row->lift_reason : "");
    }
  else
    {
      _ct_bytes_put_text (payload, 2, _ct_restrict_grounds[row->ground]);
      g_byte_array_append (payload, row->placed_by, CT_MEMBER_ID_SIZE);
      g_byte_array_append (payload, (const guint8 *) row->placed_at, AT_SIZE);
      g_byte_array_append (payload, row->signature, crypto_sign_BYTES);
      _ct_bytes_put_text (payload, 2, row->reason != NULL ? row->reason : "");
    }
  return _ct_session_sync_capture_signed (self, lift ? CT_SYNC_SIGNED_DROP : CT_SYNC_SIGNED_PUT,
                                          "restrictions", row->household, key, payload->data,
                                          payload->len, error);
}

/* A text of at most @max characters, valid UTF-8 without NULs; %NULL
 * (and %TRUE) for none. */
static gboolean
get_text (CtBytesReader *r,
          gsize          max,
          char         **out)
{
  const char *text;
  gsize len;

  *out = NULL;
  if (!_ct_bytes_get_text (r, 2, &text, &len))
    return FALSE;
  if (len == 0)
    return TRUE;
  *out = g_strndup (text, len);
  if (g_utf8_strlen (*out, -1) > (glong) max)
    {
      g_clear_pointer (out, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_at (CtBytesReader *r,
        char           out[AT_SIZE + 1])
{
  if (!_ct_bytes_copy (r, (guint8 *) out, AT_SIZE))
    return FALSE;
  out[AT_SIZE] = '\0';
  return strlen (out) == AT_SIZE && g_utf8_validate (out, AT_SIZE, NULL);
}

struct _CtSyncRestriction
{
  CtRestrictionRow row;
  gboolean         lift;
};

void
_ct_sync_restriction_free (CtSyncRestriction *restriction)
{
  if (restriction == NULL)
    return;
  _ct_restriction_row_clear (&restriction->row);
  g_free (restriction);
}

/* The row @household holds with placement @signature, into @row (its
 * lift left empty); %FALSE when there is none. */
static gboolean
find_placed (CtSession         *self,
             gint64             household,
             const guint8      *signature,
             CtRestrictionRow  *row,
             GError           **error)
{
  g_autoptr(GArray) rows = _ct_session_read_restrictions (self, household, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      CtRestrictionRow *found = &g_array_index (rows, CtRestrictionRow, i);

      if (memcmp (found->signature, signature, crypto_sign_BYTES) != 0)
        continue;
      *row = *found;
      row->reason = g_steal_pointer (&found->reason);
      row->lift_reason = NULL;
      row->lifted = FALSE;
      return TRUE;
    }
  return FALSE;
}

/**
 * _ct_session_restriction_from_sync:
 * @author: the change file's author, as the chain had them at its point
 * @key: (out): the row's key within its household, for its stamp
 * @out: (out): the row to store, or %NULL (and %TRUE) when a lift's
 *   restriction is not here (its household erased or purged)
 *
 * Checks a restriction that travelled in a change file: a placement or a
 * lift must be made by the file's author, a beheerder or a regisseur by
 * the chain, and signed by them with a key the chain gives them. Whether
 * it restricts is decided at every read, as for a row made here.
 *
 * Returns: %FALSE with @error set to the reason the file is refused
 */
gboolean
_ct_session_restriction_from_sync (CtSession            *self,
                                   const CtChainMember  *author,
                                   const CtSyncChange   *change,
                                   char                **key,
                                   CtSyncRestriction   **out,
                                   GError              **error)
{
  g_autoptr(CtSyncRestriction) r = g_new0 (CtSyncRestriction, 1);
  CtBytesReader reader;
  g_autofree char *ground = NULL;
  guint8 place[PLACE_MESSAGE_SIZE];
  guint8 lift[LIFT_MESSAGE_SIZE];
  guint8 signature[crypto_sign_BYTES];
  guint8 lift_signature[crypto_sign_BYTES];
  char lifted_at[AT_SIZE + 1];
  g_autofree char *lift_reason = NULL;
  guint8 lifted_by[CT_MEMBER_ID_SIZE];
  GError *local = NULL;
  gboolean ok;

  *out = NULL;
  _ct_bytes_reader_init (&reader, change->payload, change->payload_len);
  r->lift = change->kind == CT_SYNC_SIGNED_DROP;
  r->row.household = change->row_id;
  if (r->lift)
    ok = _ct_bytes_copy (&reader, signature, crypto_sign_BYTES)
         && _ct_bytes_copy (&reader, lifted_by, CT_MEMBER_ID_SIZE)
         && get_at (&reader, lifted_at)
         && _ct_bytes_copy (&reader, lift_signature, crypto_sign_BYTES)
         && get_text (&reader, REASON_MAX, &lift_reason) && lift_reason != NULL;
  else
    ok = get_text (&reader, GROUND_MAX, &ground)
         && (r->row.ground = ct_restrict_ground_from_string (ground)) >= 0
         && _ct_bytes_copy (&reader, r->row.placed_by, CT_MEMBER_ID_SIZE)
         && get_at (&reader, r->row.placed_at)
         && _ct_bytes_copy (&reader, r->row.signature, crypto_sign_BYTES)
         && get_text (&reader, REASON_MAX, &r->row.reason);
  if (!ok || !_ct_bytes_reader_done (&reader))
    return _ct_refuse_tampered (error, _("a change in it is malformed or names a table or field "
                                         "that the team file does not have"));
  if (!_ct_restriction_may_sign (author) || self->chain == NULL)
    return _ct_refuse_tampered (error, _("it restricts a household’s processing or lifts a "
                                         "restriction, which only a beheerder or a regisseur "
                                         "may do"));
  if (r->lift)
    {
      *key = restriction_key (signature);
      if (memcmp (lifted_by, author->uid, CT_MEMBER_ID_SIZE) != 0)
        return _ct_refuse_tampered (error, _("it lifts a restriction with a signature that its "
                                             "author did not make"));
      /* The placement came first (the file's vector says so); gone only
       * with its household. */
      if (!find_placed (self, r->row.household, signature, &r->row, &local))
        {
          if (local != NULL)
            g_propagate_error (error, local);
          return local == NULL;
        }
      r->row.lifted = TRUE;
      memcpy (r->row.lifted_by, lifted_by, CT_MEMBER_ID_SIZE);
      memcpy (r->row.lifted_at, lifted_at, AT_SIZE + 1);
      memcpy (r->row.lift_signature, lift_signature, crypto_sign_BYTES);
      r->row.lift_reason = g_steal_pointer (&lift_reason);
      _ct_restriction_lift_message (self, &r->row, lift);
      if (!_ct_chain_member_signed (author, lift, sizeof lift, r->row.lift_signature))
        return _ct_refuse_tampered (error, _("it lifts a restriction with a signature that its "
                                             "author did not make"));
    }
  else
    {
      *key = restriction_key (r->row.signature);
      _ct_restriction_place_message (self, &r->row, place);
      if (memcmp (r->row.placed_by, author->uid, CT_MEMBER_ID_SIZE) != 0
          || !_ct_chain_member_signed (author, place, sizeof place, r->row.signature))
        return _ct_refuse_tampered (error, _("it restricts a household’s processing with a "
                                             "signature that its author did not make"));
    }
  *out = g_steal_pointer (&r);
  return TRUE;
}

/**
 * _ct_session_restriction_store:
 *
 * Stores a restriction checked by _ct_session_restriction_from_sync():
 * a placement once (a copy already here is left), a lift on its row.
 */
gboolean
_ct_session_restriction_store (CtSession         *self,
                               CtSyncRestriction *restriction,
                               GError           **error)
{
  const CtRestrictionRow *row = &restriction->row;
  g_autoptr(CtStmt) stmt = NULL;

  if (restriction->lift)
    stmt = ct_store_prepare (self->db, "UPDATE restrictions SET lifted_by = ?3, lifted_at = ?4, "
                                       "lift_reason = ?5, lift_signature = ?6 "
                                       "WHERE household_id = ?1 AND signature = ?2", error);
  else
    stmt = ct_store_prepare (self->db, "INSERT INTO restrictions (household_id, signature, "
                                       "ground, reason, placed_by, placed_at) "
                                       "SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 "
                                       "FROM restrictions WHERE household_id = ?1 AND "
                                       "signature = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->household);
  sqlite3_bind_blob (stmt, 2, row->signature, crypto_sign_BYTES, SQLITE_STATIC);
  if (restriction->lift)
    {
      sqlite3_bind_blob (stmt, 3, row->lifted_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->lifted_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, row->lift_reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 6, row->lift_signature, crypto_sign_BYTES, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_text (stmt, 3, _ct_restrict_grounds[row->ground], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->reason, -1, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 5, row->placed_by, CT_MEMBER_ID_SIZE, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, row->placed_at, -1, SQLITE_STATIC);
    }
  return ct_store_step_done (self->db, stmt, error);
}
