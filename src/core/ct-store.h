/* ct-store.h — the SQLCipher database inside a team file (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "ct-header.h"
#include "ct-schema.h"
#include "ct-roles.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   id;
  guint8   member_uid[CT_MEMBER_ID_SIZE];
  char    *login;
  char    *display_name;
  CtRole   role;
  gboolean is_admin;
  gboolean enrolled;
  gboolean removed;
  guint8   box_pk[crypto_box_PUBLICKEYBYTES];
  guint8   sign_pk[crypto_sign_PUBLICKEYBYTES];
} CtMemberRow;

typedef sqlite3_stmt CtStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtStmt, sqlite3_finalize)

typedef struct
{
  int         type;     /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT or SQLITE_BLOB */
  const char *text;
  gint64      integer;
  GBytes     *blob;
} CtStoreValue;

void      ct_store_bind_value     (sqlite3_stmt       *stmt,
                                   int                 index,
                                   const CtStoreValue *value);

void      ct_member_row_free      (CtMemberRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMemberRow, ct_member_row_free)

CtStmt   *ct_store_prepare        (sqlite3       *db,
                                   const char    *sql,
                                   GError       **error);
gboolean  ct_store_step_done      (sqlite3       *db,
                                   CtStmt        *stmt,
                                   GError       **error);
/* How long a connection waits for another's lock before it fails with
 * CT_ERROR_BUSY. */
#define CT_STORE_BUSY_MS 2000

sqlite3  *ct_store_open           (const char    *path,
                                   const guint8  *db_key,
                                   GError       **error);
void      ct_store_close          (sqlite3       *db);
void      ct_store_remove_file    (const char    *path);
gboolean  ct_store_set_error      (sqlite3       *db,
                                   int            rc,
                                   GError       **error);
gboolean  ct_store_exec           (sqlite3       *db,
                                   const char    *sql,
                                   GError       **error);
gboolean  ct_store_begin          (sqlite3       *db,
                                   GError       **error);
gboolean  ct_store_commit         (sqlite3       *db,
                                   GError       **error);
void      ct_store_rollback       (sqlite3       *db);
gboolean  ct_store_migrate        (sqlite3       *db,
                                   GError       **error);
gboolean  ct_store_rekey          (sqlite3       *db,
                                   const guint8  *new_key,
                                   GError       **error);
gboolean  ct_store_check          (sqlite3       *db,
                                   GError       **error);
gboolean  ct_store_quick_check    (sqlite3       *db,
                                   GError       **error);
gboolean  ct_store_verify_key     (const char    *path,
                                   const guint8  *key,
                                   GError       **error);
const char *ct_store_column_text  (sqlite3_stmt  *stmt,
                                   int            column,
                                   gboolean      *damaged);
gboolean  ct_store_column_blob    (sqlite3_stmt  *stmt,
                                   int            column,
                                   guint8        *out,
                                   gsize          size);
gboolean  ct_store_export_plain   (sqlite3       *db,
                                   const char    *out_path,
                                   const guint8  *out_key,
                                   GError       **error);

gboolean  ct_store_init_team      (sqlite3       *db,
                                   const char    *team_name,
                                   GError       **error);
char     *ct_store_get_team_name  (sqlite3       *db,
                                   GError       **error);

gboolean  ct_store_insert_member  (sqlite3           *db,
                                   const CtMemberRow *row,
                                   gint64            *id,
                                   GError           **error);
CtMemberRow *ct_store_get_member_by_uid   (sqlite3      *db,
                                           const guint8 *member_uid,
                                           GError      **error);
CtMemberRow *ct_store_get_member_by_login (sqlite3      *db,
                                           const char   *login,
                                           GError      **error);
GPtrArray *ct_store_list_members  (sqlite3       *db,
                                   gboolean       include_removed,
                                   GError       **error);
gboolean  ct_store_mark_removed   (sqlite3       *db,
                                   gint64         member_id,
                                   GError       **error);
gboolean  ct_store_set_enrolled   (sqlite3       *db,
                                   gint64         member_id,
                                   GError       **error);
gboolean  ct_store_set_member_role (sqlite3      *db,
                                    gint64        member_id,
                                    CtRole        role,
                                    gboolean      is_admin,
                                    GError      **error);
gboolean  ct_store_set_member_keys (sqlite3      *db,
                                    gint64        member_id,
                                    const guint8 *box_pk,
                                    const guint8 *sign_pk,
                                    GError      **error);

gboolean  ct_store_case_number_taken (sqlite3    *db,
                                      const char *number,
                                      gint64      except_id);
gboolean  ct_store_set_setting    (sqlite3       *db,
                                   const char    *key,
                                   const char    *value,
                                   GError       **error);
char     *ct_store_get_setting    (sqlite3       *db,
                                   const char    *key,
                                   GError       **error);

G_END_DECLS

G_BEGIN_DECLS

/* ct-store-keys.c */
/* A category key version's name: the hash of the chain statement that
 * made it (CT_CHAIN_HASH_SIZE; docs/sync-security.md, "Key versions named by
 * their statement"), zeros for a fresh key and versions made before
 * migration 24. */
#define CT_KEY_NAME_SIZE 32

gint      ct_store_key_version        (sqlite3      *db,
                                       CtCategory    category,
                                       gboolean     *used,
                                       guint8       *made_by,
                                       GError      **error);
gboolean  ct_store_key_add_version    (sqlite3      *db,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       GError      **error);
gboolean  ct_store_key_mark_used      (sqlite3      *db,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       GError      **error);
gboolean  ct_store_key_set_previous   (sqlite3      *db,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       const guint8 *sealed,
                                       gsize         len,
                                       GError      **error);
GPtrArray *ct_store_key_get_previous  (sqlite3      *db,
                                       CtCategory    category,
                                       gint          version);
gboolean   ct_store_key_has_version   (sqlite3      *db,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       GBytes      **previous);
GBytes   *ct_store_grant_get          (sqlite3      *db,
                                       gint64        holder,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       GError      **error);
/* One grant of a category key version to one holder (ct_store_grants_from()). */
typedef struct
{
  gint    version;
  guint8  made_by[CT_KEY_NAME_SIZE];
  GBytes *sealed;
} CtKeyGrant;

void      ct_key_grant_free           (CtKeyGrant   *grant);
GPtrArray *ct_store_grants_kept       (sqlite3      *db,
                                       gint64        holder,
                                       CtCategory    category);
GPtrArray *ct_store_grants_from       (sqlite3      *db,
                                       gint64        holder,
                                       CtCategory    category,
                                       gint          min_version);
gboolean  ct_store_grant_put          (sqlite3      *db,
                                       gint64        holder,
                                       CtCategory    category,
                                       gint          version,
                                       const guint8 *made_by,
                                       const guint8 *sealed,
                                       gsize         len,
                                       GError      **error);
gboolean  ct_store_grants_prune       (sqlite3      *db,
                                       CtCategory    category,
                                       gint          keep_version,
                                       const guint8 *keep_made_by,
                                       GError      **error);
gboolean  ct_store_grants_drop_holder (sqlite3      *db,
                                       gint64        holder,
                                       GError      **error);
gboolean  ct_store_grant_drop         (sqlite3      *db,
                                       gint64        holder,
                                       CtCategory    category,
                                       GError      **error);
guint     ct_store_grants_of          (sqlite3      *db,
                                       gint64        holder);
gboolean  ct_store_policy_load        (sqlite3      *db,
                                       guint        *masks,
                                       GError      **error);
gboolean  ct_store_policy_set         (sqlite3      *db,
                                       CtRole        role,
                                       CtCategory    category,
                                       gboolean      granted,
                                       GError      **error);
guint     ct_store_pending_rotations  (sqlite3      *db);
gboolean  ct_store_pending_set        (sqlite3      *db,
                                       CtCategory    category,
                                       gboolean      pending,
                                       const guint8 *made_by,
                                       GError      **error);
void      ct_store_pending_made_by    (sqlite3      *db,
                                       CtCategory    category,
                                       guint8       *made_by);

G_END_DECLS

G_BEGIN_DECLS

/* ct-store-data.c */
gint64        ct_store_row_next_id   (sqlite3            *db,
                                      const CtTable      *table,
                                      GError            **error);
gboolean      ct_store_row_insert    (sqlite3            *db,
                                      const CtTable      *table,
                                      gint64              id,
                                      const CtStoreValue *values,
                                      GError            **error);
gboolean      ct_store_row_update    (sqlite3            *db,
                                      const CtTable      *table,
                                      gint64              id,
                                      const CtStoreValue *values,
                                      const guint8       *changed,
                                      GError            **error);
gboolean      ct_store_row_delete    (sqlite3            *db,
                                      const CtTable      *table,
                                      gint64              id,
                                      GError            **error);
gboolean      ct_store_row_exists    (sqlite3            *db,
                                      const char         *table,
                                      gint64              id);
sqlite3_stmt *ct_store_row_select    (sqlite3            *db,
                                      const CtTable      *table,
                                      const char         *where_field,
                                      gint64              value,
                                      gboolean            first_per_parent,
                                      GError            **error);
sqlite3_stmt *ct_store_fields_select (sqlite3            *db,
                                      const CtTable      *table,
                                      const guint        *fields,
                                      guint               n_fields,
                                      gboolean            first_per_parent,
                                      gboolean            by_parent,
                                      GError            **error);
sqlite3_stmt *ct_store_fields_select_by (sqlite3         *db,
                                         const CtTable   *table,
                                         const guint     *fields,
                                         guint            n_fields,
                                         const char      *key_field,
                                         gboolean         first_per_parent,
                                         const char      *descending,
                                         GError         **error);
gboolean      ct_store_secure_delete_is_on (sqlite3      *db);
gboolean      ct_store_purge_household (sqlite3          *db,
                                        gint64            household_id,
                                        const char       *today,
                                        guint            *n_rows,
                                        GError          **error);
gboolean      ct_store_purge_value     (const CtTable    *table,
                                        guint             field,
                                        CtStoreValue     *value);
gboolean      ct_store_count_household_rows (sqlite3     *db,
                                             gint64       household_id,
                                             guint       *counts,
                                             GError     **error);
gint64        ct_store_person_household (sqlite3         *db,
                                         gint64           person_id);
sqlite3_stmt *ct_store_retention_cases (sqlite3          *db,
                                        GError          **error);
gboolean      ct_store_load_record_keys   (sqlite3       *db,
                                          const gint64  *ids,
                                          guint          n_ids,
                                          guint32       *keys,
                                          gboolean      *have,
                                          GError       **error);
gboolean      ct_store_add_record_keys    (sqlite3       *db,
                                          const gint64  *ids,
                                          const guint32 *keys,
                                          guint          n_ids,
                                          GError       **error);
GArray       *ct_store_overdue_households (sqlite3       *db,
                                           const char    *today,
                                           GError       **error);
gboolean      ct_store_household_overdue (sqlite3       *db,
                                          gint64         household_id,
                                          const char    *today,
                                          gboolean      *overdue,
                                          GError       **error);
GArray       *ct_store_involved_households (sqlite3      *db,
                                            gint64        member_id,
                                            const char   *since,
                                            gboolean      every_agenda,
                                            GError      **error);
void          ct_store_set_involved_lookups_for_testing (int look_up);
int           ct_store_get_involved_lookups_for_testing (void);

/* A row and the household it belongs to. */
typedef struct
{
  gint64 id;
  gint64 household;
} CtRowHousehold;

/* A signed explicit involvement, as stored; verified by the session. */
typedef struct
{
  gint64 household;
  guint8 member_uid[CT_MEMBER_ID_SIZE];
  guint8 signer_uid[CT_MEMBER_ID_SIZE];
  char   added_on[11];
  guint8 signature[crypto_sign_BYTES];
} CtStoreInvolvement;

gboolean      ct_store_put_involvement   (sqlite3                  *db,
                                          const CtStoreInvolvement *inv,
                                          GError                  **error);
gboolean      ct_store_delete_involvement (sqlite3      *db,
                                           gint64        household_id,
                                           const guint8 *member_uid,
                                           guint        *n_rows,
                                           GError      **error);
GArray       *ct_store_list_involvements (sqlite3       *db,
                                          gint64         household_id,
                                          const guint8  *member_uid,
                                          GError       **error);
gboolean      ct_store_add_break_glass   (sqlite3       *db,
                                          gint64         log_id,
                                          gint64         household_id,
                                          const char    *because,
                                          GError       **error);
char         *ct_store_get_break_glass   (sqlite3       *db,
                                          gint64         log_id);
GArray       *ct_store_row_households    (sqlite3       *db,
                                          const CtTable *table,
                                          const char    *where_field,
                                          gint64         value,
                                          GError       **error);
sqlite3_stmt *ct_store_column_select (sqlite3            *db,
                                      const CtTable      *table,
                                      const CtField      *field,
                                      GError            **error);
gboolean      ct_store_column_update (sqlite3            *db,
                                      const CtTable      *table,
                                      const CtField      *field,
                                      gint64              id,
                                      GBytes             *blob,
                                      GError            **error);

G_END_DECLS
