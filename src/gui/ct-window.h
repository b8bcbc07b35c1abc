/* ct-window.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-application.h"

G_BEGIN_DECLS

#define CT_TYPE_WINDOW (ct_window_get_type ())

G_DECLARE_FINAL_TYPE (CtWindow, ct_window, CT, WINDOW, AdwApplicationWindow)

CtWindow *ct_window_new        (CtApplication *app);
void      ct_window_show_toast (CtWindow      *self,
                                const char    *title);
void      ct_window_show_toast_in (GtkWidget  *widget,
                                   const char *title);
void      ct_window_open_file  (CtWindow      *self,
                                const char    *path,
                                const char    *login);
void      ct_window_open_new_team (CtWindow   *self,
                                   const char *path,
                                   const char *login);
void      ct_window_set_meeting_view (CtWindow  *self,
                                      GtkWidget *run_view);

G_END_DECLS
