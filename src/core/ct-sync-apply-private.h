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

/* A branch of a forked team chain: the chain up to the fork point with
 * the branch's statements applied, and those statements. */
typedef struct
{
  gint64     fork;        /* the first position where it differs; -1: none */
  CtChain   *chain;
  GPtrArray *statements;  /* of CtSyncStatement, from @fork on */
} CtSyncBranch;

void     _ct_sync_branch_clear        (CtSyncBranch       *branch);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CtSyncBranch, _ct_sync_branch_clear)

/* What becomes of an edit's by-row fields (docs/sync-merge.md, "A row's
 * category"). */
typedef enum
{
  CT_SYNC_ROW_MERGE,  /* field by field, within the row's category */
  CT_SYNC_ROW_TAKE,   /* a category change that takes the whole row */
  CT_SYNC_ROW_DROP,   /* made under a category the row no longer has */
} CtSyncRowFate;

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
  gint64               removed_seq; /* the statement that removed them */
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
  CtSyncBranch         branch;    /* the file's chain when it is on another branch */
  gboolean             on_branch; /* judged by @branch, which lost the fork */
  gboolean             switched;  /* this replica went on with the file's branch */
  guint                set_aside_own; /* of this replica's statements, set aside */
  GArray              *touched;   /* gint64: households it restricted or deleted */
  const guint8        *rest;      /* the encoded changes after the one being applied */
  const guint8        *end;
  const CtTable       *row_table; /* the edit _ct_sync_row_fate() decided on last */
  gint64               row_id;
  guint64              row_hlc;
  CtSyncRowFate        row_fate;
  guint8               own[CT_SYNC_DEVICE_SIZE]; /* this replica's device */
  GPtrArray           *remakes;   /* own by-row edits to make again, after the changes */
  guint                lost_rows;   /* own category changes that lost the row */
  GPtrArray           *losing;      /* CtRecord: own category changes an arriving one
                                     * takes the row from, as read before it */
  GArray              *losing_hlc;  /* guint64: the stamp of each of those */
  guint                lost_fields; /* own by-row edits neither kept nor made again */
  GHashTable          *goals;     /* ids of the goals it wrote, or whose actions it wrote */
} Apply;

/* ct-session-sync-apply.c */
gboolean _ct_sync_apply_refuse        (GError            **error,
                                       const char         *reason);
void     _ct_sync_apply_touch         (Apply              *apply,
                                       gint64              household);
gint     _ct_sync_stamp_compare       (const CtSyncStamp  *a,
                                       const CtSyncStamp  *b);
gboolean _ct_sync_seen_by             (const Apply        *apply,
                                       const CtSyncStamp  *stamp);
gboolean _ct_sync_check_ahead         (Apply              *apply,
                                       guint64             hlc,
                                       GError            **error);

/* ct-session-sync-director.c: a change of who directs a case, from a
 * change file or a merged copy */
gboolean _ct_sync_director_check      (CtSession          *self,
                                       Apply              *apply,
                                       const CtSyncChange *change,
                                       GError            **error);
gboolean _ct_sync_director_may_merge  (CtSession           *self,
                                       const CtChainMember *member,
                                       const CtTable       *table,
                                       guint                field,
                                       const CtStoreValue  *ours,
                                       const CtStoreValue  *theirs);

/* ct-session-sync-chain.c: the chain a file carries, and its author by it */
gboolean _ct_sync_take_chain          (CtSession          *self,
                                       Apply              *apply,
                                       GError            **error);

/* ct-session-sync-fork.c: a forked team chain (docs/sync-chain.md, "Forks") */
gboolean _ct_sync_fork_classify       (CtSession          *self,
                                       const CtSyncFile   *file,
                                       CtSyncBranch       *fork,
                                       GError            **error);
gboolean _ct_sync_fork_take           (CtSession          *self,
                                       Apply              *apply,
                                       CtChain           **work,
                                       GError            **error);

/* ct-session-sync-rotated.c: a category key rotated at a later unlock */
gboolean _ct_sync_take_rotated_keys   (CtSession          *self,
                                       Apply              *apply,
                                       const CtChain      *work,
                                       GError            **error);

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

/* ct-session-sync-category.c: a row's category as one register, for a
 * change file and a merged copy (ct-session-merge.c) alike */
CtSyncRowFate _ct_sync_row_judge      (const CtSyncStamp  *epoch,
                                       const CtSyncStamp  *incoming,
                                       gboolean            changes_category,
                                       gboolean            seen);
gboolean _ct_sync_row_keep            (CtSession          *self,
                                       const CtTable      *table,
                                       gint64              row_id,
                                       guint8             *fields,
                                       GPtrArray         **remakes,
                                       guint              *lost,
                                       GError            **error);
gboolean _ct_sync_row_drop_conflicts  (CtSession          *self,
                                       const CtTable      *table,
                                       gint64              row_id,
                                       GError            **error);
gboolean _ct_sync_row_remake_all      (CtSession          *self,
                                       GPtrArray          *remakes,
                                       guint              *lost,
                                       GError            **error);
gboolean _ct_sync_row_fate            (CtSession          *self,
                                       Apply              *apply,
                                       const CtSyncChange *change,
                                       CtSyncRowFate      *fate,
                                       GError            **error);
gboolean _ct_sync_row_remake          (CtSession          *self,
                                       Apply              *apply,
                                       GError            **error);
gboolean _ct_sync_row_losing          (CtSession          *self,
                                       Apply              *apply,
                                       const CtTable      *table,
                                       gint64              row_id,
                                       guint64             hlc,
                                       GError            **error);
gboolean _ct_sync_row_count_lost      (CtSession          *self,
                                       Apply              *apply,
                                       GError            **error);
gboolean _ct_sync_goals_follow        (CtSession          *self,
                                       Apply              *apply,
                                       GError            **error);
void     _ct_sync_row_clear           (Apply              *apply);

G_END_DECLS
