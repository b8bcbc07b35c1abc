/* ct-words.h — the words the widgets show for the store's stable names
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"

G_BEGIN_DECLS

const char *ct_words_domain          (guint       domain);
int         ct_words_domain_index    (const char *name);
const char *ct_words_action_status   (const char *status);
const char *ct_words_goal_status     (const char *status);
const char *ct_words_zrm_kind        (const char *kind);
const char *ct_words_partner_type    (const char *type);
const char *ct_words_table           (const char *table);
const char *ct_words_zrm_level       (guint       level);
const char *ct_words_zrm_level_description (guint domain,
                                            guint level);
char       *ct_words_today           (void);

G_END_DECLS
