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
#define CT_CELL_KEY_SETTING      "export.cell-key-secret"

gboolean ct_pseudonym_load_key  (CtSession    *session,
                                 guint8       *key,
                                 GError      **error);
void     ct_pseudonym_compute   (const guint8 *key,
                                 gint64        case_id,
                                 char         *out);
char    *ct_pseudonym_for_case  (CtSession    *session,
                                 gint64        case_id,
                                 GError      **error);
void     ct_pseudonym_derive_key (const guint8 *key,
                                  const char   *purpose,
                                  guint8       *out);
gboolean ct_pseudonym_load_secret (CtSession   *session,
                                   const char  *setting,
                                   gboolean     make,
                                   guint8      *secret,
                                   gboolean    *found,
                                   GError     **error);
guint32  ct_pseudonym_record_key (const guint8 *secret,
                                  gint64        household_id);

G_END_DECLS
