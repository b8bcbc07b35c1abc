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
   * area; weak). */
  AdwMessageDialog *dialog;

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
  GtkButton *save_settings_button;
  guint settings_writing;      /* area and settings writes waiting in the session's write queue */
  guint admin_writing;         /* role and policy changes waiting in the session's write queue */
};

/* What a dialog of the page acts on when it is answered. */
typedef struct
{
  CtTeamAdminPage *page;
  char            *login;
  gint64           id;
  CtRole           role;
  CtCategory       category;
  gboolean         is_admin;
} CtAdminAnswer;

typedef void (*CtAdminAnswerFunc) (AdwMessageDialog *dialog,
                                   const char       *response,
                                   CtAdminAnswer    *answer);

/* ct-team-admin-page.c: feedback and dialogs, one dialog at a time */
void              _ct_team_admin_page_toast         (CtTeamAdminPage  *self,
                                                     const char       *text);
GtkWindow        *_ct_team_admin_page_get_window    (CtTeamAdminPage  *self);
void              _ct_team_admin_page_adopt_dialog  (CtTeamAdminPage  *self,
                                                     AdwMessageDialog *dialog);
AdwMessageDialog *_ct_team_admin_page_new_dialog    (CtTeamAdminPage  *self,
                                                     const char       *heading,
                                                     const char       *body);
void              _ct_team_admin_page_show_error    (CtTeamAdminPage  *self,
                                                     const char       *heading,
                                                     const GError     *error);
void              _ct_team_admin_page_reload_policy (CtTeamAdminPage  *self);

/* ct-team-admin-page.c: the answer a dialog carries to its handler */
CtAdminAnswer *_ct_admin_answer_new     (CtTeamAdminPage  *page);
void           _ct_admin_answer_ask     (CtAdminAnswer    *answer,
                                         AdwMessageDialog *dialog,
                                         const char       *response,
                                         const char       *label,
                                         CtAdminAnswerFunc callback);

void           _ct_admin_clear_list     (GtkListBox       *list);

/* ct-team-admin-page-members.c */
void _ct_team_admin_page_reload_members         (CtTeamAdminPage *self);
void _ct_team_admin_page_install_member_actions (GtkWidgetClass  *widget_class);

/* ct-team-admin-page-settings.c: areas, export and retention */
void _ct_team_admin_page_reload_settings          (CtTeamAdminPage *self);
void _ct_team_admin_page_install_settings_actions (GtkWidgetClass  *widget_class);

G_END_DECLS
