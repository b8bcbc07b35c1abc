/* ct-store-sync-private.h — what the ct-store-sync*.c files share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-store-sync.h"

G_BEGIN_DECLS

void _ct_store_sync_bind_device (sqlite3_stmt *stmt,
                                 int           index,
                                 const guint8 *device);
void _ct_store_sync_read_device (sqlite3_stmt *stmt,
                                 int           column,
                                 guint8       *device);
void _ct_store_sync_read_value  (sqlite3_stmt *stmt,
                                 int           column,
                                 CtStoreValue *value);
int  _ct_store_sync_step_row    (sqlite3      *db,
                                 sqlite3_stmt *stmt,
                                 GError      **error);

G_END_DECLS
