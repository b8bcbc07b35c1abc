/* ct-vault.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-roles.h"

G_BEGIN_DECLS

/* Team files are one file (docs/file-format.md): two 32 KiB header copies, then the
 * SQLCipher database at 64 KiB. */
#define CT_VAULT_MAGIC        "CASUSTF1"
#define CT_VAULT_FORMAT       1
#define CT_VAULT_HEADER_SIZE  (32 * 1024)
#define CT_VAULT_DB_OFFSET    (2 * CT_VAULT_HEADER_SIZE)
#define CT_VAULT_PAGE_SIZE    4096

/* Limits of what a person types. */
#define CT_LOGIN_MAX          64
#define CT_DISPLAY_NAME_MAX   120
#define CT_TEAM_NAME_MAX      120
#define CT_PASSPHRASE_MIN     8
/* A beheerder's passphrase guards every member, the policy and the log. */
#define CT_ADMIN_PASSPHRASE_MIN 12
#define CT_PASSPHRASE_MAX     1024

/**
 * CtVaultCreateInfo:
 * @team_name: the team's name (stored encrypted, never in the header)
 * @login: the first member's login
 * @display_name: the first member's name as shown to the team
 * @role: the first member's role
 * @is_admin: whether the first member is a beheerder (a new team needs one)
 * @passphrase: the first member's passphrase
 *
 * What a new team file starts with.
 */
typedef struct
{
  const char *team_name;
  const char *login;
  const char *display_name;
  CtRole      role;
  gboolean    is_admin;
  const char *passphrase;
} CtVaultCreateInfo;

gboolean  ct_vault_create         (const char               *path,
                                   const CtVaultCreateInfo  *info,
                                   char                    **recovery_key,
                                   GError                  **error);
void      ct_vault_create_async   (const char               *path,
                                   const CtVaultCreateInfo  *info,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
gboolean  ct_vault_create_finish  (GAsyncResult             *result,
                                   char                    **recovery_key,
                                   GError                  **error);

gboolean  ct_vault_enrol          (const char               *path,
                                   const char               *login,
                                   const char               *enrolment_code,
                                   const char               *new_passphrase,
                                   GError                  **error);
void      ct_vault_enrol_async    (const char               *path,
                                   const char               *login,
                                   const char               *enrolment_code,
                                   const char               *new_passphrase,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
gboolean  ct_vault_enrol_finish   (GAsyncResult             *result,
                                   GError                  **error);

gboolean  ct_vault_validate_login (const char               *login,
                                   GError                  **error);
gboolean  ct_vault_validate_admin_passphrase (const char    *passphrase,
                                              GError       **error);
gboolean  ct_vault_validate_passphrase (const char          *passphrase,
                                        GError             **error);

/* Recovery keys and enrolment codes are returned in sodium_malloc() memory:
 * free them with ct_secret_free(), which wipes them first. */
typedef char CtSecret;

CtSecret *ct_secret_new_string (const char               *text);
void      ct_secret_free          (CtSecret                 *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtSecret, ct_secret_free)

G_END_DECLS
