/* ct-export-window-private.h — the window's state and widgets, for its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-export.h"
#include "ct-export-window.h"

G_BEGIN_DECLS

struct _CtExportWindow
{
  AdwWindow parent_instance;

  CtSession      *session;
  CtExportGather *gather;        /* the team as read once, NULL until it is */
  GCancellable   *gather_cancellable; /* while it is read */
  CtExportReport *report;        /* the latest preview, NULL after an error */
  guint           n_previews;    /* previews computed so far */
  guint           preview_id;    /* the debounce timeout */
  GPtrArray      *preview_rows;  /* rows the preview added to its groups */
  GCancellable   *cancellable;   /* while an export runs */
  GtkFileChooserNative *chooser; /* while it asks where to export */
  char           *out_path;      /* the last export's file */
  gboolean        exported;      /* the last export succeeded */

  /* Rows of the preview that the tests read */
  AdwActionRow   *k_reached_row;
  AdwActionRow   *included_row;
  AdwActionRow   *left_out_row;

  /* Template widgets */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *options_group;
  AdwComboRow         *profile_row;
  AdwActionRow        *k_row;
  GtkSpinButton       *k_spin;
  AdwActionRow        *threshold_row;
  GtkSpinButton       *threshold_spin;
  AdwActionRow        *fresh_row;
  AdwEntryRow         *agreement_row;
  AdwEntryRow         *reason_row;
  GtkSwitch           *fresh_switch;
  AdwPreferencesGroup *preview_error_group;
  GtkLabel            *preview_error_label;
  AdwPreferencesGroup *contents_group;
  AdwPreferencesGroup *categories_group;
  AdwPreferencesGroup *coarsened_group;
  AdwPreferencesGroup *suppressed_group;
  GtkWidget           *status_separator;
  GtkWidget           *status_box;
  GtkLabel            *status_label;
  GtkWidget           *cancel_button;
  GtkWidget           *open_folder_button;
  GtkProgressBar      *progress_bar;
};

void     _ct_export_window_export_to      (CtExportWindow *self,
                                           const char     *path);
gboolean _ct_export_window_get_exporting  (CtExportWindow *self);
char    *_ct_export_window_suggest_name   (CtExportWindow *self);

G_END_DECLS
