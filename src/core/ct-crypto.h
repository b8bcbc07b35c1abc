/* ct-crypto.h — internal crypto helpers of the core (libsodium only)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sodium.h>

#include "ct-vault.h"

G_BEGIN_DECLS

#define CT_KEY_SIZE        32
#define CT_SEED_SIZE       32
#define CT_SALT_SIZE       crypto_pwhash_SALTBYTES
#define CT_NONCE_SIZE      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define CT_TAG_SIZE        crypto_aead_xchacha20poly1305_ietf_ABYTES
#define CT_SEALED_KEY_SIZE (crypto_box_SEALBYTES + CT_KEY_SIZE)
#define CT_RECOVERY_SIZE   20
#define CT_ENROLMENT_SIZE  15

/* The Argon2id cost a slot read from a file may ask for: from libsodium's
 * INTERACTIVE cost up to its MODERATE cost, the product's default. */
#define CT_KDF_OPSLIMIT_MIN ((guint64) crypto_pwhash_OPSLIMIT_INTERACTIVE)
#define CT_KDF_OPSLIMIT_MAX ((guint64) crypto_pwhash_OPSLIMIT_MODERATE)
#define CT_KDF_MEMLIMIT_MIN ((guint64) crypto_pwhash_MEMLIMIT_INTERACTIVE)
#define CT_KDF_MEMLIMIT_MAX ((guint64) crypto_pwhash_MEMLIMIT_MODERATE)

typedef struct
{
  guint64 opslimit;
  guint64 memlimit;
} CtKdfParams;

/* A member's (or the recovery key's) key pairs, in sodium_malloc() memory. */
typedef struct
{
  guint8 seed[CT_SEED_SIZE];
  guint8 box_pk[crypto_box_PUBLICKEYBYTES];
  guint8 box_sk[crypto_box_SECRETKEYBYTES];
  guint8 sign_pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sign_sk[crypto_sign_SECRETKEYBYTES];
} CtIdentity;

gpointer    ct_secure_alloc          (gsize              size);
void        ct_secure_free           (gpointer           mem);

void        ct_kdf_default_params    (CtKdfParams       *params);
gboolean    ct_kdf_params_in_bounds  (const CtKdfParams *params);
gboolean    ct_kdf_derive            (const char        *passphrase,
                                      const guint8      *salt,
                                      const CtKdfParams *params,
                                      guint8            *key);

CtIdentity *ct_identity_new_random   (void);
CtIdentity *ct_identity_new_from_seed (const guint8     *seed);
void        ct_identity_free         (CtIdentity        *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtIdentity, ct_identity_free)

CtSecret   *ct_code_format           (const guint8      *data,
                                      gsize              len);
gboolean    ct_code_parse            (const char        *text,
                                      guint8            *data,
                                      gsize              len);

char       *ct_raw_key_string        (const guint8      *key);

G_END_DECLS
