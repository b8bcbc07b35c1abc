/* ct-chain-private.h — the statement format, for the files of the team chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-chain.h"

G_BEGIN_DECLS

/* Every statement's body opens with these (docs/security.md). */
#define MAGIC "CTCH"
#define FORMAT_VERSION 1

/* The signer a statement of the recovery key names. */
extern const guint8 _ct_chain_no_uid[CT_MEMBER_ID_SIZE];

G_END_DECLS
