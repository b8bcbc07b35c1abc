/* ct-doorbraken-page-private.h — the page's widgets, for its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-doorbraak-share-dialog-private.h"
#include "ct-doorbraken-page.h"

G_BEGIN_DECLS

struct _CtDoorbrakenPage
{
  AdwBin parent_instance;

  CtSession     *session;
  CtRecord      *current;    /* the record in the form; id 0 for a new one */
  GArray        *case_ids;   /* gint64, in case_row order */
  GPtrArray     *rows;       /* the form's rows, one per form_fields[] */
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

  /* The share dialog while it is open, NULL otherwise. */
  CtDoorbraakShareDialog *share_dialog;
};

GtkWidget *_ct_doorbraken_page_get_form_row (CtDoorbrakenPage *self,
                                            const char       *field);

G_END_DECLS
