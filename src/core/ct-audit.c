/* ct-audit.c
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The access log, in the spirit of NEN 7513: time, member, role, action,
 * object (table and row id, never a name), categories, purpose, outcome.
 * Every entry is chained to the one before by a BLAKE2b hash and signed
 * with the member's Ed25519 key, so a changed, removed or inserted entry
 * is found by ct_session_check(). The table refuses UPDATE and DELETE. */

#define G_LOG_DOMAIN "ct-audit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ct-audit.h"
#include "ct-clock.h"
#include "ct-error.h"
#include "ct-session-private.h"

#define HASH_SIZE 32

/* Every purpose the core writes. The stored text is part of each signed,
 * hash-chained entry, so it stays this stable English identifier for good;
 * only its label, looked up when an entry is shown, is translated. A new
 * purpose gets a line here, or _ct_audit_append() warns (fatal in tests). */
typedef struct
{
  const char *purpose;
  const char *label;
} PurposeLabel;

/* The context of every label below, for g_dpgettext2() */
#define PURPOSE_CONTEXT "access log purpose"

static const PurposeLabel purpose_labels[] = {
  /* Translators: why an access-log entry was written, shown in its Purpose
   * column: a short phrase in lower case, an infinitive in Dutch */
  { "view", NC_("access log purpose", "view") },
  { "list", NC_("access log purpose", "list") },
  { "record", NC_("access log purpose", "record") },
  { "create team", NC_("access log purpose", "create team") },
  { "enrol", NC_("access log purpose", "enrol") },
  { "add member", NC_("access log purpose", "add member") },
  { "remove member", NC_("access log purpose", "remove member") },
  { "change role", NC_("access log purpose", "change role") },
  { "change own passphrase", NC_("access log purpose", "change own passphrase") },
  { "reset passphrase with recovery key",
    NC_("access log purpose", "reset passphrase with recovery key") },
  { "grant category to role", NC_("access log purpose", "grant category to role") },
  { "revoke category from role", NC_("access log purpose", "revoke category from role") },
  { "rotate category key", NC_("access log purpose", "rotate category key") },
  { "recovery: plain copy", NC_("access log purpose", "recovery: plain copy") },
  /* "evaluator export " + ct_export_profile_to_string() */
  { "evaluator export microdata", NC_("access log purpose", "evaluator export microdata") },
  { "evaluator export aggregate", NC_("access log purpose", "evaluator export aggregate") },
  { "finance export", NC_("access log purpose", "finance export") },
  { "shared example", NC_("access log purpose", "shared example") },
  { "meeting report, initials", NC_("access log purpose", "meeting report, initials") },
  { "meeting report, full names", NC_("access log purpose", "meeting report, full names") },
};

static const PurposeLabel *
find_purpose (const char *purpose)
{
  for (guint i = 0; purpose != NULL && i < G_N_ELEMENTS (purpose_labels); i++)
    if (g_str_equal (purpose_labels[i].purpose, purpose))
      return &purpose_labels[i];
  return NULL;
}

typedef struct
{
  gint64      id;
  const char *at;
  gint64      member_id;  /* -1: the recovery key */
  const char *role;
  char        action;
  const char *object_table;
  gint64      object_id;
  const char *categories;
  const char *purpose;
  const char *outcome;
  const guint8 *signer_pk;
  const guint8 *prev_hash;
} Entry;

static void
hash_text (crypto_generichash_state *state,
           const char               *text)
{
  guint32 len = GUINT32_TO_LE ((guint32) strlen (text));

  crypto_generichash_update (state, (const guint8 *) &len, sizeof len);
  crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

static void
hash_int (crypto_generichash_state *state,
          gint64                    value)
{
  gint64 le = GINT64_TO_LE (value);

  crypto_generichash_update (state, (const guint8 *) &le, sizeof le);
}

/* Every field, length-prefixed, after the previous entry's hash. */
static void
entry_hash (const Entry *e,
            guint8      *hash)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, (const guint8 *) "ct-access-log-v1", 16, HASH_SIZE);
  crypto_generichash_update (&state, e->prev_hash, HASH_SIZE);
  hash_int (&state, e->id);
  hash_text (&state, e->at);
  hash_int (&state, e->member_id);
  hash_text (&state, e->role);
  hash_int (&state, e->action);
  hash_text (&state, e->object_table);
  hash_int (&state, e->object_id);
  hash_text (&state, e->categories);
  hash_text (&state, e->purpose);
  hash_text (&state, e->outcome);
  crypto_generichash_update (&state, e->signer_pk, crypto_sign_PUBLICKEYBYTES);
  crypto_generichash_final (&state, hash, HASH_SIZE);
}

static char *
categories_string (guint categories)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < CT_N_CATEGORIES; c++)
    if (categories & CT_CATEGORY_BIT (c))
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", ct_category_to_string (c));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
last_entry (sqlite3 *db,
            gint64  *id,
            guint8  *hash,
            GError **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1",
                               -1, &stmt, NULL);

  *id = 0;
  memset (hash, 0, HASH_SIZE);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 1) == HASH_SIZE)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      memcpy (hash, sqlite3_column_blob (stmt, 1), HASH_SIZE);
      return TRUE;
    }
  return rc == SQLITE_DONE || ct_store_set_error (db, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc,
                                                  error);
}

/**
 * _ct_audit_append:
 * @categories: a mask of CT_CATEGORY_BIT()s the action touched
 * @refused: whether the action was refused (logged too)
 *
 * Appends one signed entry. Call it inside the transaction of the change
 * it records, so both are committed or neither.
 */
gboolean
_ct_audit_append (CtSession     *self,
                  CtAuditAction  action,
                  const char    *object_table,
                  gint64         object_id,
                  guint          categories,
                  const char    *purpose,
                  gboolean       refused,
                  GError       **error)
{
  g_autofree char *cats = categories_string (categories);
  g_autofree char *at = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_utc ();
  g_autoptr(CtStmt) stmt = NULL;
  guint8 prev[HASH_SIZE], hash[HASH_SIZE], sig[crypto_sign_BYTES];
  Entry e = { 0 };
  int rc;

  /* A missing label is a display bug, never a reason to lose the entry. */
  if (find_purpose (purpose) == NULL)
    g_warning ("The access-log purpose “%s” has no display label", purpose);

  if (!last_entry (self->db, &e.id, prev, error))
    return FALSE;

  at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  e.id++;
  e.at = at;
  e.member_id = self->member != NULL ? self->member->id : -1;
  e.role = self->member != NULL ? ct_role_to_string (self->member->role) : "recovery";
  e.action = (char) action;
  e.object_table = object_table;
  e.object_id = object_id;
  e.categories = cats;
  e.purpose = purpose;
  e.outcome = refused ? "refused" : "ok";
  e.signer_pk = self->identity->sign_pk;
  e.prev_hash = prev;
  entry_hash (&e, hash);
  crypto_sign_detached (sig, NULL, hash, HASH_SIZE, self->identity->sign_sk);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO access_log (id, at, member_id, role, action, "
                           "object_table, object_id, categories, purpose, outcome, signer_pk, "
                           "prev_hash, hash, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                           "?9, ?10, ?11, ?12, ?13, ?14)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ct_store_set_error (self->db, rc, error);

  sqlite3_bind_int64 (stmt, 1, e.id);
  sqlite3_bind_text (stmt, 2, e.at, -1, SQLITE_STATIC);
  if (e.member_id >= 0)
    sqlite3_bind_int64 (stmt, 3, e.member_id);
  sqlite3_bind_text (stmt, 4, e.role, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, (char[]) { e.action, '\0' }, 1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, e.object_table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, e.object_id);
  sqlite3_bind_text (stmt, 8, e.categories, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, e.purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, e.outcome, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 11, e.signer_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 12, prev, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 13, hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 14, sig, sizeof sig, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  return rc == SQLITE_DONE || ct_store_set_error (self->db, rc, error);
}

/* A signer must be a key some member had, or the recovery key's. */
static gboolean
signer_is_known (CtSession    *self,
                 gint64        member_id,
                 const guint8 *signer_pk)
{
  g_autoptr(CtStmt) stmt = NULL;
  CtSlot *recovery;

  if (member_id < 0)
    {
      recovery = ct_header_find_recovery (self->header);
      return recovery != NULL
             && sodium_memcmp (recovery->sign_pk, signer_pk, crypto_sign_PUBLICKEYBYTES) == 0;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM member_sign_keys WHERE member_id = ?1 AND "
                          "sign_pk = ?2", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  sqlite3_bind_blob (stmt, 2, signer_pk, crypto_sign_PUBLICKEYBYTES, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gboolean
blob_is (CtStmt *stmt,
         int     column,
         gsize   len)
{
  return sqlite3_column_type (stmt, column) == SQLITE_BLOB
         && (gsize) sqlite3_column_bytes (stmt, column) == len;
}

static const char *
text_or_empty (CtStmt *stmt,
               int     column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* Checks one row against the chain; FALSE names nothing, the caller does. */
static gboolean
verify_row (CtSession    *self,
            CtStmt       *stmt,
            gint64        expected_id,
            const guint8 *prev)
{
  guint8 hash[HASH_SIZE];
  const char *action = text_or_empty (stmt, 4);
  Entry e = { 0 };

  if (!blob_is (stmt, 10, crypto_sign_PUBLICKEYBYTES) || !blob_is (stmt, 11, HASH_SIZE)
      || !blob_is (stmt, 12, HASH_SIZE) || !blob_is (stmt, 13, crypto_sign_BYTES)
      || strlen (action) != 1)
    return FALSE;

  e.id = sqlite3_column_int64 (stmt, 0);
  e.at = text_or_empty (stmt, 1);
  e.member_id = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 2);
  e.role = text_or_empty (stmt, 3);
  e.action = action[0];
  e.object_table = text_or_empty (stmt, 5);
  e.object_id = sqlite3_column_int64 (stmt, 6);
  e.categories = text_or_empty (stmt, 7);
  e.purpose = text_or_empty (stmt, 8);
  e.outcome = text_or_empty (stmt, 9);
  e.signer_pk = sqlite3_column_blob (stmt, 10);
  e.prev_hash = prev;
  entry_hash (&e, hash);

  return e.id == expected_id
         && sodium_memcmp (sqlite3_column_blob (stmt, 11), prev, HASH_SIZE) == 0
         && sodium_memcmp (sqlite3_column_blob (stmt, 12), hash, HASH_SIZE) == 0
         && crypto_sign_verify_detached (sqlite3_column_blob (stmt, 13), hash, HASH_SIZE,
                                         e.signer_pk) == 0
         && signer_is_known (self, e.member_id, e.signer_pk);
}

/**
 * _ct_audit_verify:
 *
 * Walks the whole log. The first entry that is changed, out of sequence,
 * badly signed or signed by an unknown key is named in the error.
 */
gboolean
_ct_audit_verify (CtSession *self,
                  GError   **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  guint8 prev[HASH_SIZE] = { 0 };
  gint64 expected = 1;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, at, member_id, role, action, object_table, object_id, "
                           "categories, purpose, outcome, signer_pk, prev_hash, hash, signature "
                           "FROM access_log ORDER BY id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ct_store_set_error (self->db, rc, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!verify_row (self, stmt, expected, prev))
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("The access log is not intact from entry %lld on: it was changed, "
                         "removed or inserted outside Casustafel."), (long long) expected);
          return FALSE;
        }
      memcpy (prev, sqlite3_column_blob (stmt, 12), HASH_SIZE);
      expected++;
    }

  return rc == SQLITE_DONE || ct_store_set_error (self->db, rc, error);
}

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
  g_free (entry);
}

/**
 * ct_session_read_log:
 *
 * Beheerder only (and the recovery key). Reading the log is itself not
 * logged: it holds no client data.
 *
 * Returns: (transfer full) (element-type CtLogEntry): every entry, oldest
 *   first
 */
GPtrArray *
ct_session_read_log (CtSession *self,
                     GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ct_log_entry_free);
  g_autoptr(CtStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CT_IS_SESSION (self), NULL);

  if (!_ct_session_require_unlocked (self, error))
    return NULL;

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may read the access log."));
      return NULL;
    }

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT l.id, l.at, m.login, l.role, l.action, l.object_table, "
                           "l.object_id, l.categories, l.purpose, l.outcome FROM access_log l "
                           "LEFT JOIN members m ON m.id = l.member_id ORDER BY l.id", -1, &stmt,
                           NULL);
  if (rc != SQLITE_OK)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CtLogEntry *e = g_new0 (CtLogEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup (text_or_empty (stmt, 1));
      e->login = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NULL
                 : g_strdup (text_or_empty (stmt, 2));
      e->role = g_strdup (text_or_empty (stmt, 3));
      e->action = text_or_empty (stmt, 4)[0];
      e->object_table = g_strdup (text_or_empty (stmt, 5));
      e->object_id = sqlite3_column_int64 (stmt, 6);
      e->categories = g_strdup (text_or_empty (stmt, 7));
      e->purpose = g_strdup (text_or_empty (stmt, 8));
      e->outcome = g_strdup (text_or_empty (stmt, 9));
      g_ptr_array_add (entries, e);
    }

  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * ct_log_purpose_get_display_name:
 * @purpose: (nullable): the purpose of a #CtLogEntry, as stored
 *
 * The stored purpose is a stable English identifier ("view", "rotate
 * category key"); this is what to show for it.
 *
 * Returns: the translated label of @purpose; @purpose itself (the same
 *   pointer) when Casustafel does not know it, as in a file written by an
 *   older or newer version; "" for %NULL
 */
const char *
ct_log_purpose_get_display_name (const char *purpose)
{
  const PurposeLabel *known = find_purpose (purpose);

  if (known != NULL)
    return g_dpgettext2 (NULL, PURPOSE_CONTEXT, known->label);
  return purpose != NULL ? purpose : "";
}
