/* ct-plan-view-private.h — the instance struct, for the view and its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-action-dialog-private.h"
#include "ct-goal-dialog-private.h"
#include "ct-plan-view.h"

G_BEGIN_DECLS

struct _CtPlanView
{
  AdwBin parent_instance;

  CtSession *session;
  gint64 household_id;
  GPtrArray *members;          /* CtMemberInfo, for the responsible member */
  GPtrArray *groups;           /* the goal groups shown now */
  AdwMessageDialog *dialog;    /* the add-goal or add-action dialog while open */
  gboolean embedded;           /* a section of the case page, not a page */
  guint writing;               /* writes waiting in the session's write queue */
  GHashTable *conflicts;       /* the case page's sync conflicts (ct_plan_view_set_conflicts()) */
  GCancellable *reading;       /* while the plan is read in a worker (ct_plan_view_reload()) */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  GtkBox *goals_box;
  GtkScrolledWindow *scroller;
  AdwClamp *clamp;
};

gboolean _ct_plan_view_is_loading (CtPlanView *self);

G_END_DECLS
