/* ct-doorbraken-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-session.h"

G_BEGIN_DECLS

#define CT_TYPE_DOORBRAKEN_PAGE (ct_doorbraken_page_get_type ())

G_DECLARE_FINAL_TYPE (CtDoorbrakenPage, ct_doorbraken_page, CT, DOORBRAKEN_PAGE, AdwBin)

GtkWidget *ct_doorbraken_page_new         (CtSession        *session);
void       ct_doorbraken_page_set_session (CtDoorbrakenPage *self,
                                           CtSession        *session);

G_END_DECLS
