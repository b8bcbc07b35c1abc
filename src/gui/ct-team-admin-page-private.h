/* ct-team-admin-page-private.h — the instance struct and what the page's files share
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
  GCancellable *cancellable;  /* adding or removing a member */
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

/* ct-team-admin-page.c: feedback and dialogs, one dialog at a time */
void              _ct_team_admin_page_toast         (CtTeamAdminPage *self,
                                                     const char      *text);
AdwMessageDialog *_ct_team_admin_page_new_dialog    (CtTeamAdminPage *self,
                                                     const char      *heading,
                                                     const char      *body);
void              _ct_team_admin_page_show_error    (CtTeamAdminPage *self,
                                                     const char      *heading,
                                                     const GError    *error);
void              _ct_team_admin_page_reload_policy (CtTeamAdminPage *self);

/* ct-team-admin-page.c: a form in a dialog, its rows found by name */
GtkWidget  *_ct_admin_form_list        (void);
GtkWidget  *_ct_admin_form_entry       (AdwMessageDialog *dialog,
                                        GtkWidget        *list,
                                        const char       *name,
                                        const char       *title,
                                        const char       *text);
GtkWidget  *_ct_admin_form_error_label (AdwMessageDialog *dialog);
void        _ct_admin_form_set_error   (AdwMessageDialog *dialog,
                                        const char       *response,
                                        const char       *message);
const char *_ct_admin_form_text        (AdwMessageDialog *dialog,
                                        const char       *name);
void        _ct_admin_clear_list       (GtkListBox       *list);

/* ct-team-admin-page-members.c */
void _ct_team_admin_page_reload_members         (CtTeamAdminPage *self);
void _ct_team_admin_page_install_member_actions (GtkWidgetClass  *widget_class);

/* ct-team-admin-page-settings.c: areas, export and retention */
void _ct_team_admin_page_reload_settings          (CtTeamAdminPage *self);
void _ct_team_admin_page_install_settings_actions (GtkWidgetClass  *widget_class);

G_END_DECLS
