/* ct-case-page-private.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ct-case-page.h"
#include "ct-case-section.h"
#include "ct-field-editor.h"

G_BEGIN_DECLS

#define CT_CASE_PAGE_CLIPBOARD_CLEAR_MS (30 * 1000)

struct _CtCasePage
{
  AdwBin parent_instance;

  CtSession *session;
  GCancellable *load_cancellable;  /* while a case is read in a worker (ct_case_page_load()) */
  guint conflict_writing;     /* chosen conflict values waiting in the session's write queue */
  gboolean rereading;         /* the read under way follows the page's own write */
  gboolean reread_warn;       /* ... a save: the summary's warnings when it arrives */
  gboolean edit_after_reread; /* Edit was asked for meanwhile: once the stored values show */
  const char *focus_table;    /* static: the field whose row has the focus again after */
  gint64 focus_row;           /*   the re-read, as the write left it; NULL for none */
  const CtField *focus_field;
  CtFieldEditor *place_editor;    /* the focused row to put back in its place once laid out */
  double place_offset;            /* where it was in the scrolled window */
  GdkFrameClock *place_clock;     /* weak: the clock whose layout it waits for */
  gulong place_handler;
  CtCaseView *view;           /* the case as read, with the records below */
  CtRecord *case_record;      /* in @view */
  CtRecord *household;        /* in @view */
  GPtrArray *persons;         /* in @view */
  GPtrArray *members;         /* in @view: CtMemberInfo, for the case director */
  GHashTable *conflicts;      /* "table:row:field" to its CtSyncConflicts (in @view) */
  CtCaseContext context;      /* what every section is handed */
  GPtrArray *sections;        /* CtCaseSection, in page order */
  CtSyncScheduler *sync;      /* (nullable): says when other laptops' changes arrived */
  GtkWindow *zrm_window;      /* weak: the open "Score ZRM" dialog */
  GtkWindow *log_window;      /* weak: the open "who saw this household" window */
  gboolean editing;
  gboolean saving;            /* a save waits in the session's write queue (ct_case_page_save()) */
  gint64 saving_case;         /* the case it saves */
  gboolean limited;           /* outside this member's involvement (docs/security.md) */
  GtkDropDown *glass_reason;  /* weak: in the open "Look anyway" dialog */
  GtkEditable *glass_text;    /* weak: likewise */
  GtkFileChooserNative *inzage_chooser;  /* while asking where the inzage goes */
  AdwMessageDialog *privacy_dialog;      /* weak: the open erasure step */
  GtkDropDown *erase_subject;            /* weak: in the erasure's first step */
  GtkDropDown *erase_ground;             /* weak: likewise */
  gint64 erase_person_id;                /* the erasure asked: 0 for the household */
  const char *erase_ground_name;         /* static: one of ct_erasure_grounds */
  CtRestriction *restriction;            /* in @view: the restriction in force, or NULL */
  GtkDropDown *restrict_ground;          /* weak: in the open "Restrict processing" dialog */
  GtkEditable *restrict_text;            /* weak: its reason, or the lift's */
  guint privacy_writing;                 /* erasures, restrictions, lifts in the write queue */
  guint clipboard_clear_ms;
  const char *dialog_toast;              /* static: what the open record dialog's save says */
  gint64 withdraw_id;                    /* the consent the open "Withdraw" dialog is about */
  AdwMessageDialog *involve_dialog;      /* weak: the open "Add a member" dialog */
  GtkDropDown *involve_member;           /* weak: in it */
  GArray *involve_ids;                   /* gint64: the member at each of its positions */
  guint involve_writing;                 /* additions, removals in the write queue */
  guint record_busy;                     /* a dialog's record read, "Look anyway" under way */

  /* Template widgets */
  GtkStack *content_stack;
  AdwPreferencesPage *preferences_page;
  GtkWidget *sync_banner;
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
void           _ct_case_page_reload      (CtCasePage *self);
GtkWidget     *_ct_case_page_get_zrm_chart (CtCasePage *self);
GtkWidget     *_ct_case_page_get_plan_view (CtCasePage *self);

/* ct-case-page-editors.c */
CtFieldEditor *_ct_case_page_find_row_editor      (CtCasePage    *self,
                                                   const char    *table,
                                                   gint64         row_id,
                                                   const CtField *field);
CtFieldEditor *_ct_case_page_focused_editor       (CtCasePage    *self);
CtFieldEditor *_ct_case_page_first_changed_editor (CtCasePage    *self);
void           _ct_case_page_hold_editors         (CtCasePage    *self,
                                                   gboolean       held);
guint          _ct_case_page_collect_changes      (CtCasePage    *self,
                                                   CtCasePatch   *patch);
gboolean       _ct_case_page_show_field_error     (CtCasePage    *self,
                                                   const GError  *error);

/* ct-case-page-conflicts.c */
void           _ct_case_page_index_conflicts (CtCasePage     *self);
void           _ct_case_page_install_conflict_action (GtkWidgetClass *widget_class);

/* ct-case-page-actions.c */
void           _ct_case_page_install_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_show_toast      (CtCasePage     *self,
                                              const char     *message);
void           _ct_case_page_written         (CtCasePage     *self,
                                              const GError   *error,
                                              const char     *done);
void           _ct_case_page_update_actions  (CtCasePage     *self);
GtkWidget     *_ct_case_page_find_button     (CtCasePage     *self,
                                              const char     *action,
                                              GVariant       *target);

/* ct-case-page-privacy.c */
gboolean       _ct_case_page_may_make_inzage         (CtSession      *session);
void           _ct_case_page_install_privacy_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_update_privacy_actions  (CtCasePage     *self);
void           _ct_case_page_clear_privacy           (CtCasePage     *self);
gboolean       _ct_case_page_write_inzage            (CtCasePage     *self,
                                                      const char     *path,
                                                      GError        **error);

/* ct-case-page-involve.c */
void           _ct_case_page_install_involve_actions (GtkWidgetClass *widget_class);
void           _ct_case_page_update_involve_actions  (CtCasePage     *self);
void           _ct_case_page_clear_involve           (CtCasePage     *self);

G_END_DECLS
