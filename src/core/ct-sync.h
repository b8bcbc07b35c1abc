/* ct-sync.h — team sync between replicas through a shared folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

/**
 * CtSyncSummary:
 * @written_seq: the number of the change file written, 0 when none
 * @written_changes: the changes in it
 * @applied_files: others' change files applied
 * @applied_changes: the changes in them
 * @conflicts: concurrent values kept as a conflict by this sync
 * @dropped: changes of rows that a delete had removed (tombstones win)
 * @waiting_files: files that wait for an earlier change of another replica
 * @refusals: (element-type utf8): one message per refused file, naming it
 *   and the reason
 * @set_aside: changes of the team made on this laptop that lost a fork of
 *   the team chain and were set aside: to be made again
 * @made_again: of those set aside (at this sync or an earlier one),
 *   additions made again on top of the chain by this sync
 * @by_hand: set-aside changes of this laptop that the chain does not have
 *   and that are not made again by themselves: to be made by hand
 *   (ct_session_sync_get_set_aside())
 * @hidden: (element-type gint64) (nullable): households this sync took out
 *   of what this member's lists show: erased, or restricted where this
 *   member may not see a restricted household; a list drops their rows
 *   at once, before it reads again
 * @lost_edits: edits made on this laptop of a record whose category
 *   another laptop changed at the same time, that could not be made again
 *   under the record's category (or a category change of this laptop that
 *   lost to the other): logged, and kept on this laptop for their author
 *   to make again (ct_session_sync_list_unkept())
 *
 * What one ct_session_sync() did (docs/sync.md).
 */
typedef struct
{
  guint64    written_seq;
  guint      written_changes;
  guint      applied_files;
  guint      applied_changes;
  guint      conflicts;
  guint      dropped;
  guint      waiting_files;
  GPtrArray *refusals;
  guint      set_aside;
  GArray    *hidden;
  guint      lost_edits;
  guint      made_again;
  guint      by_hand;
} CtSyncSummary;

/**
 * CtSyncConflict:
 * @field: the field's name
 * @value: (nullable): the value kept as a conflict, %NULL when empty or
 *   when the member's role may not read it (@restricted)
 * @millis: when it was made, in milliseconds since 1970, by its laptop's clock
 * @member: (nullable): the display name of the member on whose laptop it
 *   was made, %NULL when this replica does not know the laptop
 */
typedef struct
{
  char     *field;
  char     *value;
  gboolean  restricted;
  gint64    millis;
  char     *member;
} CtSyncConflict;

/**
 * CtMergeSummary:
 * @added: rows only the copy had, added
 * @taken: fields where the copy's later value is now shown
 * @conflicts: fields both changed: one value shown, the other a conflict
 * @deleted: rows the copy deleted under sync, deleted here
 * @dropped: rows of the copy whose record was deleted here (deletes win)
 * @restricted: values or deletes left out: the member's role may not
 *   write them
 * @lost: this file's edits left out because the copy changed the category
 *   of their record (docs/sync-merge.md, "A row's category") that the member
 *   could not make again
 * @remade: edits of the side whose change of category lost (the copy's or
 *   this file's, the losing change itself among them) made again under the
 *   record's category: as an edit of the member, or as a sync conflict
 * @unmerged: the copy's edits of such a record that the member may not
 *   read or write: not made again, still in the copy
 *
 * What one ct_session_merge() did (docs/sync-merge.md, "Merging a copy").
 */
typedef struct
{
  guint added;
  guint taken;
  guint conflicts;
  guint deleted;
  guint dropped;
  guint restricted;
  guint lost;
  guint remade;
  guint unmerged;
} CtMergeSummary;

/**
 * CtSyncUnkept:
 * @id: the entry, for ct_session_sync_dismiss_unkept()
 * @table: the name of the record's table
 * @row_id: the record
 * @household_id: its household
 * @case_number: (nullable): the number of its case (of the household's
 *   first case for a record of the household), %NULL when none
 * @field: the field's name
 * @value: (nullable): the value as it was, %NULL when empty
 * @at: when the sync set it apart, as "YYYY-MM-DD HH:MM:SS" UTC
 * @reason: "category" (an edit under a category the record no longer
 *   has), "conflict" (this laptop's value kept as a conflict), "lost" (a
 *   change of category that lost) or "merge" (left out by a merge)
 *
 * One value made on this laptop that a sync could not keep, kept for its
 * author to make again (docs/sync-merge.md, "Edits not kept").
 */
typedef struct
{
  gint64      id;
  char       *table;
  gint64      row_id;
  gint64      household_id;
  char       *case_number;
  char       *field;
  char       *value;
  char       *at;
  const char *reason;
} CtSyncUnkept;

void      ct_sync_unkept_free          (CtSyncUnkept  *unkept);
void      ct_sync_summary_clear        (CtSyncSummary *summary);
char     *ct_sync_summary_format       (const CtSyncSummary *summary);
void      ct_sync_conflict_free        (CtSyncConflict *conflict);

gboolean  ct_session_sync_is_enabled   (CtSession     *self);
gboolean  ct_session_sync_enable       (CtSession     *self,
                                        GError       **error);
gboolean  ct_session_sync_new_replica  (CtSession     *self,
                                        GError       **error);
gboolean  ct_session_sync              (CtSession     *self,
                                        const char    *folder,
                                        CtSyncSummary *summary,
                                        GError       **error);
void      ct_session_sync_async        (CtSession     *self,
                                        const char    *folder,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
gboolean  ct_session_sync_finish       (CtSession     *self,
                                        GAsyncResult  *result,
                                        CtSyncSummary *summary,
                                        GError       **error);
gboolean  ct_session_sync_snapshot     (CtSession     *self,
                                        const char    *folder,
                                        guint64       *number,
                                        GError       **error);
GPtrArray *ct_session_sync_get_set_aside (CtSession   *self,
                                          GError     **error);
GPtrArray *ct_session_sync_get_conflicts (CtSession   *self,
                                          const char  *table,
                                          gint64       row_id,
                                          GError     **error);
GPtrArray *ct_session_sync_list_unkept  (CtSession     *self,
                                         gint64         household_id,
                                         GError       **error);
gboolean  ct_session_sync_dismiss_unkept (CtSession    *self,
                                          gint64        id,
                                          GError      **error);
char     *ct_session_next_case_number  (CtSession     *self,
                                        GError       **error);

gboolean  ct_session_merge             (CtSession      *self,
                                        CtSession      *other,
                                        CtMergeSummary *summary,
                                        GError        **error);
void      ct_session_merge_copy_async  (CtSession      *self,
                                        const char     *path,
                                        const char     *passphrase,
                                        GCancellable   *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer        user_data);
gboolean  ct_session_merge_copy_finish (CtSession      *self,
                                        GAsyncResult   *result,
                                        CtMergeSummary *summary,
                                        GError        **error);
char     *ct_merge_summary_format      (const CtMergeSummary *summary);

gboolean   ct_sync_is_conflict_copy      (const char  *name,
                                          const char  *of);
GPtrArray *ct_sync_find_conflict_copies  (const char  *path);

/**
 * CtSyncHealth:
 * @CT_SYNC_HEALTH_IN_SYNC: everything sent and applied at the last sync
 * @CT_SYNC_HEALTH_WAITING: changes to send or files to apply
 * @CT_SYNC_HEALTH_PROBLEM: the last sync failed or a file was refused
 */
typedef enum
{
  CT_SYNC_HEALTH_IN_SYNC,
  CT_SYNC_HEALTH_WAITING,
  CT_SYNC_HEALTH_PROBLEM,
} CtSyncHealth;

/**
 * CtSyncReplica:
 * @device: its device id, hex
 * @member: (nullable): the display name of its member
 * @seq: the last of its change files applied here
 * @last_millis: when its newest change applied here was made, by its
 *   laptop's clock, in milliseconds since 1970
 */
typedef struct
{
  char   *device;
  char   *member;
  guint64 seq;
  gint64  last_millis;
} CtSyncReplica;

/**
 * CtSyncRefusal:
 * @device: the replica's device id, hex
 * @member: (nullable): its member, when files of it were applied before
 * @seq: the refused file's number
 * @reason: why
 */
typedef struct
{
  char   *device;
  char   *member;
  guint64 seq;
  char   *reason;
} CtSyncRefusal;

/**
 * CtSyncStatus:
 * @device: this replica's device id, hex
 * @folder: (nullable): the sync folder chosen on this laptop
 * @sent_seq: the number of this replica's last change file, 0 when none
 * @last_sync: when this laptop last synced (milliseconds since 1970, 0: never)
 * @last_sent: when a sync last wrote a change file
 * @last_received: when a sync last applied another replica's file
 * @pending_changes: changes made here that no change file holds yet
 * @unsent_files: change files made that are not yet in the folder
 * @waiting_files: others' files that waited at the last sync
 * @replicas: (element-type CtSyncReplica): the other replicas applied
 * @refused: (element-type CtSyncRefusal): the change files refused
 * @last_error: (nullable): why the last sync failed
 * @removed: whether the team chain on this laptop removed its member
 * @removed_millis: when, by the removal's stamp (milliseconds since 1970;
 *   0 for a removal made before sync was on)
 * @removed_by: (nullable): who removed them, by the team chain
 * @not_sent: once removed: the changes made here that no change file in
 *   the folder holds (@pending_changes and those in @unsent_files), which
 *   are never sent
 * @set_aside: (element-type utf8): the changes of the team this laptop's
 *   member made that a fork set aside and that were not made again by
 *   themselves, in plain words (ct_session_sync_get_set_aside())
 */
typedef struct
{
  char      *device;
  char      *folder;
  guint64    sent_seq;
  gint64     last_sync;
  gint64     last_sent;
  gint64     last_received;
  guint      pending_changes;
  guint      unsent_files;
  guint      waiting_files;
  GPtrArray *replicas;
  GPtrArray *refused;
  char      *last_error;
  gboolean   removed;
  gint64     removed_millis;
  char      *removed_by;
  guint      not_sent;
  GPtrArray *set_aside;
} CtSyncStatus;

void          ct_sync_status_free        (CtSyncStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtSyncStatus, ct_sync_status_free)
CtSyncHealth  ct_sync_status_get_health  (const CtSyncStatus *status);
char         *ct_sync_status_format_removal (const CtSyncStatus *status);
CtSyncStatus *ct_session_sync_get_status (CtSession          *self,
                                          GError            **error);
char         *ct_session_sync_get_folder (CtSession          *self,
                                          GError            **error);
gboolean      ct_session_sync_set_folder (CtSession          *self,
                                          const char         *folder,
                                          GError            **error);

G_END_DECLS
