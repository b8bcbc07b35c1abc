/* ct-team-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-session.h"

G_BEGIN_DECLS

#define CT_TYPE_TEAM_PAGE (ct_team_page_get_type ())

G_DECLARE_FINAL_TYPE (CtTeamPage, ct_team_page, CT, TEAM_PAGE, AdwBin)

void ct_team_page_set_session (CtTeamPage *self,
                               CtSession  *session);

G_END_DECLS
