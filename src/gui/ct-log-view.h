/* ct-log-view.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_LOG_VIEW (ct_log_view_get_type ())

G_DECLARE_FINAL_TYPE (CtLogView, ct_log_view, CT, LOG_VIEW, AdwBin)

GtkWidget *ct_log_view_new    (CtSession *session);
GtkWidget *ct_log_view_new_for_household (CtSession *session,
                                          gint64     household_id);
void       ct_log_view_reload (CtLogView *self);

G_END_DECLS
