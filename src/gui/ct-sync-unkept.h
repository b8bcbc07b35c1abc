/* ct-sync-unkept.h — the Synchronisation page's edits not kept
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

void ct_sync_unkept_fill (AdwPreferencesGroup *group,
                          CtSession           *session,
                          GPtrArray           *unkept,
                          GCallback            dismissed,
                          gpointer             data);

G_END_DECLS
