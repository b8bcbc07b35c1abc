/* ct-log-view-private.h — the instance struct, for ct-log-view.c and the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-log-view.h"

G_BEGIN_DECLS

struct _CtLogView
{
  AdwBin parent_instance;

  CtSession *session;
  GListStore *entries;
  GtkCustomFilter *filter;

  /* Template widgets */
  GtkDropDown *member_dropdown;
  GtkStringList *member_list;
  GtkDropDown *action_dropdown;
  GtkSearchEntry *search_entry;
  GtkLabel *verify_label;
  GtkLabel *count_label;
  GtkColumnView *column_view;
  GtkFilterListModel *filter_model;
};

CtLogEntry *_ct_log_view_get_shown_entry (CtLogView *self,
                                          guint      position);

G_END_DECLS
