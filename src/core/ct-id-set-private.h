/* ct-id-set-private.h — sets of row ids, and refusing a change that travelled
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GHashTable *_ct_id_set_new          (void);
void        _ct_id_set_add          (GHashTable  *set,
                                     gint64       id);
gboolean    _ct_ids_contain         (GArray      *ids,
                                     gint64       id);
gboolean    _ct_refuse_tampered     (GError     **error,
                                     const char  *reason);

G_END_DECLS
