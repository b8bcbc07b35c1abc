/* ct-session-merge-private.h — between a merge (ct-session-merge.c) and
 * its scan in a worker (ct-session-merge-copy.c) (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session-private.h"
#include "ct-sync.h"
#include "ct-sync-private.h"

G_BEGIN_DECLS

/* What a scan found to merge (ct_session_merge_copy_async()): per table
 * of the schema, in its order, the ids of the copy's rows that differ from
 * this file's or that this file lacks, and the ids of this file's rows
 * that the copy deleted under sync. Rows found the same are skipped. */
typedef struct
{
  GPtrArray *differ;      /* of GArray of gint64, one per table */
  GPtrArray *tombstoned;  /* of GArray of gint64, one per table */
} CtMergePlan;

gboolean  _ct_session_merge_run      (CtSession         *self,
                                      CtSession         *other,
                                      const CtMergePlan *plan,
                                      CtMergeSummary    *summary,
                                      GError           **error);
GArray   *_ct_session_merge_step_ids (sqlite3           *db,
                                      sqlite3_stmt      *stmt,
                                      sqlite3           *ours,
                                      const char        *table,
                                      GError           **error);

/* ct-session-merge-lost.c: the losing side's edits of a row whose
 * category the other side's change took */
typedef struct _CtMergeLost CtMergeLost;

gboolean  _ct_merge_lost_collect     (CtSession          *self,
                                      sqlite3            *loser_db,
                                      sqlite3            *winner_db,
                                      gboolean            copy,
                                      const CtTable      *table,
                                      gint64              id,
                                      const CtStoreValue *loser,
                                      const CtStoreValue *winner,
                                      const guint8       *skip,
                                      const CtSyncStamp  *loser_epoch,
                                      const CtSyncStamp  *winner_epoch,
                                      GPtrArray         **list,
                                      guint              *not_kept,
                                      GError            **error);
gboolean  _ct_merge_lost_apply       (CtSession          *self,
                                      GPtrArray          *list,
                                      CtMergeSummary     *summary,
                                      GError            **error);

G_END_DECLS
