/* ct-sync-enrol-private.h — an enrolment file, opened (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-sync-private.h"

G_BEGIN_DECLS

/* A team's folder in the sync folder: this, then the team id in hex. */
#define CT_SYNC_TEAM_PREFIX "casustafel-"

/* What an enrolment file holds, opened. */
typedef struct
{
  guint8   team_id[CT_TEAM_ID_SIZE];
  guint8   member_uid[CT_MEMBER_ID_SIZE];
  guint8   sign_pk[crypto_sign_PUBLICKEYBYTES];
  guint64  position;
  CtKdfParams kdf;
  guint8   salt[CT_SALT_SIZE];
  guint8  *kek;        /* sodium_malloc() */
  guint8  *seed;       /* sodium_malloc() */
  guint8  *sync_key;   /* sodium_malloc() */
  guint32  key_version;
  guint8   chain_hash[CT_CHAIN_HASH_SIZE];
  char    *login;
  char    *path;
  /* of CtSyncLaterKey: the later versions' keys its key file gave
   * (docs/sync-join.md, "Joining after a removal"); NULL when none */
  GPtrArray *later_keys;
} CtSyncEnrolment;

/* A later sync key version an enrolment's key file gave the member. */
typedef struct
{
  guint32  version;
  guint8  *key;        /* sodium_malloc() */
} CtSyncLaterKey;

void      _ct_sync_enrolment_clear (CtSyncEnrolment  *e);
gboolean  _ct_sync_find_enrolment  (const char       *folder,
                                    const char       *login,
                                    const char       *code,
                                    CtSyncEnrolment  *e,
                                    GError          **error);
gboolean  _ct_sync_open_enrolment  (CtSyncEnrolment  *e,
                                    const char       *login,
                                    const char       *code,
                                    GError          **error);

G_END_DECLS
