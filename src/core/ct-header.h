/* ct-header.h — the two header copies of a team file (internal)
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ct-crypto.h"

G_BEGIN_DECLS

typedef enum
{
  CT_SLOT_MEMBER   = 1,  /* seed wrapped under the member's passphrase */
  CT_SLOT_ENROL    = 2,  /* seed wrapped under a one-time enrolment code */
  CT_SLOT_RECOVERY = 3,  /* public key of the recovery identity only */
} CtSlotKind;

#define CT_SLOT_ID_SIZE   32
#define CT_MEMBER_ID_SIZE 16
#define CT_TEAM_ID_SIZE   16

typedef struct
{
  guint8      kind;
  guint8      has_next;
  guint8      slot_id[CT_SLOT_ID_SIZE];
  guint8      member_id[CT_MEMBER_ID_SIZE];
  CtKdfParams kdf;
  guint8      salt[CT_SALT_SIZE];
  guint8      nonce[CT_NONCE_SIZE];
  guint8      wrapped_seed[CT_SEED_SIZE + CT_TAG_SIZE];
  guint8      box_pk[crypto_box_PUBLICKEYBYTES];
  guint8      sign_pk[crypto_sign_PUBLICKEYBYTES];
  guint8      sealed_key[CT_SEALED_KEY_SIZE];
  guint8      sealed_next_key[CT_SEALED_KEY_SIZE];
} CtSlot;

typedef struct
{
  guint32  version;
  guint64  generation;
  guint8   team_id[CT_TEAM_ID_SIZE];
  guint8   lookup_key[CT_KEY_SIZE];
  GArray  *slots;   /* of CtSlot */
  guint8   mac[CT_KEY_SIZE];
  guint    copy;    /* 0 for A, 1 for B: where this generation was read or written */
  guint8  *raw;     /* the copy's bytes as read or written: what the MAC covers */
} CtHeader;

CtHeader *ct_header_new            (void);
CtHeader *ct_header_copy           (const CtHeader *header);
void      ct_header_free           (CtHeader       *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtHeader, ct_header_free)

guint     ct_header_max_slots      (void);

CtHeader *ct_header_read           (int             fd,
                                    GError        **error);
gboolean  ct_header_write          (CtHeader       *header,
                                    int             fd,
                                    const guint8   *db_key,
                                    GError        **error);
gboolean  ct_header_verify_mac     (const CtHeader *header,
                                    const guint8   *db_key);
gboolean  ct_header_check_copies   (int             fd,
                                    GError        **error);

void      ct_header_slot_id        (const CtHeader *header,
                                    const char     *login,
                                    guint8         *slot_id);
CtSlot   *ct_header_find_slot      (CtHeader       *header,
                                    const guint8   *slot_id);
CtSlot   *ct_header_find_recovery  (CtHeader       *header);
void      ct_header_remove_member  (CtHeader       *header,
                                    const guint8   *member_id);
void      ct_header_dummy_kdf      (const CtHeader *header,
                                    CtKdfParams    *params);
int       ct_header_find_damaged_slot (const CtHeader *header);
gboolean  ct_header_has_pending_key (const CtHeader *header);
void      ct_header_promote_next_key (CtHeader      *header);

void      ct_slot_wrap_seed        (CtSlot         *slot,
                                    const CtHeader *header,
                                    const guint8   *kek,
                                    const guint8   *seed);
gboolean  ct_slot_unwrap_seed      (const CtSlot   *slot,
                                    const CtHeader *header,
                                    const guint8   *kek,
                                    guint8         *seed);
void      ct_slot_seal_key         (CtSlot         *slot,
                                    const guint8   *db_key,
                                    gboolean        next);
gboolean  ct_slot_unseal_key       (const CtSlot     *slot,
                                    const CtIdentity *identity,
                                    gboolean          next,
                                    guint8           *db_key);

G_END_DECLS
