/* ct-session-read-private.h — reading rows and logging what was read
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every read of case data is logged (docs/security.md). A reader
 * (_ct_session_new_reader()) is a second session on its own read
 * connection for one worker: its scans and single-row reads log nothing
 * themselves but keep what they read, for the owner to log before
 * anything is handed out. */

#pragma once

#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

typedef struct
{
  const CtTable *table;
  guint          categories;
  GArray        *households;  /* gint64; NULL for one row */
  gint64         id;          /* one row's (ct_session_get()), logged as its own read */
  const char    *purpose;     /* static: one row's; NULL for a list */
} CtDeferredRead;

/* A test hook that keeps one kind of worker waiting at one point (the
 * readers', the snapshot's, compaction's): a test that holds @hold keeps
 * every such worker there, and @held (when given) is set to 1 as soon as
 * one arrives. A static CtWorkerHold per kind; zero is "not held". */
typedef struct
{
  GMutex *hold;
  gint   *held;
} CtWorkerHold;

void       _ct_worker_hold_set       (CtWorkerHold *self,
                                      GMutex       *hold,
                                      gint         *held);
void       _ct_worker_hold_wait      (CtWorkerHold *self);

CtSession *_ct_session_new_reader    (CtSession    *self,
                                      GError      **error);
guint      _ct_session_count_readers (void);
void       _ct_session_read_logged_async (CtSession           *self,
                                          CtReadFunc           func,
                                          gpointer             data,
                                          GDestroyNotify       result_free,
                                          CtSessionWriteFunc   log_func,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void       _ct_session_set_read_hold (GMutex       *hold);
void       _ct_session_wait_read_hold (void);
gboolean   _ct_session_log_deferred  (CtSession    *self,
                                      CtSession    *reader,
                                      GError      **error);
gboolean   _ct_session_log_reads     (CtSession    *self,
                                      gpointer      data,
                                      GError      **error);
gboolean   _ct_session_read_batch    (CtSession    *self,
                                      gboolean    (*func) (CtSession *, gpointer, GError **),
                                      gpointer      data,
                                      GError      **error);
gboolean   _ct_session_scan_households (CtSession          *self,
                                        const char         *table,
                                        const char * const *fields,
                                        GArray             *households,
                                        gboolean            first_per_parent,
                                        CtScanFunc          func,
                                        gpointer            user_data,
                                        GError            **error);
gboolean   _ct_session_scan_top      (CtSession          *self,
                                      const char         *table,
                                      const char * const *fields,
                                      const char         *descending,
                                      CtScanFunc          func,
                                      gpointer            user_data,
                                      GError            **error);
GPtrArray *_ct_session_select_rows   (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      gboolean       first_per_parent,
                                      const guint8  *wanted,
                                      gboolean       keep_hidden,
                                      guint         *read,
                                      GError       **error);
guint      _ct_session_audit_mask    (guint          categories);
GPtrArray *_ct_session_read_rows     (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      guint         *read,
                                      GError       **error);
gboolean   _ct_session_log_list_read (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      guint          categories,
                                      GError       **error);
gboolean   _ct_session_log_read      (CtSession    *self,
                                      const CtTable *table,
                                      gint64        id,
                                      guint         categories,
                                      const char   *purpose,
                                      GError      **error);

G_END_DECLS
