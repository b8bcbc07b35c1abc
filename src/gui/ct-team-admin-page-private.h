/* ct-team-admin-page-private.h — the instance struct, for the page and its tests
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-log-view.h"
#include "ct-team-admin-page.h"

G_BEGIN_DECLS

#define CT_N_OUTCOMES 5

struct _CtTeamAdminPage
{
  AdwBin parent_instance;

  CtSession *session;
  GtkCheckButton *policy_checks[CT_N_ROLES][CT_N_CATEGORIES];
  GtkWidget *log_view;
  char *removing_login;
  guint busy_source_id;
  gboolean busy;

  /* The dialog open now (add member, enrolment code, remove, revoke,
   * area), and the enrolment code's label while it is shown (weak). */
  AdwMessageDialog *dialog;
  GtkLabel *code_label;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwViewStack *view_stack;
  GtkBox *busy_box;
  GtkSpinner *spinner;
  GtkLabel *busy_label;
  GtkListBox *members_list;
  GtkBox *pending_box;
  GtkLabel *pending_label;
  GtkGrid *policy_grid;
  AdwBin *log_bin;
  GtkListBox *areas_list;
  AdwEntryRow *k_row;
  AdwEntryRow *threshold_row;
  AdwEntryRow *retention_rows[CT_N_OUTCOMES];
  GtkLabel *settings_error_label;
};

/* The dialog's form rows, named for the tests. */
#define CT_ADMIN_FORM_NAME     "name"
#define CT_ADMIN_FORM_LOGIN    "login"
#define CT_ADMIN_FORM_ROLE     "role"
#define CT_ADMIN_FORM_ADMIN    "admin"
#define CT_ADMIN_FORM_POSTCODES "postcodes"

GtkWidget *_ct_team_admin_page_get_form_widget (CtTeamAdminPage *self,
                                                const char      *name);

G_END_DECLS
