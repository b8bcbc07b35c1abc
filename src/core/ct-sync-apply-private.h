/* ct-sync-apply-private.h — one change file being applied (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-chain.h"
#include "ct-session-private.h"
#include "ct-sync-private.h"

G_BEGIN_DECLS

typedef enum
{
  APPLY_DONE,
  APPLY_WAIT,
  APPLY_REFUSED,
} ApplyResult;

/* One change file being applied. */
typedef struct
{
  CtSyncFile           file;
  const guint8        *data;      /* the file's bytes, for its signature */
  gsize                len;
  gboolean             signed_ok; /* verified with a key this replica's chain named */
  CtChain             *at;        /* owned, when @rules is not the session's chain */
  const CtChain       *rules;     /* the chain at the file's position */
  const CtChainMember *author;    /* in @rules */
  guint64              removed_hlc; /* the author's removal stamp; G_MAXUINT64 if none */
  gboolean             chain_changed;
  gboolean             keys_changed;  /* category keys or grants came in */
  CtSyncPeer           before;    /* what was applied of its device before it */
  guint64              max_hlc;
  CtSyncSummary       *summary;
  guint                conflicts;
  guint                dropped;
  gboolean             any_purged; /* a household here was purged: look at each change */
  guint                n_log;     /* access-log entries among the changes */
  gboolean             ahead;     /* refused for stamps too far ahead of this clock */
} Apply;

/* ct-session-sync-apply.c */
gboolean _ct_sync_apply_refuse        (GError            **error,
                                       const char         *reason);
gint     _ct_sync_stamp_compare       (const CtSyncStamp  *a,
                                       const CtSyncStamp  *b);
gboolean _ct_sync_seen_by             (const Apply        *apply,
                                       const CtSyncStamp  *stamp);

/* ct-session-sync-rows.c: purges and signed rows */
gboolean _ct_sync_apply_purge         (CtSession          *self,
                                       Apply              *apply,
                                       const CtSyncChange *change,
                                       GError            **error);
gint64   _ct_sync_purged_household_of (CtSession          *self,
                                       const Apply        *apply,
                                       const CtSyncChange *change);
gboolean _ct_sync_purge_again         (CtSession          *self,
                                       Apply              *apply,
                                       gint64              household,
                                       GError            **error);
gboolean _ct_sync_apply_signed        (CtSession          *self,
                                       Apply              *apply,
                                       const CtSyncChange *change,
                                       GError            **error);

G_END_DECLS
