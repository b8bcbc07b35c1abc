/* ct-field-editor.h
 *
 * Copyright 2026 The Casustafel authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ct-core.h"

G_BEGIN_DECLS

/**
 * CtFieldEditor:
 *
 * One field of the schema as a row: an entry, a multi-line text, a choice
 * or a set of choices, with a row under it for its error message.
 */
typedef struct
{
  CtRecord      *record;       /* (nullable): the record it belongs to */
  const CtField *field;
  GtkWidget     *row;          /* the row the field is shown in */
  GtkWidget     *editable;     /* GtkEditable, GtkTextView, AdwComboRow or NULL */
  GtkLabel      *value_label;  /* TEXT: the value to read, shown while not editing */
  GPtrArray     *checks;       /* ENUM_SET: one GtkCheckButton per value */
  GArray        *member_ids;   /* MEMBER: the gint64 id at each combo position */
  GtkWidget     *error_row;
  GtkLabel      *error_label;
  GtkWidget     *error_actions; /* buttons under the message, cleared with it */
  char          *initial;      /* the editor's text when editing began */
  gboolean       read_only;
  gboolean       editing;      /* as ct_field_editor_set_editing() last set it */
  gboolean       held;         /* ct_field_editor_set_held(): takes no input */
} CtFieldEditor;

CtFieldEditor *ct_field_editor_new          (const CtField *field,
                                             CtRecord      *record);
void           ct_field_editor_free         (CtFieldEditor *editor);
void           ct_field_editor_set_members  (CtFieldEditor *editor,
                                             GPtrArray     *members);
char          *ct_field_editor_get_text     (CtFieldEditor *editor);
void           ct_field_editor_set_text     (CtFieldEditor *editor,
                                             const char    *text);
void           ct_field_editor_show_value   (CtFieldEditor *editor,
                                             const char    *value,
                                             gboolean       editing);
void           ct_field_editor_set_editing  (CtFieldEditor *editor,
                                             gboolean       editing);
void           ct_field_editor_set_held     (CtFieldEditor *editor,
                                             gboolean       held);
void           ct_field_editor_set_error    (CtFieldEditor *editor,
                                             const char    *message);
const char    *ct_field_editor_get_error    (CtFieldEditor *editor);
void           ct_field_editor_add_error_action (CtFieldEditor *editor,
                                                 GtkWidget     *button);
GtkWidget     *ct_field_editor_get_focus    (CtFieldEditor *editor);

G_END_DECLS
