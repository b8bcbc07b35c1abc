/* ct-store-sync.h — SQL of team sync's own tables (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-store.h"
#include "ct-sync-private.h"

G_BEGIN_DECLS

/* A value a field keeps as a conflict, under the stamp of the edit that
 * wrote it (ct_store_sync_conflict_values()). */
typedef struct
{
  CtSyncStamp  stamp;  /* first: read_stamps() relies on it */
  CtStoreValue value;
} CtStoreConflict;

/* Why a value of this laptop's own was not kept (sync_unkept.reason,
 * docs/sync-merge.md, "Edits not kept"). */
typedef enum
{
  CT_UNKEPT_CATEGORY,  /* a by-row edit under a category the row no longer has */
  CT_UNKEPT_CONFLICT,  /* an own value kept as a conflict of a by-row field */
  CT_UNKEPT_LOST,      /* part of an own change of category that lost */
  CT_UNKEPT_MERGE,     /* an own edit a merge of a copy left out */
} CtUnkeptReason;

int        ct_store_sync_state_get     (sqlite3           *db,
                                        CtSyncState       *state,
                                        GError           **error);
gboolean   ct_store_sync_state_put     (sqlite3           *db,
                                        const CtSyncState *state,
                                        GError           **error);
gboolean   ct_store_sync_key_put       (sqlite3           *db,
                                        guint32            version,
                                        const guint8      *made_by,
                                        const guint8      *holder,
                                        GBytes            *sealed,
                                        GError           **error);
GBytes    *ct_store_sync_key_get       (sqlite3           *db,
                                        guint32            version,
                                        const guint8      *holder);
GPtrArray *ct_store_sync_keys_get      (sqlite3           *db,
                                        guint32            version,
                                        const guint8      *holder);
gboolean   ct_store_sync_pending_add   (sqlite3           *db,
                                        GByteArray        *body,
                                        GError           **error);
GPtrArray *ct_store_sync_pending_take  (sqlite3           *db,
                                        GError           **error);
gboolean   ct_store_sync_pending_clear (sqlite3           *db,
                                        GError           **error);
gboolean   ct_store_sync_outbox_put    (sqlite3           *db,
                                        guint64            seq,
                                        GBytes            *bytes,
                                        GError           **error);
GBytes    *ct_store_sync_outbox_first  (sqlite3           *db,
                                        guint64           *seq,
                                        GError           **error);
GPtrArray *ct_store_sync_outbox_list   (sqlite3           *db,
                                        GArray            *seqs,
                                        GError           **error);
gboolean   ct_store_sync_outbox_drop   (sqlite3           *db,
                                        guint64            seq,
                                        GError           **error);
GArray    *ct_store_sync_peers         (sqlite3           *db,
                                        GError           **error);
int        ct_store_sync_peer_get      (sqlite3           *db,
                                        const guint8      *device,
                                        CtSyncPeer        *peer,
                                        guint8            *member,
                                        GError           **error);
gboolean   ct_store_sync_peer_put      (sqlite3           *db,
                                        const CtSyncPeer  *peer,
                                        const guint8      *member,
                                        GError           **error);
gboolean   ct_store_sync_peers_clear   (sqlite3           *db,
                                        GError           **error);
gboolean   ct_store_sync_stamp_get     (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        const char        *field,
                                        CtSyncStamp       *stamp,
                                        GError           **error);
gboolean   ct_store_sync_stamp_put     (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        const char        *field,
                                        const CtSyncStamp *stamp,
                                        GError           **error);
GArray    *ct_store_sync_conflict_stamps (sqlite3         *db,
                                          const char      *table,
                                          gint64           row_id,
                                          const char      *field,
                                          GError         **error);
GArray    *ct_store_sync_conflict_values (sqlite3         *db,
                                          const char      *table,
                                          gint64           row_id,
                                          const char      *field,
                                          GError         **error);
gboolean   ct_store_sync_conflict_add  (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        const char        *field,
                                        const CtSyncStamp *stamp,
                                        const CtStoreValue *value,
                                        GError           **error);
int        ct_store_sync_conflict_has_value (sqlite3            *db,
                                             const char         *table,
                                             gint64              row_id,
                                             const char         *field,
                                             const CtStoreValue *value,
                                             GError            **error);
gboolean   ct_store_sync_conflict_drop (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        const char        *field,
                                        const CtSyncStamp *stamp,
                                        GError           **error);
sqlite3_stmt *ct_store_sync_conflicts_of_row (sqlite3     *db,
                                              const char  *table,
                                              gint64       row_id,
                                              GError     **error);
gboolean   ct_store_sync_forget_row    (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        GError           **error);
GArray    *ct_store_sync_stamps_with_prefix (sqlite3       *db,
                                            const char    *table,
                                            gint64         row_id,
                                            const char    *prefix,
                                            GPtrArray     *names,
                                            GError       **error);
gboolean   ct_store_sync_forget_orphans (sqlite3          *db,
                                         GError          **error);
gint64     ct_store_sync_household_of  (sqlite3           *db,
                                        const CtTable     *table,
                                        gint64             row_id,
                                        const CtStoreValue *values);
gboolean   ct_store_sync_any_purged    (sqlite3           *db);
gboolean   ct_store_sync_tombstone_add (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id,
                                        GError           **error);
gboolean   ct_store_sync_is_tombstone  (sqlite3           *db,
                                        const char        *table,
                                        gint64             row_id);
gboolean   ct_store_sync_refuse        (sqlite3           *db,
                                        const guint8      *device,
                                        guint64            seq,
                                        const char        *reason,
                                        GError           **error);
gboolean   ct_store_sync_refused_set_digest (sqlite3      *db,
                                             const guint8 *device,
                                             guint64       seq,
                                             const guint8 *digest,
                                             GError      **error);
int        ct_store_sync_refused_get   (sqlite3           *db,
                                        const guint8      *device,
                                        guint64           *seq,
                                        guint8            *digest,
                                        GError           **error);
gboolean   ct_store_sync_unrefuse      (sqlite3           *db,
                                        const guint8      *device,
                                        GError           **error);
gboolean   ct_store_sync_is_refused    (sqlite3           *db,
                                        const guint8      *device);
gint64     ct_store_sync_case_with_number (sqlite3        *db,
                                           const char     *number,
                                           gint64          except);
gboolean   ct_store_sync_case_renumber (sqlite3           *db,
                                        gint64             id,
                                        const char        *number,
                                        GError           **error);
gboolean   ct_store_row_column_get     (sqlite3           *db,
                                        const CtTable     *table,
                                        guint              field,
                                        gint64             row_id,
                                        CtStoreValue      *value,
                                        GError           **error);
void       ct_store_value_clear        (CtStoreValue      *value);
gboolean   ct_store_row_get_all        (sqlite3           *db,
                                        const CtTable     *table,
                                        gint64             row_id,
                                        CtStoreValue      *values,
                                        GError           **error);
gboolean   ct_store_row_id_taken       (sqlite3           *db,
                                        const CtTable     *table,
                                        gint64             id);
gint64     ct_store_row_max_id         (sqlite3           *db,
                                        const CtTable     *table);

gboolean   ct_store_sync_key_add       (sqlite3           *db,
                                        const CtSyncGrant *grant,
                                        GError           **error);
GArray    *ct_store_sync_grants        (sqlite3           *db,
                                        GError           **error);
void       ct_store_sync_key_name      (sqlite3           *db,
                                        guint32            version,
                                        guint8            *made_by);
gboolean   ct_store_sync_key_lacks     (sqlite3           *db,
                                        guint32            version,
                                        const guint8      *holder);
gboolean   ct_store_sync_key_has       (sqlite3           *db,
                                        guint32            version,
                                        const guint8      *made_by,
                                        const guint8      *holder);
gboolean   ct_store_sync_branch_has    (sqlite3           *db,
                                        const guint8      *hash);
GArray    *ct_store_sync_kept_grants   (sqlite3           *db,
                                        const guint8      *holder,
                                        GError           **error);
gint64     ct_store_sync_chain_next    (sqlite3           *db);
gboolean   ct_store_sync_chain_put     (sqlite3           *db,
                                        gint64             seq,
                                        guint64            hlc,
                                        gboolean           sent,
                                        GError           **error);
gboolean   ct_store_sync_chain_forget_from (sqlite3       *db,
                                            gint64         seq,
                                            GError       **error);
gboolean   ct_store_sync_branch_put    (sqlite3           *db,
                                        gint64             fork,
                                        gint64             seq,
                                        const guint8      *hash,
                                        GBytes            *body,
                                        const guint8      *signer,
                                        const guint8      *signature,
                                        guint64            hlc,
                                        gboolean           own,
                                        GError           **error);
sqlite3_stmt *ct_store_sync_branch_at  (sqlite3           *db,
                                        gint64             seq,
                                        GError           **error);
guint64    ct_store_sync_chain_hlc     (sqlite3           *db,
                                        gint64             seq);
gint64     ct_store_sync_chain_unsent  (sqlite3           *db,
                                        GArray            *hlcs,
                                        GError           **error);
gboolean   ct_store_sync_chain_mark_sent (sqlite3         *db,
                                          GError         **error);
/* One version (kind 1) or grant (kind 2) of a category key in a change
 * file's list (ct_store_sync_category_keys_parse()). */
typedef struct
{
  guint         kind;
  CtCategory    category;
  guint64       version;
  guint8        made_by[CT_KEY_NAME_SIZE];  /* zeros in a list without names */
  gboolean      used;    /* a version: a value was sealed under it */
  gint64        holder;  /* a grant: a member id, 0 for the recovery key */
  const guint8 *bytes;   /* a version: the previous key sealed under it; a grant: the key */
  guint         len;
} CtSyncKeyItem;

gboolean   ct_store_sync_keys_unsent          (sqlite3      *db);
gboolean   ct_store_sync_keys_set_unsent      (sqlite3      *db,
                                               gboolean      unsent,
                                               GError      **error);
GBytes    *ct_store_sync_category_keys_export (sqlite3      *db,
                                               gboolean      named,
                                               GError      **error);
gboolean   ct_store_sync_category_keys_parse  (GBytes       *bytes,
                                               gboolean      named,
                                               gboolean    (*each) (const CtSyncKeyItem *,
                                                                    gpointer,
                                                                    GError **),
                                               gpointer      data,
                                               GError      **error);
gboolean   ct_store_sync_category_keys_import (sqlite3       *db,
                                               GBytes        *bytes,
                                               gboolean       named,
                                               const CtChain *chain,
                                               gboolean      *changed,
                                               GError       **error);

/* This laptop's own sync record (sync_local): never travels. */
typedef struct
{
  char  *folder;
  gint64 last_sync;      /* milliseconds since 1970, 0: never */
  gint64 last_sent;
  gint64 last_received;
  guint  waiting_files;
  char  *last_error;
} CtSyncLocal;

gboolean   ct_store_sync_local_get     (sqlite3           *db,
                                        CtSyncLocal       *local,
                                        GError           **error);
gboolean   ct_store_sync_local_put     (sqlite3           *db,
                                        const CtSyncLocal *local,
                                        GError           **error);
void       ct_store_sync_local_clear   (CtSyncLocal       *local);
gboolean   ct_store_sync_unsent        (sqlite3           *db,
                                        guint             *pending,
                                        guint             *outbox,
                                        GError           **error);
sqlite3_stmt *ct_store_sync_peers_with_member (sqlite3    *db,
                                               GError    **error);
sqlite3_stmt *ct_store_sync_refused_list (sqlite3         *db,
                                          GError         **error);
gboolean   ct_store_sync_device_member (sqlite3           *db,
                                        const guint8      *device,
                                        guint8            *member);

gboolean   ct_store_unkept_put         (sqlite3            *db,
                                        const char         *table,
                                        gint64              row_id,
                                        const char         *field,
                                        const CtStoreValue *value,
                                        guint64             hlc,
                                        CtUnkeptReason      reason,
                                        gint64             *id,
                                        GError            **error);
gboolean   ct_store_unkept_put_column  (sqlite3            *db,
                                        const CtTable      *table,
                                        gint64              row_id,
                                        const CtField      *field,
                                        guint64             hlc,
                                        CtUnkeptReason      reason,
                                        gint64             *id,
                                        GError            **error);
sqlite3_stmt *ct_store_unkept_select   (sqlite3            *db,
                                        const char         *table,
                                        gint64              row_id,
                                        GError            **error);
CtUnkeptReason ct_store_unkept_reason  (const char         *text);
gboolean   ct_store_unkept_drop        (sqlite3            *db,
                                        gint64              id,
                                        GError            **error);

G_END_DECLS
