/* ct-doorbraak-share-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_DOORBRAAK_SHARE_DIALOG (ct_doorbraak_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtDoorbraakShareDialog, ct_doorbraak_share_dialog, CT,
                      DOORBRAAK_SHARE_DIALOG, AdwWindow)

GtkWidget *ct_doorbraak_share_dialog_new     (GtkWindow              *parent,
                                              CtSession              *session,
                                              gint64                  doorbraak_id);
gint64     ct_doorbraak_share_dialog_get_id  (CtDoorbraakShareDialog *self);
void       ct_doorbraak_share_dialog_save_async  (CtDoorbraakShareDialog *self,
                                                  const char             *md_path,
                                                  const char             *pdf_path,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean   ct_doorbraak_share_dialog_save_finish (GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
