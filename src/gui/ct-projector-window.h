/* ct-projector-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_PROJECTOR_WINDOW (ct_projector_window_get_type ())

G_DECLARE_FINAL_TYPE (CtProjectorWindow, ct_projector_window, CT, PROJECTOR_WINDOW, GtkWindow)

CtProjectorWindow *ct_projector_window_new         (CtSession         *session,
                                                    const gint64      *case_ids,
                                                    guint              n_cases);
void               ct_projector_window_set_index   (CtProjectorWindow *self,
                                                    guint              index);
guint              ct_projector_window_get_index   (CtProjectorWindow *self);
gboolean           ct_projector_window_get_blanked (CtProjectorWindow *self);
void               ct_projector_window_set_blanked (CtProjectorWindow *self,
                                                    gboolean           blanked);

G_END_DECLS
