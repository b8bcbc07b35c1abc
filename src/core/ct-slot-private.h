/* ct-slot-private.h — key slots: what a passphrase, code or recovery key opens
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-crypto.h"
#include "ct-header.h"
#include "ct-session.h"

G_BEGIN_DECLS

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

/* ct-vault.c: enrolling with a one-time code, in a worker */

typedef gboolean (*CtEnrolFunc) (const char *folder,
                                 const char *path,
                                 const char *login,
                                 const char *code,
                                 const char *passphrase,
                                 GError    **error);
void       _ct_enrol_run_in_thread   (GTask        *task,
                                      CtEnrolFunc   func,
                                      const char   *folder,
                                      const char   *path,
                                      const char   *login,
                                      const char   *code,
                                      const char   *passphrase);

G_END_DECLS
