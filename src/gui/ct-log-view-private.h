/* ct-log-view-private.h — the instance struct, for ct-log-view*.c and the tests
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
  COL_LAPTOP,
  COL_ROLE,
  COL_ACTION,
  COL_CASE,
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
  GHashTable *case_numbers;  /* household id → its case numbers, "2026-001, 2026-014" */
  GHashTable *member_names;  /* login → display name, of the current members */
  GPtrArray *member_logins;  /* per row of the member filter after "All members"; NULL: the recovery key */
  GArray *case_households;   /* per row of the case filter after "All cases" */
  char *from_date;           /* the period filter, "YYYY-MM-DD", NULL: open */
  char *until_date;
  char *needle;              /* the search text, casefolded; "" for none */
  gboolean period_valid;
  GCancellable *reading;     /* while the worker reads the log (ct_session_read_log_async()) */
  gboolean check_file;       /* "Verify": the whole file is checked once the log is read */
  GCancellable *checking;    /* while the worker checks the whole file (ct_session_check_async()) */
  gboolean stale;            /* a read given up when the view went off screen */

  /* Template widgets */
  GtkDropDown *member_dropdown;
  GtkStringList *member_list;
  GtkDropDown *action_dropdown;
  GtkDropDown *case_dropdown;
  GtkStringList *case_list;
  GtkEntry *from_entry;
  GtkEntry *until_entry;
  GtkLabel *filter_error_label;
  GtkLabel *export_label;
  GtkSearchEntry *search_entry;
  GtkSpinner *check_spinner;
  GtkLabel *verify_label;
  GtkLabel *count_label;
  GtkStack *log_stack;
  GtkSpinner *spinner;
  GtkColumnView *column_view;
  GtkFilterListModel *filter_model;
};

/* ct-log-view-text.c */
char       *_ct_log_view_column_text     (CtLogView  *self,
                                          CtLogEntry *entry,
                                          guint       column);
char       *_ct_log_view_format_member   (CtLogView  *self,
                                          CtLogEntry *entry);

CtLogEntry *_ct_log_view_get_shown_entry (CtLogView *self,
                                          guint      position);
char       *_ct_log_view_dup_shown_text  (CtLogView *self,
                                          guint      position,
                                          guint      column);
gboolean    _ct_log_view_is_loading      (CtLogView  *self);
gboolean    _ct_log_view_export_to       (CtLogView  *self,
                                          const char *path,
                                          GError    **error);

G_END_DECLS
