/* ct-new-team-window-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"
#include "ct-new-team-window.h"

G_BEGIN_DECLS

#define CT_NEW_TEAM_CLIPBOARD_CLEAR_MS (60 * 1000)

/* Shared with the tests, which fill in the assistant's own widgets. */
struct _CtNewTeamWindow
{
  AdwWindow parent_instance;

  /* Set by the tests instead of asking through the file chooser. */
  char *test_path;
  guint clipboard_clear_ms;

  GtkFileChooserNative *chooser;
  GCancellable *cancellable;
  gboolean login_edited;
  gboolean filling_login;
  char *path;
  CtSecret *recovery_key;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *cancel_button;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *create_button;
  GtkStack *stack;
  AdwEntryRow *team_name_row;
  AdwEntryRow *display_name_row;
  AdwEntryRow *login_row;
  AdwComboRow *role_row;
  GtkLabel *details_error_label;
  AdwEntryRow *passphrase_row;
  AdwEntryRow *repeat_row;
  GtkLabel *strength_label;
  GtkLabel *create_error_label;
  GtkSpinner *spinner;
  GtkLabel *key_label;
  GtkLabel *print_error_label;
  GtkCheckButton *stored_check;
  GtkWidget *continue_button;
};

void               _ct_new_team_window_set_test_path (CtNewTeamWindow *self,
                                                      const char      *path);
GtkPrintOperation *_ct_new_team_window_new_print     (CtNewTeamWindow *self);
char              *_ct_new_team_window_draw_sheet    (CtNewTeamWindow *self,
                                                      cairo_t         *cr,
                                                      double           width);

G_END_DECLS
