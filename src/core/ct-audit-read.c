/* ct-audit-read.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading the access log for the log viewer, the CLI and the inzage:
 * each entry with the categories this reader may see, the sealed slots
 * opened with the keys of their role (docs/security.md, "Sealed
 * categories"). */

#define G_LOG_DOMAIN "ct-audit"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-audit-private.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-session-keys-private.h"
#include "ct-session-private.h"
#include "ct-session-read-private.h"
#include "ct-sync-private.h"

void
ct_log_entry_free (CtLogEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->at);
  g_free (entry->login);
  g_free (entry->role);
  g_free (entry->object_table);
  g_free (entry->categories);
  g_free (entry->purpose);
  g_free (entry->outcome);
  g_clear_pointer (&entry->households, g_array_unref);
  g_free (entry->device);
  g_free (entry->laptop);
  g_free (entry);
}

/* The keys a reading of the log opened, one version number per category:
 * every key of that number the member reaches, the other branch's of a
 * resolved fork too (docs/sync-security.md, "Key versions named by their
 * statement"). The entries come oldest first, so a rotation means one step
 * back at most once per version. */
typedef struct
{
  gint    version[CT_CATEGORY_GENERAL];  /* 0: none yet, or not to be had */
  guint   n[CT_CATEGORY_GENERAL];
  guint8 *keys[CT_CATEGORY_GENERAL];     /* n keys each, ct_secure_alloc() */
} SlotKeys;

static void
slot_keys_clear (SlotKeys *keys)
{
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL; c++)
    g_clear_pointer (&keys->keys[c], ct_secure_free);
}

/* The keys of number @version of @c: @n_keys of them, or NULL. */
static const guint8 *
slot_keys (CtSession *self,
           SlotKeys  *keys,
           CtCategory c,
           gint       version,
           guint     *n_keys)
{
  if (keys->version[c] != version)
    {
      g_clear_pointer (&keys->keys[c], ct_secure_free);
      keys->keys[c] = _ct_session_keys_of_version (self, c, version, &keys->n[c]);
      keys->version[c] = keys->keys[c] != NULL ? version : 0;
    }
  *n_keys = keys->keys[c] != NULL ? keys->n[c] : 0;
  return keys->keys[c];
}

/* Whether slot @c of entry @entry_id opens for this reader under any key
 * of its number, and if so whether the entry touched @c. The AEAD opens
 * under the key that sealed it only. */
static gboolean
open_slot (CtSession    *self,
           SlotKeys     *keys,
           gint64        entry_id,
           CtCategory    c,
           const guint8 *slot,
           gboolean     *touched)
{
  guint32 version_le;
  const guint8 *all;
  guint8 ad[32], flag = 0;
  guint n = 0;

  memcpy (&version_le, slot, 4);
  if (!_ct_session_can_read (self, c) || GUINT32_FROM_LE (version_le) == 0
      || GUINT32_FROM_LE (version_le) > G_MAXINT
      || (all = slot_keys (self, keys, c, (gint) GUINT32_FROM_LE (version_le), &n)) == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (crypto_aead_xchacha20poly1305_ietf_decrypt (&flag, NULL, NULL, slot + 4 + CT_NONCE_SIZE,
                                                    1 + CT_TAG_SIZE, ad,
                                                    _ct_audit_slot_ad (entry_id, c,
                                                             GUINT32_FROM_LE (version_le), ad),
                                                    slot + 4, all + i * CT_KEY_SIZE) == 0)
      {
        *touched = flag == 1;
        return TRUE;
      }
  return FALSE;
}

/* That a read touched, say, health is a fact of health: a reader who may
 * not read a category sees only CT_LOG_HIDDEN_CATEGORIES in its place,
 * once, however many were there (docs/categories.md). In the third format
 * such a reader cannot tell whether the entry touched it at all: every
 * slot sealed to a key this reader does not hold shows as that one
 * "hidden", touched or not. */
static char *
readable_categories (CtSession    *self,
                     SlotKeys     *keys,
                     gint64        entry_id,
                     const char   *stored,
                     const guint8 *sealed)
{
  g_auto(GStrv) names = g_strsplit (stored, ",", -1);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  gboolean hidden = FALSE;
  guint mask = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      CtCategory c = names[i][0] != '\0' ? ct_category_from_string (names[i]) : CT_CATEGORY_INVALID;

      if (c != CT_CATEGORY_INVALID && _ct_session_can_read (self, c))
        mask |= CT_CATEGORY_BIT (c);
      else if (names[i][0] != '\0')
        hidden = TRUE;
    }
  for (CtCategory c = 0; sealed != NULL && c < CT_CATEGORY_GENERAL; c++)
    {
      const guint8 *slot = sealed + c * SLOT_SIZE;
      gboolean touched = FALSE;

      if (open_slot (self, keys, entry_id, c, slot, &touched))
        mask |= touched ? CT_CATEGORY_BIT (c) : 0;
      else if (slot[0] != 0 || slot[1] != 0 || slot[2] != 0 || slot[3] != 0)
        hidden = TRUE;
    }
  for (CtCategory c = 0; c < CT_N_CATEGORIES; c++)
    if (mask & CT_CATEGORY_BIT (c))
      g_ptr_array_add (shown, (gpointer) ct_category_to_string (c));
  if (hidden)
    g_ptr_array_add (shown, (gpointer) CT_LOG_HIDDEN_CATEGORIES);
  g_ptr_array_add (shown, NULL);
  return g_strjoinv (",", (char **) shown->pdata);
}

static GArray *
parse_set (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_strv_length (parts));

  for (guint i = 0; parts[i] != NULL; i++)
    g_array_append_val (ids, (gint64) { g_ascii_strtoll (parts[i], NULL, 10) });
  return ids;
}

/* The laptop of @device (a blob of CT_SYNC_DEVICE_SIZE), named once per
 * reading in @names. */
static void
name_device (CtSession    *self,
             GHashTable   *names,
             CtLogEntry   *e,
             const guint8 *device)
{
  const char *name;

  e->device = _ct_sync_hex (device, CT_SYNC_DEVICE_SIZE);
  if (!g_hash_table_lookup_extended (names, e->device, NULL, (gpointer *) &name))
    {
      name = _ct_session_sync_member_of_device (self, device);
      g_hash_table_insert (names, g_strdup (e->device), (gpointer) name);
    }
  e->laptop = g_strdup (name);
}

/* The union in stamp order: each replica's chain keeps its own order, and
 * of the chains' next entries the one with the earliest time goes first
 * (ties: this replica's, then by device). @runs holds the chains. */
static GPtrArray *
merge_runs (GPtrArray *runs)
{
  GPtrArray *out;
  g_autofree guint *next = g_new0 (guint, runs->len);

  if (runs->len == 1)
    return g_ptr_array_ref (g_ptr_array_index (runs, 0));
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_log_entry_free);
  for (;;)
    {
      CtLogEntry *best = NULL;
      guint best_run = 0;

      for (guint r = 0; r < runs->len; r++)
        {
          GPtrArray *run = g_ptr_array_index (runs, r);
          CtLogEntry *head = next[r] < run->len ? g_ptr_array_index (run, next[r]) : NULL;

          if (head != NULL && (best == NULL || strcmp (head->at, best->at) < 0))
            {
              best = head;
              best_run = r;
            }
        }
      if (best == NULL)
        return out;
      /* Moved: the run's own free function then passes over it. */
      ((GPtrArray *) g_ptr_array_index (runs, best_run))->pdata[next[best_run]++] = NULL;
      g_ptr_array_add (out, best);
    }
}

/* Every entry @where selects (bound to @household when > 0), of this
 * replica's log and of every other replica's that arrived (ct-audit-sync.c),
 * in stamp order. An entry this file holds both in its own log (it came
 * with the copy the replica was made from) and from its replica is shown
 * once, as its replica's. */
static GPtrArray *
read_entries (CtSession    *self,
              const char   *where,
              gint64        household,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CtStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  SlotKeys keys = { { 0 }, { 0 }, { NULL } };
  GPtrArray *run = NULL;
  guint8 run_device[CT_SYNC_DEVICE_SIZE + 1] = { 0xff };
  guint n_rows = 0;
  int rc;

#define UNION_COLUMNS "id, at, member_id, role, action, object_table, object_id, categories, " \
                      "purpose, outcome, household_id, person_id, member_seq, household_set, " \
                      "sealed_categories"
  sql = g_strconcat ("SELECT l.id, l.at, m.login, l.role, l.action, l.object_table, "
                     "l.object_id, l.categories, l.purpose, l.outcome, l.household_id, "
                     "l.person_id, l.member_seq, s.households, l.sealed_categories, l.device, "
                     "l.remote FROM (SELECT " UNION_COLUMNS ", CASE WHEN id > (SELECT base "
                     "FROM access_log_device) THEN (SELECT device FROM sync_state WHERE id = 1) "
                     "END AS device, 0 AS remote FROM access_log WHERE hash NOT IN (SELECT hash "
                     "FROM access_log_remote) UNION ALL SELECT " UNION_COLUMNS ", device, 1 "
                     "FROM access_log_remote) l "
                     "LEFT JOIN members m ON m.id = l.member_id LEFT JOIN access_log_sets s "
                     "ON s.hash = l.household_set ", where, " ORDER BY l.remote, l.device, l.id",
                     NULL);
#undef UNION_COLUMNS
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  if (household > 0)
    {
      g_autofree char *pattern = g_strdup_printf ("%%,%" G_GINT64_FORMAT ",%%", household);

      sqlite3_bind_int64 (stmt, 1, household);
      sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtLogEntry *e;
      const guint8 *sealed, *device;
      gboolean remote;

      /* A worker whose read was given up stops within a few thousand rows. */
      if ((++n_rows & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          slot_keys_clear (&keys);
          return NULL;
        }
      e = g_new0 (CtLogEntry, 1);
      sealed = sqlite3_column_bytes (stmt, 14) == SEALED_SIZE ? sqlite3_column_blob (stmt, 14)
                                                              : NULL;
      remote = sqlite3_column_int (stmt, 16) != 0;
      device = sqlite3_column_bytes (stmt, 15) == CT_SYNC_DEVICE_SIZE
               ? sqlite3_column_blob (stmt, 15) : NULL;

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (_ct_audit_text_or_empty (stmt, 1));
      e->login = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NULL
                 : g_strdup (_ct_audit_text_or_empty (stmt, 2));
      e->role = g_strdup (_ct_audit_text_or_empty (stmt, 3));
      e->action = _ct_audit_text_or_empty (stmt, 4)[0];
      e->object_table = g_strdup (_ct_audit_text_or_empty (stmt, 5));
      e->object_id = sqlite3_column_int64 (stmt, 6);
      e->categories = readable_categories (self, &keys, e->id, _ct_audit_text_or_empty (stmt, 7), sealed);
      e->purpose = g_strdup (_ct_audit_text_or_empty (stmt, 8));
      e->outcome = g_strdup (_ct_audit_text_or_empty (stmt, 9));
      e->household_id = sqlite3_column_int64 (stmt, 10);
      e->person_id = sqlite3_column_int64 (stmt, 11);
      e->member_seq = sqlite3_column_int64 (stmt, 12);
      if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
        e->households = parse_set (_ct_audit_text_or_empty (stmt, 13));
      if (device != NULL)
        name_device (self, names, e, device);

      /* A new chain: the local one (whatever its device column says), or
       * the next remote device. */
      if (run == NULL || (remote && (run_device[0] == 0xff || device == NULL
                                     || memcmp (run_device + 1, device, CT_SYNC_DEVICE_SIZE) != 0)))
        {
          run = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_log_entry_free);
          g_ptr_array_add (runs, run);
          run_device[0] = remote ? 0 : 0xff;
          if (remote && device != NULL)
            memcpy (run_device + 1, device, CT_SYNC_DEVICE_SIZE);
        }
      g_ptr_array_add (run, e);
    }
  slot_keys_clear (&keys);

  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  if (runs->len == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) ct_log_entry_free);
  return merge_runs (runs);
}

/* The entries that name a household (bound to ?1, and in ?2 as a LIKE
 * pattern ",id,"), alone or in the set a list showed. */
#define HOUSEHOLD_WHERE "WHERE l.household_id = ?1 OR l.household_set IN (SELECT hash FROM " \
                        "access_log_sets WHERE ',' || households || ',' LIKE ?2)"

/**
 * ct_session_read_log:
 *
 * Beheerder only (and the recovery key). Reading the log is itself not
 * logged: it holds no client data. An entry's categories are those the
 * reader may read, then %CT_LOG_HIDDEN_CATEGORIES when it touched others
 * (or, sealed, may have).
 *
 * Returns: (transfer full) (element-type CtLogEntry): every entry, oldest
 *   first
 */
GPtrArray *
ct_session_read_log (CtSession *self,
                     GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may read the access log."));
      return NULL;
    }
  return read_entries (self, "", 0, NULL, error);
}

/* Every entry, whoever asks: for ct_session_read_log() and for the
 * entries an inzage shows a household about itself (ct-inzage.c). */
GPtrArray *
_ct_audit_read (CtSession *self,
                GError   **error)
{
  return read_entries (self, "", 0, NULL, error);
}

static gboolean
is_regisseur_of (CtSession *self,
                 gint64     household_id)
{
  g_autoptr(CtStmt) stmt = NULL;

  if (self->member->role != CT_ROLE_REGISSEUR)
    return FALSE;
  stmt = ct_store_prepare (self->db, "SELECT 1 FROM cases WHERE household_id = ?1 AND "
                                     "regisseur = ?2", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, household_id);
  sqlite3_bind_int64 (stmt, 2, self->member->id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * ct_session_may_read_household_log:
 *
 * Whether ct_session_read_household_log() would give this member the
 * entries about @household_id: for a page to offer it or not.
 */
gboolean
ct_session_may_read_household_log (CtSession *self,
                                   gint64     household_id)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  return !ct_session_is_locked (self) && household_id > 0
         && (self->recovery || self->member->is_admin || is_regisseur_of (self, household_id));
}

/**
 * ct_session_read_household_log:
 * @household_id: a household's id
 *
 * Who saw or changed this household, when, what and why: every entry
 * that names it, alone or in the set of households a list showed. For a
 * beheerder (and the recovery key), and for the regisseur of one of the
 * household's cases. Not logged, as ct_session_read_log(): the log holds
 * ids, never a client's data.
 *
 * Returns: (transfer full) (element-type CtLogEntry): those entries,
 *   oldest first
 */
GPtrArray *
ct_session_read_household_log (CtSession *self,
                               gint64     household_id,
                               GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (household_id <= 0)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_NOT_FOUND, _("There is no such household."));
      return NULL;
    }
  if (!ct_session_may_read_household_log (self, household_id))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder or the household’s regisseur may read who saw "
                             "this household."));
      return NULL;
    }
  return read_entries (self, HOUSEHOLD_WHERE, household_id, NULL, error);
}

/**
 * _ct_audit_last_export_day:
 * @purpose: what an export's log entry says, up to its first ";" or whole
 *
 * The day (UTC, YYYY-MM-DD) of the newest export logged with @purpose, for
 * the export to tell what changed since; not for deciding who may do what.
 *
 * Returns: (transfer full) (nullable): the day, or %NULL when there is none
 *   (@error unset) or on an error
 */
char *
_ct_audit_last_export_day (CtSession  *self,
                           const char *purpose,
                           GError    **error)
{
  g_autoptr(CtStmt) stmt =
    ct_store_prepare (self->db,
                      "SELECT substr (at, 1, 10) FROM access_log WHERE action = 'E' "
                      "AND object_table = 'export' AND (purpose = ?1 "
                      "OR substr (purpose, 1, length (?1) + 1) = ?1 || ';') "
                      "ORDER BY id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (_ct_audit_text_or_empty (stmt, 0));
  if (rc != SQLITE_DONE)
    ct_store_set_error (self->db, rc, error);
  return NULL;
}

/* ---- reading in a worker ------------------------------------------------ */

void
ct_log_read_free (CtLogRead *read)
{
  if (read == NULL)
    return;

  g_clear_pointer (&read->entries, g_ptr_array_unref);
  g_clear_pointer (&read->case_numbers, g_hash_table_unref);
  g_clear_error (&read->problem);
  g_free (read);
}

typedef struct
{
  CtSession *reader;
  gint64     household_id;
  gboolean   verify;
} LogTask;

static void
log_task_free (gpointer mem)
{
  LogTask *t = mem;

  g_clear_object (&t->reader);
  g_free (t);
}

/* The numbers of the cases the reader may see, per household: general
 * fields only, so nothing is decrypted or logged. */
static GHashTable *
read_case_numbers (CtSession *reader,
                   gint64     household_id,
                   GError   **error)
{
  static const char * const no_fields[] = { NULL };
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_free);
  g_autoptr(GPtrArray) cases = ct_session_list_fields (reader, "cases",
                                                       household_id > 0 ? "household_id" : NULL,
                                                       household_id, no_fields, error);

  if (cases == NULL)
    return NULL;
  for (guint i = 0; i < cases->len; i++)
    {
      CtRecord *record = g_ptr_array_index (cases, i);
      gint64 household = ct_record_get_int (record, "household_id");
      const char *number = ct_record_get (record, "number");
      const char *known = g_hash_table_lookup (numbers, &household);

      if (number == NULL)
        continue;
      g_hash_table_replace (numbers, g_memdup2 (&household, sizeof household),
                            known != NULL ? g_strdup_printf ("%s, %s", known, number)
                                          : g_strdup (number));
    }
  return g_steal_pointer (&numbers);
}

/* In a worker, with a reader that holds copies of the chain and the
 * header: the entries, the case numbers, and for a beheerder the whole
 * log verified as ct_session_verify_log() does. */
static void
read_log_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LogTask *t = task_data;
  g_autoptr(CtLogRead) read = g_new0 (CtLogRead, 1);
  GError *error = NULL;

  _ct_session_wait_read_hold ();
  if (g_task_return_error_if_cancelled (task))
    return;
  read->entries = read_entries (t->reader, t->household_id > 0 ? HOUSEHOLD_WHERE : "",
                                t->household_id, cancellable, &error);
  if (read->entries == NULL
      || (read->case_numbers = read_case_numbers (t->reader, t->household_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (t->verify && !g_cancellable_is_cancelled (cancellable))
    {
      read->verified = TRUE;
      _ct_audit_verify (t->reader, &read->n_verified, &read->problem);
    }
  g_task_return_pointer (task, g_steal_pointer (&read), (GDestroyNotify) ct_log_read_free);
}

/**
 * ct_session_read_log_async:
 * @household_id: the entries about this household
 *   (ct_session_read_household_log()), or 0 for the whole log
 *   (ct_session_read_log())
 * @verify: whether a beheerder's or the recovery key's read verifies the
 *   whole log too; %FALSE when the caller checks the whole file next
 *   (ct_session_check_async(), which verifies the log as part of it)
 *
 * Reads the access log in a worker, with the numbers of the cases it
 * names, and for a beheerder or the recovery key verifies the whole log
 * (ct_session_verify_log()): at 10 000 households the log holds some
 * 300 000 entries, and the window must not stop meanwhile. Who may read
 * what is decided here, in the session's thread; the worker reads
 * through a reader of the session (_ct_session_new_reader()) given
 * copies of the verified team chain and the header, so it checks the
 * signatures against the chain the session trusts and touches nothing
 * the session may change or wipe. Call in the session's thread, while it
 * is in no transaction.
 */
void
ct_session_read_log_async (CtSession           *self,
                           gint64               household_id,
                           gboolean             verify,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  LogTask *t;

  g_return_if_fail (CT_IS_SESSION (self));
  g_return_if_fail (household_id >= 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ct_session_read_log_async);
  t = g_new0 (LogTask, 1);
  t->household_id = household_id;
  g_task_set_task_data (task, t, log_task_free);

  if (!_ct_session_require_unlocked (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (household_id == 0 && !self->recovery && !self->member->is_admin)
    {
      g_task_return_new_error (task, CT_ERROR, CT_ERROR_RESTRICTED, "%s",
                               _("Only a beheerder may read the access log."));
      return;
    }
  if (household_id > 0 && !ct_session_may_read_household_log (self, household_id))
    {
      g_task_return_new_error (task, CT_ERROR, CT_ERROR_RESTRICTED, "%s",
                               _("Only a beheerder or the household’s regisseur may read who "
                                 "saw this household."));
      return;
    }
  t->verify = verify && (self->recovery || self->member->is_admin);
  if ((t->reader = _ct_session_new_reader (self, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The reader holds a copy of the chain already (_ct_session_new_reader()). */
  t->reader->header = self->header != NULL ? ct_header_copy (self->header) : NULL;
  g_task_run_in_thread (task, read_log_thread);
}

/**
 * ct_session_read_log_finish:
 *
 * Reading the log is not logged (it holds ids, never a client's data),
 * nor are the case numbers, general fields; whatever else the reader
 * read would be logged here before the result is handed out.
 *
 * Returns: (transfer full): what was read, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when the read was given up)
 */
CtLogRead *
ct_session_read_log_finish (CtSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  GTask *task = G_TASK (result);
  LogTask *t = g_task_get_task_data (task);
  CtLogRead *read;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == ct_session_read_log_async, NULL);

  if ((read = g_task_propagate_pointer (task, error)) == NULL)
    return NULL;
  /* Locked meanwhile: nothing read goes out. */
  if (!_ct_session_require_unlocked (self, error)
      || !_ct_session_log_deferred (self, t->reader, error))
    {
      ct_log_read_free (read);
      return NULL;
    }
  g_clear_object (&t->reader);
  return read;
}
