/* ct-session-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sys/types.h>

#include "ct-chain.h"
#include "ct-header.h"
#include "ct-session.h"
#include "ct-store.h"
#include "ct-vault.h"

G_BEGIN_DECLS

struct _CtSession
{
  GObject      parent_instance;

  char        *path;
  int          fd;
  dev_t        dev;
  ino_t        ino;

  CtHeader    *header;
  sqlite3     *db;
  guint8      *db_key;    /* sodium_malloc() */
  CtIdentity  *identity;  /* sodium_malloc() */
  CtMemberRow *member;    /* NULL in a recovery session */
  CtChain     *chain;     /* the verified team chain (ct-session-chain.c) */
  char        *team_name;

  /* Category keys this session holds, and the team's policy. */
  guint8      *cat_keys;  /* sodium_malloc(): CT_N_CATEGORIES keys */
  gint         cat_version[CT_N_CATEGORIES];  /* 0: not held */
  guint        role_policy[CT_N_ROLES];
  guint        marked_used;

  guint        recovery : 1;
  guint        sharing : 1;   /* ct-doorbraak.c marks an example shared */
  guint        reopening : 1; /* ct-meeting.c reopens a closed meeting */
  guint        replaced : 1;
  guint        read_only : 1;      /* opened without write access */
  guint        rekey_pending : 1;  /* a K_db rotation waits for free space */
  guint        rekeying : 1;  /* _ct_session_rotate_key_async() is at work */
  guint        anchored : 1;  /* verified: may write the device's log anchor */
  guint        damaged : 1;   /* failed the chain checks: open for repair only */
  guint        restoring : 1; /* ct_session_unlock_restoring_backup() */
  guint        copy_source : 1; /* ct_session_unlock_copy(): not the device's record */
  CtBackupGap  gap;           /* what that found */

  /* A reader (_ct_session_new_reader()): its scans log nothing themselves
   * but keep here what they read (CtDeferredRead), for the owner to log
   * with _ct_session_log_deferred() before anything read is handed out. */
  GArray      *deferred_reads;
  GHashTable  *glass;         /* households opened with "Look anyway" (gint64 *) */
  GHashTable  *created;       /* households this member made in this session (gint64 *) */
  GHashTable  *involved;      /* cached until a write: the households this member is in */
  char        *involved_since;    /* the first day of the meeting window it used */
  gboolean     reader_limited;    /* a reader given its owner's involved set to keep */
  GHashTable  *restricted;    /* a reader's: the households under restriction (gint64 *) */
};

typedef struct
{
  const CtTable *table;
  guint          categories;
  GArray        *households;  /* gint64 */
} CtDeferredRead;

CtSession *_ct_session_new_reader    (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_log_deferred  (CtSession    *self,
                                      CtSession    *reader,
                                      GError      **error);
gboolean   _ct_session_log_reads     (CtSession    *self,
                                      gpointer      data,
                                      GError      **error);
gboolean   _ct_session_read_batch    (CtSession    *self,
                                      gboolean    (*func) (CtSession *, gpointer, GError **),
                                      gpointer      data,
                                      GError      **error);

/* What a member outside a household's involvement gets of a table's rows
 * (ct-session-involvement.c). */
typedef enum
{
  CT_LIMIT_NONE,     /* the rows as for anyone */
  CT_LIMIT_GENERAL,  /* the general fields only */
  CT_LIMIT_HIDE,     /* not the rows at all */
} CtLimit;

CtLimit    _ct_table_limit           (const CtTable *table);
gboolean   _ct_session_limited_rows  (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      GHashTable   **limited,
                                      GError       **error);
gboolean   _ct_session_share_involvement (CtSession  *self,
                                          CtSession  *reader,
                                          GError    **error);
void       _ct_session_note_created_household (CtSession *self,
                                               gint64     household_id);
gint64     _ct_session_household_of_new (CtSession *self,
                                         CtRecord  *record);
gboolean   _ct_session_check_involved_write (CtSession *self,
                                             CtRecord  *record,
                                             GError   **error);
gboolean   _ct_session_check_involved_delete (CtSession     *self,
                                              const CtTable *table,
                                              gint64         id,
                                              GError       **error);

/* Restriction of processing (ct-session-restrict.c). */
GHashTable *_ct_session_restricted_households (CtSession  *self,
                                               GError    **error);
GHashTable *_ct_session_hidden_restricted     (CtSession  *self,
                                               GError    **error);
GHashTable *_ct_session_restricted_cases      (CtSession  *self,
                                               GError    **error);
gboolean   _ct_session_share_restrictions (CtSession  *self,
                                           CtSession  *reader,
                                           GError    **error);
gboolean   _ct_session_check_restricted_write (CtSession     *self,
                                               const CtTable *table,
                                               CtRecord      *record,
                                               gint64         id,
                                               GError       **error);
gboolean   _ct_session_household_restricted (CtSession  *self,
                                             gint64      household_id,
                                             GError    **error);

CtSession *_ct_session_open_file     (const char   *path,
                                      gboolean      create,
                                      GError      **error);
gboolean   _ct_session_write_header  (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_begin_write   (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_require_unlocked (CtSession *self,
                                         GError   **error);
gboolean   _ct_session_require_admin (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_rotate_key    (CtSession    *self,
                                      GError      **error);
void       _ct_session_rotate_key_async (CtSession           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean   _ct_session_rotate_key_finish (CtSession     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
gboolean   _ct_session_record_member_keys (CtSession        *self,
                                           gint64            member_id,
                                           const CtIdentity *identity,
                                           GError          **error);
gboolean   _ct_session_rotate_credentials (CtSession         *self,
                                           const CtMemberRow *member,
                                           const char        *passphrase,
                                           const char        *purpose,
                                           GError           **error);
CtSession *_ct_session_unlock_slot   (const char   *path,
                                      const char   *login,
                                      const char   *passphrase,
                                      gboolean      allow_enrolment,
                                      GError      **error);
CtSession *_ct_session_unlock_for_join (const char *path,
                                        const char *login,
                                        const char *code,
                                        GError    **error);
void       _ct_slot_init             (CtSlot       *slot,
                                      CtHeader     *header,
                                      CtSlotKind    kind,
                                      const char   *login,
                                      const guint8 *member_uid,
                                      const CtIdentity *identity);
gboolean   _ct_slot_protect          (CtSlot       *slot,
                                      CtHeader     *header,
                                      const char   *secret,
                                      const CtIdentity *identity,
                                      GError      **error);
char      *_ct_canonical_code        (const char   *text,
                                      gsize         len);
/* ct-session-chain.c */
gboolean   _ct_session_load_chain    (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_check_restore (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_log_restore   (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_load_keys     (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_reload_chain  (CtSession    *self,
                                      GError      **error);
const guint8 *_ct_session_signer_uid (CtSession    *self);
gboolean   _ct_session_check_slots   (CtSession    *self,
                                      GError      **error);
guint      _ct_session_drop_foreign_slots (CtSession *self);
gboolean   _ct_chain_append_rotate_keys (CtSession        *self,
                                         const CtIdentity *identity,
                                         GError          **error);
/* ct-session-keys.c */
gboolean   _ct_session_setup_keys    (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_fulfil        (CtSession    *self,
                                      GError      **error);
gboolean   _ct_session_rotate_pending (CtSession   *self,
                                       GError     **error);
gboolean   _ct_session_can_read      (CtSession    *self,
                                      CtCategory    category);
gint64     _ct_session_holder        (CtSession    *self);
gboolean   _ct_session_key_of_version (CtSession   *self,
                                       CtCategory   c,
                                       gint         version,
                                       guint8      *out);
GBytes    *_ct_field_seal            (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const char   *plaintext,
                                      GError      **error);
char      *_ct_field_open            (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      GError      **error);
typedef struct
{
  char  *data;
  gsize  size;
} CtPlainBuffer;

const char *_ct_field_open_into      (CtSession    *self,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      CtPlainBuffer *buffer,
                                      GError      **error);
GBytes    *_ct_row_seal              (CtSession    *self,
                                      CtCategory    category,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const char   *plaintext,
                                      GError      **error);
const char *_ct_row_open_into        (CtSession    *self,
                                      CtCategory    category,
                                      const CtTable *table,
                                      const CtField *field,
                                      gint64        row_id,
                                      const guint8 *blob,
                                      gsize         len,
                                      CtPlainBuffer *buffer);
/* ct-session-rows.c */
gboolean   _ct_row_category_read     (CtSession    *self,
                                      const CtTable *table,
                                      gint64        row_id,
                                      sqlite3_stmt *stmt,
                                      int           column,
                                      CtCategory   *category,
                                      GError      **error);
guint      _ct_row_categories_readable (CtSession  *self);
gboolean   _ct_session_upgrade_rows  (CtSession    *self,
                                      GError      **error);
void       _ct_plain_buffer_reserve  (CtPlainBuffer *buffer,
                                      gsize         size);
void       _ct_plain_buffer_clear    (CtPlainBuffer *buffer);
gboolean   _ct_session_is_approver   (CtSession    *self);
GPtrArray *_ct_session_read_rows     (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      guint         *read,
                                      GError       **error);
gboolean   _ct_session_log_list_read (CtSession     *self,
                                      const CtTable *table,
                                      const char    *where_field,
                                      gint64         value,
                                      guint          categories,
                                      GError       **error);
gboolean   _ct_session_log_read      (CtSession    *self,
                                      const CtTable *table,
                                      gint64        id,
                                      guint         categories,
                                      const char   *purpose,
                                      GError      **error);
gboolean   _ct_session_with_transaction (CtSession *self,
                                         gboolean (*func) (CtSession *, gpointer, GError **),
                                         gpointer   data,
                                         GError   **error);

/* ct-vault.c: for the demo team only (ct-demo.c), whose passphrases are
 * the published "demo": the public functions without the minimum length. */
gboolean   _ct_vault_create_unchecked (const char              *path,
                                       const CtVaultCreateInfo *info,
                                       CtSecret               **recovery_key,
                                       GError                 **error);
gboolean   _ct_vault_enrol_unchecked (const char   *path,
                                      const char   *login,
                                      const char   *enrolment_code,
                                      const char   *new_passphrase,
                                      GError      **error);

gboolean   _ct_validate_text         (const char   *table,
                                      const char   *field,
                                      const char   *label,
                                      const char   *value,
                                      gsize         max_chars,
                                      GError      **error);

G_END_DECLS
