/* ct-session-sync-rows.c — applying the writes that are not an edit
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Retention purges and signed rows (involvements, restrictions) from
 * another replica's change file (docs/sync-merge.md, "Writes that are not an
 * edit"), for ct-session-sync-apply.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"
#include "ct-sync-apply-private.h"

static gboolean
is_day (const guint8 *p,
        gsize         len)
{
  guint v[3] = { 0 };
  static const guint width[3] = { 4, 2, 2 };
  gsize at = 0;

  if (len != 10)
    return FALSE;
  for (guint part = 0; part < 3; part++)
    {
      for (guint i = 0; i < width[part]; i++, at++)
        {
          if (!g_ascii_isdigit (p[at]))
            return FALSE;
          v[part] = v[part] * 10 + (guint) (p[at] - '0');
        }
      if (part < 2 && p[at++] != '-')
        return FALSE;
    }
  return g_date_valid_dmy ((GDateDay) v[2], (GDateMonth) v[1], (GDateYear) v[0]);
}

static char *
purged_on (CtSession *self,
           gint64     household)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT purged_on FROM households "
                                                       "WHERE id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A retention purge made on another replica: the same purge here, by a
 * beheerder's file. Of two purges of one household the earlier day is
 * kept, whichever arrives first. */
gboolean
_ct_sync_apply_purge (CtSession          *self,
                      Apply              *apply,
                      const CtSyncChange *change,
                      GError            **error)
{
  g_autofree char *day = NULL;
  g_autofree char *current = NULL;
  g_autofree char *field = NULL;
  g_autofree char *purpose = NULL;
  CtSyncStamp stamp;
  guint n_rows = 0;

  if (!apply->author->is_admin)
    return _ct_sync_apply_refuse (error,
                                  _("it anonymises a household, which only a beheerder may do"));
  if (!is_day (change->payload, change->payload_len))
    return _ct_sync_apply_refuse (error, _("a change in it is malformed or names a table or "
                                           "field that the team file does not have"));
  if (!ct_store_row_exists (self->db, "households", change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  day = g_strndup ((const char *) change->payload, change->payload_len);
  current = purged_on (self, change->row_id);
  if (current != NULL && strcmp (current, day) < 0)
    {
      g_free (day);
      day = g_steal_pointer (&current);
    }
  stamp.hlc = change->hlc;
  memcpy (stamp.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  field = _ct_sync_purge_field (&stamp);
  if (!ct_store_purge_household (self->db, change->row_id, day, &n_rows, error))
    return FALSE;
  apply->any_purged = TRUE;
  purpose = g_strdup_printf ("retention purge; %u rows", n_rows);
  return ct_store_sync_stamp_put (self->db, "households", change->row_id, field, &stamp, error)
         && _ct_audit_append (self, CT_AUDIT_DELETE, "households", change->row_id, 0, purpose,
                              FALSE, error);
}

/* The household of a row an insert or update is about to write, when
 * that household was purged; 0 otherwise. */
gint64
_ct_sync_purged_household_of (CtSession          *self,
                              const Apply        *apply,
                              const CtSyncChange *change)
{
  g_autofree char *day = NULL;
  gint64 household;

  if (!apply->any_purged)
    return 0;
  household = ct_store_sync_household_of (self->db, change->table, change->row_id,
                                          change->kind == CT_SYNC_INSERT ? change->values : NULL);
  if (household == 0 || (day = purged_on (self, household)) == NULL)
    return 0;
  return household;
}

/* A change to a purged household that had not seen every purge of it
 * was concurrent with one: the purge runs again over it, so the result
 * is the purge's whichever came first (docs/sync-merge.md). */
gboolean
_ct_sync_purge_again (CtSession          *self,
                      Apply              *apply,
                      gint64              household,
                      GError            **error)
{
  g_autoptr(GArray) purges = NULL;
  g_autofree char *day = NULL;
  gboolean seen = TRUE;
  guint n_rows = 0;

  if (household == 0 || (day = purged_on (self, household)) == NULL)
    return TRUE;
  purges = ct_store_sync_stamps_with_prefix (self->db, "households", household,
                                             CT_SYNC_PURGE_PREFIX, NULL, error);
  if (purges == NULL)
    return FALSE;
  for (guint i = 0; seen && i < purges->len; i++)
    seen = _ct_sync_seen_by (apply, &g_array_index (purges, CtSyncStamp, i));
  return seen || ct_store_purge_household (self->db, household, day, &n_rows, error);
}

/* Whether a signed row's write stamped @incoming comes too late for the
 * row of @key (a later write holds), or its household is gone. */
static gboolean
signed_is_stale (CtSession          *self,
                 Apply              *apply,
                 const CtSyncChange *change,
                 const char         *key,
                 CtSyncStamp        *incoming,
                 gboolean           *stale,
                 GError            **error)
{
  CtSyncStamp current;

  incoming->hlc = change->hlc;
  memcpy (incoming->device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  if (!ct_store_sync_stamp_get (self->db, change->signed_table, change->row_id, key, &current,
                                error))
    return FALSE;
  *stale = !ct_store_row_exists (self->db, "households", change->row_id)
           || (current.hlc != 0 && _ct_sync_stamp_compare (incoming, &current) <= 0);
  if (*stale)
    apply->dropped++;
  return TRUE;
}

/* A restriction placed or lifted (ct-session-restrict.c). */
static gboolean
apply_restriction (CtSession          *self,
                   Apply              *apply,
                   const CtSyncChange *change,
                   GError            **error)
{
  g_autofree char *key = NULL;
  g_autoptr(CtSyncRestriction) restriction = NULL;
  CtSyncStamp incoming;
  gboolean stale;

  if (!_ct_session_restriction_from_sync (self, apply->author, change, &key, &restriction,
                                          error)
      || !signed_is_stale (self, apply, change, key, &incoming, &stale, error))
    return FALSE;
  if (stale)
    return TRUE;
  if (restriction == NULL)
    {
      apply->dropped++;
      return TRUE;
    }
  /* A placement may take the household out of this member's lists. */
  if (change->kind == CT_SYNC_SIGNED_PUT)
    _ct_sync_apply_touch (apply, change->row_id);
  return _ct_session_restriction_store (self, restriction, error)
         && ct_store_sync_stamp_put (self->db, change->signed_table, change->row_id, key,
                                     &incoming, error);
}

/* A signed row (an involvement, a restriction) is a register per
 * household and key: the write with the highest stamp holds, whatever the
 * order. Its table's handler checks the bytes and the author's right; a
 * new signed table (_ct_sync_signed_tables) adds its handler here. */
gboolean
_ct_sync_apply_signed (CtSession          *self,
                       Apply              *apply,
                       const CtSyncChange *change,
                       GError            **error)
{
  g_autofree char *key = NULL;
  CtStoreInvolvement inv;
  CtSyncStamp incoming;
  gboolean stale;
  guint n_rows = 0;

  if (g_str_equal (change->signed_table, "restrictions"))
    return apply_restriction (self, apply, change, error);
  g_assert (g_str_equal (change->signed_table, "involvements"));
  if (!_ct_session_involvement_from_sync (self, apply->author, change, &key, &inv, error)
      || !signed_is_stale (self, apply, change, key, &incoming, &stale, error))
    return FALSE;
  if (stale)
    return TRUE;
  if (change->kind == CT_SYNC_SIGNED_PUT ? !ct_store_put_involvement (self->db, &inv, error)
                                         : !ct_store_delete_involvement (self->db, inv.household,
                                                                         inv.member_uid, &n_rows,
                                                                         error))
    return FALSE;
  return ct_store_sync_stamp_put (self->db, change->signed_table, change->row_id, key, &incoming,
                                  error);
}
