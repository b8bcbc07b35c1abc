/* ct-log-view-private.h — the instance struct, for ct-log-view.c and the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-log-view.h"

G_BEGIN_DECLS

/* The columns, left to right. */
enum {
  COL_TIME,
  COL_MEMBER,
  COL_ROLE,
  COL_ACTION,
  COL_OBJECT,
  COL_CATEGORIES,
  COL_PURPOSE,
  COL_OUTCOME,
  N_COLUMNS
};

struct _CtLogView
{
  AdwBin parent_instance;

  CtSession *session;
  gint64 household_id;  /* > 0: only the entries about this household */
  gint64 n_verified;    /* the whole log's, at the last reload */
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
char       *_ct_log_view_dup_shown_text  (CtLogView *self,
                                          guint      position,
                                          guint      column);

G_END_DECLS
