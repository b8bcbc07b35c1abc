/* ct-doorbraken-page-private.h — the page's widgets, for its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-doorbraken-page.h"

G_BEGIN_DECLS

struct _CtDoorbrakenPage
{
  AdwBin parent_instance;

  CtSession     *session;
  CtRecord      *current;    /* the record in the form; id 0 for a new one */
  GArray        *case_ids;   /* gint64, in case_row order */
  GPtrArray     *rows;       /* the form's rows, data "field" */
  AdwComboRow   *case_row;
  gboolean       loading;

  /* Template widgets */
  GtkListBox           *list;
  GtkLabel             *status_label;
  GtkButton            *advance_button;
  GtkButton            *share_button;
  GtkButton            *withdraw_button;
  GtkLabel             *form_error_label;
  AdwPreferencesGroup  *form_group;

  /* The share dialog's widgets while it is open, and its file chooser
   * while that asks; NULL otherwise. */
  GtkFileChooserNative *chooser;
  AdwWindow            *share_dialog;
  GtkLabel             *share_status_label;
  GtkLabel             *findings_label;
  GtkTextView          *share_view;
  GtkStack             *share_stack;
  GtkLabel             *share_preview_label;
  GtkButton            *check_button;
  GtkButton            *save_md_button;
  GtkButton            *save_pdf_button;
  /* One "Mark … as Not Identifying…" button per flagged name. */
  GtkFlowBox           *names_box;
};

G_END_DECLS
