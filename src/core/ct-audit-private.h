/* ct-audit-private.h — what the access log's files share (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session-private.h"

G_BEGIN_DECLS

#define HASH_SIZE 32

/* A sealed slot: the key version (0: not sealed), a nonce, and one byte,
 * 1 when the entry touched the category, as XChaCha20-Poly1305. */
#define SLOT_SIZE (4 + CT_NONCE_SIZE + 1 + CT_TAG_SIZE)
#define SEALED_SIZE (CT_CATEGORY_GENERAL * SLOT_SIZE)

/* One entry as hashed and signed (docs/security.md, "The access log"). */
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
  /* The second format: member_seq > 0 */
  gint64      household_id;  /* 0: none */
  gint64      person_id;     /* 0: none */
  gint64      member_seq;
  const guint8 *set_hash;    /* NULL: no set */
  /* The third format: SEALED_SIZE bytes, NULL before it */
  const guint8 *sealed;
} CtAuditEntry;

void     _ct_audit_entry_hash      (const CtAuditEntry *e,
                                    guint8             *hash);
gsize    _ct_audit_slot_ad         (gint64              entry_id,
                                    CtCategory          c,
                                    guint32             version,
                                    guint8             *ad);
void     _ct_audit_set_hash        (const char         *text,
                                    guint8             *hash);
gboolean _ct_audit_last_entry      (sqlite3            *db,
                                    gint64             *id,
                                    guint8             *hash,
                                    GError            **error);
gboolean _ct_audit_signer_is_known (CtSession          *self,
                                    gint64              member_id,
                                    const guint8       *signer_pk,
                                    gboolean            before_chain);
gboolean _ct_audit_anchor_put      (CtSession          *self,
                                    gint64              entry_id,
                                    const guint8       *entry_hash,
                                    GError            **error);
gboolean _ct_audit_verify_anchors  (CtSession          *self,
                                    gboolean            with_entries,
                                    GError            **error);

/* A member's newest number among one replica's travelled entries, asked
 * for every entry a change file carries; migration 27's index answers it
 * without a walk through that replica's entries (test-log-sync checks the
 * plan). */
#define CT_AUDIT_MEMBER_SEQ_SQL \
  "SELECT max (member_seq) FROM access_log_remote WHERE device = ?1 AND member_id = ?2"
#define CT_AUDIT_MEMBER_SEQ_RECOVERY_SQL \
  "SELECT max (member_seq) FROM access_log_remote WHERE device = ?1 AND member_id IS NULL"

static inline const char *
_ct_audit_text_or_empty (CtStmt *stmt,
                         int     column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* The columns every log row has, from @first on in this order: id, at,
 * member_id, role, action, object_table, object_id, categories, purpose,
 * outcome. The texts point into @stmt's row; the caller checks that the
 * action is one letter. */
static inline void
_ct_audit_entry_read (CtStmt       *stmt,
                      int           first,
                      CtAuditEntry *e)
{
  e->id = sqlite3_column_int64 (stmt, first);
  e->at = _ct_audit_text_or_empty (stmt, first + 1);
  e->member_id = sqlite3_column_type (stmt, first + 2) == SQLITE_NULL
                   ? -1 : sqlite3_column_int64 (stmt, first + 2);
  e->role = _ct_audit_text_or_empty (stmt, first + 3);
  e->action = _ct_audit_text_or_empty (stmt, first + 4)[0];
  e->object_table = _ct_audit_text_or_empty (stmt, first + 5);
  e->object_id = sqlite3_column_int64 (stmt, first + 6);
  e->categories = _ct_audit_text_or_empty (stmt, first + 7);
  e->purpose = _ct_audit_text_or_empty (stmt, first + 8);
  e->outcome = _ct_audit_text_or_empty (stmt, first + 9);
}

G_END_DECLS
