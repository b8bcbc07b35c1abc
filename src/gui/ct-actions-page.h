/* ct-actions-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_ACTIONS_PAGE (ct_actions_page_get_type ())

G_DECLARE_FINAL_TYPE (CtActionsPage, ct_actions_page, CT, ACTIONS_PAGE, AdwBin)

GtkWidget *ct_actions_page_new    (CtSession     *session);
void       ct_actions_page_reload (CtActionsPage *self);

G_END_DECLS
