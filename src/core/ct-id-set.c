/* ct-id-set.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Small helpers the session's access rules share: a set of row ids (the
 * households a member is involved in, those under restriction, ...) as a
 * GHashTable of gint64 keys that owns them, a look-up in a short list of
 * ids, and the refusal of a change file whose row breaks a rule, which is
 * reported as tampering (docs/sync-security.md). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include "ct-error.h"
#include "ct-id-set-private.h"

/**
 * _ct_id_set_new:
 *
 * Returns: (transfer full): an empty set of gint64 ids; look one up with
 *   g_hash_table_contains (set, &id)
 */
GHashTable *
_ct_id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

void
_ct_id_set_add (GHashTable *set,
                gint64      id)
{
  g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

/**
 * _ct_ids_contain:
 * @ids: (element-type gint64): a short list of ids, in no order
 *
 * Returns: whether @id is in @ids
 */
gboolean
_ct_ids_contain (GArray *ids,
                 gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/**
 * _ct_refuse_tampered:
 * @reason: what is wrong with the change, translated
 *
 * Sets %CT_ERROR_TAMPERED with @reason.
 *
 * Returns: %FALSE, for `return _ct_refuse_tampered (error, …);`
 */
gboolean
_ct_refuse_tampered (GError    **error,
                     const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}
