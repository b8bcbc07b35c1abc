/* ct-meetings-page-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-meeting-plan-dialog.h"
#include "ct-meeting-run-view.h"
#include "ct-meetings-page.h"

G_BEGIN_DECLS

struct _CtMeetingsPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkStack            *list_stack;
  GtkListView         *meeting_list;
  GtkLabel            *agenda_title;
  GtkLabel            *agenda_subtitle;
  GtkStack            *agenda_stack;
  GtkListBox          *agenda_list;
  GtkWidget           *reorder_hint;
  GtkWidget           *awaiting_heading;
  GtkListBox          *awaiting_list;
  CtMeetingRunView    *run_view;
  GtkWidget           *reopen_button;
  GtkWidget           *start_button;
  GtkWidget           *report_button;

  CtSession           *session;
  GListStore          *meetings;    /* the list's items, newest first */
  GCancellable        *reading;     /* the worker's read of the list, while it runs */
  gint64               meeting_id;
  GCancellable        *agenda_reading; /* the worker's read of the agenda, while it runs */
  guint                agenda_writing; /* agenda writes waiting in the session's write queue */
  gint64               shown_meeting_id; /* whose agenda the rows show, or 0 */
  gboolean             shown_running; /* that meeting was "bezig" when its agenda was read */
  gboolean             shown_open;  /* that meeting was not "gesloten" when its agenda was read */
  guint                focus_row;   /* 1 + the agenda row to focus once read, or 0 */
  GPtrArray           *agenda;      /* CtRecord agenda items in order */
  GHashTable          *cases;       /* case id → CtRecord */
  GHashTable          *refused;     /* case ids back after a refusal */
  CtMeetingPlanDialog *plan_dialog;
  GtkCheckButton      *full_names_check;  /* weak: in the report's question */
  GtkFileChooserNative *chooser;          /* the report's, while it asks */
  gboolean             chooser_full_names; /* whether that report names people in full */
};

void     _ct_meetings_page_show_error   (CtMeetingsPage *self,
                                         const GError   *error);

/* ct-meetings-page-agenda.c */
void     _ct_meetings_page_reload_agenda (CtMeetingsPage *self);
void     _ct_meetings_page_clear_agenda  (CtMeetingsPage *self);
void     _ct_meetings_page_cancel_agenda_reading (CtMeetingsPage *self);

void     _ct_meetings_page_open_meeting (CtMeetingsPage *self,
                                         gint64          meeting_id);
gboolean _ct_meetings_page_move_item    (CtMeetingsPage *self,
                                         guint           from,
                                         guint           to);
const char *_ct_meetings_page_get_meeting_title (CtMeetingsPage *self,
                                                 guint           position);

G_END_DECLS
