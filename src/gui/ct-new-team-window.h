/* ct-new-team-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_NEW_TEAM_WINDOW (ct_new_team_window_get_type ())

G_DECLARE_FINAL_TYPE (CtNewTeamWindow, ct_new_team_window, CT, NEW_TEAM_WINDOW, AdwWindow)

CtNewTeamWindow *ct_new_team_window_new (GtkWindow *parent);

G_END_DECLS
