/* ct-members.h — team members by id, for the widgets that show them
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *login;
  char   *display_name;
  gboolean removed;
} CtMemberRef;

void        ct_member_ref_free       (CtMemberRef *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtMemberRef, ct_member_ref_free)

gint64      ct_members_get_own_id    (CtSession  *session);
GPtrArray  *ct_members_list          (CtSession  *session,
                                      gboolean    include_removed);
char       *ct_members_dup_name      (GPtrArray  *members,
                                      gint64      id);

G_END_DECLS
