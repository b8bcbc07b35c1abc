/* ct-zrm-editor-private.h — the instance struct, for the editor and its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-zrm-editor.h"

G_BEGIN_DECLS

struct _CtZrmEditor
{
  AdwBin parent_instance;

  CtSession *session;
  gint64 case_id;
  GArray *assessor_ids;
  gboolean saving;             /* the assessment waits in the session's write queue */
  GCancellable *reading;       /* while the case is read in a worker (reset_form()) */

  /* Per domain: its row once added, its score (0: none yet), the five
   * score buttons and its button in the "Add Domain" menu. */
  AdwActionRow *rows[CT_ZRM_N_DOMAINS];
  guint scores[CT_ZRM_N_DOMAINS];
  GtkToggleButton *score_buttons[CT_ZRM_N_DOMAINS][5];
  GtkButton *add_buttons[CT_ZRM_N_DOMAINS];

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwComboRow *kind_row;
  AdwEntryRow *date_row;
  AdwComboRow *assessor_row;
  GtkMenuButton *add_domain_button;
  GtkBox *add_domain_box;
  GtkListBox *domains_list;
  GtkLabel *error_label;
  GtkButton *save_button;
};

G_END_DECLS
