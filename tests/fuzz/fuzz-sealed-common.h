/* fuzz-sealed-common.h — what the fuzz targets of the sealed sync envelope share
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

#include "ct-sync-private.h"

G_BEGIN_DECLS

/* The fixed sync key every input is sealed under and opened with */
extern const guint8 fuzz_sealed_key[CT_SYNC_KEY_SIZE];

/* Reads one file as a replica would: @author signed it. */
typedef void (*FuzzSealedRead) (const guint8     *bytes,
                                gsize             len,
                                const CtIdentity *author);

int fuzz_sealed_run (const uint8_t  *data,
                     size_t          size,
                     const char     *magic,
                     FuzzSealedRead  read);

G_END_DECLS
