/* ct-session-sync-async.c — a sync that leaves the main loop running
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_sync_async() runs the stages of ct_session_sync() so that the
 * caller's thread never waits on the folder (docs/sync.md, "Off the main
 * loop"):
 *
 *   1. in the session's thread, one short transaction seals the captured
 *      changes into the outbox, and what the worker needs is copied out
 *      (sealed files, what was applied of each replica);
 *   2. a worker writes this replica's change files (fsync, rename) and
 *      reads the other replicas' files beyond what was applied;
 *   3. in the session's thread, one file at a time from an idle source
 *      below redraw and input: verified and opened against the chain as it
 *      stands after the files before it, and applied in a transaction of
 *      its own;
 *   4. the status file is sealed in the session's thread and written by a
 *      worker, which then reads this replica's enrolment files and its
 *      newest snapshot's clear header;
 *   5. a snapshot, when one is due, is exported, sealed and written by a
 *      worker through a reader of the session (its own read connection);
 *   6. a worker lists this replica's folder; only when a change file may
 *      go does compaction read the status files and this replica's
 *      snapshot back and remove what may go, in a worker through a reader
 *      too.
 *
 * A worker never touches the session; verifying stays with the apply
 * because a file that carries statements changes the rules for the files
 * after it. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-error.h"
#include "ct-sync-private.h"

typedef struct
{
  CtSyncIo      *io;
  CtSyncSummary  summary;
} SyncTask;

static void
sync_task_free (gpointer data)
{
  SyncTask *t = data;

  _ct_sync_io_free (t->io);
  ct_sync_summary_clear (&t->summary);
  g_free (t);
}

/* Ends the sync with @error, recorded as the last sync's failure unless
 * it was cancelled. */
static void
fail (GTask  *task,
      GError *error)
{
  SyncTask *t = g_task_get_task_data (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _ct_session_sync_record (g_task_get_source_object (task), &t->summary, error);
  g_task_return_error (task, error);
}

static void
write_status_thread (GTask        *worker,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  CtSyncIo *io = data;
  GError *error = NULL;

  if (_ct_sync_io_write_held (io, &error) && _ct_sync_io_write_status (io, &error))
    {
      io->enrolments = _ct_sync_enrol_scan (io->own_dir);
      _ct_sync_snapshot_seen (io->own_dir, &io->snapshot);
      g_task_return_boolean (worker, TRUE);
    }
  else
    g_task_return_error (worker, error);
}

/* The sync is done: what it did is recorded. */
static void
end_sync (GTask *task)
{
  SyncTask *t = g_task_get_task_data (task);

  _ct_session_sync_record (g_task_get_source_object (task), &t->summary, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
compact_thread (GTask        *worker,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (_ct_sync_compact_job_run (data, &error))
    g_task_return_boolean (worker, TRUE);
  else
    g_task_return_error (worker, error);
}

/* After compaction, in the session's thread. */
static void
compacted (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  end_sync (task);
}

static void
may_compact_thread (GTask        *worker,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  g_task_return_boolean (worker, _ct_sync_compact_may_remove (data));
}

/* When the names in this replica's folder say that a change file may go,
 * compaction reads the other replicas' status files and this replica's
 * snapshot back, and removes what may go, in a worker through a reader
 * of the session; the session's thread only makes the reader
 * (docs/sync.md, "Off the main loop"). Otherwise no reader is made. */
static void
may_compact_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  SyncTask *t = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;
  CtSyncCompactJob *job;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (error != NULL)
        fail (task, error);
      else
        end_sync (task);
      return;
    }
  job = _ct_session_sync_compact_start (g_task_get_source_object (task), t->io->team_dir,
                                        t->io->devices, &error);
  if (job == NULL)
    {
      fail (task, error);
      return;
    }
  worker = g_task_new (NULL, g_task_get_cancellable (task), compacted, g_object_ref (task));
  g_task_set_task_data (worker, job, (GDestroyNotify) _ct_sync_compact_job_free);
  g_task_run_in_thread (worker, compact_thread);
}

/* The end of the sync: first a worker lists this replica's folder, to
 * see whether compaction may remove anything (_ct_sync_compact_may_remove()). */
static void
finish_sync (GTask *task)
{
  SyncTask *t = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;

  worker = g_task_new (NULL, g_task_get_cancellable (task), may_compact_cb, g_object_ref (task));
  g_task_set_task_data (worker, g_strdup (t->io->own_dir), g_free);
  g_task_run_in_thread (worker, may_compact_thread);
}

static void
snapshot_thread (GTask        *worker,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (_ct_sync_snapshot_job_run (data, &error))
    g_task_return_boolean (worker, TRUE);
  else
    g_task_return_error (worker, error);
}

static void
snapshot_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  _ct_session_sync_snapshot_writes_wait (g_task_get_source_object (task), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  finish_sync (task);
}

static void
status_written (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  SyncTask *t = g_task_get_task_data (task);
  CtSession *self = g_task_get_source_object (task);
  g_autoptr(GTask) worker = NULL;
  CtSyncSnapshotJob *job;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !_ct_session_sync_io_held_written (self, t->io, &error))
    {
      fail (task, error);
      return;
    }
  /* A snapshot, when one is due, is exported by a worker through a
   * reader of the session: at 500 households that takes seconds
   * (docs/sync.md, "Off the main loop"); the same worker removes the
   * enrolment files that were used and writes the key files of waiting
   * ones, as decided here from what the status worker read. */
  if ((job = _ct_session_sync_snapshot_due (self, t->io->team_dir,
                                            g_steal_pointer (&t->io->enrolments),
                                            &t->io->snapshot, &error)) == NULL)
    {
      if (error != NULL)
        fail (task, error);
      else
        finish_sync (task);
      return;
    }
  worker = g_task_new (NULL, g_task_get_cancellable (task), snapshot_written,
                       g_object_ref (task));
  g_task_set_task_data (worker, job, (GDestroyNotify) _ct_sync_snapshot_job_free);
  _ct_session_sync_snapshot_writes_wait (self, _ct_sync_snapshot_job_exports (job));
  g_task_run_in_thread (worker, snapshot_thread);
}

/* Applies one file per call, so that input and drawing go on between
 * them. */
static gboolean
apply_one (gpointer data)
{
  GTask *task = data;
  SyncTask *t = g_task_get_task_data (task);
  CtSession *self = g_task_get_source_object (task);
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;
  int step;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  if ((step = _ct_session_sync_io_step (self, t->io, &t->summary, &error)) > 0)
    return G_SOURCE_CONTINUE;
  if (step < 0 || !_ct_session_sync_io_end (self, t->io, &t->summary, &error))
    {
      fail (task, error);
      return G_SOURCE_REMOVE;
    }
  worker = g_task_new (NULL, g_task_get_cancellable (task), status_written, g_object_ref (task));
  g_task_set_task_data (worker, t->io, NULL);
  g_task_run_in_thread (worker, write_status_thread);
  return G_SOURCE_REMOVE;
}

static void
write_and_read_thread (GTask        *worker,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  GError *error = NULL;

  if (_ct_sync_io_write_and_read (data, &error))
    g_task_return_boolean (worker, TRUE);
  else
    g_task_return_error (worker, error);
}

static void
folder_read (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GSource *source;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, apply_one, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[casustafel] apply sync changes");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/**
 * ct_session_sync_async:
 * @folder: the team's sync folder
 *
 * Does what ct_session_sync() does without blocking the caller's main
 * loop: the folder is written and read by a worker, and the files are
 * applied one at a time in the caller's thread, each in a transaction of
 * its own, between which the main loop goes on. Call in the thread that
 * owns @self, with no other sync of @self running; the session must stay
 * unlocked until @callback runs (locking it ends the sync with an error
 * after the file being applied).
 */
void
ct_session_sync_async (CtSession           *self,
                       const char          *folder,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;
  SyncTask *t;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (folder != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_sync_async);
  t = g_new0 (SyncTask, 1);
  t->summary.refusals = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, t, sync_task_free);
  if (!_ct_session_sync_check (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if ((t->io = _ct_session_sync_io_begin (self, folder, &t->summary, &error)) == NULL)
    {
      fail (task, error);
      return;
    }
  worker = g_task_new (NULL, cancellable, folder_read, g_object_ref (task));
  g_task_set_task_data (worker, t->io, NULL);
  g_task_run_in_thread (worker, write_and_read_thread);
}

/**
 * ct_session_sync_finish:
 * @summary: (out caller-allocates): what was done, as ct_session_sync()
 *   fills it; clear it with ct_sync_summary_clear()
 *
 * Returns: whether the sync ran to its end
 */
gboolean
ct_session_sync_finish (CtSession     *self,
                        GAsyncResult  *result,
                        CtSyncSummary *summary,
                        GError       **error)
{
  SyncTask *t;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_sync_async, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  t = g_task_get_task_data (G_TASK (result));
  *summary = t->summary;
  memset (&t->summary, 0, sizeof t->summary);
  return TRUE;
}
