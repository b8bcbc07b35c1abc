/* ct-team-admin-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_TEAM_ADMIN_PAGE (ct_team_admin_page_get_type ())

G_DECLARE_FINAL_TYPE (CtTeamAdminPage, ct_team_admin_page, CT, TEAM_ADMIN_PAGE, AdwBin)

GtkWidget *ct_team_admin_page_new      (CtSession       *session);
gboolean   ct_team_admin_page_get_busy (CtTeamAdminPage *self);

G_END_DECLS
