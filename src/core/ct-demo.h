/* ct-demo.h — the demo team
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CT_DEMO_TEAM_NAME          "Expertteam Zonnewijzer (demo)"
#define CT_DEMO_PASSPHRASE         "demo"
#define CT_DEMO_ADMIN_LOGIN        "beheerder"
#define CT_DEMO_DEFAULT_HOUSEHOLDS 50

/**
 * CtDemoProgress:
 * @done: households written so far
 * @total: households to write
 *
 * Called after every batch of households, in the caller's thread.
 */
typedef void (*CtDemoProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

const char * const *ct_demo_get_logins (void);

gboolean ct_demo_create (const char     *path,
                         guint           n_households,
                         guint32         seed,
                         CtDemoProgress  progress_cb,
                         gpointer        user_data,
                         GError        **error);

G_END_DECLS
