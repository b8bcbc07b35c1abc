/* ct-chain-append.c — writing the team chain's statements
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Builds each kind of statement of the team chain (ct-chain.c,
 * docs/security.md), signs it and hands it to ct_chain_append_signed(),
 * which verifies it by the same rules as a statement that travelled
 * before it stores it. Encoding: fixed-size fields as they are, integers
 * little-endian, strings with a 16-bit length. */

#define G_LOG_DOMAIN "ct-chain"

#include "config.h"

#include <string.h>

#include "ct-bytes-private.h"
#include "ct-chain-private.h"
#include "ct-chain.h"

static void
put_member (GByteArray              *out,
            const CtChainMemberInfo *m)
{
  _ct_bytes_put_i64 (out, m->id);
  g_byte_array_append (out, m->uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_text (out, 2, m->login);
  _ct_bytes_put_text (out, 2, m->display_name);
  _ct_bytes_put_text (out, 2, ct_role_to_string (m->role));
  _ct_bytes_put_u8 (out, m->is_admin ? 1 : 0);
  g_byte_array_append (out, m->box_pk, crypto_box_PUBLICKEYBYTES);
  g_byte_array_append (out, m->sign_pk, crypto_sign_PUBLICKEYBYTES);
}

static GByteArray *
begin_body (const CtChain *chain,
            CtChainKind    kind)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) MAGIC, 4);
  _ct_bytes_put_u8 (out, FORMAT_VERSION);
  _ct_bytes_put_i64 (out, chain->length);
  g_byte_array_append (out, chain->head, CT_CHAIN_HASH_SIZE);
  g_byte_array_append (out, chain->team_id, CT_TEAM_ID_SIZE);
  _ct_bytes_put_u8 (out, kind);
  return out;
}

static void
put_policy (GByteArray  *out,
            const guint *policy)
{
  _ct_bytes_put_u8 (out, CT_N_ROLES);
  for (CtRole role = 0; role < CT_N_ROLES; role++)
    {
      _ct_bytes_put_text (out, 2, ct_role_to_string (role));
      _ct_bytes_put_u32 (out, policy[role]);
    }
}

/* Signs @taken (which it frees), stores it as the next statement and
 * applies it. */
static gboolean
append (CtChain          *chain,
        sqlite3          *db,
        GByteArray       *taken,
        const guint8     *signer_uid,
        const CtIdentity *signer,
        GError          **error)
{
  g_autoptr(GByteArray) body = taken;
  guint8 sig[crypto_sign_BYTES];
  const guint8 *uid = signer_uid != NULL ? signer_uid : _ct_chain_no_uid;

  crypto_sign_detached (sig, NULL, body->data, body->len, signer->sign_sk);
  return ct_chain_append_signed (chain, db, body->data, body->len, uid, sig, error);
}

gboolean
ct_chain_append_found (CtChain                 *chain,
                       sqlite3                 *db,
                       const CtChainMemberInfo *founder,
                       const CtSlot            *recovery,
                       const guint             *policy,
                       const guint8            *signer_uid,
                       const CtIdentity        *signer,
                       GError                 **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_FOUND);
  guint8 zero[crypto_box_PUBLICKEYBYTES] = { 0 };

  _ct_bytes_put_u8 (body, founder != NULL);
  if (founder != NULL)
    put_member (body, founder);
  _ct_bytes_put_u8 (body, recovery != NULL);
  g_byte_array_append (body, recovery != NULL ? recovery->box_pk : zero, sizeof zero);
  g_byte_array_append (body, recovery != NULL ? recovery->sign_pk : zero, sizeof zero);
  put_policy (body, policy);
  return append (chain, db, body, signer_uid, signer, error);
}

gboolean
ct_chain_append_add (CtChain                 *chain,
                     sqlite3                 *db,
                     const CtChainMemberInfo *member,
                     const guint8            *signer_uid,
                     const CtIdentity        *signer,
                     GError                 **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_ADD);

  put_member (body, member);
  return append (chain, db, body, signer_uid, signer, error);
}

gboolean
ct_chain_append_role (CtChain          *chain,
                      sqlite3          *db,
                      const guint8     *uid,
                      CtRole            role,
                      gboolean          is_admin,
                      const guint8     *signer_uid,
                      const CtIdentity *signer,
                      GError          **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_ROLE);

  g_byte_array_append (body, uid, CT_MEMBER_ID_SIZE);
  _ct_bytes_put_text (body, 2, ct_role_to_string (role));
  _ct_bytes_put_u8 (body, is_admin ? 1 : 0);
  return append (chain, db, body, signer_uid, signer, error);
}

gboolean
ct_chain_append_policy (CtChain          *chain,
                        sqlite3          *db,
                        CtRole            role,
                        CtCategory        category,
                        gboolean          granted,
                        const guint8     *signer_uid,
                        const CtIdentity *signer,
                        GError          **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_POLICY);

  _ct_bytes_put_text (body, 2, ct_role_to_string (role));
  _ct_bytes_put_text (body, 2, ct_category_to_string (category));
  _ct_bytes_put_u8 (body, granted ? 1 : 0);
  return append (chain, db, body, signer_uid, signer, error);
}

/* Need-to-know per household on or off (docs/security.md), with the days
 * a meeting's attendees stay involved after it. */
gboolean
ct_chain_append_need_to_know (CtChain          *chain,
                              sqlite3          *db,
                              gboolean          on,
                              guint             meeting_days,
                              const guint8     *signer_uid,
                              const CtIdentity *signer,
                              GError          **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_NEED_TO_KNOW);

  _ct_bytes_put_u8 (body, on ? 1 : 0);
  _ct_bytes_put_i64 (body, meeting_days);
  return append (chain, db, body, signer_uid, signer, error);
}

/* Team settings (docs/sync-chain.md, "Team settings"): each key with its value;
 * none at all for the statement that says a new team's settings are the
 * chain's. */
gboolean
ct_chain_append_settings (CtChain           *chain,
                          sqlite3           *db,
                          const char *const *keys,
                          const gint64      *values,
                          guint              n,
                          const guint8      *signer_uid,
                          const CtIdentity  *signer,
                          GError           **error)
{
  GByteArray *body;

  g_return_val_if_fail (n <= CT_CHAIN_MAX_SETTINGS, FALSE);

  body = begin_body (chain, CT_CHAIN_SETTINGS);
  _ct_bytes_put_u8 (body, (guint8) n);
  for (guint i = 0; i < n; i++)
    {
      _ct_bytes_put_text (body, 2, keys[i]);
      _ct_bytes_put_i64 (body, values[i]);
    }
  return append (chain, db, body, signer_uid, signer, error);
}

gboolean
ct_chain_append_remove (CtChain          *chain,
                        sqlite3          *db,
                        const guint8     *uid,
                        const guint8     *signer_uid,
                        const CtIdentity *signer,
                        GError          **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_REMOVE);

  g_byte_array_append (body, uid, CT_MEMBER_ID_SIZE);
  return append (chain, db, body, signer_uid, signer, error);
}

gboolean
ct_chain_append_keys (CtChain          *chain,
                      sqlite3          *db,
                      const guint8     *uid,
                      const guint8     *box_pk,
                      const guint8     *sign_pk,
                      const guint8     *signer_uid,
                      const CtIdentity *signer,
                      GError          **error)
{
  GByteArray *body = begin_body (chain, CT_CHAIN_KEYS);

  g_byte_array_append (body, uid, CT_MEMBER_ID_SIZE);
  g_byte_array_append (body, box_pk, crypto_box_PUBLICKEYBYTES);
  g_byte_array_append (body, sign_pk, crypto_sign_PUBLICKEYBYTES);
  return append (chain, db, body, signer_uid, signer, error);
}
