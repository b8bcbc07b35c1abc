/* ct-session-sync-apply.c — writing and applying change files
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct_session_sync() writes the captured changes into this replica's next
 * change file and applies the other replicas' files in causal order, by
 * the merge rules of docs/sync.md. A change from another laptop is checked
 * against the verified team chain, never against a row, since every
 * member holds K_db: a file that breaks a rule is refused whole, logged,
 * and never retried. */

#define G_LOG_DOMAIN "ct-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ct-audit.h"
#include "ct-error.h"
#include "ct-hlc.h"
#include "ct-session-chain-private.h"
#include "ct-session-private.h"
#include "ct-store-sync.h"
#include "ct-sync-private.h"

#define FILE_SUFFIX ".ctchange"

typedef enum
{
  APPLY_DONE,
  APPLY_WAIT,
  APPLY_REFUSED,
} ApplyResult;

/* One change file being applied. */
typedef struct
{
  CtSyncFile           file;
  const guint8        *data;      /* the file's bytes, for its signature */
  gsize                len;
  gboolean             signed_ok; /* verified with a key this replica's chain named */
  CtChain             *at;        /* owned, when @rules is not the session's chain */
  const CtChain       *rules;     /* the chain at the file's position */
  const CtChainMember *author;    /* in @rules */
  guint64              removed_hlc; /* the author's removal stamp; G_MAXUINT64 if none */
  gboolean             chain_changed;
  gboolean             keys_changed;  /* category keys or grants came in */
  CtSyncPeer           before;    /* what was applied of its device before it */
  guint64              max_hlc;
  CtSyncSummary       *summary;
  guint                conflicts;
  guint                dropped;
  gboolean             any_purged; /* a household here was purged: look at each change */
} Apply;

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *s = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static gboolean
parse_hex (const char *text,
           guint8     *out,
           gsize       len)
{
  if (strlen (text) != len * 2)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]);
      int lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0 || g_ascii_isupper (text[2 * i]) || g_ascii_isupper (text[2 * i + 1]))
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

/* ---- writing ----------------------------------------------------------- */

static char *
team_folder (CtSession  *self,
             const char *folder)
{
  g_autofree char *team = hex (self->header->team_id, CT_TEAM_ID_SIZE);
  g_autofree char *name = g_strconcat ("casustafel-", team, NULL);

  return g_build_filename (folder, name, NULL);
}

static char *
change_file_name (guint64 seq)
{
  return g_strdup_printf ("%012" G_GUINT64_FORMAT FILE_SUFFIX, seq);
}

static gboolean
io_error (const char *path,
          int         saved,
          GError    **error)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               _("Cannot write the change file %s: %s"), path, g_strerror (saved));
  return FALSE;
}

static gboolean
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok = fd >= 0 && fsync (fd) == 0;

  if (fd >= 0)
    close (fd);
  return ok;
}

/* Once, by a temporary name, fsync and rename; never over a file with
 * other contents (that one was written by another copy of this replica). */
static gboolean
write_once (const char *dir,
            const char *path,
            GBytes     *bytes,
            GError    **error)
{
  g_autofree char *tmp = g_build_filename (dir, ".tmp-XXXXXX", NULL);
  g_autofree char *existing = NULL;
  gsize len, have;
  const char *data = g_bytes_get_data (bytes, &len);
  int fd;

  if (g_file_get_contents (path, &existing, &have, NULL))
    {
      if (have == len && memcmp (existing, data, len) == 0)
        return TRUE;
      g_set_error (error, CT_ERROR, CT_ERROR_EXISTS,
                   _("The sync folder already holds another change file %s of this replica: "
                     "another copy of this team file writes as the same replica."), path);
      return FALSE;
    }
  if ((fd = g_mkstemp (tmp)) < 0)
    return io_error (path, errno, error);
  for (gsize done = 0; done < len;)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          close (fd), g_unlink (tmp);
          return io_error (path, saved, error);
        }
      done += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0 || !fsync_dir (dir))
    {
      int saved = errno;

      g_unlink (tmp);
      return io_error (path, saved, error);
    }
  return TRUE;
}

/* One change file of this replica into the outbox, sealed under sync key
 * @version; @statements, @grants and @pending may be NULL. */
static gboolean
seal_to_outbox (CtSession   *self,
                CtSyncState *state,
                guint32      version,
                GPtrArray   *statements,
                GArray      *grants,
                GBytes      *category_keys,
                GPtrArray   *pending,
                GError     **error)
{
  g_autoptr(GByteArray) changes = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  CtSyncFile file = { 0 };
  guint8 *key = _ct_session_sync_open_key (self, version);
  gboolean ok;

  if (key == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }
  for (guint i = 0; pending != NULL && i < pending->len; i++)
    {
      gsize len;
      gconstpointer body = g_bytes_get_data (g_ptr_array_index (pending, i), &len);

      g_byte_array_append (changes, body, (guint) len);
    }
  memcpy (file.team_id, self->header->team_id, CT_TEAM_ID_SIZE);
  memcpy (file.device, state->device, CT_SYNC_DEVICE_SIZE);
  file.seq = state->next_seq;
  memcpy (file.author, self->member->member_uid, CT_MEMBER_ID_SIZE);
  file.key_version = version;
  file.chain_length = (guint64) self->chain->length;
  memcpy (file.chain_head, self->chain->head, CT_CHAIN_HASH_SIZE);
  if ((file.vector = ct_store_sync_peers (self->db, error)) == NULL)
    {
      ct_secure_free (key);
      return FALSE;
    }
  file.statements = statements != NULL ? g_ptr_array_ref (statements) : NULL;
  file.grants = grants != NULL ? g_array_ref (grants) : NULL;
  file.category_keys = category_keys != NULL ? g_bytes_ref (category_keys) : NULL;
  file.n_changes = pending != NULL ? pending->len : 0;
  file.changes = g_byte_array_free_to_bytes (g_steal_pointer (&changes));
  bytes = _ct_sync_file_seal (&file, key, self->identity);
  ct_secure_free (key);
  ok = ct_store_sync_outbox_put (self->db, file.seq, bytes, error);
  state->next_seq++;
  _ct_sync_file_clear (&file);
  return ok;
}

/* The statements this replica appended to the chain and has not sent,
 * from @first on, with their stamps. */
static GPtrArray *
unsent_statements (CtSession *self,
                   gint64     first,
                   GArray    *hlcs)
{
  g_autoptr(GPtrArray) statements =
    g_ptr_array_new_with_free_func ((GDestroyNotify) _ct_sync_statement_free);

  if (first + (gint64) hlcs->len != self->chain->length)
    return NULL;
  for (guint i = 0; i < hlcs->len; i++)
    {
      CtSyncStatement *st = g_new0 (CtSyncStatement, 1);

      g_ptr_array_add (statements, st);
      st->seq = (guint64) first + i;
      st->hlc = g_array_index (hlcs, guint64, i);
      if (!ct_chain_statement_get (self->db, first + i, &st->body, st->signer, st->signature))
        return NULL;
    }
  return g_steal_pointer (&statements);
}

/* The captured changes, and the chain's statements made here since the
 * last file, become this replica's next change file, kept in the outbox
 * until it is in the folder: a crash between the two writes it again,
 * byte for byte. Statements travel with every sync key grant this file
 * holds and the category keys' versions and grants. When they remove a member, they go first in a file of their
 * own under the sync key from before the removal (the other replicas
 * hold only that one yet); the changes follow under the new key, which
 * the removed member never gets (docs/sync.md). */
static gboolean
flush_pending (CtSession *self,
               gpointer   data,
               GError   **error)
{
  CtSyncSummary *summary = data;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GArray) hlcs = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GArray) grants = NULL;
  g_autoptr(GBytes) category_keys = NULL;
  guint n_removes = 0;
  gint64 first;
  CtSyncState state;

  if (!_ct_session_sync_chain_capture (self, error)
      || (pending = ct_store_sync_pending_take (self->db, error)) == NULL
      || !_ct_session_sync_load_state (self, &state, error)
      || (first = ct_store_sync_chain_unsent (self->db, hlcs, error)) == -2)
    return FALSE;
  if (pending->len == 0 && first < 0)
    return TRUE;

  if (first >= 0)
    {
      if ((statements = unsent_statements (self, first, hlcs)) == NULL)
        {
          g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                               _("The team chain is not intact: its statements cannot be sent."));
          return FALSE;
        }
      if ((grants = ct_store_sync_grants (self->db, error)) == NULL
          || (category_keys = ct_store_sync_category_keys_export (self->db, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < self->chain->members->len; i++)
        {
          const CtChainMember *m = g_ptr_array_index (self->chain->members, i);

          n_removes += m->removed && m->removed_seq >= first;
        }
    }
  if (n_removes > 0 && n_removes < state.key_version)
    {
      if (!seal_to_outbox (self, &state, state.key_version - n_removes, statements, grants,
                           category_keys, NULL, error))
        return FALSE;
      g_clear_pointer (&statements, g_ptr_array_unref);
      g_clear_pointer (&grants, g_array_unref);
      g_clear_pointer (&category_keys, g_bytes_unref);
    }
  if ((pending->len > 0 || statements != NULL)
      && !seal_to_outbox (self, &state, state.key_version, statements, grants, category_keys,
                          pending, error))
    return FALSE;

  summary->written_seq = state.next_seq - 1;
  summary->written_changes = pending->len;
  return ct_store_sync_pending_clear (self->db, error)
         && ct_store_sync_chain_mark_sent (self->db, error)
         && ct_store_sync_state_put (self->db, &state, error);
}

/* ---- applying ---------------------------------------------------------- */

static gboolean
refuse (GError    **error,
        const char *reason)
{
  g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED, reason);
  return FALSE;
}

static gint
stamp_compare (const CtSyncStamp *a,
               const CtSyncStamp *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  return memcmp (a->device, b->device, CT_SYNC_DEVICE_SIZE);
}

/* Whether the change being applied was made after its author had seen
 * @stamp (docs/sync.md, "seen or concurrent"). */
static gboolean
seen_by (const Apply       *apply,
         const CtSyncStamp *stamp)
{
  if (stamp->hlc == 0 || memcmp (stamp->device, apply->file.device, CT_SYNC_DEVICE_SIZE) == 0)
    return TRUE;
  for (guint i = 0; i < apply->file.vector->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (apply->file.vector, CtSyncPeer, i);

      if (memcmp (peer->device, stamp->device, CT_SYNC_DEVICE_SIZE) == 0)
        return peer->hlc >= stamp->hlc;
    }
  return FALSE;
}

/* A value of the categories the author's role had at the file's point of
 * the chain; a field sealed by its row's category can be checked only by
 * who holds that key (docs/sync.md). */
static gboolean
check_rights (CtSession          *self,
              const Apply        *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const CtChainMember *author = apply->author;

  if (change->kind == CT_SYNC_DELETE)
    {
      if (author->is_admin || author->role == CT_ROLE_REGISSEUR)
        return TRUE;
      return refuse (error, _("it deletes a record, which only a regisseur or a beheerder may "
                              "do"));
    }
  for (guint i = 0; i < change->table->n_fields; i++)
    {
      const CtField *field = &change->table->fields[i];

      if (!change->changed[i] || field->by_row || field->category == CT_CATEGORY_GENERAL)
        continue;
      /* An insert carries every field, those its author left out as NULL
       * (as a local insert writes them): that writes nothing. */
      if (change->kind == CT_SYNC_INSERT && change->values[i].type == SQLITE_NULL)
        continue;
      if ((apply->rules->policy[author->role] & (1u << field->category)) == 0)
        return refuse (error, _("it writes a field of a category that its author's role may "
                                "not write"));
    }
  return TRUE;
}

/* Runs a write in a savepoint: a foreign key that no longer holds (the
 * row it names was deleted) drops the change instead of failing. */
static gboolean
write_or_drop (CtSession *self,
               Apply     *apply,
               gboolean   ok,
               GError   **error)
{
  gboolean foreign_key;

  if (ok)
    return ct_store_exec (self->db, "RELEASE ct_sync_change", error);
  /* Asked before the rollback, which resets it. */
  foreign_key = sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_FOREIGNKEY;
  sqlite3_exec (self->db, "ROLLBACK TO ct_sync_change; RELEASE ct_sync_change", NULL, NULL, NULL);
  if (foreign_key)
    {
      g_clear_error (error);
      apply->dropped++;
      return TRUE;
    }
  return FALSE;
}

/* A case number with the suffix the duplicate rule gives the case @id:
 * four base-32 characters of its id's random low bits. */
static char *
suffixed_number (const char *number,
                 gint64      id)
{
  /* The alphabet of the replica codes in case numbers. */
  static const char base32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char code[5];

  for (guint i = 0; i < 4; i++)
    code[i] = base32[(id >> (5 * (3 - i))) & 31];
  code[4] = '\0';
  return g_strconcat (number, "-", code, NULL);
}

/* Case numbers are unique, and two replicas can still give one twice (typed
 * by hand, or two replica codes alike). Both cases are kept: the one with
 * the higher id, the later one, gets a suffix of its id, on every replica
 * alike whichever arrives first. Sets @write to the number the arriving
 * case @id gets (NULL: as it is); renames the case already here itself
 * when that is the later one. */
gboolean
_ct_session_sync_resolve_number (CtSession          *self,
                                 const CtTable      *table,
                                 gint64              row_id,
                                 const CtStoreValue *values,
                                 const guint8       *changed,
                                 char              **write,
                                 GError            **error)
{
  int index = ct_table_get_field_index (table, "number");
  const char *number;
  g_autofree char *renamed = NULL;
  gint64 other;

  *write = NULL;
  if (strcmp (table->name, "cases") != 0 || index < 0 || !changed[index]
      || values[index].type != SQLITE_TEXT)
    return TRUE;
  number = values[index].text;
  if ((other = ct_store_sync_case_with_number (self->db, number, row_id)) == 0)
    return TRUE;
  if (row_id > other)
    {
      *write = suffixed_number (number, row_id);
      return TRUE;
    }
  renamed = suffixed_number (number, other);
  return ct_store_sync_case_renumber (self->db, other, renamed, error);
}

static gboolean
resolve_number (CtSession          *self,
                const CtSyncChange *change,
                char              **write,
                GError            **error)
{
  return _ct_session_sync_resolve_number (self, change->table, change->row_id, change->values,
                                          change->changed, write, error);
}

/* @change's values, with the number @number instead of its own when set;
 * the texts stay @change's. */
static CtStoreValue *
values_with_number (const CtSyncChange *change,
                    const char         *number)
{
  CtStoreValue *values = g_memdup2 (change->values,
                                    sizeof (CtStoreValue) * change->table->n_fields);

  if (number != NULL)
    values[ct_table_get_field_index (change->table, "number")].text = number;
  return values;
}

static gboolean
apply_insert (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;
  gboolean ok;

  if (ct_store_sync_is_tombstone (self->db, change->table->name, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  if (ct_store_row_exists (self->db, change->table->name, change->row_id))
    return refuse (error, _("it adds a record whose id this team file already has"));
  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = resolve_number (self, change, &number, &local);
  if (ok)
    {
      g_autofree CtStoreValue *values = values_with_number (change, number);

      ok = ct_store_row_insert (self->db, change->table, change->row_id, values, &local);
    }
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_field (CtSession          *self,
             Apply              *apply,
             const CtSyncChange *change,
             const CtSyncStamp  *stamp,
             GError            **error)
{
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GError) local = NULL;
  g_autofree char *number = NULL;
  g_autofree CtStoreValue *values = NULL;
  gboolean ok;

  if (!ct_store_exec (self->db, "SAVEPOINT ct_sync_change", error))
    return FALSE;
  ok = resolve_number (self, change, &number, &local)
       && (values = values_with_number (change, number)) != NULL
       && ct_store_row_update (self->db, change->table, change->row_id, values,
                               change->changed, &local)
       && ct_store_sync_stamp_put (self->db, change->table->name, change->row_id, name, stamp,
                                   &local);
  if (!write_or_drop (self, apply, ok, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* The field is a multi-value register: drop what the change has seen,
 * keep the rest; the highest stamp is shown, the others are conflicts. */
static gboolean
apply_update (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;
  const char *name = change->table->fields[change->field].name;
  g_autoptr(GArray) kept = NULL;
  CtSyncStamp current, incoming;

  if (!ct_store_row_exists (self->db, table, change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  incoming.hlc = change->hlc;
  memcpy (incoming.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  if (!ct_store_sync_stamp_get (self->db, table, change->row_id, name, &current, error)
      || (kept = ct_store_sync_conflict_stamps (self->db, table, change->row_id, name,
                                                error)) == NULL)
    return FALSE;

  for (guint i = 0; i < kept->len; i++)
    if (seen_by (apply, &g_array_index (kept, CtSyncStamp, i))
        && !ct_store_sync_conflict_drop (self->db, table, change->row_id, name,
                                         &g_array_index (kept, CtSyncStamp, i), error))
      return FALSE;

  if (seen_by (apply, &current))
    return write_field (self, apply, change, &incoming, error);

  apply->conflicts++;
  if (stamp_compare (&incoming, &current) > 0)
    {
      CtStoreValue shown;
      gboolean ok;

      if (!ct_store_row_column_get (self->db, change->table, change->field, change->row_id,
                                    &shown, error))
        return FALSE;
      ok = ct_store_sync_conflict_add (self->db, table, change->row_id, name, &current, &shown,
                                       error);
      ct_store_value_clear (&shown);
      return ok && write_field (self, apply, change, &incoming, error);
    }
  return ct_store_sync_conflict_add (self->db, table, change->row_id, name, &incoming,
                                     &change->values[change->field], error);
}

static gboolean
apply_delete (CtSession          *self,
              const CtSyncChange *change,
              GError            **error)
{
  const char *table = change->table->name;

  if (ct_store_row_exists (self->db, table, change->row_id)
      && !ct_store_row_delete (self->db, change->table, change->row_id, error))
    return FALSE;
  return ct_store_sync_forget_row (self->db, table, change->row_id, error)
         && ct_store_sync_forget_orphans (self->db, error)
         && ct_store_sync_tombstone_add (self->db, table, change->row_id, error);
}

/* ---- purges and signed rows ---------------------------------------- */

static gboolean
is_day (const guint8 *p,
        gsize         len)
{
  guint v[3] = { 0 };
  static const guint width[3] = { 4, 2, 2 };
  gsize at = 0;

  if (len != 10)
    return FALSE;
  for (guint part = 0; part < 3; part++)
    {
      for (guint i = 0; i < width[part]; i++, at++)
        {
          if (!g_ascii_isdigit (p[at]))
            return FALSE;
          v[part] = v[part] * 10 + (guint) (p[at] - '0');
        }
      if (part < 2 && p[at++] != '-')
        return FALSE;
    }
  return g_date_valid_dmy ((GDateDay) v[2], (GDateMonth) v[1], (GDateYear) v[0]);
}

static char *
purged_on (CtSession *self,
           gint64     household)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT purged_on FROM households "
                                                       "WHERE id = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, household);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A retention purge made on another replica: the same purge here, by a
 * beheerder's file. Of two purges of one household the earlier day is
 * kept, whichever arrives first. */
static gboolean
apply_purge (CtSession          *self,
             Apply              *apply,
             const CtSyncChange *change,
             GError            **error)
{
  g_autofree char *day = NULL;
  g_autofree char *current = NULL;
  g_autofree char *field = NULL;
  g_autofree char *purpose = NULL;
  CtSyncStamp stamp;
  guint n_rows = 0;

  if (!apply->author->is_admin)
    return refuse (error, _("it anonymises a household, which only a beheerder may do"));
  if (!is_day (change->payload, change->payload_len))
    return refuse (error, _("a change in it is malformed or names a table or field that the "
                            "team file does not have"));
  if (!ct_store_row_exists (self->db, "households", change->row_id))
    {
      apply->dropped++;
      return TRUE;
    }
  day = g_strndup ((const char *) change->payload, change->payload_len);
  current = purged_on (self, change->row_id);
  if (current != NULL && strcmp (current, day) < 0)
    {
      g_free (day);
      day = g_steal_pointer (&current);
    }
  stamp.hlc = change->hlc;
  memcpy (stamp.device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  field = _ct_sync_purge_field (&stamp);
  if (!ct_store_purge_household (self->db, change->row_id, day, &n_rows, error))
    return FALSE;
  apply->any_purged = TRUE;
  purpose = g_strdup_printf ("retention purge; %u rows", n_rows);
  return ct_store_sync_stamp_put (self->db, "households", change->row_id, field, &stamp, error)
         && _ct_audit_append (self, CT_AUDIT_DELETE, "households", change->row_id, 0, purpose,
                              FALSE, error);
}

/* The household of a row an insert or update is about to write, when
 * that household was purged; 0 otherwise. */
static gint64
purged_household_of (CtSession          *self,
                     const Apply        *apply,
                     const CtSyncChange *change)
{
  g_autofree char *day = NULL;
  gint64 household;

  if (!apply->any_purged)
    return 0;
  household = ct_store_sync_household_of (self->db, change->table, change->row_id,
                                          change->kind == CT_SYNC_INSERT ? change->values : NULL);
  if (household == 0 || (day = purged_on (self, household)) == NULL)
    return 0;
  return household;
}

/* A change to a purged household that had not seen every purge of it
 * was concurrent with one: the purge runs again over it, so the result
 * is the purge's whichever came first (docs/sync.md). */
static gboolean
purge_again (CtSession          *self,
             Apply              *apply,
             gint64              household,
             GError            **error)
{
  g_autoptr(GArray) purges = NULL;
  g_autofree char *day = NULL;
  gboolean seen = TRUE;
  guint n_rows = 0;

  if (household == 0 || (day = purged_on (self, household)) == NULL)
    return TRUE;
  purges = ct_store_sync_stamps_with_prefix (self->db, "households", household,
                                             CT_SYNC_PURGE_PREFIX, error);
  if (purges == NULL)
    return FALSE;
  for (guint i = 0; seen && i < purges->len; i++)
    seen = seen_by (apply, &g_array_index (purges, CtSyncStamp, i));
  return seen || ct_store_purge_household (self->db, household, day, &n_rows, error);
}

/* Whether a signed row's write stamped @incoming comes too late for the
 * row of @key (a later write holds), or its household is gone. */
static gboolean
signed_is_stale (CtSession          *self,
                 Apply              *apply,
                 const CtSyncChange *change,
                 const char         *key,
                 CtSyncStamp        *incoming,
                 gboolean           *stale,
                 GError            **error)
{
  CtSyncStamp current;

  incoming->hlc = change->hlc;
  memcpy (incoming->device, apply->file.device, CT_SYNC_DEVICE_SIZE);
  if (!ct_store_sync_stamp_get (self->db, change->signed_table, change->row_id, key, &current,
                                error))
    return FALSE;
  *stale = !ct_store_row_exists (self->db, "households", change->row_id)
           || (current.hlc != 0 && stamp_compare (incoming, &current) <= 0);
  if (*stale)
    apply->dropped++;
  return TRUE;
}

/* A restriction placed or lifted (ct-session-restrict.c). */
static gboolean
apply_restriction (CtSession          *self,
                   Apply              *apply,
                   const CtSyncChange *change,
                   GError            **error)
{
  g_autofree char *key = NULL;
  g_autoptr(CtSyncRestriction) restriction = NULL;
  CtSyncStamp incoming;
  gboolean stale;

  if (!_ct_session_restriction_from_sync (self, apply->author, change, &key, &restriction,
                                          error)
      || !signed_is_stale (self, apply, change, key, &incoming, &stale, error))
    return FALSE;
  if (stale)
    return TRUE;
  if (restriction == NULL)
    {
      apply->dropped++;
      return TRUE;
    }
  return _ct_session_restriction_store (self, restriction, error)
         && ct_store_sync_stamp_put (self->db, change->signed_table, change->row_id, key,
                                     &incoming, error);
}

/* A signed row (an involvement, a restriction) is a register per
 * household and key: the write with the highest stamp holds, whatever the
 * order. Its table's handler checks the bytes and the author's right; a
 * new signed table (_ct_sync_signed_tables) adds its handler here. */
static gboolean
apply_signed (CtSession          *self,
              Apply              *apply,
              const CtSyncChange *change,
              GError            **error)
{
  g_autofree char *key = NULL;
  CtStoreInvolvement inv;
  CtSyncStamp incoming;
  gboolean stale;
  guint n_rows = 0;

  if (g_str_equal (change->signed_table, "restrictions"))
    return apply_restriction (self, apply, change, error);
  g_assert (g_str_equal (change->signed_table, "involvements"));
  if (!_ct_session_involvement_from_sync (self, apply->author, change, &key, &inv, error)
      || !signed_is_stale (self, apply, change, key, &incoming, &stale, error))
    return FALSE;
  if (stale)
    return TRUE;
  if (change->kind == CT_SYNC_SIGNED_PUT ? !ct_store_put_involvement (self->db, &inv, error)
                                         : !ct_store_delete_involvement (self->db, inv.household,
                                                                         inv.member_uid, &n_rows,
                                                                         error))
    return FALSE;
  return ct_store_sync_stamp_put (self->db, change->signed_table, change->row_id, key, &incoming,
                                  error);
}

/* The statements the file carries beyond this replica's chain, each
 * verified by the chain's own rules and appended to @work; a removal
 * among them moves this replica to the next sync key version, whose
 * grants the file carries. */
static gboolean
append_statements (CtSession *self,
                   Apply     *apply,
                   CtChain   *work,
                   GError   **error)
{
  gint64 before = work->length;
  GPtrArray *statements = apply->file.statements;
  CtSyncState state;

  for (guint i = 0; i < statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (statements, i);
      g_autoptr(GError) local = NULL;
      gsize len;
      const guint8 *body;

      if ((gint64) st->seq < work->length)
        continue;  /* held already: check_chain() found it equal */
      body = g_bytes_get_data (st->body, &len);
      if (!ct_chain_append_signed (work, self->db, body, len, st->signer, st->signature, &local))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("a change of the team in it does not hold: %s"), local->message);
          return FALSE;
        }
      if (!ct_store_sync_chain_put (self->db, (gint64) st->seq, st->hlc, TRUE, error))
        return FALSE;
      apply->chain_changed = TRUE;
    }
  if (!apply->chain_changed)
    return TRUE;

  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  for (guint i = 0; i < work->members->len; i++)
    {
      const CtChainMember *m = g_ptr_array_index (work->members, i);

      state.key_version += m->removed && m->removed_seq >= before;
    }
  return ct_store_sync_state_put (self->db, &state, error);
}

/* Grants travel only with statements, and are taken only for a version
 * this replica has reached and a holder its chain has now: a member
 * cannot plant a key for a version made at their own removal. A grant
 * this file holds is never replaced. */
static gboolean
take_grants (CtSession     *self,
             const Apply   *apply,
             const CtChain *work,
             GError       **error)
{
  static const guint8 recovery_uid[CT_MEMBER_ID_SIZE] = { 0 };
  CtSyncState state;

  if (apply->file.statements->len == 0 || apply->file.grants->len == 0)
    return TRUE;
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  for (guint i = 0; i < apply->file.grants->len; i++)
    {
      const CtSyncGrant *g = &g_array_index (apply->file.grants, CtSyncGrant, i);
      const CtChainMember *m = ct_chain_find_uid (work, g->holder);
      gboolean recovery = memcmp (g->holder, recovery_uid, CT_MEMBER_ID_SIZE) == 0;

      if (g->version == 0 || g->version > state.key_version
          || (recovery ? !work->has_recovery : (m == NULL || m->removed)))
        continue;
      if (!ct_store_sync_key_add (self->db, g, error))
        return FALSE;
    }
  return TRUE;
}

/* The author as the chain had them at the file's point: a member then,
 * with a key the chain gives them, on a replica bound to them. */
static gboolean
verify_author (CtSession     *self,
               Apply         *apply,
               const CtChain *work,
               GError       **error)
{
  const CtChainMember *author = ct_chain_find_uid (apply->rules, apply->file.author);
  const CtChainMember *now = ct_chain_find_uid (work, apply->file.author);
  guint8 bound[CT_MEMBER_ID_SIZE] = { 0 };
  static const guint8 unbound[CT_MEMBER_ID_SIZE] = { 0 };

  if (author == NULL || now == NULL)
    return refuse (error, _("its author is not a member of the team"));
  for (guint i = 0; !apply->signed_ok && i < ct_chain_member_n_sign_keys (now); i++)
    apply->signed_ok = _ct_sync_file_verify (apply->data, apply->len,
                                             ct_chain_member_get_sign_key (now, i));
  if (!apply->signed_ok)
    return refuse (error, _("its signature does not hold: it was forged or changed"));
  if (author->removed)
    return refuse (error, _("its author was removed from the team"));
  /* Removed later: what they made before the removal's stamp stands, on
   * every replica; what they made after it is refused. */
  apply->removed_hlc = now->removed ? ct_store_sync_chain_hlc (self->db, now->removed_seq)
                                    : G_MAXUINT64;
  if (ct_store_sync_peer_get (self->db, apply->file.device, &apply->before, bound, error) < 0)
    return FALSE;
  if (memcmp (bound, unbound, CT_MEMBER_ID_SIZE) != 0
      && memcmp (bound, apply->file.author, CT_MEMBER_ID_SIZE) != 0)
    return refuse (error, _("its replica belongs to another member"));
  apply->author = author;
  return TRUE;
}

/* The chain travels first: its statements, the grants, the members and
 * policy tables that are its cache; then the rules at the file's point
 * of the chain, and the author by them. */
static gboolean
take_chain (CtSession *self,
            Apply     *apply,
            GError   **error)
{
  g_autoptr(CtChain) loaded = NULL;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  CtChain *work = self->chain;
  const CtChainMember *author;

  /* The session's chain is the file's; a copy only to append to. */
  if (apply->file.chain_length > (guint64) self->chain->length)
    {
      if ((loaded = ct_chain_load (self->db, self->header->team_id, error)) == NULL)
        return FALSE;
      work = loaded;
    }
  if (!append_statements (self, apply, work, error) || !take_grants (self, apply, work, error))
    return FALSE;
  if (apply->chain_changed && ct_chain_restore_tables (work, self->db, changed, error) < 0)
    return FALSE;
  if ((gint64) apply->file.chain_length == work->length)
    {
      apply->at = g_steal_pointer (&loaded);
      apply->rules = work;
    }
  else if ((apply->at = ct_chain_load_length (self->db, self->header->team_id,
                                              (gint64) apply->file.chain_length, error)) == NULL)
    return FALSE;
  else
    apply->rules = apply->at;
  if (!verify_author (self, apply, work, error))
    return FALSE;
  /* A category key rotated on another laptop (a removal, a policy
   * revoked) comes with the statements, from a beheerder. */
  author = ct_chain_find_uid (work, apply->file.author);
  if (apply->file.statements->len > 0 && author->is_admin && !author->removed
      && !ct_store_sync_category_keys_import (self->db, apply->file.category_keys, work,
                                              &apply->keys_changed, error))
    return FALSE;
  return TRUE;
}

static gboolean
apply_changes (CtSession *self,
               gpointer   data,
               GError   **error)
{
  Apply *apply = data;
  gsize len;
  const guint8 *p = g_bytes_get_data (apply->file.changes, &len);
  /* An empty GBytes gives NULL, and NULL + 0 is undefined. */
  const guint8 *end = p != NULL ? p + len : NULL;
  guint64 last;
  CtSyncPeer after;
  g_autofree char *purpose = NULL;
  CtSyncState state;

  /* The author is known after the chain: it sets what came before. */
  if (!take_chain (self, apply, error))
    return FALSE;
  last = apply->before.hlc;
  after = apply->before;
  apply->any_purged = ct_store_sync_any_purged (self->db);

  for (guint i = 0; i < apply->file.n_changes; i++)
    {
      CtSyncChange change;
      gboolean ok;

      if (!_ct_sync_change_next (&p, end, &change, error))
        return FALSE;
      /* The fields of one edit share a stamp; files only go forward. */
      if (i == 0 ? change.hlc <= last : change.hlc < last)
        ok = refuse (error, _("its stamps go backwards"));
      else if (change.hlc >= apply->removed_hlc)
        ok = refuse (error, _("its author was removed from the team before making these "
                              "changes"));
      else if (change.kind == CT_SYNC_PURGE)
        ok = apply_purge (self, apply, &change, error);
      else if (change.kind == CT_SYNC_SIGNED_PUT || change.kind == CT_SYNC_SIGNED_DROP)
        ok = apply_signed (self, apply, &change, error);
      else if (!check_rights (self, apply, &change, error))
        ok = FALSE;
      else if (change.kind == CT_SYNC_INSERT)
        {
          gint64 purged = purged_household_of (self, apply, &change);

          ok = apply_insert (self, apply, &change, error)
               && purge_again (self, apply, purged, error);
        }
      else if (change.kind == CT_SYNC_UPDATE)
        {
          gint64 purged = purged_household_of (self, apply, &change);

          ok = apply_update (self, apply, &change, error)
               && purge_again (self, apply, purged, error);
        }
      else
        ok = apply_delete (self, &change, error);
      apply->max_hlc = MAX (apply->max_hlc, change.hlc);
      last = change.hlc;
      _ct_sync_change_clear (&change);
      if (!ok)
        return FALSE;
    }

  after.seq = apply->file.seq;
  after.hlc = MAX (after.hlc, apply->max_hlc);
  if (!_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  state.hlc = ct_hlc_observe (state.hlc, after.hlc);
  purpose = g_strdup_printf ("apply sync changes; %u changes, file %" G_GUINT64_FORMAT
                             " by member %" G_GINT64_FORMAT, apply->file.n_changes,
                             apply->file.seq, apply->author->id);
  return ct_store_sync_peer_put (self->db, &after, apply->file.author, error)
         && ct_store_sync_state_put (self->db, &state, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) apply->file.seq, 0,
                              purpose, FALSE, error);
}

/* Every device in the author's vector applied here at least as far. */
static ApplyResult
check_causal (CtSession         *self,
              const CtSyncFile  *file,
              const CtSyncState *state,
              GError           **error)
{
  for (guint i = 0; i < file->vector->len; i++)
    {
      const CtSyncPeer *need = &g_array_index (file->vector, CtSyncPeer, i);
      guint8 member[CT_MEMBER_ID_SIZE];
      CtSyncPeer have;

      if (memcmp (need->device, state->device, CT_SYNC_DEVICE_SIZE) == 0)
        {
          if (need->seq >= state->next_seq)
            {
              refuse (error, _("it claims changes of this replica that it never wrote"));
              return APPLY_REFUSED;
            }
          continue;
        }
      if (ct_store_sync_peer_get (self->db, need->device, &have, member, error) < 0)
        return APPLY_REFUSED;
      if (have.seq < need->seq)
        return APPLY_WAIT;
    }
  return APPLY_DONE;
}

static ApplyResult
refuse_result (GError    **error,
               const char *reason)
{
  refuse (error, reason);
  return APPLY_REFUSED;
}

/* The chain the author had must agree with ours as far as both go, and
 * reach beyond ours only with the statements it carries (docs/sync.md:
 * two beheerders who change the team at once on two laptops fork it, and
 * the branch a replica holds first is the one it keeps). */
static ApplyResult
check_chain (CtSession        *self,
             const CtSyncFile *file,
             GError          **error)
{
  static const char *fork = N_("it was written under a team chain that differs from this "
                               "file's: two beheerders changed the team at the same time on "
                               "different laptops");
  gint64 length = self->chain->length;
  guint8 head[CT_CHAIN_HASH_SIZE];

  if (file->chain_length == 0)
    return refuse_result (error, _(fork));
  for (guint i = 0; i < file->statements->len; i++)
    {
      const CtSyncStatement *st = g_ptr_array_index (file->statements, i);
      g_autoptr(GBytes) body = NULL;
      guint8 signer[CT_MEMBER_ID_SIZE], sig[crypto_sign_BYTES];

      if ((gint64) st->seq >= length)
        break;
      if (!ct_chain_statement_get (self->db, (gint64) st->seq, &body, signer, sig)
          || !g_bytes_equal (body, st->body) || memcmp (signer, st->signer, sizeof signer) != 0
          || memcmp (sig, st->signature, sizeof sig) != 0)
        return refuse_result (error, _(fork));
    }
  if (file->chain_length > (guint64) length)
    {
      const CtSyncStatement *first = file->statements->len > 0
                                       ? g_ptr_array_index (file->statements, 0) : NULL;

      if (first == NULL || first->seq > (guint64) length)
        return refuse_result (error, _("it names changes of the team that it does not carry"));
      return APPLY_DONE;
    }
  if (!ct_chain_statement_hash (self->db, (gint64) file->chain_length - 1, head)
      || memcmp (head, file->chain_head, CT_CHAIN_HASH_SIZE) != 0)
    return refuse_result (error, _(fork));
  return APPLY_DONE;
}

static ApplyResult
apply_file (CtSession         *self,
            const CtSyncState *state,
            const guint8      *device,
            guint64            seq,
            GBytes            *bytes,
            Apply             *apply,
            GError           **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const CtChainMember *known;
  ApplyResult result;
  guint8 *key;
  gboolean ok;

  if (!_ct_sync_file_peek ((const guint8 *) data, len, &apply->file, error))
    return APPLY_REFUSED;
  if (memcmp (apply->file.team_id, self->header->team_id, CT_TEAM_ID_SIZE) != 0)
    return refuse_result (error, _("it belongs to another team"));
  if (memcmp (apply->file.device, device, CT_SYNC_DEVICE_SIZE) != 0
      || apply->file.seq != seq)
    return refuse_result (error, _("its number or replica does not match its name: it was "
                                   "replayed or reordered"));
  /* Signed with a key this replica's chain names; a file from further
   * along the chain (a new member, new keys) may be signed with a key only
   * the statements it carries name, and is checked after them. */
  known = ct_chain_find_uid (self->chain, apply->file.author);
  for (guint i = 0; known != NULL && !apply->signed_ok && i < ct_chain_member_n_sign_keys (known);
       i++)
    apply->signed_ok = _ct_sync_file_verify ((const guint8 *) data, len,
                                             ct_chain_member_get_sign_key (known, i));
  if (!apply->signed_ok && apply->file.chain_length <= (guint64) self->chain->length)
    return refuse_result (error, known == NULL
                                   ? _("its author is not a member of the team")
                                   : _("its signature does not hold: it was forged or changed"));
  /* A sync key version this replica does not hold yet comes with the
   * removal that made it, in an earlier file; a removed member never
   * gets it, and their replica waits for good. */
  if ((key = _ct_session_sync_open_key (self, apply->file.key_version)) == NULL)
    return APPLY_WAIT;
  ok = _ct_sync_file_open ((const guint8 *) data, len, key, &apply->file, error);
  ct_secure_free (key);
  if (!ok)
    return APPLY_REFUSED;
  if ((result = check_causal (self, &apply->file, state, error)) != APPLY_DONE
      || (result = check_chain (self, &apply->file, error)) != APPLY_DONE)
    return result;
  apply->data = (const guint8 *) data;
  apply->len = len;
  ok = _ct_session_with_transaction (self, apply_changes, apply, error);
  apply->data = NULL;
  if (apply->chain_changed)
    _ct_session_reload_chain (self, NULL);
  if (ok && apply->keys_changed)
    _ct_session_load_keys (self, NULL);
  return ok ? APPLY_DONE : APPLY_REFUSED;
}

typedef struct
{
  const guint8 *device;
  guint64       seq;
  const char   *message;
  GBytes       *bytes;
} Refusal;

/* The BLAKE2b digest of a file's bytes; zeros when it was not read. */
static void
digest_file (GBytes *bytes,
             guint8 *digest)
{
  gsize len;
  const guint8 *data;

  memset (digest, 0, CT_SYNC_DIGEST_SIZE);
  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  crypto_generichash (digest, CT_SYNC_DIGEST_SIZE, data, len, NULL, 0);
}

/* A refused file is read again only when its bytes changed since: a
 * network share or a USB copy can show a file half-written, and it is
 * whole later. The same bytes are refused for good (docs/sync.md). */
static gboolean
refused_file_changed (CtSession    *self,
                      const guint8 *device,
                      GBytes       *bytes)
{
  guint8 kept[CT_SYNC_DIGEST_SIZE], now[CT_SYNC_DIGEST_SIZE];
  static const guint8 none[CT_SYNC_DIGEST_SIZE] = { 0 };
  guint64 seq = 0;

  if (ct_store_sync_refused_get (self->db, device, &seq, kept, NULL) != 1)
    return FALSE;
  digest_file (bytes, now);
  if (sodium_memcmp (now, none, sizeof now) == 0 || sodium_memcmp (now, kept, sizeof now) == 0)
    return FALSE;
  /* A later refusal records the new bytes again. */
  return ct_store_sync_unrefuse (self->db, device, NULL);
}

static gboolean
record_refusal (CtSession *self,
                gpointer   data,
                GError   **error)
{
  Refusal *r = data;
  g_autofree char *device = hex (r->device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *purpose = g_strdup_printf ("refuse sync change file; file %" G_GUINT64_FORMAT
                                              " of replica %s", r->seq, device);
  guint8 digest[CT_SYNC_DIGEST_SIZE];

  digest_file (r->bytes, digest);
  return ct_store_sync_refuse (self->db, r->device, r->seq, r->message, error)
         && ct_store_sync_refused_set_digest (self->db, r->device, r->seq, digest, error)
         && _ct_audit_append (self, CT_AUDIT_UPDATE, "sync", (gint64) r->seq, 0, purpose, TRUE,
                              error);
}

/* Whether the file names a longer chain than this replica's, so carries
 * statements; what is unreadable is left to apply_file() to refuse. */
static gboolean
carries_chain (CtSession *self,
               GBytes    *bytes)
{
  CtSyncFile file;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean longer;

  if (!_ct_sync_file_peek (data, len, &file, NULL))
    return FALSE;
  longer = file.chain_length > (guint64) self->chain->length;
  _ct_sync_file_clear (&file);
  return longer;
}

/* Applies the device's next file if the folder held it when it was read;
 * TRUE when it made progress (applied or refused). */
static gboolean
apply_next (CtSession     *self,
            CtSyncIo      *io,
            const guint8  *device,
            gboolean       chain_only,
            CtSyncSummary *summary,
            GError       **error)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) reason = NULL;
  guint8 member[CT_MEMBER_ID_SIZE];
  Apply apply = { .summary = summary };
  CtSyncPeer peer;
  CtSyncState state;
  ApplyResult result;
  Refusal refusal;
  GBytes *bytes;

  if (ct_store_sync_peer_get (self->db, device, &peer, member, error) < 0
      || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  name = change_file_name (peer.seq + 1);
  path = g_build_filename (io->team_dir, dev, name, NULL);
  if ((bytes = g_hash_table_lookup (io->files, path)) == NULL
      || (chain_only && !carries_chain (self, bytes)))
    return FALSE;
  if (ct_store_sync_is_refused (self->db, device) && !refused_file_changed (self, device, bytes))
    return FALSE;

  result = apply_file (self, &state, device, peer.seq + 1, bytes, &apply, &reason);
  if (result == APPLY_DONE)
    {
      summary->applied_files++;
      summary->applied_changes += apply.file.n_changes;
      summary->conflicts += apply.conflicts;
      summary->dropped += apply.dropped;
    }
  _ct_sync_file_clear (&apply.file);
  g_clear_pointer (&apply.at, ct_chain_free);
  if (result != APPLY_REFUSED)
    return result == APPLY_DONE;

  g_ptr_array_add (summary->refusals,
                   g_strdup_printf (_("Refused the change file %s: %s."), path, reason->message));
  refusal.device = device;
  refusal.seq = peer.seq + 1;
  refusal.message = g_ptr_array_index (summary->refusals, summary->refusals->len - 1);
  refusal.bytes = bytes;
  if (!_ct_session_with_transaction (self, record_refusal, &refusal, error))
    g_clear_error (error);
  return TRUE;
}

/* ---- the folder, read and written by a worker -------------------------- */

void
_ct_sync_io_free (CtSyncIo *io)
{
  if (io == NULL)
    return;
  g_free (io->team_dir);
  g_free (io->own_dir);
  g_clear_pointer (&io->outbox_seqs, g_array_unref);
  g_clear_pointer (&io->outbox, g_ptr_array_unref);
  g_clear_pointer (&io->applied, g_array_unref);
  g_clear_pointer (&io->devices, g_ptr_array_unref);
  g_clear_pointer (&io->files, g_hash_table_unref);
  g_clear_pointer (&io->numbers, g_hash_table_unref);
  g_clear_pointer (&io->status_numbers, g_array_unref);
  g_clear_pointer (&io->status, g_bytes_unref);
  g_free (io->status_path);
  g_free (io);
}

/* The number in a change file's name, 0 when it is not one. */
static guint64
change_file_number (const char *name)
{
  g_autofree char *digits = g_strndup (name, 12);
  guint64 seq;

  if (!g_str_has_suffix (name, FILE_SUFFIX) || strlen (name) != 12 + strlen (FILE_SUFFIX))
    return 0;
  for (guint i = 0; i < 12; i++)
    if (!g_ascii_isdigit (digits[i]))
      return 0;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, &seq, NULL))
    return 0;
  return seq;
}

static guint64
applied_of (CtSyncIo     *io,
            const guint8 *device)
{
  for (guint i = 0; i < io->applied->len; i++)
    {
      const CtSyncPeer *peer = &g_array_index (io->applied, CtSyncPeer, i);

      if (memcmp (peer->device, device, CT_SYNC_DEVICE_SIZE) == 0)
        return peer->seq;
    }
  return 0;
}

/* The change files of one other replica beyond what was applied of it. */
static void
read_device (CtSyncIo     *io,
             const guint8 *device)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  g_autofree char *dir = g_build_filename (io->team_dir, dev, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 applied = applied_of (io, device);
  const char *name;

  g_hash_table_insert (io->numbers, g_strdup (dev), numbers);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint64 seq = change_file_number (name);
      g_autofree char *path = NULL;
      char *data;
      gsize len;

      if (seq <= applied)
        continue;
      g_array_append_val (numbers, seq);
      path = g_build_filename (dir, name, NULL);
      /* One that cannot be read now (being written, removed) is read at a
       * later sync. */
      if (g_file_get_contents (path, &data, &len, NULL))
        g_hash_table_insert (io->files, g_steal_pointer (&path), g_bytes_new_take (data, len));
    }
}

/**
 * _ct_sync_io_write_and_read: (worker)
 *
 * Writes this replica's change files from the outbox into its folder
 * (each once: temporary name, fsync, rename), then reads the other
 * replicas' change files beyond what was applied of them when the sync
 * began, and lists this replica's status files. Touches no session.
 */
gboolean
_ct_sync_io_write_and_read (CtSyncIo *io,
                            GError  **error)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_mkdir_with_parents (io->own_dir, 0700) != 0)
    return io_error (io->own_dir, errno, error);
  for (guint i = 0; i < io->outbox->len; i++)
    {
      g_autofree char *file = change_file_name (g_array_index (io->outbox_seqs, guint64, i));
      g_autofree char *path = g_build_filename (io->own_dir, file, NULL);

      if (!write_once (io->own_dir, path, g_ptr_array_index (io->outbox, i), error))
        return FALSE;
    }

  d = g_dir_open (io->team_dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      guint8 device[CT_SYNC_DEVICE_SIZE];

      if (parse_hex (name, device, sizeof device)
          && memcmp (device, io->own, sizeof device) != 0)
        g_ptr_array_add (io->devices, g_memdup2 (device, sizeof device));
    }
  for (guint i = 0; i < io->devices->len; i++)
    read_device (io, g_ptr_array_index (io->devices, i));
  _ct_sync_list_status (io->own_dir, io->status_numbers);
  return TRUE;
}

/**
 * _ct_session_sync_check:
 *
 * Whether this session may sync at all: a member's session (not the
 * recovery key) on a file with sync on, holding the current sync key.
 */
gboolean
_ct_session_sync_check (CtSession *self,
                        GError   **error)
{
  CtSyncState state;
  guint8 *key;

  if (!_ct_session_begin_write (self, error) || !_ct_session_sync_load_state (self, &state, error))
    return FALSE;
  if (self->member == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Sync needs a member's session, not the recovery key."));
      return FALSE;
    }
  /* The key of the current version: without it nothing can be written. */
  if ((key = _ct_session_sync_open_key (self, state.key_version)) == NULL)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("This team file holds no sync key for you. Ask a beheerder."));
      return FALSE;
    }
  ct_secure_free (key);
  return TRUE;
}

/**
 * _ct_session_sync_io_begin:
 *
 * In the session's thread: seals the captured changes into the outbox (one
 * short transaction) and copies out what the worker needs: the outbox's
 * sealed files and what was applied of every other replica.
 */
CtSyncIo *
_ct_session_sync_io_begin (CtSession     *self,
                           const char    *folder,
                           CtSyncSummary *summary,
                           GError       **error)
{
  CtSyncIo *io = g_new0 (CtSyncIo, 1);
  g_autofree char *own_hex = NULL;
  CtSyncState state;

  io->team_dir = team_folder (self, folder);
  io->outbox_seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  io->devices = g_ptr_array_new_with_free_func (g_free);
  io->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) g_bytes_unref);
  io->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  io->status_numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (!_ct_session_sync_load_state (self, &state, error)
      || !_ct_session_with_transaction (self, flush_pending, summary, error)
      || (io->outbox = ct_store_sync_outbox_list (self->db, io->outbox_seqs, error)) == NULL
      || (io->applied = ct_store_sync_peers (self->db, error)) == NULL)
    {
      _ct_sync_io_free (io);
      return NULL;
    }
  memcpy (io->own, state.device, CT_SYNC_DEVICE_SIZE);
  own_hex = hex (state.device, CT_SYNC_DEVICE_SIZE);
  io->own_dir = g_build_filename (io->team_dir, own_hex, NULL);
  return io;
}

static gboolean
drop_outbox (CtSession *self,
             gpointer   data,
             GError   **error)
{
  CtSyncIo *io = data;

  for (guint i = 0; i < io->outbox_seqs->len; i++)
    if (!ct_store_sync_outbox_drop (self->db, g_array_index (io->outbox_seqs, guint64, i),
                                    error))
      return FALSE;
  return TRUE;
}

/**
 * _ct_session_sync_io_step:
 *
 * In the session's thread, after _ct_sync_io_write_and_read(): applies the
 * next of the files read, in its own transaction. Files that carry
 * statements first, whenever one can be applied: a removal found beside
 * the removed member's later files is applied before them, in whatever
 * order the folder lists the replicas (the rules at that point,
 * docs/sync.md). Then one other file at a time.
 *
 * Returns: 1 when it applied or refused a file, 0 when there is nothing
 *   more to apply, -1 on an error
 */
int
_ct_session_sync_io_step (CtSession     *self,
                          CtSyncIo      *io,
                          CtSyncSummary *summary,
                          GError       **error)
{
  if (!_ct_session_require_unlocked (self, error))
    return -1;
  /* The files written are in the folder: no longer in the outbox. */
  if (io->outbox->len > 0)
    {
      if (!_ct_session_with_transaction (self, drop_outbox, io, error))
        return -1;
      g_ptr_array_set_size (io->outbox, 0);
      g_array_set_size (io->outbox_seqs, 0);
    }
  for (;;)
    {
      g_autoptr(GError) local = NULL;

      if (io->index >= io->devices->len)
        {
          if (io->pass == 0 && !io->progress)
            io->pass = 1;
          else if (!io->progress)
            return 0;
          io->pass = io->progress ? 0 : io->pass;
          io->progress = FALSE;
          io->index = 0;
          continue;
        }
      if (apply_next (self, io, g_ptr_array_index (io->devices, io->index), io->pass == 0,
                      summary, &local))
        {
          /* Drain a device of its files that carry statements; after any
           * other file, start again from those. */
          io->progress = io->pass == 0;
          if (io->pass == 1)
            io->pass = io->index = 0;
          return 1;
        }
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      io->index++;
    }
}

static guint
count_waiting (CtSession    *self,
               CtSyncIo     *io,
               const guint8 *device)
{
  g_autofree char *dev = hex (device, CT_SYNC_DEVICE_SIZE);
  GArray *numbers = g_hash_table_lookup (io->numbers, dev);
  guint8 member[CT_MEMBER_ID_SIZE];
  CtSyncPeer peer;
  guint n = 0;

  if (numbers == NULL || ct_store_sync_peer_get (self->db, device, &peer, member, NULL) < 0)
    return 0;
  for (guint i = 0; i < numbers->len; i++)
    n += g_array_index (numbers, guint64, i) > peer.seq;
  return n;
}

/**
 * _ct_session_sync_io_end:
 *
 * In the session's thread, once nothing more applies: counts the files
 * that wait and seals this replica's status file, which
 * _ct_sync_io_write_status() then writes.
 */
gboolean
_ct_session_sync_io_end (CtSession     *self,
                         CtSyncIo      *io,
                         CtSyncSummary *summary,
                         GError       **error)
{
  for (guint i = 0; i < io->devices->len; i++)
    if (!ct_store_sync_is_refused (self->db, g_ptr_array_index (io->devices, i)))
      summary->waiting_files += count_waiting (self, io, g_ptr_array_index (io->devices, i));
  return _ct_session_sync_seal_status (self, io, summary, error);
}

static gboolean
sync_folders (CtSession     *self,
              const char    *folder,
              CtSyncSummary *summary,
              GError       **error)
{
  CtSyncIo *io = _ct_session_sync_io_begin (self, folder, summary, error);
  gboolean ok;
  int step = 1;

  if (io == NULL)
    return FALSE;
  ok = _ct_sync_io_write_and_read (io, error);
  while (ok && step > 0)
    step = _ct_session_sync_io_step (self, io, summary, error);
  ok = ok && step == 0 && _ct_session_sync_io_end (self, io, summary, error)
       && _ct_sync_io_write_status (io, error)
       && _ct_session_sync_snapshot_and_compact (self, io->team_dir, io->devices, error);
  _ct_sync_io_free (io);
  return ok;
}

/**
 * ct_session_sync:
 * @folder: the team's sync folder
 * @summary: (out caller-allocates): what was done; clear it with
 *   ct_sync_summary_clear()
 *
 * Writes this replica's changes into its next change file in @folder, then
 * applies the other replicas' change files it has not applied yet, in an
 * order that respects what each author had seen. A refused file is not an
 * error of the sync: it is named in @summary and logged. This blocks on
 * the folder's I/O; ct_session_sync_async() does the same in stages
 * without blocking the main loop.
 */
gboolean
ct_session_sync (CtSession     *self,
                 const char    *folder,
                 CtSyncSummary *summary,
                 GError       **error)
{
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (folder != NULL && summary != NULL, FALSE);

  memset (summary, 0, sizeof *summary);
  summary->refusals = g_ptr_array_new_with_free_func (g_free);
  if (!_ct_session_sync_check (self, error))
    return FALSE;
  ok = sync_folders (self, folder, summary, &local);
  _ct_session_sync_record (self, summary, local);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

/* ---- for the other kinds of file in the folder (ct-session-sync-status.c) */

char *
_ct_sync_hex (const guint8 *data,
              gsize         len)
{
  return hex (data, len);
}

char *
_ct_sync_team_folder (CtSession  *self,
                      const char *folder)
{
  return team_folder (self, folder);
}

gboolean
_ct_sync_write_once (const char *dir,
                     const char *path,
                     GBytes     *bytes,
                     GError    **error)
{
  return write_once (dir, path, bytes, error);
}
