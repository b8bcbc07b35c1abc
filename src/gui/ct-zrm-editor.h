/* ct-zrm-editor.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_ZRM_EDITOR (ct_zrm_editor_get_type ())

G_DECLARE_FINAL_TYPE (CtZrmEditor, ct_zrm_editor, CT, ZRM_EDITOR, AdwBin)

GtkWidget *ct_zrm_editor_new (CtSession *session,
                              gint64     case_id);

G_END_DECLS
