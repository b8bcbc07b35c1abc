/* ct-session-sync-overview.c — what a replica knows of its syncing
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The sync folder this laptop uses, and the status that the team
 * settings, the header bar and `casustafel-cli sync-status` show: read
 * from the local sync tables only, never from the folder, so it is cheap
 * and works offline (docs/sync.md, "Status"). The status holds no case
 * data: member names, numbers, times and the refusals' reasons. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-clock.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

static gint64
now_millis (void)
{
  g_autoptr(GDateTime) now = ct_clock_now_utc ();

  return g_date_time_to_unix (now) * 1000 + g_date_time_get_microsecond (now) / 1000;
}

/* The display name the chain gives @uid, or %NULL. A reader has no chain
 * and names no one: its owner does (_ct_session_sync_uid_of_device()). */
static char *
member_name (CtSession    *self,
             const guint8 *uid)
{
  const CtChainMember *member = self->chain != NULL ? ct_chain_find_uid (self->chain, uid)
                                                    : NULL;

  return member != NULL ? g_strdup (member->display_name) : NULL;
}

/**
 * _ct_session_sync_uid_of_device:
 * @uid: (out caller-allocates): CT_MEMBER_ID_SIZE bytes
 *
 * The first half of _ct_session_sync_member_of_device(), without the
 * team chain, so that a reader can look it up in a worker: the member
 * whose change files from @device this replica applied (its own device:
 * its own member). The session's thread names the member
 * (_ct_session_sync_member_name()).
 *
 * Returns: whether @uid was set
 */
gboolean
_ct_session_sync_uid_of_device (CtSession    *self,
                                const guint8 *device,
                                guint8       *uid)
{
  CtSyncState state;

  if (ct_store_sync_state_get (self->db, &state, NULL) == 1
      && memcmp (state.device, device, CT_SYNC_DEVICE_SIZE) == 0)
    {
      if (self->member == NULL)
        return FALSE;
      memcpy (uid, self->member->member_uid, CT_MEMBER_ID_SIZE);
      return TRUE;
    }
  return ct_store_sync_device_member (self->db, device, uid);
}

/* Returns: (transfer full) (nullable): the display name the team chain
 * gives @uid; in the session's thread. */
char *
_ct_session_sync_member_name (CtSession    *self,
                              const guint8 *uid)
{
  return member_name (self, uid);
}

/**
 * _ct_session_sync_member_of_device:
 *
 * Returns: (transfer full) (nullable): the display name of the member
 *   whose change files from @device this replica applied, %NULL when it
 *   applied none (its own device gives its own member)
 */
char *
_ct_session_sync_member_of_device (CtSession    *self,
                                   const guint8 *device)
{
  guint8 uid[CT_MEMBER_ID_SIZE];
  CtSyncState state;

  if (ct_store_sync_state_get (self->db, &state, NULL) == 1
      && memcmp (state.device, device, CT_SYNC_DEVICE_SIZE) == 0)
    return self->member != NULL ? g_strdup (self->member->display_name) : NULL;
  if (!ct_store_sync_device_member (self->db, device, uid))
    return NULL;
  return member_name (self, uid);
}

/* ---- the folder --------------------------------------------------------- */

/**
 * ct_session_sync_get_folder:
 *
 * Returns: (transfer full) (nullable): the sync folder chosen on this
 *   laptop, %NULL when none was (or on an error)
 */
char *
ct_session_sync_get_folder (CtSession *self,
                            GError   **error)
{
  CtSyncLocal local = { 0 };
  char *folder;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error)
      || !ct_store_sync_local_get (self->db, &local, error))
    return NULL;
  folder = g_steal_pointer (&local.folder);
  ct_store_sync_local_clear (&local);
  return folder;
}

static gboolean
put_folder (CtSession *self,
            gpointer   data,
            GError   **error)
{
  CtSyncLocal local = { 0 };
  gboolean ok;

  if (!ct_store_sync_local_get (self->db, &local, error))
    return FALSE;
  g_free (local.folder);
  local.folder = g_strdup (data);
  ok = ct_store_sync_local_put (self->db, &local, error);
  ct_store_sync_local_clear (&local);
  return ok;
}

/**
 * ct_session_sync_set_folder:
 * @folder: an existing folder, by its absolute path
 *
 * Remembers @folder as this laptop's sync folder for the team. It is
 * kept in this replica only: each laptop has its own path.
 */
gboolean
ct_session_sync_set_folder (CtSession  *self,
                            const char *folder,
                            GError    **error)
{
  CtSyncState state;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  if (!_ct_session_begin_write (self, error) || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (!g_path_is_absolute (folder) || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      ct_set_field_error (error, "sync", "folder",
                          _("Sync folder: %s is not a folder."), folder);
      return FALSE;
    }
  return _ct_session_with_transaction (self, put_folder, (gpointer) folder, error);
}

/* ---- recording a sync --------------------------------------------------- */

typedef struct
{
  const CtSyncSummary *summary;
  const GError        *failure;
} Record;

static gboolean
record_sync (CtSession *self,
             gpointer   data,
             GError   **error)
{
  Record *record = data;
  CtSyncLocal local = { 0 };
  gint64 now = now_millis ();
  gboolean ok;

  if (!ct_store_sync_local_get (self->db, &local, error))
    return FALSE;
  local.last_sync = now;
  g_clear_pointer (&local.last_error, g_free);
  if (record->failure != NULL)
    local.last_error = g_strdup (record->failure->message);
  else
    {
      if (record->summary->written_seq > 0)
        local.last_sent = now;
      if (record->summary->applied_files > 0)
        local.last_received = now;
      local.waiting_files = record->summary->waiting_files;
    }
  ok = ct_store_sync_local_put (self->db, &local, error);
  ct_store_sync_local_clear (&local);
  return ok;
}

/* Called by ct_session_sync() when it is done, whether it succeeded
 * (@failure %NULL) or not. Failing to record is not a failure of the
 * sync, only a warning. */
void
_ct_session_sync_record (CtSession           *self,
                         const CtSyncSummary *summary,
                         const GError        *failure)
{
  g_autoptr(GError) error = NULL;
  Record record = { summary, failure };

  if (ct_session_is_locked (self) || self->read_only)
    return;
  if (!_ct_session_with_transaction (self, record_sync, &record, &error))
    g_warning ("Cannot record the sync's status: %s", error->message);
}

/* ---- the status --------------------------------------------------------- */

static void
replica_free (CtSyncReplica *replica)
{
  g_free (replica->device);
  g_free (replica->member);
  g_free (replica);
}

static void
refusal_free (CtSyncRefusal *refusal)
{
  g_free (refusal->device);
  g_free (refusal->member);
  g_free (refusal->reason);
  g_free (refusal);
}

void
ct_sync_status_free (CtSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->device);
  g_free (status->folder);
  g_free (status->last_error);
  g_free (status->removed_by);
  g_clear_pointer (&status->replicas, g_ptr_array_unref);
  g_clear_pointer (&status->refused, g_ptr_array_unref);
  g_clear_pointer (&status->set_aside, g_ptr_array_unref);
  g_free (status);
}

static gboolean
read_replicas (CtSession    *self,
               CtSyncStatus *status,
               GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_sync_peers_with_member (self->db, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncReplica *r = g_new0 (CtSyncReplica, 1);

      r->device = _ct_sync_hex (sqlite3_column_blob (stmt, 0),
                                (gsize) sqlite3_column_bytes (stmt, 0));
      if (sqlite3_column_bytes (stmt, 1) == CT_MEMBER_ID_SIZE)
        r->member = member_name (self, sqlite3_column_blob (stmt, 1));
      r->seq = (guint64) sqlite3_column_int64 (stmt, 2);
      r->last_millis = ct_hlc_millis ((guint64) sqlite3_column_int64 (stmt, 3));
      g_ptr_array_add (status->replicas, r);
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  ct_store_set_error (self->db, rc, error);
  return FALSE;
}

static gboolean
read_refused (CtSession    *self,
              CtSyncStatus *status,
              GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_sync_refused_list (self->db, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtSyncRefusal *r = g_new0 (CtSyncRefusal, 1);

      r->device = _ct_sync_hex (sqlite3_column_blob (stmt, 0),
                                (gsize) sqlite3_column_bytes (stmt, 0));
      r->seq = (guint64) sqlite3_column_int64 (stmt, 1);
      r->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (sqlite3_column_bytes (stmt, 3) == CT_MEMBER_ID_SIZE)
        r->member = member_name (self, sqlite3_column_blob (stmt, 3));
      g_ptr_array_add (status->refused, r);
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  ct_store_set_error (self->db, rc, error);
  return FALSE;
}

/* ---- this laptop's member removed --------------------------------------- */

/* The member this session's chain removed, or %NULL while they are a
 * member (and for the recovery key, bound to no one). */
static const CtChainMember *
removed_self (CtSession *self)
{
  const CtChainMember *me;

  if (self->member == NULL || self->chain == NULL
      || (me = ct_chain_find_uid (self->chain, self->member->member_uid)) == NULL)
    return NULL;
  return me->removed ? me : NULL;
}

/**
 * _ct_session_sync_check_removed:
 *
 * Once the team chain on this laptop removed its member, nothing more is
 * sent from it or applied to it: what it would send is sealed under a
 * sync key the removal keeps from them (docs/sync-security.md, "A removed member's
 * own laptop").
 *
 * Returns: %FALSE, @error set, when the member was removed
 */
gboolean
_ct_session_sync_check_removed (CtSession *self,
                                GError   **error)
{
  if (removed_self (self) == NULL)
    return TRUE;
  g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                       _("You were removed from this team: this laptop no longer syncs "
                         "with it."));
  return FALSE;
}

/* The changes one sealed file of the outbox holds, the access log's
 * entries left out. This replica sealed it under a key it holds: one that
 * does not open counts none. */
static guint
file_changes (CtSession *self,
              GBytes    *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GPtrArray) keys = NULL;
  const guint8 *p, *end;
  CtSyncFile file;
  gsize size;
  guint n = 0;

  if (!_ct_sync_file_peek (data, len, &file, NULL))
    return 0;
  if ((keys = _ct_session_sync_open_keys (self, file.key_version)) == NULL
      || !_ct_sync_file_open_any (data, len, keys, FALSE, &file, NULL))
    {
      _ct_sync_file_clear (&file);
      return 0;
    }
  p = g_bytes_get_data (file.changes, &size);
  /* An empty GBytes gives NULL, and NULL + 0 is undefined. */
  end = p != NULL ? p + size : NULL;
  for (guint i = 0; i < file.n_changes; i++)
    {
      CtSyncChange change;

      if (!_ct_sync_change_next (&p, end, &change, NULL))
        break;
      n += change.kind != CT_SYNC_LOG;
      _ct_sync_change_clear (&change);
    }
  _ct_sync_file_clear (&file);
  return n;
}

/**
 * _ct_session_sync_removal_signer:
 * @seq: the chain statement that removed a member
 *
 * Returns: (transfer full) (nullable): the name of the member who signed
 *   it, as the team chain names them
 */
char *
_ct_session_sync_removal_signer (CtSession *self,
                                 gint64     seq)
{
  guint8 signer[CT_MEMBER_ID_SIZE];
  guint8 signature[crypto_sign_BYTES];
  g_autoptr(GBytes) body = NULL;

  if (!ct_chain_statement_get (self->db, seq, &body, signer, signature))
    return NULL;
  return member_name (self, signer);
}

/**
 * _ct_sync_format_minute:
 * @millis: milliseconds since 1970, as a stamp's clock has them
 *
 * Returns: (transfer full) (nullable): the local time to the minute,
 *   "2026-03-31 14:05", as a removal is named; %NULL for none
 */
char *
_ct_sync_format_minute (gint64 millis)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (millis <= 0 || (utc = g_date_time_new_from_unix_utc (millis / 1000)) == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* When the chain removed this laptop's member: when, by whom, and what
 * made here is in no change file in the folder (the captured changes, and
 * those of the outbox's files), which is never sent. Only this member's
 * own changes are counted, so the count tells them nothing they could
 * not see. */
static gboolean
read_removal (CtSession    *self,
              CtSyncStatus *status,
              GError      **error)
{
  const CtChainMember *me = removed_self (self);
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  if (me == NULL)
    return TRUE;
  status->removed = TRUE;
  status->removed_millis = ct_hlc_millis (ct_store_sync_chain_hlc (self->db, me->removed_seq));
  status->removed_by = _ct_session_sync_removal_signer (self, me->removed_seq);
  seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  if ((outbox = ct_store_sync_outbox_list (self->db, seqs, error)) == NULL)
    return FALSE;
  status->not_sent = status->pending_changes;
  for (guint i = 0; i < outbox->len; i++)
    status->not_sent += file_changes (self, g_ptr_array_index (outbox, i));
  return TRUE;
}

/**
 * _ct_session_sync_removed_at_unlock:
 *
 * At an unlock by a member whom the members table of a replica says was
 * removed (a sync brought the removal to their own laptop; the unlock
 * has just dropped their keyslot, docs/security.md "Keyslots"), before
 * the unlock fails and before the session has its chain: what
 * ct_sync_status_format_removal() says, from the chain and the sync
 * tables, so that the member learns it once more.
 *
 * Returns: (transfer full) (nullable): the text; %NULL without sync
 */
char *
_ct_session_sync_removed_at_unlock (CtSession *self)
{
  g_autoptr(CtSyncStatus) status = NULL;
  CtSyncState state;

  if (self->member == NULL || ct_store_sync_state_get (self->db, &state, NULL) != 1)
    return NULL;
  if (self->chain == NULL
      && (self->chain = ct_chain_load (self->db, self->header->team_id, NULL)) == NULL)
    return NULL;
  status = g_new0 (CtSyncStatus, 1);
  if (!ct_store_sync_unsent (self->db, &status->pending_changes, &status->unsent_files, NULL)
      || !read_removal (self, status, NULL))
    return NULL;
  return ct_sync_status_format_removal (status);
}

/**
 * ct_session_sync_get_status:
 *
 * Reads this replica's sync status from its own tables: it does not look
 * in the folder. Any member may read it; it holds no case data.
 *
 * Returns: (transfer full): the status; free with ct_sync_status_free().
 *   %NULL with %CT_ERROR_NOT_FOUND when sync is not switched on.
 */
CtSyncStatus *
ct_session_sync_get_status (CtSession *self,
                            GError   **error)
{
  g_autoptr(CtSyncStatus) status = NULL;
  CtSyncLocal local = { 0 };
  CtSyncState state;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error)
      || !_ct_session_sync_load_state (self, &state, error)
      || !ct_store_sync_local_get (self->db, &local, error))
    return NULL;
  status = g_new0 (CtSyncStatus, 1);
  status->device = _ct_sync_hex (state.device, CT_SYNC_DEVICE_SIZE);
  status->sent_seq = state.next_seq > 0 ? state.next_seq - 1 : 0;
  status->folder = g_steal_pointer (&local.folder);
  status->last_error = g_steal_pointer (&local.last_error);
  status->last_sync = local.last_sync;
  status->last_sent = local.last_sent;
  status->last_received = local.last_received;
  status->waiting_files = local.waiting_files;
  status->replicas = g_ptr_array_new_with_free_func ((GDestroyNotify) replica_free);
  status->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  ct_store_sync_local_clear (&local);
  if (!ct_store_sync_unsent (self->db, &status->pending_changes, &status->unsent_files, error)
      || !read_replicas (self, status, error) || !read_refused (self, status, error)
      || !read_removal (self, status, error)
      || (status->set_aside = ct_session_sync_get_set_aside (self, error)) == NULL)
    return NULL;
  return g_steal_pointer (&status);
}

/**
 * ct_sync_status_get_health:
 *
 * A problem: this laptop's member was removed from the team, the last
 * sync failed, or a change file was refused. Waiting:
 * no sync yet, changes not yet sent, or others' files that wait for an
 * earlier one. Otherwise in sync.
 */
CtSyncHealth
ct_sync_status_get_health (const CtSyncStatus *status)
{
  g_return_val_if_fail (status != NULL, CT_SYNC_HEALTH_PROBLEM);

  if (status->removed || status->last_error != NULL || status->refused->len > 0)
    return CT_SYNC_HEALTH_PROBLEM;
  if (status->last_sync == 0 || status->pending_changes > 0
      || status->unsent_files > 0 || status->waiting_files > 0)
    return CT_SYNC_HEALTH_WAITING;
  return CT_SYNC_HEALTH_IN_SYNC;
}

/**
 * ct_sync_status_format_removal:
 *
 * What the member is told once the team chain on this laptop removed
 * them (the Synchronisation page, its header indicator and
 * `casustafel-cli sync-status` show the same): when and by whom, that
 * the other laptops refuse what was made here after it and that nothing
 * more is sent, and how many changes made here were not sent.
 *
 * Returns: (transfer full) (nullable): the text, %NULL while this
 *   laptop's member is a member of the team
 */
char *
ct_sync_status_format_removal (const CtSyncStatus *status)
{
  g_autofree char *when = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *not_sent = NULL;

  g_return_val_if_fail (status != NULL, NULL);

  if (!status->removed)
    return NULL;
  when = _ct_sync_format_minute (status->removed_millis);
  if (when != NULL && status->removed_by != NULL)
    removed = g_strdup_printf (_("You were removed from this team on %s by %s."), when,
                               status->removed_by);
  else if (when != NULL)
    removed = g_strdup_printf (_("You were removed from this team on %s."), when);
  else
    removed = g_strdup (_("You were removed from this team."));
  if (status->not_sent == 0)
    not_sent = g_strdup (_("No change made here was waiting to be sent."));
  else
    not_sent = g_strdup_printf (ngettext ("%u change made here was not sent and never will be.",
                                          "%u changes made here were not sent and never will "
                                          "be.", status->not_sent),
                                status->not_sent);
  return g_strdup_printf ("%s %s %s", removed,
                          _("The other laptops refuse what was made here after that, and "
                            "this laptop sends nothing more."),
                          not_sent);
}
