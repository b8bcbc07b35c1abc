/* ct-session-rules-private.h — the rules a write keeps, and the doors through them
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rules are checked by the session on every write
 * (ct-session-rules.c, ct-session-doorbraak.c). A module that needs a
 * write they refuse to everyone else (ct-doorbraak.c sharing a
 * breakthrough, ct-meeting.c reopening a meeting) asks for exactly that
 * write here, instead of reaching into the session. */

#pragma once

#include "ct-chain.h"
#include "ct-record.h"
#include "ct-session.h"

G_BEGIN_DECLS

/* Whether the member is the voorzitter or a beheerder. */
gboolean   _ct_session_is_approver        (CtSession   *self);
/* Whether a member directs a case by a chain: present, a regisseur. */
gboolean   _ct_session_may_direct         (const CtChain *chain,
                                           gint64         member_id);
gboolean   _ct_session_validate_rules     (CtSession   *self,
                                           CtRecord    *record,
                                           GError     **error);
gboolean   _ct_session_validate_doorbraak (CtSession   *self,
                                           CtRecord    *record,
                                           GError     **error);
gboolean   _ct_session_share_doorbraak    (CtSession   *self,
                                           CtRecord    *doorbraak,
                                           GError     **error);
GPtrArray *_ct_session_doorbraak_marks    (CtSession   *self,
                                           gint64       doorbraak_id,
                                           const char  *prefix,
                                           GError     **error);
gboolean   _ct_session_reopen_meeting     (CtSession   *self,
                                           CtRecord    *meeting,
                                           GError     **error);

G_END_DECLS
