/* ct-join-window-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"
#include "ct-join-window.h"

G_BEGIN_DECLS

/* Shared with the tests, which fill in the window's own widgets. */
struct _CtJoinWindow
{
  AdwWindow parent_instance;

  GtkFileChooserNative *chooser;
  GCancellable *cancellable;
  char *folder;
  char *path;
  gboolean busy;
  guint scroll_id;      /* the tick that scrolls a refusal into view */
  guint scroll_frames;

  /* Template widgets */
  GtkWidget *join_button;
  AdwActionRow *folder_row;
  AdwEntryRow *login_row;
  AdwEntryRow *code_row;
  AdwEntryRow *passphrase_row;
  AdwEntryRow *repeat_row;
  AdwActionRow *file_row;
  GtkLabel *error_label;
  GtkSpinner *spinner;
  GtkWidget *form;
};

void  _ct_join_window_set_folder (CtJoinWindow *self,
                                  const char   *folder);
void  _ct_join_window_set_path   (CtJoinWindow *self,
                                  const char   *path);

G_END_DECLS
