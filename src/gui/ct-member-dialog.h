/* ct-member-dialog.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

#define CT_TYPE_MEMBER_DIALOG (ct_member_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CtMemberDialog, ct_member_dialog, CT, MEMBER_DIALOG, AdwMessageDialog)

GtkWidget  *ct_member_dialog_new_add       (GtkWindow          *parent,
                                            const char *const  *taken_logins);
GtkWidget  *ct_member_dialog_new_role      (GtkWindow          *parent,
                                            const CtMemberInfo *info);
const char *ct_member_dialog_get_name      (CtMemberDialog     *self);
const char *ct_member_dialog_get_login     (CtMemberDialog     *self);
gboolean    ct_member_dialog_get_role      (CtMemberDialog     *self,
                                            CtRole             *role);
CtRole      ct_member_dialog_get_old_role  (CtMemberDialog     *self);
gboolean    ct_member_dialog_get_admin     (CtMemberDialog     *self);

G_END_DECLS
