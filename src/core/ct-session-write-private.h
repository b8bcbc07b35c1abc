/* ct-session-write-private.h — the session's write queue, inside the core
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the rest of the session uses of the write queue
 * (ct-session-write-queue.c): a reader's read transaction counts in it,
 * a read's log entries go through it, locking and disposing release it. */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

typedef void (*CtSessionWriteUndo) (CtSession *self,
                                    gpointer   data);


void         _ct_session_write_log_async   (CtSession          *self,
                                            CtSessionWriteFunc  func,
                                            gpointer            data,
                                            GDestroyNotify      data_free,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
void         _ct_session_write_undoable_async (CtSession          *self,
                                               CtSessionWriteFunc  func,
                                               CtSessionWriteUndo  undo,
                                               gpointer            data,
                                               GDestroyNotify      data_free,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
void         _ct_session_write_task_cb     (GObject            *source,
                                            GAsyncResult       *result,
                                            gpointer            user_data);
void         _ct_session_reader_enter      (CtSession          *reader);
void         _ct_session_reader_leave      (CtSession          *reader);
void         _ct_session_write_queue_release (CtSession        *self);
void         _ct_session_write_queue_dispose (CtSession        *self);

G_END_DECLS
