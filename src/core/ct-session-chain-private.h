/* ct-session-chain-private.h — the session’s verified team chain
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ct-session-chain.c */

#pragma once

#include "ct-chain.h"
#include "ct-crypto.h"
#include "ct-session.h"

G_BEGIN_DECLS

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
gboolean   _ct_chain_member_signed   (const CtChainMember *signer,
                                      const guint8 *message,
                                      gsize         size,
                                      const guint8 *signature);
gsize      _ct_session_household_message (CtSession *self,
                                          const char *context,
                                          gsize      context_size,
                                          gint64     household,
                                          guint8    *out);
gboolean   _ct_session_write_signed  (CtSession    *self,
                                      const guint8 *message,
                                      gsize         size,
                                      guint8       *signature,
                                      gboolean    (*func) (CtSession *, gpointer, GError **),
                                      gpointer      data,
                                      GError      **error);
gboolean   _ct_session_check_slots   (CtSession    *self,
                                      GError      **error);
guint      _ct_session_drop_foreign_slots (CtSession *self);
gboolean   _ct_chain_append_rotate_keys (CtSession        *self,
                                         const CtIdentity *identity,
                                         GError          **error);

G_END_DECLS
