/* ct-session-private.h — the session struct and its own internals
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What every file of the session (ct-session*.c) and the few modules that
 * work on its connection share. The narrower internals have headers of
 * their own: reading and logging reads (ct-session-read-private.h),
 * involvement (ct-session-involvement-private.h), restriction
 * (ct-session-restrict-private.h), keys and re-keys
 * (ct-session-keys-private.h), key slots (ct-slot-private.h), the team
 * chain (ct-session-chain-private.h), field sealing (ct-seal-private.h). */

#pragma once

#include <sys/types.h>

#include "ct-chain.h"
#include "ct-crypto.h"
#include "ct-header.h"
#include "ct-session.h"
#include "ct-store.h"

G_BEGIN_DECLS

/* Shared by a session and its readers (_ct_session_new_reader()), so that
 * each waits for the other's lock rather than failing after the store's
 * two seconds (ct-session-reader.c, "Waiting for one another"), and so
 * that the session's queued writes wait for its readers without blocking
 * (ct-session-write-queue.c). */
typedef struct
{
  GMutex   lock;
  GCond    writes_done;       /* signalled when writes_queued drops to 0 */
  gint     reading;           /* readers inside a read transaction */
  gint     writes_queued;     /* the owner's queued writes not yet run (under lock) */
  GSource *wake;              /* the owner's write queue (under lock) */
  gint     exporting;         /* a snapshot's export reads (ct-session-sync-snapshot-job.c) */
  gint64   owner_waiting_at;  /* when the owner last waited for those readers */
} CtLockShare;

struct _CtSession
{
  GObject      parent_instance;

  char        *path;
  int          fd;
  dev_t        dev;
  ino_t        ino;

  CtHeader    *header;
  sqlite3     *db;
  guint8      *db_key;    /* sodium_malloc() */
  CtIdentity  *identity;  /* sodium_malloc() */
  CtMemberRow *member;    /* NULL in a recovery session */
  CtChain     *chain;     /* the verified team chain (ct-session-chain.c) */
  char        *team_name;

  /* Category keys this session holds, and the team's policy. */
  guint8      *cat_keys;  /* sodium_malloc(): CT_N_CATEGORIES keys */
  gint         cat_version[CT_N_CATEGORIES];  /* 0: not held */
  guint8       cat_made_by[CT_N_CATEGORIES][CT_KEY_NAME_SIZE];  /* its name (ct-store.h) */
  guint        role_policy[CT_N_ROLES];
  guint        marked_used;

  guint        recovery : 1;
  guint        sharing : 1;   /* ct-doorbraak.c marks an example shared */
  guint        reopening : 1; /* ct-meeting.c reopens a closed meeting */
  guint        replaced : 1;
  guint        read_only : 1;      /* opened without write access */
  guint        rekey_pending : 1;  /* a K_db rotation waits for free space */
  guint        rekeying : 1;  /* _ct_session_rotate_key_async() is at work */
  guint        changing_credentials : 1;  /* a passphrase change's Argon2id is at work */
  guint        anchored : 1;  /* verified: may write the device's log anchor */
  guint        damaged : 1;   /* failed the chain checks: open for repair only */
  guint        restoring : 1; /* ct_session_unlock_restoring_backup() */
  guint        copy_source : 1; /* ct_session_unlock_copy(): not the device's record */
  guint        batch : 1;     /* _ct_session_run_batch(): no savepoint per write */
  guint        is_reader : 1; /* made by _ct_session_new_reader(): no write queue */
  CtBackupGap  gap;           /* what that found */

  /* A reader (_ct_session_new_reader()): its scans log nothing themselves
   * but keep here what they read (CtDeferredRead), for the owner to log
   * with _ct_session_log_deferred() before anything read is handed out. */
  GArray      *deferred_reads;
  GHashTable  *glass;         /* households opened with "Look anyway" (gint64 *) */
  GHashTable  *created;       /* households this member made in this session (gint64 *) */
  GHashTable  *involved;      /* cached until a write: the households this member is in */
  char        *involved_since;    /* the first day of the meeting window it used */
  gboolean     reader_limited;    /* a reader given its owner's involved set to keep */
  GHashTable  *restricted;    /* a reader's: the households under restriction (gint64 *) */
  CtLockShare *lock_share;    /* g_atomic_rc_box: the owner's, and its readers' */
  GQueue       writes;        /* queued writes (GTask), ct_session_write_async() */
  GSource     *write_source;  /* runs them in the session's main context */
  gint64       busy_since;    /* when this connection began to wait for a lock */
  /* The chain, policy and keys as they were when a step of the open
   * transaction first changed them, put back when it does not commit
   * (ct-session-keyed.c). */
  struct _CtKeyState *txn_keys;
};
CtSession *_ct_session_open_file     (const char   *path,
                                      gboolean      create,
                                      GError      **error);
gboolean   _ct_session_write_header  (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_begin_write   (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_begin_table_write (CtSession     *self,
                                          const CtTable *table,
                                          GError       **error);
gboolean   _ct_session_require_unlocked (CtSession *self,
                                         GError   **error);
gboolean   _ct_session_may_change_data (CtSession *self);
gboolean   _ct_session_require_data_writer (CtSession *self,
                                            GError   **error);
gboolean   _ct_session_require_admin (CtSession    *self,
                                      GError      **error);
void       _ct_session_set_tampered  (GError      **error);
gboolean   _ct_session_with_transaction (CtSession *self,
                                         gboolean (*func) (CtSession *, gpointer, GError **),
                                         gpointer   data,
                                         GError   **error);
CtLockShare *_ct_session_lock_share  (CtSession    *self);
void       _ct_session_wait_for_readers (CtSession *self,
                                         gboolean   exporting);
gboolean   _ct_session_begin_read    (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_end_read      (CtSession    *self,
                                      gboolean      commit,
                                      GError      **error);
gboolean   _ct_session_run_batch     (CtSession    *self,
                                      gboolean    (*func) (CtSession *, gpointer, GError **),
                                      gpointer      data,
                                      GError      **error);

/* ct-session-settings.c: the team settings, the chain's */
gboolean   _ct_session_team_setting  (CtSession    *self,
                                      const char   *key,
                                      gint64       *value);
gboolean   _ct_session_record_settings (CtSession *self,
                                        GError   **error);
void       _ct_session_set_settings_as_before (gboolean as_before);
gboolean   _ct_session_settings_as_before (void);

/* ct-session-members.c: a member named by login, as the chain has them */
CtMemberRow *_ct_session_member_of_login (CtSession  *self,
                                          const char *login,
                                          GError    **error);

G_END_DECLS
