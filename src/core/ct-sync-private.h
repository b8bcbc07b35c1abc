/* ct-sync-private.h — change files and changes (internal; docs/sync-files.md)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-chain.h"
#include "ct-crypto.h"
#include "ct-schema.h"
#include "ct-store.h"
#include "ct-sync.h"

G_BEGIN_DECLS

#define CT_SYNC_DEVICE_SIZE 16
#define CT_SYNC_KEY_SIZE    32
/* A change file's first eight bytes (docs/sync-files.md, "Change files"). */
#define CT_SYNC_MAGIC       "CTSYNC04"
/* The format before category key versions were named: read, never written. */
#define CT_SYNC_MAGIC_03    "CTSYNC03"
/* The format before sync key versions were named: read, never written. */
#define CT_SYNC_MAGIC_02    "CTSYNC02"
#define CT_SYNC_HEADER_SIZE 132
#define CT_SYNC_SIG_SIZE    crypto_sign_BYTES
#define CT_SYNC_DIGEST_SIZE 32

typedef enum
{
  CT_SYNC_INSERT = 1,  /* a new row with all its fields */
  CT_SYNC_UPDATE = 2,  /* one field */
  CT_SYNC_DELETE = 3,  /* a row and what cascades from it */
  CT_SYNC_PURGE  = 4,  /* a household anonymised in place; its payload is the day */
  CT_SYNC_SIGNED_PUT  = 5,  /* a signed row, whole (docs/sync-merge.md, "Signed rows") */
  CT_SYNC_SIGNED_DROP = 6,  /* a signed row taken out, named by its key */
  CT_SYNC_LOG = 7,          /* an entry of the author's replica's access log (ct-audit-sync.c) */
} CtSyncKind;

/* The tables of signed rows that travel, each with its own handler in
 * ct-session-sync-rows.c; %NULL-terminated. */
extern const char * const _ct_sync_signed_tables[];

/* What the author had applied of another device. */
typedef struct
{
  guint8  device[CT_SYNC_DEVICE_SIZE];
  guint64 seq;
  guint64 hlc;
} CtSyncPeer;

#define CT_SYNC_GRANT_SIZE  (crypto_box_SEALBYTES + CT_SYNC_KEY_SIZE)

/* A team chain statement a change file carries, with its stamp. */
typedef struct
{
  guint64  seq;
  guint64  hlc;
  GBytes  *body;
  guint8   signer[CT_MEMBER_ID_SIZE];
  guint8   signature[crypto_sign_BYTES];
} CtSyncStatement;

/* A sync key version, named by its number and the hash of the chain
 * statement that made it (zeros: version 1, or made before versions were
 * named), sealed to one holder (zeros: the recovery key). */
typedef struct
{
  guint32 version;
  guint8  made_by[CT_CHAIN_HASH_SIZE];
  guint8  holder[CT_MEMBER_ID_SIZE];
  guint8  sealed[CT_SYNC_GRANT_SIZE];
} CtSyncGrant;

void      _ct_sync_statement_free  (CtSyncStatement  *statement);

/* The clear header of a change file, and its opened contents. */
typedef struct
{
  guint8   team_id[CT_TEAM_ID_SIZE];
  guint8   device[CT_SYNC_DEVICE_SIZE];
  guint64  seq;
  guint8   author[CT_MEMBER_ID_SIZE];
  guint32  key_version;
  guint64  chain_length;
  guint8   chain_head[CT_CHAIN_HASH_SIZE];
  GArray  *vector;     /* of CtSyncPeer */
  GPtrArray *statements; /* of CtSyncStatement, in order; may be NULL when writing */
  GArray  *grants;     /* of CtSyncGrant; may be NULL when writing */
  gboolean unnamed;    /* a CT_SYNC_MAGIC_02 file: its grants name no statement */
  gboolean keys_unnamed; /* a CT_SYNC_MAGIC_02 or _03 file: its category keys neither */
  GBytes  *category_keys; /* ct_store_sync_category_keys_export(); may be NULL when writing */
  guint32  n_changes;
  GBytes  *changes;    /* the encoded changes, read with _ct_sync_change_next() */
} CtSyncFile;

void      _ct_sync_file_clear      (CtSyncFile       *file);

typedef struct
{
  guint8  device[CT_SYNC_DEVICE_SIZE];
  guint64 hlc;
  guint64 next_seq;
  guint32 key_version;
  guint8  key_made_by[CT_CHAIN_HASH_SIZE]; /* the name of key_version, as CtSyncGrant's */
} CtSyncState;

/* A stamp: a value's HLC and the device that made it (zeros: none). */
typedef struct
{
  guint64 hlc;
  guint8  device[CT_SYNC_DEVICE_SIZE];
} CtSyncStamp;

/* One decoded change; values point into the opened file's bytes or are
 * owned copies (text), freed by _ct_sync_change_clear(). */
typedef struct
{
  CtSyncKind     kind;
  guint64        hlc;
  const CtTable *table;      /* %NULL for a signed row; households for a purge */
  const char    *signed_table; /* for a signed row: one of _ct_sync_signed_tables */
  const guint8  *payload;    /* for a purge or a signed row: its bytes, in the opened file */
  gsize          payload_len;
  gint64         row_id;
  guint          field;      /* for an update */
  CtStoreValue  *values;     /* one per field of @table */
  guint8        *changed;    /* the fields the change carries */
} CtSyncChange;

void      _ct_sync_change_clear    (CtSyncChange     *change);

void      _ct_sync_encode_change   (GByteArray       *out,
                                    CtSyncKind        kind,
                                    guint64           hlc,
                                    const CtTable    *table,
                                    gint64            row_id,
                                    const CtStoreValue *values,
                                    const guint8     *changed);
void      _ct_sync_encode_payload  (GByteArray       *out,
                                    CtSyncKind        kind,
                                    guint64           hlc,
                                    const char       *signed_table,
                                    gint64            row_id,
                                    const guint8     *payload,
                                    gsize             payload_len);
gboolean  _ct_sync_change_next     (const guint8    **cursor,
                                    const guint8     *end,
                                    CtSyncChange     *change,
                                    GError          **error);

GBytes   *_ct_sync_file_seal       (const CtSyncFile *file,
                                    const guint8     *key,
                                    const CtIdentity *author);
gboolean  _ct_sync_file_peek       (const guint8     *data,
                                    gsize             len,
                                    CtSyncFile       *file,
                                    GError          **error);
GBytes   *_ct_sync_file_seal_as    (const CtSyncFile *file,
                                    const char       *magic,
                                    const guint8     *key,
                                    const CtIdentity *author);
gboolean  _ct_sync_file_peek_as    (const guint8     *data,
                                    gsize             len,
                                    const char       *magic,
                                    CtSyncFile       *file,
                                    GError          **error);
gboolean  _ct_sync_file_verify     (const guint8     *data,
                                    gsize             len,
                                    const guint8     *sign_pk);
gboolean  _ct_sync_file_open       (const guint8     *data,
                                    gsize             len,
                                    const guint8     *key,
                                    CtSyncFile       *file,
                                    GError          **error);
gboolean  _ct_sync_file_open_payload (const guint8   *data,
                                      gsize           len,
                                      const guint8   *key,
                                      CtSyncFile     *file,
                                      GError        **error);
gboolean  _ct_sync_file_open_any   (const guint8     *data,
                                    gsize             len,
                                    GPtrArray        *keys,
                                    gboolean          payload,
                                    CtSyncFile       *file,
                                    GError          **error);

/* ct-session-sync.c: the session's write paths */
gboolean  _ct_session_sync_capture (CtSession          *self,
                                    CtSyncKind          kind,
                                    const CtTable      *table,
                                    gint64              row_id,
                                    const CtStoreValue *values,
                                    const guint8       *changed,
                                    GError            **error);
gboolean  _ct_session_sync_capture_purge (CtSession    *self,
                                          gint64        household_id,
                                          const char   *day,
                                          GError      **error);
gboolean  _ct_session_sync_capture_signed (CtSession    *self,
                                           CtSyncKind    kind,
                                           const char   *signed_table,
                                           gint64        row_id,
                                           const char   *key,
                                           const guint8 *payload,
                                           gsize         payload_len,
                                           GError      **error);
/* ct-session-sync-director.c: the directors a case was given */
gboolean  _ct_sync_director_keep_base (CtSession         *self,
                                       const CtTable     *table,
                                       gint64             row_id,
                                       const guint8      *changed,
                                       GError           **error);
gboolean  _ct_sync_director_note   (CtSession          *self,
                                    const CtTable      *table,
                                    gint64              row_id,
                                    const CtStoreValue *values,
                                    const guint8       *changed,
                                    const CtSyncStamp  *stamp,
                                    GError            **error);
#define CT_SYNC_PURGE_PREFIX "purge:"
/* The stamp of a row's last change of category, in sync_stamps beside its
 * fields' (docs/sync-merge.md, "A row's category"). */
#define CT_SYNC_CATEGORY_STAMP "category:"
char     *_ct_sync_purge_field     (const CtSyncStamp  *stamp);
gint64    _ct_session_new_row_id   (CtSession          *self,
                                    const CtTable      *table,
                                    GError            **error);
gboolean  _ct_session_sync_load_state (CtSession      *self,
                                       CtSyncState    *state,
                                       GError        **error);
gboolean  _ct_session_sync_advance_key (CtSession     *self,
                                        CtSyncState   *state,
                                        const CtChain *chain,
                                        gint64         from,
                                        GError       **error);
/* ct-session-sync.c: for the chain's statements and a removal */
gboolean  _ct_session_sync_chain_capture (CtSession      *self,
                                          GError        **error);
gboolean  _ct_session_sync_rotate  (CtSession          *self,
                                    GError            **error);
guint8   *_ct_session_sync_open_key (CtSession         *self,
                                     guint32            version);
GPtrArray *_ct_session_sync_open_keys (CtSession        *self,
                                      guint32           version);
/* ct-session-sync.c: for a member added or given new keys */
gboolean  _ct_session_sync_reseal  (CtSession          *self,
                                    const guint8       *holder,
                                    const guint8       *box_pk,
                                    GError            **error);

/* ct-session-involvement-explicit.c: an involvement that travelled */
gboolean  _ct_session_involvement_from_sync (CtSession           *self,
                                             const CtChainMember *author,
                                             const CtSyncChange  *change,
                                             char               **key,
                                             CtStoreInvolvement  *inv,
                                             GError             **error);

/* ct-session-restrict-sync.c: restrictions travel (docs/sync-merge.md, "Signed rows") */
typedef struct _CtSyncRestriction CtSyncRestriction;

void      _ct_sync_restriction_free (CtSyncRestriction *restriction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtSyncRestriction, _ct_sync_restriction_free)
gboolean  _ct_session_restriction_from_sync (CtSession            *self,
                                             const CtChainMember  *author,
                                             const CtSyncChange   *change,
                                             char                **key,
                                             CtSyncRestriction   **out,
                                             GError              **error);
gboolean  _ct_session_restriction_store (CtSession         *self,
                                         CtSyncRestriction *restriction,
                                         GError           **error);

/* ct-session-sync-apply.c: a duplicate case number (docs/sync-merge.md) */
gboolean  _ct_session_sync_resolve_number (CtSession          *self,
                                           const CtTable      *table,
                                           gint64              row_id,
                                           const CtStoreValue *values,
                                           const guint8       *changed,
                                           char              **write,
                                           GError            **error);
char     *_ct_sync_suffixed_number      (const char         *number,
                                         gint64              id);

/* ct-session-sync-forget.c: an erasure or a purge leaves none of its
 * values in what this replica has not sent yet */
gboolean  _ct_session_sync_forget  (CtSession          *self,
                                    GArray             *purged,
                                    GError            **error);

/* ct-session-sync-fork.c: a forked team chain */
gboolean  _ct_session_sync_grant_kept   (CtSession          *self,
                                         guint              *n_granted,
                                         GError            **error);
gboolean  _ct_session_sync_resign       (CtSession          *self,
                                         guint              *n_made,
                                         GError            **error);
char     *_ct_sync_summary_add_set_aside (char                *line,
                                          const CtSyncSummary *summary);
gboolean  _ct_session_sync_branch_holds (CtSession          *self,
                                         gint64              length,
                                         const guint8       *head);

/* ct-session-sync-folder.c: the folder */
char     *_ct_sync_change_file_name (guint64           seq);
char     *_ct_sync_hex             (const guint8       *data,
                                    gsize               len);
char     *_ct_sync_team_folder     (CtSession          *self,
                                    const char         *folder);
gboolean  _ct_sync_write_once      (const char         *dir,
                                    const char         *path,
                                    GBytes             *bytes,
                                    GError            **error);
gboolean  _ct_sync_fsync_dir       (const char         *dir);

/* ct-session-sync-folder.c: one sync in stages, so that the folder's I/O
 * runs in a worker and the applying on the session's thread (docs/sync.md,
 * "Off the main loop"). The stages marked (worker) touch no session. */
typedef struct _CtSyncEnrolScan CtSyncEnrolScan;  /* ct-sync-enrol.c */

/* What a worker read of this replica's newest snapshot: its number (0:
 * none) and the chain length in its clear header. */
typedef struct
{
  guint64 newest;
  guint64 chain;
} CtSyncSnapshotSeen;

typedef struct
{
  char       *team_dir;
  char       *own_dir;
  guint8      own[CT_SYNC_DEVICE_SIZE];
  GArray     *outbox_seqs;    /* guint64: this replica's files to write */
  GPtrArray  *outbox;         /* GBytes, sealed */
  GArray     *applied;        /* CtSyncPeer: what was applied when the sync began */
  /* read by _ct_sync_io_write_and_read () */
  GPtrArray  *devices;        /* the other replicas' device ids */
  GHashTable *files;          /* path → GBytes: their change files beyond @applied */
  GHashTable *numbers;        /* device hex → GArray of guint64: the files' numbers */
  GArray     *status_numbers; /* guint64: this replica's status files */
  /* where applying is, device by device (as ct_session_sync() orders it) */
  guint       pass;
  guint       index;
  gboolean    progress;
  /* sealed by _ct_session_sync_seal_status () */
  GBytes     *status;
  char       *status_path;
  /* the file of changes made just before this sync, written after the
   * others' files are applied (_ct_sync_io_write_held ()) */
  GBytes     *held;
  guint64     held_seq;
  /* this replica's enrolment files and newest snapshot, read after the
   * status file is written (_ct_sync_enrol_scan (), _ct_sync_snapshot_seen ()) */
  CtSyncEnrolScan *enrolments;
  CtSyncSnapshotSeen snapshot;
} CtSyncIo;

void      _ct_sync_io_free             (CtSyncIo          *io);
CtSyncIo *_ct_session_sync_io_begin    (CtSession         *self,
                                        const char        *folder,
                                        CtSyncSummary     *summary,
                                        GError           **error);
gboolean  _ct_sync_io_write_and_read   (CtSyncIo          *io,
                                        GError           **error);
int       _ct_session_sync_io_step     (CtSession         *self,
                                        CtSyncIo          *io,
                                        CtSyncSummary     *summary,
                                        GError           **error);
gboolean  _ct_session_sync_io_end      (CtSession         *self,
                                        CtSyncIo          *io,
                                        CtSyncSummary     *summary,
                                        GError           **error);
gboolean  _ct_session_sync_check       (CtSession         *self,
                                        GError           **error);
gboolean  _ct_sync_io_write_held       (CtSyncIo          *io,
                                        GError           **error);
gboolean  _ct_session_sync_io_held_written (CtSession     *self,
                                            CtSyncIo      *io,
                                            GError       **error);
/* ct-session-sync-apply.c: the next file of one other replica */
gboolean  _ct_session_sync_apply_next  (CtSession         *self,
                                        CtSyncIo          *io,
                                        const guint8      *device,
                                        gboolean           chain_only,
                                        CtSyncSummary     *summary,
                                        GError           **error);

/* ct-session-sync-status.c: status files and compaction */
int       _ct_session_sync_read_status (CtSession         *self,
                                        const CtSyncState *state,
                                        const char        *dir,
                                        const guint8      *device,
                                        CtSyncFile        *status,
                                        GError           **error);
guint64   _ct_sync_list_status         (const char        *dir,
                                        GArray            *numbers);
gboolean  _ct_session_sync_seal_status (CtSession           *self,
                                        CtSyncIo            *io,
                                        const CtSyncSummary *summary,
                                        GError             **error);
gboolean  _ct_sync_io_write_status     (CtSyncIo          *io,
                                        GError           **error);
gboolean  _ct_session_sync_check_author (CtSession        *self,
                                         const guint8     *data,
                                         gsize             len,
                                         const CtSyncFile *file,
                                         GError          **error);

/* ct-session-sync-snapshot.c: snapshots, their names, reading one back */
/* A snapshot's first eight bytes (docs/sync-files.md, "Snapshots"). */
#define CT_SYNC_SNAPSHOT_MAGIC "CTSNAP01"

int       _ct_session_sync_read_snapshot (CtSession         *self,
                                          const CtSyncState *state,
                                          const char        *dir,
                                          const guint8      *device,
                                          CtSyncFile        *snapshot,
                                          GError           **error);
void      _ct_session_sync_snapshot_clear (CtSyncFile   *snapshot);
gboolean  _ct_sync_parse_number    (const char         *name,
                                    const char         *prefix,
                                    const char         *suffix,
                                    guint64            *number);
gboolean  _ct_sync_list_snapshots  (const char         *dir,
                                    GArray             *numbers,
                                    guint64            *newest);
gboolean  _ct_sync_newest_snapshot (const char         *dir,
                                    guint64            *number);
guint64   _ct_sync_replica_needs   (const char         *dir,
                                    guint64            *oldest);
char     *_ct_sync_snapshot_name   (guint64             number);
gboolean  _ct_sync_snapshot_peek   (const guint8       *data,
                                    gsize               len,
                                    CtSyncFile         *file,
                                    GError            **error);

/* ct-sync-snapshot-export.c: the snapshot's database (worker) */
GBytes   *_ct_sync_snapshot_export (CtSession          *reader,
                                    CtSyncFile         *file,
                                    GError            **error);

/* ct-session-sync-snapshot-job.c: when a snapshot is due, and its worker */
gboolean  _ct_session_sync_snapshot_and_compact (CtSession    *self,
                                                 const char   *team_dir,
                                                 GPtrArray    *devices,
                                                 GError      **error);
typedef struct _CtSyncSnapshotJob CtSyncSnapshotJob;

void      _ct_sync_snapshot_seen (const char         *own_dir,
                                  CtSyncSnapshotSeen *seen);
void      _ct_session_sync_set_seen_hold (GMutex   *hold,
                                          gint     *held);
CtSyncSnapshotJob *_ct_session_sync_snapshot_due (CtSession                *self,
                                                  const char               *team_dir,
                                                  CtSyncEnrolScan          *enrolments,
                                                  const CtSyncSnapshotSeen *seen,
                                                  GError                  **error);
gboolean  _ct_sync_snapshot_job_run (CtSyncSnapshotJob  *job,
                                     GError            **error);
gboolean  _ct_sync_snapshot_job_written (CtSyncSnapshotJob *job);
gboolean  _ct_sync_snapshot_job_exports (CtSyncSnapshotJob *job);
void      _ct_sync_snapshot_job_free (CtSyncSnapshotJob  *job);
void      _ct_session_sync_snapshot_writes_wait (CtSession *self,
                                                 gboolean   exporting);
void      _ct_session_sync_set_snapshot_hold (GMutex   *hold,
                                              gint     *held);
void      _ct_session_sync_set_snapshot_every (guint         files);

/* ct-session-sync-compact.c: compaction, as a job for a worker */
typedef struct _CtSyncCompactJob CtSyncCompactJob;

CtSyncCompactJob *_ct_session_sync_compact_start (CtSession    *self,
                                                  const char   *team_dir,
                                                  GPtrArray    *devices,
                                                  GError      **error);
gboolean  _ct_sync_compact_may_remove (const char   *own_dir);
gboolean  _ct_sync_compact_job_run (CtSyncCompactJob   *job,
                                    GError            **error);
void      _ct_sync_compact_job_free (CtSyncCompactJob  *job);
gboolean  _ct_session_sync_compact (CtSession    *self,
                                    const char   *team_dir,
                                    GPtrArray    *devices,
                                    GError      **error);
void      _ct_session_sync_set_compact_hold (GMutex   *hold,
                                             gint     *held);

/* ct-sync-enrol.c: the enrolment file a new member joins with */
typedef struct _CtSyncEnrolKey CtSyncEnrolKey;

CtSyncEnrolKey *_ct_session_sync_enrol_key_new (CtSession      *self);
gboolean  _ct_sync_enrol_key_derive (CtSyncEnrolKey    *key,
                                     const char        *code,
                                     GError           **error);
void      _ct_sync_enrol_key_free  (CtSyncEnrolKey     *key);
gboolean  _ct_session_sync_write_enrolment (CtSession         *self,
                                            CtSyncEnrolKey    *key,
                                            const CtMemberRow *row,
                                            const CtIdentity  *identity,
                                            const char        *code,
                                            GError           **error);
CtSyncEnrolScan *_ct_sync_enrol_scan (const char      *own_dir);
gboolean  _ct_session_sync_enrolment_due (CtSession       *self,
                                          CtSyncEnrolScan *scan,
                                          guint64          snapshot_chain,
                                          gboolean        *waiting);
gboolean  _ct_sync_enrol_scan_has_work (CtSyncEnrolScan  *scan);
void      _ct_sync_enrol_scan_write (CtSyncEnrolScan     *scan);
void      _ct_sync_enrol_scan_free (CtSyncEnrolScan      *scan);
guint     _ct_sync_enrol_keys_sealed (void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtSyncEnrolScan, _ct_sync_enrol_scan_free)

/* ct-audit-sync.c: the access log across replicas (docs/sync-security.md) */
gboolean  _ct_audit_sync_mark_base     (CtSession         *self,
                                        GError           **error);
gboolean  _ct_audit_sync_take_unsent   (CtSession         *self,
                                        CtSyncState       *state,
                                        GPtrArray         *pending,
                                        gboolean           other_changes,
                                        guint             *n_taken,
                                        GError           **error);
gboolean  _ct_audit_sync_apply         (CtSession         *self,
                                        const CtChain     *rules,
                                        const guint8      *device,
                                        const guint8      *payload,
                                        gsize              payload_len,
                                        gint64             row_id,
                                        GError           **error);
gboolean  _ct_audit_verify_replicas    (CtSession         *self,
                                        gint64            *n_verified,
                                        GError           **error);

/* ct-session-sync-overview.c: what the settings and sync-status show */
void      _ct_session_sync_record  (CtSession           *self,
                                    const CtSyncSummary *summary,
                                    const GError        *failure);
char     *_ct_session_sync_member_of_device (CtSession    *self,
                                             const guint8 *device);
gboolean  _ct_session_sync_uid_of_device (CtSession    *self,
                                          const guint8 *device,
                                          guint8       *uid);
char     *_ct_session_sync_member_name (CtSession    *self,
                                        const guint8 *uid);
gboolean  _ct_session_sync_check_removed (CtSession *self,
                                          GError   **error);
char     *_ct_session_sync_removed_at_unlock (CtSession *self);
char     *_ct_session_sync_removal_signer (CtSession *self,
                                           gint64     seq);
char     *_ct_sync_format_minute          (gint64     millis);

/* ct-session-sync.c: a case page's conflicts, read in a worker
 * (ct_case_load_async()) and named in the session's thread */
GPtrArray *_ct_session_sync_read_conflicts (CtSession   *self,
                                            const char  *table,
                                            gint64       row_id,
                                            GPtrArray   *uids,
                                            guint       *categories,
                                            GError     **error);
void       _ct_session_sync_name_conflicts (CtSession   *self,
                                            GPtrArray   *conflicts,
                                            GPtrArray   *uids);

G_END_DECLS
