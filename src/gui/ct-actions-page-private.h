/* ct-actions-page-private.h — the instance struct, for the page and its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-actions-page.h"

G_BEGIN_DECLS

struct _CtActionsPage
{
  AdwBin parent_instance;

  CtSession *session;
  char *today;
  GListStore *items;
  GCancellable *reading;      /* the worker's read, while it runs */
  guint writing;              /* updates waiting in the session's write queue */
  AdwMessageDialog *dialog;   /* the refusal dialog while it is open */
  GtkEditable *reason_entry;
  gint64 refused_id;          /* the action it is about */
  AdwToast *undo_toast;       /* weak: the toast with "Undo" while it shows */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewStack *view_stack;
  GtkStack *mine_stack;
  GtkStack *overdue_stack;
  GtkColumnView *mine_view;
  GtkColumnView *overdue_view;
  GtkFilterListModel *mine_model;
  GtkFilterListModel *overdue_model;
};

gboolean _ct_actions_page_is_loading (CtActionsPage *self);

G_END_DECLS
