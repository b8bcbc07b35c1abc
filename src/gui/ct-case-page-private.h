/* ct-case-page-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-page.h"
#include "ct-field-editor.h"

G_BEGIN_DECLS

#define CT_CASE_PAGE_CLIPBOARD_CLEAR_MS (30 * 1000)

struct _CtCasePage
{
  AdwBin parent_instance;

  CtSession *session;
  CtRecord *case_record;
  CtRecord *household;
  GPtrArray *persons;
  GPtrArray *editors;         /* CtFieldEditor */
  GPtrArray *groups;          /* the AdwPreferencesGroups built for this case */
  GPtrArray *members;         /* CtMemberInfo, for the case director */
  GtkWidget *zrm_chart;       /* in a group of @groups */
  GtkWidget *plan_view;       /* in a group of @groups */
  GtkWindow *zrm_window;      /* weak: the open "Score ZRM" dialog */
  GHashTable *conflicts;      /* "table:row:field" to its CtSyncConflicts, with sync */
  GtkWindow *log_window;      /* weak: the open "who saw this household" window */
  gboolean editing;
  gboolean filling;
  gboolean limited;           /* outside this member's involvement (docs/security.md) */
  GtkDropDown *glass_reason;  /* weak: in the open "Look anyway" dialog */
  GtkEditable *glass_text;    /* weak: likewise */
  GtkFileChooserNative *inzage_chooser;  /* while asking where the inzage goes */
  AdwMessageDialog *privacy_dialog;      /* weak: the open erasure step */
  GtkDropDown *erase_subject;            /* weak: in the erasure's first step */
  GtkDropDown *erase_ground;             /* weak: likewise */
  gint64 erase_person_id;                /* the erasure asked: 0 for the household */
  const char *erase_ground_name;         /* static: one of ct_erasure_grounds */
  CtRestriction *restriction;            /* the restriction of processing in force, or NULL */
  GtkDropDown *restrict_ground;          /* weak: in the open "Restrict processing" dialog */
  GtkEditable *restrict_text;            /* weak: its reason, or the lift's */
  guint clipboard_clear_ms;
  const char *dialog_toast;              /* static: what the open record dialog's save says */
  gint64 reinstate_id;                   /* the withdrawn consent the open dialog gives again */
  AdwMessageDialog *involve_dialog;      /* weak: the open "Add a member" dialog */
  GtkDropDown *involve_member;           /* weak: in it */

  /* Template widgets */
  AdwPreferencesPage *preferences_page;
};

CtFieldEditor *_ct_case_page_find_editor (CtCasePage *self,
                                          const char *table,
                                          const char *field);
const char    *_ct_case_page_get_error   (CtCasePage *self,
                                          const char *table,
                                          const char *field);
void           _ct_case_page_set_text    (CtCasePage *self,
                                          const char *table,
                                          const char *field,
                                          const char *text);
char          *_ct_case_page_get_text    (CtCasePage *self,
                                          const char *table,
                                          const char *field);

/* ct-case-page-conflicts.c */
void           _ct_case_page_load_conflicts  (CtCasePage     *self);
void           _ct_case_page_add_conflict_rows (CtCasePage    *self,
                                                gpointer       container,
                                                void         (*add) (gpointer   container,
                                                                     GtkWidget *row),
                                                CtRecord      *record,
                                                const CtField *field);
void           _ct_case_page_install_conflict_action (GtkWidgetClass *widget_class);

/* ct-case-page-actions.c */
void           _ct_case_page_install_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_update_actions  (CtCasePage     *self);

/* ct-case-page-privacy.c */
void           _ct_case_page_add_privacy_group       (CtCasePage     *self);
void           _ct_case_page_install_privacy_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_update_privacy_actions  (CtCasePage     *self);
void           _ct_case_page_clear_privacy           (CtCasePage     *self);
void           _ct_case_page_add_restriction_group   (CtCasePage     *self);
gboolean       _ct_case_page_write_inzage            (CtCasePage     *self,
                                                      const char     *path,
                                                      GError        **error);

/* ct-case-page-involve.c */
void           _ct_case_page_add_involved_group      (CtCasePage     *self);
void           _ct_case_page_install_involve_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_update_involve_actions  (CtCasePage     *self);
void           _ct_case_page_clear_involve           (CtCasePage     *self);

G_END_DECLS
