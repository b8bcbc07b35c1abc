/* ct-clipboard.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  ct_clipboard_set_secret         (GdkClipboard *clipboard,
                                       const char   *text,
                                       guint         clear_after_ms);
void  ct_clipboard_set_team_secret    (GdkClipboard *clipboard,
                                       const char   *text,
                                       guint         clear_after_ms);
void  ct_clipboard_clear_team_secrets (void);
guint ct_clipboard_get_n_pending      (void);

G_END_DECLS
