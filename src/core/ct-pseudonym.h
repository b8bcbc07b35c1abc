/* ct-pseudonym.h — stable case pseudonyms for exports
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-session.h"

G_BEGIN_DECLS

#define CT_PSEUDONYM_KEY_SETTING "export.pseudonym-key"
#define CT_PSEUDONYM_KEY_SIZE    32
#define CT_PSEUDONYM_SIZE        13  /* "C-" + 10 hex digits + NUL */

gboolean ct_pseudonym_load_key  (CtSession    *session,
                                 guint8       *key,
                                 GError      **error);
void     ct_pseudonym_compute   (const guint8 *key,
                                 gint64        case_id,
                                 char         *out);
char    *ct_pseudonym_for_case  (CtSession    *session,
                                 gint64        case_id,
                                 GError      **error);

G_END_DECLS
