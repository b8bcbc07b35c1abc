/* ct-session-write-queue.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The session's writes, queued behind its own readers (HACKING.md,
 * "Threads", rule 4). The team file has a rollback journal: a write
 * cannot commit while a reader is inside its read transaction, and the
 * session's readers (_ct_session_new_reader()) hold theirs for seconds
 * (the whole case list, Verify) or minutes (a snapshot's export).
 * ct_session_write_async() queues a write; the queue runs it in the
 * session's thread, in one transaction, as ct_session_run_in_transaction()
 * does, but only once none of those readers is inside a read transaction.
 * Until then nothing waits: the main loop goes on, and the last reader to
 * end its transaction wakes the queue through a GSource attached to the
 * session's main context (_ct_session_reader_leave()). While a write is
 * queued, a reader about to begin a read transaction waits for the queue
 * to empty (_ct_session_reader_enter()), so a stream of readers cannot
 * keep a save out; a reader inside its transaction never waits, so the
 * queue and the readers cannot wait for each other. The writes run one
 * per dispatch, in the order they were queued, each seeing what the
 * writes before it wrote. A write given up (its GCancellable) before it
 * runs writes nothing; a session locked meanwhile writes nothing and says
 * so. Another program's lock still gets the store's two seconds
 * (ct-session-reader.c, "Waiting for one another"). */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "ct-error.h"
#include "ct-session-private.h"
#include "ct-session-write-private.h"

typedef struct
{
  CtSessionWriteFunc func;
  CtSessionWriteUndo undo;      /* puts back what func changed in memory */
  gpointer           data;
  GDestroyNotify     data_free;
  gboolean           log_only;  /* a read's log entries: no write of data */
  gulong             cancelled_id;
} WriteTask;

static void
write_task_free (gpointer mem)
{
  WriteTask *t = mem;

  if (t->data_free != NULL)
    t->data_free (t->data);
  g_free (t);
}

static gboolean
queue_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs queue_funcs = { NULL, NULL, queue_dispatch, NULL, NULL, NULL };

/* The queue's turn is over: a reader waiting to begin may go on when it
 * was the last. Only while unlocked: ct_session_lock() let them go. */
static void
write_done (CtSession *self)
{
  CtLockShare *share = self->lock_share;

  g_mutex_lock (&share->lock);
  if (share->writes_queued > 0 && --share->writes_queued == 0)
    g_cond_broadcast (&share->writes_done);
  g_mutex_unlock (&share->lock);
}

static gboolean
readers_reading (CtSession *self)
{
  CtLockShare *share = self->lock_share;
  gboolean reading;

  g_mutex_lock (&share->lock);
  reading = g_atomic_int_get (&share->reading) > 0;
  g_mutex_unlock (&share->lock);
  return reading;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      source)
{
  g_source_set_ready_time (source, 0);
}

/* Takes @task out of the queue: the caller returns it. */
static void
take (CtSession *self,
      GTask     *task)
{
  WriteTask *t = g_task_get_task_data (task);

  g_queue_remove (&self->writes, task);
  g_cancellable_disconnect (g_task_get_cancellable (task), t->cancelled_id);
  t->cancelled_id = 0;
  write_done (self);
}

/* Writes given up while they waited are answered at once, wherever they
 * are in the queue. */
static void
drop_cancelled (CtSession *self)
{
  GList *l = self->writes.head;

  while (l != NULL)
    {
      GTask *task = l->data;

      l = l->next;
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          take (self, task);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                                   _("The write was given up before it was made."));
          g_object_unref (task);
        }
    }
}

/* Runs the write at the head of the queue when no reader is inside a read
 * transaction; a reader that ends its transaction wakes it again. */
static gboolean
run_next_cb (gpointer user_data)
{
  g_autoptr(CtSession) self = g_object_ref (CT_SESSION (user_data));
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  WriteTask *t;
  gboolean ok;

  drop_cancelled (self);
  if (g_queue_is_empty (&self->writes)
      || (!ct_session_is_locked (self) && readers_reading (self)))
    return G_SOURCE_CONTINUE;
  task = g_queue_peek_head (&self->writes);
  t = g_task_get_task_data (task);

  if (!_ct_session_require_unlocked (self, &error))
    ok = FALSE;
  else if (t->log_only)
    ok = ct_session_check_file (self, &error)
         && _ct_session_with_transaction (self, t->func, t->data, &error);
  else
    {
      /* As ct_session_run_in_transaction(), but a write that did not
       * commit is undone in memory too, before anything else runs. */
      gboolean committed = _ct_session_begin_write (self, &error)
                           && _ct_session_with_transaction (self, t->func, t->data, &error);

      if (!committed && t->undo != NULL)
        t->undo (self, t->data);
      ok = committed && ct_session_verify_file (self, &error);
    }
  take (self, task);

  if (!g_queue_is_empty (&self->writes))
    g_source_set_ready_time (self->write_source, 0);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return G_SOURCE_CONTINUE;
}

static void
queue_write (CtSession *self,
             GTask     *task)
{
  CtLockShare *share = _ct_session_lock_share (self);
  GError *error = NULL;

  if (!_ct_session_require_unlocked (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->write_source == NULL)
    {
      g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

      self->write_source = g_source_new (&queue_funcs, sizeof (GSource));
      g_source_set_static_name (self->write_source, "ct-session-write-queue");
      g_source_set_callback (self->write_source, run_next_cb, self, NULL);
      g_source_attach (self->write_source, context);
      g_mutex_lock (&share->lock);
      share->wake = g_source_ref (self->write_source);
      g_mutex_unlock (&share->lock);
    }
  g_queue_push_tail (&self->writes, task);
  if (g_task_get_cancellable (task) != NULL)
    {
      WriteTask *t = g_task_get_task_data (task);

      t->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                               G_CALLBACK (cancelled_cb), self->write_source,
                                               NULL);
    }
  g_mutex_lock (&share->lock);
  share->writes_queued++;
  g_mutex_unlock (&share->lock);
  g_source_set_ready_time (self->write_source, 0);
}

static void
write_async (CtSession          *self,
             CtSessionWriteFunc  func,
             CtSessionWriteUndo  undo,
             gpointer            data,
             GDestroyNotify      data_free,
             gboolean            log_only,
             GCancellable       *cancellable,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  GTask *task;
  WriteTask *t;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_write_async);
  /* Once it ran, its outcome is what it wrote, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  t = g_new0 (WriteTask, 1);
  t->func = func;
  t->undo = undo;
  t->data = data;
  t->data_free = data_free;
  t->log_only = log_only;
  g_task_set_task_data (task, t, write_task_free);
  queue_write (self, task);
}

/**
 * ct_session_write_async:
 * @func: the work, as for ct_session_run_in_transaction(): inserts and
 *   updates through @self, in @self's thread, in one transaction; it
 *   returns %FALSE with its error set to undo all of it. An id it makes
 *   goes into @data, for the callback (ct_session_write_get_data()).
 * @data: for @func
 * @data_free: (nullable): frees @data after @callback ran
 * @cancellable: (nullable): cancelled before the write runs, nothing is
 *   written and ct_session_write_finish() says %G_IO_ERROR_CANCELLED
 * @callback: called in the caller's main context when the write is done
 *
 * Queues a write and returns at once. The write runs in the calling
 * thread (the session's: call it there), from its thread-default main
 * context, when none of @self's readers (ct_session_read_async() and its
 * kin) is inside a read transaction; until then the main loop goes on,
 * and a reader about to begin waits for the queue. Writes run in the
 * order they were queued: a write sees what those before it wrote. When
 * @self is locked before the write runs, nothing is written
 * (%CT_ERROR_LOCKED). Another program holding the file gets the store's
 * two seconds, then the "in use" error, as for a write that does not
 * queue.
 */
void
ct_session_write_async (CtSession          *self,
                        CtSessionWriteFunc  func,
                        gpointer            data,
                        GDestroyNotify      data_free,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  write_async (self, func, NULL, data, data_free, FALSE, cancellable, callback, user_data);
}

/**
 * _ct_session_write_undoable_async:
 * @undo: called in @self's thread right after @func's transaction did
 *   not commit (or never began), before any other write or read runs:
 *   puts back what @func changed in the session's memory
 *
 * ct_session_write_async() for a write that changes the session's memory
 * as well as the file (the team chain, the category keys, the policy:
 * ct_session_set_member_role_async(), ct_session_set_policy_async()).
 * Finish it with ct_session_write_finish().
 */
void
_ct_session_write_undoable_async (CtSession          *self,
                                  CtSessionWriteFunc  func,
                                  CtSessionWriteUndo  undo,
                                  gpointer            data,
                                  GDestroyNotify      data_free,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (func != NULL && undo != NULL);

  write_async (self, func, undo, data, data_free, FALSE, cancellable, callback, user_data);
}

/**
 * _ct_session_write_log_async:
 *
 * ct_session_write_async() for log entries of what was read
 * (ct_session_read_finish() and its kin): @func runs in one transaction
 * after the file is checked, without what a write of data does first
 * (forgetting the member's involvement).
 */
void
_ct_session_write_log_async (CtSession          *self,
                             CtSessionWriteFunc  func,
                             gpointer            data,
                             GDestroyNotify      data_free,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  write_async (self, func, NULL, data, data_free, TRUE, cancellable, callback, user_data);
}

/**
 * _ct_session_write_task_cb:
 * @user_data: (transfer full): a #GTask
 *
 * A callback for ct_session_write_async() and its kin that answers the
 * task of an _async call of the session with what the write gave:
 * %TRUE, or its error.
 */
void
_ct_session_write_task_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ct_session_write_finish (CT_SESSION (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ct_session_write_finish:
 *
 * Returns: whether the write was made and committed; %FALSE with @error
 *   set as @func or the commit set it, %G_IO_ERROR_CANCELLED when it was
 *   given up before it ran, %CT_ERROR_LOCKED when the team was locked
 */
gboolean
ct_session_write_finish (CtSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ct_session_write_get_data:
 *
 * Returns: (transfer none): the @data given to ct_session_write_async(),
 *   valid until the callback returns: what the write left there (an id)
 */
gpointer
ct_session_write_get_data (GAsyncResult *result)
{
  WriteTask *t;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_write_async, NULL);

  t = g_task_get_task_data (G_TASK (result));
  return t->data;
}

/**
 * _ct_session_reader_enter:
 *
 * In a reader's thread, before it begins a read transaction: waits while
 * its owner has writes queued, then counts the transaction as one the
 * owner's writes wait for. Never call it inside a read transaction.
 */
void
_ct_session_reader_enter (CtSession *reader)
{
  CtLockShare *share = reader->lock_share;

  g_mutex_lock (&share->lock);
  while (share->writes_queued > 0)
    g_cond_wait (&share->writes_done, &share->lock);
  g_atomic_int_inc (&share->reading);
  g_mutex_unlock (&share->lock);
}

/**
 * _ct_session_reader_leave:
 *
 * In a reader's thread, when its read transaction ended: the last one to
 * end wakes the owner's queue.
 */
void
_ct_session_reader_leave (CtSession *reader)
{
  CtLockShare *share = reader->lock_share;

  g_mutex_lock (&share->lock);
  if (g_atomic_int_dec_and_test (&share->reading) && share->writes_queued > 0
      && share->wake != NULL)
    g_source_set_ready_time (share->wake, 0);
  g_mutex_unlock (&share->lock);
}

/**
 * _ct_session_write_queue_release:
 *
 * At ct_session_lock() of the owner: no queued write will run, so readers
 * waiting to begin go on; the queue answers each with %CT_ERROR_LOCKED at
 * its next turn. A reader has no queue of its own: its lock (when it is
 * dropped) leaves its owner's queue alone, or a reader dropped while
 * writes wait would let the next reader begin in the middle of them.
 */
void
_ct_session_write_queue_release (CtSession *self)
{
  CtLockShare *share = self->lock_share;

  if (share == NULL || self->is_reader)
    return;
  g_mutex_lock (&share->lock);
  share->writes_queued = 0;
  g_cond_broadcast (&share->writes_done);
  g_mutex_unlock (&share->lock);
  if (self->write_source != NULL && !g_queue_is_empty (&self->writes))
    g_source_set_ready_time (self->write_source, 0);
}

/* At dispose: a queued write holds the session, so the queue is empty. */
void
_ct_session_write_queue_dispose (CtSession *self)
{
  if (self->write_source == NULL)
    return;
  g_mutex_lock (&self->lock_share->lock);
  g_clear_pointer (&self->lock_share->wake, g_source_unref);
  g_mutex_unlock (&self->lock_share->lock);
  g_source_destroy (self->write_source);
  g_clear_pointer (&self->write_source, g_source_unref);
}
