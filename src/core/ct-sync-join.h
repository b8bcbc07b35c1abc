/* ct-sync-join.h — joining a team from its sync folder
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  ct_sync_join         (const char          *folder,
                                const char          *path,
                                const char          *login,
                                const char          *enrolment_code,
                                const char          *new_passphrase,
                                GError             **error);
void      ct_sync_join_async   (const char          *folder,
                                const char          *path,
                                const char          *login,
                                const char          *enrolment_code,
                                const char          *new_passphrase,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
gboolean  ct_sync_join_finish  (GAsyncResult        *result,
                                GError             **error);

G_END_DECLS
