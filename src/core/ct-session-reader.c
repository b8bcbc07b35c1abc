/* ct-session-reader.c — reading in a worker
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Readers: _ct_session_new_reader() makes a read-only session of its own
 * for one worker thread, and ct_session_read_async() runs a reading
 * function with one in a worker and logs what it read in the session
 * (through its write queue) before it hands the result out. Here too is
 * how the session's writes and its readers wait for one another on the
 * one file, and the test hooks that keep a worker waiting. Reading rows
 * and logging the reads is ct-session-read.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <string.h>

#include "ct-session-involvement-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-restrict-private.h"
#include "ct-session-write-private.h"

/* Waiting for one another. The team file has a rollback journal
 * (ct_store_open()): a write cannot commit while a reader holds the file,
 * and while the write waits to commit no reader can begin. A reader reads
 * a whole list in one transaction, at 50 000 households for longer than
 * the store's two seconds. The session's queued writes
 * (ct-session-write-queue.c) wait for its readers without blocking; a
 * write that does not queue waits here: past those two seconds the
 * session's connection goes on waiting while one of its own readers is
 * inside a read transaction, and a reader goes on waiting while the
 * session waits for those readers. A reader inside its transaction holds
 * the file and never waits, so the two cannot wait for each other;
 * another program still gets the two seconds. */
#define OWN_WAIT_MAX_USEC (10 * 60 * G_USEC_PER_SEC)
#define OWNER_WAITING_USEC (G_USEC_PER_SEC / 2)

CtLockShare *
_ct_session_lock_share (CtSession *self)
{
  if (self->lock_share == NULL)
    {
      self->lock_share = g_atomic_rc_box_new0 (CtLockShare);
      g_mutex_init (&self->lock_share->lock);
      g_cond_init (&self->lock_share->writes_done);
    }
  return self->lock_share;
}

static gboolean
owner_waits (CtLockShare *share,
             gint64       now)
{
  gint64 at;

  g_mutex_lock (&share->lock);
  at = share->owner_waiting_at;
  g_mutex_unlock (&share->lock);
  return at != 0 && now - at < OWNER_WAITING_USEC;
}

static int
wait_cb (void *data,
         int   count)
{
  CtSession *self = data;
  CtLockShare *share = self->lock_share;
  gint64 now = g_get_monotonic_time ();
  gint64 waited;

  if (count == 0)
    self->busy_since = now;
  waited = now - self->busy_since;
  if (waited >= OWN_WAIT_MAX_USEC)
    return 0;
  if (self->deferred_reads == NULL)
    {
      if (g_atomic_int_get (&share->exporting))
        ;
      else if (g_atomic_int_get (&share->reading) > 0)
        {
          g_mutex_lock (&share->lock);
          share->owner_waiting_at = now;
          g_mutex_unlock (&share->lock);
        }
      else if (waited >= CT_STORE_BUSY_MS * 1000)
        return 0;
    }
  else if (waited >= CT_STORE_BUSY_MS * 1000 && !owner_waits (share, now))
    return 0;

  g_usleep (MIN (count + 1, 20) * 1000);
  return 1;
}

/**
 * _ct_session_wait_for_readers:
 * @exporting: whether a snapshot's export reads through a reader now
 *
 * Makes @self's writes wait for its readers (above); while a snapshot is
 * exported, for as long as the export takes.
 */
void
_ct_session_wait_for_readers (CtSession *self,
                              gboolean   exporting)
{
  g_atomic_int_set (&_ct_session_lock_share (self)->exporting, exporting);
  if (self->db != NULL)
    sqlite3_busy_handler (self->db, wait_cb, self);
}

/**
 * _ct_session_begin_read:
 *
 * Begins a read transaction and takes the file's shared lock at once; in
 * a reader it counts as one its owner's writes wait for, and it first
 * waits while its owner has writes queued (ct-session-write-queue.c).
 */
gboolean
_ct_session_begin_read (CtSession *self,
                        GError   **error)
{
  gboolean counted = self->deferred_reads != NULL && self->lock_share != NULL;

  if (counted)
    _ct_session_reader_enter (self);
  if (sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (self->db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL,
                       NULL) != SQLITE_OK)
    {
      ct_store_set_error (self->db, sqlite3_errcode (self->db), error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      if (counted)
        _ct_session_reader_leave (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * _ct_session_end_read:
 * @commit: whether to commit (the read went well) or roll back
 *
 * Ends what _ct_session_begin_read() began.
 *
 * Returns: whether it committed; %FALSE with @error set when the commit
 *   failed
 */
gboolean
_ct_session_end_read (CtSession *self,
                      gboolean   commit,
                      GError   **error)
{
  gboolean ok = commit && sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;

  if (commit && !ok)
    ct_store_set_error (self->db, sqlite3_errcode (self->db), error);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  if (self->deferred_reads != NULL && self->lock_share != NULL)
    _ct_session_reader_leave (self);
  return ok;
}

static gint readers_made;

/**
 * _ct_session_count_readers:
 *
 * Test hook: how many readers _ct_session_new_reader() made in this
 * process, to show that a path makes none.
 */
guint
_ct_session_count_readers (void)
{
  return (guint) g_atomic_int_get (&readers_made);
}

/**
 * _ct_session_new_reader:
 *
 * A second, read-only view of @self's team for one worker thread: its own
 * database connection, copies of K_db and of the category keys, the
 * member, the policy and the chain, so it shares nothing with @self that
 * @self may change or wipe meanwhile. It only reads: its scans write no log entry
 * but keep what they read (CtDeferredRead), and the owner logs that with
 * _ct_session_log_deferred() in its own thread before it hands anything
 * read out (HACKING.md, "Threads"). Call it in @self's thread while
 * @self is in no transaction: opening a connection removes a journal it
 * takes for stale. Unref the reader in any thread.
 */
CtSession *
_ct_session_new_reader (CtSession *self,
                        GError   **error)
{
  g_autoptr(CtSession) reader = NULL;

  if (!_ct_session_require_unlocked (self, error))
    return NULL;
  reader = g_object_new (CT_TYPE_SESSION, NULL);
  reader->path = g_strdup (self->path);
  reader->read_only = TRUE;
  reader->is_reader = TRUE;
  reader->recovery = self->recovery;
  reader->deferred_reads = g_array_new (FALSE, TRUE, sizeof (CtDeferredRead));
  reader->db_key = ct_secure_alloc (CT_KEY_SIZE);
  memcpy (reader->db_key, self->db_key, CT_KEY_SIZE);
  if (self->cat_keys != NULL)
    {
      reader->cat_keys = ct_secure_alloc (CT_N_CATEGORIES * CT_KEY_SIZE);
      memcpy (reader->cat_keys, self->cat_keys, CT_N_CATEGORIES * CT_KEY_SIZE);
    }
  memcpy (reader->cat_version, self->cat_version, sizeof reader->cat_version);
  memcpy (reader->cat_made_by, self->cat_made_by, sizeof reader->cat_made_by);
  memcpy (reader->role_policy, self->role_policy, sizeof reader->role_policy);
  /* For the team settings it reads (the retention terms of the purge's
   * list), which are the chain's (ct-session-settings.c). */
  reader->chain = self->chain != NULL ? ct_chain_copy (self->chain) : NULL;
  if (self->member != NULL)
    {
      reader->member = g_memdup2 (self->member, sizeof *self->member);
      reader->member->login = g_strdup (self->member->login);
      reader->member->display_name = g_strdup (self->member->display_name);
    }
  if (!_ct_session_share_involvement (self, reader, error)
      || !_ct_session_share_restrictions (self, reader, error)
      || (reader->db = ct_store_open (self->path, self->db_key, error)) == NULL)
    return NULL;
  _ct_session_wait_for_readers (self, g_atomic_int_get (&_ct_session_lock_share (self)->exporting));
  reader->lock_share = g_atomic_rc_box_acquire (self->lock_share);
  sqlite3_busy_handler (reader->db, wait_cb, reader);
  g_atomic_int_inc (&readers_made);
  return g_steal_pointer (&reader);
}

typedef struct
{
  CtSession         *reader;
  CtReadFunc         func;
  gpointer           data;
  GDestroyNotify     result_free;
  CtSessionWriteFunc log_func;  /* more entries, in the deferred log's transaction */
  gpointer           read;      /* what func returned, until it is logged */
} ReadTask;

static void
read_task_free (gpointer mem)
{
  ReadTask *t = mem;

  if (t->read != NULL && t->result_free != NULL)
    t->result_free (t->read);
  g_clear_object (&t->reader);
  g_free (t);
}

/**
 * _ct_worker_hold_set:
 * @hold: (nullable): a mutex every worker of this kind takes and lets go
 *   where it waits, or %NULL
 * @held: (nullable): set to 1 when a worker reaches @hold
 *
 * Test hook, behind _ct_session_set_read_hold(),
 * _ct_session_sync_set_snapshot_hold() and
 * _ct_session_sync_set_compact_hold().
 */
void
_ct_worker_hold_set (CtWorkerHold *self,
                     GMutex       *hold,
                     gint         *held)
{
  g_atomic_pointer_set (&self->held, held);
  g_atomic_pointer_set (&self->hold, hold);
}

/**
 * _ct_worker_hold_wait: (worker)
 *
 * Where the worker may be kept: says that it is there, then waits while
 * a test holds the mutex given to _ct_worker_hold_set().
 */
void
_ct_worker_hold_wait (CtWorkerHold *self)
{
  GMutex *hold = g_atomic_pointer_get (&self->hold);
  gint *held = g_atomic_pointer_get (&self->held);

  if (held != NULL)
    g_atomic_int_set (held, 1);
  if (hold != NULL)
    {
      g_mutex_lock (hold);
      g_mutex_unlock (hold);
    }
}

static CtWorkerHold read_hold;

/**
 * _ct_session_set_read_hold:
 * @hold: (nullable): a mutex every ct_session_read_async() worker takes
 *   and lets go before it reads, or %NULL
 *
 * Test hook: a test that holds @hold keeps every reading worker waiting
 * (ct_session_read_async()'s, ct_session_read_log_async()'s),
 * to show what the window does meanwhile (a lock, the member leaving).
 */
void
_ct_session_set_read_hold (GMutex *hold)
{
  _ct_worker_hold_set (&read_hold, hold, NULL);
}

/**
 * _ct_session_wait_read_hold:
 *
 * In a reading worker, before it reads: waits while a test holds the
 * mutex given to _ct_session_set_read_hold().
 */
void
_ct_session_wait_read_hold (void)
{
  _ct_worker_hold_wait (&read_hold);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadTask *t = task_data;
  GError *error = NULL;
  gpointer result;

  _ct_session_wait_read_hold ();
  result = t->func (t->reader, t->data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, t->result_free);
}

/* In the write queue, in the session's thread: the reader's list reads
 * and the caller's entries, in one transaction. */
static gboolean
log_read_task (CtSession *self,
               gpointer   data,
               GError   **error)
{
  ReadTask *t = data;

  return _ct_session_log_reads (self, t->reader->deferred_reads, error)
         && (t->log_func == NULL || t->log_func (self, t->data, error));
}

static void
read_logged_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadTask *t = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ct_session_write_finish (CT_SESSION (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Its connection and page cache go now, not whenever the task does. */
  g_clear_object (&t->reader);
  g_task_return_pointer (task, g_steal_pointer (&t->read), t->result_free);
}

/* The worker is done: its reads are logged through the session's write
 * queue, which waits without blocking for the session's other readers,
 * and only then does the caller's task complete. */
static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CtSession *self = CT_SESSION (source);
  g_autoptr(GTask) task = user_data;
  ReadTask *t = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if ((t->read = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (t->reader->deferred_reads->len == 0 && t->log_func == NULL)
    {
      g_clear_object (&t->reader);
      g_task_return_pointer (task, g_steal_pointer (&t->read), t->result_free);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  _ct_session_write_log_async (self, log_read_task, t, NULL, cancellable, read_logged_cb,
                               g_steal_pointer (&task));
}

/**
 * _ct_session_read_logged_async:
 * @log_func: (nullable): writes more log entries, for what a reader
 *   cannot defer, in @self's thread, in the transaction that logs the
 *   reader's reads; given @data
 *
 * ct_session_read_async() with more entries logged before the result is
 * handed out (ct_case_load_async()).
 */
void
_ct_session_read_logged_async (CtSession           *self,
                               CtReadFunc           func,
                               gpointer             data,
                               GDestroyNotify       result_free,
                               CtSessionWriteFunc   log_func,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;
  ReadTask *t;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_read_async);
  t = g_new0 (ReadTask, 1);
  t->func = func;
  t->data = data;
  t->result_free = result_free;
  t->log_func = log_func;
  g_task_set_task_data (task, t, read_task_free);
  if ((t->reader = _ct_session_new_reader (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The worker's task shares @t: the caller's task outlives it. */
  worker = g_task_new (self, cancellable, read_done_cb, g_object_ref (task));
  g_task_set_task_data (worker, t, NULL);
  g_task_run_in_thread (worker, read_thread);
}

/**
 * ct_session_read_async:
 * @func: the reading, run in a worker thread with a read-only session of
 *   its own (a reader of @self); it returns its result, or %NULL with its
 *   error set
 * @data: for @func; it must stay valid until @callback runs
 * @result_free: frees a result nobody took
 *
 * Runs @func off the caller's thread, so that a large list is read and
 * decrypted while the main loop goes on drawing: the case list at unlock.
 * The reader sees what @self may see, no more: its categories, its
 * policy and its involved households. What it read is logged in @self,
 * through its write queue (ct_session_write_async(): the main loop goes
 * on while another reader holds the file), before @callback runs, so the
 * result is never handed out unlogged. Call in the thread that owns
 * @self, while it is in no transaction.
 */
void
ct_session_read_async (CtSession           *self,
                       CtReadFunc           func,
                       gpointer             data,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  _ct_session_read_logged_async (self, func, data, result_free, NULL, cancellable, callback,
                                 user_data);
}

/**
 * ct_session_read_finish:
 *
 * Hands out what the reading function returned, logged in @self before
 * the callback ran. When the log entry could not be written, the result
 * was dropped: nothing read goes out unlogged.
 *
 * Returns: (transfer full) (nullable): what the reading function returned,
 *   or %NULL with @error set
 */
gpointer
ct_session_read_finish (CtSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_session_read_async, NULL);

  return g_task_propagate_pointer (task, error);
}
