/* ct-main-page-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-list.h"
#include "ct-case-page.h"
#include "ct-main-page.h"
#include "ct-sync-page.h"

G_BEGIN_DECLS

/* Shared with the tests, which click the shell's own widgets. */
struct _CtMainPage
{
  AdwBin parent_instance;

  CtSession *session;
  GtkWindow *referral_window;  /* weak */
  AdwMessageDialog *discard_dialog;  /* weak */
  /* Hidden while a meeting runs, to give the run view the width. */
  gboolean sidebar_collapsed;
  /* Syncs while the team is unlocked and has sync on; %NULL otherwise. */
  CtSyncScheduler *sync;
  /* Whether the pages were made for a beheerder: a sync may change it. */
  gboolean shown_admin;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkWidget *sidebar_separator;
  GtkWidget *content;
  AdwWindowTitle *team_title;
  GtkListBox *sidebar_list;
  AdwWindowTitle *content_title;
  GtkWidget *sidebar_button;
  GtkWidget *case_back_button;
  GtkWidget *cancel_button;
  GtkWidget *new_referral_button;
  GtkWidget *edit_button;
  GtkWidget *save_button;
  GtkWidget *sync_button;
  GtkStack *page_stack;
  GtkStack *cases_stack;
  CtCaseList *case_list;
  CtCasePage *case_page;
};

G_END_DECLS
