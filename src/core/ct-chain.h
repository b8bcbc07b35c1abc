/* ct-chain.h — the signed team chain (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ct-crypto.h"
#include "ct-header.h"
#include "ct-roles.h"

G_BEGIN_DECLS

typedef enum
{
  CT_CHAIN_FOUND  = 1,  /* team id, founder, recovery key, policy matrix */
  CT_CHAIN_ADD    = 2,  /* a member with role, flag and public keys */
  CT_CHAIN_ROLE   = 3,  /* a member's role and beheerder flag */
  CT_CHAIN_POLICY = 4,  /* a category granted to or revoked from a role */
  CT_CHAIN_REMOVE = 5,  /* a member leaves */
  CT_CHAIN_KEYS   = 6,  /* a member's new public keys */
  CT_CHAIN_NEED_TO_KNOW = 7,  /* need-to-know per household on or off, and its window */
  CT_CHAIN_SETTINGS = 8,  /* team settings (export k and threshold, retention terms) */
} CtChainKind;

/* Most team settings one statement carries. */
#define CT_CHAIN_MAX_SETTINGS 32

/* A team setting with a meaning (docs/sync-chain.md, "Team settings"): a full
 * key, or a prefix ending in '.' followed by a name of [a-z0-9_]. */
typedef struct
{
  const char *key;
  const char *label;  /* translatable, not translated */
  gint64      min;
  gint64      max;
  gint64      fallback;  /* what the team uses while no statement set it */
} CtTeamSetting;

const CtTeamSetting *ct_team_setting_find (const char *key);

/* Days after a meeting that its attendees stay involved in the households
 * on its agenda, until a statement says otherwise (docs/security.md). */
#define CT_CHAIN_MEETING_DAYS 14

#define CT_CHAIN_HASH_SIZE 32

/* A member as the verified chain has them. */
typedef struct
{
  gint64   id;        /* members.id, the log's member_id */
  guint8   uid[CT_MEMBER_ID_SIZE];
  char    *login;
  char    *display_name;
  CtRole   role;
  gboolean is_admin;
  gboolean removed;
  gint64   removed_seq;  /* the statement that removed them, -1 while present */
  guint8   box_pk[crypto_box_PUBLICKEYBYTES];
  guint8   sign_pk[crypto_sign_PUBLICKEYBYTES];
  GArray  *sign_keys; /* every Ed25519 key the member has had */
} CtChainMember;

typedef struct
{
  guint8     team_id[CT_TEAM_ID_SIZE];
  GPtrArray *members;  /* of CtChainMember, in the order they were added */
  guint      policy[CT_N_ROLES];
  gboolean   has_recovery;
  guint8     recovery_box_pk[crypto_box_PUBLICKEYBYTES];
  guint8     recovery_sign_pk[crypto_sign_PUBLICKEYBYTES];
  gboolean   need_to_know;  /* involvement limits what a member sees */
  guint      meeting_days;  /* involvement after a meeting */
  gboolean   has_settings;  /* the team settings are the chain's */
  GHashTable *settings;  /* key → value (GINT_TO_POINTER), of those set */
  gint64     length;   /* statements verified */
  guint8     head[CT_CHAIN_HASH_SIZE];
} CtChain;

CtChain       *ct_chain_new            (const guint8  *team_id);
void           ct_chain_free           (CtChain       *chain);
CtChain       *ct_chain_copy           (const CtChain *chain);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtChain, ct_chain_free)

CtChain       *ct_chain_load           (sqlite3       *db,
                                        const guint8  *team_id,
                                        GError       **error);
CtChain       *ct_chain_load_length    (sqlite3       *db,
                                        const guint8  *team_id,
                                        gint64         length,
                                        GError       **error);
gboolean       ct_chain_append_signed  (CtChain       *chain,
                                        sqlite3       *db,
                                        const guint8  *body,
                                        gsize          len,
                                        const guint8  *signer,
                                        const guint8  *signature,
                                        GError       **error);
gboolean       ct_chain_verify_signed  (CtChain       *chain,
                                        const guint8  *body,
                                        gsize          len,
                                        const guint8  *signer,
                                        const guint8  *signature,
                                        GError       **error);
void           ct_chain_hash_statement (const guint8  *body,
                                        gsize          len,
                                        const guint8  *signer,
                                        const guint8  *signature,
                                        guint8        *hash);
gboolean       ct_chain_statement_get  (sqlite3       *db,
                                        gint64         seq,
                                        GBytes       **body,
                                        guint8        *signer,
                                        guint8        *signature);
CtChain       *ct_chain_load_prefix    (sqlite3       *db,
                                        const guint8  *team_id,
                                        GError       **problem,
                                        GError       **error);
gint64         ct_chain_truncate       (const CtChain *chain,
                                        sqlite3       *db,
                                        GError       **error);
gint           ct_chain_restore_tables (const CtChain *chain,
                                        sqlite3       *db,
                                        GArray        *changed,
                                        GError       **error);
gboolean       ct_chain_statement_hash (sqlite3       *db,
                                        gint64         seq,
                                        guint8        *hash);
CtChainMember *ct_chain_find_uid       (const CtChain *chain,
                                        const guint8  *uid);
CtChainMember *ct_chain_find_id        (const CtChain *chain,
                                        gint64         id);
guint          ct_chain_member_n_sign_keys (const CtChainMember *m);
const guint8  *ct_chain_member_get_sign_key (const CtChainMember *m,
                                             guint                i);
gboolean       ct_chain_had_sign_key   (const CtChain *chain,
                                        gint64         member_id,
                                        const guint8  *sign_pk);
gboolean       ct_chain_slot_is_valid  (const CtChain *chain,
                                        const CtSlot  *slot);
gboolean       ct_chain_check_tables   (const CtChain *chain,
                                        sqlite3       *db,
                                        GError       **error);

/* Statements: each is appended inside the caller's transaction, signed
 * by @signer (a member's identity, or the recovery identity with
 * @signer_uid %NULL), and applied to @chain as a verifier would. */
typedef struct
{
  gint64        id;
  const guint8 *uid;
  const char   *login;
  const char   *display_name;
  CtRole        role;
  gboolean      is_admin;
  const guint8 *box_pk;
  const guint8 *sign_pk;
} CtChainMemberInfo;

gboolean ct_chain_append_found  (CtChain                 *chain,
                                 sqlite3                 *db,
                                 const CtChainMemberInfo *founder,
                                 const CtSlot            *recovery,
                                 const guint             *policy,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);
gboolean ct_chain_append_add    (CtChain                 *chain,
                                 sqlite3                 *db,
                                 const CtChainMemberInfo *member,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);
gboolean ct_chain_append_need_to_know (CtChain          *chain,
                                      sqlite3          *db,
                                      gboolean          on,
                                      guint             meeting_days,
                                      const guint8     *signer_uid,
                                      const CtIdentity *signer,
                                      GError          **error);
gboolean ct_chain_append_settings (CtChain           *chain,
                                   sqlite3           *db,
                                   const char *const *keys,
                                   const gint64      *values,
                                   guint              n,
                                   const guint8      *signer_uid,
                                   const CtIdentity  *signer,
                                   GError           **error);
gboolean ct_chain_get_setting   (const CtChain           *chain,
                                 const char              *key,
                                 gint64                  *value);
gboolean ct_chain_append_role   (CtChain                 *chain,
                                 sqlite3                 *db,
                                 const guint8            *uid,
                                 CtRole                   role,
                                 gboolean                 is_admin,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);
gboolean ct_chain_append_policy (CtChain                 *chain,
                                 sqlite3                 *db,
                                 CtRole                   role,
                                 CtCategory               category,
                                 gboolean                 granted,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);
gboolean ct_chain_append_remove (CtChain                 *chain,
                                 sqlite3                 *db,
                                 const guint8            *uid,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);
gboolean ct_chain_append_keys   (CtChain                 *chain,
                                 sqlite3                 *db,
                                 const guint8            *uid,
                                 const guint8            *box_pk,
                                 const guint8            *sign_pk,
                                 const guint8            *signer_uid,
                                 const CtIdentity        *signer,
                                 GError                 **error);

/* One statement's change, read from its body without verifying it (for
 * saying what a statement set aside at a fork did, and making it again:
 * docs/sync-chain.md, "Forks"). Strings and keys are copies. */
typedef struct
{
  CtChainKind kind;
  gint64      id;  /* ADD */
  guint8      uid[CT_MEMBER_ID_SIZE];  /* ADD, ROLE, REMOVE, KEYS */
  char       *login;  /* ADD */
  char       *display_name;  /* ADD */
  CtRole      role;  /* ADD, ROLE, POLICY */
  gboolean    is_admin;  /* ADD, ROLE */
  guint8      box_pk[crypto_box_PUBLICKEYBYTES];  /* ADD, KEYS */
  guint8      sign_pk[crypto_sign_PUBLICKEYBYTES];  /* ADD, KEYS */
  CtCategory  category;  /* POLICY */
  gboolean    on;  /* POLICY granted, NEED_TO_KNOW on */
  guint       meeting_days;  /* NEED_TO_KNOW */
  guint       n_settings;  /* SETTINGS */
  char       *setting_keys[CT_CHAIN_MAX_SETTINGS];
  gint64      setting_values[CT_CHAIN_MAX_SETTINGS];
} CtChainChange;

CtChainChange *ct_chain_change_read (const guint8  *body,
                                     gsize          len);
void           ct_chain_change_free (CtChainChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtChainChange, ct_chain_change_free)

G_END_DECLS
