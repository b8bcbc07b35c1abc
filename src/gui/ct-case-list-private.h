/* ct-case-list-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-filter.h"
#include "ct-case-list.h"

G_BEGIN_DECLS

/* Shared with the tests, which type and click in the list's own widgets. */
struct _CtCaseList
{
  AdwBin parent_instance;

  CtSession *session;
  GListStore *store;
  GtkSortListModel *sort_model;
  GtkFilterListModel *filter_model;
  GtkSliceListModel *slice_model;  /* what the view shows: all but while growing */
  GdkFrameClock *grow_clock;       /* while the view grows a screenful a frame */
  gulong grow_id;
  guint grow_idle_id;
  CtCaseFilter *filter;
  GCancellable *loading;  /* while the cases are read in a worker */
  gboolean refreshing;    /* that read keeps the rows shown until it is done */
  gboolean partial;       /* the first screenful is shown, the rest is being read */
  guint first_rows;       /* how many the first read asked for */
  gboolean resorted;      /* sorted otherwise than newest case first */
  guint tries;            /* reads the file was busy for, of the read under way */
  guint again_id;         /* that read asked for again, a second later, */
  void (*again) (CtCaseList *self);  /* by this */
  gboolean failed;        /* no list could be read: the error page, never "no cases" */
  gboolean stale;         /* a re-read failed: the rows shown are kept, and say so */
  gint64 load_start;
  gint64 load_usec;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkDropDown *status_dropdown;
  GtkToggleButton *overdue_button;
  GtkStack *stack;
  GtkColumnView *column_view;
  GtkColumnViewColumn *number_column;
  AdwStatusPage *empty_page;
  AdwStatusPage *no_matches_page;
  AdwStatusPage *error_page;
  GtkWidget *rest_bar;    /* "Loading the rest…" under the first screenful */
  GtkWidget *stale_bar;   /* "Could not read the cases again" over kept rows */
};

const char *_ct_case_list_status      (guint       i);
void        _ct_case_list_add_columns (CtCaseList *self);

G_END_DECLS
