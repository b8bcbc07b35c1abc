/* ct-referral-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_REFERRAL_WINDOW (ct_referral_window_get_type ())

G_DECLARE_FINAL_TYPE (CtReferralWindow, ct_referral_window, CT, REFERRAL_WINDOW, AdwWindow)

CtReferralWindow *ct_referral_window_new         (GtkWindow        *parent,
                                                  CtSession        *session);
gboolean          ct_referral_window_get_unsaved (CtReferralWindow *self);

G_END_DECLS
