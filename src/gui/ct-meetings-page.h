/* ct-meetings-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MEETINGS_PAGE (ct_meetings_page_get_type ())

G_DECLARE_FINAL_TYPE (CtMeetingsPage, ct_meetings_page, CT, MEETINGS_PAGE, AdwBin)

GtkWidget *ct_meetings_page_new         (CtSession      *session);
void       ct_meetings_page_set_session (CtMeetingsPage *self,
                                         CtSession      *session);

G_END_DECLS
