/* ct-sync-page.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_SYNC_SCHEDULER (ct_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (CtSyncScheduler, ct_sync_scheduler, CT, SYNC_SCHEDULER, GObject)

CtSyncScheduler    *ct_sync_scheduler_new         (CtSession       *session);
void                ct_sync_scheduler_stop        (CtSyncScheduler *self);
void                ct_sync_scheduler_sync_now    (CtSyncScheduler *self);
gboolean            ct_sync_scheduler_set_folder  (CtSyncScheduler *self,
                                                   const char      *folder,
                                                   GError         **error);
gboolean            ct_sync_scheduler_get_running (CtSyncScheduler *self);
guint               ct_sync_scheduler_get_applied (CtSyncScheduler *self);
GArray             *ct_sync_scheduler_take_hidden (CtSyncScheduler *self);
guint               ct_sync_scheduler_get_n_watched (CtSyncScheduler *self);
gboolean            ct_sync_scheduler_get_retrying (CtSyncScheduler *self);
const CtSyncStatus *ct_sync_scheduler_get_status  (CtSyncScheduler *self);
const char         *ct_sync_scheduler_get_message (CtSyncScheduler *self);
CtSession          *ct_sync_scheduler_get_session (CtSyncScheduler *self);
guint               ct_sync_scheduler_take_lost   (CtSyncScheduler *self);
void                ct_sync_scheduler_update_indicator (CtSyncScheduler *self,
                                                        GtkButton       *button);

#define CT_TYPE_SYNC_PAGE (ct_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (CtSyncPage, ct_sync_page, CT, SYNC_PAGE, AdwBin)

GtkWidget *ct_sync_page_new (CtSyncScheduler *scheduler);

G_END_DECLS
