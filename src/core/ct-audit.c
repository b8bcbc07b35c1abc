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
 * is found by ct_session_check(). The table refuses UPDATE and DELETE.
 *
 * Signatures are checked against the keys the team chain gives each
 * member. Cutting off the newest entries leaves an intact chain of
 * hashes, so each member's newest entry is anchored: a row signed by that
 * member, and a small file on their own device (docs/security.md).
 *
 * Since the second format an entry also names the household and person it
 * is about (ids, never names), or the set of households a list showed,
 * and carries the member's own sequence number: each member's entries are
 * numbered 1, 2, 3, ... so a gap or a repeat is found even where the
 * chain of hashes was rebuilt. Entries written before stay in the first
 * format; after the first entry in the second format every entry is in it.
 *
 * That a write touched health is itself a fact of health. Since the third
 * format the categories an entry touched are sealed: one slot per category
 * with a key, each under that category's key, saying whether the entry
 * touched it; every slot the writer holds a key for is written, touched or
 * not, so their number and size say nothing. Only general, and a category
 * the writer holds no key for (a policy change, an inzage of everything),
 * stay in the clear. The hash and signature cover the sealed slots, so the
 * log verifies without any category key (docs/file-format.md). */

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
#include "ct-sync-private.h"


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
  { "found team chain", NC_("access log purpose", "found team chain") },
  { "rotate own keys", NC_("access log purpose", "rotate own keys") },
  { "drop keyslot not in team chain", NC_("access log purpose", "drop keyslot not in team chain") },
  { "repair team chain", NC_("access log purpose", "repair team chain") },
  /* + "; " and what the device saw and the file holds (ct-session-repair.c) */
  { "restore older copy", NC_("access log purpose", "restore older copy") },
  /* "evaluator export " + ct_export_profile_to_string() */
  { "evaluator export microdata", NC_("access log purpose", "evaluator export microdata") },
  { "evaluator export aggregate", NC_("access log purpose", "evaluator export aggregate") },
  { "finance export", NC_("access log purpose", "finance export") },
  { "shared example", NC_("access log purpose", "shared example") },
  /* + "; " the word and the reason, one entry per word (ct-doorbraak.c) */
  { "not identifying", NC_("access log purpose", "mark words as not identifying") },
  /* + "; " and the reason (ct-doorbraak.c) */
  { "withdraw approval", NC_("access log purpose", "withdraw approval") },
  /* + "; " and the reason (ct-meeting.c) */
  { "reopen meeting", NC_("access log purpose", "reopen meeting") },
  { "meeting report, initials", NC_("access log purpose", "meeting report, initials") },
  { "meeting report, full names", NC_("access log purpose", "meeting report, full names") },
  { "retention purge", NC_("access log purpose", "retention purge") },
  { "erasure request", NC_("access log purpose", "erasure request") },
  { "inzage", NC_("access log purpose", "inzage") },
  { "partner actions", NC_("access log purpose", "actions for a partner") },
  { "break the glass", NC_("access log purpose", "break the glass") },
  { "rectification", NC_("access log purpose", "rectification") },
  { "switch need-to-know on", NC_("access log purpose", "switch need-to-know on") },
  { "switch need-to-know off", NC_("access log purpose", "switch need-to-know off") },
  /* + "; " and the setting's key (ct-session-settings.c) */
  { "change team setting", NC_("access log purpose", "change team setting") },
  { "record team settings in team chain",
    NC_("access log purpose", "record team settings in team chain") },
  /* + "; member N" (ct-session-involvement.c) */
  { "add involvement", NC_("access log purpose", "add involvement") },
  { "remove involvement", NC_("access log purpose", "remove involvement") },
  /* + "; " and the ground (ct-session-restrict.c) */
  { "restrict processing", NC_("access log purpose", "restrict processing") },
  { "lift restriction", NC_("access log purpose", "lift restriction") },
  /* Team sync (ct-session-sync.c); "apply sync changes" + "; " and the
   * count, file and author */
  { "switch on sync", NC_("access log purpose", "switch on sync") },
  { "rotate sync key", NC_("access log purpose", "rotate sync key") },
  { "become a new replica", NC_("access log purpose", "become a new replica") },
  { "apply sync changes", NC_("access log purpose", "apply sync changes") },
  { "refuse sync change file", NC_("access log purpose", "refuse sync change file") },
  /* + "; " the counts, file and author (ct-session-sync-category.c) */
  { "set aside sync edits", NC_("access log purpose", "set aside edits of this laptop") },
  /* + "; " the fork point and what was set aside (ct-session-sync-fork.c) */
  { "resolve team chain fork", NC_("access log purpose", "resolve team chain fork") },
  { "sync conflicts", NC_("access log purpose", "sync conflicts") },
  /* ct-session-sync-unkept.c */
  { "sync edits not kept", NC_("access log purpose", "edits a sync did not keep") },
  { "dismiss sync edit not kept", NC_("access log purpose", "dismiss an edit a sync did not keep") },
  /* ct-session-merge.c; + "; " the copy's name and the counts */
  { "merge a copy of the team file", NC_("access log purpose", "merge a copy of the team file") },
  /* + "; " the count and the copy's name (ct-session-merge.c) */
  { "set aside merged edits", NC_("access log purpose", "set aside edits at a merge") },
  /* + "; " whose edits (ct-session-merge-lost.c) */
  { "read merged edits", NC_("access log purpose", "read edits to make again at a merge") },
  { "keep merged edits", NC_("access log purpose", "keep edits as conflicts at a merge") },
  /* + "; N entries" (ct-audit-export.c) */
  { "access log export", NC_("access log purpose", "access log export") },
};

/* A purpose may carry details after "; " (an export's agreement
 * reference): the label is that of the part before them. */
static const PurposeLabel *
find_purpose (const char *purpose)
{
  const char *details = purpose != NULL ? strstr (purpose, "; ") : NULL;
  gsize length = purpose == NULL ? 0 : details != NULL ? (gsize) (details - purpose)
                                                       : strlen (purpose);

  for (guint i = 0; purpose != NULL && i < G_N_ELEMENTS (purpose_labels); i++)
    if (strlen (purpose_labels[i].purpose) == length
        && strncmp (purpose_labels[i].purpose, purpose, length) == 0)
      return &purpose_labels[i];
  return NULL;
}


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
void
_ct_audit_entry_hash (const CtAuditEntry *e,
            guint8      *hash)
{
  crypto_generichash_state state;
  static const guint8 no_set[HASH_SIZE] = { 0 };
  gboolean v2 = e->member_seq > 0;

  crypto_generichash_init (&state, (const guint8 *) (e->sealed != NULL ? "ct-access-log-v3"
                                                     : v2 ? "ct-access-log-v2"
                                                          : "ct-access-log-v1"),
                           16, HASH_SIZE);
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
  if (v2)
    {
      hash_int (&state, e->household_id);
      hash_int (&state, e->person_id);
      hash_int (&state, e->member_seq);
      hash_int (&state, e->set_hash != NULL);
      crypto_generichash_update (&state, e->set_hash != NULL ? e->set_hash : no_set, HASH_SIZE);
    }
  if (e->sealed != NULL)
    {
      hash_int (&state, SEALED_SIZE);
      crypto_generichash_update (&state, e->sealed, SEALED_SIZE);
    }
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

/* A slot's associated data: the entry, the category and the key version,
 * so a slot opens only where it was written. */
gsize
_ct_audit_slot_ad (gint64     entry_id,
         CtCategory c,
         guint32    version,
         guint8    *ad)
{
  gint64 id_le = GINT64_TO_LE (entry_id);
  guint32 c_le = GUINT32_TO_LE ((guint32) c), version_le = GUINT32_TO_LE (version);

  memcpy (ad, "ct-log-slot-v3", 14);
  memcpy (ad + 14, &id_le, 8);
  memcpy (ad + 22, &c_le, 4);
  memcpy (ad + 26, &version_le, 4);
  return 30;
}

/* Seals into @sealed (SEALED_SIZE bytes) whether entry @entry_id touched
 * each category of @categories this session holds a key for; the rest of
 * @categories is returned, for the clear column. */
static gboolean
seal_categories (CtSession *self,
                 gint64     entry_id,
                 guint      categories,
                 guint8    *sealed,
                 guint     *clear,
                 GError   **error)
{
  guint8 nonces[CT_CATEGORY_GENERAL * CT_NONCE_SIZE];
  gboolean ok = TRUE;

  /* Every slot's nonce from one call: each call is a getrandom() system
   * call, and the demo and an import write an entry per row. */
  randombytes_buf (nonces, sizeof nonces);
  memset (sealed, 0, SEALED_SIZE);
  *clear = categories & CT_CATEGORY_BIT (CT_CATEGORY_GENERAL);
  for (CtCategory c = 0; c < CT_CATEGORY_GENERAL && ok; c++)
    {
      guint8 *slot = sealed + c * SLOT_SIZE, ad[32];
      gboolean touched = (categories & CT_CATEGORY_BIT (c)) != 0;
      guint8 flag = touched ? 1 : 0;
      gint version = self->cat_version[c];
      guint32 version_le = GUINT32_TO_LE ((guint32) version);
      const guint8 *key = version > 0 ? _ct_session_current_key (self, c) : NULL;

      /* The session's own copy of the current key: no temporary per
       * entry, which would cost a guarded allocation each. */
      if (key == NULL)
        {
          if (touched)
            *clear |= CT_CATEGORY_BIT (c);
          continue;
        }
      /* A key that sealed a touch must survive as used: only a rotation,
       * which keeps it as the previous one, replaces it. */
      if (touched && !(self->marked_used & CT_CATEGORY_BIT (c)))
        {
          ok = ct_store_key_mark_used (self->db, c, version, self->cat_made_by[c], error);
          self->marked_used |= ok ? CT_CATEGORY_BIT (c) : 0;
        }
      memcpy (slot, &version_le, 4);
      memcpy (slot + 4, nonces + c * CT_NONCE_SIZE, CT_NONCE_SIZE);
      crypto_aead_xchacha20poly1305_ietf_encrypt (slot + 4 + CT_NONCE_SIZE, NULL, &flag, 1, ad,
                                                  _ct_audit_slot_ad (entry_id, c, (guint32) version, ad),
                                                  NULL, slot + 4, key);
    }
  return ok;
}

/* A set of households as stored: ascending ids, comma-separated. */
void
_ct_audit_set_hash (const char *text,
          guint8     *hash)
{
  crypto_generichash (hash, HASH_SIZE, (const guint8 *) text, strlen (text),
                      (const guint8 *) "ct-access-log-household-set", 27);
}

static char *
set_text (GArray *households)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 last = 0;

  g_array_sort (households, ct_scan_compare_ids);
  for (guint i = 0; i < households->len; i++)
    {
      gint64 id = g_array_index (households, gint64, i);

      if (id <= 0 || id == last)
        continue;
      g_string_append_printf (out, "%s%" G_GINT64_FORMAT, out->len > 0 ? "," : "", id);
      last = id;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GArray *
select_ids (CtSession  *self,
            const char *sql,
            gboolean    bind,
            gint64      value,
            GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (bind)
    sqlite3_bind_int64 (stmt, 1, value);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
      g_array_append_val (ids, (gint64) { sqlite3_column_int64 (stmt, 0) });
  if (rc != SQLITE_DONE)
    {
      ct_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* How a table's rows reach their household: the row is one, has a
 * household_id, or belongs to a case. NULL: not about a household. */
static char *
household_select (const CtTable *table)
{
  if (strcmp (table->name, "households") == 0)
    return g_strdup ("SELECT x.id AS h FROM households x");
  if (ct_table_get_field (table, "household_id") != NULL)
    return g_strconcat ("SELECT x.household_id AS h FROM ", table->name, " x", NULL);
  if (ct_table_get_field (table, "case_id") != NULL)
    return g_strconcat ("SELECT c.household_id AS h FROM ", table->name,
                        " x JOIN cases c ON c.id = x.case_id", NULL);
  return NULL;
}

/**
 * _ct_audit_households_of_rows:
 * @where_field: (nullable): only the rows whose @where_field is @value
 *
 * The households a list over @table touches, for its log entry.
 *
 * Returns: (transfer full): their ids, ascending; empty for a table that
 *   is not about households; %NULL with @error set
 */
GArray *
_ct_audit_households_of_rows (CtSession   *self,
                              const char  *table,
                              const char  *where_field,
                              gint64       value,
                              GError     **error)
{
  const CtTable *t = ct_schema_get_table (table);
  g_autofree char *select = t != NULL ? household_select (t) : NULL;
  g_autofree char *sql = NULL;

  if (select == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));
  sql = g_strdup_printf ("SELECT DISTINCT h FROM (%s%s%s%s) ORDER BY 1", select,
                         where_field != NULL ? " WHERE x." : "",
                         where_field != NULL ? where_field : "",
                         where_field != NULL ? " = ?1" : "");
  return select_ids (self, sql, where_field != NULL, value, error);
}

/**
 * _ct_audit_resolve_subject:
 *
 * Whom an entry about row @object_id of @object_table is about: its
 * household and, for a person, the person; for a meeting the households
 * on its agenda. Other objects are about no household.
 */
gboolean
_ct_audit_resolve_subject (CtSession      *self,
                           const char     *object_table,
                           gint64          object_id,
                           CtAuditSubject *subject,
                           GError        **error)
{
  const CtTable *t = ct_schema_get_table (object_table);
  g_autoptr(GArray) ids = NULL;

  memset (subject, 0, sizeof *subject);
  if (t == NULL || object_id <= 0)
    return TRUE;

  if (strcmp (object_table, "meetings") == 0)
    {
      subject->households = select_ids (self, "SELECT DISTINCT c.household_id FROM agenda_items a "
                                              "JOIN cases c ON c.id = a.case_id WHERE "
                                              "a.meeting_id = ?1", TRUE, object_id, error);
      return subject->households != NULL;
    }

  if ((ids = _ct_audit_households_of_rows (self, object_table, "id", object_id, error)) == NULL)
    return FALSE;
  if (ids->len > 0)
    subject->household_id = g_array_index (ids, gint64, 0);
  if (strcmp (object_table, "persons") == 0)
    subject->person_id = object_id;
  return TRUE;
}

gboolean
_ct_audit_last_entry (sqlite3 *db,
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
  CtAuditSubject subject;
  gboolean ok = _ct_audit_resolve_subject (self, object_table, object_id, &subject, error)
                && _ct_audit_append_subject (self, action, object_table, object_id, &subject,
                                             categories, purpose, refused, error);

  g_clear_pointer (&subject.households, g_array_unref);
  return ok;
}

/* The member's next sequence number: one past their newest entry. */
static gboolean
next_member_seq (CtSession *self,
                 gint64     member_id,
                 gint64    *seq,
                 GError   **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, member_id >= 0
                                                       ? "SELECT max(member_seq) FROM access_log "
                                                         "WHERE member_id = ?1"
                                                       : "SELECT max(member_seq) FROM access_log "
                                                         "WHERE member_id IS NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ct_store_set_error (self->db, rc, error);
  *seq = sqlite3_column_int64 (stmt, 0) + 1;
  return TRUE;
}

/* Stores a set once: the same list shown again names the same row. */
static gboolean
put_set (CtSession    *self,
         const char   *text,
         const guint8 *hash,
         GError      **error)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "INSERT OR IGNORE INTO access_log_sets "
                                                       "(hash, households) VALUES (?1, ?2)",
                                             error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  return ct_store_step_done (self->db, stmt, error);
}

/**
 * _ct_audit_append_subject:
 * @subject: (nullable): whom the entry is about; a set of one household
 *   is stored as that household
 *
 * Like _ct_audit_append(), naming @subject instead of working it out.
 */
gboolean
_ct_audit_append_subject (CtSession            *self,
                          CtAuditAction         action,
                          const char           *object_table,
                          gint64                object_id,
                          const CtAuditSubject *subject,
                          guint                 categories,
                          const char           *purpose,
                          gboolean              refused,
                          GError              **error)
{
  g_autofree char *cats = NULL;
  g_autofree char *at = NULL;
  g_autofree char *set = NULL;
  g_autoptr(GDateTime) now = ct_clock_now_utc ();
  g_autoptr(CtStmt) stmt = NULL;
  guint8 prev[HASH_SIZE], hash[HASH_SIZE], sig[crypto_sign_BYTES], set_digest[HASH_SIZE];
  guint8 sealed[SEALED_SIZE];
  guint clear = 0;
  CtAuditEntry e = { 0 };
  int rc;

  if (subject != NULL)
    {
      e.household_id = MAX (subject->household_id, 0);
      e.person_id = MAX (subject->person_id, 0);
      if (subject->households != NULL && subject->households->len > 0)
        {
          set = set_text (subject->households);
          if (strchr (set, ',') == NULL)
            e.household_id = g_ascii_strtoll (set, NULL, 10);
          else
            {
              _ct_audit_set_hash (set, set_digest);
              if (!put_set (self, set, set_digest, error))
                return FALSE;
              e.set_hash = set_digest;
            }
        }
    }

  /* A missing label is a display bug, never a reason to lose the entry. */
  if (find_purpose (purpose) == NULL)
    g_warning ("The access-log purpose “%s” has no display label", purpose);

  if (!_ct_audit_last_entry (self->db, &e.id, prev, error))
    return FALSE;

  at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  e.id++;
  e.at = at;
  e.member_id = self->member != NULL ? self->member->id : -1;
  e.role = self->member != NULL ? ct_role_to_string (self->member->role) : "recovery";
  e.action = (char) action;
  e.object_table = object_table;
  e.object_id = object_id;
  if (!seal_categories (self, e.id, categories, sealed, &clear, error))
    return FALSE;
  cats = categories_string (clear);
  e.categories = cats;
  e.sealed = sealed;
  e.purpose = purpose;
  e.outcome = refused ? "refused" : "ok";
  e.signer_pk = self->identity->sign_pk;
  e.prev_hash = prev;
  if (!next_member_seq (self, e.member_id, &e.member_seq, error))
    return FALSE;
  _ct_audit_entry_hash (&e, hash);
  crypto_sign_detached (sig, NULL, hash, HASH_SIZE, self->identity->sign_sk);

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO access_log (id, at, member_id, role, action, "
                           "object_table, object_id, categories, purpose, outcome, signer_pk, "
                           "prev_hash, hash, signature, household_id, person_id, member_seq, "
                           "household_set, sealed_categories) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                           "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)", -1, &stmt, NULL);
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
  if (e.household_id > 0)
    sqlite3_bind_int64 (stmt, 15, e.household_id);
  if (e.person_id > 0)
    sqlite3_bind_int64 (stmt, 16, e.person_id);
  sqlite3_bind_int64 (stmt, 17, e.member_seq);
  if (e.set_hash != NULL)
    sqlite3_bind_blob (stmt, 18, e.set_hash, HASH_SIZE, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 19, e.sealed, SEALED_SIZE, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);
  return _ct_audit_anchor_put (self, e.id, hash, error);
}

/* A signer must be a key the team chain gave the member (or the recovery
 * key). Before the chain was founded in a file from an older version,
 * the keys the members table lists are accepted too: the founding entry
 * is signed with a chain key and chained to everything before it. */
gboolean
_ct_audit_signer_is_known (CtSession    *self,
                 gint64        member_id,
                 const guint8 *signer_pk,
                 gboolean      before_chain)
{
  g_autoptr(CtStmt) stmt = NULL;

  if (member_id < 0)
    return self->chain != NULL && self->chain->has_recovery
           && sodium_memcmp (self->chain->recovery_sign_pk, signer_pk,
                             crypto_sign_PUBLICKEYBYTES) == 0;

  if (self->chain != NULL && ct_chain_had_sign_key (self->chain, member_id, signer_pk))
    return TRUE;
  if (!before_chain)
    return FALSE;

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


/* An optional id column: NULL is 0, anything else must be an id. */
static gboolean
read_id (CtStmt *stmt,
         int     column,
         gint64 *id)
{
  *id = 0;
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return TRUE;
  *id = sqlite3_column_int64 (stmt, column);
  return sqlite3_column_type (stmt, column) == SQLITE_INTEGER && *id > 0;
}

/* The fields of the second format, and the set an entry names, which
 * must be the one its hash says. */
static gboolean
read_v2 (CtStmt       *stmt,
         CtAuditEntry        *e,
         guint8       *set_digest)
{
  const char *set;

  if (!read_id (stmt, 14, &e->household_id) || !read_id (stmt, 15, &e->person_id)
      || !read_id (stmt, 16, &e->member_seq) || e->member_seq == 0)
    return FALSE;
  if (sqlite3_column_type (stmt, 17) == SQLITE_NULL)
    return TRUE;

  set = (const char *) sqlite3_column_text (stmt, 18);
  if (!blob_is (stmt, 17, HASH_SIZE) || set == NULL || e->household_id != 0)
    return FALSE;
  _ct_audit_set_hash (set, set_digest);
  e->set_hash = sqlite3_column_blob (stmt, 17);
  return sodium_memcmp (set_digest, e->set_hash, HASH_SIZE) == 0;
}

typedef enum
{
  ROW_OK,
  ROW_BAD,       /* changed, out of place, badly signed */
  ROW_SEQUENCE,  /* intact, but a gap or repeat in its member's numbers */
} RowCheck;

/* Checks one row against the chain; the caller names what failed.
 * @v2 and @v3 are whether an entry of the second or third format came
 * before; @seqs holds each member's newest sequence number so far. */
static RowCheck
verify_row (CtSession    *self,
            CtStmt       *stmt,
            gint64        expected_id,
            const guint8 *prev,
            gboolean      before_chain,
            gboolean     *v2,
            gboolean     *v3,
            GHashTable   *seqs)
{
  guint8 hash[HASH_SIZE], set_digest[HASH_SIZE];
  const char *action = _ct_audit_text_or_empty (stmt, 4);
  CtAuditEntry e = { 0 };
  gint64 *last;

  if (!blob_is (stmt, 10, crypto_sign_PUBLICKEYBYTES) || !blob_is (stmt, 11, HASH_SIZE)
      || !blob_is (stmt, 12, HASH_SIZE) || !blob_is (stmt, 13, crypto_sign_BYTES)
      || strlen (action) != 1)
    return ROW_BAD;

  /* No going back to categories in the clear: the third format is the
   * second with sealed categories. */
  if (sqlite3_column_type (stmt, 19) != SQLITE_NULL || *v3)
    {
      if (!blob_is (stmt, 19, SEALED_SIZE) || sqlite3_column_type (stmt, 16) == SQLITE_NULL)
        return ROW_BAD;
      e.sealed = sqlite3_column_blob (stmt, 19);
      *v3 = TRUE;
    }

  /* No going back to the first format, which names no household. */
  if (sqlite3_column_type (stmt, 16) != SQLITE_NULL || *v2)
    {
      if (!read_v2 (stmt, &e, set_digest))
        return ROW_BAD;
      *v2 = TRUE;
    }
  else if (sqlite3_column_type (stmt, 14) != SQLITE_NULL
           || sqlite3_column_type (stmt, 15) != SQLITE_NULL
           || sqlite3_column_type (stmt, 17) != SQLITE_NULL)
    return ROW_BAD;

  _ct_audit_entry_read (stmt, 0, &e);
  e.signer_pk = sqlite3_column_blob (stmt, 10);
  e.prev_hash = prev;
  _ct_audit_entry_hash (&e, hash);

  if (e.id != expected_id
      || sodium_memcmp (sqlite3_column_blob (stmt, 11), prev, HASH_SIZE) != 0
      || sodium_memcmp (sqlite3_column_blob (stmt, 12), hash, HASH_SIZE) != 0
      || crypto_sign_verify_detached (sqlite3_column_blob (stmt, 13), hash, HASH_SIZE,
                                      e.signer_pk) != 0
      || !_ct_audit_signer_is_known (self, e.member_id, e.signer_pk, before_chain))
    return ROW_BAD;

  /* Each member's numbers run 1, 2, 3, ...: no gap, no repeat. A member
   * who removed one of their own entries and re-signed the rest is found
   * here, though every hash and signature holds. */
  if (e.member_seq > 0)
    {
      last = g_hash_table_lookup (seqs, &e.member_id);
      if ((last != NULL ? *last : 0) + 1 != e.member_seq)
        return ROW_SEQUENCE;
      if (last == NULL)
        {
          last = g_new (gint64, 2);
          last[1] = e.member_id;
          g_hash_table_insert (seqs, &last[1], last);
        }
      *last = e.member_seq;
    }
  return ROW_OK;
}

/* Who wrote a row, for a message: a login, or the recovery key. */
static char *
row_writer (CtSession *self,
            CtStmt    *stmt)
{
  g_autoptr(CtStmt) query = NULL;

  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    return g_strdup (_("the recovery key"));
  query = ct_store_prepare (self->db, "SELECT login FROM members WHERE id = ?1", NULL);
  if (query == NULL)
    return g_strdup ("?");
  sqlite3_bind_int64 (query, 1, sqlite3_column_int64 (stmt, 2));
  return g_strdup (sqlite3_step (query) == SQLITE_ROW ? _ct_audit_text_or_empty (query, 0) : "?");
}

static gboolean
triggers_present (CtSession *self)
{
  g_autoptr(CtStmt) stmt = ct_store_prepare (self->db, "SELECT count(*) FROM sqlite_master WHERE "
                                                       "type = 'trigger' AND (tbl_name = "
                                                       "'access_log' AND name IN "
                                                       "('access_log_no_update', "
                                                       "'access_log_no_delete') OR tbl_name = "
                                                       "'access_log_sets' AND name IN "
                                                       "('access_log_sets_no_update', "
                                                       "'access_log_sets_no_delete') OR "
                                                       "tbl_name = 'access_log_remote' AND name "
                                                       "IN ('access_log_remote_no_update', "
                                                       "'access_log_remote_no_delete'))", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 6;
}

/**
 * _ct_audit_verify:
 * @n_verified: (out) (optional): how many entries, from the first, are
 *   intact
 *
 * Walks the whole log, then checks every member's anchor and this
 * device's. The first entry that is changed, out of sequence, badly
 * signed or signed by a key the chain does not know is named in the
 * error; so is a cut-off tail and a removed append-only trigger.
 */
gboolean
_ct_audit_verify (CtSession *self,
                  gint64    *n_verified,
                  GError   **error)
{
  g_autoptr(CtStmt) stmt = NULL;
  g_autoptr(GHashTable) seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  guint8 prev[HASH_SIZE] = { 0 };
  gint64 expected = 1;
  gboolean before_chain = TRUE, v2 = FALSE, v3 = FALSE;
  int rc;

  if (n_verified != NULL)
    *n_verified = 0;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT l.id, l.at, l.member_id, l.role, l.action, l.object_table, "
                           "l.object_id, l.categories, l.purpose, l.outcome, l.signer_pk, "
                           "l.prev_hash, l.hash, l.signature, l.household_id, l.person_id, "
                           "l.member_seq, l.household_set, s.households, l.sealed_categories FROM "
                           "access_log l LEFT JOIN access_log_sets s ON s.hash = l.household_set "
                           "ORDER BY l.id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return ct_store_set_error (self->db, rc, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RowCheck check;

      /* The founding entry itself must be signed with a key of the chain:
       * it is what freezes the entries before it. */
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), "found team chain") == 0)
        before_chain = FALSE;

      check = verify_row (self, stmt, expected, prev, before_chain, &v2, &v3, seqs);

      if (check == ROW_SEQUENCE)
        {
          g_autofree char *writer = row_writer (self, stmt);

          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("Access-log entry %lld breaks the numbering of the entries of %s: one "
                         "of their entries was removed or repeated outside Casustafel."),
                       (long long) expected, writer);
          return FALSE;
        }
      if (check != ROW_OK)
        {
          g_set_error (error, CT_ERROR, CT_ERROR_TAMPERED,
                       _("The access log is not intact from entry %lld on: it was changed, "
                         "removed or inserted outside Casustafel."), (long long) expected);
          return FALSE;
        }
      memcpy (prev, sqlite3_column_blob (stmt, 12), HASH_SIZE);
      if (n_verified != NULL)
        *n_verified = expected;
      expected++;
    }

  if (rc != SQLITE_DONE)
    return ct_store_set_error (self->db, rc, error);

  if (!triggers_present (self))
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_TAMPERED,
                           _("The access log’s append-only protection was removed outside "
                             "Casustafel."));
      return FALSE;
    }

  /* Then every other replica's chain as it arrived here (ct-audit-sync.c) */
  return _ct_audit_verify_anchors (self, TRUE, error) && _ct_audit_check_device_anchor (self, error)
         && _ct_audit_verify_replicas (self, n_verified, error);
}

/**
 * ct_session_verify_log:
 * @n_verified: (out) (optional): how many entries, from the first, are
 *   intact
 *
 * What the log viewer and `casustafel-cli log` show above the entries:
 * whether the whole log is intact (as ct_session_check() verifies it),
 * and if not, from which entry on and why.
 *
 * Returns: %TRUE when the log is intact; %FALSE with %CT_ERROR_TAMPERED
 *   saying what was found
 */
gboolean
ct_session_verify_log (CtSession *self,
                       gint64    *n_verified,
                       GError   **error)
{
  g_return_val_if_fail (CT_IS_SESSION (self), FALSE);

  if (n_verified != NULL)
    *n_verified = 0;
  if (!_ct_session_require_unlocked (self, error))
    return FALSE;

  if (!self->recovery && !self->member->is_admin)
    {
      g_set_error_literal (error, CT_ERROR, CT_ERROR_RESTRICTED,
                           _("Only a beheerder may read the access log."));
      return FALSE;
    }
  return _ct_audit_verify (self, n_verified, error);
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
  const char *details = purpose != NULL ? strstr (purpose, "; ") : NULL;
  g_autofree char *with_details = NULL;

  if (known == NULL)
    return purpose != NULL ? purpose : "";
  if (details == NULL)
    return g_dpgettext2 (NULL, PURPOSE_CONTEXT, known->label);
  /* Details (an agreement's reference) as stored, after the label; interned,
   * as the caller does not free what it gets. */
  with_details = g_strconcat (g_dpgettext2 (NULL, PURPOSE_CONTEXT, known->label), details, NULL);
  return g_intern_string (with_details);
}

