/* ct-session.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A session is an unlocked team file: the member, the keys that member
 * holds, and the open database. Every read and write of team data passes
 * through it. Locking wipes every secret and closes the file; unlocking
 * is in ct-session-unlock.c. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-session-chain-private.h"
#include "ct-session-involvement-private.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-session-write-private.h"
#include "ct-slot-private.h"
#include "ct-sync-private.h"
#include "ct-sync.h"
#include "ct-vault.h"
#include "ct-vfs.h"

G_DEFINE_FINAL_TYPE (CtSession, ct_session, G_TYPE_OBJECT)

void
_ct_session_set_tampered (GError **error)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("The team file was changed outside Casustafel and is not trusted. "
                         "Use a backup or the recovery tools."));
}

gboolean
_ct_session_require_admin (CtSession *self,
               GError   **error)
{
  if (self->recovery || (self->member != NULL && self->member->is_admin))
    return TRUE;

  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("Only a beheerder (administrator) may manage the team’s members."));
  return FALSE;
}

static gboolean
require_open (CtSession *self,
              GError   **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, CT_ERROR, CT_ERROR_LOCKED, _("The team file is locked."));
  return FALSE;
}

gboolean
_ct_session_require_unlocked (CtSession *self,
                  GError   **error)
{
  if (!require_open (self, error))
    return FALSE;
  /* Its connection still has the old key while a worker rekeys the file
   * (_ct_session_rotate_key_async()): reading would wait for the worker's
   * lock or fail, writing would race it. Before that, while a worker runs
   * the Argon2id of a passphrase change (ct-session-passphrase.c), nothing may
   * change the keys and slots it started from. */
  if (self->rekeying || self->changing_credentials)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                           _("The team file’s key is being replaced. Try again in a moment."));
      return FALSE;
    }
  if (!self->damaged)
    return TRUE;

  /* Opened with the recovery key over a chain that failed its checks:
   * only the plain copy and the repair (ct-session-repair.c). */
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("This team file failed its checks and is open for repair only: write "
                         "a plain copy or repair its team chain with the recovery key."));
  return FALSE;
}

/**
 * _ct_session_open_file:
 * @create: whether the file must be new (it is created, never overwritten)
 *
 * Opens the file and takes the advisory lock that says it is in use. The
 * descriptor stays open until the session locks: closing any descriptor of
 * the file would drop SQLite's POSIX locks on it.
 */
CtSession *
_ct_session_open_file (const char *path,
                       gboolean    create,
                       GError    **error)
{
  g_autoptr(CtSession) self = g_object_new (CT_TYPE_SESSION, NULL);
  int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
  struct stat st;

  self->path = g_canonicalize_filename (path, NULL);
  self->fd = g_open (self->path, flags, 0600);
  /* A write-protected file or medium still opens, for what needs no
   * write (docs/robustness.md). */
  if (self->fd < 0 && !create && (errno == EROFS || errno == EACCES || errno == EPERM))
    {
      self->fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
      self->read_only = self->fd >= 0;
    }
  if (self->fd < 0)
    {
      int saved = errno;

      g_set_error (error, CT_ERROR, saved == EEXIST ? CT_ERROR_EXISTS : CT_ERROR_FAILED,
                   saved == EEXIST ? _("A file with this name already exists.")
                                   : _("The team file could not be opened: %s."),
                   g_strerror (saved));
      return NULL;
    }

  if (flock (self->fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_BUSY,
                           _("The team file is already open, in another window or by another "
                             "program. Close it there first."));
      return NULL;
    }

  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_TEAM_FILE,
                           _("This is not a Casustafel team file."));
      return NULL;
    }
  self->dev = st.st_dev;
  self->ino = st.st_ino;

  if (!create)
    {
      self->header = ct_header_read (self->fd, error);
      if (self->header == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * ct_session_check_file:
 *
 * A sync client or a copy can replace the file under an open session.
 * Writing on would go into a file that no longer exists, so from then on
 * every write is refused.
 */
gboolean
ct_session_check_file (CtSession *self,
                       GError   **error)
{
  struct stat on_disk, ours;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (!self->replaced && self->fd >= 0)
    {
      if (g_stat (self->path, &on_disk) != 0 || fstat (self->fd, &ours) != 0
          || on_disk.st_dev != self->dev || on_disk.st_ino != self->ino || ours.st_nlink == 0)
        self->replaced = TRUE;
    }

  if (self->replaced)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_REPLACED,
                           _("The team file was replaced or removed on disk while it was open, "
                             "perhaps by a sync program. Nothing more is written to it; open "
                             "it again to go on working."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ct_session_verify_file:
 *
 * A commit went into the file this session holds open. When that file was
 * renamed away, or another team's file was copied over it, while the
 * commit ran, the commit is not in the file at the session's path: this
 * says which of the two happened, so that nothing reports it as saved.
 */
gboolean
ct_session_verify_file (CtSession *self,
                        GError   **error)
{
  g_autoptr(CtHeader) on_disk = NULL;
  g_autofree char *name = NULL;
  struct stat st;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (self->fd < 0 || self->header == NULL)
    return _ct_session_require_unlocked (self, error);
  name = g_filename_display_name (self->path);

  if (g_stat (self->path, &st) != 0 || st.st_dev != self->dev || st.st_ino != self->ino)
    {
      self->replaced = TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_REPLACED,
                   _("The team file was moved, removed or replaced on disk while the change "
                     "was being saved. The change went into the file that was open, which is "
                     "no longer %s; nothing more is written. Find the moved file, or open %s "
                     "again to check what it holds."), name, name);
      return FALSE;
    }

  /* The same file: its header must still be this team's. */
  on_disk = ct_header_read (self->fd, NULL);
  if (on_disk == NULL
      || memcmp (on_disk->team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    {
      self->replaced = TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_REPLACED,
                   _("Another file was copied over the team file %s while the change was being "
                     "saved: it no longer holds this team, and the change is not in it. Nothing "
                     "more is written; restore the team file from a backup."), name);
      return FALSE;
    }
  return ct_session_check_file (self, error);
}

/**
 * _ct_session_may_change_data:
 *
 * Returns: whether this session may change case data: a member's always,
 *   the recovery key's only on a team without sync. With sync on, a
 *   change travels in this laptop's next change file, signed by whichever
 *   member syncs it next, and the other replicas refuse that file, and
 *   every later one of the laptop, unless that member could have made it
 *   (docs/sync-security.md, "The recovery key on a synced team").
 */
gboolean
_ct_session_may_change_data (CtSession *self)
{
  return !self->recovery || !ct_session_sync_is_enabled (self);
}

/**
 * _ct_session_require_data_writer:
 *
 * The one rule of _ct_session_may_change_data(), with its message: every
 * change that would travel passes it (the change's stamp,
 * ct-session-sync.c), and the writes of case data ask it first, before
 * they validate or touch anything.
 */
gboolean
_ct_session_require_data_writer (CtSession *self,
                                 GError   **error)
{
  if (_ct_session_may_change_data (self))
    return TRUE;
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("With sync on, the recovery key repairs access only: case data is "
                         "changed by a member on their own laptop."));
  return FALSE;
}

/* A write may begin: the session is unlocked and the file is still this
 * team's. @table is the table it writes, or %NULL when it may touch any:
 * what this member is involved in may change with it
 * (_ct_session_forget_involvement()). A write of a table's rows is a
 * change of case data (_ct_session_require_data_writer()). */
gboolean
_ct_session_begin_table_write (CtSession     *self,
                               const CtTable *table,
                               GError       **error)
{
  _ct_session_forget_involvement (self, table);
  return _ct_session_require_unlocked (self, error) && ct_session_check_file (self, error)
         && (table == NULL || _ct_session_require_data_writer (self, error));
}

gboolean
_ct_session_begin_write (CtSession *self,
                         GError   **error)
{
  return _ct_session_begin_table_write (self, NULL, error);
}

gboolean
_ct_session_write_header (CtSession *self,
                          GError   **error)
{
  if (!ct_session_check_file (self, error))
    return FALSE;

  return ct_header_write (self->header, self->fd, self->db_key, error);
}

/**
 * ct_session_lock:
 *
 * Closes the database and wipes every key this session held. The session
 * answers %CT_ERROR_LOCKED from then on. Safe to call more than once.
 */
void
ct_session_lock (CtSession *self)
{
  g_return_if_fail (CT_IS_SESSION (self));

  if (self->anchored && !self->replaced)
    _ct_audit_save_device_anchor (self);
  self->anchored = FALSE;
  self->damaged = FALSE;
  g_clear_pointer (&self->db, ct_store_close);
  _ct_session_write_queue_release (self);
  g_clear_pointer (&self->db_key, ct_secure_free);
  g_clear_pointer (&self->cat_keys, ct_secure_free);
  g_clear_pointer (&self->txn_keys, _ct_key_state_free);
  memset (self->cat_version, 0, sizeof self->cat_version);
  memset (self->cat_made_by, 0, sizeof self->cat_made_by);
  self->marked_used = 0;
  g_clear_pointer (&self->identity, ct_identity_free);
  g_clear_pointer (&self->member, ct_member_row_free);
  g_clear_pointer (&self->chain, ct_chain_free);
  g_clear_pointer (&self->glass, g_hash_table_unref);
  g_clear_pointer (&self->created, g_hash_table_unref);
  g_clear_pointer (&self->involved, g_hash_table_unref);
  g_clear_pointer (&self->involved_since, g_free);
  g_clear_pointer (&self->restricted, g_hash_table_unref);
  g_clear_pointer (&self->header, ct_header_free);
  if (self->deferred_reads != NULL)
    {
      for (guint i = 0; i < self->deferred_reads->len; i++)
        g_clear_pointer (&g_array_index (self->deferred_reads, CtDeferredRead, i).households,
                         g_array_unref);
      g_clear_pointer (&self->deferred_reads, g_array_unref);
    }
  if (self->team_name != NULL)
    sodium_memzero (self->team_name, strlen (self->team_name));
  g_clear_pointer (&self->team_name, g_free);

  /* Only now: closing our descriptor would drop SQLite's locks. */
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

gboolean
ct_session_is_locked (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), TRUE);

  return self->db == NULL;
}

static void
lock_share_clear (CtLockShare *share)
{
  g_mutex_clear (&share->lock);
  g_cond_clear (&share->writes_done);
}

static void
ct_session_dispose (GObject *object)
{
  ct_session_lock (CT_SESSION (object));
  _ct_session_write_queue_dispose (CT_SESSION (object));

  G_OBJECT_CLASS (ct_session_parent_class)->dispose (object);
}

static void
ct_session_finalize (GObject *object)
{
  CtSession *self = CT_SESSION (object);

  g_free (self->path);
  if (self->lock_share != NULL)
    g_atomic_rc_box_release_full (self->lock_share, (GDestroyNotify) lock_share_clear);

  G_OBJECT_CLASS (ct_session_parent_class)->finalize (object);
}

static void
ct_session_class_init (CtSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ct_session_dispose;
  object_class->finalize = ct_session_finalize;
}

static void
ct_session_init (CtSession *self)
{
  self->fd = -1;
  g_queue_init (&self->writes);
}

/**
 * ct_session_is_file:
 *
 * Returns: whether @path names the file this session was opened from: the
 *   same device and inode, whatever the path's spelling or links
 */
gboolean
ct_session_is_file (CtSession  *self,
                    const char *path)
{
  struct stat st;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_stat (path, &st) == 0 && st.st_dev == self->dev && st.st_ino == self->ino;
}

const char *
ct_session_get_path (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->path;
}

const char *
ct_session_get_team_name (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->team_name;
}

const char *
ct_session_get_login (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->member != NULL ? self->member->login : NULL;
}

const char *
ct_session_get_display_name (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  return self->member != NULL ? self->member->display_name : NULL;
}

CtRole
ct_session_get_role (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), CT_ROLE_INVALID);

  return self->member != NULL ? self->member->role : CT_ROLE_INVALID;
}

gboolean
ct_session_is_admin (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->member != NULL && self->member->is_admin;
}

/**
 * ct_session_get_member_id:
 *
 * Returns: the member's id, as member fields of records (regisseur,
 *   responsible, ...) hold it; 0 in a recovery session
 */
gint64
ct_session_get_member_id (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), 0);

  return self->member != NULL ? self->member->id : 0;
}

gboolean
ct_session_is_recovery (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->recovery;
}

/**
 * ct_session_is_read_only:
 *
 * Whether the file was opened without write access (a write-protected
 * file or medium): changes, and reads that are logged, are refused with
 * %CT_ERROR_READ_ONLY.
 */
gboolean
ct_session_is_read_only (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->read_only;
}

/**
 * ct_session_rekey_is_pending:
 *
 * Whether a rotation of K_db (after a member was removed) could not be
 * done at unlock, for lack of free space or of write access. It is tried
 * again at every unlock.
 */
gboolean
ct_session_rekey_is_pending (CtSession *self)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return self->rekey_pending;
}

static gboolean
check_pages (int      fd,
             GError **error)
{
  g_autofree guint8 *page = g_malloc (CT_VAULT_PAGE_SIZE);
  struct stat st;

  if (fstat (fd, &st) != 0)
    return ct_store_set_error (NULL, SQLITE_IOERR, error);

  for (goffset off = CT_VAULT_DB_OFFSET; off < st.st_size; off += CT_VAULT_PAGE_SIZE)
    {
      if (pread (fd, page, CT_VAULT_PAGE_SIZE, off) != CT_VAULT_PAGE_SIZE
          || !ct_vfs_page_is_sound (page))
        return ct_store_set_error (NULL, SQLITE_CORRUPT, error);
    }
  return TRUE;
}

/* The header's part of the check: the file is still the one opened, the
 * MAC holds, no keyslot asks for unsafe settings, both copies are sound.
 * A few kilobytes, read in the session's thread, where the header is
 * written. */
static gboolean
check_header (CtSession *self,
              GError   **error)
{
  int damaged;

  if (!_ct_session_require_unlocked (self, error) || !ct_session_check_file (self, error))
    return FALSE;

  if (!ct_header_verify_mac (self->header, self->db_key))
    {
      _ct_session_set_tampered (error);
      return FALSE;
    }

  damaged = ct_header_find_damaged_slot (self->header);
  if (damaged >= 0)
    {
      g_set_error (error, CT_ERROR, CT_ERROR_BAD_PARAMETERS,
                   _("Keyslot %d of the team file is damaged: it asks for key-derivation "
                     "settings outside the safe range, so its member cannot unlock. Reset "
                     "that member’s passphrase with the recovery key."), damaged + 1);
      return FALSE;
    }
  return ct_header_check_copies (self->fd, error);
}

/**
 * ct_session_check:
 *
 * Everything `casustafel-cli check` reports: both header copies, the
 * header MAC, SQLite's integrity_check, and what SQLCipher 3.4.1 does not
 * check itself (all-zero pages and the unauthenticated padding bytes).
 */
gboolean
ct_session_check (CtSession *self,
                  GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return check_header (self, error) && ct_store_check (self->db, error)
         && check_pages (self->fd, error) && _ct_session_reload_chain (self, error)
         && ct_chain_check_tables (self->chain, self->db, error)
         && _ct_session_check_slots (self, error) && _ct_audit_verify (self, NULL, error);
}

typedef struct
{
  CtSession *reader;
  int        fd;          /* a dup() of the session's, for the pages */
  gint64     n_verified;  /* the log's entries found intact */
} CheckTask;

static void
check_task_free (gpointer mem)
{
  CheckTask *t = mem;

  g_clear_object (&t->reader);
  if (t->fd >= 0)
    close (t->fd);
  g_free (t);
}

/* What ct_session_check() does after the header, on the reader: in one
 * read transaction, so no commit of the session changes a page under
 * check_pages() or the log under the chain it is checked against. */
static gboolean
check_database (CtSession    *reader,
                int           fd,
                gint64       *n_verified,
                GCancellable *cancellable,
                GError      **error)
{
  gboolean ok;

  /* Counted as a reader's: the session's queued writes wait for it. */
  if (!_ct_session_begin_read (reader, error))
    return FALSE;
  /* The chain as the file holds it, verified anew: not the copy of the
   * session's that the reader was made with. */
  g_clear_pointer (&reader->chain, ct_chain_free);
  ok = ct_store_check (reader->db, error) && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && check_pages (fd, error) && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && (reader->chain = ct_chain_load (reader->db, reader->header->team_id, error)) != NULL
       && ct_chain_check_tables (reader->chain, reader->db, error)
       && _ct_session_check_slots (reader, error) && _ct_audit_verify (reader, n_verified, error);
  _ct_session_end_read (reader, FALSE, NULL);
  return ok;
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckTask *t = task_data;
  GError *error = NULL;

  _ct_session_wait_read_hold ();
  if (g_task_return_error_if_cancelled (task))
    return;
  if (check_database (t->reader, t->fd, &t->n_verified, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ct_session_check_async:
 *
 * ct_session_check() with the heavy part in a worker: SQLite's integrity
 * check, every page, the team chain as stored and the whole access log
 * (some 300 000 entries at 10 000 households). The header is checked
 * here, in the session's thread, where it is written; the worker reads
 * through a reader of the session (_ct_session_new_reader()) given a copy
 * of the header and a dup() of the file, in one read transaction, and
 * verifies the chain it loads from that snapshot. The session's own chain
 * is left as it is: it follows every write, and a snapshot's may be
 * older. Call in the session's thread, while it is in no transaction.
 *
 * The log view reads its entries without verifying them when this check
 * follows (ct_session_read_log_async()), so the log is verified once,
 * here, in the same read transaction as the rest of the file.
 */
void
ct_session_check_async (CtSession           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  CheckTask *t;

  g_return_if_fail (CT_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_check_async);
  t = g_new0 (CheckTask, 1);
  t->fd = -1;
  g_task_set_task_data (task, t, check_task_free);

  if (!check_header (self, &error) || (t->reader = _ct_session_new_reader (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((t->fd = dup (self->fd)) < 0)
    {
      ct_store_set_error (NULL, SQLITE_IOERR, &error);
      g_task_return_error (task, error);
      return;
    }
  t->reader->header = ct_header_copy (self->header);
  g_task_run_in_thread (task, check_thread);
}

/**
 * ct_session_check_finish:
 * @n_verified: (out) (optional): how many entries of the access log, from
 *   the first, the check found intact
 *
 * Returns: %TRUE when the whole file is intact; %FALSE with @error saying
 *   what ct_session_check() would (%G_IO_ERROR_CANCELLED when the check
 *   was given up; %CT_ERROR_LOCKED when the team was locked meanwhile)
 */
gboolean
ct_session_check_finish (CtSession     *self,
                         GAsyncResult  *result,
                         gint64        *n_verified,
                         GError       **error)
{
  CheckTask *t;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ct_session_check_async, FALSE);

  t = g_task_get_task_data (G_TASK (result));
  if (n_verified != NULL)
    *n_verified = t->n_verified;
  return g_task_propagate_boolean (G_TASK (result), error)
         && _ct_session_require_unlocked (self, error);
}

/**
 * ct_session_export_plain:
 * @out_path: where to write; must not exist
 * @raw_key_hex: (out): the 64 hex digits of the new file's raw key
 *
 * Recovery only: writes the database as a standard SQLCipher file under a
 * fresh random key (not the team's K_db), so the team file stays closed to
 * whoever receives the copy's key.
 */
gboolean
ct_session_export_plain (CtSession  *self,
                         const char *out_path,
                         char      **raw_key_hex,
                         GError    **error)
{
  guint8 *key;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (raw_key_hex != NULL, FALSE);

  /* Also from a file open for repair only: the copy is how its data is
   * got out whatever its chain says. */
  if (!require_open (self, error))
    return FALSE;

  if (!self->recovery)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Writing a plain copy of the database needs the team’s recovery "
                             "key."));
      return FALSE;
    }

  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_EXISTS,
                           _("The output file already exists; choose a new name."));
      return FALSE;
    }

  key = ct_secure_alloc (CT_KEY_SIZE);
  randombytes_buf (key, CT_KEY_SIZE);
  ok = ct_store_export_plain (self->db, out_path, key, error)
       && ct_store_begin (self->db, error);
  if (ok && !_ct_audit_append (self, CT_AUDIT_EXPORT, "database", 0,
                               (1u << CT_N_CATEGORIES) - 1, "recovery: plain copy", FALSE, error))
    {
      ct_store_rollback (self->db);
      ok = FALSE;
    }
  ok = ok && ct_store_commit (self->db, error);
  if (ok)
    {
      *raw_key_hex = ct_secure_alloc (2 * CT_KEY_SIZE + 1);
      sodium_bin2hex (*raw_key_hex, 2 * CT_KEY_SIZE + 1, key, CT_KEY_SIZE);
    }
  else
    g_unlink (out_path);

  ct_secure_free (key);
  return ok;
}
