/* ct-window-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-core.h"
#include "ct-window.h"

G_BEGIN_DECLS

/* How often an unlocked window checks its file on disk and its idle time. */
#define CT_WINDOW_TICK_SECONDS 5

struct _CtWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  /* Weak: the toast on screen, if any; cleared when it is dismissed. */
  AdwToast *toast;
  /* The title of the last toast shown, kept after it went (its five
   * seconds are no bound for what a test waits on before it looks). */
  char *toast_title;

  /* The unlocked team file, or NULL: exactly when win.lock is enabled. */
  CtSession *session;
  guint tick_id;
  /* The retention check's read in a worker, while it runs; before it,
   * the wait for the case list's read (on the main page's
   * notify::cases-loading). */
  GCancellable *purge_checking;
  gulong purge_wait_id;
  gint64 last_input_monotonic;
  gint64 last_input_real;

  /* Screensaver and session-lock signals; see ct-window-session.c. */
  GDBusConnection *session_bus;
  GDBusConnection *system_bus;
  GCancellable *bus_cancellable;
  guint screensaver_subscription;
  guint login1_subscription;

  /* Weak: the evaluator export window, closed when the team locks. */
  GtkWindow *export_window;

  /* Weak: the meeting run view while it is on screen; the idle lock then
   * asks whether the chair is still there (see docs/meetings.md). */
  GtkWidget *meeting_view;
  /* Weak: the questions before closing and after idle time in a meeting. */
  AdwMessageDialog *close_dialog;
  AdwMessageDialog *presence_dialog;
  /* Set once the user chose to discard typed work and close. */
  gboolean close_confirmed;

  /* The team file just made here, until its first unlock shows the first
   * steps; NULL otherwise. */
  char *first_steps_path;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkStack *stack;
  GtkWidget *welcome_page;
  GtkWidget *unlock_page;
  GtkWidget *main_page;
};

void        _ct_window_show_page          (CtWindow   *self,
                                           const char *name);
const char *_ct_window_get_page_name      (CtWindow   *self);
AdwToast   *_ct_window_get_toast          (CtWindow   *self);
const char *_ct_window_get_toast_title    (CtWindow   *self);
void        _ct_window_set_action_enabled (CtWindow   *self,
                                           const char *name,
                                           gboolean    enabled);

/* ct-window-session.c */
void        _ct_window_session_init       (CtWindow   *self);
void        _ct_window_session_watch_bus  (CtWindow   *self);
void        _ct_window_session_dispose    (CtWindow   *self);
void        _ct_window_lock               (CtWindow   *self);
void        _ct_window_session_tick       (CtWindow   *self);
void        _ct_window_pretend_idle       (CtWindow   *self,
                                           guint       seconds);
gboolean    _ct_window_has_typed_work     (CtWindow   *self);
void        _ct_window_show_first_steps   (CtWindow   *self);

/* ct-window-merge.c */
void        _ct_window_offer_merge        (CtWindow   *self,
                                           CtSession  *session,
                                           const char *problem);

G_END_DECLS
