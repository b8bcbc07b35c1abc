/* ct-welcome-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CT_TYPE_WELCOME_PAGE (ct_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (CtWelcomePage, ct_welcome_page, CT, WELCOME_PAGE, AdwBin)

G_END_DECLS
