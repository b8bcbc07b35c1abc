/* ct-unlock-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_UNLOCK_PAGE (ct_unlock_page_get_type ())

G_DECLARE_FINAL_TYPE (CtUnlockPage, ct_unlock_page, CT, UNLOCK_PAGE, AdwBin)

void        ct_unlock_page_set_file  (CtUnlockPage *self,
                                      const char   *path,
                                      const char   *login);
const char *ct_unlock_page_get_path  (CtUnlockPage *self);
gboolean    ct_unlock_page_get_busy  (CtUnlockPage *self);
void        ct_unlock_page_reset     (CtUnlockPage *self);

G_END_DECLS
