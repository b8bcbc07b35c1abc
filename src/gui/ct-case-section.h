/* ct-case-section.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"
#include "ct-field-editor.h"

G_BEGIN_DECLS

/**
 * CtCaseContext:
 * @session: the member's session
 * @view: the case as ct_case_load() read it
 * @members: (element-type CtMemberInfo): the team, for the case director
 * @conflicts: "table:row:field" to its CtSyncConflicts (of sync or of a
 *   merged copy)
 * @limited: the household is outside this member's involvement
 * @restriction: (nullable): the restriction of processing in force
 * @editing: the page is being edited
 *
 * What the case page hands every section. The page owns it; a section
 * borrows it until the next load or clear.
 */
typedef struct
{
  CtSession     *session;
  CtCaseView    *view;
  GPtrArray     *members;
  GHashTable    *conflicts;
  gboolean       limited;
  CtRestriction *restriction;
  gboolean       editing;
} CtCaseContext;

/**
 * CtCaseKeptRow:
 * @row: (nullable): a row of the case shown
 * @session: compared only: the row's
 * @id: the case or household the row is for
 *
 * A row that a section keeps while the page shows the same case again
 * (ct_case_section_keep_row()).
 */
typedef struct
{
  GtkWidget *row;
  CtSession *session;
  gint64     id;
} CtCaseKeptRow;

typedef GtkWidget *(*CtCaseKeptRowNew)    (CtSession *session,
                                           gint64     id);
typedef void       (*CtCaseKeptRowReload) (GtkWidget *row);

#define CT_TYPE_CASE_SECTION (ct_case_section_get_type ())

G_DECLARE_DERIVABLE_TYPE (CtCaseSection, ct_case_section, CT, CASE_SECTION, AdwPreferencesGroup)

struct _CtCaseSectionClass
{
  AdwPreferencesGroupClass parent_class;

  /* Shows @context's case; the rows of the previous one are gone. A
   * section that has nothing for this member hides itself. */
  void (*load)         (CtCaseSection       *self,
                        const CtCaseContext *context);
  /* Editing began or ended; the editors show their values already. */
  void (*set_editing)  (CtCaseSection       *self,
                        gboolean             editing);
  /* The case went and none replaces it (ct_case_section_clear()): drop
   * what was kept of it besides the rows. */
  void (*clear)        (CtCaseSection       *self);
};

void                 ct_case_section_load         (CtCaseSection       *self,
                                                   const CtCaseContext *context);
void                 ct_case_section_unload       (CtCaseSection       *self);
void                 ct_case_section_clear        (CtCaseSection       *self);
void                 ct_case_section_set_editing  (CtCaseSection       *self,
                                                   gboolean             editing);
const CtCaseContext *ct_case_section_get_context  (CtCaseSection       *self);
GPtrArray           *ct_case_section_get_editors  (CtCaseSection       *self);
CtFieldEditor       *ct_case_section_find_editor  (CtCaseSection       *self,
                                                   const char          *table,
                                                   const char          *field);
gboolean             ct_case_section_is_filling   (CtCaseSection       *self);
guint                ct_case_section_collect      (CtCaseSection       *self,
                                                   CtCasePatch         *patch,
                                                   CtFieldEditor      **first);

/* For subclasses: rows that go when the case goes. */
void                 ct_case_section_add_row      (CtCaseSection       *self,
                                                   GtkWidget           *row);
CtFieldEditor       *ct_case_section_add_field    (CtCaseSection       *self,
                                                   AdwExpanderRow      *expander,
                                                   CtRecord            *record,
                                                   const char          *name);
void                 ct_case_section_show_restricted (CtCaseSection    *self,
                                                      CtCategory        category);
GtkWidget           *ct_case_section_button_new   (const char          *label,
                                                   const char          *action,
                                                   GVariant            *target);
gboolean             ct_case_section_lacks_a_category (CtSession       *session);
void                 ct_case_section_keep_row     (CtCaseSection       *self,
                                                   CtCaseKeptRow       *kept,
                                                   const CtCaseContext *context,
                                                   gint64               id,
                                                   CtCaseKeptRowNew     new_row,
                                                   CtCaseKeptRowReload  reload);
void                 ct_case_kept_row_clear       (CtCaseKeptRow       *kept);

/* ct-case-page-conflicts.c */
GPtrArray           *_ct_case_conflict_rows_new   (GHashTable          *conflicts,
                                                   CtRecord            *record,
                                                   const CtField       *field);

G_END_DECLS
