/* ct-session-restrict-private.h — restriction of processing
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-record.h"
#include "ct-schema.h"
#include "ct-session.h"

G_BEGIN_DECLS

GHashTable *_ct_session_restricted_households (CtSession  *self,
                                               GError    **error);
GHashTable *_ct_session_hidden_restricted     (CtSession  *self,
                                               GError    **error);
GHashTable *_ct_session_restricted_cases      (CtSession  *self,
                                               GError    **error);
gboolean   _ct_session_share_restrictions (CtSession  *self,
                                           CtSession  *reader,
                                           GError    **error);
gboolean   _ct_session_check_restricted_write (CtSession     *self,
                                               const CtTable *table,
                                               CtRecord      *record,
                                               gint64         id,
                                               GError       **error);
gboolean   _ct_session_household_restricted (CtSession  *self,
                                             gint64      household_id,
                                             GError    **error);
gboolean   _ct_session_may_restrict_given (CtSession  *self,
                                           gboolean    may_read_log);

G_END_DECLS
