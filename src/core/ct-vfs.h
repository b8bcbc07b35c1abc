/* ct-vfs.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_VFS_NAME "casustafel"

/* SQLCipher 3.4.1 page layout with its defaults (AES-256-CBC, HMAC-SHA1):
 * the last 48 bytes of every page are reserved for a 16-byte IV and a
 * 20-byte HMAC; the 12 bytes after them are covered by nothing. */
#define CT_PAGE_RESERVE       48
#define CT_PAGE_IV_SIZE       16
#define CT_PAGE_HMAC_SIZE     20
#define CT_PAGE_PAD_OFFSET    (4096 - CT_PAGE_RESERVE + CT_PAGE_IV_SIZE + CT_PAGE_HMAC_SIZE)
#define CT_PAGE_PAD_SIZE      (CT_PAGE_RESERVE - CT_PAGE_IV_SIZE - CT_PAGE_HMAC_SIZE)

void     ct_vfs_register       (void);
gboolean ct_vfs_page_is_sound  (const guint8 *page);

G_END_DECLS
