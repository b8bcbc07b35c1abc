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
#include "ct-session.h"

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

void      ct_member_row_free      (CtMemberRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMemberRow, ct_member_row_free)

sqlite3  *ct_store_open           (const char    *path,
                                   const guint8  *db_key,
                                   GError       **error);
void      ct_store_close          (sqlite3       *db);
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
gboolean  ct_store_set_member_keys (sqlite3      *db,
                                    gint64        member_id,
                                    const guint8 *box_pk,
                                    const guint8 *sign_pk,
                                    GError      **error);

gboolean  ct_store_set_setting    (sqlite3       *db,
                                   const char    *key,
                                   const char    *value,
                                   GError       **error);
char     *ct_store_get_setting    (sqlite3       *db,
                                   const char    *key,
                                   GError       **error);

G_END_DECLS
