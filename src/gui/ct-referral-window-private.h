/* ct-referral-window-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-field-editor.h"
#include "ct-referral-window.h"

G_BEGIN_DECLS

/* Shared with the tests, which fill in the assistant's own widgets. */
struct _CtReferralWindow
{
  AdwWindow parent_instance;

  CtSession *session;
  GPtrArray *editors;   /* CtFieldEditor, with their step in "step" data */
  GPtrArray *review_rows;
  GPtrArray *matches;       /* CtHouseholdMatch: households that hold the person */
  GPtrArray *match_checks;  /* GtkCheckButton per match, in a group with new_check */
  GtkWidget *new_check;     /* a new household: the default */
  GCancellable *matching;   /* the search for those households, while it runs */
  guint step;
  /* Set once the user chose to throw away what was typed. */
  gboolean discard_confirmed;
  gboolean creating;        /* the case waits in the session's write queue */

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkWidget *create_button;
  GtkStack *stack;
  AdwPreferencesGroup *household_group;
  AdwPreferencesGroup *person_group;
  AdwPreferencesGroup *address_group;
  AdwPreferencesGroup *case_group;
  AdwPreferencesGroup *review_group;
  GtkLabel *create_error_label;
};

CtFieldEditor *_ct_referral_window_get_editor (CtReferralWindow *self,
                                               const char       *table,
                                               const char       *field);
const char    *_ct_referral_window_get_step   (CtReferralWindow *self);
guint          _ct_referral_window_get_n_matches (CtReferralWindow *self);
void           _ct_referral_window_choose_match  (CtReferralWindow *self,
                                                  guint             index);

G_END_DECLS
