/* ct-doorbraak-share-dialog-private.h — the instance struct, for the tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-doorbraak-share-dialog.h"

G_BEGIN_DECLS

struct _CtDoorbraakShareDialog
{
  AdwWindow parent_instance;

  CtSession            *session;
  gint64                doorbraak_id;
  /* The file chooser while it asks, and whether it asks for a PDF. */
  GtkFileChooserNative *chooser;
  gboolean              chooser_pdf;
  /* Given up when the dialog goes: its writes still queued. */
  GCancellable         *writing;
  gboolean              busy;      /* one of its writes is queued */
  gboolean              composed;  /* the example could be composed */
  gboolean              clean;     /* the check found nothing */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
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
