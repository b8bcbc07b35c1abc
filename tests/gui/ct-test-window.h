/* ct-test-window.h — driving the whole application window in GUI tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-meeting-run-view-private.h"
#include "ct-meetings-page.h"
#include "ct-window-private.h"

G_BEGIN_DECLS

CtWindow  *ct_test_window_get    (GApplication *app,
                                  int           width,
                                  int           height);
void       ct_test_window_unlock (CtWindow     *window,
                                  const char   *path,
                                  const char   *login,
                                  const char   *passphrase,
                                  guint         timeout_s);
GtkWidget *ct_test_window_visit  (CtWindow     *window,
                                  const char   *name);

void       ct_test_window_dismiss_toast (CtWindow *window);

CtMeetingRunView *ct_test_window_start_meeting (CtWindow *window,
                                                guint     n_cases);
void       ct_test_window_start_shown_meeting (CtMeetingsPage *page);

G_END_DECLS
